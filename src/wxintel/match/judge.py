"""A call's conditions weighed against one firm profile, as of a date.

Each condition is met, failed, unknown (a profile field it needs is left out) or unchecked
(`other`: no profile field decides it). A failing clause outweighs a missing field: the verdict
is ineligible as soon as one clause fails, unknown when none fails but one needs a missing
field, eligible otherwise (with the unchecked clauses listed for a human to read).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from wxintel.extract.audience import NOT_FIRMS
from wxintel.extract.conditions import Condition, qualification_name, sector_names
from wxintel.match.profile import Profile
from wxintel.match.sizes import classes_between, size_range, size_table, sme_industry
from wxintel.nlp.regions import regions

MET, FAILED, UNKNOWN, UNCHECKED = "met", "failed", "unknown", "unchecked"
_RELATIVE = re.compile(r"^P(\d+)M$")


@dataclass
class Outcome:
    status: str
    missing: list[str] = field(default_factory=list)
    failed_fields: list[str] = field(default_factory=list)


@dataclass
class Verdict:
    verdict: str  # eligible | ineligible | unknown
    because: list[dict[str, Any]] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    unchecked: list[str] = field(default_factory=list)
    marks: list[dict[str, Any]] = field(default_factory=list)  # each condition with its status

    def to_json(self) -> dict[str, Any]:
        return {
            "verdict": self.verdict,
            "because": self.because,
            "missing": self.missing,
            "unchecked": self.unchecked,
        }


def judge(conditions: list[Condition], profile: Profile, as_of: date) -> Verdict:
    """The verdict of `profile` on a call with `conditions`, as of `as_of`."""
    because: list[dict[str, Any]] = []
    missing: list[str] = []
    unchecked: list[str] = []
    marks = []
    for condition in conditions:
        outcome = evaluate(condition, profile, as_of)
        marks.append({**condition.to_json(), "status": outcome.status, "missing": outcome.missing})
        if outcome.status == FAILED:
            for name in outcome.failed_fields:
                because.append(
                    {
                        "field": name,
                        "text": condition.text,
                        "start": condition.start,
                        "end": condition.end,
                        "implied": condition.implied,  # not stated: the issuer's place
                    }
                )
        elif outcome.status == UNKNOWN:
            missing += [m for m in outcome.missing if m not in missing]
        elif outcome.status == UNCHECKED:
            unchecked.append(condition.text)
    if because:
        return Verdict("ineligible", because, [], unchecked, marks)
    if missing:
        return Verdict("unknown", [], missing, unchecked, marks)
    return Verdict("eligible", [], [], unchecked, marks)


def evaluate(condition: Condition, profile: Profile, as_of: date) -> Outcome:
    """One condition (a leaf or an any_of/all_of of them) against the profile."""
    if condition.op in ("any_of", "all_of"):
        outcomes = [evaluate(part, profile, as_of) for part in condition.parts]
        return _combine(condition.op, outcomes)
    check = _CHECKS.get(condition.field)
    if check is None:
        return Outcome(UNCHECKED)
    return check(condition, profile, as_of)


def _combine(op: str, outcomes: list[Outcome]) -> Outcome:
    statuses = [o.status for o in outcomes]
    missing = [m for o in outcomes if o.status == UNKNOWN for m in o.missing]
    failed = [f for o in outcomes if o.status == FAILED for f in o.failed_fields]
    if op == "any_of":
        if MET in statuses:
            return Outcome(MET)
        if all(s == FAILED for s in statuses):
            return Outcome(FAILED, failed_fields=_unique(failed))
        if UNKNOWN in statuses:
            return Outcome(UNKNOWN, _unique(missing))
        return Outcome(UNCHECKED)
    if FAILED in statuses:
        return Outcome(FAILED, failed_fields=_unique(failed))
    if UNKNOWN in statuses:
        return Outcome(UNKNOWN, _unique(missing))
    return Outcome(UNCHECKED if UNCHECKED in statuses else MET)


def _unique(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))


def _result(ok: bool, name: str) -> Outcome:
    return Outcome(MET) if ok else Outcome(FAILED, failed_fields=[name])


def _credit(condition: Condition, profile: Profile, as_of: date) -> Outcome:
    if profile.credit_ok is None:
        return Outcome(UNKNOWN, ["credit_ok"])
    return _result(profile.credit_ok, "credit_ok")


def _number(condition: Condition, profile: Profile, as_of: date) -> Outcome:
    have = getattr(profile, condition.field)
    if have is None:
        return Outcome(UNKNOWN, [condition.field])
    want = float(condition.value)
    ok = (
        have >= want
        if condition.op == ">="
        else have <= want
        if condition.op == "<="
        else have == want
    )
    return _result(ok, condition.field)


def _founded(condition: Condition, profile: Profile, as_of: date) -> Outcome:
    if profile.registered_on is None:
        return Outcome(UNKNOWN, ["registered_on"])
    relative = _RELATIVE.match(str(condition.value))
    if relative:
        months = as_of.year * 12 + as_of.month - 1 - int(relative.group(1))
        bound = date(months // 12, months % 12 + 1, min(as_of.day, 28))
    else:
        bound = date.fromisoformat(str(condition.value))
    have = profile.registered_on
    return _result(have >= bound if condition.op == ">=" else have <= bound, "registered_on")


def _wanted(condition: Condition) -> list[str]:
    value = condition.value
    return list(value) if isinstance(value, list) else [value]


def _industries(condition: Condition, profile: Profile, as_of: date) -> Outcome:
    if profile.industries is None:
        return Outcome(UNKNOWN, ["industries"])
    have = sector_names(list(profile.industries))
    hit = bool(have & set(_wanted(condition)))
    return _result(hit if condition.op == "has" else not hit, "industries")


def _qualifications(condition: Condition, profile: Profile, as_of: date) -> Outcome:
    if profile.qualifications is None:
        return Outcome(UNKNOWN, ["qualifications"])
    have = {qualification_name(q) for q in profile.qualifications}
    if condition.op == "not_has":
        return _result(not have & set(_wanted(condition)), "qualifications")
    outcomes = []
    for wanted in _wanted(condition):
        if wanted in have:
            outcomes.append(Outcome(MET))
        else:
            outcomes.append(_derived_qualification(wanted, profile))
    return _combine("any_of", outcomes)


def _derived_qualification(wanted: str, profile: Profile) -> Outcome:
    """A status the statistics define (规模以上工业企业 = industrial firm above a revenue bar)."""
    rule = size_table()["above_designated_size"]
    if wanted != rule["qualification"]:
        return Outcome(FAILED, failed_fields=["qualifications"])
    if profile.industries is not None and rule["sector"] not in sector_names(
        list(profile.industries)
    ):
        return Outcome(FAILED, failed_fields=["qualifications"])
    if profile.revenue_wan is not None and profile.revenue_wan < rule["revenue_wan"]:
        return Outcome(FAILED, failed_fields=["qualifications"])
    missing = [
        name
        for name, value in (
            ("industries", profile.industries),
            ("revenue_wan", profile.revenue_wan),
        )
        if value is None
    ]
    return Outcome(UNKNOWN, missing) if missing else Outcome(MET)


def _size(condition: Condition, profile: Profile, as_of: date) -> Outcome:
    if profile.industries is None:
        return Outcome(UNKNOWN, ["industries"])
    industry = sme_industry(sector_names(list(profile.industries)))
    figures = {
        "employees": profile.employees,
        "revenue_wan": profile.revenue_wan,
        "assets_wan": profile.assets_wan,
    }
    low, high, missing = size_range(industry, figures)
    possible = set(classes_between(low, high))
    wanted = set(_wanted(condition))
    if possible <= wanted:
        return Outcome(MET)
    if not possible & wanted:
        metrics = list(size_table()["industries"][industry])  # the figures this industry uses
        return Outcome(FAILED, failed_fields=missing_or(metrics, figures))
    return Outcome(UNKNOWN, missing)


def missing_or(names: list[str], figures: dict[str, float | None]) -> list[str]:
    """The known figures among `names` (those that decided a size)."""
    return [n for n in names if figures.get(n) is not None] or names


def _place(condition: Condition, profile: Profile, as_of: date) -> Outcome:
    """Registered in one of the places (a country, province, city, district or zone)."""
    table = regions()
    chain: list[str] = []
    district = profile.registered_district
    if district in table.ambiguous:  # 鼓楼区 of the profile's own city
        district = table.disambiguate(district, [profile.registered_city or ""]) or district
    for known in (district, profile.registered_city):
        if known:
            chain += table.chain(known)
    address_zones = [n for _, _, n in table.find(profile.registered_address or "")]
    for zone in address_zones:
        chain += table.chain(zone)
    outcomes = [_one_place(place, chain, profile, condition.field) for place in _wanted(condition)]
    return _combine("any_of", outcomes)


def _one_place(place: str, chain: list[str], profile: Profile, name: str) -> Outcome:
    table = regions()
    place = table.name(place)
    if place in chain:
        return Outcome(MET)
    if not table.known(place):
        return _unplaced(place, profile)
    level = table.level(place)
    city, district = profile.registered_city, profile.registered_district
    if level == "country":
        return Outcome(MET) if city or district else Outcome(UNKNOWN, ["registered_city"])
    if level in ("province", "city"):
        if not city and not district:
            return Outcome(UNKNOWN, ["registered_city"])
        if any(table.known(p) for p in chain) or level == "city":
            return Outcome(FAILED, failed_fields=[name])
        return Outcome(UNKNOWN, ["registered_city"])
    if level == "district":
        if district:
            return Outcome(FAILED, failed_fields=[name])
        outer = table.at_level(place, "city")
        if city and outer and outer not in table.chain(city):
            return Outcome(FAILED, failed_fields=[name])
        return Outcome(UNKNOWN, ["registered_district"])
    # a zone inside a district: the address decides when the district holds the zone
    parent = table.regions[place].parent if table.known(place) else ""
    if parent and (district or city) and parent not in chain:
        outer = table.at_level(parent, "city")
        if district or (outer and city and outer not in table.chain(city)):
            return Outcome(FAILED, failed_fields=[name])
    return Outcome(UNKNOWN, ["registered_address"])


def _unplaced(place: str, profile: Profile) -> Outcome:
    """A place no region file knows (在滨海试验区注册): its level is only guessed from its suffix
    and what holds it is not known, so it may lie inside the firm's district (a zone, a new
    area) or not. Only the firm's address naming it decides; a profile without one is asked
    for it, never failed on a guess."""
    if place in (profile.registered_address or ""):
        return Outcome(MET)
    return Outcome(UNKNOWN, ["registered_address"])


def _applicant(condition: Condition, profile: Profile, as_of: date) -> Outcome:
    """A profile is a firm's: a call addressed to individuals (students, residents) or to
    governments (the provinces' departments, pilot cities) is not one it can apply to."""
    return _result(condition.value not in NOT_FIRMS, "applicant")


_CHECKS = {
    "applicant": _applicant,
    "credit_ok": _credit,
    "employees": _number,
    "revenue_wan": _number,
    "assets_wan": _number,
    "tax_wan": _number,
    "rd_ratio_pct": _number,
    "rd_expense_wan": _number,
    "ip_count": _number,
    "registered_on": _founded,
    "industries": _industries,
    "qualifications": _qualifications,
    "size": _size,
    "registered_city": _place,
    "registered_district": _place,
    "registered_address": _place,
}
