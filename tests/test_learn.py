"""The logistic regression the learned models share: deterministic, and its weights file."""

import subprocess
from dataclasses import replace
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


def test_the_threshold_line_travels_with_the_weights(tmp_path: Path):
    path = tmp_path / "model.txt"
    learn.write_model(replace(trained(), threshold=0.75), path, ["with a threshold"])
    assert "threshold 0.75" in path.read_text("utf-8").splitlines()
    assert learn.read_model(path).threshold == 0.75
    learn.write_model(trained(), path, [])
    assert learn.read_model(path).threshold is None


def test_a_model_used_by_its_threshold_needs_the_line_naming_where_it_was_read(tmp_path: Path):
    path = tmp_path / "model.txt"
    learn.write_model(replace(trained(), threshold=0.75), path, [])
    assert learn.read_model(path).required_threshold(str(path)) == 0.75
    learn.write_model(trained(), path, [])
    with pytest.raises(ValueError, match=r"model\.txt: no threshold line .*probability of report"):
        learn.read_model(path).required_threshold(str(path))


def test_named_thresholds_travel_with_the_weights_and_are_required_by_name(tmp_path: Path):
    """Several decisions by the same weights keep one file: a 'threshold NAME P' line each."""
    path = tmp_path / "model.txt"
    named = replace(trained(), threshold=0.75, thresholds={"second": 0.9, "veto": 0.3})
    learn.write_model(named, path, [])
    lines = path.read_text("utf-8").splitlines()
    assert {"threshold 0.75", "threshold second 0.9", "threshold veto 0.3"} <= set(lines)
    again = learn.read_model(path)
    assert again.threshold == 0.75 and again.thresholds == {"second": 0.9, "veto": 0.3}
    assert again.required_threshold(str(path), "veto") == 0.3
    with pytest.raises(ValueError, match=r"model\.txt: no threshold other line"):
        again.required_threshold(str(path), "other")
    path.write_text("classes a b\ndims 8\nbias 0 0\nthreshold veto 1.2\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"model\.txt:4: bad model line 'threshold veto 1.2'"):
        learn.read_model(path)


def test_a_threshold_that_is_no_probability_names_file_and_line(tmp_path: Path):
    path = tmp_path / "model.txt"
    path.write_text("classes a b\ndims 8\nbias 0 0\nthreshold 1.2\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"model\.txt:4: bad model line 'threshold 1.2'"):
        learn.read_model(path)


def test_a_packaged_model_is_read_once():
    """Both shipped models come from wxintel/data through one cached reader."""
    first = learn.packaged("org_junk_model.txt")
    assert learn.packaged("org_junk_model.txt") is first
    assert first.classes == ("keep", "junk") and first.threshold is not None
    assert learn.packaged("deadline_model.txt").classes == ("other", "final")


def test_trained_at_names_the_commit_and_a_dirty_tree(tmp_path: Path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert learn.trained_at() == "unknown (not run in a git checkout)"

    def git(*args: str) -> str:
        run = subprocess.run(["git", *args], capture_output=True, text=True, check=True)
        return run.stdout.strip()

    git("init", "-q")
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "a.py").write_text("x = 1\n", encoding="utf-8")
    git("add", "src")
    git("-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "one")
    head = git("rev-parse", "--short", "HEAD")
    assert learn.trained_at() == head
    (tmp_path / "src" / "a.py").write_text("x = 2\n", encoding="utf-8")
    assert learn.trained_at() == f"{head} with uncommitted changes"


def test_an_example_weighed_twice_counts_as_it_written_twice():
    """`weights` weigh each example's part of the loss (a ranking's pairs, by query)."""
    features, labels = zip(*EXAMPLES, strict=True)
    classes = ("act", "report")
    twice = learn.train([*features, features[0]], [*labels, labels[0]], classes, 64, steps=200)
    weighed = learn.train(features, labels, classes, 64, steps=200, weights=[2, 1, 1, 1])
    assert np.allclose(twice.weights, weighed.weights) and np.allclose(twice.bias, weighed.bias)
    unweighed = learn.train(features, labels, classes, 64, steps=200, weights=[1, 1, 1, 1])
    assert np.allclose(unweighed.weights, trained(64).weights)
    assert not np.allclose(weighed.weights, unweighed.weights)
