"""The learned junk filter: of the organisation names the rules read by their suffix, a post
drops those a logistic model over `org_features` finds likely junk (a verb or determiner
before a body, a fragment of a longer name, a phrase ending in 处/办).

Each rule reads one pattern, fitted to the names its session read; the model weighs the
name's shape, its neighbours and the post's own use of the string together, learned from
labelled lists and measured on lists it was not trained on. Its weights are a data file
(data/org_junk_model.txt) whose header says what it was trained on and how to retrain it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from wxintel.extract.org_features import name_features
from wxintel.model import Mention
from wxintel.nlp import learn

MODEL_FILE = "org_junk_model.txt"
CLASSES = ("keep", "junk")


@dataclass(frozen=True)
class JunkFilter:
    """A model whose threshold line is the probability of junk from which a name is dropped."""

    model: learn.Model

    @property
    def threshold(self) -> float:
        """The model's threshold: its one home, so a filter and the file it writes agree (every
        filter has one: `as_filter` checks it, `org_training` sets it)."""
        assert self.model.threshold is not None
        return self.model.threshold

    def probability(self, features: Mapping[str, float]) -> float:
        return self.model.probabilities(features)["junk"]

    def junk_names(self, text: str, mentions: Iterable[Mention]) -> set[str]:
        """The names of `mentions` in `text` that the filter drops."""
        return {
            name
            for name, features in name_instances(text, mentions).items()
            if self.probability(features) >= self.threshold
        }


def name_instances(text: str, mentions: Iterable[Mention]) -> dict[str, dict[str, float]]:
    """Per name the rules read by its suffix, the mean of its mentions' features in this post.
    Names from the gazetteer or a table's name column are known bodies and are not scored."""
    spans: dict[str, list[Mention]] = {}
    for m in mentions:
        if _scored(m):
            spans.setdefault(m.name, []).append(m)
    return {name: mean_features(name_features(text, m.start, m.end) for m in found)
            for name, found in spans.items()}  # fmt: skip


def mean_features(rows: Iterable[Mapping[str, float]]) -> dict[str, float]:
    """Each feature's mean over `rows` (a feature missing from a row counts 0 there)."""
    total: dict[str, float] = {}
    count = 0
    for row in rows:
        count += 1
        for feature, value in row.items():
            total[feature] = total.get(feature, 0.0) + value
    return {feature: value / count for feature, value in total.items()}


def drop_junk(text: str, mentions: list[Mention], junk: JunkFilter | None) -> list[Mention]:
    """`mentions` without the suffix-read organisation names `junk` drops (all kept when it
    is None); a name the gazetteer or a table gives stays."""
    if junk is None:
        return mentions
    dropped = junk.junk_names(text, mentions)
    return [m for m in mentions if not (_scored(m) and m.name in dropped)]


def _scored(mention: Mention) -> bool:
    """An organisation name the rules read by its suffix: the only mentions the filter scores."""
    return mention.kind == "org" and mention.attrs.get("source") == "suffix"


def shipped_filter() -> JunkFilter:
    """The filter of the packaged weights file (read once: learn.packaged caches it)."""
    return as_filter(learn.packaged(MODEL_FILE), MODEL_FILE)


def read_filter(path: Path) -> JunkFilter:
    """A filter written by `write_filter`; a file that is not one is a ValueError naming it."""
    return as_filter(learn.read_model(path), str(path))


def as_filter(model: learn.Model, where: str) -> JunkFilter:
    """The filter of a model read from `where`: its classes keep/junk, its threshold line."""
    if model.classes != CLASSES:
        raise ValueError(f"{where}: classes {' '.join(model.classes)}, not {' '.join(CLASSES)}")
    model.required_threshold(where)
    return JunkFilter(model)


def write_filter(junk: JunkFilter, path: Path, header: Iterable[str]) -> None:
    """The weights file of `junk`: `header` as comments, then the model with its threshold."""
    learn.write_model(junk.model, path, header)
