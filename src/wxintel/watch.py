"""Watchlists: named saved searches that tell each user what is new for them.

A run searches each watchlist, remembers every match, and hands over the matches never
delivered before: printed (text, JSON, Markdown, Atom) or POSTed to the watchlist's webhook.
Items count as delivered only once they have gone out, so a failing webhook loses nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from typing import Any

from wxintel import link
from wxintel.dates import posted_day, readable
from wxintel.links import markdown_target, safe_url
from wxintel.model import ACTION_KINDS
from wxintel.options import ARTICLE_KINDS, InvalidOption, one_of
from wxintel.search import SearchQuery
from wxintel.store import SQLStore, StoredArticle, StoreError
from wxintel.store.watchlists import WatchlistRow, WatchlistStore
from wxintel.webhook import Delivery, post_json

FEED_ENTRIES = 50


@dataclass
class WatchFilters:
    """Optional narrowing of a watchlist's search."""

    accounts: list[str] = field(default_factory=list)
    kinds: list[str] = field(default_factory=list)
    districts: list[str] = field(default_factory=list)
    industries: list[str] = field(default_factory=list)
    calls_only: bool = False
    follow_threads: bool = False  # also each new stage of the call threads matches are in

    def to_json(self) -> dict[str, Any]:
        return {k: v for k, v in asdict(self).items() if v}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> WatchFilters:
        return cls(
            accounts=list(data.get("accounts") or []),
            kinds=list(data.get("kinds") or []),
            districts=list(data.get("districts") or []),
            industries=list(data.get("industries") or []),
            calls_only=bool(data.get("calls_only")),
            follow_threads=bool(data.get("follow_threads")),
        )

    def search_kinds(self) -> list[str]:
        """The kinds to ask the search for: "calls only" narrows any kinds given to call kinds."""
        if not self.calls_only:
            return list(self.kinds)
        return [k for k in self.kinds if k in ACTION_KINDS] if self.kinds else list(ACTION_KINDS)

    def describe(self) -> str:
        parts = [
            f"{name}={','.join(v)}" for name, v in asdict(self).items() if isinstance(v, list) and v
        ]
        flags = [("calls-only", self.calls_only), ("follow-threads", self.follow_threads)]
        return " ".join(parts + [flag for flag, on in flags if on])


@dataclass
class Watchlist:
    id: int
    name: str
    query: str
    filters: WatchFilters
    webhook: str = ""
    created: str = ""

    @classmethod
    def from_row(cls, row: WatchlistRow) -> Watchlist:
        return cls(
            row.id,
            row.name,
            row.query,
            WatchFilters.from_json(row.filters),
            row.webhook,
            row.created,
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "query": self.query,
            "filters": self.filters.to_json(),
            "webhook": self.webhook or None,
            "created": self.created,
        }


@dataclass
class WatchItem:
    """A newly matched article, as reported and as posted to a webhook."""

    key: str
    id: str
    title: str
    account: str
    published: str
    kind: str
    url: str
    deadline: str = ""

    @classmethod
    def from_article(cls, article: StoredArticle) -> WatchItem:
        return cls(
            key=article.key,
            id=article.id,
            title=article.title,
            account=article.account,
            published=article.published,
            kind=article.kind,
            url=article.url,
            deadline=article.deadline,
        )

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class WatchReport:
    """One watchlist's run: what is new, and whether it went out (None: not yet handed over)."""

    watchlist: Watchlist
    items: list[WatchItem]
    delivery: Delivery | None = None

    @property
    def delivered(self) -> bool:
        return self.delivery is not None and self.delivery.ok

    @property
    def undelivered(self) -> bool:
        """Its webhook was tried and failed: the items wait for the next run."""
        return self.delivery is not None and not self.delivery.ok

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "watchlist": self.watchlist.name,
            "query": self.watchlist.query,
            "filters": self.watchlist.filters.to_json(),
            "new": len(self.items),
            "items": [i.to_json() for i in self.items],
        }
        if self.watchlist.webhook:
            data["webhook"] = self.delivery.describe() if self.delivery else "nothing to send"
        return data


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")


# -- managing watchlists -----------------------------------------------------------------


def add_watchlist(
    store: SQLStore, name: str, query: str, filters: WatchFilters, webhook: str = ""
) -> Watchlist:
    """Save a watchlist; names are unique and a webhook must be an http(s) URL."""
    if not name.strip():
        raise StoreError("a watchlist needs a name")
    if not query.strip():
        raise StoreError("a watchlist needs a query")
    if webhook and not webhook.lower().startswith(("http://", "https://")):
        raise StoreError(f"webhook must be an http(s) URL, not {webhook!r}")
    for kind in filters.kinds:  # an unknown kind would make a watchlist that never fires
        try:
            one_of("kind", kind, ARTICLE_KINDS)
        except InvalidOption as exc:
            raise StoreError(str(exc)) from exc
    created = now_iso()
    row_id = WatchlistStore(store).add(name, query, filters.to_json(), webhook, created)
    return Watchlist(row_id, name, query, filters, webhook, created)


def list_watchlists(store: SQLStore) -> list[Watchlist]:
    return [Watchlist.from_row(r) for r in WatchlistStore(store).all()]


def remove_watchlist(store: SQLStore, name: str) -> bool:
    return WatchlistStore(store).remove(name)


def get_watchlist(store: SQLStore, name: str) -> Watchlist | None:
    row = WatchlistStore(store).get(name)
    return Watchlist.from_row(row) if row else None


# -- matching ----------------------------------------------------------------------------


def matching_keys(store: SQLStore, watchlist: Watchlist) -> list[str]:
    """Every article the watchlist's search and filters match now, newest first."""
    filters = watchlist.filters
    kinds = filters.search_kinds()
    if filters.calls_only and not kinds:
        return []  # the kinds given and "calls only" exclude each other
    query = SearchQuery(text=watchlist.query, accounts=list(filters.accounts), kinds=kinds)
    keys = store.matching_keys(query)
    if filters.districts or filters.industries:
        keys = [k for k in keys if _mentions_match(store.mentions(k), filters)]
    keys = list(dict.fromkeys(keys))
    if filters.follow_threads:  # a later stage alerts once, by the first post that reached it
        keys += [k for k in link.stage_openers(store.conn, keys) if k not in keys]
    return link.one_per_cluster(store.conn, keys)  # a reposted text alerts once


def _mentions_match(mentions: Iterable[dict[str, Any]], filters: WatchFilters) -> bool:
    """True when the article names one of the districts and one of the industries asked for."""

    def names(kind: str) -> list[str]:
        return [n for m in mentions if m["kind"] == kind for n in (m["name"], m["surface"])]

    mentions = list(mentions)
    return _any_named(filters.districts, names("district")) and _any_named(
        filters.industries, names("industry")
    )


def _any_named(wanted: Sequence[str], found: Sequence[str]) -> bool:
    """Nothing asked is always met; else a wish and a name contain one another (浦东, 浦东新区)."""
    return not wanted or any(w in f or f in w for w in wanted for f in found if f)


# -- running -----------------------------------------------------------------------------


def collect_new(
    store: SQLStore, watchlist: Watchlist, seen_at: str | None = None
) -> list[WatchItem]:
    """Record today's matches and return every match not yet delivered (earlier failures too),
    newest first as search and the feeds list them: the store keeps them in match order, which
    for a first run of many accounts is account by account."""
    state = WatchlistStore(store)
    state.record_matches(watchlist.id, matching_keys(store, watchlist), seen_at or now_iso())
    items = []
    for row in state.undelivered(watchlist.id):
        article = store.get(row.article_key)
        if article is not None:
            items.append(WatchItem.from_article(article))
    return sorted(items, key=lambda item: item.published, reverse=True)


def acknowledge(store: SQLStore, report: WatchReport) -> None:
    """Mark a report's items delivered: they will not be reported again."""
    WatchlistStore(store).mark_delivered(report.watchlist.id, [i.key for i in report.items])


def webhook_body(report: WatchReport) -> dict[str, Any]:
    """The JSON a webhook receives: the watchlist and its new items."""
    return {
        "watchlist": report.watchlist.name,
        "query": report.watchlist.query,
        "filters": report.watchlist.filters.to_json(),
        "sent": now_iso(),
        "items": [i.to_json() for i in report.items],
    }


def run_watchlists(
    store: SQLStore,
    names: Sequence[str] = (),
    post: Callable[[str, Any], Delivery] = post_json,
) -> list[WatchReport]:
    """Run the named watchlists (all by default); webhook ones are posted and acknowledged here.

    Reports of watchlists without a webhook come back undelivered: the caller shows them and
    then calls `acknowledge`, so a crash before showing loses nothing either.
    """
    watchlists = list_watchlists(store)
    if names:
        missing = sorted(set(names) - {w.name for w in watchlists})
        if missing:
            raise StoreError(f"no watchlist named {', '.join(map(repr, missing))}")
        watchlists = [w for w in watchlists if w.name in names]
    reports = []
    for watchlist in watchlists:
        report = WatchReport(watchlist, collect_new(store, watchlist))
        if watchlist.webhook and report.items:
            report.delivery = post(watchlist.webhook, webhook_body(report))
            if report.delivery.ok:
                acknowledge(store, report)
        reports.append(report)
    return reports


def feed_articles(
    store: SQLStore, watchlist: Watchlist, limit: int = FEED_ENTRIES
) -> list[StoredArticle]:
    """The watchlist's latest delivered matches, newest first: the entries of its Atom feed."""
    rows = WatchlistStore(store).delivered(watchlist.id, limit)
    found = (store.get(r.article_key) for r in rows)
    return [a for a in found if a is not None]


def watch_atom(store: SQLStore, watchlist: Watchlist, self_url: str, site_url: str) -> bytes:
    """An Atom feed per watchlist, with entries that stay put between polls (ids from keys)."""
    from wxintel.feeds import articles_atom

    return articles_atom(
        feed_articles(store, watchlist),
        title=f"wxintel 关注：{watchlist.name}",
        self_url=self_url,
        site_url=site_url,
        subtitle=f"{watchlist.query} {watchlist.filters.describe()}".strip(),
    )


# -- rendering ---------------------------------------------------------------------------


def render_text(reports: Sequence[WatchReport]) -> str:
    lines = []
    for report in reports:
        lines.append(f"{report.watchlist.name} ({report.watchlist.query}): {len(report.items)} new")
        for item in report.items:
            deadline = f"  截止 {readable(item.deadline)}" if item.deadline else ""
            lines.append(f"  {posted_day(item.published)}  {item.id}  {item.title}{deadline}")
        if report.watchlist.webhook and report.items and report.delivery:
            lines.append(f"  webhook: {report.delivery.describe()}")
    return "\n".join(lines) + ("\n" if lines else "no watchlists\n")


def render_markdown(reports: Sequence[WatchReport]) -> str:
    lines = []
    for report in reports:
        lines += [f"## {_md(report.watchlist.name)}（{len(report.items)} 条新内容）", ""]
        for item in report.items:
            link = safe_url(item.url)
            head = f"[{_md(item.title)}]({markdown_target(link)})" if link else _md(item.title)
            deadline = f"，截止 {readable(item.deadline)}" if item.deadline else ""
            lines.append(f"- {head}（{item.account}，{posted_day(item.published)}{deadline}）")
        if report.watchlist.webhook and report.items and report.delivery:
            lines.append(f"- webhook: {report.delivery.describe()}")
        lines.append("")
    return "\n".join(lines) if lines else "no watchlists\n"


def _md(text: str) -> str:
    return "".join("\\" + c if c in "\\`*_[]<>#|" else c for c in " ".join(text.split()))
