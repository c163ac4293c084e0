"""When a poll ends: watchlists see the new posts, and source problems are told once.

Watchlists with a webhook are run (and delivered) as `wxintel watch run` would; the others
keep their new matches for the next `watch run`. A source that starts failing or goes quiet
is sent once to every watchlist webhook, and again only after it recovered and broke anew; a
delivery that fails is retried after the next poll.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from wxintel.store import SQLStore
from wxintel.store.sources import SourceStore, stamp
from wxintel.subscribe.health import problem, sources_health
from wxintel.watch import list_watchlists, run_watchlists
from wxintel.webhook import Delivery, post_json


def after_poll(
    store: SQLStore,
    report: Any,
    post: Callable[[str, Any], Delivery] = post_json,
    now: datetime | None = None,
) -> None:
    """Run the webhook watchlists when the poll added posts, then alert on source problems."""
    if report.added or report.updated:
        run_watchlists(store, post=post)
    alert_problems(store, post=post, now=now)


def alert_problems(
    store: SQLStore, post: Callable[[str, Any], Delivery] = post_json, now: datetime | None = None
) -> list[dict[str, Any]]:
    """Send the problems not told yet to every watchlist webhook; returns what was sent."""
    now = now or datetime.now(UTC)
    sources = SourceStore(store)
    rows = {row.id: row for row in sources.all()}
    fresh, cleared = [], []
    for entry in sources_health(sources, now):
        kind = problem(entry).split(":")[0]
        if kind and kind != rows[entry["id"]].alerted:
            fresh.append({**entry, "problem": problem(entry)})
        elif not kind and rows[entry["id"]].alerted:
            cleared.append(entry["id"])
    for source_id in cleared:
        sources.mark_alerted(source_id, "")
    if not fresh:
        return []
    hooks = sorted({w.webhook for w in list_watchlists(store) if w.webhook})
    body = {"source_problems": fresh, "sent": stamp(now)}
    if all([post(hook, body).ok for hook in hooks]):
        for entry in fresh:
            sources.mark_alerted(entry["id"], entry["problem"].split(":")[0])
    return fresh
