"""Qualified spellings of a query word found in the archive's own vocabulary.

Policy text often writes a name with one qualifier more than the reader types: 规上工业企业 for
规上企业, 中小微企业 for 中小企业, 新能源汽车 for 新能源车. Such a spelling keeps the typed word's
first two and last characters and inserts one or two characters at one point; it is looked up
among the words the index holds, so every archive supplies its own, and searched as a related
name of the typed word. A word containing the typed one verbatim is not a variant: the sub-word
index finds it already.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from wxintel.nlp.segment import is_cjk
from wxintel.search.query import WORD, Clause, ParsedQuery, Term

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


def with_variants(parsed: ParsedQuery, vocabulary: Callable[[str], Iterable[str]]) -> None:
    """Add each word term's qualified spellings to its aliases as related names, in place."""
    cache: dict[str, Term] = {}

    def widened(term: Term) -> Term:
        if term.kind != WORD:
            return term
        if term.text not in cache:
            known = {name for name, _ in term.aliases}
            extra = [v for v in qualified_variants(term.text, vocabulary) if v not in known]
            cache[term.text] = Term(
                term.text, term.kind, term.aliases + tuple((v, "~") for v in extra), term.token
            )
        return cache[term.text]

    parsed.clauses = [
        Clause([[widened(t) for t in alternative] for alternative in clause.alternatives])
        for clause in parsed.clauses
    ]
