"""Call threads: every post of one programme round (the call, local notices passing it on, its
extension, shortlist, results and money), linked by what identifies a round.

Identity is the programme's name with the wording of what a notice does removed, its year,
batch (第N批) and level (国家/省/市/区). Posts of another year, batch or level never join, however
alike their wording; a post that cites the round's notice by title, or shares its document
number in the same year, joins even when worded differently (news of a shortlist). A notice
is no later stage of another notice: it joins a round only by a name that swaps no subject of
the round's (`sibling`), and a title it cites joins it only when its own name is alike too.
"""

from __future__ import annotations

import difflib
import json
import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache, lru_cache
from typing import Any

from wxintel import dates, settings
from wxintel.link.post import Post
from wxintel.model import NOTICE_KINDS
from wxintel.nlp.cndate import find_dates
from wxintel.nlp.gazetteer import data_lines, read_words
from wxintel.store.readmodels import MAX_ROW_ID
from wxintel.store.sql import PAGE, chunks, marks

NAME_SIMILAR = settings.number("thread_name_similar")
CITED_SIMILAR = settings.number("thread_cited_similar")
# below both, a name's similarity passes none of _match's tests: no need to ask if it is a sibling
_COUNTS = min(NAME_SIMILAR, CITED_SIMILAR)
# Each stage as the pages and the CLI name it (one map beside the stages, as KIND_LABELS is)
STAGE_LABELS = {
    "notice": "申报通知",
    "extension": "延期",
    "correction": "更正",
    "supplement": "补充通知",
    "shortlist": "拟入选公示",
    "result": "结果公布",
    "funding": "资金下达",
    "other": "相关",
}
MOVING_STAGES = ("extension", "correction", "supplement")  # stages that may move the deadline
STARTING_KINDS = ("call", "publicity")  # a call or a 公示 opens a round; news only joins one
# stages whose notice, once joined to the call whose deadline it moved, is no row of its own on
# the board (the call's row shows the new deadline and 已延期/已提前; the notice stays on the
# call's thread): every stage that may move it. A 补充通知 that only adds requirements moves no
# deadline, enters no deadline history and so stays a row (CLOSING-8: one that moves the date
# folds as 延期 and 更正 do).
FOLDING_STAGES = MOVING_STAGES
STARTING_STAGES = ("extension", "correction", "supplement", "shortlist", "result", "funding")

_CN_DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九十")}
_YEAR = re.compile(r"(20\d{2})(?:\s*[-—至~]\s*20\d{2})?\s*(?:年度?|(?!\d))")
_BATCH = re.compile(r"[（(]?\s*第\s*([一二三四五六七八九十\d]+)\s*批\s*[）)]?")
_BOOK = re.compile(r"《([^《》]{6,80})》")
_SEGMENTS = re.compile(r"[！!｜|→？?]+")
_LEVELS = (  # the most local level named wins: a district round of a city fund is local
    # a place's 区 or 市, not 园区/社区/示范区 or 城市/都市/市场
    ("district", re.compile(r"[\u4e00-\u9fff]{2}(?<![园社范景])区|区级|县级")),
    ("city", re.compile(r"[\u4e00-\u9fff]{2}(?<![城都超])市(?!场)|市级")),
    ("provincial", re.compile(r"[\u4e00-\u9fff]{2,3}省|省级|自治区")),
    ("national", re.compile(r"国家级|全国|国家|国务院|[\u4e00-\u9fff]{1,6}部(?![门分])")),
)
_ISSUER_LEVELS = (
    ("national", re.compile(r"部$|部\s|国务院|国家")),
    ("provincial", re.compile(r"省|厅")),
    ("city", re.compile(r"市")),
    ("district", re.compile(r"区|县")),
)
# the cue of a notice that moves a deadline: an extension's (延长至) or a correction's (更正为,
# 更改为, 修改为: the `moved` words of data/deadline_windows.txt that correct a date)
_MOVED_TO = re.compile(r"(?:延期|延长|推迟|顺延|调整|变更)(?:至|到|为)|(?:更正|更改|修改)为")
MOVED_DATE_WITHIN = 30  # characters after the cue where the new date must start
_CLAUSE_ENDS = ("，", ",", "。", "；", ";", "：", ":", "\n", "\r")
_NOT_NAME = re.compile(r"[^\u4e00-\u9fffA-Za-z0-9]+")


@cache
def _stage_rules() -> tuple[tuple[str, re.Pattern[str]], ...]:
    rules = []
    for line in data_lines("thread_stages.txt"):
        stage, pattern = line.split("\t", 1)
        rules.append((stage, re.compile(pattern)))
    return tuple(rules)


@cache
def _name_words() -> re.Pattern[str]:
    words = sorted(read_words("thread_name_words.txt"), key=len, reverse=True)
    return re.compile("|".join(re.escape(w) for w in words))


@dataclass(frozen=True)
class Identity:
    """What names one programme round."""

    name: str
    year: int | None
    batch: int | None
    level: str


def stage_cue(title: str) -> str | None:
    """The stage a title announces, or None when it names no stage of a call's life."""
    for stage, pattern in _stage_rules():
        if pattern.search(title):
            return stage
    return None


def identity(title: str) -> Identity:
    """The programme round a post's title names."""
    segment = max(_SEGMENTS.split(title), key=len).strip()
    book = _BOOK.search(segment)
    if book and len(book.group(1)) >= len(segment) / 3:
        segment = book.group(1)  # "关于转发《X》的通知": the round is X's
    issuer, _, rest = segment.rpartition("关于")
    core = rest if rest.strip() else segment
    year_match = _YEAR.search(core) or _YEAR.search(title)
    batch_match = _BATCH.search(core) or _BATCH.search(title)
    bare = _BATCH.sub("", _YEAR.sub("", core))
    bare = re.sub(r"\d{1,2}\s*月\s*\d{1,2}\s*日|[上下]午\s*\d{1,2}[:：]\d{2}", "", bare)
    name = _NOT_NAME.sub("", _name_words().sub("", bare))
    level = _level(_NOT_NAME.sub("", bare), issuer)
    return Identity(
        name=name,
        year=int(year_match.group(1)) if year_match else None,
        batch=_number(batch_match.group(1)) if batch_match else None,
        level=level,
    )


def _level(text: str, issuer: str) -> str:
    for level, pattern in _LEVELS:
        if pattern.search(text):
            return level
    for level, pattern in _ISSUER_LEVELS:
        if issuer and pattern.search(issuer):
            return level
    return ""


def _number(text: str) -> int:
    if text.isdigit():
        return int(text)
    if text.startswith("十"):
        return 10 + _CN_DIGITS.get(text[1:], 0) if len(text) > 1 else 10
    if "十" in text:
        tens, _, ones = text.partition("十")
        return _CN_DIGITS.get(tens, 0) * 10 + _CN_DIGITS.get(ones, 0)
    return _CN_DIGITS.get(text, 0)


def similarity(a: str, b: str) -> float:
    """Dice coefficient of two names' character bigrams."""
    x, y = _bigrams(a), _bigrams(b)
    if not x or not y:
        return 0.0
    return 2 * len(x & y) / (len(x) + len(y))


@lru_cache(maxsize=1 << 16)
def _bigrams(name: str) -> frozenset[str]:
    """A name's character bigrams, kept: a post is compared with hundreds of thread names."""
    return frozenset(name[i : i + 2] for i in range(len(name) - 1))


def sibling(a: str, b: str) -> bool:
    """The two names are one frame with another subject in it (软信服务业企业融资需求 and
    制造业企业融资需求; 参加澳中博览会 and 参加境外展会): where they differ, each has a word
    (SUBJECT_CHARS or more) the other has not. A round's own notices name its subject alike,
    adding a place or a step (闵行区, 培训) or dropping one; a call that puts a sector, a fair or
    a programme where the round has another is a sibling call of one issuer, not its stage."""
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    return any(
        op == "replace" and i2 - i1 >= SUBJECT_CHARS and j2 - j1 >= SUBJECT_CHARS
        for op, i1, i2, j1, j2 in matcher.get_opcodes()
    )


SUBJECT_CHARS = 2  # the shortest subject two names swap: one word; 一 for 二 or 省 for 市 is none


def compatible(a: Identity, b: Identity) -> bool:
    """Nothing known of the two rounds tells them apart (year, batch, level)."""
    return all(
        x is None or x == "" or y is None or y == "" or x == y
        for x, y in ((a.year, b.year), (a.batch, b.batch), (a.level, b.level))
    )


@dataclass
class _Thread:
    id: int
    identity: Identity
    names: set[str]
    numbers: set[str]


def link_threads(conn: Any, posts: Iterable[Post]) -> int:
    """Put each post that belongs to a call's life into its round's thread; posts threaded."""
    known = _Known(conn)
    threaded = 0
    for post in posts:
        conn.execute("DELETE FROM thread_members WHERE article = ?", (post.row_id,))
        cue = stage_cue(post.title)
        starts = post.kind in STARTING_KINDS or cue in STARTING_STAGES
        if cue is None and not starts:
            continue
        ident = identity(post.title)
        if len(ident.name) < 2:
            continue
        numbers = {c for c in post.cites if _is_doc_number(c)}
        cited_names = {identity(c).name for c in post.cites if not _is_doc_number(c)}
        stage = cue if cue not in (None, "notice") else _notice_or_other(post.kind)
        thread = _match(
            known.candidates(ident.name, numbers, cited_names),
            ident,
            numbers,
            cited_names,
            notice=stage == "notice",
        )
        if thread is None and cue in MOVING_STAGES:
            thread, ident = _match_moved(known, post.content, ident, numbers)
        if thread is None:
            if not starts:
                continue
            cur = conn.execute(
                "INSERT INTO threads(name, year, batch, level) VALUES (?, ?, ?, ?) RETURNING id",
                (ident.name, ident.year, ident.batch, ident.level),
            )
            thread = _Thread(int(cur.fetchall()[0][0]), ident, set(), set())
            known.add(thread)
        known.grow(thread, ident.name, numbers)
        thread.identity = _merged(thread.identity, ident)
        conn.execute(
            "UPDATE threads SET year = ?, batch = ?, level = ? WHERE id = ?",
            (thread.identity.year, thread.identity.batch, thread.identity.level, thread.id),
        )
        deadline = post.deadline
        if stage in MOVING_STAGES:
            deadline = moved_deadline(post.content, post.published) or deadline
        conn.execute(
            "INSERT INTO thread_members(article, thread, stage, name, cites, deadline)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (
                post.row_id,
                thread.id,
                stage,
                ident.name,
                json.dumps(sorted(numbers), ensure_ascii=False),
                deadline,
            ),
        )
        threaded += 1
    return threaded


def _match_moved(
    known: _Known, content: str, ident: Identity, numbers: set[str]
) -> tuple[_Thread | None, Identity]:
    """An extension whose title leaves the programme out ("关于延长2026年度专项资金申报时间的
    通知") joins the round its body names where it moves the date ("2026年度滨海试验区数字化转型
    专项资金申报截止时间延长至…"), read as a title is; the same rules decide (name, year,
    batch, level)."""
    named = moved_subject(content)
    if not named:
        return None, ident
    body = _merged(identity(named), ident)
    if len(body.name) < 2:
        return None, ident
    thread = _match(known.candidates(body.name, numbers, set()), body, numbers, set())
    return (thread, body) if thread is not None else (None, ident)


def moved_subject(content: str) -> str:
    """What a notice says it moves: the clause before its first 延长至/推迟到/调整为 cue
    (from the last comma, stop or line break before it), or ''."""
    for cue in _MOVED_TO.finditer(content):
        start = max(content.rfind(mark, 0, cue.start()) for mark in _CLAUSE_ENDS) + 1
        clause = content[start : cue.start()].strip()
        if clause:
            return clause
    return ""


def moved_deadline(content: str, published: str) -> str:
    """The date an extension moves a deadline to ("截止时间延长至2025年7月4日17:00"), or ''."""
    ref = dates.day(published) if published else dates.today()
    for cue in _MOVED_TO.finditer(content):
        for found in find_dates(content[cue.end() : cue.end() + MOVED_DATE_WITHIN], ref):
            if found.start <= 2:  # the date follows the cue directly
                value = found.value
                if isinstance(value, datetime):
                    return value.isoformat(timespec="minutes")
                return value.isoformat()
    return ""


def _notice_or_other(kind: str) -> str:
    """A post that names no later stage: the call itself, or news and events around it."""
    return "notice" if kind in NOTICE_KINDS else "other"


def _is_doc_number(text: str) -> bool:
    return bool(re.search(r"[〔\[［(（]\d{4}[〕\]］)）]\s*\d+\s*号$", text))


class _Known:
    """The threads a post may join, found through the thread_keys table (each thread's name
    bigrams, names and document numbers, as "=name" and "#number"): a post is compared with
    the threads that could score above zero (a bigram of its name shared, a cited title or a
    document number in common), read from the tables when first met, not with every thread of
    the archive, which was read and indexed in memory by every ingest before (0.7 CPU-s of
    1,000 new posts into the 100k archive, growing with the archive). The candidates come in
    thread id order, the order threads were made in, so the same one wins. A thread a post
    leaves keeps that post's keys: the candidates are then more than needed, never fewer."""

    def __init__(self, conn: Any) -> None:
        self.conn = conn
        self._threads: dict[int, _Thread] = {}  # the threads read or made in this batch

    def add(self, thread: _Thread) -> None:
        """A thread just made, with no member yet: its keys are stored as members join
        (`grow`)."""
        self._threads[thread.id] = thread

    def grow(self, thread: _Thread, name: str, numbers: set[str]) -> None:
        """`thread` takes in a member's name and document numbers; only a name or number it
        did not hold adds keys (a held one's keys are stored already)."""
        new_names, new_numbers = {name} - thread.names, numbers - thread.numbers
        thread.names |= new_names
        thread.numbers |= new_numbers
        if new_names or new_numbers:
            _store_keys(self.conn, thread.id, new_names, new_numbers)

    def candidates(self, name: str, numbers: set[str], cited: set[str]) -> list[_Thread]:
        """The threads that could win `_match`: those holding a cited name or a document
        number, and those with a name that may reach NAME_SIMILAR with `name`."""
        keys = {f"={n}" for n in {name} | cited} | {f"#{number}" for number in numbers}
        found: set[int] = set()
        for chunk in chunks(sorted(keys)):
            found.update(
                row[0]
                for row in self.conn.execute(
                    f"SELECT DISTINCT thread FROM thread_keys WHERE key IN ({marks(len(chunk))})",
                    chunk,
                )
            )
        found |= self._similar_names(name)
        unread = sorted(found - self._threads.keys())
        for chunk in chunks(unread):
            self._threads.update((thread.id, thread) for thread in _load(self.conn, chunk))
        return [self._threads[thread] for thread in sorted(found)]

    def _similar_names(self, name: str) -> set[int]:
        """The threads with a name that may reach NAME_SIMILAR with `name` (exact filters).

        A Dice of t over bigram sets x and y needs |x & y| >= t|x| / (2 - t) (`shared`), so a
        name sharing that many shares one of any |x| - shared + 1 of them: those of the rarest
        among the threads (a prefix), so a thread met through common ones (申报, 项目) only is
        never a candidate. Sharing one of them is not enough, though: at 369,500 posts a name
        met 430 threads that way, each read with its members and compared. A thread is kept
        when its keys hold `shared` of the name's bigrams, counting each bigram held by more
        than GRAM_READ threads as held: a bound, never below the true count, so no thread that
        can win is left out. The bigrams' threads are read once, in one query, and counted.
        """
        grams = sorted(_bigrams(name))
        if not grams:
            return set()
        rows = self.conn.execute(
            f"SELECT key, thread FROM thread_keys WHERE key IN ({marks(len(grams))})", grams
        ).fetchall()
        held = Counter(key for key, _ in rows)
        grams.sort(key=lambda g: (held[g], g))
        # the float margin only ever lowers the bound, so more is probed, never less
        shared = max(1, math.ceil(NAME_SIMILAR * len(grams) / (2 - NAME_SIMILAR) - 1e-9))
        prefix = set(grams[: len(grams) - shared + 1])
        read = {g for g in grams if g in prefix or held[g] <= GRAM_READ}
        assumed = len(grams) - len(read)
        met = {thread for key, thread in rows if key in prefix}
        hits = Counter(thread for key, thread in rows if key in read and thread in met)
        return {thread for thread in met if hits[thread] + assumed >= shared}


# Threads a name bigram may be held by and still be counted in a candidate's shared bigrams
# (`_Known._similar_names`); a commoner one is counted as shared by every candidate.
# At 369,500 posts (9,407 threads) the commonest bigram was held by 1,434: reading every list,
# 140 posts with a stage cue met 3,456 candidate threads instead of 60,607, and linking their
# threads cost 1.4 CPU-s instead of 3.1 (one run each, load 12); at 500, 38,475 and 2.2.
GRAM_READ = 5_000


def thread_keys(names: set[str], numbers: set[str]) -> set[str]:
    """The keys a thread with these member names and document numbers is found by."""
    keys = set().union(*(_bigrams(name) for name in names))
    keys |= {f"={name}" for name in names}
    return keys | {f"#{number}" for number in numbers}


def _store_keys(conn: Any, thread_id: int, names: set[str], numbers: set[str]) -> None:
    """Stores the keys these names and document numbers find thread `thread_id` by; a key
    the thread already has is kept once."""
    conn.executemany(
        "INSERT INTO thread_keys(key, thread) VALUES (?, ?) ON CONFLICT DO NOTHING",
        [(key, thread_id) for key in sorted(thread_keys(names, numbers))],
    )


def index_thread_keys(conn: Any) -> int:
    """Every stored thread's keys (once, for an archive from before they were kept); how many
    threads."""
    conn.execute("DELETE FROM thread_keys")
    done = 0
    for thread in _load(conn):
        _store_keys(conn, thread.id, thread.names, thread.numbers)
        done += 1
    return done


def _match(
    known: list[_Thread],
    ident: Identity,
    numbers: set[str],
    cited: set[str],
    notice: bool = False,
) -> _Thread | None:
    """The thread `ident` joins, or None. A `notice` (a post at the notice stage: a call, or a
    notice of its own subject) is scored only on the names it is no sibling of, and joins the
    round whose title it cites only when its name is as alike as a shared document number
    asks: a notice cites the guide that pays for it or the policy it applies and is no stage
    of that round (参加2025澳中博览会 citing the 国际化经营能力 guide)."""
    best, best_score = None, 0.0
    for thread in known:
        if not compatible(ident, thread.identity):
            continue
        alike = ((similarity(ident.name, name), name) for name in thread.names)
        score = max(
            (s for s, name in alike if not (notice and s >= _COUNTS and sibling(ident.name, name))),
            default=0.0,
        )
        if cited & thread.names and (not notice or score >= CITED_SIMILAR):
            score = max(score, 1.0)
        elif (
            numbers & thread.numbers
            and ident.year is not None
            and ident.year == thread.identity.year
            and score >= CITED_SIMILAR
        ):
            score = max(score, NAME_SIMILAR)
        if score >= NAME_SIMILAR and score > best_score:
            best, best_score = thread, score
    return best


def _merged(a: Identity, b: Identity) -> Identity:
    """What the thread knows once a post joins it: fields one of them left open get filled."""
    return Identity(
        name=a.name or b.name,
        year=a.year if a.year is not None else b.year,
        batch=a.batch if a.batch is not None else b.batch,
        level=a.level or b.level,
    )


def _load(conn: Any, ids: list[int] | None = None) -> list[_Thread]:
    """The threads `ids` (every thread when None) with their members' names and numbers."""
    where = f" WHERE t.id IN ({marks(len(ids))})" if ids is not None else ""
    by_id: dict[int, _Thread] = {}
    for row in conn.execute(
        "SELECT t.id, t.name, t.year, t.batch, t.level, m.name AS member, m.cites"
        f" FROM threads t LEFT JOIN thread_members m ON m.thread = t.id{where} ORDER BY t.id",
        ids or [],
    ):
        thread = by_id.setdefault(
            row["id"],
            _Thread(
                row["id"],
                Identity(row["name"], row["year"], row["batch"], row["level"]),
                {row["name"]},
                set(),
            ),
        )
        if row["member"]:
            thread.names.add(row["member"])
            thread.numbers |= set(json.loads(row["cites"]))
    return list(by_id.values())


# -- reading ---------------------------------------------------------------------------------


def threads(
    conn: Any,
    account: str | None = None,
    open_on: date | None = None,
    firm: str | None = None,
    thread_id: int | None = None,
) -> list[dict[str, Any]]:
    """Threads with their posts and deadline history, newest activity first; with `open_on`,
    those open on that day as the archive stood then (its posts published by that day, as
    the calls board judges a notice), so a round announced later is not yet open."""
    clauses, params = [], []
    if thread_id is not None and not 0 < thread_id <= MAX_ROW_ID:
        return []  # no row has it; SQLite cannot even bind an id beyond 64 bits
    if thread_id is not None:
        clauses.append("m.thread = ?")
        params.append(thread_id)
    if account:
        clauses.append(
            "m.thread IN (SELECT m2.thread FROM thread_members m2"
            " JOIN articles a2 ON a2.id = m2.article WHERE a2.account = ?)"
        )
        params.append(account)
    where = (" WHERE " + " AND ".join(clauses)) if clauses else ""
    rows = conn.execute(
        "SELECT m.thread, t.name, t.year, t.batch, t.level, m.stage, m.deadline, a.id AS rid,"
        " a.key, a.aid, a.account, a.title, a.published FROM thread_members m"
        " JOIN threads t ON t.id = m.thread JOIN articles a ON a.id = m.article"
        f"{where} ORDER BY m.thread, a.published, a.key",
        params,
    ).fetchall()
    grouped: dict[int, list[Any]] = {}
    for row in rows:
        grouped.setdefault(row["thread"], []).append(row)
    found = _firm_articles(conn, firm) if firm else None
    out = []
    for thread_id_, members in grouped.items():
        if open_on is not None:
            members = [m for m in members if m["published"][:10] <= open_on.isoformat()]
        if not members or (found is not None and not any(m["rid"] in found for m in members)):
            continue
        thread = _describe(thread_id_, members)
        if open_on is not None and not (
            thread["deadline"] and thread["deadline"][:10] >= open_on.isoformat()
        ):
            continue
        if found is not None:
            thread["firm_found_in"] = [m["key"] for m in members if m["rid"] in found]
        out.append(thread)
    out.sort(key=lambda t: (t["articles"][-1]["published"], t["id"]), reverse=True)
    return out


def thread_of(conn: Any, key: str) -> dict[str, Any] | None:
    """The thread of the article `key`, or None when it is in none."""
    row = conn.execute(
        "SELECT m.thread FROM thread_members m JOIN articles a ON a.id = m.article WHERE a.key = ?",
        (key,),
    ).fetchone()
    if row is None:
        return None
    found = threads(conn, thread_id=row[0])
    return found[0] if found else None


def member_stages(conn: Any, keys: list[str]) -> dict[str, tuple[int, str]]:
    """For the given keys that are in a thread: its id and the post's own stage (a brief nests
    a later stage of a thread under the post that opened it in the same period)."""
    out: dict[str, tuple[int, str]] = {}
    for chunk in chunks(keys, PAGE):
        for key, thread, stage in conn.execute(
            "SELECT a.key, m.thread, m.stage FROM thread_members m"
            f" JOIN articles a ON a.id = m.article WHERE a.key IN ({marks(len(chunk))})",
            chunk,
        ):
            out[key] = (thread, stage)
    return out


def thread_openers(conn: Any, thread_ids: list[int]) -> dict[int, dict[str, str]]:
    """The first post of each thread, by publication: its key, id, title and day (a brief
    names it beside a later post of the thread whose call was published before the brief)."""
    out: dict[int, dict[str, str]] = {}
    for chunk in chunks(thread_ids, PAGE):
        for thread, key, aid, title, published in conn.execute(
            "SELECT m.thread, a.key, a.aid, a.title, a.published FROM thread_members m"
            f" JOIN articles a ON a.id = m.article WHERE m.thread IN ({marks(len(chunk))})"
            " ORDER BY m.thread, a.published, a.key",
            chunk,
        ):
            out.setdefault(
                thread, {"key": key, "id": aid, "title": title, "published": published[:10]}
            )
    return out


def stages_by_key(conn: Any) -> dict[str, dict[str, Any]]:
    """Each threaded article's thread id and its thread's current stage, for the calls board."""
    current: dict[int, str] = {}
    for thread, stage in conn.execute(
        "SELECT m.thread, m.stage FROM thread_members m JOIN articles a ON a.id = m.article"
        " ORDER BY m.thread, a.published, a.key"
    ):
        current[thread] = stage
    return {
        key: {"thread": thread, "stage": current[thread]}
        for key, thread in conn.execute(
            "SELECT a.key, m.thread FROM thread_members m JOIN articles a ON a.id = m.article"
        )
    }


def deadline_history(members: list[Any]) -> list[dict[str, str]]:
    """The first deadline, then each one an extension, correction or supplement moved it to."""
    history: list[dict[str, str]] = []
    for m in members:
        moves = not history or m["stage"] in MOVING_STAGES
        if m["deadline"] and moves and (not history or history[-1]["deadline"] != m["deadline"]):
            history.append(
                {"deadline": m["deadline"], "article": m["key"], "published": m["published"]}
            )
    return history


def moved_as(history: list[dict[str, str]]) -> str:
    """What the last move did to the first deadline: 延期 (later) or 提前 (earlier, as a 更正
    may); '' when it never moved. Board rows, feeds and thread pages say 已延期 or 已提前."""
    if len(history) < 2:
        return ""
    return "提前" if history[-1]["deadline"][:16] < history[0]["deadline"][:16] else "延期"


def thread_state(conn: Any, keys: list[str], as_of: date) -> dict[str, dict[str, Any]]:
    """For each threaded key: its thread's id, stage (the thread's latest), the post's own
    stage and the thread's deadline history as of `as_of`."""
    if not keys:
        return {}
    own = member_stages(conn, keys)
    thread_of_key = {key: thread for key, (thread, _) in own.items()}
    ids = sorted(set(thread_of_key.values()))
    if not ids:
        return {}
    members: dict[int, list[Any]] = {}
    for row in conn.execute(
        "SELECT m.thread, m.stage, m.deadline, a.key, a.published FROM thread_members m"
        f" JOIN articles a ON a.id = m.article WHERE m.thread IN ({marks(len(ids))})"
        " AND substr(a.published, 1, 10) <= ? ORDER BY m.thread, a.published, a.key",
        [*ids, as_of.isoformat()],
    ):
        members.setdefault(row["thread"], []).append(row)
    out = {}
    for key, thread in thread_of_key.items():
        known = members.get(thread, [])
        out[key] = {
            "thread": thread,
            "stage": known[-1]["stage"] if known else None,
            "own_stage": own[key][1],  # the post's own stage in the thread
            "deadline_history": deadline_history(known),
        }
    return out


def no_thread() -> dict[str, Any]:
    """A thread with no posts, in the shape of `_describe`: what a post that no call thread
    holds belongs to, so a caller tells it from a post that does not exist (an error)."""
    return {
        "id": None,
        "name": None,
        "title": None,
        "year": None,
        "batch": None,
        "level": None,
        "stage": None,
        "deadline": None,
        "deadline_moved": False,
        "deadline_moved_as": "",
        "deadline_history": [],
        "accounts": [],
        "articles": [],
    }


def _describe(thread_id: int, members: list[Any]) -> dict[str, Any]:
    """A thread in the shape of `wxintel threads --json`."""
    history = deadline_history(members)
    first = members[0]
    return {
        "id": thread_id,
        "name": first["name"],  # the programme as threads are matched on (digits, words only)
        "title": first["title"],  # the first post's title, as written
        "year": first["year"],
        "batch": first["batch"],
        "level": first["level"],
        "stage": members[-1]["stage"],
        "deadline": history[-1]["deadline"] if history else None,
        "deadline_moved": len(history) > 1,
        "deadline_moved_as": moved_as(history),
        "deadline_history": history,
        "accounts": sorted({m["account"] for m in members}),
        "articles": [
            {
                "account": m["account"],
                "id": m["aid"],
                "key": m["key"],
                "title": m["title"],
                "published": m["published"],
                "stage": m["stage"],
                "deadline": m["deadline"] or None,
            }
            for m in members
        ],
    }


def _firm_articles(conn: Any, firm: str) -> set[int]:
    """Articles whose list tables (or, lacking a table, text) name the firm."""
    needle = f"%{firm}%"
    ids = {
        row[0]
        for row in conn.execute(
            "SELECT DISTINCT t.article FROM doc_tables t JOIN thread_members m"
            " ON m.article = t.article WHERE t.rows LIKE ?",
            (needle,),
        )
    }
    ids |= {
        row[0]
        for row in conn.execute(
            "SELECT a.id FROM articles a JOIN thread_members m ON m.article = a.id"
            " WHERE a.content LIKE ?",
            (needle,),
        )
    }
    return ids


def stage_openers(conn: Any, keys: list[str]) -> list[str]:
    """In the threads of `keys`: the first post of each stage (one alert per stage reached)."""
    if not keys:
        return []
    places = marks(len(keys))
    ids = [
        row[0]
        for row in conn.execute(
            "SELECT DISTINCT m.thread FROM thread_members m JOIN articles a ON a.id = m.article"
            f" WHERE a.key IN ({places})",
            keys,
        )
    ]
    if not ids:
        return []
    opened: dict[tuple[int, str], str] = {}
    for thread, stage, key in conn.execute(
        "SELECT m.thread, m.stage, a.key FROM thread_members m JOIN articles a ON a.id = m.article"
        f" WHERE m.thread IN ({marks(len(ids))}) ORDER BY m.thread, a.published, a.key",
        ids,
    ):
        opened.setdefault((thread, stage), key)
    return list(opened.values())
