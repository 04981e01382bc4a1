"""Reading the database: search and export, for ``ingest search`` and ``ingest export``."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass

from ingest import text
from ingest.models import RECORD_FIELDS
from ingest.store import Store

EXPORT_COLUMNS = (
    "id",
    "source",
    "url",
    *RECORD_FIELDS,
    "story_id",
    "fetched_at",
    "extraction_method",
)


@dataclass(frozen=True)
class Hit:
    """One search result."""

    id: int
    source: str
    published_at: str | None
    headline: str | None
    url: str
    story_id: int | None
    snippet: str


def search(store: Store, query: str, *, limit: int = 20, source: str | None = None) -> list[Hit]:
    """Full-text search; the query is normalised as the index is (vocalised = plain)."""
    match = text.fts_query(query)
    if not match:
        return []
    sql = (
        "SELECT a.id, a.source, a.published_at, a.headline, a.url, a.story_id,"
        " snippet(articles_fts, 1, '[', ']', '…', 12)"
        " FROM articles_fts JOIN articles a ON a.id = articles_fts.rowid"
        " WHERE articles_fts MATCH ?"
    )
    params: list[object] = [match]
    if source:
        sql += " AND a.source = ?"
        params.append(source)
    sql += " ORDER BY rank LIMIT ?"
    params.append(limit)
    return [Hit(*row) for row in store.conn.execute(sql, params)]


def export_rows(
    store: Store, *, since: str | None = None, source: str | None = None
) -> Iterator[dict[str, object]]:
    """Articles as dicts, oldest first, streamed (never all in memory)."""
    sql = f"SELECT {', '.join(EXPORT_COLUMNS)} FROM articles WHERE 1 = 1"
    params: list[object] = []
    if since:
        sql += " AND COALESCE(published_at, fetched_at) >= ?"
        params.append(since)
    if source:
        sql += " AND source = ?"
        params.append(source)
    sql += " ORDER BY COALESCE(published_at, fetched_at), id"
    for row in store.conn.execute(sql, params):
        yield dict(zip(EXPORT_COLUMNS, row, strict=True))


def to_jsonl(row: dict[str, object]) -> str:
    """One JSON line, Arabic kept readable."""
    return json.dumps(row, ensure_ascii=False)


def csv_lines(rows: Iterator[dict[str, object]]) -> Iterator[str]:
    """CSV text, header first, one chunk per row."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=EXPORT_COLUMNS)
    writer.writeheader()
    yield buffer.getvalue()
    for row in rows:
        buffer.seek(0)
        buffer.truncate()
        writer.writerow(row)
        yield buffer.getvalue()
