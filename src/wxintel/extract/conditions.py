"""Conditions on the applicant, read from a call's 申报条件 / 申报主体 / 基本条件 section.

Each condition is data a profile can be judged against, with the exact span it came from:
`{"field", "op", "value", "text", "start", "end"}`. Mechanisms, not fitted rules: a section is
found by its heading (condition_headings.txt), split into items and comma pieces; a piece is read
by a few recognisers (registration place, measured thresholds as number + unit + comparator
word, qualifications, credit, sector, founding date, firm size); "或" and "，或" make
alternatives (`any_of`), a "(…除外…)" aside makes an exception. What no recogniser decides is
kept as `other`, so a user sees every clause that was not checked.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from wxintel.extract.audience import not_firms_addressed
from wxintel.model import Article
from wxintel.nlp.cndate import chinese_number
from wxintel.nlp.gazetteer import Lexicon, data_lines, read_groups, trie_pattern
from wxintel.nlp.regions import DEICTIC, issuer_region, regions, resolve_deictic

__all__ = ["Condition", "condition_sections", "extract_conditions"]

SECTION_MAX = 1500  # characters: a conditions section longer than this has run into the next one
CN_NUMERALS = "一二三四五六七八九十"
_ITEM = rf"(?:[{CN_NUMERALS}]+[、.．]|[（(][{CN_NUMERALS}\d]+[）)]|\d+[、.．)）](?!\d))"
_TOP = re.compile(rf"(?:^|(?<=[。；\n]))[ \t]*[{CN_NUMERALS}]+[、．]", re.M)
# An unnumbered short "xx要求：" line opens another block (a numbered one is an item of ours).
_SUBHEAD = re.compile(rf"^[ \t]*(?!{_ITEM})[^\n，。；]{{2,18}}[：:][ \t]*$", re.M)
# Where instructions begin (请于…前报送, 请符合条件的企业…), the conditions have ended.
_INSTRUCTION = re.compile(r"(?:^|(?<=[。；\n]))[ \t]*请", re.M)
_ITEM_START = re.compile(rf"[ \t]*{_ITEM}[ \t]*")
# Clauses that state a preference or an aspiration, not a condition.
_PREFERENCE = re.compile(r"优先|鼓励|倡导|原则上")
# A lead-in ("应当符合下列条件：") announces conditions and is none itself.
_LEAD_IN = re.compile(r"(?:下列|以下|如下)(?:条件|要求)")


@dataclass
class Condition:
    """One condition: a profile field, an operator and a value, with the text it came from."""

    field: str
    op: str
    value: Any
    text: str
    start: int
    end: int
    parts: list[Condition] = field(default_factory=list)  # for any_of / all_of
    # not stated but implied (the issuer's jurisdiction, extract/jurisdiction.py): no span
    implied: bool = False

    def to_json(self) -> dict[str, Any]:
        value = [p.to_json() for p in self.parts] if self.parts else self.value
        return {
            "field": self.field,
            "op": self.op,
            "value": value,
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "implied": self.implied,
        }

    def leaves(self) -> Iterator[Condition]:
        if self.parts:
            for part in self.parts:
                yield from part.leaves()
        else:
            yield self


# -- vocabularies (data files) -------------------------------------------------------------


@cache
def _headings() -> re.Pattern[str]:
    words = "|".join(sorted(map(re.escape, data_lines("condition_headings.txt")), key=len)[::-1])
    return re.compile(
        rf"(?:^|(?<=[。：:；\n]))[ \t]*(?:[{CN_NUMERALS}]+[、．][ \t]*(?:{words})"
        rf"|(?:{_ITEM})?[ \t]*[\u4e00-\u9fff]{{0,4}}?(?:{words})"
        rf"(?:及要求|和要求)?[ \t]*(?:[：:]|(?=\n)|$|(?={_ITEM})))",
        re.M,
    )


@cache
def _qualifications() -> Lexicon:
    return Lexicon.from_groups(read_groups("qualifications.txt"))


@cache
def _sectors() -> Lexicon:
    return Lexicon.from_groups(read_groups("sectors.txt") + read_groups("industries.txt"))


@cache
def _credit() -> re.Pattern[str]:
    return trie_pattern(data_lines("credit_phrases.txt"))


@dataclass(frozen=True)
class _Measure:
    field: str
    unit: str  # money | count | percent


@cache
def _measures() -> tuple[dict[str, _Measure], re.Pattern[str]]:
    table: dict[str, _Measure] = {}
    for line in data_lines("condition_fields.txt"):
        name, words, unit = (part.strip() for part in line.split("|"))
        for word in words.split(" = "):
            table[word.strip()] = _Measure(name, unit)
    return table, trie_pattern(table)


def sector_names(surfaces: list[str]) -> set[str]:
    """Canonical sector/industry names of a firm's own words (制造业 → 工业)."""
    lexicon = _sectors()
    out = set()
    for surface in surfaces:
        found = [name for _, _, name in lexicon.find(surface)]
        out.update(found or [surface.strip()])
    return out


def qualification_name(surface: str) -> str:
    found = [name for _, _, name in _qualifications().find(surface)]
    return found[0] if found else surface.strip()


# -- sections, items, pieces ---------------------------------------------------------------


def condition_sections(text: str) -> list[tuple[int, int]]:
    """(start, end) of each conditions section: from after its heading to the next heading of
    the same rank (一、 after 一、), a short "xx要求：" line, or SECTION_MAX characters."""
    spans: list[tuple[int, int]] = []
    for match in _headings().finditer(text):
        start = match.end()
        if spans and start < spans[-1][1]:
            continue  # a heading inside the previous section (申报主体 under 申报条件)
        limit = min(len(text), start + SECTION_MAX)
        ends = [limit]
        top = _TOP.search(text, start, limit)
        if top:
            ends.append(top.start())
        for pattern in (_SUBHEAD, _INSTRUCTION):
            found = pattern.search(text, start + 1, limit)
            if found:
                ends.append(found.start())
        end = min(ends)
        if end - start > 4:
            spans.append((start, end))
    return spans


def _pieces(text: str, start: int, end: int) -> Iterator[tuple[int, int, bool]]:
    """(start, end, joins_previous) of each comma piece of each sentence in text[start:end];
    joins_previous marks a piece that opens with 或 / 以及 (an alternative to the one before)."""
    depth = 0
    piece_start = start
    for i in range(start, end + 1):
        char = text[i] if i < end else "。"
        if char in "（(":
            depth += 1
        elif char in "）)":
            depth = max(0, depth - 1)
        elif depth == 0 and char in "。；;\n，,":
            yield from _trimmed(text, piece_start, i)
            piece_start = i + 1
            if char not in "，,":
                yield (-1, -1, False)  # sentence boundary


def _trimmed(text: str, start: int, end: int) -> Iterator[tuple[int, int, bool]]:
    item = _ITEM_START.match(text, start, end)
    if item:
        start = item.end()
    while start < end and text[start] in " \t：:":
        start += 1
    while end > start and text[end - 1] in " \t":
        end -= 1
    if end - start < 3:  # 其中, 同时: connectives, not clauses
        return
    joins = text.startswith(("或", "以及"), start)
    yield (start, end, joins)


# -- recognisers ---------------------------------------------------------------------------

_NUMBER = r"(?P<num>\d+(?:\.\d+)?|[一二两三四五六七八九十百千]+)"
_UNIT = r"(?P<unit>亿元|万元|万美元|亿美元|元|%|％|人|名|项|件|个|家)"
_BEFORE = (
    r"(?P<before>不低于|不少于|不高于|不超过|不足|未满|达到|超过|至少|大于|高于|低于|少于|小于)?"
)
_AFTER = r"(?P<after>（含）以上|\(含\)以上|及以上|或以上|以上|（含）以下|及以下|以下|以内)?"
_QUANTITY = re.compile(rf"{_BEFORE}[ \t]*{_NUMBER}[ \t]*{_UNIT}{_AFTER}")
_AT_LEAST = {"不低于", "不少于", "达到", "超过", "至少", "大于", "高于"}
_AT_MOST = {"不高于", "不超过", "不足", "未满", "低于", "少于", "小于"}
_UNIT_KIND = {
    "亿元": "money",
    "万元": "money",
    "元": "money",
    "%": "percent",
    "％": "percent",
    "人": "count",
    "名": "count",
    "项": "count",
    "件": "count",
    "个": "count",
    "家": "count",
}
_TO_WAN = {"亿元": 10000.0, "万元": 1.0, "元": 0.0001}
_FOUNDED = re.compile(
    r"(?:成立|注册|设立|登记)(?:时间|年限)?[^，。；\d]{0,4}?(?P<rel>满|不少于|不低于|超过|已满|未满|不满|不足|不超过)?"
    rf"[ \t]*{_NUMBER}[ \t]*(?:个)?(?P<unit>年|个月)(?P<after>以上|及以上|（含）以上|以内|以下)?"
)
_FOUNDED_DATE = re.compile(
    r"(?:(?:成立|注册|设立|登记)(?:时间|日期)?[为在于]?)?(?P<y>20\d\d|19\d\d)年(?:(?P<m>\d{1,2})月)?"
    r"(?:(?P<d>\d{1,2})日)?(?:\d{1,2}日)?(?P<side>后|以后|之后|起|前|以前|之前)"
    r"(?:[^，。；]{0,4}(?:成立|注册|设立|登记))?"
)
_SIZE = re.compile(
    r"(?<![专新型特])(?P<size>中小微企业|中小企业|小微企业|小型微型企业|中型企业|小型企业|微型企业)(?![\u4e00-\u9fff])|(?P<size2>中小微企业|中小企业|小微企业)(?=的?$)"
)
_SIZES = {
    "中小微企业": ["medium", "small", "micro"],
    "中小企业": ["medium", "small", "micro"],
    "小微企业": ["small", "micro"],
    "小型微型企业": ["small", "micro"],
    "中型企业": ["medium"],
    "小型企业": ["small"],
    "微型企业": ["micro"],
}
_NEGATION = re.compile(r"(?:非|不属于|不是|未被认定为|不得为)$")
# Words after which a list of sectors says what the applicant does (从事元宇宙…, 围绕集成电路、…).
_SECTOR_CUE = re.compile(r"从事|属于|围绕|聚焦")
_LOCATION_VERB = r"(?:依法)?(?:注册登记|登记注册|注册|设立|登记|纳税)"


@cache
def _location_patterns() -> tuple[re.Pattern[str], ...]:
    names = sorted([*regions().canonical, *DEICTIC, "中华人民共和国境内"], key=len, reverse=True)
    place = "(?P<place>" + "|".join(map(re.escape, names)) + ")"
    within = r"(?:行政区域|行政区划|辖区|境)?(?:内|范围内)?"
    # up to 12 characters between place and verb: 在我市工商行政管理部门依法登记注册
    after_place = rf"(?:在|于)?{place}{within}[^，。；\n]{{0,12}}?{_LOCATION_VERB}"
    before_place = rf"{_LOCATION_VERB}(?:地|关系)?(?:均)?(?:在|于|为){place}"
    # a place no region file knows, named by its suffix (在绍兴市依法注册): compared by name
    unknown = r"(?P<place>[\u4e00-\u9fff]{2,5}?(?:自治区|省|市|区|县))"
    after_unknown = rf"(?:在|于){unknown}{within}[^，。；\n]{{0,12}}?{_LOCATION_VERB}"
    return re.compile(after_place), re.compile(before_place), re.compile(after_unknown)


class _Reader:
    """Reads the pieces of one article's sections, resolving 本市/本区 against its issuer."""

    def __init__(self, article: Article, home: str | None) -> None:
        self.text = article.content
        self.places = [issuer_region(article.title, article.content), home]

    def piece(self, start: int, end: int) -> list[Condition]:
        """Conditions of one piece; alternatives joined by 或 become one any_of."""
        text = self.text[start:end]
        found = self._location(start, end) + self._credit(start, end)
        aside = re.search(r"[（(][^（）()]*除外[^（）()]*[）)]", text)
        core_end = start + aside.start() if aside else end
        alternatives = self._alternatives(start, core_end)
        if aside:
            exception = self._plain(start + aside.start(), start + aside.end())
            if exception and alternatives:
                alternatives = [_any(alternatives + exception, self.text)]
        found += alternatives
        found.sort(key=lambda c: c.start)
        if not found:
            return [self._other(start, end)]
        return found

    def _alternatives(self, start: int, end: int) -> list[Condition]:
        """Split at 或 when each side says something measurable; else read the whole."""
        text = self.text[start:end]
        cuts = [
            m.start() for m in re.finditer(r"或(?!者?以上)", text) if _depth(text, m.start()) == 0
        ]
        if cuts:
            bounds = [0, *cuts, len(text)]
            sides = [
                (start + a + (1 if a else 0), start + b) for a, b in itertools.pairwise(bounds)
            ]
            read = [(s, e, self._plain(s, e)) for s, e in sides]
            if all(conds or _QUANTITY.search(self.text, s, e) for s, e, conds in read):
                parts = [
                    (_all(conds, self.text) if len(conds) > 1 else conds[0])
                    if conds
                    else self._other(s, e)
                    for s, e, conds in read
                ]
                return [_any(parts, self.text)]
        return self._plain(start, end)

    def _plain(self, start: int, end: int) -> list[Condition]:
        return [
            *self._measured(start, end),
            *self._founded(start, end),
            *self._qualifications(start, end),
            *self._size(start, end),
            *self._sectors(start, end),
        ]

    def _other(self, start: int, end: int) -> Condition:
        return Condition("other", "true", None, self.text[start:end], start, end)

    def _cond(self, field_: str, op: str, value: Any, start: int, end: int) -> Condition:
        return Condition(field_, op, value, self.text[start:end], start, end)

    # registration place
    def _location(self, start: int, end: int) -> list[Condition]:
        out: list[Condition] = []
        table = regions()
        for pattern in _location_patterns():
            for match in pattern.finditer(self.text, start, end):
                word = match.group("place")
                if word in DEICTIC or word == "中华人民共和国境内":
                    place = (
                        "中国"
                        if word == "中华人民共和国境内"
                        else resolve_deictic(word, self.places)
                    )
                elif word in table.ambiguous:  # 鼓楼区: the issuer's or the account's city decides
                    place = table.disambiguate(word, [p for p in self.places if p]) or word
                else:
                    place = table.name(word)
                if not place:
                    # 本区 of an issuer no region file knows: shown to be read, never dropped
                    if not any(c.start == match.start() for c in out):
                        out.append(self._other(match.start(), match.end()))
                    continue
                if any(c.value == [place] or c.start <= match.start() < c.end for c in out):
                    continue
                level = table.level(place)
                field_ = {"district": "registered_district", "zone": "registered_address"}.get(
                    level, "registered_city"
                )
                out.append(self._cond(field_, "in", [place], match.start(), match.end()))
        return out

    def _credit(self, start: int, end: int) -> list[Condition]:
        match = _credit().search(self.text, start, end)
        if not match:
            return []
        return [self._cond("credit_ok", "true", True, start, end)]

    # number + unit + comparator, named by the nearest field word before it
    def _measured(self, start: int, end: int) -> list[Condition]:
        table, words = _measures()
        out: list[Condition] = []
        for quantity in _QUANTITY.finditer(self.text, start, end):
            if _depth(self.text[start:end], quantity.start() - start) > 0:
                continue  # an aside: a tier read by _tiered, or an example
            named = [w for w in words.finditer(self.text, start, quantity.start())]
            if not named:
                continue
            word = named[-1]
            measure = table[word.group()]
            unit = quantity.group("unit")
            kind = _UNIT_KIND.get(unit)
            value = _number(quantity.group("num"))
            op = _comparator(quantity.group("before"), quantity.group("after"))
            span = (word.start(), quantity.end())
            if kind != measure.unit or value is None or op is None:
                out.append(self._other(*span))
                continue
            if kind == "money":
                value = round(value * _TO_WAN[unit], 4)
            condition = self._cond(measure.field, op, value, *span)
            out.append(self._tiered(condition, quantity.end(), end))
        return out

    def _tiered(self, base: Condition, after: int, end: int) -> Condition:
        """A threshold followed by "(X、Y等企业为N以上)": a different bar for those sectors."""
        aside = re.match(
            r"[（(]([^（）()]*?)为[ \t]*" + _QUANTITY.pattern + r"[^（）()]*[）)]",
            self.text[after:end],
        )
        if not aside:
            return base
        sectors = sorted({name for _, _, name in _sectors().find(aside.group(1))})
        value = _number(aside.group("num"))
        if not sectors or value is None:
            return base
        span_end = after + aside.end()
        text = self.text[base.start : span_end]
        special = Condition(
            "all_of",
            "all_of",
            None,
            text,
            base.start,
            span_end,
            [
                Condition("industries", "has", sectors, text, base.start, span_end),
                Condition(base.field, base.op, value, text, base.start, span_end),
            ],
        )
        usual = Condition(
            "all_of",
            "all_of",
            None,
            text,
            base.start,
            span_end,
            [
                Condition("industries", "not_has", sectors, text, base.start, span_end),
                Condition(base.field, base.op, base.value, text, base.start, span_end),
            ],
        )
        return Condition(base.field, "any_of", None, text, base.start, span_end, [special, usual])

    def _founded(self, start: int, end: int) -> list[Condition]:
        out = []
        for match in _FOUNDED.finditer(self.text, start, end):
            years = _number(match.group("num"))
            if years is None or years >= 100:  # 2023年 is a date, not an age
                continue
            months = int(years * 12) if match.group("unit") == "年" else int(years)
            younger = match.group("rel") in {"未满", "不满", "不足", "不超过"} or match.group(
                "after"
            ) in {"以内", "以下"}
            op = ">=" if younger else "<="
            out.append(self._cond("registered_on", op, f"P{months}M", match.start(), match.end()))
        for match in _FOUNDED_DATE.finditer(self.text, start, end):
            if not re.search(r"成立|注册|设立|登记", match.group()):
                continue
            year, month, day_ = (int(match.group(g) or 1) for g in ("y", "m", "d"))
            day = f"{year:04d}-{month:02d}-{day_:02d}"
            op = ">=" if match.group("side") in {"后", "以后", "之后", "起"} else "<="
            out.append(self._cond("registered_on", op, day, match.start(), match.end()))
        return out

    def _qualifications(self, start: int, end: int) -> list[Condition]:
        found = list(_qualifications().find(self.text[start:end]))
        if not found:
            return []
        names = sorted({name for _, _, name in found}, key=[n for _, _, n in found].index)
        first = start + found[0][0]
        last = start + found[-1][1]
        if _NEGATION.search(self.text[max(start, first - 5) : first]):
            return [self._cond("qualifications", "not_has", n, first, last) for n in names]
        return [
            self._cond("qualifications", "has", names if len(names) > 1 else names[0], first, last)
        ]

    def _size(self, start: int, end: int) -> list[Condition]:
        match = _SIZE.search(self.text[start:end])
        if not match:
            return []
        word = match.group("size") or match.group("size2")
        return [self._cond("size", "in", _SIZES[word], start + match.start(), start + match.end())]

    def _sectors(self, start: int, end: int) -> list[Condition]:
        """Sectors after a cue (从事 X, 围绕 X、Y) or a broad sector word naming the applicant
        (工业企业, 外贸企业): the firm must be in one of them."""
        text = self.text[start:end]
        cue = _SECTOR_CUE.search(text)
        found = list(_sectors().find(text[cue.end() :])) if cue else []
        found = [(s + cue.end(), e + cue.end(), n) for s, e, n in found] if cue else []
        if not found:
            found = [
                (s, e, n)
                for s, e, n in _broad_sectors().find(text)
                if text[s:e].endswith("企业") and _depth(text, s) == 0
            ]
        if not found:
            return []
        names = sorted({n for _, _, n in found}, key=[n for _, _, n in found].index)
        value = names if len(names) > 1 else names[0]
        return [self._cond("industries", "has", value, start + found[0][0], start + found[-1][1])]


@cache
def _broad_sectors() -> Lexicon:
    return Lexicon.from_groups(read_groups("sectors.txt"))


def _depth(text: str, at: int) -> int:
    depth = 0
    for char in text[:at]:
        if char in "（(":
            depth += 1
        elif char in "）)":
            depth = max(0, depth - 1)
    return depth


def _number(raw: str) -> float | None:
    try:
        return float(raw)
    except ValueError:
        return chinese_number(raw)


def _comparator(before: str | None, after: str | None) -> str | None:
    """以上/不低于… are ≥ (Chinese legal usage counts the number itself), 以下/不超过… are ≤."""
    if after and "以上" in after:
        return ">="
    if after and ("以下" in after or "以内" in after):
        return "<="
    if before in _AT_LEAST:
        return ">="
    if before in _AT_MOST:
        return "<="
    return None


def _any(parts: list[Condition], text: str) -> Condition:
    return _compound("any_of", parts, text)


def _all(parts: list[Condition], text: str) -> Condition:
    return _compound("all_of", parts, text)


def _compound(op: str, parts: list[Condition], text: str) -> Condition:
    start = min(p.start for p in parts)
    end = max(p.end for p in parts)
    fields = {leaf.field for p in parts for leaf in p.leaves()}
    name = fields.pop() if len(fields) == 1 else op
    return Condition(name, op, None, text[start:end], start, end, parts)


def extract_conditions(article: Article, home: str | None = None) -> list[Condition]:
    """The conditions on the applicant stated in a call's conditions sections.

    `home` is the region the account is about (nlp.regions.home_region over its posts): it
    resolves 本区 / 本市 when the post itself names no issuer region.
    """
    reader = _Reader(article, home)
    text = article.content
    out: list[Condition] = []
    addressed = not_firms_addressed(text)
    if addressed is not None:  # no firm applies to an enrolment or a pilot for cities
        audience, start, end = addressed
        out.append(Condition("applicant", "is", audience, text[start:end], start, end))
    for start, end in condition_sections(text):
        previous: Condition | None = None
        for piece_start, piece_end, joins in _pieces(text, start, end):
            if piece_start < 0:
                previous = None
                continue
            if _PREFERENCE.search(text, piece_start, piece_end) or _LEAD_IN.search(
                text, piece_start, piece_end
            ):
                continue
            found = reader.piece(piece_start, piece_end)
            if joins and previous is not None:
                out.remove(previous)
                merged = _any([previous, _all(found, text) if len(found) > 1 else found[0]], text)
                out.append(merged)
                previous = merged
                continue
            out.extend(found)
            previous = found[-1] if len(found) == 1 else None
    return out
