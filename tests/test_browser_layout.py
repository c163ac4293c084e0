"""Layout facts in real headless Chromium at a desktop width and at a 390 px phone: where the
first result starts, whether anything widens the page, how headers wrap. Screenshots of each
page at each width go to $WXINTEL_SCREENSHOTS (default test-artifacts/screenshots)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from helpers import copy_seed_db, serve
from playwright.sync_api import Browser, Page
from test_browser import (  # noqa: F401  (browser: the Chromium fixture)
    OVERFLOW,
    SCREENS,
    browser,
    page_at,
    shot_at,
)

from wxintel.store import open_store
from wxintel.store.sources import PollState, SourceStore, stamp
from wxintel.subscribe.subscriptions import add_source
from wxintel.web import create_app

pytestmark = pytest.mark.browser

# Table headers whose text wraps to more lines than it has words: a character per line.
BROKEN_HEADERS = """() => [...document.querySelectorAll('th')].filter((th) => {
  const lines = Math.round(th.getBoundingClientRect().height /
                           parseFloat(getComputedStyle(th).lineHeight));
  return th.innerText.trim().length > 1 && lines > 1;
}).map((th) => th.innerText)"""


@pytest.fixture(scope="module")
def site(seed_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with serve(create_app(copy_seed_db(seed_db, tmp_path_factory.mktemp("layout")))) as url:
        yield url


@pytest.fixture(params=sorted(SCREENS))
def screen(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture
def page(browser: Browser, site: str, screen: str) -> Iterator[Page]:  # noqa: F811
    with page_at(browser, site, screen) as opened:
        yield opened


def top_of(page: Page, selector: str) -> float:
    return page.locator(selector).first.evaluate("e => e.getBoundingClientRect().top + scrollY")


def test_search_results_start_on_the_first_screen(page: Page, screen: str):
    page.goto("/search?q=申报")
    assert page.locator("details.facets li").count() >= 10  # facets are there…
    first = top_of(page, "li.hit")
    assert first < SCREENS[screen]["height"] - 100, f"first result at {first}px"
    facet_link = page.locator("details.facets li a").first
    if screen == "phone":  # …folded away until asked for
        assert not facet_link.is_visible()
        page.locator("details.facets > summary").click()
        assert facet_link.is_visible()
    else:
        assert facet_link.is_visible()
        assert not page.locator("details.facets > summary").is_visible()
    assert page.evaluate(OVERFLOW) <= 0
    shot_at(page, "search", screen)


@pytest.mark.parametrize(
    "path",
    [
        "/docs",
        "/calls?as_of=2025-10-15",
        "/entities",
        "/sources",
        "/brief?week=2025-09-21",
        "/threads",
        "/profiles",
    ],
)
def test_no_page_is_wider_than_the_screen(page: Page, screen: str, path: str):
    page.goto(path)
    assert page.evaluate(OVERFLOW) <= 0, f"{path} scrolls sideways"
    assert page.evaluate(BROKEN_HEADERS) == []
    shot_at(page, path.strip("/").split("?")[0] or "home", screen)


def test_article_page_fits_and_its_tables_scroll_inside(page: Page, screen: str):
    page.goto("/search?q=名单+公示")
    page.locator("li.hit h2 a").first.click()
    page.wait_for_url("**/articles/*")
    assert page.evaluate(OVERFLOW) <= 0
    assert page.evaluate(BROKEN_HEADERS) == []
    shot_at(page, "article", screen)


def test_the_desk_puts_calls_closing_soon_first_and_charts_one_click_away(page: Page, screen: str):
    page.goto("/")
    first = page.locator(".desk-calls li").first
    assert "还剩" in first.inner_text()
    assert top_of(page, ".desk-calls li") < SCREENS[screen]["height"] - 100
    assert page.evaluate(OVERFLOW) <= 0
    shot_at(page, "desk", screen)
    page.locator(".desk-head a", has_text="概览").click()
    page.wait_for_url("**/overview")
    assert page.locator("figure.chart svg").count() == 2
    legend = page.locator("figure.chart svg").nth(1).text_content() or ""
    assert "新闻" in legend and "news" not in legend  # the kinds' legend is in Chinese
    assert page.evaluate(OVERFLOW) <= 0
    shot_at(page, "overview", screen)


def test_the_board_fits_a_phone(page: Page, screen: str):
    page.goto("/calls?as_of=2025-10-15")
    assert top_of(page, "li.call") < SCREENS[screen]["height"]
    card = page.locator("#call-2650689428_2").inner_text()
    assert "10月30日" in card and "还剩15天" in card
    assert page.evaluate(OVERFLOW) <= 0
    closed = page.locator("details.closed li.call").first
    assert not closed.is_visible()  # closed calls fold behind their count…
    shot_at(page, "board", screen)
    page.locator("details.closed > summary").click()
    assert closed.is_visible()  # …until asked for


def test_a_failing_source_shows_its_problem_without_scrolling_sideways(
    browser: Browser,  # noqa: F811
    seed_db: Path,
    tmp_path: Path,
):
    """On a phone the sources table scrolls inside itself; what is wrong with a source (its
    status) is beside its name, on the first screen, not in the last column off to the right."""
    db = copy_seed_db(seed_db, tmp_path)
    store = open_store(db)
    broken = add_source(store, "https://rss.example/feeds/MP_WXS_3941001.xml", "上海经信委")
    now = stamp(datetime.now(UTC))
    state = PollState(last_checked=now, next_due=now, failures=3, last_error="HTTP 502")
    SourceStore(store).record(broken.id, state)
    store.close()
    with serve(create_app(db)) as site, page_at(browser, site, "phone") as page:
        page.goto("/sources")
        status = page.get_by_text("连续 3 次抓取失败")
        box = status.bounding_box()
        assert box is not None and box["x"] + box["width"] <= SCREENS["phone"]["width"]
        assert page.evaluate(OVERFLOW) <= 0  # the table scrolls, the page does not
        shot_at(page, "sources", "phone")
