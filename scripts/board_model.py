"""The learned board model with the rules' first-run decision among its features, scored
leave-one-set-out beside those rules (issue #11).

    PYTHONPATH=src python scripts/board_model.py --db wx.db [--json]

Each stress set is described with the kind and rule the rules gave its posts at the commit of its
first run (its `first_run` names it; the dev sets, which name none, with this tree's), so
neither the rules' column nor the model's features have seen the left-out set: what the rules
got wrong before they were fitted to a set is what the model can learn to catch. The features
are `extract/board_features.py`'s plus that kind and the rule's shape (its matched words
masked: "title:W+deadline"). Folds, thresholds and the table are `evaluation/board.py`'s (`wxintel
eval board`): each made-up set scored by a model trained on every other set, real posts account
by account; the second opinion's threshold per fold chosen on the other folds only.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

# the scripts share how a set's first-run commit is found and how its sources are run
from train_deadline_model import _first_run_commit, run_at_commit  # noqa: E402

SETS = ("extract_dev*.json", "extract_stress*.json")
# the parts of a rule's name kept as they are; any other part is a matched word, masked
_RULE_PARTS = frozenset({"deadline", "employers", "selected", "period", "personal"})


def kinds(posts: list[dict[str, Any]]) -> list[list[str]]:
    """[kind, rule] of each post ({"title", "content", "account", "aid", "published",
    "is_stub"}) with whatever wxintel is importable: run_at_commit's worker, a first-run
    commit's rules (this tree's are read by board.examples)."""
    from wxintel.extract import enrich
    from wxintel.model import Article

    out = []
    for post in posts:
        enriched = enrich(Article(**post))
        out.append([enriched.kind, enriched.kind_rule])
    return out


def rule_shape(rule: str) -> str:
    """A rule's name with its matched words masked ("title:申报+deadline" → "title:W+deadline"),
    so the feature says how the rules decided, not on which word."""
    head, _, rest = rule.partition(":")
    if not rest:
        return rule
    parts = ("W" if part not in _RULE_PARTS else part for part in rest.split("+"))
    return f"{head}:{'+'.join(parts)}"


def examples(paths: list[Path], db: str) -> list[Any]:
    """The labelled posts of `paths` as evaluation.board's `examples` gives them (its label
    check, lookup, labels and folds), with `rules` the kind at the set's first run and that kind
    and rule among the features: the overlay is all this script adds."""
    from wxintel.evaluation import board
    from wxintel.evaluation import extract as ev
    from wxintel.store import open_store

    store = open_store(db) if db else None
    out = []
    with tempfile.TemporaryDirectory() as scratch:
        for path in paths:
            labels = json.loads(path.read_text(encoding="utf-8"))
            look = ev.article_lookup(store, ev.written_articles(labels))
            found = board.examples([(path.stem, labels)], look)
            commit = _first_run_commit(labels)
            if commit:
                posts = [{"title": e.article.title, "content": e.article.content,
                          "account": e.article.account, "aid": e.article.aid,
                          "published": e.article.published, "is_stub": e.article.is_stub}
                         for e in found]  # fmt: skip
                given = run_at_commit(commit, __file__, "--kinds", posts, Path(scratch))
            else:  # this tree's rules: board.examples has just read them
                given = [(e.rules, e.rule) for e in found]
            for example, (kind, rule) in zip(found, given, strict=True):
                example.rules = kind
                example.features[f"rules:{kind}"] = 1.0
                example.features[f"rule:{rule_shape(rule)}"] = 1.0
            out += found
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", default="", help="the seven accounts ingested (dev sets)")
    parser.add_argument("--json", action="store_true", help="the report as JSON")
    parser.add_argument("--kinds", type=Path, help=argparse.SUPPRESS)  # run_at_commit's worker
    args = parser.parse_args()
    if args.kinds:
        print(json.dumps(kinds(json.loads(args.kinds.read_text(encoding="utf-8")))))
        return
    from wxintel.evaluation import board

    paths = sorted(p for pattern in SETS for p in (ROOT / "eval").glob(pattern))
    scores = board.report(board.cross_validate(examples(paths, args.db)))
    print(json.dumps(scores, ensure_ascii=False) if args.json else board.format_report(scores))


if __name__ == "__main__":
    main()
