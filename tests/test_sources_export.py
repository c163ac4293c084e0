"""The crawler export reader on the real exports and on damaged, re-encoded and huge ones."""

from __future__ import annotations

import html
import json
import re
from datetime import datetime
from pathlib import Path

import pytest
from conftest import MORE, SEED, raw_records

from wxintel.clean import clean_article
from wxintel.model import Article, Reject
from wxintel.sources import read_bytes, read_path, sniff
from wxintel.sources.htmltext import fragment_to_text


def expected_date(text: str) -> str:
    """An independent oracle for the export's date forms: 2025/9/3 and 2025-09-03."""
    return datetime.strptime(text.replace("/", "-"), "%Y-%m-%d").date().isoformat()


def test_seed_reads_every_record_exactly():
    raw = raw_records(SEED)
    records = list(read_path(SEED))
    assert len(raw) == 179
    assert all(isinstance(record, Article) for record in records)
    assert len(records) == 179
    for index, (article, source) in enumerate(zip(records, raw, strict=True)):
        assert article.aid == source["文章标识符aid"]
        assert article.title == source["标题title"]
        assert article.url == source["链接url"]
        assert article.account == source["公众号名称"] == "上海经信委"
        assert article.content == source["finalContent"]  # unchanged: cleaning comes later
        assert article.raw_content == article.content
        assert article.published == expected_date(source["时间time"])
        assert article.origin == f"{SEED}#{index}"
        assert article.extra == {}


def test_seed_first_record_fields_and_ids_from_its_link():
    first = next(read_path(SEED))
    assert first.aid == "2650689828_1"
    assert first.published == "2025-10-15"
    assert first.title.startswith("“百场万企”专精特新企业上海行")
    assert first.content.startswith("\r\r\r10月15日下午")
    assert (first.biz, first.mid, first.idx) == ("MjM5MDU2MTc4NQ==", "2650689828", "1")
    assert first.sn == "6f9a00f0d7abfe363a4dc57c73399fc5"
    assert first.aid == f"{first.mid}_{first.idx}"


def test_every_seed_id_agrees_with_its_link():
    for article in read_path(SEED):
        assert article.aid == f"{article.mid}_{article.idx}"
        assert re.fullmatch(r"[0-9a-f]{32}", article.sn)


@pytest.mark.parametrize(
    ("name", "count"), [("未央工信.json", 113), ("津北商务.json", 119), ("闵行发展改革.json", 148)]
)
def test_more_accounts_read_completely(name: str, count: int):
    path = MORE / name
    records = list(read_path(path))
    assert sniff(path) == "export"
    assert len(records) == count
    assert all(isinstance(record, Article) for record in records)
    for article, source in zip(records, raw_records(path), strict=True):
        assert article.title == source["标题title"]
        assert article.published == expected_date(source["时间time"])


def test_bom_file_starts_with_a_bom_and_still_reads():
    path = MORE / "未央工信.json"
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    first = next(read_path(path))
    assert isinstance(first, Article)
    assert not first.aid.startswith("\ufeff")
    assert first.aid == raw_records(path)[0]["文章标识符aid"]


def test_both_date_spellings_in_one_file_parse():
    path = MORE / "津北商务.json"
    spellings = {record["时间time"] for record in raw_records(path)}
    assert any("/" in date for date in spellings)
    assert any("-" in date for date in spellings)
    assert all(re.fullmatch(r"\d{4}-\d{2}-\d{2}", a.published) for a in read_path(path))


def sample_records(count: int) -> list[dict]:
    return [
        {
            "文章标识符aid": f"100{i}_1",
            "标题title": f"关于开展第{i}批项目申报的通知",
            "链接url": f"http://mp.weixin.qq.com/s?__biz=QUJD&mid=100{i}&idx=1&sn=ab{i}#rd",
            "时间time": f"2025/9/{i + 1}",
            "公众号名称": "测试账号",
            "finalContent": f"第{i}段\r第二段&nbsp;",
        }
        for i in range(count)
    ]


def test_truncated_export_keeps_records_before_the_cut_and_names_line_and_column():
    text = json.dumps(sample_records(6), ensure_ascii=False, indent=1)
    cut = text[: text.index("关于开展第4批")]
    records = list(read_bytes(cut.encode(), "cut.json"))
    assert [type(r) for r in records] == [Article] * 4 + [Reject]
    assert [a.title for a in records[:4]] == [f"关于开展第{i}批项目申报的通知" for i in range(4)]
    line, column = cut.count("\n") + 1, len(cut) - cut.rfind("\n")
    assert records[-1].origin == f"cut.json:{line}:{column}"
    assert f"line {line}, column {column}" in records[-1].reason


def test_invalid_character_is_located_exactly():
    text = json.dumps(sample_records(5), ensure_ascii=False, indent=1)
    spot = text.index('"关于开展第3批')
    broken = text[:spot] + "@" + text[spot:]
    records = list(read_bytes(broken.encode(), "bad.json"))
    line = broken[:spot].count("\n") + 1
    column = spot - broken.rfind("\n", 0, spot)
    assert [type(r) for r in records] == [Article] * 3 + [Reject]
    assert records[-1].origin == f"bad.json:{line}:{column}"


def test_gbk_export_reads_like_utf8():
    records = sample_records(3)
    data = json.dumps(records, ensure_ascii=False).encode("gbk")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    articles = list(read_bytes(data, "gbk.json"))
    assert [a.title for a in articles] == [r["标题title"] for r in records]
    assert articles[2].content == "第2段\r第二段&nbsp;"
    assert articles[2].published == "2025-09-03"


def test_content_a_crawler_kept_as_html_is_read_as_a_page_is():
    """bbox18: a record whose finalContent is the page's HTML (<p>各有关企业：…</p>) was stored
    with its tags, which every snippet, brief summary and Atom summary then showed; the same
    text from a feed or a saved page is read as text. Text that quotes a tag further on, and
    plain < signs, stay as written."""
    source = raw_records(SEED)[5]
    paragraphs = [p for p in source["finalContent"].split("\r") if p.strip()]
    markup = "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    plain_text = "空气质量PM2.5<35，见<附件1>，代码<img src=x>照录"
    # a crawler that kept the whole saved page, not the article's fragment
    head = "<!DOCTYPE html>\n<html><head><style>p{margin:0}</style></head>"
    page = f"{head}<body>{markup}</body></html>"
    records = [{**source, "finalContent": c} for c in (markup, plain_text, page)]
    tagged, plain, whole = read_bytes(
        json.dumps(records, ensure_ascii=False).encode(), "tagged.json"
    )
    assert "<p>" not in tagged.content and tagged.content == fragment_to_text(markup)
    assert whole.content == tagged.content
    [as_exported] = [a for a in read_path(SEED) if a.aid == source["文章标识符aid"]]
    lines = [clean_article(a).content.split("\n") for a in (tagged, as_exported)]
    assert lines[0] == [line for line in lines[1] if line], "the same paragraphs"
    assert plain.content == plain_text


def test_utf8_bom_and_empty_array(tmp_path: Path):
    bom = tmp_path / "bom.json"
    bom.write_bytes(b"\xef\xbb\xbf" + json.dumps(sample_records(2), ensure_ascii=False).encode())
    assert sniff(bom) == "export"
    assert [a.aid for a in read_path(bom)] == ["1000_1", "1001_1"]
    empty = tmp_path / "empty.json"
    empty.write_bytes(b"\xef\xbb\xbf[ ]\n")
    assert list(read_path(empty)) == []


def test_ten_megabyte_single_record(tmp_path: Path):
    record = sample_records(1)[0] | {"finalContent": "申报材料" * 2_600_000}
    path = tmp_path / "big.json"
    path.write_text(json.dumps([record], ensure_ascii=False), encoding="utf-8")
    assert path.stat().st_size > 10_000_000
    [article] = read_path(path)
    assert len(article.content) == 10_400_000


def test_record_rules_name_the_field_as_the_input_does():
    records = sample_records(7)
    del records[0]["标题title"]
    records[1]["标题title"] = 42
    records[2]["finalContent"] = None
    records[3]["时间time"] = "下周三"
    records[4]["finalContent"] = ""  # a stub post is still an article
    del records[5]["文章标识符aid"]
    records[6]["附件"] = ["a.pdf"]
    out = list(read_bytes(json.dumps(records, ensure_ascii=False).encode(), "rules.json"))
    assert out[0] == Reject("rules.json record 1 (line 1)", "missing field 标题title", records[0])
    assert out[1].reason == "field 标题title must be a string, got int"
    assert out[2].reason == "missing field finalContent"
    assert out[3].reason == "field 时间time: cannot parse date '下周三'"
    assert isinstance(out[4], Article) and out[4].content == ""
    assert out[5].aid == "1005_1"  # from mid and idx in the link
    assert out[6].extra == {"附件": ["a.pdf"]}


def test_missing_date_is_allowed_and_entity_escaped_links_give_ids():
    record = {
        "title": "t",
        "content": "c",
        "url": "https://mp.weixin.qq.com/s?__biz=MzA=&amp;mid=2247&amp;idx=3&amp;sn=9f",
    }
    [article] = read_bytes(json.dumps([record]).encode(), "en.json")
    assert article.published == ""
    assert (article.biz, article.mid, article.idx, article.sn) == ("MzA=", "2247", "3", "9f")
    assert article.aid == "2247_3"


def test_wrapped_array_and_single_article_object():
    wrapped = json.dumps({"code": 0, "data": sample_records(3)}, ensure_ascii=False, indent=2)
    assert [a.aid for a in read_bytes(wrapped.encode(), "w.json")] == [
        "1000_1",
        "1001_1",
        "1002_1",
    ]
    single = json.dumps(sample_records(1)[0], ensure_ascii=False, indent=2)
    [article] = read_bytes(single.encode(), "one.json")
    assert article.title == "关于开展第0批项目申报的通知"


def test_values_that_are_not_objects_are_rejected_one_by_one():
    out = list(read_bytes(b'[1, "x", null, {"title": "t", "content": ""}]', "mixed.json"))
    assert [r.reason for r in out[:3]] == [
        "expected a JSON object, got number",
        "expected a JSON object, got string",
        "expected a JSON object, got null",
    ]
    assert isinstance(out[3], Article)


def test_integers_wider_than_64_bits_are_kept_not_rejected():
    records = sample_records(3)
    records[1]["comment_id"] = 2**70  # past yajl's limit: the slower parser takes over
    out = list(read_bytes(json.dumps(records, ensure_ascii=False).encode(), "wide.json"))
    assert [a.aid for a in out] == ["1000_1", "1001_1", "1002_1"]
    assert out[1].extra == {"comment_id": 2**70}
    assert [a.origin for a in out] == ["wide.json#0", "wide.json#1", "wide.json#2"]


def test_damage_is_described_in_plain_words_with_the_record():
    text = json.dumps(sample_records(5), ensure_ascii=False, indent=1)
    spot = text.index("关于开展第3批")
    broken = text[:spot] + "\\q" + text[spot:]  # a backslash that starts no escape
    records = list(read_bytes(broken.encode(), "bad.json"))
    assert [type(r) for r in records] == [Article] * 3 + [Reject]
    reason = records[-1].reason
    assert reason.startswith("damaged at line ")
    assert "record 4 has a backslash (\\) that starts no valid escape there" in reason
    assert reason.endswith("the 3 record(s) before it were kept")
    assert "occurs before a character" not in reason


def test_a_file_cut_inside_its_last_character_is_called_cut_off():
    text = json.dumps(sample_records(4), ensure_ascii=False)
    data = text.encode()
    cut = data[: data.index("关于开展第2批".encode()) + 4]  # inside 开's three bytes
    records = list(read_bytes(cut, "cut.json"))
    assert [type(r) for r in records] == [Article] * 2 + [Reject]
    assert "cut off at line 1" in records[-1].reason
    assert "the file ends inside record 3" in records[-1].reason


def test_a_reject_of_a_pretty_printed_export_is_located_by_its_record_number():
    records = sample_records(3)
    del records[1]["标题title"]
    text = json.dumps(records, ensure_ascii=False, indent=2)  # lines the parser cannot place
    out = list(read_bytes(text.encode(), "pretty.json"))
    assert out[1] == Reject("pretty.json record 2", "missing field 标题title", records[1])
    one_line = list(read_bytes(json.dumps(records, ensure_ascii=False).encode(), "flat.json"))
    assert one_line[1].origin == "flat.json record 2 (line 1)"
