"""Conditions read from real calls of the development accounts (referred to by account and
aid; no text is copied here): spans, units, 本市/本区 resolution, alternatives."""

from __future__ import annotations

import pytest

from wxintel.extract.conditions import Condition, condition_sections, extract_conditions
from wxintel.model import Article
from wxintel.nlp.regions import home_region, regions


@pytest.fixture(scope="module")
def by_key(seed_clean: list[Article], more_clean: dict[str, list[Article]]) -> dict:
    articles = seed_clean + [a for posts in more_clean.values() for a in posts]
    return {(a.account, a.aid): a for a in articles}


@pytest.fixture(scope="module")
def homes(seed_clean: list[Article], more_clean: dict[str, list[Article]]) -> dict:
    accounts = {"上海经信委": seed_clean, **more_clean}
    return {name: home_region(a.content for a in posts) for name, posts in accounts.items()}


def leaves(conditions: list[Condition]) -> list[Condition]:
    return [leaf for c in conditions for leaf in c.leaves()]


def test_every_condition_quotes_its_exact_span(by_key: dict, homes: dict) -> None:
    seen = 0
    for (account, _), article in by_key.items():
        for condition in extract_conditions(article, homes[account]):
            seen += 1
            assert article.content[condition.start : condition.end] == condition.text
            for leaf in condition.leaves():
                assert article.content[leaf.start : leaf.end] == leaf.text
    assert seen > 200  # the archive holds dozens of calls with conditions sections


def test_home_region_is_learned_from_each_accounts_posts(homes: dict) -> None:
    # district accounts get their district, municipal ones their city; none is configured
    assert homes["闵行发展改革"] == "闵行区"
    assert homes["未央工信"] == "未央区"
    assert homes["上海经信委"] == "上海市"
    assert regions().at_level(homes["津北商务"], "city") == "天津市"


def test_district_deixis_resolves_to_the_accounts_district(by_key: dict, homes: dict) -> None:
    article = by_key[("未央工信", "2247495398_5")]  # 我区 in a Xi'an district bureau's call
    found = extract_conditions(article, homes["未央工信"])
    places = [c for c in found if c.field == "registered_district"]
    assert [c.value for c in places] == [["未央区"]]
    assert "我区" in places[0].text


def test_unresolved_deixis_is_kept_as_a_clause_to_read(by_key: dict) -> None:
    # without the account's home, 我区 of this post names no district any region file knows
    article = by_key[("未央工信", "2247495398_5")]
    found = extract_conditions(article, None)
    assert not [c for c in found if c.field == "registered_district"]
    assert [c for c in found if c.field == "other" and "我区" in c.text]


def test_a_city_no_region_file_knows_is_compared_by_name() -> None:
    from datetime import date

    from wxintel.match import judge, parse_profile

    article = Article(
        title="关于开展某项目申报的通知",
        content="一、申报条件\n1.在绍兴市依法注册，信用记录良好。\n",
    )
    found = extract_conditions(article, None)
    assert [(c.field, c.value) for c in found][:1] == [("registered_city", ["绍兴市"])]
    here = parse_profile({"name": "甲", "registered_city": "绍兴市", "credit_ok": True})
    there = parse_profile({"name": "乙", "registered_city": "杭州市", "credit_ok": True})
    assert judge(found, here, date(2025, 1, 1)).verdict == "eligible"
    assert judge(found, there, date(2025, 1, 1)).because[0]["field"] == "registered_city"


def test_a_place_no_region_file_knows_asks_for_the_address_never_fails() -> None:
    """滨海试验区 is in no region file: its suffix 区 guesses a district, but it may be a zone
    inside the firm's own district, so a 滨海新区 firm is asked for its address, not failed."""
    from datetime import date

    from wxintel.match import judge, parse_profile

    article = Article(
        title="关于组织申报专项资金的通知",
        content="一、申报条件\n1.在滨海试验区注册满一年的企业。\n",
    )
    found = extract_conditions(article, None)
    assert not regions().known("滨海试验区")
    assert [(c.field, c.value) for c in found][:1] == [("registered_district", ["滨海试验区"])]
    firm = {
        "name": "甲",
        "registered_city": "天津市",
        "registered_district": "滨海新区",
        "registered_on": "2020-01-01",
    }
    verdict = judge(found, parse_profile(firm), date(2026, 3, 2))
    assert (verdict.verdict, verdict.missing) == ("unknown", ["registered_address"])
    inside = parse_profile({**firm, "registered_address": "天津市滨海试验区某路1号"})
    assert judge(found, inside, date(2026, 3, 2)).verdict == "eligible"
    # a place the region file knows is still failed by it: 闵行区 is not 滨海新区
    known = Article(title="关于申报的通知", content="一、申报条件\n1.在闵行区注册的企业。\n")
    failed = judge(extract_conditions(known, None), parse_profile(firm), date(2026, 3, 2))
    assert failed.because[0]["field"] == "registered_district"


def test_deixis_resolves_to_an_issuer_no_region_file_knows() -> None:
    article = Article(
        title="绍兴市经济和信息化局关于开展某项申报的通知",
        content="一、申报条件\n1.在本市依法注册。\n",
    )
    assert [(c.field, c.value) for c in extract_conditions(article, None)] == [
        ("registered_city", ["绍兴市"])
    ]


def test_city_deixis_resolves_through_the_issuer(by_key: dict, homes: dict) -> None:
    article = by_key[("闵行发展改革", "2247503439_1")]  # 本市 in a municipal fund's call
    cities = [
        c
        for c in extract_conditions(article, homes["闵行发展改革"])
        if c.field == "registered_city"
    ]
    assert [c.value for c in cities] == [["上海市"]]
    assert [c.op for c in leaves(extract_conditions(article, None)) if c.field == "credit_ok"]


def test_province_deixis_reaches_up_from_the_district(by_key: dict, homes: dict) -> None:
    article = by_key[("未央工信", "2247494558_1")]  # 我省境内注册登记
    cities = [
        c for c in extract_conditions(article, homes["未央工信"]) if c.field == "registered_city"
    ]
    assert [c.value for c in cities] == [["陕西省"]]


def test_thresholds_in_wan_with_alternatives_and_tiers(by_key: dict, homes: dict) -> None:
    article = by_key[("闵行发展改革", "2247504046_1")]
    found = extract_conditions(article, homes["闵行发展改革"])
    revenue = [c for c in leaves(found) if c.field == "revenue_wan"]
    assert [(c.op, c.value) for c in revenue] == [(">=", 10000.0)]  # 1亿元 = 10000 万元
    assets = [c for c in leaves(found) if c.field == "assets_wan"]
    assert [(c.op, c.value, c.text) for c in assets] == [(">=", 20000.0, "资产总额达到2亿元")]
    # the revenue bar has an alternative (a growth rate no profile field decides)
    holder = next(c for c in found if any(leaf.field == "revenue_wan" for leaf in c.leaves()))
    assert holder.op == "any_of" and {leaf.field for leaf in holder.leaves()} == {
        "revenue_wan",
        "other",
    }
    # the R&D ratio has a higher bar for some sectors, and an R&D-spending alternative
    rd = next(c for c in found if any(leaf.field == "rd_expense_wan" for leaf in c.leaves()))
    ratios = sorted(leaf.value for leaf in rd.leaves() if leaf.field == "rd_ratio_pct")
    assert ratios == [5.0, 10.0]
    assert [leaf.value for leaf in rd.leaves() if leaf.field == "rd_expense_wan"] == [5000.0]
    assert [c.value for c in found if c.field == "registered_district"] == [["闵行区"]]


def test_exception_aside_becomes_an_alternative(by_key: dict, homes: dict) -> None:
    article = by_key[("未央工信", "2247495223_1")]  # 规上企业 (新注册企业除外，注册时间为…后)
    found = extract_conditions(article, homes["未央工信"])
    holder = next(c for c in found if any(leaf.field == "qualifications" for leaf in c.leaves()))
    assert holder.op == "any_of"
    fields = {(leaf.field, leaf.op) for leaf in holder.leaves()}
    assert fields == {("qualifications", "has"), ("registered_on", ">=")}


def test_preferences_and_project_clauses_are_not_firm_conditions(by_key: dict, homes: dict) -> None:
    # 已获得以下认定之一…的优先: a preference, not a requirement
    article = by_key[("闵行发展改革", "2247504046_1")]
    assert not [c for c in leaves(extract_conditions(article, None)) if c.field == "qualifications"]
    # 项目总投资 is about the project: unchecked, never a revenue bar
    article = by_key[("闵行发展改革", "2247504475_1")]
    found = leaves(extract_conditions(article, homes["闵行发展改革"]))
    assert not [c for c in found if c.field == "revenue_wan"]
    assert any("总投资" in c.text for c in found if c.field == "other")


def test_posts_without_a_conditions_section_state_none(by_key: dict) -> None:
    news = [a for (account, _), a in by_key.items() if account == "北邮家教部"]
    assert news and all(not condition_sections(a.content) for a in news)


@pytest.mark.parametrize(
    ("account", "aid", "audience", "why"),
    [
        ("天津西青", "2652092305_2", "individuals", "an adult college's enrolment"),
        ("闵行发展改革", "2247504054_1", "individuals", "a drawing contest for children"),
        ("河西政务服务", "2247518614_2", "individuals", "school enrolment of children"),
        ("未央工信", "2247495126_1", None, "a green-factory call to firms"),
        ("未央工信", "2247494817_1", None, "firms' products for the elderly and disabled"),
        ("未央工信", "2247494451_1", None, "a talent scheme applied for through employers"),
        ("津北商务", "2247516213_3", None, "a guide sent to the districts' 商务主管部门 for firms"),
    ],
)
def test_a_post_addressed_to_no_firm_says_so_as_a_condition(
    by_key: dict, homes: dict, account: str, aid: str, audience: str | None, why: str
) -> None:
    article = by_key[(account, aid)]
    found = [c for c in extract_conditions(article, homes[account]) if c.field == "applicant"]
    assert [c.value for c in found] == ([audience] if audience else []), why
    for condition in found:
        assert article.content[condition.start : condition.end] == condition.text


def test_a_notice_sent_to_governments_is_addressed_to_no_firm() -> None:
    """Made-up: a ministry's notice whose 主送机关 and asks name the provinces' governments and
    departments (GB/T 9704's collective forms) far more than organisations; no firm applies."""
    text = (
        "各省、自治区、直辖市人民政府，各计划单列市人民政府：\n"
        "请各省（区、市）人民政府组织商务主管部门做好推荐，每省推荐不超过3个城市。"
        "推荐材料由省级商务主管部门汇总后报送。"
    )
    found = [c for c in extract_conditions(Article(title="关于开展试点工作的通知", content=text))
             if c.field == "applicant"]  # fmt: skip
    assert [c.value for c in found] == ["governments"]
    assert found[0].text == "各省、自治区、直辖市人民政府"
    # the same asks sent to firms through the departments name 企业 far more: a firm call
    firms = text.replace("每省推荐不超过3个城市", "推荐企业、园区、协会等单位")
    firms += "申报企业须为注册企业，企业信用良好，企业须提交材料。"
    applicant = Article(title="关于开展试点工作的通知", content=firms)
    assert [c for c in extract_conditions(applicant) if c.field == "applicant"] == []


def test_a_district_name_two_cities_share_is_the_accounts_own() -> None:
    """Made-up: 鼓楼区 is a district of 南京 and of 徐州; the account's home city decides, and
    without one the name is kept as written (compared by name), never another city's."""
    article = Article(
        title="关于开展某项目申报的通知",
        content="一、申报条件\n1.申报单位须在鼓楼区注册登记，具有独立法人资格。\n",
    )

    def places(home: str | None) -> list:
        found = extract_conditions(article, home)
        return [c.value for c in found if c.field == "registered_district"]

    assert places("南京市") == [["南京市鼓楼区"]]
    assert places("徐州市") == [["徐州市鼓楼区"]]
    assert places(None) == [["鼓楼区"]]


def test_an_issuer_place_is_a_place_the_segmenter_reads_not_a_preposition_before_a_level(
    post,
) -> None:
    """The fallback for places no region file knows takes a name only where it reads as a
    place: "为贯彻市委部署" names no issuer, so 本市 falls back to the account's home."""
    from wxintel.nlp.regions import issuer_region

    for opening in ("为贯彻市委决策部署，现将有关事项通知如下", "根据省工信厅要求，现开展申报",
                    "关于市级专项资金申报的补充说明"):  # fmt: skip
        assert issuer_region("关于开展申报工作的通知", opening) is None
    article = Article(
        title="关于开展申报工作的通知",
        content="为贯彻市委部署，现开展申报。\n一、申报条件\n1.在本市依法注册。\n",
    )
    assert [(c.field, c.value) for c in extract_conditions(article, "西安市")] == [
        ("registered_city", ["西安市"])
    ]
    # real posts: 未央工信's "为贯彻市…" and "根据省…" name none; a county no region file
    # knows, named before its government (河西政务服务's 武山县), is kept
    for account, aid in [("未央工信", "2247495173_2"), ("未央工信", "2247494568_1")]:
        article = post(account, aid)
        assert issuer_region(article.title, article.content) is None
    article = post("河西政务服务", "2247520286_4")
    assert issuer_region(article.title, article.content) == "武山县"
