"""Filing articles: identity, duplicates, stories, versions, search rows — atomically.

``file_article`` decides, in one transaction (design.md, "dedup (content)"):

1. the same URL (or any alias of it) is already stored → the same article: if its text
   changed it is an edit, the old text goes to ``article_versions``;
2. the same outlet already has this exact text under another URL → an alias of that
   article (tracking parameters, AMP, a re-slugged URL);
3. otherwise a new article row; it joins the story of an exact or verified near-duplicate
   from any outlet (an aggregator's copy and its original), or starts a new story.

The caller (``writer.prepare``) has keyed the text once; ``dedup.decide`` judges it, asking
this store for its candidates through indexed lookups (``filing.DedupLookup``). The rows
each outcome writes are ``filing``'s; this module decides, and looks articles up by URL,
feed GUID and title.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass, field
from typing import Any

from ingest import dedup, signatures
from ingest.clock import iso, later, utc_now
from ingest.errors import ConflictError
from ingest.store.base import Base
from ingest.store.filing import (
    DedupLookup,
    add_aliases,
    find_by_urls,
    insert_article,
    keep_page,
    lock_keys,
    merge_stories,
    replace_text,
)
from ingest.store.search import rebuild_search

NEW = "new"
UPDATED = "updated"
UNCHANGED = "unchanged"
ALIAS = "same article, other URL"
HTML_COMPRESSION_LEVEL = 6


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


FILING_TRIES = 3


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
            self.serialize(conn, lock_keys(row))
            existing = find_by_urls(conn, row.urls)
            if existing is not None:
                outcome = _update(conn, existing, row, now)
                add_aliases(conn, existing, row.urls, "seen again", now)
            else:
                outcome = self._file_new(conn, row, now)
            conn.executemany(
                "DELETE FROM candidates WHERE url = ?", [(u,) for u in {*row.urls, *row.done_urls}]
            )
        return outcome

    @staticmethod
    def _file_new(conn: Any, row: ArticleRow, now: str) -> str:
        decision = dedup.decide(row.keys, DedupLookup(conn))
        match = decision.match
        if match is not None and decision.kind == dedup.EXACT:
            (owner,) = conn.execute(
                "SELECT source FROM articles WHERE id = ?", (match.article_id,)
            ).fetchone()
            if owner == row.source:
                add_aliases(conn, match.article_id, row.urls, "same text, same outlet", now)
                return ALIAS
        story_id = match.story_id if match is not None else None
        if story_id is not None and decision.merge:
            merge_stories(conn, story_id, {m.story_id for m in decision.merge}, now)
        article_id = insert_article(conn, row, story_id, now)
        add_aliases(conn, article_id, row.urls[1:], "redirect or canonical", now)
        if row.page is not None:
            keep_page(conn, article_id, row.page)
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
            replace_text(conn, article_id, row, iso(utc_now()))

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
    replace_text(conn, article_id, row, now)
    return UPDATED
