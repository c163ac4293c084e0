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

import sys
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from archive_diff import main as frame


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


# the write/diff frame is archive_diff's; this script brings its reader and comparison
main = partial(
    frame,
    read=read_dates,
    compare=diff,
    prog="year_probe",
    doc=__doc__,
    write_help="read every stored post's dates and write the JSON",
)

if __name__ == "__main__":
    raise SystemExit(main())
