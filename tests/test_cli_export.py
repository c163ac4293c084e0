"""`wxintel export --format csv` opened in a spreadsheet: Chinese intact, no formulas run."""

from __future__ import annotations

import codecs
import csv
import io
import json
from pathlib import Path

import pytest
from conftest import SEED
from helpers import copy_seed_db, ingest_records
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
