"""Read a question: what it asks for (its type), what it is about, and what it is pinned to.

A question pinned to a year, a batch (第二批, 第八届) or a district must never be answered from
a post about another one, so the pins are read here once and checked against every post.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from wxintel.nlp.cndate import cn_number
from wxintel.nlp.lexicon import data_text, read_lines

TYPES = (
    "deadline",
    "date",
    "place",
    "contact",
    "amount",
    "count",
    "organisation",
    "threshold",
    "doc_number",
    "yes_no",
    "other",
)
_QUESTION_MARKS = "？?。!！ \t"
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*年")
_ORDINAL = re.compile(r"第\s*([0-9]{1,3}|[一二三四五六七八九十百]{1,4})\s*([批届期次轮季])")
_DISTRICT = re.compile(r"[\u4e00-\u9fff]{2}[区县]")  # 河西区, 南开区, 西青区


@dataclass(frozen=True)
class Pins:
    """What the question is pinned to: years (2025), ordinals (("批", 2)), districts."""

    years: tuple[str, ...] = ()
    ordinals: tuple[tuple[str, int], ...] = ()
    districts: tuple[str, ...] = ()


@dataclass
class Question:
    """A question as read: its text, type, the words to search for and its pins."""

    text: str
    type: str
    topic: str  # the question without its interrogative phrasing: what to search for
    pins: Pins = field(default_factory=Pins)
    cue: str = ""  # the phrase that decided the type (e.g. 几天: a count of days)


@cache
def _type_cues() -> tuple[tuple[str, tuple[str, ...]], ...]:
    rules = []
    for line in read_lines(data_text("question_types.txt")):
        name, _, cues = line.partition(":")
        rules.append((name.strip(), tuple(c.strip() for c in cues.split("|") if c.strip())))
    return tuple(rules)


@cache
def _not_districts() -> frozenset[str]:
    lines = read_lines(data_text("not_districts.txt"))
    return frozenset(w.strip() for line in lines for w in line.split("|") if w.strip())


def classify(text: str) -> tuple[str, str]:
    """The question's type and the cue that decided it ("other" and "" when none does)."""
    bare = text.strip().rstrip(_QUESTION_MARKS)
    for name, cues in _type_cues():
        for cue in cues:
            if cue.startswith("$"):
                if bare.endswith(cue[1:]):
                    return name, cue[1:]
            elif cue in bare:
                return name, cue
    return "other", ""


def ordinal_value(written: str) -> int:
    """第二批 and 第2批 are one batch: the ordinal as a number."""
    return int(written) if written.isdigit() else cn_number_any(written)


def cn_number_any(written: str) -> int:
    """A Chinese numeral up to the hundreds (二十六, 一百零八) as a number."""
    if "百" in written:
        hundreds, _, rest = written.partition("百")
        rest = rest.lstrip("零")
        return (cn_number(hundreds) if hundreds else 1) * 100 + (cn_number(rest) if rest else 0)
    return cn_number(written)


def read_pins(text: str) -> Pins:
    """The years, ordinals and districts `text` names."""
    years = tuple(dict.fromkeys(_YEAR.findall(text)))
    ordinals = tuple(
        dict.fromkeys((unit, ordinal_value(num)) for num, unit in _ORDINAL.findall(text))
    )
    skip = _not_districts()
    districts = tuple(
        dict.fromkeys(
            m.group()
            for m in _DISTRICT.finditer(text)
            if not any(m.group().endswith(word) for word in skip)
        )
    )
    return Pins(years, ordinals, districts)


def read_question(text: str) -> Question:
    """Type, topic and pins of a question typed by a user."""
    text = " ".join(text.split())
    kind, cue = classify(text)
    topic = text.rstrip(_QUESTION_MARKS)
    if cue:
        topic = topic.replace(cue, " ")
    return Question(text=text, type=kind, topic=topic.strip(), pins=read_pins(text), cue=cue)
