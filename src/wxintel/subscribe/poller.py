"""The feed poller: a reader with a schedule. What it fetches goes through the same ingest
pipeline as a file would.

One poll: take the lease (one poller per database, whatever the number of processes), fetch
every due feed (conditional GET, gzip, timeouts, a size cap, a politeness delay per host,
hosts in parallel), complete summary-only items from their article pages, store everything
in the pipeline's transactional batches, and only then record each source's new state. A
feed that fails (HTTP error, timeout, broken or hostile XML, a login page in its place)
changes nothing stored: its ETag is kept, so nothing it served is skipped next time.
"""

from __future__ import annotations

import http.cookiejar
import os
import socket
import threading
import time
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from itertools import pairwise
from typing import Any, TypeVar
from urllib.parse import urlsplit

import httpx
from selectolax.lexbor import LexborHTMLParser

from wxintel import dedupe
from wxintel.model import Article, Reject, Unavailable
from wxintel.settings import count, number
from wxintel.sources.encoding import decode_all
from wxintel.sources.feed import FeedItem, ParsedFeed, parse_feed
from wxintel.sources.feed_account import read_feed_title
from wxintel.sources.page import parse_page
from wxintel.sources.sniff import sniff_head
from wxintel.store import SQLStore
from wxintel.store.sources import PollState, SourceRow, SourceStore, stamp

T = TypeVar("T")
Run = Callable[..., Any]  # run(fn, write=False) -> fn(store), on whatever thread owns the store

USER_AGENT = "wxintel-poller (+https://github.com/wxintel; reads public feeds, never logs in)"
SUMMARY_CHARS = 500  # a summary-only item shorter than this is completed from its page
TRANSIENT_PAGES = frozenset({"verification"})  # WeChat asks for a human check: retry later
FINAL_PAGES = frozenset({"deleted", "violation", "unavailable"})
# A feed that answers 301 or 308 has moved for good: its subscription takes the new URL. 302
# and 307 say the move is for now (a collector's load balancer, a login detour): the URL the
# user gave stays.
PERMANENT_REDIRECTS = frozenset({301, 308})
# An item's link that answers 404 or 410 is dead for good (a collector's proxy link that
# expired, a page moved): the item keeps the feed's summary, as a link to no article page
# does, rather than wait for a page that will never come and be fetched again every poll.
DEAD_LINKS = frozenset({404, 410})


@dataclass
class PollSettings:
    """The poller's limits: the WXINTEL_POLL_* settings by default; tests shorten them."""

    # seconds for connect and for each read; the whole body gets 3×
    timeout: float = field(default_factory=lambda: number("poll_timeout_seconds"))
    max_bytes: int = field(default_factory=lambda: count("poll_max_bytes"))
    host_delay: float = field(default_factory=lambda: number("poll_host_delay"))
    max_pages: int = field(default_factory=lambda: count("poll_max_pages"))
    workers: int = field(default_factory=lambda: count("poll_workers"))
    max_backoff: int = field(default_factory=lambda: count("poll_max_backoff_seconds"))
    lease_seconds: int = 15 * 60  # a crashed poller's lease lapses after this


@dataclass
class Fetched:
    """One HTTP exchange: the body, or why there is none."""

    status: int | None = None
    body: bytes = b""
    etag: str = ""
    last_modified: str = ""
    error: str = ""  # "" when the exchange worked (200 or 304)
    moved_to: str = ""  # where permanent redirects (301, 308) from the URL asked lead

    @property
    def not_modified(self) -> bool:
        return self.status == 304


@dataclass
class SourcePoll:
    """What one source's poll found, before anything is stored."""

    source: SourceRow
    fetched: Fetched = field(default_factory=Fetched)
    feed: ParsedFeed | None = None
    error: str = ""
    articles: list[tuple[str, Article]] = field(default_factory=list)  # (identity, article)
    gone: list[tuple[str, str, str]] = field(default_factory=list)  # (identity, status, published)
    deferred: int = 0  # items left for the next poll (page not fetched, or to be verified)
    pages: int = 0
    new_keys: list[str] = field(default_factory=list)
    named: str = ""  # the account the user named the feed (named_account), read once per poll


@dataclass
class PollReport:
    """One poll over the due sources, printed by `wxintel poll` and kept by the server."""

    started: str = ""
    skipped: str = ""  # why nothing ran (another poller holds the lease)
    sources: list[dict[str, Any]] = field(default_factory=list)
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    seconds: float = 0.0
    webhooks: list[dict[str, Any]] = field(default_factory=list)  # what after_store POSTed

    def to_json(self) -> dict[str, Any]:
        return {
            "started": self.started,
            "skipped": self.skipped or None,
            "polled": len(self.sources),
            "failed": sum(1 for s in self.sources if s["error"]),
            "added": self.added,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "sources": self.sources,
            "webhooks": self.webhooks,
            "seconds": round(self.seconds, 3),
        }


def moved_note(source: dict[str, Any]) -> str:
    """What a poll says of one source's 301/308 (`wxintel poll`'s line, `serve --poll`'s log);
    empty when the feed did not move."""
    if not source["moved_to"]:
        return ""
    kept = "subscription updated" if source["moved"] else "already subscribed, kept as is"
    return f"moved permanently to {source['moved_to']}: {kept}"


class Politeness:
    """At most one request per host every `delay` seconds, across threads and phases."""

    def __init__(self, delay: float) -> None:
        self.delay = delay
        self._next: dict[str, float] = {}
        self._lock = threading.Lock()

    def wait(self, url: str) -> None:
        host = urlsplit(url).hostname or ""
        with self._lock:
            now = time.monotonic()
            turn = max(now, self._next.get(host, now))
            self._next[host] = turn + self.delay
        if turn > now:
            time.sleep(turn - now)


def make_client(settings: PollSettings) -> httpx.Client:
    """An HTTP client that decompresses gzip, follows a few redirects and keeps no cookies:
    the poller never carries a session, so it can never be logged in anywhere."""
    no_cookies = http.cookiejar.CookieJar(http.cookiejar.DefaultCookiePolicy(allowed_domains=[]))
    return httpx.Client(
        timeout=httpx.Timeout(settings.timeout),
        follow_redirects=True,
        max_redirects=5,
        cookies=no_cookies,
        headers={"User-Agent": USER_AGENT, "Accept-Encoding": "gzip, deflate"},
    )


def fetch(
    client: httpx.Client, url: str, settings: PollSettings, etag: str = "", modified: str = ""
) -> Fetched:
    """GET `url` (conditionally when an ETag or Last-Modified is known), within the limits."""
    headers = {}
    if etag:
        headers["If-None-Match"] = etag
    if modified:
        headers["If-Modified-Since"] = modified
    deadline = time.monotonic() + 3 * settings.timeout
    try:
        with client.stream("GET", url, headers=headers) as response:
            result = Fetched(
                status=response.status_code,
                etag=response.headers.get("etag", ""),
                last_modified=response.headers.get("last-modified", ""),
                moved_to=permanent_target(response),
            )
            if response.status_code == 304:
                return result
            if response.status_code >= 400:
                result.error = f"HTTP {response.status_code}"
                return result
            chunks, size = [], 0
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > settings.max_bytes:
                    result.error = f"too large: more than {settings.max_bytes} bytes"
                    return result
                if time.monotonic() > deadline:
                    result.error = f"timeout: body not complete after {3 * settings.timeout:g} s"
                    return result
                chunks.append(chunk)
            result.body = b"".join(chunks)
            return result
    except httpx.TimeoutException:
        return Fetched(error=f"timeout: no answer within {settings.timeout:g} s")
    except httpx.HTTPError as exc:
        return Fetched(error=f"cannot fetch: {type(exc).__name__}: {exc}")


def permanent_target(response: httpx.Response) -> str:
    """The URL the leading run of permanent redirects (301, 308) led to: "" when the first
    hop was temporary or there was none. A permanent hop after a temporary one moves nothing
    the user subscribed to."""
    moved, chain = "", [*response.history, response]
    for hop, after in pairwise(chain):
        if hop.status_code not in PERMANENT_REDIRECTS:
            break
        moved = str(after.request.url)
    return moved


def read_fetched_feed(fetched: Fetched, url: str) -> tuple[ParsedFeed | None, str]:
    """The feed in a response, or the error that makes the poll a failure."""
    kind = sniff_head(fetched.body[:65536])
    if kind == "html":
        title = LexborHTMLParser(decode_all(fetched.body)[0]).css_first("title")
        shown = title.text(strip=True) if title is not None else ""
        return None, (
            f"not a feed: an HTML page{f' titled {shown!r}' if shown else ''}"
            " (the collector's login may have expired)"
        )
    parsed = parse_feed(fetched.body, url)
    if parsed.error is not None:
        return None, parsed.error.reason  # says the line and column when the XML broke
    return parsed, ""


# -- one poll -------------------------------------------------------------------------------


def poll_sources(
    run: Run,
    settings: PollSettings | None = None,
    now: datetime | None = None,
    everything: bool = False,
    client: httpx.Client | None = None,
    after_store: Callable[[SQLStore, PollReport], None] | None = None,
) -> PollReport:
    """Poll the due sources (all with `everything`) once; see the module docstring.

    `run(fn, write=False)` calls `fn(store)` where the store lives (the CLI: directly; the
    server: on a store thread), so network waits never hold the store.
    """
    settings = settings or PollSettings()
    now = now or datetime.now(UTC)
    started = time.perf_counter()
    report = PollReport(started=stamp(now))
    holder = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
    until = stamp(now + timedelta(seconds=settings.lease_seconds))
    if not run(
        lambda s: SourceStore(s).take_lease(holder, stamp(now), until, _dead_here), write=True
    ):
        report.skipped = "another poller holds the lease"
        return report
    own_client = client is None
    client = client or make_client(settings)
    try:
        pick = (lambda s: SourceStore(s).all()) if everything else None
        sources = run(pick or (lambda s: SourceStore(s).due(stamp(now))))
        polls = [SourcePoll(source) for source in sources]
        polite = Politeness(settings.host_delay)
        _by_host(polls, settings, lambda p: _fetch_feed(client, p, settings, polite))
        run(lambda s: _drop_known(s, polls))
        _by_host(polls, settings, lambda p: _complete_pages(client, p, settings, polite))
        run(lambda s: _store(s, polls, report, now, settings, after_store), write=True)
    finally:
        if own_client:
            client.close()
        run(lambda s: SourceStore(s).release_lease(holder), write=True)
    report.seconds = time.perf_counter() - started
    return report


def _dead_here(holder: str) -> bool:
    """A lease holder on this machine whose process is gone (killed mid-poll)."""
    host, _, rest = holder.partition(":")
    pid = rest.partition(":")[0]
    if host != socket.gethostname() or not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


def _by_host(polls: list[SourcePoll], settings: PollSettings, work: Callable) -> None:
    """Run `work` on every poll: one host's polls one after another, hosts side by side."""
    hosts: dict[str, list[SourcePoll]] = {}
    for poll in polls:
        hosts.setdefault(urlsplit(poll.source.url).hostname or "", []).append(poll)
    if not hosts:
        return
    with ThreadPoolExecutor(max_workers=min(settings.workers, len(hosts))) as pool:
        for _ in pool.map(lambda group: [work(p) for p in group], hosts.values()):
            pass


def _fetch_feed(
    client: httpx.Client, poll: SourcePoll, settings: PollSettings, polite: Politeness
) -> None:
    source = poll.source
    polite.wait(source.url)
    poll.fetched = fetch(client, source.url, settings, source.etag, source.last_modified)
    if poll.fetched.error:
        poll.error = poll.fetched.error
        return
    if poll.fetched.not_modified:
        return
    poll.feed, poll.error = read_fetched_feed(poll.fetched, source.url)
    poll.named = named_account(poll)
    for item in poll.feed.entries if poll.feed is not None and poll.named else ():
        if isinstance(item, FeedItem):
            item.article.account = poll.named  # so no page is fetched only for its account name


def named_account(poll: SourcePoll) -> str:
    """The account the user named a single-account feed (`sources add --name`, an OPML
    outline's title), which wins over the feed's title, an item's author and its page: the
    user said what the feed is. An aggregate keeps each item's own account; a name that is
    itself a collector's decoration ("X - 微信公众号", "WeWe-RSS") is read as a feed title is."""
    if poll.feed is None or poll.feed.named.aggregate or not poll.source.name:
        return ""
    return read_feed_title(poll.source.name).account


def _drop_known(store: SQLStore, polls: list[SourcePoll]) -> None:
    """Keep only items the source has not brought before and the archive does not hold: an
    item already stored is never fetched again."""
    for poll in polls:
        if poll.feed is None:
            continue
        items = [e for e in poll.feed.entries if isinstance(e, FeedItem)]
        seen = SourceStore(store).seen(poll.source.id, [i.identity for i in items if i.identity])
        stored = store.existing_hashes(dedupe.article_key(i.article) for i in items)
        poll.feed.entries = [
            item
            for item in items
            if not (item.identity and item.identity in seen)
            and dedupe.article_key(item.article) not in stored
        ]


def _complete_pages(
    client: httpx.Client, poll: SourcePoll, settings: PollSettings, polite: Politeness
) -> None:
    """Items of the feed as articles; summary-only ones read from their article page."""
    if poll.feed is None:
        return
    _complete_items(client, poll, settings, polite)
    for _, article in poll.articles:  # the user's name, else the item's or page's
        article.account = poll.named or article.account or poll.source.name or poll.feed.title


def _complete_items(
    client: httpx.Client, poll: SourcePoll, settings: PollSettings, polite: Politeness
) -> None:
    assert poll.feed is not None
    for item in poll.feed.entries:
        assert isinstance(item, FeedItem)
        article = item.article
        if not _needs_page(item):
            poll.articles.append((item.identity, article))
            continue
        if poll.pages >= settings.max_pages:
            _wait_or_keep(poll, item)
            continue
        polite.wait(article.url)
        poll.pages += 1
        fetched = fetch(client, article.url, settings)
        if fetched.error and fetched.status in DEAD_LINKS:
            poll.articles.append((item.identity, article))
            continue
        if fetched.error:
            _wait_or_keep(poll, item)  # the page is down for now
            continue
        page = parse_page(decode_all(fetched.body)[0], article.url)
        if isinstance(page, Unavailable) and page.status in TRANSIENT_PAGES:
            _wait_or_keep(poll, item)
            poll.pages = settings.max_pages  # WeChat wants us slower: no more pages this poll
        elif isinstance(page, Unavailable):
            poll.gone.append((item.identity, page.status, article.published))
        elif isinstance(page, Reject):
            poll.articles.append((item.identity, article))  # not an article page: keep the summary
        else:
            poll.articles.append((item.identity, _merged(page, article)))


def _wait_or_keep(poll: SourcePoll, item: FeedItem) -> None:
    """A page not read this poll: an item that lacks only its date is stored undated now (its
    text and account are here; offline, or a page that keeps failing, would hold it back for
    good); one that needs the page's text or account waits for the next poll."""
    if item.article.account and not _needs_text(item):
        poll.articles.append((item.identity, item.article))
    else:
        poll.deferred += 1


def _needs_text(item: FeedItem) -> bool:
    """A summary-only item whose summary is too short to stand for the post."""
    return item.summary_only and len(item.article.content) < SUMMARY_CHARS


def _needs_page(item: FeedItem) -> bool:
    """A summary-only item needs its page for the text; an item whose account nothing named
    (an aggregate's item without an author) needs it for the account the page names, and an
    item without a date for the page's (else it is stored undated: never dated by the poll)."""
    url = item.article.url.lower()
    return (
        _needs_text(item) or not item.article.account or not item.article.published
    ) and url.startswith(("http://", "https://"))


def _merged(page: Article, item: Article) -> Article:
    """The page's article, with what only the feed knew (its account name, date, guid)."""
    page.account = page.account or item.account
    page.published = page.published or item.published
    page.url = page.url or item.url
    page.title = page.title or item.title
    page.extra = {**item.extra, **page.extra}
    page.origin = item.url
    return page


def _store(
    store: SQLStore,
    polls: list[SourcePoll],
    report: PollReport,
    now: datetime,
    settings: PollSettings,
    after_store: Callable[[SQLStore, PollReport], None] | None,
) -> None:
    """Ingest every article found, then record each source's new state (see the docstring)."""
    from wxintel.pipeline import ingest_records

    good = [p for p in polls if not p.error]
    articles = [article for poll in good for _, article in poll.articles]
    before = store.existing_hashes(dedupe.article_key(a) for a in articles)
    if articles:
        result = ingest_records(articles, store, workers=1)
        report.added, report.updated, report.unchanged = (
            result.added,
            result.updated,
            result.unchanged,
        )
    sources = SourceStore(store)
    for poll in polls:
        state = _state(poll, now, settings, before)
        sources.record(poll.source.id, state)
        moved = poll.fetched.moved_to if not poll.error else ""
        took = bool(moved) and sources.move(poll.source.id, moved)
        report.sources.append(
            {
                "id": poll.source.id,
                "name": poll.source.name,
                "url": poll.source.url,
                "status": poll.fetched.status,
                "new": len(poll.new_keys),
                "gone": len(poll.gone),
                "deferred": poll.deferred,
                "pages": poll.pages,
                "error": poll.error or None,
                # the feed's new home after a 301/308; "moved": the subscription took it
                "moved_to": moved or None,
                "moved": took,
            }
        )
    if after_store is not None:
        after_store(store, report)


def _state(
    poll: SourcePoll, now: datetime, settings: PollSettings, before: dict[str, str]
) -> PollState:
    source, checked = poll.source, stamp(now)
    if poll.error:
        failures = source.failures + 1
        wait = min(source.every_seconds * 2 ** min(failures, 16), settings.max_backoff)
        return PollState(
            last_checked=checked,
            next_due=stamp(now + timedelta(seconds=max(wait, source.every_seconds))),
            failures=failures,
            last_error=poll.error,
        )
    items = []
    for identity, article in poll.articles:
        key = dedupe.article_key(article)
        if key not in before:
            poll.new_keys.append(key)
        if identity:
            items.append((identity, key, "stored", article.published))
    items += [(identity, "", status, published) for identity, status, published in poll.gone]
    keep_validators = poll.deferred > 0  # a 304 next time would hide the items left waiting
    return PollState(
        last_checked=checked,
        next_due=stamp(now + timedelta(seconds=source.every_seconds)),
        failures=0,
        last_error="",
        last_ok=checked,
        last_new=checked if poll.new_keys else None,
        etag=None if keep_validators or poll.fetched.not_modified else poll.fetched.etag,
        last_modified=None
        if keep_validators or poll.fetched.not_modified
        else poll.fetched.last_modified,
        items=tuple(items),
    )
