"""The desk (home page) on the seed: calls closing soon as the board counts days, what came in
since the visitor's last visit (by the store's change log, not by publish date), watchlist
hits, threads that moved, and sources in trouble polled for real over loopback HTTP."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from html import unescape
from pathlib import Path
from urllib.parse import unquote

import pytest
from fastapi.testclient import TestClient
from feedserver import FeedServer, Route, start
from helpers import copy_seed_db, ingest_articles, ingest_records
from test_link_stage import subset
from test_link_surfaces import CALL, EXTENDED_TO, FUND, TRAINING, extension_of_call
from typer.testing import CliRunner

from wxintel import desk
from wxintel.cli import app as cli
from wxintel.pipeline import ingest
from wxintel.store import open_store
from wxintel.subscribe.subscriptions import add_source
from wxintel.watch import WatchFilters, add_watchlist, matching_keys
from wxintel.web import create_app
from wxintel.web.desk import COOKIE, VISIT_GAP, visit

LATE_POST = ("未央工信", "2247494963_1")  # published 2025-09-08, ingested after the first visit


def text_of(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def section(page: str, name: str) -> str:
    start = page.index(f'class="desk-{name}"')
    return page[start : page.index("</section>", start)]


@pytest.fixture(scope="module")
def db(seed_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_seed_db(seed_db, tmp_path_factory.mktemp("desk"))


@pytest.fixture(scope="module")
def client(db: Path) -> Iterator[TestClient]:
    with TestClient(create_app(db)) as c:
        yield c


def test_calls_closing_soon_count_days_from_the_archives_newest_post(client: TestClient):
    page = client.get("/").text
    assert "截至 2025年10月15日" in text_of(page) or "截至 10月15日" in text_of(page)
    assert "存档最新文章的日期" in page
    calls = section(page, "calls")
    board = client.get("/api/calls", params={"status": "open"}).json()
    soon = [c for c in board if c["days_left"] <= desk.SOON_DAYS]
    listed = re.findall(r'<a href="/articles/([^"]+)">', calls)
    assert [unquote(k) for k in listed] == [c["key"] for c in soon]
    days = [int(n) for n in re.findall(r"还剩(\d+)天", calls)]
    assert days == sorted(days) and days == [c["days_left"] for c in soon]
    assert f"全部 {len(board)} 条进行中" in text_of(calls)


def test_what_is_new_since_the_last_visit_follows_ingests(client: TestClient, db: Path, post):
    client.cookies.clear()
    first = client.get("/")
    assert "最新文章" in first.text and "首次访问" in first.text
    assert COOKIE in first.cookies
    again = client.get("/").text
    assert "上次访问以来 0 篇新增或更新" in text_of(again)

    article = post(*LATE_POST)
    assert ingest_articles(db, [article]).added == 1
    page = client.get("/").text
    new = section(page, "new")
    assert "上次访问以来 1 篇新增或更新" in text_of(new)
    assert article.title in text_of(new)  # published weeks before the archive's newest post
    assert "首次访问" not in page

    seen = client.post("/desk/seen", follow_redirects=False)
    assert seen.status_code == 303 and seen.headers["location"] == "/"
    after = client.get("/").text
    assert "上次访问以来 0 篇新增或更新" in text_of(after) and "没有新文章" in after


def test_a_visit_starts_after_a_gap_and_keeps_its_mark_while_reading():
    now = datetime(2026, 3, 16, 4, 0, tzinfo=UTC)
    mark, cookie = visit(None, 5, now)
    assert mark is None  # first visit
    mark, cookie = visit(cookie, 7, now + timedelta(minutes=10))
    assert mark is not None and mark.generation == 5  # same visit: the mark stays
    mark, cookie = visit(cookie, 9, now + timedelta(minutes=20))
    assert mark is not None and mark.generation == 5
    later = now + timedelta(minutes=20) + VISIT_GAP + timedelta(minutes=1)
    mark, _ = visit(cookie, 12, later)
    assert mark is not None and mark.generation == 9  # a new visit: the last view is the mark
    assert visit("nonsense", 3, now)[0] is None


def test_watchlists_show_their_hits_and_new_ones(db: Path, post):
    store = open_store(db)
    try:
        watchlist = add_watchlist(store, "人才", "人才评价", WatchFilters())
        keys = matching_keys(store, watchlist)
    finally:
        store.close()
    assert keys, "the query finds real posts"
    with TestClient(create_app(db)) as client:
        client.get("/")  # first visit
        watch = section(client.get("/").text, "watch")
        assert "人才" in watch and f"共 {len(keys)} 篇" in text_of(watch)
        assert "篇新" not in watch
        article = post("津北商务", "2247516176_1")  # any real post, then a matching one
        records = [
            {
                "id": "late-talent",
                "title": "关于开展人才评价工作的补充通知",
                "content": article.content,
                "account": "测试号",
                "published": "2025-10-14",
            }
        ]
        assert ingest_records(db, records).added == 1
        watch = section(client.get("/").text, "watch")
        assert f"共 {len(keys) + 1} 篇" in text_of(watch) and "1 篇新" in text_of(watch)
        assert "关于开展人才评价工作的补充通知" in watch


def test_threads_that_moved_link_their_timeline(client: TestClient):
    page = section(client.get("/").text, "threads")
    threads = client.get("/api/threads").json()
    moved = [
        t
        for t in threads
        if any(
            a["stage"] in desk.MOVED_STAGES and "2025-10-01" <= a["published"][:10] <= "2025-10-15"
            for a in t["articles"]
        )
    ]
    assert moved, "the seed has a round that moved in its last two weeks"
    for thread in moved:
        assert f'href="/threads/{thread["id"]}"' in page


def test_sources_in_trouble_are_on_the_desk(tmp_path: Path, db: Path):
    state = FeedServer()
    state.routes["/down.xml"] = Route(b"", status=502)
    httpd = start(state)
    try:
        store = open_store(db)
        try:
            add_source(store, state.url("/down.xml"), "<b>坏源</b>", "", "1h")
        finally:
            store.close()
        for _ in range(3):
            done = CliRunner().invoke(cli, ["poll", "--once", "--all", "--db", str(db)])
            assert done.exit_code == 0, done.output
    finally:
        httpd.shutdown()
    with TestClient(create_app(db)) as client:
        sources = section(client.get("/").text, "sources")
    assert "&lt;b&gt;坏源&lt;/b&gt;" in sources and "<b>坏源</b>" not in sources
    assert "连续 3 次抓取失败" in text_of(sources)


def test_an_extension_is_on_the_desk_as_a_thread_that_moved(tmp_path: Path):
    """A real call of 闵行发展改革 and an extension of it (made as test_link_surfaces makes
    it); the archive ends with the extension, so the desk's as-of day is the extension's."""
    db = tmp_path / "fund.db"
    store = open_store(db)
    ingest([subset(tmp_path, {FUND: [CALL, TRAINING]}), extension_of_call(tmp_path)], store)
    store.close()
    with TestClient(create_app(db)) as client:
        page = client.get("/").text
    moved = section(page, "threads")
    assert "延期" in moved and f'截止已延至 <time datetime="{EXTENDED_TO}">' in moved
    assert "7月4日 17:00" in text_of(moved)
    calls = section(page, "calls")
    assert "已延期" in calls and "还剩17天" in calls  # 6月17日 to 7月4日


def test_an_empty_archive_says_how_to_put_posts_in(tmp_path: Path, client: TestClient):
    """A first visit to a new archive (a source added, nothing polled yet) says where posts
    come from, with the upload page one click away; an archive with posts does not."""
    empty = tmp_path / "empty.db"
    open_store(empty).close()
    with TestClient(create_app(empty)) as fresh:
        page = fresh.get("/").text
    assert 'class="hint empty-archive"' in page and 'href="/upload"' in page
    assert "wxintel ingest" in text_of(page)
    assert "empty-archive" not in client.get("/").text  # the seed's desk
