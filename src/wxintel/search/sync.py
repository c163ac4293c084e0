"""The search index's lifecycle beside its store: open it, rebuild it, catch it up.

The database is the system of record; the index is derived state that records the store
generation it reflects. After a batch, and whenever it is found lagging (a crash between the
two commits, a write put off while another process held the index, another machine's ingest
into a shared PostgreSQL store), the index takes in the articles the store's change log lists
since its generation; it is rebuilt only when new or when the log does not reach back that far.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from concurrent.futures import Executor
from typing import TYPE_CHECKING

from wxintel.search.indexlock import write_exclusively

if TYPE_CHECKING:
    from wxintel.search.index import SearchIndex, TextFields
    from wxintel.store.sqlstore import SQLStore


class IndexSync:
    """One store's search index, kept in step with the store's generation."""

    def __init__(self, store: SQLStore) -> None:
        self.store = store
        self._index: SearchIndex | None = None
        self.behind = ""  # why the last index write was put off ("" when it ran)
        # what rebuilt an index that held posts, and how long it took ("" when none did)
        self.rebuilt = ""
        self.pool: Executor | None = None  # workers that segment posts for the index, if any

    @property
    def index(self) -> SearchIndex:
        """The index at the store's `index_path`, opened on first use (tantivy loads lazily);
        it reads the bodies it shows from the store."""
        from wxintel.search.index import SearchIndex

        if self._index is None:
            self._index = SearchIndex(self.store.index_path, texts=self.store.texts)
        return self._index

    def fresh(self) -> SearchIndex:
        """The index, caught up first if it lags behind the store.

        While another writer keeps the index busy past the wait, the lagging index answers
        (and `behind` says so): a search is never failed for it.
        """
        if not self.is_current():
            self._write(self._catch_up)
        return self.index

    def is_current(self) -> bool:
        """True when the index reflects every committed change of the store."""
        return self.index.generation() == self.store.generation()

    def rebuild(self) -> bool:
        """Re-derive the whole index from the store; False if it stayed busy."""
        return self._write(self._rebuild)

    def follow(self, ready: Mapping[str, TextFields] | None = None) -> None:
        """Take in what a batch just changed, if the index exists yet; `ready`: the text
        fields the ingest workers read off its posts, by key."""
        if self._index is None and not self.store.index_path.exists():
            return  # built on first search, from scratch
        if self.behind:
            return  # already waited once: the next fresh() catches up in one rebuild
        self._write(lambda: self._catch_up(ready))

    def learned_terms(self) -> tuple[str, ...] | None:
        """The terms ingest workers can segment posts with for the index now: those of an
        index that exists, holds posts and uses the default lexicon (as the workers do);
        None when the next write may learn them anew (a new or empty index)."""
        from wxintel.nlp.lexicon import default_lexicon

        if self._index is None and not self.store.index_path.exists():
            return None
        index = self.index
        if index.lexicon is not default_lexicon() or index.generation() < 0:
            return None
        return index.learned_terms

    def _write(self, work: Callable[[], None]) -> bool:
        """Run an index write as the index's only writer, or record why it was put off."""
        path = self.store.index_path
        if write_exclusively(path, work):
            self.behind = ""
            return True
        self.behind = (
            f"search index {path} is busy (another process is writing it);"
            " it catches up on the next search"
        )
        return False

    def _rebuild(self) -> None:
        index, started = self.index, time.perf_counter()
        index.clear()
        index.upsert(self.store.search_docs(), self.pool)
        index.commit(self.store.generation())
        if index.emptied:  # a user waited for it: say why, and for how long
            posts, seconds = index.posts(), time.perf_counter() - started
            self.rebuilt = (
                f"search index rebuilt whole ({posts:,} posts in {seconds:,.0f} s): {index.emptied}"
            )
            index.emptied = ""

    def _catch_up(self, ready: Mapping[str, TextFields] | None = None) -> None:
        """Upsert the articles changed since the index's generation (another thread or process
        may have caught it up while this one waited); rebuild a new index, or one older than
        the change log. `ready`: text fields already read off those posts, by key (see
        follow)."""
        index, current = self.index, self.store.generation()
        if index.generation() == current:
            return
        keys = self.store.changed_since(index.generation()) if index.generation() >= 0 else None
        if keys is None:
            self._rebuild()
            return
        index.upsert(self.store.search_docs(keys), self.pool, ready)
        index.commit(current)
