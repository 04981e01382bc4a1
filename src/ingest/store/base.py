"""The connection every part of the store shares: opening, transactions, errors.

``--db`` is a file path (SQLite, the default) or a ``postgresql://`` URL (``pg.py``, the
``ingest[postgresql]`` extra): both run the same SQL through the same methods here.

Crash safety: WAL mode, and every unit of work (one feed's candidates with its new state,
one article with its aliases, story and search row) is one transaction. A run killed at
any moment leaves the database as it was after the last whole unit; what was found but
not yet stored waits in ``candidates`` for the next run.

Every database error becomes a ``StoreError`` with one readable line (a full disk, a
read-only or corrupt file), so the command line can keep its exit-code contract.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Literal

import sqlite_utils

from ingest.clock import iso, utc_now
from ingest.errors import ConflictError, StoreError
from ingest.store.schema import migrations

DEFAULT_DB_PATH = "data/ingest.db"
BUSY_TIMEOUT_MSECS = 10_000
# Applied on every connection; tests add ``max_page_count`` here to make a disk "full".
PRAGMAS: list[str] = [
    f"busy_timeout = {BUSY_TIMEOUT_MSECS}",
    "journal_mode = WAL",
    "synchronous = NORMAL",
    "foreign_keys = ON",
]

Row = tuple[Any, ...]
Dialect = Literal["sqlite", "postgresql"]
# PostgreSQL's deadlock_detected and serialization_failure: the transaction was undone
# because it crossed another, and running it again succeeds.
RETRYABLE_SQLSTATES = {"40P01", "40001"}
POSTGRESQL_SCHEMES = ("postgresql://", "postgres://")
NO_DRIVER = "PostgreSQL support is not installed: pip install 'ingest[postgresql]' (psycopg 3)"


def is_postgresql(location: str | Path) -> bool:
    """True when a ``--db`` value names a PostgreSQL database rather than a file."""
    return str(location).startswith(POSTGRESQL_SCHEMES)


def describe(exc: sqlite3.Error, path: Path) -> str:
    """One line saying what went wrong with the database and what to do."""
    text = str(exc)
    lowered = text.lower()
    if "full" in lowered:
        hint = "free some disk space (or lower keep_html) and run again"
    elif "readonly" in lowered or "read-only" in lowered:
        hint = "make the file and its folder writable by this user"
    elif "not a database" in lowered or "malformed" in lowered or "corrupt" in lowered:
        hint = "the file is not an intact ingest database; restore a backup or use another --db"
    elif "locked" in lowered or "busy" in lowered:
        hint = "another program holds a write lock on it for too long"
    else:
        hint = "check the path and that the file is an ingest SQLite database"
    return f"database {path}: {text}; {hint}"


class Base:
    """An open ingest database: the connection, transactions and error translation."""

    dialect: Dialect = "sqlite"

    def __init__(self, path: str | Path = DEFAULT_DB_PATH, *, create: bool = True) -> None:
        if is_postgresql(path):
            self._open_postgresql(str(path), create=create)
        else:
            self._open_sqlite(Path(path), create=create)

    def _open_sqlite(self, path: Path, *, create: bool) -> None:
        self.path = path
        self.location = str(path)
        self._errors: tuple[type[Exception], ...] = (sqlite3.Error,)
        if not create and not self.path.exists():
            raise StoreError(
                f"no database at {self.path}: run 'ingest fetch' first, or pass --db "
                "with the path of an existing database"
            )
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(f"cannot create {self.path.parent}: {exc}") from exc
        try:
            self._conn: Any = sqlite3.connect(str(self.path), isolation_level=None, timeout=30)
            for pragma in PRAGMAS:
                self._conn.execute(f"PRAGMA {pragma}")
            db = sqlite_utils.Database(self._conn)
            self.upgraded = bool(migrations.pending(db))
            migrations.apply(db)
        except sqlite3.Error as exc:
            raise StoreError(describe(exc, self.path)) from exc

    def _open_postgresql(self, url: str, *, create: bool) -> None:
        try:
            from ingest.store import pg, pgschema
        except ImportError:
            raise StoreError(NO_DRIVER) from None
        self.dialect = "postgresql"
        self.path = Path(pg.redact(url))
        self.location = pg.redact(url)
        self._errors = (pg.Error,)
        try:
            self._conn = pg.Connection(url)
        except pg.Error as exc:
            raise StoreError(pg.describe(exc, url)) from exc
        if not create and not self.scalar("SELECT to_regclass('_ingest_migrations') IS NOT NULL"):
            self.close()
            raise StoreError(
                f"no ingest database at {self.location}: run 'ingest fetch --db URL' or "
                "'ingest migrate-db --to URL' first"
            )
        with self.transaction() as conn:
            conn.execute(f"SELECT pg_advisory_xact_lock({pgschema.MIGRATION_LOCK})")
            conn.execute(
                "CREATE TABLE IF NOT EXISTS _ingest_migrations"
                " (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)"
            )
            applied = {row[0] for row in conn.execute("SELECT name FROM _ingest_migrations")}
            self.upgraded = bool(pgschema.pending(applied)) and bool(applied)
            pgschema.apply(conn.execute, applied, iso(utc_now()))

    def _describe(self, exc: Exception) -> str:
        if self.dialect == "postgresql":
            from ingest.store import pg

            return pg.describe(exc, self.location)
        return describe(exc, self.path)  # type: ignore[arg-type]

    def close(self) -> None:
        """Close the connection (SQLite checkpoints the WAL)."""
        self._conn.close()

    def __enter__(self) -> Base:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[Any]:
        """One atomic unit of work: ``BEGIN IMMEDIATE`` ... ``COMMIT``, or rollback.

        SQLite's ``IMMEDIATE`` makes writers take turns; PostgreSQL's transactions run side
        by side (read committed), and the statements that must not interleave take an
        advisory lock (``serialize``).
        """
        try:
            self._conn.execute("BEGIN IMMEDIATE")
        except self._errors as exc:
            raise StoreError(self._describe(exc)) from exc
        try:
            yield self._conn
            self._conn.execute("COMMIT")
        except self._errors as exc:
            self._rollback()
            if getattr(exc, "sqlstate", None) in RETRYABLE_SQLSTATES:
                raise ConflictError(self._describe(exc)) from exc
            raise StoreError(self._describe(exc)) from exc
        except BaseException:
            self._rollback()
            raise

    def serialize(self, conn: Any, keys: Iterable[int | str]) -> None:
        """Hold advisory locks on ``keys`` until the transaction ends (PostgreSQL); two
        transactions that share a key run one after the other. SQLite's writers already do.

        Keys are taken in sorted order, so two transactions never wait on each other.
        """
        if self.dialect != "postgresql":
            return
        numbers = sorted({_lock_number(key) for key in keys})
        if numbers:
            conn.execute(
                "SELECT count(pg_advisory_xact_lock(k)) FROM"
                " (SELECT k FROM unnest(?::bigint[]) AS k ORDER BY k) AS ordered",
                (numbers,),
            )

    def _rollback(self) -> None:
        """Roll back if a transaction is open (SQLite may have ended it already)."""
        if self._conn.in_transaction:
            try:
                self._conn.execute("ROLLBACK")
            except self._errors:
                pass

    def rows(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> list[Row]:
        """All rows of a read query."""
        try:
            return list(self._conn.execute(sql, params).fetchall())
        except self._errors as exc:
            raise StoreError(self._describe(exc)) from exc

    def iter_rows(self, sql: str, params: Sequence[Any] = (), *, batch: int = 500) -> Iterator[Row]:
        """Rows of a read query, streamed in batches (never all in memory)."""
        try:
            cursor = self._conn.execute(sql, params)
            while chunk := cursor.fetchmany(batch):
                yield from chunk
        except self._errors as exc:
            raise StoreError(self._describe(exc)) from exc

    def row(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> Row | None:
        """The first row of a read query, or None."""
        found = self.rows(sql, params)
        return found[0] if found else None

    def scalar(self, sql: str, params: Iterable[Any] = ()) -> Any:
        """The first column of the first row, or None."""
        found = self.row(sql, tuple(params))
        return found[0] if found else None

    # --- what the database holds (the same answers on both engines) -------------------

    def table_names(self) -> set[str]:
        """Tables (SQLite's FTS5 shadow tables and bookkeeping left out)."""
        if self.dialect == "postgresql":
            sql = "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"
        else:
            sql = "SELECT name FROM sqlite_master WHERE type IN ('table')"
        return {
            name
            for (name,) in self.rows(sql)
            if not name.startswith(("articles_fts_", "sqlite_", "_sqlite", "_ingest_migrations"))
        }

    def view_names(self) -> set[str]:
        """Views."""
        if self.dialect == "postgresql":
            sql = "SELECT viewname FROM pg_views WHERE schemaname = current_schema()"
        else:
            sql = "SELECT name FROM sqlite_master WHERE type = 'view'"
        return {name for (name,) in self.rows(sql)}

    def index_names(self, table: str) -> set[str]:
        """Named indexes of a table (automatic ones left out)."""
        if self.dialect == "postgresql":
            sql = "SELECT indexname FROM pg_indexes WHERE tablename = ?"
        else:
            sql = "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = ?"
        return {name for (name,) in self.rows(sql, (table,)) if name.startswith("idx_")}

    @property
    def db(self) -> sqlite_utils.Database:
        """The sqlite-utils view of a SQLite store (its migrations, for tests and tools)."""
        if self.dialect != "sqlite":
            raise StoreError(f"{self.location} is not a SQLite file")
        return sqlite_utils.Database(self._conn)

    def column_names(self, table: str) -> list[str]:
        """A table's or view's columns, in order."""
        cursor = self._conn.execute(f"SELECT * FROM {table} LIMIT 0")
        return [d[0] for d in cursor.description or ()]


def _lock_number(key: int | str) -> int:
    """A signed 64-bit advisory lock number for a key."""
    digest = hashlib.blake2b(str(key).encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)
