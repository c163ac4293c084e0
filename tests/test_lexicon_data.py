"""The vocabulary files that segmentation, query understanding and the gazetteers read: each
loads, says where its words come from, keeps its alias groups well formed, and the standard
short forms and English terms they hold find real posts of the seven accounts that write the
thing under another name."""

from __future__ import annotations

import itertools
import re
from collections import Counter

import pytest
from helpers import search_doc

from wxintel.model import Article
from wxintel.nlp.lexicon import (
    ALIAS_FILES,
    SAME,
    data_text,
    default_lexicon,
    parse_aliases,
    read_lines,
)
from wxintel.search import SearchIndex, SearchQuery

# Every data file read by nlp/ (lexicon, gazetteers, regions, dates) and by search/ (intents)
VOCABULARY_FILES = (
    *ALIAS_FILES,
    "terms.txt",
    "stopwords.txt",
    "query_intents.txt",
    "industries.txt",
    "places.txt",
    "counties.txt",
    "org_suffixes.txt",
    "org_names.txt",
    "events.txt",
    "event_suffixes.txt",
    "holidays.txt",
    "workdays.txt",
)


@pytest.mark.parametrize("name", VOCABULARY_FILES)
def test_every_vocabulary_file_opens_with_a_line_naming_its_source(name: str) -> None:
    text = data_text(name)
    header = list(itertools.takewhile(lambda line: line.startswith("#"), text.splitlines()))
    assert any("Source" in line for line in header), f"{name}: no source line in its header"
    assert read_lines(text), f"{name}: no entries"


@pytest.mark.parametrize("name", ALIAS_FILES)
def test_alias_groups_are_well_formed(name: str) -> None:
    """Every line is a group of two or more distinct names; a name is never written twice in
    one file's "=" groups with two different canonical names (that would say one short form
    means two things), and no group is written twice."""
    lines = [line for line in read_lines(data_text(name)) if " = " in line or " ~ " in line]
    groups = parse_aliases(data_text(name))
    assert len(groups) == len(lines) > 20
    canonical: dict[str, str] = {}
    for group in groups:
        assert len(set(group.names)) == len(group.names), group.names
        assert all(n == n.strip() and n for n in group.names), group.names
        if group.relation != SAME:
            continue
        for n in group.names[1:]:
            assert canonical.setdefault(n, group.canonical) == group.canonical, (name, n)
    repeated = Counter(g.names for g in groups)
    assert max(repeated.values()) == 1, repeated.most_common(1)


def test_no_alias_is_a_stop_word() -> None:
    """A stop word is dropped from a query before aliases are read, and queries are case-folded:
    an acronym that is also an everyday English word (MOST, IT) would turn "the most" into a
    ministry. The lexicon keeps the two apart."""
    lexicon = default_lexicon()
    names = {n.casefold() for group in lexicon.groups for n in group.names}
    assert not names & lexicon.stopwords, sorted(names & lexicon.stopwords)
    assert not {"most", "it", "safe", "park"} & names


def writing_only(posts: list[Article], names: tuple[str, ...], other: str) -> set[str]:
    """Keys of posts whose text holds one of `names` but never `other`."""
    return {
        search_doc(a).key
        for a in posts
        if any(n in a.title + a.content for n in names) and other not in a.title + a.content
    }


@pytest.mark.parametrize(
    ("query", "names", "accounts"),
    [
        # a district's 人社局 finds 河西政务服务's and 闵行's posts naming the bureau in full
        ("人社局", ("人力资源和社会保障局", "人力资源社会保障局"), 2),
        # 未央工信 writes 陕西省工业和信息化厅 in full; 工信厅 is what its readers say
        ("工信厅", ("工业和信息化厅",), 1),
        # 非遗 is the everyday name; 天津西青, 河西 and 津北 write 非物质文化遗产
        ("非遗", ("非物质文化遗产",), 3),
        # an English query reaches the ministry's Chinese name (glossary_en.txt)
        ("MIIT", ("工业和信息化部",), 3),
        ("industry and information technology bureau", ("工业和信息化局", "工信局"), 3),
    ],
)
def test_a_standard_name_finds_the_posts_that_write_its_other_name(
    seven_index: SearchIndex,
    seven_posts: list[Article],
    query: str,
    names: tuple[str, ...],
    accounts: int,
) -> None:
    others = writing_only(seven_posts, names, query)
    assert len({key.split("/")[0] for key in others}) >= accounts
    result = seven_index.search(SearchQuery(query, limit=200))
    found = {h.key for h in result.hits[: result.all_words]}
    assert others <= found, sorted(others - found)[:3]


def test_an_acronym_that_is_an_english_word_is_read_as_the_word(seven_index: SearchIndex) -> None:
    """ "the most important measures": MOST is not the Ministry of Science and Technology."""
    parsed = seven_index.parser.parse("the most important measures")
    aliases = {alias for term in parsed.terms for alias, _ in term.aliases}
    assert "科学技术部" not in aliases and "科技部" not in aliases
    assert "措施" in aliases  # the glossary still reads the words it knows


def test_a_short_form_never_cuts_an_everyday_phrase(seven_index: SearchIndex) -> None:
    """Every lexicon name is a whole word for segmentation, so one that hides inside an everyday
    phrase would cut it: the phrases the lexicon's header names stay whole words."""
    words = seven_index.segmenter.surfaces("集中办理 个人行为 取消法规 街道办理 政务办理")
    assert re.sub(r"\s", "", "".join(words)) == "集中办理个人行为取消法规街道办理政务办理"
    assert not {"中办", "人行", "消法", "街道办", "政务办"} & set(words)
