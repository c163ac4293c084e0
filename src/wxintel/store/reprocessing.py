"""What `wxintel reprocess` reads and records: the archive split into id ranges, the posts of
a range as they were read, and the run's checkpoint (how far each range got), so a run that
stops resumes where it stopped instead of starting again.

A run is named by what it does (its scope and the code that derives the rows): the same
command after a crash resumes the unfinished run of that name; after a finished one it starts
afresh (and, the rows being equal, rewrites nothing).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from wxintel.store.sql import chunks, marks

if TYPE_CHECKING:
    from wxintel.store.sqlstore import SQLStore

# The columns an article is re-derived from (what ingest read), and its current fingerprint.
RAW_COLUMNS = (
    "id, key, aid, account, title, url, published, author, biz, mid, idx, sn, source_url,"
    " extra, origin, raw_content, raw_hash, derived_hash"
)


@dataclass(frozen=True)
class Scope:
    """Which stored posts a run covers: published on or after `since`, of `account`."""

    since: str = ""
    account: str = ""

    def where(self) -> tuple[str, list[Any]]:
        """The SQL condition (after WHERE) and its parameters."""
        conditions, params = ["1 = 1"], []
        if self.since:
            conditions.append("published >= ?")
            params.append(self.since)
        if self.account:
            conditions.append("account = ?")
            params.append(self.account)
        return " AND ".join(conditions), params


@dataclass(frozen=True)
class Part:
    """One id range of a run, and the first id in it not yet done."""

    lo: int
    hi: int
    next_id: int


@dataclass(frozen=True)
class RunState:
    """A run as recorded: the generation it started from (the change log since then is what
    it changed) and whether this is a resumed run."""

    run: str
    start_generation: int
    resumed: bool


def id_ranges(store: SQLStore, scope: Scope, size: int) -> list[tuple[int, int]]:
    """The ids of the posts in scope, in consecutive ranges of about `size` posts each."""
    where, params = scope.where()
    (total,) = store.conn.execute(f"SELECT COUNT(*) FROM articles WHERE {where}", params).fetchone()
    if not total:
        return []
    tiles = -(-int(total) // max(size, 1))
    rows = store.conn.execute(
        f"SELECT MIN(id), MAX(id) FROM (SELECT id, NTILE({int(tiles)}) OVER (ORDER BY id) AS tile"
        f" FROM articles WHERE {where}) ranged GROUP BY tile ORDER BY 1",
        params,
    ).fetchall()
    return [(int(lo), int(hi)) for lo, hi in rows]


def begin_run(
    store: SQLStore, run: str, params: dict[str, Any], ranges: list[tuple[int, int]]
) -> RunState:
    """Resume the unfinished run named `run`, or record a new one with these ranges (finished
    runs of any name are forgotten then)."""
    with store.transaction() as conn:
        row = conn.execute(
            "SELECT start_generation FROM reprocess_runs WHERE run = ? AND finished = ''", (run,)
        ).fetchone()
        if row is not None:
            return RunState(run, int(row[0]), resumed=True)
        conn.execute("DELETE FROM reprocess_runs WHERE run = ? OR finished != ''", (run,))
        generation = store.generation()
        conn.execute(
            "INSERT INTO reprocess_runs(run, params, start_generation, started) VALUES (?,?,?,?)",
            (run, json.dumps(params, ensure_ascii=False, sort_keys=True), generation, _now()),
        )
        conn.executemany(
            "INSERT INTO reprocess_parts(run, lo, hi, next_id) VALUES (?, ?, ?, ?)",
            [(run, lo, hi, lo) for lo, hi in ranges],
        )
    return RunState(run, generation, resumed=False)


def open_parts(store: SQLStore, run: str) -> list[Part]:
    """The run's ranges not done yet, each from where it stopped."""
    rows = store.conn.execute(
        "SELECT lo, hi, next_id FROM reprocess_parts WHERE run = ? AND done = 0 ORDER BY lo",
        (run,),
    ).fetchall()
    return [Part(int(lo), int(hi), int(next_id)) for lo, hi, next_id in rows]


def position(store: SQLStore, run: str, lo: int) -> int:
    """The first id of the range starting at `lo` not done yet (as last recorded)."""
    row = store.conn.execute(
        "SELECT next_id FROM reprocess_parts WHERE run = ? AND lo = ?", (run, lo)
    ).fetchone()
    return int(row[0]) if row else lo


def record_progress(
    store: SQLStore, run: str, lo: int, next_id: int, read: int, changed: int, done: bool
) -> None:
    """A range got as far as `next_id`, having read and rewritten so many posts more."""
    with store.transaction() as conn:
        conn.execute(
            "UPDATE reprocess_parts SET next_id = ?, done = ?, posts_read = posts_read + ?,"
            " posts_changed = posts_changed + ? WHERE run = ? AND lo = ?",
            (next_id, int(done), read, changed, run, lo),
        )


def run_totals(store: SQLStore, run: str) -> dict[str, int]:
    """Ranges, ranges done, posts read and rewritten over every attempt of the run."""
    row = store.conn.execute(
        "SELECT COUNT(*), COALESCE(SUM(done), 0), COALESCE(SUM(posts_read), 0),"
        " COALESCE(SUM(posts_changed), 0) FROM reprocess_parts WHERE run = ?",
        (run,),
    ).fetchone()
    return {"parts": int(row[0]), "done": int(row[1]), "read": int(row[2]), "changed": int(row[3])}


def finish_run(store: SQLStore, run: str) -> None:
    with store.transaction() as conn:
        conn.execute("UPDATE reprocess_runs SET finished = ? WHERE run = ?", (_now(), run))


def raw_posts(
    store: SQLStore, first: int, last: int, scope: Scope, limit: int
) -> list[dict[str, Any]]:
    """Up to `limit` posts in scope with ids from `first` to `last`, by id, as they were read."""
    where, params = scope.where()
    rows = store.conn.execute(
        f"SELECT {RAW_COLUMNS} FROM articles WHERE id >= ? AND id <= ? AND {where}"
        f" ORDER BY id LIMIT {int(limit)}",
        (first, last, *params),
    ).fetchall()
    out = []
    for row in rows:
        record = dict(row)
        record["extra"] = json.loads(record["extra"])
        out.append(record)
    return out


def accounts_in(store: SQLStore, scope: Scope) -> list[str]:
    """The accounts with posts in scope."""
    where, params = scope.where()
    rows = store.conn.execute(
        f"SELECT DISTINCT account FROM articles WHERE {where} ORDER BY account", params
    )
    return [row[0] for row in rows]


def oldest_first(store: SQLStore, keys: list[str]) -> list[str]:
    """`keys` of stored articles ordered as the link stage takes them (published, key)."""
    found: list[tuple[str, str]] = []
    for chunk in chunks(keys):
        found += store.conn.execute(
            f"SELECT published, key FROM articles WHERE key IN ({marks(len(chunk))})", chunk
        ).fetchall()
    return [key for _, key in sorted((p, k) for p, k in found)]


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
