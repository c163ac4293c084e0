"""An `ask` answer as the search page shows it: each quote with the answer marked inside it,
and a link that opens the post with the quote highlighted where it stands."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from markupsafe import Markup, escape

from wxintel.ask import Answer

QUOTE_PARAM = "quote"  # /articles/KEY?quote=START-END highlights that span of the post


def quote_html(citation: Any) -> Markup:
    """The quote, escaped, with the answer's own span in <mark> when it lies inside."""
    quote, start = citation.quote, citation.start
    a, b = citation.answer_start, citation.answer_end
    if a is None or b is None or not start <= a < b <= citation.end:
        return escape(quote)
    a, b = a - start, b - start
    return Markup("{}<mark>{}</mark>{}").format(quote[:a], quote[a:b], quote[b:])


def answer_view(answer: Answer) -> dict[str, Any]:
    """What the ask panel renders: the answer or the refusal, and each citation."""
    return {
        "answer": answer.answer,
        "refused": answer.refused,
        "reason": answer.reason,
        "citations": [
            {
                "title": c.title,
                "account": c.account,
                "published": c.published[:10],
                "quote": quote_html(c),
                # a quoted title is the page's heading; a span of the text is highlighted in it
                "href": f"/articles/{quote(c.key)}"
                + (f"?{QUOTE_PARAM}={c.start}-{c.end}" if c.field == "content" else ""),
            }
            for c in answer.citations
        ],
    }


def quote_span(value: str | None, length: int) -> tuple[int, int] | None:
    """START-END from the article page's `quote` parameter, if it is a span of the text."""
    start, _, end = (value or "").partition("-")
    if not (start.isdigit() and end.isdigit()):
        return None
    span = int(start), int(end)
    return span if 0 <= span[0] < span[1] <= length else None
