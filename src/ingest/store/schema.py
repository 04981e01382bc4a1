"""The database schema: migrations that upgrade a file in place, never edited once shipped.

The schema is an interface: people query the file with sqlite3, Python and Datasette, so
tables have plain names, every column is documented in docs/schema.md, and changes arrive
as new migrations (sqlite-utils ``Migrations``, recorded in ``_sqlite_migrations``), which
add tables, columns and views and never drop data. ``m001`` and ``m002`` are the schema of
release 0.1.0 as it shipped; ``m003`` adds the page's own dates, joinable originals, the
``sources`` table and the stemmed search index (the index's rows are rebuilt in Python by
``Store`` after migrating, since stems are computed by ``terms.index_stems``).
"""

from __future__ import annotations

import sqlite_utils
from sqlite_utils.migrations import Migrations

migrations = Migrations("ingest")


@migrations()
def m001_initial(db: sqlite_utils.Database) -> None:
    """Articles, stories, candidates, endpoints, runs, fetch events, raw pages, search."""
    db.executescript(
        """
        CREATE TABLE stories (
            id INTEGER PRIMARY KEY,
            first_seen TEXT NOT NULL,
            last_seen TEXT NOT NULL,
            headline TEXT,
            representative_id INTEGER,
            article_count INTEGER NOT NULL DEFAULT 0,
            outlet_count INTEGER NOT NULL DEFAULT 0
        );
        CREATE TABLE articles (
            id INTEGER PRIMARY KEY,
            source TEXT NOT NULL,
            url TEXT NOT NULL UNIQUE,
            headline TEXT,
            body TEXT,
            published_at TEXT,
            modified_at TEXT,
            author TEXT,
            language TEXT,
            original_source TEXT,
            original_url TEXT,
            story_id INTEGER REFERENCES stories(id),
            fetched_at TEXT NOT NULL,
            updated_at TEXT,
            extraction_method TEXT,
            date_method TEXT,
            discovered_via TEXT,
            guid TEXT,
            word_count INTEGER,
            content_hash TEXT,
            minhash BLOB,
            problems TEXT
        );
        CREATE INDEX idx_articles_source_published ON articles(source, published_at);
        CREATE INDEX idx_articles_published ON articles(published_at);
        CREATE INDEX idx_articles_fetched ON articles(fetched_at);
        CREATE INDEX idx_articles_story ON articles(story_id);
        CREATE INDEX idx_articles_content_hash ON articles(content_hash);
        CREATE INDEX idx_articles_source_guid ON articles(source, guid);
        CREATE INDEX idx_articles_original_source ON articles(original_source);

        CREATE TABLE article_aliases (
            url TEXT PRIMARY KEY,
            article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            reason TEXT NOT NULL,
            first_seen TEXT NOT NULL
        );
        CREATE INDEX idx_article_aliases_article ON article_aliases(article_id);

        CREATE TABLE article_versions (
            id INTEGER PRIMARY KEY,
            article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            headline TEXT,
            body TEXT,
            modified_at TEXT,
            content_hash TEXT,
            replaced_at TEXT NOT NULL
        );
        CREATE INDEX idx_article_versions_article ON article_versions(article_id);

        CREATE TABLE article_bands (
            band INTEGER NOT NULL,
            bucket INTEGER NOT NULL,
            article_id INTEGER NOT NULL,
            PRIMARY KEY (band, bucket, article_id)
        ) WITHOUT ROWID;
        CREATE INDEX idx_article_bands_article ON article_bands(article_id);

        CREATE TABLE pages (
            article_id INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
            url TEXT NOT NULL,
            fetched_at TEXT NOT NULL,
            status INTEGER,
            content_type TEXT,
            encoding TEXT,
            html BLOB NOT NULL
        );
        CREATE INDEX idx_pages_fetched ON pages(fetched_at);

        CREATE TABLE candidates (
            url TEXT PRIMARY KEY,
            source TEXT NOT NULL,
            method TEXT NOT NULL,
            found_on TEXT NOT NULL,
            guid TEXT,
            title TEXT,
            published_at TEXT,
            data TEXT NOT NULL,
            state TEXT NOT NULL DEFAULT 'pending',
            reason TEXT,
            attempts INTEGER NOT NULL DEFAULT 0,
            first_seen TEXT NOT NULL,
            last_attempt_at TEXT,
            next_attempt_at TEXT NOT NULL
        );
        CREATE INDEX idx_candidates_due ON candidates(state, source, next_attempt_at);

        CREATE TABLE endpoints (
            url TEXT PRIMARY KEY,
            source TEXT NOT NULL,
            kind TEXT NOT NULL,
            etag TEXT,
            last_modified TEXT,
            body_hash TEXT,
            last_attempt_at TEXT,
            last_success_at TEXT,
            status TEXT,
            http_status INTEGER,
            error TEXT,
            failure_kind TEXT,
            failure_count INTEGER NOT NULL DEFAULT 0,
            next_due_at TEXT,
            entries_last INTEGER,
            articles_total INTEGER NOT NULL DEFAULT 0,
            cursor TEXT
        );
        CREATE INDEX idx_endpoints_source ON endpoints(source);

        CREATE TABLE runs (
            id INTEGER PRIMARY KEY,
            started_at TEXT NOT NULL,
            finished_at TEXT,
            status TEXT NOT NULL,
            command TEXT,
            pid INTEGER,
            sources_ok INTEGER NOT NULL DEFAULT 0,
            sources_failed INTEGER NOT NULL DEFAULT 0,
            sources_not_due INTEGER NOT NULL DEFAULT 0,
            endpoints_fetched INTEGER NOT NULL DEFAULT 0,
            entries_seen INTEGER NOT NULL DEFAULT 0,
            new_articles INTEGER NOT NULL DEFAULT 0,
            updated_articles INTEGER NOT NULL DEFAULT 0,
            skipped INTEGER NOT NULL DEFAULT 0,
            skip_reasons TEXT,
            failed_sources TEXT
        );

        CREATE TABLE fetch_events (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            run_id INTEGER,
            url TEXT NOT NULL,
            host TEXT,
            attempt INTEGER,
            status INTEGER,
            error TEXT,
            elapsed_ms INTEGER,
            bytes INTEGER
        );
        CREATE INDEX idx_fetch_events_url ON fetch_events(url);

        CREATE VIRTUAL TABLE articles_fts USING fts5(headline, body, tokenize = 'unicode61');

        CREATE VIEW latest_articles AS
            SELECT id, source, published_at, headline, url, original_source, story_id
            FROM articles ORDER BY COALESCE(published_at, fetched_at) DESC;

        CREATE VIEW unique_stories AS
            SELECT s.id AS story_id, s.headline, s.first_seen, s.last_seen,
                   s.article_count, s.outlet_count,
                   a.source AS first_source, a.url AS first_url,
                   (SELECT group_concat(DISTINCT m.source) FROM articles m
                     WHERE m.story_id = s.id) AS sources
            FROM stories s LEFT JOIN articles a ON a.id = s.representative_id;

        CREATE VIEW source_health AS
            SELECT source,
                   count(*) AS endpoints,
                   sum(status IN ('ok', 'not-modified', 'unchanged')) AS endpoints_ok,
                   max(last_success_at) AS last_success_at,
                   max(failure_count) AS worst_failure_count,
                   min(next_due_at) AS next_due_at
            FROM endpoints GROUP BY source;
        """
    )


@migrations()
def m002_feed_identity(db: sqlite_utils.Database) -> None:
    """Title keys for same-outlet repeats; whether an endpoint's GUIDs can be trusted."""
    db.executescript(
        """
        ALTER TABLE articles ADD COLUMN title_key TEXT;
        CREATE INDEX idx_articles_source_title ON articles(source, title_key);
        ALTER TABLE endpoints ADD COLUMN guids TEXT;
        """
    )


M003_STATEMENTS = (
    # The page's own dates (docs/schema.md, "Dates"): filled for new articles by extraction,
    # for older ones by ``upgrade.fill_local_dates`` from the stored pages.
    "ALTER TABLE articles ADD COLUMN published_local TEXT",
    "ALTER TABLE articles ADD COLUMN published_precision TEXT",
    "ALTER TABLE articles ADD COLUMN modified_local TEXT",
    "ALTER TABLE articles ADD COLUMN modified_precision TEXT",
    # A copy's original as a configured source id, joinable to ``sources.id``.
    "ALTER TABLE articles ADD COLUMN original_source_id TEXT",
    "CREATE INDEX idx_articles_original_source_id ON articles(original_source_id)",
    "CREATE INDEX idx_articles_original_url ON articles(original_url)",
    """
    CREATE TABLE sources (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        homepage TEXT,
        language TEXT,
        timezone TEXT,
        aliases TEXT,
        hosts TEXT,
        aggregator INTEGER NOT NULL DEFAULT 0,
        enabled INTEGER NOT NULL DEFAULT 1,
        configured INTEGER NOT NULL DEFAULT 1,
        first_seen TEXT NOT NULL,
        updated_at TEXT NOT NULL
    )
    """,
    # The search index gains stemmed columns; its rows are rebuilt by the store.
    "DROP TABLE articles_fts",
    """
    CREATE VIRTUAL TABLE articles_fts USING fts5(
        headline, body, headline_stems, body_stems, tokenize = 'unicode61'
    )
    """,
    "DROP VIEW latest_articles",
    """
    CREATE VIEW latest_articles AS
        SELECT id, source, published_at, published_local, published_precision, headline,
               url, original_source, original_source_id, story_id
        FROM articles ORDER BY COALESCE(published_at, fetched_at) DESC
    """,
    # Every republished copy beside its original: the article the copy links to, else the
    # original outlet's earliest article in the same story.
    """
    CREATE VIEW copies AS
        SELECT c.id AS copy_id, c.source AS copy_source, c.url AS copy_url,
               c.headline AS copy_headline, c.published_at AS copy_published_at,
               c.original_source, c.original_source_id, c.original_url,
               o.id AS original_id, o.source AS original_article_source,
               o.url AS original_article_url, o.published_at AS original_published_at,
               CAST(round((julianday(c.published_at) - julianday(o.published_at)) * 86400)
                    AS INTEGER) AS delay_secs,
               c.story_id
        FROM articles c
        LEFT JOIN articles o ON o.id = COALESCE(
            (SELECT a.id FROM articles a WHERE a.url = c.original_url AND a.id != c.id),
            (SELECT al.article_id FROM article_aliases al WHERE al.url = c.original_url
               AND al.article_id != c.id),
            (SELECT a.id FROM articles a WHERE a.story_id = c.story_id
               AND a.source = c.original_source_id AND a.id != c.id
               ORDER BY COALESCE(a.published_at, a.fetched_at), a.id LIMIT 1))
        WHERE c.original_source IS NOT NULL
    """,
    # What the stored search index was built with (``stems_version``: terms.STEMS_VERSION).
    "CREATE TABLE _ingest_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    # Articles per day as Libya counts days (Africa/Tripoli: UTC+2 all year since 2013).
    """
    CREATE VIEW tripoli_days AS
        SELECT date(published_at, '+2 hours') AS day, source, count(*) AS articles
        FROM articles WHERE published_at IS NOT NULL
        GROUP BY 1, 2
    """,
)


@migrations()
def m003_local_dates_originals_stems(db: sqlite_utils.Database) -> None:
    """Local dates and precision, ``sources``, ``original_source_id``, stemmed search."""
    from ingest.store.search import rebuild_search

    for statement in M003_STATEMENTS:
        db.execute(statement)
    rebuild_search(db.conn)


M004_STATEMENTS = (
    # Which machine and process ran a run, and when it last showed it was alive.
    "ALTER TABLE runs ADD COLUMN worker TEXT",
    "ALTER TABLE runs ADD COLUMN heartbeat_at TEXT",
    # A source is fetched by one worker at a time: the lease says which, until when
    # (seconds since 1970 on the database's clock).
    """
    CREATE TABLE source_leases (
        source TEXT PRIMARY KEY,
        worker TEXT,
        run_id INTEGER,
        taken_at REAL,
        expires_at REAL NOT NULL DEFAULT 0
    )
    """,
    # The earliest moment the next request to a host may start, shared by all workers.
    "CREATE TABLE host_slots (host TEXT PRIMARY KEY, next_start REAL NOT NULL)",
)


@migrations()
def m004_workers(db: sqlite_utils.Database) -> None:
    """Leases on sources, shared per-host request slots, and each run's worker."""
    for statement in M004_STATEMENTS:
        db.execute(statement)
