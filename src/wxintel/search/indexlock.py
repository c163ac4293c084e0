"""Who may write a search index now: one thread per process, and tantivy's lock across processes.

tantivy allows one IndexWriter per index directory and refuses a second at once (LockBusy),
whether it is wanted by another process (an ingest while a server rebuilds) or by another
thread of this one. Index writes queue here for a bounded time instead of failing; past it the
caller leaves the index behind its database, and the generation check catches it up later.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path

from wxintel.settings import number

WAIT_SECONDS = number("index_wait_seconds")
_FIRST_PAUSE = 0.05
_LONGEST_PAUSE = 1.0


_locks: dict[Path, threading.RLock] = {}
_locks_guard = threading.Lock()


def process_lock(index_path: Path) -> threading.RLock:
    """The lock every thread of this process takes before writing the index at `index_path`."""
    key = Path(index_path).resolve()
    with _locks_guard:
        return _locks.setdefault(key, threading.RLock())


def is_lock_busy(error: BaseException) -> bool:
    """True for tantivy's refusal of a second IndexWriter (a ValueError naming LockBusy)."""
    return isinstance(error, ValueError) and "LockBusy" in str(error)


def write_exclusively(
    index_path: Path, work: Callable[[], None], wait: float | None = None
) -> bool:
    """Run `work` (which opens the index writer) as the only writer of the index.

    Returns True once it ran, False if the index stayed busy for `wait` seconds (default
    WAIT_SECONDS); any error other than a busy writer lock propagates.
    """
    wait = WAIT_SECONDS if wait is None else wait
    deadline = time.monotonic() + wait
    lock = process_lock(index_path)
    if not lock.acquire(timeout=wait):
        return False
    try:
        pause = _FIRST_PAUSE
        while True:
            try:
                work()
                return True
            except ValueError as error:
                if not is_lock_busy(error):
                    raise
            left = deadline - time.monotonic()
            if left <= 0:
                return False
            time.sleep(min(pause, left))
            pause = min(pause * 2, _LONGEST_PAUSE)
    finally:
        lock.release()
