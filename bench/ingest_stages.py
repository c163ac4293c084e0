"""Where a fresh ingest's CPU goes, stage by stage, without a profiler (not a test).

    .venv/bin/python bench/ingest_stages.py DB PATH... [--workers 2]

cProfile (bench/profile_ingest.py) sees only the ingest process's main thread and inflates
small Python functions several times over (reading the exports: 1.3 s profiled, 0.17 s
unprofiled). This wraps the pipeline's stages in timers instead: the main thread's CPU and
wall seconds per stage, the ingest process's other threads (tantivy's indexing thread, the
pool's pickling threads) read from /proc, and each pool worker's CPU per stage, which each
worker writes to a folder beside DB as the pool shuts it down. The stages overlap (the workers
prepare a batch while the main thread links and writes the one before), so wall seconds are
not additive; CPU seconds are, except that some stages hold others (prepare_post holds enrich,
clean_article, the signature, hash and marks; fields_in_worker holds text_fields and
finished_fields; _start holds _boilerplate_for; write_batch holds upsert and commit, the
search index following each batch; _link_written holds the link stage's steps, link_reposts
holds record_marks, which holds _merge_when_grown (moving full levels of repost postings up),
and _shared_marks, which holds _probed_pairs). Last, the main thread's timeline: when, from
the process's start, it started batches, waited for the workers, wrote and linked, and which
batches started ahead had to be started again (their inputs moved with the write before
them), so the critical path shows (on a loaded machine its wall seconds are upper bounds).
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import resource
import threading
import time
from collections import defaultdict
from collections.abc import Callable
from concurrent.futures import _base as futures
from multiprocessing.util import Finalize
from pathlib import Path
from typing import Any

from wxintel import clean, dedupe, link, pipeline
from wxintel.link import reposts
from wxintel.search import index as search_index
from wxintel.store import open_store, sqlstore

# stage name -> [calls, CPU seconds of the calling thread, wall seconds]
SPENT: dict[str, list[float]] = defaultdict(lambda: [0, 0.0, 0.0])
MAIN = os.getpid()
WORKER_STAGES = "workers"  # the folder beside DB where each worker writes its stages
# the main thread's stages shown on the timeline: what it does while the workers prepare a batch
ON_TIMELINE = ("write_batch", "_link_written", "result", "_reclean_changed_accounts", "_start")
TIMELINE: list[tuple[str, float, float]] = []  # (stage, started, ended), epoch seconds
CHECKS: list[bool] = []  # per batch started ahead, after the write before it: inputs unmoved?


def timed(name: str, fn: Callable[..., Any], out: Path) -> Callable[..., Any]:
    """`fn` counting its calls, thread CPU and wall time under `name`; in a pool worker the
    totals are written out after each call of a per-chunk stage (the worker never returns)."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        cpu, wall = time.thread_time(), time.perf_counter()
        try:
            return fn(*args, **kwargs)
        finally:
            spent = SPENT[name]
            spent[0] += 1
            spent[1] += time.thread_time() - cpu
            spent[2] += time.perf_counter() - wall
            if os.getpid() != MAIN:
                _written_at_exit(out)
            elif name in ON_TIMELINE:
                ended = time.time()
                TIMELINE.append((name, ended - (time.perf_counter() - wall), ended))

    return wrapper


def checked(fn: Callable[..., bool]) -> Callable[..., bool]:
    """pipeline._unmoved noting its verdict: a batch started ahead whose inputs moved is
    started again (shown on the timeline and counted)."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> bool:
        unmoved = fn(*args, **kwargs)
        CHECKS.append(unmoved)
        if not unmoved:
            now = time.time()
            TIMELINE.append(("restart", now, now))
        return unmoved

    return wrapper


def _written_at_exit(out: Path) -> None:
    """In a pool worker: write its stages' totals when the pool shuts it down (a finalizer
    multiprocessing runs as the worker exits), once per worker, at no cost per call."""
    global _WORKER_FINAL
    if _WORKER_FINAL is None:
        path = out / f"{os.getpid()}.json"
        _WORKER_FINAL = Finalize(None, lambda: path.write_text(json.dumps(SPENT)), exitpriority=10)


_WORKER_FINAL: Finalize | None = None


def wrap_stages(out: Path) -> None:
    """Time the stages, in this process and (set before the pool forks) in its workers."""
    stages = [
        (clean, "clean_article"),
        (pipeline, "enrich"),
        (dedupe, "minhash_signature"),
        (dedupe, "content_fingerprint"),
        (link, "mark_array"),
        (pipeline, "prepare_post"),
        (search_index, "text_fields"),
        (search_index, "finished_fields"),
        (search_index, "fields_in_worker"),
        (search_index, "learn_terms"),
        (pipeline, "_link_written"),
        (link, "link_reposts"),  # the link stage's three steps, as link_batch calls them
        (link, "link_threads"),
        (link, "qualify_relative_orgs"),
        (reposts, "record_marks"),  # and within link_reposts
        (reposts, "_merge_when_grown"),
        (reposts, "_shared_marks"),
        (reposts, "_probed_pairs"),
        (pipeline, "_start"),  # a batch's inputs read from the store (and its work started)
        (pipeline, "_boilerplate_for"),
        (pipeline, "_reclean_changed_accounts"),
        (clean, "edge_lines"),
        (sqlstore.SQLStore, "write_batch"),
        (sqlstore.SQLStore, "search_index"),
        (search_index.SearchIndex, "upsert"),
        (search_index.SearchIndex, "commit"),
        (futures.Future, "result"),  # the main thread waiting for the workers
    ]
    for owner, name in stages:
        setattr(owner, name, timed(name, getattr(owner, name), out))
    pipeline._unmoved = checked(pipeline._unmoved)
    # a worker counts its own stages only, not those of the main process before the fork (the
    # post the ingest prepares before forking its workers was counted once per worker)
    os.register_at_fork(after_in_child=SPENT.clear)


def thread_cpu(seen: dict[str, tuple[str, float]], stop: threading.Event) -> None:
    """Every thread of this process by name with its CPU seconds, read from /proc until
    `stop` (a thread's last 0.2 s can be missed when it ends between two reads)."""
    tick = os.sysconf("SC_CLK_TCK")
    while not stop.wait(0.2):
        for tid in os.listdir("/proc/self/task"):
            try:
                stat = Path(f"/proc/self/task/{tid}/stat").read_text()
            except OSError:
                continue
            fields = stat[stat.rindex(")") + 2 :].split()
            name = stat[stat.index("(") + 1 : stat.rindex(")")]
            seen[tid] = (name, (int(fields[11]) + int(fields[12])) / tick)


def started_at() -> float:
    """This process's start, epoch seconds (to the clock tick): the interpreter's start-up and
    imports come before any timer of ours."""
    stat = Path("/proc/self/stat").read_text()
    ticks = int(stat[stat.rindex(")") + 2 :].split()[19])
    boot = next(
        float(line.split()[1])
        for line in Path("/proc/stat").read_text().splitlines()
        if line.startswith("btime")
    )
    return boot + ticks / os.sysconf("SC_CLK_TCK")


def print_timeline(start: float, ingest_at: float, ended: float) -> None:
    """The main thread's stages in order, wall seconds from the process's start; consecutive
    waits on the workers (`result`) shown as one span. Wall on a shared machine: an upper bound."""
    spans: list[list[Any]] = []
    for name, begun, done in TIMELINE:
        if spans and name == "result" and spans[-1][0] == "result":
            spans[-1][2] = done
        else:
            spans.append([name, begun, done])
    print(f"main thread timeline, wall s from start: ingest() called {ingest_at - start:.2f}")
    for name, begun, done in spans:
        shown = SHOWN.get(name, name)
        print(f"  {begun - start:6.2f} {done - start:6.2f}  {shown}")
    print(f"  {ended - start:6.2f}         ingest() returned")
    print(f"batches started ahead: {len(CHECKS)}, started again: {CHECKS.count(False)}")


SHOWN = {
    "result": "waits for the workers",
    "restart": "the batch started ahead: its inputs moved, started again",
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("db", help="the archive ingested into (created if new)")
    parser.add_argument("paths", nargs="+", type=Path)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    out = Path(f"{args.db}.{WORKER_STAGES}")
    out.mkdir(exist_ok=True)
    for stale in out.glob("*.json"):
        stale.unlink()
    wrap_stages(out)
    seen: dict[str, tuple[str, float]] = {}
    stop = threading.Event()
    threading.Thread(target=thread_cpu, args=(seen, stop), daemon=True).start()
    store = open_store(args.db)
    ingest_at = time.time()
    wall, cpu, main_cpu = time.perf_counter(), time.process_time(), time.thread_time()
    report = pipeline.ingest(args.paths, store, workers=args.workers)
    ended = time.time()
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    main_cpu = time.thread_time() - main_cpu
    stop.set()
    store.close()
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    print(
        f"read {report.read}: wall {wall:.1f} s; ingest process {cpu:.2f} CPU-s (main thread"
        f" {main_cpu:.2f}); workers {children.ru_utime + children.ru_stime:.2f} CPU-s;"
        f" load {os.getloadavg()[0]:.1f}"
    )
    by_thread: dict[str, float] = defaultdict(float)
    for name, seconds in seen.values():
        by_thread[name] += seconds
    print("ingest process threads, CPU-s:", {k: round(v, 2) for k, v in by_thread.items() if v})
    per_post = 1000 / max(report.read, 1)
    print(f"{'main process stage':28} {'calls':>6} {'CPU-s':>7} {'wall s':>7} {'CPU-ms/post':>12}")
    for name, (calls, stage_cpu, stage_wall) in sorted(SPENT.items()):
        ms = stage_cpu * per_post
        print(f"{name:28} {calls:>6} {stage_cpu:>7.2f} {stage_wall:>7.2f} {ms:>12.3f}")
    workers: dict[str, list[float]] = defaultdict(lambda: [0, 0.0])
    for written in out.glob("*.json"):
        for name, (calls, stage_cpu, _) in json.loads(written.read_text()).items():
            workers[name][0] += calls
            workers[name][1] += stage_cpu
    print(f"{'workers stage':28} {'calls':>6} {'CPU-s':>7} {'CPU-ms/post':>12}")
    for name, (calls, stage_cpu) in sorted(workers.items()):
        print(f"{name:28} {calls:>6.0f} {stage_cpu:>7.2f} {stage_cpu * per_post:>12.3f}")
    print_timeline(started_at(), ingest_at, ended)


if __name__ == "__main__":
    main()
