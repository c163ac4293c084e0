"""Eligibility through the store and the CLI, on SQLite and PostgreSQL: profiles stored per
team, `match --json` in the documented shape, `conditions --json`, alerts once, the eval."""

from __future__ import annotations

import functools
import json
from datetime import date
from pathlib import Path

import pytest
from conftest import BACKENDS, MORE, REPO, StoreTarget, ingested_target
from helpers import MINHANG_FIRM as PROFILE
from helpers import Receiver
from typer.testing import CliRunner

from wxintel.cli import app
from wxintel.match import service
from wxintel.match.profile import parse_profile
from wxintel.store.profiles import ProfileStore
from wxintel.webhook import post_json

ACCOUNT = "闵行发展改革"
DEV = REPO / "eval" / "eligibility_dev.json"


@pytest.fixture(scope="module", params=BACKENDS)
def target(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> StoreTarget:
    """One district account's real posts, ingested once per backend."""
    return ingested_target(request, tmp_path_factory, "match", [MORE / f"{ACCOUNT}.json"])


def run(target: StoreTarget, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(
        app, ["--index", str(target.index_dir), *args, "--db", target.target]
    )
    return result.exit_code, result.stdout


def test_match_json_shape_and_order(target: StoreTarget, tmp_path: Path) -> None:
    profile = tmp_path / "firm.json"
    profile.write_text(json.dumps(PROFILE, ensure_ascii=False), "utf-8")
    code, out = run(target, "match", str(profile), "--all", "--json")
    assert code == 0
    rows = json.loads(out)
    assert rows and all(
        {"account", "id", "key", "title", "deadline", "verdict", "because", "missing", "unchecked"}
        <= set(r)
        for r in rows
    )
    order = [{"eligible": 0, "unknown": 1, "ineligible": 2}[r["verdict"]] for r in rows]
    assert order == sorted(order)
    # the 创新型企业总部 call: registered in 闵行区, 2亿 assets, 1亿 revenue, R&D bars, 15 IP: met
    hq = next(r for r in rows if r["id"] == "2247504046_1")
    assert hq["verdict"] == "eligible" and hq["unchecked"]
    # a firm of another city fails the same call on the registration clause, quoted with its span
    profile.write_text(
        json.dumps({**PROFILE, "registered_city": "西安市", "registered_district": "未央区"}),
        "utf-8",
    )
    code, out = run(target, "match", str(profile), "--all", "--json")
    hq = next(r for r in json.loads(out) if r["id"] == "2247504046_1")
    assert hq["verdict"] == "ineligible"
    assert hq["because"][0]["field"] == "registered_district"
    assert "闵行区" in hq["because"][0]["text"]


def test_open_calls_as_of_a_date(target: StoreTarget, tmp_path: Path) -> None:
    profile = tmp_path / "firm.yaml"
    profile.write_text("name: 小公司\nregistered_city: 上海市\n", "utf-8")
    code, out = run(target, "match", str(profile), "--as-of", "2025-07-03", "--json")
    assert code == 0
    rows = json.loads(out)
    assert "2247504046_1" in {r["id"] for r in rows}  # open until 2025-07-09
    assert all(r["deadline"] is None or r["deadline"][:10] >= "2025-07-03" for r in rows)
    hq = next(r for r in rows if r["id"] == "2247504046_1")
    assert hq["verdict"] == "unknown" and "registered_district" in hq["missing"]


def test_conditions_json_quotes_spans(target: StoreTarget) -> None:
    code, out = run(target, "conditions", "2247504046_1", "--json")
    assert code == 0
    data = json.loads(out)
    store = target.open()
    content = store.get(data["key"]).content
    store.close()
    assert data["conditions"] and all(
        content[c["start"] : c["end"]] == c["text"] for c in data["conditions"]
    )
    assert run(target, "conditions", "no-such-id", "--json")[0] == 4


def test_profiles_are_stored_per_team_and_alert_once(target: StoreTarget, tmp_path: Path) -> None:
    profile = tmp_path / "firm.json"
    profile.write_text(json.dumps(PROFILE, ensure_ascii=False), "utf-8")
    assert run(target, "profiles", "add", str(profile), "--team", "产业科", "--watch")[0] == 0
    assert run(target, "profiles", "add", str(profile))[0] == 2  # the name is taken
    listed = json.loads(run(target, "profiles", "list", "--team", "产业科", "--json")[1])
    assert [p["name"] for p in listed] == ["浦江智造"] and listed[0]["watched"]
    assert "employees" in listed[0]["profile"] and "tax_wan" not in listed[0]["profile"]
    # the stored profile is used by name
    code, out = run(target, "match", "浦江智造", "--as-of", "2025-07-03", "--json")
    assert code == 0 and any(r["verdict"] == "eligible" for r in json.loads(out))
    first = json.loads(run(target, "profiles", "alerts", "--as-of", "2025-07-03", "--json")[1])
    assert first[0]["profile"] == "浦江智造" and first[0]["new"]
    again = json.loads(run(target, "profiles", "alerts", "--as-of", "2025-07-03", "--json")[1])
    assert again[0]["new"] == []
    assert run(target, "profiles", "remove", "浦江智造")[0] == 0
    assert run(target, "profiles", "remove", "浦江智造")[0] == 4


def test_a_watched_profile_posts_its_alerts_and_keeps_failed_ones(target: StoreTarget) -> None:
    day = date(2025, 7, 3)
    down, up = Receiver(failures=1000), Receiver()
    store = target.open()
    try:
        service.save_profile(store, parse_profile({**PROFILE, "name": "挂钩"}, "test"))
        assert service.watch_profile(store, "挂钩", webhook=down.url)
        fast = functools.partial(post_json, backoff=0.01, timeout=2)
        failed = service.profile_alerts(store, day, post=fast)
        assert [r.profile for r in failed] == ["挂钩"] and failed[0].undelivered
        assert failed[0].new and down.bodies == []
        service.watch_profile(store, "挂钩", webhook=up.url)
        sent = service.profile_alerts(store, day, post=fast)  # what failed goes out now
        assert sent[0].delivery and sent[0].delivery.ok
        assert up.delivered_keys() == [r["key"] for r in failed[0].new]
        assert up.bodies[0]["profile"] == "挂钩" and up.bodies[0]["as_of"] == "2025-07-03"
        assert service.profile_alerts(store, day, post=fast)[0].new == []  # once only
        assert len(up.bodies) == 1
    finally:
        store.close()
        down.close()
        up.close()
    code, out = run(target, "watch", "run", "--json")  # watch run carries profile reports
    assert code == 0 and {"profile": "挂钩", "new": [], "webhook": "nothing to send"} in json.loads(
        out
    )
    assert run(target, "profiles", "watch", "挂钩", "--webhook", "ftp://x")[0] == 2
    assert run(target, "profiles", "remove", "挂钩")[0] == 0


def test_eval_eligibility_reports_per_account(target: StoreTarget) -> None:
    code, out = run(target, "eval", "eligibility", str(DEV), "--json")
    assert code == 0
    scores = json.loads(out)
    ours = scores["systems"]["wxintel"]
    assert set(ours) == {ACCOUNT, "overall"}  # the other accounts' calls are not in this store
    assert scores["not_found"] and not [m for m in scores["not_found"] if m.startswith(ACCOUNT)]
    assert ours[ACCOUNT]["eligible_unknown_pairs"] + ours[ACCOUNT]["ineligible_pairs"] == 12
    assert set(scores["systems"]) == {"wxintel", "baseline_all_eligible", "baseline_keyword"}


def test_the_table_says_when_a_post_states_no_condition(
    target: StoreTarget, tmp_path: Path, wide_console
):
    """`eligible · 0 clauses to read` read as "nothing stands in the way" for posts whose
    conditions were never found; the table says nothing but the issuer's place was checked (or
    nothing, where no place is known), as the page does."""
    from wxintel.commands.match import NOTHING_CHECKED, PLACE_ONLY

    profile = tmp_path / "firm.json"
    profile.write_text(json.dumps(PROFILE, ensure_ascii=False), "utf-8")
    code, out = run(target, "match", str(profile), "--all", "--json")
    assert code == 0
    eligible = [r for r in json.loads(out) if r["verdict"] == "eligible"]
    unstated = {r["id"]: r["implied_place"] for r in eligible if not r["stated"]}
    assert unstated and any(r["stated"] for r in eligible)  # both kinds among real calls
    asked = ["--index", str(target.index_dir), "match", str(profile), "--all"]
    shown = CliRunner().invoke(app, [*asked, "--db", target.target]).stdout
    rows = [line for line in shown.splitlines() if "eligible" in line]
    for aid, place in unstated.items():
        (row,) = [line for line in rows if f"({aid})" in line]
        assert (PLACE_ONLY.format(place) if place else NOTHING_CHECKED) in row
        assert "0 clauses" not in row
    assert "0 clauses to read" not in shown


def test_a_profile_stored_with_nan_is_read_with_that_field_unknown(target: StoreTarget) -> None:
    """Before profiles refused NaN, the form stored 'nan' as NaN; refusing it on read would
    make that profile fail every page and command. Its field is unknown instead."""
    store = target.open()
    try:
        firm = {**PROFILE, "name": "旧画像", "employees": float("nan")}
        ProfileStore(store).save("旧画像", firm, "", "2025-07-01T00:00:00+00:00", False)
    finally:
        store.close()
    code, out = run(target, "match", "旧画像", "--as-of", "2025-07-03", "--json")
    assert code == 0 and json.loads(out)
    # `profiles list --json` printed NaN, which no strict JSON reader takes: the field is left
    # out, as every unknown field is
    code, out = run(target, "profiles", "list", "--json")
    listed = json.loads(out, parse_constant=lambda word: pytest.fail(f"not JSON: {word}"))
    old = next(p["profile"] for p in listed if p["name"] == "旧画像")
    assert code == 0 and "employees" not in old
    assert old["revenue_wan"] == PROFILE["revenue_wan"]
    store = target.open()
    try:
        read = service.stored_profile(store, "旧画像")
        assert read is not None and read.employees is None
        assert read.revenue_wan == PROFILE["revenue_wan"]
    finally:
        store.close()
    assert run(target, "profiles", "remove", "旧画像")[0] == 0
