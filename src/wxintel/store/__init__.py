"""Storage: one interface, the embedded SQLite default (and a server backend for teams)."""

from __future__ import annotations

import os
from pathlib import Path

from wxintel.store.records import BATCH_SIZE, CALL_KINDS, Prepared, StoredArticle, WriteResult
from wxintel.store.sqlite import SQLiteStore
from wxintel.store.sqlstore import SQLStore, StoreError

DEFAULT_DB = "wxintel.db"


def default_db() -> str:
    """`WXINTEL_DB` from the environment, else ./wxintel.db."""
    return os.environ.get("WXINTEL_DB") or DEFAULT_DB


def open_store(target: str | Path | None = None) -> SQLiteStore:
    """Open (creating and migrating as needed) the store at a file path."""
    return SQLiteStore(Path(target or default_db()))


__all__ = [
    "BATCH_SIZE",
    "CALL_KINDS",
    "Prepared",
    "SQLStore",
    "SQLiteStore",
    "StoreError",
    "StoredArticle",
    "WriteResult",
    "default_db",
    "open_store",
]
