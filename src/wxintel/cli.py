"""The `wxintel` command: a thin layer over the store, search and extract objects the web uses."""

from __future__ import annotations

import importlib
from typing import Annotated, ClassVar

import typer
from click import HelpFormatter
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

# Each command's line in `wxintel --help`: the first paragraph of its help, as Typer lists it,
# so the root's help imports no command module (1 CPU-s when it imported them all).
# tests/test_cli_start.py derives them from the commands and fails when one differs.
SUMMARIES: dict[str, str] = {
    "ingest": (
        "Read, clean, dedupe, enrich and store articles; rejects go to a file beside the database."
    ),
    "stats": "Counts of articles, accounts, duplicates, stubs, reprints and languages.",
    "show": "One article: clean text, metadata, duplicates (and facts with --facts).",
    "export": (
        "Stored articles with their deadlines, contacts and attachments: every one, or those "
        "the filters keep (with --q, the search hits in the order the search page ranks them;"
        " --as-of, the day its date words count from, as `search`). CSV is for Excel: a UTF-8"
        " byte-order mark, and cells that would start a formula get a quote."
    ),
    "search": (
        "Chinese and English full-text search with aliases, identifiers, filters and snippets."
    ),
    "calls": (
        "Calls, registrations and consultations, with contacts: open ones soonest deadline "
        "first, then closed ones latest first, then undated ones."
    ),
    "entities": "The organisations, people, districts, industries and events most often mentioned.",
    "reposts": "Repost clusters: one text published by several posts, with its original.",
    "threads": (
        "Call threads: a programme round's notice, extensions, shortlist, results and money."
    ),
    "relink": "Link the whole archive again (repost clusters and call threads).",
    "reprocess": (
        "Clean and enrich every stored post again from the text it was read with; rewrite "
        "what changed, relink it and catch the search index up (resumes an interrupted run)."
    ),
    "serve": (
        "Serve search, articles, calls, entities, feeds and the REST API (read-only by default)."
    ),
    "settings": (
        "The settings a user or an evaluation may change, each through its WXINTEL_ variable."
    ),
    "poll": "Fetch the due feeds and store their new posts (then run webhook watchlists).",
    "ask": (
        "Answer a question with a quoted sentence and its post, or say 未找到依据 (exit 4); "
        "--account, --kind, --from and --to answer from those posts only, as `search` "
        "filters; --as-of answers as on that day (上个月, 今年 and a month without a year count "
        "from it)."
    ),
    "mcp": (
        "Serve the archive to an AI assistant over MCP on stdin/stdout (read-only unless "
        "--writable: the client that starts this server runs as you, so no token is asked)."
    ),
    "brief": (
        "A digest of a week (or day, or period) grouped the way the account's editors group it."
    ),
    "conditions": "The conditions a call states on its applicants, each with its exact span.",
    "match": (
        "Which calls a firm can apply to: eligible, unknown (what to ask) or ineligible (why)."
    ),
    "eval": "Score wxintel against labelled sets.",
    "sources": "Subscribed feeds: add, remove, list with their health, OPML import/export.",
    "watch": "Saved searches that report what is new.",
    "profiles": "Firm profiles stored in the database.",
}
_LISTING = "wxintel.cli.listing"  # set in a context's meta while the root's help lists commands


class LazyCommands(TyperGroup):
    """The root command: a sub-command's module is imported when it is asked for (its
    `register` adds it to `registered`), not when the CLI starts."""

    registered: ClassVar[typer.Typer] = typer.Typer(rich_markup_mode="markdown")
    imported: ClassVar[set[str]] = set()
    # the commands of the modules imported so far; None once another is imported, built again then
    built: ClassVar[TyperGroup | None] = None

    def list_commands(self, ctx: typer.Context) -> list[str]:
        return list(COMMANDS)

    def format_help(self, ctx: typer.Context, formatter: HelpFormatter) -> None:
        """The root's help: each command listed by its line of `SUMMARIES`, none imported."""
        ctx.meta[_LISTING] = True
        try:
            super().format_help(ctx, formatter)
        finally:
            del ctx.meta[_LISTING]

    def get_command(self, ctx: typer.Context, cmd_name: str) -> TyperCommand | TyperGroup | None:
        modules = COMMANDS.get(cmd_name)
        if modules is None:
            return None
        if ctx.meta.get(_LISTING):
            return TyperCommand(cmd_name, help=SUMMARIES[cmd_name])
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
