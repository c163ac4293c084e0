"""Watchlist matching: every match's key, from the index's columns vs decoding each document.

    .venv/bin/python bench/watch_keys.py --db wx.db [--repeat 5]

A watchlist run asks the index for every article a query matches (`matching_keys`). Reading
the keys from the key and date columns costs the same whatever each post's length; the
baseline, measured in the same run on the same index, decodes each match's stored document
(the JSON with its full text), as matching_keys did before the key became a fast field.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from collections.abc import Callable

from corpus import machine
from tantivy import Occur, Query

from wxintel.search import SearchQuery
from wxintel.search.index import SearchIndex
from wxintel.store import open_store

QUERIES = ["企业", "发展", "申报", "人工智能", "智能制造", "通知", "上海", "项目 申报"]


def decoded_keys(index: SearchIndex, query: SearchQuery) -> list[str]:
    """The baseline: every match (up to the document count) with its stored document decoded."""
    searcher = index._index.searcher()
    understood = index._understand(query)
    every = index._every_concept(understood.parsed)
    found = searcher.search(
        Query.boolean_query(
            [(Occur.Must, every), *index._filters(query, understood.parsed, understood.days)]
        ),
        max(searcher.num_docs, 1),
        order_by_field="ts",
    )
    return [json.loads(searcher.doc(a).to_dict()["doc"][0])["key"] for _, a in found.hits]


def timed(run: Callable[[], list[str]], repeat: int) -> tuple[float, int]:
    """Median milliseconds of `repeat` runs, and how many keys one run gave."""
    times, count = [], 0
    for _ in range(repeat):
        start = time.perf_counter()
        count = len(run())
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    store = open_store(args.db)
    index = store.search_index()
    print(f"{machine()}; {store.count()} articles")
    print(f"{'query':<10} {'matches':>7} {'columns ms':>11} {'decoded ms':>11}")
    for text in QUERIES:
        query = SearchQuery(text)
        columns, n = timed(lambda q=query: index.matching_keys(q), args.repeat)
        decoded, m = timed(lambda q=query: decoded_keys(index, q), args.repeat)
        assert n == m, (text, n, m)
        print(f"{text:<10} {n:>7} {columns:>11.1f} {decoded:>11.1f}")


if __name__ == "__main__":
    main()
