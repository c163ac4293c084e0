"""Money figures, percentages, counts and quantities, each with what it measures.

Analysts compare "产业规模突破4500亿元" across articles, so a figure keeps its written form
(amount, unit, qualifier), a normalised number (yuan, count, percent) and the evidence span.
"""

from __future__ import annotations

import re
from typing import Any

from wxintel.model import Fact
from wxintel.nlp.cndate import chinese_number

_NUMBER = r"[0-9][0-9,]*(?:\.[0-9]+)?|[零〇一二两三四五六七八九十百千]+"
_QUALIFIER_BEFORE = (
    "同比增长|同比下降|同比提升|同比提高|环比增长|年均增长|增长|下降|提高|提升|减少|增加|"
    "突破|超过|超|达到|达|约为|约|近|逾|累计|共计|共|合计|总计|最高不超过|不超过|最高可达|最高|最多|"
    "不低于|至少|高达|仅"
)
_MONEY_UNITS = "万亿元|亿元|千万元|百万元|万元|元|亿美元|万美元|美元|亿欧元|万欧元|欧元"
_PERCENT_UNITS = "个百分点|%|％"
_COUNT_UNITS = "人次|家|个|项|款|台|套|名|人|位|场|批|所|条|件|座|辆|架|颗|种|类|次|户|支|部"
_QUANTITY_UNITS = (
    "万平方米|平方米|平方公里|万吨|吨|吉瓦|兆瓦|千瓦|GW|MW|kW|亩|公里|千米|EFLOPS|PFLOPS|倍"
)
_FIGURE = re.compile(
    rf"(?P<qualifier>{_QUALIFIER_BEFORE})?"
    rf"(?P<amount>{_NUMBER})(?:[-－~～至到](?P<amount_max>{_NUMBER}))?"
    r"(?P<approx>余|多)?(?P<scale>万亿|亿|千万|百万|万|千)?(?P<approx2>余|多)?"
    rf"(?P<unit>{_MONEY_UNITS}|{_PERCENT_UNITS}|{_QUANTITY_UNITS}|{_COUNT_UNITS})"
)
_YUAN_PER_UNIT = {
    "万亿元": 10**12,
    "亿元": 10**8,
    "千万元": 10**7,
    "百万元": 10**6,
    "万元": 10**4,
    "元": 1,
}
_FOREIGN = {"美元": "USD", "欧元": "EUR"}
_SCALE = {"万亿": 10**12, "亿": 10**8, "千万": 10**7, "百万": 10**6, "万": 10**4, "千": 10**3}
_CLAUSE_EDGE = re.compile(r"[，,。；;：:、！？!?\n（(）)“”\"《》]")
_LEADING_FILLER = re.compile(
    r"^(?:其中|同时|目前|预计|力争|全年|已经|已|将|并|实现|设立|给予|吸引|带动|"
    r"(?:到|至|截至)?[0-9]{4}年(?:底|末|前)?|[0-9]+(?:-[0-9]+)?月(?:份|底)?)+"
)
_AFTER_NOUN = re.compile(r"[\u3400-\u9fffA-Za-z]{1,8}")
_AFTER_STOP = re.compile(
    r"参会|参加|参与|出席|代表|进行|集中|的|和|与|及|在|等|入选|获得|落户|签约"
)
_MAX_MEASURE = 16


def extract_figures(text: str) -> list[Fact]:
    """Every figure in `text`, in order, as Fact(kind="figure") with an exact span."""
    facts: list[Fact] = []
    for match in _FIGURE.finditer(text):
        value = _figure_value(text, match)
        if value is None:
            continue
        start, end = match.span()
        if not value["measure"] and facts and _same_sentence(text, facts[-1].end, start):
            value["measure"] = facts[-1].value["measure"]  # "…突破4500亿元，同比增长12.5%"
        facts.append(Fact("figure", value, start, end, text[start:end]))
    return facts


def _same_sentence(text: str, start: int, end: int) -> bool:
    return not any(mark in text[start:end] for mark in "。；;！？!?\n")


def _figure_value(text: str, match: re.Match[str]) -> dict[str, Any] | None:
    amount = _whole(_number(match["amount"]) or 0)
    if not amount or _is_ordinal(text, match.start("amount")):
        return None
    unit = (match["scale"] or "") + match["unit"]
    kind = _kind(match["unit"])
    if kind == "count" and match["amount"] in "一两" and not match["scale"]:
        return None  # 一家/一批/两个 are phrasing, not figures
    if match["amount"][0] in "百千":
        return None  # a bare 百/千 is a set phrase or a name ("百场万企", "千家万户"), not a count
    qualifier = match["qualifier"] or match["approx"] or match["approx2"] or ""
    value: dict[str, Any] = {"type": kind, "measure": "", "amount": amount, "unit": unit}
    if match["amount_max"]:
        value["amount_max"] = _whole(_number(match["amount_max"]) or 0)
    value["qualifier"] = qualifier
    value["measure"] = _measure(text, match, kind)
    value.update(_normalised(amount, match["scale"], match["unit"], kind))
    return value


def _kind(unit: str) -> str:
    if re.fullmatch(_MONEY_UNITS, unit):
        return "money"
    if re.fullmatch(_PERCENT_UNITS, unit):
        return "percent"
    if re.fullmatch(_QUANTITY_UNITS, unit):
        return "quantity"
    return "count"


def _normalised(amount: float, scale: str | None, unit: str, kind: str) -> dict[str, Any]:
    """yuan for CNY, currency + amount for others, count for counts, percent for ratios."""
    multiplier = _SCALE.get(scale or "", 1)
    if kind == "money":
        if unit in _YUAN_PER_UNIT:
            return {"yuan": _whole(amount * multiplier * _YUAN_PER_UNIT[unit])}
        currency = next(code for name, code in _FOREIGN.items() if unit.endswith(name))
        unit_scale = _SCALE.get(unit[: -len("美元")] if len(unit) > 2 else "", 1)
        return {"currency": currency, "currency_amount": _whole(amount * multiplier * unit_scale)}
    if kind == "count":
        return {"count": _whole(amount * multiplier)}
    if kind == "percent" and unit != "个百分点":
        return {"percent": amount}
    return {}


def _measure(text: str, match: re.Match[str], kind: str) -> str:
    """What the number measures: the clause head before it, or for counts the noun after."""
    before = _clause_before(text, match.start())
    after = _noun_after(text, match.end())
    if kind == "count":
        return after or before
    return before or after


def _clause_before(text: str, at: int) -> str:
    start = max(0, at - _MAX_MEASURE)
    edges = list(_CLAUSE_EDGE.finditer(text, start, at))
    if edges:
        start = edges[-1].end()
    head = text[start:at].strip().removesuffix("的")
    return _LEADING_FILLER.sub("", head)


def _noun_after(text: str, at: int) -> str:
    noun = _AFTER_NOUN.match(text, at)
    if not noun:
        return ""
    stop = _AFTER_STOP.search(noun.group())
    return noun.group()[: stop.start()] if stop else noun.group()


def _is_ordinal(text: str, at: int) -> bool:
    """第二批, 第5届: an ordinal, not a count."""
    return at > 0 and text[at - 1] == "第"


def _number(written: str) -> float | None:
    if written[0].isdigit():
        return float(written.replace(",", ""))
    return chinese_number(written)


def _whole(number: float) -> float | int:
    return int(number) if float(number).is_integer() else number
