"""The embedded default store: one SQLite file (WAL, foreign keys on), its search index beside."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from wxintel.store.records import StoreError
from wxintel.store.sqlstore import SQLStore


class SQLiteStore(SQLStore):
    """The portable store on a SQLite file; the index is `<db>.search/` beside it."""

    dialect = "sqlite"
    integrity_errors = (sqlite3.IntegrityError,)

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.conn = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        self.conn.row_factory = sqlite3.Row
        self.conn.execute("PRAGMA journal_mode=WAL")
        self.conn.execute("PRAGMA foreign_keys=ON")
        self.conn.execute("PRAGMA synchronous=NORMAL")
        self._open()

    @property
    def location(self) -> str:
        return str(self.path)

    @property
    def index_path(self) -> Path:
        return self.path.with_name(self.path.name + ".search")

    @property
    def rejects_path(self) -> Path:
        return self.path.with_name(self.path.name + ".rejects.jsonl")

    def schema_version(self) -> int:
        return int(self.conn.execute("PRAGMA user_version").fetchone()[0])

    def _begin(self) -> None:
        # IMMEDIATE takes the write lock now, so two writers queue instead of deadlocking.
        self.conn.execute("BEGIN IMMEDIATE")

    def record_version(self, number: int) -> None:
        super().record_version(number)
        self.conn.execute(f"PRAGMA user_version={number}")


__all__ = ["SQLiteStore", "StoreError"]
