"""Latency of `ask` per question on the seven-account archive, and on it grown (not a test).

    .venv/bin/python bench/ask.py [--extra 10000] [--repeat 3] [--workers 2] [--db PATH]

The seven development accounts are ingested as they are; then `--extra` articles recombined
from their real paragraphs are added (12k in all with the default), so the index is the size
the issue's target names while the dev questions still have their answers. Every question of
eval/ask_dev*.json is asked `--repeat` times, extractive mode; a first pass warms the
index.
In the same run the baseline (the top search hit's best sentence) is timed beside it.
With `--db` the archive is kept at PATH and timed there when it exists (built there first when
it does not; `--build-only` stops after that), so a long build runs outside the team's heavy
lock and only the timing inside it.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from pathlib import Path

from corpus import SHARED, machine, write_export
from timing import clocked, percentile

from wxintel.ask import answer_extractive
from wxintel.evaluation.ask import baseline_answer
from wxintel.pipeline import ingest
from wxintel.store import open_store

DATA = SHARED / "data"
SEVEN = [
    DATA / "sheitc-2025-09-10_2025-10-15.json",
    *sorted((DATA / "more-accounts").glob("*.json")),
]
QUESTIONS = sorted((Path(__file__).resolve().parents[1] / "eval").glob("ask_dev*.json"))


def timed(fn, questions: list[str], repeat: int) -> tuple[list[float], list[float]]:
    """Wall and CPU milliseconds per question, every question asked once untimed first (the
    index reader, learned terms, the page cache), then `repeat` times over in order."""
    for q in questions:
        fn(q)
    samples = [clocked(lambda q=q: fn(q)) for _ in range(repeat) for q in questions]
    return [wall for wall, _ in samples], [cpu for _, cpu in samples]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--extra", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--db", type=Path, help="keep the archive here; reuse it if it exists")
    parser.add_argument("--build-only", action="store_true", help="build --db, time nothing")
    args = parser.parse_args()
    if args.build_only and not args.db:
        parser.error("--build-only needs --db (a temporary archive is thrown away)")
    labelled = [json.loads(path.read_text("utf-8"))["questions"] for path in QUESTIONS]
    questions = [q["question"] for items in labelled for q in items]
    print(machine())
    with tempfile.TemporaryDirectory(prefix="wxintel-bench-ask-") as folder:
        path = args.db or Path(folder) / "ask.db"
        built = path.exists()
        store = open_store(path)
        if not built:
            sources = list(SEVEN)
            if args.extra:
                sources.append(write_export(Path(folder) / "extra.json", SEVEN, args.extra))
            began = time.perf_counter()
            ingest(sources, store, workers=args.workers)
        store.search_index()
        if not built:
            print(f"{store.count()} articles ingested in {time.perf_counter() - began:.0f} s")
        else:
            print(f"{store.count()} articles in {path}")
        if args.build_only:
            store.close()
            return
        for name, fn in (
            ("wxintel ask", lambda q: answer_extractive(store, q)),
            ("baseline (top hit's best sentence)", lambda q: baseline_answer(store, q)),
        ):
            ms, cpu = timed(fn, questions, args.repeat)
            print(
                f"{name}: {len(questions)} questions x {args.repeat}: p50"
                f" {statistics.median(ms):.1f} ms, p95 {percentile(ms, 0.95):.1f} ms,"
                f" max {max(ms):.1f} ms; CPU p50 {statistics.median(cpu):.1f} ms,"
                f" p95 {percentile(cpu, 0.95):.1f} ms, mean {statistics.mean(cpu):.1f} ms"
            )
        store.close()


if __name__ == "__main__":
    main()
