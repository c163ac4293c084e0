"""JSON Lines: real seed records re-written one per line, English keys, bad lines, encodings."""

from __future__ import annotations

import json
from pathlib import Path

from wxintel.model import Article, Reject
from wxintel.sources import read_bytes, read_path, sniff

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"
SEED = DATA / "sheitc-2025-09-10_2025-10-15.json"


def seed_records() -> list[dict]:
    return json.loads(SEED.read_text(encoding="utf-8"))


def write_lines(path: Path, lines: list[str], encoding: str = "utf-8") -> Path:
    path.write_bytes("\n".join(lines).encode(encoding) + b"\n")
    return path


def test_seed_as_json_lines_reads_the_same_as_the_export(tmp_path: Path):
    records = seed_records()
    path = write_lines(
        tmp_path / "seed.jsonl", [json.dumps(r, ensure_ascii=False) for r in records]
    )
    assert sniff(path) == "jsonl"
    from_lines = list(read_path(path))
    from_export = list(read_path(SEED))
    assert len(from_lines) == 179
    for line_article, export_article in zip(from_lines, from_export, strict=True):
        assert line_article.content == export_article.content
        assert (line_article.aid, line_article.published) == (
            export_article.aid,
            export_article.published,
        )
    assert from_lines[56].origin == f"{path}:57"


def test_one_bad_line_among_good_ones_is_rejected_with_its_line_and_column(tmp_path: Path):
    records = seed_records()[:5]
    lines = [json.dumps(r, ensure_ascii=False) for r in records]
    lines[2] = lines[2][:40] + "}"  # cut inside a string
    lines.insert(4, "")  # blank lines are not records
    path = write_lines(tmp_path / "mixed.jsonl", lines)
    out = list(read_path(path))
    assert [type(r) for r in out] == [Article, Article, Reject, Article, Article]
    assert out[2].origin == f"{path}:3"
    assert out[2].reason.startswith("invalid JSON at line 3, column ")
    assert out[2].reason.endswith(": a missing or malformed value")  # plain words
    assert [a.title for a in out if isinstance(a, Article)] == [
        records[i]["标题title"] for i in (0, 1, 3, 4)
    ]
    assert out[4].origin == f"{path}:6"


def test_english_keys_with_author_and_unknown_keys_kept():
    lines = [
        {
            "id": "abc-1",
            "title": "关于征集2026年度项目的通知",
            "url": "https://mp.weixin.qq.com/s?__biz=MzA=&mid=77&idx=2&sn=ff",
            "published": 1760488200,
            "account": "测试账号",
            "content": "正文",
            "author": "张三",
            "tags": ["申报"],
        },
        {"title": "无编号", "content": "", "published": "2025-9-3"},
        {"title": ["not", "text"], "content": "x"},
        [1, 2],
    ]
    data = "\n".join(json.dumps(line, ensure_ascii=False) for line in lines).encode()
    out = list(read_bytes(data, "en.jsonl"))
    first = out[0]
    assert (first.aid, first.author, first.account) == ("abc-1", "张三", "测试账号")
    assert first.published == "2025-10-15T08:30:00+08:00"
    assert (first.biz, first.mid, first.idx, first.sn) == ("MzA=", "77", "2", "ff")
    assert first.extra == {"tags": ["申报"]}
    assert (out[1].aid, out[1].published, out[1].content) == ("", "2025-09-03", "")
    assert out[2] == Reject("en.jsonl:3", "field title must be a string, got list", lines[2])
    assert out[3].reason == "expected a JSON object, got array"


def test_bom_and_gbk_files(tmp_path: Path):
    lines = [json.dumps(r, ensure_ascii=False) for r in seed_records()[:3]]
    bom = tmp_path / "bom.jsonl"
    bom.write_bytes(b"\xef\xbb\xbf" + "\n".join(lines).encode())
    gbk = write_lines(tmp_path / "gbk.jsonl", lines, encoding="gb18030")
    expected = [r["标题title"] for r in seed_records()[:3]]
    assert [a.title for a in read_path(bom)] == expected
    assert sniff(gbk) == "jsonl"
    assert [a.title for a in read_path(gbk)] == expected


def test_gbk_after_an_ascii_start_still_decodes():
    ascii_line = json.dumps({"title": "x" * 70_000, "content": "ascii"})
    chinese_line = json.dumps({"title": "通知", "content": "内容"}, ensure_ascii=False)
    data = (ascii_line + "\n" + chinese_line + "\n").encode("gbk")
    out = list(read_bytes(data, "late.jsonl", format="jsonl"))
    assert [a.title for a in out][1] == "通知"


def test_windows_line_endings_and_a_deeply_nested_line():
    data = b'{"title": "a", "content": "b"}\r\n' + b"[" * 100_000 + b"\r\n"
    out = list(read_bytes(data, "crlf.jsonl", format="jsonl"))
    assert isinstance(out[0], Article) and out[0].content == "b"
    assert isinstance(out[1], Reject) and out[1].origin == "crlf.jsonl:2"
