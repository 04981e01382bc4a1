"""The PostgreSQL backend's connection: psycopg 3 behind the shape of ``sqlite3``'s.

The store's SQL is written once, in the dialect both engines share (``ON CONFLICT``,
``RETURNING``, window functions), with SQLite's parameter marks. This module runs it on
PostgreSQL: ``?``, ``?N`` and ``:name`` marks become psycopg's, ``BEGIN IMMEDIATE``
becomes ``BEGIN``, and cursors answer ``fetchone``/``fetchmany``/``rowcount`` as
``sqlite3``'s do. The few statements that differ (the schema, full-text search, leases)
are written per dialect where they are used.

Why psycopg 3: the maintained PostgreSQL driver for Python, with binary wheels that bring
their own libpq (``ingest[postgresql]``), server-side parameter binding and pipelining of
``executemany``, which ``migrate-db`` relies on to copy a million rows. Its objects stay
inside this module.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import psycopg
from psycopg import pq

CONNECT_TIMEOUT_SECS = 10
# One literal, one quoted name, or one parameter mark of SQLite's styles.
_TOKEN = re.compile(r"'(?:[^']|'')*'|\"(?:[^\"]|\"\")*\"|\?(\d*)|(?<!:):([A-Za-z_]\w*)|%")

Error = psycopg.Error


def redact(url: str) -> str:
    """The URL without its password, for messages and logs."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@", 1)
    return urlunsplit(parts._replace(netloc=netloc))


@lru_cache(maxsize=512)
def translate(sql: str) -> tuple[str, tuple[int, ...] | None]:
    """SQLite-style SQL as psycopg's, and which positional parameter fills each mark.

    >>> translate("SELECT ?1 OR ?1, '50%' LIKE ?")
    ("SELECT %s OR %s, '50%%' LIKE %s", (0, 0, 1))
    """
    order: list[int] = []
    named = False

    def mark(match: re.Match[str]) -> str:
        nonlocal named
        token = match.group(0)
        if token == "%":
            return "%%"
        if token[0] in "'\"":
            return token.replace("%", "%%")
        if token[0] == "?":
            order.append(int(match.group(1)) - 1 if match.group(1) else len(order))
            return "%s"
        named = True
        return f"%({match.group(2)})s"

    text = sql.strip()
    if text.upper().startswith("BEGIN IMMEDIATE"):
        return "BEGIN", ()
    translated = _TOKEN.sub(mark, text)
    if not order and not named:
        return text, ()  # psycopg reads no marks (nor %%) in a statement without parameters
    return translated, None if named else tuple(order)


def _clean(value: Any) -> Any:
    """A value PostgreSQL takes: text cannot hold NUL characters (SQLite's can), and a
    hostile page or feed may carry them, so they are dropped rather than stop the run."""
    return value.replace("\x00", "") if isinstance(value, str) and "\x00" in value else value


def _params(order: tuple[int, ...] | None, params: Any) -> Any:
    if isinstance(params, Mapping):
        return {key: _clean(value) for key, value in params.items()}
    values = [_clean(value) for value in params]
    return values if order is None else [values[i] for i in order]


class Cursor:
    """A psycopg cursor answering as a ``sqlite3.Cursor`` does."""

    def __init__(self, cursor: psycopg.Cursor[Any]) -> None:
        self._cursor = cursor

    @property
    def rowcount(self) -> int:
        return int(self._cursor.rowcount)

    @property
    def description(self) -> Sequence[Any] | None:
        return self._cursor.description

    def fetchone(self) -> tuple[Any, ...] | None:
        return self._cursor.fetchone() if self._cursor.description else None

    def fetchall(self) -> list[tuple[Any, ...]]:
        return self._cursor.fetchall() if self._cursor.description else []

    def fetchmany(self, size: int) -> list[tuple[Any, ...]]:
        return self._cursor.fetchmany(size) if self._cursor.description else []

    def __iter__(self) -> Iterator[tuple[Any, ...]]:
        return iter(self.fetchall())


class Connection:
    """An autocommit psycopg connection; ``Base.transaction`` sends BEGIN and COMMIT."""

    def __init__(self, url: str) -> None:
        self.url = url
        self._conn = psycopg.connect(url, autocommit=True, connect_timeout=CONNECT_TIMEOUT_SECS)

    def execute(self, sql: str, params: Any = ()) -> Cursor:
        text, order = translate(sql)
        cursor = self._conn.cursor()
        cursor.execute(text, _params(order, params) or None)
        return Cursor(cursor)

    def executemany(self, sql: str, seq: Any) -> Cursor:
        text, order = translate(sql)
        cursor = self._conn.cursor()
        cursor.executemany(text, [_params(order, p) for p in seq])
        return Cursor(cursor)

    @property
    def in_transaction(self) -> bool:
        return self._conn.info.transaction_status != pq.TransactionStatus.IDLE

    def close(self) -> None:
        self._conn.close()


def describe(exc: Exception, url: str) -> str:
    """One line saying what went wrong with the PostgreSQL database and what to do."""
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    lowered = text.lower()
    if "connect" in lowered or "connection" in lowered or "timeout" in lowered:
        hint = "check that the server runs, the URL, and that this machine may connect"
    elif "does not exist" in lowered and "database" in lowered:
        hint = "create the database first (createdb), or fix the URL"
    elif "permission denied" in lowered or "password" in lowered:
        hint = "the database user lacks a right it needs; see docs/scale-out.md"
    elif "disk" in lowered or "space" in lowered:
        hint = "the server is out of disk space"
    else:
        hint = "see the server's log"
    return f"database {redact(url)}: {text}; {hint}"
