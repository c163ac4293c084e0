"""The exponent the ranking raises each of its factors to, from a data file fitted to judgments.

A candidate's score is a product of factors: BM25's score of its tier's query, its kind's
weight for every query, for the apply intent, for the measures intent and as statistics, the
share of concepts a partial match holds, the title's concepts, their closeness in the body, the
names typed whole that it writes whole (`SearchIndex._reranked`), and its brevity. Raising each
factor to an exponent is a linear model over their logarithms; `HAND_SET` is the ranking as its
weights were set by hand. The exponents are fitted to the judged sets by `wxintel eval
learn-search` (evaluation/learn_search.py), which says on sets left out whether the fitted ones
rank better, and shipped in FILE only when they do.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache

from wxintel.nlp.lexicon import data_text, read_lines

FILE = "search_exponents.txt"
# every factor `_reranked` multiplies, in that order; "bm25" is the tier query's score
FACTORS = (
    "bm25",
    "kind",
    "apply",
    "measures",
    "figures",
    "brevity",
    "partial",
    "title",
    "proximity",
    "whole",
)
# the exponents of the ranking as set by hand: 1, but brevity, which it did not weigh
HAND_SET = {name: 0.0 if name == "brevity" else 1.0 for name in FACTORS}
# brevity is (1 + the body's characters) to this power, so that the exponents fitted to it
# fall on the same grid as the others' (evaluation/learn_search.py): at 0.5 a post of 1,000
# characters weighs 0.89 of one of 100, and one of 10,000 0.89 of one of 1,000
BREVITY_POWER = -0.1


class ExponentsError(ValueError):
    """A line of an exponents file that is not `factor value` for a known factor."""


def parse(text: str, where: str = FILE) -> dict[str, float]:
    """`factor value` lines (comments with #) -> exponents; an unknown factor, a value that is
    no number or is negative is an error naming the line."""
    out: dict[str, float] = {}
    for n, line in enumerate(text.splitlines(), 1):
        if not read_lines(line):
            continue
        name, _, value = line.strip().partition(" ")
        if name not in FACTORS:
            raise ExponentsError(f"{where} line {n}: unknown factor {name!r} (one of {FACTORS})")
        try:
            out[name] = float(value)
        except ValueError:
            raise ExponentsError(f"{where} line {n}: {value.strip()!r} is not a number") from None
        if out[name] < 0:
            raise ExponentsError(f"{where} line {n}: a negative exponent ({value.strip()})")
    return out


@cache
def shipped() -> Mapping[str, float]:
    """The packaged exponents (a factor not named keeps 1)."""
    return parse(data_text(FILE))


def brevity(chars: int) -> float:
    """The brevity factor of a post whose body has `chars` characters: BM25 already evens out
    length, yet a post about one thing is shorter than the digest or report naming it among
    many others (fitted; the judgments say how much, in FILE)."""
    return (1 + chars) ** BREVITY_POWER


def weighed(bm25: float, factors: Mapping[str, float], exponents: Mapping[str, float]) -> float:
    """The candidate's score: `bm25` times each factor, each raised to its exponent (the
    hand-set one when not given). A factor of exponent 1 is multiplied as it is and one of 0
    left out, so the hand-set ranking's scores come out to the bit."""
    weight = 1.0
    for name, value in factors.items():
        power = exponents.get(name, HAND_SET[name])
        if power:
            weight *= value if power == 1.0 else value**power
    power = exponents.get("bm25", 1.0)
    return (bm25 if power == 1.0 else bm25**power) * weight
