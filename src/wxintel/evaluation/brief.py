"""Score wxintel's briefs against the editors' own weekly digests found in the store.

A digest (上海经信一周要闻) lists the week's posts by title under the section names, first in an
overview ("概览", bullets "·") and then one numbered entry per post. We read those items back,
match them to stored posts by title, build our brief for the same week with the digest itself
left out, and measure how much of the editors' choice and grouping it reproduces.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from difflib import SequenceMatcher
from typing import Any

from wxintel.digest import (
    SECTIONS,
    Brief,
    BriefSource,
    build_brief,
    digest_period,
    is_digest,
    title_core,
)
from wxintel.store import StoredArticle

MATCH_MIN = 0.86  # title similarity from which a digest item and a post are the same story
CONTAINED_MIN_CHARS = 8  # a shortened title still names its post when this long
RECALL_TARGET = 0.8
SECTION_TARGET = 0.85

_BULLET = "·"
_NUMBERED = re.compile(r"^(?:0\d|\d{1,2}(?=\s))\s*(?=\S)")  # "01 标题", not "2025…"
_PAIRS = ("“”", "《》", "（）", "()", "「」")
_HEADER_MAX = 8


@dataclass(frozen=True)
class DigestItem:
    """One post an editors' digest lists, under its section."""

    section: str
    title: str


@dataclass
class WeekScore:
    """How one brief compares with the editors' digest of the same week."""

    digest_id: str
    digest_title: str
    start: date
    end: date
    items: int  # items the digest lists
    existing: int  # of which are stored posts
    outside_period: int  # of which were published outside the period the brief covers
    recalled: int
    brief_items: int
    matched_brief_items: int
    same_section: int
    missed: list[str] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.recalled / self.existing if self.existing else 1.0

    @property
    def precision(self) -> float:
        return self.matched_brief_items / self.brief_items if self.brief_items else 0.0

    @property
    def section_agreement(self) -> float:
        return self.same_section / self.recalled if self.recalled else 1.0

    def to_json(self) -> dict[str, Any]:
        return {
            "digest": self.digest_id,
            "title": self.digest_title,
            "from": self.start.isoformat(),
            "to": self.end.isoformat(),
            "digest_items": self.items,
            "existing": self.existing,
            "outside_period": self.outside_period,
            "recalled": self.recalled,
            "brief_items": self.brief_items,
            "recall": round(self.recall, 3),
            "precision": round(self.precision, 3),
            "section_agreement": round(self.section_agreement, 3),
            "missed": self.missed,
        }


# -- reading a digest --------------------------------------------------------------------


def _folded(line: str) -> str:
    return re.sub(r"\s+", "", line)


def _header(line: str, known: Sequence[str]) -> str | None:
    """The section a line opens: a known name (spaced out or not, maybe glued to an item)."""
    folded = _folded(line)
    for name in known:
        if folded.startswith(name):
            return name
    if folded and len(folded) <= _HEADER_MAX and _BULLET not in line and not _NUMBERED.match(line):
        return folded if re.fullmatch(r"[\u4e00-\u9fff]+", folded) else None
    return None


def _balanced(text: str) -> bool:
    return all(text.count(a) <= text.count(b) for a, b in _PAIRS)


def split_bullets(line: str) -> list[str]:
    """Split titles run together with "·", keeping a "·" inside quotes (“元启上海·数智新界”)."""
    titles: list[str] = []
    pending = ""
    for part in line.split(_BULLET):
        pending = f"{pending}{_BULLET}{part}" if pending else part
        if _balanced(pending):
            if pending.strip():
                titles.append(pending.strip())
            pending = ""
    if pending.strip():
        titles.append(pending.strip())
    return titles


def parse_digest(content: str, known: Sequence[str] = SECTIONS) -> list[DigestItem]:
    """The items a digest lists: from its overview, else from its numbered entries."""
    lines = [line.strip() for line in content.split("\n")]
    return _overview_items(lines, known) or _numbered_items(lines, known)


def _overview_items(lines: list[str], known: Sequence[str]) -> list[DigestItem]:
    start = next((i for i, line in enumerate(lines) if _folded(line) == "概览"), None)
    if start is None:
        return []
    items: list[DigestItem] = []
    section = ""
    for line in lines[start + 1 :]:
        if not line:
            continue
        if _NUMBERED.match(line) or (section and _folded(line) != line and _header(line, known)):
            break  # the numbered entries (or a spaced-out header) begin: the overview is over
        if _BULLET not in line:
            section = _header(line, known) or section
            continue
        items += [DigestItem(section, t) for t in split_bullets(line) if section]
    return items


def _numbered_items(lines: list[str], known: Sequence[str]) -> list[DigestItem]:
    items: list[DigestItem] = []
    section = ""
    for line in lines:
        name = _header(line, known)
        if name in known:
            section = name
            line = re.sub(r"^[\s\u4e00-\u9fff]*?" + r"\s*".join(name), "", line).strip()
        match = _NUMBERED.match(line)
        if section and match:
            items.append(DigestItem(section, line[match.end() :].strip()))
    return items


# -- matching ----------------------------------------------------------------------------


def title_similarity(a: str, b: str) -> float:
    """How alike two titles are once column tags, spacing and punctuation are set aside."""
    x, y = title_core(a), title_core(b)
    if not x or not y:
        return 0.0
    if x == y:
        return 1.0
    short, long = sorted((x, y), key=len)
    if len(short) >= CONTAINED_MIN_CHARS and short in long:
        return 0.95
    return SequenceMatcher(None, x, y, autojunk=False).ratio()


def best_match(title: str, titles: Sequence[str]) -> int | None:
    """Index of the title most like `title`, if alike enough to be the same story."""
    scored = [(title_similarity(title, t), i) for i, t in enumerate(titles)]
    best = max(scored, default=(0.0, -1))
    return best[1] if best[0] >= MATCH_MIN else None


# -- scoring -----------------------------------------------------------------------------


def score_week(
    digest: StoredArticle,
    items: Sequence[DigestItem],
    brief: Brief,
    posts: Sequence[StoredArticle],
) -> WeekScore:
    """Compare one brief with the digest's items; `posts` are every stored non-digest post."""
    post_titles = [p.title for p in posts]
    brief_items = brief.items
    brief_titles = [i.title for i in brief_items]
    existing = recalled = same = outside = 0
    missed: list[str] = []
    for item in items:
        found = best_match(item.title, post_titles)
        if found is None:
            continue
        existing += 1
        day = posts[found].published[:10]
        outside += not (brief.start.isoformat() <= day <= brief.end.isoformat())
        hit = best_match(item.title, brief_titles)
        if hit is None:
            missed.append(item.title)
            continue
        recalled += 1
        same += brief.section_of(brief_items[hit].key) == item.section
    digest_titles = [i.title for i in items]
    matched = sum(best_match(t, digest_titles) is not None for t in brief_titles)
    return WeekScore(
        digest_id=digest.id,
        digest_title=digest.title,
        start=brief.start,
        end=brief.end,
        items=len(items),
        existing=existing,
        outside_period=outside,
        recalled=recalled,
        brief_items=len(brief_items),
        matched_brief_items=matched,
        same_section=same,
        missed=missed,
    )


def editors_digests(
    articles: Iterable[StoredArticle],
) -> list[tuple[StoredArticle, list[DigestItem]]]:
    """The stored editors' digests (original copies) with the items each lists."""
    found = []
    for article in articles:
        if article.duplicate_of or not is_digest(article):
            continue
        items = parse_digest(article.content)
        if items:
            found.append((article, items))
    return found


def evaluate_briefs(store: BriefSource) -> dict[str, Any]:
    """Per digest week and overall: recall, precision and section agreement of our briefs."""
    articles = list(store.iter_articles())
    posts = [a for a in articles if not is_digest(a)]
    weeks = []
    for digest, items in editors_digests(articles):
        start, end = digest_period(date.fromisoformat(digest.published[:10]))
        brief = build_brief(store, start, end, exclude={digest.key})
        weeks.append(score_week(digest, items, brief, posts))
    return summarise_scores(weeks)


def summarise_scores(weeks: Sequence[WeekScore]) -> dict[str, Any]:
    """Micro-averaged figures over all weeks, with each week's own."""
    existing = sum(w.existing for w in weeks)
    recalled = sum(w.recalled for w in weeks)
    brief_items = sum(w.brief_items for w in weeks)
    overall = {
        "weeks": len(weeks),
        "recall": round(recalled / existing, 3) if existing else None,
        "precision": round(sum(w.matched_brief_items for w in weeks) / brief_items, 3)
        if brief_items
        else None,
        "section_agreement": round(sum(w.same_section for w in weeks) / recalled, 3)
        if recalled
        else None,
        "targets": {"recall": RECALL_TARGET, "section_agreement": SECTION_TARGET},
    }
    return {"overall": overall, "weeks": [w.to_json() for w in weeks]}


def format_report(scores: dict[str, Any]) -> str:
    """A plain-text table of the figures, one line per week."""
    lines = [
        f"{'week':<23} {'digest':<14} {'items':>5} {'exist':>5} {'brief':>5} "
        f"{'recall':>6} {'prec':>6} {'section':>7}"
    ]
    for w in scores["weeks"]:
        lines.append(
            f"{w['from'] + '..' + w['to']:<23} {w['digest']:<14} {w['digest_items']:>5} "
            f"{w['existing']:>5} {w['brief_items']:>5} {w['recall']:>6.3f} "
            f"{w['precision']:>6.3f} {w['section_agreement']:>7.3f}"
        )
    o = scores["overall"]
    if o["weeks"]:
        lines.append(
            f"{'overall':<23} {'':<14} {'':>5} {'':>5} {'':>5} {o['recall']:>6.3f} "
            f"{o['precision']:>6.3f} {o['section_agreement']:>7.3f}"
        )
    else:
        lines.append("no editors' digest in this database")
    for w in scores["weeks"]:
        for title in w["missed"]:
            lines.append(f"  missed ({w['digest']}): {title}")
    return "\n".join(lines)
