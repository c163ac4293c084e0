"""The logistic regression the learned models share: deterministic, and its weights file."""

from pathlib import Path

import numpy as np
import pytest

from wxintel.nlp import learn

# Titles as character features: the words that ask ("报名", "申报") against those that report.
EXAMPLES = [
    ({"t:报名": 1.0, "t:通知": 1.0}, "act"),
    ({"t:申报": 1.0, "t:通知": 1.0}, "act"),
    ({"t:召开": 1.0, "t:会议": 1.0}, "report"),
    ({"t:同比": 1.0, "t:增长": 1.0}, "report"),
]


def trained(dims: int = 64) -> learn.Model:
    features, labels = zip(*EXAMPLES, strict=True)
    return learn.train(features, labels, ("act", "report"), dims=dims, steps=200)


def test_training_is_deterministic():
    first, second = trained(), trained()
    assert np.array_equal(first.weights, second.weights)
    assert np.array_equal(first.bias, second.bias)


def test_learns_the_labelled_classes_and_generalises_by_shared_features():
    model = trained()
    assert model.probabilities({"t:报名": 1.0})["act"] > 0.5
    assert model.probabilities({"t:召开": 1.0})["report"] > 0.5
    probs = model.probabilities({"t:从未见过": 1.0})
    assert probs.keys() == {"act", "report"} and abs(sum(probs.values()) - 1) < 1e-9


def test_weights_file_round_trip_keeps_predictions_and_header(tmp_path: Path):
    model = trained()
    path = tmp_path / "model.txt"
    learn.write_model(model, path, ["trained on: four titles", "retrain: make it"])
    back = learn.read_model(path)
    assert back.classes == model.classes
    assert learn.header_of(path) == ["trained on: four titles", "retrain: make it"]
    for features, _ in EXAMPLES:
        ours, theirs = model.probabilities(features), back.probabilities(features)
        assert all(abs(ours[k] - theirs[k]) < 1e-3 for k in ours)


def test_a_bad_weights_line_names_file_and_line(tmp_path: Path):
    path = tmp_path / "model.txt"
    path.write_text("# header\nclasses a b\ndims 8\nbias 0 0\n3 0.5\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"model\.txt:5: bad model line"):
        learn.read_model(path)
