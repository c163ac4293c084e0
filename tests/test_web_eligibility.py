"""Eligibility over real HTTP on loopback, on a copy of the seed: profile CRUD behind the admin
token, /api/match and /api/conditions, the profile page and the marked article page."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import httpx
import pytest
from helpers import copy_seed_db, ingest_records, serve

from wxintel.match import FIELD_LABELS, PROFILE_FIELDS
from wxintel.web import create_app

TOKEN = "eligibility-admin-token"
AS_OF = "2025-10-12"
SMART_FACTORY = "2650689428_2"  # 上海经信委: registered in 上海市, good credit, …
FUTURE_INDUSTRIES = "2650687552_1"  # 上海经信委: 未来产业加速器 储备项目, states no place
FIRM = {
    "registered_city": "上海市",
    "registered_district": "闵行区",
    "employees": 320,
    "revenue_wan": 45000,
    "industries": ["制造业"],
    "credit_ok": True,
}


@pytest.fixture(scope="module")
def base(seed_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    db = copy_seed_db(seed_db, tmp_path_factory.mktemp("eligibility"))
    with serve(create_app(db, admin_token=TOKEN)) as url:
        yield url


def admin() -> dict[str, str]:
    return {"Authorization": f"Bearer {TOKEN}"}


def test_profile_writes_need_the_admin_token(base: str) -> None:
    url = f"{base}/api/profiles/{quote('浦江智造')}"
    assert httpx.put(url, json=FIRM).status_code == 403
    assert httpx.put(url, json=FIRM, headers={"Authorization": "Bearer wrong"}).status_code == 403
    made = httpx.put(url, json=FIRM, params={"team": "产业科"}, headers=admin())
    assert made.status_code == 200 and made.json() == {"name": "浦江智造", "created": True}
    bad = httpx.put(url, json={**FIRM, "employees": "many"}, headers=admin())
    assert bad.status_code == 422 and "employees" in bad.json()["error"]
    listed = httpx.get(f"{base}/api/profiles", params={"team": "产业科"}).json()
    assert [p["name"] for p in listed] == ["浦江智造"]
    assert httpx.get(url).json()["registered_district"] == "闵行区"


def test_a_profile_put_under_one_name_cannot_name_another(base: str) -> None:
    """PUT /api/profiles/甲 with a body naming 乙 stored 乙's fields under 甲, silently."""
    url = f"{base}/api/profiles/{quote('甲公司')}"
    other = httpx.put(url, json={**FIRM, "name": "乙公司"}, headers=admin())
    assert other.status_code == 422
    assert other.json()["error"] == "body: name '乙公司' is not the path's '甲公司'"
    assert httpx.get(url).status_code == 404  # nothing stored
    same = httpx.put(url, json={**FIRM, "name": "甲公司"}, headers=admin())
    assert same.status_code == 200 and same.json()["name"] == "甲公司"
    assert httpx.put(url, json=FIRM, headers=admin()).status_code == 200  # no name: the path's


def test_match_and_conditions_over_http(base: str) -> None:
    httpx.put(f"{base}/api/profiles/{quote('浦江智造')}", json=FIRM, headers=admin())
    rows = httpx.get(f"{base}/api/match", params={"profile": "浦江智造", "as_of": AS_OF}).json()
    factory = next(r for r in rows if r["id"] == SMART_FACTORY)
    assert factory["verdict"] == "eligible" and factory["unchecked"]
    # the same firm sent in the body, without its credit record: unknown, and says why
    posted = httpx.post(
        f"{base}/api/match",
        params={"as_of": AS_OF},
        json={"name": "匿名", **{k: v for k, v in FIRM.items() if k != "credit_ok"}},
    ).json()
    assert next(r for r in posted if r["id"] == SMART_FACTORY)["missing"] == ["credit_ok"]
    assert httpx.get(f"{base}/api/match", params={"profile": "nobody"}).status_code == 404
    body = httpx.get(f"{base}/api/conditions/{SMART_FACTORY}").json()
    article = httpx.get(f"{base}/api/articles/{SMART_FACTORY}").json()
    assert body["conditions"] and all(
        article["content"][c["start"] : c["end"]] == c["text"] for c in body["conditions"]
    )
    assert httpx.get(f"{base}/api/conditions/no-such").status_code == 404


def test_profile_page_groups_and_asks(base: str) -> None:
    name = "<b>西安精工"
    firm = {"registered_city": "西安市", "registered_district": "未央区"}
    assert (
        httpx.put(f"{base}/api/profiles/{quote(name)}", json=firm, headers=admin()).status_code
        == 200
    )
    page = httpx.get(f"{base}/profiles/{quote(name)}", params={"as_of": AS_OF})
    assert page.status_code == 200
    html = page.text
    assert "<b>西安" not in html and "&lt;b&gt;西安精工" in html  # escaped
    assert html.index("可申报") < html.index("待确认") < html.index("不符合")
    ineligible = html[html.index("verdict-ineligible") :]
    assert "上海市行政区域内注册" in ineligible  # the failing clause is quoted
    # a call stating no place is for its issuer's: said as a presumption, not quoted
    assert "不在发文机关所在地上海市" in ineligible and "«发文机关所在地" not in html
    assert "信用记录良好" in html[html.index("verdict-unknown") : html.index("verdict-ineligible")]


def test_profile_page_says_what_is_known_and_when_in_chinese(base: str) -> None:
    """The page listed the profile as `registered_city=上海市, industries=['制造业'],
    credit_ok=True` and deadlines as 2025-10-20T23:59: Python's repr on a Chinese page. It
    names each field as the form does and writes dates as the board does."""
    firm = {**FIRM, "qualifications": ["高新技术企业", "专精特新中小企业"]}
    httpx.put(f"{base}/api/profiles/{quote('浦江智造')}", json=firm, headers=admin())
    html = httpx.get(f"{base}/profiles/{quote('浦江智造')}", params={"as_of": AS_OF}).text
    known = dict(re.findall(r'<span class="known" title="(\w+)">([^<]+)</span>', html))
    assert known == {
        "registered_city": "注册城市：上海市",
        "registered_district": "注册区：闵行区",
        "employees": "员工人数：320",
        "revenue_wan": "营业收入（万元）：45000",
        "qualifications": "资质认定：高新技术企业、专精特新中小企业",
        "industries": "所属行业：制造业",
        "credit_ok": "信用记录：是",
    }
    shown = re.findall(r'<time datetime="([^"]*)">([^<]*)</time>', html)
    assert shown and all(written == "" for stored, written in shown if not stored)
    dated = [(stored, written) for stored, written in shown if stored]
    assert dated and all(re.fullmatch(r"\d+月\d+日( \d\d:\d\d)?", w) for _, w in dated), dated
    assert "T" not in "".join(w for _, w in dated) and "截至 2025年10月12日" in html


def test_article_page_marks_each_condition(base: str) -> None:
    httpx.put(f"{base}/api/profiles/{quote('浦江智造')}", json=FIRM, headers=admin())
    html = httpx.get(f"{base}/eligibility/{SMART_FACTORY}", params={"profile": "浦江智造"}).text
    assert 'class="cond cond-met"' in html and "可申报" in html
    remote = {**FIRM, "registered_city": "天津市", "registered_district": "河北区"}
    httpx.put(f"{base}/api/profiles/{quote('津门')}", json=remote, headers=admin())
    html = httpx.get(f"{base}/eligibility/{SMART_FACTORY}", params={"profile": "津门"}).text
    assert 'class="cond cond-failed"' in html and "不符合" in html


def test_article_page_shows_the_issuers_place_as_a_presumption(base: str) -> None:
    """未来产业加速器 states no place: a Xi'an firm fails on 上海市, shown beside the stated
    conditions as presumed (推定), marking nothing in the text."""
    remote = {**FIRM, "registered_city": "西安市", "registered_district": "未央区"}
    httpx.put(f"{base}/api/profiles/{quote('西安远方')}", json=remote, headers=admin())
    html = httpx.get(
        f"{base}/eligibility/{FUTURE_INDUSTRIES}", params={"profile": "西安远方", "as_of": AS_OF}
    ).text
    assert "不符合" in html and "推定：发文机关所在地上海市" in html
    assert 'class="cond cond-failed"' not in html  # the presumption has no span to mark
    body = httpx.get(f"{base}/api/conditions/{FUTURE_INDUSTRIES}").json()
    (implied,) = [c for c in body["conditions"] if c["implied"]]
    assert implied["field"] == "registered_city" and implied["value"] == ["上海市"]


def test_a_verdict_on_a_call_says_whether_it_has_closed(base: str) -> None:
    """可申报 on a call whose deadline had passed read as "you can still apply": the verdict
    carries the call's deadline as the board has it, and 已截止 once it has passed."""
    httpx.put(f"{base}/api/profiles/{quote('浦江智造')}", json=FIRM, headers=admin())
    url = f"{base}/eligibility/{SMART_FACTORY}"
    shown = {}
    for day in (AS_OF, "2025-11-05"):
        html = httpx.get(url, params={"profile": "浦江智造", "as_of": day}).text
        shown[day] = re.search(r'<p class="verdict[^"]*">(.*?)</p>', html, re.S)[1]
    assert "可申报" in shown[AS_OF] and "截止：10月30日" in shown[AS_OF]
    assert "已截止" not in shown[AS_OF]
    assert '<span class="deadline closed">已截止：10月30日</span>' in shown["2025-11-05"]


def test_a_call_whose_period_has_ended_reads_closed_with_no_deadline(tmp_path: Path) -> None:
    """A call with a period but no deadline (made up: its only dates are 9月10日-9月16日) is
    closed once the period ends, as the calls board says: the verdict read 可申报 after it
    because the page asked for a deadline before saying 不能再申报."""
    db = tmp_path / "wx.db"
    post = {
        "id": "made-up-period",
        "title": "关于组织申报2025年度产业转型升级专项资金项目的通知",
        "content": "各有关单位：现将拟支持的2025年度专项资金项目名单予以公示。"
        "公示时间：2025年9月10日-9月16日。申报单位须在上海市注册。"
        "公示期间如有异议，请联系张三，电话：021-12345678。",
        "account": "示例经信",
        "published": "2025-09-01T09:00:00",
    }
    ingest_records(db, [post])
    with serve(create_app(db, admin_token=TOKEN)) as url:
        httpx.put(f"{url}/api/profiles/{quote('浦江智造')}", json=FIRM, headers=admin())
        (call,) = httpx.get(f"{url}/api/calls", params={"status": "all"}).json()
        assert call["deadline"] is None and call["period"] == ["2025-09-10", "2025-09-16"]
        shown = {}
        for day in ("2025-09-12", "2025-10-12"):
            params = {"profile": "浦江智造", "as_of": day}
            html = httpx.get(f"{url}/eligibility/{call['key']}", params=params).text
            shown[day] = re.search(r'<p class="verdict([^"]*)">(.*?)</p>', html, re.S).groups()
    assert "不能再申报" not in shown["2025-09-12"][1]
    assert shown["2025-10-12"][0] == " verdict-closed" and "不能再申报" in shown["2025-10-12"][1]


def test_conditions_are_named_in_chinese_on_the_page(base: str) -> None:
    """A policy officer reads 注册城市 and 其他条件, not the profile's field names."""
    html = httpx.get(f"{base}/eligibility/{SMART_FACTORY}").text
    conditions = html[html.index('class="conditions"') :]
    shown = re.findall(r'<span class="field" title="(\w+)">([^<]+)</span>', conditions)
    assert ("registered_city", FIELD_LABELS["registered_city"]) in shown
    assert ("other", "其他条件") in shown
    assert all(field in FIELD_LABELS and label == FIELD_LABELS[field] for field, label in shown)
    assert "<code>other</code>" not in conditions
    marks = re.findall(r'<mark class="cond cond-plain" title="([^"]+)"', html)
    assert "条件：注册城市" in marks and not any(re.search(r"[a-z]_?[a-z]", t) for t in marks)


def test_an_unknown_profile_is_not_found_on_the_article_page(base: str) -> None:
    missing = httpx.get(f"{base}/eligibility/{SMART_FACTORY}", params={"profile": "无此企业"})
    assert missing.status_code == 404 and "没有保存的企业画像：无此企业" in missing.text
    assert "no profile" not in missing.text  # a page speaks Chinese, though the name is Chinese
    api = httpx.get(f"{base}/api/match", params={"profile": "无此企业"})
    assert api.status_code == 404 and api.json()["error"] == "no profile '无此企业'"
    assert httpx.get(f"{base}/eligibility/{SMART_FACTORY}").status_code == 200  # none chosen


def test_every_profile_field_has_a_label() -> None:
    assert set(PROFILE_FIELDS) <= set(FIELD_LABELS)


def test_profile_form_needs_the_token_and_keeps_blanks_unknown(base: str) -> None:
    form = {"name": "表单企业", "registered_city": "上海市", "employees": "12", "credit_ok": ""}
    refused = httpx.post(f"{base}/profiles", data={**form, "token": "nope"})
    assert refused.status_code == 403
    saved = httpx.post(f"{base}/profiles", data={**form, "token": TOKEN})
    assert saved.status_code == 303
    stored = httpx.get(f"{base}/api/profiles/{quote('表单企业')}").json()
    assert stored == {"name": "表单企业", "registered_city": "上海市", "employees": 12}
    gone = httpx.delete(f"{base}/api/profiles/{quote('表单企业')}", headers=admin())
    assert gone.status_code == 200
    assert (
        httpx.delete(f"{base}/api/profiles/{quote('表单企业')}", headers=admin()).status_code == 404
    )


def test_a_refused_profile_form_comes_back_filled_in_and_says_why_in_chinese(base: str) -> None:
    """An officer types a profile as papers write it (5,000; a list with ；; 2018年5月): the
    grouped number and the list are read, the date is refused naming 成立日期 in Chinese, and
    every box comes back as typed, so nothing is typed twice; NaN is no employee count."""
    form = {
        "name": "西青精密<制造>",
        "registered_city": "天津市",
        "revenue_wan": "5,000",
        "qualifications": "高新技术企业；专精特新中小企业",
        "registered_on": "2018年5月",
        "team": "招商科",
    }

    def boxes(html: str) -> dict[str, str]:
        return dict(re.findall(r'<input name="(\w+)" value="([^"]*)"', html))

    wrong_token = httpx.post(f"{base}/profiles", data={**form, "token": "nope"})
    assert wrong_token.status_code == 403
    assert boxes(wrong_token.text)["revenue_wan"] == "5,000"
    refused = httpx.post(f"{base}/profiles", data={**form, "token": TOKEN})
    assert refused.status_code == 422
    assert "成立日期：请填写日期，如 2018-05-10（填写的是“2018年5月”）" in refused.text
    kept = boxes(refused.text)
    assert kept["name"] == "西青精密&lt;制造&gt;"  # as typed, escaped
    assert (kept["qualifications"], kept["team"]) == (form["qualifications"], "招商科")
    assert 'name="token" value' not in refused.text  # the token is never echoed back
    nan = httpx.post(
        f"{base}/profiles", data={**form, "registered_on": "", "employees": "nan", "token": TOKEN}
    )
    assert nan.status_code == 422 and "员工人数：请填写不小于 0 的数字" in nan.text
    saved = httpx.post(
        f"{base}/profiles", data={**form, "registered_on": "2018-05-10", "token": TOKEN}
    )
    assert saved.status_code == 303
    stored = httpx.get(f"{base}/api/profiles/{quote('西青精密<制造>')}").json()
    assert stored["revenue_wan"] == 5000
    assert stored["qualifications"] == ["高新技术企业", "专精特新中小企业"]
    assert stored["registered_on"] == "2018-05-10"
    httpx.delete(f"{base}/api/profiles/{quote('西青精密<制造>')}", headers=admin())
