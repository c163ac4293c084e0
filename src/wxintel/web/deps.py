"""Request-level helpers shared by the API, the pages and the feeds."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from datetime import date, timedelta
from typing import Annotated, Any, TypeVar

from fastapi import Depends, HTTPException, Query, Request

from wxintel.dates import today
from wxintel.digest import PeriodError, editors_week, within_calendar
from wxintel.options import (
    ARTICLE_KINDS,
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
BRIEF_DAYS = 7  # a period given by one end only is a week, as `wxintel brief` takes it
MAX_BRIEF_DAYS = 31  # a brief reads every post of its period and of the one before


async def on_store(request: Request, fn: Callable[[SQLStore], T]) -> T:
    """Run `fn(store)`, a read, on one of the store threads."""
    return await request.app.state.store_threads.run(fn)


async def write_store(request: Request, fn: Callable[[SQLStore], T]) -> T:
    """Run `fn(store)`, a write, on a store thread while no other read or write runs."""
    return await request.app.state.store_threads.run(fn, write=True)


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
    cache[name] = (generation, value)
    return value


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


def parse_day(value: str | None, name: str) -> date | None:
    """A YYYY-MM-DD parameter as a date (None when blank); 422 naming it when not a real day."""
    try:
        return iso_day(name, value)
    except InvalidOption as exc:
        raise HTTPException(422, str(exc)) from exc


def enum_schema(values: tuple[str, ...]) -> dict[str, Any]:
    """OpenAPI lists the values a parameter takes (`checked` or SearchQuery.problems checks)."""
    return {"enum": list(values)}


def checked(name: str, value: str, allowed: tuple[str, ...]) -> str:
    """`value` if `allowed` holds it; else 422 naming the parameter and what it takes."""
    try:
        return one_of(name, value, allowed)
    except InvalidOption as exc:
        raise HTTPException(422, str(exc)) from exc


def entity_kind(
    kind: Annotated[str | None, Query(json_schema_extra=enum_schema(ENTITY_KINDS))] = None,
) -> str | None:
    """The entity kind asked for (None: every kind); 422 naming the kinds there are."""
    return checked("kind", kind, ENTITY_KINDS) if kind else None


def search_form(
    q: Annotated[
        str, Query(max_length=MAX_QUERY_CHARS, description='Words, "phrases", -exclude, OR')
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
    )


def search_query(query: Annotated[SearchQuery, Depends(search_form)]) -> SearchQuery:
    """The search parameters, checked: 422 naming every bad one (API and feeds)."""
    problems = query.problems()
    if problems:
        raise HTTPException(422, "; ".join(f"{name} {why}" for name, why in problems.items()))
    return query


async def brief_period(
    request: Request,
    week: Annotated[
        str | None, Query(description="YYYY-MM-DD: the editors' week (Saturday–Friday) holding it")
    ] = None,
    date_from: Annotated[
        str | None, Query(alias="from", description="YYYY-MM-DD: first day (with `to`)")
    ] = None,
    date_to: Annotated[
        str | None,
        Query(alias="to", description=f"YYYY-MM-DD: last day; at most {MAX_BRIEF_DAYS} days"),
    ] = None,
) -> tuple[date, date]:
    """The period a brief covers; by default the archive's latest complete editors' week."""
    day = _brief_day(week, "week")
    given = _given_period(_brief_day(date_from, "from"), _brief_day(date_to, "to"))
    if day and given:
        raise HTTPException(422, "give either week or from/to, not both")
    if day:
        return editors_week(day)
    if given:
        return given
    stats = await cached(request, "stats", lambda s: s.stats())
    newest = stats.get("last") or ""
    return latest_complete_week(date.fromisoformat(newest[:10]) if newest else today())


def _brief_day(value: str | None, name: str) -> date | None:
    """A brief's day parameter, within the days a brief can be built around (422 if not)."""
    day = parse_day(value, name)
    try:
        return within_calendar(day, name) if day else None
    except PeriodError as exc:
        raise HTTPException(422, str(exc)) from exc


def _given_period(first: date | None, last: date | None) -> tuple[date, date] | None:
    """from/to as given; with only one of them, the week that starts or ends there."""
    if first is None and last is None:
        return None
    week = timedelta(days=BRIEF_DAYS - 1)
    start = first or last - week
    end = last or start + week
    if end < start:
        raise HTTPException(422, f"to ({end}) must not be before from ({start})")
    if (end - start).days + 1 > MAX_BRIEF_DAYS:
        raise HTTPException(422, f"a brief covers at most {MAX_BRIEF_DAYS} days")
    return start, end


def latest_complete_week(newest: date) -> tuple[date, date]:
    """The last editors' week that ends on or before `newest` (the archive's "now")."""
    start, end = editors_week(newest)
    if end > newest:
        start, end = editors_week(start - timedelta(days=1))
    return start, end
