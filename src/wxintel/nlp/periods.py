"""Periods named in words (上周, 本月, 2025年第三季度, 近7天, 2026年春节, 2025-09-01至2025-09-30):
the one reader of them, for search's publish-date filter and for MCP's resolve_date_range.

People write when into what they search for ("2025年11月 发布的 人工智能 政策"); searched as
words, those characters match posts that merely mention the month. `take_dates` takes them out
of a query as a date range; `resolve_period` reads a text that is one period and nothing else.
Both read every expression in the table below the same way, counted from a given day (`as_of`:
today, or for search the archive's newest post when the archive is older); a month written
without a year (7月, 9月1日-15日) is the latest such month by `as_of` and by the newest post in
scope (`latest`: an export read months later, or accounts that stopped, mean their own last
July, not a July they hold no post of):

- a named calendar unit covers all of it: 本周 is Monday to Sunday, 本月 the whole month,
  上季度 the quarter before, 今年 the whole year (as a publish-date filter, the days after
  `as_of` hold no post yet, so the posts found are those up to it);
- a counted span ends on `as_of`: 近7天 is that day and the six before it, 近3个月 starts on the
  same day three months back;
- a range of days (2025-09-01至2025-09-30, 2025年9月1日到2025年9月30日) is that range;
- 以来/之后 open a period to `as_of`, 之前/以前 end it the day before;
- a holiday means the weeks around it (the notices before it and the reports after).

A text that is one period and nothing else (`resolve_period`, MCP's resolve_date_range) may
also be a range whose second end leaves out what the first gave (2025年9月1日至9月15日, 9月1日-15日,
2025.9.1-2025.9.15), or English (last week, September 2025, Q3 2025, last 7 days: the words in
data/period_words_en.txt). A search query does not read those: "9月1日-15日" in a query may be
a programme's dates, and English words in a query are searched.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

from wxintel.nlp.cndate import chinese_number
from wxintel.nlp.endate import english_words
from wxintel.nlp.lexicon import data_text, read_lines

_NUM = r"\d{1,3}|[一两二三四五六七八九十]{1,3}|半"
# "发布的", "以来": words that only say the date is a publish date or an open-ended range.
_PUBLISHED = r"(?:(?:发布|出台|印发|发出|公布|推出)的?)?"
# The far end of a span of years in a programme's name (行动方案（2025-2027年）) is no date filter.
_NOT_RANGE = r"(?<![\d\-—–~～至到])"
# One day written in full, as ISO (2025-9-1) or in characters (2025年9月1日).
_DAY = r"20\d{2}(?:-\d{1,2}-\d{1,2}(?!\d)|\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*[日号])"
_RANGE_JOIN = r"\s*(?:至|到|~|～|—|–|-{1,2}|\.\.)\s*"
# A year said in words (去年), and a month's number in digits or characters (3, 十二)
_YEAR_WORDS = "今年|本年|去年|上一年|前年|明年"
_MONTH = r"\d{1,2}|十[一二]?|[一二三四五六七八九]"
# A part of a month after it (9月下旬, 2025年10月上半月): its days narrow the month's
_PART_OF_MONTH = r"(?:\s*(?P<mpart>上旬|中旬|下旬|上半月|下半月))?"
_PART_DAYS = {
    "上旬": (1, 10),
    "中旬": (11, 20),
    "下旬": (21, 31),
    "上半月": (1, 15),
    "下半月": (16, 31),
}

# (kind, pattern), tried in this order: a longer expression is taken before its parts.
_PATTERNS = [
    ("day_range", rf"(?<![\d.〔\[(（-])(?P<a>{_DAY}){_RANGE_JOIN}(?P<b>{_DAY})"),
    (
        "ymd",
        rf"{_NOT_RANGE}(?P<y>20\d{{2}})\s*年\s*(?P<m>\d{{1,2}})\s*月\s*(?P<d>\d{{1,2}})\s*[日号]",
    ),
    ("iso_day", r"(?<![\d.〔\[(（-])(?P<y>20\d{2})-(?P<m>\d{1,2})-(?P<d>\d{1,2})(?![\d])"),
    ("ym", rf"{_NOT_RANGE}(?P<y>20\d{{2}})\s*年\s*(?P<m>\d{{1,2}})\s*月份?{_PART_OF_MONTH}"),
    ("iso_month", r"(?<![\d.〔\[(（-])(?P<y>20\d{2})[-/.](?P<m>\d{1,2})(?![\d\-/.])"),
    (
        "holiday",
        rf"{_NOT_RANGE}(?P<y>20\d{{2}})\s*年?\s*(?P<h>春节|元旦|国庆|中秋|端午|清明|劳动节|五一)",
    ),
    # "2026年度" names a programme's (fiscal) year, which is often published the year before,
    # and "2025年版" an edition of a document (企业名称申报指引（2025年版）, published 2026):
    # both are searched as words, never a filter on the publish date.
    (
        "y_part",
        rf"{_NOT_RANGE}(?P<y>20\d{{2}})\s*年(?![度版])\s*(?P<part>上半年|下半年|(?:第\s*)?[一二三四1-4]\s*季度)?",
    ),
    # a month or day of a year said in words (今年3月, 去年12月15日): that month of that year,
    # read before the year word alone, which would be the whole year beside the latest 3月
    (
        "rel_year_month",
        rf"(?P<ry>{_YEAR_WORDS})\s*(?P<m>{_MONTH})\s*月份?(?:\s*(?P<d>\d{{1,2}})\s*[日号])?(?![\d日号])"
        rf"{_PART_OF_MONTH}",
    ),
    (
        "rel_year",
        rf"(?P<ry>本年度|{_YEAR_WORDS})(?P<part>上半年|下半年|(?:第\s*)?[一二三四1-4]\s*季度)?",
    ),
    ("rel_quarter", r"(?P<rq>本季度|这个季度|这季度|上个季度|上一季度|上季度|下个季度|下季度)"),
    ("rel_month", r"(?P<rm>本月|这个月|这月|当月|上个月|上月|下个月|下月)"),
    ("rel_week", r"(?P<rw>本周|这周|这一周|本星期|这个星期|上周|上一周|上个星期|上星期|下周)"),
    ("rel_day", r"(?P<rd>今天|今日|昨天|昨日|前天)"),
    ("recent", rf"(?:近|最近|过去|近期)\s*(?P<n>{_NUM})\s*(?:个)?\s*(?P<unit>天|日|周|星期|月|年)"),
    ("m", rf"(?<![\d年])(?P<m>{_MONTH})\s*月份?(?![\d日号]){_PART_OF_MONTH}"),
]
# "2025年第36号令", "2025年第3期", "2025年第三届": the year of a number, an issue or a round
_NOT_NUMBERED = r"(?!\s*第\s*[\d一二三四五六七八九十]+\s*[号期批届])"
_TAIL = _NOT_NUMBERED + r"\s*(?P<open>以来|至今|之后|以后|之前|以前)?\s*" + _PUBLISHED
_COMPILED = [(kind, re.compile(rf"{body}{_TAIL}")) for kind, body in _PATTERNS]

# How many units back (positive) or ahead (negative) a relative word points.
_BACK = {
    **dict.fromkeys(("今年", "本年度", "本年", "本季度", "这个季度", "这季度"), 0),
    **dict.fromkeys(("本月", "这个月", "这月", "当月", "今天", "今日"), 0),
    **dict.fromkeys(("本周", "这周", "这一周", "本星期", "这个星期"), 0),
    **dict.fromkeys(("去年", "上一年", "上个季度", "上一季度", "上季度", "上个月", "上月"), 1),
    **dict.fromkeys(("上周", "上一周", "上个星期", "上星期", "昨天", "昨日"), 1),
    **dict.fromkeys(("前年", "前天"), 2),
    **dict.fromkeys(("明年", "下个季度", "下季度", "下个月", "下月", "下周"), -1),
}
# The relative words for a year (今年, 去年, 前年): the year they name depends on when they are
# written, as `years_named` reads them in a post
_RELATIVE_YEAR = re.compile(dict(_PATTERNS)["rel_year"])
# The first of the private-use characters that stand in for periods still to come (`_read`)
_STILL_TO_COME = 0xE100
# A holiday in a query means the weeks around it: the notices before it and the reports after.
HOLIDAY_BEFORE, HOLIDAY_AFTER = timedelta(days=31), timedelta(days=15)

TAKEN = (
    "今天, 昨天, 本周, 上周, 本月, 上月, 本季度, 上季度, 今年, 去年, 最近7天, 近3个月, 2026年1月,"
    " 2025年, 2025年第三季度, 2025年上半年, 2025年9月下旬, 2026年春节, 2025-09-01至2025-09-30,"
    " 2025年9月1日至9月15日, 2025.9.1-2025.9.15, last week, this month, September 2025, Q3 2025"
)
# A range of days whose second end may leave out its year, or its year and month, as people
# write it (2025年9月1日至9月15日, 9月1日-15日, 2025.9.1-9.15); read on a whole period only.
_SHORT_RANGE = re.compile(
    r"(?:(?P<y>20\d{2})[年.\-/])?(?P<m>\d{1,2})[月.\-/](?P<d>\d{1,2})[日号]?"
    + _RANGE_JOIN
    + r"(?:(?:(?P<y2>20\d{2})[年.\-/])?(?P<m2>\d{1,2})[月.\-/])?(?P<d2>\d{1,2})[日号]?"
)


class PeriodError(ValueError):
    """Words that name no period this reader knows; the message lists what it takes."""


@dataclass(frozen=True)
class DateFilter:
    """A publish-date range taken from a query, with the words it came from."""

    start: date | None
    end: date | None
    words: tuple[str, ...]

    @property
    def date_from(self) -> str | None:
        return self.start.isoformat() if self.start else None

    @property
    def date_to(self) -> str | None:
        return self.end.isoformat() if self.end else None


def programme_year(start: str | None, end: str | None) -> int | None:
    """The year a publish-date range is, when it is one whole calendar year (2026年, 今年).

    A year written beside a programme names the programme's year too (2026年 为民办实事, 2026年
    居民医保 缴费), and a programme year is announced in the year before it: search also admits
    the posts of the year before whose title names the year or whose text writes it as Y年度
    (SearchIndex's date filter)."""
    if not start or not end or start[:4] != end[:4]:
        return None
    return int(start[:4]) if start[4:] == "-01-01" and end[4:] == "-12-31" else None


def years_named(text: str, written: date) -> set[int]:
    """The years `text` names by a relative word (去年 in a post of 2025 is 2024, 前年 2023),
    counted from the day it was `written`; a post looking back writes a year so as often as
    by its number."""
    return {written.year - _BACK[m.group("ry")] for m in _RELATIVE_YEAR.finditer(text)}


def take_dates(text: str, as_of: date, latest: date | None = None) -> tuple[str, DateFilter | None]:
    """The query without its date words, and the date range they name (None when none).

    Several date words narrow to their overlap. A holiday keeps its word in the query too (春节
    is also what the posts are about). A relative word for a period still to come (下周, 明年)
    holds no post yet: it stays in the query as words. A date that does not exist (2025年13月)
    is dropped. `latest`: the newest post in scope, which a month without a year is read by
    too (`month_day`).
    """
    rest, found, _ = _read(text, as_of, in_query=True, latest=latest)
    return rest, found


def resolve_period(text: str, as_of: date, latest: date | None = None) -> tuple[date, date]:
    """First and last day of the period `text` names (and nothing else), seen from `as_of`
    (and `latest`, as in `take_dates`); PeriodError if it names none, a day that does not
    exist, or a period without an end."""
    written = _full_range("".join(_from_english(text).split()), month_day(as_of, latest))
    rest, found, unreal = _read(written, as_of, in_query=False, latest=latest)
    if unreal:
        raise PeriodError(f"not a real day, month or holiday in {text!r}")
    if found is None or rest:
        raise PeriodError(f"cannot read a period from {text!r}: use {TAKEN}")
    if found.start is None or found.end is None:
        raise PeriodError(f"the period {text!r} has no {'start' if found.end else 'end'}")
    if found.end < found.start:
        raise PeriodError(f"the period {text!r} ends before it starts")
    return found.start, found.end


def _full_range(text: str, as_of: date) -> str:
    """`text` with a range of days written short (9月1日-15日) written with both ends in full
    (2025-9-1至2025-9-15), as the period reader takes it; any other text as it is. A first end
    without a year is in `_latest_year`; a second end without one is in the first end's year,
    or the next when its month comes first (12月20日至1月5日)."""
    m = _SHORT_RANGE.fullmatch(text)
    if m is None or (m["y2"] and not m["m2"]):
        return text
    month, end_month = int(m["m"]), int(m["m2"] or m["m"])
    year = int(m["y"]) if m["y"] else _latest_year(month, as_of)
    end_year = int(m["y2"]) if m["y2"] else year
    if not m["y2"] and end_month < month:
        end_year += 1
    return f"{year}-{month}-{m['d']}至{end_year}-{end_month}-{m['d2']}"


def _latest_year(month: int, as_of: date) -> int:
    """The year of a month written without one: the latest such month by `as_of` (9月 seen
    from January 2026 is September 2025); `as_of` is `month_day`'s."""
    return as_of.year if month <= as_of.month else as_of.year - 1


def month_day(as_of: date, latest: date | None) -> date:
    """The day a month written without a year is counted from: `as_of`, or the newest post in
    scope (`latest`) when that is earlier. An archive exported in March and read in December
    means by 7月 the July it holds (last year's), not this year's, which it holds no post of;
    when the archive's newest post is after that month, nothing changes. Relative words (上个
    月, 近一周) still count from `as_of`: the one home of this rule."""
    return min(as_of, latest) if latest is not None else as_of


def _from_english(text: str) -> str:
    """An English period (last week, September 2025, Q3 2025, last 7 days, 2025-09-01 to
    2025-09-30) as the Chinese words for it; any other text as it is."""
    words = " ".join(text.lower().replace(",", " ").split())
    english = english_words()
    if words in english.phrases:
        return english.phrases[words]
    if m := re.fullmatch(r"(?P<a>\S+) (?:to|until|through) (?P<b>\S+)", words):
        return f"{_from_english(m['a'])}至{_from_english(m['b'])}"
    if m := re.fullmatch(r"(?:the )?(?:last|past) (?P<n>\d{1,3}) (?P<unit>[a-z]+?)s?", words):
        unit = english.units.get(m["unit"])
        return f"近{m['n']}{unit}" if unit else text
    if m := re.fullmatch(r"(?P<month>[a-z]+)\.? (?P<y>\d{4})", words):
        month = english.months.get(m["month"])
        return f"{m['y']}年{month}" if month else text
    if m := re.fullmatch(r"q(?P<q>[1-4]) ?(?P<y>\d{4})|(?P<y2>\d{4}) ?q(?P<q2>[1-4])", words):
        return f"{m['y'] or m['y2']}年第{m['q'] or m['q2']}季度"
    return text


def _read(
    text: str, as_of: date, in_query: bool, latest: date | None = None
) -> tuple[str, DateFilter | None, bool]:
    """The text without the period words found, the range they name together, and whether one
    named no real date. `in_query`: holiday names and future words stay in the text. `latest`:
    as in `take_dates`."""
    months_from = month_day(as_of, latest)
    start: date | None = None
    end: date | None = None
    words: list[str] = []
    unreal = False
    # periods still to come, left as words: each stands in the text as one character of its
    # own (`_STILL_TO_COME`) so that no later pattern reads a part of it (the 3月 of 明年3月)
    to_come: list[str] = []
    for kind, pattern in _COMPILED:
        position = 0
        while (m := pattern.search(text, position)) is not None:
            span = _span(kind, m, months_from if kind == "m" else as_of)
            if in_query and span and kind.startswith("rel_") and span[0] > as_of:
                stand_in = chr(_STILL_TO_COME + len(to_come))
                to_come.append(m.group())
                text = f"{text[: m.start()]}{stand_in}{text[m.end() :]}"
                position = m.start() + 1
                continue
            keep = m.group("h") if kind == "holiday" and in_query else ""
            text = f"{text[: m.start()]} {keep} {text[m.end() :]}"
            position = m.start()
            if span is None:
                unreal = True
                continue
            low, high = _opened(span, m.group("open"), as_of)
            words.append(m.group().strip())
            start = low if start is None else max(start, low) if low else start
            end = high if end is None else min(end, high)
    for at, written in enumerate(to_come):
        text = text.replace(chr(_STILL_TO_COME + at), written)
    rest = " ".join(text.split())
    return rest, DateFilter(start, end, tuple(words)) if words else None, unreal


def _opened(span: tuple[date, date], word: str | None, as_of: date) -> tuple[date | None, date]:
    """以来/至今/之后/以后 run the period on to `as_of`; 之前/以前 end it the day before."""
    low, high = span
    if word in ("以来", "至今", "之后", "以后"):
        return low, max(high, as_of)
    if word in ("之前", "以前"):
        return None, low - timedelta(days=1)
    return low, high


def _span(kind: str, m: re.Match[str], as_of: date) -> tuple[date, date] | None:
    """The days an expression covers, or None when it names no real date."""
    g = m.groupdict()
    try:
        if kind == "day_range":
            return _day(g["a"]), _day(g["b"])
        if kind in ("ymd", "iso_day"):
            day = date(int(g["y"]), int(g["m"]), int(g["d"]))
            return day, day
        if kind in ("ym", "iso_month"):
            return _month_part(_month_range(int(g["y"]), int(g["m"])), g.get("mpart"))
        if kind == "m":
            month = int(_number(g["m"]))
            return _month_part(_month_range(_latest_year(month, as_of), month), g["mpart"])
        if kind == "rel_year_month":
            year, month = as_of.year - _BACK[g["ry"]], int(_number(g["m"]))
            if g["d"]:
                day = date(year, month, int(g["d"]))
                return day, day
            return _month_part(_month_range(year, month), g["mpart"])
        if kind == "y_part":
            return _part_of_year(int(g["y"]), g["part"])
        if kind == "holiday":
            day = _holidays().get((int(g["y"]), g["h"]))
            return (day - HOLIDAY_BEFORE, day + HOLIDAY_AFTER) if day else None
    except ValueError:  # 2025年13月, 2月30日
        return None
    if kind == "rel_year":
        return _part_of_year(as_of.year - _BACK[g["ry"]], g["part"])
    if kind == "rel_quarter":
        first = _shift_months(as_of.replace(day=1), -3 * _BACK[g["rq"]])
        month = 3 * ((first.month - 1) // 3) + 1
        return date(first.year, month, 1), _month_range(first.year, month + 2)[1]
    if kind == "rel_month":
        first = _shift_months(as_of.replace(day=1), -_BACK[g["rm"]])
        return _month_range(first.year, first.month)
    if kind == "rel_week":
        monday = as_of - timedelta(days=as_of.weekday(), weeks=_BACK[g["rw"]])
        return monday, monday + timedelta(days=6)
    if kind == "rel_day":
        day = as_of - timedelta(days=_BACK[g["rd"]])
        return day, day
    if kind == "recent":
        n, unit = _number(g["n"]), g["unit"]
        if unit == "月" and n >= 1:
            return _shift_months(as_of, -round(n)), as_of
        days = {"天": 1, "日": 1, "周": 7, "星期": 7, "月": 30, "年": 365}[unit] * n
        # "近7天" is as_of and the six days before it
        return as_of - timedelta(days=max(round(days), 1) - 1), as_of
    return None


def _day(written: str) -> date:
    year, month, day = (int(n) for n in re.findall(r"\d+", written))
    return date(year, month, day)


def _number(text: str) -> float:
    if text == "半":
        return 0.5
    if text.isdigit():
        return int(text)
    return chinese_number(text) or 0


def _month_range(year: int, month: int) -> tuple[date, date]:
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def _month_part(month: tuple[date, date], part: str | None) -> tuple[date, date]:
    """The days of `part` (上旬, 下半月) of the month `month` spans; the whole month without one."""
    if not part:
        return month
    first, last = _PART_DAYS[part]
    return month[0].replace(day=first), month[0].replace(day=min(last, month[1].day))


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


def holiday_day(year: int, name: str) -> date | None:
    """The day a public holiday of data/holidays.txt falls on in `year` (春节: 正月初一), when
    the file knows it."""
    return _holidays().get((year, name))


@cache
def _holiday_lines() -> tuple[tuple[str, str], ...]:
    """The (name, day) lines of data/holidays.txt, in its order: the one reading of the file."""
    lines = [line.split() for line in read_lines(data_text("holidays.txt"))]
    return tuple((name, day) for name, day in lines)


@cache
def holiday_names() -> tuple[tuple[str, ...], ...]:
    """The public holidays by name, the names of one day together (劳动节 and 五一, both
    *-05-01), in the file's order: what a question naming one holiday is not asking about."""
    by_day: dict[str, list[str]] = {}
    seen: set[str] = set()  # a name the file gives again (another year's day) joins no group
    for name, day in _holiday_lines():
        if name not in seen:
            seen.add(name)
            by_day.setdefault(day, []).append(name)
    return tuple(tuple(names) for names in by_day.values())


@cache
def _holidays() -> dict[tuple[int, str], date]:
    """(year, holiday) -> its day, from the data file (lunar holidays move every year)."""
    out: dict[tuple[int, str], date] = {}
    fixed: list[tuple[str, str]] = []
    for name, day in _holiday_lines():
        if day.startswith("*"):  # same day every year: 元旦 *-01-01
            fixed.append((name, day[1:]))
        else:
            when = date.fromisoformat(day)
            out[(when.year, name)] = when
    for year in range(2000, 2101):
        for name, month_day in fixed:
            out[(year, name)] = date.fromisoformat(f"{year}{month_day}")
    return out
