"""Where an ingest's own CPU goes: `pipeline.ingest` profiled in-process by CPU time (not a test).

    .venv/bin/python bench/profile_ingest.py OUT.prof DB PATH... [--workers 2] [--top 40]

The profiler's clock is the process's CPU time, so time spent waiting for the pool's workers
(and for other engineers' processes on a shared machine) counts for nothing: what is listed is
the ingest process's own work. The workers' CPU is printed beside it, from the children's
resource usage once the pool has shut down.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import resource
import time
from pathlib import Path

from wxintel import pipeline
from wxintel.store import open_store


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out", type=Path, help="where the profile is written (pstats format)")
    parser.add_argument("db", help="the archive ingested into (created if new)")
    parser.add_argument("paths", nargs="+", type=Path)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--top", type=int, default=40, help="functions listed by cumulative CPU")
    args = parser.parse_args()
    store = open_store(args.db)
    profile = cProfile.Profile(time.process_time)
    wall, cpu = time.perf_counter(), time.process_time()
    profile.enable()
    report = pipeline.ingest(args.paths, store, workers=args.workers)
    profile.disable()
    store.close()
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    workers = children.ru_utime + children.ru_stime
    print(
        f"read {report.read}: wall {time.perf_counter() - wall:.1f} s, ingest process"
        f" {time.process_time() - cpu:.1f} CPU-s, workers {workers:.1f} CPU-s;"
        f" load {os.getloadavg()[0]:.1f}"
    )
    profile.dump_stats(args.out)
    pstats.Stats(str(args.out)).sort_stats("cumulative").print_stats(args.top)


if __name__ == "__main__":
    main()
