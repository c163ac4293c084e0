"""English query words no glossary entry names, read through CC-CEDICT backwards
(search/translations.py), on the real posts of the seven accounts: the archive's own most
frequent Chinese words for each are searched too, and `understood` says which."""

from __future__ import annotations

import time
from pathlib import Path

from fastapi.testclient import TestClient
from helpers import at_once, copy_seed_db, counted_dictionary_opens

from wxintel.nlp.traditional import read_forms
from wxintel.search import SearchQuery
from wxintel.search.translations import (
    KEPT,
    archive_names,
    chinese_words,
    compositions,
    glosses,
    part_characters,
    part_words,
    same_meaning,
    with_translations,
)
from wxintel.web import create_app


def test_the_dictionary_gives_the_chinese_words_glossed_by_exactly_the_english_word() -> None:
    assert {"质量", "品质"} <= set(chinese_words("quality"))
    assert {"基准", "标杆"} <= set(chinese_words("benchmark"))
    assert {"书籍", "图书"} <= set(chinese_words("books"))  # the plural as typed
    assert "推荐" in chinese_words("recommendations")  # and its singular
    # one rule alone and inside a phrase: every form (services as typed, and as service)
    assert {"劳务", "服务"} <= set(chinese_words("services"))
    assert part_words("services") == chinese_words("services")
    assert "推荐" in chinese_words("recommend")  # "to recommend"
    assert chinese_words("zzyzx") == ()
    assert all(len(word) >= 2 for word in chinese_words("book"))  # no single characters (书)


def test_the_dictionary_gives_the_chinese_words_of_one_meaning() -> None:
    """Entries sharing a gloss word for word are one meaning (驾照, 驾驶执照, 驾驶证: driver's
    license); an entry "abbr. for" a name gives that name (社保 → 社会保险, 央企 → 中央企业); a
    gloss many entries share is a general sense and gives none (to handle: 办理)."""
    assert {"驾驶执照", "驾驶证"} <= set(same_meaning("驾照"))
    assert "驾照" in same_meaning("驾驶证")
    assert same_meaning("社保")[0] == "社会保险"
    assert "中央企业" in same_meaning("央企")
    assert same_meaning("办理") == ()
    assert same_meaning("zzyzx") == ()


def test_only_words_the_archive_holds_are_kept_the_most_frequent_first(seven_index) -> None:
    def posts_with(word: str) -> int:
        return seven_index._posts_with((word,))

    names = archive_names("quality", posts_with)
    assert 1 <= len(names) <= KEPT and names[0] == "质量"
    assert all(posts_with(name) for name in names)
    counts = [posts_with(name) for name in names]
    assert counts == sorted(counts, reverse=True)
    assert archive_names("ai", posts_with) == []  # initials, not an English word


def test_an_english_query_the_glossary_lacks_finds_the_chinese_posts(seven_index) -> None:
    """未央工信's 质量标杆 calls and award news, and 北邮家教部's 书籍推荐 posts, are written in
    Chinese only: no glossary line names quality benchmark or book recommendations."""
    result = seven_index.search(SearchQuery("quality benchmark", limit=10))
    assert result.understood["translations"] == {"quality benchmark": ["质量标杆"]}  # composed
    assert {h.id for h in result.hits[:3]} == {"2247495051_1", "2247495246_1", "2247494628_1"}
    books = seven_index.search(SearchQuery("book recommendations", limit=10))
    assert {h.id for h in books.hits[:3]} == {"2652706811_1", "2652706818_1", "2652706855_3"}


def test_a_phrase_is_translated_by_the_parts_the_dictionary_names_joined_in_order() -> None:
    """A gloss of two words names a part whole (high quality → 高质量); a noun the dictionary
    glosses only as its verb is read by its stem (renewal → renew → 更新); a joining is kept while
    the archive holds it, the most held first."""
    assert "高质量" in part_words("high quality")
    assert "更新" in part_words("renewal")
    held = {"高质量": 5, "高质量发展": 4, "质量": 9, "质量发展": 1, "发展": 9, "高": 0}.get

    def names(part: str) -> list[str]:
        return {"high quality": ["高质量"], "quality": ["质量"], "development": ["发展"]}.get(
            part, []
        )

    found = compositions(("high", "quality", "development"), names, lambda c: held(c, 0))
    assert found == [("高质量发展", 4)]
    assert compositions(("quality", "development"), names, lambda c: held(c, 0)) == []


def test_an_inflected_or_british_word_is_read_by_the_form_the_dictionary_glosses() -> None:
    """-ing and -ed words are read by their base (tutoring → tutor → 辅导) only when no other
    form is glossed (training is 培训, never the 火车 of train); British spellings by the
    American ones CC-CEDICT writes (stabilisation → stabilize → 稳定, centre → center)."""
    assert chinese_words("tutor") and set(chinese_words("tutor")) <= set(chinese_words("tutoring"))
    assert "培训" in chinese_words("training") and "火车" not in chinese_words("training")
    assert "火车" in chinese_words("train")
    assert "稳定" in chinese_words("stabilisation")
    assert set(chinese_words("center")) <= set(chinese_words("centre"))
    assert chinese_words("zzyzxing") == ()


def test_a_verb_noun_phrase_joins_the_other_way_round_only_when_english_order_is_not_held() -> None:
    """English writes a verb's noun after its object, Chinese the verb first (employment
    stabilization → 稳定就业); the other order is tried only when no joining in English order
    is held, and only for a last word that is a verb's noun: industrial software is never
    软件产业, however often the archive writes that."""
    held = {"就业": 9, "价格": 9, "产业": 9, "稳定": 9, "软件": 9, "稳定就业": 3, "就业稳定": 1}
    held = {**held, "软件产业": 5, "价格稳定": 4, "稳定价格": 6}.get

    def names(part: str) -> list[str]:
        return {
            "employment": ["就业"],
            "stabilization": ["稳定"],
            "price": ["价格"],
            "industrial": ["产业"],
            "software": ["软件"],
        }.get(part, [])

    def composed(*words: str) -> list[tuple[str, int]]:
        return compositions(words, names, lambda c: held(c, 0))

    assert composed("employment", "stabilization") == [("稳定就业", 3)]
    assert composed("price", "stabilization") == [("价格稳定", 4)]  # English order is held
    assert composed("industrial", "software") == []


def test_single_characters_are_joined_only_when_no_joining_of_words_is_held(seven_index) -> None:
    """A Chinese name joins characters as often as words (开源: open + source); they are
    joined, in English order, only when no joining of words is held: machine tool stays 机床
    (machine → 机器 …, tool → 工具 … joined as words), never the 机器 of 机 + 器."""
    assert "价" in part_characters("price") and "源" in part_characters("source")
    assert part_characters("high quality") == ()  # a gloss of two words has no character
    assert seven_index.english_compositions(("open", "source")) == ["开源"]
    assert seven_index.english_compositions(("machine", "tool"))[0] == "机床"
    held = {"开": 50, "源": 9, "开源": 6, "来源": 30, "开放": 40, "开放来源": 0, "公开": 9}.get

    def names(part: str) -> list[str]:
        return {"open": ["开放", "公开", "开"], "source": ["来源", "源"]}.get(part, [])

    assert compositions(("open", "source"), names, lambda c: held(c, 0)) == [("开源", 6)]


def test_a_hyphenated_word_is_read_whole_first_then_as_its_words(seven_index) -> None:
    """brain-computer interface is a gloss as typed (脑机接口); high-quality, which no entry
    names, is read as high quality; a hyphenated word alone is a phrase of its own (new-energy:
    新能源), read on the seven accounts' archive."""
    assert seven_index.english_compositions(("brain-computer", "interface")) == ["脑机接口"]
    assert seven_index.english_compositions(("high-quality", "development")) == ["高质量发展"]
    result = seven_index.search(SearchQuery("new-energy", limit=10))
    assert result.understood["translations"] == {"new-energy": ["新能源"]}
    top = result.hits[:5]
    bodies = seven_index.texts([h.key for h in top])
    assert len(bodies) == 5 and all("新能源" in f"{h.title}{bodies[h.key]}" for h in top)
    employment = seven_index.search(SearchQuery("employment stabilization", limit=10))
    assert employment.understood["translations"] == {"employment stabilization": ["稳定就业"]}


def test_an_english_phrase_finds_the_posts_writing_its_chinese_name(seven_index) -> None:
    """No glossary line names high quality development or market supervision; the archive
    writes 高质量发展 and 市场监管, which the parts' dictionary words join into. The phrase is one
    concept: the posts writing the Chinese name come first, not posts holding 质量 and 发展
    apart."""
    result = seven_index.search(SearchQuery("high quality development", limit=10))
    assert result.understood["translations"] == {"high quality development": ["高质量发展"]}
    assert result.hits and all("高质量发展" in h.title for h in result.hits[:5])
    market = seven_index.search(SearchQuery("market supervision", limit=10))
    assert market.understood["translations"] == {"market supervision": ["市场监管"]}
    assert market.hits and "市场监管" in market.hits[0].title


def test_a_phrase_holding_a_word_the_glossary_translates_keeps_the_words_too(seven_index) -> None:
    """policy is 政策 in the glossary; talent policy is also read whole as 人才政策, which some
    posts write, while the posts writing 人才 and 政策 apart still hold every concept."""
    result = seven_index.search(SearchQuery("talent policy", limit=10))
    assert result.understood["translations"] == {"talent policy": ["人才政策"]}
    phrase = seven_index._posts_with(("人才", "政策"))
    assert 2 <= phrase < result.all_words


def test_a_query_the_glossary_or_chinese_bridges_is_read_as_before(seven_index) -> None:
    """The dictionary is the bridge of last resort: a glossary phrase (credit repair), a query
    the glossary bridges in part (service and provider stay as typed beside 数字化转型) and a
    query with Chinese words take no dictionary words."""
    result = seven_index.search(SearchQuery("credit repair", limit=10))
    assert result.understood["translations"] == {}
    assert result.hits and all("信用" in h.title for h in result.hits[:5])
    for query in ("digital transformation service provider", "quality 标杆", "质量标杆"):
        assert seven_index.search(SearchQuery(query, limit=5)).understood["translations"] == {}
    partial = seven_index.parser.parse("digital transformation service provider")
    before = [t.aliases for t in partial.terms]
    assert with_translations(partial, lambda word: ["服务"]) == {}
    assert [t.aliases for t in partial.terms] == before


def test_the_server_reads_the_dictionary_at_startup_off_the_request_path(
    seed_db: Path, tmp_path: Path, monkeypatch
) -> None:
    """No request of a server waits ~1 s for the dictionary: its startup reads it on a thread
    of its own, before any query needs it, and its traditional forms in the same pass (the
    file opened once per process, not once a reading)."""
    opened = counted_dictionary_opens(monkeypatch)
    glosses.forget()
    read_forms.forget()
    with TestClient(create_app(copy_seed_db(seed_db, tmp_path))) as client:
        deadline = time.monotonic() + 60
        while not (glosses.read and read_forms.read) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert glosses.read and read_forms.read
        for query in ("quality", "進博會"):
            assert client.get("/api/search", params={"q": query}).status_code == 200
    assert len(opened) == 1


def test_queries_arriving_while_the_dictionary_is_read_wait_for_that_one_read(
    monkeypatch,
) -> None:
    """The server's startup read and a first all-English query at once read the file once
    (each read is 0.56 CPU-s and ~15 MB at its peak)."""
    opened = counted_dictionary_opens(monkeypatch)
    glosses.forget()
    found: list[tuple[str, ...]] = []
    at_once(
        glosses,
        lambda: found.append(chinese_words("quality")),
        lambda: found.append(chinese_words("quality")),
    )
    assert len(opened) == 1
    assert len(found) == 2 and found[0] == found[1] and "质量" in found[0]
