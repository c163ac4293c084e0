"""Throughput of `wxintel reprocess` on PostgreSQL: local pool and Dask workers (not a test).

    PYTHONPATH=src .venv/bin/python bench/reprocess.py [--dsn URL] [--size N] [--repeat 3]
        [--part-size 100]

The seven development accounts (or, with --size, that many posts recombined from their real
paragraphs) are ingested once into a fresh schema of the PostgreSQL server (the test server's
DSN by default; the schema is dropped after). Then, for each executor — in-process, a local
pool of 2, a Dask LocalCluster of 1 and of 2 worker processes (one thread each) — two runs are
timed: "rewrite", after every stored fingerprint was cleared as a new extractor would leave
them (every post read, derived, written back and linked again), and "verify", the run after
it (every post read and derived, nothing written). Posts per second, medians over --repeat.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import uuid
from collections.abc import Callable
from functools import partial
from pathlib import Path

import psycopg
from corpus import SHARED, machine, recombined

from wxintel.pipeline import ingest
from wxintel.reprocess import ReprocessReport, reprocess
from wxintel.store import open_store
from wxintel.store.postgres import pg_test_dsn_file

DATA = SHARED / "data"
SEVEN = [
    DATA / "sheitc-2025-09-10_2025-10-15.json",
    *sorted((DATA / "more-accounts").glob("*.json")),
]
DSN_FILE = pg_test_dsn_file()  # the test server scripts/postgres.sh keeps, as the tests read it


def build(url: str, index: Path, size: int, tmp: Path) -> int:
    """Ingest the archive into the schema behind `url`; the number of posts stored."""
    paths = SEVEN
    if size:
        path = tmp / "recombined.json"
        path.write_text(json.dumps(list(recombined(SEVEN, size)), ensure_ascii=False), "utf-8")
        paths = [path]
    store = open_store(url, index_dir=index)
    try:
        ingest(paths, store, workers=2)
        return store.count()
    finally:
        store.close()


def forget_fingerprints(url: str) -> None:
    """What a new extractor leaves: no stored row matches what the code derives now."""
    store = open_store(url)
    try:
        store.conn.execute("UPDATE articles SET derived_hash = ''")
    finally:
        store.close()


def timed(run: Callable[[], ReprocessReport], url: str, posts: int, repeat: int) -> str:
    """Medians of a rewriting run and of the verifying run after it, as a table row: posts/s,
    then the rewriting run's seconds in ranges (the workers' share), links and index."""
    rewrites, verifies = [], []
    for _ in range(repeat):
        forget_fingerprints(url)
        rewrites.append(run())
        assert rewrites[-1].changed == posts, rewrites[-1]
        verifies.append(run())
        assert verifies[-1].changed == 0, verifies[-1]

    def median(reports: list[ReprocessReport], name: str) -> float:
        return statistics.median(getattr(r, name) for r in reports)

    return (
        f"{posts / median(rewrites, 'seconds'):>16.1f} {posts / median(verifies, 'seconds'):>15.1f}"
        f" {median(rewrites, 'ranges_seconds'):>9.1f} {median(rewrites, 'link_seconds'):>7.1f}"
        f" {median(rewrites, 'index_seconds'):>8.1f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--dsn", default="")
    parser.add_argument("--size", type=int, default=0, help="recombined posts (0: the seven)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--part-size", type=int, default=100, help="posts per task, all runs")
    args = parser.parse_args()
    dsn = args.dsn or DSN_FILE.read_text(encoding="utf-8").strip()
    schema = f"bench_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    url = f"{dsn}{'&' if '?' in dsn else '?'}options=-csearch_path%3D{schema}"
    print(f"machine: {machine()}")
    try:
        with tempfile.TemporaryDirectory() as tmp:
            index = Path(tmp) / "index"
            posts = build(url, index, args.size, Path(tmp))
            print(f"archive: {posts} posts ({'recombined' if args.size else 'seven accounts'})")
            print(
                f"{'executor':<28} {'rewrite posts/s':>16} {'verify posts/s':>15}"
                f" {'ranges s':>9} {'links s':>7} {'index s':>8}"
            )
            common = {"index_dir": index, "part_size": args.part_size}
            runs: list[tuple[str, Callable[[], ReprocessReport]]] = [
                ("in-process", lambda: reprocess(url, workers=1, **common)),
                ("local pool of 2", lambda: reprocess(url, workers=2, **common)),
            ]
            for label, run in runs:
                print(f"{label:<28} {timed(run, url, posts, args.repeat)}")
            from distributed import LocalCluster

            for workers in (1, 2):
                with LocalCluster(
                    n_workers=workers, threads_per_worker=1, dashboard_address=None
                ) as cluster:
                    on_cluster = partial(reprocess, url, dask=cluster.scheduler_address, **common)
                    row = timed(on_cluster, url, posts, args.repeat)
                print(f"{f'dask, {workers} worker(s)':<28} {row}")
    finally:
        with psycopg.connect(dsn, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")


if __name__ == "__main__":
    main()
