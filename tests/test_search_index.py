"""The search index on the real seed: aliases, identifiers, syntax, filters, facets, ranking."""

from __future__ import annotations

import re
from datetime import date

import pytest

from wxintel import dates
from wxintel.extract import enrich
from wxintel.extract.doctype import ACTION_KINDS
from wxintel.model import Article
from wxintel.nlp.lexicon import Lexicon, parse_aliases
from wxintel.nlp.periods import resolve_period, take_dates
from wxintel.search import SearchDoc, SearchIndex, SearchQuery
from wxintel.search.passages import PASSAGE_CHARS

ALL = 500


def to_doc(article: Article) -> SearchDoc:
    """A SearchDoc as the store builds it: kind, tags and deadline from `enrich`."""
    found = enrich(article)
    deadlines = [f.value for f in found.facts if f.kind == "deadline"]
    return SearchDoc(
        key=article.aid,
        id=article.aid,
        title=article.title,
        content=article.content,
        account=article.account,
        published=article.published,
        kind=found.kind,
        lang=article.lang,
        is_stub=article.is_stub,
        tags=found.tags,
        has_deadline=bool(deadlines),
        deadline=str(deadlines[0]) if deadlines else "",
    )


@pytest.fixture(scope="module")
def docs(seed_clean, more_clean) -> list[SearchDoc]:
    others = [a for articles in more_clean.values() for a in articles]
    return [to_doc(a) for a in [*seed_clean, *others]]


@pytest.fixture(scope="module")
def index(docs, tmp_path_factory) -> SearchIndex:
    built = SearchIndex(tmp_path_factory.mktemp("ix") / "wx.db.search")
    built.upsert(docs)
    built.commit(1)
    return built


def ids(index: SearchIndex, text: str, **kw) -> list[str]:
    return [h.id for h in index.search(SearchQuery(text, limit=kw.pop("limit", ALL), **kw)).hits]


def text_of(doc: SearchDoc) -> str:
    return f"{doc.title}\n{doc.content}"


def test_alias_finds_articles_that_only_use_another_name(index, docs) -> None:
    only_long = {
        d.id for d in docs if "市经济信息化委" in text_of(d) and "市经信委" not in text_of(d)
    }
    assert only_long
    result = index.search(SearchQuery("市经信委", limit=ALL))
    assert only_long <= {h.id for h in result.hits}
    hit = next(h for h in result.hits if h.id in only_long)
    assert any("经济信息化委" in name for name in hit.why["市经信委"])
    assert any("经济信息化委" in hit.snippet[s:e] for s, e in hit.highlights)


def test_ciif_finds_articles_that_only_say_gongbohui(index, docs) -> None:
    gongbo = {d.id for d in docs if "工博会" in text_of(d) and "CIIF" not in text_of(d)}
    assert gongbo
    assert gongbo <= set(ids(index, "CIIF"))


def test_document_number_found_from_any_spelling(index, docs) -> None:
    holders = {d.id for d in docs if "沪经信制〔2023〕62号" in d.content}
    assert holders
    for spelling in ("沪经信制[2023]62号", "沪经信制（2023）62号", "沪经信制 2023 62号"):
        result = index.search(SearchQuery(spelling, limit=ALL))
        assert set(ids(index, spelling)[: len(holders)]) == holders
        top = result.hits[0]
        assert "沪经信制〔2023〕62号" in [top.snippet[s:e] for s, e in top.highlights]


def test_phone_found_exactly_in_another_spelling(index, docs) -> None:
    match = next(
        (m for d in docs for m in [re.search(r"021-(\d{4})(\d{4})", d.content)] if m), None
    )
    assert match is not None
    holders = {d.id for d in docs if match.group() in d.content}
    found = ids(index, f"021 {match.group(1)} {match.group(2)}")
    assert holders <= set(found[: len(holders)])


def test_phrase_is_stricter_than_words(index, docs) -> None:
    words = ids(index, "数据 安全")
    phrase = ids(index, '"数据安全"')
    assert phrase and len(phrase) < len(words)
    by_id = {d.id: d for d in docs}
    assert all("数据安全" in text_of(by_id[i]) for i in phrase)


def test_exclusion_removes_every_article_with_the_word(index, docs) -> None:
    with_robots = ids(index, "工博会")
    without = ids(index, "工博会 -机器人")
    by_id = {d.id: d for d in docs}
    assert 0 < len(without) < len(with_robots)
    assert not any("机器人" in text_of(by_id[i]) for i in without)


def test_or_finds_either_word(index, docs) -> None:
    a, b = set(ids(index, "化妆品")), set(ids(index, "海事"))
    assert a and b
    assert a | b == set(ids(index, "化妆品 OR 海事"))


def test_all_stopword_and_empty_queries_return_a_message(index) -> None:
    for text in ("的 哪些", "", "   "):
        result = index.search(SearchQuery(text))
        assert result.hits == [] and result.total == 0 and result.message


def test_natural_question_finds_the_policy(index, docs) -> None:
    hits = index.search(SearchQuery("上海支持化妆品产业的措施有哪些", limit=3)).hits
    assert all("化妆品" in h.title or "美妆" in h.title for h in hits)


def test_bigram_fallback_finds_substrings_the_word_index_splits(index, docs) -> None:
    # 息化 occurs inside 信息化, which the segmenter keeps whole: no word or sub-word is 息化.
    assert "息化" not in index.segmenter.words("信息化") + index.segmenter.subwords("信息化")
    holders = {d.id for d in docs if "息化" in text_of(d)}
    assert holders
    assert set(ids(index, "息化")) == holders
    # Any 2-character piece of a title with no stopword in it finds its article.
    stopwords = index.lexicon.stopwords
    for doc in docs[::25]:
        pieces = [doc.title[i : i + 2] for i in range(1, len(doc.title) - 1)]
        for piece in pieces:
            if re.fullmatch(r"[\u4e00-\u9fff]{2}", piece) and not (
                piece in stopwords or set(piece) & stopwords
            ):
                assert doc.id in ids(index, piece, limit=2000), piece


def test_english_articles_match_english_words_and_plurals(index, docs) -> None:
    english = {d.id for d in docs if d.lang == "en" and "industrial robot" in d.content.lower()}
    assert english
    assert english <= set(ids(index, "Industrial Robot"))
    top = index.search(SearchQuery("China International Industry Fair", limit=1)).hits[0]
    assert "China International Industry Fair" in top.title


def test_title_matches_rank_first(index) -> None:
    for text in ("工业母机", "首席制造官", "海事会展"):
        assert text in index.search(SearchQuery(text, limit=1)).hits[0].title


def test_filters_restrict_results(index, docs) -> None:
    base = dict(limit=ALL)
    in_sept = index.search(
        SearchQuery("企业", date_from="2025-09-15", date_to="2025-09-20", **base)
    )
    assert in_sept.hits and all(
        "2025-09-15" <= h.published[:10] <= "2025-09-20" for h in in_sept.hits
    )
    account = next(d.account for d in docs if d.account != "上海经信委" and "企业" in text_of(d))
    assert {
        h.account for h in index.search(SearchQuery("企业", accounts=[account], **base)).hits
    } == {account}
    assert {h.kind for h in index.search(SearchQuery("通知", kinds=["call"], **base)).hits} == {
        "call"
    }
    assert {h.lang for h in index.search(SearchQuery("Shanghai", lang="en", **base)).hits} == {"en"}
    with_deadline = {d.id for d in docs if d.has_deadline}
    found = ids(index, "申报", has_deadline=True)
    assert found and set(found) <= with_deadline
    tagged = index.search(SearchQuery("上海", tags=["元宇宙"], **base)).hits
    assert tagged and all("元宇宙" in h.tags for h in tagged)
    # a tag no post carries is said, not shown as "no results" for the words
    untagged = index.search(SearchQuery("上海", tags=["元宇宙", "元宇宇"], **base))
    assert untagged.total == 0 and "没有文章带有标签 元宇宇" in (untagged.message or "")
    assert "元宇宙、" not in untagged.message
    nothing_of_both = index.search(SearchQuery("元宇宙", tags=["元宇宙"], accounts=["x"], **base))
    assert nothing_of_both.total == 0 and nothing_of_both.message is None  # the tag is held


def test_facets_count_the_whole_result(index) -> None:
    result = index.search(SearchQuery("企业", limit=5))
    assert sum(result.facets["account"].values()) == result.total > 5
    assert sum(result.facets["month"].values()) == result.total
    assert all(re.fullmatch(r"\d{4}-\d\d", m) for m in result.facets["month"])
    assert result.facets["kind"] and result.facets["tags"]


def test_the_total_and_facets_count_exactly_the_posts_listed(index) -> None:
    """One facets pass counts the posts of both tiers, with the filters and exclusions."""
    for text, kinds in (("人工智能 申报", ()), ('"智能制造" -美妆', ()), ("企业 服务", ("call",))):
        result = index.search(SearchQuery(text, limit=ALL, kinds=kinds))
        assert 0 < result.all_words <= result.total == len(result.hits), text
        assert sum(result.facets["kind"].values()) == result.total


def test_facets_past_the_exact_limit_are_lower_bounds_marked_approximate(
    index, monkeypatch
) -> None:
    """Past search_facets_exact_limit matches (known from the two tiers' counts) the facets are
    counted among the posts holding a query word: never above the exact counts, the total and
    the ranking as they were. A page the first tier fills still needs its pass for the total,
    which counts the facets exactly."""
    from wxintel.search import index as module

    for text in ("人工智能 申报", "企业 服务 平台"):
        exact = index.search(SearchQuery(text, limit=ALL))
        assert not exact.facets_approximate and exact.all_words < exact.total, text
        monkeypatch.setattr(module, "RESULTS_KEPT", 0)  # searched afresh under the new limit
        monkeypatch.setattr(module, "FACETS_EXACT_LIMIT", 0)
        rough = index.search(SearchQuery(text, limit=ALL))
        filled = index.search(SearchQuery(text, limit=1))
        monkeypatch.undo()
        assert rough.facets_approximate and rough.to_json()["facets_approximate"], text
        assert rough.total == exact.total and rough.all_words == exact.all_words
        assert [h.to_json() for h in rough.hits] == [h.to_json() for h in exact.hits]
        assert rough.facets["kind"], text
        for name, counts in rough.facets.items():
            assert all(0 < n <= exact.facets[name][value] for value, n in counts.items()), name
        assert not filled.facets_approximate and filled.facets == exact.facets


def test_facets_counted_by_complement_are_the_counts_of_the_matches(index, monkeypatch) -> None:
    """A query matching most of the archive has its facets counted over the posts it does not
    match, less from every post's counts (remembered): the same facets in the same order, the
    same total and hits as counting the matches, exact or approximate; with a filter beyond
    the duplicates' the matches are counted, whatever their share."""
    from wxintel.search import index as module

    def shown(result) -> tuple:
        facets = [(name, list(counts.items())) for name, counts in result.facets.items()]
        return facets, result.to_json()

    for text in ("企业", "上海 发展", "服务 企业 工作", "人工智能 申报", "企业 服务 平台"):
        for exact_limit in (module.FACETS_EXACT_LIMIT, 0):  # exact, then approximate facets
            for limit in (1, ALL):  # the total from the facets' pass, then from the tiers
                query = SearchQuery(text, limit=limit)
                monkeypatch.setattr(module, "RESULTS_KEPT", 0)  # each search afresh
                monkeypatch.setattr(module, "FACETS_EXACT_LIMIT", exact_limit)
                monkeypatch.setattr(module, "COMPLEMENT_SHARE", 2.0)  # never by complement
                direct = index.search(query)
                monkeypatch.setattr(module, "COMPLEMENT_SHARE", 0.0)  # always, unfiltered
                index.forget()
                complement = index.search(query)
                # every post's counts were read and kept (None: a facet had more values than
                # are read, and the matches were counted directly)
                assert index._every_post._known.get("every post") is not None, text
                monkeypatch.undo()
                assert shown(complement) == shown(direct), (text, exact_limit, limit)
                assert direct.total and direct.facets["tags"], text
    monkeypatch.setattr(module, "COMPLEMENT_SHARE", 0.0)
    index.forget()
    index.search(SearchQuery("企业", kinds=["call"], limit=5))
    assert not index._every_post._known  # a filtered search counts its matches


def test_a_search_without_facets_has_the_same_hits_and_total(index, monkeypatch) -> None:
    """Ask's retrieval, feeds, exports and eval show no facets: their searches skip counting
    the matches into facets, and find the same hits, total and every-concept count."""
    from wxintel.search import index as module

    def without_facets(result) -> dict:
        shown = result.to_json()
        del shown["facets"], shown["facets_approximate"]
        return shown

    monkeypatch.setattr(module, "RESULTS_KEPT", 0)  # each search afresh under its limit
    for text in ("企业", "人工智能 申报", '"智能制造" -美妆', "市经信委 工博会 CIIF奖"):
        for exact_limit in (module.FACETS_EXACT_LIMIT, 0):  # exact, then approximate facets
            monkeypatch.setattr(module, "FACETS_EXACT_LIMIT", exact_limit)
            for limit in (1, ALL):  # the total from the facets' pass, then from the tiers
                full = index.search(SearchQuery(text, limit=limit))
                bare = index.search(SearchQuery(text, limit=limit, facets=False))
                assert bare.facets == {} and not bare.facets_approximate, text
                assert full.total and full.facets["account"], text
                assert without_facets(bare) == without_facets(full), (text, exact_limit, limit)


def test_date_sort_is_newest_first(index) -> None:
    hits = index.search(SearchQuery("企业", sort="date", limit=30)).hits
    dates = [h.published for h in hits]
    assert len(dates) == 30 and dates == sorted(dates, reverse=True)


def test_paging_continues_the_ranking(index) -> None:
    first = ids(index, "智能制造", limit=20)
    assert ids(index, "智能制造", limit=10, offset=10) == first[10:20]


def test_every_page_is_a_slice_of_one_ranking(index, monkeypatch) -> None:
    """Pages of 10 or 20 read one after another show each post once, in the order one deep
    page gives: for one concept, several, and a query whose partial matches follow its posts
    with every word (candidates are reweighed within blocks of the tier, however deep)."""
    from wxintel.search import index as module

    monkeypatch.setattr(module, "RESULTS_KEPT", 0)  # every page searched afresh
    for text in ("申报", "智能工厂 申报", "汽车 消费 扶持 政策"):
        deep = ids(index, text, limit=120)
        assert len(deep) == 120, text
        for size in (10, 20):
            pages = range(0, 120, size)
            paged = [i for at in pages for i in ids(index, text, limit=size, offset=at)]
            assert paged == deep, (text, size)


def test_to_json_carries_the_interface_fields(index) -> None:
    data = index.search(SearchQuery("工博会", limit=2)).to_json()
    assert set(data) >= {"query", "total", "hits", "facets"}
    assert set(data["hits"][0]) >= {
        "id",
        "title",
        "account",
        "published",
        "kind",
        "score",
        "snippet",
        "matched",
    }


def test_date_words_in_the_query_become_a_publish_date_filter(index, docs) -> None:
    result = index.search(SearchQuery("2025年11月 发布的 政策", limit=ALL, as_of="2026-03-27"))
    assert result.understood["from"] == "2025-11-01" and result.understood["to"] == "2025-11-30"
    assert result.hits and all(
        "2025-11-01" <= h.published[:10] <= "2025-11-30" for h in result.hits
    )
    assert "2025" not in result.hits[0].matched and "政策" in result.hits[0].matched
    # relative words count from as_of: 上个月 of 2025-12-10 is November
    relative = index.search(SearchQuery("上个月 政策", limit=ALL, as_of="2025-12-10"))
    assert {h.id for h in relative.hits} == {h.id for h in result.hits}
    # with no as_of, the archive's newest post stands in for today when it is older
    newest = max(d.published[:10] for d in docs)
    day, reason = index.as_of(SearchQuery("x"))
    assert day.isoformat() == min(newest, str(dates.today()))
    assert reason == (dates.AS_OF_NEWEST_POST if newest < str(dates.today()) else dates.AS_OF_TODAY)
    assert index.as_of(SearchQuery("x", as_of="2025-12-10")) == (date(2025, 12, 10), "given")


def test_programme_years_rounds_and_numbers_are_words_not_date_filters() -> None:
    as_of = date(2026, 3, 27)
    for text in (
        "2026年度第一批 项目申报",
        "2025年第三届 大赛",
        "2025年第36号令",
        "企业名称申报指引2025年版",  # an edition, published 2026
    ):
        assert take_dates(text, as_of) == (text, None), text
    # the last N days count today, as resolve_period (MCP) counts them
    assert take_dates("近7天 通知", as_of)[1].start == resolve_period("最近7天", as_of)[0]
    rest, found = take_dates("2025年 上半年 通知", as_of)
    assert rest == "通知" and (found.start, found.end) == (date(2025, 1, 1), date(2025, 6, 30))


def test_a_year_in_the_query_also_admits_the_programme_year_announced_the_year_before(
    index, docs
) -> None:
    by_id = {d.id: d for d in docs}

    def admitted(doc: SearchDoc, year: int) -> bool:
        published = doc.published[:4]
        named = str(year) in doc.title or f"{year}年度" in doc.content
        return published == str(year) or (published == str(year - 1) and named)

    # 闵行: 2026年闵行区为民办实事项目征求意见, published 2025-11-14, the year in its title
    shanghai = index.search(SearchQuery("2026年 为民办实事", limit=ALL, as_of="2026-03-27"))
    assert shanghai.understood["programme_year"] == 2026
    assert "2247504380_1" in [h.id for h in shanghai.hits]
    # 天津西青: the 2026年度 居民医保 contribution period, announced 2025-11-19 (in its body only)
    tianjin = index.search(SearchQuery("2026年 居民医保 缴费", limit=ALL, as_of="2026-03-27"))
    assert tianjin.hits[0].id == "2652063867_1"
    for result in (shanghai, tianjin):
        assert all(admitted(by_id[h.id], 2026) for h in result.hits)
    # a month is no programme year; a range given as a filter is exact
    month = index.search(SearchQuery("2025年12月 信用修复", limit=ALL, as_of="2026-03-27"))
    assert month.understood["programme_year"] is None
    exact = SearchQuery("为民办实事", limit=ALL, date_from="2026-01-01", date_to="2026-12-31")
    found = index.search(exact)
    assert found.understood["programme_year"] is None
    assert all(h.published[:4] == "2026" for h in found.hits)
    assert "2247504380_1" not in [h.id for h in found.hits]


def test_full_and_half_width_spellings_find_the_same_posts_on_every_account(index) -> None:
    for typed, written, top in (
        # 上海经信委's English report of 世界设计之都大会 (no alias: one city's event's acronym)
        ("ＷＤＣＣ", "WDCC", "2650689022_2"),
        ("市域(郊)铁路", "市域（郊）铁路", "2652081676_1"),  # 天津西青
        ("深圳(湾区)国际品牌", "深圳（湾区）国际品牌", "2247494500_1"),  # 未央工信
        ("检验检测机构资质认定ＣＭＡ", "检验检测机构资质认定CMA", "2247518614_4"),  # 河西政务服务
    ):
        assert ids(index, typed, limit=20) == ids(index, written, limit=20)
        assert ids(index, typed, limit=1) == [top], typed


def test_english_agencies_instruments_and_services_reach_chinese_posts(index, docs) -> None:
    by_id = {d.id: d for d in docs}
    # a policy instrument: 河西政务服务's 支持创业投资 measures
    venture = index.search(SearchQuery("venture capital", limit=5))
    assert venture.hits[0].id == "2247519706_3"
    assert venture.hits[0].why == {"venture capital": ["创业投资"]}
    # a public service: 天津西青's posts on the Spring Festival travel rush (春运)
    rush = index.search(SearchQuery("Spring Festival travel rush", limit=3))
    assert rush.hits and all("春运" in by_id[h.id].title for h in rush.hits)
    # an agency by its English name and by its abbreviation alike
    named = {h.id for h in index.search(SearchQuery("Ministry of Commerce", limit=ALL)).hits}
    short = {h.id for h in index.search(SearchQuery("MOFCOM", limit=ALL)).hits}
    assert named == short and "2247516328_3" in named  # 商务部发布《成品油流通管理办法》


def test_english_words_reach_chinese_posts_through_the_glossary(index, docs) -> None:
    chinese = {d.id for d in docs if d.lang == "zh" and "工业机器人" in d.title}
    assert chinese
    result = index.search(SearchQuery("industrial robots", limit=ALL))
    assert chinese <= {h.id for h in result.hits}
    hit = next(h for h in result.hits if h.id in chinese)
    assert hit.why == {"industrial robots": ["工业机器人"]}


def test_an_english_name_reaches_the_short_forms_its_chinese_name_is_written_in(
    index, docs
) -> None:
    """The glossary gives free trade zone the name 自由贸易试验区; the abbreviations file says it
    is written 自贸区 and 自贸试验区 too, and 闵行发展改革's posts on its 自贸区联动创新区 write
    only the short form: the English words reach them through both files."""
    short_only = {
        d.id
        for d in docs
        if d.account == "闵行发展改革" and "自贸区" in d.title and "自由贸易" not in text_of(d)
    }
    assert len(short_only) >= 2
    result = index.search(SearchQuery("free trade zone", limit=10))
    assert short_only <= {h.id for h in result.hits}
    hit = next(h for h in result.hits if h.id in short_only)
    assert "自贸区" in hit.why["free trade zone"]
    names = dict(index.parser.parse("自由贸易试验区").terms[0].aliases)
    assert "自贸区" in names
    # only an English name goes on to the short forms its Chinese name is written in: a
    # Chinese name reaches its own groups' names, not those of a group sharing one of them
    # (made-up names: 甲 abbreviates 甲乙, 甲乙 is written 丙丁 too, jia yi translates 甲乙)
    groups = (
        *parse_aliases("甲 = 甲乙\n甲乙 = 丙丁"),
        *parse_aliases("甲乙 = jia yi", bridge=True),
    )
    lexicon = Lexicon(frozenset(), frozenset(), ()).with_groups(groups)
    assert "丙丁" in dict(lexicon.aliases_of("jia yi"))
    assert "丙丁" not in dict(lexicon.aliases_of("甲"))


def test_posts_with_every_concept_come_first_then_partial_matches(index, docs) -> None:
    result = index.search(SearchQuery("人工智能 申报", limit=ALL))
    assert 0 < result.all_words < result.total
    flags = [h.all_words for h in result.hits]
    assert flags == sorted(flags, reverse=True) and flags.count(True) == result.all_words
    # 申报, the commonest concept of a query asking to apply, is held by a call or registration
    # whatever verb it writes (SearchIndex._procedure_clause); 人工智能 by its word
    assert result.understood["procedure"] == "申报"
    for hit in result.hits[: result.all_words]:
        assert "人工智能" in hit.matched
        assert "申报" in hit.matched or hit.kind in ACTION_KINDS, hit.title
    # under the divider, a post holding both words has neither in its title and never the two
    # within one passage of its body: it only mentions them (search/passages.py)
    full = {d.key: d for d in docs}
    apart = [h for h in result.hits[result.all_words :] if len(h.matched) == 2]
    assert apart
    for hit in apart:
        assert not {"人工智能", "申报"} & set(re.findall("人工智能|申报", full[hit.key].title))
        assert nearest(full[hit.key].content, "人工智能", "申报") > PASSAGE_CHARS
    # the second page starts where the first ended, across the divider
    page = index.search(SearchQuery("人工智能 申报", limit=5, offset=result.all_words - 2))
    assert [h.all_words for h in page.hits] == [True, True, False, False, False]
    assert page.total == result.total and page.all_words == result.all_words
    # watchlists see the all-words matches only, unless the user writes OR
    keys = index.matching_keys(SearchQuery("人工智能 申报"))
    assert len(keys) == result.all_words
    either = index.matching_keys(SearchQuery("人工智能 OR 申报"))
    assert len(either) == result.total


def nearest(text: str, *words: str) -> int:
    """The width of the shortest stretch of `text` holding every word (a large number when it
    lacks one), by brute force: from each occurrence, the nearest following one of each word."""
    places = [[(m.start(), m.end()) for m in re.finditer(re.escape(w), text)] for w in words]
    widths = []
    for start, _ in (place for found in places for place in found):
        ends = [min((e for b, e in found if b >= start), default=None) for found in places]
        if None not in ends:
            widths.append(max(ends) - start)
    return min(widths, default=10**9)


def test_a_post_holding_the_concepts_only_apart_is_a_partial_match(index, docs) -> None:
    # 家教 收费 标准: a discipline notice says 家教 only in 家庭家教家风 and 收费, 标准 paragraphs
    # away; it merely mentions them, so the tutoring office's price post outranks it
    result = index.search(SearchQuery("家教 收费 标准", limit=ALL))
    full = {d.key: d for d in docs}
    scattered = [h for h in result.hits if set(h.matched) == {"家教", "收费", "标准"}]
    assert scattered and not any(h.all_words for h in scattered)
    for hit in scattered:
        assert nearest(full[hit.key].content, "家教", "收费", "标准") > PASSAGE_CHARS
    assert result.all_words == 0 and result.all_words_exact
    assert result.hits[0].account == "北邮家教部" and "家教" in result.hits[0].title
    # watchlists fire on the same definition
    assert index.matching_keys(SearchQuery("家教 收费 标准")) == []
    assert index.matching_keys(SearchQuery("家教 OR 收费 标准"))


def test_the_every_concept_count_is_an_upper_bound_past_the_posts_read(index) -> None:
    every = index.search(SearchQuery("人工智能 申报", limit=ALL))
    assert every.all_words_exact and every.all_words == len(
        index.matching_keys(SearchQuery("人工智能 申报"))
    )
    page = index.search(SearchQuery("人工智能 申报", limit=3))
    # the page read its best posts only: the others are counted at their words, and it says so
    assert not page.all_words_exact and page.all_words >= every.all_words
    assert page.to_json()["all_words_exact"] is False


def test_past_the_posts_read_the_rest_are_taken_at_their_words(index, monkeypatch) -> None:
    from wxintel.search import index as module

    # 安全 is common: titles naming 青年 would stand for it and fill the page by themselves
    monkeypatch.setattr(module, "COMMON_SHARE", 0.0)
    exact = index.search(SearchQuery("安全 青年", limit=ALL))
    assert exact.all_words_exact and 0 < exact.all_words < 10
    monkeypatch.setattr(module, "RESULTS_KEPT", 0)  # searched afresh with fewer posts read
    monkeypatch.setattr(module, "PASSAGE_POSTS", 13)
    page = index.search(SearchQuery("安全 青年", limit=10))
    # fewer than ten posts hold both together, and reading stops at 13: the page is filled
    # with posts taken at their words, flagged so, and the count says it is only a bound
    assert [h.all_words for h in page.hits] == [True] * 10
    assert not page.all_words_exact and page.all_words > exact.all_words


def test_a_long_post_shows_the_passage_where_its_concepts_stand_past_its_start(index, docs) -> None:
    # re-ranking reads a body's first RERANK_SCAN_CHARS; the passage test reads it whole, and
    # the snippet comes from those whole-body matches: a concept first written past the start
    # is marked where the concepts stand together
    from wxintel.search.index import RERANK_SCAN_CHARS

    full = {d.key: d for d in docs}
    late = 0
    for text in ("项目 资金", "产业 政策", "智能 制造"):
        words = text.split()
        for hit in index.search(SearchQuery(text, limit=50)).hits:
            body = full[hit.key].content
            if not hit.all_words or len(body) <= RERANK_SCAN_CHARS or set(hit.matched) - {*words}:
                continue
            past = {w for w in words if body.find(w) > RERANK_SCAN_CHARS and w not in hit.title}
            marked = {hit.snippet[start:end] for start, end in hit.highlights}
            assert past <= marked, (hit.key, past, hit.snippet)
            late += bool(past)
    assert late


def test_an_image_post_titled_with_every_concept_is_not_ranked_down_as_empty(index, docs) -> None:
    # a 一图读懂 post carries the measure as an image: its title is all the text it has, and a
    # title holding every concept says what the post is, however empty its body
    result = index.search(SearchQuery("个体工商户 转企 措施", limit=5))
    stubs = {d.key for d in docs if d.is_stub}
    assert result.hits[0].key in stubs
    assert {"个体工商户", "转企", "措施"} <= set(result.hits[0].matched)


def test_apply_words_shape_the_ranking_instead_of_being_searched(index) -> None:
    result = index.search(SearchQuery("怎么申请高企", limit=20))
    assert result.understood["intents"] == ["apply"]
    assert result.understood["intent_words"] == ["申请"]
    assert result.hits and all(h.matched == ["高企"] for h in result.hits)
    # 高企 is found by its full name (abbreviations.txt)
    assert any("高新技术企业" in h.why.get("高企", []) for h in result.hits)


def test_watchlist_keys_are_every_match_newest_first(index, docs) -> None:
    """matching_keys reads keys and dates from the index's columns: the same matches search
    counts as every-concept ones, newest first."""
    query = "人工智能"
    keys = index.matching_keys(SearchQuery(query))
    result = index.search(SearchQuery(query, limit=10_000))
    assert len(keys) == len(set(keys)) == result.all_words > 50
    assert set(keys) == {h.key for h in result.hits if h.all_words}
    published = {d.key: d.published[:16] for d in docs}
    days = [published[key] for key in keys]
    assert days == sorted(days, reverse=True)


def test_an_alias_inside_a_longer_word_does_not_split_it(index) -> None:
    # 机器人 is a glossary name (robot); 智能机器人 is one word to the segmenter and the index
    assert index.segmenter.words("智能机器人") == ["智能机器人"]
    parsed = index.parser.parse("智能机器人 产业")
    assert [t.text for t in parsed.terms] == ["智能机器人", "产业"]
    # a name typed alone, or spanning words, still reaches its aliases
    (robot,) = index.parser.parse("机器人").terms
    assert ("robot", "=") in robot.aliases
    assert index.parser.parse("industrial robots").terms[0].aliases == (("工业机器人", "="),)


def test_typed_bigrams_favour_posts_writing_a_split_string_whole(index, docs, monkeypatch) -> None:
    import wxintel.search.index as module

    full = {d.id: text_of(d) for d in docs}
    typed = ("产业链供应链", "消费品以旧换新", "企业融资需求")
    assert all(len(index.segmenter.words(q)) > 1 for q in typed)

    def verbatim_in_top() -> int:
        return sum(
            q in full[h.id] for q in typed for h in index.search(SearchQuery(q, limit=10)).hits
        )

    with_bigrams = verbatim_in_top()
    monkeypatch.setattr(module, "RESULTS_KEPT", 0)  # searched afresh without bigrams
    monkeypatch.setattr(module, "BIGRAM_WEIGHT", 0.0)
    assert with_bigrams > verbatim_in_top()


def test_a_partial_match_is_worth_the_rarity_of_what_it_holds(index, monkeypatch) -> None:
    # "industry" appears in the few English posts only; 化妆品 (cosmetics) in Chinese ones. By
    # count of concepts both halves weigh the same and an English fair report comes first;
    # weighed by rarity where each word can occur, the cosmetics posts do. (The two words are
    # kept two concepts: read whole, the phrase is 化妆品产业, one concept; translations.py.)
    monkeypatch.setattr(SearchIndex, "english_compositions", lambda self, words: [])
    result = index.search(SearchQuery("cosmetics industry", limit=3))
    assert result.all_words == 0
    assert all(h.lang == "zh" and "cosmetics" in h.matched for h in result.hits)
    monkeypatch.setattr(
        SearchIndex, "_concept_weights", lambda self, searcher, parsed: [1.0] * len(parsed.clauses)
    )
    assert index.search(SearchQuery("cosmetics industry", limit=1)).hits[0].lang == "en"


def test_remembered_counts_and_spellings_follow_the_index_as_it_grows(docs, tmp_path) -> None:
    # each concept's count weighs partial matches; it is remembered per state of the index,
    # so a search after more posts are committed must weigh them as a fresh index would
    query = SearchQuery("cosmetics industry", limit=20)
    first, rest = docs[: len(docs) // 2], docs[len(docs) // 2 :]
    growing = SearchIndex(tmp_path / "wx.db.search")
    growing.upsert(first)
    growing.commit(1)
    parsed = growing._understand(query).parsed
    searcher = growing._index.searcher()
    growing.forget()
    before = growing._concept_weights(searcher, parsed)
    assert growing._clause_counts._known  # the counts it read are remembered
    assert growing._concept_weights(searcher, parsed) == before
    growing.search(query)
    spellings = growing._vocabulary_counts("化妆")
    growing.upsert(rest)
    growing.commit(2)
    searcher = growing._index.searcher()
    after = growing._concept_weights(searcher, parsed)
    assert after != before
    fresh = SearchIndex(tmp_path / "wx.db.search", texts=growing.texts)  # the bodies it kept
    assert fresh._concept_weights(fresh._index.searcher(), parsed) == after
    assert growing.search(query).to_json() == fresh.search(query).to_json()
    # the archive's spellings beginning with a query word, remembered too, follow it as well
    assert growing._vocabulary_counts("化妆") == fresh._vocabulary_counts("化妆") != spellings
    growing.forget()
    assert not growing._clause_counts._known  # forgotten: the next search counts afresh
    assert growing._concept_weights(searcher, parsed) == after


# multi-concept queries of the real accounts: region words, genre words with aliases, English,
# identifiers, OR, a long question, common and rare words together
TIER_QUERIES = [
    "上海支持化妆品产业的措施有哪些",
    "市经信委 工博会 CIIF奖",
    "智能工厂 名单",
    "中小企业 数字化转型",
    "quality benchmark policy",  # quality benchmark read whole (质量标杆), and policy (政策)
    "人工智能 OR 机器人 企业",
    "沪经信 2025 通知",
    "西青区 招聘",
    "家教 数学",
    "申报 截止时间",
    "绿色低碳 转型 措施",  # 绿色低碳 also held verbatim where the text glues it (低碳转型)
]


def _union_tier(index: SearchIndex, text: str) -> tuple[list, int]:
    """The first tier's hits (score, address) and count, scored by the plain union query."""
    from tantivy import Occur, Query

    query = SearchQuery(text, limit=20)
    understood = index._understand(query)
    parsed, searcher = understood.parsed, index._index.searcher()
    every = index._every_concept(parsed)
    union = Query.boolean_query(
        [
            (Occur.Must, index._ranking(parsed)),
            (Occur.Must, every),
            *index._filters(query, understood),
        ]
    )
    found = searcher.search(union, 100, count=True)
    ranked = index._every_concept_ranked(searcher, parsed, every, index._filters(query, understood))
    assert ranked is not None, text
    fast = searcher.search(ranked, 100, count=True)
    return [found.hits, fast.hits], (found.count, fast.count)


def test_the_first_tier_scores_every_post_as_the_union_query_does(index) -> None:
    # the first tier asks its common parts of its posts one at a time rather than reading
    # them whole: the same posts, the same scores (up to f32 rounding), the same order
    for text in TIER_QUERIES:
        (union, fast), (union_count, fast_count) = _union_tier(index, text)
        assert fast_count == union_count, text
        assert [a for _, a in fast] == [a for _, a in union], text
        for (mine, address), (theirs, _) in zip(fast, union, strict=True):
            assert mine == pytest.approx(theirs, rel=1e-5), (text, address)


def test_a_post_holding_a_chinese_word_holds_it_verbatim(index) -> None:
    # _verbatim_within: where it holds, no post holding the concept as a word lacks it verbatim
    # (the first tier then scores its verbatim strings as a sum); checked on every real post
    from tantivy import Occur, Query

    searcher = index._index.searcher()
    checked = 0
    for text in [*TIER_QUERIES, "家教 数学 辅导", "截止 时间 产业", "市经信委 支持"]:
        parsed = index._understand(SearchQuery(text)).parsed
        for clause in filter(index._verbatim_within, parsed.clauses):
            words = index._clause_query(clause, index._word_query)
            verbatim = index._clause_query(clause, index._substring_query)
            lacking = Query.boolean_query([(Occur.Must, words), (Occur.MustNot, verbatim)])
            assert searcher.search(lacking, 1, count=True).count == 0, clause
            checked += searcher.search(words, 1, count=True).count
    assert checked > 100
    # a name of other letters is stemmed (cosmetics: cosmetic), so a post may hold the word
    # without the string
    cosmetics = index._understand(SearchQuery("化妆品")).parsed.clauses[0]
    assert not index._verbatim_within(cosmetics)


def test_a_genre_word_is_satisfied_by_any_word_of_its_genre(index, docs) -> None:
    # 政策 names the kind of text wanted, not its topic: a post announcing 措施 answers it
    full = {d.id: text_of(d) for d in docs}
    result = index.search(SearchQuery("化妆品 政策", limit=ALL))
    assert result.understood["intents"] == ["measures"]
    complete = result.hits[: result.all_words]
    assert any("政策" not in full[h.id] and "措施" in full[h.id] for h in complete)
    assert all("化妆品" in h.matched for h in complete)


def test_a_registration_answers_how_to_sign_up(index, monkeypatch) -> None:
    from wxintel.search import intent

    def registrations() -> int:
        hits = index.search(SearchQuery("怎么报名 展会", limit=5)).hits
        return sum(h.kind == "registration" for h in hits)

    favoured = registrations()
    monkeypatch.delitem(intent.KIND_WEIGHTS[intent.APPLY], "registration")
    index.forget_results()  # searched afresh with the weights changed
    assert favoured > registrations()


def test_a_qualified_spelling_in_the_archive_satisfies_the_typed_word(index, docs) -> None:
    from wxintel.search.variants import is_qualified

    assert is_qualified("规上企业", "规上工业企业") and is_qualified("中小企业", "中小微企业")
    assert not is_qualified("规上企业", "规上企业服务")  # holds it verbatim: a sub-word
    assert not is_qualified("规上企业", "规模以上企业")  # not the typed word's first two
    # posts where the index reads 规上工业企业 as a word, and which never write 规上企业
    qualified = {
        d.id
        for d in docs
        if "规上企业" not in text_of(d) and "规上工业企业" in index.segmenter.words(text_of(d))
    }
    assert qualified
    result = index.search(SearchQuery("规上企业", limit=ALL))
    assert qualified <= {h.id for h in result.hits[: result.all_words]}
    hit = next(h for h in result.hits if h.id in qualified)
    assert "规上工业企业" in hit.why["规上企业"]


def test_an_intent_phrase_is_one_concept_however_the_segmenter_cuts_it(index, docs) -> None:
    # 支持政策 is split by the segmenter (支持 政策) and 政策 is a glossary name; read whole, it is
    # one genre concept, not a required 支持 plus a 政策
    assert index.segmenter.words("支持政策") == ["支持", "政策"]
    terms = index.parser.parse("小微企业 支持政策").terms
    assert [t.text for t in terms] == ["小微企业", "支持政策"]
    assert ("措施", "~") in terms[1].aliases
    full = {d.id: text_of(d) for d in docs}
    result = index.search(SearchQuery("小微企业 支持政策", limit=ALL))
    complete = result.hits[: result.all_words]
    assert any("支持" not in full[h.id] for h in complete)


def test_a_genre_phrase_typed_across_a_space_is_still_one_concept(index, docs) -> None:
    # a reader types 支持 政策 as often as 支持政策: the spaced form is the same one genre
    # concept, so a measures text that never writes 支持 still holds every concept
    spaced = index.parser.parse("小微企业 支持 政策").terms
    assert [t.text for t in spaced] == ["小微企业", "支持政策"]
    assert ("措施", "~") in spaced[1].aliases
    full = {d.id: text_of(d) for d in docs}
    result = index.search(SearchQuery("小微企业 支持 政策", limit=ALL))
    whole = index.search(SearchQuery("小微企业 支持政策", limit=ALL))
    assert [h.id for h in result.hits] == [h.id for h in whole.hits]
    assert any("支持" not in full[h.id] for h in result.hits[: result.all_words])
    # quoted, the words are searched as the user wrote them, and OR keeps them apart
    assert index.parser.parse('"支持 政策" 小微企业').terms[0].text == "支持 政策"
    assert "支持政策" not in [t.text for t in index.parser.parse("支持 OR 政策").terms]


def test_the_counting_pass_run_aside_gives_the_results_of_one_thread(index, monkeypatch) -> None:
    """The facet pass started beside the ranking (search/aside.py) on a guess of whether the
    facets are approximate, and the approximate one again when the partial tier is searched:
    every result as the search in one thread gives it, the pass of the kind needed started
    before the tiers or beside the partial tier."""
    from wxintel.search import aside
    from wxintel.search import index as module

    kinds: list[bool] = []  # the kinds of the passes started aside, in order
    start = module.Ahead._start

    def started(self, approximate: bool) -> None:
        kinds.append(approximate)
        start(self, approximate)

    monkeypatch.setattr(module, "RESULTS_KEPT", 0)  # each search afresh
    monkeypatch.setattr(module.Ahead, "_start", started)
    taken = twice = 0
    texts = ("企业", "人工智能 申报", "企业 服务 平台", "市经信委 工博会 CIIF奖", "低空经济 无人机")
    for text in texts:
        for exact_limit in (module.FACETS_EXACT_LIMIT, 0):  # exact, then approximate facets
            monkeypatch.setattr(module, "FACETS_EXACT_LIMIT", exact_limit)
            for limit, facets in ((1, True), (ALL, True), (ALL, False)):
                query = SearchQuery(text, limit=limit, facets=facets)
                monkeypatch.setattr(aside, "THREADS", 0)
                alone = index.search(query)
                monkeypatch.setattr(aside, "THREADS", 2)
                kinds.clear()
                shown = index.search(query).to_json()
                assert shown == alone.to_json(), (text, exact_limit, limit, facets)
                if facets:
                    taken += alone.facets_approximate in kinds
                    twice += len(kinds) == 2  # the first guess wrong, the second right
    assert taken == 20 and twice  # the kind needed was started for each search with facets
