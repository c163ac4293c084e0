"""Scoring notice extraction against a labelled set (eval/notices_*.json).

Each labelled field is scored as precision/recall/F1 over items: single values (deadline,
period, signed, reprinted_from, stub) count a hit when exactly equal; lists (phones, e-mails …)
are compared as sets; attachments by count. A field an item does not label is expected empty,
except attachments and table, which are scored only where labelled.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from wxintel.evaluation.labels import (
    LabelsError,
    kind_of,
    other_kind,
    require,
    text,
    whole_number,
)
from wxintel.extract.doctype import NOTICE_KINDS
from wxintel.model import Article, Enrichment

Lookup = Callable[[str], tuple[Article, Enrichment] | None]

SCALAR_FIELDS = ("deadline", "period", "signed", "reprinted_from", "stub")
SET_FIELDS = {
    "issuers": "issuer",
    "phones": "phone",
    "emails": "email",
    "doc_numbers": "doc_number",
    "urls": "url",
}


LABELS_SHAPE = (
    '{"items": [{"aid": "2650689428_2", "kind": "call", "deadline": "2025-10-30", …}, …],'
    ' "non_notices_sample": ["2650689828_1", …]}'
)


def check_labels(labels: Any) -> dict[str, Any]:
    """`labels` when it holds at least one labelled article of the right shape, else LabelsError."""
    if not isinstance(labels, dict):
        raise LabelsError(
            f"notice labels must be an object, not {kind_of(labels)}; expected {LABELS_SHAPE}"
        )
    items = labels.get("items", [])
    aids = labels.get("non_notices_sample", [])
    require(isinstance(items, list), '"items"', "a list of labelled notices", items)
    require(isinstance(aids, list), '"non_notices_sample"', "a list of aids", aids)
    if not items and not aids:
        raise LabelsError(
            f"no labelled notices{other_kind(labels)}: nothing to score; expected {LABELS_SHAPE}"
        )
    for n, item in enumerate(items):
        _check_item(item, f"items[{n}]")
    for n, aid in enumerate(aids):
        require(text(aid), f"non_notices_sample[{n}]", "an aid", aid)
    return labels


def _check_item(item: Any, where: str) -> None:
    require(isinstance(item, dict), where, 'an object with "aid" and "kind"', item)
    require(text(item.get("aid")), f"{where}.aid", "the article's aid", item.get("aid"))
    require(text(item.get("kind")), f"{where}.kind", "a kind (call, publicity …)", item.get("kind"))
    for field in [*SET_FIELDS, "contacts"]:
        if field in item:
            require(isinstance(item[field], list), f"{where}.{field}", "a list", item[field])
    if "attachments" in item:
        count = item["attachments"]
        require(whole_number(count), f"{where}.attachments", "a count", count)
    if "table" in item:
        table = item["table"]
        shaped = isinstance(table, dict) and isinstance(table.get("columns"), list)
        require(
            shaped and whole_number(table.get("rows")),
            f"{where}.table",
            'an object {"columns": [...], "rows": count}',
            table,
        )


@dataclass
class Tally:
    """True positives, false positives and false negatives of one field."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, predicted: set[Any], gold: set[Any]) -> None:
        self.tp += len(predicted & gold)
        self.fp += len(predicted - gold)
        self.fn += len(gold - predicted)

    def scores(self) -> dict[str, float | int]:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        return {"precision": p, "recall": r, "f1": f1, "tp": self.tp, "fp": self.fp, "fn": self.fn}


def _first(enrichment: Enrichment, kind: str) -> Any:
    return next((f.value for f in enrichment.facts if f.kind == kind), None)


def _predicted_scalar(field: str, article: Article, enrichment: Enrichment) -> Any:
    if field == "reprinted_from":
        return article.reprinted_from or None
    if field == "stub":
        return True if article.is_stub else None
    value = _first(enrichment, field)
    return list(value) if isinstance(value, tuple) else value


def _name(value: str) -> str:
    return re.sub(r"\s+", "", value)


def _predicted_set(field: str, enrichment: Enrichment) -> set[str]:
    if field == "contacts":
        return {_name(f.value["name"]) for f in enrichment.facts if f.kind == "contact"}
    return {str(f.value) for f in enrichment.facts if f.kind == SET_FIELDS[field]}


def _as_key(value: Any) -> Any:
    return tuple(value) if isinstance(value, list) else value


def score_extract(labels: dict, lookup: Lookup) -> dict:
    """Per-field precision/recall/F1, kind accuracy, and the non-notice check."""
    check_labels(labels)
    fields = [*SCALAR_FIELDS, *SET_FIELDS, "contacts", "attachments", "table"]
    tallies = {name: Tally() for name in ["kind", *fields]}
    misses: list[dict[str, Any]] = []
    for item in labels.get("items", []):
        found = lookup(item["aid"])
        if found is None:
            misses.append({"aid": item["aid"], "field": "article", "gold": "present"})
            for name, tally in tallies.items():
                if name == "kind" or name in item:
                    tally.fn += 1
            continue
        article, enrichment = found
        _score_item(item, article, enrichment, tallies, misses)
    non_notice = _non_notices(labels.get("non_notices_sample", []), lookup, misses)
    report: dict[str, Any] = {name: t.scores() for name, t in tallies.items()}
    report["kind_accuracy"] = _accuracy(tallies["kind"])
    report["non_notices"] = non_notice
    report["errors"] = misses
    return report


def _score_item(
    item: dict, article: Article, enrichment: Enrichment, tallies: dict[str, Tally], misses: list
) -> None:
    def record(field: str, predicted: set[Any], gold: set[Any]) -> None:
        tallies[field].add(predicted, gold)
        if predicted != gold:
            misses.append({"aid": item["aid"], "field": field, "gold": sorted(map(str, gold)),
                           "predicted": sorted(map(str, predicted))})  # fmt: skip

    record("kind", {enrichment.kind}, {item["kind"]})
    for field in SCALAR_FIELDS:
        predicted = _predicted_scalar(field, article, enrichment)
        gold = item.get(field)
        record(field, {_as_key(predicted)} - {None}, {_as_key(gold)} - {None})
    for field in [*SET_FIELDS, "contacts"]:
        gold = {_name(str(v)) if field == "contacts" else str(v) for v in item.get(field, [])}
        record(field, _predicted_set(field, enrichment), gold)
    if "attachments" in item:
        count = sum(1 for f in enrichment.facts if f.kind == "attachment")
        gold_count = int(item["attachments"])
        tallies["attachments"].tp += min(count, gold_count)
        tallies["attachments"].fp += max(0, count - gold_count)
        tallies["attachments"].fn += max(0, gold_count - count)
        if count != gold_count:
            misses.append({"aid": item["aid"], "field": "attachments", "gold": gold_count,
                           "predicted": count})  # fmt: skip
    if "table" in item:
        record("table", _table_shapes(enrichment), {_gold_table(item["table"])})


def _table_shapes(enrichment: Enrichment) -> set[tuple[tuple[str, ...], int]]:
    return {(tuple(t.columns), len(t.rows)) for t in enrichment.tables}


def _gold_table(table: dict) -> tuple[tuple[str, ...], int]:
    return tuple(table["columns"]), int(table["rows"])


def _non_notices(aids: list[str], lookup: Lookup, misses: list) -> dict[str, Any]:
    """Articles that are not notices must not be classified as one."""
    right = 0
    for aid in aids:
        found = lookup(aid)
        kind = found[1].kind if found else None
        if found and kind not in NOTICE_KINDS:
            right += 1
        else:
            misses.append({"aid": aid, "field": "non_notice_kind", "predicted": kind})
    return {"correct": right, "total": len(aids), "accuracy": right / len(aids) if aids else None}


def _accuracy(tally: Tally) -> float | None:
    """Right kinds over labelled items; None (not 1.0) when no item is labelled."""
    total = tally.tp + tally.fn
    return tally.tp / total if total else None


def format_report(scores: dict) -> str:
    """A fixed-width table of the per-field scores, then the non-notice check and errors."""
    lines = [f"{'field':<16}{'P':>7}{'R':>7}{'F1':>7}{'tp':>5}{'fp':>5}{'fn':>5}"]
    for field, s in scores.items():
        if not isinstance(s, dict) or "precision" not in s:
            continue
        lines.append(
            f"{field:<16}{s['precision']:>7.3f}{s['recall']:>7.3f}{s['f1']:>7.3f}"
            f"{s['tp']:>5}{s['fp']:>5}{s['fn']:>5}"
        )
    accuracy = scores["kind_accuracy"]
    lines.append(f"kind accuracy   {'n/a' if accuracy is None else f'{accuracy:.3f}'}")
    nn = scores["non_notices"]
    lines.append(f"non-notices     {nn['correct']}/{nn['total']} not classified as a notice")
    for error in scores["errors"]:
        lines.append(f"  miss {error}")
    return "\n".join(lines)
