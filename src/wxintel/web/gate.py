"""One thread owns the store: every database call from the web layer goes through it.

A SQLite connection belongs to the thread that opened it, and the search index keeps state
per store object. Funnelling calls through one worker thread keeps both correct under any
number of concurrent requests, while the event loop stays free to accept and render.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TypeVar

from wxintel.store import SQLStore, open_store

T = TypeVar("T")


class StoreGate:
    """Runs functions of the store on its own thread, opening the store there on first use."""

    def __init__(self, target: str | Path, index_dir: str | Path | None = None) -> None:
        self.target = target  # a SQLite path or a PostgreSQL URL
        self.index_dir = index_dir
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="wxintel-store")
        self._store: SQLStore | None = None

    def _call(self, fn: Callable[[SQLStore], T]) -> T:
        if self._store is None:
            self._store = open_store(self.target, index_dir=self.index_dir)
        return fn(self._store)

    async def run(self, fn: Callable[[SQLStore], T]) -> T:
        """Await `fn(store)` run on the store's thread."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._executor, self._call, fn)

    def run_sync(self, fn: Callable[[SQLStore], T]) -> T:
        """`fn(store)` on the store's thread, for callers outside the event loop."""
        return self._executor.submit(self._call, fn).result()

    def close(self) -> None:
        def shut(store: SQLStore) -> None:
            store.close()

        if self._store is not None:
            self.run_sync(shut)
            self._store = None
        self._executor.shutdown(wait=True)
