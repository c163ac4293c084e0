"""When a poll ends: watchlists see the new posts, and source problems are told once.

Watchlists with a webhook are run (and delivered) as `wxintel watch run` would; the others
keep their new matches for the next `watch run`. A source that starts failing or goes quiet
is sent once to every watchlist webhook, and again only after it recovered and broke anew; a
delivery that fails is retried after the next poll, to that webhook alone. Every POST made is
written into the poll's report (`webhooks`), so `wxintel poll` can say what went out and exit
7 when a webhook failed, as `wxintel watch run` does: a poll run from cron must not lose
alerts silently.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from wxintel.store import SQLStore
from wxintel.store.sources import SourceStore, stamp
from wxintel.subscribe.health import problem, problem_kind, sources_health
from wxintel.watch import Watchlist, list_watchlists, run_watchlists
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
    """Send each watchlist webhook the problems it has not taken yet: the new ones, and those
    its earlier delivery failed (kept per watchlist, so a broken webhook does not make the
    others hear the same problem every poll). Returns the problems sent, and appends each
    POST's outcome to `told` (named by the watchlists whose webhook it is: a webhook URL may
    hold a secret, so it is not printed)."""
    now = now or datetime.now(UTC)
    sources = SourceStore(store)
    rows = {row.id: row for row in sources.all()}
    standing: dict[int, dict[str, Any]] = {}  # source id → its health with its problem
    fresh, cleared = [], []
    for entry in sources_health(sources, now):
        kind = problem_kind(entry)
        if kind:
            standing[entry["id"]] = {**entry, "problem": problem(entry), "kind": kind}
        if kind and kind != rows[entry["id"]].alerted:
            fresh.append(entry["id"])
        elif not kind and rows[entry["id"]].alerted:
            cleared.append(entry["id"])
    for source_id in cleared:
        sources.mark_alerted(source_id, "")
    owners: dict[str, list[Watchlist]] = {}
    for watchlist in list_watchlists(store):
        if watchlist.webhook:
            owners.setdefault(watchlist.webhook, []).append(watchlist)
    if not owners:  # nobody to tell yet: the first webhook watchlist added hears of it
        return []
    waiting = sources.waiting_problems()
    sent: dict[int, dict[str, Any]] = {}
    for hook in sorted(owners):
        ids = [watchlist.id for watchlist in owners[hook]]
        kept = [source for w in ids for source in waiting.get(w, {})]
        due = [standing[s] for s in dict.fromkeys([*fresh, *kept]) if s in standing]
        if not due:
            continue
        delivery = post(hook, {"source_problems": due, "sent": stamp(now)})
        if delivery.ok:
            sources.done_waiting(ids, [entry["id"] for entry in due])
        else:
            sources.keep_waiting(ids, {entry["id"]: entry["kind"] for entry in due})
        sent.update((entry["id"], entry) for entry in due)
        if told is not None:
            told.append(
                {
                    "source_problems": [entry["name"] or entry["url"] for entry in due],
                    "watchlists": [watchlist.name for watchlist in owners[hook]],
                    "delivered": delivery.ok,
                    "webhook": delivery.describe(),
                }
            )
    for source_id in fresh:
        sources.mark_alerted(source_id, standing[source_id]["kind"])
    return list(sent.values())
