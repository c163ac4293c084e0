"""`/api/stats` on the seven accounts: every figure equals what a plain read of the rows
gives (counted in Python, not by the store's aggregate queries), and an ingest by another
process shows in the next answer although the figures are remembered per store generation."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import MORE, SEED
from fastapi.testclient import TestClient
from helpers import ingested_db

from wxintel.pipeline import ingest
from wxintel.store import open_store
from wxintel.web import create_app

LAST = MORE / "北邮家教部.json"  # ingested during a test, after the first answers


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    others = [path for path in sorted(MORE.glob("*.json")) if path != LAST]
    return ingested_db(tmp_path_factory.mktemp("stats"), [SEED, *others])


@pytest.fixture(scope="module")
def client(db: Path) -> Iterator[TestClient]:
    with TestClient(create_app(db)) as c:
        yield c


def by_count(counts: Counter[str]) -> list[list[Any]]:
    """Largest count first, then by name: the order the figures are listed in."""
    return [[name, n] for name, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]


def figures_from_rows(db: Path) -> dict[str, Any]:
    """The figures counted in Python from every article row and every near-duplicate pair."""
    store = open_store(db)
    try:
        rows = store.conn.execute(
            "SELECT account, lang, kind, is_stub, reprinted_from, duplicate_of, published"
            " FROM articles"
        ).fetchall()
        pairs = store.conn.execute("SELECT a, b FROM near_duplicates").fetchall()
        schema = store.schema_version()
    finally:
        store.close()
    days = sorted(row["published"] for row in rows if row["published"])
    return {
        "articles": len(rows),
        "accounts": by_count(Counter(row["account"] for row in rows)),
        "duplicates": sum(row["duplicate_of"] is not None for row in rows),
        "near_duplicates": len(pairs),
        "stubs": sum(bool(row["is_stub"]) for row in rows),
        "reprints": sum(bool(row["reprinted_from"]) for row in rows),
        "languages": sorted([lang, n] for lang, n in Counter(row["lang"] for row in rows).items()),
        "kinds": by_count(Counter(row["kind"] for row in rows)),
        "first": days[0],
        "last": days[-1],
        "schema_version": schema,
    }


def answered(client: TestClient) -> dict[str, Any]:
    """The API's answer with its mappings as ordered pairs (the order is part of the answer)."""
    body = client.get("/api/stats").json()
    for name in ("accounts", "languages", "kinds"):
        body[name] = [list(pair) for pair in body[name].items()]
    return body


def test_stats_equal_the_rows_before_and_after_an_ingest(client: TestClient, db: Path) -> None:
    before = answered(client)
    assert before == figures_from_rows(db)
    assert len(before["accounts"]) == 6 and before["stubs"] and before["reprints"]
    assert answered(client) == before  # asked again (remembered): the same answer

    store = open_store(db)  # another writer: the server learns of it from the generation only
    try:
        ingest([LAST], store, workers=1)
    finally:
        store.close()
    after = answered(client)
    assert after == figures_from_rows(db)
    assert len(after["accounts"]) == 7 and after["articles"] > before["articles"]
