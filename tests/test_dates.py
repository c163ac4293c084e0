"""One home for dates: today in Shanghai, the day calls are judged on, stored and given dates."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from wxintel import dates


def test_today_is_shanghais_date() -> None:
    assert dates.today() == datetime.now(dates.SHANGHAI).date()


def test_calls_are_judged_on_the_given_day_else_today_or_an_older_archives_end() -> None:
    today = dates.today()
    assert dates.reference_day(date(2025, 10, 1), "2025-10-15") == (date(2025, 10, 1), "given")
    assert dates.reference_day(None, "2025-10-15T09:00:00+08:00") == (
        date(2025, 10, 15),
        "newest_post",
    )
    tomorrow = (today + timedelta(days=1)).isoformat()
    assert dates.reference_day(None, tomorrow) == (today, "today")
    assert dates.reference_day(None, "") == (today, "today")


def test_given_dates_read_in_shanghai_time() -> None:
    assert dates.parse_input("2025年9月10日 08:30") == "2025-09-10T08:30"
    assert dates.parse_input(20251001) == "2025-10-01"
    assert dates.parse_input("2025-09-10T00:30:00Z") == "2025-09-10T08:30:00+08:00"
    assert dates.parse_input(1757464200).startswith("2025-09-10T08:30:00+08:00")
    for bad in ("next tuesday", True, None):
        try:
            dates.parse_input(bad)
        except ValueError:
            continue
        raise AssertionError(f"{bad!r} read as a date")


def test_stored_days() -> None:
    assert dates.day_of("2025-09-10T08:30:00+08:00") == date(2025, 9, 10)
    assert dates.day_of("") is None and dates.day_of("garbage") is None
    assert dates.published_at("2025-09-10").tzinfo is dates.SHANGHAI


def test_minute_stamps_sort_stored_dates_in_shanghai_time() -> None:
    assert dates.minute_stamp("2025-09-10") == 202509100000
    assert dates.minute_stamp("2025-09-10", end_of_day=True) == 202509102359
    assert dates.minute_stamp("2025-09-10T08:30") == 202509100830
    assert dates.minute_stamp("2025-09-10T08:30:00+08:00") == 202509100830
    # a time given in another zone is the Shanghai minute it was: the next day here
    assert dates.minute_stamp("2025-09-10T20:30:00+00:00") == 202509110430
    assert dates.minute_stamp("") == dates.minute_stamp("garbage") == 0
    stored = ["2025-10-01", "2025-09-10T20:30:00+00:00", "2025-09-10T08:30", "2025-09-11T05:00"]
    by_stamp = sorted(stored, key=dates.minute_stamp)
    assert by_stamp == sorted(stored, key=dates.published_at)


def test_iso_weeks_and_their_days() -> None:
    assert dates.iso_week(date(2025, 9, 17)) == "2025-W38"
    assert dates.week_days("2025-W38") == (date(2025, 9, 15), date(2025, 9, 21))
    assert dates.week_days("2026-W01") == (date(2025, 12, 29), date(2026, 1, 4))
    for day in (date(2025, 12, 31), date(2021, 1, 3)):  # weeks that straddle a new year
        monday, sunday = dates.week_days(dates.iso_week(day))
        assert monday <= day <= sunday
