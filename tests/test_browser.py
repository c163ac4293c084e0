"""The web UI in real headless Chromium (Debian's), over real HTTP, on the seed plus a hostile post.

Screenshots of every page go to $WXINTEL_SCREENSHOTS (default test-artifacts/screenshots) so a
person can look at them. Chromium is installed by scripts/browser-deps.sh; without it these
tests fail with that instruction rather than skip.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

import pytest
from helpers import copy_seed_db, ingest_records, serve
from icalendar import Calendar
from playwright.sync_api import Browser, Dialog, Page, sync_playwright

from wxintel.match import parse_profile, service
from wxintel.store import open_store
from wxintel.web import create_app

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
HOSTILE_SCRIPT = "<script>window.__pwned = 1; alert(1)</script>"
HOSTILE_IMG = '<img src=x onerror="window.__pwned = 2; alert(2)">'
SHOTS = Path(os.environ.get("WXINTEL_SCREENSHOTS", "test-artifacts/screenshots"))
# The widths the layout tests check: an iPhone 12–15's CSS viewport and a desktop window.
SCREENS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 900}}
OVERFLOW = "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
FIRM = {  # a stored profile: a Shanghai manufacturer the seed's 智能工厂 call is open to
    "name": "浦江智造",
    "registered_city": "上海市",
    "registered_district": "闵行区",
    "industries": ["制造业"],
    "credit_ok": True,
}


@contextmanager
def page_at(browser: Browser, site: str, screen: str, **options: object) -> Iterator[Page]:
    """A page of `site` at one of SCREENS' sizes; the test fails if the page fetched anything
    from another host (the pages load no CDN)."""
    context = browser.new_context(
        base_url=site, viewport=SCREENS[screen], locale="zh-CN", **options
    )
    opened = context.new_page()
    foreign: list[str] = []
    opened.on(
        "request",
        lambda r: foreign.append(r.url) if not r.url.startswith((site, "data:")) else None,
    )
    yield opened
    context.close()
    assert not foreign, f"pages fetched from elsewhere: {foreign}"


def shot_at(page: Page, name: str, screen: str) -> None:
    """A full-page screenshot named for the page and the screen it was taken at."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}-{screen}.png"), full_page=True)


@pytest.fixture(scope="module")
def site(seed_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real uvicorn server over a copy of the seed with one hostile post added."""
    db = copy_seed_db(seed_db, tmp_path_factory.mktemp("browser"))
    record = {
        "id": "hostile_1",
        "title": "含有脚本的测试文章",
        "content": f"这篇文章的正文里有代码。\n{HOSTILE_SCRIPT}\n{HOSTILE_IMG}\n结束。",
        "account": "测试号",
        "published": "2025-10-01",
    }
    assert ingest_records(db, [record]).added == 1
    store = open_store(db)
    try:
        service.save_profile(store, parse_profile(FIRM, "test"))
    finally:
        store.close()
    with serve(create_app(db)) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.fail(
            f"{CHROMIUM} is missing: run `bash scripts/browser-deps.sh` to install Debian's "
            "chromium and CJK fonts for the browser tests"
        )
    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


class Watched:
    """A page that records every request it makes and every dialog it opens."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.requests: list[str] = []
        self.dialogs: list[str] = []
        page.on("request", lambda request: self.requests.append(request.url))
        page.on("dialog", self._dialog)

    def _dialog(self, dialog: Dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def shot(self, name: str) -> None:
        SHOTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


@pytest.fixture
def watched(browser: Browser, site: str) -> Iterator[Watched]:
    context = browser.new_context(base_url=site, accept_downloads=True, locale="zh-CN")
    page = Watched(context.new_page())
    yield page
    foreign = [u for u in page.requests if not u.startswith(site) and not u.startswith("data:")]
    context.close()
    assert not foreign, f"pages fetched from elsewhere: {foreign}"
    assert not page.dialogs, f"article text ran script: {page.dialogs}"


def test_search_and_open_a_result(watched: Watched):
    page = watched.page
    page.goto("/")
    watched.shot("overview")
    page.fill("form.quick input[name=q]", "低空经济")
    page.press("form.quick input[name=q]", "Enter")
    page.wait_for_url("**/search?q=*")
    hits = page.locator("li.hit")
    assert hits.count() >= 5
    assert page.locator("li.hit mark").first.inner_text() != ""
    assert "命中原因" in page.locator("ol.hits").inner_text()
    watched.shot("search")
    title = hits.first.locator("h2 a").inner_text()
    hits.first.locator("h2 a").click()
    page.wait_for_url("**/articles/*")
    assert page.locator("article h1").inner_text() == title
    assert page.locator("div.body p").count() >= 1
    watched.shot("article")


def test_calls_board_as_of_a_date_and_ics_downloads(watched: Watched, tmp_path: Path):
    page = watched.page
    page.goto("/calls?as_of=2025-10-15")
    card = page.locator("#call-2650689428_2")
    text = card.inner_text()
    assert "10月30日" in text and "还剩15天" in text
    assert "陈珂" in text and "施雨润" in text
    watched.shot("calls")
    with page.expect_download() as one:
        card.locator("a.ics").click()
    saved = tmp_path / "one.ics"
    one.value.save_as(saved)
    (event,) = [c for c in Calendar.from_ical(saved.read_bytes()).walk() if c.name == "VEVENT"]
    assert str(event["uid"]).endswith("-deadline@wxintel")
    assert "2025-10-30" in event.decoded("dtstart").isoformat()
    with page.expect_download() as everything:
        page.locator("form.asof a.ics").click()
    everything.value.save_as(tmp_path / "all.ics")
    events = [
        c
        for c in Calendar.from_ical((tmp_path / "all.ics").read_bytes()).walk()
        if c.name == "VEVENT"
    ]
    assert str(event["uid"]) in {str(e["uid"]) for e in events}


def test_the_profile_page_takes_its_day_and_every_call_from_its_form(watched: Watched):
    """The profile page had no way to pick its day or show every call; its form (the one
    /threads has) sends what was picked, and a call opened from the list is judged on the day
    the list was, not called 可申报 beside 已截止."""
    page = watched.page
    page.goto(f"/profiles/{quote(FIRM['name'])}")
    form = page.locator("form.asof")
    form.locator("input[name=as_of]").fill("2027-01-04")
    form.locator("button").click()
    page.wait_for_url("**as_of=2027-01-04**")
    assert page.locator("section.verdict-eligible h2").inner_text() == "可申报（0）"
    assert (
        page.locator("p.empty").inner_text().startswith("截至 2027年1月4日，没有仍在申报期的通知")
    )
    page.locator("form.asof input[name=all]").check()
    page.locator("form.asof button").click()
    page.wait_for_url("**all=true**")
    assert "档案里的全部申报通知" in page.locator("p.meta").first.inner_text()
    watched.shot("profile-every-call")
    page.locator("section.verdict-eligible a").first.click()
    page.wait_for_url("**/eligibility/**")
    verdict = page.locator("p.verdict").inner_text()
    assert verdict.startswith("浦江智造：可申报") and "已截止" not in verdict, verdict


def test_hostile_article_shows_markup_as_text_and_runs_nothing(watched: Watched):
    page = watched.page
    page.goto("/search?q=含有脚本的测试文章")
    page.locator("li.hit h2 a").first.click()
    page.wait_for_url("**/articles/*")
    body = page.locator("div.body").inner_text()
    assert HOSTILE_SCRIPT in body and HOSTILE_IMG in body
    assert page.locator("div.body script, div.body img").count() == 0
    page.wait_for_timeout(300)
    assert page.evaluate("typeof window.__pwned") == "undefined"
    watched.shot("hostile-article")


def test_entities_overview_and_docs_render(watched: Watched):
    page = watched.page
    page.goto("/entities")
    watched.shot("entities")
    page.locator(".entity-groups a").first.click()
    page.wait_for_url("**/entities/*")
    assert page.locator("figure.chart svg rect").count() >= 1
    watched.shot("entity")
    page.goto("/overview")
    assert page.locator("figure.chart svg").count() == 2
    page.goto("/docs")
    assert "/api/search" in page.locator("main").inner_text()
    watched.shot("docs")


def test_brief_week_page_reads_and_navigates(watched: Watched):
    page = watched.page
    page.goto("/")
    page.locator("header.top nav a", has_text="简报").click()
    page.wait_for_url("**/brief")
    page.goto("/brief?week=2025-09-21")
    mixed = page.locator("section.brief-section h2").all_inner_texts()
    assert [s.split()[0] for s in mixed] == ["通知公告", "要闻活动", "产业动态"], "two accounts"
    page.select_option("select[name=account]", "上海经信委")
    page.locator("form.asof button").click()
    page.wait_for_url("**/brief?week=2025-09-*&account=*")
    assert page.locator("article.brief h1").inner_text() == "上海经信委 一周要闻（9月20日-9月26日）"
    sections = page.locator("section.brief-section h2").all_inner_texts()
    assert [s.split()[0] for s in sections] == ["要闻活动", "通知公告", "产业创新动态"]
    assert page.locator("li.brief-item").count() >= 3 * 3
    accounts = page.locator("li.brief-item span.account").all_inner_texts()
    assert accounts and set(accounts) == {"上海经信委"}
    assert page.locator("li.brief-item p.summary").first.inner_text() != ""
    watched.shot("brief")
    with page.expect_download() as download:
        page.locator("nav.brief-nav a", has_text="CSV").click()
    rows = Path(download.value.path()).read_text("utf-8-sig").splitlines()
    assert rows[0].startswith("section,account") and len(rows) == len(accounts) + 1
    title = page.locator("li.brief-item h3 a").first.inner_text()
    page.locator("li.brief-item h3 a").first.click()
    page.wait_for_url("**/articles/*")
    assert title in page.locator("article h1").inner_text()
    page.go_back()
    page.locator("a[rel=next]").click()
    page.wait_for_url("**/brief?from=2025-09-27&to=2025-10-03&account=*")
    assert "9月27日-10月3日" in page.locator("article.brief h1").inner_text()


def test_ask_box_answers_above_results_and_opens_the_quote(watched: Watched):
    page = watched.page
    page.goto("/search")
    page.fill("form.search input[name=q]", "上海工业遗产认定的申报材料最晚哪天交")
    page.click("form.search button[name=ask]")
    page.wait_for_url("**/search?*ask=1*")
    panel = page.locator("section.ask-answer")
    assert "2025年12月19日" in panel.locator("p.answer").inner_text()
    assert panel.locator("blockquote mark").first.inner_text() == "2025年12月19日"
    assert page.locator("li.hit").count() > 0  # the results still follow
    watched.shot("ask")
    panel.locator("blockquote footer a").first.click()
    page.wait_for_url("**/articles/*quote=*")
    marked = page.locator("div.body mark.quote").all_inner_texts()
    assert "2025年12月19日" in "".join(marked)
    watched.shot("ask-quote")


def test_a_question_the_archive_cannot_answer_is_refused_on_the_page(watched: Watched):
    page = watched.page
    page.goto("/search?q=2031年春节放假几天&ask=1")
    panel = page.locator("section.ask-answer.refused")
    assert panel.inner_text().startswith("未找到依据")
