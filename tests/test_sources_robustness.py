"""Readers never raise on bad input, read directories predictably, and stream big exports."""

from __future__ import annotations

import json
import tracemalloc
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wxintel.model import Article, Reject, Unavailable
from wxintel.sources import FORMATS, DecodeWarning, Skipped, read_bytes, read_path, sniff

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"
SEED = DATA / "sheitc-2025-09-10_2025-10-15.json"
PAGE = DATA / "wechat-pages" / "wae_article_0_01.html"
RECORD_TYPES = (Article, Reject, Unavailable, DecodeWarning)

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda children: st.lists(children) | st.dictionaries(st.text(), children),
    max_leaves=20,
)
record_keys = st.sampled_from(["标题title", "finalContent", "时间time", "链接url", "title", "x"])


def read_all(data: bytes, format: str | None) -> list:
    records = list(read_bytes(data, "fuzz", format))
    assert all(isinstance(record, RECORD_TYPES) for record in records)
    return records


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=3000), st.sampled_from([None, *FORMATS]))
def test_random_bytes_never_raise(data: bytes, format: str | None):
    read_all(data, format)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data(), st.sampled_from([None, *FORMATS]))
def test_damaged_real_inputs_never_raise(data: st.DataObject, format: str | None):
    source = data.draw(st.sampled_from([SEED, PAGE]))
    original = source.read_bytes()[:40_000]
    damaged = bytearray(original[: data.draw(st.integers(0, len(original)))])
    for _ in range(data.draw(st.integers(0, 5))):
        if damaged:
            damaged[data.draw(st.integers(0, len(damaged) - 1))] = data.draw(st.integers(0, 255))
    read_all(bytes(damaged), format)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.dictionaries(record_keys, json_values) | json_values, max_size=5))
def test_arbitrary_json_records_are_articles_or_rejects(records: list):
    export = read_all(json.dumps(records, ensure_ascii=False).encode(), "export")
    lines = "\n".join(json.dumps(record, ensure_ascii=False) for record in records)
    jsonl = read_all(lines.encode(), "jsonl")
    assert len(export) == len(records)
    assert len(jsonl) == len(records)


def test_truncation_at_every_point_keeps_the_records_before_it():
    records = json.loads(SEED.read_text(encoding="utf-8"))[:4]
    data = json.dumps(records, ensure_ascii=False, indent=1).encode()
    ends = [data.index(b"\n }", data.index(r["标题title"].encode())) + 3 for r in records]
    for cut in range(1, len(data) - 1, 997):
        out = list(read_bytes(data[:cut], "cut.json"))
        complete = sum(end <= cut for end in ends)
        assert [type(r) for r in out] == [Article] * complete + [Reject]
        assert out[-1].origin.startswith("cut.json:")


def test_directory_is_read_recursively_sorted_skipping_hidden_and_foreign_files(tmp_path: Path):
    (tmp_path / "b").mkdir()
    (tmp_path / ".cache").mkdir()
    (tmp_path / "b" / "2.jsonl").write_text('{"title": "second", "content": ""}\n')
    (tmp_path / "a.json").write_text('[{"title": "first", "content": ""}]')
    (tmp_path / ".hidden.json").write_text('[{"title": "hidden", "content": ""}]')
    (tmp_path / ".cache" / "x.json").write_text('[{"title": "cached", "content": ""}]')
    (tmp_path / "notes.txt").write_text("just notes")
    out = list(read_path(tmp_path))
    assert [r.title for r in out if isinstance(r, Article)] == ["first", "second"]
    assert not [r for r in out if isinstance(r, Reject)]
    [skipped] = [r for r in out if isinstance(r, Skipped)]
    assert skipped.origin == str(tmp_path / "notes.txt")
    [named] = read_path(tmp_path / "notes.txt")  # asked for by name: a reject, not a skip
    assert isinstance(named, Reject) and named.reason.startswith("unrecognised format")


def test_missing_file_and_forced_format():
    [missing] = read_path(Path("/nonexistent/export.json"))
    assert isinstance(missing, Reject) and "cannot read" in missing.reason
    with pytest.raises(ValueError, match="unknown format"):
        list(read_bytes(b"[]", "x", format="csv"))
    [forced] = read_bytes(b"[]", "x.json", format="feed")  # a user's wrong choice: a Reject
    assert isinstance(forced, Reject)


def test_sniffing_is_by_content_not_name(tmp_path: Path):
    samples = {
        "export.txt": b'\xef\xbb\xbf  [{"a": 1}]',
        "lines.json": b'{"title": "a"}\n{"title": "b"}\n',
        "pretty.jsonl": b'{\n  "title": "a"\n}\n',
        "long-line.json": b'{"title": "' + b"a" * 70_000 + b'"}\n{"title": "b"}\n',
        "wrapped.json": b'{"data": [{"title": "' + b"a" * 70_000 + b'"}]}',
        "feed.html": b'<?xml version="1.0"?>\n<!-- x --><rss version="2.0"></rss>',
        "atom.bin": b"<feed xmlns='http://www.w3.org/2005/Atom'></feed>",
        "page.xml": b"<!DOCTYPE html>\n<html><body></body></html>",
        "empty.json": b"",
        "text.json": b"hello",
    }
    expected = {
        "export.txt": "export",
        "lines.json": "jsonl",
        "pretty.jsonl": "export",
        "long-line.json": "jsonl",
        "wrapped.json": "export",
        "feed.html": "feed",
        "atom.bin": "feed",
        "page.xml": "html",
        "empty.json": None,
        "text.json": None,
    }
    for name, data in samples.items():
        (tmp_path / name).write_bytes(data)
        assert sniff(tmp_path / name) == expected[name], name


@pytest.mark.slow
def test_fifty_megabyte_export_streams_in_flat_memory(tmp_path: Path):
    records = json.loads(SEED.read_text(encoding="utf-8"))
    path = tmp_path / "big.json"
    count = 0
    with path.open("w", encoding="utf-8") as out:
        out.write("[")
        while out.tell() < 50_000_000:
            record = records[count % len(records)] | {"文章标识符aid": f"{count}_1"}
            out.write(("," if count else "") + json.dumps(record, ensure_ascii=False))
            count += 1
        out.write("]")
    size = path.stat().st_size
    tracemalloc.start()
    try:
        seen = sum(1 for record in read_path(path) if isinstance(record, Article))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert seen == count
    assert peak < size / 10, f"peak {peak} bytes reading a {size}-byte export"
