"""Qualified spellings of a query word found in the archive's own vocabulary.

Policy text often writes a name with one qualifier more than the reader types: 规上工业企业 for
规上企业, 中小微企业 for 中小企业, 新能源汽车 for 新能源车. Such a spelling keeps the typed word's
first two and last characters and inserts one or two characters at one point; it is looked up
among the words the index holds, so every archive supplies its own, and searched as a related
name of the typed word. A word containing the typed one verbatim is not a variant: the sub-word
index finds it already, when the typed word is a dictionary word. One that is not (上云) may be
glued by the segmenter's guess onto a neighbour in a post (企业上云用数 → 上云用 · 数), where no
sub-word holds it: such tokens are its glued spellings (`glued_spellings`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from wxintel.nlp.segment import is_cjk
from wxintel.search.query import PHRASE, WORD, Clause, ParsedQuery, Term, rewritten

MIN_LENGTH = 4  # shorter words (数字化) have too many unrelated one-character insertions
MAX_INSERTED = 2
MAX_VARIANTS = 5  # the most frequent in the archive


def is_qualified(word: str, longer: str) -> bool:
    """True when `longer` is `word` with 1..MAX_INSERTED characters inserted at one point after
    its first two characters and before its last one."""
    extra = len(longer) - len(word)
    if not 1 <= extra <= MAX_INSERTED:
        return False
    return any(
        longer[:cut] == word[:cut] and longer[cut + extra :] == word[cut:]
        for cut in range(2, len(word))
    )


def qualified_variants(word: str, vocabulary: Callable[[str], Iterable[str]]) -> list[str]:
    """The archive's qualified spellings of `word`; `vocabulary(prefix)` gives the archive's
    words beginning with `prefix`, most frequent first."""
    if len(word) < MIN_LENGTH or not is_cjk(word):
        return []
    found = [w for w in vocabulary(word[:2]) if word not in w and is_qualified(word, w)]
    return list(dict.fromkeys(found))[:MAX_VARIANTS]


def with_variants(
    parsed: ParsedQuery,
    vocabulary: Callable[[str], Iterable[str]],
    known: Callable[[str], bool],
) -> None:
    """Add each word term's qualified spellings, then its glued spellings (`known(word)` says
    which words the dictionary knows), to its aliases as related names, in place; a name the
    term already has is not added twice."""
    cache: dict[str, Term] = {}

    def widened(term: Term) -> Term:
        if term.kind != WORD:
            return term
        if term.text not in cache:
            have = {name for name, _ in term.aliases}
            extra = [v for v in qualified_variants(term.text, vocabulary) if v not in have]
            have.update(extra)
            extra += [g for g in glued_spellings(term.text, vocabulary, known) if g not in have]
            cache[term.text] = Term(
                term.text, term.kind, term.aliases + tuple((v, "~") for v in extra), term.token
            )
        return cache[term.text]

    parsed.clauses = rewritten(parsed.clauses, widened)


def with_short_forms(
    parsed: ParsedQuery, full_names: Callable[[str], list[str]]
) -> dict[str, list[str]]:
    """Add the full names the archive writes for each rare short form of the query
    (`full_names(word)`, search/shortforms.py) to its aliases, in place; returns them by short
    form, for `understood`. A short form the segmenter cut (国常会: 国 · 常会) is read whole
    when the archive writes a full name for it; a word whose lexicon entry already gives a
    Chinese name is left alone."""
    found: dict[str, list[str]] = {}
    clauses = _rejoined(parsed, full_names, found)

    def widened(term: Term) -> Term:
        # a unit typed alone that the segmenter cuts into characters (个税: 个 · 税) is a
        # phrase; it may be a short form too, unless it was quoted
        typed_alone = term.text in parsed.units and term.text not in parsed.quoted
        if term.text in found or not (term.kind == WORD or (term.kind == PHRASE and typed_alone)):
            return term
        if any(r == "=" and not n.isascii() for n, r in term.aliases):
            return term
        names = [n for n in full_names(term.text) if n not in {a for a, _ in term.aliases}]
        if not names:
            return term
        found[term.text] = names
        return Term(term.text, WORD, term.aliases + tuple((n, "=") for n in names), term.token)

    parsed.clauses = rewritten(clauses, widened)
    return found


def _single_word(clause: Clause) -> str | None:
    """The word of a clause that is one plain word, else None."""
    if len(clause.alternatives) == 1 and len(clause.alternatives[0]) == 1:
        term = clause.alternatives[0][0]
        return term.text if term.kind == WORD else None
    return None


def _rejoined(
    parsed: ParsedQuery, full_names: Callable[[str], list[str]], found: dict[str, list[str]]
) -> list[Clause]:
    """The clauses with each run of one-word clauses that spells a typed unit with a full name
    (国 · 常会 of 国常会) made one clause of the unit as typed, its full name as alias."""
    units = set(parsed.units)
    out: list[Clause] = []
    i = 0
    while i < len(parsed.clauses):
        for k in range(min(4, len(parsed.clauses) - i), 1, -1):
            words = [_single_word(c) for c in parsed.clauses[i : i + k]]
            if None in words:
                continue
            unit = "".join(words)  # type: ignore[arg-type]
            names = full_names(unit) if unit in units else []
            if names:
                found[unit] = names
                out.append(Clause([[Term(unit, WORD, tuple((n, "=") for n in names))]]))
                i += k
                break
        else:
            out.append(parsed.clauses[i])
            i += 1
    return out


MAX_GLUED = 2  # characters the segmenter's guess may glue onto an unknown word


def glued_spellings(
    word: str, vocabulary: Callable[[str], Iterable[str]], known: Callable[[str], bool]
) -> list[str]:
    """The archive's tokens that begin with `word` when neither is a dictionary word: the
    segmenter guesses unknown words and may glue a neighbour onto one (企业上云用数 → 上云用 · 数),
    so the word typed is in the post but no token of it."""
    if not is_cjk(word) or len(word) < 2 or known(word):
        return []
    found = [
        w
        for w in vocabulary(word)
        if w != word and len(w) - len(word) <= MAX_GLUED and is_cjk(w) and not known(w)
    ]
    return found[:MAX_VARIANTS]
