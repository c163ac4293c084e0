"""Reject reasons in Chinese for the pages: every reason the readers give on real bad input has
its line in data/reject_reasons.txt."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import SEED

from wxintel.model import Reject
from wxintel.sources import read_path
from wxintel.sources.reasons import UNKNOWN, reason_in_chinese


def rejects(paths: list[Path]) -> list[Reject]:
    return [r for path in paths for r in read_path(path) if isinstance(r, Reject)]


def test_every_reason_of_real_bad_input_reads_in_chinese(tmp_path: Path) -> None:
    records = json.loads(SEED.read_text(encoding="utf-8-sig"))[:4]
    records[0]["标题title"] = 8
    records[1]["时间time"] = "next tuesday"
    del records[2]["标题title"]
    text = json.dumps(records, ensure_ascii=False)
    bad = {
        "fields.json": text,
        "cut.json": text[: len(text) // 2],
        "lines.jsonl": '{"title": "x"\n[1, 2]\n',
        "feed.xml": "<rss><channel><item><title>x</title></channel>",
        "notes.html": "<html><body><p>no article here</p></body></html>",
        "data.bin": "\x00\x01 not any format",
        "empty.json": "",
    }
    for name, body in bad.items():
        (tmp_path / name).write_text(body, encoding="utf-8")
    paths = [tmp_path / name for name in bad]
    found = rejects(paths)
    assert len({r.origin.split(":")[0].split("#")[0] for r in found}) >= 7
    unread = [r.reason for r in found if reason_in_chinese(r.reason) == UNKNOWN]
    assert unread == []


@pytest.mark.parametrize(
    ("reason", "chinese"),
    [
        ("field 标题title must be a string, got int", "字段应为文本"),
        ("missing field 标题title", "缺少字段"),
        ("no such file or directory", "文件不存在"),
        ("something no reader says", UNKNOWN),
    ],
)
def test_a_reason_reads_as_its_kind(reason: str, chinese: str) -> None:
    assert reason_in_chinese(reason) == chinese


def test_an_empty_file_is_said_to_be_empty(tmp_path: Path) -> None:
    """An empty export (a save or copy that failed) was "unrecognised format: not one of
    export, jsonl, html, feed", sending the user to check the format; it says it is empty. A
    byte-order mark and blank lines are empty too; a file of other bytes is still unknown."""
    for name, body in {"empty.json": b"", "bom.jsonl": b"\xef\xbb\xbf\r\n\n"}.items():
        (tmp_path / name).write_bytes(body)
        [reject] = rejects([tmp_path / name])
        assert reject.reason == "empty file: nothing to read"
        assert reason_in_chinese(reject.reason) == "文件为空"
    (tmp_path / "data.bin").write_bytes(b"\x00\x01 not any format")
    [other] = rejects([tmp_path / "data.bin"])
    assert other.reason.startswith("unrecognised format")
