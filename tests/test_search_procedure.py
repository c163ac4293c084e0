"""The verb of a query that asks to apply, matched by the kind of post (SearchIndex.
_procedure_clause), on the real posts of the seven accounts with the kinds the extractor gives
them: in 报名 大赛 a contest's registration notice holds the procedure whatever verb it writes
(参赛, or none beyond its kind), while a news post naming a contest does not; where the verb is
not the query's commonest concept (遴选 企业) the word itself is still required."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from helpers import copy_seed_db, post_text, search_doc
from typer.testing import CliRunner

from wxintel.cli import app
from wxintel.extract import enrich
from wxintel.extract.doctype import ACTION_KINDS
from wxintel.model import Article
from wxintel.search import SearchIndex, SearchQuery
from wxintel.web import create_app

CONTEST = "上海经信委/2650688142_1"  # 关于举办2025年上海市产业青年创新大赛的通知: no 报名 in it
CONTEST_NEWS = "天津西青/2652062705_2"  # 【善治西青 社彩绽放】大赛治理项目展播①: news, no 报名


@pytest.fixture(scope="module")
def index(seven_posts: list[Article], tmp_path_factory: pytest.TempPathFactory) -> SearchIndex:
    """One index of the seven accounts' posts, each with the kind the extractor decides."""
    built = SearchIndex(tmp_path_factory.mktemp("procedure") / "ix")
    built.upsert(replace(search_doc(a), kind=enrich(a).kind) for a in seven_posts)
    built.commit(1)
    return built


def test_a_registration_notice_stands_for_the_verb_of_a_query_that_asks_to_apply(
    index: SearchIndex, seven_posts: list[Article]
) -> None:
    assert "报名" not in post_text(seven_posts, CONTEST)  # it says 举办 … 大赛 and how to take part
    result = index.search(SearchQuery("报名 大赛", limit=10))
    assert result.understood["procedure"] == "报名"
    ranked = [hit.key for hit in result.hits]
    assert CONTEST in ranked[:3]
    complete = [hit for hit in result.hits if hit.all_words]
    assert CONTEST in {hit.key for hit in complete}
    # every post counted as holding both is a notice to act on or writes the verb itself
    for hit in complete:
        assert hit.kind in ACTION_KINDS or "报名" in post_text(seven_posts, hit.key), hit.title
    # a news post on a contest that writes no 报名 is only a partial match
    assert "报名" not in post_text(seven_posts, CONTEST_NEWS) and "大赛" in post_text(
        seven_posts, CONTEST_NEWS
    )
    assert CONTEST_NEWS not in {hit.key for hit in complete}


def test_a_watch_fires_on_the_same_posts_as_the_every_word_tier(index: SearchIndex) -> None:
    """Search's all_words and a watchlist's matches read one definition of every concept."""
    keys = index.matching_keys(SearchQuery("报名 大赛"))
    assert CONTEST in keys and CONTEST_NEWS not in keys
    result = index.search(SearchQuery("报名 大赛", limit=50))
    assert result.all_words == len(keys)


def test_the_verb_keeps_its_word_where_the_rest_of_the_query_is_commoner(
    index: SearchIndex, seven_posts: list[Article]
) -> None:
    """遴选 企业: 企业 is in most posts, so a call naming 企业 is not taken for a 遴选."""
    result = index.search(SearchQuery("遴选 企业", limit=10))
    assert result.understood["intents"] == ["apply"]
    assert result.understood["procedure"] is None
    complete = [hit for hit in result.hits if hit.all_words]
    assert complete
    assert all("遴选" in post_text(seven_posts, hit.key) for hit in complete)


def test_only_a_query_that_asks_to_apply_and_names_more_than_the_verb(index: SearchIndex) -> None:
    for query in ("大赛 活动", "报名", "怎么报名"):
        assert index.search(SearchQuery(query, limit=3)).understood["procedure"] is None, query


def test_every_surface_says_which_verb_a_notice_stands_for(seed_db: Path, tmp_path: Path) -> None:
    """On the seed account too: the JSON, the page and the CLI say that a notice to act on
    matches the verb, and a query that does not ask to apply says nothing."""
    db = copy_seed_db(seed_db, tmp_path)
    with TestClient(create_app(db)) as client:
        body = client.get("/api/search", params={"q": "工业遗产 申报"}).json()
        assert body["understood"]["procedure"] == "申报"
        assert body["hits"][0]["kind"] == "call" and "工业遗产" in body["hits"][0]["title"]
        page = client.get("/search", params={"q": "工业遗产 申报"}).text
        assert "“申报”也匹配申报、报名、征求意见类通知" in page
        plain = client.get("/api/search", params={"q": "低空经济"}).json()
        assert plain["understood"]["procedure"] is None
        assert "也匹配申报" not in client.get("/search", params={"q": "低空经济"}).text
    out = (
        CliRunner().invoke(app, ["search", "工业遗产 申报", "--db", str(db), "--limit", "3"]).stdout
    )
    assert "申报 also matched by any call, registration or consultation" in out
