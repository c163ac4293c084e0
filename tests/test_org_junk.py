"""The learned junk filter for organisation names, on real posts of the seven accounts: its
weights file, deterministic training, and what it drops from a post and what it keeps."""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from wxintel.cli import app
from wxintel.evaluation import org_training as ot
from wxintel.extract import enrich
from wxintel.extract.org_junk import MODEL_FILE, read_filter, shipped_filter, write_filter
from wxintel.model import Article
from wxintel.nlp.lexicon import data_text

EVAL = Path(__file__).resolve().parents[1] / "eval"


def org_names(article: Article, org_filter: bool = True) -> set[str]:
    return {m.name for m in enrich(article, org_filter=org_filter).mentions if m.kind == "org"}


def test_the_shipped_weights_say_what_they_were_trained_on_and_how_to_retrain(tmp_path):
    """The header names the three development lists, never the held-out fourth, the counts,
    a commit, and the command that wrote the file; the weights read back as written."""
    text = data_text(MODEL_FILE)
    header = "\n".join(line for line in text.splitlines() if line.startswith("#"))
    trained_on = re.search(r"Trained on: (.+)", header)
    assert trained_on is not None
    assert trained_on.group(1).split() == [f"eval/orgs_sample{n}.json" for n in (1, 2, 3)]
    assert "orgs_sample4" not in header
    assert re.search(r"\d+ labelled names the rules give by their suffix \(\d+ junk\)", header)
    assert re.search(r"Commit: [0-9a-f]{7,}", header)
    assert "Retrain: wxintel eval orgs-train eval/orgs_sample1.json" in header
    junk = shipped_filter()
    assert 0.5 <= junk.threshold < 1.0 and junk.model.classes == ("keep", "junk")
    write_filter(junk, tmp_path / "again.txt", ["again"])
    again = read_filter(tmp_path / "again.txt")
    features = {"head=局": 1.0, "opens=other/v": 1.0, "glued_share": 0.5}
    assert again.threshold == junk.threshold
    assert again.probability(features) == pytest.approx(junk.probability(features), abs=1e-3)


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("classes keep junk\ndims 8\nbias 0 0\nthreshold 0.8\n9 0.1 0.2\n", "model.txt:5"),
        ("classes keep junk\ndims 8\nbias 0 0\n", "no 'threshold P' line"),
        ("classes keep junk\ndims 8\nbias 0 0\nthreshold 1.5\n", "model.txt:4"),
        ("classes call other\ndims 8\nbias 0 0\nthreshold 0.8\n", "not keep junk"),
    ],
)
def test_a_broken_weights_file_is_refused_naming_the_file_and_line(tmp_path, text, says):
    path = tmp_path / "model.txt"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ValueError) as refused:
        read_filter(path)
    assert says in str(refused.value) and str(path) in str(refused.value)


@pytest.mark.parametrize(
    ("account", "aid", "junk", "bodies"),
    [
        ("河西政务服务", "2247513371_1", {"推进电子处方中心"},
         {"国家医疗保障局", "人力资源社会保障部"}),
        ("河西政务服务", "2247517523_4", {"数据管理局"},
         {"大兴区政务服务和数据管理局", "大兴区政务服务中心"}),
        ("闵行发展改革", "2247504374_2", {"推进城乡居保经办"}, {"闵行区发展改革委"}),
    ],
)  # fmt: skip
def test_junk_the_model_never_trained_on_goes_and_the_bodies_of_the_post_stay(
    post, account, aid, junk, bodies
):
    """Junk of eval/orgs_drops1.json, which no list the filter trains on holds: a verb glued
    before a body (推进电子处方中心), a name cut inside a longer one (政务服务和数据管理局 gives
    数据管理局). The filter drops it and keeps the post's real bodies."""
    article = post(account, aid)
    rules = org_names(article, org_filter=False)
    learned = org_names(article)
    assert junk <= rules and not junk & learned
    assert bodies <= learned


def test_the_filter_drops_only_names_the_rules_read_by_their_suffix(seven_posts):
    """Over a real account, every mention the filter takes away is an organisation name read
    by its suffix; the gazetteer's names (国务院, 商务部), the people, places, industries,
    events, facts and tags are the rules' own."""
    account = [a for a in seven_posts if a.account == "河西政务服务"][:60]
    gone = 0
    for article in account:
        rules, learned = enrich(article, org_filter=False), enrich(article)
        assert (learned.facts, learned.tags, learned.kind) == (rules.facts, rules.tags, rules.kind)
        kept = {(m.kind, m.start, m.end) for m in learned.mentions}
        for m in rules.mentions:
            if (m.kind, m.start, m.end) not in kept:
                gone += 1
                assert m.kind == "org" and m.attrs.get("source") == "suffix", m
    assert gone > 0


def test_training_is_deterministic_on_real_posts(seven_posts):
    """Two trainings on the same labels and posts give the same weights and threshold, and
    the penalty and threshold come from the grids; a threshold given is the one the penalty
    is chosen at."""
    lists = [json.loads((EVAL / f"orgs_sample{n}.json").read_text("utf-8")) for n in (1, 2)]
    accounts = {"天津西青", "闵行发展改革"}
    lists = [{"names": [n for n in ls["names"] if n["account"] in accounts]} for ls in lists]
    evidence = ot.gather(lists, (a for a in seven_posts if a.account in accounts))
    items = [ot.items_of(labels, evidence) for labels in lists]
    first, second = ot.train(items), ot.train(items)
    assert first.junk.threshold == second.junk.threshold and first.penalty == second.penalty
    assert np.array_equal(first.junk.model.weights, second.junk.model.weights)
    assert np.array_equal(first.junk.model.bias, second.junk.model.bias)
    assert first.penalty in ot.PENALTIES and first.junk.threshold in ot.THRESHOLDS
    fixed = ot.train(items, 0.8)
    assert fixed.junk.threshold == fixed.junk.model.threshold == 0.8
    assert fixed.penalty == ot.choose(items, (0.8,))[0]
    assert first.names == sum(bool(i.evidence.posts) for labelled in items for i in labelled)
    assert 0 < first.junk_names < first.names


def test_eval_orgs_train_writes_a_weights_file_and_scores_a_held_out_list(seed_db, tmp_path):
    """On the seed archive: two lists' 上海经信委 names train, a third's is held out; the
    written file parses and its header names the lists trained on."""
    paths = []
    for n in (1, 2, 3):
        labels = json.loads((EVAL / f"orgs_sample{n}.json").read_text("utf-8"))
        seed = [item for item in labels["names"] if item["account"] == "上海经信委"]
        paths.append(tmp_path / f"list{n}.json")
        paths[-1].write_text(json.dumps({"names": seed}, ensure_ascii=False), "utf-8")
    out = tmp_path / "model.txt"
    result = CliRunner().invoke(
        app,
        ["eval", "orgs-train", str(paths[0]), str(paths[1]), "--test", str(paths[2]),
         "--db", str(seed_db), "--out", str(out), "--json"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    scores = json.loads(result.stdout)
    assert set(scores["left_out"]) == {str(paths[0]), str(paths[1])}
    held = scores["test"][str(paths[2])]
    assert held["rules_alone"]["overall"]["labelled"] == held["learned"]["overall"]["labelled"]
    text = out.read_text("utf-8")
    assert f"# Trained on: {paths[0]} {paths[1]}" in text
    assert read_filter(out).threshold == scores["model"]["threshold"]
