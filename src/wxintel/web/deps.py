"""Request-level helpers shared by the API, the pages and the feeds.

The dependencies that only read the request (search_form, search_query, calls_asked,
entity_kind, require_admin) are `async def` although they never await: FastAPI runs a plain
`def` dependency on its thread pool, a thread hop per dependency per request (two for every
search) that costs more than the dependency itself.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any, TypeVar

from fastapi import Depends, HTTPException, Query, Request

from wxintel import reads
from wxintel.briefs import PeriodError, Plan, UnknownAccount, brief_period, plan_for_group
from wxintel.briefs.period import MAX_BRIEF_DAYS, WEB_NAMES
from wxintel.model import ACTION_KINDS
from wxintel.options import (
    ARTICLE_KINDS,
    CALL_STATUSES,
    ENTITY_KINDS,
    LANGUAGES,
    SORTS,
    InvalidOption,
    iso_day,
    one_of,
)
from wxintel.search import MAX_OFFSET, SearchQuery
from wxintel.store import SQLStore

T = TypeVar("T")
MAX_QUERY_CHARS = 500


async def on_store(request: Request, fn: Callable[[SQLStore], T]) -> T:
    """Run `fn(store)`, a read, on one of the store threads."""
    return await request.app.state.store_threads.run(fn)


async def write_store(request: Request, fn: Callable[[SQLStore], T]) -> T:
    """Run `fn(store)`, a write, on a store thread while no other read or write runs."""
    return await request.app.state.store_threads.run(fn, write=True)


async def known_scope(
    request: Request, accounts: Sequence[str | None], group: str | None = None
) -> None:
    """404 naming the stored accounts (or groups) when an account asked for has no posts, or
    a group brought none, as a brief answers: a mistyped name would match nothing and read as
    an empty archive. No store hop when neither is asked for."""
    if not (any(accounts) or group):
        return

    found = await on_store(request, lambda store: reads.scope_problem(store, accounts, group))
    if found:
        raise Bilingual(404, *found)


async def cached(request: Request, name: str, fn: Callable[[SQLStore], T]) -> T:
    """`fn(store)`, computed once per store generation (any ingest invalidates it)."""
    cache: dict[str, tuple[int, object]] = request.app.state.cache
    return await on_store(request, lambda store: from_cache(cache, name, fn, store))


def from_cache(
    cache: dict[str, tuple[int, object]], name: str, fn: Callable[[SQLStore], T], store: SQLStore
) -> T:
    """`cached` inside a store call, for a request that already runs one (one hop, not two)."""
    generation = store.generation()
    hit = cache.get(name)
    if hit is not None and hit[0] == generation:
        return hit[1]  # type: ignore[return-value]
    value = fn(store)
    if store.generation() == generation:  # no batch landed while `fn` read: it is that state
        cache[name] = (generation, value)
    return value


def admin_refusal(expected: str | None, authorization: str) -> str | None:
    """Why a write is refused (None when allowed): writes need `Authorization: Bearer <admin
    token>`; without a configured token, none pass. The REST API and MCP over HTTP share it."""
    if not expected:
        return "this server is read-only: start it with --admin-token to allow writes"
    scheme, _, token = authorization.partition(" ")
    if scheme.lower() != "bearer" or not secrets.compare_digest(token.strip(), expected):
        return "a valid admin token is required (Authorization: Bearer …)"
    return None


async def require_admin(request: Request) -> None:
    """The REST API's writes: 403 with the reason unless the admin token is given."""
    refusal = admin_refusal(request.app.state.admin_token, request.headers.get("authorization", ""))
    if refusal:
        raise HTTPException(403, refusal)


def admin_token_ok(request: Request, given: str) -> bool:
    """A form's token field (a browser form sends no header) is the admin token; compared in
    constant time. False on a read-only server."""
    expected: str | None = request.app.state.admin_token
    return bool(expected) and secrets.compare_digest(given.strip().encode(), expected.encode())


def token_refusal(request: Request, given: str, action: str) -> str | None:
    """Why a form may not `action` (导入, 保存), in Chinese, or None when its token is the
    admin token. A read-only server, a token left blank and a wrong one are told apart, each
    saying where the token comes from: one wording for every form that writes."""
    if admin_token_ok(request, given):
        return None
    if not request.app.state.admin_token:
        return f"本服务器为只读：启动时加 --admin-token 才能{action}"
    where = f"{action}需要启动服务时 wxintel serve --admin-token 设定的令牌"
    return f"未填写管理令牌：{where}" if not given.strip() else f"管理令牌不正确：{where}"


def site_url(request: Request) -> str:
    return str(request.base_url).rstrip("/")


class Bilingual(HTTPException):
    """An error said in English for the API and in Chinese (`zh`) for a page: a page speaks
    one language, and an English message quoting a Chinese name is still English."""

    def __init__(self, status: int, english: str, chinese: str) -> None:
        super().__init__(status, english)
        self.zh = chinese


class OptionError(Bilingual):
    """422 for a parameter value an option does not take."""

    def __init__(self, problem: InvalidOption) -> None:
        super().__init__(422, str(problem), problem.for_page())


def parse_day(value: str | None, name: str) -> date | None:
    """A YYYY-MM-DD parameter as a date (None when blank); 422 naming it when not a real day."""
    try:
        return iso_day(name, value)
    except InvalidOption as exc:
        raise OptionError(exc) from exc


def enum_schema(values: tuple[str, ...]) -> dict[str, Any]:
    """OpenAPI lists the values a parameter takes (`checked` or SearchQuery.problems checks)."""
    return {"enum": list(values)}


def checked(name: str, value: str, allowed: tuple[str, ...]) -> str:
    """`value` if `allowed` holds it; else 422 naming the parameter and what it takes."""
    try:
        return one_of(name, value, allowed)
    except InvalidOption as exc:
        raise OptionError(exc) from exc


@dataclass(frozen=True)
class CallsAsked:
    """The calls board's question as /api/calls and its export take it, checked once."""

    status: str
    as_of: date | None
    kinds: tuple[str, ...]  # as asked ([] = every action kind)
    group: str | None
    accounts: tuple[str, ...]

    def read(self, store: SQLStore) -> list[dict[str, Any]]:
        return store.calls(
            status=self.status,
            as_of=self.as_of,
            kinds=self.kinds or ACTION_KINDS,
            group=self.group,
            accounts=self.accounts,
        )


async def calls_asked(
    request: Request,
    status: Annotated[str, Query(json_schema_extra=enum_schema(CALL_STATUSES))] = "open",
    as_of: Annotated[
        str | None,
        Query(description="YYYY-MM-DD; default today in Shanghai, or the newest post if older"),
    ] = None,
    kind: Annotated[list[str], Query(description=f"Any of {', '.join(ACTION_KINDS)}")] = [],  # noqa: B006
    group: Annotated[str | None, Query(description="Only this group of sources")] = None,
    account: Annotated[list[str], Query(description="Only these accounts")] = [],  # noqa: B006
) -> CallsAsked:
    checked("status", status, CALL_STATUSES)
    kinds = tuple(checked("kind", k, ACTION_KINDS) for k in kind if k)
    accounts = tuple(a for a in account if a)
    await known_scope(request, accounts, group)
    return CallsAsked(status, parse_day(as_of, "as_of"), kinds, group or None, accounts)


async def entity_kind(
    kind: Annotated[str | None, Query(json_schema_extra=enum_schema(ENTITY_KINDS))] = None,
) -> str | None:
    """The entity kind asked for (None: every kind); 422 naming the kinds there are."""
    return checked("kind", kind, ENTITY_KINDS) if kind else None


AS_OF_HELP = (
    "The day date words in the query (上个月, 今年) and a month without a year count from,"
    " YYYY-MM-DD (default: today in Shanghai, or the archive's newest post when that is older)"
)


async def search_form(
    q: Annotated[
        str,
        Query(description=f'Words, "phrases", -exclude, OR; at most {MAX_QUERY_CHARS} characters'),
    ] = "",
    date_from: Annotated[str | None, Query(alias="from", description="YYYY-MM-DD")] = None,
    date_to: Annotated[str | None, Query(alias="to", description="YYYY-MM-DD")] = None,
    account: Annotated[list[str], Query(description="Repeat for several")] = [],  # noqa: B006
    kind: Annotated[
        list[str], Query(description=f"Repeat for several: {', '.join(ARTICLE_KINDS)}")
    ] = [],  # noqa: B006
    tag: Annotated[list[str], Query()] = [],  # noqa: B006
    group: Annotated[
        str | None, Query(description="Only the accounts this group of sources brings")
    ] = None,
    lang: Annotated[str | None, Query(json_schema_extra=enum_schema(LANGUAGES))] = None,
    has_deadline: bool | None = None,
    sort: Annotated[str, Query(json_schema_extra=enum_schema(SORTS))] = "relevance",
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0,
    as_of: Annotated[str | None, Query(description=AS_OF_HELP)] = None,
) -> SearchQuery:
    """The search parameters every search surface accepts, not yet checked (the search page
    shows each problem beside its field)."""
    return SearchQuery(
        text=q,
        limit=limit,
        offset=offset,
        sort=sort,
        date_from=date_from or None,
        date_to=date_to or None,
        accounts=[a for a in account if a],
        kinds=[k for k in kind if k],
        tags=[t for value in tag for t in value.split()],
        lang=lang or None,
        has_deadline=has_deadline,
        group=group or None,
        as_of=as_of or None,
    )


async def search_query(
    request: Request, query: Annotated[SearchQuery, Depends(search_form)]
) -> SearchQuery:
    """The search parameters, checked: 422 naming every bad one (API and feeds), 404 for an
    account with no posts. A query longer than MAX_QUERY_CHARS is refused here; the search
    page trims it instead."""
    problems = query.problems()
    if len(query.text) > MAX_QUERY_CHARS:
        problems["q"] = f"must be at most {MAX_QUERY_CHARS} characters, not {len(query.text)}"
    if problems:
        raise HTTPException(422, "; ".join(f"{name} {why}" for name, why in problems.items()))
    await known_scope(request, query.accounts, query.group)
    return query


async def ask_scope(
    request: Request,
    date_from: Annotated[
        str | None, Query(alias="from", description="Only posts published from, YYYY-MM-DD")
    ] = None,
    date_to: Annotated[
        str | None, Query(alias="to", description="Only posts published until, YYYY-MM-DD")
    ] = None,
    account: Annotated[list[str], Query(description="Only these accounts (repeat)")] = [],  # noqa: B006
    kind: Annotated[
        list[str], Query(description=f"Only these kinds (repeat): {', '.join(ARTICLE_KINDS)}")
    ] = [],  # noqa: B006
    as_of: Annotated[str | None, Query(description=AS_OF_HELP)] = None,
) -> SearchQuery | None:
    """The filters a question is answered within (the search page's: account, kind, dates)
    and the day its date words count from (as_of), checked as a search's are: 422 naming
    every bad one, 404 for an account with no posts; None when none is given (the whole
    archive, as of today)."""
    scope = SearchQuery(
        text="",
        date_from=date_from or None,
        date_to=date_to or None,
        accounts=[a for a in account if a],
        kinds=[k for k in kind if k],
        as_of=as_of or None,
    )
    if not (scope.date_from or scope.date_to or scope.accounts or scope.kinds or scope.as_of):
        return None
    problems = scope.problems()
    if problems:
        raise HTTPException(422, "; ".join(f"{name} {why}" for name, why in problems.items()))
    await known_scope(request, scope.accounts)
    return scope


@dataclass(frozen=True)
class BriefRequest:
    """A brief asked for: whose posts (and how they are briefed), and which days."""

    plan: Plan
    start: date
    end: date


async def brief_plan(
    request: Request,
    account: Annotated[list[str], Query(description="Only these accounts (repeat)")] = [],  # noqa: B006
    group: Annotated[
        str | None, Query(description="Only the accounts this group of sources brings")
    ] = None,
) -> Plan:
    """How a brief of these accounts (default: all) is made; 404 naming an unknown account."""
    accounts = tuple(dict.fromkeys(a for a in account if a))
    try:
        return await cached(
            request,
            f"brief-plan:{accounts}:{group}",
            lambda s: plan_for_group(s, group, accounts),
        )
    except UnknownAccount as exc:
        chinese = await on_store(
            request, lambda s: reads.unknown_scope(s, accounts, group, chinese=True)
        )
        raise Bilingual(404, str(exc), chinese or str(exc)) from exc


async def brief_request(
    plan: Annotated[Plan, Depends(brief_plan)],
    week: Annotated[
        str | None,
        Query(description="YYYY-MM-DD: the week holding it, as the account's digests run"),
    ] = None,
    day: Annotated[str | None, Query(description="YYYY-MM-DD: one day")] = None,
    date_from: Annotated[
        str | None, Query(alias="from", description="YYYY-MM-DD: first day (with `to`)")
    ] = None,
    date_to: Annotated[
        str | None,
        Query(alias="to", description=f"YYYY-MM-DD: last day; at most {MAX_BRIEF_DAYS} days"),
    ] = None,
) -> BriefRequest:
    """The accounts and period of a brief (422 on a bad period); by default every account's
    latest complete week."""
    try:
        start, end = brief_period(plan, week, day, date_from, date_to, WEB_NAMES)
    except PeriodError as exc:
        raise HTTPException(422, str(exc)) from exc
    return BriefRequest(plan, start, end)


async def one_article(
    request: Request, load: Callable[[SQLStore], T], ref: str, missing: str = ""
) -> T:
    """`load(store)` for the article `ref` names: 409 listing the candidates when an aid is
    shared by several accounts, 404 (`missing`, or an English default) when it found none."""
    try:
        found = await on_store(request, load)
    except reads.Ambiguous as exc:
        raise HTTPException(
            409, {"error": f"{exc}; use a key", "candidates": exc.candidates_json()}
        ) from exc
    if found is None:
        raise HTTPException(404, missing or f"no article {ref!r}")
    return found
