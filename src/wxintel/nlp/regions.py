"""Places a registration clause can name, and which lies inside which.

A call says "在本市注册", "注册在闵行区" or "我省境内"; a firm says where it is registered. Both are
read against one hierarchy (country > province > city > district > zone) kept in one data file,
the gazetteer (places.txt). A place it does not know is still placed by its suffix, so a call of
an unseen city is compared by name instead of being misread. The district entities and tags of
a post come from the same file (`district_lexicon`), so every reader names a place alike.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache

import rjieba

from wxintel.nlp.gazetteer import Lexicon, data_lines, trie_pattern, word_set

LEVELS = ("country", "province", "city", "district", "zone")
#: words standing for "the issuer's own region", by the level they refer to
DEICTIC = {
    "本市": "city",
    "我市": "city",
    "全市": "city",
    "市内": "city",
    "本区": "district",
    "我区": "district",
    "区内": "district",
    "本省": "province",
    "我省": "province",
    "省内": "province",
    "全省": "province",
    "境内": "country",
    "国内": "country",
}
# A home district must be named in this share of an account's posts, and twice as often as the
# next district: a municipal account names many districts, a district account mostly its own.
HOME_SHARE = 0.3
HOME_LEAD = 2.0
# The level characters a body's name keeps when its place is left out (区商务局, 市委).
LEVEL_CHARS = "省市区县"
# The generic words a zone's own bodies use for it when they leave its name out (园区经发委 in a
# 苏州工业园区 account, 新区科技局 in a 江北新区 one): the kinds of zone the State Council and the
# provinces approve (工业园区, 国家级新区, 经济技术开发区, 高新技术产业开发区, 自由贸易试验区片区,
# 合作区, 保税区), longest first.
ZONE_HEADS = ("高新区", "经开区", "开发区", "自贸区", "保税区", "合作区", "园区", "新区", "片区")
# Characters that open a clause, not a body's name, after a zone word: prepositions,
# conjunctions, numerals and particles ("园区以原天津色织厂为基础…", "园区一基地三联盟").
_NOT_A_BODY_START = "以与和及或的在于为对由从向将把被等一二三四五六七八九十两各每这那其"
# Heads a name starts with when its place is left out ("市政府办公厅", "区委社会工作部").
_RELATIVE_HEADS = ("委", "政府", "人民政府")


@dataclass(frozen=True)
class Region:
    name: str
    parent: str
    level: str
    source: str = ""


@dataclass(frozen=True)
class Regions:
    """The region hierarchy with one pattern that finds any region's name in text."""

    regions: dict[str, Region]
    canonical: dict[str, str]  # surface -> canonical name, for a surface only one place has
    pattern: re.Pattern[str]  # any surface of places.txt, shared ones too
    #: a surface several places share (鼓楼区 of 南京 and 徐州) -> their canonical names
    ambiguous: dict[str, tuple[str, ...]] = field(default_factory=dict)
    #: the national county list's surfaces (counties.txt), found by `county_matches`
    counties: frozenset[str] = frozenset()

    def matches(
        self, text: str, counties: list[tuple[int, int, str]] | None = None
    ) -> list[tuple[int, int, str]]:
        """(start, end, surface) of each region's name in `text`: the pattern's, longest first
        at a spot, and the county list's standing as words (`county_matches`, or `counties`
        when the caller has already found them); where two overlap, the longer."""
        found = [(m.start(), m.end(), m.group()) for m in self.pattern.finditer(text)]
        if counties is None:
            counties = county_matches(text, self.counties, self.pattern)
        return _longest_apart(found + counties) if counties else found

    def find(self, text: str, context: Iterable[str] = ()) -> list[tuple[int, int, str]]:
        """(start, end, canonical) of each region named in `text`, longest first at a spot."""
        return self.resolve(self.matches(text), context)

    def resolve(
        self, found: list[tuple[int, int, str]], context: Iterable[str] = ()
    ) -> list[tuple[int, int, str]]:
        """(start, end, canonical) of each of a text's `matches`. A name several places share
        is the one the text's other places, else `context` (the account's learned places),
        hold; left out when none or more than one fits."""
        named = [self.canonical[s] for _, _, s in found if s in self.canonical]
        out = []
        for start, end, surface in found:
            if surface in self.canonical:
                out.append((start, end, self.canonical[surface]))
                continue
            place = self.disambiguate(surface, named) or self.disambiguate(surface, context)
            if place:
                out.append((start, end, place))
        return out

    def disambiguate(self, surface: str, named: Iterable[str]) -> str | None:
        """Which of the places sharing `surface` the places `named` point at: the one sharing
        the innermost region with them (南京市 over 江苏省, both above 南京's and 徐州's 鼓楼区);
        None when no place below the country, or a tie, decides."""
        around = {
            holder
            for place in named
            for holder in self.chain(place)
            if self.level(holder) != "country"
        }
        scores = []
        for candidate in self.ambiguous.get(surface, ()):
            shared = [LEVELS.index(self.level(h)) for h in self.chain(candidate) if h in around]
            scores.append((max(shared, default=-1), candidate))
        scores.sort(reverse=True)
        if not scores or scores[0][0] < 0 or (len(scores) > 1 and scores[1][0] == scores[0][0]):
            return None
        return scores[0][1]

    def name(self, surface: str) -> str:
        """The canonical name of a place as a user or a call spells it."""
        surface = surface.strip()
        return self.canonical.get(surface, surface)

    def level(self, name: str) -> str:
        """A known region's level, else one guessed from the name's suffix."""
        name = self.name(name)
        if name in self.regions:
            return self.regions[name].level
        if name.endswith(("省", "自治区")):
            return "province"
        if name.endswith("市"):
            return "city"
        if name.endswith(("区", "县", "旗")):
            return "district"
        return "zone"

    def chain(self, name: str) -> list[str]:
        """`name` and every region holding it, innermost first (just `name` when unknown)."""
        out = [self.name(name)]
        while out[-1] in self.regions and self.regions[out[-1]].parent:
            out.append(self.regions[out[-1]].parent)
        return out

    def known(self, name: str) -> bool:
        return self.name(name) in self.regions

    def at_level(self, name: str, level: str) -> str | None:
        """The region of `level` that holds `name` (itself included), when known."""
        for place in self.chain(name):
            if self.level(place) == level:
                return place
        return None


GAZETTEER = "places.txt"
#: every other county-level division, from the national list (scripts/build_counties.py)
COUNTIES = "counties.txt"
GAZETTEER_FILES = (GAZETTEER, COUNTIES)


Place = tuple[tuple[str, ...], Region]  # a gazetteer line: its names, canonical first


@cache
def _places_by_file() -> dict[str, tuple[Place, ...]]:
    """Each gazetteer file's places, read once; a canonical name a file before it has is an
    error (one `seen` set across the files)."""
    seen: set[str] = set()
    return {name: read_places(data_lines(name), name, seen) for name in GAZETTEER_FILES}


@cache
def places() -> tuple[Place, ...]:
    """Every gazetteer file's places in GAZETTEER_FILES order, parsed once per process (the
    regions, the district lexicon and the search index's fingerprint all read these)."""
    return tuple(place for places in _places_by_file().values() for place in places)


def read_places(
    lines: Iterable[str], file: str = GAZETTEER, seen: set[str] | None = None
) -> tuple[Place, ...]:
    """Each line of a gazetteer file: its names (canonical first) and the region it describes;
    ValueError naming the file, the place's number and the line when one is malformed, or
    when its canonical name is in `seen` (the names of the files read before it) or earlier."""
    out = []
    seen = set() if seen is None else seen
    for number, line in enumerate(lines, 1):
        parts = [part.strip() for part in line.split("|")]
        if len(parts) != 4 or parts[2] not in LEVELS:
            raise ValueError(
                f"{file}: place {number} ({line!r}): expected"
                f" 'names | parent | level | source' with a level of {', '.join(LEVELS)}"
            )
        names, parent, level, source = parts
        surfaces = tuple(name.strip() for name in names.split(" = "))
        if surfaces[0] in seen:
            raise ValueError(
                f"{file}: place {number} ({line!r}): {surfaces[0]} is named twice; a name"
                " two places share is written after each one's own (南京市鼓楼区 = 鼓楼区)"
            )
        seen.add(surfaces[0])
        out.append((surfaces, Region(surfaces[0], parent, level, source)))
    return tuple(out)


@cache
def regions() -> Regions:
    table: dict[str, Region] = {}
    holders: dict[str, list[str]] = {}
    for surfaces, region in places():
        table[region.name] = region
        for surface in surfaces:
            if region.name not in holders.setdefault(surface, []):
                holders[surface].append(region.name)
    canonical = {surface: names[0] for surface, names in holders.items() if len(names) == 1}
    ambiguous = {surface: tuple(names) for surface, names in holders.items() if len(names) > 1}
    counties = frozenset(surface for names in _county_names() for surface in names)
    listed = [surface for surface in holders if surface not in counties]
    return Regions(table, canonical, trie_pattern(listed), ambiguous, counties)


def _county_names() -> tuple[tuple[str, ...], ...]:
    """The surfaces of each line of the national county list."""
    return tuple(surfaces for surfaces, _ in _places_by_file()[COUNTIES])


@cache
def district_lexicon() -> Lexicon:
    """places.txt's districts and zones as the lexicon of a post's district mentions and tags
    (extract/entities.py, extract/tags.py), under the names every other reader uses: each
    surface only one place has, mapped to that place's canonical name (宝山 → 宝山区 even when
    宝山区 itself is a name two cities share). The county list's are `district_places`'s."""
    shared = regions().ambiguous
    counties = regions().counties  # found by `county_matches` (district_places), not a pattern
    canonical: dict[str, str] = {}
    for surfaces, region in places():
        if region.level in ("district", "zone"):
            for surface in surfaces:
                if surface not in shared and surface not in counties:
                    canonical.setdefault(surface.casefold(), region.name)
    return Lexicon(canonical, trie_pattern(canonical, re.IGNORECASE))


def district_places(text: str) -> list[tuple[int, int, str]]:
    """(start, end, canonical) of each district or zone a text names, as a post's district
    entities: the lexicon's names, and a name two places share (通州区) where the text's other
    places say which one (北京 … 通州区), so a bare shared name never lands in the wrong city
    (nor does a short form inside it: 宝山 of an unresolved 宝山区)."""
    table = regions()
    lexicon = district_lexicon()
    found = list(lexicon.find(text))
    counties = county_matches(text, table.counties, table.pattern)
    if counties:
        named = [(s, e, table.canonical[n]) for s, e, n in counties if n in table.canonical]
        found = _longest_apart(found + named)
    if not any(surface in text for surface in table.ambiguous):
        return found
    matched = table.matches(text, counties)
    shared = [(s, e) for s, e, surface in matched if surface in table.ambiguous]
    found = [f for f in found if not any(s <= f[0] and f[1] <= e for s, e in shared)]
    taken = [(start, end) for start, end, _ in found]
    for start, end, name in table.resolve(matched):
        if (start, end) in shared and not any(s < end and start < e for s, e in taken):
            found.append((start, end, name))
    return sorted(found)


def county_matches(
    text: str, counties: frozenset[str], places: re.Pattern[str]
) -> list[tuple[int, int, str]]:
    """(start, end, surface) of each name of the national county list in `text` that stands as
    a word of it: it starts where the segmenter starts a word, or after a place (`places`) the
    same word holds (上海浦东), so not 海城市 of 上海城市 nor 津市市 of 天津市市场; and it ends
    where one ends, or where its last character, a level character, opens a body's relative
    name (海城市委书记: 市委), not a word (滨江区 of 滨江区域: 区域). Looked up back from each
    character a county's name ends with (县, 区, 市, 旗), the longest first: a pattern of
    2,588 names tried at every character cost more than all the rest of a post's entities."""
    if not counties:
        return []
    ends, lengths = _county_shape(counties)
    found = []
    for match in ends.finditer(text):
        end = match.end()
        for length in lengths.get(text[end - 2 : end], ()):
            start = end - length
            if start < 0 or text[start:end] not in counties:
                continue
            edges = _word_edges(text, start, end)
            opens = start in edges or bool(
                places.fullmatch(text, max(e for e in edges if e < start), start)
            )
            closes = end in edges or text.startswith(_RELATIVE_HEADS, end)
            if opens and (closes or relative_level(text[end - 1 : end + 8])):
                found.append((start, end, text[start:end]))
                break
    return found


@cache
def _county_shape(
    counties: frozenset[str],
) -> tuple[re.Pattern[str], dict[str, tuple[int, ...]]]:
    """The characters the county names end with, as one class, and the lengths of the names
    ending in each two characters (海城市: 城市), longest first."""
    last = "".join(sorted({name[-1] for name in counties}))
    lengths: dict[str, set[int]] = {}
    for name in counties:
        lengths.setdefault(name[-2:], set()).add(len(name))
    ordered = {tail: tuple(sorted(n, reverse=True)) for tail, n in lengths.items()}
    return re.compile(f"[{re.escape(last)}]"), ordered


def _longest_apart(found: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Of overlapping names, the longer (the earlier of two as long), in text order."""
    kept: list[tuple[int, int, str]] = []
    for start, end, name in sorted(found, key=lambda f: (f[0] - f[1], f[0])):
        if not any(s < end and start < e for s, e, _ in kept):
            kept.append((start, end, name))
    return sorted(kept)


# How many characters around a place's name the segmenter reads to find the words it lies in:
# enough for the longest word that could hold the name's first or last character.
_EDGE_CONTEXT = 4


def _word_edges(text: str, start: int, end: int) -> set[int]:
    """The offsets where the segmenter's words begin or end around text[start:end]."""
    at = max(0, start - _EDGE_CONTEXT)
    edges = {at}
    for word in rjieba.cut(text[at : end + _EDGE_CONTEXT], False):
        at += len(word)
        edges.add(at)
    return edges


def home_region(texts: Iterable[str]) -> str | None:
    """The district (else city) an account's posts are about: named in many posts, far ahead
    of any other. Learned from the account's own posts, so an unseen account resolves too."""
    posts = 0
    named: Counter[str] = Counter()
    for text in texts:
        posts += 1
        named.update(region_names(text))
    return home_of(posts, named)


def region_names(text: str) -> set[str]:
    """The canonical names of the regions a text names, each once."""
    return {name for _, _, name in regions().find(text)}


def home_of(posts: int, named: Counter[str]) -> str | None:
    """The home district (else city) of an account with `posts` posts, of which `named[r]`
    name region r: named in HOME_SHARE of them and HOME_LEAD times as often as the next."""
    table = regions()
    for level in ("district", "city"):
        ranked = Counter({n: c for n, c in named.items() if table.level(n) == level}).most_common(2)
        if not ranked:
            continue
        top, count = ranked[0]
        runner_up = ranked[1][1] if len(ranked) > 1 else 0
        if count >= HOME_SHARE * posts and count >= HOME_LEAD * runner_up:
            return top
    return None


def issuer_region(title: str, text: str) -> str | None:
    """The region of the body issuing a post: the first region its title names, else the first
    one in its opening lines (上海市经济信息化委关于…, 闵行区关于开展…)."""
    table = regions()
    for part in (title, text[:200]):
        found = table.find(part)
        if found:
            return found[0][2]
    for part in (title, text[:200]):
        places: set[int] | None = None
        for named in _ISSUER_PLACE.finditer(part):
            if places is None:
                places = _place_starts(part)
            if named.start(1) in places:
                return named.group(1)
    return None


def _place_starts(text: str) -> set[int]:
    """Where the segmenter reads a place name (its `ns` tag) begin: 武山县 of "武山县人民政府",
    not "为贯彻市" of "为贯彻市委部署" nor "根据省" of "根据省工信厅要求". Read once a text."""
    starts, at = set(), 0
    for word, tag in rjieba.tag(text):
        if tag.startswith("ns"):
            starts.add(at)
        at += len(word)
    return starts


# A place no region file knows, named before a government body (武山县人民政府关于…); taken
# only where the segmenter reads a place name there (a preposition or verb before 市/区/省 is
# none: "为贯彻市委", "根据省工信厅", "关于市").
_ISSUER_PLACE = re.compile(
    r"([\u4e00-\u9fff]{2,5}?(?:自治区|省|市|区|县))"
    r"(?=[\u4e00-\u9fff]{0,12}?(?:人民政府|委员会|管委会|办公室|局|厅|委))"
)


def resolve_deictic(word: str, candidates: Iterable[str | None]) -> str | None:
    """What 本市 / 我区 / 我省 / 境内 names: the region of that level holding the first candidate
    (the issuer, then the account's home) that has one."""
    level = DEICTIC[word]
    if level == "country":
        return "中国"
    table = regions()
    for candidate in candidates:
        if candidate:
            found = table.at_level(candidate, level)
            if found:
                return found
    return None


def relative_level(name: str) -> str:
    """The level character of a name whose place is left out: 区 of 区商务局, 市 of 市委; the
    zone word of 园区经发委 or 新区科技局 (ZONE_HEADS); "" for 市场监管总局 or 市级政府, where
    the segmenter reads 市场 or 市级 as the word."""
    zone = next((head for head in ZONE_HEADS if name.startswith(head)), "")
    if zone:  # the body's own name follows, not a preposition or numeral (园区以原…, 园区一基地…)
        rest = name[len(zone) :]
        return zone if len(rest) >= 2 and rest[0] not in _NOT_A_BODY_START else ""
    if len(name) < 3 or name[0] not in LEVEL_CHARS or name[1] in "和及与、":
        return ""  # "市和区人民政府": both levels' bodies, no one place
    first = _first_word(name)
    if first == name[0] or first[1:] in _RELATIVE_HEADS:
        return name[0]
    # "市教委" is one dictionary word, a level and a body's short name (教委); "市场部",
    # "区域性医疗中心" and "省部级重点实验室" are words too, but 市场, 区域 and 省部级 hold the
    # level character as a word's first character, so no body follows a level there.
    if any(part.startswith(name[0]) for part in _search_parts(first) if part != first):
        return ""
    return name[0] if first[1:].endswith(_body_endings()) else ""


@cache
def _search_parts(word: str) -> tuple[str, ...]:
    return tuple(rjieba.cut_for_search(word, False))


@cache
def _body_endings() -> tuple[str, ...]:
    """The suffixes that end an organisation's name (org_suffixes.txt)."""
    return tuple(word_set("org_suffixes.txt"))


@cache
def zone_heads(zone: str) -> tuple[str, ...]:
    """The ZONE_HEADS a zone's names end with (苏州工业园区: 园区; 西安高新技术产业开发区 =
    西安高新区: 开发区 and 高新区): what its own bodies' relative names start with."""
    surfaces = [zone, *(s for s, name in regions().canonical.items() if name == zone)]
    ends = {next((h for h in ZONE_HEADS if s.endswith(h)), "") for s in surfaces}  # the longest
    return tuple(head for head in ZONE_HEADS if head in ends)


@cache
def _first_word(name: str) -> str:
    return rjieba.cut(name, False)[0]
