"""`wxintel eval …`: score wxintel on labelled sets and print the figures."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape

from wxintel.commands.common import (
    EXIT_USAGE,
    DbOption,
    JsonOption,
    console,
    err,
    print_json,
    store_or_exit,
)
from wxintel.evaluation.labels import LabelsError

eval_app = typer.Typer(help="Score wxintel against labelled sets.", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.add_typer(eval_app, name="eval")


def _load(path: Path, check: Callable[[Any], dict[str, Any]]) -> dict[str, Any]:
    """The labelled set at `path`, read and checked before any scoring (exit 2 if unusable)."""
    try:
        return check(json.loads(path.read_text(encoding="utf-8")))
    except OSError as exc:
        reason = exc.strerror or exc.__class__.__name__
        err.print(
            f"[red]error:[/red] cannot read labels {escape(str(path))}: {reason}", soft_wrap=True
        )
        raise typer.Exit(EXIT_USAGE) from exc
    except ValueError as exc:  # not UTF-8, not JSON, or not a labelled set (LabelsError)
        what = "" if isinstance(exc, LabelsError) else "not a JSON file: "
        message = f"labels {escape(str(path))}: {what}{escape(str(exc))}"
        err.print(f"[red]error:[/red] {message}", soft_wrap=True)
        raise typer.Exit(EXIT_USAGE) from exc


@eval_app.command("search")
def eval_search(
    judgments: Annotated[Path, typer.Argument(help="Judgments JSON (queries with graded rel)")],
    db: DbOption = "",
    as_json: JsonOption = False,
) -> None:
    """nDCG@10, recall@10 and MRR for wxintel and a plain BM25 baseline, in the same run."""
    from wxintel.evaluation.search import (
        BaselineBM25,
        check_judgments,
        evaluate_search,
        format_report,
    )
    from wxintel.search import SearchQuery

    labels = _load(judgments, check_judgments)
    store = store_or_exit(db)
    baseline = BaselineBM25(list(store.search_docs()))

    def ours(text: str) -> list[str]:
        return [hit.id for hit in store.search(SearchQuery(text=text, limit=10)).hits]

    scores = {
        "wxintel": evaluate_search(labels, ours),
        "baseline": evaluate_search(labels, lambda text: baseline.search(text, 10)),
    }
    if as_json:
        print_json(scores)
    else:
        console.print(
            format_report(scores["wxintel"], scores["baseline"]), markup=False, highlight=False
        )


@eval_app.command("extract")
def eval_extract(
    labels_path: Annotated[Path, typer.Argument(help="Notice facts JSON")],
    db: DbOption = "",
    as_json: JsonOption = False,
) -> None:
    """Per-field precision and recall of extracted notice facts."""
    from wxintel.evaluation.extract import check_labels, format_report, score_extract
    from wxintel.extract import enrich

    labels = _load(labels_path, check_labels)
    store = store_or_exit(db)

    def lookup(aid: str) -> Any:
        found = store.resolve(aid)
        if len(found) != 1:
            return None
        article = found[0].to_article()
        return article, enrich(article)

    scores = score_extract(labels, lookup)
    if as_json:
        print_json(scores)
    else:
        console.print(format_report(scores), markup=False, highlight=False)
