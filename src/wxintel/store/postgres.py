"""The server backend for teams: the portable store on PostgreSQL 15+ through psycopg 3.

Only what differs from SQLite lives here: the connection adapter (statements numbered by
`sql.numbered` and sent as written through psycopg's `RawCursor`; rows read by name and by
position like `sqlite3.Row`, made by a psycopg row factory), a write lock per
schema so batches queue like SQLite's BEGIN IMMEDIATE, the schema version kept in `meta`, and
the search index in a local directory (`--index`, `$WXINTEL_INDEX_DIR`, else
`./wxintel-index/<dbname>`, `<dbname>.<schema>` for a schema other than public), since a
server has no file to put it beside.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import psycopg
from psycopg.conninfo import conninfo_to_dict
from psycopg.rows import RowMaker

from wxintel import settings
from wxintel.store.records import StoreError
from wxintel.store.sql import numbered
from wxintel.store.sqlstore import SQLStore

DEFAULT_INDEX_ROOT = "wxintel-index"
CONNECT_TIMEOUT = 10  # seconds, unless the DSN says otherwise


def pg_test_dsn_file() -> Path:
    """Where scripts/postgres.sh writes the DSN of the throwaway server it keeps for the tests
    (the pg_dir setting, $WXINTEL_PG_DIR): the one home of the path tests/conftest.py and
    bench/reprocess.py read, and of the script's default."""
    return Path(str(settings.value("pg_dir"))) / "dsn"


class Row(tuple):
    """A result row like `sqlite3.Row`: `row[0]`, `row["key"]`, `dict(row)` and unpacking.

    psycopg's own row types read by position (tuple_row, namedtuple_row) or by name (dict_row),
    not both; the store's SQL, written once for both backends, reads both ways."""

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


def rows(cursor: Any) -> RowMaker[Row]:
    """psycopg row factory (`psycopg.rows.RowFactory`): one name-to-position map per result,
    shared by its rows."""
    index = {column.name: i for i, column in enumerate(cursor.description or ())}
    return lambda values: Row(values, index)


class PgConnection:
    """A psycopg connection with sqlite3's calling convention, for the store's SQL (see
    `wxintel.store.sql`): `execute(sql, params)` and `executemany(sql, seq)` with `?`."""

    def __init__(self, raw: psycopg.Connection[Row]) -> None:
        self.raw = raw

    def execute(self, sql: str, params: Iterable[Any] = ()) -> psycopg.RawCursor[Row]:
        return self.raw.execute(numbered(sql), tuple(params))

    def executemany(self, sql: str, seq: Iterable[Iterable[Any]]) -> psycopg.RawCursor[Row]:
        cursor = self.raw.cursor()
        cursor.executemany(numbered(sql), [tuple(params) for params in seq])
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
            raw = psycopg.connect(
                dsn, autocommit=True, cursor_factory=psycopg.RawCursor, row_factory=rows, **extra
            )
        except psycopg.Error as exc:
            reason = " ".join(str(exc).split()) or type(exc).__name__
            raise StoreError(
                f"cannot connect to the PostgreSQL server at {self.server}"
                f" (database {self.database}, user {self.user}): {reason}"
            ) from exc
        self.conn = PgConnection(raw)
        self.schema = self._creation_schema()
        root = index_dir or settings.value("index_dir") or Path(DEFAULT_INDEX_ROOT) / self._name
        self._index_path = Path(root).absolute()
        self._open()

    def _creation_schema(self) -> str:
        """The schema the tables live in (the first of the search_path that exists); a
        StoreError saying so when none does, rather than the server's CREATE TABLE error."""
        (schema,) = self.conn.execute("SELECT current_schema()").fetchone()
        if schema:
            return str(schema)
        (path,) = self.conn.execute("SHOW search_path").fetchone()
        self.conn.close()
        raise StoreError(
            f"no schema of the search_path ({path}) exists in database {self.database} at"
            f" {self.server}: create it first (CREATE SCHEMA name) or correct the URL's"
            " options=-csearch_path"
        )

    @property
    def _name(self) -> str:
        """The database, and the schema unless it is the default `public`: two teams' schemas
        in one database each get their own default index directory (a shared one answered
        one schema's searches with the other's posts)."""
        return self.database if self.schema == "public" else f"{self.database}.{self.schema}"

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
        schema = "" if self.schema == "public" else f" (schema {self.schema})"
        return f"PostgreSQL database {self.database}{schema} at {self.server}"

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
        self.conn.execute("SELECT pg_advisory_xact_lock(hashtext(?))", ("wxintel:" + self.schema,))

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


__all__ = ["PgConnection", "PostgresStore", "Row", "rows"]
