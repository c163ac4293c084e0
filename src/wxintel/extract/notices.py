"""Notice facts: the submission deadline, the 公示 period, the signature block (date and
issuing bodies), attachments, document numbers and the policies a notice cites.

Each fact keeps the span of cleaned text it came from, so a user can check it in place.
"""

from __future__ import annotations

import dataclasses
import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cache
from typing import NamedTuple, Protocol

import rjieba

from wxintel import settings
from wxintel.extract import deadline_choice as choice
from wxintel.extract.deadline_features import Candidate, candidates, intermediary_labels
from wxintel.extract.deadline_features import stages as stage_labels
from wxintel.model import Fact
from wxintel.nlp import gazetteer as gz
from wxintel.nlp import workdays
from wxintel.nlp.cndate import DateSpan, chinese_number, find_dates
from wxintel.nlp.regions import LEVEL_CHARS, relative_level
from wxintel.nlp.scanning import starting_with

# the reference day of a date read whose year is not used, or of a post with no date at all
NO_DATE = date(2000, 1, 1)

# --- deadlines and periods ---------------------------------------------------------------

# Between a date and the word that closes the window: "整" (17时整前), "（含当日）", "当天下班",
# "下午", "起", "系统将自动".
# A short bracketed note may stand between ("（北京时间）前", "（下周五）前", "（含）前",
# "（节后第一个工作日）前"): up to ten characters, no clause inside.
_CLOSE_LEAD = re.compile(
    r"整?[ \t]*(?:[（(，,]?[ \t]*含(?:当日|本日|当天)?[)）]?)?[ \t]*[)）]?[ \t]*"
    r"(?:[（(][^（）()\n，,。；;]{1,10}[)）][ \t]*)?"
    r"(?:当天|当日)?[ \t]*(?:上午|中午|下午|下班)?[ \t]*(?:起|[（(]?届时)?[ \t]*"
    r"(?:(?:网上|线上)?(?:申报|报名)?(?:系统|平台)[ \t]*将?[ \t]*(?:自动)?)?[ \t]*"
)
# "截止日期：", "截止时间为", "截止期限为", "截止日为" (the closing day named with 日 alone); the
# head is shared with _AS_OF, whose tail takes neither 于 nor a table's bar
# 截稿 ("the manuscripts close": 截稿日期, as 征文 and 征稿 notices write it) is a 截止
_CUTOFF_HEAD = r"(?P<word>截止|截至|截稿)(?P<noun>日期|时间|期限|日)?"
_CUTOFF_LABEL = re.compile(_CUTOFF_HEAD + r"(?:为|是|到|至|于)?[ \t]*[:：|｜]?[ \t]*$")
# "截止10月底，全系累计交付…": a bare 截止/截至 whose clause reports a figure is "as of".
_CLAUSE_END = re.compile(r"[，,；;。！？!?\n]")
# "即日起至X" closes a window by itself: no submission verb is needed in its sentence.
_BARE_WINDOW = 20  # "即日起至2025年8月15日。" standing alone under a call's heading
# "自通知发布之日起至X" opens the window at publication, as 即日起 does; a dash may stand for 至.
_FROM_NOW_UNTIL = re.compile(
    r"(?:即日起|现在起|(?:本?(?:通知|公告|文件))?(?:发布|印发|下发|公布)之日起)"
    r"[ \t]*(?:至|到|[-—–~～－])[ \t]*$"
)
# "于X将材料报送…", "于X向…提交", "于X提交": the date of an instruction to hand something in.
_ON_DATE = re.compile(r"于[ \t]*$")
_HAND_IN = re.compile(r"[ \t]*(?:[，,])?[ \t]*(?:将|向|把|通过)")
# "请于X提交", "须于X报送": an instruction; not "可于X登录查询" (when something opens) or
# "将于X举行" (what will happen).
_ASKED_ON_DATE = re.compile(r"(?:请|应|须|需|务必|务请)[ \t]*(?:在|于)[ \t]*$")
# "请于A至B期间填报": a window the reader is asked to act in, as is a consultation's "公众可在
# A至B期间，通过以下方式提出意见" (the wording of 《规章制定程序条例》's public comment notices);
# not "发票均应在A至B期间取得", a condition on when something was done.
_ASKED_WINDOW = re.compile(r"(?:请|务必|务请|可)[ \t]*(?:在|于)[ \t]*$")
# "不晚于X", "最迟于X", "最晚X", "最晚不超过X": the latest day, a closing word before the date.
_LATEST = re.compile(
    r"(?:(?:最迟|最晚|不晚于|不迟于|(?:最迟|最晚)[ \t]*不超过)[ \t]*(?:于|在)?"
    # "最后提交日期为X", "最后期限：X": the last day named before the date
    r"|最后[\u4e00-\u9fff]{0,4}?(?:日期|时间|期限|一天)(?:为|是)?[ \t]*[:：]?)[ \t]*$"
)
# "2025年10月31日为申报截止日": the date named as the closing day after it.
_NAMED_CLOSE = re.compile(
    r"[ \t]*(?:为|是)[ \t]*[\u4e00-\u9fff]{0,4}?(?:截止日期|截止日|截止时间|最后期限|最后一天)"
)
# "申报时间：", "报名办理时间为", "投票时间" …: a submission verb (submission_verbs.txt), at most
# two characters, then a time noun.
_WINDOW_NOUN = (
    r"[\u4e00-\u9fff]{0,2}?(?:时间|日期|期限|期)(?:为|是)?[ \t]*[:：|｜]?[ \t]*(?:自|从)?[ \t]*$"
)
# "网上申报：", "报名：": the verb labels the window after its colon, as a time noun would.
_VERB_COLON = re.compile(r"[ \t]*[:：|｜][ \t]*$")
_MAX_LABEL_QUALIFIER = 2  # "网上申报：", "纸质报送：": at most a two-character qualifier
# A list item's number before its label: "（一）", "(2)", "一、", "3." or "3．".
_NUMERAL = r"[一二三四五六七八九十\d]{1,3}"
_ENUMERATED = rf"(?:[（(]{_NUMERAL}[)）]|{_NUMERAL}[、.．])"
_ENUMERATOR = re.compile(rf"^{_ENUMERATED}")
_PUBLICITY_LABEL = re.compile(
    r"公示(?:时间|期|日期|期限)?(?:为|是|自|从)?[:：]?[ \t]*(?:自|从)?[ \t]*$"
)
_RECURRING = re.compile(r"每(?:年|季度|月)[ \t]*$")
# "公示期间，社会公众可…提出意见建议": the post asks for opinions (意见, 建议) while a plan is
# publicised, so the 公示 window is also the window to comment; an objection to a result list
# (异议, 不同意见) is no opinion asked for.
_OPINIONS_DURING_PUBLICITY = re.compile(
    r"公示(?:期间|期内|期限内|时间内)[^。！？\n]{0,60}?(?:意见|建议)"
)
_OBJECTION = re.compile(r"异议|不同意见")
# A bare 截止/截至 before the date, and the words that refuse what comes after it: together
# they close a window even where 截至 opens its clause ("截至X，逾期不予受理").
_AS_OF = re.compile(_CUTOFF_HEAD + r"(?:为|是|到|至)?[ \t]*[:：]?[ \t]*$")
# An English notice's close: "must be submitted by X", "closes on X", "no later than X",
# "Deadline: X" (the clock time may open the date's span: "by 5:00 p.m. … on March 20, 2026").
_ENGLISH_CUTOFF = re.compile(
    r"\b(?:by|before|no later than|not later than|due(?: on| by)?"
    # "Deadline:", "Deadline for registration:", "The deadline is"
    r"|deadline(?:[ \t]+(?:for|of)[ \t]+[a-z]+(?:[ \t]+[a-z]+)?)?(?: is)?[ \t]*:?"
    r"|close[sd]?(?: on)?|end[sd]?(?: on)?)[ \t]*$",
    re.IGNORECASE,
)
_ENGLISH_LABEL = 48  # English labels are longer than Chinese ones ("Deadline for registration: ")


def _english_label(text: str, span: _Span) -> str:
    """The text before a date on its line, far enough back for an English label."""
    before = text[max(0, span.start - _ENGLISH_LABEL) : span.start]
    return before[before.rfind("\n") + 1 :]


class _EnglishWords(NamedTuple):
    """The alternations of an English window's labels: what is asked (submission_verbs.txt's
    Latin words), period nouns, verbs of receiving and of asking (deadline_windows.txt)."""

    asked: str
    period: str
    receiving: str
    asking: str


@cache
def _english_words() -> _EnglishWords:
    """The English label words, read and joined once for _english_window and
    _english_open_until."""
    asked = "|".join(re.escape(w) for w in gz.read_words("submission_verbs.txt") if w.isascii())
    period, receiving, asking = (
        "|".join(gz.named_list("deadline_windows.txt", label))
        for label in ("english_period", "english_receiving", "english_asking")
    )
    return _EnglishWords(asked, period, receiving, asking)


@cache
def _english_window() -> re.Pattern[str]:
    """An English window's label before its start: what is asked, then a period noun and a colon
    ("Application period:", "Registration:") or a verb of receiving and from/between
    ("Proposals will be accepted from") (_english_words)."""
    asked, period, receiving, asking = _english_words()
    return re.compile(
        rf"\b(?:{asked})\b(?:[ \t]+(?:{period}))?[ \t]*:[ \t]*$"
        rf"|\b(?:{asked})\b(?:[ \t]+(?:{period}))?(?:[ \t]+{_ENGLISH_BE})?[ \t]+(?:{receiving})"
        r"(?:[ \t]+(?:from|between))?[ \t]*$"
        # "Please submit your proposal between": a verb of asking a few words before the window,
        # in the same clause (not "Registration for the fair, which runs from")
        rf"|\b(?:{asking})\b[^.,;:!?\n]{{0,30}}?[ \t]+(?:from|between)[ \t]*$",
        re.IGNORECASE,
    )


_ENGLISH_BE = r"(?:will[ \t]+be|are|is|shall[ \t]+be|remains?)"


@cache
def _english_open_until() -> re.Pattern[str]:
    """ "Registration is open until X", "Applications will be accepted until X": what is asked,
    a verb of receiving (_english_words), then until/through; not "valid until X", which asks
    nothing."""
    words = _english_words()
    return re.compile(
        rf"\b(?:{words.asked})\b[ \t]+{_ENGLISH_BE}[ \t]+(?:{words.receiving})[ \t]+"
        r"(?:until|till|through)[ \t]*$",
        re.IGNORECASE,
    )


# A refusal of what comes late or after a day (late_refusal and refused_after in
# deadline_windows.txt), and that refusal right after 后 ("3月20日后不再受理"): the day is the last.
_LATE = gz.trie_pattern(
    gz.named_list("deadline_windows.txt", "late_refusal")
    + gz.named_list("deadline_windows.txt", "refused_after")
)
_REFUSED_AFTER = re.compile(rf"(?:之后|以后|后){_LATE.pattern}")
_SENTENCE_END = re.compile(r"[。！？!?\n]")
_LOOKBEHIND = 24
_MAX_CELL_LABEL = 16  # a table's label cell ("申报截止时间") sits alone on the line above
# A stated deadline over two years after publication is a policy horizon ("2027年底前完成"),
# not a date to apply by; one before publication is a condition or a past stage.
MAX_DAYS_AHEAD = settings.count("deadline_max_days_ahead")
_CONDITION_JOIN = re.compile(r"(?:[ \t]*(?:及|以后|以前|之后|之前|前|后|[（(]含[)）]))*[ \t]*")


def sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """Where the sentence holding text[start:end] begins and ends (looking back at most 200
    characters): the rules and the learned purposes reader read the same sentence."""
    left = max((m.end() for m in _SENTENCE_END.finditer(text, max(0, start - 200), start)),
               default=max(0, start - 200))  # fmt: skip
    right = _SENTENCE_END.search(text, end)
    return left, right.start() if right else len(text)


def _sentence(text: str, start: int, end: int) -> str:
    left, right = sentence_bounds(text, start, end)
    return text[left:right]


_STEP_MARK = re.compile(r"[；;]")


def _step(text: str, span: _Span, dates: Sequence[DateSpan]) -> str:
    """What asks for a date: its sentence, or, when semicolons part the sentence into steps and
    another step holds a date of its own, the date's step alone ("2月28日前完成注册；3月10日前
    提交申报书；3月底前完成评审": the review is the organiser's, asked by no step of its own)."""
    left, right = sentence_bounds(text, span.start, span.end)
    marks = [m.start() for m in _STEP_MARK.finditer(text, left, right)]
    if not marks:
        return text[left:right]
    step_left = max((m + 1 for m in marks if m < span.start), default=left)
    step_right = min((m for m in marks if m >= span.end), default=right)
    others = any(left <= d.start < right and not step_left <= d.start < step_right for d in dates)
    return text[step_left:step_right] if others else text[left:right]


def _line_before(text: str, start: int) -> str:
    """The text before `start` on its line; for a date alone in a table cell, the cell above."""
    before = text[max(0, start - _LOOKBEHIND) : start]
    before = before[before.rfind("\n") + 1 :]
    if before.strip():
        return before
    above = text[: start - len(before)].rstrip("\n \t")
    cell = above[above.rfind("\n") + 1 :].strip()
    return cell if len(cell) <= _MAX_CELL_LABEL else before


# A table flattened one cell per line (as crawlers and the HTML reader write it): a run of short
# lines without a sentence end. A date opening a cell is read under its column's header.
_MAX_TABLE_CELL = 40
_MAX_TABLE_RUN = 80  # cells above a date that may still belong to its table
_MAX_TABLE_WIDTH = 12
_CELL_SENTENCE = re.compile(r"[。！？!?；;]")


@dataclass(frozen=True)
class _Cell:
    """Where a date sits in a table: its column's header (the label read before the date), the
    caption and header row (`context`, for what the table asks), and the row's label cell
    left of it ("企业网上申报", "区级推荐"), which names the row's purpose or stage."""

    header: str
    context: str
    row: str


def _column_header(text: str, start: int, date_starts: set[int]) -> _Cell | None:
    """For a date opening a table cell, its column's header and the header row with the
    caption above the table: "序号/项目/申报截止时间/1/智能工厂/10月31日" gives "申报截止时间".

    The header is a deadline label (截止时间, 报名时间 …); the row width is the distance from it
    to the first date cell below it, and the date must sit a whole number of rows under it.
    A table written one row per line with ｜ between cells is read by its columns instead."""
    line_start = text.rfind("\n", 0, start) + 1
    if text[line_start:start].strip():
        return _row_column(text, line_start, start)
    cells: list[tuple[int, str]] = []  # the cells above, nearest first
    end = line_start - 1
    caption = ""
    while end > 0 and len(cells) < _MAX_TABLE_RUN:
        cell_start = text.rfind("\n", 0, end) + 1
        cell = text[cell_start:end].strip()
        if not cell or len(cell) > _MAX_TABLE_CELL or _CELL_SENTENCE.search(cell):
            caption = cell
            break
        cells.append(
            (cell_start + len(text[cell_start:end]) - len(text[cell_start:end].lstrip()), cell)
        )
        end = cell_start - 1
    run = cells[::-1]
    here = len(run)  # the date's own cell
    row = run[-1][1] if run else ""
    # a schedule's row: its step ("项目征集", "网上申报") left of the date, a bare 时间 above it
    step = row if _submission_step(row) else ""
    for h, (_, cell) in enumerate(run):
        schedule = bool(step) and _TIME_HEADER.fullmatch(cell) is not None
        if not (_cutoff(cell) or _window_label(cell) or schedule):
            continue
        below = [
            j for j in range(h + 1, here + 1) if _cell_start(run, j, line_start) in date_starts
        ]
        width = below[0] - h if below else 0
        if 2 <= width <= _MAX_TABLE_WIDTH and (here - h) % width == 0:
            header_row = " ".join(c for _, c in run[: h + 1])
            # the row's step and the column's 时间 read together label the cell: "项目征集时间"
            header = step + cell if schedule else cell
            return _Cell(header, f"{caption} {header_row} ", row if here - h > 1 else "")
    return None


_PIPE = re.compile(r"[｜|]")
# Cells of a table flattened one row a line: between ｜ or |, else tabs, else spaces (a copied
# table keeps its cells apart with whatever the page had: "赛项名称 报名截止 比赛时间").
_SEPARATORS = (_PIPE, re.compile(r"\t+"), re.compile(r"[ \u3000]+"))
_MIN_SPACED_CELLS = 3  # a row split on spaces must have this many cells to be read as a table


def _row_column(text: str, line_start: int, start: int) -> _Cell | None:
    """A date opening a cell of a row written on one line ("线上报名｜11月25日", "电子商务技能
    5月8日 5月17日"): the header is the same column's cell in the first row above with as many
    cells ("报名方式｜截止时间", "赛项名称 报名截止 比赛时间"). Cells split on spaces are read so
    only when every cell of both rows is short and holds no sentence."""
    before = text[line_start:start]
    line_end = text.find("\n", start)
    line = text[line_start : line_end if line_end >= 0 else len(text)]
    separator = next((sep for sep in _SEPARATORS if sep.search(before)), None)
    last = before.rstrip(" \t")[-1:] if separator is _PIPE else before[-1:]
    if separator is None or not separator.search(last):  # the date opens a cell
        return None
    spaced = separator is _SEPARATORS[-1]
    width = len(separator.findall(line.strip()))
    column = len(separator.findall(before.lstrip()))
    header_line = ""
    end = line_start - 1
    while end > 0:
        above_start = text.rfind("\n", 0, end) + 1
        above = text[above_start:end]
        if len(separator.findall(above.strip())) != width or (spaced and not _cells(above)):
            break
        header_line, end = above, above_start - 1
    if not header_line or (spaced and (width + 1 < _MIN_SPACED_CELLS or not _cells(line))):
        return None
    header = separator.split(header_line.strip())[column].strip()
    row = separator.split(before.strip())[column - 1].strip()
    if not (_cutoff(header) or _window_label(header)):
        return None
    return _Cell(header, f"{header_line} ", row)


def _cells(line: str) -> bool:
    """Whether a line split on spaces reads as a table's row: short cells, none a sentence."""
    cells = line.split()
    return all(len(c) <= _MAX_TABLE_CELL and not _CELL_SENTENCE.search(c) for c in cells)


# A schedule table's time column: "时间", "起止时间", "时间安排" (阶段 | 时间 | 项目征集 | A至B);
# a list item's bare "时间：" opening its sentence plays the same part (`_item_step`).
_TIME_NOUN = r"(?:时间|日期)"
_TIME_HEADER = re.compile(r"(?:起止|办理|工作)?" + _TIME_NOUN + r"(?:安排)?")
_BARE_TIME_LABEL = re.compile(r"(?:^|[。！？；;])" + _TIME_NOUN + r"(?:为|是)?[ \t]*[:：][ \t]*$")


def _submission_step(cell: str) -> bool:
    """A row label naming a step the reader takes: it ends in a submission verb of two
    characters or more ("项目征集", "纸质材料报送"; not "专家评审")."""
    verbs = list(gz.word_pattern("submission_verbs.txt").finditer(cell))
    return bool(verbs) and verbs[-1].end() == len(cell) and len(verbs[-1].group()) > 1


def _cell_start(run: list[tuple[int, str]], j: int, own_start: int) -> int:
    return own_start if j == len(run) else run[j][0]


def _own_word(text: str, at: int, word: str) -> bool:
    """True when `word` at `at` is a word of its own for the segmenter (dictionary only): 前 of
    "30日前报送" is, 前 of "前来" or "前往" is not."""
    return rjieba.cut(text[at : at + len(word) + 6], False)[0] == word


def _closes(text: str, at: int) -> bool:
    """A closing word right after the date at `at`: 前, 截止, 起系统关闭 … (deadline_marks.txt),
    or a refusal after 后 ("后不再受理": _REFUSED_AFTER)."""
    if _NAMED_CLOSE.match(text, at):
        return True
    lead = _CLOSE_LEAD.match(text, at)
    if _REFUSED_AFTER.match(text, lead.end()):
        return True
    mark = gz.word_pattern("deadline_marks.txt").match(text, lead.end())
    if mark is None:
        return False
    return len(mark.group()) > 1 or _own_word(text, mark.start(), mark.group())


def _cutoff(before: str) -> bool:
    """A cut-off label before the date: "截止日期：", "申报截止", "征集时间截至", "截止时间｜".
    截至 opening its clause ("截至10月底，办件量…") is the "as of" of a report; a bare 截止 or
    截至 that dates a figure is dropped later (`_reports_a_figure`), and one before publication
    never counts."""
    if _closing_label(before):
        return True
    label = _CUTOFF_LABEL.search(before)
    if label is None:
        return False
    if label.group("word") in ("截止", "截稿") or label.group("noun"):
        return True
    head = re.split(r"[，,；;。！？!?\n]", before[: label.start()])[-1]
    return bool(head.strip(" \t"))


_UNTIL = re.compile(r"(?:至|到)[ \t]*$")
_CLOSING_NOUN = re.compile(r"(?:时间|日期)(?:为|是)?[ \t]*[:：|｜]?[ \t]*$")


def _closing_label(before: str) -> bool:
    """ "系统关闭时间为X", "停止受理时间：X": the time a submission closes, named before the date
    (`closing` in deadline_windows.txt)."""
    noun = _CLOSING_NOUN.search(before)
    return noun is not None and before[: noun.start()].endswith(
        gz.named_list("deadline_windows.txt", "closing")
    )


def _platform_open(text: str, start: int, span: DateSpan) -> bool:
    """The clause around a window ending in `span` names a submission system and its opening
    ("申报系统开放时间为A至B", "平台将于A至B开放"): the window's end closes online filing."""
    left = max(text.rfind(mark, 0, start) for mark in "，,；;。\n") + 1
    right = _CLAUSE_END.search(text, span.end)
    clause = text[left : right.start() if right else len(text)]
    words = gz.named_list("deadline_windows.txt", "platforms")
    opening = gz.named_list("deadline_windows.txt", "opening")
    return any(w in clause for w in words) and any(w in clause for w in opening)


def _window_label(before: str) -> bool:
    """Text ending in a window label: a submission verb, then 时间/日期 ("报名办理时间："), or
    the verb alone before a colon when it opens the label ("网上申报：A—B", a schedule's row;
    not "请按以下安排办理：", which introduces what follows)."""
    for match in gz.word_pattern("submission_verbs.txt").finditer(before):
        rest = before[match.end() :]
        if len(match.group()) < 2:
            continue
        if re.match(_WINDOW_NOUN, rest):
            return True
        qualifier = re.split(r"[，,；;。！？!?\s]", before[: match.start()])[-1]
        qualifier = _ENUMERATOR.sub("", qualifier)  # "（一）网上填报：": a list item's number
        # a longer qualifier only when it names what is handed in ("纸质材料报送：")
        named = _purposes().pattern.fullmatch(qualifier) is not None
        if _VERB_COLON.match(rest) and (len(qualifier) <= _MAX_LABEL_QUALIFIER or named):
            return True
    return False


def publicity_comment(text: str) -> str:
    """The sentence asking to hand in opinions while what the post publicises is on show ("公示
    期间，社会公众可…提出意见建议"; not an objection, 异议, nor "如有意见" with no verb to hand it
    in): its 公示 window is a window to comment. "" when none."""
    for found in _OPINIONS_DURING_PUBLICITY.finditer(text):
        sentence = _sentence(text, found.start(), found.end())
        if asks_to_act(sentence) and not _OBJECTION.search(sentence):
            return sentence
    return ""


def _moved_to(before: str) -> bool:
    """Text ending in words that move a deadline to the date after it (延长至, 延期至 …); a
    correction quotes the date it gives ("更正为“12月5日”"); a short clause may stand between
    the verb and its 至 ("再延长一周，至12月19日")."""
    before = before.rstrip(' \t“"「『')
    return before.endswith(gz.named_list("deadline_windows.txt", "moved")) or bool(
        _moved_apart().search(before)
    )


@cache
def _moved_apart() -> re.Pattern[str]:
    """ "再延长一周，至12月19日": an extending verb (`extending` in deadline_windows.txt), a short
    clause, then its 至."""
    verbs = gz.named_pattern("deadline_windows.txt", "extending").pattern
    return re.compile(rf"(?:{verbs})[^。；;！？\n至]{{0,8}}[，,]?[ \t]*至$")


def _held_on(text: str, at: int) -> bool:
    """An event's verb right after the date (held in deadline_windows.txt): "延期至X举办"."""
    return text[at:].lstrip(" \t").startswith(gz.named_list("deadline_windows.txt", "held"))


def _verb_follows(text: str, at: int) -> bool:
    """A submission verb of two characters or more right after the date ("于X提交")."""
    verb = gz.word_pattern("submission_verbs.txt").match(text, at)
    return verb is not None and len(verb.group()) > 1


def asks_to_act(sentence: str) -> bool:
    """A sentence asking the reader to hand in, sign up or comment (submission_verbs.txt); a
    weak verb (完成, 办理) only with what is handed in (weak_submission_verbs.txt)."""
    weak = gz.named_list("weak_submission_verbs.txt", "weak")
    for match in gz.word_pattern("submission_verbs.txt").finditer(sentence):
        word = match.group()
        if len(word) == 1 and not _own_word(sentence, match.start(), word):
            continue
        if word not in weak or _names_a_submission(sentence):
            return True
    return False


def _names_a_submission(text: str) -> bool:
    """What is handed in, or where, named in the last sentence of `text`."""
    things = gz.named_pattern("weak_submission_verbs.txt", "things")
    return things.search(_SENTENCE_END.split(text)[-1]) is not None


def deadline_candidates(text: str, dates: list[DateSpan]) -> list[DateSpan]:
    """Dates that close a submission: "…前", "截止…", "即日起至…", "申报时间…至X"."""
    found = []
    comment_windows = []
    starts = {d.start for d in dates}
    for i, span in enumerate(dates):
        before = _line_before(text, span.start)
        context = ""  # a table's caption and header row, when the date sits in a column
        publicised = False
        if span.is_range_end:
            first = dates[span.range_start] if span.range_start is not None else None
            opener = _line_before(text, first.start) if first else ""
            column = _column_header(text, first.start, starts) if first else None
            if column:
                opener, context = column.header, column.context + column.row
            elif first and (item := _item_step(text, first.start, opener)):
                # "（一）企业申报。…时间：A至B。": the item's step and 时间 read together, as in a
                # schedule table's row
                step, label = item
                opener, context = step + label, step
            cue = _window_label(opener) or _cutoff(opener) or re.search(r"即日起[ \t]*$", opener)
            cue = cue or _ASKED_WINDOW.search(opener)  # "请于A至B期间登录系统填报"
            # a stage's own window: "（二）市（州）初审：12月1日至12月10日，各市（州）…出具推荐意见"
            cue = cue or (_stage_named(opener) and _VERB_COLON.search(opener))
            # a batch's own window: "第二批：2026年5月1日至2026年7月15日" (asked by its heading)
            cue = cue or _BATCH_LABEL.search(opener)
            # "Proposals will be accepted from 1 March to 15 April 2026"
            cue = cue or (first and _english_window().search(_english_label(text, first)))
            # "公示时间：A至B … 公示期间，社会公众可…提出意见": the window to comment
            publicised = bool(_PUBLICITY_LABEL.search(opener) and publicity_comment(text))
            cue = (
                cue
                or _closes(text, span.end)
                or (first and _platform_open(text, first.start, span))
            )
            before = opener + before
        else:
            column = _column_header(text, span.start, starts)
            if column:
                before, context = column.header, column.context + column.row
            followed = i + 1 < len(dates) and dates[i + 1].is_range_end
            cue = _cutoff(before) or (not followed and _closes(text, span.end))
            # "截至X，逾期不予受理": a clause-opening 截至 is "as of" unless the sentence
            # refuses what comes late
            cue = cue or (
                _AS_OF.search(before) and _LATE.search(_sentence(text, span.start, span.end))
            )
            cue = cue and not _RECURRING.search(before)
            if not followed and _FROM_NOW_UNTIL.search(before):
                sentence = _sentence(text, span.start, span.end)
                if len(sentence) <= _BARE_WINDOW or asks_to_act(sentence):
                    found.append(span)
                continue
            cue = cue or (not followed and _LATEST.search(before))
            english = _english_label(text, span)
            cue = cue or (not followed and _ENGLISH_CUTOFF.search(english))
            cue = cue or (not followed and _english_open_until().search(english))
            # "截止时间延长至X"; not "对接会延期至X举办", an event's new day
            cue = cue or (not followed and _moved_to(before) and not _held_on(text, span.end))
            if not cue and not followed and _UNTIL.search(before):  # "从9月至10月27日…开放"
                cue = _platform_open(text, span.start, span)
            if not cue and not followed and _ON_DATE.search(before):
                cue = _HAND_IN.match(text, span.end)
                cue = cue or (_ASKED_ON_DATE.search(before) and _verb_follows(text, span.end))
        # the label before the date (a cell above, a window's opener), not an earlier sentence
        # or step
        label = _STEP_MARK.split(_SENTENCE_END.split(before)[-1])[-1]
        # a submission's closing ("系统关闭时间为X") names what it closes: nothing else to ask
        asked = _closing_label(label) or asks_to_act(context + label + _step(text, span, dates))
        if cue and not asked and _BARE_TIME_LABEL.search(before):
            # "（二）街道初审。各街道办事处…初审后报区工信局。时间：12月3日前。": a bare 时间 closes
            # what its list item's sentences before it ask
            item = text[text.rfind("\n", 0, span.start) + 1 : span.start]
            asked = bool(_ENUMERATOR.match(item.lstrip())) and asks_to_act(item)
        if cue and not asked:
            # "申报分两批进行：\n第二批：A至B。": a batch's line is asked by its heading
            opened = dates[span.range_start].start if span.range_start is not None else span.start
            asked = asks_to_act(_batch_heading(text, opened))
        if cue and not asked:
            # "以上第1项请于…前完成": the list item the sentence points back at says what is asked
            step = _item_pointed_at(text, span.start)
            asked = bool(step) and asks_to_act(step)
        if cue and asked:
            found.append(span)
        elif publicised:
            comment_windows.append(span)
    # the 公示 window to comment in closes the comment only when no other date does
    return [_exclusive(text, span) for span in found or comment_windows]


# A batch of a call taken in rounds, labelled on its own line: "第二批：", "第一批次：", "第三轮：".
_BATCH = rf"第{_NUMERAL}(?:批次|批|轮)"
_BATCH_LABEL = re.compile(rf"(?:^|\n)[ \t]*{_BATCH}[ \t]*[:：|｜][ \t]*$")
_BATCH_LINE = re.compile(rf"[ \t]*{_ENUMERATED}?[ \t]*{_BATCH}")
_MAX_BATCHES = 6  # lines above a batch that may be its sibling batches before the heading


def _batch_heading(text: str, at: int) -> str:
    """The line heading the list of batches whose line holds `at` ("申报分两批进行："), or ''
    when that line is no batch of a list."""
    start = text.rfind("\n", 0, at) + 1
    if not _BATCH_LINE.match(text, start):
        return ""
    for _ in range(_MAX_BATCHES):
        if start == 0:
            return ""
        start = text.rfind("\n", 0, start - 1) + 1
        end = text.find("\n", start)
        line = text[start : end if end >= 0 else len(text)]
        if line.strip() and not _BATCH_LINE.match(line):
            return line
    return ""


# "12月10日前（不含当日）", "12月10日（不含）前": the named day itself is too late, the day before
# is the last (the 含/不含 of 《民法典》 第二百零五条's counting of periods).
_NOT_THE_DAY = r"[（(][ \t]*不含(?:当日|当天|本日|该日)?[ \t]*[)）]"
_EXCLUSIVE = re.compile(
    rf"[ \t]*(?:(?:之前|以前|前)[ \t]*{_NOT_THE_DAY}|{_NOT_THE_DAY}[ \t]*(?:之前|以前|前))"
)


def _exclusive(text: str, span: DateSpan) -> DateSpan:
    """`span`, a day earlier when the text says its day is not included."""
    if _EXCLUSIVE.match(text, span.end) is None:
        return span
    return dataclasses.replace(span, value=span.value - timedelta(days=1))


# "以上第1项", "上述第二条", "前述第3步": a sentence pointing back at a numbered list item
_POINTER = re.compile(rf"(?:以上|上述|前述)第?(?P<n>{_NUMERAL})(?:项|条|步)")
# A list item's line, its number ("1.", "（一）", "一、", as _ENUMERATOR reads them) and its text
_NUMBERED_LINE = re.compile(
    rf"^[ \t]*(?:(?P<n>{_NUMERAL})[、.．]|[（(](?P<bracketed>{_NUMERAL})[)）])(?P<item>[^\n]*)",
    re.MULTILINE,
)


def _item_pointed_at(text: str, at: int) -> str:
    """The text of the list item ("1.", "（一）", "一、") a pointer in the sentence at `at`
    names ("以上第1项请于…前完成"), searched above the sentence; "" when there is none."""
    left, right = sentence_bounds(text, at, at)
    pointer = _POINTER.search(text, left, right)
    if pointer is None:
        return ""
    number = pointer.group("n")
    items = [
        line.group("item")
        for line in _NUMBERED_LINE.finditer(text, 0, left)
        if (line.group("n") or line.group("bracketed")) == number
    ]
    return items[-1] if items else ""


class _Span(Protocol):
    """What the purpose and stage readers need of a deadline: where it stands in the text."""

    start: int
    end: int


@dataclass(frozen=True)
class StatedDeadline:
    """One deadline a notice states, with what it is for (网上申报, 纸质材料, 区级推荐 …)."""

    span: DateSpan
    purpose: str
    stage: str = ""  # the intermediary whose stage this is (区级推荐), "" for the applicant

    @property
    def label(self) -> str:
        return self.stage or self.purpose


def stated_deadlines(
    text: str, dates: list[DateSpan], ref: date, event_counts: list[DateSpan] | None = None
) -> list[StatedDeadline]:
    """Every deadline stated on or after publication (and not years ahead), with its purpose;
    dates that set a condition (births, registrations, validity) are left out. `event_counts`
    are the counts from a window the post dates (`split_undated`), read here when not given."""
    horizon = ref + timedelta(days=MAX_DAYS_AHEAD)
    starts = {d.start for d in dates}
    stated = []
    if event_counts is None:
        event_counts, _ = split_undated(text, dates)
    counted = [*counted_deadlines(text, ref), *_counted_from_dates(text, dates), *event_counts]
    for span in [*deadline_candidates(text, dates), *counted]:
        day = _day(span.value)
        first = dates[span.range_start] if span.range_start is not None else span
        label_line = _line_before(text, first.start)
        if (
            not ref <= day <= horizon
            or _is_condition(text, span)
            or _own_plan(text, span)
            or _contact_hours(label_line)
            or closed_already(text, first.start, span.end)
        ):
            continue
        column = _column_header(text, first.start, starts)
        # in a table, the column's header, then the row's label, name the purpose and stage
        named = column and (_header_purpose(column.header) or _header_purpose(column.row))
        # a label cell above a date that opens its line ("报名截止" over "2025年11月30日")
        opens_line = not text[text.rfind("\n", 0, first.start) + 1 : first.start].strip()
        named = named or (opens_line and _header_purpose(label_line))
        purpose = named or _purpose(text, span, dates)
        if _PUBLICITY_LABEL.search(label_line) and (comment := publicity_comment(text)):
            purpose = _sent_purpose(comment) or purpose  # the 公示 window is the one to comment in
        stage = _stage(text, span) or (column and _stage_named(column.row)) or ""
        stated.append(StatedDeadline(span, purpose, stage))
    # A date of a later phase (a selected pilot's self-evaluation) binds only those selected:
    # it is no deadline of the call when the post states one of the call's own round.
    this_round = [d for d in stated if not _later_phase(text, d.span)]
    return this_round or stated


# "10个工作日", "一个月": a count of days, weeks or months.
_N_UNIT = (
    r"(?P<n>\d{1,3}|[一二两三四五六七八九十]{1,3})[ \t]*个?[ \t]*"
    r"(?P<unit>工作日|自然日|日|天|周|星期|月)"
)
# "自本通知发布之日起计算": counted from the notice's publication.
_FROM_PUBLICATION = (
    r"(?:自|从)[ \t]*(?:本|该)?(?:通知|公告|文件)?"
    r"(?:发布|印发|公布|下发)之日(?:起|开始)(?:计算|计|算起)?"
)
# "自本通知发布之日起10个工作日内", "公告发布后30日内": a period counted from publication.
_COUNT = r"[ \t]*[，,]?[ \t]*" + _N_UNIT + r"[ \t]*(?:之内|以内|内)"
# The publication is the notice's own when the verb follows the notice's name or opens the
# event (自发布之日起); "结果公布后" counts from another thing's publication.
_COUNTED = starting_with(
    "本该通公文指发印下刊即今",
    r"(?:(?:(?:本|该)?(?:通知|公告|文件|指南)|(?<![\u4e00-\u9fff])|(?<=[自从于在]))"
    r"(?:发布|印发|公布|下发|发出|刊登)(?:之日起|之日后|后)"
    r"|(?:即日|今日)起)" + _COUNT,  # "即日起30日内": from today, the day the notice is published
)
# "征集期限为一个月，自本通知发布之日起计算": the period named first, then where it is counted from.
_PERIOD_FROM_PUBLICATION = starting_with(
    "期时",
    r"(?:期限|时间|期)(?:为|是)?[ \t]*[:：]?[ \t]*"
    + _N_UNIT
    + r"[ \t]*[，,（(]?[ \t]*"
    + _FROM_PUBLICATION,
)
# "征求意见时间为自本公告发布之日起30日", "征求意见期限：自本公告发布之日起10个工作日": a named
# period counted from publication; naming the period (期限/时间/期 为, or as a label before a
# colon) makes the count its length, so 内 may be left out.
_NAMED_PERIOD_FROM_PUBLICATION = starting_with(
    "期时",
    r"(?:期限|时间|期)(?:(?:为|是)[ \t]*[:：]?|[:：])[ \t]*"
    + _FROM_PUBLICATION
    + r"[ \t]*[，,]?[ \t]*"
    + _N_UNIT
    + r"(?![\u4e00-\u9fff\d])",
)
# "自2025年10月8日起10个工作日内": a period counted from a date the sentence names.
_COUNTED_FROM_DATE = re.compile(r"[ \t]*(?:之日起|起|之日后|后)" + _COUNT)


def counted_deadlines(text: str, ref: date) -> list[DateSpan]:
    """Deadlines a sentence asking the reader to act counts from publication (`ref`), in
    working days of the State Council's holiday calendar or in calendar days
    (nlp/workdays.py); estimated past the last notice, none past the holidays file."""
    found = []
    for pattern in (_COUNTED, _PERIOD_FROM_PUBLICATION, _NAMED_PERIOD_FROM_PUBLICATION):
        for match in pattern.finditer(text):
            span = _counted(text, match, match.start(), ref)
            if span:
                found.append(span)
    return sorted(found, key=lambda span: span.start)


def _counted_from_dates(text: str, dates: list[DateSpan]) -> list[DateSpan]:
    """Deadlines counted from a date the sentence names ("自10月8日起10个工作日内提交")."""
    found = []
    for date_span in dates:
        match = _COUNTED_FROM_DATE.match(text, date_span.end)
        if match and not date_span.is_range_end:
            span = _counted(text, match, date_span.start, _day(date_span.value))
            if span:
                found.append(span)
    return found


def _counted(text: str, match: re.Match[str], start: int, ref: date) -> DateSpan | None:
    """The day `match`'s count of days after `ref` ends on, as a span from `start`, when its
    sentence asks the reader to act and the holiday calendar knows the days counted."""
    if not asks_to_act(_sentence(text, start, match.end())):
        return None
    day = _count_end(ref, match)
    if day is None:
        return None
    quoted = text[start : match.end()]
    estimated = workdays.calendar().estimated(ref, day)
    return DateSpan(start, match.end(), quoted, day, estimated=estimated)


def _count_end(ref: date, match: re.Match[str]) -> date | None:
    """The day `match`'s count (its n and unit, as _N_UNIT reads them) after `ref` ends on;
    None for a count of nothing or a day the holiday calendar cannot tell."""
    written = match.group("n")
    count = int(written) if written.isdigit() else chinese_number(written)
    if not count:
        return None
    days = workdays.calendar()
    unit = match.group("unit")
    if unit == "工作日":
        return days.add_workdays(ref, int(count))
    if unit == "月":  # "一个月内": to the same day of the month (民法典 第二百零二条)
        return days.add_months(ref, int(count))
    # calendar days; a week is seven
    return days.add_days(ref, int(count) * (7 if unit in ("周", "星期") else 1))


def _day(value: date | datetime) -> date:
    return value.date() if isinstance(value, datetime) else value


# "自收到通知之日起10个工作日内", "在接到通知后3个工作日内", "在保险合同签订后60日内": a period
# counted from an event the post does not date (the reader's receipt of a letter, a signing),
# so no day can be given. The counting word closes the event; the event opens at the last
# 自/从/在/于 of its clause, else at the clause's start.
_AFTER_EVENT = re.compile(r"(?:之日起|之日后|起|后)" + _COUNT)
_EVENT_OPENER = re.compile(r"[自从在于](?!.*[自从在于])")
_MAX_EVENT = 20  # "自收到整改通知书之日起": an event is a short phrase, not a sentence
# A notice asks its reader ("请各区于接到本通知后…", "应自收到整改通知书之日起…"); a law or
# regulation states a duty with 应当, in numbered articles (第十条 …), of whoever it binds (an
# agency's "自收到申请之日起两个工作日内予以受理"). Source: 《立法技术规范（试行）》 (全国人大常委会
# 法制工作委员会, 2009), which writes obligations in laws as 应当 and articles as 第X条.
_ASKED = re.compile(r"请|务必|务请")
_CLAUSE_MARKS = "，,；;。！？：:\n"


def clause_start(text: str, at: int, marks: str = _CLAUSE_MARKS) -> int:
    """Where the clause holding `at` begins: after the last clause mark before it."""
    return max(text.rfind(mark, 0, at) for mark in marks) + 1


def asked_in_clause(text: str, at: int) -> bool:
    """The clause before `at` asks its reader in so many words (请, 务必, 务请)."""
    return _ASKED.search(text, clause_start(text, at), at) is not None


_MODAL_BEFORE = re.compile(r"(?:须|需|应)[ \t]*$")
_ARTICLE_LINE = re.compile(r"^[ \t]*第[一二三四五六七八九十百零〇\d]+条", re.MULTILINE)


@dataclass(frozen=True)
class UndatedDeadline:
    """A deadline counted from an event the post does not date, kept as written."""

    start: int
    end: int
    text: str


def undated_deadlines(text: str, dates: list[DateSpan]) -> list[UndatedDeadline]:
    """Periods counted from an undated event that the notice asks its reader to meet (请/须/应
    before the event, not a law's 应当 or article) and whose words that follow ask to act
    ("…10个工作日内，登录平台完成填报"; not "…5个工作日内下达项目计划", the bureau's own step).
    Counts from publication or from a stated date are dated elsewhere (`counted_deadlines`)."""
    dated_ends = {d.end for d in dates}
    found = []
    for match in _AFTER_EVENT.finditer(text):
        begins = clause_start(text, match.start())
        if match.start() - begins > 2 * _MAX_EVENT or match.start() in dated_ends:
            continue
        clause = text[begins : match.start()]
        if _COUNTED.search(text[begins : match.end()]):
            continue  # counted from publication: dated by counted_deadlines
        opener = _EVENT_OPENER.search(clause)
        start = begins + (opener.start() if opener else 0)
        if match.start() - start > _MAX_EVENT or match.start() - start < 2:
            continue
        asker = text[begins:start]
        if not (_ASKED.search(asker) or _MODAL_BEFORE.search(asker)):
            continue
        if _ARTICLE_LINE.search(text, 0, start):
            continue  # inside a regulation's articles, not the notice's request
        _, sentence_end = sentence_bounds(text, start, match.end())
        if asks_to_act(text[match.end() : sentence_end]):
            found.append(UndatedDeadline(start, match.end(), text[start : match.end()]))
    return found


# "网上申报截止后3个工作日内", "公示期满后5个工作日内": a count from the end of a window the
# post itself dates ("网上申报系统…2025年11月21日17:00关闭", "已于11月17日至11月21日…公示"):
# the event names the window (its subject) and how it ends (event_ends in
# deadline_conditions.txt).
_MAX_SUBJECT = 8


def _counted_from_event(
    text: str, undated: UndatedDeadline, dates: list[DateSpan]
) -> DateSpan | None:
    """The day a count from a window's end ends on, when the post dates that end: the last
    date before the count in the nearest sentence naming the window (its subject), counted
    as `_counted` counts (the closing day itself not counted)."""
    count = _AFTER_EVENT.search(text, undated.start, undated.end)
    if count is None:
        return None
    event = text[undated.start : count.start()].lstrip("自从在于 \t")
    ends = gz.named_list("deadline_conditions.txt", "event_ends")
    end_word = next((w for w in ends if event.endswith(w)), None)
    if end_word is None:
        return None
    subject = event[: -len(end_word)]
    subject = subject[:-1] if subject.endswith("期") else subject
    if not 2 <= len(subject) <= _MAX_SUBJECT:
        return None
    named = [
        d for d in dates if d.end <= undated.start and subject in _sentence(text, d.start, d.end)
    ]
    if not named:
        return None
    ended = _window_counted_from(text, named[-1]) or _day(named[-1].value)
    return _counted(text, count, undated.start, ended)


# "公示期为5个工作日，自2026年7月1日起算": a window named by its length, then the day it starts.
_LENGTH_NAMED = re.compile(r"(?:期限|时间|期)(?:为|是)[ \t]*[:：]?[ \t]*" + _N_UNIT)
# (not "自7月1日起5个工作日内提交", a count to act in, dated by _counted_from_dates)
_LENGTH_AFTER = re.compile(r"[ \t]*[，,]?[ \t]*" + _N_UNIT + r"(?![ \t]*(?:之内|以内|内))")
_STARTS_ON = re.compile(r"[ \t]*(?:（[^）]{0,6}）)?[ \t]*(?:起|开始)(?:算|计算|计)?")
# the units a window named by its length is counted in here (not 月 or 周: "公示期为一个月")
_WINDOW_DAYS = ("工作日", "日", "天", "自然日")


def _window_counted_from(text: str, start: DateSpan) -> date | None:
    """The last day of a window its sentence names by its length and `start` opens ("公示期为5个
    工作日，自7月1日起算": 7月1日 is the first of the five); None when the sentence says no
    such thing."""
    starts_on = None if start.is_range_end else _STARTS_ON.match(text, start.end)
    if starts_on is None:
        return None
    left, right = sentence_bounds(text, start.start, start.end)
    # "公示期为5个工作日，自7月1日起算", or the length after the start: "公示期自7月1日起5个工作日"
    length = _LENGTH_NAMED.search(text, left, right) or _LENGTH_AFTER.match(text, starts_on.end())
    if length is None or length.group("unit") not in _WINDOW_DAYS:
        return None
    eve = _day(start.value) - timedelta(days=1)  # the first day is counted
    return _count_end(eve, length)


def split_undated(text: str, dates: list[DateSpan]) -> tuple[list[DateSpan], list[UndatedDeadline]]:
    """The periods counted from an event (`undated_deadlines`), read once: the days of those
    whose event the post dates (stated deadlines like any dated one), and the rest, kept as
    written (`undated_facts`)."""
    dated, rest = [], []
    for undated in undated_deadlines(text, dates):
        if event_count := _counted_from_event(text, undated, dates):
            dated.append(event_count)
        else:
            rest.append(undated)
    return dated, rest


_WILL_ON = re.compile(r"将[ \t]*(?:于|在)[ \t]*$")
_AIMED_AT = re.compile(r"力争[ \t]*(?:于|在)?[ \t]*$")
_PLAN_LEAD = re.compile(r"^[ \t]*(?:据了解|据悉|目前|近期|下一步|同时|此外)?[ \t]*")


def _own_plan(text: str, span: DateSpan) -> bool:
    """An agency's own schedule: "区民政局将于2月11日前完成检查", "我局将于…前完成审核". The
    clause's subject is a body (a name ending in an organisation suffix, or 我局/本委), not an
    addressee (各区…, a stage). A thing's (系统将于…, 结果将于…) is a schedule too, unless the date
    closes it (系统将于…关闭, 申请将于…截止): "系统将于9月14日前发送直播链接", "审核结果将于…前通知"
    tell the reader what will come, and ask nothing."""
    clause = text[clause_start(text, span.start, "，,；;。：:\n") : span.start]
    if _AIMED_AT.search(clause):
        return True  # "力争7月31日前完成供地": a target its writer sets itself, asking nobody
    will = _WILL_ON.search(clause)
    if will is None:
        return False
    subject = clause[_PLAN_LEAD.match(clause).end() : will.start()].strip(" \t")
    if subject.startswith(("各", "请")):
        return False
    if len(subject) >= 2 and (
        subject in _conditions("own_plan") or subject.endswith(gz.org_suffixes())
    ):
        return True
    window = span.range_start is not None  # 平台将于A至B开放: B closes it
    return bool(subject) and not window and _CLOSES.match(text, span.end) is None


def _later_phase(text: str, span: _Span) -> bool:
    """The date's sentence places it after selection ("试点启动第二年初…于3月底前报送")."""
    sentence = _sentence(text, span.start, span.end)
    later = gz.named_pattern("deadline_conditions.txt", "later_phase")
    return later.search(sentence) is not None


def _is_condition(text: str, span: DateSpan) -> bool:
    """ "2008年1月1日以后出生", "…前注册登记的车辆", "有效期至X": a condition, not a deadline."""
    before = _line_before(text, span.start)
    if any(before.rstrip(" \t:：").endswith(w) for w in _conditions("before")):
        return True
    label = _CUTOFF_LABEL.search(before)
    if label and before[: label.start()].endswith(_conditions("not_submitted")):
        return True  # "递补截止时间为X": something closes that the reader does not hand in
    if label and not label.group("noun") and _reports_a_figure(text, span):
        return True
    at = _CONDITION_JOIN.match(text, span.end).end()
    if any(text.startswith(word, at) for word in _conditions("always")):
        return True
    return any(
        text.startswith(word, at) and text.startswith("的", at + len(word))
        for word in _conditions("attributive")
    )


# "申报已于6月30日截止": 已 (already) before a date its closing verb follows reports the close
# as done, whatever day is written; "已于5月20日启动，将于6月30日截止" closes ahead.
_ALREADY = re.compile(r"已(?:经)?[ \t]*(?:于|在)?[ \t]*$")
_CLOSE_VERB = r"(?:截止|结束|关闭|停止受理)"
# the date closes it: "…前截止", "…起关闭" (系统将于10月23日17时起关闭: at 17:00 it shuts)
_CLOSES = re.compile(rf"[ \t]*(?:前|起)?[ \t]*(?:正式|全部|提前)?{_CLOSE_VERB}")
_CLOSE_VERBS = re.compile(_CLOSE_VERB)


def may_report_close(text: str) -> bool:
    """The text holds 已 and a closing verb, without which no date in it is closed_already: a
    body lacking either needs no date read to know it reports no close."""
    return "已" in text and _CLOSE_VERBS.search(text) is not None


def closed_already(text: str, start: int, end: int) -> bool:
    """The date (or window) at start:end is stated as a close already passed ("已于…截止"):
    nobody acts by it."""
    return _ALREADY.search(text, max(0, start - 6), start) is not None and bool(
        _CLOSES.match(text, end)
    )


def _contact_hours(label_line: str) -> bool:
    """The date, or the window it opens, stands under a label of the days a contact answers
    ("联系时间：A至B", "政策咨询时间：…"; `contact_hours`; `label_line`: the line before the
    date): when to phone, no date to act by. A submission verb before the label ("报名联系时间：")
    keeps it the window of that act."""
    label = label_line.rstrip(" \t:：|｜为是")
    word = next((w for w in _conditions("contact_hours") if label.endswith(w)), None)
    if word is None:
        return False
    clause = re.split(r"[，,；;。！？!?\s]", label[: -len(word)])[-1]
    return gz.word_pattern("submission_verbs.txt").search(clause) is None


def _reports_a_figure(text: str, span: DateSpan) -> bool:
    """ "截止10月底，全系累计交付…已突破100万台": the date dates a figure (as_of words)."""
    comma = re.match(r"[ \t]*[，,]", text[span.end :])
    if comma is None:
        return False
    rest = text[span.end + comma.end() :]
    clause = rest[: m.start()] if (m := _CLAUSE_END.search(rest)) else rest
    return any(word in clause for word in _conditions("as_of"))


def _conditions(label: str) -> tuple[str, ...]:
    return gz.named_list("deadline_conditions.txt", label)


def _purpose(text: str, span: _Span, dates: Sequence[DateSpan]) -> str:
    """What the deadline is for (deadline_purposes.txt): the specific purpose nearest the date
    in its clause, else in its sentence (`dates`, the text's, mark the clauses that are another
    stage's), else the generic last label (申报)."""
    left, right = sentence_bounds(text, span.start, span.end)
    clause_left = max(text.rfind(mark, left, span.start) for mark in "，,；;")
    clause_right = min(
        (at for mark in "，,；;" if (at := text.find(mark, span.end, right)) >= 0), default=right
    )
    generic = _generic_purpose()
    found = _nearest_purpose(text, span, max(clause_left + 1, left), clause_right, generic)
    if not found:
        skip = _dated_clauses(text, span, dates)
        found = _nearest_purpose(text, span, left, right, generic, skip)
    if found in gz.named_list("notice_words.txt", "how_handed_in"):
        # "通过电子邮件将意见发送至…": what is sent outranks how it travels
        return _sent_purpose(text[left:right]) or found
    if found:
        return found
    # then the sentence before it in its paragraph, when that one asks to hand in
    # ("申报材料一式三份，加盖公章后报送…。报送时间不晚于11月28日。"), then its item's
    # heading ("二、纸质材料")
    before = _previous_sentence(text, left)
    if before and asks_to_act(text[before:left]):
        found = _nearest_purpose(text, span, before, left, generic)
        if found:
            return found
    # "以上第1项请于…前完成": the item pointed at names it ("1.企业在平台注册…在线提交" → 网上申报)
    if named := _header_purpose(_item_pointed_at(text, span.start)):
        return named
    heading = item_heading(text, span.start)
    if _stage_named(heading):  # "三、区级推荐": a stage's heading, not what the applicant hands in
        return generic
    return _header_purpose(heading) or generic


# "将意见发送至", "将报名回执报送": the object of a sending verb is what is handed in; so is
# the object after a verb of comment ("通过电子邮件提出修改意见", "通过邮箱反馈建议"), the wording
# of 《规章制定程序条例》's public comment notices.
_SENT = re.compile(
    r"将(?P<what>[^，,；;。\n将]{1,12}?)(?:发送|发至|报送|提交|寄送|报至|反馈)"
    r"|(?:提出|反馈)(?P<said>[^，,；;。！？\n]{1,8}?)(?=[ \t]*(?:[，,；;。！？\n]|$))"
)


def _sent_purpose(sentence: str) -> str:
    """The specific purpose the object of the sentence's sending verb names, unless that is
    itself only how something is handed in ("将纸质材料报送…")."""
    how = gz.named_list("notice_words.txt", "how_handed_in")
    for match in _SENT.finditer(sentence):
        said = match.group("said")
        named = _header_purpose(match.group("what") or said)
        if named and named not in how:
            return named
    return ""


def _previous_sentence(text: str, left: int) -> int | None:
    """Where the sentence before the one starting at `left` starts, on the same line; None
    when that sentence opens the line's text."""
    if left == 0 or text[left - 1] == "\n":
        return None
    line_start = text.rfind("\n", 0, left - 1) + 1
    ends = [m.end() for m in _SENTENCE_END.finditer(text, line_start, left - 1)]
    return ends[-1] if ends else line_start


def _item_step(text: str, at: int, opener: str) -> tuple[str, str] | None:
    """The step a list item names and the bare "时间：" label, when `opener` is that label
    opening its sentence and the item's heading ends in a submission verb ("（一）企业申报。…
    时间：" gives 企业申报 and 时间：), else None."""
    label = _BARE_TIME_LABEL.search(opener)
    if label is None:
        return None
    heading = item_heading(text, at)
    return (heading, label.group().lstrip("。！？；;")) if _submission_step(heading) else None


def item_heading(text: str, at: int) -> str:
    """The heading of the list item holding `at`: its line's opening words after a numeral
    ("（一）企业申报。…" gives 企业申报), or a short numbered line right above its paragraph
    ("二、纸质材料" over "申报材料一式三份…"); "" when the paragraph is no list item."""
    line_start = text.rfind("\n", 0, at) + 1
    line = text[line_start:at].lstrip()
    if numeral := _ENUMERATOR.match(line):
        return re.split(r"[。：:；;，,！？]", line[numeral.end() :])[0].strip()
    above_end = line_start - 1
    above = text[text.rfind("\n", 0, max(above_end, 0)) + 1 : max(above_end, 0)].strip()
    numeral = _ENUMERATOR.match(above)
    if numeral and len(above) <= _MAX_CELL_LABEL:
        return above[numeral.end() :].strip()
    return ""


def _header_purpose(header: str) -> str:
    """The specific purpose a table column's header names ("报名截止时间": 报名), else ""."""
    lexicon = _purposes()
    generic = _generic_purpose()
    labels = [lexicon.canonical[m.group().casefold()] for m in lexicon.pattern.finditer(header)]
    return next((label for label in labels if label != generic), "")


_CLAUSE_SPLIT = re.compile(r"[，,；;]")


def _dated_clauses(text: str, span: _Span, dates: Sequence[DateSpan]) -> list[tuple[int, int]]:
    """The clauses of the date's sentence, other than its own, that give a stage its own date
    (one of the text's `dates` starts in them): their words are that stage's ("请申报单位于12月12日
    前将材料报…，各设区市于12月19日前将推荐文件报省工信厅": 推荐 is the 19th's)."""
    left, right = sentence_bounds(text, span.start, span.end)
    cuts = [left, *(m.end() for m in _CLAUSE_SPLIT.finditer(text, left, right)), right + 1]
    clauses = [(a, b - 1) for a, b in itertools.pairwise(cuts)]
    skipped = []
    # a stage's subject may stand in an undated clause before its dated one ("各设区市商务局审核
    # 汇总后，于12月中旬前将项目清单和推荐文件报送省商务厅"): the clauses after the previous
    # dated one (or the date's own) read together
    opened = 0
    for n, (a, b) in enumerate(clauses):
        own = a <= span.start < b + 1
        dated = any(a <= d.start < b for d in dates)
        if own:
            opened = n + 1
        elif dated:
            block = clauses[opened : n + 1]
            if _stage_named(text[block[0][0] : b]):
                skipped.extend(block)
            opened = n + 1
    return skipped


def _nearest_purpose(
    text: str,
    span: _Span,
    lo: int,
    hi: int,
    generic: str,
    skip: Sequence[tuple[int, int]] = (),
) -> str:
    lexicon = _purposes()
    best: tuple[int, int, str] | None = None
    # Every position, overlaps included: 上报 of 线上报名 must not hide 报名.
    matches = (lexicon.pattern.match(text, at, hi) for at in range(lo, hi))
    for match in filter(None, matches):
        label = lexicon.canonical[match.group().casefold()]
        if label == generic or (match.start() < span.end and span.start < match.end()):
            continue
        if any(a <= match.start() < b for a, b in skip):
            continue  # a word of a clause holding another date
        gap = span.start - match.end() if match.end() <= span.start else match.start() - span.end
        key = (gap, _PURPOSE_ORDER[label], label, match.start())
        best = key if best is None or key < best else best
    if best is None:
        return ""
    return _first_joined(text, lo, best[3], best[2], generic)


# Purpose words named together for one date: adjacent ("报名缴费截止") or joined ("网上申报及纸质
# 材料报送截止"). The pattern can only end at the word: searched from _JOINER_WIDTH before it.
_JOINER = re.compile(r"(?:及|和|与|、|或|以及|/)?$")
_JOINER_WIDTH = 2  # the longest joiner, 以及


def _first_joined(text: str, lo: int, start: int, label: str, generic: str) -> str:
    """The first of the purpose words joined before the one at `start` (README "Facts": one
    date stated for two purposes at once takes the first the sentence names), `label` when none
    is; a channel before a purpose that is none only says how it travels ("网上报名": 报名)."""
    lexicon = _purposes()
    how = gz.named_list("notice_words.txt", "how_handed_in")
    while True:
        joiner = _JOINER.search(text, max(lo, start - _JOINER_WIDTH), start)
        end = joiner.start() if joiner else start
        before = [m for at in range(max(lo, end - 8), end)
                  if (m := lexicon.pattern.match(text, at, end)) and m.end() == end]  # fmt: skip
        if not before:
            return label
        first = lexicon.canonical[before[0].group().casefold()]
        if first == generic or (first in how and label not in how):
            return label
        start, label = before[0].start(), first


def _stage(text: str, span: _Span) -> str:
    """The intermediary named as the subject before the date ("各区于X前…"), if any."""
    left, _ = sentence_bounds(text, span.start, span.end)
    clause = text[left : span.start]
    clause = clause[max(clause.rfind("；"), clause.rfind(";")) + 1 :]
    # a form's or a document's title names 省级 without being the subject ("填写《省级…汇总表》")
    clause = _BRACKETED.sub("", clause)
    # an applicant named after the last stage, in the date's own comma clause, is its subject
    # ("…报区发改委，企业网上填报于11月20日前完成")
    own = clause[max(clause.rfind("，"), clause.rfind(",")) + 1 :]
    applicants = [m.end() for m in gz.named_pattern("notice_words.txt", "applicants").finditer(own)]
    stages = [end for _, end, _ in _intermediaries().find(own)]
    if applicants and max(applicants) > max(stages, default=-1):
        return ""
    if named := _named_last(clause):
        return _role_bearer(text, span, clause[named[0] : named[1]]) or named[2]
    if applicants:
        return ""
    if _level_bodies_subject(own):
        return _stage_label()
    if not _ENUMERATOR.sub("", clause.strip(" \t")).strip(" \t"):
        # a date opening its item names its subject after it ("二、1月16日前，各区完成审核推荐")
        subject = _SUBJECT_AFTER.match(text, span.end)
        found = list(_intermediaries().find(subject.group("clause"))) if subject else []
        if found and found[0][0] == 0:
            return found[0][2]
    # a sentence naming no subject takes its list item's heading ("三、市级推荐" over "请于12月5日
    # 前将推荐文件报送省工信厅"); a bare "时间：12月3日前" the sentences before it in its item
    # ("各街道办事处对企业材料进行初审后报区工信局。")
    heading = _stage_named(item_heading(text, span.start))
    if heading or asks_to_act(_sentence(text, span.start, span.end)):
        return heading
    line_start = text.rfind("\n", 0, span.start) + 1
    return _stage_named(_BRACKETED.sub("", text[line_start:left]))


# The subject of a step before its date: "区发改委于", "区教育局、区地震局应于",
# "（二）区经委推荐：".
_SUBJECT_BEFORE_DATE = re.compile(r"[ \t]*(?:应|须|需|要|将|统一)?[ \t]*(?:于|在)[ \t]*$")
_SUBJECTS_JOINED = re.compile(r"[、和及与]")
_AGENT_MARK = re.compile(r"^(?:再由|并由|统一由|由)")


def _level_bodies_subject(own: str) -> bool:
    """The date's own clause names as its subject bodies written by their level alone (区发改委,
    区教育局、区地震局, 市科委: regions.relative_level), acting before the date or naming their
    step before a colon (stage_steps in notice_words.txt). Such a body collects and passes on
    what applicants hand in, as 各区 does; a notice names its applicants otherwise (企业,
    申报单位)."""
    subject = _ENUMERATOR.sub("", own.strip(" \t"))
    by_date = _SUBJECT_BEFORE_DATE.search(subject)
    if by_date:
        subject = subject[: by_date.start()]
    else:
        step = _named_step().search(subject)
        if step is None:
            return False
        subject = subject[: step.start()]
    subject = _AGENT_MARK.sub("", subject.strip(" \t"))  # "由区科委于…统一报送"
    names = [name.strip(" \t") for name in _SUBJECTS_JOINED.split(subject)]
    return bool(names) and all(name and _level_body(name) for name in names)


def _level_body(name: str) -> str:
    """The level of a body written by its level alone (区教育局), or of the lower of two
    levels written together (市县科协, 区县教育局: each level's body of the kind)."""
    if len(name) > 3 and name[0] in LEVEL_CHARS and name[1] in LEVEL_CHARS:
        return relative_level(name[1:])
    return relative_level(name)


@cache
def _named_step() -> re.Pattern[str]:
    """A step a body names before a colon closing the clause ("区经委推荐："; stage_steps in
    notice_words.txt)."""
    steps = gz.named_pattern("notice_words.txt", "stage_steps").pattern
    return re.compile(rf"(?:{steps})[:：][ \t]*$")


@cache
def _stage_label() -> str:
    """The stage a level's body acting as a step's subject stands for: the one 各区 names
    (deadline_intermediaries.txt), as it collects and passes on applications as 各区 does."""
    return _stage_named("各区")


# The clause after a date that opens its sentence: past its closing word, from the comma on.
# A table row's next cell, or a colon, plays the comma's part ("2026年1月5日前｜各学院完成审核",
# "3月20日前：各州（市）完成审核推荐").
_SUBJECT_AFTER = re.compile(
    r"[^，,；;。！？：:\n]{0,8}?[，,｜|：:][ \t]*(?P<clause>[^，,；;。！？｜|\n]*)"
)


def _role_bearer(text: str, span: _Span, named: str) -> str:
    """The stage of the body the date's list item heading names when `named`, the last
    intermediary its clause names, is a role alone (role_stages in notice_words.txt:
    "1.各区域主管部门负责组织…推荐。推荐单位于10月30日前…" is the districts' stage), else ""."""
    if not _role_words().fullmatch(named):
        return ""
    heading = item_heading(text, span.start)
    bodies = [s for s, e, _ in _intermediaries().find(heading)
              if not _role_words().fullmatch(heading[s:e])]  # fmt: skip
    return _stage_named(heading[bodies[-1] :]) if bodies else ""


@cache
def _role_words() -> re.Pattern[str]:
    return gz.named_pattern("notice_words.txt", "role_stages")


def _stage_named(words: str) -> str:
    """The stage of the last intermediary `words` name (deadline_intermediaries.txt), if any."""
    named = _named_last(words)
    return named[2] if named else ""


def _named_last(words: str) -> tuple[int, int, str] | None:
    """The last intermediary `words` name: (start, end, its stage), None when none."""
    found = list(_intermediaries().find(words))
    return found[-1] if found else None


_BRACKETED = re.compile(r"《[^《》]*》|[（(][^（）()]*[)）]")


@cache
def _purposes() -> gz.Lexicon:
    return gz.Lexicon.from_groups(gz.read_groups("deadline_purposes.txt"))


@cache
def _generic_purpose() -> str:
    """The last label of deadline_purposes.txt (申报): what a deadline is for when no word says."""
    return gz.read_groups("deadline_purposes.txt")[-1][0]


@cache
def _intermediaries() -> gz.Lexicon:
    """The subjects of deadline_intermediaries.txt, each to its label; a label that is also a
    purpose (推荐, a verb every notice uses) is no subject, the others (区级推荐, a heading's
    words) are."""
    groups = gz.read_groups("deadline_intermediaries.txt")
    return gz.Lexicon.from_groups(groups, intermediary_labels() - stage_labels())


_PURPOSE_ORDER = {group[0]: n for n, group in enumerate(gz.read_groups("deadline_purposes.txt"))}


def deadline_fact(
    text: str, dates: list[DateSpan], ref: date, event_counts: list[DateSpan] | None = None
) -> list[Fact]:
    """The applicant's final deadline (`deadline`), then every stated one (`stated_deadline`,
    {"at", "for"}). Stages of intermediaries (区级推荐) count only when nothing else is stated,
    and then the first of them: stages climb (区 → 市 → 省 → 部), each collecting what the level
    below handed in, so the reader at the bottom must act before the earliest."""
    stated = stated_deadlines(text, dates, ref, event_counts)
    if not stated:
        return []
    own = [d for d in stated if not d.stage]
    if own:
        best = max(own, key=lambda d: (_as_datetime_key(d.span), -d.span.start)).span
    else:
        best = min(stated, key=lambda d: (_as_datetime_key(d.span), d.span.start)).span
    return _deadline_facts(best, stated)


def _deadline_facts(
    final: DateSpan, stated: list[StatedDeadline], from_title: bool = False
) -> list[Fact]:
    """The `deadline` fact of the final day its caller chose, then one `stated_deadline`
    ({"at", "for"}) per stated deadline. A title's facts have an empty span of the body (it
    holds none of their words), name the purpose alone, say "from": "title" and give the
    date's span in the title ("title_span": [start, end]), so a page can mark it there."""
    where = (0, 0, "") if from_title else (final.start, final.end, final.text)
    facts = [Fact("deadline", final.iso, *where)]
    for d in stated:
        value: dict[str, str | bool | list[int]] = {"at": d.span.iso}
        if from_title:
            value |= {"for": d.purpose, "from": "title", "title_span": [d.span.start, d.span.end]}
        else:
            value["for"] = d.label
        if d.span.estimated:  # counted over days no holiday notice covers yet
            value["estimated"] = True
        where = (0, 0, "") if from_title else (d.span.start, d.span.end, d.span.text)
        facts.append(Fact("stated_deadline", value, *where))
    return facts


def undated_facts(
    text: str, dates: list[DateSpan], undated: list[UndatedDeadline], round_dated: bool = False
) -> list[Fact]:
    """Stated deadlines counted from an event the post does not date (`split_undated`'s rest):
    no date ("at" empty), the wording kept ("as_written") with what it is for, so a reader sees
    the rule instead of a wrong day. When the post dates a deadline of the call's own round
    (`round_dated`), a count in a later phase ("晋级项目须在结果公布后3个工作日内…") binds only
    those selected, as a dated one would."""
    facts = []
    for d in undated:
        if round_dated and _later_phase(text, d):
            continue
        label = _stage(text, d) or _purpose(text, d, dates)
        value = {"at": "", "for": label, "as_written": d.text}
        facts.append(Fact("stated_deadline", value, d.start, d.end, d.text))
    return facts


def _as_datetime_key(span: DateSpan) -> str:
    iso = span.iso
    return iso if "T" in iso else iso + "T23:59"


def period_fact(text: str, dates: list[DateSpan]) -> list[Fact]:
    """The 公示 period: a date range introduced by 公示时间/公示期 (or in a 公示 sentence)."""
    for span in dates:
        if not span.is_range_end or span.range_start is None:
            continue
        first = dates[span.range_start]
        labelled = _PUBLICITY_LABEL.search(_line_before(text, first.start))
        if labelled or "公示" in _sentence(text, first.start, first.end)[:60]:
            value = [first.iso[:10], span.iso[:10]]
            return [Fact("period", value, first.start, span.end, text[first.start : span.end])]
    return []


# --- signature block ---------------------------------------------------------------------

_DATE_LINE = re.compile(
    r"^[ \t]*(?:(?:19|20)\d{2}[ \t]*年[ \t]*\d{1,2}[ \t]*月[ \t]*\d{1,2}[ \t]*日"
    r"|[〇○零一二三四五六七八九]{4}年[一二三四五六七八九十]{1,2}月[一二三四五六七八九十]{1,3}日)"
    r"[ \t]*(?:$|(?=[（(]))",
    re.MULTILINE,
)
_MAX_ISSUER_LINE = 60
_MAX_ISSUER_LINES = 30  # joint notices list a dozen bodies, sometimes with blank lines between


def on_date_line(text: str, start: int) -> bool:
    """The date at `start` stands alone on its line, as a signature's date does: a notice's
    落款 (or a letter's), the day it was issued, whatever other dates the text states."""
    line = _DATE_LINE.match(text, text.rfind("\n", 0, start) + 1)
    return line is not None and line.start() <= start < line.end()


def signature_facts(text: str) -> list[Fact]:
    """The signing date and issuing bodies of the last signature block in the text."""
    for match in reversed(list(_DATE_LINE.finditer(text))):
        issuers = _issuers_above(text, match.start())
        if not issuers:
            continue
        dates = find_dates(match.group(), NO_DATE)
        if not dates:
            continue
        day = dates[0]
        start = match.start() + day.start
        signed = Fact("signed", day.iso[:10], start, start + len(day.text), day.text)
        return [*issuers, signed]
    return []


def _issuers_above(text: str, line_start: int) -> list[Fact]:
    """Bodies on the lines just above a date line (blank lines between allowed), one per body."""
    facts: list[Fact] = []
    end = line_start - 1
    for _ in range(_MAX_ISSUER_LINES):
        if end <= 0:
            break
        start = text.rfind("\n", 0, end) + 1
        line = text[start:end]
        end = start - 1
        if not line.strip():
            continue
        bodies = _bodies(line, start)
        if not bodies:
            break
        facts[:0] = bodies
    return facts


def _bodies(line: str, offset: int) -> list[Fact]:
    if len(line) > _MAX_ISSUER_LINE or re.search(r"[。，,：:；;！？、]", line):
        return []
    facts = []
    for match in re.finditer(r"[^ \t\u3000]+", line):
        name = match.group()
        if len(name) < 3 or not name.endswith(_words("issuer_end")):
            return []
        start = offset + match.start()
        facts.append(Fact("issuer", name, start, start + len(name), name))
    return facts


# --- attachments ---------------------------------------------------------------------------

_ATTACH_HEAD = re.compile(
    r"^(?:[^\n]{0,12}?查看附件[:：]?)?[ \t]*附件(?:下载)?[ \t]*"
    r"(?P<num>[一二三四五六七八九十\d]{1,2})?(?:[ \t]*[-—至][ \t]*\d{1,2}(?!\d))?"
    r"[ \t]*[：:．.、\-—]?[ \t]*"
    r"(?P<rest>[^\n]*)$",
    re.MULTILINE,
)
_NUMBERED = re.compile(r"^[ \t]*(?P<num>\d{1,2})[ \t]*[.．、][ \t]*(?P<title>[^\n]+)$")
_EXT = r"(?:docx?|xlsx?|pdf|wps|zip|rar|pptx?|txt)"
_ITEM_SPLIT = re.compile(
    rf"(?<![0-9A-Za-z.．])(?=\d{{1,2}}[．.、](?!{_EXT}(?![a-z]))(?:\D|\d{{4}}))"
    r"|(?<=\.(?:doc|xls|pdf|wps|zip|rar|ppt|txt))(?![a-z])"
    r"|(?<=\.(?:docx|xlsx|pptx))"
    r"|(?=附件\s*\d)"
)
_TRAILING_DATE = re.compile(r"[ \t]+(?:19|20)\d{2}年\d{1,2}月\d{1,2}日$")
_ONLY_EXT = re.compile(rf"^{_EXT}$", re.IGNORECASE)
_ITEM_PREFIX = re.compile(r"^(?:附件\s*\d{0,2}\s*[:：．.、\-—]?|\d{1,2}\s*[.．、])\s*")
_FILE_EXT = re.compile(r"\.(?:docx?|xlsx?|pdf|wps|zip|rar|pptx?|txt)$", re.IGNORECASE)
_MAX_TITLE = 120


def attachment_facts(text: str) -> list[Fact]:
    """One fact per attached file: "附件：1.…docx" and the numbered lines after it."""
    facts: list[Fact] = []
    taken: set[int] = set()
    for match in _ATTACH_HEAD.finditer(text):
        if match.start() in taken:
            continue
        rest = match.group("rest")
        if rest.startswith(("（", "(")) and "见" in rest[:4]:
            continue
        if _ONLY_EXT.match(rest.strip()):  # "附件2.doc": the file has no other name
            rest_start = match.start() + len(match.group()) - len(match.group().lstrip())
            items = [_whole_item(text, rest_start, match.end())]
        else:
            items = _split_items(rest, match.start("rest")) if rest.strip() else []
        facts.extend(items)
        pos = match.end() + 1
        while pos < len(text):
            nl = text.find("\n", pos)
            line_end = nl if nl >= 0 else len(text)
            line = text[pos:line_end]
            if not line.strip():
                pos = line_end + 1
                continue
            head = _ATTACH_HEAD.match(text, pos)
            if head and head.start() == pos:
                break
            if not (_NUMBERED.match(line) or (_FILE_EXT.search(line) and len(line) <= _MAX_TITLE)):
                break
            facts.extend(_split_items(line, pos))
            taken.add(pos)
            pos = line_end + 1
    return _unique(facts)


def _split_items(line: str, offset: int) -> list[Fact]:
    """Split "1.A.doc2.B.pdf" and "附件2X.doc附件3Y.doc" into titles with their spans."""
    cuts = sorted({0, len(line), *(m.start() for m in _ITEM_SPLIT.finditer(line))})
    facts = []
    for a, b in itertools.pairwise(cuts):
        piece = line[a:b]
        prefix = _ITEM_PREFIX.match(piece)
        skip = prefix.end() if prefix else 0
        title = _TRAILING_DATE.sub("", piece[skip:]).strip(" \t、，,；;")
        if _ONLY_EXT.match(title):  # "附件2.doc": the file has no other name
            title, skip = piece.strip(" \t、，,；;"), 0
        if len(title) < 2 or len(title) > _MAX_TITLE or _is_pointer(title):
            continue
        start = offset + a + piece.index(title, skip)
        value = _FILE_EXT.sub("", title).strip("《》 ")
        facts.append(Fact("attachment", value or title, start, start + len(title), title))
    return facts


def _whole_item(text: str, start: int, end: int) -> Fact:
    title = text[start:end].strip()
    start = text.index(title, start)
    return Fact("attachment", title, start, start + len(title), title)


def _is_pointer(title: str) -> bool:
    return bool(re.match(r"^(?:[（(]?(?:详情|详见|点击|请点击|见))", title))


def _unique(facts: list[Fact]) -> list[Fact]:
    seen: set[tuple[str, str]] = set()
    out = []
    for fact in facts:
        key = (fact.kind, str(fact.value))
        if key not in seen:
            seen.add(key)
            out.append(fact)
    return out


# --- document numbers and cited policies -------------------------------------------------

_DOC_NUMBER = re.compile(
    r"(?P<prefix>[\u4e00-\u9fff]{2,12})[ \t]*[〔\[【（(﹝［][ \t]*(?P<year>(?:19|20)\d{2})[ \t]*"
    r"[〕\]】）)﹞］][ \t]*(?P<num>\d{1,5})[ \t]*号"
)
_POLICY = re.compile(r"《(?P<title>[^《》\n]{2,80})》")
_TRAILING_NOTE = re.compile(r"[（(][^（）()]{1,12}[)）]$")


def _words(label: str) -> tuple[str, ...]:
    """A named vocabulary of data/notice_words.txt."""
    return gz.named_list("notice_words.txt", label)


def _after_last_lead(prefix: str) -> str:
    """The issuer prefix of a document number: after the last sentence word before it."""
    leads = gz.named_pattern("notice_words.txt", "doc_number_lead")
    ends = [m.end() for m in leads.finditer(prefix)]
    return prefix[max(ends, default=0) :]


def doc_number_facts(text: str) -> list[Fact]:
    """Document numbers ("沪经信制〔2023〕62号"), brackets and spacing normalised to 〔〕."""
    facts = []
    for match in _DOC_NUMBER.finditer(text):
        prefix = _after_last_lead(match.group("prefix"))
        if len(prefix) < 2:
            continue
        start = match.start("prefix") + len(match.group("prefix")) - len(prefix)
        value = f"{prefix}〔{match.group('year')}〕{match.group('num')}号"
        facts.append(Fact("doc_number", value, start, match.end(), text[start : match.end()]))
    return _unique(facts)


def policy_heads() -> tuple[str, ...]:
    """The words that end a policy document's name (办法, 实施方案, 通知 …; notice_words.txt)."""
    return _words("policy_end")


def policy_core(name: str) -> str:
    """A document's name without its trailing note ("…管理办法（试行）", "…（2025年版）"): the
    head that says what kind of document it is ends the core."""
    return _TRAILING_NOTE.sub("", name)


def policy_title_facts(text: str) -> list[Fact]:
    """Titles in 《》 that name a policy, plan, notice or catalogue (forms and tables excluded)."""
    facts = []
    for match in _POLICY.finditer(text):
        title = match.group("title").strip()
        core = policy_core(title)
        is_form = any(word in core for word in _words("not_policy"))
        if core.endswith(policy_heads()) and not is_form:
            s, e = match.start("title"), match.end("title")
            facts.append(Fact("policy_title", title, s, e, text[s:e]))
    return _unique(facts)


def title_deadline_facts(
    title: str, ref: date, title_dates: list[DateSpan] | None = None
) -> list[Fact]:
    """The deadline a title states ("…申报的通知（申报截止：12月5日）", "【报名截止11月20日】…"),
    read by the same rules as the body's, for a post whose body states none. The body holds no
    words of it, so each fact's span of the body is empty (start = end = 0) and each stated
    deadline says where it stands ("from": "title", "title_span"). A title's 区级/省级 names the
    programme's level ("区级技术改造项目开始申报（截止11月25日）"), not a stage's subject, so
    no stage is read from it. `title_dates` are the title's dates when the caller has found
    them already."""
    # A title is short and has no sentence around its date: it must name what is handed in
    # besides the closing word ("报名截止11月20日", "申报截止：12月5日"); "优惠活动12月31日截止"
    # closes an offer.
    if not asks_to_act(re.sub("截止|截至", "", title)):
        return []
    if title_dates is None:
        title_dates = find_dates(title, ref)
    stated = stated_deadlines(title, title_dates, ref)
    if not stated:
        return []
    final = max(stated, key=lambda d: (_as_datetime_key(d.span), -d.span.start)).span
    return _deadline_facts(final, stated, from_title=True)


def chosen_deadline(
    text: str, ref: date, dates: list[DateSpan], rules: list[Fact], title: str = ""
) -> list[Fact]:
    """The rules' deadline facts (`deadline_fact`, else the title's when the body states none)
    with the final one the learned chooser picks (extract/deadline_choice.py), among the body's
    dates and the title's; a date it picks that the rules did not state joins the stated ones,
    with the purpose its sentence names (a title's date with the title as its sentence, "from":
    "title" and its span there, as `title_deadline_facts` gives)."""
    title_dates = find_dates(title, ref)
    given = rules or title_deadline_facts(title, ref, title_dates)
    found = candidates(text, ref, dates, given, stage_labels(), title, title_dates=title_dates)
    picked = choice.choose(found)
    final = next((f for f in given if f.kind == "deadline"), None)
    if picked is None or (final and _is_fact_of(final, picked)):
        return given
    stated = [f for f in given if f.kind == "stated_deadline"]
    if picked.stated_for is None and picked.in_title:
        value = {"at": picked.iso, "for": _purpose(title, picked, title_dates)}
        value |= {"from": "title", "title_span": [picked.start, picked.end]}
        stated.append(Fact("stated_deadline", value, 0, 0, ""))
    elif picked.stated_for is None:
        value = {"at": picked.iso, "for": _purpose(text, picked, dates)}
        stated.append(Fact("stated_deadline", value, picked.start, picked.end, picked.text))
    where = (0, 0, "") if picked.in_title else (picked.start, picked.end, picked.text)
    return [Fact("deadline", picked.iso, *where), *stated]


def _is_fact_of(final: Fact, picked: Candidate) -> bool:
    """The rules' final deadline is the date the chooser picked: the same span of the body, or
    the same day of the title (a title's facts have an empty span of the body)."""
    if picked.in_title:
        return final.end <= final.start and final.value == picked.iso
    return (final.start, final.end) == (picked.start, picked.end)


def timed_once(deadlines: list[Fact]) -> list[Fact]:
    """`deadlines` with one step's day stated twice, once with its hour, stated once at that
    hour ("报名时间：12月7日—12月18日，12月18日17时起报名系统关闭": 报名 closes 12-18 17:00,
    not at the day's end), and a final deadline on that day given the hour too."""
    stated = [f for f in deadlines if f.kind == "stated_deadline"]
    timed = {(f.value["at"][:10], f.value.get("for")): f for f in stated if len(f.value["at"]) > 10}
    if not timed:
        return deadlines
    out = []
    for fact in deadlines:
        day = (fact.value["at"], fact.value.get("for")) if fact.kind == "stated_deadline" else None
        if day in timed:
            continue  # the same step's day, said again with its hour
        if fact.kind == "deadline" and len(str(fact.value)) == 10:
            hour = [f for (on, _), f in timed.items() if on == fact.value]
            if len(hour) == 1:  # one hour that day: the final deadline is at it
                fact = Fact(
                    "deadline", hour[0].value["at"], hour[0].start, hour[0].end, hour[0].text
                )
        out.append(fact)
    return out


def extract_notice_facts(text: str, ref: date, title: str = "") -> list[Fact]:
    """Every notice fact of a cleaned text, dates resolved against the publish date; the
    title's deadline when the text states none or the chooser picks it."""
    dates = find_dates(text, ref)
    event_counts, undated = split_undated(text, dates)
    deadlines = deadline_fact(text, dates, ref, event_counts)
    deadlines = timed_once(chosen_deadline(text, ref, dates, deadlines, title))
    round_dated = any(
        f.kind == "stated_deadline" and not _later_phase(text, f) for f in deadlines if f.end
    )
    return [
        *deadlines,
        *undated_facts(text, dates, undated, round_dated),
        *period_fact(text, dates),
        *signature_facts(text),
        *attachment_facts(text),
        *doc_number_facts(text),
        *policy_title_facts(text),
    ]
