"""The settings table: environment overrides, read as the default's type, shown masked."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from wxintel import settings
from wxintel.cli import app

SRC = Path(settings.__file__).parent


def test_the_environment_overrides_a_default_read_as_its_type(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("WXINTEL_SNIPPET_CHARS", "80")
    monkeypatch.setenv("WXINTEL_SEARCH_TITLE_BOOST", "2.5")
    assert settings.count("snippet_chars") == 80
    assert settings.number("search_title_boost") == 2.5
    monkeypatch.setenv("WXINTEL_SNIPPET_CHARS", "eighty")
    assert settings.count("snippet_chars") == 160  # a mistyped number keeps the default
    monkeypatch.delenv("WXINTEL_SNIPPET_CHARS")
    assert settings.value("snippet_chars") == 160


def test_a_value_below_a_settings_minimum_keeps_the_default(monkeypatch: pytest.MonkeyPatch):
    """WXINTEL_POLL_TIMEOUT_SECONDS=-1 made every poll a ValueError traceback and
    WXINTEL_WEBHOOK_ATTEMPTS=0 a webhook never tried; such values are mistyped ones."""
    for env, name, bad, good in (
        ("WXINTEL_POLL_TIMEOUT_SECONDS", "poll_timeout_seconds", "-1", "3"),
        ("WXINTEL_WEBHOOK_ATTEMPTS", "webhook_attempts", "0", "2"),
        ("WXINTEL_POLL_WORKERS", "poll_workers", "-4", "1"),
        ("WXINTEL_POLL_HOST_DELAY", "poll_host_delay", "nan", "0"),
    ):
        default = settings.BY_NAME[name].default
        monkeypatch.setenv(env, bad)
        assert settings.value(name) == default
        monkeypatch.setenv(env, good)
        assert settings.value(name) == type(default)(good)  # the minimum itself is allowed
    shown = json.loads(CliRunner().invoke(app, ["settings", "--json"]).stdout)
    assert {r["env"]: r["value"] for r in shown}["WXINTEL_POLL_HOST_DELAY"] == 0


def test_every_setting_has_help_and_a_distinct_variable() -> None:
    variables = [s.env for s in settings.SETTINGS]
    assert len(set(variables)) == len(variables)
    assert all(s.help and s.env.startswith("WXINTEL_") for s in settings.SETTINGS)


def test_settings_command_lists_values_without_secrets(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WXINTEL_ADMIN_TOKEN", "s3cret")
    monkeypatch.setenv("WXINTEL_DB", "postgresql://wx:hunter2@db.example/wx")
    monkeypatch.setenv("WXINTEL_WEBHOOK_ATTEMPTS", "2")
    result = CliRunner().invoke(app, ["settings", "--json"])
    assert result.exit_code == 0
    shown = {row["env"]: row["value"] for row in json.loads(result.stdout)}
    assert shown["WXINTEL_WEBHOOK_ATTEMPTS"] == 2
    assert shown["WXINTEL_ADMIN_TOKEN"] == "***"
    assert "hunter2" not in result.stdout and "db.example" in shown["WXINTEL_DB"]
    assert "s3cret" not in CliRunner().invoke(app, ["settings"]).stdout


def test_every_setting_is_read_by_the_code() -> None:
    """A declared setting no module reads would change nothing when a user sets it."""
    source = "\n".join(
        path.read_text(encoding="utf-8") for path in SRC.rglob("*.py") if path.name != "settings.py"
    )
    unread = [s.name for s in settings.SETTINGS if f'"{s.name}"' not in source]
    assert unread == []
