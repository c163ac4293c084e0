"""What kind of post an article is, and which rule said so.

The title decides most posts (government accounts title notices formulaically); the facts
found in the body confirm or upgrade the decision: a notice that asks for something before a
deadline is a call even when its title only says 通知.
"""

from __future__ import annotations

import re

from wxintel.model import Article, Fact

NOTICE_KINDS = ("call", "publicity", "release", "announcement")
# Every kind `classify` returns: the values a kind filter may take.
KINDS = (*NOTICE_KINDS, "digest", "event", "feature", "news", "stub")

_DIGEST = re.compile(r"一周要闻|要闻速览|一周回顾|周报|月报|周刊|日报|月历|要闻汇总|一周速览")
_FEATURE = re.compile(
    r"一图(?:读懂|看懂|了解|呈现|速览)|图解|解读|专访|访谈|一文读懂|读懂|答记者问|问答|科普|"
    r"(?:啥|什么|如何|怎么|为何|为什么|哪些).{0,12}[？?]|[？?].{0,4}(?:啥|什么|如何|怎么)|"
    r"产业菁英|人物|故事"
)
_PUBLICITY = re.compile(r"公示")
_RELEASE_DOC = re.compile(r"(?:发布|印发|公布)《[^》]*(?:名单|目录|清单|结果)[^》]*》")
_CALL = re.compile(r"申报|征集|遴选|揭榜|报名|招募|评选|参赛|大赛|挑战赛|招标")
# Words that ask for submissions only inside a formal notice title ("关于申请…的函").
_WEAK_CALL = re.compile(r"申请|推荐工作|组织推荐|推荐申报|关于推荐|征求意见|意见征询|报送")
_OUTCOME = re.compile(r"结果|出炉|揭晓|公布|获奖|入选|表彰")
_HELD = re.compile(r"召开|举行|举办(?!.*(?:大赛|比赛|竞赛))|开幕|闭幕")
_NOT_A_CALL = re.compile(r"培训|直播|宣讲|解读|指南|课堂|政策明白纸")
_RELEASE = re.compile(r"名单|目录|榜单|结果|清单|发榜")
_NOTICE_TITLE = re.compile(
    r"关于.+的?(?:通知|公告|通告|函|决定|意见|批复|通报|提示)|"
    r"(?:通知|公告|通告|预通知|的函|提示)(?:[（(][^）)]*[)）])?[.。]?$|^(?:[^，,！!]{0,20})通知$"
)
_EVENT = re.compile(
    r"举办|举行|召开|开幕|闭幕|启幕|启动|论坛|峰会|大会|座谈会|研讨会|推介会|发布会|对接会|"
    r"博览会|交易会|展会|活动|会议|培训|直播|仪式|开班|签约|调研|考察|走访"
)
_CALL_BODY = re.compile(r"申报|报名|报送|上报|提交|征集|推荐|参赛|参展|遴选")


def classify(article: Article, facts: list[Fact]) -> tuple[str, str]:
    """(kind, rule): call, publicity, release, announcement, digest, event, feature, news, stub."""
    title = article.title
    kinds = {f.kind for f in facts}
    has_deadline, has_period = "deadline" in kinds, "period" in kinds
    if article.is_stub:
        kind, rule = _notice_kind(title, has_deadline, has_period)
        return (kind, f"stub+{rule}") if kind else ("stub", "is_stub")
    if match := _DIGEST.search(title):
        return "digest", f"title:{match.group()}"
    kind, rule = _notice_kind(title, has_deadline, has_period)
    if kind:
        return kind, rule
    if _NOTICE_TITLE.search(title):
        if has_deadline and _CALL_BODY.search(article.content):
            return "call", "notice+deadline"
        if has_period:
            return "publicity", "notice+period"
        return "announcement", "title:notice"
    if match := _FEATURE.search(title):
        return "feature", f"title:{match.group()}"
    if match := _EVENT.search(title):
        return "event", f"title:{match.group()}"
    return "news", "default"


def _notice_kind(title: str, has_deadline: bool, has_period: bool) -> tuple[str, str]:
    """Kinds a title alone can decide: publicity, release of a list, call for submissions."""
    notice_like = _is_notice_like(title)
    if match := _PUBLICITY.search(title):
        return "publicity", f"title:{match.group()}" + ("+period" if has_period else "")
    if match := _RELEASE_DOC.search(title):
        return "release", f"title:{match.group()[:2]}《…{_tail(match.group())}》"
    call = _CALL.search(title) or (notice_like and _WEAK_CALL.search(title))
    if call and has_deadline:
        return "call", f"title:{call.group()}+deadline"
    if _OUTCOME.search(title) and (release := _RELEASE.search(title)):
        return "release", f"title:{release.group()}"
    if call and (notice_like or not _not_a_call(title)):
        return "call", f"title:{call.group()}"
    if _FEATURE.search(title) or (has_deadline and notice_like):
        return "", ""
    if match := _RELEASE.search(title):
        return "release", f"title:{match.group()}"
    return "", ""


def _not_a_call(title: str) -> bool:
    """News titles that mention a call word but report a training, meeting or explainer."""
    return bool(_FEATURE.search(title) or _NOT_A_CALL.search(title) or _HELD.search(title))


def _is_notice_like(title: str) -> bool:
    return bool(_NOTICE_TITLE.search(title))


def _tail(doc_title: str) -> str:
    found = _RELEASE.findall(doc_title)
    return found[-1] if found else ""
