"""ingest: a news-ingestion pipeline for Libya's media."""

from __future__ import annotations

__version__ = "0.1.0"
