"""Scoring search against graded judgments (nDCG@10, recall@10, MRR) and a plain BM25 baseline.

The baseline is what wxintel must beat to justify its lexicon, aliases and title weighting:
plain BM25 over rjieba tokens of title + body, OR semantics, computed in the same run.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import rjieba

from wxintel.evaluation.labels import (
    LabelsError,
    kind_of,
    other_kind,
    require,
    text,
    whole_number,
)

CUTOFF = 10


def ndcg(ranked: list[str], grades: dict[str, int], k: int = CUTOFF) -> float:
    """Normalised discounted cumulative gain at k, with gains 2^grade - 1."""
    dcg = sum((2 ** grades.get(d, 0) - 1) / math.log2(i + 2) for i, d in enumerate(ranked[:k]))
    ideal = sorted(grades.values(), reverse=True)[:k]
    idcg = sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(ideal))
    return dcg / idcg if idcg else 0.0


def recall(ranked: list[str], grades: dict[str, int], k: int = CUTOFF) -> float:
    """Share of the relevant (grade > 0) documents found in the top k."""
    relevant = {d for d, g in grades.items() if g > 0}
    return len(relevant.intersection(ranked[:k])) / len(relevant) if relevant else 0.0


def reciprocal_rank(ranked: list[str], grades: dict[str, int]) -> float:
    """1 / rank of the first relevant document (0 when none is returned)."""
    return next((1 / (i + 1) for i, d in enumerate(ranked) if grades.get(d, 0) > 0), 0.0)


JUDGMENTS_SHAPE = '{"queries": [{"q": "低空经济", "rel": {"2650689428_2": 3, …}}, …]}'


def check_judgments(judgments: Any) -> dict[str, Any]:
    """`judgments` when it holds at least one query with a relevant document, else LabelsError.

    A query without any relevant document cannot be scored (its ideal gain is zero).
    """
    if not isinstance(judgments, dict):
        raise LabelsError(
            f"judgments must be an object, not {kind_of(judgments)}; expected {JUDGMENTS_SHAPE}"
        )
    if "queries" not in judgments:
        raise LabelsError(
            f'no "queries" in the judgments{other_kind(judgments)}; expected {JUDGMENTS_SHAPE}'
        )
    queries = judgments["queries"]
    require(isinstance(queries, list), '"queries"', "a list", queries)
    if not queries:
        raise LabelsError(f'"queries" is empty: nothing to score; expected {JUDGMENTS_SHAPE}')
    for n, item in enumerate(queries):
        where = f"queries[{n}]"
        require(isinstance(item, dict), where, 'an object with "q" and "rel"', item)
        require(text(item.get("q")), f"{where}.q", "the query text", item.get("q"))
        rel = item.get("rel")
        require(isinstance(rel, dict), f"{where}.rel", "an object of id: grade", rel)
        for doc, grade in rel.items():
            require(whole_number(grade), f"{where}.rel[{doc!r}]", "a grade 0, 1, 2 …", grade)
        if not any(grade > 0 for grade in rel.values()):
            raise LabelsError(f"{where}.rel names no relevant document (grade above 0)")
    return judgments


def evaluate_search(judgments: dict[str, Any], run: Callable[[str], list[str]]) -> dict[str, Any]:
    """Score `run` (query -> ranked public ids) on judgments {"queries": [{"q", "rel"}]}."""
    check_judgments(judgments)
    rows = []
    for item in judgments["queries"]:
        ranked = run(item["q"])
        grades = {str(d): int(g) for d, g in item["rel"].items()}
        rows.append(
            {
                "q": item["q"],
                "ndcg@10": ndcg(ranked, grades),
                "recall@10": recall(ranked, grades),
                "mrr": reciprocal_rank(ranked, grades),
            }
        )
    metrics = ("ndcg@10", "recall@10", "mrr")
    mean = {m: sum(r[m] for r in rows) / len(rows) for m in metrics}
    return {"queries": rows, "mean": mean}


@dataclass
class BaselineDoc:
    """The only fields the baseline looks at."""

    id: str
    title: str
    content: str


class BaselineBM25:
    """Plain BM25 (k1=1.2, b=0.75) over default rjieba tokens: no lexicon, no aliases, no title
    boost, OR semantics. Accepts any objects with `id`, `title`, `content` (e.g. SearchDoc)."""

    def __init__(self, docs: Iterable[Any], k1: float = 1.2, b: float = 0.75) -> None:
        self.k1, self.b = k1, b
        self.ids: list[str] = []
        self.tfs: list[Counter[str]] = []
        for doc in docs:
            self.ids.append(doc.id)
            self.tfs.append(Counter(self.tokens(f"{doc.title}\n{doc.content}")))
        self.lengths = [sum(tf.values()) for tf in self.tfs]
        self.avg_length = sum(self.lengths) / len(self.lengths) if self.lengths else 1.0
        df = Counter(t for tf in self.tfs for t in tf)
        n = len(self.tfs)
        self.idf = {t: math.log(1 + (n - f + 0.5) / (f + 0.5)) for t, f in df.items()}

    @staticmethod
    def tokens(text: str) -> list[str]:
        return [t.lower() for t in rjieba.cut(text) if any(ch.isalnum() for ch in t)]

    def search(self, query: str, k: int = CUTOFF) -> list[str]:
        terms = set(self.tokens(query))
        scores = []
        for i, tf in enumerate(self.tfs):
            norm = self.k1 * (1 - self.b + self.b * self.lengths[i] / self.avg_length)
            score = sum(
                self.idf[t] * tf[t] * (self.k1 + 1) / (tf[t] + norm) for t in terms if t in tf
            )
            if score > 0:
                scores.append((score, i))
        scores.sort(key=lambda s: (-s[0], s[1]))
        return [self.ids[i] for _, i in scores[:k]]


def format_report(wxintel: dict[str, Any], baseline: dict[str, Any]) -> str:
    """A plain-text table: per-query nDCG@10 for both, then means and the difference."""
    lines = [f"{'wxintel':>8} {'baseline':>8}  query (nDCG@10)"]
    for ours, theirs in zip(wxintel["queries"], baseline["queries"], strict=True):
        # the query goes last: CJK characters are two columns wide and would break alignment
        lines.append(f"{ours['ndcg@10']:>8.3f} {theirs['ndcg@10']:>8.3f}  {ours['q']}")
    lines.append("")
    lines.append(f"{'mean':<12} {'wxintel':>8} {'baseline':>8} {'diff':>8}")
    for metric, value in wxintel["mean"].items():
        other = baseline["mean"][metric]
        lines.append(f"{metric:<12} {value:>8.3f} {other:>8.3f} {value - other:>+8.3f}")
    return "\n".join(lines)
