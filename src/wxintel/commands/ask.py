"""`wxintel ask`: a cited answer from the archive, or a refusal (exit 4), as text or JSON."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.markup import escape

from wxintel.ask import URL_ENV, ask
from wxintel.commands.common import (
    EXIT_NOT_FOUND,
    DbOption,
    JsonOption,
    console,
    print_json,
    store_or_exit,
)

EXIT_REFUSED = EXIT_NOT_FOUND  # no answer with evidence: the same code as "no such article"


def register(app: typer.Typer) -> None:
    app.command(name="ask")(ask_command)


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
        ),
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Answer a question with a quoted sentence and its post, or say 未找到依据 (exit 4)."""
    store = store_or_exit(db)
    result = ask(store, " ".join(question), llm_url=llm or None)
    if as_json:
        print_json(result.to_json())
    else:
        shown = result.answer if not result.refused else result.reason
        console.print(f"[bold]{escape(shown or '')}[/bold]", highlight=False)
        for c in result.citations:
            console.print(
                f"  「{escape(c.quote)}」\n  [dim]{escape(c.title)} · {escape(c.account)} · "
                f"{c.published[:10]} · {c.id}[/dim]",
                highlight=False,
            )
        if result.reason and not result.refused:
            console.print(f"[dim]{escape(result.reason)}[/dim]")
    if result.refused:
        raise typer.Exit(EXIT_REFUSED)
