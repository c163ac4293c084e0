"""Which posts may go into a brief: what an editor drops, and one copy of each story.

The post's kind is doctype's decision (digests, stubs, notices) and is trusted here; reposts
are the near-duplicates and repost clusters the store already linked, read per period.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Collection, Iterable, Sequence
from dataclasses import replace
from datetime import date
from difflib import SequenceMatcher
from functools import lru_cache

from wxintel.briefs.model import BriefSource, Candidate
from wxintel.dedupe import richness, title_key
from wxintel.link.reposts import cluster_members
from wxintel.link.threads import member_stages
from wxintel.model import ACTION_KINDS, NOTICE_KINDS
from wxintel.store import StoredArticle

_COUNTDOWN = re.compile(r"倒计时|还有\d+天")
_GREETING = re.compile(r"^(?:热烈庆祝|欢度|喜迎|恭贺|恭祝|祝福?|共庆)|快乐[！!]?$|佳节[！!]?$")
_HOLIDAY_WORDS = re.compile(r"中秋|国庆|春节|元旦|端午|新年|佳节|成立\d+周年")
STORY_KEYS = 16384  # titles whose story keys are kept (an account of years, twice over)
OPENING_STAGE = "notice"  # the stage of a thread's post that asks for something (link/threads.py)
_COLUMN_SUFFIX = re.compile(r"\s*[｜|︱│丨]\s*[^｜|︱│丨]{1,24}$")
# The mark that ends the title of one part of a story told in several posts ("…宣讲热潮①",
# "…行动方案（二）", "…之三", "…下篇"): the parts share the title without it.
_PART = re.compile(
    r"\s*(?:[①-⑳]|[（(](?:[一二三四五六七八九十]{1,3}|\d{1,2})[)）]|之[一二三四五六七八九十]{1,3}"
    r"|[上中下]篇)\s*$"
)


def exclusion(article: StoredArticle, digests: Collection[str] = ()) -> str | None:
    """Why an editor would leave this post out, or None when it may go in.

    `digests` are keys of posts found to be the account's own digests.
    """
    title = article.title
    if article.kind == "digest" or article.key in digests:
        return "digest"
    if article.duplicate_of:
        return "duplicate"
    if _COUNTDOWN.search(title):
        return "countdown"
    if _GREETING.search(title) and _HOLIDAY_WORDS.search(title):
        return "greeting"
    if article.lang and article.lang != "zh":
        return "language"
    if article.is_stub and article.kind not in NOTICE_KINDS:
        return "stub"  # a notice's title is its news even when the body is a link
    return None


def plain_title(title: str) -> str:
    """The title without a column tag ("…｜产业创新动态"), as a digest quotes it."""
    stripped = _COLUMN_SUFFIX.sub("", title.strip())
    return stripped if len(title_key(stripped)) >= 6 else title.strip()


def column_of(title: str) -> str:
    """The column tag a title carries ("产业创新动态" in "…｜产业创新动态"), or ""."""
    match = _COLUMN_SUFFIX.search(title.strip())
    return title_key(match.group().lstrip(" ｜|︱│丨")) if match else ""


@lru_cache(maxsize=STORY_KEYS)
def story_key(title: str) -> str:
    """Titles compared as one story: no column tag, spacing or punctuation (kept for the
    titles seen last: finding an account's digests compares each with every post near it)."""
    return title_key(plain_title(title))


def column_tags(candidates: Iterable[Candidate]) -> frozenset[tuple[str, str]]:
    """The column tags that recur among `candidates`: (account, tag) for a tag ending two or
    more of the account's titles (…｜产业创新动态). A tag that ends one title only is no column:
    in "…企业系列报道｜<firm>" the series name goes before the bar and the story after it."""
    seen = Counter(
        (c.article.account, tag) for c in candidates if (tag := column_of(c.article.title))
    )
    return frozenset(pair for pair, n in seen.items() if n >= 2)


def story_of(article: StoredArticle, columns: Collection[tuple[str, str]]) -> str:
    """A post's story in a brief: its story key when its tag is one of its account's recurring
    `columns` (or it has none), else its whole title's key, so a series' posts on two firms
    are two stories, in one period and across two."""
    tag = column_of(article.title)
    if tag and (article.account, tag) not in columns:
        return title_key(article.title)
    return story_key(article.title)


def candidates_from(
    store: BriefSource, start: date, end: date, accounts: Sequence[str] = ()
) -> list[Candidate]:
    """The posts of a period (of `accounts`, or all) with their near-duplicates, repost
    clusters and call threads (link/) and what extraction found in them, read for the whole
    period at once."""
    first, last = start.isoformat(), end.isoformat()
    articles = list(store.iter_articles(date_from=first, date_to=last, accounts=accounts))
    near: dict[str, set[str]] = {}
    for a, b in store.near_duplicate_pairs(first, last, accounts=accounts):
        near.setdefault(a, set()).add(b)
        near.setdefault(b, set()).add(a)
    carriers: dict[str, set[str]] = {}
    for key, cluster in cluster_members(store.conn, [a.key for a in articles]).items():
        near.setdefault(key, set()).update(m["key"] for m in cluster["members"] if m["key"] != key)
        carriers[key] = {m["account"] for m in cluster["members"]}
    found = store.extraction_counts([a.key for a in articles])
    threads = member_stages(store.conn, [a.key for a in articles])
    return [
        Candidate(
            a,
            frozenset(near.get(a.key, ())),
            found[a.key],
            frozenset(carriers.get(a.key, set()) - {a.account}),
            threads.get(a.key),
        )
        for a in articles
    ]


def collapse_reposts(
    candidates: Sequence[Candidate], columns: Collection[tuple[str, str]] | None = None
) -> list[Candidate]:
    """One post per story: same story (story_of) or linked near-duplicates keep the richest
    copy. `columns` are the period's recurring column tags, read from all its posts (those an
    editor drops included: 上海经信委's 中国工博会 column tags countdowns and stubs too); by
    default those of `candidates`."""
    kept: list[Candidate] = []
    by_title: dict[str, int] = {}
    by_key: dict[str, int] = {}
    columns = column_tags(candidates) if columns is None else columns
    for cand in candidates:
        core = story_of(cand.article, columns)
        slot = by_title.get(core)
        if slot is None:
            slot = next((by_key[k] for k in cand.near if k in by_key), None)
        if slot is None:
            slot = len(kept)
            kept.append(cand)
        elif _richness(cand) > _richness(kept[slot]):
            kept[slot] = cand
        by_title[core] = slot
        by_key[cand.article.key] = slot
    return kept


def story_part(title: str) -> str:
    """The story a title is one numbered part of (its story key without the part mark), or ""
    when the title marks no part."""
    plain = plain_title(title)
    whole = _PART.sub("", plain)
    return title_key(whole) if whole != plain else ""


def part_of(article: StoredArticle) -> tuple[str, str] | None:
    """The numbered story a post is one part of, as (account, story): parts are joined within
    one account only. None when its title marks no part."""
    story = story_part(article.title)
    return (article.account, story) if story else None


# Two titles of one account tell one story when they share a name long enough to be an
# event's, a programme's or a document's ("“元启上海·数智新界”2025元宇宙发展论坛", "2026年
# “津乐购”有奖发票促消费活动", "《成品油流通管理办法》") and that name is most of the shorter
# title: an account's own templates ("区商务局组织开展…培训会", "关于组织申报2025年…的通知")
# share fewer characters, or a smaller part of the title, with each other.
STORY_NAME_CHARS = 10
STORY_NAME_SHARE = 0.6


def same_story(first: str, second: str) -> bool:
    """Whether two story texts (story_text, of one account) name one story: the same text, or
    a long shared name that is most of the shorter one (STORY_NAME_*)."""
    if not first or not second:
        return False
    if first == second:
        return True
    shortest = min(len(first), len(second))
    needed = max(STORY_NAME_CHARS, STORY_NAME_SHARE * shortest)
    # a shared run of n characters holds n - 1 character pairs found in both (counted with
    # repeats): most pairs of titles share too few to need the longest run looked for
    if sum((_pairs(first) & _pairs(second)).values()) < needed - 1:
        return False
    shared = SequenceMatcher(None, first, second, autojunk=False).find_longest_match(
        0, len(first), 0, len(second)
    )
    return shared.size >= needed


@lru_cache(maxsize=STORY_KEYS)
def _pairs(text: str) -> Counter[str]:
    """The character pairs of a story text, with their counts (kept: not to be changed)."""
    return Counter(text[i : i + 2] for i in range(len(text) - 1))


def story_text(article: StoredArticle, columns: Collection[tuple[str, str]]) -> str:
    """What a post's title says its story is: its story (story_of: a tag that is no recurring
    column stays, so a series' posts on two firms differ) without a numbered part's mark."""
    story = story_of(article, columns)
    if story != story_key(article.title):
        return story
    return story_part(article.title) or story


def story_texts(article: StoredArticle, columns: Collection[tuple[str, str]]) -> tuple[str, str]:
    """(story_text, the tag after its bar when that is no recurring column, else ""): what
    `_one_story` and `retold` compare, worked out once per post."""
    tag = column_of(article.title)
    return story_text(article, columns), "" if (article.account, tag) in columns else tag


def _one_story(first: tuple[str, str], second: tuple[str, str]) -> bool:
    """Two posts' (story text, tag) tell one story: where both name their story in a tag
    after a series' name ("…企业系列报道｜<firm>"), the tags do; else the story texts do."""
    if first[1] and second[1]:
        return same_story(first[1], second[1])
    return same_story(first[0], second[0])


def retold(first: tuple[str, str], second: tuple[str, str]) -> bool:
    """Whether a later post of the account of an earlier one, by their `story_texts`, tells
    its story in words of its own: neither title's story wholly inside the other's (the same
    headline again is a recurring column's, 本周“发展改革热点，我知道” each week, not a
    sequel), and one story (_one_story). The caller keeps to one account's posts."""
    a, b = first[0], second[0]
    return a not in b and b not in a and _one_story(first, second)


def stories_of(
    candidates: Sequence[Candidate], columns: Collection[tuple[str, str]] | None = None
) -> dict[str, tuple[str, str]]:
    """Each post that shares its story with another post of its account among `candidates`
    (same_story), by key: (account, key of the story's first post), in the order published.
    `columns` are the period's recurring column tags (by default those of `candidates`)."""
    columns = column_tags(candidates) if columns is None else columns
    texts = {c.article.key: story_texts(c.article, columns) for c in candidates}
    by_date = sorted(candidates, key=lambda c: (c.article.published, c.article.key))
    firsts: list[Candidate] = []  # the first post of each story seen so far
    story: dict[str, tuple[str, str]] = {}
    for cand in by_date:
        article = cand.article
        first = next(
            (
                f
                for f in firsts
                if f.article.account == article.account
                and _one_story(texts[f.article.key], texts[article.key])
            ),
            None,
        )
        if first is None:
            firsts.append(cand)
            continue
        story[article.key] = story[first.article.key] = (article.account, first.article.key)
    return story


def nest_followups(
    candidates: Sequence[Candidate],
    columns: Collection[tuple[str, str]] | None = None,
    learned: Collection[str] = (),
) -> list[Candidate]:
    """One item per call and per story told in parts. A later post of a call thread
    (link/threads.py) in the period — its extension, shortlist or results, a live stream or
    explainer on it: any stage but a notice — goes under the thread's first post of the
    period, in the order published. A second notice of one thread (the 推荐 notice after the
    对标 notice of one list) stays an item of its own, and so does a follow-up whose thread opened
    before the period. Likewise a story's later numbered part (…②, …（二）) goes under its
    account's first part of the period: the titles alike but for the part mark, or sharing the
    name of an event, programme or document (same_story: the congress's opening, its sessions
    and its close; a policy's release and its explainer). A later part that opens a thread
    takes the thread's later posts with it, under the first part; a later call stays an item.
    Posts of `learned` accounts are joined by part marks only: their own editors' digests
    decide whether a story's posts are listed apart (上海经信委's list three posts of one
    forum)."""
    by_date = sorted(candidates, key=lambda c: (c.article.published, c.article.key))
    opener: dict[object, str] = {}  # thread or (account, story) -> key of its first post
    under: dict[str, list[Candidate]] = {}
    stories = stories_of([c for c in candidates if c.article.account not in learned], columns)
    for cand in by_date:
        part = stories.get(cand.article.key) or part_of(cand.article)
        if cand.article.kind in ACTION_KINDS and part in opener:
            part = None  # a second call of one programme asks something new: an item
        first_part = opener.get(part) if part else None
        if cand.thread is not None:
            thread, stage = cand.thread
            if thread in opener and stage != OPENING_STAGE:
                under.setdefault(opener[thread], []).append(cand)
                continue
            opener.setdefault(thread, first_part or cand.article.key)
        if first_part:
            under.setdefault(first_part, []).append(cand)
        elif part:
            opener[part] = cand.article.key
    nested = {c.article.key for rows in under.values() for c in rows}
    return [
        replace(c, followups=tuple(under.get(c.article.key, ())))
        for c in candidates
        if c.article.key not in nested
    ]


def _richness(cand: Candidate) -> tuple[int, int, int, str]:
    a = cand.article
    return richness(a.is_stub, a.content, a.published, a.url)
