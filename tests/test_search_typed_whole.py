"""A name typed whole that the segmenter cuts into words, one of them common, on the real posts
of the seven accounts (SearchIndex._typed_whole): the posts writing the name whole rank above
those holding its words apart; two rare words are left to the proximity bonus."""

from __future__ import annotations

import pytest
from helpers import post_text, posting_share

from wxintel.model import Article
from wxintel.nlp.segment import normalize
from wxintel.search import SearchIndex, SearchQuery
from wxintel.search import index as search_index
from wxintel.search.index import COMMON_SHARE

# 津北商务: 关于邀请参加2025年中国国际服务贸易交易会的通知 (writes 服务贸易)
WRITES_IT = "津北商务/2247516305_1"
# 上海经信委: 一图读懂：关于进一步促进化妆品产业高质量发展的若干措施 (服务 and 贸易 apart)
APART = "上海经信委/2650689152_1"


def typed_whole(index: SearchIndex, text: str) -> list[str]:
    return index.search(SearchQuery(text, limit=1)).understood["typed_whole"]


def test_a_name_with_a_common_word_is_typed_whole_and_two_rare_words_are_not(
    seven_index: SearchIndex,
) -> None:
    """服务贸易 is cut 服务 · 贸易 and 服务 is in a fifth of the posts or more; 杨柳青灯展 is cut
    杨柳青 · 灯展, both rare: 天津西青's 来杨柳青逛灯展 is about it without writing it whole."""
    assert seven_index.segmenter.words("服务贸易") == ["服务", "贸易"]
    assert posting_share(seven_index, "服务") >= COMMON_SHARE
    assert typed_whole(seven_index, "服务贸易 支持政策") == ["服务贸易"]
    assert seven_index.segmenter.words("杨柳青灯展") == ["杨柳青", "灯展"]
    assert (
        max(posting_share(seven_index, "杨柳青"), posting_share(seven_index, "灯展")) < COMMON_SHARE
    )
    assert typed_whole(seven_index, "杨柳青灯展 停车") == []
    # typed with a space, the user gave two words: nothing is typed whole
    assert typed_whole(seven_index, "服务 贸易 支持政策") == []


def test_the_post_writing_the_name_whole_outranks_the_one_holding_its_words_apart(
    seven_index: SearchIndex, seven_posts: list[Article], monkeypatch: pytest.MonkeyPatch
) -> None:
    """服务贸易 支持政策: the 化妆品 measures' one-pager holds 服务, 贸易 and 措施, never 服务贸易;
    the invitation to the 服务贸易交易会 writes the name. Without the bonus the one-pager ranks
    above it."""
    assert "服务贸易" in post_text(seven_posts, WRITES_IT)
    apart = post_text(seven_posts, APART)
    assert "服务贸易" not in apart and "服务" in apart and "贸易" in apart
    query = SearchQuery("服务贸易 支持政策", limit=10)
    keys = [hit.key for hit in seven_index.search(query).hits]
    assert keys.index(WRITES_IT) < keys.index(APART)
    monkeypatch.setattr(search_index, "TYPED_WHOLE_BONUS", 0.0)
    seven_index.forget_results()
    try:
        plain = [hit.key for hit in seven_index.search(query).hits]
    finally:
        seven_index.forget_results()
    assert plain.index(APART) < plain.index(WRITES_IT)


def test_the_raw_text_answers_as_its_normalized_form(seven_posts: list[Article]) -> None:
    """`_written_whole` tests the raw title and body (normalizing every re-ranked post cost ~1.8
    ms each): on every real post of the seven accounts it answers as the normalized text does,
    and a post writing a character that folds into Chinese (the Kangxi radical ⼯ for 工) is
    still read normalized."""
    units = ["服务贸易", "智能终端", "工业互联网", "消费新场景"]
    for post in seven_posts:
        body = post.content[: search_index.RERANK_SCAN_CHARS]
        normal = f"{normalize(post.title)}\n{normalize(body)}"
        expected = sum(unit in normal for unit in units) / len(units)
        assert search_index._written_whole(units, post.title, body) == expected
    writes = next(p for p in seven_posts if "工业互联网" in p.title)
    radical = writes.title.replace("工业互联网", "\u2f2f业互联网")
    assert "工业互联网" not in radical
    assert search_index._written_whole(["工业互联网"], radical, "") == 1.0
