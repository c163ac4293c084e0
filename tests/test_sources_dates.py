"""Publish dates as real inputs carry them: English date keys, YYYYMMDD numbers, wrong dates.

Records are real seed articles re-keyed the way other crawlers write them.
"""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from conftest import SEED

from wxintel.model import Article, Reject
from wxintel.sources import read_bytes

DATE_KEYS = ("published", "time", "date", "publish_time", "pub_date", "create_time")


def english(record: dict, **dates: object) -> dict:
    """A seed record with English keys and the given date keys instead of 时间time."""
    return {
        "aid": record["文章标识符aid"],
        "title": record["标题title"],
        "url": record["链接url"],
        "account": record["公众号名称"],
        "content": record["finalContent"],
        **dates,
    }


@pytest.fixture(scope="module")
def seed() -> list[dict]:
    return json.loads(SEED.read_text(encoding="utf-8-sig"))


def read_lines(records: list[dict]) -> list[Article | Reject]:
    data = "\n".join(json.dumps(r, ensure_ascii=False) for r in records).encode()
    return list(read_bytes(data, "posts.jsonl"))


@pytest.mark.parametrize("key", DATE_KEYS)
def test_each_english_date_key_is_the_publish_date(key: str, seed: list[dict]) -> None:
    [article] = read_lines([english(seed[0], **{key: seed[0]["时间time"]})])
    assert isinstance(article, Article)
    assert article.published[:10] == seed[0]["时间time"][:10].replace("/", "-")
    assert key not in article.extra


def test_date_keys_are_preferred_in_the_documented_order(seed: list[dict]) -> None:
    days = [f"2025-10-{n:02d}" for n in range(1, len(DATE_KEYS) + 1)]
    for first in range(len(DATE_KEYS)):
        given = dict(zip(DATE_KEYS[first:], days[first:], strict=True))
        [article] = read_lines([english(seed[0], **given)])
        assert article.published == days[first]
        assert article.extra == {k: v for k, v in given.items() if k != DATE_KEYS[first]}


def test_an_empty_preferred_key_gives_way_to_one_with_a_date(seed: list[dict]) -> None:
    [article] = read_lines([english(seed[0], published="", time="2025-09-30 10:00")])
    assert article.published == "2025-09-30T10:00"


def test_an_eight_digit_number_is_a_yyyymmdd_date(seed: list[dict]) -> None:
    as_number, as_text = read_lines(
        [english(seed[0], time=20251001), english(seed[1], time="20251001")]
    )
    assert as_number.published == as_text.published == "2025-10-01"


def test_timestamps_still_read_as_timestamps(seed: list[dict]) -> None:
    seconds, millis = read_lines(
        [english(seed[0], time=1760488200), english(seed[1], time=1760488200000)]
    )
    assert seconds.published == millis.published == "2025-10-15T08:30:00+08:00"


def test_implausible_dates_are_rejected_naming_field_and_value(seed: list[dict]) -> None:
    next_year = (date.today() + timedelta(days=400)).isoformat()
    records = [dict(seed[n]) for n in range(4)]
    for record, value in zip(records, ["0001/01/01", 19991231, next_year, 0], strict=True):
        record["时间time"] = value
    out = read_lines(records)
    assert [r.reason for r in out if isinstance(r, Reject)] == [
        "field 时间time: implausible date '0001/01/01'",
        "field 时间time: implausible date 19991231",
        f"field 时间time: implausible date '{next_year}'",
        "field 时间time: implausible date 0",
    ]
