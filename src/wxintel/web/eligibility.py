"""Eligibility on the web: REST (/api/match, /api/conditions, /api/profiles) and pages (a
profile's calls, the profile form, an article's conditions marked for a profile). Every route
calls wxintel.match.service, as the CLI does; writes need the admin token."""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Body, Depends, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from wxintel import reads
from wxintel.match import (
    FIELD_LABELS,
    PROFILE_FIELDS,
    Profile,
    ProfileError,
    judge,
    parse_profile,
    service,
)
from wxintel.model import ACTION_KINDS
from wxintel.store import SQLStore, StoreError
from wxintel.store.records import StoredArticle
from wxintel.web import marked_text
from wxintel.web.deps import (
    Bilingual,
    from_cache,
    on_store,
    one_article,
    parse_day,
    require_admin,
    token_refusal,
    write_store,
)
from wxintel.web.rendering import templates

api = APIRouter(prefix="/api", tags=["eligibility"])
pages = APIRouter(include_in_schema=False)
STATUS_LABELS = {"met": "满足", "failed": "不满足", "unknown": "待确认", "unchecked": "需人工核对"}
VERDICT_LABELS = {"eligible": "可申报", "unknown": "待确认", "ineligible": "不符合"}


def _day(store: SQLStore, as_of: str | None) -> date:
    return parse_day(as_of, "as_of") or service.default_as_of(store)


async def _stored(request: Request, name: str) -> Profile:
    found = await on_store(request, lambda s: service.stored_profile(s, name))
    if found is None:
        raise Bilingual(404, f"no profile {name!r}", f"没有保存的企业画像：{name}")
    return found


def _parsed(data: Any, where: str) -> Profile:
    try:
        return parse_profile(data, where)
    except ProfileError as exc:
        raise HTTPException(422, str(exc)) from exc


# -- REST ----------------------------------------------------------------------------------


@api.get("/match")
async def match_stored(
    request: Request,
    profile: Annotated[str, Query(description="Stored profile name")],
    as_of: Annotated[
        str | None, Query(description="YYYY-MM-DD; default today or newest post")
    ] = None,
    all: Annotated[bool, Query(description="Every call, each as of its publish date")] = False,
) -> Any:
    """Verdicts of a stored profile on the open calls (or every call)."""
    firm = await _stored(request, profile)
    return await on_store(request, lambda s: _match(request, s, firm, _day(s, as_of), all))


@api.post("/match")
async def match_posted(
    request: Request,
    profile: Annotated[dict[str, Any], Body(description="A profile, as in a profile file")],
    as_of: Annotated[str | None, Query(description="YYYY-MM-DD")] = None,
    all: bool = False,
) -> Any:
    """Verdicts of a profile sent in the body (nothing is stored)."""
    firm = _parsed(profile, "body")
    return await on_store(request, lambda s: _match(request, s, firm, _day(s, as_of), all))


@api.get("/conditions/{ref:path}")
async def conditions(request: Request, ref: str) -> Any:
    """A call's conditions on its applicants, each with its exact span."""

    def load(store: SQLStore) -> dict[str, Any] | None:
        article = reads.find_article(store, ref)
        return service.conditions_json(store, article) if article else None

    return await one_article(request, load, ref)


@api.get("/profiles")
async def list_profiles(request: Request, team: str | None = None) -> Any:
    """Stored profiles (optionally one team's) with their known fields."""
    rows = await on_store(request, lambda s: service.stored_profiles(s, team))
    return [r.to_json() for r in rows]


@api.get("/profiles/{name}")
async def get_profile(request: Request, name: str) -> Any:
    return (await _stored(request, name)).to_json()


@api.put("/profiles/{name}", dependencies=[Depends(require_admin)])
async def put_profile(
    request: Request,
    name: str,
    profile: Annotated[dict[str, Any], Body(description="The profile's fields")],
    team: str = "",
) -> Any:
    """Create or replace a stored profile (needs the admin token); the body's `name`, when
    given, must be the path's (a body naming another firm was stored under the path's name)."""
    given = profile.get("name")
    if given is not None and str(given).strip() != name.strip():
        raise HTTPException(422, f"body: name {given!r} is not the path's {name!r}")
    firm = _parsed({**profile, "name": name}, "body")
    new = await write_store(request, lambda s: service.save_profile(s, firm, team, replace=True))
    return {"name": firm.name, "created": new}


@api.delete("/profiles/{name}", dependencies=[Depends(require_admin)])
async def delete_profile(request: Request, name: str) -> Any:
    """Delete a stored profile (needs the admin token)."""
    if not await write_store(request, lambda s: service.remove_profile(s, name)):
        raise Bilingual(404, f"no profile {name!r}", f"没有保存的企业画像：{name}")
    return {"name": name, "removed": True}


# -- pages ---------------------------------------------------------------------------------


def _render(request: Request, name: str, status: int = 200, **context: Any) -> HTMLResponse:
    html = templates.get_template(name).render(request=request, **context)
    return HTMLResponse(html, status_code=status)


@pages.get("/profiles", response_class=HTMLResponse)
async def profiles_page(request: Request) -> HTMLResponse:
    """Stored profiles, and a form to add one (writes need the admin token)."""
    rows = await on_store(request, lambda s: service.stored_profiles(s))
    return _render(request, "profiles.html", rows=rows, fields=PROFILE_FIELDS, error="", values={})


@pages.post("/profiles", response_class=HTMLResponse)
async def profiles_form(request: Request) -> Any:
    """The profile form: blank fields stay unknown; the admin token is a form field. A form
    refused (wrong token, a value that does not fit) comes back filled in as it was sent,
    with the field at fault named in Chinese, so nothing typed is lost."""
    form = await request.form(max_files=0, max_fields=len(PROFILE_FIELDS) + 4)
    raw = {k: str(v).strip() for k, v in form.items()}
    token = raw.pop("token", "")

    async def refused(status: int, message: str) -> HTMLResponse:
        # only a refused form lists the stored profiles again: a saved one redirects
        rows = await on_store(request, lambda s: service.stored_profiles(s))
        return _render(
            request,
            "profiles.html",
            status,
            rows=rows,
            fields=PROFILE_FIELDS,
            error=message,
            values=raw,
        )

    refusal = token_refusal(request, token, "保存企业画像")
    if refusal:
        return await refused(403, refusal)
    team = raw.get("team", "")  # kept in raw: a refused form shows it again
    try:
        firm = parse_profile(_form_fields(raw), "表单")
    except ProfileError as exc:
        return await refused(422, _form_problem(exc, raw))
    try:
        await write_store(request, lambda s: service.save_profile(s, firm, team, replace=True))
    except StoreError as exc:
        raise HTTPException(409, str(exc)) from exc
    return RedirectResponse(f"/profiles/{quote(firm.name)}", status_code=303)


#: what the form asks of a field of each kind, said when a value typed does not fit
FORM_EXPECTS = {
    "text": "请填写文字",
    "date": "请填写日期，如 2018-05-10",
    "number": "请填写不小于 0 的数字，如 5000 或 5,000",
    "bool": "请填写“是”或“否”",
    "list": "请用、或逗号分隔",
}
# where a list typed in one box splits: 、 , ， ; ； and line breaks
_LIST_SEPARATORS = re.compile(r"[、,，;；\n]")


def _form_problem(exc: ProfileError, raw: dict[str, str]) -> str:
    """A refused form value in Chinese: the field's label, what it takes, what was typed."""
    if exc.field == "name":
        return f"{FIELD_LABELS['name']}：必填，且不能含“/”"
    if exc.field not in PROFILE_FIELDS:
        return str(exc)
    expects = FORM_EXPECTS[PROFILE_FIELDS[exc.field][0]]
    return f"{FIELD_LABELS[exc.field]}：{expects}（填写的是“{raw.get(exc.field, '')}”）"


def _form_fields(raw: dict[str, str]) -> dict[str, Any]:
    """Form text as profile values: numbers, lists split at 、，,；; or a line
    break, and yes/no for booleans."""
    out: dict[str, Any] = {}
    for key, text in raw.items():
        if not text or key not in PROFILE_FIELDS:
            continue
        kind = PROFILE_FIELDS[key][0]
        if kind == "number":
            try:
                out[key] = float(text)
            except ValueError:
                out[key] = text  # parse_profile reads 5,000 or names the field
        elif kind == "list":
            out[key] = [p.strip() for p in _LIST_SEPARATORS.split(text) if p.strip()]
        elif kind == "bool":
            out[key] = {
                "yes": True,
                "true": True,
                "是": True,
                "no": False,
                "false": False,
                "否": False,
            }.get(text.lower(), text)
        else:
            out[key] = text
    return out


@pages.get("/profiles/{name}", response_class=HTMLResponse)
async def profile_page(
    request: Request, name: str, as_of: str | None = None, all: bool = False
) -> HTMLResponse:
    """A profile's open calls on a day (its form picks one, as /calls does), or with `all`
    every call judged on its own publish day: eligible soonest first, unknown with the question
    that would settle each, ineligible with the failing clause."""
    firm = await _stored(request, name)
    given = parse_day(as_of, "as_of")

    def load(store: SQLStore) -> tuple[tuple[date, str], list[dict[str, Any]]]:
        judged = store.calls_as_of(given)  # the day and why it is that day, as /calls says
        return judged, _match(request, store, firm, judged[0], all)

    (day, reason), rows = await on_store(request, load)
    groups = {v: [r for r in rows if r["verdict"] == v] for v in VERDICT_LABELS}
    return _render(
        request,
        "profile.html",
        profile=firm,
        known=known_fields(firm),
        day=day,
        as_of_reason=reason,
        every=all,
        groups=groups,
        verdict_labels=VERDICT_LABELS,
        questions={k: q for k, (_, q) in PROFILE_FIELDS.items()},
    )


def _match(
    request: Request, store: SQLStore, firm: Profile, day: date, every: bool
) -> list[dict[str, Any]]:
    """`service.match_calls` with the calls' conditions kept once per archive generation (the
    page cache): they do not depend on the profile, and 全部通知 reads every call."""
    known = from_cache(request.app.state.cache, "conditions", lambda s: {}, store)
    return service.match_calls(store, firm, day, every=every, known=known)


def _call_on(store: SQLStore, article: StoredArticle, day: date) -> dict[str, Any] | None:
    """The post as the calls board shows it on `day` (its deadline, moved by any extension,
    days left, open or closed), or None when it is no call then: a verdict on a call that has
    closed must say so, or 可申报 reads as "you can still apply". Only its own account's board
    is read (each call links to its own publish day, so a board kept per day would grow with
    the archive)."""
    if article.kind not in ACTION_KINDS:
        return None
    board = store.calls(status="all", as_of=day, accounts=(article.account,))
    return next((c for c in board if c["key"] == article.key), None)


def known_fields(firm: Profile) -> list[tuple[str, str, str]]:
    """A profile's known fields as the page shows them: (field, its Chinese label, the value
    as written: lists joined with 、, yes/no as 是/否, 45000.0 as 45000), not Python's repr."""

    def shown(value: Any) -> str:
        if isinstance(value, bool):
            return "是" if value else "否"
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        if isinstance(value, list):
            return "、".join(shown(v) for v in value)
        return str(value)

    return [
        (field, FIELD_LABELS.get(field, field), shown(value))
        for field, value in firm.to_json().items()
        if field != "name"
    ]


@pages.get("/eligibility/{ref:path}", response_class=HTMLResponse)
async def eligibility_page(
    request: Request, ref: str, profile: str = "", as_of: str | None = None
) -> HTMLResponse:
    """An article with each condition marked met / failed / unknown for the chosen profile
    (a profile that is not stored is a 404, as on /profiles/NAME, not a page judged by none)."""
    firm = await _stored(request, profile) if profile else None

    def load(store: SQLStore) -> Any:
        article = reads.find_article(store, ref)
        if article is None:
            return None
        found = service.article_conditions(store, article)
        names = [r.name for r in service.stored_profiles(store)]
        day = _day(store, as_of)
        verdict = judge(found, firm, day) if firm else None
        return article, found, names, verdict, day, _call_on(store, article, day)

    missing = f"没有这篇文章 (no article {ref!r})"
    article, found, names, verdict, day, call = await one_article(request, load, ref, missing)
    marks_data = (
        verdict.marks if verdict else [{**c.to_json(), "status": "", "missing": []} for c in found]
    )
    marks = [
        marked_text.Mark(
            m["start"],
            m["end"],
            f"cond cond-{m['status'] or 'plain'}",
            f"{STATUS_LABELS.get(m['status'], '条件')}：{FIELD_LABELS.get(m['field'], m['field'])}",
        )
        for m in marks_data
        if not m.get("implied")  # an implied place has no span in the text
    ]
    return _render(
        request,
        "eligibility.html",
        article=article,
        body=marked_text.article_html(article.content, marks),
        conditions=marks_data,
        names=names,
        chosen=profile,
        verdict=verdict,
        day=day,
        call=call,
        status_labels=STATUS_LABELS,
        field_labels=FIELD_LABELS,
        verdict_labels=VERDICT_LABELS,
    )
