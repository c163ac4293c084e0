"""Storage: one interface, the embedded SQLite default and a PostgreSQL server backend for teams."""

from __future__ import annotations

import re
from pathlib import Path

from wxintel import settings
from wxintel.store.records import (
    BATCH_SIZE,
    Prepared,
    StoredArticle,
    StoreError,
    WriteResult,
)
from wxintel.store.sqlite import SQLiteStore
from wxintel.store.sqlstore import SQLStore

SERVER_SCHEMES = ("postgresql://", "postgres://")


def default_db() -> str:
    """The `db` setting: `WXINTEL_DB` from the environment, else ./wxintel.db."""
    return str(settings.value("db"))


def is_server_url(target: str | Path) -> bool:
    """True for a PostgreSQL URL (postgresql://… or postgres://…), False for a SQLite path."""
    return str(target).startswith(SERVER_SCHEMES)


def redacted(target: str | Path) -> str:
    """The target as it may be shown: a PostgreSQL URL's password masked."""
    return re.sub(r"^(\w+://[^:/@]*):[^@/]*@", r"\1:***@", str(target))


def open_store(target: str | Path | None = None, index_dir: str | Path | None = None) -> SQLStore:
    """Open (creating and migrating as needed) the store at a file path or PostgreSQL URL.

    `index_dir` places a PostgreSQL store's search index (default: `$WXINTEL_INDEX_DIR`, else
    ./wxintel-index/<dbname>, `<dbname>.<schema>` for a schema other than public); a SQLite
    store's index always sits beside its file.
    """
    target = target or default_db()
    if is_server_url(target):
        try:
            from wxintel.store.postgres import PostgresStore
        except ImportError as exc:  # psycopg is the optional `postgres` extra
            raise StoreError("PostgreSQL needs psycopg: pip install 'wxintel[postgres]'") from exc
        return PostgresStore(str(target), index_dir=index_dir)
    return SQLiteStore(Path(target))


__all__ = [
    "BATCH_SIZE",
    "Prepared",
    "SQLStore",
    "SQLiteStore",
    "StoreError",
    "StoredArticle",
    "WriteResult",
    "default_db",
    "is_server_url",
    "open_store",
    "redacted",
]
