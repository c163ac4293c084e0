"""Show a repost cluster once: in search hits, briefs and on the calls board.

A post-processing step over lists another stage produced: the first (best-ranked or
soonest) member of a cluster stays, later members are folded into it, and the one kept says
which accounts published the text ("N 个公众号发布").
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from wxintel.link.reposts import cluster_members
from wxintel.link.threads import stages_by_key

T = TypeVar("T")


def collapse(items: Iterable[T], key_of: Callable[[T], str], conn: Any) -> list[tuple[T, list]]:
    """Each item kept with the cluster members folded into it ([] when it stands alone)."""
    items = list(items)
    members = cluster_members(conn, [key_of(item) for item in items])
    seen: set[str] = set()
    out: list[tuple[T, list]] = []
    for item in items:
        cluster = members.get(key_of(item))
        if cluster is None:
            out.append((item, []))
            continue
        if cluster["id"] in seen:
            continue
        seen.add(cluster["id"])
        out.append((item, [m for m in cluster["members"] if m["key"] != key_of(item)]))
    return out


def publishers(item_account: str, folded: list[dict[str, Any]]) -> list[str]:
    """The accounts that published a text: the kept item's first, then the others'."""
    accounts = [item_account]
    for member in folded:
        if member["account"] not in accounts:
            accounts.append(member["account"])
    return accounts


def collapse_hits(result: Any, conn: Any) -> Any:
    """A search result page with each cluster shown once (by its best-ranked hit)."""
    kept = []
    for hit, folded in collapse(result.hits, lambda h: h.key, conn):
        hit.reposts = [{"account": m["account"], "id": m["id"], "key": m["key"]} for m in folded]
        hit.published_by = publishers(hit.account, folded) if folded else []
        kept.append(hit)
    result.hits = kept
    return result


def annotate_calls(calls: list[dict[str, Any]], conn: Any) -> list[dict[str, Any]]:
    """Calls with their thread's id and current stage, each repost cluster shown once."""
    stages = stages_by_key(conn)
    out = []
    for call, folded in collapse(calls, lambda c: c["key"], conn):
        thread = stages.get(call["key"])
        call["thread"] = thread["thread"] if thread else None
        call["stage"] = thread["stage"] if thread else None
        call["published_by"] = publishers(call["account"], folded) if folded else []
        out.append(call)
    return out
