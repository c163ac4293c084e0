"""Deadlines counted from publication ("自通知发布之日起10个工作日内"): the State Council's
holiday calendar with its make-up working days, an estimate from the statutory holidays past
its last year, and no day where even those are unknown.
Made-up lines: none of the seven accounts counts a deadline this way."""

from __future__ import annotations

from datetime import date

import pytest

from wxintel.extract.notices import extract_notice_facts
from wxintel.nlp.workdays import calendar, read_calendar


def deadline(text: str, published: date) -> str | None:
    found = [f.value for f in extract_notice_facts(text, published) if f.kind == "deadline"]
    return found[0] if found else None


def test_working_days_skip_holidays_and_count_make_up_saturdays():
    days = calendar()
    assert days.is_workday(date(2025, 10, 8)) is False  # 国庆 and 中秋, 8 days off
    assert days.is_workday(date(2025, 10, 11)) is True  # a Saturday worked (调休)
    assert days.is_workday(date(2026, 2, 14)) is True
    # no notice for 2027 yet: weekends and the statutory holidays (春节 2027-02-06, from 除夕)
    assert days.is_workday(date(2027, 3, 1)) is True
    assert days.is_workday(date(2027, 2, 5)) is False  # 除夕, a Friday
    assert days.is_workday(date(2031, 3, 3)) is None  # holidays.txt gives no 2031 春节
    # Friday 26 September 2025: the 28th (Sunday) is worked, 1-8 October are off
    assert days.add_workdays(date(2025, 9, 26), 10) == date(2025, 10, 16)
    # 10 working days from Friday 13 February 2026 cross 春节 (15-23 February)
    assert days.add_workdays(date(2026, 2, 13), 10) == date(2026, 3, 5)
    # reaches 2027: 元旦 (a Friday) is off, so the tenth working day is Monday 4 January
    assert days.add_workdays(date(2026, 12, 20), 10) == date(2027, 1, 4)
    assert days.estimated(date(2026, 12, 20), date(2027, 1, 4))
    assert not days.estimated(date(2025, 9, 26), date(2025, 10, 16))


def test_a_deadline_counted_from_publication_is_read():
    line = "请于本通知发布之日起10个工作日内将申报材料报送区商务局。"
    assert deadline(line, date(2025, 9, 26)) == "2025-10-16"
    # calendar days: 30 days after 5 September 2025 is 5 October, a holiday, so 9 October
    assert deadline("自公告发布之日起三十日内向区工信局提交申请。", date(2025, 9, 5)) == (
        "2025-10-09"
    )
    assert deadline("请在通知发布后15天内完成网上报名。", date(2024, 6, 3)) == "2024-06-18"
    # 民法典 第二百零三条: the 30th day, Saturday 2 May 2026, is in 劳动节's days off (1-5 May),
    # so the period ends the day after them; 15 days reaching 清明 (4-6 April) end on 7 April
    opinions = "公众可自本公告发布之日起30日内，通过以下方式提出意见和建议："
    assert deadline(opinions, date(2026, 4, 2)) == "2026-05-06"
    assert deadline("请各单位自本通知发布之日起15日内报送材料。", date(2026, 3, 20)) == "2026-04-07"
    # a period named as a label (期限：) is its length, as 期限为 is: 内 may be left out
    labelled = "征求意见期限：自本公告发布之日起10个工作日。"
    assert deadline(labelled, date(2026, 11, 16)) == "2026-11-30"
    # past the last notice the day is estimated, and the stated deadline says so
    assert deadline(line, date(2026, 12, 20)) == "2027-01-04"
    stated = [f.value for f in extract_notice_facts(line, date(2026, 12, 20))]
    assert {"at": "2027-01-04", "for": "申报", "estimated": True} in stated
    known = [f.value for f in extract_notice_facts(line, date(2025, 9, 26))]
    assert {"at": "2025-10-16", "for": "申报"} in known  # a year a notice covers: no estimate
    # past the lunar holidays of holidays.txt no day is given rather than one a week off
    assert deadline(line, date(2030, 12, 24)) is None


def test_a_period_of_weeks_or_months_is_counted_as_the_civil_code_counts_it():
    # a month ends on the same day of the month, here 5 October: a holiday, so 9 October
    assert deadline("请于本通知发布之日起一个月内提交申报材料。", date(2025, 9, 5)) == "2025-10-09"
    # a month without that day ends on its last day (民法典 第二百零二条)
    assert deadline("请自本公告发布之日起1个月内提交。", date(2025, 1, 31)) == "2025-02-28"
    # 28 February 2026 is a Saturday worked before 春节's make-up, so it stays
    assert deadline("请于通知印发后三个月内报送。", date(2025, 11, 30)) == "2026-02-28"
    assert deadline("请于本通知发布之日起两周内完成报名。", date(2025, 9, 5)) == "2025-09-19"


def test_a_deadline_counted_from_a_date_the_sentence_names():
    # 8 October 2025 is a holiday; the count starts the day after: 9, 10, 11 (a worked
    # Saturday), 13 … 21 October
    line = "请自2025年10月8日起10个工作日内提交申报材料。"
    assert deadline(line, date(2025, 9, 26)) == "2025-10-21"
    assert deadline("自10月9日起，15天内完成网上报名。", date(2025, 9, 25)) == "2025-10-24"
    # counted from an event the post does not date: no day
    assert deadline("企业应于项目验收后30日内提交报告。", date(2025, 9, 5)) is None


def test_a_period_counted_from_publication_that_asks_nothing_is_no_deadline():
    assert deadline("本办法自发布之日起30日内组织实施。", date(2025, 9, 5)) is None
    assert deadline("本通知自发布之日起施行。", date(2025, 9, 5)) is None


def test_the_calendar_file_refuses_a_day_of_an_unopened_year():
    with pytest.raises(ValueError, match=r"workdays.txt: entry 2 .*no 'year' line"):
        read_calendar(["year 2024 | 国办发明电〔2023〕7号", "off 2025-01-01"])
    with pytest.raises(ValueError, match="needs its source"):
        read_calendar(["year 2024"])
    with pytest.raises(ValueError, match=r"entry 1 .*statutory NAME FROM DAYS"):
        read_calendar(["holiday 春节 -1 4"])
