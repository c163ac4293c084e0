"""The MCP server driven by the official SDK's own client: over stdio and over HTTP on loopback."""

from __future__ import annotations

import asyncio
import json
import re
import shutil
import sys
from pathlib import Path
from typing import Any

import httpx
from helpers import copy_seed_db, mcp_stdio, serve
from mcp import Client
from mcp.client.stdio import StdioServerParameters
from mcp.client.streamable_http import streamable_http_client
from mcp.shared._httpx_utils import create_mcp_http_client

from wxintel.match import service
from wxintel.match.profile import PROFILE_FIELDS
from wxintel.mcp.tools import MAX_ITEMS
from wxintel.model import ACTION_KINDS
from wxintel.options import ARTICLE_KINDS, CALL_STATUSES
from wxintel.search import MAX_OFFSET
from wxintel.store import open_store
from wxintel.store.sources import SourceStore
from wxintel.watch import list_watchlists
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
WRITE_TOOLS = {"add_source", "save_profile", "add_watch"}
REMOVAL_TOOLS = {"remove_source", "delete_profile", "remove_watch"}
TOKEN = "s3cret-admin"
FEED = "http://127.0.0.1:9/feed.xml"  # never fetched: adding a source only stores it
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
UNTHREADED = "2650689151_1"  # a visit to new civil servants: a post, but no call's thread
QUESTION = "上海工业遗产认定的申报材料最晚哪天交"


def result(call: Any) -> dict[str, Any]:
    """The one shape every tool answers in: structured content, also sent as compact JSON text
    (no indentation, Chinese as written: what an assistant reads costs its context), with the
    protocol's isError set exactly when `ok` is false, for a client that reads the flag."""
    data = call.structured_content
    assert call.content[0].text == json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    assert set(data) in ({"ok", "result"}, {"ok", "error"})
    assert call.is_error is (data["ok"] is False), data
    return data


def resource(read: Any) -> dict[str, Any]:
    """A resource's JSON, compact as a tool's."""
    text = read.contents[0].text
    assert "\n" not in text and "\\u" not in text
    return json.loads(text)


async def brief_of(client: Client, words: str) -> dict[str, Any]:
    """The brief of a period named in words: resolve_date_range's from/to into get_brief."""
    period = result(await client.call_tool("resolve_date_range", {"text": words}))["result"]
    arguments = {"date_from": period["from"], "date_to": period["to"]}
    return result(await client.call_tool("get_brief", arguments))


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
        # a JSON boolean where an integer goes: every integer argument of every tool, once
        "booleans": {
            (t.name, arg): result(await client.call_tool(t.name, {arg: True}))
            for t in tools.tools
            for arg, schema in t.input_schema["properties"].items()
            if "integer" in json.dumps(schema)
        },
        "article": result(await client.call_tool("get_article", {"ref": first["key"]})),
        "article_text": result(
            await client.call_tool("get_article", {"ref": first["key"], "include_text": True})
        ),
        "missing": result(await client.call_tool("get_article", {"ref": "no-such-post"})),
        "misnamed": result(await client.call_tool("get_article", {"key": first["key"]})),
        "no_such_tool": result(await client.call_tool("search", {"query": "智能工厂"})),
        # the issue's own name for the start date: not an argument, so never silently dropped
        "unasked": result(
            await client.call_tool("search_articles", {"query": "智能工厂", "from": "2025-10-01"})
        ),
        "path_for_profile": result(
            await client.call_tool("match_profile", {"profile": "/etc/passwd"})
        ),
        "calls": result(await client.call_tool("list_calls", {"as_of": "2025-10-15", "limit": 3})),
        "calls_unknown_account": result(
            await client.call_tool("list_calls", {"account": "无此号"})
        ),
        # past the first page: an assistant told a total above 20 saw only the first 20
        "ten": result(
            await client.call_tool("search_articles", {"query": "智能工厂", "limit": 10})
        ),
        "page_two": result(
            await client.call_tool(
                "search_articles", {"query": "智能工厂", "limit": 5, "offset": 5}
            )
        ),
        "calls_next": result(
            await client.call_tool("list_calls", {"as_of": "2025-10-15", "limit": 2, "offset": 1})
        ),
        "calls_now": result(await client.call_tool("list_calls", {"limit": 3})),
        # every tool that pages takes search's bound: list_calls checked only offset < 0
        "off_the_pages": {
            (tool, offset): result(await client.call_tool(tool, {**args, "offset": offset}))
            for tool, args in (("search_articles", {"query": "申报"}), ("list_calls", {}))
            for offset in (-1, MAX_OFFSET + 1)
        },
        "ask": result(await client.call_tool("ask", {"question": QUESTION})),
        "refused": result(await client.call_tool("ask", {"question": "2031年春节放假几天"})),
        # the call was posted on 10-10: within the account it is answered, before it not
        "ask_within": result(
            await client.call_tool("ask", {"question": QUESTION, "account": "上海经信委"})
        ),
        "ask_before": result(
            await client.call_tool("ask", {"question": QUESTION, "date_to": "2025-10-09"})
        ),
        "thread": result(await client.call_tool("get_thread", {"ref": SMART_FACTORY_CALL})),
        "unthreaded": result(await client.call_tool("get_thread", {"ref": UNTHREADED})),
        "no_post": result(await client.call_tool("get_thread", {"ref": "no-such-post"})),
        "reposts": result(await client.call_tool("list_reposts", {"limit": 2})),
        "match": result(
            await client.call_tool(
                "match_profile", {"profile": FIRM, "as_of": "2025-10-15", "limit": 5}
            )
        ),
        "match_remote": result(  # the same firm registered in Xi'an, on Shanghai's calls
            await client.call_tool(
                "match_profile",
                {
                    "profile": {
                        **FIRM,
                        "registered_city": "西安市",
                        "registered_district": "未央区",
                    },
                    "as_of": "2025-10-15",
                    "every": True,
                },
            )
        ),
        "no_profile": result(await client.call_tool("match_profile", {"name": "无此企业"})),
        "no_firm": result(await client.call_tool("match_profile", {"as_of": "2025-10-15"})),
        "mistyped": [  # an account with no posts (上海经信委 short of its last character)
            result(await client.call_tool(tool, {**args, "account": "上海经信"}))
            for tool, args in (
                ("search_articles", {"query": "申报"}),
                ("list_calls", {}),
                ("list_reposts", {}),
                ("get_brief", {}),
                ("ask", {"question": QUESTION}),
            )
        ],
        "profiles": resource(await client.read_resource("wxintel://profiles")),
        "brief": result(await client.call_tool("get_brief", {"week": "2025-09-21"})),
        "bad_week": result(await client.call_tool("get_brief", {"week": "bad"})),
        # a period in words → its dates → the brief of those days, as the instructions say
        "month_brief": await brief_of(client, "2025年9月"),
        "brief_both": result(
            await client.call_tool("get_brief", {"week": "2025-09-21", "date_from": "2025-09-01"})
        ),
        "brief_backwards": result(
            await client.call_tool(
                "get_brief", {"date_from": "2025-09-30", "date_to": "2025-09-01"}
            )
        ),
        "period": result(
            await client.call_tool(
                "resolve_date_range", {"text": "2026年1月", "today": "2026-03-01"}
            )
        ),
        "last_month": result(await client.call_tool("resolve_date_range", {"text": "上个月"})),
        "yearless_month": result(
            await client.call_tool("resolve_date_range", {"text": "9月", "today": "2026-12-01"})
        ),
        "before_time": result(
            await client.call_tool("resolve_date_range", {"text": "上周", "today": "0001-01-03"})
        ),
        "searched_last_month": result(
            await client.call_tool("search_articles", {"query": "上个月 人工智能", "limit": 1})
        ),
        # as `search --as-of` and `ask --as-of`: date words counted from the day given
        "searched_as_of": result(
            await client.call_tool(
                "search_articles", {"query": "上个月 申报", "as_of": "2025-11-20", "limit": 20}
            )
        ),
        "asked_as_of": result(
            await client.call_tool(
                "ask", {"question": "上个月发布的申报通知什么时候截止？", "as_of": "2025-09-05"}
            )
        ),
        "searched_bad_as_of": result(
            await client.call_tool("search_articles", {"query": "申报", "as_of": "2025/11/20"})
        ),
        "accounts": resource(await client.read_resource("wxintel://accounts")),
        "account": resource(await client.read_resource("wxintel://accounts/上海经信委")),
    }


def check(seen: dict[str, Any]) -> None:
    assert set(seen["tools"]) == TOOLS | WRITE_TOOLS | REMOVAL_TOOLS
    assert all(seen["tools"][name].annotations.read_only_hint for name in TOOLS)
    writes = WRITE_TOOLS | REMOVAL_TOOLS
    assert not any(seen["tools"][name].annotations.read_only_hint for name in writes)
    assert {n for n in writes if seen["tools"][n].annotations.destructive_hint} == REMOVAL_TOOLS
    # an assistant reads the day list_calls counts from in its description, not "default today"
    assert "newest post" in seen["tools"]["list_calls"].description
    hits = seen["search"]["result"]["hits"]
    assert 0 < len(hits) <= 5 and all("text" not in h for h in hits)
    assert seen["too_many"] == {
        "ok": False,
        "error": {"code": "invalid_argument", "message": "limit must be between 1 and 20, not 50"},
    }
    # pydantic would read true as 1 (bool is an int in Python): refused, in the one shape
    assert {tool for tool, _ in seen["booleans"]} >= {"search_articles", "list_calls"}
    for (tool, arg), answer in seen["booleans"].items():
        assert answer["error"]["code"] == "invalid_argument"
        assert f"{arg}: a boolean (true) is not an integer" in answer["error"]["message"]
        assert answer["error"]["message"].startswith(f"{tool}: ")
    assert len(seen["off_the_pages"]) == 4
    for (tool, offset), answer in seen["off_the_pages"].items():
        assert answer["error"] == {
            "code": "invalid_argument",
            "message": f"offset must be between 0 and {MAX_OFFSET}, not {offset}",
        }, tool
    article = seen["article"]["result"]
    assert "text" not in article and article["facts"] and "thread" in article
    assert len(seen["article_text"]["result"]["text"]) == article["chars"]
    assert seen["missing"]["ok"] is False and seen["missing"]["error"]["code"] == "not_found"
    # arguments the schema refuses answer in the same shape, naming what the tool takes
    assert seen["misnamed"]["error"] == {
        "code": "invalid_argument",
        "message": "get_article: missing ref; no argument named key (it takes ref, include_text)",
    }
    assert seen["unasked"]["error"] == {
        "code": "invalid_argument",
        "message": "search_articles: no argument named from "
        "(it takes query, account, kind, date_from, date_to, limit, offset, as_of)",
    }
    unknown = seen["no_such_tool"]["error"]
    assert unknown["code"] == "not_found"
    assert unknown["message"].startswith("no tool named 'search'; tools: search_articles, ")
    refused = seen["path_for_profile"]["error"]
    assert refused["code"] == "invalid_argument"
    # in JSON's words, with what was given, not pydantic's "Input should be a valid dictionary"
    assert refused["message"].startswith(
        'match_profile: profile: an object, not a text ("/etc/passwd")'
    )
    ten, page_two = seen["ten"]["result"], seen["page_two"]["result"]
    assert ten["total"] >= 10 and page_two["offset"] == 5
    assert [h["key"] for h in page_two["hits"]] == [h["key"] for h in ten["hits"][5:10]]
    following = seen["calls_next"]["result"]
    assert [c["key"] for c in following["calls"]] == [
        c["key"] for c in seen["calls"]["result"]["calls"][1:3]
    ]
    calls = seen["calls"]["result"]["calls"]
    assert 0 < len(calls) <= 3 and all(c["days_left"] >= 0 for c in calls)
    assert seen["calls"]["result"]["as_of_reason"] == "given"
    unknown_account = seen["calls_unknown_account"]["error"]
    assert unknown_account["code"] == "not_found" and "无此号" in unknown_account["message"]
    # no as_of: the calls' rule (today, or the archive's newest post when older), as CLI and web
    now = seen["calls_now"]["result"]
    assert now["as_of_reason"] == "newest_post" and now["as_of"].startswith("2025-10-")
    assert now["total"] > 0
    answer = seen["ask"]["result"]
    assert answer["refused"] is False and "12月19日" in answer["answer"]
    assert answer["citations"][0]["quote"]
    assert seen["refused"]["result"]["refused"] is True
    within = seen["ask_within"]["result"]
    assert within["answer"] == answer["answer"] and within["citations"] == answer["citations"]
    before = seen["ask_before"]["result"]  # whatever it says, it is not the 10-10 call's
    assert before["answer"] != answer["answer"]
    assert all(c["published"][:10] <= "2025-10-09" for c in before["citations"])
    thread = seen["thread"]["result"]
    assert SMART_FACTORY_CALL in [a["id"] for a in thread["articles"]]
    assert len(thread["articles"]) >= 2
    # a post no thread holds is a success with an empty thread of the same shape; only a post
    # that does not exist is not_found, so an agent can tell the two apart
    empty = seen["unthreaded"]
    assert empty["ok"] is True and set(empty["result"]) == set(thread)
    assert empty["result"]["articles"] == [] and empty["result"]["id"] is None
    assert seen["no_post"] == {
        "ok": False,
        "error": {"code": "not_found", "message": "no article 'no-such-post'"},
    }
    reposts = seen["reposts"]["result"]
    assert reposts["total"] >= len(reposts["clusters"]) > 0
    assert all(len(c["members"]) >= 2 for c in reposts["clusters"])
    matched = seen["match"]["result"]
    assert matched["as_of"] == "2025-10-15" and 0 < len(matched["calls"]) <= 5
    assert {c["verdict"] for c in matched["calls"]} <= {"eligible", "unknown", "ineligible"}
    # a call that states no place is Shanghai's: the Xi'an firm is out, and told why
    remote = seen["match_remote"]["result"]["calls"]
    implied = [c for c in remote if c["stated"] == 0 and c["implied_place"] == "上海市"]
    assert implied and all(c["verdict"] == "ineligible" for c in implied)
    assert all(c["because"][0]["implied"] and "上海市" in c["because"][0]["text"] for c in implied)
    assert seen["no_profile"]["error"]["code"] == "not_found"
    nothing = seen["no_firm"]["error"]  # neither a profile nor a name: say what to give
    assert (
        nothing["code"] == "invalid_argument" and "name of a stored profile" in nothing["message"]
    )
    # an empty answer would read as "nothing there": each tool names the stored accounts,
    # not_found as the REST API's 404 and the CLI's exit 4
    assert seen["mistyped"] == 5 * [
        {
            "ok": False,
            "error": {
                "code": "not_found",
                "message": "no posts of account 上海经信; stored accounts: 上海经信委",
            },
        }
    ]
    assert seen["profiles"] == {"ok": True, "result": {"profiles": []}}
    assert seen["brief"]["result"]["from"] == "2025-09-20"
    assert seen["bad_week"]["error"]["code"] == "invalid_argument"
    # an item is named by its key, as a hit is; its address is get_article's
    items = [i for s in seen["brief"]["result"]["sections"] for i in s["items"]]
    assert items and all(i["key"] and "url" not in i for i in items)
    assert seen["article"]["result"]["url"].startswith("http")
    month = seen["month_brief"]["result"]
    assert (month["from"], month["to"]) == ("2025-09-01", "2025-09-30")
    published = [i["published"] for s in month["sections"] for i in s["items"]]
    assert published and all("2025-09-01" <= day[:10] <= "2025-09-30" for day in published)
    # the period's errors name get_brief's own arguments, not the web's from/to
    assert seen["brief_both"]["error"] == {
        "code": "invalid_argument",
        "message": "give one of week, day or date_from/date_to, not week and date_from/date_to",
    }
    assert seen["brief_backwards"]["error"]["message"] == (
        "date_to (2025-09-01) must not be before date_from (2025-09-30)"
    )
    assert seen["period"]["result"] == {
        "text": "2026年1月",
        "from": "2026-01-01",
        "to": "2026-01-31",
        "as_of": "2026-03-01",
        "as_of_reason": "given",
    }
    # with no day given, 上个月 counts from where search counts it: the seed archive ends on
    # 2025-10-15, before today, so both read September 2025
    assert seen["last_month"]["result"] == {
        "text": "上个月",
        "from": "2025-09-01",
        "to": "2025-09-30",
        "as_of": "2025-10-15",
        "as_of_reason": "newest_post",
    }
    # a month without a year is the latest September the seed archive (ending 2025-10-15)
    # reaches, even seen from a day given long after it: the September its posts are of
    assert seen["yearless_month"]["result"] == {
        "text": "9月",
        "from": "2025-09-01",
        "to": "2025-09-30",
        "as_of": "2026-12-01",
        "as_of_reason": "given",
    }
    assert seen["before_time"]["error"] == {  # was "internal": OverflowError
        "code": "invalid_argument",
        "message": "'上周' seen from 0001-01-03 falls outside the calendar",
    }
    understood = seen["searched_last_month"]["result"]["understood"]
    assert (understood["from"], understood["to"]) == ("2025-09-01", "2025-09-30")
    assert understood["as_of_reason"] == "newest_post"
    as_of = seen["searched_as_of"]["result"]
    assert (as_of["understood"]["as_of"], as_of["understood"]["from"]) == (
        "2025-11-20",
        "2025-10-01",
    )
    assert as_of["hits"] and all(h["published"].startswith("2025-10") for h in as_of["hits"])
    asked = seen["asked_as_of"]["result"]  # 上个月 of 2025-09-05: August, no post of the seed
    assert asked["refused"] and not asked["citations"]
    assert seen["searched_bad_as_of"]["error"]["code"] == "invalid_argument"
    assert "as_of must be a date YYYY-MM-DD" in seen["searched_bad_as_of"]["error"]["message"]
    assert seen["accounts"]["result"]["accounts"] == [{"account": "上海经信委", "articles": 179}]
    account = seen["account"]["result"]  # counted in one query, not post by post
    assert account["account"] == "上海经信委" and account["articles"] == 179
    assert sum(account["kinds"].values()) == 179
    assert list(account["kinds"].values()) == sorted(account["kinds"].values(), reverse=True)
    assert (account["first"], account["last"]) == ("2025-09-10", "2025-10-15")


def test_stdio_server_answers_the_sdk_client(seed_db: Path):
    params = mcp_stdio(seed_db)

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
        # a stateless server has no stream to offer: said at once, not a stream held open
        streamed = httpx.get(f"{url}/mcp", headers={"Accept": "text/event-stream"}, timeout=10)
    check(seen)
    assert streamed.status_code == 405 and streamed.headers["allow"] == "POST"
    assert streamed.json()["error"]["code"] == "method_not_allowed"


async def write_everything(client: Client) -> dict[str, Any]:
    """Each write tool once, then a second profile of the same name, then reads of the writes."""
    firm = {**FIRM, "name": "代理写入智造"}
    return {
        "source": result(
            await client.call_tool("add_source", {"url": FEED, "name": "测试源", "every": "2h"})
        ),
        "profile": result(await client.call_tool("save_profile", {"profile": firm})),
        "again": result(await client.call_tool("save_profile", {"profile": firm})),
        "watch": result(
            await client.call_tool(
                "add_watch", {"name": "智能工厂", "query": "智能工厂", "calls_only": True}
            )
        ),
        "mistyped": result(  # 上海经信委 short of its last character: kept, and said
            await client.call_tool(
                "add_watch", {"name": "错号", "query": "智能工厂", "accounts": ["上海经信"]}
            )
        ),
        "too_often": result(  # the rule's message, as the CLI and REST give it
            await client.call_tool("add_source", {"url": FEED + "?2", "every": "5s"})
        ),
        "bad_kind": result(
            await client.call_tool("add_watch", {"name": "x", "query": "x", "kinds": ["colour"]})
        ),
        "match": result(
            await client.call_tool("match_profile", {"name": firm["name"], "as_of": "2025-10-15"})
        ),
    }


async def remove_everything(client: Client, source_id: int) -> dict[str, Any]:
    """Each removal tool on what write_everything added, a second time (nothing left), and on
    a source name two subscriptions share (refused: which one is meant is not known)."""
    twin = {"url": "http://127.0.0.1:9/twin.xml", "name": "同名源"}
    await client.call_tool("add_source", twin)
    await client.call_tool("add_source", {**twin, "url": "http://127.0.0.1:9/twin2.xml"})
    return {
        "source": result(await client.call_tool("remove_source", {"source": str(source_id)})),
        "source_again": result(await client.call_tool("remove_source", {"source": FEED})),
        "shared_name": result(await client.call_tool("remove_source", {"source": "同名源"})),
        "by_url": result(await client.call_tool("remove_source", {"source": twin["url"]})),
        "profile": result(await client.call_tool("delete_profile", {"name": "代理写入智造"})),
        "profile_again": result(await client.call_tool("delete_profile", {"name": "代理写入智造"})),
        "watch": result(await client.call_tool("remove_watch", {"name": "智能工厂"})),
        "watch_again": result(await client.call_tool("remove_watch", {"name": "智能工厂"})),
        "mistyped": result(await client.call_tool("remove_watch", {"name": "错号"})),
        "match": result(
            await client.call_tool("match_profile", {"name": "代理写入智造", "as_of": "2025-10-15"})
        ),
    }


def check_removed(seen: dict[str, Any], db: Path) -> None:
    assert seen["source"]["result"] == {
        "id": seen["source"]["result"]["id"],
        "url": FEED,
        "name": "测试源",
        "removed": True,
    }
    assert seen["source_again"]["error"]["code"] == "not_found"
    assert seen["shared_name"]["error"]["code"] == "conflict"
    assert "give the id" in seen["shared_name"]["error"]["message"]
    assert seen["by_url"]["ok"] and seen["by_url"]["result"]["name"] == "同名源"
    assert seen["profile"]["result"] == {"name": "代理写入智造", "removed": True}
    assert seen["profile_again"]["error"]["code"] == "not_found"
    assert seen["watch"]["result"] == {"name": "智能工厂", "removed": True}
    assert seen["watch_again"]["error"]["code"] == "not_found"
    assert seen["match"]["error"]["code"] == "not_found"  # the profile is gone for reads too
    store = open_store(db)  # read back without the tools: only the twin not removed is left
    try:
        assert service.stored_profiles(store) == []
        assert list_watchlists(store) == []
        assert [r.url for r in SourceStore(store).all()] == ["http://127.0.0.1:9/twin2.xml"]
    finally:
        store.close()


def check_written(seen: dict[str, Any], db: Path) -> None:
    assert seen["source"]["ok"] and seen["source"]["result"]["url"] == FEED
    assert seen["profile"]["result"] == {"name": "代理写入智造", "created": True}
    assert seen["again"]["error"]["code"] == "conflict"
    assert seen["watch"]["ok"] and seen["watch"]["result"]["name"] == "智能工厂"
    assert seen["bad_kind"]["error"]["code"] == "invalid_argument"
    assert seen["too_often"]["error"] == {  # it said --every, an option MCP does not have
        "code": "invalid_argument",
        "message": "the poll interval (every) must be at least 1m, not '5s'",
    }
    assert "warning" not in seen["watch"]["result"]
    assert seen["mistyped"]["result"]["warning"] == (
        "no posts of account 上海经信; stored accounts: 上海经信委"
    )
    assert seen["match"]["ok"] and seen["match"]["result"]["calls"]
    store = open_store(db)  # what the tools wrote is in the database, read without them
    try:
        assert [r.name for r in service.stored_profiles(store)] == ["代理写入智造"]
        watched = {w.name: w.filters for w in list_watchlists(store)}
        assert watched["智能工厂"].calls_only and list(watched["错号"].accounts) == ["上海经信"]
        assert [(r.url, r.name, r.every_seconds) for r in SourceStore(store).all()] == [
            (FEED, "测试源", 7200)
        ]
    finally:
        store.close()


async def try_writes(client: Client) -> list[dict[str, Any]]:
    """Every write and removal tool, each on something that exists once the writes are done."""
    return [
        result(await client.call_tool("add_source", {"url": FEED})),
        result(await client.call_tool("save_profile", {"profile": FIRM})),
        result(await client.call_tool("add_watch", {"name": "w", "query": "智能工厂"})),
        result(await client.call_tool("remove_source", {"source": FEED})),
        result(await client.call_tool("delete_profile", {"name": "代理写入智造"})),
        result(await client.call_tool("remove_watch", {"name": "智能工厂"})),
    ]


def test_stdio_writes_only_when_started_writable(seed_db: Path, tmp_path: Path):
    """stdio is local (the client starts the server as the user): --writable decides, for the
    removals as for the writes, and a refused removal removes nothing."""
    db = copy_seed_db(seed_db, tmp_path)

    async def run() -> tuple[list[dict[str, Any]], list[dict[str, Any]], dict[str, Any]]:
        async with Client(mcp_stdio(db), read_timeout_seconds=60) as client:
            refused = await try_writes(client)
        async with Client(mcp_stdio(db, "--writable"), read_timeout_seconds=60) as client:
            written = await write_everything(client)
        check_written(written, db)
        async with Client(mcp_stdio(db), read_timeout_seconds=60) as client:
            refused += await try_writes(client)
        check_written(written, db)
        async with Client(mcp_stdio(db, "--writable"), read_timeout_seconds=60) as client:
            return refused, await remove_everything(client, written["source"]["result"]["id"])

    refused, removed = asyncio.run(run())
    assert [r["error"]["code"] for r in refused] == ["forbidden"] * 12
    assert "--writable" in refused[0]["error"]["message"]
    check_removed(removed, db)


def test_http_writes_need_the_admin_token(seed_db: Path, tmp_path: Path):
    db = copy_seed_db(seed_db, tmp_path)

    def client(url: str, token: str | None = None) -> Client:
        headers = {"Authorization": f"Bearer {token}"} if token else None
        transport = streamable_http_client(
            f"{url}/mcp", http_client=create_mcp_http_client(headers=headers)
        )
        return Client(transport, read_timeout_seconds=60)

    async def refused_then_written(url: str) -> tuple[list, list, dict[str, Any]]:
        async with client(url) as anonymous:
            none = await try_writes(anonymous)
            assert result(await anonymous.call_tool("ask", {"question": QUESTION}))["ok"]
        async with client(url, "wrong") as guessing:
            wrong = await try_writes(guessing)
        async with client(url, TOKEN) as admin:
            written = await write_everything(admin)
        check_written(written, db)
        async with client(url) as anonymous:  # now there is something to remove: still refused
            none += await try_writes(anonymous)
        async with client(url, "wrong") as guessing:
            wrong += await try_writes(guessing)
        check_written(written, db)
        async with client(url, TOKEN) as admin:
            return none, wrong, await remove_everything(admin, written["source"]["result"]["id"])

    with serve(create_app(db)) as url:  # no token configured: nobody writes

        async def read_only_server() -> list[dict[str, Any]]:
            async with client(url, TOKEN) as admin:
                return await try_writes(admin)

        closed = asyncio.run(read_only_server())
    assert [r["error"]["code"] for r in closed] == ["forbidden"] * 6
    assert "read-only" in closed[0]["error"]["message"]
    with serve(create_app(db, admin_token=TOKEN)) as url:
        none, wrong, removed = asyncio.run(refused_then_written(url))
    assert [r["error"]["code"] for r in none + wrong] == ["forbidden"] * 24
    assert "admin token" in wrong[-1]["error"]["message"]
    check_removed(removed, db)


def test_tool_schemas_say_what_an_assistant_may_pass(seed_db: Path):
    """Each argument is described, enumerated options list their values (the ones the tools
    check), limits their bounds, a profile its fields; and every example a schema offers is
    one a tool answers, so an assistant copying it gets a result, not an error."""

    async def run(url: str) -> tuple[dict[str, Any], dict[str, dict[str, Any]]]:
        async with Client(f"{url}/mcp", read_timeout_seconds=60) as client:
            listed = {t.name: t for t in (await client.list_tools()).tools}
            answers = {}
            for name in sorted(TOOLS):
                schema = listed[name].input_schema
                # match_profile needs one of profile and name: the profile's example serves
                needed = [
                    *schema.get("required", []),
                    *(["profile"] if name == "match_profile" else []),
                ]
                for argument, spec in schema["properties"].items():
                    for example in spec.get("examples", []):
                        args = {arg: schema["properties"][arg]["examples"][0] for arg in needed}
                        args[argument] = example
                        answers[f"{name} {argument}={example}"] = result(
                            await client.call_tool(name, args)
                        )
            return listed, answers

    with serve(create_app(seed_db)) as url:
        listed, answers = asyncio.run(run(url))

    def enum(tool: str, argument: str) -> list[str]:
        spec = listed[tool].input_schema["properties"][argument]
        for choice in [spec, *spec.get("anyOf", [])]:
            if "enum" in choice:
                return choice["enum"]
            if "enum" in choice.get("items", {}):
                return choice["items"]["enum"]
        raise AssertionError(f"{tool}.{argument} lists no values")

    for tool in listed.values():
        assert not tool.description.startswith(" ") and "\n    " not in tool.description
        for argument, spec in tool.input_schema["properties"].items():
            assert spec.get("description"), f"{tool.name}.{argument} is not described"
            if argument == "limit":
                assert (spec["minimum"], spec["maximum"]) == (1, MAX_ITEMS)
    assert enum("search_articles", "kind") == list(ARTICLE_KINDS)
    assert enum("add_watch", "kinds") == list(ARTICLE_KINDS)
    assert enum("list_calls", "kind") == list(ACTION_KINDS)
    assert enum("list_calls", "status") == list(CALL_STATUSES)
    for tool in ("match_profile", "save_profile"):
        spec = listed[tool].input_schema["properties"]["profile"]
        profile = next(s for s in [spec, *spec.get("anyOf", [])] if "properties" in s)
        assert list(profile["properties"]) == list(PROFILE_FIELDS)
        assert profile["required"] == ["name"]
    # the examples are real uses: every read tool with examples was called, and answered ok
    assert {key.split()[0] for key in answers} >= {
        "search_articles",
        "match_profile",
        "ask",
        "get_brief",
        "resolve_date_range",
        "list_calls",
    }
    assert {key: seen["ok"] for key, seen in answers.items()} == dict.fromkeys(answers, True)


def readme_clients() -> tuple[dict[str, Any], dict[str, Any]]:
    """The two `mcpServers` entries the README's MCP section tells a user to paste."""
    text = (REPO / "README.md").read_text("utf-8")
    section = text[text.index("### MCP (AI assistants)") :]
    section = section[: section.index("\n### ", 1)]
    stdio_entry, http_entry = [
        json.loads(block)["mcpServers"]["wxintel"]
        for block in re.findall(r"```json\n(.*?)```", section, re.DOTALL)
    ]
    return stdio_entry, http_entry


def test_the_readme_client_configurations_start_a_working_server(seed_db: Path, tmp_path: Path):
    """Pasted as written (the database path, the port and the token filled in), the stdio
    entry starts `wxintel mcp` read-only, and the HTTP entry reaches `serve` with the token
    the write tools need."""
    stdio_entry, http_entry = readme_clients()
    db = copy_seed_db(seed_db, tmp_path)
    # the checkout's .venv/bin is where this interpreter's scripts are
    venv_bin = str(Path(sys.executable).parent)
    command = stdio_entry["command"].replace("/path/to/wxintel/.venv/bin", venv_bin)
    assert Path(command).is_absolute() and shutil.which(command), command
    args = [str(db) if a == "/path/to/wx.db" else a for a in stdio_entry["args"]]
    params = StdioServerParameters(  # as a client starts it: not our PATH, not our folder
        command=command,
        args=args,
        env={"HOME": str(tmp_path), "PYTHONPATH": str(REPO / "src")},
        cwd="/",
    )

    async def over_stdio() -> list[dict[str, Any]]:
        async with Client(params, read_timeout_seconds=60) as client:
            return [
                result(await client.call_tool("list_calls", {"limit": 1})),
                result(await client.call_tool("add_watch", {"name": "w", "query": "x"})),
            ]

    read, refused = asyncio.run(over_stdio())
    assert read["ok"] and refused["error"]["code"] == "forbidden"

    async def over_http(url: str) -> list[dict[str, Any]]:
        address = http_entry["url"].replace("http://127.0.0.1:8000", url)
        headers = {
            name: value.replace("<admin token, only for the write tools>", TOKEN)
            for name, value in http_entry["headers"].items()
        }
        transport = streamable_http_client(
            address, http_client=create_mcp_http_client(headers=headers)
        )
        async with Client(transport, read_timeout_seconds=60) as client:
            return [
                result(await client.call_tool("add_watch", {"name": "w", "query": "x"})),
                result(await client.call_tool("remove_watch", {"name": "w"})),
            ]

    assert http_entry["type"] == "http"
    with serve(create_app(db, admin_token=TOKEN)) as url:
        added, removed = asyncio.run(over_http(url))
    assert added["ok"] and removed["result"] == {"name": "w", "removed": True}
