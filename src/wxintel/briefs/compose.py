"""Composing a brief: sections, ranking and caps, learned from the account's digests if any.

One account with digests of its own gets its editors' sections, caps and picks (profile.py);
any other scope (an account without digests, several accounts) gets the generic sections
ranked by what a reader acts on (classify.py). Nothing repeats from the period before.
"""

from __future__ import annotations

import math
import statistics
from collections import Counter
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import NamedTuple

from wxintel import dates, settings
from wxintel.briefs.classify import (
    GENERIC_SECTIONS,
    INDUSTRY,
    LEADERS,
    archive_weight,
    cue_rarity,
    generic_section,
    importance,
)
from wxintel.briefs.institution import FIRST_PERSON, institution_at_work, own_bodies
from wxintel.briefs.model import Brief, BriefItem, BriefSection, BriefSource, Candidate
from wxintel.briefs.period import (
    BRIEF_DAYS,
    CLI_NAMES,
    PYTHON_NAMES,
    Week,
    period_before,
    resolve_period,
)
from wxintel.briefs.profile import Profile, learn_profile
from wxintel.briefs.select import (
    OPENING_STAGE,
    candidates_from,
    collapse_reposts,
    column_tags,
    exclusion,
    nest_followups,
    part_of,
    plain_title,
    retold,
    story_of,
    story_texts,
)
from wxintel.briefs.summary import call_details, summarise
from wxintel.briefs.topical import TopicModel, learn_topics
from wxintel.link.threads import thread_openers
from wxintel.links import safe_url
from wxintel.model import NOTICE_KINDS
from wxintel.store import SQLStore, StoredArticle
from wxintel.store.sources import accounts_in_group

WEEK_SECTION_LIMIT = settings.count("brief_section_limit")  # generic sections, a week
# A brief is read through, so a generic one (an account without digests, several accounts)
# lists at most this many items, its sections together, the best by rank once each section's
# own cap has applied: a week of several accounts reached 26 over three sections, and 上海经信委's
# editors list 12 to 18 a week. A brief of one account with digests keeps the size its editors
# give it (its sections' learned caps): that account's readers' own measure of a week. The same
# on the CLI, the web, the API and the feeds; MCP bounds any brief by its MAX_ITEMS too.
ITEM_LIMIT = settings.count("brief_item_limit")
MIN_SECTION_LIMIT = 3
# A generic brief lists a post only when its score (importance and what the archive found in
# it) reaches this: a column's feature, a short note or a promotion that nothing else redeems
# scores below 0, as what a learned brief's pick model rejects scores below its boundary.
GENERIC_FLOOR = settings.number("brief_generic_floor")
FLOOR_TOLERANCE = 1e-9  # scores are sums of halves and weighted shares: "reaches" allows rounding
# A catch-all post's topical score (topical.py: mean log-odds of its title's and opening's
# words, about -1.5 to 1.5) counts twice: one unit above or below its account's boundary
# weighs as much as two found cues of average rarity.
TOPICAL_STEP = 2.0
# An account's posting rhythm raises its catch-all's floor: one that posts more than a post a
# day (its usual week, the median over the weeks it posted in) is a district's news outlet as
# much as an office's, and posts tips, warnings, festivals and sport every day, which land in
# the catch-all; a reader's brief of it lists what stands out of that flow. The floor rises by
# BUSY_FLOOR_STEP for each doubling of its usual week above DAILY_WEEK posts; a quieter account
# keeps GENERIC_FLOOR, and so do notices and leaders' news (a meeting is no daily tip).
# The step (0.6, of 0.4/0.6/0.8 tried) and the seven were chosen on the labelled weeks of the
# one busy digestless account we have (天津西青, brief_dev and brief_dev2) and checked on
# 上海经信委's generic brief: tune them no further on sets holding that account.
DAILY_WEEK = 7
BUSY_FLOOR_STEP = settings.number("brief_busy_floor_step")


@dataclass(frozen=True)
class Plan:
    """How a brief of some accounts is made: their profiles, and the one that applies."""

    accounts: tuple[str, ...]
    profiles: Mapping[str, Profile | None]
    newest: str = ""  # the newest post of these accounts (the archive's "now")
    # what each account's catch-all news reads like (topical.py); None: too few posts to learn
    topics: Mapping[str, TopicModel | None] = field(default_factory=dict)
    # each account's usual number of posts a week (rhythm_of): how high its generic floor is
    rhythm: Mapping[str, float] = field(default_factory=dict)
    # the bodies each account speaks for (institution.own_bodies): its own work is 要闻活动
    bodies: Mapping[str, frozenset[str]] = field(default_factory=dict)

    @classmethod
    def joined(cls, plans: Sequence[Plan]) -> Plan:
        """One plan for the accounts of all `plans` (plan_for learns one account at a time):
        their mappings merged, in their order, and the newest post of any of them."""
        accounts: list[str] = []
        newest = ""
        profiles: dict[str, Profile | None] = {}
        topics: dict[str, TopicModel | None] = {}
        rhythm: dict[str, float] = {}
        bodies: dict[str, frozenset[str]] = {}
        for plan in plans:
            accounts.extend(plan.accounts)
            newest = max(newest, plan.newest)
            profiles.update(plan.profiles)
            topics.update(plan.topics)
            rhythm.update(plan.rhythm)
            bodies.update(plan.bodies)
        return cls(tuple(accounts), profiles, newest, topics, rhythm, bodies)

    def section_of(self, article: StoredArticle) -> str:
        """A post's generic section, where the account's own institution at work (a meeting,
        a visit, an inspection it reports without a leader or a meeting word) is 要闻活动."""
        section = generic_section(article)
        bodies = self.bodies.get(article.account, FIRST_PERSON)
        if section == INDUSTRY and institution_at_work(article, bodies):
            return LEADERS
        return section

    def floor(self, account: str) -> float:
        """The score a catch-all post of `account` needs to be listed in a generic brief:
        GENERIC_FLOOR, raised for an account that posts more than a post a day (BUSY_FLOOR_STEP)."""
        week = self.rhythm.get(account, 0.0)
        busy = math.log2(week / DAILY_WEEK) if week > DAILY_WEEK else 0.0
        return GENERIC_FLOOR + BUSY_FLOOR_STEP * busy

    @property
    def profile(self) -> Profile | None:
        """The learned profile when the brief is of one account that has digests."""
        return self.profiles.get(self.accounts[0]) if len(self.accounts) == 1 else None

    @property
    def picking(self) -> Profile | None:
        """The profile whose pick model chooses the brief's posts: `profile`, once it has
        learned from enough digests to choose (Profile.picks_learned)."""
        profile = self.profile
        return profile if profile and profile.picks_learned else None

    @property
    def learned_accounts(self) -> tuple[str, ...]:
        """The accounts whose own digests decide which of their posts a brief lists."""
        return tuple(a for a in self.accounts if (p := self.profiles.get(a)) and p.picks_learned)

    def heading(self, section: str) -> str:
        """The heading a section is shown under: a generic section of one account with a
        digest too few to choose by is named as its editors name such posts."""
        profile = self.profile
        if profile is None or self.picking:
            return section
        return profile.editors_heading(section)

    @property
    def week(self) -> Week:
        """The account's learned week; for several accounts the week they all learned, else
        Monday to Sunday (one brief has one period)."""
        if self.profile:
            return self.profile.week
        weeks = {p.week for p in self.profiles.values() if p}
        learned_by_all = len(self.learned_accounts) == len(self.accounts) > 1
        return weeks.pop() if learned_by_all and len(weeks) == 1 else Week()

    def note(self, posted: Collection[str], start: date, end: date) -> str:
        """Why a week's brief of several accounts does not run on the learned week of an
        account with posts in it (`posted`): "" for a day or a longer range, which runs on no
        week, and for an account absent from the period, which the brief says nothing of."""
        if len(self.accounts) < 2 or (end - start).days + 1 != BRIEF_DAYS:
            return ""
        week = self.week
        other = [a for a in self.learned_accounts if a in posted and self.profiles[a].week != week]
        if not other:
            return ""
        own = "；".join(f"{a}的往期要闻按{self.profiles[a].week.describe()}" for a in other)
        return f"{own}；几个公众号合为一份简报，按{week.describe()}"

    @property
    def digest_keys(self) -> frozenset[str]:
        return frozenset(k for p in self.profiles.values() if p for k in p.digest_keys)


class UnknownAccount(LookupError):
    """An account asked for that has no stored posts; the message names it and the known ones."""


def plan_for(store: BriefSource, accounts: Sequence[str] = (), exclude: Iterable[str] = ()) -> Plan:
    """The plan for a brief of `accounts` (all stored accounts when empty).

    `exclude` are digest keys held out (the evaluation learns without the week it scores).
    """
    known = list(store.accounts())
    missing = [a for a in accounts if a not in known]
    if missing:
        raise UnknownAccount(
            f"no posts of account {', '.join(missing)}; stored accounts: {', '.join(known)}"
        )
    chosen = tuple(dict.fromkeys(accounts)) or tuple(known)
    skip = set(exclude)
    plans = []
    for account in chosen:  # one account's posts held at a time
        posts = list(store.iter_articles(accounts=[account]))
        plans.append(account_plan(store, account, posts, learn_profile(account, posts, skip)))
    return Plan.joined(plans)


def account_plan(
    store: BriefSource,
    account: str,
    posts: Sequence[StoredArticle],
    profile: Profile | None = None,
) -> Plan:
    """The plan for a brief of one account from its `posts`: its `profile` (None: briefed
    generically), what its catch-all news reads like, its rhythm, the bodies it speaks for and
    its newest post. plan_for joins these; the evaluation scores a week both ways with them."""
    return Plan(
        (account,),
        {account: profile},
        max((p.published[:10] for p in posts), default=""),
        {account: topics_of(store, posts)},
        {account: rhythm_of(posts)},
        {account: own_bodies(posts)},
    )


def rhythm_of(posts: Sequence[StoredArticle]) -> float:
    """An account's usual number of posts a week: the median, over the Monday-to-Sunday weeks
    it posted in, of its posts (a stored copy left out) that week."""
    weeks = Counter(
        date.fromisoformat(p.published[:10]).isocalendar()[:2] for p in posts if not p.duplicate_of
    )
    return float(statistics.median(weeks.values())) if weeks else 0.0


def topics_of(store: BriefSource, posts: Sequence[StoredArticle]) -> TopicModel | None:
    """What an account's catch-all news reads like, learned from its `posts` (a stored copy
    left out) and what extraction found in each, read in one pass."""
    own = [p for p in posts if not p.duplicate_of]
    found = store.extraction_counts([p.key for p in own])
    return learn_topics(Candidate(p, found=found[p.key]) for p in own)


def plan_for_group(store: SQLStore, group: str | None, accounts: Sequence[str] = ()) -> Plan:
    """The plan for a brief of the accounts `group`'s sources bring (within `accounts`)."""
    if group:
        accounts = accounts_in_group(store, group, accounts)
        if not accounts:
            raise UnknownAccount(f"no posts of source group {group}")
    return plan_for(store, accounts)


def latest_period(plan: Plan, today: date) -> tuple[date, date]:
    """The last complete week up to the newest post of the plan's accounts (else `today`)."""
    newest = date.fromisoformat(plan.newest) if plan.newest else today
    return plan.week.latest_complete(newest)


def brief_period(
    plan: Plan,
    week: str | None = None,
    day: str | None = None,
    start: str | None = None,
    end: str | None = None,
    names: Mapping[str, str] = CLI_NAMES,
) -> tuple[date, date]:
    """The days a brief of `plan` covers: the week holding `week` (as its accounts' digests
    run), one `day`, or `start`..`end`; by default the latest complete week. PeriodError
    names the option (`names`: as the CLI, the web or MCP spells it) that is wrong."""
    return resolve_period(
        week=week,
        day=day,
        start=start,
        end=end,
        weeks=plan.week,
        default=lambda: latest_period(plan, dates.today()),
        names=names,
    )


def brief(
    store: SQLStore,
    week: str | None = None,
    day: str | None = None,
    start: str | None = None,
    end: str | None = None,
    accounts: Sequence[str] = (),
    group: str | None = None,
) -> Brief:
    """The brief `wxintel brief` writes, from Python: `.to_json()`, or render.BRIEF_FORMATS
    for Markdown and HTML. Raises UnknownAccount for an account or group with no posts and
    PeriodError for a period that cannot be read."""
    accounts = [accounts] if isinstance(accounts, str) else accounts
    plan = plan_for_group(store, group, accounts)
    first, last = brief_period(plan, week, day, start, end, PYTHON_NAMES)
    return build_brief(store, first, last, plan=plan)


def section_limit(start: date, end: date) -> int:
    """Generic sections bounded by the period: ten items a week, fewer for a day."""
    days = (end - start).days + 1
    return max(MIN_SECTION_LIMIT, min(WEEK_SECTION_LIMIT, 3 + days))


class Chosen(NamedTuple):
    """A brief's posts by section, best first, and what its bound left out: `beyond` posts that
    their sections' caps let through, past the `bound` on the whole brief (None: no bound)."""

    sections: list[tuple[str, list[Candidate]]]
    beyond: int = 0
    bound: int | None = None

    @property
    def note(self) -> str:
        """What a reader is told of the posts the bound left out, or ""."""
        return f"另有{self.beyond}篇未列入：一份简报最多{self.bound}篇" if self.beyond else ""


@dataclass
class _Pick:
    candidate: Candidate
    section: str  # the heading it is shown under
    quota: str  # the section whose cap it counts against
    score: float
    floor: float  # listed only when `score` is above it (its account's boundary or floor)
    learned: bool = False  # chosen by its account's own digests (no generic floor applies)


def choose(
    candidates: Iterable[Candidate],
    start: date,
    end: date,
    plan: Plan,
    previous: Iterable[str] = (),
    most: int | None = None,
    columns: Collection[tuple[str, str]] | None = None,
) -> Chosen:
    """The posts of each section, best first; `previous` are story keys of the last brief;
    `most` bounds the items of the whole brief besides its own bound (ITEM_LIMIT for a generic
    brief); `columns` the recurring column tags of `candidates` when the caller has them
    already.

    Each post is ranked by what a reader acts on (`importance`, a deadline included) and,
    for an account with digests, by the pick model; it counts against its quota section's cap
    and is shown under its heading (profile.py says why the two may differ). The brief keeps
    the best of what the caps let through up to its bound (with several accounts, each
    account's best first up to an even share, as in a section).
    """
    seen_before = set(previous)
    columns = column_tags(candidates) if columns is None else columns
    eligible = [
        c
        for c in candidates
        if exclusion(c.article, plan.digest_keys) is None
        and story_of(c.article, columns) not in seen_before
    ]
    profile = plan.picking
    days = (end - start).days + 1
    picks = []
    kept = nest_followups(collapse_reposts(eligible, columns), columns, plan.learned_accounts)
    generic = {} if profile else generic_scores(kept)
    learned = {} if profile else _learned_picks(kept, plan, days)
    for cand in kept:
        article = cand.article
        if profile:
            score = profile.score(article)
            section, quota = profile.section_for(article), profile.quota_for(article)
            picks.append(_Pick(cand, section, quota, score, profile.listed_above))
        elif article.account in plan.learned_accounts:
            if article.key in learned:  # what its own editors would list, under our heading
                section = learned[article.key]
                picks.append(_Pick(cand, section, section, generic[article.key], 0.0, True))
        else:
            # ranked and floored as its text reads (a catch-all post by its words and its
            # account's rhythm), shown and counted where the reader looks for it
            catch_all = generic_section(article) == INDUSTRY
            score = generic[article.key] + (_topical(plan, cand) if catch_all else 0.0)
            floor = plan.floor(article.account) if catch_all else GENERIC_FLOOR
            section = plan.section_of(article)
            shown = plan.heading(section)
            picks.append(_Pick(cand, shown, section, score, floor - FLOOR_TOLERANCE))
    names = profile.sections if profile else GENERIC_SECTIONS
    # a learned brief lists a post only above its boundary (profile.py), within its cap
    # a generic one only at or above its account's floor (a post whose cues all count against
    # it; for a busy account, one that does not stand out of its daily flow)
    listed: list[_Pick] = []
    for name in names:
        bound = profile.cap(name, days) if profile else section_limit(start, end)
        ranked = sorted(
            (p for p in picks if p.quota == name and (p.score > p.floor or p.learned)), key=_rank
        )
        listed += _capped(ranked, bound, plan)
    bounds = [b for b in (None if profile else ITEM_LIMIT, most) if b is not None]
    bound = min(bounds) if bounds else None
    kept = listed if bound is None else _capped(sorted(listed, key=_rank), bound, plan)
    return Chosen(
        [
            (name, [p.candidate for p in sorted(kept, key=_rank) if p.section == name])
            for name in dict.fromkeys(map(plan.heading, names))
        ],
        len(listed) - len(kept),
        bound,
    )


def _capped(ranked: list[_Pick], bound: int, plan: Plan) -> list[_Pick]:
    """The first `bound` of `ranked`; with several accounts each account's best first, up to
    an even share of `bound` (`_shared`)."""
    return (_shared(ranked, bound) if len(plan.accounts) > 1 else ranked)[:bound]


def _topical(plan: Plan, cand: Candidate) -> float:
    """What a catch-all post's title and opening add to its generic score: TOPICAL_STEP for
    each unit by which they read more (or less) like the news its account's posts with several
    found cues report than the account's boundary (topical.py). A post naming an industry or
    some bodies only in passing, further down, falls below the floor unless much redeems it.
    An account with too few posts of either kind to learn from adds nothing."""
    model = plan.topics.get(cand.article.account)
    return TOPICAL_STEP * (model.score(cand) - model.boundary) if model else 0.0


def _learned_picks(cands: Sequence[Candidate], plan: Plan, days: int) -> dict[str, str]:
    """In a brief of several accounts, the posts of each account with digests of its own that
    its editors would list (its pick score above its boundary, within its sections' caps for
    `days`), by key, with the generic section each is shown under. Their order among the other
    accounts' posts is the generic one: learned scores are on each account's own scale."""
    chosen: dict[str, str] = {}
    for account in plan.learned_accounts:
        profile = plan.profiles[account]
        assert profile is not None
        by_quota: dict[str, list[tuple[float, Candidate]]] = {}
        for cand in cands:
            if cand.article.account == account:
                score = profile.score(cand.article)
                if score > profile.listed_above:
                    by_quota.setdefault(profile.quota_for(cand.article), []).append((score, cand))
        for quota, rows in by_quota.items():
            rows.sort(key=lambda r: (-r[0], r[1].article.published, r[1].article.key))
            for _, cand in rows[: profile.cap(quota, days)]:
                chosen[cand.article.key] = profile.generic_heading(cand.article)
    return chosen


def generic_scores(cands: Sequence[Candidate]) -> dict[str, float]:
    """Each post's rank in a generic brief, by key: what a reader acts on (`importance`, a
    deadline included) and what the archive found in it, its cues weighed by their rarity
    among `cands` (one story each) of the same account."""
    rarity = cue_rarity(cands)
    return {
        c.article.key: importance(c.article, c.article.deadline) + archive_weight(c, rarity)
        for c in cands
    }


def _shared(ranked: list[_Pick], bound: int) -> list[_Pick]:
    """`ranked` reordered so each account's best posts come first, up to an even share of the
    section's `bound`, then the rest by rank: in a brief of several accounts the busiest one
    does not fill a section while the others' posts are left out."""
    accounts = {p.candidate.article.account for p in ranked}
    share = math.ceil(bound / max(1, len(accounts)))
    taken: Counter[str] = Counter()
    first, rest = [], []
    for pick in ranked:
        account = pick.candidate.article.account
        (first if taken[account] < share else rest).append(pick)
        taken[account] += 1
    return first + rest


def _rank(pick: _Pick) -> tuple[float, str, str]:
    return (-pick.score, pick.candidate.article.published, pick.candidate.article.key)


def assemble(
    chosen: Chosen,
    start: date,
    end: date,
    plan: Plan,
    facts_of: Mapping[str, list] | None = None,
    follows: Mapping[str, Mapping[str, str]] | None = None,
    posted: Collection[str] = (),
) -> Brief:
    """The brief of the chosen posts (`facts_of`: the facts of notices, by key; `follows`: the
    earlier call each follow-up of an earlier period's call follows, by key; `posted`: the
    accounts with posts in the period, the only ones it names as covered or learned from); its
    note says why its period is not an account's learned week and how many posts its bound
    left out."""
    sections = [
        BriefSection(name, [_item(c, facts_of or {}, follows or {}) for c in picked])
        for name, picked in chosen.sections
    ]
    return Brief(
        start,
        end,
        sections,
        accounts=plan.accounts,
        learned_from=tuple(a for a in plan.learned_accounts if a in posted),
        note="；".join(n for n in (plan.note(posted, start, end), chosen.note) if n),
        covered=tuple(a for a in plan.accounts if a in posted),
    )


def _item(
    cand: Candidate, facts_of: Mapping[str, list], follows: Mapping[str, Mapping[str, str]]
) -> BriefItem:
    article = cand.article
    notice = article.kind in NOTICE_KINDS
    facts = facts_of.get(article.key, [])
    deadline, contact = call_details(article, facts) if notice else ("", "")
    return BriefItem(
        key=article.key,
        id=article.id,
        title=plain_title(article.title),
        url=safe_url(article.url) or "",
        published=article.published[:10],
        summary=summarise(article.content, article.title),
        account=article.account,
        kind=article.kind,
        deadline=deadline,
        contact=contact,
        followups=tuple(_item(f, facts_of, {}) for f in cand.followups),
        follows=follows.get(article.key, {}),
    )


def build_brief(
    store: BriefSource,
    start: date,
    end: date,
    accounts: Sequence[str] = (),
    exclude: Iterable[str] = (),
    plan: Plan | None = None,
    most: int | None = None,
) -> Brief:
    """The brief of `accounts` (all when empty) for `start`..`end`; nothing from the period before.

    `exclude` holds keys to leave out (the evaluation leaves out the editors' own digest);
    `most` bounds its items, all sections together, besides its own bound (choose).
    """
    skip = set(exclude)
    plan = plan or plan_for(store, accounts)
    first, last = period_before(start, end)
    earlier = candidates_from(store, first, last, plan.accounts)
    columns = column_tags(earlier)
    before = choose(earlier, first, last, plan, columns=columns)
    previous = {story_of(c.article, columns) for _, chosen in before.sections for c in chosen}
    current = [
        c for c in candidates_from(store, start, end, plan.accounts) if c.article.key not in skip
    ]
    chosen = choose(current, start, end, plan, previous, most)
    shown = [f for _, got in chosen.sections for c in got for f in (c, *c.followups)]
    notices = [c.article.key for c in shown if c.article.kind in NOTICE_KINDS]
    items = [c for _, got in chosen.sections for c in got]
    follows = {
        **earlier_parts(earlier, items, plan.learned_accounts),
        **earlier_calls(store, items, start),
    }
    posted = {c.article.account for c in current}
    return assemble(chosen, start, end, plan, store.facts_of(notices), follows, posted)


def earlier_parts(
    earlier: Sequence[Candidate], items: Sequence[Candidate], learned: Collection[str] = ()
) -> dict[str, dict[str, str]]:
    """For each item that is a later numbered part of a story (select.part_of) whose first
    part was published in the period before, or whose title tells the story of a post of the
    period before in words of its own (select.retold; not for `learned` accounts, as in
    nest_followups): that post (key, id, title, day), by the item's key, as `earlier_calls`
    names a call. The period before is read for every brief already; a post published further
    back is not looked for."""
    by_date = sorted(earlier, key=lambda c: (c.article.published, c.article.key))
    first: dict[tuple[str, str], StoredArticle] = {}
    for cand in by_date:
        part = part_of(cand.article)
        if part:
            first.setdefault(part, cand.article)
    columns = column_tags([*earlier, *items])
    told: dict[str, list[tuple[StoredArticle, tuple[str, str]]]] = {}  # by account, in order
    for cand in by_date:
        if exclusion(cand.article) is None:
            told.setdefault(cand.article.account, []).append(
                (cand.article, story_texts(cand.article, columns))
            )
    out = {}
    for cand in items:
        part = part_of(cand.article)
        opener = first.get(part) if part else None
        if opener is None and cand.article.account not in learned:
            texts = story_texts(cand.article, columns)
            opener = next(
                (a for a, told_as in told.get(cand.article.account, ()) if retold(told_as, texts)),
                None,
            )
        if opener is not None:
            out[cand.article.key] = {
                "key": opener.key,
                "id": opener.id,
                "title": plain_title(opener.title),
                "published": opener.published[:10],
            }
    return out


def earlier_calls(
    store: BriefSource, items: Sequence[Candidate], start: date
) -> dict[str, dict[str, str]]:
    """For each item that is a later post of a call thread (not a notice) whose first post was
    published before `start`: that post (key, id, title as a digest quotes it, day), by the
    item's key. One query, only when such an item is listed."""
    later = [c for c in items if c.thread and c.thread[1] != OPENING_STAGE]
    if not later:
        return {}
    openers = thread_openers(store.conn, sorted({c.thread[0] for c in later if c.thread}))
    out = {}
    for cand in later:
        first = openers.get(cand.thread[0]) if cand.thread else None
        if first and first["key"] != cand.article.key and first["published"] < start.isoformat():
            out[cand.article.key] = {**first, "title": plain_title(first["title"])}
    return out


def recent_briefs(store: BriefSource, plan: Plan, count: int = 8) -> list[Brief]:
    """The last `count` weeks up to the plan's newest post, newest first; empty ones left out."""
    if not plan.newest:
        return []
    start, _ = plan.week.holding(date.fromisoformat(plan.newest))
    weeks = [plan.week.holding(start - timedelta(days=7 * n)) for n in range(count)]
    briefs = (build_brief(store, first, last, plan=plan) for first, last in weeks)
    return [b for b in briefs if b.items]
