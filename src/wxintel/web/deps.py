"""Request-level helpers shared by the API, the pages and the feeds."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from datetime import date, datetime
from typing import Annotated, Literal, TypeVar
from zoneinfo import ZoneInfo

from fastapi import HTTPException, Query, Request

from wxintel.search import SearchQuery
from wxintel.store import SQLiteStore

T = TypeVar("T")
DATE = r"^(\d{4}-\d{2}-\d{2})?$"  # empty: a form left blank
MAX_QUERY_CHARS = 500


async def on_store(request: Request, fn: Callable[[SQLiteStore], T]) -> T:
    """Run `fn(store)` on the store's thread."""
    return await request.app.state.gate.run(fn)


async def cached(request: Request, name: str, fn: Callable[[SQLiteStore], T]) -> T:
    """`fn(store)`, computed once per store generation (any ingest invalidates it)."""
    cache: dict[str, tuple[int, object]] = request.app.state.cache

    def run(store: SQLiteStore) -> T:
        generation = store.generation()
        hit = cache.get(name)
        if hit is not None and hit[0] == generation:
            return hit[1]  # type: ignore[return-value]
        value = fn(store)
        cache[name] = (generation, value)
        return value

    return await on_store(request, run)


def require_admin(request: Request) -> None:
    """Writes need `Authorization: Bearer <admin token>`; without a configured token, none pass."""
    expected: str | None = request.app.state.admin_token
    if not expected:
        raise HTTPException(
            403, "this server is read-only: start it with --admin-token to allow writes"
        )
    given = request.headers.get("authorization", "")
    scheme, _, token = given.partition(" ")
    if scheme.lower() != "bearer" or not secrets.compare_digest(token.strip(), expected):
        raise HTTPException(403, "a valid admin token is required (Authorization: Bearer …)")


def site_url(request: Request) -> str:
    return str(request.base_url).rstrip("/")


def today_in_shanghai() -> date:
    return datetime.now(ZoneInfo("Asia/Shanghai")).date()


def parse_day(value: str | None, name: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise HTTPException(422, f"{name} must be a date like 2025-10-15, not {value!r}") from exc


def search_query(
    q: Annotated[
        str, Query(max_length=MAX_QUERY_CHARS, description='Words, "phrases", -exclude, OR')
    ] = "",
    date_from: Annotated[str | None, Query(alias="from", pattern=DATE)] = None,
    date_to: Annotated[str | None, Query(alias="to", pattern=DATE)] = None,
    account: Annotated[list[str], Query(description="Repeat for several")] = [],  # noqa: B006
    kind: Annotated[list[str], Query(description="call, publicity, news …")] = [],  # noqa: B006
    tag: Annotated[list[str], Query()] = [],  # noqa: B006
    lang: Annotated[str | None, Query(max_length=8)] = None,
    has_deadline: bool | None = None,
    sort: Literal["relevance", "date"] = "relevance",
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    offset: Annotated[int, Query(ge=0, le=10_000)] = 0,
) -> SearchQuery:
    """The search parameters every search surface accepts (API, page, feed)."""
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
    )
