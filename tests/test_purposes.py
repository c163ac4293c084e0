"""extract/purposes.py: the learned reader of what a stated deadline is for replaces the rules'
label where it is sure, except a stage or channel the text names (for a stage, a recommender its
sentence or list item's heading names; for 纸质材料 or 电子材料, a word of it in the date's
sentence)."""

import json
from pathlib import Path

import numpy as np
import pytest

from wxintel.evaluation.extract import written_articles
from wxintel.extract import purposes, read_facts, reference_date
from wxintel.extract.notices import extract_notice_facts
from wxintel.model import Fact
from wxintel.nlp import learn


def _sure_of(label: str) -> learn.Model:
    """A reader sure of `label` (p ≈ 0.99) whatever the evidence."""
    classes = (label, "推荐")
    return learn.Model(classes, np.zeros((16, 2)), np.array([5.0, 0.0]), threshold=0.5)


def _stated(text: str, day: str, label: str, date: str) -> Fact:
    start = text.index(date)
    return Fact("stated_deadline", {"at": day, "for": label}, start, start + len(date), date)


def test_a_stage_or_channel_the_text_names_is_kept_and_another_is_the_models():
    text = (
        "（一）企业于4月10日前将纸质材料一式两份报送区经信局；（二）各学院于4月20日前完成审核。"
        "报名缴费截止时间为4月30日。各区于5月10日前推荐。电子版请于5月12日前发送至邮箱。"
    )
    facts = [
        _stated(text, "2026-04-10", "纸质材料", "4月10日"),
        _stated(text, "2026-04-20", "区级推荐", "4月20日"),
        _stated(text, "2026-04-30", "报名", "4月30日"),
        _stated(text, "2026-05-10", "区级推荐", "5月10日"),
        _stated(text, "2026-05-12", "电子材料", "5月12日"),
        Fact("phone", "0571-87052316", 0, 0, ""),
    ]
    read = purposes.relabel(text, "", facts, fitted=_sure_of("申报"))
    assert [f.value["for"] for f in read[:5]] == [
        "纸质材料",  # 纸质材料 is written in its sentence
        "申报",  # 各学院 names 推荐, not 区级推荐: the model's
        "申报",  # 报名 is a step, not a channel: the model reads which step the date is for
        "区级推荐",  # 各区 names it
        "电子材料",  # 电子版 and 邮箱 are written in its sentence
    ]
    assert read[5] == facts[5]


def test_the_verb_alone_names_no_stage():
    """推荐 or 区级推荐 is who recommends (docs/facts.md): the verb 推荐 keeps neither."""
    text = "请于4月10日前报送推荐材料。"
    start, end = text.index("4月10日"), text.index("4月10日") + 5
    assert purposes.named_by_sentence(purposes.Where(text, "", start, end), "推荐")
    assert not purposes.keeps_rules(purposes.Where(text, "", start, end), "推荐")
    assert not purposes.keeps_rules(purposes.Where(text, "", start, end), "区级推荐")


def test_a_title_deadline_is_read_against_the_title():
    title = "关于报送典型案例的通知（纸质材料11月30日前寄送）"
    fact = Fact(
        "stated_deadline", {"at": "2025-11-30", "for": "纸质材料", "from": "title"}, 0, 0, ""
    )
    assert purposes.keeps_rules(purposes.Where("正文", title, 0, 0), "纸质材料")
    assert purposes.relabel("正文", title, [fact], fitted=_sure_of("申报")) == [fact]
    assert not purposes.keeps_rules(
        purposes.Where("正文", "关于报送典型案例的通知", 0, 0), "纸质材料"
    )
    # a step the title names is the model's to read: 报名 is written, yet not kept
    assert not purposes.keeps_rules(
        purposes.Where("正文", "培训班（报名截止11月30日）", 0, 0), "报名"
    )


def test_the_shipped_weights_say_what_they_were_trained_on_and_how_to_retrain():
    header = learn.header_of(Path(purposes.__file__).parent.parent / "data" / purposes.MODEL_FILE)
    assert any(line.startswith("Trained at commit") and "extract_stress16" in line
               for line in header)  # fmt: skip
    assert any("scripts/purpose_model.py" in line and "--write" in line for line in header)
    assert purposes.model().threshold == 0.5


def test_a_weights_file_without_a_threshold_is_refused(monkeypatch):
    unsure = learn.Model(("申报", "推荐"), np.zeros((16, 2)), np.zeros(2))
    monkeypatch.setattr(learn, "packaged", lambda name: unsure)
    with pytest.raises(ValueError, match=r"purpose_model\.txt: no threshold line"):
        purposes.model()


def test_the_shipped_reader_is_read_and_applied_to_a_real_post(post):
    """The seed's districts' stage: read_facts is the shipped reader over the rules, and its list
    item's heading (各区域主管部门负责组织…推荐) keeps the rules' 区级推荐 (docs/facts.md)."""
    article = post("上海经信委", "2650689428_2")
    rules = extract_notice_facts(article.content, reference_date(article), article.title)
    read = [f.value for f in read_facts(article) if f.kind == "stated_deadline"]
    shipped = purposes.relabel(article.content, article.title, rules)
    assert read == [f.value for f in shipped if f.kind == "stated_deadline"]
    assert {"at": "2025-10-30", "for": "区级推荐"} in read
    assert {"区级推荐", "推荐", "网上申报", "纸质材料"} <= set(purposes.model().classes)


def test_the_shipped_model_replaces_a_label_the_text_does_not_name():
    """extract_stress16's county notice: the rules read both of its dates as 推荐; the text names
    neither label, and the shipped model reads the firms' date as 申报 and the towns' as 区级推荐,
    as labelled."""
    path = Path(__file__).resolve().parents[1] / "eval" / "extract_stress16.json"
    article = written_articles(json.loads(path.read_text(encoding="utf-8")))[("county_gov", "x14")]
    notice = extract_notice_facts(article.content, reference_date(article), article.title)
    rules = [f for f in notice if f.kind == "stated_deadline"]
    assert [(f.value["at"], f.value["for"]) for f in rules] == [
        ("2026-02-27", "推荐"),
        ("2026-03-06", "推荐"),
    ]
    wheres = [purposes.Where(article.content, article.title, f.start, f.end) for f in rules]
    assert not any(purposes.keeps_rules(where, "推荐") for where in wheres)
    read = [f for f in read_facts(article) if f.kind == "stated_deadline"]
    assert [(f.value["at"], f.value["for"]) for f in read] == [
        ("2026-02-27", "申报"),
        ("2026-03-06", "区级推荐"),
    ]
