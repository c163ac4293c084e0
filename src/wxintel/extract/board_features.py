"""What the learned board model reads of a post: general features, none keyed to a labelled
post or account.

Character n-grams (1-3) of the title, of the sentences holding dates, and of the body's first
and last lines say how a post asks (请于…前报名, 截止时间) or reports (圆满结束, 同比增长)
in any account's wording; whether a deadline was found and what it is for, counts of the
action vocabularies and the post's length say the rest. The rules' own kind and rule name are
left out: with them, the model learned to repeat the rules (measured, docs/measured/facts.md).
"""

from __future__ import annotations

import math
import re

from wxintel.extract import reference_date
from wxintel.model import Article, Fact
from wxintel.nlp import gazetteer as gz
from wxintel.nlp.cndate import find_dates

# Sentences of the body read for their dates: enough for a notice's 申报时间 and 联系方式
# paragraphs, bounded so that a long report adds no more than a notice does.
_DATE_SENTENCES = 8
_SENTENCE_CHARS = 80
_LINE_CHARS = 60
# Vocabularies of doctype_words.txt counted in the body (how often a post asks, and for what).
_COUNTED = ("call_body", "call_title", "registration_title", "consultation_title",
            "held_title", "release_title", "event_title")  # fmt: skip
_SENTENCE_END = re.compile(r"[。！？!?\n]")


def board_features(article: Article, facts: list[Fact]) -> dict[str, float]:
    """The features of one post as name → value, given the facts read from it."""
    out: dict[str, float] = {}
    _ngrams(out, "t", [article.title])
    body = article.content
    lines = [line.strip() for line in body.splitlines() if line.strip()]
    if lines:
        _ngrams(out, "f", [lines[0][:_LINE_CHARS]])
        _ngrams(out, "l", [lines[-1][-_LINE_CHARS:]])
    _ngrams(out, "d", _date_sentences(article))
    stated = [f for f in facts if f.kind == "stated_deadline"]
    out["deadline"] = float(any(f.kind == "deadline" for f in facts))
    out["stated"] = math.log1p(len(stated))
    for fact in stated:
        out[f"for:{fact.value.get('for', '')}"] = 1.0
    for name in _COUNTED:
        found = gz.named_pattern("doctype_words.txt", name).findall(body)
        out[f"count:{name}"] = math.log1p(len(found))
    out["length"] = math.log10(len(body) + 10)
    out["bias"] = 1.0
    return out


def _ngrams(out: dict[str, float], field: str, texts: list[str]) -> None:
    """Character 1-3-grams of `texts` under `field`, each present once, scaled so that the
    field weighs the same (unit length) in a short title as in eight long sentences."""
    grams = {f"{field}:{t[at : at + n]}" for t in texts for n in (1, 2, 3)
             for at in range(len(t) - n + 1)}  # fmt: skip
    for gram in grams:
        out[gram] = 1 / math.sqrt(len(grams))


def _date_sentences(article: Article) -> list[str]:
    """The first sentences of the body that hold a date, each bounded in length."""
    ref = reference_date(article)
    text = article.content
    out: list[str] = []
    last_end = -1
    for span in find_dates(text, ref):
        if span.start < last_end:
            continue
        left = max(text.rfind(mark, 0, span.start) for mark in "。！？!?\n") + 1
        right = _SENTENCE_END.search(text, span.end)
        last_end = right.start() if right else len(text)
        sentence = text[left:last_end]
        out.append(sentence[:_SENTENCE_CHARS])
        if len(out) == _DATE_SENTENCES:
            break
    return out
