"""Briefs built from the real seed: the editors' selection rules, sections, summaries, formats."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path
from xml.etree import ElementTree

import pytest
import typer
from typer.testing import CliRunner

from wxintel import digest
from wxintel.commands import brief as brief_commands
from wxintel.commands import evaluate
from wxintel.digest import (
    EARLIEST_DAY,
    INDUSTRY,
    LEADERS,
    NOTICES,
    SECTIONS,
    Brief,
    BriefItem,
    BriefSection,
    build_brief,
    editors_week,
    period_before,
    render_html,
    render_markdown,
    summarise,
    title_core,
)

EVENT = re.compile(r"论坛|大会|会议|会|活动|仪式|开幕|举办|举行|召开")
ATOM = "{http://www.w3.org/2005/Atom}"
WEEK = editors_week(date(2025, 9, 21))  # the week of the editors' 9月21日-9月27日 digest


@pytest.fixture(scope="module")
def week_brief(store) -> Brief:
    return build_brief(store, *WEEK)


def test_editors_week_runs_saturday_to_friday() -> None:
    assert editors_week(date(2025, 9, 21)) == (date(2025, 9, 20), date(2025, 9, 26))
    assert editors_week(date(2025, 9, 20)) == (date(2025, 9, 20), date(2025, 9, 26))
    assert editors_week(date(2025, 9, 26)) == (date(2025, 9, 20), date(2025, 9, 26))
    assert editors_week(date(2025, 9, 27))[0] == date(2025, 9, 27)


def test_sections_come_in_the_editors_order_and_are_bounded(week_brief: Brief) -> None:
    assert [s.name for s in week_brief.sections] == list(SECTIONS)
    limit = digest.section_limit(*WEEK)
    assert all(0 < len(s.items) <= limit for s in week_brief.sections)


def test_items_lie_in_the_period_and_link_to_their_posts(store, week_brief: Brief) -> None:
    for item in week_brief.items:
        assert WEEK[0].isoformat() <= item.published <= WEEK[1].isoformat()
        article = store.get(item.key)
        assert article is not None and article.url == item.url


def test_editors_leave_out_countdowns_stubs_digests_and_copies(store, week_brief: Brief) -> None:
    period = list(store.iter_articles(WEEK[0].isoformat(), WEEK[1].isoformat()))
    countdowns = {a.key for a in period if "倒计时" in a.title}
    digests = {a.key for a in period if "一周要闻" in a.title}
    assert countdowns and digests, "the seed week has countdown posts and a digest"
    chosen = {i.key for i in week_brief.items}
    assert not chosen & (countdowns | digests)
    for item in week_brief.items:
        article = store.get(item.key)
        assert article.duplicate_of is None
        assert not article.is_stub or digest.reads_as_notice(article.title)
        assert article.lang == "zh"


def test_reposts_collapse_to_one_item(store) -> None:
    start, end = editors_week(date(2025, 9, 28))
    period = [a for a in store.iter_articles(start.isoformat(), end.isoformat())]
    cores = [title_core(a.title) for a in period]
    reposted = {c for c in cores if cores.count(c) > 1}
    assert reposted, "the seed's week of 9-27 holds a post published twice"
    items = build_brief(store, start, end).items
    item_cores = [title_core(i.title) for i in items]
    assert len(item_cores) == len(set(item_cores))
    assert reposted & set(item_cores)


def test_nothing_is_repeated_from_last_weeks_brief(store) -> None:
    first = build_brief(store, *editors_week(date(2025, 9, 21)))
    second = build_brief(store, *editors_week(date(2025, 9, 28)))
    assert {title_core(i.title) for i in first.items}.isdisjoint(
        title_core(i.title) for i in second.items
    )


def test_leaders_activities_name_officials_and_notices_read_as_notices(store, week_brief) -> None:
    sections = {s.name: s.items for s in week_brief.sections}
    for item in sections[LEADERS]:
        article = store.get(item.key)
        assert digest.leaders_in(digest.lead(article)) or EVENT.search(article.title)
    for item in sections[NOTICES]:
        article = store.get(item.key)
        assert article.kind in digest.CALL_KINDS or digest.reads_as_notice(article.title)
    assert not {i.key for i in sections[INDUSTRY]} & {i.key for i in sections[LEADERS]}


def test_the_mayors_opening_ranks_above_a_forum_without_officials(store, week_brief) -> None:
    leaders = [store.get(i.key) for i in week_brief.sections[0].items]
    weights = [digest.leader_weight(digest.lead(a)) for a in leaders]
    assert weights[0] >= 3, "the top item names a mayor, minister or party secretary"


def test_summaries_are_quoted_from_the_post(store, week_brief: Brief) -> None:
    for item in week_brief.items:
        article = store.get(item.key)
        if not item.summary:
            assert article.is_stub or len(article.content) < 100
            continue
        quoted = item.summary.removesuffix("…")
        assert quoted in article.content.replace("\n", "")
        assert not quoted.startswith(("来源", "转载", "编者按", "点击"))
        assert len(item.summary) <= digest.SUMMARY_CHARS + 1


def test_summary_skips_source_lines_datelines_and_pointers() -> None:
    text = (
        "来源：解放日报\n\n"
        "新华社上海9月23日电 工博会今天开幕。近300项展品首发亮相，规模创新高。\n"
        "点击阅读原文"
    )
    assert summarise(text) == "工博会今天开幕。近300项展品首发亮相，规模创新高。"


def test_calls_carry_their_deadline_and_contact(store) -> None:
    start, end = editors_week(date(2025, 10, 10))
    brief = build_brief(store, start, end)
    notices = brief.sections[1].items
    with_deadline = [i for i in notices if i.deadline]
    assert with_deadline, "the week of 10-10 has calls with deadlines"
    for item in with_deadline:
        article = store.get(item.key)
        period_ends = [f["value"][-1] for f in store.facts(item.key) if f["kind"] == "period"]
        assert item.deadline in [article.deadline, *period_ends]
    with_contact = [i for i in notices if i.contact]
    assert with_contact
    for item in with_contact:
        content = store.get(item.key).content
        assert all(part in content for part in item.contact.split())
    data = brief.to_json()
    json_items = [i for s in data["sections"] for i in s["items"]]
    assert all(("deadline" in i) == bool(i.get("deadline")) for i in json_items)


def test_json_shape(week_brief: Brief) -> None:
    data = json.loads(digest.render_json(week_brief))
    assert data["from"] == "2025-09-20" and data["to"] == "2025-09-26"
    assert [s["name"] for s in data["sections"]] == list(SECTIONS)
    for section in data["sections"]:
        for item in section["items"]:
            assert {"id", "title", "published", "summary"} <= set(item)


def test_markdown_and_html_show_every_item(week_brief: Brief) -> None:
    md = render_markdown(week_brief)
    positions = [md.index(f"## {name}") for name in SECTIONS]
    assert positions == sorted(positions)
    html = render_html(week_brief)
    assert html.startswith("<!doctype html>")
    for item in week_brief.items:
        assert item.published in md and item.published in html


def test_html_escapes_article_text_and_drops_script_links() -> None:
    item = BriefItem(
        key="k",
        id="1",
        title="<script>alert(1)</script>",
        url="",
        published="2025-09-20",
        summary='"><img src=x onerror=alert(1)>',
    )
    brief = Brief(date(2025, 9, 20), date(2025, 9, 26), [BriefSection(LEADERS, [item])])
    html = render_html(brief)
    assert "<script>" not in html and "<img" not in html
    assert "&lt;script&gt;" in html


def test_feed_of_recent_briefs(store) -> None:
    briefs = digest.recent_briefs(store, date(2025, 10, 1), count=3)
    assert [b.start for b in briefs] == [date(2025, 9, 27), date(2025, 9, 20), date(2025, 9, 13)]
    feed = ElementTree.fromstring(
        digest.brief_atom(briefs, self_url="http://x/feeds/briefs.atom", site_url="http://x")
    )
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == 3
    content = entries[0].find(f"{ATOM}content")
    assert content.get("type") == "html" and briefs[0].items[0].title in content.text
    assert entries[0].find(f"{ATOM}id").text != entries[1].find(f"{ATOM}id").text


def test_brief_command_prints_json_for_a_week(seed_db: Path) -> None:
    app = typer.Typer()
    evaluate.register(app)
    brief_commands.register(app)
    result = CliRunner().invoke(
        app, ["brief", "--week", "2025-09-21", "--format", "json", "--db", str(seed_db)]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert (data["from"], data["to"]) == ("2025-09-20", "2025-09-26")
    day = CliRunner().invoke(app, ["brief", "--day", "2025-09-23", "--db", str(seed_db)])
    assert day.exit_code == 0 and "9月23日" in day.stdout
    bad = CliRunner().invoke(app, ["brief", "--week", "x", "--db", str(seed_db)])
    assert bad.exit_code == 2


def brief_app() -> typer.Typer:
    app = typer.Typer()
    evaluate.register(app)
    brief_commands.register(app)
    return app


@pytest.mark.parametrize(
    ("period", "named"),
    [
        (["--day", "0001-01-01"], "--day"),
        (["--week", "0001-01-01"], "--week"),
        (["--from", "0001-01-01", "--to", "0001-01-02"], "--from"),
        (["--week", "9999-12-31"], "--week"),
        (["--to", "9999-12-31"], "--to"),
    ],
)
def test_brief_command_refuses_days_at_the_ends_of_the_calendar(
    seed_db: Path, period: list[str], named: str
) -> None:
    result = CliRunner().invoke(brief_app(), ["brief", *period, "--db", str(seed_db)])
    assert result.exit_code == 2 and isinstance(result.exception, SystemExit)
    assert f"{named} must be a day from 1900-01-01 to 9998-12-31" in result.stderr


def test_the_period_before_stops_at_the_first_day_of_the_calendar(store) -> None:
    assert period_before(date(2025, 9, 20), date(2025, 9, 26)) == (
        date(2025, 9, 13),
        date(2025, 9, 19),
    )
    assert period_before(date(1, 1, 3), date(1, 1, 9)) == (date.min, date(1, 1, 2))
    assert build_brief(store, EARLIEST_DAY, date(2025, 10, 15)).items, "a span of a century"


def test_brief_json_flag_is_format_json(seed_db: Path) -> None:
    args = ["brief", "--week", "2025-09-21", "--db", str(seed_db)]
    flag = CliRunner().invoke(brief_app(), [*args, "--json"])
    option = CliRunner().invoke(brief_app(), [*args, "--format", "json"])
    assert flag.exit_code == 0 and flag.stdout == option.stdout
    assert json.loads(flag.stdout)["from"] == "2025-09-20"
    both = CliRunner().invoke(brief_app(), [*args, "--json", "--format", "html"])
    assert both.exit_code == 2 and "--json" in both.stderr


def test_brief_command_help_explains_the_editors_week() -> None:
    result = CliRunner().invoke(brief_app(), ["brief", "--help"], env={"COLUMNS": "200"})
    assert "Saturday to Friday" in " ".join(result.stdout.split())


def test_markdown_and_html_link_only_web_addresses() -> None:
    items = [
        BriefItem(key="a", id="1", title="网页", url="https://mp.weixin.qq.com/s/a(1)",
                  published="2025-10-01", summary="正文。"),
        BriefItem(key="b", id="2", title="脚本", url="javascript:alert(1)",
                  published="2025-10-02", summary=""),
    ]  # fmt: skip
    brief = Brief(date(2025, 9, 27), date(2025, 10, 3), [BriefSection(LEADERS, items)])
    md = render_markdown(brief)
    assert "- **[网页](https://mp.weixin.qq.com/s/a%281%29)** (2025-10-01)" in md
    assert "- **脚本** (2025-10-02)" in md and "javascript" not in md
    html = render_html(brief)
    assert 'href="https://mp.weixin.qq.com/s/a(1)"' in html and "javascript" not in html


def test_an_untitled_post_shows_as_untitled() -> None:
    item = BriefItem(key="a", id="1", title=" ", url="", published="2025-10-01", summary="")
    brief = Brief(date(2025, 9, 27), date(2025, 10, 3), [BriefSection(LEADERS, [item])])
    assert "- **(无标题)** (2025-10-01)" in render_markdown(brief)
    assert "<h3>(无标题)</h3>" in render_html(brief)
    assert brief.to_json()["sections"][0]["items"][0]["title"] == " ", "the data stays as is"
