"""Where the post that answers stands among what ask reads, on real posts of two accounts that
relay one text (a 政治局 meeting's report, carried by 未央工信 twice and 津北商务 once)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import MORE
from typer.testing import CliRunner

from wxintel.ask import answer_extractive
from wxintel.ask.extractive import answer_read
from wxintel.cli import app
from wxintel.evaluation import ask_retrieval
from wxintel.store import SQLStore, open_store

RELAYED = [
    ("津北商务", "2247516397_1"),
    ("未央工信", "2247495051_4"),
    ("未央工信", "2247495092_3"),
]
QUESTION = "二十届四中全会在哪里召开"


@pytest.fixture(scope="module")
def relay_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from wxintel.pipeline import ingest

    path = tmp_path_factory.mktemp("relay") / "relay.db"
    store = open_store(path)
    ingest([MORE / "未央工信.json", MORE / "津北商务.json"], store, workers=1)
    store.close()
    return path


@pytest.fixture(scope="module")
def store(relay_db: Path) -> SQLStore:
    opened = open_store(relay_db)
    yield opened
    opened.close()


def test_a_post_answers_through_every_relay_of_its_text(store: SQLStore):
    assert ask_retrieval.answering(store, [["津北商务", "2247516397_1"]]) >= set(RELAYED)
    # a post no other carries (a food festival's opening) answers alone
    alone = ("津北商务", "2247516387_1")
    assert ask_retrieval.answering(store, [list(alone)]) == {alone}


def test_the_answering_post_is_ranked_by_ask_and_by_the_plain_baseline(store: SQLStore):
    plain = ask_retrieval.plain_baseline(store)
    found = ask_retrieval.ranks(store, QUESTION, [["津北商务", "2247516397_1"]], plain)
    assert found["passage"] is not None and found["post"] is not None
    assert found["plain"] is not None
    assert 0 < found["coverage"] <= 1
    counts = ask_retrieval.counted(found)
    assert counts["passage_read"] == counts["post_read"] == counts["plain_read"] == 1
    # given how the scorer reads a label, the first passage holding it, and where a miss is lost
    holds = lambda text, published: "北京" in text  # noqa: E731
    told = ask_retrieval.ranks(store, QUESTION, [["津北商务", "2247516397_1"]], plain, None, holds)
    assert told["answer"] >= told["passage"] and 0 < told["answer_coverage"] <= 1
    assert ask_retrieval.lost_at(told) in ("lost_below_bar", "lost_above_bar")
    nowhere = ask_retrieval.ranks(
        store, QUESTION, [["津北商务", "2247516397_1"]], plain, None, lambda text, _: False
    )
    assert nowhere["answer"] is None and ask_retrieval.lost_at(nowhere) == "lost_no_label"
    # a labelled post the archive does not hold is nowhere
    missing = ask_retrieval.ranks(store, QUESTION, [["北邮家教部", "2652706863_1"]], plain)
    assert (missing["passage"], missing["post"], missing["plain"]) == (None, None, None)
    assert set(ask_retrieval.counted(missing).values()) == {0}
    assert ask_retrieval.lost_at(missing) == "lost_unread"


def test_the_reading_ask_answered_from_is_ranked_as_a_fresh_one(store: SQLStore):
    """eval ask reads each question once: the answer and the ranks start from one reading."""
    read = ask_retrieval.read_once(store)
    reading = read(QUESTION)
    assert read(QUESTION) is reading and read("四中全会 几号") is not reading
    assert answer_read(reading) == answer_extractive(store, QUESTION)
    plain = ask_retrieval.plain_baseline(store)
    support = [["津北商务", "2247516397_1"]]
    given = ask_retrieval.ranks(store, QUESTION, support, plain, reading=reading)
    assert given == ask_retrieval.ranks(store, QUESTION, support, plain)
    assert given["passage"] is not None


def test_eval_ask_reports_retrieval_per_account_and_in_json(relay_db: Path, tmp_path: Path):
    labels = {
        "questions": [
            {
                "id": "r1",
                "account": "津北商务",
                "question": QUESTION,
                "answer": "北京",
                "type": "place",
                "support": [["津北商务", "2247516397_1"]],
            },
            {
                "id": "r2",
                "account": "未央工信",
                "question": "二十届四中全会的会场有多少个座位",
                "answer": None,
                "type": "count",
                "support": [],
            },
        ]
    }
    path = tmp_path / "labels.json"
    path.write_text(json.dumps(labels, ensure_ascii=False), encoding="utf-8")
    shown = CliRunner().invoke(app, ["eval", "ask", str(path), "--db", str(relay_db)])
    assert shown.exit_code == 0, shown.output
    assert "retrieval" in shown.output and "plain BM25" in shown.output
    result = CliRunner().invoke(app, ["eval", "ask", str(path), "--db", str(relay_db), "--json"])
    scores = json.loads(result.output)
    row = scores["accounts"]["津北商务"]
    assert row["passage_read"] == row["post_read"] == row["plain_read"] == 1
    assert scores["overall"]["passage_read"] == 1  # the unanswerable question is not counted
    asked, unanswerable = scores["questions"]
    assert asked["retrieval"]["passage"] >= 1 and "retrieval" not in unanswerable
    # a question answered right is lost nowhere; a wrong label is lost where its post is read
    assert sum(scores["overall"][f] for f in ask_retrieval.STAGES) == 1 - row["right"]
    labels["questions"][0]["answer"] = "上海"
    path.write_text(json.dumps(labels, ensure_ascii=False), encoding="utf-8")
    result = CliRunner().invoke(app, ["eval", "ask", str(path), "--db", str(relay_db), "--json"])
    missed = json.loads(result.output)["overall"]
    assert missed["right"] == 0 and missed["lost_no_label"] == 1
