"""What filing one article writes, inside the transaction ``Articles.file_article`` holds.

The article row and its story (a new story, or the one it joins, recounted by
``refresh_story``), its other URLs (``article_aliases``), the page kept for re-extraction,
its band buckets and search row (dropped and written again when its text is replaced),
stories folded into one, and ``DedupLookup``: the indexed lookups ``dedup.decide`` makes
over the same transaction. Every function takes the open connection; none commits.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from ingest import dedup, signatures
from ingest.store.search import write_search_row

if TYPE_CHECKING:
    from ingest.store.articles import ArticleRow, StoredPage

_EXACT_ROWS = 16  # rows with one content hash compared; more are the same boilerplate
_BUCKET_SQL = "SELECT article_id FROM article_bands WHERE band = ? AND bucket = ? LIMIT ?"


class DedupLookup:
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


def lock_keys(row: ArticleRow) -> list[str]:
    """What two articles filed at once may share: an address, a text, a band bucket."""
    return [
        *(f"url:{url}" for url in row.urls),
        f"hash:{row.keys.content_hash}",
        *(f"band:{band}:{bucket}" for band, bucket in row.keys.buckets),
    ]


def find_by_urls(conn: Any, urls: Sequence[str]) -> int | None:
    marks = ", ".join("?" for _ in urls)
    found = conn.execute(
        f"SELECT id FROM articles WHERE url IN ({marks})"
        f" UNION ALL SELECT article_id FROM article_aliases WHERE url IN ({marks}) LIMIT 1",
        (*urls, *urls),
    ).fetchone()
    return int(found[0]) if found else None


def add_aliases(conn: Any, article_id: int, urls: Sequence[str], reason: str, now: str) -> None:
    for url in urls:
        if conn.execute("SELECT 1 FROM articles WHERE url = ?", (url,)).fetchone():
            continue
        conn.execute(
            "INSERT INTO article_aliases (url, article_id, reason, first_seen)"
            " VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
            (url, article_id, reason, now),
        )


def keep_page(conn: Any, article_id: int, page: StoredPage) -> None:
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


def insert_article(conn: Any, row: ArticleRow, story_id: int | None, now: str) -> int:
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
    write_search_row(conn, article_id, row.search)


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


def merge_stories(conn: Any, into: int, others: set[int | None], now: str) -> None:
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


_KEEP_WHEN_MISSING = ("published_at", "published_local", "published_precision")


def replace_text(conn: Any, article_id: int, row: ArticleRow, now: str) -> None:
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
