"""Train ask's answer-or-refuse model on the labelled ask sets and report it leave-one-set-out.

    PYTHONPATH=src python scripts/train_ask_decision.py --db wx.db eval/ask_dev*.json \
        [--write] [--no-loso] [--report report.json] [--cache candidates.json]

`wx.db` is the seven accounts of ../shared/data ingested (README, "Quality, measured"). Every
question's candidates (ask.extractive.pool) are described (ask.features) and labelled right when
the span says the labelled answer and its post is in `support` (evaluation.ask). Each set is then
scored by a model trained on the other sets, its threshold picked on those sets only (the one
whose verdicts are worth most, `decide.WORTH`), beside the hand-set rules and the baseline on the
same archive in the same run, each with what its verdicts are worth; then the curve of the
refusal threshold over those held-out probabilities. With --write the model trained on every set
goes to src/wxintel/data/ask_decision.txt, with the second opinion's and the veto's thresholds
(rules+learned, the same weights) as its named threshold lines.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

from wxintel.ask import decide
from wxintel.evaluation.ask import check_labels
from wxintel.evaluation.ask_decision import (
    cell,
    collect,
    fit,
    leave_one_set_out,
    named_thresholds,
    overall,
    set_order,
)
from wxintel.nlp import learn
from wxintel.store import open_store

DATA = Path(__file__).resolve().parent.parent / "src/wxintel/data"


def print_report(report: dict[str, Any]) -> None:
    kinds = ("learned", "rules+learned", "rules", "baseline")
    print(
        "| set | thresholds (fit on the other sets: learned, second opinion, veto)"
        " | learned: right, wrong, refused right, worth"
        " | rules+learned | rules | baseline |"
    )
    print("| --- | --- | --- | --- | --- | --- |")
    for r in report["sets"]:
        cells = " | ".join(cell(r[k]) for k in kinds)
        thresholds = f"{r['threshold']}, {r['second_threshold']}, {r['veto_threshold']}"
        print(f"| {r['set']} | {thresholds} | {cells} |")
    rows = report["sets"]
    print(f"| overall | | {' | '.join(cell(overall(rows, k)) for k in kinds)} |")
    print()
    print("| account | learned | rules+learned | rules | baseline |")
    print("| --- | --- | --- | --- | --- |")
    for name, by in report["accounts"].items():
        print(f"| {name} | {' | '.join(cell(by[k]) for k in kinds)} |")
    print()
    print(
        "| threshold | right | wrong | refused (answerable) | refused right | answered wrongly"
        " | worth |"
    )
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for c in report["curve"]:
        counts = {k: c[k] for k in decide.WORTH}
        print(
            f"| {c['threshold']} | {c['right']} | {c['wrong']} | {c['refused']}"
            f" | {c['refused_right']} | {c['answered_wrongly']} | {decide.worth(counts)} |"
        )


def header(records: list[dict[str, Any]], sets: list[str], commit: str) -> list[str]:
    candidates = sum(len(r["rows"]) for r in records)
    right = sum(sum(r["right"]) for r in records)
    w = {k: f"{v:+d}" if v else "0" for k, v in decide.WORTH.items()}
    worth = (
        f"right {w['right']}, wrong {w['wrong']}, refused {w['refused']}; unanswerable refused"
        f" {w['refused_right']}, answered {w['answered_wrongly']}"
    )
    return [
        "ask's learned answer-or-refuse model (ask/decide.py, features of ask/features.py):",
        "a logistic regression giving each candidate span the probability that it is the",
        "right answer with a right citation; ask answers with the likeliest unless it is",
        "below the threshold.",
        f"Trained on: {', '.join(sets)} ({len(records)} questions,"
        f" {sum(r['answerable'] for r in records)} answerable; {candidates} candidates,"
        f" {right} right), over the seven accounts of ../shared/data ingested (wx.db).",
        "Thresholds (their lines below), each the one whose verdicts on the training questions are"
        f" worth most (decide.WORTH: {worth}): 'threshold P' the learned decision's;"
        " 'threshold second P' among those the rules refuse (rules+learned: a second opinion);"
        " 'threshold veto P' for refusing the rules' answer when the model gives its span less,"
        " among those the rules answer (rules+learned: a veto).",
        f"Commit: {commit}",
        "Retrain: PYTHONPATH=src python scripts/train_ask_decision.py --db wx.db eval/ask_dev*.json"
        " --write",
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sets", nargs="+", type=Path)
    parser.add_argument("--db", required=True)
    parser.add_argument(
        "--write", action="store_true", help="write the weights into src/wxintel/data"
    )
    parser.add_argument("--report", type=Path, help="the leave-one-set-out figures as JSON")
    parser.add_argument("--cache", type=Path, help="read (or write) the candidates here")
    parser.add_argument("--no-loso", action="store_true", help="train only, no held-out figures")
    args = parser.parse_args()
    if args.cache and args.cache.exists():
        records = json.loads(args.cache.read_text())
    else:
        store = open_store(args.db)
        records = []
        for path in sorted(args.sets, key=lambda p: set_order(p.stem)):
            labels = check_labels(json.loads(path.read_text(encoding="utf-8")))
            records += collect(store, path.stem, labels)
            print(f"{path.stem}: {len(labels['questions'])} questions", file=sys.stderr)
        if args.cache:
            args.cache.write_text(json.dumps(records))
    if not args.no_loso:
        report = leave_one_set_out(records)
        print_report(report)
        if args.report:
            args.report.write_text(json.dumps(report, ensure_ascii=False, indent=1))
    if args.write:
        sets = sorted({r["set"] for r in records}, key=set_order)
        commit = learn.trained_at()  # before the first file written makes the tree differ
        model = fit(records)  # one fit: the second opinion and the veto are the same weights
        path = DATA / decide.MODEL_FILE
        named = named_thresholds(model, records)
        learn.write_model(replace(model, thresholds=named), path, header(records, sets, commit))
        print(f"wrote {path}", file=sys.stderr)


if __name__ == "__main__":
    main()
