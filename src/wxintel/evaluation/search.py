"""Scoring search against graded judgments (nDCG@10, recall@10, MRR) beside two plain baselines.

The baselines are what wxintel must beat to justify its lexicon, learned aliases, query
understanding and ranking: plain BM25 over rjieba tokens and plain BM25 over character bigrams
of title + body, OR semantics, computed in the same run over the same posts.

Two judgment formats are read. The multi-account one names each relevant post by account and
aid, `{"as_of", "queries": [{"q", "class", "accounts", "rel": [{"account", "aid", "grade"}]}]}`;
the older one-account one maps aid to grade, `{"queries": [{"q", "rel": {aid: grade}}]}`.

Per account, a query counts for every account that holds one of its relevant posts (grade > 0),
or for the accounts the query names in "accounts" when it names any; its whole-archive scores are
averaged into each of them. Per class, a query counts for its "class" ("" when none is given).
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import rjieba

from wxintel.evaluation.labels import (
    LabelsError,
    day,
    kind_of,
    other_kind,
    require,
    text,
    whole_number,
)
from wxintel.nlp.segment import bigrams

CUTOFF = 10
METRICS = ("ndcg@10", "recall@10", "mrr")
SYSTEMS = ("wxintel", "bm25_words", "bm25_bigrams")
BASELINE_NAMES = {
    "bm25_words": "plain BM25 over rjieba tokens",
    "bm25_bigrams": "plain BM25 over character bigrams",
}


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


JUDGMENTS_SHAPE = (
    '{"as_of": "2026-01-31", "queries": [{"q": "高企 申报", "class": "abbreviation", '
    '"accounts": ["上海经信委"], "rel": [{"account": "上海经信委", "aid": "2650689428_2", '
    '"grade": 3}, …]}, …]} (or the older "rel": {"2650689428_2": 3, …})'
)


@dataclass
class Judged:
    """One labelled query: its text, class, accounts and grades by post."""

    q: str
    cls: str = ""
    accounts: tuple[str, ...] = ()
    # (account, aid) -> grade; account is "" in the older format, where aids alone identify
    grades: dict[tuple[str, str], int] = field(default_factory=dict)

    @property
    def by_account(self) -> bool:
        return any(account for account, _ in self.grades)

    def key(self, account: str, aid: str) -> tuple[str, str]:
        """How a returned post is matched to the judgments: by account and aid when they name
        the account, else by aid alone."""
        return (account, aid) if self.by_account else ("", aid)

    def counted_for(self) -> tuple[str, ...]:
        """The accounts this query's scores are attributed to (see the module docstring)."""
        if self.accounts:
            return self.accounts
        return tuple(sorted({a for (a, _), g in self.grades.items() if g > 0 and a}))


def _grade(where: str, grade: Any) -> int:
    require(whole_number(grade), where, "a grade 0, 1, 2 …", grade)
    return int(grade)


def _judged(n: int, item: Any) -> Judged:
    where = f"queries[{n}]"
    require(isinstance(item, dict), where, 'an object with "q" and "rel"', item)
    require(text(item.get("q")), f"{where}.q", "the query text", item.get("q"))
    rel = item.get("rel")
    grades: dict[tuple[str, str], int] = {}
    if isinstance(rel, dict):
        for doc, grade in rel.items():
            grades[("", str(doc))] = _grade(f"{where}.rel[{doc!r}]", grade)
    elif isinstance(rel, list):
        for i, post in enumerate(rel):
            at = f"{where}.rel[{i}]"
            require(isinstance(post, dict), at, 'an object with "account", "aid", "grade"', post)
            require(
                text(post.get("account")), f"{at}.account", "an account name", post.get("account")
            )
            require(text(post.get("aid")), f"{at}.aid", "the post's aid", post.get("aid"))
            grades[(post["account"], post["aid"])] = _grade(f"{at}.grade", post.get("grade"))
    else:
        require(False, f"{where}.rel", "a list of posts or an object of id: grade", rel)
    if not any(grade > 0 for grade in grades.values()):
        raise LabelsError(f"{where}.rel names no relevant document (grade above 0)")
    cls = item.get("class", "")
    require(isinstance(cls, str), f"{where}.class", "a class name", cls)
    accounts = item.get("accounts", [])
    require(
        isinstance(accounts, list) and all(text(a) for a in accounts),
        f"{where}.accounts",
        "a list of account names",
        accounts,
    )
    return Judged(item["q"], cls, tuple(accounts), grades)


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
    day('"as_of"', judgments.get("as_of"))
    for n, item in enumerate(queries):
        _judged(n, item)
    return judgments


def read_judgments(judgments: Any) -> list[Judged]:
    """The checked queries of either format."""
    check_judgments(judgments)
    return [_judged(n, item) for n, item in enumerate(judgments["queries"])]


# A system under test: query -> ranked (account, aid) pairs, best first.
Run = Callable[[Judged], list[tuple[str, str]]]


def score_query(item: Judged, ranked: list[tuple[str, str]]) -> dict[str, float]:
    """The three figures for one query's ranking."""
    keys = [f"{a}\x00{d}" for a, d in (item.key(account, aid) for account, aid in ranked)]
    grades = {f"{a}\x00{d}": g for (a, d), g in item.grades.items()}
    return {
        "ndcg@10": ndcg(keys, grades),
        "recall@10": recall(keys, grades),
        "mrr": reciprocal_rank(keys, grades),
    }


def wxintel_run(store: Any, as_of: Any) -> Run:
    """wxintel's run as `wxintel eval search` scores it: the store's search, top ten, at the
    set's `as_of` (date words read on that day), relaxing dates as a person's search does."""
    from wxintel.search import SearchQuery

    def ranked(item: Judged) -> list[tuple[str, str]]:
        q = SearchQuery(text=item.q, limit=CUTOFF, as_of=as_of, facets=False, relax_dates=True)
        return [(hit.account, hit.id) for hit in store.search(q).hits]

    return ranked


def _mean(rows: list[dict[str, float]]) -> dict[str, float]:
    return {m: sum(r[m] for r in rows) / len(rows) for m in METRICS} if rows else {}


def evaluate_search(judgments: dict[str, Any], runs: dict[str, Run]) -> dict[str, Any]:
    """Score every system in `runs` on the same queries: per query, overall, per account and
    per class, each figure beside the others'."""
    queries = []
    for item in read_judgments(judgments):
        scores = {name: score_query(item, run(item)) for name, run in runs.items()}
        queries.append(
            {"q": item.q, "class": item.cls, "accounts": list(item.counted_for()), **scores}
        )
    return summarise(queries, list(runs), judgments.get("as_of"))


def summarise(queries: list[dict[str, Any]], runs: list[str], as_of: Any = None) -> dict[str, Any]:
    """The report of `evaluate_search` from its per-query rows (of one set, or of several
    pooled): the means overall, per account and per class of every system in `runs`."""

    def group(rows: list[dict[str, Any]]) -> dict[str, Any]:
        return {"queries": len(rows), **{name: _mean([r[name] for r in rows]) for name in runs}}

    by_account: dict[str, list[dict[str, Any]]] = defaultdict(list)
    by_class: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in queries:
        for account in row["accounts"]:
            by_account[account].append(row)
        by_class[row["class"]].append(row)
    return {
        "as_of": as_of,
        "systems": list(runs),
        "baselines": {name: BASELINE_NAMES[name] for name in runs if name in BASELINE_NAMES},
        "overall": group(queries),
        "accounts": {a: group(rows) for a, rows in sorted(by_account.items())},
        "classes": {c: group(rows) for c, rows in sorted(by_class.items())},
        "queries": queries,
    }


@dataclass
class BaselineDoc:
    """The only fields the baselines look at."""

    id: str
    title: str
    content: str
    account: str = ""


def word_tokens(text: str) -> list[str]:
    """Default rjieba tokens, lower-cased, punctuation dropped: no lexicon, no stemming."""
    return [t.lower() for t in rjieba.cut(text) if any(ch.isalnum() for ch in t)]


class BaselineBM25:
    """Plain BM25 (k1=1.2, b=0.75) over one tokenizer's tokens of title + body: no lexicon, no
    aliases, no title boost, OR semantics. Accepts any objects with `id`, `title`, `content` and
    optionally `account` (e.g. SearchDoc). Scores through postings, so a 12k-post archive
    answers a query in milliseconds."""

    def __init__(
        self,
        docs: Iterable[Any],
        tokens: Callable[[str], list[str]] = word_tokens,
        k1: float = 1.2,
        b: float = 0.75,
    ) -> None:
        self.tokens = tokens
        self.k1, self.b = k1, b
        self.posts: list[tuple[str, str]] = []
        postings: dict[str, list[tuple[int, int]]] = defaultdict(list)
        lengths: list[int] = []
        for n, doc in enumerate(docs):
            self.posts.append((getattr(doc, "account", ""), doc.id))
            tf = Counter(tokens(f"{doc.title}\n{doc.content}"))
            lengths.append(sum(tf.values()))
            for token, count in tf.items():
                postings[token].append((n, count))
        self.postings = dict(postings)
        average = sum(lengths) / len(lengths) if lengths else 1.0
        self.norms = [k1 * (1 - b + b * length / (average or 1.0)) for length in lengths]
        total = len(lengths)
        self.idf = {
            t: math.log(1 + (total - len(p) + 0.5) / (len(p) + 0.5)) for t, p in postings.items()
        }

    def ranked(self, query: str, k: int = CUTOFF) -> list[tuple[str, str]]:
        """The top k (account, id) pairs."""
        scores: Counter[int] = Counter()
        for term in set(self.tokens(query)):
            idf = self.idf.get(term, 0.0)
            for n, tf in self.postings.get(term, ()):
                scores[n] += idf * tf * (self.k1 + 1) / (tf + self.norms[n])
        best = sorted(scores.items(), key=lambda s: (-s[1], s[0]))[:k]
        return [self.posts[n] for n, _ in best]

    def search(self, query: str, k: int = CUTOFF) -> list[str]:
        """The top k ids."""
        return [aid for _, aid in self.ranked(query, k)]


def baselines(docs: Iterable[Any]) -> dict[str, BaselineBM25]:
    """Both plain baselines over the same posts."""
    docs = list(docs)
    return {
        "bm25_words": BaselineBM25(docs, word_tokens),
        "bm25_bigrams": BaselineBM25(docs, bigrams),
    }


def _figures(scores: dict[str, dict[str, float]], systems: list[str], metric: str) -> str:
    return " ".join(f"{scores[s][metric]:>7.3f}" for s in systems)


def format_report(report: dict[str, Any]) -> str:
    """Plain-text tables: per query nDCG@10, then overall, per account and per class, every
    figure for wxintel beside both baselines. Labels go last: CJK characters are two columns
    wide and would break the alignment."""
    systems = report["systems"]
    short = {"wxintel": "wxintel", "bm25_words": "words", "bm25_bigrams": "bigrams"}
    heads = " ".join(f"{short.get(s, s)[:7]:>7}" for s in systems)
    lines = [f"nDCG@10 per query: {heads}  class  query"]
    for row in report["queries"]:
        figures = " ".join(f"{row[s]['ndcg@10']:>7.3f}" for s in systems)
        lines.append(f"{'':<19}{figures}  {row['class'] or '-'}  {row['q']}")
    sections = [("overall", {"all": report["overall"]})]
    sections += [("per account", report["accounts"]), ("per class", report["classes"])]
    for title, groups in sections:
        if not groups:
            continue
        lines.append("")
        lines.append(f"{title}: nDCG@10 ({heads})  recall@10 (same)  MRR (same)  queries  name")
        for name, group in groups.items():
            figures = "  ".join(_figures(group, systems, m) for m in METRICS)
            lines.append(f"  {figures}  {group['queries']:>4}  {name or '-'}")
    ours, rest = systems[0], systems[1:]
    lines.append("")
    for other in rest:
        diff = report["overall"][ours]["ndcg@10"] - report["overall"][other]["ndcg@10"]
        label = report["baselines"].get(other, other)
        lines.append(f"nDCG@10 {ours} − {label}: {diff:+.3f}")
    return "\n".join(lines)
