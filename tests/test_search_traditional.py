"""A query in traditional characters read as the simplified text the archive writes
(nlp/traditional.py, from CC-CEDICT's word and character pairs), on the real posts of the
seven accounts: 進博會 finds what 进博会 finds, and simplified text is read unchanged."""

from __future__ import annotations

import json
from pathlib import Path

from helpers import at_once, counted_dictionary_opens

from wxintel.ask import ask, read_question
from wxintel.nlp import traditional
from wxintel.nlp.traditional import simplified
from wxintel.search import SearchQuery
from wxintel.store import SQLStore

EVAL = Path(__file__).parent.parent / "eval"


def test_words_are_read_as_cedicts_word_pairs_say_then_characters_alone() -> None:
    assert simplified("進博會") == "进博会"
    assert simplified("智能工廠") == "智能工厂"
    assert simplified("中國國際工業博覽會 2025年") == "中国国际工业博览会 2025年"
    # 乾 is 干 or 乾 by its word: the word decides, and alone it stays as typed
    assert simplified("乾淨") == "干净"
    assert simplified("乾淨 乾杯") == "干净 干杯"
    assert simplified("乾隆") == "乾隆"
    # 乾杯 is written whole in GB2312, the simplified set: alone it is not read (its cost)
    assert simplified("乾杯") == "乾杯"
    assert simplified("乾") == "乾"
    # 後 and 髮 have one simplified form each; 后 and 发 are simplified characters already
    assert simplified("以後") == "以后"
    assert simplified("頭髮 發展") == "头发 发展"
    assert simplified("皇后 发展") == "皇后 发展"
    # CEDICT lists 么 as a traditional form of 幺, but simplified text writes it (什么)
    assert simplified("什么") == "什么"
    # CEDICT's simplified 二𫫇英 has a character no input method types: kept as written
    assert simplified("二噁英") == "二噁英"
    assert simplified("滬經信規〔2025〕1號") == "沪经信规〔2025〕1号"


def test_simplified_text_is_read_unchanged(seven_posts, monkeypatch) -> None:
    """Every title of the seven accounts' posts, every query and question of the eval sets;
    the dictionary's reading too, where GB2312 alone would let them pass unread."""
    titles = [post.title for post in seven_posts]
    assert len(titles) > 1400
    assert [t for t in titles if simplified(t) != t] == []
    asked = []
    for path in EVAL.glob("*.json"):
        labels = json.loads(path.read_text(encoding="utf-8"))
        for item in labels.get("queries", labels.get("questions", [])):
            if isinstance(item, dict):
                asked += [item[k] for k in ("q", "question") if isinstance(item.get(k), str)]
    assert len(asked) > 500
    assert [q for q in asked if simplified(q) != q] == []
    monkeypatch.setattr(traditional, "might_be_traditional", lambda text: True)
    assert [t for t in titles + asked if simplified(t) != t] == []


def test_the_gb2312_characters_the_reading_changes_are_cedicts_own() -> None:
    """READ_IN_GB2312 is what CC-CEDICT reads alone among the characters GB2312 writes."""
    read_alone = traditional.read_forms().characters
    assert len(read_alone) > 3000
    in_gb2312 = set()
    for character in read_alone:
        try:
            character.encode("gb2312")
        except UnicodeEncodeError:
            continue
        in_gb2312.add(character)
    assert in_gb2312 == traditional.READ_IN_GB2312
    assert simplified("以後") == "以后"


def test_a_text_without_chinese_or_with_simplified_does_not_read_the_dictionary() -> None:
    """A one-off search or ask of simplified Chinese pays nothing for the reading."""
    traditional.read_forms.forget()
    for text in ("industrial robots 2025 AI", "进博会 2025年", "沪经信规〔2025〕1号", "乾杯"):
        assert simplified(text) == text
    assert not traditional.read_forms.read
    assert simplified("工廠") == "工厂"
    assert traditional.read_forms.read


def test_queries_arriving_while_the_forms_are_read_wait_for_that_one_read(monkeypatch) -> None:
    """The server's startup read and two first queries at once read the dictionary once."""
    opened = counted_dictionary_opens(monkeypatch)
    traditional.read_forms.forget()
    found: list[str] = []
    at_once(
        traditional.read_forms,
        lambda: found.append(simplified("進博會")),
        lambda: found.append(simplified("進博會")),
    )
    assert len(opened) == 1
    assert found == ["进博会", "进博会"]


def test_a_traditional_query_finds_the_posts_its_simplified_form_finds(seven_index) -> None:
    typed = seven_index.search(SearchQuery("進博會", limit=20))
    plain = seven_index.search(SearchQuery("进博会", limit=20))
    assert plain.total > 0
    assert [(h.account, h.id) for h in typed.hits] == [(h.account, h.id) for h in plain.hits]
    assert typed.total == plain.total
    assert typed.understood["simplified"] == "进博会"
    assert plain.understood["simplified"] is None


def test_a_word_of_the_query_in_traditional_characters_is_searched_too(seven_index, post) -> None:
    """智能工廠 matched 智能 only: now every post holding every word holds 工厂."""
    found = seven_index.search(SearchQuery("智能工廠", limit=10))
    assert found.all_words > 0
    for hit in found.hits[: found.all_words]:
        article = post(hit.account, hit.id)
        assert "工厂" in article.title + article.content


def test_a_name_a_simplified_post_writes_in_traditional_characters_is_found_as_typed(
    seven_index,
) -> None:
    """The seed writes 翁啟文 as the person writes it: the query as typed is an alternative."""
    found = seven_index.search(SearchQuery("翁啟文"))
    assert found.understood["simplified"] == "翁启文"
    assert [(h.account, h.id) for h in found.hits[:1]] == [("上海经信委", "2650689828_1")]


def test_a_question_in_traditional_characters_is_read_and_answered_as_simplified(
    store: SQLStore,
) -> None:
    typed = read_question("上海工業遺產申報的政策咨詢電話是多少")
    plain = read_question("上海工业遗产申报的政策咨询电话是多少")
    assert (typed.type, typed.topic) == (plain.type, plain.topic)
    assert typed.said == "上海工業遺產申報的政策咨詢電話是多少"  # repeated as typed
    answered = ask(store, "上海工業遺產申報的政策咨詢電話是多少")
    assert answered.answer == ask(store, "上海工业遗产申报的政策咨询电话是多少").answer
    assert answered.answer == "23119358"


def test_a_character_cedict_reads_in_an_older_form_is_read_in_the_standard_one(
    seven_index, post
) -> None:
    """CEDICT reads 諮 as 谘, which the 2013 standard merged into 咨: the posts write 咨询
    (data/standard_simplified.txt). 諮詢 finds what 咨询 finds; CEDICT's form and the typed
    one are searched too, for the posts that keep them (钜惠 of 鉅惠)."""
    assert simplified("諮詢電話") == "咨询电话" and simplified("綵排 下襬") == "彩排 下摆"
    typed = seven_index.search(SearchQuery("諮詢", limit=20))
    plain = seven_index.search(SearchQuery("咨询", limit=20))
    assert plain.total > 0 and typed.total == plain.total
    assert [(h.account, h.id) for h in typed.hits] == [(h.account, h.id) for h in plain.hits]
    assert typed.understood["simplified"] == "咨询"
    kept = seven_index.search(SearchQuery("鉅惠", limit=5))
    assert kept.understood["simplified"] == "巨惠" and kept.all_words > 0
    for hit in kept.hits[: kept.all_words]:
        assert "钜惠" in post(hit.account, hit.id).content + post(hit.account, hit.id).title


def test_each_standard_form_of_the_data_file_replaces_a_form_cedict_gives() -> None:
    """A line is kept only while CEDICT reads its character alone in another form, and the
    standard form is a GB2312 character (bench/standard_forms.py, the file's generator)."""
    lines = traditional._standard_forms()
    cedict_reads = traditional.cedict_characters()
    assert ("諮", "咨") in lines
    for character, standard in lines:
        assert cedict_reads[character] not in (standard, character)
        assert traditional.in_gb2312(standard) and simplified(character) == standard
    assert simplified("週末 佈置") == "周末 布置"  # CEDICT's form is already the standard one
