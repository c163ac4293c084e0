"""The README names every command and every setting: a new one cannot ship undocumented."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import typer

from wxintel.cli import app
from wxintel.settings import SETTINGS

README = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
SPACED = re.sub(r"\s+", " ", README)


def command_paths(command: Any, prefix: str = "") -> list[str]:
    """`ingest`, `watch list`, `eval search` …: every command a user can type (a group is
    anything with sub-commands: Typer's groups need not be click's own class)."""
    if getattr(command, "commands", None):
        return [
            path
            for name, sub in command.commands.items()
            for path in command_paths(sub, f"{prefix}{name} ")
        ]
    return [prefix.strip()]


COMMANDS = command_paths(typer.main.get_command(app))


def test_the_walk_finds_nested_commands() -> None:
    assert {"ingest", "watch list", "eval search", "settings"} <= set(COMMANDS)


@pytest.mark.parametrize("path", COMMANDS)
def test_readme_shows_every_command(path: str) -> None:
    assert f"wxintel {path}" in SPACED, f"README.md never shows `wxintel {path}`"


@pytest.mark.parametrize("setting", SETTINGS, ids=lambda s: s.env)
def test_readme_names_every_setting(setting) -> None:
    assert setting.env in README, f"README.md never names {setting.env} ({setting.help})"
