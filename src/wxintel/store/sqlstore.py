"""The store's logic in portable SQL: SQLite (3.35+) and PostgreSQL (15+) run it unchanged.

The database is the system of record. The search index is derived state: it records the store
generation it reflects and is rebuilt from the database whenever the two disagree (after a
crash between the two commits, say). Subclasses supply only the connection (whose `execute`
takes `?` placeholders and returns rows readable by name and by position), how a write
transaction begins, where the schema version is kept, and where the index lives.
"""

from __future__ import annotations

import json
from abc import ABC, abstractmethod
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

from wxintel import dedupe
from wxintel.store.indexlock import write_exclusively
from wxintel.store.records import CALL_KINDS, Prepared, StoredArticle, WriteResult
from wxintel.store.schema import SCHEMA_VERSION, migrations, statements

PAGE = 500  # rows per query where a list of keys or the whole table is read in parts
ARTICLE_COLUMNS = (
    "key, aid, account, title, url, published, content, author, lang, is_stub, reprinted_from,"
    " duplicate_of, kind, kind_rule, tags, deadline, source_url, biz, mid, idx, sn, extra, origin"
)


class StoreError(Exception):
    """A problem with the database itself, explained for the user."""


class SQLStore(ABC):
    """All database I/O of wxintel, on any connection that speaks the portable SQL."""

    dialect: str
    #: what the driver raises on a UNIQUE or foreign-key violation
    integrity_errors: tuple[type[Exception], ...]
    conn: Any

    def _open(self) -> None:
        """Called by subclasses once `self.conn` is connected: migrate, no index loaded yet."""
        self._index: Any = None
        self.index_behind = ""  # why the last index write was put off ("" when it ran)
        self._migrate()

    # -- backend specifics ----------------------------------------------------------------

    @property
    @abstractmethod
    def location(self) -> str:
        """Where the data lives, for messages (a file path, or a server and database)."""

    @property
    @abstractmethod
    def index_path(self) -> Path:
        """The directory of the search index derived from this database."""

    @property
    @abstractmethod
    def rejects_path(self) -> Path:
        """The JSON Lines file that keeps records an ingest into this store rejected."""

    @abstractmethod
    def schema_version(self) -> int:
        """The schema version the database is at (0 when it is empty)."""

    @abstractmethod
    def _begin(self) -> None:
        """Start a write transaction that excludes other writers until it ends."""

    def _record_version(self, number: int) -> None:
        """Remember the schema version reached, inside the migration's transaction."""
        self._set_meta("schema_version", str(number))

    # -- schema -------------------------------------------------------------------------

    def _migrate(self) -> None:
        version = self.schema_version()
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"{self.location} was made by a newer wxintel (schema version {version}); "
                f"this version knows up to {SCHEMA_VERSION}. Upgrade wxintel to open it."
            )
        scripts = migrations(self.dialect)
        for number in range(version + 1, SCHEMA_VERSION + 1):
            with self.transaction():
                if self.schema_version() >= number:
                    continue  # another process migrated while we waited for the write lock
                for statement in statements(scripts[number - 1]):
                    self.conn.execute(statement)
                self._record_version(number)

    @contextmanager
    def transaction(self) -> Iterator[Any]:
        """One atomic unit: everything inside commits together or not at all."""
        self._begin()
        try:
            yield self.conn
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")

    def _set_meta(self, key: str, value: str) -> None:
        self.conn.execute(
            "INSERT INTO meta(key, value) VALUES (?, ?) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            (key, value),
        )

    def meta(self, key: str, default: str = "") -> str:
        row = self.conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else default

    def generation(self) -> int:
        """Bumped by every batch that changed something; the search index follows it."""
        return int(self.meta("generation", "0"))

    def close(self) -> None:
        self.conn.close()

    # -- ingest -------------------------------------------------------------------------

    def existing_hashes(self, keys: Iterable[str]) -> dict[str, str]:
        """raw_hash of the given keys that are already stored."""
        out: dict[str, str] = {}
        keys = list(keys)
        for chunk in _chunks(keys, PAGE):
            marks = ",".join("?" * len(chunk))
            sql = f"SELECT key, raw_hash FROM articles WHERE key IN ({marks})"
            out.update({row[0]: row[1] for row in self.conn.execute(sql, chunk)})
        return out

    def account_edge_counts(self, account: str, exclude: Iterable[str] = ()) -> tuple[int, Counter]:
        """How many posts the account has stored, and how often each edge line recurs in them."""
        excluded = list(exclude)
        marks = ",".join("?" * len(excluded))
        skip = f" AND a.key NOT IN ({marks})" if excluded else ""
        total = self.conn.execute(
            f"SELECT COUNT(*) FROM articles a WHERE a.account = ?{skip}", (account, *excluded)
        ).fetchone()[0]
        rows = self.conn.execute(
            "SELECT e.line, COUNT(*) FROM edge_lines e JOIN articles a ON a.id = e.article "
            f"WHERE e.account = ?{skip} GROUP BY e.line HAVING COUNT(*) >= 2",
            (account, *excluded),
        )
        return total, Counter({line: n for line, n in rows})

    def raw_articles_of_account(self, account: str) -> Iterator[tuple[str, dict[str, Any]]]:
        """An account's posts as they were read, to re-clean them when its boilerplate changes."""
        rows = self.conn.execute(
            "SELECT key, aid, account, title, url, published, author, biz, mid, idx, sn,"
            " source_url, extra, origin, raw_content, content FROM articles WHERE account = ?"
            " ORDER BY id",
            (account,),
        )
        for row in rows:
            record = dict(row)
            record["extra"] = json.loads(record["extra"])
            yield record["key"], record

    def write_batch(self, batch: list[Prepared], force: bool = False) -> WriteResult:
        """Write one batch in one transaction: rows, derived facts, duplicate links.

        `force` rewrites rows whose input is unchanged (after cleaning rules changed).
        """
        result = WriteResult()
        if not batch:
            return result
        existing = self.existing_hashes(p.key for p in batch)
        changed: list[tuple[int, Prepared]] = []
        with self.transaction():
            for prepared in batch:
                old_hash = existing.get(prepared.key)
                if old_hash == prepared.raw_hash and not force:
                    result.unchanged += 1
                    continue
                row_id = self._upsert_article(prepared, is_new=old_hash is None)
                if old_hash is None:
                    result.added += 1
                else:
                    result.updated += 1
                self._replace_derived(row_id, prepared)
                changed.append((row_id, prepared))
            if changed:
                result.duplicates = self._link_duplicates(changed)
                result.near_duplicates = self._link_near_duplicates(changed)
                self._set_meta("generation", str(self.generation() + 1))
        if changed:
            self._sync_index([p.key for _, p in changed])
        return result

    def _upsert_article(self, p: Prepared, is_new: bool) -> int:
        a, e = p.article, p.enrichment
        deadline = next((f.value for f in e.facts if f.kind == "deadline"), "")
        values = {
            "key": p.key,
            "aid": dedupe.public_id(a, p.key),
            "account": a.account,
            "title": a.title,
            "url": a.url,
            "published": a.published,
            "author": a.author,
            "biz": a.biz,
            "mid": a.mid,
            "idx": a.idx,
            "sn": a.sn,
            "source_url": a.source_url,
            "extra": json.dumps(a.extra, ensure_ascii=False, sort_keys=True, default=str),
            "origin": a.origin,
            "raw_content": a.raw_content,
            "raw_hash": p.raw_hash,
            "content": a.content,
            "content_hash": p.content_hash,
            "title_key": p.title_key,
            "lang": a.lang,
            "is_stub": int(a.is_stub),
            "reprinted_from": a.reprinted_from,
            "kind": e.kind,
            "kind_rule": e.kind_rule,
            "tags": json.dumps(e.tags, ensure_ascii=False),
            "deadline": deadline if isinstance(deadline, str) else "",
            "signature": dedupe.signature_bytes(p.signature) if p.signature is not None else None,
        }
        if is_new:
            cols = ", ".join(values)
            marks = ", ".join("?" * len(values))
            sql = f"INSERT INTO articles ({cols}) VALUES ({marks}) RETURNING id"
            return _returned_id(self.conn.execute(sql, list(values.values())))
        updated = [c for c in values if c != "key"]
        sets = ", ".join(f"{c} = ?" for c in updated)
        sql = f"UPDATE articles SET {sets} WHERE key = ? RETURNING id"
        return _returned_id(self.conn.execute(sql, [*(values[c] for c in updated), p.key]))

    def _replace_derived(self, row_id: int, p: Prepared) -> None:
        for table in ("edge_lines", "lsh_buckets", "facts", "mentions", "doc_tables"):
            self.conn.execute(f"DELETE FROM {table} WHERE article = ?", (row_id,))
        self.conn.execute("DELETE FROM near_duplicates WHERE a = ? OR b = ?", (row_id, row_id))
        self.conn.executemany(
            "INSERT INTO edge_lines(article, account, line) VALUES (?, ?, ?)",
            [(row_id, p.article.account, line) for line in sorted(p.edge_lines)],
        )
        if p.signature is not None:
            self.conn.executemany(
                "INSERT INTO lsh_buckets(article, band, bucket) VALUES (?, ?, ?)",
                [(row_id, band, bucket) for band, bucket in dedupe.band_hashes(p.signature)],
            )
        e = p.enrichment
        self.conn.executemany(
            "INSERT INTO facts(article, seq, kind, value, span_start, span_end, text)"
            " VALUES (?,?,?,?,?,?,?)",
            [
                (row_id, i, f.kind, json.dumps(f.value, ensure_ascii=False), f.start, f.end, f.text)
                for i, f in enumerate(e.facts)
            ],
        )
        for seq, m in enumerate(e.mentions):
            entity = self._entity_id(m.kind, m.name)
            self.conn.execute(
                "INSERT INTO mentions(article, seq, entity, surface, span_start, span_end, attrs)"
                " VALUES (?,?,?,?,?,?,?)",
                (
                    row_id,
                    seq,
                    entity,
                    m.surface,
                    m.start,
                    m.end,
                    json.dumps(m.attrs, ensure_ascii=False),
                ),
            )
        self.conn.executemany(
            "INSERT INTO doc_tables(article, seq, columns, rows, span_start, span_end)"
            " VALUES (?,?,?,?,?,?)",
            [
                (
                    row_id,
                    i,
                    json.dumps(t.columns, ensure_ascii=False),
                    json.dumps(t.rows, ensure_ascii=False),
                    t.start,
                    t.end,
                )
                for i, t in enumerate(e.tables)
            ],
        )

    def _entity_id(self, kind: str, name: str) -> int:
        row = self.conn.execute(
            "SELECT id FROM entities WHERE kind = ? AND name = ?", (kind, name)
        ).fetchone()
        if row:
            return int(row[0])
        sql = "INSERT INTO entities(kind, name) VALUES (?, ?) RETURNING id"
        return _returned_id(self.conn.execute(sql, (kind, name)))

    def _link_duplicates(self, changed: list[tuple[int, Prepared]]) -> int:
        """Mark the poorer copies of one post published twice (same title or same text)."""
        marked = 0
        seen_groups: set[str] = set()
        for _, p in changed:
            group = self._duplicate_group(p)
            ident = ",".join(sorted(r["key"] for r in group))
            if len(group) < 2 or ident in seen_groups:
                continue
            seen_groups.add(ident)
            best = max(
                group,
                key=lambda r: dedupe.richness(bool(r["is_stub"]), r["content"], r["published"]),
            )
            for row in group:
                target = None if row["key"] == best["key"] else best["key"]
                if row["duplicate_of"] != target:
                    self.conn.execute(
                        "UPDATE articles SET duplicate_of = ? WHERE key = ?", (target, row["key"])
                    )
                marked += target is not None
        return marked

    def _duplicate_group(self, p: Prepared) -> list[Any]:
        cols = "key, is_stub, content, published, duplicate_of, content_hash"
        rows = {
            r["key"]: r
            for r in self.conn.execute(
                f"SELECT {cols} FROM articles WHERE account = ? AND title_key = ?"
                " AND title_key != '' ORDER BY key",
                (p.article.account, p.title_key),
            )
            if dedupe.within_window(r["published"], p.article.published)
        }
        if p.content_hash and len(p.article.content) >= dedupe.MIN_TEXT_FOR_SIGNATURE:
            for r in self.conn.execute(
                f"SELECT {cols} FROM articles WHERE content_hash = ? AND account = ? ORDER BY key",
                (p.content_hash, p.article.account),
            ):
                rows[r["key"]] = r
        return list(rows.values())

    def _link_near_duplicates(self, changed: list[tuple[int, Prepared]]) -> int:
        """Record pairs whose MinHash similarity passes the threshold, via LSH buckets."""
        found = 0
        for row_id, p in changed:
            if p.signature is None:
                continue
            candidates = {
                r[0]
                for band, bucket in dedupe.band_hashes(p.signature)
                for r in self.conn.execute(
                    "SELECT article FROM lsh_buckets"
                    " WHERE band = ? AND bucket = ? AND article != ?",
                    (band, bucket, row_id),
                )
            }
            for other in candidates:
                blob = self.conn.execute(
                    "SELECT signature FROM articles WHERE id = ?", (other,)
                ).fetchone()[0]
                sim = dedupe.similarity(p.signature, dedupe.signature_from_bytes(blob))
                if sim >= dedupe.NEAR_DUPLICATE_MIN:
                    a, b = sorted((row_id, other))
                    cur = self.conn.execute(
                        "INSERT INTO near_duplicates(a, b, similarity) VALUES (?, ?, ?)"
                        " ON CONFLICT DO NOTHING",
                        (a, b, round(sim, 4)),
                    )
                    found += cur.rowcount
        return found

    # -- reading ------------------------------------------------------------------------

    def _article(self, row: Any) -> StoredArticle:
        data = dict(row)
        data["id"] = data.pop("aid")
        data["is_stub"] = bool(data["is_stub"])
        data["tags"] = json.loads(data["tags"])
        data["extra"] = json.loads(data["extra"])
        return StoredArticle(**data)

    def resolve(self, ref: str) -> list[StoredArticle]:
        """Articles a user means by `ref`: an exact key, else every article with that aid."""
        rows = self.conn.execute(
            f"SELECT {ARTICLE_COLUMNS} FROM articles WHERE key = ?", (ref,)
        ).fetchall()
        if not rows:
            rows = self.conn.execute(
                f"SELECT {ARTICLE_COLUMNS} FROM articles WHERE aid = ? ORDER BY key", (ref,)
            ).fetchall()
        return [self._article(r) for r in rows]

    def get(self, key: str) -> StoredArticle | None:
        row = self.conn.execute(
            f"SELECT {ARTICLE_COLUMNS} FROM articles WHERE key = ?", (key,)
        ).fetchone()
        return self._article(row) if row else None

    def iter_articles(
        self,
        date_from: str | None = None,
        date_to: str | None = None,
        accounts: Iterable[str] = (),
        kinds: Iterable[str] = (),
    ) -> Iterator[StoredArticle]:
        """Every stored article (duplicates included), oldest first, optionally filtered."""
        where, params = _filters(date_from, date_to, list(accounts), list(kinds))
        sql = f"SELECT {ARTICLE_COLUMNS} FROM articles {where} ORDER BY published, key"
        for row in self.conn.execute(sql, params):
            yield self._article(row)

    def count(self) -> int:
        return int(self.conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0])

    def facts(self, key: str) -> list[dict[str, Any]]:
        rows = self.conn.execute(
            'SELECT f.kind, f.value, f.span_start AS start, f.span_end AS "end", f.text'
            " FROM facts f JOIN articles a ON a.id = f.article WHERE a.key = ? ORDER BY f.seq",
            (key,),
        )
        return [{**dict(r), "value": json.loads(r["value"])} for r in rows]

    def mentions(self, key: str) -> list[dict[str, Any]]:
        rows = self.conn.execute(
            'SELECT e.kind, e.name, m.surface, m.span_start AS start, m.span_end AS "end",'
            " m.attrs FROM mentions m "
            "JOIN entities e ON e.id = m.entity JOIN articles a ON a.id = m.article "
            "WHERE a.key = ? ORDER BY m.span_start, m.seq",
            (key,),
        )
        return [{**dict(r), "attrs": json.loads(r["attrs"])} for r in rows]

    def tables(self, key: str) -> list[dict[str, Any]]:
        rows = self.conn.execute(
            "SELECT t.columns, t.rows, t.span_start, t.span_end FROM doc_tables t "
            "JOIN articles a ON a.id = t.article WHERE a.key = ? ORDER BY t.seq",
            (key,),
        )
        return [
            {"columns": json.loads(r[0]), "rows": json.loads(r[1]), "start": r[2], "end": r[3]}
            for r in rows
        ]

    def duplicates(self, key: str) -> list[dict[str, Any]]:
        """Exact copies pointing at this article, and near-duplicates either way."""
        copies = [
            {"key": r[0], "id": r[1], "title": r[2], "similarity": 1.0, "relation": "duplicate"}
            for r in self.conn.execute(
                "SELECT key, aid, title FROM articles WHERE duplicate_of = ? ORDER BY key", (key,)
            )
        ]
        near = [
            {"key": r[0], "id": r[1], "title": r[2], "similarity": r[3], "relation": "near"}
            for r in self.conn.execute(
                "SELECT o.key, o.aid, o.title, n.similarity FROM articles me "
                "JOIN near_duplicates n ON me.id IN (n.a, n.b) "
                "JOIN articles o ON o.id = CASE WHEN n.a = me.id THEN n.b ELSE n.a END "
                "WHERE me.key = ? ORDER BY n.similarity DESC, o.key",
                (key,),
            )
        ]
        return copies + near

    def stats(self) -> dict[str, Any]:
        """The figures of `wxintel stats --json`."""
        one = lambda sql: int(self.conn.execute(sql).fetchone()[0])  # noqa: E731
        accounts = dict(
            self.conn.execute(
                "SELECT account, COUNT(*) FROM articles GROUP BY account ORDER BY 2 DESC, 1"
            ).fetchall()
        )
        languages = dict(
            self.conn.execute("SELECT lang, COUNT(*) FROM articles GROUP BY lang ORDER BY 1")
        )
        kinds = dict(
            self.conn.execute(
                "SELECT kind, COUNT(*) FROM articles GROUP BY kind ORDER BY 2 DESC, 1"
            )
        )
        span = self.conn.execute(
            "SELECT MIN(published), MAX(published) FROM articles WHERE published != ''"
        ).fetchone()
        return {
            "articles": one("SELECT COUNT(*) FROM articles"),
            "accounts": accounts,
            "duplicates": one("SELECT COUNT(*) FROM articles WHERE duplicate_of IS NOT NULL"),
            "near_duplicates": one("SELECT COUNT(*) FROM near_duplicates"),
            "stubs": one("SELECT COUNT(*) FROM articles WHERE is_stub != 0"),
            "reprints": one("SELECT COUNT(*) FROM articles WHERE reprinted_from != ''"),
            "languages": languages,
            "kinds": kinds,
            "first": span[0],
            "last": span[1],
            "schema_version": self.schema_version(),
        }

    # -- notices and entities -----------------------------------------------------------

    def calls(
        self,
        status: str = "open",
        as_of: date | None = None,
        kinds: Iterable[str] = CALL_KINDS,
    ) -> list[dict[str, Any]]:
        """Notices as the archive stood on `as_of` (published by then), with facts flattened.

        open = deadline or period end on/after `as_of`; a notice published later did not exist
        yet on that day, so it is left out whatever its deadline.
        """
        as_of = as_of or date.today()
        kinds = list(kinds)
        if not kinds:
            return []
        marks = ",".join("?" * len(kinds))
        rows = self.conn.execute(
            f"SELECT id, key, aid, title, account, published, kind, url FROM articles "
            f"WHERE kind IN ({marks}) AND duplicate_of IS NULL"
            f" AND substr(published, 1, 10) <= ? ORDER BY published, key",
            [*kinds, as_of.isoformat()],
        ).fetchall()
        out = []
        for row in rows:
            notice = self._notice(row)
            notice["url"] = row["url"]
            due = notice["deadline"] or (notice["period"][1] if notice["period"] else None)
            notice["days_left"] = (date.fromisoformat(due[:10]) - as_of).days if due else None
            is_open = due is not None and notice["days_left"] >= 0
            if (
                status == "all"
                or (status == "open" and is_open)
                or (status == "closed" and due is not None and not is_open)
            ):
                out.append(notice)
        far = "9999-12-31"
        if status == "closed":
            out.sort(key=lambda n: _due(n) or far, reverse=True)
        else:
            out.sort(key=lambda n: (_due(n) or far, n["published"]))
        return out

    def _notice(self, row: Any) -> dict[str, Any]:
        facts: dict[str, list[Any]] = {}
        for kind, value in self.conn.execute(
            "SELECT kind, value FROM facts WHERE article = ? ORDER BY seq", (row["id"],)
        ):
            facts.setdefault(kind, []).append(json.loads(value))
        first = lambda kind: (facts.get(kind) or [None])[0]  # noqa: E731
        return {
            "id": row["aid"],
            "key": row["key"],
            "title": row["title"],
            "account": row["account"],
            "published": row["published"],
            "kind": row["kind"],
            "deadline": first("deadline"),
            "period": first("period"),
            "signed": first("signed"),
            "issuers": facts.get("issuer", []),
            "contacts": facts.get("contact", []),
            "phones": facts.get("phone", []),
            "emails": facts.get("email", []),
            "addresses": facts.get("address", []),
            "attachments": facts.get("attachment", []),
            "doc_numbers": facts.get("doc_number", []),
            "urls": facts.get("url", []),
        }

    def events(self) -> list[dict[str, Any]]:
        """Every event fact with a date, with the article it came from."""
        rows = self.conn.execute(
            "SELECT a.key, a.aid, a.title, f.value, f.span_start, f.span_end FROM facts f "
            "JOIN articles a ON a.id = f.article WHERE f.kind = 'event' AND a.duplicate_of IS NULL "
            "ORDER BY a.published, a.key, f.seq"
        )
        out = []
        for key, aid, title, value, start, end in rows:
            event = json.loads(value)
            if isinstance(event, dict) and event.get("start"):
                out.append(
                    {
                        "key": key,
                        "id": aid,
                        "title": title,
                        "start_offset": start,
                        "end_offset": end,
                        **event,
                    }
                )
        return out

    def entities(self, kind: str | None = None, top: int = 50) -> list[dict[str, Any]]:
        """Entities by number of articles mentioning them."""
        where = "WHERE e.kind = ?" if kind else ""
        params: list[Any] = [kind] if kind else []
        rows = self.conn.execute(
            "SELECT e.id, e.kind, e.name, COUNT(*) AS count, COUNT(DISTINCT m.article) AS articles "
            f"FROM entities e JOIN mentions m ON m.entity = e.id {where} "
            "GROUP BY e.id ORDER BY articles DESC, count DESC, e.name, e.kind LIMIT ?",
            [*params, top],
        )
        return [dict(r) for r in rows]

    def entity(self, entity_id: int) -> dict[str, Any] | None:
        """One entity with every mention (newest first) and mentions per month."""
        row = self.conn.execute(
            "SELECT id, kind, name FROM entities WHERE id = ?", (entity_id,)
        ).fetchone()
        if row is None:
            return None
        mentions = [
            {**dict(r), "attrs": json.loads(r["attrs"])}
            for r in self.conn.execute(
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

    def activity(self, by: str = "account") -> dict[str, dict[str, int]]:
        """Articles per ISO week, split by account or by kind."""
        column = {"account": "account", "kind": "kind"}[by]
        out: dict[str, dict[str, int]] = {}
        for published, group in self.conn.execute(
            f"SELECT published, {column} FROM articles WHERE published != '' "
            "AND duplicate_of IS NULL"
        ):
            year, week, _ = date.fromisoformat(published[:10]).isocalendar()
            bucket = out.setdefault(f"{year}-W{week:02d}", {})
            bucket[group] = bucket.get(group, 0) + 1
        return dict(sorted(out.items()))

    # -- search index -------------------------------------------------------------------

    def search_index(self) -> Any:
        """The search index beside the database, rebuilt first if it lags behind.

        While another writer keeps the index busy past the wait, the lagging index answers
        (and `index_behind` says so): a search is never failed for it.
        """
        index = self._open_index()
        if not self.index_is_current():
            self._write_index(self._rebuild_unless_current)
        return index

    def index_is_current(self) -> bool:
        """True when the search index reflects every committed change of the database."""
        return self._open_index().generation() == self.generation()

    def rebuild_index(self) -> bool:
        """Re-derive the whole search index from the database; False if it stayed busy."""
        self._open_index()
        return self._write_index(self._rebuild)

    def _sync_index(self, keys: list[str]) -> None:
        if self._index is None and not self.index_path.exists():
            return  # built on first search, from scratch
        if self.index_behind:
            return  # already waited once: the next search_index() catches up in one rebuild
        self._open_index()
        self._write_index(lambda: self._catch_up(keys))

    def _open_index(self) -> Any:
        from wxintel.search import SearchIndex

        if self._index is None:
            self._index = SearchIndex(self.index_path)
        return self._index

    def _write_index(self, work: Callable[[], None]) -> bool:
        """Run an index write as the index's only writer, or record why it was put off."""
        if write_exclusively(self.index_path, work):
            self.index_behind = ""
            return True
        self.index_behind = (
            f"search index {self.index_path} is busy (another process is writing it);"
            " it catches up on the next search"
        )
        return False

    def _rebuild(self) -> None:
        index = self._open_index()
        index.clear()
        index.upsert(self.search_docs())
        index.commit(self.generation())

    def _rebuild_unless_current(self) -> None:
        """Another thread or process may have caught the index up while this one waited."""
        if self._open_index().generation() != self.generation():
            self._rebuild()

    def _catch_up(self, keys: list[str]) -> None:
        index, current = self._open_index(), self.generation()
        if index.generation() == current:
            return
        if index.generation() != current - 1:
            self._rebuild()
            return
        index.upsert(self.search_docs(keys))
        index.commit(current)

    def search_docs(self, keys: list[str] | None = None) -> Iterator[Any]:
        """What the search index needs of each article (all, or the given keys).

        Read a page at a time, with one identifier query per page: a full rebuild of a large
        archive neither holds every article in memory nor queries once per article.
        """
        from wxintel.search import SearchDoc

        sql = (
            "SELECT a.id AS rid, a.key, a.aid, a.title, a.content, a.account, a.published,"
            " a.kind, a.lang, a.is_stub, a.duplicate_of, a.tags, a.deadline FROM articles a"
        )
        for rows in self._search_doc_pages(sql, keys):
            identifiers = self._identifiers([row["rid"] for row in rows])
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

    def _search_doc_pages(self, sql: str, keys: list[str] | None) -> Iterator[list[Any]]:
        if keys is not None:
            for chunk in _chunks(keys, PAGE):
                marks = ",".join("?" * len(chunk))
                yield self.conn.execute(f"{sql} WHERE a.key IN ({marks})", chunk).fetchall()
            return
        after = 0
        while rows := self.conn.execute(
            f"{sql} WHERE a.id > ? ORDER BY a.id LIMIT {PAGE}", (after,)
        ).fetchall():
            yield rows
            after = rows[-1]["rid"]

    def _identifiers(self, article_ids: list[int]) -> dict[int, list[str]]:
        """Doc numbers, phones, e-mails and URLs of the given articles, indexed whole."""
        out: dict[int, list[str]] = {}
        if not article_ids:
            return out
        marks = ",".join("?" * len(article_ids))
        for article, value in self.conn.execute(
            f"SELECT article, value FROM facts WHERE article IN ({marks}) AND kind IN"
            " ('doc_number', 'phone', 'email', 'url') ORDER BY article, seq",
            article_ids,
        ):
            identifier = json.loads(value)
            if isinstance(identifier, str):
                out.setdefault(article, []).append(identifier)
        return out

    def search(self, query: Any) -> Any:
        """Run a `wxintel.search.SearchQuery` against the (fresh) index."""
        return self.search_index().search(query)

    def matching_keys(self, query: Any) -> list[str]:
        """Keys of every article a `SearchQuery` matches (its paging ignored), newest first."""
        return self.search_index().matching_keys(query)


def _returned_id(cursor: Any) -> int:
    """The id of an INSERT/UPDATE … RETURNING id (read to the end: SQLite finishes it then)."""
    return int(cursor.fetchall()[0][0])


def _due(notice: dict[str, Any]) -> str | None:
    return notice["deadline"] or (notice["period"][1] if notice["period"] else None)


def _chunks(items: list[str], size: int) -> Iterator[list[str]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


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
        clauses.append(f"account IN ({','.join('?' * len(accounts))})")
        params.extend(accounts)
    if kinds:
        clauses.append(f"kind IN ({','.join('?' * len(kinds))})")
        params.extend(kinds)
    return ("WHERE " + " AND ".join(clauses) if clauses else ""), params
