"""Verdicts of firm profiles: failing outweighs missing, places and zones, 300号 sizes,
profiles read from JSON/YAML with errors naming the field."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from wxintel.extract.conditions import Condition
from wxintel.match import ProfileError, judge, load_profile, parse_profile
from wxintel.match.sizes import size_range

DAY = date(2025, 10, 1)


def cond(field: str, op: str, value: object, text: str = "条件") -> Condition:
    return Condition(field, op, value, text, 0, len(text))


def test_a_failing_clause_outweighs_a_missing_field() -> None:
    firm = parse_profile(
        {"name": "A", "registered_city": "上海市", "registered_district": "浦东新区"}
    )
    conditions = [
        cond("credit_ok", "true", True, "信用记录良好"),
        cond("registered_district", "in", ["闵行区"], "注册在闵行区"),
    ]
    verdict = judge(conditions, firm, DAY)
    assert verdict.verdict == "ineligible"
    assert [(b["field"], b["text"]) for b in verdict.because] == [
        ("registered_district", "注册在闵行区")
    ]
    only_credit = judge(conditions[:1], firm, DAY)
    assert (only_credit.verdict, only_credit.missing) == ("unknown", ["credit_ok"])


def test_other_clauses_are_listed_unchecked_on_an_eligible_verdict() -> None:
    firm = parse_profile({"name": "A", "registered_city": "西安市", "credit_ok": True})
    verdict = judge(
        [
            cond("registered_city", "in", ["陕西省"]),
            cond("other", "true", None, "具备较强研发能力"),
        ],
        firm,
        DAY,
    )
    assert (verdict.verdict, verdict.unchecked) == ("eligible", ["具备较强研发能力"])


def test_places_nest_from_zone_to_country() -> None:
    lingang = cond("registered_address", "in", ["临港新片区"])
    pudong = parse_profile(
        {"name": "A", "registered_city": "上海市", "registered_district": "浦东新区"}
    )
    assert judge([lingang], pudong, DAY).missing == [
        "registered_address"
    ]  # may or may not be inside
    inside = parse_profile(
        {**pudong.to_json(), "registered_address": "上海自贸区临港新片区某路1号"}
    )
    assert judge([lingang], inside, DAY).verdict == "eligible"
    assert (
        judge([cond("registered_district", "in", ["浦东新区"])], inside, DAY).verdict == "eligible"
    )
    minhang = parse_profile(
        {"name": "B", "registered_city": "上海市", "registered_district": "闵行区"}
    )
    assert judge([lingang], minhang, DAY).because[0]["field"] == "registered_address"
    # a city alone cannot settle a district clause of the same city, but settles another city's
    city_only = parse_profile({"name": "C", "registered_city": "上海市"})
    assert (
        judge([cond("registered_district", "in", ["闵行区"])], city_only, DAY).verdict == "unknown"
    )
    assert (
        judge([cond("registered_district", "in", ["未央区"])], city_only, DAY).verdict
        == "ineligible"
    )
    assert judge([cond("registered_city", "in", ["中国"])], city_only, DAY).verdict == "eligible"
    assert (
        judge([cond("registered_city", "in", ["陕西省"])], city_only, DAY).verdict == "ineligible"
    )


def test_any_of_fails_only_when_every_alternative_fails() -> None:
    firm = parse_profile({"name": "A", "revenue_wan": 800, "rd_expense_wan": 100})
    either = Condition(
        "any_of",
        "any_of",
        None,
        "营业收入1亿元以上或研发费用5000万元以上",
        0,
        10,
        [cond("revenue_wan", ">=", 10000.0), cond("rd_expense_wan", ">=", 5000.0)],
    )
    assert judge([either], firm, DAY).verdict == "ineligible"
    richer = parse_profile({"name": "B", "revenue_wan": 20000})
    assert judge([either], richer, DAY).verdict == "eligible"
    unknown = parse_profile({"name": "C", "revenue_wan": 800})
    assert judge([either], unknown, DAY).missing == ["rd_expense_wan"]


def test_founding_age_is_judged_as_of_the_date() -> None:
    firm = parse_profile({"name": "A", "registered_on": "2022-06-01"})
    three_years = cond("registered_on", "<=", "P36M", "成立满3年")
    assert judge([three_years], firm, date(2025, 7, 1)).verdict == "eligible"
    assert judge([three_years], firm, date(2025, 5, 1)).verdict == "ineligible"


def test_size_follows_the_national_thresholds_per_industry() -> None:
    # 工业: 320 people and 4.5亿 revenue is medium (large needs 1000 people and 4亿 both)
    assert size_range("工业", {"employees": 320, "revenue_wan": 45000})[:2] == ("medium", "medium")
    # 软件和信息技术服务业: 45 people, 1800万 → small (medium needs 100 people)
    assert size_range("软件和信息技术服务业", {"employees": 45, "revenue_wan": 1800})[:2] == (
        "small",
        "small",
    )
    sme = cond("size", "in", ["medium", "small", "micro"], "中小企业")
    small_micro = cond("size", "in", ["small", "micro"], "小微企业")
    factory = parse_profile(
        {"name": "A", "industries": ["制造业"], "employees": 320, "revenue_wan": 45000}
    )
    assert judge([sme], factory, DAY).verdict == "eligible"
    assert judge([small_micro], factory, DAY).verdict == "ineligible"
    # a wholesaler with 3 staff is micro whatever its revenue: the missing figure cannot matter
    tiny = parse_profile({"name": "B", "industries": ["批发业"], "employees": 3})
    assert judge([small_micro], tiny, DAY).verdict == "eligible"
    vague = parse_profile({"name": "C", "industries": ["批发业"], "employees": 30})
    assert judge([small_micro], vague, DAY).missing == ["revenue_wan"]


def test_sizes_measured_by_assets_need_the_assets_figure() -> None:
    # 建筑业 sizes are set by revenue and total assets together (300号 第四条)
    small_micro = cond("size", "in", ["small", "micro"], "小微企业")
    builder = {"name": "D", "industries": ["建筑业"], "revenue_wan": 7000}
    assert judge([small_micro], parse_profile(builder), DAY).missing == ["assets_wan"]
    assert judge([small_micro], parse_profile({**builder, "assets_wan": 2000}), DAY).verdict == (
        "eligible"
    )
    large = parse_profile({**builder, "assets_wan": 9000})  # medium on assets and revenue
    verdict = judge([small_micro], large, DAY)
    assert verdict.verdict == "ineligible"


def test_above_designated_size_is_derived_from_revenue_and_sector() -> None:
    wanted = cond("qualifications", "has", "规模以上工业企业", "规上企业")
    factory = parse_profile(
        {"name": "A", "qualifications": [], "industries": ["制造业"], "revenue_wan": 4500}
    )
    assert judge([wanted], factory, DAY).verdict == "eligible"
    shop = parse_profile(
        {"name": "B", "qualifications": [], "industries": ["零售业"], "revenue_wan": 4500}
    )
    assert judge([wanted], shop, DAY).verdict == "ineligible"


def test_profile_files_json_and_yaml(tmp_path: Path) -> None:
    yaml_file = tmp_path / "firm.yaml"
    yaml_file.write_text(
        "name: 甲\nregistered_on: 2020-01-02\nemployees: 12\ncredit_ok: true\n", "utf-8"
    )
    firm = load_profile(yaml_file)
    assert (firm.registered_on, firm.employees, firm.credit_ok, firm.revenue_wan) == (
        date(2020, 1, 2),
        12.0,
        True,
        None,
    )
    json_file = tmp_path / "firm.json"
    json_file.write_text(json.dumps({"name": "乙", "employee": 5}, ensure_ascii=False), "utf-8")
    with pytest.raises(ProfileError, match=r"firm\.json: unknown field 'employee'"):
        load_profile(json_file)
    json_file.write_text('{"name": "乙", "employees": "many"}', "utf-8")
    with pytest.raises(ProfileError, match="'employees' must be a number"):
        load_profile(json_file)
    yaml_file.write_text("name: 乙\nemployees: 1,200\nrevenue_wan: 12，500.5\n", "utf-8")
    grouped = load_profile(str(yaml_file))  # a path as a notebook types it; figures grouped
    assert (grouped.employees, grouped.revenue_wan) == (1200.0, 12500.5)
    yaml_file.write_text("name: 乙\nemployees: 1,20\n", "utf-8")  # no group of three: a typo
    with pytest.raises(ProfileError, match="'employees' must be a number >= 0, not '1,20'"):
        load_profile(yaml_file)
    for figure in (".nan", ".inf"):  # YAML's NaN passed `< 0` and failed every threshold
        yaml_file.write_text(f"name: 乙\nrevenue_wan: {figure}\n", "utf-8")
        with pytest.raises(ProfileError, match="'revenue_wan' must be a number >= 0") as bad:
            load_profile(yaml_file)
        assert bad.value.field == "revenue_wan"
    json_file.write_text('{"name": "乙",\n "employees": }', "utf-8")
    with pytest.raises(ProfileError, match="line 2: not JSON"):
        load_profile(json_file)
    yaml_file.write_text("name: 丙\nemployees: [12\n", "utf-8")  # an unclosed list
    with pytest.raises(ProfileError) as broken:
        load_profile(yaml_file)
    said = str(broken.value)
    assert "\n" not in said and said.startswith(f"{yaml_file}: line 3, column 1: not YAML: ")
    assert said.endswith(
        "expected ',' or ']', but got '<stream end>' (while parsing a flow sequence)"
    )


def test_a_firm_is_not_eligible_for_what_individuals_apply_to() -> None:
    firm = parse_profile({"name": "A", "registered_city": "天津市", "credit_ok": True})
    enrolment = cond("applicant", "is", "individuals", "申请入学人员可通过现场报名")
    verdict = judge([enrolment], firm, DAY)
    assert verdict.verdict == "ineligible"
    assert [b["field"] for b in verdict.because] == ["applicant"]
    assert judge([], firm, DAY).verdict == "eligible"  # a firm call stating nothing stays open
    pilot = cond("applicant", "is", "governments", "各省、自治区、直辖市人民政府")
    assert [b["field"] for b in judge([pilot], firm, DAY).because] == ["applicant"]


def test_a_profiles_district_two_cities_share_is_its_own_citys() -> None:
    """A firm of 南京市 鼓楼区 meets a 南京 call's 鼓楼区 clause, not a 徐州 one's."""
    firm = parse_profile(
        {"name": "A", "registered_city": "南京市", "registered_district": "鼓楼区"}
    )
    nanjing = cond("registered_district", "in", ["南京市鼓楼区"], "注册在鼓楼区")
    xuzhou = cond("registered_district", "in", ["徐州市鼓楼区"], "注册在鼓楼区")
    assert judge([nanjing], firm, DAY).verdict == "eligible"
    assert judge([xuzhou], firm, DAY).verdict == "ineligible"
