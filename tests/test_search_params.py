"""Search and entity parameters: one bound, one date check, one list of values per option,
refused alike by the CLI (exit 2), the REST API (422) and the pages (message by the field)."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from wxintel.cli import app
from wxintel.commands.common import EXIT_USAGE
from wxintel.options import ARTICLE_KINDS, ENTITY_KINDS, InvalidOption, iso_day
from wxintel.search import MAX_OFFSET, SearchQuery
from wxintel.store import SQLStore
from wxintel.web import create_app

runner = CliRunner()
QUERY = "智能工厂"


def cli(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(scope="module")
def client(seed_db: Path) -> Iterator[TestClient]:
    with TestClient(create_app(seed_db)) as c:
        yield c


# -- the shared checks ----------------------------------------------------------------------


@pytest.mark.parametrize("value", ["2025-13-01", "2025-02-30", "yesterday", "20251015", "2025-9-1"])
def test_iso_day_refuses_what_is_not_a_calendar_day(value: str):
    with pytest.raises(InvalidOption) as caught:
        iso_day("from", value)
    assert caught.value.name == "from" and repr(value) in str(caught.value)


def test_iso_day_takes_real_days_and_blank_fields():
    assert iso_day("to", "2024-02-29") == date(2024, 2, 29)
    assert iso_day("to", "") is None and iso_day("to", None) is None


def test_every_kind_stored_for_the_seed_is_an_allowed_kind(store: SQLStore):
    kinds = set(store.stats()["kinds"])
    assert len(kinds) > 3 and kinds <= set(ARTICLE_KINDS)


def test_the_python_api_refuses_an_unbounded_page(store: SQLStore):
    with pytest.raises(InvalidOption) as caught:
        store.search(SearchQuery(text=QUERY, offset=2_147_483_647))
    assert caught.value.name == "offset"
    with pytest.raises(InvalidOption) as caught:
        store.search(SearchQuery(text=QUERY, limit=2_147_483_647))
    assert caught.value.name == "limit"
    with pytest.raises(InvalidOption):
        store.search(SearchQuery(text=QUERY, date_from="2025-13-01"))
    assert store.search(SearchQuery(text=QUERY, offset=MAX_OFFSET)).hits == []


def test_a_page_past_the_end_says_so(store: SQLStore):
    total = store.search(SearchQuery(text=QUERY)).total
    assert total > 0
    past = store.search(SearchQuery(text=QUERY, offset=total))
    assert past.hits == [] and past.message == f"page is past the last result ({total} results)"
    assert store.search(SearchQuery(text=QUERY, offset=total - 1)).message is None


# -- CLI ------------------------------------------------------------------------------------


@pytest.mark.parametrize("offset", ["2147483647", "18446744073709551615"])
def test_cli_huge_offset_is_a_usage_error_not_a_crash(seed_db: Path, offset: str):
    code, out, err = cli("search", QUERY, "--db", str(seed_db), "--offset", offset)
    assert code == EXIT_USAGE, (out, err)
    assert "--offset" in err and str(MAX_OFFSET) in err and "Traceback" not in out + err


def test_cli_offset_past_the_end(seed_db: Path, store: SQLStore):
    total = store.search(SearchQuery(text=QUERY)).total
    code, _, err = cli("search", QUERY, "--db", str(seed_db), "--offset", str(total + 5))
    assert code == 0 and f"page is past the last result ({total} results)" in err


@pytest.mark.parametrize(
    ("option", "value"),
    [
        ("--from", "2025-13-01"),
        ("--from", "yesterday"),
        ("--to", "2025-02-30"),
        ("--kind", "bogus"),
        ("--lang", "xx"),
        ("--sort", "newest"),
    ],
)
def test_cli_refuses_values_that_would_silently_match_nothing(
    seed_db: Path, option: str, value: str
):
    code, out, err = cli("search", QUERY, "--db", str(seed_db), option, value)
    assert code == EXIT_USAGE
    assert f"{option} " in err and repr(value) in err and not out


def test_cli_to_before_from_is_refused(seed_db: Path):
    code, _, err = cli(
        "search", QUERY, "--db", str(seed_db), "--from", "2025-10-01", "--to", "2025-09-01"
    )
    assert code == EXIT_USAGE and "--to" in err


def test_cli_good_filters_still_filter(seed_db: Path):
    code, out, _ = cli(
        "search", "申报", "--db", str(seed_db), "--kind", "call", "--lang", "zh", "--json",
        "--from", "2025-09-01", "--to", "2025-09-30",
    )  # fmt: skip
    assert code == 0
    hits = json.loads(out)["hits"]
    assert hits and all(h["kind"] == "call" and h["published"][:7] == "2025-09" for h in hits)


def test_cli_entities_unknown_kind_is_a_usage_error(seed_db: Path):
    code, out, err = cli("entities", "--kind", "bogus", "--db", str(seed_db))
    assert code == EXIT_USAGE and "--kind" in err and "org" in err and not out
    code, out, _ = cli("entities", "--kind", "district", "--db", str(seed_db), "--json")
    assert code == 0 and {row["kind"] for row in json.loads(out)} == {"district"}


# -- REST API -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("from", "2025-13-01"),
        ("to", "2025-02-30"),
        ("from", "yesterday"),
        ("kind", "bogus"),
        ("lang", "xx"),
        ("sort", "newest"),
    ],
)
def test_api_search_refuses_bad_values_naming_the_parameter(
    client: TestClient, name: str, value: str
):
    response = client.get("/api/search", params={"q": QUERY, name: value})
    assert response.status_code == 422
    error = response.json()["error"]
    assert error.startswith(f"{name} ") and repr(value) in error


def test_api_search_offset_bound_and_past_the_end(client: TestClient):
    assert (
        client.get("/api/search", params={"q": QUERY, "offset": MAX_OFFSET + 1}).status_code == 422
    )
    body = client.get("/api/search", params={"q": QUERY, "offset": MAX_OFFSET}).json()
    assert body["hits"] == [] and body["message"] == (
        f"page is past the last result ({body['total']} results)"
    )


def test_api_entities_kinds_come_from_the_shared_list(client: TestClient):
    response = client.get("/api/entities", params={"kind": "bogus"})
    assert response.status_code == 422
    assert all(kind in response.json()["error"] for kind in ENTITY_KINDS)
    for kind in ENTITY_KINDS:
        rows = client.get("/api/entities", params={"kind": kind, "top": 5}).json()
        assert {row["kind"] for row in rows} <= {kind}
    schema = client.get("/openapi.json").json()["paths"]["/api/entities"]["get"]
    kind_param = next(p for p in schema["parameters"] if p["name"] == "kind")
    assert "org" in str(kind_param["schema"])


# -- pages ----------------------------------------------------------------------------------


def test_search_page_shows_a_bad_date_beside_its_field(client: TestClient):
    response = client.get("/search", params={"q": QUERY, "from": "2025-13-01", "kind": "bogus"})
    assert response.status_code == 422
    page = response.text
    field = page.index('name="from"')
    problem = page.index('id="problem-from"')
    assert field < problem < page.index('name="to"')
    assert "2025-13-01" in page[problem : problem + 300]
    assert 'id="problem-kind"' in page and 'class="hits"' not in page


def test_search_page_month_facets_link_to_real_days(client: TestClient):
    page = client.get("/search", params={"q": QUERY}).text
    links = re.findall(r'href="/search\?[^"]*?from=(\d{4}-\d{2}-\d{2})&amp;to=([\d-]+)', page)
    assert links
    for first, last in links:
        assert iso_day("to", last) > iso_day("from", first)
        followed = client.get("/search", params={"q": QUERY, "from": first, "to": last})
        assert followed.status_code == 200


def test_entities_page_explains_an_unknown_kind(client: TestClient):
    response = client.get("/entities", params={"kind": "bogus"})
    assert response.status_code == 422 and "org" in response.text and "bogus" in response.text
    assert client.get("/entities", params={"kind": "org"}).status_code == 200


def test_call_status_and_kind_are_checked_on_the_api_and_the_board(client: TestClient):
    for path in ("/api/calls", "/calls"):
        for name, value in (("status", "bogus"), ("kind", "news")):
            response = client.get(path, params={name: value, "as_of": "2025-10-15"})
            assert response.status_code == 422, (path, name)
            said = f"{name} must be one of" if path.startswith("/api") else f"参数 {name} 只能是"
            assert said in response.text and repr(value) in html.unescape(response.text)
    closed = client.get("/api/calls", params={"status": "closed", "as_of": "2025-10-15"}).json()
    assert closed and all(call["days_left"] < 0 for call in closed)
    board = client.get("/calls", params={"status": "closed", "as_of": "2025-10-15"}).text
    everything = client.get("/calls", params={"as_of": "2025-10-15"}).text
    assert all(call["title"] in html.unescape(board) for call in closed)
    assert board.count('<li class="call"') < everything.count('<li class="call"')
