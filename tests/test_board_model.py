"""The learned board model's measurement: deterministic training, the folds and held-out
thresholds of `wxintel eval board`, and the features it reads of real posts."""

import json
from collections import Counter
from pathlib import Path

import numpy as np
from typer.testing import CliRunner

from wxintel.cli import app
from wxintel.evaluation import board
from wxintel.extract import read_facts
from wxintel.extract.board_features import board_features
from wxintel.model import Article

EVAL = Path(__file__).resolve().parents[1] / "eval"
SMALL = ("extract_stress12", "extract_stress5")  # two made-up sets: no archive needed


def labelled(name: str) -> tuple[str, dict]:
    return name, json.loads((EVAL / f"{name}.json").read_text(encoding="utf-8"))


def no_archive(account: str, aid: str) -> None:
    raise AssertionError(f"a made-up set's post was looked up in an archive: {account} {aid}")


def test_training_on_the_same_sets_gives_the_same_weights():
    data = board.examples([labelled(name) for name in SMALL], no_archive)
    first, second = board.fit(data), board.fit(data)
    assert np.array_equal(first.weights, second.weights)
    assert np.array_equal(first.bias, second.bias)
    # a made-up set is one fold: leave-one-set-out holds each out whole
    assert {e.fold for e in data} == set(SMALL)
    assert Counter(e.label for e in data)["off"] == sum(
        len(labelled(name)[1]["non_calls"]) for name in SMALL
    )


def test_eval_board_holds_each_set_out_and_picks_thresholds_on_the_others():
    args = ["eval", "board", *(str(EVAL / f"{n}.json") for n in SMALL)]
    result = CliRunner().invoke(app, [*args, "--json"])
    assert result.exit_code == 0, result.output
    scores = json.loads(result.stdout)
    assert set(scores["folds"]) == set(SMALL)
    items = sum(len(labelled(n)[1]["items"]) for n in SMALL)
    for how in board.HOWS:  # the rules, the second opinion and the model, each on every item
        assert scores["totals"]["made-up sets"][how]["items"] == items
    assert set(scores["thresholds"].values()) <= set(board.THRESHOLDS)
    shown = CliRunner().invoke(app, args).stdout
    assert shown.splitlines()[0].split() == ["fold", "t", "rules", "second", "opinion", "model"]


def test_a_threshold_is_chosen_without_the_fold_it_scores():
    """A fold whose one example the model would wrongly take off cannot pick the threshold
    that does so: the others choose it."""
    call = board.Example("a", "x", "1", "call", "call", Article(title="t", content=""), {})
    report = board.Example("b", "x", "2", "off", "call", Article(title="t", content=""), {})
    folds = {"a": [(call, {"off": 0.92})], "b": [(report, {"off": 0.97})]}
    chosen = board.held_out_thresholds(folds)
    assert chosen["a"] > 0.92  # fold b rewards any threshold up to 0.97: the surest, 0.95
    assert chosen["b"] == 1.01  # fold a loses its call below 0.92: never take off


def test_eval_board_refuses_a_set_that_is_not_of_action_items(tmp_path: Path):
    other = tmp_path / "notices.json"
    other.write_text(json.dumps({"items": [{"aid": "x", "kind": "call"}]}), encoding="utf-8")
    result = CliRunner().invoke(app, ["eval", "board", str(other)])
    assert result.exit_code == 2
    assert "notices.json" in result.output and "not an action set" in result.output


def test_features_read_a_real_call_and_a_real_news_post_alike(post):
    """Every feature is an n-gram of the title, the date sentences or the first and last lines,
    or a general count: none names a post or an account. A real call's deadline and what it is
    for are read from its facts; each n-gram field weighs one (unit length) however long."""
    call = post("未央工信", "2247495151_1")
    news = post("未央工信", "2247495246_1")
    ours, theirs = (board_features(a, read_facts(a)) for a in (call, news))
    assert ours["deadline"] == 1.0 and theirs["deadline"] == 0.0
    assert any(name.startswith("for:") for name in ours)
    general = {"deadline", "stated", "length", "bias"}
    for features in (ours, theirs):
        heads = {name.split(":")[0] if ":" in name else name for name in features}
        assert heads <= {"t", "d", "f", "l", "for", "count", *general}
        for field in ("t", "d", "f", "l"):
            weights = [v for name, v in features.items() if name.startswith(f"{field}:")]
            assert not weights or abs(sum(v * v for v in weights) - 1) < 1e-9, field
    assert any(name.startswith("d:") for name in ours)  # the call's dates' sentences are read
