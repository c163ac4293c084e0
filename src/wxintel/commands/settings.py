"""`wxintel settings`: every setting with its environment variable, default and current value."""

from __future__ import annotations

import typer
from rich.markup import escape
from rich.table import Table

from wxintel.commands.common import JsonOption, console, print_json
from wxintel.settings import SETTINGS, Value
from wxintel.store import redacted


def register(app: typer.Typer) -> None:
    app.command("settings")(show_settings)


def show_settings(as_json: JsonOption = False) -> None:
    """The settings a user or an evaluation may change, each through its WXINTEL_ variable."""
    rows = [
        {
            "name": s.name,
            "env": s.env,
            "default": s.default,
            "value": _shown(s.name, s.current()),
            "help": s.help,
        }
        for s in SETTINGS
    ]
    if as_json:
        print_json(rows)
        return
    table = Table()
    for column in ("variable", "value", "default", "what it sets"):
        table.add_column(column)
    for row in rows:
        table.add_row(
            row["env"], escape(str(row["value"])), str(row["default"]), escape(row["help"])
        )
    console.print(table)


def _shown(name: str, value: Value) -> Value:
    """A value as it may be printed: no token, no database password."""
    if name == "admin_token" and value:
        return "***"
    if name == "db" and value:
        return redacted(str(value))
    return value
