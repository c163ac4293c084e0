"""Text normalisation, learned account boilerplate, reprint sources, stubs and language.

Cleaning is a pure function of an article plus the account's boilerplate lines; the
boilerplate itself is learned from the data (lines that recur at the edges of many of one
account's posts), never hard-coded, so a new account needs no configuration.
"""

from __future__ import annotations

import html
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import replace

from wxintel.model import Article

HEAD_LINES = 3  # boilerplate candidates: the first lines of a post ...
TAIL_LINES = 6  # ... and the last ones
MIN_ARTICLES_TO_LEARN = 5
MIN_SHARE = 0.10  # a line must recur in this share of an account's posts to be boilerplate
MIN_COUNT = 3
MAX_BOILERPLATE_LEN = 80  # long recurring paragraphs are series intros: content, not chrome
MIN_GLUED_LEN = 8  # shorter learned lines are too likely to end a real sentence
MAX_REPRINT_LINE = 40  # "转载自：…" is a short line of its own, never a sentence of the body
# A trailing list of other posts ("往期推荐" and three titles): a learned boilerplate line this
# short (a heading, no digits or colon), then 2-8 title-length lines to the end that are not
# boilerplate themselves (the titles change from post to post) and end no sentence.
MAX_LIST_HEADING = 12
LIST_LINES = (2, 8)
MAX_LIST_LINE = 60

_SPACES = re.compile(r"[ \t\u00a0\u2002\u2003\u2009\u200b\ufeff]+")
_EDGE_SPACE = " \t\u3000\u00a0\u200b\ufeff"
_BLANK_RUN = re.compile(r"\n{3,}")
# "转载自X", "来源：X", "文章来源：X", "本文来源 | X", "via：X": a line naming where a post was
# reprinted from. 来源/出处/via need their separator, so "来源于…" sentences stay text.
_REPRINT = re.compile(
    r"^[（(]?\s*(?:(?:本文|文章)?(?:转载自|转自)\s*[:：|丨｜]?"
    r"|(?:本文|文章|信息|内容|稿件)?(?:来源|出处)\s*[:：|丨｜]|via\s*[:：])\s*"
    r"(?P<src>.+?)\s*[）)]?$",
    re.IGNORECASE,
)
# A source glued to the body's first words ("来源：新华社新华社北京4月30日电") is no clean name:
# the line stays in the body whole.
_NOT_A_SOURCE = re.compile(r"\d{1,2}\s*[月日]|电$|近日|日前|[，。,；;！？!?]")
_POINTER = re.compile(
    r"^(?:[>▶☞👉\s]*)(?:点击|点|戳|长按|扫描|扫码)?.{0,4}[“\"「『]?"
    r"(?:阅读原文|阅读全文|原文链接|下方链接|查看原文|进入H5页面|H5)"
)
_UI_HINT = re.compile(  # WeChat carousel hints ("<滑动查看更多>"): page chrome, not text
    r"^[\s<《（(【\[]*(?:左右|上下|向[上下左右])?滑动(?:查看|阅览|看)[^，。,.]{0,8}?[>》）)】\]\s]*$"
)
_DECORATION = re.compile(r"^[\W_]*$|^\[图片\]$|^END[。.]?$", re.IGNORECASE)
_QUOTES = " “”\"'「」‘’"
_DATE_LINE = re.compile(r"^\d{4}\s*[年./-]\s*\d{1,2}\s*[月./-]\s*\d{1,2}\s*日?$")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_LATIN = re.compile(r"[A-Za-z]")


def normalize_text(raw: str) -> str:
    """Line breaks, entities and spacing made uniform, so offsets and comparisons are stable."""
    text = raw.replace("\r\n", "\n").replace("\r", "\n")
    text = html.unescape(text).replace("\u00a0", " ")
    lines = [line.strip(_EDGE_SPACE) for line in text.split("\n")]
    text = "\n".join(lines)
    return _BLANK_RUN.sub("\n\n", text).strip("\n")


def line_key(line: str) -> str:
    """The comparable form of a line: entities unescaped, inner spacing folded."""
    return _SPACES.sub(" ", html.unescape(line)).strip(_EDGE_SPACE)


def edge_lines(raw: str) -> set[str]:
    """The distinct head and tail lines of a post: where account chrome lives.

    A signature (issuer line followed by a date) recurs at the end of notices but is a fact,
    not chrome, so it is never a candidate.
    """
    lines = [k for k in (line_key(x) for x in normalize_text(raw).split("\n")) if k]
    signature = {
        i
        for i, line in enumerate(lines)
        if _DATE_LINE.match(line) or (i + 1 < len(lines) and _DATE_LINE.match(lines[i + 1]))
    }
    tail_start = max(len(lines) - TAIL_LINES, 0)
    picked = [*range(min(HEAD_LINES, len(lines))), *range(tail_start, len(lines))]
    return {
        lines[i]
        for i in picked
        if i not in signature
        and len(lines[i]) <= MAX_BOILERPLATE_LEN
        and not _REPRINT.match(lines[i])
    }


def boilerplate_from_counts(counts: Counter[str], article_count: int) -> frozenset[str]:
    """The edge lines recurring in enough of an account's posts; none for a small account."""
    if article_count < MIN_ARTICLES_TO_LEARN:
        return frozenset()
    threshold = max(MIN_COUNT, math.ceil(MIN_SHARE * article_count))
    return frozenset(line for line, n in counts.items() if n >= threshold)


def learn_boilerplate(raw_contents: Iterable[str]) -> frozenset[str]:
    """Lines recurring at the edges of many posts of one account."""
    counts: Counter[str] = Counter()
    total = 0
    for raw in raw_contents:
        total += 1
        counts.update(edge_lines(raw))
    return boilerplate_from_counts(counts, total)


def detect_language(title: str, content: str) -> str:
    """'zh' when CJK characters make up a fair share of the letters, else 'en'."""
    sample = (title + "\n" + content)[:4000]
    cjk = len(_CJK.findall(sample))
    latin = len(_LATIN.findall(sample))
    return "zh" if cjk * 4 >= latin or cjk >= 200 else "en"


def is_pointer_line(line: str) -> bool:
    """A line that only points elsewhere ("点击阅读原文…", "进入H5页面") or decorates."""
    return bool(_POINTER.match(line) and len(line) <= 40) or bool(_DECORATION.match(line))


def clean_article(article: Article, boilerplate: frozenset[str] = frozenset()) -> Article:
    """Return a cleaned copy: normalised text, chrome and reprint line removed, flags set."""
    raw = article.raw_content or article.content
    lines = normalize_text(raw).split("\n")
    keys = [line_key(line) for line in lines]
    filled = [i for i, k in enumerate(keys) if k]
    edges = set(filled[:HEAD_LINES] + filled[-TAIL_LINES:])
    end = _list_start(keys, filled, boilerplate)
    reprinted_from = article.reprinted_from
    kept: list[str] = []
    for i, line in enumerate(lines[:end]):
        key = keys[i]
        if (i in edges and key in boilerplate) or _UI_HINT.match(key):
            continue
        if i in edges and boilerplate:
            line, key = _strip_glued_boilerplate(line, key, boilerplate)
        match = _REPRINT.match(key) if key and len(key) <= MAX_REPRINT_LINE else None
        if match and _is_reprint_line(key, match.group("src"), i in edges):
            reprinted_from = reprinted_from or _clean_source(match.group("src"))
            continue
        kept.append(line)
    content = _BLANK_RUN.sub("\n\n", "\n".join(kept)).strip("\n")
    body = [k for k in (line_key(x) for x in content.split("\n")) if k]
    is_stub = all(is_pointer_line(k) for k in body)
    return replace(
        article,
        title=line_key(article.title),
        content=content,
        raw_content=raw,
        reprinted_from=reprinted_from,
        is_stub=is_stub,
        lang=detect_language(article.title, content),
    )


def _list_start(keys: list[str], filled: list[int], boilerplate: frozenset[str]) -> int:
    """Where a trailing list of other posts begins (its heading's line), else the end.

    The heading is learned like any chrome (往期推荐, 推荐阅读: whatever the account writes in
    many posts); the titles below it differ in every post, so they are never learned, yet they
    are not the post's text: searched, they make a weather warning match a festival, and two
    posts sharing a list look like one text to the repost stage.
    """
    fewest, most = LIST_LINES
    for at in range(max(len(filled) - most - 1, 0), len(filled) - fewest):
        heading, rest = keys[filled[at]], [keys[i] for i in filled[at + 1 :]]
        if (
            heading in boilerplate
            and len(heading) <= MAX_LIST_HEADING
            and not re.search(r"[\d:：]", heading)
            and len(rest) <= most
            and all(
                len(r) <= MAX_LIST_LINE
                and not r.endswith("。")
                and r not in boilerplate
                and not _REPRINT.match(r)
                for r in rest
            )
        ):
            return filled[at]
    return len(keys)


def _strip_glued_boilerplate(line: str, key: str, boilerplate: frozenset[str]) -> tuple[str, str]:
    """Crawlers sometimes glue the footer onto the last sentence: cut it off the end."""
    for chrome in sorted(boilerplate, key=len, reverse=True):
        if len(chrome) >= MIN_GLUED_LEN and key.endswith(chrome) and key != chrome:
            key = key[: -len(chrome)].rstrip()
            return key, key
    return line, key


def _is_reprint_line(key: str, source: str, at_edge: bool) -> bool:
    """转载自 lines and lines naming an official account anywhere; "来源：X" and "via：X" lines
    at the head or tail of a post, when X is a clean name (not glued to the body's words)."""
    if "转载自" in key or "转自" in key or "公众号" in key:
        return True
    return at_edge and not _NOT_A_SOURCE.search(source)


def _clean_source(source: str) -> str:
    """The bare account or outlet name: quotes and "官方微信/公众号" suffixes dropped."""
    source = re.sub(r"(?:官方)?(?:微信)?(?:公众号)?$", "", source.strip(_QUOTES))
    return source.strip(_QUOTES)


def clean_corpus(articles: list[Article]) -> list[Article]:
    """Learn each account's boilerplate from the given posts and clean them all."""
    by_account: dict[str, list[str]] = defaultdict(list)
    for article in articles:
        by_account[article.account].append(article.raw_content or article.content)
    learned = {account: learn_boilerplate(raws) for account, raws in by_account.items()}
    return [clean_article(a, learned[a.account]) for a in articles]
