"""Helpers several test modules share: private copies of the seed, small ingests, a live server.

Fixtures live in conftest.py; these are plain functions a test calls with its own paths.
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import socket
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import ModuleType
from typing import Any

import uvicorn
from fastapi import FastAPI
from mcp.client.stdio import StdioServerParameters

from wxintel.model import Article
from wxintel.nlp import cedict
from wxintel.pipeline import RunReport, ingest
from wxintel.search import SearchDoc, SearchIndex
from wxintel.store import open_store

# The search tests' query of several concepts: 服务贸易 typed whole (cut 服务 · 贸易) and the genre
# word 支持政策 (措施 …); every factor but the intents'
QUERY = "服务贸易 支持政策"
# 津北商务: 关于邀请参加2025年中国国际服务贸易交易会的通知, a registration writing 服务贸易 whole
WRITES_IT = ("津北商务", "2247516305_1")
# 上海经信委: 一图读懂：关于进一步促进化妆品产业高质量发展的若干措施 (服务 and 贸易 apart)
APART = ("上海经信委", "2650689152_1")


def load_script(name: str) -> ModuleType:
    """scripts/<name>.py imported as a module (the scripts are no package), registered under its
    name so its dataclasses can look their module up."""
    path = Path(__file__).resolve().parent.parent / "scripts" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def two_one_query_sets(folder: Path) -> list[str]:
    """Two judgment files of one query each over the seed's posts, for the learners that fit
    to one set and score the other (eval learn-search, eval search-model)."""
    sets = []
    for n, (q, aid) in enumerate(
        [("人工智能 小镇", "2650688158_2"), ("人工智能 实验室", "2650687785_2")]
    ):
        path = folder / f"set{n}.json"
        rel = [{"account": "上海经信委", "aid": aid, "grade": 3}]
        path.write_text(json.dumps({"queries": [{"q": q, "rel": rel}]}), encoding="utf-8")
        sets.append(str(path))
    return sets


# A fictional 闵行 manufacturer: the firm the match and profile-watch tests judge calls for.
MINHANG_FIRM = {
    "name": "浦江智造",
    "registered_city": "上海市",
    "registered_district": "闵行区",
    "registered_on": "2012-05-10",
    "employees": 320,
    "revenue_wan": 45000,
    "assets_wan": 30000,
    "rd_ratio_pct": 6.5,
    "ip_count": 48,
    "qualifications": ["高新技术企业"],
    "industries": ["制造业", "高端装备"],
    "credit_ok": True,
}


def copy_seed_db(seed_db: Path, folder: Path, name: str = "") -> Path:
    """The seed database (and its search index) copied, so a test may write to it; `name`
    renames the copy and its index files alike (a folder whose wx.db is the seed)."""
    name = name or seed_db.name
    for source in seed_db.parent.glob(seed_db.name + "*"):
        copy = shutil.copytree if source.is_dir() else shutil.copy2
        copy(source, folder / source.name.replace(seed_db.name, name, 1))
    return folder / name


def write_jsonl(path: Path, records: list[dict]) -> Path:
    """Writes records as JSON Lines, the simplest input a reader accepts."""
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), "utf-8")
    return path


def ingest_articles(db: Path, articles: list[Any]) -> RunReport:
    """Ingests real articles (read from ../shared/data) into the SQLite store at `db`, as the
    JSON Lines records a user's collector would write for them."""
    records = [
        {
            "id": a.aid,
            "title": a.title,
            "content": a.content,
            "account": a.account,
            "published": a.published,
        }
        for a in articles
    ]
    return ingest_records(db, records)


def ingested_db(folder: Path, files: list[Path]) -> Path:
    """An SQLite archive, `folder`/wx.db, holding the exports `files`: a module's fixture
    ingests its accounts once."""
    path = folder / "wx.db"
    store = open_store(path)
    try:
        ingest(files, store, workers=1)
    finally:
        store.close()
    return path


def search_doc(article: Article) -> SearchDoc:
    """A post as a bare search document (no kind, tags or deadline), keyed account/aid."""
    return SearchDoc(
        key=f"{article.account}/{article.aid}",
        id=article.aid,
        title=article.title,
        content=article.content,
        account=article.account,
        published=article.published,
    )


def post_text(posts: Iterable[Article], key: str) -> str:
    """The title and body of the post `search_doc` keys `key` (account/aid)."""
    return next(a.title + a.content for a in posts if search_doc(a).key == key)


def posting_share(index: SearchIndex, word: str) -> float:
    """The share of the index's posts that hold `word` (what a common word's share, such as
    COMMON_SHARE, is compared with)."""
    return index._posts_with((word,)) / index._index.searcher().num_docs


def ingest_records(db: Path, records: list[dict]) -> RunReport:
    """Ingests hand-made records (e.g. a hostile post) into the SQLite store at `db`.

    The records go through a JSON Lines file beside the database, the same path a user's would.
    """
    source = write_jsonl(db.with_suffix(".jsonl"), records)
    store = open_store(db)
    try:
        return ingest([source], store, workers=1)
    finally:
        store.close()


def free_port() -> int:
    """A loopback port nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def serve(app: FastAPI, start_timeout: float = 30) -> Iterator[str]:
    """Runs `app` in a real uvicorn server on loopback and yields its base URL; stops it after."""
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + start_timeout
        while not server.started:
            assert time.monotonic() < deadline, "uvicorn did not start"
            time.sleep(0.05)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=20)
    assert not thread.is_alive(), "uvicorn did not stop"


class Receiver:
    """A webhook endpoint on 127.0.0.1 that fails its first `failures` requests with `status`."""

    def __init__(self, port: int = 0, failures: int = 0, status: int = 500) -> None:
        self.bodies: list[dict] = []
        self.requests = 0
        self.failures = failures
        self.status = status
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers["Content-Length"])
                body = json.loads(self.rfile.read(length))
                receiver.requests += 1
                if receiver.requests <= receiver.failures:
                    self.send_response(receiver.status)
                else:
                    receiver.bodies.append(body)
                    self.send_response(204)
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/hook"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def delivered_keys(self) -> list[str]:
        return [item["key"] for body in self.bodies for item in body["items"]]


SRC = Path(__file__).resolve().parents[1] / "src"


def mcp_stdio(db: Path, *extra: str) -> StdioServerParameters:
    """How the SDK's client starts `wxintel mcp` over stdio on `db`, from this checkout."""
    return StdioServerParameters(
        command=sys.executable,
        args=["-m", "wxintel", "mcp", "--db", str(db), *extra],
        env={"PYTHONPATH": str(SRC), "PATH": os.environ.get("PATH", "")},
    )


def counted_dictionary_opens(monkeypatch: Any) -> list[object]:
    """The paths CC-CEDICT is opened from from now on (cedict's gzip.open patched to count)."""
    opened: list[object] = []
    real_open = cedict.gzip.open

    def counted(*args: Any, **kwargs: Any) -> Any:
        opened.append(args[0])
        return real_open(*args, **kwargs)

    monkeypatch.setattr(cedict.gzip, "open", counted)
    return opened


def at_once(*calls: Callable[[], object]) -> None:
    """Run `calls` on threads released together (a barrier), and wait for them all: the server's
    startup read and first queries arriving at the same moment."""
    start = threading.Barrier(len(calls))

    def released(call: Callable[[], object]) -> None:
        start.wait()
        call()

    threads = [threading.Thread(target=released, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
