"""Eligibility: `wxintel conditions`, `wxintel match`, `wxintel profiles …`, `wxintel eval
eligibility`. Each opens the store and calls wxintel.match.service, as the web does."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from wxintel.commands.common import (
    EXIT_AMBIGUOUS,
    EXIT_NOT_FOUND,
    EXIT_UNDELIVERED,
    EXIT_USAGE,
    AsOfOption,
    DbOption,
    JsonOption,
    as_of_or_exit,
    console,
    err,
    print_json,
    report_failed_webhook,
    store_or_exit,
)
from wxintel.commands.evaluate import eval_app
from wxintel.dates import readable
from wxintel.match import ProfileError, load_profile, service
from wxintel.reads import Ambiguous, find_article
from wxintel.store import SQLStore, StoreError

profiles_app = typer.Typer(help="Firm profiles stored in the database.", no_args_is_help=True)


# "eligible: 0 clauses to read" read as "nothing stands in the way"; the page's words for it
NOTHING_CHECKED = "no conditions found in the post: nothing checked"
PLACE_ONLY = "no conditions found in the post: only the issuer's place ({}) checked"


def register(app: typer.Typer) -> None:
    app.command()(conditions)
    app.command()(match)
    app.add_typer(profiles_app, name="profiles")
    eval_app.command("eligibility")(eval_eligibility)


def conditions(
    ref: Annotated[str, typer.Argument(help="Article key or aid")],
    db: DbOption = "",
    as_json: JsonOption = False,
) -> None:
    """The conditions a call states on its applicants, each with its exact span."""
    store = store_or_exit(db)
    data = service.conditions_json(store, _article_or_exit(store, ref, as_json))
    if as_json:
        print_json(data)
        return
    table = Table(title=escape(f"{data['title']} ({data['key']})"))
    for column in ("field", "op", "value", "text"):
        table.add_column(column)
    for c in data["conditions"]:
        value = c["value"]
        shown = "…" if isinstance(value, list) and value and isinstance(value[0], dict) else value
        table.add_row(c["field"], c["op"], escape(str(shown)), escape(c["text"]))
    console.print(table)


def match(
    profile: Annotated[str, typer.Argument(help="Profile file (JSON/YAML) or stored name")],
    db: DbOption = "",
    open_: Annotated[bool, typer.Option("--open", help="Calls open on --as-of (default)")] = False,
    all_: Annotated[
        bool, typer.Option("--all", help="Every call, each judged as of its publish date")
    ] = False,
    as_of: AsOfOption = None,
    as_json: JsonOption = False,
) -> None:
    """Which calls a firm can apply to: eligible, unknown (what to ask) or ineligible (why)."""
    store = store_or_exit(db)
    firm = _profile_or_exit(store, profile)
    day = as_of_or_exit(as_of) or service.default_as_of(store)
    rows = service.match_calls(store, firm, day, every=all_)
    if as_json:
        print_json(rows)
        return
    table = Table(title=escape(f"{firm.name}: calls as of {day.isoformat()}"))
    for column in ("verdict", "deadline", "title", "why"):
        table.add_column(column)
    for r in rows:
        why = (
            "; ".join(f"{b['field']}: {b['text']}" for b in r["because"])
            or ", ".join(r["missing"])
            or (f"{len(r['unchecked'])} clauses to read" if r["stated"] else _unchecked(r))
        )
        table.add_row(
            r["verdict"],
            readable(r["deadline"] or ""),
            escape(f"{r['title']} ({r['id']})"),
            escape(why),
        )
    console.print(table)


def _unchecked(row: dict[str, Any]) -> str:
    """What was checked of a call that states no condition: its issuer's place, or nothing."""
    place = row.get("implied_place")
    return PLACE_ONLY.format(place) if place else NOTHING_CHECKED


@profiles_app.command("add")
def profiles_add(
    path: Annotated[Path, typer.Argument(help="Profile file, JSON or YAML")],
    db: DbOption = "",
    team: Annotated[str, typer.Option("--team", help="Team the profile belongs to")] = "",
    replace: Annotated[
        bool, typer.Option("--replace", help="Replace a profile of that name")
    ] = False,
    watch: Annotated[
        bool, typer.Option("--watch", help="Alert on newly eligible calls (profiles alerts)")
    ] = False,
    as_json: JsonOption = False,
) -> None:
    """Store a firm profile (its fields left out stay unknown)."""
    try:
        firm = load_profile(path)
    except ProfileError as exc:
        err.print(f"[red]error:[/red] {escape(str(exc))}", soft_wrap=True)
        raise typer.Exit(EXIT_USAGE) from exc
    store = store_or_exit(db, create=True)
    try:
        new = service.save_profile(store, firm, team=team, replace=replace)
    except StoreError as exc:
        err.print(f"[red]error:[/red] {escape(str(exc))}", soft_wrap=True)
        raise typer.Exit(EXIT_USAGE) from exc
    if watch:
        service.watch_profile(store, firm.name)
    result = {"name": firm.name, "added": new, "replaced": not new, "watched": watch}
    if as_json:
        print_json(result)
    else:
        console.print(f"{'added' if new else 'replaced'} profile {escape(firm.name)}")


@profiles_app.command("list")
def profiles_list(
    db: DbOption = "",
    team: Annotated[str | None, typer.Option("--team", help="Only this team's")] = None,
    as_json: JsonOption = False,
) -> None:
    """Stored profiles with their known fields."""
    rows = service.stored_profiles(store_or_exit(db), team)
    if as_json:
        print_json([r.to_json() for r in rows])
        return
    table = Table()
    for column in ("name", "team", "watched", "fields"):
        table.add_column(column)
    for r in rows:
        table.add_row(
            escape(r.name), escape(r.team), "yes" if r.watched else "", escape(", ".join(r.data))
        )
    console.print(table)


@profiles_app.command("remove")
def profiles_remove(
    name: Annotated[str, typer.Argument(help="Stored profile name")],
    db: DbOption = "",
    as_json: JsonOption = False,
) -> None:
    """Delete a stored profile and its alert state."""
    removed = service.remove_profile(store_or_exit(db), name)
    if as_json:
        print_json({"name": name, "removed": removed})
    elif removed:
        console.print(f"removed profile {escape(name)}")
    if not removed:
        err.print(f"[red]error:[/red] no profile named {escape(name)}")
        raise typer.Exit(EXIT_NOT_FOUND)


@profiles_app.command("watch")
def profiles_watch(
    name: Annotated[str, typer.Argument(help="Stored profile name")],
    db: DbOption = "",
    off: Annotated[bool, typer.Option("--off", help="Stop watching")] = False,
    webhook: Annotated[
        str | None,
        typer.Option("--webhook", help="POST new alerts here as JSON ('' removes it)"),
    ] = None,
) -> None:
    """Watch a profile: `profiles alerts` and `watch run` then announce each newly eligible
    call once, POSTing it to the profile's webhook when it has one."""
    if webhook and not webhook.lower().startswith(("http://", "https://")):
        err.print(f"[red]error:[/red] --webhook must be an http(s) URL, not {escape(webhook)}")
        raise typer.Exit(EXIT_USAGE)
    if not service.watch_profile(store_or_exit(db), name, not off, webhook):
        err.print(f"[red]error:[/red] no profile named {escape(name)}")
        raise typer.Exit(EXIT_NOT_FOUND)
    console.print(f"{'stopped watching' if off else 'watching'} {escape(name)}")


@profiles_app.command("alerts")
def profiles_alerts(
    db: DbOption = "",
    as_of: AsOfOption = None,
    as_json: JsonOption = False,
) -> None:
    """Open calls newly eligible for each watched profile (each call announced once); a
    profile with a webhook has them POSTed. Exits 7 when a webhook failed (kept for next run)."""
    store = store_or_exit(db)
    day = as_of_or_exit(as_of) or service.default_as_of(store)
    reports = service.profile_alerts(store, day)
    if as_json:
        print_json([r.to_json() for r in reports])
    else:
        sys.stdout.write(alerts_text(reports))
        sys.stdout.flush()
    service.acknowledge_alerts(store, reports)
    if report_undelivered_alerts(reports):
        raise typer.Exit(EXIT_UNDELIVERED)


def alerts_text(reports: list[service.ProfileAlerts]) -> str:
    """Watched profiles' new alerts as plain lines (`profiles alerts`, `watch run`)."""
    lines = []
    for report in reports:
        lines.append(f"{report.profile}: {len(report.new)} new")
        lines += [
            f"  {readable(r['deadline'] or ''):<10} {r['title']} ({r['id']})" for r in report.new
        ]
        if report.webhook and report.delivery:
            lines.append(f"  webhook: {report.delivery.describe()}")
    return "".join(line + "\n" for line in lines)


def report_undelivered_alerts(reports: list[service.ProfileAlerts]) -> bool:
    """Name each profile whose webhook failed after every attempt; True when there was one."""
    failed = [r for r in reports if r.undelivered]
    for report in failed:
        what, kept = f"profile {report.profile!r}", f"{len(report.new)} alert(s)"
        report_failed_webhook(what, kept, report.delivery.describe() if report.delivery else "")
    return bool(failed)


def eval_eligibility(
    labels_path: Annotated[Path, typer.Argument(help="Eligibility labels JSON")] = Path(
        "eval/eligibility_dev.json"
    ),
    db: DbOption = "",
    as_json: JsonOption = False,
) -> None:
    """Verdicts on labelled (call, profile) pairs per account, beside two baselines."""
    from wxintel.evaluation.eligibility import check_labels, format_report, score_eligibility
    from wxintel.evaluation.labels import LabelsError

    try:
        labels = check_labels(json.loads(labels_path.read_text(encoding="utf-8")))
    except (OSError, ValueError) as exc:
        what = "" if isinstance(exc, LabelsError) else "cannot read: "
        err.print(f"[red]error:[/red] labels {escape(str(labels_path))}: {what}{escape(str(exc))}")
        raise typer.Exit(EXIT_USAGE) from exc
    store = store_or_exit(db)
    homes = service.Homes(store)

    def lookup(account: str, aid: str) -> Any:
        found = [a for a in store.resolve(aid) if a.account == account]
        if not found:
            return None
        return found[0].to_article(), service.article_conditions(store, found[0], homes)

    scores = score_eligibility(labels, lookup)
    if as_json:
        print_json(scores)
    else:
        console.print(format_report(scores), markup=False, highlight=False)


def _article_or_exit(store: SQLStore, ref: str, as_json: bool) -> Any:
    try:
        article = find_article(store, ref)
    except Ambiguous as exc:
        if as_json:
            print_json({"error": str(exc), "candidates": exc.candidates_json()})
        else:
            err.print(f"[red]error:[/red] {escape(str(exc))}; use one of:")
            for c in exc.candidates_json():
                err.print(f"  {c['key']}  {escape(c['account'])}  {escape(c['title'])}")
        raise typer.Exit(EXIT_AMBIGUOUS) from exc
    if article is None:
        if as_json:
            print_json({"error": f"no article {ref!r}"})
        err.print(f"[red]error:[/red] no article {escape(ref)}")
        raise typer.Exit(EXIT_NOT_FOUND)
    return article


def _profile_or_exit(store: SQLStore, ref: str) -> Any:
    try:
        return service.resolve_profile(store, ref)
    except ProfileError as exc:
        err.print(f"[red]error:[/red] {escape(str(exc))}", soft_wrap=True)
        raise typer.Exit(EXIT_USAGE) from exc
