"""Article text as HTML with facts and entities marked at their spans.

Article text is untrusted. Markup is never spliced into the text: the text is cut at span
boundaries into runs, and the template (autoescaping) writes each run, so a `<script>` in an
article stays text. This module decides what is marked; only the template makes HTML.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup

from wxintel.web.rendering import ENTITY_LABELS, FACT_LABELS, templates

# Facts worth pointing at in the text; others (figures, urls …) are listed beside it.
HIGHLIGHTED_FACTS = frozenset(
    {
        "deadline",
        "period",
        "signed",
        "issuer",
        "contact",
        "phone",
        "email",
        "address",
        "postcode",
        "attachment",
        "doc_number",
        "policy_title",
        "event",
    }
)


@dataclass(frozen=True)
class Mark:
    """One span to mark: a fact (a CSS class and a label) or an entity (a link)."""

    start: int
    end: int
    css: str
    label: str
    href: str = ""


@dataclass
class Piece:
    """A run of text covered by the same marks."""

    text: str
    marks: list[Mark] = field(default_factory=list)


def fact_marks(facts: Iterable[Mapping[str, Any]]) -> list[Mark]:
    return [
        Mark(f["start"], f["end"], f"fact fact-{f['kind']}", FACT_LABELS[f["kind"]])
        for f in facts
        if f.get("kind") in HIGHLIGHTED_FACTS and f.get("end", 0) > f.get("start", 0)
    ]


def title_marks(facts: Iterable[Mapping[str, Any]]) -> list[Mark]:
    """A deadline read from the title (its stated deadline says "from": "title"), marked at
    the span the title writes it."""
    return [
        Mark(*f["value"]["title_span"], "fact fact-deadline", FACT_LABELS["deadline"])
        for f in facts
        if f.get("kind") == "stated_deadline"
        and isinstance(f.get("value"), Mapping)
        and f["value"].get("from") == "title"
        and len(f["value"].get("title_span") or ()) == 2
    ]


def title_html(title: str, marks: Sequence[Mark]) -> Markup:
    """The title's runs as HTML (templates/marked_text.html), with its marks."""
    runs = [run for line in paragraphs(title, marks) for run in line]
    return Markup(templates.get_template("marked_text.html").module.line(runs))  # type: ignore[attr-defined]


def mention_marks(
    mentions: Iterable[Mapping[str, Any]], link: Callable[[Mapping[str, Any]], str]
) -> list[Mark]:
    return [
        Mark(
            m["start"],
            m["end"],
            f"entity entity-{m['kind']}",
            f"{ENTITY_LABELS.get(m['kind'], m['kind'])}：{m['name']}",
            link(m),
        )
        for m in mentions
        if m.get("end", 0) > m.get("start", 0)
    ]


def pieces(text: str, marks: Sequence[Mark]) -> list[Piece]:
    """Cut `text` at every mark boundary; each piece knows which marks cover it."""
    bounds = {0, len(text)}
    for mark in marks:
        bounds.update((max(0, min(mark.start, len(text))), max(0, min(mark.end, len(text)))))
    edges = sorted(bounds)
    out: list[Piece] = []
    for a, b in itertools.pairwise(edges):
        if a < b:
            covering = [m for m in marks if m.start <= a and b <= m.end]
            out.append(Piece(text[a:b], covering))
    return out


@dataclass(frozen=True)
class Run:
    """A piece of one line as the template shows it: the text, the entity link around it (the
    longest entity covering it) and the facts marking it (their classes and labels)."""

    text: str
    link: Mark | None
    fact_classes: str
    fact_labels: str


def _run(piece: Piece, line: str) -> Run:
    facts = [m for m in piece.marks if not m.href]
    links = [m for m in piece.marks if m.href]
    return Run(
        text=line,
        link=max(links, key=lambda m: m.end - m.start) if links else None,
        fact_classes=" ".join(sorted({c for m in facts for c in m.css.split()})),
        fact_labels="、".join(dict.fromkeys(m.label for m in facts)),
    )


def paragraphs(text: str, marks: Sequence[Mark]) -> list[list[Run]]:
    """Paragraphs (one per line of clean text) of marked runs; marks crossing lines are split."""
    out: list[list[Run]] = [[]]
    for piece in pieces(text, marks):
        for i, line in enumerate(piece.text.split("\n")):
            if i:
                out.append([])
            if line:
                out[-1].append(_run(piece, line))
    return [p for p in out if p]


def article_blocks(
    text: str, marks: Sequence[Mark], tables: Sequence[Mapping[str, Any]] = ()
) -> list[Any]:
    """The body as the template lays it out: lists of runs (paragraphs), and tables (mappings
    with columns and rows) in place of the lines they were rebuilt from."""
    blocks: list[Any] = []
    cursor = 0
    for table in sorted(tables, key=lambda t: t["start"]):
        start, end = max(table["start"], cursor), max(table["end"], cursor)
        blocks.extend(_paragraphs_between(text, marks, cursor, start))
        blocks.append(table)
        cursor = end
    blocks.extend(_paragraphs_between(text, marks, cursor, len(text)))
    return blocks


def article_html(
    text: str, marks: Sequence[Mark], tables: Sequence[Mapping[str, Any]] = ()
) -> Markup:
    """The whole body as HTML, made by the template (templates/marked_text.html)."""
    return Markup(
        templates.get_template("marked_text.html").module.body(  # type: ignore[attr-defined]
            article_blocks(text, marks, tables)
        )
    )


def _paragraphs_between(text: str, marks: Sequence[Mark], start: int, end: int) -> list[Any]:
    if start >= end:
        return []
    shifted = [
        Mark(max(m.start, start) - start, min(m.end, end) - start, m.css, m.label, m.href)
        for m in marks
        if m.start < end and m.end > start
    ]
    return paragraphs(text[start:end], shifted)
