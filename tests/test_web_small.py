"""The small things a user of the pages notices (issue 16): a local favicon, `--version`, dates
as people write them, contacts without stray separators, over-long queries, ids beyond 64 bits."""

from __future__ import annotations

import dataclasses
import re
import subprocess
import sys
from collections.abc import Iterator
from html import unescape
from importlib.metadata import version
from pathlib import Path
from urllib.parse import urlencode

import pytest
from fastapi.testclient import TestClient
from helpers import copy_seed_db, ingest_articles, ingest_records
from icalendar import Calendar

from wxintel.store.readmodels import contact_items
from wxintel.web import create_app
from wxintel.web.deps import MAX_QUERY_CHARS
from wxintel.web.rendering import query_url, varied_urls, when

REPO = Path(__file__).resolve().parents[1]
EMAIL_ONLY = ("未央工信", "2247494963_1")  # a real call whose only contact is an e-mail address


@pytest.fixture(scope="module")
def client(seed_db: Path, tmp_path_factory: pytest.TempPathFactory, post) -> Iterator[TestClient]:
    """The seed plus one real 未央工信 call that names no contact person and no phone."""
    db = copy_seed_db(seed_db, tmp_path_factory.mktemp("small"))
    article = post(*EMAIL_ONLY)
    assert ingest_articles(db, [article]).added == 1
    with TestClient(create_app(db)) as c:
        yield c


def text_of(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def test_the_favicon_is_served_from_here(client: TestClient):
    page = client.get("/").text
    assert '<link rel="icon" href="/static/favicon.svg"' in page
    icon = client.get("/favicon.ico")
    assert icon.status_code == 200 and icon.url.path == "/static/favicon.svg"
    assert icon.headers["content-type"].startswith("image/svg+xml")
    assert icon.text.startswith("<svg") and "http" not in icon.text.replace(
        "http://www.w3.org/2000/svg", ""
    )


def test_version_is_the_installed_package_version():
    done = subprocess.run(
        [sys.executable, "-m", "wxintel", "--version"],
        capture_output=True,
        text=True,
        cwd=REPO,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"wxintel {version('wxintel')}"


@pytest.mark.parametrize(
    ("stored", "reference", "shown"),
    [
        ("2026-03-16T12:00:00+08:00", "2026-01-01", "3月16日 12:00"),
        ("2026-03-16T04:00:00+00:00", "2026-01-01", "3月16日 12:00"),  # shown in Shanghai time
        ("2025-10-30", "2025-10-15", "10月30日"),
        ("2025-10-30T23:59", "2026-03-26", "2025年10月30日 23:59"),  # another year says so
        ("", None, ""),
        ("不是日期", None, "不是日期"),
    ],
)
def test_when_writes_dates_as_people_do(stored, reference, shown):
    assert when(stored, reference) == shown


def test_the_board_shows_dates_in_words_and_no_empty_contact(client: TestClient):
    page = client.get("/calls", params={"as_of": "2025-10-15"}).text
    card = page[page.index('id="call-2650689428_2"') :]
    card = card[: card.index("</li>")]
    assert '<time datetime="2025-10-30">10月30日</time>' in card
    assert not re.search(r"\d{4}-\d{2}-\d{2}", text_of(card)), "an ISO date left in the text"
    everything = text_of(client.get("/calls").text)
    assert "联系： ·" not in everything and "联系：；" not in everything
    assert "；；" not in everything
    mail = next(
        c
        for c in re.findall(r'<p class="contacts">.*?</p>', client.get("/calls").text, re.S)
        if "wyqgxj@yeah.net" in c
    )
    assert text_of(mail).replace(" ", "") == "联系：wyqgxj@yeah.net"


def test_contact_items_never_leave_an_empty_entry():
    call = {
        "contacts": [{"name": "陈珂", "phone": "021-1"}, {"name": "", "phone": ""}],
        "phones": ["021-1", "021-2"],
        "emails": ["a@b.cn"],
    }
    assert contact_items(call) == [
        {"name": "陈珂", "phone": "021-1", "email": "", "role": ""},
        {"name": "", "phone": "021-2", "email": "", "role": ""},
        {"name": "", "phone": "", "email": "a@b.cn", "role": ""},
    ]
    assert contact_items({"contacts": [], "phones": [], "emails": []}) == []


def test_an_over_long_query_is_trimmed_on_the_page_and_refused_by_the_api(client: TestClient):
    words = "智能工厂申报" * 100
    page = client.get("/search", params={"q": words})
    assert page.status_code == 200
    assert f"查询太长（{len(words)} 字），只按前 {MAX_QUERY_CHARS} 字搜索" in page.text
    assert f'value="{words[:MAX_QUERY_CHARS]}"' in page.text  # the query is kept, trimmed
    api = client.get("/api/search", params={"q": words})
    assert api.status_code == 422
    assert f"at most {MAX_QUERY_CHARS} characters" in api.json()["error"]


@pytest.mark.parametrize(
    ("words", "said"),
    [
        ("的", "查询只包含常用词或疑问词（的）"),
        ("哪些", "查询只包含常用词或疑问词（哪些）"),
        ("-申报", "查询只有排除词"),
        ("？？", "请输入要查找的关键词"),
    ],
)
def test_a_query_without_a_word_to_find_says_so_on_the_page(client: TestClient, words, said):
    page = client.get("/search", params={"q": words})
    assert page.status_code == 200
    assert said in unescape(page.text)
    assert 'class="hit"' not in page.text
    api = client.get("/api/search", params={"q": words}).json()
    assert api["total"] == 0 and said in api["message"]
    assert api["understood"]["date_words"] == []  # the same keys as a query that ran


def test_the_to_date_is_labelled_zhi(client: TestClient):
    page = client.get("/search", params={"q": "申报", "to": "not-a-day"}).text
    assert re.search(r"<label>至 <input type=\"date\" name=\"to\"", page)
    assert "截止日期" not in page


@pytest.mark.parametrize(
    "path",
    [
        "/api/entities/9223372036854775808",
        "/entities/99999999999999999999",
        "/api/threads/9223372036854775808",
        "/threads/99999999999999999999",
    ],
)
def test_an_entity_or_thread_id_beyond_64_bits_is_not_found(client: TestClient, path: str):
    response = client.get(path)
    assert response.status_code == 404


def test_entities_page_through_a_kind_showing_the_count_they_are_sorted_by(client: TestClient):
    first = client.get("/entities", params={"kind": "org"}).text
    total = int(re.search(r"共 (\d+) 个", first)[1])
    pages = int(re.search(r"第 1/(\d+) 页", first)[1])
    assert total > 50 and pages == (total + 49) // 50
    seen: list[str] = []
    for number in range(1, pages + 1):
        page = client.get("/entities", params={"kind": "org", "page": number}).text
        rows = re.findall(
            r'<tr><td>(\d+)</td><td><a href="/entities/(\d+)">.*?</a></td>'
            r"<td><strong>(\d+)</strong></td><td>(\d+)</td></tr>",
            page,
        )
        assert [int(r[0]) for r in rows] == list(range(len(seen) + 1, len(seen) + len(rows) + 1))
        shown = [(int(r[2]), int(r[3])) for r in rows]
        assert shown == sorted(shown, reverse=True), "the counts shown are the sort order"
        seen += [r[1] for r in rows]
        if number < pages:
            assert f'href="/entities?kind=org&amp;page={number + 1}">下一页' in page
    assert len(seen) == len(set(seen)) == total  # every entity once, none skipped
    api = client.get("/api/entities", params={"kind": "org", "top": 50, "offset": 50}).json()
    assert [str(e["id"]) for e in api] == seen[50:100]


def main_text(html: str) -> str:
    return text_of(html[html.index("<main>") : html.index("</main>")])


ENGLISH = re.compile(r"[A-Za-z]{3,}[ ,:;]+[A-Za-z]{3,}")  # two English words in a row


@pytest.mark.parametrize(
    ("path", "params", "status", "said"),
    [
        ("/articles/no-such-post", {}, 404, "没有这篇文章：no-such-post"),
        ("/threads/999999", {}, 404, "没有这个申报线索：999999"),
        ("/calls", {"status": "bogus"}, 422, "参数 status 只能是 open、closed、all 之一"),
        ("/calls", {"as_of": "2025-02-30"}, 422, "参数 as_of 应为 YYYY-MM-DD 格式的日期"),
        ("/search", {"q": "申报", "limit": "two"}, 422, "参数 limit 应为整数"),
        ("/search", {"q": "申报", "from": "2025-13-01"}, 422, "起始日期应为 YYYY-MM-DD"),
        ("/search", {"q": "申报", "from": "2025-10-02", "to": "2025-10-01"}, 422, "不能早于"),
    ],
)
def test_pages_speak_chinese_and_the_api_english(client, path, params, status, said):
    page = client.get(path, params=params)
    assert page.status_code == status
    shown = main_text(page.text)
    assert said in shown
    assert not ENGLISH.search(shown.replace("YYYY-MM-DD", "")), shown
    api = client.get(f"/api{path}", params=params)  # the same question asked of the API
    assert api.status_code == status
    assert not re.search(r"[\u4e00-\u9fff]", api.json()["error"]), api.json()


def test_the_calls_api_keeps_the_accounts_asked_for(client: TestClient):
    every = client.get("/api/calls", params={"status": "all", "as_of": "2099-12-31"}).json()
    assert {c["account"] for c in every} == {"上海经信委", "未央工信"}
    for account in ("上海经信委", "未央工信"):
        kept = client.get(
            "/api/calls", params={"status": "all", "as_of": "2099-12-31", "account": account}
        ).json()
        assert [c["key"] for c in kept] == [c["key"] for c in every if c["account"] == account]


def test_the_board_page_and_its_export_keep_the_account_chosen(client: TestClient):
    every = client.get("/api/calls", params={"status": "all", "as_of": "2099-12-31"}).json()
    wanted = [c for c in every if c["account"] == "未央工信"]
    page = client.get("/calls", params={"as_of": "2099-12-31", "account": "未央工信"})
    assert page.status_code == 200
    shown = re.findall(r'<li class="call" id="call-([^"]+)"', page.text)
    assert wanted and sorted(shown) == sorted(c["id"] for c in wanted)
    assert '<option value="未央工信" selected>未央工信</option>' in page.text  # the form keeps it
    link = unescape(re.search(r'href="(/api/calls/export\?[^"]*format=csv[^"]*)"', page.text)[1])
    exported = client.get(link).content.decode("utf-8-sig")
    assert "未央工信" in exported and "上海经信委" not in exported


def test_a_page_link_encodes_its_parameters_as_urlencode_does():
    """Links a search page builds (facets, paging, feeds), each parameter encoded once."""
    params = {
        "q": '"智能制造" -美妆 a&b=c+d',
        "from": "2025-01-01",
        "to": None,
        "account": ["上海经信委", "津北商务"],
        "kind": [],
        "tag": ["人工智能"],
        "sort": None,
        "limit": 50,
    }
    changes = [
        {},
        {"offset": 40},
        {"account": ["津北商务"], "offset": None},
        {"kind": ["call", "event"], "offset": None},
        {"from": "2025-03-01", "to": "2025-03-31", "offset": None},
        {"q": None, "tag": []},
    ]
    for change in changes:
        merged = {k: v for k, v in params.items() if v not in (None, "", [], ())}
        for name, value in change.items():  # changed in place, removed, or added at the end
            if value in (None, "", [], ()):
                merged.pop(name, None)
            else:
                merged[name] = value
        expected = "/search?" + urlencode(merged, doseq=True)
        assert query_url("/search", params, **change) == expected
        assert query_url("/search", params, **change) == expected  # encoded once, then reused
        # the facets' links: the parameters that stay encoded once for every value
        url = varied_urls("/search", params, tuple(change))
        assert url(*change.values()) == expected
    assert query_url("/search", {"q": None}) == "/search"
    assert varied_urls("/search", {"q": None}, ("q",))(None) == "/search"


MISTYPED = "上海经信"  # 上海经信委 with its last character lost


@pytest.mark.parametrize(
    "path",
    [
        "/api/search?q=申报",
        "/api/search/export?q=申报&format=csv",
        "/feeds/articles.atom?q=申报",
        "/api/calls",
        "/api/calls/export?format=csv",
        "/api/reposts",
        "/api/threads",
    ],
)
def test_an_account_with_no_posts_is_named_not_answered_as_empty(client: TestClient, path: str):
    """A mistyped account matched nothing and answered 200 with an empty list, read as "no
    calls"; it is a 404 naming the stored accounts, as the CLI and /api/brief say it."""
    joiner = "&" if "?" in path else "?"
    answer = client.get(f"{path}{joiner}account={MISTYPED}")
    assert answer.status_code == 404, answer.text
    assert answer.json()["error"] == (
        f"no posts of account {MISTYPED}; stored accounts: 上海经信委, 未央工信"
    )
    assert client.get(f"{path}{joiner}account=未央工信").status_code == 200


@pytest.mark.parametrize("path", ["/calls", "/threads", "/brief"])
def test_a_page_names_the_stored_accounts_in_chinese(client: TestClient, path: str):
    """The page says it in Chinese (the brief's page showed the API's English, "no posts of
    account …", as its message: it quotes Chinese names, so it passed for Chinese)."""
    page = client.get(path, params={"account": MISTYPED})
    assert page.status_code == 404
    said = f"没有公众号 {MISTYPED} 的文章；已收录的公众号：上海经信委、未央工信"
    assert said in text_of(page.text) and "no posts" not in page.text
    assert client.get(path, params={"account": "未央工信"}).status_code == 200


def test_the_search_page_says_an_account_has_no_posts_beside_its_field(client: TestClient):
    """/search?account=上海经信 showed 共 0 条结果 under a 公众号 box reading 全部; it names the
    stored accounts beside the field (404, as every page taking an account answers), searching
    nothing."""
    page = client.get("/search", params={"q": "申报", "account": MISTYPED})
    assert page.status_code == 404
    said = re.search(
        r'<span class="error" id="problem-account" role="alert">([^<]+)</span>', page.text
    )
    assert said and said[1] == f"没有公众号 {MISTYPED} 的文章；已收录的公众号：上海经信委、未央工信"
    assert "共 0 条结果" not in text_of(page.text)
    kept = client.get("/search", params={"q": "申报", "account": "未央工信"})
    assert kept.status_code == 200 and 'id="problem-account"' not in kept.text


def _calendar_keys(body: bytes) -> set[str]:
    """The article keys a calendar's events come from (UIDs are key-deadline@… / key-event-…)."""
    uids = re.findall(r"^UID:(.+?)\r?$", body.decode(), flags=re.M)
    return {re.split(r"-(?:deadline@|event-)", uid)[0] for uid in uids}


def test_the_board_subscribes_to_the_calendar_and_feed_of_the_account_chosen(client: TestClient):
    """The board narrowed to one account linked "下载全部 (.ics)" and Atom to every account's
    calendar and feed; they now take the board's account (and group) and the links keep it."""
    every = client.get("/api/calls", params={"status": "all", "as_of": "2099-12-31"}).json()
    own = {c["key"] for c in every if c["account"] == "未央工信"}
    page = client.get("/calls", params={"as_of": "2099-12-31", "account": "未央工信"}).text
    ics = unescape(re.search(r'<a class="ics" href="(/calendar\.ics[^"]*)"', page)[1])
    atom = unescape(re.search(r'<a href="(/feeds/calls\.atom[^"]*)"', page)[1])
    narrowed = client.get(ics)
    assert narrowed.status_code == 200
    assert own and _calendar_keys(narrowed.content) == own
    name = Calendar.from_ical(narrowed.content)["X-WR-CALNAME"]  # its name in a calendar app
    assert (name, Calendar.from_ical(client.get("/calendar.ics").content)["X-WR-CALNAME"]) == (
        "wxintel · 未央工信",
        "wxintel",
    )
    whole = _calendar_keys(client.get("/calendar.ics").content)
    assert own < whole  # 上海经信委's deadlines and events are in the whole calendar only
    entries = re.findall(r"<id>urn:wxintel:call:([^<]+)</id>", client.get(atom).text)
    assert set(entries) == own
    assert client.get("/calendar.ics", params={"account": MISTYPED}).status_code == 404
    calls = client.get("/calls.ics", params={"account": "未央工信"})  # bbox18: it was a 404
    assert calls.status_code == 200 and calls.content == narrowed.content


def test_a_deadline_with_a_time_reads_as_people_write_it_in_feeds_and_exports(
    client: TestClient,
):
    """The calls feed's summary, the calendar's description and the Markdown export said
    截止：2025-11-17T17:00 (ISO's T); they say 2025-11-17 17:00 (a real seed call). CSV keeps
    the stored form, as the API gives it."""
    every = client.get("/api/calls", params={"status": "all", "as_of": "2099-12-31"}).json()
    timed = [c for c in every if "T" in (c["deadline"] or "")]
    assert timed  # the seed's 智能产品征集 closes at 17:00
    written = {c["id"]: c["deadline"].replace("T", " ") for c in timed}
    feed = client.get("/feeds/calls.atom").text
    calendar = client.get("/calendar.ics").text
    board = {"status": "all", "as_of": "2099-12-31"}
    markdown = client.get("/api/calls/export", params={**board, "format": "md"}).text
    for shown in written.values():
        assert f"截止：{shown}" in feed and f"截止：{shown}" in calendar and shown in markdown
    assert not re.search(r"截止：\d{4}-\d\d-\d\dT", feed + calendar + markdown)


SHARED_AID = "2247516176_1"  # 河西政务服务's new-year greeting and a 津北商务 invitation


def test_an_aid_two_real_accounts_share_is_offered_in_words_a_reader_and_an_agent_read(
    tmp_path: Path, post
):
    """The choice page said "Several articles share this id; choose one:" on a Chinese page, and
    MCP's message ended in a Python list's repr ([{'key': …}]); both now list the choices."""
    from wxintel.mcp import tools
    from wxintel.store import open_store

    shared = [post("河西政务服务", SHARED_AID), post("津北商务", SHARED_AID)]
    db = tmp_path / "shared.db"
    assert ingest_articles(db, shared).added == 2
    with TestClient(create_app(db)) as c:
        page = c.get(f"/articles/{SHARED_AID}")
    assert page.status_code == 409
    said = text_of(page.text[page.text.index("<main") :])
    assert "请选择" in said and "choose" not in said and "Several" not in said
    store = open_store(db)
    try:
        with pytest.raises(tools.ToolError) as raised:
            tools.get_article(store, SHARED_AID)
        keys = {a.account: a.key for a in store.iter_articles()}
    finally:
        store.close()
    message = str(raised.value)
    assert raised.value.code == "ambiguous" and "[{" not in message and "'key'" not in message
    for article in shared:
        key = keys[article.account]
        assert f"{key} ({article.account}, {article.published[:10]}, {article.title})" in message


def test_every_feed_is_titled_in_chinese_as_the_footer_names_it(client: TestClient):
    """A feed reader listed "wxintel: calls and deadlines" and "wxintel: latest articles" beside
    "wxintel: 要闻简报": the calls and articles feeds are titled as the footer links name them,
    and a feed of one account says whose it is."""
    titles = {
        path: re.search(r"<title>([^<]+)</title>", client.get(path).text)[1]
        for path in (
            "/feeds/articles.atom",
            "/feeds/calls.atom",
            "/feeds/briefs.atom",
            "/feeds/sources.atom",
            "/feeds/calls.atom?account=未央工信",
        )
    }
    assert titles == {
        "/feeds/articles.atom": "wxintel: 最新文章",
        "/feeds/calls.atom": "wxintel: 申报与截止日期",
        "/feeds/briefs.atom": "wxintel: 要闻简报",
        "/feeds/sources.atom": "wxintel: 信息源问题",
        "/feeds/calls.atom?account=未央工信": "wxintel: 申报与截止日期 · 未央工信",
    }


def test_a_matched_term_reads_as_the_query_wrote_it(
    client: TestClient, seed_db: Path, wide_console
):
    """Searching AI 人工智能 showed 命中原因：ai (the index's lower case) for seed posts that
    mention AI; the page and the CLI show the term as typed."""
    from typer.testing import CliRunner

    from wxintel.cli import app

    page = client.get("/search", params={"q": "AI 人工智能"}).text
    terms = re.findall(r'<span class="term">([^<]+)</span>', page)
    assert "AI" in terms and "ai" not in terms
    asked = ["search", "AI 人工智能", "--limit", "5", "--db", str(seed_db)]
    shown = CliRunner().invoke(app, asked).stdout
    assert "matched: AI" in shown and "matched: ai" not in shown


def test_a_body_that_is_no_json_says_where_it_breaks(client: TestClient):
    """POST /api/match with a broken body: pydantic's "body.13: JSON decode error" read as a
    field named 13; the answer says the body is not JSON and where."""
    broken = client.post(
        "/api/match", content='{"name": "甲",', headers={"Content-Type": "application/json"}
    )
    assert broken.status_code == 422
    assert broken.json()["error"] == (
        "body is not JSON: Expecting property name enclosed in double quotes at character 13"
    )
    shaped = client.post("/api/match", json=[1, 2])  # JSON, but no profile: the usual message
    assert shaped.json()["error"] == "body: Input should be a valid dictionary"


def test_a_post_without_a_date_is_listed_as_date_unknown(tmp_path: Path, post):
    """A feed item with no date whose page was not read is stored undated (the lead's
    decision: never dated by the poll that read it). Lists showed a blank where the day goes
    ("滨海 · · call" in the CLI, an empty <time> on pages): now they say 日期未知."""
    from typer.testing import CliRunner

    from wxintel.cli import app

    undated = dataclasses.replace(post(*EMAIL_ONLY), published="")
    db = tmp_path / "undated.db"
    assert ingest_articles(db, [undated]).added == 1
    words = undated.title[:8]
    with TestClient(create_app(db)) as c:
        [hit] = c.get("/api/search", params={"q": words}).json()["hits"]
        assert hit["published"] == ""  # the API keeps the stored value
        assert "日期未知" in text_of(c.get("/search", params={"q": words}).text)
        assert "日期未知" in text_of(c.get(f"/articles/{hit['key']}").text)
    shown = CliRunner().invoke(app, ["export", "--format", "md", "--db", str(db)])
    assert f"— {undated.account} · 日期未知 · " in shown.stdout  # CSV and JSON keep ""
    shown = CliRunner().invoke(app, ["search", words, "--db", str(db)])
    assert shown.exit_code == 0 and f"{undated.account} · 日期未知 ·" in shown.stdout
    shown = CliRunner().invoke(app, ["show", hit["key"], "--db", str(db)])
    assert shown.exit_code == 0
    assert f"{undated.account} · 日期未知 · {hit['kind']} · {hit['key']}\n" in shown.stdout
    cli = CliRunner()  # a watchlist is where a newly polled undated post is first seen
    watched = "高层次人才评价确认"  # the words of the post's title (EMAIL_ONLY's)
    assert watched in undated.title
    for name in ("文本", "摘要"):
        added = cli.invoke(app, ["watch", "add", watched, "--name", name, "--db", str(db)])
        assert added.exit_code == 0
    shown = cli.invoke(app, ["watch", "run", "--name", "文本", "--db", str(db)])
    assert f"  日期未知  {hit['id']}  " in shown.stdout
    shown = cli.invoke(app, ["watch", "run", "--name", "摘要", "--format", "md", "--db", str(db)])
    assert f"（{undated.account}，日期未知" in shown.stdout


def test_an_answer_above_filtered_results_is_read_within_the_filters(client: TestClient):
    """提问 with the page narrowed to one account answered from the whole archive (a 未央工信
    post above 上海经信委's results): the answer is now read within the page's filters, and
    says which."""
    asked = {"q": "智能工厂申报截止时间是什么时候？", "ask": "1"}
    note = "回答只取自本页筛选范围内的帖子（公众号：上海经信委）"
    whole = client.get("/search", params=asked)
    narrowed = client.get("/search", params={**asked, "account": "上海经信委"})
    assert 'class="ask-answer' in whole.text and "回答只取自" not in whole.text
    assert 'class="ask-answer' in narrowed.text and note in text_of(narrowed.text)
    panel = narrowed.text[narrowed.text.index('class="ask-answer') :]
    panel = panel[: panel.index("</section>")]
    assert "未央工信" not in panel


def test_a_deadline_read_from_the_title_shows_only_what_a_reader_needs(tmp_path: Path):
    """A deadline stated only in the title (made up) is stored with "from": "title" and the
    date's span in the title; the 要点 panel showed them too (…申报 · title · 21 至 27)."""
    db = tmp_path / "wx.db"
    post = {
        "id": "made-up-title-deadline",
        "title": "2025年度区级技术改造项目开始申报（截止11月25日）",
        "content": "符合条件的企业请登录平台提交申报材料。",
        "account": "示例经信",
        "published": "2025-11-05",
    }
    ingest_records(db, [post])
    with TestClient(create_app(db)) as app:
        (call,) = app.get("/api/calls", params={"status": "all"}).json()
        page = app.get(f"/articles/{call['key']}").text
    panel = page[page.index('<section class="facts">') :]
    values = [text_of(v).split("«")[0].strip() for v in re.findall(r"<dd>(.*?)</dd>", panel, re.S)]
    assert "11月25日 · 申报" in values, values
    assert not any("title" in v or "至" in v for v in values), values
