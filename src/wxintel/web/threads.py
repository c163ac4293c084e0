"""Repost clusters and call threads on the web: `/api/threads`, `/api/reposts`, thread pages."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse

from wxintel import link
from wxintel.web.deps import on_store
from wxintel.web.pages import render

router = APIRouter(include_in_schema=False)  # pages; the API is documented on /docs
api = APIRouter(prefix="/api")


def _given(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError as exc:
        raise HTTPException(422, f"as_of must be YYYY-MM-DD, not {value!r}") from exc


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
    given = _given(as_of)

    def read(store: Any) -> list[dict[str, Any]]:
        today, _ = store.calls_as_of(given)  # calls' rule: today, or the archive's end if older
        return link.threads(store.conn, account, today if open else None, firm)

    return await on_store(request, read)


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
    return await on_store(request, lambda s: link.clusters(s.conn, account))


@router.get("/threads", response_class=HTMLResponse)
async def threads_page(request: Request, account: str | None = None) -> HTMLResponse:
    """Every call thread, newest activity first, with its current stage and deadline."""
    found = await on_store(request, lambda s: link.threads(s.conn, account))
    return render(request, "threads.html", threads=found)


@router.get("/threads/{thread_id}", response_class=HTMLResponse)
async def thread_page(request: Request, thread_id: int) -> HTMLResponse:
    """One thread as a timeline: notice, extensions, shortlist, results, money."""
    found = await on_store(request, lambda s: link.threads(s.conn, thread_id=thread_id))
    if not found:
        raise HTTPException(404, f"没有这个申报线索：{thread_id}")
    return render(request, "thread.html", thread=found[0])
