"""Subscribed sources, their poll state, the items each brought, and the poller's lease
(schema migration 3), in portable SQL on a store's connection and transactions.

Times are ISO 8601 UTC strings of one shape (`stamp`), so SQL compares them as text.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any

from wxintel.store.records import StoreError
from wxintel.store.sql import marks
from wxintel.store.sqlstore import SQLStore

LEASE = "poller"
NO_ACCOUNT = "\x00"  # an account name no post has: a group without posts matches nothing
_COLUMNS = (
    "id, url, name, group_name, every_seconds, etag, last_modified, last_checked, last_ok,"
    " last_new, failures, last_error, next_due, alerted, created"
)


def stamp(moment: datetime) -> str:
    """A moment as stored: UTC, whole seconds, one fixed shape that sorts as text."""
    return moment.astimezone(UTC).isoformat(timespec="seconds")


@dataclass
class SourceRow:
    """A subscribed feed and the state its polls left."""

    id: int
    url: str
    name: str
    group: str
    every_seconds: int
    etag: str = ""
    last_modified: str = ""
    last_checked: str = ""
    last_ok: str = ""
    last_new: str = ""
    failures: int = 0
    last_error: str = ""
    next_due: str = ""
    alerted: str = ""  # the problem last sent out as an alert ("" when none)
    created: str = ""


@dataclass
class SeenItem:
    """An item a source brought before: the article it became, or why it stored none."""

    article_key: str
    status: str  # stored | deleted | violation | unavailable


@dataclass
class PollState:
    """What one poll of a source changes in its row (and the items it records)."""

    last_checked: str
    next_due: str
    failures: int
    last_error: str
    last_ok: str | None = None  # None: unchanged
    last_new: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    items: tuple[tuple[str, str, str, str], ...] = ()  # identity, article_key, status, published


class SourceStore:
    """All SQL for sources, on a store's connection and transactions."""

    def __init__(self, store: SQLStore) -> None:
        self.store = store
        self.conn = store.conn

    # -- subscriptions ------------------------------------------------------------------

    def add(self, url: str, name: str, group: str, every_seconds: int, created: str) -> int:
        """Subscribe to a feed; a URL is subscribed once."""
        try:
            with self.store.transaction():
                (row,) = self.conn.execute(
                    "INSERT INTO sources(url, name, group_name, every_seconds, created)"
                    " VALUES (?, ?, ?, ?, ?) RETURNING id",
                    (url, name, group, every_seconds, created),
                ).fetchall()
        except self.store.integrity_errors as exc:
            raise StoreError(f"already subscribed to {url}") from exc
        return int(row[0])

    def remove(self, source_id: int) -> bool:
        """Unsubscribe (the articles it brought stay); False when there was no such source."""
        with self.store.transaction():
            cursor = self.conn.execute("DELETE FROM sources WHERE id = ?", (source_id,))
        return cursor.rowcount > 0

    def move(self, source_id: int, url: str) -> bool:
        """The feed answered a permanent redirect: poll its new URL from now on. False when
        another source already has that URL (a URL is subscribed once): both stay as they are."""
        try:
            with self.store.transaction():
                self.conn.execute("UPDATE sources SET url = ? WHERE id = ?", (url, source_id))
        except self.store.integrity_errors:
            return False
        return True

    def all(self) -> list[SourceRow]:
        rows = self.conn.execute(f"SELECT {_COLUMNS} FROM sources ORDER BY group_name, name, id")
        return [_row(r) for r in rows]

    def due(self, now: str) -> list[SourceRow]:
        """Sources whose next poll time has come (never polled ones first)."""
        rows = self.conn.execute(
            f"SELECT {_COLUMNS} FROM sources WHERE next_due <= ? ORDER BY next_due, id", (now,)
        )
        return [_row(r) for r in rows]

    def groups(self) -> list[str]:
        rows = self.conn.execute(
            "SELECT DISTINCT group_name FROM sources WHERE group_name != '' ORDER BY group_name"
        )
        return [r[0] for r in rows]

    def accounts_of_group(self, group: str) -> list[str]:
        """The accounts whose posts the group's sources brought: what a group filter means."""
        rows = self.conn.execute(
            "SELECT DISTINCT a.account FROM sources s"
            " JOIN source_items i ON i.source = s.id"
            " JOIN articles a ON a.key = i.article_key"
            " WHERE s.group_name = ? ORDER BY a.account",
            (group,),
        )
        return [r[0] for r in rows]

    # -- items --------------------------------------------------------------------------

    def seen(self, source_id: int, identities: Iterable[str]) -> dict[str, SeenItem]:
        """The given items this source brought before, by identity."""
        wanted = list(dict.fromkeys(identities))
        out: dict[str, SeenItem] = {}
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            for identity, key, status in self.conn.execute(
                "SELECT identity, article_key, status FROM source_items"
                f" WHERE source = ? AND identity IN ({marks(len(chunk))})",
                (source_id, *chunk),
            ):
                out[identity] = SeenItem(key, status)
        return out

    def new_since(self, source_id: int, since: str) -> int:
        """Items the source brought first at or after `since` that became articles."""
        (count,) = self.conn.execute(
            "SELECT COUNT(*) FROM source_items WHERE source = ? AND first_seen >= ?"
            " AND status = 'stored'",
            (source_id, since),
        ).fetchone()
        return int(count)

    def first_seen(self, source_id: int) -> str:
        """When the source first brought an item ("" when it never has)."""
        (first,) = self.conn.execute(
            "SELECT MIN(first_seen) FROM source_items WHERE source = ?", (source_id,)
        ).fetchone()
        return first or ""

    def item_dates(self, source_id: int, limit: int) -> list[str]:
        """Publish dates of the source's posts, newest first: its items' and, to learn its
        rhythm from more history, every archived post of the accounts it brings."""
        rows = self.conn.execute(
            "SELECT published FROM articles WHERE published != '' AND account IN"
            " (SELECT a.account FROM source_items i JOIN articles a ON a.key = i.article_key"
            "  WHERE i.source = ?)"
            " UNION SELECT published FROM source_items WHERE source = ? AND published != ''"
            " ORDER BY 1 DESC LIMIT ?",
            (source_id, source_id, limit),
        )
        return [r[0] for r in rows]

    # -- poll state ---------------------------------------------------------------------

    def record(self, source_id: int, state: PollState) -> None:
        """Write one poll's outcome: the source's row and the items it saw, atomically."""
        sets = {
            "last_checked": state.last_checked,
            "next_due": state.next_due,
            "failures": state.failures,
            "last_error": state.last_error,
        }
        for name in ("last_ok", "last_new", "etag", "last_modified"):
            value = getattr(state, name)
            if value is not None:
                sets[name] = value
        assignments = ", ".join(f"{name} = ?" for name in sets)
        with self.store.transaction():
            self.conn.execute(
                f"UPDATE sources SET {assignments} WHERE id = ?", (*sets.values(), source_id)
            )
            if state.items:
                self.conn.executemany(
                    "INSERT INTO source_items(source, identity, article_key, status, published,"
                    " first_seen) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                    [(source_id, *item, state.last_checked) for item in state.items],
                )

    def mark_alerted(self, source_id: int, problem: str) -> None:
        """Record the problem sent out for a source; "" (it recovered) also forgets every
        delivery of its old problem still waiting."""
        with self.store.transaction():
            self.conn.execute("UPDATE sources SET alerted = ? WHERE id = ?", (problem, source_id))
            if not problem:
                self.conn.execute("DELETE FROM problems_waiting WHERE source = ?", (source_id,))

    def waiting_problems(self) -> dict[int, dict[int, str]]:
        """Per watchlist, the sources whose problem its webhook has not taken yet, and which."""
        waiting: dict[int, dict[int, str]] = {}
        for watchlist, source, problem in self.conn.execute(
            "SELECT watchlist, source, problem FROM problems_waiting"
        ):
            waiting.setdefault(int(watchlist), {})[int(source)] = problem
        return waiting

    def keep_waiting(self, watchlists: Sequence[int], problems: dict[int, str]) -> None:
        """The watchlists' webhook did not take these sources' problems: send them next poll."""
        with self.store.transaction():
            self.conn.executemany(
                "INSERT INTO problems_waiting(watchlist, source, problem) VALUES (?, ?, ?)"
                " ON CONFLICT(watchlist, source) DO UPDATE SET problem = excluded.problem",
                [(w, s, p) for w in watchlists for s, p in problems.items()],
            )

    def done_waiting(self, watchlists: Sequence[int], sources: Iterable[int]) -> None:
        """The watchlists' webhook took these sources' problems."""
        with self.store.transaction():
            self.conn.executemany(
                "DELETE FROM problems_waiting WHERE watchlist = ? AND source = ?",
                [(w, s) for w in watchlists for s in sources],
            )

    # -- one poller at a time -----------------------------------------------------------

    def take_lease(
        self, holder: str, now: str, until: str, stale: Callable[[str], bool] = lambda _: False
    ) -> bool:
        """Become the only poller until `until`, unless another holder's lease still runs
        (`stale` says a holder is known dead, e.g. a killed process on this machine).

        Read and written in one write transaction, so two processes never both win.
        """
        with self.store.transaction():
            row = self.conn.execute(
                "SELECT holder, expires FROM poll_lease WHERE name = ?", (LEASE,)
            ).fetchone()
            if row is not None and row[0] != holder and row[1] > now and not stale(row[0]):
                return False
            self.conn.execute(
                "INSERT INTO poll_lease(name, holder, expires) VALUES (?, ?, ?)"
                " ON CONFLICT(name) DO UPDATE SET holder = excluded.holder,"
                " expires = excluded.expires",
                (LEASE, holder, until),
            )
        return True

    def release_lease(self, holder: str) -> None:
        with self.store.transaction():
            self.conn.execute(
                "DELETE FROM poll_lease WHERE name = ? AND holder = ?", (LEASE, holder)
            )


def _row(row: Any) -> SourceRow:
    return SourceRow(
        id=int(row["id"]),
        url=row["url"],
        name=row["name"],
        group=row["group_name"],
        every_seconds=int(row["every_seconds"]),
        etag=row["etag"],
        last_modified=row["last_modified"],
        last_checked=row["last_checked"],
        last_ok=row["last_ok"],
        last_new=row["last_new"],
        failures=int(row["failures"]),
        last_error=row["last_error"],
        next_due=row["next_due"],
        alerted=row["alerted"],
        created=row["created"],
    )


def accounts_in_group(store: SQLStore, group: str, accounts: Sequence[str] = ()) -> list[str]:
    """The accounts `group`'s sources bring, within `accounts` when some are given."""
    members = SourceStore(store).accounts_of_group(group)
    return [a for a in accounts if a in members] if accounts else members


def with_group(store: SQLStore, query: Any) -> Any:
    """A SearchQuery's `group` as the accounts its sources bring (within any accounts given)."""
    if not getattr(query, "group", None):
        return query
    accounts = accounts_in_group(store, query.group, query.accounts)
    return replace(query, accounts=accounts or [NO_ACCOUNT], group=None)
