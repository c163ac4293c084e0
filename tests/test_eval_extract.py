"""enrich on the real seed: the dev labels and the span invariant (speed: bench/enrich.py)."""

import dataclasses
import json
from pathlib import Path

import pytest

from wxintel.evaluation.extract import (
    format_action_report,
    format_report,
    score_actions,
    score_extract,
)
from wxintel.evaluation.labels import LabelsError
from wxintel.extract import enrich
from wxintel.extract.doctype import ACTION_KINDS
from wxintel.model import Article, Enrichment

LABELS = Path(__file__).resolve().parents[1].parent / "shared" / "eval" / "notices_dev.json"


@pytest.fixture(scope="module")
def enriched(seed_clean) -> dict[str, tuple[Article, Enrichment]]:
    return {a.aid: (a, enrich(a)) for a in seed_clean}


@pytest.fixture(scope="module")
def scores(enriched) -> dict:
    return score_extract(json.loads(LABELS.read_text(encoding="utf-8")), enriched.get)


def test_the_notice_format_is_still_scored(scores):
    # Quality is reported by `wxintel eval extract`, not asserted here: this checks the shape.
    assert {"deadline", "phones", "kind", "non_notices"} <= set(scores)
    labelled = json.loads(LABELS.read_text(encoding="utf-8"))["items"]
    assert scores["deadline"]["tp"] + scores["deadline"]["fn"] == sum(
        1 for item in labelled if item.get("deadline")
    )


def test_scorer_counts_misses_and_missing_articles(enriched):
    labels = {
        "items": [{"aid": "2650689428_2", "kind": "publicity", "deadline": "2025-10-31"},
                  {"aid": "no-such-article", "kind": "call", "deadline": "2025-01-01"}],
        "non_notices_sample": ["2650689428_2"],
    }  # fmt: skip
    scores = score_extract(labels, enriched.get)
    assert scores["deadline"]["tp"] == 0 and scores["deadline"]["fn"] == 2
    assert scores["deadline"]["fp"] == 1  # 2025-10-30 predicted, 2025-10-31 labelled
    assert scores["kind_accuracy"] == 0.0
    assert scores["non_notices"]["correct"] == 0
    report = format_report(scores)
    assert "deadline" in report and "no-such-article" in report


def test_every_fact_span_is_exact(enriched):
    total = 0
    for article, enrichment in enriched.values():
        for fact in enrichment.facts:
            assert article.content[fact.start : fact.end] == fact.text, (article.aid, fact)
            json.dumps(fact.value)  # JSON-able
            total += 1
    assert total > 1000


def test_enrich_is_deterministic(seed_by_aid):
    article = seed_by_aid["2650689428_2"]
    assert enrich(article) == enrich(article)


@pytest.mark.parametrize(
    ("labels", "says"),
    [
        ([], "must be an object, not a list"),
        ({}, "no labelled notices"),
        ({"queries": [{"q": "x", "rel": {"a": 1}}]}, "looks like search judgments"),
        ({"items": [{"aid": "2650689428_2"}]}, "items[0].kind must be"),
        ({"items": [{"aid": "2650689428_2", "kind": "call", "phones": "2311"}]}, "phones"),
        ({"items": [{"aid": "2650689428_2", "kind": "call", "attachments": "5"}]}, "count"),
        ({"items": [{"aid": "2650689428_2", "kind": "call", "table": {"rows": 3}}]}, "table"),
        ({"non_notices_sample": [1]}, "non_notices_sample[0] must be an aid"),
    ],
)
def test_labels_of_the_wrong_shape_are_refused_not_scored(enriched, labels, says):
    with pytest.raises(LabelsError) as refused:
        score_extract(labels, enriched.get)
    assert says in str(refused.value)


def test_no_labelled_item_of_a_kind_is_not_a_perfect_score(enriched):
    scores = score_extract({"non_notices_sample": ["2650689828_1"]}, enriched.get)
    assert scores["kind_accuracy"] is None and "kind accuracy   n/a" in format_report(scores)
    only_notices = score_extract({"items": [{"aid": "2650689428_2", "kind": "call"}]}, enriched.get)
    assert only_notices["non_notices"]["accuracy"] is None


def test_action_items_are_scored_per_account_beside_each_other(enriched, more_clean):
    # Real posts by (account, aid); the gold values here are deliberately wrong or right so
    # each counter can be checked.
    articles = {(a.account, a.aid): (a, enrich(a)) for arts in more_clean.values() for a in arts}
    articles.update({(a.account, a.aid): pair for (a, pair) in
                     ((p[0], p) for p in enriched.values())})  # fmt: skip
    seed, weiyang = ("上海经信委", "2650689428_2"), ("未央工信", "2247495151_1")
    predicted = {key: articles[key][1] for key in (seed, weiyang)}
    seed_deadline = next(f.value for f in predicted[seed].facts if f.kind == "deadline")
    labels = {
        "items": [
            {"account": seed[0], "aid": seed[1], "kind": predicted[seed].kind,
             "deadline": seed_deadline, "deadlines": [{"at": seed_deadline, "for": "申报"}],
             "phones": ["00000000"], "emails": []},
            {"account": weiyang[0], "aid": weiyang[1], "kind": "consultation",
             "deadline": "2025-10-27", "deadlines": [], "phones": [], "emails": []},
            {"account": "nobody", "aid": "x", "kind": "call", "deadline": "2025-01-01"},
        ],
        "non_calls": [{"account": weiyang[0], "aid": weiyang[1], "why": "test"}],
    }  # fmt: skip
    scores = score_actions(labels, lambda account, aid: articles.get((account, aid)))
    seed_figures = scores["accounts"][seed[0]]
    assert seed_figures["kind_accuracy"] == 1.0 and seed_figures["deadline_exact"] == 1.0
    assert seed_figures["phones"]["fn"] == 1  # 00000000 is in no post
    weiyang_figures = scores["accounts"][weiyang[0]]
    assert weiyang_figures["kind_accuracy"] == 0.0
    assert weiyang_figures["deadline_exact"] == 0.0  # 18:00 stated, the day only labelled
    assert weiyang_figures["deadline_right_day"] == 1.0
    assert weiyang_figures["non_calls_on_board"] == 1  # a call labelled as a non-call
    assert scores["overall"]["items"] == 3 and scores["overall"]["missing"] == 1
    assert "nobody" in format_action_report(scores)


@pytest.mark.parametrize(
    ("labels", "says"),
    [
        ({"non_calls": [{"aid": "x"}]}, "non_calls[0].account"),
        ({"items": [{"account": "a", "aid": "x"}]}, "items[0].kind"),
        ({"items": [{"account": "a", "aid": "x", "kind": "call", "deadlines": [{}]}]},
         "items[0].deadlines[0]"),
        ({"items": [{"account": "a", "aid": "x", "kind": "call", "phones": "1"}]}, "phones"),
        # one date, one purpose: a date stated for paper and e-mail at once takes the first named
        ({"items": [{"account": "a", "aid": "x", "kind": "call",
                     "deadlines": [{"at": "2026-04-03", "for": "纸质材料"},
                                   {"at": "2026-04-03", "for": "材料送科研部"},
                                   {"at": "2026-04-03", "for": "电子材料"}]}]},
         "items[0].deadlines[2] must be another date than deadlines[0]'s"),
    ],
)  # fmt: skip
def test_action_labels_of_the_wrong_shape_are_refused(labels, says):
    with pytest.raises(LabelsError) as refused:
        score_actions(labels, lambda account, aid: None)
    assert says in str(refused.value)


STRESS = Path(__file__).resolve().parents[1] / "eval" / "extract_stress.json"


def test_a_written_stress_set_is_scored_per_class_without_a_store(tmp_path):
    """eval/extract_stress.json carries its own made-up notices: `eval extract` scores them
    with no archive (the --db named here does not exist and is never opened), one row per form
    class, and an undated stated deadline is compared by its wording."""
    from typer.testing import CliRunner

    from wxintel.cli import app

    missing = tmp_path / "none.db"
    result = CliRunner().invoke(
        app, ["eval", "extract", str(STRESS), "--db", str(missing), "--json"]
    )
    assert result.exit_code == 0, result.output
    scores = json.loads(result.stdout)["wxintel"]
    labels = json.loads(STRESS.read_text(encoding="utf-8"))
    classes = {i["account"] for i in [*labels["items"], *labels["non_calls"]]}
    assert set(scores["accounts"]) == classes and not missing.exists()
    assert scores["overall"]["items"] == len(labels["items"]) and not scores["overall"]["missing"]
    undated = [d for i in labels["items"] for d in i["deadlines"] if d["at"] is None]
    assert undated and all(d["as_written"] for d in undated)
    kinds = scores["kinds"]  # one row per labelled kind, beside the accounts'
    assert {i["kind"] for i in labels["items"]} == set(kinds)
    assert sum(k["items"] for k in kinds.values()) == len(labels["items"])
    for figures in [*kinds.values(), scores["overall"]]:
        assert figures["deadline_exact_on_board"] <= figures["deadline_exact"]
    shown = CliRunner().invoke(app, ["eval", "extract", str(STRESS), "--db", str(missing)])
    assert "dl.board" in shown.stdout
    assert any(line.split()[:2] == ["call", str(kinds["call"]["items"])]
               for line in shown.stdout.splitlines())  # fmt: skip


def test_an_exact_deadline_the_board_does_not_show_is_counted_apart(enriched):
    """A registration typed news keeps its deadline where no user sees it: deadline_exact
    counts it, deadline_exact_on_board does not, and each labelled kind has its row. The real
    enrichment of a seed call, once as it is and once typed news (the mistake doctype makes
    on 闵行发展改革's 留抵退税 extension)."""
    article, found = enriched["2650689428_2"]
    deadline = next(f.value for f in found.facts if f.kind == "deadline")
    assert found.kind in ACTION_KINDS
    items = [
        {"account": "上海经信委", "aid": "as-typed", "kind": found.kind, "deadline": deadline},
        {"account": "上海经信委", "aid": "as-news", "kind": "registration", "deadline": deadline},
    ]
    enrichments = {"as-typed": found, "as-news": dataclasses.replace(found, kind="news")}
    scores = score_actions({"items": items}, lambda account, aid: (article, enrichments[aid]))
    overall = scores["overall"]
    assert (overall["deadline_exact"], overall["deadline_exact_on_board"]) == (1.0, 0.5)
    assert scores["kinds"]["registration"] == {
        "items": 1,
        "missing": 0,
        "kind_accuracy": 0.0,
        "deadlines_labelled": 1,
        "deadline_exact": 1.0,
        "deadline_right_day": 1.0,
        "deadline_exact_on_board": 0.0,
    }
    assert scores["kinds"][found.kind]["deadline_exact_on_board"] == 1.0
    both = ("consultation", "registration")  # a-z and as labelled; the board shows the other order
    labelled = [{"account": "上海经信委", "aid": kind, "kind": kind} for kind in both]
    typed = {item["aid"]: dataclasses.replace(found, kind=item["kind"]) for item in labelled}
    ordered = score_actions({"items": labelled}, lambda account, aid: (article, typed[aid]))
    assert list(ordered["kinds"]) == ["registration", "consultation"]
    rows = {line.split()[0]: line.split() for line in format_action_report(scores).splitlines()
            if line.strip()}  # fmt: skip
    assert rows["registration"] == ["registration", "1", "0.000", "1.000", "1.000", "0.000"]
    assert rows["overall"][-1] == "0.500"


def test_a_written_item_without_its_publish_date_is_refused():
    item = {"account": "a", "aid": "x", "kind": "call", "text": "请于12月5日前报送。"}
    with pytest.raises(LabelsError) as refused:
        score_actions({"items": [item]}, lambda account, aid: None)
    assert "items[0].published" in str(refused.value)


def test_stated_purposes_are_scored_only_where_the_label_uses_the_vocabulary():
    """A stated deadline's `for` is scored when the label names a purpose or stage of the
    vocabularies (网上申报, 区级推荐 …); a free description (the dev sets') is not."""
    text = "网上申报截止时间为2025年11月20日；纸质材料请于11月25日前报送。"
    article = Article(title="关于申报的通知", content=text, account="a", aid="x",
                      published="2025-11-05")  # fmt: skip
    found = (article, enrich(article))
    item = {"account": "a", "aid": "x", "kind": "call", "deadline": "2025-11-25",
            "deadlines": [{"at": "2025-11-20", "for": "网上申报"},
                          {"at": "2025-11-25", "for": "区级推荐"},  # deliberately wrong
                          {"at": "2025-11-25", "for": "材料送区工信局"}]}  # fmt: skip
    scores = score_actions({"items": [item]}, lambda account, aid: found)["overall"]
    assert scores["purposes_labelled"] == 2 and scores["stated_purposes"] == 0.5


def test_contacts_are_scored_as_a_name_with_its_phone_where_labelled():
    """A contact block (eval/extract_contacts1.json) labels who to phone as name and number;
    a right name with the wrong number is a miss, and such an item may leave its kind out."""
    text = "联系人：张老师，电话：021-23117664；李先生，电话：021-23117665\n"
    article = Article(title="关于申报的通知", content=text, account="a", aid="x",
                      published="2025-11-05")  # fmt: skip
    found = (article, enrich(article))
    item = {"account": "a", "aid": "x", "phones": ["021-23117664", "021-23117665"],
            "contacts": [{"name": "张 老师", "phone": "021-23117664"},
                         {"name": "李先生", "phone": "021-23117664"}]}  # fmt: skip
    scores = score_actions({"items": [item]}, lambda account, aid: found)
    contacts = scores["overall"]["contacts"]
    assert (contacts["tp"], contacts["fp"], contacts["fn"]) == (1, 1, 1)
    assert scores["overall"]["kind_accuracy"] is None
    assert "李先生 021-23117665" in format_action_report(scores)
    with pytest.raises(LabelsError) as refused:
        score_actions({"items": [{**item, "contacts": [{"phone": "1"}]}]}, lambda a, b: found)
    assert "items[0].contacts[0]" in str(refused.value)


@pytest.mark.parametrize(
    "name",
    [
        "extract_contacts1.json",
        "extract_contacts2.json",
        "extract_contacts3.json",
        "extract_contacts4.json",
    ],
)
def test_the_contacts_sets_are_scored_for_people_without_a_store(name):
    labels = json.loads((STRESS.parent / name).read_text(encoding="utf-8"))
    from wxintel.evaluation.extract import written_articles

    articles = written_articles(labels)
    scores = score_actions(labels, lambda a, aid: (art := articles[a, aid], enrich(art)))
    labelled = sum(len(i["contacts"]) for i in labels["items"])
    people = scores["overall"]["contacts"]
    assert people["tp"] + people["fn"] == labelled >= 9
    assert len(labels["items"]) >= 15 and scores["overall"]["kind_accuracy"] is None


def test_phone_roles_are_scored_where_labelled():
    """extract_contacts5.json labels each phone's role; a phone found is scored for its role (a
    phone given none counts as 咨询, a contact number), and a wrong role is listed as a miss."""
    from wxintel.evaluation.extract import written_articles

    labels = json.loads((STRESS.parent / "extract_contacts5.json").read_text(encoding="utf-8"))
    articles = written_articles(labels)
    scores = score_actions(labels, lambda a, aid: (art := articles[a, aid], enrich(art)))
    labelled = sum(len(i["roles"]) for i in labels["items"])
    assert scores["overall"]["roles_labelled"] == labelled >= 30
    assert 0 < scores["overall"]["phone_roles"] <= 1
    [item] = [i for i in labels["items"] if i["aid"] == "c01"]
    wrong = {**item, "roles": {"0571-86005678": "投诉"}}
    found = (art := articles[item["account"], item["aid"]], enrich(art))
    one = score_actions({"items": [wrong]}, lambda a, aid: found)
    assert one["overall"]["phone_roles"] == 0.0
    assert {"field": "role", "gold": "0571-86005678 投诉", "predicted": "监督"}.items() <= (
        one["errors"][0].items()
    )
    with pytest.raises(LabelsError) as refused:
        score_actions({"items": [{**item, "roles": ["监督"]}]}, lambda a, aid: found)
    assert "items[0].roles" in str(refused.value)
