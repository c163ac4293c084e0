"""Index writes that meet another writer: an ingest while a server rebuilds, threads of a server.

A real second process holds tantivy's writer lock on the real seed index; the ingest must wait
for it, or leave the index to catch up with a warning, and never fail.
"""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from conftest import MORE
from helpers import copy_seed_db
from typer.testing import CliRunner

from wxintel.cli import app
from wxintel.search import SearchIndex, SearchQuery, indexlock
from wxintel.store import open_store

runner = CliRunner()
ACCOUNT_FILE = MORE / "未央工信.json"

HOLD_WRITER = """
import sys
import tantivy
from wxintel.search.index import build_schema

writer = tantivy.Index(build_schema(), sys.argv[1]).writer(heap_size=15_000_000)
print("held", flush=True)
sys.stdin.read()  # until the test lets go
"""


@contextmanager
def writer_held(index_dir: Path, release_after: float | None = None) -> Iterator[None]:
    """Another process holds the index writer (as a server rebuilding it would)."""
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_WRITER, str(index_dir / "tantivy")],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None and holder.stdin is not None
    assert holder.stdout.readline().strip() == "held"
    timer = threading.Timer(release_after or 0, holder.stdin.close)
    if release_after is not None:
        timer.start()
    try:
        yield
    finally:
        timer.cancel()
        if not holder.stdin.closed:
            holder.stdin.close()
        holder.wait(timeout=30)


@pytest.fixture()
def db(seed_db: Path, tmp_path: Path) -> Path:
    return copy_seed_db(seed_db, tmp_path)


def _ingest(db: Path) -> dict:
    result = runner.invoke(
        app, ["ingest", str(ACCOUNT_FILE), "--db", str(db), "--workers", "1", "--json"]
    )
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def _index_generation(db: Path) -> int:
    return SearchIndex(db.with_name(db.name + ".search")).generation()


def test_an_ingest_waits_for_a_writer_that_lets_go(db: Path) -> None:
    with writer_held(db.with_name(db.name + ".search"), release_after=1.0):
        report = _ingest(db)
    assert report["added"] > 0 and report["warnings"] == []
    store = open_store(db)
    assert _index_generation(db) == store.generation()
    store.close()


def test_an_ingest_leaves_a_busy_index_to_catch_up(
    db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(indexlock, "WAIT_SECONDS", 1.0)
    account = json.loads(ACCOUNT_FILE.read_text(encoding="utf-8-sig"))[0]["公众号名称"]
    index_dir = db.with_name(db.name + ".search")
    with writer_held(index_dir):
        report = _ingest(db)
        assert report["added"] > 0  # the rows are committed whatever the index does
        assert len(report["warnings"]) == 1 and "busy" in report["warnings"][0]
        store = open_store(db)
        assert _index_generation(db) < store.generation()
        lagging = store.search(SearchQuery(text="工作", accounts=[account]))
        assert lagging.total == 0 and store.index_behind  # answered from the lagging index
        text = runner.invoke(app, ["ingest", str(ACCOUNT_FILE), "--db", str(db)]).stdout
        assert "warning: search index" in " ".join(text.split())
    caught_up = store.search(SearchQuery(text="工作", accounts=[account]))
    assert caught_up.total > 0 and not store.index_behind
    assert _index_generation(db) == store.generation()
    store.close()


def test_threads_of_one_process_rebuild_the_same_index_in_turn(db: Path) -> None:
    threads_count = 2
    start = threading.Barrier(threads_count)
    outcomes: list[object] = []

    def rebuild() -> None:
        store = open_store(db)  # a SQLite connection belongs to its thread
        start.wait()
        try:
            outcomes.append(store.rebuild_index())
        except Exception as error:  # recorded, so the assertion shows it
            outcomes.append(error)
        finally:
            store.close()

    threads = [threading.Thread(target=rebuild) for _ in range(threads_count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert outcomes == [True] * threads_count
    store = open_store(db)
    assert _index_generation(db) == store.generation()
    store.close()
