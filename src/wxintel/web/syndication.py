"""Atom feeds and iCalendar downloads: any saved search is a feed, every deadline an event."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import Response

from wxintel import feeds, reads, watch
from wxintel.briefs import Plan, recent_briefs
from wxintel.search import SearchQuery
from wxintel.store import SQLStore
from wxintel.web.conditional import conditional
from wxintel.web.deps import (
    brief_plan,
    cached,
    known_scope,
    on_store,
    search_query,
    site_url,
)

router = APIRouter(tags=["feeds"])
ATOM = "application/atom+xml; charset=utf-8"
ICS = "text/calendar; charset=utf-8"


def _ics(request: Request, body: bytes, filename: str) -> Response:
    """The calendar as a download named `filename`: an ASCII name for every client, and the
    UTF-8 one (RFC 6266's filename*) that names an account's calendar after it."""
    fallback = filename if filename.isascii() else "wxintel.ics"
    named = f"; filename*=UTF-8''{quote(filename)}" if filename != fallback else ""
    disposition = {"Content-Disposition": f'attachment; filename="{fallback}"{named}'}
    return conditional(request, body, ICS, disposition)


@router.get("/feeds/articles.atom", response_class=Response)
async def articles_feed(
    request: Request, query: Annotated[SearchQuery, Depends(search_query)]
) -> Response:
    """Newest articles, or the newest matches of a search (`?q=…&account=…&kind=…`)."""
    query.sort, query.offset, query.limit = "date", 0, reads.FEED_SIZE
    articles = await on_store(request, lambda s: reads.articles_for_feed(s, query))
    described = " ".join(
        part
        for part in (query.text, query.group, *query.accounts, *query.kinds, *query.tags)
        if part
    )
    body = feeds.articles_atom(
        articles,
        title=f"wxintel: {described}" if described else "wxintel: 最新文章",
        self_url=str(request.url),
        site_url=site_url(request),
    )
    return conditional(request, body, ATOM)


@router.get("/feeds/calls.atom", response_class=Response)
async def calls_feed(
    request: Request,
    account: Annotated[list[str], Query(description="Only these accounts (repeat)")] = [],  # noqa: B006
    group: Annotated[str | None, Query(description="Only this group of sources")] = None,
) -> Response:
    """Every call, newest first, with its deadline and contacts in the summary (`?account=`,
    `?group=`: a feed per account or group of sources, as the board chose)."""
    accounts = tuple(a for a in account if a)
    await known_scope(request, accounts, group)
    calls = await on_store(
        request, lambda s: s.calls(status="all", group=group or None, accounts=accounts)
    )
    newest = sorted(calls, key=lambda c: c.get("published") or "", reverse=True)
    title = " · ".join(["wxintel: 申报与截止日期", *accounts, *([group] if group else [])])
    body = feeds.calls_atom(
        newest, self_url=str(request.url), site_url=site_url(request), title=title
    )
    return conditional(request, body, ATOM)


@router.get("/feeds/briefs.atom", response_class=Response)
async def briefs_feed(request: Request, plan: Annotated[Plan, Depends(brief_plan)]) -> Response:
    """One brief per week up to the last post of the accounts asked for, newest first."""
    briefs = await cached(
        request, f"recent_briefs:{plan.accounts}", lambda s: recent_briefs(s, plan)
    )
    body = feeds.briefs_atom(briefs, self_url=str(request.url), site_url=site_url(request))
    return conditional(request, body, ATOM)


@router.get("/calendar.ics", response_class=Response)
@router.get("/calls.ics", response_class=Response)
async def calendar(
    request: Request,
    account: Annotated[list[str], Query(description="Only these accounts (repeat)")] = [],  # noqa: B006
    group: Annotated[str | None, Query(description="Only this group of sources")] = None,
) -> Response:
    """Every call deadline and every dated event (of the accounts or group asked for, as the
    board chose); UIDs are stable across downloads. Also served at /calls.ics, where a reader
    of the board's /calls, its calls feed and one call's /calls/{key}.ics looks for it."""
    base = site_url(request)
    accounts = tuple(a for a in account if a)
    await known_scope(request, accounts, group)
    named = ["wxintel", *accounts, *([group] if group else [])]

    def build(store: SQLStore) -> bytes:
        calls = store.calls(status="all", group=group or None, accounts=accounts)
        events = reads.dated_events(store, accounts, group or None)
        # named as the calls feed is: two subscriptions, one per account, are told apart
        # in the calendar app's list (both were "wxintel")
        return feeds.events_ics(calls, events, site_url=base, name=" · ".join(named))

    # downloaded, two calendars are told apart by their file's name too
    body = await cached(request, f"calendar:{base}:{accounts}:{group}", build)
    return _ics(request, body, "-".join(named) + ".ics")


@router.get("/feeds/watch/{name}.atom", response_class=Response)
async def watch_feed(request: Request, name: str) -> Response:
    """A watchlist's matches as they were delivered (by `wxintel watch run`, or by the poller
    to a webhook watchlist), newest first: the feed `watch run --format atom` writes, served
    at the address it names as its own."""

    def build(store: SQLStore) -> tuple[bytes | None, list[str]]:
        found = watch.get_watchlist(store, name)
        if found is None:
            return None, [w.name for w in watch.list_watchlists(store)]
        return watch.watch_atom(store, found, str(request.url), site_url(request)), []

    body, names = await on_store(request, build)
    if body is None:
        known = "、".join(names) if names else "none (wxintel watch add)"
        raise HTTPException(404, f"no watchlist named {name!r}; watchlists: {known}")
    return conditional(request, body, ATOM)


@router.get("/calls/{key}.ics", response_class=Response)
async def one_call(request: Request, key: str) -> Response:
    """One call's deadline as a calendar event."""
    calls = await on_store(request, lambda s: s.calls(status="all"))
    chosen = [c for c in calls if key in (c["key"], c["id"])]
    if not chosen:
        raise HTTPException(404, f"no call {key!r}")
    body = feeds.calls_ics(chosen[:1], site_url=site_url(request))
    return _ics(request, body, f"{chosen[0]['id']}.ics")
