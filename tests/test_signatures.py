"""Near-duplicate signatures: the vectorised MinHash estimates real posts' shingle Jaccard, and
an archive signed under another scheme is re-signed so new posts still meet old ones."""

from __future__ import annotations

import json
import random
from pathlib import Path

import numpy as np
from conftest import MORE, raw_records

from wxintel import dedupe
from wxintel.pipeline import ingest


def _shingles(text: str) -> set[str]:
    folded = dedupe._NON_WORD.sub("", text)
    return {folded[i : i + dedupe.SHINGLE] for i in range(len(folded) - dedupe.SHINGLE + 1)}


def test_signatures_estimate_the_jaccard_of_real_posts(more_clean) -> None:
    posts = [a.content for a in more_clean["天津西青"] if len(a.content) > 400]
    rng = random.Random(5)
    errors = []
    for _ in range(200):
        text = rng.choice(posts)
        cut = rng.randint(0, len(text) // 2)
        other = text[cut:] if rng.random() < 0.5 else text[: len(text) - cut]
        a, b = _shingles(text), _shingles(other)
        estimate = dedupe.similarity(
            dedupe.minhash_signature(text), dedupe.minhash_signature(other)
        )
        errors.append(estimate - len(a & b) / len(a | b))
    # 128 hashes: the standard error of one estimate is at most 0.5 / sqrt(128) = 0.044
    assert abs(float(np.mean(errors))) < 0.01
    assert float(np.std(errors)) < 0.045
    assert dedupe.minhash_signature("短文本") is None


def test_an_archive_signed_by_another_scheme_is_resigned(store_factory, tmp_path: Path) -> None:
    target = store_factory()
    store = target.open()
    source = MORE / "津北商务.json"
    ingest([source], store, workers=1)
    signed = dict(store.conn.execute("SELECT id, signature FROM articles ORDER BY id").fetchall())
    buckets = store.conn.execute("SELECT COUNT(*) FROM lsh_buckets").fetchone()[0]
    # what an archive from before the scheme looks like: other signatures, other buckets
    with store.transaction() as conn:
        conn.execute("UPDATE meta SET value = 'datasketch-sha1' WHERE key = 'signature_scheme'")
        stale = b"0" * 1024
        conn.execute("UPDATE articles SET signature = ? WHERE signature IS NOT NULL", (stale,))
        conn.execute("DELETE FROM lsh_buckets")
    record = max(raw_records(source), key=lambda r: len(r["finalContent"]))
    copy = dict(record)
    copy["文章标识符aid"] = "9999999999_1"
    copy["链接url"] = ""
    copy["标题title"] = "转发：" + record["标题title"]
    copy["finalContent"] = record["finalContent"][: int(len(record["finalContent"]) * 0.95)]
    later = tmp_path / "later.json"
    later.write_text(json.dumps([copy], ensure_ascii=False), encoding="utf-8")
    report = ingest([later], store, workers=1)
    assert any("re-signed" in w for w in report.warnings)
    assert report.near_duplicates == 1
    again = dict(store.conn.execute("SELECT id, signature FROM articles ORDER BY id").fetchall())
    assert {k: again[k] for k in signed} == signed
    assert store.conn.execute("SELECT COUNT(*) FROM lsh_buckets").fetchone()[0] == buckets + 16
    assert not ingest([later], store, workers=1).warnings  # re-signed once only
    store.close()


def test_a_guide_published_again_a_year_on_is_its_near_duplicate(
    store_factory, tmp_path: Path
) -> None:
    """河西政务服务's 退休 and 水电气网 guides and their 微课堂 issues a year on: the same
    cleaned text, over 100 characters as stored but under 100 once punctuation folds away, so
    they were compared by content yet never signed, and no near-duplicate pair linked them."""
    pairs = [("2247514961_5", "2247523777_5"), ("2247515146_3", "2247523602_5")]
    records = [r for r in raw_records(MORE / "河西政务服务.json") if r.get("文章标识符aid")]
    wanted = {aid for pair in pairs for aid in pair}
    path = tmp_path / "guides.json"
    chosen = [r for r in records if r["文章标识符aid"] in wanted]
    path.write_text(json.dumps(chosen, ensure_ascii=False), encoding="utf-8")
    store = store_factory().open()
    try:
        report = ingest([path], store, workers=1)
        assert report.added == 4
        rows = store.conn.execute("SELECT aid, content, content_hash FROM articles").fetchall()
        for _, content, _ in rows:
            assert dedupe.long_enough_to_compare(content)
            assert len(dedupe._NON_WORD.sub("", content)) < dedupe.MIN_TEXT_FOR_SIGNATURE
        hashes = {aid: content_hash for aid, _, content_hash in rows}
        assert all(hashes[a] == hashes[b] for a, b in pairs)
        linked = store.conn.execute(
            "SELECT x.aid, y.aid, n.similarity FROM near_duplicates n"
            " JOIN articles x ON x.id = n.a JOIN articles y ON y.id = n.b"
        ).fetchall()
        assert sorted((*sorted((a, b)), s) for a, b, s in linked) == [
            (a, b, 1.0) for a, b in sorted(pairs)
        ]
        assert report.near_duplicates == 2
        # a year apart: each is still a post of its own, not a copy of the other
        assert (
            store.conn.execute(
                "SELECT COUNT(*) FROM articles WHERE duplicate_of IS NOT NULL"
            ).fetchone()[0]
            == 0
        )
    finally:
        store.close()
