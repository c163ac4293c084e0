"""`wxintel ingest` as a user meets it: bad options, and a summary that says what went wrong where."""

from __future__ import annotations

from pathlib import Path

from conftest import SEED
from typer.testing import CliRunner

from wxintel.cli import EXIT_USAGE, app

runner = CliRunner()


def test_an_unknown_format_is_a_usage_error_listing_the_formats(tmp_path: Path) -> None:
    db = tmp_path / "wx.db"
    result = runner.invoke(app, ["ingest", str(SEED), "--db", str(db), "--format", "pdf"])
    assert result.exit_code == EXIT_USAGE
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "--format must be one of export, jsonl, html, feed, not 'pdf'" in result.stderr
    assert not db.exists()
