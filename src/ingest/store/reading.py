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
# bm25 weights of articles_fts's columns: a word in the headline counts four times.
SEARCH_WEIGHTS = "4.0, 1.0, 4.0, 1.0"


@dataclass(frozen=True)
class SearchRow:
    """One article that matched a search, with how many copies of its story matched."""

    id: int
    source: str
    url: str
    headline: str | None
    published_at: str | None
    published_local: str | None
    story_id: int | None
    body: str | None
    copies: int  # matching articles of the same story, this one included
    copy_sources: tuple[str, ...]  # their outlets, in rank order, without repeats


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


def _filters(
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

    def search(
        self,
        match: str,
        *,
        limit: int = 20,
        sources: Sequence[str] = (),
        since: str | None = None,
        all_copies: bool = False,
    ) -> list[SearchRow]:
        """Articles matching an FTS5 expression, best first; one per story unless asked.

        A story is shown by its original when the original matched (an aggregator's
        copy only when it alone did), ranked by its best-matching copy.

        ``match`` must be a non-empty expression built by ``terms.match_expression``.
        """
        where, params = _filters(sources, since)
        group = "a.id" if all_copies else "COALESCE(a.story_id, -a.id)"
        sql = f"""
            WITH hits AS (
                SELECT a.id, a.source, a.url, a.headline, a.published_at, a.published_local,
                       a.story_id, a.body, {group} AS grp, a.original_source IS NOT NULL AS copy,
                       bm25(articles_fts, {SEARCH_WEIGHTS}) AS score
                FROM articles_fts JOIN articles a ON a.id = articles_fts.rowid
                WHERE articles_fts MATCH ? {where}
            ), ranked AS (
                SELECT *, row_number() OVER story AS n,
                       count(*) OVER (PARTITION BY grp) AS copies,
                       min(score) OVER (PARTITION BY grp) AS best,
                       group_concat(source, ' ') OVER (story
                           ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) AS outlets
                FROM hits
                WINDOW story AS (PARTITION BY grp ORDER BY copy, score, id)
            )
            SELECT id, source, url, headline, published_at, published_local, story_id, body,
                   copies, outlets
            FROM ranked WHERE n = 1 ORDER BY best, id LIMIT ?
        """
        found = []
        for row in self.rows(sql, [match, *params, limit]):
            names = tuple(dict.fromkeys(str(row[9] or "").split()))
            found.append(
                SearchRow(
                    id=int(row[0]),
                    source=row[1],
                    url=row[2],
                    headline=row[3],
                    published_at=row[4],
                    published_local=row[5],
                    story_id=row[6],
                    body=row[7],
                    copies=int(row[8]),
                    copy_sources=names,
                )
            )
        return found

    def export_rows(
        self, *, since: str | None = None, sources: Sequence[str] = ()
    ) -> Iterator[dict[str, object]]:
        """Articles as dicts, oldest first, streamed (never all in memory)."""
        where, params = _filters(sources, since)
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
        conditions, params = _filters(sources, since)
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
