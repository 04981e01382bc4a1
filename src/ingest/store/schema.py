"""The SQLite database: schema, migrations and every write, via sqlite-utils.

The schema is an interface: people query the file with sqlite3, Python and Datasette, so
tables have plain names, every column is documented in docs/schema.md, and changes arrive
as new migrations (sqlite-utils ``Migrations``), never as edits of an applied one.

Crash safety: WAL mode, and every unit of work (one feed's candidates with its new state,
one article with its aliases, story and search row) is one transaction. A run killed at
any moment leaves the database as it was after the last whole unit; what was found but
not yet stored waits in ``candidates`` for the next run.
"""

from __future__ import annotations

import json
import sqlite3
import zlib
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import sqlite_utils
from sqlite_utils.migrations import Migrations

from ingest.clock import iso, later, utc_now
from ingest.errors import StoreError
from ingest.models import Candidate

DEFAULT_DB_PATH = "data/ingest.db"
BUSY_TIMEOUT_MSECS = 10_000
MAX_FETCH_EVENTS = 20_000  # the fetch log is capped: enough for weeks of debugging
HTML_COMPRESSION_LEVEL = 6

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


@dataclass(frozen=True)
class EndpointState:
    """What the store knows about one feed, sitemap, listing or API endpoint."""

    url: str
    source: str
    kind: str
    etag: str | None = None
    last_modified: str | None = None
    body_hash: str | None = None
    last_attempt_at: str | None = None
    last_success_at: str | None = None
    status: str | None = None
    http_status: int | None = None
    error: str | None = None
    failure_kind: str | None = None
    failure_count: int = 0
    next_due_at: str | None = None
    entries_last: int | None = None
    articles_total: int = 0
    cursor: str | None = None
    guids: str | None = None  # "unstable" once the feed was seen regenerating GUIDs


@dataclass(frozen=True)
class QueuedCandidate:
    """A candidate waiting in the ``candidates`` table."""

    candidate: Candidate
    attempts: int


class Store:
    """The ingest database. Open with ``Store(path)``; close with ``close()``."""

    def __init__(self, path: str | Path = DEFAULT_DB_PATH) -> None:
        self.path = Path(path)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(str(self.path), isolation_level=None, timeout=30)
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MSECS}")
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")
            conn.execute("PRAGMA foreign_keys = ON")
            self.db = sqlite_utils.Database(conn)
            migrations.apply(self.db)
        except sqlite3.DatabaseError as exc:
            raise StoreError(
                f"cannot open the database {self.path}: {exc}; "
                "check the path and that the file is an ingest SQLite database"
            ) from exc
        except OSError as exc:
            raise StoreError(f"cannot create {self.path.parent}: {exc}") from exc
        self.conn: sqlite3.Connection = self.db.conn

    def close(self) -> None:
        """Close the connection (the WAL is checkpointed by SQLite)."""
        self.conn.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One atomic unit of work: ``BEGIN IMMEDIATE`` ... ``COMMIT`` or rollback."""
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.conn
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")

    def scalar(self, sql: str, params: Iterable[Any] = ()) -> Any:
        """The first column of the first row, or None."""
        row = self.conn.execute(sql, tuple(params)).fetchone()
        return row[0] if row else None

    # --- runs -------------------------------------------------------------------------

    def start_run(self, command: str, pid: int) -> int:
        """Record a new run; runs left 'running' by a killed process become 'interrupted'."""
        with self.transaction() as conn:
            conn.execute(
                "UPDATE runs SET status = 'interrupted' WHERE status = 'running' AND pid != ?",
                (pid,),
            )
            cur = conn.execute(
                "INSERT INTO runs (started_at, status, command, pid) VALUES (?, 'running', ?, ?)",
                (iso(utc_now()), command, pid),
            )
            return int(cur.lastrowid or 0)

    def finish_run(self, run_id: int, status: str, counters: dict[str, Any]) -> None:
        """Write a run's final status and counters."""
        values = {
            key: json.dumps(value, ensure_ascii=False) if isinstance(value, dict | list) else value
            for key, value in counters.items()
        }
        columns = ", ".join(f"{key} = ?" for key in values)
        with self.transaction() as conn:
            conn.execute(
                f"UPDATE runs SET finished_at = ?, status = ?, {columns} WHERE id = ?",
                (iso(utc_now()), status, *values.values(), run_id),
            )

    # --- endpoints --------------------------------------------------------------------

    def endpoint(self, url: str) -> EndpointState | None:
        """The stored state of one endpoint."""
        cur = self.conn.execute("SELECT * FROM endpoints WHERE url = ?", (url,))
        row = cur.fetchone()
        if row is None:
            return None
        names = [d[0] for d in cur.description]
        return EndpointState(**dict(zip(names, row, strict=True)))

    def endpoints(self, source: str | None = None) -> list[EndpointState]:
        """All endpoint states, optionally of one source."""
        sql = "SELECT * FROM endpoints"
        params: tuple[str, ...] = ()
        if source:
            sql += " WHERE source = ?"
            params = (source,)
        cur = self.conn.execute(sql + " ORDER BY source, url", params)
        names = [d[0] for d in cur.description]
        return [EndpointState(**dict(zip(names, row, strict=True))) for row in cur.fetchall()]

    def _write_endpoint(self, conn: sqlite3.Connection, state: EndpointState) -> None:
        data = asdict(state)
        columns = ", ".join(data)
        marks = ", ".join("?" for _ in data)
        conn.execute(
            f"INSERT OR REPLACE INTO endpoints ({columns}) VALUES ({marks})", tuple(data.values())
        )

    def save_endpoint(self, state: EndpointState) -> None:
        """Store one endpoint's state on its own (a failure, a 304)."""
        with self.transaction() as conn:
            self._write_endpoint(conn, state)

    # --- candidates -------------------------------------------------------------------

    def is_known(self, url: str) -> bool:
        """True when the URL is stored, an alias, or already a candidate."""
        return bool(
            self.scalar(
                "SELECT EXISTS(SELECT 1 FROM articles WHERE url = ?1)"
                " OR EXISTS(SELECT 1 FROM article_aliases WHERE url = ?1)"
                " OR EXISTS(SELECT 1 FROM candidates WHERE url = ?1)",
                (url,),
            )
        )

    def article_id(self, url: str) -> int | None:
        """The id of the article stored under this URL or alias, or None."""
        row = self.conn.execute(
            "SELECT id FROM articles WHERE url = ?1"
            " UNION ALL SELECT article_id FROM article_aliases WHERE url = ?1 LIMIT 1",
            (url,),
        ).fetchone()
        return int(row[0]) if row else None

    def is_stale(self, url: str, modified_at: str | None) -> bool:
        """True when a listing says the stored article at ``url`` changed since we read it."""
        if not modified_at:
            return False
        row = self.conn.execute(
            "SELECT COALESCE(modified_at, published_at) FROM articles WHERE url = ?", (url,)
        ).fetchone()
        return row is not None and row[0] is not None and modified_at > row[0]

    def enqueue(
        self,
        candidates: list[Candidate],
        state: EndpointState | None,
        refresh: list[Candidate] | None = None,
    ) -> int:
        """Queue new candidates (and stored articles to read again, ``refresh``) together
        with the endpoint's new state, in one transaction; return how many were queued."""
        now = iso(utc_now())
        added = 0
        stale = {cand.url for cand in refresh or ()}
        with self.transaction() as conn:
            for cand in [*candidates, *(refresh or ())]:
                if cand.url not in stale and self._known(conn, cand.url):
                    continue
                conn.execute(
                    "INSERT OR IGNORE INTO candidates (url, source, method, found_on, guid, title,"
                    " published_at, data, first_seen, next_attempt_at)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        cand.url,
                        cand.source,
                        cand.method,
                        cand.found_on,
                        cand.guid,
                        cand.title,
                        cand.published_at,
                        json.dumps(asdict(cand), ensure_ascii=False),
                        now,
                        now,
                    ),
                )
                added += 1
            if state is not None:
                self._write_endpoint(conn, state)
        return added

    @staticmethod
    def _known(conn: sqlite3.Connection, url: str) -> bool:
        row = conn.execute(
            "SELECT EXISTS(SELECT 1 FROM articles WHERE url = ?1)"
            " OR EXISTS(SELECT 1 FROM article_aliases WHERE url = ?1)"
            " OR EXISTS(SELECT 1 FROM candidates WHERE url = ?1)",
            (url,),
        ).fetchone()
        return bool(row[0])

    def due_candidates(
        self, sources: Iterable[str], *, now: str, limit_per_source: int
    ) -> list[QueuedCandidate]:
        """Pending candidates whose next attempt is due, oldest first, per source."""
        queued: list[QueuedCandidate] = []
        for source in sources:
            rows = self.conn.execute(
                "SELECT data, attempts FROM candidates WHERE state = 'pending' AND source = ?"
                " AND next_attempt_at <= ? ORDER BY first_seen, published_at LIMIT ?",
                (source, now, limit_per_source),
            ).fetchall()
            for data, attempts in rows:
                queued.append(QueuedCandidate(Candidate(**json.loads(data)), int(attempts)))
        return queued

    def candidate_failed(
        self, url: str, *, reason: str, next_attempt_at: str | None, give_up: bool
    ) -> None:
        """Record a failed attempt: retried at ``next_attempt_at``, or given up."""
        with self.transaction() as conn:
            conn.execute(
                "UPDATE candidates SET attempts = attempts + 1, last_attempt_at = ?, reason = ?,"
                " state = ?, next_attempt_at = COALESCE(?, next_attempt_at) WHERE url = ?",
                (
                    iso(utc_now()),
                    reason,
                    "failed" if give_up else "pending",
                    next_attempt_at,
                    url,
                ),
            )

    def candidate_skipped(self, url: str, reason: str) -> None:
        """Mark a candidate as holding no article; it is not fetched again."""
        with self.transaction() as conn:
            conn.execute(
                "UPDATE candidates SET state = 'skipped', reason = ?, attempts = attempts + 1,"
                " last_attempt_at = ? WHERE url = ?",
                (reason, iso(utc_now()), url),
            )

    # --- fetch log --------------------------------------------------------------------

    def log_events(self, run_id: int | None, events: list[dict[str, Any]]) -> None:
        """Append fetch events and keep only the newest ``MAX_FETCH_EVENTS``."""
        if not events:
            return
        with self.transaction() as conn:
            conn.executemany(
                "INSERT INTO fetch_events (at, run_id, url, host, attempt, status, error,"
                " elapsed_ms, bytes) VALUES (:at, :run_id, :url, :host, :attempt, :status,"
                " :error, :elapsed_ms, :bytes)",
                [{**event, "run_id": run_id} for event in events],
            )
            conn.execute(
                "DELETE FROM fetch_events WHERE id <= (SELECT max(id) FROM fetch_events) - ?",
                (MAX_FETCH_EVENTS,),
            )

    def add_alias(self, url: str, article_id: int, reason: str) -> None:
        """Record another URL of a stored article, and drop it from the queue."""
        with self.transaction() as conn:
            conn.execute(
                "INSERT OR IGNORE INTO article_aliases (url, article_id, reason, first_seen)"
                " VALUES (?, ?, ?, ?)",
                (url, article_id, reason, iso(utc_now())),
            )
            conn.execute("DELETE FROM candidates WHERE url = ?", (url,))

    def prune_pages(self, keep_days: int | None) -> int:
        """Delete raw HTML older than ``keep_days``; the article records stay."""
        if keep_days is None:
            return 0
        cutoff = iso(later(utc_now(), -keep_days * 86400))
        with self.transaction() as conn:
            cur = conn.execute("DELETE FROM pages WHERE fetched_at < ?", (cutoff,))
            return cur.rowcount


def compress_html(content: bytes) -> bytes:
    """zlib-compress a fetched page for the ``pages`` table."""
    return zlib.compress(content, HTML_COMPRESSION_LEVEL)


def decompress_html(blob: bytes) -> bytes:
    """The bytes of a stored page."""
    return zlib.decompress(blob)
