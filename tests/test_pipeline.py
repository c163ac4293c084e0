"""The whole ingest pipeline on the real seed, into real SQLite files.

Counts, in-place updates and colliding aids are tested on both backends in test_store_backends.py.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from conftest import MORE, SEED, raw_records

from wxintel import pipeline
from wxintel.model import Article
from wxintel.pipeline import ingest, prepare_post
from wxintel.search import SearchQuery
from wxintel.search import index as search_index
from wxintel.search.identifiers import identifier_tokens
from wxintel.search.index import document_fields, finished_fields
from wxintel.store import SQLStore, open_store
from wxintel.workers import worker_pool


def _content_dump(db: Path) -> list[tuple]:
    conn = sqlite3.connect(db)
    rows = conn.execute(
        "SELECT key, aid, title, content, published, kind, duplicate_of, tags, deadline"
        " FROM articles ORDER BY key"
    ).fetchall()
    rows += conn.execute("SELECT article, seq, kind, value FROM facts ORDER BY 1, 2").fetchall()
    conn.close()
    return rows


def test_seed_duplicate_points_at_the_full_copy(seed_db: Path) -> None:
    store = open_store(seed_db)
    (empty,) = store.resolve("2650688913_2")
    (full,) = store.resolve("2650688835_2")
    assert empty.duplicate_of == full.key and full.duplicate_of is None
    assert [d["id"] for d in store.duplicates(full.key) if d["relation"] == "duplicate"] == [
        "2650688913_2"
    ]


def test_reingest_is_idempotent(tmp_path: Path) -> None:
    db = tmp_path / "wx.db"
    first = ingest([SEED], open_store(db), workers=1)
    assert (first.read, first.added, first.unchanged) == (179, 179, 0)
    before = _content_dump(db)
    again = ingest([SEED], open_store(db), workers=1)
    assert (again.added, again.updated, again.unchanged) == (0, 0, 179)
    assert _content_dump(db) == before


def test_batches_and_worker_pool_give_the_same_database(tmp_path: Path) -> None:
    one = tmp_path / "one.db"
    many = tmp_path / "many.db"
    ingest([SEED], open_store(one), workers=1)
    ingest([SEED], open_store(many), workers=2, batch_size=40)
    assert _content_dump(one) == _content_dump(many)


def test_a_batch_started_ahead_is_cleaned_as_the_store_before_it_was_written_says(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The workers start a batch before the batch before it is written (here every batch, as
    where its accounts are settled). Every post written was still cleaned against the
    boilerplate its account has once that batch is written: here the first batch's posts end
    with a line the second's lack, which is boilerplate only once the first batch is stored,
    so the second batch was started again; a post repeated just after its batch (so in the
    next one) is counted unchanged. Unforced, no batch is started ahead of a write that moves
    its account's boilerplate: each is started once, after it."""
    monkeypatch.setattr(pipeline, "_settled", lambda *_: True)
    starts, writes = _batches_of_a_footer_that_comes_late(tmp_path, monkeypatch)
    assert len(starts) > len(writes)  # some batches' boilerplate moved: started again
    monkeypatch.undo()
    starts, writes = _batches_of_a_footer_that_comes_late(tmp_path / "waited", monkeypatch)
    assert starts == writes


def _batches_of_a_footer_that_comes_late(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> tuple[list[int], list[int]]:
    """The posts each start of a batch's work took and each write wrote, in a fresh ingest
    of 津北商务 in batches of 40 whose first 40 posts end with a footer of the test's own;
    every post written checked to be cleaned as its batch's write found the store."""
    tmp_path.mkdir(exist_ok=True)
    records = raw_records(MORE / "津北商务.json")
    tail = "\r本号声明：转载请注明出处"  # a line of the test's own, as an account's footer
    marked = [dict(r, finalContent=r["finalContent"] + tail) for r in records[:40]]
    export = tmp_path / "again.json"
    posts = [*marked, *records[40:], records[-1]]
    export.write_text(json.dumps(posts, ensure_ascii=False), encoding="utf-8")
    real_prepare, real_write = pipeline._prepare, SQLStore.write_batch
    cleaned_with: dict[str, frozenset[str]] = {}
    starts, writes = [], []

    def prepare(items, pool, boilerplate=None, learned=None):
        if boilerplate is not None:
            starts.append(len(items))
            cleaned_with.update({item[0]: boilerplate[item[1].account] for item in items})
        return real_prepare(items, pool, boilerplate, learned)

    def write_batch(store: SQLStore, batch, force=False):
        if not force:
            writes.append(len(batch))
            fresh = {p.key: (p.article, p.raw_hash) for p in batch}
            wanted = pipeline._boilerplate_for(store, fresh, {p.key: p.edge_lines for p in batch})
            assert all(cleaned_with[p.key] == wanted[p.article.account] for p in batch)
        return real_write(store, batch, force)

    monkeypatch.setattr(pipeline, "_prepare", prepare)
    monkeypatch.setattr(SQLStore, "write_batch", write_batch)
    report = ingest([export], open_store(tmp_path / "wx.db"), workers=2, batch_size=40)
    assert (report.added, report.unchanged) == (len(records), 1)
    assert writes == [40, 40, len(records) - 80]
    return starts, writes


PREPARED_LOG: list[Path] = []  # where counted_prepare appends a line per post (set per test)


def counted_prepare(article: Article, *rest: object) -> object:
    """prepare_post, leaving a line per post in the log (the workers are forked, so a module
    function they find by name, and a file, are how they report back)."""
    with PREPARED_LOG[0].open("a", encoding="utf-8") as log:
        log.write("post\n")
    return prepare_post(article, *rest)


def test_the_summarys_stubs_are_the_stubs_stats_counts(tmp_path: Path) -> None:
    """bbox18: a fresh seven-account archive's summary said stubs 98 and `stats` 96: a post
    counted a stub when its batch was cleaned stopped being one when the account's settled
    boilerplate cleaned it again at the end of the run (天津西青 in batches of 64 does it)."""
    store = open_store(tmp_path / "stubs.db")
    report = ingest([MORE / "天津西青.json"], store, batch_size=64, workers=1)
    assert report.stubs == store.stats()["stubs"] > 0
    store.close()


def test_a_failing_write_drops_the_batch_started_after_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A write that fails surfaces without waiting for the speculative batch behind it: the
    chunks of it no worker has taken are cancelled, not prepared and thrown away. The seed's
    first post repeated after five posts closes a batch of five (prepared in this process);
    the 175 after it go to the workers while that batch is written, and the write fails."""
    records = raw_records(SEED)
    export = tmp_path / "failing.json"
    export.write_text(json.dumps([*records[:5], records[0], *records[5:]], ensure_ascii=False))
    PREPARED_LOG[:] = [tmp_path / "prepared.log"]
    monkeypatch.setattr(pipeline, "prepare_post", counted_prepare)
    monkeypatch.setattr(pipeline, "POOL_MIN_BATCH", 20)

    def write_batch(store: SQLStore, batch, force=False):
        raise OSError("disk full (the test's)")

    monkeypatch.setattr(SQLStore, "write_batch", write_batch)
    with pytest.raises(OSError, match="the test's"):
        ingest([export], open_store(tmp_path / "wx.db"), workers=2, batch_size=len(records))
    prepared = len(PREPARED_LOG[0].read_text().splitlines())
    assert prepared < 5 + 175  # some of the 175 were never prepared


def assert_same_answers(one: SQLStore, other: SQLStore, queries: tuple[str, ...]) -> None:
    """Both stores answer each query with the same total, facets, hits, scores and snippets."""
    for words in queries:
        query = SearchQuery(text=words, limit=20)
        a, b = one.search(query), other.search(query)
        assert a.total > 0, words
        assert (a.total, a.facets) == (b.total, b.facets), words
        assert [(h.key, h.score, h.snippet) for h in a.hits] == [
            (h.key, h.score, h.snippet) for h in b.hits
        ], words


def test_worker_pool_builds_the_same_search_index(tmp_path: Path) -> None:
    """Pool workers segment posts for the index; its answers must not change for it."""
    one, many = open_store(tmp_path / "one.db"), open_store(tmp_path / "many.db")
    ingest([SEED, MORE / "津北商务.json"], one, workers=1)
    ingest([SEED, MORE / "津北商务.json"], many, workers=2)
    assert_same_answers(
        one, many, ("智能工厂 申报", "人工智能", "外贸 企业", "沪经信", "展会 OR 论坛")
    )


def test_directory_of_accounts(tmp_path: Path) -> None:
    target = tmp_path / "in"
    shutil.copytree(MORE, target)
    (target / ".hidden.json").write_text("[]", encoding="utf-8")
    report = ingest([target], open_store(tmp_path / "wx.db"), workers=1)
    exports = sorted(MORE.glob("*.json"))
    records = sum(len(raw_records(p)) for p in exports)
    assert report.files == len(exports)
    # the one record with neither title nor content (北邮家教部) is rejected; nothing else is
    assert (report.added, report.rejected) == (records - 1, 1)


@pytest.mark.parametrize("cut", [0.3, 0.7])
def test_truncated_export_keeps_what_is_before_the_cut(tmp_path: Path, cut: float) -> None:
    data = SEED.read_bytes()
    path = tmp_path / "cut.json"
    path.write_bytes(data[: int(len(data) * cut)])
    db = tmp_path / "wx.db"
    report = ingest([path, MORE / "津北商务.json"], open_store(db), workers=1)
    assert report.rejected == 1
    assert report.added > 0 and report.read == report.added + report.rejected
    (line,) = (tmp_path / "wx.db.rejects.jsonl").read_text(encoding="utf-8").splitlines()
    reject = json.loads(line)
    assert "cut.json" in reject["origin"] and "line" in reject["reason"].lower()
    assert open_store(db).stats()["accounts"]["津北商务"] == 119


def test_search_docs_carry_identifiers_whole_or_keyed(seed_db: Path) -> None:
    store = open_store(seed_db)
    every = {doc.key: doc for doc in store.search_docs()}
    assert len(every) == 179
    (notice,) = store.resolve("2650689428_2")
    assert {"沪经信制〔2023〕62号", "shiyurun@sheitc.org.cn", "23117664"} <= set(
        every[notice.key].ids
    )
    keyed = list(store.search_docs([notice.key, "no-such-key"]))
    assert [doc.key for doc in keyed] == [notice.key] and keyed[0] == every[notice.key]


def test_a_posts_ids_field_holds_what_was_found_in_it_and_its_store_ids(seed_db: Path) -> None:
    """The ids field holds the identifiers found in a post's title and body and the store's
    ids kept whole, never the title or body itself: no query asks for a term as long as a
    post, and each such term cost tantivy as much as the rest of the field."""
    store = open_store(seed_db)
    index = store.search_index()
    (notice,) = store.resolve("2650689428_2")
    for doc in store.search_docs():
        ids = document_fields(doc, index.segmenter).fields["ids"].split()
        whole = {"".join(t.split()).casefold() for t in (doc.title, doc.content)}
        assert not whole & set(ids), doc.key
        assert set(identifier_tokens(doc.ids)) <= set(ids), doc.key
        if doc.key == notice.key:
            assert {"沪经信制〔2023〕62号", "23117664"} <= set(ids)


def test_pool_workers_never_hold_the_index_writer(tmp_path: Path) -> None:
    """An ingest into an indexed archive writes the index after each batch, with pool workers
    segmenting; workers forked while a writer was open kept its lock, and every later batch
    waited for the index in vain (it was left behind, "busy")."""
    store = open_store(tmp_path / "wx.db")
    ingest([SEED], store, workers=1)
    store.search(SearchQuery(text="申报"))  # the index exists, so batches now follow it
    report = ingest([MORE / "津北商务.json"], store, workers=2, batch_size=40)
    assert report.added == 119
    assert not [w for w in report.warnings if "busy" in w]
    assert store.search(SearchQuery(text="商务")).total > 0
    assert store.index_sync.is_current()


def _workers_segmenter() -> tuple[str, ...] | None:
    """In a pool worker: the learned terms of the segmenter it holds (None: none built)."""
    held = search_index._shared_segmenter
    return None if held is None else held.learned


def test_the_workers_are_forked_with_the_segmenter_of_the_indexs_learned_terms(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An ingest prepares its first post before forking its workers, so each starts with what
    a post loads (the segmenter with the index's learned terms among it) instead of loading
    its own; asked before any post reached them, the workers hold the index's segmenter."""
    store = open_store(tmp_path / "wx.db")
    ingest([SEED], store, workers=1)
    learned = store.search_index().learned_terms
    assert learned
    monkeypatch.setattr(search_index, "_shared_segmenter", None)  # as in a process just started
    held: list[tuple[str, ...] | None] = []

    def pool_asked(workers: int) -> Any:
        pool = worker_pool(workers)
        held.extend(pool.submit(_workers_segmenter).result() for _ in range(workers))
        return pool

    monkeypatch.setattr(pipeline, "worker_pool", pool_asked)
    report = ingest([MORE / "津北商务.json"], store, workers=2, batch_size=40)
    assert report.added == 119
    assert held == [learned, learned]


def test_index_fields_the_workers_read_are_the_ones_the_index_makes(seed_db: Path) -> None:
    """An incremental ingest's workers read each post's index text fields as they prepare it
    (with the index's learned terms): the index document made from them is the one the index
    makes from the stored post itself, on every post of the seed."""
    store = open_store(seed_db)
    index = store.search_index()
    learned = store.index_sync.learned_terms()
    assert learned == index.learned_terms and learned
    docs = list(store.search_docs())
    assert len(docs) == 179
    for doc in docs:
        article = Article(title=doc.title, content=doc.content, account=doc.account)
        text = prepare_post(article, None, learned)[-1]
        assert finished_fields(doc, text) == document_fields(doc, index.segmenter), doc.key


def test_an_incremental_ingest_on_workers_indexes_as_one_without(tmp_path: Path) -> None:
    """Into an indexed archive, posts whose index fields the workers read while preparing them
    (workers=2) are found as those the index segmented itself (workers=1)."""
    pooled, alone = open_store(tmp_path / "pooled.db"), open_store(tmp_path / "alone.db")
    for store, workers in ((pooled, 2), (alone, 1)):
        ingest([SEED], store, workers=1)
        store.search(SearchQuery(text="申报"))  # the index exists, so batches now follow it
        ingest([MORE / "津北商务.json"], store, workers=workers, batch_size=40)
    assert_same_answers(pooled, alone, ("商务 申报", "外贸 企业", "消费券", "展会 OR 论坛", "天津"))


def test_a_post_naming_no_account_takes_it_from_its_links_wechat_account(tmp_path: Path) -> None:
    records = raw_records(SEED)[:6]
    with_biz = next(r for r in records[1:] if "__biz=" in r["链接url"])
    edited = dict(with_biz, 公众号名称="", 标题title=with_biz["标题title"] + "（更新）")
    nameless = [edited, dict(records[0], 公众号名称="", 链接url="")]
    export = tmp_path / "nameless.json"
    export.write_text(json.dumps(nameless, ensure_ascii=False), encoding="utf-8")
    store = open_store(tmp_path / "wx.db")
    ingest([SEED], store, workers=1)

    report = ingest([export], store, workers=1)

    assert report.updated == 1 and len(report.warnings) == 2
    assert report.warnings[0].startswith("1 posts named no account: took it")
    assert "nameless.json#1" in report.warnings[1]
    (filled,) = store.resolve(with_biz["文章标识符aid"])
    assert (filled.title, filled.account) == (edited["标题title"], with_biz["公众号名称"])
