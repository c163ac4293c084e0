"""Server-rendered pages: everything readable without JavaScript, nothing loaded from elsewhere."""

from __future__ import annotations

from calendar import monthrange
from collections import OrderedDict
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import HTMLResponse
from markupsafe import Markup, escape

from wxintel import reads
from wxintel.ask import ask as ask_archive
from wxintel.briefs import build_brief
from wxintel.briefs.render import BRIEF_FORMATS
from wxintel.extract.doctype import KIND_LABELS
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
from wxintel.search import SearchQuery, SearchResult
from wxintel.store import SQLStore
from wxintel.store.sources import accounts_in_group
from wxintel.web import ask_view, marked_text, svg
from wxintel.web.board import group_calls
from wxintel.web.deps import (
    MAX_QUERY_CHARS,
    BriefRequest,
    brief_request,
    cached,
    checked,
    entity_kind,
    from_cache,
    known_scope,
    on_store,
    parse_day,
    search_form,
)
from wxintel.web.exports import export_links, search_params
from wxintel.web.rendering import (
    query_url,
    templates,
    toggled,
    varied_urls,
    week_label,
    week_span,
)

router = APIRouter(include_in_schema=False)
ENTITY_PAGE = 50  # entities of one kind per page
ENTITY_PREVIEW = 10  # of each kind on the page of every kind
PERIOD_UNITS = {1: "天", 7: "周"}  # "上一周" / "下一天"; any other span is "上一期"


def render(request: Request, name: str, status: int = 200, **context: Any) -> HTMLResponse:
    html = templates.get_template(name).render(request=request, **context)
    return HTMLResponse(html, status_code=status)


# weekly charts: a week's Monday under its bar, its seven days in the bar's tooltip
WEEKS = {"axis_label": week_label, "full_label": week_span}


@router.get("/overview", response_class=HTMLResponse)
async def overview(request: Request) -> HTMLResponse:
    """Articles per week by account and by kind; top entities and tags this month (the desk,
    /, links here)."""

    def load(store: SQLStore) -> dict[str, Any]:
        return {
            "stats": store.stats(),
            "by_account": store.activity(by="account"),
            "by_kind": store.activity(by="kind"),
            "month": reads.this_month(store),
            "top_entities": store.entities(kind=None, top=15),
        }

    data = await cached(request, "overview", load)
    return render(
        request,
        "overview.html",
        **data,
        account_chart=svg.stacked_bars(data["by_account"], "每周文章数（按公众号）", **WEEKS),
        kind_chart=svg.stacked_bars(
            {week: _kind_names(counts) for week, counts in data["by_kind"].items()},
            "每周文章数（按类型）",
            **WEEKS,
        ),
    )


def _kind_names(counts: dict[str, int]) -> dict[str, int]:
    """A week's counts by kind with the kinds' Chinese names (the chart's legend)."""
    named: dict[str, int] = {}
    for kind, n in counts.items():
        label = KIND_LABELS.get(kind) or "未分类"
        named[label] = named.get(label, 0) + n
    return named


@router.get("/search", response_class=HTMLResponse)
async def search_page(
    request: Request,
    query: Annotated[SearchQuery, Depends(search_form)],
    ask: Annotated[bool, Query(description="Also answer q as a question, quoting posts")] = False,
) -> HTMLResponse:
    """Search box, filters, facets, highlighted snippets, paging and sorting; a bad filter
    value (422) or an account with no posts (404) is shown beside its field instead of
    silently matching nothing. With `ask`,
    the cited answer to q stands above the results."""
    asked_chars = len(query.text)
    if asked_chars > MAX_QUERY_CHARS:  # trimmed, and said so: a 422 page would lose the query
        query = replace(query, text=query.text[:MAX_QUERY_CHARS])
    problems = query.problems()
    run = bool(query.text.strip()) and not problems
    cache = request.app.state.cache
    llm_url = request.app.state.llm_url
    filters = ask_view.scope_note(query)  # the page's filters in words, built once

    def load(store: SQLStore) -> tuple[SearchResult | None, dict[str, Any], Any, str | None]:
        # an account with no posts is said beside its field, not searched as "0 results"
        unknown = reads.unknown_scope(store, query.accounts, query.group, chinese=True)
        searched = run and not unknown
        result = store.search(replace(query, relax_dates=True)) if searched else None
        # the answer is read within the page's filters, as its results are
        scope = query if filters else None
        answer = (
            ask_archive(store, query.text, llm_url=llm_url, scope=scope)
            if searched and ask
            else None
        )
        stats = from_cache(cache, "stats", lambda s: s.stats(), store)
        return result, stats, answer, unknown

    result, stats, answer, unknown = await on_store(request, load)
    problems = _problems_zh(query, problems)
    # a value out of shape is 422; an account (or group) with no posts is 404, as on every
    # page and API route that takes one: the page still says it beside its field
    status = 422 if problems else 404 if unknown else 200
    if unknown:
        problems["account"] = unknown
    params = {
        "q": query.text,
        "from": query.date_from,
        "to": query.date_to,
        "account": list(query.accounts),
        "kind": list(query.kinds),
        "tag": list(query.tags),
        "sort": query.sort if query.sort != "relevance" else None,
        "limit": query.limit if query.limit != 20 else None,
        "ask": 1 if ask else None,
        "as_of": query.as_of,
    }
    return render(
        request,
        "search.html",
        answer=ask_view.answer_view(answer) if answer else None,
        # a page narrowed by its filters says the answer was read within them too
        answer_scope=filters or None,
        trimmed_from=asked_chars if asked_chars > MAX_QUERY_CHARS else None,
        status=status,
        query=query,
        result=result,
        params=params,
        problems=problems,
        accounts=list(stats.get("accounts", {})),
        kinds=list(stats.get("kinds", {})),
        archive_size=stats.get("articles", 0),  # a search with no hits says what it searched
        filters=filters,  # … and which filters to take off
        facet_links=_facet_links(result.facets, params) if result else {},
        facet_items=_facet_items,
        pages=_pages(result.total if result else 0, query.offset, query.limit),
        exports=export_links("/api/search/export", search_params(query)),
    )


def _problems_zh(query: SearchQuery, problems: dict[str, str]) -> dict[str, str]:
    """The search form's problems in Chinese, each said beside its field (the page's
    language), from the same checks the API reports in English."""
    values = {"from": query.date_from, "to": query.date_to, "as_of": query.as_of}
    choices = {"kind": ARTICLE_KINDS, "sort": SORTS, "lang": LANGUAGES}
    said: dict[str, str] = {}
    for name in problems:
        try:
            if name in values:
                iso_day(name, values[name])
                said[name] = f"不能早于起始日期 {query.date_from}"  # a real day, out of order
            elif name in choices:
                picked = {"kind": query.kinds, "sort": [query.sort], "lang": [query.lang]}[name]
                for value in picked:
                    one_of(name, value or "", choices[name])
            else:
                said[name] = "超出允许范围"
        except InvalidOption as exc:
            said[name] = exc.zh
    return said


def _month_span(month: str) -> dict[str, str]:
    """from/to of a YYYY-MM month facet: its first and its real last day (never 09-31)."""
    year, number = map(int, month.split("-"))
    return {"from": f"{month}-01", "to": f"{month}-{monthrange(year, number)[1]:02d}"}


@dataclass(frozen=True)
class FacetLink:
    """One value of a facet on the search page, with its count: a link that narrows the
    search to it (or widens it again when chosen), or plain text (None) when no filter takes
    it."""

    label: str
    count: int
    url: str | None
    chosen: bool = False


FACET_FILTERS = {"account": "account", "kind": "kind", "tags": "tag", "tag": "tag"}


def _facet_links(facets: dict[str, dict[str, int]], params: dict) -> dict[str, list[FacetLink]]:
    """Each facet's values as links from the page's own parameters: built here, where a
    hundred and more values of a large archive cost a fraction of a template's calls."""
    out: dict[str, list[FacetLink]] = {}
    for name, counts in facets.items():
        if not counts:
            continue
        param = FACET_FILTERS.get(name)
        if param:
            chosen = params[param]
            url = varied_urls("/search", params, (param, "offset"))
            labels = KIND_LABELS if name == "kind" else {}
            out[name] = [
                FacetLink(labels.get(v, v), n, url(toggled(chosen, v), None), v in chosen)
                for v, n in counts.items()
            ]
        elif name == "month":
            url = varied_urls("/search", params, ("offset", "from", "to"))
            out[name] = [
                FacetLink(v, n, url(None, *_month_span(v).values())) for v, n in counts.items()
            ]
        else:
            out[name] = [FacetLink(v, n, None) for v, n in counts.items()]
    return out


def _facet_items(links: list[FacetLink], approx: str) -> Markup:
    """A facet's <li> lines, written here as one string: at a large archive's hundreds of
    values the template's own loop, each piece handed up through the page's nested blocks,
    was most of the page's CPU. Every value is escaped, as the template would."""
    count = f'<span class="count">{escape(approx)}'
    rows = []
    for link in links:
        label = escape(link.label)
        if link.url:
            chosen = ' class="on"' if link.chosen else ""
            rows.append(
                f'            <li{chosen}><a href="{escape(link.url)}">{label}</a>'
                f" {count}{link.count}</span></li>"
            )
        else:
            rows.append(f"            <li>{label} {count}{link.count}</span></li>")
    return Markup("\n".join(rows))


def _pages(total: int, offset: int, limit: int, around: int = 3) -> list[tuple[int, int]]:
    """(page number, offset) links around the current page."""
    count = (total + limit - 1) // limit
    current = offset // limit
    first, last = max(0, current - around), min(count, current + around + 1)
    return [(n + 1, n * limit) for n in range(first, last)]


@router.get("/articles/{ref:path}", response_class=HTMLResponse)
async def article_page(
    request: Request, ref: str, quote: Annotated[str | None, Query()] = None
) -> HTMLResponse:
    """Clean text with facts marked where they occur, entities linked, tables as tables; a
    quoted span (`quote=START-END`, from an answer) highlighted."""
    try:
        detail = await on_store(request, lambda s: reads.article_detail(s, ref))
    except reads.Ambiguous as exc:
        return render(request, "ambiguous.html", status=409, ref=ref, candidates=exc.candidates)
    if detail is None:
        raise HTTPException(404, f"没有这篇文章：{ref}")
    ids = await cached(request, "entity_ids", reads.entity_ids) if detail["entities"] else {}

    def entity_href(mention: Any) -> str:
        found = ids.get((mention["kind"], mention["name"]))
        return f"/entities/{found}" if found is not None else ""

    article = detail["article"]
    spans = marked_text.fact_marks(detail["facts"]) + marked_text.mention_marks(
        detail["entities"], entity_href
    )
    quoted = ask_view.quote_span(quote, len(article.content))
    if quoted:
        spans.append(marked_text.Mark(*quoted, "fact quote", "引文"))
    facts_by_kind: OrderedDict[str, list[Any]] = OrderedDict()
    for fact in detail["facts"]:
        facts_by_kind.setdefault(fact["kind"], []).append(fact)
    entities_by_kind: OrderedDict[str, dict[str, str]] = OrderedDict()
    for mention in detail["entities"]:
        entities_by_kind.setdefault(mention["kind"], {})[mention["name"]] = entity_href(mention)
    return render(
        request,
        "article.html",
        article=article,
        body=marked_text.article_html(article.content, spans, detail["tables"]),
        title_html=marked_text.title_html(article.title, marked_text.title_marks(detail["facts"])),
        facts_by_kind=facts_by_kind,
        entities_by_kind=entities_by_kind,
        duplicates=detail["duplicates"],
        original=detail["original"],
        reposts=detail["reposts"],
        thread=detail["thread"],
    )


@router.get("/calls", response_class=HTMLResponse)
async def calls_page(
    request: Request,
    as_of: Annotated[str | None, Query(description="YYYY-MM-DD")] = None,
    kind: Annotated[list[str], Query()] = [],  # noqa: B006
    status: str = "all",
    group: str | None = None,
    account: Annotated[list[str], Query()] = [],  # noqa: B006
) -> HTMLResponse:
    """Open calls by deadline with days left; closing soon and closed groups; .ics downloads.
    Narrowed to some accounts (`account=`, repeatable) or a group of sources."""
    checked("status", status, CALL_STATUSES)
    given = parse_day(as_of, "as_of")
    chosen = tuple(checked("kind", k, ACTION_KINDS) for k in kind if k)
    accounts = [a for a in account if a]
    await known_scope(request, accounts, group)

    def load(store: SQLStore) -> tuple[tuple[date, str], list[dict[str, Any]], list[str]]:
        kinds = {"kinds": chosen} if chosen else {}
        calls = store.calls(
            status=status, as_of=given, group=group or None, accounts=accounts, **kinds
        )
        stored = store.accounts()  # the choice offered: the group's accounts, when one is set
        if group:
            stored = accounts_in_group(store, group, stored)
        return store.calls_as_of(given), calls, stored

    (day, reason), calls, stored = await on_store(request, load)
    return render(
        request,
        "calls.html",
        board=group_calls(calls),
        as_of=day.isoformat(),
        as_of_reason=reason,
        kinds=chosen,
        call_status=status,
        total=len(calls),
        stored_accounts=stored,
        accounts=accounts,
        group=group or "",
        subscriptions={  # the calendar and feed of the accounts or group the board shows
            "ics": query_url("/calendar.ics", {"account": accounts, "group": group}),
            "atom": query_url("/feeds/calls.atom", {"account": accounts, "group": group}),
        },
        exports=export_links(
            "/api/calls/export",
            {
                "status": status,
                "as_of": as_of,
                "kind": list(chosen),
                "group": group,
                "account": accounts,
            },
        ),
    )


@router.get("/brief", response_class=HTMLResponse)
async def brief_page(
    request: Request, asked: Annotated[BriefRequest, Depends(brief_request)]
) -> HTMLResponse:
    """A week's (or any period's) brief of some accounts, with the periods before and after."""
    start, end = asked.start, asked.end
    group = request.query_params.get("group") or None
    brief = await on_store(request, lambda s: build_brief(s, start, end, plan=asked.plan))
    stats = await cached(request, "stats", lambda s: s.stats())
    offered = list(stats.get("accounts") or {})  # under a group, only the group's accounts
    if group:
        offered = await on_store(request, lambda s: accounts_in_group(s, group, offered))
    span = end - start + timedelta(days=1)
    first, last = (stats.get("first") or "")[:10], (stats.get("last") or "")[:10]
    earlier, later = (start - span, end - span), (start + span, end + span)
    chosen = request.query_params.getlist("account")
    return render(
        request,
        "brief.html",
        brief=brief,
        start=start,
        end=end,
        unit=PERIOD_UNITS.get(span.days, "期"),
        earlier=earlier if first and earlier[1].isoformat() >= first else None,
        later=later if last and later[0].isoformat() <= last else None,
        accounts=offered,
        chosen=chosen,
        group=group,
        picked_day=request.query_params.get("week") or start.isoformat(),
        exports=[f for f in BRIEF_FORMATS.names if f != "html"],
        item_href=lambda item: f"/articles/{quote(item.key, safe='')}",
        original_links=True,
    )


@router.get("/entities", response_class=HTMLResponse)
async def entities_page(
    request: Request,
    kind: Annotated[str | None, Depends(entity_kind)] = None,
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
) -> HTMLResponse:
    """Entities by the number of articles naming them (the count shown first), a few of every
    kind, or one kind page by page."""
    top = ENTITY_PAGE if kind else ENTITY_PREVIEW
    offset = (page - 1) * top if kind else 0
    kinds = (kind,) if kind else ENTITY_KINDS

    def load(store: SQLStore) -> tuple[dict[str, list[dict[str, Any]]], dict[str, int]]:
        shown = {k: store.entities(kind=k, top=top, offset=offset) for k in kinds}
        return shown, store.entity_counts()

    groups, counts = await on_store(request, load)
    total = counts.get(kind, 0) if kind else 0
    return render(
        request,
        "entities.html",
        groups=groups,
        counts=counts,
        kind=kind,
        offset=offset,
        pages=_pages(total, offset, top) if kind else [],
        page=page,
        last_page=max(1, (total + top - 1) // top),
    )


@router.get("/entities/{entity_id}", response_class=HTMLResponse)
async def entity_page(request: Request, entity_id: int) -> HTMLResponse:
    """An entity's mentions over time as a chart, and the articles that mention it."""
    found = await on_store(request, lambda s: s.entity(entity_id))
    if found is None:
        raise HTTPException(404, f"没有这个实体：{entity_id}")
    articles: OrderedDict[str, dict[str, Any]] = OrderedDict()
    for mention in sorted(found["mentions"], key=lambda m: m["published"], reverse=True):
        entry = articles.setdefault(mention["key"], {**mention, "surfaces": set(), "count": 0})
        entry["surfaces"].add(mention["surface"])
        entry["count"] += 1
    chart = svg.bar_chart(_every_month(found["by_month"]), f"{found['name']} 每月提及次数")
    return render(
        request, "entity.html", entity=found, articles=list(articles.values()), chart=chart
    )


def _every_month(by_month: dict[str, int]) -> list[tuple[str, int]]:
    """Counts per month from the first to the last, months without mentions at zero."""
    if not by_month:
        return []
    months = sorted(by_month)
    year, month = map(int, months[0].split("-"))
    end = months[-1]
    out: list[tuple[str, int]] = []
    while True:
        label = f"{year:04d}-{month:02d}"
        out.append((label, by_month.get(label, 0)))
        if label >= end:
            return out
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


@router.get("/docs", response_class=HTMLResponse)
async def api_docs(request: Request) -> HTMLResponse:
    """The API reference from the OpenAPI schema, as a plain page (no CDN-hosted Swagger UI)."""
    schema = request.app.openapi()
    endpoints = [
        {
            "method": method.upper(),
            "path": path,
            "summary": op.get("summary", ""),
            "description": op.get("description", ""),
            "parameters": op.get("parameters", []),
            "anchor": quote(f"{method}-{path}", safe=""),
            "secured": path in ("/api/ingest", "/api/reindex"),
        }
        for path, ops in schema.get("paths", {}).items()
        for method, op in ops.items()
    ]
    return render(request, "docs.html", endpoints=endpoints, info=schema.get("info", {}))
