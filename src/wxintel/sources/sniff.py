"""Which reader a file needs, decided from its first bytes: users' files carry any extension."""

from __future__ import annotations

import json
import re

from wxintel.sources.encoding import decode_head

SNIFF_BYTES = 1 << 16
_FIRST_ELEMENT = re.compile(r"<\s*([A-Za-z][\w:.-]*)")
_SKIPPED_MARKUP = re.compile(r"<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>]*>", re.DOTALL | re.IGNORECASE)
_FEED_ROOTS = frozenset({"rss", "feed", "rdf:rdf"})
_HTML_ROOTS = frozenset({"html", "head", "body", "meta", "title", "div", "link", "script"})


def sniff_head(head: bytes) -> str | None:
    """ "export", "jsonl", "html", "feed", or None, from the first bytes of a file."""
    text = decode_head(head).lstrip()
    if text.startswith("["):
        return "export"
    if text.startswith("{"):
        return "jsonl" if _first_line_is_object(text) else "export"
    if text.startswith("<"):
        return _markup_kind(text)
    return None


def _first_line_is_object(text: str) -> bool:
    """JSON Lines when the first line is a whole object; a pretty-printed or wrapped export
    ({"data": [...]}) breaks its first object across lines or runs past the sniffed bytes."""
    first_line, newline, _ = text.partition("\n")
    if not newline:
        return False
    try:
        return isinstance(json.loads(first_line), dict)
    except (ValueError, RecursionError):
        return False


def _markup_kind(text: str) -> str | None:
    match = _FIRST_ELEMENT.search(_SKIPPED_MARKUP.sub(" ", text))
    if match is None:
        return None
    root = match[1].lower()
    if root in _FEED_ROOTS:
        return "feed"
    if root in _HTML_ROOTS:
        return "html"
    return None
