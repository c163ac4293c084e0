"""Each search mechanism switched off alone (search/switches.py, WXINTEL_SEARCH_OFF), as
bench/ablation.py measures them: on the real posts of the seven accounts, a query that the
mechanism reads is searched otherwise when it is off, and as before when it is on again."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from helpers import search_doc

from wxintel.model import Article
from wxintel.search import SearchIndex, SearchQuery, switches

AS_OF = "2026-01-31"
# a query each mechanism reads on the seven accounts (made up, not a labelled query)
READS = {
    "traditional": "經信委 通知",
    "identifiers": "沪经信制〔2025〕514号",
    "dates": "2025年9月 通知",
    "relaxed_dates": "2020年1月 工博会",
    "programme_year": "2025年 专精特新",
    "stopwords": "哪些 企业 可以 申报",
    "aliases": "工博会",
    "genre": "人才 政策",
    "intent": "怎么申请 专精特新",
    "variants": "企业上云 补贴",
    "shortforms": "技改 项目",
    "synonyms": "驾照",
    "translations": "tax refund",
    "backoff": "高中数学 家教",
    "homes": "天津 消费券",
    "runs": "中央经济工作会",
    "glued": "人工智能",
    "by_title": "怎么 成为 高新技术企业",
    "by_kind": "报名 大赛",
    "passages": "人工智能 产业 政策",
}


@pytest.fixture()
def searched(
    seven_index: SearchIndex, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Callable[[str, frozenset[str]], dict]]:
    """Search the seven accounts with these mechanisms off (the index forgets what it
    remembered between runs, and after the test, so no other test sees a switched search)."""

    def search(text: str, off: frozenset[str] = frozenset()) -> dict:
        monkeypatch.setattr(switches, "OFF", off)
        seven_index.forget()
        q = SearchQuery(text, limit=10, facets=False, as_of=AS_OF, relax_dates=True)
        return seven_index.search(q).to_json()

    yield search
    seven_index.forget()


def test_every_mechanism_has_a_query_it_reads() -> None:
    assert set(READS) | {"reposts"} == set(switches.MECHANISMS)


@pytest.mark.parametrize("name", sorted(READS))
def test_a_mechanism_switched_off_changes_the_search_of_a_query_it_reads(
    name: str, searched: Callable[[str, frozenset[str]], dict]
) -> None:
    shipped = searched(READS[name])
    assert shipped["hits"], READS[name]
    assert searched(READS[name], frozenset({name})) != shipped
    assert searched(READS[name]) == shipped  # on again: as before


def test_dates_off_searches_the_date_words_as_words(
    searched: Callable[[str, frozenset[str]], dict],
) -> None:
    on = searched("2025年9月 通知")["understood"]
    assert (on["from"], on["to"]) == ("2025-09-01", "2025-09-30")
    assert on["concepts"] == 1
    off = searched("2025年9月 通知", frozenset({"dates"}))["understood"]
    assert (off["from"], off["to"], off["date_words"]) == (None, None, [])
    assert off["concepts"] > 1


def test_intent_off_reads_no_intent_and_keeps_dropping_its_words(
    searched: Callable[[str, frozenset[str]], dict],
) -> None:
    on = searched("怎么申请 专精特新")["understood"]
    assert on["intents"] == ["apply"] and on["intent_words"] == ["申请"]
    off = searched("怎么申请 专精特新", frozenset({"intent"}))["understood"]
    assert off["intents"] == [] and off["intent_words"] == ["申请"]


def test_traditional_off_reads_the_query_as_typed(
    searched: Callable[[str, frozenset[str]], dict],
) -> None:
    assert searched("經信委 通知")["understood"]["simplified"] == "经信委 通知"
    assert searched("經信委 通知", frozenset({"traditional"}))["understood"]["simplified"] is None


def test_reposts_off_shows_every_copy_of_a_text(
    seven_posts: list[Article],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    original = next(a for a in seven_posts if "工博会" in a.title)
    doc = search_doc(original)
    index = SearchIndex(tmp_path / "ix")
    index.upsert([doc, replace(doc, key=f"{doc.key}-copy", id="copy", duplicate_of=doc.key)])
    index.commit(1)
    q = SearchQuery("工博会", limit=10, facets=False)
    assert [hit.key for hit in index.search(q).hits] == [doc.key]
    monkeypatch.setattr(switches, "OFF", frozenset({"reposts"}))
    index.forget()
    assert {hit.key for hit in index.search(q).hits} == {doc.key, f"{doc.key}-copy"}


def test_an_unknown_mechanism_is_an_error_naming_it() -> None:
    assert switches.read_off(" dates, intent ,") == {"dates", "intent"}
    assert switches.read_off("") == frozenset()
    with pytest.raises(switches.UnknownMechanism, match=r"unknown mechanism datez .*dates"):
        switches.read_off("datez")


def test_the_environment_switches_a_process_search(seed_db: Path) -> None:
    """WXINTEL_SEARCH_OFF is read once, when the process starts, as bench/ablation.py sets it."""

    def understood(off: str) -> dict:
        env = {**os.environ, "WXINTEL_SEARCH_OFF": off}
        command = [sys.executable, "-m", "wxintel", "search", "2025年9月 通知"]
        command += ["--db", str(seed_db), "--json"]
        done = subprocess.run(command, env=env, capture_output=True, text=True, check=True)
        return json.loads(done.stdout)["understood"]

    assert understood("")["from"] == "2025-09-01"
    assert understood("dates")["from"] is None
