"""Article HTML to plain text, shared by the saved-page reader and the feed reader.

Paragraphs must survive (block elements and <br> become line breaks, table cells one per
line as the crawler exports them) and every image leaves an `[图片]` line, so a reader of
the text knows a figure was there. Whitespace inside a line collapses as a browser shows it.
"""

from __future__ import annotations

import re

from selectolax.lexbor import LexborHTMLParser, LexborNode

IMAGE_MARKER = "[图片]"

# fmt: off
BLOCK_TAGS = frozenset({
    "address", "article", "aside", "blockquote", "body", "center", "dd", "details", "div", "dl",
    "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5",
    "h6", "header", "hr", "li", "main", "nav", "ol", "p", "pre", "section", "summary", "table",
    "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
})
SKIPPED_TAGS = frozenset({
    "script", "style", "noscript", "template", "head", "title", "iframe", "svg", "canvas",
    "button", "select", "textarea", "object", "embed", "audio", "video",
})
# fmt: on
_SPACES = re.compile(r"[ \t\n\r\f\v]+")
# An HTML element's tag, in a field that should hold text (a JSON Feed summary, an export's
# content) but where a collector or crawler put the article's HTML. Tags of HTML's own
# elements only, so "PM2.5<35" or "<不是标签>" in plain text stay as written.
_HTML_TAG = re.compile(
    r"</?(?:p|div|span|section|br|img|style|a|strong|b|em|h[1-6]|ul|ol|li|table|tr|td"
    r"|blockquote|figure|article|header|footer)(?:\s[^<>]*)?/?>",
    re.IGNORECASE,
)
# How a whole saved page opens (a doctype, a comment, the document's own elements): a crawler
# that kept the page rather than its article's fragment
_PAGE_OPENING = re.compile(r"<(?:!doctype\b|!--|html\b|head\b|body\b|meta\b)", re.IGNORECASE)
_BREAK = "\n"


def html_to_text(node: LexborNode) -> str:
    """The visible text under `node`: one line per block, `[图片]` per image."""
    pieces: list[str] = []
    stack: list[tuple[LexborNode, bool, bool]] = [(node, False, False)]  # node, closing, in <pre>
    while stack:
        current, closing, in_pre = stack.pop()
        tag = current.tag
        if closing:
            pieces.append(_BREAK)
        elif tag == "-text":
            text = current.text_content or ""
            pieces.append(text if in_pre else _SPACES.sub(" ", text))
        elif tag == "br":
            pieces.append(_BREAK)
        elif tag == "img":
            pieces.append(f"{_BREAK}{IMAGE_MARKER}{_BREAK}")
        elif tag not in SKIPPED_TAGS and not tag.startswith("-"):
            if tag in BLOCK_TAGS:
                pieces.append(_BREAK)
                stack.append((current, True, in_pre))
            child_in_pre = in_pre or tag == "pre"
            children = list(current.iter(include_text=True))
            stack.extend((child, False, child_in_pre) for child in reversed(children))
    return _tidy_lines("".join(pieces))


def fragment_to_text(markup: str) -> str:
    """Text of an HTML fragment such as a feed item's content:encoded."""
    tree = LexborHTMLParser(markup)
    return html_to_text(tree.body) if tree.body is not None else ""


def holds_markup(text: str) -> bool:
    """Whether a text field holds HTML (a tag of one of HTML's elements anywhere): then it is
    read as a page's content is (`fragment_to_text`), not stored with its tags."""
    return _HTML_TAG.search(text) is not None


def is_markup(text: str) -> bool:
    """Whether a text field is a page's HTML: it opens on a tag of one of HTML's elements, as a
    crawler that keeps the page's markup writes it. A post's text that quotes a tag further on
    (code, a hostile string) stays text, shown as written. A whole page (<!DOCTYPE html>…) is
    markup too."""
    opening = text.lstrip()
    return bool(_HTML_TAG.match(opening) or _PAGE_OPENING.match(opening))


def _tidy_lines(text: str) -> str:
    lines = (line.strip() for line in text.split(_BREAK))
    return _BREAK.join(line for line in lines if line)
