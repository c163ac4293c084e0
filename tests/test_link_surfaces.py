"""Reposts and call threads where users meet them: search, the calls board, the calendar,
the REST API and pages over real HTTP, and watchlists.

Real posts are picked by aid from ../shared/data at test time. No post of the development
accounts extends a deadline, so one extension is made here from a real call: its record with
a new aid, a later date, a title that says 延期 and a one-line body that moves the deadline.
"""

from __future__ import annotations

import copy
import dataclasses
import json
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import httpx
import pytest
from conftest import MORE
from helpers import ingested_db, serve
from test_link_stage import PILOT_ROUND, XINHUA_REPOSTS, subset
from typer.testing import CliRunner

from wxintel import feeds
from wxintel.cli import app
from wxintel.pipeline import ingest
from wxintel.search import SearchQuery
from wxintel.store import open_store
from wxintel.watch import (
    WatchFilters,
    WatchReport,
    acknowledge,
    add_watchlist,
    collect_new,
    get_watchlist,
)
from wxintel.web import create_app

FUND = "闵行发展改革"
CALL, TRAINING = "2247503929_1", "2247503970_1"  # a call and the training session it announced
EXTENDED_TO = "2025-07-04T17:00"


def extension_of_call(tmp_path: Path) -> Path:
    """An export holding one extension notice of the real call CALL (see the module docstring)."""
    records = json.loads((MORE / f"{FUND}.json").read_text(encoding="utf-8-sig"))
    call = next(r for r in records if r["文章标识符aid"] == CALL)
    extension = copy.deepcopy(call)
    extension["文章标识符aid"] = "2247503999_9"
    extension["链接url"] = ""
    extension["时间time"] = "2025-06-17"
    extension["标题title"] = f"关于{call['标题title']}截止时间延期的通知"
    extension["finalContent"] = (
        f"各有关企业：\r{call['标题title']}，申报截止时间延期至2025年7月4日17:00，其他事项不变。"
    )
    path = tmp_path / "extension.json"
    path.write_text(json.dumps([extension], ensure_ascii=False), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("surfaces")
    picks = {**XINHUA_REPOSTS, FUND: [CALL, TRAINING]}
    picks["津北商务"] = XINHUA_REPOSTS["津北商务"] + PILOT_ROUND["津北商务"]
    return ingested_db(tmp, [subset(tmp, picks), extension_of_call(tmp)])


@pytest.fixture(scope="module")
def base_url(db: Path) -> Iterator[str]:
    with serve(create_app(db)) as url:
        yield url


def key_of(db: Path, account: str, aid: str) -> str:
    store = open_store(db)
    try:
        return store.conn.execute(
            "SELECT key FROM articles WHERE account = ? AND aid = ?", (account, aid)
        ).fetchone()[0]
    finally:
        store.close()


def test_search_shows_a_reposted_text_once(db: Path) -> None:
    store = open_store(db)
    try:
        title = store.get(key_of(db, "津北商务", "2247516397_1")).title
    finally:
        store.close()
    out = CliRunner().invoke(app, ["search", title, "--db", str(db), "--json", "--limit", "20"])
    assert out.exit_code == 0, out.output
    hits = json.loads(out.output)["hits"]
    copies = [h for h in hits if h["title"] == title]
    # 未央工信 ran the text twice, two weeks apart, and 津北商务 carried it: one hit (trial7
    # saw the later run folding 津北商务's post and the earlier run as a hit of its own)
    assert len(copies) == 1, "three posts of one text in one cluster: one hit"
    [folding] = copies
    assert sorted(folding["published_by"]) == ["未央工信", "津北商务"]
    # whichever of the three ranks first, the other two are folded into it
    accounts = [folding["account"], *(r["account"] for r in folding["reposts"])]
    assert sorted(accounts) == ["未央工信", "未央工信", "津北商务"]
    ids = {folding["id"], *(r["id"] for r in folding["reposts"])}
    assert ids == {"2247516397_1", "2247495051_4", "2247495092_3"}
    text = CliRunner().invoke(app, ["search", title, "--db", str(db)])
    assert "2个公众号发布" in "".join(text.output.split())  # the terminal may wrap the line


def test_a_search_page_as_json_equals_its_hits_copied_in_depth(db: Path) -> None:
    """Hit.to_json hands over its values uncopied; the JSON must stay what a deep copy gives,
    reposts folded into a hit included."""
    store = open_store(db)
    try:
        title = store.get(key_of(db, "津北商务", "2247516397_1")).title
        result = store.search(SearchQuery(text=title, limit=20))
    finally:
        store.close()
    assert any(hit.reposts for hit in result.hits)
    assert result.to_json()["hits"] == [dataclasses.asdict(hit) for hit in result.hits]


def test_an_extension_moves_the_threads_deadline(base_url: str, db: Path) -> None:
    threads = httpx.get(f"{base_url}/api/threads", params={"account": FUND}).json()
    assert len(threads) == 1
    thread = threads[0]
    assert [a["stage"] for a in thread["articles"]] == ["notice", "other", "extension"]
    assert thread["deadline"] == EXTENDED_TO and thread["deadline_moved"]
    assert [h["deadline"] for h in thread["deadline_history"]][-1] == EXTENDED_TO
    assert len(thread["deadline_history"]) == 2
    one = httpx.get(f"{base_url}/api/threads/{thread['id']}")
    assert one.status_code == 200 and one.json() == thread
    assert httpx.get(f"{base_url}/api/threads/999999").status_code == 404
    page = httpx.get(f"{base_url}/threads/{thread['id']}")
    assert page.status_code == 200
    assert "截止日期变更" in page.text and EXTENDED_TO in page.text
    board = httpx.get(f"{base_url}/calls", params={"as_of": "2025-06-20"}).text
    assert "截止日期已延期" in board and "/threads/" in board


def test_threads_take_a_checked_day_on_the_api_and_the_page(base_url: str) -> None:
    for path in ("/api/threads", "/threads"):
        bad = httpx.get(f"{base_url}{path}", params={"as_of": "2025-13-40", "open": True})
        assert bad.status_code == 422
        assert "as_of" in bad.text and "2025-13-40" in bad.text
    before, after = "2025-07-03", "2025-07-05"  # the extended deadline is 2025-07-04
    for day, shown in ((before, 1), (after, 0)):
        asked = {"account": FUND, "open": True, "as_of": day}
        assert len(httpx.get(f"{base_url}/api/threads", params=asked).json()) == shown
        page = httpx.get(f"{base_url}/threads", params=asked).text
        assert page.count('class="thread"') == shown and f"截至 {day}" in page
    every = httpx.get(f"{base_url}/threads", params={"account": FUND, "as_of": after}).text
    assert every.count('class="thread"') == 1 and "截至" not in every


def test_a_thread_is_open_on_a_day_as_the_archive_stood_then(base_url: str, db: Path) -> None:
    """`--open --as-of D` listed rounds announced after D (a 2026 notice open "on" 2025-10-12)
    and judged them by extensions published after D. As the calls board does, a thread is read
    from its posts published by D: none before the notice (2025-06-03), the notice's own
    deadline before the extension (2025-06-17), the extended one after."""
    asked = {"account": FUND, "open": True}
    seen = {
        day: httpx.get(f"{base_url}/api/threads", params={**asked, "as_of": day}).json()
        for day in ("2025-06-02", "2025-06-16", "2025-06-20")
    }
    assert seen["2025-06-02"] == []
    (before,) = seen["2025-06-16"]
    assert before["deadline"] == "2025-06-24T17:00" and not before["deadline_moved"]
    assert [a["stage"] for a in before["articles"]] == ["notice", "other"]
    (after,) = seen["2025-06-20"]
    assert after["deadline"] == EXTENDED_TO and after["deadline_moved"]
    cli = CliRunner().invoke(
        app, ["threads", "--open", "--as-of", "2025-06-02", "--json", "--db", str(db)]
    )
    assert cli.exit_code == 0 and json.loads(cli.output) == []


def test_open_threads_without_a_day_follow_the_calls_rule(tmp_path: Path) -> None:
    """An archive that ends before the extended deadline (read long after) still shows the
    thread open, on the API as in the CLI: both judge on today or the archive's newest post."""
    db = tmp_path / "fund.db"
    store = open_store(db)
    ingest([subset(tmp_path, {FUND: [CALL, TRAINING]}), extension_of_call(tmp_path)], store)
    store.close()
    cli = CliRunner().invoke(app, ["threads", "--open", "--json", "--db", str(db)])
    assert cli.exit_code == 0, cli.output
    (thread,) = json.loads(cli.output)
    assert thread["deadline"] == EXTENDED_TO
    with serve(create_app(db)) as url:
        assert httpx.get(f"{url}/api/threads", params={"open": True}).json() == [thread]


def test_the_calls_board_and_calendar_move_the_event_not_duplicate_it(db: Path) -> None:
    store = open_store(db)
    try:
        before = {c["key"]: c for c in store.calls(status="all", as_of=date(2025, 6, 10))}
        after = {c["key"]: c for c in store.calls(status="all", as_of=date(2025, 6, 20))}
    finally:
        store.close()
    call = key_of(db, FUND, CALL)
    assert not before[call]["deadline_moved"] and before[call]["stage"] in ("notice", "other")
    assert after[call]["deadline_moved"] and after[call]["deadline"] == EXTENDED_TO
    assert after[call]["deadline_was"] == before[call]["deadline"]
    assert after[call]["stage"] == "extension"
    old_ics = feeds.calls_ics([before[call]]).decode()
    new_ics = feeds.calls_ics([after[call]]).decode()
    uid = f"UID:{call}-deadline@wxintel"
    assert uid in old_ics.replace("\r\n ", "") and uid in new_ics.replace("\r\n ", "")
    assert "SEQUENCE:0" in old_ics and "SEQUENCE:1" in new_ics
    assert "DTSTART:20250704T170000" in new_ics.replace(";TZID=Asia/Shanghai", "")


def test_api_article_carries_its_cluster_and_thread(base_url: str, db: Path) -> None:
    detail = httpx.get(f"{base_url}/api/articles/{key_of(db, '未央工信', '2247495051_4')}").json()
    assert detail["reposts"]["source_outside"] == "新华社"
    assert len(detail["reposts"]["members"]) == 3
    call = httpx.get(f"{base_url}/api/articles/{key_of(db, FUND, CALL)}").json()
    assert call["thread"]["deadline"] == EXTENDED_TO
    page = httpx.get(f"{base_url}/articles/{key_of(db, '未央工信', '2247495051_4')}").text
    assert "2 个公众号发布" in page and "晚 " in page
    reposts = httpx.get(f"{base_url}/api/reposts").json()
    assert any(c["source_outside"] == "新华社" for c in reposts)


def test_a_followed_thread_alerts_once_per_new_stage(tmp_path: Path) -> None:
    store = open_store(tmp_path / "watch.db")
    try:
        ingest([subset(tmp_path, {FUND: [CALL, TRAINING]})], store, workers=1)
        query = "培训"  # the call and its training session say it; the extension does not
        extension = json.loads(extension_of_call(tmp_path).read_text(encoding="utf-8"))[0]
        assert query not in extension["标题title"] + extension["finalContent"]
        for name, follow in (("following", True), ("plain", False)):
            add_watchlist(store, name, query, WatchFilters(follow_threads=follow), "")

        def run(name: str) -> list[str]:
            watchlist = get_watchlist(store, name)
            items = collect_new(store, watchlist)
            acknowledge(store, WatchReport(watchlist=watchlist, items=items))  # delivered
            return [item.title for item in items]

        first = {name: run(name) for name in ("following", "plain")}
        assert first["following"] and first["plain"]
        ingest([extension_of_call(tmp_path)], store, workers=1)
        second = {name: run(name) for name in ("following", "plain")}
        assert len(second["following"]) == 1 and "延期" in second["following"][0]
        assert second["plain"] == [], "the extension does not say it"
        assert run("following") == [], "a stage alerts once"
    finally:
        store.close()


def test_the_threads_command_shows_a_programme_as_its_post_writes_it(tmp_path: Path) -> None:
    """Threads are matched on a name of digits and words only (43.5 becomes 435); what a
    reader sees is the first post's title as written."""
    db = tmp_path / "xiqing.db"
    store = open_store(db)
    ingest([subset(tmp_path, {"天津西青": ["2652090607_1"]})], store)
    store.close()
    out = CliRunner().invoke(app, ["threads", "--db", str(db), "--account", "天津西青"])
    assert out.exit_code == 0, out.output
    assert "43.5平方公里" in out.output and "435平方公里" not in out.output
    (thread,) = json.loads(CliRunner().invoke(app, ["threads", "--db", str(db), "--json"]).output)
    assert "435平方公里" in thread["name"] and "43.5平方公里" in thread["title"]


def test_the_threads_page_offers_the_filters_it_takes(base_url: str, db: Path) -> None:
    """/threads took account=, open= and as_of= but offered no control for them: one long list
    of every thread. Its form offers each stored account, 只看仍在申报期的 and the day, and
    keeps what was chosen."""
    store = open_store(db)
    try:
        stored = store.accounts()
    finally:
        store.close()
    page = httpx.get(f"{base_url}/threads").text
    start = page.index('<form class="asof" action="/threads"')
    form = page[start : page.index("</form>", start)]
    assert re.findall(r"<option(?: selected)?>([^<]+)</option>", form) == stored
    assert 'name="open" value="true"' in form and 'name="as_of"' in form
    asked = {"account": FUND, "open": "true", "as_of": "2025-06-20"}
    chosen = httpx.get(f"{base_url}/threads", params=asked).text
    assert chosen.count('class="thread"') == 1
    assert f"<option selected>{FUND}</option>" in chosen
    assert 'value="true" checked' in chosen and 'value="2025-06-20"' in chosen


def test_an_extension_whose_title_leaves_the_programme_out_joins_the_round_its_body_names(
    tmp_path: Path,
) -> None:
    """An extension titled only "关于延长申报截止时间的通知" (as an account we do not have wrote
    one) named no round: it opened a thread of its own, and the call kept its old deadline.
    Its body names the round where it moves the date; the same rules then decide, so one
    naming the first batch of the real call's programme stays apart from the second's."""
    records = json.loads((MORE / f"{FUND}.json").read_text(encoding="utf-8-sig"))
    call = next(r for r in records if r["文章标识符aid"] == CALL)
    programme = call["标题title"].replace("开始申报", "")  # the programme, batch and year

    def extension(aid: str, named: str) -> dict:
        record = {**call, "文章标识符aid": aid, "链接url": "", "时间time": "2025-06-17"}
        record["标题title"] = "关于延长申报截止时间的通知"
        record["finalContent"] = f"经研究，{named}申报截止时间延长至2025年7月4日17:00。"
        return record

    other_batch = programme.replace("第二批", "第一批")
    assert other_batch != programme
    path = tmp_path / "extensions.json"
    path.write_text(
        json.dumps(
            [extension("2247503999_8", programme), extension("2247503999_9", other_batch)],
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    db = ingested_db(tmp_path, [subset(tmp_path, {FUND: [CALL]}), path])
    out = CliRunner().invoke(app, ["threads", "--db", str(db), "--json"])
    assert out.exit_code == 0, out.output
    by_stages = {
        tuple(a["id"] for a in thread["articles"]): thread for thread in json.loads(out.output)
    }
    assert set(by_stages) == {(CALL, "2247503999_8"), ("2247503999_9",)}
    joined = by_stages[(CALL, "2247503999_8")]
    assert [a["stage"] for a in joined["articles"]] == ["notice", "extension"]
    assert joined["deadline"] == EXTENDED_TO and joined["deadline_moved"]
