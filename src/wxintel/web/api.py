"""The REST API under /api: typed responses, JSON errors, writes only with the admin token."""

from __future__ import annotations

import os
from dataclasses import replace
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Query, Request, Response
from pydantic import BaseModel, ConfigDict, Field
from starlette.datastructures import UploadFile

from wxintel import reads
from wxintel.briefs import build_brief
from wxintel.briefs.classify import GENERIC_SECTIONS
from wxintel.briefs.render import BRIEF_FORMATS
from wxintel.renderers import UnknownFormat
from wxintel.search import SearchQuery
from wxintel.store import SQLStore
from wxintel.web.deps import (
    MAX_QUERY_CHARS,
    BriefRequest,
    CallsAsked,
    ask_scope,
    brief_request,
    cached,
    calls_asked,
    entity_kind,
    enum_schema,
    on_store,
    one_article,
    require_admin,
    search_query,
    write_store,
)
from wxintel.web.uploads import INGEST_FORMATS, ingest_uploads

router = APIRouter(prefix="/api", tags=["api"])


class ErrorOut(BaseModel):
    error: str


ERRORS: dict[int | str, dict[str, Any]] = {
    code: {"model": ErrorOut} for code in (400, 403, 404, 409, 413, 422)
}


class HitOut(BaseModel):
    key: str
    id: str
    title: str
    account: str
    published: str
    kind: str
    score: float
    snippet: str = Field(description="the best passage of the original text, plain (not HTML)")
    highlights: list[tuple[int, int]] = Field(
        [], description="[start, end) character offsets of the matched words in snippet"
    )
    matched: list[str] = []
    why: dict[str, list[str]] = Field({}, description="query term → aliases that matched")
    duplicates: int = 0
    title_highlights: list[tuple[int, int]] = Field(
        [], description="[start, end) character offsets of the matched words in title"
    )
    lang: str = ""
    tags: list[str] = []
    deadline: str = ""
    reposts: list[dict[str, str]] = Field(
        [], description="reposts of this text folded into it (the first search_reposts_shown)"
    )
    published_by: list[str] = Field([], description="accounts that published this text")
    reposts_total: int = Field(0, description="every repost folded into it")
    reposts_approximate: bool = Field(
        False,
        description="its repost cluster was too large to read whole: reposts_total and"
        " published_by count the part read, lower bounds (shown as 至少)",
    )
    republication_of: dict[str, str] | None = Field(
        None,
        description="the earlier post (key, id, published) of this account that this hit"
        " publishes again unedited on a later day; null when it does not",
    )
    all_words: bool = Field(
        True,
        description="matches every query concept: each in the title, or those the title lacks"
        " within one passage of the body (else partial)",
    )


class SearchOut(BaseModel):
    query: str
    total: int
    all_words: int = Field(0, description="how many of `total` match every query concept")
    all_words_exact: bool = Field(
        True,
        description="false when posts past those read for the passage test were counted at"
        " their words: all_words is then an upper bound",
    )
    understood: dict[str, Any] = Field(
        {},
        description="as_of (the day date words count from) and as_of_reason (given, today or"
        " newest_post), the from/to dates taken from date words (programme_year: the year they"
        " name, when the posts of the year before naming it in the title or as Y年度 are"
        " admitted too), intents and how they"
        " reorder the ranking (intent_labels), region words and the accounts at home in them"
        " (homes), rare short forms and the full names the archive writes for them, searched"
        " too (short_forms: 技改 → 技术改造), English words no glossary entry names and the"
        " Chinese words a general dictionary gives for them that the archive writes most,"
        " searched too (translations: quality → 质量), and the verb of a query asking to apply"
        " that a call, registration or consultation matches whatever verb it writes (procedure:"
        " 报名 of 报名 大赛), and the common words a post whose title names the rest of the query"
        " counts as holding (title_stands_for: 成为 of 怎么 成为 高新技术企业), and the names"
        " typed whole that a post writing them whole is ranked up for (typed_whole: 服务贸易,"
        " cut 服务 · 贸易), and the query as read when it wrote traditional characters"
        " (simplified: 進博會 → 进博会)",
    )
    hits: list[HitOut]
    facets: dict[str, dict[str, int]]
    facets_approximate: bool = Field(
        False,
        description="more matches than search_facets_exact_limit: the facet counts are taken"
        " among the posts holding a query word, lower bounds (shown as 约)",
    )
    message: str | None = None


class FactOut(BaseModel):
    kind: str
    value: Any
    start: int
    end: int
    text: str


class MentionOut(BaseModel):
    kind: str
    name: str
    surface: str
    start: int
    end: int
    attrs: dict[str, Any] = {}
    entity_id: int | None = None


class TableOut(BaseModel):
    columns: list[str]
    rows: list[list[str]]
    start: int
    end: int


class DuplicateOut(BaseModel):
    key: str
    id: str
    title: str
    account: str
    published: str
    similarity: float
    relation: Literal["duplicate", "near"]


class ArticleOut(BaseModel):
    id: str
    key: str
    account: str
    title: str
    url: str
    published: str
    author: str = ""
    content: str = Field(description="Clean text; fact and entity offsets index into it")
    lang: str
    is_stub: bool
    reprinted_from: str | None
    duplicate_of: str | None
    kind: str
    kind_rule: str
    tags: list[str]
    deadline: str | None
    source_url: str | None
    facts: list[FactOut]
    entities: list[MentionOut]
    tables: list[TableOut]
    duplicates: list[DuplicateOut]
    reposts: dict[str, Any] | None = Field(None, description="the repost cluster it belongs to")
    thread: dict[str, Any] | None = Field(None, description="the call thread it belongs to")


class ContactOut(BaseModel):
    name: str = ""
    phone: str = ""


class ContactItemOut(BaseModel):
    name: str = ""
    phone: str = ""
    email: str = ""
    role: str = Field("", description="技术支持, 监督, 举报 or 投诉 when its label says so")


class CallOut(BaseModel):
    model_config = ConfigDict(extra="allow")

    id: str
    key: str
    title: str
    account: str = ""
    published: str = ""
    kind: str
    deadline: str | None = None
    deadlines: list[dict[str, str | bool | list[int]]] = Field(
        [],
        description='Every stated deadline, {"at": ISO date[-time], "for": what it is for}; one'
        ' counted past the published holiday notices adds "estimated": true; one counted from an'
        ' undated event has "at" empty and its wording in "as_written"; one read from the title'
        ' says "from": "title" and where the title writes it, "title_span": [start, end]',
    )
    period: list[str] | None = None
    signed: str | None = None
    issuers: list[str] = []
    contacts: list[ContactOut] = []
    phones: list[str] = []
    phone_roles: list[dict[str, str]] = Field(
        [],
        description='{"phone", "role"} for each phone whose label says it is not the number to'
        " ask on: 技术支持, 监督, 举报 or 投诉; a phone not listed is a contact number",
    )
    emails: list[str] = []
    contact_items: list[ContactItemOut] = Field(
        [],
        description="Who to reach, as the board, `wxintel calls --json` and MCP list_calls list"
        " them: named contacts with their phone, the phones no contact names (contact numbers"
        " before those with a role), then e-mails",
    )
    addresses: list[str] = []
    attachments: list[str] = []
    doc_numbers: list[str] = []
    urls: list[str] = []
    url: str = ""
    days_left: int | None = None
    as_of: str = Field(description="The day open and closed are judged on (YYYY-MM-DD)")
    as_of_reason: str = Field(description="given, today, or newest_post (an older archive)")
    open: bool = Field(
        False,
        description="still open on as_of: its deadline, or its period's end when it states no"
        " deadline, is not past (the board's one rule)",
    )
    # what the link stage adds (link.collapse.annotate_calls): the thread and the reposts
    thread: int | None = Field(None, description="its call thread's id (null: in none)")
    stage: str | None = Field(None, description="its thread's latest stage, e.g. extension")
    published_by: list[str] = Field(
        [], description="the accounts that published this text, this row's first ([]: one)"
    )
    published_by_approximate: bool = Field(
        False, description="its repost cluster was read in part: published_by is a lower bound"
    )
    deadline_moved: bool = Field(
        False,
        description="a later notice of its thread (extension, correction, supplement) moved"
        " the deadline: `deadline` is the new one, `deadline_was` the one this post gave",
    )
    deadline_moved_as: str = Field(
        "", description="延期 (later) or 提前 (earlier) when deadline_moved, else empty"
    )
    deadline_sequence: int = Field(0, description="how many times the deadline moved")
    deadline_was: str | None = Field(None, description="the deadline before the move")
    deadline_moved_on: str | None = Field(
        None, description="when the notice that moved it was published"
    )


class EntityOut(BaseModel):
    id: int
    kind: str
    name: str
    count: int = Field(description="mentions")
    articles: int


class EntityMentionOut(BaseModel):
    model_config = ConfigDict(extra="allow")

    key: str
    id: str
    title: str
    published: str
    surface: str
    start: int
    end: int
    attrs: dict[str, Any] = {}


class EntityDetailOut(BaseModel):
    id: int
    kind: str
    name: str
    mentions: list[EntityMentionOut]
    by_month: dict[str, int]


class BriefFollowsOut(BaseModel):
    id: str
    key: str
    title: str
    published: str


class BriefItemOut(BaseModel):
    id: str
    key: str
    title: str
    account: str = Field(description="The account that published the post")
    kind: str = Field(description="The post's kind, as doctype decided it")
    url: str = Field(description="The original post; empty unless it is an http(s) link")
    published: str
    summary: str = Field(description="One or two sentences quoted from the post, never rewritten")
    deadline: str | None = Field(None, description="Calls only: the deadline, when known")
    contact: str | None = Field(None, description="Calls only: the first contact, name and phone")
    followups: list[BriefItemOut] | None = Field(
        None,
        description="Later posts of the same call thread in the period (an extension, a "
        "shortlist, a live stream on it), shown under this item rather than as items",
    )
    follows: BriefFollowsOut | None = Field(
        None, description="The call this post follows, when that call is of an earlier period"
    )


class BriefSectionOut(BaseModel):
    name: str = Field(
        description="The account's own digest sections when it has digests, else "
        + " / ".join(GENERIC_SECTIONS)
    )
    items: list[BriefItemOut]


class BriefOut(BaseModel):
    """The same JSON `wxintel brief --format json` prints."""

    model_config = ConfigDict(populate_by_name=True)

    start: str = Field(alias="from", description="First day, YYYY-MM-DD")
    end: str = Field(alias="to", description="Last day, YYYY-MM-DD")
    title: str
    accounts: list[str] = Field(
        description="The accounts asked for (all when none) with posts in the brief's period"
    )
    learned_from: list[str] = Field(
        description="Of those, the accounts whose own digests chose their posts (one account:"
        " its sections and sizes too; empty: generic)"
    )
    note: str = Field(
        description="Why a week's brief of several accounts does not run on the learned week"
        " of an account with posts in it, and what the brief's bound left out"
    )
    sections: list[BriefSectionOut]


class ReportOut(BaseModel):
    """The same report `wxintel ingest --json` prints."""

    files: int
    read: int
    added: int
    updated: int
    unchanged: int
    duplicates: int
    near_duplicates: int
    stubs: int
    rejected: int
    reasons: dict[str, int]
    unavailable: int
    unavailable_pages: list[dict[str, str]]
    rejects: list[dict[str, str]] = Field(
        default=[], description="The first 20 rejected records: origin and reason"
    )
    warnings: list[str] = Field(default=[], description="One line each, e.g. the index lagging")
    skipped: list[str] = Field(default=[], description="Files under a directory in no format")
    rejects_file: str | None
    seconds: float


class ReindexOut(BaseModel):
    articles: int
    generation: int


class HealthOut(BaseModel):
    pid: int = Field(description="the server process that answered (serve --workers runs several)")
    generation: int = Field(description="the database's generation (bumped by every write)")
    index_current: bool = Field(description="this process's search index holds every change")


@router.get("/search", response_model=SearchOut, responses=ERRORS)
async def search(request: Request, query: Annotated[SearchQuery, Depends(search_query)]) -> Any:
    """Full-text search with filters, facet counts, highlighted snippets and paging."""
    relaxed = replace(query, relax_dates=True)
    result = await on_store(request, lambda s: s.search(relaxed))
    return result.to_json()


class CitationOut(BaseModel):
    account: str
    id: str
    key: str
    title: str
    published: str
    quote: str = Field(description="content[start:end] (or title[start:end]) of the cited post")
    start: int
    end: int
    answer_start: int | None = None
    answer_end: int | None = None
    field: str = Field(
        "content",
        description='"title" when the quote is the post\'s title, "reprinted_from" when it is '
        "the reprint source the post names (its 来源/转载自 line)",
    )


class AskOut(BaseModel):
    """The same JSON `wxintel ask --json` prints."""

    question: str
    answer: str | None = Field(description="The shortest span that answers; null when refused")
    refused: bool
    citations: list[CitationOut]
    confidence: float
    type: str
    reason: str | None = Field(None, description="Why it was refused (未找到依据…), or a note")
    mode: str


@router.get("/ask", response_model=AskOut, responses=ERRORS)
async def ask(
    request: Request,
    q: Annotated[str, Query(min_length=1, max_length=MAX_QUERY_CHARS, description="A question")],
    scope: Annotated[SearchQuery | None, Depends(ask_scope)],
) -> Any:
    """A cited answer from the archive (from the posts within account, kind, from and to, when
    given), or a refusal with what was found (never a guess)."""
    from wxintel.ask import ask as answer

    llm_url = request.app.state.llm_url
    return (await on_store(request, lambda s: answer(s, q, llm_url=llm_url, scope=scope))).to_json()


@router.get("/articles/{ref:path}", response_model=ArticleOut, responses=ERRORS)
async def article(request: Request, ref: str) -> Any:
    """One article by key or aid: clean text, facts with spans, entities, tables, duplicates."""

    def load(store: SQLStore) -> dict[str, Any] | None:
        detail = reads.article_detail(store, ref)
        if detail is None:
            return None
        ids = reads.entity_ids(store) if detail["entities"] else {}
        return {**detail, "ids": ids}

    detail = await one_article(request, load, ref)
    ids = detail["ids"]
    return {
        **detail["article"].to_json(),
        "facts": detail["facts"],
        "entities": [
            {**m, "entity_id": ids.get((m["kind"], m["name"]))} for m in detail["entities"]
        ],
        "tables": detail["tables"],
        "duplicates": detail["duplicates"],
        "reposts": detail["reposts"],
        "thread": detail["thread"],
    }


@router.get(
    "/calls",
    response_model=list[CallOut],
    response_model_exclude_unset=True,  # deadline_was and deadline_moved_on: moved rows only
    responses=ERRORS,
)
async def calls(
    request: Request,
    response: Response,
    asked: Annotated[CallsAsked, Depends(calls_asked)],
    limit: Annotated[
        int | None, Query(ge=1, le=10_000, description="At most this many (default: all)")
    ] = None,
    offset: Annotated[int, Query(ge=0, le=10_000_000, description="Skip this many (paging)")] = 0,
) -> Any:
    """Calls, registrations and consultations (what asks the reader to act by a date),
    soonest deadline first; `limit` and `offset` page through them, the header
    `X-Total-Count` saying how many there are in all."""
    found = await on_store(request, asked.read)
    response.headers["X-Total-Count"] = str(len(found))
    return found[offset : None if limit is None else offset + limit]


@router.get("/entities", response_model=list[EntityOut], responses=ERRORS)
async def entities(
    request: Request,
    kind: Annotated[str | None, Depends(entity_kind)] = None,
    top: Annotated[int, Query(ge=1, le=1000)] = 50,
    offset: Annotated[int, Query(ge=0, le=10_000_000, description="Skip this many (paging)")] = 0,
) -> Any:
    """The entities most articles mention (then most mentions), optionally of one kind."""
    return await on_store(request, lambda s: s.entities(kind=kind, top=top, offset=offset))


@router.get("/entities/{entity_id}", response_model=EntityDetailOut, responses=ERRORS)
async def entity(request: Request, entity_id: int) -> Any:
    """One entity: its mentions with their articles, and mentions per month."""
    found = await on_store(request, lambda s: s.entity(entity_id))
    if found is None:
        raise HTTPException(404, f"no entity {entity_id}")
    return found


BRIEF_MEDIA = {media: {} for name, media in BRIEF_FORMATS.media_types().items() if name != "json"}


@router.get(
    "/brief",
    response_model=BriefOut,
    response_model_exclude_none=True,
    responses={**ERRORS, 200: {"content": BRIEF_MEDIA}},
)
async def brief(
    request: Request,
    asked: Annotated[BriefRequest, Depends(brief_request)],
    fmt: Annotated[
        str,
        Query(alias="format", json_schema_extra=enum_schema(BRIEF_FORMATS.names)),
    ] = "json",
) -> Any:
    """A brief grouped the editors' way; by default every account's latest complete week.

    `format` other than json returns a file (Markdown, HTML, JSON Lines, CSV) to download.
    """
    try:
        renderer = BRIEF_FORMATS.get(fmt)
    except UnknownFormat as exc:
        raise HTTPException(422, str(exc)) from exc
    made = await on_store(
        request, lambda s: build_brief(s, asked.start, asked.end, plan=asked.plan)
    )
    if renderer.name == "json":
        return made.to_json()
    name = f"brief-{asked.start}-{asked.end}.{renderer.name}"
    return Response(
        renderer.write(made),
        media_type=renderer.media_type,
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@router.get("/stats", responses=ERRORS)
async def stats(request: Request) -> dict[str, Any]:
    """Counts of articles, accounts, kinds, duplicates, stubs, reprints, languages; computed
    once per store generation, as the overview page's."""
    return await cached(request, "stats", lambda s: s.stats())


@router.post(
    "/ingest",
    response_model=ReportOut,
    responses=ERRORS,
    dependencies=[Depends(require_admin)],
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                "multipart/form-data": {
                    "schema": {
                        "type": "object",
                        "required": ["file"],
                        "properties": {
                            "file": {"type": "string", "format": "binary"},
                            "format": {"type": "string", "enum": list(INGEST_FORMATS)},
                        },
                    }
                }
            },
        }
    },
)
async def ingest_upload(request: Request) -> Any:
    """Ingest one uploaded file (needs the admin token); rejected records are reported, not lost."""
    form = await request.form(max_files=1, max_fields=4)
    upload = form.get("file")
    fmt = form.get("format") or None
    if not isinstance(upload, UploadFile):
        raise HTTPException(422, "send the file as multipart form field 'file'")
    if fmt is not None and fmt not in INGEST_FORMATS:
        raise HTTPException(422, f"format must be one of {', '.join(INGEST_FORMATS)}, not {fmt!r}")
    return (await ingest_uploads(request, [upload], fmt)).to_json()


@router.get("/health", response_model=HealthOut, responses=ERRORS)
async def health(request: Request) -> Any:
    """Which process answered, and whether its search index has caught up with the database
    (a load balancer's check: it answers only while the database answers)."""

    def check(store: SQLStore) -> dict[str, Any]:
        return {
            "pid": os.getpid(),
            "generation": store.generation(),
            "index_current": store.index_is_current(),
        }

    return await on_store(request, check)


@router.post(
    "/reindex", response_model=ReindexOut, responses=ERRORS, dependencies=[Depends(require_admin)]
)
async def reindex(request: Request) -> Any:
    """Rebuild the search index from the database (needs the admin token)."""

    def rebuild(store: SQLStore) -> dict[str, int]:
        store.rebuild_index()
        return {"articles": store.count(), "generation": store.generation()}

    return await write_store(request, rebuild)
