"""Notices and entities: `wxintel calls` (board, JSON, .ics) and `wxintel entities`."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from wxintel.commands.common import (
    AS_OF_REASONS,
    EXIT_USAGE,
    AccountsOption,
    AsOfOption,
    DbOption,
    GroupOption,
    JsonOption,
    accounts_or_exit,
    as_of_or_exit,
    console,
    err,
    output_or_exit,
    print_json,
    store_or_exit,
)
from wxintel.dates import readable
from wxintel.exports import CALL_COLUMNS, EXPORT_FORMATS, Export, describe
from wxintel.model import ACTION_KINDS
from wxintel.options import ENTITY_KINDS, InvalidOption, one_of
from wxintel.renderers import Renderer, UnknownFormat
from wxintel.store.readmodels import contact_text


def register(app: typer.Typer) -> None:
    app.command()(calls)
    app.command()(entities)


def calls(
    db: DbOption = "",
    open_: Annotated[
        bool, typer.Option("--open", help="Deadline not yet passed (default)")
    ] = False,
    closed: Annotated[bool, typer.Option("--closed", help="Deadline passed")] = False,
    all_: Annotated[
        bool, typer.Option("--all", help="Every call, registration and consultation, open or not")
    ] = False,
    as_of: AsOfOption = None,
    ics: Annotated[Path | None, typer.Option("--ics", help="Write deadlines as iCalendar")] = None,
    group: GroupOption = None,
    account: AccountsOption = None,
    kind: Annotated[
        list[str] | None,
        typer.Option("--kind", help=f"Only this kind (repeatable): {', '.join(ACTION_KINDS)}"),
    ] = None,
    format: Annotated[
        str | None,
        typer.Option(
            "--format",
            help=f"Write a file as the board's export button: {', '.join(EXPORT_FORMATS.names)}",
        ),
    ] = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="With --format: file (default stdout)")
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Calls, registrations and consultations, with contacts: open ones soonest deadline
    first, then closed ones latest first, then undated ones."""
    chosen = [flag for flag, on in (("--open", open_), ("--closed", closed), ("--all", all_)) if on]
    if len(chosen) > 1:  # one silently won (--open --closed listed the closed ones)
        both = " and ".join(chosen)
        err.print(f"[red]error:[/red] give one of --open, --closed, --all, not {both}")
        raise typer.Exit(EXIT_USAGE)
    status = "all" if all_ or ics else "closed" if closed else "open"
    given = as_of_or_exit(as_of)
    try:
        kinds = tuple(one_of("kind", k, ACTION_KINDS) for k in kind or ()) or ACTION_KINDS
    except InvalidOption as exc:
        err.print(f"[red]error:[/red] {escape(exc.for_cli())}")
        raise typer.Exit(EXIT_USAGE) from exc
    renderer = _export_format(format)
    store = store_or_exit(db)
    accounts_or_exit(store, account or [], group)
    day, reason = store.calls_as_of(given)
    notices = store.calls(
        status=status, as_of=given, kinds=kinds, group=group, accounts=account or []
    )
    if renderer is not None:
        title = describe(
            "申报与截止日期",
            f"截至 {day.isoformat()}",
            accounts=account or [],
            kinds=kind or [],
            group=group,
        )
        handle = output_or_exit(output, "--output") if output else sys.stdout
        try:
            handle.write(renderer.write(Export(title, CALL_COLUMNS, notices)))
        finally:
            if output:
                handle.close()
        return
    if ics:
        from wxintel.feeds import calls_ics

        try:
            ics.write_bytes(calls_ics(notices))
        except OSError as exc:
            reason = exc.strerror or exc.__class__.__name__
            err.print(
                f"[red]error:[/red] --ics cannot write {escape(str(ics))}: {reason}",
                soft_wrap=True,
            )
            raise typer.Exit(EXIT_USAGE) from exc
        err.print(f"{sum(1 for n in notices if n['deadline'])} deadlines written to {ics}")
        return
    if as_json:  # contact_items: who to reach as the board lists them, beside their facts
        print_json(notices)
        return
    table = Table(title=f"{status} notices as of {day.isoformat()} ({AS_OF_REASONS[reason]})")
    for column in ("deadline", "left", "kind", "title", "contacts"):
        table.add_column(column)
    for n in notices:
        due = n["deadline"] or (n["period"][1] if n["period"] else "")
        left = "" if n["days_left"] is None else f"{n['days_left']}d"
        people = "; ".join(contact_text(item) for item in n["contact_items"])
        table.add_row(
            readable(due), left, n["kind"], escape(f"{n['title']} ({n['id']})"), escape(people)
        )
    console.print(table)


def _export_format(name: str | None) -> Renderer[Export] | None:
    """The export writer --format names (None: the table), or a usage error listing them."""
    if name is None:
        return None
    try:
        return EXPORT_FORMATS.get(name)
    except UnknownFormat as exc:
        err.print(f"[red]error:[/red] --format: {escape(str(exc))}")
        raise typer.Exit(EXIT_USAGE) from exc


def entities(
    db: DbOption = "",
    kind: Annotated[str | None, typer.Option("--kind", help=", ".join(ENTITY_KINDS))] = None,
    top: Annotated[int, typer.Option("--top", min=1)] = 50,
    as_json: JsonOption = False,
) -> None:
    """The organisations, people, districts, industries and events most often mentioned."""
    if kind is not None:
        try:
            one_of("kind", kind, ENTITY_KINDS)
        except InvalidOption as exc:
            err.print(f"[red]error:[/red] {escape(exc.for_cli())}")
            raise typer.Exit(EXIT_USAGE) from exc
    rows = store_or_exit(db).entities(kind=kind, top=top)
    if as_json:
        print_json(rows)
        return
    table = Table()
    for column in ("kind", "name", "articles", "mentions"):
        table.add_column(column)
    for row in rows:
        table.add_row(row["kind"], escape(row["name"]), str(row["articles"]), str(row["count"]))
    console.print(table)
