"""One gazetteer (data/places.txt): every reader names a place alike, and a malformed line is
named with its number."""

from __future__ import annotations

import pytest

from wxintel.nlp.regions import district_lexicon, read_places, regions

LOCAL = ("district", "zone")  # the levels a post's district mentions and tags name


def test_a_district_mention_is_named_as_the_region_hierarchy_names_it() -> None:
    table, lexicon = regions(), district_lexicon()
    below_cities = {s: n for s, n in table.canonical.items() if table.level(n) in LOCAL}
    assert len(below_cities) > 100
    assert {s.casefold(): n for s, n in below_cities.items()} == lexicon.canonical
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
