"""The calls board: calls grouped by how urgent their deadline is."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from wxintel.store.readmodels import phone_roles

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


def contact_items(call: Mapping[str, Any]) -> list[dict[str, str]]:
    """Who to reach about a call, one item each: named contacts with their phone, then the
    phones no contact names, then e-mails; never an empty item (a "联系： ·" with nothing).
    A phone whose label gives it a role (技术支持, 监督, 举报, 投诉) says so, and the contact
    numbers come first: a reader with a question calls those."""
    roles = phone_roles(call)
    items = [
        {"name": c.get("name") or "", "phone": c.get("phone") or "", "email": "", "role": ""}
        for c in call.get("contacts") or ()
        if c.get("name") or c.get("phone")
    ]
    named = {item["phone"] for item in items}
    phones = [p for p in call.get("phones") or () if p and p not in named]
    items += [{"name": "", "phone": p, "email": "", "role": ""} for p in phones]
    for item in items:
        item["role"] = roles.get(item["phone"], "")
    items.sort(key=lambda item: bool(item["role"]))  # stable: contact numbers first
    items += [
        {"name": "", "phone": "", "email": e, "role": ""} for e in call.get("emails") or () if e
    ]
    return items
