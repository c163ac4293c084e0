"""The `wxintel` command: a thin layer over the store, search and extract objects the web uses."""

from __future__ import annotations

import importlib
from typing import Annotated, ClassVar

import typer
from typer.core import TyperCommand, TyperGroup

from wxintel import __version__
from wxintel.commands.common import (
    EXIT_AMBIGUOUS,
    EXIT_DATABASE,
    EXIT_NOT_FOUND,
    EXIT_OK,
    EXIT_REJECTED,
    EXIT_USAGE,
    IndexOption,
    use_index_dir,
)

# The modules of wxintel.commands that register each command (`register(app)`), in the order
# `--help` lists them. A command imports only its own: all of them at once (the web server,
# feeds, briefs, ask, the learners) cost every command's start about 0.3 CPU-s more.
COMMANDS: dict[str, tuple[str, ...]] = {
    **dict.fromkeys(("ingest", "stats", "show", "export"), ("archive",)),
    "search": ("search",),
    **dict.fromkeys(("calls", "entities"), ("facts",)),
    **dict.fromkeys(("reposts", "threads", "relink"), ("links",)),
    "reprocess": ("reprocess",),
    "serve": ("web",),
    "settings": ("settings",),
    "poll": ("sources",),
    **dict.fromkeys(("ask", "mcp"), ("ask",)),
    "brief": ("brief",),
    **dict.fromkeys(("conditions", "match"), ("match",)),
    "eval": ("evaluate", "links", "brief", "match"),  # the others add their scores to it
    "sources": ("sources",),
    "watch": ("brief",),
    "profiles": ("match",),
}


class LazyCommands(TyperGroup):
    """The root command: a sub-command's module is imported when it is asked for (its
    `register` adds it to `registered`), not when the CLI starts."""

    registered: ClassVar[typer.Typer] = typer.Typer(rich_markup_mode="markdown")
    imported: ClassVar[set[str]] = set()
    # the commands of the modules imported so far; None once another is imported, built again then
    built: ClassVar[TyperGroup | None] = None

    def list_commands(self, ctx: typer.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: typer.Context, cmd_name: str) -> TyperCommand | TyperGroup | None:
        modules = COMMANDS.get(cmd_name)
        if modules is None:
            return None
        for name in modules:
            if name not in self.imported:
                importlib.import_module(f"wxintel.commands.{name}").register(self.registered)
                self.imported.add(name)
                LazyCommands.built = None
        built = self.built
        if built is None:
            built = LazyCommands.built = typer.main.get_group(self.registered)
        return built.get_command(ctx, cmd_name)


app = typer.Typer(
    cls=LazyCommands,
    help="WeChat official-account archives as searchable intelligence.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="markdown",
)


def _print_version(asked: bool) -> None:
    if asked:
        typer.echo(f"wxintel {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    index: IndexOption = None,
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_print_version, is_eager=True, help="Print the version and exit"
        ),
    ] = False,
) -> None:
    """WeChat official-account archives as searchable intelligence."""
    use_index_dir(index)


__all__ = [
    "EXIT_AMBIGUOUS",
    "EXIT_DATABASE",
    "EXIT_NOT_FOUND",
    "EXIT_OK",
    "EXIT_REJECTED",
    "EXIT_USAGE",
    "app",
]
