"""One JSON record (from an export or a JSON Lines file) to an `Article`, or a `Reject`.

Both JSON formats share these rules, so a record means the same whichever file it came in.
Two key dialects exist: the crawler's Chinese keys and plain English keys. Where several keys
can carry one field (an English date as `published`, `time`, `date`, …), the first of them in
the table's order that has a value wins; the others are kept in `extra`.
"""

from __future__ import annotations

from typing import Any

from wxintel.model import Article, Reject
from wxintel.sources.fields import (
    FieldError,
    article_id,
    normalise_published,
    optional_text,
    required_text,
    wechat_ids,
)
from wxintel.sources.htmltext import fragment_to_text, is_markup

CHINESE_KEYS = {
    "文章标识符aid": "aid",
    "标题title": "title",
    "链接url": "url",
    "时间time": "published",
    "公众号名称": "account",
    "finalContent": "content",
}
ENGLISH_KEYS = {
    "aid": "aid",
    "id": "aid",
    "title": "title",
    "url": "url",
    "published": "published",
    "time": "published",
    "date": "published",
    "publish_time": "published",
    "pub_date": "published",
    "create_time": "published",
    "account": "account",
    "content": "content",
    "author": "author",
}


def record_to_article(
    record: Any, origin: str, reject_origin: str | None = None
) -> Article | Reject:
    """Map a decoded JSON value to an Article; anything unusable is a Reject naming the field,
    located at `reject_origin` where the reader gives a person one ("a.json record 3 (line 1)")
    while its articles keep their stored `origin`."""
    where = origin if reject_origin is None else reject_origin
    if not isinstance(record, dict):
        return Reject(where, f"expected a JSON object, got {_json_type(record)}", record)
    keys = CHINESE_KEYS if any(key in record for key in CHINESE_KEYS) else ENGLISH_KEYS
    try:
        return _build(record, keys, origin)
    except FieldError as error:
        return Reject(where, str(error), record)


def _build(record: dict[str, Any], keys: dict[str, str], origin: str) -> Article:
    names = {field: key for key, field in reversed(keys.items())}  # field -> its input key
    values: dict[str, Any] = {}
    for field in names:
        present = [key for key, f in keys.items() if f == field and key in record]
        chosen = next((key for key in present if _has_value(record[key])), None)
        chosen = chosen or next(iter(present), None)
        if chosen is not None:
            values[field] = record[chosen]
            names[field] = chosen
    used = {names[field] for field in values}
    extra = {key: value for key, value in record.items() if key not in used}
    title = required_text(values.get("title"), names["title"], present="title" in values)
    if not title.strip():  # a re-crawl that lost the title would blank the stored post's
        raise FieldError(f"empty field {names['title']}")
    content = required_text(values.get("content"), names["content"], present="content" in values)
    if is_markup(content):  # a crawler that kept the page's HTML: read as the page would be
        content = fragment_to_text(content)
    url = optional_text(values.get("url"), names["url"])
    ids = wechat_ids(url)
    return Article(
        title=title,
        content=content,
        raw_content=content,
        account=optional_text(values.get("account"), names["account"]),
        aid=article_id(
            optional_text(values.get("aid"), names["aid"]), ids.get("mid", ""), ids.get("idx", "")
        ),
        url=url,
        published=normalise_published(values.get("published"), names["published"]),
        author=optional_text(values.get("author"), names.get("author", "author")),
        biz=ids.get("biz", ""),
        mid=ids.get("mid", ""),
        idx=ids.get("idx", ""),
        sn=ids.get("sn", ""),
        extra=extra,
        origin=origin,
    )


def _has_value(value: Any) -> bool:
    return value is not None and not (isinstance(value, str) and not value.strip())


def _json_type(value: Any) -> str:
    names = {list: "array", str: "string", bool: "boolean", type(None): "null"}
    return names.get(type(value), "number")
