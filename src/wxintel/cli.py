"""The `wxintel` command: a thin layer over the store, search and extract objects the web uses."""

from __future__ import annotations

from typing import Annotated

import typer

from wxintel import __version__
from wxintel.commands import (
    archive,
    ask,
    evaluate,
    facts,
    links,
    reprocess,
    search,
    settings,
    sources,
    web,
)
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

app = typer.Typer(
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


for module in (archive, search, facts, evaluate, links, reprocess, web, settings, sources, ask):
    module.register(app)

__all__ = [
    "EXIT_AMBIGUOUS",
    "EXIT_DATABASE",
    "EXIT_NOT_FOUND",
    "EXIT_OK",
    "EXIT_REJECTED",
    "EXIT_USAGE",
    "app",
]

from wxintel.commands import brief  # noqa: E402

brief.register(app)

from wxintel.commands import match as match_commands  # noqa: E402

match_commands.register(app)
