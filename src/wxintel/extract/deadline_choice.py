"""The learned chooser of a notice's final deadline: a logistic regression, trained on the
labelled action-item sets (scripts/train_deadline_model.py), rates each candidate date of a post
(extract/deadline_features.py) and the likeliest is the applicant's final deadline.

Rules fitted to each new labelled set did not carry to the next (eval/extract_stress*.json's
first runs); a model weighing the same evidence learns from every set at once and is scored on
sets it was not trained on (docs/measured/facts.md).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from importlib import resources
from pathlib import Path

from wxintel.extract.deadline_features import Candidate
from wxintel.nlp import learn

MODEL_FILE = "deadline_model.txt"
DIMS = 1 << 12  # hashed feature columns: a few thousand n-grams of a few hundred posts
# Where the rules state no deadline, the model's pick must reach this probability: most such
# posts are news, whose dates are events. Chosen with the context width by
# scripts/train_deadline_model.py, leave-one-set-out (docs/measured/facts.md).
MIN_UNSTATED = 0.2


def model_path() -> Path:
    return Path(str(resources.files("wxintel.data").joinpath(MODEL_FILE)))


@cache
def model() -> learn.Model:
    return learn.read_model(model_path())


def probability(candidate: Candidate, fitted: learn.Model | None = None) -> float:
    """The probability (`fitted`'s, else the shipped model's) that `candidate` is final."""
    return (fitted or model()).probabilities(candidate.features)["final"]


def choose(
    found: Sequence[Candidate], fitted: learn.Model | None = None, floor: float = MIN_UNSTATED
) -> Candidate | None:
    """The candidate rated likeliest final (ties: the earlier in the text); where the rules
    stated none, only one rated at least `floor`."""
    if not found:
        return None
    rated = [(probability(c, fitted), -c.start, c) for c in found]
    p, _, best = max(rated, key=lambda entry: entry[:2])
    stated = any(c.stated_for is not None for c in found)
    return best if stated or p >= floor else None
