"""Every setting a user or an evaluation may change, declared once: name, environment variable,
default and help, like datasette's SETTINGS table.

A module reads its setting here (tuning constants once, at import; places that may change
between calls in one process, such as the database path, when they are used). `wxintel
settings` lists them with their current values, and tests/test_docs.py checks the README
names every one. Domain knowledge (word lists, lexicons) is data in wxintel/data, not here.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

Value = str | int | float | None


@dataclass(frozen=True)
class Setting:
    """One setting; its environment variable is WXINTEL_ and its name in capitals."""

    name: str
    default: Value
    help: str
    # The least value that means something (a timeout above 0, one attempt, one worker): a
    # value below it is taken as mistyped and the default kept, as a word where a number goes.
    minimum: float | None = None

    @property
    def env(self) -> str:
        return "WXINTEL_" + self.name.upper()

    def current(self) -> Value:
        """The environment's value read as the default's type; the default when it is unset,
        does not read as that type or is below the setting's minimum (a mistyped number never
        stops a server; WXINTEL_POLL_TIMEOUT_SECONDS=-1 was a traceback from every poll)."""
        raw = os.environ.get(self.env, "").strip()
        if not raw:
            return self.default
        if isinstance(self.default, bool) or not isinstance(self.default, int | float):
            return raw
        try:
            read = type(self.default)(raw)
        except ValueError:
            return self.default
        if self.minimum is not None and not read >= self.minimum:  # NaN is not >= either
            return self.default
        return read


SETTINGS: tuple[Setting, ...] = (
    # Where things are.
    Setting("db", "wxintel.db", "SQLite file or postgresql:// URL of the store (--db wins)"),
    Setting(
        "index_dir",
        None,
        "Search index directory of a PostgreSQL store (--index wins; default"
        " ./wxintel-index/<dbname>, or <dbname>.<schema> for a schema other than public;"
        " a SQLite store's index sits beside its file)",
    ),
    Setting("admin_token", None, "Bearer token that allows writes on `wxintel serve`"),
    Setting(
        "pg_dir",
        "/tmp/wxintel-pg",
        "Directory of the throwaway PostgreSQL test server scripts/postgres.sh keeps; its DSN"
        " is <dir>/dsn, where the tests and bench/reprocess.py read it",
    ),
    # Serving.
    Setting(
        "store_threads",
        0,
        "Store threads of the web server; reads run on them at once (0: one per core, up to 4)",
    ),
    Setting("max_upload_mb", 64, "Largest file `POST /api/ingest` accepts, in MiB (413 beyond it)"),
    Setting(
        "index_wait_seconds",
        20.0,
        "How long a search index write waits for another writer before it is put off"
        " (the index then catches up on the next search)",
    ),
    # Search ranking: BM25 weights of each part of a query (measured with `wxintel eval search`).
    Setting("search_title_boost", 3.0, "Weight of a match in the title against the body"),
    Setting("search_subword_boost", 0.4, "Weight of the parts of a long word"),
    Setting("search_alias_boost", 0.6, "Weight of an alias of a query word (市经信委 → 上海市经…)"),
    Setting("search_related_boost", 0.4, "Weight of a related term of a query word"),
    Setting(
        "search_ident_boost", 5.0, "Weight of an identifier (文号, phone, e-mail) matched whole"
    ),
    Setting("search_all_words_bonus", 2.0, "Score factor of articles with every query word"),
    Setting("search_substring_boost", 0.2, "Weight of a query string found verbatim (bigrams)"),
    Setting(
        "search_home_score",
        1.0,
        "Score a post gets for a region word of the query (天津) when it does not write it but its"
        " account is at home there (about what naming the place once in the body gives)",
    ),
    Setting(
        "search_bigram_weight",
        1.0,
        "Weight of plain BM25 over the query's character bigrams, added to every score: the"
        " fallback for words the segmenter splits or the lexicon does not know",
    ),
    Setting(
        "search_short_form_rare_share",
        0.01,
        "Share of posts up to which a query word of 2-4 characters is rare enough to be read"
        " also as the short form of a full name the archive writes (技改: 技术改造); 0: never",
    ),
    Setting("snippet_chars", 160, "Characters of the passage shown for each search hit"),
    Setting(
        "search_facets_exact_limit",
        5000,
        "Matches up to which facets are counted exactly; beyond, among the posts holding a"
        " query word (lower bounds, marked approximate, shown as 约)",
    ),
    Setting(
        "search_aside_threads",
        2,
        "Threads per process that run a search's facet pass beside its ranking (tantivy"
        " releases the GIL: a second core shortens a search); 0: in the search's own thread",
        minimum=0,
    ),
    Setting(
        "search_results_kept",
        128,
        "Search results each store thread remembers while the index is unchanged, for a query"
        " asked again (the same page, filters and day; about 57 kB each at 100k posts); 0: none",
        minimum=0,
    ),
    Setting(
        "search_reposts_shown",
        20,
        "Reposts a search hit lists (reposts_total counts them all)",
    ),
    Setting(
        "cluster_read_limit",
        100,
        "Posts of a repost cluster read when a list meets it; a larger cluster (the link stage"
        " can chain thousands) is read in part, and its counts are lower bounds",
    ),
    # Delivery.
    Setting("webhook_timeout_seconds", 5.0, "Timeout of one webhook POST", minimum=0.1),
    Setting(
        "webhook_attempts", 4, "Tries of a webhook POST (back-off 0.5 s, 1 s, 2 s …)", minimum=1
    ),
    # Polling subscribed sources (wxintel poll, serve --poll).
    Setting(
        "poll_tick", 60, "Seconds between the server's looks at which sources are due", minimum=1
    ),
    Setting(
        "poll_timeout_seconds",
        20.0,
        "Timeout of one feed or page request (--timeout)",
        minimum=0.1,
    ),
    Setting(
        "poll_host_delay", 1.0, "Seconds between two requests to one host (--delay)", minimum=0
    ),
    Setting(
        "poll_max_bytes", 16 * 1024 * 1024, "A feed or article page larger is refused", minimum=1
    ),
    Setting(
        "poll_max_pages",
        30,
        "Article pages fetched per source and poll; the rest wait",
        minimum=0,
    ),
    Setting("poll_workers", 8, "Hosts polled side by side", minimum=1),
    Setting("poll_max_backoff_seconds", 86400, "Longest wait before retrying a failing source"),
    Setting(
        "quiet_factor",
        3.0,
        "A source is quiet when its newest post is older than this many times its long gap"
        " (90th percentile between its posts)",
    ),
    # Asking (wxintel ask, /api/ask, MCP's ask).
    Setting(
        "llm_url",
        None,
        "OpenAI-compatible chat endpoint that writes answers from retrieved passages (--llm"
        " wins; unset: extractive answers only, nothing leaves the machine)",
    ),
    Setting("llm_model", "default", "Model name sent to the chat endpoint"),
    Setting("llm_timeout_seconds", 30.0, "Timeout of one chat request (then extractive)"),
    Setting("ask_llm_passages", 8, "Passages the chat model is given to cite from"),
    # How an answer is found (measured with `wxintel eval ask`).
    Setting("ask_posts", 12, "Posts read per question (the best search hits for it)"),
    Setting(
        "ask_min_coverage",
        0.6,
        "Share of the question's weighted words a sentence and its title must hold to answer;"
        " below it the question is refused",
    ),
    Setting(
        "ask_min_fact_coverage",
        0.5,
        "The same share for a sentence holding the deadline stored for its post",
    ),
    Setting(
        "ask_decision",
        "rules",
        "Which candidate answers and when to refuse: the hand-set rules (the evidence bar and"
        " rival share below); learned, the model of data/ask_decision.txt; rules+learned, the"
        " rules, and the model where they refuse",
    ),
    Setting(
        "ask_rival_share",
        0.9,
        "Another post's answer scoring within this share of the best is shown beside it",
    ),
    # Extraction (measured with `wxintel eval extract`; `wxintel reprocess` applies a change to
    # stored posts, and every reprocess worker must see the same values).
    Setting(
        "deadline_max_days_ahead",
        731,
        "A stated deadline further after publication than this is a policy horizon, not a date"
        " to apply by",
    ),
    Setting(
        "event_past_days",
        183,
        "A year-less event date up to this many days before publication is taken as past",
    ),
    Setting("tags_per_post", 6, "Most topic tags (industries, districts) of one post"),
    Setting(
        "audience_min_mentions",
        3,
        "A post addresses individuals (学生, 居民 …) or governments (主管部门, 试点城市 …) only"
        " when it names them at least this often",
    ),
    Setting(
        "audience_dominance",
        3,
        "… and this many times as often as organisations (企业, 单位 …): then a firm is"
        " ineligible for it",
    ),
    # Ingest.
    Setting(
        "batch_size",
        500,
        "Records per ingest transaction: a crash loses at most one batch's progress",
    ),
    Setting(
        "reprocess_part_size",
        2000,
        "Posts per partition (an id range) that `wxintel reprocess` hands one worker",
    ),
    Setting(
        "pool_min_batch",
        200,
        "Articles below which ingest enriches in-process (starting workers costs more)",
    ),
    Setting(
        "change_log_generations",
        1000,
        "Ingest batches the store's change log keeps; a search index further behind rebuilds",
    ),
    # Search re-ranking: how candidates with several concepts are reweighed (measured with
    # `wxintel eval search`).
    Setting(
        "search_title_concepts_bonus",
        0.5,
        "Score factor 1 + this x the share of the query's concepts found in the title",
    ),
    Setting(
        "search_proximity_bonus",
        0.5,
        "Score factor 1 + this x how close together the query's concepts stand in the body",
    ),
    Setting(
        "search_typed_whole_bonus",
        0.3,
        "Score factor 1 + this x the share of names typed whole (服务贸易, cut 服务 · 贸易) that a"
        " post's title or body start writes whole",
    ),
    Setting(
        "search_proximity_chars",
        40,
        "Characters within which all the concepts of a query count as half close",
    ),
    Setting(
        "search_passage_chars",
        200,
        "Characters of body within which the concepts a title lacks must all stand for a post to"
        " match every concept (else it only mentions them: ranked among the partial matches)",
    ),
    # search_common_share: fitted on set 8 (成为 of 怎么 成为 高新技术企业 is in 0.20 of the posts).
    # Swept on the sets not fitted to it (search_dev1-7 and 9, 304 queries; search11 at 42b43d7,
    # mean nDCG@10 of the eight sets): 0 (the rule off) 0.8876, 0.1 0.8856, 0.15 0.8875,
    # 0.2 0.8878, 0.25 0.8878, 0.3 and 0.35 0.8880, 0.4 0.8877, 0.5 0.8876. A plateau from 0.15
    # to 0.35 where set 9, written after the rule, gains +0.004 over off (消费 补贴 政策,
    # 技术改造 支持政策); 0.2 sits inside it, and the 0.0002 of 0.3 is no reason to move.
    Setting(
        "search_common_share",
        0.2,
        "Share of the archive's posts above which a query word is common (成为, 政策, 企业): a"
        " post whose title holds every rarer word of the query counts as holding it (0: never)",
    ),
    Setting(
        "search_passage_posts",
        200,
        "Posts holding every concept read per search to check their passage: past them the"
        " all_words count is an upper bound (all_words_exact is false)",
    ),
    Setting(
        "search_rerank_chars",
        3000,
        "Characters of a body read when reweighing (the passage that says what a post is about)",
    ),
    Setting(
        "search_figures_share",
        0.05,
        "Share of digits above which a post reads as statistics (ranked lower for 措施/政策)",
    ),
    Setting("search_figures_weight", 0.75, "Score factor of a statistics post for 措施/政策"),
    Setting(
        "search_off",
        "",
        "Search mechanisms switched off, comma-separated (search/switches.py names them): what"
        " bench/ablation.py measures one at a time; empty: all on",
    ),
    # Linking posts (measured with `wxintel eval reposts` and `wxintel eval threads`).
    Setting(
        "repost_min_containment",
        0.8,
        "Share of the shorter post's text marks the longer must hold for a repost",
    ),
    Setting(
        "repost_same_text",
        0.9,
        "Share of the longer post covered too, above which a repost is unedited (else edited)",
    ),
    Setting(
        "thread_name_similar",
        0.5,
        "Dice similarity (character bigrams) of two programme names for one call thread",
    ),
    Setting(
        "thread_cited_similar",
        0.2,
        "The same, when both posts cite one document number of one year; and the least a "
        "notice's name must share with a round whose title it cites to join it",
    ),
    # Briefs (measured with `wxintel eval brief`).
    Setting("brief_max_days", 31, "Longest period a brief covers (it reads the one before too)"),
    Setting("brief_section_limit", 10, "Most items of a generic brief section in a week"),
    Setting(
        "brief_item_limit",
        20,
        "Most items a brief lists, its sections together: the best by rank on every surface",
    ),
    Setting(
        "brief_generic_floor",
        0.0,
        "Lowest score a post needs to be listed in a generic brief (cues against it count below 0)",
    ),
    Setting(
        "brief_busy_floor_step",
        0.6,
        "How much a generic brief's catch-all floor rises per doubling of an account's usual "
        "weekly posts above seven",
    ),
    Setting(
        "brief_importance_weight",
        1.0,
        "How much generic importance adds to the pick score learned from an account's digests",
    ),
    Setting(
        "brief_recall_goal",
        0.85,
        "Share of the editors' items a learned brief aims to list (sets its boundary)",
    ),
    Setting(
        "brief_cap_quantile",
        0.9,
        "Quantile of the editors' section sizes a learned brief section may hold",
    ),
    Setting(
        "brief_topical_opening",
        150,
        "Characters of a post's opening read with its title when a generic brief learns and "
        "judges what its catch-all section (产业动态) reports",
    ),
    Setting(
        "brief_topical_quantile",
        0.25,
        "Share of an account's posts with several found cues that may read less like its news "
        "than a post its generic brief lists under the catch-all section",
    ),
    Setting("brief_summary_chars", 150, "Characters of a brief item's summary"),
    Setting(
        "brief_digest_lookback_days",
        14,
        "Days before a digest in which the posts it lists are looked for",
    ),
    Setting(
        "brief_digest_match",
        0.86,
        "Title similarity from which a title a digest lists and a post are the same story",
    ),
)

BY_NAME = {setting.name: setting for setting in SETTINGS}


def value(name: str) -> Value:
    """The current value of the setting `name` (KeyError for a name not declared above)."""
    return BY_NAME[name].current()


def number(name: str) -> float:
    """A numeric setting's current value."""
    return float(value(name) or 0)


def count(name: str) -> int:
    """A whole-number setting's current value."""
    return int(value(name) or 0)
