"""Field rules shared by every reader: dates, WeChat ids from links, required text fields.

One place decides what a valid `published`, `aid` or `title` is, so an export, a JSON Lines
file, a saved page and a feed item that describe the same post come out the same.
"""

from __future__ import annotations

from datetime import date, timedelta
from urllib.parse import parse_qs, urlsplit

from wxintel.dates import day, parse_input, today

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
    if not _plausible(day(published)):
        raise FieldError(f"field {field}: implausible date {value!r}")
    return published


def _parse_published(value: object, field: str) -> str:
    try:
        return parse_input(value)
    except ValueError:
        raise FieldError(f"field {field}: cannot parse date {value!r}") from None


def _plausible(when: date) -> bool:
    latest = today() + timedelta(days=FUTURE_DAYS)
    return when.year >= FIRST_PLAUSIBLE_YEAR and when <= latest


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
