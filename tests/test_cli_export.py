"""`wxintel export --format csv` opened in a spreadsheet: Chinese intact, no formulas run."""

from __future__ import annotations

import codecs
import csv
import io
import json
from pathlib import Path

import pytest
from conftest import SEED, raw_records
from helpers import copy_seed_db, ingest_articles, ingest_records
from typer.testing import CliRunner

from wxintel.cli import app

runner = CliRunner()
HOSTILE = {
    "id": "csv-1",
    "title": '=HYPERLINK("http://evil.example","点我")',
    "content": "+86 21 12345678 热线\n@所有人 请转发",
    "account": "-测试号",
    "published": "2025-10-02",
}


@pytest.fixture()
def db(seed_db: Path, tmp_path: Path) -> Path:
    copy = copy_seed_db(seed_db, tmp_path)
    assert ingest_records(copy, [HOSTILE]).added == 1
    return copy


def test_csv_starts_with_a_bom_and_keeps_chinese(db: Path, tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    result = runner.invoke(app, ["export", "--db", str(db), "--format", "csv", "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert f"articles written to {target}" in " ".join(result.stderr.split())
    data = target.read_bytes()
    assert data.startswith(codecs.BOM_UTF8) and not data.startswith(codecs.BOM_UTF8 * 2)
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    first_title = json.loads(SEED.read_text(encoding="utf-8-sig"))[0]["标题title"]
    assert next(iter(rows[0])) == "id"
    assert first_title in {row["title"] for row in rows}
    stdout = runner.invoke(app, ["export", "--db", str(db), "--format", "csv"]).stdout
    assert stdout.startswith("\ufeffid,")


def test_formula_cells_are_neutralised_in_csv_only(db: Path) -> None:
    out = runner.invoke(app, ["export", "--db", str(db), "--format", "csv"]).stdout
    [row] = [r for r in csv.DictReader(io.StringIO(out.lstrip("\ufeff"))) if r["id"] == "csv-1"]
    assert row["title"] == "'" + HOSTILE["title"]
    assert row["content"].startswith("'+86 21")
    assert row["account"] == "'-测试号"
    cells = [cell for r in csv.reader(io.StringIO(out.lstrip("\ufeff"))) for cell in r]
    assert not [cell for cell in cells if cell.startswith(("=", "+", "-", "@"))]
    lines = runner.invoke(app, ["export", "--db", str(db), "--format", "jsonl"]).stdout
    [record] = [r for r in map(json.loads, lines.splitlines()) if r["id"] == "csv-1"]
    assert (record["title"], record["account"]) == (HOSTILE["title"], HOSTILE["account"])
    assert not lines.startswith("\ufeff")


def _export(db: Path, *args: str) -> str:
    result = runner.invoke(app, ["export", "--db", str(db), *args])
    assert result.exit_code == 0, result.output
    return result.stdout


def test_filters_pick_the_search_hits_in_the_pages_order(db: Path) -> None:
    from wxintel.search import SearchQuery
    from wxintel.store import open_store

    lines = _export(db, "--q", "申报", "--kind", "call", "--format", "jsonl").splitlines()
    exported = [json.loads(line)["key"] for line in lines]
    store = open_store(db)
    try:
        expected = store.search(SearchQuery(text="申报", kinds=["call"], limit=10_000))
    finally:
        store.close()
    assert exported == [hit.key for hit in expected.hits] and len(exported) > 5
    rows = list(
        csv.DictReader(
            io.StringIO(_export(db, "--from", "2025-10-01", "--format", "csv").lstrip("\ufeff"))
        )
    )
    assert rows and all(r["published"][:10] >= "2025-10-01" for r in rows)
    seed = raw_records(SEED)
    in_window = {
        r["文章标识符aid"] for r in seed if "2025-10-01" <= r["时间time"][:10] <= "2025-10-03"
    }
    window = _export(db, "--from", "2025-10-01", "--to", "2025-10-03", "--account", "上海经信委")
    assert {json.loads(line)["id"] for line in window.splitlines()} == in_window


def test_csv_carries_deadlines_contacts_and_attachments(db: Path) -> None:
    rows = list(
        csv.DictReader(
            io.StringIO(_export(db, "--format", "csv", "--kind", "call").lstrip("\ufeff"))
        )
    )
    [call] = [r for r in rows if r["id"] == "2650689428_2"]  # 先进级智能工厂（第二批）申报
    assert call["deadline"] == "2025-10-30"
    assert "2025-10-30（区级推荐）" in call["deadlines"].split("; ")
    assert "陈珂 23117664" in call["contacts"].split("; ")
    assert "上海市先进级智能工厂申报书" in call["attachments"].split("; ")
    markdown = _export(db, "--format", "md", "--q", "先进级智能工厂 申报")
    assert markdown.startswith("# 搜索结果：先进级智能工厂 申报\n")
    assert "   - 联系：陈珂 23117664" in markdown


def test_bad_filters_and_outputs_are_one_line_usage_errors(db: Path, tmp_path: Path) -> None:
    for args, message in [
        (
            ["-o", "/nonexistent/dir/x.csv"],
            "--output cannot write /nonexistent/dir/x.csv: No such file or directory",
        ),
        (["-o", str(tmp_path)], f"--output cannot write {tmp_path}: Is a directory"),
        (["--format", "xlsx"], "unknown export format 'xlsx'; use one of jsonl, csv, md"),
        (["--from", "2025-13-01"], "--from must be a date YYYY-MM-DD, not '2025-13-01'"),
        (["--kind", "memo"], "--kind must be one of"),
    ]:
        result = runner.invoke(app, ["export", "--db", str(db), *args])
        assert result.exit_code == 2, (args, result.output)
        assert result.exception is None or isinstance(result.exception, SystemExit)
        assert message in " ".join(result.stderr.split()), result.stderr
        assert "Traceback" not in result.output
    assert not Path("/nonexistent").exists()


def test_export_rows_read_the_same_on_each_backend(seed_target) -> None:
    from wxintel import reads
    from wxintel.search import SearchQuery

    store = seed_target.open()
    try:
        window = SearchQuery(text="", kinds=["call"], date_from="2025-10-01", limit=10_000)
        rows = list(reads.export_rows(store, window))
        hits = list(reads.export_rows(store, SearchQuery(text="先进级智能工厂", limit=10_000)))
    finally:
        store.close()
    assert rows and all(r["kind"] == "call" and r["published"] >= "2025-10-01" for r in rows)
    [call] = [r for r in rows if r["id"] == "2650689428_2"]
    assert {"at": "2025-10-30", "for": "区级推荐"} in call["deadlines"]
    assert {"name": "陈珂", "phone": "23117664"} in call["contacts"]
    assert "上海市先进级智能工厂申报书" in call["attachments"]
    assert "2650689428_2" in [r["id"] for r in hits]


def test_calls_format_writes_the_board_as_its_export_button_does(db: Path, tmp_path: Path) -> None:
    args = ["calls", "--db", str(db), "--all", "--as-of", "2025-10-15"]
    board = json.loads(runner.invoke(app, [*args, "--json"]).stdout)
    target = tmp_path / "calls.csv"
    result = runner.invoke(app, [*args, "--format", "csv", "-o", str(target)])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(target.read_text("utf-8-sig"))))
    assert [r["key"] for r in rows] == [c["key"] for c in board] and len(rows) >= 5
    assert {r["as_of"] for r in rows} == {"2025-10-15"}
    bad = runner.invoke(app, [*args, "--format", "xlsx"])
    assert bad.exit_code == 2 and "unknown export format 'xlsx'" in bad.stderr


def test_calls_keep_the_accounts_and_kinds_asked_for(db: Path, post) -> None:
    """`calls --account/--kind` as `search` and `export` take them (and /api/calls takes them)."""
    article = post("未央工信", "2247494963_1")  # a real 未央工信 call beside the seed's
    assert ingest_articles(db, [article]).added == 1
    args = ["calls", "--db", str(db), "--all", "--as-of", "2099-12-31", "--json"]
    board = json.loads(runner.invoke(app, args).stdout)
    assert {c["account"] for c in board} == {"上海经信委", "未央工信"}
    for account in ("上海经信委", "未央工信"):
        kept = json.loads(runner.invoke(app, [*args, "--account", account]).stdout)
        assert [c["key"] for c in kept] == [c["key"] for c in board if c["account"] == account]
    registrations = json.loads(runner.invoke(app, [*args, "--kind", "registration"]).stdout)
    expected = [c["key"] for c in board if c["kind"] == "registration"]
    assert expected and [c["key"] for c in registrations] == expected
    bad = runner.invoke(app, [*args, "--kind", "news"])
    assert bad.exit_code == 2 and "--kind must be one of call, registration" in bad.stderr
