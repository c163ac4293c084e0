"""The shortest span of a passage that answers a question of a given type.

Stored facts (deadlines, phones, e-mails, addresses, doc numbers, money) are used where they
fall inside the passage, since their spans were checked at ingest; the same readers that made
them (dates, identifiers, figures) find the rest.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from wxintel.ask.question import Question, ordinal_value
from wxintel.extract.figures import extract_figures
from wxintel.nlp.cndate import find_dates
from wxintel.search.identifiers import find_identifiers

# A date followed by one of these is a cut-off (…前, 截止…); one preceded by 至/截止 is too.
_BEFORE = re.compile(r"^\s*(?:[（(][^）)]{0,8}[)）])?\s*(?:之?前|以前|截止|截至|止)")
_UNTIL = re.compile(r"(?:截止|截至|至|到|止于|截止时间[:：为]?|截止日期[:：为]?)\s*$")
_NUMBER = r"[0-9][0-9,.]*|[零〇一二两三四五六七八九十百千]+"
_COUNT = re.compile(rf"(?P<n>{_NUMBER})\s*(?P<unit>[个家项对人天名场届批类次件篇所款条位座])")
_MONEY = re.compile(
    rf"(?:{_NUMBER})(?:\s*[-－~～至到]\s*(?:{_NUMBER}))?\s*(?:万亿|亿|千万|百万|万|千)?"
    r"(?:元|美元|欧元)(?:\s*/\s*(?:小时|人|年|月|次|天|课时))?"
)
_VENUE = re.compile(
    r"(?:在|于)(?P<place>[^，。；、\n\s“”]{2,30}?)(?:隆重|正式|成功|顺利)?"
    r"(?:举办|举行|召开|开幕|启动|开展|进行|落幕|闭幕)"
)
_LABELLED_PLACE = re.compile(
    r"(?:地址|地点|新址|场地|会址|位置|快递至|寄至|送至|报送至)[:：\s]*(?P<place>[^，。；\n]{3,40})"
)
_ORG_CUE = re.compile(
    r"(?:快递至|寄至|送至|报送至|报至|提交至|交至|由|承办单位(?:为|是)?|主办单位(?:为|是)?)"
    r"[:：\s]*(?P<org>[^，。；：:\n\s]{3,40}?"
    r"(?:协会|中心|公司|分公司|局|委员会|委|厅|办公室|研究院|学会|联合会|商会|集团|大学|学院|部))"
)
_NEGATION = re.compile(
    r"不予|不得|不可|不能|不再|不支持|不纳入|不属于|不接受|不包括|禁止|无需|不需|不[^\s]"
)
_CUE_NUMBER = re.compile(r"[几多少]+\s*([个家项对人天名场届批类次件篇所款条位座])")


@dataclass
class Candidate:
    """One possible answer: its exact span in the post's text and a key to compare answers."""

    text: str
    start: int
    end: int
    key: str  # normalised: an ISO day for dates, digits for phones, the squeezed text else
    strength: float = 1.0  # how surely the span is of the asked type (1 = a stored fact)


def squeeze(text: str) -> str:
    """Text compared without spacing and with full-width forms folded."""
    folded = text.translate({0x3000: 0x20}).translate(
        {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)}
    )
    return re.sub(r"\s+", "", folded).casefold()


def _in(fact: dict[str, Any], start: int, end: int) -> bool:
    return start <= fact["start"] and fact["end"] <= end


def candidates(
    question: Question,
    content: str,
    start: int,
    end: int,
    facts: list[dict[str, Any]],
    published: date,
) -> list[Candidate]:
    """Spans of content[start:end] that could answer `question`, best first."""
    finder = _FINDERS.get(question.type)
    if finder is None:
        return []
    found = finder(
        question, content, start, end, [f for f in facts if _in(f, start, end)], published
    )
    found.sort(key=lambda c: -c.strength)
    return found


def _dates(
    q: Question, content: str, start: int, end: int, facts: list, ref: date
) -> list[Candidate]:
    text = content[start:end]
    spans = find_dates(text, ref)
    out: list[Candidate] = []
    stored = {(f["start"], f["end"]) for f in facts if f["kind"] == "deadline"}
    for span in spans:
        if q.type == "date" and span.is_range_end:
            continue  # "7月22-25日" answers "when" with its first day
        a, b = start + span.start, start + span.end
        strength = 0.6
        if q.type == "deadline":
            before = text[: span.start][-8:]
            after = text[span.end : span.end + 8]
            if (a, b) in stored:
                strength = 1.0
            elif _BEFORE.match(after) or _UNTIL.search(before) or span.is_range_end:
                strength = 0.9
        out.append(Candidate(content[a:b], a, b, span.value.isoformat()[:10], strength))
    return out


def _contacts(
    q: Question, content: str, start: int, end: int, facts: list, ref: date
) -> list[Candidate]:
    wants_email = "邮箱" in q.text or "邮件" in q.text
    out: list[Candidate] = []
    for ident in find_identifiers(content[start:end]):
        if ident.kind not in ("phone", "email"):
            continue
        if (ident.kind == "email") != wants_email:
            continue
        a, b = start + ident.start, start + ident.end
        key = re.sub(r"\D", "", content[a:b]) if ident.kind == "phone" else squeeze(content[a:b])
        out.append(Candidate(content[a:b], a, b, key, 1.0 if ident.kind == "email" else 0.9))
    return out


def _places(
    q: Question, content: str, start: int, end: int, facts: list, ref: date
) -> list[Candidate]:
    out = [
        Candidate(f["text"], f["start"], f["end"], squeeze(f["text"]), 1.0)
        for f in facts
        if f["kind"] == "address"
    ]
    text = content[start:end]
    for pattern, strength in ((_LABELLED_PLACE, 0.8), (_VENUE, 0.7)):
        for m in pattern.finditer(text):
            a, b = start + m.start("place"), start + m.end("place")
            place = content[a:b].strip()
            if place and not any(c.start <= a < c.end for c in out):
                out.append(Candidate(place, a, a + len(place), squeeze(place), strength))
    return out


def _organisations(
    q: Question, content: str, start: int, end: int, facts: list, ref: date
) -> list[Candidate]:
    out = []
    for m in _ORG_CUE.finditer(content[start:end]):
        a, b = start + m.start("org"), start + m.end("org")
        out.append(Candidate(content[a:b], a, b, squeeze(content[a:b]), 0.8))
    return out


def _money(
    q: Question, content: str, start: int, end: int, facts: list, ref: date
) -> list[Candidate]:
    out = []
    for m in _MONEY.finditer(content[start:end]):
        a, b = start + m.start(), start + m.end()
        out.append(Candidate(content[a:b], a, b, squeeze(content[a:b]), 0.9))
    if not out:  # figures with other units (万平方米, %) when no money is in the passage
        for fact in extract_figures(content[start:end]):
            a, b = start + fact.start, start + fact.end
            out.append(Candidate(content[a:b], a, b, squeeze(content[a:b]), 0.5))
    return out


def _counts(
    q: Question, content: str, start: int, end: int, facts: list, ref: date
) -> list[Candidate]:
    wanted = _CUE_NUMBER.search(q.cue or "")
    unit = wanted.group(1) if wanted else ""
    out = []
    for m in _COUNT.finditer(content[start:end]):
        if unit and m.group("unit") != unit:
            continue
        if content[max(0, start + m.start() - 1) : start + m.start()] == "第":
            continue  # 第3批 is an ordinal, not a count
        a, b = start + m.start(), start + m.end()
        number = m.group("n").replace(",", "")
        try:
            key = str(int(float(number))) if number[0].isdigit() else str(ordinal_value(number))
        except (ValueError, KeyError):
            continue
        out.append(Candidate(content[a:b], a, b, key, 0.9 if unit else 0.6))
    return out


def _doc_numbers(
    q: Question, content: str, start: int, end: int, facts: list, ref: date
) -> list[Candidate]:
    out = [
        Candidate(f["text"], f["start"], f["end"], squeeze(f["text"]), 1.0)
        for f in facts
        if f["kind"] == "doc_number"
    ]
    for ident in find_identifiers(content[start:end]):
        a, b = start + ident.start, start + ident.end
        if ident.kind == "doc_number" and not any(c.start < b and a < c.end for c in out):
            out.append(Candidate(content[a:b], a, b, squeeze(content[a:b]), 0.7))
    return out


def _yes_no(
    q: Question, content: str, start: int, end: int, facts: list, ref: date
) -> list[Candidate]:
    m = _NEGATION.search(content[start:end])
    if m:
        a, b = start + m.start(), start + m.end()
        return [Candidate("否", a, b, "否", 0.8)]
    return [Candidate("是", start, end, "是", 0.6)]


_FINDERS = {
    "deadline": _dates,
    "date": _dates,
    "contact": _contacts,
    "place": _places,
    "organisation": _organisations,
    "amount": _money,
    "threshold": _money,
    "count": _counts,
    "doc_number": _doc_numbers,
    "yes_no": _yes_no,
}
