"""How each subscribed source is doing: checks, failures, new items, and "quiet".

"Quiet" is learned per source: a source is quiet when its newest post is far older than its
own usual gap between posts (from its post dates), so a weekly account is not flagged after
three days while a daily one is. Too little history learns nothing and flags nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from itertools import pairwise
from statistics import quantiles
from typing import Any

from wxintel.dates import SHANGHAI, readable
from wxintel.settings import number
from wxintel.store.sources import SourceRow, SourceStore, stamp

HISTORY = 60  # recent post dates a rhythm is learned from
MIN_GAPS = 4  # fewer gaps than this teach no rhythm: such a source is never called quiet
QUIET_FACTOR = number("quiet_factor")  # times the long gap (90th percentile) before quiet
QUIET_FLOOR = timedelta(days=2)  # a source posting hourly is not quiet after a quiet evening
PROBLEM_FAILURES = 3  # consecutive failed polls before a source counts as broken
_EVERY = re.compile(r"\s*(\d+)\s*([smhd]?)\s*")
_UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "": 60}  # a bare number is minutes
MIN_EVERY = 60  # seconds: polling a feed more often than once a minute helps nobody


def parse_every(text: str) -> int:
    """A poll interval such as 30m, 2h, 1d, 90s or 45 (minutes), in seconds."""
    match = _EVERY.fullmatch(text or "")
    if match is None:
        raise ValueError(f"the poll interval (every) must look like 30m, 2h or 1d, not {text!r}")
    seconds = int(match[1]) * _UNIT_SECONDS[match[2]]
    if seconds < MIN_EVERY:
        raise ValueError(f"the poll interval (every) must be at least 1m, not {text!r}")
    return seconds


def format_every(seconds: int) -> str:
    """The shortest exact spelling of an interval: 1800 → 30m, 86400 → 1d."""
    for unit in ("d", "h", "m"):
        size = _UNIT_SECONDS[unit]
        if seconds % size == 0:
            return f"{seconds // size}{unit}"
    return f"{seconds}s"


@dataclass
class Rhythm:
    """A source's posting rhythm, learned from its own post dates."""

    newest: datetime | None
    long_gap: timedelta | None  # None: too little history to say

    def quiet(self, now: datetime, watched_since: datetime | None = None) -> bool:
        """Nothing new for far longer than the long gap, counted from the newest post or from
        when the source was first watched (`watched_since`), whichever is later: a silence
        before the subscription says nothing of the feed, so a new source whose account last
        posted months ago is not a problem on the poll that just brought its posts."""
        if self.newest is None or self.long_gap is None:
            return False
        last = max(self.newest, watched_since) if watched_since else self.newest
        return now - last > max(QUIET_FACTOR * self.long_gap, QUIET_FLOOR)


def rhythm(dates: list[str]) -> Rhythm:
    """The newest post and the long gap (90th percentile between posts) of ISO dates."""
    moments = sorted({_moment(d) for d in dates if d}, reverse=True)
    if not moments:
        return Rhythm(None, None)
    gaps = [(a - b).total_seconds() for a, b in pairwise(moments)]
    if len(gaps) < MIN_GAPS:
        return Rhythm(moments[0], None)
    long_gap = quantiles(gaps, n=10, method="inclusive")[-1]
    return Rhythm(moments[0], timedelta(seconds=long_gap))


def health(store: SourceStore, row: SourceRow, now: datetime) -> dict[str, Any]:
    """One source as `sources list --json` shows it."""
    return {
        "id": row.id,
        "url": row.url,
        "name": row.name,
        "group": row.group,
        "every": format_every(row.every_seconds),
        "last_checked": row.last_checked or None,
        "last_ok": row.last_ok or None,
        "last_new": row.last_new or None,
        "new_last_7d": store.new_since(row.id, stamp(now - timedelta(days=7))),
        "failures": row.failures,
        "last_error": row.last_error or None,
        "quiet": rhythm(store.item_dates(row.id, HISTORY)).quiet(now, _watched_since(store, row)),
    }


def problem_kind(entry: dict[str, Any]) -> str:
    """ "failing", "quiet" or "" (nothing wrong): what pages word in their own language."""
    if entry["failures"] >= PROBLEM_FAILURES:
        return "failing"
    return "quiet" if entry["quiet"] else ""


# How each problem is said: in English for logs and the CLI, in Chinese for the pages and the
# problems feed, which people read.
PROBLEM_WORDS = {
    "failing": (
        "failing: {failures} polls in a row ({last_error})",
        "连续 {failures} 次抓取失败（{last_error}）",
    ),
    "quiet": (
        "quiet: no new post for far longer than its usual gap",
        "长时间没有新文章（远超它平时的发文间隔）",
    ),
}


def problem(entry: dict[str, Any], chinese: bool = False) -> str:
    """What is wrong with a source in one line ("" when nothing is)."""
    kind = problem_kind(entry)
    return PROBLEM_WORDS[kind][chinese].format(**entry) if kind else ""


def sources_health(store: SourceStore, now: datetime | None = None) -> list[dict[str, Any]]:
    """Every source's health, as listed and served."""
    now = now or datetime.now(UTC)
    return [health(store, row, now) for row in store.all()]


def _watched_since(store: SourceStore, row: SourceRow) -> datetime | None:
    """When the source first brought an item (None: it never has)."""
    first = store.first_seen(row.id)
    return _moment(first) if first else None


def _moment(value: str) -> datetime:
    """An article's ISO date as an aware moment (a bare day is its midnight in UTC+8)."""
    moment = datetime.fromisoformat(value if "T" in value else f"{value[:10]}T00:00:00+08:00")
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def problems_atom(entries: list[dict[str, Any]], self_url: str, site_url: str) -> bytes:
    """An Atom feed of the sources with a problem: one entry per source and problem, whose id
    stays put while the problem lasts, so a feed reader shows it once."""
    from wxintel.feeds import finish_feed, new_feed

    feed = new_feed("wxintel: 信息源问题", self_url, site_url, "连续失败或久未更新的信息源")
    stamps = []
    for entry in entries:
        kind = problem_kind(entry)
        if not kind:
            continue
        since = entry["last_ok"] if kind == "failing" else entry["last_new"]
        when = datetime.fromisoformat(entry["last_checked"] or entry["last_ok"] or "1970-01-01")
        when = when if when.tzinfo else when.replace(tzinfo=UTC)
        stamps.append(when)
        item = feed.add_entry(order="append")
        item.id(f"urn:wxintel:source:{entry['id']}:{kind}:{since or 'never'}")
        words = problem(entry, chinese=True)  # the feed is read by people, as the page is
        item.title(f"{entry['name'] or entry['url']}：{words}")
        item.link(href=f"{site_url.rstrip('/')}/sources#source-{entry['id']}")
        item.updated(when)
        item.summary(
            f"{entry['url']}\n{words}\n最近成功：{_moment_words(entry['last_ok'], '从未')}；"
            f"最近新文章：{_moment_words(entry['last_new'], '无')}"
        )
    return finish_feed(feed, stamps)


def _moment_words(value: str | None, none: str) -> str:
    """A stored UTC moment as Shanghai time a person reads ("2026-12-01 20:52"), or `none`."""
    if not value:
        return none
    return readable(_moment(value).astimezone(SHANGHAI).isoformat(timespec="minutes")[:16])
