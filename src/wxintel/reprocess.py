"""`wxintel reprocess`: derive every stored post's rows again from the text it was read with,
after cleaning or extraction improved, on a local process pool or a Dask cluster.

The archive (or the part in scope) is split into id ranges. Each range is one task: the
worker opens the store itself (a PostgreSQL URL reaches it from any machine; only ids,
the scope and the accounts' boilerplate travel with the task), reads its posts a batch at a
time, cleans and enriches them with `pipeline.prepare` (the function ingest uses), and writes
back in one transaction per batch only the posts whose rows' fingerprint
(`writer.derived_hash`) differs from the stored one; then it records how far the range got.
So a second run rewrites nothing, and a rerun after a crash skips the ranges done and starts
the others where they stopped.

What looks across posts runs once the ranges are done, in this process: the link stage
(repost clusters, call threads) over the posts the run changed, oldest first, and the
search index here, caught up from the change log like after any ingest (other machines'
indexes catch up on their next search).
"""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from wxintel import clean, link
from wxintel.pipeline import prepare, stored_article, stored_boilerplate
from wxintel.settings import count
from wxintel.store import Prepared, SQLStore, StoreError, open_store, reprocessing, writer
from wxintel.store.reprocessing import Part, Scope
from wxintel.workers import worker_pool

PART_SIZE = count("reprocess_part_size")
BATCH_SIZE = count("batch_size")
LINK_PAGE = 500  # posts linked per transaction after the run
SCHEDULER_TIMEOUT = 10  # seconds to reach the Dask scheduler before giving up


@dataclass
class PartReport:
    """What one range's task did."""

    lo: int
    hi: int
    read: int = 0
    changed: int = 0
    seconds: float = 0.0


@dataclass
class ReprocessReport:
    """What a run did: this attempt's work, and the totals over every attempt of the run."""

    run: str
    executor: str
    resumed: bool = False
    parts: int = 0  # ranges in the run
    parts_run: int = 0  # ranges this attempt worked on (the others were done before)
    read: int = 0  # posts this attempt read and derived again
    changed: int = 0  # posts this attempt rewrote
    total_read: int = 0
    total_changed: int = 0
    linked: int = 0  # posts the link stage took again
    seconds: float = 0.0  # the whole run: ranges, then links and the index
    ranges_seconds: float = 0.0  # until every range was done (the part workers share)
    link_seconds: float = 0.0  # the link stage, in this process
    index_seconds: float = 0.0  # the search index catching up, in this process
    index_behind: str = ""

    def to_json(self) -> dict[str, Any]:
        timings = ("seconds", "ranges_seconds", "link_seconds", "index_seconds")
        return {**asdict(self), **{name: round(getattr(self, name), 3) for name in timings}}


def reprocess(
    target: str | Path,
    scope: Scope | None = None,
    workers: int | None = None,
    dask: str | None = None,
    index_dir: str | Path | None = None,
    part_size: int = PART_SIZE,
    batch_size: int = BATCH_SIZE,
) -> ReprocessReport:
    """Re-derive the posts in `scope` of the store at `target` (a SQLite path or PostgreSQL
    URL the workers can open), on `workers` local processes or the Dask scheduler at `dask`."""
    started = time.perf_counter()
    target, scope = str(target), scope or Scope()
    client = _connect(dask) if dask else None  # an unreachable cluster stops before any record
    store = open_store(target, index_dir=index_dir)
    try:
        code = code_fingerprint()
        params = {"since": scope.since, "account": scope.account, "code": code}
        run = hashlib.sha1(repr(sorted(params.items())).encode()).hexdigest()[:16]
        ranges = reprocessing.id_ranges(store, scope, part_size)
        state = reprocessing.begin_run(store, run, params, ranges)
        parts = reprocessing.open_parts(store, run)
        boilerplate = {
            account: stored_boilerplate(store, account)
            for account in reprocessing.accounts_in(store, scope)
        }
        workers = workers if workers is not None else (os.cpu_count() or 1)
        executor = f"dask {dask}" if dask else f"local pool of {workers}"
        report = ReprocessReport(run=run, executor=executor, resumed=state.resumed)
        task = (target, run, scope, boilerplate, batch_size, code)
        done = _on_dask(client, parts, task) if client else _on_pool(workers, parts, task)
        for part in done:
            report.parts_run += 1
            report.read += part.read
            report.changed += part.changed
        report.ranges_seconds = time.perf_counter() - started
        report.linked = _link_changed(store, state.start_generation)
        report.link_seconds = time.perf_counter() - started - report.ranges_seconds
        _catch_up_index(store, workers if not dask else (os.cpu_count() or 1))
        report.index_behind = store.index_behind
        report.index_seconds = (
            time.perf_counter() - started - report.ranges_seconds - report.link_seconds
        )
        reprocessing.finish_run(store, run)
        totals = reprocessing.run_totals(store, run)
        report.parts = totals["parts"]
        report.total_read, report.total_changed = totals["read"], totals["changed"]
    finally:
        store.close()
        if client is not None:
            client.close()
    report.seconds = time.perf_counter() - started
    return report


def reprocess_part(
    target: str,
    run: str,
    part: Part,
    scope: Scope,
    boilerplate: dict[str, frozenset[str]],
    batch_size: int,
    code: str,
) -> PartReport:
    """One range's task, on whichever worker runs it: derive its posts again, write back those
    that differ a batch at a time, and record after each batch how far it got."""
    if code != code_fingerprint():
        raise StoreError(
            "this worker runs another version of wxintel than the reprocess command;"
            " install the same version on every worker"
        )
    started = time.perf_counter()
    report = PartReport(part.lo, part.hi)
    store = open_store(target)
    try:
        # A retried task starts where the failed attempt got to, not where it was handed out.
        next_id = max(part.next_id, reprocessing.position(store, run, part.lo))
        while rows := reprocessing.raw_posts(store, next_id, part.hi, scope, batch_size):
            fresh = [rederive(row, boilerplate.get(row["account"], frozenset())) for row in rows]
            changed = [
                p
                for p, row in zip(fresh, rows, strict=True)
                if writer.derived_hash(p) != row["derived_hash"]
            ]
            written = 0
            if changed:  # writer's own function: the index follows once, after the run
                written = writer.write_batch(store, changed, rederived=True)[0].updated
            next_id = int(rows[-1]["id"]) + 1
            report.read += len(rows)
            report.changed += written
            reprocessing.record_progress(
                store, run, part.lo, next_id, len(rows), written, done=False
            )
        reprocessing.record_progress(store, run, part.lo, next_id, 0, 0, done=True)
    finally:
        store.close()
    report.seconds = time.perf_counter() - started
    return report


def rederive(row: dict[str, Any], boilerplate: frozenset[str]) -> Prepared:
    """A stored post cleaned and enriched again by today's code, ready to write."""
    article = stored_article(row)
    cleaned = clean.clean_article(article, boilerplate)
    return prepare(row["key"], cleaned, row["raw_hash"], clean.edge_lines(article.raw_content))


def _on_pool(workers: int, parts: list[Part], task: tuple[Any, ...]) -> Iterator[PartReport]:
    """The ranges on a local pool (in this process with one worker), as each finishes."""
    target, run, scope, boilerplate, batch_size, code = task
    if workers <= 1 or len(parts) <= 1:
        for part in parts:
            yield reprocess_part(target, run, part, scope, boilerplate, batch_size, code)
        return
    from concurrent.futures import as_completed

    with worker_pool(min(workers, len(parts))) as pool:
        futures = [
            pool.submit(reprocess_part, target, run, part, scope, boilerplate, batch_size, code)
            for part in parts
        ]
        for future in as_completed(futures):
            yield future.result()


class ClusterError(Exception):
    """The Dask cluster cannot be used: not installed here, or its scheduler not reached."""


def _connect(address: str) -> Any:
    """A Dask distributed client of the scheduler at `address`."""
    try:
        from distributed import Client
    except ImportError as exc:
        raise ClusterError("--dask needs Dask distributed: pip install 'wxintel[cluster]'") from exc
    try:
        return Client(address, timeout=SCHEDULER_TIMEOUT)
    except (OSError, TimeoutError, ValueError) as exc:
        raise ClusterError(f"cannot reach the Dask scheduler at {address}: {exc}") from exc


def _on_dask(client: Any, parts: list[Part], task: tuple[Any, ...]) -> Iterator[PartReport]:
    """The ranges as tasks on a Dask distributed cluster, as each finishes."""
    from distributed import as_completed

    target, run, scope, boilerplate, batch_size, code = task
    # one object under a key of this scatter's own: a dict scattered as it is takes its keys
    # (the account names), which a killed run's release could take away from this one
    [shared] = client.scatter([boilerplate], broadcast=True, hash=False)
    futures = [
        client.submit(
            reprocess_part,
            target,
            run,
            part,
            scope,
            shared,
            batch_size,
            code,
            key=f"wxintel-reprocess-{run}-{part.lo}-{part.next_id}",
            pure=False,
            retries=1,
        )
        for part in parts
    ]
    for future in as_completed(futures):
        yield future.result()


def _catch_up_index(store: SQLStore, workers: int) -> None:
    """This machine's search index takes in what the run changed, its posts segmented for the
    index on a local pool as ingest does."""
    pool = worker_pool(workers) if workers > 1 else None
    store.index_sync.pool = pool
    try:
        store.search_index()
    finally:
        store.index_sync.pool = None
        if pool is not None:
            pool.shutdown()


def _link_changed(store: SQLStore, since_generation: int) -> int:
    """Link again the posts changed since the run began (what every attempt rewrote, and any
    ingest alongside), oldest first; the whole archive when the change log falls short."""
    keys = store.changed_since(since_generation)
    if keys is None:
        link.relink(store)
        return store.count()
    ordered = reprocessing.oldest_first(store, keys)
    for i in range(0, len(ordered), LINK_PAGE):
        link.link_batch(store, ordered[i : i + LINK_PAGE])
    return len(ordered)


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """A hash of the installed wxintel's code and data files: what names the rows a run
    derives, so a run is resumed only by the same code and checked on every worker."""
    root = Path(__file__).resolve().parent
    digest = hashlib.sha1()
    for path in sorted(root.rglob("*")):
        if path.is_file() and path.suffix in {".py", ".txt", ".json"}:
            digest.update(str(path.relative_to(root)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]
