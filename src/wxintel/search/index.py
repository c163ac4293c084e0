"""The embedded search index (tantivy) kept in a directory beside the SQLite file.

Ranking happens in tiers so that results users can explain come first: articles matching every
query concept (a word with its aliases, or one of OR's alternatives), then, under a divider,
articles matching only some. Within a tier, BM25 (title weighted above body) is reweighed for
the top candidates by the post's kind for what the query asks (calls for "how to apply"), by
the concepts found in the title and by how close together they stand in the body. Ties go to
the more recent article. Duplicates are hidden and counted on their original.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import shutil
import threading
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Executor, Future
from copy import copy
from dataclasses import astuple, dataclass, field, replace
from datetime import date
from functools import cache
from importlib.metadata import version
from itertools import chain, islice
from pathlib import Path
from typing import Any

import tantivy
from pydantic_core import from_json
from tantivy import Occur, Query

from wxintel import dates, settings
from wxintel.model import ACTION_KINDS
from wxintel.nlp.gazetteer import data_lines, org_suffixes
from wxintel.nlp.lexicon import AliasGroup, Lexicon, default_lexicon
from wxintel.nlp.periods import programme_year
from wxintel.nlp.regions import GAZETTEER_FILES, places, region_names, regions
from wxintel.nlp.segment import (
    Segmenter,
    bigrams,
    dictionary_words,
    is_cjk,
    learn_terms,
    may_fold_to_cjk,
    normal_bigrams,
    normalize,
)
from wxintel.search.abbrev import (
    VARIANT_SEPARATOR,
    LearnedAbbreviations,
    bracket_variants,
    defined_names,
    stated_translations,
)
from wxintel.search.aside import aside, runs_aside
from wxintel.search.backoff import chosen, parts, spellings, with_back_off
from wxintel.search.exponents import brevity, shipped, weighed
from wxintel.search.homes import AccountHomes
from wxintel.search.identifiers import identifier_tokens
from wxintel.search.intent import APPLY, INTENT_LABELS, kind_factors, procedure_words
from wxintel.search.model import Hit, SearchDoc, SearchQuery, SearchResult
from wxintel.search.pair_features import pair_features
from wxintel.search.passages import PASSAGE_CHARS, concepts_together, coverage, shortest_span
from wxintel.search.query import IDENT, PHRASE, WORD, Clause, ParsedQuery, QueryParser, Term
from wxintel.search.remembered import Remembered
from wxintel.search.shortforms import full_names, name_ends, near, rare, typed_posts
from wxintel.search.snippet import Highlighter, Match, snippet
from wxintel.search.switches import on
from wxintel.search.synonyms import MAX_LENGTH as MAX_SYNONYM_LENGTH
from wxintel.search.synonyms import archive_synonyms
from wxintel.search.texts import KeptTexts, TextReader
from wxintel.search.translations import (
    KEPT,
    archive_names,
    compositions,
    part_names,
    same_meaning,
    with_compositions,
    with_translations,
)
from wxintel.search.variants import with_short_forms, with_variants
from wxintel.store.sql import chunks

# 2: bracket variants (alt_bi), figures share, learned short names; 3: key a fast field;
# 4: account homes (learned_homes.json); 5: bodies indexed, not stored (read from the store),
# and what each post taught (short names, regions) stored to take it back exactly; 6: the
# regions a post names read from the one gazetteer (data/places.txt); 7: the English glossary's
# Chinese names are no dictionary words (nlp/lexicon.py, translations), so words split anew; 8:
# the reviewed abbreviations.txt adds whole words (工信厅, 十五五, 政务服务办), so words split anew;
# 9: each post's body length stored (`chars`), which the ranking's brevity factor reads
# A data edit needs no bump: the index records the fingerprint of the vocabulary it was built
# with (`vocabulary_fingerprint`) and is rebuilt when it differs. Bump for a change of code only.
SCHEMA_VERSION = 9
# 2: only what the index's tokens and teachings depend on (`vocabulary_fingerprint`)
FINGERPRINT = 2
LEARNED_TERMS = "learned_terms.txt"  # beside the tantivy folder, one term a line
# Ranking weights are settings (wxintel/settings.py says what each weighs and its default).
TITLE_BOOST = settings.number("search_title_boost")
SUBWORD_BOOST = settings.number("search_subword_boost")
ALIAS_BOOST = settings.number("search_alias_boost")  # what was typed outranks its aliases
RELATED_BOOST = settings.number("search_related_boost")
IDENT_BOOST = settings.number("search_ident_boost")
ALL_WORDS_BONUS = settings.number("search_all_words_bonus")
SUBSTRING_BOOST = settings.number("search_substring_boost")  # mostly there for recall
BIGRAM_WEIGHT = settings.number("search_bigram_weight")
# A part of the first tier's score held by more than this many times the tier's posts is asked
# of those posts one at a time rather than read whole (see `_every_concept_ranked`): seeking a
# posting list costs a few times more per post than reading it, measured at 100k posts
CHAIN_RATIO = 4
TIE_WINDOW = 10  # extra hits fetched so ties at the page edge are broken by recency
# Candidates are reweighed in blocks of this many of a tier's hits, in the tier's order: a post
# moves up within its block, never into an earlier one. So the ranking does not depend on how
# deep a page reaches, and every page is a slice of one list (page 3 of 20 holds the hits 41-60
# that a page of 100 shows). A page of 20 and its ties fit in the first block.
RERANK_BLOCK = 30
# Above this many matches (known from the tiers' counts), facets are counted among the posts
# holding a query word only: lower bounds, marked approximate (shown as 约)
FACETS_EXACT_LIMIT = settings.count("search_facets_exact_limit")
# Candidates of a tier are reweighed on their title and the start of their body only: the
# passage that says what a post is about; the page's hits are then matched in full for snippets.
RERANK_SCAN_CHARS = settings.count("search_rerank_chars")
TITLE_CONCEPTS_BONUS = settings.number("search_title_concepts_bonus")
PROXIMITY_BONUS = settings.number("search_proximity_bonus")
PROXIMITY_SCALE = settings.number("search_proximity_chars")
TYPED_WHOLE_BONUS = settings.number("search_typed_whole_bonus")
# Posts with every word read per search to check that their concepts share a passage
# (search/passages.py): past them the every-concept count is an upper bound.
PASSAGE_POSTS = settings.count("search_passage_posts")
COMMON_SHARE = settings.number("search_common_share")
WATCH_CHUNK = 200  # posts whose bodies a watchlist reads at once to check their passages
# What a post of an account at home in a region the query names scores for that name when it
# does not write it (search/homes.py).
HOME_SCORE = settings.number("search_home_score")
# a query word this long or longer, written verbatim, holds its concept however the segmenter
# cut the text around it (绿色低碳 in 绿色低碳转型, cut 绿色 · 低碳转型); a two-character word's
# characters side by side straddle two words too often (工会 in 化工会议)
VERBATIM_WORD_CHARS = 3
VOCABULARY_LIMIT = 200  # words per prefix looked at for qualified spellings (variants.py)
SHORT_FORM_POSTS_READ = 20  # posts holding a short form and its full name read for nearness
SHORT_FORMS_KEPT = 10_000  # query words whose full names (or none) are remembered at once
TRANSLATIONS_KEPT = 10_000  # English query words whose Chinese names are remembered at once
CLAUSE_COUNTS_KEPT = 10_000  # concepts whose post counts are remembered at once
PREFIXES_KEPT = 10_000  # query words whose longer spellings in the archive are remembered
TERM_QUERIES_KEPT = 10_000  # query terms whose built tantivy queries are kept
DOC_FREQS_KEPT = 100_000  # (field, token) pairs whose post counts are remembered at once
# Whole results remembered per state of the index (`search`): a page asked again (reload, back,
# the page and its API call, another reader of the same query) is answered without a search
RESULTS_KEPT = settings.count("search_results_kept")
DUPLICATE, STUB, DEADLINE = "duplicate", "stub", "has_deadline"
MIN_DOCS_TO_LEARN = 20
LEARN_SAMPLE = 20_000
# Bytes tantivy buffers before it writes a segment. A new index takes every post in one
# writer, so the buffer grew with the archive up to this: at 256 MB, rebuilding a 12k archive's
# index peaked at 315 MB, at 64 MB 261 (its 3k archive stays under 64 MB either way). The
# 12k index then has three segments, not one (43 -> 50 MB; merged once there are eight), and
# 38 queries' results are identical
WRITER_HEAP = 64_000_000
WORKER_CHUNK = 64  # posts per task when a pool segments for the index
CHUNKS_AHEAD = 4  # tasks in flight: workers stay busy, memory stays bounded
TIE_DIGITS = 6  # significant digits within which two scores are a tie
_FACETS = {"account": "account", "kind": "kind", "month": "month", "tags": "tag"}
_MATCHED = "matched"  # the facet pass's count of every post it saw
FACET_VALUES = 200  # values of each facet shown, the most frequent first
# Facets are counted over the posts a query does NOT match, and taken from the counts of every
# post, when it is known to match at least this share of the archive (known: the most posts
# one of its concepts holds, or its first tier's count, a lower bound). tantivy's facet pass
# costs about 35 ns a counted post at 100k (the multi-valued tag column most of it), so
# counting the fewer posts wins past about 55% of the archive, measured, although excluding the
# matches reads every post (over 80k of 100k posts: 5.4 → 3.7 ms; over 58k: no gain)
COMPLEMENT_SHARE = 0.5
# Values of a facet read when every value is needed (counting by complement); a facet with
# more falls back to counting the matches
FACET_VALUES_READ = 10_000


def build_schema() -> tantivy.Schema:
    """Word, sub-word and bigram fields are separate so phrases never cross word boundaries."""
    sb = tantivy.SchemaBuilder()
    # fast: watchlists read every match's key from its column, not from its stored document
    sb.add_text_field("key", tokenizer_name="raw", index_option="basic", fast=True)
    # alt_bi: bigrams of bracketed names spelt without their brackets (abbrev.bracket_variants)
    for name in ("title_w", "body_w", "title_bi", "body_bi", "alt_bi"):
        sb.add_text_field(name, tokenizer_name="whitespace", index_option="position")
    sb.add_text_field("sub", tokenizer_name="whitespace", index_option="freq")
    sb.add_text_field("ids", tokenizer_name="whitespace", index_option="basic")
    for name in ("account", "kind", "lang", "tag", "month", "flag", "dup_of"):
        sb.add_text_field(name, tokenizer_name="raw", index_option="basic", fast=True)
    sb.add_integer_field("ts", indexed=True, fast=True)
    # what a hit shows and what the post taught; its body is in the store (search/texts.py)
    sb.add_bytes_field("doc", stored=True)
    return sb.build()


def vocabulary_fingerprint(lexicon: Lexicon) -> str:
    """What a post's index document depends on beside the code (which SCHEMA_VERSION stands
    for), and nothing else: the words segmentation adds to rjieba's dictionary (the lexicon's
    terms and alias names that hold a CJK character, `dictionary_words`; the terms learned
    from the archive are the index's own), the stopwords that hold one (a Latin name's Chinese
    name is read after the last of them, `stated_translations`), the gazetteer's names,
    parents and levels a post's regions are read with (not the sources its lines cite), the
    organisation suffixes its short names are read with, and rjieba's version, whose own
    dictionary cuts every other word. An index built with another fingerprint is rebuilt
    (`SearchIndex`); an edit that changes none of them (how names are grouped and related, a
    Latin name or stopword, an English translation, a source: all read by queries only) keeps
    the index."""
    stopwords = sorted(filter(is_cjk, lexicon.stopwords))  # what a run of CJK may be cut into
    parts = [sorted(set(dictionary_words(lexicon))), stopwords, *_data_parts()]
    text = json.dumps(parts, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def _former_fingerprint(lexicon: Lexicon) -> str:
    """The fingerprint indexes recorded before FINGERPRINT (every term and alias name, the
    gazetteer's lines whole): read only so an index built with today's data by an earlier
    version is kept, not rebuilt."""
    lines = [line for name in GAZETTEER_FILES for line in data_lines(name)]
    parts = [
        sorted(lexicon.terms),
        sorted(set(lexicon.whole_words())),
        lines,
        sorted(org_suffixes()),
        [version("rjieba")],
    ]
    text = json.dumps(parts, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


@cache
def _data_parts() -> tuple[list, ...]:
    """The gazetteer's places as a post's regions are read (each line's names, parent and
    level), the organisation suffixes and rjieba's version, as the fingerprint reads them (the
    parsed lines, not the compiled gazetteer: a search process need not build that to open its
    index)."""
    parsed = [[names, region.parent, region.level] for names, region in places()]
    return parsed, sorted(org_suffixes()), [version("rjieba")]


def figures_share(text: str) -> float:
    """The share of digits among a text's non-space characters: high for statistics posts."""
    chars = len(text) - sum(map(str.isspace, text))
    return sum(map(str.isdigit, text)) / chars if chars else 0.0


def month_of(published: str) -> str:
    """The YYYY-MM month of a date, for the month facet ("" when unknown)."""
    stamp = dates.minute_stamp(published)
    return f"{stamp // 10**8:04d}-{stamp // 10**6 % 100:02d}" if stamp else ""


@dataclass(frozen=True)
class Indexed:
    """A post's index document and what the post teaches the index beyond its terms."""

    fields: dict[str, Any]
    # the short names it defines and the Latin names it states (abbrev.defined_names,
    # abbrev.stated_translations)
    names: list[tuple[str, str]]
    regions: list[str]  # the regions it names (nlp.regions.region_names), for account homes


@dataclass(frozen=True)
class TextFields:
    """What a post's index document reads off its title and body alone, segmented with the
    learned terms `learned`: the costly part of `document_fields` (segmenting, bigrams, the
    names and regions it teaches). An ingest worker computes it as it prepares a post when the
    index's terms are known (an incremental ingest), so the index takes finished tokens; the
    title and body it was read from are kept to check it is the post the store holds."""

    title: str
    content: str
    learned: tuple[str, ...]
    fields: dict[str, str]  # the word, sub-word and bigram fields
    ids: list[str]  # identifier tokens of the title and body
    names: list[tuple[str, str]]
    regions: list[str]
    figures: float


def text_fields(title: str, content: str, seg: Segmenter) -> TextFields:
    """The fields and teachings of `document_fields` that the title and body alone decide."""
    text = f"{title}\n{content}"
    names = [*defined_names(text), *stated_translations(text, seg)]
    normal_title, body = normalize(title), normalize(content)  # once for every field below
    title_words, title_sub = seg.normal_words_and_subwords(normal_title)
    body_words, body_sub = seg.normal_words_and_subwords(body)
    fields = {
        "title_w": " ".join(title_words),
        "body_w": " ".join(body_words),
        "sub": " ".join(title_sub + body_sub),
        "title_bi": " ".join(normal_bigrams(normal_title)),
        "body_bi": " ".join(normal_bigrams(body)),
        "alt_bi": VARIANT_SEPARATOR.join(" ".join(bigrams(v)) for v in bracket_variants(text)),
    }
    return TextFields(
        title=title,
        content=content,
        learned=seg.learned,
        fields=fields,
        ids=identifier_tokens([title, content], whole=False),
        names=names,
        regions=sorted(region_names(text)),
        figures=round(figures_share(content), 4),
    )


def document_fields(doc: SearchDoc, seg: Segmenter) -> Indexed:
    """Every field of a post's index document, and what it teaches: a pure function of the
    post and the segmenter, so workers can compute it (see `fields_in_worker`) and the index
    only adds it."""
    return finished_fields(doc, text_fields(doc.title, doc.content, seg))


def finished_fields(doc: SearchDoc, text: TextFields) -> Indexed:
    """`document_fields` of a post whose title and body were read already (`text`)."""
    flags = [
        flag
        for flag, on in (
            (DUPLICATE, doc.duplicate_of),
            (STUB, doc.is_stub),
            (DEADLINE, doc.has_deadline),
        )
        if on
    ]
    stored = {
        "key": doc.key,
        "id": doc.id,
        "title": doc.title,
        "account": doc.account,
        "published": doc.published,
        "kind": doc.kind,
        "lang": doc.lang,
        "tags": doc.tags,
        "deadline": doc.deadline,
        "figures": text.figures,
        "chars": len(doc.content),  # the brevity factor's (search/exponents.py)
        # taken back when the post leaves the index, whatever the store holds by then
        "taught": {"names": text.names, "regions": text.regions},
    }
    # the title's and body's tokens first, as identifier_tokens of all three lists them
    ids = dict.fromkeys([*text.ids, *identifier_tokens(doc.ids)])
    fields = {
        "key": doc.key,
        **text.fields,
        "ids": " ".join(ids),
        "account": doc.account,
        "kind": doc.kind,
        "lang": doc.lang,
        "tag": list(doc.tags),
        "month": month_of(doc.published),
        "flag": flags,
        "dup_of": doc.duplicate_of,
        "ts": dates.minute_stamp(doc.published),
        "doc": json.dumps(stored, ensure_ascii=False).encode("utf-8"),
    }
    return Indexed(fields, text.names, text.regions)


_shared_segmenter: Segmenter | None = None
_SEGMENTER_BUILT = threading.Lock()  # one thread builds it while the others wait for it


def _segmenter_with(learned: tuple[str, ...]) -> Segmenter:
    """The process's one segmenter with the default lexicon and an index's learned terms,
    built again only when they change: a pool worker's, and every index's of the default
    lexicon (a server's store threads each open an index, and open it again after every
    ingest; each segmenter is 24.5 MB and 135 CPU-ms at the 100k archive's learned terms).
    rjieba cuts from any thread, and the pieces it remembers are one dictionary."""
    global _shared_segmenter
    with _SEGMENTER_BUILT:
        if _shared_segmenter is None or _shared_segmenter.learned != learned:
            _shared_segmenter = Segmenter(default_lexicon(), learned)
        return _shared_segmenter


def learned_terms_at(path: Path) -> tuple[str, ...] | None:
    """The learned terms the index at `path` holds (None without any), read without opening
    it: before an ingest forks its workers, which must not inherit the index's locks."""
    try:
        return tuple((path / LEARNED_TERMS).read_text(encoding="utf-8").split())
    except FileNotFoundError:
        return None


def fields_in_worker(docs: list[SearchDoc], learned: tuple[str, ...]) -> list[Indexed]:
    """`document_fields` of a chunk of posts, in a pool worker."""
    seg = _segmenter_with(learned)
    return [document_fields(doc, seg) for doc in docs]


def text_fields_in_worker(title: str, content: str, learned: tuple[str, ...]) -> TextFields:
    """`text_fields` of one post, in a pool worker (as an ingest worker prepares the post)."""
    return text_fields(title, content, _segmenter_with(learned))


class SearchIndex:
    """Opens or creates the index at `path`; `upsert`/`delete` then `commit(generation)`.

    Bodies are indexed, not stored: `texts` reads them back for re-ranking and snippets (the
    store's `texts`). Without one, the index keeps the bodies it is given in memory
    (`KeptTexts`: an index with no store behind it, in tests).
    """

    def __init__(
        self, path: Path, lexicon: Lexicon | None = None, texts: TextReader | None = None
    ) -> None:
        self.path = Path(path)
        self.lexicon = lexicon or default_lexicon()
        self._kept = KeptTexts() if texts is None else None
        self.texts: TextReader = texts or self._kept
        self.path.mkdir(parents=True, exist_ok=True)
        self.fingerprint = vocabulary_fingerprint(self.lexicon)
        meta = self._read_meta()
        # why the index was emptied on open, when it held posts ("" when kept): its store
        # rebuilds it whole, which the ingest reports (search/sync.py)
        self.emptied = ""
        if meta.get("schema") != SCHEMA_VERSION:
            self.emptied = "the search code changed (schema)"
        elif meta.get("vocabulary") not in (None, self._recorded_fingerprint(meta)):
            # an index of schema 8 from before fingerprints has none: built with the data of
            # its schema, which every data edit bumped until then, so it is taken as current
            self.emptied = "a data file its words are cut with changed (vocabulary)"
        if self.emptied:
            if meta.get("generation", -1) < 0:
                self.emptied = ""  # nothing was in it
            self._wipe()
        self.schema = build_schema()
        self._index = tantivy.Index(self.schema, str(self.path / "tantivy"))
        # reloaded only when asked (`_follow_other_writers`, `commit`): tantivy's own watcher
        # reloads on a background thread, which takes the index's meta lock (a flock) at times
        # nobody chose, e.g. while a worker process is forked, whose copy then keeps it
        self._index.config_reader(reload_policy="Manual")
        self._writer: tantivy.IndexWriter | None = None
        self._abbreviations_changed = False
        # meta.json's (inode, mtime, size) -> the generation it records (see `generation`)
        self._generation: tuple[tuple[int, int, int] | None, int] = (None, -1)
        # (store generation, post count) -> the newest day of each scope asked in that state
        self._newest: tuple[tuple[int, int], dict[tuple[str, ...], str]] = ((-1, -1), {})
        # per state of the index (`_state`): a short form -> the full names found for it, a
        # concept -> the posts holding it, a prefix -> the archive's words beginning with it
        self._short_forms: Remembered[list[str]] = Remembered(SHORT_FORMS_KEPT)
        self._translations: Remembered[list[str]] = Remembered(TRANSLATIONS_KEPT)
        self._clause_counts: Remembered[int] = Remembered(CLAUSE_COUNTS_KEPT)
        self._prefixes: Remembered[list[tuple[str, int]]] = Remembered(PREFIXES_KEPT)
        # every post's facet counts, for counting a large match by complement (`_facets`)
        self._every_post: Remembered[dict[str, Any] | None] = Remembered(1)
        # (kind, term, ...) -> its query, built with the current segmenter (`_built`)
        self._term_queries: Remembered[Query] = Remembered(TERM_QUERIES_KEPT)
        # (field, token) -> the posts holding it, per state of the index (`_asked`)
        self._doc_freqs: Remembered[int] = Remembered(DOC_FREQS_KEPT)
        # (today, every field of a query) -> its result (`search`)
        self._results: Remembered[SearchResult] = Remembered(RESULTS_KEPT)
        # the exponent of each ranking factor (search/exponents.py); `weigh` sets others
        self.exponents: Mapping[str, float] = shipped()
        self.abbreviations = LearnedAbbreviations(self._read_abbreviations())
        self._abbreviations_seen = self._abbreviations_stamp()
        self._groups: list[tuple[str, ...]] = []  # the short-name groups the parser knows
        self._parser: QueryParser | None = None
        self._homes_changed = False
        self.homes = AccountHomes(self._read_json(self._homes_path()))
        self._homes_seen = self._stamp(self._homes_path())
        self._meta_seen = self._stamp(self._meta_path())
        self._use_learned(self._read_learned())

    # -- persistence -----------------------------------------------------------------------

    def _meta_path(self) -> Path:
        return self.path / "meta.json"

    def _learned_path(self) -> Path:
        return self.path / LEARNED_TERMS

    def _abbreviations_path(self) -> Path:
        return self.path / "learned_abbreviations.json"

    def _homes_path(self) -> Path:
        return self.path / "learned_homes.json"

    def _read_abbreviations(self) -> dict[str, dict[str, int]]:
        return self._read_json(self._abbreviations_path())

    @staticmethod
    def _read_json(path: Path) -> dict:
        try:
            return json.loads(path.read_text(encoding="utf-8"))
        except (FileNotFoundError, json.JSONDecodeError):
            return {}

    def _abbreviations_stamp(self) -> int:
        return self._stamp(self._abbreviations_path())

    @staticmethod
    def _stamp(path: Path) -> int:
        try:
            return path.stat().st_mtime_ns
        except FileNotFoundError:
            return 0

    def _follow_other_writers(self) -> None:
        """Another process (an ingest, a sibling server) may have committed documents, learned
        short names or homes since this one read them. Its commit is seen at once, reloaded
        here: the index has no reload watcher of tantivy's (which lagged, so a post just
        ingested through one server process could be missing from the next search answered by
        another)."""
        meta = self._stamp(self._meta_path())
        if meta != self._meta_seen:
            self._meta_seen = meta
            self._index.reload()
        homes = self._stamp(self._homes_path())
        if homes != self._homes_seen:
            self._homes_seen = homes
            self.homes = AccountHomes(self._read_json(self._homes_path()))
        stamp = self._abbreviations_stamp()
        if stamp != self._abbreviations_seen:
            self._abbreviations_seen = stamp
            self.abbreviations = LearnedAbbreviations(self._read_abbreviations())
            self._use_names()

    def _searcher(self) -> tantivy.Searcher:
        """A searcher over the newest commit of any process: what every entry point that
        reads the index starts from."""
        self._follow_other_writers()
        return self._index.searcher()

    def _read_meta(self) -> dict:
        try:
            return json.loads(self._meta_path().read_text(encoding="utf-8"))
        except (FileNotFoundError, json.JSONDecodeError):
            return {}

    def _recorded_fingerprint(self, meta: dict) -> str:
        """Today's vocabulary fingerprint as `meta` records it: by FINGERPRINT, or as indexes
        recorded it before (`_former_fingerprint`)."""
        if meta.get("fingerprint") == FINGERPRINT:
            return self.fingerprint
        return _former_fingerprint(self.lexicon)

    def _meta(self, generation: int) -> str:
        """meta.json's text: the code's schema, the vocabulary's fingerprint (and which one),
        the generation."""
        meta = {
            "schema": SCHEMA_VERSION,
            "vocabulary": self.fingerprint,
            "fingerprint": FINGERPRINT,
            "generation": generation,
        }
        return json.dumps(meta)

    def _write_atomically(self, target: Path, text: str) -> None:
        tmp = target.with_suffix(target.suffix + ".tmp")
        with open(tmp, "w", encoding="utf-8") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, target)

    def _wipe(self) -> None:
        shutil.rmtree(self.path / "tantivy", ignore_errors=True)
        self._learned_path().unlink(missing_ok=True)
        self._abbreviations_path().unlink(missing_ok=True)
        self._homes_path().unlink(missing_ok=True)
        (self.path / "tantivy").mkdir(parents=True)
        self._write_atomically(self._meta_path(), self._meta(-1))

    def _read_learned(self) -> list[str]:
        return list(learned_terms_at(self.path) or ())

    def _use_learned(self, learned: list[str]) -> None:
        self._learned = tuple(learned)
        self._segmenter: Segmenter | None = None
        self._term_queries.forget()  # built with the segmenter just dropped
        self._use_names(changed=True)

    @property
    def segmenter(self) -> Segmenter:
        """The lexicon's and the learned terms' segmenter, built on first use: an ingest whose
        workers segment the posts never needs one in the main process. With the default
        lexicon it is the process's shared one (`_segmenter_with`)."""
        if self._segmenter is None:
            if self.lexicon is default_lexicon():
                self._segmenter = _segmenter_with(self._learned)
            else:
                self._segmenter = Segmenter(self.lexicon, self._learned)
        return self._segmenter

    def _use_names(self, changed: bool = False) -> None:
        """Parse queries with the short names learned so far (anew only when they changed)."""
        groups = self.abbreviations.groups()
        if not changed and groups == self._groups:
            return
        self._groups = groups
        self._parser = None

    @property
    def parser(self) -> QueryParser:
        """The query parser with the learned short names, built on the first query after they
        changed: an ingest commits batch after batch and never parses a query."""
        if self._parser is None:
            learned_names = [AliasGroup(names) for names in self._groups]
            self._parser = QueryParser(self.segmenter, self.lexicon.with_groups(learned_names))
        return self._parser

    @property
    def learned_terms(self) -> tuple[str, ...]:
        """Terms learned from the corpus when the index was built (persisted with it)."""
        return self._learned

    def generation(self) -> int:
        """The store generation this index reflects; -1 when empty or new. Asked twice by
        every search (is the index current, which day is newest), so meta.json is read again
        only when it was replaced (every commit writes a new file)."""
        try:
            seen = os.stat(self._meta_path())
        except FileNotFoundError:
            return -1
        stamp = (seen.st_ino, seen.st_mtime_ns, seen.st_size)
        if self._generation[0] != stamp:
            self._generation = (stamp, int(self._read_meta().get("generation", -1)))
        return self._generation[1]

    def posts(self) -> int:
        """How many posts the index holds (its newest commit)."""
        return self._searcher().num_docs

    # -- writing ---------------------------------------------------------------------------

    def _writer_open(self) -> tantivy.IndexWriter:
        """One indexing thread: a commit then writes one segment, not one per thread. On the
        3k bench archive two threads spent 2.46 CPU-s adding and committing its posts, one
        1.83 (each segment pays its own dictionaries and serialising, and more segments bring
        more merges); the ingest's workers keep the other core busy meanwhile. Scores do not
        depend on it: BM25 reads its statistics over every segment."""
        if self._writer is None:
            self._writer = self._index.writer(heap_size=WRITER_HEAP, num_threads=1)
        return self._writer

    def _is_empty(self) -> bool:
        self._index.reload()
        return self._index.searcher().num_docs == 0 and self._writer is None

    def upsert(
        self,
        docs: Iterable[SearchDoc],
        pool: Executor | None = None,
        ready: Mapping[str, TextFields] | None = None,
    ) -> None:
        """Add or replace documents by key. The first batch into an empty index teaches it
        the corpus' own terms (from its first docs, at most LEARN_SAMPLE), so later batches and
        queries segment the same way. With a `pool`, its workers segment the posts; `ready` holds
        posts' text fields computed already (by the ingest workers), by key."""
        docs = iter(docs)
        fresh = self._is_empty()
        if fresh:
            # Only the docs learn_terms reads are held (it stops at its character budget,
            # about a thousand posts): holding LEARN_SAMPLE of them held a 12k archive whole.
            sample = list(islice(docs, MIN_DOCS_TO_LEARN))
            if len(sample) >= MIN_DOCS_TO_LEARN:
                learned = learn_terms(self._read_into(sample, docs), self.segmenter)
                self._write_atomically(self._learned_path(), "\n".join(learned) + "\n")
                self._use_learned(learned)
            docs = chain(sample, docs)
        writer = self._writer_open()
        searcher = None if fresh else self._index.searcher()
        for doc, indexed in self._with_fields(docs, pool, ready or {}):
            if searcher is not None:  # a post indexed before: what it taught is taken back
                self._forget(searcher, doc.key)
            self._abbreviations_changed |= self.abbreviations.learn(indexed.names)
            self.homes.learn(doc.account, indexed.regions)
            self._homes_changed = True
            if self._kept is not None:
                self._kept.keep(doc.key, doc.content)
            writer.delete_documents_by_term("key", doc.key)
            writer.add_document(tantivy.Document(**indexed.fields))

    @staticmethod
    def _read_into(sample: list[SearchDoc], docs: Iterator[SearchDoc]) -> Iterator[str]:
        """The text of each doc of `sample`, then of the next of `docs` (up to LEARN_SAMPLE in
        all), each appended to `sample` as it is read."""
        for doc in sample:
            yield f"{doc.title}\n{doc.content}"
        for doc in islice(docs, LEARN_SAMPLE - len(sample)):
            sample.append(doc)
            yield f"{doc.title}\n{doc.content}"

    def _with_fields(
        self, docs: Iterable[SearchDoc], pool: Executor | None, ready: Mapping[str, TextFields]
    ) -> Iterator[tuple[SearchDoc, Indexed]]:
        """Each post with its document fields, in order: from its `ready` text fields when they
        were read off the title and body it has now with this index's terms, else segmented
        by `pool`'s workers a few chunks ahead when there is a pool (and the index uses the
        default lexicon they load), else here."""
        if pool is None or self.lexicon is not default_lexicon():
            for doc in docs:
                text = self._ready(doc, ready)
                yield (
                    doc,
                    finished_fields(doc, text) if text else document_fields(doc, self.segmenter),
                )
            return
        pending: deque[tuple[list[SearchDoc], list[TextFields | None], Future | None]] = deque()
        docs = iter(docs)
        while chunk := list(islice(docs, WORKER_CHUNK)):
            texts = [self._ready(doc, ready) for doc in chunk]
            todo = [doc for doc, text in zip(chunk, texts, strict=True) if text is None]
            future = pool.submit(fields_in_worker, todo, self.learned_terms) if todo else None
            pending.append((chunk, texts, future))
            if len(pending) > CHUNKS_AHEAD:
                yield from self._joined(*pending.popleft())
        while pending:
            yield from self._joined(*pending.popleft())

    def _ready(self, doc: SearchDoc, ready: Mapping[str, TextFields]) -> TextFields | None:
        """`doc`'s text fields from `ready` when they are this post's, with this index's terms
        and lexicon (the workers segment with the default one)."""
        text = ready.get(doc.key)
        if (
            text is None
            or self.lexicon is not default_lexicon()
            or text.learned != self.learned_terms
            or text.title != doc.title
            or text.content != doc.content
        ):
            return None
        return text

    def _joined(
        self, chunk: list[SearchDoc], texts: list[TextFields | None], future: Future | None
    ) -> Iterator[tuple[SearchDoc, Indexed]]:
        """A chunk's posts with their fields: finished here from their text fields, or as the
        workers segmented them, in the chunk's order."""
        segmented = iter(future.result() if future is not None else ())
        for doc, text in zip(chunk, texts, strict=True):
            indexed = finished_fields(doc, text) if text else next(segmented)
            yield doc, indexed

    def delete(self, keys: Iterable[str]) -> None:
        writer = self._writer_open()
        searcher = self._searcher()
        for key in keys:
            self._forget(searcher, key)
            writer.delete_documents_by_term("key", key)
            if self._kept is not None:
                self._kept.drop([key])

    def _forget(self, searcher: tantivy.Searcher, key: str) -> None:
        """Take back the short names and the region counts an indexed post taught (as its
        stored document recorded them: the store may hold another text for the key by now)."""
        found = searcher.search(Query.term_query(self.schema, "key", key), 1).hits
        if not found:
            return
        stored = self._stored(searcher, found[0][1])
        taught = stored["taught"]
        names = [(short, full) for short, full in taught["names"]]
        self._abbreviations_changed |= self.abbreviations.forget(names)
        self.homes.learn(stored["account"], taught["regions"], -1)
        self._homes_changed = True

    @staticmethod
    def _stored(searcher: tantivy.Searcher, address: tantivy.DocAddress) -> dict[str, Any]:
        """A post's stored document: what a hit shows and what the post taught. Its one field
        is read alone and parsed by pydantic-core, the same values as `json.loads` (checked on
        20,000 posts of the 100k archive) for 2 µs a post rather than 9: a search at 100k
        reads 32 of them on average, up to 120."""
        return from_json(searcher.doc(address).get_first("doc"))

    def commit(self, generation: int) -> None:
        """Make changes durable, then record the store generation they reflect."""
        if self._writer is not None:
            self._writer.commit()
            self._writer.wait_merging_threads()
            self._writer = None
        if self._homes_changed:
            text = json.dumps(self.homes.to_json(), ensure_ascii=False)
            self._write_atomically(self._homes_path(), text)
            self._homes_seen = self._stamp(self._homes_path())
            self._homes_changed = False
        if self._abbreviations_changed:  # short names learned (or lost) in this batch
            text = json.dumps(self.abbreviations.to_json(), ensure_ascii=False)
            self._write_atomically(self._abbreviations_path(), text)
            self._abbreviations_seen = self._abbreviations_stamp()
            self._abbreviations_changed = False
            self._use_names()
        self._write_atomically(self._meta_path(), self._meta(generation))
        self._meta_seen = self._stamp(self._meta_path())
        self._index.reload()

    def clear(self) -> None:
        """Drop every document, the learned terms and short names (the next upsert learns
        afresh)."""
        writer = self._writer_open()
        writer.delete_all_documents()
        writer.commit()
        writer.wait_merging_threads()
        self._writer = None
        self._learned_path().unlink(missing_ok=True)
        self._abbreviations_path().unlink(missing_ok=True)
        self.abbreviations = LearnedAbbreviations()
        self._abbreviations_changed = False
        self._homes_path().unlink(missing_ok=True)
        self.homes = AccountHomes()
        self._homes_changed = False
        if self._kept is not None:
            self._kept.clear()
        self._write_atomically(self._meta_path(), self._meta(-1))
        self._use_learned([])
        self._index.reload()

    # -- query building --------------------------------------------------------------------

    def _field_match(self, field: str, tokens: list[str]) -> Query | None:
        if not tokens:
            return None
        if len(tokens) == 1:
            return Query.term_query(self.schema, field, tokens[0])
        return Query.phrase_query(self.schema, field, tokens)

    def _any(self, parts: list[tuple[Query | None, float]]) -> Query:
        subqueries = [
            (Occur.Should, q if boost == 1.0 else Query.boost_query(q, boost))
            for q, boost in parts
            if q is not None
        ]
        return Query.boolean_query(subqueries) if subqueries else Query.empty_query()

    def _one_of(self, field: str, values: Iterable[str]) -> Query:
        """Posts whose `field` holds any of `values`: one term query a value (a term set query
        walks the column's terms on every search: 0.35 against 0.17 ms to count the posts of
        seven accounts at 100k)."""
        return self._any([(Query.term_query(self.schema, field, v), 1.0) for v in values])

    def _all(self, queries: list[Query]) -> Query:
        return Query.boolean_query([(Occur.Must, q) for q in queries])

    def _substring(self, text: str) -> list[tuple[Query | None, float]]:
        return [(self._field_match(f, grams), b) for f, grams, b in _substring_parts(text)]

    def _built(self, key: tuple, build: Callable[[], Query]) -> Query:
        """A term's query, built once while the index segments words the same way: a search
        built each of its terms' queries three to six times (its tiers, its counts, its
        facets), about 0.4 ms a search. A tantivy query is immutable, so one is shared by
        every query holding it."""
        return self._term_queries.get(None, key, build)

    def _word_query(self, term: Term) -> Query:
        """A term in the word fields (title boosted), its aliases, its sub-word occurrences,
        and the posts of the accounts at home in the region it names (built once, `_built`)."""
        at_home = self.homes.accounts_in(term.text) if term.kind == WORD else []
        return self._built(
            ("word", term, tuple(at_home)), lambda: self._build_word_query(term, at_home)
        )

    def _build_word_query(self, term: Term, at_home: list[str]) -> Query:
        if term.kind == IDENT:
            ident = Query.term_query(self.schema, "ids", term.token)
            return self._any([(ident, IDENT_BOOST), *self._substring(term.text)])
        if term.kind == PHRASE:
            words = self.segmenter.words(term.text)
            return self._any(
                [
                    (self._field_match("title_w", words), TITLE_BOOST),
                    (self._field_match("body_w", words), 1.0),
                    *self._substring(term.text),
                ]
            )
        parts: list[tuple[Query | None, float]] = []
        names = [(term.text, 1.0)]
        names += [(n, ALIAS_BOOST if r == "=" else RELATED_BOOST) for n, r in term.aliases]
        for index, (name, weight) in enumerate(names):
            words = self.segmenter.words(name)
            if index:  # a multi-word alias is one concept: score its phrase like one word
                weight /= max(1, len(words))
            parts.append((self._field_match("title_w", words), TITLE_BOOST * weight))
            parts.append((self._field_match("body_w", words), weight))
            if len(words) == 1:
                sub = Query.term_query(self.schema, "sub", words[0])
                parts.append((sub, SUBWORD_BOOST * weight))
        if at_home:  # 天津 is also said by every post of an account at home in Tianjin
            accounts = self._one_of("account", at_home)
            parts.append((Query.const_score_query(accounts, HOME_SCORE), 1.0))
        return self._any(parts)

    def matching_share(self, term: Term) -> float:
        """The share of indexed articles a term matches (words, aliases, sub-words): how
        common it is, so a reader can weigh a rare word above a common one."""
        searcher = self._searcher()
        if searcher.num_docs == 0:
            return 0.0
        return searcher.search(self._word_query(term), 1, count=True).count / searcher.num_docs

    def _substring_query(self, term: Term) -> Query:
        """The term's strings (its aliases too) verbatim, as character bigrams (`_built`)."""
        return self._built(("substring", term), lambda: self._build_substring_query(term))

    def _build_substring_query(self, term: Term) -> Query:
        return self._written(_names(term))

    def _written(self, names: Iterable[str]) -> Query:
        """Posts writing any of `names` verbatim (as character bigrams)."""
        return self._any([part for name in names for part in self._substring(name)])

    def _clause_query(self, clause: Clause, per_term: Callable[[Term], Query]) -> Query:
        return self._any(
            [(self._all([per_term(t) for t in alt]), 1.0) for alt in clause.alternatives]
        )

    def _scoring(self, parsed: ParsedQuery) -> Query:
        """The query a tier is scored by: `_ranking`, or every post alike when none is typed."""
        return self._ranking(parsed) if parsed.clauses else Query.all_query()

    def _ranking(self, parsed: ParsedQuery) -> Query:
        """One BM25 query: any word matches; articles with every word score ALL_WORDS_BONUS
        times higher; articles containing every query string verbatim (character bigrams)
        also match and score extra, so what segmentation split is still found; plain BM25 over
        the typed bigrams adds to the score of each."""
        matching = self._any(
            [
                (self._some_words(parsed), 1.0),
                (self._every_concept(parsed), ALL_WORDS_BONUS - 1.0),
                (self._verbatim(parsed), SUBSTRING_BOOST),
            ]
        )
        grams = self._bigram_bm25(parsed.units)
        if grams is None:
            return matching
        # the bigrams add to the score of what matches; they find nothing on their own
        return Query.boolean_query(
            [(Occur.Must, matching), (Occur.Should, Query.boost_query(grams, BIGRAM_WEIGHT))]
        )

    def _some_words(self, parsed: ParsedQuery) -> Query:
        """Articles holding some query word (or an alias, or a sub-word of it)."""
        return self._any([(self._word_query(t), 1.0) for t in parsed.terms])

    def _verbatim(self, parsed: ParsedQuery) -> Query:
        """Articles containing every query string verbatim (as character bigrams)."""
        return self._all([self._clause_query(c, self._substring_query) for c in parsed.clauses])

    def _matched(self, parsed: ParsedQuery) -> Query:
        """The posts `_ranking` matches, unscored, for counting: some word or every string
        verbatim (every concept's posts hold some word; the bigrams only add to scores), a
        cheaper pass than the ranking query itself."""
        return self._any([(self._some_words(parsed), 1.0), (self._verbatim(parsed), 1.0)])

    def _bigram_bm25(self, units: list[str]) -> Query | None:
        """Plain BM25 over the character bigrams of what was typed, title and body alike: it
        scores a word the segmenter split (智能机器人 → 智能 机器人) by its adjacent pieces and a
        word no dictionary knows by its rare ones, as a plain bigram baseline would."""
        grams = list(dict.fromkeys(g for unit in units for g in bigrams(unit)))
        if not grams or BIGRAM_WEIGHT <= 0:
            return None
        return self._any(
            [
                (Query.term_query(self.schema, field, gram), 1.0)
                for gram in grams
                for field in ("title_bi", "body_bi")
            ]
        )

    def _every_concept(self, parsed: ParsedQuery) -> Query:
        """Articles that match every clause: each word (or an alias of it) or one of the
        alternatives the user joined with OR; the procedure clause (`parsed.by_kind`) also by
        a post of an action kind, which holds no word for it (no score: its words score); each
        word of a run (`parsed.runs`) also by a post writing the run verbatim."""
        runs = [
            (words, Query.const_score_query(self._any(self._substring(run)), 0.0))
            for run, words in parsed.runs
        ]
        in_runs = {word for _, words in parsed.runs for word in words}
        parts = []
        for clause in parsed.clauses:
            held = [(self._clause_query(clause, self._word_query), 1.0)]
            # a word glued to a neighbour in the text (a run's words are held by the run)
            glued = self._glued_names(clause)
            if glued is not None and glued[0].text not in in_runs:
                held.append((self._glued_query(*glued), 1.0))
            (alternative, *others) = clause.alternatives
            if not others and len(alternative) == 1:  # a unit written verbatim holds its words
                held += [
                    (verbatim, 1.0) for words, verbatim in runs if alternative[0].text in words
                ]
            parts.append(self._any(held) if len(held) > 1 else held[0][0])
        if parsed.by_title:  # a title naming the query's rarer concepts stands for its common ones
            titled = [
                self._clause_query(c, self._title_query)
                for n, c in enumerate(parsed.clauses)
                if n not in parsed.by_title
            ]
            by_title = Query.const_score_query(self._all(titled), 0.0)
            for n in parsed.by_title:
                parts[n] = self._any([(parts[n], 1.0), (by_title, 1.0)])
        if parsed.by_kind is not None:
            acting = self._any(
                [(Query.term_query(self.schema, "kind", k), 1.0) for k in ACTION_KINDS]
            )
            by_kind = Query.const_score_query(acting, 0.0)
            parts[parsed.by_kind] = self._any([(parts[parsed.by_kind], 1.0), (by_kind, 1.0)])
        return self._all(parts)

    def _glued_names(self, clause: Clause) -> tuple[Term, list[str]] | None:
        """The clause's one word and the names a post writing verbatim holds it by (None when
        none): the word and its aliases of VERBATIM_WORD_CHARS or more Chinese characters, for
        a word of that length typed as a word of its own (a region word is held by its
        accounts' posts too; `_every_concept` leaves a run's words to the run written
        verbatim). The index holds the words the segmenter cut, and a text may cut a word the
        query keeps whole another way (绿色低碳转型 → 绿色 · 低碳转型): its characters still
        stand in a row. A shorter alias is left out: 高企 of 高新技术企业 stands in a row in
        提高企业."""
        if len(clause.alternatives) != 1 or len(clause.alternatives[0]) != 1 or not on("glued"):
            return None
        (term,) = clause.alternatives[0]
        if term.kind != WORD or len(term.text) < VERBATIM_WORD_CHARS or not is_cjk(term.text):
            return None
        if self.homes.accounts_in(term.text):
            return None
        return term, [n for n in _names(term) if len(n) >= VERBATIM_WORD_CHARS and is_cjk(n)]

    def _glued_query(self, term: Term, names: list[str]) -> Query:
        """Posts writing one of a word's `names` verbatim (`_glued_names`), unscored: its words
        score (built once, `_built`)."""
        return self._built(
            ("glued", term), lambda: Query.const_score_query(self._written(names), 0.0)
        )

    def _title_query(self, term: Term) -> Query:
        """A term (or one of its names) in the title, as a word or written verbatim (built
        once, `_built`)."""
        return self._built(("title", term), lambda: self._build_title_query(term))

    def _build_title_query(self, term: Term) -> Query:
        parts: list[tuple[Query | None, float]] = []
        for name in _names(term):
            parts.append((self._field_match("title_w", self.segmenter.words(name)), 1.0))
            parts.append((self._field_match("title_bi", bigrams(name)), 1.0))
        return self._any(parts)

    def _common_clauses(
        self, searcher: tantivy.Searcher, parsed: ParsedQuery, counts: list[int]
    ) -> tuple[int, ...]:
        """The clauses a post whose title holds all the others satisfies: those held by at
        least COMMON_SHARE of the archive's posts, when the query also has a rarer one. A common
        word says little of what a post is about (成为, 政策, 企业 are in a fifth to a half of
        them), and the post that is about the rest often does not write it: 怎么 成为 高新技术企业
        wants the 高新技术企业认定指南, not the firm profiles saying a firm 成为 one. The rarer
        concepts must all be in the title: in the body only, they would be a mention. Only a
        word typed on its own counts (a piece of a typed name is the name's), and never a region
        word: it says where, not what. `counts`: how many posts hold each clause."""
        if len(parsed.clauses) < 2 or not on("by_title"):
            return ()
        common = tuple(
            n
            for n, (clause, k) in enumerate(zip(parsed.clauses, counts, strict=True))
            if _common(k, searcher)
            and all(  # typed as a word of its own: 工作 of 政府工作报告 is part of a name
                t.text in parsed.units
                # a region word (天津) is where the post must be, however many posts name it
                and not regions().known(t.text)
                for alt in clause.alternatives
                for t in alt
            )
        )
        return common if len(common) < len(parsed.clauses) else ()

    def _typed_whole(
        self, searcher: tantivy.Searcher, parsed: ParsedQuery, counts: list[int]
    ) -> list[str]:
        """The names typed whole (`parsed.typed_whole`) that one of their words is common in
        (held by COMMON_SHARE of the posts or more): 服务贸易, cut 服务 · 贸易. A post holding
        the common word anywhere says little; only the name written whole shows the post is
        about it. Two rare words (杨柳青灯展: 杨柳青 · 灯展) still name the topic apart (来杨柳青
        逛灯展), so they are left to the proximity bonus. `counts`: how many posts hold each
        clause."""
        held = {
            c.alternatives[0][0].text: k
            for c, k in zip(parsed.clauses, counts, strict=True)
            if len(c.alternatives) == 1 and len(c.alternatives[0]) == 1
        }
        return [
            unit
            for unit, words in parsed.typed_whole
            if any(_common(held[w], searcher) for w in words if w in held)
        ]

    def _procedure_clause(self, parsed: ParsedQuery, weights: list[float]) -> int | None:
        """The clause an action-kind post satisfies, or None. A query that asks to apply (报名
        大赛, 征集 解决方案) names the procedure with one verb; the calls, registrations and
        consultations it wants write their own (参赛, 申请, 征求意见) or none beyond their
        kind, so a post of an action kind stands for that verb. Only where the verb is the
        query's commonest concept: its other words, rarer, still choose the posts (遴选 企业
        keeps 遴选, else every call naming 企业 would count)."""
        if APPLY not in parsed.intents or len(parsed.clauses) < 2 or not on("by_kind"):
            return None
        verbs = procedure_words()
        named = [
            n
            for n, clause in enumerate(parsed.clauses)
            if len(clause.alternatives) == 1
            and len(clause.alternatives[0]) == 1
            and clause.alternatives[0][0].kind == WORD
            and clause.alternatives[0][0].text in verbs
        ]
        if not named:
            return None
        commonest = min(range(len(weights)), key=lambda n: weights[n])
        return commonest if commonest in named else None

    def _every_concept_ranked(
        self,
        searcher: tantivy.Searcher,
        parsed: ParsedQuery,
        every: Query,
        filters: list[tuple[Occur, Query]],
    ) -> Query | None:
        """The first tier's query (the posts holding every concept, and the filters) scoring
        each post as `_ranking` does, in a form tantivy evaluates far faster when the tier is
        small beside its common words; None when the query has no such form (one concept, or
        a term in several alternatives or an alternative of several terms).

        `_ranking` is a union, and tantivy reads a union's parts over every post they match in
        each 4,096-post window the tier's posts fall into: with one rare concept among common
        ones, the whole archive's postings of the common bigrams and verbatim strings. Among
        the posts holding every concept the same score is a sum: the concepts' word queries
        1 + ALL_WORDS_BONUS times (as some word, as every concept, and as the tier's own), the
        verbatim strings SUBSTRING_BOOST times, the bigrams BIGRAM_WEIGHT times. A part holding
        far more posts than the tier is asked of the tier's posts only, one part at a time (a
        required query with one optional query seeks it: tantivy's RequiredOptionalScorer);
        the rarer parts are read together. Same sums, added in another order (f32 rounding)."""
        alternatives = [alt for clause in parsed.clauses for alt in clause.alternatives]
        if len(parsed.clauses) < 2 or len(alternatives) != len(parsed.terms):
            return None  # one concept, or some some-word score the every-concept one lacks
        if parsed.by_kind is not None:
            return None  # a tier's call may lack the verb: only the union scores it as such
        if any(len(alt) != 1 for alt in alternatives):
            return None
        # how many posts the tier holds at most (each concept's count is remembered)
        tier = min(self._posts_holding(searcher, [(c, False) for c in parsed.clauses]))
        # a post of the tier holds verbatim each concept whose names are Chinese words: its
        # strings score as a sum of their queries that match; the others' verbatim strings
        # are a conjunction, asked of the tier's posts as one part (the first's sum with them)
        # (a common word a title stands for, or a word a verbatim run stands for, may be
        # missing from a post of the tier: its string is in the conjunction)
        in_runs = {word for _, words in parsed.runs for word in words}
        within = [
            c
            for n, c in enumerate(parsed.clauses)
            if n not in parsed.by_title
            and c.alternatives[0][0].text not in in_runs
            and self._verbatim_within(c)
        ]
        apart = [c for c in parsed.clauses if c not in within]
        verbatim = [
            (field, grams, boost * SUBSTRING_BOOST)
            for clause in within
            for (term,) in clause.alternatives
            for name in _names(term)
            for field, grams, boost in _substring_parts(name)
        ]
        parts = [] if apart else verbatim
        others: list[Query] = []
        if apart:
            strings = [self._clause_query(c, self._substring_query) for c in apart]
            conjunction = Query.boost_query(self._all(strings), SUBSTRING_BOOST)
            asked = self._asked(searcher, verbatim, tier)
            others.append(self._all([conjunction, asked]) if verbatim else conjunction)
        if BIGRAM_WEIGHT > 0:
            grams = dict.fromkeys(g for unit in parsed.units for g in bigrams(unit))
            parts += [(f, [g], BIGRAM_WEIGHT) for g in grams for f in ("title_bi", "body_bi")]
        every = Query.boost_query(every, 1.0 + ALL_WORDS_BONUS)
        asked = self._asked(searcher, parts, tier, others)
        return Query.boolean_query([(Occur.Must, every), *filters, (Occur.Must, asked)])

    def _asked(
        self,
        searcher: tantivy.Searcher,
        parts: list[tuple[str, list[str], float]],
        tier: int,
        others: list[Query] | None = None,
    ) -> Query:
        """Every post, scoring the sum of `parts` (field, tokens, weight) and `others` that it
        matches: a part held by more than CHAIN_RATIO times the `tier`'s posts, and each of
        `others`, is one optional query of its own, so tantivy seeks it for the posts the
        query beside this one lets through; the rarer parts are read together, as a union.
        Built bottom up, each level a copy of the one below: the small chain is copied, not
        the query beside it."""
        optional = list(others or [])
        rare: list[tuple[Query | None, float]] = []
        for name, tokens, weight in parts:
            query = Query.boost_query(self._field_match(name, tokens), weight)
            # held by many posts when each of its tokens is: the first rare token decides
            if all(self._doc_freq(searcher, name, token) > CHAIN_RATIO * tier for token in tokens):
                optional.append(query)
            else:
                rare.append((query, 1.0))
        if rare:
            optional.append(self._any(rare))
        asked = Query.const_score_query(Query.all_query(), 0.0)  # scores 0 itself
        for query in optional:
            asked = Query.boolean_query([(Occur.Must, asked), (Occur.Should, query)])
        return asked

    def _verbatim_within(self, clause: Clause) -> bool:
        """True when a post holding the clause's word (or an alias) also holds one of its names
        verbatim: each name is one word of two or more Chinese characters, so a post holding
        it as a word, or inside a longer word, holds its characters side by side in one run
        of Chinese characters, where its bigrams stand in a row. Not so for a name of several
        words (the words may stand apart), of other letters (stemmed) or a region word
        (an account at home there matches without writing it)."""
        for alternative in clause.alternatives:
            for term in alternative:
                if term.kind != WORD or self.homes.accounts_in(term.text):
                    return False
                for name in _names(term):
                    if len(name) < 2 or not is_cjk(name) or normalize(name) != name:
                        return False
                    if self.segmenter.words(name) != [name]:
                        return False
        return True

    def _filters(self, q: SearchQuery, understood: Understanding) -> list[tuple[Occur, Query]]:
        parsed = understood.parsed
        filters = []
        if on("reposts"):
            filters.append((Occur.MustNot, Query.term_query(self.schema, "flag", DUPLICATE)))
        for term in parsed.excluded:
            words = self.segmenter.words(term.text)
            excluded = self._any(
                [
                    (self._field_match("title_w", words), 1.0),
                    (self._field_match("body_w", words), 1.0),
                    *self._substring(term.text),
                ]
            )
            filters.append((Occur.MustNot, excluded))
        date_from, date_to = understood.days
        if date_from or date_to:
            published = self._published(date_from, date_to)
            if understood.programme_year:  # or the year before, with the year in the title
                year = understood.programme_year
                named = self._any(
                    [
                        (Query.term_query(self.schema, "title_w", str(year)), 1.0),
                        (self._field_match("body_w", [str(year), "年度"]), 1.0),
                    ]
                )
                before = self._published(f"{year - 1}-01-01", f"{year - 1}-12-31")
                published = self._any([(published, 1.0), (self._all([before, named]), 1.0)])
            # every post in the period scores the same for it, whichever way it is in
            filters.append((Occur.Must, Query.const_score_query(published, 1.0)))
        if q.accounts:
            filters.append((Occur.Must, self._one_of("account", q.accounts)))
        if q.kinds:
            filters.append((Occur.Must, self._one_of("kind", q.kinds)))
        if q.lang:
            filters.append((Occur.Must, Query.term_query(self.schema, "lang", q.lang)))
        for tag in q.tags:
            filters.append((Occur.Must, Query.term_query(self.schema, "tag", tag)))
        if q.has_deadline is not None:
            occur = Occur.Must if q.has_deadline else Occur.MustNot
            filters.append((occur, Query.term_query(self.schema, "flag", DEADLINE)))
        return [(o, fq) for o, fq in filters if fq is not None]

    def _published(self, date_from: str | None, date_to: str | None) -> Query:
        """Posts published from `date_from` to `date_to` (whole days; either end open)."""
        low = dates.minute_stamp(date_from) if date_from else None
        high = dates.minute_stamp(date_to, end_of_day=True) if date_to else None
        return Query.range_query(self.schema, "ts", tantivy.FieldType.Integer, low, high)

    # -- understanding ---------------------------------------------------------------------

    def newest(self, accounts: Sequence[str] = ()) -> str:
        """The publish day (YYYY-MM-DD) of the newest article in the index, or of `accounts`'
        articles when given, "" when there is none (a month without a year is read by the
        newest post in scope: periods.month_day)."""
        searcher = self._index.searcher()
        if searcher.num_docs == 0:
            return ""
        # asked once per state of the index: every commit (of any process) records a new store
        # generation, so an update that keeps the count of posts is seen too
        state, key = (self.generation(), searcher.num_docs), tuple(sorted(accounts))
        if self._newest[0] != state:
            self._newest = (state, {})
        if key in self._newest[1]:
            return self._newest[1][key]
        scope = self._one_of("account", list(accounts)) if accounts else Query.all_query()
        found = searcher.search(scope, 1, order_by_field="ts").hits
        stamp = searcher.fast_field_values("ts", [found[0][1]])[0] if found else 0
        day = f"{stamp // 10**8:04d}-{stamp // 10**6 % 100:02d}-{stamp // 10**4 % 100:02d}"
        self._newest[1][key] = day if stamp else ""
        return self._newest[1][key]

    def as_of(self, q: SearchQuery) -> tuple[date, str]:
        """The day date words count from, and why: the query's `as_of`, else today, or the
        newest article's day when the archive is older than today (`dates.reference_day`, the
        calls board's and MCP's rule too)."""
        given = date.fromisoformat(q.as_of) if q.as_of else None
        return dates.reference_day(given, "" if given else self.newest())

    def _vocabulary(self, prefix: str) -> list[str]:
        """The words of the archive's titles and bodies beginning with `prefix`, most
        frequent first (the VOCABULARY_LIMIT most frequent of each field: a common prefix
        such as 中国 begins thousands of words in a large archive)."""
        return [word for word, _ in self._vocabulary_counts(prefix)]

    def _vocabulary_counts(self, prefix: str) -> list[tuple[str, int]]:
        """`_vocabulary` with each word's title and body post counts added up, remembered per
        state of the index (every query word asks for its own)."""
        searcher = self._index.searcher()
        return self._prefixes.get(
            self._state(searcher), prefix, lambda: self._read_vocabulary(searcher, prefix)
        )

    def _read_vocabulary(self, searcher: tantivy.Searcher, prefix: str) -> list[tuple[str, int]]:
        """`_vocabulary_counts` read from the index's term dictionaries."""
        counts: dict[str, int] = {}
        for name in ("title_w", "body_w"):
            for word, count in searcher.terms_with_prefix(name, prefix, limit=VOCABULARY_LIMIT):
                counts[word] = counts.get(word, 0) + count
        return sorted(counts.items(), key=lambda item: (-item[1], item[0]))

    def _words_query(self, words: tuple[str, ...]) -> Query:
        """Posts holding `words` (one word, or adjacent words) in title or body; one word also
        inside a longer word (零工 of 零工市场)."""
        parts = [(self._field_match(f, list(words)), 1.0) for f in ("title_w", "body_w")]
        if len(words) == 1:
            parts.append((Query.term_query(self.schema, "sub", words[0]), 1.0))
        return self._any(parts)

    def _posts_with(self, words: tuple[str, ...]) -> int:
        """How many posts hold `words` (see `_words_query`)."""
        return self._index.searcher().search(self._words_query(words), 1, count=True).count

    def _posts_with_both(self, short: str, words: tuple[str, ...]) -> int:
        """How many posts write `short` within a passage (PASSAGE_CHARS) of the name `words`
        spell, among the first SHORT_FORM_POSTS_READ holding both (see `_words_query`): where
        an archive shortens a name, it writes the short form near the name (世界银行 … 世行, 15
        characters on); two words far apart in one long text are a coincidence (监理 of a
        building project, 3,790 characters from 监督管理 in a ten-thousand-character rule)."""
        both = self._all([self._words_query((short,)), self._words_query(words)])
        name = "".join(words)
        return sum(near(short, name, text, PASSAGE_CHARS) for text in self._first_texts(both))

    def _first_texts(self, query: Query) -> list[str]:
        """The title and body, as one text, of each of the first SHORT_FORM_POSTS_READ posts
        `query` finds: what a short form's reading checks against the archive's own writing."""
        searcher = self._index.searcher()
        found = searcher.search(query, SHORT_FORM_POSTS_READ).hits
        stored = [self._stored(searcher, address) for _, address in found]
        bodies = self.texts([doc["key"] for doc in stored]) if stored else {}
        return [f"{doc['title']}\n{bodies.get(doc['key'], '')}" for doc in stored]

    def is_rare(self, word: str) -> bool:
        """Whether `word` is rare enough in this archive to be read as a short form: the
        reading's rule (`shortforms.rare`) over the posts holding it as `short_form_names`
        counts them, for bench/shortforms.py to draw its sample by."""
        return rare(self._posts_with((word,)), self._index.searcher().num_docs)

    def short_form_names(self, word: str) -> list[str]:
        """The full name the archive writes for a rare short form typed in a query (技改:
        技术改造, search/shortforms.py), or, when no spelling reads it, the dictionary's words
        of its meaning the archive writes (驾照: 驾驶证, search/synonyms.py), remembered per
        state of the index. The typed word is counted once, for both (`typed_posts`)."""
        searcher = self._index.searcher()

        def read() -> list[str]:
            typed = typed_posts(word, self._posts_with, searcher.num_docs, MAX_SYNONYM_LENGTH)
            if typed is None:
                return []
            spelt = full_names(
                word,
                typed,
                self._vocabulary_counts,
                self._posts_with,
                self._posts_with_both,
                self.segmenter.is_known,
                self._names_after,
            )
            return spelt or self.dictionary_names(word, typed)

        return self._short_forms.get(self._state(searcher), word, read)

    def dictionary_names(self, word: str, typed: int) -> list[str]:
        """The words CC-CEDICT gives `word`'s meaning that this archive writes clearly more
        often than the `typed` posts holding `word` (`synonyms.archive_synonyms`)."""
        if not on("synonyms"):
            return []
        return archive_synonyms(
            word,
            typed,
            lambda name: self._posts_with(tuple(self.segmenter.words(name))),
            same_meaning,
        )

    def _names_after(self, head: str, last: str) -> dict[tuple[str, ...], int]:
        """The names the archive writes as the word `head` and a few characters ending with
        `last` (shortforms.name_ends), as the words the index cuts them into, each with how
        many of the first SHORT_FORM_POSTS_READ posts holding `head` write it. The text is
        read raw, as `_posts_with_both` reads it: `head` and `last` are Chinese, and a name is
        Chinese characters only (`name_ends`)."""
        counts: Counter[str] = Counter()
        for text in self._first_texts(self._words_query((head,))):
            counts.update(name_ends(head, last, text, self.segmenter.word_ends))
        return {tuple(self.segmenter.words(name)): k for name, k in counts.items()}

    def english_names(self, word: str) -> list[str]:
        """The Chinese words a general dictionary gives for an English query word that this
        archive writes most often (search/translations.py), remembered per state of the index."""
        searcher = self._index.searcher()
        return self._translations.get(
            self._state(searcher),
            word,
            lambda: archive_names(word, lambda chinese: self._posts_with((chinese,))),
        )

    def english_compositions(self, words: tuple[str, ...]) -> list[str]:
        """The Chinese phrases an English phrase translates to as a whole that this archive
        writes most often (`translations.compositions`: each part's glossary names and
        dictionary words joined in order), remembered per state of the index."""
        searcher = self._index.searcher()
        held: dict[str, int] = {}

        def posts(chinese: str) -> int:
            if chinese not in held:
                held[chinese] = self._posts_with(tuple(self.segmenter.words(chinese)))
            return held[chinese]

        def names(part: str) -> list[str]:
            return part_names(part, self.segmenter.lexicon.aliases_of(part))

        return self._translations.get(
            self._state(searcher),
            " ".join(words),
            lambda: [chinese for chinese, _ in compositions(words, names, posts)][:KEPT],
        )

    def _state(self, searcher: tantivy.Searcher) -> tuple[int, int, int]:
        """What answers remembered from the index depend on (search/remembered.py): the store
        generation it reflects, its document count (an update that keeps the generation
        still changes it) and the homes it read."""
        return (self.generation(), searcher.num_docs, self._homes_seen)

    def forget(self) -> None:
        """Drop every remembered answer (concept counts, spellings, short forms, translations,
        every post's facet counts, whole results) and the terms' built queries: a benchmark
        measuring cold searches, as for a query the server has not seen since the index last
        changed, calls it before each query."""
        remembered = (
            self._short_forms,
            self._translations,
            self._clause_counts,
            self._prefixes,
            self._every_post,
            self._term_queries,
            self._doc_freqs,
            self._results,
        )
        for answers in remembered:
            answers.forget()

    def forget_results(self) -> None:
        """Drop the remembered results only (`search`): a benchmark measuring a query the
        server has not seen, among the answers a running server holds, calls it."""
        self._results.forget()

    def _understand(
        self, q: SearchQuery, searcher: tantivy.Searcher | None = None
    ) -> Understanding:
        """How `q` is read, its concepts weighed in `searcher` (the one the caller searches
        with; the index's current one when None)."""
        as_of, reason = self.as_of(q)
        latest = dates.day_of(self.newest(q.accounts))
        parsed = self.parser.parse(q.text, as_of if on("dates") else None, latest)
        if not on("intent"):
            parsed.intents.clear()
        if not on("runs"):
            parsed.runs.clear()
        if on("variants"):
            with_variants(parsed, self._vocabulary, self.segmenter.is_known)
        short_forms = with_short_forms(parsed, self.short_form_names) if on("shortforms") else {}
        translations: dict[str, list[str]] = {}
        if on("translations"):
            translations = with_compositions(parsed, self.english_compositions)
            translations.update(with_translations(parsed, self.english_names))
        if searcher is None:
            searcher = self._index.searcher()
        backed_off: dict[str, list[str]] = {}
        if on("backoff"):
            backed_off = with_back_off(
                parsed,
                lambda clause: self._absent(searcher, clause),
                lambda word: self.back_off_names(searcher, word),
            )
        low, high = q.date_from, q.date_to
        if parsed.dates is not None:  # the query's dates narrow any range given as a filter
            if parsed.dates.date_from and (low is None or parsed.dates.date_from > low):
                low = parsed.dates.date_from
            if parsed.dates.date_to and (high is None or parsed.dates.date_to < high):
                high = parsed.dates.date_to
        homes = {t.text: self.homes.accounts_in(t.text) for t in parsed.terms if t.kind == WORD}
        homes = {t: a for t, a in homes.items() if a}
        # only a year the query's words name: a --from/--to range given as a filter is exact
        from_words = parsed.dates is not None and (low, high) == (
            parsed.dates.date_from,
            parsed.dates.date_to,
        )
        year = programme_year(low, high) if from_words and on("programme_year") else None
        weights = self._concept_weights(searcher, parsed) if len(parsed.clauses) > 1 else []
        parsed.by_kind = self._procedure_clause(parsed, weights)
        # how many posts hold each clause: what makes a clause common (`_common`), for the
        # title rule and the names typed whole
        counts = (
            self._posts_holding(searcher, [(c, False) for c in parsed.clauses])
            if COMMON_SHARE > 0
            and searcher.num_docs
            and (len(parsed.clauses) > 1 or parsed.typed_whole)
            else [0] * len(parsed.clauses)
        )
        parsed.by_title = self._common_clauses(searcher, parsed, counts)
        return Understanding(
            parsed,
            as_of,
            reason,
            (low, high),
            homes,
            year,
            short_forms,
            translations,
            weights=weights,
            typed_whole=self._typed_whole(searcher, parsed, counts),
            backed_off=backed_off,
        )

    def _absent(self, searcher: tantivy.Searcher, clause: Clause) -> bool:
        """Whether no post holds `clause` (a word's own token settles most: held as a word, a
        sub-word or in a title, it is present; else its clause is counted, remembered)."""
        term = clause.alternatives[0][0]
        if term.kind == WORD and any(
            self._doc_freq(searcher, name, term.text) for name in ("title_w", "body_w", "sub")
        ):
            return False
        return self._posts_holding(searcher, [(clause, False)])[0] == 0

    def back_off_names(self, searcher: tantivy.Searcher, word: str) -> list[str]:
        """The names a word no post writes is searched as (search/backoff.py): its spellings
        in the archive's words and names, else the words its bigrams spell, the few held
        most; remembered per state of the index."""

        def joined(gram: str) -> bool:
            return any(self._doc_freq(searcher, name, gram) for name in ("title_bi", "body_bi"))

        def learned(first: str) -> list[str]:
            defined = (full for fulls in self.abbreviations.counts.values() for full in fulls)
            return [n for n in chain(self.learned_terms, defined) if n.startswith(first)]

        def read() -> list[str]:
            found = spellings(word, self._vocabulary_counts, self._posts_with, joined, learned)
            if not found:
                found = parts(word, self.segmenter.is_known, self._posts_with)
            return chosen(found)

        return self._short_forms.get(self._state(searcher), ("back-off", word), read)

    def _doc_freq(self, searcher: tantivy.Searcher, field: str, token: str) -> int:
        """How many posts hold `token` in `field`: a term dictionary read per segment (5-20 µs
        at 100k posts), remembered per state of the index: a query of several names asks up
        to 170 (their aliases' bigrams in three fields), half of them twice, and a third of a
        query's are asked again by later ones (the bench's 60)."""
        return self._doc_freqs.get(
            self._state(searcher), (field, token), lambda: searcher.doc_freq(field, token)
        )

    # -- searching -------------------------------------------------------------------------

    def search(self, q: SearchQuery) -> SearchResult:
        """Run a query: never raises on user syntax; explains empty queries and pages past the
        end in `message`. Raises InvalidOption for parameters no surface may pass (a date that
        does not exist, an unknown kind, an offset beyond MAX_OFFSET).

        A query asked before in this state of the index (and on this day: date words count
        from today) is answered from the RESULTS_KEPT remembered: the same result, each call
        its own copy of it and its hits (the repost collapsing fills in a page's hits)."""
        q.check()
        searcher = self._searcher()
        if RESULTS_KEPT == 0:
            return self._search(q, searcher)
        asked = (dates.today(), *(tuple(v) if isinstance(v, list) else v for v in astuple(q)))
        found = self._results.get(self._state(searcher), asked, lambda: self._search(q, searcher))
        # shallow copies, as `dataclasses.replace` made, without calling __init__ again
        # (17 against 11 µs a hit, loaded): every search pays one for each of its hits
        answer = copy(found)
        answer.hits = [copy(hit) for hit in found.hits]
        return answer

    def weigh(self, exponents: Mapping[str, float]) -> None:
        """Rank with these exponents of the ranking's factors from now on (search/exponents.py;
        the learner scores its fitted ones so), forgetting the results ranked otherwise."""
        self.exponents = dict(exponents)
        self.forget_results()

    def explain(self, q: SearchQuery) -> list[list[Ranked]]:
        """Every candidate `search` ranked for the first `q.offset + q.limit` results, with the
        factors of its score, in the segments it was ordered within (the posts holding every
        concept together; those past the posts read, taken at their words; the partial
        matches): what the learner of exponents reorders (evaluation/learn_search.py)."""
        q.check()
        searcher = self._searcher()
        understood = self._understand(q, searcher)
        if understood.parsed.message() is not None:
            return []
        filters = self._filters(q, understood)
        segments = self._ranked(q, searcher, understood, filters, explaining=True)[1]
        return [
            [
                Ranked(
                    c.stored["key"],
                    c.stored["account"],
                    c.stored["id"],
                    c.stamp,
                    c.bm25,
                    c.factors,
                    c.features,
                )
                for c in segment
            ]
            for segment in segments
        ]

    def _search(self, q: SearchQuery, searcher: tantivy.Searcher) -> SearchResult:
        """`search` itself, in `searcher`."""
        understood = self._understand(q, searcher)
        parsed = understood.parsed
        message = parsed.message()
        if message is not None:  # still says how it was read: every surface shows `understood`
            return SearchResult(
                query=q.text, total=0, message=message, understood=understood.to_json()
            )
        filters = self._filters(q, understood)
        found = self._answer(q, searcher, understood, filters)
        relax = q.relax_dates and on("relaxed_dates")
        if found.total == 0 and relax and understood.days != (None, None):
            # nothing within the dates asked: the words stand as typed and the dates are
            # dropped, so the topic's posts of other periods come, marked (`relaxed`)
            relaxed = replace(
                understood, days=(None, None), programme_year=None, relaxed=understood.days
            )
            return self._answer(q, searcher, relaxed, self._filters(q, relaxed))
        if found.total == 0 and q.tags and not found.message:
            found.message = _untagged(searcher, q.tags)
        return found

    def _answer(
        self,
        q: SearchQuery,
        searcher: tantivy.Searcher,
        understood: Understanding,
        filters: list[tuple[Occur, Query]],
    ) -> SearchResult:
        """The page of results for the query as `understood`, within `filters`."""
        parsed = understood.parsed
        # the counting pass needs only whether the facets are approximate, known once the
        # tiers are ranked: the likely kind is started beside the ranking, on another core,
        # and the approximate kind again when the partial tier turns out to be searched
        ahead = Ahead(self, q, searcher, parsed, filters)
        ahead.guess()
        first, segments, counts, ranking = self._ranked(
            q, searcher, understood, filters, partial=ahead.partial
        )
        ranked = [candidate for segment in segments for candidate in segment]
        # the tiers split the posts matching the query and filters: when both were searched,
        # their counts add up to the total; else one pass counts them all, over that plain
        # conjunction (half the work of the two tiers' union, same posts), with the facets
        known = None if counts[-1] is None else sum(counts)
        approximate = bool(parsed.clauses) and known is not None and known > FACETS_EXACT_LIMIT
        # approximate: the tiers' counts are the total, not the posts the facets see
        if approximate in ahead.started:
            facets, counted_total = ahead.started[approximate].result()
        else:
            facets, counted_total = ahead.pass_of(approximate, first.matching)()
        total = known if approximate else counted_total
        page = self._with_bodies(searcher, ranked[q.offset : q.offset + q.limit])
        hits = [self._hit(candidate, ranking.highlighter) for candidate in page]
        self._count_duplicates(searcher, hits)
        past_end = f"page is past the last result ({total} results)" if total and not hits else None
        return SearchResult(
            query=q.text,
            total=total,
            all_words=first.count,
            all_words_exact=first.exact,
            hits=hits,
            facets=facets,
            facets_approximate=approximate and q.facets,
            message=past_end,
            understood=understood.to_json(),
        )

    def _counted(self, parsed: ParsedQuery, approximate: bool) -> Query:
        """The posts the counting pass counts: with many matches (`approximate`), those holding
        a query word (or its alias), without the verbatim-string matches whose positions make
        a pass over every match the costliest part of a search in a large archive; else every
        post the ranking matches."""
        if approximate:
            return self._some_words(parsed)
        return self._matched(parsed) if parsed.clauses else Query.all_query()

    def _count_pass(
        self,
        q: SearchQuery,
        searcher: tantivy.Searcher,
        counted: Query,
        filters: list[tuple[Occur, Query]],
        approximate: bool,
        at_least: int,
    ) -> tuple[dict[str, dict[str, int]], int]:
        """The facets (none unless `q.facets`) and the posts counted (0 when `approximate`:
        the tiers' counts are the total then), in one pass (`_facets`, `_count`; `at_least`
        posts are known to match). Runs in the pool's thread too (`Ahead`): it builds no
        query."""
        if q.facets:
            return self._facets(searcher, counted, filters, not approximate, at_least)
        # the total alone, from the tiers or a pass counting posts only
        return {}, 0 if approximate else self._count(searcher, counted, filters)

    def _ranked(
        self,
        q: SearchQuery,
        searcher: tantivy.Searcher,
        understood: Understanding,
        filters: list[tuple[Occur, Query]],
        explaining: bool = False,
        partial: Callable[[], None] | None = None,
    ) -> tuple[EveryConcept, list[list[Candidate]], list[int | None], Ranking]:
        """The first tier, the candidates for the first `q.offset + q.limit` results in the
        segments each is ordered within (`explain`, which has each candidate's features read
        when `explaining`), the tiers' counts (the partial tier's None when it was not
        searched) and the ranking used. `partial` is called when the first tier leaves the
        page short, before the partial tier is searched."""
        parsed = understood.parsed
        every = self._every_concept(parsed) if parsed.clauses else Query.all_query()
        need = max(q.offset + q.limit, 1)
        concepts = _concepts_of_terms(parsed)
        scoring: Query | None = None  # the ranking query, built once if a tier needs it
        if q.sort == "date":  # ordered by date, not scored: the tier is its posts alone
            first_tier = Query.boolean_query([(Occur.Must, every), *filters])
        else:
            first_tier = self._every_concept_ranked(searcher, parsed, every, filters)
        if first_tier is None:
            scoring = self._scoring(parsed)
            first_tier = Query.boolean_query([(Occur.Must, scoring), (Occur.Must, every), *filters])
        ranking = Ranking(searcher, q.sort == "date", Highlighter(parsed.terms), concepts)
        ranking.weights, ranking.intents = understood.weights, parsed.intents
        ranking.typed_whole, ranking.exponents = understood.typed_whole, self.exponents
        ranking.featured = explaining
        first = self._every_concept_tier(ranking, first_tier, need)
        # the posts whose passage was read, ordered; then those taken at their words
        segments = [first.together[: first.checked], first.together[first.checked :]]
        counts: list[int | None] = [first.matching]  # posts with every word, apart or not
        if need > len(first.together):  # then the partial matches, among them the posts that
            # hold every concept only scattered, each where its own score puts it
            if partial is not None:
                partial()
            want = need - len(first.together)
            if scoring is None:
                scoring = self._scoring(parsed)
            partial_tier = Query.boolean_query(
                [(Occur.Must, scoring), (Occur.MustNot, every), *filters]
            )
            found = ranking.fetch(partial_tier, _blocked(want + TIE_WINDOW), count=True)
            partial = self._candidates(ranking, found.hits, complete=False)
            segments.append(sorted(partial + first.apart, key=ranking.order))
            counts.append(found.count)
        else:  # counted by `_search`, from the facets' pass over both tiers
            counts.append(None)
        return first, segments, counts, ranking

    def _every_concept_tier(self, ranking: Ranking, query: Query, need: int) -> EveryConcept:
        """The posts matching every concept (`passages.concepts_together`), ranked, and those
        that hold every concept only scattered (`apart`, ranked with the partial matches).

        The posts with every word are read best first until `need` of them hold their concepts
        together or none is left; past PASSAGE_POSTS read, the rest are taken at their words
        (ranked after the checked ones) and the count is an upper bound."""
        out = EveryConcept()
        if not ranking.several:  # one concept: holding it is holding it together
            found = ranking.fetch(query, _blocked(need + TIE_WINDOW), count=True)
            out.together = self._candidates(ranking, found.hits, complete=True)
            out.count = out.matching = found.count or 0
            out.checked = len(out.together)
            return out
        # Every window read below, and the rest taken past them, is a prefix of one ranked
        # list (tantivy orders its top hits totally: by score or date, then by address), so
        # the query is evaluated over its matches once, not again for each wider window.
        window = min(_blocked(need + TIE_WINDOW), PASSAGE_POSTS)
        deepest = max(window, PASSAGE_POSTS) + _blocked(need + TIE_WINDOW)
        found = ranking.fetch(query, _blocked(deepest), count=True)
        ranked, matching, read = found.hits, found.count or 0, 0
        while True:
            fresh = ranked[read:window]
            first = read
            read += len(fresh)
            for candidate in self._candidates(ranking, fresh, complete=True, first=first):
                self._check_passage(ranking, candidate)
                (out.together if candidate.complete else out.apart).append(candidate)
            if len(out.together) >= need or read >= matching or read >= PASSAGE_POSTS:
                break
            window = min(window * 2, PASSAGE_POSTS)
        out.together.sort(key=ranking.order)
        out.checked = len(out.together)
        out.matching = matching
        out.count = len(out.together) + matching - read
        out.exact = read >= matching
        if len(out.together) < need and not out.exact:  # past the posts read: taken at their
            # words, after the ones whose passage was read
            rest = ranked[read : read + _blocked(need - len(out.together) + TIE_WINDOW)]
            out.together += self._candidates(ranking, rest, complete=True, first=read)
        return out

    def _check_passage(self, ranking: Ranking, candidate: Candidate) -> None:
        """Flag a post with every concept partial when its concepts stand apart: the title's
        and the whole body's matches are read (re-ranking saw only the body's start)."""
        if not on("passages"):
            return
        stored, body = candidate.stored or {}, candidate.body or ""
        if candidate.in_title is None:
            candidate.in_title = ranking.highlighter.matches(stored["title"])
        if candidate.in_body is None or len(body) > RERANK_SCAN_CHARS:
            # kept for the snippet: the page's hits are among the posts checked here
            candidate.in_body = ranking.highlighter.matches(body)
            candidate.whole = True
        candidate.complete = concepts_together(
            candidate.in_title, candidate.in_body, ranking.concepts
        )

    def matching_keys(self, q: SearchQuery) -> list[str]:
        """Every article key that matches every concept of the query (one of OR's alternatives
        where the user wrote OR; `passages.concepts_together`, as search's `all_words`) and the
        filters, newest first: unpaged, no snippets, for watchlists, which must see all
        matches however many there are. Never a back-off reading's posts nor other dates'
        (a watch keeps its words and its period)."""
        q.check()
        searcher = self._searcher()
        understood = self._understand(q, searcher)
        parsed = understood.parsed
        # a word no post writes matches no post: its back-off reading (车补 searched as
        # 车辆补贴) helps a reader find something, but a watch fires on its words only
        if parsed.message() is not None or understood.backed_off:
            return []
        every = self._every_concept(parsed) if parsed.clauses else Query.all_query()
        query = Query.boolean_query([(Occur.Must, every), *self._filters(q, understood)])
        # Collected up to the number of matches, not of documents, and read from the key and
        # ts columns; with several concepts each match's title and body are then read once, in
        # chunks, for the passage test.
        matches = searcher.search(query, 1, count=True).count
        if not matches:
            return []
        found = searcher.search(query, matches, count=False, order_by_field="key")
        stamps = searcher.fast_field_values("ts", [address for _, address in found.hits])
        dated = sorted(zip(stamps, found.hits, strict=True), key=lambda s: (-s[0], s[1][0]))
        concepts = _concepts_of_terms(parsed)
        if len(set(concepts.values())) < 2:
            return [key for _, (key, _) in dated]
        # several concepts: each post's title and body are read to find where they stand
        highlighter = Highlighter(parsed.terms)
        out = []
        for part in chunks(dated, WATCH_CHUNK):
            bodies = self.texts([key for _, (key, _) in part])
            for _, (key, address) in part:
                title = highlighter.matches(self._stored(searcher, address)["title"])
                body = highlighter.matches(bodies.get(key, ""))
                if concepts_together(title, body, concepts):
                    out.append(key)
        return out

    def _candidates(
        self,
        ranking: Ranking,
        hits: list[tuple[float, tantivy.DocAddress]],
        complete: bool,
        first: int = 0,
    ) -> list[Candidate]:
        """A tier's hits as candidates: reweighed by relevance, or by date when sorted so;
        `first` is the first hit's place in the tier's order (which block it is in)."""
        if not ranking.by_date:
            return self._reranked(ranking, hits, complete, first)
        stamps = ranking.searcher.fast_field_values("ts", [a for _, a in hits])
        out = []
        for n, ((_, address), stamp) in enumerate(zip(hits, stamps, strict=True), first):
            stored = self._stored(ranking.searcher, address)
            block = n // RERANK_BLOCK
            out.append(Candidate(0.0, address, complete, stored, stamp=stamp or 0, block=block))
        if ranking.several:  # the passage test reads their bodies: in one call
            bodies = self.texts([c.stored["key"] for c in out if c.stored])
            for candidate in out:
                candidate.body = bodies.get(candidate.stored["key"], "")
        return out

    def _reranked(
        self,
        ranking: Ranking,
        hits: list[tuple[float, tantivy.DocAddress]],
        complete: bool,
        first: int = 0,
    ) -> list[Candidate]:
        """The tier's candidates by BM25 reweighed for the post's kind, the query concepts in
        its title and their proximity in its body, each within its block (RERANK_BLOCK; `first`
        is the first hit's place in the tier); equal scores go to the more recent post."""
        if not hits:
            return []
        searcher, highlighter, concepts = ranking.searcher, ranking.highlighter, ranking.concepts
        weights, intents = ranking.weights, ranking.intents
        stamps = searcher.fast_field_values("ts", [a for _, a in hits])
        wanted = len(set(concepts.values()))
        mass = sum(weights) or 1.0
        every = [self._stored(searcher, address) for _, address in hits]
        # several concepts are weighed in the bodies, and every pair's features read them:
        # the tier's bodies in one read
        read = wanted > 1 or ranking.featured
        bodies = self.texts([stored["key"] for stored in every]) if read else {}
        out = []
        for n, ((score, address), stamp, stored) in enumerate(
            zip(hits, stamps, every, strict=True), first
        ):
            factors = kind_factors(stored["kind"], intents, stored.get("figures", 0.0))
            factors["brevity"] = brevity(stored.get("chars", 0))
            in_title = in_body = body = None  # one concept: nothing to weigh them for
            if read:
                body = bodies.get(stored["key"], "")
                in_title = highlighter.matches(stored["title"])
                in_body = highlighter.matches(body[:RERANK_SCAN_CHARS])
            if wanted > 1:
                if not complete:  # a partial match is worth the share of concepts it has
                    share = coverage(in_title + in_body, concepts, weights)
                    factors["partial"] = max(share, 0.5 * min(weights) / mass)
                factors["title"] = 1 + TITLE_CONCEPTS_BONUS * coverage(in_title, concepts, weights)
                factors["proximity"] = 1 + PROXIMITY_BONUS * _closeness(in_body, concepts, wanted)
            if ranking.typed_whole:
                factors["whole"] = 1 + TYPED_WHOLE_BONUS * _written_whole(
                    ranking.typed_whole, stored["title"], (body or "")[:RERANK_SCAN_CHARS]
                )
            reweighed = weighed(score, factors, ranking.exponents)
            features: dict[str, float] = {}
            if ranking.featured:
                features = pair_features(
                    kind=stored["kind"],
                    intents=intents,
                    figures=stored.get("figures", 0.0),
                    chars=stored.get("chars", 0),
                    title=stored["title"],
                    scan=(body or "")[:RERANK_SCAN_CHARS],
                    in_title=in_title or [],
                    in_body=in_body or [],
                    concepts=concepts,
                    weights=weights,
                    factors=factors,
                    bm25=score,
                    base=math.log(max(reweighed, 1e-30)),
                )
            out.append(
                Candidate(
                    reweighed,
                    address,
                    complete,
                    stored,
                    body,
                    in_title,
                    in_body,
                    stamp=stamp or 0,
                    bm25=score,
                    factors=factors,
                    features=features,
                    block=n // RERANK_BLOCK,
                )
            )
        out.sort(key=ranking.order)
        return out

    def _concept_weights(self, searcher: tantivy.Searcher, parsed: ParsedQuery) -> list[float]:
        """Each concept's inverse document frequency in this archive: a partial match is worth
        the share of the query's information it holds, so a post with the rare 餐饮店 outranks
        one with the common 需要 and 办, whatever the count of concepts each has."""
        # an English word no glossary translates is rare among Chinese posts but may be
        # common among English ones: its rarity is measured where it can occur
        chinese = [
            any(not t.text.isascii() or t.aliases for alt in clause.alternatives for t in alt)
            for clause in parsed.clauses
        ]
        wanted = [(None, True), *((c, not z) for c, z in zip(parsed.clauses, chinese, strict=True))]
        english, *found = self._posts_holding(searcher, wanted)
        posts = {True: searcher.num_docs, False: english}
        return [
            math.log(1 + (posts[z] - n + 0.5) / (n + 0.5))
            for n, z in zip(found, chinese, strict=True)
        ]

    def _posts_holding(
        self, searcher: tantivy.Searcher, wanted: list[tuple[Clause | None, bool]]
    ) -> list[int]:
        """How many posts hold each clause (among the English posts only when its flag is set;
        None: how many English posts there are), remembered per state of the index: a
        multi-word query counted each of its concepts over the whole archive on every search
        (up to 5 ms of a search at 100k posts), yet the counts change only when the index
        does."""
        state = self._state(searcher)
        english_posts = Query.term_query(self.schema, "lang", "en")

        def count(clause: Clause | None, english: bool) -> int:
            if clause is None:
                query = english_posts
            else:
                query = self._clause_query(clause, self._word_query)
                if english:
                    query = self._all([query, english_posts])
            return searcher.search(query, 1, count=True).count

        # the clause's terms with their aliases, and the homes in the state, make its query
        return [
            self._clause_counts.get(
                state,
                (None if clause is None else tuple(map(tuple, clause.alternatives)), english),
                lambda clause=clause, english=english: count(clause, english),
            )
            for clause, english in wanted
        ]

    def _with_bodies(self, searcher: tantivy.Searcher, page: list[Candidate]) -> list[Candidate]:
        """The page's candidates with their stored documents and bodies: those re-ranking did
        not read are read now, in one call of the text reader."""
        for candidate in page:
            if candidate.stored is None:
                candidate.stored = self._stored(searcher, candidate.address)
        missing = [c for c in page if c.body is None]
        bodies = self.texts([c.stored["key"] for c in missing]) if missing else {}
        for candidate in missing:
            candidate.body = bodies.get(candidate.stored["key"], "")
        return page

    def _hit(self, found: Candidate, highlighter: Highlighter) -> Hit:
        stored, body = found.stored, found.body or ""
        terms = highlighter.terms
        in_title = found.in_title
        if in_title is None:
            in_title = highlighter.matches(stored["title"])
        in_body = found.in_body
        if in_body is None or (len(body) > RERANK_SCAN_CHARS and not found.whole):
            in_body = highlighter.matches(body)
        why: dict[str, list[str]] = {}
        for m in in_title + in_body:
            term = terms[m.term]
            if term.kind == WORD and m.surface.casefold() != term.text.casefold():
                why.setdefault(term.text, [])
                if m.surface not in why[term.text]:
                    why[term.text].append(m.surface)
        matched = {m.term for m in in_title + in_body}
        passage = snippet(body, in_body)
        return Hit(
            key=stored["key"],
            id=stored["id"],
            title=stored["title"],
            account=stored["account"],
            published=stored["published"],
            kind=stored["kind"],
            score=round(tied(found.score), 4),
            snippet=passage.text,
            highlights=passage.highlights,
            matched=[t.text for i, t in enumerate(terms) if i in matched],
            why=why,
            title_highlights=[(m.start, m.end) for m in in_title],
            lang=stored["lang"],
            tags=stored["tags"],
            deadline=stored["deadline"],
            all_words=found.complete,
        )

    def _count_duplicates(self, searcher: tantivy.Searcher, hits: list[Hit]) -> None:
        """Each hit's count of posts marked duplicates of it: counted first (most pages have
        none), then read from the `dup_of` column. The keys are asked one term query each: a
        term set query walked the column's terms, 0.2 ms a search at 100k posts (an
        aggregation over it 0.3 ms), twenty term queries 0.02 ms."""
        if not hits:
            return
        keys = self._one_of("dup_of", [h.key for h in hits])
        marked = searcher.search(keys, 1, count=True).count
        if not marked:
            return
        found = searcher.search(keys, marked, count=False, order_by_field="dup_of").hits
        counts = Counter(original for original, _ in found)
        for hit in hits:
            hit.duplicates = counts[hit.key]

    def _count(
        self, searcher: tantivy.Searcher, counted: Query, filters: list[tuple[Occur, Query]]
    ) -> int:
        """How many posts match `counted` and the filters (every post has a `ts` value)."""
        query = Query.boolean_query([(Occur.Must, counted), *filters])
        result = searcher.aggregate(query, {_MATCHED: {"value_count": {"field": "ts"}}})
        return int(result[_MATCHED]["value"])

    def _concept_posts(self, searcher: tantivy.Searcher, parsed: ParsedQuery) -> list[int]:
        """How many posts hold each concept of a query of several, among all posts (remembered;
        the concept weights counted an English-only concept among the English posts only, so
        that one is counted once more per state of the index); none for one concept."""
        if len(parsed.clauses) < 2:
            return []
        return self._posts_holding(searcher, [(clause, False) for clause in parsed.clauses])

    def _facets(
        self,
        searcher: tantivy.Searcher,
        counted: Query,
        filters: list[tuple[Occur, Query]],
        count: bool,
        at_least: int,
    ) -> tuple[dict[str, dict[str, int]], int]:
        """Counts by account, kind, month and tag of the posts matching `counted` and the
        filters, and how many match, in one pass; 0 for the latter unless `count` (a tenth to a
        fifth of the pass over a large match). With no filter but the duplicates', a query
        known to match most of the archive (`at_least` posts: those holding every concept, or
        more holding one of them) is counted by complement: every post's counts (remembered
        per state of the index) less those of the posts it does not match. Same counts, same
        order either way. Runs in the pool's thread too (`Ahead`): it builds no
        query."""
        every = None
        # the first filter always leaves out the duplicates (`_filters`)
        if len(filters) == 1 and at_least >= COMPLEMENT_SHARE * searcher.num_docs:
            every = self._every_post_counts(searcher, filters)
        if every is None:
            query = Query.boolean_query([(Occur.Must, counted), *filters])
            spec = _facet_spec(FACET_VALUES, count)
            return _facet_counts(searcher.aggregate(query, spec), count)
        rest = Query.boolean_query(
            [(Occur.Must, Query.all_query()), (Occur.MustNot, counted), *filters]
        )
        others = searcher.aggregate(rest, _facet_spec(FACET_VALUES_READ, True))
        facets: dict[str, dict[str, int]] = {}
        for name in _FACETS:
            less = {b["key"]: b["doc_count"] for b in others[name]["buckets"]}
            left = [(value, n - less.get(value, 0)) for value, n in every[name].items()]
            # tantivy's order: the most posts first, then by value; its cut, then "" dropped
            kept = sorted((item for item in left if item[1] > 0), key=lambda i: (-i[1], i[0]))
            facets[name] = {value: n for value, n in kept[:FACET_VALUES] if value != ""}
        total = every[_MATCHED]["value"] - others[_MATCHED]["value"]
        return facets, int(total) if count else 0

    def _every_post_counts(
        self, searcher: tantivy.Searcher, filters: list[tuple[Occur, Query]]
    ) -> dict[str, Any] | None:
        """Every value's count in each facet over all posts but the duplicates (`filters`),
        and their number, remembered per state of the index (a pass over every post, 4 ms at
        100k); None when a facet has more values than are read."""
        state = (*self._state(searcher), searcher.num_segments)

        def read() -> dict[str, Any] | None:
            query = Query.boolean_query([(Occur.Must, Query.all_query()), *filters])
            result = searcher.aggregate(query, _facet_spec(FACET_VALUES_READ, True))
            if any(result[name]["sum_other_doc_count"] for name in _FACETS):
                return None
            counts: dict[str, Any] = {
                name: {b["key"]: b["doc_count"] for b in result[name]["buckets"]}
                for name in _FACETS
            }
            return {**counts, _MATCHED: result[_MATCHED]}

        return self._every_post.get(state, "every post", read)


class Ahead:
    """The counting passes of one search started beside its ranking (search/aside.py), by
    the kind of facets each counts (approximate or exact). Which kind the search needs is
    known once its tiers are counted; a pass of the wrong kind costs its CPU, never a result:
    `_search` then counts the right kind itself."""

    def __init__(
        self,
        index: SearchIndex,
        q: SearchQuery,
        searcher: tantivy.Searcher,
        parsed: ParsedQuery,
        filters: list[tuple[Occur, Query]],
    ) -> None:
        self.index, self.q, self.searcher = index, q, searcher
        self.parsed, self.filters = parsed, filters
        self.held = index._concept_posts(searcher, parsed)  # each concept's posts (remembered)
        self.started: dict[bool, Future[tuple[dict[str, dict[str, int]], int]]] = {}

    def guess(self) -> None:
        """Start the kind likely before the tiers: approximate when several concepts, the
        rarest held by fewer posts than a page shows (so the partial tier is searched), the
        commonest by more than FACETS_EXACT_LIMIT; else exact."""
        need = max(self.q.offset + self.q.limit, 1)
        held = self.held
        self._start(bool(held) and min(held) < need and max(held) > FACETS_EXACT_LIMIT)

    def partial(self) -> None:
        """The first tier left the page short: the tiers' counts then hold at least the posts
        of the commonest concept, so past FACETS_EXACT_LIMIT of them the facets are
        approximate; started now, beside the partial tier, unless it was already, and an
        exact pass the guess started is cancelled (its counts would go unused)."""
        if self.held and max(self.held) > FACETS_EXACT_LIMIT:
            self._start(True)
            exact = self.started.pop(False, None)
            if exact is not None:
                exact.cancel()

    def _start(self, approximate: bool) -> None:
        """Start the pass of that kind (nothing to count: approximate without facets, whose
        total is the tiers' counts; nothing built when the pool has no threads)."""
        if not runs_aside() or approximate in self.started or (approximate and not self.q.facets):
            return
        future = aside(self.pass_of(approximate))
        if future is not None:
            self.started[approximate] = future

    def pass_of(
        self, approximate: bool, matching: int = 0
    ) -> Callable[[], tuple[dict[str, dict[str, int]], int]]:
        """The counting pass of that kind, to run here or aside; `matching`: the posts known
        to match already (the first tier's count, once ranked), a floor for its total."""
        index, q, searcher, filters = self.index, self.q, self.searcher, self.filters
        # built here, not in the pool's thread: the queries' caches are this thread's
        counted = index._counted(self.parsed, approximate)
        at_least = max([matching, *self.held])
        return lambda: index._count_pass(q, searcher, counted, filters, approximate, at_least)


@dataclass
class Candidate:
    """A post found for a query, with its reweighed score and the matches computed for it."""

    score: float
    address: tantivy.DocAddress
    complete: bool  # matches every concept of the query
    stored: dict | None = None
    body: str | None = None  # read from the text reader when needed (search/texts.py)
    in_title: list[Match] | None = None
    in_body: list[Match] | None = None  # of the body's first RERANK_SCAN_CHARS, unless whole
    whole: bool = False  # in_body holds the matches of the whole body (the passage test's)
    stamp: int = 0  # the publish minute (dates.minute_stamp): ties and date order go by it
    bm25: float = 0.0  # the tier query's score, before reweighing
    block: int = 0  # which RERANK_BLOCK of its tier's hits it came in: it is reweighed within it
    factors: dict[str, float] = field(default_factory=dict)  # what reweighed it (exponents.py)
    # the pair's features (search/pair_features.py), read when `explain` asks for them
    features: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class Ranked:
    """A candidate as `SearchIndex.explain` shows it: which post, its publish minute (ties go
    to the newer), the tier query's score and the factors that reweighed it."""

    key: str
    account: str
    id: str
    stamp: int
    bm25: float
    factors: dict[str, float]
    features: dict[str, float] = field(default_factory=dict)  # search/pair_features.py


@dataclass
class EveryConcept:
    """The first tier of a search: the posts matching every concept, ranked, the posts that
    hold every concept only apart, and how many match every concept (exactly, or at most)."""

    together: list[Candidate] = field(default_factory=list)
    apart: list[Candidate] = field(default_factory=list)
    count: int = 0
    exact: bool = True
    matching: int = 0  # posts holding every concept somewhere, together or apart
    checked: int = 0  # of `together`, the first ones, whose passage was read (the rest follow)


@dataclass
class Ranking:
    """What ranking one query's candidates needs: the searcher, the order (relevance or
    date), the highlighter, each term's concept and each concept's weight, the intents."""

    searcher: tantivy.Searcher
    by_date: bool
    highlighter: Highlighter
    concepts: dict[int, int]  # index of a term in the parsed query -> its concept (clause)
    weights: list[float] = field(default_factory=list)
    intents: set[str] = field(default_factory=set)
    typed_whole: list[str] = field(default_factory=list)  # SearchIndex._typed_whole
    exponents: Mapping[str, float] = field(default_factory=dict)  # search/exponents.py
    featured: bool = False  # each candidate's pair features are read (`explain`)

    @property
    def several(self) -> bool:
        """More than one concept: where they stand in a post matters."""
        return len(set(self.concepts.values())) > 1

    def fetch(self, query: Query, limit: int, count: bool = False) -> Any:
        """The best `limit` posts for `query`, newest first when sorting by date."""
        if self.by_date:
            return self.searcher.search(query, limit, count=count, order_by_field="ts")
        return self.searcher.search(query, limit, count=count)

    def order(self, candidate: Candidate) -> tuple:
        """Sort key: its block of the tier's hits (RERANK_BLOCK), then the higher score (or
        the newer post by date), then the newer post, then by key: however the index was built
        (in batches, rebuilt, caught up) and however deep the page, one query ranks the same."""
        first = -candidate.stamp if self.by_date else -tied(candidate.score)
        key = (candidate.stored or {}).get("key", "")
        return (candidate.block, first, -candidate.stamp, key)


@dataclass
class Understanding:
    """What the query was taken to ask: its clauses, the day it counts from, the dates."""

    parsed: ParsedQuery
    as_of: date
    as_of_reason: str  # dates.AS_OF_*: asked for, today, or the archive's newest post
    days: tuple[str | None, str | None]  # the publish-date range searched (filters and words)
    homes: dict[str, list[str]]  # a region word -> the accounts at home in it (search/homes.py)
    # the year the query's date words name, also read as a programme's (periods.programme_year)
    programme_year: int | None = None
    # a rare short form typed -> the full name the archive writes, searched too (shortforms.py)
    short_forms: dict[str, list[str]] = field(default_factory=dict)
    # an English word no glossary entry names -> the Chinese words searched too (translations.py)
    translations: dict[str, list[str]] = field(default_factory=dict)
    # each concept's weight in the archive (SearchIndex._concept_weights); none for one concept
    weights: list[float] = field(default_factory=list)
    # the names typed whole a post writing them whole is ranked up for (SearchIndex._typed_whole)
    typed_whole: list[str] = field(default_factory=list)
    # a word no post holds -> the names it was searched as instead (search/backoff.py); none:
    # the other words' posts come as partial matches
    backed_off: dict[str, list[str]] = field(default_factory=dict)
    # the date range (from, to) a search that found nothing within it was run again without
    relaxed: tuple[str | None, str | None] | None = None

    @property
    def procedure(self) -> str | None:
        """The verb a call, registration or consultation stands for (`_procedure_clause`)."""
        if self.parsed.by_kind is None:
            return None
        return self.parsed.clauses[self.parsed.by_kind].alternatives[0][0].text

    @property
    def title_stands_for(self) -> list[str]:
        """The common words a title naming the rest of the query stands for (`_common_clauses`)."""
        clauses = self.parsed.clauses
        return [t.text for n in self.parsed.by_title for t in clauses[n].alternatives[0]]

    def to_json(self) -> dict:
        dates = self.parsed.dates
        return {
            "as_of": self.as_of.isoformat(),
            "as_of_reason": self.as_of_reason,
            "from": self.days[0],
            "to": self.days[1],
            "date_words": list(dates.words) if dates else [],
            "programme_year": self.programme_year,
            "intents": sorted(self.parsed.intents),
            "intent_labels": [INTENT_LABELS[i] for i in sorted(self.parsed.intents)],
            "homes": self.homes,
            "short_forms": self.short_forms,
            "translations": self.translations,
            "procedure": self.procedure,
            "title_stands_for": self.title_stands_for,
            "typed_whole": self.typed_whole,
            "backed_off": self.backed_off,
            "relaxed_dates": (
                {"from": self.relaxed[0], "to": self.relaxed[1]} if self.relaxed else None
            ),
            "simplified": self.parsed.simplified,
            "intent_words": list(dict.fromkeys(self.parsed.intent_only)),
            "concepts": len(self.parsed.clauses),
        }


def tied(score: float) -> float:
    """A score to TIE_DIGITS significant digits: reweighing scales BM25's rounding noise, so
    two copies of one text must compare (and show) equal, and go by recency. The one rounding
    of ties, the search's and the learner's of exponents (evaluation/learn_search.py)."""
    return float(f"{score:.{TIE_DIGITS}g}")


def _names(term: Term) -> list[str]:
    """The strings a term is written as: a word's own text and its aliases' (related words
    too); a phrase or an identifier only as itself."""
    return [term.text, *(n for n, _ in term.aliases)] if term.kind == WORD else [term.text]


def _substring_parts(text: str) -> list[tuple[str, list[str], float]]:
    """Where a query string is found verbatim: its character bigrams in a row in the title
    (boosted), the body or a bracketed name spelt without its brackets; (field, tokens, boost)."""
    grams = bigrams(text)
    return [("title_bi", grams, TITLE_BOOST), ("body_bi", grams, 1.0), ("alt_bi", grams, 1.0)]


def _facet_spec(values: int, count: bool) -> dict[str, Any]:
    """The aggregation counting each facet's `values` most frequent values, and the posts
    counted when `count`."""
    spec: dict[str, Any] = {
        name: {"terms": {"field": field, "size": values}} for name, field in _FACETS.items()
    }
    if count:
        spec[_MATCHED] = {"value_count": {"field": "ts"}}  # every post has a ts (0: unknown)
    return spec


def _facet_counts(result: dict[str, Any], count: bool) -> tuple[dict[str, dict[str, int]], int]:
    """The facets of an aggregation by `_facet_spec` (the unknown value "" left out) and the
    posts it counted (0 unless `count`)."""
    facets = {
        name: {b["key"]: b["doc_count"] for b in result[name]["buckets"] if b["key"] != ""}
        for name in _FACETS
    }
    return facets, int(result[_MATCHED]["value"]) if count else 0


def _concepts_of_terms(parsed: ParsedQuery) -> dict[int, int]:
    """Index of each term in `parsed.terms` -> the concept (clause) it belongs to."""
    position = {(t.kind, t.text): i for i, t in enumerate(parsed.terms)}
    out: dict[int, int] = {}
    for n, clause in enumerate(parsed.clauses):
        for alternative in clause.alternatives:
            for term in alternative:
                out.setdefault(position[(term.kind, term.text)], n)
    return out


def _closeness(matches: list[Match], concepts: dict[int, int], wanted: int) -> float:
    """1 when every concept stands side by side in the text, falling towards 0 as the shortest
    passage holding all of them grows (0 when some concept is missing)."""
    best = shortest_span(matches, concepts, wanted)
    if best is None:
        return 0.0
    return 1 / (1 + best / PROXIMITY_SCALE)


def _common(count: int, searcher: tantivy.Searcher) -> bool:
    """Whether a word `count` posts hold is common: held by COMMON_SHARE of the archive's posts
    or more (成为, 政策, 企业 are in a fifth to a half of them), so it says little of what a
    post holding it is about. Never, when COMMON_SHARE is 0 (the rules reading it are off)."""
    return COMMON_SHARE > 0 and searcher.num_docs > 0 and count >= COMMON_SHARE * searcher.num_docs


def _blocked(hits: int) -> int:
    """`hits` rounded up to whole blocks of RERANK_BLOCK: how many a tier fetches, so that
    every block it reweighs is whole, however deep the page."""
    return -(-hits // RERANK_BLOCK) * RERANK_BLOCK


def _written_whole(units: list[str], title: str, body: str) -> float:
    """The share of `units` (names typed whole, cut into words by the segmenter) that the
    title or the body's start writes whole. The units are normalized Chinese, so the raw text
    answers as its normalized form would, unless it writes a character folding into Chinese
    (`may_fold_to_cjk`): only then is it normalized (this runs for every re-ranked post)."""
    written = sum(unit in title or unit in body for unit in units)
    if written < len(units) and (may_fold_to_cjk(title) or may_fold_to_cjk(body)):
        text = f"{normalize(title)}\n{normalize(body)}"
        written = sum(unit in text for unit in units)
    return written / len(units)


def _untagged(searcher: tantivy.Searcher, tags: Sequence[str]) -> str | None:
    """What to say when a tag filter matched nothing because no post carries the tag (a
    mistyped or unknown tag would read as "no results" for the words)."""
    unknown = [tag for tag in tags if searcher.doc_freq("tag", tag) == 0]
    if not unknown:
        return None
    return (
        f"没有文章带有标签 {'、'.join(unknown)}：标签是文章所属的行业和区县，"
        "可选的标签见搜索结果的标签筛选。"
    )
