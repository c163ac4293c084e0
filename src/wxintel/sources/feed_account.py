"""The account a feed item is filed under, read past the collector's decoration.

Collectors title a feed after the account in their own way ("上海经信委 - 微信公众号") or, for
an aggregate of many accounts, after themselves ("WeWe-RSS"). Filed under the raw title, one
account's feed posts would sit apart from the same account's exports, and every post of an
aggregate under the collector's name. The title forms live in data/feed_titles.txt (with their
sources), so a collector seen later is one line there.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from wxintel.nlp.gazetteer import data_lines

FEED_TITLES = "feed_titles.txt"


@dataclass(frozen=True)
class FeedTitle:
    """What a feed's title says: the account it names ("" when none), and whether it is a
    collector's aggregate of many accounts."""

    account: str
    aggregate: bool = False


@cache
def _forms() -> tuple[tuple[re.Pattern[str], bool], ...]:
    forms = []
    for line in data_lines(FEED_TITLES):
        if "{}" in line:
            before, _, after = line.partition("{}")
            pattern = rf"\s*{_loose(before)}(?P<account>.+?){_loose(after)}\s*"
            forms.append((re.compile(pattern, re.IGNORECASE), False))
        else:
            forms.append((re.compile(rf"\s*{_loose(line)}\s*", re.IGNORECASE), True))
    return tuple(forms)


def _loose(text: str) -> str:
    """A form's fixed text, with any run of spaces or dashes matching any other such run
    ("X - 微信公众号", "X-微信公众号", "X — 微信公众号")."""
    parts = re.split(r"[\s\-–—_|｜]+", text)
    return r"[\s\-–—_|｜]*".join(map(re.escape, parts))


def read_feed_title(title: str) -> FeedTitle:
    """The account a feed's title names, its collector's decoration stripped."""
    title = title.strip()
    for pattern, aggregate in _forms():
        match = pattern.fullmatch(title)
        if match:
            return FeedTitle("", True) if aggregate else FeedTitle(match["account"].strip())
    return FeedTitle(title)


def item_account(feed: FeedTitle, source_title: str, author: str) -> str:
    """The account of one item: the channel it names as its source (RSS <source>, an
    aggregate's origin), else the feed's account; in a feed that names none (an aggregate, an
    untitled channel) the item's author, which collectors set to the account. A single
    account's feed keeps its own name over an item's author, which may be the writer's."""
    own = read_feed_title(source_title).account if source_title.strip() else ""
    if own:
        return own
    if feed.account:
        return feed.account
    return author.strip()
