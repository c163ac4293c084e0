"""RSS 2.0 and Atom feeds, as WeChat-to-RSS bridges publish accounts.

Parsed incrementally with the standard library (each finished item is dropped from the tree,
so a long feed stays small in memory). Item HTML becomes text through the same function as
saved pages, so a post reads the same from either source. An item is identified by its guid
(Atom id), else its link: a corrected item published again replaces the old one.
"""

from __future__ import annotations

import copy
import hashlib
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from typing import BinaryIO

from wxintel.model import Article, Reject
from wxintel.sources.fields import (
    FieldError,
    article_id,
    normalise_published,
    wechat_ids,
)
from wxintel.sources.htmltext import fragment_to_text

ATOM = "{http://www.w3.org/2005/Atom}"
CONTENT = "{http://purl.org/rss/1.0/modules/content/}encoded"
DC = "{http://purl.org/dc/elements/1.1/}"

ITEM_TAGS = frozenset({"item", f"{ATOM}entry"})
FEED_TAGS = frozenset({"channel", f"{ATOM}feed"})
TITLE_TAGS = frozenset({"title", f"{ATOM}title"})


def read_feed(open_stream: Callable[[], BinaryIO], name: str) -> Iterator[Article | Reject]:
    """Yield one Article or Reject per item/entry; malformed XML ends with a Reject."""
    account = ""
    index = 0
    open_elements: list[ET.Element] = []
    with open_stream() as raw:
        try:
            for event, element in ET.iterparse(raw, events=("start", "end")):
                if event == "start":
                    open_elements.append(element)
                    continue
                open_elements.pop()
                parent = open_elements[-1] if open_elements else None
                if element.tag in ITEM_TAGS:
                    yield _entry_to_article(element, account, f"{name}#{index}")
                    index += 1
                    if parent is not None:
                        parent.remove(element)
                elif element.tag in TITLE_TAGS and parent is not None and parent.tag in FEED_TAGS:
                    account = _text_of(element)
        except ET.ParseError as error:
            line, column = error.position
            message = str(error).split(":")[0]
            yield Reject(
                f"{name}:{line}:{column + 1}",
                f"malformed XML at line {line}, column {column + 1}: {message}",
            )


def _entry_to_article(entry: ET.Element, account: str, origin: str) -> Article | Reject:
    try:
        return _build(entry, account, origin)
    except FieldError as error:
        return Reject(origin, str(error), ET.tostring(entry, encoding="unicode"))


def _build(entry: ET.Element, account: str, origin: str) -> Article:
    atom = entry.tag == f"{ATOM}entry"
    title = _title(entry, atom)
    content = _content(entry, atom)
    url = _atom_link(entry) if atom else _child_text(entry, "link", "guid")
    date_field, date_value = _first_present(
        entry,
        (f"{ATOM}published", f"{ATOM}updated") if atom else ("pubDate", f"{DC}date"),
    )
    guid = _child_text(entry, "guid", f"{ATOM}id")
    if not title.strip() and not content.strip():
        raise FieldError(f"empty item {guid or url or origin}: no title and no content")
    ids = wechat_ids(url)
    return Article(
        title=title,
        content=content,
        raw_content=content,
        account=account,
        aid=article_id("", ids.get("mid", ""), ids.get("idx", "")) or item_id(guid or url),
        url=url,
        published=normalise_published(date_value, date_field),
        author=_child_text(entry, f"{ATOM}author/{ATOM}name", "author", f"{DC}creator"),
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


def _title(entry: ET.Element, atom: bool) -> str:
    element = entry.find(f"{ATOM}title" if atom else "title")
    if element is None:
        raise FieldError("missing field title")
    return _atom_text(element) if atom else _text_of(element)


def _content(entry: ET.Element, atom: bool) -> str:
    """content:encoded, else description (RSS, always HTML); content, else summary (Atom)."""
    names = (f"{ATOM}content", f"{ATOM}summary") if atom else (CONTENT, "description")
    for name in names:
        element = entry.find(name)
        if element is not None:
            return _atom_text(element) if atom else fragment_to_text(element.text or "")
    shown = " or ".join(name.split("}")[-1] for name in names)
    raise FieldError(f"missing field {shown}")


def _atom_text(element: ET.Element) -> str:
    """An Atom text construct: type "text" (the default), "html" (escaped) or "xhtml" (inline)."""
    kind = element.get("type", "text")
    if kind == "xhtml":
        return fragment_to_text("".join(_plain_markup(child) for child in element))
    if "html" in kind:
        return fragment_to_text(element.text or "")
    return _text_of(element)


def _plain_markup(element: ET.Element) -> str:
    """Inline XHTML as plain HTML: namespaced tags ("{...xhtml}p") would not be known blocks."""
    plain = copy.deepcopy(element)
    for node in plain.iter():
        if isinstance(node.tag, str):
            node.tag = node.tag.rpartition("}")[2]
    return ET.tostring(plain, encoding="unicode")


def _atom_link(entry: ET.Element) -> str:
    links = entry.findall(f"{ATOM}link")
    for link in links:
        if link.get("rel", "alternate") == "alternate" and link.get("href"):
            return link.get("href", "").strip()
    return next((link.get("href", "").strip() for link in links if link.get("href")), "")


def _first_present(entry: ET.Element, names: tuple[str, ...]) -> tuple[str, str]:
    for name in names:
        element = entry.find(name)
        if element is not None and _text_of(element):
            return name.split("}")[-1], _text_of(element)
    return names[0], ""


def _child_text(entry: ET.Element, *paths: str) -> str:
    for path in paths:
        element = entry.find(path)
        if element is not None and _text_of(element):
            return _text_of(element)
    return ""


def _text_of(element: ET.Element) -> str:
    return "".join(element.itertext()).strip()
