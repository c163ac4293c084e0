"""Chinese full-text search: words, aliases, identifiers, substrings, filters, facets, snippets."""

from wxintel.search.index import SearchIndex
from wxintel.search.model import Hit, SearchDoc, SearchQuery, SearchResult

__all__ = ["Hit", "SearchDoc", "SearchIndex", "SearchQuery", "SearchResult"]
