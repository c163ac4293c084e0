"""Candidate answers described as numbers, for the learned answer-or-refuse decision.

Each candidate (a span of a passage, `extractive.spans_read`) is read as what the rules used to
weigh by hand: how much of the question its sentence covers, how surely the span is of the asked
type, whether a stored fact backs it, where search and coverage ranked it, how many posts give
the same answer and whether one as credible gives another, how far the question's words stand
from it, and the question's type and pins. `ask.decide` turns these into a probability.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from wxintel.ask.evidence import MIN_COVERAGE
from wxintel.ask.question import TYPES, Question
from wxintel.ask.spans import rivals_with, same_answer, spread

if TYPE_CHECKING:
    from wxintel.ask.extractive import Scored

# the question types a candidate can be of (other and source are answered, or not, before)
_TYPED = tuple(t for t in TYPES if t not in ("other", "source"))

NAMES = (
    "coverage",  # the sentence's (and its context's) share of the question's weighted words
    "local",  # the same share for the sentence and the one before it alone
    "strength",  # how surely the span is of the asked type (spans.candidates)
    "stored_fact",  # the span is a fact extraction stored for the post (strength 1)
    "above_bar",  # the rules' evidence bar: coverage at least ask_min_coverage
    "post_rank",  # log(1 + the post's rank among the search hits)
    "read_rank",  # log(1 + the passage's rank among the passages read, by coverage)
    "first_span",  # the surest span of its passage
    "whole_notice",  # the notice's own 落款 or 文号, vouched for by its heading
    "title",  # the passage is the post's title
    "held_share",  # question words in the sentence (or the one before) of those the post holds
    "covered_share",  # question words the post holds, of the most any candidate's post holds
    "top_score",  # the rules' score is the pool's best
    "score_gap",  # the pool's best rules' score less this one's
    "agreeing",  # log(1 + other posts giving the same answer)
    "rival",  # another post as credible (ask_rival_share) gives a different answer
    "spread",  # log(1 + characters between the span and the question's words)
    "length",  # log(1 + the span's length)
    "pinned",  # the question names a year, round, district, season, grade or as-of day
    "coverage_gap",  # the pool's best coverage less this candidate's
    "echo",  # share of the span's characters the question itself writes (no answer repeats it)
    "repeated",  # log(1 + other passages of the same post giving the same answer)
    "pin_stated",  # the passage or its post's title writes the year or district pinned
    "posts",  # log(1 + posts giving candidates): one post alone, or an archive full of them
    *(f"type_{t}" for t in _TYPED),
)


def is_pinned(question: Question) -> bool:
    """The question is pinned to something a post must match (pinned_ok checked each post)."""
    p = question.pins
    return bool(p.years or p.ordinals or p.districts or p.contrasts or p.grades or p.as_of)


def describe(question: Question, pool: list[Scored]) -> list[list[float]]:
    """One row of NAMES per candidate of `pool` (the candidates of one question)."""
    if not pool:
        return []
    best_score = max(s.score for s in pool)
    most_covered = max(len(s.passage.covered) for s in pool) or 1
    best_coverage = max(s.passage.coverage for s in pool)
    asked = set(question.text)
    pins = (*question.pins.years, *question.pins.districts)
    # each post's best candidate (by the rules' score) stands for the post among the others
    heads: dict[str, Scored] = {}
    for s in pool:
        key = s.passage.post.key
        if key not in heads or s.score > heads[key].score:
            heads[key] = s
    pinned = float(is_pinned(question))
    kind = [float(question.type == t) for t in _TYPED]
    rows = []
    for s in pool:
        p, c = s.passage, s.candidate
        others = [h for k, h in heads.items() if k != p.post.key]
        agreeing = sum(same_answer(question, c, h.candidate) for h in others)
        repeated = sum(
            o.passage.post.key == p.post.key and o.passage is not p and o.candidate.key == c.key
            for o in pool
        )
        text = p.post.title + p.text
        rival = any(rivals_with(question, s, h) for h in others)
        rows.append(
            [
                p.coverage,
                p.local,
                c.strength,
                float(c.strength >= 1.0),
                float(p.coverage >= MIN_COVERAGE),
                math.log1p(p.post.rank),
                math.log1p(s.read),
                float(s.place == 0),
                float(s.whole),
                float(p.field == "title"),
                len(p.held) / max(1, len(p.covered)),
                len(p.covered) / most_covered,
                float(math.isclose(s.score, best_score)),
                best_score - s.score,
                math.log1p(agreeing),
                float(rival),
                math.log1p(spread(c, p.anchors)),
                math.log1p(len(c.text)),
                pinned,
                best_coverage - p.coverage,
                sum(ch in asked for ch in c.text) / max(1, len(c.text)),
                math.log1p(repeated),
                float(bool(pins) and any(pin in text for pin in pins)),
                math.log1p(len(heads)),
                *kind,
            ]
        )
    return rows
