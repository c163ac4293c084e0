"""The same store behaviour on both backends: SQLite files and a real PostgreSQL server.

Every test taking `seed_target` or `store_factory` runs once per backend; the PostgreSQL stores
each get a fresh schema on the server that scripts/postgres.sh starts.
"""

from __future__ import annotations

import json
import shutil
import socket
from collections import Counter
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from conftest import MORE, SEED, StoreTarget
from fastapi.testclient import TestClient
from helpers import write_jsonl
from typer.testing import CliRunner

from wxintel import watch
from wxintel.cli import EXIT_DATABASE, app
from wxintel.model import Article
from wxintel.pipeline import ingest
from wxintel.search import SearchQuery
from wxintel.store import SQLStore, StoreError, open_store, sqlstore
from wxintel.store.schema import SCHEMA_VERSION
from wxintel.store.watchlists import WatchlistStore
from wxintel.web import create_app

AS_OF = date(2025, 10, 15)


def seed_records() -> list[dict[str, Any]]:
    return json.loads(SEED.read_text(encoding="utf-8"))


def write_export(path: Path, records: list[dict[str, Any]]) -> Path:
    path.write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8")
    return path


def snapshot(store: SQLStore) -> list[Any]:
    """Everything a caller can read about every article, in a comparable form."""
    out: list[Any] = []
    for article in store.iter_articles():
        key = article.key
        out.append(
            [
                article.to_json(),
                store.facts(key),
                store.mentions(key),
                store.tables(key),
                store.duplicates(key),
            ]
        )
    return out


@pytest.fixture()
def seed_store(seed_target: StoreTarget):
    store = seed_target.open()
    yield store
    store.close()


def test_seed_ingest_counts(seed_store: SQLStore) -> None:
    stats = seed_store.stats()
    assert stats["articles"] == 179
    assert stats["accounts"] == {"上海经信委": 179}
    assert stats["duplicates"] == 1
    assert stats["languages"] == {"en": 4, "zh": 175}
    assert stats["stubs"] == 29
    assert stats["reprints"] == 82  # 68 转载自 lines and 14 来源：<newspaper> head lines
    assert stats["schema_version"] == SCHEMA_VERSION


def test_an_account_is_held_when_it_has_stored_posts(seed_store: SQLStore) -> None:
    """The search page's scope check looks up the accounts asked for, not the list of all."""
    assert seed_store.accounts() == ["上海经信委"]
    assert seed_store.holds_account("上海经信委")
    assert not seed_store.holds_account("上海经信")  # a prefix is no account
    assert not seed_store.holds_account("")


def test_the_account_of_a_biz_is_found_by_index(seed_store: SQLStore) -> None:
    """A post that names no account takes it from a stored post of its link's __biz: the
    lookup runs once per __biz during ingest and reads the articles_biz index (schema 13)."""
    (biz,) = seed_store.conn.execute("SELECT DISTINCT biz FROM articles WHERE biz <> ''").fetchone()
    assert seed_store.account_of_biz(biz) == "上海经信委"
    assert seed_store.account_of_biz("no-such-biz") == ""
    if seed_store.dialect == "sqlite":
        plan = seed_store.conn.execute(
            "EXPLAIN QUERY PLAN SELECT account FROM articles WHERE biz = ? AND account <> ''",
            (biz,),
        ).fetchall()
        assert any("USING INDEX articles_biz" in str(tuple(row)) for row in plan), plan
    else:
        (definition,) = seed_store.conn.execute(
            "SELECT indexdef FROM pg_indexes"
            " WHERE schemaname = current_schema() AND indexname = 'articles_biz'"
        ).fetchone()
        assert definition.endswith(".articles USING btree (biz)")


def test_reingest_is_idempotent(seed_store: SQLStore) -> None:
    before = snapshot(seed_store)
    generation = seed_store.generation()
    again = ingest([SEED], seed_store, workers=1)
    assert (again.read, again.added, again.updated, again.unchanged) == (179, 0, 0, 179)
    assert seed_store.generation() == generation
    assert snapshot(seed_store) == before


def test_changed_record_updates_in_place(store_factory: Callable[[], StoreTarget], tmp_path: Path):
    records = seed_records()[:20]
    path = write_export(tmp_path / "part.json", records)
    target = store_factory()
    ingest([path], target.open(), workers=1)
    records[3]["finalContent"] += "\r补充说明：活动时间调整。"
    write_export(path, records)
    report = ingest([path], target.open(), workers=1)
    assert (report.added, report.updated, report.unchanged) == (0, 1, 19)
    store = target.open()
    (article,) = store.resolve(records[3]["文章标识符aid"])
    assert article.content.endswith("补充说明：活动时间调整。")
    assert store.count() == 20
    for fact in store.facts(article.key):  # offsets point into the updated text
        assert article.content[fact["start"] : fact["end"]] == fact["text"]
    # the index shows the updated text, read from the store (it stores no body)
    hit = store.search(SearchQuery(text="补充说明 活动时间调整", limit=5)).hits[0]
    assert hit.key == article.key and "活动时间调整" in hit.snippet


def test_copies_point_at_the_richest_and_a_reworded_repost_is_near(
    store_factory: Callable[[], StoreTarget], tmp_path: Path, seed_clean: list[Article]
):
    source = max(seed_clean, key=lambda a: len(a.content))
    body = source.content
    post = {"title": source.title, "content": body, "published": "2025-10-01"}
    records = [
        {**post, "id": "1_1", "account": "号甲"},
        {**post, "id": "1_2", "account": "号甲", "content": body[: len(body) // 3]},
        {**post, "id": "2_1", "account": "号乙", "title": "转载：" + source.title},
    ]
    records[2]["content"] = body + "\n（来源：号甲）"
    target = store_factory()
    report = ingest([write_jsonl(tmp_path / "copies.jsonl", records)], target.open(), workers=1)
    assert report.added == 3
    store = target.open()
    (full,) = store.resolve("1_1")
    (short,) = store.resolve("1_2")
    (repost,) = store.resolve("2_1")
    assert short.duplicate_of == full.key and not full.duplicate_of
    related = {d["key"]: d["relation"] for d in store.duplicates(full.key)}
    assert related == {short.key: "duplicate", repost.key: "near"}
    assert store.stats()["near_duplicates"] == 1


def test_a_richer_copy_arriving_later_hides_the_first_from_search(
    store_factory: Callable[[], StoreTarget], tmp_path: Path, seed_clean: list[Article]
):
    source = max(seed_clean, key=lambda a: len(a.content))
    post = {"title": source.title, "account": "号甲", "published": "2025-10-01"}
    stub = {**post, "id": "1_1", "content": source.content[:200]}
    full = {**post, "id": "1_2", "content": source.content}
    target = store_factory()
    store = target.open()
    ingest([write_jsonl(tmp_path / "stub.jsonl", [stub])], store, workers=1)
    query = SearchQuery(text=source.title)
    assert [h.id for h in store.search(query).hits] == ["1_1"]  # the index exists from here
    ingest([write_jsonl(tmp_path / "full.jsonl", [full])], store, workers=1)
    (first,) = store.resolve("1_1")
    assert first.duplicate_of  # the stub now points at the richer copy ...
    hits = store.search(query).hits
    assert [h.id for h in hits] == ["1_2"] and hits[0].duplicates == 1  # ... and search agrees


def test_colliding_aids_of_two_accounts_are_both_kept(
    store_factory: Callable[[], StoreTarget], tmp_path: Path
) -> None:
    record = seed_records()[0]
    other = dict(record)
    other["公众号名称"] = "另一个公众号"
    other["标题title"] = "另一个账号的不同文章"
    other["链接url"] = record["链接url"].replace("MjM5MDU2MTc4NQ==", "MzAwMDAwMDAwMA==")
    path = write_export(tmp_path / "pair.json", [record, other])
    store = store_factory().open()
    assert ingest([path], store, workers=1).added == 2
    candidates = store.resolve(record["文章标识符aid"])
    assert {a.account for a in candidates} == {"上海经信委", "另一个公众号"}
    assert len({a.key for a in candidates}) == 2
    assert [a.key for a in store.resolve(candidates[1].key)] == [candidates[1].key]


def test_calls_as_of_mid_october(seed_store: SQLStore) -> None:
    open_calls = seed_store.calls(status="open", as_of=AS_OF)
    by_id = {c["id"]: c for c in open_calls}
    call = by_id["2650689428_2"]
    assert call["deadline"] == "2025-10-30" and call["days_left"] == 15
    assert {(c["name"], c["phone"]) for c in call["contacts"]} == {
        ("陈珂", "23117664"),
        ("施雨润", "18121388225"),
    }
    deadlines = [c["deadline"] or c["period"][1] for c in open_calls]
    assert deadlines == sorted(deadlines) and min(deadlines) >= "2025-10-15"
    closed = seed_store.calls(status="closed", as_of=AS_OF)
    assert closed and all(c["days_left"] < 0 for c in closed)
    assert not {c["key"] for c in closed} & {c["key"] for c in open_calls}
    assert seed_store.calls(kinds=[]) == []


def test_calls_as_of_a_day_leave_out_notices_published_after_it(seed_store: SQLStore) -> None:
    day = date(2025, 9, 30)
    every = seed_store.calls(status="all", as_of=AS_OF)
    later = [c for c in every if c["published"][:10] > day.isoformat()]
    assert later, "the seed has notices published after the day"
    then = seed_store.calls(status="all", as_of=day)
    assert len(then) + len(later) == len(every)
    opened = seed_store.calls(status="open", as_of=day)
    assert opened and all(c["published"][:10] <= day.isoformat() for c in then + opened)


def test_entities_and_their_evidence(seed_store: SQLStore) -> None:
    top = seed_store.entities(top=5)
    assert len(top) == 5
    assert [e["articles"] for e in top] == sorted((e["articles"] for e in top), reverse=True)
    orgs = seed_store.entities(kind="org", top=3)
    assert orgs and {e["kind"] for e in orgs} == {"org"}
    entity = seed_store.entity(top[0]["id"])
    assert entity is not None and entity["name"] == top[0]["name"]
    assert len(entity["mentions"]) == top[0]["count"]
    assert len({m["key"] for m in entity["mentions"]}) == top[0]["articles"]
    assert sum(entity["by_month"].values()) == top[0]["articles"]
    for mention in entity["mentions"][:20]:
        article = seed_store.get(mention["key"])
        assert article is not None
        assert article.content[mention["start"] : mention["end"]] == mention["surface"]
    assert seed_store.entity(10**9) is None


def test_search_through_the_index(seed_target: StoreTarget) -> None:
    store = seed_target.open()
    result = store.search(SearchQuery(text="低空经济", limit=5))
    assert result.total > 0 and result.hits
    for hit in result.hits:
        article = store.get(hit.key)
        assert article is not None and "低空经济" in article.title + article.content
        assert hit.snippet.strip("…") in " ".join(article.content.split())
    keys = [hit.key for hit in result.hits]
    assert store.texts([*keys, "no-such-key"]) == {k: store.get(k).content for k in keys}
    calls_only = store.search(SearchQuery(text="申报", kinds=["call"], limit=50))
    assert calls_only.hits and {h.kind for h in calls_only.hits} == {"call"}
    assert store.index_path.is_dir()
    store.close()


def test_facts_of_many_articles_are_each_articles_facts(seed_store: SQLStore) -> None:
    calls = [a.key for a in seed_store.iter_articles(kinds=["call"])]
    keys = [*calls, calls[0], "no-such-key"]  # repeated and unknown keys are harmless
    many = seed_store.facts_of(keys)
    assert list(many) == [*calls, "no-such-key"]
    assert all(many[key] == seed_store.facts(key) for key in calls)
    assert sum(map(len, many.values())) > len(calls), "calls carry deadlines and contacts"
    assert many["no-such-key"] == [] and seed_store.facts_of([]) == {}


def test_extraction_counts_are_each_articles_distinct_entities_and_facts(
    seed_store: SQLStore,
) -> None:
    keys = [a.key for a in seed_store.iter_articles(date_from="2025-09-20", date_to="2025-09-26")]
    counts = seed_store.extraction_counts([*keys, "no-such-key"])
    assert list(counts) == [*keys, "no-such-key"] and counts["no-such-key"] == {}
    for key in keys:
        entities = {(m["kind"], m["name"]) for m in seed_store.mentions(key)}
        expected = Counter(f"entity:{kind}" for kind, _ in entities)
        expected.update(f"fact:{f['kind']}" for f in seed_store.facts(key))
        assert counts[key] == dict(expected), key
    assert sum(c.get("entity:org", 0) for c in counts.values()) > len(keys)


def test_index_is_rebuilt_when_it_lags_the_database(
    store_factory: Callable[[], StoreTarget], tmp_path: Path
) -> None:
    path = write_export(tmp_path / "part.json", seed_records()[:30])
    target = store_factory()
    store = target.open()
    ingest([path], store, workers=1)
    query = SearchQuery(text="上海", limit=50)
    total = store.search(query).total
    assert total > 0
    # a crash between the database commit and the index commit leaves the index behind
    with store.transaction():
        store.conn.execute(
            "UPDATE meta SET value = ? WHERE key = 'generation'", (str(store.generation() + 1),)
        )
    reopened = target.open()
    assert reopened.search(query).total == total
    assert reopened.search_index().generation() == reopened.generation()
    shutil.rmtree(reopened.index_path)
    assert target.open().search(query).total == total


def test_the_change_log_keeps_a_window_and_an_index_behind_it_rebuilds(
    store_factory: Callable[[], StoreTarget], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sqlstore, "CHANGE_LOG_GENERATIONS", 2)
    records = seed_records()
    target = store_factory()
    store = target.open()
    query = SearchQuery(text="上海", limit=200)
    copies: dict[int, Path] = {}
    keys: dict[int, set[str]] = {}
    for batch in range(4):  # four ingests, four generations, the index following each
        path = write_export(tmp_path / f"part{batch}.json", records[batch * 10 : batch * 10 + 10])
        ingest([path], store, workers=1)
        store.search(query)
        generation = store.generation()
        keys[generation] = {a.key for a in store.iter_articles()}
        copies[generation] = tmp_path / f"index-at-{generation}"
        shutil.copytree(store.index_path, copies[generation])
    final = sorted(h.key for h in store.search(query).hits)
    logged = store.conn.execute("SELECT DISTINCT generation FROM changes ORDER BY 1").fetchall()
    assert [row[0] for row in logged] == [3, 4]
    assert store.changed_since(1) is None  # pruned: an index at 1 must rebuild
    assert set(store.changed_since(3) or ()) >= keys[4] - keys[3] != set()
    index_path = store.index_path
    store.close()
    for generation in (1, 3):  # an index copy left behind, beyond and within the window
        shutil.rmtree(index_path)
        shutil.copytree(copies[generation], index_path)
        behind = target.open()
        assert behind.search_index().generation() == 4
        # the same posts; their order may differ a little, since an index that rebuilt holds
        # no deleted documents and so counts term statistics over fewer of them
        assert sorted(h.key for h in behind.search(query).hits) == final
        behind.close()


def test_watchlists_deliver_each_match_once(
    store_factory: Callable[[], StoreTarget], tmp_path: Path
) -> None:
    records = seed_records()
    store = store_factory().open()
    ingest([write_export(tmp_path / "a.json", records[:60])], store, workers=1)
    watchlist = watch.add_watchlist(store, "ai", "人工智能", watch.WatchFilters(), "")
    with pytest.raises(StoreError):
        watch.add_watchlist(store, "ai", "人工智能", watch.WatchFilters(), "")
    (first,) = watch.run_watchlists(store)
    assert first.items and set(i.key for i in first.items) == set(
        watch.matching_keys(store, watchlist)
    )
    watch.acknowledge(store, first)
    assert watch.run_watchlists(store)[0].items == []
    ingest([write_export(tmp_path / "b.json", records[60:120])], store, workers=1)
    (second,) = watch.run_watchlists(store)
    assert second.items
    assert not {i.key for i in second.items} & {i.key for i in first.items}
    assert watch.remove_watchlist(store, "ai") and not watch.remove_watchlist(store, "ai")


def test_watchlist_rows(store_factory: Callable[[], StoreTarget]) -> None:
    rows = WatchlistStore(store_factory().open())
    first = rows.add("calls", "申报", {"calls_only": True}, "", "2025-10-01T00:00:00")
    second = rows.add("ai", "人工智能", {}, "http://127.0.0.1:9/hook", "2025-10-02T00:00:00")
    assert first != second
    assert [w.name for w in rows.all()] == ["ai", "calls"]
    assert rows.get("calls").filters == {"calls_only": True}
    assert rows.record_matches(first, ["k1", "k2"], "2025-10-03") == 2
    assert rows.record_matches(first, ["k2", "k3"], "2025-10-04") == 1
    assert [r.article_key for r in rows.undelivered(first)] == ["k1", "k2", "k3"]
    rows.mark_delivered(first, ["k1", "k3"])
    assert [r.article_key for r in rows.undelivered(first)] == ["k2"]
    assert [r.article_key for r in rows.delivered(first, limit=1)] == ["k3"]
    assert rows.remove("calls") and rows.get("calls") is None


def test_newer_schema_is_refused(store_factory: Callable[[], StoreTarget]) -> None:
    target = store_factory()
    store = target.open()
    with store.transaction():
        if target.backend == "sqlite":
            store.conn.execute("PRAGMA user_version=999")
        else:
            store.conn.execute("UPDATE meta SET value = '999' WHERE key = 'schema_version'")
    store.close()
    with pytest.raises(StoreError, match=r"newer wxintel \(schema version 999\)"):
        target.open()


def test_backends_agree_on_the_seed(seed_db: Path, pg_seed: StoreTarget) -> None:
    """One ingest, two databases: every read gives the same answer."""
    lite, pg = open_store(seed_db), pg_seed.open()
    assert snapshot(lite) == snapshot(pg)
    assert lite.stats() == pg.stats()
    assert lite.calls(status="all", as_of=AS_OF) == pg.calls(status="all", as_of=AS_OF)
    assert lite.events() == pg.events()
    assert lite.activity("kind") == pg.activity("kind")
    strip = lambda rows: [{k: v for k, v in r.items() if k != "id"} for r in rows]  # noqa: E731
    assert strip(lite.entities(top=200)) == strip(pg.entities(top=200))
    since = list(lite.iter_articles(date_from="2025-10-01", kinds=["call", "news"]))
    assert since == list(pg.iter_articles(date_from="2025-10-01", kinds=["call", "news"]))


def test_postgres_connection_error_names_the_server() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # bound, never listening: connections are refused
        with pytest.raises(StoreError, match=rf"PostgreSQL server at 127\.0\.0\.1:{port}"):
            open_store(f"postgresql://wx:secret@127.0.0.1:{port}/teamdb")


def test_postgres_index_and_rejects_live_in_the_index_directory(
    pg_schema: Callable[[], str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = pg_schema()
    monkeypatch.chdir(tmp_path)
    store = open_store(url)
    schema = url.rpartition("%3D")[2]  # each test store is a schema of its own
    assert store.index_path == tmp_path / "wxintel-index" / f"wxintel_test.{schema}"
    assert store.location.startswith(f"PostgreSQL database wxintel_test (schema {schema}) at")
    monkeypatch.setenv("WXINTEL_INDEX_DIR", str(tmp_path / "from-env"))
    assert open_store(url).index_path == tmp_path / "from-env"
    explicit = open_store(url, index_dir=tmp_path / "given")
    assert explicit.index_path == tmp_path / "given"
    assert explicit.rejects_path == tmp_path / "given.rejects.jsonl"


def test_two_schemas_of_one_database_never_answer_from_each_others_index(
    pg_schema: Callable[[], str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two teams on one server, each in its schema (the README's search_path URL), both on the
    default index directory: it was ./wxintel-index/<dbname> for both, so a search of one
    schema answered with the other's posts. A search_path naming no schema that exists said
    the server's CREATE TABLE error with its SQL."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("WXINTEL_INDEX_DIR", raising=False)
    runner, weiyang, jinbei = CliRunner(), pg_schema(), pg_schema()
    assert (
        runner.invoke(app, ["ingest", str(MORE / "未央工信.json"), "--db", weiyang]).exit_code == 0
    )
    assert (
        runner.invoke(app, ["ingest", str(MORE / "津北商务.json"), "--db", jinbei]).exit_code == 0
    )
    for url, account in ((weiyang, "未央工信"), (jinbei, "津北商务")):
        store = open_store(url)
        hits = store.search(SearchQuery(text="商务", limit=50)).hits
        assert hits and {h.account for h in hits} == {account}
        store.close()
    missing = jinbei.rpartition("%3D")[0] + "%3Dno_such_schema_here"
    with pytest.raises(StoreError, match=r"no schema of the search_path \(no_such_schema_here\)"):
        open_store(missing)


def test_cli_and_web_take_a_postgresql_url(
    pg_schema: Callable[[], str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = pg_schema()
    index = tmp_path / "index"
    records = seed_records()[:30]
    path = write_export(tmp_path / "part.json", [*records, {"标题title": "没有正文"}])
    runner = CliRunner()
    result = runner.invoke(app, ["--index", str(index), "ingest", str(path), "--db", url, "--json"])
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    assert (report["added"], report["rejected"]) == (30, 1)
    assert Path(report["rejects_file"]) == tmp_path / "index.rejects.jsonl"
    built = open_store(url, index_dir=index)  # the ingest built the index where it was told
    assert json.loads((index / "meta.json").read_text())["generation"] == built.generation()
    monkeypatch.setenv("WXINTEL_DB", url)
    monkeypatch.setenv("WXINTEL_INDEX_DIR", str(index))
    result = runner.invoke(app, ["stats", "--json"])
    assert result.exit_code == 0 and json.loads(result.stdout)["articles"] == 30
    result = runner.invoke(app, ["search", "上海", "--json", "--limit", "3"])
    assert result.exit_code == 0 and len(json.loads(result.stdout)["hits"]) == 3
    result = runner.invoke(app, ["stats", "--db", url.replace("wxintel_test", "no_such_db")])
    assert result.exit_code == EXIT_DATABASE and "no_such_db" in result.stderr
    with TestClient(create_app(url, index_dir=index)) as client:
        body = client.get("/api/search", params={"q": "上海", "limit": 3}).json()
        assert len(body["hits"]) == 3
        assert client.get("/api/stats").json()["articles"] == 30


def test_one_statement_runs_alike_on_both_backends(
    store_factory: Callable[[], StoreTarget],
) -> None:
    """The store's SQL is written once with `?`: a `?` or `%` inside a quoted string or a
    comment is text, not a parameter, and rows read by name and by position on both backends."""
    store = store_factory().open()
    row = store.conn.execute(
        "SELECT ? AS first, 'why?' AS quoted, '100%' AS percent, "  # a literal ? and %
        "? /* not a ? */ AS second -- nor this ?\n",
        ("a", 2),
    ).fetchone()
    assert tuple(row) == ("a", "why?", "100%", 2)
    assert (row["first"], row["second"], row["percent"]) == ("a", 2, "100%")
    assert dict(zip(row.keys(), row, strict=True))["quoted"] == "why?"
    store.close()
