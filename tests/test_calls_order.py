"""`status=all` lists what a reader can still act on first, on every surface that lists calls:
open calls nearest deadline first, then closed ones most recent deadline first, then calls with
no deadline found, newest first (it listed the oldest deadline first, closed calls ahead of
every open one)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from typer.testing import CliRunner

from wxintel.cli import app
from wxintel.mcp import tools
from wxintel.store import open_store
from wxintel.web import create_app

AS_OF = "2025-10-15"  # the seed's newest day: open, closed and undated calls


def due(call: dict[str, Any]) -> str | None:
    return call["deadline"] or (call["period"][1] if call["period"] else None)


def test_all_calls_list_open_then_closed_latest_first_then_undated(seed_db: Path):
    store = open_store(seed_db)
    try:
        board = store.calls(status="all", as_of=AS_OF)
        listed = tools.list_calls(store, status="all", as_of=AS_OF, limit=tools.MAX_ITEMS)
    finally:
        store.close()
    still_open = [c for c in board if due(c) and c["days_left"] >= 0]
    closed = [c for c in board if due(c) and c["days_left"] < 0]
    undated = [c for c in board if not due(c)]
    assert still_open and closed and undated, "the seed has all three on 2025-10-15"
    assert board == still_open + closed + undated
    assert [due(c) for c in still_open] == sorted(due(c) for c in still_open)
    assert [due(c) for c in closed] == sorted((due(c) for c in closed), reverse=True)
    assert [c["published"] for c in undated] == sorted(
        (c["published"] for c in undated), reverse=True
    )
    keys = [c["key"] for c in board]
    # MCP's first page, the API and the CLI list them in that one order
    assert [c["key"] for c in listed["calls"]] == keys[: tools.MAX_ITEMS]
    with TestClient(create_app(seed_db)) as client:
        api = client.get("/api/calls", params={"status": "all", "as_of": AS_OF}).json()
        page = client.get(
            "/api/calls", params={"status": "all", "as_of": AS_OF, "limit": 3, "offset": 2}
        )
    assert [c["key"] for c in api] == keys
    # a page is a slice of that order, the header counting them all
    assert [c["key"] for c in page.json()] == keys[2:5]
    assert page.headers["X-Total-Count"] == str(len(keys))
    cli = CliRunner().invoke(
        app, ["calls", "--all", "--as-of", AS_OF, "--json", "--db", str(seed_db)]
    )
    assert cli.exit_code == 0, cli.output
    assert [c["key"] for c in json.loads(cli.output)] == keys
