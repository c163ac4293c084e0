"""Whether a post's title and opening are about what the catch-all section reports, learned
from each account's own posts.

A generic brief's catch-all section (产业动态) is for news of firms, industry, projects and the
economy. What extraction finds anywhere in a post (an industry, several organisations, several
figures, a document; classify.found_cues) says little on its own: a blood drive, a football
trial or an editorial names "AI" or three bodies in passing. A post that is such news says so
where it starts. So each account teaches its own word weights: the words of the title and
opening of its posts where extraction found several of those cues, against those of its posts
where it found none (naive Bayes log-odds, Laplace-smoothed). A post's topical score is the mean
weight of its title's and opening's words, learned without the post itself when it is one of
the examples (scored by its own words, a post looks more like its group than a new one does);
the account's boundary is the score of the lower quarter of its cued posts. compose.py adds
the distance from it to a catch-all post's rank. Nothing here is a word list: an account of
another trade or region teaches its own words.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

import rjieba

from wxintel import settings
from wxintel.briefs.classify import found_cues
from wxintel.briefs.model import Candidate

# The opening read with the title: about the first sentence or two of a news post, where it
# says who did what (a passing mention lies further down).
OPENING_CHARS = settings.count("brief_topical_opening")
CUED = 2  # found cues that make a post an example of the catch-all's news (one is any post's)
# Posts of each group below which an account teaches nothing: an account that nearly always
# names what extraction finds (a bureau of one trade) has too few cueless posts to weigh words
# by, and its catch-all holds little that names its trade only in passing.
MIN_EXAMPLES = 30
SMOOTHING = 0.5  # added to each word's count in each group
# The account's boundary: the score of its cued posts (each scored without itself) at this
# quantile. A post reads like the account's news when it reads at least like the lower quarter
# of it.
BOUNDARY_QUANTILE = settings.number("brief_topical_quantile")
WORD_CACHE = 16384  # posts whose words are kept (an account of years is learned per plan)
_WORD = re.compile(r"[\u3400-\u9fff]{2,}")  # Chinese words of two or more characters


@dataclass
class TopicModel:
    """An account's word counts in its cued and cueless posts' titles and openings."""

    counts: tuple[Counter[str], Counter[str]]  # (cued, cueless) posts holding each word
    sizes: tuple[int, int]  # (cued, cueless) posts
    boundary: float = 0.0  # the score above which a catch-all post reads like the account's news

    def score(self, cand: Candidate) -> float:
        """The mean weight of the words of the post's title and opening, learned without the
        post when it is one of the examples (0 when it holds no known word)."""
        group = _group(cand)
        cued, cueless = self.counts
        # the post's own counts taken out of its group (None: it is in neither)
        own = (group == 0, group == 1)
        sizes = (self.sizes[0] - own[0], self.sizes[1] - own[1])
        total, known = 0.0, 0
        for word in words(cand.article.title, cand.article.content):
            held = (cued[word] - own[0], cueless[word] - own[1])
            if held[0] or held[1]:
                total += _log_odds(held, sizes)
                known += 1
        return total / known if known else 0.0


def words(title: str, content: str) -> frozenset[str]:
    """The distinct Chinese words of a title and the opening of its body."""
    return _words(title + "\n" + content[:OPENING_CHARS])


@lru_cache(maxsize=WORD_CACHE)
def _words(text: str) -> frozenset[str]:
    return frozenset(w for w in rjieba.cut(text) if _WORD.fullmatch(w))


def _group(cand: Candidate) -> int | None:
    """0 for a post with several found cues, 1 for one with none, None for one with one."""
    found = sum(found_cues(cand))
    return 0 if found >= CUED else 1 if found == 0 else None


def _log_odds(held: tuple[int, int], sizes: tuple[int, int]) -> float:
    """The log-odds of a word held by `held` posts of each group (cued, cueless) of `sizes`
    posts appearing in a cued post's title and opening rather than a cueless one's."""
    cued = (held[0] + SMOOTHING) / (sizes[0] + 2 * SMOOTHING)
    cueless = (held[1] + SMOOTHING) / (sizes[1] + 2 * SMOOTHING)
    return math.log(cued) - math.log(cueless)


def learn_topics(cands: Iterable[Candidate]) -> TopicModel | None:
    """The model of one account's posts (each with what extraction found in it), or None when
    it has too few posts with cues or too few without them to tell the two apart."""
    bags: tuple[list[Candidate], list[Candidate]] = ([], [])
    for cand in cands:
        group = _group(cand)
        if group is not None:
            bags[group].append(cand)
    if min(map(len, bags)) < MIN_EXAMPLES:
        return None
    counts = tuple(
        Counter(w for c in group for w in words(c.article.title, c.article.content))
        for group in bags
    )
    model = TopicModel((counts[0], counts[1]), (len(bags[0]), len(bags[1])))
    scores = sorted(model.score(c) for c in bags[0])
    model.boundary = scores[int(BOUNDARY_QUANTILE * (len(scores) - 1))]
    return model
