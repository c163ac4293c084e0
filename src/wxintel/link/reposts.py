"""Repost clusters: posts that carry one text, across accounts or republished by one.

A new post is compared with stored posts that share enough of its marks; it joins their
cluster when one holds most of the other (containment, so an added intro or a cut ending
still links) unless the two differ in substance (another date, batch or cited document: two
posts of one template) or one is a digest that merely quotes the other. The original is the
account a source line names when it is in the archive, else the earliest publisher; a source
outside the archive is recorded by name.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np

from wxintel import dates, settings
from wxintel.link import marks as text_marks
from wxintel.link.post import SELECT_POSTS, Post
from wxintel.store.sql import marks as placeholders

MIN_CONTAINMENT = settings.number("repost_min_containment")  # of the shorter post's marks
MIN_SHARED = 12  # marks in common (~50 characters of shared text) before a pair is considered
# Share of the longer post the shorter one must cover: below it the shared part is a
# passage (a series intro, a list of related posts), not the post that was reposted.
MIN_OF_LONGER = 0.2
SAME_TEXT = settings.number("repost_same_text")  # unedited repost above it, else edited
PAGE = 500  # posts per lookup query
# New postings go to level 0 of a levelled table (LEVELS) and move up in bulk, in mark order;
# the large table (LARGE) takes a level once it holds the postings of 1/RECENT_SHARE of the
# archive's posts (at least RECENT_MIN_POSTS). Inserted straight into the large table, a
# batch's postings (about 150 a post, spread over every mark) rewrote most of its pages:
# 45,000 pages to the write-ahead log for 500 posts at 100k. One small table in front of it
# (schema 14) grew to 1/8 of the archive before its merge, so each batch still rewrote pages
# in proportion to the archive: 600 kB passed to write() a post for +1,000 into 369,500
# posts, 423 kB a post written to disk over the 1M run. A level holds at most LEVEL_POSTS
# posts times LEVEL_RATIO to its number before it moves up, so a batch rewrites at most
# level 0 and each move at most the level above it: pages per post that do not grow with
# the archive, for one more seek a mark and level when candidates are looked up.
LARGE = "repost_postings"
LEVELS = "repost_postings_levels"
POSTINGS = (LARGE, LEVELS)  # a post's postings are all in one of them, at one level
LEVEL_POSTS = 4_000
LEVEL_RATIO = 8
RECENT_SHARE = 8
RECENT_MIN_POSTS = 2_000
LEVEL_COUNTS = "repost_level_posts"  # meta: how many posts each level holds, "n0,n1,…"


def link_reposts(
    conn: Any,
    posts: Iterable[Post],
    fresh: bool = False,
    found: Mapping[int, np.ndarray] | None = None,
) -> int:
    """Record the marks of `posts` and join each to the clusters it reposts; links made.

    The batch's marks are written first, so posts of one batch find each other too; `fresh`
    says none of them was linked before (a relink), so there is nothing of theirs to forget.
    `found` gives marks the ingest workers already computed, by row id (the rest are computed
    here).
    """
    posts = list(posts)
    found = found or {}
    all_marks = {
        post.row_id: found[post.row_id]
        if post.row_id in found
        else text_marks.mark_array(post.content)
        for post in posts
    }
    if not fresh:
        _forget(conn, [post.row_id for post in posts])
    record_marks(conn, all_marks)
    shared = _shared_marks(conn, all_marks)
    sizes = _sizes(conn, {other for counts in shared.values() for other in counts})
    linked = 0
    roots = _Roots(conn)
    for post in posts:
        mine = len(all_marks[post.row_id])
        counts = shared.get(post.row_id, {})
        close = [
            other for other, count in counts.items() if carry_one_text(count, mine, sizes[other])
        ]
        candidates = [Post.from_row(row) for row in _post_rows(conn, close)]
        others = [o for o in candidates if _same_text(post, o)]
        if others:
            linked += _join(conn, post, all_marks[post.row_id], others, roots)
    return linked


def _forget(conn: Any, ids: list[int]) -> None:
    """Take the posts `ids` out of the postings and their clusters (before linking them again).

    A post's postings are all in one place (the large table, or one level): one probe of a
    mark a post finds it, and its postings are deleted there only."""
    levels = _levels_in_use(conn)
    for i in range(0, len(ids), PAGE):
        chunk = ids[i : i + PAGE]
        places = placeholders(len(chunk))
        stored = {
            article: unpacked(blob).tolist()
            for article, blob in conn.execute(
                f"SELECT article, marks FROM repost_marksets WHERE article IN ({places})", chunk
            )
        }
        _fill_probe(conn, [(article, found[0]) for article, found in stored.items() if found])
        found_in = [
            (LARGE, "", post)
            for (post,) in conn.execute(
                f"SELECT p.post FROM repost_probe p CROSS JOIN {LARGE} s"
                " WHERE s.mark = p.mark AND s.article = p.post"
            )
        ]
        if levels:
            found_in += [
                (LEVELS, f"level = {level} AND ", post)
                for post, level in conn.execute(
                    "SELECT p.post, s.level FROM repost_probe p CROSS JOIN"
                    f" {LEVELS} s WHERE {_at_levels(levels)} AND s.mark = p.mark"
                    " AND s.article = p.post"
                )
            ]
        conn.execute("DELETE FROM repost_probe")
        for table, level, post in found_in:
            conn.executemany(
                f"DELETE FROM {table} WHERE {level}mark = ? AND article = ?",
                [(mark, post) for mark in stored[post]],
            )
        conn.execute(f"DELETE FROM repost_marksets WHERE article IN ({places})", chunk)
        conn.execute(f"DELETE FROM repost_members WHERE article IN ({places})", chunk)


def record_marks(conn: Any, all_marks: Mapping[int, np.ndarray]) -> None:
    """Store each post's marks in one row, and their postings in mark order (so the inserts
    walk the level once, front to back) at level 0 of the levelled postings, moving levels
    up when they are full (see LEVELS)."""
    conn.executemany(
        "INSERT INTO repost_marksets(article, size, marks) VALUES (?, ?, ?)",
        [(row_id, len(found), packed(found)) for row_id, found in all_marks.items()],
    )
    if not all_marks:
        return
    articles = np.concatenate(
        [np.full(len(found), row_id, dtype=np.int64) for row_id, found in all_marks.items()]
    )
    marks = np.concatenate(list(all_marks.values())).astype(np.int64)
    order = np.lexsort((articles, marks))
    conn.executemany(
        f"INSERT INTO {LEVELS}(level, mark, article) VALUES (0, ?, ?)",
        zip(marks[order].tolist(), articles[order].tolist(), strict=True),
    )
    _merge_when_grown(conn, len(all_marks))


def _merge_when_grown(conn: Any, added: int) -> None:
    """Count `added` posts into level 0, then move each full level up: into the large table
    once it holds the postings of 1/RECENT_SHARE of the archive's posts, else into the next
    level once it holds LEVEL_POSTS * LEVEL_RATIO**level posts.

    The moves are counted first and each level's postings moved once, straight to where the
    cascade leaves them: a full level 0 whose arrival fills level 1 for the large table went
    to level 1 and then, with it, into the large table, moving and deleting its postings
    twice."""
    held = _level_counts(conn)
    held[0] += added
    (newest,) = conn.execute("SELECT COALESCE(MAX(id), 0) FROM articles").fetchone()
    into_large = max(RECENT_MIN_POSTS, newest // RECENT_SHARE)
    within = [[level] for level in range(len(held))]  # the levels whose postings each holds
    moved: dict[int, int | None] = {}  # a level moved: where to (None: the large table)
    level = 0
    while level < len(held):
        if held[level] >= into_large:
            moved.update(dict.fromkeys(within[level]))
        elif held[level] >= LEVEL_POSTS * LEVEL_RATIO**level:
            if level + 1 == len(held):
                held.append(0)
                within.append([level + 1])
            within[level + 1] += within[level]
            held[level + 1] += held[level]
        else:
            level += 1
            continue
        held[level] = 0
        within[level] = []
        level += 1
    for home, postings in enumerate(within):
        moved.update((level, home) for level in postings if level != home)
    arriving: dict[int | None, list[int]] = {}
    for level, home in sorted(moved.items()):
        arriving.setdefault(home, []).append(level)
    for home, levels in arriving.items():
        # one pass over the target whatever the number of levels moving in: each level is in
        # mark order already, so the union's order is a merge (SQLite: MERGE (UNION ALL)),
        # not a sort, and the target's pages are walked once (a level's number is written
        # in, not a parameter: PostgreSQL types a parameter of a union as text)
        target, into, level_to = (
            (LARGE, "", "") if home is None else (LEVELS, "level, ", f"{int(home)}, ")
        )
        union = " UNION ALL ".join(
            [f"SELECT {level_to}mark, article FROM {LEVELS} WHERE level = ?"] * len(levels)
        )
        conn.execute(
            f"INSERT INTO {target}({into}mark, article) {union} ORDER BY mark, article", levels
        )
    for level in sorted(moved):
        conn.execute(f"DELETE FROM {LEVELS} WHERE level = ?", (level,))
    conn.execute(
        "INSERT INTO meta(key, value) VALUES (?, ?)"
        " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        (LEVEL_COUNTS, ",".join(map(str, held))),
    )


def _level_counts(conn: Any) -> list[int]:
    """How many posts' postings each level holds (forgotten posts still counted: the counts
    only decide when a level moves up)."""
    row = conn.execute("SELECT value FROM meta WHERE key = ?", (LEVEL_COUNTS,)).fetchone()
    return [int(n) for n in row[0].split(",")] if row else [0]


def _levels_in_use(conn: Any) -> list[int]:
    """The levels that hold postings: each is one range of the levelled table's key, so a
    mark is looked up with one seek a level (an empty level is not sought)."""
    return [level for level, held in enumerate(_level_counts(conn)) if held]


def packed(found: np.ndarray) -> bytes:
    """A post's marks as stored: sorted uint32, little-endian."""
    return found.astype("<u4").tobytes()


def unpacked(blob: bytes | memoryview) -> np.ndarray:
    """A post's stored marks back as an array."""
    return np.frombuffer(bytes(blob), dtype="<u4")


def _shared_marks(conn: Any, all_marks: Mapping[int, np.ndarray]) -> dict[int, dict[int, int]]:
    """For each post of a batch (its marks recorded), the stored posts it may carry one text
    with (`carry_one_text`), each with how many marks the two share (at least MIN_SHARED).

    In an archive of fewer than PREFIX_FROM posts every mark of the batch is joined with the
    postings and each pair counted there (the join). In a larger one the join walked 2.2
    million postings for 1,000 new posts at 100k (the common marks' lists grow with the
    archive), to keep about 1,300 pairs. A pair that carries one text shares at least
    `_least_shared` of the post's marks, so it shares at least PREFIX_SHARED of the post's
    marks left once the most common `_least_shared - PREFIX_SHARED` are set aside (a prefix
    filter): only those are joined (about 160,000 postings there), and the posts sharing
    PREFIX_SHARED of them are counted exactly from their stored marks. Either way every pair
    that can carry one text is found, with the same count.
    """
    probed = {post: found for post, found in all_marks.items() if len(found) >= MIN_SHARED}
    if not probed:
        return {}
    shared: dict[int, dict[int, int]] = {}
    (newest,) = conn.execute("SELECT COALESCE(MAX(id), 0) FROM articles").fetchone()
    if newest < PREFIX_FROM:
        every = [(post, mark) for post, found in probed.items() for mark in found.tolist()]
        for post, other, count in _probed_pairs(conn, every, MIN_SHARED):
            shared.setdefault(post, {})[other] = count
        return shared
    seen, counts = _sampled_frequencies(conn)
    probe = []
    for post, found in probed.items():
        at = np.searchsorted(seen, found).clip(max=len(seen) - 1)
        order = np.lexsort((found, np.where(seen[at] == found, counts[at], 0)))
        kept = len(found) - _least_shared(len(found)) + PREFIX_SHARED
        probe.extend((post, mark) for mark in found[order[:kept]].tolist())
    pairs = _probed_pairs(conn, probe, PREFIX_SHARED)
    wanted = {other for _, other, _ in pairs}
    # the batch's own posts are in memory (recorded just now): only older posts are read
    others = {other: all_marks[other] for other in wanted if other in all_marks}
    others.update(_stored_mark_sets(conn, wanted - others.keys()))
    for post, other, _ in pairs:
        count = len(np.intersect1d(all_marks[post], others[other], assume_unique=True))
        if count >= MIN_SHARED:
            shared.setdefault(post, {})[other] = count
    return shared


# Posts in the archive from which `_shared_marks` joins a prefix of each post's marks rather
# than every mark. The prefix costs ordering each post's marks by how common they are and a
# check of each pair found, which pay only once the common marks' lists are long.
# `_shared_marks` alone on the bench's 30-account corpus, in CPU-s, join / prefix (single runs
# at load 7-14, when the order came from a capped count of each mark's postings): a fresh 3k
# archive linked batch by batch 1.16 / 2.36; the newest 1,000 posts of a 12k archive
# 1.07 / 1.41, of the 100k archive 2.55 / 1.84. The two met near 40,000 posts (linear in the
# archive's size between 12k and 100k).
PREFIX_FROM = 40_000
# Marks a pair that carries one text must share, at the least, in the prefix of a post's
# rarest marks that `_shared_marks` joins. More walks more postings, fewer verifies fewer
# pairs: at 100k, 8 walked 160,000 postings and verified 1,300 pairs for 1,000 new posts;
# 1 walked 84,000 and left 42,000 pairs to verify.
PREFIX_SHARED = 8
# How many of the newest stored posts' marks are counted to order a post's marks by how common
# they are: the order only decides how much is walked, never what is found. Counting each
# mark's postings in the large table instead (capped at 64) was a seek per mark whose cost
# grew with the archive: 19-22 % of the ingest process at 300k-360k posts. The common marks
# are accounts' recurring lines and the texts of the moment, which the newest posts carry.
# For the newest 1,000 posts of the 100k bench archive the order cost 0.84 -> 0.05 CPU-s and
# the join walked 514,000 postings instead of 301,000 (0.81 -> 0.85 CPU-s); of the
# 369,500-post archive 0.86-1.00 -> 0.04, the join 1.67-1.91 -> 1.89-2.10 (load 6-9).
# A sample of 8,000 walked 356,000 at 100k but cost 0.24 CPU-s to count.
FREQUENCY_SAMPLE = 2_000


def _least_shared(size: int) -> int:
    """The fewest marks a post with `size` marks shares with any post it carries one text
    with (`carry_one_text`): MIN_SHARED, and the share of the shorter post's marks
    (MIN_CONTAINMENT) or of the longer's (MIN_OF_LONGER), whichever this post is. Rounded
    down, with a margin, below what the floating-point test allows."""
    share = min(MIN_CONTAINMENT, MIN_OF_LONGER)
    return max(MIN_SHARED, math.floor(share * size * (1 - 1e-9)))


def _sampled_frequencies(conn: Any) -> tuple[np.ndarray, np.ndarray]:
    """The marks of the newest FREQUENCY_SAMPLE stored posts with marks (sorted) and how many
    of those posts carry each: a read of the newest rows, whatever the archive's size. Posts
    without marks (pictures with a line of text) are passed over, so they neither dilute the
    sample nor empty it: a batch's probed posts are recorded before it is read, so it is never
    empty while one is looked up."""
    rows = conn.execute(
        "SELECT marks FROM repost_marksets WHERE size > 0 ORDER BY article DESC LIMIT ?",
        (FREQUENCY_SAMPLE,),
    ).fetchall()
    return np.unique(np.concatenate([unpacked(blob) for (blob,) in rows]), return_counts=True)


def _probed_pairs(
    conn: Any, probe: list[tuple[int, int]], least: int
) -> list[tuple[int, int, int]]:
    """The (post, other post, marks shared) of the pairs sharing at least `least` of the
    probed (post, mark)s. A post's postings are all in one of the two tables, so each
    table's pairs are counted apart (a sum over both would hold every pair of the join in a
    temporary table)."""
    _fill_probe(conn, probe)
    # CROSS JOIN keeps the probe as SQLite's outer loop: a seek into the postings per mark
    # (and level).
    levels = _levels_in_use(conn)
    tables = [(LARGE, "")]
    if levels:
        tables.append((LEVELS, f"{_at_levels(levels)} AND "))
    pairs = [
        (int(post), int(other), int(count))
        for table, level in tables
        for post, other, count in conn.execute(
            f"SELECT p.post, s.article, COUNT(*) FROM repost_probe p CROSS JOIN {table} s"
            f" WHERE {level}s.mark = p.mark AND s.article != p.post"
            " GROUP BY p.post, s.article HAVING COUNT(*) >= ?",
            (least,),
        )
    ]
    conn.execute("DELETE FROM repost_probe")
    return pairs


def _fill_probe(conn: Any, probe: list[tuple[int, int]]) -> None:
    """The temporary table `repost_probe` holding just the (post, mark)s `probe`, for a
    lookup in the postings that seeks each of them (in the levels `_at_levels` names)."""
    conn.execute(
        "CREATE TEMP TABLE IF NOT EXISTS repost_probe (post BIGINT NOT NULL, mark BIGINT NOT NULL)"
    )
    conn.execute("DELETE FROM repost_probe")
    conn.executemany("INSERT INTO repost_probe(post, mark) VALUES (?, ?)", probe)


def _at_levels(levels: list[int]) -> str:
    """The condition keeping a lookup in the levelled postings (as `s`) to the levels in use:
    each is one range of the table's key, so a mark is sought once a level."""
    return f"s.level IN ({', '.join(map(str, levels))})"


def _stored_mark_sets(conn: Any, ids: set[int]) -> dict[int, np.ndarray]:
    """The stored marks of each of the posts `ids`."""
    ordered = sorted(ids)
    found: dict[int, np.ndarray] = {}
    for i in range(0, len(ordered), PAGE):
        chunk = ordered[i : i + PAGE]
        for article, blob in conn.execute(
            "SELECT article, marks FROM repost_marksets"
            f" WHERE article IN ({placeholders(len(chunk))})",
            chunk,
        ):
            found[article] = unpacked(blob)
    return found


def _sizes(conn: Any, ids: set[int]) -> dict[int, int]:
    """How many marks each of the stored posts `ids` has."""
    ordered = sorted(ids)
    sizes: dict[int, int] = {}
    for i in range(0, len(ordered), PAGE):
        chunk = ordered[i : i + PAGE]
        sizes.update(
            conn.execute(
                "SELECT article, size FROM repost_marksets"
                f" WHERE article IN ({placeholders(len(chunk))})",
                chunk,
            ).fetchall()
        )
    return sizes


def _post_rows(conn: Any, ids: list[int]) -> list[Any]:
    if not ids:
        return []
    return conn.execute(
        f"{SELECT_POSTS} WHERE id IN ({placeholders(len(ids))}) ORDER BY id",
        ids,
    ).fetchall()


def carry_one_text(shared: int, mine: int, theirs: int) -> bool:
    """Whether two posts with `mine` and `theirs` marks, `shared` of them in common, carry one
    text: the shorter nearly all inside the longer, and more than a passage of the longer."""
    shorter, longer = sorted((max(mine, 1), max(theirs, 1)))
    return shared / shorter >= MIN_CONTAINMENT and shared / longer >= MIN_OF_LONGER


def _same_text(post: Post, other: Post) -> bool:
    """Not two posts of one template, and not a digest beside a post it quotes."""
    if (post.kind == "digest") != (other.kind == "digest"):
        return False
    small, large = sorted((post.content, other.content), key=len)
    return not text_marks.differ_in_substance(small, large)


def _join(conn: Any, post: Post, mine: np.ndarray, others: list[Post], roots: _Roots) -> int:
    """Put `post` into a cluster with the `others` it carries one text with; how many joined.

    A cluster's root is its longest member: every member is a copy of it, a cut of it or it
    with an addition. The first cluster among the others' whose root `post` carries one text
    with is the one it joins (or, when a post of its batch already put it in one, that one),
    and the clusters of the rest merge into it only when their roots carry one text with its
    root. Joining through any member instead (single linkage) chains different texts through
    a passage they each quote: a short post quoted whole in two different long ones made one
    cluster of all three, and one of 32,061 posts of the 100k bench archive.
    """
    carried = {other.row_id for other in others}
    # Each of them is in one group and only its own insert below changes whether it is in a
    # cluster: their clusters are read once.
    in_cluster = _cluster_ids(conn, [post.row_id, *carried])
    groups: dict[int, list[Post]] = {}
    for other in others:
        groups.setdefault(in_cluster.get(other.row_id) or other.row_id, []).append(other)
    own = in_cluster.get(post.row_id)
    cluster: int | None = None
    joined = 0
    for theirs, members in groups.items():
        root = roots.of(theirs)
        target = cluster if cluster is not None else own
        if target is None:
            fits = root in carried or _carries_root(post, mine, root, roots)
        else:
            fits = theirs == target or _roots_one_text(root, roots.of(target), roots)
        if not fits:
            continue
        for member in members:
            if member.row_id not in in_cluster:
                conn.execute(
                    "INSERT INTO repost_members(article, cluster, source) VALUES (?, ?, ?)",
                    (member.row_id, theirs, member.source),
                )
        if cluster is None:
            cluster = theirs
            if own is None:
                conn.execute(
                    "INSERT INTO repost_members(article, cluster, source) VALUES (?, ?, ?)",
                    (post.row_id, cluster, post.source),
                )
                roots.joined(cluster, post.row_id, len(mine))
            elif own != cluster:
                conn.execute(
                    "UPDATE repost_members SET cluster = ? WHERE cluster = ?", (cluster, own)
                )
                roots.merged(cluster, own)
        elif theirs != cluster:
            conn.execute(
                "UPDATE repost_members SET cluster = ? WHERE cluster = ?", (cluster, theirs)
            )
            roots.merged(cluster, theirs)
        joined += len(members)
    return joined


def _cluster_ids(conn: Any, articles: list[int]) -> dict[int, int]:
    """The cluster of each of `articles` that is in one."""
    where = f"article IN ({placeholders(len(articles))})"
    rows = conn.execute(f"SELECT article, cluster FROM repost_members WHERE {where}", articles)
    return {article: cluster for article, cluster in rows}


class _Roots:
    """Each cluster's root, its longest member (by marks; the first stored of equals), or the
    post `cluster` itself when it is in no cluster yet: read once a batch, then kept as posts
    join and clusters merge, so a text relayed by thousands is not sorted again for every
    post that meets it. A root's stored row and marks are kept too: within one batch they do
    not change, and every post meeting the cluster is compared with them."""

    def __init__(self, conn: Any) -> None:
        self.conn = conn
        self._known: dict[int, tuple[int, int]] = {}  # cluster -> (size, -article) of its root
        self._posts: dict[int, Post] = {}
        self._marks: dict[int, np.ndarray] = {}

    def post(self, article: int) -> Post:
        if article not in self._posts:
            self._posts[article] = Post.from_row(_post_rows(self.conn, [article])[0])
        return self._posts[article]

    def marks(self, article: int) -> np.ndarray:
        if article not in self._marks:
            self._marks[article] = _stored_marks(self.conn, article)
        return self._marks[article]

    def of(self, cluster: int) -> int:
        return -self._read(cluster)[1]

    def joined(self, cluster: int, article: int, size: int) -> None:
        self._known[cluster] = max(self._read(cluster), (size, -article))

    def merged(self, into: int, other: int) -> None:
        self._known[into] = max(self._read(into), self._read(other))
        self._known.pop(other, None)

    def _read(self, cluster: int) -> tuple[int, int]:
        if cluster not in self._known:
            row = self.conn.execute(
                "SELECT r.article, m.size FROM repost_members r"
                " JOIN repost_marksets m ON m.article = r.article"
                " WHERE r.cluster = ? ORDER BY m.size DESC, r.article LIMIT 1",
                (cluster,),
            ).fetchone()
            if row is None:
                alone = self.conn.execute(
                    "SELECT size FROM repost_marksets WHERE article = ?", (cluster,)
                ).fetchone()
                row = (cluster, alone[0] if alone else 0)
            self._known[cluster] = (row[1], -row[0])
        return self._known[cluster]


def _carries_root(post: Post, mine: np.ndarray, root: int, roots: _Roots) -> bool:
    """Whether `post` (its marks `mine`) carries one text with the stored post `root`."""
    theirs = roots.marks(root)
    shared = len(np.intersect1d(mine, theirs, assume_unique=True))
    if shared < MIN_SHARED or not carry_one_text(shared, len(mine), len(theirs)):
        return False
    return _same_text(post, roots.post(root))


def _roots_one_text(a: int, b: int, roots: _Roots) -> bool:
    """Whether the stored posts `a` and `b` carry one text."""
    if a == b:
        return True
    return _carries_root(roots.post(a), roots.marks(a), b, roots)


def _stored_marks(conn: Any, article: int) -> np.ndarray:
    row = conn.execute("SELECT marks FROM repost_marksets WHERE article = ?", (article,)).fetchone()
    return unpacked(row[0]) if row else np.empty(0, dtype="<u4")


# -- reading ---------------------------------------------------------------------------------


def clusters(conn: Any, account: str | None = None) -> list[dict[str, Any]]:
    """Every repost cluster (optionally those with a post of `account`), newest first."""
    where = ""
    params: list[Any] = []
    if account:
        where = (
            " WHERE r.cluster IN (SELECT r2.cluster FROM repost_members r2"
            " JOIN articles a2 ON a2.id = r2.article WHERE a2.account = ?)"
        )
        params.append(account)
    rows = conn.execute(
        "SELECT r.cluster, r.source, a.id, a.key, a.aid, a.account, a.title, a.published"
        f" FROM repost_members r JOIN articles a ON a.id = r.article{where}"
        " ORDER BY r.cluster, a.published, a.key",
        params,
    ).fetchall()
    by_cluster: dict[int, list[Any]] = {}
    for row in rows:
        by_cluster.setdefault(row["cluster"], []).append(row)
    accounts = _archive_accounts(conn)
    out = [_describe(conn, cid, members, accounts) for cid, members in by_cluster.items()]
    out.sort(key=lambda c: (max(m["published"] for m in c["members"]), c["id"]), reverse=True)
    return out


def cluster_of(conn: Any, key: str) -> dict[str, Any] | None:
    """The repost cluster of the article `key`, or None when nothing else carries its text."""
    row = conn.execute(
        "SELECT r.cluster FROM repost_members r JOIN articles a ON a.id = r.article"
        " WHERE a.key = ?",
        (key,),
    ).fetchone()
    if row is None:
        return None
    members = conn.execute(
        "SELECT r.cluster, r.source, a.id, a.key, a.aid, a.account, a.title, a.published"
        " FROM repost_members r JOIN articles a ON a.id = r.article WHERE r.cluster = ?"
        " ORDER BY a.published, a.key",
        (row[0],),
    ).fetchall()
    return _describe(conn, row[0], members, _archive_accounts(conn))


def text_similarity(a: set[int], b: set[int]) -> float:
    """The share of the longer text's marks the two share: 1.0 for an unedited repost, lower
    the more one was edited or the less they have in common beyond a shared passage."""
    return len(a & b) / max(len(a), len(b), 1)


def marks_by_key(conn: Any, keys: Iterable[str]) -> dict[str, set[int]]:
    """The text marks of the articles `keys` (an article without marks maps to nothing)."""
    keys = list(dict.fromkeys(keys))
    if not keys:
        return {}
    out: dict[str, set[int]] = {}
    for key, blob in conn.execute(
        "SELECT a.key, m.marks FROM repost_marksets m JOIN articles a ON a.id = m.article"
        f" WHERE a.key IN ({placeholders(len(keys))})",
        keys,
    ):
        found = set(unpacked(blob).tolist())
        if found:
            out[key] = found
    return out


def cluster_keys(conn: Any) -> dict[str, str]:
    """Each clustered article's key mapped to its cluster's id, for collapsing result lists."""
    rows = conn.execute(
        "SELECT a.key, r.cluster FROM repost_members r JOIN articles a ON a.id = r.article"
    )
    return {key: f"r{cluster}" for key, cluster in rows}


def _archive_accounts(conn: Any) -> set[str]:
    return {row[0] for row in conn.execute("SELECT DISTINCT account FROM articles")}


def _describe(conn: Any, cluster: int, members: list[Any], accounts: set[str]) -> dict[str, Any]:
    """A cluster in the shape of `wxintel reposts --json`."""
    ids = [m["id"] for m in members]
    mark_sets: dict[int, set[int]] = {i: set() for i in ids}
    for article, blob in conn.execute(
        f"SELECT article, marks FROM repost_marksets WHERE article IN ({placeholders(len(ids))})",
        ids,
    ):
        mark_sets[article] = set(unpacked(blob).tolist())
    original = _original(members, accounts)
    named = [m["source"] for m in members if m["source"] and m["source"] not in accounts]
    source_outside = original["source"] if original["source"] in named else None
    if source_outside is None and named:
        source_outside = Counter(named).most_common(1)[0][0]
    out_members = []
    for m in members:
        if m["id"] == original["id"]:
            relation, similarity = "original", 1.0
        else:
            similarity = text_similarity(mark_sets[m["id"]], mark_sets[original["id"]])
            relation = "repost" if similarity >= SAME_TEXT else "edited_repost"
        out_members.append(
            {
                "account": m["account"],
                "id": m["aid"],
                "key": m["key"],
                "title": m["title"],
                "published": m["published"],
                "relation": relation,
                "similarity": round(similarity, 3),
                "lag_days": _lag_days(original["published"], m["published"]),
            }
        )
    return {
        "id": f"r{cluster}",
        "original": {"account": original["account"], "id": original["aid"]},
        "source_outside": source_outside,
        "accounts": sorted({m["account"] for m in members}),
        "members": out_members,
    }


def _lag_days(original: str, published: str) -> int | None:
    """Days between the original's publication and a member's (None when a date is missing)."""
    if not original or not published:
        return None
    return (dates.day(published) - dates.day(original)).days


def _original(members: list[Any], accounts: set[str]) -> Any:
    """The member of the account a source line names, when in the archive; else the earliest."""
    for m in members:
        named = m["source"]
        if named and named in accounts:
            firsts = [o for o in members if o["account"] == named]
            if firsts:
                return firsts[0]
    return members[0]


_MEMBERS = (
    "SELECT r.cluster, a.key, a.aid, a.account, a.published FROM repost_members r"
    " JOIN articles a ON a.id = r.article"
)


def cluster_members(
    conn: Any, keys: list[str], limit: int | None = None
) -> dict[str, dict[str, Any]]:
    """For the given keys that are clustered: their cluster's id and members (oldest first),
    and whether those are all its members (`whole`).

    With a `limit`, a cluster of more members is read in part: the given keys in it and its
    first `limit` members by article id (index ranges, however large the cluster), so a list
    meeting a text relayed by thousands of posts costs what one relayed by a few does.
    """
    if not keys:
        return {}
    places = placeholders(len(keys))
    listed = conn.execute(f"{_MEMBERS} WHERE a.key IN ({places})", keys).fetchall()
    if not listed:
        return {}
    clusters_of = {key: cluster for cluster, key, *_ in listed}
    ids = sorted(set(clusters_of.values()))
    members: dict[int, dict[str, dict[str, str]]] = {}

    def add(rows: Iterable[Any]) -> None:
        for cluster, key, aid, account, published in rows:
            member = {"key": key, "id": aid, "account": account, "published": published}
            members.setdefault(cluster, {}).setdefault(key, member)

    large = {c for c in ids if limit is not None and _more_members_than(conn, c, limit)}
    whole = [c for c in ids if c not in large]
    if whole:
        add(
            conn.execute(
                f"{_MEMBERS} WHERE r.cluster IN ({placeholders(len(whole))})"
                " ORDER BY a.published, a.key",
                whole,
            )
        )
    for cluster in sorted(large):  # the listed keys and the first `limit`
        first = conn.execute(
            f"{_MEMBERS} WHERE r.cluster = ? ORDER BY r.article LIMIT ?", (cluster, limit)
        )
        part = [row for row in listed if row[0] == cluster] + first.fetchall()
        add(sorted(part, key=lambda row: (row[4], row[1])))
    return {
        key: {
            "id": f"r{cluster}",
            "members": list(members[cluster].values()),
            "whole": cluster not in large,
        }
        for key, cluster in clusters_of.items()
    }


def _more_members_than(conn: Any, cluster: int, limit: int) -> bool:
    """Whether `cluster` has more than `limit` members, counting no further than that."""
    row = conn.execute(
        "SELECT COUNT(*) FROM (SELECT 1 FROM repost_members WHERE cluster = ? LIMIT ?) AS capped",
        (cluster, limit + 1),
    ).fetchone()
    return row[0] > limit
