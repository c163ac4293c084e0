"""A digest of every table of an archive, to show a change of speed leaves it as it was.

    .venv/bin/python bench/same_tables.py DB > before.txt   # after an ingest by one tree
    .venv/bin/python bench/same_tables.py DB > after.txt    # the same ingest by the other
    diff before.txt after.txt

One line per table: its row count and a SHA-256 of its rows in the order of all their columns,
so rows stored in another order or under other rowids that hold the same values still compare
equal where no column holds the rowid. Search results: `same_results.py`.
"""

from __future__ import annotations

import argparse
import hashlib
import sqlite3
from pathlib import Path


def digest(conn: sqlite3.Connection, table: str) -> tuple[int, str]:
    """(rows, SHA-256 of their repr in the order of every column) of `table`."""
    columns = len(conn.execute(f'SELECT * FROM "{table}" LIMIT 0').description)
    order = ", ".join(str(i) for i in range(1, columns + 1))
    sha, rows = hashlib.sha256(), 0
    for row in conn.execute(f'SELECT * FROM "{table}" ORDER BY {order}'):
        sha.update(repr(row).encode())
        rows += 1
    return rows, sha.hexdigest()[:16]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("db", type=Path)
    args = parser.parse_args()
    conn = sqlite3.connect(f"file:{args.db}?mode=ro", uri=True)
    tables = [
        name
        for (name,) in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
        )
    ]
    for table in tables:
        rows, sha = digest(conn, table)
        print(f"{table:28} {rows:>10} {sha}")


if __name__ == "__main__":
    main()
