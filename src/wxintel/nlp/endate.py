"""Dates written in English in an English post or passage: "Friday, March 20, 2026",
"15 April 2026", "June 5th, 2026", with a time before ("by 5:00 p.m. (Beijing time) on …") or
after ("… at 23:59"). Only dates with a year are read: an English notice writes its deadline in
full, and a bare "May 5" is too easily a word — except a window's start, which takes the year
(and the month) of the full date closing it ("from 1 March to 15 April 2026", "20 May – 5 June
2026", "from 9 to 27 November 2026"). Month names come from data/period_words_en.txt
([months]); `english_words` is the one reader of that file, for resolve_date_range too.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from functools import cache
from typing import NamedTuple

from wxintel.nlp.lexicon import data_text, read_lines


class EnglishDate(NamedTuple):
    """One English date: its span, its value, and whether it closes a window whose start is
    the date found just before it."""

    start: int
    end: int
    value: date | datetime
    closes_window: bool = False


_WEEKDAY = r"(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?[ \t]+)?"
_ORDINAL = r"(?:st|nd|rd|th)?"
# a clock time: "5:00 p.m.", "5 pm", "17:00", "23:59"
_CLOCK = r"\d{1,2}(?::[0-5]\d)?[ \t]*(?:[ap]\.?[ \t]?m\.?)|\d{1,2}:[0-5]\d"
# ("5:00 p.m., 20 March 2026": a comma may part the time from the date)
_BEFORE = rf"(?:(?P<before>{_CLOCK})(?:[ \t]*\([^()\n]{{0,24}}\))?,?[ \t]+(?:on[ \t]+)?)?"
_AFTER = rf"(?:,?[ \t]+(?:at[ \t]+)?(?P<after>{_CLOCK}))?"


class EnglishWords(NamedTuple):
    """English period words -> the Chinese ones, one table per section of the data file."""

    phrases: dict[str, str]  # a whole period: this week -> 本周
    months: dict[str, str]  # read only with a year: september -> 9月
    units: dict[str, str]  # of "last N days": day -> 天


@cache
def english_words() -> EnglishWords:
    """The sections of data/period_words_en.txt: [phrases], [months] and [units]."""
    tables: dict[str, dict[str, str]] = {name: {} for name in EnglishWords._fields}
    table: dict[str, str] | None = None
    for line in read_lines(data_text("period_words_en.txt")):
        if line.startswith("[") and line.endswith("]"):
            if line[1:-1] not in tables:
                raise ValueError(f"period_words_en.txt: unknown section {line}")
            table = tables[line[1:-1]]
            continue
        if table is None or "=" not in line:
            raise ValueError(f"period_words_en.txt: {line!r} is not in a section as english = 中文")
        english, chinese = line.split("=")
        table[english.strip()] = chinese.strip()
    return EnglishWords(**tables)


@cache
def _months() -> dict[str, int]:
    """Month names and abbreviations → month number, from english_words()'s [months]."""
    return {
        english: int(chinese.rstrip("月")) for english, chinese in english_words().months.items()
    }


@cache
def _month_name() -> str:
    """One month's name or abbreviation (longest first), with its optional dot."""
    return "(?:" + "|".join(sorted(_months(), key=len, reverse=True)) + r")\.?"


# A run of Latin letters: a month's name in a date stands as one, between a space, a digit or a
# bracket and a space, a dot or a comma.
_LATIN_WORD = re.compile(r"[A-Za-z]+")


@cache
def _pattern() -> re.Pattern[str]:
    month = _month_name()
    month_day_year = (
        rf"(?P<m1>{month})[ \t]+(?P<d1>\d{{1,2}}){_ORDINAL}(?:,[ \t]*|[ \t]+)(?P<y1>20\d{{2}})"
    )
    day_month_year = (
        rf"(?P<d2>\d{{1,2}}){_ORDINAL}[ \t]+(?:of[ \t]+)?(?P<m2>{month}),?[ \t]+(?P<y2>20\d{{2}})"
    )
    return re.compile(
        rf"\b{_BEFORE}{_WEEKDAY}(?:{month_day_year}|{day_month_year})\b{_AFTER}", re.IGNORECASE
    )


# What joins a window's start to its end: "to", "until", "through", a dash; "and" only after
# "between" (checked where the start is read), so "by 1 March and 15 April 2026" stays two dates.
_WINDOW_JOIN = r"[ \t]*(?:to|until|till|through|thru|and|[-–—~])[ \t]*"
_BETWEEN = re.compile(r"\bbetween[ \t]+$", re.IGNORECASE)
_BETWEEN_REACH = 12  # "between " and its spaces, right before a window's start


def _joins(text: str, join: str, start: int) -> bool:
    """Whether `join` may join a window starting at `start`: "and" only after "between"."""
    if join.strip().lower() != "and":
        return True
    return _BETWEEN.search(text, max(0, start - _BETWEEN_REACH), start) is not None


@cache
def _window_start() -> re.Pattern[str]:
    """A window's start right before its full end date, without a year: "1 March to", "June 1
    to", "20 May – "; a day alone ("from 9 to", "18-") only after from/between or before a dash,
    where a bare number cannot be a count."""
    month = _month_name()
    day_month = rf"(?P<d1>\d{{1,2}}){_ORDINAL}[ \t]+(?:of[ \t]+)?(?P<m1>{month})"
    month_day = rf"(?P<m2>{month})[ \t]+(?P<d2>\d{{1,2}}){_ORDINAL}"
    day_alone = rf"(?:(?<=from )|(?<=between ))(?P<d3>\d{{1,2}}){_ORDINAL}"
    dashed_day = r"(?<![\d.:,])(?P<d4>\d{1,2})(?=[ \t]*[-–—~])"
    return re.compile(
        rf"\b{_WEEKDAY}(?:{day_month}|{month_day}|{day_alone}|{dashed_day}),?"
        rf"(?P<join>{_WINDOW_JOIN})$",
        re.IGNORECASE,
    )


_MAX_WINDOW_START = 40  # "Wednesday, 1 September to ": the start and its join before the end


def _window_start_before(
    text: str, end: int, closing: date, months: dict[str, int]
) -> EnglishDate | None:
    """The year-less start of a window closing on `closing` whose end date begins at `end`."""
    left = max(0, end - _MAX_WINDOW_START)
    match = _window_start().search(text[left:end])
    if match is None:
        return None
    name = match.group("m1") or match.group("m2")
    month = months[name.rstrip(".").lower()] if name else closing.month
    day_num = int(match.group("d1") or match.group("d2") or match.group("d3") or match.group("d4"))
    year = closing.year
    try:
        first = date(year, month, day_num)
        if first > closing:  # "from 20 December to 10 January 2027": the start is a year back
            first = date(year - 1, month, day_num)
    except ValueError:
        return None
    start = left + match.start()
    if not _joins(text, match.group("join"), start):
        return None
    return EnglishDate(start, left + match.start("join"), first)


@cache
def _month_days() -> re.Pattern[str]:
    """A window within one month, the month and year written once: "March 1–15, 2026",
    "March 1 to 15, 2026"."""
    month = _month_name()
    return re.compile(
        rf"\b(?P<m>{month})[ \t]+(?P<d1>\d{{1,2}}){_ORDINAL}(?P<join>{_WINDOW_JOIN})"
        rf"(?P<d2>\d{{1,2}}){_ORDINAL},?[ \t]+(?P<y>20\d{{2}})\b",
        re.IGNORECASE,
    )


def _month_windows(text: str, months: dict[str, int]) -> list[EnglishDate]:
    """The two ends of each "March 1–15, 2026" window, the second closing it."""
    found = []
    for match in _month_days().finditer(text):
        if not _joins(text, match.group("join"), match.start()):
            continue
        month = months[match.group("m").rstrip(".").lower()]
        year = int(match.group("y"))
        try:
            first = date(year, month, int(match.group("d1")))
            last = date(year, month, int(match.group("d2")))
        except ValueError:
            continue
        if last > first:
            found.append(EnglishDate(match.start(), match.end("d1"), first))
            found.append(EnglishDate(match.start("d2"), match.end(), last, closes_window=True))
    return found


def english_dates(text: str) -> list[EnglishDate]:
    """Each English date with a year, and the year-less start of a window it closes (or both
    days of a window within a month: "March 1–15, 2026"); a stated time makes it a date-time
    (24-hour; "p.m." adds 12 to an hour under 12)."""
    # Many posts hold Latin letters (a URL, AI, QQ), few a month's name: looking their words up
    # costs a quarter of the date pattern's scan, which then runs on few posts.
    months = _months()
    if not any(word.lower() in months for word in _LATIN_WORD.findall(text)):
        return []
    found = []
    for match in _pattern().finditer(text):
        month = months[(match.group("m1") or match.group("m2")).rstrip(".").lower()]
        day_num = int(match.group("d1") or match.group("d2"))
        year = int(match.group("y1") or match.group("y2"))
        try:
            day = date(year, month, day_num)
        except ValueError:
            continue
        clock = match.group("before") or match.group("after")
        value = _at(day, clock) if clock else day
        opened = None
        if not match.group("before"):  # "by 5 p.m. on …" closes; it opens no window
            opened = _window_start_before(text, match.start(), day, months)
        if opened is not None and (not found or found[-1].end <= opened.start):
            found.append(opened)
        found.append(EnglishDate(match.start(), match.end(), value, opened is not None))
    return sorted([*found, *_month_windows(text, months)], key=lambda e: e.start)


def _at(day: date, clock: str) -> date | datetime:
    """`day` at a clock time as written; the day alone when the time is no time of day."""
    parts = re.match(r"(\d{1,2})(?::(\d{2}))?[ \t]*([ap])?", clock.lower())
    assert parts is not None
    hour, minute = int(parts.group(1)), int(parts.group(2) or 0)
    if parts.group(3) == "p" and hour < 12:
        hour += 12
    elif parts.group(3) == "a" and hour == 12:
        hour = 0
    if hour == 24 and minute == 0:
        hour, minute = 23, 59
    if hour > 23:
        return day
    return datetime(day.year, day.month, day.day, hour, minute)
