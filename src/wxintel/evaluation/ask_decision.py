"""Training data and leave-one-set-out figures for ask's learned decision (`ask.decide`).

Every labelled question's candidates (`ask.extractive.pool`) are described (`ask.features`) and
labelled right when the span says the labelled answer (`evaluation.ask.right_answer`) and its
post is in `support`; the hand-set rules' and the baseline's verdicts are kept beside them, from
the same archive in the same run. `scripts/train_ask_decision.py` prints and writes from here.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace
from typing import Any

from wxintel.ask import decide, features
from wxintel.ask.evidence import read_for
from wxintel.ask.extractive import (
    beyond_pins,
    pinned_out,
    pool,
    rules_answer,
    rules_pick,
    source_answer,
)
from wxintel.evaluation.ask import answered_right, baseline_answer, right_answer
from wxintel.nlp import learn
from wxintel.search import SearchQuery


def collect(store: Any, name: str, labels: dict[str, Any]) -> list[dict[str, Any]]:
    """Per question: its candidates' rows and labels, and the rules' and baseline's verdicts."""
    scope = SearchQuery(text="", as_of=labels["as_of"]) if labels.get("as_of") else None
    out = []
    for item in labels["questions"]:
        question, retrieved, ranked = read_for(store, item["question"], scope)
        answerable = item["answer"] is not None
        record: dict[str, Any] = {
            "set": name,
            "id": item["id"],
            "account": item["account"],
            "answerable": answerable,
            "rows": [],
            "right": [],
            "pinned_out": [],
            "fixed": None,
        }
        if question.type in ("other", "source"):
            # answered before any decision: the same answer under the rules and the model
            got = source_answer(question, retrieved, ranked) if question.type == "source" else None
            record["fixed"] = _verdict(item, got)
        else:
            found = pool(question, ranked)
            # read once for the model's candidates and the rules' answer both
            ruled_out = pinned_out(question, retrieved, ranked) if found else None
            record["rows"] = features.describe(question, found)
            record["right"] = [
                answerable
                and [s.passage.post.account, s.passage.post.id] in item["support"]
                and right_answer(item, s.candidate.text, s.passage.post.published)
                for s in found
            ]
            record["pinned_out"] = [beyond_pins(s, ruled_out) for s in found]
            ruled = rules_answer(question, retrieved, ranked, found, ruled_out)
            record["rules"] = _verdict(item, ruled)
            record["rules_pick"] = rules_pick(found, ruled)
        record["rules"] = record.get("rules") or record["fixed"]
        base = baseline_answer(store, item["question"], scope)
        ok = answerable and base is not None and [base[0], base[1]] in item["support"]
        ok = ok and right_answer(item, base[3], base[2], lenient=True)
        # the baseline has no refusal to be right about: no answer to an answerable question
        # is a wrong one
        record["baseline"] = decide.verdict_of(answerable, base is not None or answerable, ok)
        out.append(record)
    return out


def _verdict(item: dict[str, Any], got: Any) -> str:
    answerable, answered = item["answer"] is not None, got is not None and not got.refused
    right = answerable and answered and answered_right(item, got)
    return decide.verdict_of(answerable, answered, right)


def outcome(model: learn.Model, record: dict[str, Any]) -> decide.Outcome:
    """The question as `model` decides it (no candidate: a refusal)."""
    if not record["rows"]:
        return decide.Outcome(0.0, False, False, record["answerable"])
    chances = decide.probabilities(model, record["rows"])
    best = int(chances.argmax())
    return decide.Outcome(
        float(chances[best]),
        bool(record["right"][best]),
        bool(record["pinned_out"][best]),
        record["answerable"],
    )


def fit(records: list[dict[str, Any]]) -> learn.Model:
    """A model trained on `records`' candidates, its threshold picked on the same questions."""
    rows = [row for r in records for row in r["rows"]]
    labels = [bool(y) for r in records for y in r["right"]]
    model = decide.train(rows, labels)
    return replace(model, threshold=threshold_for(model, records, False))


def threshold_for(model: learn.Model, records: list[dict[str, Any]], second: bool) -> float:
    """The threshold whose verdicts on `records` under `model` are worth most (with
    `second`, on those the rules refuse)."""
    decided = [
        outcome(model, r)
        for r in records
        if r["fixed"] is None and (not second or r["rules"] in REFUSED)
    ]
    return decide.pick_threshold(decided)


REFUSED = ("refused", "refused_right")


def doubt(model: learn.Model, record: dict[str, Any]) -> decide.Outcome | None:
    """The rules' answer as the veto sees it: the model's probability of the span they answer
    with, and whether that answer is right (None when the rules give no span of the pool)."""
    pick = record.get("rules_pick")
    if record["fixed"] is not None or pick is None:
        return None
    chance = float(decide.probabilities(model, [record["rows"][pick]])[0])
    return decide.Outcome(chance, record["rules"] == "right", False, record["answerable"])


def veto_threshold(model: learn.Model, records: list[dict[str, Any]]) -> float:
    """The probability below which refusing the rules' answer makes `records`' verdicts worth
    most (WORTH), over the questions the rules answer."""
    return decide.pick_threshold([o for r in records if (o := doubt(model, r)) is not None])


def named_thresholds(model: learn.Model, records: list[dict[str, Any]]) -> dict[str, float]:
    """rules+learned's thresholds for `model`, picked on `records`: the second opinion's
    (`decide.SECOND`) and the veto's (`decide.VETO`); the one place each is picked."""
    return {
        decide.SECOND: threshold_for(model, records, True),
        decide.VETO: veto_threshold(model, records),
    }


def vetoed_verdict(
    record: dict[str, Any],
    decided: decide.Outcome | None,
    doubted: decide.Outcome | None,
    veto: float,
    second: float,
) -> str:
    """rules+learned: the model's `decided` where the rules refuse; where they answer, a
    refusal when the model gives their span less than `veto` (`doubted`, `doubt`), else the
    rules' verdict."""
    if record["rules"] in REFUSED:
        return learned_verdict(record, decided, second)
    return record["rules"] if doubted is None else decide.verdict(doubted, veto)


def learned_verdict(
    record: dict[str, Any], decided: decide.Outcome | None, threshold: float
) -> str:
    """The model's verdict at `threshold` from its `outcome` of the question (None for a
    question answered before any decision: its fixed verdict)."""
    return record["fixed"] if decided is None else decide.verdict(decided, threshold)


COUNTED = tuple(decide.WORTH)  # the verdicts, in WORTH's order


def tally(verdicts: list[str]) -> dict[str, int]:
    return {k: verdicts.count(k) for k in COUNTED}


def cell(t: dict[str, int]) -> str:
    answerable = t["right"] + t["wrong"] + t["refused"]
    unanswerable = t["refused_right"] + t["answered_wrongly"]
    right, wrong, refused_right = t["right"], t["wrong"], t["refused_right"]
    return f"{right}/{answerable}, {wrong} wrong, {refused_right}/{unanswerable}, {decide.worth(t)}"


def leave_one_set_out(records: list[dict[str, Any]]) -> dict[str, Any]:
    """Each set scored by a model trained (and thresholded) on the others."""
    sets = sorted({r["set"] for r in records}, key=set_order)
    rows, held = [], []
    per_account: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for name in sets:
        train_on = [r for r in records if r["set"] != name]
        scored = [r for r in records if r["set"] == name]
        model = fit(train_on)
        named = named_thresholds(model, train_on)
        second, veto = named[decide.SECOND], named[decide.VETO]
        verdicts = {k: [] for k in ("learned", "rules+learned", "rules", "baseline")}
        for r in scored:
            # scored once: the learned verdict, the second opinion and the curve read it
            o = outcome(model, r) if r["fixed"] is None else None
            got = {
                "learned": learned_verdict(r, o, model.threshold),
                "rules+learned": vetoed_verdict(r, o, doubt(model, r), veto, second),
                "rules": r["rules"],
                "baseline": r["baseline"],
            }
            for k, v in got.items():
                verdicts[k].append(v)
                per_account[r["account"]][k].append(v)
            held.append((r, o))
        rows.append(
            {
                "set": name,
                "threshold": model.threshold,
                "second_threshold": second,
                "veto_threshold": veto,
                **{k: tally(v) for k, v in verdicts.items()},
            }
        )
    curve = []
    for i in range(1, 20):
        t = round(0.05 * i, 2)
        verdicts = [learned_verdict(r, o, t) for r, o in held]
        curve.append({"threshold": t, **tally(verdicts)})
    return {
        "sets": rows,
        "accounts": {
            a: {k: tally(v) for k, v in by.items()} for a, by in sorted(per_account.items())
        },
        "curve": curve,
    }


def set_order(name: str) -> int:
    digits = "".join(c for c in name if c.isdigit())
    return int(digits) if digits else 1


def overall(rows: list[dict[str, Any]], key: str) -> dict[str, int]:
    return {k: sum(r[key][k] for r in rows) for k in COUNTED}
