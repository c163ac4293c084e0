"""`wxintel reprocess` on real exports: an archive ingested by an older, weaker extractor is
derived again and must then equal a fresh ingest by today's code, rows, links and search alike;
a second run changes nothing; a killed run resumes with only the rest; --since keeps older
posts as they were. On PostgreSQL the ranges run on a real Dask LocalCluster (two worker
processes), on SQLite on the local process pool.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import DATA, SEED, StoreTarget, raw_records
from helpers import copy_seed_db

from wxintel import link, pipeline
from wxintel.model import Enrichment
from wxintel.pipeline import ingest
from wxintel.reprocess import rederive, reprocess
from wxintel.search import SearchQuery
from wxintel.store import SQLStore, open_store, reprocessing, writer
from wxintel.store.reprocessing import Scope

REPO = Path(__file__).resolve().parents[1]
INPUTS = [SEED, DATA / "more-accounts" / "北邮家教部.json"]  # 186 posts of two accounts
SINCE = "2025-10-01"  # the seed runs 2025-09-10 to 2025-10-15


def older_enrich(article: Any) -> Enrichment:
    """What an older wxintel derived: a kind for everything, no facts, names or tables."""
    return Enrichment(
        kind="announcement", kind_rule="older", facts=[], mentions=[], tables=[], tags=[]
    )


def build(target: StoreTarget, monkeypatch: pytest.MonkeyPatch | None = None) -> None:
    """Ingest INPUTS into `target`, with the older extractor when `monkeypatch` is given."""
    store = target.open()
    try:
        if monkeypatch is None:
            ingest(INPUTS, store, workers=1)
        else:
            with monkeypatch.context() as patched:
                patched.setattr(pipeline, "enrich", older_enrich)
                ingest(INPUTS, store, workers=1)
    finally:
        store.close()


def snapshot(store: SQLStore) -> dict[str, Any]:
    """Everything ingest derives, keyed by article key (row ids differ between stores)."""
    conn = store.conn
    articles = {}
    for row in conn.execute("SELECT * FROM articles"):
        record = dict(row)
        del record["id"]
        if record["signature"] is not None:
            record["signature"] = bytes(record["signature"])
        articles[row["key"]] = record

    def by_key(sql: str) -> list[tuple[Any, ...]]:
        return sorted(tuple(r) for r in conn.execute(sql))

    threads: dict[int, list[tuple[str, str]]] = {}
    names: dict[int, tuple[Any, ...]] = {}
    for tid, name, year, batch, level, key, stage in conn.execute(
        "SELECT t.id, t.name, t.year, t.batch, t.level, a.key, m.stage FROM threads t"
        " JOIN thread_members m ON m.thread = t.id JOIN articles a ON a.id = m.article"
    ):
        threads.setdefault(tid, []).append((key, stage))
        names[tid] = (name, year, batch, level)
    return {
        "articles": articles,
        "facts": by_key(
            "SELECT a.key, f.seq, f.kind, f.value, f.span_start, f.span_end, f.text"
            " FROM facts f JOIN articles a ON a.id = f.article"
        ),
        "mentions": by_key(
            "SELECT a.key, m.seq, e.kind, e.name, m.surface, m.span_start, m.span_end, m.attrs"
            " FROM mentions m JOIN articles a ON a.id = m.article"
            " JOIN entities e ON e.id = m.entity"
        ),
        "tables": by_key(
            "SELECT a.key, t.seq, t.columns, t.rows, t.span_start, t.span_end"
            " FROM doc_tables t JOIN articles a ON a.id = t.article"
        ),
        "edges": by_key(
            "SELECT a.key, e.line FROM edge_lines e JOIN articles a ON a.id = e.article"
        ),
        "lsh": by_key(
            "SELECT a.key, l.band, l.bucket FROM lsh_buckets l JOIN articles a ON a.id = l.article"
        ),
        "near_duplicates": by_key(
            "SELECT x.key, y.key, n.similarity FROM near_duplicates n"
            " JOIN articles x ON x.id = n.a JOIN articles y ON y.id = n.b"
        ),
        "reposts": sorted(
            sorted(keys) for keys in _groups(link.cluster_keys(conn)).values() if len(keys) > 1
        ),
        "threads": sorted((names[t], sorted(members)) for t, members in threads.items()),
    }


def _groups(assignment: dict[str, Any]) -> dict[Any, list[str]]:
    out: dict[Any, list[str]] = {}
    for key, group in assignment.items():
        out.setdefault(group, []).append(key)
    return out


def searched(store: SQLStore) -> list[list[str]]:
    """What the search index answers where facts and kinds matter."""
    queries = [
        SearchQuery("申报", kinds=("call",), limit=50),
        SearchQuery("通知", has_deadline=True, limit=50),
        SearchQuery("企业", kinds=("announcement",), limit=50),
    ]
    return [[hit.key for hit in store.search(q).hits] for q in queries]


def state(target: StoreTarget) -> tuple[dict[str, Any], list[list[str]], int]:
    store = target.open()
    try:
        return snapshot(store), searched(store), store.generation()
    finally:
        store.close()


@pytest.fixture(scope="module")
def cluster() -> Iterator[str]:
    """A real Dask LocalCluster: two worker processes of one thread each; its address."""
    from distributed import LocalCluster

    with LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as local:
        yield local.scheduler_address


@pytest.fixture(scope="module")
def fresh_pg(pg_schema, tmp_path_factory) -> tuple[StoreTarget, tuple[Any, ...]]:
    """A fresh ingest of INPUTS by today's code into PostgreSQL, and its state."""
    target = StoreTarget("postgres", pg_schema(), tmp_path_factory.mktemp("fresh") / "index")
    build(target)
    return target, state(target)


def older(target: StoreTarget, monkeypatch: pytest.MonkeyPatch) -> StoreTarget:
    build(target, monkeypatch)
    return target


def test_dask_reprocess_equals_a_fresh_ingest_and_a_second_run_changes_nothing(
    cluster, fresh_pg, pg_schema, tmp_path, monkeypatch
):
    _, (want, want_search, _) = fresh_pg
    target = older(StoreTarget("postgres", pg_schema(), tmp_path / "index"), monkeypatch)
    before, _, _ = state(target)
    assert before != want  # the older extractor left calls, facts and names out

    report = reprocess(target.target, dask=cluster, index_dir=target.index_dir, part_size=40)
    assert report.executor == f"dask {cluster}"
    assert (report.parts, report.parts_run, report.read) == (5, 5, 186)
    assert report.changed > 100
    got, got_search, generation = state(target)
    assert got == want
    assert got_search == want_search and any(got_search)

    again = reprocess(target.target, dask=cluster, index_dir=target.index_dir, part_size=40)
    assert (again.resumed, again.read, again.changed) == (False, 186, 0)
    assert state(target) == (want, want_search, generation)


def test_dask_reprocess_since_a_date_rewrites_only_newer_posts(
    cluster, fresh_pg, pg_schema, tmp_path, monkeypatch
):
    _, (want, _, _) = fresh_pg
    target = older(StoreTarget("postgres", pg_schema(), tmp_path / "index"), monkeypatch)
    before, _, _ = state(target)
    report = reprocess(target.target, Scope(since=SINCE), dask=cluster, index_dir=target.index_dir)
    got, _, _ = state(target)
    newer = {k for k, a in want["articles"].items() if a["published"] >= SINCE}
    assert 0 < len(newer) < len(want["articles"]) and report.read == len(newer)
    for key, article in got["articles"].items():
        expected = want if key in newer else before
        assert article["kind"] == expected["articles"][key]["kind"], key
    assert {f[0] for f in got["facts"]} <= newer
    assert [f for f in got["facts"] if f[0] in newer] == [f for f in want["facts"] if f[0] in newer]


def _kill_when_some_parts_done(command: list[str], target: StoreTarget, env: dict) -> int:
    """Start a reprocess, SIGKILL it once one range is done (not all); the ranges done then."""
    proc = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    store = target.open()
    try:
        deadline = time.monotonic() + 300
        done = 0
        while time.monotonic() < deadline and proc.poll() is None:
            done = store.conn.execute(
                "SELECT COALESCE(SUM(done), 0) FROM reprocess_parts"
            ).fetchone()[0]
            if done:
                break
            time.sleep(0.02)
        assert proc.poll() is None, f"reprocess ended before it was killed: {proc.stderr.read()}"
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        return int(done)
    finally:
        store.close()


def _cli_env(**settings: str) -> dict[str, str]:
    env = dict(os.environ, PYTHONPATH=str(REPO / "src"), **settings)
    return env


def test_dask_reprocess_killed_midway_resumes_with_the_rest(
    cluster, fresh_pg, pg_schema, tmp_path, monkeypatch
):
    _, (want, want_search, _) = fresh_pg
    target = older(StoreTarget("postgres", pg_schema(), tmp_path / "index"), monkeypatch)
    command = [sys.executable, "-m", "wxintel", "--index", str(target.index_dir), "reprocess"]
    command += ["--db", target.target, "--dask", cluster, "--json"]
    done = _kill_when_some_parts_done(
        command, target, _cli_env(WXINTEL_REPROCESS_PART_SIZE="10", WXINTEL_BATCH_SIZE="5")
    )
    report = reprocess(target.target, dask=cluster, index_dir=target.index_dir, part_size=10)
    assert report.resumed
    assert report.parts == 19 and report.parts_run <= report.parts - done
    assert report.read < 186
    assert state(target)[:2] == (want, want_search)


def test_local_pool_on_sqlite_equals_a_fresh_ingest_and_resumes(tmp_path, monkeypatch):
    fresh = StoreTarget("sqlite", str(tmp_path / "fresh.db"), tmp_path / "unused")
    build(fresh)
    want, want_search, _ = state(fresh)
    old = StoreTarget("sqlite", str(tmp_path / "old.db"), tmp_path / "unused")
    target = older(old, monkeypatch)
    command = [sys.executable, "-m", "wxintel", "reprocess", "--db", target.target]
    command += ["--workers", "1", "--json"]
    done = _kill_when_some_parts_done(
        command, target, _cli_env(WXINTEL_REPROCESS_PART_SIZE="10", WXINTEL_BATCH_SIZE="5")
    )
    report = reprocess(target.target, workers=2, part_size=10)
    assert report.resumed and report.executor == "local pool of 2"
    assert report.parts_run <= report.parts - done and report.read < 186
    got, got_search, generation = state(target)
    assert got == want
    assert got_search == want_search

    out = subprocess.run(
        [sys.executable, "-m", "wxintel", "reprocess", "--db", target.target, "--json"],
        env=_cli_env(),
        capture_output=True,
        text=True,
        check=True,
    )
    again = json.loads(out.stdout)
    assert (again["resumed"], again["read"], again["changed"]) == (False, 186, 0)
    assert state(target) == (want, want_search, generation)


def test_a_post_ingested_again_while_it_was_rederived_keeps_the_new_text(seed_db, tmp_path):
    db = copy_seed_db(seed_db, tmp_path)
    store = open_store(db)
    try:
        [row] = reprocessing.raw_posts(store, 0, 10**9, Scope(), limit=1)
        derived = rederive(row, frozenset())
        record = next(r for r in raw_records(SEED) if row["title"] == r["标题title"].strip())
        changed = {**record, "finalContent": record["finalContent"] + "\r本文已更新。"}
        export = tmp_path / "changed.json"
        export.write_text(json.dumps([changed], ensure_ascii=False), encoding="utf-8")
        assert ingest([export], store, workers=1).updated == 1
        result, keys = writer.write_batch(store, [derived], rederived=True)
        assert (result.unchanged, keys) == (1, [])
        assert store.get(row["key"]).content.endswith("本文已更新。")
    finally:
        store.close()


def test_a_place_the_gazetteer_renamed_takes_its_new_name_on_reprocess(
    seed_db: Path, tmp_path: Path
) -> None:
    """A store derived when the district list named a zone otherwise (张江, before the
    gazetteers became one file: 张江科学城) keeps the old name until `wxintel reprocess`, which
    re-derives those posts' mentions and tags under the gazetteer's name."""
    db = copy_seed_db(seed_db, tmp_path)
    store = open_store(db)

    def named(store: SQLStore) -> tuple[set[str], set[str]]:
        entities = {e["name"] for e in store.entities(kind="district", top=1000)}
        tags = {
            t for (raw,) in store.conn.execute("SELECT tags FROM articles") for t in json.loads(raw)
        }
        return entities, tags

    with store.transaction():  # as an older release stored them
        (zone,) = store.conn.execute(
            "SELECT id FROM entities WHERE kind = 'district' AND name = '张江科学城'"
        ).fetchone()
        store.conn.execute("UPDATE entities SET name = '张江' WHERE id = ?", (zone,))
        older = store.conn.execute(
            "UPDATE articles SET derived_hash = 'older', tags = replace(tags, '张江科学城', '张江')"
            " WHERE id IN (SELECT article FROM mentions WHERE entity = ?)",
            (zone,),
        ).rowcount
    entities, tags = named(store)
    assert "张江" in entities and "张江" in tags and "张江科学城" not in entities
    store.close()
    report = reprocess(db, workers=1)
    assert report.changed == older > 0  # those posts, and no other
    store = open_store(db)
    try:
        entities, tags = named(store)
    finally:
        store.close()
    assert "张江科学城" in entities and "张江" not in entities
    assert "张江" not in tags
