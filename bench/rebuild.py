"""How long opening an archive's search index takes when its fingerprint moved (a rebuild).

    .venv/bin/python bench/rebuild.py --db kept.db

Opens the store's index as every command does (`store.search_index()`, no pool): an index
whose schema or vocabulary fingerprint no longer matches the code's is emptied and rebuilt
from the store there. Prints the index's meta.json before and after, the wall time, this
process's CPU time and its children's. Run it on a copy (the rebuild rewrites the index):
the 100k rebuild figure of 7da975f's message (1,675 s wall, 277 CPU-s) is this script on a copy of
/tmp/speed15/a100k.db, whose index was built before that commit's fingerprint.
"""

from __future__ import annotations

import argparse
import resource
import time
from pathlib import Path

from wxintel.store import open_store


def _meta(db: str) -> str:
    """The index's meta.json beside the database, or a word saying there is none."""
    meta = Path(f"{db}.search") / "meta.json"
    return meta.read_text(encoding="utf-8") if meta.exists() else "(none)"


def main() -> None:
    """Open the index, timed."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", required=True, help="an ingested archive (a copy)")
    args = parser.parse_args()
    print("meta before", _meta(args.db))
    wall, cpu = time.time(), time.process_time()
    open_store(args.db).search_index()
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    print("meta after ", _meta(args.db))
    print(
        f"wall {time.time() - wall:.1f} s, CPU {time.process_time() - cpu:.1f} s,"
        f" children's CPU {children.ru_utime + children.ru_stime:.1f} s"
    )


if __name__ == "__main__":
    main()
