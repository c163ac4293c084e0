"""CPU seconds of a one-off CLI command under one or more source trees, runs alternated (not a
test): what a reader pays for a single `wxintel search` or `ask`, startup and lazy reads too.

    .venv/bin/python bench/oneoff.py --tree before=/tmp/old/src --tree after=src \\
        [--runs 5] -- search 进博会 --db wx.db --json

Each run is a fresh `python -m wxintel ARGS…` with PYTHONPATH set to the tree; the trees take
turns, so load drifting over the runs falls on each alike. Prints each tree's median and runs
(user + system CPU-s of the child) and the load average beside them; with `--json` among the
arguments, each run's `total` too, to check the trees found the same.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys


def cpu_of(tree: str, args: list[str]) -> tuple[float, object]:
    """One run's CPU-s and, for JSON output, its `total` (None otherwise)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    done = subprocess.run(
        [sys.executable, "-m", "wxintel", *args],
        env={**os.environ, "PYTHONPATH": tree},
        capture_output=True,
        text=True,
        check=True,
    )
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    spent = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    total = json.loads(done.stdout).get("total") if "--json" in args else None
    return spent, total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tree", action="append", required=True, help="NAME=PATH to a src/")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("args", nargs="+", help="the wxintel command, after --")
    asked = parser.parse_args()
    trees = dict(t.split("=", 1) for t in asked.tree)
    runs: dict[str, list[tuple[float, object]]] = {name: [] for name in trees}
    for _ in range(asked.runs):
        for name, tree in trees.items():
            runs[name].append(cpu_of(tree, asked.args))
    for name, got in runs.items():
        spent = [s for s, _ in got]
        totals = sorted({str(t) for _, t in got})
        print(
            f"{name}: median {statistics.median(spent):.2f} CPU-s;"
            f" runs {' '.join(f'{s:.2f}' for s in spent)}; totals {totals}"
        )
    print("load average", " ".join(f"{x:.1f}" for x in os.getloadavg()))


if __name__ == "__main__":
    main()
