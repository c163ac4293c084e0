"""The store's one SQL layer: `?` parameters numbered as PostgreSQL takes them, nothing else
in the statement touched (both backends running them: tests/test_store_backends.py)."""

from __future__ import annotations

from wxintel.store.sql import numbered


def test_parameters_are_numbered_in_order() -> None:
    sql = "SELECT a FROM t WHERE b = ? AND c IN (?,?)"
    assert numbered(sql) == "SELECT a FROM t WHERE b = $1 AND c IN ($2,$3)"


def test_quoted_text_and_comments_keep_their_question_marks() -> None:
    sql = """SELECT 'it''s ?', "odd?name", ? -- a ? here
    /* and ? here */ , ?"""
    assert (
        numbered(sql)
        == """SELECT 'it''s ?', "odd?name", $1 -- a ? here
    /* and ? here */ , $2"""
    )


def test_percent_signs_are_left_alone() -> None:
    assert numbered("SELECT key FROM t WHERE title LIKE '%会%' AND n % 2 = ?") == (
        "SELECT key FROM t WHERE title LIKE '%会%' AND n % 2 = $1"
    )
