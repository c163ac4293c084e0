"""Watchlists and their delivery state, in the store's own database (schema migration 2).

A watchlist remembers every article it has matched (`watch_seen`) and whether that article has
been delivered yet. "New" is "matched but never delivered", never "newer than the last run":
missed runs skip nothing, and a failed delivery is simply retried by the next run.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from wxintel.store.records import StoreError
from wxintel.store.sqlstore import SQLStore


@dataclass
class WatchlistRow:
    """A saved search as stored: its query, filters (JSON-able) and optional webhook."""

    id: int
    name: str
    query: str
    filters: dict[str, Any] = field(default_factory=dict)
    webhook: str = ""
    created: str = ""


@dataclass
class SeenRow:
    """One article a watchlist matched, and whether it has gone out."""

    article_key: str
    first_seen: str
    delivered: bool


class WatchlistStore:
    """All SQL for watchlists (portable SQL), on a store's connection and transactions."""

    def __init__(self, store: SQLStore) -> None:
        self.store = store
        self.conn = store.conn

    def add(
        self, name: str, query: str, filters: dict[str, Any], webhook: str, created: str
    ) -> int:
        """Save a new watchlist; names are unique."""
        try:
            with self.store.transaction():
                (row,) = self.conn.execute(
                    "INSERT INTO watchlists(name, query, filters, webhook, created)"
                    " VALUES (?, ?, ?, ?, ?) RETURNING id",
                    (name, query, json.dumps(filters, ensure_ascii=False), webhook, created),
                ).fetchall()
        except self.store.integrity_errors as exc:
            raise StoreError(f"a watchlist named {name!r} already exists") from exc
        return int(row[0])

    def all(self) -> list[WatchlistRow]:
        rows = self.conn.execute(
            "SELECT id, name, query, filters, webhook, created FROM watchlists ORDER BY name"
        )
        return [self._row(r) for r in rows]

    def get(self, name: str) -> WatchlistRow | None:
        row = self.conn.execute(
            "SELECT id, name, query, filters, webhook, created FROM watchlists WHERE name = ?",
            (name,),
        ).fetchone()
        return self._row(row) if row else None

    def remove(self, name: str) -> bool:
        """Delete a watchlist and its delivery state; False when there was none by that name."""
        with self.store.transaction():
            cur = self.conn.execute("DELETE FROM watchlists WHERE name = ?", (name,))
        return cur.rowcount > 0

    def record_matches(self, watchlist_id: int, keys: Iterable[str], seen_at: str) -> int:
        """Remember matched articles not seen before (undelivered); returns how many were new."""
        with self.store.transaction():
            cur = self.conn.executemany(
                "INSERT INTO watch_seen(watchlist, article_key, delivered, first_seen)"
                " VALUES (?, ?, 0, ?) ON CONFLICT DO NOTHING",
                [(watchlist_id, key, seen_at) for key in keys],
            )
        return cur.rowcount

    def undelivered(self, watchlist_id: int) -> list[SeenRow]:
        """Matched articles still waiting to go out, oldest match first."""
        rows = self.conn.execute(
            "SELECT article_key, first_seen, delivered FROM watch_seen"
            " WHERE watchlist = ? AND delivered = 0 ORDER BY first_seen, article_key",
            (watchlist_id,),
        )
        return [SeenRow(r[0], r[1], bool(r[2])) for r in rows]

    def mark_delivered(self, watchlist_id: int, keys: Iterable[str]) -> None:
        with self.store.transaction():
            self.conn.executemany(
                "UPDATE watch_seen SET delivered = 1 WHERE watchlist = ? AND article_key = ?",
                [(watchlist_id, key) for key in keys],
            )

    def delivered(self, watchlist_id: int, limit: int) -> list[SeenRow]:
        """The most recently matched articles that have gone out (for a watchlist's feed)."""
        rows = self.conn.execute(
            "SELECT article_key, first_seen, delivered FROM watch_seen"
            " WHERE watchlist = ? AND delivered = 1"
            " ORDER BY first_seen DESC, article_key DESC LIMIT ?",
            (watchlist_id, limit),
        )
        return [SeenRow(r[0], r[1], bool(r[2])) for r in rows]

    @staticmethod
    def _row(row: Any) -> WatchlistRow:
        return WatchlistRow(
            id=int(row["id"]),
            name=row["name"],
            query=row["query"],
            filters=json.loads(row["filters"] or "{}"),
            webhook=row["webhook"],
            created=row["created"],
        )
