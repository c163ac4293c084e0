"""Briefs in the web UI: /api/brief, the /brief page and /feeds/briefs.atom over the real seed."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from datetime import date, timedelta
from html import unescape
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from fastapi.testclient import TestClient
from helpers import copy_seed_db, ingest_records

from wxintel.briefs import Week, plan_for
from wxintel.briefs.select import story_key as title_core
from wxintel.web import create_app

ATOM = "{http://www.w3.org/2005/Atom}"
WEEK_DAY = "2025-09-21"  # a Sunday: its editors' week runs Saturday 09-20 to Friday 09-26
editors_week = Week(
    5
).holding  # the seed's digests come out on Saturdays (learned; see test_briefs)


def is_digest(article) -> bool:
    return article.kind == "digest"


HOSTILE_TITLE = "<script>window.__pwned = 1</script>关于开展2025年测试项目申报的通知"


@pytest.fixture(scope="module")
def client(seed_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    with TestClient(create_app(copy_seed_db(seed_db, tmp_path_factory.mktemp("brief")))) as c:
        yield c


@pytest.fixture(scope="module")
def week_brief(client: TestClient) -> dict:
    response = client.get("/api/brief", params={"week": WEEK_DAY})
    assert response.status_code == 200
    return response.json()


def items_of(brief: dict) -> list[dict]:
    return [item for section in brief["sections"] for item in section["items"]]


def article_links(html: str) -> list[str]:
    return [unquote(h) for h in re.findall(r'<h3><a href="/articles/([^"]+)"', html)]


def archive_span(store) -> tuple[date, date]:
    stats = store.stats()
    return date.fromisoformat(stats["first"][:10]), date.fromisoformat(stats["last"][:10])


def test_week_brief_lists_the_weeks_posts_in_the_editors_sections(week_brief: dict, store):
    start, end = editors_week(date.fromisoformat(WEEK_DAY))
    assert (week_brief["from"], week_brief["to"]) == (start.isoformat(), end.isoformat())
    sections = plan_for(store).profile.sections
    assert [s["name"] for s in week_brief["sections"]] == list(sections)
    assert week_brief["learned_from"] == ["上海经信委"]
    assert all(s["items"] for s in week_brief["sections"]), "each section has posts this week"
    for item in items_of(week_brief):
        article = store.get(item["key"])
        assert article is not None and article.id == item["id"]
        assert title_core(item["title"]) in title_core(article.title)
        assert item["published"] == article.published[:10]
        assert start.isoformat() <= item["published"] <= end.isoformat()
        assert not is_digest(article)
        quoted = "".join(item["summary"].rstrip("…").split())
        assert quoted in "".join(article.content.split()), "summaries are quoted from the post"
    assert sum(bool(i["summary"]) for i in items_of(week_brief)) > len(items_of(week_brief)) // 2


def test_week_brief_leaves_out_the_digest_published_that_week(week_brief: dict, store):
    start, end = editors_week(date.fromisoformat(WEEK_DAY))
    digests = [a for a in store.iter_articles(start.isoformat(), end.isoformat()) if is_digest(a)]
    assert digests, "the seed has an editors' digest inside this week"
    keys = {item["key"] for item in items_of(week_brief)}
    titles = {title_core(item["title"]) for item in items_of(week_brief)}
    for digest in digests:
        assert digest.key not in keys and title_core(digest.title) not in titles


def test_week_brief_agrees_with_the_editors_digest_of_that_week(week_brief: dict, store):
    period = editors_week(date.fromisoformat(WEEK_DAY))
    profile = plan_for(store).profile
    (editors,) = [
        a
        for a in store.iter_articles()
        if is_digest(a) and profile.period_of(date.fromisoformat(a.published[:10])) == period
    ]
    listed = title_core(editors.content)
    items = items_of(week_brief)
    picked_by_editors = [i for i in items if title_core(i["title"]) in listed]
    assert len(picked_by_editors) >= len(items) // 2


def test_from_to_and_default_periods(client: TestClient, week_brief: dict, store):
    same = client.get("/api/brief", params={"from": week_brief["from"], "to": week_brief["to"]})
    assert same.json() == week_brief
    only_from = client.get("/api/brief", params={"from": week_brief["from"]}).json()
    assert only_from == week_brief, "one end given: the week that starts there"
    day = client.get("/api/brief", params={"from": "2025-09-23", "to": "2025-09-23"}).json()
    assert {i["published"] for i in items_of(day)} == {"2025-09-23"}
    _, last = archive_span(store)
    latest = client.get("/api/brief").json()
    start, end = date.fromisoformat(latest["from"]), date.fromisoformat(latest["to"])
    assert (start, end) == editors_week(start), "the default is an editors' week"
    assert end <= last < end + timedelta(days=7), "the latest week the archive has in full"
    assert items_of(latest)


@pytest.mark.parametrize(
    ("params", "says"),
    [
        ({"week": "2025-13-01"}, "week"),
        ({"week": "soon"}, "week"),
        ({"from": "2025-09-31"}, "from"),
        ({"week": WEEK_DAY, "from": "2025-09-20"}, "give one of week, day or from/to"),
        ({"from": "2025-09-26", "to": "2025-09-20"}, "before"),
        ({"from": "2025-01-01", "to": "2025-09-20"}, "at most"),
        ({"week": "0001-01-01"}, "week must be a day from 1900-01-01"),
        ({"from": "0001-01-01", "to": "0001-01-02"}, "from must be a day from 1900-01-01"),
        ({"to": "0001-01-02"}, "to must be a day from 1900-01-01"),
        ({"week": "9999-12-31"}, "to 9998-12-31"),
    ],
)
def test_bad_periods_are_json_errors(client: TestClient, params: dict, says: str):
    response = client.get("/api/brief", params=params)
    assert response.status_code == 422
    assert says in response.json()["error"]


def test_brief_is_documented_in_openapi_and_docs(client: TestClient):
    schema = client.get("/openapi.json").json()
    operation = schema["paths"]["/api/brief"]["get"]
    assert {p["name"] for p in operation["parameters"]} == {
        "week",
        "day",
        "from",
        "to",
        "account",
        "group",
        "format",
    }
    assert operation["description"]
    assert set(operation["responses"]) >= {"200", "422"}
    out = schema["components"]["schemas"]["BriefOut"]
    required = {"from", "to", "title", "accounts", "learned_from", "note", "sections"}
    assert set(out["required"]) == required
    assert "/api/brief" in client.get("/docs").text


def test_brief_page_shows_the_week_with_links_and_neighbours(client: TestClient, week_brief: dict):
    page = client.get("/brief", params={"week": WEEK_DAY}).text
    start, end = editors_week(date.fromisoformat(WEEK_DAY))
    heading = f"上海经信委 一周要闻（{start.month}月{start.day}日-{end.month}月{end.day}日）"
    assert f"<h1>{heading}</h1>" in page
    sections = [s["name"] for s in week_brief["sections"]]
    assert re.findall(r'<h2>(\S+) <span class="count">', page) == sections
    assert article_links(page) == [i["key"] for i in items_of(week_brief)]
    for item in items_of(week_brief):
        assert unescape(item["summary"]) in unescape(page)
    week = timedelta(days=7)
    prev = re.search(r'<a rel="prev" href="([^"]+)"', page).group(1)
    following = re.search(r'<a rel="next" href="([^"]+)"', page).group(1)
    assert parse_qs(urlsplit(unescape(prev)).query) == {
        "from": [(start - week).isoformat()],
        "to": [(end - week).isoformat()],
    }
    assert parse_qs(urlsplit(unescape(following)).query) == {
        "from": [(start + week).isoformat()],
        "to": [(end + week).isoformat()],
    }
    assert 'href="/feeds/briefs.atom"' in page
    assert '<a href="/brief">简报</a>' in page
    assert '<a href="/brief">简报</a>' in client.get("/").text, "简报 is in the site navigation"


def test_brief_page_stops_at_the_ends_of_the_archive(client: TestClient, store):
    first, last = archive_span(store)
    opening = client.get("/brief", params={"week": first.isoformat()}).text
    assert 'rel="prev"' not in opening and 'rel="next"' in opening
    closing = client.get("/brief", params={"week": last.isoformat()}).text
    assert 'rel="next"' not in closing and 'rel="prev"' in closing
    default = client.get("/brief").text
    latest = client.get("/api/brief").json()
    assert article_links(default) == [i["key"] for i in items_of(latest)]


@pytest.mark.parametrize("week", ["2025-02-30", "0001-01-01", "9999-12-31"])
def test_brief_page_errors_are_pages(client: TestClient, week: str):
    response = client.get("/brief", params={"week": week})
    assert response.status_code == 422
    assert response.headers["content-type"].startswith("text/html")
    assert week in response.text and "参数无效" in response.text


def test_briefs_feed_is_atom_with_one_entry_per_week(client: TestClient, store):
    response = client.get("/feeds/briefs.atom")
    assert response.headers["content-type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    assert feed.tag == f"{ATOM}feed"
    assert feed.find(f"{ATOM}id").text and feed.find(f"{ATOM}updated").text
    assert feed.find(f"{ATOM}link[@rel='self']").get("href").endswith("/feeds/briefs.atom")
    entries = feed.findall(f"{ATOM}entry")
    assert entries
    _, last = archive_span(store)
    periods = []
    for entry in entries:
        assert entry.find(f"{ATOM}id").text and entry.find(f"{ATOM}updated").text
        link = urlsplit(entry.find(f"{ATOM}link").get("href"))
        assert link.path == "/brief"
        query = parse_qs(link.query)
        start, end = date.fromisoformat(query["from"][0]), date.fromisoformat(query["to"][0])
        assert (start, end) == editors_week(start)
        periods.append(start)
        content = entry.find(f"{ATOM}content")
        assert content.get("type") == "html" and "<article" in content.text
        page = client.get(f"{link.path}?{link.query}").text
        assert f"<h1>{entry.find(f'{ATOM}title').text}</h1>" in page
    assert periods == sorted(periods, reverse=True) and len(set(periods)) == len(periods)
    assert periods[0] == editors_week(last)[0], "the newest entry is the archive's last week"
    week_entry = next(e for e in entries if e.find(f"{ATOM}id").text.endswith("2025-09-26"))
    week = client.get("/api/brief", params={"week": WEEK_DAY}).json()
    assert all(item["title"] in week_entry.find(f"{ATOM}content").text for item in items_of(week))


def test_brief_page_shows_hostile_text_as_text(tmp_path: Path):
    record = {
        "id": "h1",
        "title": HOSTILE_TITLE,
        "url": "javascript:alert(1)",
        "content": (
            "各有关单位：\n为推进测试工作，现组织开展2025年测试项目申报工作，"
            '请于2025年10月20日前提交材料<img src=x onerror="window.__pwned = 2">。\n'
            "联系人：张老师 13262286970"
        ),
        "account": "测试号",
        "published": "2025-10-01",
    }
    db = tmp_path / "hostile.db"
    assert ingest_records(db, [record]).added == 1
    with TestClient(create_app(db)) as client:
        (item,) = items_of(client.get("/api/brief", params={"week": "2025-10-01"}).json())
        assert item["title"] == HOSTILE_TITLE and item["url"] == ""
        page = client.get("/brief", params={"week": "2025-10-01"}).text
        assert "<script>window" not in page and "<img src=x" not in page
        assert "&lt;script&gt;window.__pwned = 1&lt;/script&gt;" in page
        assert "&lt;img src=x" in page
        assert "javascript:" not in page
        feed = ET.fromstring(client.get("/feeds/briefs.atom").content)
        (content,) = [e.find(f"{ATOM}content").text for e in feed.findall(f"{ATOM}entry")]
        assert "<script>" not in content and "&lt;script&gt;window" in content
