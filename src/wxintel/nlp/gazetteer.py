"""Lexicons kept as data files under `wxintel/data`, loaded once and compiled for fast scanning.

Entity rules need word lists (districts, industries, organisation suffixes, surnames, titles);
keeping them as text lets analysts extend them without touching code. Each list compiles to
a trie-shaped regular expression, so one C-level scan finds every longest match.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass
from functools import cache

from wxintel.nlp.lexicon import SAME, data_text, read_lines, split_group

_ASCII_WORD = re.compile(r"[A-Za-z0-9]")


def data_lines(name: str) -> list[str]:
    """Non-blank, non-comment lines of a packaged data file, stripped."""
    return read_lines(data_text(name))


def read_words(name: str) -> list[str]:
    """Whitespace-separated words of a data file (several per line allowed)."""
    return [word for line in data_lines(name) for word in line.split()]


def read_named_lists(name: str) -> dict[str, list[str]]:
    """Named word lists of a data file, one "name: word word …" line per list (trafilatura
    keeps its vocabularies as named lists the same way)."""
    lists: dict[str, list[str]] = {}
    for line in data_lines(name):
        label, sep, words = line.partition(":")
        if not sep or not label.strip():
            raise ValueError(f"{name}: expected 'name: word word …', got {line!r}")
        lists.setdefault(label.strip(), []).extend(words.split())
    return lists


def read_groups(name: str) -> list[list[str]]:
    """Groups of names that are the same thing: canonical first, variants after " = ".

    Lines are read as the lexicon reads aliases; "closely related" (~) groups expand queries
    but are not one entity, so they are left out. A line may name one thing only.
    """
    groups = (split_group(line) for line in data_lines(name))
    return [list(group.names) for group in groups if group.relation == SAME]


def trie_pattern(words: Iterable[str], flags: int = 0) -> re.Pattern[str]:
    """A regex matching any of `words`, preferring the longest at each position. Building one
    walks every word and compiles: a caller builds its pattern once and keeps it (a cached
    loader such as `named_pattern` or `word_pattern`), not once per post."""
    words = tuple(words)
    trie: dict = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}
    if not trie:
        return re.compile(r"(?!x)x")
    trie_chars = {char for word in words for char in word}
    if flags & re.IGNORECASE and all(char.isascii() or _uncased(char) for char in trie_chars):
        # The same matches without the flag, several times faster: sre skips ahead to where a
        # match can start only when every alternative begins with a literal, which a
        # case-insensitive one never does. So each letter is spelt as the characters it
        # matches, as literals where a word starts and as a class after that.
        root = [
            re.escape(variant) + _trie_regex(child, _caseless)
            for char, child in sorted(trie.items())
            if char
            for variant in _caseless_variants(char)
        ]
        return re.compile(_alternatives(root, "" in trie), flags & ~re.IGNORECASE)
    return re.compile(_trie_regex(trie), flags)


# Characters outside ASCII that sre's case-insensitive matching takes for an ASCII letter
# (İ and ı for i, the Kelvin sign for k, the long s for s): checked, not assumed.
_CASE_PARTNERS = "\u0130\u0131\u212a\u017f"


@cache
def _caseless_variants(char: str) -> tuple[str, ...]:
    """Every character that `char` matches case-insensitively (itself first)."""
    if _uncased(char):
        return (char,)
    candidates = dict.fromkeys([char, char.lower(), char.upper(), *_CASE_PARTNERS])
    pattern = re.compile(re.escape(char), re.IGNORECASE)
    return tuple(c for c in candidates if pattern.fullmatch(c))


def _uncased(char: str) -> bool:
    return char.lower() == char == char.upper()


def _caseless(char: str) -> str:
    variants = _caseless_variants(char)
    if len(variants) == 1:
        return re.escape(char)
    return "[" + "".join(re.escape(v) for v in variants) + "]"


def _trie_regex(node: dict, spell: Callable[[str], str] = re.escape) -> str:
    branches = [
        spell(char) + _trie_regex(child, spell) for char, child in sorted(node.items()) if char
    ]
    return _alternatives(branches, "" in node)


def _alternatives(branches: list[str], may_end: bool) -> str:
    """One regex of `branches`, optional when a word may end here."""
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if may_end:
        return "(?:" + body + ")?"
    return body


@dataclass(frozen=True)
class Lexicon:
    """Surface forms mapped to canonical names, with one compiled pattern to find them."""

    canonical: dict[str, str]  # casefolded surface -> canonical name
    pattern: re.Pattern[str]

    @classmethod
    def from_groups(cls, groups: Iterable[list[str]], unnamed: Collection[str] = ()) -> Lexicon:
        """Each group's surfaces to its first, the label, which is a surface too unless it is
        in `unnamed` (a word that names no one); the first group naming a surface keeps it."""
        canonical: dict[str, str] = {}
        for label, *surfaces in groups:
            for surface in surfaces if label in unnamed else (label, *surfaces):
                canonical.setdefault(surface.casefold(), label)
        return cls(canonical, trie_pattern(canonical, re.IGNORECASE))

    def find(self, text: str) -> Iterator[tuple[int, int, str]]:
        """(start, end, canonical) of each longest match; ASCII words must stand alone."""
        for match in self.pattern.finditer(text):
            start, end = match.span()
            if _glued_to_ascii(text, start, end):
                continue
            yield start, end, self.canonical[match.group().casefold()]

    def __contains__(self, surface: str) -> bool:
        return surface.casefold() in self.canonical


def _glued_to_ascii(text: str, start: int, end: int) -> bool:
    """True when an ASCII match is part of a longer Latin word ("AI" inside "OpenAI")."""
    before = start > 0 and _ASCII_WORD.match(text[start - 1]) and _ASCII_WORD.match(text[start])
    after = end < len(text) and _ASCII_WORD.match(text[end]) and _ASCII_WORD.match(text[end - 1])
    return bool(before or after)


@cache
def aliases() -> dict[str, str]:
    """Every alias surface (and canonical name) -> canonical name, from aliases.txt."""
    table: dict[str, str] = {}
    for group in read_groups("aliases.txt"):
        for surface in group:
            table.setdefault(surface, group[0])
    return table


def canonical_name(surface: str) -> str:
    """The canonical name of `surface` when aliases.txt knows it, else `surface` itself."""
    return aliases().get(surface, surface)


def _with_alias_variants(names: Iterable[str], suffixes: tuple[str, ...]) -> list[list[str]]:
    """Groups for `names` plus every alias group whose canonical name ends with a suffix."""
    alias_groups = read_groups("aliases.txt")
    by_member = {surface: group for group in alias_groups for surface in group}
    groups = [by_member.get(name, [name]) for name in names]
    groups += [group for group in alias_groups if group[0].endswith(suffixes)]
    return groups


@cache
def industries() -> Lexicon:
    return Lexicon.from_groups(read_groups("industries.txt"))


@cache
def org_suffixes() -> tuple[str, ...]:
    """The words an organisation's name ends with (局, 委员会, 有限公司), from org_suffixes.txt."""
    return tuple(data_lines("org_suffixes.txt"))


@cache
def known_orgs() -> Lexicon:
    return Lexicon.from_groups(_with_alias_variants(data_lines("org_names.txt"), org_suffixes()))


@cache
def known_events() -> Lexicon:
    suffixes = tuple(data_lines("event_suffixes.txt"))
    return Lexicon.from_groups(_with_alias_variants(data_lines("events.txt"), suffixes))


@cache
def word_pattern(name: str) -> re.Pattern[str]:
    """The words of data file `name` as one longest-match pattern."""
    return trie_pattern(read_words(name))


@cache
def named_pattern(name: str, label: str) -> re.Pattern[str]:
    """One named list of data file `name` (see `named_list`) as one longest-match pattern."""
    return trie_pattern(named_list(name, label))


@cache
def named_list(name: str, label: str) -> tuple[str, ...]:
    """One named list of data file `name` (see `read_named_lists`); a missing label is an error."""
    lists = read_named_lists(name)
    if label not in lists:
        raise KeyError(f"{name} has no list {label!r} (it has {', '.join(lists)})")
    return tuple(lists[label])


@cache
def word_set(name: str) -> frozenset[str]:
    return frozenset(read_words(name))
