"""Managing subscriptions: add, remove, list, and OPML import/export with groups kept.

The CLI and the web call these same functions. OPML is what feed readers and the collectors
(we-mp-rss, wewe-rss, RSSHub) exchange: a feed is an `<outline xmlUrl=…>`, and a group is the
outline that holds it (or the feed's `category` attribute). The poll interval travels as the
outline's `every` attribute (OPML lets an outline carry attributes of its own), so an export
read back keeps each source's schedule.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from xml.etree.ElementTree import Element, ParseError, SubElement, tostring

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from wxintel.sources.feed import refusal
from wxintel.store import SQLStore, StoreError
from wxintel.store.sources import SourceRow, SourceStore, stamp
from wxintel.subscribe.health import format_every, parse_every

DEFAULT_EVERY = "1h"


def add_source(
    store: SQLStore, url: str, name: str = "", group: str = "", every: str = DEFAULT_EVERY
) -> SourceRow:
    """Subscribe to the feed at `url` (http or https), polled every `every` (30m, 2h, 1d)."""
    url = url.strip()
    if not url.lower().startswith(("http://", "https://")):
        raise StoreError(f"a source must be an http(s) URL, not {url!r}")
    try:
        seconds = parse_every(every)
    except ValueError as exc:
        raise StoreError(str(exc)) from exc
    created = stamp(datetime.now(UTC))
    name, group = name.strip(), group.strip()
    source_id = SourceStore(store).add(url, name, group, seconds, created)
    return SourceRow(source_id, url, name, group, seconds, created=created)


def find_source(store: SQLStore, ident: str) -> SourceRow:
    """A source by its id, URL or name; StoreError naming what matched when not exactly one."""
    rows = SourceStore(store).all()
    matches = [r for r in rows if ident in (str(r.id), r.url)] or [
        r for r in rows if r.name == ident
    ]
    if not matches:
        raise StoreError(f"no source with id, URL or name {ident!r}")
    if len(matches) > 1:
        listed = ", ".join(f"{r.id} ({r.url})" for r in matches)
        raise StoreError(f"{len(matches)} sources are named {ident!r}: {listed}; give the id")
    return matches[0]


def remove_source(store: SQLStore, ident: str) -> SourceRow:
    """Unsubscribe; the articles the source brought stay in the archive."""
    row = find_source(store, ident)
    SourceStore(store).remove(row.id)
    return row


@dataclass
class ImportReport:
    added: list[str] = field(default_factory=list)
    existing: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, list[str]]:
        return {"added": self.added, "existing": self.existing, "problems": self.problems}


def import_opml(
    store: SQLStore, data: bytes, name: str, every: str = DEFAULT_EVERY
) -> ImportReport:
    """Subscribe to every feed of an OPML file; one already subscribed is left as it is.

    `every` is the interval for outlines that do not state their own."""
    try:
        root = fromstring(data, forbid_dtd=False, forbid_entities=True)
    except DefusedXmlException as exc:
        raise StoreError(f"{name}: {refusal(exc)}") from exc
    except ParseError as exc:
        line, column = exc.position
        raise StoreError(f"{name}: malformed XML at line {line}, column {column + 1}") from exc
    body = root.find("body")
    if root.tag != "opml" or body is None:
        raise StoreError(f"{name}: not an OPML file (no <opml><body>)")
    known = {row.url for row in SourceStore(store).all()}
    report = ImportReport()
    for url, title, group, own_every in _outlines(body, ""):
        if url in known:
            report.existing.append(url)
            continue
        try:
            add_source(store, url, title, group, own_every or every)
        except StoreError as exc:
            report.problems.append(f"{url}: {exc}")
            continue
        known.add(url)
        report.added.append(url)
    return report


def _outlines(parent: Element, group: str) -> list[tuple[str, str, str, str]]:
    out = []
    for outline in parent.findall("outline"):
        title = (outline.get("title") or outline.get("text") or "").strip()
        url = (outline.get("xmlUrl") or "").strip()
        if url:
            category = (outline.get("category") or "").strip().strip("/").split("/")[-1]
            every = (outline.get("every") or "").strip()
            out.append((url, title, group or category, every))
        else:
            out.extend(_outlines(outline, title or group))
    return out


def export_opml(store: SQLStore) -> bytes:
    """Every subscription as OPML 2.0, one outline per group holding its feeds."""
    opml = Element("opml", version="2.0")
    head = SubElement(opml, "head")
    SubElement(head, "title").text = "wxintel sources"
    body = SubElement(opml, "body")
    folders: dict[str, Element] = {}
    for row in SourceStore(store).all():
        parent = body
        if row.group:
            if row.group not in folders:
                folders[row.group] = SubElement(body, "outline", text=row.group, title=row.group)
            parent = folders[row.group]
        title = row.name or row.url
        SubElement(
            parent,
            "outline",
            type="rss",
            text=title,
            title=title,
            xmlUrl=row.url,
            every=format_every(row.every_seconds),
        )
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + tostring(opml, encoding="utf-8") + b"\n"
