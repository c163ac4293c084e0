"""Score a learned labeller of what each stated deadline is for (issue #11) leave-one-set-out,
beside the rules (extract/notices.py `_purpose`, `_stage`) that label it today.

    PYTHONPATH=src python scripts/purpose_model.py --db wx.db

Examples: every stated deadline the rules find whose labelled `for` (eval/extract_*.json items'
`deadlines`) is a purpose or stage head the scorer knows (evaluation/extract.py). Features:
character n-grams of the line before the date, of its sentence before and after it, of the
list item's heading above it, and the rules' own label. Classes: the heads seen in training.

Per set, of its labelled purposes: the rules right, the model right (trained on the other
sets), "model where the rules give the generic head" (申报, or none), and "model where it is
sure" (its class more likely than not, CONFIDENT; else the rules), and that keeping a rules'
label a purpose word of the date's sentence names (deadline_purposes.txt: "报名缴费截止" names
缴费), the convention's "a channel the sentence names wins" as a guard. The rules are this
tree's, fitted to every set, so their column is in-sample and the model reads their labels as a
feature: the table flatters the rules, and a model that loses here loses. With --first-run
each stress set is described with the rules of the commit it was first scored at.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

# the scripts share how a post is found and which commit a set was first run at
from train_deadline_model import _first_run_commit, _stored, run_at_commit  # noqa: E402

SETS = ("extract_dev*.json", "extract_stress*.json")
NGRAMS = (1, 2, 3)
LINE, SENTENCE, AFTER = 24, 40, 16  # characters of context kept on each side
DIMS, L2, STEPS, RATE = 1 << 14, 1e-3, 400, 0.5
CONFIDENT = 0.5  # more likely than not: set, not chosen on the folds


@dataclass(frozen=True)
class Example:
    """One labelled stated deadline: its set, the labelled head, the rules' label, features."""

    set: str
    gold: str
    rules: str
    features: dict[str, float]
    named: bool = False  # a purpose word of the date's sentence names the rules' label


def _grams(prefix: str, text: str) -> Iterator[str]:
    for n in NGRAMS:
        for i in range(len(text) - n + 1):
            yield f"{prefix}{text[i : i + n]}"


def features(text: str, title: str, start: int, end: int, rules: str) -> dict[str, float]:
    """The evidence around one stated deadline's date (a title's deadline: the title's)."""
    from wxintel.extract import notices

    found = {f"r:{rules or '-'}": 1.0}
    if end <= start:  # a title's deadline carries no span of the body
        found.update(dict.fromkeys(_grams("t:", title), 1.0))
        return found
    line = text[text.rfind("\n", 0, start) + 1 : start][-LINE:]
    left, right = notices._sentence_bounds(text, start, end)
    parts = {
        "l:": line,
        "s:": text[left:start][-SENTENCE:],
        "a:": text[end:right][:AFTER],
        "h:": notices._item_heading(text, start),
    }
    for prefix, part in parts.items():
        found.update(dict.fromkeys(_grams(prefix, part), 1.0))
    return found


def named_by_sentence(text: str, title: str, start: int, end: int, label: str) -> bool:
    """Whether a word of deadline_purposes.txt in the date's sentence (a title's deadline: the
    title) names `label`."""
    from wxintel.extract import notices

    sentence = title if end <= start else text[slice(*notices._sentence_bounds(text, start, end))]
    return any(named == label for _, _, named in notices._purposes().find(sentence))


def stated(posts: list[dict[str, str]]) -> list[list[dict]]:
    """The stated_deadline facts ({"value", "start", "end"}) of each post ({"content", "title",
    "ref"}), with whatever wxintel is importable (this tree's, or a first-run commit's)."""
    from datetime import date

    from wxintel.extract import notices

    out = []
    for post in posts:
        text, title, ref = post["content"], post["title"], date.fromisoformat(post["ref"])
        try:
            facts = notices.extract_notice_facts(text, ref, title)
        except TypeError:  # before titles were read (the first stress set's commit)
            facts = notices.extract_notice_facts(text, ref)
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
    from wxintel.extract import reference_date
    from wxintel.store import open_store

    store = open_store(db) if db else None
    heads = ev._purpose_labels()
    out = []
    with tempfile.TemporaryDirectory() as scratch:
        for path in paths:
            labels = json.loads(path.read_text(encoding="utf-8"))
            written = ev.written_articles(labels)
            items, articles = [], []
            for item in labels.get("items", []):
                if any(d.get("for") in heads for d in item.get("deadlines", [])):
                    article = written.get((item["account"], item["aid"])) or _stored(store, item)
                    if article is None:
                        sys.exit(f"{path}: {item['account']} {item['aid']}: no such post (--db?)")
                    items.append(item)
                    articles.append(article)
            given = [{"content": a.content, "title": a.title, "ref": reference_date(a).isoformat()}
                     for a in articles]  # fmt: skip
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
                    where = article.content, article.title, fact["start"], fact["end"]
                    named = named_by_sentence(*where, rules)
                    out.append(Example(path.stem, gold.pop(key), rules, features(*where, rules),
                                       named))  # fmt: skip
    return out


def loso(found: list[Example]) -> list[tuple[str, int, int, int, int, int, int]]:
    """Per set: labelled, rules right, model right, model-where-generic right,
    model-where-sure right, and that keeping the rules' label a sentence word names."""
    from wxintel.extract import notices
    from wxintel.nlp import learn

    generic = notices._generic_purpose()
    rows = []
    for name in sorted({e.set for e in found}):
        train = [e for e in found if e.set != name]
        test = [e for e in found if e.set == name]
        classes = sorted({e.gold for e in train})
        model = learn.train([e.features for e in train], [e.gold for e in train], classes,
                            DIMS, L2, STEPS, RATE)  # fmt: skip
        rules = model_right = hybrid = sure = guarded = 0
        for e in test:
            p = model.probabilities(e.features)
            guess = max(p, key=p.__getitem__)
            rules += e.rules == e.gold
            model_right += guess == e.gold
            hybrid += (guess if e.rules in ("", generic) else e.rules) == e.gold
            confident = guess if p[guess] >= CONFIDENT else e.rules
            sure += confident == e.gold
            guarded += (e.rules if e.named else confident) == e.gold
        rows.append((name, len(test), rules, model_right, hybrid, sure, guarded))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", default="", help="an archive of the seven development accounts")
    parser.add_argument(
        "--first-run",
        action="store_true",
        help="each stress set's rules as of the commit it was first scored at",
    )
    parser.add_argument("--stated", type=Path, help=argparse.SUPPRESS)  # `_at_commit`'s child
    args = parser.parse_args()
    if args.stated:
        posts = json.loads(args.stated.read_text(encoding="utf-8"))
        print(json.dumps(stated(posts), ensure_ascii=False))
        return
    paths = sorted(p for pattern in SETS for p in (ROOT / "eval").glob(pattern))
    rows = loso(examples(paths, args.db, args.first_run))
    print("| set | labelled | rules | model | model where rules generic | model where sure "
          "| where sure, a named rules' label kept |")  # fmt: skip
    print("|---|---|---|---|---|---|---|")
    for name, n, *right in rows:
        print(f"| {name} | {n} | " + " | ".join(str(r) for r in right) + " |")
    total = [sum(row[k] for row in rows) for k in range(1, 7)]
    print("| all | " + " | ".join(str(t) for t in total) + " |")


if __name__ == "__main__":
    main()
