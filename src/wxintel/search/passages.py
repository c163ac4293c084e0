"""Where a post holds the query's concepts: the one definition of "matches every concept".

A post matches every concept when each concept (a word with its aliases, or one of the
alternatives joined with OR) is in its title, or when the concepts its title lacks all stand
within one passage of its body (`search_passage_chars` characters). A post that holds them
only scattered through a long text (家教 in "家庭家教家风" with 收费 and 标准 paragraphs later)
merely mentions them: it is ranked among the partial matches. Search's tiers, its `all_words`
count and each hit's flag, and the keys a watchlist fires on all read this one test.

A concept the text does not write at all (a region word satisfied by the account's home, a
form the index matched that the highlighter does not spell) constrains no passage: the index
already vouched for it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from wxintel.search.snippet import Match
from wxintel.settings import count

PASSAGE_CHARS = count("search_passage_chars")


def shortest_span(matches: Sequence[Match], concepts: dict[int, int], wanted: int) -> int | None:
    """The width in characters of the shortest stretch of text holding `wanted` different
    concepts (`concepts` maps a match's term to its concept), or None when it holds fewer."""
    spans = sorted((m.start, m.end, concepts[m.term]) for m in matches if m.term in concepts)
    best: int | None = None
    inside: dict[int, int] = {}
    left = 0
    for _, end, concept in spans:
        inside[concept] = inside.get(concept, 0) + 1
        while len(inside) == wanted:
            width = end - spans[left][0]
            best = width if best is None else min(best, width)
            gone = spans[left][2]
            inside[gone] -= 1
            if not inside[gone]:
                del inside[gone]
            left += 1
    return best


def coverage(
    matches: Iterable[Match], concepts: Mapping[int, int], weights: Sequence[float]
) -> float:
    """The share of the query's concepts that `matches` hold (`concepts` maps a match's term to
    its concept), each by its weight in `weights` (one a concept), alike when there are none:
    a post holding the rare concept holds more of the query than one holding the common."""
    found = {concepts[m.term] for m in matches if m.term in concepts}
    if weights:
        return sum(weights[c] for c in found) / (sum(weights) or 1.0)
    wanted = len(set(concepts.values()))
    return len(found) / wanted if wanted else 0.0


def concepts_together(
    in_title: Sequence[Match],
    in_body: Sequence[Match],
    concepts: dict[int, int],
    passage: int = PASSAGE_CHARS,
) -> bool:
    """Whether a post matching every concept holds them together: the concepts its title lacks
    (and its body writes) all stand within `passage` characters of the body. `in_body` must be
    the matches of the whole body: a concept written only past a part would pass unseen."""
    titled = {concepts[m.term] for m in in_title if m.term in concepts}
    rest = {concepts[m.term] for m in in_body if m.term in concepts} - titled
    if len(rest) <= 1:
        return True
    spans = [m for m in in_body if concepts.get(m.term) in rest]
    width = shortest_span(spans, concepts, len(rest))
    return width is not None and width <= passage
