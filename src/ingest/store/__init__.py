"""The one storage layer: the schema, its migrations and every SQL statement of ingest.

No other module holds a connection or writes SQL. ``Store`` opens a SQLite file (the
default, via sqlite-utils) or a PostgreSQL database (``postgresql://...``, via psycopg in
``pg.py``) with the same tables, views and columns; its public methods are the storage
interface, the same on both:

- ``Queue``: runs, endpoint states, the candidate queue, the request log;
- ``Articles``: filing an article (identity, duplicates, story, versions, search row);
- ``Reading``: export, per-source figures, stored pages for re-extraction;
- ``Search``: the query language over ``articles_fts``;
- ``Leases``: which worker fetches which source, and the shared per-host request slots;
- ``Sources``: the ``sources`` table, copies' originals, local dates of old articles.

Example::

    with Store("data/ingest.db") as store:
        for row in store.export_rows(sources=["wasat"]):
            print(row["headline"])
"""

from __future__ import annotations

from pathlib import Path

from ingest.models import EndpointState
from ingest.store.articles import (
    ALIAS,
    NEW,
    UNCHANGED,
    UPDATED,
    ArticleRow,
    Articles,
    StoredPage,
    compress_html,
    decompress_html,
)
from ingest.store.base import DEFAULT_DB_PATH
from ingest.store.leases import Leases
from ingest.store.queue import MAX_FETCH_EVENTS, Queue, QueuedCandidate
from ingest.store.reading import EXPORT_COLUMNS, Reading, StoredPageRow
from ingest.store.schema import migrations
from ingest.store.search import Search, SearchRow, search_row
from ingest.store.sources import Sources, UndatedLocal

__all__ = [
    "ALIAS",
    "DEFAULT_DB_PATH",
    "EXPORT_COLUMNS",
    "MAX_FETCH_EVENTS",
    "NEW",
    "UNCHANGED",
    "UPDATED",
    "ArticleRow",
    "EndpointState",
    "QueuedCandidate",
    "SearchRow",
    "Store",
    "StoredPage",
    "StoredPageRow",
    "UndatedLocal",
    "compress_html",
    "decompress_html",
    "migrations",
    "open_store",
    "search_row",
]


class Store(Queue, Articles, Reading, Search, Sources, Leases):
    """The ingest database. Open with ``Store(path)`` (created and migrated on first use,
    or ``create=False`` to refuse a missing file); close with ``close()``."""

    def __init__(self, path: str | Path = DEFAULT_DB_PATH, *, create: bool = True) -> None:
        super().__init__(path, create=create)
        self.check_search_index()

    def __enter__(self) -> Store:
        return self


def open_store(path: str | Path = DEFAULT_DB_PATH, *, create: bool = True) -> Store:
    """Open the database at ``path``: a SQLite file, or a ``postgresql://`` URL."""
    return Store(path, create=create)
