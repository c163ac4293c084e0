"""What goes into the search index and what comes out: plain dataclasses, JSON-able results."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


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
    snippet: str  # original text, HTML-escaped, <mark> around every matched word
    matched: list[str] = field(default_factory=list)  # query terms found in the article
    why: dict[str, list[str]] = field(default_factory=dict)  # query term -> aliases that matched
    duplicates: int = 0  # duplicates collapsed into this hit
    title_html: str = ""  # the title, HTML-escaped, with <mark> like the snippet
    lang: str = ""
    tags: list[str] = field(default_factory=list)
    deadline: str = ""


@dataclass
class SearchResult:
    """A page of hits, the total behind it, facet counts and a message for the user, if any."""

    query: str
    total: int
    hits: list[Hit] = field(default_factory=list)
    facets: dict[str, dict[str, int]] = field(default_factory=dict)
    message: str | None = None

    def to_json(self) -> dict[str, Any]:
        """A JSON-able dict for the REST API and `wxintel search --json`."""
        return {
            "query": self.query,
            "total": self.total,
            "hits": [asdict(hit) for hit in self.hits],
            "facets": self.facets,
            "message": self.message,
        }
