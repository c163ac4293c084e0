"""A saved mp.weixin.qq.com article page: one Article, or Unavailable for an error page.

Facts come from the page scripts first (they hold the publish time, ids and the share texts
that JavaScript would render), then from meta tags and markup. Normal articles keep their
body in `div#js_content`; image shares (item_show_type 8) and text shares (10) keep it in
`window.cgiDataNew.content_noencode`.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterator
from typing import BinaryIO

from selectolax.lexbor import LexborHTMLParser

from wxintel.model import Article, Reject, Unavailable
from wxintel.sources.encoding import DecodeWarning, decode_all
from wxintel.sources.fields import FieldError, article_id, normalise_published, wechat_ids
from wxintel.sources.htmltext import IMAGE_MARKER, html_to_text
from wxintel.sources.jsvars import cgi_data, picture_count, script_assignments

SHARE_TYPES = {"8", "10"}  # image share, text share: the text is not in #js_content
ERROR_STATUSES = (
    ("删除", "deleted"),
    ("违规", "violation"),
    ("无法查看", "unavailable"),
    ("环境异常", "verification"),  # WeChat asks a human to pass a check: try again later
)
PAGE_WORDS = {status: words for words, status in ERROR_STATUSES}  # what WeChat's page said


def status_in_chinese(status: str) -> str:
    """A page that is no article, as its own page said it (网页显示“违规”), for a person."""
    return f"网页显示“{PAGE_WORDS[status]}”" if status in PAGE_WORDS else status


_DIGITS = re.compile(r"\d+")
_SN = re.compile(r"[0-9a-fA-F]+")
_BIZ = re.compile(r"[A-Za-z0-9+/=_-]+")
_TITLE_FROM_TEXT = 64  # a text share may have no title: WeChat lists it by its first words


def read_page(
    open_stream: Callable[[], BinaryIO], name: str
) -> Iterator[Article | Reject | Unavailable | DecodeWarning]:
    """Yield the page's one Article, its Unavailable status, or a Reject saying what is missing;
    then a DecodeWarning if bytes had to be replaced."""
    with open_stream() as raw:
        page, replaced = decode_all(raw.read())
    yield parse_page(page, name)
    if replaced:
        yield DecodeWarning(name, replaced)


def parse_page(page: str, origin: str) -> Article | Reject | Unavailable:
    """The article a saved page holds (a pure function of the page text)."""
    tree = LexborHTMLParser(page)
    scripts = script_assignments(page)
    cgi = cgi_data(page)
    facts = _PageFacts(tree, scripts, cgi)
    content = _body_text(tree, page, facts)
    if content is None:
        return _error_page(tree, origin) or Reject(
            origin, "no article in page: neither div#js_content nor cgiDataNew.content_noencode"
        )
    try:
        published = normalise_published(facts.published(), "var ct")
    except FieldError as error:
        return Reject(origin, str(error))
    url = facts.text("msg_link", "link", "og:url")
    ids = wechat_ids(url)  # a long-form link, when the scripts were not saved
    mid = facts.pick("mid", _DIGITS) or ids.get("mid", "")
    idx = facts.pick("idx", _DIGITS) or ids.get("idx", "")
    return Article(
        title=facts.text("msg_title", "title", "og:title", "#activity-name")
        or _first_words(content),
        content=content,
        raw_content=content,
        account=facts.text("nickname", "nick_name", selector="#js_name"),
        aid=article_id("", mid, idx),
        url=url,
        published=published,
        author=facts.text("author", "author", "og:article:author", "#js_author_name"),
        biz=facts.pick("biz", _BIZ, cgi_key="bizuin") or ids.get("biz", ""),
        mid=mid,
        idx=idx,
        sn=facts.pick("sn", _SN) or ids.get("sn", ""),
        source_url=facts.text("msg_source_url", "source_url"),
        origin=origin,
    )


class _PageFacts:
    """Looks a fact up in script variables, cgiDataNew, meta tags, then markup, in that order."""

    def __init__(
        self, tree: LexborHTMLParser, scripts: dict[str, list[str]], cgi: dict[str, str]
    ) -> None:
        self.tree = tree
        self.scripts = scripts
        self.cgi = cgi

    def text(self, var: str, cgi_key: str, meta: str = "", selector: str = "") -> str:
        for candidate in (*self.scripts.get(var, ()), self.cgi.get(cgi_key, "")):
            if candidate.strip():
                return html.unescape(candidate).strip()
        if meta:
            node = self.tree.css_first(f'meta[property="{meta}"]')
            if node is not None and (node.attributes.get("content") or "").strip():
                return (node.attributes.get("content") or "").strip()
        if selector:
            node = self.tree.css_first(selector)
            if node is not None:
                return node.text(strip=True)
        return ""

    def pick(self, name: str, valid: re.Pattern[str], cgi_key: str = "") -> str:
        candidates = (*self.scripts.get(name, ()), self.cgi.get(cgi_key or name, ""))
        return next((value for value in candidates if valid.fullmatch(value)), "")

    def published(self) -> str:
        return self.pick("ct", _DIGITS, cgi_key="ori_create_time") or self.cgi.get(
            "create_time", ""
        )

    def show_type(self) -> str:
        return self.pick("item_show_type", _DIGITS)


def _body_text(tree: LexborHTMLParser, page: str, facts: _PageFacts) -> str | None:
    share_text = facts.cgi.get("content_noencode") or next(iter(facts.scripts.get("desc", ())), "")
    body = tree.css_first("div#js_content")
    if share_text and (facts.show_type() in SHARE_TYPES or body is None):
        pictures = [IMAGE_MARKER] * picture_count(page)
        return "\n".join([*pictures, share_text])  # the pictures head an image share
    if body is None:
        return None
    return html_to_text(body)


def _error_page(tree: LexborHTMLParser, origin: str) -> Unavailable | None:
    """WeChat's notice pages: deleted by the author, removed for a violation, unavailable."""
    notices = [node.text(strip=True) for node in tree.css(".weui-msg__title, title")]
    for notice in filter(None, notices):
        for keyword, status in ERROR_STATUSES:
            if keyword in notice:
                details = [node.text(strip=True) for node in tree.css(".weui-msg__desc")]
                return Unavailable(origin, status, " ".join(filter(None, [notice, *details])))
    return None


def _first_words(content: str) -> str:
    lines = (line.strip() for line in content.splitlines())
    first_line = next((line for line in lines if line and line != IMAGE_MARKER), "")
    return first_line[:_TITLE_FROM_TEXT]
