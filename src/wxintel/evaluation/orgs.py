"""Junk organisation names, measured on one fixed labelled list (eval/orgs_sample1.json).

A sample redrawn after each change shows other names, so it cannot show the junk rate move
(the seventh session's 100-name draws read 12/100 before and 16-25/100 after). This list is
drawn once and labelled once, keyed by (account, name): a change is scored by which of those
names the extractor still gives on the same archive — junk names gone, good names kept.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from wxintel.evaluation.labels import listed, require, text

ORGS_SHAPE = '{"names": [{"account": "天津西青", "name": "区民政局", "junk": false}, …]}'


def check_org_labels(labels: Any) -> dict[str, Any]:
    """`labels` when it lists (account, name) pairs each labelled junk or not, else LabelsError."""
    for n, item in enumerate(listed(labels, "names", ORGS_SHAPE)):
        where = f"names[{n}]"
        require(isinstance(item, dict), where, 'an object with "account", "name", "junk"', item)
        for field in ("account", "name"):
            value = item.get(field)
            require(text(value), f"{where}.{field}", "a non-empty string", value)
        require(isinstance(item.get("junk"), bool), f"{where}.junk", "true or false",
                item.get("junk"))  # fmt: skip
    return labels


def score_orgs(labels: dict[str, Any], found: Iterable[tuple[str, str]]) -> dict[str, Any]:
    """Per account and overall: of the labelled names, how many the extractor still gives, and
    the junk share among those (the rate a reader of the entity list meets)."""
    check_org_labels(labels)
    given = set(found)
    rows: dict[str, dict[str, int]] = {}
    missing: list[dict[str, Any]] = []
    for item in labels["names"]:
        key = (item["account"], item["name"])
        for name in (item["account"], "overall"):
            row = rows.setdefault(name, {"labelled": 0, "junk": 0, "found": 0, "junk_found": 0})
            row["labelled"] += 1
            row["junk"] += item["junk"]
            row["found"] += key in given
            row["junk_found"] += item["junk"] and key in given
        if not item["junk"] and key not in given:
            missing.append({"account": key[0], "name": key[1], "why": "good name no longer given"})
    figures = {name: _figures(row) for name, row in rows.items()}
    overall = figures.pop("overall")
    return {"accounts": dict(sorted(figures.items())), "overall": overall, "lost": missing}


def _figures(row: dict[str, int]) -> dict[str, Any]:
    return {
        **row,
        "junk_rate": row["junk_found"] / row["found"] if row["found"] else None,
        "junk_gone": row["junk"] - row["junk_found"],
        "good_lost": (row["labelled"] - row["junk"]) - (row["found"] - row["junk_found"]),
    }


def format_orgs_report(scores: dict[str, Any]) -> str:
    """One row per account and overall, then the good names lost."""
    lines = [f"{'account':<14}{'labelled':>9}{'junk':>6}{'given':>7}{'junk given':>12}"
             f"{'junk rate':>11}{'junk gone':>11}{'good lost':>11}"]  # fmt: skip
    for name, f in [*scores["accounts"].items(), ("overall", scores["overall"])]:
        rate = "n/a" if f["junk_rate"] is None else f"{f['junk_rate']:.3f}"
        lines.append(
            f"{name:<14}{f['labelled']:>9}{f['junk']:>6}{f['found']:>7}{f['junk_found']:>12}"
            f"{rate:>11}{f['junk_gone']:>11}{f['good_lost']:>11}"
        )
    lines += [f"  lost {item['account']} {item['name']}" for item in scores["lost"]]
    return "\n".join(lines)


def format_orgs_comparison(rules: dict[str, Any], learned: dict[str, Any]) -> str:
    """The rules alone beside the rules with the learned junk filter, per account and overall
    (scored on the same list in the same run), then the good names the filter loses."""
    lines = [
        f"{'':<29}{'rules alone':>20}{'rules + learned filter':>36}",
        f"{'account':<14}{'labelled':>9}{'junk':>6}{'given':>7}{'junk':>6}{'rate':>7}{'':>4}"
        f"{'given':>7}{'junk':>6}{'rate':>7}{'junk gone':>11}{'good lost':>11}",
    ]
    pairs = [
        (name, rules["accounts"][name], learned["accounts"][name]) for name in rules["accounts"]
    ]
    for name, r, f in [*pairs, ("overall", rules["overall"], learned["overall"])]:
        lines.append(
            f"{name:<14}{r['labelled']:>9}{r['junk']:>6}"
            f"{r['found']:>7}{r['junk_found']:>6}{_rate(r):>7}{'':>4}"
            f"{f['found']:>7}{f['junk_found']:>6}{_rate(f):>7}"
            f"{r['junk_found'] - f['junk_found']:>11}{f['good_lost'] - r['good_lost']:>11}"
        )
    before = {(item["account"], item["name"]) for item in rules["lost"]}
    lines += [
        f"  lost by the filter {item['account']} {item['name']}"
        for item in learned["lost"]
        if (item["account"], item["name"]) not in before
    ]
    return "\n".join(lines)


def _rate(figures: dict[str, Any]) -> str:
    return "n/a" if figures["junk_rate"] is None else f"{figures['junk_rate']:.3f}"
