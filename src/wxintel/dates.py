"""Dates in one place: the accounts' time zone, "today", reading a date a source gave, reading
the ISO dates the store keeps, and the day calls are judged on.

Dates inside article prose ("9月25日（周四）") are language, read by nlp/cndate.py.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta, timezone
from email.utils import parsedate_to_datetime
from zoneinfo import ZoneInfo

# Where the accounts publish. A server in UTC is a day behind Shanghai until 08:00, so "today"
# and every date a source gives without a zone are read in this zone.
SHANGHAI = ZoneInfo("Asia/Shanghai")
EPOCH = datetime(2000, 1, 1, tzinfo=SHANGHAI)  # the time of a post with no date, for sorting

_DATE_TIME = re.compile(
    r"""(?P<y>\d{4})\s*[-/.年]\s*(?P<m>\d{1,2})\s*[-/.月]\s*(?P<d>\d{1,2})\s*日?
        (?:(?:\s+|T|\s*(?=\d))(?P<H>\d{1,2})\s*[:：时]\s*(?P<M>\d{2})\s*分?
           (?:\s*[:：]?\s*(?P<S>\d{2})(?:\.\d+)?\s*秒?)?)?
        \s*(?P<tz>Z|(?P<sign>[+-])(?P<tzh>\d{2}):?(?P<tzm>\d{2}))?""",
    re.VERBOSE,
)
_COMPACT_DATE = re.compile(r"(\d{4})(\d{2})(\d{2})")
_MILLISECONDS = 10**11  # a seconds timestamp this large would be in the year 5138

# Why a day was counted from (the JSON's "as_of_reason"): calls are judged open on it, and
# search and MCP's resolve_date_range count relative date words (上个月, 近7天) from it.
AS_OF_GIVEN = "given"
AS_OF_TODAY = "today"
AS_OF_NEWEST_POST = "newest_post"


def today() -> date:
    """Today in Shanghai, whatever the machine's zone."""
    return datetime.now(SHANGHAI).date()


def reference_day(given: date | None, newest_post: str) -> tuple[date, str]:
    """The day the archive is read from, and why: the day asked for; else today, or the
    archive's newest post when that is older, so an archive that stopped (an export read
    months later) shows the calls that were open when it ends instead of none, and 上个月 is
    the month before its end, not a month it holds no post of. One rule for the calls board,
    search's date words and MCP's resolve_date_range."""
    if given is not None:
        return given, AS_OF_GIVEN
    now = today()
    newest = day_of(newest_post)
    if newest is not None and newest < now:
        return newest, AS_OF_NEWEST_POST
    return now, AS_OF_TODAY


def parse_input(value: object) -> str:
    """A date a source gave, as ISO 8601 in Shanghai time; ValueError when it is none.

    A number is a Unix timestamp (seconds or milliseconds), unless it reads as YYYYMMDD; text
    may be ISO, Chinese (2025年9月10日 08:30), YYYYMMDD, a timestamp or RFC 822 (RSS pubDate).
    """
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise ValueError(f"not a date: {value!r}")
    if isinstance(value, int | float):
        compact = _compact_number(value)
        return compact.isoformat() if compact else _from_timestamp(value)
    text = value.strip()
    if text.isdigit() and len(text) in (10, 13):
        return _from_timestamp(int(text))
    try:
        return _from_text(text)
    except (TypeError, IndexError, OverflowError) as exc:
        raise ValueError(f"not a date: {value!r}") from exc


def _compact_number(value: float) -> date | None:
    """20251001 as the date it spells: as a timestamp it would be a day in August 1970."""
    if value != int(value) or not 10_000_000 <= value <= 99_999_999:
        return None
    match = _COMPACT_DATE.fullmatch(str(int(value)))
    try:
        return date(*map(int, match.groups())) if match else None
    except ValueError:
        return None


def _from_timestamp(seconds: float) -> str:
    if seconds >= _MILLISECONDS:
        seconds /= 1000
    try:
        moment = datetime.fromtimestamp(int(seconds), SHANGHAI)
    except (OverflowError, OSError) as exc:
        raise ValueError(f"not a timestamp: {seconds!r}") from exc
    return moment.isoformat()


def _from_text(text: str) -> str:
    match = _DATE_TIME.fullmatch(text)
    if match:
        return _from_match(match)
    compact = _COMPACT_DATE.fullmatch(text)
    if compact:
        return date(*map(int, compact.groups())).isoformat()
    moment = parsedate_to_datetime(text)  # RFC 822, as in RSS pubDate
    if moment.tzinfo is None:
        return moment.isoformat()
    return moment.astimezone(SHANGHAI).isoformat()


def _from_match(match: re.Match[str]) -> str:
    day = date(int(match["y"]), int(match["m"]), int(match["d"]))
    if match["H"] is None:
        return day.isoformat()
    moment = datetime(
        day.year, day.month, day.day, int(match["H"]), int(match["M"]), int(match["S"] or 0)
    )
    spec = "seconds" if match["S"] is not None else "minutes"
    if match["tz"] is None:
        return moment.isoformat(timespec=spec)
    offset = UTC
    if match["sign"]:
        delta = timedelta(hours=int(match["tzh"]), minutes=int(match["tzm"]))
        offset = timezone(-delta if match["sign"] == "-" else delta)
    return moment.replace(tzinfo=offset).astimezone(SHANGHAI).isoformat(timespec="seconds")


def day(stored: str) -> date:
    """The day of a date or date-time the store keeps (ISO); ValueError when it holds none."""
    return date.fromisoformat(stored[:10])


def day_of(stored: str) -> date | None:
    """The day of a date or date-time the store keeps (ISO); None when there is none."""
    try:
        return day(stored) if stored else None
    except ValueError:
        return None


def parse_when(value: str) -> date | datetime | None:
    """A stored ISO date stays a date (an all-day event); a date-time becomes Shanghai time."""
    text = (value or "").strip()
    if not text:
        return None
    try:
        if len(text) == 10:
            return date.fromisoformat(text)
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=SHANGHAI)


# How a post with no publish day is listed (a feed item without a date whose page was not
# read): said in words, never a blank and never the day it was read, which would pass for new.
UNKNOWN_DAY = "日期未知"


def posted_day(published: str) -> str:
    """A post's stored publish date as lists show it in text (CLI lines): the day, else
    UNKNOWN_DAY."""
    return published[:10] if published else UNKNOWN_DAY


_ISO_MOMENT = re.compile(r"(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(?::\d{2})?")


def readable(value: str) -> str:
    """A stored date-time as text a person reads (a feed's summary, a Markdown or CSV cell):
    "2025-11-17 17:00", not ISO's "2025-11-17T17:00" (spreadsheets read the space form as a
    date-time too); a date, or anything else, as given."""
    found = _ISO_MOMENT.fullmatch(value)
    return f"{found[1]} {found[2]}" if found else value


# a whole stored ISO date or date-time (an offset allowed): what `when` rewrites. Anything else,
# a phone number or postcode that fromisoformat would also read (20251030), stays as written.
_STORED_MOMENT = re.compile(
    r"\d{4}-\d\d-\d\d(?:[T ]\d\d:\d\d(?::\d\d(?:\.\d+)?)?(?:Z|[+-]\d\d:?\d\d)?)?"
)


def when(value: str | None, reference: str | date | None = None) -> str:
    """A stored ISO date or date-time as people write it: "3月16日 12:00" (Shanghai time), the
    year added only when it is not the year of `reference` (a page's as-of day; else today):
    what every page and a brief's HTML write. Text that is no whole ISO date is shown as given."""
    text = (value or "").strip()
    moment = parse_when(text) if _STORED_MOMENT.fullmatch(text) else None
    if moment is None:
        return value or ""
    if isinstance(reference, str):
        reference = parse_when(reference) or None
    year = (reference or today()).year
    if isinstance(moment, datetime):
        moment = moment.astimezone(SHANGHAI)
    shown = f"{moment.month}月{moment.day}日"
    if moment.year != year:
        shown = f"{moment.year}年{shown}"
    if isinstance(moment, datetime) and (moment.hour, moment.minute) != (0, 0):
        shown += f" {moment.hour:02d}:{moment.minute:02d}"
    return shown


def minute_stamp(value: str, end_of_day: bool = False) -> int:
    """A stored ISO date or date-time as the sortable integer YYYYMMDDHHMM, in Shanghai time
    (the search index's date column and its date filters); a bare date is its first minute,
    or its last with `end_of_day`; 0 when there is no date."""
    when = parse_when(value)
    if isinstance(when, datetime):
        local = when.astimezone(SHANGHAI)
        hour, minute = local.hour, local.minute
    elif isinstance(when, date):
        local, (hour, minute) = when, ((23, 59) if end_of_day else (0, 0))
    else:
        return 0
    return (((local.year * 100 + local.month) * 100 + local.day) * 100 + hour) * 100 + minute


def iso_week(day: date) -> str:
    """The ISO week holding `day`, as the key weekly counts are kept under ("2025-W38")."""
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def week_days(week: str) -> tuple[date, date]:
    """The Monday and the Sunday of an ISO week key ("2025-W38"); ValueError for no week."""
    year, _, number = week.partition("-W")
    monday = date.fromisocalendar(int(year), int(number), 1)
    return monday, monday + timedelta(days=6)


def published_at(published: str) -> datetime:
    """When an article appeared, as an aware date-time (midnight Shanghai for a bare date)."""
    when = parse_when(published)
    if isinstance(when, datetime):
        return when
    if isinstance(when, date):
        return datetime.combine(when, time(), tzinfo=SHANGHAI)
    return EPOCH
