"""Latency of a weekly brief on an archive shaped like a user's (not a test).

    .venv/bin/python bench/brief.py [--extra 10556] [--accounts 30] [--weeks 4] [--repeat 3]
                                    [--db PATH]

The seven development accounts are ingested as they are (上海经信委 keeps its digests, so
its brief is learned), then `--extra` posts recombined from their paragraphs into `--accounts`
accounts of skewed sizes with reposts between them (bench/corpus.py): 12k posts in all with
the defaults. With `--db PATH` the archive is built there and kept, and a later run with the
same PATH times it again without ingesting (two trees' code on one archive, say).

Three scopes, each over its last `--weeks` complete weeks, `--repeat` times: one account with
digests (上海经信委: learned week, sections, caps), the largest account without them (generic),
and every account together (a brief of several accounts). For each, "cold" is what the CLI does
per call (learn the plan from the accounts' posts, then build the brief) and "warm" what the
web does once the plan is cached for the archive's generation (build the brief). Medians and
95th percentiles of wall time, and the median CPU time of this process (less moved by other
load on the machine).
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from corpus import SHARED, machine, write_archive
from timing import percentile, timed

from wxintel.briefs import build_brief, plan_for
from wxintel.briefs.compose import Plan
from wxintel.pipeline import ingest
from wxintel.store import SQLStore, open_store

DATA = SHARED / "data"
SEVEN = [
    DATA / "sheitc-2025-09-10_2025-10-15.json",
    *sorted((DATA / "more-accounts").glob("*.json")),
]
LEARNED = "上海经信委"


def weeks_of(plan: Plan, count: int) -> list[tuple[date, date]]:
    """The last `count` complete weeks up to the plan's newest post, as its briefs run."""
    start, end = plan.week.latest_complete(date.fromisoformat(plan.newest))
    return [(start - timedelta(days=7 * n), end - timedelta(days=7 * n)) for n in range(count)]


def report(name: str, wall: list[float], cpu: list[float]) -> None:
    print(
        f"  {name}: p50 {statistics.median(wall):.0f} ms, p95 {percentile(wall, 0.95):.0f} ms,"
        f" CPU p50 {statistics.median(cpu):.0f} ms ({len(wall)} briefs)"
    )


def bench_scope(store: SQLStore, label: str, accounts: list[str], weeks: int, repeat: int) -> None:
    plan = plan_for(store, accounts)
    periods = weeks_of(plan, weeks)
    posts = sum(1 for _ in store.iter_articles(accounts=list(plan.accounts)))
    listed = [len(build_brief(store, s, e, plan=plan).items) for s, e in periods]
    print(
        f"{label}: {len(plan.accounts)} account(s), {posts} posts, learned from"
        f" {list(plan.learned_accounts) or 'none'}, weeks {periods[-1][0]}..{periods[0][1]},"
        f" {min(listed)}-{max(listed)} items a brief"
    )
    cold_wall, cold_cpu, warm_wall, warm_cpu = [], [], [], []
    for start, end in periods:
        wall, cpu = timed(lambda s=start, e=end: build_brief(store, s, e, accounts), repeat)
        cold_wall += wall
        cold_cpu += cpu
        wall, cpu = timed(lambda s=start, e=end: build_brief(store, s, e, plan=plan), repeat)
        warm_wall += wall
        warm_cpu += cpu
    report("cold (plan learned, then the brief: the CLI)", cold_wall, cold_cpu)
    report("warm (plan cached: the web)", warm_wall, warm_cpu)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--extra", type=int, default=10_556)
    parser.add_argument("--accounts", type=int, default=30)
    parser.add_argument("--weeks", type=int, default=4)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--db", type=Path, help="the archive to time: built there first when missing, else kept"
    )
    args = parser.parse_args()
    print(machine())
    with tempfile.TemporaryDirectory(prefix="wxintel-bench-brief-") as folder:
        if args.db and args.db.exists():
            store = open_store(args.db)
        else:
            store = open_store(args.db or Path(folder) / "brief.db")
            extra = write_archive(Path(folder) / "extra", SEVEN, args.extra, args.accounts)
            began = time.perf_counter()
            ingest([*SEVEN, extra], store, workers=args.workers)
            print(f"{store.count()} articles ingested in {time.perf_counter() - began:.0f} s")
        sizes = dict(store.conn.execute("SELECT account, COUNT(*) FROM articles GROUP BY account"))
        by_size = sorted(sizes, key=lambda a: -sizes[a])
        generic = next(a for a in by_size if plan_for(store, [a]).profile is None)
        bench_scope(
            store, f"one account with digests ({LEARNED})", [LEARNED], args.weeks, args.repeat
        )
        bench_scope(
            store, f"largest account without ({generic})", [generic], args.weeks, args.repeat
        )
        bench_scope(store, "every account", [], args.weeks, args.repeat)
        store.close()


if __name__ == "__main__":
    main()
