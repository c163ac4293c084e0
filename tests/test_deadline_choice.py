"""The learned deadline chooser: its candidates and features, a model trained without the set
that labels two real posts choosing in them, the shipped model on sentences written here that the
rules read no deadline in, and the weights file's header."""

import argparse
import json
from dataclasses import replace
from datetime import date
from pathlib import Path
from types import ModuleType

import pytest
from helpers import load_script

from wxintel.extract import deadline_choice as choice
from wxintel.extract.deadline_features import LEFT, RIGHT, candidates, stages
from wxintel.extract.notices import deadline_fact, extract_notice_facts, split_undated
from wxintel.model import ACTION_KINDS
from wxintel.nlp import learn
from wxintel.nlp.cndate import find_dates

ROOT = Path(__file__).resolve().parent.parent
EVAL = ROOT / "eval"


def deadlines(text: str, ref: date, title: str = "") -> tuple[str, set[str]]:
    facts = extract_notice_facts(text, ref, title)
    final = next((f.value for f in facts if f.kind == "deadline"), "")
    return final, {f.value["at"] for f in facts if f.kind == "stated_deadline"}


def published(article) -> date:
    return date.fromisoformat(article.published[:10])


def test_a_windows_opening_and_a_date_before_publication_are_no_candidates():
    text = "项目须于2026年1月1日以后开工。申报时间：2026年3月2日至3月20日。请于3月27日前报送材料。"
    ref = date(2026, 2, 24)
    found = candidates(text, ref, find_dates(text, ref), [], frozenset())
    assert [c.iso for c in found] == ["2026-03-20", "2026-03-27"]
    assert "range_end" in found[0].features
    assert {"R1:前", "L2:请于", "rule:none"} <= found[1].features.keys()
    assert found[1].stated_for is None


def test_the_rules_reading_is_a_feature_of_the_date_they_state():
    text = "各区于11月20日前完成推荐；企业于11月10日前提交申报书。"
    ref = date(2025, 11, 1)
    dates = find_dates(text, ref)
    rules = deadline_fact(text, dates, ref)
    stages = frozenset({"区级推荐"})
    by_day = {c.iso: c for c in candidates(text, ref, dates, rules, stages)}
    assert "rule:stage" in by_day["2025-11-20"].features
    assert {"rule:stated", "rule:final"} <= by_day["2025-11-10"].features.keys()


def test_a_label_that_is_also_a_purpose_is_read_as_the_purpose_the_model_was_trained_on():
    """推荐 heads deadline_intermediaries.txt and deadline_purposes.txt: the applicant's own
    推荐 keeps `rule:for=推荐`, as the shipped model saw it, and a district's stage `rule:stage`."""
    text = "请各单位于10月30日前完成推荐。各区于11月20日前完成推荐。"
    ref = date(2025, 10, 1)
    dates = find_dates(text, ref)
    rules = deadline_fact(text, dates, ref)
    by_day = {c.iso: c for c in candidates(text, ref, dates, rules, stages())}
    assert by_day["2025-10-30"].stated_for == "推荐"
    assert "rule:for=推荐" in by_day["2025-10-30"].features
    assert "rule:stage" not in by_day["2025-10-30"].features
    assert "rule:stage" in by_day["2025-11-20"].features


def test_a_titles_dates_are_candidates_beside_the_bodys():
    """A title's date the body does not write is offered, marked as the title's; one the body
    writes too is offered once, from the body, marked as also in the title."""
    title = "关于开展申报的通知（5月29日截止）"
    text = "请登录系统填报。活动于6月3日举行。"
    ref = date(2026, 5, 6)
    found = candidates(text, ref, find_dates(text, ref), [], frozenset(), title)
    assert [(c.iso, c.in_title) for c in found] == [("2026-06-03", False), ("2026-05-29", True)]
    assert {"in_title", "R2:截止", "rule:none"} <= found[1].features.keys()
    assert "in_title" not in found[0].features
    again = "请于5月29日前登录系统填报。"
    found = candidates(again, ref, find_dates(again, ref), [], frozenset(), title)
    assert [(c.iso, c.in_title) for c in found] == [("2026-05-29", False)]
    assert "in_title_too" in found[0].features


def test_a_deadline_only_in_the_title_is_final_over_an_event_the_body_dates():
    """Written for this test: the body asks to prepare the filing and dates the defence, the
    title closes the call; the title's date is the deadline, from the title, not the defence's
    day (which the chooser picked while it saw only the body's dates)."""
    title = "关于开展2026年度技术改造项目申报的通知（5月29日截止）"
    text = "请符合条件的企业按要求准备申报材料。现场答辩时间：2026年6月10日。"
    facts = extract_notice_facts(text, date(2026, 5, 6), title)
    assert [(f.kind, f.value, f.start, f.end) for f in facts if "deadline" in f.kind] == [
        ("deadline", "2026-05-29", 0, 0),
        ("stated_deadline", {"at": "2026-05-29", "for": "申报", "from": "title",
                             "title_span": [22, 27]}, 0, 0),
    ]  # fmt: skip


# the stress sets the model of these tests learns from (extract_stress … extract_stress15)
STRESS_SETS = tuple(f"extract_stress{n}.json" for n in ("", *range(2, 16)))


@pytest.fixture(scope="module")
def trainer() -> ModuleType:
    """scripts/train_deadline_model.py, imported."""
    return load_script("train_deadline_model")


@pytest.fixture(scope="module")
def unseen_model(trainer) -> learn.Model:
    """A model trained by scripts/train_deadline_model.py on the stress sets only, with this
    tree's rules (its `--current`): extract_dev, which labels the two real posts below, left out.
    The sets are named, not globbed, so a set added later does not change what this tests."""
    described = trainer.labelled_posts([EVAL / name for name in STRESS_SETS], "", True)
    return trainer.train(described[LEFT, RIGHT])


def test_a_sets_first_run_commit_is_read_as_either_set_records_it(trainer):
    """extract_stress16 names its first run's commit in a field, the older sets in their text;
    a set described with the rules fitted to it would teach the model only to trust them."""
    first = {
        name: trainer._first_run_commit(json.loads((EVAL / name).read_text(encoding="utf-8")))
        for name in ("extract_stress16.json", "extract_stress15.json", "extract_dev.json")
    }
    assert first == {
        "extract_stress16.json": "f1ab027",
        "extract_stress15.json": "6d64824",
        "extract_dev.json": None,
    }


def picked(article, fitted: learn.Model) -> str:
    """`fitted`'s final deadline of a real post, read as notices.chosen_deadline reads it."""
    text, ref = article.content, published(article)
    dates = find_dates(text, ref)
    rules = deadline_fact(text, dates, ref, split_undated(text, dates)[0])
    found = candidates(text, ref, dates, rules, stages(), article.title)
    chosen = choice.choose(found, fitted, choice.model().threshold)
    return chosen.iso if chosen else ""


def test_a_model_that_never_saw_the_post_picks_the_applicants_date_over_a_later_stage(
    post, unseen_model
):
    """津北商务: online filing closes 2月5日17:00; the district's review on 2月10日 is later."""
    article = post("津北商务", "2247516498_3")
    assert {"2026-02-05T17:00", "2026-02-10"} <= deadlines(
        article.content, published(article), article.title
    )[1]
    assert picked(article, unseen_model) == "2026-02-05T17:00"


def test_a_model_that_never_saw_the_post_picks_the_last_of_four_steps(post, unseen_model):
    """未央工信: register, form the team, hand in to the district, then submit the plan online."""
    article = post("未央工信", "2247495051_3")
    assert picked(article, unseen_model) == "2025-10-28"


def test_a_date_the_rules_do_not_state_is_picked_and_says_what_it_is_for():
    """Sign-up "截至" a date after the way to sign up, written for this test (no labelled set
    holds it): the rules state no deadline, the shipped model picks it and names its purpose."""
    text = "参会方式：请填写附件回执报名，截至2026年5月20日。\n活动时间：2026年5月28日"
    ref = date(2026, 5, 6)
    assert deadline_fact(text, find_dates(text, ref), ref) == []
    facts = extract_notice_facts(text, ref, "关于举办专精特新企业融资对接会的通知")
    assert [(f.kind, f.value) for f in facts if "deadline" in f.kind] == [
        ("deadline", "2026-05-20"),
        ("stated_deadline", {"at": "2026-05-20", "for": "报名"}),
    ]


def test_a_news_posts_dates_get_no_deadline():
    """A post whose rules state no deadline keeps none unless the model is sure: a news item's
    dates are meetings and events, none asks to act by them."""
    news = "2025年10月20日，市经济信息化委召开工作会议。会议将于11月5日举行第二次会议。"
    assert deadlines(news, date(2025, 10, 21), "市经济信息化委召开工作会议")[0] == ""


def test_a_model_without_a_threshold_line_is_refused_unless_a_floor_is_given():
    """Where the rules state no deadline the pick must reach the model's floor, so a model with
    no threshold line cannot choose alone (learn.Model.required_threshold names what is missing)."""
    text = "请于2026年3月27日前报送材料。"
    ref = date(2026, 3, 1)
    found = candidates(text, ref, find_dates(text, ref), [], frozenset())
    unfloored = replace(choice.model(), threshold=None)
    with pytest.raises(ValueError, match="deadline chooser's model: no threshold line"):
        choice.choose(found, unfloored)
    assert choice.choose(found, unfloored, 0.0) is not None


def test_the_weights_file_says_what_it_was_trained_on_and_how_to_retrain():
    path = ROOT / "src" / "wxintel" / "data" / choice.MODEL_FILE
    header = " ".join(learn.header_of(path))
    assert "Trained at commit" in header
    assert "extract_stress14" in header and "extract_dev" in header
    assert "Retrain: PYTHONPATH=src python scripts/train_deadline_model.py --db wx.db" in header
    model = learn.read_model(path)
    assert model.classes == ("other", "final")
    assert model.dims == choice.DIMS
    assert model.threshold is not None


def test_the_selection_counts_dates_given_to_unlabelled_archive_posts(trainer, seed_db):
    """The seed archive's posts extract_dev does not label and whose kind is no action kind are
    the selection's negatives: a low floor dates some of them, the shipped floor fewer."""
    from wxintel.store import open_store
    from wxintel.store.articles import iter_articles

    dev = EVAL / "extract_dev.json"
    labels = json.loads(dev.read_text(encoding="utf-8"))
    labelled = {e["aid"] for e in labels["items"] + labels.get("non_calls", [])}
    stored = list(iter_articles(open_store(seed_db)))
    assert any(a.id in labelled and a.kind not in ACTION_KINDS for a in stored)
    assert any(a.id not in labelled and a.kind in ACTION_KINDS for a in stored)
    unlabelled = trainer.unlabelled_posts([dev], str(seed_db))
    kinds = {a.id: a.kind for a in stored}
    kept = unlabelled[LEFT, RIGHT]
    assert kept and all(p.aid not in labelled and kinds[p.aid] not in ACTION_KINDS for p in kept)
    described = trainer.labelled_posts([EVAL / "extract_stress13.json"], "", True)
    folds = trainer.Folds(described, unlabelled)
    low = folds.false_on_unlabelled(((LEFT, RIGHT), 0.0), frozenset())
    shipped = folds.false_on_unlabelled(((LEFT, RIGHT), choice.model().threshold), frozenset())
    assert low > shipped


def test_the_stability_count_names_the_posts_a_left_out_set_moves(trainer, seed_db):
    """Leaving out a set that only repeats another's posts teaches nothing new, so it moves no
    post of the seed archive; leaving out the only set leaves a model of no evidence (every date
    as likely as any), which dates posts the trained model leaves alone."""

    width = (LEFT, RIGHT)
    posts = trainer.labelled_posts([EVAL / "extract_stress13.json"], "", True)[width]
    archive = trainer.archive_posts(str(seed_db))[width]
    assert len(archive) > 100  # the seed account's posts
    twice = trainer.Folds({width: posts + [replace(p, set="copy") for p in posts]}, {width: []})
    assert twice.changed((width, 0.3), archive) == {"copy": set(), "extract_stress13": set()}
    alone = trainer.Folds({width: posts}, {width: []})
    moved = alone.changed((width, 0.3), archive)["extract_stress13"]
    assert moved


def test_the_held_out_table_scores_a_floor_set_by_hand_in_every_fold(trainer, capsys):
    """The shipped floor was set by hand (`--floor`), so `--loso --floor` must score that floor
    in every fold instead of the nested choice; 0.42 is no floor the selection can pick."""
    paths = [EVAL / "extract_stress12.json", EVAL / "extract_stress13.json"]
    described = trainer.labelled_posts(paths, "", True)
    folds = trainer.Folds(described, {width: [] for width in described})
    trainer.loso(folds, paths, 0.42)
    rows = capsys.readouterr().out.splitlines()
    folds_shown = [line for line in rows if line.startswith("extract_stress")]
    assert len(folds_shown) == 2 and all(" 0.42 " in line for line in folds_shown)
    assert "floor 0.42" in rows[-2]
    trainer.loso(folds, paths, None)
    nested = [line for line in capsys.readouterr().out.splitlines() if " 0.42 " in line]
    assert nested == []


def test_a_fixed_width_and_floor_are_scored_as_they_ship_and_the_header_holds_the_table(
    trainer, tmp_path, capsys
):
    """`--width` with `--floor` scores every fold at exactly that setting (no nested choice), and
    the model written at it carries that held-out table: the figure the shipped model answers for.
    24/14 and 0.42 are not the shipped pair, so neither comes from the code's defaults."""
    paths = [EVAL / "extract_stress12.json", EVAL / "extract_stress13.json"]
    described = trainer.labelled_posts(paths, "", True)
    folds = trainer.Folds(described, {width: [] for width in described})
    table = trainer.held_out(folds, paths, 0.42, (24, 14))
    assert [line.split()[:3] for line in table[1:3]] == [
        ["extract_stress12", "24/14", "0.42"],
        ["extract_stress13", "24/14", "0.42"],
    ]
    out = tmp_path / "model.txt"
    trainer.write(folds, paths, out, 0.42, (24, 14))
    header = learn.header_of(out)
    assert table[-1] in header and table[1] in header
    assert header[-2].endswith("train_deadline_model.py --db wx.db --width 24,14 --floor 0.42")
    assert learn.read_model(out).threshold == 0.42
    assert trainer._width("10,10") == (10, 10)
    with pytest.raises(argparse.ArgumentTypeError, match="7,7: not one of 6,4 10,6"):
        trainer._width("7,7")
