"""Polling many sources on loopback: time and peak memory of `wxintel poll` (not a test).

    .venv/bin/python bench/poll.py --sources 200 --items 20 --hosts 20 --repeat 3

Feeds are RSS 2.0 with full content, built at run time from real seed paragraphs (never
committed) and served with ETags by local HTTP servers on --hosts loopback addresses
(127.0.0.1, 127.0.0.2, …: the poller polls hosts side by side, one host's feeds in turn).
Each run subscribes a fresh database to every feed and times, in a fresh process each:
  first   every feed new: fetch, parse, ingest (clean, enrich, store, index) every item;
  again   every feed answers 304 Not Modified to the conditional GET;
  changed every feed answers 200 again, nothing new in it (ETags dropped by the server).
Medians over --repeat runs; peak RSS of the polling process.
"""

from __future__ import annotations

import html
import json
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from argparse import ArgumentParser
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from corpus import DEFAULT_SOURCES, machine, recombined

MEASURED = (
    "import resource, runpy, sys\n"
    "sys.argv = ['wxintel', *sys.argv[1:]]\n"
    "try:\n    runpy.run_module('wxintel', run_name='__main__')\n"
    "except SystemExit:\n    pass\n"
    "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)"
)


def feed_bodies(count: int, items: int) -> list[bytes]:
    """`count` feeds of `items` distinct recombined posts each."""
    records = list(recombined(DEFAULT_SOURCES, count * items))
    bodies = []
    for n in range(count):
        entries = []
        for record in records[n * items : (n + 1) * items]:
            text = "".join(f"<p>{html.escape(p)}</p>" for p in record["finalContent"].split("\r"))
            entries.append(
                f"<item><title>{html.escape(record['标题title'])}</title>"
                f"<link>{html.escape(record['链接url'])}</link>"
                f"<guid>{record['文章标识符aid']}</guid>"
                f"<content:encoded>{html.escape(text)}</content:encoded></item>"
            )
        bodies.append(
            (
                '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"'
                ' xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>'
                f"<title>账号{n}</title>{''.join(entries)}</channel></rss>"
            ).encode()
        )
    return bodies


class Collector:
    """The feeds, served with ETags; `etags=False` makes every poll a full 200."""

    def __init__(self, bodies: list[bytes]) -> None:
        self.bodies = bodies
        self.etags = True


def serve(collector: Collector, hosts: int) -> list[ThreadingHTTPServer]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            n = int(self.path.strip("/").removesuffix(".xml"))
            etag = f'"{n}"'
            if collector.etags and self.headers.get("If-None-Match") == etag:
                self.send_response(304)
                self.end_headers()
                return
            body = collector.bodies[n]
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml; charset=utf-8")
            if collector.etags:
                self.send_header("ETag", etag)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    servers = []
    for h in range(hosts):
        server = ThreadingHTTPServer((f"127.0.0.{h + 1}", 0), Handler)
        server.daemon_threads = True
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
    return servers


def poll(db: Path) -> tuple[float, float, dict]:
    """`wxintel poll --once --all` in a fresh process: seconds, peak RSS in MB, its report."""
    start = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-c", MEASURED, "poll", "--once", "--all", "--json", "--delay", "0",
         "--db", str(db)],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    seconds = time.perf_counter() - start
    return seconds, int(proc.stderr.strip().splitlines()[-1]) / 1024, json.loads(proc.stdout)


def main() -> None:
    parser = ArgumentParser(description=__doc__)
    parser.add_argument("--sources", type=int, default=200)
    parser.add_argument("--items", type=int, default=20)
    parser.add_argument("--hosts", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print(f"machine: {machine()}")
    collector = Collector(feed_bodies(args.sources, args.items))
    servers = serve(collector, args.hosts)
    urls = [
        f"http://127.0.0.{n % args.hosts + 1}:{servers[n % args.hosts].server_address[1]}/{n}.xml"
        for n in range(args.sources)
    ]
    results: dict[str, list[tuple[float, float, dict]]] = {"first": [], "again": [], "changed": []}
    with tempfile.TemporaryDirectory() as tmp:
        for run in range(args.repeat):
            db = Path(tmp) / f"poll-{run}.db"
            from wxintel.store import open_store
            from wxintel.subscribe.subscriptions import add_source

            store = open_store(db)
            for n, url in enumerate(urls):
                add_source(store, url, f"账号{n}", f"组{n % 10}", "30m")
            store.close()
            collector.etags = True
            results["first"].append(poll(db))
            results["again"].append(poll(db))
            collector.etags = False
            results["changed"].append(poll(db))
    for server in servers:
        server.shutdown()
    print(
        f"{args.sources} sources x {args.items} items on {args.hosts} loopback hosts,"
        f" median of {args.repeat}"
    )
    print(f"{'poll':>8} {'seconds':>8} {'sources/s':>10} {'added':>6} {'failed':>6} {'peak MB':>8}")
    for name, runs in results.items():
        seconds = statistics.median(r[0] for r in runs)
        peak = statistics.median(r[1] for r in runs)
        report = runs[0][2]
        print(
            f"{name:>8} {seconds:>8.2f} {args.sources / seconds:>10.1f} {report['added']:>6}"
            f" {report['failed']:>6} {peak:>8.0f}"
        )


if __name__ == "__main__":
    main()
