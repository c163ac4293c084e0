"""Small pieces of portable SQL every part of the store uses: paging long key lists, `IN`
placeholders, and reading the id an `INSERT … RETURNING id` gave back."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any, TypeVar

T = TypeVar("T")

# Rows per query where a list of keys or a whole table is read in parts: far below SQLite's
# 32,766 bound variables, large enough that a rebuild makes few round trips.
PAGE = 500


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
