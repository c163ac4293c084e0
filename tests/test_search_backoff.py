"""A query word no post writes, read another way (search/backoff.py), on the real posts of the
seven accounts: by its spelling in the archive's words, by its own bigrams, or left to the
partial matches of the other words; `understood["backed_off"]` and the page say which."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from helpers import copy_seed_db, search_doc
from typer.testing import CliRunner

from wxintel.cli import app
from wxintel.model import Article
from wxintel.search import SearchQuery
from wxintel.search.backoff import KEPT, chosen, held_in_order, spellings
from wxintel.web import create_app

runner = CliRunner()


def test_a_name_holds_a_short_forms_characters_in_order_from_its_first() -> None:
    assert held_in_order("公考", "公务员考试")
    assert held_in_order("智算", "智能算力")
    assert not held_in_order("考公", "公务员考试")  # the first character begins the name
    assert not held_in_order("公试考", "公务员考试")  # in order


def test_spellings_join_two_words_only_where_the_archive_writes_across_them() -> None:
    """智算 is no word's spelling alone; 智能·算力 spells it, and the archive writes 能算."""
    words = {"智": [("智能", 9), ("智慧", 5)], "算": [("算力", 4), ("算法", 2)]}
    written = {"能算"}
    found = spellings(
        "智算",
        lambda prefix: words.get(prefix, []),
        lambda parts: {("智能", "算力"): 2, ("智能", "算法"): 1}.get(parts, 0),
        lambda gram: gram in written,
        lambda first: [],
    )
    assert found == {"智能算力": 2, "智能算法": 1}  # 慧算 is nowhere: 智慧·算力 not counted


def test_the_readings_kept_are_those_held_in_most_posts() -> None:
    found = {"甲乙": 9, "甲丙": 5, "甲丁": 1, "甲戊": 2}
    assert chosen(found) == ["甲乙", "甲丙", "甲戊", "甲丁"][:KEPT]


def test_a_short_form_no_post_writes_finds_the_posts_writing_its_name(
    seven_index, seven_posts: list[Article]
) -> None:
    """车补 is no post's word (its characters meet only across 购车·补贴); 津北商务 writes
    车辆补贴 (车辆·补贴): its post is found, and the JSON says what 车补 was read as."""
    result = seven_index.search(SearchQuery("车补", limit=20))
    assert result.understood["backed_off"] == {"车补": ["车辆补贴"]}
    writing = {search_doc(a).key for a in seven_posts if "车辆补贴" in a.title + a.content}
    assert writing and writing <= {h.key for h in result.hits}


def test_a_long_word_no_post_writes_is_searched_by_its_own_words(
    seven_index, seven_posts: list[Article]
) -> None:
    """高中数学 is in no post; 高中 and 数学 are: the posts writing both are found, and every
    post found writes one."""
    result = seven_index.search(SearchQuery("高中数学", limit=200))
    assert result.understood["backed_off"] == {"高中数学": ["高中", "数学"]}
    text = {search_doc(a).key: a.title + a.content for a in seven_posts}
    both = {key for key, t in text.items() if "高中" in t and "数学" in t}
    assert both and both <= {h.key for h in result.hits}
    assert all("高中" in text[h.key] or "数学" in text[h.key] for h in result.hits)


def test_a_query_with_one_absent_word_returns_what_the_other_words_find(
    seven_index, seven_posts: list[Article]
) -> None:
    """起名 is in no post: 公司 起名 returns the posts 公司 finds, all as partial matches, and
    names 起名 as left out; so does 高中数学 家教, though 高中数学 alone is read (above): beside
    other words a reading is a guess that would lift its posts above theirs."""
    assert not any("起名" in a.title + a.content for a in seven_posts)
    both = seven_index.search(SearchQuery("公司 起名", limit=10))
    alone = seven_index.search(SearchQuery("公司", limit=10))
    assert both.understood["backed_off"] == {"起名": []}
    assert both.all_words == 0 and both.total == alone.total > 0
    assert all(not h.all_words for h in both.hits) and len(both.hits) == 10
    tutoring = seven_index.search(SearchQuery("高中数学 家教", limit=10))
    assert tutoring.understood["backed_off"] == {"高中数学": []}
    assert tutoring.hits[0].account == "北邮家教部"


def test_a_word_the_archive_writes_is_not_backed_off(seven_index) -> None:
    assert seven_index.search(SearchQuery("公司 登记", limit=5)).understood["backed_off"] == {}


@pytest.fixture(scope="module")
def client(seed_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    with TestClient(create_app(copy_seed_db(seed_db, tmp_path_factory.mktemp("bo")))) as c:
        yield c


def test_the_page_says_which_word_was_not_found(client) -> None:
    body = client.get("/api/search", params={"q": "公司 起名"}).json()
    assert body["understood"]["backed_off"] == {"起名": []} and body["total"] > 0
    page = client.get("/search", params={"q": "公司 起名"}).text
    assert "未找到“起名”，以下按其余关键词检索（部分匹配）" in page


def test_the_terminal_says_which_word_was_not_found(seed_db: Path, wide_console) -> None:
    """`wxintel search` says what the page and the JSON say: the word no post writes, and what
    was searched instead (its reading, or the other words' partial matches)."""
    for words, absent, line in (
        (
            ["公司", "起名"],
            "起名",
            "no post writes 起名: these match the other words (partial matches)",
        ),
        (["高中数学"], "高中数学", "no post writes 高中数学: searched as 数学、高中"),
    ):
        args = ["search", *words, "--db", str(seed_db)]
        shown = runner.invoke(app, args)
        assert shown.exit_code == 0 and line in shown.stdout
        read = json.loads(runner.invoke(app, [*args, "--json"]).stdout)["understood"]
        assert list(read["backed_off"]) == [absent]
    present = runner.invoke(app, ["search", "集成电路", "--db", str(seed_db)]).stdout
    assert "no post writes" not in present


def test_a_month_with_no_post_on_a_topic_returns_its_posts_of_other_months_marked(
    seven_index, seven_posts
) -> None:
    """Two posts write 交通管制, none in October 2025: the month's search runs again without
    its dates and finds them, marked, the word searched as typed (no reading of it)."""
    result = seven_index.search(SearchQuery("2025年10月 交通管制", limit=10, relax_dates=True))
    assert result.understood["relaxed_dates"] == {"from": "2025-10-01", "to": "2025-10-31"}
    assert result.understood["backed_off"] == {}
    assert (result.understood["from"], result.understood["to"]) == (None, None)
    writing = {search_doc(a).key for a in seven_posts if "交通管制" in a.title + a.content}
    first = [h for h in result.hits if h.all_words]
    assert writing and {h.key for h in first} == writing and result.all_words == len(writing)
    assert not any(h.published.startswith("2025-10") for h in first)
    # a watch on the month fires on matches only, and ask and exports keep the period exact
    assert seven_index.matching_keys(SearchQuery("2025年10月 交通管制")) == []
    exact = seven_index.search(SearchQuery("2025年10月 交通管制", limit=10))
    assert exact.total == 0 and exact.understood["relaxed_dates"] is None


def test_a_date_range_given_as_a_filter_is_relaxed_too_and_one_that_finds_posts_is_kept(
    seven_index,
) -> None:
    empty = SearchQuery(
        "交通管制", date_from="2025-10-01", date_to="2025-10-31", limit=5, relax_dates=True
    )
    result = seven_index.search(empty)
    assert result.understood["relaxed_dates"] == {"from": "2025-10-01", "to": "2025-10-31"}
    assert result.total > 0
    kept = seven_index.search(SearchQuery("2025年10月 交通", limit=5, relax_dates=True))
    assert kept.understood["relaxed_dates"] is None and kept.total > 0
    assert all(h.published.startswith("2025-10") for h in kept.hits)


def test_the_page_says_the_period_held_nothing(client) -> None:
    body = client.get("/api/search", params={"q": "2024年3月 集成电路"}).json()
    assert body["understood"]["relaxed_dates"] == {"from": "2024-03-01", "to": "2024-03-31"}
    assert body["total"] > 0 and body["understood"]["backed_off"] == {}
    page = client.get("/search", params={"q": "2024年3月 集成电路"}).text
    assert "该时段（2024-03-01 至 2024-03-31）内没有结果，以下为其他时间的结果" in page
