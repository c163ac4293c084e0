"""Passages that may answer a question: posts from the search index, split into sentences,
each scored by how much of the question it (with its post's title) covers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from wxintel.ask.question import Pins, Question, ordinal_value, read_pins
from wxintel.search import SearchQuery
from wxintel.search.query import IDENT
from wxintel.search.snippet import Highlighter
from wxintel.store import SQLStore

POSTS = 12  # posts read per question: the answer is nearly always in the first few hits
_UNIT_END = re.compile(r"[。！？!?；;\n]")
_SHORT_UNIT = 16  # a unit this short ("联系电话：", "二、新址：") is read with the next one
TITLE_SHARE = 0.7  # a question word found only in the post's title counts this much
_ORDINAL = re.compile(r"第\s*([0-9]{1,3}|[一二三四五六七八九十百]{1,4})\s*([批届期次轮季])")


@dataclass
class Post:
    """One retrieved post with what scoring needs of it."""

    key: str
    id: str
    account: str
    title: str
    published: str
    content: str
    rank: int
    facts: list[dict[str, Any]]

    @property
    def day(self) -> date:
        try:
            return date.fromisoformat(self.published[:10])
        except ValueError:
            return date.today()


@dataclass
class Passage:
    """A sentence (or a label line and its value) and how much of the question it covers."""

    post: Post
    start: int
    end: int
    coverage: float

    @property
    def text(self) -> str:
        return self.post.content[self.start : self.end]


def units(content: str) -> list[tuple[int, int]]:
    """Sentence spans of `content`, stripped; a very short one is joined to the next one."""
    spans: list[tuple[int, int]] = []
    position = 0
    for m in [*_UNIT_END.finditer(content), None]:
        end = m.end() if m else len(content)
        piece = content[position:end]
        lead = len(piece) - len(piece.lstrip())
        a, b = position + lead, position + len(piece.rstrip())
        if b > a:
            spans.append((a, b))
        position = end
    joined: list[tuple[int, int]] = []
    for a, b in spans:
        if joined and joined[-1][1] - joined[-1][0] <= _SHORT_UNIT:
            joined[-1] = (joined[-1][0], b)
        else:
            joined.append((a, b))
    return joined


def retrieve(store: SQLStore, question: Question, limit: int = POSTS) -> tuple[list[Post], Any]:
    """The top posts for the question's topic, with their facts, and the parsed topic terms."""
    index = store.search_index()
    parsed = index.parser.parse(question.topic)
    if parsed.message() is not None:
        return [], parsed
    result = store.search(SearchQuery(text=question.topic, limit=limit))
    posts = []
    for rank, hit in enumerate(result.hits):
        article = store.get(hit.key)
        if article is None or article.duplicate_of:
            continue
        posts.append(
            Post(
                key=article.key,
                id=article.id,
                account=article.account,
                title=article.title,
                published=article.published,
                content=article.content,
                rank=rank,
                facts=store.facts(article.key),
            )
        )
    return posts, parsed


def _year_stated(year: str, post: Post, passage: str) -> bool:
    """The post is about `year`: in its title, in the passage, or as a year of its own
    (2025年度, 2025年的) rather than as part of a date (2024年12月26日)."""
    if year in post.title or year in passage:
        return True
    return re.search(rf"{year}\s*年(?!\s*\d{{1,2}}\s*月)", post.content) is not None


def _ordinals(text: str) -> set[tuple[str, int]]:
    return {(unit, ordinal_value(num)) for num, unit in _ORDINAL.findall(text)}


def pinned_ok(pins: Pins, post: Post, passage: str) -> bool:
    """False when the post is about another year, batch or district than the question."""
    if any(not _year_stated(year, post, passage) for year in pins.years):
        return False
    if pins.ordinals:
        stated = _ordinals(post.title) | _ordinals(post.content)
        if any(pin not in stated for pin in pins.ordinals):
            return False
    for district in pins.districts:
        short = district[:-1]
        if district not in post.title + post.content and short not in post.title + post.content:
            return False
    return True


def title_pins_conflict(pins: Pins, post: Post) -> bool:
    """The title names another year than the question asks for (2025年度 against 2024年度)."""
    if not pins.years:
        return False
    titled = read_pins(post.title).years
    return bool(titled) and not set(pins.years) & set(titled)


def weigh(term: Any) -> float:
    """A longer word says more about what is asked than a short one; identifiers most."""
    return 4.0 if term.kind == IDENT else float(min(len(term.text), 4))


def passages(question: Question, posts: list[Post], parsed: Any) -> list[Passage]:
    """Every sentence of the posts, scored by coverage of the question's words, best first."""
    terms = parsed.terms
    if not terms:
        return []
    weights = [weigh(t) for t in terms]
    total = sum(weights)
    highlighter = Highlighter(terms)
    out: list[Passage] = []
    for post in posts:
        if title_pins_conflict(question.pins, post):
            continue
        in_title = {m.term for m in highlighter.matches(post.title)}
        for a, b in units(post.content):
            found = {m.term for m in highlighter.matches(post.content[a:b])}
            score = sum(weights[i] for i in found)
            score += TITLE_SHARE * sum(weights[i] for i in in_title - found)
            out.append(Passage(post, a, b, score / total))
    out.sort(key=lambda p: (-p.coverage, p.post.rank, p.start))
    return out
