"""Score wxintel's briefs against each account's own digests, one held-out week at a time.

For every account whose digests are found (briefs/digests.py), each digest in turn is held
out: the account's profile is learned from its other digests, the brief of the week the
held-out digest covers is built without it, and compared with the items it lists — recall
of the editors' items, precision of ours, and agreement on the section. The generic brief
(no learning) is scored the same way in the same run, as the baseline.

Two sets of held-out weeks: "others" learns each week from every other digest (the most
evidence there is); "earlier" learns it only from the digests published before it, as a
user's archive meets next week's posts (the first digest has none before it and is not in
that set).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Any

from wxintel.briefs.compose import Plan, account_plan, build_brief
from wxintel.briefs.digests import Digest, best_match, find_digests
from wxintel.briefs.model import Brief, BriefSource
from wxintel.briefs.period import BRIEF_DAYS
from wxintel.briefs.profile import DEFAULT_SECTION, editors_names, learn_profile
from wxintel.store import StoredArticle

RECALL_TARGET = 0.85
SECTION_TARGET = 0.9
PRECISION_TARGET = 0.75
METHODS = ("learned", "generic")
HOLDOUTS = ("others", "earlier")  # learn a held-out week from every other digest, or the earlier


@dataclass
class WeekScore:
    """How one brief compares with the editors' digest of the same week."""

    account: str
    method: str
    holdout: str
    digest_id: str
    start: date
    end: date
    listed: int  # stored posts the digest lists
    outside: int  # of which were published outside the period the brief covers
    recalled: int
    same_section: int
    brief_items: int
    matched_brief_items: int
    missed: list[str] = field(default_factory=list)
    # per section, counted as "listed", "recalled", "same" (the editors' items, by their
    # section) and "brief_items", "matched" (ours, by the heading ours is shown under); the
    # week's recalled, same_section and matched_brief_items are their sums
    sections: dict[str, Counter[str]] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "account": self.account,
            "method": self.method,
            "holdout": self.holdout,
            "digest": self.digest_id,
            "from": self.start.isoformat(),
            "to": self.end.isoformat(),
            "listed": self.listed,
            "outside_period": self.outside,
            "recalled": self.recalled,
            "same_section": self.same_section,
            "brief_items": self.brief_items,
            "matched_brief_items": self.matched_brief_items,
            **ratios([self]),
            "sections": section_ratios([self]),
            "missed": self.missed,
        }


def ratios(weeks: Sequence[WeekScore]) -> dict[str, float | None]:
    """Micro-averaged recall, precision and section agreement over `weeks`."""
    return _figures(
        listed=sum(w.listed for w in weeks),
        recalled=sum(w.recalled for w in weeks),
        same=sum(w.same_section for w in weeks),
        brief_items=sum(w.brief_items for w in weeks),
        matched=sum(w.matched_brief_items for w in weeks),
    )


def section_ratios(weeks: Sequence[WeekScore]) -> dict[str, dict[str, float | None]]:
    """`ratios` per section over `weeks`: recall and section agreement of the editors' items
    under each of their sections, precision of ours under each of our headings (the editors'
    names, the generic brief's renamed to them)."""
    counts: dict[str, Counter[str]] = {}
    for week in weeks:
        for name, seen in week.sections.items():
            counts.setdefault(name, Counter()).update(seen)
    return {
        name: {
            "listed": c["listed"],
            "brief_items": c["brief_items"],
            **_figures(c["listed"], c["recalled"], c["same"], c["brief_items"], c["matched"]),
        }
        for name, c in counts.items()
    }


def _figures(
    listed: int, recalled: int, same: int, brief_items: int, matched: int
) -> dict[str, float | None]:
    """Recall of the editors' `listed` items, precision of our `brief_items`, and agreement on
    the section of the `recalled` ones (None where there is nothing to divide by)."""
    return {
        "recall": _share(recalled, listed),
        "precision": _share(matched, brief_items),
        "section_agreement": _share(same, recalled),
    }


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 3) if whole else None


def score_week(
    account: str,
    method: str,
    holdout: str,
    digest: Digest,
    brief: Brief,
    posts: dict[str, StoredArticle],
    section_names: dict[str, str] | None = None,
) -> WeekScore:
    """Compare one brief with a digest; `section_names` maps our sections to the editors'."""
    rename = section_names or {}
    items = brief.items
    keys = [i.key for i in items]
    titles = [i.title for i in items]
    # the heading each of our items is shown under, as the editors name it
    shown = {i.key: rename.get(s.name, s.name) for s in brief.sections for i in s.items}
    outside = 0
    missed = []
    sections: dict[str, Counter[str]] = {}
    for item in digest.stored_items:
        day = posts[item.key].published[:10] if item.key in posts else item.published
        outside += not (brief.start.isoformat() <= day <= brief.end.isoformat())
        theirs = sections.setdefault(item.section or DEFAULT_SECTION, Counter())
        theirs["listed"] += 1
        hit = keys.index(item.key) if item.key in keys else best_match(item.title, titles)
        if hit is None:
            missed.append(item.title)
            continue
        heading = shown[items[hit].key]
        theirs.update(recalled=1, same=int(heading == (item.section or heading)))
    listed_keys = {i.key for i in digest.stored_items}
    listed_titles = [i.title for i in digest.stored_items]
    for i in items:
        right = i.key in listed_keys or best_match(i.title, listed_titles) is not None
        sections.setdefault(shown[i.key], Counter()).update(brief_items=1, matched=int(right))
    return WeekScore(
        account,
        method,
        holdout,
        digest.article.id,
        brief.start,
        brief.end,
        len(digest.stored_items),
        outside,
        sum(c["recalled"] for c in sections.values()),
        sum(c["same"] for c in sections.values()),
        len(items),
        sum(c["matched"] for c in sections.values()),
        missed,
        sections,
    )


def evaluate_account(store: BriefSource, account: str) -> tuple[dict[str, Any], list[WeekScore]]:
    """Every held-out week of one account, learned and generic, in both held-out sets."""
    articles = list(store.iter_articles(accounts=[account]))
    posts = {a.key: a for a in articles}
    digests = find_digests(articles)
    generic = account_plan(store, account, articles)  # learned without labels or digests
    weeks: list[WeekScore] = []
    for digest in digests:
        for holdout in HOLDOUTS:
            known = [d for d in digests if d is not digest]
            if holdout == "earlier":
                known = [d for d in known if d.published < digest.published]
                if not known:
                    continue
            unknown = {d.article.key for d in digests} - {d.article.key for d in known}
            profile = learn_profile(account, articles, exclude=unknown, found=digests)
            learned = replace(generic, profiles={account: profile})
            weeks += _score_digest(store, posts, digest, learned, generic, known, holdout)
    report = {
        "account": account,
        "posts": len(articles),
        "digests": len(digests),
        **_by_method([w for w in weeks if w.holdout == HOLDOUTS[0]]),
        "holdouts": {h: _by_method([w for w in weeks if w.holdout == h]) for h in HOLDOUTS},
        "weeks": [w.to_json() for w in weeks],
    }
    return report, weeks


def _score_digest(
    store: BriefSource,
    posts: dict[str, StoredArticle],
    digest: Digest,
    plan: Plan,
    generic_plan: Plan,
    known: Sequence[Digest],
    holdout: str,
) -> list[WeekScore]:
    """One held-out week, its account's profile (`plan`) learned from the `known` digests only;
    the generic brief of the same week is built with `generic_plan`, the same account read
    without its digests (account_plan)."""
    account, profile = plan.accounts[0], plan.profile
    if profile is None:
        end = digest.published - timedelta(days=1)
        start, end = end - timedelta(days=BRIEF_DAYS - 1), end
    else:
        start, end = profile.period_of(digest.published)
    skip = {digest.article.key}
    learned = build_brief(store, start, end, exclude=skip, plan=plan)
    generic = build_brief(store, start, end, exclude=skip, plan=generic_plan)
    names = editors_names(known, posts)  # the baseline's sections as the editors name them
    return [
        score_week(account, "learned", holdout, digest, learned, posts),
        score_week(account, "generic", holdout, digest, generic, posts, names),
    ]


def _by_method(weeks: Sequence[WeekScore]) -> dict[str, Any]:
    by = {m: [w for w in weeks if w.method == m] for m in METHODS}
    out: dict[str, Any] = {m: ratios(by[m]) for m in METHODS}
    out["weeks"] = len(by[METHODS[0]])
    out["sections"] = {m: section_ratios(by[m]) for m in METHODS}
    return out


def evaluate_briefs(store: BriefSource, accounts: Sequence[str] = ()) -> dict[str, Any]:
    """Per account and overall: recall, precision and section agreement, learned and generic,
    on each set of held-out weeks ("others" also at the top level of each report)."""
    reports = []
    every: list[WeekScore] = []
    for account in accounts or store.accounts():
        report, weeks = evaluate_account(store, account)
        reports.append(report)
        every += weeks
    overall = _by_method([w for w in every if w.holdout == HOLDOUTS[0]])
    overall["holdouts"] = {h: _by_method([w for w in every if w.holdout == h]) for h in HOLDOUTS}
    overall["targets"] = {
        "recall": RECALL_TARGET,
        "precision": PRECISION_TARGET,
        "section_agreement": SECTION_TARGET,
    }
    return {"overall": overall, "accounts": reports}


def _cell(value: float | None) -> str:
    return f"{value:.3f}" if value is not None else "  -  "


def _row(name: str, holdout: str, method: str, posts: object, r: dict[str, Any]) -> str:
    return (
        f"{name:<12} {holdout:<8} {method:<8} {posts!s:>5} {r['weeks']!s:>5} "
        f"{_cell(r[method]['recall']):>6} {_cell(r[method]['precision']):>6} "
        f"{_cell(r[method]['section_agreement']):>7}"
    )


def _section_rows(by_section: dict[str, dict[str, Any]]) -> list[str]:
    """One indented row per section under a method's row: its recall, precision, agreement."""
    return [
        f"  {name:<30} {_cell(r['recall']):>6} {_cell(r['precision']):>6} "
        f"{_cell(r['section_agreement']):>7}"
        for name, r in by_section.items()
    ]


def format_report(scores: dict[str, Any]) -> str:
    """A plain-text table: per account, held-out set and method, then the overall figures,
    then each held-out week of the learned brief with the editors' items it missed."""
    lines = [
        f"{'account':<12} {'held-out':<8} {'method':<8} {'posts':>5} {'weeks':>5} {'recall':>6} "
        f"{'prec':>6} {'section':>7}"
    ]
    for name, report, posts in [
        *((r["account"], r, r["posts"]) for r in scores["accounts"]),
        ("overall", scores["overall"], ""),
    ]:
        if name != "overall" and not report["digests"]:
            lines.append(f"{name:<12} {'-':<8} {'-':<8} {posts!s:>5} {0:>5}  no digests of its own")
            continue
        for holdout in HOLDOUTS:
            for method in METHODS:
                lines.append(_row(name, holdout, method, posts, report["holdouts"][holdout]))
                lines += _section_rows(report["holdouts"][holdout]["sections"][method])
    if not scores["overall"]["weeks"]:
        lines.append("no account in this database has digests of its own posts")
    for report in scores["accounts"]:
        for week in report["weeks"]:
            if week["method"] != "learned":
                continue
            lines.append(
                f"  {report['account']} {week['holdout']} {week['from']}..{week['to']} "
                f"({week['digest']}): listed {week['listed']}, brief {week['brief_items']}, "
                f"recall {_cell(week['recall'])}, precision {_cell(week['precision'])}, "
                f"section {_cell(week['section_agreement'])}"
            )
            for title in week["missed"]:
                lines.append(f"    missed: {title}")
    return "\n".join(lines)
