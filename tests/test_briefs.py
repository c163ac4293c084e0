"""Briefs built from the real exports: digests found and learned from, generic sections,
selection, summaries, formats, the shared period parser and the renderer registry."""

from __future__ import annotations

import csv
import io
import json
import math
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path
from xml.etree import ElementTree

import pytest
import typer
from conftest import MORE
from fastapi.testclient import TestClient
from helpers import copy_seed_db
from typer.testing import CliRunner

from wxintel import feeds
from wxintel.briefs import PeriodError, Plan, Week, build_brief, compose, plan_for, recent_briefs
from wxintel.briefs import profile as profiles
from wxintel.briefs.classify import (
    GENERIC_SECTIONS,
    NOTICES,
    carries_a_rule,
    generic_section,
    names_a_document,
    titles_a_document,
)
from wxintel.briefs.compose import GENERIC_FLOOR, generic_scores, section_limit
from wxintel.briefs.digests import find_digests, title_stem
from wxintel.briefs.model import Brief, BriefItem, BriefSection
from wxintel.briefs.period import EARLIEST_DAY, period_before, resolve_period
from wxintel.briefs.profile import MODEL_BOUNDARY, busy_week_size, learn_profile
from wxintel.briefs.render import BRIEF_FORMATS, render_html, render_markdown
from wxintel.briefs.select import (
    candidates_from,
    collapse_reposts,
    exclusion,
    story_key,
)
from wxintel.briefs.summary import SUMMARY_CHARS, summarise
from wxintel.commands import brief as brief_commands
from wxintel.commands import evaluate
from wxintel.dedupe import article_key, public_id
from wxintel.evaluation.brief import HOLDOUTS, METHODS, evaluate_briefs, format_report
from wxintel.mcp import tools as mcp_tools
from wxintel.model import NOTICE_KINDS
from wxintel.pipeline import ingest
from wxintel.renderers import UnknownFormat
from wxintel.store import StoredArticle, open_store
from wxintel.web import create_app

SEED_ACCOUNT = "上海经信委"
OTHER = "津北商务"  # an account without digests of its own
ATOM = "{http://www.w3.org/2005/Atom}"


def brief_app() -> typer.Typer:
    app = typer.Typer()
    evaluate.register(app)
    brief_commands.register(app)
    return app


def cli(*args: str):
    return CliRunner().invoke(brief_app(), list(args))


@pytest.fixture(scope="module")
def seed_articles(store) -> list[StoredArticle]:
    return list(store.iter_articles(accounts=[SEED_ACCOUNT]))


@pytest.fixture(scope="module")
def profile(seed_articles):
    found = learn_profile(SEED_ACCOUNT, seed_articles)
    assert found is not None, "the seed account publishes weekly digests"
    return found


@pytest.fixture(scope="module")
def week(profile) -> tuple[date, date]:
    return profile.week.holding(date(2025, 9, 21))


@pytest.fixture(scope="module")
def week_brief(store, week) -> Brief:
    return build_brief(store, *week)


@pytest.fixture(scope="module")
def two_accounts(seed_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed plus an account without digests, in one SQLite file."""
    db = copy_seed_db(seed_db, tmp_path_factory.mktemp("two-accounts"))
    store = open_store(db)
    try:
        ingest([MORE / f"{OTHER}.json"], store, workers=1)
    finally:
        store.close()
    return db


@pytest.fixture(scope="module")
def two(two_accounts: Path) -> Iterator:
    store = open_store(two_accounts)
    yield store
    store.close()


@pytest.fixture(scope="module")
def client(two_accounts: Path) -> Iterator[TestClient]:
    with TestClient(create_app(two_accounts)) as c:
        yield c


def as_stored(article) -> StoredArticle:
    key = article_key(article)
    return StoredArticle(
        key=key,
        id=public_id(article, key),
        account=article.account,
        title=article.title,
        url=article.url,
        published=article.published,
        content=article.content,
    )


# -- digests found and learned from ------------------------------------------------------


def test_the_seed_digests_are_found_by_recurrence_and_the_posts_they_list(seed_articles):
    digests = find_digests(seed_articles)
    assert len(digests) == 4
    assert len({title_stem(d.article.title) for d in digests}) == 1, "one recurring series"
    keys = {a.key for a in seed_articles}
    for digest in digests:
        assert len(digest.stored_items) >= 12
        for item in digest.stored_items:
            assert item.key in keys and item.key != digest.article.key
            assert item.published < digest.article.published[:10]


def test_no_other_account_has_digests_of_its_own_posts(more_clean):
    """河西政务服务 has a recurring "本周…" roundup, but it lists other sources' news."""
    series = {}
    for account, articles in more_clean.items():
        stored = [as_stored(a) for a in articles]
        stems = [title_stem(a.title) for a in stored]
        series[account] = max((stems.count(s) for s in stems), default=0)
        assert find_digests(stored) == [], account
    assert series["河西政务服务"] >= 20, "a recurring series that is not a digest of own posts"


def test_week_sections_and_caps_are_learned_from_the_digests(profile, seed_articles):
    digests = find_digests(seed_articles)
    published = {d.published.weekday() for d in digests}
    assert published == {5}, "the seed's digests come out on Saturdays"
    assert profile.lag_days == 1 and profile.span_days == 7
    assert profile.week.first_weekday == 5, "a week ends the day before the digest"
    for digest in digests:
        lines = {re.sub(r"\s+", "", line) for line in digest.article.content.split("\n")}
        assert set(profile.sections) <= lines, "section names are the digests' own headings"
    assert len(profile.sections) == 3
    for name in profile.sections:
        sizes = sorted(sum(i.section == name for i in d.stored_items) for d in digests)
        assert sizes[-2] <= profile.caps[name] <= sizes[-1], "a busy week's size, not above"


def test_one_exceptional_week_does_not_set_a_cap():
    usual = [6, 7, 7, 8, 6, 7, 8, 7, 6, 7, 8, 7, 7, 6, 8, 7, 7, 8, 7, 6]
    assert busy_week_size(usual) == 8
    assert busy_week_size([*usual, 19]) == 8, "a trade fair's week of 19 items is one week in 21"
    assert busy_week_size([5]) == 5 and busy_week_size([5, 9]) == 9


def test_headings_are_the_generic_sections_under_the_editors_names(profile, seed_articles):
    # on four digests, each held out, the renamed generic sections agree with the editors more
    # often than the section model (55 of 62 items against 54), so they name the headings
    assert profile.generic_names == {
        "通知公告": "通知公告",
        "要闻活动": "要闻活动",
        "产业动态": "产业创新动态",
    }
    assert not profile.headings_by_model
    for article in seed_articles:
        heading = profile.section_for(article)
        assert heading == profile.generic_names[generic_section(article)]
        assert profile.quota_for(article) in profile.sections


def test_a_held_out_digest_is_not_learned_from(seed_articles, profile):
    held = find_digests(seed_articles)[1]
    without = learn_profile(SEED_ACCOUNT, seed_articles, exclude={held.article.key})
    assert without is not None and without.digests == profile.digests - 1
    assert held.article.key not in without.digest_keys
    assert without.sections == profile.sections and without.week == profile.week


def test_the_boundary_is_where_held_out_digests_are_recalled_as_the_goal_asks(
    seed_articles, profile, monkeypatch
):
    # four digests, each held out: a boundary stricter than the model's still lists 85% of
    # the editors' items, so it is raised; precision is what it buys
    assert profile.listed_above > MODEL_BOUNDARY
    monkeypatch.setattr(profiles, "RECALL_GOAL", 0.5)
    looser_goal = learn_profile(SEED_ACCOUNT, seed_articles)
    assert looser_goal.listed_above > profile.listed_above
    monkeypatch.setattr(profiles, "RECALL_GOAL", 1.0)  # out of reach under the caps
    assert learn_profile(SEED_ACCOUNT, seed_articles).listed_above == MODEL_BOUNDARY
    digests = find_digests(seed_articles)
    one = learn_profile(SEED_ACCOUNT, seed_articles, exclude={d.article.key for d in digests[1:]})
    assert one.digests == 1 and one.listed_above == MODEL_BOUNDARY, "nothing to hold out"


def test_a_single_digest_briefs_generically_under_the_editors_headings(
    store, seed_articles, profile
):
    # a pick model learned from one digest has no week held out to check it on: until a second
    # digest the account's brief is the generic one, on the editors' week, under their headings
    digests = find_digests(seed_articles)
    one = learn_profile(SEED_ACCOUNT, seed_articles, exclude={d.article.key for d in digests[1:]})
    assert one is not None and one.digests == 1 and not one.picks_learned
    assert profile.picks_learned, "four digests choose by the pick model"
    start, end = one.period_of(digests[1].published)
    plan = compose.account_plan(store, SEED_ACCOUNT, seed_articles, one)
    assert plan.week == one.week and plan.learned_accounts == ()
    brief = build_brief(store, start, end, plan=plan)
    generic = build_brief(store, start, end, plan=replace(plan, profiles={SEED_ACCOUNT: None}))
    assert brief.learned_from == () and len(brief.items) > 10
    assert [i.key for i in brief.items] == [i.key for i in generic.items]
    renamed = [(one.editors_heading(s.name), i.key) for s in generic.sections for i in s.items]
    assert [(s.name, i.key) for s in brief.sections for i in s.items] == renamed
    assert {s.name for s in brief.sections} <= set(one.sections)
    assert "产业创新动态" in {s.name for s in brief.sections}, "产业动态 under the editors' name"


def test_the_week_brief_follows_the_learned_sections_and_caps(store, week_brief, week, profile):
    assert week == (date(2025, 9, 20), date(2025, 9, 26))
    assert [s.name for s in week_brief.sections] == list(profile.sections)
    assert week_brief.learned_from == (SEED_ACCOUNT,)
    posts = {a.key: a for a in store.iter_articles(accounts=[SEED_ACCOUNT])}
    items = [(s.name, posts[i.key]) for s in week_brief.sections for i in s.items]
    quotas = Counter(profile.quota_for(article) for _, article in items)
    for section in week_brief.sections:
        assert section.items and 0 < quotas[section.name] <= profile.caps[section.name]
    assert all(name == profile.section_for(article) for name, article in items)


def test_a_learned_brief_lists_only_what_the_evidence_says_editors_list(store, profile):
    # the week of 9-27 holds more candidates than the caps; the brief stops at the boundary
    start, end = profile.week.holding(date(2025, 9, 28))
    brief = build_brief(store, start, end, plan=Plan((SEED_ACCOUNT,), {SEED_ACCOUNT: profile}))
    posts = {a.key: a for a in store.iter_articles(accounts=[SEED_ACCOUNT])}
    items = [i for s in brief.sections for i in s.items]
    assert items and len(items) < sum(profile.caps.values())
    for item in items:
        article = posts[item.key]
        assert profile.score(article) > profile.listed_above


# -- generic sections, accounts --------------------------------------------------------------


def test_eval_reports_an_account_without_digests_in_one_line(two):
    scores = evaluate_briefs(two, [OTHER])
    assert scores["overall"]["weeks"] == 0
    lines = format_report(scores).splitlines()
    assert lines[1].split()[0] == OTHER and lines[1].endswith("no digests of its own")
    assert [line.split()[:3] for line in lines[2:6]] == [
        ["overall", h, m] for h in HOLDOUTS for m in METHODS
    ]


def test_an_account_without_digests_gets_the_generic_sections(two):
    plan = plan_for(two, [OTHER])
    assert plan.profile is None and plan.week == Week()
    newest = date.fromisoformat(plan.newest)
    start, end = plan.week.holding(newest - timedelta(days=7))
    assert start.weekday() == 0, "without digests a week runs Monday to Sunday"
    briefs = [build_brief(two, start - timedelta(days=7 * n), end - timedelta(days=7 * n),
                          plan=plan) for n in range(8)]  # fmt: skip
    assert all([s.name for s in b.sections] == list(GENERIC_SECTIONS) for b in briefs)
    items = [(s.name, i) for b in briefs for s in b.sections for i in s.items]
    assert items and all(i.account == OTHER for _, i in items)
    assert all(b.learned_from == () for b in briefs)
    notices = [(name, i) for name, i in items if i.kind in NOTICE_KINDS]
    assert notices, "eight weeks of a commerce bureau hold notices"
    assert all(name == NOTICES for name, _ in notices), "a notice's kind decides its section"
    # the rest of 通知公告 is news of a document: the rule's own text (the city's trade-in
    # rules, "…官宣：启动时间、补贴标准！", typed news), or one its title names or announces
    posts = {p.key: p for p in two.iter_articles(accounts=[OTHER])}
    documents = [
        posts[i.key] for name, i in items if name == NOTICES and i.kind not in NOTICE_KINDS
    ]
    assert all(
        carries_a_rule(p) or names_a_document(p.title) or titles_a_document(p.title)
        for p in documents
    ), [p.title for p in documents]


def test_account_filter_and_every_item_names_its_account(two):
    both = plan_for(two)
    assert set(both.accounts) == {SEED_ACCOUNT, OTHER} and both.profile is None
    start, end = date(2025, 9, 22), date(2025, 9, 28)
    mixed = build_brief(two, start, end, plan=both)
    only = build_brief(two, start, end, [SEED_ACCOUNT])
    assert {i.account for i in only.items} == {SEED_ACCOUNT}
    assert only.accounts == (SEED_ACCOUNT,) and SEED_ACCOUNT in only.title
    assert all(i.account in (SEED_ACCOUNT, OTHER) for i in mixed.items)
    assert set(mixed.accounts) == {SEED_ACCOUNT, OTHER} and OTHER not in mixed.title
    for fmt in ("md", "csv", "jsonl", "html"):
        out = BRIEF_FORMATS.render(only, fmt)
        assert out.count(SEED_ACCOUNT) >= len(only.items), fmt
    table = BRIEF_FORMATS.render(only, "csv")
    assert table.startswith("\ufeffsection,"), "a byte-order mark, so Excel reads UTF-8"
    rows = list(csv.DictReader(io.StringIO(table.removeprefix("\ufeff"))))
    assert [r["account"] for r in rows] == [i.account for i in only.items]


def test_the_csv_writes_a_deadline_as_the_markdown_does(two):
    """bbox18: the brief's CSV wrote 2026-01-09T17:00 where its Markdown wrote 2026-01-09 17:00."""
    briefs = recent_briefs(two, plan_for(two, [OTHER]), count=30)
    timed = [b for b in briefs if any("T" in i.deadline for i in b.items)]
    assert timed, "some week of 津北商务 lists a call with a deadline's time"
    for brief in timed:
        rows = csv.DictReader(
            io.StringIO(BRIEF_FORMATS.render(brief, "csv").removeprefix("\ufeff"))
        )
        written = {r["id"]: r["deadline"] for r in rows}
        markdown = BRIEF_FORMATS.render(brief, "md")
        for item in (i for i in brief.items if i.deadline):
            assert "T" not in written[item.id] and f"截止：{written[item.id]}" in markdown


def test_in_a_brief_of_several_accounts_none_fills_a_section_while_others_are_left_out(two):
    both = plan_for(two)
    newest = date.fromisoformat(both.newest)
    crowded = 0
    for n in range(60):
        start, end = both.week.holding(newest - timedelta(days=7 * n))
        candidates = candidates_from(two, start, end)
        brief = build_brief(two, start, end, plan=both)
        kept = collapse_reposts([c for c in candidates if exclusion(c.article) is None])
        scores = generic_scores(kept)  # a post below the generic floor is left out anyway
        listed = {i.key for i in brief.items}
        for name in GENERIC_SECTIONS:
            shown = Counter(i.account for s in brief.sections if s.name == name for i in s.items)
            left = {
                c.article.account
                for c in candidates
                if c.article.key not in listed
                and generic_section(c.article) == name
                and exclusion(c.article) is None
                and scores.get(c.article.key, GENERIC_FLOOR) >= GENERIC_FLOOR
            }
            share = math.ceil(section_limit(start, end) / 2)
            for account, count in shown.items():
                if count > share:
                    crowded += 1
                    assert left <= {account}, f"{account} fills {name} of {start} over others"
    assert crowded, "some week has more of one account's posts than half a section"


def test_in_a_brief_of_several_accounts_one_with_digests_lists_what_its_editors_would(two):
    both = plan_for(two)
    (seed,) = [a for a in both.accounts if a != OTHER]
    profile = both.profiles[seed]
    assert both.learned_accounts == (seed,) and both.week == Week(), "one brief, Monday weeks"
    note = both.note({seed}, *both.week.holding(date(2025, 9, 15)))
    assert profile.week.describe() in note and "周一至周日" in note
    left_out = 0
    for monday in (date(2025, 9, 15), date(2025, 9, 22), date(2025, 9, 29)):
        start, end = both.week.holding(monday)
        brief = build_brief(two, start, end, plan=both)
        assert brief.learned_from == (seed,) and brief.note.startswith(note)
        assert [s.name for s in brief.sections] == list(GENERIC_SECTIONS)
        listed = {i.key for i in brief.items if i.account == seed}
        assert listed, f"{seed} has posts listed in the week of {start}"
        by_key = {c.article.key: c for c in candidates_from(two, start, end, [seed])}
        quotas = Counter(profile.quota_for(by_key[key].article) for key in listed)
        assert all(n <= profile.cap(q, 7) for q, n in quotas.items()), "within its editors' caps"
        kept = collapse_reposts([c for c in by_key.values() if not exclusion(c.article)])
        generic = generic_scores(kept)
        for cand in kept:
            key, picked = cand.article.key, profile.score(cand.article) > profile.listed_above
            assert key not in listed or picked, "listed only what its editors would list"
            left_out += not picked and generic[key] >= GENERIC_FLOOR
        section = {i.key: s.name for s in brief.sections for i in s.items}
        assert all(section[k] == profile.generic_heading(by_key[k].article) for k in listed)
    assert left_out, "some post the generic rank would list is left out by the editors' picks"
    alone = build_brief(two, date(2025, 9, 22), date(2025, 9, 28), plan=plan_for(two, [OTHER]))
    assert alone.learned_from == () and alone.note == ""


def test_a_brief_names_only_the_accounts_with_posts_in_its_period(two, client: TestClient):
    """bbox18: a brief of several accounts named an account without a post in its period as
    covered and learned from, with the week note of that account's digests, and gave a month's
    range the note "…按周一至周日" (the CLI, /api/brief and every /feeds/briefs.atom entry)."""
    both = plan_for(two)
    december = build_brief(two, date(2025, 12, 1), date(2025, 12, 31), plan=both)
    assert december.items and december.to_json()["accounts"] == [OTHER]
    assert december.learned_from == () and december.note == ""
    september = build_brief(two, date(2025, 9, 1), date(2025, 9, 30), plan=both)
    assert set(september.to_json()["accounts"]) == {SEED_ACCOUNT, OTHER}
    assert september.learned_from == (SEED_ACCOUNT,) and "往期要闻" not in september.note
    week = build_brief(two, *both.week.holding(date(2025, 9, 22)), plan=both)
    assert "往期要闻" in week.note, "a week's brief still says whose week it does not follow"
    api = client.get("/api/brief", params={"from": "2025-12-01", "to": "2025-12-31"}).json()
    assert (api["accounts"], api["learned_from"], api["note"]) == ([OTHER], [], "")
    feed = client.get("/feeds/briefs.atom").text  # the weeks up to 津北商务's newest post
    assert feed.count("<entry>") > 1 and "往期要闻" not in feed


def test_the_cli_the_api_and_the_page_show_the_capped_brief(two_accounts: Path, client: TestClient):
    """The week of 2025-09-22 of the seed and 津北商务 passes 22 posts through its sections' caps
    read uncapped; the CLI, /api/brief and the page show the same 20."""
    period = {"from": "2025-09-22", "to": "2025-09-28"}
    result = cli(
        "brief", "--from", period["from"], "--to", period["to"], "--json", "--db", str(two_accounts)
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert sum(len(s["items"]) for s in data["sections"]) == 20
    assert client.get("/api/brief", params=period).json() == data
    page = client.get("/brief", params=period).text
    assert page.count('<span class="account">') == 20
    assert data["note"].endswith("另有2篇未列入：一份简报最多20篇") and data["note"] in page


def test_a_brief_lists_at_most_its_item_limit_over_all_its_sections(two, monkeypatch):
    """A generic brief is read through: the seed's 工博会 week read generically passes 26 posts
    through its sections' caps, and the brief keeps ITEM_LIMIT (20) of them, all sections
    together; the seed and 津北商务 together, 22 -> 20. A brief of the seed alone keeps its
    editors' sizes (its learned caps), and MCP's get_brief gives at most MAX_ITEMS in all."""
    seed, week = SEED_ACCOUNT, (date(2025, 9, 20), date(2025, 9, 26))
    learned = plan_for(two, [seed])
    generic = replace(learned, profiles={seed: None})
    both = plan_for(two)
    plans = {"generic": generic, "both": both, "learned": learned}
    capped = {name: build_brief(two, *week, plan=p) for name, p in plans.items()}
    limit = compose.ITEM_LIMIT
    monkeypatch.setattr(compose, "ITEM_LIMIT", 100)
    wide = {name: build_brief(two, *week, plan=p) for name, p in plans.items()}
    for name in ("generic", "both"):
        assert len(wide[name].items) > limit == 20 == len(capped[name].items)
        beyond = len(wide[name].items) - 20
        assert capped[name].note.endswith(f"另有{beyond}篇未列入：一份简报最多20篇")
        assert "未列入" not in wide[name].note
        for cut, whole in zip(capped[name].sections, wide[name].sections, strict=True):
            kept = {i.key for i in cut.items}
            assert [i.key for i in whole.items if i.key in kept] == [i.key for i in cut.items]
    assert {i.account for i in capped["both"].items} == {seed, OTHER}
    assert capped["learned"].items == wide["learned"].items  # its editors' caps bound it
    posts = {c.article.key: c.article for c in candidates_from(two, *week, [seed])}
    sizes = Counter(learned.profile.quota_for(posts[i.key]) for i in capped["learned"].items)
    assert all(n <= learned.profile.cap(q, 7) for q, n in sizes.items())
    five = build_brief(two, *week, plan=generic, most=5)
    assert len(five.items) == 5 and {i.key for i in five.items} <= {
        i.key for i in wide["generic"].items
    }
    from_mcp = mcp_tools.get_brief(two, date_from="2025-09-20", date_to="2025-09-26", account=seed)
    assert 0 < sum(len(s["items"]) for s in from_mcp["sections"]) <= mcp_tools.MAX_ITEMS


def test_a_brief_reads_the_store_in_a_few_queries_not_one_per_post(two):
    both = plan_for(two)
    counts = {}
    for week in (date(2025, 9, 10), date(2025, 9, 24)):  # the archive's first days; a fair week
        start, end = both.week.holding(week)
        statements: list[str] = []
        two.conn.set_trace_callback(statements.append)
        try:
            brief = build_brief(two, start, end, plan=both)
        finally:
            two.conn.set_trace_callback(None)
        counts[len(candidates_from(two, start, end))] = (len(brief.items), len(statements))
    # two periods' posts, near-duplicates, repost clusters (one more query when a cluster is
    # found), call threads and what extraction found in them, and the listed notices' facts:
    # never one query per post
    assert len(counts) == 2 and all(queries <= 12 for _, queries in counts.values()), counts
    assert max(counts) > 8 and max(items for items, _ in counts.values()) > 8, counts


def test_an_unknown_account_is_an_error_naming_it(two_accounts: Path, client: TestClient):
    result = cli("brief", "--account", "没有这个号", "--db", str(two_accounts))
    assert result.exit_code == 4 and "没有这个号" in result.stderr
    response = client.get("/api/brief", params={"account": "没有这个号"})
    assert response.status_code == 404 and "没有这个号" in response.json()["error"]


def test_account_on_the_cli_api_page_and_feed(two_accounts: Path, client: TestClient):
    args = ["brief", "--account", OTHER, "--week", "2025-09-24", "--json"]
    result = cli(*args, "--db", str(two_accounts))
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    api = client.get("/api/brief", params={"account": OTHER, "week": "2025-09-24"}).json()
    assert api == data
    assert {i["account"] for s in data["sections"] for i in s["items"]} == {OTHER}
    page = client.get("/brief", params={"account": OTHER, "week": "2025-09-24"}).text
    assert f'<option value="{OTHER}" selected>' in page
    assert page.count('<span class="account">') == sum(len(s["items"]) for s in data["sections"])
    feed = ElementTree.fromstring(
        client.get("/feeds/briefs.atom", params={"account": OTHER}).content
    )
    for entry in feed.findall(f"{ATOM}entry"):
        assert OTHER in entry.find(f"{ATOM}title").text
        assert SEED_ACCOUNT not in entry.find(f"{ATOM}content").text


# -- what goes in --------------------------------------------------------------------------


def test_editors_leave_out_countdowns_stubs_digests_and_copies(store, week_brief, week) -> None:
    period = list(store.iter_articles(week[0].isoformat(), week[1].isoformat()))
    countdowns = {a.key for a in period if "倒计时" in a.title}
    digests = {a.key for a in period if a.kind == "digest"}
    assert countdowns and digests, "the seed week has countdown posts and a digest"
    chosen = {i.key for i in week_brief.items}
    assert not chosen & (countdowns | digests)
    for item in week_brief.items:
        article = store.get(item.key)
        assert article.duplicate_of is None
        assert not article.is_stub or article.kind in NOTICE_KINDS
        assert article.lang == "zh"


def test_reposts_collapse_to_one_item(store, profile) -> None:
    start, end = profile.week.holding(date(2025, 9, 28))
    period = list(store.iter_articles(start.isoformat(), end.isoformat()))
    cores = [story_key(a.title) for a in period]
    reposted = {c for c in cores if cores.count(c) > 1}
    assert reposted, "the seed's week of 9-27 holds a post published twice"
    items = build_brief(store, start, end).items
    item_cores = [story_key(i.title) for i in items]
    assert len(item_cores) == len(set(item_cores))
    assert reposted & set(item_cores)


def test_nothing_is_repeated_from_last_weeks_brief(store, profile) -> None:
    first = build_brief(store, *profile.week.holding(date(2025, 9, 21)))
    second = build_brief(store, *profile.week.holding(date(2025, 9, 28)))
    assert {story_key(i.title) for i in first.items}.isdisjoint(
        story_key(i.title) for i in second.items
    )


def test_summaries_are_quoted_from_the_post(store, week_brief) -> None:
    for item in week_brief.items:
        article = store.get(item.key)
        if not item.summary:
            assert article.is_stub or len(article.content) < 100
            continue
        quoted = item.summary.removesuffix("…")
        assert quoted in article.content.replace("\n", "")
        assert not quoted.startswith(("来源", "转载", "编者按", "点击"))
        assert len(item.summary) <= SUMMARY_CHARS + 1


def test_summary_skips_source_lines_datelines_and_pointers() -> None:
    text = (
        "来源：解放日报\n\n"
        "新华社上海9月23日电 工博会今天开幕。近300项展品首发亮相，规模创新高。\n"
        "点击阅读原文"
    )
    assert summarise(text) == "工博会今天开幕。近300项展品首发亮相，规模创新高。"


def test_notices_carry_their_deadline_and_contact(store, profile) -> None:
    start, end = profile.week.holding(date(2025, 10, 10))
    brief = build_brief(store, start, end)
    notices = [i for i in brief.items if i.kind in NOTICE_KINDS]
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
    assert not any(i.deadline for i in brief.items if i.kind not in NOTICE_KINDS)


# -- formats -------------------------------------------------------------------------------


def test_every_format_shows_every_item(week_brief) -> None:
    data = json.loads(BRIEF_FORMATS.render(week_brief, "json"))
    assert (data["from"], data["to"]) == ("2025-09-20", "2025-09-26")
    assert [s["name"] for s in data["sections"]] == [s.name for s in week_brief.sections]
    lines = [json.loads(line) for line in BRIEF_FORMATS.render(week_brief, "jsonl").splitlines()]
    assert [x["key"] for x in lines] == [i.key for i in week_brief.items]
    assert [x["section"] for x in lines] == [s.name for s in week_brief.sections for _ in s.items]
    md = render_markdown(week_brief)
    positions = [md.index(f"## {s.name}") for s in week_brief.sections]
    assert positions == sorted(positions)
    html = render_html(week_brief)
    assert html.startswith("<!doctype html>")
    for item in week_brief.items:
        assert item.published in md and item.published in html


def test_html_escapes_article_text_and_links_only_web_addresses() -> None:
    items = [
        BriefItem(key="k", id="1", title="<script>alert(1)</script>", url="javascript:alert(1)",
                  published="2025-09-20", summary='"><img src=x onerror=alert(1)>', account="号"),
        BriefItem(key="a", id="2", title="网页", url="https://mp.weixin.qq.com/s/a(1)",
                  published="2025-10-01", summary="正文。", account="号"),
    ]  # fmt: skip
    brief = Brief(date(2025, 9, 20), date(2025, 9, 26), [BriefSection("要闻", items)])
    html = render_html(brief)
    assert "<script>" not in html and "<img" not in html and "javascript" not in html
    assert "&lt;script&gt;" in html and 'href="https://mp.weixin.qq.com/s/a(1)"' in html
    md = render_markdown(brief)
    assert "- **[网页](https://mp.weixin.qq.com/s/a%281%29)** (号 · 2025-10-01)" in md
    assert "javascript" not in md
    cells = BRIEF_FORMATS.render(
        Brief(brief.start, brief.end, [BriefSection("要闻", [BriefItem(
            key="f", id="3", title="=HYPERLINK(1)", url="", published="2025-09-21", summary="")])]),
        "csv",
    )  # fmt: skip
    assert "'=HYPERLINK(1)" in cells, "a title never starts a spreadsheet formula"


def test_an_untitled_post_shows_as_untitled() -> None:
    item = BriefItem(key="a", id="1", title=" ", url="", published="2025-10-01", summary="")
    brief = Brief(date(2025, 9, 27), date(2025, 10, 3), [BriefSection("要闻", [item])])
    assert "- **(无标题)** ( · 2025-10-01)" in render_markdown(brief)
    assert "<h3>(无标题)</h3>" in render_html(brief)
    assert brief.to_json()["sections"][0]["items"][0]["title"] == " ", "the data stays as is"


def test_feed_of_recent_briefs(store) -> None:
    plan = plan_for(store)
    briefs = recent_briefs(store, plan, count=3)
    newest = date.fromisoformat(plan.newest)
    assert briefs[0].start == plan.week.holding(newest)[0]
    assert [b.start for b in briefs] == sorted((b.start for b in briefs), reverse=True)
    feed = ElementTree.fromstring(
        feeds.briefs_atom(briefs, self_url="http://x/feeds/briefs.atom", site_url="http://x")
    )
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == len(briefs)
    content = entries[0].find(f"{ATOM}content")
    assert content.get("type") == "html" and briefs[0].items[0].summary[:20] in content.text
    assert entries[0].find(f"{ATOM}id").text != entries[1].find(f"{ATOM}id").text


# -- one renderer registry -------------------------------------------------------------------


def test_the_registry_gives_cli_choices_api_media_types_and_the_error(
    two_accounts: Path, client: TestClient
) -> None:
    assert BRIEF_FORMATS.names == ("md", "html", "json", "jsonl", "csv")
    with pytest.raises(UnknownFormat) as raised:
        BRIEF_FORMATS.get("pdf")
    message = str(raised.value)
    assert message == "unknown brief format 'pdf'; use one of md, html, json, jsonl, csv"
    result = cli("brief", "--format", "pdf", "--db", str(two_accounts))
    assert result.exit_code == 2 and message in " ".join(result.stderr.split())
    response = client.get("/api/brief", params={"format": "pdf"})
    assert response.status_code == 422 and response.json()["error"] == message
    help_text = " ".join(cli("brief", "--help").stdout.split())
    assert BRIEF_FORMATS.describe() in help_text
    media = client.get("/openapi.json").json()["paths"]["/api/brief"]["get"]["responses"]["200"]
    assert set(media["content"]) >= {"text/csv; charset=utf-8", "application/x-ndjson"}
    for name, media_type in BRIEF_FORMATS.media_types().items():
        got = client.get("/api/brief", params={"week": "2025-09-21", "format": name})
        assert got.status_code == 200 and got.headers["content-type"] == media_type
        cli_out = cli("brief", "--week", "2025-09-21", "--format", name, "--db", str(two_accounts))
        if name != "json":
            assert got.text == cli_out.stdout, f"CLI and API write the same {name}"
            assert "attachment" in got.headers["content-disposition"]


# -- one period parser -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cli_args", "params"),
    [
        (["--week", "2025-09-21"], {"week": "2025-09-21"}),
        (["--day", "2025-09-23"], {"day": "2025-09-23"}),
        (["--from", "2025-09-10"], {"from": "2025-09-10"}),
        (["--to", "2025-09-30"], {"to": "2025-09-30"}),
        (
            ["--from", "2025-09-01", "--to", "2025-09-30"],
            {"from": "2025-09-01", "to": "2025-09-30"},
        ),
        ([], {}),
    ],
)
def test_cli_and_web_read_a_period_the_same_way(
    two_accounts: Path, client: TestClient, cli_args: list[str], params: dict
) -> None:
    result = cli("brief", *cli_args, "--account", SEED_ACCOUNT, "--json", "--db", str(two_accounts))
    assert result.exit_code == 0, result.output
    ours = json.loads(result.stdout)
    web = client.get("/api/brief", params={**params, "account": SEED_ACCOUNT}).json()
    assert (ours["from"], ours["to"]) == (web["from"], web["to"])


@pytest.mark.parametrize(
    ("cli_args", "params", "says"),
    [
        (["--from", "2025-01-01", "--to", "2025-03-01"], {"from": "2025-01-01", "to": "2025-03-01"},
         "a brief covers at most 31 days"),
        (["--week", "soon"], {"week": "soon"}, "expects a date like 2025-09-21, not 'soon'"),
        (["--day", "2025-09-20", "--week", "9-21"], {"day": "2025-09-20", "week": "9-21"},
         "give one of"),
        (["--from", "2025-09-26", "--to", "2025-09-20"], {"from": "2025-09-26", "to": "2025-09-20"},
         "must not be before"),
        (["--week", "0001-01-01"], {"week": "0001-01-01"}, "must be a day from 1900-01-01"),
        (["--to", "9999-12-31"], {"to": "9999-12-31"}, "to 9998-12-31"),
    ],
)  # fmt: skip
def test_cli_and_web_refuse_the_same_periods(
    two_accounts: Path, client: TestClient, cli_args: list[str], params: dict, says: str
) -> None:
    result = cli("brief", *cli_args, "--db", str(two_accounts))
    assert result.exit_code == 2 and says in " ".join(result.stderr.split())
    response = client.get("/api/brief", params=params)
    assert response.status_code == 422 and says in response.json()["error"]


def test_the_parser_alone() -> None:
    saturday = Week(5)
    assert resolve_period(week="2025-09-21", weeks=saturday) == (
        date(2025, 9, 20),
        date(2025, 9, 26),
    )
    assert resolve_period(week="2025-09-21") == (date(2025, 9, 15), date(2025, 9, 21))
    assert saturday.latest_complete(date(2025, 10, 15)) == (date(2025, 10, 4), date(2025, 10, 10))
    with pytest.raises(PeriodError, match="--week"):
        resolve_period()
    assert period_before(date(2025, 9, 20), date(2025, 9, 26)) == (
        date(2025, 9, 13),
        date(2025, 9, 19),
    )
    assert period_before(date(1, 1, 3), date(1, 1, 9)) == (date.min, date(1, 1, 2))


def test_a_long_span_far_back_still_builds(store) -> None:
    plan: Plan = plan_for(store)
    assert (
        build_brief(store, EARLIEST_DAY, EARLIEST_DAY + timedelta(days=30), plan=plan).items == []
    )
    assert build_brief(store, date(2025, 9, 15), date(2025, 10, 15), plan=plan).items


def test_both_backends_make_the_same_brief(seed_target, week_brief, week) -> None:
    store = seed_target.open()
    try:
        again = build_brief(store, *week)
        pairs = store.near_duplicate_pairs(week[0].isoformat(), week[1].isoformat())
    finally:
        store.close()
    assert again.to_json() == week_brief.to_json()
    assert all(a != b for a, b in pairs)


def test_a_deadline_with_an_hour_reads_as_people_write_it(seed_db: Path):
    """Markdown briefs write 截止：2025-10-09 12:00, as feeds and CLI tables do; HTML briefs
    (the page, the export, the feed's entries) 截止：10月9日 12:00, as every page does; JSON
    keeps the stored 2025-10-09T12:00."""
    # the seed's weeks with a call closing at an hour, and that call's deadline as each writes it
    expected = {
        "2025-09-20": ("2025-10-09T12:00", "2025-10-09 12:00", "10月9日 12:00"),
        "2025-09-27": ("2025-11-17T17:00", "2025-11-17 17:00", "11月17日 17:00"),
    }
    for week, (stored, md, html) in expected.items():
        args = ["brief", "--week", week, "--account", "上海经信委", "--db", str(seed_db)]
        items = json.loads(cli(*args, "--format", "json").stdout)["sections"]
        hours = [
            i["deadline"] for s in items for i in s["items"] if "T" in (i.get("deadline") or "")
        ]
        assert hours == [stored]
        for fmt, written in (("md", md), ("html", html)):
            out = cli(*args, "--format", fmt).stdout
            assert not re.search(r"截止：\d{4}-\d\d-\d\dT", out)
            assert f"截止：{written}" in out
