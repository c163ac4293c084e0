"""`wxintel sources …` and `wxintel poll` through the real CLI, with a loopback collector."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import MORE, SEED, raw_records
from feedserver import FeedServer, Route, full_item, rss, start, summary_item
from helpers import MINHANG_FIRM
from typer.testing import CliRunner

from wxintel.cli import app

runner = CliRunner()
OPML = """<?xml version="1.0" encoding="UTF-8"?>
<opml version="2.0"><head><title>订阅</title></head><body>
  <outline text="上海市级" title="上海市级">
    <outline type="rss" text="上海经信委" xmlUrl="{a}"/>
  </outline>
  <outline text="天津" title="天津">
    <outline type="rss" text="津北商务" xmlUrl="{b}" every="2h"/>
  </outline>
  <outline type="rss" text="无组" xmlUrl="{c}" category="/区级/闵行"/>
</body></opml>
"""


@pytest.fixture(scope="module")
def server() -> Iterator[FeedServer]:
    state = FeedServer()
    httpd = start(state)
    yield state
    httpd.shutdown()


def cli(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.output


def test_add_list_remove_and_poll_once(server: FeedServer, tmp_path: Path):
    db = str(tmp_path / "wx.db")
    server.routes["/cli.xml"] = Route(
        rss([full_item(r) for r in raw_records(SEED)[:3]], "上海经信委")
    )
    url = server.url("/cli.xml")
    code, out = cli("sources", "add", url, "--name", "上海经信委", "--group", "上海市级",
                    "--every", "30m", "--db", db)  # fmt: skip
    assert code == 0 and "every 30m in group 上海市级" in out
    assert cli("sources", "add", url, "--db", db)[0] == 2  # subscribed once
    assert cli("sources", "add", "ftp://x/feed", "--db", db)[0] == 2
    assert cli("sources", "add", "http://x/feed", "--every", "soon", "--db", db)[0] == 2

    code, out = cli("poll", "--once", "--json", "--delay", "0", "--db", db)
    report = json.loads(out)
    assert (code, report["polled"], report["added"], report["failed"]) == (0, 1, 3, 0)
    [entry] = json.loads(cli("sources", "list", "--json", "--db", db)[1])
    assert (entry["name"], entry["group"], entry["every"], entry["new_last_7d"]) == (
        "上海经信委", "上海市级", "30m", 3,
    )  # fmt: skip
    assert json.loads(cli("search", "专精特新", "--json", "--db", db)[1])["total"] >= 1

    down = server.url("/cli-down.xml")  # not served: 404
    assert cli("sources", "add", down, "--name", "坏源", "--db", db)[0] == 0
    assert cli("poll", "--once", "--delay", "0", "--db", db)[0] == 0
    listed = cli("sources", "list", "--db", db)[1]
    assert "坏源" in listed and "failed 1 time(s) in a row: HTTP 404" in listed
    assert cli("sources", "remove", "坏源", "--db", db)[0] == 0

    assert cli("sources", "remove", "上海经信委", "--db", db)[0] == 0
    assert json.loads(cli("sources", "list", "--json", "--db", db)[1]) == []
    assert cli("sources", "remove", "上海经信委", "--db", db)[0] == 4
    assert json.loads(cli("stats", "--json", "--db", db)[1])["articles"] == 3  # posts stay


def test_poll_once_says_what_its_webhooks_did_and_exits_7_when_one_failed(
    server: FeedServer, tmp_path: Path
):
    """A poll run from cron delivers the watchlists' alerts: a refused webhook is named on
    stderr and exits 7 (as `watch run`), and the items go out after the next poll."""
    db = str(tmp_path / "wx.db")
    records = raw_records(SEED)
    server.routes["/cron.xml"] = Route(rss([full_item(r) for r in records[:2]], "上海经信委"))
    server.routes["/refusing-hook"] = Route(b"", status=404)  # not transient: one attempt
    assert cli("sources", "add", server.url("/cron.xml"), "--db", db)[0] == 0
    title = records[2]["标题title"]
    assert cli("watch", "add", f'"{title[:10]}"', "--name", "跟踪", "--webhook",
               server.url("/refusing-hook"), "--db", db)[0] == 0  # fmt: skip
    assert cli("poll", "--once", "--delay", "0", "--db", db)[0] == 0  # nothing new for it

    server.routes["/cron.xml"] = Route(rss([full_item(r) for r in records[:3]], "上海经信委"))
    result = runner.invoke(app, ["poll", "--once", "--all", "--delay", "0", "--db", db])
    assert result.exit_code == 7, result.output
    assert "watchlist 跟踪: 1 new: not delivered after 1 attempt(s): HTTP 404" in result.stdout
    assert "webhook of '跟踪' failed, 1 item(s) kept for the next run" in result.stderr

    server.routes.pop("/refusing-hook")  # the receiver is fixed: the kept item goes out
    server.posts.clear()
    code, out = cli("poll", "--once", "--all", "--json", "--delay", "0", "--db", db)
    report = json.loads(out)
    assert code == 0 and report["added"] == 0  # the feed is unchanged: nothing new
    code, out = cli("watch", "run", "--json", "--db", db)
    assert code == 0 and [p["items"][0]["title"] for p in server.posts] == [title]


def test_a_poll_sends_a_watched_profiles_newly_eligible_calls_to_its_webhook(
    server: FeedServer, tmp_path: Path
):
    """A firm watching its eligibility with a webhook hears of a call when the poll brings it,
    not only when someone runs `watch run` or `profiles alerts`; once, like a watchlist."""
    db = str(tmp_path / "wx.db")
    posts = raw_records(MORE / "闵行发展改革.json")
    posts = sorted(posts, key=lambda r: r["时间time"].replace("/", "-"))
    posts = [r for r in posts if r["时间time"].replace("/", "-") <= "2025-07-03"][-20:]
    server.routes["/minhang.xml"] = Route(rss([full_item(r) for r in posts], "闵行发展改革"))
    firm = tmp_path / "firm.json"
    firm.write_text(json.dumps(MINHANG_FIRM, ensure_ascii=False), encoding="utf-8")
    assert cli("sources", "add", server.url("/minhang.xml"), "--db", db)[0] == 0
    assert cli("profiles", "add", str(firm), "--watch", "--db", db)[0] == 0
    hook = server.url("/firm-hook")
    assert cli("profiles", "watch", MINHANG_FIRM["name"], "--webhook", hook, "--db", db)[0] == 0
    server.posts.clear()

    code, out = cli("poll", "--once", "--json", "--delay", "0", "--db", db)
    [told] = [w for w in json.loads(out)["webhooks"] if "profile" in w]
    [body] = [p for p in server.posts if p.get("profile") == MINHANG_FIRM["name"]]
    assert code == 0 and told["delivered"] and told["new"] == len(body["items"]) > 0
    assert body["as_of"] == max(r["时间time"].replace("/", "-") for r in posts)[:10]

    server.routes["/minhang.xml"] = Route(rss([full_item(r) for r in posts[:-1]], "闵行发展改革"))
    code, out = cli("poll", "--once", "--all", "--json", "--delay", "0", "--db", db)
    assert code == 0 and json.loads(out)["webhooks"] == []  # nothing new: nothing sent again


def test_poll_refuses_a_timeout_or_delay_no_request_can_keep(server: FeedServer, tmp_path: Path):
    """--timeout -1 was a ValueError traceback, --timeout 0 a failed poll of every source
    ("Operation now in progress") and --delay -5 was taken: each is a usage error, exit 2,
    before anything is fetched or the database is opened."""
    db = tmp_path / "wx.db"
    server.routes["/timeouts.xml"] = Route(rss([full_item(raw_records(SEED)[0])], "上海经信委"))
    assert cli("sources", "add", server.url("/timeouts.xml"), "--db", str(db))[0] == 0
    for option, value in (("--timeout", "-1"), ("--timeout", "0"), ("--delay", "-5")):
        result = runner.invoke(app, ["poll", "--once", option, value, "--db", str(db)])
        assert result.exit_code == 2 and f"{option} must be" in result.stderr, result.output
    code, out = cli("poll", "--once", "--json", "--timeout", "10", "--delay", "0", "--db", str(db))
    assert code == 0 and json.loads(out)["added"] == 1  # nothing was fetched before


def test_poll_says_what_a_waiting_item_waits_for(server: FeedServer, tmp_path: Path):
    """An RSSHub-style item (a summary and a link) whose article page answers 503 waits for the
    next poll; the line said "1 waiting", now it says for what."""
    db = str(tmp_path / "wx.db")
    page = server.url("/down-page.html")
    server.routes["/down-page.html"] = Route(b"busy", status=503, content_type="text/html")
    server.routes["/summaries.xml"] = Route(rss([summary_item("一篇文章", page, "g-1")], "样例号"))
    assert cli("sources", "add", server.url("/summaries.xml"), "--db", db)[0] == 0
    code, out = cli("poll", "--once", "--delay", "0", "--db", db)
    assert code == 0 and "0 new, 1 waiting for their article page (next poll)" in out


def test_opml_import_and_export_keep_groups(tmp_path: Path):
    db = str(tmp_path / "wx.db")
    urls = {k: f"https://rss.example/{k}.xml" for k in "abc"}
    path = tmp_path / "subs.opml"
    path.write_text(OPML.format(**urls), encoding="utf-8")
    code, out = cli("sources", "import", str(path), "--json", "--db", db)
    assert code == 0 and json.loads(out)["added"] == list(urls.values())
    assert json.loads(cli("sources", "import", str(path), "--json", "--db", db)[1])[
        "existing"
    ] == list(urls.values())
    listed = json.loads(cli("sources", "list", "--json", "--db", db)[1])
    assert {(e["name"], e["group"], e["every"]) for e in listed} == {
        ("上海经信委", "上海市级", "1h"), ("津北商务", "天津", "2h"), ("无组", "闵行", "1h"),
    }  # fmt: skip

    code, exported = cli("sources", "export", "--db", db)
    again = tmp_path / "again.opml"
    again.write_text(exported, encoding="utf-8")
    other = str(tmp_path / "other.db")
    assert cli("sources", "import", str(again), "--db", other)[0] == 0
    relisted = json.loads(cli("sources", "list", "--json", "--db", other)[1])
    kept = {(e["url"], e["group"], e["every"]) for e in relisted}
    assert kept == {(e["url"], e["group"], e["every"]) for e in listed}


def test_import_refuses_what_is_not_opml(tmp_path: Path):
    db = str(tmp_path / "wx.db")
    bad = tmp_path / "bad.opml"
    bad.write_text("<opml><body><outline", encoding="utf-8")
    code, out = cli("sources", "import", str(bad), "--db", db)
    assert code == 2 and "malformed XML at line 1" in out
    bad.write_text('<?xml version="1.0"?><!DOCTYPE o [<!ENTITY x "x">]><opml/>', encoding="utf-8")
    code, out = cli("sources", "import", str(bad), "--db", db)
    assert code == 2 and "refused: the XML declares entities or external references ('x')" in out


def test_poll_says_a_feed_moved_and_sources_list_shows_its_new_url(
    server: FeedServer, tmp_path: Path
):
    """A 301 moves the subscription: `poll` says so on the source's line, `sources list`
    shows the URL polled from now on."""
    db = str(tmp_path / "wx.db")
    server.routes["/moved-new.xml"] = Route(rss([full_item(raw_records(SEED)[0])], "上海经信委"))
    server.routes["/moved-old.xml"] = Route(status=301, location=server.url("/moved-new.xml"))
    assert cli("sources", "add", server.url("/moved-old.xml"), "--db", db)[0] == 0
    code, out = cli("poll", "--once", "--delay", "0", "--db", db)
    assert code == 0
    assert f"moved permanently to {server.url('/moved-new.xml')}: subscription updated" in out
    code, out = cli("sources", "list", "--db", db)
    assert code == 0 and server.url("/moved-new.xml") in out and "moved-old" not in out
