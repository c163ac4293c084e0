"""`enrich`: everything wxintel learns from one cleaned article, as one pure function.

It composes the extractors (notice facts, contacts, events, tables, figures, entities, tags)
and the doctype classifier; being pure and per-article, the pipeline can run it in a pool.
"""

from __future__ import annotations

import json
from datetime import date

from wxintel import dates
from wxintel.extract import purposes
from wxintel.extract.contacts import extract_contacts
from wxintel.extract.doctype import classify
from wxintel.extract.entities import extract_mentions
from wxintel.extract.events import extract_events
from wxintel.extract.figures import extract_figures
from wxintel.extract.notices import NO_DATE, extract_notice_facts
from wxintel.extract.tables import extract_tables
from wxintel.extract.tags import tags_for
from wxintel.model import Article, Enrichment, Fact
from wxintel.nlp.cndate import find_dates

__all__ = ["enrich", "read_facts", "reference_date"]


def reference_date(article: Article) -> date:
    """The publish date that year-less dates resolve against; failing that, the first dated
    mention in the text (never today's date: enrich must be deterministic)."""
    try:
        return dates.day(article.published)
    except ValueError:
        dated = [d.value for d in find_dates(article.content, NO_DATE) if d.has_year]
        return date(dated[0].year, dated[0].month, dated[0].day) if dated else NO_DATE


def read_facts(article: Article) -> list[Fact]:
    """The facts of one cleaned article (notices, contacts, events, figures), each once: what
    the kind is decided from. What a stated deadline is for is the learned reader's where it is
    sure (extract/purposes.py), else the rules'."""
    text = article.content
    ref = reference_date(article)
    notice = extract_notice_facts(text, ref, article.title)
    return _unique(
        [
            *purposes.relabel(text, article.title, notice),
            *extract_contacts(text),
            *extract_events(text, ref),
            *extract_figures(text),
        ]
    )


def enrich(article: Article, org_filter: bool = True) -> Enrichment:
    """Facts, tables, mentions, tags and kind of one cleaned article; `org_filter` off leaves
    organisation names to the rules alone (see extract_mentions)."""
    tables = extract_tables(article.content)
    facts = read_facts(article)
    mentions = extract_mentions(article, tables, org_filter=org_filter)
    kind, rule = classify(article, facts)
    return Enrichment(
        kind=kind,
        kind_rule=rule,
        facts=facts,
        mentions=mentions,
        tables=tables,
        tags=tags_for(article, mentions),
    )


def _unique(facts: list[Fact]) -> list[Fact]:
    """One fact per (kind, value): a phone repeated in three paragraphs is one phone."""
    seen: set[tuple[str, str]] = set()
    kept = []
    for fact in facts:
        key = (fact.kind, json.dumps(fact.value, ensure_ascii=False, sort_keys=True))
        if key not in seen:
            seen.add(key)
            kept.append(fact)
    return kept
