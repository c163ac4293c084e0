"""The edge-line counts the writer keeps (edge_counts) stay equal to counting every stored post
again, through new posts, changed posts and an account whose boilerplate settled late."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from conftest import MORE, raw_records

from wxintel.pipeline import ingest
from wxintel.store import SQLStore


def counted_again(store: SQLStore) -> dict[tuple[str, str], int]:
    """Every account's edge lines counted over its stored posts: the oracle."""
    rows = store.conn.execute(
        "SELECT account, line, COUNT(*) FROM edge_lines GROUP BY account, line"
    )
    return {(account, line): n for account, line, n in rows}


def kept(store: SQLStore) -> dict[tuple[str, str], int]:
    rows = store.conn.execute("SELECT account, line, posts FROM edge_counts")
    return {(account, line): n for account, line, n in rows}


def recurring(store: SQLStore, account: str, exclude: list[str]) -> tuple[int, Counter]:
    """What the boilerplate is learned from, counted the long way (the query the counts
    replaced): posts and recurring lines of the account, leaving out `exclude`."""
    skip = f" AND a.key NOT IN ({','.join('?' * len(exclude))})" if exclude else ""
    total = store.conn.execute(
        f"SELECT COUNT(*) FROM articles a WHERE a.account = ?{skip}", (account, *exclude)
    ).fetchone()[0]
    rows = store.conn.execute(
        "SELECT e.line, COUNT(*) FROM edge_lines e JOIN articles a ON a.id = e.article"
        f" WHERE e.account = ?{skip} GROUP BY e.line HAVING COUNT(*) >= 2",
        (account, *exclude),
    )
    return total, Counter(dict(rows.fetchall()))


def test_kept_counts_equal_counting_again(store_factory, tmp_path: Path) -> None:
    records = raw_records(MORE / "津北商务.json")
    half = len(records) // 2
    first, second = tmp_path / "first.json", tmp_path / "second.json"
    first.write_text(json.dumps(records[:half], ensure_ascii=False), encoding="utf-8")
    # a later crawl: the rest, and some earlier posts again with a line of their end cut off
    changed = [
        dict(r, finalContent=r["finalContent"].rsplit("\r", 1)[0]) for r in records[: half // 4]
    ]
    second.write_text(json.dumps(records[half:] + changed, ensure_ascii=False), encoding="utf-8")
    store = store_factory().open()
    try:
        ingest([first], store, workers=1, batch_size=40)
        assert kept(store) == counted_again(store)
        report = ingest([second], store, workers=1, batch_size=40)
        assert report.updated > 0
        assert kept(store) == counted_again(store)
        keys = [row[0] for row in store.conn.execute("SELECT key FROM articles LIMIT 30")]
        for exclude in ([], keys, keys[:1]):
            assert store.account_edge_counts("津北商务", exclude) == recurring(
                store, "津北商务", exclude
            )
    finally:
        store.close()
