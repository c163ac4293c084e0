"""Scoring eligibility verdicts against the labelled (call, profile) pairs, beside baselines.

Per account and overall: eligible and unknown pairs are right when the verdict is the labelled
one; ineligible pairs are right when the verdict is ineligible and every field given as the
reason is a labelled failing field. Condition fields are scored too (precision and recall of
the decidable fields a call's conditions use, `other` left out). Baselines run in the same
process: "every call is eligible", and a keyword rule (ineligible when the conditions section
names a city or district the firm is not registered in, else eligible).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import Any

from wxintel import dates
from wxintel.evaluation.labels import LabelsError, require, text
from wxintel.extract.conditions import Condition, condition_sections
from wxintel.match.judge import judge
from wxintel.match.profile import Profile, ProfileError, parse_profile
from wxintel.model import Article
from wxintel.nlp.regions import regions

VERDICTS = ("eligible", "unknown", "ineligible")


def check_labels(data: Any) -> dict[str, Any]:
    """The labelled set, checked: profiles that parse, calls with a verdict for each profile."""
    require(isinstance(data, dict), "the labels", "an object", data)
    profiles = data.get("profiles")
    calls = data.get("calls")
    require(
        isinstance(profiles, list) and bool(profiles), "'profiles'", "a non-empty list", profiles
    )
    require(isinstance(calls, list) and bool(calls), "'calls'", "a non-empty list", calls)
    names = []
    for i, raw in enumerate(profiles):
        try:
            names.append(parse_profile(raw, f"profiles[{i}]").name)
        except ProfileError as exc:
            raise LabelsError(str(exc)) from exc
    for i, call in enumerate(calls):
        where = f"calls[{i}]"
        require(isinstance(call, dict), where, "an object", call)
        for key in ("account", "id"):
            require(text(call.get(key)), f"{where}.{key}", "a text", call.get(key))
        verdicts = call.get("verdicts")
        require(isinstance(verdicts, dict), f"{where}.verdicts", "an object", verdicts)
        for name in names:
            label = verdicts.get(name)
            require(isinstance(label, dict), f"{where}.verdicts[{name!r}]", "an object", label)
            require(
                label.get("verdict") in VERDICTS,
                f"{where}.verdicts[{name!r}].verdict",
                " or ".join(VERDICTS),
                label.get("verdict"),
            )
    return data


Lookup = Callable[[str, str], tuple[Article, list[Condition]] | None]


def score_eligibility(labels: dict[str, Any], lookup: Lookup) -> dict[str, Any]:
    """Scores of wxintel and the baselines, per account and overall."""
    profiles = [parse_profile(p) for p in labels["profiles"]]
    systems = ("wxintel", "baseline_all_eligible", "baseline_keyword")
    tallies: dict[str, dict[str, Counter[str]]] = {s: {} for s in systems}
    fields: dict[str, Counter[str]] = {}
    missing_calls = []
    for call in labels["calls"]:
        found = lookup(call["account"], call["id"])
        if found is None:
            missing_calls.append(f"{call['account']}:{call['id']}")
            continue
        article, conditions = found
        as_of = dates.day(article.published)
        _score_fields(fields.setdefault(call["account"], Counter()), call, conditions)
        for profile in profiles:
            label = call["verdicts"][profile.name]
            predictions = {
                "wxintel": judge(conditions, profile, as_of).to_json(),
                "baseline_all_eligible": {"verdict": "eligible", "because": []},
                "baseline_keyword": keyword_baseline(article, profile),
            }
            for system, predicted in predictions.items():
                tally = tallies[system].setdefault(call["account"], Counter())
                _score_pair(tally, label, predicted)
    return {
        "calls": len(labels["calls"]) - len(missing_calls),
        "not_found": missing_calls,
        "profiles": len(profiles),
        "systems": {s: _report(t) for s, t in tallies.items()},
        "condition_fields": _field_report(fields),
    }


def _score_pair(tally: Counter[str], label: dict[str, Any], predicted: dict[str, Any]) -> None:
    if label["verdict"] == "ineligible":
        tally["ineligible"] += 1
        reasons = {b["field"] for b in predicted.get("because", [])}
        if predicted["verdict"] == "ineligible" and reasons and reasons <= set(label["because"]):
            tally["ineligible_right"] += 1
    else:
        tally["eligible_unknown"] += 1
        tally["eligible_unknown_right"] += predicted["verdict"] == label["verdict"]


def _report(tallies: dict[str, Counter[str]]) -> dict[str, Any]:
    total: Counter[str] = Counter()
    out: dict[str, Any] = {}
    for account, tally in sorted(tallies.items()):
        total.update(tally)
        out[account] = _rates(tally)
    out["overall"] = _rates(total)
    return out


def _rates(tally: Counter[str]) -> dict[str, Any]:
    def rate(right: str, of: str) -> float | None:
        return round(tally[right] / tally[of], 3) if tally[of] else None

    return {
        "eligible_unknown_pairs": tally["eligible_unknown"],
        "eligible_unknown_right": rate("eligible_unknown_right", "eligible_unknown"),
        "ineligible_pairs": tally["ineligible"],
        "ineligible_right_reason": rate("ineligible_right", "ineligible"),
    }


def _leaf_fields(items: list[dict[str, Any]]) -> Counter[str]:
    out: Counter[str] = Counter()
    for item in items:
        value = item.get("value")
        if isinstance(value, list) and value and isinstance(value[0], dict):
            out.update(_leaf_fields(value))
        elif item["field"] != "other":
            out[item["field"]] += 1
    return out


def _score_fields(tally: Counter[str], call: dict[str, Any], conditions: list[Condition]) -> None:
    """Set overlap of the decidable fields used per call (how often is not scored); a place
    the call implies is not one it states, so extraction is scored without it."""
    want = set(_leaf_fields(call.get("conditions", [])))
    got = set(_leaf_fields([c.to_json() for c in conditions if not c.implied]))
    tally["labelled"] += len(want)
    tally["found"] += len(got)
    tally["right"] += len(want & got)


def _field_report(tallies: dict[str, Counter[str]]) -> dict[str, Any]:
    total: Counter[str] = Counter()
    out = {}
    for account, tally in sorted(tallies.items()):
        total.update(tally)
        out[account] = _pr(tally)
    out["overall"] = _pr(total)
    return out


def _pr(tally: Counter[str]) -> dict[str, float | None]:
    return {
        "precision": round(tally["right"] / tally["found"], 3) if tally["found"] else None,
        "recall": round(tally["right"] / tally["labelled"], 3) if tally["labelled"] else None,
    }


def keyword_baseline(article: Article, profile: Profile) -> dict[str, Any]:
    """Ineligible when a conditions section names a city/district the firm is not in."""
    table = regions()
    mine = set()
    for place in (profile.registered_district, profile.registered_city):
        if place:
            mine.update(table.chain(place))
    for start, end in condition_sections(article.content):
        for _, _, name in table.find(article.content[start:end]):
            level = table.level(name)
            if level in ("city", "district") and mine and name not in mine:
                field = "registered_district" if level == "district" else "registered_city"
                return {"verdict": "ineligible", "because": [{"field": field}]}
    return {"verdict": "eligible", "because": []}


def format_report(scores: dict[str, Any]) -> str:
    systems = scores["systems"]
    lines = [
        f"eligibility: {scores['calls']} calls x {scores['profiles']} profiles",
        f"{'account':<14} {'system':<22} {'elig/unknown right':>20} {'inelig right+reason':>21}",
    ]
    for account in systems["wxintel"]:
        for system, per_account in systems.items():
            r = per_account.get(account)
            if r is None:
                continue
            lines.append(
                f"{account:<14} {system:<22} "
                f"{_fmt(r['eligible_unknown_right'])} ({r['eligible_unknown_pairs']:>2})".rjust(20)
                + f"  {_fmt(r['ineligible_right_reason'])} ({r['ineligible_pairs']:>2})".rjust(21)
            )
    lines.append("condition fields (precision / recall):")
    for account, pr in scores["condition_fields"].items():
        lines.append(f"  {account:<14} {_fmt(pr['precision'])} / {_fmt(pr['recall'])}")
    if scores["not_found"]:
        lines.append("not in the database: " + ", ".join(scores["not_found"]))
    return "\n".join(lines)


def _fmt(value: float | None) -> str:
    return "  -  " if value is None else f"{value:.3f}"
