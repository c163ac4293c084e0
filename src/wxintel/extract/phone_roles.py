"""What each phone is for: 技术支持, 监督, 举报 or 投诉 when its label says so, else nothing.

A reader of a call phones the contact number about it; a 监督 or 举报 line in the same post is
for complaints about the body, not for questions (CLOSING-8). So a phone keeps its number as
the `phone` fact, and a `phone_role` fact {"phone", "role"} quotes the label that gives it a
role; a phone without one is a contact number. The label is read, nearest first: before the
number in its clause, right after it in its clause ("拨打12315进行投诉"), from the number listed
before it in one label's list ("监督电话：上城区 87001234，拱墅区 87005678"), from a heading
line above its line ("二、系统技术支持"), or from the header cell of its column in a table
flattened one cell per line.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from functools import cache
from typing import Protocol

from wxintel.model import Fact
from wxintel.nlp import gazetteer as gz

_CLAUSE_MARK = re.compile(r"[，,。；;！？!?\n]")
# A label of its own between two numbers ("…87009931 邮箱：… 投诉电话："): the later number is
# not listed under the earlier one's label.
_OWN_LABEL = re.compile(r"[:：]|电话|热线|手机|座机|联系|咨询|邮箱|传真|Tel|TEL")
# Where the text after a number stops belonging to it: the clause's end, a label of its own,
# or a joiner to the next number.
_NEXT_LABEL = re.compile(r"[，,。；;！？!?\n]|[:：]|电话|热线|手机|座机|联系|邮箱|传真|或|\d{5}")
_MAX_LABEL = 30  # a label stands shortly before its number ("纪检监察举报电话：")
_MAX_HEADING = 16  # a heading line above a contact line is short ("二、系统技术支持")
_MAX_CELL = 20  # a table's cell is a short line
_MAX_WIDTH = 8  # columns of a contact table


class _Phone(Protocol):
    start: int
    end: int
    value: str


@cache
def _roles() -> gz.Lexicon:
    return gz.Lexicon.from_groups(gz.read_groups("phone_roles.txt"))


def phone_roles(text: str, phones: Sequence[_Phone]) -> list[Fact]:
    """A `phone_role` fact for each phone whose label gives it a role, spanning that label's
    role word."""
    facts: list[Fact] = []
    found: dict[int, tuple[int, int, str]] = {}
    # a table's cells are read only around a number standing alone on its line
    lines = _lines(text) if any(_alone(text, phone) for phone in phones) else []
    for n, phone in enumerate(phones):
        role = _before(text, phone, phones[n - 1] if n else None) or _after(text, phone)
        if role is None and n and n - 1 in found:
            role = _listed(text, phones[n - 1], phone, found[n - 1])
        role = role or _heading(text, phone) or _column(text, phone, phones, lines)
        if role is None:
            continue
        found[n] = role
        start, end, label = role
        facts.append(Fact("phone_role", {"phone": phone.value, "role": label}, start, end,
                          text[start:end]))  # fmt: skip
    return facts


# A role word labels a number when a label word, a colon, a bracket or the clause's end follows
# it; inside a body's name it does not ("防火监督科 王参谋 0377-…").
_LABEL_END = re.compile(r"[ \t]*(?:电话|热线|专线|号码|咨询|邮箱|信箱|[:：（()）、/]|$)")


def _roles_in(text: str, start: int, end: int) -> list[tuple[int, int, str]]:
    """The role words labelling something in text[start:end], as (start, end, role)."""
    segment = text[start:end]
    return [
        (start + a, start + b, label)
        for a, b, label in _roles().find(segment)
        if _LABEL_END.match(segment, b)
    ]


def _last_role(text: str, start: int, end: int) -> tuple[int, int, str] | None:
    found = _roles_in(text, start, end)
    return found[-1] if found else None


def _before(text: str, phone: _Phone, previous: _Phone | None) -> tuple[int, int, str] | None:
    """The role word nearest before the number in its clause, after any earlier number."""
    window = max(0, phone.start - _MAX_LABEL)
    start = max((m.end() for m in _CLAUSE_MARK.finditer(text, window, phone.start)), default=window)
    if previous is not None and previous.end <= phone.start:
        start = max(start, previous.end)
    return _last_role(text, start, phone.start)


def _after(text: str, phone: _Phone) -> tuple[int, int, str] | None:
    """The first role word after the number in its clause, before any other label or another
    number's joiner there ("12315进行投诉", "…8022（系统操作）"; not "12345或技术支持电话…" nor
    "…87009931 邮箱：… 投诉电话：…", the next number's labels)."""
    mark = _NEXT_LABEL.search(text, phone.end)
    end = mark.start() if mark else len(text)
    found = _roles_in(text, phone.end, end)
    return found[0] if found else None


def _listed(
    text: str, previous: _Phone, phone: _Phone, role: tuple[int, int, str]
) -> tuple[int, int, str] | None:
    """The earlier number's role, when this one follows it in one line with no label of its
    own between them."""
    between = text[previous.end : phone.start]
    if "\n" in between or re.search(r"[。；;]", between) or _OWN_LABEL.search(between):
        return None
    return role


def _line_bounds(text: str, at: int) -> tuple[int, int]:
    start = text.rfind("\n", 0, at) + 1
    end = text.find("\n", at)
    return start, len(text) if end < 0 else end


def _alone(text: str, phone: _Phone) -> bool:
    """The number is all its line holds (a table's cell, when the table is flattened)."""
    start, end = _line_bounds(text, phone.start)
    return not (text[start : phone.start].strip() or text[phone.end : end].strip())


def _lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of each line of the text, in order."""
    lines: list[tuple[int, int]] = []
    pos = 0
    for raw in text.split("\n"):
        lines.append((pos, pos + len(raw)))
        pos += len(raw) + 1
    return lines


def _heading(text: str, phone: _Phone) -> tuple[int, int, str] | None:
    """A role word in a short heading line right above the number's line ("二、系统技术支持"
    over "市人才服务中心 吴老师 0571-87007702")."""
    line_start, _ = _line_bounds(text, phone.start)
    if line_start == 0:
        return None
    above_start, above_end = _line_bounds(text, line_start - 1)
    above = text[above_start:above_end]
    if not above.strip() or len(above.strip()) > _MAX_HEADING or re.search(r"\d{3}", above):
        return None
    return _last_role(text, above_start, above_end)


def _column(
    text: str, phone: _Phone, phones: Sequence[_Phone], lines: Sequence[tuple[int, int]]
) -> tuple[int, int, str] | None:
    """In a table flattened one cell per line ("区县\\n咨询电话\\n监督电话\\n上城区\\n0571-…\\n
    0571-…"), the header cell of the number's column: the narrowest width whose header cells
    hold no number and whose columns each hold numbers in every row or in none. `lines`: the
    text's lines (`_lines`), or none when no number stands alone on its line."""
    if not lines or not _alone(text, phone):
        return None  # not a cell of its own
    cells = _cell_run(text, lines, bisect_right(lines, phone.start, key=lambda line: line[0]) - 1)
    starts = {p.start for p in phones}
    is_phone = [any(a <= s < b for s in starts) for a, b in cells]
    here = next(i for i, (a, b) in enumerate(cells) if a <= phone.start < b)
    for width in range(2, min(_MAX_WIDTH, len(cells) // 2) + 1):
        if len(cells) % width or any(is_phone[:width]):
            continue
        columns = [is_phone[c::width][1:] for c in range(width)]
        if all(all(col) or not any(col) for col in columns) and here >= width:
            a, b = cells[here % width]
            return _last_role(text, a, b)
    return None


def _cell_run(text: str, lines: Sequence[tuple[int, int]], here: int) -> Sequence[tuple[int, int]]:
    """The run of short non-blank lines around line `here`, as (start, end)."""
    cell = lambda i: 0 < len(text[lines[i][0] : lines[i][1]].strip()) <= _MAX_CELL  # noqa: E731
    first = here
    while first > 0 and cell(first - 1):
        first -= 1
    last = here
    while last + 1 < len(lines) and cell(last + 1):
        last += 1
    return lines[first : last + 1]
