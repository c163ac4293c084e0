"""The learned ranking: a model over the features of each (query, post) pair
(search/pair_features.py) that orders a tier's candidates in place of the hand-set factors.

The model is a pairwise logistic regression (nlp/learn.py) fitted to graded judgments by
`wxintel eval search-model` (evaluation/search_model.py): it learns which of two candidates of
one query is the better, so its margin for one candidate is a score that orders them. It ships
as a data file whose header names its training sets, commit and command; without the file the
search ranks by the hand-set factors.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path

import numpy as np

from wxintel.nlp.learn import Model, column, read_model

FILE = "search_rank_model.txt"
BETTER, WORSE = "better", "worse"  # the two classes of a pair of candidates
CLASSES = (WORSE, BETTER)


@dataclass(frozen=True)
class Ranker:
    """A model's direction (the better class's weights less the worse's) as a score."""

    model: Model
    direction: np.ndarray = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        better, worse = self.model.classes.index(BETTER), self.model.classes.index(WORSE)
        weights = self.model.weights
        object.__setattr__(self, "direction", weights[:, better] - weights[:, worse])

    def margin(self, features: Mapping[str, float]) -> float:
        """How much better than an average candidate the model finds this one (a log-odds)."""
        dims = self.model.dims
        return float(sum(v * self.direction[column(f, dims)] for f, v in features.items()))

    def score(self, features: Mapping[str, float]) -> float:
        """A positive score ordering candidates as the margin does, as the hand-set scores
        are positive (ties are rounded relatively, `index.tied`)."""
        return math.exp(max(-700.0, min(700.0, self.margin(features))))


@cache
def shipped() -> Ranker | None:
    """The packaged model, or None when none is shipped (the hand-set ranking)."""
    path = Path(str(resources.files("wxintel.data").joinpath(FILE)))
    return Ranker(read_model(path)) if path.exists() else None
