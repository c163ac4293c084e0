"""One gazetteer (data/places.txt): every reader names a place alike, and a malformed line is
named with its number."""

from __future__ import annotations

import re

import pytest

from wxintel.nlp import gazetteer as gz
from wxintel.nlp.regions import district_lexicon, district_places, read_places, regions

LOCAL = ("district", "zone")  # the levels a post's district mentions and tags name


def test_a_district_mention_is_named_as_the_region_hierarchy_names_it() -> None:
    table, lexicon = regions(), district_lexicon()
    below_cities = {s: n for s, n in table.canonical.items() if table.level(n) in LOCAL}
    assert len(below_cities) > 100
    listed = {s: n for s, n in below_cities.items() if s not in table.counties}
    assert {s.casefold(): n for s, n in listed.items()} == lexicon.canonical
    # the county list's names are district_places' own, under the same canonical names
    assert len(below_cities) - len(listed) > 2000
    assert [n for _, _, n in district_places("河北省正定县")] == [below_cities["正定县"]]
    # the names the two files used to disagree on
    assert {lexicon.canonical[s] for s in ("张江", "张江科学城", "张江高科技园区")} == {
        "张江科学城"
    }
    assert table.chain("虹桥") == ["虹桥国际中央商务区", "闵行区", "上海市", "中国"]
    assert table.chain("前滩")[1:] == ["浦东新区", "上海市", "中国"]


def test_every_place_lies_in_a_known_place_or_says_none() -> None:
    table = regions()
    for name, region in table.regions.items():
        assert not region.parent or region.parent in table.regions, name
    zones = [r for r in table.regions.values() if r.level == "zone"]
    assert zones and all(r.source for r in zones)  # a zone's boundary has its source


def test_a_malformed_line_is_named() -> None:
    with pytest.raises(ValueError, match=r"places.txt: place 2 .*张江.*names \| parent"):
        read_places(["上海市 = 上海 | 中国 | city |", "张江 | 浦东新区 | zone"])
    with pytest.raises(ValueError, match="place 1"):
        read_places(["张江 | 浦东新区 | park | source"])


def test_a_label_left_unnamed_is_found_only_through_its_surfaces() -> None:
    """deadline_intermediaries.txt's 推荐 heads bodies (各高校) but, a verb every notice uses,
    names no one; 区级推荐 is a heading's words and is found as itself."""
    groups = [["区级推荐", "各区"], ["推荐", "各高校"]]
    named = gz.Lexicon.from_groups(groups)
    unnamed = gz.Lexicon.from_groups(groups, {"推荐"})
    text = "各高校推荐，区级推荐"
    assert [label for _, _, label in named.find(text)] == ["推荐", "推荐", "区级推荐"]
    assert [label for _, _, label in unnamed.find(text)] == ["推荐", "区级推荐"]
    assert "推荐" not in unnamed and "各区" in unnamed


def test_case_insensitive_lexicons_find_what_sre_ignorecase_finds(seed_clean, more_clean) -> None:
    """The lexicons are compiled without re.IGNORECASE (each letter spelt as the characters it
    matches), for speed; they must match exactly what a case-insensitive longest-first
    alternation of the same words matches, on real posts in every casing and on the non-ASCII
    characters sre takes for ASCII letters."""
    posts = [a.content for a in seed_clean] + [a.content for a in more_clean["未央工信"]]
    texts = posts + [p.upper() for p in posts[:60]] + [p.swapcase() for p in posts[60:120]]
    texts.append("G60科创走廊 g60 ＡＩ AI ai Ai İoT ıot KEY ſs")  # Kelvin sign, long s, dotted I
    for lexicon in (gz.industries(), gz.known_events(), gz.known_orgs(), district_lexicon()):
        words = sorted(lexicon.canonical, key=len, reverse=True)
        reference = re.compile("|".join(map(re.escape, words)), re.IGNORECASE)
        assert not lexicon.pattern.flags & re.IGNORECASE  # the fast form is in use
        found = 0
        for text in texts:
            spans = [m.span() for m in lexicon.pattern.finditer(text)]
            assert spans == [m.span() for m in reference.finditer(text)]
            found += len(spans)
        assert found > 100


def test_a_letter_matches_what_sre_matches_case_insensitively() -> None:
    pattern = gz.trie_pattern(["iot", "kw", "ss"], re.IGNORECASE)
    for text in ("IOT", "İoT", "ıot", "KW", "\u212aw", "\u017fS"):
        assert pattern.fullmatch(text), text
    assert not pattern.fullmatch("iox")
