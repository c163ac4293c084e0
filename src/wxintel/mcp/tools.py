"""What the MCP tools do, as plain functions of a store returning compact JSON-able data.

Kept apart from the protocol so each is the same read the CLI and REST make. Results are
compact for an assistant's context: no body text unless asked, at most MAX_ITEMS items.
"""

from __future__ import annotations

import dataclasses
from datetime import date
from typing import Any

from wxintel import link
from wxintel.ask import ask as answer_question
from wxintel.briefs import PeriodError as BriefPeriodError
from wxintel.briefs import UnknownAccount, brief_period, build_brief, plan_for_group
from wxintel.model import ACTION_KINDS
from wxintel.nlp.periods import resolve_period
from wxintel.options import ARTICLE_KINDS, CALL_STATUSES, InvalidOption, iso_day, one_of
from wxintel.reads import Ambiguous, find_article, unknown_scope
from wxintel.search import MAX_OFFSET, SearchQuery
from wxintel.store import SQLStore

MAX_ITEMS = 20  # an assistant's context is small: a page of results, not an archive
MAX_TEXT_CHARS = 20_000  # body text returned when asked for, cut beyond this
# who to reach per call: a table of every district's office would crowd out the other calls
# (get_article gives them all); the seven accounts' calls list at most 6
MAX_CONTACT_ITEMS = 10
# what a brief's period errors call the arguments: get_brief's own names, as search_articles'
BRIEF_NAMES = {"week": "week", "day": "day", "from": "date_from", "to": "date_to"}


class ToolError(Exception):
    """A request the tool cannot serve; `code` is stable for clients to branch on."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


def _check(name: str, value: str | None, allowed: tuple[str, ...]) -> None:
    if value is not None:
        try:
            one_of(name, value, allowed)
        except InvalidOption as exc:
            raise ToolError("invalid_argument", str(exc)) from exc


def _day(name: str, value: str | None) -> date | None:
    try:
        return iso_day(name, value)
    except InvalidOption as exc:
        raise ToolError("invalid_argument", str(exc)) from exc


def _known(store: SQLStore, account: str | None) -> None:
    """An account with no stored posts is a mistake to report, not an empty result: not_found,
    as the REST API's 404 and the CLI's exit 4 say it."""
    problem = unknown_scope(store, [account])
    if problem:
        raise ToolError("not_found", problem)


def _filtered(
    store: SQLStore,
    text: str,
    account: str | None,
    kind: str | None,
    date_from: str | None,
    date_to: str | None,
    limit: int = 10,
    offset: int = 0,
    as_of: str | None = None,
) -> SearchQuery:
    """A search of `text` within the filters search_articles and ask take, its date words
    counted from `as_of` when given, checked: an unknown kind or a bad date is
    invalid_argument naming it, an account with no posts not_found."""
    _check("kind", kind, ARTICLE_KINDS)
    _known(store, account)
    search = SearchQuery(
        text=text,
        limit=limit,
        offset=offset,
        date_from=date_from,
        date_to=date_to,
        accounts=[account] if account else [],
        kinds=[kind] if kind else [],
        as_of=as_of,
    )
    problems = search.problems()
    if problems:
        raise ToolError("invalid_argument", "; ".join(f"{k} {v}" for k, v in problems.items()))
    return search


def _limit(limit: int) -> int:
    if not 1 <= limit <= MAX_ITEMS:
        raise ToolError("invalid_argument", f"limit must be between 1 and {MAX_ITEMS}, not {limit}")
    return limit


def _offset(offset: int) -> int:
    """An offset within search's bound (MAX_OFFSET), for every tool that pages."""
    if not 0 <= offset <= MAX_OFFSET:
        raise ToolError(
            "invalid_argument", f"offset must be between 0 and {MAX_OFFSET}, not {offset}"
        )
    return offset


def search_articles(
    store: SQLStore,
    query: str,
    account: str | None = None,
    kind: str | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
    limit: int = 10,
    offset: int = 0,
    as_of: str | None = None,
) -> dict[str, Any]:
    """Hits with title, account, date, kind, deadline and a plain-text snippet; `offset`
    pages on past the first 20 of `total`; date words counted from `as_of` when given."""
    search = _filtered(
        store, query, account, kind, date_from, date_to, _limit(limit), _offset(offset), as_of
    )
    result = store.search(dataclasses.replace(search, relax_dates=True))
    return {
        "total": result.total,
        "offset": offset,
        "message": result.message,
        "hits": [
            {
                "id": h.id,
                "key": h.key,
                "title": h.title,
                "account": h.account,
                "published": h.published,
                "kind": h.kind,
                "deadline": h.deadline or None,
                "snippet": h.snippet,
            }
            for h in result.hits
        ],
        # how the query was read: the publish dates its date words filter on, the day they
        # count from and why (the same period resolve_date_range gives)
        "understood": result.understood,
    }


def _article(store: SQLStore, ref: str) -> Any:
    try:
        article = find_article(store, ref)
    except Ambiguous as exc:
        choices = "; ".join(
            f"{c['key']} ({c['account']}, {c['published'][:10]}, {c['title']})"
            for c in exc.candidates_json()
        )  # one line per choice an assistant can read back, not a Python list's repr
        raise ToolError("ambiguous", f"{exc}; pass one of the keys: {choices}") from exc
    if article is None:
        raise ToolError("not_found", f"no article {ref!r}")
    return article


def get_article(store: SQLStore, ref: str, include_text: bool = False) -> dict[str, Any]:
    """One post by key or aid: metadata, facts with spans, duplicates, its repost cluster and
    call thread; its text only if asked."""
    article = _article(store, ref)
    out: dict[str, Any] = {
        "id": article.id,
        "key": article.key,
        "title": article.title,
        "account": article.account,
        "published": article.published,
        "url": article.url,
        "kind": article.kind,
        "deadline": article.deadline or None,
        "facts": [
            {"kind": f["kind"], "value": f["value"], "start": f["start"], "end": f["end"]}
            for f in store.facts(article.key)
            if f["kind"] not in ("figure", "policy_title")
        ][: 5 * MAX_ITEMS],
        "duplicates": store.duplicates(article.key)[:MAX_ITEMS],
        **link.article_links(store.conn, article.key),
        "chars": len(article.content),
    }
    if include_text:
        out["text"] = article.content[:MAX_TEXT_CHARS]
        out["text_truncated"] = len(article.content) > MAX_TEXT_CHARS
    return out


def list_calls(
    store: SQLStore,
    status: str = "open",
    as_of: str | None = None,
    account: str | None = None,
    kind: str | None = None,
    limit: int = MAX_ITEMS,
    offset: int = 0,
) -> dict[str, Any]:
    """Calls (申报, 征集, 遴选 …) as the archive stood on `as_of`, in the board's order (open
    ones soonest deadline first, then closed ones latest first, then undated ones: see
    `store.calls`); `offset` pages on past the first 20 of `total`."""
    _offset(offset)
    _check("status", status, CALL_STATUSES)
    _check("kind", kind, ACTION_KINDS)
    _known(store, account)
    day, reason = store.calls_as_of(_day("as_of", as_of))  # the calls' rule, as CLI and web
    calls = store.calls(status=status, as_of=day, kinds=(kind,) if kind else ACTION_KINDS)
    if account:
        calls = [c for c in calls if c["account"] == account]
    return {
        "as_of": day.isoformat(),
        "as_of_reason": reason,
        "total": len(calls),
        "offset": offset,
        "calls": [_call_row(c) for c in calls[offset : offset + _limit(limit)]],
    }


def _call_row(call: dict[str, Any]) -> dict[str, Any]:
    """A call as list_calls gives it: the board's fields, who to reach as the board lists them
    (`contact_items`, named contacts first: a call whose only contact is a number shows it), and
    where a later notice moved the deadline the one it moved from and how (延期 or 提前), as
    /api/calls, the board, the calls feed and the calendar say it; `deadline` alone read as
    the post's own deadline."""
    keep = ("id", "key", "title", "account", "published", "kind", "deadline", "days_left")
    row = {
        **{k: call.get(k) for k in keep},
        "contact_items": call["contact_items"][:MAX_CONTACT_ITEMS],
    }
    if call.get("deadline_moved"):
        row["deadline_was"] = call["deadline_was"]
        row["deadline_moved_as"] = call["deadline_moved_as"]
    return row


def get_thread(store: SQLStore, ref: str) -> dict[str, Any]:
    """The call thread (notice, extension, shortlist, results …) the post `ref` belongs to;
    an empty thread (no articles) for a post no thread holds. Only a post that does not exist
    is `not_found`, so an agent following list_calls → get_thread tells the two apart."""
    article = _article(store, ref)
    return link.thread_of(store.conn, article.key) or link.no_thread()


def list_reposts(store: SQLStore, account: str | None = None, limit: int = 10) -> dict[str, Any]:
    """Repost clusters (one text published by several posts), newest first."""
    _known(store, account)
    found = link.clusters(store.conn, account)
    return {"total": len(found), "clusters": found[: _limit(limit)]}


def match_profile(
    store: SQLStore,
    profile: dict[str, Any] | None = None,
    name: str | None = None,
    as_of: str | None = None,
    every: bool = False,
    limit: int = MAX_ITEMS,
) -> dict[str, Any]:
    """A firm profile's verdicts on the calls open on `as_of` (eligible first, soonest
    deadline first); the profile given as an object or by a stored profile's name (never a
    path: a client must not make the server read its files)."""
    from wxintel.match import ProfileError, parse_profile, service

    if profile is None and name is None:
        raise ToolError(
            "invalid_argument",
            "give a profile (an object) or the name of a stored profile (see wxintel://profiles)",
        )
    if profile is not None and name is not None:
        raise ToolError("invalid_argument", "give either profile (an object) or name, not both")
    try:
        firm = parse_profile(profile, "profile") if profile is not None else None
    except ProfileError as exc:
        raise ToolError("invalid_argument", str(exc)) from exc
    if firm is None:
        firm = service.stored_profile(store, name or "")
        if firm is None:
            raise ToolError("not_found", f"no stored profile {name!r}")
    day = _day("as_of", as_of) or service.default_as_of(store)
    verdicts = service.match_calls(store, firm, day, every=every)
    return {"as_of": day.isoformat(), "total": len(verdicts), "calls": verdicts[: _limit(limit)]}


def profiles(store: SQLStore) -> dict[str, Any]:
    """The stored firm profiles, by name, with their fields."""
    from wxintel.match import service

    return {"profiles": [row.to_json() for row in service.stored_profiles(store)]}


def ask(
    store: SQLStore,
    question: str,
    llm_url: str | None = None,
    account: str | None = None,
    kind: str | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
    as_of: str | None = None,
) -> dict[str, Any]:
    """A cited answer or a refusal, exactly as `wxintel ask --json` prints it; from the posts
    within account, kind and the publish dates when given (search_articles' filters), its
    date words counted from `as_of` when given (`ask --as-of`)."""
    if not question.strip():
        raise ToolError("invalid_argument", "question must not be empty")
    scope = None
    if account or kind or date_from or date_to or as_of:
        scope = _filtered(store, "", account, kind, date_from, date_to, as_of=as_of)
    return answer_question(store, question, llm_url=llm_url, scope=scope).to_json()


def get_brief(
    store: SQLStore,
    week: str | None = None,
    day: str | None = None,
    account: str | None = None,
    group: str | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
) -> dict[str, Any]:
    """The brief of the week holding `week` (as the account's digests run), of one `day`, or
    of the days date_from to date_to (resolve_date_range's from/to: 上周, 9月上半月); the
    latest complete week by default; `account` briefs that account's posts only, `group` the
    accounts a group of sources brings (within `account` when both are given), as the web's
    `group=` does."""
    try:
        plan = plan_for_group(store, group, [account] if account else [])
        start, end = brief_period(plan, week, day, date_from, date_to, BRIEF_NAMES)
    except BriefPeriodError as exc:
        raise ToolError("invalid_argument", str(exc)) from exc
    except UnknownAccount as exc:
        raise ToolError("not_found", str(exc)) from exc
    # at most MAX_ITEMS items in all, the brief's best (its own bound when that is smaller)
    brief = build_brief(store, start, end, plan=plan, most=MAX_ITEMS).to_json()
    for section in brief["sections"]:
        # items as search's hits and list_calls' calls are: by key, without the address (a
        # WeChat link with its chksm is ~230 characters, 43% of a week's brief); get_article
        # gives it
        section["items"] = [
            {k: v for k, v in item.items() if k != "url"} for item in section["items"]
        ]
    return brief


def resolve_date_range(store: SQLStore, text: str, today: str | None = None) -> dict[str, Any]:
    """A period in words (上周, 2026年1月) as from/to days, seen from `today`; by default from
    the day search counts its date words from (today, or the archive's newest post when the
    archive ends before today: `dates.reference_day`), so 上个月 here is 上个月 in search. A
    month without a year is, as in search, the latest such month the archive reaches too
    (`periods.month_day`), whatever `today` is given."""
    archive = store.calls_as_of()  # the day date words count from when no `today` is given
    day, reason = store.calls_as_of(_day("today", today)) if today else archive
    try:
        first, last = resolve_period(text, day, archive[0])
    except ValueError as exc:
        raise ToolError("invalid_argument", str(exc)) from exc
    except OverflowError as exc:  # 上周 seen from 0001-01-01: before the calendar's first day
        message = f"{text!r} seen from {day.isoformat()} falls outside the calendar"
        raise ToolError("invalid_argument", message) from exc
    return {
        "text": text,
        "from": first.isoformat(),
        "to": last.isoformat(),
        "as_of": day.isoformat(),
        "as_of_reason": reason,
    }


def accounts(store: SQLStore) -> dict[str, Any]:
    """Every account with its number of posts, most posts first."""
    counts = store.stats()["accounts"]
    return {"accounts": [{"account": name, "articles": n} for name, n in counts.items()]}


def account(store: SQLStore, name: str) -> dict[str, Any]:
    """One account: its posts by kind (most first) and its first and last post dates."""
    rows = store.account_kinds(name)
    if not rows:
        raise ToolError("not_found", f"no account {name!r}")
    firsts = [first for _, _, first, _ in rows if first]
    lasts = [last for _, _, _, last in rows if last]
    return {
        "account": name,
        "articles": sum(n for _, n, _, _ in rows),
        "kinds": {kind: n for kind, n, _, _ in rows},
        "first": min(firsts, default=None),
        "last": max(lasts, default=None),
    }


# -- writes (the server lets them through only with the admin token, see server.py) ----------


def add_source(store: SQLStore, url: str, name: str = "", group: str = "", every: str = "") -> dict:
    """Subscribe to a feed, as `wxintel sources add` does; the next poll reads it."""
    from wxintel.store import StoreError
    from wxintel.subscribe.subscriptions import DEFAULT_EVERY
    from wxintel.subscribe.subscriptions import add_source as subscribe

    try:
        row = subscribe(store, url, name, group, every or DEFAULT_EVERY)
    except StoreError as exc:
        raise ToolError("invalid_argument", str(exc)) from exc
    return {"id": row.id, "url": row.url, "name": row.name, "group": row.group}


def save_profile(store: SQLStore, profile: dict[str, Any], replace: bool = False) -> dict:
    """Store a firm profile under its `name` for match_profile; an existing one is replaced
    only with `replace`."""
    from wxintel.match import ProfileError, parse_profile, service

    try:
        firm = parse_profile(profile, "profile")
    except ProfileError as exc:
        raise ToolError("invalid_argument", str(exc)) from exc
    if not replace and service.stored_profile(store, firm.name) is not None:
        raise ToolError("conflict", f"a profile {firm.name!r} is stored: pass replace to change it")
    created = service.save_profile(store, firm, replace=replace)
    return {"name": firm.name, "created": created}


def add_watch(
    store: SQLStore,
    name: str,
    query: str,
    accounts: list[str] | None = None,
    kinds: list[str] | None = None,
    calls_only: bool = False,
    webhook: str = "",
) -> dict:
    """Save a watchlist, as `wxintel watch add` does; `watch run` reports what is new for it."""
    from wxintel.store import StoreError
    from wxintel.watch import WatchFilters, add_watchlist, get_watchlist

    for kind in kinds or []:
        _check("kind", kind, ARTICLE_KINDS)
    if get_watchlist(store, name.strip()) is not None:
        raise ToolError("conflict", f"a watchlist {name.strip()!r} exists")
    filters = WatchFilters(list(accounts or []), list(kinds or []), calls_only=calls_only)
    try:
        saved = add_watchlist(store, name.strip(), query, filters, webhook)
    except StoreError as exc:
        raise ToolError("invalid_argument", str(exc)) from exc
    # kept, as `watch add` keeps it (the posts may come with a source not polled yet), but a
    # mistyped account would match nothing forever: say so, for the assistant to tell the user
    unknown = unknown_scope(store, accounts or [])
    return {**saved.to_json(), **({"warning": unknown} if unknown else {})}


# -- removals: each undoes what one write tool adds, under the same rule as the writes ------


def remove_source(store: SQLStore, source: str) -> dict:
    """Unsubscribe a source by its id, URL or name, as `wxintel sources remove` does; the
    posts it brought stay in the archive. A name several sources share is refused, naming
    their ids, rather than removing one of them by chance."""
    from wxintel.store import StoreError
    from wxintel.subscribe.subscriptions import remove_source as unsubscribe

    try:
        row = unsubscribe(store, source.strip())
    except StoreError as exc:
        code = "not_found" if str(exc).startswith("no source") else "conflict"
        raise ToolError(code, str(exc)) from exc
    return {"id": row.id, "url": row.url, "name": row.name, "removed": True}


def delete_profile(store: SQLStore, name: str) -> dict:
    """Delete a stored firm profile, as `wxintel profiles remove` and DELETE /api/profiles do."""
    from wxintel.match import service

    if not service.remove_profile(store, name.strip()):
        raise ToolError("not_found", f"no stored profile {name.strip()!r}")
    return {"name": name.strip(), "removed": True}


def remove_watch(store: SQLStore, name: str) -> dict:
    """Delete a watchlist, as `wxintel watch remove` does."""
    from wxintel.watch import remove_watchlist

    if not remove_watchlist(store, name.strip()):
        raise ToolError("not_found", f"no watchlist {name.strip()!r}")
    return {"name": name.strip(), "removed": True}
