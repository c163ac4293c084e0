"""Score repost clusters and call threads against labelled sets, beside today's MinHash links.

Both sets are groups of (account, aid) plus pairs that must stay apart. A pair of labelled
posts is predicted linked when both sit in one predicted group; precision and recall are over
such pairs, per account (a pair counts for each account it touches) and overall.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import combinations
from typing import Any

from wxintel.evaluation.labels import LabelsError, require, text

Ref = tuple[str, str]  # (account, aid)
STAGES = (
    "notice",
    "extension",
    "correction",
    "supplement",
    "shortlist",
    "result",
    "funding",
    "other",
)
RELATIONS = ("original", "repost", "edited_repost")


def check_reposts(data: Any) -> dict[str, Any]:
    """The repost set, checked: clusters of members and near-miss pairs."""
    require(isinstance(data, dict), "the repost labels", "an object", data)
    _groups(data, "clusters", "members", "relation", RELATIONS)
    _pairs(data, "near_misses")
    return data


def check_threads(data: Any) -> dict[str, Any]:
    """The thread set, checked: threads of articles with stages and look-alike pairs."""
    require(isinstance(data, dict), "the thread labels", "an object", data)
    _groups(data, "threads", "articles", "stage", STAGES)
    _pairs(data, "look_alikes")
    return data


def _groups(data: dict[str, Any], name: str, members: str, field: str, allowed: tuple) -> None:
    groups = data.get(name)
    require(isinstance(groups, list) and bool(groups), f'"{name}"', "a non-empty list", groups)
    for i, group in enumerate(groups):
        where = f"{name}[{i}]"
        require(isinstance(group, dict), where, "an object", group)
        items = group.get(members)
        require(isinstance(items, list) and bool(items), f"{where}.{members}", "a list", items)
        for j, item in enumerate(items):
            _ref(item, f"{where}.{members}[{j}]")
            if item.get(field) not in allowed:
                raise LabelsError(
                    f"{where}.{members}[{j}].{field} must be one of {', '.join(allowed)}"
                )


def _pairs(data: dict[str, Any], name: str) -> None:
    pairs = data.get(name, [])
    require(isinstance(pairs, list), f'"{name}"', "a list", pairs)
    for i, pair in enumerate(pairs):
        require(isinstance(pair, dict), f"{name}[{i}]", "an object", pair)
        _ref(pair.get("a"), f"{name}[{i}].a")
        _ref(pair.get("b"), f"{name}[{i}].b")


def _ref(item: Any, where: str) -> None:
    require(isinstance(item, dict), where, "an object with account and aid", item)
    require(text(item.get("account")), f"{where}.account", "a string", item.get("account"))
    require(text(item.get("aid")), f"{where}.aid", "a string", item.get("aid"))


def ref(item: dict[str, Any]) -> Ref:
    return (item["account"], item["aid"])


def score_groups(
    groups: list[list[Ref]],
    apart: list[tuple[Ref, Ref]],
    predicted: dict[Ref, str],
) -> dict[str, Any]:
    """Pair precision and recall per account and overall, and the apart pairs linked."""
    gold = {frozenset(p) for members in groups for p in combinations(members, 2)}
    universe = sorted({r for members in groups for r in members} | {r for p in apart for r in p})
    linked = {
        frozenset((x, y))
        for x, y in combinations(universe, 2)
        if predicted.get(x) is not None and predicted.get(x) == predicted.get(y)
    }
    accounts = sorted({r[0] for r in universe})
    per_account = {
        account: _pr(
            {p for p in gold if any(r[0] == account for r in p)},
            {p for p in linked if any(r[0] == account for r in p)},
        )
        for account in accounts
    }
    apart_linked = sum(frozenset(p) in linked for p in apart)
    return {
        "overall": _pr(gold, linked),
        "accounts": per_account,
        "apart_pairs": len(apart),
        "apart_linked": apart_linked,
    }


def _pr(gold: set, linked: set) -> dict[str, Any]:
    hit = len(gold & linked)
    return {
        "gold_pairs": len(gold),
        "predicted_pairs": len(linked),
        "precision": round(hit / len(linked), 3) if linked else None,
        "recall": round(hit / len(gold), 3) if gold else None,
    }


def format_report(scores: dict[str, dict[str, Any]], extra: list[str], apart_name: str) -> str:
    """A table: per account and overall, wxintel beside the baseline; then the extra lines."""
    ours, base = scores["wxintel"], scores["baseline"]
    header = f"{'account':<14} {'pairs':>5}  {'P':>6} {'R':>6}   {'P base':>6} {'R base':>6}"
    lines = [header, "-" * len(header)]
    rows = [*ours["accounts"].items(), ("overall", ours["overall"])]
    for account, figures in rows:
        b = base["overall"] if account == "overall" else base["accounts"][account]
        lines.append(
            f"{account:<14} {figures['gold_pairs']:>5}  {_f(figures['precision']):>6}"
            f" {_f(figures['recall']):>6}   {_f(b['precision']):>6} {_f(b['recall']):>6}"
        )
    lines.append(
        f"{apart_name} linked: {ours['apart_linked']}/{ours['apart_pairs']}"
        f" (baseline {base['apart_linked']}/{base['apart_pairs']})"
    )
    return "\n".join([*lines, *extra])


def _f(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


def evaluate(
    labels: dict[str, Any],
    kind: str,
    key_of: Callable[[Ref], str | None],
    ours: dict[str, str],
    baseline: dict[str, str],
) -> tuple[list[list[Ref]], list[tuple[Ref, Ref]], dict[str, Any]]:
    """Both systems' pair scores for the `kind` ("reposts" or "threads") labels."""
    group_name, member_name, apart_name = (
        ("clusters", "members", "near_misses")
        if kind == "reposts"
        else ("threads", "articles", "look_alikes")
    )
    groups = [[ref(m) for m in g[member_name]] for g in labels[group_name]]
    apart = [(ref(p["a"]), ref(p["b"])) for p in labels.get(apart_name, [])]
    refs = {r for g in groups for r in g} | {r for p in apart for r in p}
    keys = {r: key_of(r) for r in refs}
    ours_by_ref = {r: ours.get(k) for r, k in keys.items() if k}
    base_by_ref = {r: baseline.get(k) for r, k in keys.items() if k}
    scores = {
        "wxintel": score_groups(groups, apart, ours_by_ref),
        "baseline": score_groups(groups, apart, base_by_ref),
        "unknown": sorted(f"{a}/{b}" for (a, b), k in keys.items() if not k),
    }
    return groups, apart, scores
