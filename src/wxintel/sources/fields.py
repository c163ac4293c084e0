"""Field rules shared by every reader: dates, WeChat ids from links, required text fields.

One place decides what a valid `published`, `aid` or `title` is, so an export, a JSON Lines
file, a saved page and a feed item that describe the same post come out the same.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta, timezone
from email.utils import parsedate_to_datetime
from urllib.parse import parse_qs, urlsplit

SHANGHAI = timezone(timedelta(hours=8), "Asia/Shanghai")  # no DST since 1991: a fixed offset

_DATE_TIME = re.compile(
    r"""(?P<y>\d{4})\s*[-/.年]\s*(?P<m>\d{1,2})\s*[-/.月]\s*(?P<d>\d{1,2})\s*日?
        (?:(?:\s+|T|\s*(?=\d))(?P<H>\d{1,2})\s*[:：时]\s*(?P<M>\d{2})\s*分?
           (?:\s*[:：]?\s*(?P<S>\d{2})(?:\.\d+)?\s*秒?)?)?
        \s*(?P<tz>Z|(?P<sign>[+-])(?P<tzh>\d{2}):?(?P<tzm>\d{2}))?""",
    re.VERBOSE,
)
_COMPACT_DATE = re.compile(r"(\d{4})(\d{2})(\d{2})")
_MILLISECONDS = 10**11  # a seconds timestamp this large would be in the year 5138
FIRST_PLAUSIBLE_YEAR = 2000  # WeChat official accounts began in 2012; earlier is a wrong date
FUTURE_DAYS = 366  # a post dated more than a year ahead is a wrong date, not a schedule


class FieldError(ValueError):
    """A record's field is missing or unusable; the message names the field as the input does."""


def normalise_published(value: object, field: str) -> str:
    """Return `value` as ISO 8601 in Asia/Shanghai time, "" when absent; raise FieldError.

    A number is a Unix timestamp (seconds or milliseconds), unless it reads as YYYYMMDD.
    A date before FIRST_PLAUSIBLE_YEAR or over a year ahead is refused as implausible.
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        return ""
    published = _parse_published(value, field)
    if not _plausible(date.fromisoformat(published[:10])):
        raise FieldError(f"field {field}: implausible date {value!r}")
    return published


def _parse_published(value: object, field: str) -> str:
    if isinstance(value, bool):
        raise FieldError(f"field {field}: cannot parse date {value!r}")
    if isinstance(value, int | float):
        compact = _compact_number(value)
        return compact.isoformat() if compact else _from_timestamp(value, field)
    if not isinstance(value, str):
        raise FieldError(f"field {field}: cannot parse date {value!r}")
    text = value.strip()
    if text.isdigit() and len(text) in (10, 13):
        return _from_timestamp(int(text), field)
    try:
        return _from_text(text)
    except (ValueError, TypeError, IndexError, OverflowError):
        raise FieldError(f"field {field}: cannot parse date {value!r}") from None


def _compact_number(value: float) -> date | None:
    """20251001 as the date it spells: as a timestamp it would be a day in August 1970."""
    if value != int(value) or not 10_000_000 <= value <= 99_999_999:
        return None
    match = _COMPACT_DATE.fullmatch(str(int(value)))
    try:
        return date(*map(int, match.groups())) if match else None
    except ValueError:
        return None


def _plausible(day: date) -> bool:
    latest = datetime.now(SHANGHAI).date() + timedelta(days=FUTURE_DAYS)
    return day.year >= FIRST_PLAUSIBLE_YEAR and day <= latest


def _from_timestamp(seconds: float, field: str) -> str:
    if seconds >= _MILLISECONDS:
        seconds /= 1000
    try:
        moment = datetime.fromtimestamp(int(seconds), SHANGHAI)
    except (OverflowError, OSError, ValueError):
        raise FieldError(f"field {field}: cannot parse date {seconds!r}") from None
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


def wechat_ids(url: str) -> dict[str, str]:
    """The `biz`, `mid`, `idx`, `sn` in an mp.weixin.qq.com link (only those present)."""
    try:
        parts = urlsplit(url.strip().replace("&amp;", "&"))  # links copied out of HTML
    except ValueError:
        return {}
    if not (parts.hostname or "").endswith("weixin.qq.com"):
        return {}
    query = parse_qs(parts.query)
    names = {"__biz": "biz", "mid": "mid", "idx": "idx", "sn": "sn"}
    return {field: query[key][0] for key, field in names.items() if query.get(key)}


def article_id(aid: str, mid: str, idx: str) -> str:
    """The record's own id, else WeChat's `mid_idx`, which names one post of one push."""
    if aid:
        return aid
    return f"{mid}_{idx}" if mid and idx else ""


def optional_text(value: object, field: str) -> str:
    """A string field that may be absent; numbers become their digits (ids often are numbers)."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    raise FieldError(f"field {field} must be a string, got {type(value).__name__}")


def required_text(value: object, field: str, *, present: bool) -> str:
    """A string field that must be there (it may be empty: stub posts exist)."""
    if not present or value is None:
        raise FieldError(f"missing field {field}")
    if not isinstance(value, str):
        raise FieldError(f"field {field} must be a string, got {type(value).__name__}")
    return value


def strip_bom(text: str) -> str:
    """Drop a leading byte-order mark, which crawlers leave and JSON parsers refuse."""
    return text[1:] if text.startswith("\ufeff") else text
