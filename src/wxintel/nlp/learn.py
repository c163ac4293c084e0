"""Logistic regression over hashed features: a small learned model with no dependency beyond
numpy, trained deterministically, so a model retrained from the same labels is the same file.

Features are strings ("t:申报", "kind:call"); each is hashed into a fixed number of columns
by a stable hash (crc32, not Python's salted `hash`), so the weights file needs no vocabulary
and an unseen n-gram costs nothing. The weights are a text file: comment lines on what the
model was trained on and how to retrain it, then the classes, the decision threshold when
the model has one, and one line per non-zero column.
"""

from __future__ import annotations

import subprocess
import zlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path

import numpy as np


def column(feature: str, dims: int) -> int:
    """The column a feature string hashes to (stable across runs and machines)."""
    return zlib.crc32(feature.encode("utf-8")) % dims


@dataclass(frozen=True)
class Model:
    """A multinomial logistic regression: `weights` is dims × classes, `bias` one per class;
    `threshold`, when set, the probability of the last class from which its user decides for
    it (a setting of the shipped file, so it travels with the weights it was chosen for);
    `thresholds`, more of them by name, for users deciding other things by the same weights."""

    classes: tuple[str, ...]
    weights: np.ndarray
    bias: np.ndarray
    threshold: float | None = None
    thresholds: Mapping[str, float] = field(default_factory=dict)

    @property
    def dims(self) -> int:
        return self.weights.shape[0]

    def required_threshold(self, where: str, name: str | None = None) -> float:
        """The threshold line (`name`'s, when given) of a model read from `where`, which its
        user cannot do without: the one check and message for every shipped model that decides
        by one."""
        found = self.threshold if name is None else self.thresholds.get(name)
        if found is None:
            label = "threshold" if name is None else f"threshold {name}"
            raise ValueError(
                f"{where}: no {label} line (no '{label} P' line: P, between 0 and"
                f" 1, is the probability of {self.classes[-1]} from which its user decides for it)"
            )
        return found

    def probabilities(self, features: Mapping[str, float]) -> dict[str, float]:
        """Each class's probability for one example's features."""
        scores = self.bias.copy()
        for name, value in features.items():
            scores += value * self.weights[column(name, self.dims)]
        return dict(zip(self.classes, softmax(scores[None, :])[0].tolist(), strict=True))


def train(
    examples: Sequence[Mapping[str, float]],
    labels: Sequence[str],
    classes: Sequence[str],
    dims: int = 1 << 14,
    l2: float = 1e-3,
    steps: int = 400,
    rate: float = 0.5,
    weights: Sequence[float] | None = None,
) -> Model:
    """Fit by full-batch gradient descent from zero weights (no random start, no shuffling:
    the same examples give the same model). `l2` keeps weights of rare n-grams small. The
    examples stay sparse (row, column, value triples), so a step costs their non-zeros.
    `weights`, when given, weigh each example's part of the loss (a ranking's pairs, each
    query weighing alike however many pairs it makes); they are normalised to sum to one."""
    rows, cols, vals = _triples(examples, dims)
    index = {name: k for k, name in enumerate(classes)}
    n, k = len(labels), len(classes)
    y = np.zeros((n, k))
    y[np.arange(n), [index[label] for label in labels]] = 1.0
    share = None
    if weights is not None:
        share = np.asarray(weights, dtype=float)
        share = (share / (share.sum() or 1.0))[:, None]
    w = np.zeros((dims, k))
    b = np.zeros(k)
    for _ in range(steps):
        scores = np.stack(
            [np.bincount(rows, vals * w[cols, c], minlength=n) for c in range(k)], axis=1
        )
        error = softmax(scores + b) - y
        error = error / max(n, 1) if share is None else error * share
        grad = np.stack(
            [np.bincount(cols, vals * error[rows, c], minlength=dims) for c in range(k)], axis=1
        )
        w -= rate * (grad + l2 * w)
        b -= rate * error.sum(axis=0)
    return Model(tuple(classes), w, b)


def _triples(
    examples: Sequence[Mapping[str, float]], dims: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The examples as (row, column, value) arrays of their non-zero hashed features."""
    rows: list[int] = []
    cols: list[int] = []
    vals: list[float] = []
    for row, features in enumerate(examples):
        for name, value in features.items():
            rows.append(row)
            cols.append(column(name, dims))
            vals.append(value)
    return np.array(rows, dtype=np.int64), np.array(cols, dtype=np.int64), np.array(vals)


def softmax(scores: np.ndarray) -> np.ndarray:
    """Each row's scores as class probabilities (shifted by the row's maximum, so large
    scores do not overflow): the one softmax of training and of every user of a model."""
    shifted = np.exp(scores - scores.max(axis=1, keepdims=True))
    return shifted / shifted.sum(axis=1, keepdims=True)


def write_model(model: Model, path: Path, header: Iterable[str]) -> None:
    """The model as text: `header` lines as comments, then `classes`, `dims`, `bias`, the
    `threshold` when set, a `threshold NAME P` line per named one, and one line per column with
    a weight (column, then a weight per class)."""
    lines = [f"# {line}".rstrip() for line in header]
    lines += [
        "classes " + " ".join(model.classes),
        f"dims {model.dims}",
        "bias " + " ".join(f"{v:.6g}" for v in model.bias),
    ]
    if model.threshold is not None:
        lines.append(f"threshold {model.threshold:g}")
    lines += [f"threshold {name} {value:g}" for name, value in model.thresholds.items()]
    for col in np.flatnonzero(np.abs(model.weights).max(axis=1) >= 5e-5):
        lines.append(f"{col} " + " ".join(f"{v:.4g}" for v in model.weights[col]))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def read_model(path: Path) -> Model:
    """A model written by `write_model`; a malformed line is an error naming file and line."""
    classes: tuple[str, ...] = ()
    dims, bias, rows = 0, None, []
    threshold: float | None = None
    thresholds: dict[str, float] = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line or line.startswith("#"):
            continue
        head, _, rest = line.partition(" ")
        try:
            if head == "classes":
                classes = tuple(rest.split())
            elif head == "dims":
                dims = int(rest)
            elif head == "bias":
                bias = np.array([float(v) for v in rest.split()])
            elif head == "threshold":
                # 'threshold P', or 'threshold NAME P' for a named one
                name, _, value = rest.rpartition(" ")
                probability = float(value)
                if not 0.0 < probability < 1.0:
                    raise ValueError("expected a probability between 0 and 1")
                if name:
                    thresholds[name] = probability
                else:
                    threshold = probability
            else:
                values = [float(v) for v in rest.split()]
                if len(values) != len(classes) or not 0 <= int(head) < dims:
                    raise ValueError(f"expected a column below {dims} and {len(classes)} weights")
                rows.append((int(head), values))
        except ValueError as exc:
            raise ValueError(f"{path}:{number}: bad model line {line[:40]!r}: {exc}") from exc
    if not classes or not dims or bias is None or len(bias) != len(classes):
        raise ValueError(f"{path}: no classes, dims or bias line before the weights")
    weights = np.zeros((dims, len(classes)))
    for col, values in rows:
        weights[col] = values
    return Model(classes, weights, bias, threshold, thresholds)


def packaged_path(name: str) -> Path:
    """Where the model file `name` shipped in wxintel/data is."""
    return Path(str(resources.files("wxintel.data").joinpath(name)))


@cache
def packaged(name: str) -> Model:
    """The model file `name` shipped in wxintel/data, read once per process."""
    return read_model(packaged_path(name))


def trained_at() -> str:
    """The commit a weights file is trained at, for its header ("… with uncommitted changes"
    when the sources, scripts or labelled sets differ from it): weights are trained by a
    developer in a checkout, and the header says which code and labels made them."""
    try:
        commit = _git("rev-parse", "--short", "HEAD")
    except (OSError, subprocess.CalledProcessError):
        return "unknown (not run in a git checkout)"
    if _git("status", "--porcelain", "src", "scripts", "eval"):
        commit += " with uncommitted changes"
    return commit


def _git(*args: str) -> str:
    done = subprocess.run(["git", *args], capture_output=True, text=True, check=True)
    return done.stdout.strip()


def header_of(path: Path) -> list[str]:
    """The comment lines a model file opens with (what it was trained on, how to retrain)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line[2:] for line in lines if line.startswith("# ")]
