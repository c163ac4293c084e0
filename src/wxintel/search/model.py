"""What goes into the search index and what comes out: plain dataclasses, JSON-able results."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import date
from typing import Any

from wxintel.options import (
    ARTICLE_KINDS,
    LANGUAGES,
    SORTS,
    InvalidOption,
    iso_day,
    one_of,
)

# The deepest page and the longest page anyone may ask for: the index collects offset + limit
# hits before paging, so an unbounded offset is an unbounded allocation (2**31 asked for 34 GB).
# The CLI, the API and SearchIndex.search all hold queries to these bounds.
MAX_OFFSET = 10_000
MAX_LIMIT = 10_000


@dataclass
class SearchDoc:
    """What the store hands the index for one article."""

    key: str  # unique article key (stable identity)
    id: str  # public id shown to users (the aid, e.g. "2650689428_2")
    title: str
    content: str
    account: str
    published: str  # ISO date/datetime or ""
    kind: str = ""
    lang: str = "zh"
    is_stub: bool = False
    duplicate_of: str = ""  # key of the original
    tags: list[str] = field(default_factory=list)
    has_deadline: bool = False
    deadline: str = ""
    ids: list[str] = field(default_factory=list)  # doc numbers, phones, e-mails, urls


@dataclass
class SearchQuery:
    """A user's search: the query text plus paging, sort and filters."""

    text: str
    limit: int = 10
    offset: int = 0
    sort: str = "relevance"  # or "date"
    date_from: str | None = None
    date_to: str | None = None
    accounts: list[str] | tuple[str, ...] = ()
    kinds: list[str] | tuple[str, ...] = ()
    lang: str | None = None
    has_deadline: bool | None = None
    tags: list[str] | tuple[str, ...] = ()
    group: str | None = None  # the accounts a group of subscribed sources brings
    # The day date words in the query ("今年", "上个月") count from: None means today, or the
    # archive's newest post when that is older (an archive read months later).
    as_of: str | None = None
    # Count the matches by account, kind, month and tag; False for a caller that shows none
    # (ask's retrieval, feeds, exports, eval): its result has the same hits and total, and
    # saves the facet counting, a quarter of a search's CPU at 100k posts
    facets: bool = True
    # Found nothing within its dates: run again without them, marked (`understood.relaxed_dates`).
    # Set by the searches a person reads (CLI, page, REST, MCP, eval); ask, exports, feeds and
    # watchlists keep a period exact: an answer or a match outside it would be wrong.
    relax_dates: bool = False

    def problems(self) -> dict[str, str]:
        """What is wrong with each parameter, by its API name; empty when the query can run."""
        found: dict[str, str] = {}
        days: dict[str, date | None] = {}
        for name, value in (
            ("from", self.date_from),
            ("to", self.date_to),
            ("as_of", self.as_of),
        ):
            try:
                days[name] = iso_day(name, value)
            except InvalidOption as exc:
                found[name] = exc.problem
        if days.get("from") and days.get("to") and days["to"] < days["from"]:
            found["to"] = (
                f"must not be before the start date {self.date_from}, not {self.date_to!r}"
            )
        checks = [("kind", kind, ARTICLE_KINDS) for kind in self.kinds]
        if self.lang is not None:
            checks.append(("lang", self.lang, LANGUAGES))
        checks.append(("sort", self.sort, SORTS))
        for name, value, allowed in checks:
            try:
                one_of(name, value, allowed)
            except InvalidOption as exc:
                found.setdefault(name, exc.problem)
        if not 0 <= self.offset <= MAX_OFFSET:
            found["offset"] = f"must be between 0 and {MAX_OFFSET}, not {self.offset}"
        if not 1 <= self.limit <= MAX_LIMIT:
            found["limit"] = f"must be between 1 and {MAX_LIMIT}, not {self.limit}"
        return found

    def check(self) -> None:
        """Raise InvalidOption for the first bad parameter, so no surface runs a query that
        silently matches nothing or asks the index for an unbounded page."""
        problems = self.problems()
        if problems:
            name, problem = next(iter(problems.items()))
            raise InvalidOption(name, problem)


@dataclass
class Hit:
    """One result: the article's display fields, why it matched and a highlighted snippet."""

    key: str
    id: str
    title: str
    account: str
    published: str
    kind: str
    score: float
    snippet: str  # the best passage of the original text, plain (see search.snippet.Spans)
    matched: list[str] = field(default_factory=list)  # query terms found in the article
    why: dict[str, list[str]] = field(default_factory=dict)  # query term -> aliases that matched
    duplicates: int = 0  # duplicates collapsed into this hit
    # [start, end) offsets of the matched words in `snippet` and in `title`
    highlights: list[tuple[int, int]] = field(default_factory=list)
    title_highlights: list[tuple[int, int]] = field(default_factory=list)
    lang: str = ""
    tags: list[str] = field(default_factory=list)
    deadline: str = ""
    # Reposts of this text folded into the hit (wxintel.link.collapse, the first
    # search_reposts_shown of them), and every account that published it, this hit's first
    # ("N 个公众号发布"); empty when it stands alone.
    reposts: list[dict[str, str]] = field(default_factory=list)
    published_by: list[str] = field(default_factory=list)
    # every repost folded into the hit, `reposts` listing the first of them (a bounded list);
    # approximate when the hit's cluster was too large to read whole (link.collapse): then
    # both it and `published_by` hold what the part read gave, lower bounds
    reposts_total: int = 0
    reposts_approximate: bool = False
    # the earlier post (key, id, published) its account published unedited on an earlier day,
    # which this hit publishes again (link.collapse); a hit of its own, not folded
    republication_of: dict[str, str] | None = None
    # matches every concept of the query, the concepts its title lacks within one passage of
    # its body (search/passages.py); else listed under the divider
    all_words: bool = True

    def to_json(self) -> dict[str, Any]:
        """The hit's fields as a JSON-able dict. Every value is already plain (str, numbers,
        lists, dicts), so they are handed over as they are: `dataclasses.asdict` deep-copies
        each nested value, which cost more than the search itself for a hit carrying a large
        repost cluster. The dict shares its lists with the hit."""
        return {f.name: getattr(self, f.name) for f in _HIT_FIELDS}


_HIT_FIELDS = fields(Hit)


@dataclass
class SearchResult:
    """A page of hits, the totals behind it, facet counts and a message for the user, if any.

    `total` counts every match; the first `all_words` of them match every query concept (each
    in the title or all within one passage of the body: search/passages.py) and come first, the
    partial matches after them (shown under "以下为部分匹配"), among them posts that hold every
    concept only scattered. `all_words` is exact when `all_words_exact`; otherwise posts past
    those read for the passage test (`WXINTEL_SEARCH_PASSAGE_POSTS`) are counted at their words,
    so it is an upper bound.
    """

    query: str
    total: int
    hits: list[Hit] = field(default_factory=list)
    facets: dict[str, dict[str, int]] = field(default_factory=dict)
    message: str | None = None
    all_words: int = 0
    # facet counts taken over part of the matches (more than search_facets_exact_limit):
    # lower bounds, shown as 约
    facets_approximate: bool = False
    all_words_exact: bool = True
    # how the query was read: as_of, the date range, its date words, intents, concept count
    understood: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        """A JSON-able dict for the REST API and `wxintel search --json`."""
        return {
            "query": self.query,
            "total": self.total,
            "all_words": self.all_words,
            "all_words_exact": self.all_words_exact,
            "understood": self.understood,
            "hits": [hit.to_json() for hit in self.hits],
            "facets": self.facets,
            "facets_approximate": self.facets_approximate,
            "message": self.message,
        }
