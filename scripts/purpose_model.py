"""Score the learned labeller of what each stated deadline is for (issue #11,
extract/purposes.py) leave-one-set-out, beside the rules (extract/notices.py `_purpose`,
`_stage`); with --write, train it on every set and write its weights file.

    PYTHONPATH=src python scripts/purpose_model.py --db wx.db --first-run
    PYTHONPATH=src python scripts/purpose_model.py --db wx.db --first-run --write

Examples: every stated deadline the rules find whose labelled `for` (eval/extract_*.json items'
`deadlines`) is a purpose or stage head the scorer knows (evaluation/extract.py). Features
(extract/purposes.py `features`): character n-grams of the line before the date, of its
sentence before and after it, of the list item's heading above it, and the rules' own label.
Classes: the heads seen in training.

Per set, of its labelled purposes: the rules right, the model right (trained on the other
sets), "model where the rules give the generic head" (申报, or none), and "model where it is
sure" (its class more likely than not, CONFIDENT; else the rules), and that unless the text
names the rules' label (extract/purposes.py `keeps_rules`: what read_facts ships, `relabel`).
Without --first-run the rules are this tree's, fitted to every set, so their column is
in-sample and the model reads their labels as a feature: the table flatters the rules. With
it, each stress set is described with the rules of the commit it was first scored at, so
neither rules nor model has seen the left-out set.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

# the scripts share how a post is found and which commit a set was first run at
from train_deadline_model import (  # noqa: E402
    _first_run_commit,
    labelled_article,
    notice_facts,
    run_at_commit,
)

SETS = ("extract_dev*.json", "extract_stress*.json")
DIMS, L2, STEPS, RATE = 1 << 14, 1e-3, 400, 0.5
CONFIDENT = 0.5  # more likely than not: set, not chosen on the folds


@dataclass(frozen=True)
class Example:
    """One labelled stated deadline: its set, the labelled head, the rules' label, features."""

    set: str
    gold: str
    rules: str
    features: dict[str, float]
    kept: bool = False  # the text names the rules' label (extract/purposes.py `keeps_rules`)


def stated(posts: list[dict[str, str]]) -> list[list[dict]]:
    """The stated_deadline facts ({"value", "start", "end"}) of each post ({"content", "title",
    "ref"}), with whatever wxintel is importable (this tree's, or a first-run commit's)."""
    from datetime import date

    out = []
    for post in posts:
        facts = notice_facts(post["content"], date.fromisoformat(post["ref"]), post["title"])
        out.append([{"value": f.value, "start": f.start, "end": f.end}
                    for f in facts if f.kind == "stated_deadline"])  # fmt: skip
    return out


def _at_commit(commit: str, posts: list[dict[str, str]], scratch: Path) -> list[list[dict]]:
    """`stated` run with the sources of `commit`."""
    return run_at_commit(commit, __file__, "--stated", posts, scratch)


def examples(paths: list[Path], db: str, first_run: bool) -> list[Example]:
    """The labelled stated deadlines of `paths` the rules find, with their features; with
    `first_run`, the rules of the commit each set was first scored at (the sets without one,
    the dev sets, this tree's)."""
    from wxintel.evaluation import extract as ev
    from wxintel.extract import purposes
    from wxintel.store import open_store

    store = open_store(db) if db else None
    heads = ev._purpose_labels()
    out = []
    with tempfile.TemporaryDirectory() as scratch:
        for path in paths:
            labels = json.loads(path.read_text(encoding="utf-8"))
            written = ev.written_articles(labels)
            items = [item for item in labels.get("items", [])
                     if any(d.get("for") in heads for d in item.get("deadlines", []))]  # fmt: skip
            articles, given = [], []
            for item in items:
                article, post = labelled_article(path, store, written, item)
                articles.append(article)
                given.append(post)
            commit = _first_run_commit(labels) if first_run else None
            found = _at_commit(commit, given, Path(scratch)) if commit else stated(given)
            for item, article, facts in zip(items, articles, found, strict=True):
                gold = {ev.stated_key(d): d["for"] for d in item["deadlines"]
                        if d.get("for") in heads}  # fmt: skip
                for fact in facts:
                    key = ev.stated_key(fact["value"])
                    if key not in gold:
                        continue
                    rules = fact["value"].get("for", "")
                    where = purposes.Where(article.content, article.title, fact["start"],
                                           fact["end"])  # fmt: skip
                    kept = purposes.keeps_rules(where, rules)
                    out.append(Example(path.stem, gold.pop(key), rules,
                                       purposes.features(where, rules), kept))  # fmt: skip
    return out


def fit(found: list[Example]) -> Any:
    """The model trained on `found`, its threshold line CONFIDENT."""
    from wxintel.nlp import learn

    classes = sorted({e.gold for e in found})
    model = learn.train([e.features for e in found], [e.gold for e in found], classes,
                        DIMS, L2, STEPS, RATE)  # fmt: skip
    return replace(model, threshold=CONFIDENT)


def write(found: list[Example], paths: list[Path], first_run: bool, out: Path) -> None:
    """Train on every set's examples and write the weights with a header saying on what."""
    from wxintel.nlp import learn

    described = "each stress set described with the rules of its first run's commit"
    if not first_run:
        described = "every set described with this tree's rules"
    header = [
        "The learned reader of what each stated deadline is for (extract/purposes.py):",
        "logistic regression over hashed n-grams around the date and the rules' label.",
        f"Trained at commit {learn.trained_at()} on {len(paths)} sets: "
        + ", ".join(p.stem for p in paths),
        f"({len(found)} labelled stated deadlines the rules find), {described};",
        f"l2 {L2}, {STEPS} steps of rate {RATE} from zero weights (deterministic); threshold "
        f"{CONFIDENT} (more likely than not: set, not chosen on the folds).",
        "Retrain: PYTHONPATH=src python scripts/purpose_model.py --db wx.db"
        + (" --first-run" if first_run else "")
        + " --write",
        "(wx.db: the seven development accounts ingested as README's facts section says).",
    ]
    learn.write_model(fit(found), out, header)
    print(f"wrote {out}")


def loso(found: list[Example]) -> list[tuple[str, int, int, int, int, int, int]]:
    """Per set: labelled, rules right, model right, model-where-generic right,
    model-where-sure right, and that keeping the rules' label the text names (shipped)."""
    from wxintel.extract import notices, purposes

    generic = notices._generic_purpose()
    rows = []
    for name in sorted({e.set for e in found}):
        train = [e for e in found if e.set != name]
        test = [e for e in found if e.set == name]
        model = fit(train)
        rules = model_right = hybrid = sure = shipped = 0
        for e in test:
            p = model.probabilities(e.features)
            guess = max(p, key=p.__getitem__)
            rules += e.rules == e.gold
            model_right += guess == e.gold
            hybrid += (guess if e.rules in ("", generic) else e.rules) == e.gold
            sure += (guess if p[guess] >= CONFIDENT else e.rules) == e.gold
            shipped += purposes.decide(model, e.features, e.rules, e.kept) == e.gold
        rows.append((name, len(test), rules, model_right, hybrid, sure, shipped))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", default="", help="an archive of the seven development accounts")
    parser.add_argument(
        "--first-run",
        action="store_true",
        help="each stress set's rules as of the commit it was first scored at",
    )
    parser.add_argument("--write", action="store_true",
                        help="train on every set and write the weights (--out)")  # fmt: skip
    parser.add_argument("--out", type=Path, default=ROOT / "src/wxintel/data/purpose_model.txt")
    parser.add_argument("--stated", type=Path, help=argparse.SUPPRESS)  # `_at_commit`'s child
    args = parser.parse_args()
    if args.stated:
        posts = json.loads(args.stated.read_text(encoding="utf-8"))
        print(json.dumps(stated(posts), ensure_ascii=False))
        return
    paths = sorted(p for pattern in SETS for p in (ROOT / "eval").glob(pattern))
    found = examples(paths, args.db, args.first_run)
    if args.write:
        write(found, paths, args.first_run, args.out)
        return
    rows = loso(found)
    print("| set | labelled | rules | model | model where rules generic | model where sure "
          "| where sure, a rules' label the text names kept (shipped) |")  # fmt: skip
    print("|---|---|---|---|---|---|---|")
    for name, n, *right in rows:
        print(f"| {name} | {n} | " + " | ".join(str(r) for r in right) + " |")
    total = [sum(row[k] for row in rows) for k in range(1, 7)]
    print("| all | " + " | ".join(str(t) for t in total) + " |")


if __name__ == "__main__":
    main()
