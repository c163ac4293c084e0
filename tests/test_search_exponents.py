"""The ranking's factors and their exponents on the real posts of the seven accounts
(search/exponents.py, SearchIndex.explain and weigh), and the learner that fits them
(evaluation/learn_search.py): the learner reorders candidates exactly as the search does."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import APART, QUERY, WRITES_IT, two_one_query_sets
from typer.testing import CliRunner

from wxintel.cli import app
from wxintel.evaluation import learn_search as ls
from wxintel.search import SearchIndex, SearchQuery
from wxintel.search.exponents import (
    FACTORS,
    HAND_SET,
    ExponentsError,
    brevity,
    parse,
    shipped,
    weighed,
)


def keys(index: SearchIndex, text: str = QUERY) -> list[str]:
    return [hit.key for hit in index.search(SearchQuery(text, limit=10, facets=False)).hits]


@pytest.fixture()
def index(seven_index: SearchIndex):
    """The seven accounts' index, given back with the exponents it had."""
    before = dict(seven_index.exponents)
    yield seven_index
    seven_index.weigh(before)


def test_an_exponents_file_names_the_line_of_each_error() -> None:
    assert parse("# a comment\n\ntitle 2\nwhole 0.5\n") == {"title": 2.0, "whole": 0.5}
    with pytest.raises(ExponentsError, match=r"line 2: unknown factor 'titles'"):
        parse("title 2\ntitles 1\n")
    with pytest.raises(ExponentsError, match=r"line 1: 'two' is not a number"):
        parse("title two\n")
    with pytest.raises(ExponentsError, match=r"line 1: a negative exponent"):
        parse("proximity -1\n")
    # the packaged file reads as shipped: brevity at 0.5, every factor it does not name keeps 1
    assert shipped() == {"brevity": 0.5}


def test_explain_shows_the_search_order_and_the_factors_of_each_score(index, post) -> None:
    segments = index.explain(SearchQuery(QUERY, limit=10, facets=False))
    flat = [c for segment in segments for c in segment]
    assert [c.key for c in flat][:10] == keys(index)
    hits = index.search(SearchQuery(QUERY, limit=10, facets=False)).hits
    for candidate, hit in zip(flat, hits, strict=False):
        # the hit's score is BM25's times every factor, each to its exponent
        assert hit.score == pytest.approx(
            weighed(candidate.bm25, candidate.factors, index.exponents), rel=1e-4
        )
    by_post = {(c.account, c.id): c for c in flat}
    assert by_post[WRITES_IT].factors["whole"] > 1.0  # writes the typed name whole
    assert set(by_post[WRITES_IT].factors) <= set(FACTORS)
    # brevity reads the body's length: the shorter of two posts has the larger factor
    lengths = {k: len(post(*k).content) for k in (WRITES_IT, APART)}
    for k in (WRITES_IT, APART):
        assert by_post[k].factors["brevity"] == pytest.approx(brevity(lengths[k]))
    shorter, longer = sorted(lengths, key=lengths.get)
    assert by_post[shorter].factors["brevity"] > by_post[longer].factors["brevity"]


def test_an_exponent_reorders_the_candidates_by_its_factor(index) -> None:
    q = SearchQuery(QUERY, limit=10, facets=False)
    as_shipped = keys(index)
    first = index.explain(q)[0]
    for exponents in ({"title": 0.0, "proximity": 0.0, "whole": 0.0}, {"whole": 4.0}):
        index.weigh(exponents)
        # the first tier in the order of its reweighed scores, ties to the newer post
        expected = sorted(
            first,
            key=lambda c: (-float(f"{weighed(c.bm25, c.factors, exponents):.6g}"), -c.stamp, c.key),
        )
        assert keys(index)[: len(first)] == [c.key for c in expected][:10]
    index.weigh(shipped())
    assert keys(index) == as_shipped  # results ranked under other exponents are not remembered


def test_the_learner_reckons_the_page_the_search_shows_and_fits_to_judgments(
    index, apart_pool
) -> None:
    """A judgment wanting the post that holds 服务 and 贸易 apart over the one writing the name
    whole: the fitted exponents rank it higher than the hand-set ones, and the search ranks it
    where the learner reckoned."""
    pool = apart_pool
    now = ls.as_vector(index.exponents)
    assert [pool.keys[i] for i in ls.ranked(pool, now)] == [
        tuple(k.split("/", 1)) for k in keys(index)
    ]
    hand_set = ls.as_vector(HAND_SET)
    fitted = ls.fit([pool])
    assert ls.ndcg(pool, ls.as_vector(fitted)) > ls.ndcg(pool, hand_set)
    # the best order of these candidates puts the one wanted post first, whatever its segment
    assert ls.best_order([pool], tiers=False) == 1.0
    assert ls.ndcg(pool, ls.as_vector(fitted)) <= ls.best_order([pool]) <= 1.0
    index.weigh(fitted)
    shown = [tuple(k.split("/", 1)) for k in keys(index)]
    assert shown == [pool.keys[i] for i in ls.ranked(pool, ls.as_vector(fitted))]
    assert shown.index(APART) < [pool.keys[i] for i in ls.ranked(pool, hand_set)].index(APART)


def test_eval_learn_search_scores_each_set_with_exponents_fitted_to_the_others(
    seed_db: Path, tmp_path: Path
) -> None:
    """Two one-query sets over the seed's posts: each ranked by the exponents fitted to the
    other, beside the hand-set ranking and both baselines; --write gives a file the search
    reads."""
    sets = two_one_query_sets(tmp_path)
    written = tmp_path / "exponents.txt"
    result = CliRunner().invoke(
        app, ["eval", "learn-search", *sets, "--db", str(seed_db), "--write", str(written)]
    )
    assert result.exit_code == 0, result.output
    assert "learned on the other sets" in result.stdout and "set0" in result.stdout
    assert "per account" in result.stdout and "上海经信委" in result.stdout
    text = written.read_text(encoding="utf-8")
    assert "Retrain: wxintel eval learn-search" in text
    assert set(parse(text)) == set(ls.FITTED)  # no --factor: every exponent fitted, written
    result = CliRunner().invoke(
        app, ["eval", "learn-search", *sets, "--db", str(seed_db), "--json", "--oracle"]
    )
    report = json.loads(result.stdout)
    assert set(report["sets"]) == {"set0", "set1"}
    best = report["best_order"]
    assert 0 < best["tiers"] <= best["ignoring_tiers"] <= 1.0
    assert report["pooled"]["systems"] == list(ls.SYSTEMS)
