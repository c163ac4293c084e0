"""The Jinja2 environment: autoescaping everywhere, plus small display helpers for templates."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from wxintel.links import safe_url

HERE = Path(__file__).parent

KIND_LABELS = {
    "call": "申报/征集",
    "registration": "报名",
    "consultation": "征求意见",
    "publicity": "公示",
    "release": "发布名单",
    "announcement": "通知公告",
    "digest": "一周要闻",
    "event": "活动",
    "feature": "专题/访谈",
    "news": "新闻",
    "stub": "仅标题",
}

STAGE_LABELS = {  # stages of a call thread (wxintel.link.threads)
    "notice": "申报通知",
    "extension": "延期",
    "correction": "更正",
    "supplement": "补充通知",
    "shortlist": "拟入选公示",
    "result": "结果公布",
    "funding": "资金下达",
    "other": "相关",
}

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


def fact_value(value: Any) -> str:
    """A fact's normalised value in one line: dict values joined, ranges as 'a 至 b'."""
    if isinstance(value, Mapping):
        return " · ".join(fact_value(v) for v in value.values() if v)
    if isinstance(value, list | tuple):
        return " 至 ".join(fact_value(v) for v in value if v)
    return str(value)


def query_url(path: str, params: Mapping[str, Any], **changes: Any) -> str:
    """`path` with the current query parameters, some changed (None removes one)."""
    merged: dict[str, Any] = {k: v for k, v in params.items() if v not in (None, "", [], ())}
    for name, value in changes.items():
        if value in (None, "", [], ()):
            merged.pop(name, None)
        else:
            merged[name] = value
    query = urlencode(merged, doseq=True)
    return f"{path}?{query}" if query else path


def toggled(values: list[str], value: str) -> list[str]:
    """A multi-valued filter with `value` switched on or off."""
    return [v for v in values if v != value] if value in values else [*values, value]


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
        stage_labels=STAGE_LABELS,
        query_url=query_url,
        toggled=toggled,
        days_left_label=days_left_label,
        fact_value=fact_value,
        safe_url=safe_url,  # links to originals: only http(s), never javascript:
    )
    return env


templates = _environment()
