"""Segmentation keeps domain terms whole, exposes sub-words and bigrams, learns corpus terms."""

from __future__ import annotations

import re
import sys
from collections import Counter

from wxintel.nlp.lexicon import default_lexicon, parse_aliases
from wxintel.nlp.segment import (
    CJK,
    Segmenter,
    _is_token,
    bigrams,
    falls_apart,
    learn_terms,
    may_fold_to_cjk,
    normal_bigrams,
    normalize,
    stem,
)


def test_domain_terms_stay_whole() -> None:
    seg = Segmenter(default_lexicon())
    text = "推进工业软件、算力券、具身智能、低空经济和揭榜挂帅，建设智能工厂"
    words = seg.words(text)
    for term in ("工业软件", "算力券", "具身智能", "低空经济", "揭榜挂帅", "智能工厂"):
        assert term in words


def test_alias_names_stay_whole_and_latin_words_are_not_cut() -> None:
    seg = Segmenter(default_lexicon())
    assert "上海市经济和信息化委员会" in seg.words("上海市经济和信息化委员会发布通知")
    # "AI" is an alias name; adding it to the dictionary must not cut "fair" into f/ai/r.
    assert seg.words("China International Industry Fair") == [
        "china",
        "international",
        "industry",
        "fair",
    ]


def test_subwords_hold_the_parts_of_long_words_only() -> None:
    seg = Segmenter(default_lexicon())
    assert seg.words("人工智能") == ["人工智能"]
    assert set(seg.subwords("人工智能")) >= {"人工", "智能"}
    assert "人工智能" not in seg.subwords("人工智能")


def test_normalise_and_stem_english() -> None:
    assert normalize("ＡＩ Robots") == "ai robots"
    assert [stem(w) for w in ("robots", "industries", "class", "ai")] == [
        "robot",
        "industry",
        "class",
        "ai",
    ]


def test_bigrams_cover_every_substring_but_never_span_punctuation() -> None:
    grams = bigrams("工业软件，AI产业")
    assert grams == ["工业", "业软", "软件", "ai", "产业"]
    assert "件a" not in grams and "件，" not in grams


def test_learned_terms_are_real_gaps_in_the_dictionary(seed_clean) -> None:
    seg = Segmenter(default_lexicon())
    learned = learn_terms((f"{a.title}\n{a.content}" for a in seed_clean), seg)
    assert len(learned) >= 10
    corpus = "\n".join(a.content for a in seed_clean)
    for term in learned:
        assert not seg.is_known(term)
        assert falls_apart(seg.split_without_hmm(term))
        assert corpus.count(term) >= 4
    # Once learned, a term stays whole when segmenting.
    with_learned = Segmenter(default_lexicon(), learned)
    assert all(with_learned.words(term) == [normalize(term)] for term in learned)


def test_alias_lines_parse_into_groups() -> None:
    groups = parse_aliases("# c\n甲 = 乙 = 丙\n丁 ~ 戊\n\n")
    assert [g.names for g in groups] == [("甲", "乙", "丙"), ("丁", "戊")]
    assert [g.relation for g in groups] == ["=", "~"]
    lexicon = default_lexicon()
    assert ("上海市经济和信息化委员会", "=") in lexicon.aliases_of("市经信委")
    assert ("高新技术企业", "=") in lexicon.aliases_of("高企")  # abbreviations.txt
    assert ("工业机器人", "=") in lexicon.aliases_of("industrial robot")  # glossary_en.txt


def test_translations_bridge_languages_without_changing_chinese_segmentation() -> None:
    lexicon = default_lexicon()
    # glossary_en.txt: an English term reaches every Chinese name of its line
    venture = dict(lexicon.aliases_of("venture capital"))
    assert {"创业投资", "创投", "风险投资"} <= set(venture)
    # a Chinese name gets its English names from a translation, never Chinese synonyms
    chinese = dict(lexicon.aliases_of("创业投资"))
    assert "venture capital" in chinese and "风险投资" not in chinese
    # a translation's Chinese name is no dictionary word: 购车补贴 is cut as before
    seg = Segmenter(lexicon)
    assert not seg.is_known("购车补贴") and seg.words("购车补贴") == ["购车", "补贴"]
    names = lexicon.alias_names()
    assert "购车补贴" not in names and "car purchase subsidy" in names


def test_every_english_name_of_the_glossary_names_one_thing() -> None:
    """An English name on two lines would give a query two unrelated translations."""
    owners: dict[str, set[str]] = {}
    for group in default_lexicon().groups:
        if group.bridge:
            for name in group.names:
                if name.isascii():
                    owners.setdefault(name.casefold(), set()).add(group.canonical)
    assert {name: lines for name, lines in owners.items() if len(lines) > 1} == {}
    assert len(owners) > 600


def test_subwords_are_what_the_search_mode_adds_on_every_real_post(seed_clean, more_clean) -> None:
    """Subwords are read off one cut (`normal_words_and_subwords`), not a second cut in jieba's
    search mode: on every title and body of the seven accounts, with the terms they teach,
    they are the search mode's pieces less the whole words, in the order it gives."""
    posts = [*seed_clean, *(a for articles in more_clean.values() for a in articles)]
    texts = [t for a in posts for t in (a.title, a.content)]
    learned = learn_terms(texts, Segmenter(default_lexicon()))
    seg = Segmenter(default_lexicon(), learned)
    assert learned and any(len(w) > 3 for w in learned)
    for text in texts:
        normal = normalize(text)
        whole = [p for p in seg.pieces(text) if _is_token(p)]
        search = [p for p in seg._jieba.cut_for_search(normal) if _is_token(p)]
        added = Counter(search) - Counter(whole)
        expected = ([stem(w) for w in whole], [stem(p) for p in added.elements()])
        assert seg.normal_words_and_subwords(normal) == expected, text[:40]
        assert seg.words_and_subwords(text) == expected
        assert normal_bigrams(normal) == bigrams(text)


def test_every_character_folding_into_chinese_is_one_normalizing_is_not_skipped_for() -> None:
    """`may_fold_to_cjk` lets the search test a normalized Chinese word against raw text: every
    code point whose normalized form holds a CJK ideograph it is not itself is flagged."""
    ideograph = re.compile(f"[{CJK}]")
    missed = [
        hex(point)
        for point in range(sys.maxunicode + 1)
        if not 0xD800 <= point < 0xE000
        and not ideograph.match(chr(point))
        and ideograph.search(normalize(chr(point)))
        and not may_fold_to_cjk(chr(point))
    ]
    assert missed == []
    assert not may_fold_to_cjk("关于征集2025年服务贸易（ＡＩ）案例的通知：")
