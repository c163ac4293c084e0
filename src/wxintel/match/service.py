"""Eligibility over a store: the conditions of a stored call and the verdicts of a profile on
the calls of the archive. The CLI, the web pages, the API and watchlists all call these."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from wxintel import dates
from wxintel.extract.conditions import Condition, extract_conditions
from wxintel.extract.jurisdiction import implied_jurisdiction
from wxintel.match.judge import Verdict, judge
from wxintel.match.profile import Profile, ProfileError, load_profile, parse_profile
from wxintel.nlp.regions import home_region
from wxintel.options import iso_day
from wxintel.store import SQLStore, StoredArticle
from wxintel.store.profiles import ProfileRow, ProfileStore
from wxintel.webhook import Delivery, post_json

VERDICT_ORDER = {"eligible": 0, "unknown": 1, "ineligible": 2}


class Homes:
    """Each account's home region, learned from its own posts once per archive state: reading
    an account's every post on each request would cost more than the verdicts. Kept on the store
    object (a web store thread's store lives as long as the server)."""

    def __init__(self, store: SQLStore) -> None:
        self.store = store
        generation = store.generation()
        cache = getattr(store, "_eligibility_homes", None)
        if cache is None or cache[0] != generation:
            cache = (generation, {})
            store._eligibility_homes = cache  # type: ignore[attr-defined]
        self.known: dict[str, str | None] = cache[1]

    def __call__(self, account: str) -> str | None:
        if account not in self.known:
            texts = (a.content for a in self.store.iter_articles(accounts=[account]))
            self.known[account] = home_region(texts)
        return self.known[account]


def default_as_of(store: SQLStore) -> date:
    """Today in Shanghai, or the archive's newest post when that is older: the day `calls`
    judges on (one rule for both, in wxintel.dates)."""
    return store.calls_as_of()[0]


def article_conditions(
    store: SQLStore, article: StoredArticle, homes: Homes | None = None
) -> list[Condition]:
    """The conditions a stored call states on its applicants, and the registration place it
    implies when it states none (its issuer's jurisdiction, marked `implied`)."""
    homes = homes or Homes(store)
    post, home = article.to_article(), homes(article.account)
    stated = extract_conditions(post, home)
    implied = implied_jurisdiction(post, home, stated, article.kind)
    return [*stated, implied] if implied else stated


def conditions_json(store: SQLStore, article: StoredArticle) -> dict[str, Any]:
    """`wxintel conditions AID --json` and `/api/conditions/{key}`."""
    return {
        "account": article.account,
        "id": article.id,
        "key": article.key,
        "title": article.title,
        "conditions": [c.to_json() for c in article_conditions(store, article)],
    }


def judge_article(
    store: SQLStore,
    article: StoredArticle,
    profile: Profile,
    as_of: date,
    homes: Homes | None = None,
) -> Verdict:
    return judge(article_conditions(store, article, homes), profile, as_of)


def match_calls(
    store: SQLStore,
    profile: Profile,
    as_of: date | str,
    every: bool = False,
    known: dict[str, list[Condition]] | None = None,
) -> list[dict[str, Any]]:
    """Verdicts of `profile` on the calls open on `as_of` (a date or "2025-10-15"; eligible
    soonest deadline first, then unknown, then ineligible); with `every`, on every call of
    the archive, each judged as of its own publish date. `known` holds calls' conditions
    already read (key → conditions) and is filled as they are read: they depend on the
    archive, not on the profile, so a server keeps one per archive state rather than reading
    every call on every view."""
    if isinstance(as_of, str):
        as_of = iso_day("as_of", as_of) or default_as_of(store)
    notices = store.calls(status="all" if every else "open", as_of=as_of)
    homes = Homes(store)
    known = {} if known is None else known
    out = []
    for notice in notices:
        article = store.get(notice["key"])
        if article is None:
            continue
        day = dates.day(article.published) if every and article.published else as_of
        found = known.get(article.key)
        if found is None:
            found = known[article.key] = article_conditions(store, article, homes)
        verdict = judge(found, profile, day)
        out.append(
            {
                "account": article.account,
                "id": article.id,
                "key": article.key,
                "title": article.title,
                "deadline": notice["deadline"]
                or (notice["period"][1] if notice["period"] else None),
                "published": article.published,
                "as_of": day.isoformat(),  # the day judged on: a link to the call keeps it
                **verdict.to_json(),
                # 0: no conditions section found, nothing but the implied place was checked
                "stated": sum(not c.implied for c in found),
                # the issuer's place the call is taken to be for, when it states none
                "implied_place": next((c.value[0] for c in found if c.implied), None),
            }
        )
    far = "9999-12-31"
    out.sort(key=lambda r: (VERDICT_ORDER[r["verdict"]], r["deadline"] or far, r["key"]))
    return out


# -- stored profiles -----------------------------------------------------------------------


def save_profile(store: SQLStore, profile: Profile, team: str = "", replace: bool = False) -> bool:
    """Store a profile (its known fields only); True when it is new."""
    return ProfileStore(store).save(profile.name, profile.to_json(), team, _now(), replace)


def stored_profiles(store: SQLStore, team: str | None = None) -> list[ProfileRow]:
    return ProfileStore(store).all(team)


def remove_profile(store: SQLStore, name: str) -> bool:
    return ProfileStore(store).remove(name)


def stored_profile(store: SQLStore, name: str) -> Profile | None:
    row = ProfileStore(store).get(name)  # a NaN stored before e9732b9 is read as unknown
    return parse_profile(row.data, f"stored profile {name!r}") if row else None


def resolve_profile(store: SQLStore, ref: str) -> Profile:
    """A profile named by a file path (JSON/YAML) or by its stored name."""
    path = Path(ref)
    if path.suffix in {".json", ".yaml", ".yml"} or path.exists():
        return load_profile(path)
    found = stored_profile(store, ref)
    if found is None:
        raise ProfileError(f"no profile file or stored profile named {ref!r}")
    return found


def watch_profile(
    store: SQLStore, name: str, watched: bool = True, webhook: str | None = None
) -> bool:
    return ProfileStore(store).set_watched(name, watched, webhook)


@dataclass
class ProfileAlerts:
    """One watched profile's run: the eligible calls it was not yet told of, and whether they
    went out (None: no webhook, or nothing to send; the caller shows them, then acknowledges)."""

    profile_id: int
    profile: str
    webhook: str
    new: list[dict[str, Any]]
    delivery: Delivery | None = None

    @property
    def undelivered(self) -> bool:
        """Its webhook was tried and failed: the alerts wait for the next run."""
        return self.delivery is not None and not self.delivery.ok

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"profile": self.profile, "new": self.new}
        if self.webhook:
            data["webhook"] = self.delivery.describe() if self.delivery else "nothing to send"
        return data


def profile_alerts(
    store: SQLStore, as_of: date, post: Callable[[str, Any], Delivery] = post_json
) -> list[ProfileAlerts]:
    """For each watched profile, the open calls newly eligible for it; a profile with a webhook
    has them POSTed here and marked delivered when that worked (else they go out next run).

    A call is announced once, whenever it turns eligible: a new post, or a field filled in."""
    profiles = ProfileStore(store)
    reports = []
    for row in profiles.all():
        if not row.watched:
            continue
        profile = parse_profile(row.data, f"stored profile {row.name!r}")
        eligible = [r for r in match_calls(store, profile, as_of) if r["verdict"] == "eligible"]
        profiles.record_eligible(row.id, [r["key"] for r in eligible], _now())
        pending = profiles.undelivered(row.id)
        report = ProfileAlerts(
            row.id, row.name, row.webhook, [r for r in eligible if r["key"] in pending]
        )
        if row.webhook and report.new:
            body = {
                "profile": row.name,
                "as_of": as_of.isoformat(),
                "sent": _now(),
                "items": report.new,
            }
            report.delivery = post(row.webhook, body)
            if report.delivery.ok:
                profiles.mark_delivered(row.id, [r["key"] for r in report.new], _now())
        reports.append(report)
    return reports


def acknowledge_alerts(store: SQLStore, reports: list[ProfileAlerts]) -> None:
    """Mark the shown alerts of profiles without a webhook delivered: never announced again."""
    profiles = ProfileStore(store)
    for report in reports:
        if not report.webhook:
            profiles.mark_delivered(report.profile_id, [r["key"] for r in report.new], _now())


def _now() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()
