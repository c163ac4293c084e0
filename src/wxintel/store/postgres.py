"""The server backend for teams: the portable store on PostgreSQL 15+ through psycopg 3.

Only what differs from SQLite lives here: the connection adapter (the store's `?` placeholders
become psycopg's `%s`; rows read by name and by position like `sqlite3.Row`), a write lock per
schema so batches queue like SQLite's BEGIN IMMEDIATE, the schema version kept in `meta`, and
the search index in a local directory (`--index`, `$WXINTEL_INDEX_DIR`, else
`./wxintel-index/<dbname>`), since a server has no file to put it beside.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import psycopg
from psycopg.conninfo import conninfo_to_dict

from wxintel import settings
from wxintel.store.records import StoreError
from wxintel.store.sqlstore import SQLStore

DEFAULT_INDEX_ROOT = "wxintel-index"
CONNECT_TIMEOUT = 10  # seconds, unless the DSN says otherwise

_LITERAL = re.compile(r"('(?:[^']|'')*')")


class Row(tuple):
    """A result row like `sqlite3.Row`: `row[0]`, `row["key"]`, `dict(row)` and unpacking."""

    _index: dict[str, int]

    def __new__(cls, values: Sequence[Any], index: dict[str, int]) -> Row:
        row = super().__new__(cls, values)
        row._index = index
        return row

    def __getitem__(self, key: Any) -> Any:  # type: ignore[override]
        if isinstance(key, str):
            return tuple.__getitem__(self, self._index[key])
        return tuple.__getitem__(self, key)

    def keys(self) -> list[str]:
        return list(self._index)


def _rows(cursor: Any) -> Callable[[Sequence[Any]], Row]:
    """psycopg row factory: one name-to-position map per result, shared by its rows."""
    index = {column.name: i for i, column in enumerate(cursor.description or ())}
    return lambda values: Row(values, index)


@lru_cache(maxsize=512)
def to_pyformat(sql: str) -> str:
    """`?` placeholders to psycopg's `%s`, and literal `%` doubled; quoted strings kept as is."""
    parts = _LITERAL.split(sql)
    return "".join(
        part.replace("%", "%%") if i % 2 else part.replace("%", "%%").replace("?", "%s")
        for i, part in enumerate(parts)
    )


class PgConnection:
    """A psycopg connection with sqlite3's calling convention, for the portable store SQL."""

    def __init__(self, raw: psycopg.Connection[Any]) -> None:
        self.raw = raw

    def execute(self, sql: str, params: Iterable[Any] = ()) -> psycopg.Cursor[Any]:
        return self.raw.execute(to_pyformat(sql), tuple(params))

    def executemany(self, sql: str, seq: Iterable[Iterable[Any]]) -> psycopg.Cursor[Any]:
        cursor = self.raw.cursor()
        cursor.executemany(to_pyformat(sql), [tuple(params) for params in seq])
        return cursor

    def close(self) -> None:
        self.raw.close()


class PostgresStore(SQLStore):
    """The portable store on a PostgreSQL database (the schema first on its search_path)."""

    dialect = "postgres"
    integrity_errors = (psycopg.errors.IntegrityError,)

    def __init__(self, dsn: str, index_dir: Path | str | None = None) -> None:
        self.dsn = dsn
        self._info = _conninfo(dsn)
        extra = {} if "connect_timeout" in self._info else {"connect_timeout": CONNECT_TIMEOUT}
        try:
            raw = psycopg.connect(dsn, autocommit=True, row_factory=_rows, **extra)
        except psycopg.Error as exc:
            reason = " ".join(str(exc).split()) or type(exc).__name__
            raise StoreError(
                f"cannot connect to the PostgreSQL server at {self.server}"
                f" (database {self.database}, user {self.user}): {reason}"
            ) from exc
        self.conn = PgConnection(raw)
        root = index_dir or settings.value("index_dir") or Path(DEFAULT_INDEX_ROOT) / self.database
        self._index_path = Path(root).absolute()
        self._open()

    # -- where ----------------------------------------------------------------------------

    @property
    def server(self) -> str:
        host = self._info.get("host") or os.environ.get("PGHOST") or "localhost"
        port = self._info.get("port") or os.environ.get("PGPORT") or "5432"
        return f"{host}:{port}"

    @property
    def database(self) -> str:
        return self._info.get("dbname") or os.environ.get("PGDATABASE") or self.user

    @property
    def user(self) -> str:
        return self._info.get("user") or os.environ.get("PGUSER") or _login()

    @property
    def location(self) -> str:
        return f"PostgreSQL database {self.database} at {self.server}"

    @property
    def index_path(self) -> Path:
        return self._index_path

    @property
    def rejects_path(self) -> Path:
        return self._index_path.with_name(self._index_path.name + ".rejects.jsonl")

    # -- transactions and schema ----------------------------------------------------------

    def _begin(self) -> None:
        self.conn.execute("BEGIN")
        # One writer per schema at a time, like SQLite's BEGIN IMMEDIATE: the generation
        # counter and entity ids are read and then written in the same transaction.
        self.conn.execute(
            "SELECT pg_advisory_xact_lock(hashtext('wxintel:' || COALESCE(current_schema(), '')))"
        )

    def schema_version(self) -> int:
        (exists,) = self.conn.execute("SELECT to_regclass('meta') IS NOT NULL").fetchone()
        if not exists:
            return 0
        row = self.conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        return int(row[0]) if row else 0


def _conninfo(dsn: str) -> dict[str, Any]:
    try:
        return conninfo_to_dict(dsn)
    except psycopg.ProgrammingError as exc:
        raise StoreError(f"not a PostgreSQL connection string: {exc}") from exc


def _login() -> str:
    try:
        return os.getlogin()
    except OSError:
        return os.environ.get("USER", "")


__all__ = ["PgConnection", "PostgresStore", "Row", "to_pyformat"]
