"""Which commands may create a database, and what a command says when --db is no database."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import EVAL, SEED
from helpers import free_port
from typer.testing import CliRunner

from wxintel.cli import EXIT_DATABASE, app
from wxintel.commands.common import EXIT_ADDRESS

runner = CliRunner()

READ_COMMANDS = [
    ["stats"],
    ["search", "智能工厂"],
    ["show", "2650689428_2"],
    ["export"],
    ["calls"],
    ["entities"],
    ["brief", "--week", "2025-09-21"],
    ["eval", "search", str(EVAL / "search_dev.json")],
    ["eval", "extract", str(EVAL / "notices_dev.json")],
    ["eval", "brief"],
    ["watch", "list"],
    ["watch", "run"],
]


@pytest.mark.parametrize("command", READ_COMMANDS, ids=" ".join)
def test_a_read_command_on_a_missing_database_creates_nothing(
    command: list[str], tmp_path: Path
) -> None:
    missing = tmp_path / "mistyped.db"
    result = runner.invoke(app, [*command, "--db", str(missing)])
    assert result.exit_code == EXIT_DATABASE, result.output
    assert f"no database at {missing}" in " ".join(result.stderr.split())
    assert "wxintel ingest" in result.stderr
    assert list(tmp_path.iterdir()) == []  # no empty database, no .search directory


def test_ingest_and_watch_add_create_the_database(tmp_path: Path) -> None:
    watched = tmp_path / "watch.db"
    result = runner.invoke(
        app, ["watch", "add", "智能工厂", "--name", "智造", "--db", str(watched)]
    )
    assert result.exit_code == 0, result.output
    assert watched.is_file()
    ingested = tmp_path / "wx.db"
    result = runner.invoke(app, ["ingest", str(SEED), "--db", str(ingested), "--workers", "1"])
    assert result.exit_code == 0, result.output
    assert runner.invoke(app, ["stats", "--db", str(ingested)]).exit_code == 0


def _serve(db: Path, *options: str) -> subprocess.CompletedProcess[str]:
    """`wxintel serve` in its own process, as a user starts it; it must exit by itself."""
    return subprocess.run(
        [sys.executable, "-m", "wxintel", "serve", "--db", str(db), *options],
        capture_output=True,
        text=True,
        timeout=30,
        env={**os.environ, "COLUMNS": "200"},
    )


@pytest.mark.parametrize("kind", ["directory", "text file"])
def test_serve_refuses_what_is_not_a_database(kind: str, tmp_path: Path) -> None:
    target = tmp_path / "notdb.db"
    if kind == "directory":
        target.mkdir()
    else:
        target.write_text("these are notes, not a database\n", encoding="utf-8")
    cli = runner.invoke(app, ["stats", "--db", str(target)])
    served = _serve(target, "--port", str(free_port()))
    assert served.returncode == cli.exit_code == EXIT_DATABASE
    message = f"cannot open database {target}"
    assert message in " ".join(served.stderr.split())
    assert message in " ".join(cli.stderr.split())


def test_serve_on_a_port_in_use_says_so_with_its_own_code(seed_db: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        served = _serve(seed_db, "--port", str(port))
    assert served.returncode == EXIT_ADDRESS
    assert f"cannot listen on 127.0.0.1:{port}" in " ".join(served.stderr.split())
