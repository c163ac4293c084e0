"""The candidates of a post's final deadline and their features, for the learned chooser
(extract/deadline_choice.py): every date from publication on that does not open a window, in the
body and in the title, and every deadline the rules state, each described by general evidence
(the characters around it, whether the rules stated it and for whom, its place among the post's
dates).

It reads the rules' output facts (`deadline`, `stated_deadline`) rather than their internals,
so scripts/train_deadline_model.py can compute the same features with the rules of an older
commit: the rules as they were before each labelled set was fitted, which is how they meet an
account nobody has labelled.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import NamedTuple

from wxintel.model import Fact
from wxintel.nlp import gazetteer as gz
from wxintel.nlp.cndate import DateSpan, find_dates

# Characters of context: a label before ("报名截止时间："), a mark after ("前"); the shipped
# model's fixed width, the better held-out of the two pairs scored (docs/measured/facts.md).
LEFT, RIGHT = 24, 14
NGRAMS = (1, 2, 3)
TITLE = 40  # a title's first characters: what it is (通知, 报名, 公示) comes early
# Where the right context stops: the date's clause is over at a full stop or a line break.
_CONTEXT_END = re.compile(r"[。！？!?\n]")
# Days after publication, bucketed: a deadline is usually weeks ahead, a condition or a policy
# horizon months or years.
_AHEAD = (0, 3, 10, 30, 90, 180, 400)


@cache
def stages() -> frozenset[str]:
    """The labels that name only an intermediary's stage (deadline_intermediaries.txt's canonical
    names, less those deadline_purposes.txt also holds), the `stages` of `candidates`: read here
    so the pipeline and the training script share them. 推荐 heads both files (another body's
    stage, and the applicant's own step: 请各单位于10月30日前完成推荐), so a date the rules label
    推荐 stays `rule:for=推荐`, as data/deadline_model.txt was trained (at ac9f06b)."""
    purposes = {group[0] for group in gz.read_groups("deadline_purposes.txt")}
    return intermediary_labels() - purposes


@cache
def intermediary_labels() -> frozenset[str]:
    """Every label of deadline_intermediaries.txt: who a stage may be for, 推荐 included."""
    return frozenset(group[0] for group in gz.read_groups("deadline_intermediaries.txt"))


@dataclass(frozen=True)
class Candidate:
    """One date that may be the final deadline: where it is (in the title when `in_title`, else
    in the body), its value, its features, and what the rules stated it is for (None when they
    did not state it)."""

    start: int
    end: int
    text: str
    iso: str
    features: dict[str, float]
    stated_for: str | None
    in_title: bool = False


def candidates(
    text: str,
    ref: date,
    dates: Sequence[DateSpan],
    facts: Sequence[Fact],
    stages: frozenset[str],
    title: str = "",
    width: tuple[int, int] = (LEFT, RIGHT),
    title_dates: Sequence[DateSpan] | None = None,
) -> list[Candidate]:
    """The candidates of a cleaned text: `dates` are its dates, `facts` the rules' deadline facts
    of its body, `stages` the labels of intermediaries' stages (deadline_intermediaries.txt),
    `width` the characters of context read before and after a date (the training script tries
    several; the shipped model reads LEFT, RIGHT), `title_dates` the title's dates when the
    caller has found them already (else found here).
    The title's character pairs are features of every candidate: the same for all of a post's
    dates, they say how likely the post asks for anything by a date at all. The title's own
    dates are candidates too (`_title_candidates`): a call may state its deadline only there
    ("…的通知（申报截止：12月5日）") while its body dates a stage or an event."""
    stated = {
        (f.start, f.end): f
        for f in facts
        if f.kind == "stated_deadline" and f.value.get("at") and f.end > f.start
    }
    final = next((f for f in facts if f.kind == "deadline" and f.end > f.start), None)
    openers = {d.range_start for d in dates if d.is_range_end}
    # a stated deadline's value may say the day before the date written ("10日前（不含当日）")
    mentions = [
        _Mention(d.start, d.end, d.text, _stated_at(stated, d) or d.iso, d)
        for n, d in enumerate(dates)
        if n not in openers
    ]
    written = {(m.start, m.end) for m in mentions}
    # counted deadlines ("发布之日起10个工作日内") have the count's span, not a date's
    mentions += [
        _Mention(s, e, f.text, f.value["at"], None)
        for (s, e), f in stated.items()
        if (s, e) not in written
    ]
    mentions = [m for m in mentions if _day(m.iso) >= ref]
    keys = sorted({_key(m.iso) for m in mentions})
    if title_dates is None:
        title_dates = find_dates(title, ref)
    in_title = {d.iso for d in title_dates}
    stated_keys = sorted(_key(f.value["at"]) for f in stated.values())
    found = []
    post = {gram: 1.0 for gram in _ngrams("T", title[:TITLE], (2,))}
    for m in mentions:
        features = post | _context(text, m.start, m.end, width) | _placing(ref, m.iso, m.span, keys)
        fact = stated.get((m.start, m.end))
        label = fact.value.get("for", "") if fact is not None else None
        if label is not None:
            features["rule:stated"] = 1.0
            features["rule:stage" if label in stages else "rule:for=" + label] = 1.0
            if _key(m.iso) == stated_keys[-1]:
                features["rule:latest_stated"] = 1.0
        elif not stated:
            features["rule:none"] = 1.0
        if final is not None and (final.start, final.end) == (m.start, m.end):
            features["rule:final"] = 1.0
        if m.iso in in_title:
            features["in_title_too"] = 1.0
        found.append(Candidate(m.start, m.end, m.text, m.iso, features, label))
    return found + _title_candidates(title, ref, title_dates, facts, found, keys, post, width)


def _title_candidates(
    title: str,
    ref: date,
    dates: Sequence[DateSpan],
    facts: Sequence[Fact],
    body: list[Candidate],
    keys: list[str],
    post: dict[str, float],
    width: tuple[int, int],
) -> list[Candidate]:
    """The title's dates from publication on that the body does not write (`body`: its
    candidates, `keys`: their dates' sorted keys), described as the body's are (their
    characters around, in the title, and `post`, the title's character pairs every candidate
    carries), with the rules' reading of the title (`facts` holding its stated deadlines,
    "from": "title") and a mark that they stand there."""
    openers = {d.range_start for d in dates if d.is_range_end}
    said = {
        f.value["at"]: f
        for f in facts
        if f.kind == "stated_deadline" and f.value.get("from") == "title" and f.value.get("at")
    }
    final = next((f for f in facts if f.kind == "deadline" and f.end <= f.start), None)
    body_stated = any(c.stated_for is not None for c in body)
    body_days = {c.iso for c in body}
    found = []
    for n, d in enumerate(dates):
        if n in openers or d.iso in body_days or _day(d.iso) < ref:
            continue
        ranked = sorted({*keys, _key(d.iso)})
        features = post | _context(title, d.start, d.end, width) | _placing(ref, d.iso, d, ranked)
        features["in_title"] = 1.0
        fact = said.get(d.iso)
        label = fact.value.get("for", "") if fact is not None else None
        if label is not None:
            features["rule:stated"] = 1.0
            features["rule:for=" + label] = 1.0
        elif not body_stated:
            features["rule:none"] = 1.0
        if final is not None and not body_stated and final.value == d.iso:
            features["rule:final"] = 1.0
        found.append(Candidate(d.start, d.end, d.text, d.iso, features, label, in_title=True))
    return found


class _Mention(NamedTuple):
    """A date as written (`span`; None for a count of days) and the value it stands for."""

    start: int
    end: int
    text: str
    iso: str
    span: DateSpan | None


def _stated_at(stated: dict[tuple[int, int], Fact], span: DateSpan) -> str:
    fact = stated.get((span.start, span.end))
    return fact.value["at"] if fact is not None else ""


def _placing(ref: date, iso: str, span: DateSpan | None, keys: list[str]) -> dict[str, float]:
    """How far after publication, with a time or not, a window's end, its rank by date."""
    days = (_day(iso) - ref).days
    features = {"bias": 1.0, "ahead:" + next((str(e) for e in _AHEAD if days <= e), "far"): 1.0}
    if "T" in iso:
        features["time"] = 1.0
    if span is None:
        features["counted"] = 1.0
    elif span.is_range_end:
        features["range_end"] = 1.0
    if span is not None and not span.has_year:
        features["no_year"] = 1.0
    rank = len(keys) - 1 - keys.index(_key(iso))
    features[f"rank_desc:{min(rank, 3)}"] = 1.0
    if rank == len(keys) - 1:
        features["earliest"] = 1.0
    if len(keys) == 1:
        features["only"] = 1.0
    return features


def _context(text: str, start: int, end: int, width: tuple[int, int]) -> dict[str, float]:
    """Character n-grams of the words just before the date on its line and just after it in its
    clause, and whether the date opens its line (a table's cell, a list's row)."""
    line_start = text.rfind("\n", 0, start) + 1
    left = text[max(line_start, start - width[0]) : start]
    stop = _CONTEXT_END.search(text, end)
    right = text[end : min(end + width[1], stop.start() if stop else len(text))]
    features = {gram: 1.0 for gram in [*_ngrams("L", left), *_ngrams("R", right)]}
    if not text[line_start:start].strip():
        features["opens_line"] = 1.0
    return features


def _ngrams(side: str, context: str, sizes: tuple[int, ...] = NGRAMS) -> list[str]:
    return [f"{side}{n}:{context[i : i + n]}" for n in sizes for i in range(len(context) - n + 1)]


def _day(iso: str) -> date:
    return date.fromisoformat(iso[:10])


def _key(iso: str) -> str:
    """Dates compared as date-times: a day without a time closes at its end."""
    return iso if "T" in iso else iso + "T23:59"
