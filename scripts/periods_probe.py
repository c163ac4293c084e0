"""What a change of the period reader (nlp/periods.py: take_dates) does to every labelled query
and question: each text of eval/*.json read at three as_of days, one line each, so two trees'
outputs can be diffed (e0d6ffa's "5 queries change reading" came from this probe).

    git worktree add /tmp/old <commit before the change>
    PYTHONPATH=/tmp/old/src python scripts/periods_probe.py > before.txt
    PYTHONPATH=src python scripts/periods_probe.py > after.txt
    diff before.txt after.txt
"""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path
from typing import Any

from wxintel.nlp.periods import take_dates

EVAL = Path(__file__).resolve().parents[1] / "eval"
# the day the development archive ends (its newest post), and two days read from after it
NEWEST = date(2025, 10, 15)
AS_OF = (NEWEST, date(2026, 3, 27), date(2026, 12, 2))


def texts(value: Any) -> set[str]:
    """Every query or question string in a labelled set."""
    if isinstance(value, dict):
        found: set[str] = set()
        for key, inner in value.items():
            if key in ("query", "question", "q") and isinstance(inner, str):
                found.add(inner)
            else:
                found |= texts(inner)
        return found
    if isinstance(value, list):
        return set().union(*(texts(inner) for inner in value)) if value else set()
    return set()


def main() -> None:
    every = set().union(*(texts(json.loads(p.read_text("utf-8"))) for p in EVAL.glob("*.json")))
    print(len(every), "texts", file=sys.stderr)
    for text in sorted(every):
        for as_of in AS_OF:
            print(text, as_of, take_dates(text, as_of, NEWEST))


if __name__ == "__main__":
    main()
