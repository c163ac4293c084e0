"""The learned junk filter judged on the unit it drops: one post's mention of a name.

A list of (account, name) pairs counts a name as kept when any post still gives it, so a real
body dropped from three of its four posts costs nothing there; a reader of that post's facets,
brief or answer loses it all the same. This set labels (account, aid, name) mentions drawn at
random per band of the filter's score (eval/orgs_drops1.json, and orgs_drops2.json drawn to check
it), and the shipped threshold is the lowest band from which every band's junk share, both
samples pooled, reaches the break-even of GOOD_LOST_COST.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Iterable
from typing import Any

from wxintel.evaluation.labels import LabelsError, listed, require, text
from wxintel.evaluation.org_training import GOOD_LOST_COST
from wxintel.extract import enrich
from wxintel.extract.org_junk import JunkFilter, name_instances
from wxintel.model import Article

DROPS_SHAPE = ('{"mentions": [{"account": "天津西青", "aid": "2652077004_1", '
               '"name": "推进综治中心", "junk": true}, …]}')  # fmt: skip
BANDS = (0.7, 0.8, 0.9)  # lower edges of the score bands the sample is drawn from
BREAK_EVEN = GOOD_LOST_COST / (1 + GOOD_LOST_COST)  # the junk share at which a drop pays
Z = 1.96  # the 95% Wilson interval of a band's junk share


def check_drop_labels(labels: Any) -> dict[str, Any]:
    """`labels` when it lists (account, aid, name) mentions labelled junk or not, else
    LabelsError naming the item and field."""
    for n, item in enumerate(listed(labels, "mentions", DROPS_SHAPE)):
        where = f"mentions[{n}]"
        require(isinstance(item, dict), where, 'an object with "account", "aid", "name", "junk"',
                item)  # fmt: skip
        for field in ("account", "aid", "name"):
            require(
                text(item.get(field)), f"{where}.{field}", "a non-empty string", item.get(field)
            )
        require(isinstance(item.get("junk"), bool), f"{where}.junk", "true or false",
                item.get("junk"))  # fmt: skip
    return labels


def score_drops(
    labels: dict[str, Any], article: Callable[[str, str], Article | None], junk: JunkFilter
) -> dict[str, Any]:
    """Each labelled mention's score by `junk` in its post, whether `enrich` (filter on) still
    gives the name there, and per band and account the junk share among the mentions."""
    rows = []
    for item in check_drop_labels(labels)["mentions"]:
        post = article(item["account"], item["aid"])
        if post is None:
            raise LabelsError(f"{item['account']} {item['aid']}: no such post in the archive")
        scored = name_instances(post.content, enrich(post, org_filter=False).mentions)
        if item["name"] not in scored:
            raise LabelsError(f"{item['account']} {item['aid']}: the rules give no "
                              f"suffix-read {item['name']!r} there")  # fmt: skip
        kept = {m.name for m in enrich(post).mentions if m.kind == "org"}
        rows.append({**item, "score": junk.probability(scored[item["name"]]),
                     "dropped": item["name"] not in kept})  # fmt: skip
    bands = {band: _share(r for r in rows if band_of(r["score"]) == band) for band in BANDS}
    accounts = {
        account: {band: _share(r for r in rows if r["account"] == account
                               and band_of(r["score"]) == band) for band in BANDS}
        for account in sorted({r["account"] for r in rows})
    }  # fmt: skip
    return {"bands": bands, "accounts": accounts, "break_even": BREAK_EVEN,
            "threshold": threshold_of(bands), "shipped": junk.threshold,
            "dropped": sum(r["dropped"] for r in rows), "mentions": rows}  # fmt: skip


def band_of(score: float) -> float | None:
    """The lower edge of the band `score` falls in (None below the lowest)."""
    return max((band for band in BANDS if score >= band), default=None)


def threshold_of(bands: dict[float, dict[str, Any]]) -> float | None:
    """The lowest band edge from which every band's junk share reaches BREAK_EVEN (None: no
    band does, and the filter pays nowhere)."""
    best = None
    for band in sorted(bands, reverse=True):
        share = bands[band]["share"]
        if share is None or share < BREAK_EVEN:
            break
        best = band
    return best


def _share(rows: Iterable[dict[str, Any]]) -> dict[str, Any]:
    found = list(rows)
    junk = sum(r["junk"] for r in found)
    return {"labelled": len(found), "junk": junk, "share": junk / len(found) if found else None,
            "interval": wilson(junk, len(found))}  # fmt: skip


def wilson(hits: int, n: int) -> tuple[float, float] | None:
    """The 95% Wilson score interval of hits/n (None for no trials)."""
    if not n:
        return None
    p = hits / n
    centre = (p + Z * Z / (2 * n)) / (1 + Z * Z / n)
    half = Z * math.sqrt(p * (1 - p) / n + Z * Z / (4 * n * n)) / (1 + Z * Z / n)
    return (round(centre - half, 3), round(centre + half, 3))


def format_drops(scores: dict[str, Any]) -> str:
    """One row per band, then per account and band, with the net gain of dropping the band's
    mentions against the rules alone (junk gone less GOOD_LOST_COST per good name lost); the
    threshold the sample sets."""

    def row(name: str, band: float, f: dict[str, Any]) -> str:
        top = "1]" if band == BANDS[-1] else f"{band + 0.1:.1f})"
        share = "n/a" if f["share"] is None else f"{f['share']:.3f}"
        low, high = f["interval"] or ("", "")
        gain = f["junk"] - GOOD_LOST_COST * (f["labelled"] - f["junk"])
        return (f"{name:<14}[{band:.1f}, {top:<5}{f['labelled']:>9}{f['junk']:>6}{share:>8}"
                f"{gain:>10g}   {low}–{high}")  # fmt: skip

    lines = [f"{'account':<14}{'band':<12}{'labelled':>9}{'junk':>6}{'share':>8}{'net gain':>10}"
             "   95% interval"]  # fmt: skip
    lines += [row("overall", band, f) for band, f in scores["bands"].items()]
    for account, bands in scores["accounts"].items():
        lines += [row(account, band, f) for band, f in bands.items() if f["labelled"]]
    chosen = scores["threshold"]
    lines.append(f"break-even junk share {scores['break_even']:.3f} (good lost costs "
                 f"{GOOD_LOST_COST:g}); threshold it sets: "
                 f"{'none (filter off)' if chosen is None else chosen}; shipped: "
                 f"{scores['shipped']:g}; labelled mentions the shipped path drops: "
                 f"{scores['dropped']}")  # fmt: skip
    return "\n".join(lines)


def archive_drops(articles: Iterable[Article], junk: JunkFilter) -> dict[str, Any]:
    """Over an archive, per account: the (post, name) mentions the filter scores, how many
    score at least each band's edge, how many `enrich` (filter on) drops against the rules
    alone (filter off) and in how many posts; and the seconds `enrich` takes either way."""
    rows: dict[str, dict[str, Any]] = {}
    seconds = {"with_filter": 0.0, "without_filter": 0.0}
    for article in articles:
        started = time.perf_counter()
        rules = enrich(article, org_filter=False).mentions
        middle = time.perf_counter()
        kept = {m.name for m in enrich(article).mentions if m.kind == "org"}
        seconds["without_filter"] += middle - started
        seconds["with_filter"] += time.perf_counter() - middle
        scores = [junk.probability(f) for f in name_instances(article.content, rules).values()]
        dropped = {m.name for m in rules if m.kind == "org"} - kept
        for account in (article.account, "overall"):
            row = rows.setdefault(account, {"posts": 0, "scored": 0, "dropped": 0,
                                            "posts_with_a_drop": 0,
                                            "at_least": dict.fromkeys(BANDS, 0)})  # fmt: skip
            row["posts"] += 1
            row["scored"] += len(scores)
            row["dropped"] += len(dropped)
            row["posts_with_a_drop"] += bool(dropped)
            for band in BANDS:
                row["at_least"][band] += sum(score >= band for score in scores)
    overall = rows.pop("overall", None)
    return {"accounts": dict(sorted(rows.items())), "overall": overall,
            "threshold": junk.threshold, "seconds": seconds}  # fmt: skip


def format_archive(drops: dict[str, Any]) -> str:
    """One row per account and overall, then the time `enrich` took with and without it."""
    edges = "".join(f"{'>= ' + format(band, 'g'):>9}" for band in BANDS)
    lines = [f"{'account':<14}{'posts':>7}{'scored':>8}{edges}{'dropped':>9}{'in posts':>10}"]
    named = [*drops["accounts"].items(), ("overall", drops["overall"])]
    for name, row in named if drops["overall"] else ():
        bands = "".join(f"{row['at_least'][band]:>9}" for band in BANDS)
        lines.append(f"{name:<14}{row['posts']:>7}{row['scored']:>8}{bands}{row['dropped']:>9}"
                     f"{row['posts_with_a_drop']:>10}")  # fmt: skip
    took = drops["seconds"]
    lines.append(f"dropped: (post, name) mentions enrich drops at the shipped threshold "
                 f"{drops['threshold']:g}; enrich {took['with_filter']:.1f} s with the filter, "
                 f"{took['without_filter']:.1f} s without")  # fmt: skip
    return "\n".join(lines)
