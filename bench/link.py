"""Time the link stage (repost clusters and call threads) over whole archives (not a test).

    .venv/bin/python bench/link.py [--sizes 12000] [--workers 2]

First the seven development accounts as they are; then, for each size, a corpus recombined
from their real paragraphs in which one post in ten is reposted by another account (a copy
with an added intro line), so clusters form at scale. Each archive is ingested once (linking
incrementally, batch by batch, as ingest does), then `relink` links it all again from scratch:
both times are reported.
"""

from __future__ import annotations

import argparse
import json
import random
import tempfile
import time
from pathlib import Path

from corpus import SHARED, load_records, machine, recombined

from wxintel import link
from wxintel.pipeline import ingest
from wxintel.store import open_store

DATA = SHARED / "data"
SEVEN = [
    DATA / "sheitc-2025-09-10_2025-10-15.json",
    *sorted((DATA / "more-accounts").glob("*.json")),
]
REPOST_SHARE = 10  # one post in this many is reposted by another account


def with_reposts(records: list[dict], seed: int = 11) -> list[dict]:
    """The records plus, for one in REPOST_SHARE, a copy posted later by another account."""
    rng = random.Random(seed)
    accounts = sorted({r["公众号名称"] for r in records})
    out = list(records)
    for i, record in enumerate(records[::REPOST_SHARE]):
        other = rng.choice([a for a in accounts if a != record["公众号名称"]])
        out.append(
            {
                **record,
                "文章标识符aid": f"9{i:09d}_1",
                "链接url": "",
                "公众号名称": other,
                "finalContent": f"转载自：{record['公众号名称']}\r" + record["finalContent"],
            }
        )
    return out


def measure(paths: list[Path], workers: int, label: str, tmp: Path) -> None:
    db = tmp / f"{label}.db"
    store = open_store(db)
    try:
        started = time.perf_counter()
        report = ingest(paths, store, workers=workers)
        ingested = time.perf_counter() - started
        started = time.perf_counter()
        done = link.relink(store)
        relinked = time.perf_counter() - started
        clusters = len(link.clusters(store.conn))
        threads = len(link.threads(store.conn))
    finally:
        store.close()
    print(
        f"{label:>14} {report.read:>8} {ingested:>10.1f} {relinked:>10.1f}"
        f" {clusters:>9} {threads:>8} {done['repost_links']:>6}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="12000")
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    print(f"machine: {machine()}")
    print(
        f"{'archive':>14} {'articles':>8} {'ingest s':>10} {'relink s':>10}"
        f" {'clusters':>9} {'threads':>8} {'links':>6}"
    )
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        measure(SEVEN, args.workers, "seven accounts", tmp)
        complete = tmp / "complete.json"  # recombine only records with every field
        records = [r for r in load_records(SEVEN) if r.get("标题title") and r.get("finalContent")]
        complete.write_text(json.dumps(records, ensure_ascii=False), "utf-8")
        for size in (int(s) for s in args.sizes.split(",") if s):
            base = list(recombined([complete], size - size // REPOST_SHARE))
            export = tmp / f"corpus-{size}.json"
            export.write_text(json.dumps(with_reposts(base), ensure_ascii=False), "utf-8")
            measure([export], args.workers, f"{size} recombined", tmp)


if __name__ == "__main__":
    main()
