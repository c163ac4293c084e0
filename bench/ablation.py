"""What each search mechanism does: every one switched off alone, on every judged set.

    .venv/bin/python bench/ablation.py --db wx.db [--sets eval/search_dev*.json]
        [--only NAME ...] [--apart search_dev14.json] [--jobs 1] [--out ablation.json]
        [--moved NAME ...]
    .venv/bin/python bench/ablation.py --read ablation.json [--moved NAME ...]

Each configuration runs in a process of its own (the ranking's weights are read at import):
the search as shipped ("shipped"), then each mechanism of search/switches.py off
(WXINTEL_SEARCH_OFF), each factor of the ranking at exponent 0 (search/exponents.py) and each
weight of the index's query at its neutral value (its setting). Every query of every set is
asked as `wxintel eval search` asks it (`evaluation.search.wxintel_run`); both plain BM25
baselines rank the same queries once, over the same posts, in this process.

The report: nDCG@10 per set, and pooled over the sets not set apart, for every configuration
beside the baselines, with how many sets it lowers and raises against "shipped"; then per
class and per account, pooled the same way. `--apart` names the sets reported apart (a set that
was read to change the search is in-sample: its figures say nothing of unseen queries).
`--moved NAME` lists the queries whose nDCG@10 a configuration changes, set by set.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from wxintel.evaluation.search import baselines, evaluate_search, read_judgments, wxintel_run
from wxintel.search.exponents import FACTORS
from wxintel.search.switches import MECHANISMS
from wxintel.store import open_store

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = "shipped"
# the set read to change the search this session (blind last session): reported apart
APART = ("search_dev14.json",)
# each weight of the index's query (settings.py) at the value that makes it do nothing
NEUTRAL_WEIGHTS = {
    "title_boost": 1.0,  # a title match weighs what a body match does
    "subword_boost": 0.0,  # the parts of a long word score nothing
    "alias_boost": 1.0,  # an alias weighs what the typed word does
    "related_boost": 0.0,  # a related term (genre words, CC-CEDICT) scores nothing
    "ident_boost": 1.0,  # an identifier matched whole weighs what its characters do
    "all_words_bonus": 1.0,  # a post with every word scores as the sum of its words
    "substring_boost": 0.0,  # a query string written verbatim scores nothing
    "bigram_weight": 0.0,  # no plain BM25 over the typed bigrams
}


def configurations() -> dict[str, dict[str, Any]]:
    """Name -> how to run it: `env` set for its process, `exponent` set to 0."""
    out: dict[str, dict[str, Any]] = {SHIPPED: {}}
    out.update({f"off:{name}": {"env": {"WXINTEL_SEARCH_OFF": name}} for name in MECHANISMS})
    out.update({f"factor:{name}": {"exponent": name} for name in FACTORS if name != "bm25"})
    out.update(
        {
            f"weight:{name}={value:g}": {"env": {f"WXINTEL_SEARCH_{name.upper()}": str(value)}}
            for name, value in NEUTRAL_WEIGHTS.items()
        }
    )
    return out


def rank_all(db: Path, sets: list[Path], exponent: str | None) -> dict[str, list[list[str]]]:
    """Every query of every set ranked by this process's search (top ten, "account/aid")."""
    store = open_store(db)
    if exponent:
        index = store.search_index()
        index.weigh({**index.exponents, exponent: 0.0})
    out = {}
    for path in sets:
        labels = json.loads(path.read_text(encoding="utf-8"))
        run = wxintel_run(store, labels.get("as_of"))
        out[path.name] = [[f"{a}/{d}" for a, d in run(item)] for item in read_judgments(labels)]
    return out


def run_configuration(args: argparse.Namespace, how: dict[str, Any]) -> dict[str, list]:
    """One configuration's rankings, from a process of its own."""
    env = {**os.environ, **how.get("env", {})}
    command = [sys.executable, __file__, "--db", str(args.db), "--rank"]
    if how.get("exponent"):
        command += ["--exponent", how["exponent"]]
    command += ["--sets", *map(str, args.sets)]
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if done.returncode:
        raise SystemExit(f"ablation {how}: {done.stderr.strip()[-2000:]}")
    return json.loads(done.stdout)


def baseline_rankings(db: Path, sets: list[Path]) -> dict[str, dict[str, list[list[str]]]]:
    """Per set, both plain baselines' rankings of its queries, over the archive's posts."""
    plain = baselines(open_store(db).search_docs())
    out = {}
    for path in sets:
        items = read_judgments(json.loads(path.read_text(encoding="utf-8")))
        out[path.name] = {
            name: [[f"{a}/{d}" for a, d in b.ranked(item.q)] for item in items]
            for name, b in plain.items()
        }
    return out


def reports(
    sets: list[Path], ranked: dict[str, list[list[str]]], plain: dict[str, dict[str, list]]
) -> dict[str, dict[str, Any]]:
    """Per set, `evaluate_search`'s report of this configuration beside both baselines."""
    out = {}
    for path in sets:
        lists = {"wxintel": ranked[path.name], **plain[path.name]}
        runs = {name: replay(rows) for name, rows in lists.items()}
        out[path.name] = evaluate_search(json.loads(path.read_text(encoding="utf-8")), runs)
    return out


def replay(rows: list[list[str]]) -> Any:
    """A run answering the set's queries, in order, with the rankings `rows` recorded."""
    answers = iter(rows)
    return lambda item: [tuple(key.split("/", 1)) for key in next(answers)]


def label(name: str) -> str:
    """search_dev.json -> 1, search_dev7.json -> 7: the sets' short names."""
    digits = name.removeprefix("search_dev").removesuffix(".json")
    return digits or "1"


def pooled(per_set: dict[str, dict[str, Any]], names: list[str], by: str) -> dict[str, dict]:
    """Mean nDCG@10 per group (`by`: "class" or "account") over the queries of `names`, for
    every system, with the number of queries."""
    rows: dict[str, list[dict]] = defaultdict(list)
    for name in names:
        for row in per_set[name]["queries"]:
            keys = row["accounts"] if by == "account" else [row["class"] or "-"]
            for key in keys:
                rows[key].append(row)
    return {
        key: {
            "queries": len(group),
            **{
                system: sum(r[system]["ndcg@10"] for r in group) / len(group)
                for system in ("wxintel", "bm25_words", "bm25_bigrams")
            },
        }
        for key, group in sorted(rows.items())
    }


def mean(per_set: dict[str, dict[str, Any]], names: list[str], system: str) -> float:
    """Mean nDCG@10 per query over the sets `names` pooled."""
    rows = [row[system]["ndcg@10"] for name in names for row in per_set[name]["queries"]]
    return sum(rows) / len(rows) if rows else 0.0


def format_tables(results: dict[str, dict[str, dict]], apart: list[str]) -> str:
    """The per-set, per-class and per-account tables (markdown), every configuration beside
    the shipped search and both baselines of the same run."""
    shipped = results[SHIPPED]
    names = list(shipped)
    scored = [n for n in names if n not in apart]
    heads = [label(n) for n in scored]
    lines = [
        "nDCG@10 per set; pooled = mean per query over the sets not apart; down/up = sets of "
        "those lower/higher than shipped by more than 0.0005",
        "",
        "| configuration | "
        + " | ".join(heads)
        + " | pooled | down | up | "
        + " | ".join(f"{label(n)} (apart)" for n in apart if n in shipped)
        + " |",
        "| --- |" + " ---: |" * (len(heads) + 3 + sum(n in shipped for n in apart)),
    ]

    def row(title: str, per_set: dict, system: str, compare: bool) -> str:
        cells = [f"{per_set[n]['overall'][system]['ndcg@10']:.4f}" for n in scored]
        down = up = ""
        if compare:
            moves = [
                per_set[n]["overall"][system]["ndcg@10"]
                - shipped[n]["overall"]["wxintel"]["ndcg@10"]
                for n in scored
            ]
            down, up = str(sum(m < -0.0005 for m in moves)), str(sum(m > 0.0005 for m in moves))
        side = [f"{per_set[n]['overall'][system]['ndcg@10']:.4f}" for n in apart if n in per_set]
        pool = f"{mean(per_set, scored, system):.4f}"
        return f"| {title} | " + " | ".join([*cells, pool, down, up, *side]) + " |"

    for config, per_set in results.items():
        lines.append(row(config, per_set, "wxintel", config != SHIPPED))
    lines.append(row("words BM25", shipped, "bm25_words", False))
    lines.append(row("bigram BM25", shipped, "bm25_bigrams", False))
    sided = [n for n in apart if n in shipped]
    for by, among, where in (
        ("class", scored, "the sets not apart"),
        ("account", scored, "the sets not apart"),
        ("class", sided, "the sets apart"),
    ):
        if among:
            lines += ["", *grouped(results, among, by, where)]
    return "\n".join(lines)


def grouped(results: dict[str, dict[str, dict]], among: list[str], by: str, where: str) -> list:
    """The table of nDCG@10 per class or account (`by`) pooled over the sets `among`."""
    shipped = results[SHIPPED]
    groups = pooled(shipped, among, by)
    lines = [
        f"nDCG@10 per {by}, pooled over {where}; (down/up) = sets of that {by} where the "
        "configuration is lower/higher than shipped by more than 0.0005",
        "",
        "| configuration | "
        + " | ".join(f"{k} ({v['queries']})" for k, v in groups.items())
        + " |",
        "| --- |" + " ---: |" * len(groups),
    ]
    for config, per_set in results.items():
        mine = pooled(per_set, among, by)
        cells = []
        for key in groups:
            lower = higher = 0
            if config != SHIPPED:
                for n in among:
                    a, b = pooled(per_set, [n], by), pooled(shipped, [n], by)
                    if key in a:
                        lower += a[key]["wxintel"] < b[key]["wxintel"] - 0.0005
                        higher += a[key]["wxintel"] > b[key]["wxintel"] + 0.0005
            moves = f" ({lower}/{higher})" if lower or higher else ""
            cells.append(f"{mine[key]['wxintel']:.3f}{moves}")
        lines.append(f"| {config} | " + " | ".join(cells) + " |")
    for system, title in (("bm25_words", "words BM25"), ("bm25_bigrams", "bigram BM25")):
        lines.append(
            f"| {title} | " + " | ".join(f"{groups[k][system]:.3f}" for k in groups) + " |"
        )
    return lines


def moved(results: dict[str, dict[str, dict]], config: str) -> str:
    """The queries whose nDCG@10 `config` changes against the shipped search."""
    lines = [f"queries {config} moves (shipped → {config}; bigram BM25):"]
    for name, report in results[config].items():
        for mine, theirs in zip(report["queries"], results[SHIPPED][name]["queries"], strict=True):
            before, after = theirs["wxintel"]["ndcg@10"], mine["wxintel"]["ndcg@10"]
            if abs(after - before) > 0.0005:
                lines.append(
                    f"  set {label(name)}: {before:.3f} → {after:.3f} "
                    f"({theirs['bm25_bigrams']['ndcg@10']:.3f})  {theirs['class'] or '-'}  "
                    f"{theirs['q']}"
                )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="the archive searched (every run but --read)")
    parser.add_argument(
        "--sets", type=Path, nargs="*", default=sorted((ROOT / "eval").glob("search_dev*.json"))
    )
    parser.add_argument("--only", nargs="*", help="configurations to run (default: every one)")
    parser.add_argument("--apart", nargs="*", default=list(APART), help="sets reported apart")
    parser.add_argument("--jobs", type=int, default=1, help="configurations run at once")
    parser.add_argument("--out", type=Path, help="the rankings and reports as JSON")
    parser.add_argument("--moved", nargs="*", default=[], help="list the queries these move")
    parser.add_argument("--read", type=Path, help="print the tables of an --out file, no run")
    parser.add_argument("--rank", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--exponent", help=argparse.SUPPRESS)
    args = parser.parse_args()
    args.sets = sorted(
        args.sets, key=lambda p: int(label(p.name)) if label(p.name).isdigit() else 0
    )
    if args.rank:  # a worker: one configuration's rankings on stdout
        json.dump(rank_all(args.db, args.sets, args.exponent), sys.stdout)
        return
    if args.read:  # the tables of a run kept with --out
        results = json.loads(args.read.read_text(encoding="utf-8"))["reports"]
        print(format_tables(results, args.apart))
        for config in args.moved:
            print(f"\n{moved(results, config)}")
        return
    if args.db is None:
        parser.error("--db is needed to run the searches")
    every = configurations()
    chosen = [SHIPPED, *(n for n in (args.only or every) if n != SHIPPED)]
    unknown = [n for n in chosen if n not in every]
    if unknown:
        raise SystemExit(f"unknown configuration {', '.join(unknown)} (one of {', '.join(every)})")
    plain = baseline_rankings(args.db, args.sets)
    with ThreadPoolExecutor(max(1, args.jobs)) as pool:
        runs = pool.map(lambda n: run_configuration(args, every[n]), chosen)
        ranked = dict(zip(chosen, runs, strict=True))
    results = {name: reports(args.sets, lists, plain) for name, lists in ranked.items()}
    print(format_tables(results, args.apart))
    for config in args.moved:
        print(f"\n{moved(results, config)}")
    if args.out:
        args.out.write_text(
            json.dumps({"rankings": ranked, "reports": results}, ensure_ascii=False),
            encoding="utf-8",
        )


if __name__ == "__main__":
    main()
