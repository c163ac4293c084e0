"""Periods in words, resolved against a fixed day: MCP's resolve_date_range and the date filter
search takes from a query read them with one reader (nlp/periods.py)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wxintel.nlp.periods import PeriodError, resolve_period, take_dates
from wxintel.search import SearchQuery

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
        # a part of a month narrows it (MCP's own example, 9月上半月, was refused)
        ("9月上半月", "2025-09-01", "2025-09-15"),
        ("2025年9月下旬", "2025-09-21", "2025-09-30"),
        ("2024年2月下旬", "2024-02-21", "2024-02-29"),
        ("去年12月中旬", "2025-12-11", "2025-12-20"),
        ("上旬", None, None),
    ],
)
def test_periods(words: str, first: str | None, last: str | None):
    if first is None:  # a part of no month names no period
        with pytest.raises(PeriodError):
            resolve_period(words, TODAY)
        return
    start, end = resolve_period(words, TODAY)
    assert (start.isoformat(), end.isoformat()) == (first, last)


@pytest.mark.parametrize("words", ["改天", "2025年13月", "2025-10-01至2025-09-01", ""])
def test_unreadable_periods_say_what_is_taken(words: str):
    with pytest.raises(PeriodError, match=r"2026年1月|month|ends before|cannot"):
        resolve_period(words, TODAY)


@pytest.mark.parametrize(
    ("words", "first", "last"),
    [
        ("本周", "2026-01-12", "2026-01-18"),  # search read 本周 to today, MCP to Sunday
        ("本月", "2026-01-01", "2026-01-31"),
        ("上季度", "2025-10-01", "2025-12-31"),  # search did not read it at all
        ("本季度", "2026-01-01", "2026-03-31"),
        ("近7天", "2026-01-08", "2026-01-14"),
        ("2025-09-01至2025-9-30", "2025-09-01", "2025-09-30"),  # search: two days, no overlap
        ("2025年9月1日到2025年9月30日", "2025-09-01", "2025-09-30"),
        ("2025年9月以来", "2025-09-01", "2026-01-14"),
        ("2025年10月下旬", "2025-10-21", "2025-10-31"),
    ],
)
def test_search_and_mcp_read_a_period_alike(words: str, first: str, last: str):
    """One reader: the date filter a query gets is the period resolve_date_range gives."""
    expected = (date.fromisoformat(first), date.fromisoformat(last))
    assert resolve_period(words, TODAY) == expected
    rest, found = take_dates(f"{words} 通知", TODAY)
    assert rest == "通知" and (found.start, found.end) == expected


def test_a_period_still_to_come_is_a_period_but_searched_as_words():
    assert resolve_period("下周", TODAY) == (date(2026, 1, 19), date(2026, 1, 25))
    assert resolve_period("明年", TODAY) == (date(2027, 1, 1), date(2027, 12, 31))
    assert take_dates("明年 工作计划", TODAY) == ("明年 工作计划", None)


def test_a_holiday_is_a_period_and_stays_a_search_word():
    start, end = resolve_period("2026年春节", TODAY)
    assert start < date(2026, 2, 17) < end  # 2026's Spring Festival, from data/holidays.txt
    rest, found = take_dates("2026年春节 慰问", TODAY)
    assert rest == "春节 慰问" and (found.start, found.end) == (start, end)


@pytest.mark.parametrize("words", ["2025年以前", "2025年9月31日"])
def test_open_or_unreal_periods_are_no_range(words: str):
    with pytest.raises(PeriodError, match=r"no start|not a real"):
        resolve_period(words, TODAY)


@pytest.mark.parametrize(
    ("words", "first", "last"),
    [
        ("2025年9月1日至9月15日", "2025-09-01", "2025-09-15"),  # the second end's year left out
        ("2025年9月1日至15日", "2025-09-01", "2025-09-15"),
        ("9月1日-15日", "2025-09-01", "2025-09-15"),  # no year: the latest September by today
        ("2025.9.1-2025.9.15", "2025-09-01", "2025-09-15"),
        ("2025/9/1-2025/9/15", "2025-09-01", "2025-09-15"),
        ("2025-09-01~2025-09-30", "2025-09-01", "2025-09-30"),
        ("12月20日至1月5日", "2025-12-20", "2026-01-05"),  # its second end in the next year
        ("last week", "2026-01-05", "2026-01-11"),
        ("This Month", "2026-01-01", "2026-01-31"),
        ("September 2025", "2025-09-01", "2025-09-30"),
        ("Sept. 2025", "2025-09-01", "2025-09-30"),
        ("Q3 2025", "2025-07-01", "2025-09-30"),
        ("2025 Q3", "2025-07-01", "2025-09-30"),
        ("last 7 days", "2026-01-08", "2026-01-14"),
        ("past 3 months", "2025-10-14", "2026-01-14"),
        ("2025-09-01 to 2025-09-30", "2025-09-01", "2025-09-30"),
    ],
)
def test_a_whole_period_may_be_a_short_range_or_english(words: str, first: str, last: str):
    start, end = resolve_period(words, TODAY)
    assert (start.isoformat(), end.isoformat()) == (first, last)


@pytest.mark.parametrize(
    ("words", "why"),
    [
        ("9月31日-10月5日", "not a real"),
        ("9月15日-1日", "ends before"),
        ("Smarch 2025", "cannot read"),
        ("last fortnight", "cannot read"),
        ("May", "cannot read"),  # a month's name is read with a year only, not as a phrase
        ("day", "cannot read"),  # a unit, read only in "last N days"
    ],
)
def test_a_short_range_or_english_that_names_no_period_says_why(words: str, why: str):
    with pytest.raises(PeriodError, match=why):
        resolve_period(words, TODAY)


@pytest.mark.parametrize("words", ["last week", "September 2025", "Q3 2025"])
def test_a_search_query_searches_english_period_words_as_words(words: str):
    """Only a whole period is read as English: in a query the words are searched, as before."""
    assert take_dates(f"{words} 通知", TODAY) == (f"{words} 通知", None)


def test_a_month_without_a_year_is_the_latest_one_the_posts_in_scope_reach():
    """An archive whose newest post is 2026-03-26, read on 2026-12-01: 7月 is July 2025 (the
    archive holds no July 2026), 3月 stays March 2026, and relative words count from today."""
    today, newest = date(2026, 12, 1), date(2026, 3, 26)
    assert take_dates("7月 例会", today, newest)[1].date_from == "2025-07-01"
    assert take_dates("3月 例会", today, newest)[1].date_to == "2026-03-31"
    assert take_dates("7月 例会", today)[1].date_from == "2026-07-01"
    assert take_dates("上个月 例会", today, newest)[1].date_from == "2026-11-01"
    assert take_dates("7月 例会", date(2026, 2, 1), newest)[1].date_from == "2025-07-01"
    assert resolve_period("9月1日-15日", today, newest) == (date(2025, 9, 1), date(2025, 9, 15))
    # a newest post after the day asked never moves a month past that day
    assert take_dates("7月", date(2026, 3, 1), date(2026, 9, 1))[1].date_from == "2025-07-01"


def test_a_month_without_a_year_searched_in_an_account_is_its_last_such_month(seven_index):
    """北邮家教部's posts end in September 2021: 9月 asked of it on 2026-12-01 is September
    2021 (the month of its posts), not September 2026 nor the seven accounts' last September
    (before, it was September 2026 and found nothing)."""
    scope = SearchQuery(text="9月", accounts=["北邮家教部"], as_of="2026-12-01", limit=20)
    found = seven_index.search(scope)
    assert (found.understood["from"], found.understood["to"]) == ("2021-09-01", "2021-09-30")
    assert found.hits and all(h.published.startswith("2021-09") for h in found.hits)
    wide = seven_index.search(replace(scope, accounts=[]))
    # the seven accounts' newest post is 2026-03-26: their last September is 2025's
    assert (wide.understood["from"], wide.understood["to"]) == ("2025-09-01", "2025-09-30")


YEAR_WORDS = {"今年": 0, "本年": 0, "去年": 1, "上一年": 1, "前年": 2, "明年": -1}
MONTHS = [*(str(n) for n in range(1, 13)), "三", "十", "十二"]
AFTER_MONTH = ["", "份", "上旬", "中旬", "下旬", "15日", "发布的", "以来"]
QUARTERS = ["第一季度", "二季度", "第3季度", "四季度", "上半年", "下半年"]
FIRST_MONTH = dict(zip(QUARTERS, (1, 4, 7, 10, 1, 7), strict=True))  # the month each part begins in


@settings(max_examples=400, deadline=None)
@given(
    as_of=st.dates(date(2015, 1, 1), date(2035, 12, 31)),
    newest_before=st.integers(0, 800),
    year_word=st.sampled_from(sorted(YEAR_WORDS)),
    month=st.sampled_from(MONTHS),
    after=st.sampled_from(AFTER_MONTH),
)
def test_a_year_word_and_a_month_read_a_range_in_the_year_named(
    as_of, newest_before, year_word, month, after
) -> None:
    """今年3月 seen from any day, by an archive whose newest post is any day before it: the
    month of the year the word names (never today's year beside the latest 3月, which read
    2026-01-01 to 2025-03-31 at the 100k archive), or words when it is still to come."""
    newest = as_of - timedelta(days=newest_before)
    rest, found = take_dates(f"{year_word}{month}月{after} 灯展", as_of, newest)
    year = as_of.year - YEAR_WORDS[year_word]
    number = {"三": 3, "十": 10, "十二": 12}.get(month) or int(month)
    if found is None:  # a month (or day) still to come stays in the query as its words
        first = date(year, number, {"15日": 15, "中旬": 11, "下旬": 21}.get(after, 1))
        assert first > as_of and rest.startswith(f"{year_word}{month}月")
        return
    assert found.start is not None and found.end is not None
    assert found.start <= found.end
    assert found.start.year == year and found.start.month == number
    if after not in ("以来", "15日"):
        assert found.end.year == year and found.end.month == number
    if after in ("上旬", "中旬", "下旬"):  # its third of the month
        assert found.start.day == {"上旬": 1, "中旬": 11, "下旬": 21}[after]


@settings(max_examples=200, deadline=None)
@given(
    as_of=st.dates(date(2015, 1, 1), date(2035, 12, 31)),
    year_word=st.sampled_from(sorted(YEAR_WORDS)),
    part=st.sampled_from(QUARTERS),
)
def test_a_year_word_and_a_quarter_or_half_read_that_part_of_the_year(
    as_of, year_word, part
) -> None:
    rest, found = take_dates(f"{year_word}{part} 产值", as_of)
    year = as_of.year - YEAR_WORDS[year_word]
    if found is None:  # a part still to come stays in the query as its words
        assert date(year, FIRST_MONTH[part], 1) > as_of and rest == f"{year_word}{part} 产值"
        return
    assert found.start is not None and found.end is not None
    assert found.start.year == found.end.year == year and found.start <= found.end
    assert (found.end - found.start).days < 185 and rest == "产值"


@pytest.mark.parametrize(
    ("words", "first", "last"),
    [
        ("今年3月", "2026-03-01", "2026-03-31"),  # newest post in February: still this March
        ("去年12月份", "2025-12-01", "2025-12-31"),
        ("今年三月下旬", "2026-03-21", "2026-03-31"),  # its last third, as 2026年3月下旬
        ("今年3月15日", "2026-03-15", "2026-03-15"),
        ("今年第一季度", "2026-01-01", "2026-03-31"),
        ("前年2月", "2024-02-01", "2024-02-29"),
    ],
)
def test_a_year_word_names_the_year_of_its_month_by_the_100k_archives_days(
    words: str, first: str, last: str
) -> None:
    """The bench archive's set 7 asks as of 2026-03-27; its newest post is older."""
    _, found = take_dates(f"{words} 灯展", date(2026, 3, 27), date(2026, 2, 10))
    assert found is not None and (found.date_from, found.date_to) == (first, last)


def test_a_month_of_a_year_still_to_come_stays_words_and_no_part_of_it_is_read() -> None:
    """明年3月, 今年12月 seen from March 2026 hold no post yet: words, as 明年 and 下个月 are;
    neither 今年 alone (the whole year) nor 12月 alone (last December) is read out of them."""
    for words in ("明年3月", "今年12月", "明年上半年 明年3月"):
        rest, found = take_dates(f"{words} 灯展", date(2026, 3, 27), date(2026, 2, 10))
        assert (rest, found) == (f"{words} 灯展", None)
    assert resolve_period("明年3月", date(2026, 3, 27)) == (date(2027, 3, 1), date(2027, 3, 31))
