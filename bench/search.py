"""Search build time, index size and query latency on scaled corpora, against SQLite FTS5.

    .venv/bin/python bench/search.py --sizes 10000,100000 [--sources a.json b.json]
    .venv/bin/python bench/search.py --db kept.db [--repeat 3]

For each size, articles are recombined at run time from real paragraphs of the given exports
(nothing is written outside a temp folder). wxintel's index and a raw SQLite FTS5 table over
the same word tokens are built in the same run; then ≥ 50 realistic queries (words, phrases,
exclusions, OR, questions, English, identifiers) run top-20 with snippets and facets.
The index stores no body: it reads the ones it re-ranks and shows from a SQLite table, as it
reads them from the store (the table is not counted in its size).

`--db` runs the same kind of queries (two-word ones drawn from its stored titles) on an
archive already built, e.g. the one `bench/serve.py --db` keeps, with no build and no FTS5:
the index search alone and `store.search` (repost clusters folded), with the CPU time each
query cost, so a large archive is measured again in seconds after a change. The benchmark
repeats its queries, which remembered answers would flatter: every row but `repeated` drops
the remembered results before each query (a query the server has not answered since the index
last changed); `store.search cold` also drops what else the index remembers (concept counts,
spellings, short forms, every post's facet counts, the terms' built queries);
`store.search repeated` keeps them all (the same query asked again, answered from the
remembered results: a reload, the page and its API call). `store.search one thread` is
`store.search` with no pass run aside (search/aside.py: the facet pass beside the ranking),
the baseline of that overlap in the same run. Each row ends with the load average.

`--judged` (with `--db`) instead searches every judged query of eval/search_dev*.json at its
set's as_of, cold (`SearchIndex.forget` first), `--repeat` times over: the CPU time per search
(mean, p50, p95), the figure docs/measured/search.md quotes for the seven-account archive.

`--stages` (with `--db`) then splits a query not asked before into its stages, every pass in
the search's own thread: the CPU time of this thread each spent (a stage's own time, without
the stages it calls), per query, from query understanding through tantivy's searches and
facet pass, the stored documents, bodies, re-ranking, matches and snippets to the repost
folding, and the costliest queries. Before them, every run prints each query's CPU time on its
critical path (`critical_path`): what its wall time would be on idle cores, with the facet
pass aside and in one thread.
"""

from __future__ import annotations

import argparse
import functools
import html
import itertools
import json
import os
import random
import sqlite3
import statistics
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Sequence
from concurrent.futures import Future
from pathlib import Path

from corpus import DEFAULT_SOURCES, machine, recombined

from wxintel.link import collapse
from wxintel.nlp.lexicon import default_lexicon
from wxintel.search import SearchDoc, SearchIndex, SearchQuery, aside
from wxintel.search import index as search_index
from wxintel.search.texts import TextReader
from wxintel.store import SQLStore, open_store

FIXED_QUERIES = [
    "元宇宙发展论坛",
    "世界设计之都大会开幕",
    "智能机器人标杆企业",
    "上海汽车工业利税",
    "张江 企业总部落地",
    "先进级智能工厂名单公示",
    "数据安全",
    "首席制造官",
    "工业母机",
    "中小企业特色产业集群",
    "上海深圳产业合作",
    "U35青年设计人才",
    "CCUS碳捕集",
    "China International Industry Fair",
    "industrial robots",
    "市经信委 工博会 CIIF奖",
    "哪些通知还在征集项目",
    "上海支持化妆品产业的措施有哪些",
    '"智能制造" -美妆',
    "人工智能 OR 机器人",
    "沪经信制[2023]62号",
    "申报 截止时间",
    "专精特新 小巨人 认定",
    "低空经济",
    "算力券 申领",
    "具身智能 训练场",
    "集成电路 芯片",
    "绿色低碳 零碳园区",
]


def docs_for(sources: list[Path], size: int) -> list[SearchDoc]:
    """SearchDocs from recombined real paragraphs (HTML entities unescaped, \\r as lines)."""
    out = []
    for i, r in enumerate(recombined(sources, size)):
        content = html.unescape(r["finalContent"]).replace("\r", "\n")
        published = "-".join(f"{int(x):02d}" for x in r["时间time"].split("/"))
        out.append(
            SearchDoc(
                key=str(i),
                id=r["文章标识符aid"],
                title=r["标题title"],
                content=content,
                account=r["公众号名称"],
                published=published,
                kind=("call", "news", "event")[i % 3],
                tags=[("人工智能", "汽车", "元宇宙", "集成电路")[i % 4]],
                has_deadline=i % 7 == 0,
            )
        )
    return out


def body_table(path: Path, docs: list[SearchDoc]) -> TextReader:
    """The bodies in a SQLite table keyed like the store's articles, read back the way the
    store's `texts` reads them: the index stores no body and asks for the ones it shows."""
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE articles(key TEXT PRIMARY KEY, content TEXT)")
    conn.executemany("INSERT INTO articles VALUES (?, ?)", ((d.key, d.content) for d in docs))
    conn.commit()

    def texts(keys: Sequence[str]) -> dict[str, str]:
        marks = ",".join("?" * len(keys))
        rows = conn.execute(f"SELECT key, content FROM articles WHERE key IN ({marks})", keys)
        return dict(rows.fetchall())

    return texts


def realistic_queries(titles: list[str], index: SearchIndex, count: int = 60) -> list[str]:
    """Fixed user-like queries, lexicon terms, and two-word queries drawn from titles."""
    rng = random.Random(11)
    terms = sorted(default_lexicon().terms)
    queries = list(FIXED_QUERIES) + rng.sample(terms, 12)
    while len(queries) < count:
        words = [w for w in index.segmenter.words(rng.choice(titles)) if len(w) > 1]
        if len(words) >= 2:
            queries.append(" ".join(rng.sample(words, 2)))
    return queries


def percentiles(samples: list[float]) -> str:
    q = statistics.quantiles(samples, n=100)
    return f"p50 {q[49]:6.1f} ms  p95 {q[94]:6.1f} ms  p99 {q[98]:6.1f} ms"


def timed(
    run: Callable[[str], object],
    queries: list[str],
    repeat: int,
    *,
    clock: Callable[[], float] = time.perf_counter,
    warm: bool = True,
) -> list[float]:
    """The ms each query took on `clock`, `queries` in order `repeat` times over (a query is
    known by its position: the same text may be drawn twice); first, unless `warm` is False,
    each query once untimed, to warm the caches as a running server's are."""
    if warm:
        for query in queries:
            run(query)
    samples = []
    for _ in range(repeat):
        for query in queries:
            start = clock()
            run(query)
            samples.append((clock() - start) * 1000)
    return samples


def size_of(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def build_fts(path: Path, docs: list[SearchDoc], index: SearchIndex) -> sqlite3.Connection:
    """Raw FTS5 over the same word tokens (space-joined), plus a docs table for facets."""
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE docs(rowid INTEGER PRIMARY KEY, account, kind, month, published)")
    conn.execute("CREATE VIRTUAL TABLE fts USING fts5(title, body, tokenize='unicode61')")
    seg = index.segmenter
    for i, d in enumerate(docs):
        conn.execute(
            "INSERT INTO docs VALUES (?,?,?,?,?)",
            (i, d.account, d.kind, d.published[:7], d.published),
        )
        conn.execute(
            "INSERT INTO fts(rowid, title, body) VALUES (?,?,?)",
            (i, " ".join(seg.words(d.title)), " ".join(seg.words(d.content))),
        )
    conn.commit()
    return conn


def fts_search(conn: sqlite3.Connection, index: SearchIndex, text: str) -> list:
    """Top-20 by bm25 (title x3) with FTS5 snippets, plus account/kind/month facet counts."""
    tokens = [t for t in index.segmenter.words(text) if t not in index.lexicon.stopwords]
    if not tokens:
        return []
    match = " OR ".join('"' + t.replace('"', "") + '"' for t in tokens)
    hits = conn.execute(
        "SELECT rowid, snippet(fts, 1, '<mark>', '</mark>', '…', 24) FROM fts WHERE fts MATCH ?"
        " ORDER BY bm25(fts, 3.0, 1.0) LIMIT 20",
        (match,),
    ).fetchall()
    for column in ("account", "kind", "month"):
        conn.execute(
            f"SELECT {column}, count(*) FROM docs WHERE rowid IN"
            f" (SELECT rowid FROM fts WHERE fts MATCH ?) GROUP BY {column}",
            (match,),
        ).fetchall()
    return hits


def bench(size: int, sources: list[Path], repeat: int, workdir: Path) -> None:
    docs = docs_for(sources, size)
    chars = sum(len(d.title) + len(d.content) for d in docs)
    print(f"\n== {size} articles, {chars / 1e6:.0f} M characters")
    texts = body_table(workdir / f"bodies{size}.db", docs)  # the store's part, not timed
    start = time.perf_counter()
    index = SearchIndex(workdir / f"wx{size}.db.search", texts=texts)
    index.upsert(docs)
    index.commit(1)
    build = time.perf_counter() - start
    index_bytes = size_of(index.path)
    queries = realistic_queries([d.title for d in docs], index)
    ours = timed(lambda q: new(index, q), queries, repeat)
    print(
        f"wxintel/tantivy  build {build:6.1f} s  size {index_bytes / 1e6:7.1f} MB"
        f" ({index_bytes / size / 1e3:.1f} kB/article)  {percentiles(ours)}"
        f"  ({len(queries)} queries x {repeat})"
    )
    start = time.perf_counter()
    conn = build_fts(workdir / f"fts{size}.db", docs, index)
    fts_build = time.perf_counter() - start
    fts_bytes = (workdir / f"fts{size}.db").stat().st_size
    theirs = timed(lambda q: fts_search(conn, index, q), queries, repeat)
    print(
        f"sqlite fts5      build {fts_build:6.1f} s  size {fts_bytes / 1e6:7.1f} MB"
        f" ({fts_bytes / size / 1e3:.1f} kB/article)  {percentiles(theirs)}"
    )
    conn.close()


def new(index: SearchIndex, text: str) -> object:
    """`index.search` with the remembered results dropped first, as for a query the server has
    not answered since the index last changed."""
    index.forget_results()
    return index.search(SearchQuery(text, limit=20))


def unseen(store: SQLStore, index: SearchIndex, text: str) -> object:
    """`store.search` with the remembered results dropped first (`new`)."""
    index.forget_results()
    return store.search(SearchQuery(text, limit=20))


def on_archive(store: SQLStore, index: SearchIndex, queries: list[str], repeat: int) -> None:
    """The index search alone and `store.search` on a kept archive: wall percentiles and
    the mean CPU time a query cost (which the machine's other load hardly moves)."""

    def cold(text: str) -> object:
        """`store.search` with everything the index remembers dropped first
        (`SearchIndex.forget`), as for a query no query before it prepared."""
        index.forget()
        return store.search(SearchQuery(text, limit=20))

    def alone(text: str) -> object:
        """`unseen` with no pass run aside (search/aside.py): the whole search in one thread."""
        threads, aside.THREADS = aside.THREADS, 0
        try:
            return unseen(store, index, text)
        finally:
            aside.THREADS = threads

    for name, run in (
        ("index search", lambda q: new(index, q)),
        ("store.search", lambda q: unseen(store, index, q)),
        ("store.search one thread", alone),
        ("store.search cold", cold),
        ("store.search repeated", lambda q: store.search(SearchQuery(q, limit=20))),
    ):
        cpu = time.process_time()
        samples = timed(run, queries, repeat)
        used = (time.process_time() - cpu) / (len(queries) * (repeat + 1)) * 1000
        print(
            f"{name:<23} {percentiles(samples)}  CPU {used:5.1f} ms/query (warm-up included)"
            f"  load {os.getloadavg()[0]:.1f}"
        )


def judged_cpu(store: SQLStore, index: SearchIndex, repeat: int) -> None:
    """CPU milliseconds per cold `store.search` of every judged query (`--judged`)."""
    queries = []
    for path in sorted((Path(__file__).resolve().parents[1] / "eval").glob("search_dev*.json")):
        judged = json.loads(path.read_text("utf-8"))
        queries += [(item["q"], judged.get("as_of")) for item in judged["queries"]]
    used = []
    for _ in range(repeat):
        for text, as_of in queries:
            index.forget()
            began = time.process_time()
            store.search(SearchQuery(text, limit=10, as_of=as_of, facets=False, relax_dates=True))
            used.append((time.process_time() - began) * 1000)
    used.sort()
    n = len(used)
    print(
        f"{n} searches: mean {sum(used) / n:.2f} ms, p50 {used[n // 2]:.2f},"
        f" p95 {used[int(n * 0.95)]:.2f} CPU  load {os.getloadavg()[0]:.1f}"
    )


# The stages of `store.search`: (owner, function name, what it does), each timed on its own;
# the index's `texts` (bodies from the store) is wrapped on the opened index, not here
STAGES = [
    (SearchIndex, "_understand", "understanding (variants, short forms, weights)"),
    (search_index.QueryParser, "parse", "understanding: the parser"),
    (SearchIndex, "_every_concept_ranked", "every-concept tier: its query (term counts)"),
    (search_index.Ranking, "fetch", "tantivy: the tiers' searches"),
    (SearchIndex, "_every_concept_tier", "every-concept tier: windows"),
    (SearchIndex, "_reranked", "re-ranking (kind, title, closeness)"),
    (SearchIndex, "_check_passage", "every-concept tier: passage test"),
    (search_index.Highlighter, "matches", "matches in titles and bodies"),
    (SearchIndex, "_facets", "tantivy: the facet pass"),
    (SearchIndex, "_count", "tantivy: the count pass"),
    (SearchIndex, "_hit", "hits"),
    (search_index, "snippet", "snippets"),
    (SearchIndex, "_count_duplicates", "duplicates counted"),
    (SearchIndex, "_search", "the rest of the search (query building)"),
    (SearchIndex, "search", "remembered results (keys, copies)"),
    (SearchIndex, "_stored", "stored documents (tantivy doc store, JSON)"),
    (collapse, "collapse_hits", "reposts folded (link.collapse)"),
]


class Stages:
    """Each stage's own thread CPU time (its callees' taken out), by wrapping its function."""

    def __init__(self) -> None:
        self.own: Counter[str] = Counter()
        self._stack: list[int] = []

    def wrap(self, owner: object, name: str, label: str) -> None:
        raw = owner.__dict__[name] if isinstance(owner, type) else getattr(owner, name)
        static = isinstance(raw, staticmethod)
        function = raw.__func__ if static else raw

        @functools.wraps(function)
        def timed(*args: object, **kwargs: object) -> object:
            self._stack.append(0)
            began = time.thread_time_ns()
            try:
                return function(*args, **kwargs)
            finally:
                spent = time.thread_time_ns() - began
                inner = self._stack.pop()
                self.own[label] += spent - inner
                if self._stack:
                    self._stack[-1] += spent

        setattr(owner, name, staticmethod(timed) if static else timed)


def by_stage(store: SQLStore, index: SearchIndex, queries: list[str], repeat: int) -> None:
    """`store.search` for queries not asked before, each stage's CPU time a query. Run after
    `on_archive`, which has just asked the same queries of the same index: its caches are
    warm, so the stages count no warm-up."""
    stages = Stages()
    for owner, name, label in STAGES:
        stages.wrap(owner, name, label)
    stages.wrap(index, "texts", "bodies read from the store")
    # each query's own stages (summed over its repeats), for the costliest ones
    per_query: list[Counter[str]] = [Counter() for _ in queries]
    position = itertools.count()

    def one(text: str) -> object:
        before = Counter(stages.own)
        try:
            return unseen(store, index, text)
        finally:
            per_query[next(position) % len(queries)].update(stages.own - before)

    threads, aside.THREADS = aside.THREADS, 0  # every stage in this thread, where it is timed
    try:
        samples = timed(one, queries, repeat, clock=time.thread_time, warm=False)
    finally:
        aside.THREADS = threads
    asked = len(samples)
    whole = sum(samples) / asked
    print(
        f"\nstages of store.search, a query not asked before, in one thread: {whole:.2f} CPU-ms"
        f" a query (load {os.getloadavg()[0]:.1f})"
    )
    for label, spent in stages.own.most_common():
        print(f"  {label:<52} {spent / asked / 1e6:6.2f} ms")
    rest = whole - sum(stages.own.values()) / asked / 1e6
    print(f"  {'the rest (store.search, scope)':<52} {rest:6.2f} ms")
    print("costliest queries (CPU-ms, then their costliest stages):")
    each = [sum(samples[i :: len(queries)]) / repeat for i in range(len(queries))]
    for i in sorted(range(len(queries)), key=each.__getitem__, reverse=True)[:8]:
        top = per_query[i].most_common(3)
        parts = ", ".join(f"{label} {spent / repeat / 1e6:.1f}" for label, spent in top)
        print(f"  {each[i]:6.1f}  {queries[i]}  ({parts})")


class Aside:
    """A pass run aside, timed: the CPU its own thread spent, and the CPU the search's thread
    spent from starting it to asking for its answer (the part of the search it overlaps)."""

    def __init__(self, future: Future, began: int, spent: list[int]) -> None:
        self.future, self.began, self.spent = future, began, spent
        self.overlapped: int | None = None

    def result(self) -> object:
        self.overlapped = time.thread_time_ns() - self.began
        return self.future.result()

    def cancel(self) -> bool:
        """Drop a pass the search no longer needs (SearchIndex cancels its exact count when the
        partial tier turns out not to be searched), as the future it wraps does."""
        return self.future.cancel()


def critical_path(store: SQLStore, index: SearchIndex, queries: list[str], repeat: int) -> None:
    """For a query not asked before, the CPU time on its critical path: the search's own
    thread, plus what of the pass aside it did not overlap (on idle cores, its wall time),
    beside the CPU of the whole search in one thread; both per query, percentiles. The
    machine's load moves these far less than wall times."""
    started: list[Aside] = []

    def timed_aside(work: Callable[[], object]) -> Aside | None:
        spent: list[int] = []

        def measured() -> object:
            began = time.thread_time_ns()
            try:
                return work()
            finally:
                spent.append(time.thread_time_ns() - began)

        future = aside.aside(measured)
        if future is None:
            return None
        started.append(Aside(future, time.thread_time_ns(), spent))
        return started[-1]

    wasted = [0, 0]  # passes aside whose answer was not taken (a wrong guess), passes aside

    def on_path(text: str) -> float:
        started.clear()
        began = time.thread_time_ns()
        unseen(store, index, text)
        own = time.thread_time_ns() - began
        for pass_ in started:
            pass_.future.result()  # a pass whose guess was wrong still runs to its end
            wasted[0] += pass_.overlapped is None
            wasted[1] += 1
        waited = sum(max(0, p.spent[0] - p.overlapped) for p in started if p.overlapped is not None)
        return (own + waited) / 1e6

    def alone(text: str) -> float:
        threads, aside.THREADS = aside.THREADS, 0
        try:
            began = time.thread_time_ns()
            unseen(store, index, text)
            return (time.thread_time_ns() - began) / 1e6
        finally:
            aside.THREADS = threads

    real, search_index.aside = search_index.aside, timed_aside
    try:
        for name, run in (("with a pass aside", on_path), ("in one thread", alone)):
            samples = [run(q) for _ in range(repeat) for q in queries]
            print(
                f"critical path CPU, {name:<18} {percentiles(samples)}"
                f"  mean {statistics.mean(samples):5.1f} ms  load {os.getloadavg()[0]:.1f}"
            )
        print(f"passes aside not taken (their kind guessed wrong): {wasted[0]} of {wasted[1]}")
    finally:
        search_index.aside = real


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--sources", nargs="*", type=Path, default=DEFAULT_SOURCES)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--db", type=Path, help="search this archive instead of building ones")
    parser.add_argument("--stages", action="store_true", help="with --db: CPU time per stage")
    parser.add_argument(
        "--judged", action="store_true", help="with --db: CPU per cold search of judged queries"
    )
    parser.add_argument(
        "--queries", nargs="*", help="with --db: these queries instead of the realistic ones"
    )
    args = parser.parse_args()
    print(f"machine: {machine()}")
    if args.db:
        store = open_store(args.db)
        index = store.search_index()
        if args.judged:
            judged_cpu(store, index, args.repeat)
            store.close()
            return
        rows = store.conn.execute("SELECT title FROM articles ORDER BY id").fetchall()
        queries = args.queries or realistic_queries([row[0] for row in rows], index)
        print(
            f"\n== {args.db}: {len(rows)} articles, {len(queries)} queries x {args.repeat}, top 20"
        )
        on_archive(store, index, queries, args.repeat)
        critical_path(store, index, queries, args.repeat)
        if args.stages:
            by_stage(store, index, queries, args.repeat)
        store.close()
        return
    print(f"sources: {', '.join(p.name for p in args.sources)}")
    with tempfile.TemporaryDirectory(prefix="wxintel-search-bench-") as tmp:
        for size in (int(s) for s in args.sizes.split(",")):
            bench(size, args.sources, args.repeat, Path(tmp))


if __name__ == "__main__":
    main()
