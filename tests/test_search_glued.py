"""A query word the dictionary does not know, found inside the archive tokens the segmenter
glued it into (search/variants.py, glued_spellings), on the real posts of the seven accounts."""

from __future__ import annotations

from wxintel.search import SearchQuery
from wxintel.search.variants import glued_spellings


def test_a_word_the_segmenter_glued_to_its_neighbour_is_found_inside_the_token(
    seven_index,
) -> None:
    """未央工信's call writes 企业上云用数项目; neither 上云 nor 上云用 is a dictionary word, and
    the segmenter's guess cuts 上云用 · 数, so 上云 is in the post but no token of it. A typed
    word the dictionary does not know is also searched as the archive's unknown tokens beginning
    with it (one or two characters longer); a dictionary word (补贴) is left as typed."""
    known = seven_index.segmenter.is_known
    assert not known("上云") and not known("上云用")
    assert glued_spellings("上云", seven_index._vocabulary, known) == ["上云用"]
    assert glued_spellings("补贴", seven_index._vocabulary, known) == []
    result = seven_index.search(SearchQuery("上云 补贴 怎么申请", limit=5))
    assert result.hits[0].id == "2247495155_1"
    assert result.hits[0].title.count("上云") == 1
    parsed = seven_index._understand(SearchQuery("上云")).parsed
    term = next(t for t in parsed.terms if t.text == "上云")
    assert ("上云用", "~") in term.aliases
