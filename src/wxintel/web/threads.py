"""Repost clusters and call threads on the web: `/api/threads`, `/api/reposts`, thread pages."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse

from wxintel import link
from wxintel.web.deps import known_scope, on_store, parse_day
from wxintel.web.pages import render

router = APIRouter(include_in_schema=False)  # pages; the API is documented on /docs
api = APIRouter(prefix="/api")


def _threads(
    store: Any, account: str | None, open: bool, given: date | None, firm: str | None = None
) -> tuple[date, list[dict[str, Any]]]:
    """The day threads are judged on (the calls' rule: the day given, else today in Shanghai,
    or the archive's end if older) and the threads, only those still open when `open`."""
    today, _ = store.calls_as_of(given)
    return today, link.threads(store.conn, account, today if open else None, firm)


@api.get("/threads")
async def threads_api(
    request: Request,
    account: str | None = None,
    open: Annotated[bool, Query(description="Only threads whose deadline is ahead")] = False,
    as_of: Annotated[
        str | None, Query(description="Today, for open (YYYY-MM-DD; default: as the calls)")
    ] = None,
    firm: Annotated[str | None, Query(description="Only threads whose lists name it")] = None,
) -> list[dict[str, Any]]:
    """Call threads: each programme round's posts with stages and deadline history."""
    given = parse_day(as_of, "as_of")
    await known_scope(request, [account])
    return (await on_store(request, lambda s: _threads(s, account, open, given, firm)))[1]


@api.get("/threads/{thread_id}")
async def thread_api(request: Request, thread_id: int) -> dict[str, Any]:
    """One call thread by id."""
    found = await on_store(request, lambda s: link.threads(s.conn, thread_id=thread_id))
    if not found:
        raise HTTPException(404, f"no thread {thread_id}")
    return found[0]


@api.get("/reposts")
async def reposts_api(request: Request, account: str | None = None) -> list[dict[str, Any]]:
    """Repost clusters: one text published by several posts, with the original named."""
    await known_scope(request, [account])
    return await on_store(request, lambda s: link.clusters(s.conn, account))


@router.get("/threads", response_class=HTMLResponse)
async def threads_page(
    request: Request,
    account: str | None = None,
    open: bool = False,
    as_of: Annotated[str | None, Query(description="YYYY-MM-DD")] = None,
) -> HTMLResponse:
    """Every call thread, newest activity first, with its current stage and deadline; with
    `open`, only those whose deadline is ahead on `as_of` (as the API judges them)."""
    given = parse_day(as_of, "as_of")
    await known_scope(request, [account])

    def load(store: Any) -> tuple[date, list[dict[str, Any]], list[str]]:
        day, found = _threads(store, account, open, given)
        return day, found, store.accounts()

    day, found, stored = await on_store(request, load)
    return render(
        request,
        "threads.html",
        threads=found,
        open=open,
        as_of=day.isoformat(),
        given=given.isoformat() if given else "",
        account=account or "",
        stored_accounts=stored,
    )


@router.get("/threads/{thread_id}", response_class=HTMLResponse)
async def thread_page(request: Request, thread_id: int) -> HTMLResponse:
    """One thread as a timeline: notice, extensions, shortlist, results, money."""
    found = await on_store(request, lambda s: link.threads(s.conn, thread_id=thread_id))
    if not found:
        raise HTTPException(404, f"没有这个申报线索：{thread_id}")
    return render(request, "thread.html", thread=found[0])
