"""Short forms read by their initials (search/shortforms.py), on the real posts of the seven
accounts: a rare query word whose characters begin, in order, the words of a name the archive
writes in full is searched as that name too, and says so in `understood` on every surface."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import tantivy
from fastapi.testclient import TestClient
from helpers import copy_seed_db, search_doc
from typer.testing import CliRunner

from wxintel.cli import app
from wxintel.model import Article
from wxintel.nlp.lexicon import default_lexicon
from wxintel.nlp.segment import Segmenter
from wxintel.search import SearchQuery
from wxintel.search.passages import PASSAGE_CHARS
from wxintel.search.shortforms import (
    MAX_SHORT,
    RARE_SHARE,
    abbreviates,
    fit,
    name_ends,
    near,
    typed_posts,
)
from wxintel.search.synonyms import MAX_LENGTH, archive_synonyms
from wxintel.web import create_app


def keys_writing(posts: list[Article], name: str) -> set[str]:
    return {search_doc(a).key for a in posts if name in a.title}


def test_a_short_form_is_spelled_by_the_first_characters_of_its_names_words() -> None:
    known = Segmenter(default_lexicon()).is_known
    for short, full in [
        ("技改", "技术改造"),
        ("民企", "民营企业"),
        ("国常会", "国务院常务会议"),
        ("中纪委", "中央纪律检查委员会"),  # 检查 is skipped
        ("食安法", "食品安全法"),  # a one-character word may end the name
        ("工信部", "工业和信息化部"),  # and 和 may be skipped
    ]:
        assert abbreviates(short, full, known), (short, full)
    for short, full in [
        ("上合", "上海合作组织"),  # 合 does not begin the last word, 组织
        ("技改", "技术"),  # too short to be shortened to two characters
        ("改造", "技术改造"),  # the first character must begin the name
        ("中心", "中心城区"),  # the word itself is inside: the sub-word index finds it
    ]:
        assert not abbreviates(short, full, known), (short, full)


def test_a_looser_spelling_prefers_the_names_whose_words_it_begins() -> None:
    """A word may be kept whole (总局 of 市场·监管·总局); the fit is the share of the short
    form's characters that begin a word it shortens, so initials (1.0) come first, and a
    spelling must shorten a word at least (a one-character word ends a name shortened)."""
    known = Segmenter(default_lexicon()).is_known
    assert not abbreviates("市监总局", "市场监管总局", known)
    assert fit("市监总局", "市场监管总局", known) == 0.5
    assert fit("国常会", "国务院常务会议", known) == 1.0
    assert fit("市监总局", "市场监管总局", known, loose=False) == 0.0
    assert fit("监总局", "市场监管总局", known) == 0.0  # the first character begins the name
    assert fit("来天津", "来源天津市", known) == 0.0  # 天津 is no whole word of it
    assert fit("科技企业", "科技型中小企业", known) == 0.0  # 科技, 企业 kept whole
    assert fit("生态局", "生态环境局", known) == pytest.approx(1 / 3)  # 生态 kept, 局 shortened


def test_a_short_form_keeping_a_whole_word_finds_the_name_the_archive_writes(
    seven_index, seven_posts
) -> None:
    """市监总局 is in no post and no name's initials spell it; the archive writes 市场监管总局
    (市场·监管·总局, 总局 kept whole), and its posts are found."""
    assert seven_index.short_form_names("市监总局") == ["市场监管总局"]
    assert seven_index.short_form_names("生态局") == ["生态环境局"]  # 环境 skipped
    result = seven_index.search(SearchQuery("市监总局", limit=50))
    assert result.understood["short_forms"] == {"市监总局": ["市场监管总局"]}
    titled = keys_writing(seven_posts, "市场监管总局")
    assert titled and titled <= {h.key for h in result.hits}


def test_a_short_form_may_end_with_the_last_character_of_its_name(seven_index, seven_posts) -> None:
    """网安周 is in no post: 网安 spells 网络·安全 by initials, and 周 ends 宣传周, not a word's
    start. Three posts write 网络安全宣传周; the reading takes the name off the text after
    网络安全, and every one of them is found."""
    assert seven_index.short_form_names("网安周") == ["网络安全宣传周"]
    result = seven_index.search(SearchQuery("网安周", limit=20))
    assert result.understood["short_forms"] == {"网安周": ["网络安全宣传周"]}
    weeks = {search_doc(a).key for a in seven_posts if "网络安全宣传周" in a.title + a.content}
    assert len(weeks) >= 2
    assert weeks <= {h.key for h in result.hits}
    # a two-character form is never read so: its one initial would take the commonest word
    assert seven_index.short_form_names("网周") == []


def test_a_name_ends_where_a_word_ends() -> None:
    """The characters after the leading word up to the short form's last one make the name
    only where the segmenter ends a word there: 周 begins 周边 and 周年."""
    seg = Segmenter(default_lexicon())
    text = "第二十二届国家网络安全宣传周开幕。网络安全周边产品。网络安全十周年。"
    assert name_ends("网络安全", "周", text, seg.word_ends) == {"网络安全宣传周"}


def test_a_rare_short_form_finds_the_posts_that_write_its_name_in_full(
    seven_index, seven_posts
) -> None:
    """国常会 is in no post; 未央工信 and 津北商务 report every 国务院常务会议. 国常会 is cut into
    国 · 常会 by the segmenter and read whole again."""
    result = seven_index.search(SearchQuery("国常会", limit=50))
    assert result.understood["short_forms"] == {"国常会": ["国务院常务会议"]}
    meetings = keys_writing(seven_posts, "国务院常务会议")
    assert len(meetings) >= 5
    assert meetings <= {h.key for h in result.hits[: result.all_words]}


def test_a_name_of_two_index_words_and_a_word_the_archive_uses_rarely(
    seven_index, seven_posts
) -> None:
    """食品安全法 is indexed as 食品 · 安全法, and 河西政务服务's guide to the revised law is found
    for 食安法; 技改 is written in a few posts, 技术改造 in more, and one post writes both."""
    law = seven_index.search(SearchQuery("食安法", limit=10))
    assert law.understood["short_forms"] == {"食安法": ["食品安全法"]}
    assert keys_writing(seven_posts, "食品安全法") <= {h.key for h in law.hits}
    projects = seven_index.search(SearchQuery("技改 项目", limit=50))
    assert projects.understood["short_forms"] == {"技改": ["技术改造"]}
    calls = {
        search_doc(a).key for a in seven_posts if "技术改造" in a.title and "技改" not in a.content
    }
    assert calls and calls <= {h.key for h in projects.hits[: projects.all_words]}


def test_a_word_no_spelling_reads_is_read_through_the_dictionary(seven_index, seven_posts) -> None:
    """驾照 is in no post and spells none of the archive's names (照 begins no word of 驾驶证);
    CC-CEDICT glosses 驾照, 驾驶执照 and 驾驶证 each "driver's license", and 河西政务服务 writes
    驾驶证: its post on the new licence rules is found for 驾照 新规. 社保, which the archive
    writes in dozens of posts, stays a word of its own (the dictionary's 社会保险 is not added)."""
    result = seven_index.search(SearchQuery("驾照 新规", limit=10))
    assert result.understood["short_forms"] == {"驾照": ["驾驶证"]}
    licences = keys_writing(seven_posts, "驾驶证")
    assert licences and licences <= {h.key for h in result.hits}
    assert seven_index._posts_with(("社保",)) > 20
    assert seven_index.short_form_names("社保") == []


def test_the_dictionary_reading_keeps_the_archives_clearly_commoner_words() -> None:
    """Of the dictionary's words of a meaning, those sharing a character with the typed word
    that the archive writes in MIN_POSTS posts and LEAD times as many as it, most first, at
    most KEPT; none for a word the archive uses often. A name holding the typed word is left to
    the sub-word index, a word sharing no character (车证) is another sense."""
    counts = {"驾照": 1, "驾驶证": 5, "驾驶执照": 2, "驾证": 1, "机动车驾照": 9, "车证": 30}

    def same(word: str) -> tuple[str, ...]:
        return ("驾驶执照", "驾证", "驾驶证", "机动车驾照", "车证") if word == "驾照" else ()

    def posts_with(word: str) -> int:
        return counts.get(word, 0)

    def count(words: tuple[str, ...]) -> int:
        return counts.get("".join(words), 0)

    typed = typed_posts("驾照", count, 1000, MAX_LENGTH)
    assert typed == 1
    assert archive_synonyms("驾照", typed, posts_with, same) == ["驾驶证", "驾驶执照"]
    assert archive_synonyms("驾照", 2, posts_with, same) == ["驾驶证"]  # 2 posts are not 2 × 2
    assert typed_posts("驾照", count, 10, MAX_LENGTH) is None  # 1 post of 10: no rare word
    assert typed_posts("驾", count, 1000, MAX_LENGTH) is None
    assert typed_posts("机动车驾照", count, 1000, MAX_LENGTH) == 9
    assert typed_posts("机动车驾照", count, 1000, MAX_SHORT) is None  # no short form's length


def test_a_short_form_cut_into_characters_is_read_too_unless_quoted(
    seven_index, seven_posts
) -> None:
    """个税 is cut 个 · 税 and searched as an exact string; typed alone it is also the 个人所得税
    that 河西政务服务's reminders write; "个税" in quotes is searched as written only."""
    result = seven_index.search(SearchQuery("个税 汇算", limit=10))
    assert result.understood["short_forms"] == {"个税": ["个人所得税"]}
    reminders = {
        search_doc(a).key for a in seven_posts if "个人所得税" in a.content and "汇算" in a.content
    }
    assert reminders and reminders <= {h.key for h in result.hits[: result.all_words]}
    quoted = seven_index.search(SearchQuery('"个税" 汇算', limit=10))
    assert quoted.understood["short_forms"] == {}


@pytest.mark.parametrize(
    "query",
    [
        "项目 申报",  # common words: the archive uses them everywhere
        "零工",  # 零工市场's 零工 is never written beside 零碳工厂
        "不受",  # 不再 · 受理: two ordinary words, and the archive writes 不受
        "足球 电影 火锅",  # everyday words with no name in the archive
    ],
)
def test_a_word_the_archive_uses_as_a_word_is_not_rewritten(seven_index, query: str) -> None:
    assert seven_index.search(SearchQuery(query, limit=5)).understood["short_forms"] == {}


def test_the_bench_samples_rare_words_by_the_readings_own_rule(seven_index) -> None:
    """bench/shortforms.py judges the reading on the words it would read: `is_rare` counts a
    word's posts as the reading does, inside longer words too. 一带 is a token of a few posts but
    is written in dozens inside 一带一路: the old sample (title and body term counts added) took
    it as rare, the reading never rewrites it."""
    posts = seven_index._index.searcher().num_docs
    for word in ("项目", "企业", "申报"):
        assert not seven_index.is_rare(word)
        assert seven_index._posts_with((word,)) > RARE_SHARE * posts
    assert seven_index.is_rare("技改") and seven_index.is_rare("世行")
    assert seven_index.short_form_names("世行") == ["世界银行"]
    searcher = seven_index._index.searcher()
    as_token = sum(
        searcher.search(
            tantivy.Query.term_query(seven_index.schema, field, "一带"), 1, count=True
        ).count
        for field in ("title_w", "body_w")
    )
    assert as_token <= RARE_SHARE * posts < seven_index._posts_with(("一带",))
    assert not seven_index.is_rare("一带")


def test_a_word_the_archive_writes_far_from_the_name_it_might_shorten_is_no_short_form(
    seven_index, seven_posts
) -> None:
    """监 · 理 begin 监督 and the 理 of 管理; in the one post writing both 监理 and 监督管理
    (未央工信's reprint of the rule on thrift in Party and state bodies) a building project's
    监理 (site supervision) stands thousands of characters from 监督管理: the archive never
    shortens the name that way. 世行 stands a sentence from 世界银行 where both are written."""
    both = [a for a in seven_posts if "监理" in a.content and "监督管理" in a.content]
    assert both and all(
        not near("监理", "监督管理", a.title + "\n" + a.content, PASSAGE_CHARS) for a in both
    )
    assert seven_index.is_rare("监理") and seven_index.short_form_names("监理") == []
    near_both = [a for a in seven_posts if near("世行", "世界银行", a.content, PASSAGE_CHARS)]
    assert near_both and seven_index.short_form_names("世行") == ["世界银行"]


def test_a_short_form_the_lexicon_names_is_left_to_the_lexicon(seven_index) -> None:
    result = seven_index.search(SearchQuery("民企 座谈会", limit=5))
    assert result.understood["short_forms"] == {}
    term = next(t for t in seven_index.parser.parse("民企").terms if t.text == "民企")
    assert ("民营企业", "=") in term.aliases


@pytest.fixture(scope="module")
def db(seed_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_seed_db(seed_db, tmp_path_factory.mktemp("shortforms-db"))


@pytest.fixture(scope="module")
def client(db: Path) -> Iterator[TestClient]:
    with TestClient(create_app(db)) as c:
        yield c


def test_every_surface_says_what_a_short_form_was_searched_as(db: Path, client, seed_clean):
    """On the seed account, 医械 is in no post and 医疗器械 in several: the JSON, the page and
    the CLI say that 医疗器械 was searched too, and its posts are found."""
    body = client.get("/api/search", params={"q": "医械", "limit": 50}).json()
    assert body["understood"]["short_forms"] == {"医械": ["医疗器械"]}
    writing = {a.aid for a in seed_clean if "医疗器械" in a.content or "医疗器械" in a.title}
    assert len(writing) >= 2 and writing <= {h["id"] for h in body["hits"]}
    page = client.get("/search", params={"q": "医械"}).text
    assert "“医械”也按全称检索：医疗器械" in page
    out = CliRunner().invoke(app, ["search", "医械", "--db", str(db), "--limit", "3"]).stdout
    assert "医械 also searched as 医疗器械" in out
