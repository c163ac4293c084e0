"""The export registry's writers on hand-made rows: what a hostile or odd record becomes."""

from __future__ import annotations

import csv
import io
import json

from wxintel.exports import ARTICLE_COLUMNS, CALL_COLUMNS, EXPORT_FORMATS, Export
from wxintel.extract.doctype import KIND_LABELS, KINDS

HOSTILE = {
    "id": "1",
    "title": "[点我](javascript:alert(1)) <b>*加粗*</b>",
    "url": "javascript:alert(1)",
    "account": "-号",
    "published": "2025-10-01T08:00:00",
    "kind": "call",
    "deadline": "2025-10-20",
    "deadlines": [{"at": "2025-10-20T17:00", "for": "网上申报"}, {"at": "2025-10-10", "for": ""}],
    "contacts": [{"name": "", "phone": "021-12345678"}, {"name": "王老师", "phone": ""}],
    "attachments": ["=申报书.docx"],
    "days_left": -3,
}


def render(fmt: str, columns: tuple[str, ...] = ARTICLE_COLUMNS, rows=(HOSTILE,)) -> str:
    return EXPORT_FORMATS.render(Export("导出", columns, list(rows)), fmt)


def test_markdown_escapes_text_and_links_only_http() -> None:
    markdown = render("md")
    # the title's brackets are escaped (no link), the javascript: url is not linked at all
    head = (
        "1. **\\[点我\\](javascript:alert(1)) \\<b\\>\\*加粗\\*\\</b\\>**"
        " — -号 · 2025-10-01 · 申报/征集"  # the kind as the pages name it
    )
    assert markdown.splitlines()[2] == head
    assert "   - 截止：2025-10-20 17:00（网上申报）; 2025-10-10\n" in markdown
    assert "   - 联系：021-12345678; 王老师\n" in markdown  # no stray separators
    untitled = render("md", rows=[{"title": "  ", "url": "https://mp.weixin.qq.com/s/x"}])
    assert "1. **[(无标题)](https://mp.weixin.qq.com/s/x)**" in untitled
    assert render("md", rows=[]).endswith("（没有符合条件的文章）\n")


def test_csv_cells_are_text_a_spreadsheet_will_not_run_and_numbers_stay_numbers() -> None:
    table = render("csv", CALL_COLUMNS)
    assert table.startswith("\ufeffid,key,account,") and "\r\n" in table
    [row] = csv.DictReader(io.StringIO(table.removeprefix("\ufeff")))
    assert row["account"] == "'-号" and row["attachments"] == "'=申报书.docx"
    assert row["days_left"] == "-3"  # a number, not a formula
    # date-times as the brief's CSV and the Markdown write them, which a spreadsheet reads
    assert row["deadlines"] == "2025-10-20 17:00（网上申报）; 2025-10-10"
    [article] = csv.DictReader(io.StringIO(render("csv").removeprefix("\ufeff")))
    assert article["published"] == "2025-10-01 08:00" and article["deadline"] == "2025-10-20"


def test_json_lines_keep_every_field_as_it_is() -> None:
    [line] = render("jsonl").splitlines()
    assert json.loads(line) == HOSTILE


def test_every_kind_has_its_chinese_label() -> None:
    assert set(KIND_LABELS) == set(KINDS)
    assert all(label and not label.isascii() for label in KIND_LABELS.values())
