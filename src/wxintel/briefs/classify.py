"""Generic reading of a post for a brief: its section and how much it matters to a reader.

Without an account's own digests a brief groups posts the way government accounts do:
通知公告 (calls, registrations, consultations, publicity, releases, news of a policy
document), 要闻活动 (leaders, meetings, events) and 产业动态 (the rest), and ranks first what a
reader acts on. The features here also feed the models learned from an account's digests
(profile.py).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from functools import cache, lru_cache

from wxintel.briefs.model import Candidate
from wxintel.briefs.select import column_of
from wxintel.extract.notices import policy_core, policy_heads, policy_title_facts
from wxintel.model import ACTION_KINDS, NOTICE_KINDS
from wxintel.nlp.gazetteer import named_list, read_words, trie_pattern, word_pattern
from wxintel.store import StoredArticle

NOTICES = "通知公告"
LEADERS = "要闻活动"
INDUSTRY = "产业动态"
GENERIC_SECTIONS = (NOTICES, LEADERS, INDUSTRY)
LEAD_CHARS = 400  # leaders and institutions count when they appear in the opening
FEATURE_CACHE = 4096  # posts whose features and section are kept (some accounts' digest weeks)
# What extraction found counts in steps of the smaller cues of `importance` (0.5): a post that
# names an industry, several organisations, several figures or a document reports something a
# policy officer reads for; weather, tips and verses name none of them.
FOUND_STEP = 0.5
SEVERAL = 3  # organisations or figures: one or two are any post's byline and date
# Each other account that published the same text (link/reposts.py) says the post matters
# beyond its own account; four of them count as much as a call's deadline.
CARRIED_STEP = 0.5
CARRIED_MOST = 4


def _words(label: str) -> str:
    """A named list of data/brief_words.txt as a regex alternation, in the file's order."""
    return "|".join(map(re.escape, named_list("brief_words.txt", label)))


_LEADER_ACTION = re.compile(_words("leader_action"))
_LEADER_IN_TITLE = re.compile(
    rf"[\u4e00-\u9fff]{{2,3}}(?:{_words('leader_title_verbs')})|(?:{_words('leader_meetings')})"
)
_EVENT_TITLE = re.compile(_words("event_title"))
_ACTIVITY_TITLE = re.compile(_words("activity_title"))
# The last word of a public body's name (区发展改革委, 人力资源和社会保障局, 市政府办): one list
# for a body at work in an opening and a body organising a title's event.
_BODY = "委员会|人民政府|政府|工作党委|党委|委|部|局|厅|办"
# A body organising something, within one clause ("区发展改革委隆重组织…", "…保障局与…联合举办"):
# what makes a title's activity or launch the institution's event. The body has a name before
# it, two characters or more or a jurisdiction's one (市委, 区政府): a bare 部 or 委 is 全部's or
# 居委会's. Its 办 is no 举办, 主办 or 承办. A 中心 is none here (any centre's activity would
# pass); a centre's own account learns its 中心 as its body (institution.own_bodies).
_ORGANISED = re.compile(
    rf"(?:[\u4e00-\u9fff]{{2,12}}|[市省区县])(?:{_BODY})(?<![举主承]办)[^。；，,：:]{{0,40}}?"
    r"(?:主办|举办|组织|开展|召开|启动|承办)"
)
_INSTITUTION = re.compile(
    rf"(?:市|省|区|县|国家|中共)?[\u4e00-\u9fff]{{0,12}}(?:{_BODY})"
    r"(?:主办|指导|联合|举办|召开|发布|组织|印发|公布)"
)
_SERIES_INTRO = re.compile(r"^编者按|专栏|人物简介|人物报道|^问[:：]")
_NEWS_WORDS = re.compile(_words("news_words"))
_TIMELY_LEAD = re.compile(r"近日|日前|昨天|昨日|今天|今日|最近|近期|本周|\d{1,2}月\d{1,2}日")
_PROMOTION = re.compile(_words("promotion"))
# A release verb and the document it releases: the document within a short clause after the
# verb ("印发通知，发布《", "联手推出《") or just before it ("《…》正式发布"); a 关于…的公告 title
# written without 《》 counts as a document when its head is a kind of official document.
_DOCUMENT = rf"《[^《》]{{2,80}}》|关于[^。；《》]{{2,40}}的(?:{_words('document_kinds')})"
_RELEASED = re.compile(
    rf"(?:{_words('release_verbs')})[^。；]{{0,12}}?(?P<doc>{_DOCUMENT})"
    rf"|(?P<before>{_DOCUMENT})[^。；]{{0,6}}?(?:{_words('release_verbs')})"
)
FIRST_SENTENCE_CHARS = 200  # a first sentence longer than this is read no further
# Whom a document or letter is addressed to: a short paragraph ending in a colon ("各区人民政府，
# 市政府各委、办、局：", "…商户朋友们："); the sentence a post opens with comes after it.
_ADDRESSEE = re.compile(r"^.{2,60}[：:]$")
# An official document's heading: an issuer (or none), then 关于…的 and a kind of document.
_HEADING = re.compile(rf"[^。；，,]{{0,30}}关于[^。；]{{2,60}}的(?:{_words('document_kinds')})")
# The sentence by which a notice or an announcement turns to what it sets out ("现将有关事项公告
# 如下：", "现就有关事项通知如下："): the customary transition of official notices, so a post
# opening on it carries the notice itself, whatever its title ("天津招聘社区工作者！西青区37人→").
_NOTICE_FORMULA = re.compile(r"现[将就]有关事项(?:公告|通知|通告|说明)?如下")
# A post that carries a rule's own text numbers its articles (第一条 … 第三条): three distinct
# ones are a law, regulation or measures posted in full, not a story that cites one article.
_ARTICLE = re.compile(r"第[一二三四五六七八九十百零]{1,4}条")
RULE_ARTICLES = 3
# A title saying from when something applies: a month or day, or a relative time, before 起
# ("12月起，这些新规…", "下月起，新车上牌有变", "5月20日起施行"), or that a rule takes effect
# ("降低首付，正式执行").
_FROM_WHEN = re.compile(
    rf"(?:\d{{1,2}}月(?:\d{{1,2}}日)?|{_words('from_when')})起|{_words('in_force')}"
)
# A title's clause that ends on a document's name, with what announces it after the name
# ("…信用修复工作指引来了→", "…认定指南来了", "一图读懂…支持政策"): the heads are extraction's
# policy-title heads of two or more characters (法 or 令 alone ends too many other words); a
# loose head (指南, 计划 …) only where the title announces or explains the document.
_CLAUSE_BREAK = re.compile(r"[，,。！!？?：:；;｜|→\s…—]+")
_ANNOUNCED = re.compile(rf"(?:{_words('announced')})+$")
_EXPLAINED = re.compile(_words("explainers"))
# A first sentence saying from when a rule applies: a month or day (or a relative time) before
# 起, then within a short clause a verb that puts a rule in force ("自12月1日起正式推行…机制").
_APPLIES_FROM = re.compile(
    rf"(?:\d{{1,2}}月(?:\d{{1,2}}日)?|{_words('from_when')})起[^。；，,]{{0,8}}?"
    rf"(?:{_words('take_effect')})"
)
# A title whose subject was chosen into a list or for an honour ("西青这些企业入围…榜单"): a
# subject before the verb, so a list's own release ("…名单公布") is not one, and no 拟 (proposed:
# the wording of a list's publicity, "关于拟入选…名单的公示").
_CHOSEN = re.compile(rf"[\u4e00-\u9fff]{{2}}(?<!拟)(?:{_words('chosen')})")
# The leader subject of a title ("区领导…", "办主要领导与…"), or an official named before a
# colon that opens what they said ("区委书记朱财斌：制造立区…": an interview).
_LEADER_SUBJECT = re.compile(_words("leader_subjects"))


@cache
def _titled_name() -> str:
    """An official's title (data/person_titles.txt, group 1) and a 2–3 character name."""
    return "(" + word_pattern("person_titles.txt").pattern + r")[\u4e00-\u9fff]{2,3}"


@cache
def _leader() -> re.Pattern[str]:
    """An official's title and name followed by what they do or a break."""
    return re.compile(
        _titled_name() + r"(?=[\d，、,。和与及等]|出席|主持|调研|考察|致辞"
        r"|讲话|指出|强调|介绍|宣布|会见|慰问|颁发|为|作|在|一行|带队|参加)"
    )


@cache
def _quoted_leader() -> re.Pattern[str]:
    """An official's title and name before the colon of a headline that quotes them."""
    return re.compile(_titled_name() + "[：:]")


@cache
def _document_heads() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Extraction's policy-title heads of two or more characters: (firm, loose)."""
    loose = named_list("brief_words.txt", "loose_heads")
    heads = [w for w in policy_heads() if len(w) >= 2]
    firm = [w for w in heads if w not in loose] + list(
        named_list("brief_words.txt", "document_compounds")
    )
    return tuple(firm), tuple(w for w in heads if w in loose)


@cache
def _top_titles() -> re.Pattern[str]:
    return trie_pattern(read_words("leader_ranks.txt"))


def lead(article: StoredArticle) -> str:
    """The opening of the body, where a news post names who and what."""
    return article.content[:LEAD_CHARS]


def leader_weight(text: str) -> float:
    """The officials named in `text`, weighted by rank (heads count more than others)."""
    weights = {}
    for match in _leader().finditer(text):
        top = _top_titles().fullmatch(match.group(1))
        weights[match.group()] = 2.0 if top else 1.0
    return sum(weights.values())


def is_notice(article: StoredArticle) -> bool:
    return article.kind in NOTICE_KINDS


def leads_an_event(article: StoredArticle) -> bool:
    """Leaders at work, meetings and events the account's institution holds.

    Doctype's `event` alone does not make one: it types every event so, a trade fair or a food
    carnival that firms attend as much as the bureau's meeting. Such a post is leaders' news
    when it names an official at work or its title names what an institution holds (a forum,
    a meeting, a training, a ceremony); otherwise it is the story of the firms and the trade it
    reports, as 上海经信委's editors file forum releases with no official named. A title's
    activity or launch (活动, 启动) is the institution's only where a body organises it in the
    title or first sentence: a district's volunteer month or outreach day is not its news."""
    opening = lead(article)
    if leaders_in_title(article.title):
        return True
    if leader_weight(opening) and _LEADER_ACTION.search(opening):
        return True
    if _EVENT_TITLE.search(article.title):
        return True
    if _ACTIVITY_TITLE.search(article.title):
        return any(map(organised_by_a_body, (article.title, *first_sentences(article))))
    return False


def organised_by_a_body(text: str) -> bool:
    """Whether a named public body organises something in `text` within one clause
    ("区发展改革委隆重组织…", "西青区人力资源和社会保障局与…联合举办"); a body's word inside
    another word is none (举办, 全部, 服务中心, 居委会)."""
    return bool(_ORGANISED.search(text))


def leaders_in_title(title: str) -> bool:
    """Whether a title reports the account's leaders at work: a named official's visit or a
    leaders' meeting, the leaders as its subject ("区领导…"), or an official quoted."""
    return bool(
        _LEADER_IN_TITLE.search(title)
        or _LEADER_SUBJECT.search(title)
        or _quoted_leader().search(title)
    )


def titles_a_document(title: str) -> bool:
    """Whether a clause of a title, without 《》, ends on a document's name ("…工作指引来了→",
    "一图读懂…支持政策") or says from when a rule applies ("下月起，…", "…正式执行")."""
    if _FROM_WHEN.search(title):
        return True
    firm, loose = _document_heads()
    explained = bool(_EXPLAINED.search(title))
    for clause in _CLAUSE_BREAK.split(title):
        name = _ANNOUNCED.sub("", clause)
        announced = explained or name != clause
        name = policy_core(name)
        if len(name) >= 4 and name.endswith(firm + (loose if announced else ())):
            return True
    return False


def carries_a_rule(article: StoredArticle) -> bool:
    """Whether a post is a rule's own text: RULE_ARTICLES or more numbered articles."""
    return len(set(_ARTICLE.findall(article.content))) >= RULE_ARTICLES


def names_a_document(title: str) -> bool:
    """Whether a title names a policy document ("发布《…实施办法》", "一文读懂《…清单》"): such
    a post is news of the document, whatever its genre, and readers look for it with the
    notices. The document names are extraction's (extract/notices.py, policy titles)."""
    return bool(policy_title_facts(title))


def first_sentences(article: StoredArticle) -> list[str]:
    """The sentence a post's text opens with, and the next paragraph's when the first is a
    letter's or a document's salutation ("…商户朋友们：", "各区人民政府，…："), read past."""
    opening = text_paragraphs(article)[:2]
    if opening and not _ADDRESSEE.search(opening[0]):
        opening = opening[:1]
    return [first[:FIRST_SENTENCE_CHARS].split("。")[0] for first in opening]


def releases_a_document(article: StoredArticle) -> bool:
    """Whether the first sentence of a post's text releases or puts in force a policy document
    named beside the verb ("…印发《…行动方案》", "《…操作细则》发布", "发布关于…的通知"): news
    of the document whose title does not name it. A document cited as grounds ("为贯彻落实《…》",
    "根据《…》") has no release verb beside it."""
    for sentence in first_sentences(article):
        for match in _RELEASED.finditer(sentence):
            named = match.group("doc") or match.group("before")
            if named.strip("《》").startswith("关于") or policy_title_facts(named):
                return True
    return False


def applies_from(article: StoredArticle) -> bool:
    """Whether a post's first sentence says from when a rule applies ("自12月1日起正式推行“信用
    代证”跨省互认机制", "6月28日起实施"), as a title may ("下月起，…": titles_a_document): news of
    the rule, whatever the title calls it."""
    return any(_APPLIES_FROM.search(sentence) for sentence in first_sentences(article))


def chosen_in_title(title: str) -> bool:
    """Whether a title reports its subject chosen into a list or for an honour ("西青这些企业入围
    天津民营经济百强榜单"): news of whom it names, not a notice of the list."""
    return bool(_CHOSEN.search(title))


def carries_a_document(article: StoredArticle) -> bool:
    """Whether a post is an official document posted in full: its first paragraph is the
    document's heading ("天津市人民政府关于…的通知") and one of the next two is whom it is
    addressed to ("各区人民政府，市政府各委、办、局："), as the national format for official
    documents (GB/T 9704-2012) lays them out; or its opening turns to what a notice sets out
    ("…现将有关事项公告如下：")."""
    head = paragraphs(article.content)[:3]
    headed = (
        len(head) >= 2
        and bool(_HEADING.fullmatch(head[0]))
        and any(_ADDRESSEE.search(p) for p in head[1:])
    )
    return headed or bool(_NOTICE_FORMULA.search(lead(article)))


def generic_section(article: StoredArticle) -> str:
    """通知公告 for notices and posts about a policy document (named in the title, or released
    in the first sentence), 要闻活动 for leaders and events (a meeting on a document is a
    meeting), 产业动态 for the rest.

    It depends on the title, kind and text alone and is kept for the posts seen last: a brief
    reads it for a post's heading, its score and its features."""
    return _generic_section(article.title, article.kind, article.content)


@lru_cache(maxsize=FEATURE_CACHE)
def _generic_section(title: str, kind: str, content: str) -> str:
    article = StoredArticle("", "", "", title, "", "", content, kind=kind)
    # a title on firms or bodies chosen into a list is their story, though doctype read the
    # list's release in it and its first sentence releases the list or report
    chosen = chosen_in_title(title)
    if is_notice(article) and not (chosen and kind == "release"):
        return NOTICES
    # a post that is the document itself, its numbered articles or its heading and addressee,
    # is the document's notice whatever its title's words (…官宣：启动时间、补贴标准)
    if carries_a_document(article) or carries_a_rule(article):
        return NOTICES
    if leads_an_event(article):
        return LEADERS
    if chosen:
        return INDUSTRY
    if names_a_document(article.title) or releases_a_document(article):
        return NOTICES
    if titles_a_document(article.title) or applies_from(article):
        return NOTICES
    return INDUSTRY


def paragraphs(text: str) -> list[str]:
    return [p.strip() for p in text.split("\n") if p.strip()]


MIN_TEXT_PARAGRAPH = 30  # shorter lines are captions, tag lines, bylines


def text_paragraphs(article: StoredArticle) -> list[str]:
    """The post's paragraphs of some length: where its text starts, past captions and tags."""
    return [p for p in paragraphs(article.content) if len(p) >= MIN_TEXT_PARAGRAPH]


def importance(article: StoredArticle, deadline: str = "") -> float:
    """How much a post matters to a reader: what to act on, leaders and institutions, firsts.

    News of a document (its generic section 通知公告 though doctype typed it news or a feature:
    a law posted in full, 一图读懂 of a policy) counts as a notice does: its title is its news,
    so a picture or a link for a body is no short note."""
    opening = lead(article)
    notice = generic_section(article) == NOTICES
    score = min(leader_weight(opening), 6.0)
    score += 1.0 if leaders_in_title(article.title) else 0.0
    score += 0.5 * min(len(_INSTITUTION.findall(opening)), 2)
    if article.kind in ACTION_KINDS:
        score += 2.0 + (1.5 if deadline else 0.0)
    elif notice:
        score += 1.5
    score += 0.5 * min(len(_NEWS_WORDS.findall(article.title)), 2)
    if any(_SERIES_INTRO.search(p) for p in paragraphs(article.content)[:3]):
        score -= 2.0  # a column's feature or interview, not this week's news
    first = next(iter(text_paragraphs(article)), "")
    score += 0.5 if _TIMELY_LEAD.search(first[:60]) else 0.0  # reports what just happened
    score -= 1.0 if _PROMOTION.search(article.title) else 0.0  # invites, does not report
    if article.kind == "feature" and not notice:
        score -= 1.0
    if len(article.content) < 200 and not notice:
        score -= 1.0
    return score


def found_cues(cand: Candidate) -> tuple[bool, ...]:
    """What extraction found in a post that a policy officer reads for: an industry named,
    several organisations, several figures, a document or document number cited."""
    found = cand.found
    return (
        found.get("entity:industry", 0) >= 1,
        found.get("entity:org", 0) >= SEVERAL,
        found.get("fact:figure", 0) >= SEVERAL,
        found.get("fact:policy_title", 0) + found.get("fact:doc_number", 0) >= 1,
    )


def cue_rarity(cands: Sequence[Candidate]) -> dict[str, tuple[float, ...]]:
    """Per account, how rare each found cue is among `cands` (1 - the share that carry it): a
    cue nearly every post of an account carries (an industry in an industry bureau's posts)
    says little about which of them matter; one few carry says much."""
    by_account: dict[str, list[tuple[bool, ...]]] = {}
    for cand in cands:
        by_account.setdefault(cand.article.account, []).append(found_cues(cand))
    return {
        account: tuple(1 - sum(column) / len(rows) for column in zip(*rows, strict=True))
        for account, rows in by_account.items()
    }


def archive_weight(cand: Candidate, rarity: Mapping[str, tuple[float, ...]]) -> float:
    """What the archive knows of a post beyond its text: the found cues, each weighted by its
    rarity in the account's posts of the period (twice FOUND_STEP for a cue half of them carry
    … none for one all carry), and how many other accounts published it. Generic briefs add it
    to `importance`; a learned brief's pick model is fitted on the account's posts alone."""
    weights = rarity.get(cand.article.account) or (0.5,) * 4
    found = sum(2 * FOUND_STEP * w for w, cue in zip(weights, found_cues(cand), strict=True) if cue)
    return found + CARRIED_STEP * min(len(cand.carried_by), CARRIED_MOST)


def features(article: StoredArticle) -> list[str]:
    """What the learned models see of a post: kind, generic section, column, cues.

    They depend on the title, kind and text alone, and are kept for the posts seen last:
    learning a profile refits its models once per held-out digest over the same posts.
    """
    return list(_features(article.title, article.kind, article.content))


@lru_cache(maxsize=FEATURE_CACHE)
def _features(title: str, kind: str, content: str) -> tuple[str, ...]:
    article = StoredArticle("", "", "", title, "", "", content, kind=kind)
    opening = lead(article)
    out = [f"kind:{article.kind or 'news'}", f"generic:{generic_section(article)}"]
    column = column_of(article.title)
    if column:
        out.append(f"column:{column}")
    if leader_weight(opening):
        out.append("leader")
    if _LEADER_IN_TITLE.search(article.title):
        out.append("leader-title")
    if _EVENT_TITLE.search(article.title):
        out.append("event-title")
    if _NEWS_WORDS.search(article.title):
        out.append("news-words")
    if _PROMOTION.search(article.title):
        out.append("promotion")
    if _INSTITUTION.search(opening):
        out.append("institution")
    if len(article.content) < 200:
        out.append("short")
    if any(_SERIES_INTRO.search(p) for p in paragraphs(article.content)[:3]):
        out.append("series")
    return tuple(out)
