"""A generic brief's catch-all section learns, per account, what its news reads like where a
post starts (briefs/topical.py), so a post that names an industry only in passing does not
fill it. Real posts of 天津西青, a district account that mixes business news with weather,
tips and anti-fraud notes."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from conftest import MORE

from wxintel.briefs import Plan, build_brief, compose, plan_for
from wxintel.briefs.classify import INDUSTRY, found_cues, generic_section
from wxintel.briefs.compose import (
    BUSY_FLOOR_STEP,
    DAILY_WEEK,
    GENERIC_FLOOR,
    rhythm_of,
    topics_of,
)
from wxintel.briefs.model import Candidate
from wxintel.briefs.select import candidates_from
from wxintel.briefs.topical import MIN_EXAMPLES, learn_topics
from wxintel.pipeline import ingest
from wxintel.store import SQLStore, open_store

ACCOUNT = "天津西青"


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SQLStore]:
    path: Path = tmp_path_factory.mktemp("topical") / "wx.db"
    store = open_store(path)
    ingest([MORE / f"{ACCOUNT}.json"], store, workers=1)
    yield store
    store.close()


def _week(store: SQLStore, monday: date) -> list:
    return candidates_from(store, monday, date.fromordinal(monday.toordinal() + 6), [ACCOUNT])


def test_cued_posts_read_like_the_accounts_news_and_cueless_ones_do_not(store: SQLStore) -> None:
    posts = list(store.iter_articles(accounts=[ACCOUNT]))
    model = topics_of(store, posts)
    assert model is not None and min(model.sizes) >= MIN_EXAMPLES
    found = store.extraction_counts([p.key for p in posts])

    cands = [Candidate(p, found=found[p.key]) for p in posts if not p.duplicate_of]
    cueless = [c for c in cands if not any(found_cues(c))]
    # each scored without itself: the boundary is the cued posts' lower quarter by definition,
    # so what is tested is that posts with nothing found (weather, tips, verses) fall below it
    below = sum(model.score(c) < model.boundary for c in cueless) / len(cueless)
    assert below >= 0.6, below


def test_a_post_naming_an_industry_in_passing_falls_in_the_catch_all(store: SQLStore) -> None:
    """Week of 2026-02-02: a travel-season notice that names new-energy cars far down, and
    reads like the account's tips, falls in 产业动态 from second to below a community's new
    photo studio, which reads like the account's news. (The city's cut in the down payment for
    commercial property, the comparison before, now goes under 通知公告: its title says the
    rule takes effect, 正式执行.)"""
    monday, sunday = date(2026, 2, 2), date(2026, 2, 8)
    learned = plan_for(store, [ACCOUNT])
    # both at the plain floor: what is tested is the order the topics give
    plan = Plan(learned.accounts, learned.profiles, learned.newest, learned.topics)
    bare = Plan(plan.accounts, plan.profiles, plan.newest)  # no topics learned
    travel, studio = "2652081408_1", "2652081548_2"
    cand = next(c for c in _week(store, monday) if c.article.id == travel)
    assert found_cues(cand)[0], "extraction found an industry in it"
    assert generic_section(cand.article) == INDUSTRY
    model = plan.topics[ACCOUNT]
    assert model.score(cand) < model.boundary

    def catch_all(with_plan: Plan) -> list[str]:
        brief = build_brief(store, monday, sunday, plan=with_plan)
        return next([i.id for i in s.items] for s in brief.sections if s.name == INDUSTRY)

    without, listed = catch_all(bare), catch_all(plan)
    assert without.index(travel) < without.index(studio)
    assert listed.index(studio) < listed.index(travel)
    assert listed.index(travel) >= without.index(travel) + 3


def test_an_account_whose_posts_nearly_all_carry_cues_teaches_nothing(store: SQLStore) -> None:
    """Too few posts without found cues to weigh words by: no model, nothing added."""
    posts = list(store.iter_articles(accounts=[ACCOUNT]))
    found = store.extraction_counts([p.key for p in posts])

    cands = [Candidate(p, found=found[p.key]) for p in posts]
    cued_only = [c for c in cands if sum(found_cues(c)) >= 2]
    cueless = [c for c in cands if not any(found_cues(c))]
    assert learn_topics(cued_only + cueless[: MIN_EXAMPLES - 1]) is None
    assert learn_topics(cued_only + cueless[:MIN_EXAMPLES]) is not None


def test_a_busy_accounts_catch_all_lists_only_what_stands_out_of_its_flow(
    store: SQLStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    """天津西青 posts about thirty times a week: its catch-all's floor rises (BUSY_FLOOR_STEP a
    doubling above a post a day). In the week of 2026-02-02 the travel-season tips leave it and
    the district's five-year review stays at its head; the same posts thinned to one a day make
    a quiet account, whose floor stays GENERIC_FLOOR; other sections keep the plain floor. The
    floors are compared without the whole brief's cap (ITEM_LIMIT), which the quiet reading's
    longer brief reaches and which then drops that week's lowest-ranked leaders' news too."""
    monkeypatch.setattr(compose, "ITEM_LIMIT", 100)
    monday, sunday = date(2026, 2, 2), date(2026, 2, 8)
    plan = plan_for(store, [ACCOUNT])
    assert plan.rhythm[ACCOUNT] > 4 * DAILY_WEEK
    assert plan.floor(ACCOUNT) > GENERIC_FLOOR + BUSY_FLOOR_STEP * 2
    plain = Plan(plan.accounts, plan.profiles, plan.newest, plan.topics)
    assert plain.floor(ACCOUNT) == GENERIC_FLOOR

    def sections(with_plan: Plan) -> dict[str, list[str]]:
        brief = build_brief(store, monday, sunday, plan=with_plan)
        return {s.name: [i.id for i in s.items] for s in brief.sections}

    busy, quiet = sections(plan), sections(plain)
    assert "2652081408_1" in quiet[INDUSTRY] and "2652081408_1" not in busy[INDUSTRY]
    assert busy[INDUSTRY][0] == quiet[INDUSTRY][0] == "2652082890_1"
    assert set(busy[INDUSTRY]) < set(quiet[INDUSTRY])
    assert {k: v for k, v in busy.items() if k != INDUSTRY} == {
        k: v for k, v in quiet.items() if k != INDUSTRY
    }
    posts = list(store.iter_articles(accounts=[ACCOUNT]))
    one_a_day = list({p.published[:10]: p for p in posts}.values())
    assert rhythm_of(one_a_day) <= DAILY_WEEK < rhythm_of(posts)
