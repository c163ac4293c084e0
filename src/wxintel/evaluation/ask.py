"""Scoring `ask` against labelled questions: answered right with a right citation, refused right.

The baseline is plain retrieval with no reading: the top search hit's sentence holding the most
question words, taken as the answer (it never refuses). It is scored leniently (the short
answer anywhere in that sentence counts), so wxintel must beat it while being held to a short
span.
"""

from __future__ import annotations

import math
import re
import time
import unicodedata
from collections.abc import Callable
from datetime import date
from typing import Any

from wxintel import dates
from wxintel.ask.evidence import POSTS
from wxintel.ask.extractive import PASSAGES_READ
from wxintel.ask.model import Answer
from wxintel.ask.question import TYPES, ordinal_value
from wxintel.ask.spans import squeeze
from wxintel.evaluation.ask_retrieval import FIELDS as RETRIEVAL_FIELDS
from wxintel.evaluation.ask_retrieval import STAGES, counted, lost_at
from wxintel.evaluation.labels import LabelsError, day, kind_of, other_kind, require, text
from wxintel.extract.contacts import LIST_MARKS, phone_lists
from wxintel.nlp.cndate import find_dates
from wxintel.search.model import SearchQuery

LABELS_SHAPE = (
    '{"as_of": "2025-10-15" (optional), "questions": [{"id": "q01", "account": "…",'
    ' "question": "…", "answer": "2025-10-30" | null, "type": "deadline",'
    ' "support": [["account", "aid"], …]}, …]}'
)
SHORT_SLACK = 8  # characters an answer may carry beyond the labelled one (units, 前, a time)


def check_labels(data: Any) -> dict[str, Any]:
    """`data` when it is a set of labelled questions, else LabelsError naming the bad field."""
    if not isinstance(data, dict) or not isinstance(data.get("questions"), list):
        raise LabelsError(
            f"labels must be an object with a list of questions{other_kind(data)};"
            f" expected {LABELS_SHAPE}, not {kind_of(data)}"
        )
    require(bool(data["questions"]), "questions", "a non-empty list", None)
    day('"as_of"', data.get("as_of"))
    for i, item in enumerate(data["questions"]):
        where = f"questions[{i}]"
        require(isinstance(item, dict), where, "an object", item)
        require(text(item.get("question")), f"{where}.question", "a question", item.get("question"))
        require(
            text(item.get("account")), f"{where}.account", "an account name", item.get("account")
        )
        require(
            item.get("type") in TYPES,
            f"{where}.type",
            f"one of {', '.join(TYPES)}",
            item.get("type"),
        )
        answer = item.get("answer")
        require(answer is None or text(answer), f"{where}.answer", "a string or null", answer)
        support = item.get("support")
        require(isinstance(support, list), f"{where}.support", "a list of [account, aid]", support)
        require(
            answer is None or bool(support), f"{where}.support", "non-empty for an answer", support
        )
        for pair in support:
            ok = isinstance(pair, list) and len(pair) == 2 and all(text(p) for p in pair)
            require(ok, f"{where}.support", "a list of [account, aid] pairs", pair)
    return data


def _day(published: str) -> date:
    return dates.day_of(published) or dates.today()


def _numbers(answer: str) -> set[int]:
    found = {int(float(n)) for n in re.findall(r"\d+(?:\.\d+)?", answer.replace(",", ""))}
    for written in re.findall(r"[一二两三四五六七八九十百]+", answer):
        try:
            found.add(ordinal_value(written.replace("两", "二")))
        except (KeyError, ValueError):
            continue
    return found


def right_answer(item: dict[str, Any], answer: str, published: str, lenient: bool = False) -> bool:
    """Whether `answer` says the labelled answer: the same day for dates, the same number for
    counts, the labelled text otherwise; short (not a whole passage) unless `lenient`."""
    gold = item["answer"]
    extra = len(squeeze(answer)) - len(squeeze(gold))
    if item["type"] in ("deadline", "date"):
        spans = find_dates(answer, _day(published))
        ok = any(str(s.value)[:10] == gold[:10] for s in spans)
        # a date as the post writes it (2025年7月9日（星期三）17:00) is one span, not a passage
        extra = len(squeeze(answer)) - sum(len(squeeze(s.text)) for s in spans)
    elif item["type"] == "count":
        ok = gold.isdigit() and int(gold) in _numbers(answer)
    elif item["type"] == "yes_no":
        ok = answer.strip() == gold if not lenient else False
    else:
        ok = squeeze(gold) in squeeze(answer)
        if item["type"] == "contact" and (listed := _phone_list(answer)):
            # the numbers a post gives for one role, answered together, name the labelled ones
            wanted = _phone_list(gold) or [squeeze(gold)]
            within = [[len(p) - len(w) for p in listed if w in p] for w in wanted]
            ok = all(within)
            extra = max((min(e) for e in within if e), default=extra)
    return ok and (lenient or extra <= SHORT_SLACK)


def _phone_list(answer: str) -> list[str]:
    """The squeezed numbers of `answer` when it is wholly one list of two or more phones joined by
    the marks a notice lists them with (`contacts.phone_lists`), else []."""
    text = answer.strip()
    asked = "电话：" + text  # the question asked for numbers: read them as a labelled line is
    if [(len(asked) - len(text), len(asked))] != phone_lists(asked):
        return []
    return [squeeze(part) for part in re.split(f"[{re.escape(LIST_MARKS)}]", text) if part.strip()]


def answered_right(item: dict[str, Any], got: Answer, lenient: bool = False) -> bool:
    """`got` answers the labelled question right, its first citation a post of `support`."""
    if got.refused or not got.citations:
        return False
    first = got.citations[0]
    return [first.account, first.id] in item["support"] and right_answer(
        item, got.answer or "", first.published, lenient=lenient
    )


def p95(values: list[float]) -> float:
    """The 95th percentile (nearest rank)."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)] if ordered else 0.0


def score_ask(
    labels: dict[str, Any],
    ours: Callable[[str], Answer],
    baseline: Callable[[str], tuple[str, str, str, str] | None],
    mode: str = "extractive",
    retrieval: Callable[[dict[str, Any]], dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """Per account and overall: answerable questions answered right with a right citation,
    unanswerable ones refused, wrong answers given; the baseline beside; latency. With
    `retrieval` (`ask_retrieval.ranks` of a labelled item), also where each answerable
    question's labelled post stands among what ask reads and what a plain baseline ranks
    (`ask_retrieval.FIELDS` in each row, the ranks in each question's details).

    In "llm" mode the answer is a written sentence, so it is judged as the baseline is (the
    short answer anywhere in it); answers that fell back to extractive (endpoint down) are
    counted, so a figure is never an LLM figure by accident."""
    lenient = mode == "llm"
    rows: dict[str, dict[str, Any]] = {}
    timings: list[float] = []
    details = []
    fell_back = 0
    for item in labels["questions"]:
        began = time.perf_counter()
        got = ours(item["question"])
        timings.append((time.perf_counter() - began) * 1000)
        fell_back += got.mode != mode
        support = {tuple(p) for p in item["support"]}
        row = rows.setdefault(item["account"], _empty(retrieval is not None))
        base = baseline(item["question"])
        if item["answer"] is None:
            row["unanswerable"] += 1
            row["refused_right"] += got.refused
            row["baseline_refused_right"] += base is None
            verdict = "refused" if got.refused else "answered (should refuse)"
        else:
            row["answerable"] += 1
            right = answered_right(item, got, lenient=lenient)
            row["right"] += right
            row["wrong"] += not got.refused and not right
            if base is not None:
                account, aid, published, sentence = base
                row["baseline_right"] += (account, aid) in support and right_answer(
                    item, sentence, published, lenient=True
                )
            verdict = "right" if right else ("refused" if got.refused else "wrong")
        detail = {"id": item["id"], "verdict": verdict, "answer": got.answer, "mode": got.mode}
        if retrieval is not None and item["answer"] is not None:
            detail["retrieval"] = found = retrieval(item)
            for name, value in counted(found).items():
                row[name] += value
            if verdict != "right":
                row[lost_at(found)] += 1
        details.append(detail)
    overall = _empty(retrieval is not None)
    for row in rows.values():
        for name, value in row.items():
            overall[name] += value
    return {
        "accounts": {name: _rates(row) for name, row in sorted(rows.items())},
        "overall": _rates(overall),
        "latency_ms": {"p50": round(_median(timings), 1), "p95": round(p95(timings), 1)},
        "mode": mode,
        "as_of": labels.get("as_of"),
        "fell_back": fell_back,
        "questions": details,
    }


def _empty(retrieval: bool = False) -> dict[str, int]:
    names = ("answerable", "right", "wrong", "baseline_right", "unanswerable", "refused_right")
    extra = (*RETRIEVAL_FIELDS, *STAGES) if retrieval else ()
    return dict.fromkeys((*names, "baseline_refused_right", *extra), 0)


def _rates(row: dict[str, int]) -> dict[str, Any]:
    share = lambda part, whole: round(part / whole, 3) if whole else None  # noqa: E731
    return {
        **row,
        "answered_right": share(row["right"], row["answerable"]),
        "baseline_answered_right": share(row["baseline_right"], row["answerable"]),
        "refused_right_share": share(row["refused_right"], row["unanswerable"]),
        "baseline_refused_right_share": share(row["baseline_refused_right"], row["unanswerable"]),
    }


def _median(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[len(ordered) // 2] if ordered else 0.0


def _pad(text: str, width: int) -> str:
    """`text` padded to `width` terminal columns (a Chinese character takes two)."""
    columns = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
    return text + " " * max(0, width - columns)


def format_report(scores: dict[str, Any]) -> str:
    """A plain-text table: one line per account, then overall, then latency."""

    def cell(row: dict[str, Any], part: str, whole: str) -> str:
        return f"{row[part]}/{row[whole]}" if row[whole] else "-"

    lines = [
        f"{'account':<14} {'right+cited':>12} {'baseline':>9} {'wrong':>6} {'refused':>8}"
        f" {'baseline':>9}"
    ]
    for name, row in [*scores["accounts"].items(), ("overall", scores["overall"])]:
        lines.append(
            f"{_pad(name, 14)} {cell(row, 'right', 'answerable'):>12}"
            f" {cell(row, 'baseline_right', 'answerable'):>9} {row['wrong']:>6}"
            f" {cell(row, 'refused_right', 'unanswerable'):>8}"
            f" {cell(row, 'baseline_refused_right', 'unanswerable'):>9}"
        )
    o = scores["overall"]
    if "passage_at_1" in o:
        lines.extend(retrieval_lines([*scores["accounts"].items(), ("overall", o)]))
    lines.append(
        f"answered right with a right citation: {o['answered_right']}"
        f" (baseline {o['baseline_answered_right']}, the top hit's best sentence, lenient);"
        f" refused right: {o['refused_right_share']}"
    )
    lines.append(
        f"latency per question: p50 {scores['latency_ms']['p50']} ms,"
        f" p95 {scores['latency_ms']['p95']} ms"
    )
    if scores.get("as_of"):
        lines.append(f"date words (去年, 上个月) counted from the set's as_of: {scores['as_of']}")
    if scores.get("mode") == "llm":
        lines.append(
            "mode: llm (written answers judged leniently: the short answer anywhere in them);"
            f" {scores['fell_back']} answer(s) given without the model (endpoint failed or"
            " nothing retrieved)"
        )
    return "\n".join(lines)


def retrieval_lines(rows: list[tuple[str, dict[str, Any]]]) -> list[str]:
    """The retrieval table (`ask_retrieval`): per account and overall, how many answerable
    questions have their labelled post's first passage first, within 5 and among the passages
    ask reads; the post among ask's first 1, 5 and all posts read; among the plain baseline's
    (BM25 over character bigrams) first 1, 5 and as many posts as ask reads."""
    cuts = ("@1", "@5", f"@{PASSAGES_READ}", "@1", "@5", "read", "@1", "@5", f"@{POSTS}")
    lines = [
        "retrieval (answerable: a labelled post or its repost among what is read)",
        f"{'':<14} {'ask passages':<20} {'ask posts':<20} plain BM25 (bigrams)",
        f"{'account':<14}" + "".join(f" {c:>6}" for c in cuts),
    ]
    for name, row in rows:
        if row["answerable"]:
            cells = [f"{row[f]}/{row['answerable']}" for f in RETRIEVAL_FIELDS]
            lines.append(_pad(name, 14) + "".join(f" {c:>6}" for c in cells))
    o = rows[-1][1]
    lost = o["answerable"] - o["right"]
    lines.append(
        f"answerable not answered right: {lost}; lost before reading {o['lost_unread']},"
        f" label in no passage of the post {o['lost_no_label']};"
    )
    lines.append(
        f"the answer's passage read below the evidence bar {o['lost_below_bar']},"
        f" at or above it (the span or the decision) {o['lost_above_bar']}"
    )
    return lines


def baseline_answer(
    store: Any, question: str, scope: SearchQuery | None = None
) -> tuple[str, str, str, str] | None:
    """The baseline: (account, aid, published, sentence) of the top search hit's sentence with
    the most question words (within `scope`, as wxintel's answer is); None when the search
    finds nothing."""
    from wxintel.ask.evidence import passages, retrieve
    from wxintel.ask.question import read_question

    read = read_question(question)
    found = passages(read, retrieve(store, read, limit=1, scope=scope))
    if not found:
        return None
    best = max(found, key=lambda p: p.local)  # its own words only, as a plain reader sees it
    return best.post.account, best.post.id, best.post.published, best.text
