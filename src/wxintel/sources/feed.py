"""RSS 2.0, RSS 1.0 (RDF), Atom and JSON Feed, as WeChat-to-RSS bridges publish accounts.

XML goes through defusedxml first, which refuses entity declarations (a "billion laughs" bomb
is never expanded) and finds where a broken document breaks; feedparser, a library made for
the many dialects of feeds, then reads the items. Declared encodings (GBK, GB2312, GB18030)
are honoured. Item HTML becomes text through the same function as saved pages, so a post reads
the same from either source. An item is identified by its guid (Atom id), else its link: a
corrected item published again replaces the old one.
"""

from __future__ import annotations

import codecs
import hashlib
import io
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, BinaryIO
from xml.etree.ElementTree import ParseError

import feedparser
from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse

from wxintel.model import Article, Reject
from wxintel.sources.encoding import DecodeWarning, decode_all, replaced_count
from wxintel.sources.feed_account import FeedTitle, item_account, read_feed_title
from wxintel.sources.fields import FieldError, article_id, normalise_published, wechat_ids
from wxintel.sources.htmltext import fragment_to_text

_DECLARATION = re.compile(rb"^\s*<\?xml[^>]*?encoding\s*=\s*[\"']([A-Za-z0-9_.:-]+)[\"']")
_CHINESE_CODECS = frozenset({"gb2312", "gbk", "gb18030"})  # all read as their superset
ITEM_NAMES = frozenset({"item", "entry"})  # RSS 2.0 / RSS 1.0 item, Atom entry
DATE_FIELDS = {  # feedparser's key -> the element a user sees in the file, per dialect
    ("rss", "published"): "pubDate",
    ("rss", "updated"): "date",
    ("atom", "published"): "published",
    ("atom", "updated"): "updated",
}


@dataclass
class FeedItem:
    """One item read from a feed. `summary_only`: the feed carries no full text for it (no
    content:encoded / Atom content / content_html), so the linked article page has it."""

    article: Article
    identity: str  # guid or Atom id, else the link
    summary_only: bool = False


@dataclass
class ParsedFeed:
    """A whole feed: its title, items (or per-item rejects) in order, and what broke it.
    An item whose account neither it nor the title names (an aggregate's item without an
    author) has a blank account: a reader fills it (`unnamed_accounts`)."""

    title: str = ""
    entries: list[FeedItem | Reject] = field(default_factory=list)
    error: Reject | None = None  # malformed, hostile or not a feed: items after it are lost
    replaced: int = 0  # undecodable bytes turned into U+FFFD

    @property
    def named(self) -> FeedTitle:
        """The account the title names, or that it is a collector's aggregate (read each time
        from `title`, so the two cannot disagree)."""
        return read_feed_title(self.title)


def read_feed(
    open_stream: Callable[[], BinaryIO], name: str
) -> Iterator[Article | Reject | DecodeWarning]:
    """Yield one Article or Reject per item; a feed broken midway ends with a Reject."""
    with open_stream() as raw:
        parsed = parse_feed(raw.read(), name)
    unnamed_accounts(parsed, parsed.title)
    for entry in parsed.entries:
        yield entry.article if isinstance(entry, FeedItem) else entry
    if parsed.error is not None:
        yield parsed.error
    if parsed.replaced:
        yield DecodeWarning(name, parsed.replaced)


def unnamed_accounts(parsed: ParsedFeed, account: str) -> None:
    """File the items whose account nothing named under `account`."""
    for entry in parsed.entries:
        if isinstance(entry, FeedItem) and not entry.article.account:
            entry.article.account = account


def parse_feed(data: bytes, name: str) -> ParsedFeed:
    """Every item of the feed in `data` (XML or JSON Feed); a pure function of the bytes."""
    if data.lstrip(codecs.BOM_UTF8 + b" \t\r\n").startswith((b"{", b"[")):
        from wxintel.sources.jsonfeed import parse_json_feed

        return parse_json_feed(data, name)
    utf8, replaced = as_utf8(data)
    complete, error = _check_xml(utf8, name)
    parsed = ParsedFeed(replaced=replaced, error=error)
    if error is not None and error.reason.startswith("refused"):
        return parsed
    document = feedparser.parse(utf8, sanitize_html=False, resolve_relative_uris=False)
    version = document.get("version", "")
    if not version and error is None:
        parsed.error = Reject(name, "not a feed: no RSS, RDF or Atom items in this XML")
        return parsed
    dialect = "atom" if version.startswith("atom") else "rss"
    parsed.title = (document.feed.get("title") or "").strip()
    entries = document.entries if error is None else document.entries[:complete]
    named = parsed.named
    for index, entry in enumerate(entries):
        parsed.entries.append(_item(entry, named, dialect, f"{name}#{index}"))
    return parsed


def as_utf8(data: bytes) -> tuple[bytes, int]:
    """The document as UTF-8 with its declaration saying so, and the bytes that were no
    character: expat reads no multi-byte Chinese encoding itself."""
    declared = _DECLARATION.match(data)
    encoding = declared[1].decode().lower() if declared else ""
    if encoding in _CHINESE_CODECS or (encoding and encoding not in {"utf-8", "utf8"}):
        codec = "gb18030" if encoding in _CHINESE_CODECS else encoding
        try:
            text = data.decode(codec, errors="replace")
            replaced = replaced_count(text, data, codec)
        except LookupError:
            text, replaced = decode_all(data)
    else:
        text, replaced = decode_all(data)
    if declared:
        text = re.sub(r"""(encoding\s*=\s*)["'][^"']*["']""", r'\1"utf-8"', text, count=1)
    return text.encode("utf-8"), replaced


def _check_xml(utf8: bytes, name: str) -> tuple[int, Reject | None]:
    """How many items close before the document breaks, and the Reject saying where it
    breaks (None when it is whole). Entity declarations are refused, never expanded."""
    complete = 0
    try:
        for _, element in iterparse(io.BytesIO(utf8), forbid_dtd=False, forbid_entities=True):
            if element.tag.rpartition("}")[2] in ITEM_NAMES:
                complete += 1
                element.clear()
    except DefusedXmlException as error:
        return 0, Reject(name, refusal(error))
    except ParseError as error:
        line, column = error.position
        message = str(error).split(":")[0]
        return complete, Reject(
            f"{name}:{line}:{column + 1}",
            f"malformed XML at line {line}, column {column + 1}: {message}",
        )
    return complete, None


def refusal(error: DefusedXmlException) -> str:
    """Why defusedxml refused a document, naming the entity or reference it declares: the
    exception's own text is a repr ("EntitiesForbidden(name='lol', system_id=None, …)")."""
    named = getattr(error, "name", None) or getattr(error, "sysid", None)
    return "refused: the XML declares entities or external references" + (
        f" ({named!r})" if named else ""
    )


def _item(entry: Any, named: FeedTitle, dialect: str, origin: str) -> FeedItem | Reject:
    try:
        return _build(entry, named, dialect, origin)
    except FieldError as error:
        record = {k: v for k, v in entry.items() if not k.endswith("_parsed")}
        return Reject(origin, str(error), record)


def _build(entry: Any, named: FeedTitle, dialect: str, origin: str) -> FeedItem:
    if "title" not in entry:
        raise FieldError("missing field title")
    title = _text(entry.get("title_detail") or {"value": entry["title"]})
    content, summary_only = _content(entry, dialect)
    url = (entry.get("link") or "").strip()
    guid = (entry.get("id") or "").strip()
    if not title.strip() and not content.strip():
        raise FieldError(f"empty item {guid or url or origin}: no title and no content")
    date_key = next((k for k in ("published", "updated") if (entry.get(k) or "").strip()), "")
    published = normalise_published(
        entry.get(date_key, ""), DATE_FIELDS.get((dialect, date_key), "published")
    )
    author = (entry.get("author") or "").strip()
    source = (entry.get("source") or {}).get("title") or ""
    return FeedItem(
        article=feed_article(
            title=title,
            content=content,
            account=item_account(named, source, author),
            url=url,
            guid=guid,
            published=published,
            author=author,
            origin=origin,
        ),
        identity=guid or url,
        summary_only=summary_only,
    )


def feed_article(
    *,
    title: str,
    content: str,
    account: str,
    url: str,
    guid: str,
    published: str,
    author: str,
    origin: str,
) -> Article:
    """An item as an Article: WeChat ids from its link when it is a WeChat link, else an aid
    from its guid or link (every feed format builds its items here)."""
    ids = wechat_ids(url)
    return Article(
        title=title,
        content=content,
        raw_content=content,
        account=account,
        aid=article_id("", ids.get("mid", ""), ids.get("idx", "")) or item_id(guid or url),
        url=url,
        published=published,
        author=author,
        biz=ids.get("biz", ""),
        mid=ids.get("mid", ""),
        idx=ids.get("idx", ""),
        sn=ids.get("sn", ""),
        extra={"guid": guid} if guid else {},
        origin=origin,
    )


def item_id(identity: str) -> str:
    """A short, stable aid for a feed item from its guid or link ("" when it has neither):
    with the feed's title as account, it keeps a re-published item the same article."""
    if not identity:
        return ""
    return "feed-" + hashlib.sha1(identity.encode()).hexdigest()[:12]


def _content(entry: Any, dialect: str) -> tuple[str, bool]:
    """content:encoded or Atom content, else description / summary (then summary only)."""
    if entry.get("content"):
        return _text(entry["content"][0]), False
    if "summary" in entry:
        detail = entry.get("summary_detail") or {"value": entry["summary"], "type": "text/html"}
        return _text(detail), True
    shown = "content or summary" if dialect == "atom" else "encoded or description"
    raise FieldError(f"missing field {shown}")


# A CDATA section written as an element's text, so the XML writer escaped its markers: we-mp-rss
# with `rss.cdata` on sets content:encoded's text to "<![CDATA[…]]>" (core/rss.py), and a
# reader gets the markers back as part of the HTML; left in, "]]>" ended every post's text.
_ESCAPED_CDATA = re.compile(r"\s*<!\[CDATA\[(.*)\]\]>\s*", re.DOTALL)


def _text(detail: Any) -> str:
    """A text construct as text: markup (HTML, XHTML) read like a page, plain text as is."""
    value = detail.get("value") or ""
    wrapped = _ESCAPED_CDATA.fullmatch(value)
    if wrapped:
        value = wrapped.group(1)
    if "html" in (detail.get("type") or "text/html"):
        return fragment_to_text(value)
    return value.strip()
