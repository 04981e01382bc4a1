"""Filing articles: identity, duplicates, stories, versions, search rows — atomically.

``file_article`` decides, in one transaction (design.md, "dedup (content)"):

1. the same URL (or any alias of it) is already stored → the same article: if its text
   changed it is an edit, the old text goes to ``article_versions``;
2. the same outlet already has this exact text under another URL → an alias of that
   article (tracking parameters, AMP, a re-slugged URL);
3. otherwise a new article row; it joins the story of an exact or verified near-duplicate
   from any outlet (an aggregator's copy and its original), or starts a new story.

The caller (``writer.prepare``) has keyed the text once; ``dedup.decide`` judges it, asking
this store for its candidates through indexed lookups (``_Lookup``).
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from ingest import dedup, signatures
from ingest.clock import iso, later, utc_now
from ingest.errors import ConflictError
from ingest.store.base import Base
from ingest.store.search import _write_search, rebuild_search

NEW = "new"
UPDATED = "updated"
UNCHANGED = "unchanged"
ALIAS = "same article, other URL"
HTML_COMPRESSION_LEVEL = 6
_EXACT_ROWS = 16  # rows with one content hash compared; more are the same boilerplate


@dataclass(frozen=True)
class StoredPage:
    """A fetched page kept for ``ingest reextract`` (``html`` already compressed)."""

    url: str
    fetched_at: str
    status: int
    content_type: str | None
    encoding: str
    html: bytes


@dataclass(frozen=True)
class ArticleRow:
    """Everything the store needs to file one extracted article, computed once."""

    source: str
    urls: tuple[str, ...]  # the canonical identity first, then other URLs seen for it
    columns: dict[str, Any]  # ``articles`` columns from the record (writer.record_columns)
    keys: signatures.Keys
    search: tuple[str, str, str, str]  # the search row (``search_row``), computed once
    discovered_via: str
    guid: str | None = None
    page: StoredPage | None = None
    done_urls: tuple[str, ...] = field(default=())  # leave the candidate queue


def compress_html(content: bytes) -> bytes:
    """zlib-compress a fetched page for the ``pages`` table."""
    return zlib.compress(content, HTML_COMPRESSION_LEVEL)


def decompress_html(blob: bytes) -> bytes:
    """The bytes of a stored page."""
    return zlib.decompress(blob)


class _Lookup:
    """``dedup.Lookup`` over one open transaction."""

    def __init__(self, conn: Any) -> None:
        self.conn = conn

    def same_hash(self, content_hash: str) -> list[dedup.StoredText]:
        rows = self.conn.execute(
            "SELECT id, story_id, body, headline FROM articles WHERE content_hash = ?"
            " ORDER BY id LIMIT ?",
            (content_hash, _EXACT_ROWS),
        )
        return [dedup.StoredText(*row) for row in rows]

    def bucket_members(self, buckets: Sequence[tuple[int, int]]) -> list[list[int]]:
        return [
            [
                row[0]
                for row in self.conn.execute(_BUCKET_SQL, (band, bucket, dedup.MAX_BUCKET_ROWS))
            ]
            for band, bucket in buckets
        ]

    def texts(self, ids: Sequence[int]) -> list[dedup.StoredText]:
        marks = ", ".join("?" * len(ids))
        rows = self.conn.execute(
            f"SELECT id, story_id, body, headline FROM articles WHERE id IN ({marks})", list(ids)
        )
        return [dedup.StoredText(*row) for row in rows]


FILING_TRIES = 3
_BUCKET_SQL = "SELECT article_id FROM article_bands WHERE band = ? AND bucket = ? LIMIT ?"


class Articles(Base):
    """Articles, their aliases, versions, stories, bands, pages and search rows."""

    def file_article(self, row: ArticleRow) -> str:
        """Write an article and everything that hangs off it; return what happened.

        A filing that PostgreSQL undid because it crossed another worker's (a deadlock on
        a story both were updating) is filed again, up to ``FILING_TRIES`` times.
        """
        for _ in range(FILING_TRIES - 1):
            try:
                return self._file(row)
            except ConflictError:
                continue
        return self._file(row)

    def _file(self, row: ArticleRow) -> str:
        now = iso(utc_now())
        with self.transaction() as conn:
            # Two workers filing copies of one story at once: whichever locks a shared key
            # first files first, and the other then sees its article (PostgreSQL).
            self.serialize(conn, _lock_keys(row))
            existing = _find_by_urls(conn, row.urls)
            if existing is not None:
                outcome = _update(conn, existing, row, now)
                _add_aliases(conn, existing, row.urls, "seen again", now)
            else:
                outcome = self._file_new(conn, row, now)
            conn.executemany(
                "DELETE FROM candidates WHERE url = ?", [(u,) for u in {*row.urls, *row.done_urls}]
            )
        return outcome

    @staticmethod
    def _file_new(conn: Any, row: ArticleRow, now: str) -> str:
        decision = dedup.decide(row.keys, _Lookup(conn))
        match = decision.match
        if match is not None and decision.kind == dedup.EXACT:
            (owner,) = conn.execute(
                "SELECT source FROM articles WHERE id = ?", (match.article_id,)
            ).fetchone()
            if owner == row.source:
                _add_aliases(conn, match.article_id, row.urls, "same text, same outlet", now)
                return ALIAS
        story_id = match.story_id if match is not None else None
        if story_id is not None and decision.merge:
            _merge_stories(conn, story_id, {m.story_id for m in decision.merge}, now)
        article_id = _insert(conn, row, story_id, now)
        _add_aliases(conn, article_id, row.urls[1:], "redirect or canonical", now)
        if row.page is not None:
            _keep_page(conn, article_id, row.page)
        return NEW

    def check_search_index(self) -> bool:
        """Rebuild the search index when the stemmer changed since it was built."""
        from ingest.terms import STEMS_VERSION

        query = "SELECT value FROM _ingest_meta WHERE key = 'stems_version'"
        if self.scalar(query) == str(STEMS_VERSION):
            return False
        with self.transaction() as conn:
            self.serialize(conn, ["rebuild search"])  # workers starting together: one builds
            (built,) = conn.execute(query).fetchone() or (None,)
            if built == str(STEMS_VERSION):
                return False
            rebuild_search(conn)
        return True

    def replace_article(self, article_id: int, row: ArticleRow) -> None:
        """Overwrite a stored article's fields, bands and search row (``ingest reextract``)."""
        with self.transaction() as conn:
            _replace_text(conn, article_id, row, iso(utc_now()))

    def add_alias(self, url: str, article_id: int, reason: str) -> None:
        """Record another URL of a stored article, and drop it from the queue."""
        with self.transaction() as conn:
            conn.execute(
                "INSERT INTO article_aliases (url, article_id, reason, first_seen)"
                " VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
                (url, article_id, reason, iso(utc_now())),
            )
            conn.execute("DELETE FROM candidates WHERE url = ?", (url,))

    # --- identity lookups -------------------------------------------------------------

    def article_id(self, url: str) -> int | None:
        """The id of the article stored under this URL or alias, or None."""
        found = self.scalar(
            "SELECT id FROM articles WHERE url = ?1"
            " UNION ALL SELECT article_id FROM article_aliases WHERE url = ?1 LIMIT 1",
            (url,),
        )
        return int(found) if found is not None else None

    def is_stale(self, url: str, modified_at: str | None) -> bool:
        """True when a listing says the stored article at ``url`` changed since we read it."""
        if not modified_at:
            return False
        stored = self.scalar(
            "SELECT COALESCE(modified_at, published_at) FROM articles WHERE url = ?", (url,)
        )
        return stored is not None and modified_at > stored

    def stored_guid(self, url: str, source: str) -> str | None:
        """The feed GUID stored with the article at ``url`` of ``source``."""
        found = self.scalar("SELECT guid FROM articles WHERE url = ? AND source = ?", (url, source))
        return str(found) if found else None

    def article_by_guid(self, source: str, guid: str) -> tuple[int, str | None] | None:
        """The id and title key of the article of ``source`` stored with this feed GUID."""
        found = self.row(
            "SELECT id, title_key FROM articles WHERE source = ? AND guid = ? LIMIT 1",
            (source, guid),
        )
        return (int(found[0]), found[1]) if found else None

    def articles_by_title(self, source: str, title_key: str) -> list[tuple[int, str | None]]:
        """Ids and publication times of ``source``'s articles with this title key."""
        return [
            (int(i), p)
            for i, p in self.rows(
                "SELECT id, published_at FROM articles WHERE source = ? AND title_key = ?",
                (source, title_key),
            )
        ]

    def prune_pages(self, keep_days: int | None) -> int:
        """Delete raw HTML older than ``keep_days``; the article records stay."""
        if keep_days is None:
            return 0
        cutoff = iso(later(utc_now(), -keep_days * 86400))
        with self.transaction() as conn:
            return int(conn.execute("DELETE FROM pages WHERE fetched_at < ?", (cutoff,)).rowcount)


def _lock_keys(row: ArticleRow) -> list[str]:
    """What two articles filed at once may share: an address, a text, a band bucket."""
    return [
        *(f"url:{url}" for url in row.urls),
        f"hash:{row.keys.content_hash}",
        *(f"band:{band}:{bucket}" for band, bucket in row.keys.buckets),
    ]


def _find_by_urls(conn: Any, urls: Sequence[str]) -> int | None:
    marks = ", ".join("?" for _ in urls)
    found = conn.execute(
        f"SELECT id FROM articles WHERE url IN ({marks})"
        f" UNION ALL SELECT article_id FROM article_aliases WHERE url IN ({marks}) LIMIT 1",
        (*urls, *urls),
    ).fetchone()
    return int(found[0]) if found else None


def _add_aliases(conn: Any, article_id: int, urls: Sequence[str], reason: str, now: str) -> None:
    for url in urls:
        if conn.execute("SELECT 1 FROM articles WHERE url = ?", (url,)).fetchone():
            continue
        conn.execute(
            "INSERT INTO article_aliases (url, article_id, reason, first_seen)"
            " VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
            (url, article_id, reason, now),
        )


def _keep_page(conn: Any, article_id: int, page: StoredPage) -> None:
    conn.execute(
        "INSERT INTO pages (article_id, url, fetched_at, status, content_type, encoding, html)"
        " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (article_id) DO UPDATE SET"
        " url = excluded.url, fetched_at = excluded.fetched_at, status = excluded.status,"
        " content_type = excluded.content_type, encoding = excluded.encoding,"
        " html = excluded.html",
        (
            article_id,
            page.url,
            page.fetched_at,
            page.status,
            page.content_type,
            page.encoding,
            page.html,
        ),
    )


def _insert(conn: Any, row: ArticleRow, story_id: int | None, now: str) -> int:
    if story_id is None:
        (story_id,) = conn.execute(
            "INSERT INTO stories (first_seen, last_seen) VALUES (?, ?) RETURNING id", (now, now)
        ).fetchone()
    values = {
        "source": row.source,
        "url": row.urls[0],
        "fetched_at": now,
        "discovered_via": row.discovered_via,
        "guid": row.guid,
        "story_id": story_id,
        **row.columns,
    }
    (article_id,) = conn.execute(
        f"INSERT INTO articles ({', '.join(values)})"
        f" VALUES ({', '.join(':' + k for k in values)}) RETURNING id",
        values,
    ).fetchone()
    _index(conn, article_id, row)
    refresh_story(conn, story_id, now)
    return int(article_id)


def _index(conn: Any, article_id: int, row: ArticleRow) -> None:
    """The article's band buckets and search row."""
    conn.executemany(
        "INSERT INTO article_bands (band, bucket, article_id) VALUES (?, ?, ?)"
        " ON CONFLICT DO NOTHING",
        [(band, bucket, article_id) for band, bucket in row.keys.buckets],
    )
    _write_search(conn, article_id, row.search)


def _unindex(conn: Any, article_id: int) -> None:
    """Delete the article's band buckets (by the stored minhash's keys) and search row."""
    stored = conn.execute("SELECT minhash FROM articles WHERE id = ?", (article_id,)).fetchone()
    if stored and stored[0] and len(stored[0]) == signatures.NUM_PERM * 4:
        keys = signatures.band_buckets(signatures.Signature("", bytes(stored[0]), 0))
        conn.executemany(
            "DELETE FROM article_bands WHERE band = ? AND bucket = ? AND article_id = ?",
            [(band, bucket, article_id) for band, bucket in keys],
        )
    else:
        conn.execute("DELETE FROM article_bands WHERE article_id = ?", (article_id,))
    conn.execute("DELETE FROM articles_fts WHERE rowid = ?", (article_id,))


def _merge_stories(conn: Any, into: int, others: set[int | None], now: str) -> None:
    """Fold stories that a new article shows to be one (copies that arrived first)."""
    for other in others - {into, None}:
        conn.execute("UPDATE articles SET story_id = ? WHERE story_id = ?", (into, other))
        conn.execute("DELETE FROM stories WHERE id = ?", (other,))
    refresh_story(conn, into, now)


def refresh_story(conn: Any, story_id: int, now: str) -> None:
    """Recount a story and pick its representative: the earliest original, not a copy."""
    conn.execute(
        """
        UPDATE stories SET
            article_count = (SELECT count(*) FROM articles WHERE story_id = :id),
            outlet_count = (SELECT count(DISTINCT source) FROM articles WHERE story_id = :id),
            first_seen = COALESCE((SELECT min(fetched_at) FROM articles WHERE story_id = :id),
                                  first_seen),
            last_seen = :now,
            representative_id = (SELECT id FROM articles WHERE story_id = :id
                ORDER BY original_source IS NOT NULL, COALESCE(published_at, fetched_at), id
                LIMIT 1)
        WHERE id = :id
        """,
        {"id": story_id, "now": now},
    )
    conn.execute(
        "UPDATE stories SET headline = (SELECT headline FROM articles"
        " WHERE id = stories.representative_id) WHERE id = ?",
        (story_id,),
    )


def _update(conn: Any, article_id: int, row: ArticleRow, now: str) -> str:
    """A stored article seen again: keep the old text as a version when it changed."""
    headline, body, modified_at, old_hash = conn.execute(
        "SELECT headline, body, modified_at, content_hash FROM articles WHERE id = ?",
        (article_id,),
    ).fetchone()
    new_modified = row.columns.get("modified_at")
    if not row.columns.get("body"):
        return UNCHANGED
    if old_hash == row.keys.content_hash and headline == row.columns.get("headline"):
        # The text is the same; remember the newer date, so the page is not read again.
        if new_modified and (modified_at is None or new_modified > modified_at):
            conn.execute(
                "UPDATE articles SET modified_at = ?, modified_local = ?,"
                " modified_precision = ? WHERE id = ?",
                (
                    new_modified,
                    row.columns.get("modified_local"),
                    row.columns.get("modified_precision"),
                    article_id,
                ),
            )
        return UNCHANGED
    conn.execute(
        "INSERT INTO article_versions (article_id, headline, body, modified_at, content_hash,"
        " replaced_at) VALUES (?, ?, ?, ?, ?, ?)",
        (article_id, headline, body, modified_at, old_hash, now),
    )
    _replace_text(conn, article_id, row, now)
    return UPDATED


_KEEP_WHEN_MISSING = ("published_at", "published_local", "published_precision")


def _replace_text(conn: Any, article_id: int, row: ArticleRow, now: str) -> None:
    """Overwrite an article's fields, signature, bands and search row; the story stays.

    A publication date the new reading lacks keeps the stored one: a page that dropped its
    date does not make the article undated.
    """
    _unindex(conn, article_id)  # before the stored minhash is overwritten
    values = {**row.columns, "updated_at": now}
    assignments = ", ".join(
        f"{k} = COALESCE(:{k}, {k})" if k in _KEEP_WHEN_MISSING else f"{k} = :{k}" for k in values
    )
    conn.execute(f"UPDATE articles SET {assignments} WHERE id = :id", {**values, "id": article_id})
    _index(conn, article_id, row)
