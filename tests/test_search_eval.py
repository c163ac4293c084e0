"""Scoring search: the metrics, both plain baselines, per-account attribution, bad labels."""

from __future__ import annotations

import pytest

from wxintel.evaluation.labels import LabelsError
from wxintel.evaluation.search import (
    BaselineDoc,
    baselines,
    evaluate_search,
    format_report,
    ndcg,
    recall,
    reciprocal_rank,
)


def test_metrics_on_a_hand_computed_ranking() -> None:
    grades = {"a": 3, "b": 1}
    assert ndcg(["a", "b"], grades) == 1.0
    assert 0 < ndcg(["x", "b", "a"], grades) < 1
    assert recall(["x", "a"], grades) == 0.5
    assert reciprocal_rank(["x", "b"], grades) == 0.5


def test_both_baselines_rank_real_posts_of_several_accounts(seed_clean, more_clean) -> None:
    posts = seed_clean[:60] + more_clean["未央工信"][:60]
    docs = [BaselineDoc(a.aid, a.title, a.content, a.account) for a in posts]
    plain = baselines(docs)
    target = more_clean["未央工信"][5]
    for baseline in plain.values():
        # a post's own title finds it first, named by its account and aid
        assert baseline.ranked(target.title)[0] == (target.account, target.aid)
    assert plain["bm25_bigrams"].tokens("工业机器人") == ["工业", "业机", "机器", "器人"]


def test_scores_are_attributed_to_the_accounts_holding_relevant_posts(seed_clean, more_clean):
    seed, other = seed_clean[0], more_clean["未央工信"][0]
    judgments = {
        "as_of": "2025-10-15",
        "queries": [
            {
                "q": "one",
                "class": "topic",
                "rel": [
                    {"account": seed.account, "aid": seed.aid, "grade": 3},
                    {"account": other.account, "aid": other.aid, "grade": 2},
                ],
            },
            {
                "q": "two",
                "class": "date",
                "rel": [{"account": other.account, "aid": other.aid, "grade": 3}],
            },
        ],
    }
    runs = {
        # the right aid under the wrong account earns nothing
        "wxintel": lambda item: [(seed.account, other.aid), (other.account, other.aid)],
        "bm25_words": lambda item: [],
    }
    report = evaluate_search(judgments, runs)
    assert report["accounts"][seed.account]["queries"] == 1
    assert report["accounts"][other.account]["queries"] == 2
    assert report["classes"]["date"]["wxintel"]["mrr"] == 0.5
    assert report["overall"]["bm25_words"]["ndcg@10"] == 0.0
    assert "per account" in format_report(report) and other.account in format_report(report)


def test_the_older_format_matches_by_aid_alone(seed_clean) -> None:
    post = seed_clean[3]
    judgments = {"queries": [{"q": "x", "rel": {post.aid: 3}}]}
    report = evaluate_search(judgments, {"wxintel": lambda item: [("any", post.aid)]})
    assert report["overall"]["wxintel"]["ndcg@10"] == 1.0 and report["accounts"] == {}


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
        ({"queries": [{"q": "x", "rel": [{"aid": "1", "grade": 2}]}]}, "rel[0].account must"),
        ({"as_of": 5, "queries": [{"q": "x", "rel": {"a": 1}}]}, '"as_of" must be a date'),
    ],
)
def test_judgments_of_the_wrong_shape_are_refused_not_scored(judgments, says) -> None:
    ran: list[str] = []
    with pytest.raises(LabelsError) as refused:
        evaluate_search(judgments, {"wxintel": lambda item: ran.append(item) or []})
    assert says in str(refused.value) and not ran
