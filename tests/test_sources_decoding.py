"""GBK and UTF-8 files with a few bytes that are no character: read with replacement, said so.

The files are real seed records and a real saved page, re-encoded as GB18030 at test time.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import PAGES, SEED
from typer.testing import CliRunner

from wxintel.cli import app
from wxintel.model import Article
from wxintel.sources import DecodeWarning, read_path

runner = CliRunner()
BAD = b"\xff"


def damaged(text: str, marks: list[str], encoding: str = "gb18030") -> bytes:
    """`text` in `encoding` with one undecodable byte after each of `marks`."""
    data = text.encode(encoding)
    for mark in marks:
        encoded = mark.encode(encoding)
        assert encoded in data
        data = data.replace(encoded, encoded + BAD, 1)
    return data


@pytest.fixture(scope="module")
def records() -> list[dict]:
    return json.loads(SEED.read_text(encoding="utf-8-sig"))[:5]


def marks_in(records: list[dict]) -> list[str]:
    return [records[1]["finalContent"].split()[0][:6], records[3]["标题title"][:4]]


@pytest.mark.parametrize("kind", ["export", "jsonl"])
def test_replaced_bytes_are_counted_once_per_file(
    kind: str, records: list[dict], tmp_path: Path
) -> None:
    if kind == "export":
        text = json.dumps(records, ensure_ascii=False, indent=1)
    else:
        text = "\n".join(json.dumps(r, ensure_ascii=False) for r in records)
    path = tmp_path / f"gbk.{kind}"
    path.write_bytes(damaged(text, marks_in(records)))
    out = list(read_path(path))
    articles = [r for r in out if isinstance(r, Article)]
    assert len(articles) == len(records)
    assert out[-1] == DecodeWarning(str(path), 2)
    assert out[-1].message == f"2 undecodable bytes replaced in {path}"
    assert marks_in(records)[0] + "\ufffd" in articles[1].content
    assert "\ufffd" not in articles[0].content + articles[2].content


def test_a_clean_gbk_file_has_no_warning(records: list[dict], tmp_path: Path) -> None:
    path = tmp_path / "clean.json"
    path.write_bytes(json.dumps(records, ensure_ascii=False).encode("gb18030"))
    out = list(read_path(path))
    assert not [r for r in out if isinstance(r, DecodeWarning)]
    assert [a.title for a in out] == [r["标题title"] for r in records]


def test_a_gbk_page_warns_too(tmp_path: Path) -> None:
    source = PAGES / "wae_article_0_01.html"
    [original] = read_path(source)
    path = tmp_path / "page.html"
    path.write_bytes(damaged(source.read_text(encoding="utf-8"), [original.content[:5]]))
    article, warning = read_path(path)
    assert article.title == original.title
    assert warning == DecodeWarning(str(path), 1)


def test_ingest_reports_the_warning(records: list[dict], tmp_path: Path) -> None:
    path = tmp_path / "gbk.jsonl"
    text = "\n".join(json.dumps(r, ensure_ascii=False) for r in records)
    path.write_bytes(damaged(text, marks_in(records)))
    db = str(tmp_path / "wx.db")
    report = json.loads(runner.invoke(app, ["ingest", str(path), "--db", db, "--json"]).stdout)
    assert report["warnings"] == [f"2 undecodable bytes replaced in {path}"]
    assert (report["added"], report["rejected"]) == (len(records), 0)
    again = runner.invoke(app, ["ingest", str(path), "--db", db])
    assert f"warning: 2 undecodable bytes replaced in {path}" in " ".join(again.stdout.split())


@pytest.mark.parametrize("kind", ["export", "jsonl", "page"])
def test_a_utf8_file_with_stray_bytes_stays_utf8(
    kind: str, records: list[dict], tmp_path: Path
) -> None:
    """Two stray bytes in a UTF-8 export made the whole file read as GB18030: every key
    garbled, every record rejected ("missing field 标题title"). It is read as UTF-8 with the
    two bytes replaced, and said so, as a GBK file with bad bytes is."""
    if kind == "page":
        source = PAGES / "wae_article_0_01.html"
        [original] = read_path(source)
        text, marks = source.read_text(encoding="utf-8"), [original.content[:5], original.title[:3]]
    else:
        text = json.dumps(records, ensure_ascii=False, indent=1)
        if kind == "jsonl":
            text = "\n".join(json.dumps(r, ensure_ascii=False) for r in records)
        marks = marks_in(records)
    path = tmp_path / f"utf8.{kind}"
    path.write_bytes(damaged(text, marks, "utf-8"))
    out = list(read_path(path))
    articles = [r for r in out if isinstance(r, Article)]
    assert out[-1] == DecodeWarning(str(path), 2)
    assert marks[0] + "\ufffd" in articles[0 if kind == "page" else 1].content
    if kind != "page":
        titles = [a.title.replace("\ufffd", "") for a in articles]  # one title held a bad byte
        assert titles == [r["标题title"] for r in records]
