"""Atom feeds and iCalendar files from store data: pure functions that return bytes.

Feed readers and calendar apps poll these, so ids and UIDs are derived from article keys only:
a re-ingest updates an entry or event in place instead of adding a copy.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any
from urllib.parse import quote, urlencode

from feedgen.feed import FeedGenerator
from icalendar import Calendar, Event

from wxintel.briefs.model import Brief
from wxintel.briefs.render import render_html_fragment
from wxintel.dates import EPOCH, UNKNOWN_DAY, parse_when, published_at, readable
from wxintel.links import safe_url
from wxintel.store import StoredArticle
from wxintel.store.readmodels import phone_contacts

PRODID = "-//wxintel//calls and events//ZH"
SUMMARY_CHARS = 280


@dataclass
class DatedEvent:
    """An event an article announces or reports, with the dates it happens on."""

    key: str  # the article's key
    title: str  # the article's title
    name: str
    start: str  # ISO date or date-time
    end: str = ""
    venue: str = ""
    url: str = ""
    published: str = ""

    @property
    def uid(self) -> str:
        digest = hashlib.sha1(f"{self.name}|{self.start}".encode()).hexdigest()[:10]
        return f"{self.key}-event-{digest}@wxintel"


def summary(text: str, limit: int = SUMMARY_CHARS) -> str:
    """The opening of an article's clean text, cut at a character limit."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[:limit] + "…"


# -- Atom --------------------------------------------------------------------------------


def new_feed(title: str, self_url: str, site_url: str, subtitle: str) -> FeedGenerator:
    """An Atom feed head shared by every wxintel feed (articles, calls, briefs, watchlists)."""
    feed = FeedGenerator()
    feed.id(self_url)
    feed.title(title)
    feed.author({"name": "wxintel"})  # RFC 4287: a feed needs an author unless every entry has one
    feed.subtitle(subtitle)
    feed.link(href=self_url, rel="self")
    feed.link(href=site_url, rel="alternate")
    feed.language("zh-CN")
    feed.generator("wxintel")
    return feed


def finish_feed(feed: FeedGenerator, stamps: list[datetime]) -> bytes:
    """The feed as bytes, `updated` set to its newest entry so unchanged feeds are identical."""
    feed.updated(max(stamps) if stamps else EPOCH)
    return feed.atom_str(pretty=True)


def articles_atom(
    articles: Sequence[StoredArticle],
    *,
    title: str,
    self_url: str,
    site_url: str,
    subtitle: str = "wxintel",
) -> bytes:
    """An Atom feed of articles, newest first as given, each linking to its page here."""
    feed = new_feed(title, self_url, site_url, subtitle)
    stamps: list[datetime] = []
    for article in articles:
        when = published_at(article.published)
        stamps.append(when)
        entry = feed.add_entry(order="append")
        entry.id(f"urn:wxintel:article:{article.key}")
        entry.title(article.title or article.id)
        # One link only: feedgen 1.0 drops rel on entry links, so a second would be a second
        # "alternate" (invalid Atom). The original's address goes in the summary instead.
        entry.link(href=f"{site_url.rstrip('/')}/articles/{article.key}")
        entry.author({"name": article.account or "wxintel"})
        if article.published:  # an undated post has no <published>; <updated> is required
            entry.published(when)
        entry.updated(when)
        if article.kind:
            entry.category(term=article.kind)
        for tag in article.tags:
            entry.category(term=tag)
        link = safe_url(article.url)
        original = f"\n原文：{link}" if link else ""
        undated = "" if article.published else f"{UNKNOWN_DAY}\n"  # <updated> is the EPOCH
        entry.summary(undated + summary(article.content) + original)
    return finish_feed(feed, stamps)


def briefs_atom(briefs: Sequence[Brief], *, self_url: str, site_url: str) -> bytes:
    """An Atom feed with one entry per brief (newest first as given), the brief as HTML content."""
    feed = new_feed("wxintel: 要闻简报", self_url, site_url, "每周要闻简报")
    stamps = []
    for brief in briefs:
        when = published_at(brief.end.isoformat())
        stamps.append(when)
        entry = feed.add_entry(order="append")
        one = list(brief.accounts) if len(brief.accounts) == 1 else []
        entry.id(":".join(["urn:wxintel:brief", *one, str(brief.start), str(brief.end)]))
        entry.title(brief.title)
        params = urlencode(
            [("from", brief.start), ("to", brief.end), *(("account", a) for a in one)]
        )
        entry.link(href=f"{site_url.rstrip('/')}/brief?{params}", rel="alternate")
        entry.updated(when)
        entry.published(when)
        entry.content(render_html_fragment(brief), type="html")
    return finish_feed(feed, stamps)


def calls_atom(
    calls: Sequence[Mapping[str, Any]],
    *,
    self_url: str,
    site_url: str,
    title: str = "wxintel: 申报与截止日期",
) -> bytes:
    """An Atom feed with one entry per call, saying its deadline and who to contact."""
    feed = new_feed(title, self_url, site_url, "申报、报名、征求意见与截止日期")
    stamps: list[datetime] = []
    for call in calls:
        when = published_at(call.get("published", ""))
        updated = published_at(call.get("deadline_moved_on") or call.get("published", ""))
        stamps.append(updated)
        entry = feed.add_entry(order="append")
        entry.id(f"urn:wxintel:call:{call['key']}")
        moved = f"（截止日期已{call['deadline_moved_as']}）" if call.get("deadline_moved") else ""
        entry.title((call.get("title") or call.get("id") or call["key"]) + moved)
        entry.link(href=f"{site_url.rstrip('/')}/articles/{call['key']}")
        entry.author({"name": call.get("account") or "wxintel"})
        entry.published(when)
        entry.updated(updated)
        if call.get("kind"):
            entry.category(term=call["kind"])
        entry.summary(call_description(call))
    return finish_feed(feed, stamps)


# -- iCalendar ---------------------------------------------------------------------------


def call_description(call: Mapping[str, Any]) -> str:
    """The lines a person needs to act on a call: deadline, contacts, where to send, attachments."""
    lines: list[str] = []
    if call.get("deadline"):
        was = readable(str(call.get("deadline_was") or ""))
        moved_as = call["deadline_moved_as"] if call.get("deadline_moved") else ""
        moved = f"（已{moved_as}，原截止 {was}）" if moved_as else ""
        lines.append(f"截止：{readable(str(call['deadline']))}{moved}")
    period = call.get("period") or []
    if period and any(period):
        lines.append(f"公示期：{' 至 '.join(p for p in period if p)}")
    for label, values in (
        ("联系人", phone_contacts(call)),
        ("邮箱", call.get("emails") or []),
        ("地址", call.get("addresses") or []),
        ("附件", call.get("attachments") or []),
        ("文号", call.get("doc_numbers") or []),
        ("发布", call.get("issuers") or []),
    ):
        if values:
            lines.append(f"{label}：{'；'.join(str(v) for v in values)}")
    if call.get("account"):
        lines.append(f"来源：{call['account']} {call.get('published', '')}".rstrip())
    return "\n".join(lines)


def article_page(site_url: str, key: str) -> str:
    """The article's page on this site, or "" when no site URL is known (a CLI export)."""
    return f"{site_url.rstrip('/')}/articles/{quote(key, safe=':=')}" if site_url else ""


def event_url(original: str, key: str, site_url: str) -> str:
    """Where an event links: the original post when it is an http(s) link, else our page."""
    return safe_url(original) or article_page(site_url, key)


def _calendar(name: str) -> Calendar:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", "Asia/Shanghai")
    return cal


def _timed(event: Event, start: date | datetime, end: date | datetime | None) -> None:
    """All-day events end the day after their last day (DTEND is exclusive)."""
    event.add("dtstart", start)
    if isinstance(start, datetime):
        finish = end if isinstance(end, datetime) and end > start else start
        event.add("dtend", finish)
        return
    last = end if type(end) is date and end >= start else start
    event.add("dtend", last + timedelta(days=1))


def call_deadline(call: Mapping[str, Any]) -> date | datetime | None:
    """A call's deadline, else the end of its publicity period."""
    period = call.get("period") or []
    return parse_when(call.get("deadline") or "") or (parse_when(period[-1]) if period else None)


def _call_event(call: Mapping[str, Any], site_url: str) -> Event | None:
    when = call_deadline(call)
    if when is None:
        return None
    event = Event()
    event.add("uid", f"{call['key']}-deadline@wxintel")
    # An extension moves the event: same UID, a higher SEQUENCE, stamped when it moved.
    changed = call.get("deadline_moved_on") or call.get("published", "")
    event.add("dtstamp", published_at(changed))
    event.add("sequence", int(call.get("deadline_sequence") or 0))
    moved = f"（已{call['deadline_moved_as']}）" if call.get("deadline_moved") else ""
    event.add("summary", f"截止{moved}：{call.get('title') or call['key']}")
    _timed(event, when, None)
    page = article_page(site_url, call["key"])
    event.add("description", "\n".join(x for x in (call_description(call), page) if x))
    link = event_url(call.get("url") or "", call["key"], site_url)
    if link:
        event.add("url", link)
    event.add("categories", [call.get("kind") or "call"])
    return event


def _dated_event(item: DatedEvent, site_url: str) -> Event | None:
    start = parse_when(item.start)
    if start is None:
        return None
    event = Event()
    event.add("uid", item.uid)
    event.add("dtstamp", published_at(item.published))
    event.add("summary", item.name)
    _timed(event, start, parse_when(item.end))
    if item.venue:
        event.add("location", item.venue)
    page = article_page(site_url, item.key)
    event.add("description", "\n".join(x for x in (f"来自：{item.title}", page) if x))
    link = event_url(item.url, item.key, site_url)
    if link:
        event.add("url", link)
    event.add("categories", ["event"])
    return event


def calls_ics(calls: Iterable[Mapping[str, Any]], site_url: str = "") -> bytes:
    """Every call deadline as an event; UIDs come from article keys, so updates replace."""
    return events_ics(calls, (), site_url=site_url, name="wxintel 截止日期")


def events_ics(
    calls: Iterable[Mapping[str, Any]],
    events: Iterable[DatedEvent],
    site_url: str = "",
    name: str = "wxintel",
) -> bytes:
    """Call deadlines and dated events in one calendar; undated items are left out.

    Timed events say TZID=Asia/Shanghai, so the calendar carries that zone's VTIMEZONE
    (RFC 5545 requires one per TZID used; Outlook misplaces events without it).
    """
    cal = _calendar(name)
    items = [_call_event(c, site_url) for c in calls]
    items += [_dated_event(e, site_url) for e in events]
    seen: set[str] = set()
    for item in items:
        if item is not None and str(item["uid"]) not in seen:
            seen.add(str(item["uid"]))
            cal.add_component(item)
    cal.add_missing_timezones()
    return cal.to_ical()


def dated_events(rows: Iterable[Mapping[str, Any]]) -> list[DatedEvent]:
    """Events as the store lists them (`store.events()`), those with a usable date."""
    return [
        DatedEvent(
            key=str(row["key"]),
            title=str(row.get("title") or ""),
            name=str(row.get("name") or row.get("title") or ""),
            start=str(row["start"]),
            end=str(row.get("end") or ""),
            venue=str(row.get("venue") or ""),
            url=str(row.get("url") or ""),
            published=str(row.get("published") or row["start"]),
        )
        for row in rows
        if parse_when(str(row.get("start") or "")) is not None
    ]
