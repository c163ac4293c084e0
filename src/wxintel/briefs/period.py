"""The period a brief covers, parsed one way for the CLI, the API and the pages.

A period is a week (learned from the account's digests, else Monday to Sunday), one day,
or a from/to range of at most MAX_BRIEF_DAYS; one end alone means the week from or to it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from wxintel import settings

BRIEF_DAYS = 7  # a period given by one end only is a week
MAX_BRIEF_DAYS = settings.count("brief_max_days")  # it reads the period before it too
# Briefs step a period back (the one before it) and pages step a month either way: days near
# the ends of the calendar (year 1, year 9999) would overflow, and no archive reaches them.
EARLIEST_DAY = date(1900, 1, 1)
LATEST_DAY = date(9998, 12, 31)

CLI_NAMES = {"week": "--week", "day": "--day", "from": "--from", "to": "--to"}
WEB_NAMES = {"week": "week", "day": "day", "from": "from", "to": "to"}
PYTHON_NAMES = {"week": "week", "day": "day", "from": "start", "to": "end"}  # briefs.brief


class PeriodError(ValueError):
    """A period a brief cannot cover; the message names the option given."""


@dataclass(frozen=True)
class Week:
    """Weeks that start on `first_weekday` (0 = Monday), as an account's digests cover them."""

    first_weekday: int = 0

    def holding(self, day: date) -> tuple[date, date]:
        start = day - timedelta(days=(day.weekday() - self.first_weekday) % 7)
        return start, start + timedelta(days=BRIEF_DAYS - 1)

    def latest_complete(self, newest: date) -> tuple[date, date]:
        """The last week that ends on or before `newest` (the archive's "now")."""
        start, end = self.holding(newest)
        if end > newest:
            start, end = self.holding(start - timedelta(days=1))
        return start, end

    def describe(self) -> str:
        names = "一二三四五六日"
        last = (self.first_weekday + BRIEF_DAYS - 1) % 7
        return f"周{names[self.first_weekday]}至周{names[last]}"


def within_calendar(day: date, name: str) -> date:
    """`day` when briefs can be built around it, else PeriodError naming the option (`name`)."""
    if not EARLIEST_DAY <= day <= LATEST_DAY:
        raise PeriodError(
            f"{name} must be a day from {EARLIEST_DAY} to {LATEST_DAY}, not {day.isoformat()}"
        )
    return day


def period_day(value: str, name: str) -> date:
    """The day an option gives (YYYY-MM-DD), within the days a brief can be built around."""
    try:
        day = date.fromisoformat(value.strip())
    except ValueError as exc:
        raise PeriodError(f"{name} expects a date like 2025-09-21, not {value!r}") from exc
    return within_calendar(day, name)


def period_before(start: date, end: date) -> tuple[date, date]:
    """The period of the same length just before `start`, cut at the calendar's first day."""
    span = end - start + timedelta(days=1)
    first = start - span if span <= start - date.min else date.min
    return first, start - timedelta(days=1)


def resolve_period(
    *,
    week: str | None = None,
    day: str | None = None,
    start: str | None = None,
    end: str | None = None,
    weeks: Week = Week(),
    default: Callable[[], tuple[date, date]] | None = None,
    names: Mapping[str, str] = CLI_NAMES,
) -> tuple[date, date]:
    """The period asked for: a week, a day, or from/to; nothing given means `default()`."""
    chosen = [name for name, value in (("week", week), ("day", day)) if value]
    if start or end:
        chosen.append("from/to")
    if len(chosen) > 1:
        given = " and ".join(names.get(c, c) if c != "from/to" else _range(names) for c in chosen)
        raise PeriodError(
            f"give one of {names['week']}, {names['day']} or {_range(names)}, not {given}"
        )
    if week:
        return weeks.holding(period_day(week, names["week"]))
    if day:
        one = period_day(day, names["day"])
        return one, one
    if start or end:
        return _range_period(start, end, names)
    if default is None:
        raise PeriodError(f"give one of {names['week']}, {names['day']} or {_range(names)}")
    return default()


def _range(names: Mapping[str, str]) -> str:
    return f"{names['from']}/{names['to']}"


def _range_period(
    start: str | None, end: str | None, names: Mapping[str, str]
) -> tuple[date, date]:
    week = timedelta(days=BRIEF_DAYS - 1)
    first = period_day(start, names["from"]) if start else None
    last = period_day(end, names["to"]) if end else None
    first = first or (last - week if last else None)
    last = last or (first + week if first else None)
    assert first is not None and last is not None
    if last < first:
        raise PeriodError(f"{names['to']} ({last}) must not be before {names['from']} ({first})")
    if (last - first).days + 1 > MAX_BRIEF_DAYS:
        raise PeriodError(f"a brief covers at most {MAX_BRIEF_DAYS} days")
    return first, last
