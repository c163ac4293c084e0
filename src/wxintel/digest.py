"""Briefs: what an editor would put in a weekly or daily digest, grouped the editors' way.

The account's editors publish 上海经信一周要闻 every Saturday, listing the posts of the seven
days before it under 要闻活动 / 通知公告 / 产业创新动态. A brief does the same from the store:
it drops what an editor drops (stubs, countdowns, greetings, earlier digests, reposts), sorts
each post into a section, ranks by what makes news (leaders, institutions, calls with
deadlines) and quotes the sentence that carries the news. Everything here but `build_brief`
is a pure function of plain data.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, Protocol

from jinja2 import Environment, select_autoescape

from wxintel.clean import is_pointer_line
from wxintel.links import markdown_target, safe_url
from wxintel.store import CALL_KINDS, StoredArticle

LEADERS = "要闻活动"
NOTICES = "通知公告"
INDUSTRY = "产业创新动态"
SECTIONS = (LEADERS, NOTICES, INDUSTRY)

EDITORS_WEEKDAY = 5  # Saturday: the digest goes out on Saturday with the posts of the 7 days before
WEEK_SECTION_LIMIT = 10  # the editors' longest section in the seed has 9 items
MIN_SECTION_LIMIT = 3
SUMMARY_CHARS = 150
SALUTATION_CHARS = (
    80  # "各区经委、有关企业：" addresses readers; a longer line ending in "：" is prose
)
LEAD_CHARS = 400  # leaders and institutions count when they appear in the opening
UNTITLED = "(无标题)"
# Briefs step a period back (the one before it) and pages step a month either way: days near
# the ends of the calendar (year 1, year 9999) would overflow, and no archive reaches them.
EARLIEST_DAY = date(1900, 1, 1)
LATEST_DAY = date(9998, 12, 31)

# -- what an editor leaves out -----------------------------------------------------------

_COUNTDOWN = re.compile(r"倒计时|还有\d+天")
_GREETING = re.compile(r"^(?:热烈庆祝|欢度|喜迎|恭贺|恭祝|祝福?|共庆)|快乐[！!]?$|佳节[！!]?$")
_DIGEST_TITLE = re.compile(r"一周要闻|要闻回顾|周报|每周要闻|[一本上]周回顾|一周速览|月度要闻")
_HOLIDAY_WORDS = re.compile(r"中秋|国庆|春节|元旦|端午|新年|佳节|成立\d+周年")

# -- which section -----------------------------------------------------------------------

_NOTICE_TITLE = re.compile(
    r"^关于.{2,}的(?:通知|公告|公示|通告|意见|函)|通知$|公告|公示|通告|名单|目录|评选结果|结果出炉"
    r"|征集|申报|遴选|揭榜|发榜|报名|注册已?开启|一图读懂|政策解读|办事指南|办法|细则|若干措施"
)
_OFFICIAL_TITLE = (
    r"(?:总书记|书记|副?市长|副?主任|副?部长|副?局长|副?区长|副?省长|总工程师|总经济师|秘书长"
    r"|巡视员|院士|副?主席|委员|常委|总裁|董事长)"
)
_LEADER = re.compile(
    "(" + _OFFICIAL_TITLE + r")[\u4e00-\u9fff]{2,3}(?=[\d，、,。和与及等]|出席|主持|调研|考察|致辞"
    r"|讲话|指出|强调|介绍|宣布|会见|慰问|颁发|为|作|在|一行|带队|参加)"
)
# Who leads matters: the city's and the ministry's heads outrank deputies and guests.
_TOP_TITLE = re.compile(r"^(?:总书记|书记|市长|部长|省长|主席)$")
_SENIOR_TITLE = re.compile(r"^(?:副市长|副部长|副省长|常委|副主席|院士|秘书长|主任)$")
_LEADER_ACTION = re.compile(r"出席|主持|调研|考察|致辞|讲话|会见|慰问|颁发|揭牌|启动仪式|见证")
_LEADER_IN_TITLE = re.compile(
    r"[\u4e00-\u9fff]{2,3}(?:调研|考察|出席|会见|主持|慰问)|(?:常务会议|党委会|推进会|座谈会"
    r"|工作会议|全体会议)"
)
_EVENT_TITLE = re.compile(
    r"论坛|大会|会议|峰会|座谈会|推进会|推介会|发布会|交流会|对接会|培训班|仪式|开幕|闭幕|举办|举行"
    r"|召开|活动|慰问|签约|启动"
)
_INSTITUTION = re.compile(
    r"(?:市|省|区|国家|中共)?[\u4e00-\u9fff]{0,12}(?:委员会|人民政府|政府|工作党委|党委|委|部|局|厅|办)"
    r"(?:主办|指导|联合|举办|召开|发布|组织|印发|公布)"
)
_OWN_INSTITUTION = re.compile(
    r"经济和信息化|经济信息化委|经信委|经信工作党委|工业和信息化部|工信部"
)

# -- what reads as news ------------------------------------------------------------------

_SERIES_INTRO = re.compile(r"^编者按|专栏|人物简介|人物报道|^问[:：]")
_NEWS_WORDS = re.compile(
    r"首个|首次|首台|首批|首款|首发|纪录|填补|突破|落地|发布|上市|并网|投产|获批|揭晓|新增|增长|增速"
    r"|第一|领先|全国|全球"
)
_TIMELY_LEAD = re.compile(r"近日|日前|昨天|昨日|今天|今日|最近|近期|本周|\d{1,2}月\d{1,2}日")
_PROMOTION = re.compile(r"预约|打卡|先睹为快|抢先知|一图呈现|攻略|逛|探营")
_COLUMN_SUFFIX = re.compile(r"\s*[｜|︱│丨]\s*[^｜|︱│丨]{1,24}$")
_NON_WORD = re.compile(r"[\W_]+", re.UNICODE)

# -- summaries ---------------------------------------------------------------------------

_SENTENCE = re.compile(r"[^。！？!?；;]+[。！？!?；;]*[”」』）)]?")
_SKIP_LINE = re.compile(
    r"^(?:来源|转载自|转自|资料来源|编者按|作者|记者|编辑|责编|审核|摄影|图片|视频|文字|供稿|通讯员"
    r"|原标题|本文|文\s*[/|｜]|图\s*[/|｜])|视频时长|欢迎转发|点赞|关注我们|扫码|二维码|↓|→$"
)
_DATELINE = re.compile(  # "新华社上海9月23日电", "本报讯（记者 …）"
    r"^[（(【]?[^，。（(]{0,16}?\d{1,2}月\d{1,2}日电[）)】]?\s*|^本报讯[（(][^）)]*[）)]\s*"
)
_DOC_HEADER = re.compile(r"(?:通知|公告|公示|通告|决定|办法|意见|通报|函)\s*$")
_REPORTER = re.compile(r"^[（(](?:记者|通讯员)[^）)]{1,30}[）)]\s*")


@dataclass(frozen=True)
class BriefItem:
    """One post in a brief: what it is, when, where to read it, and the news in its own words."""

    key: str
    id: str
    title: str
    url: str
    published: str  # YYYY-MM-DD
    summary: str
    deadline: str = ""
    contact: str = ""

    @property
    def heading(self) -> str:
        """The title as shown: an empty one would render as nothing at all."""
        return self.title.strip() or UNTITLED

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": self.id,
            "key": self.key,
            "title": self.title,
            "url": self.url,
            "published": self.published,
            "summary": self.summary,
        }
        if self.deadline:
            data["deadline"] = self.deadline
        if self.contact:
            data["contact"] = self.contact
        return data


@dataclass
class BriefSection:
    name: str
    items: list[BriefItem] = field(default_factory=list)


@dataclass
class Brief:
    """A digest of the posts published from `start` to `end` (both included)."""

    start: date
    end: date
    sections: list[BriefSection]

    @property
    def items(self) -> list[BriefItem]:
        return [item for section in self.sections for item in section.items]

    @property
    def title(self) -> str:
        if self.start == self.end:
            return f"每日要闻（{_cn_day(self.start)}）"
        return f"一周要闻（{_cn_day(self.start)}-{_cn_day(self.end)}）"

    def section_of(self, key: str) -> str | None:
        return next((s.name for s in self.sections for i in s.items if i.key == key), None)

    def to_json(self) -> dict[str, Any]:
        return {
            "from": self.start.isoformat(),
            "to": self.end.isoformat(),
            "sections": [
                {"name": s.name, "items": [i.to_json() for i in s.items]} for s in self.sections
            ],
        }


@dataclass
class Candidate:
    """A stored post with what the store knows about it that a brief needs."""

    article: StoredArticle
    facts: list[dict[str, Any]] = field(default_factory=list)
    near: frozenset[str] = frozenset()  # keys of near-duplicate posts


class BriefSource(Protocol):
    """The part of the store a brief reads."""

    def iter_articles(self, date_from: str | None = ..., date_to: str | None = ...) -> Any: ...
    def facts(self, key: str) -> list[dict[str, Any]]: ...
    def duplicates(self, key: str) -> list[dict[str, Any]]: ...


# -- periods -----------------------------------------------------------------------------


class PeriodError(ValueError):
    """A day a brief cannot be computed around; the message names the option given."""


def within_calendar(day: date, name: str) -> date:
    """`day` when briefs can be built around it, else PeriodError naming the option (`name`)."""
    if not EARLIEST_DAY <= day <= LATEST_DAY:
        raise PeriodError(
            f"{name} must be a day from {EARLIEST_DAY} to {LATEST_DAY}, not {day.isoformat()}"
        )
    return day


def period_before(start: date, end: date) -> tuple[date, date]:
    """The period of the same length just before `start`, cut at the calendar's first day."""
    span = end - start + timedelta(days=1)
    first = start - span if span <= start - date.min else date.min
    return first, start - timedelta(days=1)


def editors_week(day: date) -> tuple[date, date]:
    """The editors' week holding `day`: Saturday to Friday, as the Saturday digest covers it."""
    start = day - timedelta(days=(day.weekday() - EDITORS_WEEKDAY) % 7)
    return start, start + timedelta(days=6)


def digest_period(published: date) -> tuple[date, date]:
    """The posts an editors' digest published on `published` covers: the 7 days before it."""
    return published - timedelta(days=7), published - timedelta(days=1)


def section_limit(start: date, end: date) -> int:
    """Sections bounded by the period: ten items a week, fewer for a day."""
    days = (end - start).days + 1
    return max(MIN_SECTION_LIMIT, min(WEEK_SECTION_LIMIT, 3 + days))


# -- titles ------------------------------------------------------------------------------


def title_core(title: str) -> str:
    """A title as an editor quotes it: no column tag ("｜产业创新动态"), spacing or punctuation."""
    core = title.strip()
    stripped = _COLUMN_SUFFIX.sub("", core)
    if len(_NON_WORD.sub("", stripped)) >= 6:
        core = stripped
    return _NON_WORD.sub("", core).lower()


def is_digest(article: StoredArticle) -> bool:
    """An earlier digest (by kind or by a digest-like title)."""
    return article.kind == "digest" or bool(_DIGEST_TITLE.search(article.title))


def reads_as_notice(title: str) -> bool:
    """Calls, lists, results and policy releases announce themselves in the title."""
    return bool(_NOTICE_TITLE.search(_COLUMN_SUFFIX.sub("", title)))


def exclusion(article: StoredArticle) -> str | None:
    """Why an editor would leave this post out, or None when it may go in."""
    title = article.title
    if is_digest(article):
        return "digest"
    if article.duplicate_of:
        return "duplicate"
    if _COUNTDOWN.search(title):
        return "countdown"
    if _GREETING.search(title) and _HOLIDAY_WORDS.search(title):
        return "greeting"
    if article.lang and article.lang != "zh":
        return "language"
    if (article.is_stub or article.kind == "stub") and not reads_as_notice(title):
        return "stub"  # a notice's title is its news even when the body is a link
    return None


# -- sections and importance -------------------------------------------------------------


def lead(article: StoredArticle) -> str:
    """The opening of the body, where a news post names who and what."""
    return article.content[:LEAD_CHARS]


def leaders_in(text: str) -> int:
    """How many officials are named with their titles in `text`."""
    return len({m.group() for m in _LEADER.finditer(text)})


def leader_weight(text: str) -> float:
    """The officials named in `text`, weighted by rank (a mayor counts more than a deputy)."""
    weights = {}
    for match in _LEADER.finditer(text):
        title = match.group(1)
        weight = 3.0 if _TOP_TITLE.match(title) else 2.0 if _SENIOR_TITLE.match(title) else 1.0
        weights[match.group()] = weight
    return sum(weights.values())


def section_for(article: StoredArticle) -> str:
    """The editors' section: leaders' activities, notices, or industry and innovation news."""
    opening = lead(article)
    if article.kind in CALL_KINDS or reads_as_notice(article.title):
        return NOTICES
    leaders = leaders_in(opening)
    if _LEADER_IN_TITLE.search(article.title) or (leaders and _LEADER_ACTION.search(opening)):
        return LEADERS
    if _EVENT_TITLE.search(article.title) and _OWN_INSTITUTION.search(opening):
        return LEADERS
    return INDUSTRY


def importance(article: StoredArticle, deadline: str = "") -> float:
    """How strongly a post makes news: leaders and institutions, calls with deadlines, firsts."""
    opening = lead(article)
    score = min(leader_weight(opening), 6.0)
    score += 1.0 if _LEADER_IN_TITLE.search(article.title) else 0.0
    score += 0.5 * min(len(_INSTITUTION.findall(opening)), 2)
    score += 1.0 if _OWN_INSTITUTION.search(opening) else 0.0
    if article.kind in CALL_KINDS or reads_as_notice(article.title):
        score += 1.5 + (1.5 if deadline else 0.0)
    score += 0.5 * min(len(_NEWS_WORDS.findall(article.title)), 2)
    if _COLUMN_SUFFIX.search(article.title) and INDUSTRY in article.title:
        score += 1.0  # the account tags its own industry-news picks
    if any(_SERIES_INTRO.search(p) for p in paragraphs(article.content)[:3]):
        score -= 2.0  # a column's feature or interview, not this week's news
    first = next((p for p in paragraphs(article.content) if _informative(p)), "")
    score += 0.5 if _TIMELY_LEAD.search(first[:60]) else 0.0  # reports what just happened
    score -= 1.0 if _PROMOTION.search(article.title) else 0.0  # invites, does not report
    if article.kind == "feature":
        score -= 1.0
    if len(article.content) < 200 and not reads_as_notice(article.title):
        score -= 1.0
    return score


# -- summaries ---------------------------------------------------------------------------


def paragraphs(text: str) -> list[str]:
    return [p.strip() for p in text.split("\n") if p.strip()]


def _informative(paragraph: str) -> bool:
    """Prose that says something: not a pointer, source line, heading or salutation ("各单位：")."""
    if is_pointer_line(paragraph) or _SKIP_LINE.search(paragraph):
        return False
    if paragraph[-1] in "：:" and len(paragraph) <= SALUTATION_CHARS:
        return False
    words = _NON_WORD.sub("", paragraph)
    ends_like_prose = paragraph[-1] in "。！？!?；;”」）)…"
    return len(words) >= 30 or (len(words) >= 12 and ends_like_prose)


def summarise(content: str, title: str = "", limit: int = SUMMARY_CHARS) -> str:
    """One or two sentences quoted from the body: the first that carries news.

    Datelines, source lines, editor's notes (and the note after a lone "编者按"), pointers,
    headings and a notice's own header (its title again) are skipped; a long sentence is
    cut at a comma with an ellipsis, never rewritten.
    """
    core = title_core(title)
    skip_next = False
    for paragraph in paragraphs(content):
        if skip_next or _SERIES_INTRO.search(paragraph):
            skip_next = paragraph.rstrip("：:") == "编者按"
            continue
        if not _informative(paragraph) or _DOC_HEADER.search(paragraph):
            continue
        if core and core in title_core(paragraph):
            continue
        text = _REPORTER.sub("", _DATELINE.sub("", paragraph, count=1), count=1)
        sentences = [s.strip() for s in _SENTENCE.findall(text) if s.strip()]
        if not sentences:
            continue
        chosen = sentences[0]
        if len(chosen) < 40 and len(sentences) > 1 and len(chosen + sentences[1]) <= limit:
            chosen += sentences[1]
        return _cut(chosen, limit)
    return ""


def _cut(sentence: str, limit: int) -> str:
    if len(sentence) <= limit:
        return sentence
    head = sentence[:limit]
    comma = max(head.rfind("，"), head.rfind("、"), head.rfind(","))
    return (head[:comma] if comma >= limit // 2 else head) + "…"


# -- calls -------------------------------------------------------------------------------


def call_details(article: StoredArticle, facts: Sequence[Mapping[str, Any]]) -> tuple[str, str]:
    """A call's deadline and first contact ("name phone"), from its facts."""
    deadline = article.deadline or next(
        (str(f["value"]) for f in facts if f.get("kind") == "deadline" and f.get("value")), ""
    )
    if not deadline:
        period = next((f["value"] for f in facts if f.get("kind") == "period"), None)
        if isinstance(period, list) and period and period[-1]:
            deadline = str(period[-1])
        elif isinstance(period, Mapping) and period.get("end"):
            deadline = str(period["end"])
    contact = ""
    for fact in facts:
        value = fact.get("value")
        if fact.get("kind") == "contact" and isinstance(value, Mapping):
            contact = " ".join(str(value.get(k) or "") for k in ("name", "phone")).strip()
        elif fact.get("kind") == "phone" and value:
            contact = str(value)
        if contact:
            break
    return deadline, contact


# -- composing a brief -------------------------------------------------------------------


@dataclass
class _Ranked:
    candidate: Candidate
    section: str
    score: float
    deadline: str
    contact: str


def collapse_reposts(candidates: Sequence[Candidate]) -> list[Candidate]:
    """One post per story: same core title or near-duplicate text keep the richest copy."""
    kept: list[Candidate] = []
    by_title: dict[str, int] = {}
    by_key: dict[str, int] = {}
    for cand in candidates:
        core = title_core(cand.article.title)
        slot = by_title.get(core)
        if slot is None:
            slot = next((by_key[k] for k in cand.near if k in by_key), None)
        if slot is None:
            slot = len(kept)
            kept.append(cand)
        elif _richness(cand) > _richness(kept[slot]):
            kept[slot] = cand
        by_title[core] = slot
        by_key[cand.article.key] = slot
    return kept


def _richness(cand: Candidate) -> tuple[int, int]:
    return (0 if cand.article.is_stub else 1, len(cand.article.content))


def compose_brief(
    candidates: Iterable[Candidate],
    start: date,
    end: date,
    previous: Iterable[str] = (),
    limit: int | None = None,
) -> Brief:
    """Select, group and rank posts into a brief; `previous` are titles of last period's brief."""
    seen_before = {title_core(t) for t in previous}
    eligible = [
        c
        for c in candidates
        if exclusion(c.article) is None and title_core(c.article.title) not in seen_before
    ]
    ranked: list[_Ranked] = []
    for cand in collapse_reposts(eligible):
        deadline, contact = call_details(cand.article, cand.facts)
        section = section_for(cand.article)
        if section != NOTICES:
            deadline, contact = "", ""
        ranked.append(_Ranked(cand, section, importance(cand.article, deadline), deadline, contact))
    bound = limit or section_limit(start, end)
    sections = []
    for name in SECTIONS:
        chosen = sorted(
            (r for r in ranked if r.section == name),
            key=lambda r: (-r.score, r.candidate.article.published, r.candidate.article.key),
        )[:bound]
        sections.append(BriefSection(name, [_item(r) for r in chosen]))
    return Brief(start, end, sections)


def _item(ranked: _Ranked) -> BriefItem:
    article = ranked.candidate.article
    return BriefItem(
        key=article.key,
        id=article.id,
        title=_COLUMN_SUFFIX.sub("", article.title) or article.title,
        url=safe_url(article.url) or "",
        published=article.published[:10],
        summary=summarise(article.content, article.title),
        deadline=ranked.deadline,
        contact=ranked.contact,
    )


def candidates_from(store: BriefSource, start: date, end: date) -> list[Candidate]:
    """The posts of a period with their facts and near-duplicates, read from the store."""
    out = []
    for article in store.iter_articles(date_from=start.isoformat(), date_to=end.isoformat()):
        near = frozenset(d["key"] for d in store.duplicates(article.key))
        out.append(Candidate(article, store.facts(article.key), near))
    return out


def build_brief(
    store: BriefSource,
    start: date,
    end: date,
    exclude: Iterable[str] = (),
    limit: int | None = None,
) -> Brief:
    """The brief for `start`..`end` from the store; nothing repeated from the period before.

    `exclude` holds keys to leave out (the evaluation leaves out the editors' own digest).
    """
    skip = set(exclude)
    first, last = period_before(start, end)
    before = compose_brief(candidates_from(store, first, last), first, last, limit=limit)
    current = [c for c in candidates_from(store, start, end) if c.article.key not in skip]
    return compose_brief(current, start, end, [i.title for i in before.items], limit)


def recent_briefs(store: BriefSource, until: date, count: int = 8) -> list[Brief]:
    """The editors' weeks up to the one holding `until`, newest first (for a feed of briefs)."""
    start, _ = editors_week(until)
    weeks = [editors_week(start - timedelta(days=7 * n)) for n in range(count)]
    return [build_brief(store, first, last) for first, last in weeks]


# -- rendering ---------------------------------------------------------------------------


def _cn_day(day: date) -> str:
    return f"{day.month}月{day.day}日"


def render_json(brief: Brief) -> str:
    return json.dumps(brief.to_json(), ensure_ascii=False, indent=2)


def render_markdown(brief: Brief) -> str:
    """The brief as Markdown: one heading per non-empty section, one bullet per post."""
    lines = [f"# {brief.title}", ""]
    for section in brief.sections:
        if not section.items:
            continue
        lines += [f"## {section.name}", ""]
        for item in section.items:
            title = _md_escape(item.heading)
            link = safe_url(item.url)
            head = f"[{title}]({markdown_target(link)})" if link else title
            lines.append(f"- **{head}** ({item.published})")
            if item.summary:
                lines.append(f"  {_md_escape(item.summary)}")
            extra = _call_line(item)
            if extra:
                lines.append(f"  {_md_escape(extra)}")
        lines.append("")
    if not brief.items:
        lines += ["（本期无可收录的文章）", ""]
    return "\n".join(lines).rstrip("\n") + "\n"


def _call_line(item: BriefItem) -> str:
    parts = [
        f"截止：{item.deadline}" if item.deadline else "",
        f"联系：{item.contact}" if item.contact else "",
    ]
    return "；".join(p for p in parts if p)


def _md_escape(text: str) -> str:
    return re.sub(r"([\\`*_\[\]<>#|])", r"\\\1", " ".join(text.split()))


_HTML = Environment(autoescape=select_autoescape(default=True, default_for_string=True))
_HTML.globals["safe_url"] = safe_url
_HTML_BODY = _HTML.from_string(
    """<article class="brief">
<h1>{{ brief.title }}</h1>
{% for section in brief.sections if section.items %}<section>
<h2>{{ section.name }}</h2>
<ol>
{% for item in section.items %}<li>
<h3>
{%- if safe_url(item.url) %}<a href="{{ safe_url(item.url) }}" rel="noopener">{{ item.heading }}</a>
{%- else %}{{ item.heading }}{% endif -%}
</h3>
<p class="meta"><time datetime="{{ item.published }}">{{ item.published }}</time>
{%- if item.deadline %} · 截止：{{ item.deadline }}{% endif %}
{%- if item.contact %} · 联系：{{ item.contact }}{% endif %}</p>
{% if item.summary %}<p class="summary">{{ item.summary }}</p>{% endif %}
</li>
{% endfor %}</ol>
</section>
{% endfor %}{% if not brief.items %}<p>（本期无可收录的文章）</p>{% endif %}</article>"""
)
_HTML_PAGE = _HTML.from_string(
    """<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>{{ brief.title }}</title></head>
<body>{{ body }}</body></html>
"""
)


def render_html_fragment(brief: Brief) -> str:
    """The brief as an HTML <article> (for a page layout or a feed entry); text is escaped."""
    return _HTML_BODY.render(brief=brief)


def render_html(brief: Brief) -> str:
    """The brief as a standalone HTML page; article text is escaped, links only from the store."""
    from markupsafe import Markup

    return _HTML_PAGE.render(brief=brief, body=Markup(render_html_fragment(brief)))


def render(brief: Brief, fmt: str) -> str:
    """The brief in one of the formats `wxintel brief --format` offers."""
    renderers = {"md": render_markdown, "html": render_html, "json": render_json}
    if fmt not in renderers:
        raise ValueError(f"unknown brief format {fmt!r}; use one of {', '.join(renderers)}")
    return renderers[fmt](brief)


def brief_atom(briefs: Sequence[Brief], *, self_url: str, site_url: str) -> bytes:
    """An Atom feed with one entry per brief (newest first as given), the brief as HTML content."""
    from wxintel.feeds import finish_feed, new_feed, published_at

    feed = new_feed("wxintel: 要闻简报", self_url, site_url, "要闻活动 · 通知公告 · 产业创新动态")
    stamps = []
    for brief in briefs:
        when = published_at(brief.end.isoformat())
        stamps.append(when)
        entry = feed.add_entry(order="append")
        entry.id(f"urn:wxintel:brief:{brief.start.isoformat()}:{brief.end.isoformat()}")
        entry.title(brief.title)
        entry.link(
            href=f"{site_url.rstrip('/')}/brief?from={brief.start}&to={brief.end}",
            rel="alternate",
        )
        entry.updated(when)
        entry.published(when)
        entry.content(render_html_fragment(brief), type="html")
    return finish_feed(feed, stamps)
