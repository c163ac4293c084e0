"""When a poll ends: watchlists see the new posts, and source problems are told once.

Watchlists with a webhook are run (and delivered) as `wxintel watch run` would; the others
keep their new matches for the next `watch run`. A source that starts failing or goes quiet
is sent once to every watchlist webhook, and again only after it recovered and broke anew; a
delivery that fails is retried after the next poll. Every POST made is written into the poll's
report (`webhooks`), so `wxintel poll` can say what went out and exit 7 when a webhook failed,
as `wxintel watch run` does: a poll run from cron must not lose alerts silently.
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
    """Run the webhook watchlists and the watched profiles' webhooks when the poll added posts
    (a new post may be a call a firm can apply to), then alert on source problems; each POST
    made is added to `report.webhooks`. Profiles without a webhook keep their alerts for
    `profiles alerts` and `watch run`, as watchlists without one do."""
    from wxintel.match import service

    if report.added or report.updated:
        for watched in run_watchlists(store, post=post):
            if watched.delivery is not None:
                report.webhooks.append(
                    {
                        "watchlist": watched.watchlist.name,
                        "new": len(watched.items),
                        "delivered": watched.delivered,
                        "webhook": watched.delivery.describe(),
                    }
                )
        for alerts in service.profile_alerts(store, service.default_as_of(store), post=post):
            if alerts.delivery is not None:
                report.webhooks.append(
                    {
                        "profile": alerts.profile,
                        "new": len(alerts.new),
                        "delivered": alerts.delivery.ok,
                        "webhook": alerts.delivery.describe(),
                    }
                )
    alert_problems(store, post=post, now=now, told=report.webhooks)


def subject(told: dict[str, Any]) -> str:
    """Whose webhook a POST in `report.webhooks` went to, and what it carried, in one phrase."""
    if "watchlist" in told:
        return f"watchlist {told['watchlist']}: {told['new']} new"
    if "profile" in told:
        return f"profile {told['profile']}: {told['new']} newly eligible"
    problems, owners = "、".join(told["source_problems"]), "、".join(told["watchlists"])
    return f"source problems ({problems}) to the webhook of {owners}"


def alert_problems(
    store: SQLStore,
    post: Callable[[str, Any], Delivery] = post_json,
    now: datetime | None = None,
    told: list[dict[str, Any]] | None = None,
) -> list[dict[str, Any]]:
    """Send the problems not told yet to every watchlist webhook; returns what was sent, and
    appends each POST's outcome to `told` (named by the watchlists whose webhook it is: a
    webhook URL may hold a secret, so it is not printed)."""
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
    owners: dict[str, list[str]] = {}
    for watchlist in list_watchlists(store):
        if watchlist.webhook:
            owners.setdefault(watchlist.webhook, []).append(watchlist.name)
    if not owners:  # nobody to tell yet: the first webhook watchlist added hears of it
        return []
    body = {"source_problems": fresh, "sent": stamp(now)}
    deliveries = [post(hook, body) for hook in sorted(owners)]
    for hook, delivery in zip(sorted(owners), deliveries, strict=True):
        if told is not None:
            told.append(
                {
                    "source_problems": [entry["name"] or entry["url"] for entry in fresh],
                    "watchlists": owners[hook],
                    "delivered": delivery.ok,
                    "webhook": delivery.describe(),
                }
            )
    if all(delivery.ok for delivery in deliveries):
        for entry in fresh:
            sources.mark_alerted(entry["id"], entry["problem"].split(":")[0])
    return fresh
