"""The store's one SQL layer: how every statement is written, and the small pieces of portable
SQL every part of the store uses (paging long key lists, `IN` placeholders, reading the id an
`INSERT … RETURNING id` gave back).

Every statement is written once, in SQL that SQLite (3.35+) and PostgreSQL (15+) both run, with
`?` for each parameter: the DB-API "qmark" style, which sqlite3 takes as it is. PostgreSQL's own
placeholders are numbered (`$1`, `$2`, …); `numbered` is the one place that turns one into the
other, and a PostgreSQL connection sends its result as written (psycopg's `RawCursor`: no
second placeholder syntax, so `%` needs no escaping). Rows read by name and by position on both
backends (`sqlite3.Row`, and `postgres.Row` through psycopg's row-factory protocol).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator, Sequence
from functools import lru_cache
from typing import Any, TypeVar

T = TypeVar("T")

# Rows per query where a list of keys or a whole table is read in parts: far below SQLite's
# 32,766 bound variables, large enough that a rebuild makes few round trips.
PAGE = 500

# What a `?` may hide inside: a quoted string ('it''s'), a quoted name ("a?b"), a line comment
# and a block comment. Each is matched whole so a `?` within it is never taken for a parameter.
_SQL_TOKEN = re.compile(r"""'(?:[^']|'')*'|"(?:[^"]|"")*"|--[^\n]*|/\*.*?\*/|\?""", re.DOTALL)


@lru_cache(maxsize=1024)
def numbered(sql: str) -> str:
    """The statement with its `?` parameters numbered as PostgreSQL takes them: `$1`, `$2`, …

    Quoted strings, quoted names and comments are kept as they are. Cached: the store runs the
    same few hundred statements over and over.
    """
    number = itertools.count(1)
    return _SQL_TOKEN.sub(
        lambda token: f"${next(number)}" if token.group() == "?" else token.group(), sql
    )


def chunks(items: Sequence[T], size: int = PAGE) -> Iterator[Sequence[T]]:
    """`items` in consecutive slices of at most `size`."""
    for i in range(0, len(items), size):
        yield items[i : i + size]


def marks(count: int) -> str:
    """`?,?,…` for an `IN (…)` of `count` values."""
    return ",".join("?" * count)


def returned_id(cursor: Any) -> int:
    """The id of an INSERT/UPDATE … RETURNING id (read to the end: SQLite finishes it then)."""
    return int(cursor.fetchall()[0][0])
