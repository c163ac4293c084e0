"""The account's own institution at work: a post whose first sentence has the body the account
speaks for as its subject, doing something (区商务局组织开展…, 区发展改革委赴…开展节前巡查,
我办召开…), or a delegation visiting it (…一行到我办交流学访), reports what the institution did:
要闻活动 in a generic brief, as a leader's visit does, though it names no leader or meeting.

Which body an account speaks for is learned from its own posts: the body that most often opens
their first sentences as the subject of such an action, where it opens enough of them to be the
account's voice (an office's account opens a post in ten or twenty that way; a district news
outlet's openings name many bodies, none often); the first person (我办, 我局, 我委) always is.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Collection, Iterable
from functools import cache

from wxintel.briefs.classify import text_paragraphs
from wxintel.nlp.gazetteer import named_list
from wxintel.nlp.lexicon import SAME, default_lexicon
from wxintel.store import StoredArticle

# A body named as the subject of an action at the start of a sentence: an optional level, a
# short name, a kind of office; then, within a few characters, what it did. A 中心 is a kind
# too (政务服务中心, 青少年活动中心): it counts only as a body an account learned it speaks for,
# so a centre any post names (党群服务中心开展…) is none, and a centre's own account (which a
# title's organiser, classify._ORGANISED, does not read: any centre's activity would pass)
# still gets its own activities as its news.
_ACTS = "|".join(map(re.escape, named_list("brief_words.txt", "institution_acts")))
_SUBJECT = re.compile(
    r"(?:^|[，,。；;])(?P<body>(?:市|区|县|省)?[\u4e00-\u9fff]{1,10}?(?:委员会|委|局|办|厅|中心))"
    rf"[\u4e00-\u9fff]{{0,8}}?(?:{_ACTS})"
)
FIRST_PERSON = frozenset(named_list("brief_words.txt", "first_person_bodies"))
# a delegation received: "…一行到我办交流学访", "…一行来我局调研"
_VISITED = re.compile(
    rf"一行[\u4e00-\u9fff]{{0,4}}(?:到|来|赴)(?:{'|'.join(map(re.escape, FIRST_PERSON))})"
)
OPENING_CHARS = 120  # the first sentence or two, where a report says who did what
MIN_OPENINGS = 5  # posts opening with the body before it is the account's voice
MIN_SHARE = 0.03  # ... and the share of the account's posts they are


def opening(article: StoredArticle) -> str:
    """The start of the first paragraph of some length (a caption or a tag line is skipped)."""
    first = next(iter(text_paragraphs(article)), "")
    return first[:OPENING_CHARS]


def own_bodies(posts: Iterable[StoredArticle]) -> frozenset[str]:
    """The bodies an account speaks for, learned from its posts (a stored copy left out), each
    under one name (canonical_body)."""
    own = [p for p in posts if not p.duplicate_of]
    seen = Counter(
        canonical_body(m.group("body")) for p in own if (m := _SUBJECT.search(opening(p)))
    )
    voice = {b for b, n in seen.items() if n >= MIN_OPENINGS and n >= MIN_SHARE * len(own)}
    return frozenset(voice) | FIRST_PERSON


def institution_at_work(article: StoredArticle, bodies: Collection[str]) -> bool:
    """Whether a post reports what the account's own institution (`bodies`) did."""
    first = opening(article)
    if _VISITED.search(article.title) or _VISITED.search(first):
        return True
    return any(canonical_body(m.group("body")) in bodies for m in _SUBJECT.finditer(first))


# a place's name before the level of its government ("闵行区…", "西青区…"): an account names its
# own body with or without it
_PLACE = re.compile(r"^[\u4e00-\u9fff]{2,4}?(?=[区市县省])")


@cache
def canonical_body(body: str) -> str:
    """One name for a body however a post writes it: its kind under the lexicon's first name
    (发展改革委 and 发展和改革委员会 are one kind, abbreviations.txt) and its place's name left
    off before the level (闵行区发展和改革委员会 and 区发展改革委 are one body)."""
    kinds = _kind_names()
    for end in range(len(body)):
        canonical = kinds.get(body[end:])
        if canonical:
            body = body[:end] + canonical
            break
    return _PLACE.sub("", body)


@cache
def _kind_names() -> dict[str, str]:
    """Each name of an alias group of the lexicon, mapped to the group's first name."""
    return {
        name: group.canonical
        for group in default_lexicon().groups
        if group.relation == SAME and not group.bridge
        for name in group.names
    }
