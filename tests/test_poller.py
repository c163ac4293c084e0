"""The feed poller over real HTTP on loopback, into real SQLite stores.

A local server plays the collectors (we-mp-rss, wewe-rss, RSSHub): full-content feeds built
from the real seed export, summary-only feeds linking to the saved WeChat pages in
../shared/data/wechat-pages, ETag and 304, 500s, slow answers, truncated XML, a login page in
place of a feed, an entity-expansion bomb, GBK, RSS 1.0, Atom and JSON Feed.
"""

from __future__ import annotations

import functools
import html
import json
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from conftest import MORE, PAGES, REPO, SEED, StoreTarget, raw_records
from feedserver import FeedServer, Route, full_item, rfc822, rss, seed_day, start, summary_item

from wxintel.reads import UnknownScope
from wxintel.search import SearchQuery
from wxintel.sources.page import parse_page
from wxintel.store import SQLStore, open_store
from wxintel.store.sources import SourceStore, stamp
from wxintel.subscribe.alerts import after_poll
from wxintel.subscribe.health import sources_health
from wxintel.subscribe.poller import PollSettings, poll_sources
from wxintel.subscribe.subscriptions import add_source
from wxintel.watch import WatchFilters, add_watchlist
from wxintel.webhook import post_json

T0 = datetime(2025, 10, 16, 1, 0, tzinfo=UTC)
FAST = PollSettings(timeout=10.0, host_delay=0.0, workers=4)  # generous: loopback under CI load
HEALTH_KEYS = {
    "id", "url", "name", "group", "every", "last_checked", "last_ok", "last_new",
    "new_last_7d", "failures", "last_error", "quiet",
}  # fmt: skip
VERIFY_PAGE = (
    "<!DOCTYPE html><html><head><title>验证</title></head><body><div class='weui-msg'>"
    "<h2 class='weui-msg__title'>环境异常</h2><p class='weui-msg__desc'>当前环境异常，"
    "完成验证后即可继续访问。</p></div></body></html>"
).encode()
LOGIN_PAGE = (
    "<!DOCTYPE html><html><head><title>登录已过期 - we-mp-rss</title></head>"
    "<body><form action='/login'><input name='password'></form></body></html>"
).encode()
BOMB = (
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    b'<!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
    b'<!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">]>'
    b'<rss version="2.0"><channel><title>&lol2;</title><item><title>&lol2;</title>'
    b"<description>x</description></item></channel></rss>"
)


@pytest.fixture(scope="module")
def server() -> Iterator[FeedServer]:
    state = FeedServer()
    httpd = start(state)
    yield state
    httpd.shutdown()


@pytest.fixture(scope="module")
def seed() -> list[dict]:
    return raw_records(SEED)


@pytest.fixture
def store(store_factory: Callable[[], StoreTarget]) -> Iterator[SQLStore]:
    """A fresh store of each backend (SQLite file, PostgreSQL schema) in turn."""
    opened = store_factory().open()
    yield opened
    opened.close()


def runner(store: SQLStore):
    return lambda fn, write=False: fn(store)


def health_of(store: SQLStore, now: datetime) -> dict:
    [entry] = sources_health(SourceStore(store), now)
    return entry


def test_full_feed_is_stored_searchable_then_answered_304(
    server: FeedServer, store: SQLStore, seed: list[dict]
):
    records = seed[:6]
    path = f"/full-{store.dialect}.xml"  # each backend's run has its own hits
    server.routes[path] = Route(
        rss([full_item(r) for r in records], "上海经信委"), etag='"v1"', gzip=True
    )
    add_source(store, server.url(path), "上海经信委", "上海市级", "30m")

    first = poll_sources(runner(store), FAST, now=T0)
    assert (first.added, first.to_json()["failed"]) == (6, 0)
    assert store.count() == 6
    title = records[2]["标题title"]
    assert title in [h.title for h in store.search(SearchQuery(text=f'"{title[:12]}"')).hits]
    [hit] = server.hits_of(path)
    assert "gzip" in hit.headers["accept-encoding"] and "cookie" not in hit.headers
    entry = health_of(store, T0)
    assert set(entry) == HEALTH_KEYS
    assert entry["last_ok"] == entry["last_new"] == stamp(T0)
    assert (entry["new_last_7d"], entry["failures"], entry["last_error"]) == (6, 0, None)
    assert (entry["every"], entry["group"]) == ("30m", "上海市级")

    assert poll_sources(runner(store), FAST, now=T0 + timedelta(minutes=10)).sources == []
    later = T0 + timedelta(minutes=31)
    second = poll_sources(runner(store), FAST, now=later)
    assert second.sources[0]["status"] == 304 and second.added == 0
    assert server.hits_of(path)[-1].headers["if-none-match"] == '"v1"'
    entry = health_of(store, later)
    assert (entry["last_checked"], entry["last_ok"], entry["last_new"]) == (
        stamp(later),
        stamp(later),
        stamp(T0),
    )
    assert store.count() == 6


def test_summary_items_are_completed_from_their_article_pages(server: FeedServer, store: SQLStore):
    at = f"/{store.dialect}"  # each backend's run has its own paths and hits
    pages = {
        f"{at}/p/weekly": (PAGES / "wae_article_0_02_ruanyf_weekly372.html").read_bytes(),
        f"{at}/p/share": (PAGES / "wae_text_share_10_01.html").read_bytes(),
        f"{at}/p/deleted": (PAGES / "wae_deleted_by_author_01.html").read_bytes(),
        f"{at}/p/verify": VERIFY_PAGE,
    }
    for path, body in pages.items():
        server.routes[path] = Route(body, content_type="text/html; charset=utf-8")
    items = [summary_item(f"条目{path}", server.url(path), f"g{path}") for path in pages]
    server.routes[f"{at}/summary.xml"] = Route(rss(items, "桥接"), etag='"s1"')
    add_source(store, server.url(f"{at}/summary.xml"), "", "", "1h")  # the pages name it

    report = poll_sources(runner(store), FAST, now=T0)
    [polled] = report.sources
    assert (report.added, polled["gone"], polled["deferred"]) == (2, 1, 1)
    weekly = store.search(SearchQuery(text="科技爱好者周刊")).hits[0]
    assert weekly.title == "科技爱好者周刊#372：软件界面如何设计"
    assert weekly.account == "阮一峰的网络日志"  # the page's account, not the feed's title
    assert len(store.get(weekly.key).content) > 5000
    assert store.count() == 2  # neither the deleted page nor the verification page is content
    assert SourceStore(store).all()[0].etag == ""  # an item waits: the next poll reads it all

    poll_sources(runner(store), FAST, now=T0 + timedelta(hours=2))
    assert len(server.hits_of(f"{at}/p/weekly")) == len(server.hits_of(f"{at}/p/deleted")) == 1
    assert len(server.hits_of(f"{at}/p/verify")) == 2  # retried, never stored
    assert "if-none-match" not in server.hits_of(f"{at}/summary.xml")[-1].headers
    assert store.count() == 2


def test_an_item_without_a_date_takes_its_pages_date_else_stays_undated(
    server: FeedServer, store: SQLStore, seed: list[dict]
):
    """A full-text item without a date was stored undated though its page says the day; the
    lead's decision: the page is read for it, and an item whose page cannot say (a dead link,
    a page down) is stored without a date, never dated by the poll that read it."""
    at = f"/{store.dialect}-undated"
    server.routes[f"{at}/p/weekly"] = Route(
        (PAGES / "wae_article_0_02_ruanyf_weekly372.html").read_bytes(),
        content_type="text/html; charset=utf-8",
    )
    server.routes[f"{at}/p/down"] = Route(b"", status=500)
    items = [
        re.sub(
            r"<link>.*?</link>",
            f"<link>{server.url(f'{at}/p/{page}')}</link>",
            re.sub(r"<pubDate>.*?</pubDate>", "", full_item(record)),
        )
        for record, page in zip(seed[:3], ("weekly", "gone", "down"), strict=True)
    ]
    server.routes[f"{at}/feed.xml"] = Route(rss(items, "上海经信委"))
    add_source(store, server.url(f"{at}/feed.xml"))
    report = poll_sources(runner(store), FAST, now=T0)
    # a page down for now holds back no item that lacks only its date (offline, for good)
    assert (report.added, report.sources[0]["pages"], report.sources[0]["deferred"]) == (3, 3, 0)
    weekly = store.search(SearchQuery(text="科技爱好者周刊")).hits[0]
    page = parse_page((PAGES / "wae_article_0_02_ruanyf_weekly372.html").read_text(), "p")
    assert weekly.published == page.published and page.published[:10] != stamp(T0)[:10]
    for record in seed[1:3]:
        [undated] = store.search(SearchQuery(text=f'"{record["标题title"][:14]}"')).hits
        assert undated.published == ""


def test_a_feed_that_moved_for_good_is_polled_at_its_new_url_from_then_on(
    server: FeedServer, store: SQLStore, seed: list[dict]
):
    """A feed answering 301 was followed on every poll while the subscription kept the old
    URL (trial6). The lead's decision: 301 and 308 move the subscription, 302 and 307 do not;
    a new URL another source already has leaves both as they are; the poll says which."""
    at = f"/{store.dialect}-moved"
    feed = Route(rss([full_item(seed[0])], "上海经信委"))
    for code in (301, 308, 302, 307):
        server.routes[f"{at}/{code}/new.xml"] = feed
        server.routes[f"{at}/{code}/old.xml"] = Route(
            status=code, location=server.url(f"{at}/{code}/new.xml")
        )
        add_source(store, server.url(f"{at}/{code}/old.xml"), f"源{code}")
    server.routes[f"{at}/twice.xml"] = Route(status=301, location=server.url(f"{at}/301/new.xml"))
    add_source(store, server.url(f"{at}/twice.xml"), "重复")

    report = poll_sources(runner(store), FAST, now=T0)
    moves = {s["name"]: (s["moved_to"], s["moved"]) for s in report.sources}
    assert moves == {
        "源301": (server.url(f"{at}/301/new.xml"), True),
        "源308": (server.url(f"{at}/308/new.xml"), True),
        "源302": (None, False),
        "源307": (None, False),
        "重复": (server.url(f"{at}/301/new.xml"), False),
    }
    urls = {row.name: row.url for row in SourceStore(store).all()}
    assert urls == {
        "源301": server.url(f"{at}/301/new.xml"),
        "源308": server.url(f"{at}/308/new.xml"),
        "源302": server.url(f"{at}/302/old.xml"),
        "源307": server.url(f"{at}/307/old.xml"),
        "重复": server.url(f"{at}/twice.xml"),
    }
    before = len(server.hits_of(f"{at}/301/old.xml"))
    poll_sources(runner(store), FAST, now=T0 + timedelta(hours=2))
    assert len(server.hits_of(f"{at}/301/old.xml")) == before  # the old URL is asked no more
    assert len(server.hits_of(f"{at}/302/old.xml")) == 2


def test_an_item_whose_link_is_dead_keeps_its_summary(server: FeedServer, store: SQLStore):
    """A summary-only item whose link answered 404 waited for its page forever ("deferred"),
    fetched again every poll and never stored. 404 and 410 are final: the summary is kept;
    a 500 is not: that item still waits and is tried again."""
    at = f"/dead-{store.dialect}"
    server.routes[f"{at}/p/gone"] = Route(b"not here", status=404, content_type="text/plain")
    server.routes[f"{at}/p/down"] = Route(b"oops", status=500, content_type="text/plain")
    items = [
        summary_item("关于开展测试申报的通知", server.url(f"{at}/p/gone"), f"g{at}/gone"),
        summary_item("系统维护中的通知", server.url(f"{at}/p/down"), f"g{at}/down"),
    ]
    server.routes[f"{at}/summary.xml"] = Route(rss(items, "桥接"))
    add_source(store, server.url(f"{at}/summary.xml"), "", "", "1h")  # the pages name it

    report = poll_sources(runner(store), FAST, now=T0)
    [polled] = report.sources
    assert (report.added, polled["deferred"], polled["error"]) == (1, 1, None)
    [kept] = store.search(SearchQuery(text="测试申报")).hits
    assert kept.title == "关于开展测试申报的通知"
    poll_sources(runner(store), FAST, now=T0 + timedelta(hours=2))
    assert len(server.hits_of(f"{at}/p/gone")) == 1  # stored: never fetched again
    assert len(server.hits_of(f"{at}/p/down")) == 2  # retried
    assert store.count() == 1


@pytest.mark.parametrize(
    ("route", "expected"),
    [
        (Route(b"oops", status=500), "HTTP 500"),
        (Route(b"<rss/>", delay=2.0), "timeout"),
        (Route(b"", content_type="text/plain"), "malformed XML at line 1, column 1"),
        (Route(LOGIN_PAGE, content_type="text/html"), "HTML page titled '登录已过期 - we-mp-rss'"),
        (Route(BOMB), "refused: the XML declares entities"),
        (Route(b"<rss>" + b" " * 300_000 + b"</rss>"), "too large"),
    ],
    ids=["500", "slow", "empty", "login", "bomb", "huge"],
)
def test_a_failed_poll_changes_nothing_and_backs_off(
    route: Route, expected: str, server: FeedServer, store: SQLStore, seed: list[dict]
):
    path = f"/broken-{len(server.routes)}.xml"
    server.routes[path] = Route(rss([full_item(r) for r in seed[:3]], "上海经信委"), etag='"a"')
    add_source(store, server.url(path), "上海经信委", "", "1h")
    settings = PollSettings(timeout=0.3, host_delay=0.0, max_bytes=200_000)
    first = poll_sources(runner(store), settings, now=T0)
    assert (first.added, first.sources[0]["error"]) == (3, None), first.sources
    before = SourceStore(store).all()[0]

    server.routes[path] = route
    later = T0 + timedelta(hours=1)
    report = poll_sources(runner(store), settings, now=later)
    assert expected in report.sources[0]["error"]
    after = SourceStore(store).all()[0]
    assert (after.failures, after.etag, after.last_ok) == (1, '"a"', before.last_ok)
    assert expected in after.last_error
    assert after.next_due == stamp(later + timedelta(hours=2))  # backed off: twice the interval
    assert store.count() == 3

    fixed = seed[:5]  # the collector recovers with two more posts: none is lost
    server.routes[path] = Route(rss([full_item(r) for r in fixed], "上海经信委"), etag='"b"')
    report = poll_sources(runner(store), settings, now=later + timedelta(hours=2))
    assert (report.added, store.count(), SourceStore(store).all()[0].failures) == (2, 5, 0)


def test_truncated_xml_names_its_line_and_stores_nothing(
    server: FeedServer, store: SQLStore, seed: list[dict]
):
    body = rss([full_item(r) for r in seed[:4]], "上海经信委")
    server.routes["/cut.xml"] = Route(body[: len(body) * 2 // 3])
    add_source(store, server.url("/cut.xml"), "上海经信委")
    report = poll_sources(runner(store), FAST, now=T0)
    lines = len(re.split(rb"\r\n|\r|\n", body[: len(body) * 2 // 3]))  # as XML counts lines
    assert report.sources[0]["error"].startswith(f"malformed XML at line {lines}, column ")
    assert store.count() == 0


def test_gbk_rdf_atom_and_json_feed_sources_in_one_poll(
    server: FeedServer, store: SQLStore, seed: list[dict]
):
    gbk, rdf, atom, jsonf = seed[10], seed[11], seed[12], seed[13]
    server.routes["/gbk.xml"] = Route(rss([full_item(gbk)], "上海经信委", encoding="GBK"))
    server.routes["/rdf.xml"] = Route(
        (
            '<?xml version="1.0" encoding="utf-8"?><rdf:RDF'
            ' xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"'
            ' xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/"'
            ' xmlns:content="http://purl.org/rss/1.0/modules/content/">'
            '<channel rdf:about="https://bridge.example/"><title>上海经信委</title></channel>'
            f'<item rdf:about="{html.escape(rdf["链接url"])}">'
            f"<title>{html.escape(rdf['标题title'])}</title>"
            f"<link>{html.escape(rdf['链接url'])}</link>"
            f"<dc:date>{seed_day(rdf['时间time'])}T08:00:00+08:00</dc:date>"
            f"<content:encoded>{html.escape(rdf['finalContent'])}</content:encoded>"
            "</item></rdf:RDF>"
        ).encode()
    )
    server.routes["/atom.xml"] = Route(
        (
            '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
            "<title>上海经信委</title><id>urn:x</id><updated>2025-10-15T00:00:00Z</updated>"
            f"<entry><title>{html.escape(atom['标题title'])}</title><id>urn:{atom['文章标识符aid']}</id>"
            f'<link href="{html.escape(atom["链接url"])}"/>'
            f"<published>{seed_day(atom['时间time'])}T08:00:00+08:00</published>"
            f'<content type="html">{html.escape(atom["finalContent"])}</content></entry></feed>'
        ).encode()
    )
    server.routes["/feed.json"] = Route(
        json.dumps(
            {
                "version": "https://jsonfeed.org/version/1.1",
                "title": "上海经信委",
                "items": [
                    {
                        "id": jsonf["文章标识符aid"],
                        "url": jsonf["链接url"],
                        "title": jsonf["标题title"],
                        "content_text": jsonf["finalContent"].replace("\r", "\n"),
                        "date_published": f"{seed_day(jsonf['时间time'])}T08:00:00+08:00",
                    }
                ],
            },
            ensure_ascii=False,
        ).encode(),
        content_type="application/feed+json",
    )
    for path in ("/gbk.xml", "/rdf.xml", "/atom.xml", "/feed.json"):
        add_source(store, server.url(path), "", "格式")
    report = poll_sources(runner(store), FAST, now=T0)
    assert [s["error"] for s in report.sources] == [None] * 4
    assert report.added == 4
    for record in (gbk, rdf, atom, jsonf):
        [hit] = store.search(SearchQuery(text=f'"{record["标题title"][:14]}"', limit=1)).hits
        assert hit.title == record["标题title"] and hit.account == "上海经信委"
        assert hit.published[:10] == seed_day(record["时间time"]).isoformat()


def test_one_poller_at_a_time_and_a_dead_pollers_lease_lapses(
    server: FeedServer, store: SQLStore, seed: list[dict]
):
    server.routes["/lease.xml"] = Route(rss([full_item(seed[0])], "上海经信委"))
    add_source(store, server.url("/lease.xml"), "上海经信委")
    sources = SourceStore(store)
    assert sources.take_lease("elsewhere:1:a", stamp(T0), stamp(T0 + timedelta(minutes=15)))
    report = poll_sources(runner(store), FAST, now=T0)
    assert report.skipped == "another poller holds the lease" and store.count() == 0
    sources.release_lease("elsewhere:1:a")

    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], text=True,
                          capture_output=True, check=True).stdout.strip()  # fmt: skip
    import socket

    sources.take_lease(f"{socket.gethostname()}:{dead}:b", stamp(T0), stamp(T0 + timedelta(1)))
    assert poll_sources(runner(store), FAST, now=T0).added == 1


def test_a_poll_killed_midway_leaves_nothing_half_stored(
    server: FeedServer, tmp_path: Path, seed: list[dict]
):
    records = seed[20:40]
    server.routes["/slow-page"] = Route(
        (PAGES / "wae_article_0_01.html").read_bytes(), content_type="text/html", delay=30
    )
    items = [full_item(r) for r in records] + [
        summary_item("慢页面", server.url("/slow-page"), "slow")
    ]
    server.routes["/kill.xml"] = Route(rss(items, "上海经信委"), etag='"k"')
    db = tmp_path / "wx.db"
    store = open_store(db)
    add_source(store, server.url("/kill.xml"), "上海经信委")
    store.close()
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    process = subprocess.Popen(
        [sys.executable, "-m", "wxintel", "poll", "--once", "--delay", "0", "--timeout", "60",
         "--db", str(db)],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    deadline = time.monotonic() + 60
    while not server.hits_of("/slow-page"):
        assert time.monotonic() < deadline and process.poll() is None
        time.sleep(0.05)
    process.send_signal(signal.SIGKILL)
    process.wait()

    store = open_store(db)
    try:
        assert store.count() == 0  # fetched items were not half written
        [row] = SourceStore(store).all()
        assert (row.last_checked, row.etag) == ("", "")
        server.routes["/slow-page"].delay = 0
        report = poll_sources(runner(store), FAST)  # the dead poller's lease does not block
        assert (report.added, store.count()) == (21, 21)
        again = poll_sources(runner(store), FAST, everything=True)
        assert again.sources[0]["status"] == 304 and store.count() == 21
        assert store.index_is_current()
    finally:
        store.close()


def test_watch_alerts_and_source_problems_go_to_webhooks(
    server: FeedServer, store: SQLStore, seed: list[dict]
):
    record = seed[5]
    server.routes["/watched.xml"] = Route(rss([full_item(record)], "上海经信委"))
    server.routes["/down.xml"] = Route(b"", status=503)
    add_source(store, server.url("/watched.xml"), "上海经信委")
    add_source(store, server.url("/down.xml"), "坏源")
    add_watchlist(
        store, "跟踪", f'"{record["标题title"][:10]}"', WatchFilters(), server.url("/hook")
    )
    server.posts.clear()
    poll_sources(runner(store), FAST, now=T0, after_store=after_poll)
    [delivered] = [p for p in server.posts if "watchlist" in p]
    assert [i["title"] for i in delivered["items"]] == [record["标题title"]]

    for hours in (2, 6):  # backed off: due again after 2 h, then 4 h more
        poll_sources(runner(store), FAST, now=T0 + timedelta(hours=hours), after_store=after_poll)
    problems = [p for p in server.posts if "source_problems" in p]
    assert len(problems) == 1
    [told] = problems[0]["source_problems"]
    assert told["name"] == "坏源" and told["failures"] == 3 and told["last_error"] == "HTTP 503"
    poll_sources(runner(store), FAST, now=T0 + timedelta(hours=20), after_store=after_poll)
    assert len([p for p in server.posts if "source_problems" in p]) == 1  # told once


def test_a_problem_found_before_any_webhook_existed_goes_to_the_first_one(
    server: FeedServer, store: SQLStore
):
    """A source that broke while no watchlist had a webhook is not marked told: the webhook
    added later hears of it at the next poll (it was never sent anywhere)."""
    server.routes["/early-down.xml"] = Route(b"", status=503)
    add_source(store, server.url("/early-down.xml"), "早坏源")
    for hours in (0, 2, 6):  # three failures in a row, backed off in between
        poll_sources(runner(store), FAST, now=T0 + timedelta(hours=hours), after_store=after_poll)
    server.posts.clear()
    add_watchlist(store, "跟踪", "申报", WatchFilters(), server.url("/hook"))
    poll_sources(runner(store), FAST, now=T0 + timedelta(hours=14), after_store=after_poll)
    [told] = [p for p in server.posts if "source_problems" in p]
    assert [e["name"] for e in told["source_problems"]] == ["早坏源"]


def test_a_failing_webhook_does_not_make_the_others_hear_a_problem_again(
    server: FeedServer, store: SQLStore
):
    """bbox18: one watchlist's webhook failing kept the problem for the next poll for every
    webhook, so the healthy ones got the same alert on each poll. Each webhook takes it once;
    the failed one gets it when it answers again."""
    at = f"/{store.dialect}-one-fails"
    server.routes[f"{at}/down.xml"] = Route(b"", status=503)
    server.routes[f"{at}/fail"] = Route(status=500)
    add_source(store, server.url(f"{at}/down.xml"), "坏源")
    for name, hook in (("以旧换新", "/ok1"), ("引导资金", "/ok2"), ("坏钩", "/fail")):
        add_watchlist(store, name, "申报", WatchFilters(), server.url(at + hook))
    quick = functools.partial(post_json, backoff=0.01, timeout=2)
    alert = functools.partial(after_poll, post=quick)

    def told(hook: str) -> list[dict]:
        return [
            body for path, body in server.posted if path == at + hook and "source_problems" in body
        ]

    for hours in (0, 2, 6, 7, 8):  # failing from the third poll on; two polls more
        report = poll_sources(
            runner(store), FAST, now=T0 + timedelta(hours=hours), after_store=alert
        )
    assert [len(told(hook)) for hook in ("/ok1", "/ok2")] == [1, 1]
    assert len(told("/fail")) == 3 * 4  # three polls, each POST tried four times
    assert [p["delivered"] for p in report.webhooks] == [False]
    server.routes[f"{at}/fail"] = Route(status=200)
    poll_sources(runner(store), FAST, now=T0 + timedelta(hours=9), after_store=alert)
    poll_sources(runner(store), FAST, now=T0 + timedelta(hours=10), after_store=alert)
    assert [len(told(hook)) for hook in ("/ok1", "/ok2")] == [1, 1]
    assert len(told("/fail")) == 3 * 4 + 1
    assert [e["name"] for e in told("/fail")[-1]["source_problems"]] == ["坏源"]


def test_a_single_account_feed_files_its_posts_under_the_name_the_user_gave_it(
    server: FeedServer, store: SQLStore, seed: list[dict]
):
    """A channel with an empty title (and items with no author) named no account: the posts
    were stored under "" (a blank account no filter reaches) though the user named the source.
    The lead's decision since: the user's explicit name wins over a titled feed's own title
    too (it filed them apart from the account's exports under a collector's wording); a name
    that carries a collector's decoration (an OPML outline's title) is read as a title is."""
    at = f"/{store.dialect}-named"
    server.routes[f"{at}/untitled.xml"] = Route(rss([full_item(r) for r in seed[:2]], ""))
    server.routes[f"{at}/titled.xml"] = Route(rss([full_item(r) for r in seed[2:3]], "上海经信"))
    server.routes[f"{at}/decorated.xml"] = Route(rss([full_item(seed[3])], "sheitc"))
    add_source(store, server.url(f"{at}/untitled.xml"), "上海经信委")
    add_source(store, server.url(f"{at}/titled.xml"), "经信委的订阅")
    add_source(store, server.url(f"{at}/decorated.xml"), "上海经信委 - 微信公众号")
    report = poll_sources(runner(store), FAST)
    assert report.added == 4
    assert store.accounts() == ["上海经信委", "经信委的订阅"]


def test_collector_titles_and_aggregates_file_posts_under_the_accounts_own_names(
    server: FeedServer, store: SQLStore, seed: list[dict]
):
    """RSSHub titles an account's feed "X - 微信公众号" and wewe-rss titles its all-accounts
    feed "WeWe-RSS": the posts were filed under those strings, apart from the same account's
    exports. Now the decoration is stripped (data/feed_titles.txt), an aggregate's item takes
    its author, and one without an author takes the account its article page names."""
    at = f"/{store.dialect}-collectors"
    server.routes[f"{at}/page"] = Route(
        (PAGES / "wae_article_0_02_ruanyf_weekly372.html").read_bytes(),
        content_type="text/html; charset=utf-8",
    )
    authored = full_item(seed[1]).replace("<title>", "<author>上海经信委</author><title>", 1)
    unauthored = (
        f"<item><title>周刊</title><link>{server.url(f'{at}/page')}</link><guid>w372</guid>"
        "<content:encoded><![CDATA[<p>全文</p>]]></content:encoded></item>"
    )
    server.routes[f"{at}/rsshub.xml"] = Route(rss([full_item(seed[0])], "上海经信委 - 微信公众号"))
    server.routes[f"{at}/all.xml"] = Route(rss([authored, unauthored], "WeWe-RSS"))
    add_source(store, server.url(f"{at}/rsshub.xml"))  # unnamed: the feed's title decides
    add_source(store, server.url(f"{at}/all.xml"), "全部公众号")
    report = poll_sources(runner(store), FAST)
    assert report.added == 3
    assert store.accounts() == sorted(["上海经信委", "阮一峰的网络日志"])
    assert seed[0]["公众号名称"] == "上海经信委"  # the export's own name for the account


def test_quiet_is_learned_from_the_sources_own_posting_rhythm(
    server: FeedServer, store: SQLStore, seed: list[dict]
):
    records = seed[:40]
    server.routes["/rhythm.xml"] = Route(rss([full_item(r) for r in records], "上海经信委"))
    add_source(store, server.url("/rhythm.xml"), "上海经信委")
    poll_sources(runner(store), FAST, now=T0)
    newest = max(seed_day(r["时间time"]) for r in records)
    newest = datetime(newest.year, newest.month, newest.day, tzinfo=UTC)
    assert health_of(store, newest + timedelta(days=1))["quiet"] is False
    assert health_of(store, newest + timedelta(days=30))["quiet"] is True


def test_a_new_source_is_not_quiet_on_the_poll_that_brought_its_posts(
    server: FeedServer, store: SQLStore, seed: list[dict]
):
    """bbox18: a source added months after its account's newest post was quiet on its very
    first poll, which had just brought posts: the silence before it was watched counted.
    Quiet now counts from the later of the newest post and the first poll that brought one."""
    records = seed[:40]
    at = f"/{store.dialect}-late-subscriber.xml"
    server.routes[at] = Route(rss([full_item(r) for r in records], "上海经信委"))
    add_source(store, server.url(at), "上海经信委")
    later = T0 + timedelta(days=200)
    assert poll_sources(runner(store), FAST, now=later).added == 40
    assert health_of(store, later)["quiet"] is False
    assert health_of(store, later + timedelta(days=30))["quiet"] is True, "then silent too long"


def test_rfc822_dates_of_the_test_feeds_are_shanghai_mornings():
    assert rfc822("2025/10/15") == "Wed, 15 Oct 2025 08:00:00 +0800"


def test_a_group_names_the_accounts_its_sources_bring(
    server: FeedServer, store: SQLStore, seed: list[dict]
):
    tianjin = raw_records(MORE / "津北商务.json")[:40]
    shanghai = seed[:40]
    server.routes["/g-sh.xml"] = Route(rss([full_item(r) for r in shanghai], "上海经信委"))
    server.routes["/g-tj.xml"] = Route(rss([full_item(r) for r in tianjin], "津北商务"))
    add_source(store, server.url("/g-sh.xml"), "上海经信委", "上海市级")
    add_source(store, server.url("/g-tj.xml"), "津北商务", "天津")
    assert poll_sources(runner(store), FAST, now=T0).added == 80

    def accounts(**options) -> set[str]:
        hits = store.search(SearchQuery(text="企业", limit=100, **options)).hits
        return {h.account for h in hits}

    assert accounts() == {"上海经信委", "津北商务"}
    assert accounts(group="上海市级") == {"上海经信委"}
    assert accounts(group="天津") == {"津北商务"}
    assert accounts(group="天津", accounts=["上海经信委"]) == set()
    # a group whose sources brought nothing is named, with the groups that did, not searched
    with pytest.raises(UnknownScope, match="no posts of source group 没有这个组; groups with"):
        accounts(group="没有这个组")
    everyone = store.calls(status="all", as_of=T0.date())
    grouped = store.calls(status="all", as_of=T0.date(), group="天津")
    assert {c["account"] for c in grouped} == {"津北商务"}
    assert len(grouped) == sum(c["account"] == "津北商务" for c in everyone) > 0
