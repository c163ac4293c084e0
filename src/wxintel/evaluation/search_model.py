"""A learned ranking over each (query, post) pair's features (search/pair_features.py), fitted
to judged sets and scored on sets it never saw. The search does not use it: held out it loses to
the hand-set ranking (README, "Search, measured").

Each judged query's candidates are read once with their pair features (`SearchIndex.explain`,
as the exponents' learner reads their factors: evaluation/learn_search.py). The model is a
pairwise logistic regression (nlp/learn.py): for two candidates of one query in one segment of
its ranking (the tiers stay as they are) whose grades differ, the difference of their features
is an example of the better one. Each query weighs alike, however many pairs it makes, and a
pair by how much the better one's gain exceeds the other's. Leave-one-set-out: each set's
candidates (those the real search ranks, in its segments) reordered by the model fitted to the
other sets as the search orders them (`page`), beside the real search as shipped and both
baselines in the same run, per set, account and class.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from wxintel.evaluation.learn_search import (
    Pool,
    page_by,
    page_ndcg,
    scored_systems,
    searched,
)
from wxintel.evaluation.search import CUTOFF, Judged
from wxintel.nlp import learn

DIMS = 1 << 16  # hashed columns: a few dozen feature names, none sharing a column (checked)
L2 = 1e-3
STEPS = 400
RATE = 0.5
BETTER, WORSE = "better", "worse"  # the two classes of a pair of candidates
CLASSES = (WORSE, BETTER)


@dataclass(frozen=True)
class Ranker:
    """A pairwise model's direction (the better class's weights less the worse's) as a score:
    its margin for one candidate orders a query's candidates."""

    model: learn.Model
    direction: np.ndarray = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        better, worse = self.model.classes.index(BETTER), self.model.classes.index(WORSE)
        weights = self.model.weights
        object.__setattr__(self, "direction", weights[:, better] - weights[:, worse])

    def margin(self, features: Mapping[str, float]) -> float:
        """How much better than an average candidate the model finds this one (a log-odds)."""
        dims = self.model.dims
        return float(sum(v * self.direction[learn.column(f, dims)] for f, v in features.items()))

    def score(self, features: Mapping[str, float]) -> float:
        """A positive score ordering candidates as the margin does, as the hand-set scores
        are positive (ties are rounded relatively, `index.tied`)."""
        return math.exp(max(-700.0, min(700.0, self.margin(features))))


def pairs(pools: Sequence[Pool]) -> tuple[list[dict[str, float]], list[str], list[float]]:
    """The training examples of `pools`: each pair of candidates of one segment whose gains
    differ, as the difference of their features labelled BETTER, and mirrored as WORSE (so
    the model has no side to lean to). A pair weighs what swapping the two would change of
    the query's nDCG@10 where the ranking shipped now puts them (LambdaRank's weight): the
    order of the page's first places counts, that of two posts far below it little."""
    examples: list[dict[str, float]] = []
    labels: list[str] = []
    weights: list[float] = []
    for p in pools:
        if not p.ideal:
            continue
        place = _places(p)
        for i in range(len(p.gains)):
            for j in range(len(p.gains)):
                if p.segment[i] != p.segment[j] or p.gains[i] <= p.gains[j]:
                    continue
                weight = (p.gains[i] - p.gains[j]) * abs(_discount(place[i]) - _discount(place[j]))
                if weight <= 0:
                    continue
                diff = _difference(p.features[i], p.features[j])
                for sign, label in ((1.0, BETTER), (-1.0, WORSE)):
                    examples.append({f: sign * v for f, v in diff.items()})
                    labels.append(label)
                    weights.append(weight / p.ideal)
    return examples, labels, weights


def _places(p: Pool) -> list[int]:
    """Each candidate's place in the order the shipped ranking gives the query's candidates."""
    order = np.lexsort((p.tiebreak, -np.array([f.get("base", 0.0) for f in p.features]), p.segment))
    place = [0] * len(order)
    for n, i in enumerate(order):
        place[int(i)] = n
    return place


def _discount(place: int) -> float:
    """nDCG@10's discount of a place (0 past the page)."""
    return 1 / math.log2(place + 2) if place < CUTOFF else 0.0


def _difference(a: Mapping[str, float], b: Mapping[str, float]) -> dict[str, float]:
    out = {f: v - b.get(f, 0.0) for f, v in a.items()}
    out.update({f: -v for f, v in b.items() if f not in a})
    return {f: v for f, v in out.items() if v}


def fit(pools: Sequence[Pool]) -> Ranker:
    """The model fitted to every pair of `pools` (deterministic: the same pools, the same
    weights). Raises when two feature names share a hashed column."""
    examples, labels, weights = pairs(pools)
    names = sorted({f for p in pools for row in p.features for f in row})
    columns = {learn.column(f, DIMS) for f in names}
    if len(columns) < len(names):
        raise ValueError(f"{len(names)} features share columns of {DIMS}: widen DIMS")
    return Ranker(learn.train(examples, labels, CLASSES, DIMS, L2, STEPS, RATE, weights))


def page(p: Pool, ranker: Ranker) -> list[int]:
    """The page of the query's candidates ordered by `ranker`, as the search would show it:
    within its segments, ties rounded and to the newer post, a repost cluster once."""
    return page_by(p, [ranker.score(f) for f in p.features]) if len(p.gains) else []


def ndcg(p: Pool, ranker: Ranker) -> float:
    """nDCG@10 of the query with its candidates ordered by `ranker`."""
    return page_ndcg(p, page(p, ranker))


def mean_ndcg(pools: Sequence[Pool], ranker: Ranker) -> float:
    return sum(ndcg(p, ranker) for p in pools) / len(pools) if pools else 0.0


def leave_one_set_out(pools: Sequence[Pool]) -> dict[str, Ranker]:
    """For each set, the model fitted to every other set's queries."""
    names = list(dict.fromkeys(p.set_name for p in pools))
    return {name: fit([p for p in pools if p.set_name != name]) for name in names}


def held_out_report(
    store: Any,
    sets: Mapping[str, dict[str, Any]],
    folds: Mapping[str, Ranker],
    pools: Sequence[Pool],
) -> dict[str, Any]:
    """Each set ranked by the real search as shipped and by its fold's model (its queries'
    candidates in `pools` reordered, `page`), beside both baselines in the same run, per set,
    account and class; each fold's mean nDCG@10 over its pools (`simulated`) beside."""
    by_set: dict[str, list[Pool]] = {}
    for p in pools:
        by_set.setdefault(p.set_name, []).append(p)

    def learned(name: str, items: Sequence[Judged]) -> list[list[tuple[str, str]]]:
        mine = zip(items, by_set.get(name, []), strict=True)
        return [[p.keys[i] for i in page(p, folds[name])] for _, p in mine]

    report = scored_systems(
        store, sets, {"shipped": searched(store, sets, lambda name: None), "learned": learned}
    )
    for name, got in report["sets"].items():
        got["simulated"] = mean_ndcg([p for p in pools if p.set_name == name], folds[name])
    return report


SYSTEMS = ("shipped", "learned", "bm25_words", "bm25_bigrams")


def model_header(sets: Sequence[str], queries: int) -> list[str]:
    """The header of a written model: what it was trained on, at which commit, and how to
    retrain it."""
    return [
        "A learned search ranking (evaluation/search_model.py, not used by the search): a",
        "pairwise logistic regression over the features of each (query, post) pair",
        "(search/pair_features.py), fitted to the",
        f"graded judgments of {', '.join(sorted(sets))} ({queries} queries).",
        f"Commit: {learn.trained_at()}",
        "Retrain: wxintel eval search-model eval/search_dev*.json --db wx.db --write FILE",
    ]
