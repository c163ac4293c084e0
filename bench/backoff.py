"""The labelled search queries holding a concept few posts hold, and what the back-off did.

    .venv/bin/python bench/backoff.py --db wx.db [--results DIR] [--low 2] [--time] [sets ...]

For each query of the search sets (eval/search_dev*.json by default): its concepts as the
index reads them (aliases, short forms, variants) and the posts holding each. A query with a
concept held by at most `--low` posts is a row: that concept with its aliases, the query's
concepts, its search's total and first-tier count, the nDCG@10 of wxintel and the two BM25
baselines (from `wxintel eval search SET --json` outputs saved as DIR/<set name>.json, when
`--results` is given), the short forms read and `understood.backed_off` (the absent words named,
with the names read for them). It ends with the counts the docs quote: the rows, the queries
whose absent word is named, and those read another way (docs/measured/search.md, fourteenth
session). Searched as `wxintel eval search` does: top 10, at the set's as_of, no facets.

`--time` measures each search cold (`SearchIndex.forget` before it: no remembered spellings,
counts or results) in CPU time, and prints it for every query whose absent word is named, with
the mean over those and over the other queries: what reading an absent word costs, e.g. on a
100k archive (`bench/search.py --db` measures the common queries).
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import time
from pathlib import Path
from typing import Any

from wxintel.evaluation.search import read_judgments
from wxintel.search import SearchQuery
from wxintel.store import open_store

SETS = Path(__file__).resolve().parent.parent / "eval"
SYSTEMS = ("wxintel", "bm25_bigrams", "bm25_words")


def _sets(given: list[str]) -> list[Path]:
    """The sets asked for, else every search_dev set in the order of its number."""
    if given:
        return [Path(s) for s in given]
    found = SETS.glob("search_dev*.json")
    return sorted(found, key=lambda p: int(re.sub(r"\D", "", p.stem) or 1))


def _scores(results: Path | None, labels: Path) -> dict[str, dict[str, Any]]:
    """Each query's row of a saved `wxintel eval search --json` report (its first, by text)."""
    if results is None:
        return {}
    report = json.loads((results / labels.name).read_text(encoding="utf-8"))
    rows: dict[str, dict[str, Any]] = {}
    for row in report["queries"]:
        rows.setdefault(row["q"], row)
    return rows


def _concept(clause: Any, posts: int) -> str:
    """A clause as the docs' table writes it: its terms with their aliases, = posts."""
    terms = []
    for alternative in clause.alternatives:
        for term in alternative:
            aliases = ",".join(name for name, _ in term.aliases)
            terms.append(term.text + (f"({aliases})" if aliases else ""))
    return "/".join(terms) + f"={posts}"


def main() -> None:
    """Print the rows and the counts."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sets", nargs="*", help="search judgment sets (default: eval/search_dev*)")
    parser.add_argument("--db", required=True, help="an ingested archive")
    parser.add_argument("--results", type=Path, help="`wxintel eval search --json` outputs")
    parser.add_argument("--low", type=int, default=2, help="a concept in at most this many posts")
    parser.add_argument("--time", action="store_true", help="CPU time of each search, cold")
    args = parser.parse_args()
    store = open_store(args.db)
    index = store.search_index()
    searcher = index._index.searcher()
    rows = queries = named = read = 0
    cpu: dict[bool, list[float]] = {True: [], False: []}
    for labels in _sets(args.sets):
        judgments = json.loads(labels.read_text(encoding="utf-8"))
        scores = _scores(args.results, labels)
        as_of = judgments.get("as_of")
        for item in read_judgments(judgments):
            queries += 1
            q = SearchQuery(text=item.q, limit=10, as_of=as_of, facets=False)
            index.forget()
            started = time.process_time()
            result = store.search(q)
            spent = 1000 * (time.process_time() - started)
            backed_off = result.understood.get("backed_off", {})
            cpu[bool(backed_off)].append(spent)
            if args.time and backed_off:
                print(f"{spent:7.1f} ms CPU cold  {item.q}  {backed_off}")
            named += bool(backed_off)
            read += any(backed_off.values())
            clauses = index._understand(q, searcher).parsed.clauses
            counts = index._posts_holding(searcher, [(c, False) for c in clauses])
            low = [_concept(c, n) for c, n in zip(clauses, counts, strict=True) if n <= args.low]
            if not low:
                continue
            rows += 1
            row = scores.get(item.q, {})
            ndcg = [f"{row[s]['ndcg@10']:.3f}" if s in row else "–" for s in SYSTEMS]
            cells = [labels.stem, item.q, item.cls, "; ".join(low), len(clauses), result.total]
            cells += [result.all_words, *ndcg, result.understood.get("short_forms", {})]
            cells.append(backed_off)
            print("|", " | ".join(map(str, cells)), "|")
    print(f"{rows} of {queries} queries hold a concept in at most {args.low} posts")
    print(f"backed_off names an absent word in {named} queries and reads {read} of them")
    if args.time:
        for was, label in ((True, "named"), (False, "other")):
            if cpu[was]:
                mean = statistics.fmean(cpu[was])
                print(f"{label}: {len(cpu[was])} queries, mean {mean:.1f} ms CPU cold")


if __name__ == "__main__":
    main()
