"""A thread that runs one tantivy pass of a search beside the rest of it.

tantivy releases the GIL while it searches or aggregates, so a pass that does not depend on
the ranking (the facet pass over every match) can run on a second core while the search
ranks its candidates in Python and tantivy. One small pool per process, made on first use
and made again in a forked child (a pool's threads do not survive a fork).
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TypeVar

from wxintel import settings

Value = TypeVar("Value")
# threads of the pool: one pass aside per search in flight on a store thread (a server
# process runs two store threads); 0 runs every pass in the search's own thread
THREADS = settings.count("search_aside_threads")

_pool: tuple[int, ThreadPoolExecutor] | None = None
_MADE = threading.Lock()


def _executor() -> ThreadPoolExecutor:
    """This process's pool, made now if it has none yet (or only its parent's)."""
    global _pool
    with _MADE:
        if _pool is None or _pool[0] != os.getpid():
            _pool = (os.getpid(), ThreadPoolExecutor(THREADS, thread_name_prefix="search-aside"))
        return _pool[1]


def runs_aside() -> bool:
    """Whether the pool has threads: a caller need not prepare a pass that cannot run aside."""
    return THREADS > 0


def aside(work: Callable[[], Value]) -> Future[Value] | None:
    """`work` started on the pool, or None when the pool has no threads (the caller runs it
    itself when it needs the answer)."""
    if not runs_aside():
        return None
    return _executor().submit(work)
