"""Atom and iCalendar output on the real seed: valid, parseable, complete and stable."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import date, datetime

import feedparser
import httpx
import pytest
from conftest import MORE
from helpers import copy_seed_db, serve
from icalendar import Calendar

from wxintel import dates, feeds
from wxintel.pipeline import ingest
from wxintel.store import open_store
from wxintel.web import create_app

ATOM = "{http://www.w3.org/2005/Atom}"
AS_OF = date(2025, 10, 15)
SITE = "http://127.0.0.1:8000"


@pytest.fixture(scope="module")
def calls(store) -> list[dict]:
    return store.calls(status="all", as_of=AS_OF)


def vevents(body: bytes) -> list:
    return [c for c in Calendar.from_ical(body).walk() if c.name == "VEVENT"]


def test_calls_ics_has_one_event_per_dated_call_with_stable_uids(calls):
    dated = [c for c in calls if feeds.call_deadline(c) is not None]
    assert dated, "the seed has calls with deadlines"
    events = vevents(feeds.calls_ics(calls, site_url=SITE))
    assert sorted(str(e["uid"]) for e in events) == sorted(
        f"{c['key']}-deadline@wxintel" for c in dated
    )
    assert feeds.calls_ics(calls, site_url=SITE) == feeds.calls_ics(calls, site_url=SITE)


def test_call_event_carries_deadline_contacts_and_link(calls):
    call = next(c for c in calls if c["id"] == "2650689428_2")
    (event,) = vevents(feeds.calls_ics([call], site_url=SITE))
    start = event.decoded("dtstart")
    assert (start.date() if isinstance(start, datetime) else start) == date(2025, 10, 30)
    text = str(event["description"])
    assert "陈珂" in text and "施雨润" in text
    assert f"{SITE}/articles/{call['key']}" in text
    assert str(event["summary"]).startswith("截止：")


def test_all_day_deadline_ends_the_next_day():
    call = {"key": "k1", "title": "t", "deadline": "2025-10-30", "published": "2025-10-01"}
    (event,) = vevents(feeds.calls_ics([call]))
    assert event.decoded("dtstart") == date(2025, 10, 30)
    assert event.decoded("dtend") == date(2025, 10, 31)


def test_timed_deadline_keeps_shanghai_time():
    call = {"key": "k2", "title": "t", "deadline": "2025-11-17T17:00", "published": "2025-11-01"}
    (event,) = vevents(feeds.calls_ics([call]))
    start = event.decoded("dtstart")
    assert (start.hour, start.utcoffset().total_seconds()) == (17, 8 * 3600)


def test_publicity_period_end_is_the_date_when_there_is_no_deadline():
    call = {"key": "k3", "title": "公示", "deadline": None, "period": ["2025-10-10", "2025-10-16"]}
    assert feeds.call_deadline(call) == date(2025, 10, 16)
    assert feeds.call_deadline({"key": "k4", "deadline": None, "period": None}) is None


def test_calendar_combines_calls_and_dated_events(store, calls):
    events = feeds.dated_events(store.events())
    assert events, "the seed reports events with dates"
    body = feeds.events_ics(calls, events, site_url=SITE)
    uids = [str(e["uid"]) for e in vevents(body)]
    assert len(uids) == len(set(uids))
    assert {e.uid for e in events} <= set(uids)
    assert any(u.endswith("-deadline@wxintel") for u in uids)
    located = [e for e in vevents(body) if "-event-" in str(e["uid"]) and "location" in e]
    assert located, "events keep their venue"


def test_articles_atom_is_valid_atom_with_entries_in_order(store):
    articles = [a for a in store.iter_articles(date_from="2025-10-01") if not a.duplicate_of][:20]
    articles.reverse()
    body = feeds.articles_atom(
        articles, title="最新", self_url=f"{SITE}/feeds/articles.atom", site_url=SITE
    )
    root = ET.fromstring(body)
    assert root.tag == f"{ATOM}feed"
    assert root.find(f"{ATOM}id").text == f"{SITE}/feeds/articles.atom"
    entries = root.findall(f"{ATOM}entry")
    assert [e.find(f"{ATOM}title").text for e in entries] == [a.title for a in articles]
    for entry, article in zip(entries, articles, strict=True):
        assert entry.find(f"{ATOM}id").text == f"urn:wxintel:article:{article.key}"
        (link,) = entry.findall(f"{ATOM}link")  # Atom allows one alternate per type
        assert link.get("rel", "alternate") == "alternate"
        assert link.get("href") == f"{SITE}/articles/{article.key}"
        if article.url:
            assert article.url in entry.find(f"{ATOM}summary").text
        assert entry.find(f"{ATOM}updated").text.startswith(article.published[:10])
        assert entry.find(f"{ATOM}author/{ATOM}name").text == article.account


def test_calls_atom_summarises_contacts(calls):
    body = feeds.calls_atom(calls, self_url=f"{SITE}/feeds/calls.atom", site_url=SITE)
    entries = ET.fromstring(body).findall(f"{ATOM}entry")
    assert len(entries) == len(calls)
    summary = next(
        e.find(f"{ATOM}summary").text
        for e in entries
        if e.find(f"{ATOM}id").text.endswith(
            next(c["key"] for c in calls if c["id"] == "2650689428_2")
        )
    )
    assert "2025-10-30" in summary and "陈珂" in summary


def test_parse_when_rejects_garbage_and_keeps_dates_all_day():
    assert dates.parse_when("2025-10-30") == date(2025, 10, 30)
    assert dates.parse_when("not a date") is None
    assert dates.parse_when("") is None
    assert isinstance(dates.parse_when("2025-10-30T09:30"), datetime)


def test_timed_events_come_with_the_shanghai_vtimezone(calls):
    timed = [c for c in calls if isinstance(feeds.call_deadline(c), datetime)]
    assert timed, "the seed has deadlines with a time of day"
    cal = Calendar.from_ical(feeds.calls_ics(calls, site_url=SITE))
    zones = [c for c in cal.walk() if c.name == "VTIMEZONE"]
    assert [str(z["tzid"]) for z in zones] == ["Asia/Shanghai"]
    offsets = {c["tzoffsetto"].td.total_seconds() for z in zones for c in z.subcomponents}
    assert 8 * 3600 in offsets
    used = {e["dtstart"].params.get("TZID") for e in vevents(cal.to_ical())} - {None}
    assert used == {"Asia/Shanghai"}


def test_all_day_calendars_need_no_vtimezone():
    call = {"key": "k1", "title": "t", "deadline": "2025-10-30", "published": "2025-10-01"}
    cal = Calendar.from_ical(feeds.calls_ics([call]))
    assert not [c for c in cal.walk() if c.name == "VTIMEZONE"]


def test_events_link_to_the_original_else_to_our_page(calls):
    call = next(c for c in calls if c["id"] == "2650689428_2")
    assert call["url"].startswith("http")
    (event,) = vevents(feeds.calls_ics([call]))
    assert str(event["url"]) == call["url"]
    hostile = {**call, "url": "javascript:alert(1)"}
    (event,) = vevents(feeds.calls_ics([hostile], site_url=SITE))
    assert str(event["url"]) == f"{SITE}/articles/{call['key']}"
    assert b"javascript" not in feeds.calls_ics([hostile], site_url=SITE)
    (event,) = vevents(feeds.calls_ics([hostile]))
    assert "url" not in event


def test_dated_events_link_like_calls(store):
    (event,) = feeds.dated_events(store.events())[:1]
    (plain,) = vevents(feeds.events_ics([], [event], site_url=SITE))
    assert str(plain["url"]) in (event.url, f"{SITE}/articles/{event.key}")
    scripted = feeds.DatedEvent(**{**event.__dict__, "url": "javascript:alert(1)"})
    (linked,) = vevents(feeds.events_ics([], [scripted], site_url=SITE))
    assert str(linked["url"]) == f"{SITE}/articles/{event.key}"


def test_atom_summary_names_only_web_originals(store):
    article = next(a for a in store.iter_articles() if a.url.startswith("http"))
    scripted = type(article)(**{**article.__dict__, "url": "javascript:alert(1)"})
    feed = feeds.articles_atom([article, scripted], title="t", self_url=SITE, site_url=SITE)
    summaries = [e.find(f"{ATOM}summary").text for e in ET.fromstring(feed).iter(f"{ATOM}entry")]
    assert f"原文：{article.url}" in summaries[0]
    assert "原文" not in summaries[1] and b"javascript" not in feed


def test_a_feed_reader_polling_the_server_gets_304_until_a_post_changes_the_feed(seed_db, tmp_path):
    """feedparser, as a reader uses it, sends back the ETag it was given: the feeds and the
    calendar answer 304 with no body while nothing changed, and the new bytes once an ingest
    changed what they hold (new calls from another account)."""
    db = copy_seed_db(seed_db, tmp_path)
    paths = ["/feeds/calls.atom", "/feeds/articles.atom?q=申报", "/calendar.ics"]
    with serve(create_app(db)) as base:
        first = {p: httpx.get(base + p) for p in paths}

        def revalidated(path: str) -> httpx.Response:
            return httpx.get(base + path, headers={"If-None-Match": first[path].headers["etag"]})

        calls_feed = feedparser.parse(base + paths[0])
        again = feedparser.parse(base + paths[0], etag=calls_feed.etag)
        held = {p: revalidated(p) for p in paths}
        store = open_store(db)
        ingest([MORE / "津北商务.json"], store, workers=1)
        store.close()
        after = {p: revalidated(p) for p in paths}
    assert calls_feed.status == 200 and calls_feed.entries and not calls_feed.bozo
    assert again.status == 304 and again.entries == []
    for path in paths:
        assert first[path].headers["cache-control"] == "no-cache"
        assert (held[path].status_code, held[path].content) == (304, b"")
        assert after[path].status_code == 200
        assert after[path].headers["etag"] != first[path].headers["etag"]


def test_an_undated_post_says_so_in_the_feed_and_claims_no_publish_day(store):
    """A post stored without a date (a feed item whose page could not say) had an Atom
    <published> of wxintel's epoch (2000-01-01), which readers show; it now has none and its
    summary starts with 日期未知 (<updated> is required, and stays the epoch: never the day it
    was read)."""
    dated = next(a for a in store.iter_articles() if a.published)
    undated = type(dated)(**{**dated.__dict__, "published": ""})
    body = feeds.articles_atom([dated, undated], title="t", self_url=SITE, site_url=SITE)
    first, second = ET.fromstring(body).iter(f"{ATOM}entry")
    assert first.find(f"{ATOM}published") is not None
    assert not first.find(f"{ATOM}summary").text.startswith("日期未知")
    assert second.find(f"{ATOM}published") is None
    assert second.find(f"{ATOM}summary").text.startswith("日期未知\n")
    assert second.find(f"{ATOM}updated").text == dates.EPOCH.isoformat()
    assert not feedparser.parse(body).bozo


def test_a_calendar_narrowed_to_an_account_downloads_under_its_name(seed_db, tmp_path):
    """Two calendars downloaded, one per account, are two files: an account's calendar is named
    after it (RFC 6266 filename*, with an ASCII name for older clients); the whole one stays
    wxintel.ics."""
    from urllib.parse import quote

    with serve(create_app(copy_seed_db(seed_db, tmp_path))) as base:
        whole = httpx.get(base + "/calendar.ics")
        one = httpx.get(base + "/calendar.ics", params={"account": "上海经信委"})
    assert whole.headers["content-disposition"] == 'attachment; filename="wxintel.ics"'
    named = one.headers["content-disposition"]
    assert named.startswith('attachment; filename="wxintel.ics"')
    assert f"filename*=UTF-8''{quote('wxintel-上海经信委.ics')}" in named
    assert vevents(one.content)
