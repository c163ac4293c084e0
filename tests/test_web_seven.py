"""Pages a reader meets on an archive of the seven accounts, over real HTTP on loopback: what
the black-box trial of the web UI (notes/bboxW18.md) found wrong, each said as a reader sees it.
The archive's newest post is 2026-03-26, so a page with no day given counts from 3月26日."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import partial
from html import unescape
from pathlib import Path
from urllib.parse import quote

import httpx
import pytest
from conftest import MORE, SEED
from helpers import ingested_db, serve

from wxintel.extract.doctype import rule_in_chinese
from wxintel.store import open_store
from wxintel.web import create_app
from wxintel.web.rendering import ENTITY_LABELS, FACT_LABELS

TOKEN = "seven-admin-token"
FIRM = {  # the trial's firm: a Shanghai manufacturer
    "registered_city": "上海市",
    "registered_district": "闵行区",
    "employees": 320,
    "revenue_wan": 45000,
    "industries": ["制造业"],
    "qualifications": ["高新技术企业"],
    "credit_ok": True,
}
NAME = "浦江智造"
EARLIER = "2025-10-12"  # a day the seed's Shanghai calls were open
# the machine the tests share is often loaded: a fresh server's first search reads its index
get, post, put = (partial(verb, timeout=60) for verb in (httpx.get, httpx.post, httpx.put))


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return ingested_db(tmp_path_factory.mktemp("seven"), [SEED, *sorted(MORE.glob("*.json"))])


@pytest.fixture(scope="module")
def base(db: Path) -> Iterator[str]:
    with serve(create_app(db, admin_token=TOKEN)) as url:
        stored = put(
            f"{url}/api/profiles/{quote(NAME)}",
            json=FIRM,
            headers={"Authorization": f"Bearer {TOKEN}"},
        )
        assert stored.status_code == 200
        yield url


def text_of(html: str) -> str:
    """Text as read: tags dropped (inline ones join what they split), entities decoded,
    white space joined."""
    return " ".join(unescape(re.sub(r"<[^>]+>", "", html)).split())


def verdict_line(html: str) -> str:
    found = re.search(r'<p class="verdict[^"]*">(.*?)</p>', html, re.S)
    assert found, "no verdict line"
    return text_of(found[1])


def test_a_profiles_calls_link_to_their_page_on_the_day_shown(base: str) -> None:
    """The profile page of 2025-10-12 linked each call without its day, so the call's page
    judged it on 3月26日 and read 可申报 beside 已截止."""
    page = get(f"{base}/profiles/{quote(NAME)}", params={"as_of": EARLIER}).text
    links = [unescape(h) for h in re.findall(r'href="(/eligibility/[^"]+)"', page)]
    eligible = page[page.index("verdict-eligible") : page.index("verdict-unknown")]
    assert links and 'href="/eligibility/' in eligible
    assert all(link.endswith(f"&as_of={EARLIER}") for link in links), links
    first = get(f"{base}{links[0]}").text
    line = verdict_line(first)
    assert line.startswith(f"{NAME}：可申报（截至 2025年10月12日）") and "已截止" not in line
    # the same call on the archive's last day: closed, and not called 可申报
    late = verdict_line(get(f"{base}{links[0].split('&as_of=')[0]}").text)
    assert "已截止" in late and "可申报" not in late, late


def test_the_profile_page_picks_its_day_and_shows_every_call(base: str) -> None:
    """On the archive's last day the Shanghai firm saw 可申报（0） with no way to pick a day
    or see every call (/calls and /threads have a day form; the CLI has --as-of and --all),
    and nothing said why the list was empty."""
    url = f"{base}/profiles/{quote(NAME)}"
    page = get(url).text
    form = re.search(r'<form class="asof" action="([^"]+)" method="get">(.*?)</form>', page, re.S)
    assert form and unescape(form[1]) == f"/profiles/{quote(NAME)}"
    assert re.search(r'<input type="date" name="as_of" value="2026-03-26">', form[2])
    assert re.search(r'<input type="checkbox" name="all" value="true">', form[2])
    said = text_of(page[page.index("verdict-eligible") : page.index("verdict-unknown")])
    assert "截至 3月26日，仍在申报期的 2 条通知中没有浦江智造可申报的" in said, said
    assert "勾选“全部通知”" in said
    # what the form sends: another day, or every call
    earlier = get(url, params={"as_of": EARLIER}).text
    assert "可申报（5）" in text_of(earlier) and 'class="hint empty"' not in earlier
    every = get(url, params={"as_of": "2026-03-26", "all": "true"}).text
    assert "档案里的全部申报通知，各按其发布日判断" in text_of(every)
    assert 'name="all" value="true" checked' in every
    counted = [int(n) for n in re.findall(r"<h2>[^<（]+（(\d+)）</h2>", every)]
    assert counted[0] >= 5 and sum(counted) > 5
    bad = get(url, params={"as_of": "2026-02-30"})
    assert bad.status_code == 422 and "as_of" in bad.text


def test_an_articles_facts_and_entities_are_named_in_chinese(base: str, db: Path) -> None:
    """The 要点 panel had a heading `stated_deadline`, and linked names the tooltips
    "org: 上海市经济和信息化委员会", "industry: 智能制造"."""
    page = get(f"{base}/articles/2650689428_2").text
    headings = dict(re.findall(r'<dt class="fact-(\w+)">([^<]+)</dt>', page))
    assert headings["stated_deadline"] == "各项截止" and headings["deadline"] == "截止"
    assert not any(re.search("[A-Za-z]", label) for label in headings.values()), headings
    tips = re.findall(r'<a class="entity entity-(\w+)" href="[^"]+" title="([^"]+)"', page)
    assert {kind for kind, _ in tips} >= {"org", "industry", "district"}
    assert all(tip.startswith(ENTITY_LABELS[kind] + "：") for kind, tip in tips), tips[:3]
    assert 'title="机构：上海市经济和信息化委员会"' in page
    # every kind of fact and entity the seven accounts hold has its Chinese name
    store = open_store(db)
    try:
        facts = {r[0] for r in store.conn.execute("SELECT DISTINCT kind FROM facts")}
        entities = {r[0] for r in store.conn.execute("SELECT DISTINCT kind FROM entities")}
    finally:
        store.close()
    assert "stated_deadline" in facts and facts <= set(FACT_LABELS), facts - set(FACT_LABELS)
    assert entities <= set(ENTITY_LABELS), entities - set(ENTITY_LABELS)


def test_an_articles_kind_says_why_in_words_a_reader_knows(base: str, db: Path) -> None:
    """The kind's tooltip showed the rule as the code names it ("title:申报+deadline")."""
    page = get(f"{base}/articles/2650689428_2").text
    tip = re.search(r'<span class="kind kind-call" title="([^"]+)">', page)
    assert tip and tip[1] == "判定依据：标题含“申报”；写明截止日期", tip
    store = open_store(db)
    try:
        rules = [r[0] for r in store.conn.execute("SELECT DISTINCT kind_rule FROM articles")]
    finally:
        store.close()
    # every rule the seven accounts' posts were typed by reads without the code's words
    said = {rule: rule_in_chinese(rule) for rule in rules if rule != "default"}
    assert all(re.fullmatch(r"[^+:_a-z]+", text) for text in said.values()), said
    assert rule_in_chinese("default") == ""


def test_a_search_with_no_hits_says_what_to_try(base: str, tmp_path: Path) -> None:
    """/search?q=zzqxwvk said only "共 0 条结果": nothing on fewer or other words, on the
    filters to take off, nor that the archive has posts at all."""
    size = get(f"{base}/api/stats").json()["articles"]
    plain = get(f"{base}/search", params={"q": "zzqxwvk"}).text
    said = text_of(plain[plain.index('class="total"') :])
    assert f"已收录的 {size} 篇文章中没有找到“zzqxwvk”" in said and "少用几个关键词" in said
    assert "去掉筛选条件" not in said  # none to take off
    narrowed = get(
        f"{base}/search", params={"q": "zzqxwvk", "account": "未央工信", "from": "2025-01-01"}
    ).text
    assert "去掉筛选条件（公众号：未央工信；日期：2025-01-01 至 …）" in text_of(narrowed)
    (unfiltered,) = re.findall(r'<a class="unfiltered" href="([^"]+)"', narrowed)
    assert unescape(unfiltered) == "/search?q=zzqxwvk"
    found = get(f"{base}/search", params={"q": "申报"}).text
    assert "no-results" not in found and "empty-archive" not in found
    # an archive with no posts says where posts come from, as the desk does
    empty = tmp_path / "empty.db"
    open_store(empty).close()
    with serve(create_app(empty)) as url:
        nothing = get(f"{url}/search", params={"q": "申报"}).text
    assert 'class="hint empty-archive"' in nothing and 'href="/upload"' in nothing


@pytest.mark.parametrize(
    "path", ["/search?q=%E7%94%B3%E6%8A%A5", "/calls", "/brief", "/api/search?q=x", "/api/calls"]
)
def test_an_account_with_no_posts_is_not_found_on_every_page(base: str, path: str) -> None:
    """/search?account=不存在 was 422 where /calls, /brief, the API and the README say 404;
    the search page still names the stored accounts beside its field."""
    answer = get(f"{base}{path}", params={"account": "不存在"})
    assert answer.status_code == 404
    if path.startswith("/search"):
        said = re.search(
            r'<span class="error" id="problem-account" role="alert">([^<]+)', answer.text
        )
        assert said and said[1].startswith("没有公众号 不存在 的文章；已收录的公众号：")


def test_a_wrong_admin_token_is_told_from_none_on_every_form(base: str) -> None:
    """The profile form said "需要管理令牌 (admin token) 才能保存" to a token typed wrong and to
    none alike, in other words than the upload form's, English in parentheses, and neither said
    where the token comes from."""
    form = {"name": "试填企业", "registered_city": "上海市", "employees": "320"}
    for token, said in (("bad", "管理令牌不正确"), ("", "未填写管理令牌")):
        page = post(f"{base}/profiles", data={**form, "token": token})
        assert page.status_code == 403
        error = text_of(re.search(r'<p class="error"[^>]*>(.*?)</p>', page.text, re.S)[1])
        assert error == f"{said}：保存企业画像需要启动服务时 wxintel serve --admin-token 设定的令牌"
        assert 'value="试填企业"' in page.text  # what was typed stays
        upload = post(f"{base}/upload", data={"token": token}, files={"file": ("a.json", b"[]")})
        assert upload.status_code == 403
        assert f"{said}：导入需要启动服务时 wxintel serve --admin-token 设定的令牌" in upload.text
    assert get(f"{base}/api/profiles/{quote('试填企业')}").status_code == 404


def test_a_briefs_dates_read_as_every_page_writes_them(base: str) -> None:
    """/brief of 3月16日-3月22日 read "天津西青 · 2026-03-19 · 截止：2026-04-09" where the
    desk, the board and search write 3月19日 and 4月9日."""
    page = get(f"{base}/brief", params={"week": "2026-03-19"}).text
    metas = [text_of(m) for m in re.findall(r'<p class="meta">(.*?)</p>', page, re.S)]
    assert metas[0].startswith("3月16日 至 3月22日 ·")
    items = [m for m in metas[1:] if m.startswith("天津西青 ·")]
    assert "天津西青 · 3月19日 · 截止：4月9日 · 联系：" in " | ".join(items), items
    assert not any(re.search(r"\d{4}-\d\d-\d\d", m) for m in metas), metas
    # the brief's own HTML (the export) writes them alike
    exported = get(f"{base}/api/brief", params={"week": "2026-03-19", "format": "html"})
    assert '<time datetime="2026-03-19">3月19日</time>' in exported.text
    assert "截止：4月9日" in exported.text


def test_identical_titles_among_an_articles_duplicates_say_whose_and_when(base: str) -> None:
    """/articles/2247516397_1 listed two links under 重复与相似, both "中共中央政治局召开会议 …
    相似 98%", with nothing to tell them apart; the 转载与原文 list below names account and date."""
    page = get(f"{base}/articles/2247516397_1").text
    listed = page[page.index('<section class="duplicates">') :]
    listed = listed[: listed.index("</section>")]
    rows = [text_of(li) for li in re.findall(r"<li>(.*?)</li>", listed, re.S)]
    titles = [row.split(" 未央工信")[0] for row in rows]
    assert len(rows) >= 2 and len(set(titles)) < len(titles), rows  # the same title twice
    assert len(set(rows)) == len(rows), rows  # each row now tells itself apart
    assert all(re.search(r"未央工信 · 2025年\d+月\d+日", row) for row in rows), rows
    api = get(f"{base}/api/articles/2247516397_1").json()["duplicates"]
    assert all(d["account"] == "未央工信" and d["published"][:4] == "2025" for d in api), api


def test_an_articles_facts_write_dates_as_the_pages_do(base: str) -> None:
    """The 要点 panel listed 2025-10-30, 2025-11-17T17:00 and 2025-10-09 where the page's own
    header and every other page write 10月30日."""
    page = get(f"{base}/articles/2650689428_2").text
    panel = page[page.index('<section class="facts">') :]
    panel = panel[: panel.index("</section>")]
    values = [text_of(v).split("«")[0].strip() for v in re.findall(r"<dd>(.*?)</dd>", panel, re.S)]
    assert "10月30日" in values and "10月30日 · 区级推荐" in values and "10月9日" in values
    assert not any(re.search(r"\d{4}-\d\d-\d\d", v) for v in values), values
    timed = get(f"{base}/articles/2650689022_1").text  # paper copies due 11-17 17:00
    panel = timed[timed.index('<section class="facts">') :]
    assert "11月17日 17:00 · 纸质材料" in text_of(panel) and "2025-11-17" not in text_of(panel)
