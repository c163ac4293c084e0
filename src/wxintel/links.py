"""Links taken from untrusted article data: only web addresses may ever become a link.

An article's url comes from whoever wrote the export or the page; a `javascript:` or `data:`
address rendered as a link runs in the reader's browser (a brief saved as HTML has no CSP).
Every surface that links to an original (pages, briefs, feeds, calendars) asks `safe_url`.
"""

from __future__ import annotations

from urllib.parse import urlsplit

WEB_SCHEMES = frozenset({"http", "https"})


def safe_url(url: str | None) -> str | None:
    """`url` when it is an absolute http(s) address with a host, else None.

    Whitespace or control characters inside make it None too: browsers drop them, which
    would let "java\\nscript:" slip past a scheme check.
    """
    text = (url or "").strip()
    if not text or any(ch.isspace() or ord(ch) < 0x20 or ord(ch) == 0x7F for ch in text):
        return None
    try:
        parts = urlsplit(text)
    except ValueError:  # e.g. an unbalanced "[" in the host
        return None
    if parts.scheme.lower() not in WEB_SCHEMES or not parts.hostname:
        return None
    return text


def markdown_target(url: str) -> str:
    """A (safe) url as a Markdown link target: a ")" in it would end the link early."""
    return url.replace("(", "%28").replace(")", "%29")
