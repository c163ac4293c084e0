"""Downloads of what the search page and the calls board show, in the export formats
(`wxintel.exports.EXPORT_FORMATS`): the same reads as the pages, written by the registry.

`export_links` gives a page its buttons; the routes answer them (and any script).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request, Response

from wxintel import reads
from wxintel.exports import ARTICLE_COLUMNS, CALL_COLUMNS, EXPORT_FORMATS, Export, describe
from wxintel.renderers import Renderer, UnknownFormat
from wxintel.search import SearchQuery
from wxintel.web.deps import CallsAsked, calls_asked, enum_schema, on_store, search_query
from wxintel.web.rendering import query_url

router = APIRouter(prefix="/api", tags=["api"])
FORMAT_LABELS = {"csv": "CSV", "jsonl": "JSON Lines", "md": "Markdown"}
DOWNLOAD = {200: {"content": {media: {} for media in EXPORT_FORMATS.media_types().values()}}}
FormatParam = Annotated[
    str,
    Query(
        alias="format",
        description=f"One of {EXPORT_FORMATS.describe()}",
        json_schema_extra=enum_schema(EXPORT_FORMATS.names),
    ),
]


def export_links(path: str, params: dict[str, Any]) -> list[tuple[str, str]]:
    """(label, URL) of each format's download of what a page shows with `params`, CSV first
    (what most people open)."""
    order = sorted(EXPORT_FORMATS.names, key=lambda name: name != "csv")
    return [(FORMAT_LABELS.get(f, f), query_url(path, params, format=f)) for f in order]


def search_params(query: SearchQuery) -> dict[str, Any]:
    """The search page's query as the export route's parameters (every filter, no paging)."""
    return {
        "q": query.text,
        "from": query.date_from,
        "to": query.date_to,
        "account": list(query.accounts),
        "kind": list(query.kinds),
        "tag": list(query.tags),
        "group": query.group,
        "lang": query.lang,
        "has_deadline": None if query.has_deadline is None else str(query.has_deadline).lower(),
        "sort": query.sort if query.sort != "relevance" else None,
        "as_of": query.as_of,
    }


def _renderer(fmt: str) -> Renderer[Export]:
    try:
        return EXPORT_FORMATS.get(fmt)
    except UnknownFormat as exc:
        raise HTTPException(422, str(exc)) from exc


def _download(renderer: Renderer[Export], body: str, stem: str) -> Response:
    return Response(
        body,
        media_type=renderer.media_type,
        headers={"Content-Disposition": f'attachment; filename="{stem}.{renderer.name}"'},
    )


@router.get("/search/export", response_class=Response, responses=DOWNLOAD)
async def search_export(
    request: Request,
    query: Annotated[SearchQuery, Depends(search_query)],
    fmt: FormatParam = "csv",
) -> Response:
    """Every hit of a search (up to 10,000), ranked as the search page ranks them, with
    deadlines, contacts and attachments; `limit` and `offset` are ignored."""
    if not query.text.strip():
        raise HTTPException(422, "q is required: an export holds a search's hits")
    renderer = _renderer(fmt)
    title = describe(
        "搜索结果",
        query.text,
        query.date_from,
        query.date_to,
        query.accounts,
        query.kinds,
        query.group,
    )
    body = await on_store(
        request,
        lambda s: renderer.write(Export(title, ARTICLE_COLUMNS, reads.export_rows(s, query))),
    )
    return _download(renderer, body, "wxintel-search")


@router.get("/calls/export", response_class=Response, responses=DOWNLOAD)
async def calls_export(
    request: Request,
    asked: Annotated[CallsAsked, Depends(calls_asked)],
    fmt: FormatParam = "csv",
) -> Response:
    """The calls `/api/calls` lists for the same parameters (the board's, with `status=all`),
    soonest deadline first, with every stated deadline, contacts and attachments."""
    renderer = _renderer(fmt)

    def write(store: Any) -> str:
        judged = store.calls_as_of(asked.as_of)[0].isoformat()
        title = describe(
            "申报与截止日期",
            f"截至 {judged}",
            accounts=asked.accounts,
            kinds=asked.kinds,
            group=asked.group,
        )
        return renderer.write(Export(title, CALL_COLUMNS, asked.read(store)))

    return _download(renderer, await on_store(request, write), "wxintel-calls")
