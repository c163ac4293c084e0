"""The upload form and the export buttons in real headless Chromium, at a desktop width and
at a 390 px phone, over a real server with an admin token. Screenshots of each go to
$WXINTEL_SCREENSHOTS (default test-artifacts/screenshots)."""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from conftest import MORE, SEED, raw_records
from helpers import copy_seed_db, serve
from playwright.sync_api import Browser, Page
from test_browser import (  # noqa: F401  (browser: the Chromium fixture)
    OVERFLOW,
    SCREENS,
    browser,
    page_at,
    shot_at,
)

from wxintel.web import create_app

pytestmark = pytest.mark.browser

TOKEN = "browser-upload-token"
# One account's export per screen, so each upload adds posts the store did not have.
UPLOADS = {"phone": MORE / "未央工信.json", "desktop": MORE / "津北商务.json"}


@pytest.fixture(scope="module")
def site(seed_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    db = copy_seed_db(seed_db, tmp_path_factory.mktemp("upload-browser"))
    with serve(create_app(db, admin_token=TOKEN)) as url:
        yield url


@pytest.fixture(params=sorted(SCREENS))
def screen(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture
def page(browser: Browser, site: str, screen: str) -> Iterator[Page]:  # noqa: F811
    with page_at(browser, site, screen, accept_downloads=True) as opened:
        yield opened


def figures(page: Page) -> dict[str, int]:
    rows = page.locator("section.report table.figures tr")
    return {
        rows.nth(i).locator("th").inner_text(): int(rows.nth(i).locator("td").inner_text())
        for i in range(rows.count())
    }


def test_upload_form_refuses_a_wrong_token_then_ingests_and_reports(
    page: Page, screen: str, site: str, tmp_path: Path
) -> None:
    source = UPLOADS[screen]
    records = raw_records(source)
    seed_text = SEED.read_text(encoding="utf-8-sig")
    cut = tmp_path / "半截导出.json"
    cut.write_text(seed_text[: seed_text.index(raw_records(SEED)[2]["标题title"])], "utf-8")
    page.goto("/")
    page.locator("header.top nav a", has_text="导入").click()
    page.wait_for_url("**/upload")
    before = httpx.get(f"{site}/api/stats").json()["articles"]

    page.set_input_files("input[name=file]", [str(source), str(cut)])
    page.fill("input[name=token]", "not-the-token")
    page.locator("form.upload-form button").click()
    page.wait_for_load_state()
    assert "管理令牌不正确" in page.locator("p.error").inner_text()
    assert page.locator("section.report").count() == 0
    assert httpx.get(f"{site}/api/stats").json()["articles"] == before
    shot_at(page, "upload-refused", screen)

    page.set_input_files("input[name=file]", [str(source), str(cut)])
    page.fill("input[name=token]", TOKEN)
    page.locator("form.upload-form button").click()
    page.wait_for_selector("section.report", timeout=240_000)
    got = figures(page)
    after = httpx.get(f"{site}/api/stats").json()["articles"]
    assert got["文件"] == 2 and got["拒绝"] == 1
    assert got["新增"] == after - before > 0
    assert got["新增"] + got["重复"] <= len(records) + 2
    reject = page.locator("ol.rejects li").first.inner_text()
    assert reject.startswith("半截导出.json:") and "the file ends inside record 3" in reject
    assert page.evaluate(OVERFLOW) <= 0, "the report widens the page"
    shot_at(page, "upload-report", screen)


def test_export_buttons_download_what_the_pages_show(page: Page, screen: str, site: str) -> None:
    page.goto("/search?q=申报&kind=call")
    buttons = page.locator("p.exports a.export")
    assert buttons.all_inner_texts() == ["CSV", "JSON Lines", "Markdown"]
    for box in (buttons.nth(i).bounding_box() for i in range(3)):
        assert box is not None and box["x"] + box["width"] <= SCREENS[screen]["width"]
    shot_at(page, "search-export", screen)
    with page.expect_download() as download:
        buttons.first.click()
    assert download.value.suggested_filename == "wxintel-search.csv"
    data = Path(download.value.path()).read_bytes()
    assert data.startswith(codecs.BOM_UTF8)
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    ranked = httpx.get(
        f"{site}/api/search", params={"q": "申报", "kind": "call", "limit": 100}
    ).json()
    assert len(ranked["hits"]) < 100  # every hit is on this page: compare them all
    assert [r["key"] for r in rows] == [h["key"] for h in ranked["hits"]]

    page.goto("/calls?as_of=2025-10-15")
    shot_at(page, "calls-export", screen)
    with page.expect_download() as download:
        page.locator("p.exports a.export", has_text="Markdown").click()
    assert download.value.suggested_filename == "wxintel-calls.md"
    markdown = Path(download.value.path()).read_text("utf-8")
    assert markdown.startswith("# 申报与截止日期：截至 2025-10-15\n")
    assert "先进级智能工厂（第二批）申报" in markdown and "陈珂 23117664" in markdown
