"""A learned board model measured on data it was not fitted to, beside the rules (#11).

Examples are the action sets' items (labelled call, registration or consultation) and
non-calls (off every board); the model is a logistic regression (nlp/learn.py) over
extract/board_features.py. Folds: each made-up stress set is scored by a model trained on
every other set (leave-one-set-out); the real posts of the dev sets, pooled, are scored
account by account by a model trained on everything but that account's posts
(leave-one-account-out). Each fold shows the rules alone, the rules with the model's second
opinion (a post the rules put on the board taken off when the model is sure enough, the
threshold chosen on the other folds only), and the model alone, in the same run.

Measured at its first run, the second opinion moved one non-call off and one item off; the
model is not joined to `enrich` (docs/measured/facts.md). This command is how a later
feature or label set is tried.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from wxintel.evaluation.extract import check_action_labels, written_articles
from wxintel.extract.board_features import board_features
from wxintel.extract.doctype import classify
from wxintel.model import ACTION_KINDS, Article
from wxintel.nlp import learn

OFF = "off"  # the model's class for a post that is on no board
CLASSES = (*ACTION_KINDS, OFF)
# How sure the model must be that a post the rules put on the board asks nothing: each fold's
# threshold is the one of these that did best on the other folds (1.01: never; ties go to the
# surer), so the threshold is not fitted to the fold it is scored on.
THRESHOLDS = (0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.95, 1.01)
ArticleLookup = Callable[[str, str], Article | None]


@dataclass
class Example:
    """One labelled post: its fold, label, the rules' kind and the model's features."""

    fold: str  # a stress set's name, or "account:<name>" for a real post
    account: str
    aid: str
    label: str  # call, registration, consultation, or off
    rules: str  # the kind the rules give
    article: Article
    features: dict[str, float]
    rule: str = ""  # the rule that gave it (scripts/board_model.py's feature)


def examples(sets: Sequence[tuple[str, dict[str, Any]]], lookup: ArticleLookup) -> list[Example]:
    """The labelled posts of every (name, labels) set; a set whose posts all carry their own
    text is one fold, the stored posts fold by account. A post not found is skipped."""
    from wxintel.extract import read_facts

    out: list[Example] = []
    for name, labels in sets:
        check_action_labels(labels)
        written = written_articles(labels)
        pointers = [*labels.get("items", []), *labels.get("non_calls", [])]
        made_up = all("text" in item for item in pointers)
        labelled = [(i, i["kind"]) for i in labels.get("items", []) if "kind" in i]
        labelled += [(i, OFF) for i in labels.get("non_calls", [])]
        for item, label in labelled:
            key = (item["account"], item["aid"])
            article = written.get(key) or lookup(*key)
            if article is None:
                continue
            facts = read_facts(article)
            rules, rule = classify(article, facts)
            fold = name if made_up else f"account:{item['account']}"
            out.append(Example(fold, key[0], key[1], label, rules, article,
                               board_features(article, facts), rule))  # fmt: skip
    return out


def fit(train: Sequence[Example]) -> learn.Model:
    """The model trained on `train`, with the settings every fold shares."""
    return learn.train([e.features for e in train], [e.label for e in train], CLASSES)


Scored = list[tuple[Example, dict[str, float]]]


def cross_validate(data: Sequence[Example]) -> dict[str, Scored]:
    """Per fold, each held-out example with the class probabilities of a model trained on
    every other fold."""
    out: dict[str, Scored] = {}
    for fold in dict.fromkeys(e.fold for e in data):
        model = fit([e for e in data if e.fold != fold])
        out[fold] = [(e, model.probabilities(e.features)) for e in data if e.fold == fold]
    return out


def _decide(example: Example, probs: dict[str, float], how: str, threshold: float) -> str:
    """The kind shown under `how`: the rules, the rules with the model's second opinion, or
    the model alone (its most likely class)."""
    if how == "model":
        return max(probs, key=probs.__getitem__)
    if how == "second opinion" and example.rules in ACTION_KINDS:
        return OFF if probs[OFF] >= threshold else example.rules
    return example.rules


def tally(scored: Scored, how: str, threshold: float = 1.01) -> Counter[str]:
    """items, on board, kind right, non-calls, non-calls on board."""
    counts: Counter[str] = Counter()
    for example, probs in scored:
        kind = _decide(example, probs, how, threshold)
        if example.label in ACTION_KINDS:
            counts["items"] += 1
            counts["on_board"] += kind in ACTION_KINDS
            counts["kind_right"] += kind == example.label
        else:
            counts["non_calls"] += 1
            counts["non_calls_on_board"] += kind in ACTION_KINDS
    return counts


HOWS = ("rules", "second opinion", "model")


def _gain(scored: Scored, rules: Counter[str], threshold: float) -> int:
    """Non-calls the second opinion takes off the board, less the items it takes off (`rules`:
    the tally of `scored` by the rules, the same at every threshold)."""
    second = tally(scored, "second opinion", threshold)
    non_calls = rules["non_calls_on_board"] - second["non_calls_on_board"]
    return non_calls - (rules["on_board"] - second["on_board"])


def held_out_thresholds(folds: dict[str, Scored]) -> dict[str, float]:
    """Per fold, the threshold that did best on every other fold (ties to the surer)."""
    out = {}
    for fold in folds:
        others = [x for other, scored in folds.items() if other != fold for x in scored]
        rules = tally(others, "rules")
        out[fold] = max(THRESHOLDS, key=lambda t: (_gain(others, rules, t), t))
    return out


def report(folds: dict[str, Scored]) -> dict[str, Any]:
    """Per fold and for the made-up and real folds together: each way's counts, the second
    opinion at its held-out threshold and at each fixed one, and the posts the rules put on
    the board that the held-out model gave p(off) of 0.5 or more."""
    chosen = held_out_thresholds(folds)
    rows = {
        fold: {how: dict(tally(s, how, chosen[fold])) for how in HOWS} for fold, s in folds.items()
    }
    groups = {
        "made-up sets": [f for f in folds if not f.startswith("account:")],
        "real posts": [f for f in folds if f.startswith("account:")],
    }
    totals = {
        name: {how: dict(sum((Counter(rows[f][how]) for f in names), Counter())) for how in HOWS}
        for name, names in groups.items()
    }
    sweep = {
        name: {str(t): dict(tally([x for f in names for x in folds[f]], "second opinion", t))
               for t in THRESHOLDS[:-1]}
        for name, names in groups.items()
    }  # fmt: skip
    near = [
        {"fold": f, "account": e.account, "aid": e.aid, "label": e.label, "rules": e.rules,
         "off": round(p[OFF], 3), "title": e.article.title}
        for f, s in folds.items() for e, p in s
        if e.rules in ACTION_KINDS and p[OFF] >= min(THRESHOLDS)
    ]  # fmt: skip
    return {"thresholds": chosen, "folds": rows, "totals": totals, "sweep": sweep,
            "near": near}  # fmt: skip


def _cell(c: dict[str, int]) -> str:
    return (f"{c.get('on_board', 0)}/{c.get('items', 0)} k{c.get('kind_right', 0)} "
            f"n{c.get('non_calls_on_board', 0)}/{c.get('non_calls', 0)}")  # fmt: skip


def format_report(scores: dict[str, Any]) -> str:
    """One line per fold: items on the board / items, kinds right (k), non-calls on the board
    (n), for the rules, the rules with the second opinion (at the fold's held-out threshold,
    t) and the model alone; then the fixed thresholds and the posts near one."""
    lines = [f"{'fold':<26}{'t':>5}" + "".join(f"{how:>22}" for how in HOWS)]
    for name, row in scores["folds"].items():
        t = scores["thresholds"][name]
        lines.append(f"{name:<26}{t:>5}" + "".join(f"{_cell(row[how]):>22}" for how in HOWS))
    for name, row in scores["totals"].items():
        lines.append(f"{name:<31}" + "".join(f"{_cell(row[how]):>22}" for how in HOWS))
    lines += ["", "second opinion at one threshold for every fold (chosen after the fact):"]
    for name, by_threshold in scores["sweep"].items():
        cells = "  ".join(f"{t}: {_cell(c)}" for t, c in by_threshold.items())
        lines.append(f"{name:<14}{cells}")
    lines += ["", f"the rules' board posts a held-out model gave p(off) >= {min(THRESHOLDS)}:"]
    for m in scores["near"]:
        lines.append(f"  {m['off']:.2f} {m['fold']} {m['aid']} label={m['label']} "
                     f"rules={m['rules']} {m['title'][:40]}")  # fmt: skip
    return "\n".join(lines)
