"""How often search's short-form reading rewrites a word it should not (not a test).

    .venv/bin/python bench/shortforms.py --db wx.db [--sample 1500] [--seed 1] [--only dictionary]

A short form is read only for a rare word (at most WXINTEL_SEARCH_SHORT_FORM_RARE_SHARE of the
posts), so its precision is judged on rare words: `--sample` two-character CJK words drawn at
random from the index's term dictionary among those the reading's own rule admits
(`SearchIndex.is_rare`, which counts a word's posts as the reading does, inside longer words
too). Each word rewritten is printed with its full name for a reader to judge, with the seconds
the lookups took. The README's precision figure comes from this.

`--ends-sample` three-character rare words are drawn the same way for the reading by a short
form's last character (网安周 → 网络安全宣传周: `shortforms.full_names` after the initials find
nothing), leaving out any word a query of the eval sets holds: the words rewritten are
printed for a reader to judge, those the initials alone do not read marked.

`--loose-sample` rare words of three or four characters are drawn the same way for the looser
spelling (市监总局 → 市场监管总局: `shortforms.fit`, a word kept whole, or the last one giving its
first and last characters), again outside the eval sets; the words only that spelling reads are
printed with their name for a reader to judge.

`--dictionary-sample` rare words of two to four characters are drawn the same way for the
reading through CC-CEDICT (驾照 → 驾驶证: `SearchIndex.dictionary_names`, tried when no spelling
reads a word), outside the eval sets; the words it reads are printed with their names for a
reader to judge. `--dictionary-pool` goes the other way: the archive's words written in two
posts or more, drawn at random, and each word of the same meaning the dictionary gives that the
archive does not write (社保 for 社会保险), read back: as the archive's word, another, or nothing.

`--pool-sample` goes the other way, over the whole pool of the archive's long names (its words of
five or more Chinese characters written in two posts or more): for names drawn at random it
spells the short forms a reader would type and the archive does not hold (each word's first
character; the same with the last word kept whole, as 市监总局 keeps 总局; the same ending with
the name's last character, as 工博会 ends with 会), reads each, and prints what it was read as:
the name it came from, another name (for a reader to judge), or nothing.
"""

from __future__ import annotations

import argparse
import json
import random
import time
from pathlib import Path

from wxintel.nlp.segment import is_cjk
from wxintel.search.shortforms import MAX_SHORT, full_names, typed_posts
from wxintel.search.synonyms import MAX_LENGTH
from wxintel.search.translations import same_meaning
from wxintel.store import open_store

EVAL = Path(__file__).resolve().parent.parent / "eval"


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


def eval_queries() -> list[str]:
    """Every query and question of the eval sets: the words drawn for the last-character
    reading are kept apart from what that reading was developed on."""
    texts = []
    for path in sorted(EVAL.glob("*.json")):
        items = json.loads(path.read_text(encoding="utf-8"))
        items = items.get("queries", items.get("questions", [])) if isinstance(items, dict) else []
        texts += [
            item.get("q", item.get("question", "")) for item in items if isinstance(item, dict)
        ]
    return texts


def by_initials(index, word: str, loose: bool = True) -> list[str]:
    """The reading without its last-character step (`full_names` given no `after`), and
    without its looser spelling when `loose` is False."""
    typed = typed_posts(word, index._posts_with, index._index.searcher().num_docs, MAX_SHORT)
    if typed is None:
        return []
    return full_names(
        word,
        typed,
        index._vocabulary_counts,
        index._posts_with,
        index._posts_with_both,
        index.segmenter.is_known,
        loose=loose,
    )


def read_by_ends(index, sample: int, seed: int) -> None:
    """Three-character rare words outside the eval sets that the reading rewrites, with the
    name read; those only the last-character step reads are marked."""
    queries = eval_queries()
    rare = [w for w in rare_words(index, 3) if not any(w in q for q in queries)]
    drawn = random.Random(seed).sample(rare, min(sample, len(rare)))
    start = time.perf_counter()
    read = [(word, index.short_form_names(word)) for word in drawn]
    seconds = time.perf_counter() - start
    rewritten = [(word, names[0], not by_initials(index, word)) for word, names in read if names]
    print(f"{len(rare)} rare three-character words outside the eval sets; {len(drawn)} drawn")
    print(
        f"rewritten {len(rewritten)} in {seconds:.1f} s,"
        f" {sum(ends for *_, ends in rewritten)} by the last character (marked *):"
    )
    for word, name, ends in rewritten:
        print(f"  {word} → {name}{' *' if ends else ''}")


def read_loosely(index, sample: int, seed: int) -> None:
    """Rare words of three or four characters outside the eval sets that only the looser
    spelling reads (`shortforms.fit`), with the name read."""
    queries = eval_queries()
    rare = [w for n in (3, 4) for w in rare_words(index, n) if not any(w in q for q in queries)]
    drawn = random.Random(seed).sample(rare, min(sample, len(rare)))
    start = time.perf_counter()
    read = [(word, by_initials(index, word)) for word in drawn]
    seconds = time.perf_counter() - start
    loose = [(w, names[0]) for w, names in read if names and not by_initials(index, w, False)]
    print(f"{len(rare)} rare words of 3-4 characters outside the eval sets; {len(drawn)} drawn")
    print(f"read in {seconds:.1f} s; {len(loose)} only by the looser spelling:")
    for word, name in loose:
        print(f"  {word} → {name}")


def read_by_dictionary(index, sample: int, seed: int) -> None:
    """Rare words of two to four characters outside the eval sets that only the dictionary
    reads (no spelling does), with the names read."""
    queries = eval_queries()
    rare = [w for n in (2, 3, 4) for w in rare_words(index, n) if not any(w in q for q in queries)]
    drawn = random.Random(seed).sample(rare, min(sample, len(rare)))
    start = time.perf_counter()
    read = [(word, index.short_form_names(word)) for word in drawn]
    seconds = time.perf_counter() - start
    found = [
        (w, names)
        for w, names in read
        if names and names == index.dictionary_names(w, index._posts_with((w,)))
    ]
    print(f"{len(rare)} rare words of 2-4 characters outside the eval sets; {len(drawn)} drawn")
    print(f"read in {seconds:.1f} s; {len(found)} by the dictionary:")
    for word, names in found:
        print(f"  {word} → {'、'.join(names)}")


def read_dictionary_pool(index, sample: int, seed: int) -> None:
    """The dictionary's words of the same meaning as the archive's words, read back."""
    searcher = index._index.searcher()
    pool: set[str] = set()
    for field in ("title_w", "body_w"):
        for word, _ in searcher.terms_with_prefix(field, ""):
            if len(word) >= 2 and is_cjk(word) and same_meaning(word):
                pool.add(word)
    pool = {w for w in pool if index._posts_with((w,)) >= 2}
    drawn = random.Random(seed).sample(sorted(pool), min(sample, len(pool)))
    right = other = none = 0
    for name in drawn:
        for typed in same_meaning(name):
            if len(typed) > MAX_LENGTH or index._posts_with(tuple(index.segmenter.words(typed))):
                continue
            read = index.short_form_names(typed)
            if name in read:
                right += 1
            elif read:
                other += 1
            else:
                none += 1
            print(f"  {name}: {typed} → {'、'.join(read) or '-'}")
    print(f"{len(pool)} words with a dictionary twin; {len(drawn)} drawn (seed {seed})")
    print(f"twins the archive does not write read as the word {right}, as another {other},")
    print(f"not read {none}")


def spellings(words: list[str]) -> set[str]:
    """The short forms of a name cut into `words` that a reader might type: initials, initials
    with the last word whole, initials ending with the name's last character."""
    heads = "".join(w[0] for w in words[:-1])
    return {
        heads + words[-1][0],
        heads + words[-1],
        heads + words[-1][0] + words[-1][-1],
    }


def cut(name: str, known) -> list[str]:
    """`name` cut left to right into the longest dictionary words shorter than it (one
    character where none is known): the words a reader abbreviates."""
    words, i = [], 0
    while i < len(name):
        length = next((n for n in range(min(6, len(name) - 1), 1, -1) if known(name[i : i + n])), 1)
        words.append(name[i : i + length])
        i += length
    return words


def read_pool(index, sample: int, seed: int) -> None:
    """Short forms spelt from long names drawn from the archive's pool, each read back."""
    searcher = index._index.searcher()
    pool: set[str] = set()
    for field in ("title_w", "body_w"):
        for word, _ in searcher.terms_with_prefix(field, ""):
            if len(word) >= 5 and is_cjk(word):
                pool.add(word)
    pool = {w for w in pool if index._posts_with((w,)) >= 2}
    drawn = random.Random(seed).sample(sorted(pool), min(sample, len(pool)))
    right = other = none = 0
    loose_right = loose_other = 0  # of those, read only by the looser spelling
    for name in drawn:
        words = cut(name, index.segmenter.is_known)
        if len(words) < 2 or min(map(len, words[:-1])) < 2:
            continue
        for short in sorted(spellings(words)):
            if not 3 <= len(short) <= 5 or index._posts_with((short,)):
                continue
            read = index.short_form_names(short)
            loose = read and not by_initials(index, short, False)
            if read == [name]:
                right += 1
                loose_right += bool(loose)
            elif read:
                other += 1
                loose_other += bool(loose)
            else:
                none += 1
            mark = " (looser spelling)" if loose else ""
            print(f"  {name} {'·'.join(words)}: {short} → {read[0] if read else '-'}{mark}")
    print(f"{len(pool)} long names; {len(drawn)} drawn (seed {seed})")
    print(f"read as their name {right}, as another {other}, not read {none}")
    print(
        f"read only by the looser spelling {loose_right + loose_other}:"
        f" as their name {loose_right}, as another {loose_other}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, required=True, help="an archive already ingested")
    parser.add_argument("--sample", type=int, default=1500)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--ends-sample", type=int, default=1500)
    parser.add_argument("--loose-sample", type=int, default=3000)
    parser.add_argument("--pool-sample", type=int, default=200)
    parser.add_argument("--dictionary-sample", type=int, default=3000)
    parser.add_argument("--dictionary-pool", type=int, default=200)
    parser.add_argument(
        "--only", choices=("dictionary",), help="run the dictionary's samples alone"
    )
    args = parser.parse_args()
    store = open_store(args.db)
    try:
        index = store.search_index()
        read_by_dictionary(index, args.dictionary_sample, args.seed)
        read_dictionary_pool(index, args.dictionary_pool, args.seed)
        if args.only:
            return
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
        read_by_ends(index, args.ends_sample, args.seed)
        read_loosely(index, args.loose_sample, args.seed)
        read_pool(index, args.pool_sample, args.seed)
    finally:
        store.close()


if __name__ == "__main__":
    main()
