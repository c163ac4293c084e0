"""Search quality on the development judgments, against plain BM25 computed in the same run."""

from __future__ import annotations

import json

import pytest
from conftest import EVAL

from wxintel.evaluation.labels import LabelsError
from wxintel.evaluation.search import (
    BaselineBM25,
    evaluate_search,
    format_report,
    ndcg,
    recall,
    reciprocal_rank,
)
from wxintel.search import SearchDoc, SearchIndex, SearchQuery


def test_metrics_on_a_hand_computed_ranking() -> None:
    grades = {"a": 3, "b": 1}
    assert ndcg(["a", "b"], grades) == 1.0
    assert 0 < ndcg(["x", "b", "a"], grades) < 1
    assert recall(["x", "a"], grades) == 0.5
    assert reciprocal_rank(["x", "b"], grades) == 0.5


def test_wxintel_beats_plain_bm25_on_the_dev_judgments(seed_clean, tmp_path) -> None:
    docs = [
        SearchDoc(a.aid, a.aid, a.title, a.content, a.account, a.published, lang=a.lang)
        for a in seed_clean
    ]
    index = SearchIndex(tmp_path / "ix")
    index.upsert(docs)
    index.commit(1)
    judgments = json.loads((EVAL / "search_dev.json").read_text(encoding="utf-8"))
    ours = evaluate_search(judgments, lambda q: [h.id for h in index.search(SearchQuery(q)).hits])
    baseline = evaluate_search(judgments, BaselineBM25(docs).search)
    print(format_report(ours, baseline))
    assert ours["mean"]["ndcg@10"] >= 0.85
    assert ours["mean"]["ndcg@10"] > baseline["mean"]["ndcg@10"] + 0.01
    assert ours["mean"]["recall@10"] >= baseline["mean"]["recall@10"]


@pytest.mark.parametrize(
    ("judgments", "says"),
    [
        ([], "must be an object, not a list"),
        ({"items": [], "non_notices_sample": ["1"]}, "looks like notice labels"),
        ({"queries": []}, "is empty"),
        ({"queries": [{"q": "x"}]}, "queries[0].rel must be"),
        ({"queries": [{"rel": {"a": 1}}]}, "queries[0].q must be"),
        ({"queries": [{"q": "x", "rel": {"a": "3"}}]}, "queries[0].rel['a'] must be a grade"),
        ({"queries": [{"q": "x", "rel": {"a": 0}}]}, "no relevant document"),
    ],
)
def test_judgments_of_the_wrong_shape_are_refused_not_scored(judgments, says) -> None:
    ran: list[str] = []
    with pytest.raises(LabelsError) as refused:
        evaluate_search(judgments, lambda text: ran.append(text) or [])
    assert says in str(refused.value) and not ran
