"""Every search's JSON written out, to show a change of speed leaves results as they were.

    .venv/bin/python bench/same_results.py --db wx.db --out before.jsonl [--sets SET.json ...]
    .venv/bin/python bench/same_results.py --db wx.db --out after.jsonl   # the other tree
    cmp before.jsonl after.jsonl

Runs every query of the search dev sets (at each set's `as_of`, so date words read the same
day) through `store.search` as the API does (top 20, facets, reposts folded), and again as its
second page, sorted by date, and among calls only, then the realistic queries `search.py`
times on the same archive (drawn from its titles, so a 100k archive is checked on queries it
answers in the bench). One line of `SearchResult.to_json()` per search, keys sorted: two
trees' files are byte-identical when their top-20s, totals, facets, snippets and readings are.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from search import realistic_queries

from wxintel.search import SearchQuery
from wxintel.store import open_store

ROOT = Path(__file__).resolve().parent.parent


def variants(text: str, as_of: str | None) -> list[SearchQuery]:
    """The query as the search page asks it, and the paging, sort and filter it offers."""
    return [
        SearchQuery(text, limit=20, as_of=as_of),
        SearchQuery(text, limit=20, offset=20, as_of=as_of),
        SearchQuery(text, limit=20, sort="date", as_of=as_of),
        SearchQuery(text, limit=20, kinds=["call"], as_of=as_of),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument(
        "--sets", type=Path, nargs="*", default=sorted((ROOT / "eval").glob("search_dev*.json"))
    )
    args = parser.parse_args()
    store = open_store(args.db)
    asked: list[tuple[str, SearchQuery]] = []
    for path in args.sets:
        labelled = json.loads(path.read_text(encoding="utf-8"))
        for item in labelled["queries"]:
            asked += [(path.name, q) for q in variants(item["q"], labelled.get("as_of"))]
    index = store.search_index()
    rows = store.conn.execute("SELECT title FROM articles ORDER BY id").fetchall()
    for text in realistic_queries([row[0] for row in rows], index):
        asked += [("realistic", q) for q in variants(text, None)]
    with args.out.open("w", encoding="utf-8") as out:
        for origin, query in asked:
            result = store.search(query).to_json()
            line = {"set": origin, "query": repr(query), "result": result}
            out.write(json.dumps(line, ensure_ascii=False, sort_keys=True) + "\n")
    store.close()
    print(f"{len(asked)} searches written to {args.out}")


if __name__ == "__main__":
    main()
