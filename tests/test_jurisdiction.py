"""A call is for firms of its issuer's place unless it says otherwise: real posts of a Xi'an
district bureau (未央工信) and a Tianjin district commerce account (津北商务), judged for firms of
Shanghai, Xi'an and Tianjin through `wxintel match` on SQLite and PostgreSQL (each account's
home is learned from its posts as the store reads them back), and the seed's posts read alone."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from conftest import BACKENDS, MORE, StoreTarget, ingested_target
from typer.testing import CliRunner

from wxintel.cli import app
from wxintel.extract.conditions import extract_conditions
from wxintel.extract.jurisdiction import implied_jurisdiction, jurisdiction

XIAN, TIANJIN = "未央工信", "津北商务"
SHANGHAI_FIRM = {"name": "浦江智造", "registered_city": "上海市", "registered_district": "闵行区"}
XIAN_FIRM = {"name": "未央精工", "registered_city": "西安市", "registered_district": "未央区"}
YANTA_FIRM = {"name": "雁塔软件", "registered_city": "西安市", "registered_district": "雁塔区"}
TIANJIN_FIRM = {"name": "津门贸易", "registered_city": "天津市", "registered_district": "河北区"}
NOWHERE_FIRM = {"name": "无地址", "industries": ["制造业"]}
GREEN_LIST = "2247495109_1"  # 未央工信: 国家级绿色制造名单对标, no place stated, issuer unnamed
PROVINCE_QUALITY = "2247494628_1"  # 未央工信 forwarding 陕西省质量标杆: the province's call
XIAN_CRAFTS = "2247495173_1"  # 未央工信 forwarding 西安市工艺美术大师评选: the city's call
TIANJIN_GREEN = "2247516427_1"  # 津北商务: 市级、国家级绿色制造单位推荐, no place stated
ZHEJIANG_FAIR = "2247516328_1"  # 津北商务: Tianjin's delegation to a fair 浙江省 hosts
APPLIANCE_SELLERS = "2247516498_3"  # 津北商务: 在天津市行政区域内设有门店, or an online platform
PLACE_FIELDS = {"registered_city", "registered_district", "registered_address"}


@pytest.fixture(scope="module", params=BACKENDS)
def db(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> StoreTarget:
    """The two accounts' real posts, ingested once per backend."""
    files = [MORE / f"{XIAN}.json", MORE / f"{TIANJIN}.json"]
    return ingested_target(request, tmp_path_factory, "jurisdiction", files)


def match(db: StoreTarget, *args: str) -> str:
    result = CliRunner().invoke(
        app, ["--index", str(db.index_dir), "match", *args, "--db", db.target]
    )
    assert result.exit_code == 0, result.stdout
    return result.stdout


def verdicts(db: StoreTarget, firm: dict[str, Any], tmp_path: Path) -> dict[str, dict[str, Any]]:
    """`wxintel match FIRM --all --json` on the two accounts, by article id."""
    profile = tmp_path / f"{firm['name']}.json"
    profile.write_text(json.dumps(firm, ensure_ascii=False), "utf-8")
    return {r["id"]: r for r in json.loads(match(db, str(profile), "--all", "--json"))}


def place_reasons(row: dict[str, Any]) -> list[dict[str, Any]]:
    return [b for b in row["because"] if b["field"] in PLACE_FIELDS]


def test_a_shanghai_firm_is_ineligible_for_calls_of_xian_and_tianjin_that_state_no_place(
    db: StoreTarget, tmp_path: Path
) -> None:
    rows = verdicts(db, SHANGHAI_FIRM, tmp_path)
    unstated = [r for r in rows.values() if r["stated"] == 0]
    assert {r["account"] for r in unstated} == {XIAN, TIANJIN}
    for row in unstated:  # every call that states nothing is still judged on its place
        assert row["implied_place"], row["title"]
        assert row["verdict"] == "ineligible", row["title"]
        (reason,) = place_reasons(row)
        assert reason["implied"] and row["implied_place"] in reason["text"]
    assert rows[GREEN_LIST]["implied_place"] == "未央区"
    assert place_reasons(rows[GREEN_LIST])[0]["field"] == "registered_district"
    assert rows[PROVINCE_QUALITY]["implied_place"] == "陕西省"
    assert rows[XIAN_CRAFTS]["implied_place"] == "西安市"
    assert rows[TIANJIN_GREEN]["implied_place"] == "天津市"
    assert rows[ZHEJIANG_FAIR]["implied_place"] == "天津市"  # the fair's host is not the issuer


def test_firms_of_the_issuers_place_are_not_failed_on_it(db: StoreTarget, tmp_path: Path) -> None:
    own = verdicts(db, XIAN_FIRM, tmp_path)
    for row in own.values():
        if row["account"] == XIAN and row["implied_place"]:
            assert not place_reasons(row), row["title"]
    assert own[GREEN_LIST]["verdict"] == "eligible"
    assert place_reasons(own[TIANJIN_GREEN])[0]["implied"]  # Xi'an's firm, Tianjin's call
    # another district of the same city: out of 未央区's call, inside 西安市's and 陕西省's
    yanta = verdicts(db, YANTA_FIRM, tmp_path)
    assert place_reasons(yanta[GREEN_LIST])[0]["field"] == "registered_district"
    assert not place_reasons(yanta[XIAN_CRAFTS]) and not place_reasons(yanta[PROVINCE_QUALITY])
    tianjin = verdicts(db, TIANJIN_FIRM, tmp_path)
    assert tianjin[TIANJIN_GREEN]["verdict"] == "eligible"
    assert not place_reasons(tianjin[ZHEJIANG_FAIR])


def test_a_firm_whose_place_is_unknown_is_asked_for_it(db: StoreTarget, tmp_path: Path) -> None:
    rows = verdicts(db, NOWHERE_FIRM, tmp_path)
    assert rows[GREEN_LIST]["verdict"] == "unknown"
    assert rows[GREEN_LIST]["missing"] == ["registered_district"]
    assert rows[TIANJIN_GREEN]["verdict"] == "unknown"
    assert rows[TIANJIN_GREEN]["missing"] == ["registered_city"]


def test_a_call_that_places_its_applicants_itself_gets_no_presumption(
    db: StoreTarget, tmp_path: Path
) -> None:
    """The appliance subsidy wants a shop in Tianjin or an online platform serving it: a
    clause to read, not "registered in 天津市"."""
    row = verdicts(db, SHANGHAI_FIRM, tmp_path)[APPLIANCE_SELLERS]
    assert row["stated"] and row["implied_place"] is None and not place_reasons(row)


def test_the_table_names_the_issuers_place(db: StoreTarget, tmp_path: Path, wide_console) -> None:
    profile = tmp_path / "firm.json"
    profile.write_text(json.dumps(SHANGHAI_FIRM, ensure_ascii=False), "utf-8")
    shown = match(db, str(profile), "--all")
    (row,) = [line for line in shown.splitlines() if f"({GREEN_LIST})" in line]
    assert "ineligible" in row and "registered_district: 发文机关所在地未央区" in row
    within = tmp_path / "within.json"
    within.write_text(json.dumps(XIAN_FIRM, ensure_ascii=False), "utf-8")
    shown = match(db, str(within), "--all")
    (row,) = [line for line in shown.splitlines() if f"({GREEN_LIST})" in line]
    assert "only the issuer's place (未央区) checked" in row


def test_wording_that_opens_a_call_wider_and_consultations(post) -> None:
    """The seed's 元宇宙 揭榜挂帅 call is open beyond 上海市 in its own words; a consultation
    may be answered by anyone; a stated place is never overridden."""
    metaverse = post("上海经信委", "2650688771_2")
    assert implied_jurisdiction(metaverse, "上海市", []) is None
    future = post("上海经信委", "2650687552_1")  # 未来产业加速器: states no place
    found = implied_jurisdiction(future, "上海市", extract_conditions(future, "上海市"))
    assert found is not None and found.value == ["上海市"] and found.implied
    assert implied_jurisdiction(future, "上海市", [], kind="consultation") is None
    factory = post("上海经信委", "2650689428_2")  # 在上海市行政区域内注册
    assert implied_jurisdiction(factory, "上海市", extract_conditions(factory, "上海市")) is None


def test_the_issuers_place_counts_only_when_it_holds_the_home_or_lies_in_it() -> None:
    assert jurisdiction("陕西省", "未央区") == "陕西省"
    assert jurisdiction("未央区", "西安市") == "未央区"
    assert jurisdiction("浙江省", "天津市") == "天津市"
    assert jurisdiction("中国", "天津市") == "天津市"
    assert jurisdiction("为贯彻市", "未央区") == "未央区"  # a misread, not a place
    assert jurisdiction("上海市", None) == "上海市"
    assert jurisdiction(None, None) is None


def test_a_registration_for_the_press_or_society_is_not_presumed_local(post) -> None:
    """A registration is a bureau's delegation, and keeps its issuer's place, unless it
    accredits the press or puts an event to society at large (open_registration); a named
    reach of its own place (面向全市) keeps it, and a call 面向社会 still does."""
    from wxintel.model import Article

    press = post("上海经信委", "2650687518_1")  # 世界设计之都大会 媒体注册
    assert implied_jurisdiction(press, "上海市", [], kind="registration") is None
    delegation = post(TIANJIN, ZHEJIANG_FAIR)  # 市商务局 组织参加 a fair: Tianjin's firms
    found = implied_jurisdiction(delegation, "天津市", [], kind="registration")
    assert found is not None and found.value == ["天津市"]
    panel = post("闵行发展改革", "2247504050_1")  # 面向全市公开招募…诚邀社会各界人士
    found = implied_jurisdiction(panel, "闵行区", [], kind="registration")
    assert found is not None and found.value == ["上海市"]
    contest = Article(title="关于举办创新大赛的通知", content="大赛面向社会公开征集参赛团队。")
    assert implied_jurisdiction(contest, "上海市", [], kind="registration") is None
    assert implied_jurisdiction(contest, "上海市", [], kind="call") is not None
