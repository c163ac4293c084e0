"""The news of a post in its own words, and a notice's deadline and contact.

A summary quotes the first sentence that carries news: datelines, source lines, editor's
notes, pointers, headings and a notice's own header (its title again) are skipped; a long
sentence is cut at a comma with an ellipsis, never rewritten.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from wxintel import settings
from wxintel.briefs.classify import paragraphs
from wxintel.briefs.select import story_key
from wxintel.clean import is_pointer_line
from wxintel.store import StoredArticle

SUMMARY_CHARS = settings.count("brief_summary_chars")
SALUTATION_CHARS = (
    80  # "各区经委、有关企业：" addresses readers; a longer line ending in "：" is prose
)

_SERIES_INTRO = re.compile(r"^编者按|专栏|人物简介|人物报道|^问[:：]")
_NON_WORD = re.compile(r"[\W_]+", re.UNICODE)
_SENTENCE = re.compile(r"[^。！？!?；;]+[。！？!?；;]*[”」』）)]?")
_SKIP_LINE = re.compile(
    r"^(?:来源|转载自|转自|资料来源|编者按|作者|记者|编辑|责编|审核|摄影|图片|视频|文字|供稿|通讯员"
    r"|原标题|本文|文\s*[/|｜]|图\s*[/|｜])|视频时长|欢迎转发|点赞|关注我们|扫码|二维码|↓|→$"
)
_DATELINE = re.compile(  # "新华社上海9月23日电", "本报讯（记者 …）"
    r"^[（(【]?[^，。（(]{0,16}?\d{1,2}月\d{1,2}日电[）)】]?\s*|^本报讯[（(][^）)]*[）)]\s*"
)
_DOC_HEADER = re.compile(r"(?:通知|公告|公示|通告|决定|办法|意见|通报|函)\s*$")
_REPORTER = re.compile(r"^[（(](?:记者|通讯员)[^）)]{1,30}[）)]\s*")


def _informative(paragraph: str) -> bool:
    """Prose that says something: not a pointer, source line, heading or salutation ("各单位：")."""
    if is_pointer_line(paragraph) or _SKIP_LINE.search(paragraph):
        return False
    if paragraph[-1] in "：:" and len(paragraph) <= SALUTATION_CHARS:
        return False
    words = _NON_WORD.sub("", paragraph)
    ends_like_prose = paragraph[-1] in "。！？!?；;”」）)…"
    return len(words) >= 30 or (len(words) >= 12 and ends_like_prose)


def summarise(content: str, title: str = "", limit: int = SUMMARY_CHARS) -> str:
    """One or two sentences quoted from the body: the first that carries news."""
    core = story_key(title)
    skip_next = False
    for paragraph in paragraphs(content):
        if skip_next or _SERIES_INTRO.search(paragraph):
            skip_next = paragraph.rstrip("：:") == "编者按"
            continue
        if not _informative(paragraph) or _DOC_HEADER.search(paragraph):
            continue
        if core and core in story_key(paragraph):
            continue
        text = _REPORTER.sub("", _DATELINE.sub("", paragraph, count=1), count=1)
        sentences = [s.strip() for s in _SENTENCE.findall(text) if s.strip()]
        if not sentences:
            continue
        chosen = sentences[0]
        if len(chosen) < 40 and len(sentences) > 1 and len(chosen + sentences[1]) <= limit:
            chosen += sentences[1]
        return _cut(chosen, limit)
    return ""


def _cut(sentence: str, limit: int) -> str:
    if len(sentence) <= limit:
        return sentence
    head = sentence[:limit]
    comma = max(head.rfind("，"), head.rfind("、"), head.rfind(","))
    return (head[:comma] if comma >= limit // 2 else head) + "…"


def call_details(article: StoredArticle, facts: Sequence[Mapping[str, Any]]) -> tuple[str, str]:
    """A notice's deadline and first contact ("name phone"), from its facts."""
    deadline = article.deadline or next(
        (str(f["value"]) for f in facts if f.get("kind") == "deadline" and f.get("value")), ""
    )
    if not deadline:
        period = next((f["value"] for f in facts if f.get("kind") == "period"), None)
        if isinstance(period, list) and period and period[-1]:
            deadline = str(period[-1])
        elif isinstance(period, Mapping) and period.get("end"):
            deadline = str(period["end"])
    contact = ""
    for fact in facts:
        value = fact.get("value")
        if fact.get("kind") == "contact" and isinstance(value, Mapping):
            contact = " ".join(str(value.get(k) or "") for k in ("name", "phone")).strip()
        elif fact.get("kind") == "phone" and value:
            contact = str(value)
        if contact:
            break
    return deadline, contact
