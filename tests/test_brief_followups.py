"""A later post of a call thread goes under the post that opened it in the same brief, on every
surface, rather than as an item of its own (briefs/select.py nest_followups). Real posts of
闵行发展改革 (a call, then a live stream on it nine days later), 津北商务 and 未央工信; a
story's later numbered part goes under its first part (天津西青's ① and ②, read from its
export)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from conftest import MORE, raw_records
from fastapi.testclient import TestClient
from helpers import ingest_records, ingested_db

from wxintel.briefs import build_brief, plan_for
from wxintel.briefs.compose import earlier_parts
from wxintel.briefs.model import Candidate
from wxintel.briefs.render import render_csv, render_html, render_jsonl, render_markdown
from wxintel.briefs.select import candidates_from, nest_followups, story_part
from wxintel.link.threads import member_stages
from wxintel.store import SQLStore, StoredArticle, open_store
from wxintel.web import create_app

MINHANG, JINBEI, WEIYANG = "闵行发展改革", "津北商务", "未央工信"
CALL, LIVE = "2247504475_1", "2247504493_1"  # 12-15 call, 12-24 live stream on the same call
GREEN = ("2247495109_1", "2247495126_1")  # two notices of one national list (对标, 推荐)


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    files = [MORE / f"{MINHANG}.json", MORE / f"{JINBEI}.json"]
    return ingested_db(tmp_path_factory.mktemp("followups"), files)


@pytest.fixture(scope="module")
def store(db: Path) -> Iterator[SQLStore]:
    store = open_store(db)
    yield store
    store.close()


def _key(store: SQLStore, aid: str) -> str:
    return next(a.key for a in store.resolve(aid))


def test_the_live_stream_on_a_call_goes_under_the_call(store: SQLStore) -> None:
    stages = member_stages(store.conn, [_key(store, CALL), _key(store, LIVE)])
    (call_thread, call_stage), (live_thread, live_stage) = stages.values()
    assert call_thread == live_thread and call_stage == "notice" != live_stage
    start, end = date(2025, 12, 15), date(2025, 12, 31)
    brief = build_brief(store, start, end, plan=plan_for(store, [MINHANG]))
    ids = [i.id for i in brief.items]
    assert CALL in ids and LIVE not in ids
    call = next(i for i in brief.items if i.id == CALL)
    assert [f.id for f in call.followups] == [LIVE]
    assert call.to_json()["followups"][0]["id"] == LIVE


def test_a_followup_whose_call_opened_before_the_period_is_an_item(store: SQLStore) -> None:
    """津北商务's trade-in programme launch (01-31) follows its call for sellers (01-18) in one
    thread: in a brief of both it goes under the call; in its own week, the call being last
    week's, it is an item of its own that names the call it follows."""
    launch, call = "2247516518_1", "2247516498_3"
    month = build_brief(store, date(2026, 1, 12), date(2026, 2, 8), plan=plan_for(store, [JINBEI]))
    assert [f.id for i in month.items if i.id == call for f in i.followups] == [launch]
    week = build_brief(store, date(2026, 1, 26), date(2026, 2, 1), plan=plan_for(store, [JINBEI]))
    item = next(i for i in week.items if i.id == launch)
    assert item.followups == () and call not in [i.id for i in week.items]
    # it names the call it follows, of the week before, on every surface
    assert item.follows["id"] == call and item.follows["published"] == "2026-01-18"
    assert item.to_json()["follows"]["id"] == call
    assert f"接续：{item.follows['title']}" in render_markdown(week).replace("\\", "")
    rows = list(csv.DictReader(io.StringIO(render_csv(week).lstrip("\ufeff"))))
    assert next(r for r in rows if r["id"] == launch)["follows"] == call
    assert "接续：" in render_html(week)
    assert month.items and not any(i.follows for i in month.items), "its call is in the month"


def test_two_notices_of_one_thread_stay_two_items(tmp_path: Path) -> None:
    """未央工信's two notices of the 2025 national green-manufacturing list (the 对标 notice of
    10-17 and the 推荐 notice of 10-20) are linked into one thread; each asks for something of
    its own."""
    records = [r for r in raw_records(MORE / f"{WEIYANG}.json") if r["文章标识符aid"] in GREEN]
    assert len(records) == len(GREEN)
    ingest_records(tmp_path / "wx.db", records)
    store = open_store(tmp_path / "wx.db")
    try:
        cands = candidates_from(store, date(2025, 10, 13), date(2025, 10, 26), [WEIYANG])
        threaded = [c for c in cands if c.thread]
        assert len({c.thread[0] for c in threaded}) < len(threaded), "one thread, several posts"
        assert all(c.thread[1] == "notice" for c in threaded)
        assert len(nest_followups(cands)) == len(cands)
    finally:
        store.close()


def test_every_format_shows_the_followup_under_its_item(store: SQLStore, db: Path) -> None:
    start, end = date(2025, 12, 15), date(2025, 12, 31)
    brief = build_brief(store, start, end, plan=plan_for(store, [MINHANG]))
    markdown = render_markdown(brief)
    lines = markdown.splitlines()
    at = next(
        n for n, line in enumerate(lines) if line.startswith("- ") and "2026年度第一批" in line
    )
    assert any(line.startswith("  - 后续：") and "直播" in line for line in lines[at + 1 : at + 5])
    html = render_html(brief)
    assert html.index("brief-followups") > html.index("2026年度第一批项目申报通知")
    rows = list(csv.DictReader(io.StringIO(render_csv(brief).lstrip("\ufeff"))))
    follow = next(r for r in rows if r["id"] == LIVE)
    assert follow["follows"] == CALL and next(r for r in rows if r["id"] == CALL)["follows"] == ""
    jsonl = [json.loads(line) for line in render_jsonl(brief).splitlines()]
    assert [r["id"] for r in jsonl].count(LIVE) == 1 and "followups" not in jsonl[0]
    client = TestClient(create_app(db))
    got = client.get(
        "/api/brief", params={"account": MINHANG, "from": "2025-12-15", "to": "2025-12-31"}
    )
    assert got.status_code == 200, got.text
    items = [i for s in got.json()["sections"] for i in s["items"]]
    assert [f["id"] for i in items if i["id"] == CALL for f in i["followups"]] == [LIVE]


def _exported(account: str, *aids: str) -> list[Candidate]:
    """Posts of an account's export as candidates (title, day and text as the crawler wrote)."""
    records = {r["文章标识符aid"]: r for r in raw_records(MORE / f"{account}.json")}
    return [
        Candidate(
            StoredArticle(
                f"k{aid}",
                aid,
                account,
                records[aid]["标题title"],
                "",
                records[aid]["时间time"],
                records[aid]["finalContent"],
            )
        )
        for aid in aids
    ]


def test_a_storys_later_numbered_part_goes_under_its_first_part() -> None:
    """天津西青's two posts on the plenum's study sessions in towns (…宣讲热潮① on 12-03, …② on
    12-04) are one story: the second is shown under the first. Two posts of one series
    column on two firms (未央工信's …系列报道｜<firm>) mark no part and stay two items."""
    first, second, other = _exported("天津西青", "2652066598_1", "2652066830_1", "2652066621_1")
    assert story_part(first.article.title) == story_part(second.article.title) != ""
    nested = nest_followups([second, other, first])
    assert [c.article.id for c in nested] == ["2652066621_1", "2652066598_1"]
    assert [f.article.id for f in nested[1].followups] == ["2652066830_1"]
    series = _exported("未央工信", "2247494722_1", "2247494661_1")
    assert all(story_part(c.article.title) == "" for c in series)
    assert len(nest_followups(series)) == 2


def test_a_part_whose_first_part_was_last_weeks_names_it() -> None:
    """天津西青's …学习贯彻党的二十届四中全会精神② (Monday 11-17) follows ① (Saturday 11-15, the
    week before): in its own week's brief it is an item that names ① (接续), read from the
    period before, which every brief reads already; a post of no numbered story names none."""
    first, second, other = _exported("天津西青", "2652063293_1", "2652063581_1", "2652066621_1")
    follows = earlier_parts([first, other], [second, other])
    assert list(follows) == [second.article.key]
    assert follows[second.article.key]["id"] == "2652063293_1"
    assert follows[second.article.key]["published"] == "2025-11-15"
    assert earlier_parts([other], [second]) == {}


def test_a_later_part_opening_a_call_thread_keeps_the_threads_posts() -> None:
    """A later numbered part that is also the first post of a call thread goes under its first
    part, and so do the thread's later posts: none of them vanishes. 天津西青's …宣讲热潮② (12-04)
    is given a thread it opens and the next day's post a later stage of it (the link step joins
    neither; the nesting is what is tested)."""
    first, second, later = _exported("天津西青", "2652066598_1", "2652066830_1", "2652066838_1")
    second = replace(second, thread=(7, "notice"))
    later = replace(later, thread=(7, "explainer"))
    nested = nest_followups([later, second, first])
    assert [c.article.id for c in nested] == ["2652066598_1"]
    assert [f.article.id for f in nested[0].followups] == ["2652066830_1", "2652066838_1"]


def test_posts_naming_one_event_go_under_its_first_post() -> None:
    """天津西青's four posts on the district CPPCC's session (its opening 01-13, a joint meeting
    and two on the group discussions) share the session's name, not a part mark: the later
    three go under the opening, in the order published; a post of another story stays apart."""
    session = _exported("天津西青", "2652076356_1", "2652075673_1", "2652076044_1", "2652076042_1")
    other = _exported("天津西青", "2652066621_1")
    assert all(story_part(c.article.title) == "" for c in session)
    nested = nest_followups([*session, *other])
    assert [c.article.id for c in nested] == ["2652075673_1", "2652066621_1"]
    followups = [f.article.id for f in nested[0].followups]
    assert followups == ["2652076042_1", "2652076044_1", "2652076356_1"]


def test_a_series_on_two_firms_and_a_second_call_stay_items() -> None:
    """Titles that share a series' name before the bar (未央工信's …系列报道｜<firm>) tell two
    stories, one per firm; 未央工信's two calls of one national list (对标, then 推荐, three days
    apart) share a long name, but the second asks for something new: an item of its own. A
    programme's launch and its explainer (津北商务's 津乐购, a day apart) are one story."""
    series = _exported("未央工信", "2247494775_1", "2247494788_1")
    assert len(nest_followups(series)) == 2
    calls = [
        replace(c, article=replace(c.article, kind="call"))
        for c in _exported("未央工信", "2247495109_1", "2247495126_1")
    ]
    assert len(nest_followups(calls)) == 2
    launch, explainer = _exported(JINBEI, "2247516530_1", "2247516534_1")
    nested = nest_followups([explainer, launch])
    assert [c.article.id for c in nested] == ["2247516530_1"]
    assert [f.article.id for f in nested[0].followups] == ["2247516534_1"]


def test_a_learned_accounts_posts_are_joined_by_part_marks_only() -> None:
    """An account with digests of its own lists what its editors list: posts sharing a name
    stay apart (their digests decide), numbered parts are still one story."""
    session = _exported("天津西青", "2652075673_1", "2652076042_1")
    assert len(nest_followups(session, learned={"天津西青"})) == 2
    parts = _exported("天津西青", "2652066598_1", "2652066830_1")
    assert len(nest_followups(parts, learned={"天津西青"})) == 1


def test_a_post_telling_last_weeks_story_names_it() -> None:
    """未央工信's call to nominate firms for the national green-manufacturing list (Monday
    10-20) follows its call to benchmark against it (Friday 10-17, the week before): the later
    names the earlier (接续) though no part mark or thread joins them; a weekly roundup under the
    same title as last week's is a column, not a sequel, and names nothing."""
    benchmark, nominate = _exported("未央工信", "2247495109_1", "2247495126_1")
    follows = earlier_parts([benchmark], [nominate])
    assert follows[nominate.article.key]["id"] == "2247495109_1"
    assert earlier_parts([benchmark], [nominate], learned={"未央工信"}) == {}
    roundups = _exported("河西政务服务", "2247514825_2", "2247514961_1")
    assert roundups[0].article.title != roundups[1].article.title
    assert earlier_parts(roundups[:1], roundups[1:]) == {}
