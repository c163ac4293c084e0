"""Totals of `wxintel eval ask … --json` over many sets, per account beside the baseline, so a
figure over all the ask sets comes from a command in the repository, not a scratch script.

Run each set into one directory, then total (add WXINTEL_ASK_DECISION=learned for the model):
    for f in eval/ask_dev*.json; do
        wxintel eval ask "$f" --db wx.db --json > out/$(basename "$f")
    done
    python scripts/ask_totals.py out
Given a second directory (`ask_totals.py before after`), it also lists every question whose
verdict or answer differs between the two runs.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

from wxintel.ask.evidence import POSTS
from wxintel.evaluation.ask_retrieval import FIELDS as RETRIEVAL_FIELDS
from wxintel.evaluation.ask_retrieval import STAGES

_FIELDS = (
    "answerable",
    "right",
    "wrong",
    "unanswerable",
    "refused_right",
    "baseline_right",
    "baseline_refused_right",
)


def load(folder: Path) -> dict[str, dict]:
    """Each set's `--json` output in `folder`, by the set's file name; a file that is no such
    output is named in the error."""
    runs = {}
    for path in sorted(folder.glob("*.json")):
        try:
            run = json.loads(path.read_text(encoding="utf-8"))
        except json.JSONDecodeError as error:
            raise SystemExit(f"{path}: not JSON ({error})") from None
        if not isinstance(run, dict) or not {"accounts", "questions"} <= run.keys():
            raise SystemExit(f"{path}: not the output of `wxintel eval ask --json`")
        runs[path.stem] = run
    if not runs:
        raise SystemExit(f"{folder}: no *.json")
    return runs


def totals(runs: dict[str, dict]) -> dict[str, Counter]:
    """Per account and overall ("all"), each field of _FIELDS (and of the retrieval counts,
    where the runs have them) summed over the sets."""
    out: dict[str, Counter] = {}
    for run in runs.values():
        for account, row in run["accounts"].items():
            fields = (*_FIELDS, *(f for f in (*RETRIEVAL_FIELDS, *STAGES) if f in row))
            for key in ("all", account):
                out.setdefault(key, Counter()).update({f: row[f] for f in fields})
    return out


def table(runs: dict[str, dict]) -> str:
    """A markdown table: right/answerable, wrong, refused right/unanswerable, baseline."""
    lines = [
        f"{len(runs)} sets",
        "| account | right + cited | wrong | refused right | baseline right, refused |",
        "| --- | --- | --- | --- | --- |",
    ]
    for account, c in sorted(totals(runs).items(), key=lambda item: item[0] != "all"):
        lines.append(
            f"| {account} | {c['right']}/{c['answerable']} | {c['wrong']} | "
            f"{c['refused_right']}/{c['unanswerable']} | "
            f"{c['baseline_right']}/{c['answerable']}, "
            f"{c['baseline_refused_right']}/{c['unanswerable']} |"
        )
    if all(f in c for c in totals(runs).values() for f in RETRIEVAL_FIELDS):
        lines.extend(["", retrieval_table(runs)])
    return "\n".join(lines)


def retrieval_table(runs: dict[str, dict]) -> str:
    """Where the labelled post stands (`evaluation.ask_retrieval`), summed over the sets: its
    first passage among ask's passages at 1, 5 and all read; its post among ask's posts at 1, 5
    and all read; among the plain bigram BM25 baseline's at 1, 5 and as many posts."""
    lines = [
        f"| account | passage @1 | @5 | read | post @1 | @5 | read | plain @1 | @5 | @{POSTS} |",
        "| --- |" + " --- |" * len(RETRIEVAL_FIELDS),
    ]
    for account, c in sorted(totals(runs).items(), key=lambda item: item[0] != "all"):
        cells = " | ".join(f"{c[f]}/{c['answerable']}" for f in RETRIEVAL_FIELDS)
        lines.append(f"| {account} | {cells} |")
    every = totals(runs)["all"]
    if all(f in every for f in STAGES):
        lost = ", ".join(f"{f} {every[f]}" for f in STAGES)
        lines.append(f"\nanswerable not right: {every['answerable'] - every['right']} ({lost})")
    return "\n".join(lines)


def differences(before: dict[str, dict], after: dict[str, dict]) -> list[str]:
    """Every question whose verdict or answer is not the same in the two runs."""
    out = []
    for name in sorted(before.keys() | after.keys()):
        old = {q["id"]: q for q in before.get(name, {}).get("questions", [])}
        new = {q["id"]: q for q in after.get(name, {}).get("questions", [])}
        for qid in sorted(old.keys() | new.keys()):
            a, b = old.get(qid, {}), new.get(qid, {})
            if (a.get("verdict"), a.get("answer")) != (b.get("verdict"), b.get("answer")):
                out.append(
                    f"{name} {qid}: {a.get('verdict')} {a.get('answer')!r} -> "
                    f"{b.get('verdict')} {b.get('answer')!r}"
                )
    return out


def main(argv: list[str]) -> None:
    if len(argv) not in (1, 2):
        raise SystemExit("usage: ask_totals.py OUT_DIR [AFTER_DIR]")
    runs = [load(Path(folder)) for folder in argv]
    for folder, run in zip(argv, runs, strict=True):
        print(f"## {folder}\n{table(run)}\n")
    if len(runs) == 2:
        moved = differences(*runs)
        print(f"{len(moved)} questions differ")
        print("\n".join(moved))


if __name__ == "__main__":
    main(sys.argv[1:])
