"""Kill a running ingest with SIGKILL: its pool workers notice and exit too (issue 17)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from concurrent.futures import CancelledError
from pathlib import Path

import pytest
from conftest import MORE, SEED

from wxintel.workers import POOL_CHUNK, pool_map, worker_pool


def _children(pid: int) -> set[int]:
    """The live children of `pid`, read from /proc (psutil is not a dependency)."""
    found: set[int] = set()
    for children in Path(f"/proc/{pid}/task").glob("*/children"):
        try:
            found.update(int(child) for child in children.read_text().split())
        except OSError:
            continue
    return found


def _alive(pid: int) -> bool:
    """Whether `pid` still runs; a zombie nobody has reaped yet has already exited."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def test_workers_exit_when_ingest_is_killed(tmp_path: Path) -> None:
    cmd = [
        sys.executable,
        "-m",
        "wxintel",
        "ingest",
        str(SEED),
        str(MORE),
        "--db",
        str(tmp_path / "wx.db"),
        "--batch-size",
        "200",  # the first batch big enough for the pool (pool_min_batch) comes soonest
        "--workers",
        "2",
        "--json",
    ]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _kill_parent_then_expect_no_workers(proc, str(tmp_path))


# The same without the kernel's death signal: only the portable polling thread is left to notice.
POLLING_ONLY = """
import time
from wxintel import workers
workers._ask_kernel_for_death_signal = lambda: None
pool = workers.worker_pool(2)
list(pool.map(time.sleep, [0.2, 0.2]))
time.sleep(60)
"""


def test_workers_exit_by_polling_where_prctl_is_missing(tmp_path: Path) -> None:
    cmd = [sys.executable, "-c", POLLING_ONLY, str(tmp_path)]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _kill_parent_then_expect_no_workers(proc, str(tmp_path))


def _kill_parent_then_expect_no_workers(proc: subprocess.Popen, marker: str) -> None:
    """Wait for `proc`'s two workers, SIGKILL `proc`, and expect both gone within seconds.

    `marker` is on the command line the forked workers share, so cleanup after a failure
    kills only them.
    """
    workers: set[int] = set()
    try:
        deadline = time.monotonic() + 90  # start-up is slow on a loaded machine
        while len(workers) < 2 and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
            workers = _children(proc.pid)
        assert proc.poll() is None, "the parent finished before its workers could be seen"
        assert len(workers) == 2, f"expected two pool workers, saw {sorted(workers)}"
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        deadline = time.monotonic() + 5
        while any(_alive(w) for w in workers) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not [w for w in workers if _alive(w)], "pool workers outlived their parent"
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        for worker in workers:  # only a failed run leaves any
            if _alive(worker) and marker in _cmdline(worker):
                os.kill(worker, signal.SIGKILL)


def test_cancelling_a_pool_map_drops_the_chunks_no_worker_took() -> None:
    """Work started on a guess that proved wrong (an ingest batch started before the batch
    before it was written) is dropped, not left queued before the work that replaces it."""
    pool = worker_pool(2)
    try:
        mapped = pool_map(time.sleep, [0.05] * (POOL_CHUNK * 20), pool=pool)
        mapped.cancel()
        after = pool_map(abs, list(range(-100, 0)), pool=pool)
        assert list(after) == list(range(100, 0, -1))
        with pytest.raises(CancelledError):
            list(mapped)
    finally:
        pool.shutdown()
