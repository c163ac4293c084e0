"""Ingest throughput and peak memory on archives scaled from the real exports (not a test).

    .venv/bin/python bench/ingest.py --sizes 1000,10000 [--accounts 30] [--baseline ../main/src]
    .venv/bin/python bench/ingest.py --sizes 100000 --incremental 1000

For each size an archive shaped like a real one (--accounts files, one per account, each with
its own boilerplate, reposts across accounts; see corpus.archive) is written to a temp folder,
then `wxintel ingest` runs in a fresh process; we report articles/s and that process's peak
RSS (workers included), and the CPU seconds of the ingest process and of its workers (what the
run itself spent, which a loaded machine moves far less than wall time). `--baseline SRC` runs
the same ingest with another source tree (say main's `src`) in the same run, side by side. A
last column reads the same files with the streaming reader alone, to show memory stays flat as
input grows. `--incremental N` then ingests N new posts into each built archive and reports
the seconds. Medians over --repeat.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from corpus import ALL_SOURCES, machine, write_archive

MEASURED = (
    "import resource, runpy, sys\n"
    "sys.argv = ['wxintel', *sys.argv[1:]]\n"
    "try:\n    runpy.run_module('wxintel', run_name='__main__')\n"
    "except SystemExit:\n    pass\n"
    "use = [resource.getrusage(w) for w in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)]\n"
    "print(*(u.ru_utime + u.ru_stime for u in use), file=sys.stderr)\n"
    "print(max(u.ru_maxrss for u in use), file=sys.stderr)"
)
READ_ONLY = (
    "import pathlib, resource, sys\nfrom wxintel.sources import read_path\n"
    "n = sum(1 for p in sys.argv[1:] for _ in read_path(pathlib.Path(p)))\n"
    "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)"
)


def measured(code: str, *args: str, src: Path | None = None) -> tuple[float, float, str]:
    """Run `code` in a fresh interpreter (with `src` first on the path): seconds, peak RSS in
    MB (with workers), stdout. The CPU seconds of the process and of its workers, when the code
    prints them, are kept in CPU."""
    env = dict(os.environ)
    if src is not None:
        env["PYTHONPATH"] = str(src.resolve())
    start = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, check=True, env=env
    )
    seconds = time.perf_counter() - start
    lines = proc.stderr.strip().splitlines()
    peak_kb = int(lines[-1])
    if len(lines) > 1 and len(lines[-2].split()) == 2:
        CPU[:] = [float(x) for x in lines[-2].split()]
    return seconds, peak_kb / 1024, proc.stdout


# The last measured run's CPU seconds: (its own process, its workers). Other engineers' work on
# a shared machine stretches wall time far more than the CPU a run itself spends.
CPU: list[float] = [0.0, 0.0]


def ingest_run(
    inputs: list[Path], db: Path, workers: int, src: Path | None
) -> tuple[float, float, tuple[float, float]]:
    """One `wxintel ingest` in a fresh process: (articles/s, peak MB, CPU seconds of the
    ingest process and of its workers)."""
    paths = [str(p) for p in inputs]
    seconds, peak, out = measured(
        MEASURED, "ingest", *paths, "--db", str(db), "--json", "--workers", str(workers), src=src
    )
    return json.loads(out)["read"] / seconds, peak, (CPU[0], CPU[1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--sources", nargs="*", type=Path, default=ALL_SOURCES)
    parser.add_argument("--accounts", type=int, default=30)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--baseline", type=Path, help="another source tree to run beside")
    parser.add_argument("--incremental", type=int, default=0, help="new posts added afterwards")
    args = parser.parse_args()
    trees: list[tuple[str, Path | None]] = [("this", None)]
    if args.baseline:
        trees.append(("baseline", args.baseline))
    print(f"machine: {machine()}; load {os.getloadavg()[0]:.1f}")
    print(
        f"{'tree':>9} {'articles':>9} {'MB':>7} {'art/s':>8} {'ingest peak MB':>15}"
        f" {'read-only peak MB':>18} {'+new s':>7} {'CPU s main+workers':>19}"
        f" {'+new CPU s':>11}"
    )
    with tempfile.TemporaryDirectory() as tmp:
        for size in (int(s) for s in args.sizes.split(",")):
            total = size + args.incremental
            folder = write_archive(Path(tmp) / f"corpus-{size}", args.sources, total, args.accounts)
            files = sorted(folder.glob("*.json"))
            base, new = split_off(files, args.incremental, Path(tmp) / f"new-{size}")
            size_mb = sum(f.stat().st_size for f in base) / 2**20
            _, read_peak, _ = measured(READ_ONLY, *map(str, base))
            for name, src in trees:
                rates, peaks, adds, cpus, add_cpus = [], [], [], [], []
                for i in range(args.repeat):
                    db = Path(tmp) / f"bench-{name}-{size}-{i}.db"
                    rate, peak, cpu = ingest_run(base, db, args.workers, src)
                    rates.append(rate)
                    peaks.append(peak)
                    cpus.append(cpu)
                    if new:
                        start = time.perf_counter()
                        add_cpus.append(ingest_run(new, db, args.workers, src)[2])
                        adds.append(time.perf_counter() - start)
                added = f"{statistics.median(adds):>7.1f}" if adds else f"{'':>7}"
                print(
                    f"{name:>9} {size:>9} {size_mb:>7.1f} {statistics.median(rates):>8.0f} "
                    f"{statistics.median(peaks):>15.0f} {read_peak:>18.0f} {added}"
                    f" {_cpu(cpus):>19} {_cpu(add_cpus):>11}  (load {os.getloadavg()[0]:.1f})",
                    flush=True,
                )


def _cpu(runs: list[tuple[float, float]]) -> str:
    """The median run's CPU seconds as main+workers ('' without runs)."""
    if not runs:
        return ""
    main, workers = sorted(runs, key=sum)[len(runs) // 2]
    return f"{main:.1f}+{workers:.1f}"


def split_off(files: list[Path], count: int, folder: Path) -> tuple[list[Path], list[Path]]:
    """Move each account's last posts (`count` in all, spread by size) into new files under
    `folder`: the archive is ingested first, the new files after, as a later crawl."""
    if not count:
        return files, []
    folder.mkdir()
    rows = {f: json.loads(f.read_text(encoding="utf-8")) for f in files}
    total = sum(len(r) for r in rows.values())
    new = []
    taken = 0
    for f, r in rows.items():
        share = min(len(r) - 1, round(count * len(r) / total), count - taken)
        if f == files[-1]:
            share = min(len(r) - 1, count - taken)
        taken += share
        if share <= 0:
            continue
        f.write_text(json.dumps(r[:-share], ensure_ascii=False), encoding="utf-8")
        target = folder / f.name
        target.write_text(json.dumps(r[-share:], ensure_ascii=False), encoding="utf-8")
        new.append(target)
    return files, new


if __name__ == "__main__":
    main()
