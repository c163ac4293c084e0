"""How often "quiet" would have cried wolf: a back-test over real accounts' histories (not a test).

    .venv/bin/python bench/quiet.py [EXPORT ...]   # default: the seed and the more-accounts

Every account in these exports kept posting, so each time a gap between two of its posts grew
past the quiet threshold learned from the posts before it (as `sources list` learns it), the
flag would have been a false alarm. Per account: gaps checked, false alarms, and the threshold
learned from its latest posts.
"""

from __future__ import annotations

import json
import sys
from datetime import datetime, timedelta
from pathlib import Path

from corpus import SHARED

from wxintel.sources.fields import normalise_published
from wxintel.subscribe.health import HISTORY, QUIET_FACTOR, QUIET_FLOOR, rhythm

DEFAULT = [
    SHARED / "data" / "sheitc-2025-09-10_2025-10-15.json",
    *sorted((SHARED / "data" / "more-accounts").glob("*.json")),
]


def backtest(dates: list[str]) -> tuple[int, int, timedelta | None]:
    """(gaps checked, false alarms, threshold learned from the newest posts)."""
    ordered = sorted(dates)
    checked = alarms = 0
    for i in range(1, len(ordered)):
        learned = rhythm(ordered[max(0, i - HISTORY) : i])
        if learned.long_gap is None:
            continue
        checked += 1
        gap = datetime.fromisoformat(ordered[i][:10]) - datetime.fromisoformat(ordered[i - 1][:10])
        alarms += gap > max(QUIET_FACTOR * learned.long_gap, QUIET_FLOOR)
    latest = rhythm(ordered[-HISTORY:])
    threshold = max(QUIET_FACTOR * latest.long_gap, QUIET_FLOOR) if latest.long_gap else None
    return checked, alarms, threshold


def main() -> None:
    paths = [Path(p) for p in sys.argv[1:]] or DEFAULT
    columns = ("posts", 6), ("gaps checked", 13), ("false alarms", 13), ("quiet after", 12)
    print(f"{'account':<10} " + " ".join(f"{name:>{width}}" for name, width in columns))
    total_checked = total_alarms = 0
    for path in paths:
        records = json.loads(path.read_text(encoding="utf-8-sig"))
        dates = [normalise_published(r["时间time"], "时间time") for r in records]
        checked, alarms, threshold = backtest(dates)
        total_checked, total_alarms = total_checked + checked, total_alarms + alarms
        shown = f"{threshold.total_seconds() / 86400:.1f} d" if threshold else "-"
        name = records[0]["公众号名称"]
        print(f"{name:<10} {len(records):>6} {checked:>13} {alarms:>13} {shown:>12}")
    print(f"{'overall':<10} {'':>6} {total_checked:>13} {total_alarms:>13}")


if __name__ == "__main__":
    main()
