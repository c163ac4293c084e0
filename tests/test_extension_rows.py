"""An extension notice the linker joined to the call it moves is no row or event of its own:
the board, /api/calls, the calls feed and the calendar show the call once, with the new
deadline and 已延期, and the notice stays on the call's thread (the lead's decision after
trial7 saw the deadline twice in a calendar app).

fixtures/wewe_binhai.atom is trial6's made-up WeWe-RSS feed of an account we do not have
(滨海试验区经发局; no text from ../shared/data): a call closing 3月20日 17:00 and, eight days
later, "关于延长2026年度专项资金申报时间的通知" moving it to 2026-03-31 17:00.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from helpers import serve
from mcp import Client

from wxintel.pipeline import ingest
from wxintel.store import open_store
from wxintel.web import create_app

FEED = Path(__file__).parent / "fixtures" / "wewe_binhai.atom"
CALL = "关于组织申报2026年度滨海试验区数字化转型专项资金的通知"
EXTENSION = "关于延长2026年度专项资金申报时间的通知"
MOVED_TO = "2026-03-31T17:00"


def _archive(folder: Path, feed: str) -> Path:
    path = folder / "binhai.atom"
    path.write_text(feed, "utf-8")
    db = folder / "wx.db"
    store = open_store(db)
    try:
        ingest([path], store, workers=1)
    finally:
        store.close()
    return db


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    db = _archive(tmp_path_factory.mktemp("extension"), FEED.read_text("utf-8"))
    with serve(create_app(db)) as url:
        yield url


def test_the_board_and_the_api_show_an_extended_call_once(base_url: str) -> None:
    calls = httpx.get(f"{base_url}/api/calls", params={"status": "all"}).json()
    titles = [c["title"] for c in calls]
    assert titles.count(CALL) == 1 and EXTENSION not in titles
    [call] = [c for c in calls if c["title"] == CALL]
    assert call["deadline"] == MOVED_TO and call["deadline_moved"]
    assert call["deadline_was"].startswith("2026-03-20")
    board = httpx.get(f"{base_url}/calls").text
    assert board.count(CALL) == 1 and EXTENSION not in board
    assert "截止日期已延期" in board
    # the notice stays reachable from the call's thread
    thread = httpx.get(f"{base_url}/threads/{call['thread']}").text
    assert CALL in thread and EXTENSION in thread


def test_the_calls_feed_and_the_calendar_show_an_extended_call_once(base_url: str) -> None:
    feed = httpx.get(f"{base_url}/feeds/calls.atom").text
    assert feed.count(f"<title>{CALL}") == 1 and EXTENSION not in feed
    calendar = httpx.get(f"{base_url}/calendar.ics").text
    deadlines = [e for e in calendar.split("BEGIN:VEVENT")[1:] if "20260331T170000" in e]
    assert len(deadlines) == 1, "the moved deadline is one event"
    assert "已延期" in deadlines[0] and re.search(r"^SEQUENCE:1\r?$", deadlines[0], re.M)


def test_an_extension_without_its_call_stays_a_row(tmp_path: Path) -> None:
    """No call to carry the move (the call's post is not in the archive): the notice is the
    only row that says the new deadline, so it stays."""
    feed = FEED.read_text("utf-8")
    first = feed.index("<entry>")
    without_call = feed[:first] + feed[feed.index("</entry>", first) + len("</entry>") :]
    assert CALL not in without_call
    store = open_store(_archive(tmp_path, without_call))
    try:
        titles = [c["title"] for c in store.calls(status="all")]
    finally:
        store.close()
    assert EXTENSION in titles


CORRECTION = "关于2026年度专项资金申报通知的更正"


def test_a_correction_moving_the_deadline_folds_as_an_extension_does(tmp_path: Path) -> None:
    """A 更正 notice whose title leaves the programme out and whose body corrects the closing
    date ("…申报截止时间更正为…", made-up text) joins the call it corrects and is no row of its
    own: the call's row carries the corrected deadline; the notice stays on the thread."""
    feed = FEED.read_text("utf-8").replace(EXTENSION, CORRECTION)
    moved = "申报截止时间延长至2026年3月31日17:00"
    feed = feed.replace(moved, moved.replace("延长至", "更正为"))
    assert CORRECTION in feed and "更正为2026年3月31日" in feed
    store = open_store(_archive(tmp_path, feed))
    try:
        calls = store.calls(status="all")
    finally:
        store.close()
    titles = [c["title"] for c in calls]
    assert titles.count(CALL) == 1 and CORRECTION not in titles
    [call] = [c for c in calls if c["title"] == CALL]
    assert call["deadline"] == MOVED_TO and call["deadline_was"].startswith("2026-03-20")


def test_a_correction_bringing_the_deadline_forward_says_so(tmp_path: Path) -> None:
    """A correction may move a deadline earlier (made-up text: 3月20日 corrected to 3月18日): the
    folded row, the feed and the calendar say 已提前, never 已延期."""
    feed = FEED.read_text("utf-8").replace(EXTENSION, CORRECTION)
    feed = feed.replace(
        "申报截止时间延长至2026年3月31日17:00", "申报截止时间更正为2026年3月18日17:00"
    )
    db = _archive(tmp_path, feed)
    with serve(create_app(db)) as url:
        calls = httpx.get(f"{url}/api/calls", params={"status": "all"}).json()
        board = httpx.get(f"{url}/calls").text
        calendar = httpx.get(f"{url}/calendar.ics").text
    [call] = [c for c in calls if c["title"] == CALL]
    assert call["deadline"] == "2026-03-18T17:00" and call["deadline_moved_as"] == "提前"
    assert CORRECTION not in [c["title"] for c in calls]
    assert "截止日期已提前" in board and "已延期" not in board
    assert "已提前" in calendar and "已延期" not in calendar


SUPPLEMENT = "关于2026年度专项资金申报工作的补充通知"


def _calls(folder: Path, feed: str) -> list[dict]:
    folder.mkdir()
    store = open_store(_archive(folder, feed))
    try:
        return store.calls(status="all")
    finally:
        store.close()


def test_a_supplement_moving_the_deadline_folds_and_one_that_does_not_stays(
    tmp_path: Path,
) -> None:
    """A 补充通知 whose body moves the closing date (made-up text: "…申报截止时间调整为2026年3月31日
    17:00") joins the call and is no row of its own, as an extension or a correction is; one that
    adds a requirement and keeps the date (made-up text) moves nothing and stays a row."""
    feed = FEED.read_text("utf-8").replace(EXTENSION, SUPPLEMENT)
    moving = feed.replace("申报截止时间延长至", "申报截止时间调整为")
    assert SUPPLEMENT in moving and "调整为2026年3月31日" in moving
    calls = _calls(tmp_path / "moving", moving)
    titles = [c["title"] for c in calls]
    assert titles.count(CALL) == 1 and SUPPLEMENT not in titles
    [call] = [c for c in calls if c["title"] == CALL]
    assert call["deadline"] == MOVED_TO and call["deadline_moved_as"] == "延期"

    adding = feed.replace(
        "申报截止时间延长至2026年3月31日17:00",
        "申报单位须另附近两年审计报告，申报截止时间仍为2026年3月20日17:00",
    )
    calls = _calls(tmp_path / "adding", adding)
    titles = [c["title"] for c in calls]
    assert SUPPLEMENT in titles and titles.count(CALL) == 1
    [call] = [c for c in calls if c["title"] == CALL]
    assert call["deadline"].startswith("2026-03-20") and not call["deadline_moved"]


def test_the_published_schema_and_the_mcp_tool_say_what_api_calls_returns(base_url: str) -> None:
    """/openapi.json declares every field an /api/calls row carries (deadline_moved_as,
    deadline_was … were returned undeclared), and MCP's list_calls, read through the SDK's
    client, gives the moved call's old deadline and 延期 as the board and the feed do."""
    calls = httpx.get(f"{base_url}/api/calls", params={"status": "all"}).json()
    [call] = [c for c in calls if c["title"] == CALL]
    schema = httpx.get(f"{base_url}/openapi.json").json()
    returned = schema["paths"]["/api/calls"]["get"]["responses"]["200"]["content"]
    row = returned["application/json"]["schema"]["items"]["$ref"].rsplit("/", 1)[1]
    declared = schema["components"]["schemas"][row]["properties"]
    assert {"deadline_moved", "deadline_moved_as", "deadline_was"} <= set(call)
    assert set(call) - set(declared) == set(), "returned but not in the schema"

    async def listed() -> dict:
        async with Client(f"{base_url}/mcp", read_timeout_seconds=60) as client:
            answer = await client.call_tool("list_calls", {"status": "all", "as_of": "2026-03-25"})
        return answer.structured_content

    [tool_row] = [c for c in asyncio.run(listed())["result"]["calls"] if c["title"] == CALL]
    assert tool_row["deadline"] == MOVED_TO == call["deadline"]
    assert tool_row["deadline_was"] == call["deadline_was"]
    assert tool_row["deadline_moved_as"] == "延期" == call["deadline_moved_as"]
