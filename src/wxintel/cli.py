"""The `wxintel` command: a thin layer over the store, search and extract objects the web uses."""

from __future__ import annotations

import typer

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
    use_index_dir,
)

app = typer.Typer(
    help="WeChat official-account archives as searchable intelligence.",
    no_args_is_help=True,
    add_completion=False,
)
app.callback()(use_index_dir)
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
