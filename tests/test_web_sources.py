"""Sources on the web over real HTTP: `serve --poll` keeps the archive current by itself, the
/sources page and the problems feed show health, and writes need the admin token."""

from __future__ import annotations

import asyncio
import json
import re
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from datetime import UTC, datetime
from html import unescape
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from conftest import SEED, raw_records
from feedserver import FeedServer, Route, full_item, rss, seed_day, start
from helpers import serve
from mcp import Client
from typer.testing import CliRunner

from wxintel.cli import app
from wxintel.store import open_store
from wxintel.store.sources import PollState, SourceStore, stamp
from wxintel.subscribe.poller import PollSettings
from wxintel.subscribe.subscriptions import add_source
from wxintel.watch import WatchFilters, add_watchlist
from wxintel.web import create_app
from wxintel.web.polling import ServerPoller
from wxintel.web.store_threads import StoreThreads

TOKEN = "s3cret"
ATOM_NS = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(scope="module")
def collector() -> Iterator[FeedServer]:
    state = FeedServer()
    httpd = start(state)
    yield state
    httpd.shutdown()


def test_serve_poll_makes_new_posts_searchable_and_shows_health(
    collector: FeedServer, tmp_path: Path
):
    records = raw_records(SEED)[60:64]
    collector.routes["/srv.xml"] = Route(rss([full_item(r) for r in records], "上海经信委"))
    collector.routes["/srv-down.xml"] = Route(b"", status=502)
    db = tmp_path / "wx.db"
    store = open_store(db)
    add_source(store, collector.url("/srv.xml"), "上海经信委", "上海市级", "30m")
    broken = add_source(store, collector.url("/srv-down.xml"), "<b>坏源</b>", "", "1h")
    SourceStore(store).record(
        broken.id,
        PollState(
            last_checked=stamp(datetime.now(UTC)),
            next_due=stamp(datetime.now(UTC)),
            failures=2,
            last_error="HTTP 502",
        ),
    )
    store.close()
    title = records[1]["标题title"]
    with serve(create_app(db, admin_token=TOKEN, poll=True)) as base:
        deadline = time.monotonic() + 60
        while True:
            hits = httpx.get(f"{base}/api/search", params={"q": f'"{title[:12]}"'}).json()
            if hits["total"]:
                break
            assert time.monotonic() < deadline, "the server's poller stored nothing"
            time.sleep(0.2)
        assert hits["hits"][0]["title"] == title
        listed = {e["name"]: e for e in httpx.get(f"{base}/api/sources").json()}
        assert listed["上海经信委"]["new_last_7d"] == 4
        assert (listed["<b>坏源</b>"]["failures"], listed["<b>坏源</b>"]["last_error"]) == (
            3,
            "HTTP 502",
        )
        page = httpx.get(f"{base}/sources").text
        assert "&lt;b&gt;坏源&lt;/b&gt;" in page and "<b>坏源</b>" not in page  # escaped
        assert "连续 3 次抓取失败" in page and "failing" not in page  # the page speaks Chinese
        feed = ET.fromstring(httpx.get(f"{base}/feeds/sources.atom").content)
        titles = [e.findtext(f"{ATOM_NS}title") for e in feed.iter(f"{ATOM_NS}entry")]
        assert titles == ["<b>坏源</b>：连续 3 次抓取失败（HTTP 502）"]  # as the page says it
        summary = next(feed.iter(f"{ATOM_NS}summary")).text or ""
        assert "最近成功：从未；最近新文章：无" in summary and "never" not in summary


def test_adding_and_removing_a_source_needs_the_admin_token(tmp_path: Path):
    db = tmp_path / "wx.db"
    open_store(db).close()
    body = {"url": "https://rss.example/a.xml", "name": "甲", "group": "区级", "every": "2h"}
    with serve(create_app(db, admin_token=TOKEN)) as base:
        assert httpx.post(f"{base}/api/sources", json=body).status_code == 403
        auth = {"Authorization": f"Bearer {TOKEN}"}
        made = httpx.post(f"{base}/api/sources", json=body, headers=auth)
        assert made.status_code == 201
        assert (made.json()["group"], made.json()["every"]) == ("区级", "2h")
        again = httpx.post(f"{base}/api/sources", json=body, headers=auth)
        assert again.status_code == 422 and "already subscribed" in again.json()["error"]
        bad = httpx.post(f"{base}/api/sources", json={**body, "url": "file:///etc"}, headers=auth)
        assert bad.status_code == 422
        assert httpx.delete(f"{base}/api/sources/甲").status_code == 403
        assert httpx.delete(f"{base}/api/sources/甲", headers=auth).status_code == 200
        assert httpx.delete(f"{base}/api/sources/甲", headers=auth).status_code == 404
        assert httpx.get(f"{base}/api/sources").json() == []


async def mcp_briefs(base: str, arguments: list[dict[str, str]]) -> list[dict[str, Any]]:
    """get_brief called through the MCP SDK's client on the server under test, once each."""
    async with Client(f"{base}/mcp", read_timeout_seconds=60) as client:
        return [(await client.call_tool("get_brief", a)).structured_content for a in arguments]


def test_search_calls_briefs_and_feeds_take_a_group(collector: FeedServer, tmp_path: Path):
    from conftest import MORE

    from wxintel.subscribe.poller import PollSettings, poll_sources

    collector.routes["/w-sh.xml"] = Route(
        rss([full_item(r) for r in raw_records(SEED)[:30]], "上海经信委")
    )
    collector.routes["/w-tj.xml"] = Route(
        rss([full_item(r) for r in raw_records(MORE / "津北商务.json")[:30]], "津北商务")
    )
    db = tmp_path / "wx.db"
    store = open_store(db)
    add_source(store, collector.url("/w-sh.xml"), "上海经信委", "上海市级")
    add_source(store, collector.url("/w-tj.xml"), "津北商务", "天津")
    poll_sources(lambda fn, write=False: fn(store), PollSettings(host_delay=0))
    store.close()
    with serve(create_app(db)) as base:
        found = httpx.get(f"{base}/api/search", params={"q": "企业", "group": "天津", "limit": 50})
        assert {h["account"] for h in found.json()["hits"]} == {"津北商务"}
        feed = ET.fromstring(httpx.get(f"{base}/feeds/articles.atom?q=企业&group=上海市级").content)
        authors = {
            e.findtext(f"{ATOM_NS}author/{ATOM_NS}name") for e in feed.iter(f"{ATOM_NS}entry")
        }
        assert authors == {"上海经信委"}
        newest = ET.fromstring(httpx.get(f"{base}/feeds/articles.atom?group=上海市级").content)
        authors = [
            e.findtext(f"{ATOM_NS}author/{ATOM_NS}name") for e in newest.iter(f"{ATOM_NS}entry")
        ]
        assert authors and set(authors) == {"上海经信委"}
        calls = httpx.get(f"{base}/api/calls", params={"status": "all", "group": "天津"}).json()
        assert calls and {c["account"] for c in calls} == {"津北商务"}
        assert "津北商务" not in httpx.get(f"{base}/calls?status=all&group=上海市级").text
        # the week of 津北商务's newest polled post (a brief names only accounts with posts in it)
        newest = max(seed_day(r["时间time"]) for r in raw_records(MORE / "津北商务.json")[:30])
        week = {"group": "天津", "week": newest.isoformat()}
        assert httpx.get(f"{base}/api/brief", params=week).json()["accounts"] == ["津北商务"]
        assert httpx.get(f"{base}/api/brief", params={"group": "没有这个组"}).status_code == 404
        # a group that brought no posts is named, as the brief names it, on every surface
        # that takes a group, not answered as an empty archive
        for path in ("/api/search?q=企业", "/api/calls", "/feeds/articles.atom", "/calendar.ics"):
            none = httpx.get(f"{base}{path}", params={"group": "没有这个组"})
            assert none.status_code == 404, path
            assert none.json()["error"] == (
                "no posts of source group 没有这个组; groups with posts: 上海市级, 天津"
            )
        board = httpx.get(f"{base}/calls", params={"group": "没有这个组"})
        assert board.status_code == 404
        assert "信息源分组 没有这个组 没有文章；有文章的分组：上海市级、天津" in board.text
        searched = httpx.get(f"{base}/search", params={"q": "企业", "group": "没有这个组"})
        assert searched.status_code == 404 and "信息源分组 没有这个组 没有文章" in searched.text
        page = httpx.get(f"{base}/brief", params={"group": "天津"}).text
        offered = re.findall(r'<option value="([^"]+)"', page)
        assert offered == ["津北商务"], "a group's brief offers only the group's accounts"
        links = [
            unescape(h)
            for h in re.findall(r'href="(/(?:brief|api/brief|feeds/briefs\.atom)\?[^"]+)"', page)
        ]
        assert links and all(parse_qs(urlsplit(h).query)["group"] == ["天津"] for h in links)
        assert '<input type="hidden" name="group" value="天津">' in page
        briefs = asyncio.run(mcp_briefs(base, [week, {"group": "没有这个组"}]))
        assert briefs[0]["ok"] and briefs[0]["result"]["accounts"] == ["津北商务"]
        assert briefs[1]["error"]["code"] == "not_found"
        assert "没有这个组" in briefs[1]["error"]["message"]
    shanghai = max(seed_day(r["时间time"]) for r in raw_records(SEED)[:30]).isoformat()
    args = ["brief", "--group", "上海市级", "--week", shanghai, "--db", str(db), "--json"]
    cli = CliRunner().invoke(app, args)
    assert cli.exit_code == 0 and json.loads(cli.stdout)["accounts"] == ["上海经信委"]
    for command in (["search", "企业"], ["calls"], ["export"]):
        cli = CliRunner().invoke(app, [*command, "--group", "天 津", "--db", str(db)])
        assert cli.exit_code == 4, command  # EXIT_NOT_FOUND, as for an --account with no posts
        assert "no posts of source group 天 津; groups with posts: 上海市级, 天津" in " ".join(
            cli.stderr.split()
        )


def poll_as_the_server(db: Path, caplog: pytest.LogCaptureFixture) -> ServerPoller:
    """One poll by `serve --poll`'s poller over `db`, its warnings captured in `caplog`."""
    threads = StoreThreads(db)
    poller = ServerPoller(threads, PollSettings(host_delay=0))
    try:
        with caplog.at_level("WARNING", logger="wxintel.poller"):
            poller.poll_once()
    finally:
        threads.close()
    return poller


def test_the_servers_poller_logs_a_webhook_it_could_not_deliver(
    collector: FeedServer, tmp_path: Path, caplog: pytest.LogCaptureFixture
):
    """`serve --poll` has no exit code to give: a refused webhook is a warning in the server's
    log naming the watchlist, and the report the poller keeps says so."""
    records = raw_records(SEED)[70:72]
    collector.routes["/srv-hooked.xml"] = Route(rss([full_item(r) for r in records], "上海经信委"))
    collector.routes["/refusing"] = Route(b"", status=403)  # not transient: one attempt
    db = tmp_path / "wx.db"
    store = open_store(db)
    add_source(store, collector.url("/srv-hooked.xml"), "上海经信委", "", "1h")
    title = records[1]["标题title"]
    add_watchlist(store, "跟踪", f'"{title[:10]}"', WatchFilters(), collector.url("/refusing"))
    store.close()
    poller = poll_as_the_server(db, caplog)
    assert poller.last is not None and poller.last.added == 2
    [post] = poller.last.webhooks
    assert (post["watchlist"], post["new"], post["delivered"]) == ("跟踪", 1, False)
    assert (
        "webhook, watchlist 跟踪: 1 new: not delivered after 1 attempt(s): HTTP 403" in caplog.text
    )


def test_the_servers_poller_logs_a_feed_that_moved(
    collector: FeedServer, tmp_path: Path, caplog: pytest.LogCaptureFixture
):
    """A 301 moves the subscription (`poll` says it on the source's line); under `serve
    --poll` nothing said it: the server's log does now."""
    collector.routes["/srv-new.xml"] = Route(rss([full_item(raw_records(SEED)[73])], "上海经信委"))
    collector.routes["/srv-old.xml"] = Route(status=301, location=collector.url("/srv-new.xml"))
    db = tmp_path / "wx.db"
    store = open_store(db)
    add_source(store, collector.url("/srv-old.xml"), "上海经信委", "", "1h")
    store.close()
    poll_as_the_server(db, caplog)
    moved = f"source 上海经信委 moved permanently to {collector.url('/srv-new.xml')}"
    assert f"{moved}: subscription updated" in caplog.text
