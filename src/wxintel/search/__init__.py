"""Chinese full-text search: words, aliases, identifiers, substrings, filters, facets, snippets."""

from wxintel.search.index import SearchIndex
from wxintel.search.model import (
    MAX_LIMIT,
    MAX_OFFSET,
    Hit,
    SearchDoc,
    SearchQuery,
    SearchResult,
)

__all__ = [
    "MAX_LIMIT",
    "MAX_OFFSET",
    "Hit",
    "SearchDoc",
    "SearchIndex",
    "SearchQuery",
    "SearchResult",
]
