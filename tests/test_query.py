"""Query parsing: words, phrases, exclusions, OR, identifiers, questions; never raises."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from wxintel.nlp.lexicon import default_lexicon
from wxintel.nlp.segment import Segmenter, normalize
from wxintel.search.query import IDENT, PHRASE, WORD, QueryParser, _alias_parts

PARSER = QueryParser(Segmenter(default_lexicon()))


def shape(text: str) -> list[list[list[str]]]:
    return [[[t.text for t in alt] for alt in c.alternatives] for c in PARSER.parse(text).clauses]


def test_question_words_and_particles_are_dropped() -> None:
    parsed = PARSER.parse("上海支持化妆品产业的措施有哪些")
    assert [t.text for t in parsed.terms] == ["上海", "支持", "化妆品", "产业", "措施"]
    assert {"的", "有", "哪些"} <= set(parsed.dropped)
    # 怎么办 asks how, as 怎么 does: the guide is found by its topic, not by the words 怎么办
    guide = PARSER.parse("企业信息变更 怎么办")
    assert "怎么办" in guide.dropped and "怎么办" not in [t.text for t in guide.terms]


def test_phrase_exclusion_and_or() -> None:
    parsed = PARSER.parse('"智能制造" -美妆 人工智能 OR 机器人')
    assert (parsed.terms[0].text, parsed.terms[0].kind) == ("智能制造", PHRASE)
    assert [t.text for t in parsed.excluded] == ["美妆"]
    assert shape('"智能制造" -美妆 人工智能 OR 机器人')[1] == [["人工智能"], ["机器人"]]


def test_words_of_one_unit_stay_together_inside_or() -> None:
    assert shape("人工智能产业 OR 机器人") == [[["人工智能", "产业"], ["机器人"]]]


def test_aliases_are_attached_and_multiword_aliases_stay_whole() -> None:
    (term,) = PARSER.parse("CIIF").terms
    assert ("中国国际工业博览会", "=") in term.aliases
    # the English glossary: a multi-word term stays whole, in any case, singular or plural
    (english,) = PARSER.parse("Industrial  ROBOTS").terms
    assert english.kind == WORD and ("工业机器人", "=") in english.aliases


def test_identifier_in_any_spelling_is_one_term() -> None:
    tokens = {
        PARSER.parse(q).terms[0].token
        for q in (
            "沪经信制[2023]62号",
            "沪经信制（2023）62号",
            "沪经信制〔2023〕62号",
            "沪经信制 2023 62号",
        )
    }
    assert tokens == {"沪经信制〔2023〕62号"}
    assert PARSER.parse("021-2311 1234").terms[0].kind == IDENT


def test_empty_and_stopword_queries_explain_themselves() -> None:
    assert PARSER.parse("").message()
    assert "哪些" in PARSER.parse("的 哪些 是什么").message()
    assert "排除" in PARSER.parse("-美妆").message()
    assert PARSER.parse("美妆").message() is None


def test_unbalanced_syntax_falls_back_to_plain_terms() -> None:
    assert shape('"工博会 OR') == [[["工博会"]]]
    assert shape("OR 工博会 OR") == [[["工博会"]]]


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet='工博会市经信委 "-OR|〔〕[]（）2023号abc的哪些', max_size=40))
def test_parsing_never_raises(text: str) -> None:
    parsed = PARSER.parse(text)
    assert parsed.clauses or parsed.message()


def test_alias_names_are_found_where_one_alternation_of_them_all_finds_them(
    seven_posts,
) -> None:
    """The parser looks up alias names by their first character (query.AliasNames): on the
    seven accounts' titles and body openings, normalised as a query is, in both cases, and on
    English names with plurals, it finds the very matches of the one alternation of every name
    (longest first) it replaced."""
    one = re.compile("|".join(pattern for _, pattern in _alias_parts(default_lexicon())))
    texts = [normalize(t) for p in seven_posts for t in (p.title, p.content[:300])]
    texts += [t.lower() for t in texts] + ["smes and industrial robots, ai", "ciif奖 ciifs"]
    found = 0
    for text in texts:
        expected = [(m.start(), m.end(), m.group()) for m in one.finditer(text)]
        assert [(m.start(), m.end(), m.group()) for m in PARSER._aliases.finditer(text)] == expected
        found += len(expected)
    assert found > 1000  # the texts do name aliases: the comparison is not of empty lists
