"""The highlighter's first-character look-ahead only skips positions: on real posts it finds
exactly the spans the plain alternation of the same surfaces finds. Its matches come in text
order, never overlapping, so the snippet window is found by bisection: the same window as
testing every match for every window."""

from __future__ import annotations

import re
from copy import copy
from datetime import date
from itertools import pairwise

from wxintel.search import SearchIndex
from wxintel.search.snippet import SNIPPET_CHARS, Highlighter, Match, best_window, first_characters

QUERIES = [
    "人工智能 OR 机器人",
    "智能工厂 申报",
    "industrial robots",
    "Industry Fair",
    "专精特新 小巨人 认定",
    "沪经信制[2023]62号",
    "U35青年设计人才",
    "CCUS碳捕集",
    "外贸 企业 y",
]


def _without_look_ahead(highlighter: Highlighter) -> Highlighter:
    """The same highlighter scanning with the bare alternation of its surfaces."""
    plain = copy(highlighter)
    bare = re.fullmatch(r"\(\?=\[.+?\]\)\(\?:(.*)\)", highlighter.pattern.pattern, re.DOTALL)
    assert bare is not None
    plain.pattern = re.compile(bare[1], re.IGNORECASE)
    return plain


def test_look_ahead_finds_what_the_plain_alternation_finds(
    seed_clean, more_clean, tmp_path
) -> None:
    index = SearchIndex(tmp_path / "index")
    posts = [a for a in seed_clean + more_clean["津北商务"] if a.content]
    checked = 0
    for query in QUERIES:
        terms = index.parser.parse(query, date(2025, 10, 1)).terms
        highlighter = Highlighter(terms)
        if highlighter.pattern is None:  # a document number alone: find_identifiers' job
            continue
        plain = _without_look_ahead(highlighter)
        for post in posts:
            text = f"{post.title}\n{post.content}"
            assert highlighter.matches(text) == plain.matches(text), query
            checked += len(highlighter.matches(text))
    assert checked > 1000  # spans found and compared


def test_first_characters_of_each_kind_of_surface() -> None:
    assert first_characters("智能 工厂") == {"智"}
    assert first_characters("Robots") == {"r"}
    assert first_characters("y") == {"y", "i"}
    assert first_characters("") is None


def _best_window_by_scanning(matches: list[Match], width: int) -> int:
    """`best_window` as it was written first: every match tested for every window."""
    best, best_start = (0, 0), 0
    for anchor in matches[:200]:
        start = max(0, anchor.start - width // 4)
        inside = [m for m in matches if m.start >= start and m.end <= start + width]
        score = (len({m.term for m in inside}), len(inside))
        if score > best:
            best, best_start = score, start
    return best_start


def test_snippet_windows_found_in_one_pass_are_those_found_by_scanning(
    seed_clean, more_clean, tmp_path
) -> None:
    index = SearchIndex(tmp_path / "index")
    posts = [a for a in seed_clean + more_clean["津北商务"] if a.content]
    compared = 0
    for query in QUERIES:
        highlighter = Highlighter(index.parser.parse(query, date(2025, 10, 1)).terms)
        for post in posts:
            found = highlighter.matches(post.content)
            assert all(a.end <= b.start for a, b in pairwise(found)), query
            for width in (SNIPPET_CHARS, 30):
                assert best_window(found, width) == _best_window_by_scanning(found, width)
            compared += len(found) > 1
    assert compared > 100  # posts with a window to choose
