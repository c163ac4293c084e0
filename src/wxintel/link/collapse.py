"""Show a repost cluster once: in search hits, briefs and on the calls board.

A post-processing step over lists another stage produced: the first (best-ranked or
soonest) member of a cluster stays, later members are folded into it, and the one kept says
which accounts published the text ("N 个公众号发布").
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from typing import Any, TypeVar

from wxintel import settings
from wxintel.dedupe import within_window
from wxintel.link.reposts import (
    SAME_TEXT,
    carry_one_text,
    cluster_members,
    marks_by_key,
    text_similarity,
)
from wxintel.link.threads import FOLDING_STAGES, moved_as, thread_state

T = TypeVar("T")
# A cluster of more posts is read in part (its first members and those on the list): the
# link stage can chain thousands of posts into one cluster, and every list meeting it would
# otherwise read them all (wxintel.link.reposts.cluster_members).
READ_LIMIT = settings.count("cluster_read_limit")
REPOSTS_SHOWN = settings.count("search_reposts_shown")  # a hit's list of reposts, at most
# An account's same text this many days or fewer after its earlier post is one post recorded
# twice, as ingest's copy rule has it; later it is the account publishing it again.


def collapse(
    items: Iterable[T], key_of: Callable[[T], str], conn: Any
) -> list[tuple[T, list, bool, dict[str, Any] | None]]:
    """Each item kept with the cluster members folded into it ([] when it stands alone),
    whether those are all (False when its cluster has more than READ_LIMIT posts: then only
    the members on the list and READ_LIMIT others were read), and the earlier post of its
    account that it publishes again (`republication_of`), or None.

    A member is folded into a kept item when it carries the same text: published by
    another account (a repost, edited or not), or by the same account within the same-
    post window (dedupe's) with nearly every mark in common (one post recorded twice).
    An account publishing its own text again on a later day (a 攻略 and its 微课堂 issue a
    year on) made a second post, and a reader looking for either should see both: it
    stays, in the list as `republication_of` says, unless other accounts carry the text
    too. A text several accounts carry is one hit with every run of it folded in: were an
    account's second run its own hit, the page would mark the text once as carried by
    several accounts and once as carried by none (trial7: 津北商务's notice and 未央工信's
    two runs of it, two weeks apart). Two posts of one account that the link stage joined
    by a shared passage only (a series intro, a guide and its later digest) both stay.
    Another account's post in the list itself folds only when it carries the kept item's
    text: a cluster chained through a short post that two longer ones each quote must not
    hide one of them behind the other.
    """
    items = list(items)
    listed = {key_of(item) for item in items}
    members = cluster_members(conn, list(listed), READ_LIMIT)
    marks = marks_by_key(conn, _compared(members))

    def folds(kept: dict[str, str], other: dict[str, str], reposted: bool) -> bool:
        mine, theirs = marks.get(kept["key"]), marks.get(other["key"])
        if kept["account"] != other["account"]:
            if other["key"] not in listed or not mine or not theirs:
                return True
            return carry_one_text(len(mine & theirs), len(mine), len(theirs))
        return (reposted or _near(kept, other)) and same_text(kept, other, marks)

    shown: set[str] = set()  # keys kept, or folded into a kept item
    out: list[tuple[T, list, bool, dict[str, Any] | None]] = []
    for item in items:
        key = key_of(item)
        if key in shown:
            continue
        cluster = members.get(key)
        if cluster is None:
            out.append((item, [], True, None))
            continue
        me = next(m for m in cluster["members"] if m["key"] == key)
        reposted = len({m["account"] for m in cluster["members"]}) > 1  # other accounts carry it
        folded = [
            m
            for m in cluster["members"]
            if m["key"] not in shown and m is not me and folds(me, m, reposted)
        ]
        shown.update([key, *(m["key"] for m in folded)])
        earlier = republication_of(me, cluster["members"], marks)
        out.append((item, folded, cluster["whole"], earlier))
    return out


def same_text(one: dict[str, Any], other: dict[str, Any], marks: dict[str, set[int]]) -> bool:
    """Whether two clustered posts carry one text unedited (nearly every mark in common)."""
    return (
        text_similarity(marks.get(one["key"], set()), marks.get(other["key"], set())) >= SAME_TEXT
    )


def republication_of(
    member: dict[str, Any], cluster: list[dict[str, Any]], marks: dict[str, set[int]]
) -> dict[str, Any] | None:
    """The earliest post of `member`'s account in its cluster that `member` publishes again
    unedited later than the same-post window, or None (members are oldest first)."""
    for earlier in cluster:
        if earlier is member or _near(earlier, member):
            return None
        if earlier["account"] == member["account"] and same_text(earlier, member, marks):
            return earlier
    return None


def _near(one: dict[str, Any], other: dict[str, Any]) -> bool:
    """Published within dedupe's same-post window: the rule ingest marks copies by."""
    return within_window(str(one["published"]), str(other["published"]))


def _compared(members: dict[str, dict[str, Any]]) -> list[str]:
    """The keys whose marks `collapse` may compare: each clustered item's and those of its
    cluster's members published by the same account (another account's copy outside the list
    folds without them; a relayed notice's cluster is mostly other accounts, and each post has
    hundreds of marks)."""
    out: list[str] = []
    for key, cluster in members.items():
        account = next(m["account"] for m in cluster["members"] if m["key"] == key)
        out += [m["key"] for m in cluster["members"] if m["account"] == account]
    return out


def publishers(item_account: str, folded: list[dict[str, Any]]) -> list[str]:
    """The accounts that published a text: the kept item's first, then the others'; [] when
    only the kept item's account did (its own runs of a text are no reposts: "1 个公众号发布"
    would say nothing)."""
    accounts = [item_account]
    for member in folded:
        if member["account"] not in accounts:
            accounts.append(member["account"])
    return accounts if len(accounts) > 1 else []


def collapse_hits(result: Any, conn: Any) -> Any:
    """A search result page with each cluster shown once (by its best-ranked hit): a hit
    lists its first REPOSTS_SHOWN reposts and counts them all (`reposts_total`; at least that
    many when its cluster was read in part, and `published_by` then names at least those). A
    hit its account published before, on an earlier day, names that post (`republication_of`:
    key, id and day; "重发本号 <day> 的文章" on the page)."""
    kept = []
    for hit, folded, whole, earlier in collapse(result.hits, lambda h: h.key, conn):
        hit.reposts = [
            {"account": m["account"], "id": m["id"], "key": m["key"]}
            for m in folded[:REPOSTS_SHOWN]
        ]
        hit.reposts_total = len(folded)
        hit.reposts_approximate = not whole
        hit.published_by = publishers(hit.account, folded)
        if earlier is not None:
            hit.republication_of = {
                "key": earlier["key"],
                "id": earlier["id"],
                "published": str(earlier["published"]),
            }
        kept.append(hit)
    result.hits = kept
    return result


def annotate_calls(calls: list[dict[str, Any]], conn: Any, as_of: date) -> list[dict[str, Any]]:
    """Calls as the board shows them on `as_of`: each repost cluster once, with its thread's
    id and current stage, and the deadline an extension moved it to (the old one kept). An
    extension or correction notice whose move a listed call's row shows (`moves_shown`) is no
    row of its own: the board, /api/calls, the calls feed and the calendar show the call once,
    with the new deadline and 已延期 (已提前 when a correction brought it forward); the notice
    stays on the call's thread."""
    state = thread_state(conn, [c["key"] for c in calls], as_of)
    out = []
    for call, folded, whole, _ in collapse(calls, lambda c: c["key"], conn):
        thread = state.get(call["key"])
        call["thread"] = thread["thread"] if thread else None
        call["stage"] = thread["stage"] if thread else None
        call["published_by"] = publishers(call["account"], folded)
        # a cluster read in part: the accounts named are at least these (至少 on the board)
        call["published_by_approximate"] = not whole
        history = thread["deadline_history"] if thread else []
        moved = len(history) > 1 and bool(call.get("deadline"))
        call["deadline_moved"] = moved
        call["deadline_sequence"] = len(history) - 1 if moved else 0
        call["deadline_moved_as"] = moved_as(history) if moved else ""
        if moved:
            call["deadline_was"] = call["deadline"]
            call["deadline"] = history[-1]["deadline"]
            call["deadline_moved_on"] = history[-1]["published"]
        out.append(call)
    shown = moves_shown(out, state)
    return [call for call in out if call["key"] not in shown]


def moves_shown(calls: list[dict[str, Any]], state: dict[str, dict[str, Any]]) -> set[str]:
    """The extension, correction and supplement notices (FOLDING_STAGES) among `calls` whose
    move a listed call's row already shows: the linker joined each to the call whose first
    deadline it moved (the call opens its thread's deadline history, the notice is a later
    step of it, and the call's row took the new deadline). Sharing a thread is not enough: a
    thread that joined two calls by mistake must not hide one behind the other, and a notice
    with no such call listed stays a row."""
    out: set[str] = set()
    for call in calls:
        thread = state.get(call["key"])
        if thread is None or not call["deadline_moved"]:
            continue
        history = thread["deadline_history"]
        if history[0]["article"] != call["key"]:
            continue  # the call moved is another post of the thread
        for step in history[1:]:
            notice = state.get(step["article"])
            if notice is not None and notice["own_stage"] in FOLDING_STAGES:
                out.add(step["article"])
    return out


def one_per_cluster(conn: Any, keys: list[str]) -> list[str]:
    """The keys with each repost cluster kept once (its first key in the given order)."""
    return [key for key, *_ in collapse(keys, lambda k: k, conn)]
