"""Reading articles back: by key or aid, in date order, with their facts, mentions, tables and
copies, and as the documents the search index is built from.

Functions of a store (its connection); `SQLStore` offers each as a method of the same name.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

from wxintel.store.records import StoredArticle
from wxintel.store.sql import PAGE, chunks, marks

if TYPE_CHECKING:
    from wxintel.search import SearchDoc
    from wxintel.store.sqlstore import SQLStore

ARTICLE_COLUMNS = (
    "key, aid, account, title, url, published, content, author, lang, is_stub, reprinted_from,"
    " duplicate_of, kind, kind_rule, tags, deadline, source_url, biz, mid, idx, sn, extra, origin"
)


def _article(row: Any) -> StoredArticle:
    data = dict(row)
    data["id"] = data.pop("aid")
    data["is_stub"] = bool(data["is_stub"])
    data["tags"] = json.loads(data["tags"])
    data["extra"] = json.loads(data["extra"])
    return StoredArticle(**data)


def resolve(store: SQLStore, ref: str) -> list[StoredArticle]:
    """Articles a user means by `ref`: an exact key, else every article with that aid."""
    rows = store.conn.execute(
        f"SELECT {ARTICLE_COLUMNS} FROM articles WHERE key = ?", (ref,)
    ).fetchall()
    if not rows:
        rows = store.conn.execute(
            f"SELECT {ARTICLE_COLUMNS} FROM articles WHERE aid = ? ORDER BY key", (ref,)
        ).fetchall()
    return [_article(r) for r in rows]


def get(store: SQLStore, key: str) -> StoredArticle | None:
    row = store.conn.execute(
        f"SELECT {ARTICLE_COLUMNS} FROM articles WHERE key = ?", (key,)
    ).fetchone()
    return _article(row) if row else None


def account_of_biz(store: SQLStore, biz: str) -> str:
    """The account a stored post of this WeChat account id (a link's __biz) names, or ""."""
    row = store.conn.execute(
        "SELECT account FROM articles WHERE biz = ? AND account <> '' LIMIT 1", (biz,)
    ).fetchone()
    return row[0] if row else ""


def iter_articles(
    store: SQLStore,
    date_from: str | None = None,
    date_to: str | None = None,
    accounts: Iterable[str] = (),
    kinds: Iterable[str] = (),
) -> Iterator[StoredArticle]:
    """Every stored article (duplicates included), oldest first, optionally filtered."""
    where, params = _filters(date_from, date_to, list(accounts), list(kinds))
    sql = f"SELECT {ARTICLE_COLUMNS} FROM articles {where} ORDER BY published, key"
    for row in store.conn.execute(sql, params):
        yield _article(row)


def newest(
    store: SQLStore, limit: int, accounts: Iterable[str] = (), kinds: Iterable[str] = ()
) -> list[StoredArticle]:
    """The `limit` newest originals (duplicates left out), newest first, optionally filtered.

    Reads the newest rows through the published index, so a group of quiet accounts still gets
    its own latest posts rather than whatever the whole archive published last month.
    """
    where, params = _filters(None, None, list(accounts), list(kinds))
    where = f"{where} AND duplicate_of IS NULL" if where else "WHERE duplicate_of IS NULL"
    order = "ORDER BY published DESC, key DESC LIMIT ?"
    sql = f"SELECT {ARTICLE_COLUMNS} FROM articles {where} {order}"
    return [_article(row) for row in store.conn.execute(sql, [*params, limit])]


def count(store: SQLStore) -> int:
    return int(store.conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0])


def facts(store: SQLStore, key: str) -> list[dict[str, Any]]:
    rows = store.conn.execute(
        'SELECT f.kind, f.value, f.span_start AS start, f.span_end AS "end", f.text'
        " FROM facts f JOIN articles a ON a.id = f.article WHERE a.key = ? ORDER BY f.seq",
        (key,),
    )
    return [{**dict(r), "value": json.loads(r["value"])} for r in rows]


def facts_of(store: SQLStore, keys: Iterable[str]) -> dict[str, list[dict[str, Any]]]:
    """The facts of several articles by key, read in pages rather than one query per article
    (a brief reads those of every notice it lists)."""
    wanted = list(dict.fromkeys(keys))
    out: dict[str, list[dict[str, Any]]] = {key: [] for key in wanted}
    for chunk in chunks(wanted):
        rows = store.conn.execute(
            'SELECT a.key, f.kind, f.value, f.span_start AS start, f.span_end AS "end", f.text'
            " FROM facts f JOIN articles a ON a.id = f.article"
            f" WHERE a.key IN ({marks(len(chunk))}) ORDER BY a.key, f.seq",
            list(chunk),
        )
        for row in rows:
            fact = dict(row)
            out[fact.pop("key")].append({**fact, "value": json.loads(fact["value"])})
    return out


def extraction_counts(store: SQLStore, keys: Iterable[str]) -> dict[str, dict[str, int]]:
    """What extraction found in several articles, counted: distinct entities per kind
    ("entity:org", "entity:industry" …) and facts per kind ("fact:figure", "fact:doc_number" …),
    by key, in one query a page (a brief weighs every post of its period by them)."""
    wanted = list(dict.fromkeys(keys))
    out: dict[str, dict[str, int]] = {key: {} for key in wanted}
    for chunk in chunks(wanted, PAGE // 2):  # each key is bound twice
        where = f"a.key IN ({marks(len(chunk))})"
        rows = store.conn.execute(
            "SELECT a.key, 'entity:' || e.kind AS kind, COUNT(DISTINCT m.entity) AS n"
            " FROM mentions m JOIN entities e ON e.id = m.entity"
            f" JOIN articles a ON a.id = m.article WHERE {where} GROUP BY a.key, e.kind"
            " UNION ALL"
            " SELECT a.key, 'fact:' || f.kind AS kind, COUNT(*) AS n"
            f" FROM facts f JOIN articles a ON a.id = f.article WHERE {where}"
            " GROUP BY a.key, f.kind",
            [*chunk, *chunk],
        )
        for row in rows:
            out[row["key"]][row["kind"]] = int(row["n"])
    return out


def mentions(store: SQLStore, key: str) -> list[dict[str, Any]]:
    rows = store.conn.execute(
        'SELECT e.kind, e.name, m.surface, m.span_start AS start, m.span_end AS "end",'
        " m.attrs FROM mentions m "
        "JOIN entities e ON e.id = m.entity JOIN articles a ON a.id = m.article "
        "WHERE a.key = ? ORDER BY m.span_start, m.seq",
        (key,),
    )
    return [{**dict(r), "attrs": json.loads(r["attrs"])} for r in rows]


def tables(store: SQLStore, key: str) -> list[dict[str, Any]]:
    rows = store.conn.execute(
        "SELECT t.columns, t.rows, t.span_start, t.span_end FROM doc_tables t "
        "JOIN articles a ON a.id = t.article WHERE a.key = ? ORDER BY t.seq",
        (key,),
    )
    return [
        {"columns": json.loads(r[0]), "rows": json.loads(r[1]), "start": r[2], "end": r[3]}
        for r in rows
    ]


def duplicates(store: SQLStore, key: str) -> list[dict[str, Any]]:
    """Exact copies pointing at this article, and near-duplicates either way, each with its
    account and publish date (copies often share a title: these tell them apart)."""
    copies = [
        {**_listed(r), "similarity": 1.0, "relation": "duplicate"}
        for r in store.conn.execute(
            "SELECT key, aid, title, account, published FROM articles WHERE duplicate_of = ? "
            "ORDER BY key",
            (key,),
        )
    ]
    near = [
        {**_listed(r), "similarity": r[5], "relation": "near"}
        for r in store.conn.execute(
            "SELECT o.key, o.aid, o.title, o.account, o.published, n.similarity FROM articles me "
            "JOIN near_duplicates n ON me.id IN (n.a, n.b) "
            "JOIN articles o ON o.id = CASE WHEN n.a = me.id THEN n.b ELSE n.a END "
            "WHERE me.key = ? ORDER BY n.similarity DESC, o.key",
            (key,),
        )
    ]
    return copies + near


def _listed(row: Any) -> dict[str, Any]:
    """A related article as a list shows it: key, id, title, account, published."""
    return {"key": row[0], "id": row[1], "title": row[2], "account": row[3], "published": row[4]}


def near_duplicate_pairs(
    store: SQLStore, date_from: str, date_to: str, accounts: Iterable[str] = ()
) -> list[tuple[str, str]]:
    """Key pairs of linked near-duplicates published in a period: one query for a brief."""
    where, params = _filters(date_from, date_to, list(accounts), [])
    sql = (
        "SELECT x.key, y.key FROM near_duplicates n "
        "JOIN articles x ON x.id = n.a JOIN articles y ON y.id = n.b "
        f"WHERE n.a IN (SELECT id FROM articles {where}) "
        f"AND n.b IN (SELECT id FROM articles {where}) ORDER BY x.key, y.key"
    )
    return [(r[0], r[1]) for r in store.conn.execute(sql, [*params, *params])]


def accounts(store: SQLStore) -> list[str]:
    """Every account with stored posts, by name."""
    rows = store.conn.execute("SELECT DISTINCT account FROM articles ORDER BY account")
    return [r[0] for r in rows]


def holds_account(store: SQLStore, account: str) -> bool:
    """Whether `account` has stored posts: one look in the (account, published) index, where
    `accounts` scans every post (10 ms at 100k posts)."""
    row = store.conn.execute("SELECT 1 FROM articles WHERE account = ? LIMIT 1", (account,))
    return row.fetchone() is not None


def account_kinds(store: SQLStore, account: str) -> list[tuple[str, int, str | None, str | None]]:
    """One account's posts (duplicates included) by kind: (kind, posts, first day, last day),
    most posts first; [] when it has none. One aggregate query: the account resource read every
    post of the account to count them (about 0.35 s for 5,000 posts)."""
    day = "CASE WHEN published != '' THEN substr(published, 1, 10) END"
    rows = store.conn.execute(
        f"SELECT kind, COUNT(*), MIN({day}), MAX({day}) FROM articles WHERE account = ?"
        " GROUP BY kind ORDER BY 2 DESC, 1",
        (account,),
    )
    return [(r[0], int(r[1]), r[2], r[3]) for r in rows]


def search_docs(store: SQLStore, keys: list[str] | None = None) -> Iterator[SearchDoc]:
    """What the search index needs of each article (all, or the given keys).

    Read a page at a time, with one identifier query per page: a full rebuild of a large
    archive neither holds every article in memory nor queries once per article.
    """
    from wxintel.search import SearchDoc

    sql = (
        "SELECT a.id AS rid, a.key, a.aid, a.title, a.content, a.account, a.published,"
        " a.kind, a.lang, a.is_stub, a.duplicate_of, a.tags, a.deadline FROM articles a"
    )
    for rows in _search_doc_pages(store, sql, keys):
        identifiers = _identifiers(store, [row["rid"] for row in rows])
        for row in rows:
            yield SearchDoc(
                key=row["key"],
                id=row["aid"],
                title=row["title"],
                content=row["content"],
                account=row["account"],
                published=row["published"],
                kind=row["kind"],
                lang=row["lang"],
                is_stub=bool(row["is_stub"]),
                duplicate_of=row["duplicate_of"] or "",
                tags=json.loads(row["tags"]),
                has_deadline=bool(row["deadline"]),
                deadline=row["deadline"],
                ids=identifiers.get(row["rid"], []),
            )


def texts(store: SQLStore, keys: Sequence[str]) -> dict[str, str]:
    """The bodies of the given article keys, in one query per PAGE keys: the search index
    indexes bodies without storing them and reads the few it shows or re-ranks from here."""
    out: dict[str, str] = {}
    for chunk in chunks(list(keys)):
        rows = store.conn.execute(
            f"SELECT key, content FROM articles WHERE key IN ({marks(len(chunk))})", chunk
        )
        out.update((row[0], row[1]) for row in rows)
    return out


def _search_doc_pages(store: SQLStore, sql: str, keys: list[str] | None) -> Iterator[list[Any]]:
    if keys is not None:
        for chunk in chunks(keys):
            yield store.conn.execute(
                f"{sql} WHERE a.key IN ({marks(len(chunk))})", chunk
            ).fetchall()
        return
    after = 0
    while rows := store.conn.execute(
        f"{sql} WHERE a.id > ? ORDER BY a.id LIMIT {PAGE}", (after,)
    ).fetchall():
        yield rows
        after = rows[-1]["rid"]


def _identifiers(store: SQLStore, article_ids: list[int]) -> dict[int, list[str]]:
    """Doc numbers, phones, e-mails and URLs of the given articles, indexed whole."""
    out: dict[int, list[str]] = {}
    if not article_ids:
        return out
    for article, value in store.conn.execute(
        f"SELECT article, value FROM facts WHERE article IN ({marks(len(article_ids))}) AND kind IN"
        " ('doc_number', 'phone', 'email', 'url') ORDER BY article, seq",
        article_ids,
    ):
        identifier = json.loads(value)
        if isinstance(identifier, str):
            out.setdefault(article, []).append(identifier)
    return out


def _filters(
    date_from: str | None, date_to: str | None, accounts: list[str], kinds: list[str]
) -> tuple[str, list[Any]]:
    clauses: list[str] = []
    params: list[Any] = []
    if date_from:
        clauses.append("published >= ?")
        params.append(date_from)
    if date_to:
        clauses.append("substr(published, 1, 10) <= ?")
        params.append(date_to)
    if accounts:
        clauses.append(f"account IN ({marks(len(accounts))})")
        params.extend(accounts)
    if kinds:
        clauses.append(f"kind IN ({marks(len(kinds))})")
        params.extend(kinds)
    return ("WHERE " + " AND ".join(clauses) if clauses else ""), params
