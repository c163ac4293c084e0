"""Days counted from a notice's publication, in working days or calendar days.

"自通知发布之日起10个工作日内" names no date: the reader counts. The count follows
《中华人民共和国民法典》 第一编第十章 (期间计算), and only it:
- 第二百零一条: a period counted in days (or months, years) starts the next day; the day of
  publication is not counted (`add_days`, `add_months`, `add_workdays` count from the day after
  `start`).
- 第二百零二条: a period of months ends on the same day of the last month, or on that month's
  last day when it has none (`add_months`).
- 第二百零三条: a last day that is a 法定休假日 moves to the day after the days off end; the
  days off are the State Council's (below), weekends included, so the period ends on the next
  working day (`add_days`). A count of working days never ends on a day off. The day closes at
  24时: a counted deadline is a day, never a time.
- 第二百零四条: a notice's own way of counting ("遇节假日不顺延") would override this; none of
  the seven accounts writes one, so none is read.
So "自本公告发布之日起30日内" published Thursday 2026-04-02 ends on 2026-05-06: the 30th day,
Saturday 2 May, falls in 劳动节's days off (1-5 May). Which days are off is the State
Council's yearly holiday notice (国务院办公厅关于…部分节假日安排的通知), kept as data
(data/workdays.txt), with its make-up working days (调休上班). Past the last notice (it is
published each November), the days off are estimated: weekends and the statutory holidays of
全国年节及纪念日放假办法 (also in data/workdays.txt, their days from data/holidays.txt), with no
make-up days, so a count crossing a holiday may end a day or two from the notice's; the
deadline says it is estimated. Counting weekends only would be a week early around 春节 or
国庆, so a year whose lunar holidays holidays.txt does not give (after 2030) gives no day.
"""

from __future__ import annotations

from calendar import monthrange
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

from wxintel.nlp.gazetteer import data_lines
from wxintel.nlp.periods import holiday_day

CALENDAR = "workdays.txt"


@dataclass(frozen=True)
class WorkCalendar:
    """The years a holiday notice is known for, their days off and their worked weekend days."""

    years: frozenset[int]
    off: frozenset[date]
    work: frozenset[date]
    #: statutory holidays as (holidays.txt name, first day off from its day, days off)
    statutory: tuple[tuple[str, int, int], ...] = ()

    def is_workday(self, day: date) -> bool | None:
        """Whether `day` is worked; estimated from the statutory holidays in a year no notice
        covers (see `estimated`); None when even those are unknown."""
        if day.year not in self.years:
            off = _statutory_days(self.statutory, day.year)
            return None if off is None else day.weekday() < 5 and day not in off
        if day in self.work:
            return True
        return day.weekday() < 5 and day not in self.off

    def estimated(self, start: date, end: date) -> bool:
        """Whether a count from `start` to `end` crosses a year no notice covers."""
        return any(year not in self.years for year in range(start.year, end.year + 1))

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

    def add_months(self, start: date, count: int) -> date | None:
        """The last day of `count` months after `start`: the same day of the month that many
        months on, or that month's last day when it has none (民法典 第二百零二条), moved to
        the next working day when it falls on a day off."""
        month = start.month - 1 + count
        year, month = start.year + month // 12, month % 12 + 1
        day = date(year, month, min(start.day, monthrange(year, month)[1]))
        return self.add_days(day, 0)

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
    statutory: list[tuple[str, int, int]] = []
    for number, line in enumerate(lines, 1):
        word, _, rest = line.partition(" ")
        try:
            if word == "statutory":
                name, offset, length = rest.split()
                statutory.append((name, int(offset), int(length)))
                continue
            if word == "year":
                year, _, source = rest.partition("|")
                if not source.strip():
                    raise ValueError("a year needs its source after |")
                years.add(int(year))
                continue
            if word not in ("off", "work"):
                raise ValueError("expected 'off A [B]', 'work A' or 'statutory NAME FROM DAYS'")
            days = [date.fromisoformat(part) for part in rest.split()]
            if not 1 <= len(days) <= 2:
                raise ValueError("expected 'off A [B]', 'work A' or 'statutory NAME FROM DAYS'")
            if any(day.year not in years for day in days):
                raise ValueError("a day of a year no 'year' line opened")
        except ValueError as error:
            raise ValueError(f"{CALENDAR}: entry {number} ({line!r}): {error}") from None
        first, last = days[0], days[-1]
        run = {first + timedelta(days=n) for n in range((last - first).days + 1)}
        (off if word == "off" else work).update(run)
    return WorkCalendar(frozenset(years), frozenset(off), frozenset(work), tuple(statutory))


@cache
def _statutory_days(rules: tuple[tuple[str, int, int], ...], year: int) -> frozenset[date] | None:
    """The statutory days off of `year` (元旦, 春节 from 除夕 …), or None when data/holidays.txt
    lacks a holiday's day that year or there are no rules."""
    days: set[date] = set()
    for name, offset, length in rules:
        anchor = holiday_day(year, name)
        if anchor is None:
            return None
        days.update(anchor + timedelta(days=offset + n) for n in range(length))
    return frozenset(days) if rules else None
