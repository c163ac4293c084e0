"""scripts/purpose_model.py: the leave-one-set-out measure of a learned purpose labeller reads
each labelled stated deadline the rules find, with the evidence around its date."""

from pathlib import Path

from helpers import load_script

from wxintel.extract.purposes import Where, features

ROOT = Path(__file__).resolve().parent.parent


def test_features_read_the_heading_the_sentence_and_the_rules_label():
    text = "二、纸质材料\n申报材料一式三份，请于2025年11月28日前报送至区经委。"
    start = text.index("2025")
    end = text.index("前")
    found = features(Where(text, "关于申报的通知", start, end), "纸质材料")
    assert "r:纸质材料" in found
    assert "s:一式三" in found  # the sentence before the date
    assert "a:报送至" in found  # and after it
    assert not any(name.startswith("t:") for name in found)  # a body date reads no title


def test_a_title_deadline_reads_the_title():
    found = features(Where("正文", "报名截止11月30日", 0, 0), "")
    assert "r:-" in found and "t:报名" in found
    assert not any(name.startswith(("l:", "s:", "h:")) for name in found)


def test_examples_and_folds_on_a_written_set():
    """extract_stress15 carries its own text: each labelled purpose the rules find is one
    example, its gold a head the scorer knows; two sets give a fold each."""
    from wxintel.evaluation import extract as ev

    pm = load_script("purpose_model")
    found = pm.examples([ROOT / "eval" / "extract_stress15.json"], "", first_run=False)
    assert found and {e.gold for e in found} <= ev._purpose_labels()
    assert all(f"r:{e.rules or '-'}" in e.features for e in found)
    halves = [pm.Example("a" if k % 2 else "b", e.gold, e.rules, e.features, e.kept)
              for k, e in enumerate(found)]  # fmt: skip
    rows = pm.loso(halves)
    assert [row[:2] for row in rows] == [
        ("a", len(found) // 2),
        ("b", len(found) - len(found) // 2),
    ]
    for name, _, rules, _, where_generic, _, guarded in rows:
        assert rules == sum(e.rules == e.gold for e in halves if e.set == name)
        # the shipped column keeps every rules' label the text names (purposes.keeps_rules)
        kept = [e for e in halves if e.set == name and e.kept]
        assert kept and guarded >= sum(e.rules == e.gold for e in kept)
        # the model changes only labels the rules left generic, so it keeps every specific
        specific = [e for e in halves if e.set == name and e.rules not in ("", "申报")]
        assert where_generic >= sum(e.rules == e.gold for e in specific)
