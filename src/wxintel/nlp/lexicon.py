"""The domain lexicon: terms that stay whole, query stopwords and alias groups, from data files.

Kept as data (src/wxintel/data/*.txt) so editors can add a term or an alias without touching code.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from functools import cache
from importlib import resources
from pathlib import Path

SAME = "="
RELATED = "~"


@dataclass(frozen=True)
class AliasGroup:
    """Names of one thing (relation "=") or of closely related things ("~"); first is canonical."""

    names: tuple[str, ...]
    relation: str = SAME
    # a translation (the English glossary): its names reach each other from a query, but its
    # Chinese names are neither dictionary words nor read as one name in Chinese text, so
    # translating a term changes nothing in how Chinese posts and queries are segmented
    bridge: bool = False

    @property
    def canonical(self) -> str:
        return self.names[0]


@dataclass(frozen=True)
class Lexicon:
    """Everything segmentation and query expansion need to know about the domain vocabulary."""

    terms: frozenset[str]
    stopwords: frozenset[str]
    groups: tuple[AliasGroup, ...]
    by_name: dict[str, tuple[AliasGroup, ...]] = field(default_factory=dict, compare=False)

    def aliases_of(self, name: str) -> list[tuple[str, str]]:
        """Other names for `name` with their relation ("=" or "~"), canonical names first."""
        found: dict[str, str] = {}
        for group in self.by_name.get(name.casefold(), ()):
            for other in group.names:
                # a translation gives a Chinese name its English ones, never Chinese synonyms
                if group.bridge and not (name.isascii() or other.isascii()):
                    continue
                if other.casefold() != name.casefold() and found.get(other) != SAME:
                    found[other] = group.relation
        if name.isascii():  # the Chinese name a translation gives is written in its short
            # forms too: free trade zone → 自由贸易试验区, which posts write 自贸区
            for chinese in [n for n, r in found.items() if r == SAME and not n.isascii()]:
                for group in self.by_name.get(chinese.casefold(), ()):
                    if group.bridge or group.relation != SAME:
                        continue
                    for other in group.names:
                        if other.casefold() != name.casefold():
                            found.setdefault(other, SAME)
        return list(found.items())

    def with_groups(self, extra: Iterable[AliasGroup]) -> Lexicon:
        """This lexicon with more alias groups (e.g. short names learned from an archive)."""
        groups = (*self.groups, *extra)
        return Lexicon(self.terms, self.stopwords, groups, index_aliases(groups))

    def alias_names(self) -> list[str]:
        """Every name of every group, longest first, for longest-match scanning of a query (of
        a translation, only the names in Latin script)."""
        names = {n for group in self.groups for n in group.names if n.isascii() or not group.bridge}
        return sorted(names, key=len, reverse=True)

    def whole_words(self) -> list[str]:
        """The names segmentation keeps whole: those of every group but translations."""
        return [n for group in self.groups if not group.bridge for n in group.names]


def index_aliases(groups: tuple[AliasGroup, ...]) -> dict[str, tuple[AliasGroup, ...]]:
    """Case-folded name -> the groups it belongs to (a name may sit in several groups)."""
    by_name: dict[str, list[AliasGroup]] = {}
    for group in groups:
        for name in group.names:
            by_name.setdefault(name.casefold(), []).append(group)
    return {name: tuple(found) for name, found in by_name.items()}


def read_lines(text: str) -> list[str]:
    """Non-empty, non-comment lines of a data file, stripped."""
    lines = (line.strip() for line in text.splitlines())
    return [line for line in lines if line and not line.startswith("#")]


def split_group(line: str) -> AliasGroup:
    """One group line `A = B = C` or `A ~ B` (a line with any "~" relates all its names).

    The one reader of this format: the word lists in nlp.gazetteer use it too.
    """
    names = (name.strip() for name in line.replace(f" {RELATED} ", f" {SAME} ").split(f" {SAME} "))
    return AliasGroup(
        tuple(name for name in names if name), RELATED if f" {RELATED} " in line else SAME
    )


def parse_aliases(text: str, bridge: bool = False) -> tuple[AliasGroup, ...]:
    """Parse alias lines `A = B = C` or `A ~ B`; a line naming one thing only is no group.
    `bridge`: the lines are translations (AliasGroup.bridge)."""
    groups = (split_group(line) for line in read_lines(text))
    return tuple(replace(g, bridge=bridge) for g in groups if len(g.names) > 1)


def data_text(name: str, data_dir: Path | None = None) -> str:
    """A data file's text: the packaged one, or the one in `data_dir` when given."""
    if data_dir is not None:
        return (data_dir / name).read_text(encoding="utf-8")
    return resources.files("wxintel").joinpath("data", name).read_text(encoding="utf-8")


ALIAS_FILES = ("aliases.txt", "abbreviations.txt", "glossary_en.txt")
TRANSLATIONS = frozenset({"glossary_en.txt"})  # their groups are bridges between languages


def load_lexicon(data_dir: Path | None = None) -> Lexicon:
    """Read terms.txt, stopwords.txt and the alias files: names of bodies and events, policy
    abbreviations and the English glossary (packaged ones unless `data_dir` is given)."""
    groups = tuple(
        group
        for name in ALIAS_FILES
        for group in parse_aliases(data_text(name, data_dir), bridge=name in TRANSLATIONS)
    )
    return Lexicon(
        terms=frozenset(read_lines(data_text("terms.txt", data_dir))),
        stopwords=frozenset(map(str.casefold, read_lines(data_text("stopwords.txt", data_dir)))),
        groups=groups,
        by_name=index_aliases(groups),
    )


@cache
def default_lexicon() -> Lexicon:
    """The packaged lexicon, read once per process."""
    return load_lexicon()
