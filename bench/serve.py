"""Web serving throughput and latency under bounded concurrent load on loopback (not a test).

    .venv/bin/python bench/serve.py --articles 5000 [--concurrency 8] [--requests 400]
                                    [--workers 2] [--db PATH] [--corpus archive|export]

Builds a database from a corpus generated from real paragraphs (in a temp folder, never
committed; `--corpus`, see `build_database`), starts `wxintel serve --workers N` in its own
process, then drives `/api/search` and the search page with `--concurrency` requests in
flight, cycling through realistic queries. Prints requests/s and latency p50/p95/p99 per
endpoint, with the machine and corpus size, next to the baseline measured in the same run:
the same queries through `store.search` in process, one at a time, without HTTP or HTML.
Each row also gives the CPU time a request cost the server's processes (the bench process
for `store.search`), a figure the machine's other load hardly moves, the CPU time it cost
this client (on the same cores), how many cores each kept busy (CPU time a request times
requests a second), and the load average when it ended. With `--concurrency` requests always
in flight, a request waits for the ones ahead of it: the mean latency is the concurrency over
the rate (Little's law), so on cores the server, the client and other programs share, a p95
far above one request's CPU time is queueing, and more server processes (`--workers`) gain
only where the server has cores to spare.
`--db PATH` keeps the database (and its index) at PATH and reuses it when it is there, so a
100k archive is ingested once for several runs. The queries repeat, so with the search index's
remembered results (`WXINTEL_SEARCH_RESULTS_KEPT`, on by default) most requests are answered
from them: run once more with `WXINTEL_SEARCH_RESULTS_KEPT=0` for queries never asked before.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
from corpus import ALL_SOURCES, DEFAULT_SOURCES, machine, write_archive, write_export

from wxintel import settings
from wxintel.pipeline import ingest
from wxintel.search import SearchQuery
from wxintel.store import open_store

QUERIES = [
    "低空经济",
    "人工智能",
    "智能工厂",
    "申报",
    "集成电路",
    "生物医药",
    "市经信委",
    "工博会",
    "专精特新",
    "数字化转型",
    "绿色低碳",
    "中小企业",
    "元宇宙",
    "具身智能",
    "机器人",
    "新能源汽车",
    "时尚消费品",
    "工业互联网",
    "算力",
    "数据要素",
    "智能工厂 申报",
    "公示",
    "浦东新区",
    "临港新片区",
    "揭榜挂帅",
    "高端装备",
    "先进材料",
    "服务型制造",
    "品牌",
    '"人工智能" 产业',
    "化妆品 OR 美妆",
    "上海支持化妆品产业的措施有哪些",
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def build_database(db: Path, articles: int, sources: list[Path], corpus: str) -> float:
    """Ingest a generated corpus into `db` and build its search index; returns seconds taken.

    `archive` (corpus.archive): 30 accounts, one file each, reposts across accounts, like a
    real archive. `export`: one account's posts recombined from the seed's paragraphs, each
    paragraph reused by dozens of posts, so the link stage chains posts that share one into a
    repost cluster of over a thousand posts (at 10k) that every search page meets; the real
    archives' largest cluster has 3 posts.
    """
    source = db.with_name(db.name + ".corpus")
    if corpus == "archive":
        write_archive(source, sources, articles)
    else:
        write_export(source, sources, articles)
    started = time.perf_counter()
    store = open_store(db)
    ingest([source], store, workers=2)
    store.search(SearchQuery(text="上海"))  # builds the index now, not under load
    store.close()
    if source.is_dir():
        shutil.rmtree(source)
    else:
        source.unlink()
    return time.perf_counter() - started


def largest_cluster(db: Path) -> int:
    """Posts in the largest repost cluster: each search page folds every member it shows."""
    store = open_store(db)
    try:
        row = store.conn.execute(
            "SELECT COUNT(*) AS n FROM repost_members GROUP BY cluster ORDER BY n DESC LIMIT 1"
        ).fetchone()
        return row[0] if row else 0
    finally:
        store.close()


async def wait_ready(base: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    async with httpx.AsyncClient(base_url=base) as client:
        while True:
            try:
                if (await client.get("/api/stats")).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("server did not start")
            await asyncio.sleep(0.1)


def tree_cpu(pid: int) -> float:
    """CPU seconds (user + system) used so far by process `pid` and its children, the server's
    worker processes: unlike latency, it hardly moves with the load other programs put on the
    machine."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except FileNotFoundError:
        return 0.0
    own = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return own + sum(tree_cpu(int(child)) for child in children)


# requests/s, latencies (s), the server's CPU seconds per request, the client's (this process)
Run = tuple[float, list[float], float, float]


async def load(base: str, path: str, requests: int, concurrency: int, server: int) -> Run:
    """Requests/s, per-request latencies (s), and the CPU seconds per request of the `server`
    process tree and of this client, for `requests` GETs, `concurrency` in flight. The client
    runs on the same cores: what it uses, the server cannot."""
    queries = itertools.cycle(QUERIES)
    gate = asyncio.Semaphore(concurrency)
    latencies: list[float] = []
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)

    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=60) as client:

        async def one(query: str) -> None:
            async with gate:
                started = time.perf_counter()
                response = await client.get(path, params={"q": query, "limit": 20})
                latencies.append(time.perf_counter() - started)
                response.raise_for_status()

        # warm up: every query twice, as many in flight as measured, so every store thread of
        # every server process has opened its store
        await asyncio.gather(*(one(query) for query in QUERIES * 2))
        latencies.clear()
        started, cpu, mine = time.perf_counter(), tree_cpu(server), time.process_time()
        await asyncio.gather(*(one(next(queries)) for _ in range(requests)))
        wall = time.perf_counter() - started
        used, client = tree_cpu(server) - cpu, time.process_time() - mine
    return requests / wall, latencies, used / requests, client / requests


def in_process(db: Path, requests: int) -> Run:
    """The baseline: the same queries through `store.search` directly, one at a time, no HTTP."""
    store = open_store(db)
    queries = itertools.cycle(QUERIES)
    for query in QUERIES:
        store.search(SearchQuery(text=query, limit=20))
    latencies = []
    started, cpu = time.perf_counter(), time.process_time()
    for _ in range(requests):
        begun = time.perf_counter()
        store.search(SearchQuery(text=next(queries), limit=20))
        latencies.append(time.perf_counter() - begun)
    wall, used = time.perf_counter() - started, time.process_time() - cpu
    store.close()
    return requests / wall, latencies, used / requests, 0.0


def load_now() -> str:
    """The machine's 1-minute load average: latencies measured beside others' work are upper
    bounds, and this says how much other work there was."""
    return f"{os.getloadavg()[0]:.1f}"


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--articles", type=int, default=5000)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--requests", type=int, default=400, help="per endpoint")
    parser.add_argument("--corpus", choices=("archive", "export"), default="archive")
    parser.add_argument(
        "--sources", type=Path, nargs="*", help="default: every real export (archive), the seed"
    )
    parser.add_argument("--workers", type=int, default=1, help="serve --workers")
    parser.add_argument("--db", type=Path, help="keep the database here; reuse it if present")
    args = parser.parse_args()

    print(f"machine: {machine()}")
    with tempfile.TemporaryDirectory(prefix="wxintel-bench-serve-") as tmp:
        db = args.db or Path(tmp) / "bench.db"
        if db.exists():
            print(f"corpus: reusing {db} ({open_store(db).count()} articles)")
        else:
            sources = args.sources or (ALL_SOURCES if args.corpus == "archive" else DEFAULT_SOURCES)
            seconds = build_database(db, args.articles, sources, args.corpus)
            print(
                f"corpus: {args.corpus}, {args.articles} articles recombined from"
                f" {len(sources)} export(s); built in {seconds:.0f} s"
            )
        size = sum(p.stat().st_size for p in db.parent.rglob(f"{db.name}*") if p.is_file())
        print(f"database + index {size / 1e6:.0f} MB; largest repost cluster {largest_cluster(db)}")
        port = free_port()
        command = [sys.executable, "-m", "wxintel", "serve", "--db", str(db), "--port", str(port)]
        server = subprocess.Popen([*command, "--workers", str(args.workers)])
        base = f"http://127.0.0.1:{port}"
        try:
            asyncio.run(wait_ready(base))
            print(
                f"load: {args.requests} requests per endpoint, {args.concurrency} concurrent, "
                f"{len(QUERIES)} queries, top 20, serve --workers {args.workers}, "
                f"search results remembered {settings.count('search_results_kept')}"
            )
            print(
                f"{'endpoint':<14} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}"
                f" {'CPU ms/req':>11} {'client CPU':>11}"
            )
            runs = {"store.search": lambda: in_process(db, args.requests)}  # baseline, no HTTP
            for path in ("/api/search", "/search"):
                runs[path] = lambda path=path: asyncio.run(
                    load(base, path, args.requests, args.concurrency, server.pid)
                )
            for path, run in runs.items():
                rate, latencies, cpu, client = run()
                p50, p95, p99 = (percentile(latencies, f) * 1000 for f in (0.5, 0.95, 0.99))
                print(
                    f"{path:<14} {rate:>8.1f} {p50:>8.1f} {p95:>8.1f} {p99:>8.1f}"
                    f" {cpu * 1000:>11.1f} {client * 1000:>11.1f}"
                    f"   (mean {statistics.mean(latencies) * 1000:.1f} ms; cores busy: server"
                    f" {cpu * rate:.2f}, client {client * rate:.2f}; load {load_now()})"
                )
        finally:
            server.terminate()
            server.wait(timeout=30)


if __name__ == "__main__":
    main()
