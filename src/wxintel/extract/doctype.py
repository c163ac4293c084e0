"""What kind of post an article is, and which rule said so.

The title decides most posts (government accounts title notices formulaically); the body
confirms or upgrades the decision: a post that states a deadline for the reader to act by is
a call, a registration or a consultation according to what that deadline is for (申报, 报名,
反馈意见), even when its title only says 通知 or "…工作启动". The vocabularies live in
data/doctype_words.txt.
"""

from __future__ import annotations

import re
from functools import cache

from wxintel.extract import notices
from wxintel.model import ACTION_KINDS, NOTICE_KINDS, Article, Fact
from wxintel.nlp import gazetteer as gz
from wxintel.nlp.cndate import find_dates

# Every kind `classify` returns: the values a kind filter may take.
KINDS = (*NOTICE_KINDS, "digest", "event", "feature", "news", "stub")
# Each kind as a reader sees it, wherever a kind is shown in Chinese (pages, Markdown exports).
KIND_LABELS = {
    "call": "申报/征集",
    "registration": "报名",
    "consultation": "征求意见",
    "publicity": "公示",
    "release": "发布名单",
    "announcement": "通知公告",
    "digest": "一周要闻",
    "event": "活动",
    "feature": "专题/访谈",
    "news": "新闻",
    "stub": "仅标题",
}
# The parts of a rule `classify` names (joined by "+"), as a reader is told why a post is of
# its kind (an article's kind tooltip); "title:X" and "body:X" name the word that decided.
RULE_PARTS = {
    "notice": "标题为通知、公告",
    "title:notice": "标题为通知、公告",
    "deadline": "写明截止日期",
    "undated deadline": "写明办理时限",
    "period": "写明公示期",
    "personal": "面向个人",
    "closed": "已截止",
    "selected": "公布入选结果",
    "comment": "征求意见",
    "employers": "邀请用人单位报名",
    "stub": "仅存标题或摘要",
    "is_stub": "仅存标题或摘要",
}


def rule_in_chinese(rule: str) -> str:
    """Why a post is of its kind, in words a reader knows ("标题含“申报”；写明截止日期"), from
    the rule `classify` returned; empty for the fallback rule, which says nothing."""
    if rule in ("", "default"):
        return ""
    said = []
    for part in rule.split("+"):
        side, _, word = part.partition(":")
        if part in RULE_PARTS:
            said.append(RULE_PARTS[part])
        elif word and side in ("title", "body"):
            said.append(f"{'标题' if side == 'title' else '正文'}含“{word}”")
        else:
            said.append(f"含“{part}”")
    return "；".join(dict.fromkeys(said))


_QUESTION = re.compile(
    r"(?:啥|什么|如何|怎么|为何|为什么|哪些).{0,12}[？?]|[？?].{0,4}(?:啥|什么|如何|怎么)"
)
_RELEASE_DOC = re.compile(r"(?:发布|印发|公布)《[^》]*(?:名单|目录|清单|结果)[^》]*》")
_QUOTED = re.compile(r"《[^《》]*》")
# "征求…意见", "征询…意见", "征集…意见建议": a consultation's words around what it puts to
# comment; not 建议 alone ("征集2026年度重点项目建议" asks for project proposals: a call)
_SPLIT_CONSULTATION = re.compile(r"(?:征求|征询|征集)[^，,。！？!?]{1,30}?意见")
_NOTICE_TITLE = re.compile(
    r"关于.+的?(?:通知|公告|通告|函|决定|意见|批复|通报|提示)|"
    r"(?:通知|公告|通告|预通知|的函|提示)(?:[（(][^）)]*[)）])?[.。]?$|^(?:[^，,！!]{0,20})通知$"
)


@cache
def _words(name: str) -> re.Pattern[str]:
    """One named vocabulary of doctype_words.txt as a longest-match pattern."""
    return gz.trie_pattern(gz.named_list("doctype_words.txt", name))


def _find(name: str, text: str) -> re.Match[str] | None:
    return _words(name).search(text)


def _late_refusal() -> re.Pattern[str]:
    """A refusal of what comes late (late_refusal in deadline_windows.txt, which the deadline
    rules read too): in a deadline's own sentence, the notice asks by that day."""
    return gz.named_pattern("deadline_windows.txt", "late_refusal")


def classify(article: Article, facts: list[Fact]) -> tuple[str, str]:
    """(kind, rule): call, registration, consultation, publicity, release, announcement,
    digest, event, feature, news, stub."""
    title = article.title
    kinds = {f.kind for f in facts}
    has_deadline, has_period = "deadline" in kinds, "period" in kinds
    purpose = _final_purpose(facts)
    if has_deadline and not _is_notice_like(title) and _reported(article, facts):
        has_deadline = False  # "会议要求，各街镇于…前报送": a meeting's directive, news
    if article.is_stub:
        kind, rule = _notice_kind(title, has_deadline, has_period, purpose, "")
        return (kind, f"stub+{rule}") if kind else ("stub", "is_stub")
    if match := _find("digest_title", title):
        return "digest", f"title:{match.group()}"
    if _lists_others_calls(article, facts):
        return "digest", "body:issuers' deadlines"
    if match := _find("warning_title", title):
        return "news", f"title:{match.group()}"
    if not _upcoming(article, facts) and (match := _find("done_title", title)):
        # "…申报工作圆满完成", "…报名提前截止的通知": a report that the action is over asks
        # nothing, whatever past dates it quotes; a date still ahead ("第二批已截止及第三批
        # 申报的通知 … 4月30日前") is one more round to act on
        return _reported_kind(title), f"title:{match.group()}"
    enlisted = _find("recruitment_title", title) or _find("enlistment_title", title)
    if enlisted_rule := f"title:{enlisted.group()}" if enlisted else _unpaid_enlistment(article):
        event = _find("event_title", title)
        # an event, or a sign-up the title names ("招聘会用人单位报名通知"), or a recruitment word
        # whose head is 会 (招聘会): a fair where employers take stands, not a post to fill
        gathering = enlisted if enlisted and enlisted.group().endswith("会") else None
        stand = event or _find("registration_title", title) or gathering
        if stand and has_deadline and _employers_sign_up(article, facts, purpose):
            # "关于举办招聘对接会的通知 … 请有意参会的企业于1月9日前报名": firms take a stand
            return "registration", f"{enlisted_rule}+{stand.group()}+employers"
        return ("event" if event else "news"), enlisted_rule
    kind, rule = _notice_kind(title, has_deadline, has_period, purpose, article.content)
    if (
        kind in ACTION_KINDS
        and not (has_deadline or _is_notice_like(title))
        and _reports_close(article.content)
    ):
        # "…申报情况的说明 … 第一批申报已于5月29日截止，共受理42家": a call word in a news
        # title with no date to act by, over a body reporting the close, is a report of it
        return _reported_kind(title), f"{rule}+closed"
    if kind and not _standing_duty(article, kinds, rule):
        return kind, rule
    release = _find("release_title", title)
    if has_deadline and release and _for_the_selected(article, facts):
        # "关于…企业名单的公告 … 请入选企业于12月15日前完善信息": a result, its date for the chosen
        return "release", f"title:{release.group()}+selected"
    # a deadline for comments, votes, sign-ups or fees asks by itself ("请于…前反馈意见")
    asked = (
        _find("call_body", article.content)
        or _by_purpose(purpose, "") in ACTION_KINDS
        or any(
            _find("call_deadline_words", s) or _late_refusal().search(s)
            for s in _deadline_sentences(article, facts)
        )
    )
    if has_deadline and _is_notice_like(title) and asked:
        # "关于邀请参加…交易会的通知": taking part in an event is a registration.
        default = "registration" if _find("event_title", title) else "call"
        return _by_purpose(purpose, default), "notice+deadline"
    undated = [f for f in facts if f.kind == "stated_deadline" and not f.value.get("at")]
    undated = [f for f in undated if _requested(article.content, f)]
    if undated and _is_notice_like(title) and _find("call_body", article.content):
        # "请相关企业自收到通知之日起10个工作日内…填报": a notice's request with no day to show
        return _by_purpose(undated[0].value.get("for", ""), "call"), "notice+undated deadline"
    cutoff = _open_cutoff(article.content) if not has_deadline else None
    # a title asking to sign up ("…开始报名啦", "训练营第三期招募") counts as a notice's title
    # does; not one reporting the event held ("训练营圆满结束")
    action = _action_title(title, False) or ("", "")
    signup = action == ("registration", "报名") or (
        action[0] == "registration" and not _find("held_title", title)
    )
    if cutoff and (_is_notice_like(title) or signup) and _find("call_body", article.content):
        # "截止时间以系统关闭为准": a close the notice states without a day
        default = "registration" if _find("event_title", title) or signup else "call"
        return default, f"notice+{cutoff}"
    if _is_notice_like(title):
        if has_period:
            return "publicity", "notice+period"
        return "announcement", "title:notice"
    if match := _feature(title):
        return "feature", f"title:{match.group()}"
    event = _find("event_title", title)
    if has_deadline and _personal(article, facts, purpose):
        # "居民医保缴费期…至12月31日", "个人消费者应于…前申请": a reminder, not an action item;
        # news, not an event: its title's 启动 or 活动 names a programme, not a gathering
        return "news", f"body:{purpose}+personal"
    if has_deadline and (event or _by_purpose(purpose, "") in ACTION_KINDS):
        # "…推荐工作启动", "…活动（报名截止…）": the body asks the reader to act by a date;
        # an event word (启动) titles a call when the title names the work (推荐工作).
        event_only = event and not _find("weak_call_title", title)
        return _by_purpose(purpose, "registration" if event_only else "call"), f"body:{purpose}"
    if event:
        return "event", f"title:{event.group()}"
    return "news", "default"


def _notice_kind(
    title: str, has_deadline: bool, has_period: bool, purpose: str, text: str
) -> tuple[str, str]:
    """Kinds a title (with the deadline's purpose, and the body `text` where a 公示 asks for
    comment) decides: publicity, release, and the three kinds that ask the reader to act."""
    notice_like = _is_notice_like(title)
    if match := _find("publicity_title", title):
        comment = _by_purpose(purpose, "") == "consultation" and notices.publicity_comment(text)
        if has_deadline and comment:
            # "…规划草案公示 … 公示期间，社会公众可…提出意见建议": the public is asked to comment
            # by the window's end, as a consultation asks
            return "consultation", f"title:{match.group()}+comment"
        return "publicity", f"title:{match.group()}" + ("+period" if has_period else "")
    if match := _RELEASE_DOC.search(title):
        return "release", f"title:{match.group()[:2]}《…{_tail(match.group())}》"
    # "关于征求《…办法（修订稿）》意见的通知", "关于征求…政策修订意见的通知": what is put to
    # comment may stand inside the words
    consult = (
        _find("consultation_title", title)
        or _find("consultation_title", _QUOTED.sub("", title))
        or _SPLIT_CONSULTATION.search(title)
    )
    if consult and (has_deadline or notice_like) and not _find("held_title", title):
        word = consult.group()
        word = word if len(word) <= 6 else f"{word[:2]}…{word[-2:]}"  # 征求…意见
        return "consultation", f"title:{word}" + ("+deadline" if has_deadline else "")
    # A call word inside 《》 of a news title names a document ("…发布《企业名称申报指引》"),
    # not what the post asks; a notice's title (关于印发《…申报指南》的通知) keeps it.
    action = _action_title(title if notice_like else _QUOTED.sub("", title), notice_like)
    # "大赛获奖名单公布": an outcome's list, whatever its date asks of the winners
    if _find("outcome_title", title) and (release := _find("release_title", title)):
        return "release", f"title:{release.group()}"
    if action and has_deadline:
        kind, word = action
        # "关于遴选…专家库成员的公告 … 报名截止": a title naming a call (a call_title word, not
        # a weak one: `action` has ruled out registration words) and no event keeps it; the
        # date's 报名 or 反馈意见, the only purposes _by_purpose turns into another kind, is how
        # one applies
        named = kind == "call" and word not in _weak_call_titles()
        named = named and not _find("event_title", title)
        return (kind if named else _by_purpose(purpose, kind)), f"title:{word}+deadline"
    if action and (notice_like or (action[0] == "call" and not _not_a_call(title))):
        # A registration word alone (大赛, 招聘) titles news about a competition or a job fair
        # as often as a sign-up: without a deadline it needs a notice's title.
        kind, word = action
        return kind, f"title:{word}"
    if _feature(title) or (has_deadline and notice_like):
        return "", ""
    if match := _find("release_title", title):
        return "release", f"title:{match.group()}"
    return "", ""


def _action_title(title: str, notice_like: bool) -> tuple[str, str] | None:
    """(kind, word) when the title asks for applications or sign-ups."""
    if match := _find("registration_title", title):
        return "registration", match.group()
    if match := _find("call_title", title):
        return "call", match.group()
    if notice_like and (match := _find("weak_call_title", title)):
        return "call", match.group()
    return None


# A list item that opens with a body's name and a colon or in 【】 ("2.省科技厅：…",
# "（三）市商务局：…", "【省工信厅】…"): in a roundup each item is another body's call.
_ITEM_ISSUER = re.compile(
    r"\s*(?:\d{1,2}[.、．]|[（(][\d一二三四五六七八九十]{1,3}[)）]|[一二三四五六七八九十]{1,3}、)?"
    r"\s*(?:(?P<name>[^\s：:，,。；;、【】]{2,16})[：:]|【(?P<tag>[^【】]{2,16})】)"
)
# Distinct bodies whose own dated deadlines a post lists before it is a roundup, not a call: a
# call's schedule names at most the applicant, an intermediate level and the issuer itself.
# Written with one labelled post in view (extract_stress17 n13, its only fix: in-sample); it fires
# on none of the seven accounts' 1,444 posts (scripts/archive_diff.py).
_ROUNDUP_ISSUERS = 3


def _lists_others_calls(article: Article, facts: list[Fact]) -> bool:
    """The post's dated deadlines stand in list items that each open with a different body's
    name ("1.省工信厅：…认定，截止时间7月10日；2.市商务局：…"): a roundup of several bodies'
    calls, none of which the post itself makes. A name opening with 各 addresses a level
    (各区商务局), a stage of one call, not another issuer. A post with fewer dated deadlines
    than _ROUNDUP_ISSUERS is not scanned at all."""
    dated = [
        f for f in facts if f.kind == "stated_deadline" and f.value.get("at") and f.start < f.end
    ]
    if len(dated) < _ROUNDUP_ISSUERS:
        return False
    text = article.content
    ends = gz.named_list("notice_words.txt", "issuer_end")
    issuers = set()
    for fact in dated:
        line = text[text.rfind("\n", 0, fact.start) + 1 : fact.start]
        item = _ITEM_ISSUER.match(line)
        name = item and (item["name"] or item["tag"])
        if name and name.endswith(ends) and not name.startswith("各"):
            issuers.add(name)
    return len(issuers) >= _ROUNDUP_ISSUERS


def _upcoming(article: Article, facts: list[Fact]) -> bool:
    """A stated deadline falls on or after the publication day: the post still asks by it. A
    post with no publication day counts every dated deadline."""
    day = article.published[:10]
    return any(
        f.kind == "stated_deadline" and f.value.get("at") and f.value["at"][:10] >= day
        for f in facts
    )


def _reports_close(text: str) -> bool:
    """The body reports a close as passed (notices.closed_already: "已于5月29日截止"); its
    necessary words are looked for first, so most bodies skip reading every date."""
    return notices.may_report_close(text) and any(
        notices.closed_already(text, span.start, span.end)
        # where the dates stand; their year is not read
        for span in find_dates(text, notices.NO_DATE)
    )


def _reported_kind(title: str) -> str:
    """The kind of a post reporting an action over: a notice's title an announcement, an
    event's news an event, else news."""
    if _is_notice_like(title):
        return "announcement"
    return "event" if _find("event_title", title) else "news"


# A duty that recurs: "每月10日前报送上月数据", "每季度末前", "每年3月31日前". Its units must stay
# a superset of notices._RECURRING's (每年/每季度/每月 before a date), which keeps such a date
# from being a deadline: a post whose only dates recur then reaches _standing_duty.
_RECURRING_ASK = re.compile(
    r"每(?:个)?(?:月|季度|半年|年)(?:末|底|初|\d{1,2}月)?(?:\d{1,2}|[一二三四五六七八九十]{1,3})?[日号]?(?:之)?前"
)


def _standing_duty(article: Article, kinds: set[str], rule: str) -> bool:
    """A notice that reminds bodies of a duty that recurs ("请各重点用能单位于每月10日前在平台
    填报上月数据"), titled only by a weak call word (报送, 申请) and asking by no date of its own
    (`kinds`: the kinds of its facts): no call. A call titled 征集 or 申报 may take submissions
    month by month and stays one."""
    if {"deadline", "stated_deadline"} & kinds:
        return False
    weak = rule.removeprefix("title:") in _weak_call_titles()
    return weak and _RECURRING_ASK.search(article.content) is not None


@cache
def _weak_call_titles() -> frozenset[str]:
    return frozenset(gz.named_list("doctype_words.txt", "weak_call_title"))


def _by_purpose(purpose: str, default: str) -> str:
    """The action kind a deadline's purpose implies (报名 → registration, 反馈意见 →
    consultation), else `default`."""
    if purpose in gz.named_list("doctype_words.txt", "registration_purposes"):
        return "registration"
    if purpose in gz.named_list("doctype_words.txt", "consultation_purposes"):
        return "consultation"
    return default


def _personal(article: Article, facts: list[Fact], purpose: str) -> bool:
    """A stated deadline's sentence addresses individuals (personal_subjects) and the final
    one is for paying, filing or claiming, not for signing up, voting or commenting."""
    if purpose in gz.named_list("doctype_words.txt", "personal_purposes_kept"):
        return False
    return any(_find("personal_subjects", s) for s in _deadline_sentences(article, facts))


def _unpaid_enlistment(article: Article) -> str:
    """The rule "title:招募+body:无偿" when the title's sign-up word (registration_title) recurs
    in a body sentence that calls the service unpaid (unpaid_service): persons enlisted for a
    duty, as enlistment_title's volunteer drives; "" otherwise. The title is read first: few
    sign anyone up, so few bodies are read, and only the sentences that sign up."""
    signup = _find("registration_title", article.title)
    if signup is None:
        return ""
    text = article.content
    for found in re.finditer(re.escape(signup.group()), text):
        left, right = notices.sentence_bounds(text, found.start(), found.end())
        if unpaid := _find("unpaid_service", text[left:right]):
            return f"title:{signup.group()}+body:{unpaid.group()}"
    return ""


def _requested(text: str, fact: Fact) -> bool:
    """The clause of an undated deadline asks the reader in so many words (请, 务必): "项目单位
    应在资金下达后30日内…" in the rules a notice publishes binds, but asks nobody to act now."""
    return notices.asked_in_clause(text, fact.start)


def _employers_sign_up(article: Article, facts: list[Fact], purpose: str) -> bool:
    """The final deadline is a sign-up and its sentences address employers (a job fair's
    exhibitors), not job seekers."""
    if _by_purpose(purpose, "") != "registration":
        return False
    if any(_find("employer_subjects", s) for s in _deadline_sentences(article, facts)):
        return True
    # the title names the employers' sign-up ("…招聘会用人单位报名通知"), not "国有企业招聘"
    employers = _words("employer_subjects").finditer(article.title)
    return any(re.match(r"(?:参会|参展)?报名", article.title[m.end() :]) for m in employers)


def _for_the_selected(article: Article, facts: list[Fact]) -> bool:
    """Every stated deadline's sentence addresses those a result chose (selected_subjects)."""
    sentences = _deadline_sentences(article, facts)
    return bool(sentences) and all(_find("selected_subjects", s) for s in sentences)


def _reported(article: Article, facts: list[Fact]) -> bool:
    """Every stated deadline sits in a meeting's report of what it required
    (reported_directive: "会议要求，各街镇于…前报送")."""
    sentences = _deadline_sentences(article, facts)
    return bool(sentences) and all(_find("reported_directive", s) for s in sentences)


def _deadline_sentences(article: Article, facts: list[Fact]) -> list[str]:
    """The sentence around each dated deadline fact (one counted from an undated event, such
    as a letter's receipt, dates nothing the reader must meet on the board); a deadline read
    from the title (an empty span) has the title as its sentence."""
    text = article.content
    out = []
    for fact in facts:
        if fact.kind not in ("deadline", "stated_deadline"):
            continue
        if fact.kind == "stated_deadline" and not fact.value.get("at"):
            continue
        if fact.start == fact.end:  # read from the title: no sentence of the body holds it
            out.append(article.title)
            continue
        left = max(text.rfind(mark, 0, fact.start) for mark in "。！？\n") + 1
        ends = [at for mark in "。！？\n" if (at := text.find(mark, fact.end)) >= 0]
        out.append(text[left : min(ends, default=len(text))])
    return out


def _final_purpose(facts: list[Fact]) -> str:
    """What the applicant's final deadline is for, from its stated_deadline fact."""
    final = next((f.value for f in facts if f.kind == "deadline"), None)
    for fact in facts:
        if fact.kind == "stated_deadline" and fact.value.get("at") == final:
            return fact.value.get("for", "")
    return ""


def _open_cutoff(text: str) -> str:
    """A close the text states without a day (open_cutoff in deadline_windows.txt), else ""."""
    found = gz.named_pattern("deadline_windows.txt", "open_cutoff").search(text)
    return found.group() if found else ""


def _feature(title: str) -> re.Match[str] | None:
    return _find("feature_title", title) or _QUESTION.search(title)


def _not_a_call(title: str) -> bool:
    """News titles that mention a call word but report a training, meeting or explainer."""
    held = _find("held_title", title) and not _find("registration_title", title)
    return bool(_feature(title) or _find("not_a_call_title", title) or held)


def _is_notice_like(title: str) -> bool:
    if _NOTICE_TITLE.search(title):
        return True
    # an English notice's title opens with its kind ("Call for Applications: …")
    first = re.match(r"[A-Za-z]+", title.lstrip())
    return bool(first) and first.group() in _english_notice_heads()


@cache
def _english_notice_heads() -> frozenset[str]:
    return frozenset(gz.named_list("doctype_words.txt", "english_notice_title"))


def _tail(doc_title: str) -> str:
    found = _words("release_title").findall(doc_title)
    return found[-1] if found else ""
