"""An account's own digests, found without knowing the account.

A digest is a post of a recurring series (the same title once dates and numbers are set
aside: "…一周要闻（9月7日-9月13日）", "本周…热点") — or a post doctype typed `digest` — whose
body lists the account's own recent posts by title. Its items are the lines that name one
of those posts; its sections are the short heading lines above them.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from difflib import SequenceMatcher
from functools import lru_cache

from wxintel import dates, settings
from wxintel.briefs.select import story_key
from wxintel.store import StoredArticle

SERIES_MIN = 3  # a title stem seen this often in one account is a series
ITEMS_MIN = 5  # a digest names this many of the account's posts ("read more" lists name 3)
LOOKBACK_DAYS = settings.count("brief_digest_lookback_days")  # digests list recent posts
MATCH_MIN = settings.number("brief_digest_match")  # a listed title and a post: one story
CONTAINED_MIN_CHARS = 8  # a shortened title still names its post when this long
HEADER_MAX_CHARS = 10  # a section heading is short
CHARACTER_COUNTS = 16384  # titles and digest lines whose character counts are kept
ITEM_MIN_CHARS = 6

_BULLET = "·"
_PAIRS = ("“”", "《》", "（）", "()", "「」")
_LEAD_MARK = re.compile(r"^(?:[0-9０-９]{1,2}(?=\s|[、.．]|$)[、.．]?|[•●▪■◆◇○◎★☆▶►→\-—·])\s*")
_STEM_NOISE = re.compile(r"[（(【\[][^）)】\]]*[）)】\]]|[0-9０-９]+|[年月日期第至\-—~～]|[\W_]+")
_HEADING = re.compile(r"[\u4e00-\u9fff]{2,}")


@dataclass(frozen=True)
class DigestItem:
    """One post a digest lists: its section, the title as listed, the post it names."""

    section: str
    title: str
    key: str = ""  # the listed post's key ("" when it is not stored)
    published: str = ""


@dataclass(frozen=True)
class Digest:
    """One of an account's own digests with the items it lists, in order."""

    article: StoredArticle
    items: tuple[DigestItem, ...]

    @property
    def published(self) -> date:
        return dates.day(self.article.published)

    @property
    def stored_items(self) -> list[DigestItem]:
        return [i for i in self.items if i.key]


def title_stem(title: str) -> str:
    """A title with dates, numbers, brackets and punctuation set aside: a series' name."""
    return _STEM_NOISE.sub("", title)


def title_similarity(a: str, b: str) -> float:
    """How alike two titles are once column tags, spacing and punctuation are set aside."""
    return key_similarity(story_key(a), story_key(b))


def key_similarity(x: str, y: str) -> float:
    """`title_similarity` of two titles already reduced to their story keys."""
    if not x or not y:
        return 0.0
    if x == y:
        return 1.0
    short, long = sorted((x, y), key=len)
    if len(short) >= CONTAINED_MIN_CHARS and short in long:
        return 0.95
    if 2 * len(short) < MATCH_MIN * (len(short) + len(long)):
        return 0.0  # the ratio's upper bound, checked before building a matcher (the costly part)
    # the characters both share bound the ratio too (SequenceMatcher.quick_ratio), counted
    # from each title's characters, kept: an account's titles meet many digests' lines
    shared = sum((_characters(x) & _characters(y)).values())
    if 2 * shared < MATCH_MIN * (len(x) + len(y)):
        return 0.0
    return SequenceMatcher(None, x, y, autojunk=False).ratio()


@lru_cache(maxsize=CHARACTER_COUNTS)
def _characters(key: str) -> Counter[str]:
    return Counter(key)


def best_match(title: str, titles: Sequence[str]) -> int | None:
    """Index of the title most like `title`, if alike enough to be the same story."""
    return _best_key(story_key(title), [story_key(t) for t in titles])


def _best_key(key: str, keys: Sequence[str]) -> int | None:
    scored = [(key_similarity(key, k), i) for i, k in enumerate(keys)]
    best = max(scored, default=(0.0, -1))
    return best[1] if best[0] >= MATCH_MIN else None


def split_bullets(line: str) -> list[str]:
    """Split titles run together with "·", keeping a "·" inside quotes (“元启上海·数智新界”)."""
    titles: list[str] = []
    pending = ""
    for part in line.split(_BULLET):
        pending = f"{pending}{_BULLET}{part}" if pending else part
        if all(pending.count(a) <= pending.count(b) for a, b in _PAIRS):
            if pending.strip():
                titles.append(pending.strip())
            pending = ""
    if pending.strip():
        titles.append(pending.strip())
    return titles


def heading_of(line: str) -> str | None:
    """The section a short line opens ("要 闻 活 动" → "要闻活动"), or None."""
    folded = re.sub(r"\s+", "", _LEAD_MARK.sub("", line))
    if 2 <= len(folded) <= HEADER_MAX_CHARS and _HEADING.fullmatch(folded):
        return folded
    return None


def parse_digest(
    article: StoredArticle, posts: Sequence[StoredArticle], known: Sequence[str] = ()
) -> Digest:
    """The items a digest lists, matched to `posts` (the account's posts before it).

    Each line (split at "·") that names a post is an item, under the last heading seen;
    a post listed twice (an overview, then the entries) counts once, where first listed.
    """
    keys = [story_key(p.title) for p in posts]
    items: list[DigestItem] = []
    seen: set[str] = set()
    section = ""
    headings = list(known)
    for raw in article.content.split("\n"):
        line = raw.strip()
        if not line:
            continue
        folded = re.sub(r"\s+", "", line)
        glued = next((h for h in headings if folded.startswith(h) and folded != h), None)
        if glued:  # "通 知 公 告01 关于…": a heading run into its first entry
            section = glued
            line = re.sub(r"^" + r"\s*".join(map(re.escape, glued)), "", line).strip()
        parts = [_LEAD_MARK.sub("", p).strip() for p in split_bullets(line)]
        parts = [p for p in parts if len(story_key(p)) >= ITEM_MIN_CHARS]
        found = [(p, _best_key(story_key(p), keys)) for p in parts]
        if not any(i is not None for _, i in found):
            heading = heading_of(line)
            if heading:
                section = heading
                headings.append(heading)
            continue
        for part, index in found:
            if index is None:
                continue
            post = posts[index]
            if post.key not in seen:
                seen.add(post.key)
                items.append(DigestItem(section, part, post.key, post.published[:10]))
    return Digest(article, tuple(items))


def find_digests(articles: Iterable[StoredArticle], exclude: Iterable[str] = ()) -> list[Digest]:
    """The digests among one account's posts (oldest first), each with its matched items."""
    skip = set(exclude)
    posts = sorted((a for a in articles if not a.duplicate_of), key=lambda a: a.published)
    stems = Counter(title_stem(a.title) for a in posts)
    candidates = [
        a
        for a in posts
        if a.key not in skip
        and (
            a.kind == "digest" or (title_stem(a.title) and stems[title_stem(a.title)] >= SERIES_MIN)
        )
    ]
    # each candidate reads the posts of its lookback window by bisection over the publish
    # days, and each title's stem once: an account of years has hundreds of series posts
    days = [a.published[:10] for a in posts]
    stem_of = {a.key: title_stem(a.title) for a in posts}
    found = []
    for article in candidates:
        day = dates.day(article.published)
        earliest = (day - timedelta(days=LOOKBACK_DAYS)).isoformat()
        stem = stem_of[article.key]
        window = [
            p
            for p in posts[bisect_left(days, earliest) : bisect_right(days, day.isoformat())]
            if p.key != article.key and stem_of[p.key] != stem
        ]
        digest = parse_digest(article, window)
        if len(digest.stored_items) >= ITEMS_MIN:
            found.append(digest)
    return found
