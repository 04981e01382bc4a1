"""Reading the database for people: search, export, per-source figures, stored pages."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from ingest.models import RECORD_FIELDS
from ingest.store.base import Base

EXPORT_COLUMNS = (
    "id",
    "source",
    "url",
    *RECORD_FIELDS,
    "original_source_id",
    "story_id",
    "fetched_at",
    "extraction_method",
)


@dataclass(frozen=True)
class StoredPageRow:
    """A stored page with what re-extraction needs of its article."""

    article_id: int
    source: str
    url: str
    html: bytes
    content_type: str | None
    fetched_at: str | None
    fields: dict[str, Any]


def filters(
    sources: Sequence[str], since: str | None, alias: str = "a"
) -> tuple[str, list[object]]:
    """SQL conditions (each starting with AND) for a source list and a start time."""
    sql, params = "", list[object]()
    if sources:
        sql += f" AND {alias}.source IN ({', '.join('?' * len(sources))})"
        params += list(sources)
    if since:
        sql += f" AND COALESCE({alias}.published_at, {alias}.fetched_at) >= ?"
        params.append(since)
    return sql, params


class Reading(Base):
    """Queries for search, export, status and re-extraction."""

    def export_rows(
        self, *, since: str | None = None, sources: Sequence[str] = ()
    ) -> Iterator[dict[str, object]]:
        """Articles as dicts, oldest first, streamed (never all in memory)."""
        where, params = filters(sources, since)
        sql = (
            f"SELECT {', '.join('a.' + c for c in EXPORT_COLUMNS)} FROM articles a"
            f" WHERE 1 = 1{where} ORDER BY COALESCE(a.published_at, a.fetched_at), a.id"
        )
        for values in self.iter_rows(sql, params):
            yield dict(zip(EXPORT_COLUMNS, values, strict=True))

    def has_source(self, source: str) -> bool:
        """True when ``source`` is configured (``sources``) or has stored articles."""
        return bool(
            self.scalar(
                "SELECT EXISTS(SELECT 1 FROM sources WHERE id = ?1)"
                " OR EXISTS(SELECT 1 FROM articles WHERE source = ?1)",
                (source,),
            )
        )

    def source_articles(self, source: str) -> tuple[int, str | None]:
        """How many articles a source has and when the newest was stored."""
        found = self.row(
            "SELECT count(*), max(fetched_at) FROM articles WHERE source = ?", (source,)
        )
        return (int(found[0]), found[1]) if found else (0, None)

    def articles_without_page(self, source: str | None = None) -> int:
        """Articles whose HTML is not (or no longer) stored."""
        sql = "SELECT count(*) FROM articles a WHERE NOT EXISTS (SELECT 1 FROM pages p WHERE p.article_id = a.id)"
        return int(
            self.scalar(sql + (" AND a.source = ?" if source else ""), [source] if source else [])
        )

    def stored_pages(
        self,
        fields: Sequence[str],
        *,
        sources: Sequence[str] = (),
        since: str | None = None,
        after_id: int = 0,
        limit: int = 200,
        where: str = "",
    ) -> list[StoredPageRow]:
        """A batch of stored pages after ``after_id``, with the named article columns."""
        conditions, params = filters(sources, since)
        sql = (
            "SELECT a.id, a.source, p.url, p.html, p.content_type, p.fetched_at,"
            f" {', '.join('a.' + name for name in fields)}"
            " FROM articles a JOIN pages p ON p.article_id = a.id"
            f" WHERE a.id > ?{conditions}{where} ORDER BY a.id LIMIT ?"
        )
        return [
            StoredPageRow(
                int(row[0]),
                row[1],
                row[2],
                bytes(row[3]),
                row[4],
                row[5],
                dict(zip(fields, row[6:], strict=True)),
            )
            for row in self.rows(sql, [after_id, *params, limit])
        ]

    def article_fields(self, article_id: int, fields: Sequence[str]) -> dict[str, Any] | None:
        """Named columns of one article."""
        found = self.row(f"SELECT {', '.join(fields)} FROM articles WHERE id = ?", (article_id,))
        return dict(zip(fields, found, strict=True)) if found else None
