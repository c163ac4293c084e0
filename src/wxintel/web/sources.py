"""Sources on the web: their health as a page, as JSON and as an Atom feed of problems;
adding and removing one (admin token) calls what `wxintel sources` calls."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import HTMLResponse, Response
from pydantic import BaseModel, Field

from wxintel.store import SQLStore, StoreError
from wxintel.store.sources import SourceStore
from wxintel.subscribe.health import problem_kind, problems_atom, sources_health
from wxintel.subscribe.subscriptions import DEFAULT_EVERY, add_source, remove_source
from wxintel.web.conditional import conditional
from wxintel.web.deps import on_store, require_admin, site_url, write_store
from wxintel.web.rendering import templates

router = APIRouter()
ATOM = "application/atom+xml; charset=utf-8"


class SourceIn(BaseModel):
    url: str = Field(description="The feed's http(s) URL")
    name: str = Field(
        "",
        description="What to call the source; a single account's feed files its posts under"
        " this name (an aggregate keeps each post's own account)",
    )
    group: str = ""
    every: str = Field(DEFAULT_EVERY, description="Poll interval: 30m, 2h, 1d")


def _health(store: SQLStore) -> list[dict[str, Any]]:
    return sources_health(SourceStore(store))


@router.get("/api/sources", tags=["sources"])
async def list_sources(request: Request) -> list[dict[str, Any]]:
    """Every source with its health, as `wxintel sources list --json` prints it."""
    return await on_store(request, _health)


@router.post(
    "/api/sources", tags=["sources"], status_code=201, dependencies=[Depends(require_admin)]
)
async def add(request: Request, body: SourceIn) -> dict[str, Any]:
    """Subscribe to a feed (needs the admin token); the next poll reads it."""

    def write(store: SQLStore) -> dict[str, Any]:
        row = add_source(store, body.url, body.name, body.group, body.every)
        return next(e for e in _health(store) if e["id"] == row.id)

    try:
        return await write_store(request, write)
    except StoreError as exc:
        raise HTTPException(422, str(exc)) from exc


@router.delete("/api/sources/{ident}", tags=["sources"], dependencies=[Depends(require_admin)])
async def remove(request: Request, ident: str) -> dict[str, Any]:
    """Unsubscribe by id, URL or name (needs the admin token); its posts stay."""
    try:
        row = await write_store(request, lambda s: remove_source(s, ident))
    except StoreError as exc:
        raise HTTPException(404, str(exc)) from exc
    return {"removed": row.id, "url": row.url}


@router.get("/feeds/sources.atom", response_class=Response, tags=["feeds"])
async def problems_feed(request: Request) -> Response:
    """Sources that keep failing or went quiet, one entry per source and problem."""
    entries = await on_store(request, _health)
    body = problems_atom(entries, str(request.url), site_url(request))
    return conditional(request, body, ATOM)


@router.get("/sources", response_class=HTMLResponse, include_in_schema=False)
async def sources_page(request: Request) -> HTMLResponse:
    """Each source's health, problems first."""
    entries = await on_store(request, _health)
    rows = sorted(
        ({**e, "problem": problem_kind(e)} for e in entries), key=lambda e: not e["problem"]
    )
    html = templates.get_template("sources.html").render(request=request, sources=rows)
    return HTMLResponse(html)
