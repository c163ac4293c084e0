"""An `ask` answer as the search page shows it: each quote with the answer marked inside it,
and a link that opens the post with the quote highlighted where it stands."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from markupsafe import Markup, escape

from wxintel.ask import Answer
from wxintel.extract.doctype import KIND_LABELS
from wxintel.search import SearchQuery

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


def scope_note(query: SearchQuery) -> str:
    """The page's filters the answer was read within, in words (公众号：津北商务；日期：…起)."""
    parts = []
    if query.accounts:
        parts.append("公众号：" + "、".join(query.accounts))
    if query.group:
        parts.append(f"来源组：{query.group}")
    if query.kinds:
        parts.append("类型：" + "、".join(KIND_LABELS.get(k, k) for k in query.kinds))
    if query.date_from or query.date_to:
        parts.append(f"日期：{query.date_from or '…'} 至 {query.date_to or '…'}")
    if query.tags:
        parts.append("标签：" + "、".join(query.tags))
    if query.lang:
        parts.append(f"语言：{query.lang}")
    if query.has_deadline is not None:
        parts.append("有截止日期" if query.has_deadline else "无截止日期")
    if query.as_of:
        parts.append(f"日期词自 {query.as_of} 起算")
    return "；".join(parts)


def quote_span(value: str | None, length: int) -> tuple[int, int] | None:
    """START-END from the article page's `quote` parameter, if it is a span of the text."""
    start, _, end = (value or "").partition("-")
    if not (start.isdigit() and end.isdigit()):
        return None
    span = int(start), int(end)
    return span if 0 <= span[0] < span[1] <= length else None
