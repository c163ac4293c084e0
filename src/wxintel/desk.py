"""What the desk (the home page) shows someone who must act, as plain data: calls closing soon,
what came in since their last visit, their watchlists' hits, call threads that moved, sources
in trouble. Reads only, through the store's public methods and the link, watch and subscribe
reads the other pages use; the web keeps the visitor's mark (web/desk.py), not the store.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from wxintel import link
from wxintel.reads import latest_articles
from wxintel.store import SQLStore, StoredArticle
from wxintel.store.sources import SourceStore
from wxintel.subscribe.health import problem_kind, sources_health
from wxintel.watch import list_watchlists, matching_keys

SOON_DAYS = 14  # calls closing within two weeks lead the desk (the board's "soon" is 7)
CALLS_SHOWN = 8  # …and when none is that close, the next ones due
NEW_SHOWN = 12  # newest of the posts that came in since the mark
NEW_LOOKUP = 300  # up to this many changed posts are read one by one; beyond, the newest days
WATCH_SHOWN = 3  # newest hits per watchlist
THREAD_DAYS = 14  # a thread "moved" when a later stage was published this close to as-of
THREADS_SHOWN = 8
MOVED_STAGES = ("extension", "correction", "supplement", "shortlist", "result", "funding")


@dataclass(frozen=True)
class Mark:
    """Where the visitor's last visit left the archive: its generation (every ingest batch
    bumps it) and when that was (ISO, UTC)."""

    generation: int
    at: str


@dataclass
class NewSince:
    """Posts added or changed after the mark: how many, and the newest few."""

    count: int
    articles: list[StoredArticle] = field(default_factory=list)
    keys: set[str] = field(default_factory=set)  # every one of them, for the watchlists
    by: str = "ingest"  # "ingest" (the store's change log) or "published" (log too short)


def new_since(store: SQLStore, mark: Mark) -> NewSince:
    """What came in after the mark. The change log says which posts each ingest touched; when it
    no longer reaches back that far (a rebuilt database), posts published after the mark's
    day are the nearest answer."""
    generation = store.generation()
    if mark.generation > generation:  # the archive was rebuilt since: nothing is known new
        return NewSince(0)
    changed = store.changed_since(mark.generation)
    if changed is None:
        day = mark.at[:10]
        recent = [a for a in latest_articles(store, limit=NEW_LOOKUP) if a.published[:10] > day]
        return NewSince(len(recent), recent[:NEW_SHOWN], {a.key for a in recent}, "published")
    if len(changed) <= NEW_LOOKUP:
        found = (store.get(key) for key in changed)
        fresh = [a for a in found if a is not None and not a.duplicate_of]
        fresh.sort(key=lambda a: (a.published, a.key), reverse=True)
        return NewSince(len(fresh), fresh[:NEW_SHOWN], {a.key for a in fresh})
    keys = set(changed)  # a big ingest: its newest posts are among the archive's newest
    newest = [a for a in latest_articles(store, limit=NEW_LOOKUP) if a.key in keys]
    return NewSince(len(changed), newest[:NEW_SHOWN], keys)


def closing_calls(store: SQLStore) -> dict[str, Any]:
    """Open calls soonest first as of the calls board's day (today, or the archive's newest
    post when that is older), those due within SOON_DAYS first."""
    as_of, reason = store.calls_as_of(None)
    calls = store.calls(status="open")
    soon = [c for c in calls if c["days_left"] is not None and c["days_left"] <= SOON_DAYS]
    return {
        "as_of": as_of.isoformat(),
        "as_of_reason": reason,
        "open": len(calls),
        "soon": len(soon),
        "calls": (soon or calls)[:CALLS_SHOWN],
    }


def watch_hits(store: SQLStore, new_keys: set[str] | None) -> list[dict[str, Any]]:
    """Each watchlist with its matches now, how many are new since the mark, and the newest
    few. Reading does not mark anything delivered: `watch run` and webhooks keep their state."""
    out = []
    for watchlist in list_watchlists(store):
        keys = matching_keys(store, watchlist)  # newest first (thread stages appended)
        found = (store.get(k) for k in keys[: WATCH_SHOWN * 4])  # read a few, never them all
        newest = sorted(
            (a for a in found if a is not None), key=lambda a: (a.published, a.key), reverse=True
        )
        out.append(
            {
                "name": watchlist.name,
                "query": watchlist.query,
                "accounts": watchlist.filters.accounts,
                "kinds": watchlist.filters.search_kinds(),
                "matches": len(keys),
                "new": len(new_keys.intersection(keys)) if new_keys is not None else None,
                "newest": newest[:WATCH_SHOWN],
            }
        )
    return out


def moved_threads(store: SQLStore, as_of: date) -> list[dict[str, Any]]:
    """Threads whose latest post, within THREAD_DAYS before as-of, moved the round on: an
    extension or correction (the deadline may move), a shortlist, a result, money."""
    since = (as_of - timedelta(days=THREAD_DAYS)).isoformat()
    moved = []
    for thread in link.threads(store.conn):
        latest = [
            a for a in thread["articles"] if since <= a["published"][:10] <= as_of.isoformat()
        ]
        steps = [a for a in latest if a["stage"] in MOVED_STAGES]
        if steps:
            moved.append({**thread, "step": steps[-1]})
    moved.sort(key=lambda t: (t["step"]["published"], t["id"]), reverse=True)
    return moved[:THREADS_SHOWN]


def source_problems(store: SQLStore) -> dict[str, Any]:
    """Sources failing or gone quiet, and how many sources there are at all."""
    entries = sources_health(SourceStore(store))
    troubled = [{**e, "why": problem_kind(e)} for e in entries if problem_kind(e)]
    return {"sources": len(entries), "problems": troubled}
