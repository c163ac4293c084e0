"""Writing ingested articles: one transaction per batch, the rows and everything derived from
them (edge lines, LSH buckets, facts, mentions, tables), duplicate links, and the change log.

Which copy of a post wins and which pairs are near-duplicates is the policy of `dedupe`; this
module only reads the candidates and writes the links. The search index follows the store
afterwards from its change log (search/sync.py): nothing here knows about it.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Iterable, Iterator
from concurrent.futures import Executor
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from wxintel import dedupe
from wxintel.store.records import Prepared, WriteResult
from wxintel.store.sql import chunks, marks
from wxintel.workers import pool_map

if TYPE_CHECKING:
    from wxintel.store.sqlstore import SQLStore

# The tables whose rows derive from one article, replaced whenever the article is rewritten.
DERIVED_TABLES = ("edge_lines", "lsh_buckets", "facts", "mentions", "doc_tables")


def existing_hashes(store: SQLStore, keys: Iterable[str]) -> dict[str, str]:
    """raw_hash of the given keys that are already stored."""
    out: dict[str, str] = {}
    for chunk in chunks(list(keys)):
        sql = f"SELECT key, raw_hash FROM articles WHERE key IN ({marks(len(chunk))})"
        out.update({row[0]: row[1] for row in store.conn.execute(sql, chunk)})
    return out


def account_edge_counts(
    store: SQLStore, account: str, exclude: Iterable[str] = ()
) -> tuple[int, Counter]:
    """How many posts the account has stored, and how often each edge line recurs in them
    (lines of two posts or more), leaving out the stored posts `exclude`. Read from the
    counts the writer keeps (edge_counts), not by counting the account's every post again."""
    excluded = list(exclude)
    # The account's posts counted from its index alone, less the excluded ones found by key
    # alone, their account compared here: given `account = ?` too, SQLite led with the
    # account's index and tested every row of a large account against the keys (0.3 CPU-s of
    # 1,000 new posts into a 100k archive in a first form, 0.25 a batch of 500 in a second).
    total = store.conn.execute(
        "SELECT COUNT(*) FROM articles WHERE account = ?", (account,)
    ).fetchone()[0]
    if excluded:
        total -= sum(
            found == account
            for (found,) in store.conn.execute(
                f"SELECT account FROM articles WHERE key IN ({marks(len(excluded))})", excluded
            )
        )
    counts = Counter(
        dict(
            store.conn.execute(
                "SELECT line, posts FROM edge_counts WHERE account = ? AND posts >= 2", (account,)
            ).fetchall()
        )
    )
    if excluded:
        # CROSS JOIN keeps SQLite's order as written: the excluded posts by key, then their
        # lines; led by the account's edge lines, it walked every line of a large account
        # (1.7 of 8 CPU-s of an ingest of 1,000 new posts into a 100k archive)
        counts.subtract(
            line
            for (line,) in store.conn.execute(
                "SELECT e.line FROM articles a CROSS JOIN edge_lines e"
                f" WHERE a.key IN ({marks(len(excluded))}) AND e.article = a.id"
                " AND e.account = ?",
                (*excluded, account),
            )
        )
    return total, Counter({line: n for line, n in counts.items() if n >= 2})


def raw_articles_of_account(store: SQLStore, account: str) -> Iterator[tuple[str, dict[str, Any]]]:
    """An account's posts as they were read, to re-clean them when its boilerplate changes."""
    rows = store.conn.execute(
        "SELECT key, aid, account, title, url, published, author, biz, mid, idx, sn,"
        " source_url, extra, origin, raw_content, content, is_stub FROM articles WHERE account = ?"
        " ORDER BY id",
        (account,),
    )
    for row in rows:
        record = dict(row)
        record["extra"] = json.loads(record["extra"])
        yield record["key"], record


def write_batch(
    store: SQLStore, batch: list[Prepared], force: bool = False, rederived: bool = False
) -> tuple[WriteResult, list[str]]:
    """Write one batch in one transaction; what it did, and the keys of the batch it changed
    (the change log also holds the stored rows it re-pointed).

    `force` rewrites rows whose input is unchanged (after cleaning rules changed).
    `rederived`: the batch was derived again from stored rows (reprocess), so only rows whose
    input is still the one read are rewritten; a row an ingest changed or removed meanwhile
    keeps what that ingest wrote. The stored input is read inside the transaction, so no
    other writer comes between the check and the write.
    """
    result = WriteResult()
    if not batch:
        return result, []
    changed: list[Written] = []
    with store.transaction():
        existing = existing_hashes(store, (p.key for p in batch))
        fresh: list[Prepared] = []
        for prepared in batch:
            old_hash = existing.get(prepared.key)
            stale = rederived and old_hash != prepared.raw_hash
            if stale or (old_hash == prepared.raw_hash and not force and not rederived):
                result.unchanged += 1
                continue
            fresh.append(prepared)
        if fresh:
            changed = _upsert_articles(store, fresh, existing)
            result.added = sum(w.prepared.key not in existing for w in changed)
            result.updated = len(changed) - result.added
            _replace_derived(store, changed)
            result.duplicates, repointed = _link_duplicates(store, [w.prepared for w in changed])
            result.near_duplicates = _link_near_duplicates(store, changed)
            store.log_changes([*(w.prepared.key for w in changed), *repointed])
    return result, [w.prepared.key for w in changed]


@dataclass
class Written:
    """One article a batch writes, with every row value derived from it, built once: the
    articles row (its fingerprint included), facts, mentions, tables and LSH buckets."""

    row_id: int
    prepared: Prepared
    values: dict[str, Any]
    facts: list[tuple[Any, ...]]
    mentions: list[tuple[Any, ...]]
    tables: list[tuple[Any, ...]]
    buckets: list[tuple[int, int]]


def _written(p: Prepared) -> Written:
    values = _article_values(p)
    facts, mentions, tables = _fact_rows(p), _mention_rows(p), _table_rows(p)
    values["derived_hash"] = _fingerprint(values, p.edge_lines, facts, mentions, tables)
    buckets = dedupe.band_hashes(p.signature) if p.signature is not None else []
    return Written(0, p, values, facts, mentions, tables, buckets)


def derived_hash(p: Prepared) -> str:
    """A fingerprint of every row value this article's write derives from its text: the
    article row and its edge lines, signature, facts, mentions and tables. Equal fingerprints
    mean rewriting it changes nothing, so `wxintel reprocess` rewrites only what differs."""
    return _fingerprint(
        _article_values(p), p.edge_lines, _fact_rows(p), _mention_rows(p), _table_rows(p)
    )


def _fingerprint(
    values: dict[str, Any],
    edge_lines: set[str],
    facts: list[tuple[Any, ...]],
    mentions: list[tuple[Any, ...]],
    tables: list[tuple[Any, ...]],
) -> str:
    parts = [values, sorted(edge_lines), facts, mentions, tables]
    encoded = json.dumps(parts, ensure_ascii=False, default=_hex)
    return hashlib.sha1(encoded.encode()).hexdigest()


def _hex(value: Any) -> str:
    if isinstance(value, bytes):
        return value.hex()
    raise TypeError(f"not JSON: {type(value).__name__}")


def _article_values(p: Prepared) -> dict[str, Any]:
    """The articles row of `p`, without its fingerprint and the links to other rows."""
    a, e = p.article, p.enrichment
    deadline = next((f.value for f in e.facts if f.kind == "deadline"), "")
    return {
        "key": p.key,
        "aid": dedupe.public_id(a, p.key),
        "account": a.account,
        "title": a.title,
        "url": a.url,
        "published": a.published,
        "author": a.author,
        "biz": a.biz,
        "mid": a.mid,
        "idx": a.idx,
        "sn": a.sn,
        "source_url": a.source_url,
        "extra": json.dumps(a.extra, ensure_ascii=False, sort_keys=True, default=str),
        "origin": a.origin,
        "raw_content": a.raw_content,
        "raw_hash": p.raw_hash,
        "content": a.content,
        "content_hash": p.content_hash,
        "title_key": p.title_key,
        "lang": a.lang,
        "is_stub": int(a.is_stub),
        "reprinted_from": a.reprinted_from,
        "kind": e.kind,
        "kind_rule": e.kind_rule,
        "tags": json.dumps(e.tags, ensure_ascii=False),
        "deadline": deadline if isinstance(deadline, str) else "",
        "signature": dedupe.signature_bytes(p.signature) if p.signature is not None else None,
    }


def _fact_rows(p: Prepared) -> list[tuple[Any, ...]]:
    """(seq, kind, value, start, end, text) of each fact."""
    return [
        (i, f.kind, json.dumps(f.value, ensure_ascii=False), f.start, f.end, f.text)
        for i, f in enumerate(p.enrichment.facts)
    ]


def _mention_rows(p: Prepared) -> list[tuple[Any, ...]]:
    """(seq, entity kind, entity name, surface, start, end, attrs) of each mention."""
    return [
        (i, m.kind, m.name, m.surface, m.start, m.end, json.dumps(m.attrs, ensure_ascii=False))
        for i, m in enumerate(p.enrichment.mentions)
    ]


def _table_rows(p: Prepared) -> list[tuple[Any, ...]]:
    """(seq, columns, rows, start, end) of each table found in the text."""
    return [
        (
            i,
            json.dumps(t.columns, ensure_ascii=False),
            json.dumps(t.rows, ensure_ascii=False),
            t.start,
            t.end,
        )
        for i, t in enumerate(p.enrichment.tables)
    ]


def _upsert_articles(
    store: SQLStore, batch: list[Prepared], existing: dict[str, str]
) -> list[Written]:
    """Insert the batch's new articles and update its stored ones, a statement each for the
    batch (new rows get their ids in batch order, as one insert at a time gave them); the
    batch's articles with their ids and rows, in batch order."""
    written = [_written(p) for p in batch]
    new = [w.values for w in written if w.prepared.key not in existing]
    old = [w.values for w in written if w.prepared.key in existing]
    columns = list(written[0].values)
    if new:
        store.conn.executemany(
            f"INSERT INTO articles ({', '.join(columns)}) VALUES ({marks(len(columns))})",
            [[values[c] for c in columns] for values in new],
        )
    if old:
        updated = [c for c in columns if c != "key"]
        store.conn.executemany(
            f"UPDATE articles SET {', '.join(f'{c} = ?' for c in updated)} WHERE key = ?",
            [[*(values[c] for c in updated), values["key"]] for values in old],
        )
    ids: dict[str, int] = {}
    for chunk in chunks([w.prepared.key for w in written]):
        sql = f"SELECT key, id FROM articles WHERE key IN ({marks(len(chunk))})"
        ids.update((key, int(row_id)) for key, row_id in store.conn.execute(sql, chunk))
    for w in written:
        w.row_id = ids[w.prepared.key]
    return written


def _replace_derived(store: SQLStore, changed: list[Written]) -> None:
    """Replace the derived rows of the batch's rewritten articles, a statement per table for
    the whole batch rather than per article (a round trip each on a database server)."""
    conn = store.conn
    ids = [w.row_id for w in changed]
    _count_edges(conn, ids, [w.prepared for w in changed])
    for chunk in chunks(ids):
        for table in DERIVED_TABLES:
            conn.execute(f"DELETE FROM {table} WHERE article IN ({marks(len(chunk))})", chunk)
        conn.execute(
            f"DELETE FROM near_duplicates WHERE a IN ({marks(len(chunk))})"
            f" OR b IN ({marks(len(chunk))})",
            [*chunk, *chunk],
        )
    conn.executemany(
        "INSERT INTO edge_lines(article, account, line) VALUES (?, ?, ?)",
        [
            (w.row_id, w.prepared.article.account, line)
            for w in changed
            for line in sorted(w.prepared.edge_lines)
        ],
    )
    conn.executemany(
        "INSERT INTO lsh_buckets(article, band, bucket) VALUES (?, ?, ?)",
        [(w.row_id, band, bucket) for w in changed for band, bucket in w.buckets],
    )
    conn.executemany(
        "INSERT INTO facts(article, seq, kind, value, span_start, span_end, text)"
        " VALUES (?,?,?,?,?,?,?)",
        [(w.row_id, *row) for w in changed for row in w.facts],
    )
    mentions = [(w.row_id, row) for w in changed for row in w.mentions]
    entity = _entity_ids(store, [(row[1], row[2]) for _, row in mentions])
    conn.executemany(
        "INSERT INTO mentions(article, seq, entity, surface, span_start, span_end, attrs)"
        " VALUES (?,?,?,?,?,?,?)",
        [
            (i, seq, entity[(kind, name)], surface, start, end, attrs)
            for i, (seq, kind, name, surface, start, end, attrs) in mentions
        ],
    )
    conn.executemany(
        "INSERT INTO doc_tables(article, seq, columns, rows, span_start, span_end)"
        " VALUES (?,?,?,?,?,?)",
        [(w.row_id, *row) for w in changed for row in w.tables],
    )


def _count_edges(conn: Any, ids: list[int], changed: list[Prepared]) -> None:
    """Keep edge_counts in step with the edge lines about to be replaced: the stored lines of
    the articles `ids` counted out, the batch's new lines counted in."""
    delta: Counter[tuple[str, str]] = Counter()
    for chunk in chunks(ids):
        delta.subtract(
            (account, line)
            for account, line in conn.execute(
                f"SELECT account, line FROM edge_lines WHERE article IN ({marks(len(chunk))})",
                chunk,
            )
        )
    delta.update((p.article.account, line) for p in changed for line in p.edge_lines)
    moved = [(n, account, line) for (account, line), n in sorted(delta.items()) if n]
    conn.executemany(
        "INSERT INTO edge_counts(account, line, posts) VALUES (?, ?, ?)"
        " ON CONFLICT(account, line) DO UPDATE SET posts = edge_counts.posts + excluded.posts",
        [(account, line, n) for n, account, line in moved],
    )
    conn.executemany(
        "DELETE FROM edge_counts WHERE account = ? AND line = ? AND posts <= 0",
        [(account, line) for n, account, line in moved if n < 0],
    )


def _entity_ids(store: SQLStore, names: list[tuple[str, str]]) -> dict[tuple[str, str], int]:
    """The id of each (kind, name), new ones created in the order they are first mentioned."""
    wanted = list(dict.fromkeys(names))
    found = _stored_entities(store, wanted)
    missing = [pair for pair in wanted if pair not in found]
    if missing:
        store.conn.executemany(
            "INSERT INTO entities(kind, name) VALUES (?, ?) ON CONFLICT DO NOTHING", missing
        )
        found.update(_stored_entities(store, missing))
    return found


def _stored_entities(store: SQLStore, pairs: list[tuple[str, str]]) -> dict[tuple[str, str], int]:
    by_kind: dict[str, list[str]] = {}
    for kind, name in pairs:
        by_kind.setdefault(kind, []).append(name)
    found: dict[tuple[str, str], int] = {}
    for kind, kind_names in by_kind.items():
        for chunk in chunks(kind_names):
            rows = store.conn.execute(
                f"SELECT id, name FROM entities WHERE kind = ? AND name IN ({marks(len(chunk))})",
                [kind, *chunk],
            )
            found.update({(kind, name): int(row_id) for row_id, name in rows})
    return found


def _link_duplicates(store: SQLStore, changed: list[Prepared]) -> tuple[int, list[str]]:
    """Point the poorer copies of one post published twice (same title or same text) at the
    copy `dedupe.copy_targets` keeps: how many copies point elsewhere, and the keys of stored
    rows re-pointed (an earlier copy that a richer one now replaces, or a post rewritten with
    no copy left within the window: changed too)."""
    marked = 0
    repointed: list[str] = []
    seen_groups: set[str] = set()
    for p in changed:
        group = _duplicate_group(store, p)
        ident = ",".join(sorted(r["key"] for r in group))
        if len(group) < 2:
            for row in group:
                if row["duplicate_of"] is not None:
                    store.conn.execute(
                        "UPDATE articles SET duplicate_of = NULL WHERE key = ?", (row["key"],)
                    )
                    repointed.append(row["key"])
            continue
        if ident in seen_groups:
            continue
        seen_groups.add(ident)
        targets = dedupe.copy_targets(group)
        for row in group:
            target = targets[row["key"]]
            if row["duplicate_of"] != target:
                store.conn.execute(
                    "UPDATE articles SET duplicate_of = ? WHERE key = ?", (target, row["key"])
                )
                repointed.append(row["key"])
            marked += target is not None
    return marked, repointed


def _duplicate_group(store: SQLStore, p: Prepared) -> list[Any]:
    """The stored posts of p's account that may be p itself: the same title with a body
    `dedupe.bodies_may_match` allows or, when `dedupe.compares_by_content`, the same text,
    within the window `dedupe.within_window` allows. Further apart, one account's same text is
    that account publishing it again (a guide and its 微课堂 issue a year on): a post of its
    own, which search shows with a note (link.collapse.republication_of)."""
    cols = "key, is_stub, content, published, url, duplicate_of, content_hash"
    rows = {
        r["key"]: r
        for r in store.conn.execute(
            f"SELECT {cols} FROM articles WHERE account = ? AND title_key = ?"
            " AND title_key != '' ORDER BY key",
            (p.article.account, p.title_key),
        )
        if dedupe.within_window(r["published"], p.article.published)
        and dedupe.bodies_may_match(p.article.content, r["content"])
    }
    if dedupe.compares_by_content(p.content_hash, p.article.content):
        for r in store.conn.execute(
            f"SELECT {cols} FROM articles WHERE content_hash = ? AND account = ? ORDER BY key",
            (p.content_hash, p.article.account),
        ):
            if dedupe.within_window(r["published"], p.article.published):
                rows[r["key"]] = r
    return list(rows.values())


def _link_near_duplicates(store: SQLStore, changed: list[Written]) -> int:
    """Record the pairs `dedupe.near_duplicates` confirms among each post's LSH candidates.

    The candidates of one post and their signatures come in one query (any shared bucket of
    any band), not one query per band and per candidate.
    """
    found = 0
    for w in changed:
        row_id, p, buckets = w.row_id, w.prepared, w.buckets
        if p.signature is None:
            continue
        any_bucket = " OR ".join(["(l.band = ? AND l.bucket = ?)"] * len(buckets))
        candidates = {
            other: blob
            for other, blob in store.conn.execute(
                "SELECT DISTINCT a.id, a.signature FROM lsh_buckets l"
                f" JOIN articles a ON a.id = l.article WHERE l.article != ? AND ({any_bucket})",
                (row_id, *(value for pair in buckets for value in pair)),
            )
        }
        for other, similarity in dedupe.near_duplicates(p.signature, candidates):
            a, b = sorted((row_id, other))
            cur = store.conn.execute(
                "INSERT INTO near_duplicates(a, b, similarity) VALUES (?, ?, ?)"
                " ON CONFLICT DO NOTHING",
                (a, b, similarity),
            )
            found += cur.rowcount
    return found


FAR_COPIES = "far_copies_unchecked"  # copy marks set before the same-post window (schema 12)


def part_far_copies(store: SQLStore) -> int:
    """Once after the upgrade to schema 12: a stored post marked a copy of a post published
    further apart than `dedupe.within_window` allows (only the same-text rule marked those) is
    the account publishing it again, a post of its own; its mark is cleared and both posts
    logged as changed, so the search index shows it again. How many marks were cleared."""
    if store.meta(FAR_COPIES) != "1":
        return 0
    with store.transaction() as conn:
        if store.meta(FAR_COPIES) != "1":
            return 0  # another process checked them while this one waited for the write lock
        rows = conn.execute(
            "SELECT c.key, c.published, o.key, o.published FROM articles c"
            " JOIN articles o ON o.key = c.duplicate_of"
        ).fetchall()
        far = [
            (copy, kept)
            for copy, day, kept, kept_day in rows
            if not dedupe.within_window(day, kept_day)
        ]
        conn.executemany(
            "UPDATE articles SET duplicate_of = NULL WHERE key = ?", [(copy,) for copy, _ in far]
        )
        if far:
            store.log_changes([key for pair in far for key in pair])
        conn.execute("DELETE FROM meta WHERE key = ?", (FAR_COPIES,))
    return len(far)


RESIGN_PAGE = 500  # stored posts re-signed per query


def resign(store: SQLStore, pool: Executor | None = None) -> int:
    """Recompute every stored near-duplicate signature and its LSH buckets when the archive was
    signed under another `dedupe.SIGNATURE_SCHEME` (signatures of two schemes never compare),
    in one transaction; the number of posts re-signed. New posts then meet old ones again."""
    if store.meta("signature_scheme") == dedupe.SIGNATURE_SCHEME:
        return 0
    done = 0
    with store.transaction() as conn:
        if store.meta("signature_scheme") == dedupe.SIGNATURE_SCHEME:
            return 0  # another process re-signed while this one waited for the write lock
        after = 0
        while rows := conn.execute(
            "SELECT id, content FROM articles WHERE id > ? AND signature IS NOT NULL"
            f" ORDER BY id LIMIT {RESIGN_PAGE}",
            (after,),
        ).fetchall():
            texts = [row[1] for row in rows]
            signed = pool_map(dedupe.minhash_signature, texts, pool=pool)
            for (row_id, _), signature in zip(rows, signed, strict=True):
                blob = dedupe.signature_bytes(signature) if signature is not None else None
                conn.execute("UPDATE articles SET signature = ? WHERE id = ?", (blob, row_id))
                conn.execute("DELETE FROM lsh_buckets WHERE article = ?", (row_id,))
                if signature is not None:
                    conn.executemany(
                        "INSERT INTO lsh_buckets(article, band, bucket) VALUES (?, ?, ?)",
                        [(row_id, band, bucket) for band, bucket in dedupe.band_hashes(signature)],
                    )
            done += len(rows)
            after = rows[-1][0]
        store._set_meta("signature_scheme", dedupe.SIGNATURE_SCHEME)
    return done
