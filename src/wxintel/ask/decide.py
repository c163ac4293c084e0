"""The learned decision: which candidate answers, and whether any is sure enough to give.

A logistic regression (`nlp.learn`) over `ask.features` gives each candidate the probability
that it is the right answer with a right citation; ask gives the likeliest, or refuses when even
that one is below the threshold picked on the training questions for what its verdicts are worth
(WORTH: a wrong answer costs more than a refusal). The weights are a data file
(`data/ask_decision.txt`, its `threshold` line the refusal threshold, its `threshold second`
and `threshold veto` lines those of rules+learned, by the same weights) whose header says what it
was trained on and how to retrain it (`scripts/train_ask_decision.py`). The rules' hand-set
evidence bar and rival share are two of its features; `WXINTEL_ASK_DECISION` picks which decides.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

from wxintel.ask.features import NAMES
from wxintel.nlp import learn

MODEL_FILE = "ask_decision.txt"
# the model file's named thresholds (rules+learned): the one picked among the questions the rules
# refuse, and the one below which the model refuses the rules' answer
SECOND = "second"
VETO = "veto"
CLASSES = ("wrong", "right")
DIMS = 1 << 12  # hashed columns: the feature names fall in distinct ones (tests check it)


class ModelError(ValueError):
    """The weights file cannot be read, or does not fit the features and classes used here."""


def probabilities(model: learn.Model, rows: list[list[float]]) -> np.ndarray:
    """The probability of each row's candidate (`features.describe`) being right: learn's
    softmax over the classes, computed for all rows at once from the columns NAMES hash to."""
    if not rows:
        return np.zeros(0)
    weights = model.weights[[learn.column(name, model.dims) for name in NAMES]]
    scores = np.asarray(rows, dtype=float) @ weights + model.bias
    return learn.softmax(scores)[:, CLASSES.index("right")]


def train(rows: list[list[float]], labels: list[bool]) -> learn.Model:
    """A model fitted on candidates' rows and whether each was right (deterministic: the same
    rows give the same weights); its threshold is set by the caller (`pick_threshold`)."""
    examples = [dict(zip(NAMES, row, strict=True)) for row in rows]
    classes = [CLASSES[int(bool(y))] for y in labels]
    return learn.train(examples, classes, CLASSES, dims=DIMS)


@dataclass(frozen=True)
class Outcome:
    """One question as the decision sees it: the likeliest candidate's probability, whether it
    is right, whether a pin rules it out, and whether the question has an answer at all."""

    top: float
    right: bool
    pinned_out: bool
    answerable: bool


def verdict_of(answerable: bool, answered: bool, right: bool) -> str:
    """right, wrong, refused (an answerable question) or refused_right / answered_wrongly: the
    one mapping of the five outcomes, whoever worked out whether it answered and was right."""
    if not answerable:
        return "answered_wrongly" if answered else "refused_right"
    if not answered:
        return "refused"
    return "right" if right else "wrong"


def verdict(outcome: Outcome, threshold: float) -> str:
    """The outcome's verdict when a probability below `threshold` (or a pin) refuses."""
    answered = outcome.top >= threshold and not outcome.pinned_out
    return verdict_of(outcome.answerable, answered, outcome.right)


# What each verdict is worth to the user (README, "Ask"): a wrong answer costs twice what a
# right one gains, for it comes with a citation that looks like proof and is acted on (a missed
# deadline), where a refusal only sends the user back to search; an answerable question refused
# is worth nothing either way.
WORTH = {"right": 1, "wrong": -2, "refused": 0, "refused_right": 1, "answered_wrongly": -2}


def worth(counts: Mapping[str, int]) -> int:
    """What verdicts counted by kind (`Counter`, `evaluation.ask_decision.tally`) are worth
    together (WORTH)."""
    return sum(WORTH[kind] * n for kind, n in counts.items())


def pick_threshold(outcomes: list[Outcome]) -> float:
    """The threshold whose verdicts on `outcomes` are worth most (WORTH); among equally good
    ones, the middle one."""
    grid = [round(0.01 * i, 2) for i in range(1, 100)]
    good = [worth(Counter(verdict(o, t) for o in outcomes)) for t in grid]
    best = [t for t, g in zip(grid, good, strict=True) if g == max(good)]
    return best[len(best) // 2]


def checked(model: learn.Model, source: str) -> learn.Model:
    """`model` when it is one this code can use; ModelError naming `source` otherwise."""
    if model.classes != CLASSES or model.dims != DIMS:
        raise ModelError(
            f"{source}: classes {' '.join(model.classes)} in {model.dims} columns, not"
            f" {' '.join(CLASSES)} in {DIMS}; retrain (scripts/train_ask_decision.py)"
        )
    try:
        for name in (None, SECOND, VETO):
            model.required_threshold(source, name)
    except ValueError as missing:
        raise ModelError(f"{missing}; retrain (scripts/train_ask_decision.py)") from None
    return model


def read(path: Path) -> learn.Model:
    """A decision model written by learn.write_model; ModelError naming the file when it does
    not fit."""
    try:
        return checked(learn.read_model(path), str(path))
    except ModelError:
        raise
    except ValueError as error:
        raise ModelError(str(error)) from None


@cache
def shipped() -> learn.Model:
    """The packaged decision model (data/ask_decision.txt), read and checked once; ModelError
    naming the file when it does not fit."""
    return read(learn.packaged_path(MODEL_FILE))
