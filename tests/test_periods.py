"""Periods in words, resolved against a fixed day (the MCP resolve_date_range tool)."""

from __future__ import annotations

from datetime import date

import pytest

from wxintel.nlp.periods import PeriodError, resolve_period

TODAY = date(2026, 1, 14)  # a Wednesday


@pytest.mark.parametrize(
    ("words", "first", "last"),
    [
        ("今天", "2026-01-14", "2026-01-14"),
        ("昨天", "2026-01-13", "2026-01-13"),
        ("本周", "2026-01-12", "2026-01-18"),
        ("上周", "2026-01-05", "2026-01-11"),
        ("上月", "2025-12-01", "2025-12-31"),
        ("上个月", "2025-12-01", "2025-12-31"),
        ("去年", "2025-01-01", "2025-12-31"),
        ("最近7天", "2026-01-08", "2026-01-14"),
        ("近三个月", "2025-10-14", "2026-01-14"),
        ("2026年1月", "2026-01-01", "2026-01-31"),
        ("2024年2月", "2024-02-01", "2024-02-29"),
        ("2025年", "2025-01-01", "2025-12-31"),
        ("2025年第三季度", "2025-07-01", "2025-09-30"),
        ("上季度", "2025-10-01", "2025-12-31"),
        ("2025年下半年", "2025-07-01", "2025-12-31"),
        ("2025-09-01至2025-9-30", "2025-09-01", "2025-09-30"),
    ],
)
def test_periods(words: str, first: str, last: str):
    start, end = resolve_period(words, TODAY)
    assert (start.isoformat(), end.isoformat()) == (first, last)


@pytest.mark.parametrize("words", ["改天", "2025年13月", "2025-10-01至2025-09-01", ""])
def test_unreadable_periods_say_what_is_taken(words: str):
    with pytest.raises(PeriodError, match=r"2026年1月|month|ends before|cannot"):
        resolve_period(words, TODAY)
