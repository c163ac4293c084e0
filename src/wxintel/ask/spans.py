"""The shortest span of a passage that answers a question of a given type.

Stored facts (deadlines, phones, e-mails, addresses, doc numbers, money) are used where they
fall inside the passage, since their spans were checked at ingest; the same readers that made
them (dates, identifiers, figures) find the rest.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date
from difflib import SequenceMatcher
from functools import cache, lru_cache
from typing import TYPE_CHECKING, Any

import rjieba

from wxintel import settings
from wxintel.ask.question import (
    CALLED,
    NUMBERED_PARTS,
    Question,
    asked_quantity_units,
    asked_symbols,
    asked_unit,
    asks_ordinal,
    asks_total,
    claimed_figures,
    measure_words,
    name_nouns,
    other_figure,
    other_ordinal,
    same_measure,
    total_words,
    word_starts,
)
from wxintel.extract.contacts import HOTLINE, LIST_MARKS, joined_runs
from wxintel.extract.figures import extract_figures
from wxintel.extract.notices import on_date_line
from wxintel.nlp.cndate import chinese_number, find_dates
from wxintel.nlp.lexicon import data_text, read_lines
from wxintel.nlp.segment import is_cjk
from wxintel.nlp.width import EVERY_FORM, half_width
from wxintel.search.identifiers import find_identifiers

if TYPE_CHECKING:
    from wxintel.ask.extractive import Scored

# A date followed by one of these is a cut-off (…前, 截止…); one preceded by 至/截止 is too.
_BEFORE = re.compile(r"^\s*(?:[（(][^）)]{0,8}[)）])?\s*(?:之?前|以前|截止|截至|止)")
# the question words asking which day (哪天, 什么时候, 几号), for the two below
_WHICH_DAY = r"(?:哪天|哪一天|什么时候|何时|几月几[日号]|几号)"
# a question asking when something starts (从哪天起, 什么时候开始), and a date that starts
# something: followed (past a short bracketed aside, 除夕) by 起, 开始 or the 至 of a span
_ASKS_START = re.compile(_WHICH_DAY + r"\s*(?:起|开始|启动)")
_STARTS = re.compile(r"\s*(?:[（(][^）)]{0,8}[)）])?\s*(?:起|开始|启动|至|到|[-－~～—])")
# a question asking when something ends (到哪天为止, 什么时候结束, 哪天闭幕, 最后一天是几号, 一直
# 开到哪天): the last day of a span answers it (2024年10月8日至2024年12月31日, 9月25日至28日),
# not its first
_ASKS_END = re.compile(_WHICH_DAY + r"\s*(?:为止|结束|止|闭幕|落幕)|最后一天|到\s*" + _WHICH_DAY)
# a date of an opening (9月25日开幕, 6月1日起施行): what begins then, never when it ends
_OPENS = re.compile(
    r"\s*(?:[（(][^）)]{0,8}[)）])?\s*(?:正式)?(?:开幕|开班|开营|开园|开业|起|开始|启动)"
)
_UNTIL = re.compile(r"(?:截止|截至|至|到|止于|截止时间[:：为]?|截止日期[:：为]?)\s*$")
_NUMBER = r"[0-9][0-9,.]*|[零〇一二两三四五六七八九十百千]+"
_DURATION_CUES = ("多久", "多长时间", "多少时间")
_TIME_UNITS = {
    "年",
    "个月",
    "月",
    "周",
    "天",
    "日",
    "工作日",
    "个工作日",
    "小时",
    "个小时",
    "分钟",
    "课时",
}
_YEAR_NUMBER = re.compile(r"(?:19|20)\d{2}")
_CLOCK_BEFORE = ("点", "时", ":", "：")
# a name or slogan in quotation marks (以“工业新质，智造无界”为主题, 《…》)
_QUOTED = re.compile(
    r"“(?P<a>[^“”\n]{2,40})”|《(?P<b>[^《》\n]{2,40})》|「(?P<c>[^「」\n]{2,40})」"
    # a Latin name in brackets right after the Chinese one: 集装箱码头仿真系统(SmartSim）
    r"|(?<=[\u4e00-\u9fff])[（(](?P<d>[A-Za-z][A-Za-z0-9 .+\-]{1,30})[)）]"
)
# how a name noun stands beside its quoted value: 主题为“…”, 主题：“…”, 主题“…” before it;
# 以“…”为主题 after it (not “…”主题宣传活动, where the quote names the event)
_NAME_BEFORE = r"(?:的|之)?\s*(?:为|是|[:：])?\s*$"
_NAME_AFTER = r"^\s*(?:作)?为"
# 哪个社区, 哪家医院, 什么补贴 (什么 before a noun asks which kind: 票款补贴): the noun asked for,
# which the answer's name ends with. Nouns too general to end a name (单位, 地方) are left to the
# other readers; 为什么 asks why, no noun.
_WHICH = re.compile(r"(?:哪|(?<!为)什么)(?:个|家|所|座|一个|一家)?(?P<noun>[\u4e00-\u9fff]{1,4})")
_GENERAL_NOUNS = frozenset(
    [
        "单位",
        "企业",
        "地方",
        "部门",
        "机构",
        "文件",
        "城市",
        "时候",
        "天",
        "里",
        "个",
        "家",
        "所",
        "座",
    ]
)
_NAME_LEAD = "是在于到至的了和与及、由"
# a name's characters: no coordination (甲与乙社区 names two things), no 的 or 了 (介绍了公司 is no
# name), no preposition or copula (正式在上海证券交易所: the name starts after 在)
_NAME_CHAR = r"(?:(?![与和及的了在于是由向从把被为])[\u4e00-\u9fffA-Za-z0-9])"
# the legal form a firm's name may end with after the noun asked (…培训学校有限公司)
_LEGAL_FORM = re.compile(r"(?:股份|集团)?有限(?:责任)?公司")
_CLAUSE_END = re.compile(r"[，,；;、。]")
_YEARS = re.compile(r"(?:19|20)\d{2}\s*[-－~～至]\s*(?:19|20)\d{2}")
# A number labelled as one to call (联系电话：, 热线, 咨询：) is surer than a bare one.
_CONTACT_LABEL = re.compile(r"电话|手机|热线|传真|咨询|联系|座机|微信")
_PERCENT = re.compile(rf"(?:{_NUMBER})\s*(?:[%％]|个百分点)|百分之[零〇一二两三四五六七八九十百]+")
_SHARE_CUES = ("比例", "占比", "百分之几", "百分比")  # an amount asked as a share: a percentage
# a number right after a label's colon, standing alone (评分：7.0, not 时间：9:00 or 电话：6308…)
# (the colon of a time of day, 21：30, labels nothing: a digit stands before it)
_LABELLED_NUMBER = re.compile(
    r"(?<!\d)[:：]\s*(?P<n>\d{1,4}(?:\.\d{1,2})?)(?![\d:：.年月日号时点/-])"
)
# The place holds no 在/于 of its own: in 于7月22日至25日在国家会展中心举办 it is what follows 在;
# 于 inside a word (关于, 对于, 由于, 单位于) is no preposition.
_VENUE = re.compile(
    r"(?:在|(?<![关对由等属至善用基鉴位])于)(?P<place>[^，。；、\n\s“”在于]{2,30}?)(?:隆重|正式|成功|顺利)?"
    r"(?:举办|举行|召开|开幕|启动|开展|进行|落幕|闭幕)"
)
_LABELLED_PLACE = re.compile(
    r"(?:地址|地点|新址|场地|会址|位置|设在|(?<!单)位于|坐落于|快递至|寄至|送至|报送至)[:：\s]*"
    r"(?P<place>[^，。；\n]{3,40})"
)
# 位于…迎春路670号的民生路旗舰店: an address closed by its number and then 的 is where the thing
# after 的 stands; the place ends with the number
_ADDRESS_END = re.compile(r"(?<=[0-9][号弄栋幢室层楼])的.*$", re.S)
# A place names a place: an administrative unit, a road or number, a building or a venue word.
# 发送至工作邮箱 follows a place label and is no place.
_PLACE_HINT = re.compile(
    r"[省市区县镇乡村路街道巷弄号楼层室座厦馆园厅场宫]|中心|会场|广场|大学|学院|基地|酒店|宾馆|\d"
)
# An address by its shape alone, as in a list of clinics (名称 on one line, the address on the
# next): a road, street or park, then a number (…路6258号, …产业园10号楼1层), room or floor after.
_ADDRESS_SHAPE = re.compile(
    r"[\u4e00-\u9fff]{2,24}?(?:路|街|道|巷|园|大厦|广场)[\u4e00-\u9fffA-Za-z]{0,12}?"
    r"\d+(?:号楼|号院|号|弄|栋|幢)(?:[\u4e00-\u9fffA-Za-z0-9-]{0,10}?\d+(?:室|层|楼))?"
    # or a building and a room, as written after an office (西安市人民政府 2号楼 651 室)
    r"|[\u4e00-\u9fff]{2,24}?\s*\d+\s*(?:号楼|栋|幢|座)\s*[\dA-Za-z-]+\s*(?:室|层)"
)
_ORG_END = r"(?:协会|中心|公司|局|委员会|委|厅|办公室|研究院|学会|联合会|商会|集团|大学|学院|部)"
# An organisation after a cue (由…, 报送至…, 承办单位为…), as long as the clause allows: the
# name runs to its last suffix (…股份有限公司天津分公司), never across 、与及 or a stop.
_ORG_CUE = re.compile(
    r"(?:快递至|寄至|送至|报送至|报至|提交至|交至|由|(?:主办|承办|协办|组织|牵头)单位(?:为|是)?)"
    r"(?:(?:主办|承办|协办|组织|牵头)单位(?:为|是)?)?"
    rf"[:：\s]*(?P<org>[^，。；：:\n\s、与及由]{{2,40}}{_ORG_END})"
)
# An organisation named before its role (…, 上海市人工智能行业协会承办).
_ROLES = "主办|承办|协办|指导|支持|牵头|拟定|制定|起草|印发|发布|出台|组织|举办|主持"


@lru_cache(maxsize=64)  # compiled once a verb asked
def _org_before(alternation: str) -> re.Pattern[str]:
    """An organisation named right before one of `alternation`'s words: before its role
    (_ROLES), or before the verb a question asks after its organisation word (推荐)."""
    return re.compile(
        rf"(?:^|[，,、；;：:由和与及])(?P<org>[^，。；：:\n\s、与及由和]{{2,40}}?{_ORG_END})"
        rf"(?={alternation})"
    )


_ORG_ROLE = _org_before(_ROLES)
# a name with no organisation suffix between a separator and a role (…指导、上海电气主办的)
_BARE_ROLE = re.compile(
    rf"(?:^|[，,、；;由和与及])(?P<org>[\u4e00-\u9fffA-Za-z]{{3,12}}?)(?P<role>{_ROLES})"
)
# the role a name plays when one follows it (由甲指导，乙承办: 甲 指导, 乙 承办)
_ROLE_AFTER = re.compile(rf"\s*(?:单位)?(?P<role>{_ROLES})")
# A bare yes or no opening an answer (A：不可以, 答：是的): a FAQ's reply to the question line
# before it, which decides a yes/no whatever the clauses after it say
_REPLY = re.compile(
    r"\s*(?:[A答][:：]\s*)?(?P<word>(?P<no>不|没)?(?:可以|能|是的|是|需要|行|有|对)|(?P<deny>否))\s*"
)


def opens_with_reply(text: str) -> bool:
    """`text` opens with a bare yes or no (A：不可以。…): a reply to the question before it."""
    clause = _CLAUSE_END.search(text)
    return _REPLY.fullmatch(text, 0, clause.start() if clause else len(text)) is not None


_NEGATION = re.compile(
    r"不予|不得|不可|不能|不再|不支持|不纳入|不属于|不接受|不包括|禁止|无需|不需|不[^\s]"
)


STORED_PLACE = 0.8  # the strength of a labelled place (地址：, 地点：)
CLAUSE_SHARE = 0.9  # a clause holding this share of the best clause's question words is as telling


@dataclass
class Candidate:
    """One possible answer: its exact span in the post's text and a key to compare answers."""

    text: str
    start: int
    end: int
    key: str  # normalised: an ISO day for dates, digits for phones, the squeezed text else
    strength: float = 1.0  # how surely the span is of the asked type (1 = a stored fact)


@cache
def issue_words() -> tuple[str, ...]:
    """Words asking when a document was issued (落款, 印发, 发出): issue_words.txt."""
    lines = read_lines(data_text("issue_words.txt"))
    return tuple(w.strip() for line in lines for w in line.split("|") if w.strip())


# the magnitude a figure may carry before its unit (14.4亿度, 3万吨): a figure, not a count
_MAGNITUDE = "万|亿"


@cache
def _count_pattern(extra: str = "", magnitude: str = "") -> re.Pattern[str]:
    """A number and its measure word (6个, 一式四份, 8天), or the word `extra` the question
    counts with (2部, 14枚); with `magnitude`, a figure's 万 or 亿 may stand before it."""
    units = "|".join(map(re.escape, (extra, *measure_words()) if extra else measure_words()))
    large = f"(?:{magnitude})?" if magnitude else ""
    return re.compile(rf"(?P<n>{_NUMBER})\s*(?:余|多)?\s*{large}(?P<unit>{units})")  # 150余家


# spacing and every full-width form, the ideographic space among them, folded for comparing
_SQUEEZED = {0x3000: 0x20} | half_width(EVERY_FORM)


def squeeze(text: str) -> str:
    """Text compared without spacing and with full-width forms folded."""
    return re.sub(r"\s+", "", text.translate(_SQUEEZED)).casefold()


def _in(fact: dict[str, Any], start: int, end: int) -> bool:
    return start <= fact["start"] and fact["end"] <= end


# the question's words found in a passage: (start, end, term, weight); every reader is given
# them, as a which-question's quoted name is read by where it stands beside them
Anchors = tuple[tuple[int, int, int, float], ...]


def candidates(
    question: Question,
    content: str,
    start: int,
    end: int,
    facts: list[dict[str, Any]],
    published: date,
    anchors: tuple[tuple[int, int, int, float], ...] = (),
) -> list[Candidate]:
    """Spans of content[start:end] that could answer `question`, best first: the surest of the
    type, then the one whose clause holds most of the question's words (weighed; in
    A、B类企业最多支持2个展位，C类及以下企业最多支持1个展位 a question on C类 asks for 1个), then
    the one nearest them (`anchors`) outside it — in 评选10篇优质作品，每篇奖励1000元 the sum
    asked about by 每篇…奖励 is the one beside those words."""
    finder = _FINDERS.get(question.type)
    if finder is None:
        return []
    found = finder(
        question, content, start, end, [f for f in facts if _in(f, start, end)], published, anchors
    )
    if question.type in _NAMED_TYPES:
        # 除了浦东创投，另一家是哪家: what the question already names is not what it asks
        asked = squeeze(question.text)
        found = [c for c in found if len(c.key) < 2 or c.key not in asked]
    if question.type in ("organisation", "place", "which"):
        # a name ends where a word does: 有力推动区 of 有力推动区域, 行业主管部 of 行业主管部门
        # are cut out of a longer word, not names
        found = [c for c in found if not cuts_a_word(content, c.end)]
    if question.type in ("count", "amount") and asks_total(question):
        found = [_as_whole_or_part(c, content, start, end, question.text) for c in found]
    counted = counted_noun(question) if question.type == "count" else ""
    if counted:
        found = [_of_the_noun(c, counted, content, start, end) for c in found]
    found = _respectively(question, content, found)
    weight = {id(c): _clause_weight(c, content, start, end, anchors) for c in found}
    if question.type == "yes_no" and found:
        # a yes/no is read in the clause holding the word beside the question word (需要户口簿吗:
        # the clause with 户口簿), and among those the clauses holding most of the question's
        # words (the 不得 of a later clause is not the answer); clauses about as telling
        # (CLAUSE_SHARE) are read together, and a negation among them decides
        beside = _beside(anchors, question, content)
        holding = [c for c in found if _clause_holds(c, content, start, end, beside)]
        found = holding or found
        top = max(weight[id(c)] for c in found)
        found = [c for c in found if weight[id(c)] >= CLAUSE_SHARE * top]

    def order(c: Candidate) -> tuple[float, int, float, int]:
        # the words beside the question word count where they share the span's clause: in
        # …前身为…（1762年）创立的…糕点铺，其…技艺于2022年被评为…, 2022年 stands after 糕点铺
        # but in another clause, about another thing
        clause = _clause_of(c, content, start, end)
        beside, nearest = _distance(c, anchors, question, content, clause)
        return (-c.strength, min(beside, BESIDE_FAR), -weight[id(c)], nearest)

    found.sort(key=order)
    return found


# characters read on each side of a span's end to see whether it cuts a word
_WORD_WINDOW = 4


def cuts_a_word(content: str, end: int) -> bool:
    """Whether `end` falls inside a word the segmenter reads across it (区|域, 部|门): the
    span's last character and the text's next are one word, so the span is a cut-off piece."""
    if end <= 0 or end >= len(content) or not (is_cjk(content[end - 1]) and is_cjk(content[end])):
        return False
    left = max(0, end - _WORD_WINDOW)
    return end - left not in word_starts(content[left : end + _WORD_WINDOW])


# 分别 pairs the things listed before it with the values listed after it, in order
_RESPECTIVELY = "分别"
_COORDINATORS = frozenset("和与及、")
_SENTENCE_MARKS = "。！？；;\n"


def _respectively(question: Question, content: str, found: list[Candidate]) -> list[Candidate]:
    """In 对注册和备案新原料，分别给予每项最高200万元和最高50万元扶持 the first sum is the
    注册's: where the question names one of the things listed before 分别 and not the others,
    the value at its place among those listed after it is surer, and the others less sure."""
    for at in _positions(content, _RESPECTIVELY):
        opened = max(content.rfind(mark, 0, at) for mark in _SENTENCE_MARKS) + 1
        closes = [i for i in (content.find(m, at) for m in _SENTENCE_MARKS) if i >= 0]
        closed = min(closes, default=len(content))
        values = [c for c in found if at < c.start and c.end <= closed]
        items = _listed_before(content[opened:at])
        if len(items) < 2 or len(values) != len(items):
            continue
        named = [i for i, item in enumerate(items) if item in question.text]
        if len(named) != 1:
            continue
        mine = values[named[0]]
        found = [
            replace(c, strength=min(1.0, c.strength + 0.05))
            if c is mine
            else replace(c, strength=min(c.strength, 0.5))
            if c in values
            else c
            for c in found
        ]
    return found


def _positions(text: str, word: str) -> list[int]:
    return [m.start() for m in re.finditer(re.escape(word), text)]


def _listed_before(text: str) -> list[str]:
    """The things of the last coordination in `text` (注册和备案新原料: 注册, 备案), each the
    word before a coordinator and the word after the last one, as the dictionary cuts them."""
    words = [w for w in rjieba.cut(text) if w.strip()]
    joins = [i for i, w in enumerate(words) if w in _COORDINATORS]
    if not joins:
        return []
    last = joins[-1]
    run = [last]
    for i in reversed(joins[:-1]):
        if run[0] - i != 2:
            break
        run.insert(0, i)
    if last + 1 >= len(words):
        return []
    items = [words[i - 1] for i in run if i > 0] + [words[last + 1]]
    return [item for item in items if is_cjk(item)]


# the types answered by a name, which the asker does not know and so does not write
_NAMED_TYPES = ("organisation", "person", "name", "place")
# How much surer a figure is as the whole asked for when a total word stands before it in its
# clause (累计已完成114款), and how much less sure when a part word does (其中优秀案例19个)
TOTAL_GAIN = 0.05
PART_LOSS = 0.3


def _as_whole_or_part(
    candidate: Candidate, content: str, start: int, end: int, asked: str
) -> Candidate:
    """The candidate, surer when its clause marks it as a total before it, less sure when it
    marks it as a part (total_words.txt); a question asking for a whole reads it so. A part
    word the question (`asked`) writes itself names the whole asked for (一共新增了多少个车位:
    新增小区车位4375个 is that whole, not a part of another)."""
    low, _ = _clause_of(candidate, content, start, end)
    before = content[low : candidate.start]
    if any(w in before and w not in asked for w in total_words("part")):
        return replace(candidate, strength=candidate.strength - PART_LOSS)
    if any(w in before for w in total_words("total")):
        return replace(candidate, strength=min(1.0, candidate.strength + TOTAL_GAIN))
    return candidate


# a count's noun asked right after its question word (多少个数据集, 几位基层党组织书记): the
# segmenter's tags of a noun it may start with (a common noun, a body, a place, another proper
# noun, a verb used as a noun: 培训)
_NOUN_TAGS = ("n", "nt", "ns", "nz", "vn")
# a count this much surer when the noun asked follows it (1000个数据集), this much less sure when
# another word does and its clause never names the noun asked (6个方面16项重点任务)
NOUN_GAIN = 0.05
NOUN_LOSS = 0.3
_NOUN_REACH = 8  # characters after a count read for the word that follows it


# one entry a distinct question: bounded, as a long-running server meets ever new ones
@lru_cache(maxsize=256)
def _counted_noun(text: str, cue: str) -> str:
    at = text.find(cue)
    if at < 0:
        return ""
    tagged = rjieba.tag(text[at + len(cue) :])
    if tagged and tagged[0][1] == "q":
        tagged = tagged[1:]  # 多少 | 个 | 数据集: the measure word the cue left
    if not tagged or tagged[0][1] not in _NOUN_TAGS or len(tagged[0][0]) < 2:
        return ""
    return tagged[0][0]


@lru_cache(maxsize=256)
def _asked_counts(text: str, cue: str, unit: str) -> tuple[str, tuple[re.Pattern[str], ...]]:
    """What a count question asking in `unit` counts, read once per question: the noun phrase
    after its cue up to a mark (工作措施 of 多少条工作措施), "" when no noun starts it; and for
    each count it states in that unit (59个测评点), that number and noun with any one measure word
    between (59项测评点). A question's measure word is the asker's; the post's is its own."""
    at = text.find(cue)
    phrase = re.split(r"[，,。？?！!；;：:\s]", text[at + len(cue) :])[0] if at >= 0 else ""
    noun = _counted_noun(text, cue)
    stated = []
    for m in _count_pattern().finditer(text):
        named = text[m.end() : m.end() + 2]
        if m.group("unit") in same_measure(unit) and len(named) == 2 and all(map(is_cjk, named)):
            number = re.escape(m.group("n"))
            stated.append(
                re.compile(rf"(?<![0-9]){number}\s*(?P<unit>[\u4e00-\u9fff]){re.escape(named)}")
            )
    return (phrase if noun and phrase.startswith(noun) else ""), tuple(stated)


def counted_noun(question: Question) -> str:
    """The noun a count question names right after its question word (数据 of 多少个数据集,
    基层 of 几位基层党组织书记), or "" when a verb or nothing follows (多少人去献血)."""
    return _counted_noun(question.text, question.cue) if question.cue else ""


def _of_the_noun(candidate: Candidate, noun: str, content: str, start: int, end: int) -> Candidate:
    """The count, surer when the noun asked follows it, less sure when another noun does and
    its clause never names the one asked: it counts something else (6个方面, not 150余家来自…的
    企业代表, where a verb follows)."""
    if content.startswith(noun, candidate.end):
        return replace(candidate, strength=min(1.0, candidate.strength + NOUN_GAIN))
    low, high = _clause_of(candidate, content, start, end)
    if noun in content[low:high]:
        return candidate
    following = rjieba.tag(content[candidate.end : min(end, candidate.end + _NOUN_REACH)])
    if following and following[0][1] in _NOUN_TAGS:
        return replace(candidate, strength=candidate.strength - NOUN_LOSS)
    return candidate


def _beside(
    anchors: tuple[tuple[int, int, int, float], ...], question: Question, content: str
) -> list[tuple[int, int]]:
    """The spans of the question's words that stand nearest its question word in the question
    (户口簿 in 需要户口簿吗)."""
    asked_at = question.text.find(question.cue) if question.cue else -1
    placed = [(question.text.find(content[a:b]), a, b) for a, b, _, _ in anchors]
    placed = [(abs(at - asked_at), a, b) for at, a, b in placed if at >= 0 and asked_at >= 0]
    nearest = min((gap for gap, _, _ in placed), default=None)
    return [(a, b) for gap, a, b in placed if gap == nearest]


def _clause_holds(
    candidate: Candidate, content: str, start: int, end: int, spans: list[tuple[int, int]]
) -> bool:
    """The candidate's clause holds one of `spans`."""
    low, high = _clause_of(candidate, content, start, end)
    return any(low <= a and b <= high for a, b in spans)


# characters besides the span a clause may hold and still be the span alone (下午, 上午)
_LEAD_IN = 3


def _clause_of(candidate: Candidate, content: str, start: int, end: int) -> tuple[int, int]:
    """The clause of content[start:end] holding the candidate (between commas, semicolons and
    enumeration marks)."""
    before = _CLAUSE_END.finditer(content, start, candidate.start)
    low = max((m.end() for m in before), default=start)
    after = _CLAUSE_END.search(content, candidate.end, end)
    return low, after.start() if after else end


def _clause_weight(
    candidate: Candidate,
    content: str,
    start: int,
    end: int,
    anchors: tuple[tuple[int, int, int, float], ...],
) -> float:
    """The weight of the distinct question words in the candidate's clause (between commas,
    semicolons and enumeration marks of its sentence)."""
    low, high = _clause_of(candidate, content, start, end)
    if high < end and (high - low) - (candidate.end - candidate.start) <= _LEAD_IN:
        # a clause that is the span alone (4月11日下午，区商务局组织…专题学习) sets the time or
        # place of the clause it opens: that clause's words are the span's
        following = _CLAUSE_END.search(content, high + 1, end)  # past the one-character mark
        high = following.start() if following else end
    held = {term: weight for a, b, term, weight in anchors if low <= a and b <= high}
    return round(sum(held.values()), 6)


# Characters added to the gap to the question's word beside its question word when the
# candidate stands on the other side of it than the question word does in the question: the
# answer takes the question word's place, so it follows 缩减到 when 缩减到多少项 is asked (由117项
# 缩减到106项: 106项).
WRONG_SIDE = 6
# Beyond this many characters from the words beside the question word a span is not "beside"
# them, and the clause holding most of the question's words decides instead.
BESIDE_FAR = 12


def _distance(
    candidate: Candidate,
    anchors: tuple[tuple[int, int, int, float], ...],
    question: Question | None = None,
    content: str = "",
    clause: tuple[int, int] | None = None,
) -> tuple[int, int]:
    """How far the candidate is from the question's words: first from the word nearest the
    question word in the question (WRONG_SIDE further on the wrong side of it; with `clause`,
    only where that word stands in the candidate's clause, else BESIDE_FAR), then from any
    question word not inside it, in characters."""
    outside = [
        (a, b) for a, b, _, _ in anchors if not (candidate.start <= a and b <= candidate.end)
    ]
    gaps = [max(a - candidate.end, candidate.start - b, 0) for a, b in outside]
    nearest = min(gaps, default=10**6)
    asked_at = question.text.find(question.cue) if question and question.cue else -1
    placed = [(question.text.find(content[a:b]), a, b) for a, b in outside] if asked_at >= 0 else []
    placed = [(at, a, b) for at, a, b in placed if at >= 0]
    # a one-character word (市 of 市领导, 加 of 加起来) is found in too many words of a passage
    # (市委, 增加值) to say where the answer stands, when a longer word of the question can
    placed = [p for p in placed if p[2] - p[1] > 1] or placed
    if not placed:
        return nearest, nearest
    beside = min(abs(at - asked_at) for at, _, _ in placed)
    side_gaps = []
    for at, a, b in placed:
        if abs(at - asked_at) != beside:
            continue
        if clause is not None and not (clause[0] <= a and b <= clause[1]):
            continue
        gap = max(a - candidate.end, candidate.start - b, 0)
        after_word = candidate.start >= b
        side_gaps.append(gap + (WRONG_SIDE if (at < asked_at) != after_word else 0))
    return min(side_gaps, default=BESIDE_FAR), nearest


def _dates(
    q: Question, content: str, start: int, end: int, facts: list, ref: date, anchors: Anchors = ()
) -> list[Candidate]:
    text = content[start:end]
    spans = find_dates(text, ref)
    out: list[Candidate] = []
    stored = {(f["start"], f["end"]) for f in facts if f["kind"] == "deadline"}
    # a signature's date: stored as the notice's `signed` fact, or a date alone on its line
    signatures = {f["start"] for f in facts if f["kind"] == "signed"}
    signed = q.type == "date" and any(word in q.text for word in issue_words())
    asks_end = _ASKS_END.search(q.text) is not None
    for span in spans:
        if q.type == "date" and span.is_range_end and not asks_end:
            continue  # "7月22-25日" answers "when" with its first day
        if asks_end and _OPENS.match(text, span.end):
            continue  # 9月25日开幕 says when it began, not when it ends
        a, b = start + span.start, start + span.end
        strength = 0.6
        if q.type == "deadline":
            before = text[: span.start][-8:]
            after = text[span.end : span.end + 8]
            if (a, b) in stored:
                strength = 1.0
            elif _OPENS.match(text, span.end):
                continue  # 自2024年10月8日起施行: when a rule starts to apply, no cut-off
            elif _BEFORE.match(after) or _UNTIL.search(before) or span.is_range_end:
                strength = 0.9
            elif a in signatures or on_date_line(content, a):
                continue  # the date the notice was signed: when it was issued, not a deadline
        elif _labelled_as_asked(q, content, a):
            # 开奖时间\n2025年10月24日 answers 哪天开奖, though the day stands on its own line
            strength = LABELLED
        elif a in signatures or on_date_line(content, a):
            if not signed:
                continue  # the day it was issued answers 什么时候印发, not 什么时候废止 or 举办
            strength = 1.0
        elif signed:
            strength = 0.5
        elif _ASKS_START.search(q.text) and _STARTS.match(text, span.end):
            strength = 0.8  # 从哪天起 asks for the first day: 1月28日（除夕）至2月4日, 自…起
        elif asks_end and span.is_range_end:
            strength = 0.8
        # 6月24日-26日, 公示时间为11月20日至28日: an end asked for that names no month alone (26日)
        # is quoted with the range's start
        ends = (asks_end or q.type == "deadline") and span.is_range_end
        if ends and span.range_start is not None and "月" not in span.text:
            a = start + spans[span.range_start].start
        out.append(Candidate(content[a:b], a, b, span.value.isoformat()[:10], strength))
    if q.type == "date":
        out += _lunar_days(q, content, start, end)
    return out


# A field label right before a value, on its line or the line above (开奖时间\n2025年10月24日,
# 报名时间：10月8日): what the label names happens on that day
_DAY_LABEL = re.compile(
    r"(?:^|\n)[ \t]*(?P<what>[\u4e00-\u9fff]{2,8}?)(?:时间|日期)[ \t]*[:：]?[ \t]*\n?[ \t]*$"
)
LABELLED = 1.0  # as sure as a stored fact: the post says what the day is for
_LABEL_REACH = 24  # characters before a day read for its label


def _labelled_as_asked(q: Question, content: str, at: int) -> bool:
    """The day at `at` stands right under or after a label naming what the question asks the
    day of (哪天开奖: 开奖时间), as a post's field list writes it."""
    label = _DAY_LABEL.search(content, max(0, at - _LABEL_REACH), at)
    return label is not None and label["what"] in q.text


# a day of the lunar calendar (农历八月十五, 正月初一, 腊月廿三), asked for with 农历
_LUNAR_DAY = re.compile(
    r"(?:正|冬|腊|十[一二]|[一二三四五六七八九十])月"
    r"(?:初[一二三四五六七八九十]|十[一二三四五六七八九]?|二十[一二三四五六七八九]?|廿[一二三四五六七八九]|三十)"
)


def _lunar_days(q: Question, content: str, start: int, end: int) -> list[Candidate]:
    """The lunar days of the passage, when the question asks for one (中秋节是农历哪一天): no
    day of the Gregorian calendar answers it, and none is found in 每年农历八月十五."""
    if "农历" not in q.text:
        return []
    return [
        Candidate(m.group(), m.start(), m.end(), m.group(), 0.8)
        for m in _LUNAR_DAY.finditer(content, start, end)
    ]


def _contacts(
    q: Question, content: str, start: int, end: int, facts: list, ref: date, anchors: Anchors = ()
) -> list[Candidate]:
    wants_email = "邮箱" in q.text or "邮件" in q.text
    out: list[Candidate] = []
    for ident in find_identifiers(content[start:end]):
        if ident.kind not in ("phone", "email"):
            continue
        if (ident.kind == "email") != wants_email:
            continue
        a, b = start + ident.start, start + ident.end
        if _YEARS.fullmatch(content[a:b]):
            continue  # （2021-2025年）is a period, not a number to call
        key = re.sub(r"\D", "", content[a:b]) if ident.kind == "phone" else squeeze(content[a:b])
        labelled = ident.kind == "email" or _CONTACT_LABEL.search(content[max(start, a - 12) : a])
        out.append(Candidate(content[a:b], a, b, key, 1.0 if labelled else 0.7))
    if not wants_email:
        out += _hotlines(content, start, end, out)
        # the numbers already found, joined by list marks alone, make a list: the passage is
        # not read for phones a second time
        runs = joined_runs(content, sorted(out, key=lambda c: c.start), LIST_MARKS)
        out = _whole_lists(out, content, [(r[0].start, r[-1].end) for r in runs if len(r) > 1])
    return out


LISTED = "、"  # between the numbers of a list's key


def _whole_lists(
    found: list[Candidate], content: str, lists: list[tuple[int, int]]
) -> list[Candidate]:
    """Each number of a list for one role (咨询电话：58366501、58366502) answered by the whole
    list, once, as sure as its surest number: a caller who finds one line busy tries the next.
    Its key holds each number's, so a post giving one of them agrees with it (same_answer)."""
    out: list[Candidate] = []
    for candidate in found:
        a, b = next(
            ((a, b) for a, b in lists if a <= candidate.start and candidate.end <= b),
            (candidate.start, candidate.end),
        )
        members = [c for c in found if a <= c.start and c.end <= b]
        if len(members) < 2:
            out.append(candidate)
        elif candidate is members[0]:
            key = LISTED.join(c.key for c in members)
            strength = max(c.strength for c in members)
            out.append(Candidate(content[a:b], a, b, key, strength))
    return out


_HOTLINE_NAMED = re.compile(r"[\u4e00-\u9fff]{0,10}?(?:热线|专线)")


def _hotlines(content: str, start: int, end: int, found: list[Candidate]) -> list[Candidate]:
    """Five-digit service numbers (12329, 95188): asked for a number to call, one stands for
    one where a phone word labels it (拨打12329) or it ends a name in a list (银联云闪付95516，
    支付宝95188); a figure (10000元, 12000人) does not, as a character follows it."""
    out = []
    for m in HOTLINE.finditer(content, start, end):
        a, b = m.start(), m.end()
        if _overlaps_span(a, b, found):
            continue
        labelled = _CONTACT_LABEL.search(content[max(start, a - 12) : a]) or content[
            max(start, a - 2) : a
        ] in ("拨打", "致电")
        listed = b == end or not ("\u4e00" <= content[b] <= "\u9fff")
        # the number opens the hotline's name (12345政务服务便民热线, 12315热线)
        labelled = labelled or _HOTLINE_NAMED.match(content, b, min(end, b + 14))
        if labelled or listed:
            out.append(Candidate(m.group(), a, b, m.group(), 0.9 if labelled else 0.7))
    return out


def _numbered(q: Question, content: str, start: int, end: int) -> list[Candidate]:
    """The numbered part asked for by 几号馆, 几号楼, or 哪个馆 (a cue of question_types.txt
    naming a part of a site): its number and the part (7.2H馆, 6.2H馆; a venue's halls are
    told apart by their numbers)."""
    part = q.cue[2:] if q.cue.startswith("几号") else ""
    if q.cue.startswith("哪") and q.cue[-1] in NUMBERED_PARTS:
        part = q.cue[-1]  # 哪个展馆: 馆
    if not part:
        return []
    pattern = re.compile(rf"[A-Za-z0-9][A-Za-z0-9.\-]*\s*号?\s*{re.escape(part)}")
    return [
        Candidate(m.group(), m.start(), m.end(), squeeze(m.group()), 0.9)
        for m in pattern.finditer(content, start, end)
    ]


def _places(
    q: Question, content: str, start: int, end: int, facts: list, ref: date, anchors: Anchors = ()
) -> list[Candidate]:
    numbered = _numbered(q, content, start, end)
    if numbered:
        return numbered
    # a stored address is the one the extractor picked for the post; a post listing several
    # events each with its own 地点 names the others as surely, so it is as sure as a label
    out = [
        Candidate(f["text"], f["start"], f["end"], squeeze(f["text"]), STORED_PLACE)
        for f in facts
        if f["kind"] == "address"
    ]
    # an event extraction read in the passage (…庆祝大会在新疆人民会堂隆重举行) holds its venue,
    # whatever word ends it: 会堂 is a place though no word of _PLACE_HINT says so
    for fact in facts:
        venue = fact["value"].get("venue", "") if fact["kind"] == "event" else ""
        at = content.find(venue, fact["start"], fact["end"]) if venue else -1
        if at >= 0 and not _overlaps_span(at, at + len(venue), out):
            out.append(Candidate(venue, at, at + len(venue), squeeze(venue), STORED_PLACE))
    text = content[start:end]
    for pattern, strength in ((_LABELLED_PLACE, 0.8), (_VENUE, 0.7), (_ADDRESS_SHAPE, 0.6)):
        for m in pattern.finditer(text):
            group = "place" if "place" in pattern.groupindex else 0
            a, b = start + m.start(group), start + m.end(group)
            place = _ADDRESS_END.sub("", content[a:b]).strip()
            if not place or any(c.start <= a < c.end for c in out):
                continue
            if find_dates(place, ref) or not _PLACE_HINT.search(place):
                continue  # 3月5日前报送…: a time; 工作邮箱: no place
            out.append(Candidate(place, a, a + len(place), squeeze(place), strength))
    out += [c for c in _here(content, start, end) if not _overlaps(c, out)]
    return out + [c for c in _named(q, content, start, end) if not _overlaps(c, out)]


# "…在这里火热开展", "于此举行": the event's place is named before it, not after 在
_HERE = re.compile(
    r"(?:在这里|在此|于此)[\u4e00-\u9fff]{0,2}?(?:举办|举行|召开|开幕|开展|进行|启动)"
)
# a venue opening a clause of that sentence (杨柳青广场热闹非凡，…在这里…): its subject
_VENUE_OPENING = re.compile(
    r"(?:^|(?<=[，,；;：:\s]))(?P<place>[\u4e00-\u9fff]{1,12}?"
    r"(?:广场|公园|会场|会堂|礼堂|剧院|大厅|中心|体育馆|博物馆|美术馆|图书馆|文化馆|展览馆|基地|古镇|街区))"
)


def _here(content: str, start: int, end: int) -> list[Candidate]:
    """The venue a sentence names as its subject before saying the event took place "here"
    (今天上午，杨柳青广场热闹非凡，一场…活动在这里火热开展): the nearest before 在这里."""
    text = content[start:end]
    here = _HERE.search(text)
    if here is None:
        return []
    venues = list(_VENUE_OPENING.finditer(text, 0, here.start()))
    if not venues:
        return []
    m = venues[-1]
    place = m.group("place")
    return [
        Candidate(place, start + m.start("place"), start + m.end("place"), squeeze(place), 0.65)
    ]


def _overlaps(candidate: Candidate, others: list[Candidate]) -> bool:
    return any(c.start < candidate.end and candidate.start < c.end for c in others)


def _named(q: Question, content: str, start: int, end: int) -> list[Candidate]:
    """Names ending with the noun the question asks for (哪个社区 → 知景澜园社区); the noun is
    the one to three characters after 哪个, the longest that ends a name in the passage, or the
    word after 什么 (什么补贴挂钩: 补贴). A name runs on through a second noun of its own (先进奖
    银奖: the prize's grade)."""
    m = _WHICH.search(q.text)
    if not m:
        return []
    nouns = m.group("noun")
    if not m.group().startswith("哪"):
        nouns = next(iter(rjieba.cut(nouns)), nouns)
    if _PRONOUN_END.match(q.text, m.start()):
        # 试点小区是哪个？: no noun follows, the thing asked for stands before 是
        nouns = _noun_before(q.text[: m.start()]) or nouns
    return _ending_with(nouns, content, start, end)


# 是哪个？, 是哪家？ ending the question: the noun asked about stands before 是 (试点小区是哪个)
_PRONOUN_END = re.compile(r"哪[个家所座][？?。\s]*$")


def _noun_before(text: str) -> str:
    """The noun a question names before its copula or 叫 (…的医院叫什么, 试点小区是哪个): its
    last word, with a one-character word before it joined to it (微信 群); "" when that is a
    single character (是它)."""
    words = [w for w in rjieba.cut(text.rstrip("是").rstrip()) if is_cjk(w)]
    if not words:
        return ""
    noun = words[-1]
    if len(noun) == 1 and len(words) > 1:
        noun = words[-2] + noun
    return noun if len(noun) > 1 else ""


def _after_verb(run: str, noun: str) -> str:
    """The run from its proper noun standing right after a verb: a name starts at a place's,
    body's or brand's name, not at the action before it (观摩学习万科城市花园试点小区: the visit
    is 观摩学习, the estate 万科城市花园试点小区; 实地调研天津景烁数据科技有限公司). A verb inside
    a name before a common noun stays (直接使用外资先进奖, 排污许可证, 政务服务中心)."""
    head = run[: len(run) - len(noun)]
    cut = 0
    position = 0
    after_verb = False
    for word, tag in rjieba.tag(head):
        if after_verb and tag in _PROPER_TAGS:
            cut = position
        # a time word ends what comes before a name too (今天上午; 前往, which the segmenter
        # tags as one)
        after_verb = tag in ("v", "vn", "t")
        position += len(word)
    return run[cut:]


# the segmenter's tags of a proper noun a name starts with: a place (ns), a body (nt), another
# proper noun (nz: a brand, 万科); a person's (nr) is left out: it tags 许可 and other words too
_PROPER_TAGS = ("ns", "nt", "nz")


def _ending_with(nouns: str, content: str, start: int, end: int) -> list[Candidate]:
    """Names of content[start:end] ending with the noun asked for: the longest of `nouns`'
    leading parts that ends a name there (哪个社区 → 知景澜园社区)."""
    for size in range(len(nouns), 0, -1):
        noun = nouns[:size]
        if noun in _GENERAL_NOUNS:
            return []
        name = re.compile(rf"{_NAME_CHAR}{{2,16}}?{re.escape(noun)}")
        again = re.compile(rf"{_NAME_CHAR}{{0,3}}?{re.escape(noun)}")
        out = []
        for run in name.finditer(content[start:end]):
            text = _after_verb(run.group().lstrip(_NAME_LEAD), noun)
            if len(text) > len(noun) + 1:
                a = start + run.end() - len(text)
                b = a + len(text)
                while more := again.match(content, b, end):
                    b = more.end()
                form = _LEGAL_FORM.match(content, b, end)
                text = content[a : form.end() if form else b]
                out.append(Candidate(text, a, a + len(text), squeeze(text), 0.75))
        if out:
            return out
    return []


def _organisations(
    q: Question, content: str, start: int, end: int, facts: list, ref: date, anchors: Anchors = ()
) -> list[Candidate]:
    out: list[Candidate] = _named(q, content, start, end)
    asked = set(re.findall(_ROLES, q.text))  # 由哪家单位承办: the 承办, not the 指导
    verb = _asked_verb(q)
    patterns = (_ORG_CUE, _ORG_ROLE, *((_org_before(re.escape(verb)),) if verb else ()))
    for pattern in patterns:
        for m in pattern.finditer(content[start:end]):
            a, b = start + m.start("org"), start + m.end("org")
            if any(c.start == a and c.end == b for c in out):
                continue
            role = _ROLE_AFTER.match(content, b, end)
            strength = 0.8
            if asked and role:  # the name's own role answers, another role does not
                strength = 0.9 if role.group("role") in asked else 0.5
            elif verb and content.startswith(verb, b):
                strength = 0.9  # the body that did what is asked (协会推荐的, asked 哪个单位推荐)
            out.append(Candidate(content[a:b], a, b, squeeze(content[a:b]), strength))
    # a body named without a suffix (…指导、上海电气主办): only right before the role asked
    for m in _BARE_ROLE.finditer(content, start, end):
        if m.group("role") in asked and not _overlaps_span(m.start("org"), m.end("org"), out):
            a, b = m.start("org"), m.end("org")
            out.append(Candidate(content[a:b], a, b, squeeze(content[a:b]), 0.6))
    # 哪家公司: a body of another kind (区商务局, 协会) is no firm, however it stands
    kind = _asked_kind(q)
    return [c for c in out if c.text.endswith(kind)] if kind else out


_ORG_KINDS = re.compile(_ORG_END)


def _asked_verb(q: Question) -> str:
    """The two characters right after the question's organisation word when they are a verb's
    (哪个单位推荐上去的: 推荐; not a noun the word runs on into, 哪家物业公司: 物业, nor a
    particle, 哪个单位的): what the body asked for did, when no role of _ROLES is named."""
    return _verb_after(q.text, q.cue) if q.cue else ""


# one entry a distinct question, read once for all the passages it is asked of: bounded, as a
# long-running server meets ever new ones
@lru_cache(maxsize=256)
def _verb_after(text: str, cue: str) -> str:
    at = text.find(cue)
    if at < 0:
        return ""
    verb = text[at + len(cue) : at + len(cue) + 2]
    if len(verb) < 2 or not all(is_cjk(c) for c in verb) or verb[0] in _NAME_LEAD:
        return ""
    if re.search(_ROLES, verb) or not rjieba.tag(verb)[0][1].startswith("v"):
        return ""
    return verb


def _asked_kind(q: Question) -> str:
    """The kind of organisation 哪家/哪个 asks for when its noun is one an organisation's name
    ends with (公司, 协会, 委员会), else ""."""
    m = _WHICH.search(q.text)
    if not m or any(m.group("noun").startswith(g) for g in _GENERAL_NOUNS):
        return ""  # 哪个部门, 哪家单位: any body
    kind = _ORG_KINDS.match(m.group("noun"))
    return kind.group() if kind else ""


def _overlaps_span(a: int, b: int, others: list[Candidate]) -> bool:
    return any(c.start < b and a < c.end for c in others)


def _money(
    q: Question, content: str, start: int, end: int, facts: list, ref: date, anchors: Anchors = ()
) -> list[Candidate]:
    if any(cue in q.text for cue in _SHARE_CUES):
        return [
            Candidate(m.group(), start + m.start(), start + m.end(), squeeze(m.group()), 0.9)
            for m in _PERCENT.finditer(content[start:end])
        ]
    # 同比增长多少, 减碳率有多高: a figure of any unit, the clause and nearness decide (the
    # amount cues of two characters starting with 多 are 多少 and 多 before an adjective of size)
    bare = len(q.cue) == 2 and q.cue.startswith("多")
    out = []
    for m in _money_pattern().finditer(content[start:end]):
        a, b = start + m.start(), start + m.end()
        out.append(Candidate(content[a:b], a, b, squeeze(content[a:b]), 0.8 if bare else 0.9))
    if bare:
        for fact in extract_figures(content[start:end]):
            figure = _figure(fact, content, start, 0.8)
            if not _overlaps(figure, out):
                out.append(figure)
        for m in _measurement_pattern().finditer(content, start, end):
            measured = Candidate(m.group(), m.start(), m.end(), squeeze(m.group()), 0.8)
            # a figure read without its rate or a range without its first end (25公里 of
            # 25公里/小时, 2厘米 of 1～2厘米) gives way to the whole
            inside = [
                c
                for c in out
                if measured.start <= c.start
                and c.end <= measured.end
                and c.end - c.start < measured.end - measured.start
            ]
            if inside:
                out[out.index(inside[0])] = measured
            elif not _overlaps(measured, out):
                out.append(measured)
        extra = asked_unit(q)  # 多少枚胚胎: a number counted by the word asked (14枚)
        for m in _count_pattern(extra, _MAGNITUDE).finditer(content, start, end) if extra else ():
            counted = Candidate(m.group(), m.start(), m.end(), squeeze(m.group()), 0.8)
            if m.group("unit") == extra and not _overlaps(counted, out):
                out.append(counted)
        if extra:  # 多少吨, 多少度电: a figure in the unit asked is surer than one in another
            out = [replace(c, strength=0.9) if c.key.endswith(extra) else c for c in out]
        if units := asked_quantity_units(q):
            # 财政总收入有多少: a sum in 元 answers, the rate beside it (增长4.81%) does not
            out = [_as_quantity(c, units) for c in out]
        for symbol in asked_symbols(q):  # 多少特斯拉: 35.1T, the unit written as its symbol
            pattern = rf"(?<![\d.])\d+(?:\.\d+)?\s*{re.escape(symbol)}(?![A-Za-z])"
            for m in re.finditer(pattern, content[start:end]):
                a, b = start + m.start(), start + m.end()
                symbolic = Candidate(content[a:b], a, b, squeeze(content[a:b]), 0.9)
                if not _overlaps(symbolic, out):
                    out.append(symbolic)
    for m in _OVER_MAGNITUDE.finditer(content, start, end):
        if not _overlaps_span(m.start(), m.end(), out):
            out.append(Candidate(m.group(), m.start(), m.end(), squeeze(m.group()), 0.8))
    duration = next((cue for cue in _DURATION_CUES if cue in q.text), "")
    if duration:
        # 至少要有多久的经验: a span of time is the figure asked (两年以上), read as a count
        # question asking 多久 reads it (the 31日 of a date and the 30分 of a clock are none)
        spans = _counts(replace(q, cue=duration), content, start, end, facts, ref)
        out += [c for c in spans if not _overlaps(c, out)]
    if not out:  # figures with other units (万平方米, %) when no money is in the passage
        out += [_figure(fact, content, start, 0.5) for fact in extract_figures(content[start:end])]
    if not out and bare:  # a labelled bare number (豆瓣评分：7.0) when nothing has a unit
        for m in _LABELLED_NUMBER.finditer(content, start, end):
            a, b = m.start("n"), m.end("n")
            out.append(Candidate(content[a:b], a, b, squeeze(content[a:b]), 0.4))
    return out


def _as_quantity(candidate: Candidate, units: tuple[str, ...]) -> Candidate:
    """A figure weighed by the quantity the question asks of (`asked_quantity_units`): surer in
    one of its units, less sure as a share (a percentage is a rate, not the quantity)."""
    key = candidate.key.split("/")[0]  # 300元/人: a sum of money per person
    if key.endswith(units):
        return replace(candidate, strength=0.9)
    if key.endswith(("%", "％", "百分点")):
        return replace(candidate, strength=min(candidate.strength, 0.6))
    return candidate


def _figure(fact: Any, content: str, start: int, strength: float) -> Candidate:
    """A figure without the verb the reader of figures keeps before it (同比增长5.6%: 5.6%):
    the verb is the question's word (同比增长多少), which places the answer beside it, and 达80%
    in a digest and 高达80% in the post it lists say the same."""
    a, b = start + fact.start, start + fact.end
    qualifier = fact.value.get("qualifier") or ""
    if qualifier and content.startswith(qualifier, a) and a + len(qualifier) < b:
        a += len(qualifier)
    return Candidate(content[a:b], a, b, squeeze(content[a:b]), strength)


@cache
def _measurement_units() -> tuple[str, ...]:
    """The units of measurement_units.txt (0.01毫米, 140平方米), longest first."""
    lines = read_lines(data_text("measurement_units.txt"))
    words = {w.strip() for line in lines for w in line.split("|") if w.strip()}
    return tuple(sorted(words, key=lambda w: (-len(w), w)))


@cache
def _per_unit() -> str:
    """A rate's divisor after its unit, read as part of the figure (68元/件, 25公里/小时):
    a slash and a measure word (measure_words.txt) or a unit of measurement; without it the
    figure says another thing (25公里 is a distance, 25公里/小时 a speed)."""
    units = sorted({*measure_words(), *_measurement_units()}, key=lambda w: (-len(w), w))
    return rf"(?:\s*/\s*(?:{'|'.join(map(re.escape, units))}))"


@cache
def _money_pattern() -> re.Pattern[str]:
    """A sum of money, a range of sums, and its rate (300元/人, 68元/件)."""
    return re.compile(
        rf"(?:{_NUMBER})(?:\s*{_RANGE}\s*(?:{_NUMBER}))?\s*(?:万亿|亿|千万|百万|万|千)?"
        rf"(?:元|美元|欧元){_per_unit()}?"
    )


# 过亿元, 超千万元: a magnitude with no number before it, after 过/超/逾, is a sum (over one 亿元)
_OVER_MAGNITUDE = re.compile(
    r"(?<![0-9零〇一二两三四五六七八九十百千])[过超逾](?:万亿|亿|千万|百万|万)元"
)
# the marks and words joining a range's two ends (300-500元, 1～2厘米, 3至5米): a range is one
# figure, its second end alone is not what the post says
_RANGE = "[-－~～至到]"


@cache
def _measurement_pattern() -> re.Pattern[str]:
    """A number and its unit of measurement (0.01毫米, 140平方米, 25公里/小时), with its sign
    below zero (-4℃, 零下5℃: the sign is the answer's, a low of 4℃ is another day); not one
    before 级, which names a class of things (16米级盾构机: of about 16 metres)."""
    units = "|".join(map(re.escape, _measurement_units()))
    return re.compile(
        rf"(?<![\d.])(?:(?:[-－−]|零下)(?=\d))?(?<![\d.][-－−])(?:\d+(?:\.\d+)?)"
        rf"(?:\s*{_RANGE}\s*(?:[-－−]|零下)?\d+(?:\.\d+)?)?\s*(?:余|多)?\s*"
        rf"(?:{units}){_per_unit()}?(?!级)"
    )


def _counts(
    q: Question, content: str, start: int, end: int, facts: list, ref: date, anchors: Anchors = ()
) -> list[Candidate]:
    # 几份, 多少家 name the unit of the count; 多久 and 多长时间 ask for a span of time
    asks_unit = q.cue.startswith(("几", "多少", "第几")) and q.cue != "多少时间"
    unit = next((m for m in measure_words() if q.cue.endswith(m)), "") if asks_unit else ""
    extra = asked_unit(q)
    units = same_measure(unit) if unit else (_TIME_UNITS if q.cue in _DURATION_CUES else set())
    if extra and not unit:
        units = {extra}
    # 几个人 counts people as 几人 does: a measure word right after the cue's counts too (一行4人)
    at = q.text.find(q.cue) + len(q.cue) if unit else -1
    if unit and q.text[at : at + 1] in measure_words():
        units = set(units) | same_measure(q.text[at])
    noun, stated = _asked_counts(q.text, q.cue, unit) if unit else ("", ())
    # a count the question states (59个测评点) that the passage writes in another measure word
    # before the same noun (59项测评点) says the post counts those things in that word (22项)
    post_units = {
        hit.group("unit")
        for pattern in stated
        for hit in pattern.finditer(content, start, end)
        if hit.group("unit") in measure_words()
    }
    ordinal = asks_ordinal(q)
    out = []
    dated = [(start + d.start, start + d.end) for d in find_dates(content[start:end], ref)]
    for m in _count_pattern(extra).finditer(content[start:end]):
        if any(a < start + m.end() and start + m.start() < b for a, b in dated):
            continue  # the 31日 of 3月31日 is a day, not a count of days
        # a count in another measure word counts what is asked in the post's own measure word
        # (post_units), or where the noun asked follows it (多少条工作措施: 23项工作措施)
        other_unit = bool(units) and m.group("unit") not in {*units, *post_units}
        if other_unit and not (noun and content.startswith(noun, start + m.end())):
            continue
        if (content[max(0, start + m.start() - 1) : start + m.start()] == "第") != ordinal:
            continue  # 第3批 is an ordinal, not a count; 第几批 asks for one
        if m.group("unit") == "年" and _YEAR_NUMBER.fullmatch(m.group("n")):
            continue  # 2025年 is a year, not a number of years
        clock = content[max(0, start + m.start() - 1) : start + m.start()] in _CLOCK_BEFORE
        if m.group("unit") == "分" and clock:
            continue  # the 30分 of 8点30分 or 8时30分 is a time of day, not a count of points
        a, b = start + m.start(), start + m.end()
        value = _number_value(m.group("n"))
        if value is None:
            continue
        key = str(int(value))
        # a count in the unit asked is surer than one in the post's own measure word
        strength = 0.9 if units and not other_unit else 0.6
        if m.group("n") == "一":
            # 一个 is as often the article "a" (度过一个充实的假期) as a count: weaker than a
            # written number, as extract.figures does not take 一家 or 一批 for a figure
            strength -= 0.3
        out.append(Candidate(content[a:b], a, b, key, strength))
    return out


def _doc_numbers(
    q: Question, content: str, start: int, end: int, facts: list, ref: date, anchors: Anchors = ()
) -> list[Candidate]:
    """Document numbers of the passage, stored ones first; asked for the number of a document
    the question names in 《》, not one written right after another named document's title
    (根据《…国际化消费环境建设工作的通知》（财建〔2025〕342号）: that document's number)."""
    out = [
        Candidate(f["text"], f["start"], f["end"], squeeze(f["text"]), 1.0)
        for f in facts
        if f["kind"] == "doc_number"
    ]
    for ident in find_identifiers(content[start:end]):
        a, b = start + ident.start, start + ident.end
        if ident.kind == "doc_number" and not _overlaps_span(a, b, out):
            out.append(Candidate(content[a:b], a, b, squeeze(content[a:b]), 0.7))
    for m in _STANDARD.finditer(content, start, end):
        if not _overlaps_span(m.start(), m.end(), out):
            out.append(Candidate(m.group(), m.start(), m.end(), squeeze(m.group()), 0.7))
    asked = [squeeze(name) for name in _TITLED.findall(q.text)]
    if not asked:
        return out
    return [c for c in out if not _of_another(_titled_before(content, c.start), asked)]


# A standard's number (标准号), as GB/T 1.1 writes it: the code of a national (GB, GB/T, GB/Z),
# local (DB31/T) or trade standard (JT/T, QC/T), its sequence number and year (GB/T 44193—2024)
_STANDARD = re.compile(
    r"(?<![A-Za-z])(?:GB(?:/[TZ])?|DB\d{2}/T|[A-Z]{2,3}/T)\s*\d{3,6}(?:\.\d+)?"
    r"(?:\s*[-—–]\s*(?:19|20)\d{2})?"
)
_TITLED = re.compile(r"《([^《》]+)》")
# a number belongs to the title it follows: 《…》（财建〔2025〕342号）, 《…》第12号
_AFTER_TITLE = re.compile(r"《([^《》]+)》\s*[（(]?\s*$")


def _titled_before(content: str, at: int) -> str:
    """The name of the document whose title in 《》 the number at `at` is written right after,
    else "" (the number stands alone, or after words of its own)."""
    m = _AFTER_TITLE.search(content, max(0, at - 200), at)
    return squeeze(m.group(1)) if m else ""


def _of_another(name: str, asked: list[str]) -> bool:
    """`name` (a number's own document) is none of the documents `asked` names, nor holds one."""
    return bool(name) and not any(a in name or name in a for a in asked)


def _yes_no(
    q: Question, content: str, start: int, end: int, facts: list, ref: date, anchors: Anchors = ()
) -> list[Candidate]:
    """是 or 否 for each clause of the passage: 否 where the clause is negated. The clause
    holding most of the question's words decides (candidates() ranks them so): in 电子印章与
    实物印章具有同等法律效力，不得因其…而否定其法律效力 the 不得 belongs to the second clause."""
    out = []
    low = start
    claimed = claimed_figures(q.text, content[start:end])
    for stop in [*_CLAUSE_END.finditer(content, start, end), None]:
        high = stop.start() if stop else end
        reply = _REPLY.fullmatch(content, low, high)
        if reply:  # A：不可以。 answers the question line before it, whatever follows
            said = "否" if reply.group("no") or reply.group("deny") else "是"
            return [Candidate(said, reply.start("word"), reply.end("word"), said, 1.0)]
        m = _NEGATION.search(content, low, high) if high > low else None
        clause = content[low:high]
        if m:
            out.append(Candidate("否", m.start(), m.end(), "否", 0.8))
        # 成为世界上第四个掌握该技术的国家 answers 第一个…对吗, and 累计114款 answers 是不是有120款,
        # as a negation would (read only where no negation decided)
        elif clause and (other := other_ordinal(q.pins, clause) or other_figure(claimed, clause)):
            a, b = low + other[0], low + other[1]
            out.append(Candidate("否", a, b, "否", 0.8))
        elif clause.strip():
            out.append(Candidate("是", low, high, "是", 0.6))  # no negation: a weaker reading
        low = stop.end() if stop else end
    return out


# a year alone as a year-question reads it: from a founding or a dynasty's date (清乾隆二十七年
# （1762年）创立) to now; a span of years (1500年历史, 300年之久, 千年以来) is no year
_HISTORIC_YEAR = re.compile(
    r"(?<!\d)(?P<year>1[0-9]{3}|20\d{2})\s*年(?!\s*\d{1,2}\s*月)(?!的?历史|之久|以来|前)"
)


def _years(
    q: Question, content: str, start: int, end: int, facts: list, ref: date, anchors: Anchors = ()
) -> list[Candidate]:
    """Years stated alone (按照1996年租金标准) and the years of dates (1990年5月出生)."""
    text = content[start:end]
    out = []
    for m in _HISTORIC_YEAR.finditer(text):
        a, b = start + m.start(), start + m.end()
        out.append(Candidate(content[a:b], a, b, m.group("year"), 0.7))
    for span in find_dates(text, ref):
        year = _YEAR_NUMBER.match(text, span.start)
        if year and not _overlaps_span(start + span.start, start + span.end, out):
            a, b = start + year.start(), start + year.end()
            out.append(Candidate(content[a:b], a, b, year.group(), 0.6))
    return out


def _names(
    q: Question, content: str, start: int, end: int, facts: list, ref: date, anchors: Anchors = ()
) -> list[Candidate]:
    """The quoted names of the passage, surer beside the noun asked about (主题为“…”); asked
    what a thing is called (微信群叫什么), only the name standing right before that thing
    (“浦恒市容共治”微信群) or after it and 叫/名为 answers: another quote of the sentence names
    something else."""
    if _RENAMING.search(q.text):
        # 改成了什么名字: the name a thing was changed to, written after the change
        renamed = [
            Candidate(m["name"], m.start("name"), m.end("name"), squeeze(m["name"]), 0.95)
            for m in _RENAMED_TO.finditer(content, start, end)
        ]
        if renamed:
            return renamed
    noun = next((n for n in name_nouns() if n in q.text), "")
    thing = _called(q)  # 系统叫什么名字: the thing named, 系统
    called = "" if noun else thing  # 叫什么名字 asks by its noun, 名字
    noun = noun or called
    out = []
    for m in _QUOTED.finditer(content, start, end):
        group = m.lastgroup or "a"
        a, b = m.start(group), m.end(group)
        before = content[max(start, m.start() - len(noun) - 4) : m.start()]
        after = content[m.end() : min(end, m.end() + len(noun) + 3)]
        if called:
            named = after.startswith(called) or re.search(
                re.escape(called) + _CALLED_BEFORE, before
            )
            if named:
                out.append(Candidate(content[a:b], a, b, squeeze(content[a:b]), 0.9))
            continue
        beside = bool(noun) and (
            re.search(re.escape(noun) + _NAME_BEFORE, before) is not None
            or re.match(_NAME_AFTER + re.escape(noun), after) is not None
        )
        after_thing = bool(thing) and content.endswith(thing, start, m.start())
        if group == "d" and not (beside or after_thing):
            # a Latin name in brackets is as often a term's abbreviation (人工智能（AI）, (GDP)): a
            # name only beside the noun asked about or after the thing whose name is asked
            # (仿真系统(SmartSim）: 系统叫什么名字)
            continue
        out.append(Candidate(content[a:b], a, b, squeeze(content[a:b]), 0.9 if beside else 0.4))
    if called and not out:
        # 那家医院叫什么: a body's name is written unquoted, and ends with the noun asked about
        # (天津河西德融医院), as 哪家医院 is read
        return _ending_with(called, content, start, end)
    return out


_CALLED_BEFORE = r"(?:叫做|叫|称为|名为|为)?\s*[:：]?\s*$"
# A name asked for as what a thing became (改成了什么名字, 更名为什么), and the name a sentence
# says it was changed to (变更为…, 更名为“…”), up to the clause's end
_RENAMING = re.compile(r"改成|改为|改名|更名|变更为|换成")
_RENAMED_TO = re.compile(
    r"(?:变更为|更名为|改名为|更改为|改为|改成|换成)[“\"「]?(?P<name>[^，,。；;、\n“”\"「」]{2,40}?)"
    r"[”\"」]?(?=[，,。；;、\n]|$)"
)


def _called(q: Question) -> str:
    """The thing a 叫什么 question asks the name of: the word before 叫 (微信群叫什么: 微信群),
    with a one-character word before it joined to it (微信 群)."""
    m = CALLED.search(q.text)
    return _noun_before(q.text[: m.start()]) if m else ""


def _people(
    q: Question, content: str, start: int, end: int, facts: list, ref: date, anchors: Anchors = ()
) -> list[Candidate]:
    """The people named in the passage (stored as the post's person mentions); the one beside
    the role asked (主讲, 带队) comes first, as candidates() orders by nearness."""
    return [
        Candidate(f["text"], f["start"], f["end"], squeeze(f["text"]), 0.9)
        for f in facts
        if f["kind"] == "person"
    ]


# 哪两条新路, 哪两大商圈, 哪几个区: 哪, how many, a measure word (or 大) and the noun counted
# (one to three characters: the longest the passage writes after the count)
_WHICH_MANY = re.compile(
    r"哪\s*(?P<n>[0-9]+|[一二两三四五六七八九十几]+)\s*(?P<unit>[\u4e00-\u9fff])"
    r"(?P<noun>[\u4e00-\u9fff]{1,3})"
)
_LIST_JOINERS = "、和及与"


def _listed(
    q: Question, content: str, start: int, end: int, facts: list, ref: date, anchors: Anchors = ()
) -> list[Candidate]:
    """What a count of things names, listed right before it (姚安路、新闵东路2条新路通车;
    意风区、天津之眼两大商圈): the question asks 哪 with that count, unit and noun. Else the
    names ending with the noun asked (哪个社区 → 知景澜园社区); where none does, a quoted name
    standing right beside the question's words (`_bounded`)."""
    found = _listed_or_named(q, content, start, end)
    return found or _bounded(q, content, start, end, facts, ref, anchors)


# Asked which thing (什么软件, 哪份文件) where no name of the passage ends with the noun asked, a
# name the post bounds by quotes or title marks answers when it stands right beside the
# question's word nearest its question word, on the side the question writes it: 名为“惠购助手”的
# 软件 (的 and the closing mark between), 依据《…纲要》 (the opening mark). Farther off, a quote
# is as often a slogan or a term of the sentence (“专精特新”企业) as the thing asked.
BOUNDED_GAP = 2  # characters between the name and that word: its mark and a 的


def _bounded(
    q: Question, content: str, start: int, end: int, facts: list, ref: date, anchors: Anchors
) -> list[Candidate]:
    """The quoted names (`_names`) within BOUNDED_GAP of the question's word nearest its
    question word, on the side the question writes it."""
    return [
        c
        for c in _names(q, content, start, end, facts, ref)
        if _distance(c, anchors, q, content, _clause_of(c, content, start, end))[0] <= BOUNDED_GAP
    ]


def _listed_or_named(q: Question, content: str, start: int, end: int) -> list[Candidate]:
    """The listed names a count of things asked by 哪 names, else the names ending with the
    noun asked."""
    m = _WHICH_MANY.search(q.text)
    if not m:
        return _named(q, content, start, end)
    wanted = None if "几" in m.group("n") else _number_value(m.group("n"))
    list_end = _list_end(q.text[: m.start()])
    unit = re.escape(m.group("unit"))
    out: list[Candidate] = []
    for size in range(len(m.group("noun")), 0, -1):
        counted = re.compile(rf"(?P<n>{_NUMBER})\s*{unit}\s*{m.group('noun')[:size]}")
        for hit in counted.finditer(content, start, end):
            if wanted is not None and _number_value(hit.group("n")) != wanted:
                continue
            stops = list_end.finditer(content, start, hit.start())
            low = max((c.end() for c in stops), default=start)
            items = content[low : hit.start()].strip()
            if any(j in items for j in _LIST_JOINERS) and len(items) <= 60:
                a = content.index(items, low)
                out.append(Candidate(items, a, a + len(items), squeeze(items), 0.9))
        if out:
            break
    return out + [c for c in _named(q, content, start, end) if not _overlaps(c, out)]


_LIST_OPENERS = r"[，,；;。：:\n]|包括|即|有|是|将|以"


def _list_end(asked_before: str) -> re.Pattern[str]:
    """Where a listed answer may begin: after punctuation, a word that opens a list (包括, 即,
    是 …), or the verb the question asks the list with (区里要引导哪两大商圈 → 引导)."""
    words = [w for w in rjieba.cut(asked_before) if is_cjk(w)]
    verb = words[-1] if words and len(words[-1]) > 1 else ""
    return re.compile(_LIST_OPENERS + (f"|{re.escape(verb)}" if verb else ""))


def _number_value(written: str) -> float | None:
    """A count as written (3, 1,200, 两, 十二) as a number; None when it reads as none."""
    written = written.replace(",", "")
    try:
        return float(written) if written[0].isdigit() else chinese_number(written)
    except ValueError:
        return None


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
    "year": _years,
    "name": _names,
    "person": _people,
    "which": _listed,
}


# Two names of which one holds this share of the other in one piece name the same thing.
SAME_NAME_SHARE = 0.8


def same_answer(question: Question, one: Candidate, other: Candidate) -> bool:
    """Two spans say the same: equal keys, or for a name one mostly within the other, with the
    same numbers (西安市未央区政法巷未央大厦B座1720 and 未央区政法巷未央大厦B座1720办公室)."""
    if one.key == other.key:
        return True
    if question.type == "contact":  # a list of numbers, and one or more of them
        numbers, others = set(one.key.split(LISTED)), set(other.key.split(LISTED))
        return numbers <= others or others <= numbers
    if question.type not in ("place", "organisation", "doc_number"):
        return False
    short, long = sorted((one.key, other.key), key=len)
    digits = re.findall(r"\d+", short)
    if digits != [d for d in re.findall(r"\d+", long) if d in digits]:
        return False  # 1719室 and 1720室 are two rooms however alike the rest
    match = SequenceMatcher(None, short, long).find_longest_match(0, len(short), 0, len(long))
    return match.size >= SAME_NAME_SHARE * len(short)


# Another post's answer within this share of the best one's score is as credible: if the two
# differ, the archive disagrees with itself and both are shown instead of picking one.
RIVAL_SHARE = settings.number("ask_rival_share")


def as_credible(one: Scored, other: Scored) -> bool:
    """`other` scores within RIVAL_SHARE of `one`."""
    return other.score >= RIVAL_SHARE * one.score


def rivals_with(question: Question, one: Scored, other: Scored) -> bool:
    """`other` contradicts `one`: as credible, about the same thing (its sentence holds every
    question word `one`'s does, and its post every word `one`'s post does: 家电 as well as
    以旧换新), as surely of the asked type (a date with no 截止 near it cannot contradict), and
    says otherwise."""
    return (
        as_credible(one, other)
        and other.passage.held >= one.passage.held
        and other.passage.covered >= one.passage.covered
        and not same_answer(question, other.candidate, one.candidate)
        and other.candidate.strength >= one.candidate.strength
    )


def spread(candidate: Candidate, anchors: tuple[tuple[int, int, int, float], ...]) -> int:
    """How far the question's words (`anchors`) stand from the span, in characters: for each
    word the sentence holds, its nearest mention."""
    nearest: dict[int, int] = {}
    for a, b, term, _ in anchors:
        gap = max(a - candidate.end, candidate.start - b, 0)
        nearest[term] = min(gap, nearest.get(term, gap))
    return sum(nearest.values())
