"""Who to reach about a call, alike on every surface: `wxintel calls` (its contacts cell),
`calls --json`, `/api/calls`, MCP `list_calls` and the Markdown export list the board's and the
feeds' contact items, so a call whose only contact is a number shows the number (bbox17 finding
1: their contacts were empty there while the board and the calendar gave the number)."""

from __future__ import annotations

import asyncio
import json
import re
from pathlib import Path
from typing import Any

import httpx
import pytest
from helpers import ingest_articles, mcp_stdio, serve
from mcp import Client
from typer.testing import CliRunner

from wxintel.cli import app
from wxintel.web import create_app

AS_OF = "2025-10-15"
# real calls of three accounts, open on AS_OF: the first three name no contact, only numbers
# (and e-mails); the last names its two people
CALLS = {
    ("未央工信", "2247495051_1"): ["86259459", "weiyangqu@126.com"],
    ("津北商务", "2247516213_3"): [
        "58366501",
        "58366502",
        "58366503",
        "58366504",
        "tjzhongxiaoban@163.com",
    ],
    ("津北商务", "2247516401_1"): ["010-68554524", "010-85093778"],
    ("上海经信委", "2650689428_2"): [
        "陈珂 23117664",
        "施雨润 18121388225",
        "shiyurun@sheitc.org.cn",
    ],
}


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory, post) -> Path:
    path = tmp_path_factory.mktemp("call-contacts") / "wx.db"
    assert ingest_articles(path, [post(*key) for key in CALLS]).added == len(CALLS)
    return path


def said(item: dict[str, str]) -> str:
    """An item as the test reads it: the name and the number, or the e-mail."""
    return " ".join(part for part in (item["name"], item["phone"] or item["email"]) if part)


def test_the_table_names_a_number_when_no_contact_is_named(db: Path, wide_console) -> None:
    shown = CliRunner().invoke(app, ["calls", "--open", "--as-of", AS_OF, "--db", str(db)])
    assert shown.exit_code == 0, shown.output
    rows = {line.split("(")[-1].split(")")[0]: line for line in shown.output.splitlines()}
    for (_, aid), reach in CALLS.items():
        assert "; ".join(reach) in rows[aid], aid


def test_json_adds_the_contact_items_beside_the_fields_it_had(db: Path) -> None:
    shown = CliRunner().invoke(
        app, ["calls", "--open", "--as-of", AS_OF, "--json", "--db", str(db)]
    )
    assert shown.exit_code == 0, shown.output
    calls = {c["id"]: c for c in json.loads(shown.output)}
    assert set(calls) == {aid for _, aid in CALLS}
    for (_, aid), reach in CALLS.items():
        call = calls[aid]
        assert [said(item) for item in call["contact_items"]] == reach, aid
        assert {"contacts", "phones", "emails", "phone_roles"} <= set(call)  # kept
    assert calls["2247516213_3"]["contacts"] == []  # named contacts only, as before


def test_the_markdown_export_names_the_numbers(db: Path, post) -> None:
    """Its 联系 line lists who to call, the e-mails on a line of their own, as the feeds do."""
    shown = CliRunner().invoke(
        app, ["calls", "--open", "--as-of", AS_OF, "--format", "md", "--db", str(db)]
    )
    assert shown.exit_code == 0, shown.output
    items = re.split(r"\n(?=\d+\. )", shown.output)
    for key, reach in CALLS.items():
        [item] = [text.splitlines() for text in items if post(*key).title in text]
        emails = "; ".join(r for r in reach if "@" in r)
        assert f"   - 联系：{'; '.join(r for r in reach if '@' not in r)}" in item, key
        assert (f"   - 邮箱：{emails}" in item) is bool(emails), key


def test_the_api_and_mcp_give_the_items_calls_json_gives(db: Path) -> None:
    """One shape from one query path (store.calls): `/api/calls` over HTTP and MCP `list_calls`
    over stdio give each call the `contact_items` of `calls --json`, and MCP no second copy of
    the named ones (its `contacts` went: the items hold them)."""
    shown = CliRunner().invoke(
        app, ["calls", "--open", "--as-of", AS_OF, "--json", "--db", str(db)]
    )
    assert shown.exit_code == 0, shown.output
    cli = {c["id"]: c["contact_items"] for c in json.loads(shown.output)}
    with serve(create_app(db)) as base:
        answer = httpx.get(f"{base}/api/calls", params={"as_of": AS_OF}, timeout=60)
    assert answer.status_code == 200, answer.text
    api = {c["id"]: c["contact_items"] for c in answer.json()}
    params = mcp_stdio(db)

    async def run() -> dict[str, Any]:
        async with Client(params, read_timeout_seconds=60) as client:
            listed = await client.call_tool("list_calls", {"as_of": AS_OF})
            return listed.structured_content

    listed = asyncio.run(run())
    assert listed["ok"] is True
    mcp = {c["id"]: c["contact_items"] for c in listed["result"]["calls"]}
    assert all("contacts" not in c for c in listed["result"]["calls"])
    assert set(cli) == {aid for _, aid in CALLS}
    for (_, aid), reach in CALLS.items():
        assert [said(item) for item in cli[aid]] == reach, aid
        assert api[aid] == mcp[aid] == cli[aid], aid
    assert cli["2650689428_2"][0] == {"name": "陈珂", "phone": "23117664", "email": "", "role": ""}
