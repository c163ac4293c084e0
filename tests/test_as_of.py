"""`--as-of` on search and ask (and `as_of` on /api/search and /api/ask): date words in a query
or question (上个月, a month without a year) count from the day given, so an answer can be
reproduced as of a day, as the calls board's can. The seed's posts run 2025-09-10 to 2025-10-15."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from wxintel.cli import EXIT_NOT_FOUND, app
from wxintel.web import create_app

runner = CliRunner()
QUESTION = "上个月发布的智能产品征集什么时候截止？"


def search(seed_db: Path, *args: str) -> dict:
    result = runner.invoke(app, ["search", *args, "--db", str(seed_db), "--json"])
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_search_counts_last_month_from_the_day_given(seed_db: Path):
    """上个月 as of 2025-10-15 is September 2025 (the seed's posts of it); as of 2025-09-05 it
    is August, which the seed holds no post of."""
    september = search(seed_db, "上个月", "申报", "--as-of", "2025-10-15", "--limit", "50")
    read = september["understood"]
    assert (read["as_of"], read["as_of_reason"]) == ("2025-10-15", "given")
    assert (read["from"], read["to"]) == ("2025-09-01", "2025-09-30")
    assert september["total"] > 0
    assert all(hit["published"].startswith("2025-09") for hit in september["hits"])
    august = search(seed_db, "上个月", "申报", "--as-of", "2025-09-05")
    # no post of August: the dates are dropped, and the page says so
    assert august["understood"]["relaxed_dates"] == {"from": "2025-08-01", "to": "2025-08-31"}
    assert august["total"] > 0 and august["understood"]["from"] is None


def test_search_reads_a_month_without_a_year_as_of_the_day_given(seed_db: Path):
    """9月 is the latest September on or before the day: 2025's as of 2025-10-15, 2024's as of
    2025-08-31 (an answer given then named last year's)."""
    this_year = search(seed_db, "9月", "申报", "--as-of", "2025-10-15")
    assert this_year["understood"]["from"] == "2025-09-01" and this_year["total"] > 0
    last_year = search(seed_db, "9月", "申报", "--as-of", "2025-08-31")
    assert last_year["understood"]["relaxed_dates"]["from"] == "2024-09-01"


def test_export_reads_date_words_as_of_the_day_given(seed_db: Path):
    """`export --q` exports what `search` finds as of the same day (the web's export link of a
    page with as_of does too)."""
    args = ["export", "--q", "上个月 申报", "--format", "jsonl", "--db", str(seed_db)]
    september = runner.invoke(app, [*args, "--as-of", "2025-10-15"])
    rows = [json.loads(line) for line in september.stdout.splitlines()]
    assert september.exit_code == 0 and rows
    assert all(row["published"].startswith("2025-09") for row in rows)
    august = runner.invoke(app, [*args, "--as-of", "2025-09-05"])
    assert august.exit_code == 0 and not august.stdout.strip()


def test_search_as_of_is_said_on_the_terminal(seed_db: Path, wide_console):
    shown = runner.invoke(
        app, ["search", "上个月", "申报", "--as-of", "2025-10-15", "--db", str(seed_db)]
    ).stdout
    assert "published 2025-09-01 to 2025-09-30" in shown
    assert "counted from 2025-10-15: --as-of" in shown
    august = runner.invoke(
        app, ["search", "上个月", "申报", "--as-of", "2025-09-05", "--db", str(seed_db)]
    ).stdout
    assert "nothing published 2025-08-01 to 2025-08-31: these are from other dates" in august


def ask(seed_db: Path, as_of: str | None) -> tuple[int, dict]:
    given = ["--as-of", as_of] if as_of else []
    args = ["ask", QUESTION, *given, "--db", str(seed_db), "--json"]
    result = runner.invoke(app, args)
    return result.exit_code, json.loads(result.stdout)


def test_ask_reads_last_month_from_the_day_given(seed_db: Path):
    """The same question quotes a post of the month before each day, and is refused as of a
    day whose month before the seed holds no post of."""
    for as_of, month in (("2025-10-15", "2025-09"), ("2025-11-20", "2025-10")):
        code, answer = ask(seed_db, as_of)
        assert code == 0 and answer["citations"], (as_of, answer)
        assert all(c["published"].startswith(month) for c in answer["citations"]), as_of
    code, answer = ask(seed_db, "2025-09-05")
    assert code == EXIT_NOT_FOUND and answer["refused"] and not answer["citations"]


def test_ask_without_as_of_counts_from_the_day_search_does(seed_db: Path):
    """With no --as-of, search counts 上个月 from the archive's newest post when the archive is
    older than today (the seed ends 2025-10-15); ask reads the question's date words from that
    same day, so it quotes the September posts search keeps, not a month the seed never reaches
    (it counted from today, and was refused)."""
    understood = search(seed_db, "上个月", "申报")["understood"]
    assert (understood["as_of"], understood["as_of_reason"]) == ("2025-10-15", "newest_post")
    code, answer = ask(seed_db, None)
    assert code == 0 and answer["citations"], answer
    assert all(c["published"].startswith("2025-09") for c in answer["citations"])
    assert answer == ask(seed_db, understood["as_of"])[1]


@pytest.fixture(scope="module")
def client(seed_db: Path) -> Iterator[TestClient]:
    with TestClient(create_app(seed_db)) as c:
        yield c


def test_api_search_takes_as_of(client: TestClient):
    asked = {"q": "上个月 申报", "as_of": "2025-10-15", "limit": 50}
    body = client.get("/api/search", params=asked).json()
    assert (body["understood"]["as_of"], body["understood"]["as_of_reason"]) == (
        "2025-10-15",
        "given",
    )
    assert body["total"] > 0
    assert all(hit["published"].startswith("2025-09") for hit in body["hits"])
    earlier = client.get("/api/search", params={**asked, "as_of": "2025-09-05"}).json()
    assert earlier["understood"]["relaxed_dates"] == {"from": "2025-08-01", "to": "2025-08-31"}
    bad = client.get("/api/search", params={**asked, "as_of": "2025/10/15"})
    assert bad.status_code == 422 and "as_of must be a date YYYY-MM-DD" in bad.json()["error"]
    described = client.get("/openapi.json").json()["paths"]
    for path in ("/api/search", "/api/ask"):
        names = {p["name"] for p in described[path]["get"]["parameters"]}
        assert "as_of" in names, path


def test_api_ask_takes_as_of(client: TestClient, seed_db: Path):
    """/api/ask answers as `wxintel ask --as-of` does (one scope, one retrieval)."""
    for as_of in ("2025-10-15", "2025-09-05"):
        api = client.get("/api/ask", params={"q": QUESTION, "as_of": as_of}).json()
        cli = ask(seed_db, as_of)[1]
        assert (api["answer"], api["refused"]) == (cli["answer"], cli["refused"])
        assert [c["key"] for c in api["citations"]] == [c["key"] for c in cli["citations"]]
    bad = client.get("/api/ask", params={"q": QUESTION, "as_of": "2025-10-32"})
    assert bad.status_code == 422 and "as_of" in bad.json()["error"]


def test_search_page_keeps_as_of_in_its_links(client: TestClient):
    """A page opened with as_of exports and pages as of the same day, and its answer says so."""
    page = client.get("/search", params={"q": "上个月 申报", "as_of": "2025-10-15", "ask": 1})
    assert page.status_code == 200
    exports = re.findall(r'href="(/api/search/export[^"]*)"', page.text)
    assert exports and all("as_of=2025-10-15" in html.unescape(url) for url in exports)
    assert "日期词自 2025-10-15 起算" in page.text


def test_search_page_keeps_as_of_in_its_form_and_says_a_bad_one(client: TestClient):
    """Searching again from a page opened with as_of reads its date words from the same day;
    a bad day is said on the page (it has no field of its own), not a silent empty page, and
    the form drops it, so the next search from that page is not refused again."""
    page = client.get("/search", params={"q": "上个月 申报", "as_of": "2025-10-15"})
    assert '<input type="hidden" name="as_of" value="2025-10-15">' in page.text
    bad = client.get("/search", params={"q": "上个月 申报", "as_of": "2025/10/15"})
    assert bad.status_code == 422
    assert "日期词起算日 as_of 应为 YYYY-MM-DD 格式的日期" in html.unescape(bad.text)
    assert 'name="as_of"' not in bad.text  # searching again from it must not send the bad day


def test_eval_ask_reads_a_sets_as_of(seed_db: Path, tmp_path: Path):
    """A set's `as_of` is the day its questions' date words count from, so scoring it later
    gives the same figures: 上个月 of 2025-09-05 is August, which no seed post is of, so the
    question is refused right; of 2025-10-15 it is September, and it is answered."""
    question = {"id": "a", "account": "上海经信委", "question": QUESTION, "answer": None,
                "type": "deadline", "support": []}  # fmt: skip
    scored = {}
    for as_of in ("2025-09-05", "2025-10-15"):
        path = tmp_path / f"{as_of}.json"
        labels = {"as_of": as_of, "questions": [question]}
        path.write_text(json.dumps(labels, ensure_ascii=False), encoding="utf-8")
        args = ["eval", "ask", str(path), "--db", str(seed_db)]
        result = runner.invoke(app, [*args, "--json"])
        assert result.exit_code == 0, result.output
        scored[as_of] = json.loads(result.stdout)
        assert scored[as_of]["as_of"] == as_of
        assert f"counted from the set's as_of: {as_of}" in runner.invoke(app, args).stdout
    assert scored["2025-09-05"]["overall"]["refused_right"] == 1
    assert scored["2025-10-15"]["overall"]["refused_right"] == 0
    path.write_text(json.dumps({"as_of": "2025/10/15", "questions": [question]}), "utf-8")
    bad = runner.invoke(app, ["eval", "ask", str(path), "--db", str(seed_db)])
    assert bad.exit_code == 2 and '"as_of" must be a date YYYY-MM-DD' in bad.stderr


def test_eval_search_refuses_a_sets_bad_as_of(seed_db: Path, tmp_path: Path):
    """A search set's `as_of` is checked as `--as-of` is: a day in another format is refused
    with exit 2 naming the field (it passed the check and crashed in the search index)."""
    judged = {"q": "上个月 申报", "rel": [{"account": "上海经信委", "aid": "1", "grade": 1}]}
    path = tmp_path / "search.json"
    for as_of in ("2025/10/15", "2025-02-30"):
        path.write_text(json.dumps({"as_of": as_of, "queries": [judged]}), "utf-8")
        bad = runner.invoke(app, ["eval", "search", str(path), "--db", str(seed_db)])
        assert bad.exit_code == 2, bad.output
        assert f"\"as_of\" must be a date YYYY-MM-DD, not '{as_of}'" in bad.stderr
        assert "Traceback" not in bad.output
