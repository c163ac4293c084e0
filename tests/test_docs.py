"""The README names every command and every setting: a new one cannot ship undocumented."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import typer
from helpers import copy_seed_db

from wxintel.cli import app
from wxintel.options import InvalidOption
from wxintel.reads import UnknownScope
from wxintel.settings import SETTINGS
from wxintel.store import open_store

README = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
SPACED = re.sub(r"\s+", " ", README)


def command_paths(command: Any, prefix: str = "") -> list[str]:
    """`ingest`, `watch list`, `eval search` …: every command a user can type (a group is
    anything that lists sub-commands: the root imports each one's module when asked for it)."""
    if hasattr(command, "list_commands"):
        ctx = typer.Context(command)
        return [
            path
            for name in command.list_commands(ctx)
            for path in command_paths(command.get_command(ctx, name), f"{prefix}{name} ")
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


def test_the_readmes_python_example_runs_as_written(
    seed_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An analyst copies the README's Python block into a notebook: it must run on an archive
    as written (`store.search("…")` with a text was an AttributeError; `calls(as_of="…")`
    too; `kinds="call"` matched nothing). Run from a folder whose wx.db is the seed archive."""
    [block] = re.findall(r"```python\n(.*?)```", README, re.S)
    copy_seed_db(seed_db, tmp_path, name="wx.db")
    monkeypatch.chdir(tmp_path)
    exec(compile(block, "README.md", "exec"), {})
    shown = capsys.readouterr().out
    store = open_store(tmp_path / "wx.db")  # what a notebook mistypes is said, not an empty list
    for mistyped in ({"status": "opened"}, {"kinds": ["calls"]}, {"as_of": "2025/10/15"}):
        with pytest.raises(InvalidOption):
            store.calls(**mistyped)
    with pytest.raises(InvalidOption, match="kind must be one of org"):
        store.entities(kind="orgs")
    # an account short of its last character is named, with the stored ones, not searched
    for mistyped_account in (
        lambda: store.search("智能工厂", accounts=["上海经信"]),
        lambda: store.calls(accounts="上海经信"),
    ):
        with pytest.raises(
            UnknownScope, match="no posts of account 上海经信; stored accounts: 上海经信委"
        ):
            mistyped_account()
    store.close()
    assert "关于开展2025年度上海市先进级智能工厂（第二批）申报工作的通知" in shown
    assert re.search(r"^\d+ calls;", shown, re.M) and " facts" in shown
    # the answer with its quote, a week's sections, three verdicts and the export's size
    assert re.search(r"^\d{4}年\d+月\d+日 \['.+'\]$", shown, re.M), shown
    assert re.search(r"^2025-09-20 2025-09-26 \[\('", shown, re.M), shown
    assert len(re.findall(r"^(eligible|unknown|ineligible) ", shown, re.M)) == 3
    assert re.search(r"^[1-9]\d* rows to export$", shown, re.M)


def use_block_commands() -> list[str]:
    """Each `wxintel …` command of the README's Use block, as typed (comments and the block's
    `# headings` dropped; a line may hold several, joined by `; `)."""
    block = README.split("\n## Use\n", 1)[1].split("```\n", 1)[1].split("```", 1)[0]
    typed = (re.sub(r"(^|\s+)#.*$", "", line) for line in block.splitlines())
    return [cmd.strip() for line in typed for cmd in line.split("; ") if cmd.strip()]


def takes_db(path: str) -> bool:
    command = typer.main.get_command(app)
    for name in path.split():
        command = command.get_command(typer.Context(command), name)
    return any("--db" in getattr(param, "opts", ()) for param in command.params)


def test_every_use_command_names_its_archive() -> None:
    """A command typed without `--db` reads or writes ./wxintel.db, not the wx.db the block's
    first line ingested: `watch add` then filed the watchlist in a second, empty archive and
    `watch list --db wx.db` said there was none."""
    typed = use_block_commands()
    assert typed[0].startswith("wxintel ingest ") and "--db wx.db" in typed[0]
    missing = []
    for cmd in typed:
        words = cmd.split()
        path = max((p for p in COMMANDS if words[1 : 1 + len(p.split())] == p.split()), key=len)
        if takes_db(path) and "--db wx.db" not in cmd:
            missing.append(cmd)
    assert not missing, f"README's Use block: commands without --db wx.db: {missing}"


def test_readme_names_no_variable_the_code_does_not_read() -> None:
    """The other direction: a WXINTEL_ variable the README tells a user to set must be a
    declared setting or read somewhere in src/ or tests/ (a renamed setting left its old name
    in the README, where setting it does nothing)."""
    root = Path(__file__).parent.parent
    read = {setting.env for setting in SETTINGS}
    for path in [*(root / "src").rglob("*.py"), *(root / "tests").glob("*.py")]:
        if path.name != "test_docs.py":
            read |= set(re.findall(r"WXINTEL_[A-Z0-9_]+", path.read_text(encoding="utf-8")))
    named = set(re.findall(r"WXINTEL_[A-Z0-9_]+", README))
    assert not named - read, f"README.md names variables nothing reads: {sorted(named - read)}"


def heading_anchors(text: str) -> set[str]:
    """The anchors GitHub gives the README's headings: lower case, punctuation dropped, spaces
    as hyphens, a repeated heading numbered (-1, -2 …); code blocks hold no headings."""
    prose = re.sub(r"```.*?```", "", text, flags=re.S)
    anchors: set[str] = set()
    for heading in re.findall(r"^#{1,6} (.+)$", prose, re.M):
        slug = re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")
        anchor, n = slug, 0
        while anchor in anchors:
            n += 1
            anchor = f"{slug}-{n}"
        anchors.add(anchor)
    return anchors


def test_readme_links_lead_somewhere() -> None:
    """Every `(#anchor)` names a heading, and every relative link a file of the repository (and,
    with `#anchor`, a heading of that file): the current figures link their history in
    docs/measured/, and a renamed heading or file would leave a reader at a dead link."""
    root = Path(__file__).parent.parent
    links = re.findall(r"\]\(([^)\s]+)\)", README)
    dead = []
    for link in links:
        if link.startswith(("http://", "https://")):
            continue
        path, _, anchor = link.partition("#")
        target = root / path if path else None
        if target is not None and not target.exists():
            dead.append(link)
        elif anchor:
            text = README if target is None else target.read_text(encoding="utf-8")
            if anchor not in heading_anchors(text):
                dead.append(link)
    assert any(link.startswith("docs/measured/") for link in links)
    assert not dead, f"README.md links to nothing: {dead}"
