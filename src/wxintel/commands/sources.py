"""`wxintel sources …` and `wxintel poll`: subscribe to feeds and keep the archive current."""

from __future__ import annotations

import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Any

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
    report_failed_webhook,
    store_or_exit,
)
from wxintel.store import SQLStore, StoreError

sources_app = typer.Typer(
    help="Subscribed feeds: add, remove, list with their health, OPML import/export.",
    no_args_is_help=True,
)
LOOP_MIN_SLEEP = 30  # seconds `wxintel poll` (without --once) waits at least between polls
LOOP_MAX_SLEEP = 300


def register(app: typer.Typer) -> None:
    app.add_typer(sources_app, name="sources")
    app.command("poll")(poll)


def _fail(exc: Exception, code: int = EXIT_USAGE) -> typer.Exit:
    err.print(f"[red]error:[/red] {escape(str(exc))}", soft_wrap=True)
    return typer.Exit(code)


@sources_app.command("add")
def sources_add(
    url: Annotated[str, typer.Argument(help="The feed's URL (RSS, Atom or JSON Feed)")],
    name: Annotated[
        str,
        typer.Option(
            "--name",
            help="What to call the source; a single account's feed files its posts under this"
            " name (an aggregate keeps each post's own account)",
        ),
    ] = "",
    group: Annotated[str, typer.Option("--group", help="A group of sources, e.g. 上海市级")] = "",
    every: Annotated[str, typer.Option("--every", help="Poll interval: 30m, 2h, 1d")] = "1h",
    db: DbOption = "",
) -> None:
    """Subscribe to a feed; `wxintel poll` then keeps its posts in the archive."""
    from wxintel.subscribe.health import format_every
    from wxintel.subscribe.subscriptions import add_source

    try:
        row = add_source(store_or_exit(db, create=True), url, name, group, every)
    except StoreError as exc:
        raise _fail(exc) from exc
    shown = f"{row.name} " if row.name else ""
    console.print(
        f"source {row.id}: {shown}{row.url} every {format_every(row.every_seconds)}"
        + (f" in group {row.group}" if row.group else ""),
        markup=False,
        highlight=False,
    )


@sources_app.command("remove")
def sources_remove(
    source: Annotated[str, typer.Argument(help="The source's id, URL or name")],
    db: DbOption = "",
) -> None:
    """Unsubscribe; the posts it brought stay in the archive."""
    from wxintel.subscribe.subscriptions import remove_source

    try:
        row = remove_source(store_or_exit(db), source)
    except StoreError as exc:
        raise _fail(exc, EXIT_NOT_FOUND) from exc
    console.print(f"removed source {row.id} ({row.url})", markup=False, highlight=False)


@sources_app.command("list")
def sources_list(db: DbOption = "", as_json: JsonOption = False) -> None:
    """Every source with its health: checks, failures, new posts, and quiet ones."""
    from wxintel.store.sources import SourceStore
    from wxintel.subscribe.health import problem, sources_health

    entries = sources_health(SourceStore(store_or_exit(db)))
    if as_json:
        print_json(entries)
        return
    for entry in entries:
        status = problem(entry) or _status(entry)
        line = (
            f"{entry['id']}\t{entry['group'] or '-'}\t{entry['name'] or entry['url']}\t"
            f"every {entry['every']}\tnew 7d: {entry['new_last_7d']}\t{status}"
        )
        console.print(line, markup=False, highlight=False, soft_wrap=True)
    if not entries:
        console.print("no sources (add one with wxintel sources add URL)")


def _status(entry: dict[str, Any]) -> str:
    if entry["failures"]:
        return f"failed {entry['failures']} time(s) in a row: {entry['last_error']}"
    return "ok" if entry["last_ok"] else "not polled yet"


@sources_app.command("import")
def sources_import(
    path: Annotated[Path, typer.Argument(help="An OPML file of feeds; outlines are groups")],
    every: Annotated[str, typer.Option("--every", help="Poll interval of the new ones")] = "1h",
    db: DbOption = "",
    as_json: JsonOption = False,
) -> None:
    """Subscribe to every feed of an OPML file, keeping its groups."""
    from wxintel.subscribe.subscriptions import import_opml

    try:
        data = path.read_bytes()
    except OSError as exc:
        raise _fail(OSError(f"cannot read {path}: {exc.strerror or exc}")) from exc
    try:
        report = import_opml(store_or_exit(db, create=True), data, str(path), every)
    except StoreError as exc:
        raise _fail(exc) from exc
    if as_json:
        print_json(report.to_json())
        return
    console.print(
        f"{len(report.added)} added, {len(report.existing)} already subscribed,"
        f" {len(report.problems)} refused",
        highlight=False,
    )
    for line in report.problems:
        console.print(f"  {line}", markup=False, highlight=False)


@sources_app.command("export")
def sources_export(db: DbOption = "") -> None:
    """Every subscription as OPML (groups as outlines) on standard output."""
    from wxintel.subscribe.subscriptions import export_opml

    sys.stdout.buffer.write(export_opml(store_or_exit(db)))


def poll(
    once: Annotated[
        bool, typer.Option("--once", help="Poll the due sources once and exit")
    ] = False,
    everything: Annotated[
        bool, typer.Option("--all", help="Poll every source now, due or not")
    ] = False,
    timeout: Annotated[
        float | None,
        typer.Option("--timeout", help="Seconds per request ($WXINTEL_POLL_TIMEOUT_SECONDS)"),
    ] = None,
    delay: Annotated[
        float | None,
        typer.Option("--delay", help="Seconds between two requests to one host"),
    ] = None,
    db: DbOption = "",
    as_json: JsonOption = False,
) -> None:
    """Fetch the due feeds and store their new posts (then run webhook watchlists).

    Without --once it keeps polling, each source on its own schedule, until interrupted.
    With --once it exits 7 when a webhook could not be reached after every retry (its items
    stay undelivered and go out after the next poll), as `watch run` does.
    """
    from wxintel.subscribe.alerts import after_poll
    from wxintel.subscribe.poller import PollSettings, poll_sources

    if timeout is not None and not timeout > 0:  # httpx refused -1 with a traceback; 0 fails
        err.print(f"[red]error:[/red] --timeout must be a number of seconds above 0, not {timeout}")
        raise typer.Exit(EXIT_USAGE)
    if delay is not None and not delay >= 0:
        err.print(f"[red]error:[/red] --delay must be 0 or more seconds, not {delay}")
        raise typer.Exit(EXIT_USAGE)
    store = store_or_exit(db)
    settings = PollSettings()
    settings.timeout = settings.timeout if timeout is None else timeout
    settings.host_delay = settings.host_delay if delay is None else delay

    def run(fn: Any, write: bool = False) -> Any:
        return fn(store)

    while True:
        report = poll_sources(run, settings, everything=everything, after_store=after_poll)
        _show(report.to_json(), as_json)
        if once:
            _exit_if_undelivered(report.webhooks)
            return
        everything = False
        time.sleep(_pause(store))


def _pause(store: SQLStore) -> float:
    """Seconds until the next source is due, within LOOP_MIN_SLEEP..LOOP_MAX_SLEEP."""
    from wxintel.store.sources import SourceStore

    dues = [row.next_due for row in SourceStore(store).all() if row.next_due]
    if not dues:
        return LOOP_MAX_SLEEP
    wait = (datetime.fromisoformat(min(dues)) - datetime.now(UTC)).total_seconds()
    return min(max(wait, LOOP_MIN_SLEEP), LOOP_MAX_SLEEP)


def _show(report: dict[str, Any], as_json: bool) -> None:
    from wxintel.subscribe.poller import moved_note

    if as_json:
        print_json(report)
        return
    if report["skipped"]:
        console.print(f"poll skipped: {report['skipped']}", highlight=False)
        return
    console.print(
        f"polled {report['polled']} source(s): {report['added']} added, {report['updated']}"
        f" updated, {report['failed']} failed ({report['seconds']:.1f} s)",
        highlight=False,
    )
    for source in report["sources"]:
        outcome = source["error"] or (
            "not modified" if source["status"] == 304 else f"{source['new']} new"
        )
        waiting = source["deferred"]  # summary-only items whose article page could not be read
        extra = f", {waiting} waiting for their article page (next poll)" if waiting else ""
        if moved := moved_note(source):  # a 301/308: where the feed lives now
            extra += f"; {moved}"
        console.print(
            f"  {source['id']}\t{source['name'] or source['url']}\t{outcome}{extra}",
            markup=False,
            highlight=False,
            soft_wrap=True,  # one line per source, as a log reader greps it
        )
    from wxintel.subscribe.alerts import subject

    for post in report["webhooks"]:
        line = f"  webhook\t{subject(post)}: {post['webhook']}"
        console.print(line, markup=False, highlight=False, soft_wrap=True)


def _exit_if_undelivered(webhooks: list[dict[str, Any]]) -> None:
    """Exit EXIT_UNDELIVERED when a webhook failed after every attempt, saying what waits."""
    failed = [post for post in webhooks if not post["delivered"]]
    for post in failed:
        if "watchlist" in post:
            what, kept = repr(post["watchlist"]), f"{post['new']} item(s)"
        elif "profile" in post:
            what, kept = f"profile {post['profile']!r}", f"{post['new']} alert(s)"
        else:
            what, kept = "、".join(post["watchlists"]), "the source problems"
        report_failed_webhook(what, kept, post["webhook"])
    if failed:
        raise typer.Exit(EXIT_UNDELIVERED)
