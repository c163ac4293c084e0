"""Versioned schema migrations: applied in order on open, the version kept in `meta`."""

from __future__ import annotations

MIGRATIONS: list[str] = [
    # 1: articles, their cleaning inputs, duplicates, facts, entities, tables.
    """
    CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    CREATE TABLE articles (
        id INTEGER PRIMARY KEY,
        key TEXT NOT NULL UNIQUE,
        aid TEXT NOT NULL,
        account TEXT NOT NULL,
        title TEXT NOT NULL,
        url TEXT NOT NULL DEFAULT '',
        published TEXT NOT NULL DEFAULT '',
        author TEXT NOT NULL DEFAULT '',
        biz TEXT NOT NULL DEFAULT '',
        mid TEXT NOT NULL DEFAULT '',
        idx TEXT NOT NULL DEFAULT '',
        sn TEXT NOT NULL DEFAULT '',
        source_url TEXT NOT NULL DEFAULT '',
        extra TEXT NOT NULL DEFAULT '{}',
        origin TEXT NOT NULL DEFAULT '',
        raw_content TEXT NOT NULL,
        raw_hash TEXT NOT NULL,
        content TEXT NOT NULL,
        content_hash TEXT NOT NULL DEFAULT '',
        title_key TEXT NOT NULL DEFAULT '',
        lang TEXT NOT NULL DEFAULT 'zh',
        is_stub INTEGER NOT NULL DEFAULT 0,
        reprinted_from TEXT NOT NULL DEFAULT '',
        duplicate_of TEXT REFERENCES articles(key) ON DELETE SET NULL,
        kind TEXT NOT NULL DEFAULT '',
        kind_rule TEXT NOT NULL DEFAULT '',
        tags TEXT NOT NULL DEFAULT '[]',
        deadline TEXT NOT NULL DEFAULT '',
        signature BLOB
    );
    CREATE INDEX articles_aid ON articles(aid);
    CREATE INDEX articles_account_published ON articles(account, published);
    CREATE INDEX articles_published ON articles(published);
    CREATE INDEX articles_title_key ON articles(account, title_key);
    CREATE INDEX articles_content_hash ON articles(content_hash);
    CREATE INDEX articles_kind_deadline ON articles(kind, deadline);
    CREATE TABLE edge_lines (
        article INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        account TEXT NOT NULL,
        line TEXT NOT NULL,
        PRIMARY KEY (article, line)
    );
    CREATE INDEX edge_lines_account ON edge_lines(account, line);
    CREATE TABLE lsh_buckets (
        article INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        band INTEGER NOT NULL,
        bucket INTEGER NOT NULL
    );
    CREATE INDEX lsh_buckets_lookup ON lsh_buckets(band, bucket);
    CREATE INDEX lsh_buckets_article ON lsh_buckets(article);
    CREATE TABLE near_duplicates (
        a INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        b INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        similarity REAL NOT NULL,
        PRIMARY KEY (a, b)
    );
    CREATE INDEX near_duplicates_b ON near_duplicates(b);
    CREATE TABLE facts (
        article INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        kind TEXT NOT NULL,
        value TEXT NOT NULL,
        start INTEGER NOT NULL,
        end INTEGER NOT NULL,
        text TEXT NOT NULL,
        PRIMARY KEY (article, seq)
    );
    CREATE INDEX facts_kind ON facts(kind);
    CREATE TABLE entities (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL,
        name TEXT NOT NULL,
        UNIQUE (kind, name)
    );
    CREATE TABLE mentions (
        article INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        entity INTEGER NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
        surface TEXT NOT NULL,
        start INTEGER NOT NULL,
        end INTEGER NOT NULL,
        attrs TEXT NOT NULL DEFAULT '{}'
    );
    CREATE INDEX mentions_article ON mentions(article);
    CREATE INDEX mentions_entity ON mentions(entity);
    CREATE TABLE doc_tables (
        article INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        columns TEXT NOT NULL,
        rows TEXT NOT NULL,
        start INTEGER NOT NULL,
        end INTEGER NOT NULL,
        PRIMARY KEY (article, seq)
    );
    """,
    # 2: watchlists and their delivery state, for "what is new for me".
    """
    CREATE TABLE watchlists (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        query TEXT NOT NULL,
        filters TEXT NOT NULL DEFAULT '{}',
        webhook TEXT NOT NULL DEFAULT '',
        created TEXT NOT NULL
    );
    CREATE TABLE watch_seen (
        watchlist INTEGER NOT NULL REFERENCES watchlists(id) ON DELETE CASCADE,
        article_key TEXT NOT NULL,
        delivered INTEGER NOT NULL DEFAULT 0,
        first_seen TEXT NOT NULL,
        PRIMARY KEY (watchlist, article_key)
    );
    """,
]

SCHEMA_VERSION = len(MIGRATIONS)
