"""Money figures, percentages and counts: what they measure, normalised values, exact spans."""

from __future__ import annotations

from wxintel.extract.figures import extract_figures
from wxintel.model import Article


def test_every_figure_on_the_seed_keeps_its_exact_span(seed_clean: list[Article]):
    total = 0
    for article in seed_clean:
        for fact in extract_figures(article.content):
            assert fact.kind == "figure"
            assert article.content[fact.start : fact.end] == fact.text
            assert fact.value["amount"] > 0 and fact.value["unit"]
        total += len(extract_figures(article.content))
    assert total > 300


def test_industry_scale_is_a_money_figure_with_its_measure(seed_by_aid):
    facts = extract_figures(seed_by_aid["2650689757_3"].content)
    scale = next(f for f in facts if f.value.get("yuan") == 450_000_000_000)
    assert scale.text == "突破4500亿元"
    assert scale.value["measure"] == "人工智能产业规模"
    assert (scale.value["amount"], scale.value["unit"], scale.value["qualifier"]) == (
        4500,
        "亿元",
        "突破",
    )


def test_counts_name_what_they_count(seed_by_aid):
    facts = extract_figures(seed_by_aid["2650689828_2"].content)
    firms = next(f for f in facts if f.text == "300余家")
    assert firms.value["measure"] == "企业"
    assert (firms.value["count"], firms.value["qualifier"]) == (300, "余")


def test_fund_size_and_growth_rate():
    fund, growth = extract_figures("设立基金规模20亿元，同比增长12.5%")
    assert fund.value["measure"] == "基金规模"
    assert fund.value["yuan"] == 2_000_000_000
    assert growth.value["percent"] == 12.5
    assert growth.value["qualifier"] == "同比增长"
    assert growth.value["measure"] == "基金规模"  # growth of the figure before it


def test_ordinals_dates_and_document_numbers_are_not_figures():
    text = "第二批名单于2025年10月10日公示（沪经信制〔2025〕514号），一批企业入选"
    assert extract_figures(text) == []


def test_foreign_currency_is_not_counted_as_yuan():
    (fact,) = extract_figures("总投资约1.2亿美元")
    assert "yuan" not in fact.value
    assert fact.value["currency"] == "USD"
    assert fact.value["currency_amount"] == 120_000_000


def test_set_phrases_with_hundred_and_thousand_are_not_counts() -> None:
    assert extract_figures("“百场万企”专精特新企业上海行，惠及千家万户") == []
    assert [f.value["count"] for f in extract_figures("吸引三百家企业参会")] == [300]
