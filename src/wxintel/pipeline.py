"""Ingest orchestration: read → clean → dedupe → enrich → store, in batches, with a run report.

Each batch is one transaction, so a killed run leaves a consistent database and a rerun
completes it. Enrichment is a pure function of one article, so large batches fan out to a
process pool unchanged.
"""

from __future__ import annotations

import json
import os
import re
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from itertools import chain, islice
from pathlib import Path
from typing import Any

import numpy as np

from wxintel import clean, dedupe, link
from wxintel.extract import enrich
from wxintel.model import Article, Enrichment, Reject, Unavailable
from wxintel.search.index import learned_terms_at, text_fields_in_worker
from wxintel.settings import count
from wxintel.sources import DecodeWarning, Record, Skipped, read_path
from wxintel.store import BATCH_SIZE, Prepared, SQLStore, WriteResult
from wxintel.workers import Mapped, pool_map, uses_pool, worker_pool

POOL_MIN_BATCH = count("pool_min_batch")  # below it, workers cost more than they save
REJECTS_SHOWN = 20  # rejects listed in the report; the rejects file keeps every one
RECLEAN_PAGE = 500  # stored posts of an account read at once to clean them again


@dataclass
class RunReport:
    """What an ingest run did; printed as a table or as JSON for scripts."""

    files: int = 0
    # every record a reader gave, stored or not (rejects and unavailable pages too), so the
    # rows after it add up to it
    read: int = 0
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    duplicates: int = 0
    near_duplicates: int = 0
    stubs: int = 0
    rejected: int = 0
    unavailable: int = 0
    skipped: list[str] = field(default_factory=list)  # files under a directory, none of ours
    reasons: Counter = field(default_factory=Counter)
    rejects: list[dict[str, str]] = field(default_factory=list)  # the first REJECTS_SHOWN
    unavailable_pages: list[dict[str, str]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # one line each: nothing lost, but note it
    rejects_file: str | None = None
    seconds: float = 0.0

    def reject(self, reject: Reject) -> None:
        """Count a rejected record, and keep its origin and reason if it is among the first."""
        self.read += 1
        self.rejected += 1
        self.reasons[_reason_kind(reject.reason)] += 1
        if len(self.rejects) < REJECTS_SHOWN:
            self.rejects.append({"origin": reject.origin, "reason": reject.reason})

    def absorb(self, result: WriteResult) -> None:
        self.added += result.added
        self.updated += result.updated
        self.unchanged += result.unchanged
        self.duplicates += result.duplicates
        self.near_duplicates += result.near_duplicates

    def to_json(self) -> dict[str, Any]:
        return {
            "files": self.files,
            "read": self.read,
            "added": self.added,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "duplicates": self.duplicates,
            "near_duplicates": self.near_duplicates,
            "stubs": self.stubs,
            "rejected": self.rejected,
            "reasons": dict(self.reasons),
            "rejects": self.rejects,
            "unavailable": self.unavailable,
            "unavailable_pages": self.unavailable_pages,
            "skipped": self.skipped,
            "warnings": self.warnings,
            "rejects_file": self.rejects_file,
            "seconds": round(self.seconds, 3),
        }


class RejectsWriter:
    """Appends rejected records, with reason and origin, to a JSON Lines file."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._handle: Any = None

    def write(self, reject: Reject) -> None:
        if self._handle is None:
            self._handle = self.path.open("a", encoding="utf-8")
        line = {
            "origin": reject.origin,
            "reason": reject.reason,
            "record": reject.record,
            "at": datetime.now(UTC).isoformat(timespec="seconds"),
        }
        self._handle.write(json.dumps(line, ensure_ascii=False, default=str) + "\n")

    def close(self) -> None:
        if self._handle is not None:
            self._handle.close()


def input_files(paths: Iterable[Path]) -> list[Path]:
    """The files an ingest will read, for counting and progress."""
    out: list[Path] = []
    for path in paths:
        if path.is_dir():
            out.extend(p for p in sorted(path.rglob("*")) if p.is_file() and not _hidden(p, path))
        else:
            out.append(path)
    return out


def _hidden(path: Path, root: Path) -> bool:
    return any(part.startswith(".") for part in path.relative_to(root).parts)


def ingest(
    paths: Iterable[Path],
    store: SQLStore,
    format: str | None = None,
    batch_size: int = BATCH_SIZE,
    workers: int | None = None,
    on_record: Callable[[int], None] | None = None,
    rejects: RejectsWriter | None = None,
    names: Mapping[Path, str] | None = None,
) -> RunReport:
    """Read every path and store what is new or changed; never stops at a bad record.

    `names` gives paths the name their records' origins show (an upload's own file name, not
    the temporary file it was saved to); other paths are shown as given.
    """
    paths = list(paths)
    return ingest_records(
        _read_all(paths, format, names or {}),
        store,
        batch_size=batch_size,
        workers=workers,
        on_record=on_record,
        rejects=rejects,
        files=len(input_files(paths)),
    )


def ingest_records(
    records: Iterable[Record],
    store: SQLStore,
    batch_size: int = BATCH_SIZE,
    workers: int | None = None,
    on_record: Callable[[int], None] | None = None,
    rejects: RejectsWriter | None = None,
    files: int = 0,
) -> RunReport:
    """Store what readers yielded (from files, or from the feed poller) like any ingest."""
    started = time.perf_counter()
    report = RunReport(files=files)
    rejects = rejects or RejectsWriter(store.rejects_path)
    used_boilerplate: dict[str, set[frozenset[str]]] = {}
    unlinked: list[dict[str, np.ndarray | None]] = []  # batches stored, not linked yet:
    # each post's key with its repost marks (None where the workers did not compute them)
    pending: Started | None = None  # the batch the workers prepare, not written yet
    workers = workers if workers is not None else (os.cpu_count() or 1)
    records, first = _first_post(records)
    if workers > 1 and first is not None:
        _warm(first, store)
    pool = worker_pool(workers) if workers > 1 else None
    store.index_sync.pool = pool
    try:
        resigned = store.resign(pool)
        if resigned:
            report.warnings.append(
                f"re-signed {resigned} stored posts: near-duplicate signatures changed scheme"
                f" ({dedupe.SIGNATURE_SCHEME})"
            )
        parted = store.part_far_copies()
        if parted:
            report.warnings.append(
                f"{parted} stored posts marked as copies of a post published over"
                f" {dedupe.SAME_POST_WINDOW_DAYS} days apart are the account publishing it again:"
                " shown as posts of their own"
            )
        report.warnings.extend(link.derive_missing(store, pool))
        batch: dict[str, Article] = {}
        accounts = AccountsByBiz(store)
        for item in records:
            if isinstance(item, Reject):
                report.reject(item)
                rejects.write(item)
                continue
            if isinstance(item, Skipped):
                report.skipped.append(item.origin)
                continue
            if isinstance(item, DecodeWarning):
                report.warnings.append(item.message)
                continue
            if isinstance(item, Unavailable):
                report.read += 1
                report.unavailable += 1
                report.unavailable_pages.append({"origin": item.origin, "status": item.status})
                continue
            report.read += 1
            accounts.fill(item)
            if on_record:
                on_record(len(item.title.encode()) + len(item.content.encode()))
            key = dedupe.article_key(item)
            if key in batch or len(batch) >= batch_size:
                pending = _flush(batch, store, report, used_boilerplate, pool, unlinked, pending)
            batch[key] = item
        pending = _flush(batch, store, report, used_boilerplate, pool, unlinked, pending)
        if pending is not None:
            _write_started(pending, store, report, unlinked)
        report.warnings.extend(accounts.warnings())
        _link_written(store, unlinked)
        _reclean_changed_accounts(store, report, used_boilerplate, pool)
        store.search_index()  # built (or caught up) now, not on a user's first query
        if store.index_behind:
            report.warnings.append(store.index_behind)
        if store.index_sync.rebuilt:
            report.warnings.append(store.index_sync.rebuilt)
    finally:
        store.index_sync.pool = None
        if pool is not None:  # on an error, what the workers have not taken is dropped
            pool.shutdown(cancel_futures=True)
        rejects.close()
    if report.rejected:
        report.rejects_file = str(rejects.path)
    report.seconds = time.perf_counter() - started
    return report


def _first_post(records: Iterable[Record]) -> tuple[Iterator[Record], Article | None]:
    """The records unchanged, and the first post among them (read ahead of the rest)."""
    records = iter(records)
    ahead: list[Record] = []
    for item in records:
        ahead.append(item)
        if isinstance(item, Article):
            return chain(ahead, records), item
    return iter(ahead), None


def _warm(post: Article, store: SQLStore) -> None:
    """Prepare one post here before the workers are forked, its result dropped: what a worker
    loads on its first post (compiled patterns, models, the gazetteer, the segmenter with the
    search index's learned terms) is then loaded once and inherited, not loaded by each worker
    again (0.23 CPU-s a worker at the 100k archive)."""
    prepare_post(post, frozenset(), learned_terms_at(store.index_path))


class AccountsByBiz:
    """Names the account of a post whose record names none, from the WeChat account id (__biz)
    in its link: another post of that id, in this run or in the store, names it. Without one
    the post is stored with no account, and the run says how many."""

    def __init__(self, store: SQLStore) -> None:
        self.store = store
        self.known: dict[str, str] = {}
        self.filled = 0
        self.unnamed = 0
        self.first_unnamed = ""

    def fill(self, article: Article) -> None:
        if article.account:
            if article.biz:
                self.known.setdefault(article.biz, article.account)
            return
        account = self._lookup(article.biz) if article.biz else ""
        if account:
            article.account = account
            self.filled += 1
        else:
            self.unnamed += 1
            self.first_unnamed = self.first_unnamed or article.origin

    def _lookup(self, biz: str) -> str:
        if biz not in self.known:
            self.known[biz] = self.store.account_of_biz(biz)
        return self.known[biz]

    def warnings(self) -> list[str]:
        out = []
        if self.filled:
            out.append(
                f"{self.filled} posts named no account: took it from other posts of the same"
                " WeChat account (the __biz of their links)"
            )
        if self.unnamed:
            out.append(
                f"{self.unnamed} posts name no account and no other post shares their link's"
                f" __biz: stored without one (first: {self.first_unnamed})"
            )
        return out


def _read_all(paths: list[Path], format: str | None, names: Mapping[Path, str]) -> Iterator[Record]:
    for path in paths:
        name = names.get(path, str(path))
        if not path.exists():
            yield Reject(origin=name, reason="no such file or directory")
            continue
        yield from read_path(path, format, name)


_LOCATION = re.compile(r"\s+(?:at|near) (?:line|record)\b.*")


def _reason_kind(reason: str) -> str:
    """Group reasons for the report: the text before any detail or location."""
    return _LOCATION.sub("", reason.split(":")[0].split("'")[0]).strip()[:60]


@dataclass
class Started:
    """A batch whose per-post work was started, with everything it was started from: which
    of its posts are new or changed (with their raw hashes), their edge lines, each account's
    boilerplate and the search index's learned terms."""

    posts: dict[str, Article]
    fresh: dict[str, tuple[Article, str]]
    edges: dict[str, set[str]]
    boilerplate: dict[str, frozenset[str]]
    learned: tuple[str, ...] | None
    work: Preparing | None = field(repr=False)  # None when no post is new or changed

    def same_inputs(self, other: Started) -> bool:
        """True when `other`, started from this batch's posts or some of them, was started
        from the same inputs for those: the same new or changed posts (by raw hash), the same
        boilerplate for their accounts and the same terms, so its posts' work (a pure
        function of them) gives what this one's gives."""
        mine = {key: post[1] for key, post in self.fresh.items() if key in other.posts}
        return (
            mine == {key: post[1] for key, post in other.fresh.items()}
            and all(self.boilerplate[a] == lines for a, lines in other.boilerplate.items())
            and self.learned == other.learned
        )


def _flush(
    batch: dict[str, Article],
    store: SQLStore,
    report: RunReport,
    used: dict[str, set[frozenset[str]]],
    pool: ProcessPoolExecutor | None,
    unlinked: list[dict[str, np.ndarray | None]],
    pending: Started | None,
) -> Started | None:
    """Start one batch and write the one started before it, `pending`; the batch started, the
    next one to write (None when none of its posts is new or changed).

    A batch's posts are cleaned against the boilerplate the store (as the previous batch left
    it) and the batch teach. So that the workers need not wait for the previous batch's
    write, where that write is not expected to move the boilerplate of the batch's accounts
    (`_settled`; else the batch waits for the write) they start on the store as it is before
    that write, and the main process links
    the batch before it (linking writes link tables and re-points its accounts' relative
    organisation mentions, which cleaning and enrichment never read), waits for the previous
    batch and writes it; the batch's inputs are then read again from the store as written,
    and where they differ (its accounts' boilerplate moved, as it does batch by batch while
    small accounts arrive; a post of the batch was also in the previous one) the work started
    is dropped and started again from them. So workers and the main
    process work at once and every post is prepared from what the store held after the batch
    before it; the links are still made batch after batch, each after its write."""
    posts = dict(batch)
    batch.clear()
    guess = bool(posts) and (pending is None or _settled(posts, pending, store))
    ahead = _start(posts, store, pool) if guess else None
    if pending is not None:
        rewrote = _write_started(pending, store, report, unlinked).updated > 0
        if ahead is not None and not _unmoved(ahead, pending, rewrote, store, pool):
            if ahead.work is not None:
                ahead.work.cancel()
            ahead = _start(ahead.posts, store, pool, known=ahead)
        elif ahead is None and posts:
            ahead = _start(posts, store, pool)
    if ahead is None:
        return None
    report.unchanged += len(ahead.posts) - len(ahead.fresh)
    for account, lines in ahead.boilerplate.items():
        used.setdefault(account, set()).add(lines)
    return ahead if ahead.fresh else None


def _settled(batch: dict[str, Article], pending: Started, store: SQLStore) -> bool:
    """Whether `batch` may start before `pending` is written: it holds none of pending's
    posts, and each account the two share has the boilerplate its stored posts give with or
    without pending's posts of it (an account of hundreds of posts, as an incremental ingest
    brings). Else writing pending would likely move what the batch is started from, and a
    batch started ahead would be started again (every later batch of a fresh ingest of small
    accounts was), so it waits for the write; either way `_unmoved` checks what a batch
    started ahead was started from."""
    if batch.keys() & pending.fresh.keys():
        return False
    for account in {article.account for article in batch.values()} & pending.boilerplate.keys():
        if stored_boilerplate(store, account) != pending.boilerplate[account]:
            return False
    return True


def _start(
    batch: dict[str, Article],
    store: SQLStore,
    pool: ProcessPoolExecutor | None,
    prepare: bool = True,
    of_batch: int | None = None,
    known: Started | None = None,
) -> Started:
    """The batch's inputs read from the store, and (if `prepare`) its posts' work started.
    `of_batch`: when `batch` is some of a batch's posts, how many of that whole batch are new
    or changed (which decides whether its posts go to the workers with the learned terms).
    `known`: a batch started before from the same posts, whose raw hashes and edge lines (a
    function of the post alone) are taken rather than worked out again on the main thread."""
    hashes = {} if known is None else {key: post[1] for key, post in known.fresh.items()}
    known_edges = {} if known is None else known.edges
    existing = store.existing_hashes(batch)
    fresh: dict[str, tuple[Article, str]] = {}
    for key, article in batch.items():
        raw_hash = hashes.get(key) or dedupe.raw_fingerprint(article)
        if existing.get(key) != raw_hash:
            fresh[key] = (article, raw_hash)
    edges = {
        key: known_edges[key]
        if key in known_edges
        else clean.edge_lines(article.raw_content or article.content)
        for key, (article, _) in fresh.items()
    }
    boilerplate = _boilerplate_for(store, fresh, edges)
    learned = _learned_terms(store, pool, len(fresh) if of_batch is None else of_batch)
    work = None
    if prepare and fresh:
        work = _prepare(
            [
                (key, _with_raw(article), raw_hash, edges[key])
                for key, (article, raw_hash) in fresh.items()
            ],
            pool,
            boilerplate,
            learned,
        )
    return Started(dict(batch), fresh, edges, boilerplate, learned, work)


def _learned_terms(store: SQLStore, pool: ProcessPoolExecutor | None, fresh: int) -> Any:
    """The search index's learned terms when `fresh` posts go to the workers, who then read
    the posts' index fields with them; else None."""
    if fresh and uses_pool(pool, fresh, POOL_MIN_BATCH):
        return store.index_sync.learned_terms()
    return None


def _unmoved(
    ahead: Started,
    written: Started,
    rewrote: bool,
    store: SQLStore,
    pool: ProcessPoolExecutor | None,
) -> bool:
    """True when writing `written` left every input `ahead` was started from as it was: its
    posts read again as `_start` reads them, only those whose inputs that write can have
    moved: the posts of the accounts it added posts to; all of them when it `rewrote` stored
    posts (one may have had another account) or wrote a post of `ahead` (whose stored hash
    it changed)."""
    posts = ahead.posts
    if not (rewrote or posts.keys() & written.fresh.keys()):
        touched = {article.account for article, _ in written.fresh.values()}
        posts = {key: post for key, post in posts.items() if post.account in touched}
    again = _start(posts, store, pool, prepare=False, of_batch=len(ahead.fresh), known=ahead)
    return ahead.same_inputs(again)


def _write_started(
    started: Started,
    store: SQLStore,
    report: RunReport,
    unlinked: list[dict[str, np.ndarray | None]],
) -> WriteResult:
    """Link the batches written before `started`, wait for its posts' work and write it;
    what the write did."""
    _link_written(store, unlinked)
    prepared = started.work.finish() if started.work is not None else []
    report.stubs += sum(p.article.is_stub for p in prepared)
    result = store.write_batch(prepared)
    report.absorb(result)
    unlinked.append({p.key: p.marks for p in prepared})
    return result


def _link_written(store: SQLStore, unlinked: list[dict[str, np.ndarray | None]]) -> None:
    """Run the link stage on the batches stored but not linked yet, oldest first."""
    while unlinked:
        batch = unlinked.pop(0)
        found = {key: marks for key, marks in batch.items() if marks is not None}
        link.link_batch(store, list(batch), marks=found)


def _with_raw(article: Article) -> Article:
    if not article.raw_content:
        article.raw_content = article.content
    return article


def _boilerplate_for(
    store: SQLStore, fresh: dict[str, tuple[Article, str]], edges: dict[str, set[str]]
) -> dict[str, frozenset[str]]:
    """Each account's boilerplate, learned from its stored posts plus this batch."""
    by_account: dict[str, list[str]] = {}
    for key, (article, _) in fresh.items():
        by_account.setdefault(article.account, []).append(key)
    out: dict[str, frozenset[str]] = {}
    for account, keys in by_account.items():
        out[account] = stored_boilerplate(store, account, keys, [edges[key] for key in keys])
    return out


def stored_boilerplate(
    store: SQLStore,
    account: str,
    exclude: Iterable[str] = (),
    extra: Iterable[Iterable[str]] = (),
) -> frozenset[str]:
    """An account's boilerplate from the edge counts of its stored posts, less the posts
    `exclude` and plus the posts whose edge lines are `extra`: the one place the stored counts
    become boilerplate (a batch's, a settled account's, a reprocess run's)."""
    extra = list(extra)
    total, counts = store.account_edge_counts(account, exclude=exclude)
    for lines in extra:
        counts.update(lines)
    return clean.boilerplate_from_counts(counts, total + len(extra))


PostWork = tuple[Article, Enrichment, np.ndarray | None, str, str, np.ndarray, Any]


def prepare_post(
    article: Article,
    boilerplate: frozenset[str] | None = None,
    learned: tuple[str, ...] | None = None,
) -> PostWork:
    """Everything an ingest computes from one post alone: the post cleaned of `boilerplate`
    (when given; else it is clean already), its enrichment, near-duplicate signature, content
    hash, title key, repost marks and, given the search index's `learned` terms, its index
    text fields. A pure function of the post, so it runs in the pool's workers and the main
    process only writes the rows."""
    if boilerplate is not None:
        article = clean.clean_article(article, boilerplate)
    return (
        article,
        enrich(article),
        dedupe.minhash_signature(article.content),
        dedupe.content_fingerprint(article.content),
        dedupe.title_key(article.title),
        link.mark_array(article.content),
        None if learned is None else text_fields_in_worker(article.title, article.content, learned),
    )


def _prepare(
    items: list[tuple[str, Article, str, set[str]]],
    pool: ProcessPoolExecutor | None,
    boilerplate: Mapping[str, frozenset[str]] | None = None,
    learned: tuple[str, ...] | None = None,
) -> Preparing:
    """Start the per-post work of a batch (on the pool's workers when the batch is large
    enough): each post cleaned of its account's `boilerplate` (when given; else the posts are
    clean already) and enriched, and read for the search index when its `learned` terms are
    given, which `_learned_terms` does only for a batch that goes to the workers (the main
    process would need a segmenter of its own)."""
    articles = [item[1] for item in items]
    rules = [boilerplate[a.account] if boilerplate is not None else None for a in articles]
    terms = [learned] * len(articles)
    done = pool_map(prepare_post, articles, rules, terms, pool=pool, min_items=POOL_MIN_BATCH)
    return Preparing(items, done)


@dataclass
class Preparing:
    """A batch's per-post work under way (`_prepare`)."""

    items: list[tuple[str, Article, str, set[str]]]
    done: Mapped[PostWork]

    def finish(self) -> list[Prepared]:
        """Wait for the work; the rows to write."""
        return [
            prepare(key, post[0], raw_hash, edges, post)
            for (key, _, raw_hash, edges), post in zip(self.items, self.done, strict=True)
        ]

    def cancel(self) -> None:
        """Drop what no worker has taken yet: the batch is started again from other inputs."""
        self.done.cancel()


def prepare(
    key: str,
    article: Article,
    raw_hash: str,
    edges: set[str],
    post: PostWork | None = None,
) -> Prepared:
    """One cleaned article made ready to write, from `prepare_post`'s results (computed here
    unless given): what ingest and `wxintel reprocess` both write for the same text."""
    _, enrichment, signature, content_hash, title_key, marks, indexed = post or prepare_post(
        article
    )
    return Prepared(
        article=article,
        key=key,
        raw_hash=raw_hash,
        content_hash=content_hash,
        title_key=title_key,
        edge_lines=edges,
        enrichment=enrichment,
        signature=signature,
        marks=marks,
        indexed=indexed,
    )


def stored_article(record: Mapping[str, Any]) -> Article:
    """The article as it was read, from its stored row (`raw_content` and the read fields):
    what cleaning starts from when it is redone."""
    return Article(
        title=record["title"],
        content=record["raw_content"],
        raw_content=record["raw_content"],
        **{k: record[k] for k in _ARTICLE_FIELDS},
    )


def _reclean_changed_accounts(
    store: SQLStore,
    report: RunReport,
    used: dict[str, set[frozenset[str]]],
    pool: ProcessPoolExecutor | None,
) -> None:
    """When an account's boilerplate settled differently from what early batches used, redo
    them; a post that turns a stub or stops being one moves the run's stub count with it, so
    the summary counts what `stats` counts."""
    for account, sets_used in used.items():
        final = stored_boilerplate(store, account)
        if sets_used == {final}:
            continue
        redo: list[tuple[str, Article, str, set[str]]] = []
        were_stubs = 0
        # read a page at a time: only the posts that change are kept (an account's every
        # post with its raw text, held at once, grew with the account)
        records = store.raw_articles_of_account(account)
        while page := list(islice(records, RECLEAN_PAGE)):
            articles = [stored_article(record) for _, record in page]
            rules = [final] * len(articles)
            cleaned = pool_map(
                clean.clean_article, articles, rules, pool=pool, min_items=POOL_MIN_BATCH
            )
            for (key, record), article, again in zip(page, articles, cleaned, strict=True):
                if again.content != record["content"]:
                    were_stubs += bool(record["is_stub"])
                    raw_hash = dedupe.raw_fingerprint(article)
                    redo.append((key, again, raw_hash, clean.edge_lines(article.raw_content)))
        if redo:
            prepared = _prepare(redo, pool).finish()
            result = store.write_batch(prepared, force=True)
            report.stubs += sum(p.article.is_stub for p in prepared) - were_stubs
            link.link_batch(
                store, [p.key for p in prepared], marks={p.key: p.marks for p in prepared}
            )
            report.duplicates += result.duplicates
            report.near_duplicates += result.near_duplicates


_ARTICLE_FIELDS = (
    "aid",
    "account",
    "url",
    "published",
    "author",
    "biz",
    "mid",
    "idx",
    "sn",
    "source_url",
    "extra",
    "origin",
)
