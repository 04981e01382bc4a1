"""The SQLite connection every part of the store shares: opening, transactions, errors.

Crash safety: WAL mode, and every unit of work (one feed's candidates with its new state,
one article with its aliases, story and search row) is one transaction. A run killed at
any moment leaves the database as it was after the last whole unit; what was found but
not yet stored waits in ``candidates`` for the next run.

Every ``sqlite3`` error becomes a ``StoreError`` with one readable line (a full disk, a
read-only or corrupt file), so the command line can keep its exit-code contract.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import sqlite_utils

from ingest.errors import StoreError
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

    def __init__(self, path: str | Path = DEFAULT_DB_PATH, *, create: bool = True) -> None:
        self.path = Path(path)
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
            self._conn = sqlite3.connect(str(self.path), isolation_level=None, timeout=30)
            for pragma in PRAGMAS:
                self._conn.execute(f"PRAGMA {pragma}")
            db = sqlite_utils.Database(self._conn)
            self.upgraded = bool(migrations.pending(db))
            migrations.apply(db)
        except sqlite3.Error as exc:
            raise StoreError(describe(exc, self.path)) from exc

    def close(self) -> None:
        """Close the connection (SQLite checkpoints the WAL)."""
        self._conn.close()

    def __enter__(self) -> Base:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One atomic unit of work: ``BEGIN IMMEDIATE`` ... ``COMMIT``, or rollback."""
        try:
            self._conn.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            raise StoreError(describe(exc, self.path)) from exc
        try:
            yield self._conn
            self._conn.execute("COMMIT")
        except sqlite3.Error as exc:
            self._rollback()
            raise StoreError(describe(exc, self.path)) from exc
        except BaseException:
            self._rollback()
            raise

    def _rollback(self) -> None:
        """Roll back if a transaction is open (SQLite may have ended it already)."""
        if self._conn.in_transaction:
            try:
                self._conn.execute("ROLLBACK")
            except sqlite3.Error:
                pass

    def rows(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> list[Row]:
        """All rows of a read query."""
        try:
            return self._conn.execute(sql, params).fetchall()
        except sqlite3.Error as exc:
            raise StoreError(describe(exc, self.path)) from exc

    def iter_rows(self, sql: str, params: Sequence[Any] = (), *, batch: int = 500) -> Iterator[Row]:
        """Rows of a read query, streamed in batches (never all in memory)."""
        try:
            cursor = self._conn.execute(sql, params)
            while chunk := cursor.fetchmany(batch):
                yield from chunk
        except sqlite3.Error as exc:
            raise StoreError(describe(exc, self.path)) from exc

    def row(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> Row | None:
        """The first row of a read query, or None."""
        found = self.rows(sql, params)
        return found[0] if found else None

    def scalar(self, sql: str, params: Iterable[Any] = ()) -> Any:
        """The first column of the first row, or None."""
        found = self.row(sql, tuple(params))
        return found[0] if found else None

    @property
    def db(self) -> sqlite_utils.Database:
        """The sqlite-utils view of the connection (table and view names, indexes)."""
        return sqlite_utils.Database(self._conn)
