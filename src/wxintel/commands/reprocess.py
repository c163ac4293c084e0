"""`wxintel reprocess`: derive the stored posts' rows again with this version's code."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from wxintel.commands.common import (
    EXIT_USAGE,
    DbOption,
    JsonOption,
    Session,
    accounts_or_exit,
    console,
    err,
    print_json,
    store_or_exit,
)
from wxintel.store import default_db


def register(app: typer.Typer) -> None:
    app.command()(reprocess)


def reprocess(
    db: DbOption = "",
    since: Annotated[
        str | None, typer.Option("--since", help="Only posts published on or after YYYY-MM-DD")
    ] = None,
    account: Annotated[str | None, typer.Option("--account", help="Only this account")] = None,
    dask: Annotated[
        str | None,
        typer.Option("--dask", help="Run on the Dask scheduler at this address (tcp://host:8786)"),
    ] = None,
    workers: Annotated[
        int | None, typer.Option("--workers", help="Local processes (without --dask)", min=1)
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Clean and enrich every stored post again from the text it was read with; rewrite what
    changed, relink it and catch the search index up (resumes an interrupted run)."""
    from wxintel.reprocess import ClusterError
    from wxintel.reprocess import reprocess as run_reprocess
    from wxintel.store.reprocessing import Scope

    if since is not None:
        try:
            date.fromisoformat(since)
        except ValueError:
            shown = escape(repr(since))
            err.print(f"[red]error:[/red] --since must be a date YYYY-MM-DD, not {shown}")
            raise typer.Exit(EXIT_USAGE) from None
    target = db or default_db()
    store = store_or_exit(target)  # a missing or unreadable database stops here, explained
    try:
        accounts_or_exit(store, [account])  # a mistyped name reprocessed nothing, exit 0
    finally:
        store.close()
    try:
        report = run_reprocess(
            target,
            Scope(since=since or "", account=account or ""),
            workers=workers,
            dask=dask,
            index_dir=Session.index_dir,
        )
    except ClusterError as exc:
        err.print(f"[red]error:[/red] {escape(str(exc))}", soft_wrap=True)
        raise typer.Exit(EXIT_USAGE) from exc
    if as_json:
        print_json(report.to_json())
        return
    table = Table(title="reprocess", show_header=False)
    for name, value in [
        ("run", report.run + (" (resumed)" if report.resumed else "")),
        ("on", report.executor),
        ("partitions", f"{report.parts_run} run of {report.parts}"),
        ("posts read", report.read),
        ("posts rewritten", report.changed),
        ("posts relinked", report.linked),
        ("time", f"{report.seconds:.2f} s"),
    ]:
        table.add_row(name, str(value))
    console.print(table)
    if report.index_behind:
        console.print(f"[yellow]warning:[/yellow] {escape(report.index_behind)}", soft_wrap=True)
