"""Date words in a query ("2025年11月", "今年", "上个月", "近一周", "2026年春节") as a date filter.

People write when into what they search for ("2025年11月 发布的 人工智能 政策"); searched as words,
those characters match posts that merely mention the month. They are taken out of the query and
become a publish-date range, counted from an `as_of` day (today, or the archive's newest post
when the archive is older), so "今年" means the archive's year when it is read months later.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

from wxintel.nlp.lexicon import data_text, read_lines

_CN = {
    "一": 1,
    "两": 2,
    "二": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
    "十": 10,
}
_NUM = r"\d{1,3}|[一两二三四五六七八九十]{1,2}|半"
# "发布的", "以来": words that only say the date is a publish date or an open-ended range.
_PUBLISHED = r"(?:(?:发布|出台|印发|发出|公布|推出)的?)?"
# The far end of a span of years in a programme's name (行动方案（2025-2027年）) is no date filter.
_NOT_RANGE = r"(?<![\d\-—–~～至到])"
_PATTERNS = [
    (
        "ymd",
        rf"{_NOT_RANGE}(?P<y>20\d{{2}})\s*年\s*(?P<m>\d{{1,2}})\s*月\s*(?P<d>\d{{1,2}})\s*[日号]",
    ),
    ("iso_day", r"(?<![\d.〔\[(（-])(?P<y>20\d{2})-(?P<m>\d{1,2})-(?P<d>\d{1,2})(?![\d])"),
    ("ym", rf"{_NOT_RANGE}(?P<y>20\d{{2}})\s*年\s*(?P<m>\d{{1,2}})\s*月份?"),
    ("iso_month", r"(?<![\d.〔\[(（-])(?P<y>20\d{2})[-/.](?P<m>\d{1,2})(?![\d\-/.])"),
    (
        "holiday",
        rf"{_NOT_RANGE}(?P<y>20\d{{2}})\s*年?\s*(?P<h>春节|元旦|国庆|中秋|端午|清明|劳动节|五一)",
    ),
    # "2026年度" names a programme's (fiscal) year, which is often published the year before:
    # it is searched as words, never a filter on the publish date.
    (
        "y_part",
        rf"{_NOT_RANGE}(?P<y>20\d{{2}})\s*年(?!度)\s*(?P<part>上半年|下半年|(?:第\s*)?[一二三四1-4]\s*季度)?",
    ),
    ("rel_year", r"(?P<ry>今年|本年度|本年|去年|上一年|前年)(?P<part>上半年|下半年)?"),
    ("rel_month", r"(?P<rm>本月|这个月|这月|当月|上个月|上月)"),
    ("rel_week", r"(?P<rw>本周|这周|这一周|上周|上一周)"),
    ("rel_day", r"(?P<rd>今天|今日|昨天|昨日)"),
    ("recent", rf"(?:近|最近|过去|近期)\s*(?P<n>{_NUM})\s*(?:个)?\s*(?P<unit>天|日|周|星期|月|年)"),
    ("m", r"(?<![\d年])(?P<m>\d{1,2}|十[一二]?|[一二三四五六七八九])\s*月份?(?![\d日号])"),
]
# "2025年第36号令", "2025年第3期", "2025年第三届": the year of a number, an issue or a round
_NOT_NUMBERED = r"(?!\s*第\s*[\d一二三四五六七八九十]+\s*[号期批届])"
_TAIL = _NOT_NUMBERED + r"\s*(?P<open>以来|至今|之后|以后|之前|以前)?\s*" + _PUBLISHED


@dataclass(frozen=True)
class DateFilter:
    """A publish-date range taken from the query, with the words it came from."""

    start: date | None
    end: date | None
    words: tuple[str, ...]

    @property
    def date_from(self) -> str | None:
        return self.start.isoformat() if self.start else None

    @property
    def date_to(self) -> str | None:
        return self.end.isoformat() if self.end else None


@cache
def _holidays() -> dict[tuple[int, str], date]:
    """(year, holiday) -> its day, from the data file (lunar holidays move every year)."""
    out: dict[tuple[int, str], date] = {}
    fixed: list[tuple[str, str]] = []
    for line in read_lines(data_text("holidays.txt")):
        name, day = line.split()
        if day.startswith("*"):  # same day every year: 元旦 *-01-01
            fixed.append((name, day[1:]))
        else:
            when = date.fromisoformat(day)
            out[(when.year, name)] = when
    for year in range(2000, 2101):
        for name, month_day in fixed:
            out[(year, name)] = date.fromisoformat(f"{year}{month_day}")
    return out


def _number(text: str) -> float:
    if text == "半":
        return 0.5
    if text.isdigit():
        return int(text)
    if len(text) == 2 and text[0] == "十":
        return 10 + _CN[text[1]]
    if len(text) == 2 and text[1] == "十":
        return _CN[text[0]] * 10
    return _CN.get(text, 0)


def _month_range(year: int, month: int) -> tuple[date, date]:
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def _shift_months(day: date, months: int) -> date:
    total = day.year * 12 + day.month - 1 + months
    year, month = divmod(total, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def _part_of_year(year: int, part: str | None) -> tuple[date, date]:
    if not part:
        return date(year, 1, 1), date(year, 12, 31)
    if part == "上半年":
        return date(year, 1, 1), date(year, 6, 30)
    if part == "下半年":
        return date(year, 7, 1), date(year, 12, 31)
    quarter = int(_number(re.sub(r"[第季度\s]", "", part)))
    start = date(year, 3 * quarter - 2, 1)
    return start, _month_range(year, 3 * quarter)[1]


# A holiday in a query means the weeks around it: the notices before it and the reports after.
HOLIDAY_BEFORE, HOLIDAY_AFTER = timedelta(days=31), timedelta(days=15)


def _span(kind: str, m: re.Match[str], as_of: date) -> tuple[date, date] | None:
    """The days a date expression covers, or None when it names no real date."""
    g = m.groupdict()
    try:
        if kind in ("ymd", "iso_day"):
            day = date(int(g["y"]), int(g["m"]), int(g["d"]))
            return day, day
        if kind in ("ym", "iso_month"):
            return _month_range(int(g["y"]), int(g["m"]))
        if kind == "m":
            month = int(_number(g["m"])) if not g["m"].isdigit() else int(g["m"])
            year = as_of.year if month <= as_of.month else as_of.year - 1
            return _month_range(year, month)
        if kind == "y_part":
            return _part_of_year(int(g["y"]), g["part"])
        if kind == "holiday":
            day = _holidays().get((int(g["y"]), g["h"]))
            return (day - HOLIDAY_BEFORE, day + HOLIDAY_AFTER) if day else None
    except ValueError:  # 2025年13月, 2月30日
        return None
    if kind == "rel_year":
        back = {"今年": 0, "本年度": 0, "本年": 0, "去年": 1, "上一年": 1, "前年": 2}[g["ry"]]
        return _part_of_year(as_of.year - back, g["part"])
    if kind == "rel_month":
        if g["rm"] in ("上个月", "上月"):
            last = _shift_months(as_of.replace(day=1), -1)
            return _month_range(last.year, last.month)
        return as_of.replace(day=1), as_of
    if kind == "rel_week":
        monday = as_of - timedelta(days=as_of.weekday())
        if g["rw"] in ("上周", "上一周"):
            return monday - timedelta(days=7), monday - timedelta(days=1)
        return monday, as_of
    if kind == "rel_day":
        day = as_of if g["rd"] in ("今天", "今日") else as_of - timedelta(days=1)
        return day, day
    if kind == "recent":
        n, unit = _number(g["n"]), g["unit"]
        if unit == "月" and n >= 1:
            return _shift_months(as_of, -round(n)), as_of
        days = {"天": 1, "日": 1, "周": 7, "星期": 7, "月": 30, "年": 365}[unit] * n
        # "近7天" is today and the six days before it, as nlp/periods.py reads it for MCP
        return as_of - timedelta(days=max(round(days), 1) - 1), as_of
    return None


_COMPILED = [(kind, re.compile(rf"{body}{_TAIL}")) for kind, body in _PATTERNS]


def take_dates(text: str, as_of: date) -> tuple[str, DateFilter | None]:
    """The query without its date words, and the date range they name (None when none).

    Several date words narrow to their overlap; "以来/之后" open the range to `as_of`,
    "之前/以前" end it before the date. A holiday keeps its word in the query too (春节 is also
    what the posts are about).
    """
    start: date | None = None
    end: date | None = None
    words: list[str] = []
    for kind, pattern in _COMPILED:
        while (m := pattern.search(text)) is not None:
            span = _span(kind, m, as_of)
            keep = m.group("h") if kind == "holiday" else ""
            text = f"{text[: m.start()]} {keep} {text[m.end() :]}"
            if span is None:
                continue
            low, high = span
            if m.group("open") in ("以来", "至今", "之后", "以后"):
                high = max(high, as_of)
            elif m.group("open") in ("之前", "以前"):
                low, high = None, low - timedelta(days=1)
            words.append(m.group().strip())
            start = low if start is None else max(start, low) if low else start
            end = high if end is None else min(end, high)
    if not words:
        return text, None
    return " ".join(text.split()), DateFilter(start, end, tuple(words))
