"""Periods named in words (上周, 本月, 2026年1月, 最近7天, 2025年第三季度) as first and last day.

An assistant that reaches the archive through MCP passes what its user said; the period is
resolved here against a given day so answers are reproducible. Weeks run Monday to Sunday.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

from wxintel.nlp.cndate import cn_number

_RELATIVE_DAYS = {"今天": 0, "今日": 0, "昨天": 1, "昨日": 1, "前天": 2}
_SHIFT = {
    "本": 0,
    "这": 0,
    "今": 0,
    "上": -1,
    "上个": -1,
    "去": -1,
    "前": -2,
    "下": 1,
    "下个": 1,
    "明": 1,
}
_NUM = r"[0-9]{1,2}|[一二三四五六七八九十]{1,3}"
_RECENT = re.compile(rf"^(?:最近|近|过去)\s*({_NUM})\s*(天|日|周|个月|月)$")
_REL = re.compile(r"^(本|这|今|上个|上|去|前|下个|下|明)(周|星期|月|季度|年)$")
_YEAR_MONTH = re.compile(r"^((?:19|20)\d{2})\s*年\s*(?:(\d{1,2})\s*月(?:份)?)?$")
_QUARTER = re.compile(r"^((?:19|20)\d{2})\s*年\s*(?:第)?\s*([一二三四1-4])\s*季度$")
_HALF = re.compile(r"^((?:19|20)\d{2})\s*年\s*(上|下)半年$")
_ISO_RANGE = re.compile(
    r"^(\d{4}-\d{1,2}-\d{1,2})\s*(?:至|到|~|～|—|-{1,2}|\.\.)\s*(\d{4}-\d{1,2}-\d{1,2})$"
)


class PeriodError(ValueError):
    """Words that name no period this resolver knows; the message lists what it takes."""


def _number(text: str) -> int:
    return int(text) if text.isdigit() else cn_number(text)


def _month(year: int, month: int) -> tuple[date, date]:
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def _shift_month(day: date, months: int) -> tuple[int, int]:
    index = day.year * 12 + day.month - 1 + months
    return index // 12, index % 12 + 1


def resolve_period(text: str, today: date) -> tuple[date, date]:
    """First and last day of the period `text` names, seen from `today`; PeriodError if none."""
    words = "".join(text.split())
    if words in _RELATIVE_DAYS:
        day = today - timedelta(days=_RELATIVE_DAYS[words])
        return day, day
    if m := _RECENT.match(words):
        count, unit = _number(m.group(1)), m.group(2)
        days = {"天": 1, "日": 1, "周": 7}.get(unit)
        start = today - timedelta(days=count * days - 1) if days else None
        if start is None:
            year, month = _shift_month(today, -count)
            start = date(year, month, min(today.day, calendar.monthrange(year, month)[1]))
        return start, today
    if m := _REL.match(words):
        shift, unit = _SHIFT[m.group(1)], m.group(2)
        if unit in ("周", "星期"):
            monday = today - timedelta(days=today.weekday()) + timedelta(weeks=shift)
            return monday, monday + timedelta(days=6)
        if unit == "月":
            return _month(*_shift_month(today, shift))
        if unit == "季度":
            year, month = _shift_month(today, 3 * shift)
            first = 3 * ((month - 1) // 3) + 1
            return date(year, first, 1), _month(year, first + 2)[1]
        return date(today.year + shift, 1, 1), date(today.year + shift, 12, 31)
    if m := _YEAR_MONTH.match(words):
        year = int(m.group(1))
        if m.group(2):
            month = int(m.group(2))
            if not 1 <= month <= 12:
                raise PeriodError(f"no month {month} in {text!r}")
            return _month(year, month)
        return date(year, 1, 1), date(year, 12, 31)
    if m := _QUARTER.match(words):
        quarter = _number(m.group(2))
        first = 3 * (quarter - 1) + 1
        return date(int(m.group(1)), first, 1), _month(int(m.group(1)), first + 2)[1]
    if m := _HALF.match(words):
        year = int(m.group(1))
        return (
            (date(year, 1, 1), date(year, 6, 30))
            if m.group(2) == "上"
            else (
                date(year, 7, 1),
                date(year, 12, 31),
            )
        )
    if m := _ISO_RANGE.match(words):
        try:
            first, last = (date.fromisoformat(_padded(g)) for g in m.groups())
        except ValueError as exc:
            raise PeriodError(f"not a real day in {text!r}") from exc
        if last < first:
            raise PeriodError(f"the period {text!r} ends before it starts")
        return first, last
    raise PeriodError(
        f"cannot read a period from {text!r}: use 今天, 昨天, 本周, 上周, 本月, 上月, 今年, 去年,"
        " 最近7天, 2026年1月, 2025年, 2025年第三季度, 2025年上半年 or 2025-09-01至2025-09-30"
    )


def _padded(iso: str) -> str:
    year, month, day = iso.split("-")
    return f"{year}-{int(month):02d}-{int(day):02d}"
