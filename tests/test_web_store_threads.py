"""Store threads: reads on several threads at once, each with its own store; writes alone;
every thread sees what was written. Real SQLite copies of the seed, real HTTP for the app."""

from __future__ import annotations

import os
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient
from helpers import copy_seed_db, serve, write_jsonl

from wxintel.search import SearchQuery
from wxintel.store import SQLStore
from wxintel.web import create_app
from wxintel.web.store_threads import THREADS_ENV, StoreThreads, default_threads

TOKEN = "gate-admin-token"
PHRASE = '"磁悬浮仓储"'  # in the uploaded post only
WAIT = 20  # seconds a thread waits for another before the test calls it serialised


@pytest.fixture()
def db(seed_db: Path, tmp_path: Path) -> Path:
    return copy_seed_db(seed_db, tmp_path)


def test_pool_size_from_the_environment(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.delenv(THREADS_ENV, raising=False)
    per_core = min(4, os.cpu_count() or 1)
    assert default_threads() == per_core
    monkeypatch.setenv(THREADS_ENV, "3")
    assert default_threads() == 3
    for wrong in ("zero", "0", "-2"):
        monkeypatch.setenv(THREADS_ENV, wrong)
        assert default_threads() == per_core


def test_reads_run_at_once_each_thread_with_its_own_store(db: Path):
    threads = StoreThreads(db, threads=2)
    both_inside = threading.Barrier(2, timeout=WAIT)  # breaks if reads were serialised

    def read(store: SQLStore) -> tuple[int, int, int]:
        both_inside.wait()
        found = store.search(SearchQuery(text="智能工厂")).total
        return threading.get_ident(), id(store), found

    try:
        with ThreadPoolExecutor(2) as callers:
            results = list(callers.map(lambda _: threads.run_sync(read), range(2)))
    finally:
        threads.close()
    assert len({thread for thread, _, _ in results}) == 2
    assert len({store for _, store, _ in results}) == 2
    assert results[0][2] == results[1][2] > 0


def test_a_write_runs_alone(db: Path):
    threads = StoreThreads(db, threads=3)
    inside: list[str] = []
    overlapped: list[tuple[str, ...]] = []
    lock = threading.Lock()

    def visit(name: str, seconds: float):
        def fn(store: SQLStore) -> None:
            with lock:
                inside.append(name)
                if "write" in inside and len(inside) > 1:
                    overlapped.append(tuple(inside))
            time.sleep(seconds)
            store.count()
            with lock:
                inside.remove(name)

        return fn

    try:
        with ThreadPoolExecutor(6) as callers:
            jobs = [callers.submit(threads.run_sync, visit(f"read{i}", 0.05)) for i in range(2)]
            jobs.append(callers.submit(threads.run_sync, visit("write", 0.2), True))
            jobs += [callers.submit(threads.run_sync, visit(f"read{i}", 0.05)) for i in range(2, 5)]
            for job in jobs:
                job.result(timeout=WAIT)
    finally:
        threads.close()
    assert overlapped == []


def test_close_closes_every_store_and_stops_its_threads(db: Path):
    threads = StoreThreads(db, threads=2)
    workers: list[threading.Thread] = []
    together = threading.Barrier(2, timeout=WAIT)

    def keep(store: SQLStore) -> None:
        together.wait()
        store.count()
        workers.append(threading.current_thread())

    with ThreadPoolExecutor(2) as callers:
        list(callers.map(lambda _: threads.run_sync(keep), range(2)))
    assert len(_open_files(db)) >= 2  # each thread's connection is open
    threads.close()
    assert len(set(workers)) == 2 and not any(w.is_alive() for w in workers)
    assert _open_files(db) == []  # every thread closed its own store


def _open_files(path: Path) -> list[str]:
    """This process's open file descriptors on `path`, read from /proc."""
    fds = Path("/proc/self/fd")
    target = str(path.resolve())
    found = []
    for fd in fds.iterdir():
        try:
            if os.readlink(fd) == target:
                found.append(fd.name)
        except OSError:
            continue  # closed between listing and reading
    return found


def test_every_thread_sees_an_upload_and_a_reindex(db: Path, tmp_path: Path):
    record = {
        "id": "gate1",
        "title": "磁悬浮仓储机器人试点启动",
        "content": "磁悬浮仓储机器人试点在临港启动，首批十家企业参与。\n第二段正文。",
        "account": "测试号",
        "published": "2025-10-03",
    }
    upload = write_jsonl(tmp_path / "gate.jsonl", [record])
    app = create_app(db, admin_token=TOKEN, store_threads=2)
    auth = {"Authorization": f"Bearer {TOKEN}"}
    with serve(app) as url, httpx.Client(base_url=url, timeout=60) as client:

        def totals(query: str) -> set[int]:
            """The total from many concurrent searches, so both store threads answer."""
            with ThreadPoolExecutor(4) as callers:
                found = callers.map(
                    lambda _: client.get("/api/search", params={"q": query}).json()["total"],
                    range(16),
                )
                return set(found)

        assert totals(PHRASE) == {0}
        answer = client.post(
            "/api/ingest", files={"file": ("gate.jsonl", upload.read_bytes())}, headers=auth
        )
        assert answer.status_code == 200 and answer.json()["added"] == 1
        assert totals(PHRASE) == {1}
        assert client.post("/api/reindex", headers=auth).status_code == 200
        assert totals(PHRASE) == {1}
        assert totals("智能工厂") == {client.get("/api/search?q=智能工厂").json()["total"]}


def test_the_app_takes_its_pool_size(db: Path):
    with TestClient(create_app(db, store_threads=3)) as client:
        assert client.app.state.store_threads.threads == 3
        assert client.get("/api/stats").status_code == 200
