"""A few topic tags per article for facets: its main industries, and districts it is about.

A word in the title says more than one in passing, and a facet list is only useful short, so
tags are scored (title counts triple), thresholded and cut to six, deterministically.
"""

from __future__ import annotations

from collections import Counter

from wxintel import settings
from wxintel.model import Article, Mention
from wxintel.nlp import gazetteer as gz
from wxintel.nlp.regions import district_lexicon

MAX_TAGS = settings.count("tags_per_post")
_TITLE_WEIGHT = 3
_MIN_SCORE = {"industry": 2, "district": 3}  # a passing district is not what an article is about


def tags_for(article: Article, mentions: list[Mention]) -> list[str]:
    """Canonical industry and district names ranked by score; at most MAX_TAGS."""
    scores: Counter[tuple[str, str]] = Counter()
    for mention in mentions:
        if mention.kind in _MIN_SCORE:
            scores[mention.kind, mention.name] += 1
    for kind, lexicon in (("industry", gz.industries()), ("district", district_lexicon())):
        for name in {name for _, _, name in lexicon.find(article.title)}:
            scores[kind, name] += _TITLE_WEIGHT
    ranked = sorted(scores.items(), key=lambda item: (-item[1], item[0][1]))
    kept = [name for (kind, name), score in ranked if score >= _MIN_SCORE[kind]]
    if not kept:
        kept = [name for (kind, name), _ in ranked if kind == "industry"][:1]
    return list(dict.fromkeys(kept))[:MAX_TAGS]
