"""The MCP server driven by the official SDK's own client: over stdio and over HTTP on loopback."""

from __future__ import annotations

import asyncio
import json
import os
import sys
from pathlib import Path
from typing import Any

from helpers import serve
from mcp import Client
from mcp.client.stdio import StdioServerParameters

from wxintel.web import create_app

REPO = Path(__file__).resolve().parents[1]
TOOLS = {
    "search_articles",
    "get_article",
    "list_calls",
    "ask",
    "get_brief",
    "resolve_date_range",
    "get_thread",
    "list_reposts",
    "match_profile",
}
FIRM = {  # a fictional Shanghai manufacturer
    "name": "测试智造",
    "registered_city": "上海市",
    "registered_district": "闵行区",
    "employees": 300,
    "revenue_wan": 40000,
    "industries": ["制造业"],
    "credit_ok": True,
}
SMART_FACTORY_CALL = "2650689428_2"  # its shortlist (公示) was published on 10-10 as well
QUESTION = "上海工业遗产认定的申报材料最晚哪天交"


def result(call: Any) -> dict[str, Any]:
    """The one shape every tool answers in: structured content, also sent as JSON text."""
    data = call.structured_content
    assert json.loads(call.content[0].text) == data
    assert set(data) in ({"ok", "result"}, {"ok", "error"})
    return data


async def exercise(client: Client) -> dict[str, Any]:
    """Call every tool once, as an assistant would, and return what came back."""
    tools = await client.list_tools()
    found = await client.call_tool(
        "search_articles", {"query": "智能工厂", "kind": "call", "limit": 5}
    )
    first = result(found)["result"]["hits"][0]
    return {
        "tools": {t.name: t for t in tools.tools},
        "search": result(found),
        "too_many": result(await client.call_tool("search_articles", {"query": "x", "limit": 50})),
        "article": result(await client.call_tool("get_article", {"ref": first["key"]})),
        "article_text": result(
            await client.call_tool("get_article", {"ref": first["key"], "include_text": True})
        ),
        "missing": result(await client.call_tool("get_article", {"ref": "no-such-post"})),
        "calls": result(await client.call_tool("list_calls", {"as_of": "2025-10-15", "limit": 3})),
        "calls_now": result(await client.call_tool("list_calls", {"limit": 3})),
        "ask": result(await client.call_tool("ask", {"question": QUESTION})),
        "refused": result(await client.call_tool("ask", {"question": "2031年春节放假几天"})),
        "thread": result(await client.call_tool("get_thread", {"ref": SMART_FACTORY_CALL})),
        "reposts": result(await client.call_tool("list_reposts", {"limit": 2})),
        "match": result(
            await client.call_tool(
                "match_profile", {"profile": FIRM, "as_of": "2025-10-15", "limit": 5}
            )
        ),
        "no_profile": result(await client.call_tool("match_profile", {"name": "无此企业"})),
        "profiles": json.loads((await client.read_resource("wxintel://profiles")).contents[0].text),
        "brief": result(await client.call_tool("get_brief", {"week": "2025-09-21"})),
        "period": result(
            await client.call_tool(
                "resolve_date_range", {"text": "2026年1月", "today": "2026-03-01"}
            )
        ),
        "accounts": json.loads((await client.read_resource("wxintel://accounts")).contents[0].text),
    }


def check(seen: dict[str, Any]) -> None:
    assert set(seen["tools"]) >= TOOLS
    assert all(t.annotations.read_only_hint for t in seen["tools"].values())
    hits = seen["search"]["result"]["hits"]
    assert 0 < len(hits) <= 5 and all("text" not in h for h in hits)
    assert seen["too_many"] == {
        "ok": False,
        "error": {"code": "invalid_argument", "message": "limit must be between 1 and 20, not 50"},
    }
    article = seen["article"]["result"]
    assert "text" not in article and article["facts"] and "thread" in article
    assert len(seen["article_text"]["result"]["text"]) == article["chars"]
    assert seen["missing"]["ok"] is False and seen["missing"]["error"]["code"] == "not_found"
    calls = seen["calls"]["result"]["calls"]
    assert 0 < len(calls) <= 3 and all(c["days_left"] >= 0 for c in calls)
    assert seen["calls"]["result"]["as_of_reason"] == "given"
    # no as_of: the calls' rule (today, or the archive's newest post when older), as CLI and web
    now = seen["calls_now"]["result"]
    assert now["as_of_reason"] == "newest_post" and now["as_of"].startswith("2025-10-")
    assert now["total"] > 0
    answer = seen["ask"]["result"]
    assert answer["refused"] is False and "12月19日" in answer["answer"]
    assert answer["citations"][0]["quote"]
    assert seen["refused"]["result"]["refused"] is True
    thread = seen["thread"]["result"]
    assert SMART_FACTORY_CALL in [a["id"] for a in thread["articles"]]
    assert len(thread["articles"]) >= 2
    reposts = seen["reposts"]["result"]
    assert reposts["total"] >= len(reposts["clusters"]) > 0
    assert all(len(c["members"]) >= 2 for c in reposts["clusters"])
    matched = seen["match"]["result"]
    assert matched["as_of"] == "2025-10-15" and 0 < len(matched["calls"]) <= 5
    assert {c["verdict"] for c in matched["calls"]} <= {"eligible", "unknown", "ineligible"}
    assert seen["no_profile"]["error"]["code"] == "not_found"
    assert seen["profiles"] == {"ok": True, "result": {"profiles": []}}
    assert seen["brief"]["result"]["from"] == "2025-09-20"
    assert seen["period"]["result"] == {
        "text": "2026年1月",
        "from": "2026-01-01",
        "to": "2026-01-31",
    }
    assert seen["accounts"]["result"]["accounts"] == [{"account": "上海经信委", "articles": 179}]


def test_stdio_server_answers_the_sdk_client(seed_db: Path):
    params = StdioServerParameters(
        command=sys.executable,
        args=["-m", "wxintel", "mcp", "--db", str(seed_db)],
        env={"PYTHONPATH": str(REPO / "src"), "PATH": os.environ.get("PATH", "")},
    )

    async def run() -> dict[str, Any]:
        async with Client(params, read_timeout_seconds=60) as client:
            return await exercise(client)

    check(asyncio.run(run()))


def test_http_server_under_serve_answers_the_sdk_client(seed_db: Path):
    async def run(url: str) -> dict[str, Any]:
        async with Client(f"{url}/mcp", read_timeout_seconds=60) as client:
            return await exercise(client)

    with serve(create_app(seed_db)) as url:
        seen = asyncio.run(run(url))
    check(seen)
