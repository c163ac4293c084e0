"""Export buttons of the search page and the calls board, over the real app and the seed:
the files hold what the pages show, in their order, and open safely in a spreadsheet."""

from __future__ import annotations

import codecs
import csv
import io
import json
import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from helpers import copy_seed_db, ingest_records

from wxintel.dates import readable
from wxintel.web import create_app

HOSTILE = {
    "id": "csv-web-1",
    "title": '=HYPERLINK("http://evil.example","申报通知") 申报',
    "content": "@所有人 申报材料请于2025年10月20日前报送。联系人：王老师，电话：021-12345678。",
    "account": "-测试号",
    "published": "2025-10-02",
}


@pytest.fixture(scope="module")
def client(seed_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    db = copy_seed_db(seed_db, tmp_path_factory.mktemp("export"))
    assert ingest_records(db, [HOSTILE]).added == 1
    with TestClient(create_app(db)) as c:
        yield c


class Links(HTMLParser):
    """The href of every <a class="export"> on a page."""

    def __init__(self) -> None:
        super().__init__()
        self.found: dict[str, str] = {}
        self._href: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "a" and values.get("class") == "export":
            assert "download" in values
            self._href = values["href"]

    def handle_data(self, data: str) -> None:
        if self._href is not None:
            self.found[data.strip()] = self._href
            self._href = None


def export_links(client: TestClient, url: str) -> dict[str, str]:
    page = client.get(url)
    assert page.status_code == 200
    parser = Links()
    parser.feed(page.text)
    assert list(parser.found) == ["CSV", "JSON Lines", "Markdown"]
    return parser.found


def csv_rows(body: bytes) -> list[dict[str, str]]:
    assert body.startswith(codecs.BOM_UTF8)
    return list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))


def test_search_buttons_download_every_hit_in_the_pages_order(client: TestClient) -> None:
    params = {"q": "申报", "from": "2025-09-15", "kind": "call"}
    links = export_links(client, "/search?q=申报&from=2025-09-15&kind=call&limit=5&offset=5")
    assert "offset" not in links["CSV"] and "limit" not in links["CSV"]
    ranked = client.get("/api/search", params={**params, "limit": 100}).json()
    assert 5 < ranked["total"] < 100
    response = client.get(links["CSV"])
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert response.headers["content-disposition"] == 'attachment; filename="wxintel-search.csv"'
    rows = csv_rows(response.content)
    assert [r["key"] for r in rows] == [h["key"] for h in ranked["hits"]]
    assert all(r["kind"] == "call" and r["published"] >= "2025-09-15" for r in rows)
    lines = client.get(links["JSON Lines"]).text.splitlines()
    assert [json.loads(line)["key"] for line in lines] == [h["key"] for h in ranked["hits"]]
    markdown = client.get(links["Markdown"]).text
    assert markdown.startswith("# 搜索结果：申报 · 2025-09-15 至 … · 申报/征集\n")
    items = [line for line in markdown.splitlines() if re.match(r"\d+\. \*\*", line)]
    assert len(items) == len(rows)
    assert all(item.endswith(" · 申报/征集") for item in items)  # the kind as the pages name it


def test_a_hostile_title_stays_text_in_the_downloaded_csv(client: TestClient) -> None:
    response = client.get("/api/search/export", params={"q": "HYPERLINK 申报", "format": "csv"})
    [row] = [r for r in csv_rows(response.content) if r["id"] == "csv-web-1"]
    assert row["title"] == "'" + HOSTILE["title"]
    assert row["account"] == "'" + HOSTILE["account"]
    assert row["content"].startswith("'@所有人")
    cells = [c for r in csv.reader(io.StringIO(response.content.decode("utf-8-sig"))) for c in r]
    assert not [c for c in cells if c.startswith(("=", "+", "-", "@"))]


def test_calls_buttons_download_the_board(client: TestClient) -> None:
    links = export_links(client, "/calls?as_of=2025-10-15&kind=call")
    board = client.get(
        "/api/calls", params={"status": "all", "as_of": "2025-10-15", "kind": "call"}
    ).json()
    assert len(board) > 5
    rows = csv_rows(client.get(links["CSV"]).content)
    assert [r["key"] for r in rows] == [c["key"] for c in board]
    with_deadline = [(r, c) for r, c in zip(rows, board, strict=True) if c["deadline"]]
    assert with_deadline
    for row, call in with_deadline:
        # the API's ISO date-times, written in the CSV as a spreadsheet reads them
        assert row["deadline"] == readable(call["deadline"])
        assert int(row["days_left"]) == call["days_left"]
        for stated in call["deadlines"]:
            assert readable(stated["at"]) in row["deadlines"]
        for contact in call["contacts"]:
            assert contact["phone"] in row["contacts"]
        for attachment in call["attachments"]:
            assert attachment in row["attachments"]
    records = [json.loads(line) for line in client.get(links["JSON Lines"]).text.splitlines()]
    assert records == board
    markdown = client.get(links["Markdown"]).text
    assert markdown.startswith("# 申报与截止日期：截至 2025-10-15 · 申报/征集\n")


def test_bad_export_requests_say_what_is_wrong(client: TestClient) -> None:
    for url, message in [
        ("/api/search/export?format=csv", "q is required"),
        ("/api/search/export?q=申报&format=xlsx", "unknown export format 'xlsx'"),
        ("/api/search/export?q=申报&from=2025-13-01", "from must be a date YYYY-MM-DD"),
        ("/api/calls/export?as_of=yesterday", "as_of must be a date YYYY-MM-DD"),
        ("/api/calls/export?status=soon", "status must be one of"),
    ]:
        response = client.get(url)
        assert response.status_code == 422, url
        assert message in response.json()["error"], (url, response.json())
