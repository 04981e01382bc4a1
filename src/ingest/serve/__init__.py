"""The reading room: the ingest database in a browser, on Datasette, read-only.

Today's stories and who carried them first, each story's copies and what the aggregators
cut, a search box that understands Arabic, the health of every source; and Datasette's
own table pages and SQL editor beside them. Needs the ``serve`` extra
(``pip install 'ingest[serve]'``); everything else in ingest works without it.

Example::

    from ingest.serve import serve

    serve("data/ingest.db")  # http://127.0.0.1:8001/ until Ctrl-C

Safe to leave running on a LAN (docs/reading-room.md): the file is opened read-only
(``mode=ro``, and ``PRAGMA query_only`` on every connection), any request but GET and HEAD
is answered 405, every query stops after ``sql_time_limit_ms``, and it listens on
127.0.0.1 unless given another ``host``.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path
from typing import Any

from ingest.errors import IngestError, StoreError
from ingest.serve.metadata import DATABASE, PLUGIN, SQL_TIME_LIMIT_MS, metadata, settings

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8001
INSTALL_HINT = "pip install 'ingest[serve]'"
PACKAGE_DIR = Path(__file__).parent
# What the pages read: a database written by a release older than m003 lacks some of it.
REQUIRED = {
    "articles": "table",
    "stories": "table",
    "sources": "table",
    "endpoints": "table",
    "candidates": "table",
    "articles_fts": "table",
    "source_health": "view",
}

__all__ = ["DEFAULT_HOST", "DEFAULT_PORT", "build_datasette", "check_database", "serve"]


def _datasette_module() -> Any:
    """Import Datasette, or say how to install it."""
    try:
        import datasette.app  # type: ignore[import-untyped]
    except ImportError as exc:
        raise IngestError(
            f"the reading room needs Datasette, which is not installed: {INSTALL_HINT}"
        ) from exc
    return datasette.app


def check_database(db_path: str | Path) -> Path:
    """The path of a readable ingest database, or a StoreError saying what to do."""
    path = Path(db_path)
    if not path.is_file():
        raise StoreError(
            f"no database at {path}: run 'ingest fetch' first, or pass --db with the path "
            "of an existing database"
        )
    try:
        with closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)) as conn:
            found = dict(conn.execute("SELECT name, type FROM sqlite_master").fetchall())
            stems = "headline_stems" in {
                row[1] for row in conn.execute("PRAGMA table_info(articles_fts)")
            }
    except sqlite3.Error as exc:
        raise StoreError(f"database {path}: {exc}; is it an ingest database?") from exc
    missing = sorted(name for name, kind in REQUIRED.items() if found.get(name) != kind)
    if missing or not stems:
        what = ", ".join(missing) if missing else "the stemmed search index"
        raise StoreError(
            f"database {path} lacks {what}: it is not an ingest database, or an older "
            "release wrote it; run 'ingest fetch' once to upgrade it"
        )
    return path


def build_datasette(
    db_path: str | Path,
    *,
    immutable: bool = False,
    sql_time_limit_ms: int = SQL_TIME_LIMIT_MS,
) -> Any:
    """A Datasette serving the database read-only with the reading room's pages.

    ``immutable`` is for a copy that nothing writes any more (faster: counts are cached);
    a database that ``ingest fetch`` still writes must be served without it.
    """
    app = _datasette_module()
    path = str(check_database(db_path))
    from datasette.plugins import pm  # type: ignore[import-untyped]

    from ingest.serve import plugin

    if not pm.is_registered(plugin):
        pm.register(plugin, name=PLUGIN)
    ds = app.Datasette(
        files=[] if immutable else [path],
        immutables=[path] if immutable else [],
        metadata=metadata(DATABASE),
        settings=settings(sql_time_limit_ms),
        template_dir=str(PACKAGE_DIR / "templates"),
        static_mounts=[(plugin.STATIC_MOUNT, str(PACKAGE_DIR / "static"))],
    )
    # Datasette names a database after its file; the metadata and links use one name.
    served = next(db for db in ds.databases.values() if db.path == path)
    ds.remove_database(served.name)
    ds.add_database(served, name=DATABASE)
    return ds


def serve(
    db_path: str | Path,
    host: str = DEFAULT_HOST,
    port: int = DEFAULT_PORT,
    *,
    immutable: bool = False,
    sql_time_limit_ms: int = SQL_TIME_LIMIT_MS,
) -> None:
    """Serve the reading room on http://HOST:PORT/ until interrupted (Ctrl-C, SIGTERM).

    Raises StoreError for a missing or unusable database, IngestError without Datasette.
    """
    import asyncio

    ds = build_datasette(db_path, immutable=immutable, sql_time_limit_ms=sql_time_limit_ms)
    import uvicorn

    asyncio.run(ds.invoke_startup())
    uvicorn.run(ds.app(), host=host, port=port, log_level="info", access_log=False)
