"""Fitting the search ranking's exponents (search/exponents.py) to judged sets, and scoring the
fit on sets it never saw.

Each judged query's candidates are read once with their factors (`SearchIndex.explain`, the
candidates the search of its first ten results ranks, in the segments it orders them within).
Reordering them under other exponents is then arithmetic: the same product, the same ties
(the newer post, then the key), the same tiers, the repost clusters the page shows once. The
exponents are fitted by coordinate ascent on mean nDCG@10 from the hand-set ranking
(exponents.HAND_SET): one exponent at a time takes the value of a grid that scores best, until
a pass changes none. Leave-one-set-out: each set is ranked with exponents fitted to the others, by
the real search (`SearchIndex.weigh`), beside the hand-set ranking and both baselines in the
same run.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from wxintel.evaluation.search import CUTOFF, Judged, read_judgments
from wxintel.search.exponents import FACTORS, HAND_SET
from wxintel.search.index import Ranked, tied

# the exponents fitted: "bm25" stays 1, since raising every factor to one power keeps the order
FITTED = tuple(f for f in FACTORS if f != "bm25")
# the values an exponent may take: 0 drops a factor, 1 keeps it as set by hand
GRID = (0.0, 0.25, 0.5, 0.75, 1.0, 1.5, 2.0, 3.0, 4.0)
PASSES = 4  # at most; a pass that changes no exponent ends the ascent
GAIN = 1e-6  # the least gain in mean nDCG@10 for an exponent to move


@dataclass
class Pool:
    """One judged query's candidates as arrays: the log of each fitted factor (rows), the log
    of BM25's score, the segment, the recency and key order that break ties, each candidate's
    gain (2^grade - 1), its repost cluster, and the ideal DCG@10 of the query's judgments."""

    set_name: str
    item: Judged
    logs: np.ndarray  # candidates x FITTED
    bm25: np.ndarray
    segment: np.ndarray
    tiebreak: np.ndarray  # rank by (newer, key): lower first
    gains: np.ndarray
    cluster: np.ndarray  # candidates folded into one hit share their first member's index
    ideal: float
    keys: list[tuple[str, str]] = field(default_factory=list)
    # each candidate's pair features (search/pair_features.py), for the learned ranking
    features: list[dict[str, float]] = field(default_factory=list)


def pool(
    set_name: str,
    item: Judged,
    segments: list[list[Ranked]],
    cluster_of: Callable[[list[str]], dict[str, str]],
) -> Pool:
    """The candidates of one query as a `Pool`; `cluster_of` maps the keys, in their ranked
    order, to the key of the hit each is shown under (repost collapse)."""
    rows = [(n, c) for n, segment in enumerate(segments) for c in segment]
    folded = cluster_of([c.key for _, c in rows])
    index = {c.key: i for i, (_, c) in enumerate(rows)}
    order = sorted(range(len(rows)), key=lambda i: (-rows[i][1].stamp, rows[i][1].key))
    tiebreak = np.empty(len(rows))
    tiebreak[order] = np.arange(len(rows))
    grades = {item.key(a, d): g for (a, d), g in item.grades.items()}
    ideal = sorted(grades.values(), reverse=True)[:CUTOFF]
    return Pool(
        set_name,
        item,
        np.array([[math.log(c.factors.get(f, 1.0)) for f in FITTED] for _, c in rows]).reshape(
            len(rows), len(FITTED)
        ),
        np.array([math.log(max(c.bm25, 1e-30)) for _, c in rows]),
        np.array([n for n, _ in rows]),
        tiebreak,
        np.array([2.0 ** grades.get(item.key(c.account, c.id), 0) - 1 for _, c in rows]),
        np.array([index[folded.get(c.key, c.key)] for _, c in rows]),
        sum((2.0**g - 1) / math.log2(i + 2) for i, g in enumerate(ideal)),
        [(c.account, c.id) for _, c in rows],
        [c.features for _, c in rows],
    )


def ranked(p: Pool, exponents: np.ndarray) -> list[int]:
    """The candidates' indices in the order the search shows its first page under
    `exponents` (over FITTED): within each segment by score, ties to the newer post; the
    page's first CUTOFF, a repost cluster once."""
    if not len(p.bm25):
        return []
    return page_by(p, np.exp(p.bm25 + p.logs @ exponents))


def page_by(p: Pool, scores: Sequence[float]) -> list[int]:
    """The page the search shows when its candidates score `scores`: within each segment by
    score (rounded as the search rounds ties), ties to the newer post."""
    score = np.array([tied(s) for s in scores])
    return _page(p, np.lexsort((p.tiebreak, -score, p.segment)))


def _page(p: Pool, order: np.ndarray) -> list[int]:
    """The page shown for the candidates in `order`: its first CUTOFF, a repost cluster once."""
    seen: set[int] = set()
    page = []
    for i in order[:CUTOFF]:
        if p.cluster[i] not in seen:
            seen.add(p.cluster[i])
            page.append(int(i))
    return page


def ndcg(p: Pool, exponents: np.ndarray) -> float:
    """nDCG@10 of the query under `exponents`, as the eval scores the search's page."""
    return page_ndcg(p, ranked(p, exponents))


def page_ndcg(p: Pool, page: list[int]) -> float:
    """nDCG@10 of a page of the query's candidates."""
    if not p.ideal:
        return 0.0
    return sum(p.gains[i] / math.log2(n + 2) for n, i in enumerate(page)) / p.ideal


def best_order(pools: Sequence[Pool], tiers: bool = True) -> float:
    """Mean nDCG@10 of the best page the judgments allow of the same candidates (by gain, ties
    as the search's; within the search's segments when `tiers`): the ceiling of any exponents
    of these factors, since no reweighing brings in a post the search does not rank."""
    if not pools:
        return 0.0
    pages = []
    for p in pools:
        segment = p.segment if tiers else np.zeros_like(p.segment)
        pages.append(page_ndcg(p, _page(p, np.lexsort((p.tiebreak, -p.gains, segment)))))
    return sum(pages) / len(pools)


def mean_ndcg(pools: Sequence[Pool], exponents: np.ndarray) -> float:
    return sum(ndcg(p, exponents) for p in pools) / len(pools) if pools else 0.0


def fit(
    pools: Sequence[Pool], factors: Sequence[str] = FITTED, grid: Sequence[float] = GRID
) -> dict[str, float]:
    """Exponents maximising mean nDCG@10 over `pools` by coordinate ascent from the hand-set
    ones: each exponent of `factors` in turn takes the grid value scoring best (it stays unless
    another gains more than GAIN), until a pass moves none or PASSES are done; the others keep
    their hand-set values."""
    current = as_vector(HAND_SET)
    best = mean_ndcg(pools, current)
    for _ in range(PASSES):
        moved = False
        for n in (FITTED.index(f) for f in factors):
            for value in grid:
                if value == current[n]:
                    continue
                trial = current.copy()
                trial[n] = value
                score = mean_ndcg(pools, trial)
                if score > best + GAIN:
                    best, current, moved = score, trial, True
        if not moved:
            break
    return dict(zip(FITTED, (float(v) for v in current), strict=True))


def as_vector(exponents: Mapping[str, float]) -> np.ndarray:
    """`exponents` over FITTED, the hand-set value for a factor not given."""
    return np.array([exponents.get(f, HAND_SET[f]) for f in FITTED])


def leave_one_set_out(
    pools: Sequence[Pool], factors: Sequence[str] = FITTED
) -> dict[str, dict[str, float]]:
    """For each set, the exponents of `factors` fitted to every other set's queries."""
    names = list(dict.fromkeys(p.set_name for p in pools))
    return {name: fit([p for p in pools if p.set_name != name], factors) for name in names}


def judged_sets(sets: Mapping[str, dict[str, Any]]) -> dict[str, list[Judged]]:
    """Each named set's checked queries."""
    return {name: read_judgments(labels) for name, labels in sets.items()}


def collect(store: Any, sets: Mapping[str, dict[str, Any]]) -> list[Pool]:
    """Every judged query of `sets` (name -> labels) as a `Pool`, read from the store's index
    with the exponents it ranks by now."""
    from wxintel.link.collapse import collapse
    from wxintel.search import SearchQuery

    index = store.search_index()

    def cluster_of(keys: list[str]) -> dict[str, str]:
        out = {}
        for kept, folded, _, _ in collapse(keys, lambda k: k, store.conn):
            out.update({member["key"]: kept for member in folded})
        return out

    pools = []
    for name, items in judged_sets(sets).items():
        as_of = sets[name].get("as_of")
        for item in items:
            q = SearchQuery(text=item.q, limit=CUTOFF, as_of=as_of, facets=False)
            pools.append(pool(name, item, index.explain(q), cluster_of))
    return pools


SYSTEMS = ("hand-set", "learned", "bm25_words", "bm25_bigrams")

# a system's first page for each of a set's queries: (the set's name, its queries) -> pages
Pages = Callable[[str, Sequence[Judged]], list[list[tuple[str, str]]]]


def searched(
    store: Any, sets: Mapping[str, dict[str, Any]], rank_as: Callable[[str], None]
) -> Pages:
    """The pages the real search shows for a set's queries (at the set's `as_of`), once
    `rank_as` has set the index up to rank the named set."""
    from wxintel.search import SearchQuery

    def pages(name: str, items: Sequence[Judged]) -> list[list[tuple[str, str]]]:
        rank_as(name)
        as_of = sets[name].get("as_of")
        out = []
        for item in items:
            q = SearchQuery(text=item.q, limit=CUTOFF, as_of=as_of, facets=False)
            out.append([(hit.account, hit.id) for hit in store.search(q).hits])
        return out

    return pages


def scored_systems(
    store: Any, sets: Mapping[str, dict[str, Any]], systems: Mapping[str, Pages]
) -> dict[str, Any]:
    """Each set's queries ranked by each system, beside both baselines in the same run: per
    set, and every set's queries pooled per account and per class."""
    from wxintel.evaluation.search import baselines, score_query, summarise

    plain = baselines(store.search_docs())
    names = [*systems, "bm25_words", "bm25_bigrams"]
    rows: list[dict[str, Any]] = []
    per_set: dict[str, Any] = {}
    for name, items in judged_sets(sets).items():
        ranked = {system: pages(name, items) for system, pages in systems.items()}
        set_rows = []
        for n, item in enumerate(items):
            scores = {s: score_query(item, ranked[s][n]) for s in ranked}
            scores.update({s: score_query(item, b.ranked(item.q)) for s, b in plain.items()})
            set_rows.append(
                {"q": item.q, "class": item.cls, "accounts": list(item.counted_for()), **scores}
            )
        per_set[name] = summarise(set_rows, names)
        rows += [{**row, "set": name} for row in set_rows]
    return {"sets": per_set, "pooled": summarise(rows, names)}


def held_out_report(
    store: Any,
    sets: Mapping[str, dict[str, Any]],
    folds: Mapping[str, Mapping[str, float]],
    pools: Sequence[Pool],
) -> dict[str, Any]:
    """Each set ranked by the real search with the hand-set exponents and with its fold's
    (fitted without it), beside both baselines in the same run: per set, and every set's
    queries pooled per account and per class. The learner's own reckoning of each fold's
    mean nDCG@10 (`simulated`) is kept beside, to show the reordering is the search's."""
    index = store.search_index()
    before = dict(index.exponents)
    try:
        report = scored_systems(
            store,
            sets,
            {
                "hand-set": searched(store, sets, lambda name: index.weigh(HAND_SET)),
                "learned": searched(store, sets, lambda name: index.weigh(folds[name])),
            },
        )
    finally:
        index.weigh(before)
    for name, got in report["sets"].items():
        got["exponents"] = dict(folds[name])
        mine = [p for p in pools if p.set_name == name]
        got["simulated"] = mean_ndcg(mine, as_vector(folds[name]))
    return report


# how the tables head each system's column
HEADS = {"bm25_words": "words", "bm25_bigrams": "bigrams"}


def format_held_out(report: dict[str, Any], systems: Sequence[str] = SYSTEMS) -> str:
    """Plain-text tables of a held-out report (`held_out_report`, or the learned ranking's):
    per set (with its fold's exponents when it has them), then every set's queries pooled per
    account and per class. `systems` are its columns, the first the reference the second is
    counted against."""
    reference, learned = systems[0], systems[1]
    heads = " ".join(f"{HEADS.get(s, s):>7}" for s in systems)
    lines = [f"nDCG@10 per set, learned on the other sets: {heads}  queries  set  exponents"]
    for name, got in report["sets"].items():
        figures = " ".join(f"{got['overall'][s]['ndcg@10']:>7.3f}" for s in systems)
        exponents = got.get("exponents", {})
        fitted = " ".join(f"{f}={v:g}" for f, v in exponents.items() if v != HAND_SET[f])
        lines.append(
            f"  {figures}  {got['overall']['queries']:>4}  {name}"
            f"  {fitted or ('as hand-set' if exponents else '-')}"
            f"  (learner's reckoning {got['simulated']:.3f})"
        )
    overall = [g["overall"] for g in report["sets"].values()]
    won = sum(o[learned]["ndcg@10"] > o[reference]["ndcg@10"] for o in overall)
    lost = sum(o[learned]["ndcg@10"] < o[reference]["ndcg@10"] for o in overall)
    lines.append(f"{learned} above {reference} on {won} sets, below on {lost}, of {len(overall)}")
    pooled = report["pooled"]
    sections = [("all sets pooled", {"all": pooled["overall"]})]
    sections += [("per account", pooled["accounts"]), ("per class", pooled["classes"])]
    for title, groups in sections:
        lines.append("")
        lines.append(f"{title}: nDCG@10 ({heads})  queries  name")
        for group_name, group in groups.items():
            figures = " ".join(f"{group[s]['ndcg@10']:>7.3f}" for s in systems)
            lines.append(f"  {figures}  {group['queries']:>4}  {group_name or '-'}")
    return "\n".join(lines)


def exponents_text(exponents: Mapping[str, float], header: Sequence[str]) -> str:
    """An exponents data file (search/exponents.py's format): the header as comments, then a
    line per factor."""
    lines = [f"# {line}" if line else "#" for line in header]
    lines += [f"{factor} {value:g}" for factor, value in exponents.items()]
    return "\n".join(lines) + "\n"
