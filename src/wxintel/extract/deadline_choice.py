"""The learned chooser of a notice's final deadline: a logistic regression, trained on the
labelled action-item sets (scripts/train_deadline_model.py), rates each candidate date of a post
(extract/deadline_features.py) and the likeliest is the applicant's final deadline.

Rules fitted to each new labelled set did not carry to the next (eval/extract_stress*.json's
first runs); a model weighing the same evidence learns from every set at once and is scored on
sets it was not trained on (docs/measured/facts.md).
"""

from __future__ import annotations

from collections.abc import Sequence

from wxintel.extract.deadline_features import Candidate
from wxintel.nlp import learn

MODEL_FILE = "deadline_model.txt"
DIMS = 1 << 12  # hashed feature columns: a few thousand n-grams of a few hundred posts


def model() -> learn.Model:
    """The shipped model. Its threshold line is the floor: where the rules state no deadline,
    the pick must reach it (most such posts are news, whose dates are events); chosen with the
    context width by scripts/train_deadline_model.py, leave-one-set-out."""
    return learn.packaged(MODEL_FILE)


def probability(candidate: Candidate, fitted: learn.Model | None = None) -> float:
    """The probability (`fitted`'s, else the shipped model's) that `candidate` is final."""
    return (fitted or model()).probabilities(candidate.features)["final"]


def choose(
    found: Sequence[Candidate], fitted: learn.Model | None = None, floor: float | None = None
) -> Candidate | None:
    """The candidate rated likeliest final (ties: the earlier in the text); where the rules
    stated none, only one rated at least `floor` (else the model's threshold line)."""
    if not found:
        return None
    chosen_by = fitted or model()
    if floor is None:
        floor = chosen_by.required_threshold(
            "the deadline chooser's model" if fitted else f"wxintel/data/{MODEL_FILE}"
        )
    rated = [(probability(c, chosen_by), -c.start, c) for c in found]
    p, _, best = max(rated, key=lambda entry: entry[:2])
    stated = any(c.stated_for is not None for c in found)
    return best if stated or p >= floor else None
