"""The learned deadline chooser: its candidates and features, the shipped model on real posts of
the seven accounts and on sentences the rules read no deadline in, deterministic training, and
the weights file's header."""

from datetime import date

import numpy as np

from wxintel.extract import deadline_choice as choice
from wxintel.extract.deadline_features import candidates
from wxintel.extract.notices import deadline_fact, extract_notice_facts
from wxintel.nlp import learn
from wxintel.nlp.cndate import find_dates


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


def test_the_model_picks_the_applicants_date_over_a_later_stage_in_a_real_post(post):
    """津北商务: online filing closes 2月5日17:00; the district's review on 2月10日 is later."""
    article = post("津北商务", "2247516498_3")
    final, stated = deadlines(article.content, published(article), article.title)
    assert {"2026-02-05T17:00", "2026-02-10"} <= stated
    assert final == "2026-02-05T17:00"


def test_the_model_picks_the_last_of_four_steps_in_a_real_post(post):
    """未央工信: register, form the team, hand in to the district, then submit the plan online."""
    article = post("未央工信", "2247495051_3")
    final, stated = deadlines(article.content, published(article), article.title)
    assert {"2025-09-30", "2025-10-28"} <= stated
    assert final == "2025-10-28"


def test_a_date_the_rules_do_not_state_is_picked_and_says_what_it_is_for():
    """截至 after the sign-up method, and a consultation's 时间为A至B: the rules state neither."""
    text = "报名方式：扫描下方二维码报名，截至9月10日；名额60人。\n培训时间：2026年9月15日—17日"
    ref = date(2026, 8, 31)
    assert deadline_fact(text, find_dates(text, ref), ref) == []
    facts = extract_notice_facts(text, ref, "关于举办技术经纪人培训班的通知")
    assert [(f.kind, f.value) for f in facts if "deadline" in f.kind] == [
        ("deadline", "2026-09-10"),
        ("stated_deadline", {"at": "2026-09-10", "for": "报名"}),
    ]
    text = "公开征求意见，时间为2026年4月1日至4月30日。有关单位和个人可通过电子邮件提出意见。"
    title = "关于公开征求《促进首发经济发展若干措施（征求意见稿）》意见的公告"
    assert deadlines(text, date(2026, 3, 31), title) == ("2026-04-30", {"2026-04-30"})


def test_a_news_posts_dates_get_no_deadline(post):
    """A post whose rules state no deadline keeps none unless the model is sure: the seed's
    weekly news digest dates meetings and events, none asks to act by them."""
    news = "2025年10月20日，市经济信息化委召开工作会议。会议将于11月5日举行第二次会议。"
    assert deadlines(news, date(2025, 10, 21), "市经济信息化委召开工作会议")[0] == ""


def test_training_is_deterministic(post):
    """Two fits on the same candidates of real posts are the same model, weight for weight."""
    posts = [post("津北商务", "2247516498_3"), post("未央工信", "2247495051_3")]
    golds = ["2026-02-05T17:00", "2025-10-28"]
    examples, labels = [], []
    for article, gold in zip(posts, golds, strict=True):
        text, ref = article.content, published(article)
        dates = find_dates(text, ref)
        for c in candidates(text, ref, dates, deadline_fact(text, dates, ref), frozenset()):
            examples.append(c.features)
            labels.append("final" if c.iso == gold else "other")
    assert "final" in labels and "other" in labels
    first = learn.train(examples, labels, ("other", "final"), choice.DIMS, steps=50)
    second = learn.train(examples, labels, ("other", "final"), choice.DIMS, steps=50)
    assert np.array_equal(first.weights, second.weights)
    assert np.array_equal(first.bias, second.bias)


def test_the_weights_file_says_what_it_was_trained_on_and_how_to_retrain():
    header = " ".join(learn.header_of(choice.model_path()))
    assert "Trained at commit" in header
    assert "extract_stress14" in header and "extract_dev" in header
    assert "Retrain: PYTHONPATH=src python scripts/train_deadline_model.py --db wx.db" in header
    model = learn.read_model(choice.model_path())
    assert model.classes == ("other", "final")
    assert model.dims == choice.DIMS
