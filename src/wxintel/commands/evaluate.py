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
    checked_llm_url,
    console,
    err,
    print_json,
    store_or_exit,
)
from wxintel.evaluation.labels import LabelsError
from wxintel.options import InvalidOption

eval_app = typer.Typer(help="Score wxintel against labelled sets.", no_args_is_help=True)
# the judged search sets both search learners fit and score leave-one-set-out
JudgedSets = Annotated[
    list[Path], typer.Argument(help="Search judgment sets (eval/search_dev*.json)")
]


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
    """nDCG@10, recall@10 and MRR per account, per class and overall, for wxintel and two plain
    BM25 baselines (rjieba tokens, character bigrams) run in the same process."""
    from wxintel.evaluation.search import (
        baselines,
        check_judgments,
        evaluate_search,
        format_report,
        wxintel_run,
    )

    labels = _load(judgments, check_judgments)
    store = store_or_exit(db)
    plain = baselines(store.search_docs())
    runs = {"wxintel": wxintel_run(store, labels.get("as_of"))}
    runs.update({name: (lambda item, b=b: b.ranked(item.q)) for name, b in plain.items()})
    try:
        report = evaluate_search(labels, runs)
    except InvalidOption as exc:
        err.print(f"[red]error:[/red] labels {escape(str(judgments))}: {escape(str(exc))}")
        raise typer.Exit(EXIT_USAGE) from exc
    if as_json:
        print_json(report)
    else:
        console.print(format_report(report), markup=False, highlight=False, soft_wrap=True)


@eval_app.command("extract")
def eval_extract(
    labels_path: Annotated[
        Path,
        typer.Argument(help="Action items per account (eval/extract_dev.json) or notice facts"),
    ],
    db: DbOption = "",
    as_json: JsonOption = False,
) -> None:
    """Extracted facts against labels: per account and overall beside a plain baseline (action
    items), or per field (the notice-facts format)."""
    from wxintel.evaluation import extract as ev
    from wxintel.extract import enrich

    labels = _load(labels_path, _check_extract_labels)
    written = ev.written_articles(labels) if ev.is_action_labels(labels) else {}
    store = _store_for([*labels.get("items", []), *labels.get("non_calls", [])], db)
    article = ev.article_lookup(store, written)

    def lookup_with(method: Callable[[Any], Any]) -> Callable[[str, str], Any]:
        def lookup(account: str, aid: str) -> Any:
            found = article(account, aid)
            return (found, method(found)) if found is not None else None

        return lookup

    if ev.is_action_labels(labels):
        scores = {
            "wxintel": ev.score_actions(labels, lookup_with(enrich)),
            "baseline": ev.score_actions(labels, lookup_with(ev.plain_baseline)),
        }
        if as_json:
            print_json(scores)
        else:
            report = ev.format_action_report(scores["wxintel"])
            baseline = ev.format_action_report({**scores["baseline"], "errors": []})
            text = f"{report}\n\nbaseline (plain rules, same run)\n{baseline}"
            console.print(text, markup=False, highlight=False, soft_wrap=True)
        return
    scores = ev.score_extract(labels, lambda aid: lookup_with(enrich)("", aid))
    if as_json:
        print_json(scores)
    else:
        console.print(ev.format_report(scores), markup=False, highlight=False)


def _store_for(pointers: list[dict[str, Any]], db: str) -> Any:
    """The archive at `db`, or None when every labelled item carries its own text (a made-up
    set such as eval/extract_stress.json needs no store)."""
    return store_or_exit(db) if any("text" not in i for i in pointers) else None


@eval_app.command("board")
def eval_board(
    labels_paths: Annotated[
        list[Path],
        typer.Argument(help="Action sets (eval/extract_dev*.json eval/extract_stress*.json)"),
    ],
    db: DbOption = "",
    as_json: JsonOption = False,
) -> None:
    """The learned board model on data it was not trained on: each made-up set scored by a
    model trained on the others, real posts account by account; beside the rules alone."""
    from wxintel.evaluation import board as ev
    from wxintel.evaluation import extract as extract_ev

    sets = [(p.stem, _load(p, _check_extract_labels)) for p in labels_paths]
    for path, (_, labels) in zip(labels_paths, sets, strict=True):
        if not extract_ev.is_action_labels(labels):
            err.print(f"[red]error:[/red] {escape(str(path))}: not an action set "
                      "(items with an account, or non_calls)", soft_wrap=True)  # fmt: skip
            raise typer.Exit(EXIT_USAGE)
    pointers = [i for _, labels in sets for i in [*labels.get("items", []),
                                                  *labels.get("non_calls", [])]]  # fmt: skip
    article = extract_ev.article_lookup(_store_for(pointers, db), {})
    scores = ev.report(ev.cross_validate(ev.examples(sets, article)))
    if as_json:
        print_json(scores)
    else:
        console.print(ev.format_report(scores), markup=False, highlight=False, soft_wrap=True)


@eval_app.command("orgs")
def eval_orgs(
    labels_path: Annotated[
        Path, typer.Argument(help="Org names labelled junk or not (eval/orgs_sample1.json)")
    ],
    db: DbOption = "",
    as_json: JsonOption = False,
) -> None:
    """Junk organisation names: which of a fixed labelled list the extractor still gives on the
    archive's posts of those accounts (enriched now, so no re-ingest is needed after a change),
    by `enrich` as shipped (the learned filter on) and, beside it, the rules alone (filter off)."""
    from wxintel.evaluation.orgs import check_org_labels, format_orgs_comparison, score_orgs
    from wxintel.extract import enrich

    labels = _load(labels_path, check_org_labels)
    store = store_or_exit(db)
    accounts = sorted({item["account"] for item in labels["names"]})
    found: dict[bool, set[tuple[str, str]]] = {False: set(), True: set()}
    for stored in store.iter_articles(accounts=accounts):
        article = stored.to_article()
        for org_filter, names in found.items():
            mentions = enrich(article, org_filter=org_filter).mentions
            names |= {(article.account, m.name) for m in mentions if m.kind == "org"}
    rules_alone, learned = score_orgs(labels, found[False]), score_orgs(labels, found[True])
    if as_json:
        print_json({**learned, "rules_alone": rules_alone})
    else:
        report = format_orgs_comparison(rules_alone, learned)
        console.print(report, markup=False, highlight=False, soft_wrap=True)


@eval_app.command("orgs-drops")
def eval_orgs_drops(
    labels_paths: Annotated[
        list[Path],
        typer.Argument(
            help="(post, name) mentions labelled junk or not (eval/orgs_drops1.json …), pooled"
        ),
    ],
    db: DbOption = "",
    archive: Annotated[
        bool,
        typer.Option(
            "--archive",
            help="Also, over every stored post: mentions scored and dropped per account and "
            "score band, and enrich's time with and without the filter",
        ),
    ] = False,
    as_json: JsonOption = False,
) -> None:
    """The learned organisation junk filter on the unit it drops: per band of its score and per
    account, the junk share of labelled (post, name) mentions, beside the break-even of the
    cost of a good name lost, and the threshold that sets (several sets are scored pooled)."""
    from wxintel.evaluation.extract import article_lookup
    from wxintel.evaluation.org_drops import (
        archive_drops,
        check_drop_labels,
        format_archive,
        format_drops,
        score_drops,
    )
    from wxintel.extract.org_junk import shipped_filter

    labels = {"mentions": [m for path in labels_paths
                           for m in _load(path, check_drop_labels)["mentions"]]}  # fmt: skip
    store = store_or_exit(db)
    scores = score_drops(labels, article_lookup(store, {}), shipped_filter())
    if archive:
        articles = (stored.to_article() for stored in store.iter_articles())
        scores["archive"] = archive_drops(articles, shipped_filter())
    if as_json:
        print_json(scores)
        return
    console.print(format_drops(scores), markup=False, highlight=False, soft_wrap=True)
    if archive:
        console.print(
            format_archive(scores["archive"]), markup=False, highlight=False, soft_wrap=True
        )


@eval_app.command("orgs-train")
def eval_orgs_train(
    labels_paths: Annotated[
        list[Path], typer.Argument(help="The lists to train on (eval/orgs_sample1.json …)")
    ],
    db: DbOption = "",
    test: Annotated[
        list[Path] | None,
        typer.Option(
            "--test",
            help="A list kept out of training, scored by the filter trained on all the "
            "training lists (repeatable)",
        ),
    ] = None,
    out: Annotated[
        Path | None, typer.Option("--out", help="Write the trained weights file here")
    ] = None,
    threshold: Annotated[
        float | None,
        typer.Option(
            "--threshold",
            min=0.0,
            max=1.0,
            help="The probability of junk from which a name goes, instead of the one "
            "cross-validated on the names (set per (post, name) by `eval orgs-drops`)",
        ),
    ] = None,
    threshold_from: Annotated[
        str,
        typer.Option("--threshold-from", help="The drops sets --threshold was read from, pooled"),
    ] = "eval/orgs_drops1.json eval/orgs_drops2.json",
    as_json: JsonOption = False,
) -> None:
    """Train the learned organisation junk filter: leave-one-list-out over the training lists,
    then trained on them all and scored on each --test list, beside the rules alone."""
    from wxintel.evaluation import org_training as ot
    from wxintel.evaluation.orgs import check_org_labels, format_orgs_comparison
    from wxintel.extract.org_junk import write_filter

    train_sets = {str(path): _load(path, check_org_labels) for path in labels_paths}
    test_sets = {str(path): _load(path, check_org_labels) for path in test or []}
    store = store_or_exit(db)
    articles = (article.to_article() for article in store.iter_articles())
    evidence = ot.gather([*train_sets.values(), *test_sets.values()], articles)
    items = {
        path: ot.items_of(labels, evidence) for path, labels in {**train_sets, **test_sets}.items()
    }
    results: dict[str, Any] = {"left_out": {}, "test": {}}
    for path in train_sets if len(train_sets) > 1 else ():
        fold = ot.train([items[other] for other in train_sets if other != path], threshold)
        results["left_out"][path] = ot.compare(train_sets[path], items[path], fold.junk)
    trained = ot.train([items[path] for path in train_sets], threshold)
    for path, labels in test_sets.items():
        results["test"][path] = ot.compare(labels, items[path], trained.junk)
    results["model"] = {"l2": trained.penalty, "threshold": trained.junk.threshold,
                        "names": trained.names, "junk_names": trained.junk_names}  # fmt: skip
    if out is not None:
        source = None if threshold is None else threshold_from
        write_filter(trained.junk, out, ot.model_header(trained, list(train_sets), source))
    if as_json:
        print_json(results)
        return
    for kind, heading in (("left_out", "left out of training"), ("test", "held out")):
        for path, both in results[kind].items():
            console.print(f"{path} ({heading})", markup=False, highlight=False)
            report = format_orgs_comparison(both["rules_alone"], both["learned"])
            console.print(report + "\n", markup=False, highlight=False, soft_wrap=True)
    console.print(f"trained on all: {results['model']}", markup=False, highlight=False)


def _check_extract_labels(labels: Any) -> dict[str, Any]:
    from wxintel.evaluation import extract as ev

    if ev.is_action_labels(labels):
        return ev.check_action_labels(labels)
    return ev.check_labels(labels)


@eval_app.command("ask")
def eval_ask(
    labels_path: Annotated[Path, typer.Argument(help="Questions JSON (eval/ask_dev.json)")],
    db: DbOption = "",
    llm: Annotated[
        str | None,
        typer.Option(
            "--llm",
            help="Score the LLM mode against this OpenAI-compatible chat endpoint"
            " (never taken from the environment: an evaluation says what it measures)",
            show_default=False,
            callback=checked_llm_url,
        ),
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Answered right with a right citation, and refused right, per account, beside a baseline;
    a set's `as_of` is the day its questions' date words (去年, 上个月) count from, as `ask
    --as-of` (else today), so its figures can be had again later."""
    from wxintel.ask import answer_llm
    from wxintel.ask.extractive import answer_read
    from wxintel.evaluation import ask_retrieval
    from wxintel.evaluation.ask import (
        baseline_answer,
        check_labels,
        format_report,
        right_answer,
        score_ask,
    )
    from wxintel.search import SearchQuery

    labels = _load(labels_path, check_labels)
    store = store_or_exit(db)
    scope = SearchQuery(text="", as_of=labels["as_of"]) if labels.get("as_of") else None
    plain = ask_retrieval.plain_baseline(store)
    read = ask_retrieval.read_once(store, scope)  # one reading per question, answered and ranked
    scores = score_ask(
        labels,
        (lambda q: answer_llm(store, q, llm, scope=scope))
        if llm
        else (lambda q: answer_read(read(q))),
        lambda q: baseline_answer(store, q, scope),
        mode="llm" if llm else "extractive",
        retrieval=lambda item: ask_retrieval.ranks(
            store,
            item["question"],
            item["support"],
            plain,
            scope,
            lambda text, published: right_answer(item, text, published, lenient=True),
            read(item["question"]),
        ),
    )
    if as_json:
        print_json(scores)
    else:
        console.print(format_report(scores), markup=False, highlight=False)


@eval_app.command("search-model")
def eval_search_model(
    sets: JudgedSets,
    db: DbOption = "",
    write: Annotated[
        Path | None,
        typer.Option("--write", help="Write the model fitted to every set to this file"),
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Fit the learned search ranking (a pairwise model over each query-post pair's features)
    to judged sets and score it leave-one-set-out: each set ranked by the model fitted to the
    others, beside the ranking shipped now and both BM25 baselines in the same run, per set,
    account and class."""
    from wxintel.evaluation import learn_search as ls
    from wxintel.evaluation import search_model as sm
    from wxintel.evaluation.search import check_judgments
    from wxintel.nlp import learn

    labelled = {path.stem: _load(path, check_judgments) for path in sets}
    store = store_or_exit(db)
    pools = ls.collect(store, labelled)
    folds = sm.leave_one_set_out(pools) if len(labelled) > 1 else {}
    report = sm.held_out_report(store, labelled, folds, pools) if folds else {}
    if write is not None:
        model = sm.fit(pools).model
        learn.write_model(model, write, sm.model_header(list(labelled), len(pools)))
    if as_json:
        print_json(report)
    elif report:
        text = ls.format_held_out(report, sm.SYSTEMS)
        console.print(text, markup=False, highlight=False, soft_wrap=True)


@eval_app.command("learn-search")
def eval_learn_search(
    sets: JudgedSets,
    db: DbOption = "",
    write: Annotated[
        Path | None,
        typer.Option("--write", help="Write the exponents fitted to every set to this file"),
    ] = None,
    factor: Annotated[
        list[str] | None,
        typer.Option("--factor", help="Fit only this factor's exponent (repeatable; default all)"),
    ] = None,
    oracle: Annotated[
        bool,
        typer.Option(
            "--oracle",
            help="Also score the best order the judgments allow of the same candidates",
        ),
    ] = False,
    as_json: JsonOption = False,
) -> None:
    """Fit the search ranking's exponents to judged sets and score them leave-one-set-out: each
    set ranked with exponents fitted to the others, beside the hand-set ranking and both BM25
    baselines in the same run, per set, account and class. --oracle adds the ceiling any
    exponents of these factors are under."""
    from wxintel.evaluation import learn_search as ls
    from wxintel.evaluation.search import check_judgments

    factors = factor or list(ls.FITTED)
    unknown = [f for f in factors if f not in ls.FITTED]
    if unknown:
        err.print(f"[red]error:[/red] --factor {escape(unknown[0])}: one of {', '.join(ls.FITTED)}")
        raise typer.Exit(EXIT_USAGE)
    labelled = {path.stem: _load(path, check_judgments) for path in sets}
    store = store_or_exit(db)
    pools = ls.collect(store, labelled)
    folds = ls.leave_one_set_out(pools, factors) if len(labelled) > 1 else {}
    report = ls.held_out_report(store, labelled, folds, pools) if folds else {}
    fitted = ls.fit(pools, factors)
    if write is not None:
        fitting = "".join(f" --factor {f}" for f in factor or ())
        header = [
            "Exponents of the search ranking's factors (search/exponents.py), fitted by",
            f"coordinate ascent on mean nDCG@10 ({', '.join(factors)}) to the judged sets",
            f"{', '.join(sorted(labelled))}",
            f"({len(pools)} queries); a factor not named keeps its hand-set exponent.",
            "Retrain: wxintel eval learn-search eval/search_dev*.json --db wx.db"
            f"{fitting} --write FILE",
        ]
        chosen = {f: fitted[f] for f in factors}
        write.write_text(ls.exponents_text(chosen, header), encoding="utf-8")
    best = (
        {"tiers": ls.best_order(pools), "ignoring_tiers": ls.best_order(pools, tiers=False)}
        if oracle
        else {}
    )
    if as_json:
        print_json({"fitted": fitted, **report, **({"best_order": best} if best else {})})
        return
    if report:
        console.print(ls.format_held_out(report), markup=False, highlight=False, soft_wrap=True)
    fitted_line = " ".join(f"{f}={v:g}" for f, v in fitted.items())
    console.print(f"fitted to every set ({len(pools)} queries): {fitted_line}", markup=False)
    if best:
        console.print(
            f"best order the judgments allow of the same candidates ({len(pools)} queries): "
            f"{best['tiers']:.3f} within the search's segments, "
            f"{best['ignoring_tiers']:.3f} ignoring them",
            markup=False,
        )
