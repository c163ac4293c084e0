"""Reads the CLI, the web pages, the API and the feeds share: functions of a store returning
plain data, so every surface answers the same question the same way.

Each uses only the store's public methods; the web runs them on its store threads
(web/store_threads.py), a command on the store it opened.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from wxintel import link
from wxintel.options import InvalidOption
from wxintel.search import SearchQuery
from wxintel.search.model import MAX_LIMIT
from wxintel.store import SQLStore, StoredArticle
from wxintel.store.readmodels import flat_facts
from wxintel.store.sources import SourceStore, accounts_in_group, with_group

if TYPE_CHECKING:
    from wxintel.feeds import DatedEvent

FEED_SIZE = 50


class Ambiguous(Exception):
    """An aid shared by articles of several accounts; the caller must pick a key."""

    def __init__(self, ref: str, candidates: list[StoredArticle]) -> None:
        super().__init__(f"{ref!r} is ambiguous: {len(candidates)} articles share it")
        self.candidates = candidates

    def candidates_json(self) -> list[dict[str, str]]:
        """The articles to choose from, as the CLI's --json and the API list them."""
        return [
            {"key": a.key, "account": a.account, "published": a.published, "title": a.title}
            for a in self.candidates
        ]


class UnknownScope(InvalidOption):
    """An account or source group with no stored posts, asked of the store from Python: a
    mistyped name would match nothing and read as an empty archive, as on every surface."""

    def __init__(self, said: tuple[str, str]) -> None:
        ValueError.__init__(self, said[0])
        self.name, self.problem, self.zh = "account", said[0], said[1]

    def for_page(self) -> str:
        return self.zh


def unknown_scope(
    store: SQLStore,
    accounts: Iterable[str | None],
    group: str | None = None,
    chinese: bool = False,
) -> str | None:
    """What to say when an account asked for has no stored posts, or a group of sources
    brought none, naming the stored accounts or groups (None when the scope is known): a
    mistyped name would match nothing and read as an empty archive. The CLI exits with it,
    MCP tools return it, a page says it in Chinese."""
    said = scope_problem(store, accounts, group)
    return said and said[1 if chinese else 0]


def scope_problem(
    store: SQLStore, accounts: Iterable[str | None], group: str | None = None
) -> tuple[str, str] | None:
    """`unknown_scope`'s message in English and in Chinese, the scope read once (the API's 404
    carries both). The stored accounts are listed only to name them in the message: the list
    is a scan of every post (10 ms at 100k posts, on every search page)."""
    missing = [a for a in accounts if a and not store.holds_account(a)]
    if missing:
        known = store.accounts()
        return (
            f"no posts of account {', '.join(missing)}; stored accounts: {', '.join(known)}",
            f"没有公众号 {'、'.join(missing)} 的文章；已收录的公众号：{'、'.join(known)}",
        )
    if not group or accounts_in_group(store, group):
        return None
    groups = [g for g in SourceStore(store).groups() if g and accounts_in_group(store, g)]
    return (
        f"no posts of source group {group}; groups with posts: {', '.join(groups) or 'none'}",
        f"信息源分组 {group} 没有文章；有文章的分组：{'、'.join(groups) or '无'}",
    )


def as_typed(term: str, query: str) -> str:
    """A matched term as the query wrote it: the index lower-cases Latin letters, so a query
    for AI芯片 matched "ai"; shown back to the user it reads as typed (AI)."""
    found = re.search(re.escape(term), query, flags=re.IGNORECASE) if term.isascii() else None
    return found[0] if found else term


def find_article(store: SQLStore, ref: str) -> StoredArticle | None:
    """The article a key or aid names; raises Ambiguous when an aid names several posts. Copies
    of one post (all but one pointing at it, `duplicate_of`) are that post: the one shown."""
    found = store.resolve(ref)
    originals = [a for a in found if a.duplicate_of is None]
    keys = {a.key for a in found}
    if len(originals) == 1 and all(a.duplicate_of in keys for a in found if a.duplicate_of):
        return originals[0]
    if len(found) > 1:
        raise Ambiguous(ref, found)
    return found[0] if found else None


def article_detail(store: SQLStore, ref: str) -> dict[str, Any] | None:
    """An article with its facts, entity mentions, tables and duplicates, as the API returns it."""
    article = find_article(store, ref)
    if article is None:
        return None
    original = store.get(article.duplicate_of) if article.duplicate_of else None
    return {
        "article": article,
        "facts": store.facts(article.key),
        "entities": store.mentions(article.key),
        "tables": store.tables(article.key),
        "duplicates": store.duplicates(article.key),
        "original": original,
        **link.article_links(store.conn, article.key),
    }


def entity_ids(store: SQLStore) -> dict[tuple[str, str], int]:
    """(kind, name) → entity id, to link mentions in an article to entity pages."""
    return {(e["kind"], e["name"]): e["id"] for e in store.entities(kind=None, top=1_000_000)}


def latest_articles(store: SQLStore, limit: int = FEED_SIZE, **filters: Any) -> list[StoredArticle]:
    """The newest articles (duplicates left out), newest first."""
    return store.newest(limit, **filters)


def articles_for_feed(store: SQLStore, query: SearchQuery) -> list[StoredArticle]:
    """A saved search as a feed: its newest matches; without words, the newest articles."""
    query = with_group(store, query)
    if not query.text.strip():
        return latest_articles(store, accounts=query.accounts, kinds=query.kinds)
    result = store.search(replace(query, facets=False))
    found = (store.get(hit.key) for hit in result.hits)
    return [a for a in found if a is not None]


def dated_events(
    store: SQLStore, accounts: Sequence[str] = (), group: str | None = None
) -> list[DatedEvent]:
    """Every event with a date that any article announces or reports; only those of
    `accounts` and of the accounts `group`'s sources bring, when given (as `store.calls`)."""
    rows = store.events()
    if group:
        members = set(accounts_in_group(store, group))
        rows = [row for row in rows if row["account"] in members]
    if accounts:
        rows = [row for row in rows if row["account"] in accounts]
    from wxintel import feeds  # the feed and calendar writers, not every command's start

    return feeds.dated_events(rows)


def this_month(store: SQLStore, top: int = 15) -> dict[str, Any]:
    """Top entities and tags in the archive's latest month (the archive's "now", not the clock)."""
    last = store.stats().get("last") or ""
    if not last:
        return {"month": "", "entities": [], "tags": [], "articles": 0}
    month = last[:7]
    entities: Counter[tuple[str, str]] = Counter()
    tags: Counter[str] = Counter()
    count = 0
    for article in store.iter_articles(date_from=f"{month}-01"):
        if article.duplicate_of:
            continue
        count += 1
        tags.update(article.tags)
        entities.update({(m["kind"], m["name"]) for m in store.mentions(article.key)})
    return {
        "month": month,
        "articles": count,
        "entities": [{"kind": k, "name": n, "count": c} for (k, n), c in entities.most_common(top)],
        "tags": tags.most_common(top),
    }


def export_record(store: SQLStore, article: StoredArticle) -> dict[str, Any]:
    """An article as exports write it: its stored fields and its facts flattened the way the
    calls board shows them (deadline, every stated deadline, contacts, attachments …)."""
    by_kind: dict[str, list[Any]] = {}
    for fact in store.facts(article.key):
        by_kind.setdefault(fact["kind"], []).append(fact["value"])
    return {**article.to_json(), **flat_facts(by_kind), "deadline": article.deadline or None}


def export_rows(store: SQLStore, query: SearchQuery | str) -> Iterator[dict[str, Any]]:
    """The articles an export of `query` (a SearchQuery, or words from a notebook) holds, as
    `export_record`s.

    With words, the hits the search page ranks, in its order (reposts once), every one up to
    the deepest a search pages (MAX_LIMIT); without words, every stored article the filters
    (dates, accounts, kinds, group) keep, oldest first, read as a stream.
    """
    if isinstance(query, str):
        query = SearchQuery(text=query)
    query = with_group(store, query)
    if query.text.strip():
        result = store.search(replace(query, offset=0, limit=MAX_LIMIT, facets=False))
        found = (store.get(hit.key) for hit in result.hits)
        articles: Iterator[StoredArticle] = (a for a in found if a is not None)
    else:
        articles = store.iter_articles(
            date_from=query.date_from,
            date_to=query.date_to,
            accounts=query.accounts,
            kinds=query.kinds,
        )
    for article in articles:
        yield export_record(store, article)
