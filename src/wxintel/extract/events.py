"""Events with dates and venues: "9月28日，…论坛在漕河泾会议中心举行",
"…博览会定于2026年7月22-25日在国家会展中心（上海）举办".

A sentence qualifies when it has a date (or range), a venue after 在, and a holding verb; the
event name is the sentence's subject, kept only when it names a gathering (会, 论坛, 展 …).
"""

from __future__ import annotations

import re
from datetime import date

from wxintel import settings
from wxintel.model import Fact
from wxintel.nlp.cndate import DateSpan, find_dates

# Events are mostly reported after they happen: a year-less date up to half a year back is
# taken as past rather than as next year's.
EVENT_PAST_DAYS = settings.count("event_past_days")

_SENTENCE = re.compile(r"[^。！？!?\n]+")
_HELD = re.compile(
    r"在(?P<venue>[^，。；、在]{2,30}?)(?:成功|隆重|正式|盛大|顺利|同步|线上线下)?"
    r"(?:举行|举办|召开|开幕|启幕|开展|开启|亮相|闭幕)"
)
_WHEN = re.compile(r"(?:将于|定于|于|将在)?[ \t]*$")
_GATHERING = re.compile(
    r"会|论坛|展|赛|节|周|峰会|活动|仪式|典礼|培训班|沙龙|讲堂|路演|对接|发布|交易|博览|年会"
)
_LEADING = re.compile(
    r"^(?:[，,、\s]|近日|日前|今天|今日|昨天|昨日|此外|同时|其中|届时|本届|作为)+"
)
_FRAMING = re.compile(r"^.*(?:为主题的|主办的|承办的|指导的)")
_MAX_NAME = 60


def extract_events(text: str, ref: date) -> list[Fact]:
    """Event facts {"name", "start", "end", "venue"} with the sentence span as evidence."""
    facts = []
    for sentence in _SENTENCE.finditer(text):
        held = _HELD.search(sentence.group())
        if held is None:
            continue
        dates = find_dates(sentence.group(), ref, past_days=EVENT_PAST_DAYS)
        dates = [d for d in dates if d.start < held.start()]
        if not dates:
            continue
        first = next((d for d in dates if not d.is_range_end), dates[0])
        last = _range_end(dates, first)
        name = _name(sentence.group(), first, last, held.start())
        if not name:
            continue
        value = {
            "name": name,
            "start": first.iso[:10],
            "end": last.iso[:10],
            "venue": held.group("venue").strip(),
        }
        start, end = sentence.start(), sentence.start() + held.end()
        facts.append(Fact("event", value, start, end, text[start:end]))
    return facts


def _range_end(dates: list[DateSpan], first: DateSpan) -> DateSpan:
    index = dates.index(first)
    if index + 1 < len(dates) and dates[index + 1].is_range_end:
        return dates[index + 1]
    return first


def _name(sentence: str, first: DateSpan, last: DateSpan, venue_at: int) -> str:
    """The subject: after the date when it opens the sentence, else before 于/定于 + date."""
    lead = sentence[: first.start]
    name = sentence[last.end : venue_at] if not lead.strip(" ，,") else _WHEN.sub("", lead)
    name = _LEADING.sub("", _FRAMING.sub("", name)).strip(" ，,：:")
    if "，" in name:
        name = name.rsplit("，", 1)[-1]
    if not name or len(name) > _MAX_NAME or not _GATHERING.search(name):
        return ""
    return name
