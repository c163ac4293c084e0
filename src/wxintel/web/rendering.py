"""The Jinja2 environment: autoescaping everywhere, plus small display helpers for templates."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup, escape

from wxintel.dates import UNKNOWN_DAY, week_days, when
from wxintel.extract.doctype import KIND_LABELS, rule_in_chinese
from wxintel.link.threads import STAGE_LABELS
from wxintel.links import safe_url
from wxintel.reads import as_typed
from wxintel.search.backoff import notices as backoff_notices
from wxintel.sources.page import status_in_chinese
from wxintel.sources.reasons import reason_in_chinese, warning_in_chinese

HERE = Path(__file__).parent

FACET_LABELS = {  # the search page's facets, by the name the search result gives them
    "account": "公众号",
    "kind": "类型",
    "month": "月份",
    "tags": "标签",
    "tag": "标签",
    "lang": "语言",
}

# every fact kind the extractors write, as a page names it (the article's 要点 headings, a
# mark's tooltip): one map, so no page shows a key such as stated_deadline
FACT_LABELS = {
    "deadline": "截止",
    "stated_deadline": "各项截止",
    "period": "公示期",
    "signed": "落款日期",
    "issuer": "发布单位",
    "contact": "联系人",
    "phone": "电话",
    "phone_role": "电话用途",
    "email": "邮箱",
    "address": "地址",
    "postcode": "邮编",
    "url": "链接",
    "attachment": "附件",
    "doc_number": "文号",
    "policy_title": "政策文件",
    "event": "活动",
    "figure": "数据",
}

# entity kinds as a page names them (headings, lists, a linked mention's tooltip)
ENTITY_LABELS = {
    "org": "机构",
    "person": "人物",
    "district": "区域",
    "industry": "产业",
    "event": "活动",
}


def days_left_label(days: int | None) -> str:
    """还剩N天 / 今天截止 / 已截止N天, as the calls board says it."""
    if days is None:
        return "无截止日期"
    if days > 0:
        return f"还剩{days}天"
    if days == 0:
        return "今天截止"
    return f"已截止{-days}天"


def week_label(week: str) -> str:
    """An ISO week key ("2025-W38") as a chart says it: its Monday, "9月15日"."""
    monday, _ = week_days(week)
    return f"{monday.month}月{monday.day}日"


def week_span(week: str) -> str:
    """The days of an ISO week key in full, for a tooltip: "2025年9月15日—9月21日"."""
    monday, sunday = week_days(week)
    return f"{monday.year}年{monday.month}月{monday.day}日—{sunday.month}月{sunday.day}日"


def posted(value: str | None, reference: str | date | None = None) -> str:
    """A post's publish date as a page says it (`when`), or 日期未知 for a post with none."""
    return when(value, reference) if value else UNKNOWN_DAY


# what a fact's dict holds for a reader, in the dict's order: a stated deadline's day, what it
# is for and its wording; a contact's or phone role's name, phone and role; an event's name,
# days and venue. Keys kept for the code ("from", "title_span", "estimated") are not shown.
_READER_KEYS = frozenset(
    {"at", "for", "as_written", "name", "phone", "role", "start", "end", "venue"}
)


def fact_value(value: Any, reference: str | date | None = None) -> str:
    """A fact's normalised value in one line: a dict's reader-facing values joined (a day
    counted over days no holiday notice covers yet marked 估算), ranges as 'a 至 b', dates as
    pages write them ("10月30日 17:00", the year only when it is not `reference`'s: the post's)."""
    if isinstance(value, Mapping):
        shown = []
        for key, item in value.items():
            if key in _READER_KEYS and item:
                text = fact_value(item, reference)
                shown.append(text + "（估算）" if key == "at" and value.get("estimated") else text)
        return " · ".join(shown)
    if isinstance(value, list | tuple):
        return " 至 ".join(fact_value(v, reference) for v in value if v)
    return when(str(value), reference)


_EMPTY = (None, "", [], ())  # a parameter with one of these values is left out of a URL


def _hashable(value: Any) -> Any:
    return tuple(value) if isinstance(value, list) else value


def query_url(path: str, params: Mapping[str, Any], **changes: Any) -> str:
    """`path` with the current query parameters, some changed (None removes one): what
    `urlencode(merged, doseq=True)` gives, each parameter encoded once (a search page links
    every facet value, a hundred and more URLs that differ in one parameter)."""
    merged: dict[str, Any] = {k: v for k, v in params.items() if v not in _EMPTY}
    for name, value in changes.items():
        if value in _EMPTY:
            merged.pop(name, None)
        else:
            merged[name] = value
    query = "&".join(_encoded(k, _hashable(v)) for k, v in merged.items())
    return f"{path}?{query}" if query else path


def varied_urls(path: str, params: Mapping[str, Any], names: Sequence[str]) -> Callable[..., str]:
    """`url(*values)`: `query_url(path, params, **dict(zip(names, values)))`, with the
    parameters that stay encoded once and in place: a search page links every facet value,
    hundreds of URLs that differ from the page's own in one or two parameters."""
    kept = {k: v for k, v in params.items() if v not in _EMPTY}
    # a parameter kept in place, or the position of the name that changes it (a changed name
    # the page does not have yet goes last, in the order of `names`, as dict assignment does)
    pieces: list[str | int] = [
        names.index(k) if k in names else _encoded(k, _hashable(v)) for k, v in kept.items()
    ]
    pieces += [i for i, name in enumerate(names) if name not in kept]

    def url(*values: Any) -> str:
        parts = [
            piece
            if isinstance(piece, str)
            else ""
            if values[piece] in _EMPTY
            else _encoded(names[piece], _hashable(values[piece]))
            for piece in pieces
        ]
        query = "&".join(part for part in parts if part)
        return f"{path}?{query}" if query else path

    return url


@lru_cache(maxsize=4096)
def _encoded(name: str, value: Any) -> str:
    """One parameter as `urlencode(..., doseq=True)` writes it (a tuple: one pair a value)."""
    return urlencode({name: value}, doseq=True)


def toggled(values: list[str], value: str) -> list[str]:
    """A multi-valued filter with `value` switched on or off."""
    return [v for v in values if v != value] if value in values else [*values, value]


def highlighted(text: str, spans: Sequence[Sequence[int]]) -> Markup:
    """`text` escaped, with the [start, end) `spans` (in order, never overlapping: a search
    hit's title_highlights and highlights) in <mark>; only the tags are markup. A function,
    not a macro: a search page writes forty of them, and a macro's call and its pieces handed
    up one by one cost several times the escaping itself."""
    pieces = []
    at = 0
    for start, end in spans:
        pieces.append(f"{escape(text[at:start])}<mark>{escape(text[start:end])}</mark>")
        at = end
    pieces.append(str(escape(text[at:])))
    return Markup("".join(pieces))


def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(HERE / "templates"),
        autoescape=True,  # every template, every value: article text is untrusted
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(
        kind_labels=KIND_LABELS,
        entity_labels=ENTITY_LABELS,
        fact_labels=FACT_LABELS,
        stage_labels=STAGE_LABELS,
        query_url=query_url,
        backoff_notices=backoff_notices,
        highlighted=highlighted,
        toggled=toggled,
        days_left_label=days_left_label,
        fact_value=fact_value,
        when=when,
        safe_url=safe_url,  # links to originals: only http(s), never javascript:
    )
    env.filters["when"] = when
    env.filters["posted"] = posted
    env.filters["as_typed"] = as_typed
    env.filters["facet_label"] = lambda name: FACET_LABELS.get(name, name)
    env.filters["reason_zh"] = reason_in_chinese
    env.filters["kind_rule_zh"] = rule_in_chinese
    env.filters["warning_zh"] = warning_in_chinese
    env.filters["page_status_zh"] = status_in_chinese
    return env


templates = _environment()
