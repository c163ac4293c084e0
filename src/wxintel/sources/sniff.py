"""Which reader a file needs, decided from its first bytes: users' files carry any extension."""

from __future__ import annotations

import json
import re

from wxintel.sources.encoding import decode_head
from wxintel.sources.records import CHINESE_KEYS, ENGLISH_KEYS

SNIFF_BYTES = 1 << 16
_FIRST_ELEMENT = re.compile(r"<\s*([A-Za-z][\w:.-]*)")
_SKIPPED_MARKUP = re.compile(r"<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>]*>", re.DOTALL | re.IGNORECASE)
_FIRST_KEY = re.compile(r'\{\s*"([^"\\]*)"')
RECORD_KEYS = frozenset({*CHINESE_KEYS, *ENGLISH_KEYS})
_FEED_ROOTS = frozenset({"rss", "feed", "rdf:rdf"})  # RSS 2.0, Atom, RSS 1.0
_JSON_FEED = re.compile(r'"version"\s*:\s*"https://jsonfeed\.org/version/')
_HTML_ROOTS = frozenset({"html", "head", "body", "meta", "title", "div", "link", "script"})


def sniff_head(head: bytes) -> str | None:
    """The format name (one of FORMATS) the first bytes of a file show, or None."""
    text = decode_head(head).lstrip()
    if text.startswith("["):
        return "export"
    if text.startswith("{"):
        if _JSON_FEED.search(text):
            return "feed"
        return "jsonl" if _first_line_is_object(text) else "export"
    if text.startswith("<"):
        return _markup_kind(text)
    return None


def _first_line_is_object(text: str) -> bool:
    """JSON Lines when the first line is a whole object, or when it runs past the sniffed
    bytes but opens with an article key (a long article on one line); a pretty-printed or
    wrapped export ({"data": [...]}) breaks its first object across lines."""
    first_line, newline, _ = text.partition("\n")
    if not newline:
        first_key = _FIRST_KEY.match(first_line)
        return first_key is not None and first_key[1] in RECORD_KEYS
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
