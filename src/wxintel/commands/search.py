"""`wxintel search`: the same query path as /api/search, printed for a terminal or as JSON."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.markup import escape

from wxintel.commands.common import (
    AS_OF_REASONS,
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
    print_json,
    store_or_exit,
)
from wxintel.dates import posted_day
from wxintel.options import ARTICLE_KINDS, LANGUAGES, SORTS
from wxintel.reads import as_typed
from wxintel.search.backoff import notices
from wxintel.search.model import MAX_LIMIT, MAX_OFFSET, SearchQuery
from wxintel.search.snippet import Spans


def register(app: typer.Typer) -> None:
    # "-word" excludes a word: it must reach the query parser, not be taken for an option
    app.command(context_settings={"ignore_unknown_options": True})(search)


def search(
    words: Annotated[list[str], typer.Argument(help='Words, "phrases", -exclude, OR, questions')],
    db: DbOption = "",
    date_from: DateFromOption = None,
    date_to: DateToOption = None,
    account: AccountsOption = None,
    kind: Annotated[list[str] | None, typer.Option("--kind", help=", ".join(ARTICLE_KINDS))] = None,
    tag: Annotated[
        list[str] | None, typer.Option("--tag", help="Only articles with this tag")
    ] = None,
    group: GroupOption = None,
    lang: Annotated[str | None, typer.Option("--lang", help=" or ".join(LANGUAGES))] = None,
    has_deadline: Annotated[
        bool | None, typer.Option("--has-deadline/--no-deadline", help="Only notices with one")
    ] = None,
    sort: Annotated[str, typer.Option("--sort", help=" or ".join(SORTS))] = "relevance",
    limit: Annotated[int, typer.Option("--limit", min=1, max=MAX_LIMIT)] = 10,
    offset: Annotated[int, typer.Option("--offset", min=0, max=MAX_OFFSET)] = 0,
    as_of: AsOfOption = None,
    as_json: JsonOption = False,
) -> None:
    """Chinese and English full-text search with aliases, identifiers, filters and snippets."""
    query = SearchQuery(
        text=" ".join(words),
        limit=limit,
        offset=offset,
        sort=sort,
        date_from=date_from,
        date_to=date_to,
        accounts=account or [],
        kinds=kind or [],
        tags=tag or [],
        lang=lang,
        has_deadline=has_deadline,
        group=group,
        as_of=as_of or None,
        relax_dates=True,
    )
    checked_or_exit(query)
    store = store_or_exit(db)
    accounts_or_exit(store, query.accounts, query.group)
    result = store.search(query)
    if store.index_sync.rebuilt:  # the user waited for it: say why
        err.print(f"[yellow]note:[/yellow] {escape(store.index_sync.rebuilt)}", soft_wrap=True)
    if as_json:
        print_json(result.to_json())
        return
    if result.message:
        err.print(result.message)
    console.print(
        f"[bold]{result.total}[/bold] results for {escape(result.query)}"
        f" ({'' if result.all_words_exact else 'at most '}{result.all_words} with every word)"
    )
    if result.understood.get("relaxed_dates"):
        period = result.understood["relaxed_dates"]
        console.print(
            f"[dim]nothing published {period['from'] or '…'} to {period['to'] or '…'}:"
            " these are from other dates[/dim]"
        )
    elif result.understood.get("date_words"):
        days = result.understood
        console.print(
            f"[dim]published {days['from'] or '…'} to {days['to'] or '…'}"
            f" (from {escape('、'.join(days['date_words']))}, counted from {days['as_of']}:"
            f" {AS_OF_REASONS[days['as_of_reason']]})[/dim]"
        )
        if days.get("programme_year"):
            year = days["programme_year"]
            console.print(
                f"[dim]and posts of {year - 1} that name {year} in the title or as {year}年度"
                " (a programme year is announced the year before)[/dim]"
            )
    for word, names in notices(result.understood):
        if names:
            read = f"searched as {escape('、'.join(names))}"
        else:
            read = "these match the other words (partial matches)"
        console.print(f"[dim]no post writes {escape(word)}: {read}[/dim]")
    if result.understood.get("simplified"):
        read = escape(result.understood["simplified"])
        console.print(f"[dim]read in simplified characters: {read}[/dim]")
    if result.understood.get("intent_labels"):
        console.print(f"[dim]ranked: {escape('; '.join(result.understood['intent_labels']))}[/dim]")
    for place, accounts in (result.understood.get("homes") or {}).items():
        console.print(
            f"[dim]{escape(place)} also matches every post of {escape('、'.join(accounts))}[/dim]"
        )
    for widened in ("short_forms", "translations"):
        for word, names in (result.understood.get(widened) or {}).items():
            console.print(f"[dim]{escape(word)} also searched as {escape('、'.join(names))}[/dim]")
    if result.understood.get("procedure"):
        verb = escape(result.understood["procedure"])
        console.print(f"[dim]{verb} also matched by any call, registration or consultation[/dim]")
    for word in result.understood.get("title_stands_for") or []:
        console.print(f"[dim]{escape(word)} also held by a title naming the other words[/dim]")
    for rank, hit in enumerate(result.hits, start=offset + 1):
        if not hit.all_words and (rank == offset + 1 or result.hits[rank - offset - 2].all_words):
            console.print("\n[dim]—— 以下为部分匹配 ——[/dim]")
        extra = f" · +{hit.duplicates} duplicate" if hit.duplicates else ""
        if hit.published_by:
            at_least = "至少 " if hit.reposts_approximate else ""
            extra += (
                f" · {at_least}{len(hit.published_by)} 个公众号发布"
                f" ({escape('、'.join(hit.published_by))})"
            )
        if hit.republication_of:
            earlier = hit.republication_of
            extra += f" · 重发本号 {posted_day(earlier['published'])} 的文章 ({earlier['id']})"
        console.print(
            f"\n{rank}. [bold]{escape(hit.title)}[/bold]  [dim]{hit.id} · {escape(hit.account)} · "
            f"{posted_day(hit.published)} · {hit.kind or '-'}{extra}[/dim]"
        )
        console.print("   " + _terminal_snippet(Spans(hit.snippet, hit.highlights)))
        if hit.matched:
            terms = ", ".join(as_typed(term, query.text) for term in hit.matched)
            console.print(f"   [dim]matched: {escape(terms)}[/dim]")


def _terminal_snippet(passage: Spans) -> str:
    """The snippet as Rich markup: text escaped, highlights in reverse video."""
    return "".join(
        f"[reverse]{escape(piece)}[/reverse]" if highlighted else escape(piece)
        for piece, highlighted in passage.segments()
    )
