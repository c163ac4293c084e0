"""`wxintel reposts`, `wxintel threads`, `wxintel relink` and `wxintel eval reposts|threads`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape

from wxintel import link
from wxintel.commands.common import (
    EXIT_USAGE,
    AsOfOption,
    DbOption,
    JsonOption,
    accounts_or_exit,
    as_of_or_exit,
    console,
    err,
    print_json,
    store_or_exit,
)
from wxintel.commands.evaluate import _load, eval_app
from wxintel.dates import posted_day, readable
from wxintel.link.threads import STAGE_LABELS

AccountOption = Annotated[
    str | None, typer.Option("--account", help="Only those with a post of this account")
]


def register(app: typer.Typer) -> None:
    app.command("reposts")(reposts)
    app.command("threads")(threads)
    app.command("relink")(relink)


def reposts(db: DbOption = "", account: AccountOption = None, as_json: JsonOption = False) -> None:
    """Repost clusters: one text published by several posts, with its original."""
    store = store_or_exit(db)
    accounts_or_exit(store, [account])
    found = link.clusters(store.conn, account)
    if as_json:
        print_json(found)
        return
    for cluster in found:
        source = f" (来源 {cluster['source_outside']})" if cluster["source_outside"] else ""
        console.print(
            f"[bold]{cluster['id']}[/bold] {len(cluster['accounts'])} 个公众号发布{source}",
            highlight=False,
        )
        for m in cluster["members"]:
            console.print(
                f"  {posted_day(m['published'])}  {m['account']}  {m['relation']:<13}"
                f" {m['similarity']:.2f}  {m['id']}  {m['title']}",
                markup=False,
                highlight=False,
            )


def threads(
    db: DbOption = "",
    account: AccountOption = None,
    open_only: Annotated[
        bool, typer.Option("--open", help="Only threads whose deadline is ahead")
    ] = False,
    as_of: AsOfOption = None,
    firm: Annotated[
        str | None, typer.Option("--firm", help="Only threads whose lists name this firm")
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Call threads: a programme round's notice, extensions, shortlist, results and money."""
    given = as_of_or_exit(as_of)
    if firm is not None and not firm.strip():  # it filtered nothing: every thread, as if named
        err.print("[red]error:[/red] --firm is empty: give a firm's name as its lists write it")
        raise typer.Exit(EXIT_USAGE)
    store = store_or_exit(db)
    accounts_or_exit(store, [account])
    today, _ = store.calls_as_of(given)  # calls' rule: today, or the archive's end if older
    found = link.threads(store.conn, account, today if open_only else None, firm)
    if as_json:
        print_json(found)
        return
    for thread in found:
        moved = f" ({thread['deadline_moved_as']})" if thread["deadline_moved"] else ""
        console.print(
            f"[bold]#{thread['id']} {escape(thread['title'])}[/bold]"
            f" · {stage(thread['stage'])} · 截止 {readable(thread['deadline'] or '-')}{moved}",
            highlight=False,
        )
        for a in thread["articles"]:
            console.print(
                f"  {posted_day(a['published'])}  {stage(a['stage'])}  {a['account']}"
                f"  {a['id']}  {a['title']}",
                markup=False,
                highlight=False,
            )


def stage(code: str) -> str:
    """A thread stage as the pages name it (申报通知, 延期 …); --json keeps the code."""
    return STAGE_LABELS.get(code, code)


def relink(db: DbOption = "", as_json: JsonOption = False) -> None:
    """Link the whole archive again (repost clusters and call threads)."""
    store = store_or_exit(db)
    done = link.relink(store)
    if as_json:
        print_json(done)
    else:
        console.print(
            f"{done['repost_links']} repost links, {done['threaded']} posts threaded,"
            f" {done['places_resolved']} relative organisation names placed"
        )


@eval_app.command("reposts")
def eval_reposts(
    labels_path: Annotated[
        Path, typer.Argument(help="Repost clusters JSON (eval/reposts_dev.json)")
    ],
    db: DbOption = "",
    as_json: JsonOption = False,
) -> None:
    """Pair precision/recall of repost clusters, near-misses joined, originals named."""
    from wxintel.evaluation.links import check_reposts, evaluate, ref

    labels = _load(labels_path, check_reposts)
    store = store_or_exit(db)
    ours = link.cluster_keys(store.conn)
    _, _, scores = evaluate(
        labels, "reposts", _key_finder(store), ours, link.minhash_groups(store.conn)
    )
    named = 0
    for cluster in labels["clusters"]:
        original = ref(cluster["original"])
        key = _key_finder(store)(original)
        found = link.cluster_of(store.conn, key) if key else None
        if found and (found["original"]["account"], found["original"]["id"]) == original:
            named += 1
    scores["original_named"] = {"right": named, "clusters": len(labels["clusters"])}
    extra = [f"original named: {named}/{len(labels['clusters'])} (baseline names none)"]
    _report(scores, extra, "near-misses", as_json)


@eval_app.command("threads")
def eval_threads(
    labels_path: Annotated[Path, typer.Argument(help="Call threads JSON (eval/threads_dev.json)")],
    db: DbOption = "",
    as_json: JsonOption = False,
) -> None:
    """Pair precision/recall of call threads, look-alikes linked, stages right."""
    from wxintel.evaluation.links import check_threads, evaluate, ref

    labels = _load(labels_path, check_threads)
    store = store_or_exit(db)
    stages = link.stages_by_key(store.conn)
    ours = {key: str(value["thread"]) for key, value in stages.items()}
    member_stage = {
        row[0]: row[1]
        for row in store.conn.execute(
            "SELECT a.key, m.stage FROM thread_members m JOIN articles a ON a.id = m.article"
        )
    }
    finder = _key_finder(store)
    _, _, scores = evaluate(labels, "threads", finder, ours, link.minhash_groups(store.conn))
    members = [a for t in labels["threads"] for a in t["articles"]]
    right = sum(member_stage.get(finder(ref(a)) or "") == a["stage"] for a in members)
    scores["stages_right"] = {"right": right, "articles": len(members)}
    extra = [f"stages right: {right}/{len(members)}"]
    _report(scores, extra, "look-alikes", as_json)


def _report(scores: dict[str, Any], extra: list[str], apart_name: str, as_json: bool) -> None:
    from wxintel.evaluation.links import format_report

    if scores["unknown"]:
        extra = [*extra, f"not in the database: {', '.join(scores['unknown'])}"]
    if as_json:
        print_json(scores)
    else:
        console.print(format_report(scores, extra, apart_name), markup=False, highlight=False)


def _key_finder(store: Any) -> Any:
    def key_of(reference: tuple[str, str]) -> str | None:
        row = store.conn.execute(
            "SELECT key FROM articles WHERE account = ? AND aid = ?", reference
        ).fetchone()
        return row[0] if row else None

    return key_of
