"""scripts/board_model.py: the learned board's examples carry the kind and rule shape the rules
gave each post at its set's first run; here, on a set with no first run, this tree's."""

import json

from helpers import load_script


def test_a_rules_name_keeps_how_it_decided_not_the_word():
    script = load_script("board_model")
    assert script.rule_shape("title:申报+deadline") == "title:W+deadline"
    assert script.rule_shape("title:招聘会+报名+employers") == "title:W+W+employers"
    assert script.rule_shape("notice+deadline") == "notice+deadline"
    assert script.rule_shape("default") == "default"


def test_examples_carry_the_rules_kind_and_rule(tmp_path):
    """A made-up set with no first run: each post's rules and rule features are this tree's,
    its label the set's (a call on the board, a report of a closed call off it)."""
    text = "请各企业于2026年8月5日前登录系统提交申报材料。"
    closed = "本年度申报工作已于6月30日截止，共受理企业申报86家。"
    labels = {
        "items": [{"account": "t", "aid": "a1", "kind": "call", "published": "2026-07-01",
                   "title": "关于开展2026年度技术中心申报工作的通知", "text": text}],
        "non_calls": [{"account": "t", "aid": "n1", "published": "2026-07-10",
                       "title": "2026年度技术中心申报工作圆满完成", "text": closed}],
    }  # fmt: skip
    path = tmp_path / "extract_stress_x.json"
    path.write_text(json.dumps(labels, ensure_ascii=False), encoding="utf-8")
    found = {e.aid: e for e in load_script("board_model").examples([path], "")}
    assert (found["a1"].label, found["a1"].rules) == ("call", "call")
    assert found["a1"].features["rule:title:W+deadline"] == 1.0
    assert (found["n1"].label, found["n1"].rules) == ("off", "news")
    assert found["n1"].features["rules:news"] == 1.0
    assert {e.fold for e in found.values()} == {"extract_stress_x"}
