"""What kind of post a query wants, from its function words, and how much each kind is favoured.

"怎么申请高企" asks for the calls about 高企, not every post naming it; "支持化妆品产业的措施"
asks for measures, not the statistics and weekly digests that mention them. The words come from
a data file (query_intents.txt); the kinds are the ones the extractor decided for each post.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from wxintel import settings
from wxintel.nlp.lexicon import data_text, read_lines

APPLY, MEASURES = "apply", "measures"
# How the search page and the CLI say what an intent does to the ranking.
INTENT_LABELS = {APPLY: "申报、报名类通知优先", MEASURES: "政策措施原文与解读优先"}


@dataclass(frozen=True)
class IntentWord:
    """A query word that names an intent; `drop` when it is not searched as content; `genre`
    when it names the kind of text, so that any genre word of its intent satisfies it."""

    intent: str
    drop: bool
    genre: bool = False


@cache
def intent_words() -> dict[str, IntentWord]:
    """Word -> its intent, from the packaged data file."""
    out: dict[str, IntentWord] = {}
    for line in read_lines(data_text("query_intents.txt")):
        word, intent, *flags = line.split()
        out[word] = IntentWord(intent, "drop" in flags, "genre" in flags)
    return out


def procedure_words() -> frozenset[str]:
    """The searched words of the apply intent (申报, 报名, 征集 …): each names the procedure a
    call opens, which the archive's calls and registrations write in many ways (参赛, 征集,
    申请), so a post of an action kind may stand for it (SearchIndex._procedure_clause)."""
    return frozenset(
        w for w, i in intent_words().items() if i.intent == APPLY and not i.drop and not i.genre
    )


def same_genre(word: str) -> list[str]:
    """The other genre words of `word`'s intent ([] when `word` names no genre): 政策 gives
    措施, 举措 …, any of which a post may use for the same kind of text."""
    words = intent_words()
    own = words.get(word)
    if own is None or not own.genre:
        return []
    return [w for w, i in words.items() if i.genre and i.intent == own.intent and w != word]


# How each intent weighs the kinds of post (a factor on the score; kinds not named keep 1.0).
# Calls and registrations answer "how do I apply"; policy texts, their drafts and explainers
# answer "what measures"; a consultation asks for opinions, not applications (neutral there);
# digests and news only mention either. Every query slightly prefers a post about the topic
# to a digest listing it among twenty others. A stub (an image post: 一图读懂 a measure) is not
# ranked down: its title is all the text it has, and BM25 already scores it on that alone.
KIND_WEIGHTS: dict[str, dict[str, float]] = {
    APPLY: {
        "call": 1.6,
        "registration": 1.4,  # signing up for a fair, training or programme is applying too
        "announcement": 1.15,
        "publicity": 0.9,
        "digest": 0.6,
        "news": 0.85,
        "event": 0.8,
    },
    MEASURES: {
        "announcement": 1.3,
        "release": 1.2,
        "feature": 1.2,
        "consultation": 1.2,  # a draft of measures put out for comment is a policy text
        "digest": 0.6,
        "event": 0.8,
    },
}
DEFAULT_KIND_WEIGHTS = {"digest": 0.8}
# Posts made mostly of figures (monthly statistics) rank lower when measures are asked for:
# the share of digits among a post's characters above which a post reads as statistics.
FIGURES_SHARE = settings.number("search_figures_share")
FIGURES_WEIGHT = settings.number("search_figures_weight")


def kind_factors(kind: str, intents: Iterable[str], figures: float = 0.0) -> dict[str, float]:
    """The factors a post of `kind` (with `figures`, its share of digits) gets for these
    intents, by table: "kind" (every query's), one per intent, "figures" (a statistics post
    asked for measures). Kept apart so a ranking can weigh each table on its own
    (search/exponents.py); their product is the kind's weight."""
    out = {"kind": DEFAULT_KIND_WEIGHTS.get(kind, 1.0)}
    for intent in intents:
        out[intent] = KIND_WEIGHTS.get(intent, {}).get(kind, 1.0)
        if intent == MEASURES and figures > FIGURES_SHARE:
            out["figures"] = FIGURES_WEIGHT
    return out
