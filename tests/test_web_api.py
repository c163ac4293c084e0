"""The REST API against the real app and a real SQLite file made from the seed."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import httpx
import pytest
from fastapi.testclient import TestClient
from helpers import copy_seed_db, ingest_records, serve, write_jsonl

from wxintel.dates import when
from wxintel.store import open_store
from wxintel.web import create_app

TOKEN = "s3cret-admin-token"
AS_OF = "2025-10-15"


@pytest.fixture(scope="module")
def db(seed_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_seed_db(seed_db, tmp_path_factory.mktemp("api"))


@pytest.fixture(scope="module")
def client(db: Path) -> Iterator[TestClient]:
    with TestClient(create_app(db)) as c:
        yield c


def article_count(db: Path) -> int:
    store = open_store(db)
    try:
        return store.count()
    finally:
        store.close()


def test_stats_match_the_store(client: TestClient, db: Path):
    stats = client.get("/api/stats").json()
    assert stats["articles"] == article_count(db) > 100
    assert "上海经信委" in stats["accounts"]


def test_search_returns_highlighted_hits_and_facets(client: TestClient):
    body = client.get("/api/search", params={"q": "低空经济", "limit": 5}).json()
    assert body["total"] >= 5 and len(body["hits"]) == 5
    for hit in body["hits"]:
        assert hit["highlights"] or hit["title_highlights"]
        words = [hit["snippet"][s:e] for s, e in hit["highlights"]]
        words += [hit["title"][s:e] for s, e in hit["title_highlights"]]
        assert "低空经济" in words and "<mark>" not in hit["snippet"]
        assert hit["matched"]
    assert sum(body["facets"]["account"].values()) == body["total"]


def test_search_pages_do_not_overlap_and_filters_apply(client: TestClient):
    first = client.get("/api/search", params={"q": "企业", "limit": 5}).json()
    second = client.get("/api/search", params={"q": "企业", "limit": 5, "offset": 5}).json()
    assert first["total"] == second["total"] > 10
    assert not {h["key"] for h in first["hits"]} & {h["key"] for h in second["hits"]}
    calls = client.get("/api/search", params={"q": "申报", "kind": "call", "limit": 50}).json()
    assert calls["hits"] and {h["kind"] for h in calls["hits"]} == {"call"}
    dated = client.get(
        "/api/search", params={"q": "企业", "from": "2025-10-01", "to": "2025-10-10", "limit": 50}
    ).json()
    assert dated["hits"] and all(
        "2025-10-01" <= h["published"][:10] <= "2025-10-10" for h in dated["hits"]
    )
    by_date = client.get("/api/search", params={"q": "企业", "sort": "date", "limit": 20}).json()
    published = [h["published"] for h in by_date["hits"]]
    assert published == sorted(published, reverse=True)


def test_search_rejects_bad_parameters_with_a_json_error(client: TestClient):
    for params in ({"q": "x", "from": "10/01/2025"}, {"q": "x", "limit": 0}, {"q": "x" * 600}):
        response = client.get("/api/search", params=params)
        assert response.status_code == 422
        assert set(response.json()) == {"error"} and response.json()["error"]


def test_article_has_facts_at_their_spans(client: TestClient):
    body = client.get("/api/articles/2650689428_2").json()
    assert body["id"] == "2650689428_2"
    for fact in body["facts"]:
        assert body["content"][fact["start"] : fact["end"]] == fact["text"]
    for mention in body["entities"]:
        assert body["content"][mention["start"] : mention["end"]] == mention["surface"]
        assert isinstance(mention["entity_id"], int)
    deadlines = [f["value"] for f in body["facts"] if f["kind"] == "deadline"]
    assert deadlines and deadlines[0].startswith("2025-10-30")
    assert {"陈珂", "施雨润"} <= {
        f["value"]["name"] for f in body["facts"] if f["kind"] == "contact"
    }
    by_key = client.get(f"/api/articles/{body['key']}").json()
    assert by_key["key"] == body["key"]


def test_unknown_article_and_entity_are_json_404s(client: TestClient):
    for path in ("/api/articles/no-such-article", "/api/entities/999999999", "/api/nowhere"):
        response = client.get(path)
        assert response.status_code == 404
        assert "error" in response.json()


def test_an_aid_two_accounts_share_is_a_409_listing_both(seed_db: Path, tmp_path: Path):
    db = copy_seed_db(seed_db, tmp_path)
    other = {
        "id": "2650689428_2",
        "title": "别的文章",
        "content": "另一个公众号恰好用了同一个文章标识。\n第二段正文。",
        "account": "别的号",
        "published": "2025-10-03",
    }
    ingest_records(db, [other])
    with TestClient(create_app(db)) as c:
        answer = c.get("/api/articles/2650689428_2")
        assert answer.status_code == 409 and "ambiguous" in answer.json()["error"]
        candidates = answer.json()["candidates"]
        assert {a["account"] for a in candidates} == {"上海经信委", "别的号"}
        assert all(a["key"] and a["published"] for a in candidates)
        page = c.get("/articles/2650689428_2")
        assert page.status_code == 409
        assert all(f'href="/articles/{quote(a["key"])}"' in page.text for a in candidates)
        key = next(a["key"] for a in candidates if a["account"] == "别的号")
        assert c.get(f"/api/articles/{key}").json()["title"] == "别的文章"


def test_calls_open_as_of_a_date(client: TestClient):
    calls = client.get("/api/calls", params={"status": "open", "as_of": AS_OF}).json()
    assert all(c["days_left"] >= 0 for c in calls)
    assert [c["days_left"] for c in calls] == sorted(c["days_left"] for c in calls)
    call = next(c for c in calls if c["id"] == "2650689428_2")
    assert call["deadline"].startswith("2025-10-30") and call["days_left"] == 15
    assert {"陈珂", "施雨润"} <= {c["name"] for c in call["contacts"]}
    closed = client.get("/api/calls", params={"status": "closed", "as_of": AS_OF}).json()
    every = client.get("/api/calls", params={"status": "all", "as_of": AS_OF}).json()
    assert {c["key"] for c in calls} | {c["key"] for c in closed} <= {c["key"] for c in every}
    assert client.get("/api/calls", params={"as_of": "2025-13-40"}).status_code == 422


def test_calls_say_the_day_they_are_judged_on(client: TestClient):
    newest = client.get("/api/stats").json()["last"][:10]
    calls = client.get("/api/calls", params={"status": "all"}).json()
    assert calls and {(c["as_of"], c["as_of_reason"]) for c in calls} == {(newest, "newest_post")}
    board = client.get("/calls").text
    assert f'截至 <time datetime="{newest}">{when(newest)}</time>（存档最新文章的日期' in board


def test_calls_as_of_a_day_are_those_published_by_then(client: TestClient):
    for status in ("open", "all"):
        calls = client.get("/api/calls", params={"status": status, "as_of": "2025-09-30"}).json()
        assert calls and all(c["published"][:10] <= "2025-09-30" for c in calls)
    every = client.get("/api/calls", params={"status": "all", "as_of": AS_OF}).json()
    later = {c["id"] for c in every if c["published"][:10] > "2025-09-30"}
    assert later, "the seed has notices published after the day"
    page = client.get("/calls", params={"as_of": "2025-09-30"}).text
    shown = set(re.findall(r'<li class="call" id="call-([^"]+)"', page))
    assert shown and not shown & later


def test_entities_and_mentions_over_time(client: TestClient):
    orgs = client.get("/api/entities", params={"kind": "org", "top": 10}).json()
    assert orgs and {e["kind"] for e in orgs} == {"org"}
    assert [e["articles"] for e in orgs] == sorted((e["articles"] for e in orgs), reverse=True)
    detail = client.get(f"/api/entities/{orgs[0]['id']}").json()
    assert detail["name"] == orgs[0]["name"]
    assert len({m["key"] for m in detail["mentions"]}) == orgs[0]["articles"]
    assert sum(detail["by_month"].values()) >= orgs[0]["articles"]


def test_openapi_documents_every_endpoint_and_docs_loads_nothing_external(client: TestClient):
    paths = client.get("/openapi.json").json()["paths"]
    for path in (
        "/api/search",
        "/api/articles/{ref}",
        "/api/calls",
        "/api/entities",
        "/api/entities/{entity_id}",
        "/api/stats",
        "/api/ingest",
        "/api/reindex",
    ):
        assert path in paths
    docs = client.get("/docs")
    assert docs.status_code == 200 and "/api/search" in docs.text
    assert "cdn" not in docs.text.lower() and '<script src="http' not in docs.text


def test_writes_are_refused_without_the_token(seed_db: Path, tmp_path: Path):
    db = copy_seed_db(seed_db, tmp_path)
    before = article_count(db)
    upload = write_jsonl(
        tmp_path / "one.jsonl",
        [
            {
                "id": "w1",
                "title": "标题",
                "content": "正文内容足够长。",
                "account": "测试号",
                "published": "2025-10-01",
            }
        ],
    )
    with (
        TestClient(create_app(db)) as readonly,
        TestClient(create_app(db, admin_token=TOKEN)) as admin,
    ):
        for client, headers in (
            (readonly, {"Authorization": f"Bearer {TOKEN}"}),
            (admin, {}),
            (admin, {"Authorization": "Bearer wrong"}),
            (admin, {"Authorization": TOKEN}),
        ):
            response = client.post(
                "/api/ingest", files={"file": ("one.jsonl", upload.read_bytes())}, headers=headers
            )
            assert response.status_code == 403 and response.json()["error"]
            assert client.post("/api/reindex", headers=headers).status_code == 403
    assert article_count(db) == before


def test_upload_with_token_ingests_and_reports_rejects(seed_db: Path, tmp_path: Path):
    db = copy_seed_db(seed_db, tmp_path)
    before = article_count(db)
    good = {
        "id": "w2",
        "title": "一篇新文章",
        "content": "关于低空经济的新闻正文。\n第二段。",
        "account": "测试号",
        "published": "2025-10-02",
    }
    bad = {"id": "w3", "content": "没有标题的记录", "account": "测试号", "published": "2025-10-02"}
    upload = write_jsonl(tmp_path / "mixed.jsonl", [good, bad])
    with TestClient(create_app(db, admin_token=TOKEN)) as client:
        response = client.post(
            "/api/ingest",
            files={"file": ("mixed.jsonl", upload.read_bytes())},
            data={"format": "jsonl"},
            headers={"Authorization": f"Bearer {TOKEN}"},
        )
        assert response.status_code == 200, response.text
        report = response.json()
        assert (report["added"], report["rejected"]) == (1, 1)
        assert report["reasons"] and Path(report["rejects_file"]).exists()
        hits = client.get("/api/search", params={"q": "一篇新文章"}).json()["hits"]
        assert any(h["title"] == "一篇新文章" for h in hits)
        rebuilt = client.post("/api/reindex", headers={"Authorization": f"Bearer {TOKEN}"}).json()
        assert rebuilt["articles"] == before + 1
    assert article_count(db) == before + 1


def test_oversized_upload_is_refused_and_changes_nothing(seed_db: Path, tmp_path: Path):
    db = copy_seed_db(seed_db, tmp_path)
    before = article_count(db)
    record = {
        "id": "big",
        "title": "大文件",
        "content": "字" * 200_000,
        "account": "测试号",
        "published": "2025-10-03",
    }
    with TestClient(create_app(db, admin_token=TOKEN, max_upload_bytes=100_000)) as client:
        response = client.post(
            "/api/ingest",
            files={"file": ("big.jsonl", json.dumps(record, ensure_ascii=False).encode())},
            headers={"Authorization": f"Bearer {TOKEN}"},
        )
        assert response.status_code == 413 and "limit" in response.json()["error"]
    assert article_count(db) == before


def test_real_http_server_on_loopback(db: Path):
    with (
        serve(create_app(db), start_timeout=20) as url,
        httpx.Client(base_url=url, timeout=30) as http,
    ):
        search = http.get("/api/search", params={"q": "低空经济"})
        assert search.status_code == 200 and search.json()["total"] > 0
        page = http.get("/search", params={"q": "低空经济"})
        assert page.headers["content-type"].startswith("text/html")
        assert "<mark>" in page.text
        assert "default-src 'self'" in page.headers["content-security-policy"]
        calendar = http.get("/calendar.ics")
        assert calendar.headers["content-type"].startswith("text/calendar")


def test_calls_carry_estimated_and_undated_stated_deadlines(tmp_path: Path):
    """A count reaching past the holiday file is `"estimated": true`; one from an undated
    event has no day and its wording: /api/calls and the board show both, not a 500."""
    db = tmp_path / "wx.db"
    late = {
        "id": "late_1",
        "title": "关于开展2027年度技术改造项目申报的通知",
        "content": "请申报单位自本通知发布之日起20个工作日内登录系统提交申报材料。\n"
        "需补充材料的，请申报单位在接到通知后3个工作日内补充提交。\n",
        "account": "示例经信委",
        "published": "2026-12-20",
    }
    ingest_records(db, [late])
    with TestClient(create_app(db)) as c:
        response = c.get("/api/calls", params={"status": "all", "as_of": "2026-12-21"})
        assert response.status_code == 200, response.text
        (call,) = response.json()
        estimated, undated = call["deadlines"]
        assert estimated["estimated"] is True and estimated["at"].startswith("2027-01")
        assert undated == {"at": "", "for": "申报", "as_written": "在接到通知后3个工作日内"}
        board = c.get("/calls", params={"status": "all", "as_of": "2026-12-21"}).text
        assert "在接到通知后3个工作日内" in board


def test_a_deadline_stated_only_in_the_title_reaches_the_board_and_the_calendar(tmp_path: Path):
    """The title's deadline (facts with an empty span, "from": "title") is a call's deadline
    on /api/calls, the board and the calendar, and the article page still renders."""
    db = tmp_path / "wx.db"
    post = {
        "id": "title_1",
        "title": "关于开展2026年度科技计划项目申报的通知（申报截止：12月5日）",
        "content": "各有关单位：\n请申报单位登录系统在线填写申报书。\n",
        "account": "示例科技局",
        "published": "2025-11-10",
    }
    ingest_records(db, [post])
    with TestClient(create_app(db)) as c:
        response = c.get("/api/calls", params={"status": "all", "as_of": "2025-11-11"})
        assert response.status_code == 200, response.text
        (call,) = response.json()
        assert call["kind"] == "call" and call["deadline"] == "2025-12-05"
        span = post["title"].index("12月5日")
        assert call["deadlines"] == [
            {"at": "2025-12-05", "for": "申报", "from": "title", "title_span": [span, span + 5]}
        ]
        assert "20251205" in c.get("/calendar.ics").text
        page = c.get(f"/articles/{call['key']}")
        assert page.status_code == 200
        # the page marks the date where the title writes it
        assert '<mark class="fact fact-deadline" title="截止">12月5日</mark>' in page.text
