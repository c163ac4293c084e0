"""Score generic briefs against weeks labelled by reading (eval/brief_dev.json).

Most accounts publish no digest of their own, so `eval brief`'s held-out digests say nothing
about the brief they get. A labelled week names the posts a policy officer's weekly brief
should list (`items`, each with its generic section) and those it may list without harm
(`optional`); every other post of the week should stay out. Per week we score wxintel's brief
and a plain baseline with the same number of items — the week's newest posts, sectioned by
kind alone — in the same run: recall of the items, precision (an item or an optional post
counts as right), and section agreement on the items both list.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from wxintel.briefs.classify import INDUSTRY, LEADERS, NOTICES
from wxintel.briefs.compose import Plan, build_brief, plan_for
from wxintel.briefs.model import BriefSource
from wxintel.evaluation.labels import listed, require, text
from wxintel.model import NOTICE_KINDS
from wxintel.store import StoredArticle

METHODS = ("wxintel", "newest")
SECTIONS = (NOTICES, LEADERS, INDUSTRY)
LABELS_SHAPE = (
    '{"weeks": [{"account": "天津西青", "from": "2026-03-16", "to": "2026-03-22", '
    '"items": [{"aid": "…", "section": "要闻活动"}, …], "optional": [{"aid": "…"}, …]}, …]}'
)

Listed = list[tuple[str, str]]  # (aid, section) of a brief's items, in order


def check_brief_labels(labels: Any) -> dict[str, Any]:
    """`labels` when it holds at least one labelled week of the right shape, else LabelsError."""
    weeks = listed(labels, "weeks", LABELS_SHAPE, what="brief labels")
    for n, week in enumerate(weeks):
        where = f"weeks[{n}]"
        require(isinstance(week, dict), where, "an object with account, from, to, items", week)
        require(text(week.get("account")), f"{where}.account", "an account", week.get("account"))
        for end in ("from", "to"):
            require(_is_day(week.get(end)), f"{where}.{end}", "a YYYY-MM-DD day", week.get(end))
        for part in ("items", "optional"):
            rows = week.get(part, [])
            require(isinstance(rows, list), f"{where}.{part}", "a list", rows)
            for m, row in enumerate(rows):
                at = f"{where}.{part}[{m}]"
                require(isinstance(row, dict), at, 'an object with "aid"', row)
                require(text(row.get("aid")), f"{at}.aid", "the post's aid", row.get("aid"))
                if part == "items":
                    section = row.get("section")
                    require(section in SECTIONS, f"{at}.section", " or ".join(SECTIONS), section)
    return labels


def _is_day(value: Any) -> bool:
    try:
        date.fromisoformat(value)
    except (TypeError, ValueError):
        return False
    return True


@dataclass
class LabelledWeek:
    """One method's brief of one labelled week, compared with the labels."""

    account: str
    method: str
    start: str
    listed: int  # brief items
    right: int  # brief items labelled as items or optional
    wanted: int  # labelled items
    recalled: int
    same_section: int
    missed: list[str] = field(default_factory=list)  # "aid (note)" of items left out
    extra: list[str] = field(default_factory=list)  # aids listed but labelled out
    # "aid: ours → labelled" of items listed under another section than their label's
    sectioned: list[str] = field(default_factory=list)


def score_listed(account: str, method: str, week: dict[str, Any], listed: Listed) -> LabelledWeek:
    """Compare a brief's (aid, section) list with one labelled week."""
    items = {row["aid"]: row for row in week.get("items", [])}
    optional = {row["aid"] for row in week.get("optional", [])}
    ours = dict(listed)
    recalled = [aid for aid in items if aid in ours]
    return LabelledWeek(
        account=account,
        method=method,
        start=week["from"],
        listed=len(ours),
        right=sum(aid in items or aid in optional for aid in ours),
        wanted=len(items),
        recalled=len(recalled),
        same_section=sum(ours[aid] == items[aid]["section"] for aid in recalled),
        missed=[f"{aid} ({row.get('note', '')})" for aid, row in items.items() if aid not in ours],
        extra=[aid for aid in ours if aid not in items and aid not in optional],
        sectioned=[
            f"{aid}: {ours[aid]} → {items[aid]['section']}"
            for aid in recalled
            if ours[aid] != items[aid]["section"]
        ],
    )


def ratios(weeks: Sequence[LabelledWeek]) -> dict[str, Any]:
    """Micro-averaged recall, precision and section agreement over `weeks`."""
    wanted = sum(w.wanted for w in weeks)
    recalled = sum(w.recalled for w in weeks)
    listed = sum(w.listed for w in weeks)
    return {
        "recall": round(recalled / wanted, 3) if wanted else None,
        "precision": round(sum(w.right for w in weeks) / listed, 3) if listed else None,
        "section_agreement": round(sum(w.same_section for w in weeks) / recalled, 3)
        if recalled
        else None,
        "listed": listed,
    }


def newest_first(
    store: BriefSource, accounts: Sequence[str], start: date, end: date, count: int
) -> list[tuple[StoredArticle, str]]:
    """The plain baseline: the period's `count` newest posts of `accounts` (a stored duplicate
    left out), each with its section by kind alone (notices, events, the rest)."""
    posts = store.iter_articles(
        date_from=start.isoformat(), date_to=end.isoformat(), accounts=list(accounts)
    )
    kept = sorted((p for p in posts if not p.duplicate_of), key=lambda p: (p.published, p.key))
    kept.reverse()
    return [(p, _kind_section(p.kind)) for p in kept[:count]]


def _kind_section(kind: str) -> str:
    if kind in NOTICE_KINDS:
        return NOTICES
    return LEADERS if kind == "event" else INDUSTRY


def evaluate_labelled(
    store: BriefSource, labels: dict[str, Any], accounts: Sequence[str] = ()
) -> dict[str, Any]:
    """Per account and overall: wxintel's brief and the newest-first baseline on each
    labelled week (of `accounts`, or all), with what each week's brief missed and added.
    Weeks of an account the archive does not hold are left out and named under "absent".
    Where one week is labelled for several accounts, their brief together is scored too
    ("together"), beside the same weeks briefed one account at a time."""
    stored = set(store.accounts())
    absent: list[str] = []
    plans: dict[str, Plan] = {}
    scored: list[LabelledWeek] = []
    periods: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for week in labels["weeks"]:
        account = week["account"]
        if accounts and account not in accounts:
            continue
        if account not in stored:
            absent += [account] if account not in absent else []
            continue
        periods.setdefault((week["from"], week["to"]), []).append(week)
        if account not in plans:
            plans[account] = plan_for(store, [account])
        plan = plans[account]
        start, end = date.fromisoformat(week["from"]), date.fromisoformat(week["to"])
        brief = build_brief(store, start, end, plan=plan)
        ours = [(item.id, section.name) for section in brief.sections for item in section.items]
        scored.append(score_listed(account, "wxintel", week, ours))
        plain = newest_first(store, [account], start, end, len(ours))
        scored.append(score_listed(account, "newest", week, [(p.id, s) for p, s in plain]))
    shared = [group for group in periods.values() if len(group) > 1]
    names = list(dict.fromkeys(w.account for w in scored))
    return {
        "absent": absent,
        "overall": _by_method(scored),
        "accounts": [
            {"account": a, **_by_method([w for w in scored if w.account == a])} for a in names
        ],
        "together": {
            **_by_method([w for group in shared for w in _together(store, group)]),
            "separately": _by_method(
                [w for w in scored if any((w.account, w.start) in _ids(g) for g in shared)]
            ),
        },
        "weeks": [
            {
                "account": w.account,
                "method": w.method,
                "from": w.start,
                **ratios([w]),
                "missed": w.missed,
                "listed_but_out": w.extra,
                "other_section": w.sectioned,
            }
            for w in scored
        ],
    }


def _ids(group: Sequence[dict[str, Any]]) -> set[tuple[str, str]]:
    return {(w["account"], w["from"]) for w in group}


def _together(store: BriefSource, group: Sequence[dict[str, Any]]) -> list[LabelledWeek]:
    """One brief of the accounts labelled for one week, and the baseline of its length, scored
    against all their labels (posts named account/aid: aids are per account)."""
    accounts = [w["account"] for w in group]
    start, end = date.fromisoformat(group[0]["from"]), date.fromisoformat(group[0]["to"])
    merged = {
        "from": group[0]["from"],
        **{
            part: [{**row, "aid": f"{w['account']}/{row['aid']}"} for w in group for row in w[part]]
            for part in ("items", "optional")
        },
    }
    brief = build_brief(store, start, end, plan=plan_for(store, accounts))
    ours = [(f"{i.account}/{i.id}", s.name) for s in brief.sections for i in s.items]
    plain = [
        (f"{p.account}/{p.id}", s) for p, s in newest_first(store, accounts, start, end, len(ours))
    ]
    name = " + ".join(accounts)
    return [
        score_listed(name, "wxintel", merged, ours),
        score_listed(name, "newest", merged, plain),
    ]


def _by_method(weeks: Sequence[LabelledWeek]) -> dict[str, Any]:
    out: dict[str, Any] = {m: ratios([w for w in weeks if w.method == m]) for m in METHODS}
    out["weeks"] = sum(w.method == METHODS[0] for w in weeks)
    out["items"] = sum(w.wanted for w in weeks if w.method == METHODS[0])
    return out


def _cell(value: float | None) -> str:
    return f"{value:.3f}" if value is not None else "  -  "


def format_labelled(report: dict[str, Any]) -> str:
    """A plain-text table per account (wxintel beside the baseline), then each week's misses."""
    lines = [
        "labelled weeks (generic briefs): recall / precision / section agreement, items listed",
        f"{'account':<12} {'weeks':>5} {'items':>5}  {'wxintel':<28} {'newest-first (same count)'}",
    ]
    for name, r in [
        *((a["account"], a) for a in report["accounts"]),
        ("overall", report["overall"]),
    ]:
        cells = [
            f"{_cell(r[m]['recall'])} / {_cell(r[m]['precision'])} / "
            f"{_cell(r[m]['section_agreement'])} ({r[m]['listed']})"
            for m in METHODS
        ]
        lines.append(f"{name:<12} {r['weeks']:>5} {r['items']:>5}  {cells[0]:<28} {cells[1]}")
    together = report["together"]
    if together["weeks"]:
        for name, r in (("together", together), ("separately", together["separately"])):
            cells = [
                f"{_cell(r[m]['recall'])} / {_cell(r[m]['precision'])} / "
                f"{_cell(r[m]['section_agreement'])} ({r[m]['listed']})"
                for m in METHODS
            ]
            lines.append(f"{name:<12} {r['weeks']:>5} {r['items']:>5}  {cells[0]:<28} {cells[1]}")
        lines.append(
            "  together: one brief of the accounts labelled for the same week; separately: the"
            " same weeks, one brief per account"
        )
    if report["absent"]:
        lines.append(f"not in this archive (weeks left out): {', '.join(report['absent'])}")
    for week in report["weeks"]:
        if week["method"] != METHODS[0]:
            continue
        lines.append(
            f"  {week['account']} {week['from']}: listed {week['listed']}, recall "
            f"{_cell(week['recall'])}, precision {_cell(week['precision'])}"
        )
        lines += [f"    missed: {m}" for m in week["missed"]]
        if week["listed_but_out"]:
            lines.append(f"    listed, labelled out: {', '.join(week['listed_but_out'])}")
        if week["other_section"]:
            lines.append(f"    other section (ours → labelled): {'; '.join(week['other_section'])}")
    return "\n".join(lines)
