"""enrich on the real seed against the dev labels, the span invariant, and its speed."""

import json
import time
from pathlib import Path

import pytest

from wxintel.evaluation.extract import format_report, score_extract
from wxintel.evaluation.labels import LabelsError
from wxintel.extract import enrich
from wxintel.model import Article, Enrichment

LABELS = Path(__file__).resolve().parents[1].parent / "shared" / "eval" / "notices_dev.json"


@pytest.fixture(scope="module")
def enriched(seed_clean) -> dict[str, tuple[Article, Enrichment]]:
    return {a.aid: (a, enrich(a)) for a in seed_clean}


@pytest.fixture(scope="module")
def scores(enriched) -> dict:
    return score_extract(json.loads(LABELS.read_text(encoding="utf-8")), enriched.get)


def test_dates_are_exactly_right(scores):
    for field in ("deadline", "period", "signed"):
        assert scores[field]["precision"] == 1.0 and scores[field]["recall"] == 1.0, field


def test_contact_fields_reach_target(scores):
    for field in ("phones", "contacts", "emails"):
        assert scores[field]["precision"] >= 0.95 and scores[field]["recall"] >= 0.95, field


def test_kinds_are_right_for_labelled_and_non_notices(scores):
    assert scores["kind_accuracy"] == 1.0
    assert scores["non_notices"]["correct"] == scores["non_notices"]["total"] > 0


def test_other_fields(scores):
    for field in ("issuers", "doc_numbers", "attachments", "urls", "table", "stub"):
        assert scores[field]["f1"] >= 0.9, field


def test_scorer_counts_misses_and_missing_articles(enriched):
    labels = {
        "items": [{"aid": "2650689428_2", "kind": "publicity", "deadline": "2025-10-31"},
                  {"aid": "no-such-article", "kind": "call", "deadline": "2025-01-01"}],
        "non_notices_sample": ["2650689428_2"],
    }  # fmt: skip
    scores = score_extract(labels, enriched.get)
    assert scores["deadline"]["tp"] == 0 and scores["deadline"]["fn"] == 2
    assert scores["deadline"]["fp"] == 1  # 2025-10-30 predicted, 2025-10-31 labelled
    assert scores["kind_accuracy"] == 0.0
    assert scores["non_notices"]["correct"] == 0
    report = format_report(scores)
    assert "deadline" in report and "no-such-article" in report


def test_every_fact_span_is_exact(enriched):
    total = 0
    for article, enrichment in enriched.values():
        for fact in enrichment.facts:
            assert article.content[fact.start : fact.end] == fact.text, (article.aid, fact)
            json.dumps(fact.value)  # JSON-able
            total += 1
    assert total > 1000


def test_enrich_is_deterministic(seed_by_aid):
    article = seed_by_aid["2650689428_2"]
    assert enrich(article) == enrich(article)


def test_enrich_runs_over_a_hundred_articles_per_second(seed_clean):
    enrich(seed_clean[0])  # warm caches
    start = time.perf_counter()
    for article in seed_clean:
        enrich(article)
    rate = len(seed_clean) / (time.perf_counter() - start)
    assert rate > 100, f"{rate:.0f} articles/s"


@pytest.mark.parametrize(
    ("labels", "says"),
    [
        ([], "must be an object, not a list"),
        ({}, "no labelled notices"),
        ({"queries": [{"q": "x", "rel": {"a": 1}}]}, "looks like search judgments"),
        ({"items": [{"aid": "2650689428_2"}]}, "items[0].kind must be"),
        ({"items": [{"aid": "2650689428_2", "kind": "call", "phones": "2311"}]}, "phones"),
        ({"items": [{"aid": "2650689428_2", "kind": "call", "attachments": "5"}]}, "count"),
        ({"items": [{"aid": "2650689428_2", "kind": "call", "table": {"rows": 3}}]}, "table"),
        ({"non_notices_sample": [1]}, "non_notices_sample[0] must be an aid"),
    ],
)
def test_labels_of_the_wrong_shape_are_refused_not_scored(enriched, labels, says):
    with pytest.raises(LabelsError) as refused:
        score_extract(labels, enriched.get)
    assert says in str(refused.value)


def test_no_labelled_item_of_a_kind_is_not_a_perfect_score(enriched):
    scores = score_extract({"non_notices_sample": ["2650689828_1"]}, enriched.get)
    assert scores["kind_accuracy"] is None and "kind accuracy   n/a" in format_report(scores)
    only_notices = score_extract({"items": [{"aid": "2650689428_2", "kind": "call"}]}, enriched.get)
    assert only_notices["non_notices"]["accuracy"] is None
