"""Firm profiles and their alert state, in the store's own database (schema migration 5).

A profile is kept as the JSON of its known fields (unknown ones are absent, never a default).
A watched profile records every call that turned eligible for it (`profile_alerts`) and when the
alert was delivered, so a call is an alert once, whenever it becomes eligible (new post, or a
field filled in), and an alert whose webhook failed goes out on the next run (migration 7).
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from wxintel.store.records import StoreError
from wxintel.store.sqlstore import SQLStore


@dataclass
class ProfileRow:
    id: int
    name: str
    team: str
    data: dict[str, Any]
    watched: bool
    created: str
    updated: str
    webhook: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "team": self.team,
            "watched": self.watched,
            "webhook": self.webhook,
            "created": self.created,
            "updated": self.updated,
            "profile": self.data,
        }


class ProfileStore:
    """All SQL for profiles (portable SQL), on a store's connection and transactions."""

    def __init__(self, store: SQLStore) -> None:
        self.store = store
        self.conn = store.conn

    def save(self, name: str, data: dict[str, Any], team: str, now: str, replace: bool) -> bool:
        """Insert a profile, or replace one by that name when `replace`; True if it was new."""
        text = json.dumps(data, ensure_ascii=False, sort_keys=True)
        with self.store.transaction():
            row = self.conn.execute("SELECT id FROM profiles WHERE name = ?", (name,)).fetchone()
            if row is not None and not replace:
                raise StoreError(f"a profile named {name!r} already exists (use --replace)")
            if row is None:
                self.conn.execute(
                    "INSERT INTO profiles(name, team, data, watched, created, updated)"
                    " VALUES (?, ?, ?, 0, ?, ?)",
                    (name, team, text, now, now),
                )
                return True
            self.conn.execute(
                "UPDATE profiles SET team = ?, data = ?, updated = ? WHERE id = ?",
                (team, text, now, row[0]),
            )
            return False

    def all(self, team: str | None = None) -> list[ProfileRow]:
        sql = f"SELECT {_COLUMNS} FROM profiles"
        rows = (
            self.conn.execute(sql + " WHERE team = ? ORDER BY name", (team,))
            if team is not None
            else self.conn.execute(sql + " ORDER BY team, name")
        )
        return [_row(r) for r in rows]

    def get(self, name: str) -> ProfileRow | None:
        row = self.conn.execute(
            f"SELECT {_COLUMNS} FROM profiles WHERE name = ?", (name,)
        ).fetchone()
        return _row(row) if row else None

    def remove(self, name: str) -> bool:
        with self.store.transaction():
            cur = self.conn.execute("DELETE FROM profiles WHERE name = ?", (name,))
        return cur.rowcount > 0

    def set_watched(self, name: str, watched: bool, webhook: str | None = None) -> bool:
        """Watch a profile or stop; `webhook` (when given) replaces where its alerts are posted."""
        with self.store.transaction():
            if webhook is None:
                cur = self.conn.execute(
                    "UPDATE profiles SET watched = ? WHERE name = ?", (int(watched), name)
                )
            else:
                cur = self.conn.execute(
                    "UPDATE profiles SET watched = ?, webhook = ? WHERE name = ?",
                    (int(watched), webhook, name),
                )
        return cur.rowcount > 0

    def record_eligible(self, profile_id: int, keys: Iterable[str], seen_at: str) -> None:
        """Record the calls eligible now; one recorded before keeps its first sighting."""
        keys = list(dict.fromkeys(keys))
        with self.store.transaction():
            told = {
                r[0]
                for r in self.conn.execute(
                    "SELECT article_key FROM profile_alerts WHERE profile = ?", (profile_id,)
                )
            }
            self.conn.executemany(
                "INSERT INTO profile_alerts(profile, article_key, first_seen) VALUES (?, ?, ?)",
                [(profile_id, key, seen_at) for key in keys if key not in told],
            )

    def undelivered(self, profile_id: int) -> set[str]:
        rows = self.conn.execute(
            "SELECT article_key FROM profile_alerts WHERE profile = ? AND delivered IS NULL",
            (profile_id,),
        )
        return {r[0] for r in rows}

    def mark_delivered(self, profile_id: int, keys: Iterable[str], at: str) -> None:
        with self.store.transaction():
            self.conn.executemany(
                "UPDATE profile_alerts SET delivered = ? WHERE profile = ? AND article_key = ?",
                [(at, profile_id, key) for key in keys],
            )


_COLUMNS = "id, name, team, data, watched, created, updated, webhook"


def _row(row: Any) -> ProfileRow:
    return ProfileRow(
        id=int(row["id"]),
        name=row["name"],
        team=row["team"],
        data=_known(json.loads(row["data"])),
        watched=bool(row["watched"]),
        created=row["created"],
        updated=row["updated"],
        webhook=row["webhook"],
    )


def _known(data: dict[str, Any]) -> dict[str, Any]:
    """A stored profile's fields without a figure stored as NaN or infinity (the form took
    'nan' before profiles refused it): such a figure means nothing, so the field is unknown
    (absent, as every unknown field is) wherever the profile is read — `profiles list --json`
    printed NaN, which is no JSON, and /api/profiles could not encode it."""
    return {k: v for k, v in data.items() if not (isinstance(v, float) and not math.isfinite(v))}
