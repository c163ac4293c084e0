"""What a change of the date reader (nlp/cndate.py: resolve_year, the date forms) does to every
stored post: write every date read from each post's title and body, then compare two such
files. archive_diff.py compares only the facts a post keeps; a year rule also moves dates in
news and past narrations that no fact keeps, and this counts those (cndate's 0c2e592 cites it).

    git worktree add /tmp/old <commit before the change>
    PYTHONPATH=/tmp/old/src python scripts/year_probe.py write --db wx.db -o before.json
    PYTHONPATH=src python scripts/year_probe.py write --db wx.db -o after.json
    python scripts/year_probe.py diff before.json after.json

`write` reads every stored article (duplicates included) against its reference date.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path


def read_dates(db: str) -> dict[str, dict[str, str]]:
    """Each stored post ("account/aid") as "field start-end" -> the ISO date read there."""
    from wxintel.extract import reference_date
    from wxintel.nlp.cndate import find_dates
    from wxintel.store import open_store
    from wxintel.store.articles import iter_articles

    out: dict[str, dict[str, str]] = {}
    for stored in iter_articles(open_store(db)):
        article = stored.to_article()
        ref = reference_date(article)
        spans = {}
        for field, text in (("title", article.title), ("body", article.content)):
            for span in find_dates(text, ref):
                spans[f"{field} {span.start}-{span.end}"] = f"{span.iso} {span.text}"
        out[f"{article.account}/{article.aid}"] = spans
    return out


def diff(before: dict[str, dict[str, str]], after: dict[str, dict[str, str]]) -> list[str]:
    """One line per date read differently (or read in one file only), then one line of totals:
    how many spans moved in how many posts."""
    lines = []
    posts = set()
    for key in sorted(before.keys() | after.keys()):
        old, new = before.get(key, {}), after.get(key, {})
        for at in sorted(old.keys() | new.keys()):
            if old.get(at) != new.get(at):
                posts.add(key)
                lines.append(f"{key} {at}: {old.get(at)} -> {new.get(at)}")
    lines.append(f"{len(after)} posts; {len(lines)} dates changed in {len(posts)} posts")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    write = sub.add_parser("write", help="read every stored post's dates and write the JSON")
    write.add_argument("--db", required=True)
    write.add_argument("-o", "--output", required=True)
    compare = sub.add_parser("diff", help="compare two written files")
    compare.add_argument("before")
    compare.add_argument("after")
    args = parser.parse_args(argv)
    if args.command == "write":
        found = read_dates(args.db)
        Path(args.output).write_text(json.dumps(found, ensure_ascii=False, sort_keys=True))
        print(f"{len(found)} posts -> {args.output}")
        return 0
    loaded = []
    for name in (args.before, args.after):
        try:
            loaded.append(json.loads(Path(name).read_text(encoding="utf-8")))
        except (OSError, json.JSONDecodeError) as err:
            print(f"year_probe: {name}: {err}", file=sys.stderr)
            return 2
    print("\n".join(diff(*loaded)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
