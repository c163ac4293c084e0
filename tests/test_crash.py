"""Kill an ingest mid-run with SIGKILL; the database stays consistent and a rerun completes it."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from conftest import MORE, SEED, raw_records

# One record of 北邮家教部 has no title field and no content (its crawler shifted the title into
# the aid): it is rejected with that reason, every other record is stored.
TOTAL = sum(len(raw_records(p)) for p in [SEED, *MORE.glob("*.json")]) - 1


def _count(db: Path) -> int:
    try:
        conn = sqlite3.connect(db, timeout=1)
        n = conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
        conn.close()
        return int(n)
    except sqlite3.Error:
        return 0


def test_sigkill_mid_ingest_then_rerun(tmp_path: Path) -> None:
    db = tmp_path / "wx.db"
    cmd = [
        sys.executable,
        "-m",
        "wxintel",
        "ingest",
        str(SEED),
        str(MORE),
        "--db",
        str(db),
        "--batch-size",
        "25",
        "--workers",
        "1",
        "--json",
    ]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while _count(db) < 50 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert proc.poll() is None, "ingest finished before it could be killed"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    stored = _count(db)
    assert 0 < stored < TOTAL
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    # every stored article is whole: its facts and edge lines were committed with it
    orphans = conn.execute(
        "SELECT COUNT(*) FROM articles a WHERE NOT EXISTS"
        " (SELECT 1 FROM edge_lines e WHERE e.article = a.id) AND a.raw_content != ''"
    ).fetchone()[0]
    assert orphans == 0
    conn.close()
    rerun = subprocess.run(cmd, capture_output=True, text=True, check=True)
    report = json.loads(rerun.stdout)
    assert report["rejected"] == 1
    assert report["reasons"] == {"missing field 标题title": 1}
    assert _count(db) == TOTAL
