"""Does ask read the post that answers? Retrieval measured apart from reading and deciding.

For each answerable question: where the first passage of a labelled `support` post (or of a
repost or duplicate of it, which carries the same text) stands among the passages ask ranks,
where the post stands among the posts ask reads, and where it stands in a plain baseline's
ranking (BM25 over character bigrams of title and text, no lexicon, no aliases, the same
number of posts). A question whose post ask never reads is lost before any span or decision
rule is reached, so this is the ceiling every later stage works under; it needs no fitting.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from wxintel.ask.evidence import MIN_COVERAGE, POSTS, Reading, read_for
from wxintel.ask.extractive import PASSAGES_READ
from wxintel.link.reposts import cluster_of
from wxintel.search import SearchQuery
from wxintel.store.articles import duplicates, get, resolve

# The cut-offs reported: the first passage (what the rules answer from when it covers enough),
# the first five, and all ask reads (PASSAGES_READ passages; POSTS posts, the plain baseline
# given as many). Names of the per-account counts in `score_ask`'s rows, in report order.
FIELDS = (
    "passage_at_1",
    "passage_at_5",
    "passage_read",
    "post_at_1",
    "post_at_5",
    "post_read",
    "plain_at_1",
    "plain_at_5",
    "plain_read",
)


def answering(store: Any, support: Iterable[Iterable[str]]) -> set[tuple[str, str]]:
    """The (account, aid) of each labelled post and of every post carrying its text: the members
    of its repost cluster, the post it duplicates and the posts duplicating it (search shows
    one of a duplicate pair, ask reads the original)."""
    out = {(account, aid) for account, aid in support}
    for account, aid in list(out):
        for article in resolve(store, aid):
            if article.account == account:
                out |= _carrying(store, article)
    return out


def _carrying(store: Any, article: Any) -> set[tuple[str, str]]:
    """The (account, aid) of the posts carrying `article`'s text (`answering`); near-duplicates
    are left out, for an edited copy may not hold the answer."""
    cluster = cluster_of(store.conn, article.key)
    found = {(m["account"], m["id"]) for m in cluster["members"]} if cluster else set()
    found.update(
        (copy["account"], copy["id"])
        for copy in duplicates(store, article.key)
        if copy["relation"] == "duplicate"
    )
    if article.duplicate_of and (original := get(store, article.duplicate_of)):
        found.add((original.account, original.id))
    return found


def _first(ranked: Iterable[tuple[str, str]], wanted: set[tuple[str, str]]) -> int | None:
    """The 1-based rank of the first of `ranked` in `wanted`, else None."""
    return next((n for n, pair in enumerate(ranked, 1) if pair in wanted), None)


def ranks(
    store: Any,
    question: str,
    support: Iterable[Iterable[str]],
    plain: Callable[[str, int], list[tuple[str, str]]],
    scope: SearchQuery | None = None,
    holds: Callable[[str, str], bool] | None = None,
    reading: Reading | None = None,
) -> dict[str, Any]:
    """Where the answering post stands for `question`: `passage`, the rank of its first passage
    among every passage ask ranks (ask reads the first PASSAGES_READ), with that passage's
    `coverage`; `post`, its rank among the posts ask reads; `plain`, its rank among the posts
    the plain baseline ranks first (`plain(text, k)`). With `holds(text, published)` (the
    labelled answer is in the text, as the scorer reads it), also `answer`, the rank of the
    first passage of an answering post that holds the answer, and its `answer_coverage`. None
    where it is not there at all. `reading`, the question as ask read it (`read_for`), spares
    reading it again."""
    wanted = answering(store, support)
    _, retrieved, ranked = reading or read_for(store, question, scope)
    passage = _first(((p.post.account, p.post.id) for p in ranked), wanted)
    answer = None
    if holds is not None:
        answer = next(
            (
                n
                for n, p in enumerate(ranked, 1)
                if (p.post.account, p.post.id) in wanted and holds(p.text, p.post.published)
            ),
            None,
        )
    return {
        "passage": passage,
        "coverage": _coverage(ranked, passage),
        "answer": answer,
        "answer_coverage": _coverage(ranked, answer),
        "post": _first(((p.account, p.id) for p in retrieved.posts), wanted),
        "plain": _first(plain(question, POSTS), wanted),
    }


def _coverage(ranked: list[Any], rank: int | None) -> float | None:
    return round(ranked[rank - 1].coverage, 3) if rank else None


# Where an answerable question that was not answered right is lost (`lost_at`), in report order:
# before reading (no passage of its post, or of its answer, among those read), no passage of its
# post holding the labelled answer as the scorer reads it (a yes/no, a source, an answer in other
# words), the answer's passage read below the evidence bar (MIN_COVERAGE), or read at or above
# it (the span chosen or the decision to answer went wrong).
STAGES = ("lost_unread", "lost_no_label", "lost_below_bar", "lost_above_bar")


def lost_at(found: dict[str, Any]) -> str:
    """Which of STAGES a missed question's `ranks` (taken with `holds`) place it in."""
    answer = found.get("answer")
    if found["passage"] is None or found["passage"] > PASSAGES_READ:
        return "lost_unread"
    if answer is None:
        return "lost_no_label"
    if answer > PASSAGES_READ:
        return "lost_unread"
    return "lost_below_bar" if found["answer_coverage"] < MIN_COVERAGE else "lost_above_bar"


def counted(found: dict[str, Any]) -> dict[str, int]:
    """One question's `ranks` as the counts of FIELDS (1 where the post stands within the
    cut-off)."""

    def within(rank: int | None, cut: int) -> int:
        return int(rank is not None and rank <= cut)

    passage, post, plain = found["passage"], found["post"], found["plain"]
    return {
        "passage_at_1": within(passage, 1),
        "passage_at_5": within(passage, 5),
        "passage_read": within(passage, PASSAGES_READ),
        "post_at_1": within(post, 1),
        "post_at_5": within(post, 5),
        "post_read": int(post is not None),
        "plain_at_1": within(plain, 1),
        "plain_at_5": within(plain, 5),
        "plain_read": within(plain, POSTS),
    }


def read_once(store: Any, scope: SearchQuery | None = None) -> Callable[[str], Reading]:
    """`read_for` with the last question's reading kept: the eval answers a question and then
    ranks its posts, and both start from the same reading."""
    kept: dict[str, Reading] = {}

    def read(question: str) -> Reading:
        if question not in kept:
            kept.clear()
            kept[question] = read_for(store, question, scope)
        return kept[question]

    return read


def plain_baseline(store: Any) -> Callable[[str, int], list[tuple[str, str]]]:
    """The plain retrieval baseline over every post of `store`: (account, aid) of the top k by
    BM25 over character bigrams (evaluation.search's `bm25_bigrams`), built on first use."""
    from wxintel.evaluation.search import BaselineBM25
    from wxintel.nlp.segment import bigrams

    built: list[BaselineBM25] = []

    def ranked(question: str, k: int) -> list[tuple[str, str]]:
        if not built:
            built.append(BaselineBM25(store.search_docs(), bigrams))
        return built[0].ranked(question, k)

    return ranked
