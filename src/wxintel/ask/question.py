"""Read a question: what it asks for (its type), what it is about, and what it is pinned to.

A question pinned to a year, a batch (第二批, 第八届) or a district must never be answered from
a post about another one, so the pins are read here once and checked against every post.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import cache

import rjieba

from wxintel.extract.figures import extract_figures
from wxintel.nlp.cndate import chinese_number, cn_number, find_dates
from wxintel.nlp.gazetteer import named_list, word_set
from wxintel.nlp.lexicon import data_text, default_lexicon, read_lines
from wxintel.nlp.periods import holiday_names
from wxintel.nlp.regions import regions
from wxintel.nlp.segment import is_cjk
from wxintel.nlp.traditional import simplified

TYPES = (
    "deadline",
    "date",
    "place",
    "contact",
    "amount",
    "count",
    "organisation",
    "person",
    "threshold",
    "doc_number",
    "yes_no",
    "year",
    "name",
    "which",
    "source",
    "other",
)
_QUESTION_MARKS = "？?。!！ \t"
# an interrogative word in a cue (哪天, 多少, 什么时候, 吗); a cue without one is a noun (收费)
_ASKING = re.compile(
    r"哪|几|多少|什么|何|谁|吗|是否|能否|可否|有没有|是不是|能不能|多[高大长重远深宽厚久]"
)
# characters a noun cue may stand before the question word and still say what is asked
# (联系电话是多少: 1; 申报截止时间是什么时候, 收费标准是多少钱: 3)
_NOUN_REACH = 4
# a year as 2025年, or written straight before a name (2026长三角…大会, 2025世界设计之都大会,
# 2024“上海设计100+”)
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?:\s*年|(?=[\u4e00-\u9fff“《「]))")
_DISTRICT = re.compile(r"[\u4e00-\u9fff]{2}[区县]")  # 河西区, 南开区, 西青区
# a town or a subdistrict (精武镇, 张家窝镇, 浦锦街道), read from a word's start: its name and the
# word for its level; not a word for towns in general (古镇, 小镇, 街镇, 城镇, 乡镇)
_TOWN = re.compile(r"[\u4e00-\u9fff]{2,3}?(?:镇|街道)")
_NOT_TOWN_ENDS = "古小街城乡新"
_COMPLEMENT = re.compile(
    r"(?<=[\u4e00-\u9fff])(?:[到给至在](?=\s*(?:哪|什么|谁|何处|多少|几))|了(?!解))"
)  # 发送到哪个邮箱, 建了多长时间: the verb is searched without its complement or 了
_NAME_MARKS = re.compile(r"[《》〈〉“”「」『』]")
_DETERMINERS = "每各本该全哪此这那某"  # 每个区, 各区县, 本区: no district's name
# 申报的区工信局, 交到区工信局: a name of a place holds no particle and no preposition or
# directional complement (介词: 到 至 给 向 往 从 对 把 被); the gazetteer vouches for the few
# districts that do (从化区), as it does for 和平区
_PARTICLES = "的之了在和与及到至给向往从对把被"
# demonstratives (指示代词): 这批 points at a round the asker has in mind and says nothing of
# it; a distributive (每篇, 各区) does say something (每篇奖励1000元, not the 10000元 pool)
_DEMONSTRATIVES = "这那此本该"


@cache
def ordinal_pattern(extra: str = "") -> re.Pattern[str]:
    """第二批, 第 3 期, 首届: an ordinal and its unit (ordinal_units.txt, and the units in
    `extra` a question counts in: 第九讲). 首 counts only before a unit that never means "the
    first time" in passing (首次 is left out: 首次发布 is no round)."""
    units = [
        u.strip() for line in read_lines(data_text("ordinal_units.txt")) for u in line.split("|")
    ]
    units = [u for u in units if u] + [u for u in extra if u not in units]
    every = "".join(map(re.escape, units))
    first = "".join(re.escape(u) for u in units if u != "次")
    return re.compile(
        rf"第\s*([0-9]{{1,3}}|[一二三四五六七八九十百]{{1,4}})\s*([{every}])|(首)([{first}])"
    )


# 第 and a number before any character: the unit of a series a question names (第九讲, 第五站),
# read as a round's unit though no list holds it
_ANY_ORDINAL = re.compile(r"第\s*(?:[0-9]{1,3}|[一二三四五六七八九十百]{1,4})\s*([\u4e00-\u9fff])")


# A plenary session counted without 第, as party and congress sessions are named: 四中全会 and
# 四次全会 are the fourth plenary session (第四次全体会议), 十届四次会议 is the session 4 of the
# tenth term; 召开三次会议 (three meetings) is a count, so 会议 is read after 届 only.
_SESSION = re.compile(
    r"(?<![第0-9一二三四五六七八九十])([一二三四五六七八九十]{1,3})(?:中全会|次全会|次全体会议)"
    r"|(?<=届)([一二三四五六七八九十]{1,3})次(?:会议|全会|全体会议)"
)


def ordinals_in(text: str, extra: str = "") -> list[tuple[str, int, int, int]]:
    """The ordinals `text` states, in order: (unit, value, start, end offset); `extra` adds
    units. A plenary session named without 第 (四中全会, 十届四次会议) is the 次 it is."""
    found = []
    for m in ordinal_pattern(extra).finditer(text):
        number, unit = (m.group(1), m.group(2)) if m.group(2) else ("一", m.group(4))
        found.append((unit, ordinal_value(number), m.start(), m.end()))
    for m in _SESSION.finditer(text):
        found.append(("次", ordinal_value(m.group(1) or m.group(2)), m.start(), m.end()))
    return sorted(found, key=lambda item: item[3])


@dataclass(frozen=True)
class Pins:
    """What the question is pinned to: years (2025), ordinals (("批", 2)), districts,
    qualifiers (each with its other names) with the siblings they exclude ((("秋季",),
    ("春季", "夏季", "冬季"))), and grades ((100, "亿级") for 百亿级)."""

    years: tuple[str, ...] = ()
    ordinals: tuple[tuple[str, int], ...] = ()
    districts: tuple[str, ...] = ()
    contrasts: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = ()
    grades: tuple[tuple[float, str], ...] = ()
    as_of: tuple[tuple[int, int], ...] = ()  # (month, day): 截至10月11日, a running figure's day
    # (month, day) of each other day the question names (3月30日开始的那一轮): what it asks about
    # happened or starts then, so a post that writes no such day is about something else
    days: tuple[tuple[int, int], ...] = ()
    # an edition of a plan (("版", 8.0) for 营商环境8.0版) or a phase of a project (("期", 4) for
    # 产业园四期), written without 第: checked as a round is, by the same reader (rounds_in)
    editions: tuple[tuple[str, float], ...] = ()


def other_ordinal(pins: Pins, text: str) -> tuple[int, int] | None:
    """Where `text` states an ordinal in a unit the question names with another value (第四个
    against 第一个 asked; 首个 is 第一个): a yes/no question claiming the first is answered
    否 by a clause saying the fourth. None when it states none or the same. The ordinals are
    ordinals_in's, so a plenary session named without 第 (四中全会) counts too."""
    asked = dict(pins.ordinals)
    if not asked:
        return None
    for unit, value, start, end in ordinals_in(text, "".join(asked)):
        if unit in asked and value != asked[unit]:
            return start, end
    return None


@cache
def exact_figures(text: str) -> frozenset[tuple[str, float]]:
    """The (unit, amount) of each figure `text` states with no qualifier (超过100家 and 近300项
    state none): a question's, read once however many clauses are checked against it."""
    return frozenset(
        (f.value["unit"], f.value["amount"])
        for f in extract_figures(text)
        if not f.value["qualifier"]
    )


def claimed_figures(asked: str, sentence: str) -> frozenset[tuple[str, float]]:
    """The exact figures the question `asked` states, or none when `sentence` states one of
    them (新增9款…，累计114款 says nothing against 114款): what other_figure checks each
    clause of the sentence against, read once per sentence."""
    claimed = exact_figures(asked)
    if claimed and claimed & {
        (f.value["unit"], f.value["amount"]) for f in extract_figures(sentence)
    }:
        return frozenset()
    return claimed


def other_figure(claimed: frozenset[tuple[str, float]], text: str) -> tuple[int, int] | None:
    """Where `text` states an exact figure in a unit of the `claimed` ones (claimed_figures)
    with another value (补贴300元 against 补贴是不是500元): a yes/no question claiming the one
    is answered 否 by a clause saying the other. A figure with a qualifier on either side
    (超过100家, 近300项) is no contradiction of it."""
    if not claimed:
        return None
    units = {unit for unit, _ in claimed}
    for f in extract_figures(text):
        unit, amount = f.value["unit"], f.value["amount"]
        if not f.value["qualifier"] and unit in units and (unit, amount) not in claimed:
            return f.start, f.end
    return None


@dataclass
class Question:
    """A question as read: its text, type, the words to search for and its pins."""

    text: str  # as read: spoken question words in their written form (叫啥: 叫什么)
    type: str
    topic: str  # the question without its interrogative phrasing: what to search for
    pins: Pins = field(default_factory=Pins)
    cue: str = ""  # the phrase that decided the type (e.g. 几天: a count of days)
    said: str = ""  # as the user typed it (spacing folded), for the answer to repeat


@cache
def measure_words() -> tuple[str, ...]:
    """Measure words (个, 份, 家, 课时), longest first so 课时 is tried before 时."""
    lines = read_lines(data_text("measure_words.txt"))
    words = {w.strip() for line in lines for w in line.split("|") if w.strip()}
    return tuple(sorted(words, key=lambda w: (-len(w), w)))


@cache
def same_measure(word: str) -> frozenset[str]:
    """The measure words that count what `word` counts (名: 名, 人, 位), itself included."""
    for line in read_lines(data_text("measure_synonyms.txt")):
        group = frozenset(w.strip() for w in line.split("|") if w.strip())
        if word in group:
            return group
    return frozenset([word])


@cache
def total_words(kind: str) -> tuple[str, ...]:
    """The words marking a figure as a whole ("total") or a part of one ("part"):
    total_words.txt."""
    return named_list("total_words.txt", kind)


def asks_total(question: Question) -> bool:
    """The question asks for a whole (一共有多少款, 总共有几个, 累计多少人): a total word
    stands before its question word (not after it: 多少家企业累计…, nor a noun: 经济总量)."""
    span = _cue_span(question.cue, question.text) if question.cue else None
    before = question.text[: span[0]] if span else question.text
    return any(w in before for w in total_words("total"))


@cache
def question_words() -> frozenset[str]:
    """Interrogative phrasing that is no part of what a question is about (时候, 哪天, 是)."""
    lines = read_lines(data_text("question_words.txt"))
    return frozenset(w.strip() for line in lines for w in line.split("|") if w.strip())


@cache
def particles() -> frozenset[str]:
    """Characters that are a word of a question's phrasing or a query stopword on their own
    (的, 有, 是, 几, 到): they never say what is asked about."""
    stop = default_lexicon().stopwords
    return frozenset(w for w in {*stop, *question_words()} if len(w) == 1 and not w.isascii())


@cache
def is_phrasing(word: str) -> bool:
    """`word` (a search token) says how the question is asked, not what about: a question word
    (哪天), a demonstrative and a measure word (这批, 本次, 该项: "this round", whichever), or
    question words the segmenter glued together (哪天交 = 哪天 + 交)."""
    words = question_words()
    if word in words:
        return True
    if len(word) > 1 and word[0] in _DEMONSTRATIVES and word[1:] in measure_words():
        return True
    # split into question words from the left, longest first: 哪天交 → 哪天, 交
    reach = {0}
    for end in range(1, len(word) + 1):
        if any(start in reach and word[start:end] in words for start in range(end)):
            reach.add(end)
    return len(word) in reach and len(word) > 0


@cache
def name_nouns() -> tuple[str, ...]:
    """Nouns whose value is a quoted name or slogan (主题, 口号), longest first."""
    lines = read_lines(data_text("name_nouns.txt"))
    words = {w.strip() for line in lines for w in line.split("|") if w.strip()}
    return tuple(sorted(words, key=lambda w: (-len(w), w)))


@cache
def _type_cues() -> tuple[tuple[str, tuple[str, ...]], ...]:
    rules = []
    for line in read_lines(data_text("question_types.txt")):
        name, _, cues = line.partition(":")
        listed = [c.strip() for c in cues.split("|") if c.strip()]
        if name.strip() == "count":  # 几份, 多少家, 第几届: 几 or 多少 before any measure word
            listed += [f"{ask}{m}" for ask in ("第几", "几", "多少") for m in measure_words()]
        if name.strip() == "name":  # 主题是什么, 什么主题: the noun stays a word to search for
            listed += [f"{n}*什么" for n in name_nouns()] + [f"什么*{n}" for n in name_nouns()]
        if (
            name.strip() == "source"
        ):  # 从哪里转载的, 出自哪家媒体: a reprint verb by its question word
            after, before = reprint_verbs("after"), reprint_verbs("before")
            listed += [f"{ask}*{verb}" for ask in ("哪", "什么") for verb in after]
            listed += [f"{verb}{ask}" for verb in before for ask in _SOURCE_ASKS]
        if name.strip() == "place":  # 哪个馆, 哪一个展区, 哪栋楼: which part of a site
            asks, parts = named_list("site_parts.txt", "ask"), named_list("site_parts.txt", "part")
            listed += [f"{ask}{part}" for ask in asks for part in parts]
        rules.append((name.strip(), tuple(listed)))
    return tuple(rules)


# the question words a verb of `before` (出自, 摘自) asks with; 哪家 and 哪个 whole, so that no
# organisation or `which` cue reaches further right than the source's (出自哪家媒体)
_SOURCE_ASKS = ("哪家", "哪个", "哪里", "哪", "什么", "何处")


@cache
def reprint_verbs(side: str) -> tuple[str, ...]:
    """Verbs of reprinting a source question asks with, after its question word (转载) or
    before it (出自): data/reprint_verbs.txt."""
    return named_list("reprint_verbs.txt", side)


@cache
def contrast_families() -> tuple[tuple[tuple[str, ...], ...], ...]:
    """Families of qualifiers that exclude one another (春季 | 秋季, 线上 | 线下), each member
    with its other names; the public holidays of data/holidays.txt are one family (春节 |
    中秋 | 国庆; 劳动节 and 五一, on one day, are one member)."""
    lines = read_lines(data_text("contrast_words.txt"))
    families = [tuple((w.strip(),) for w in line.split("|") if w.strip()) for line in lines]
    return (*families, holiday_names())


@cache
def spoken_words() -> tuple[tuple[str, str], ...]:
    """Spoken question words and their written forms (啥 → 什么), longest first."""
    pairs = []
    for line in read_lines(data_text("spoken_question_words.txt")):
        spoken, _, written = line.partition("=")
        pairs.append((spoken.strip(), written.strip()))
    return tuple(sorted(pairs, key=lambda pair: -len(pair[0])))


def as_written(text: str) -> str:
    """The question with its spoken question words in their written form (叫啥 → 叫什么)."""
    for spoken, written in spoken_words():
        text = text.replace(spoken, written)
    return text


# a grade a question may name: a number, a magnitude and 级 (百亿级, 50亿级, 三级), or a prize's
# rank (一等奖), or stars (五星级): a sentence naming the same unit with another number only is
# about another grade (培育3—5家50亿级龙头企业 answers nothing about 百亿级)
_GRADE = re.compile(
    r"(?<![0-9零〇一二两三四五六七八九十百千万亿])"
    r"(?P<n>[0-9]+(?:\.[0-9]+)?|[零〇一二两三四五六七八九十百千]+)(?P<unit>[万亿]?级|等奖|星级)"
)


def grades_in(text: str) -> list[tuple[float, str]]:
    """The grades `text` names, as (number, unit): 百亿级 is (100, "亿级")."""
    found = []
    for m in _GRADE.finditer(text):
        value = chinese_number(m.group("n")) if not m.group("n")[0].isdigit() else None
        number = float(m.group("n")) if m.group("n")[0].isdigit() else value
        if number is not None:
            found.append((number, m.group("unit")))
    return found


@cache
def _not_districts() -> frozenset[str]:
    lines = read_lines(data_text("not_districts.txt"))
    return frozenset(w.strip() for line in lines for w in line.split("|") if w.strip())


def _cue_span(cue: str, bare: str) -> tuple[int, int] | None:
    """Where `cue` matches the question (without its question mark), or None."""
    if cue.startswith("$"):
        return (len(bare) - len(cue) + 1, len(bare)) if bare.endswith(cue[1:]) else None
    first, _, then = cue.partition("*")
    at = bare.find(first)
    if at < 0:
        return None
    if not then:
        return at, at + len(first)
    later = bare.find(then, at + len(first))
    return (at, later + len(then)) if later >= 0 else None


def classify(text: str) -> tuple[str, str]:
    """The question's type and the cue that decided it ("other" and "" when none does).

    The first type (in the data file's order) with a matching cue decides, unless a later
    type's cue overlaps that cue and reaches further right (in 在哪天 the 天 after 哪 says a
    day is asked for, not a place) or holds it and more (几月几日 is a day, not 几日 a count).
    """
    bare = _FEW.sub("些", text.strip().rstrip(_QUESTION_MARKS))
    found: list[tuple[str, str, int, int]] = []
    for name, cues in _type_cues():
        spans = [(cue, span) for cue in cues if (span := _cue_span(cue, bare))]
        if name == "yes_no":
            spans += [(m.group(), m.span()) for m in _A_NOT_A.finditer(bare)]
        if spans:
            # the type's cue reaching furthest right (多少家 over 多少), then the longest
            cue, (a, b) = max(spans, key=lambda item: (item[1][1], item[1][1] - item[1][0]))
            found.append((name, cue, a, b))
    if not found:
        # 废止几部法规, 几枚: 几 asks for a number, whatever word counts it (one the list of
        # measure words lacks is read from the passage: `asked_unit`)
        counted = _COUNTED.search(bare)
        return ("count", counted.group()) if counted else ("other", "")
    name, cue, a, b = found[0]
    for other, other_cue, c, d in found[1:]:
        reaches_further = c < b and a < d and d > b
        holds_it = c <= a and b <= d and d - c > b - a  # 几月几日 holds 几日: a date, no count
        # a noun cue far from the question word is part of the topic (关于完善幼儿园收费政策的
        # 通知是哪天发布的: 收费 names the notice, 哪天 asks), near it says what is asked
        # (联系电话是多少, 什么时候截止)
        noun_then_asker = not _ASKING.search(cue) and bool(_ASKING.search(other_cue))
        aside = noun_then_asker and c - b > _NOUN_REACH
        # a noun cue after another type's question word and a verb, joined to it by no 的 and
        # followed by no question word, is the verb's object (哪天接到那通电话: a day, not a
        # phone; 哪个部门的电话是多少 still asks for the phone, 什么时候截止 for a deadline)
        later = (
            noun_then_asker
            and d < a
            and "的" not in bare[d:a]
            and not _ASKING.search(bare[b:])
            and bool(verb_starts(bare) & set(range(d, a)))
        )
        if reaches_further or holds_it or aside or later:
            name, cue, a, b = other, other_cue, c, d
    if cue == "几号" and bare[b : b + 1] and bare[b] in NUMBERED_PARTS:
        return "place", cue + bare[b]  # 在几号馆: a hall's number, not a day of the month
    if name == "name" and names_a_person(bare):
        return "person", cue.lstrip("$").replace("*", "")
    return name, cue.lstrip("$").replace("*", "")


# 那几张许可证, 这几个项目: 几 after a demonstrative points at a few things the asker has in mind
# ("those few"), as 那些 does; it asks for no count
_FEW = re.compile(r"(?<=[那这])几")
# 提没提, 去不去, 有没有: a verb, 没 or 不 and the verb again ask yes or no (正反问句), whatever the
# verb; the listed cues (是不是, 有没有) are the commonest of them
_A_NOT_A = re.compile(r"([\u4e00-\u9fff])[没不]\1")
# 叫什么 and its like: the question asks what the thing right before its 叫 is called (微信群叫什么,
# 总经理叫什么); the one home of this pattern, which spans reads the thing named by too
CALLED = re.compile(r"(?:叫做|叫|称为|名为)什么")


def names_a_person(bare: str) -> bool:
    """叫什么 after a person asks for a person, whom the people extraction names: a title people
    are named beside (总经理叫什么, 局长叫什么: person_titles.txt, the extraction's own list) or a
    noun of a person (联系人, 讲课的人: person_nouns.txt). A word merely ending in 人 is no
    person (人形机器人, 数字人)."""
    m = CALLED.search(bare)
    if not m:
        return False
    before = bare[: m.start()].rstrip("的是 ")
    persons = word_set("person_titles.txt") | word_set("person_nouns.txt")
    return any(before.endswith(t) for t in persons)


# the numbered parts of a site (7.2H馆, 3号楼, 23号线, 5号窗口): 几号 before one asks for a place,
# as 哪个 before one does (question_types.txt)
NUMBERED_PARTS = "馆楼层室厅门线座栋幢台窗展区"
# 几 and the character after it, when no cue matched: 几部 (a count of laws), not 几点 of a time
# (a date cue), which classify has already read
_COUNTED = re.compile(r"第?几[\u4e00-\u9fff]")


def asked_unit(question: Question) -> str:
    """The word counting what 几 or 多少 asks for when it is no measure word of the list (部 in
    废止几部, 枚 in 多少枚胚胎), else "": a number followed by it in a passage is a count."""
    m = re.search(r"(?:几|多少)([\u4e00-\u9fff])", question.text)
    if not m or any(question.text.startswith(w, m.start(1)) for w in measure_words()):
        return ""
    return m.group(1)


@cache
def _unit_symbols() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """(unit name, its symbols) of data/unit_symbols.txt, longest name first."""
    pairs = []
    for line in read_lines(data_text("unit_symbols.txt")):
        name, _, symbols = line.partition("=")
        pairs.append((name.strip(), tuple(s.strip() for s in symbols.split("|") if s.strip())))
    return tuple(sorted(pairs, key=lambda pair: -len(pair[0])))


def asked_symbols(question: Question) -> tuple[str, ...]:
    """The symbols of the unit of measurement the question asks a figure in (多少特斯拉: T),
    as posts write them after the number (35.1T); () when it names none."""
    for name, symbols in _unit_symbols():
        if re.search(rf"(?:几|多少){re.escape(name)}", question.text):
            return symbols
    return ()


@cache
def _quantity_nouns() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """(noun, the units a figure of it ends in) of data/quantity_nouns.txt, longest noun first."""
    pairs = []
    for line in read_lines(data_text("quantity_nouns.txt")):
        units, _, nouns = line.partition(":")
        kept = tuple(u.strip() for u in units.split("|") if u.strip())
        pairs += [(n.strip(), kept) for n in nouns.split("|") if n.strip()]
    return tuple(sorted(pairs, key=lambda pair: -len(pair[0])))


def asked_quantity_units(question: Question) -> tuple[str, ...]:
    """The units of the quantity a bare 多少 asks for, from the noun it asks of (多少扶持资金,
    财政总收入有多少: 元; 人流一共有多少: 人次): the noun right after the cue, else the last one
    before it; () when the question names no noun of quantity_nouns.txt."""
    at = question.text.find(question.cue) if question.cue else -1
    if at < 0:
        return ()
    after = question.text[at + len(question.cue) : at + len(question.cue) + 6]
    found = [(noun, units) for noun, units in _quantity_nouns() if noun in after]
    if found:
        return min(found, key=lambda pair: after.find(pair[0]))[1]
    before = question.text[:at]
    found = [(before.rfind(noun), units) for noun, units in _quantity_nouns() if noun in before]
    return max(found)[1] if found else ()


def asks_ordinal(question: Question) -> bool:
    """第几届, 第几次: the question asks which one in a series, answered by 第29届."""
    return question.type == "count" and question.cue.startswith("第几")


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


def word_starts(text: str) -> frozenset[int]:
    """Where the words of `text` start, as the general dictionary cuts it."""
    starts, at = set(), 0
    for piece in rjieba.cut(text):
        starts.add(at)
        at += len(piece)
    return frozenset(starts)


def verb_starts(text: str) -> frozenset[int]:
    """Where the words of `text` the general dictionary tags as verbs start (超过 of
    第一次超过; not 普查 of 第五次全国经济普查, a noun first)."""
    starts, at = set(), 0
    for piece, tag in rjieba.tag(text):
        if tag in ("v", "vd", "vi"):
            starts.add(at)
        at += len(piece)
    return frozenset(starts)


def years_in(text: str) -> tuple[str, ...]:
    """The years `text` names (2025年, 2025首届), each once, in order."""
    return tuple(dict.fromkeys(_YEAR.findall(text)))


def read_pins(text: str, asked: frozenset[int] = frozenset()) -> Pins:
    """The years, ordinals and districts (and towns) `text` names; a district overlapping the
    positions `asked` (the question's cue) is none (什么时候前报区工信局: 前报 asks, 区 starts
    区工信局). A name ending like a general word (山区, 园区) is a district when the gazetteer
    knows it (宝山区, data/places.txt)."""
    years = years_in(text)
    series = "".join(dict.fromkeys(_ANY_ORDINAL.findall(text)))
    found = ordinals_in(text, series)
    # the dictionary's tagging is the costly part of reading pins: done only where a 次 stands
    verbs = verb_starts(text) if any(u == "次" for u, *_ in found) else frozenset()
    ordinals = tuple(
        dict.fromkeys(
            (u, value)
            for u, value, _, end in found
            # 第一次超过 says "for the first time", as 首次 does: no round (第一次会议 is one)
            if not (u == "次" and text[end - 1] == "次" and end in verbs)
        )
    )
    skip = _not_districts()
    starts = word_starts(text)
    districts = tuple(
        dict.fromkeys(
            m.group()
            for m in _DISTRICT.finditer(text)
            if (
                regions().known(m.group())  # 和平区 is a district though 和 is a particle
                or (
                    not any(m.group().endswith(w) for w in skip)
                    and m.group()[0] not in _DETERMINERS
                    and not set(m.group()[:-1]) & set(_PARTICLES)
                )
            )
            and not asked & set(range(m.start(), m.end()))
            # a district's name starts a word: 端午前区商务局 names no 午前区
            and (m.start() in starts or regions().known(m.group()))
        )
    )
    districts += tuple(dict.fromkeys(_towns(text, starts, asked)))
    contrasts = tuple(
        (
            names,
            # a sibling the question names too is no contrast (中秋国庆假期: both are asked)
            tuple(o for other in family if other != names for o in other if o not in text),
        )
        for family in contrast_families()
        for names in family
        if any(name in text for name in names)
    )
    grades = tuple(dict.fromkeys(grades_in(text)))
    stated_as_of = as_of_days(text, question=True)
    as_of = tuple(dict.fromkeys(d for d, at in stated_as_of if at not in asked))
    days = tuple(dict.fromkeys(d for d in days_in(text) if d not in as_of))
    editions = tuple(dict.fromkeys((u, v) for u, v, _, _ in editions_in(text)))
    return Pins(years, ordinals, districts, contrasts, grades, as_of, days, editions)


def _towns(text: str, starts: frozenset[int], asked: frozenset[int]) -> list[str]:
    """The towns and subdistricts `text` names (张家窝镇仓店: 张家窝镇), each read from a word's
    start: a place pin as a district is, so a post of another town's shop is no answer."""
    found = []
    for at in sorted(starts):
        m = _TOWN.match(text, at)
        if m is None or asked & set(range(m.start(), m.end())):
            continue
        head = m.group().removesuffix("街道").removesuffix("镇")
        if head[0] not in _DETERMINERS and head[-1] not in _NOT_TOWN_ENDS:
            found.append(m.group())
    return found


# 截至10月11日, 截止到9月11日: the day a running figure (累计, 共) is counted to. A question also
# says it as 到9月11号为止: a bare 到 counts only there, closed by 为止 after the day; before a
# day it is as often a deadline or a range's end (提交到9月11日, 从9月1日到9月11日). Not
# extract.notices._AS_OF: that one reads a deadline (截止日期：, 截止时间为), no count's day.
_AS_OF = re.compile(r"(?P<marker>截至|截止到|截止|到)\s*$")
_UNTIL = re.compile(r"\s*为止")
_AS_OF_REACH = 4  # characters the marker may stand before the day (截止到 and a space)
# any year: only the month and the day are compared (a question names no year: 截至10月11日)
_ANY_DAY = date(2000, 1, 1)


def as_of_days(text: str, question: bool = False) -> list[tuple[tuple[int, int], int]]:
    """The (month, day) of each as-of day `text` states, with where its marker starts: a day
    (not a month alone) right after 截至, 截止到 or 截止; in a question after 到 too, with 为止
    after the day."""
    out = []
    for d in find_dates(text, _ANY_DAY):
        before = text[max(0, d.start - _AS_OF_REACH) : d.start]
        m = _AS_OF.search(before)
        if not m or ("日" not in d.text and "号" not in d.text):
            continue
        if m.group("marker") == "到" and not (question and _UNTIL.match(text, d.end)):
            continue
        out.append(((d.value.month, d.value.day), d.start - len(before) + m.start()))
    return out


# the question words a measure word after them counts for (哪个县, 多少个国家, 几家单位)
_COUNTING = ("哪", "几", "多少")


def _classifiers(topic: str, asked: set[int]) -> set[int]:
    """Offsets of the measure words standing between a question word the type's cue took
    (哪, 几, 多少) and a noun (哪个县, 多少个国家, 几家单位, 几轮培训): the classifier of the
    noun asked about, no word of its own (个县 is no word a post writes; 县 is). A measure word
    ending the question (多少人, 几天) is what is counted, and stays."""
    out: set[int] = set()
    for word in _COUNTING:
        at = topic.find(word)
        while at >= 0:
            after = at + len(word)
            if after - 1 in asked:
                for measure in measure_words():
                    end = after + len(measure)
                    if topic.startswith(measure, after) and end < len(topic) and is_cjk(topic[end]):
                        out.update(range(after, end))
                        break
            at = topic.find(word, at + 1)
    return out


def read_question(text: str) -> Question:
    """Type, topic and pins of a question typed by a user."""
    said = " ".join(text.split())
    text = as_written(simplified(said))  # 電話 asks for a phone number as 电话 does
    kind, cue = classify(text)
    topic = text.rstrip(_QUESTION_MARKS)
    # every cue of the type goes, overlapping ones too: 在哪里 leaves no 在 (北邮家教部在哪里);
    # so do a verb's complement before the question word and its 了 (发送到哪个: 发送, 建了: 建),
    # and a source question's verb of reprinting (从哪里转载的: it says what is asked, no post
    # writes it)
    asked = {m.start() for m in _COMPLEMENT.finditer(topic)}
    verbs = (*reprint_verbs("after"), *reprint_verbs("before")) if kind == "source" else ()
    for other in (*dict(_type_cues()).get(kind, ()), cue, *verbs):
        if not other or other.startswith("$") or "*" in other:
            continue
        at = topic.find(other)
        while at >= 0:
            asked.update(range(at, at + len(other)))
            at = topic.find(other, at + 1)
    asked.update(_classifiers(topic, asked))
    topic = "".join(" " if i in asked else c for i, c in enumerate(topic))
    # a title's or a quotation's marks bound a name: 《我不》的 is 我不 and 的, never 我不的
    topic = _NAME_MARKS.sub(" ", topic)
    pins = read_pins(text, frozenset(asked))
    return Question(text=text, type=kind, topic=topic.strip(), pins=pins, cue=cue, said=said)


def days_in(text: str, ref: date = _ANY_DAY) -> list[tuple[int, int]]:
    """The (month, day) of each day `text` names (2026年3月30日, 3月30号), not a month alone;
    a day without its month (17日至18日) is read in the month nearest `ref` (a post's day)."""
    return [
        (d.value.month, d.value.day)
        for d in find_dates(text, ref)
        if "日" in d.text or "号" in d.text or d.text[-1].isdigit()
    ]


# An edition of a plan or rules (营商环境8.0版: "version 8.0"), a decimal before 版; and a phase
# of a project written without 第 (产业园四期, 风电场一期: "phase four"), a numeral after a name
# or in a list of them (二期、三期) and before 期, where a word of time does not follow (期间,
# 期限) and no word making 期 a count or an issue stands before it (分三期, 共两期, 每期, 第二期:
# ordinal_pattern reads that one)
_EDITION = re.compile(r"(?<![0-9.])(?P<version>[0-9]{1,2}\.[0-9])\s*版")
_PHASE = re.compile(
    r"(?<=[\u4e00-\u9fff、])(?<![第分共每近前后上下同本该这那首末头])"
    r"(?P<phase>[一二三四五六七八九十]{1,2})期(?![间限内中末满待望货刊])"
)


def editions_in(text: str) -> list[tuple[str, float, int, int]]:
    """The editions and phases `text` states (_EDITION, _PHASE), in order, as ordinals_in
    gives rounds: (unit, value, start, end), so both are checked by evidence._round_ok."""
    found = [("版", float(m.group("version")), m.start(), m.end()) for m in _EDITION.finditer(text)]
    found += [
        ("期", float(ordinal_value(m.group("phase"))), m.start(), m.end())
        for m in _PHASE.finditer(text)
    ]
    return sorted(found, key=lambda item: item[3])


def rounds_in(text: str, unit: str) -> list[tuple[str, float, int, int]]:
    """The rounds `text` states (ordinals_in, with `unit` among the units) and its editions and
    phases (editions_in), in order: one reader for a round written with 第 and without, so a
    question's 四期 and a post's 第四期 are the same pin (evidence._round_ok)."""
    return sorted(ordinals_in(text, unit) + editions_in(text), key=lambda item: item[3])
