"""scripts/postgres.sh brings back a test server whose processes were killed.

The shared test server has vanished without a line in its log (its processes killed outright),
and its next start replays the log before it takes connections. This runs the script on a
cluster of its own (WXINTEL_PG_DIR), never on the shared server: kills the server it started,
leaves a postmaster.pid naming a live process that is not a postgres, and runs it again.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "postgres.sh"


def start(base: Path) -> str:
    """Run the script on `base`; the DSN it wrote."""
    run = subprocess.run(
        ["bash", str(SCRIPT)],
        env={**os.environ, "WXINTEL_PG_DIR": str(base)},
        capture_output=True,
        text=True,
        check=False,
        timeout=180,
    )
    assert run.returncode == 0, run.stderr
    return (base / "dsn").read_text(encoding="utf-8").strip()


def postmaster(base: Path) -> int:
    return int((base / "data" / "postmaster.pid").read_text().split()[0])


def children(pid: int) -> list[int]:
    """The server's own processes (checkpointer, writers …), by their parent's id."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def gone(pid: int) -> bool:
    return not Path(f"/proc/{pid}").exists()


@pytest.fixture
def cluster() -> Iterator[Path]:
    """A directory the postgres OS user can reach (pytest's tmp_path is private to its user)."""
    base = Path(tempfile.mkdtemp(prefix="wxintel-pg-test-"))
    base.chmod(0o755)
    yield base
    if (base / "data" / "postmaster.pid").exists():
        pid = postmaster(base)
        if not gone(pid) and Path(f"/proc/{pid}/comm").read_text().strip() == "postgres":
            os.kill(pid, signal.SIGTERM)  # the server this test started, by its own id
    shutil.rmtree(base, ignore_errors=True)


def test_a_killed_server_is_started_again_with_its_data(cluster: Path) -> None:
    dsn = start(cluster)
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute("CREATE TABLE kept (n int)")
        conn.execute("INSERT INTO kept VALUES (7)")
        conn.execute("CHECKPOINT")  # commits are not waited for (synchronous_commit off)
    pid = postmaster(cluster)
    its_own = children(pid)
    assert its_own
    os.kill(pid, signal.SIGKILL)  # no shutdown: as the shared server vanished
    deadline = time.monotonic() + 30  # its processes see the server gone and end
    while not all(gone(p) for p in [pid, *its_own]) and time.monotonic() < deadline:
        time.sleep(0.1)
    # The dead server's id now names a live process of the server's OS user that is not this
    # cluster's server (ids are reused): pg_ctl took it for the running server and the script
    # failed on psql; PostgreSQL refuses to start while a lock file names a live process.
    other = subprocess.Popen(["sleep", "300"], user="postgres" if os.getuid() == 0 else None)
    try:
        for lock in [cluster / "data" / "postmaster.pid", *cluster.glob(".s.PGSQL.*.lock")]:
            lock.write_text(f"{other.pid}\n{cluster / 'data'}\n", encoding="utf-8")
        assert start(cluster) == dsn  # the same port, so the DSN others hold still works
    finally:
        other.kill()
        other.wait()
    with psycopg.connect(dsn) as conn:
        assert conn.execute("SELECT n FROM kept").fetchall() == [(7,)]
    assert postmaster(cluster) != pid
    assert "automatic recovery in progress" in (cluster / "server.log").read_text()


def test_a_second_run_finds_the_server_it_started(cluster: Path) -> None:
    """The server must not keep the start lock: a second `make test` waited on it forever."""
    dsn = start(cluster)
    pid = postmaster(cluster)
    assert start(cluster) == dsn
    assert postmaster(cluster) == pid
