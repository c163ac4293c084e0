"""Small real indexes in tmp_path: escaping, duplicates, ties, stubs, persistence, deletes."""

from __future__ import annotations

import json
import re
import threading
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest
import tantivy

from wxintel import dates
from wxintel.nlp import regions as regions_module
from wxintel.nlp.gazetteer import data_lines
from wxintel.nlp.lexicon import RELATED, AliasGroup, Lexicon, default_lexicon
from wxintel.nlp.segment import learn_terms
from wxintel.search import SearchDoc, SearchIndex, SearchQuery
from wxintel.search import index as index_module
from wxintel.search.index import FINGERPRINT, _former_fingerprint, vocabulary_fingerprint
from wxintel.search.query import Term


@pytest.fixture(scope="module")
def seed_docs(seed_clean) -> list[SearchDoc]:
    return [
        SearchDoc(a.aid, a.aid, a.title, a.content, a.account, a.published, lang=a.lang)
        for a in seed_clean
    ]


def build(path: Path, docs: list[SearchDoc], generation: int = 1) -> SearchIndex:
    index = SearchIndex(path)
    index.upsert(docs)
    index.commit(generation)
    return index


def test_snippets_and_titles_are_plain_text_with_highlight_spans(tmp_path, seed_docs) -> None:
    real = seed_docs[0]
    hostile = replace(
        real,
        key="x",
        id="x",
        title=f"<b>{real.title}</b>",
        content=f'<script>alert("工博会")</script> {real.content}',
    )
    hit = build(tmp_path / "ix", [hostile]).search(SearchQuery("工博会 alert")).hits[0]
    assert hit.snippet.startswith('<script>alert("工博会")</script>')  # text, never HTML
    assert [hit.snippet[s:e] for s, e in hit.highlights][:2] == ["alert", "工博会"]
    assert hit.title == hostile.title
    assert [hit.title[s:e] for s, e in hit.title_highlights] == ["工博会"] * hostile.title.count(
        "工博会"
    )


def test_snippet_is_the_original_text_around_the_best_passage(tmp_path, seed_docs) -> None:
    index = build(tmp_path / "ix", seed_docs)
    for hit in index.search(SearchQuery("智能工厂 申报", limit=5)).hits:
        original = " ".join(next(d for d in seed_docs if d.id == hit.id).content.split())
        assert hit.snippet.strip("…") in original
        assert hit.highlights
        assert {hit.snippet[s:e] for s, e in hit.highlights} <= {"智能工厂", "申报"}


def test_duplicates_collapse_into_their_original_with_a_count(tmp_path, seed_docs) -> None:
    original = seed_docs[5]
    copies = [
        replace(original, key=f"copy{i}", id=f"copy{i}", duplicate_of=original.key)
        for i in range(2)
    ]
    index = build(tmp_path / "ix", [*seed_docs, *copies])
    hits = index.search(SearchQuery(original.title, limit=50)).hits
    assert [h.id for h in hits if h.id.startswith("copy")] == []
    assert next(h for h in hits if h.id == original.id).duplicates == 2


def test_ties_go_to_the_more_recent_article(tmp_path, seed_docs) -> None:
    base = seed_docs[3]
    old = replace(base, key="old", id="old", published="2020-01-01")
    new = replace(base, key="new", id="new", published="2025-12-31")
    index = build(tmp_path / "ix", [old, *seed_docs[10:40], new])
    hits = index.search(SearchQuery(base.title, limit=3)).hits
    assert [h.id for h in hits[:2]] == ["new", "old"]
    assert hits[0].score == hits[1].score


def test_stubs_are_found_by_title(tmp_path, seed_clean, seed_docs) -> None:
    stubs = [a for a in seed_clean if a.is_stub]
    assert stubs
    stub_docs = [replace(d, is_stub=True) for d in seed_docs if d.id in {a.aid for a in stubs}]
    index = build(tmp_path / "ix", seed_docs[:30] + stub_docs)
    for stub in stub_docs[:5]:
        assert stub.id in [h.id for h in index.search(SearchQuery(stub.title, limit=5)).hits]


def test_generation_learned_terms_and_documents_survive_reopening(tmp_path, seed_docs) -> None:
    path = tmp_path / "wx.db.search"
    assert SearchIndex(path).generation() == -1
    first = build(path, seed_docs, generation=7)
    learned = first.learned_terms
    assert learned
    reopened = SearchIndex(path)
    assert reopened.generation() == 7
    assert reopened.learned_terms == learned
    assert reopened.search(SearchQuery("工博会")).total == first.search(SearchQuery("工博会")).total


def test_terms_are_learned_from_the_first_posts_and_every_post_is_indexed(
    tmp_path, seven_posts
) -> None:
    """A new index holds only the posts learn_terms reads while it learns (it stops at its
    character budget), then indexes them and the rest in order: the seven accounts' 1,444
    posts (past the budget) teach the terms learn_terms finds over all of them, and every
    post is found."""
    docs = [
        SearchDoc(f"{a.account}:{a.aid}", a.aid, a.title, a.content, a.account, a.published)
        for a in seven_posts
    ]
    segmenter = SearchIndex(tmp_path / "empty").segmenter  # as a new index learns with
    index = build(tmp_path / "ix", docs)
    texts = [f"{d.title}\n{d.content}" for d in docs]
    # more Chinese than learn_terms reads (1M characters): it stops before the last post
    assert sum(len(re.findall("[\u4e00-\u9fff]", t)) for t in texts) > 1_000_000
    assert index.learned_terms == tuple(learn_terms(texts, segmenter))
    assert index.learned_terms
    assert index.search(SearchQuery("工博会", limit=1)).total > 0
    for doc in (docs[0], docs[len(docs) // 2], docs[-1]):
        assert index.search(SearchQuery(f'"{doc.title}"', limit=50)).total >= 1, doc.key


def test_upsert_replaces_by_key_and_delete_removes(tmp_path, seed_docs) -> None:
    index = build(tmp_path / "ix", seed_docs)
    target = seed_docs[0]
    index.upsert([replace(target, title="全新标题甲乙丙丁", content="内容已更新")])
    index.commit(2)
    assert [h.id for h in index.search(SearchQuery('"全新标题甲乙丙丁"')).hits] == [target.id]
    assert target.id not in [h.id for h in index.search(SearchQuery(target.title, limit=50)).hits]
    index.delete([target.key])
    index.commit(3)
    assert index.search(SearchQuery('"全新标题甲乙丙丁"')).total == 0
    assert index.generation() == 3


def test_clear_empties_the_index_and_forgets_learned_terms(tmp_path, seed_docs) -> None:
    index = build(tmp_path / "ix", seed_docs)
    index.clear()
    assert index.generation() == -1
    assert index.search(SearchQuery("工博会")).total == 0
    assert index.learned_terms == ()


def test_matching_keys_are_every_match_unpaged(tmp_path, seed_docs) -> None:
    index = build(tmp_path / "ix", seed_docs)
    query = SearchQuery(text="上海", date_from="2025-09-15")
    paged = index.search(SearchQuery(text="上海", date_from="2025-09-15", limit=1000))
    keys = index.matching_keys(query)
    assert len(keys) == paged.total > 100
    assert set(keys) == {hit.key for hit in paged.hits}
    published = {d.key: d.published[:10] for d in seed_docs}
    days = [published[k] for k in keys]
    assert days == sorted(days, reverse=True)


def test_a_reader_sees_another_writers_commit_at_once(tmp_path, seed_docs) -> None:
    """Two processes sharing one index (serve --workers): what one commits, the other's very
    next search finds, without waiting for tantivy's reload watcher."""
    writer = build(tmp_path / "ix", seed_docs[:20])
    reader = SearchIndex(tmp_path / "ix", texts=writer.texts)
    late = seed_docs[20]
    query = SearchQuery(late.title, limit=5)
    assert late.key not in [h.key for h in reader.search(query).hits]
    writer.upsert([late])
    writer.commit(2)
    assert late.key in [h.key for h in reader.search(query).hits]


def test_a_query_asked_again_is_the_same_result_each_call_its_own_copy(
    tmp_path, seed_docs, monkeypatch
) -> None:
    """Results are remembered per state of the index and day; a caller filling in its copy (the
    repost collapsing) changes no later answer."""
    index = build(tmp_path / "ix", seed_docs)
    first = index.search(SearchQuery("智能工厂 申报", limit=5))
    again = index.search(SearchQuery("智能工厂 申报", limit=5))
    assert again == first and again is not first and again.hits[0] is not first.hits[0]
    again.hits[0].reposts = [{"account": "x", "id": "x", "key": "x"}]
    again.hits.pop()
    assert index.search(SearchQuery("智能工厂 申报", limit=5)) == first
    assert len(first.hits) == 5 and not first.hits[0].reposts
    # date words count from today (or the newest post, when older): another day reads anew
    newest = date.fromisoformat(max(d.published[:10] for d in seed_docs))
    month = index.search(SearchQuery("上个月 通知")).understood
    monkeypatch.setattr(dates, "today", lambda: newest - timedelta(days=40))
    earlier = index.search(SearchQuery("上个月 通知")).understood
    assert earlier["from"] < month["from"] and earlier["as_of"] < month["as_of"]


def test_the_indexes_of_one_process_share_one_segmenter_and_search_alike_at_once(
    tmp_path, seed_docs
) -> None:
    """A server's store threads each open the index (again after every ingest): they share the
    process's segmenter of its learned terms instead of building one each (24.5 MB, 135 CPU-ms
    at 100k posts), and searching from several threads at once answers as one thread does."""
    writer = build(tmp_path / "ix", seed_docs)
    threads = [SearchIndex(tmp_path / "ix", texts=writer.texts) for _ in range(3)]
    assert writer.learned_terms and all(t.learned_terms == writer.learned_terms for t in threads)
    assert all(t.segmenter is writer.segmenter for t in threads)
    texts = ["智能工厂 申报", "工博会", "人工智能 OR 机器人", "中小企业 服务", '"数字化转型" -上海']
    alone = [writer.search(SearchQuery(text, limit=10)).to_json() for text in texts]
    found: dict[int, list] = {}

    def run(i: int) -> None:
        found[i] = [threads[i].search(SearchQuery(text, limit=10)).to_json() for text in texts]

    workers = [threading.Thread(target=run, args=(i,)) for i in range(3)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert [found[i] for i in range(3)] == [alone] * 3
    other = build(tmp_path / "other", seed_docs[: len(seed_docs) // 2])
    assert other.learned_terms != writer.learned_terms
    assert other.segmenter is not writer.segmenter  # other terms: its own segmenter


def test_a_reader_reloads_only_when_read_and_every_entry_point_sees_new_commits(
    tmp_path, seed_docs
) -> None:
    """The index never reloads on tantivy's background thread (which takes the meta lock at
    times nobody chose, e.g. while a worker is forked); watch's matching keys and ask's term
    shares, like search, see another writer's commit at once."""
    writer = build(tmp_path / "ix", seed_docs[:20])
    watching = SearchIndex(tmp_path / "ix", texts=writer.texts)
    asking = SearchIndex(tmp_path / "ix", texts=writer.texts)
    late = seed_docs[20]
    term = Term(writer.parser.parse(late.title).terms[0].text)
    assert late.key not in watching.matching_keys(SearchQuery(late.title))
    before = asking.matching_share(term)
    writer.upsert([late])
    writer.commit(2)
    time.sleep(1.2)  # tantivy's watcher looks at its meta.json every 0.5 s
    assert watching._index.searcher().num_docs == 20  # nothing reloaded behind its back
    assert late.key in watching.matching_keys(SearchQuery(late.title))
    assert asking.matching_share(term) == writer.matching_share(term) != before


def test_bodies_are_indexed_not_stored_and_read_in_one_call_per_ranking_step(
    tmp_path, seed_docs
) -> None:
    bodies = {d.key: d.content for d in seed_docs}
    asked: list[list[str]] = []

    def reader(keys) -> dict[str, str]:
        asked.append(list(keys))
        return {key: bodies[key] for key in keys if key in bodies}

    index = SearchIndex(tmp_path / "ix", texts=reader)
    index.upsert(seed_docs)
    index.commit(1)
    raw = tantivy.Index.open(str(tmp_path / "ix" / "tantivy")).searcher()
    for _, address in raw.search(tantivy.Query.all_query(), len(seed_docs)).hits:
        stored = json.loads(raw.doc(address).to_dict()["doc"][0])
        assert "content" not in stored
        body = bodies[stored["key"]]
        assert not body or body not in json.dumps(stored, ensure_ascii=False)
    # one concept: the page's bodies, read once, for its snippets
    hits = index.search(SearchQuery("工博会", limit=5)).hits
    assert len(hits) == 5 and asked == [[h.key for h in hits]]
    assert any(hit.highlights for hit in hits)
    for hit in hits:
        assert hit.snippet.strip("…") in " ".join(bodies[hit.key].split())
    # several concepts: each tier's candidates read once to re-rank them, nothing more after
    asked.clear()
    hits = index.search(SearchQuery("智能工厂 申报", limit=5)).hits
    assert hits and 1 <= len(asked) <= 2
    assert {h.key for h in hits} <= {key for keys in asked for key in keys}
    for hit in hits:
        assert hit.snippet.strip("…") in " ".join(bodies[hit.key].split())


def test_a_post_is_unlearned_as_it_was_indexed_whatever_the_store_holds_now(
    tmp_path, seed_docs
) -> None:
    """The store is updated before the index catches up: taking back what the old text taught
    must not read the new one."""
    target = next(d for d in seed_docs if "以下简称" in d.content and "上海" in d.content)
    changed = replace(target, content="内容已更新")
    now = {d.key: d.content for d in seed_docs} | {target.key: changed.content}

    def reader(keys) -> dict[str, str]:
        return {key: now[key] for key in keys if key in now}

    caught_up = SearchIndex(tmp_path / "a", texts=reader)
    caught_up.upsert(seed_docs)
    caught_up.commit(1)
    caught_up.upsert([changed])
    caught_up.commit(2)
    fresh = SearchIndex(tmp_path / "b", texts=reader)
    fresh.upsert([changed if d.key == target.key else d for d in seed_docs])
    fresh.commit(1)
    assert caught_up.abbreviations.to_json() == fresh.abbreviations.to_json()
    assert caught_up.homes.to_json() == fresh.homes.to_json()


def _index_words(index: SearchIndex, field: str, word: str) -> int:
    """How many posts hold `word` as one token of `field`."""
    term = tantivy.Query.term_query(index.schema, field, word)
    return index._index.searcher().search(term, 1, count=True).count


def test_an_index_built_with_another_vocabulary_is_rebuilt_the_same_one_kept(
    tmp_path, seed_docs
) -> None:
    """A data edit that changes the words segmentation keeps whole changes the vocabulary
    fingerprint recorded with the index: an index built before it is emptied on open (its store
    then rebuilds it) and the edit reaches the posts' words with no schema bump. An edit that
    only queries read (an English translation) and reopening as it was keep every post."""
    base = default_lexicon()
    build(tmp_path / "ix", seed_docs, generation=3)
    word = "未来产业加速器"  # the seed's call 2650687552_1 writes it; split in two by default
    assert _index_words(SearchIndex(tmp_path / "ix"), "title_w", word) == 0

    translated = base.with_groups(
        [AliasGroup(("未来产业加速器", "future industry accelerator"), bridge=True)]
    )
    for same in (base, translated):
        kept = SearchIndex(tmp_path / "ix", lexicon=same)
        assert kept.generation() == 3
        assert kept._index.searcher().num_docs == len(seed_docs)

    edited = replace(base, terms=base.terms | {word})
    assert vocabulary_fingerprint(edited) != vocabulary_fingerprint(base)
    emptied = SearchIndex(tmp_path / "ix", lexicon=edited)
    assert emptied.generation() == -1
    assert emptied._index.searcher().num_docs == 0
    emptied.upsert(seed_docs)
    emptied.commit(4)
    rebuilt = SearchIndex(tmp_path / "ix", lexicon=edited)
    assert rebuilt.generation() == 4
    assert _index_words(rebuilt, "title_w", word) >= 1
    hits = rebuilt.search(SearchQuery(word)).hits
    assert hits[0].id == "2650687552_1"


def _kept(path: Path, lexicon: Lexicon, posts: int) -> bool:
    """Whether the index at `path` opens with every post under `lexicon` (else it was emptied)."""
    index = SearchIndex(path, lexicon=lexicon)
    return index.generation() == 3 and index._index.searcher().num_docs == posts


def test_only_an_edit_that_changes_what_posts_are_cut_into_rebuilds_the_index(
    tmp_path, seed_docs
) -> None:
    """The fingerprint covers what the index's tokens and teachings depend on: how alias
    names are grouped and related, a Latin name or term (never added to the dictionary) and a
    stopword in Latin script are read by queries only, so the index is kept. A Chinese name
    added to a group or as a term is a dictionary word, and a Chinese stopword decides the
    Chinese name a bracketed Latin one is learned for (`stated_translations`): rebuilt."""
    base = default_lexicon()
    build(tmp_path / "ix", seed_docs, generation=3)
    first, second = base.groups[0], base.groups[1]
    merged = AliasGroup((*first.names, *second.names), RELATED)
    query_only = {
        "groups merged and related": replace(base, groups=(merged, *base.groups[2:])),
        "a Latin alias name": base.with_groups([AliasGroup(("工博会", "CIIF expo"))]),
        "a Latin term": replace(base, terms=base.terms | {"smartsim"}),
        "a Latin stopword": replace(base, stopwords=base.stopwords | {"hereby"}),
    }
    for edit, lexicon in query_only.items():
        assert vocabulary_fingerprint(lexicon) == vocabulary_fingerprint(base), edit
        assert _kept(tmp_path / "ix", lexicon, len(seed_docs)), edit
    cut_otherwise = {
        "a Chinese alias name": base.with_groups([AliasGroup(("未来产业加速器", "加速器计划"))]),
        "a Chinese stopword": replace(base, stopwords=base.stopwords | {"研发"}),
    }
    for edit, lexicon in cut_otherwise.items():
        assert vocabulary_fingerprint(lexicon) != vocabulary_fingerprint(base), edit
        emptied = SearchIndex(tmp_path / "ix", lexicon=lexicon)
        assert emptied.emptied.endswith("(vocabulary)"), edit
        assert emptied._index.searcher().num_docs == 0, edit
        build(tmp_path / "ix", seed_docs, generation=3)  # as it was, for the next edit


def test_a_gazetteer_lines_source_is_no_part_of_the_fingerprint(monkeypatch) -> None:
    """A place's names, parent and level decide the regions a post is read to name; the
    source its line cites does not, so correcting a citation rebuilds no index."""
    base = vocabulary_fingerprint(default_lexicon())
    # the fingerprint reads the places regions parses once (regions.places)
    cached = (index_module._data_parts, regions_module.places, regions_module._places_by_file)

    def edited(change: Callable[[list[str]], list[str]]) -> str:
        def lines(name: str) -> list[str]:
            read = data_lines(name)
            return ["|".join(change(line.split("|"))) for line in read]

        monkeypatch.setattr(regions_module, "data_lines", lines)
        for reader in cached:
            reader.cache_clear()
        try:
            return vocabulary_fingerprint(default_lexicon())
        finally:
            monkeypatch.undo()
            for reader in cached:
                reader.cache_clear()

    assert edited(lambda parts: [*parts[:3], "another source"]) == base
    assert edited(lambda parts: [parts[0], " ", *parts[2:]]) != base  # every parent dropped


def test_an_index_recording_the_former_fingerprint_of_todays_data_is_kept(
    tmp_path, seed_docs
) -> None:
    """An index built by the version before FINGERPRINT with today's data records the
    fingerprint of that version: kept (no rebuild at upgrade), and its next commit records
    today's; one recording another former fingerprint was built with other data: emptied."""
    build(tmp_path / "ix", seed_docs, generation=3)
    meta_path = tmp_path / "ix" / "meta.json"
    meta = json.loads(meta_path.read_text())
    former = {"schema": meta["schema"], "generation": 3}
    meta_path.write_text(
        json.dumps({**former, "vocabulary": _former_fingerprint(default_lexicon())})
    )
    old = SearchIndex(tmp_path / "ix")
    assert old.generation() == 3 and not old.emptied
    old.commit(4)
    assert json.loads(meta_path.read_text())["fingerprint"] == FINGERPRINT
    meta_path.write_text(json.dumps({**former, "vocabulary": "0123456789abcdef"}))
    assert SearchIndex(tmp_path / "ix").emptied.endswith("(vocabulary)")


def test_an_index_from_before_fingerprints_is_taken_as_built_with_its_schemas_data(
    tmp_path, seed_docs
) -> None:
    """Until fingerprints, every data edit bumped the schema: an index of the current schema
    with no fingerprint was built with today's data, so it is kept (not rebuilt at 100k posts)
    and its next commit records the fingerprint."""
    build(tmp_path / "ix", seed_docs, generation=3)
    meta_path = tmp_path / "ix" / "meta.json"
    meta = json.loads(meta_path.read_text())
    assert meta["vocabulary"] == vocabulary_fingerprint(default_lexicon())
    del meta["vocabulary"]
    meta_path.write_text(json.dumps(meta))
    old = SearchIndex(tmp_path / "ix")
    assert old.generation() == 3
    assert old._index.searcher().num_docs == len(seed_docs)
    old.commit(4)
    assert json.loads(meta_path.read_text())["vocabulary"] == old.fingerprint
