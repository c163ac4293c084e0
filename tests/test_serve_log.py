"""What `wxintel serve --poll` writes to its console while it runs: warnings (a webhook not
delivered, a feed that moved) and errors, not two scheduler lines a tick, one line per feed
request and one per MCP call, which buried them (the MCP SDK set the root logger to INFO)."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import time
from pathlib import Path

import httpx
from conftest import DATA, raw_records
from feedserver import FeedServer, Route, full_item, rss, start
from helpers import copy_seed_db, free_port
from mcp import Client

from wxintel.store import open_store
from wxintel.subscribe.subscriptions import add_source

POLLED = DATA / "more-accounts" / "津北商务.json"


def test_serve_with_poll_and_mcp_keeps_its_console_to_warnings(seed_db: Path, tmp_path: Path):
    feeds = FeedServer()
    feeds.routes["/polled.xml"] = Route(rss([full_item(raw_records(POLLED)[0])], "津北商务"))
    httpd = start(feeds)
    db = copy_seed_db(seed_db, tmp_path)
    store = open_store(db)
    add_source(store, feeds.url("/polled.xml"), "津北商务")
    store.close()
    port = free_port()
    command = [sys.executable, "-m", "wxintel", "serve", "--db", str(db), "--port", str(port)]
    env = {**os.environ, "WXINTEL_POLL_TICK": "1"}  # the scheduler runs every second
    log_path = tmp_path / "serve.log"
    with log_path.open("w") as log:
        proc = subprocess.Popen([*command, "--poll"], stdout=log, stderr=subprocess.STDOUT, env=env)
        try:
            base = f"http://127.0.0.1:{port}"
            deadline = time.monotonic() + 60
            while not feeds.hits_of("/polled.xml") or not _answers(base):
                assert proc.poll() is None, log_path.read_text()
                assert time.monotonic() < deadline, "serve --poll did not poll in 60 s"
                time.sleep(0.2)

            async def call() -> None:
                async with Client(f"{base}/mcp", read_timeout_seconds=60) as client:
                    await client.call_tool("list_calls", {"limit": 1})

            asyncio.run(call())
            time.sleep(3)  # three more scheduler ticks
        finally:
            proc.terminate()
            proc.wait(timeout=30)
            httpd.shutdown()
    said = log_path.read_text()
    assert feeds.hits_of("/polled.xml")  # it did poll, and answered MCP
    assert "wxintel serving" in said
    assert " INFO " not in said and "HTTP Request:" not in said, said


def _answers(base: str) -> bool:
    try:
        return httpx.get(f"{base}/api/health", timeout=5).status_code == 200
    except httpx.TransportError:
        return False
