"""The `wxintel` command on real files: JSON outputs scripts rely on, errors users can act on."""

from __future__ import annotations

import csv
import io
import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from conftest import EVAL, MORE, SEED
from helpers import ingest_records
from typer.testing import CliRunner

from wxintel import dates
from wxintel.cli import EXIT_AMBIGUOUS, EXIT_DATABASE, EXIT_NOT_FOUND, EXIT_REJECTED, app
from wxintel.store import open_store

runner = CliRunner()


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture()
def db(seed_db: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "wx.db"
    shutil.copy(seed_db, copy)
    return copy


def test_ingest_json_report(tmp_path: Path) -> None:
    code, out, _ = run("ingest", str(SEED), "--db", str(tmp_path / "wx.db"), "--json")
    assert code == 0
    report = json.loads(out)
    assert {k: report[k] for k in ("read", "added", "updated", "unchanged", "rejected")} == {
        "read": 179,
        "added": 179,
        "updated": 0,
        "unchanged": 0,
        "rejected": 0,
    }
    assert report["duplicates"] == 1 and report["rejects_file"] is None
    code, out, _ = run("ingest", str(SEED), "--db", str(tmp_path / "wx.db"))
    assert "0 added, 0 updated, 179 unchanged" in out


def test_stats_json(db: Path) -> None:
    code, out, _ = run("stats", "--db", str(db), "--json")
    stats = json.loads(out)
    assert code == 0
    assert {k: stats[k] for k in ("articles", "duplicates", "stubs", "reprints")} == {
        "articles": 179,
        "duplicates": 1,
        "stubs": 29,
        "reprints": 82,  # 68 转载自 lines and 14 来源：<newspaper> head lines
    }
    assert stats["languages"] == {"en": 4, "zh": 175}


def test_db_from_environment(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WXINTEL_DB", str(db))
    code, out, _ = run("stats", "--json")
    assert code == 0 and json.loads(out)["articles"] == 179


def test_show_text_and_json(db: Path) -> None:
    code, out, _ = run("show", "2650689428_2", "--db", str(db))
    assert code == 0
    assert "上海经信委" in out and "欢迎转发" not in out
    code, out, _ = run("show", "2650689428_2", "--db", str(db), "--json")
    detail = json.loads(out)
    assert detail["id"] == "2650689428_2" and detail["account"] == "上海经信委"
    for fact in detail["facts"]:
        assert detail["content"][fact["start"] : fact["end"]] == fact["text"]


def test_show_unknown_and_ambiguous(db: Path) -> None:
    code, _, err = run("show", "999_9", "--db", str(db))
    assert code == EXIT_NOT_FOUND and "999_9" in err
    conn = sqlite3.connect(db)
    conn.execute(
        "INSERT INTO articles(key, aid, account, title, raw_content, raw_hash, content)"
        " VALUES ('acct:别的号:2650689428_2', '2650689428_2', '别的号', '别的文章', 'x', 'h', 'x')"
    )
    conn.commit()
    conn.close()
    code, _, err = run("show", "2650689428_2", "--db", str(db))
    assert code == EXIT_AMBIGUOUS
    assert "acct:别的号:2650689428_2" in err and "别的号" in err
    code, out, _ = run("show", "2650689428_2", "--db", str(db), "--json")
    assert code == EXIT_AMBIGUOUS
    assert {c["account"] for c in json.loads(out)["candidates"]} == {"上海经信委", "别的号"}
    code, out, _ = run("show", "999_9", "--db", str(db), "--json")
    assert code == EXIT_NOT_FOUND and "999_9" in json.loads(out)["error"]
    code, out, _ = run("show", "acct:别的号:2650689428_2", "--db", str(db), "--json")
    assert code == 0 and json.loads(out)["title"] == "别的文章"


def test_export_jsonl_and_csv(db: Path) -> None:
    code, out, _ = run("export", "--db", str(db), "--format", "jsonl")
    lines = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and len(lines) == 179
    required = {
        "id",
        "account",
        "title",
        "url",
        "published",
        "content",
        "lang",
        "is_stub",
        "reprinted_from",
        "duplicate_of",
    }
    assert all(required <= set(line) for line in lines)
    assert sum(1 for line in lines if line["duplicate_of"]) == 1
    code, out, _ = run("export", "--db", str(db), "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0 and len(rows) == 179 and rows[0]["account"] == "上海经信委"


def test_bad_json_names_file_line_and_column_and_goes_on(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('[\n {"文章标识符aid": "1_1", "标题title": "好",\n  oops }\n]', encoding="utf-8")
    code, out, _ = run("ingest", str(bad), str(SEED), "--db", str(tmp_path / "wx.db"), "--json")
    report = json.loads(out)
    assert code == 0 and report["added"] == 179 and report["rejected"] == 1
    reject = json.loads(Path(report["rejects_file"]).read_text(encoding="utf-8").splitlines()[0])
    assert "bad.json" in reject["origin"]
    assert "line 3" in reject["reason"] or ":3" in reject["origin"]
    code, _, _ = run("ingest", str(bad), "--db", str(tmp_path / "wx.db"), "--strict")
    assert code == EXIT_REJECTED


def test_record_rejected_with_field_name(tmp_path: Path) -> None:
    records = json.loads(SEED.read_text(encoding="utf-8"))[:5]
    del records[1]["标题title"]
    records[2]["时间time"] = "明年春天"
    path = tmp_path / "some.json"
    path.write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8")
    code, out, _ = run("ingest", str(path), "--db", str(tmp_path / "wx.db"), "--json")
    report = json.loads(out)
    assert code == 0 and report["added"] == 3 and report["rejected"] == 2
    reasons = [
        json.loads(x)["reason"] for x in Path(report["rejects_file"]).read_text().splitlines()
    ]
    assert any("标题title" in r for r in reasons) and any("时间time" in r for r in reasons)


def test_newer_schema_is_refused_clearly(tmp_path: Path) -> None:
    db = tmp_path / "future.db"
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA user_version=999")
    conn.close()
    code, _, err = run("stats", "--db", str(db))
    assert code == EXIT_DATABASE and "newer wxintel" in err


def test_not_a_database(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_text("hello " * 1000)
    code, _, err = run("stats", "--db", str(path))
    assert code == EXIT_DATABASE and "notes.db" in err


def test_search_json_shape_exclusion_and_paging(db: Path) -> None:
    code, out, _ = run("search", "低空经济", "--db", str(db), "--json", "--limit", "3")
    first = json.loads(out)
    assert code == 0 and first["query"] == "低空经济" and len(first["hits"]) == 3
    assert {"id", "title", "account", "published", "kind", "score", "snippet", "matched"} <= set(
        first["hits"][0]
    )
    assert {"account", "kind", "month", "tags"} <= set(first["facets"])
    code, out, _ = run(
        "search", "低空经济", "-专精特新", "--db", str(db), "--json", "--limit", "50"
    )
    excluded = json.loads(out)
    assert code == 0 and 0 < excluded["total"] < first["total"]
    for hit in excluded["hits"]:
        (article,) = open_store(db).resolve(hit["id"])
        assert "专精特新" not in article.content + article.title
    code, out, _ = run(
        "search", "低空经济", "--db", str(db), "--json", "--limit", "3", "--offset", "3"
    )
    assert [h["id"] for h in json.loads(out)["hits"]] != [h["id"] for h in first["hits"]]


def test_search_says_the_period_read_and_the_programme_year(db: Path) -> None:
    code, out, _ = run("search", "2026年 低空经济 博览会", "--db", str(db), "--limit", "3")
    assert code == 0 and "2026国际低空经济博览会在沪启动" in out
    assert "published 2026-01-01 to 2026-12-31 (from 2026年" in out
    assert "and posts of 2025 that name 2026 in the title or as 2026年度" in out


def test_calls_json_and_ics(db: Path, tmp_path: Path) -> None:
    code, out, _ = run("calls", "--open", "--as-of", "2025-10-15", "--db", str(db), "--json")
    calls = {c["id"]: c for c in json.loads(out)}
    assert code == 0 and calls["2650689428_2"]["deadline"] == "2025-10-30"
    assert {c["name"] for c in calls["2650689428_2"]["contacts"]} == {"陈珂", "施雨润"}
    deadlines = [c["deadline"] or c["period"][1] for c in calls.values()]
    assert deadlines == sorted(deadlines)
    ics = tmp_path / "calls.ics"
    code, _, _ = run("calls", "--ics", str(ics), "--db", str(db))
    unfolded = ics.read_text(encoding="utf-8").replace("\r\n ", "")
    assert code == 0 and "2650689428:2-deadline@wxintel" in unfolded


def test_calls_as_of_a_day_show_the_archive_as_it_stood_then(tmp_path: Path) -> None:
    mixed = tmp_path / "mixed.db"
    code, _, _ = run("ingest", str(SEED), str(MORE), "--db", str(mixed))
    assert code == 0
    code, out, _ = run("calls", "--all", "--as-of", "2099-12-31", "--db", str(mixed), "--json")
    assert any(c["published"][:10] > "2025-10-15" for c in json.loads(out)), "later notices"
    code, out, _ = run("calls", "--open", "--as-of", "2025-10-15", "--db", str(mixed), "--json")
    calls = json.loads(out)
    assert code == 0 and calls
    assert all(c["published"][:10] <= "2025-10-15" for c in calls)


def test_calls_without_a_day_are_judged_on_the_archives_newest_post(db: Path) -> None:
    newest = open_store(db).stats()["last"][:10]
    assert newest < dates.today().isoformat()  # the seed ends in October 2025
    code, out, _ = run("calls", "--all", "--db", str(db), "--json")
    calls = json.loads(out)
    assert code == 0 and calls
    assert {(c["as_of"], c["as_of_reason"]) for c in calls} == {(newest, "newest_post")}
    code, out, _ = run("calls", "--all", "--db", str(db))
    assert f"as of {newest} (the archive's newest post" in " ".join(out.split())
    code, out, _ = run("calls", "--all", "--as-of", "2025-10-01", "--db", str(db), "--json")
    assert {(c["as_of"], c["as_of_reason"]) for c in json.loads(out)} == {("2025-10-01", "given")}


@pytest.mark.parametrize(
    ("target", "reason"), [("missing/dir/c.ics", "No such file"), (".", "directory")]
)
def test_calls_ics_to_a_path_that_cannot_be_written(
    db: Path, tmp_path: Path, target: str, reason: str
) -> None:
    result = runner.invoke(app, ["calls", "--ics", str(tmp_path / target), "--db", str(db)])
    assert result.exit_code == 2 and isinstance(result.exception, SystemExit)
    assert "--ics cannot write" in result.stderr and reason in result.stderr


@pytest.mark.parametrize(
    ("command", "labels", "says"),
    [
        ("search", EVAL / "notices_dev.json", "looks like notice labels"),
        ("extract", EVAL / "search_dev.json", "looks like search judgments"),
        ("search", "[]", "must be an object, not a list"),
        ("extract", "[]", "must be an object, not a list"),
        ("search", '{"queries": [{"q": "x"}]}', "queries[0].rel must be"),
        ("extract", '{"items": []}', "no labelled notices"),
        ("search", "{", "not a JSON file"),
        ("extract", None, "Is a directory"),
    ],
)
def test_eval_refuses_labels_of_the_wrong_shape(
    db: Path, tmp_path: Path, command: str, labels: Path | str | None, says: str
) -> None:
    path = tmp_path if labels is None else labels
    if isinstance(labels, str):  # the file's content
        path = tmp_path / "labels.json"
        path.write_text(labels, encoding="utf-8")
    result = runner.invoke(app, ["eval", command, str(path), "--db", str(db)])
    assert result.exit_code == 2 and isinstance(result.exception, SystemExit)
    assert says in result.stderr and str(path) in result.stderr and not result.stdout


def test_eval_commands_print_figures(db: Path) -> None:
    code, out, _ = run("eval", "search", str(EVAL / "search_dev.json"), "--db", str(db), "--json")
    scores = json.loads(out)
    assert code == 0 and scores["systems"] == ["wxintel", "bm25_words", "bm25_bigrams"]
    assert set(scores["overall"]["bm25_bigrams"]) == {"ndcg@10", "recall@10", "mrr"}
    assert len(scores["queries"]) == scores["overall"]["queries"] > 0
    code, out, _ = run("eval", "extract", str(EVAL / "notices_dev.json"), "--db", str(db))
    assert code == 0 and "deadline" in out and "contacts" in out
    code, out, _ = run("eval", "brief", "--db", str(db))
    assert code == 0 and "overall" in out
    dev = Path(__file__).parent.parent / "eval" / "extract_dev.json"
    code, out, _ = run("eval", "extract", str(dev), "--db", str(db))
    # the table opens with its header row, no bare program name above it
    assert code == 0 and out.splitlines()[0].split()[:3] == ["account", "items", "kind"]
    assert "baseline (plain rules, same run)" in out


def test_search_prints_article_text_as_text_with_its_matches_marked(tmp_path: Path) -> None:
    """The snippet's spans become terminal highlighting; the text itself, even when it reads
    like Rich markup or HTML, is printed as written (escaped once, for the terminal)."""
    db = tmp_path / "wx.db"
    record = {
        "id": "m1",
        "title": "工博会 [bold]通知[/bold]",
        "content": "关于 [red]工博会[/red] 的通知：<mark>报名</mark> 即日开始。",
        "account": "测试号",
        "published": "2025-10-01",
    }
    assert ingest_records(db, [record]).added == 1
    code, out, _ = run("search", "工博会", "--db", str(db))
    assert code == 0
    assert "工博会 [bold]通知[/bold]" in out  # the title as written
    assert "关于 [red]工博会[/red] 的通知：<mark>报名</mark> 即日开始。" in out


def test_help_reflows_a_docstring_instead_of_breaking_it_where_the_source_does():
    """`wxintel --help` printed 'every one, or those the' / 'filters keep' and `reprocess` broke
    likewise: the docstrings' source line breaks. The help flows them as paragraphs, and
    `<dbname>` in --index's help is still shown."""
    wide = {"COLUMNS": "400"}  # typer's help console, not ours, reads it
    overview = runner.invoke(app, ["--help"], env=wide).stdout
    assert "every one, or those the filters keep (with --q, the search hits" in overview
    assert "relink it and catch the search index up" in " ".join(overview.split("│"))
    assert "./wxintel-index/<dbname>" in overview
    export = runner.invoke(app, ["export", "--help"], env=wide).stdout
    assert "those the filters keep" in export


def test_cli_tables_write_a_deadline_time_as_people_do(seed_db: Path, wide_console):
    """The calls, match and threads tables said 2025-11-17T17:00 (ISO's T); they say
    2025-11-17 17:00, as the feeds and Markdown do (--json keeps the stored form)."""
    asked = ["--as-of", "2025-10-12", "--db", str(seed_db)]
    calls = runner.invoke(app, ["calls", "--open", *asked]).stdout
    threads = runner.invoke(app, ["threads", "--open", *asked]).stdout
    stored = json.loads(runner.invoke(app, ["calls", "--open", "--json", *asked]).stdout)
    timed = [c["deadline"] for c in stored if "T" in (c["deadline"] or "")]
    assert timed  # the seed's 智能产品征集 closes at 17:00
    for deadline in timed:
        assert deadline.replace("T", " ") in calls and deadline.replace("T", " ") in threads
    assert not any(deadline in calls + threads for deadline in timed)


def test_the_threads_table_names_stages_as_the_pages_do(seed_db: Path, wide_console):
    """`wxintel threads` printed stage codes (notice, shortlist, other) in its Chinese lines;
    it names them as the pages do (申报通知, 拟入选公示 …); --json keeps the codes."""
    from wxintel.link.threads import STAGE_LABELS

    asked = ["threads", "--db", str(seed_db)]
    shown = runner.invoke(app, asked).stdout
    stored = json.loads(runner.invoke(app, [*asked, "--json"]).stdout)
    codes = {a["stage"] for t in stored for a in t["articles"]} | {t["stage"] for t in stored}
    assert {"notice", "shortlist"} <= codes  # the seed's smart-factory call and its 公示
    for code in codes:
        assert STAGE_LABELS[code] in shown
        assert f" {code} " not in shown and f"· {code} ·" not in shown


def test_show_facts_quotes_a_title_deadline_from_the_title(tmp_path: Path) -> None:
    """A deadline read from the title is quoted from the title, not as an empty body span."""
    db = tmp_path / "wx.db"
    title = "关于开展2026年度科技计划项目申报的通知（申报截止：12月5日）"
    body = "各有关单位：\n请申报单位登录系统在线填写申报书。\n"
    post = {"id": "t_1", "title": title, "content": body, "account": "示例科技局",
            "published": "2025-11-10"}  # fmt: skip
    ingest_records(db, [post])
    code, out, _ = run("show", "t_1", "--db", str(db), "--facts")
    start = title.index("12月5日")
    assert code == 0 and f"@title:{start}-{start + 5} «12月5日»" in out
