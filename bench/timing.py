"""Wall and CPU time of a call, for the benches that report both (not a test).

On a shared machine the wall time grows with the load while the process's CPU time does not,
so bench/ask.py and bench/brief.py print both, read off the same two clocks here.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable


def percentile(values: list[float], share: float) -> float:
    """The `share` percentile of `values` (nearest rank)."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def clocked(run: Callable[[], object]) -> tuple[float, float]:
    """Wall and CPU milliseconds of one call of `run`."""
    began, used = time.perf_counter(), time.process_time()
    run()
    return (time.perf_counter() - began) * 1000, (time.process_time() - used) * 1000


def timed(run: Callable[[], object], repeat: int) -> tuple[list[float], list[float]]:
    """Wall and CPU milliseconds of `repeat` calls of `run`, after one warm-up call."""
    run()
    samples = [clocked(run) for _ in range(repeat)]
    return [wall for wall, _ in samples], [cpu for _, cpu in samples]
