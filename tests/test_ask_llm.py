"""`ask --llm`: a real OpenAI-style chat server on loopback; every sentence's quote is checked."""

from __future__ import annotations

import json
import re
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from typer.testing import CliRunner

from wxintel.ask.llm import answer_llm
from wxintel.cli import app
from wxintel.store import SQLStore, open_store

QUESTION = "第四批上海工业遗产认定申报材料什么时候前报送？"
FABRICATED = "本项目由国务院直接拨款一亿元"


@pytest.fixture(scope="module")
def store(seed_db: Path) -> Iterator[SQLStore]:
    opened = open_store(seed_db)
    yield opened
    opened.close()


def first_passage(request: dict) -> str:
    """What a faithful model quotes: the start of passage P1 as the prompt gave it."""
    prompt = request["messages"][-1]["content"]
    body = re.search(r"\[P1\][^\n]*\n(.+?)(?:\n\n\[P2\]|\n\n问题)", prompt, re.DOTALL)
    return body.group(1)[:20]


def faithful(request: dict) -> dict:
    quote = first_passage(request)
    return {"sentences": [{"text": f"依据原文：{quote}。", "cite": "P1", "quote": quote}]}


def half_invented(request: dict) -> dict:
    good = faithful(request)["sentences"]
    bad = [{"text": "项目资金一亿元。", "cite": "P1", "quote": FABRICATED}]
    return {"sentences": good + bad}


def all_invented(request: dict) -> dict:
    return {"sentences": [{"text": "项目资金一亿元。", "cite": "P2", "quote": FABRICATED}]}


@contextmanager
def chat_server(reply: Callable[[dict], dict] | None, status: int = 200, delay: float = 0.0):
    """An OpenAI-compatible /v1/chat/completions on 127.0.0.1, answering with `reply`."""
    seen: list[dict] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            request = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            seen.append({"path": self.path, **request})
            time.sleep(delay)
            if status != 200 or reply is None:
                self.send_response(status)
                self.end_headers()
                return
            content = json.dumps(reply(request), ensure_ascii=False)
            body = json.dumps({"choices": [{"message": {"role": "assistant", "content": content}}]})
            try:
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(body.encode())
            except BrokenPipeError:
                return  # the client gave up waiting: what the timeout test wants

        def log_message(self, *args: object) -> None:
            return

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/v1", seen
    finally:
        server.shutdown()
        server.server_close()


def check_quotes(store: SQLStore, result) -> None:
    for c in result.citations:
        assert store.get(c.key).content[c.start : c.end] == c.quote


def test_a_cited_answer_is_kept_with_its_quote_found_in_the_post(store: SQLStore):
    with chat_server(faithful) as (url, seen):
        result = answer_llm(store, QUESTION, url)
    assert seen[0]["path"] == "/v1/chat/completions"
    assert "问题：" + QUESTION in seen[0]["messages"][-1]["content"]
    assert result.mode == "llm" and not result.refused
    assert result.answer.startswith("依据原文")
    check_quotes(store, result)


def test_a_sentence_with_a_fabricated_quote_is_dropped(store: SQLStore):
    with chat_server(half_invented) as (url, _):
        result = answer_llm(store, QUESTION, url)
    assert not result.refused and "一亿元" not in result.answer
    assert len(result.citations) == 1 and "dropped" in result.reason
    check_quotes(store, result)
    with chat_server(all_invented) as (url, _):
        refused = answer_llm(store, QUESTION, url)
    assert refused.refused and refused.answer is None and refused.citations == []


def test_a_failing_or_slow_endpoint_falls_back_to_the_extractive_answer(store: SQLStore):
    with chat_server(None, status=500) as (url, _):
        failed = answer_llm(store, QUESTION, url)
    assert failed.mode == "extractive" and "HTTP 500" in failed.reason
    assert failed.answer == "2025年12月19日"
    with chat_server(faithful, delay=3) as (url, _):
        slow = answer_llm(store, QUESTION, url, timeout=0.5)
    assert slow.mode == "extractive" and "cannot be reached" in slow.reason


def test_a_source_question_is_answered_from_the_post_s_reprint_source(store: SQLStore):
    """转自哪里 asks the post's 来源 line, which cleaning took off the text: no passage holds it
    for a model to quote, so the extractive reader answers, and the model is not asked."""
    with chat_server(faithful) as (url, seen):
        result = answer_llm(store, "东华大学多项成果参展工博会这篇文章转自哪里？", url)
    assert seen == []
    assert result.mode == "extractive" and result.answer == "上海教育新闻网", result.reason
    cited = result.citations[0]
    assert cited.field == "reprinted_from"
    assert store.get(cited.key).reprinted_from == cited.quote == result.answer


def test_cli_takes_the_endpoint_from_the_environment(seed_db: Path):
    with chat_server(faithful) as (url, seen):
        result = CliRunner().invoke(
            app, ["ask", QUESTION, "--db", str(seed_db), "--json"], env={"WXINTEL_LLM_URL": url}
        )
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["mode"] == "llm" and len(seen) == 1


def reader(request: dict) -> dict:
    """A model that answers with the first three passages it was given, each quoted whole."""
    prompt = request["messages"][-1]["content"]
    bodies = re.findall(r"\[P(\d)\][^\n]*\n(.+?)(?=\n\n\[P\d\]|\n\n问题)", prompt, re.DOTALL)
    return {"sentences": [{"text": body, "cite": f"P{n}", "quote": body} for n, body in bodies[:3]]}


def test_eval_ask_measures_the_llm_mode(seed_db: Path, tmp_path: Path):
    """`eval ask --llm` scores the model's answers; a model that invents is refused, not right."""
    labels = {
        "questions": [
            {
                "id": "a",
                "account": "上海经信委",
                "question": QUESTION,
                "answer": "2025-12-19",
                "type": "deadline",
                "support": [["上海经信委", "2650689428_3"]],
            },
            {
                "id": "b",
                "account": "上海经信委",
                "question": "第九批上海工业遗产认定申报材料什么时候前报送？",
                "answer": None,
                "type": "deadline",
                "support": [],
            },
        ]
    }
    path = tmp_path / "questions.json"
    path.write_text(json.dumps(labels, ensure_ascii=False), encoding="utf-8")
    command = ["eval", "ask", str(path), "--db", str(seed_db), "--json", "--llm"]
    with chat_server(reader) as (url, seen):
        read = CliRunner().invoke(app, [*command, url])
    assert read.exit_code == 0, read.output
    scores = json.loads(read.output)
    assert scores["mode"] == "llm" and len(seen) == 1  # the unanswerable one retrieves nothing
    assert scores["overall"]["right"] == 1 and scores["overall"]["refused_right"] == 1
    assert [q["mode"] for q in scores["questions"]] == ["llm", "extractive"]
    assert scores["fell_back"] == 1
    with chat_server(all_invented) as (url, _):
        invented = json.loads(CliRunner().invoke(app, [*command, url]).output)
    assert invented["overall"]["right"] == 0 and invented["questions"][0]["verdict"] == "refused"
    with chat_server(None, status=500) as (url, _):
        down = CliRunner().invoke(
            app, ["eval", "ask", str(path), "--db", str(seed_db), "--llm", url]
        )
    assert "2 answer(s) given without the model" in down.output
