"""`wxintel serve --workers 2 --poll` as a user starts it, on SQLite and on PostgreSQL: two
server processes on one port, one database and one search index; both answer searches alike,
a post uploaded through one is found by the other's very next search, and a subscribed feed
is polled once, not once a process.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
from conftest import DATA, SEED, raw_records, read_articles
from feedserver import FeedServer, Route, full_item, rss, start
from helpers import copy_seed_db, free_port

from wxintel.dedupe import article_key
from wxintel.pipeline import ingest
from wxintel.store import open_store
from wxintel.subscribe.subscriptions import add_source

TOKEN = "workers-test-token"
UPLOAD = DATA / "more-accounts" / "北邮家教部.json"  # an account the seed does not have
POLLED = DATA / "more-accounts" / "津北商务.json"  # a feed's account, neither seed nor upload


def _children(pid: int) -> set[int]:
    found: set[int] = set()
    for task in Path(f"/proc/{pid}/task").glob("*"):
        found |= {int(c) for c in (task / "children").read_text().split()}
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return False
    return state != "Z"


@pytest.fixture()
def feeds() -> Iterator[FeedServer]:
    """A collector on loopback with one feed of one post of POLLED's account."""
    state = FeedServer()
    state.routes["/polled.xml"] = Route(rss([full_item(raw_records(POLLED)[0])], "津北商务"))
    httpd = start(state)
    yield state
    httpd.shutdown()


@pytest.fixture()
def server(
    backend: str, seed_db: Path, tmp_path: Path, feeds: FeedServer, pg_schema
) -> Iterator[tuple[str, subprocess.Popen]]:
    """`wxintel serve --workers 2 --poll` over the seed (a copy of the SQLite file, or ingested
    into a new PostgreSQL schema, its index in a directory of its own) subscribed to the feed;
    its URL and process. It is stopped by SIGTERM on SQLite and by kill -9 on PostgreSQL:
    either way no server process may outlive it."""
    if backend == "sqlite":
        target, where = str(copy_seed_db(seed_db, tmp_path)), []
    else:
        target, where = pg_schema(), ["--index", str(tmp_path / "index")]
        store = open_store(target, index_dir=tmp_path / "index")
        ingest([SEED], store, workers=1)
        store.close()
    store = open_store(target, index_dir=tmp_path / "index")
    add_source(store, feeds.url("/polled.xml"), "津北商务")
    store.close()
    port = free_port()
    command = [sys.executable, "-m", "wxintel", *where, "serve", "--db", target]
    command += ["--port", str(port), "--workers", "2", "--admin-token", TOKEN, "--poll"]
    env = {**os.environ, "WXINTEL_POLL_TICK": "1"}  # each process looks every second
    log = (tmp_path / "serve.log").open("w")
    proc = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=env)
    base = f"http://127.0.0.1:{port}"
    workers: set[int] = set()
    try:
        deadline = time.monotonic() + 120
        while True:
            assert proc.poll() is None, f"serve exited: {(tmp_path / 'serve.log').read_text()}"
            assert time.monotonic() < deadline, "serve --workers 2 did not answer in 120 s"
            try:
                if httpx.get(f"{base}/api/health", timeout=5).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            time.sleep(0.2)
        yield base, proc
        workers = _children(proc.pid)
    finally:
        proc.send_signal(signal.SIGTERM if backend == "sqlite" else signal.SIGKILL)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()
    deadline = time.monotonic() + 10
    while any(_alive(w) for w in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(_alive(w) for w in workers), "a server process outlived serve"


def _searches(base: str, query: str, times: int) -> list[httpx.Response]:
    """`times` searches at once, eight at a time, each on a new connection (any process)."""

    def one(_: int) -> httpx.Response:
        return httpx.get(
            f"{base}/api/search",
            params={"q": query, "limit": 20},
            timeout=60,
            headers={"Connection": "close"},
        )

    with ThreadPoolExecutor(8) as pool:
        return list(pool.map(one, range(times)))


def _by_process(responses: list[httpx.Response]) -> dict[str, list[list[str]]]:
    out: dict[str, list[list[str]]] = {}
    for response in responses:
        assert response.status_code == 200, response.text
        keys = [hit["key"] for hit in response.json()["hits"]]
        out.setdefault(response.headers["x-wxintel-pid"], []).append(keys)
    return out


def test_two_processes_poll_once_answer_alike_and_see_what_the_other_ingested(
    server, feeds: FeedServer
) -> None:
    base, proc = server
    polled = read_articles(POLLED)[0]
    key = article_key(polled)
    deadline = time.monotonic() + 120
    found: dict[str, list[list[str]]] = {}
    while time.monotonic() < deadline:
        found = _by_process(_searches(base, polled.title, 16))
        if all(key in keys for per in found.values() for keys in per) and len(found) == 2:
            break
        time.sleep(0.5)
    assert len(found) == 2 and all(key in keys for per in found.values() for keys in per)
    time.sleep(3)  # three more ticks of each process's poller
    assert len(feeds.hits_of("/polled.xml")) == 1
    sources = httpx.get(f"{base}/api/sources", timeout=30).json()
    assert [s["failures"] for s in sources] == [0] and sources[0]["last_new"]

    answers = _by_process(_searches(base, "申报", 80))
    assert len(answers) == 2, f"one process answered every search: {list(answers)}"
    assert {int(pid) for pid in answers} <= _children(proc.pid)
    lists = [keys for per in answers.values() for keys in per]
    assert lists[0] and all(keys == lists[0] for keys in lists)

    new = read_articles(UPLOAD)[0]
    title, key = new.title, article_key(new)
    before = _by_process(_searches(base, title, 16))
    assert not any(key in keys for per in before.values() for keys in per)
    upload = httpx.post(
        f"{base}/api/ingest",
        files={"file": (UPLOAD.name, UPLOAD.read_bytes())},
        headers={"Authorization": f"Bearer {TOKEN}"},
        timeout=300,
    )
    assert upload.status_code == 200, upload.text
    assert upload.json()["added"] >= 1
    writer = upload.headers["x-wxintel-pid"]

    seen: dict[str, list[list[str]]] = {}
    for _ in range(10):
        for pid, keys in _by_process(_searches(base, title, 16)).items():
            seen.setdefault(pid, []).extend(keys)
        if len(seen) == 2:
            break
    assert writer in seen and len(seen) == 2, "the other process never answered"
    for pid, answered in seen.items():
        assert all(key in keys for keys in answered), f"process {pid} missed the new post"
    health = [
        httpx.get(f"{base}/api/health", headers={"Connection": "close"}, timeout=30).json()
        for _ in range(20)
    ]
    assert {h["generation"] for h in health} == {health[0]["generation"]}
    assert all(h["index_current"] for h in health)
