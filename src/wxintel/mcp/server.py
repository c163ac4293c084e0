"""The MCP server (official `mcp` SDK): the archive's reads as tools and accounts as resources.

Every tool answers in one shape, `{"ok": true, "result": …}` or `{"ok": false, "error":
{"code", "message"}}`, so an assistant branches on one field; a failure also sets the
protocol's isError. Each runs on a store thread
(web/store_threads.py), as a REST request does; over HTTP it is served by `wxintel serve`
beside the REST API.

Reads are open. The writes (add_source, save_profile, add_watch, and remove_source,
delete_profile, remove_watch that undo them) ask `may_write`, which
sees the HTTP request (None over stdio) and says why a write is refused: over HTTP the REST
API's admin token rule; over stdio the server was started by the user's own client, as the
user, so a flag on its command line (`wxintel mcp --writable`) decides.
"""

from __future__ import annotations

import inspect
import json
from collections.abc import Callable
from typing import Annotated, Any, TypeVar

from mcp.server.mcpserver import Context, MCPServer
from mcp.server.mcpserver.exceptions import ToolError
from mcp_types import CallToolResult, TextContent, ToolAnnotations
from pydantic import ValidationError

from wxintel.mcp import params as p
from wxintel.mcp import tools
from wxintel.store import SQLStore
from wxintel.web.store_threads import StoreThreads

T = TypeVar("T")
READ_ONLY = ToolAnnotations(readOnlyHint=True, destructiveHint=False, openWorldHint=False)
# adds a record, never changes or removes one: not destructive
WRITES = ToolAnnotations(readOnlyHint=False, destructiveHint=False, openWorldHint=False)
# removes a record an add tool made (a subscription, profile or watchlist, never a post):
# destructive, so a client may ask its user first; removing it twice is not_found, no harm
REMOVALS = ToolAnnotations(
    readOnlyHint=False, destructiveHint=True, idempotentHint=True, openWorldHint=False
)
WritePolicy = Callable[[Any], "str | None"]  # the HTTP request (None on stdio) → refusal or None
# What a tool returns: the result object as structured content (its schema: an object), and
# the same object as compact JSON text for clients that read text. The SDK would indent it,
# which makes a brief or a page of hits about 40% longer in an assistant's context.
Compact = Annotated[CallToolResult, dict[str, Any]]


def compact_json(data: Any) -> str:
    """`data` as JSON with no indentation or spaces and Chinese kept as written."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def compact(data: dict[str, Any]) -> CallToolResult:
    """A tool's answer: `data` as structured content, and as compact JSON text; a failure
    (`ok` false) also sets the protocol's isError, for a client that reads the flag rather
    than the body (it answered false, so such a client took every failure for a success)."""
    return CallToolResult(
        content=[TextContent(type="text", text=compact_json(data))],
        structured_content=data,
        is_error=data["ok"] is False,
    )


def read_only(request: Any) -> str | None:
    """The default: no tool writes."""
    return "this MCP server is read-only (stdio: start it with --writable; HTTP: --admin-token)"


INSTRUCTIONS = (
    "Archive of Chinese WeChat official-account posts (government notices, calls for "
    "applications, news). Use `ask` for a question in words (it quotes its evidence and says "
    "未找到依据 rather than guess), `search_articles` to find posts, `get_article` for one post "
    "and its facts, `list_calls` for open calls and deadlines, `get_brief` for a week's digest, "
    "`get_thread` and `list_reposts` to follow a call and its reposts, `match_profile` for "
    "the calls a firm may apply to, "
    "`resolve_date_range` to turn 上周 or 2026年1月 into dates for the date_from/date_to "
    "arguments of `search_articles` and `get_brief`. "
    "`add_source`, `save_profile` and `add_watch` write, `remove_source`, `delete_profile` "
    "and `remove_watch` undo them; all answer forbidden unless the server allows writes."
)


def envelope(work: Callable[[], Any]) -> dict[str, Any]:
    """Run `work` and wrap what it returns, or the error it raises, in the one result shape."""
    try:
        return {"ok": True, "result": work()}
    except tools.ToolError as exc:
        return {"ok": False, "error": {"code": exc.code, "message": str(exc)}}
    except Exception as exc:
        return {
            "ok": False,
            "error": {"code": "internal", "message": f"{type(exc).__name__}: {exc}"},
        }


class OneShapeServer(MCPServer):
    """The SDK's server, except that arguments failing a tool's schema (a missing `ref`, a
    string where a profile object goes) are answered in the tools' one shape, as
    `invalid_argument` naming the fields and the arguments the tool takes, and a tool name it
    does not have as `not_found` naming the tools; the SDK answers both with text and is_error
    (pydantic's, or "Unknown tool: search"), which an assistant cannot branch on. An argument
    the tool does not take is refused the same way: the SDK drops it silently, so `from` for
    `date_from` answered every date as if it had filtered."""

    async def call_tool(
        self, name: str, arguments: dict[str, Any], context: Context | None = None
    ) -> Any:
        tools = {tool.name: tool for tool in await self.list_tools()}
        if name not in tools:
            message = f"no tool named {name!r}; tools: {', '.join(tools)}"
            return compact({"ok": False, "error": {"code": "not_found", "message": message}})
        schema = tools[name].input_schema
        unknown = unknown_arguments(arguments, schema)
        booleans = booleans_for_integers(arguments, schema)
        if unknown or booleans:
            # the SDK drops unknown ones: `from` for date_from would answer unfiltered, as if
            # filtered; and it reads true as 1
            problems = missing_arguments(arguments, schema) + [
                f"{field}: a boolean ({json.dumps(arguments[field])}) is not an integer"
                for field in booleans
            ]
            message = argument_errors(name, problems, unknown, schema)
            return compact({"ok": False, "error": {"code": "invalid_argument", "message": message}})
        try:
            return await super().call_tool(name, arguments, context)
        except ToolError as exc:
            if not isinstance(exc.__cause__, ValidationError):
                raise
            problems = validation_problems(exc.__cause__)
            message = argument_errors(name, problems, unknown, schema)
            return compact({"ok": False, "error": {"code": "invalid_argument", "message": message}})


def unknown_arguments(arguments: dict[str, Any], schema: dict[str, Any] | None) -> list[str]:
    """The arguments given that the tool's schema does not name."""
    takes = (schema or {}).get("properties", {})
    return [name for name in arguments or {} if name not in takes]


def takes_integer(schema: dict[str, Any]) -> bool:
    """Whether an argument's schema is an integer (or an integer or null)."""
    return schema.get("type") == "integer" or any(
        option.get("type") == "integer" for option in schema.get("anyOf", [])
    )


def booleans_for_integers(arguments: dict[str, Any], schema: dict[str, Any] | None) -> list[str]:
    """The arguments given as true or false where the tool's schema takes an integer."""
    takes = (schema or {}).get("properties", {})
    return [
        name
        for name, value in (arguments or {}).items()
        if isinstance(value, bool) and takes_integer(takes.get(name, {}))
    ]


def missing_arguments(arguments: dict[str, Any], schema: dict[str, Any] | None) -> list[str]:
    """A "missing X" for each argument the tool's schema requires and the call left out."""
    required = (schema or {}).get("required", [])
    return [f"missing {field}" for field in required if field not in (arguments or {})]


# what a field takes, by pydantic's error type: its own text ("Input should be a valid
# dictionary") names neither JSON's words nor what was given
_EXPECTED = {
    "dict_type": "an object",
    "list_type": "a list",
    "string_type": "a text",
    "int_type": "an integer",
    "int_parsing": "an integer",
    "int_from_float": "a whole number",
    "float_type": "a number",
    "float_parsing": "a number",
    "bool_type": "true or false",
    "bool_parsing": "true or false",
}


def _given(value: Any) -> str:
    """A value as the message quotes it: its JSON kind and, cut short, itself."""
    kind = {str: "a text", list: "a list", dict: "an object", bool: "a boolean"}.get(
        type(value), "a number" if isinstance(value, (int, float)) else "null"
    )
    shown = json.dumps(value, ensure_ascii=False)
    return f"{kind} ({shown[:40]}{'…' if len(shown) > 40 else ''})"


def validation_problems(error: ValidationError) -> list[str]:
    """Each field the SDK's validation refused: what it takes and what was given."""
    problems = []
    for item in error.errors():
        # a union's branch is named after the field ("profile.dict[str,any]"): the field alone
        field = ".".join(str(part) for part in item["loc"] if "[" not in str(part))
        expected = _EXPECTED.get(item["type"])
        if item["type"] == "missing":
            problems.append(f"missing {field}")
        elif expected:
            problems.append(f"{field}: {expected}, not {_given(item['input'])}")
        else:
            problems.append(f"{field}: {item['msg']}")
    return list(dict.fromkeys(problems))


def argument_errors(
    tool: str, problems: list[str], unknown: list[str], schema: dict[str, Any] | None
) -> str:
    """One line: each failing field and why, the arguments given that the tool does not take
    (a misspelt name is the usual cause of a missing one), and the arguments it takes."""
    takes = list((schema or {}).get("properties", {}))
    if unknown:
        problems = [*problems, f"no argument named {', '.join(unknown)}"]
    return f"{tool}: {'; '.join(problems)} (it takes {', '.join(takes)})"


def build_server(
    threads: StoreThreads, llm_url: str | None = None, may_write: WritePolicy = read_only
) -> MCPServer:
    """An MCP server whose tools read the store behind `threads`, and write when `may_write`
    lets them."""
    # the SDK sets the root logger to this level: at its default, INFO, `serve --poll` printed
    # two scheduler lines a tick, a line per feed request and one per MCP call, burying the
    # warnings (a webhook not delivered) the console is for; uvicorn logs warnings too
    server = OneShapeServer(
        name="wxintel", instructions=INSTRUCTIONS, version="0.1.0", log_level="WARNING"
    )

    async def read(fn: Callable[[SQLStore], T]) -> dict[str, Any]:
        return await threads.run(lambda store: envelope(lambda: fn(store)))

    async def on_store(fn: Callable[[SQLStore], T]) -> CallToolResult:
        return compact(await read(fn))

    async def write(ctx: Context, fn: Callable[[SQLStore], T]) -> CallToolResult:
        refusal = may_write(ctx.request_context.request)
        if refusal:
            return compact({"ok": False, "error": {"code": "forbidden", "message": refusal}})
        return compact(await threads.run(lambda store: envelope(lambda: fn(store)), write=True))

    def registered(annotations: ToolAnnotations) -> Callable[[Callable[..., Any]], Any]:
        # the docstring as a client shows it: without the source's indentation
        return lambda fn: server.tool(
            description=inspect.cleandoc(fn.__doc__ or ""),
            annotations=annotations,
            structured_output=True,
        )(fn)

    tool = registered(READ_ONLY)
    write_tool = registered(WRITES)
    removal_tool = registered(REMOVALS)

    @tool
    async def search_articles(
        query: p.Query,
        account: p.Account = None,
        kind: p.ArticleKind = None,
        date_from: p.DateFrom = None,
        date_to: p.DateTo = None,
        limit: p.SearchLimit = 10,
        offset: p.Offset = 0,
        as_of: p.WordsAsOf = None,
    ) -> Compact:
        """Full-text search (Chinese words, aliases, document numbers). date_from/date_to are
        YYYY-MM-DD; kind is call, publicity, release, announcement, news, event, …; at most 20.
        `understood` says how the query was read (date words as a publish-date range, counted
        from as_of when given)."""
        return await on_store(
            lambda s: tools.search_articles(
                s, query, account, kind, date_from, date_to, limit, offset, as_of
            )
        )

    @tool
    async def get_article(ref: p.Ref, include_text: p.IncludeText = False) -> Compact:
        """One post by key or aid: metadata, facts with their spans, reposts; the body text
        only with include_text (cut at 20,000 characters)."""
        return await on_store(lambda s: tools.get_article(s, ref, include_text))

    @tool
    async def list_calls(
        status: p.CallStatus = "open",
        as_of: p.AsOf = None,
        account: p.Account = None,
        kind: p.CallKind = None,
        limit: p.ItemLimit = 20,
        offset: p.Offset = 0,
    ) -> Compact:
        """Calls, registrations and consultations with deadlines as of a day (YYYY-MM-DD;
        default today, or the archive's newest post when the archive ends before today:
        `as_of_reason` says which): status open, closed or all; kind call, registration or
        consultation; at most 20. Order: open calls, nearest deadline first; then (status
        closed or all) closed ones, most recent deadline first; then (all) those with no
        deadline found, newest first. A deadline a later notice moved is the new one, with
        `deadline_was` and `deadline_moved_as` (延期 later, 提前 earlier)."""
        return await on_store(
            lambda s: tools.list_calls(s, status, as_of, account, kind, limit, offset)
        )

    @tool
    async def get_thread(ref: p.Ref) -> Compact:
        """The call thread of a post (by key or aid): its notice, extensions, shortlist and
        results in order, with the deadline history; an empty thread (articles []) when the
        post is in none, not_found only when no such post exists."""
        return await on_store(lambda s: tools.get_thread(s, ref))

    @tool
    async def list_reposts(account: p.Account = None, limit: p.ItemLimit = 10) -> Compact:
        """Repost clusters: one text published by several posts (optionally with a post of
        `account`), each with its original; newest first, at most 20."""
        return await on_store(lambda s: tools.list_reposts(s, account, limit))

    @tool
    async def match_profile(
        profile: p.Profile = None,
        name: p.ProfileName = None,
        as_of: p.AsOf = None,
        every: p.Every = False,
        limit: p.ItemLimit = 20,
    ) -> Compact:
        """Which calls a firm may apply to: verdicts (eligible / unknown / ineligible, with the
        clause that decides) for a profile object or a stored profile's `name`, on the calls
        open on `as_of` (YYYY-MM-DD), or on every call with `every`; at most 20."""
        return await on_store(lambda s: tools.match_profile(s, profile, name, as_of, every, limit))

    @tool
    async def ask(
        question: p.Question,
        account: p.Account = None,
        kind: p.ArticleKind = None,
        date_from: p.DateFrom = None,
        date_to: p.DateTo = None,
        as_of: p.WordsAsOf = None,
    ) -> Compact:
        """Answer a question from the archive with the quoted sentence and post it rests on;
        refused (answer null, 未找到依据) when the archive does not say or disagrees. account,
        kind and date_from/date_to (YYYY-MM-DD) answer from those posts only, as in
        search_articles; as_of is the day its date words (上个月) count from."""
        return await on_store(
            lambda s: tools.ask(s, question, llm_url, account, kind, date_from, date_to, as_of)
        )

    @tool
    async def get_brief(
        week: p.Week = None,
        day: p.Day = None,
        account: p.Account = None,
        group: p.Group = None,
        date_from: p.BriefFrom = None,
        date_to: p.BriefTo = None,
    ) -> Compact:
        """The brief of the week holding `week` (YYYY-MM-DD; weeks run as the account's own
        digests cover them, else Monday to Sunday), of one `day`, or of date_from to date_to
        (resolve_date_range's from/to); the latest complete week by default; `account` briefs
        that account only, `group` the accounts a group of sources brings (see add_source).
        Sections are the account's own (learned from its digests) or
        通知公告 / 要闻活动 / 产业动态; in a brief of several accounts an account with digests
        still has its posts chosen by them (`learned_from`, `note`); every item names its
        account. At most 20 items in all, the best by rank; `note` says how many more the
        brief left out."""
        return await on_store(
            lambda s: tools.get_brief(s, week, day, account, group, date_from, date_to)
        )

    @tool
    async def resolve_date_range(text: p.Period, today: p.Today = None) -> Compact:
        """A period in words (今天, 上周, 本月, 2026年1月, 最近7天, 2025年第三季度,
        2025年9月1日至9月15日, 2025.9.1-2025.9.15; English: last week, September 2025, Q3 2025)
        as from/to dates, seen from `today` (YYYY-MM-DD); by default from the day search reads
        date words from: today, or the archive's newest post when the archive ends before today
        (as_of and as_of_reason say which)."""
        return await on_store(lambda s: tools.resolve_date_range(s, text, today))

    @write_tool
    async def add_source(
        url: p.FeedUrl,
        ctx: Context,
        name: p.SourceName = "",
        group: p.SourceGroup = "",
        every: p.PollEvery = "",
    ) -> Compact:
        """Subscribe to an RSS/Atom/JSON feed (http or https) polled every `every` (30m, 2h,
        1d; default 1h); `group` gathers sources for search and briefs; a single account's
        feed files its posts under `name` (an aggregate keeps each post's own account). Needs
        write access."""
        return await write(ctx, lambda s: tools.add_source(s, url, name, group, every))

    @write_tool
    async def save_profile(
        profile: p.StoredProfile, ctx: Context, replace: p.Replace = False
    ) -> Compact:
        """Store a firm profile (the object match_profile takes, with a `name`) so
        match_profile and alerts can use it by name; `replace` overwrites a stored one.
        Needs write access."""
        return await write(ctx, lambda s: tools.save_profile(s, profile, replace))

    @write_tool
    async def add_watch(
        name: p.WatchName,
        query: p.WatchQuery,
        ctx: Context,
        accounts: p.WatchAccounts = None,
        kinds: p.WatchKinds = None,
        calls_only: p.CallsOnly = False,
        webhook: p.Webhook = "",
    ) -> Compact:
        """Save a search as a named watchlist (optionally narrowed to accounts, kinds or
        calls); `wxintel watch run` then reports new matches, to `webhook` if given. Needs
        write access."""
        return await write(
            ctx, lambda s: tools.add_watch(s, name, query, accounts, kinds, calls_only, webhook)
        )

    @removal_tool
    async def remove_source(source: p.Source, ctx: Context) -> Compact:
        """Unsubscribe a feed by its id, URL or name (add_source's result gives the id); its
        posts stay in the archive. Needs write access."""
        return await write(ctx, lambda s: tools.remove_source(s, source))

    @removal_tool
    async def delete_profile(name: p.Name, ctx: Context) -> Compact:
        """Delete a stored firm profile by name (see the wxintel://profiles resource). Needs
        write access."""
        return await write(ctx, lambda s: tools.delete_profile(s, name))

    @removal_tool
    async def remove_watch(name: p.Name, ctx: Context) -> Compact:
        """Delete a watchlist by name. Needs write access."""
        return await write(ctx, lambda s: tools.remove_watch(s, name))

    @server.resource("wxintel://accounts", mime_type="application/json")
    async def accounts() -> str:
        """Every account in the archive with its number of posts."""
        return compact_json(await read(tools.accounts))

    @server.resource("wxintel://profiles", mime_type="application/json")
    async def profiles() -> str:
        """The stored firm profiles (for match_profile's `name`)."""
        return compact_json(await read(tools.profiles))

    @server.resource("wxintel://accounts/{name}", mime_type="application/json")
    async def account(name: str) -> str:
        """One account: posts by kind, first and last post dates."""
        return compact_json(await read(lambda s: tools.account(s, name)))

    return server
