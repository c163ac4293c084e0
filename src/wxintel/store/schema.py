"""Versioned schema migrations, kept as data: one portable text per version, typed per dialect.

Migrations are applied in order on open and the version is recorded in `meta` (and in SQLite's
`PRAGMA user_version`). The texts use `$id`, `$int`, `$text`, `$real` and `$blob` where SQLite
and PostgreSQL spell a type differently, and `$clustered` after a table kept in its primary
key's order (SQLite's WITHOUT ROWID; in PostgreSQL the primary key is an index anyway).
PostgreSQL text columns compare byte-wise (collation "C") so that ORDER BY and range filters
give the same answers as SQLite whatever the server's default locale. Columns never use
reserved words (`end` is one in PostgreSQL): offsets are `span_start`/`span_end`, aliased back
to `start`/`end` by the queries.
"""

from __future__ import annotations

from string import Template
from typing import TYPE_CHECKING

from wxintel.store.records import StoreError

if TYPE_CHECKING:
    from wxintel.store.sqlstore import SQLStore

DIALECT_TYPES: dict[str, dict[str, str]] = {
    "sqlite": {
        "id": "INTEGER PRIMARY KEY",
        "int": "INTEGER",
        "text": "TEXT",
        "real": "REAL",
        "blob": "BLOB",
        "clustered": "WITHOUT ROWID",
    },
    "postgres": {
        "id": "BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY",
        "int": "BIGINT",
        "text": 'TEXT COLLATE "C"',
        "real": "DOUBLE PRECISION",
        "blob": "BYTEA",
        "clustered": "",
    },
}

PORTABLE_MIGRATIONS: list[str] = [
    # 1: articles, their cleaning inputs, duplicates, facts, entities, tables.
    """
    CREATE TABLE meta (key $text PRIMARY KEY, value $text NOT NULL);
    CREATE TABLE articles (
        id $id,
        key $text NOT NULL UNIQUE,
        aid $text NOT NULL,
        account $text NOT NULL,
        title $text NOT NULL,
        url $text NOT NULL DEFAULT '',
        published $text NOT NULL DEFAULT '',
        author $text NOT NULL DEFAULT '',
        biz $text NOT NULL DEFAULT '',
        mid $text NOT NULL DEFAULT '',
        idx $text NOT NULL DEFAULT '',
        sn $text NOT NULL DEFAULT '',
        source_url $text NOT NULL DEFAULT '',
        extra $text NOT NULL DEFAULT '{}',
        origin $text NOT NULL DEFAULT '',
        raw_content $text NOT NULL,
        raw_hash $text NOT NULL,
        content $text NOT NULL,
        content_hash $text NOT NULL DEFAULT '',
        title_key $text NOT NULL DEFAULT '',
        lang $text NOT NULL DEFAULT 'zh',
        is_stub $int NOT NULL DEFAULT 0,
        reprinted_from $text NOT NULL DEFAULT '',
        duplicate_of $text REFERENCES articles(key) ON DELETE SET NULL,
        kind $text NOT NULL DEFAULT '',
        kind_rule $text NOT NULL DEFAULT '',
        tags $text NOT NULL DEFAULT '[]',
        deadline $text NOT NULL DEFAULT '',
        signature $blob
    );
    CREATE INDEX articles_aid ON articles(aid);
    CREATE INDEX articles_account_published ON articles(account, published);
    CREATE INDEX articles_published ON articles(published);
    CREATE INDEX articles_title_key ON articles(account, title_key);
    CREATE INDEX articles_content_hash ON articles(content_hash);
    CREATE INDEX articles_kind_deadline ON articles(kind, deadline);
    CREATE INDEX articles_duplicate_of ON articles(duplicate_of);
    CREATE TABLE edge_lines (
        article $int NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        account $text NOT NULL,
        line $text NOT NULL,
        PRIMARY KEY (article, line)
    );
    CREATE INDEX edge_lines_account ON edge_lines(account, line);
    CREATE TABLE lsh_buckets (
        article $int NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        band $int NOT NULL,
        bucket $int NOT NULL
    );
    CREATE INDEX lsh_buckets_lookup ON lsh_buckets(band, bucket);
    CREATE INDEX lsh_buckets_article ON lsh_buckets(article);
    CREATE TABLE near_duplicates (
        a $int NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        b $int NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        similarity $real NOT NULL,
        PRIMARY KEY (a, b)
    );
    CREATE INDEX near_duplicates_b ON near_duplicates(b);
    CREATE TABLE facts (
        article $int NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        seq $int NOT NULL,
        kind $text NOT NULL,
        value $text NOT NULL,
        span_start $int NOT NULL,
        span_end $int NOT NULL,
        text $text NOT NULL,
        PRIMARY KEY (article, seq)
    );
    CREATE INDEX facts_kind ON facts(kind);
    CREATE TABLE entities (
        id $id,
        kind $text NOT NULL,
        name $text NOT NULL,
        UNIQUE (kind, name)
    );
    CREATE TABLE mentions (
        article $int NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        seq $int NOT NULL,
        entity $int NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
        surface $text NOT NULL,
        span_start $int NOT NULL,
        span_end $int NOT NULL,
        attrs $text NOT NULL DEFAULT '{}',
        PRIMARY KEY (article, seq)
    );
    CREATE INDEX mentions_entity ON mentions(entity);
    CREATE TABLE doc_tables (
        article $int NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        seq $int NOT NULL,
        columns $text NOT NULL,
        rows $text NOT NULL,
        span_start $int NOT NULL,
        span_end $int NOT NULL,
        PRIMARY KEY (article, seq)
    );
    """,
    # 2: watchlists and their delivery state, for "what is new for me".
    """
    CREATE TABLE watchlists (
        id $id,
        name $text NOT NULL UNIQUE,
        query $text NOT NULL,
        filters $text NOT NULL DEFAULT '{}',
        webhook $text NOT NULL DEFAULT '',
        created $text NOT NULL
    );
    CREATE TABLE watch_seen (
        watchlist $int NOT NULL REFERENCES watchlists(id) ON DELETE CASCADE,
        article_key $text NOT NULL,
        delivered $int NOT NULL DEFAULT 0,
        first_seen $text NOT NULL,
        PRIMARY KEY (watchlist, article_key)
    );
    """,
    # 3: links across posts: repost clusters (sampled shingle marks) and call threads.
    """
    CREATE TABLE repost_marks (
        article $int NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        mark $int NOT NULL
    );
    CREATE INDEX repost_marks_mark ON repost_marks(mark);
    CREATE INDEX repost_marks_article ON repost_marks(article);
    CREATE TABLE repost_members (
        article $int PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
        cluster $int NOT NULL,
        source $text NOT NULL DEFAULT ''
    );
    CREATE INDEX repost_members_cluster ON repost_members(cluster);
    CREATE TABLE threads (
        id $id,
        name $text NOT NULL,
        year $int,
        batch $int,
        level $text NOT NULL DEFAULT ''
    );
    CREATE TABLE thread_members (
        article $int PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
        thread $int NOT NULL REFERENCES threads(id) ON DELETE CASCADE,
        stage $text NOT NULL,
        name $text NOT NULL DEFAULT '',
        cites $text NOT NULL DEFAULT '[]',
        deadline $text NOT NULL DEFAULT ''
    );
    CREATE INDEX thread_members_thread ON thread_members(thread);
    """,
    # 4: subscribed feeds, their health, the items each brought, and the poller's lease.
    """
    CREATE TABLE sources (
        id $id,
        url $text NOT NULL UNIQUE,
        name $text NOT NULL DEFAULT '',
        group_name $text NOT NULL DEFAULT '',
        every_seconds $int NOT NULL,
        etag $text NOT NULL DEFAULT '',
        last_modified $text NOT NULL DEFAULT '',
        last_checked $text NOT NULL DEFAULT '',
        last_ok $text NOT NULL DEFAULT '',
        last_new $text NOT NULL DEFAULT '',
        failures $int NOT NULL DEFAULT 0,
        last_error $text NOT NULL DEFAULT '',
        next_due $text NOT NULL DEFAULT '',
        alerted $text NOT NULL DEFAULT '',
        created $text NOT NULL
    );
    CREATE INDEX sources_group ON sources(group_name);
    CREATE TABLE source_items (
        source $int NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
        identity $text NOT NULL,
        article_key $text NOT NULL DEFAULT '',
        status $text NOT NULL DEFAULT 'stored',
        published $text NOT NULL DEFAULT '',
        first_seen $text NOT NULL,
        PRIMARY KEY (source, identity)
    );
    CREATE INDEX source_items_article ON source_items(article_key);
    CREATE TABLE poll_lease (
        name $text PRIMARY KEY,
        holder $text NOT NULL,
        expires $text NOT NULL
    );
    """,
    # 5: firm profiles (eligibility), several per team, and the calls each watched one was told.
    """
    CREATE TABLE profiles (
        id $id,
        name $text NOT NULL UNIQUE,
        team $text NOT NULL DEFAULT '',
        data $text NOT NULL,
        watched $int NOT NULL DEFAULT 0,
        created $text NOT NULL,
        updated $text NOT NULL
    );
    CREATE INDEX profiles_team ON profiles(team, name);
    CREATE TABLE profile_alerts (
        profile $int NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
        article_key $text NOT NULL,
        first_seen $text NOT NULL,
        PRIMARY KEY (profile, article_key)
    );
    """,
    # 6: the change log: which articles each generation changed, so a search index that
    # lags catches up on those alone (and on rows a later copy re-pointed) instead of
    # rebuilding.
    """
    CREATE TABLE changes (
        generation $int NOT NULL,
        key $text NOT NULL,
        PRIMARY KEY (generation, key)
    );
    """,
    # 7: a watched profile may have a webhook; an alert is recorded when the call turns
    # eligible and delivered once it went out (alerts shown before this were delivered).
    """
    ALTER TABLE profiles ADD COLUMN webhook $text NOT NULL DEFAULT '';
    ALTER TABLE profile_alerts ADD COLUMN delivered $text;
    UPDATE profile_alerts SET delivered = first_seen;
    """,
    # 8: reprocessing (wxintel reprocess): a fingerprint of what each article's rows derive
    # from its text, so a rerun rewrites only what the current code derives differently, and
    # each run's partitions (id ranges) with how far each got, so a rerun resumes.
    """
    ALTER TABLE articles ADD COLUMN derived_hash $text NOT NULL DEFAULT '';
    CREATE TABLE reprocess_runs (
        run $text PRIMARY KEY,
        params $text NOT NULL,
        start_generation $int NOT NULL,
        started $text NOT NULL,
        finished $text NOT NULL DEFAULT ''
    );
    CREATE TABLE reprocess_parts (
        run $text NOT NULL REFERENCES reprocess_runs(run) ON DELETE CASCADE,
        lo $int NOT NULL,
        hi $int NOT NULL,
        next_id $int NOT NULL,
        done $int NOT NULL DEFAULT 0,
        posts_read $int NOT NULL DEFAULT 0,
        posts_changed $int NOT NULL DEFAULT 0,
        PRIMARY KEY (run, lo)
    );
    """,
    # 9: repost marks kept twice, each shaped for its one use: the postings (mark, article)
    # as one table in mark order, which the candidate lookup reads and a batch appends to
    # (three b-trees a row before: the table and an index on each column), and each post's
    # marks in one row (sorted uint32, little-endian), which forgetting a post and comparing
    # a cluster's members read. The old rows are dropped: the link stage derives the new ones
    # from the stored text once (`link.derive_missing`), before it links again.
    """
    CREATE TABLE repost_postings (
        mark $int NOT NULL,
        article $int NOT NULL,
        PRIMARY KEY (mark, article)
    ) $clustered;
    CREATE TABLE repost_marksets (
        article $int PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
        size $int NOT NULL,
        marks $blob NOT NULL
    );
    DROP TABLE repost_marks;
    INSERT INTO meta(key, value) SELECT 'repost_marks_missing', '1' FROM articles LIMIT 1;
    """,
    # 10: each post's votes for its account's places (the places heading the organisation
    # names it writes in full; a post naming `among` places at a level gives each 1/among),
    # and each account's places as last counted: the places pass adds a batch's votes and
    # counts them in one query instead of re-reading every mention of the account. Derived
    # from the stored mentions once (`link.derive_missing`).
    """
    CREATE TABLE place_votes (
        article $int NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        account $text NOT NULL,
        level $text NOT NULL,
        place $text NOT NULL,
        among $int NOT NULL,
        PRIMARY KEY (article, level, place)
    );
    CREATE INDEX place_votes_account ON place_votes(account);
    CREATE TABLE account_places (
        account $text NOT NULL,
        level $text NOT NULL,
        place $text NOT NULL,
        PRIMARY KEY (account, level)
    );
    INSERT INTO meta(key, value) SELECT 'place_votes_missing', '1' FROM articles LIMIT 1;
    """,
    # 11: how many of an account's posts carry each edge line, kept by the writer as posts are
    # written: the boilerplate an account has learned is read from its recurring lines instead
    # of counting every stored post of the account again for every batch.
    """
    CREATE TABLE edge_counts (
        account $text NOT NULL,
        line $text NOT NULL,
        posts $int NOT NULL,
        PRIMARY KEY (account, line)
    );
    CREATE INDEX edge_counts_recurring ON edge_counts(account, posts);
    INSERT INTO edge_counts(account, line, posts)
        SELECT account, line, COUNT(*) FROM edge_lines GROUP BY account, line;
    """,
    # 12: one account's same text is a copy only within the same-post window; further apart it
    # is the account publishing it again, a post of its own. Copy marks set before are checked
    # once (`store.writer.part_far_copies`, at the next ingest).
    """
    INSERT INTO meta(key, value) SELECT 'far_copies_unchecked', '1' FROM articles LIMIT 1;
    """,
    # 13: the account a post that names none takes from another stored post of its link's
    # __biz (store.articles.account_of_biz) is found by index, not by reading every article.
    # IF NOT EXISTS: an archive taken back to an older version (the upgrade tests) keeps it.
    """
    CREATE INDEX IF NOT EXISTS articles_biz ON articles(biz);
    """,
    # 14: new repost postings go to a small table first and into repost_postings in bulk
    # (link.reposts.POSTINGS): inserted straight into the large table, a batch rewrote most of
    # its pages. Lookups read both. IF NOT EXISTS: an archive taken back to an older version
    # (the upgrade tests) keeps it.
    """
    CREATE TABLE IF NOT EXISTS repost_postings_recent (
        mark $int NOT NULL,
        article $int NOT NULL,
        PRIMARY KEY (mark, article)
    ) $clustered;
    """,
    # 15: each call thread's keys (its names' bigrams, "=name", "#document number"), which a
    # post's thread is looked up by: every ingest read every thread and indexed it in memory
    # before. Derived from the stored threads once (`link.derive_missing`). IF NOT EXISTS:
    # an archive taken back to an older version (the upgrade tests) keeps it.
    """
    CREATE TABLE IF NOT EXISTS thread_keys (
        key $text NOT NULL,
        thread $int NOT NULL REFERENCES threads(id) ON DELETE CASCADE,
        PRIMARY KEY (key, thread)
    ) $clustered;
    INSERT INTO meta(key, value) SELECT 'thread_keys_missing', '1' FROM threads LIMIT 1;
    """,
    # 16: new repost postings go to level 0 of a levelled table and move up a level in bulk
    # (link.reposts.LEVELS): the one small table of 14 grew with the archive, and each batch
    # rewrote its pages. Its postings become level 0. It is created first when missing (an
    # archive taken back to an older version in the upgrade tests has the new table only).
    """
    CREATE TABLE IF NOT EXISTS repost_postings_recent (
        mark $int NOT NULL,
        article $int NOT NULL,
        PRIMARY KEY (mark, article)
    ) $clustered;
    CREATE TABLE IF NOT EXISTS repost_postings_levels (
        level $int NOT NULL,
        mark $int NOT NULL,
        article $int NOT NULL,
        PRIMARY KEY (level, mark, article)
    ) $clustered;
    INSERT INTO repost_postings_levels(level, mark, article)
        SELECT 0, mark, article FROM repost_postings_recent;
    DROP TABLE repost_postings_recent;
    UPDATE meta SET key = 'repost_level_posts' WHERE key = 'repost_recent_posts';
    """,
    # 17: a source problem whose webhook failed waits for the next poll per watchlist, as a
    # watchlist's undelivered items do: the webhooks that took it are not sent it again.
    # IF NOT EXISTS: an archive taken back to an older version (the upgrade tests) keeps it.
    """
    CREATE TABLE IF NOT EXISTS problems_waiting (
        watchlist $int NOT NULL REFERENCES watchlists(id) ON DELETE CASCADE,
        source $int NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
        problem $text NOT NULL,
        PRIMARY KEY (watchlist, source)
    );
    """,
]

SCHEMA_VERSION = len(PORTABLE_MIGRATIONS)


def migrations(dialect: str) -> list[str]:
    """The migration texts with `dialect`'s type names filled in (version n is item n-1)."""
    types = DIALECT_TYPES[dialect]
    return [Template(text).substitute(types) for text in PORTABLE_MIGRATIONS]


def statements(script: str) -> list[str]:
    """A migration's statements one by one (none of them contains a `;` of its own)."""
    return [s.strip() for s in script.split(";") if s.strip()]


def migrate(store: SQLStore) -> None:
    """Bring the store's database to SCHEMA_VERSION, one transaction per version; refuse a
    database made by a newer wxintel rather than guess at its tables."""
    version = store.schema_version()
    if version > SCHEMA_VERSION:
        raise StoreError(
            f"{store.location} was made by a newer wxintel (schema version {version}); "
            f"this version knows up to {SCHEMA_VERSION}. Upgrade wxintel to open it."
        )
    scripts = migrations(store.dialect)
    for number in range(version + 1, SCHEMA_VERSION + 1):
        with store.transaction():
            if store.schema_version() >= number:
                continue  # another process migrated while we waited for the write lock
            for statement in statements(scripts[number - 1]):
                store.conn.execute(statement)
            store.record_version(number)
