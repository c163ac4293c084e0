"""Web serving throughput and latency under bounded concurrent load on loopback (not a test).

    .venv/bin/python bench/serve.py --articles 5000 [--concurrency 8] [--requests 400]

Builds a database from a corpus recombined from the seed (in a temp folder, never committed),
starts `wxintel serve`'s app with uvicorn in its own process, then drives `/api/search` and the
search page with `--concurrency` requests in flight, cycling through realistic queries.
Prints requests/s and latency p50/p95/p99 per endpoint, with the machine and corpus size,
next to the baseline measured in the same run: the same queries through `store.search` in
process, one at a time, without HTTP or HTML.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
from corpus import DEFAULT_SOURCES, machine, write_export

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
SERVER = (
    "import sys, uvicorn\nfrom pathlib import Path\nfrom wxintel.web import create_app\n"
    "uvicorn.run(create_app(Path(sys.argv[1])), host='127.0.0.1', port=int(sys.argv[2]),"
    " log_level='warning', access_log=False)"
)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def build_database(folder: Path, articles: int, sources: list[Path]) -> tuple[Path, float]:
    """Ingest a recombined corpus and build its search index; returns the db and seconds taken."""
    export = write_export(folder / "corpus.json", sources, articles)
    db = folder / "bench.db"
    started = time.perf_counter()
    store = open_store(db)
    ingest([export], store, workers=2)
    store.search(SearchQuery(text="上海"))  # builds the index now, not under load
    store.close()
    export.unlink()
    return db, time.perf_counter() - started


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


async def load(base: str, path: str, requests: int, concurrency: int) -> tuple[float, list[float]]:
    """Requests/s and per-request latencies (s) for `requests` GETs, `concurrency` in flight."""
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

        for query in QUERIES:  # warm up: every query once
            await client.get(path, params={"q": query, "limit": 20})
        started = time.perf_counter()
        await asyncio.gather(*(one(next(queries)) for _ in range(requests)))
        wall = time.perf_counter() - started
    return requests / wall, latencies


def in_process(db: Path, requests: int) -> tuple[float, list[float]]:
    """The baseline: the same queries through `store.search` directly, one at a time, no HTTP."""
    store = open_store(db)
    queries = itertools.cycle(QUERIES)
    for query in QUERIES:
        store.search(SearchQuery(text=query, limit=20))
    latencies = []
    started = time.perf_counter()
    for _ in range(requests):
        begun = time.perf_counter()
        store.search(SearchQuery(text=next(queries), limit=20))
        latencies.append(time.perf_counter() - begun)
    wall = time.perf_counter() - started
    store.close()
    return requests / wall, latencies


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
    parser.add_argument("--sources", type=Path, nargs="*", default=DEFAULT_SOURCES)
    args = parser.parse_args()

    print(f"machine: {machine()}")
    with tempfile.TemporaryDirectory(prefix="wxintel-bench-serve-") as tmp:
        db, seconds = build_database(Path(tmp), args.articles, args.sources)
        size = sum(p.stat().st_size for p in Path(tmp).rglob("*") if p.is_file()) / 1e6
        print(
            f"corpus: {args.articles} articles recombined from {len(args.sources)} export(s); "
            f"database + index {size:.0f} MB, built in {seconds:.0f} s"
        )
        port = free_port()
        server = subprocess.Popen([sys.executable, "-c", SERVER, str(db), str(port)])
        base = f"http://127.0.0.1:{port}"
        try:
            asyncio.run(wait_ready(base))
            print(
                f"load: {args.requests} requests per endpoint, {args.concurrency} concurrent, "
                f"{len(QUERIES)} queries, top 20"
            )
            print(f"{'endpoint':<14} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}")
            runs = {"store.search": lambda: in_process(db, args.requests)}  # baseline, no HTTP
            for path in ("/api/search", "/search"):
                runs[path] = lambda path=path: asyncio.run(
                    load(base, path, args.requests, args.concurrency)
                )
            for path, run in runs.items():
                rate, latencies = run()
                p50, p95, p99 = (percentile(latencies, f) * 1000 for f in (0.5, 0.95, 0.99))
                print(
                    f"{path:<14} {rate:>8.1f} {p50:>8.1f} {p95:>8.1f} {p99:>8.1f}"
                    f"   (mean {statistics.mean(latencies) * 1000:.1f} ms)"
                )
        finally:
            server.terminate()
            server.wait(timeout=30)


if __name__ == "__main__":
    main()
