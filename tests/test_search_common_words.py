"""Concepts a post may hold without writing them, on the real posts of the seven accounts:
a common query word (SearchIndex._common_clauses) is held by a post whose title names every
rarer word of the query, and a unit typed without spaces is held, word by word, by a post that
writes it verbatim (ParsedQuery.runs), however the segmenter cuts the text around it, and so is
a word of three or more characters typed on its own (SearchIndex._glued_names)."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from helpers import copy_seed_db, post_text, posting_share
from typer.testing import CliRunner

from wxintel.cli import app
from wxintel.model import Article
from wxintel.search import SearchIndex, SearchQuery
from wxintel.search.index import COMMON_SHARE
from wxintel.search.intent import same_genre
from wxintel.web import create_app

GUIDE = "河西政务服务/2247524432_2"  # 【政事通】一步到位！高新技术企业认定指南来了→
CONFERENCE = "河西政务服务/2247523036_2"  # 【政事通】划重点！中央经济工作会议要点梳理
SOLAR_PLAN = "闵行发展改革/2247504240_1"  # 聚焦绿色低碳转型，区发改委发布《…三年行动方案…》


def test_a_title_naming_the_rare_words_stands_for_a_common_one(
    seven_index: SearchIndex, seven_posts: list[Article]
) -> None:
    """成为 is in a fifth of the posts; the guide to becoming a 高新技术企业 does not write it,
    the firm profiles that say a firm 成为 one do. The guide is among the posts holding every
    concept, and first."""
    assert (
        posting_share(seven_index, "成为")
        >= COMMON_SHARE
        > posting_share(seven_index, "高新技术企业")
    )
    assert "成为" not in post_text(seven_posts, GUIDE)
    result = seven_index.search(SearchQuery("怎么 成为 高新技术企业", limit=10))
    assert result.understood["title_stands_for"] == ["成为"]
    complete = [hit.key for hit in result.hits if hit.all_words]
    assert complete[0] == GUIDE
    # every other post counted as holding both writes 成为: only a title stands for it
    for key in complete[1:]:
        assert "成为" in post_text(seven_posts, key), key


def test_a_post_lacking_the_common_word_counts_only_by_its_title(
    seven_index: SearchIndex, seven_posts: list[Article]
) -> None:
    """扶持政策 is satisfied by any word of its genre (政策, 措施 …), in a third of the posts;
    未央工信's calls on 数字化转型 write none of them. Each post counted as holding every concept
    either writes a genre word or names 数字化转型 in its title."""
    genre = ("扶持政策", *same_genre("扶持政策"))
    result = seven_index.search(SearchQuery("数字化转型 扶持政策", limit=20))
    complete = [hit for hit in result.hits if hit.all_words]
    by_title = [h for h in complete if not any(w in post_text(seven_posts, h.key) for w in genre)]
    assert by_title, "no call on 数字化转型 without a genre word was counted"
    assert all("数字化转型" in hit.title for hit in by_title)


def test_a_region_word_or_a_piece_of_a_typed_name_is_never_relaxed(
    seven_index: SearchIndex,
) -> None:
    """天津 is in most posts (two accounts are at home there) but says where the post must be;
    工作 is common but typed inside 政府工作报告, a name."""
    parsed = seven_index._understand(SearchQuery("天津 人才 支持政策")).parsed
    words = [c.alternatives[0][0].text for c in parsed.clauses]
    relaxed = {words[n] for n in parsed.by_title}
    assert "天津" not in relaxed and "支持政策" in relaxed
    assert posting_share(seven_index, "天津") >= COMMON_SHARE
    report = seven_index._understand(SearchQuery("今年 政府工作报告")).parsed
    assert report.by_title == ()


def test_a_unit_typed_whole_is_held_by_the_posts_that_write_it_verbatim(
    seven_index: SearchIndex, seven_posts: list[Article]
) -> None:
    """中央经济工作会 is cut 中央 · 经济 · 工作 · 会, and a post writes 会议, whose 会 is no word of
    its own: the post summing up the 中央经济工作会议 held no 会 and was a partial match below
    posts that write 会 somewhere else. Written verbatim, it holds every concept and comes
    first."""
    parsed = seven_index._understand(SearchQuery("中央经济工作会")).parsed
    assert ("中央经济工作会", ("中央", "经济", "工作", "会")) in parsed.runs
    assert "中央经济工作会议" in post_text(seven_posts, CONFERENCE)
    result = seven_index.search(SearchQuery("中央经济工作会", limit=10))
    assert result.hits[0].key == CONFERENCE and result.hits[0].all_words
    # with spaces the words are typed apart: no run, the conference post is no longer first
    apart = seven_index._understand(SearchQuery("中央 经济 工作 会")).parsed
    assert apart.runs == []


def test_a_word_glued_to_its_neighbour_in_the_text_is_held_verbatim(
    seven_index: SearchIndex, seven_posts: list[Article]
) -> None:
    """闵行发展改革's three-year plan for distributed solar is titled 聚焦绿色低碳转型…, which the
    segmenter cuts 绿色 · 低碳转型: the index holds no word 绿色低碳 there, the title writes it
    verbatim. It holds every concept of 绿色低碳 转型 措施 (its body writes 措施) and is among
    the first; a two-character word is not read so (VERBATIM_WORD_CHARS)."""
    title = next(a.title for a in seven_posts if f"{a.account}/{a.aid}" == SOLAR_PLAN)
    assert "绿色低碳转型" in title and "绿色低碳" not in seven_index.segmenter.words(title)
    clauses = seven_index._understand(SearchQuery("绿色低碳 转型 措施")).parsed.clauses
    two = [c for c in clauses if [len(t.text) for t in c.alternatives[0]] == [2]]
    assert {c.alternatives[0][0].text for c in two} == {"转型", "措施"}
    assert [seven_index._glued_names(c) for c in two] == [None, None]
    result = seven_index.search(SearchQuery("绿色低碳 转型 措施", limit=5))
    hit = next(h for h in result.hits if h.key == SOLAR_PLAN)
    assert hit.all_words


def test_a_short_alias_is_not_read_verbatim(
    seven_index: SearchIndex, seven_posts: list[Article]
) -> None:
    """高新技术企业 is written 高企 too, and 高企 stands in a row in 提高企业 (未央工信's call for
    质量标杆培育企业 writes 提高企业…): the word and its longer names are read verbatim, the
    two-character alias is not, so that call holds no 高新技术企业."""
    clause = seven_index._understand(SearchQuery("高新技术企业 认定")).parsed.clauses[0]
    _, names = seven_index._glued_names(clause)
    assert "高新技术企业" in names and "高企" not in names
    assert "高企" in dict(clause.alternatives[0][0].aliases)
    call = "未央工信/2247495051_1"
    assert "提高企业" in post_text(seven_posts, call)
    assert "高新技术企业" not in post_text(seven_posts, call)
    result = seven_index.search(SearchQuery("高新技术企业 认定", limit=50))
    assert call not in [hit.key for hit in result.hits if hit.all_words]


def test_a_run_needs_a_lone_character(seven_index: SearchIndex) -> None:
    """Every word of 智能工厂申报 is a word of two characters or more: a post writing the string
    verbatim writes each word, so nothing is added."""
    parsed = seven_index._understand(SearchQuery("智能工厂申报")).parsed
    assert len(parsed.clauses) > 1 and parsed.runs == []


def test_every_surface_says_which_common_word_a_title_stands_for(
    seed_db: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """On the seed account 政策 (with its genre) is in more than a fifth of the posts: the JSON,
    the page and the CLI say that a title naming 智能工厂 counts as holding it."""
    db = copy_seed_db(seed_db, tmp_path_factory.mktemp("common-words-db"))
    with TestClient(create_app(db)) as client:
        body = client.get("/api/search", params={"q": "智能工厂 政策"}).json()
        assert body["understood"]["title_stands_for"] == ["政策"]
        page = client.get("/search", params={"q": "智能工厂 政策"}).text
        assert "“政策”是常用词：标题写有其余关键词的文章也算包含它" in page
        rare = client.get("/api/search", params={"q": "智能工厂 名单"}).json()
        assert rare["understood"]["title_stands_for"] == []
    out = CliRunner().invoke(app, ["search", "智能工厂 政策", "--db", str(db), "--limit", "3"])
    assert "政策 also held by a title naming the other words" in out.stdout
