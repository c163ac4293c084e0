"""JSON Feed (https://jsonfeed.org, versions 1 and 1.1), which some bridges offer beside RSS.

feedparser reads only XML dialects; a JSON Feed is plain JSON, read here into the same items.
"""

from __future__ import annotations

import json
from typing import Any

from wxintel.model import Reject
from wxintel.sources.encoding import decode_all
from wxintel.sources.feed import FeedItem, ParsedFeed, feed_article
from wxintel.sources.feed_account import FeedTitle, item_account
from wxintel.sources.fields import FieldError, normalise_published
from wxintel.sources.htmltext import fragment_to_text, holds_markup

VERSION_PREFIX = "https://jsonfeed.org/version/"


def parse_json_feed(data: bytes, name: str) -> ParsedFeed:
    """Every item of a JSON Feed; anything else in JSON is "not a feed"."""
    text, replaced = decode_all(data)
    parsed = ParsedFeed(replaced=replaced)
    try:
        document = json.loads(text)
    except ValueError as error:
        line = getattr(error, "lineno", 0)
        column = getattr(error, "colno", 0)
        parsed.error = Reject(
            f"{name}:{line}:{column}", f"malformed JSON at line {line}, column {column}: {error}"
        )
        return parsed
    if not isinstance(document, dict) or not str(document.get("version", "")).startswith(
        VERSION_PREFIX
    ):
        parsed.error = Reject(name, f"not a feed: JSON without a {VERSION_PREFIX}… version")
        return parsed
    parsed.title = str(document.get("title") or "").strip()
    items = document.get("items")
    if not isinstance(items, list):
        parsed.error = Reject(name, "not a feed: field items is not a list")
        return parsed
    named = parsed.named
    for index, item in enumerate(items):
        origin = f"{name}#{index}"
        try:
            parsed.entries.append(_item(item, named, origin))
        except FieldError as error:
            parsed.entries.append(Reject(origin, str(error), item))
    return parsed


def _summary(text: str) -> str:
    """A summary as text: read like a page when it holds HTML, else as written. JSON Feed's
    summary is plain text, but collectors put the article's HTML there: wewe-rss's full-text
    mode gives its `description` (a <style> block and the page's rich_media_content div), which
    the `feed` package writes as `summary`."""
    return fragment_to_text(text) if holds_markup(text) else text.strip()


def _item(item: Any, named: FeedTitle, origin: str) -> FeedItem:
    if not isinstance(item, dict):
        raise FieldError("item is not an object")
    title = str(item.get("title") or "").strip()
    if item.get("content_html"):
        content, summary_only = fragment_to_text(str(item["content_html"])), False
    elif item.get("content_text"):
        content, summary_only = str(item["content_text"]).strip(), False
    else:
        content, summary_only = _summary(str(item.get("summary") or "")), True
    url = str(item.get("url") or item.get("external_url") or "").strip()
    guid = str(item.get("id") or "").strip()
    if not title and not content:
        raise FieldError(f"empty item {guid or url or origin}: no title and no content")
    field_name = "date_published" if item.get("date_published") else "date_modified"
    authors = item.get("authors") or ([item["author"]] if item.get("author") else [])
    author = next((str(a.get("name", "")) for a in authors if isinstance(a, dict)), "")
    return FeedItem(
        article=feed_article(
            title=title,
            content=content,
            account=item_account(named, "", author),
            url=url,
            guid=guid,
            published=normalise_published(item.get(field_name), field_name),
            author=author.strip(),
            origin=origin,
        ),
        identity=guid or url,
        summary_only=summary_only,
    )
