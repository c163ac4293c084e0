"""How often search's short-form reading rewrites a word it should not (not a test).

    .venv/bin/python bench/shortforms.py --db wx.db [--sample 1500] [--seed 1]

A short form is read only for a rare word (at most WXINTEL_SEARCH_SHORT_FORM_RARE_SHARE of the
posts), so its precision is judged on rare words: `--sample` two-character CJK words drawn at
random from the index's term dictionary among those the reading's own rule admits
(`SearchIndex.is_rare`, which counts a word's posts as the reading does, inside longer words
too). Each word rewritten is printed with its full name for a reader to judge, with the seconds
the lookups took. The README's precision figure comes from this.
"""

from __future__ import annotations

import argparse
import random
import time
from pathlib import Path

from wxintel.nlp.segment import is_cjk
from wxintel.store import open_store


def rare_words(index, length: int) -> list[str]:
    """The index's CJK words of `length` characters that the reading itself would take as rare
    (`SearchIndex.is_rare`: the posts holding each, inside longer words too, against the rare
    share; one rule, in search/shortforms.py)."""
    searcher = index._index.searcher()  # the term dictionary, as bench/watch_keys.py reads it
    words: set[str] = set()
    for field in ("title_w", "body_w"):
        for word, _ in searcher.terms_with_prefix(field, ""):
            if len(word) == length and is_cjk(word):
                words.add(word)
    return sorted(word for word in words if index.is_rare(word))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, required=True, help="an archive already ingested")
    parser.add_argument("--sample", type=int, default=1500)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    store = open_store(args.db)
    try:
        index = store.search_index()
        rare = rare_words(index, 2)
        sample = random.Random(args.seed).sample(rare, min(args.sample, len(rare)))
        start = time.perf_counter()
        rewritten = [(word, index.short_form_names(word)) for word in sample]
        seconds = time.perf_counter() - start
        rewritten = [(word, names[0]) for word, names in rewritten if names]
        print(f"{len(rare)} rare two-character words; {len(sample)} drawn (seed {args.seed})")
        print(f"rewritten {len(rewritten)} in {seconds:.1f} s:")
        for word, name in rewritten:
            print(f"  {word} → {name}")
    finally:
        store.close()


if __name__ == "__main__":
    main()
