"""What an account's own digests teach: its week, its sections, their sizes, its picks.

From every digest found (digests.py) we learn the days a digest covers (the lag from the
last post listed to the digest, the cadence between digests, hence the weekday a week
starts), the section names in the editors' order, the largest number of items per section,
and two small naive Bayes models over a post's features (classify.features): which section
the editors put a post in, and whether they list it at all.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import pairwise

from wxintel.briefs.classify import features
from wxintel.briefs.digests import Digest, DigestItem, find_digests
from wxintel.briefs.period import BRIEF_DAYS, MAX_BRIEF_DAYS, Week
from wxintel.briefs.select import exclusion
from wxintel.store import StoredArticle

DEFAULT_SECTION = "要闻"  # the one section of a digest that lists items without headings
SMOOTHING = 1.0  # Laplace smoothing of the naive Bayes counts


@dataclass
class NaiveBayes:
    """Counts of binary features per class; scores are log-probabilities up to a constant."""

    classes: Counter[str] = field(default_factory=Counter)
    counts: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    vocabulary: set[str] = field(default_factory=set)

    def learn(self, label: str, observed: Iterable[str]) -> None:
        self.classes[label] += 1
        for name in set(observed):
            self.counts[label][name] += 1
            self.vocabulary.add(name)

    def scores(self, observed: Iterable[str]) -> dict[str, float]:
        total = sum(self.classes.values())
        present = set(observed) & self.vocabulary
        out = {}
        for label, n in self.classes.items():
            score = math.log(n / total)
            for name in self.vocabulary:
                p = (self.counts[label][name] + SMOOTHING) / (n + 2 * SMOOTHING)
                score += math.log(p if name in present else 1 - p)
            out[label] = score
        return out

    def best(self, observed: Iterable[str]) -> str | None:
        scores = self.scores(observed)
        return max(scores, key=lambda k: scores[k]) if scores else None

    def log_odds(self, observed: Iterable[str], label: str, other: str) -> float:
        scores = self.scores(observed)
        if label not in scores or other not in scores:
            return 0.0
        return scores[label] - scores[other]


@dataclass
class Profile:
    """An account's digest habits, learned from `digests` of its posts."""

    account: str
    digests: int
    week: Week
    lag_days: int
    span_days: int
    sections: tuple[str, ...]
    caps: dict[str, int]
    section_model: NaiveBayes
    pick_model: NaiveBayes
    digest_keys: frozenset[str]

    def period_of(self, published: date) -> tuple[date, date]:
        """The days a digest published on `published` covers."""
        end = published - timedelta(days=self.lag_days)
        return end - timedelta(days=self.span_days - 1), end

    def section_for(self, article: StoredArticle) -> str:
        return self.section_model.best(features(article)) or self.sections[0]

    def pick_score(self, article: StoredArticle) -> float:
        return self.pick_model.log_odds(features(article), "in", "out")

    def cap(self, section: str, days: int) -> int:
        """The section's usual size, scaled to a period of `days`."""
        return max(1, round(self.caps.get(section, 1) * days / self.span_days))

    def describe(self) -> dict[str, object]:
        return {
            "account": self.account,
            "digests": self.digests,
            "week": self.week.describe(),
            "lag_days": self.lag_days,
            "span_days": self.span_days,
            "sections": list(self.sections),
            "caps": dict(self.caps),
        }


def learn_profile(
    account: str, articles: Sequence[StoredArticle], exclude: Iterable[str] = ()
) -> Profile | None:
    """The account's profile from its digests (leaving out keys in `exclude`), or None."""
    digests = find_digests(articles, exclude)
    if not digests:
        return None
    by_key = {a.key: a for a in articles}
    lag, span = _cover(digests)
    weekday = Counter(d.published.weekday() for d in digests).most_common(1)[0][0]
    week = Week((weekday - lag - (BRIEF_DAYS - 1)) % 7) if span == BRIEF_DAYS else Week()
    sections = _sections(digests)
    # the largest section seen: editors list more in a busy week, and the pick model ranks
    caps = {
        name: max(1, *(sum(_name(i) == name for i in d.stored_items) for d in digests))
        for name in sections
    }
    section_model = NaiveBayes()
    for digest in digests:
        for item in digest.stored_items:
            name = _name(item) if _name(item) in sections else None
            if name and item.key in by_key:
                section_model.learn(name, features(by_key[item.key]))
    profile = Profile(
        account,
        len(digests),
        week,
        lag,
        span,
        sections,
        caps,
        section_model,
        NaiveBayes(),
        frozenset(d.article.key for d in digests),
    )
    for digest in digests:
        picked = {i.key for i in digest.stored_items}
        start, end = profile.period_of(digest.published)
        for article in articles:
            day = article.published[:10]
            in_period = start.isoformat() <= day <= end.isoformat()
            if in_period and exclusion(article, profile.digest_keys) is None:
                label = "in" if article.key in picked else "out"
                profile.pick_model.learn(label, features(article))
    return profile


def _cover(digests: Sequence[Digest]) -> tuple[int, int]:
    """(lag, span): days from a digest back to its newest listed post, and between digests."""
    lags = [
        (d.published - date.fromisoformat(i.published)).days
        for d in digests
        for i in d.stored_items
    ]
    lag = max(0, min(lags)) if lags else 1
    days = sorted({d.published for d in digests})
    gaps = Counter((b - a).days for a, b in pairwise(days))
    # the usual gap (a week missing from the archive doubles one gap, not the cadence)
    span = min(gaps, key=lambda g: (-gaps[g], g)) if gaps else BRIEF_DAYS
    return lag, span if 1 <= span <= MAX_BRIEF_DAYS else BRIEF_DAYS


def _sections(digests: Sequence[Digest]) -> tuple[str, ...]:
    """Section names used by at least half the digests, in the editors' order."""
    order: dict[str, int] = {}
    used: Counter[str] = Counter()
    for digest in digests:
        names = list(dict.fromkeys(_name(i) for i in digest.stored_items))
        used.update(names)
        for position, name in enumerate(names):
            order.setdefault(name, position)
    kept = [n for n in used if used[n] * 2 >= len(digests)]
    named = sorted(kept, key=lambda n: (order[n], -used[n]))
    return tuple(named) or (DEFAULT_SECTION,)


def _name(item: DigestItem) -> str:
    return item.section or DEFAULT_SECTION
