"""Mistakes a user makes on the command line end in one line naming the problem and a
documented exit code (README, Exit codes), never a traceback, and create nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from wxintel.cli import EXIT_DATABASE, EXIT_NOT_FOUND, EXIT_USAGE, app

runner = CliRunner()


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["stats", "--db", "{tmp}"], EXIT_DATABASE, "cannot open database {tmp}"),
        (["stats", "--db", "{tmp}/none.db"], EXIT_DATABASE, "no database at {tmp}/none.db"),
        (
            ["ingest", "{tmp}/nope.json", "--db", "{tmp}/wx.db"],
            EXIT_USAGE,
            "cannot read {tmp}/nope.json: no such file or directory",
        ),
        (
            ["search", "申报", "--db", "{seed}", "--from", "2025-13-01"],
            EXIT_USAGE,
            "--from must be a date YYYY-MM-DD, not '2025-13-01'",
        ),
        (
            ["export", "--db", "{seed}", "--to", "昨天"],
            EXIT_USAGE,
            "--to must be a date YYYY-MM-DD, not '昨天'",
        ),
        (
            ["export", "--db", "{seed}", "-o", "{tmp}/no/such/dir/x.csv"],
            EXIT_USAGE,
            "--output cannot write {tmp}/no/such/dir/x.csv: No such file or directory",
        ),
        (
            ["calls", "--db", "{seed}", "--ics", "{tmp}"],
            EXIT_USAGE,
            "--ics cannot write {tmp}: Is a directory",
        ),
        *(  # every command that reads the archive as of a day says it alike, as --from does
            (
                [*command, "--db", "{seed}", "--as-of", as_of],
                EXIT_USAGE,
                f"--as-of must be a date YYYY-MM-DD, not '{as_of}'",
            )
            for as_of in ("2025/10/01", "20251001")  # the second was read as 2025-10-01 by calls
            for command in (
                ["calls"],
                ["threads"],
                ["search", "上个月 申报"],
                ["export", "--q", "上个月 申报"],
                ["ask", "上个月的申报截止时间是哪天"],
                ["profiles", "alerts"],
            )
        ),
        (  # one of the two silently won: --closed, listing what the user asked to leave out
            ["calls", "--db", "{seed}", "--open", "--closed"],
            EXIT_USAGE,
            "give one of --open, --closed, --all, not --open and --closed",
        ),
        (  # search, export and ask check their filters with one helper (checked_or_exit)
            [
                "ask",
                "申报截止时间？",
                "--db",
                "{seed}",
                "--from",
                "2025-10-01",
                "--to",
                "2025-09-01",
            ],
            EXIT_USAGE,
            "--to must not be before the start date 2025-10-01, not '2025-09-01'",
        ),
        (
            ["export", "--db", "{seed}", "--from", "2025-10-01", "--to", "2025-09-01"],
            EXIT_USAGE,
            "--to must not be before the start date 2025-10-01, not '2025-09-01'",
        ),
        (  # it read as a refusal (未找到依据, exit 4) of a question never asked
            ["ask", " ", "--db", "{seed}"],
            EXIT_USAGE,
            "the question is empty: ask it in words",
        ),
        *(  # it failed inside the first answer: a traceback (ask), a 500 (/api/ask under serve)
            (
                [*command, "--db", "{seed}", "--llm", "notaurl"],
                EXIT_USAGE,
                "--llm (or WXINTEL_LLM_URL) must be an http(s) URL, not 'notaurl'",
            )
            for command in (
                ["ask", "申报截止时间是哪天"],
                ["mcp"],
                ["eval", "ask", "eval/ask_dev.json"],
            )
        ),
        (  # the watchlist was saved and could never fire
            ["watch", "add", "低空经济", "--name", "低空", "--kind", "calls", "--db", "{tmp}/w.db"],
            EXIT_USAGE,
            "kind must be one of call, registration, consultation",
        ),
        (
            ["reprocess", "--db", "{seed}", "--since", "10/1"],
            EXIT_USAGE,
            "--since must be a date YYYY-MM-DD, not '10/1'",
        ),
        (
            ["reprocess", "--db", "{seed}", "--dask", "tcp://127.0.0.1:1"],
            EXIT_USAGE,
            "cannot reach the Dask scheduler at tcp://127.0.0.1:1",
        ),
        (  # it listed every thread, as if each named the firm
            ["threads", "--db", "{seed}", "--firm", " "],
            EXIT_USAGE,
            "--firm is empty: give a firm's name as its lists write it",
        ),
        (
            ["brief", "--db", "{seed}", "--week", "2025-02-30"],
            EXIT_USAGE,
            "--week expects a date like 2025-09-21, not '2025-02-30'",
        ),
        *(  # a mistyped account would match nothing and read as an empty archive
            (
                [command, *words, "--db", "{seed}", "--account", "上海经信"],
                EXIT_NOT_FOUND,
                "no posts of account 上海经信; stored accounts: 上海经信委",
            )
            for command, *words in (
                ["search", "申报"],
                ["export"],
                ["threads"],
                ["reposts"],
                ["reprocess"],
            )
        ),
    ],
)
def test_a_mistake_is_one_line_and_an_exit_code(
    args: list[str], code: int, message: str, seed_db: Path, tmp_path: Path
) -> None:
    place = {"tmp": str(tmp_path), "seed": str(seed_db)}
    before = sorted(tmp_path.iterdir())
    result = runner.invoke(app, [a.format(**place) for a in args])
    assert result.exit_code == code, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert message.format(**place) in " ".join(result.stderr.split())
    assert "Traceback" not in result.output
    assert sorted(tmp_path.iterdir()) == before, "a mistake created files"


def test_serve_refuses_an_llm_endpoint_that_is_no_url(seed_db: Path, monkeypatch) -> None:
    """WXINTEL_LLM_URL=notaurl started the server, and every /api/ask and MCP ask then failed
    with a 500; serve says so before it starts."""
    monkeypatch.setenv("WXINTEL_LLM_URL", "notaurl")
    result = runner.invoke(app, ["serve", "--db", str(seed_db), "--port", "8"])
    assert result.exit_code == EXIT_USAGE
    said = " ".join(result.stderr.split())
    assert "WXINTEL_LLM_URL must be an http(s) URL, not 'notaurl'" in said
