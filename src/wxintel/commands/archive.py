"""Archive commands: ingest, stats, show, export."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from wxintel import reads
from wxintel.commands.common import (
    EXIT_AMBIGUOUS,
    EXIT_NOT_FOUND,
    EXIT_REJECTED,
    EXIT_USAGE,
    AccountsOption,
    AsOfOption,
    DateFromOption,
    DateToOption,
    DbOption,
    GroupOption,
    JsonOption,
    accounts_or_exit,
    checked_or_exit,
    console,
    err,
    inputs_or_exit,
    output_or_exit,
    print_json,
    store_or_exit,
)
from wxintel.dates import UNKNOWN_DAY, posted_day
from wxintel.exports import ARTICLE_COLUMNS, EXPORT_FORMATS, Export, describe
from wxintel.options import ARTICLE_KINDS
from wxintel.renderers import UnknownFormat
from wxintel.search.model import MAX_LIMIT, SearchQuery
from wxintel.store import BATCH_SIZE


def register(app: typer.Typer) -> None:
    for command in (ingest, stats, show, export):
        app.command()(command)


def ingest(
    paths: Annotated[list[Path], typer.Argument(help="Export files, pages, feeds or directories")],
    db: DbOption = "",
    format: Annotated[
        str | None, typer.Option("--format", help="export, jsonl, html or feed (default: sniffed)")
    ] = None,
    strict: Annotated[
        bool, typer.Option("--strict", help="Fail (exit 1) if any record is rejected")
    ] = False,
    workers: Annotated[int | None, typer.Option("--workers", help="Enrichment processes")] = None,
    batch_size: Annotated[
        int, typer.Option("--batch-size", help="Records per transaction", min=1)
    ] = BATCH_SIZE,
    as_json: JsonOption = False,
) -> None:
    """Read, clean, dedupe, enrich and store articles; rejects go to a file beside the database."""
    from wxintel.pipeline import ingest as run_ingest
    from wxintel.pipeline import input_files
    from wxintel.sources import FORMATS

    if format is not None and format not in FORMATS:
        known = ", ".join(FORMATS)
        err.print(f"[red]error:[/red] --format must be one of {known}, not {escape(repr(format))}")
        raise typer.Exit(EXIT_USAGE)
    inputs_or_exit(paths)
    store = store_or_exit(db, create=True)
    total = sum(p.stat().st_size for p in input_files(paths) if p.exists())
    columns = [
        TextColumn("[bold]ingest"),
        BarColumn(),
        TextColumn("{task.fields[records]} records"),
        TextColumn("{task.fields[rate]}/s"),
        TimeRemainingColumn(),
    ]
    with Progress(*columns, console=err, disable=as_json or not err.is_terminal) as progress:
        task = progress.add_task("ingest", total=total or None, records=0, rate=0)
        count = [0]

        def advance(size: int) -> None:
            count[0] += 1
            elapsed = progress.tasks[0].elapsed or 1e-9
            progress.update(
                task, advance=size * 1.15, records=count[0], rate=int(count[0] / elapsed)
            )

        report = run_ingest(
            paths, store, format=format, workers=workers, batch_size=batch_size, on_record=advance
        )
    if as_json:
        print_json(report.to_json())
    else:
        _print_report(report)
    if strict and report.rejected:
        raise typer.Exit(EXIT_REJECTED)


def _print_report(report: Any) -> None:
    table = Table(title="ingest", show_header=False)
    for name, value in [
        ("files", report.files),
        ("records read", report.read),
        ("added", report.added),
        ("updated", report.updated),
        ("unchanged", report.unchanged),
        ("duplicates", report.duplicates),
        ("near-duplicates", report.near_duplicates),
        ("stubs", report.stubs),
        ("unavailable pages", report.unavailable),
        ("rejected", report.rejected),
        ("skipped files", len(report.skipped)),
        ("time", f"{report.seconds:.2f} s"),
    ]:
        table.add_row(name, str(value))
    console.print(table)
    _print_rejects(report)
    _print_skipped(report.skipped)
    for page in report.unavailable_pages:
        console.print(
            f"  not an article ({page['status']}): {escape(page['origin'])}", soft_wrap=True
        )
    for warning in report.warnings:
        console.print(f"[yellow]warning:[/yellow] {escape(warning)}", soft_wrap=True)
    console.print(f"{report.added} added, {report.updated} updated, {report.unchanged} unchanged")


def _print_skipped(skipped: list[str]) -> None:
    """Files a directory walk passed over, so a user sees nothing was silently ignored."""
    from wxintel.pipeline import REJECTS_SHOWN

    if not skipped:
        return
    shown = ", ".join(skipped[:REJECTS_SHOWN])
    more = len(skipped) - REJECTS_SHOWN
    console.print(
        f"skipped {len(skipped)} file(s) in no article format: {escape(shown)}"
        + (f" … {more} more" if more > 0 else ""),
        soft_wrap=True,
        highlight=False,
    )


def _print_rejects(report: Any) -> None:
    """Each rejected record's origin and reason (the first ones; the rejects file has all)."""
    if not report.rejected:
        return
    console.print(f"rejected {report.rejected}:")
    for reject in report.rejects:
        line = f"  {escape(reject['origin'])}: {escape(reject['reason'])}"
        console.print(line, soft_wrap=True, highlight=False)
    more = report.rejected - len(report.rejects)
    if more:
        kinds = ", ".join(f"{reason} {n}" for reason, n in report.reasons.most_common())
        console.print(f"  … {more} more in {escape(report.rejects_file)}", soft_wrap=True)
        console.print(f"  by reason: {escape(kinds)}", soft_wrap=True)
    else:
        console.print(f"rejected records written to {escape(report.rejects_file)}", soft_wrap=True)


def stats(db: DbOption = "", as_json: JsonOption = False) -> None:
    """Counts of articles, accounts, duplicates, stubs, reprints and languages."""
    figures = store_or_exit(db).stats()
    if as_json:
        print_json(figures)
        return
    table = Table(show_header=False)
    for name, value in figures.items():
        table.add_row(
            name,
            ", ".join(f"{k} {v}" for k, v in value.items())
            if isinstance(value, dict)
            else str(value),
        )
    console.print(table)


def show(
    ref: Annotated[str, typer.Argument(help="An aid such as 2650689428_2, or an article key")],
    db: DbOption = "",
    facts: Annotated[
        bool, typer.Option("--facts", help="List every fact with its evidence")
    ] = False,
    as_json: JsonOption = False,
) -> None:
    """One article: clean text, metadata, duplicates (and facts with --facts)."""
    store = store_or_exit(db)
    try:
        found = reads.article_detail(store, ref)
    except reads.Ambiguous as exc:
        if as_json:
            print_json({"error": str(exc), "candidates": exc.candidates_json()})
        err.print(f"{exc}. Use a key:")
        for a in exc.candidates:
            err.print(f"  {a.key}  {a.account}  {posted_day(a.published)}  {a.title}", markup=False)
        raise typer.Exit(EXIT_AMBIGUOUS) from exc
    if found is None:
        message = f"no article {ref!r} in {store.location}"
        if as_json:
            print_json({"error": message})
        err.print(f"[red]error:[/red] {message}")
        raise typer.Exit(EXIT_NOT_FOUND)
    article = found["article"]
    detail = {
        **article.to_json(),
        "duplicates": found["duplicates"],
        "facts": found["facts"],
        "entities": found["entities"],
        "tables": found["tables"],
        "reposts": found["reposts"],
        "thread": found["thread"],
    }
    if as_json:
        print_json(detail)
        return
    console.print(f"[bold]{article.title}[/bold]")
    console.print(
        f"{article.account} · {article.published or UNKNOWN_DAY} · {article.kind or '-'}"
        f" · {article.key}"
    )
    if article.url:
        console.print(article.url, style="dim")
    flags = [
        f
        for f, on in [
            ("stub", article.is_stub),
            (f"reprinted from {article.reprinted_from}", bool(article.reprinted_from)),
            (f"duplicate of {article.duplicate_of}", bool(article.duplicate_of)),
        ]
        if on
    ]
    if flags:
        console.print("; ".join(flags), style="yellow")
    console.print()
    console.print(article.content, markup=False, highlight=False)
    for dup in detail["duplicates"]:
        console.print(f"{dup['relation']} {dup['similarity']:.2f}: {dup['id']} {dup['title']}")
    if facts:
        console.print()
        for fact in detail["facts"]:
            where = f"@{fact['start']}-{fact['end']} «{fact['text']}»"
            value = fact["value"]
            if isinstance(value, dict) and len(value.get("title_span") or ()) == 2:
                start, end = value["title_span"]  # a deadline read from the title
                where = f"@title:{start}-{end} «{article.title[start:end]}»"
            console.print(
                f"[cyan]{fact['kind']}[/cyan] {json.dumps(value, ensure_ascii=False)}"
                f"  [dim]{where}[/dim]"
            )


def export(
    db: DbOption = "",
    format: Annotated[
        str, typer.Option("--format", help=f"One of {EXPORT_FORMATS.describe()}")
    ] = EXPORT_FORMATS.default,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="File (default stdout)")
    ] = None,
    q: Annotated[
        str | None, typer.Option("--q", help="Only the search hits of these words, ranked")
    ] = None,
    date_from: DateFromOption = None,
    date_to: DateToOption = None,
    account: AccountsOption = None,
    kind: Annotated[
        list[str] | None,
        typer.Option("--kind", help=f"Only this kind (repeatable): {', '.join(ARTICLE_KINDS)}"),
    ] = None,
    group: GroupOption = None,
    as_of: AsOfOption = None,
) -> None:
    """Stored articles with their deadlines, contacts and attachments: every one, or those the
    filters keep (with --q, the search hits in the order the search page ranks them; --as-of,
    the day its date words count from, as `search`). CSV is for Excel: a UTF-8 byte-order
    mark, and cells that would start a formula get a quote."""
    try:
        renderer = EXPORT_FORMATS.get(format)
    except UnknownFormat as exc:
        err.print(f"[red]error:[/red] --format: {escape(str(exc))}")
        raise typer.Exit(EXIT_USAGE) from exc
    query = SearchQuery(
        text=q or "",
        limit=MAX_LIMIT,
        date_from=date_from,
        date_to=date_to,
        accounts=account or [],
        kinds=kind or [],
        group=group,
        as_of=as_of or None,
    )
    checked_or_exit(query)
    store = store_or_exit(db)
    accounts_or_exit(store, query.accounts, query.group)
    title = describe(
        "搜索结果" if query.text.strip() else "文章",
        query.text,
        date_from,
        date_to,
        query.accounts,
        query.kinds,
        group,
    )
    written = [0]

    def counted() -> Iterator[dict[str, Any]]:
        for row in reads.export_rows(store, query):
            written[0] += 1
            yield row

    handle = output_or_exit(output, "--output") if output else sys.stdout
    try:
        for chunk in renderer.chunks(Export(title, ARTICLE_COLUMNS, counted())):
            handle.write(chunk)
    finally:
        if output:
            handle.close()
    if output:  # on stdout the file is the answer; a file's count tells an empty filter apart
        err.print(f"{written[0]} articles written to {escape(str(output))}", soft_wrap=True)
