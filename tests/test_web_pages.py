"""Server-rendered pages, feeds and calendar over the seed, read as HTML, Atom and iCalendar."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from html import unescape
from pathlib import Path
from urllib.parse import unquote

import pytest
from fastapi.testclient import TestClient
from helpers import copy_seed_db, ingest_records
from icalendar import Calendar
from markupsafe import escape

from wxintel.store import open_store
from wxintel.web import create_app
from wxintel.web.marked_text import Mark, article_html, title_html, title_marks

ATOM = "{http://www.w3.org/2005/Atom}"
HOSTILE = '<script>window.__pwned = 1</script> and <img src=x onerror="window.__pwned = 2">'


@pytest.fixture(scope="module")
def client(seed_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    with TestClient(create_app(copy_seed_db(seed_db, tmp_path_factory.mktemp("pages")))) as c:
        yield c


def links(html: str) -> set[str]:
    return {unquote(unescape(h)) for h in re.findall(r'href="([^"]+)"', html)}


def text_of(html: str) -> str:
    return unescape(re.sub(r"<[^>]+>", "", html))


def test_search_page_shows_highlighted_hits_facets_and_why(client: TestClient):
    page = client.get("/search", params={"q": "低空经济"}).text
    assert page.count('class="hit"') >= 5
    assert "<mark>" in page and "命中原因" in page
    facets = page[page.index('class="facets"') : page.index('class="results"')]
    assert "上海经信委" in facets and re.search(r'class="count">\d+<', facets)
    assert "/feeds/articles.atom?q=" in page


def test_search_page_marks_facet_counts_taken_past_the_exact_limit_as_approximate(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
):
    """Past search_facets_exact_limit matches the API says the facets are approximate and the
    page shows their counts as 约 N; below it, exact counts stand bare."""
    from wxintel.search import index as module

    params = {"q": "人工智能 申报", "limit": 100}
    exact = client.get("/search", params=params).text
    assert re.search(r'class="count">\d+<', exact) and "约 " not in exact
    monkeypatch.setattr(module, "RESULTS_KEPT", 0)  # searched afresh under the new limit
    monkeypatch.setattr(module, "FACETS_EXACT_LIMIT", 0)
    body = client.get("/api/search", params=params).json()
    assert body["facets_approximate"] is True and body["facets"]["account"]
    rough = client.get("/search", params=params).text
    facets = rough[rough.index('class="facets"') : rough.index('class="results"')]
    counts = re.findall(r'class="count">([^<]*)<', facets)
    assert counts and all(re.fullmatch(r"约 \d+", c) for c in counts)


def test_search_page_says_how_the_query_was_understood(client: TestClient):
    page = text_of(client.get("/search", params={"q": "上海 怎么申请 高企"}).text)
    assert "排序：申报、报名类通知优先（“申请”未作为关键词）" in page
    # the seed account's posts are about Shanghai: it is learned as their home
    assert "“上海”也匹配本地公众号的全部文章：上海经信委" in page
    plain = text_of(client.get("/search", params={"q": "低空经济"}).text)
    assert "排序：" not in plain and "本地公众号" not in plain
    # a relative date word is read from the archive's end (the seed ends on 2025-10-15, before
    # today), and the page says which period that was and why
    dated = text_of(client.get("/search", params={"q": "上个月 人工智能"}).text)
    assert "按发布日期 2025-09-01 至 2025-09-30 筛选（来自“上个月”" in dated
    assert "相对日期从 2025-10-15 算起：存档最新文章的日期，存档止于今天之前" in dated
    # a year is also a programme's: the 2026 expo was announced in 2025, and the page says so
    fair = text_of(client.get("/search", params={"q": "2026年 低空经济 博览会"}).text)
    assert "2026国际低空经济博览会在沪启动" in fair
    assert "也包括 2025 年发布、标题写明 2026 年或正文写明“2026年度”的文章" in fair


def test_search_page_paginates_and_filters(client: TestClient):
    page = client.get("/search", params={"q": "企业", "limit": 5}).text
    assert 'rel="next"' in page and "offset=5" in page
    second = client.get("/search", params={"q": "企业", "limit": 5, "offset": 5}).text
    assert 'rel="prev"' in second and '<ol class="hits" start="6">' in second
    calls = client.get("/search", params={"q": "申报", "kind": "call"}).text
    kinds = re.findall(r'<span class="kind kind-(\w+)">', calls)
    assert kinds and set(kinds) == {"call"}
    blank_form = client.get("/search", params={"q": "申报", "from": "", "to": "", "account": ""})
    assert blank_form.status_code == 200


def test_article_page_marks_facts_and_links_entities(client: TestClient, store):
    page = client.get("/articles/2650689428_2").text
    (article,) = store.resolve("2650689428_2")
    assert f"<h1>{article.title}</h1>" in page
    deadlines = re.findall(r'<mark class="[^"]*fact-deadline[^"]*"[^>]*>(.*?)</mark>', page)
    fact = next(f for f in store.facts(article.key) if f["kind"] == "deadline")
    assert deadlines and text_of("".join(deadlines)) in fact["text"]
    contacts = text_of(" ".join(re.findall(r'fact-contact[^"]*"[^>]*>(.*?)</mark>', page)))
    assert "陈珂" in contacts and "施雨润" in contacts
    assert re.search(r'<a class="entity entity-\w+" href="/entities/\d+"', page)
    assert f'href="{escape(article.url)}"' in page
    body = page[page.index('<div class="body"') : page.index('<aside class="side">')]
    assert "".join(text_of(body).split()) == "".join(article.content.split())


def test_article_tables_render_as_tables(client: TestClient, store):
    keyed = next((a for a in store.iter_articles() if store.tables(a.key)), None)
    assert keyed is not None, "the seed has articles with tables"
    table = store.tables(keyed.key)[0]
    page = client.get(f"/articles/{keyed.key}").text
    assert '<table class="doc-table">' in page
    first_table = page[page.index('<table class="doc-table">') :]
    first_table = first_table[: first_table.index("</table>")]
    assert first_table.count("<tr>") == len(table["rows"]) + 1
    assert all(f"<th>{c}</th>" in first_table for c in table["columns"])


def test_article_shows_reprint_source_and_duplicates(client: TestClient, store):
    reprint = next((a for a in store.iter_articles() if a.reprinted_from), None)
    assert reprint is not None
    assert (
        f"转载自：<strong>{escape(reprint.reprinted_from)}</strong>"
        in client.get(f"/articles/{reprint.key}").text
    )
    with_dups = next((a for a in store.iter_articles() if store.duplicates(a.key)), None)
    assert with_dups is not None
    page = client.get(f"/articles/{with_dups.key}").text
    for dup in store.duplicates(with_dups.key):
        assert f"/articles/{dup['key']}" in links(page)


def test_calls_board_groups_by_deadline_with_days_left(client: TestClient):
    page = client.get("/calls", params={"as_of": "2025-10-15"}).text
    card = page[page.index('id="call-2650689428_2"') :]
    card = card[: card.index("</li>")]
    assert "还剩15天" in card and "2025-10-30" in card
    assert "陈珂" in card and "施雨润" in card and ".ics" in card
    sections = re.findall(r'<section class="board ([\w-]+)"', page)
    assert sections == ["closing-soon", "open"]
    folded = re.findall(r'<details class="board ([\w-]+)" id="[\w-]+"( open)?>', page)
    assert folded == [("closed", ""), ("undated", "")]  # what can no longer be acted on folds
    closed = client.get("/calls", params={"as_of": "2025-10-15", "status": "closed"}).text
    assert '<details class="board closed" id="closed" open>' in closed
    closed = page[page.index('class="board closed"') : page.index('class="board undated"')]
    assert "还剩" not in closed


def test_the_board_lists_every_stated_deadline_and_the_new_kinds(client: TestClient):
    calls = client.get("/api/calls", params={"status": "all", "as_of": "2025-10-15"}).json()
    dated = [c for c in calls if c["deadline"]]
    assert dated and all(c["deadline"] in {d["at"] for d in c["deadlines"]} for c in dated)
    assert all(d["for"] for c in dated for d in c["deadlines"])
    assert {"call", "registration"} <= {c["kind"] for c in calls}
    page = client.get("/calls", params={"as_of": "2025-10-15"}).text
    assert "报名" in page  # a registration's kind label


def test_the_board_holds_only_what_asks_the_reader_to_act(client: TestClient, seed_db: Path):
    store = open_store(seed_db)
    try:
        kinds = store.stats()["kinds"]
    finally:
        store.close()
    assert kinds.get("publicity") and kinds.get("release"), "the seed has 公示 and lists"
    calls = client.get("/api/calls", params={"status": "all", "as_of": "2025-10-15"}).json()
    assert {c["kind"] for c in calls} == {"call", "registration"}
    assert client.get("/api/calls", params={"kind": "publicity"}).status_code == 422
    undated = client.get("/calls", params={"as_of": "2025-10-15"}).text
    undated = undated[undated.index('class="board undated"') :]
    assert "公示</span>" not in undated


def test_one_call_and_whole_calendar_download(client: TestClient):
    calls = client.get("/api/calls", params={"status": "all", "as_of": "2025-10-15"}).json()
    key = next(c["key"] for c in calls if c["id"] == "2650689428_2")
    one = client.get(f"/calls/{key}.ics")
    assert one.headers["content-disposition"].startswith("attachment")
    (event,) = [c for c in Calendar.from_ical(one.content).walk() if c.name == "VEVENT"]
    assert str(event["uid"]) == f"{key}-deadline@wxintel"
    whole = Calendar.from_ical(client.get("/calendar.ics").content)
    uids = [str(c["uid"]) for c in whole.walk() if c.name == "VEVENT"]
    assert f"{key}-deadline@wxintel" in uids and any("-event-" in u for u in uids)
    assert client.get("/calendar.ics").content == client.get("/calendar.ics").content
    assert client.get("/calls/nothing.ics").status_code == 404


def test_saved_search_feed(client: TestClient):
    feed = ET.fromstring(client.get("/feeds/articles.atom", params={"q": "低空经济"}).content)
    entries = feed.findall(f"{ATOM}entry")
    assert entries and "低空经济" in feed.find(f"{ATOM}title").text
    updated = [e.find(f"{ATOM}updated").text for e in entries]
    assert updated == sorted(updated, reverse=True)
    latest = ET.fromstring(client.get("/feeds/articles.atom", params={"kind": "call"}).content)
    assert {
        c.get("term") for e in latest.findall(f"{ATOM}entry") for c in e.findall(f"{ATOM}category")
    } >= {"call"}
    calls = ET.fromstring(client.get("/feeds/calls.atom").content)
    assert calls.findall(f"{ATOM}entry")


def test_entities_pages_with_svg_chart(client: TestClient, store):
    listing = client.get("/entities").text
    top = store.entities(kind="org", top=1)[0]
    assert f'href="/entities/{top["id"]}"' in listing
    page = client.get(f"/entities/{top['id']}").text
    assert "<svg" in page and top["name"] in page
    assert page.count('<li><a href="/articles/') == top["articles"]


def test_overview_has_weekly_charts_and_this_month(client: TestClient):
    page = client.get("/overview").text
    assert page.count("<svg") == 2
    assert "上海经信委" in page and "本月热门实体" in page
    # weeks read as their Monday, their days in full in a bar's tooltip; no ISO week key
    assert "-W" not in page
    assert re.search(r">(?:9|10)月\d+日</text>", page)
    assert re.search(r"<title>2025年9月\d+日—(?:9|10)月\d+日 ", page)


def test_pages_load_only_local_resources(client: TestClient):
    for path in (
        "/",
        "/overview",
        "/search?q=低空经济",
        "/articles/2650689428_2",
        "/calls?as_of=2025-10-15",
        "/entities",
        "/docs",
    ):
        page = client.get(path).text
        loaded = re.findall(r'<(?:script|link|img|iframe)[^>]+(?:src|href)="([^"]+)"', page)
        assert loaded and all(u.startswith("/") and not u.startswith("//") for u in loaded), path


def test_hostile_article_text_is_shown_as_text(tmp_path: Path):
    record = {
        "id": "x1",
        "title": "标题<b>粗</b>",
        "content": f"第一段。\n{HOSTILE}\n联系人：张老师 13262286970",
        "account": "测试号",
        "published": "2025-10-01",
    }
    db = tmp_path / "hostile.db"
    assert ingest_records(db, [record]).added == 1
    with TestClient(create_app(db)) as client:
        (article,) = client.get("/api/search", params={"q": "第一段"}).json()["hits"]
        page = client.get(f"/articles/{article['key']}").text
        assert "<script>window" not in page and "<img src=x" not in page
        assert "&lt;script&gt;window.__pwned = 1&lt;/script&gt;" in page
        assert "&lt;b&gt;粗&lt;/b&gt;" in page
        search = client.get("/search", params={"q": "pwned"}).text
        assert "<script>window" not in search and "<img src=x" not in search


@pytest.mark.parametrize("url", ["javascript:alert(1)", " JavaScript:alert(1)", "java\nscript:x"])
def test_only_web_links_to_the_original_are_rendered(tmp_path: Path, url: str):
    records = [
        {"id": "j1", "title": "脚本链接", "content": "第一段。", "account": "测试号",
         "published": "2025-10-01", "url": url},
        {"id": "w1", "title": "网页链接", "content": "第二段。", "account": "测试号",
         "published": "2025-10-01", "url": "https://mp.weixin.qq.com/s/abc"},
    ]  # fmt: skip
    db = tmp_path / "links.db"
    assert ingest_records(db, records).added == 2
    store = open_store(db)
    key = {a.title: a.key for a in store.iter_articles()}
    store.close()
    with TestClient(create_app(db)) as client:
        scripted = client.get(f"/articles/{key['脚本链接']}").text
        assert "查看原文" not in scripted and "script:" not in scripted.lower()
        web = client.get(f"/articles/{key['网页链接']}").text
        assert "https://mp.weixin.qq.com/s/abc" in links(web) and "查看原文" in web
        calendar = client.get("/calendar.ics").content
        feed = client.get("/feeds/articles.atom").content
        assert b"script:" not in calendar.lower() and b"script:" not in feed.lower()


def test_marks_escape_every_piece_and_keep_overlaps():
    text = "截止<b>10月30日</b>，联系人陈珂"
    html = str(
        article_html(
            text,
            [
                Mark(0, 15, "fact fact-deadline", "截止"),
                Mark(19, 21, "entity", "person", "/entities/1"),
            ],
        )
    )
    assert "<b>" not in html and "&lt;b&gt;" in html
    assert html.startswith('<p><mark class="fact fact-deadline" title="截止">')
    assert '<a class="entity" href="/entities/1" title="person">陈珂</a>' in html
    assert text_of(html) == text


def test_search_hits_are_escaped_exactly_once(tmp_path: Path):
    """Search gives plain text and spans; the page's template escapes each piece once, so a
    `<script>` stays text and a post that reads `&amp;` (its export wrote `&amp;amp;`, which
    ingest decodes once) shows `&amp;` on the page, not `&` and not `&amp;amp;`."""
    record = {
        "id": "h1",
        "title": "<b>园区</b> &amp;amp; 工博会",
        "content": "序。<script>alert('工博会')</script> 见 &amp;amp; 与 &lt;工博会&gt; 报名。",
        "account": "测试号",
        "published": "2025-10-01",
    }
    db = tmp_path / "hostile.db"
    assert ingest_records(db, [record]).added == 1
    with TestClient(create_app(db)) as client:
        (hit,) = client.get("/api/search", params={"q": "工博会"}).json()["hits"]
        assert hit["title"] == "<b>园区</b> &amp; 工博会"  # plain text, as stored
        assert hit["snippet"] == "序。<script>alert('工博会')</script> 见 &amp; 与 <工博会> 报名。"
        assert [hit["snippet"][s:e] for s, e in hit["highlights"]] == ["工博会", "工博会"]
        assert [hit["title"][s:e] for s, e in hit["title_highlights"]] == ["工博会"]
        page = client.get("/search", params={"q": "工博会"}).text
    result = page[page.index('<li class="hit') :]
    result = result[: result.index("</li>")]
    assert "&lt;b&gt;园区&lt;/b&gt; &amp;amp; <mark>工博会</mark></a>" in result
    assert (
        "序。&lt;script&gt;alert(&#39;<mark>工博会</mark>&#39;)&lt;/script&gt;"
        " 见 &amp;amp; 与 &lt;<mark>工博会</mark>&gt; 报名。</p>"
    ) in result
    assert "<script>" not in result and "&amp;amp;amp;" not in result


def test_a_title_deadline_is_marked_in_the_heading_and_the_title_stays_escaped():
    """The title's runs are written by the template: markup in a title stays text, and the
    date a title deadline names is marked where the title writes it."""
    title = "<script>x</script>申报（截止：12月5日）"
    at = title.index("12月")
    fact = {"kind": "stated_deadline", "value": {"at": "2025-12-05", "from": "title",
                                                 "title_span": [at, at + 5]}}  # fmt: skip
    html = str(title_html(title, title_marks([fact])))
    assert html.startswith("&lt;script&gt;")
    assert '<mark class="fact fact-deadline" title="截止">12月5日</mark>' in html
    # a body deadline (no title span) marks nothing in the heading
    body_fact = {"kind": "stated_deadline", "value": {"at": "2025-12-05", "for": "申报"}}
    assert title_marks([body_fact]) == []
