"""`wxintel brief`, `wxintel watch …` and `wxintel eval brief`: read less, miss nothing."""

from __future__ import annotations

import sys
from datetime import date, timedelta
from typing import TYPE_CHECKING, Annotated
from urllib.parse import quote

import typer
from rich.markup import escape

from wxintel.commands.common import (
    EXIT_NOT_FOUND,
    EXIT_UNDELIVERED,
    EXIT_USAGE,
    DbOption,
    JsonOption,
    console,
    err,
    print_json,
    store_or_exit,
)
from wxintel.store import StoreError

if TYPE_CHECKING:
    from wxintel.watch import WatchReport

watch_app = typer.Typer(help="Saved searches that report what is new.", no_args_is_help=True)

BRIEF_FORMATS = ("md", "html", "json")
WATCH_FORMATS = ("text", "json", "md", "atom")


def register(app: typer.Typer) -> None:
    """Add `brief`, the `watch` group, and `brief` to the shared `eval` group."""
    from wxintel.commands.evaluate import eval_app

    app.command("brief")(brief)
    app.add_typer(watch_app, name="watch")
    eval_app.command("brief")(eval_brief)


def _day(value: str, option: str) -> date:
    """The date an option gives, within the days a brief can be built around."""
    from wxintel.digest import PeriodError, within_calendar

    try:
        return within_calendar(date.fromisoformat(value), option)
    except PeriodError as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(EXIT_USAGE) from exc
    except ValueError as exc:
        err.print(f"[red]error:[/red] {option} expects a date like 2025-09-21, not {value!r}")
        raise typer.Exit(EXIT_USAGE) from exc


def brief_period(week: str, day: str, start: str, end: str) -> tuple[date, date]:
    """The period asked for: an editors' week (Saturday–Friday), a day, or --from/--to."""
    chosen = [bool(week), bool(day), bool(start or end)]
    if sum(chosen) != 1:
        err.print("[red]error:[/red] give exactly one of --week DATE, --day DATE or --from/--to")
        raise typer.Exit(EXIT_USAGE)
    if week:
        from wxintel.digest import editors_week

        return editors_week(_day(week, "--week"))
    if day:
        one = _day(day, "--day")
        return one, one
    first = _day(start, "--from") if start else None
    last = _day(end, "--to") if end else None
    first = first or (last - timedelta(days=6) if last else None)
    last = last or (first + timedelta(days=6) if first else None)
    if first is None or last is None or last < first:
        err.print("[red]error:[/red] --to must not be before --from")
        raise typer.Exit(EXIT_USAGE)
    return first, last


def output_format(fmt: str, as_json: bool, formats: tuple[str, ...]) -> str:
    """The --format asked for; --json is a short way to say --format json (not with another)."""
    if as_json and fmt not in ("", "json"):
        err.print(f"[red]error:[/red] --json means --format json; it cannot go with --format {fmt}")
        raise typer.Exit(EXIT_USAGE)
    chosen = "json" if as_json else fmt or formats[0]
    if chosen not in formats:
        err.print(f"[red]error:[/red] --format must be one of {', '.join(formats)}")
        raise typer.Exit(EXIT_USAGE)
    return chosen


def brief(
    week: Annotated[
        str,
        typer.Option(
            "--week",
            help="Any day of the editors' week wanted: weeks run Saturday to Friday, as the"
            " Saturday digest covers them (2025-09-21 gives 2025-09-20..2025-09-26)",
        ),
    ] = "",
    day: Annotated[str, typer.Option("--day", help="One day's brief")] = "",
    start: Annotated[str, typer.Option("--from", help="First day (with --to)")] = "",
    end: Annotated[str, typer.Option("--to", help="Last day (with --from)")] = "",
    fmt: Annotated[str, typer.Option("--format", help="md (default), html or json")] = "",
    db: DbOption = "",
    as_json: JsonOption = False,
) -> None:
    """A digest grouped the editors' way: 要闻活动 / 通知公告 / 产业创新动态.

    --week takes any day and briefs the editors' week holding it, Saturday to Friday.
    """
    from wxintel.digest import build_brief, render

    fmt = output_format(fmt, as_json, BRIEF_FORMATS)
    first, last = brief_period(week, day, start, end)
    store = store_or_exit(db)
    sys.stdout.write(render(build_brief(store, first, last), fmt))


# -- watchlists --------------------------------------------------------------------------


@watch_app.command("add")
def watch_add(
    query: Annotated[str, typer.Argument(help="Search query, e.g. 税收")],
    name: Annotated[str, typer.Option("--name", help="A unique name for this watchlist")],
    kind: Annotated[list[str], typer.Option("--kind", help="Article kind (repeatable)")] = [],  # noqa: B006
    account: Annotated[list[str], typer.Option("--account", help="Account (repeatable)")] = [],  # noqa: B006
    district: Annotated[list[str], typer.Option("--district", help="District (repeatable)")] = [],  # noqa: B006
    industry: Annotated[list[str], typer.Option("--industry", help="Industry (repeatable)")] = [],  # noqa: B006
    calls_only: Annotated[
        bool, typer.Option("--calls-only", help="Only calls and notices")
    ] = False,
    follow_threads: Annotated[
        bool,
        typer.Option("--follow-threads", help="Also alert on each new stage of matched calls"),
    ] = False,
    webhook: Annotated[
        str, typer.Option("--webhook", help="POST new items here (http/https)")
    ] = "",
    db: DbOption = "",
) -> None:
    """Save a search to watch; `watch run` then reports what is new for it."""
    from wxintel.watch import WatchFilters, add_watchlist

    filters = WatchFilters(
        list(account), list(kind), list(district), list(industry), calls_only, follow_threads
    )
    try:
        watchlist = add_watchlist(store_or_exit(db, create=True), name, query, filters, webhook)
    except StoreError as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(EXIT_USAGE) from exc
    console.print(f"watching {watchlist.name!r}: {watchlist.query} {filters.describe()}".rstrip())


@watch_app.command("list")
def watch_list(db: DbOption = "", as_json: JsonOption = False) -> None:
    """The saved watchlists."""
    from wxintel.watch import list_watchlists

    watchlists = list_watchlists(store_or_exit(db))
    if as_json:
        print_json([w.to_json() for w in watchlists])
        return
    for w in watchlists:
        hook = f"  → {w.webhook}" if w.webhook else ""
        line = f"{w.name}\t{w.query}\t{w.filters.describe()}{hook}"
        console.print(line, markup=False, highlight=False)
    if not watchlists:
        console.print("no watchlists")


@watch_app.command("remove")
def watch_remove(
    name: Annotated[str, typer.Argument(help="The watchlist's name")], db: DbOption = ""
) -> None:
    """Delete a watchlist and what it remembers."""
    from wxintel.watch import remove_watchlist

    if not remove_watchlist(store_or_exit(db), name):
        err.print(f"[red]error:[/red] no watchlist named {name!r}")
        raise typer.Exit(EXIT_NOT_FOUND)
    console.print(f"removed {name!r}")


@watch_app.command("run")
def watch_run(
    fmt: Annotated[str, typer.Option("--format", help="text (default), json, md or atom")] = "",
    name: Annotated[
        list[str], typer.Option("--name", help="Only this watchlist (repeatable)")
    ] = [],  # noqa: B006
    site_url: Annotated[
        str, typer.Option("--site-url", help="Base URL for Atom links")
    ] = "http://localhost:8000",
    db: DbOption = "",
    as_json: JsonOption = False,
) -> None:
    """Report what is new since the last run; webhook watchlists get it POSTed.

    Exits 7 when a webhook could not be reached after every retry (its items stay
    undelivered and go out on the next run), so cron or a CI job sees the failure.
    """
    from wxintel import watch

    fmt = output_format(fmt, as_json, WATCH_FORMATS)
    store = store_or_exit(db)
    if fmt == "atom" and len(name) != 1 and len(watch.list_watchlists(store)) != 1:
        err.print("[red]error:[/red] an Atom feed is per watchlist: give one --name")
        raise typer.Exit(EXIT_USAGE)
    try:
        reports = watch.run_watchlists(store, name)
    except StoreError as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(EXIT_NOT_FOUND) from exc
    if fmt == "atom":
        for report in reports:
            if not report.watchlist.webhook:
                watch.acknowledge(store, report)
        target = reports[0].watchlist
        self_url = f"{site_url.rstrip('/')}/feeds/watch/{quote(target.name)}.atom"
        feed = watch.watch_atom(store, target, self_url, site_url)
        sys.stdout.write(feed.decode("utf-8"))
        _exit_if_undelivered(reports)
        return
    renderers = {"text": watch.render_text, "json": watch.render_json, "md": watch.render_markdown}
    sys.stdout.write(renderers[fmt](reports))
    sys.stdout.flush()
    for report in reports:
        if not report.watchlist.webhook:
            watch.acknowledge(store, report)
    _exit_if_undelivered(reports)


def _exit_if_undelivered(reports: list[WatchReport]) -> None:
    """Exit EXIT_UNDELIVERED naming the watchlists whose webhook failed after every attempt."""
    failed = [r for r in reports if r.undelivered]
    if failed:
        for report in failed:
            why = report.delivery.describe() if report.delivery else ""
            err.print(
                f"[red]error:[/red] webhook of {escape(repr(report.watchlist.name))} failed,"
                f" {len(report.items)} item(s) kept for the next run: {escape(why)}",
                soft_wrap=True,
            )
        raise typer.Exit(EXIT_UNDELIVERED)


# -- evaluation --------------------------------------------------------------------------


def eval_brief(db: DbOption = "", as_json: JsonOption = False) -> None:
    """Recall, precision and section agreement of our briefs against the editors' digests."""
    from wxintel.evaluation.brief import evaluate_briefs, format_report

    scores = evaluate_briefs(store_or_exit(db))
    if as_json:
        print_json(scores)
    else:
        console.print(format_report(scores), markup=False, highlight=False)
