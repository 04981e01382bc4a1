"""ingest: a news-ingestion pipeline for Libya's media.

``from ingest import extract_article`` is the extraction API; it is loaded on first use so
that commands which do not extract (``ingest status``, ``ingest search``) start fast.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
__all__ = ["extract_article"]

if TYPE_CHECKING:
    from ingest.extract import extract_article


def __getattr__(name: str) -> Any:
    if name == "extract_article":
        from ingest.extract import extract_article

        return extract_article
    raise AttributeError(f"module 'ingest' has no attribute {name!r}")
