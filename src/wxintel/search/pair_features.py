"""What a (query, post) pair looks like to the learned ranking: general properties of the pair,
read from the post's stored facts and the start of its text, never from a labelled query.

The hand-set ranking multiplies a few factors (search/exponents.py); the best order of the same
candidates scores far above it, so what tells them apart must be other properties of the pair.
These are the ones a reader uses: the kind of post (a call, a policy text, a digest …) against
what the query asks for (its intents), whether the title and the opening name the query's
concepts, how much of the text is about them rather than a passing mention, and whether the
post is a list of many items. search/ranker.py weighs them with a model fitted to graded
judgments (evaluation/search_model.py).
"""

from __future__ import annotations

import math
import re
from bisect import bisect_right
from collections.abc import Iterable, Mapping, Sequence

from wxintel.search.passages import coverage
from wxintel.search.snippet import Match

# the start of a body that says what a post is about (its lede), in characters
OPENING_CHARS = 150
# A line opening with an item marker (1. 、（一） ● 【): many of them make a list or a digest of
# many items, each naming other things than the query's
_ITEM = re.compile(
    r"^\s*(?:[0-9０-９]{1,2}\s*[.、．)）]|[（(][一二三四五六七八九十0-9]{1,3}[)）]"
    r"|[一二三四五六七八九十]{1,3}[、.．]|[●■▶◆★☆▲►•·◎▌|]|【)"
)
NONE = "none"  # the intent of a query that names none


def about_share(text: str, matches: Sequence[Match]) -> float:
    """The share of the text's lines (its paragraphs) holding a match: a post about the query
    names it throughout, a passing mention in one paragraph of many."""
    starts, offset = [], 0  # where each non-empty line starts
    for line in text.split("\n"):
        if line.strip():
            starts.append(offset)
        offset += len(line) + 1
    if not starts:
        return 0.0
    held = {bisect_right(starts, m.start) - 1 for m in matches} - {-1}
    return len(held) / len(starts)


def list_shape(text: str) -> tuple[float, float]:
    """(the share of the text's lines that open with an item marker, its lines per hundred
    characters, as a log): a digest or list is many short items."""
    lines = [line for line in text.split("\n") if line.strip()]
    if not lines:
        return 0.0, 0.0
    items = sum(1 for line in lines if _ITEM.match(line))
    return items / len(lines), math.log1p(100 * len(lines) / max(len(text), 1))


def pair_features(
    *,
    kind: str,
    intents: Iterable[str],
    figures: float,
    chars: int,
    title: str,
    scan: str,
    in_title: Sequence[Match],
    in_body: Sequence[Match],
    concepts: Mapping[int, int],
    weights: Sequence[float],
    factors: Mapping[str, float],
    bm25: float,
    base: float,
) -> dict[str, float]:
    """The features of one candidate: `scan` is the start of its body that the ranking reads
    and `in_body` the matches in it, `factors` the hand-set factors and `base` the log of the
    score the hand-set ranking gives it (so a model of weight 1 on it and 0 elsewhere ranks as
    that ranking does)."""
    wanted = {concepts[m.term] for m in in_body if m.term in concepts}
    opening = [m for m in in_body if m.start < OPENING_CHARS]
    several = "n" if len(set(concepts.values())) > 1 else "1"
    title_cov = coverage(in_title, concepts, weights)
    open_cov = coverage(opening, concepts, weights)
    matched = sum(m.end - m.start for m in in_body)
    density = math.log1p(100 * matched / max(len(scan), 1))
    items, lines = list_shape(scan)
    first = min((m.start for m in in_body), default=None)
    out = {
        "base": base,
        "bm25": math.log(max(bm25, 1e-30)),
        "title_cov": title_cov,
        f"title_cov|{several}": title_cov,
        "title_all": float(title_cov >= 1.0),
        "open_cov": open_cov,
        f"open_cov|{several}": open_cov,
        "body_cov": coverage(in_body, concepts, weights) if wanted else 0.0,
        "density": density,
        f"density|{several}": density,
        "about": about_share(scan, in_body),
        "first": 1.0 if first is None else min(1.0, first / 1000),
        "items": items,
        "lines": lines,
        "figures": figures,
        "chars": math.log1p(chars) / 10,
        "title_chars": math.log1p(len(title)) / 5,
        f"kind:{kind}": 1.0,
    }
    for intent in sorted(intents) or [NONE]:
        out[f"kind:{kind}|{intent}"] = 1.0
        out[f"figures|{intent}"] = figures
        out[f"items|{intent}"] = items
    for name, value in factors.items():
        out[f"f:{name}"] = math.log(value)
    return out
