"""`wxintel ask` (a cited answer, or a refusal: exit 4) and `wxintel mcp` (the MCP server)."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.markup import escape

from wxintel.ask import URL_ENV, ask
from wxintel.commands.common import (
    EXIT_NOT_FOUND,
    EXIT_USAGE,
    AccountsOption,
    AsOfOption,
    DateFromOption,
    DateToOption,
    DbOption,
    JsonOption,
    Session,
    accounts_or_exit,
    checked_llm_url,
    checked_or_exit,
    console,
    err,
    print_json,
    store_or_exit,
)
from wxintel.dates import posted_day
from wxintel.search.model import SearchQuery
from wxintel.store import default_db

EXIT_REFUSED = EXIT_NOT_FOUND  # no answer with evidence: the same code as "no such article"


def register(app: typer.Typer) -> None:
    app.command(name="ask")(ask_command)
    app.command(name="mcp")(mcp_command)


def ask_command(
    question: Annotated[list[str], typer.Argument(help="The question, in words")],
    db: DbOption = "",
    llm: Annotated[
        str | None,
        typer.Option(
            "--llm",
            envvar=URL_ENV,
            help=f"OpenAI-compatible chat endpoint that writes the answer (or ${URL_ENV})",
            show_default=False,
            callback=checked_llm_url,
        ),
    ] = None,
    account: AccountsOption = None,
    kind: Annotated[
        list[str] | None, typer.Option("--kind", help="Only posts of this kind")
    ] = None,
    date_from: DateFromOption = None,
    date_to: DateToOption = None,
    as_of: AsOfOption = None,
    as_json: JsonOption = False,
) -> None:
    """Answer a question with a quoted sentence and its post, or say 未找到依据 (exit 4);
    --account, --kind, --from and --to answer from those posts only, as `search` filters;
    --as-of answers as on that day (上个月, 今年 and a month without a year count from it)."""
    asked = " ".join(question).strip()
    if not asked:  # a usage error, as /api/ask (422) and the MCP tool say, not a refusal
        err.print("[red]error:[/red] the question is empty: ask it in words")
        raise typer.Exit(EXIT_USAGE)
    scope = None
    if account or kind or date_from or date_to or as_of:
        scope = SearchQuery(
            text="",
            date_from=date_from,
            date_to=date_to,
            accounts=account or [],
            kinds=kind or [],
            as_of=as_of,
        )
        checked_or_exit(scope)
    store = store_or_exit(db)
    if scope is not None:
        accounts_or_exit(store, scope.accounts)
    result = ask(store, asked, llm_url=llm or None, scope=scope)
    if as_json:
        print_json(result.to_json())
    else:
        shown = result.answer if not result.refused else result.reason
        console.print(f"[bold]{escape(shown or '')}[/bold]", highlight=False)
        for c in result.citations:
            console.print(
                f"  「{escape(c.quote)}」\n  [dim]{escape(c.title)} · {escape(c.account)} · "
                f"{posted_day(c.published)} · {c.id}[/dim]",
                highlight=False,
            )
        if result.reason and not result.refused:
            console.print(f"[dim]{escape(result.reason)}[/dim]")
    if result.refused:
        raise typer.Exit(EXIT_REFUSED)


def mcp_command(
    db: DbOption = "",
    llm: Annotated[
        str | None,
        typer.Option(
            "--llm",
            envvar=URL_ENV,
            help=f"Chat endpoint for the ask tool's generative mode (or ${URL_ENV})",
            show_default=False,
            callback=checked_llm_url,
        ),
    ] = None,
    writable: Annotated[
        bool,
        typer.Option(
            "--writable",
            help="Let the write tools (add_source, save_profile, add_watch) write",
        ),
    ] = False,
) -> None:
    """Serve the archive to an AI assistant over MCP on stdin/stdout (read-only unless
    --writable: the client that starts this server runs as you, so no token is asked)."""
    from wxintel.mcp.server import build_server, read_only
    from wxintel.web.store_threads import StoreThreads

    target = db or default_db()
    store_or_exit(target).close()  # a missing or foreign database stops here, with exit 3
    threads = StoreThreads(target, index_dir=Session.index_dir)
    policy = (lambda request: None) if writable else read_only
    try:
        build_server(threads, llm or None, policy).run("stdio")
    finally:
        threads.close()
