"""`wxintel ingest` as a user meets it: bad options, a summary that says what is wrong where."""

from __future__ import annotations

import json
import re
from pathlib import Path

from conftest import MORE, PAGES, SEED
from typer.testing import CliRunner

from wxintel.cli import EXIT_REJECTED, EXIT_USAGE, app
from wxintel.sources import sniff

runner = CliRunner()


def test_an_unknown_format_is_a_usage_error_listing_the_formats(tmp_path: Path) -> None:
    db = tmp_path / "wx.db"
    result = runner.invoke(app, ["ingest", str(SEED), "--db", str(db), "--format", "pdf"])
    assert result.exit_code == EXIT_USAGE
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "--format must be one of export, jsonl, html, feed, not 'pdf'" in result.stderr
    assert not db.exists()


def _summary(*args: str) -> str:
    result = runner.invoke(app, ["ingest", *args])
    assert result.exit_code == 0, result.output
    return result.stdout


def test_the_summary_names_each_rejected_record_and_what_is_wrong(tmp_path: Path) -> None:
    source = tmp_path / "posts.jsonl"
    source.write_text(
        '{"title": "ok", "content": "正文"}\n{x\n{"标题title": "无正文"}\n', encoding="utf-8"
    )
    out = _summary(str(source), "--db", str(tmp_path / "wx.db"))
    lines = out.splitlines()
    bad_json = (
        f"  {source}:2: invalid JSON at line 2, column 2: a field name that is not in double quotes"
    )
    assert any(line.startswith(bad_json) for line in lines)
    assert f"  {source}:3: missing field finalContent" in lines
    assert f"rejected records written to {tmp_path / 'wx.db.rejects.jsonl'}" in lines


def test_the_summary_lists_the_first_rejects_and_points_to_the_rest(tmp_path: Path) -> None:
    source = tmp_path / "untitled.jsonl"
    source.write_text('{"content": "没有标题"}\n' * 25, encoding="utf-8")
    result = runner.invoke(app, ["ingest", str(source), "--db", str(tmp_path / "wx.db"), "--json"])
    report = json.loads(result.stdout)
    assert report["rejected"] == 25 and report["reasons"] == {"missing field title": 25}
    assert report["rejects"][0] == {"origin": f"{source}:1", "reason": "missing field title"}
    assert len(report["rejects"]) == 20
    out = _summary(str(source), "--db", str(tmp_path / "again.db"))
    assert f"  {source}:20: missing field title" in out.splitlines()
    assert f"{source}:21" not in out
    assert f"… 5 more in {tmp_path / 'again.db.rejects.jsonl'}" in " ".join(out.split())


def test_foreign_files_in_a_directory_are_skipped_not_rejected(tmp_path: Path) -> None:
    db = str(tmp_path / "wx.db")
    foreign = sorted(str(p) for p in PAGES.iterdir() if p.is_file() and sniff(p) is None)
    assert foreign  # the folder's README.md and index notes
    result = runner.invoke(app, ["ingest", str(PAGES), "--db", db, "--strict", "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["skipped"] == foreign
    assert report["rejected"] == 0 and report["read"] > 0
    out = _summary(str(PAGES), "--db", db)
    assert f"skipped {len(foreign)} file(s) in no article format: {foreign[0]}" in out
    named = runner.invoke(app, ["ingest", foreign[0], "--db", db, "--strict"])
    assert named.exit_code == EXIT_REJECTED
    assert f"{foreign[0]}: unrecognised format" in named.stdout


def test_a_missing_input_is_a_usage_error_that_creates_nothing(tmp_path: Path) -> None:
    db = tmp_path / "wx.db"
    missing = tmp_path / "nope.json"
    for args in ([str(missing)], [str(SEED), str(missing)]):
        result = runner.invoke(app, ["ingest", *args, "--db", str(db)])
        assert result.exit_code == EXIT_USAGE
        assert result.exception is None or isinstance(result.exception, SystemExit)
        assert f"error: cannot read {missing}: no such file or directory" in result.stderr
        assert list(tmp_path.iterdir()) == []  # no database, index or rejects file


def test_a_truncated_export_names_file_and_record_in_plain_words(tmp_path: Path) -> None:
    text = SEED.read_text(encoding="utf-8-sig")
    records = json.loads(text)
    cut = tmp_path / "cut.json"
    cut.write_text(text[: text.index(json.dumps(records[5]["标题title"], ensure_ascii=False))])
    result = runner.invoke(app, ["ingest", str(cut), "--db", str(tmp_path / "wx.db"), "--json"])
    report = json.loads(result.stdout)
    [reject] = report["rejects"]
    assert reject["origin"].startswith(f"{cut}:")
    assert "the file ends inside record 6" in reject["reason"]
    assert "the 5 record(s) before it were kept" in reject["reason"]
    assert "lexical" not in reject["reason"] and "parse error" not in reject["reason"]
    assert report["added"] == 5


def test_an_index_built_with_another_vocabulary_is_rebuilt_and_the_summary_says_so(
    tmp_path: Path,
) -> None:
    """After a data edit that changes how posts are cut (an upgrade), the next ingest rebuilds
    the whole index, which takes minutes at 100k posts: the summary says so, why and how long
    (here the index records another vocabulary, as one built before the edit does). An ingest
    into an index built with today's data says nothing of it."""
    db = tmp_path / "wx.db"
    first = _summary(str(SEED), "--db", str(db), "--workers", "1")
    assert "rebuilt" not in first
    meta_path = tmp_path / "wx.db.search" / "meta.json"
    meta = json.loads(meta_path.read_text())
    meta_path.write_text(json.dumps({**meta, "vocabulary": "0123456789abcdef"}))
    again = " ".join(_summary(str(SEED), "--db", str(db), "--workers", "1").split())
    posts = json.loads(runner.invoke(app, ["stats", "--db", str(db), "--json"]).stdout)
    assert (
        f"warning: search index rebuilt whole ({posts['articles']:,} posts in" in again
        and "s): a data file its words are cut with changed (vocabulary)" in again
    )
    assert json.loads(meta_path.read_text())["vocabulary"] != "0123456789abcdef"
    assert "rebuilt" not in _summary(str(SEED), "--db", str(db), "--workers", "1")


def _row(summary: str, name: str) -> int:
    """The figure of one row of the summary table."""
    found = re.search(rf"{name}\s*[│|]\s*(\d+)", summary)
    assert found, summary
    return int(found.group(1))


def test_records_read_counts_the_rejected_ones_and_a_cut_line_is_called_cut(
    tmp_path: Path,
) -> None:
    records = json.loads((MORE / "北邮家教部.json").read_text(encoding="utf-8-sig"))
    lines = [json.dumps(r, ensure_ascii=False) for r in records[1:5]]
    lines[1] = lines[1][: lines[1].index('"链接url"')].rstrip()  # cut after a field's comma
    lines[2] = json.dumps(records[3] | {"时间time": "2025-13-45"}, ensure_ascii=False)
    source = tmp_path / "bad.jsonl"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = _summary(str(source), "--db", str(tmp_path / "wx.db"))
    assert [_row(out, n) for n in ("records read", "added", "rejected")] == [4, 2, 2]
    cut = f"  {source}:2: invalid JSON at line 2, column {len(lines[1]) + 1}: "
    assert f"{cut}the line ends before its record is complete" in out.splitlines()
    assert "double quotes" not in out
    assert f"  {source}:3: field 时间time: cannot parse date '2025-13-45'" in out.splitlines()


def test_an_exports_rejects_are_located_by_record_and_line(tmp_path: Path) -> None:
    records = json.loads((MORE / "北邮家教部.json").read_text(encoding="utf-8-sig"))
    assert "标题title" not in records[0]  # the export's own reject: a record with no title
    records[5]["时间time"] = "2025-13-45"
    export = tmp_path / "北邮家教部.json"
    export.write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8")  # one line
    result = runner.invoke(app, ["ingest", str(export), "--db", str(tmp_path / "wx.db"), "--json"])
    report = json.loads(result.stdout)
    stored = ("added", "updated", "unchanged", "duplicates", "near_duplicates", "unavailable")
    assert (report["read"], report["rejected"]) == (len(records), 2)
    assert report["read"] == sum(report[k] for k in stored) + report["rejected"]
    assert report["rejects"] == [
        {"origin": f"{export} record 1 (line 1)", "reason": "missing field 标题title"},
        {
            "origin": f"{export} record 6 (line 1)",
            "reason": "field 时间time: cannot parse date '2025-13-45'",
        },
    ]


def test_a_record_whose_title_is_blank_is_rejected_and_leaves_the_stored_post_alone(
    tmp_path: Path,
) -> None:
    """A re-crawl that lost a post's title (an empty 标题title) is refused by name, as a missing
    title is: the post stored before keeps its title and stays findable by it."""
    records = json.loads((MORE / "北邮家教部.json").read_text(encoding="utf-8-sig"))[1:4]
    first = tmp_path / "first.json"
    first.write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8")
    db = str(tmp_path / "wx.db")
    assert runner.invoke(app, ["ingest", str(first), "--db", db]).exit_code == 0
    blanked = [dict(records[0], 标题title="  ")]
    again = tmp_path / "again.json"
    again.write_text(json.dumps(blanked, ensure_ascii=False), encoding="utf-8")
    report = json.loads(runner.invoke(app, ["ingest", str(again), "--db", db, "--json"]).stdout)
    assert report["rejects"] == [
        {"origin": f"{again} record 1 (line 1)", "reason": "empty field 标题title"}
    ]
    shown = runner.invoke(app, ["show", records[0]["文章标识符aid"], "--db", db, "--json"])
    assert json.loads(shown.stdout)["title"] == records[0]["标题title"]


def test_a_copy_without_its_link_never_replaces_the_linked_post(tmp_path: Path) -> None:
    """The same post read again without its WeChat link (a collector that dropped the url) is a
    copy of the linked one, which stays the post shown; asked by its aid, show gives that post
    rather than calling the aid ambiguous."""
    records = json.loads(SEED.read_text(encoding="utf-8-sig"))[:5]
    linked = tmp_path / "linked.json"
    linked.write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8")
    unlinked = tmp_path / "unlinked.json"
    bare = {k: v for k, v in records[1].items() if k != "链接url"}
    unlinked.write_text(json.dumps([bare], ensure_ascii=False), encoding="utf-8")
    db = str(tmp_path / "wx.db")
    for source in (linked, unlinked):
        assert runner.invoke(app, ["ingest", str(source), "--db", db]).exit_code == 0
    aid = records[1]["文章标识符aid"]
    shown = runner.invoke(app, ["show", aid, "--db", db, "--json"])
    assert shown.exit_code == 0
    post = json.loads(shown.stdout)
    assert post["url"] == records[1]["链接url"] and post["key"].startswith("wx:")
    hits = runner.invoke(app, ["search", records[1]["标题title"][:12], "--db", db, "--json"])
    assert [h["key"] for h in json.loads(hits.stdout)["hits"]].count(post["key"]) == 1
