"""What every command shares: the database option, JSON output, exit codes, consoles."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TextIO

import typer
from rich.console import Console
from rich.markup import escape

from wxintel.dates import AS_OF_GIVEN, AS_OF_NEWEST_POST, AS_OF_TODAY
from wxintel.links import safe_url
from wxintel.settings import BY_NAME

if TYPE_CHECKING:  # the store and search: imported by the commands that open one, when they run
    from wxintel.search.model import SearchQuery
    from wxintel.store import SQLStore

EXIT_OK = 0
EXIT_REJECTED = 1  # --strict and something was rejected
EXIT_USAGE = 2  # a bad option or value, an input missing or unreadable, an unwritable output
EXIT_DATABASE = 3  # the database cannot be opened (newer schema, not a database)
EXIT_NOT_FOUND = 4  # no article (or entity) by that id
EXIT_AMBIGUOUS = 5  # an aid shared by articles of several accounts
EXIT_ADDRESS = 6  # serve cannot listen on --host/--port (in use, not allowed)
EXIT_UNDELIVERED = 7  # watch run, poll --once: a webhook failed after every retry (items kept)

console = Console()
err = Console(stderr=True)

DbOption = Annotated[
    str,
    typer.Option(
        "--db",
        help="SQLite file or postgresql:// URL (default: $WXINTEL_DB or ./wxintel.db)",
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Machine-readable JSON output")]
DateFromOption = Annotated[str | None, typer.Option("--from", help="Earliest date, YYYY-MM-DD")]
DateToOption = Annotated[str | None, typer.Option("--to", help="Latest date, YYYY-MM-DD")]
AccountsOption = Annotated[
    list[str] | None, typer.Option("--account", help="Only this account (repeatable)")
]
AsOfOption = Annotated[
    str | None,
    typer.Option(
        "--as-of",
        help="Read the archive as of this day, YYYY-MM-DD: calls open or closed on it, date"
        " words (上个月, 今年) and a month without a year counted from it (default: today in"
        " Shanghai, or the archive's newest post when that is older)",
    ),
]
GroupOption = Annotated[
    str | None, typer.Option("--group", help="Only the accounts this group of sources brings")
]
IndexOption = Annotated[
    Path | None,
    typer.Option(
        "--index",
        envvar=BY_NAME["index_dir"].env,
        help="Search index directory of a PostgreSQL store (default: `./wxintel-index/<dbname>`,"
        " `<dbname>.<schema>` for a schema other than public)",
        show_default=False,
    ),
]


class Session:
    """Options given before the command (`wxintel --index DIR search …`), for this run only."""

    index_dir: Path | None = None


# How a day read from is explained (the JSON says `as_of_reason`): the calls table judges
# calls on it, search counts relative date words (上个月) from it.
AS_OF_REASONS = {
    AS_OF_GIVEN: "--as-of",
    AS_OF_TODAY: "today",
    AS_OF_NEWEST_POST: "the archive's newest post; it ends before today",
}


def use_index_dir(index: IndexOption = None) -> None:
    """Where a PostgreSQL store keeps its search index (a SQLite store's sits beside its file)."""
    Session.index_dir = index


def store_or_exit(db: str | None, create: bool = False) -> SQLStore:
    """Open the store, or explain why not and exit with EXIT_DATABASE.

    Only commands that store something (`ingest`, `watch add`, `sources add`/`import`,
    `profiles add`, `serve --admin-token`) pass `create`: a mistyped --db given to a read
    command must not leave an empty database behind and report zeros.
    """
    from wxintel.store import StoreError, default_db, is_server_url, open_store, redacted

    target = db or default_db()
    if not create and not is_server_url(target) and not Path(target).exists():
        err.print(
            f"[red]error:[/red] no database at {escape(target)}"
            f" (create it with wxintel ingest FILES --db {escape(target)})",
            soft_wrap=True,  # a path broken across lines cannot be copied
        )
        raise typer.Exit(EXIT_DATABASE)
    try:
        return open_store(target, index_dir=Session.index_dir)
    except StoreError as exc:
        err.print(f"[red]error:[/red] {escape(str(exc))}", soft_wrap=True)
        raise typer.Exit(EXIT_DATABASE) from exc
    except Exception as exc:  # not a database, locked, server gone, …
        shown = escape(redacted(target))
        err.print(
            f"[red]error:[/red] cannot open database {shown}: {escape(str(exc))}", soft_wrap=True
        )
        raise typer.Exit(EXIT_DATABASE) from exc


def as_of_or_exit(raw: str | None) -> date | None:
    """The day `--as-of` names (None when not given), or a one-line usage error and exit
    EXIT_USAGE. A day is what `options.iso_day` takes, as for --from, --to and the API's
    as_of: search, export and ask leave the check to `checked_or_exit`, which says the same."""
    from wxintel.options import InvalidOption, iso_day

    try:
        return iso_day("as_of", raw)
    except InvalidOption as exc:
        err.print(f"[red]error:[/red] {escape(exc.for_cli())}")
        raise typer.Exit(EXIT_USAGE) from exc


def checked_or_exit(query: SearchQuery) -> None:
    """Return when `query`'s filters are valid, else exit with a usage error naming the bad
    one: search, export and ask check the same filters and say the same thing."""
    from wxintel.options import InvalidOption

    try:
        query.check()
    except InvalidOption as exc:
        err.print(f"[red]error:[/red] {escape(exc.for_cli())}")
        raise typer.Exit(EXIT_USAGE) from exc


def accounts_or_exit(
    store: SQLStore, accounts: Sequence[str | None], group: str | None = None
) -> None:
    """Exit with EXIT_NOT_FOUND when an --account names no stored account, or a --group
    brought no posts, listing the stored ones (as `brief` does): a mistyped name would match
    nothing and read as an empty archive."""
    from wxintel.reads import unknown_scope

    problem = unknown_scope(store, accounts, group)
    if problem:
        err.print(f"[red]error:[/red] {escape(problem)}", soft_wrap=True)
        raise typer.Exit(EXIT_NOT_FOUND)


def checked_llm_url(value: str | None) -> str | None:
    """A chat endpoint (--llm, WXINTEL_LLM_URL) when it is an http(s) URL: anything else
    failed inside the first answer, a traceback on the CLI and a 500 from /api/ask."""
    refuse_bad_llm_url(value, f"--llm (or {BY_NAME['llm_url'].env})")
    return value


def refuse_bad_llm_url(value: str | None, named: str) -> None:
    """Exit with a usage error naming where the chat endpoint came from (`named`) when it is
    given and no http(s) URL: `checked_llm_url` for --llm, `serve` for WXINTEL_LLM_URL."""
    if value and safe_url(value) is None:
        err.print(
            f"[red]error:[/red] {named} must be an http(s) URL, not {escape(repr(value))}",
            soft_wrap=True,
        )
        raise typer.Exit(EXIT_USAGE)


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")


def report_failed_webhook(what: str, kept: str, why: str) -> None:
    """Name a webhook that failed after every attempt, and what waits for the next run."""
    err.print(
        f"[red]error:[/red] webhook of {escape(what)} failed, {kept} kept for the next run:"
        f" {escape(why)}",
        soft_wrap=True,
    )


def inputs_or_exit(paths: list[Path]) -> None:
    """Exit with EXIT_USAGE, naming each, when an input path is missing or unreadable.

    Checked before the store is opened, so a mistyped file name creates no database.
    """
    problems = [
        f"{path}: {'no such file or directory' if not path.exists() else 'permission denied'}"
        for path in paths
        if not path.exists() or not os.access(path, os.R_OK)
    ]
    for problem in problems:
        err.print(f"[red]error:[/red] cannot read {escape(problem)}", soft_wrap=True)
    if problems:
        raise typer.Exit(EXIT_USAGE)


def output_or_exit(path: Path, option: str) -> TextIO:
    """`path` opened for writing UTF-8 text, or a one-line error naming `option` and exit
    EXIT_USAGE (a missing folder, a directory, no permission): never a traceback."""
    try:
        return path.open("w", encoding="utf-8", newline="")
    except OSError as exc:
        reason = exc.strerror or exc.__class__.__name__
        err.print(
            f"[red]error:[/red] {option} cannot write {escape(str(path))}: {reason}",
            soft_wrap=True,  # a path broken across lines cannot be copied
        )
        raise typer.Exit(EXIT_USAGE) from exc
