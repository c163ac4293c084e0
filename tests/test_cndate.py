"""Chinese dates in running text: explicit, year-less near a year boundary, times, 24点, ranges."""

from datetime import date, datetime

from wxintel.nlp.cndate import find_dates, resolve_year

REF = date(2025, 9, 23)


def isos(text: str, ref: date = REF) -> list[str]:
    return [d.iso for d in find_dates(text, ref)]


def test_explicit_date_keeps_its_year_and_span():
    text = "请于2025年12月19日前将申报材料报送"
    [span] = find_dates(text, REF)
    assert span.value == date(2025, 12, 19)
    assert text[span.start : span.end] == span.text == "2025年12月19日"


def test_spaced_dates_and_chinese_numerals():
    assert isos("于2025 年 10 月 14 日前报市工信局") == ["2025-10-14"]
    assert isos("二〇二五年九月二十四日") == ["2025-09-24"]


def test_time_of_day_is_kept():
    assert isos("申报材料请于11月17日17:00前快递") == ["2025-11-17T17:00"]
    assert isos("于2025年4月1日（周二）17：00前") == ["2025-04-01T17:00"]
    assert isos("于3月16日12时前将申报表") == ["2026-03-16T12:00"]
    assert isos("下午3点半开始") == []  # a time without a date is not a date


def test_24_oclock_is_the_last_minute_of_that_day():
    [span] = find_dates("请务必于2025年9月20日24点前完成", REF)
    assert span.value == datetime(2025, 9, 20, 23, 59)
    assert span.text == "2025年9月20日24点"


def test_yearless_date_is_the_publication_years_unless_next_years_is_nearer():
    assert isos("1月5日前报送", date(2025, 12, 20)) == ["2026-01-05"]
    assert isos("3月31日前报送", date(2025, 11, 20)) == ["2026-03-31"]
    assert isos("12月31日前报送", date(2025, 12, 20)) == ["2025-12-31"]
    # later in the publication year: that year's, though last December is nearer
    assert isos("第二批：7月1日至9月30日", date(2026, 3, 2)) == ["2026-07-01", "2026-09-30"]
    assert isos("12月20日前报送", date(2026, 6, 10)) == ["2026-12-20"]
    # months back and nearer than next year's: what happened, not next year's date
    assert isos("报名于6月30日截止，共有", date(2026, 11, 23)) == ["2026-06-30"]
    assert isos("至8月31日报名截止", date(2026, 11, 24)) == ["2026-08-31"]
    assert isos("9月1日前", date(2025, 12, 20)) == ["2025-09-01"]


def test_yearless_date_shortly_before_publication_stays_in_that_year():
    # A late repost or a report of what just happened, not next year's date.
    assert isos("12月28日举行", date(2026, 1, 3)) == ["2025-12-28"]
    assert resolve_year(9, 19, date(2025, 9, 21)) == 2025


def test_range_with_repeated_month():
    spans = find_dates("公示时间：2025年10月10日-10月16日", REF)
    assert [s.iso for s in spans] == ["2025-10-10", "2025-10-16"]
    assert spans[1].is_range_end and spans[1].range_start == 0


def test_range_with_implied_month_and_year():
    text = "定于2026年7月22-25日在国家会展中心（上海）举办"
    spans = find_dates(text, REF)
    assert [s.iso for s in spans] == ["2026-07-22", "2026-07-25"]
    assert spans[1].is_range_end
    assert all(text[s.start : s.end] == s.text for s in spans)


def test_range_across_the_new_year():
    spans = find_dates("12月28日至1月3日", date(2025, 12, 1))
    assert [s.iso for s in spans] == ["2025-12-28", "2026-01-03"]


def test_day_only_tail_is_not_a_standalone_date():
    assert isos("9月25日至28日前来打卡") == ["2025-09-25", "2025-09-28"]
    assert isos("共28日") == []


def test_end_of_month():
    assert isos("即日起至8月底", date(2025, 6, 3)) == ["2025-08-31"]
    assert isos("2024年2月底") == ["2024-02-29"]


def test_impossible_dates_are_skipped():
    assert isos("2025年2月30日") == []
    assert isos("13月5日") == []


def test_a_stated_weekday_fixes_a_typoed_year():
    assert isos("2024年10月13日（星期一）前") == ["2025-10-13"]  # 2025-10-13 is a Monday
    assert isos("2025年10月13日（星期一）前") == ["2025-10-13"]
    assert isos("2025年10月15日（星期一）前") == ["2025-10-15"]  # fits no nearby year: kept
    # a weekday fitting only a day over half a year away is the typo, not the year: a
    # November post's "12月1日（周二）" stays this year's (2026-12-01 is the Tuesday)
    assert isos("2025年12月1日（周二）前", date(2025, 11, 10)) == ["2025-12-01"]
    assert isos("12月1日（周二）前", date(2025, 11, 10)) == ["2025-12-01"]
    assert isos("2025年1月20日（周二）前", date(2026, 1, 5)) == ["2026-01-20"]  # January's slip


def test_one_day_windows_daily_hours_and_noon():
    assert isos("10月9日9:00-17:00") == ["2025-10-09T09:00", "2025-10-09T17:00"]
    assert isos("5月19日至25日（每日9:00—19:00）", date(2025, 4, 27))[-1] == "2025-05-25T19:00"
    assert isos("于10月9日中午前报送") == ["2025-10-09T12:00"]
    assert isos("１０月１７日１７：００") == ["2025-10-17T17:00"]


def test_a_day_typed_with_yue():
    assert isos("于2025年9月2月前填报") == ["2025-09-02"]
    assert isos("1月2月份产量") == []


def test_yearless_chinese_numerals_and_dotted_dates():
    ref = date(2025, 10, 15)
    assert isos("请于十月三十一日前报送", ref) == ["2025-10-31"]
    assert isos("十二月一日", ref) == ["2025-12-01"]
    assert isos("三十一月", ref) == []  # not a month
    assert isos("请于10.31前提交", ref) == ["2025-10-31"]
    assert isos("增长10.31%，前景", ref) == []  # a figure
    assert isos("报名日期：2025.10.8-10.31", ref) == ["2025-10-08", "2025-10-31"]
    assert isos("请于本月31日前报送", ref) == ["2025-10-31"]


def test_a_yearless_window_is_placed_by_its_end():
    ref = date(2025, 10, 15)
    # opened 44 days before the post: still this year's window
    assert isos("申报时间为9月1日至10月31日", ref) == ["2025-09-01", "2025-10-31"]
    assert isos("填报时间为1月1日至6月30日", date(2025, 5, 16)) == ["2025-01-01", "2025-06-30"]
    assert isos("申报时间为12月20日至1月9日", date(2026, 1, 2)) == ["2025-12-20", "2026-01-09"]
    assert isos("9月1日至30日", ref) == ["2025-09-01", "2025-09-30"]


def test_daily_hours_after_a_comma_close_the_last_day():
    ref = date(2025, 10, 15)
    assert isos("10月8日至10月31日，工作日9:00-16:30", ref)[-1] == "2025-10-31T16:30"
    assert isos("10月8日至10月31日，9:00-16:30", ref)[-1] == "2025-10-31"  # no daily word


def test_hours_in_chinese_numerals():
    ref = date(2025, 10, 15)
    assert isos("10月31日下午五点", ref) == ["2025-10-31T17:00"]
    assert isos("10月31日十二点半", ref) == ["2025-10-31T12:30"]
    assert isos("10月31日二十四时", ref) == ["2025-10-31T23:59"]
    assert isos("10月31日一时间", ref) == ["2025-10-31"]  # 一时间 is "at once"


def test_the_end_of_a_month_just_gone_stays_in_its_year():
    assert isos("截至10月底", date(2025, 11, 7)) == ["2025-10-31"]  # was next October
    assert isos("2月底前", date(2026, 1, 10)) == ["2026-02-28"]


def test_a_year_stated_before_a_bracket_holds_for_the_dates_inside():
    text = "享受2026年（1月1日至12月31日）居民医保待遇"
    assert isos(text, date(2025, 11, 19)) == ["2026-01-01", "2026-12-31"]


def test_a_year_said_in_words():
    ref = date(2025, 10, 15)
    assert isos("明年10月31日前完成", ref) == ["2026-10-31"]  # not this month's 31st
    assert isos("自今年7月28日小镇概念首次发布", ref) == ["2025-07-28"]  # not next July
    # 去年: the year before publication (天津西青 2652063920_1: "于去年10月12日正式开工"); not
    # 上年, which 赶上年末 and 以上年 write too
    assert isos("保障项目于去年10月12日正式开工建设", date(2025, 11, 19)) == ["2024-10-12"]
    assert isos("恰好赶上年末消费高峰", ref) == ["2025-12-31"]


def test_the_following_year_counts_from_the_year_the_sentence_names():
    # "次年" follows the year written before it, not the publish date's year
    assert isos("2025年度专项资金于次年3月31日前申报", date(2025, 1, 10)) == ["2026-03-31"]
    assert isos("请于次年三月三十一日前提交", date(2025, 1, 10)) == ["2026-03-31"]
    assert isos("翌年1月15日前报送", date(2025, 3, 2)) == ["2026-01-15"]


def test_a_day_of_this_week_or_the_next():
    thursday = date(2025, 11, 20)  # weeks begin on Monday
    assert isos("请于本周五前报名", thursday) == ["2025-11-21"]
    assert isos("请各企业于下周三前报送", thursday) == ["2025-11-26"]
    assert isos("请于本周五17:00前报送", thursday) == ["2025-11-21T17:00"]
    assert isos("下星期一下午5点前", thursday) == ["2025-11-24T17:00"]
    # the date in a bracket after it is read instead; 下周天气 and 日程 name no day
    assert isos("于本周四（12月4日）前登录", thursday) == ["2025-12-04"]
    assert isos("下周天气晴雨相间，本周日程", thursday) == []
    assert isos("每周五", thursday) == []


def test_a_weekday_of_a_real_forecast_is_the_day_its_bracket_names(post):
    """天津西青's cold-wave warning of Friday 2025-11-14: "本周六后半夜（15日）"."""
    article = post("天津西青", "2652063224_1")
    found = [d for d in find_dates(article.content, date(2025, 11, 14)) if "周六" in d.text]
    assert [(d.text, d.iso) for d in found] == [("本周六", "2025-11-15")]


def test_a_bare_weekday_asked_for_is_the_next_such_day():
    wednesday = date(2025, 12, 3)
    assert isos("请参会企业于周五前回复参会回执", wednesday) == ["2025-12-05"]
    assert isos("于周五17:00前报送", wednesday) == ["2025-12-05T17:00"]
    assert isos("于星期三（含）前提交", wednesday) == ["2025-12-03"]  # the publish day itself
    # a weekday noting a date, or a recurring one, is no day of its own
    assert isos("12月5日（周五）前", wednesday) == ["2025-12-05"]
    assert isos("每周五前", wednesday) == []


def test_the_end_of_a_year():
    ref = date(2025, 11, 20)
    assert isos("请于今年年底前报送", ref) == ["2025-12-31"]
    assert isos("请于2025年底前报送", ref) == ["2025-12-31"]
    assert isos("年底前报送", ref) == ["2025-12-31"]
    assert isos("明年年底前提交", ref) == ["2026-12-31"]
    assert isos("去年底已完成", ref) == ["2024-12-31"]
    assert isos("每年年底前报送，每年底前汇总", ref) == []  # recurring


def test_ten_day_periods_and_the_months_end():
    """上旬/中旬/下旬 close on the 10th, the 20th and the month's last day; 本月底 and a bare
    月底前 on the publish month's last day; 当天 may stand between a day and its time."""
    ref = date(2025, 11, 20)
    assert isos("请于12月上旬前报送", ref) == ["2025-12-10"]
    assert isos("于12月中旬前将清单报送", ref) == ["2025-12-20"]
    assert isos("即日起至12月下旬", ref) == ["2025-12-31"]
    assert isos("2月中下旬", ref) == ["2026-02-28"]
    assert isos("11月上旬至11月中旬", date(2025, 10, 28)) == ["2025-11-10", "2025-11-20"]
    assert isos("请于本月底前登录平台", ref) == ["2025-11-30"]
    assert isos("于月底前完成填报", ref) == ["2025-11-30"]
    assert isos("每月月底前报送，上月底前", ref) == []  # recurring, or a month not this one
    assert isos("申报截止时间为11月28日当天18:00", ref) == ["2025-11-28T18:00"]


def test_a_ten_day_period_of_a_real_post(post):
    """河西政务服务's winter fishing season "2025年12月至2026年2月中旬" ends on 2026-02-20."""
    article = post("河西政务服务", "2247522820_6")
    found = [d for d in find_dates(article.content, date(2025, 12, 12)) if "旬" in d.text]
    assert [(d.text, d.iso) for d in found] == [("2026年2月中旬", "2026-02-20")]


def test_ten_day_periods_of_a_chinese_or_relative_month():
    """十二月中旬 (a month in Chinese numerals), 下月上旬 and 下个月底 (the next month's)."""
    ref = date(2025, 11, 20)
    assert isos("请于十二月中旬前完成网上填报", ref) == ["2025-12-20"]
    assert isos("二〇二六年二月下旬", ref) == ["2026-02-28"]
    assert isos("请于下月上旬前将推荐表报送", ref) == ["2025-12-10"]
    assert isos("下个月底前", date(2025, 12, 20)) == ["2026-01-31"]
    assert isos("下月10日前", date(2025, 12, 5)) == ["2026-01-10"]


def test_a_clock_time_after_a_dashed_date_is_kept():
    """ "2026-7-3 17:00" (a space, or ISO 8601's T, before the time); 24:00 is 23:59."""
    assert isos("截止时间为2026-7-3 17:00。") == ["2026-07-03T17:00"]
    assert isos("请于2026/01/09 24:00前上传") == ["2026-01-09T23:59"]
    assert isos("2026.3.2T09:30开始") == ["2026-03-02T09:30"]
    assert isos("申报日期2026-7-3，17:00后系统关闭") == ["2026-07-03"]  # a comma: no time of it


def test_a_clock_time_after_a_dotted_date_and_its_weekday_is_kept():
    """ "2026.05.20（周三）18:00": the bracketed weekday sits between the date and its time."""
    assert isos("报名截止时间：2026.05.20（周三）18:00") == ["2026-05-20T18:00"]
    assert isos("请于2026-05-20（星期三）17:00前报送") == ["2026-05-20T17:00"]
    assert isos("2026/5/20(周三) 24:00前上传") == ["2026-05-20T23:59"]
    assert isos("2026.05.20（周三），18:00后关闭") == ["2026-05-20"]  # a comma: no time of it


def test_a_real_show_time_after_a_dashed_date(post):
    """天津西青's weekly ticket offers list each show as "2025-10-25 15:30"."""
    text = post("天津西青", "2652056145_1").content
    found = [d for d in find_dates(text, date(2025, 10, 20)) if d.text.startswith("2025-10-25 ")]
    assert found and all(isinstance(d.value, datetime) for d in found)
    assert "2025-10-25T15:30" in [d.iso for d in found]


def test_a_window_closes_at_its_afternoon_session():
    """Daily sessions named by their half of the day ("上午9:00—11:30，下午14:00—17:00"); an
    afternoon's hour under 12 is read on the 24-hour clock."""
    ref = date(2026, 6, 29)
    text = "受理时间为2026年7月1日至7月20日，工作日上午9:00—11:30，下午14:00—17:00。"
    assert isos(text, ref)[-1] == "2026-07-20T17:00"
    text = "报名时间：7月1日至7月10日，每天上午8:30-11:30、下午2:00-5:30。"
    assert isos(text, ref)[-1] == "2026-07-10T17:30"


def test_a_chinese_numeral_date_keeps_its_weekday_and_hour():
    """ "二〇二六年九月三十日（星期三）十六时" (made-up): a date in Chinese numerals takes its time
    as an Arabic one does; the hours 十五 to 十九 are read as well as 十一 to 十四."""
    ref = date(2026, 9, 1)
    [span] = find_dates("材料须于二〇二六年九月三十日（星期三）十六时前送达。", ref)
    assert span.value == datetime(2026, 9, 30, 16, 0) and span.text.endswith("十六时")
    [span] = find_dates("请于十月九日下午三时前回复。", ref)
    assert span.value == datetime(2026, 10, 9, 15, 0)
    [span] = find_dates("报名截至10月20日十八时。", ref)
    assert span.value == datetime(2026, 10, 20, 18, 0)
    [span] = find_dates("十二月中旬十时", ref)  # a 旬 has no day to take an hour
    assert span.value == date(2026, 12, 20)


def test_english_dates_with_a_year_and_their_times():
    """Made-up English lines: month-day-year and day-month-year, ordinals, a weekday, a time
    before the date ("by 4 p.m. … on") or after it ("at 18:00"); a date without a year is not
    read (a bare "May 5" is too easily a word)."""
    ref = date(2026, 1, 10)

    def read(text: str) -> list[tuple[str, date | datetime]]:
        return [(s.text, s.value) for s in find_dates(text, ref)]

    assert read("Proposals are due by 4 p.m. on Monday, February 9, 2026.") == [
        ("4 p.m. on Monday, February 9, 2026", datetime(2026, 2, 9, 16, 0))
    ]
    assert read("Entries close on 3rd March 2026 at 18:00.") == [
        ("3rd March 2026 at 18:00", datetime(2026, 3, 3, 18, 0))
    ]
    assert read("Submit by Sept. 30, 2026") == [("Sept. 30, 2026", date(2026, 9, 30))]
    assert read("Open until May 5 to all.") == []
    assert read("February 30, 2026") == []


def test_an_english_windows_start_takes_the_year_and_month_of_its_end():
    """Made-up English windows: a start without a year, or a day alone after from/between or
    before a dash, is read by the full date that closes it, a year back when it would fall after
    it; a number before "to" with no from/between is a count, not a start."""
    ref = date(2026, 1, 10)

    def read(text: str) -> list[tuple[str, date | datetime, bool]]:
        return [(s.text, s.value, s.is_range_end) for s in find_dates(text, ref)]

    assert read("from 1 March to 15 April 2026") == [
        ("1 March", date(2026, 3, 1), False),
        ("15 April 2026", date(2026, 4, 15), True),
    ]
    assert read("Registration: 20 May – 5 June 2026") == [
        ("20 May", date(2026, 5, 20), False),
        ("5 June 2026", date(2026, 6, 5), True),
    ]
    assert read("from 9 to 27 November 2026")[0] == ("9", date(2026, 11, 9), False)
    assert read("June 1 to June 30, 2026")[0] == ("June 1", date(2026, 6, 1), False)
    assert read("from 20 December to 10 January 2027")[0][1] == date(2026, 12, 20)
    assert read("Rooms 3 to 5 June 2026") == [("5 June 2026", date(2026, 6, 5), False)]


def test_a_window_whose_days_carry_office_hours_ends_at_the_hours_end():
    """Made up: hours labelled as the office's, a daily word without a comma, and hours written
    right after the last day close that day at the hours' end."""
    ref = date(2026, 6, 8)
    text = "2026年6月15日—6月19日（工作时间：上午9:00-12:00，下午14:30-17:30），逾期不予受理。"
    assert isos(text, ref)[-1] == "2026-06-19T17:30"
    assert isos("6月15日至6月19日（办公时间：8:30-17:30）", ref)[-1] == "2026-06-19T17:30"
    assert isos("6月15日至6月19日 每天8:30-17:30", ref)[-1] == "2026-06-19T17:30"
    assert isos("6月15日至6月19日9:00-17:30", ref)[-1] == "2026-06-19T17:30"
    assert isos("6月15日至6月19日下午2:00-5:00", ref)[-1] == "2026-06-19T17:00"
    assert isos("6月15日9:00至6月19日17:00", ref)[-1] == "2026-06-19T17:00"  # a time of its own
    assert isos("6月15日至6月19日，地点：3号楼", ref)[-1] == "2026-06-19"
    # a window opened today, its start unwritten
    assert isos("即日起至6月19日，受理时间9:00-17:00（节假日除外）", ref)[-1] == "2026-06-19T17:00"
    assert isos("即日起至6月19日（每天8:30-17:30）", ref)[-1] == "2026-06-19T17:30"
    assert isos("即日起至6月19日，请按时报送", ref)[-1] == "2026-06-19"


def test_real_windows_close_at_their_last_days_hours(post):
    """天津西青 writes "2026年1月12日至2026年1月28日上午9：00-11：30，下午14：30-17：00" (咨询时间)
    and "10月17日—19日9:00-16:30" (a fair's hours): each last day closes at its hours' end."""
    text = post("天津西青", "2652075649_2").content
    assert "2026-01-28T17:00" in isos(text, date(2026, 1, 12))
    text = post("天津西青", "2652054457_1").content
    assert "2025-10-19T16:30" in isos(text, date(2025, 10, 13))
