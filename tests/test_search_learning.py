"""What the search learns from an archive's own text, on real posts: short names defined in
posts ("以下简称"), the Latin-script names posts state for Chinese ones ("扩展现实（XR）") and
names written with a bracketed part."""

from __future__ import annotations

import pytest
from helpers import search_doc

from wxintel.model import Article
from wxintel.nlp.lexicon import default_lexicon
from wxintel.nlp.segment import Segmenter
from wxintel.search import SearchIndex, SearchQuery
from wxintel.search.abbrev import (
    _INNER,
    bracket_variants,
    find_abbreviations,
    stated_translations,
)

FULL = "国家新型工业化暨“十四五”工业重大成就展"


def found(index: SearchIndex, text: str) -> set[str]:
    return {h.key for h in index.search(SearchQuery(text, limit=500)).hits}


def expanded_to(index: SearchIndex, text: str, name: str) -> set[str]:
    """The posts found for `text` through its alias `name`, among those with every concept."""
    result = index.search(SearchQuery(text, limit=500))
    return {h.key for h in result.hits[: result.all_words] if name in h.why.get(text, [])}


def test_a_real_post_defines_its_short_names(seed_clean) -> None:
    defining = [a for a in seed_clean if "以下简称“国家展”" in a.content]
    assert defining
    pairs = find_abbreviations(defining[0].content)
    assert ("国家展", FULL) in pairs
    # the definition's full name starts where the short name's characters begin, not at the
    # verb before it (首次开设国家新型工业化…)
    assert all(not full.startswith("首次") for _, full in pairs)


def test_short_names_are_learned_at_ingest_incrementally_and_kept(seed_clean, tmp_path):
    defining = [a for a in seed_clean if "简称“国家展”" in a.content]
    rest = [a for a in seed_clean if a not in defining]
    full_only = {search_doc(a).key for a in rest if FULL in a.content and "国家展" not in a.content}
    assert defining and full_only
    index = SearchIndex(tmp_path / "ix")
    index.upsert(search_doc(a) for a in rest)
    index.commit(1)
    assert not expanded_to(index, "国家展", FULL)  # nothing has defined it yet
    index.upsert(search_doc(a) for a in defining)  # a later batch defines it
    index.commit(2)
    assert full_only <= expanded_to(index, "国家展", FULL)
    # kept with the index: another process opening it knows the short name too
    assert full_only <= expanded_to(SearchIndex(tmp_path / "ix", texts=index.texts), "国家展", FULL)
    # taken back when the posts that defined it leave the index, in this process and others
    index.delete(search_doc(a).key for a in defining)
    index.commit(3)
    assert "国家展" not in index.abbreviations.counts
    assert not expanded_to(index, "国家展", FULL)
    assert not expanded_to(SearchIndex(tmp_path / "ix", texts=index.texts), "国家展", FULL)


def test_a_place_or_a_sentence_in_brackets_defines_no_short_name(post) -> None:
    def pairs(account: str, aid: str) -> list[tuple[str, str]]:
        article = post(account, aid)
        return find_abbreviations(f"{article.title}\n{article.content}")

    # a place in a bare bracket qualifies a name: 中国（上海）…, 国家会展中心（上海）
    for account, aid in (("闵行发展改革", "2247504090_1"), ("上海经信委", "2650688777_1")):
        assert not any(short == "上海" for short, _ in pairs(account, aid))
    # a short form that begins the words before it names a body only when they end like one
    assert not any(short == "集团" for short, _ in pairs("闵行发展改革", "2247503769_2"))
    assert ("广核阀门", "广核阀门科技有限公司") in pairs("未央工信", "2247495205_1")
    # the short names posts do define are still learned, on every account
    assert ("学信网", "学生信息网") in pairs("天津西青", "2652063403_1")


def test_posts_state_the_english_names_of_chinese_ones(seed_clean, post) -> None:
    seg = Segmenter(default_lexicon())
    stated = {
        pair for a in seed_clean for pair in stated_translations(f"{a.title}\n{a.content}", seg)
    }
    assert {("Arkema", "阿科玛"), ("XR", "扩展现实"), ("eVTOL", "电动垂直起降飞行器")} <= stated
    # the name starts after the function word before it: 研发的集装箱码头仿真系统（SmartSim）
    assert ("SmartSim", "集装箱码头仿真系统") in stated
    # "English name, ACRONYM" are two names of one thing
    assert {("CIIF", "中国国际工业博览会")} <= stated
    # a count's measure word is the number's, not the name's: 2025年中国国际海事会展（Marintec…）
    assert ("Marintec China 2025", "中国国际海事会展") in stated
    assert not any(name.startswith("年") for _, name in stated)
    cop = post("河西政务服务", "2247521930_1")
    assert ("COP30", "缔约方大会") in stated_translations(f"{cop.title}\n{cop.content}", seg)
    # 未央工信: 虚拟现实及增强现实（VR/AR） names two things; neither is taken for the other
    vr = post("未央工信", "2247494813_2")
    text = f"{vr.title}\n{vr.content}"
    assert "VR/AR" in text and not any(
        latin in ("VR", "AR") for latin, _ in stated_translations(text, seg)
    )


def test_an_english_name_a_post_states_finds_the_posts_that_write_only_the_chinese(
    seed_clean, tmp_path
) -> None:
    stating = [a for a in seed_clean if "阿科玛（Arkema）" in a.content]
    chinese_only = {
        search_doc(a).key for a in seed_clean if "阿科玛" in a.content and "Arkema" not in a.content
    }
    assert stating and chinese_only
    index = SearchIndex(tmp_path / "ix")
    index.upsert(search_doc(a) for a in seed_clean)
    index.commit(1)
    assert chinese_only <= through(index, "Arkema", "阿科玛")
    # taken back with the post that stated it
    index.delete(search_doc(a).key for a in stating)
    index.commit(2)
    assert not through(index, "Arkema", "阿科玛")


def through(index: SearchIndex, text: str, name: str) -> set[str]:
    """The posts found for an English `text` through its Chinese alias `name`."""
    hits = index.search(SearchQuery(text, limit=500)).hits
    return {h.key for h in hits if name in h.why.get(text.casefold(), [])}


def test_an_account_home_is_learned_from_its_posts_and_satisfies_its_region(
    seed_clean, more_clean, tmp_path
) -> None:
    district = more_clean["天津西青"]
    index = SearchIndex(tmp_path / "ix")
    index.upsert(search_doc(a) for a in [*seed_clean, *district])
    index.commit(1)
    # a district account: its home is the district it names most, inside its city
    assert index.homes.home("天津西青") == "西青区"
    assert index.homes.home("上海经信委") == "上海市"
    assert index.homes.accounts_in("天津") == ["天津西青"]
    assert index.homes.accounts_in("上海") == ["上海经信委"]
    # "天津 X" finds the district's posts on X that never write 天津, with every concept
    silent = {search_doc(a).key for a in district if "天津" not in f"{a.title}\n{a.content}"}
    result = index.search(SearchQuery("天津 年画", limit=500))
    complete = result.hits[: result.all_words]
    assert {h.key for h in complete} & silent
    assert all(h.account == "天津西青" or "天津" in h.matched for h in complete)
    # counts follow the archive: the homes are kept beside the index and shrink with deletions
    assert SearchIndex(tmp_path / "ix").homes.home("天津西青") == "西青区"
    index.delete(search_doc(a).key for a in district)
    index.commit(2)
    assert index.homes.accounts_in("天津") == []
    assert SearchIndex(tmp_path / "ix").homes.accounts_in("天津") == []


@pytest.fixture(scope="module")
def index(seed_clean, more_clean, tmp_path_factory) -> SearchIndex:
    built = SearchIndex(tmp_path_factory.mktemp("learn") / "ix")
    posts = [*seed_clean, *more_clean["闵行发展改革"], *more_clean["未央工信"]]
    built.upsert(search_doc(a) for a in posts)
    built.commit(1)
    return built


@pytest.fixture(scope="module")
def posts(seed_clean, more_clean) -> list[Article]:
    return [*seed_clean, *more_clean["闵行发展改革"], *more_clean["未央工信"]]


def test_a_bracketed_name_is_found_typed_without_its_brackets(index, posts) -> None:
    texts = [f"{a.title}\n{a.content}" for a in posts]
    tried = 0
    for article, text in zip(posts, texts, strict=True):
        for variant in bracket_variants(text)[::2]:  # "A（B）C" typed as "AC"
            if len(variant) < 6 or any(variant in other for other in texts):
                continue
            tried += 1
            assert search_doc(article).key in found(index, f'"{variant}"'), variant
    assert tried >= 5


def test_the_newest_day_follows_an_update_that_keeps_the_count(seed_clean, tmp_path) -> None:
    from dataclasses import replace

    index = SearchIndex(tmp_path / "ix")
    posts = [search_doc(a) for a in seed_clean]
    index.upsert(posts)
    index.commit(1)
    before = index.newest()
    assert before
    oldest = min(posts, key=lambda d: d.published)
    index.upsert([replace(oldest, published="2030-01-02")])  # same key: the count stays
    index.commit(2)
    assert index.newest() == "2030-01-02" != before


def test_bracketed_names_are_read_as_the_pattern_reads_every_text(seven_posts) -> None:
    """bracket_variants tries its pattern only just before each opening bracket: on every
    real post, and on texts made to trip it (a bracket first, runs longer than the pattern's
    twelve characters, brackets back to back, a name whose bracket fails before one that
    holds), it reads the names _INNER.finditer reads."""
    made = [
        "（小巨人）企业",
        "一二三四五六七八九十一二三四五六（套）首台",
        "专精特新（小巨人（套）企业",
        "首台（套)（套）重大技术装备（A1）",
        "名称（不是一个名称的括号内容太长了）后面首台（套）",
        "上海(AI)算力（（套））",
    ]
    texts = [f"{a.title}\n{a.content}" for a in seven_posts] + made
    read = 0
    for text in texts:
        found = _INNER.finditer(text)
        want = [v for m in found for v in ("".join(m.group(1, 3)), "".join(m.groups()))]
        assert bracket_variants(text) == want, text[:40]
        read += len(want)
    assert read > 200
