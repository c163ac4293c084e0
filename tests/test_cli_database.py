"""Which commands may create a database, and what a command says when --db is no database."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import EVAL, SEED
from typer.testing import CliRunner

from wxintel.cli import EXIT_DATABASE, app

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
