"""Reading the database for ``ingest search`` and ``ingest export``: hits and rows out.

Search goes through ``terms`` (what a query means: stems, phrases, prefixes, exclusions)
and the store (one FTS5 query, one line per story unless every copy is asked for); the
snippet is cut from the text as the outlet published it, not from the normalised index.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass

from ingest import terms
from ingest.store import EXPORT_COLUMNS, Store

SNIPPET_WORDS = 24


class QueryError(ValueError):
    """A search that cannot run, with what to type instead."""


@dataclass(frozen=True)
class Hit:
    """One search result (a story's best match, unless every copy was asked for)."""

    id: int
    url: str
    source: str
    headline: str | None
    published_at: str | None
    published_local: str | None
    story_id: int | None
    snippet: str
    copies: int  # matching articles of this story, this one included
    copy_sources: tuple[str, ...]

    def as_json(self) -> str:
        """One JSON object, Arabic kept readable."""
        return json.dumps(
            {**asdict(self), "copy_sources": list(self.copy_sources)}, ensure_ascii=False
        )


def search(
    store: Store,
    query: str,
    *,
    limit: int = 20,
    sources: Sequence[str] = (),
    since: str | None = None,
    all_copies: bool = False,
) -> list[Hit]:
    """Search headlines and bodies; a plain word finds its clitic and inflected forms."""
    parsed = terms.parse_query(query)
    if parsed.problem:
        raise QueryError(parsed.problem)
    if not terms.match_expression(query):
        raise QueryError("nothing to search for: type at least one word")
    rows = store.search(query, limit=limit, sources=sources, since=since, all_copies=all_copies)
    return [
        Hit(
            id=row.id,
            url=row.url,
            source=row.source,
            headline=row.headline,
            published_at=row.published_at,
            published_local=row.published_local,
            story_id=row.story_id,
            snippet=terms.mark_snippet(row.body or "", query, max_words=SNIPPET_WORDS),
            copies=row.copies,
            copy_sources=row.copy_sources,
        )
        for row in rows
    ]


def to_jsonl(row: dict[str, object]) -> str:
    """One JSON line, Arabic kept readable."""
    return json.dumps(row, ensure_ascii=False)


def csv_lines(rows: Iterator[dict[str, object]], *, bom: bool = False) -> Iterator[str]:
    """CSV text, header first, one chunk per row; ``bom`` for spreadsheet programs."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=EXPORT_COLUMNS)
    writer.writeheader()
    yield ("\ufeff" if bom else "") + buffer.getvalue()
    for row in rows:
        buffer.seek(0)
        buffer.truncate()
        writer.writerow(row)
        yield buffer.getvalue()
