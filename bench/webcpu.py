"""CPU time of the web's own work a request, in process (not a test).

    .venv/bin/python bench/webcpu.py --db PATH [--requests 60] [--save FOLDER]

Drives the app through httpx's ASGI transport (no sockets; the client's CPU is included) on
an existing archive: `/api/stats`, then the search page for `serve.py`'s queries with
`store.search` answered from a dict after the first round, so only what the web adds to a
search is timed (templates, facet links, highlights, parameters). `--save FOLDER` writes each
query's page there, to compare two trees' pages byte for byte. Prints CPU-ms a request and
the load average.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import logging
import os
import time
from pathlib import Path
from typing import Any

import httpx
from serve import QUERIES

from wxintel.store.sqlstore import SQLStore
from wxintel.web import create_app

# Pages whose filters, paging, sort and escaping the plain queries do not reach.
MORE_PAGES: list[dict[str, Any]] = [
    {"q": "申报", "kind": "call"},
    {"q": "企业", "offset": 20},
    {"q": "企业", "sort": "date"},
    {"q": "<script>", "limit": 5},
    {"q": "低空经济", "from": "2025-09-01", "to": "2025-09-30"},
    {"q": '"数字化转型" -上海'},
]
PAGES = [{"q": q, "limit": 20} for q in QUERIES] + MORE_PAGES


def remember_searches() -> None:
    """`store.search` answered from a dict once a query has been searched."""
    real = SQLStore.search
    seen: dict[str, Any] = {}

    def remembered(self: SQLStore, query: Any, **kwargs: Any) -> Any:
        key = repr(query)
        if key not in seen:
            seen[key] = real(self, query, **kwargs)
        return seen[key]

    SQLStore.search = remembered  # type: ignore[method-assign]


async def cpu_ms(client: httpx.AsyncClient, asks: list[tuple[str, dict]], count: int) -> float:
    started = time.process_time()
    for path, params in itertools.islice(itertools.cycle(asks), count):
        (await client.get(path, params=params)).raise_for_status()
    return 1000 * (time.process_time() - started) / count


async def run(db: Path, requests: int, save: Path | None) -> None:
    app = create_app(db)
    remember_searches()
    stats = [("/api/stats", {})]
    pages = [("/search", params) for params in PAGES]
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://bench") as client:
            if save:
                save.mkdir(parents=True, exist_ok=True)
            for i, (path, params) in enumerate(pages):  # searched once, pages saved
                page = await client.get(path, params=params)
                if save:
                    (save / f"{i:02d}.html").write_bytes(page.content)
            await cpu_ms(client, stats, 1)
            stats_ms = await cpu_ms(client, stats, requests)
            pages_ms = await cpu_ms(client, pages, requests)
    print(f"/api/stats {stats_ms:.2f} CPU-ms a request")
    print(f"/search with store.search from a dict {pages_ms:.2f} CPU-ms a request")
    print(f"load average {os.getloadavg()[0]:.2f} ({requests} requests each)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--requests", type=int, default=60)
    parser.add_argument("--save", type=Path, default=None)
    args = parser.parse_args()
    logging.getLogger("httpx").setLevel(logging.WARNING)
    asyncio.run(run(args.db, args.requests, args.save))


if __name__ == "__main__":
    main()
