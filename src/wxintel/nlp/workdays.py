"""Days counted from a notice's publication, in working days or calendar days.

"自通知发布之日起10个工作日内" names no date: the reader counts. The count follows 民法典
第二百零一条 and 第二百零三条: the day of publication is not counted, and a period of calendar
days whose last day is a day off ends on the next working day. Which days are off is the State
Council's yearly holiday notice (国务院办公厅关于…部分节假日安排的通知), kept as data
(data/workdays.txt), with its make-up working days (调休上班). A count that reaches a year the
calendar does not know gives no day at all: counting weekends only would be a week early
around 春节 or 国庆, and a deadline shown a week early or late is worse than none.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

from wxintel.nlp.gazetteer import data_lines

CALENDAR = "workdays.txt"


@dataclass(frozen=True)
class WorkCalendar:
    """The years a holiday notice is known for, their days off and their worked weekend days."""

    years: frozenset[int]
    off: frozenset[date]
    work: frozenset[date]

    def is_workday(self, day: date) -> bool | None:
        """Whether `day` is worked; None in a year the calendar does not know."""
        if day.year not in self.years:
            return None
        if day in self.work:
            return True
        return day.weekday() < 5 and day not in self.off

    def add_workdays(self, start: date, count: int) -> date | None:
        """The `count`-th working day after `start` (start itself not counted)."""
        day = start
        while count > 0:
            day += timedelta(days=1)
            worked = self.is_workday(day)
            if worked is None:
                return None
            if worked:
                count -= 1
        return day

    def add_days(self, start: date, count: int) -> date | None:
        """The last day of `count` calendar days after `start`, moved to the next working day
        when it falls on a day off."""
        day = start + timedelta(days=count)
        while (worked := self.is_workday(day)) is False:
            day += timedelta(days=1)
        return None if worked is None else day


@cache
def calendar() -> WorkCalendar:
    return read_calendar(data_lines(CALENDAR))


def read_calendar(lines: Iterable[str]) -> WorkCalendar:
    """The calendar of data/workdays.txt; ValueError naming the file, the entry and the line
    when one is malformed, or names a day of a year no "year" line opened."""
    years: set[int] = set()
    off: set[date] = set()
    work: set[date] = set()
    for number, line in enumerate(lines, 1):
        word, _, rest = line.partition(" ")
        try:
            if word == "year":
                year, _, source = rest.partition("|")
                if not source.strip():
                    raise ValueError("a year needs its source after |")
                years.add(int(year))
                continue
            days = [date.fromisoformat(part) for part in rest.split()]
            if word not in ("off", "work") or not 1 <= len(days) <= 2:
                raise ValueError("expected 'off A [B]' or 'work A'")
            if any(day.year not in years for day in days):
                raise ValueError("a day of a year no 'year' line opened")
        except ValueError as error:
            raise ValueError(f"{CALENDAR}: entry {number} ({line!r}): {error}") from None
        first, last = days[0], days[-1]
        run = {first + timedelta(days=n) for n in range((last - first).days + 1)}
        (off if word == "off" else work).update(run)
    return WorkCalendar(frozenset(years), frozenset(off), frozenset(work))
