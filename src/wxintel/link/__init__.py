"""The link stage: repost clusters, call threads and each account's relative organisation
names (区商务局 → its district's) across a stored archive.

It runs after each stored batch (`link_batch`), so a new post joins its cluster and thread
without a rebuild; `relink` redoes the whole archive (after an upgrade, or to measure).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from concurrent.futures import Executor
from typing import Any

import numpy as np

from wxintel.link.collapse import one_per_cluster
from wxintel.link.marks import mark_array
from wxintel.link.places import derive_place_votes, qualify_relative_orgs
from wxintel.link.post import SELECT_POSTS, Post
from wxintel.link.reposts import (
    LEVEL_COUNTS,
    POSTINGS,
    cluster_keys,
    cluster_of,
    clusters,
    link_reposts,
    record_marks,
)
from wxintel.link.threads import (
    index_thread_keys,
    link_threads,
    no_thread,
    stage_openers,
    stages_by_key,
    thread_of,
    threads,
)
from wxintel.store.sql import marks as placeholders
from wxintel.workers import pool_map

PAGE = 500
# meta flags an upgraded archive carries until the link stage derived what it lacks
MARKS_MISSING = "repost_marks_missing"  # stored posts' repost marks (schema 9)
VOTES_MISSING = "place_votes_missing"  # stored posts' place votes (schema 10)
THREAD_KEYS_MISSING = "thread_keys_missing"  # stored threads' keys (schema 15)

__all__ = [
    "Post",
    "article_links",
    "cluster_keys",
    "cluster_of",
    "clusters",
    "derive_missing",
    "link_batch",
    "mark_array",
    "minhash_groups",
    "no_thread",
    "one_per_cluster",
    "relink",
    "stage_openers",
    "stages_by_key",
    "thread_of",
    "threads",
]


def link_batch(
    store: Any,
    keys: Iterable[str],
    fresh: bool = False,
    marks: Mapping[str, np.ndarray] | None = None,
) -> dict[str, int]:
    """Link the stored articles `keys` (just written) to the rest, in one transaction.

    `fresh`: none of them was linked before (a relink), so no old links need forgetting.
    `marks`: their repost marks by key, when the ingest workers computed them already.
    """
    keys = list(keys)
    derive_missing(store)
    with store.transaction() as conn:
        posts = list(_posts(conn, keys))
        found = {post.row_id: marks[post.key] for post in posts if marks and post.key in marks}
        return {
            "repost_links": link_reposts(conn, posts, fresh, found),
            "threaded": link_threads(conn, posts),
            "places_resolved": qualify_relative_orgs(
                conn, {post.row_id: post.account for post in posts}
            ),
        }


def relink(store: Any) -> dict[str, int]:
    """Forget every link and link the whole archive again, oldest post first."""
    with store.transaction() as conn:
        for table in (
            *POSTINGS,
            "repost_marksets",
            "repost_members",
            "thread_members",
            "thread_keys",
            "threads",
        ):
            conn.execute(f"DELETE FROM {table}")
        conn.execute(
            "DELETE FROM meta WHERE key IN (?, ?, ?)",
            (MARKS_MISSING, LEVEL_COUNTS, THREAD_KEYS_MISSING),
        )
        keys = [row[0] for row in conn.execute("SELECT key FROM articles ORDER BY published, key")]
    totals = {"repost_links": 0, "threaded": 0, "places_resolved": 0}
    for i in range(0, len(keys), PAGE):
        done = link_batch(store, keys[i : i + PAGE], fresh=True)
        for name, count in done.items():
            totals[name] += count
    return totals


def derive_missing(store: Any, pool: Executor | None = None) -> list[str]:
    """Once after an upgrade that reshaped what the link stage keeps: derive the repost marks
    (schema 9) and the place votes (schema 10) of every stored post and the keys of every
    stored thread (schema 15), so new posts meet the old ones again; a line for each thing
    done. Clusters are kept (same text, same marks), and relative names are re-pointed only
    where the counted places say otherwise."""
    done = []
    marked = _derive_marks(store, pool)
    if marked:
        done.append(f"derived the repost marks of {marked} stored posts: their storage changed")
    if store.meta(VOTES_MISSING) == "1":
        with store.transaction() as conn:
            if store.meta(VOTES_MISSING) == "1":  # not done by another process meanwhile
                moved = derive_place_votes(conn)
                conn.execute("DELETE FROM meta WHERE key = ?", (VOTES_MISSING,))
                done.append(f"counted the place votes of the stored posts ({moved} names moved)")
    if store.meta(THREAD_KEYS_MISSING) == "1":
        with store.transaction() as conn:
            if store.meta(THREAD_KEYS_MISSING) == "1":
                indexed = index_thread_keys(conn)
                conn.execute("DELETE FROM meta WHERE key = ?", (THREAD_KEYS_MISSING,))
                done.append(f"indexed the names of the {indexed} stored call threads")
    return done


def _derive_marks(store: Any, pool: Executor | None) -> int:
    """The marks of every stored post without them, from its text (on `pool`'s workers if
    given); how many posts."""
    if store.meta(MARKS_MISSING) != "1":
        return 0
    done = 0
    with store.transaction() as conn:
        if store.meta(MARKS_MISSING) != "1":
            return 0  # another process derived them while this one waited for the write lock
        after = 0
        while rows := conn.execute(
            "SELECT a.id, a.content FROM articles a"
            " LEFT JOIN repost_marksets m ON m.article = a.id"
            f" WHERE m.article IS NULL AND a.id > ? ORDER BY a.id LIMIT {PAGE}",
            (after,),
        ).fetchall():
            texts = [row[1] for row in rows]
            derived = pool_map(mark_array, texts, pool=pool)
            record_marks(conn, dict(zip((row[0] for row in rows), derived, strict=True)))
            done += len(rows)
            after = rows[-1][0]
        conn.execute("DELETE FROM meta WHERE key = ?", (MARKS_MISSING,))
    return done


def _posts(conn: Any, keys: list[str]) -> Iterable[Post]:
    """The articles `keys` as the link stage reads them, oldest first."""
    for i in range(0, len(keys), PAGE):
        chunk = keys[i : i + PAGE]
        places = placeholders(len(chunk))
        rows = conn.execute(
            f"{SELECT_POSTS} WHERE key IN ({places}) ORDER BY published, key",
            chunk,
        ).fetchall()
        cites: dict[int, list[str]] = {}
        ids = [row["id"] for row in rows]
        if ids:
            for article, value in conn.execute(
                "SELECT article, value FROM facts WHERE kind IN ('doc_number', 'policy_title')"
                f" AND article IN ({placeholders(len(ids))}) ORDER BY article, seq",
                ids,
            ):
                cited = json.loads(value)
                if isinstance(cited, str):
                    cites.setdefault(article, []).append(cited)
        for row in rows:
            yield Post.from_row(row, cites.get(row["id"], []))


def article_links(conn: Any, key: str) -> dict[str, Any]:
    """What `show --json` and the article page add: the post's repost cluster and thread."""
    return {"reposts": cluster_of(conn, key), "thread": thread_of(conn, key)}


def minhash_groups(conn: Any) -> dict[str, str]:
    """Today's links as groups (exact copies and MinHash near-duplicates): the baseline."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    pairs = conn.execute(
        "SELECT x.key, y.key FROM near_duplicates n JOIN articles x ON x.id = n.a"
        " JOIN articles y ON y.id = n.b"
    ).fetchall()
    pairs += conn.execute(
        "SELECT key, duplicate_of FROM articles WHERE duplicate_of IS NOT NULL"
    ).fetchall()
    for a, b in pairs:
        parent[find(a)] = find(b)
    return {key: find(key) for key in list(parent)}
