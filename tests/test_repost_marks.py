"""Repost marks: computed for every shingle at once (in the ingest workers), they equal a CRC-32
per shingle; an archive from before the marks were reshaped (schema 9) gets them back from its
stored text and links new posts to old ones as a fresh archive does."""

from __future__ import annotations

import json
import re
import zlib
from collections import Counter
from pathlib import Path

import numpy as np
import pytest
from conftest import MORE, SEED, raw_records
from test_link_stage import subset

from wxintel import link
from wxintel.link import marks as text_marks
from wxintel.link import reposts
from wxintel.pipeline import ingest
from wxintel.store import SQLStore, open_store, schema


def crc_per_shingle(text: str) -> set[int]:
    """The marks by their definition: zlib's CRC-32 of each 8-character shingle in UTF-32,
    kept when it falls in the sampled residue class."""
    folded = re.sub(r"[\s\W_]+", "", text)  # spacing, punctuation and underscores away
    width = text_marks.SHINGLE
    crcs = (
        zlib.crc32(folded[i : i + width].encode("utf-32-le"))
        for i in range(len(folded) - width + 1)
    )
    return {crc for crc in crcs if crc % text_marks.SAMPLE == 0}


def test_marks_are_the_crc_of_each_sampled_shingle_of_real_posts() -> None:
    texts = [
        r["finalContent"]
        for path in [SEED, *sorted(MORE.glob("*.json"))]
        for r in raw_records(path)
    ]
    # characters beyond the Basic Multilingual Plane take a second table: put some in
    texts += [text.replace("。", "😀𠀀。") for text in texts[:50]]
    texts += ["", "短", "一二三四五六七", "一二三四五六七八"]
    assert any(ord(c) > 0xFFFF for c in texts[-5])
    for text in texts:
        found = text_marks.mark_array(text)
        assert found.dtype == np.uint32
        assert list(found) == sorted(crc_per_shingle(text))


# Every posting (as p), in the large table or at a level of the levelled one (reposts.POSTINGS)
ALL_POSTINGS = (
    "(SELECT mark, article FROM repost_postings"
    " UNION ALL SELECT mark, article FROM repost_postings_levels) p"
)


def _back_to_schema_8(store: SQLStore) -> None:
    """Put the link stage's tables back in the shape an archive made before schema 9 keeps
    them: the marks in one table of (article, mark) rows, no place votes."""
    old = [s for s in schema.statements(schema.migrations(store.dialect)[2]) if "repost_marks" in s]
    with store.transaction() as conn:
        for statement in old:
            conn.execute(statement)
        conn.execute(
            f"INSERT INTO repost_marks(article, mark) SELECT article, mark FROM {ALL_POSTINGS}"
        )
        for script in schema.migrations(store.dialect)[8:]:  # the tables of 9 and after
            for table in re.findall(r"CREATE TABLE (?:IF NOT EXISTS )?(\w+)", script):
                conn.execute(f"DROP TABLE IF EXISTS {table}")
        store.record_version(8)


def _postings(store: SQLStore) -> list[tuple[str, int]]:
    rows = store.conn.execute(
        f"SELECT a.key, p.mark FROM {ALL_POSTINGS} JOIN articles a ON a.id = p.article"
    )
    return sorted((key, mark) for key, mark in rows)


def test_an_archive_from_before_schema_9_gets_its_marks_back(store_factory, tmp_path: Path) -> None:
    first = subset(tmp_path, {"津北商务": ["2247516397_1", "2247516401_1"]}, "first")
    later = subset(tmp_path, {"未央工信": ["2247495051_4"]}, "later")
    fresh_target = store_factory()
    fresh = fresh_target.open()
    ingest([first], fresh, workers=1)
    ingest([later], fresh, workers=1)

    target = store_factory()
    store = target.open()
    ingest([first], store, workers=1)
    _back_to_schema_8(store)
    store.close()
    store = target.open()  # migrates to 9: the old rows are gone, the posts are flagged
    try:
        assert store.schema_version() == schema.SCHEMA_VERSION
        assert _postings(store) == []
        report = ingest([later], store, workers=1)
        assert any("derived the repost marks of 2 stored posts" in w for w in report.warnings)
        assert any("counted the place votes" in w for w in report.warnings)
        assert _postings(store) == _postings(fresh)
        clusters = link.clusters(store.conn)
        assert [sorted(m["account"] for m in c["members"]) for c in clusters] == [
            ["未央工信", "津北商务"]
        ]
        assert clusters == link.clusters(fresh.conn)
        for table in ("place_votes", "account_places"):
            query = (
                f"SELECT * FROM {table}"
                if table == "account_places"
                else (
                    "SELECT a.key, v.level, v.place, v.among FROM place_votes v"
                    " JOIN articles a ON a.id = v.article"
                )
            )
            assert sorted(map(tuple, store.conn.execute(query))) == sorted(
                map(tuple, fresh.conn.execute(query))
            )
        assert not ingest([later], store, workers=1).warnings  # derived once only
    finally:
        store.close()
        fresh.close()


def test_marks_from_the_workers_equal_marks_from_the_stored_text(
    store_factory, tmp_path: Path
) -> None:
    target = store_factory()
    store = target.open()
    try:
        ingest([MORE / "津北商务.json"], store, workers=2, batch_size=100)
        stored = dict(store.conn.execute("SELECT id, content FROM articles").fetchall())
        sets = store.conn.execute("SELECT article, size, marks FROM repost_marksets").fetchall()
        assert len(sets) == len(stored)
        for article, size, blob in sets:
            marks = np.frombuffer(bytes(blob), dtype="<u4")
            assert size == len(marks)
            assert set(marks.tolist()) == crc_per_shingle(stored[article])
        by_post: dict[int, set[int]] = {}
        for mark, article in store.conn.execute(f"SELECT mark, article FROM {ALL_POSTINGS}"):
            by_post.setdefault(article, set()).add(mark)
        expected = {article: crc_per_shingle(text) for article, text in stored.items()}
        assert by_post == {article: marks for article, marks in expected.items() if marks}
    finally:
        store.close()


def test_a_post_ingested_again_with_other_text_leaves_no_old_marks(
    store_factory, tmp_path: Path
) -> None:
    source = MORE / "津北商务.json"
    record = max(raw_records(source), key=lambda r: len(r["finalContent"]))
    target = store_factory()
    store = target.open()
    try:
        path = tmp_path / "one.json"
        path.write_text(json.dumps([record], ensure_ascii=False), encoding="utf-8")
        ingest([path], store, workers=1)
        edited = dict(
            record, finalContent=record["finalContent"][: len(record["finalContent"]) // 2]
        )
        path.write_text(json.dumps([edited], ensure_ascii=False), encoding="utf-8")
        assert ingest([path], store, workers=1).updated == 1
        (content,) = store.conn.execute("SELECT content FROM articles").fetchone()
        marks = {m for (m,) in store.conn.execute(f"SELECT mark FROM {ALL_POSTINGS}")}
        assert marks == crc_per_shingle(content)
        assert len(marks) < len(crc_per_shingle(record["finalContent"]))
    finally:
        store.close()


def _clusters(store: SQLStore) -> list[list[str]]:
    members: dict[int, list[str]] = {}
    for key, cluster in store.conn.execute(
        "SELECT a.key, m.cluster FROM repost_members m JOIN articles a ON a.id = m.article"
    ):
        members.setdefault(cluster, []).append(key)
    return sorted(sorted(keys) for keys in members.values())


def _back_to_schema_15(store: SQLStore) -> None:
    """Put the repost postings back in the shape schema 15 kept them: the levels' postings in
    one small table in front of the large one, their posts counted under its meta key."""
    held = sum(reposts._level_counts(store.conn))
    with store.transaction() as conn:
        for statement in schema.statements(schema.migrations(store.dialect)[13]):
            conn.execute(statement)
        conn.execute(
            "INSERT INTO repost_postings_recent(mark, article)"
            " SELECT mark, article FROM repost_postings_levels"
        )
        conn.execute("DROP TABLE repost_postings_levels")
        conn.execute(
            "UPDATE meta SET key = 'repost_recent_posts', value = ? WHERE key = ?",
            (str(held), reposts.LEVEL_COUNTS),
        )
        store.record_version(15)


def _edited_above_level_0(store: SQLStore, source: Path, tmp_path: Path) -> Path:
    """An export of one post of `source` whose postings sit above level 0, cut to half its
    text (so ingesting it again replaces that post's marks)."""
    (aid,) = store.conn.execute(
        "SELECT a.aid FROM repost_postings_levels l JOIN articles a ON a.id = l.article"
        " WHERE l.level >= 1 ORDER BY a.id LIMIT 1"
    ).fetchone()
    (record,) = [r for r in raw_records(source) if r["文章标识符aid"] == aid]
    edited = dict(record, finalContent=record["finalContent"][: len(record["finalContent"]) // 2])
    path = tmp_path / "edited.json"
    path.write_text(json.dumps([edited], ensure_ascii=False), encoding="utf-8")
    return path


def _article_marks(store: SQLStore, path: Path) -> tuple[set[int], set[int]]:
    """The postings' marks of the one post in the export `path`, and its stored text's marks."""
    (aid,) = [r["文章标识符aid"] for r in raw_records(path)]
    (article, content) = store.conn.execute(
        "SELECT id, content FROM articles WHERE aid = ?", (aid,)
    ).fetchone()
    rows = store.conn.execute(f"SELECT p.mark FROM {ALL_POSTINGS} WHERE p.article = ?", (article,))
    return {mark for (mark,) in rows}, crc_per_shingle(content)


def test_postings_moved_up_levels_link_as_postings_moved_at_once(
    store_factory, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """New postings wait at level 0 and move up a level, then into the large table, in bulk:
    where they are changes no link. 河西政务服务 (posts carrying one text) batch by batch, once
    with levels of 40 posts doubling (postings end above level 0 and in the large table)
    and once with every batch's postings moved into the large table at once, gives the same
    clusters and postings. A post above level 0 ingested again with other text leaves none
    of its old postings; and the levelled archive taken back to schema 15's one small table
    (which migration 16 moves to level 0) links the next batch as the other does."""
    source = MORE / "河西政务服务.json"
    levelled_target = store_factory()
    levelled = levelled_target.open()
    merged_target = store_factory()

    def levels_of_40() -> None:
        monkeypatch.setattr(reposts, "LEVEL_POSTS", 40)
        monkeypatch.setattr(reposts, "LEVEL_RATIO", 2)
        monkeypatch.setattr(reposts, "RECENT_MIN_POSTS", 200)
        monkeypatch.setattr(reposts, "RECENT_SHARE", 8)

    def all_at_once() -> None:
        monkeypatch.setattr(reposts, "RECENT_MIN_POSTS", 0)
        monkeypatch.setattr(reposts, "RECENT_SHARE", 10**9)

    try:
        levels_of_40()
        ingest([source], levelled, workers=1, batch_size=40)
        levels = levelled.conn.execute(
            "SELECT level, COUNT(*) FROM repost_postings_levels GROUP BY level"
        ).fetchall()
        (large,) = levelled.conn.execute("SELECT COUNT(*) FROM repost_postings").fetchone()
        assert max(level for level, _ in levels) >= 1
        assert large > 0
        edited = _edited_above_level_0(levelled, source, tmp_path)
        before, _ = _article_marks(levelled, edited)
        assert ingest([edited], levelled, workers=1).updated == 1
        after, expected = _article_marks(levelled, edited)
        assert after == expected
        assert before - after  # the old text's marks were there, and are gone
        all_at_once()
        merged = merged_target.open()
        ingest([source], merged, workers=1, batch_size=40)
        ingest([edited], merged, workers=1)
        (left,) = merged.conn.execute("SELECT COUNT(*) FROM repost_postings_levels").fetchone()
        assert left == 0
        assert len(_clusters(levelled)) >= 3
        assert _clusters(merged) == _clusters(levelled)
        assert _postings(merged) == _postings(levelled)

        _back_to_schema_15(levelled)
        levelled.close()
        levelled = levelled_target.open()
        (moved,) = levelled.conn.execute(
            "SELECT COUNT(*) FROM repost_postings_levels WHERE level = 0"
        ).fetchone()
        assert moved > 0
        assert _postings(levelled) == _postings(merged)
        next_batch = tmp_path / "next.json"
        records = raw_records(MORE / "天津西青.json")[:40]
        next_batch.write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8")
        ingest([next_batch], merged, workers=1)
        levels_of_40()
        ingest([next_batch], levelled, workers=1)
        assert _clusters(merged) == _clusters(levelled)
        assert _postings(merged) == _postings(levelled)
        merged.close()
    finally:
        levelled.close()


@pytest.mark.parametrize("prefix_from", [0, 10**9], ids=["prefix", "every mark"])
def test_candidate_pairs_are_the_close_pairs_of_every_mark_joined(
    store_factory, monkeypatch: pytest.MonkeyPatch, prefix_from: int
) -> None:
    """`_shared_marks` joins every mark of a small archive's posts, and only a prefix of each
    post's rarest marks in a large one (PREFIX_FROM), counting the pairs it finds from their
    stored marks: on two real accounts (河西政务服务 relays one text through many posts), both
    ways find every pair that the join of all marks with the postings finds to carry one
    text, with the same count, and nothing that join would not find."""
    monkeypatch.setattr(reposts, "PREFIX_FROM", prefix_from)
    store = store_factory().open()
    try:
        ingest([MORE / "河西政务服务.json", MORE / "天津西青.json"], store, workers=1)
        marks = {
            article: reposts.unpacked(blob)
            for article, blob in store.conn.execute("SELECT article, marks FROM repost_marksets")
        }
        holders: dict[int, list[int]] = {}
        for article, found in marks.items():
            for mark in found.tolist():
                holders.setdefault(mark, []).append(article)
        with store.transaction() as conn:
            found = reposts._shared_marks(conn, marks)
        close = 0
        for post, mine in marks.items():
            counts = Counter(o for m in mine.tolist() for o in holders[m] if o != post)
            joined = {o: n for o, n in counts.items() if n >= reposts.MIN_SHARED}
            if len(mine) < reposts.MIN_SHARED:
                joined = {}
            kept = found.get(post, {})
            assert kept.items() <= joined.items()
            if prefix_from:  # every mark joined: every pair sharing MIN_SHARED, counted there
                assert kept == joined
            carried = {
                o: n
                for o, n in joined.items()
                if reposts.carry_one_text(n, len(mine), len(marks[o]))
            }
            assert carried.items() <= kept.items()
            close += len(carried)
        assert close >= 20
    finally:
        store.close()


def test_a_sample_of_posts_without_marks_still_orders_a_batchs_marks(
    store_factory, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A batch larger than FREQUENCY_SAMPLE whose newest posts carry no marks (picture posts,
    a line of text each; once an IndexError, the sample being empty): the sample passes over
    them to the newest posts with marks, and the batch links as the join of every mark links
    it (here the sample is 3 posts, the archive 'large')."""
    records = raw_records(MORE / "河西政务服务.json")
    pictures = [
        {
            **record,
            "文章标识符aid": f"{record['文章标识符aid']}-picture",
            "标题title": f"图片 {i}",
            "链接url": "",  # so the post's key is its aid, not its original's link
            "finalContent": "图片",
        }
        for i, record in enumerate(records[:3])
    ]
    batch = tmp_path / "batch.json"
    batch.write_text(json.dumps(records + pictures, ensure_ascii=False), encoding="utf-8")
    monkeypatch.setattr(reposts, "FREQUENCY_SAMPLE", len(pictures))
    clusters = []
    for prefix_from in (0, 10**9):
        monkeypatch.setattr(reposts, "PREFIX_FROM", prefix_from)
        store = store_factory().open()
        try:
            ingest([batch], store, workers=1)
            clusters.append(_clusters(store))
        finally:
            store.close()
    assert clusters[0] == clusters[1]
    assert clusters[0]


def test_a_level_whose_move_fills_the_next_for_the_large_table_moves_once(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A full level 0 that fills level 1 for the large table goes straight into the large
    table beside level 1: its postings are moved once, not into level 1 and again with it.
    河西政务服务's first 120 posts, their postings put at level 1 (the first 80) and level 0
    (the last 40), with levels of 40 and 160 posts and the large table from 120: once the
    levels are moved, every posting is in the large table, the levels are empty and counted
    so, and no statement moved postings from one level to another (SQLite's statement trace)."""
    monkeypatch.setattr(reposts, "RECENT_MIN_POSTS", 0)
    monkeypatch.setattr(reposts, "RECENT_SHARE", 10**9)
    first = tmp_path / "first.json"
    records = raw_records(MORE / "河西政务服务.json")[:120]
    first.write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8")
    store = open_store(tmp_path / "wx.db")
    try:
        ingest([first], store, workers=1)
        every = _postings(store)
        (eighty,) = store.conn.execute(
            "SELECT article FROM repost_marksets ORDER BY article LIMIT 1 OFFSET 79"
        ).fetchone()
        monkeypatch.setattr(reposts, "LEVEL_POSTS", 40)
        monkeypatch.setattr(reposts, "LEVEL_RATIO", 4)
        monkeypatch.setattr(reposts, "RECENT_MIN_POSTS", 120)
        statements: list[str] = []
        with store.transaction() as conn:
            conn.execute(
                "INSERT INTO repost_postings_levels(level, mark, article) SELECT"
                " CASE WHEN article <= ? THEN 1 ELSE 0 END, mark, article FROM repost_postings",
                (eighty,),
            )
            conn.execute("DELETE FROM repost_postings")
            conn.execute("UPDATE meta SET value = '40,80' WHERE key = ?", (reposts.LEVEL_COUNTS,))
            conn.set_trace_callback(statements.append)
            reposts._merge_when_grown(conn, 0)
            conn.set_trace_callback(None)
        assert reposts._level_counts(store.conn) == [0, 0]
        (left,) = store.conn.execute("SELECT COUNT(*) FROM repost_postings_levels").fetchone()
        assert left == 0
        assert _postings(store) == every
        assert [s for s in statements if "INTO repost_postings(" in s]
        assert not [s for s in statements if "INTO repost_postings_levels" in s]
    finally:
        store.close()
