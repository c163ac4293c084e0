"""The link stage on real posts of the development accounts, on SQLite and PostgreSQL.

Each test ingests a few posts picked by aid from the exports in ../shared/data (written to a
temporary file at test time; no text is kept in the repository) through the whole pipeline.
"""

from __future__ import annotations

import importlib
import json
import re
from datetime import date
from pathlib import Path
from urllib.parse import quote

import pytest
from conftest import MORE, REPO, StoreTarget
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from wxintel import link
from wxintel.cli import app
from wxintel.commands.common import EXIT_USAGE
from wxintel.link.reposts import cluster_members
from wxintel.pipeline import ingest
from wxintel.search import SearchQuery
from wxintel.store import open_store
from wxintel.web import create_app

AID = "文章标识符aid"
XINHUA_REPOSTS = {"未央工信": ["2247495051_4", "2247495092_3"], "津北商务": ["2247516397_1"]}
PILOT_ROUND = {"津北商务": ["2247516401_1", "2247516451_2"]}  # the call, then its shortlist
SERVICE_FUND = {  # one district fund: 2025 batch 1, 2025 batch 2 (+ training), 2026 batch 1 (+)
    "闵行发展改革": [
        "2247503439_1",
        "2247503929_1",
        "2247503970_1",
        "2247504475_1",
        "2247504493_1",
    ]
}
# sibling notices of one bureau: one collection for two sectors (未央工信); a funding guide and
# two fair notices that cite it by title for their booth fees (津北商务)
SIBLING_CALLS = {
    "未央工信": ["2247494933_1", "2247495173_2"],
    "津北商务": ["2247516213_3", "2247516240_2", "2247516240_3"],
}
GUIDE_REPOST = {"河西政务服务": ["2247514632_5", "2247520286_3"]}  # a guide, then with a story
# a guide (2025-01-26) and the same text as a 微课堂 issue (2026-02-15): published again
GUIDE_AGAIN = {"河西政务服务": ["2247516176_3", "2247524159_4"]}


def subset(tmp_path: Path, picks: dict[str, list[str]], name: str = "subset") -> Path:
    """The picked posts of the accounts' exports, as one export file in `tmp_path`."""
    records = []
    for account, aids in picks.items():
        data = json.loads((MORE / f"{account}.json").read_text(encoding="utf-8-sig"))
        chosen = [r for r in data if r.get(AID) in aids]
        assert len(chosen) == len(aids), f"{account}: some of {aids} are not in the export"
        records.extend(chosen)
    path = tmp_path / f"{name}.json"
    path.write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8")
    return path


def keyed(store: object, account: str, aid: str) -> str:
    row = store.conn.execute(  # type: ignore[attr-defined]
        "SELECT key FROM articles WHERE account = ? AND aid = ?", (account, aid)
    ).fetchone()
    assert row, f"{account} {aid} not stored"
    return row[0]


@pytest.fixture()
def linked(store_factory, tmp_path: Path) -> StoreTarget:
    """A store of each backend holding the picked posts, linked as ingest links them."""
    target = store_factory()
    picks = {**XINHUA_REPOSTS, **SERVICE_FUND, **GUIDE_REPOST}
    picks["津北商务"] = XINHUA_REPOSTS["津北商务"] + PILOT_ROUND["津北商务"]
    store = target.open()
    ingest([subset(tmp_path, picks)], store, workers=1)
    store.close()
    return target


def test_one_wire_item_posted_by_two_accounts_is_one_cluster(linked: StoreTarget) -> None:
    store = linked.open()
    try:
        cluster = link.cluster_of(store.conn, keyed(store, "未央工信", "2247495051_4"))
        assert cluster is not None
        members = {(m["account"], m["id"]): m for m in cluster["members"]}
        assert set(members) == {
            ("未央工信", "2247495051_4"),
            ("未央工信", "2247495092_3"),
            ("津北商务", "2247516397_1"),
        }
        assert cluster["original"] == {"account": "津北商务", "id": "2247516397_1"}  # earliest
        assert cluster["source_outside"] == "新华社"
        assert members[("津北商务", "2247516397_1")]["relation"] == "original"
        assert {members[k]["relation"] for k in members if k[0] == "未央工信"} == {"repost"}
        guide = link.cluster_of(store.conn, keyed(store, "河西政务服务", "2247520286_3"))
        assert guide is not None
        relations = {m["id"]: m["relation"] for m in guide["members"]}
        assert relations == {"2247514632_5": "original", "2247520286_3": "edited_repost"}
    finally:
        store.close()


def test_search_folds_a_text_reposted_by_another_account_but_not_an_accounts_edited_guide(
    linked: StoreTarget,
) -> None:
    """The guide and its later edited version (one account, one cluster) are two posts for a
    reader and both stay in the hits; the wire item two accounts carried (未央工信 twice, two
    weeks apart) is one hit folding the other two posts."""
    store = linked.open()
    try:
        guides = store.search(SearchQuery(text="开办餐饮店 一件事", limit=10)).hits
        ids = [h.id for h in guides if h.account == "河西政务服务"]
        assert sorted(ids) == sorted(GUIDE_REPOST["河西政务服务"])
        assert all(h.reposts == [] for h in guides)
        wire = store.search(SearchQuery(text="中共中央政治局 四中全会", limit=10)).hits
        # whichever copy ranks first (the ranking's brevity puts 津北商务's first) folds the others
        [folding] = [h for h in wire if "政治局" in h.title]
        assert sorted(folding.published_by) == ["未央工信", "津北商务"]
        three = {aid for ids in XINHUA_REPOSTS.values() for aid in ids}
        assert {folding.id, *(r["id"] for r in folding.reposts)} == three
    finally:
        store.close()


def test_an_accounts_own_text_published_again_later_is_a_hit_naming_the_earlier_post(
    store_factory, tmp_path: Path
) -> None:
    """One account publishing its text again on a later day made a second post: both are hits
    (search, JSON, CLI, page) and the later one names the earlier with its day; the same text
    recorded twice within a few days (a crawler's second record of one push) stays folded."""
    target = store_factory()
    guide, again = (_record("河西政务服务", aid) for aid in GUIDE_AGAIN["河西政务服务"])
    # the guide pushed again the next day (another message id): one post recorded twice
    url = guide["链接url"].replace("mid=2247516176", "mid=2247516199")
    twice = {**guide, AID: "2247516199_3", "链接url": url, "时间time": "2025-01-27"}
    wire = [_record("未央工信", aid) for aid in XINHUA_REPOSTS["未央工信"]]
    path = tmp_path / "again.json"
    path.write_text(json.dumps([guide, again, twice, *wire], ensure_ascii=False), "utf-8")
    store = target.open()
    try:
        ingest([path], store, workers=1)
        assert guide["时间time"] == "2025-01-26" and again["时间time"] == "2026-02-15"
        stored = dict(
            store.conn.execute(
                "SELECT aid, duplicate_of FROM articles WHERE account = ?", ("河西政务服务",)
            )
        )
        assert stored[guide[AID]] is None and stored[again[AID]] is None
        assert stored["2247516199_3"] == keyed(store, "河西政务服务", guide[AID])
        query = "新生儿出生 一件事"
        hits = [h for h in store.search(SearchQuery(text=query, limit=10)).hits]
        by_id = {h.id: h for h in hits}
        assert set(by_id) == {guide[AID], again[AID]}
        assert by_id[guide[AID]].republication_of is None
        assert by_id[guide[AID]].duplicates == 1  # the second record, folded into its post
        assert by_id[again[AID]].republication_of == {
            "key": keyed(store, "河西政务服务", guide[AID]),
            "id": guide[AID],
            "published": "2025-01-26",
        }
        assert by_id[again[AID]].reposts == [] and by_id[again[AID]].published_by == []
        # 未央工信 ran one wire item twice, two weeks apart (no other account's copy here): two
        # hits, the later naming the first
        wired = [h for h in store.search(SearchQuery(text="政治局 四中全会")).hits]
        notes = {h.id: (h.republication_of or {}).get("id") for h in wired}
        assert notes == {"2247495051_4": None, "2247495092_3": "2247495051_4"}
        index = ["--index", str(target.index_dir)]
        shown = CliRunner().invoke(app, [*index, "search", query, "--db", target.target])
        assert shown.exit_code == 0, shown.output
        assert shown.output.count("重发本号 2025-01-26 的文章") == 1
        as_json = CliRunner().invoke(
            app, [*index, "search", query, "--json", "--db", target.target]
        )
        payload = {h["id"]: h["republication_of"] for h in json.loads(as_json.output)["hits"]}
        assert payload[again[AID]]["published"] == "2025-01-26" and payload[guide[AID]] is None
    finally:
        store.close()
    app_ = create_app(target.target, index_dir=target.index_dir)
    with TestClient(app_) as client:
        api = client.get("/api/search", params={"q": query}).json()["hits"]
        assert [h["republication_of"] is not None for h in api] == [
            h.id == again[AID] for h in hits
        ]
        page = client.get("/search", params={"q": query}).text
    [note] = re.findall(r'<a class="republished" href="([^"]+)">([^<]+)</a>', page)
    assert note[0] == "/articles/" + quote(by_id[guide[AID]].key, safe="")
    assert note[1].startswith("重发本号 ") and "2025" in note[1]


def test_two_issues_of_a_weekly_column_sharing_one_title_are_two_posts(
    store_factory, tmp_path: Path
) -> None:
    """河西政务服务's column 本周"发展改革热点，我知道" keeps its title from week to week: two
    issues 5 days apart fell within the same-post window, so the title rule folded the first
    into the second though their bodies differ (17% of the shorter's shingles in the longer).
    Both are posts; a record cut short beside the full one still folds (test_store_backends)."""
    issues = [_record("河西政务服务", aid) for aid in ("2247519395_1", "2247519580_1")]
    assert issues[0]["标题title"] == issues[1]["标题title"]
    path = tmp_path / "column.json"
    path.write_text(json.dumps(issues, ensure_ascii=False), "utf-8")
    store = store_factory().open()
    try:
        assert ingest([path], store, workers=1).duplicates == 0
        stored = dict(store.conn.execute("SELECT aid, duplicate_of FROM articles"))
        assert stored == {"2247519395_1": None, "2247519580_1": None}
        hits = store.search(SearchQuery(text="发展改革热点", limit=10)).hits
        assert {h.id for h in hits} == {"2247519395_1", "2247519580_1"}
    finally:
        store.close()


def test_a_cluster_past_the_read_limit_is_read_in_part_and_its_counts_are_lower_bounds(
    linked: StoreTarget, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A list meeting a cluster larger than cluster_read_limit reads the members on the list
    and the first others only (the link stage can chain thousands of posts): the hits stay
    those of a whole read, their reposts and publishers what the part read gave, marked. A
    hit lists at most search_reposts_shown reposts and counts them all."""
    from wxintel.link import collapse

    store = linked.open()
    try:
        one = keyed(store, "未央工信", "2247495051_4")
        whole = cluster_members(store.conn, [one])[one]
        assert whole["whole"] and len(whole["members"]) == 3
        assert cluster_members(store.conn, [one], 3)[one] == whole
        part = cluster_members(store.conn, [one], 1)[one]
        assert not part["whole"] and one in {m["key"] for m in part["members"]}
        assert len(part["members"]) < 3 and all(m in whole["members"] for m in part["members"])

        query = SearchQuery(text="中共中央政治局 四中全会", limit=10)
        full = store.search(query).hits
        # 未央工信 ran the item twice, two weeks apart, and 津北商务 carried it: one hit
        [copy] = [h for h in full if h.reposts]
        assert "政治局" in copy.title  # whichever of the three ranks first
        assert copy.reposts_total == len(copy.reposts) == 2 and not copy.reposts_approximate
        monkeypatch.setattr(collapse, "REPOSTS_SHOWN", 0)
        shown = [h for h in store.search(query).hits if h.reposts_total]
        assert [(h.key, h.reposts, h.reposts_total) for h in shown] == [(copy.key, [], 2)]
        monkeypatch.setattr(collapse, "READ_LIMIT", 1)
        read = store.search(query).hits
        assert [h.key for h in read] == [h.key for h in full]
        [partial] = [h for h in read if h.published_by]
        assert partial.reposts_approximate and 1 <= partial.reposts_total <= copy.reposts_total
        assert set(partial.published_by) <= set(copy.published_by)
        assert partial.published_by[0] == copy.account
        assert all(h.reposts_approximate is ("政治局" in h.title) for h in read)
        index = ["--index", str(linked.index_dir)]
        shown = CliRunner().invoke(app, [*index, "search", query.text, "--db", linked.target])
        assert shown.exit_code == 0, shown.output
        assert f"至少 {len(partial.published_by)} 个公众号发布" in shown.output
        # the calls board marks the publishers of such a cluster the same way
        board = [{"key": one, "account": "未央工信", "deadline": ""}]
        [call] = collapse.annotate_calls(board, store.conn, date(2025, 10, 31))
        assert call["published_by_approximate"]
        assert set(call["published_by"]) <= {"未央工信", "津北商务"}
        monkeypatch.undo()
        [call] = collapse.annotate_calls(board, store.conn, date(2025, 10, 31))
        assert not call["published_by_approximate"]
        assert sorted(call["published_by"]) == ["未央工信", "津北商务"]
    finally:
        store.close()


def test_two_posts_sharing_only_a_list_of_other_posts_are_not_one_text(tmp_path: Path) -> None:
    """A gale warning and a festival post of 天津西青 ended with the same "往期推荐" list: the
    list is cut in cleaning (its heading learned from the account's posts), so the link stage
    no longer takes them for one text."""
    account, pair = "天津西青", ["2652067109_1", "2652071887_1"]
    records = json.loads((MORE / f"{account}.json").read_text(encoding="utf-8-sig"))
    # twenty other posts with a list naming none of the pair's titles: a title listed under
    # many posts is learned as chrome anyway
    warning = next(r for r in records if r[AID] == pair[0])
    titles = [t for t in warning["finalContent"].split("往期推荐")[-1].split("\r") if t.strip()]
    listed = [r for r in records if "往期推荐" in r.get("finalContent", "")]
    others = [r[AID] for r in listed if not any(t in r["finalContent"] for t in titles)][:20]
    store = open_store(tmp_path / "wx.db")
    try:
        ingest([subset(tmp_path, {account: list(dict.fromkeys(pair + others))})], store, workers=1)
        warning, festival = (keyed(store, account, aid) for aid in pair)
        assert link.cluster_of(store.conn, warning) is None
        assert link.cluster_of(store.conn, festival) is None
    finally:
        store.close()


def test_posts_of_one_template_for_another_batch_or_year_stay_apart(linked: StoreTarget) -> None:
    store = linked.open()
    try:
        for aid in SERVICE_FUND["闵行发展改革"]:
            assert link.cluster_of(store.conn, keyed(store, "闵行发展改革", aid)) is None
        thread = {
            aid: link.thread_of(store.conn, keyed(store, "闵行发展改革", aid))["id"]
            for aid in SERVICE_FUND["闵行发展改革"]
        }
        batch_one_2025, batch_two, training_two, batch_one_2026, training_2026 = (
            thread[aid] for aid in SERVICE_FUND["闵行发展改革"]
        )
        assert batch_two == training_two
        assert batch_one_2026 == training_2026
        assert len({batch_one_2025, batch_two, batch_one_2026}) == 3
        second = link.thread_of(store.conn, keyed(store, "闵行发展改革", "2247503929_1"))
        assert (second["year"], second["batch"], second["level"]) == (2025, 2, "district")
        assert (
            second["deadline"] and second["deadline_history"][0]["deadline"] == second["deadline"]
        )
    finally:
        store.close()


def test_news_of_a_shortlist_joins_the_call_it_cites(linked: StoreTarget) -> None:
    store = linked.open()
    try:
        call, news = (keyed(store, "津北商务", aid) for aid in PILOT_ROUND["津北商务"])
        thread = link.thread_of(store.conn, news)
        assert thread is not None and thread == link.thread_of(store.conn, call)
        assert [a["stage"] for a in thread["articles"]] == ["notice", "shortlist"]
        assert thread["stage"] == "shortlist"
    finally:
        store.close()


def test_sibling_notices_of_one_bureau_are_no_stages_of_one_call(
    store_factory, tmp_path: Path
) -> None:
    """Notices that put another sector (软信服务业 → 制造业) or another fair in one frame, or
    cite a guide by title for their fees, each stand apart: a call's later stages share its
    subject (bbox17 finding 4; before, the two collections and the guide with both fairs each
    made one thread)."""
    target = store_factory()
    store = target.open()
    try:
        ingest([subset(tmp_path, SIBLING_CALLS)], store, workers=1)
        threads = {
            (account, aid): link.thread_of(store.conn, keyed(store, account, aid))
            for account, aids in SIBLING_CALLS.items()
            for aid in aids
        }
        software, manufacturing = (threads[("未央工信", aid)] for aid in SIBLING_CALLS["未央工信"])
        assert software and manufacturing and software["id"] != manufacturing["id"]
        assert [len(t["articles"]) for t in (software, manufacturing)] == [1, 1]
        guide = threads[("津北商务", "2247516213_3")]
        assert guide is not None
        assert [a["id"] for a in guide["articles"]] == ["2247516213_3"]
        fairs = [threads[("津北商务", aid)] for aid in SIBLING_CALLS["津北商务"][1:]]
        assert all(fair is None or fair["id"] != guide["id"] for fair in fairs)
    finally:
        store.close()


def test_show_json_and_threads_json_carry_the_links(linked: StoreTarget) -> None:
    runner = CliRunner()
    db = linked.target
    index = ["--index", str(linked.index_dir)]
    shown = runner.invoke(app, [*index, "show", "2247516397_1", "--db", db, "--json"])
    assert shown.exit_code == 0, shown.output
    detail = json.loads(shown.output)
    assert len(detail["reposts"]["members"]) == 3
    assert detail["thread"] is None  # a wire item about a meeting is no call
    listed = runner.invoke(app, [*index, "threads", "--db", db, "--json", "--account", "津北商务"])
    assert listed.exit_code == 0, listed.output
    threads = json.loads(listed.output)
    assert {a["id"] for t in threads for a in t["articles"]} == set(PILOT_ROUND["津北商务"])
    for thread in threads:
        assert set(thread) >= {"id", "name", "year", "batch", "level", "deadline"}
        assert set(thread) >= {"deadline_history", "articles"}
    clusters = runner.invoke(app, [*index, "reposts", "--db", db, "--json"])
    assert clusters.exit_code == 0, clusters.output
    assert {c["source_outside"] for c in json.loads(clusters.output)} >= {"新华社"}


def test_a_later_post_joins_its_cluster_without_a_rebuild(store_factory, tmp_path: Path) -> None:
    target = store_factory()
    store = target.open()
    try:
        ingest([subset(tmp_path, {"津北商务": ["2247516397_1"]}, "first")], store, workers=1)
        assert link.clusters(store.conn) == []
        ingest([subset(tmp_path, {"未央工信": ["2247495051_4"]}, "later")], store, workers=1)
        incremental = link.clusters(store.conn)
        assert [len(c["members"]) for c in incremental] == [2]
        link.relink(store)
        rebuilt = link.clusters(store.conn)
        assert [m["key"] for m in rebuilt[0]["members"]] == [
            m["key"] for m in incremental[0]["members"]
        ]
    finally:
        store.close()


def test_threads_firm_finds_the_list_that_names_a_firm(seed_db: Path) -> None:
    store = open_store(seed_db)
    try:
        listing = [
            (thread["id"], article["key"])
            for thread in link.threads(store.conn)
            for article in thread["articles"]
            if article["stage"] == "shortlist"
        ]
        assert listing, "the seed holds a 拟入选…名单 公示"
        thread_id, key = listing[0]
        cells = [cell for table in store.tables(key) for row in table["rows"] for cell in row]
        firms = [cell for cell in cells if cell.endswith("公司")]
        assert firms, "the shortlist's table names firms"
    finally:
        store.close()
    runner = CliRunner()
    db = str(seed_db)
    found = runner.invoke(app, ["threads", "--db", db, "--json", "--firm", firms[0]])
    assert found.exit_code == 0, found.output
    assert thread_id in {t["id"] for t in json.loads(found.output)}
    nobody = runner.invoke(app, ["threads", "--db", db, "--json", "--firm", "无此名称有限公司"])
    assert json.loads(nobody.output) == []


def test_eval_reposts_and_threads_report_beside_the_baseline(linked: StoreTarget) -> None:
    runner = CliRunner()
    index = ["--index", str(linked.index_dir)]
    for kind in ("reposts", "threads"):
        labels = REPO / "eval" / f"{kind}_dev.json"
        out = runner.invoke(app, [*index, "eval", kind, str(labels), "--db", linked.target])
        assert out.exit_code == 0, out.output
        assert "overall" in out.output and "baseline" in out.output
        scored = runner.invoke(
            app, [*index, "eval", kind, str(labels), "--db", linked.target, "--json"]
        )
        figures = json.loads(scored.output)
        assert figures["unknown"], "posts of the labels this small store lacks are listed"
        for system in ("wxintel", "baseline"):
            overall = figures[system]["overall"]
            assert overall["gold_pairs"] > 0
            assert overall["recall"] is None or 0 <= overall["recall"] <= 1


def test_eval_rejects_labels_of_the_wrong_shape(linked: StoreTarget, tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"clusters": [{"members": [{"account": "x"}]}]}), encoding="utf-8")
    out = CliRunner().invoke(app, ["eval", "reposts", str(bad), "--db", linked.target])
    assert out.exit_code == EXIT_USAGE
    assert "clusters[0].members[0].aid" in out.output


def test_a_cluster_chained_through_a_quoted_post_hides_no_other_text(tmp_path: Path) -> None:
    """A wire item (real, 津北商务) posted alone by one account and quoted whole inside two
    longer posts of two other accounts, each adding a different real text: the two longer
    posts carry different texts, so they are not one cluster (a newcomer must carry the text
    of the cluster's root, its longest member, not just of any member), and a search finding
    both shows both; the short post, which the first of them carries whole, folds into it."""
    wire = _record("津北商务", XINHUA_REPOSTS["津北商务"][0])
    fund = _record("闵行发展改革", SERVICE_FUND["闵行发展改革"][0])
    health = _record("天津西青", "2652063966_2")
    posts = [
        _as_account(wire, "甲号", wire["finalContent"], 1),
        _as_account(wire, "乙号", wire["finalContent"] + "\n" + fund["finalContent"], 2),
        _as_account(wire, "丙号", wire["finalContent"] + "\n" + health["finalContent"], 3),
    ]
    path = tmp_path / "chain.json"
    path.write_text(json.dumps(posts, ensure_ascii=False), encoding="utf-8")
    store = open_store(tmp_path / "wx.db")
    try:
        ingest([path], store, workers=1)
        cluster = link.cluster_of(store.conn, keyed(store, "甲号", "1"))
        assert cluster and {m["account"] for m in cluster["members"]} == {"甲号", "乙号"}
        assert link.cluster_of(store.conn, keyed(store, "丙号", "3")) is None
        hits = store.search(SearchQuery(text="政治局 服务业", limit=10)).hits
        assert [h.account for h in hits] == ["乙号", "丙号"]
        assert [r["account"] for r in hits[0].reposts] == ["甲号"]
        assert hits[1].reposts == []
    finally:
        store.close()


def _record(account: str, aid: str) -> dict:
    data = json.loads((MORE / f"{account}.json").read_text(encoding="utf-8-sig"))
    return next(r for r in data if r[AID] == aid)


def _as_account(record: dict, account: str, content: str, n: int) -> dict:
    """`record` as account `account`'s n-th post, with `content` for its text."""
    return {
        **record,
        AID: str(n),
        "公众号名称": account,
        "链接url": f"http://mp.weixin.qq.com/s?__biz=CHAIN{n}&mid={n}&idx=1",
        "时间time": f"2025-10-0{n}",
        "finalContent": content,
    }


@pytest.mark.parametrize("gram_read", [0, 10**9], ids=["common bigrams assumed", "all read"])
def test_thread_candidates_hold_every_thread_a_name_is_similar_to(
    seed_clean, more_clean, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, gram_read: int
) -> None:
    """Threads are found through the rarest bigrams of a post's programme name only (a prefix
    filter, over the stored thread keys) and kept when they hold enough of its bigrams (each
    bigram held by more than GRAM_READ threads counted as held); every thread whose name
    reaches the similarity a match needs must still be among the candidates, on the programme
    names of the seven accounts' titles, whether no bigram beyond the prefix is read or all."""
    th = importlib.import_module("wxintel.link.threads")  # link.threads is also a function
    monkeypatch.setattr(th, "GRAM_READ", gram_read)
    posts = seed_clean + [a for account in more_clean.values() for a in account]
    names = sorted({n for n in (th.identity(a.title).name for a in posts) if len(n) >= 2})
    # and, for each, its shortest head that is still similar enough: a thread at the edge
    heads = [
        next(n[:m] for m in range(2, len(n) + 1) if th.similarity(n, n[:m]) >= th.NAME_SIMILAR)
        for n in names
    ]
    store = open_store(tmp_path / "wx.db")
    try:
        with store.transaction() as conn:
            known = th._Known(conn)
            by_id = {}
            for name in names + heads:
                cur = conn.execute(
                    "INSERT INTO threads(name, year, batch, level) VALUES (?, NULL, NULL, '')"
                    " RETURNING id",
                    (name,),
                )
                thread = th._Thread(
                    int(cur.fetchall()[0][0]), th.Identity(name, None, None, ""), set(), set()
                )
                known.add(thread)
                known.grow(thread, name, set())
                by_id[thread.id] = name
            probed = walked = 0
            for name in names[::4]:
                similar = {i for i, n in by_id.items() if th.similarity(name, n) >= th.NAME_SIMILAR}
                found = {t.id for t in th._Known(conn).candidates(name, set(), set())}
                assert similar <= found, name
                probed += len(found)
                grams = sorted(th._bigrams(name))
                walked += conn.execute(
                    "SELECT COUNT(DISTINCT thread) FROM thread_keys"
                    f" WHERE key IN ({', '.join('?' * len(grams))})",
                    grams,
                ).fetchone()[0]
            assert probed < walked  # the common bigrams are skipped
    finally:
        store.close()


# two writers' messages (天津西青), then one post carrying both
EXCERPTS = {"天津西青": ["2652090614_2", "2652090757_2"]}
COMPILATION = {"天津西青": ["2652090595_2"]}
ALL_THREE = EXCERPTS["天津西青"] + COMPILATION["天津西青"]


def test_posts_quoted_whole_in_one_longer_post_share_its_cluster(
    store_factory, tmp_path: Path
) -> None:
    """Two real posts that share nothing, each carried whole by a third (its root): one
    cluster of three, whether the longer post came first (one ingest) or last."""
    # other posts of the account beside them, so their shared lines are not boilerplate
    data = json.loads((MORE / "天津西青.json").read_text(encoding="utf-8-sig"))
    around = {"天津西青": [r[AID] for r in data[:40] if r[AID] not in ALL_THREE]}
    together, later = store_factory(), store_factory()
    store = together.open()
    ingest([subset(tmp_path, {"天津西青": around["天津西青"] + ALL_THREE})], store)
    expected = link.cluster_of(store.conn, keyed(store, "天津西青", COMPILATION["天津西青"][0]))
    store.close()
    assert expected and len(expected["members"]) == 3
    store = later.open()
    ingest([subset(tmp_path, {"天津西青": around["天津西青"] + EXCERPTS["天津西青"]}, "a")], store)
    assert link.cluster_of(store.conn, keyed(store, "天津西青", EXCERPTS["天津西青"][0])) is None
    ingest([subset(tmp_path, COMPILATION, "compilation")], store)
    found = link.cluster_of(store.conn, keyed(store, "天津西青", COMPILATION["天津西青"][0]))
    store.close()
    assert found and {m["key"] for m in found["members"]} == {m["key"] for m in expected["members"]}


def test_an_archive_marked_before_the_window_shows_its_republications_after_the_upgrade(
    store_factory, tmp_path: Path
) -> None:
    """An archive ingested when one account's same text was a copy at any distance (schema 11)
    had the 微课堂 issue marked a copy of the guide a year before and hidden from search; the
    upgrade to schema 12 clears that mark at the next ingest and the index shows it again."""
    target = store_factory()
    guide, again = (_record("河西政务服务", aid) for aid in GUIDE_AGAIN["河西政务服务"])
    path = tmp_path / "guides.json"
    path.write_text(json.dumps([guide, again], ensure_ascii=False), "utf-8")
    later = subset(tmp_path, {"未央工信": ["2247495051_4"]}, "later")
    store = target.open()
    try:
        ingest([path], store, workers=1)
        old, kept = (
            keyed(store, "河西政务服务", again[AID]),
            keyed(store, "河西政务服务", guide[AID]),
        )
        with store.transaction() as conn:  # what the old copy rule stored, and schema 11
            conn.execute("UPDATE articles SET duplicate_of = ? WHERE key = ?", (kept, old))
            store.log_changes([old, kept])
            store.record_version(11)
        query = SearchQuery(text="新生儿出生 一件事", limit=10)
        assert [h.id for h in store.search(query).hits] == [guide[AID]]
    finally:
        store.close()
    store = target.open()  # migrates to 12
    try:
        report = ingest([later], store, workers=1)
        assert any(w.startswith("1 stored posts marked as copies") for w in report.warnings)
        row = store.conn.execute("SELECT duplicate_of FROM articles WHERE key = ?", (old,))
        assert row.fetchone()[0] is None
        hits = {h.id: h for h in store.search(query).hits}
        assert set(hits) == {guide[AID], again[AID]}
        assert hits[again[AID]].republication_of["id"] == guide[AID]
        again_report = ingest([later], store, workers=1)
        assert not any("marked as copies" in w for w in again_report.warnings)
    finally:
        store.close()


def _thread_rows(store) -> list[tuple]:
    rows = store.conn.execute(
        "SELECT a.key, m.thread, m.stage, m.name, m.cites, m.deadline, t.name, t.year,"
        " t.batch, t.level FROM thread_members m JOIN threads t ON t.id = m.thread"
        " JOIN articles a ON a.id = m.article ORDER BY a.key"
    )
    return [tuple(row) for row in rows]


def _thread_keys(store) -> list[tuple]:
    return sorted(map(tuple, store.conn.execute("SELECT key, thread FROM thread_keys")))


def test_threads_found_through_stored_keys_after_the_upgrade_link_as_a_fresh_archive(
    store_factory, tmp_path: Path
) -> None:
    """A post's thread is looked up through the thread_keys table (schema 15), not an index of
    every thread built in memory. 津北商务 (threads with members named unlike the thread),
    ingested batch by batch, links as one archive made before schema 15 whose first batches'
    threads get their keys at the upgrade: same threads, members and keys."""
    fresh = store_factory().open()
    target = store_factory()
    try:
        ingest([MORE / "津北商务.json"], fresh, workers=1, batch_size=40)
        records = json.loads((MORE / "津北商务.json").read_text(encoding="utf-8-sig"))
        first = tmp_path / "first.json"
        first.write_text(json.dumps(records[:80], ensure_ascii=False), encoding="utf-8")
        store = target.open()
        ingest([first], store, workers=1, batch_size=40)
        with store.transaction() as conn:  # as an archive of schema 14 stands
            conn.execute("DROP TABLE thread_keys")
            store.record_version(14)
        store.close()
        store = target.open()  # migrates to 15: the threads are flagged
        try:
            assert _thread_keys(store) == []
            report = ingest([MORE / "津北商务.json"], store, workers=1, batch_size=40)
            assert any("indexed the names of the" in w for w in report.warnings)
            assert len({row[1] for row in _thread_rows(fresh)}) >= 5
            assert _thread_rows(store) == _thread_rows(fresh)
            assert _thread_keys(store) == _thread_keys(fresh)
        finally:
            store.close()
    finally:
        fresh.close()
