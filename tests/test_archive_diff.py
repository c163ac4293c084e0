"""scripts/archive_diff.py: every stored post read again by this tree, and two readings compared,
on the seed archive ingested whole."""

import json
import sqlite3

from helpers import load_script


def test_a_reading_of_the_archive_is_what_ingest_stored_and_a_change_is_named(seed_db, tmp_path):
    script = load_script("archive_diff")
    out = tmp_path / "before.json"
    assert script.main(["write", "--db", str(seed_db), "-o", str(out)]) == 0
    read = json.loads(out.read_text(encoding="utf-8"))
    with sqlite3.connect(seed_db) as con:
        stored = {f"{a}/{aid}": kind for a, aid, kind in con.execute(
            "SELECT account, aid, kind FROM articles")}  # fmt: skip
    assert {key: post["kind"] for key, post in read.items()} == stored
    same = "kind 0, deadline 0, stated_deadline 0, phone 0, email 0, contact 0, rule 0, missing 0"
    assert script.diff(read, read)[-1] == f"{len(read)} posts; changed: {same}"
    key = next(k for k, post in read.items() if post["kind"] == "call" and post["deadline"])
    moved = {**read, key: {**read[key], "kind": "news", "deadline": []}}
    lines = script.diff(read, moved)
    assert f"{key} kind: call -> news" in lines
    assert lines[-1].startswith(f"{len(read)} posts; changed: kind 1, deadline 1,")
