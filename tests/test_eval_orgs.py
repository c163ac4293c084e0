"""`wxintel eval orgs`: junk organisation names scored on one fixed labelled list."""

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from wxintel.cli import app
from wxintel.evaluation.labels import LabelsError
from wxintel.evaluation.org_drops import BANDS, check_drop_labels, threshold_of
from wxintel.evaluation.orgs import score_orgs

SAMPLE = Path(__file__).resolve().parents[1] / "eval" / "orgs_sample1.json"


def test_the_seed_accounts_labelled_names_are_scored_on_a_real_archive(seed_db, tmp_path):
    """The 上海经信委 names of the fixed sample, plus one name no post has: the archive is
    enriched now, a good name the extractor no longer gives is listed as lost."""
    labels = json.loads(SAMPLE.read_text(encoding="utf-8"))
    seed = [n for n in labels["names"] if n["account"] == "上海经信委"]
    nowhere = {"account": "上海经信委", "name": "从未出现的某某委员会", "junk": False}
    path = tmp_path / "orgs.json"
    path.write_text(json.dumps({"names": [*seed, nowhere]}, ensure_ascii=False), "utf-8")
    result = CliRunner().invoke(app, ["eval", "orgs", str(path), "--db", str(seed_db), "--json"])
    assert result.exit_code == 0, result.output
    scores = json.loads(result.stdout)
    overall = scores["overall"]
    assert overall["labelled"] == len(seed) + 1 >= 20
    assert overall["junk"] == sum(n["junk"] for n in seed)
    good_given = overall["found"] - overall["junk_found"]
    assert good_given > 15  # most good names of the sample are still found
    assert {"account": "上海经信委", "name": nowhere["name"],
            "why": "good name no longer given"} in scores["lost"]  # fmt: skip
    assert overall["good_lost"] == len(scores["lost"])
    rules = scores["rules_alone"]["overall"]  # the baseline, scored in the same run
    assert rules["labelled"] == overall["labelled"]


def test_rates_count_only_the_names_still_given():
    labels = {"names": [{"account": "a", "name": "甲局", "junk": False},
                        {"account": "a", "name": "落实乙局", "junk": True},
                        {"account": "b", "name": "丙委", "junk": False}]}  # fmt: skip
    scores = score_orgs(labels, [("a", "甲局"), ("a", "落实乙局"), ("a", "丙委")])
    assert scores["accounts"]["a"]["junk_rate"] == 0.5
    assert scores["accounts"]["b"]["junk_rate"] is None and scores["overall"]["good_lost"] == 1


@pytest.mark.parametrize(
    ("labels", "says"),
    [
        ([], "must be an object"),
        ({"names": []}, "no labelled names"),
        ({"names": [{"account": "a", "name": "甲局"}]}, "names[0].junk"),
        ({"names": [{"account": "", "name": "甲局", "junk": True}]}, "names[0].account"),
    ],
)
def test_labels_of_the_wrong_shape_are_refused(labels, says):
    with pytest.raises(LabelsError) as refused:
        score_orgs(labels, [])
    assert says in str(refused.value)


DROPS = [SAMPLE.parent / f"orgs_drops{n}.json" for n in (1, 2)]


def test_the_drops_samples_are_scored_per_band_on_the_seed_archive(seed_db, tmp_path):
    """The 上海经信委 mentions of both drops samples, scored pooled by the shipped filter in
    their posts now: the bands count the labels of the mentions scoring in them, and the
    shipped path drops exactly the mentions scoring at least the shipped threshold, in the
    samples and over the archive."""
    paths, seed = [], []
    for drops in DROPS:
        labels = json.loads(drops.read_text(encoding="utf-8"))
        mine = [m for m in labels["mentions"] if m["account"] == "上海经信委"]
        paths.append(tmp_path / drops.name)
        paths[-1].write_text(json.dumps({"mentions": mine}, ensure_ascii=False), "utf-8")
        seed += mine
    result = CliRunner().invoke(
        app, ["eval", "orgs-drops", *map(str, paths), "--db", str(seed_db), "--archive", "--json"]
    )
    assert result.exit_code == 0, result.output
    scores = json.loads(result.stdout)
    bands = scores["bands"].values()
    rows = scores["mentions"]
    assert len(rows) == len(seed) >= 25
    banded = [r for r in rows if r["score"] >= BANDS[0]]  # a retrained model moves some below
    assert sum(b["labelled"] for b in bands) == len(banded) > 0
    assert sum(b["junk"] for b in bands) == sum(r["junk"] for r in banded)
    assert scores["accounts"].keys() == {"上海经信委"}
    assert scores["dropped"] == sum(r["score"] >= scores["shipped"] for r in rows)
    assert all(r["dropped"] == (r["score"] >= scores["shipped"]) for r in rows)
    archive = scores["archive"]  # every post of the seed archive, through enrich either way
    assert archive["accounts"].keys() == {"上海经信委"} and archive["overall"]["posts"] > 100
    at_least = archive["overall"]["at_least"]
    assert archive["overall"]["dropped"] == at_least[str(scores["shipped"])]
    assert at_least["0.9"] > 0


def test_the_threshold_is_the_lowest_band_from_which_every_band_pays():
    def bands(*shares):
        return {band: {"share": s} for band, s in zip(BANDS, shares, strict=True)}

    assert threshold_of(bands(0.6, 0.8, 0.7)) == 0.8
    assert threshold_of(bands(0.7, 0.6, 0.9)) == 0.9
    assert threshold_of(bands(0.9, 0.9, 0.5)) is None
    assert threshold_of(bands(0.7, 0.7, 0.7)) == 0.7


@pytest.mark.parametrize(
    ("labels", "says"),
    [
        ({"names": []}, '"mentions"'),
        ({"mentions": [{"account": "a", "name": "甲局", "junk": True}]}, "mentions[0].aid"),
        ({"mentions": [{"account": "a", "aid": "1_1", "name": "甲局"}]}, "mentions[0].junk"),
    ],
)
def test_drop_labels_of_the_wrong_shape_are_refused(labels, says):
    with pytest.raises(LabelsError) as refused:
        check_drop_labels(labels)
    assert says in str(refused.value)
