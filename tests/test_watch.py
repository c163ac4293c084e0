"""Watchlists on the real seed, delivering to a real local HTTP server as the webhook."""

from __future__ import annotations

import functools
import json
import re
import shutil
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import typer
from conftest import SEED
from helpers import Receiver, free_port, serve
from typer.testing import CliRunner

from wxintel import watch
from wxintel.commands import brief as brief_commands
from wxintel.commands import evaluate
from wxintel.commands.common import EXIT_UNDELIVERED
from wxintel.model import ACTION_KINDS
from wxintel.pipeline import ingest
from wxintel.search import SearchQuery
from wxintel.store import StoreError, open_store
from wxintel.web import create_app
from wxintel.webhook import post_json

QUERY = "人工智能"
fast_post = functools.partial(post_json, backoff=0.01, timeout=2)


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    server = Receiver()
    yield server
    server.close()


@pytest.fixture
def store(seed_db: Path, tmp_path: Path):
    path = tmp_path / "watch.db"
    shutil.copy(seed_db, path)
    opened = open_store(path)
    yield opened
    opened.close()


def add(store, name: str = "ai", webhook: str = "", **filters) -> watch.Watchlist:
    return watch.add_watchlist(store, name, QUERY, watch.WatchFilters(**filters), webhook)


def test_first_run_reports_every_match_and_the_second_nothing(store) -> None:
    watchlist = add(store)
    first = watch.run_watchlists(store)
    assert [r.watchlist.name for r in first] == ["ai"]
    keys = [i.key for i in first[0].items]
    assert keys and len(keys) == len(set(keys))
    assert set(keys) == set(watch.matching_keys(store, watchlist))
    for report in first:
        watch.acknowledge(store, report)
    assert watch.run_watchlists(store)[0].items == []


def test_a_watch_fires_on_its_own_words_and_period_only(store) -> None:
    """Search reads a word no post writes another way (高中数学 → 高中, 数学: the seed's posts
    holding both) and shows other dates when a period holds nothing; a watch does neither,
    so it fires on nothing until a post writes its words in its period (#10)."""
    for name, query in (("maths", "高中数学"), ("march", "2024年3月 集成电路")):
        searched = store.search(SearchQuery(query, relax_dates=True))
        assert searched.total > 0  # what the reader is shown instead
        assert searched.understood["backed_off"] or searched.understood["relaxed_dates"]
        watch.add_watchlist(store, name, query, watch.WatchFilters(), "")
    assert {r.watchlist.name: r.items for r in watch.run_watchlists(store)} == {
        "maths": [],
        "march": [],
    }
    watch.add_watchlist(store, "ic", "集成电路", watch.WatchFilters(), "")
    fired = {r.watchlist.name: r.items for r in watch.run_watchlists(store)}
    assert fired["ic"] and not fired["maths"] and not fired["march"]


def test_unacknowledged_items_are_reported_again(store) -> None:
    add(store)
    first = watch.run_watchlists(store)  # shown nowhere: never acknowledged
    again = watch.run_watchlists(store)
    assert [i.key for i in again[0].items] == [i.key for i in first[0].items]


def test_filters_narrow_the_search(store) -> None:
    add(store, "calls", calls_only=True)
    add(store, "nowhere", accounts=["没有这个公众号"])
    add(store, "pudong", districts=["浦东"])
    reports = {r.watchlist.name: r for r in watch.run_watchlists(store)}
    assert reports["calls"].items
    assert all(i.kind in ACTION_KINDS for i in reports["calls"].items)
    assert reports["nowhere"].items == []
    assert reports["pudong"].items
    for item in reports["pudong"].items:
        names = [m["name"] + m["surface"] for m in store.mentions(item.key)]
        assert any("浦东" in n for n in names)


def test_names_are_unique_and_webhooks_must_be_http(store) -> None:
    add(store)
    with pytest.raises(StoreError):
        add(store)
    with pytest.raises(StoreError):
        add(store, "bad", webhook="file:///etc/passwd")
    assert watch.remove_watchlist(store, "ai")
    assert not watch.remove_watchlist(store, "ai")


def test_missed_runs_skip_nothing(seed_db: Path, tmp_path: Path) -> None:
    """Posts arriving over three ingests with one run in between: each delivered exactly once."""
    records = json.loads(SEED.read_text(encoding="utf-8"))
    parts = [records[:60], records[60:120], records[120:]]
    store = open_store(tmp_path / "grow.db")
    add(store)
    delivered: list[str] = []

    def ingest_part(n: int) -> None:
        part = tmp_path / f"part{n}.json"
        part.write_text(json.dumps(parts[n], ensure_ascii=False), encoding="utf-8")
        ingest([part], store, workers=1)

    def run() -> None:
        for report in watch.run_watchlists(store):
            delivered.extend(i.key for i in report.items)
            watch.acknowledge(store, report)

    ingest_part(0)
    run()
    ingest_part(1)  # no run after this one: it is missed
    ingest_part(2)
    run()
    run()
    final = watch.matching_keys(store, watch.get_watchlist(store, "ai"))
    assert len(delivered) == len(set(delivered)), "nothing reported twice"
    assert set(final) <= set(delivered), "nothing skipped"
    store.close()


def test_webhook_that_fails_first_then_succeeds(store) -> None:
    flaky = Receiver(failures=1)
    try:
        add(store, webhook=flaky.url)
        report = watch.run_watchlists(store, post=fast_post)[0]
        assert report.delivered and report.delivery.attempts == 2
        assert flaky.requests == 2 and len(flaky.bodies) == 1
        assert flaky.bodies[0]["watchlist"] == "ai"
        assert flaky.delivered_keys() == [i.key for i in report.items]
        again = watch.run_watchlists(store, post=fast_post)[0]
        assert again.items == [] and flaky.requests == 2, "nothing new: nothing posted"
    finally:
        flaky.close()


def test_webhook_down_for_a_run_gets_the_items_on_the_next(store) -> None:
    port = free_port()
    add(store, webhook=f"http://127.0.0.1:{port}/hook")
    down = watch.run_watchlists(store, post=fast_post)[0]
    assert down.items and not down.delivered
    assert down.delivery.attempts > 1, "retried with back-off before giving up"
    back = Receiver(port=port)
    try:
        up = watch.run_watchlists(store, post=fast_post)[0]
        assert up.delivered
        assert back.delivered_keys() == [i.key for i in down.items]
        assert watch.run_watchlists(store, post=fast_post)[0].items == []
    finally:
        back.close()


def test_new_items_and_the_webhooks_items_come_newest_first(store, receiver: Receiver) -> None:
    """A run lists what is new newest first, as search and the feeds do: they came in the
    order they were matched (by article key), so the newest of many was anywhere."""
    add(store, "printed")
    add(store, "hooked", webhook=receiver.url)
    reports = {r.watchlist.name: r for r in watch.run_watchlists(store, post=fast_post)}
    printed = [i.published for i in reports["printed"].items]
    assert len(set(printed)) > 5 and printed == sorted(printed, reverse=True)
    [body] = receiver.bodies
    assert [i["published"] for i in body["items"]] == printed


def test_post_json_sends_the_body_once(receiver: Receiver) -> None:
    result = fast_post(receiver.url, {"标题": "通知"})
    assert result.ok and result.attempts == 1 and result.status == 204
    assert receiver.bodies == [{"标题": "通知"}]
    assert not post_json("ftp://example.org/x", {}).ok


def test_a_rejected_request_is_not_retried() -> None:
    refusing = Receiver(failures=10, status=400)
    try:
        result = fast_post(refusing.url, {"a": 1})
        assert not result.ok and result.attempts == 1 and result.status == 400
    finally:
        refusing.close()


def test_a_server_error_is_retried_with_growing_waits() -> None:
    failing = Receiver(failures=10)
    waits: list[float] = []
    try:
        result = post_json(failing.url, {}, attempts=4, backoff=0.25, sleep=waits.append)
        assert not result.ok and result.attempts == 4 and failing.requests == 4
        assert waits == [0.25, 0.5, 1.0]
    finally:
        failing.close()


def test_watch_commands(store, receiver: Receiver) -> None:
    app = typer.Typer()
    evaluate.register(app)
    brief_commands.register(app)
    runner = CliRunner()
    db = ["--db", str(store.path)]
    added = runner.invoke(app, ["watch", "add", QUERY, "--name", "ai", *db])
    assert added.exit_code == 0, added.output
    hooked = ["watch", "add", "申报", "--name", "calls", "--calls-only", "--webhook", receiver.url]
    assert runner.invoke(app, [*hooked, *db]).exit_code == 0
    listed = runner.invoke(app, ["watch", "list", "--json", *db])
    assert [w["name"] for w in json.loads(listed.stdout)] == ["ai", "calls"]
    run = runner.invoke(app, ["watch", "run", "--format", "json", *db])
    assert run.exit_code == 0, run.output
    reports = {r["watchlist"]: r for r in json.loads(run.stdout)}
    assert reports["ai"]["new"] > 0
    assert reports["calls"]["new"] == len(receiver.delivered_keys()) > 0
    again = runner.invoke(app, ["watch", "run", "--format", "md", *db])
    assert "0 条新内容" in again.stdout
    feed = runner.invoke(app, ["watch", "run", "--format", "atom", "--name", "ai", *db])
    entries = min(reports["ai"]["new"], watch.FEED_ENTRIES)
    assert feed.exit_code == 0 and feed.stdout.count("<entry>") == entries
    assert runner.invoke(app, ["watch", "remove", "ai", *db]).exit_code == 0
    assert runner.invoke(app, ["watch", "remove", "ai", *db]).exit_code == 4


def test_text_and_markdown_write_a_deadline_time_as_people_do(store) -> None:
    """The seed's calls with a closing hour read "2025-10-09 12:00" in `watch run`'s text and
    Markdown, as the board, feeds and CLI tables write them, not ISO's "2025-10-09T12:00"."""
    watch.add_watchlist(store, "calls", "申报", watch.WatchFilters(calls_only=True))
    reports = watch.run_watchlists(store)
    timed = [i.deadline for i in reports[0].items if "T" in (i.deadline or "")]
    assert timed  # the seed has calls that close at an hour
    text, md = watch.render_text(reports), watch.render_markdown(reports)
    for deadline in timed:
        day, hour = deadline.split("T")
        assert f"截止 {day} {hour}" in text and f"截止 {day} {hour}" in md
    assert not re.search(r"\d{4}-\d\d-\d\dT\d\d:\d\d", text + md)


def test_the_atom_feed_watch_run_writes_is_served_where_it_says(store) -> None:
    """`watch run --format atom` names /feeds/watch/NAME.atom as its own address; the server
    answers there with the same entries (it answered 404), and names the watchlists it has
    when asked for one it does not."""
    app = typer.Typer()
    brief_commands.register(app)
    add(store, "人工 智能")
    atom = "{http://www.w3.org/2005/Atom}"
    with serve(create_app(store.path)) as base:
        args = ["watch", "run", "--format", "atom", "--site-url", base, "--db", str(store.path)]
        written = ET.fromstring(CliRunner().invoke(app, args).stdout)
        [me] = [e.get("href") for e in written.iter(f"{atom}link") if e.get("rel") == "self"]
        served = httpx.get(me)
        missing = httpx.get(f"{base}/feeds/watch/无此关注.atom")
    assert served.status_code == 200 and served.headers["content-type"].startswith(
        "application/atom+xml"
    )
    ids = [e.findtext(f"{atom}id") for e in ET.fromstring(served.content).iter(f"{atom}entry")]
    assert ids and ids == [e.findtext(f"{atom}id") for e in written.iter(f"{atom}entry")]
    assert missing.status_code == 404 and "人工 智能" in missing.json()["error"]


def test_a_watchlist_on_an_account_with_no_posts_is_kept_with_a_warning(store) -> None:
    """A mistyped account (上海经信 for 上海经信委) would never match: `watch add` keeps it (the
    account's posts may come with a source not polled yet) but says so, naming the stored ones."""
    app = typer.Typer()
    brief_commands.register(app)
    args = ["watch", "add", QUERY, "--db", str(store.path)]
    typo = CliRunner().invoke(app, [*args, "--name", "typo", "--account", "上海经信"])
    assert typo.exit_code == 0 and "watching 'typo'" in typo.stdout
    assert "warning: no posts of account 上海经信; stored accounts: 上海经信委" in typo.stderr
    right = CliRunner().invoke(app, [*args, "--name", "right", "--account", "上海经信委"])
    assert right.exit_code == 0 and "warning" not in right.stderr


def test_markdown_links_only_web_addresses() -> None:
    watchlist = watch.Watchlist(1, "ai", QUERY, watch.WatchFilters())
    items = [
        watch.WatchItem("k1", "1", "脚本", "号", "2025-10-01", "news", "javascript:alert(1)"),
        watch.WatchItem("k2", "2", "冒号", "号", "2025-10-01", "news", "http:alert(1)"),
        watch.WatchItem("k3", "3", "网页", "号", "2025-10-01", "news", "https://e.cn/a(1)"),
    ]
    md = watch.render_markdown([watch.WatchReport(watchlist, items)])
    assert "- 脚本（号，2025-10-01）" in md and "- 冒号（号，2025-10-01）" in md
    assert "- [网页](https://e.cn/a%281%29)（号，2025-10-01）" in md


def watch_app() -> typer.Typer:
    app = typer.Typer()
    evaluate.register(app)
    brief_commands.register(app)
    return app


def test_watch_run_json_flag_is_format_json(store) -> None:
    add(store)
    db = ["--db", str(store.path)]
    flag = CliRunner().invoke(watch_app(), ["watch", "run", "--json", *db])
    assert flag.exit_code == 0, flag.output
    (report,) = json.loads(flag.stdout)
    assert report["watchlist"] == "ai" and report["new"] > 0
    again = CliRunner().invoke(watch_app(), ["watch", "run", "--format", "json", *db])
    assert json.loads(again.stdout)[0]["new"] == 0
    both = CliRunner().invoke(watch_app(), ["watch", "run", "--json", "--format", "md", *db])
    assert both.exit_code == 2


def test_watch_run_exits_non_zero_while_a_webhook_fails(store) -> None:
    port = free_port()
    add(store, name="hooked", webhook=f"http://127.0.0.1:{port}/hook")
    add(store, name="printed")
    db = ["--db", str(store.path)]
    down = CliRunner().invoke(watch_app(), ["watch", "run", "--json", *db])
    assert down.exit_code == EXIT_UNDELIVERED == 7
    assert "'hooked' failed" in down.stderr and "kept for the next run" in down.stderr
    reports = {r["watchlist"]: r for r in json.loads(down.stdout)}
    assert reports["hooked"]["webhook"].startswith("not delivered")
    assert reports["printed"]["new"] > 0, "the other watchlists still report"
    back = Receiver(port=port)
    try:
        up = CliRunner().invoke(watch_app(), ["watch", "run", "--json", *db])
        assert up.exit_code == 0, up.output
        assert back.delivered_keys() == [i["key"] for i in reports["hooked"]["items"]]
    finally:
        back.close()
