"""Dates written in English in an English post or passage: "Friday, March 20, 2026",
"15 April 2026", "June 5th, 2026", with a time before ("by 5:00 p.m. (Beijing time) on …") or
after ("… at 23:59"). Only dates with a year are read: an English notice writes its deadline in
full, and a bare "May 5" is too easily a word. Month names come from data/period_words_en.txt
([months]); `english_words` is the one reader of that file, for resolve_date_range too.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from functools import cache
from typing import NamedTuple

from wxintel.nlp.lexicon import data_text, read_lines

_WEEKDAY = r"(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?[ \t]+)?"
_ORDINAL = r"(?:st|nd|rd|th)?"
# a clock time: "5:00 p.m.", "5 pm", "17:00", "23:59"
_CLOCK = r"\d{1,2}(?::[0-5]\d)?[ \t]*(?:[ap]\.?[ \t]?m\.?)|\d{1,2}:[0-5]\d"
_BEFORE = rf"(?:(?P<before>{_CLOCK})(?:[ \t]*\([^()\n]{{0,24}}\))?[ \t]+(?:on[ \t]+)?)?"
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


# A run of Latin letters: a month's name in a date stands as one, between a space, a digit or a
# bracket and a space, a dot or a comma.
_LATIN_WORD = re.compile(r"[A-Za-z]+")


@cache
def _pattern() -> re.Pattern[str]:
    month = "(?:" + "|".join(sorted(_months(), key=len, reverse=True)) + r")\.?"
    month_day_year = (
        rf"(?P<m1>{month})[ \t]+(?P<d1>\d{{1,2}}){_ORDINAL}(?:,[ \t]*|[ \t]+)(?P<y1>20\d{{2}})"
    )
    day_month_year = (
        rf"(?P<d2>\d{{1,2}}){_ORDINAL}[ \t]+(?:of[ \t]+)?(?P<m2>{month}),?[ \t]+(?P<y2>20\d{{2}})"
    )
    return re.compile(
        rf"\b{_BEFORE}{_WEEKDAY}(?:{month_day_year}|{day_month_year})\b{_AFTER}", re.IGNORECASE
    )


def english_dates(text: str) -> list[tuple[int, int, date | datetime]]:
    """(start, end, value) of each English date with a year; a stated time makes it a
    date-time (24-hour; "p.m." adds 12 to an hour under 12)."""
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
        found.append((match.start(), match.end(), _at(day, clock) if clock else day))
    return found


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
