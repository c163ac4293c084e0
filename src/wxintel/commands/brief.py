"""`wxintel brief`, `wxintel watch …` and `wxintel eval brief`: read less, miss nothing."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any
from urllib.parse import quote

import typer
from rich.markup import escape

from wxintel import reads
from wxintel.briefs.period import MAX_BRIEF_DAYS
from wxintel.briefs.render import BRIEF_FORMATS
from wxintel.commands.common import (
    EXIT_NOT_FOUND,
    EXIT_UNDELIVERED,
    EXIT_USAGE,
    AccountsOption,
    DbOption,
    GroupOption,
    JsonOption,
    accounts_or_exit,
    console,
    err,
    print_json,
    report_failed_webhook,
    store_or_exit,
)
from wxintel.commands.evaluate import _load
from wxintel.commands.match import alerts_text, report_undelivered_alerts
from wxintel.match import service
from wxintel.options import ARTICLE_KINDS, InvalidOption, one_of
from wxintel.renderers import Registry, UnknownFormat
from wxintel.store import StoreError

if TYPE_CHECKING:
    from wxintel.watch import WatchReport

watch_app = typer.Typer(help="Saved searches that report what is new.", no_args_is_help=True)

WATCH_FORMATS = ("text", "json", "md", "atom")


def register(app: typer.Typer) -> None:
    """Add `brief`, the `watch` group, and `brief` to the shared `eval` group."""
    from wxintel.commands.evaluate import eval_app

    app.command("brief")(brief)
    app.add_typer(watch_app, name="watch")
    eval_app.command("brief")(eval_brief)


def output_format(fmt: str, as_json: bool, formats: tuple[str, ...] | Registry[Any]) -> str:
    """The --format asked for; --json is a short way to say --format json (not with another).

    With a renderer registry, an unknown format gets the registry's own error.
    """
    if as_json and fmt not in ("", "json"):
        err.print(f"[red]error:[/red] --json means --format json; it cannot go with --format {fmt}")
        raise typer.Exit(EXIT_USAGE)
    names = formats.names if isinstance(formats, Registry) else formats
    chosen = "json" if as_json else fmt or names[0]
    try:
        if isinstance(formats, Registry):
            formats.get(chosen)
        elif chosen not in names:
            raise UnknownFormat(f"--format must be one of {', '.join(names)}")
    except UnknownFormat as exc:
        err.print(f"[red]error:[/red] {escape(str(exc))}")
        raise typer.Exit(EXIT_USAGE) from exc
    return chosen


def brief(
    week: Annotated[
        str,
        typer.Option(
            "--week",
            help="Any day of the week wanted: weeks run as the account's own digests cover"
            " them (上海经信委: Saturday to Friday), else Monday to Sunday",
        ),
    ] = "",
    day: Annotated[str, typer.Option("--day", help="One day's brief")] = "",
    start: Annotated[str, typer.Option("--from", help="First day (a week from it alone)")] = "",
    end: Annotated[
        str, typer.Option("--to", help=f"Last day; at most {MAX_BRIEF_DAYS} days in all")
    ] = "",
    account: AccountsOption = None,
    group: GroupOption = None,
    fmt: Annotated[str, typer.Option("--format", help=f"One of {BRIEF_FORMATS.describe()}")] = "",
    db: DbOption = "",
    as_json: JsonOption = False,
) -> None:
    """A digest of a week (or day, or period) grouped the way the account's editors group it.

    An account with digests of its own gets its editors' sections, sizes and week; other
    accounts get 通知公告 / 要闻活动 / 产业动态. Without a period: the archive's latest
    complete week. Every item names its account.
    """
    from wxintel.briefs import (
        PeriodError,
        UnknownAccount,
        brief_period,
        build_brief,
        plan_for_group,
    )

    fmt = output_format(fmt, as_json, BRIEF_FORMATS)
    store = store_or_exit(db)
    try:
        plan = plan_for_group(store, group, account or [])
    except UnknownAccount as exc:
        err.print(f"[red]error:[/red] {escape(str(exc))}")
        raise typer.Exit(EXIT_NOT_FOUND) from exc
    try:
        first, last = brief_period(plan, week, day, start, end)
    except PeriodError as exc:
        err.print(f"[red]error:[/red] {escape(str(exc))}")
        raise typer.Exit(EXIT_USAGE) from exc
    sys.stdout.write(BRIEF_FORMATS.render(build_brief(store, first, last, plan=plan), fmt))


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

    try:  # before the database is made: a mistake creates nothing
        for value in kind:
            one_of("kind", value, ARTICLE_KINDS)
    except InvalidOption as exc:
        err.print(f"[red]error:[/red] {escape(exc.for_cli())}")
        raise typer.Exit(EXIT_USAGE) from exc
    filters = WatchFilters(
        list(account), list(kind), list(district), list(industry), calls_only, follow_threads
    )
    store = store_or_exit(db, create=True)
    try:
        watchlist = add_watchlist(store, name, query, filters, webhook)
    except StoreError as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(EXIT_USAGE) from exc
    console.print(f"watching {watchlist.name!r}: {watchlist.query} {filters.describe()}".rstrip())
    unknown = reads.unknown_scope(store, account)
    if unknown:  # kept (its posts may come with a source not polled yet), but a typo says so
        err.print(f"[yellow]warning:[/yellow] {escape(unknown)}", soft_wrap=True)


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
    """Report what is new since the last run, and the calls newly eligible for watched
    profiles (run without --name); webhook watchlists and profiles get it POSTed.

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
    alerts = [] if name else service.profile_alerts(store, service.default_as_of(store))
    if fmt == "json":
        print_json([*(r.to_json() for r in reports), *(a.to_json() for a in alerts)])
    else:
        renderers = {"text": watch.render_text, "md": watch.render_markdown}
        sys.stdout.write(renderers[fmt](reports) + alerts_text(alerts))
        sys.stdout.flush()
    for report in reports:
        if not report.watchlist.webhook:
            watch.acknowledge(store, report)
    service.acknowledge_alerts(store, alerts)
    _exit_if_undelivered(reports, report_undelivered_alerts(alerts))


def _exit_if_undelivered(reports: list[WatchReport], alerts_failed: bool = False) -> None:
    """Exit EXIT_UNDELIVERED naming the watchlists whose webhook failed after every attempt
    (or when a watched profile's did: `alerts_failed`, already named)."""
    failed = [r for r in reports if r.undelivered]
    if failed or alerts_failed:
        for report in failed:
            kept = f"{len(report.items)} item(s)"
            why = report.delivery.describe() if report.delivery else ""
            report_failed_webhook(repr(report.watchlist.name), kept, why)
        raise typer.Exit(EXIT_UNDELIVERED)


# -- evaluation --------------------------------------------------------------------------


def eval_brief(
    labels_path: Annotated[
        Path | None,
        typer.Argument(help="Weeks labelled by reading (eval/brief_dev.json), scored as well"),
    ] = None,
    account: AccountsOption = None,
    db: DbOption = "",
    as_json: JsonOption = False,
) -> None:
    """Recall, precision and section agreement of our briefs against each account's digests.

    Each digest is held out in turn: the brief of its week is learned from the account's
    other digests ("learned") and compared with the generic brief ("generic"). With a labels
    file, the generic briefs of its labelled weeks are scored too, beside a newest-first
    baseline of the same length.
    """
    from wxintel.evaluation.brief import evaluate_briefs, format_report
    from wxintel.evaluation.brief_labels import (
        check_brief_labels,
        evaluate_labelled,
        format_labelled,
    )

    labels = _load(labels_path, check_brief_labels) if labels_path else None
    store = store_or_exit(db)
    accounts = account or []
    accounts_or_exit(store, accounts)
    scores = evaluate_briefs(store, accounts)
    if labels is not None:
        scores["labelled"] = evaluate_labelled(store, labels, accounts)
    if as_json:
        print_json(scores)
        return
    if labels is not None:
        typer.echo(format_labelled(scores["labelled"]))
    typer.echo(format_report(scores))
