"""Store threads: every database call from the web layer runs on one of them.

A SQLite connection (and a PostgreSQL one) belongs to the thread that opened it, and the
search index keeps state per store object, so each thread opens a store of its own. With
more than one thread (`threads`, $WXINTEL_STORE_THREADS) reads run at once: SQLite WAL allows
concurrent readers and tantivy searches outside the GIL. Writes (ingest, reindex) run alone,
so no read sees an index half rebuilt, and after any change a thread reopens its store, so
its index reader and learned terms follow what was written.
"""

from __future__ import annotations

import asyncio
import os
import queue
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Future
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from wxintel import settings
from wxintel.store import SQLStore, open_store

T = TypeVar("T")
THREADS_ENV = settings.BY_NAME["store_threads"].env
MAX_DEFAULT_THREADS = 4


def default_threads() -> int:
    """$WXINTEL_STORE_THREADS, else one thread per core up to MAX_DEFAULT_THREADS (beyond that
    the GIL-bound rest of a request, not the store, limits a process)."""
    given = settings.count("store_threads")
    if given > 0:
        return given
    return min(MAX_DEFAULT_THREADS, os.cpu_count() or 1)


class ReadWriteLock:
    """Many readers at once, or one writer alone; a waiting writer holds back new readers."""

    def __init__(self) -> None:
        self._changed = threading.Condition()
        self._readers = 0
        self._writing = False
        self._writers_waiting = 0

    @contextmanager
    def reading(self) -> Iterator[None]:
        with self._changed:
            self._changed.wait_for(lambda: not self._writing and not self._writers_waiting)
            self._readers += 1
        try:
            yield
        finally:
            with self._changed:
                self._readers -= 1
                self._changed.notify_all()

    @contextmanager
    def writing(self) -> Iterator[None]:
        with self._changed:
            self._writers_waiting += 1
            self._changed.wait_for(lambda: not self._writing and not self._readers)
            self._writers_waiting -= 1
            self._writing = True
        try:
            yield
        finally:
            with self._changed:
                self._writing = False
                self._changed.notify_all()


class StoreThreads:
    """Runs functions of the store on a small pool of threads, each with its own store.

    The threads start on the first call and share one queue, so a slow request never holds
    back others while a thread is free; each opens its store lazily and closes it itself.
    """

    def __init__(
        self, target: str | Path, index_dir: str | Path | None = None, threads: int | None = None
    ) -> None:
        self.target = target  # a SQLite path or a PostgreSQL URL
        self.index_dir = index_dir
        self.threads = threads or default_threads()
        self._tasks: queue.SimpleQueue[_Task | None] = queue.SimpleQueue()
        self._workers: list[threading.Thread] = []
        self._start_lock = threading.Lock()
        self._lock = ReadWriteLock()
        self._writes = 0  # writes run here; a reindex leaves the generation as is

    async def run(self, fn: Callable[[SQLStore], T], write: bool = False) -> T:
        """Await `fn(store)` on a store thread; `write=True` runs it with no read alongside."""
        return await asyncio.wrap_future(self._submit(fn, write))

    def run_sync(self, fn: Callable[[SQLStore], T], write: bool = False) -> T:
        """`fn(store)` on a store thread, for callers outside the event loop."""
        return self._submit(fn, write).result()

    def close(self) -> None:
        """Let every thread finish its queued work, close its store and stop."""
        with self._start_lock:
            workers, self._workers = self._workers, []
        for _ in workers:
            self._tasks.put(None)
        for worker in workers:
            worker.join()

    def _submit(self, fn: Callable[[SQLStore], T], write: bool) -> Future[T]:
        with self._start_lock:
            while len(self._workers) < self.threads:
                worker = threading.Thread(
                    target=self._serve, name=f"wxintel-store-{len(self._workers)}", daemon=True
                )
                worker.start()
                self._workers.append(worker)
        future: Future[T] = Future()
        self._tasks.put(_Task(fn, write, future))
        return future

    def _serve(self) -> None:
        """A worker thread: runs tasks against its own store until told to stop."""
        mine = _Store()
        while (task := self._tasks.get()) is not None:
            if not task.future.set_running_or_notify_cancel():
                continue
            try:
                result = self._perform(mine, task)
            except BaseException as exc:  # handed to the awaiting request, which answers it
                task.future.set_exception(exc)
            else:
                task.future.set_result(result)
        if mine.store is not None:
            mine.store.close()

    def _perform(self, mine: _Store, task: _Task) -> Any:
        store = self._fresh(mine)
        if not task.write:
            with self._lock.reading():
                return task.fn(store)
        with self._lock.writing():
            try:
                return task.fn(store)
            finally:
                self._writes += 1
                mine.seen = self._version(store)

    def _fresh(self, mine: _Store) -> SQLStore:
        """The thread's store, reopened when the database or index changed since it was opened.

        Opening needs no lock (each thread owns its store); only catching up a lagging index
        does, so it is rebuilt once, with nothing reading it, and a first open never waits for
        reads running on the other threads.
        """
        if mine.store is not None and self._version(mine.store) == mine.seen:
            return mine.store
        if mine.store is not None:
            mine.store.close()
            mine.store = None
        store = mine.store = open_store(self.target, index_dir=self.index_dir)
        if not store.index_is_current():
            with self._lock.writing():
                store.search_index()
        mine.seen = self._version(store)
        return store

    def _version(self, store: SQLStore) -> tuple[int, int]:
        """What a store opened earlier may have missed: the database's generation (any writer,
        any process) and the writes run on these threads."""
        return store.generation(), self._writes


@dataclass
class _Task:
    fn: Callable[[SQLStore], Any]
    write: bool
    future: Future[Any]


@dataclass
class _Store:
    """A worker thread's own store and the version (see StoreThreads._version) it has seen."""

    store: SQLStore | None = None
    seen: tuple[int, int] = (-1, -1)
