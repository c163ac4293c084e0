"""A process pool whose workers exit when the process that started them dies.

A `kill -9` of `wxintel ingest` gives its workers no chance to be told to stop: they sat
asleep on their task queue forever (issue 17). Each worker therefore watches its parent.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from typing import Any, TypeVar

PARENT_POLL_SECONDS = 0.5  # how long a worker may outlive its parent where prctl is missing
_PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>
POOL_CHUNK = 32  # items a worker takes per task: fewer round trips, still an even share

T = TypeVar("T")


def worker_pool(workers: int) -> ProcessPoolExecutor:
    """A pool of `workers` processes, each of which exits soon after this process dies.

    The start method is pinned so each worker's parent is this process: under forkserver
    (Python 3.14's Linux default) it would be the server, and workers would exit at once.

    The workers are started here, before the caller opens anything: a worker forked later
    (ProcessPoolExecutor forks on first use) would inherit the file locks the parent holds
    then, such as the search index writer's, and keep them for its whole life, so the parent
    could never open a writer again.
    """
    method = "fork" if sys.platform.startswith("linux") else "spawn"
    pool = ProcessPoolExecutor(
        max_workers=workers,
        mp_context=multiprocessing.get_context(method),
        initializer=watch_parent,
        initargs=(os.getpid(),),
    )
    pool.submit(os.getpid).result()  # under fork, the first task starts every worker
    return pool


class Mapped(Iterator[T]):
    """What `pool_map` gives: the results in order; `cancel` drops the chunks no worker has
    taken yet (work started on a guess that proved wrong)."""

    def __init__(self, results: Iterator[T], futures: Sequence[Future] = ()) -> None:
        self._results = results
        self._futures = futures

    def __next__(self) -> T:
        return next(self._results)

    def cancel(self) -> None:
        for future in self._futures:
            future.cancel()


def pool_map(
    fn: Callable[..., T], *items: Sequence[Any], pool: Executor | None, min_items: int = 1
) -> Mapped[T]:
    """`fn` over `items` zipped, as `map` does: submitted to `pool`'s workers now, POOL_CHUNK
    at a time, when there is a pool and at least `min_items` items (fewer cost more to ship
    than to compute), else computed in this process as the results are read. Ingest,
    relinking and re-signing choose between the two here, by `uses_pool` alone."""
    if pool is not None and uses_pool(pool, len(items[0]), min_items):
        calls = list(zip(*items, strict=True))
        futures = [
            pool.submit(_apply, fn, calls[at : at + POOL_CHUNK])
            for at in range(0, len(calls), POOL_CHUNK)
        ]
        return Mapped((result for future in futures for result in future.result()), futures)
    return Mapped(map(fn, *items))


def _apply(fn: Callable[..., T], calls: list[tuple[Any, ...]]) -> list[T]:
    """One chunk of `pool_map`'s calls, in a worker."""
    return [fn(*args) for args in calls]


def uses_pool(pool: Executor | None, n: int, min_items: int = 1) -> bool:
    """True when `n` items go to `pool`'s workers (`pool_map`'s rule): there is a pool and at
    least `min_items` items."""
    return pool is not None and n >= min_items


def watch_parent(parent: int) -> None:
    """Pool initializer: die with `parent`, by a kernel signal where there is one, else by polling.

    `parent` is passed in rather than read here, so a parent that died before this worker
    got this far is noticed too (the worker has already been handed to another process).
    """
    _ask_kernel_for_death_signal()
    if os.getppid() != parent:
        os._exit(1)
    threading.Thread(target=_poll_parent, args=(parent,), name="watch-parent", daemon=True).start()


def _ask_kernel_for_death_signal() -> None:
    """Linux: have the kernel SIGKILL this process when its parent exits (PR_SET_PDEATHSIG)."""
    if not sys.platform.startswith("linux"):
        return
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):
        return  # no usable libc: the polling thread still covers it


def _poll_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(PARENT_POLL_SECONDS)
    os._exit(1)
