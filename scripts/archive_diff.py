"""What a rule change does to every stored post: write each post's kind, deadlines and contacts
as read by this tree, then compare two such files. Commits cite it for "the 1,444 archive posts'
kinds (deadlines, contacts) identical": the posts no labelled set samples.

    PYTHONPATH=src python scripts/archive_diff.py write --db wx.db -o before.json
    (change the rules)
    PYTHONPATH=src python scripts/archive_diff.py write --db wx.db -o after.json
    PYTHONPATH=src python scripts/archive_diff.py diff before.json after.json

`write` reads every stored article (duplicates included) with this tree's `read_facts` and
`classify`, not the kinds stored at ingest, so the archive need not be ingested again.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

# The facts a post's reading is compared on: its final deadline, every stated one, its contacts.
COMPARED = ("deadline", "stated_deadline", "phone", "email", "contact")


def read_archive(db: str) -> dict[str, dict[str, Any]]:
    """Each stored post ("account/aid") as this tree reads it: kind, rule and the COMPARED facts."""
    from wxintel.extract import read_facts
    from wxintel.extract.doctype import classify
    from wxintel.store import open_store
    from wxintel.store.articles import iter_articles

    out: dict[str, dict[str, Any]] = {}
    for stored in iter_articles(open_store(db)):
        article = stored.to_article()
        facts = read_facts(article)
        kind, rule = classify(article, facts)
        read = {name: [f.value for f in facts if f.kind == name] for name in COMPARED}
        out[f"{article.account}/{article.aid}"] = {"kind": kind, "rule": rule, **read}
    return out


def diff(before: dict[str, dict[str, Any]], after: dict[str, dict[str, Any]]) -> list[str]:
    """One line per post whose kind or compared facts differ (a rule's name alone changing is
    counted apart), then one line of totals."""
    lines = []
    moved: Counter[str] = Counter()
    for key in sorted(before.keys() | after.keys()):
        old, new = before.get(key), after.get(key)
        if old is None or new is None:
            lines.append(f"{key}: only in {'after' if old is None else 'before'}")
            moved["missing"] += 1
            continue
        for field in ("kind", *COMPARED):
            if old.get(field) != new.get(field):
                moved[field] += 1
                lines.append(f"{key} {field}: {old.get(field)} -> {new.get(field)}")
        if old["kind"] == new["kind"] and old["rule"] != new["rule"]:
            moved["rule"] += 1
            lines.append(f"{key} rule: {old['rule']} -> {new['rule']} ({new['kind']})")
    counts = ", ".join(f"{field} {moved[field]}" for field in ("kind", *COMPARED, "rule"))
    lines.append(f"{len(after)} posts; changed: {counts}, missing {moved['missing']}")
    return lines


def main(
    argv: list[str] | None = None,
    *,
    read: Callable[[str], dict[str, Any]] = read_archive,
    compare: Callable[[Any, Any], list[str]] = diff,
    prog: str = "archive_diff",
    doc: str = __doc__,
    write_help: str = "read every stored post and write the JSON",
) -> int:
    """`write` (`read` over a store, as JSON) or `diff` (`compare` two such files): the frame
    year_probe.py shares, with its own reader, comparison, name and help."""
    parser = argparse.ArgumentParser(description=doc.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    write = sub.add_parser("write", help=write_help)
    write.add_argument("--db", required=True)
    write.add_argument("-o", "--output", required=True)
    against = sub.add_parser("diff", help="compare two written files")
    against.add_argument("before")
    against.add_argument("after")
    args = parser.parse_args(argv)
    if args.command == "write":
        found = read(args.db)
        Path(args.output).write_text(json.dumps(found, ensure_ascii=False, sort_keys=True))
        print(f"{len(found)} posts -> {args.output}")
        return 0
    loaded = []
    for name in (args.before, args.after):
        try:
            loaded.append(json.loads(Path(name).read_text(encoding="utf-8")))
        except (OSError, json.JSONDecodeError) as err:
            print(f"{prog}: {name}: {err}", file=sys.stderr)
            return 2
    print("\n".join(compare(*loaded)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
