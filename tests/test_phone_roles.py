"""A phone's role (技术支持, 监督, 举报, 投诉) as its label gives it, kept beside the number in the
facts, /api/calls, the board, the calls feed and exports; a number without one is a contact
number (CLOSING-8: 监督/举报 lines were kept as contact phones without a role)."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from helpers import ingest_articles

from wxintel.exports import CALL_COLUMNS, Export, csv_lines
from wxintel.extract import enrich
from wxintel.extract.contacts import extract_contacts
from wxintel.feeds import call_description
from wxintel.store import open_store
from wxintel.store.readmodels import contact_items
from wxintel.web import create_app


def roles(text: str) -> dict[str, str]:
    facts = extract_contacts(text)
    phones = {f.value for f in facts if f.kind == "phone"}
    given = {f.value["phone"]: f.value["role"] for f in facts if f.kind == "phone_role"}
    assert set(given) <= phones, "a role is only given to a phone found"
    return given


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # made-up lines, in wordings other than eval/extract_contacts5.json's
        ("业务咨询：0512-65221234\n违规行为监督电话：0512-65229999\n", {"0512-65229999": "监督"}),
        ("平台操作咨询：0512-65220001（工作日）\n", {"0512-65220001": "技术支持"}),
        # two role words in one label: the one nearest the number
        ("监督举报电话：0512-65228888", {"0512-65228888": "举报"}),
        # after the number, in its clause
        ("发现问题可拨打0512-65227777进行投诉。", {"0512-65227777": "投诉"}),
        # a list under one label carries it; a number with a label of its own does not
        ("举报电话：吴中区 65221111，相城区 65222222。", {"65221111": "举报", "65222222": "举报"}),
        ("监督电话：0512-65223333，联系电话：0512-65224444", {"0512-65223333": "监督"}),
        # a heading above the contact line
        ("三、系统操作\n市大数据中心 许工 0512-65225555\n", {"0512-65225555": "技术支持"}),
        # a contact table flattened one cell per line: the column's header
        (
            "街道\n办理电话\n投诉电话\n金阊街道\n0512-65231001\n0512-65231002\n"
            "平江街道\n0512-65232001\n0512-65232002\n",
            {"0512-65231002": "投诉", "0512-65232002": "投诉"},
        ),
        # no role: a contact line, a role word inside a body's name, a role of the next number
        ("联系人：顾老师，联系电话：0512-65226666", {}),
        ("安全监督科 周工 0512-65226677", {}),
        ("请拨打12345或技术支持电话0512-65226688。", {"0512-65226688": "技术支持"}),
    ],
)
def test_a_phone_has_the_role_its_label_gives(text: str, expected: dict[str, str]) -> None:
    assert roles(text) == expected


def test_real_posts_keep_their_technical_and_complaint_lines_apart(post) -> None:
    """Real posts: a call whose filing system's support lines are its only numbers (闵行发展改革),
    a call listing two support numbers in one bracket beside its contact number (未央工信),
    and an enrolment post whose 投诉电话 follows the teachers' numbers (天津西青)."""
    system = enrich(post("闵行发展改革", "2247503439_1"))
    assert system.kind == "call"
    given = {f.value["phone"]: f.value["role"] for f in system.facts if f.kind == "phone_role"}
    assert given == {"60801472": "技术支持", "38919099": "技术支持"}
    listed = enrich(post("未央工信", "2247495223_1"))
    given = {f.value["phone"]: f.value["role"] for f in listed.facts if f.kind == "phone_role"}
    assert given == {"029-88265555": "技术支持", "029-63917219": "技术支持"}
    assert "029-86259459" in {f.value for f in listed.facts if f.kind == "phone"}
    school = enrich(post("天津西青", "2652092305_2"))
    given = {f.value["phone"]: f.value["role"] for f in school.facts if f.kind == "phone_role"}
    assert given == {"022-27945482": "投诉"}
    teachers = [f.value["phone"] for f in school.facts if f.kind == "contact"]
    assert teachers and not set(teachers) & set(given)


def test_the_feed_gives_a_named_contacts_number_its_role(tmp_path: Path, post) -> None:
    """The real 未央工信 call whose named contact's number its label makes a 技术支持 line: the
    feed's and calendar's description write the role after the name and number, as the board
    does (the feed wrote a named contact without it)."""
    db = tmp_path / "wx.db"
    assert ingest_articles(db, [post("未央工信", "2247495361_1")]).added == 1
    store = open_store(db)
    try:
        [call] = store.calls(status="all")
    finally:
        store.close()
    assert {"name": "万洁羽", "phone": "18001922572", "email": "", "role": "技术支持"} in (
        contact_items(call)
    )
    assert "万洁羽 18001922572（技术支持）" in call_description(call)


def test_the_api_board_feed_and_export_say_each_role(tmp_path: Path, post) -> None:
    """The real 未央工信 call through the whole pipeline: /api/calls lists the roles, the board
    puts the contact number first and writes （技术支持） after the support numbers, the calendar
    and the CSV export carry them too."""
    article = post("未央工信", "2247495223_1")
    db = tmp_path / "wx.db"
    assert ingest_articles(db, [article]).added == 1
    with TestClient(create_app(db)) as client:
        [call] = client.get("/api/calls", params={"status": "all"}).json()
        board = client.get("/calls", params={"status": "all"}).text
        calendar = client.get("/calendar.ics").text
        export = client.get("/api/calls/export", params={"status": "all", "format": "csv"}).text
        page = client.get(f"/articles/{call['key']}").text
    assert {r["phone"]: r["role"] for r in call["phone_roles"]} == {
        "029-88265555": "技术支持",
        "029-63917219": "技术支持",
    }
    contacts = board[board.index('class="contacts"') :]
    assert contacts.index("029-86259459") < contacts.index("029-88265555")
    assert '029-88265555</a><span class="role">（技术支持）</span>' in contacts
    assert "029-63917219（技术支持）" in call_description(call)
    assert "029-86259459" in call_description(call)
    assert "029-88265555（技术支持）" in export and "phone_roles" in export.splitlines()[0]
    assert "技术支持" in calendar.replace("\r\n ", "")
    side = page[page.index('class="facts"') :]
    assert "电话用途" in side and "029-88265555 · 技术支持" in side
    store = open_store(db)
    try:
        rows = store.calls(status="all")
    finally:
        store.close()
    written = "".join(csv_lines(Export("calls", CALL_COLUMNS, rows)))
    assert "029-63917219（技术支持）" in written
