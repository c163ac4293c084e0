"""The store: all database I/O of wxintel, in portable SQL that SQLite (3.35+) and
PostgreSQL (15+) run unchanged.

This class holds the connection, transactions and `meta`, and composes the parts, each a
module of its own: `writer` (ingest batches), `articles` (reading articles back), `readmodels`
(the views of pages and commands), `schema` (migrations) and, from search/, `IndexSync` (the
search index derived from the store). Their functions take the store first, so each is offered
here as a method of the same name: `store.calls(...)` is `readmodels.calls(store, ...)`.
Subclasses supply only the connection (whose `execute` takes `?` placeholders and returns rows
readable by name and by position), how a write transaction begins, where the schema version is
kept, and where the index lives.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from wxintel import settings
from wxintel.search.model import SearchQuery
from wxintel.search.sync import IndexSync
from wxintel.store import articles, readmodels, writer
from wxintel.store.records import Prepared, WriteResult
from wxintel.store.schema import migrate

# The change log keeps the last this many generations (see `log_changes`).
CHANGE_LOG_GENERATIONS = settings.count("change_log_generations")


class SQLStore(ABC):
    """All database I/O of wxintel, on any connection that speaks the portable SQL."""

    dialect: str
    #: what the driver raises on a UNIQUE or foreign-key violation
    integrity_errors: tuple[type[Exception], ...]
    conn: Any

    def _open(self) -> None:
        """Called by subclasses once `self.conn` is connected: migrate, no index loaded yet."""
        migrate(self)
        self.index_sync = IndexSync(self)

    # -- backend specifics ----------------------------------------------------------------

    @property
    @abstractmethod
    def location(self) -> str:
        """Where the data lives, for messages (a file path, or a server and database)."""

    @property
    @abstractmethod
    def index_path(self) -> Path:
        """The directory of the search index derived from this database."""

    @property
    @abstractmethod
    def rejects_path(self) -> Path:
        """The JSON Lines file that keeps records an ingest into this store rejected."""

    @abstractmethod
    def schema_version(self) -> int:
        """The schema version the database is at (0 when it is empty)."""

    @abstractmethod
    def _begin(self) -> None:
        """Start a write transaction that excludes other writers until it ends."""

    def record_version(self, number: int) -> None:
        """Remember the schema version reached, inside the migration's transaction."""
        self._set_meta("schema_version", str(number))

    # -- transactions and meta ------------------------------------------------------------

    @contextmanager
    def transaction(self) -> Iterator[Any]:
        """One atomic unit: everything inside commits together or not at all."""
        self._begin()
        try:
            yield self.conn
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")

    def _set_meta(self, key: str, value: str) -> None:
        self.conn.execute(
            "INSERT INTO meta(key, value) VALUES (?, ?) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            (key, value),
        )

    def meta(self, key: str, default: str = "") -> str:
        row = self.conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else default

    def generation(self) -> int:
        """Bumped by every batch that changed something; the search index follows it."""
        return int(self.meta("generation", "0"))

    def log_changes(self, keys: Iterable[str]) -> None:
        """Inside a write transaction: a new generation, and the articles it changed written
        to the change log, the feed whatever derives from the store (the search index)
        catches up from."""
        generation = self.generation() + 1
        self._set_meta("generation", str(generation))
        self.conn.executemany(
            "INSERT INTO changes(generation, key) VALUES (?, ?)",
            [(generation, key) for key in sorted(set(keys))],
        )
        # Pruned to a window of generations, not to what each reader has read: the store does
        # not know its readers (each machine's index of a PostgreSQL store, an index copied
        # elsewhere), and a reader's mark would make every search a write. A reader further
        # behind than the window finds the log short (`changed_since` is None) and rebuilds.
        self.conn.execute(
            "DELETE FROM changes WHERE generation <= ?", (generation - CHANGE_LOG_GENERATIONS,)
        )

    def changed_since(self, generation: int) -> list[str] | None:
        """Keys of the articles changed after `generation`; None when the log does not hold
        every generation since (a database older than the log), so only a rebuild will do."""
        rows = self.conn.execute(
            "SELECT generation, key FROM changes WHERE generation > ? ORDER BY key",
            (generation,),
        ).fetchall()
        if len({row[0] for row in rows}) != self.generation() - generation:
            return None
        return list(dict.fromkeys(row[1] for row in rows))

    def close(self) -> None:
        self.conn.close()

    # -- ingest (store/writer.py) ------------------------------------------------------------

    existing_hashes = writer.existing_hashes
    account_edge_counts = writer.account_edge_counts
    raw_articles_of_account = writer.raw_articles_of_account
    resign = writer.resign
    part_far_copies = writer.part_far_copies

    def write_batch(self, batch: list[Prepared], force: bool = False) -> WriteResult:
        """Write one batch in one transaction (see `writer.write_batch`), then let the search
        index take in what it changed."""
        result, changed = writer.write_batch(self, batch, force)
        if changed:
            self.index_sync.follow({p.key: p.indexed for p in batch if p.indexed is not None})
        return result

    # -- articles (store/articles.py) --------------------------------------------------------

    resolve = articles.resolve
    get = articles.get
    account_of_biz = articles.account_of_biz
    iter_articles = articles.iter_articles
    account_kinds = articles.account_kinds
    newest = articles.newest
    count = articles.count
    facts = articles.facts
    facts_of = articles.facts_of
    extraction_counts = articles.extraction_counts
    mentions = articles.mentions
    tables = articles.tables
    duplicates = articles.duplicates
    near_duplicate_pairs = articles.near_duplicate_pairs
    accounts = articles.accounts
    holds_account = articles.holds_account
    search_docs = articles.search_docs
    texts = articles.texts

    # -- read models (store/readmodels.py) ---------------------------------------------------

    stats = readmodels.stats
    calls = readmodels.calls
    calls_as_of = readmodels.calls_as_of
    events = readmodels.events
    entities = readmodels.entities
    entity_counts = readmodels.entity_counts
    entity = readmodels.entity
    activity = readmodels.activity

    # -- search (search/sync.py) -------------------------------------------------------------

    @property
    def index_behind(self) -> str:
        """Why the last index write was put off ("" when it ran)."""
        return self.index_sync.behind

    def search_index(self) -> Any:
        """The search index beside the database, rebuilt first if it lags behind."""
        return self.index_sync.fresh()

    def index_is_current(self) -> bool:
        """True when the search index reflects every committed change of the database."""
        return self.index_sync.is_current()

    def rebuild_index(self) -> bool:
        """Re-derive the whole search index from the database; False if it stayed busy."""
        return self.index_sync.rebuild()

    def search(self, query: SearchQuery | str, **fields: Any) -> Any:
        """Run a `wxintel.search.SearchQuery` against the (fresh) index; reposts shown once.
        From a notebook, the query's text with its fields as keywords does the same:
        `store.search("智能工厂 申报", limit=5, kinds=["call"])`. An account or group with no
        stored posts raises `reads.UnknownScope` naming the stored ones, as every surface says."""
        from wxintel.link.collapse import collapse_hits  # link reads the store: import when used
        from wxintel.store.sources import with_group

        if isinstance(query, str):
            query = SearchQuery(text=query, **fields)
        elif fields:
            raise TypeError("give the fields in the SearchQuery, or a text with the fields")
        readmodels.known_scope(self, query.accounts, query.group)
        return collapse_hits(self.search_index().search(with_group(self, query)), self.conn)

    def matching_keys(self, query: Any) -> list[str]:
        """Keys of every article a `SearchQuery` matches (its paging ignored), newest first."""
        from wxintel.store.sources import with_group

        return self.search_index().matching_keys(with_group(self, query))
