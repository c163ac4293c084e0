"""Passages that may answer a question: posts from the search index, split into sentences,
each scored by how much of the question it (with its post's title) covers.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field, replace
from datetime import date
from functools import cache, cached_property
from typing import Any, NamedTuple

from wxintel import dates, settings
from wxintel.ask.question import (
    Pins,
    Question,
    as_of_days,
    days_in,
    grades_in,
    is_phrasing,
    ordinal_pattern,
    particles,
    read_question,
    rounds_in,
    word_starts,
    years_in,
)
from wxintel.ask.spans import issue_words, opens_with_reply
from wxintel.link.places import stored_places
from wxintel.nlp.cndate import find_dates
from wxintel.nlp.lexicon import data_text, read_lines
from wxintel.nlp.periods import DateFilter, take_dates, years_named
from wxintel.nlp.regions import relative_level
from wxintel.search import SearchQuery
from wxintel.search.query import PHRASE, WORD, Term
from wxintel.search.snippet import Highlighter
from wxintel.store import SQLStore

MIN_WEIGHT = 0.5  # a word in nearly every post still counts for something
RARE = 0.02  # a word in fewer than 2% of the posts is as telling as any rarer word
MAX_WEIGHT = -math.log(RARE)
# Share of the question's (weighted) words a sentence and its title must hold to be evidence.
# Below it the best sentence is about something else and guessing would mislead.
MIN_COVERAGE = settings.number("ask_min_coverage")
POSTS = settings.count("ask_posts")  # the answer is nearly always in the first few hits
_UNIT_END = re.compile(r"[。！？!?；;\n]")
_SHORT_UNIT = 16  # a unit this short ("联系电话：", "二、新址：") is read with the next one
# How much a question word counts when the sentence itself does not hold it. A post answers
# in the context it sets: a heading or lead-in line just before the sentence ("放假时间安排如
# 下：" before "共8天"), the title, or elsewhere in the post (the address line at the foot of a
# notice about the event asked for) — each further from the sentence, so each counts less.
NEAR_SHARE = 0.8  # in the sentence just before
TITLE_SHARE = 0.7  # in the post's title
POST_SHARE = 0.5  # elsewhere in the post
PART_SHARE = 1.0  # a word no post found writes: for the share of its characters written
_OWN_YEAR = re.compile(
    r"(?<!\d)((?:19|20)\d{2})(?:\s*年(?!\s*\d{1,2}\s*月)|(?=[\u4e00-\u9fff])(?!年))"
)
_ANY_YEAR = re.compile(r"(?<!\d)(?:19|20)\d{2}\s*年")
# a day of the month with no month before it (17日下午): a weather notice's days, a range's end
_BARE_DAY = re.compile(r"(?<![0-9月.])(3[01]|[12][0-9]|[1-9])\s*日")


@dataclass
class Post:
    """One retrieved post with what scoring needs of it."""

    key: str
    id: str
    account: str
    title: str
    published: str
    content: str
    rank: int
    facts: list[dict[str, Any]]
    reprinted_from: str = ""  # the 来源/转载自 line cleaning read off the post
    # the district (or county) its account was learned to be of (link.places: 河西区), which
    # a post writing 我办 or 我区 is about without naming it
    home: str = ""

    @cached_property
    def spans(self) -> tuple[tuple[int, int], ...]:
        """The content's sentence spans (`units`), split once: a question reads a post's
        sentences again and again (each passage checked as a heading, each pinned round's
        sentence), 48 splits a question over 12 posts, a third of ask's own time at 12k."""
        return units(self.content)

    @cached_property
    def lead(self) -> str:
        """The title and first sentence: what the post says it is about."""
        return self.title + "".join(self.content[a:b] for a, b in self.spans[:1])

    @property
    def day(self) -> date:
        return dates.day_of(self.published) or dates.today()

    @cached_property
    def days(self) -> frozenset[tuple[int, int]]:
        """The (month, day) of every day the title and content name, read once a post; a day
        of the month written alone (预计17日下午至18日下午, under no month) as (0, day)."""
        text = self.title + "\n" + self.content
        bare = {(0, int(m.group(1))) for m in _BARE_DAY.finditer(text)}
        return frozenset(days_in(text, self.day)) | bare

    def names_day(self, day: tuple[int, int]) -> bool:
        """The post writes the (month, day) `day`, or that day of the month alone."""
        return day in self.days or (0, day[1]) in self.days


@dataclass
class Passage:
    """A sentence (or a label line and its value) and how much of the question it covers."""

    post: Post
    start: int
    end: int
    coverage: float
    local: float = 0.0  # the coverage of the sentence and the one before it alone
    # where the sentence holds the question's words: (start, end, term, weight)
    anchors: tuple[tuple[int, int, int, float], ...] = ()
    held: frozenset[int] = frozenset()  # question words in the sentence or the one before
    covered: frozenset[int] = frozenset()  # question words anywhere in the post or its title
    # "title" when the passage is the post's title (start and end are then offsets in it): a
    # title states facts as a sentence does (天津招聘社区工作者！西青区37人) and is quotable
    field: str = "content"

    @property
    def source(self) -> str:
        """The text the passage's offsets are in: the post's content, or its title."""
        return self.post.title if self.field == "title" else self.post.content

    @property
    def text(self) -> str:
        return self.source[self.start : self.end]

    @property
    def in_content(self) -> tuple[int, int]:
        """Where the passage stands in the post's content: a title stands before all of it."""
        return (self.start, self.end) if self.field == "content" else (0, 0)


@dataclass
class Retrieved:
    """The posts found for a question, its parsed words, and how much each word says."""

    posts: list[Post]
    terms: list[Term]  # the question's words, as search parsed them
    weights: list[float]  # per term: rarer in the archive, more telling (weigh)
    # posts search left out for the question's date words: never evidence, but they show
    # what the archive holds on the question in another year (see `about_another_pin`)
    elsewhere: list[Post] = field(default_factory=list)


@cache
def anaphor_pattern() -> re.Pattern[str]:
    """该 before a noun of data/anaphor_nouns.txt: a sentence pointing back at a named thing."""
    lines = read_lines(data_text("anaphor_nouns.txt"))
    nouns = sorted({w.strip() for line in lines for w in line.split("|") if w.strip()})
    return re.compile("该(?:" + "|".join(map(re.escape, nouns)) + ")")


def asks(content: str, span: tuple[int, int]) -> bool:
    """The unit content[a:b] is a question (a FAQ's Q line): it answers nothing itself."""
    return content[span[1] - 1] in "？?"


def units(content: str) -> tuple[tuple[int, int], ...]:
    """Sentence spans of `content`, stripped; a very short one is joined to the next one."""
    spans: list[tuple[int, int]] = []
    position = 0
    for m in [*_UNIT_END.finditer(content), None]:
        end = m.end() if m else len(content)
        piece = content[position:end]
        lead = len(piece) - len(piece.lstrip())
        a, b = position + lead, position + len(piece.rstrip())
        if b > a:
            spans.append((a, b))
        position = end
    joined: list[tuple[int, int]] = []
    for a, b in spans:
        short_before = joined and joined[-1][1] - joined[-1][0] <= _SHORT_UNIT
        # a short bracketed aside (（wyqxyb@163.com）) belongs to the sentence it follows
        aside = joined and content[a] in "（(" and content[b - 1] in "）)" and b - a <= 32
        if short_before or aside:
            joined[-1] = (joined[-1][0], b)
        else:
            joined.append((a, b))
    return tuple(joined)


# Date words count from this day when their period does not depend on it (2025年); a relative
# one (今年, 去年) names another period from another day.
_FAR_DAY = date(2000, 1, 1)
# A relative period at least a quarter long (今年, 今年上半年, 一季度) is what posts report on in
# their own year (今年上半年…同比增长 of a 2025 post read in 2026), so the filter says nothing of
# it; a shorter one (四月, 上周) still narrows to when it was posted (四月直播预告).
_A_QUARTER = 89
_A_MONTH = 30  # days a period spans, its first and last apart
_REPORT_DAYS = 31  # how long after a day or month its report may come out


def scoped(scope: SearchQuery | None, text: str, limit: int) -> SearchQuery:
    """A search for `text` within the filters of `scope` (the accounts, kinds, dates, tags of
    a search page or of `ask --account --from --to`), ranked by relevance from the first hit,
    its matches not counted into facets (an answer shows none)."""
    if scope is None:
        return SearchQuery(text=text, limit=limit, facets=False)
    return replace(
        scope, text=text, limit=limit, offset=0, sort="relevance", facets=False, relax_dates=False
    )


def retrieve(
    store: SQLStore, question: Question, limit: int = POSTS, scope: SearchQuery | None = None
) -> Retrieved:
    """The top posts for the question's topic, with their facts, the parsed topic terms and
    their weights; only posts within the filters of `scope` when one is given."""
    index = store.search_index()
    parsed = index.parser.parse(question.topic)
    if parsed.message() is not None:
        return Retrieved([], [], [])
    kept = [t for t in parsed.terms if not is_phrasing(t.text)]
    words = [_unglued(index, t) for t in kept]
    text = question.topic
    # 时候, 哪天: not what the posts are about; 的香 of 新通车的香海道: a particle glued on
    if kept and (len(kept) < len(parsed.terms) or words != [t.text for t in kept]):
        text = " ".join(
            f'"{t.text}"' if t.kind == PHRASE and w == t.text else w
            for t, w in zip(kept, words, strict=True)
        )
        parsed = index.parser.parse(text)
    hits = list(store.search(scoped(scope, text, limit)).hits)
    # relative words count from the day search counts them from (the scope's --as-of day,
    # else today, or the archive's newest post when that is older: SearchIndex.as_of), so
    # the posts search kept for 上个月 and the period ask reads are one; a month without a
    # year is the scope's latest such month, as search reads it (periods.month_day)
    newest = dates.day_of(index.newest(scope.accounts if scope else ()))
    asked_on, _ = index.as_of(scope or SearchQuery(text=text))
    dated = take_dates(text, asked_on, newest)
    seen = {hit.key for hit in hits}
    added, elsewhere = _undated_hits(store, question, text, dated, seen, limit, scope)
    # 今年, 去年: when the asker is, which search reads as a date filter; a post writes its own
    # year its own way (2025年, or 今年 a year later), so the word is no topic to find
    period_words = dated[1].words if dated[1] is not None else ()
    spoken = {w for w in period_words if not any(c.isdigit() for c in w)}
    terms = [t for t in parsed.terms if t.text not in spoken] or list(parsed.terms)
    # an unglued word weighs what the question's word as cut did (人是 → 人: the asker's word,
    # however the segmenter cut it, says as much of what is asked)
    glued = {w: t for t, w in zip(kept, words, strict=True) if w != t.text}
    weights = [weigh(index.matching_share(glued.get(t.text, t))) for t in terms]
    people = question.type == "person"
    homes = bool(question.pins.districts)
    return Retrieved(
        _posts(store, hits + added, people=people, homes=homes),
        terms,
        weights,
        _posts(store, elsewhere, with_facts=False, homes=homes),
    )


# Function words (助词 的 了 着, 连词 和 与 及, 介词 在 把 被 给 到, 副词 都 也) that a segmenter
# glues onto a word beside them in a spoken question (新通车的香海道: 的香; 对标的纸质: 标的)
_GLUE = "的了着是和与及在把被给到都也"


def _unglued(index: Any, term: Term) -> str:
    """A word of the question without a function word glued at its edge, when the segmenter
    guessed the word as cut (no word of its dictionary: 的香, 出的, 票的, 铺是); else the word
    as cut (目的, 报到, 有关 are words)."""
    text = term.text
    if term.kind not in (WORD, PHRASE) or len(text) < 2:
        return text
    if (text[0] not in _GLUE and text[-1] not in _GLUE) or index.parser.segmenter.is_known(text):
        return text
    rest = text[1:] if text[0] in _GLUE else text
    return rest[:-1] if len(rest) > 1 and rest[-1] in _GLUE else rest


def _characters(word: str) -> frozenset[str]:
    """The characters of `word` that are not particles on their own (的, 有)."""
    return frozenset(c for c in word if c not in particles() and not c.isspace())


def _posts(
    store: SQLStore,
    hits: list[Any],
    with_facts: bool = True,
    people: bool = False,
    homes: bool = False,
) -> list[Post]:
    """The hits' posts in rank order (a duplicate is read as its original's hit); with
    `people`, the people extraction named in each post join its facts (kind "person"); with
    `homes`, each post knows its account's own district (a query per account, read only by a
    district pin)."""
    posts = []
    home: dict[str, str] = {}
    for rank, hit in enumerate(hits):
        article = store.get(hit.key)
        if article is None or article.duplicate_of:
            continue
        if article.account not in home:
            home[article.account] = own_district(store, article.account) if homes else ""
        posts.append(
            Post(
                key=article.key,
                id=article.id,
                account=article.account,
                title=article.title,
                published=article.published,
                content=article.content,
                rank=rank,
                facts=(store.facts(article.key) if with_facts else [])
                + (_people(store, article.key) if people else []),
                reprinted_from=article.reprinted_from,
                home=home[article.account],
            )
        )
    return posts


def own_district(store: SQLStore, account: str) -> str:
    """The district (or county) the account's posts were learned to be of, else ""."""
    places = stored_places(store.conn, account)
    return places.get("区") or places.get("县") or ""


@cache
def own_words() -> tuple[str, ...]:
    """Words a body writes for itself or its own district (我办, 我区: data/own_words.txt)."""
    lines = read_lines(data_text("own_words.txt"))
    return tuple(w.strip() for line in lines for w in line.split("|") if w.strip())


_BODY_WINDOW = 8  # characters segmented on each side of a level character


def names_own_body(text: str, home: str) -> bool:
    """Whether `text` names a body by the level of `home` alone (找到了区政务服务办 in a post of
    an account of 河西区), as an account of that level writes its own district's bodies: the
    level character starts a word as the segmenter cuts the text around it (not the end of a
    place's name, 西青区政府) and a body follows it (regions.relative_level: not 区域, 县城)."""
    level = home[-1:]
    for at in (i for i, char in enumerate(text) if char == level):
        left = max(0, at - _BODY_WINDOW)
        if at - left not in word_starts(text[left : at + _BODY_WINDOW]):
            continue
        if relative_level(text[at : at + _BODY_WINDOW]) == level:
            return True
    return False


def _people(store: SQLStore, key: str) -> list[dict[str, Any]]:
    """The people named in a post (a name after a title: 副主任陈美琪), as facts with spans."""
    return [
        {"kind": "person", "text": m["surface"], "start": m["start"], "end": m["end"]}
        for m in store.mentions(key)
        if m["kind"] == "person"
    ]


def _undated_hits(
    store: SQLStore,
    question: Question,
    text: str,
    dated: tuple[str, Any],
    seen: set[str],
    limit: int,
    scope: SearchQuery | None = None,
) -> tuple[list[Any], list[Any]]:
    """Hits search left out for the question's date words: those ranked after its own, and
    the rest. Search reads 2026年 or 今年 in a query as a filter on when posts were published;
    a question's date words say what a post is about. A relative word for a quarter or longer
    (今年, 今年上半年) counts from the asker's day, not from the post, so every hit it left out may
    answer; for a year (2026年) only a post whose title states it does (a plan for 2026
    published in 2025): the others, published in another year, are what the filter rightly
    kept out. `pinned_ok` still checks every post."""
    rest, period = dated  # take_dates(text, as_of, newest), read once by retrieve
    if period is None:
        return [], []
    relative = take_dates(text, _FAR_DAY)[1] != period and _days(period) >= _A_QUARTER
    wider = " ".join([rest.strip(), *question.pins.years]).strip()
    if not wider:
        return [], []
    found = [hit for hit in store.search(scoped(scope, wider, limit)).hits]
    years = question.pins.years
    titled = {hit.key for hit in found if years and all(y in hit.title for y in years)}
    reports = not relative and bool(years) and question.type != "deadline"
    news = not relative and question.type != "deadline"
    unread = [
        hit.key
        for hit in found
        if hit.key not in seen
        and hit.key not in titled
        and ((reports and _looks_back(hit, years)) or (news and _just_after(hit, period)))
    ]
    bodies = store.texts(unread) if unread else {}
    added = [
        hit
        for hit in found
        if hit.key not in seen
        and (
            relative
            or hit.key in titled
            or _reports_on(bodies.get(hit.key), years, hit)
            or (news and _tells_of(bodies.get(hit.key), period, hit))
        )
    ]
    taken = seen | {hit.key for hit in added}
    return added, [hit for hit in found if hit.key not in taken]


def _just_after(hit: Any, period: DateFilter) -> bool:
    """The hit was published in the REPORT_DAYS after a period of a day to a month the
    question names: news of a day's meeting comes out the next day, of a month's figures in
    the weeks after, so a filter on when posts were published leaves the report out."""
    if period.start is None or period.end is None or _days(period) > _A_MONTH:
        return False
    published = dates.day_of(hit.published)
    return published is not None and 0 < (published - period.end).days <= _REPORT_DAYS


def _tells_of(body: str | None, period: DateFilter, hit: Any) -> bool:
    """The body of a hit published just after the period (see _just_after) writes a day
    within it (6月30日 in a post of 7月1日): a report on it, not a later story."""
    if body is None or not _just_after(hit, period):
        return False
    published = dates.day_of(hit.published) or dates.today()
    days = (date.fromisoformat(found.iso[:10]) for found in find_dates(body, published))
    return any(period.start <= day <= period.end for day in days)


def _looks_back(hit: Any, years: tuple[str, ...]) -> bool:
    """The hit was published after every year asked: only such a post can be a report on
    them (see _reports_on)."""
    published = dates.day_of(hit.published)
    return published is not None and all(published.year > int(y) for y in years)


def _reports_on(body: str | None, years: tuple[str, ...], hit: Any) -> bool:
    """The body of a hit published after every year asked (read only for those, see
    _looks_back) writes each of them, by its number or by a relative word counted from when the
    hit was published: a report looking back on that year (到了2024年，…项目仅用了5天 in a 2025
    post; 2024年9月，统计法完成第三次修改 in a 2026 one; 去年，中拉贸易额首次突破5000亿美元 in a
    speech of 2025), which the filter on when posts were published leaves out. A post
    published before the year writes it as a plan, which only its title vouches for (see
    above). A report tells what happened that year; when to act is asked of the year's own
    notices, so a deadline question reads no report (2024年度 tax returns are due in 2025: a
    post of 2025 on another return's 2024年度 deadline is no answer)."""
    if body is None:
        return False
    named = years_named(body, dates.day_of(hit.published))
    return all(y in body or int(y) in named for y in years)


def _days(period: DateFilter) -> int:
    """How many days a period spans (0 when it is open at one end)."""
    if period.start is None or period.end is None:
        return 0
    return (period.end - period.start).days


def _year_stated(year: str, post: Post, passage: str) -> bool:
    """The post is about `year`: in its title, in the passage (by its number, or by a relative
    word counted from the post's day: 去年 in a post of 2025 is 2024), or as a year of its own
    (2025年度, 2025年的) rather than as part of a date (2024年12月26日)."""
    if year in post.title or year in passage or int(year) in years_named(passage, post.day):
        return True
    if post.day.year > int(year):
        # a post looking back on the year (a five-year review, 2024年…630亿元 beside 2025's
        # figures) speaks of it where it writes it; its other sentences are of other years
        return False
    if re.search(rf"{year}\s*年(?!\s*\d{{1,2}}\s*月)", post.content):
        return True
    # a post that writes no year at all (放假安排: 10月1日-10月8日) is about its own year
    if post.published.startswith(year) and not _ANY_YEAR.search(post.title + post.content):
        return True
    # and so is a day the passage names without a year (2月19日，…召开信用业务培训会), read
    # as the day of that year nearest the post, however the rest of the post looks back
    return any(not d.has_year and d.value.year == int(year) for d in find_dates(passage, post.day))


def _round_ok(pin: tuple[str, float], post: Post, start: int, end: int) -> bool:
    """The passage content[start:end] is about round `pin` (("批", 2) for 第二批): the passage,
    the sentence before it or the title states that round, or the last round of that unit the
    post states up to the passage's end is it (a 第二批 heading governs what follows it). A
    post that names 第二批 once in passing, beside the 首批 it reports, answers nothing about
    the 第二批 (the 首批 sentence is governed by 首批). A round is read with 第 or without
    (`rounds_in`): 第四期 in the post is the 四期 asked, and 四期 the 第四期."""
    unit, value = pin
    before = max((a for a, b in post.spans if b <= start), default=start)
    near = post.title + post.content[before:end]
    if any((u, v) == pin for u, v, *_ in rounds_in(near, unit)):
        return True
    stated = [v for u, v, *_ in rounds_in(post.content[:end], unit) if u == unit]
    if stated:
        return stated[-1] == value
    return False


def pinned_ok(pins: Pins, post: Post, passage: str, start: int = -1, end: int = -1) -> bool:
    """False when the post is about another year, batch or district than the question.
    `start` and `end` place the passage in the post's content (a batch is read where it
    stands); without them the passage is found by its text."""
    if any(not _year_stated(year, post, passage) for year in pins.years):
        return False
    own = set(_OWN_YEAR.findall(passage))  # 2025首届…博览会, 2025年度: not a date's year
    if pins.years and own and not own & set(pins.years):
        return False
    rounds = pins.ordinals + pins.editions
    if rounds:
        if start < 0:
            start = max(0, post.content.find(passage))
            end = start + len(passage)
        if not all(_round_ok(pin, post, start, end) for pin in rounds):
            return False
    if pins.districts:
        text = post.title + post.content
        for district in pins.districts:
            if district in text or district[:-1] in text:
                continue
            # 到我办交流学访 in a post of 河西政务服务, an account of 河西区
            if district != post.home or not (
                any(w in text for w in own_words()) or names_own_body(text, district)
            ):
                return False
    for names, siblings in pins.contrasts:
        # the sentence, or the post's title and first sentence, name a sibling and not the pin
        for text in (passage, post.lead):
            if not any(n in text for n in names) and any(other in text for other in siblings):
                return False
    if pins.as_of:
        # 截至9月11日…累计114款 is no answer for the figure counted to 10月11日
        stated = {day for day, _ in as_of_days(passage)}
        if stated and not stated & set(pins.as_of):
            return False
    for grade in pins.grades:
        # the sentence names the unit's other grades only (50亿级 for 百亿级); a title may name
        # a post's headline grade (打造千亿级…) above the sentences on the others
        named = [g for g in grades_in(passage) if g[1] == grade[1]]
        if named and grade not in named:
            return False
    return True


def evidence_ok(pins: Pins, passage: Passage) -> bool:
    """The passage may be taken as evidence: `pinned_ok`, and its post writes every day the
    question names (3月30日开始的那一轮). A post naming no such day is no evidence, but that says
    nothing of what else it is about, so `pinned_out` asks `pinned_ok` alone."""
    post = passage.post
    return pinned_ok(pins, post, passage.text, *passage.in_content) and all(
        post.names_day(day) for day in pins.days
    )


def year_before(pins: Pins, text: str, start: int, at: int) -> bool:
    """The year a span at `at` stands under in its passage text[start:...] is not the one the
    question pins: the last year of its own the passage writes before the span (到2027年…完成
    大模型备案100个，…远期至2030年…: 100个 is 2027's, whatever the sentence says of 2030).
    A passage writing no year before the span says nothing here (pinned_ok reads the post)."""
    if not pins.years:
        return False
    years = _OWN_YEAR.findall(text, start, at)
    return bool(years) and years[-1] not in pins.years


def title_pins_conflict(pins: Pins, post: Post) -> bool:
    """The title names another year than the question asks for (2025年度 against 2024年度)."""
    if not pins.years:
        return False
    titled = years_in(post.title)
    return bool(titled) and not set(pins.years) & set(titled)


def weigh(share: float) -> float:
    """What a word says about what is asked, by how few posts hold it (inverse document
    frequency): 征集 (4% of posts) outweighs 材料 (19%) and 单位 (20%). Any word rarer than
    RARE is as telling as words get, so one odd token of the segmenter (版要 from 纸质版要交)
    cannot outweigh the rest of the question; a word no post holds counts as such a word."""
    return min(MAX_WEIGHT, max(MIN_WEIGHT, -math.log(share))) if share > 0 else MAX_WEIGHT


def content_terms(question: Question, terms: list[Any]) -> list[int]:
    """Indexes of the terms that say what the question is about: not its interrogative
    phrasing, nor its year or round (2025, 第二批), which pinned_ok checks on the post. A
    district stays: pinned_ok only asks that the post name it, and a post about several
    districts (天津市部分区…241名; its title: 西青区37人) answers for the district asked in the
    sentence that names it."""
    pinned = set(question.pins.years)
    kept = []
    for i, term in enumerate(terms):
        text = term.text
        if is_phrasing(text) or text in pinned or ordinal_pattern().fullmatch(text):
            continue
        if text == "年" and question.pins.years:
            continue
        if question.type == "date" and text in issue_words():
            continue  # 哪天印发: which date is asked (the 落款), not what the notice says
        kept.append(i)
    return kept or list(range(len(terms)))


def post_shares(question: Question, retrieved: Retrieved, found: list[Passage]) -> list[float]:
    """The share of the question's (weighted) words each passage's post holds anywhere, title
    or text: what a question describing a post (那篇讲重阳节习俗和重阳诗词的…出自哪家媒体) is
    matched against, since no one sentence of the post says all it describes. The question's
    words and their total are read once for all the passages."""
    wanted = content_terms(question, retrieved.terms)
    total = sum(retrieved.weights[i] for i in wanted)
    if not total:
        return [0.0 for _ in found]
    return [sum(retrieved.weights[i] for i in wanted if i in p.covered) / total for p in found]


def passages(question: Question, retrieved: Retrieved, every_year: bool = False) -> list[Passage]:
    """Every sentence of the posts, scored by coverage of the question's words, best first.

    A word the sentence lacks still counts, for less, when the sentence before it, the title
    or the rest of the post holds it (NEAR_SHARE, TITLE_SHARE, POST_SHARE). The title is a
    passage too, scored as a sentence with no sentence before it; at equal scores a sentence of
    the content goes first (it is what the title announces, with its context). A post whose
    title names another year than the question is left out unless `every_year`.
    """
    posts, terms = retrieved.posts, retrieved.terms
    if not terms:
        return []
    wanted = content_terms(question, terms)
    weights = {i: retrieved.weights[i] for i in wanted}
    total = sum(weights.values())
    highlighter = Highlighter(terms)
    read = []
    for post in posts:
        if not every_year and title_pins_conflict(question.pins, post):
            continue
        in_title = {m.term for m in highlighter.matches(post.title)} & weights.keys()
        spans = post.spans
        matched = [
            [m for m in highlighter.matches(post.content[a:b]) if m.term in weights]
            for a, b in spans
        ]
        read.append((post, in_title, spans, matched))
    # words none of the posts found writes: the archive says them in other words (市场份额 for
    # 市场占有率, 海外 for 国外), so a sentence counts each for the share of its characters it
    # writes; a word some post writes is the archive's own, and a sentence holds it or not
    held = set().union(*(t | {m.term for u in ms for m in u} for _, t, _, ms in read))
    unwritten = {i: _characters(terms[i].text) for i in weights.keys() - held}

    def partly(text: str) -> float:
        """The weight of the unwritten words a text holds in part (by their characters)."""
        return sum(
            weights[i] * sum(c in text for c in chars) / len(chars)
            for i, chars in unwritten.items()
            if chars
        )

    out: list[Passage] = []
    for post, in_title, spans, matched in read:
        found = [{m.term for m in unit} for unit in matched]
        in_post = set().union(*found) if found else set()
        if post.title.strip():
            title_anchors = [m for m in highlighter.matches(post.title) if m.term in weights]
            local = sum(weights[i] for i in in_title) + PART_SHARE * partly(post.title)
            score = local + POST_SHARE * sum(weights[i] for i in in_post - in_title)
            out.append(
                Passage(
                    post,
                    0,
                    len(post.title),
                    score / total,
                    local / total,
                    tuple((m.start, m.end, m.term, weights[m.term]) for m in title_anchors),
                    frozenset(in_title),
                    frozenset(in_post | in_title),
                    field="title",
                )
            )
        for n, (a, b) in enumerate(spans):
            here = found[n]
            if n and asks(post.content, spans[n - 1]) and opens_with_reply(post.content[a:b]):
                # Q11.…可以参与抽奖吗？ A：不可以。: a bare reply has no words of its own; the
                # question line it answers is what it says
                here = here | found[n - 1]
            near = (found[n - 1] if n else set()) - here
            if anaphor_pattern().search(post.content, a, b):
                # 该企业于4月7日完成…: 该 points back at what the post named before
                near |= set().union(*found[:n]) - here
            local = sum(weights[i] for i in here) + NEAR_SHARE * sum(weights[i] for i in near)
            local += PART_SHARE * partly(post.content[a:b])
            rest = in_title - here - near
            score = local + TITLE_SHARE * sum(weights[i] for i in rest)
            score += POST_SHARE * sum(weights[i] for i in in_post - here - near - rest)
            anchors = tuple((a + m.start, a + m.end, m.term, weights[m.term]) for m in matched[n])
            out.append(
                Passage(
                    post,
                    a,
                    b,
                    score / total,
                    local / total,
                    anchors,
                    frozenset(here | near),
                    frozenset(in_post | in_title),
                )
            )
    out.sort(key=lambda p: (-p.coverage, -p.local, p.post.rank, p.field == "title", p.start))
    return out


class Reading(NamedTuple):
    """A question as ask reads it: the question, the posts retrieved, their passages ranked."""

    question: Question
    retrieved: Retrieved
    ranked: list[Passage]


def read_for(store: SQLStore, text: str, scope: SearchQuery | None = None) -> Reading:
    """Read `text`, retrieve its posts (within `scope`) and rank their passages: what every
    answer starts from, in one place so an evaluation measuring the reading does it once."""
    question = read_question(text)
    retrieved = retrieve(store, question, scope=scope)
    return Reading(question, retrieved, passages(question, retrieved))
