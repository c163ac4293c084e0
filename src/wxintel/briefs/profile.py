"""What an account's own digests teach: its week, its sections, their sizes, its picks.

From every digest found (digests.py) we learn the days a digest covers (the lag from the
last post listed to the digest, the cadence between digests, hence the weekday a week
starts), the section names in the editors' order, how many items a section holds in a
busy week, and two small naive Bayes models over a post's features (classify.features):
which section the editors put a post in, and whether they list it at all.

A post's heading is either that section model's or its generic section under the name the
editors mostly give such posts: whichever agreed more with the editors on the account's own
digests, each held out in turn. The generic names win ties and a single digest: they have
far fewer parameters to learn from a few weeks (上海经信委's four digests, each held out: 55 of
62 items against the model's 54). Caps count the model's sections, as the editors' do, so the
heading does not decide how many posts are listed.

The pick model chooses a brief's posts only from the second digest on: learned from one
digest it has no week held out to be checked on, and on 上海经信委's first such week (learned
from its first digest alone) it found 12 of the editors' 17 items where the generic ranking
found 15. Until then the brief is the generic one under the editors' headings, on their week.

A post is listed when its score (pick model plus generic importance) is above a boundary
calibrated the same way: the highest at which briefs of the account's digest weeks, each
learned without its digest and cut to the caps, list RECALL_GOAL of what the editors listed.
"""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import pairwise

from wxintel import settings
from wxintel.briefs.classify import features, generic_section, importance
from wxintel.briefs.digests import Digest, DigestItem, find_digests
from wxintel.briefs.model import Candidate
from wxintel.briefs.period import BRIEF_DAYS, MAX_BRIEF_DAYS, Week
from wxintel.briefs.select import collapse_reposts, exclusion
from wxintel.store import StoredArticle

DEFAULT_SECTION = "要闻"  # the one section of a digest that lists items without headings
SMOOTHING = 1.0  # Laplace smoothing of the naive Bayes counts
# A section's size in a busy week: a high quantile of the sizes seen, not the largest, which
# grows with every digest read (the week of a trade fair) and would let briefs run long.
CAP_QUANTILE = settings.number("brief_cap_quantile")
IMPORTANCE_WEIGHT = settings.number("brief_importance_weight")
# A post is listed when its score is above a boundary: the pick model's own (0) unless the
# account's digests, each held out, say a lower one is needed to list RECALL_GOAL of the
# editors' items (or a higher one still lists that many); see _calibrated_boundary.
MODEL_BOUNDARY = 0.0
PICK_DIGESTS = 2  # digests needed before the pick model chooses (one to learn, one held out)
RECALL_GOAL = settings.number("brief_recall_goal")


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
    generic_names: dict[str, str] = field(default_factory=dict)  # generic section -> editors'
    headings_by_model: bool = False  # the section model names headings (else generic_names)
    listed_above: float = MODEL_BOUNDARY  # a post is listed when its score is above this

    @property
    def picks_learned(self) -> bool:
        """Whether the pick model chooses the account's posts (PICK_DIGESTS, module docstring);
        else the generic ranking does, under the editors' headings (`editors_heading`)."""
        return self.digests >= PICK_DIGESTS

    def editors_heading(self, generic: str) -> str:
        """The editors' heading for a generic section, or the generic name where they have
        none of their sections for its posts."""
        named = self._editors_name(generic)
        return generic if named is None else named

    def _editors_name(self, generic: str) -> str | None:
        """The editors' section a generic section's posts go under, if it is one of theirs."""
        named = self.generic_names.get(generic)
        return named if named in self.sections else None

    def period_of(self, published: date) -> tuple[date, date]:
        """The days a digest published on `published` covers."""
        end = published - timedelta(days=self.lag_days)
        return end - timedelta(days=self.span_days - 1), end

    def quota_for(self, article: StoredArticle) -> str:
        """The editors' section a post counts against: the section model's, whose classes are
        the sections the caps were counted in."""
        return self.section_model.best(features(article)) or self.sections[0]

    def section_for(self, article: StoredArticle) -> str:
        """The heading a post is shown under (see the module's docstring)."""
        if not self.headings_by_model:
            named = self._editors_name(generic_section(article))
            if named is not None:
                return named
        return self.quota_for(article)

    def generic_heading(self, article: StoredArticle) -> str:
        """The generic section a post goes under in a brief of several accounts: the one the
        editors' heading for it is the name of, else its own generic section."""
        heading, own = self.section_for(article), generic_section(article)
        if self.generic_names.get(own) == heading:
            return own
        named = (g for g, name in self.generic_names.items() if name == heading)
        return next(named, own)

    def pick_score(self, article: StoredArticle) -> float:
        return self.pick_model.log_odds(features(article), "in", "out")

    def score(self, article: StoredArticle) -> float:
        """How much the editors would want a post: the pick model's log-odds plus the
        weighted generic importance (what a reader acts on, a deadline included)."""
        rank = importance(article, article.deadline)
        return self.pick_score(article) + IMPORTANCE_WEIGHT * rank

    def cap(self, section: str, days: int) -> int:
        """The section's usual size, scaled to a period of `days`."""
        return max(1, round(self.caps.get(section, 1) * days / self.span_days))


def learn_profile(
    account: str,
    articles: Sequence[StoredArticle],
    exclude: Iterable[str] = (),
    found: Sequence[Digest] | None = None,
) -> Profile | None:
    """The account's profile from its digests (leaving out keys in `exclude`), or None.

    `found` are the digests `find_digests` already found among `articles` (the evaluation
    finds them once and leaves a different one out each time; parsing them is the costly part).
    """
    skip = set(exclude)
    if found is None:
        digests = find_digests(articles, skip)
    else:
        digests = [d for d in found if d.article.key not in skip]
    if not digests:
        return None
    posts = _Posts(articles)
    profile = _fit(account, posts, digests)
    profile.headings_by_model = _model_names_better(digests, posts.by_key, profile.sections)
    profile.listed_above = _calibrated_boundary(account, posts, digests)
    return profile


class _Posts:
    """An account's posts by key and in date order, so a digest's period is read by bisection
    (held-out refits read each period once per digest: an archive of years stays cheap)."""

    def __init__(self, articles: Iterable[StoredArticle]) -> None:
        self.ordered = sorted(articles, key=lambda a: a.published)
        self.days = [a.published[:10] for a in self.ordered]
        self.by_key = {a.key: a for a in self.ordered}

    def between(self, start: date, end: date) -> list[StoredArticle]:
        low = bisect_left(self.days, start.isoformat())
        return self.ordered[low : bisect_right(self.days, end.isoformat())]


def _fit(account: str, posts: _Posts, digests: Sequence[Digest]) -> Profile:
    """Week, sections, caps and both models from `digests` (headings and boundary: defaults)."""
    by_key = posts.by_key
    lag, span = _cover(digests)
    weekday = Counter(d.published.weekday() for d in digests).most_common(1)[0][0]
    week = Week((weekday - lag - (BRIEF_DAYS - 1)) % 7) if span == BRIEF_DAYS else Week()
    sections = _sections(digests)
    # a busy week's size: editors list more then, and the pick model decides below it
    caps = {
        name: max(
            1, busy_week_size([sum(_name(i) == name for i in d.stored_items) for d in digests])
        )
        for name in sections
    }
    profile = Profile(
        account,
        len(digests),
        week,
        lag,
        span,
        sections,
        caps,
        _section_model(digests, by_key, sections),
        NaiveBayes(),
        frozenset(d.article.key for d in digests),
        editors_names(digests, by_key),
    )
    for digest in digests:
        picked = {i.key for i in digest.stored_items}
        for article in posts.between(*profile.period_of(digest.published)):
            if exclusion(article, profile.digest_keys) is None:
                label = "in" if article.key in picked else "out"
                profile.pick_model.learn(label, features(article))
    return profile


def editors_names(digests: Sequence[Digest], posts: Mapping[str, StoredArticle]) -> dict[str, str]:
    """Each generic section named as the editors mostly name the posts it holds."""
    pairs: Counter[tuple[str, str]] = Counter()
    for digest in digests:
        for item in digest.stored_items:
            if item.key in posts:
                pairs[(generic_section(posts[item.key]), _name(item))] += 1
    names: dict[str, str] = {}
    for (ours, theirs), _ in pairs.most_common():
        names.setdefault(ours, theirs)
    return names


def _section_model(
    digests: Sequence[Digest], posts: Mapping[str, StoredArticle], sections: Sequence[str]
) -> NaiveBayes:
    model = NaiveBayes()
    for digest in digests:
        for item in digest.stored_items:
            if _name(item) in sections and item.key in posts:
                model.learn(_name(item), features(posts[item.key]))
    return model


def _model_names_better(
    digests: Sequence[Digest], posts: Mapping[str, StoredArticle], sections: Sequence[str]
) -> bool:
    """Whether the section model names the editors' sections more often than the renamed
    generic sections, on each digest held out from both in turn."""
    by_model = by_names = 0
    for held in digests:
        rest = [d for d in digests if d is not held]
        if not rest:
            continue
        model, names = _section_model(rest, posts, sections), editors_names(rest, posts)
        for item in held.stored_items:
            if item.key in posts:
                article = posts[item.key]
                by_model += model.best(features(article)) == _name(item)
                by_names += names.get(generic_section(article)) == _name(item)
    return by_model > by_names


def _calibrated_boundary(account: str, posts: _Posts, digests: Sequence[Digest]) -> float:
    """The highest score boundary at which briefs of the account's own digest weeks, each
    learned without its digest and cut to the caps, list RECALL_GOAL of the editors' items;
    with fewer than two digests there is nothing held out to learn from: the model's own."""
    weeks = []  # per held-out digest: each quota's cap and (score, listed?) of its posts
    listed = 0
    for held in digests:
        rest = [d for d in digests if d is not held]
        if not rest:
            continue
        model = _fit(account, posts, rest)
        start, end = model.period_of(held.published)
        picked = {i.key for i in held.stored_items}
        period = [
            Candidate(a)
            for a in posts.between(start, end)
            if exclusion(a, model.digest_keys | {held.article.key}) is None
        ]
        by_quota: dict[str, list[tuple[float, bool]]] = defaultdict(list)
        for cand in collapse_reposts(period):
            article = cand.article
            by_quota[model.quota_for(article)].append((model.score(article), article.key in picked))
        days = (end - start).days + 1
        weeks.append(
            [(model.cap(q, days), sorted(posts, reverse=True)) for q, posts in by_quota.items()]
        )
        listed += len(held.stored_items)
    if not weeks or not listed:
        return MODEL_BOUNDARY

    def recall(bound: float) -> float:
        found = sum(
            hit
            for week in weeks
            for cap, posts in week
            for _, hit in [p for p in posts if p[0] > bound][:cap]
        )
        return found / listed

    bounds = sorted({score - 1e-9 for week in weeks for _, posts in week for score, _ in posts})
    reaching = [b for b in bounds if recall(b) >= RECALL_GOAL]
    # when the caps keep the goal out of reach, a lower boundary would only fill every cap
    # (briefs that did reached precision 0.37 on later weeks): keep the model's own
    return max(reaching) if reaching else MODEL_BOUNDARY


def busy_week_size(sizes: Sequence[int]) -> int:
    """The CAP_QUANTILE of `sizes` (interpolated between neighbours), rounded up."""
    ordered = sorted(sizes)
    at = (len(ordered) - 1) * CAP_QUANTILE
    low = math.floor(at)
    high = min(low + 1, len(ordered) - 1)
    return math.ceil(ordered[low] + (ordered[high] - ordered[low]) * (at - low) - 1e-9)


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
