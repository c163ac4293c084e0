"""The calls board: calls grouped by how urgent their deadline is."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

CLOSING_SOON_DAYS = 7


@dataclass
class Board:
    """Open calls (soonest first), those closing within a week, closed ones, undated ones."""

    closing_soon: list[Mapping[str, Any]] = field(default_factory=list)
    open: list[Mapping[str, Any]] = field(default_factory=list)
    closed: list[Mapping[str, Any]] = field(default_factory=list)
    undated: list[Mapping[str, Any]] = field(default_factory=list)


def group_calls(calls: Iterable[Mapping[str, Any]], soon: int = CLOSING_SOON_DAYS) -> Board:
    """Sort each call into its group by `days_left` (relative to the board's as-of date)."""
    board = Board()
    for call in calls:
        days = call.get("days_left")
        if days is None:
            board.undated.append(call)
        elif days < 0:
            board.closed.append(call)
        elif days <= soon:
            board.closing_soon.append(call)
        else:
            board.open.append(call)
    board.closing_soon.sort(key=lambda c: c["days_left"])
    board.open.sort(key=lambda c: c["days_left"])
    board.closed.sort(key=lambda c: c["days_left"], reverse=True)
    board.undated.sort(key=lambda c: c.get("published") or "", reverse=True)
    return board
