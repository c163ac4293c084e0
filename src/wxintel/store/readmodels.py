"""Read models of the pages and commands: archive figures, calls with their facts flattened,
dated events, entities and their mentions, weekly activity. Each answers one view in a few
queries; none writes.

Functions of a store (its connection); `SQLStore` offers each as a method of the same name.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Mapping
from datetime import date
from typing import TYPE_CHECKING, Any

from wxintel import dates
from wxintel.model import ACTION_KINDS
from wxintel.options import CALL_STATUSES, ENTITY_KINDS, iso_day, one_of
from wxintel.store.sql import marks

if TYPE_CHECKING:
    from wxintel.store.sqlstore import SQLStore


MAX_ROW_ID = 2**63 - 1  # the largest id an INTEGER PRIMARY KEY or a BIGINT column holds


def stats(store: SQLStore) -> dict[str, Any]:
    """The figures of `wxintel stats --json`.

    Languages, stubs and reprints come from one pass over the articles (their columns have no
    index, so each separate count read every row: three passes, about 65 ms at 12k posts);
    the other figures are answered from indexes.
    """
    one = lambda sql: int(store.conn.execute(sql).fetchone()[0])  # noqa: E731
    accounts = dict(
        store.conn.execute(
            "SELECT account, COUNT(*) FROM articles GROUP BY account ORDER BY 2 DESC, 1"
        ).fetchall()
    )
    languages: dict[Any, int] = {}
    stubs = reprints = 0
    for lang, count, lang_stubs, lang_reprints in store.conn.execute(
        "SELECT lang, COUNT(*),"
        " SUM(CASE WHEN is_stub != 0 THEN 1 ELSE 0 END),"
        " SUM(CASE WHEN reprinted_from != '' THEN 1 ELSE 0 END)"
        " FROM articles GROUP BY lang ORDER BY 1"
    ):
        languages[lang] = int(count)
        stubs += int(lang_stubs)
        reprints += int(lang_reprints)
    kinds = dict(
        store.conn.execute("SELECT kind, COUNT(*) FROM articles GROUP BY kind ORDER BY 2 DESC, 1")
    )
    span = store.conn.execute(
        "SELECT MIN(published), MAX(published) FROM articles WHERE published != ''"
    ).fetchone()
    return {
        "articles": one("SELECT COUNT(*) FROM articles"),
        "accounts": accounts,
        "duplicates": one("SELECT COUNT(*) FROM articles WHERE duplicate_of IS NOT NULL"),
        "near_duplicates": one("SELECT COUNT(*) FROM near_duplicates"),
        "stubs": stubs,
        "reprints": reprints,
        "languages": languages,
        "kinds": kinds,
        "first": span[0],
        "last": span[1],
        "schema_version": store.schema_version(),
    }


def calls(
    store: SQLStore,
    status: str = "open",
    as_of: date | str | None = None,
    kinds: Iterable[str] = ACTION_KINDS,
    group: str | None = None,
    accounts: Iterable[str] = (),
) -> list[dict[str, Any]]:
    """Notices as the archive stood on `as_of` (published by then), with facts flattened and
    who to reach as the board lists them (`contact_items`), for the board, /api/calls, MCP
    `list_calls` and `calls --json` alike.

    open = deadline or period end on/after `as_of`; a notice published later did not exist
    yet on that day, so it is left out whatever its deadline. `group` keeps the accounts
    that group's sources brought; `accounts`, when given, keeps those accounts' notices.
    From a notebook `as_of` may be "2025-10-12" and `kinds` one kind ("call"); a status,
    day or kind the CLI would refuse raises InvalidOption (a ValueError) rather than
    matching nothing ("bogus", or "call" read as the kinds c, a, l, l), and so does an
    account or group with no stored posts (`reads.UnknownScope`, naming the stored ones).
    """
    from wxintel.link.collapse import annotate_calls  # link reads the store: import when used

    one_of("status", status, CALL_STATUSES)
    if isinstance(as_of, str):
        as_of = iso_day("as_of", as_of)
    kinds = [kinds] if isinstance(kinds, str) else list(kinds)
    for kind in kinds:
        one_of("kind", kind, ACTION_KINDS)
    accounts = [accounts] if isinstance(accounts, str) else list(accounts)
    known_scope(store, accounts, group)
    as_of, reason = calls_as_of(store, as_of)
    if not kinds:
        return []
    rows = store.conn.execute(
        f"SELECT id, key, aid, title, account, published, kind, url FROM articles "
        f"WHERE kind IN ({marks(len(kinds))}) AND duplicate_of IS NULL"
        f" AND substr(published, 1, 10) <= ? ORDER BY published, key",
        [*kinds, as_of.isoformat()],
    ).fetchall()
    if group:
        from wxintel.store.sources import SourceStore

        members = set(SourceStore(store).accounts_of_group(group))
        rows = [row for row in rows if row["account"] in members]
    chosen = set(accounts)
    if chosen:
        rows = [row for row in rows if row["account"] in chosen]
    notices = []
    for row in rows:
        notice = _notice(store, row)
        notice["url"] = row["url"]
        notice["as_of"], notice["as_of_reason"] = as_of.isoformat(), reason
        notices.append(notice)
    out = []
    for notice in annotate_calls(notices, store.conn, as_of):  # threads moved, reposts once
        due = _due(notice)
        notice["days_left"] = (dates.day(due) - as_of).days if due else None
        is_open = due is not None and notice["days_left"] >= 0
        notice["open"] = is_open  # the one open/closed rule, carried for every surface to read
        if (
            status == "all"
            or (status == "open" and is_open)
            or (status == "closed" and due is not None and not is_open)
        ):
            notice["contact_items"] = contact_items(notice)
            out.append(notice)
    return _board_order(out)


def known_scope(store: SQLStore, accounts: Iterable[str], group: str | None) -> None:
    """Raise `reads.UnknownScope` for an account or group with no stored posts."""
    from wxintel import reads  # reads the store: import when used

    problem = reads.scope_problem(store, accounts, group)
    if problem:
        raise reads.UnknownScope(problem)


def _board_order(notices: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Open calls first, nearest deadline first (what a reader can still act on); then closed
    ones, most recent deadline first (status=all listed the oldest closed call first, ahead of
    every open one); then calls with no deadline found, newest first."""
    # days_left is None exactly when no deadline was found (set in `calls`)
    still_open = sorted(
        (n for n in notices if n["days_left"] is not None and n["days_left"] >= 0),
        key=lambda n: (_due(n), n["published"]),
    )
    closed = sorted(
        (n for n in notices if n["days_left"] is not None and n["days_left"] < 0),
        key=lambda n: (_due(n), n["published"]),
        reverse=True,
    )
    undated = sorted(
        (n for n in notices if n["days_left"] is None), key=lambda n: n["published"], reverse=True
    )
    return still_open + closed + undated


def calls_as_of(store: SQLStore, given: date | None = None) -> tuple[date, str]:
    """The day `calls` judges open and closed on, and relative date words count from, and why
    (see `dates.reference_day`)."""
    if given is not None:
        return dates.reference_day(given, "")
    (newest,) = store.conn.execute(
        "SELECT MAX(published) FROM articles WHERE published != ''"
    ).fetchone()
    return dates.reference_day(None, newest or "")


def _notice(store: SQLStore, row: Any) -> dict[str, Any]:
    facts: dict[str, list[Any]] = {}
    for kind, value in store.conn.execute(
        "SELECT kind, value FROM facts WHERE article = ? ORDER BY seq", (row["id"],)
    ):
        facts.setdefault(kind, []).append(json.loads(value))
    return {
        "id": row["aid"],
        "key": row["key"],
        "title": row["title"],
        "account": row["account"],
        "published": row["published"],
        "kind": row["kind"],
        **flat_facts(facts),
    }


def flat_facts(facts: dict[str, list[Any]]) -> dict[str, Any]:
    """An article's facts (values by fact kind, in text order) as the fields a call carries
    on the board, in `/api/calls` and in exports: one home for their names."""
    first = lambda kind: (facts.get(kind) or [None])[0]  # noqa: E731
    return {
        "deadline": first("deadline"),
        "deadlines": facts.get("stated_deadline", []),  # every stated one: {"at", "for"}
        "period": first("period"),
        "signed": first("signed"),
        "issuers": facts.get("issuer", []),
        "contacts": facts.get("contact", []),
        "phones": facts.get("phone", []),
        # {"phone", "role"} for a phone its label gives a role (技术支持, 监督, 举报, 投诉); the
        # others are contact numbers (extract/phone_roles.py)
        "phone_roles": facts.get("phone_role", []),
        "emails": facts.get("email", []),
        "addresses": facts.get("address", []),
        "attachments": facts.get("attachment", []),
        "doc_numbers": facts.get("doc_number", []),
        "urls": facts.get("url", []),
    }


def phone_roles(call: Mapping[str, Any]) -> dict[str, str]:
    """A call's phones by role as their labels give it ({"12345": "举报"}); a contact number
    has none. `contact_items` writes the role beside the number."""
    return {r["phone"]: r["role"] for r in call.get("phone_roles") or () if r.get("phone")}


def contact_items(call: Mapping[str, Any]) -> list[dict[str, str]]:
    """Who to reach about a call, one item each (the board lists them, the feeds write them):
    named contacts with their phone, then the phones no contact names, then e-mails; never an
    empty item (a "联系： ·" with nothing). A phone whose label gives it a role (技术支持, 监督,
    举报, 投诉) says so, and the contact numbers come first: a reader with a question calls
    those."""
    roles = phone_roles(call)
    items = [
        {"name": c.get("name") or "", "phone": c.get("phone") or "", "email": "", "role": ""}
        for c in call.get("contacts") or ()
        if c.get("name") or c.get("phone")
    ]
    named = {item["phone"] for item in items}
    phones = [p for p in call.get("phones") or () if p and p not in named]
    items += [{"name": "", "phone": p, "email": "", "role": ""} for p in phones]
    for item in items:
        item["role"] = roles.get(item["phone"], "")
    items.sort(key=lambda item: bool(item["role"]))  # stable: contact numbers first
    items += [
        {"name": "", "phone": "", "email": e, "role": ""} for e in call.get("emails") or () if e
    ]
    return items


def contact_text(item: Mapping[str, str]) -> str:
    """One of `contact_items` as a line of text writes it ("陈珂 23117664",
    "029-88265555（技术支持）", an e-mail alone): the CLI's contacts cell and the feeds' 联系人
    line say it alike."""
    text = " ".join(part for part in (item["name"], item["phone"], item["email"]) if part)
    return f"{text}（{item['role']}）" if item["role"] else text


def phone_contacts(call: Mapping[str, Any]) -> list[str]:
    """The named contacts and numbers of `contact_items` as text, for a line of their own
    beside the e-mails' (the feeds' 联系人, the Markdown export's 联系). A call from `calls`
    carries its items already; an article row has none and builds them."""
    items = call["contact_items"] if "contact_items" in call else contact_items(call)
    return [contact_text(item) for item in items if item["name"] or item["phone"]]


def events(store: SQLStore) -> list[dict[str, Any]]:
    """Every event fact with a date, with the article it came from."""
    rows = store.conn.execute(
        "SELECT a.key, a.aid, a.title, a.account, f.value, f.span_start, f.span_end FROM facts f "
        "JOIN articles a ON a.id = f.article WHERE f.kind = 'event' AND a.duplicate_of IS NULL "
        "ORDER BY a.published, a.key, f.seq"
    )
    out = []
    for key, aid, title, account, value, start, end in rows:
        event = json.loads(value)
        if isinstance(event, dict) and event.get("start"):
            out.append(
                {
                    "key": key,
                    "id": aid,
                    "title": title,
                    "account": account,
                    "start_offset": start,
                    "end_offset": end,
                    **event,
                }
            )
    return out


def entities(
    store: SQLStore, kind: str | None = None, top: int = 50, offset: int = 0
) -> list[dict[str, Any]]:
    """Entities by number of articles mentioning them (then mentions), `top` from `offset`;
    a kind the CLI would refuse raises InvalidOption ("orgs" matched nothing)."""
    if kind:
        one_of("kind", kind, ENTITY_KINDS)
    where = "WHERE e.kind = ?" if kind else ""
    params: list[Any] = [kind] if kind else []
    rows = store.conn.execute(
        "SELECT e.id, e.kind, e.name, COUNT(*) AS count, COUNT(DISTINCT m.article) AS articles "
        f"FROM entities e JOIN mentions m ON m.entity = e.id {where} "
        "GROUP BY e.id ORDER BY articles DESC, count DESC, e.name, e.kind LIMIT ? OFFSET ?",
        [*params, top, offset],
    )
    return [dict(r) for r in rows]


def entity_counts(store: SQLStore) -> dict[str, int]:
    """How many entities of each kind are mentioned at all (the pages `entities` pages through)."""
    return dict(
        store.conn.execute(
            "SELECT kind, COUNT(*) FROM entities e"
            " WHERE EXISTS (SELECT 1 FROM mentions m WHERE m.entity = e.id) GROUP BY kind"
        ).fetchall()
    )


def entity(store: SQLStore, entity_id: int) -> dict[str, Any] | None:
    """One entity with every mention (newest first) and mentions per month."""
    if not 0 < entity_id <= MAX_ROW_ID:
        return None  # no row has it; SQLite cannot even bind an id beyond 64 bits
    row = store.conn.execute(
        "SELECT id, kind, name FROM entities WHERE id = ?", (entity_id,)
    ).fetchone()
    if row is None:
        return None
    mentions = [
        {**dict(r), "attrs": json.loads(r["attrs"])}
        for r in store.conn.execute(
            "SELECT a.key, a.aid AS id, a.title, a.published, m.surface,"
            ' m.span_start AS start, m.span_end AS "end", m.attrs'
            " FROM mentions m JOIN articles a ON a.id = m.article"
            " WHERE m.entity = ? ORDER BY a.published DESC, a.key, m.span_start, m.seq",
            (entity_id,),
        )
    ]
    by_month: Counter = Counter()
    for key in {(m["key"], m["published"][:7]) for m in mentions}:
        by_month[key[1]] += 1
    return {**dict(row), "mentions": mentions, "by_month": dict(sorted(by_month.items()))}


def activity(store: SQLStore, by: str = "account") -> dict[str, dict[str, int]]:
    """Articles per ISO week, split by account or by kind."""
    column = {"account": "account", "kind": "kind"}[by]
    out: dict[str, dict[str, int]] = {}
    for published, group in store.conn.execute(
        f"SELECT published, {column} FROM articles WHERE published != '' AND duplicate_of IS NULL"
    ):
        bucket = out.setdefault(dates.iso_week(dates.day(published)), {})
        bucket[group] = bucket.get(group, 0) + 1
    return dict(sorted(out.items()))


def _due(notice: dict[str, Any]) -> str | None:
    """A call's last day: its deadline, else the end of its period; None when neither was found."""
    return notice["deadline"] or (notice["period"][1] if notice["period"] else None)
