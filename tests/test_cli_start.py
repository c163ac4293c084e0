"""What starting a command imports: only its own module of wxintel.commands (cli.COMMANDS)."""

from __future__ import annotations

import importlib
import inspect
import subprocess
import sys
from pathlib import Path

import pytest
import typer
from conftest import SEED
from typer.core import TyperGroup
from typer.testing import CliRunner

from wxintel.cli import COMMANDS, SUMMARIES, LazyCommands, app

SRC = Path(__file__).parent.parent / "src"


def test_the_map_names_each_command_with_the_module_that_registers_it() -> None:
    """A command a module registers but the map lacks would be missing from the CLI."""
    registered: dict[str, str] = {}
    for module in sorted({name for names in COMMANDS.values() for name in names}):
        app = typer.Typer()
        importlib.import_module(f"wxintel.commands.{module}").register(app)
        names = [c.name or c.callback.__name__ for c in app.registered_commands]
        for name in [*names, *(group.name for group in app.registered_groups)]:
            registered[name] = module
    assert set(registered) == set(COMMANDS)
    assert all(module in COMMANDS[name] for name, module in registered.items())


def test_each_commands_summary_is_the_first_paragraph_of_its_help() -> None:
    """`wxintel --help` lists SUMMARIES without importing the commands: each line must be what
    Typer would list from the command itself (the first paragraph of its help, one line)."""
    everything = typer.Typer()
    for module in dict.fromkeys(name for names in COMMANDS.values() for name in names):
        importlib.import_module(f"wxintel.commands.{module}").register(everything)
    commands = typer.main.get_group(everything).commands
    derived = {}
    for name in COMMANDS:
        text = inspect.cleandoc(commands[name].short_help or commands[name].help or "")
        derived[name] = text.split("\n\n")[0].replace("\n", " ").strip()
    assert derived == SUMMARIES


@pytest.mark.parametrize("args", [["--help"], []])
def test_the_root_help_is_the_screen_of_every_command_imported(monkeypatch, args) -> None:
    """The lazy listing prints, byte for byte, what the group printed when it imported every
    command module to read its help (TyperGroup's own format_help)."""
    runner = CliRunner()
    lazy = runner.invoke(app, args, terminal_width=100)
    monkeypatch.setattr(LazyCommands, "format_help", TyperGroup.format_help)
    eager = runner.invoke(app, args, terminal_width=100)
    assert "search" in lazy.stdout and "Saved searches that report what is new." in lazy.stdout
    assert lazy.stdout == eager.stdout and lazy.exit_code == eager.exit_code


def _imported_by(*args: str) -> set[str]:
    """The modules a `wxintel ARGS` process has imported when the command returns."""
    script = (
        "import sys\nfrom wxintel.cli import app\n"
        f"sys.argv = ['wxintel', *{list(args)!r}]\n"
        "try:\n    app()\nexcept SystemExit:\n    pass\n"
        "print(' '.join(sys.modules))\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(SRC), "PATH": ""},
        check=True,
    )
    return set(run.stdout.split())


def test_a_command_starts_without_the_other_commands_imports(tmp_path: Path) -> None:
    """`wxintel search` reads the store and the index: the web server, feeds, briefs, ask
    and the other commands' modules stay unimported; `--version` imports none of them."""
    searched = _imported_by("search", "--db", str(tmp_path / "none.db"), "智能工厂")
    assert "wxintel.commands.search" in searched and "tantivy" in searched
    others = {"wxintel.web", "wxintel.feeds", "wxintel.briefs", "wxintel.ask", "wxintel.mcp"}
    others |= {f"wxintel.commands.{m}" for m in ("archive", "web", "ask", "brief", "evaluate")}
    assert not searched & others
    assert not _imported_by("--version") & {*others, "wxintel.commands.search"}
    assert not _imported_by("--help") & {*others, "wxintel.commands.search"}


def test_an_ingest_of_exports_starts_without_the_feed_and_page_parsers(tmp_path: Path) -> None:
    """Each format's reader is imported when a file of it is first read: `wxintel ingest` of
    an export loads neither the feed reader (feedparser) nor the page reader."""
    ingested = _imported_by("ingest", str(SEED), "--db", str(tmp_path / "wx.db"), "--workers", "1")
    assert "wxintel.sources.export" in ingested and "wxintel.pipeline" in ingested
    assert not ingested & {
        "feedparser",
        "wxintel.sources.feed",
        "wxintel.sources.page",
    }
