"""The metadata and settings the reading room gives Datasette: what its own pages show.

Datasette does not find ``articles_fts`` by itself (it is not an external-content table),
so ``fts_table``/``fts_pk`` point the search box of ``articles`` at it; the plugin then
makes that box build its query as ``ingest search`` does (see ``plugin.py``).
"""

from __future__ import annotations

from typing import Any

DATABASE = "ingest"  # the database's name in Datasette's URLs, whatever the file is called
PLUGIN = "ingest-reading-room"  # the key of the plugin's configuration in the metadata
SQL_TIME_LIMIT_MS = 1000  # Datasette's default: one slow query cannot hold the server
# Table lists cut long cells (article bodies, candidates.data) and show fewer rows: a
# page of 100 articles with whole bodies weighed 450 KB and more.
CELL_CHARS = 200
PAGE_ROWS = 50

# Shown above the articles table; the rest is in docs/schema.md.
COLUMNS = {
    "body": "plain text, paragraphs separated by a blank line (cut in lists: open a row)",
    "published_local": "the publication time as the page printed it, with its offset",
    "original_source_id": "for a republished copy: the configured outlet it names",
}

# Questions from docs/schema.md, one click away on the database page. Read-only: none
# has ``write: true``.
QUERIES = {
    "today": {
        "title": "Today's articles (Tripoli time)",
        "sql": "SELECT source, published_local, headline, url FROM articles\n"
        "WHERE date(published_at, '+2 hours') = date('now', '+2 hours')\n"
        "ORDER BY published_at DESC",
    },
    "copies_of_story": {
        "title": "Every copy of one story, with its original and delay",
        "sql": "SELECT copy_source, original_source_id, copy_published_at,\n"
        "       original_published_at, delay_secs / 60 AS delay_minutes, copy_url\n"
        "FROM copies WHERE story_id = :story_id ORDER BY delay_secs",
    },
    "republishers": {
        "title": "Who republishes an outlet's stories, and how fast",
        "sql": "SELECT copy_source, count(*) AS copies, avg(delay_secs) / 60 AS avg_minutes\n"
        "FROM copies WHERE original_source_id = :original_source_id GROUP BY 1",
    },
    "feeds_in_trouble": {
        "title": "Feeds in trouble",
        "sql": "SELECT source, url, failure_kind, failure_count, error, next_due_at\n"
        "FROM endpoints WHERE status = 'error' ORDER BY failure_count DESC",
    },
    "not_stored": {
        "title": "Why URLs were not stored",
        "sql": "SELECT state, reason, count(*) AS urls FROM candidates\n"
        "GROUP BY 1, 2 ORDER BY 3 DESC",
    },
    "unknown_originals": {
        "title": "Cited originals that are not configured outlets",
        "sql": "SELECT original_source, count(*) AS copies FROM articles\n"
        "WHERE original_source IS NOT NULL AND original_source_id IS NULL\n"
        "GROUP BY 1 ORDER BY 2 DESC",
    },
}


def metadata(database: str = DATABASE) -> dict[str, Any]:
    """Datasette metadata for an ingest database served under the name ``database``."""
    return {
        "title": "ingest reading room",
        "description": "Libyan news as ingest stored it: read-only.",
        "plugins": {PLUGIN: {"database": database}},
        "databases": {
            database: {
                "description": "One row per article of one outlet; copies share a story.",
                "queries": QUERIES,
                "tables": {
                    "articles": {
                        "fts_table": "articles_fts",
                        "fts_pk": "id",
                        "facets": ["source", "language", "original_source_id"],
                        "sort_desc": "published_at",
                        "label_column": "headline",
                        "columns": COLUMNS,
                    },
                    "stories": {"sort_desc": "last_seen", "label_column": "headline"},
                    "sources": {"label_column": "name", "facets": ["language", "aggregator"]},
                    "endpoints": {"facets": ["source", "status", "failure_kind"]},
                    "candidates": {"facets": ["state", "source"]},
                    "articles_fts": {"hidden": True},
                    "_ingest_meta": {"hidden": True},
                    "_sqlite_migrations": {"hidden": True},
                },
            }
        },
    }


def settings(sql_time_limit_ms: int = SQL_TIME_LIMIT_MS) -> dict[str, Any]:
    """Datasette settings: a time limit on every query, cut cells, no file download."""
    return {
        "sql_time_limit_ms": sql_time_limit_ms,
        "truncate_cells_html": CELL_CHARS,
        "default_page_size": PAGE_ROWS,
        # The file may be gigabytes and is being written: download is off (Datasette
        # offers it only for immutable files anyway).
        "allow_download": False,
        # The useful facets are configured (source, language, original_source_id);
        # suggesting others costs a query per column on every table page.
        "suggest_facets": False,
    }
