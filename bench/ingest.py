"""Ingest throughput and peak memory on corpora scaled from the seed (not a test).

    .venv/bin/python bench/ingest.py --sizes 1000,10000 [--sources a.json b.json]

For each size: a recombined export is written to a temp folder, then `wxintel ingest` runs in
a fresh process; we report articles/s and that process's peak RSS. A second column reads the
same file with the streaming reader alone, to show memory stays flat as input grows.
Medians over --repeat runs.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from corpus import DEFAULT_SOURCES, machine, write_export

MEASURED = (
    "import resource, runpy, sys\n"
    "sys.argv = ['wxintel', *sys.argv[1:]]\n"
    "try:\n    runpy.run_module('wxintel', run_name='__main__')\n"
    "except SystemExit:\n    pass\n"
    "peak = max(resource.getrusage(w).ru_maxrss for w in"
    " (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))\n"
    "print(peak, file=sys.stderr)"
)
READ_ONLY = (
    "import pathlib, resource, sys\nfrom wxintel.sources import read_path\n"
    "n = sum(1 for _ in read_path(pathlib.Path(sys.argv[1])))\n"
    "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)"
)


def measured(code: str, *args: str) -> tuple[float, float, str]:
    """Run `code` in a fresh interpreter: seconds, peak RSS in MB (with workers), stdout."""
    start = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, check=True
    )
    seconds = time.perf_counter() - start
    peak_kb = int(proc.stderr.strip().splitlines()[-1])
    return seconds, peak_kb / 1024, proc.stdout


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--sources", nargs="*", type=Path, default=DEFAULT_SOURCES)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    print(f"machine: {machine()}")
    print(
        f"{'articles':>9} {'MB':>7} {'art/s':>8} {'ingest peak MB':>15} {'read-only peak MB':>18}"
    )
    with tempfile.TemporaryDirectory() as tmp:
        for size in (int(s) for s in args.sizes.split(",")):
            export = write_export(Path(tmp) / f"corpus-{size}.json", args.sources, size)
            rates, peaks = [], []
            for i in range(args.repeat):
                db = Path(tmp) / f"bench-{size}-{i}.db"
                seconds, peak, out = measured(
                    MEASURED,
                    "ingest",
                    str(export),
                    "--db",
                    str(db),
                    "--json",
                    "--workers",
                    str(args.workers),
                )
                rates.append(json.loads(out)["read"] / seconds)
                peaks.append(peak)
            _, read_peak, _ = measured(READ_ONLY, str(export))
            size_mb = export.stat().st_size / 2**20
            print(
                f"{size:>9} {size_mb:>7.1f} {statistics.median(rates):>8.0f} "
                f"{statistics.median(peaks):>15.0f} {read_peak:>18.0f}"
            )


if __name__ == "__main__":
    main()
