"""Copy a database into another: ``ingest migrate-db --to postgresql://...``.

Every table is copied row by row with its own ids, in an order that keeps references
whole (stories before the articles that point at them, articles before their aliases,
versions, bands, pages and search rows), in batches of one transaction each. A row
already in the target is overwritten by the source's (``ON CONFLICT ... DO UPDATE``), so
running the copy again, after an interruption or after more fetching, finishes or
refreshes it and duplicates nothing. Identity sequences are moved past the copied ids.
Leases and host slots are not copied: they only mean something while workers run.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from ingest.store.base import Base

BATCH_ROWS = 1000
# Tables in copying order, each with its key columns.
TABLES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("sources", ("id",)),
    ("stories", ("id",)),
    ("articles", ("id",)),
    ("article_aliases", ("url",)),
    ("article_versions", ("id",)),
    ("article_bands", ("band", "bucket", "article_id")),
    ("pages", ("article_id",)),
    ("articles_fts", ("rowid",)),
    ("candidates", ("url",)),
    ("endpoints", ("url",)),
    ("runs", ("id",)),
    ("fetch_events", ("id",)),
    ("_ingest_meta", ("key",)),
)
IDENTITY_TABLES = ("stories", "articles", "article_versions", "runs", "fetch_events")


@dataclass(frozen=True)
class Copied:
    """One table copied: rows read from the source, rows the target then holds."""

    table: str
    rows: int
    target_rows: int


def _columns(source: Base, target: Base, table: str) -> list[str]:
    """The columns both hold (``articles_fts``'s rowid is named, not implied)."""
    wanted = source.column_names(table)
    if table == "articles_fts" and "rowid" not in wanted:
        wanted = ["rowid", *wanted]
    have = set(target.column_names(table))
    return [name for name in wanted if name in have]


def copy_table(
    source: Base, target: Base, table: str, keys: tuple[str, ...], on_rows: Callable[[int], None]
) -> Copied:
    """Copy one table, batch by batch; ``on_rows`` hears each batch's size."""
    columns = _columns(source, target, table)
    others = [name for name in columns if name not in keys]
    action = (
        "DO UPDATE SET " + ", ".join(f"{name} = excluded.{name}" for name in others)
        if others
        else "DO NOTHING"
    )
    insert = (
        f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
        f" ON CONFLICT ({', '.join(keys)}) {action}"
    )
    order = ", ".join(keys)
    copied, batch = 0, []
    for row in source.iter_rows(f"SELECT {', '.join(columns)} FROM {table} ORDER BY {order}"):
        batch.append(tuple(bytes(v) if isinstance(v, memoryview) else v for v in row))
        if len(batch) >= BATCH_ROWS:
            copied += _write(target, insert, batch, on_rows)
            batch = []
    copied += _write(target, insert, batch, on_rows)
    return Copied(table, copied, int(target.scalar(f"SELECT count(*) FROM {table}")))


def _write(
    target: Base, insert: str, batch: list[tuple[object, ...]], on_rows: Callable[[int], None]
) -> int:
    if batch:
        with target.transaction() as conn:
            conn.executemany(insert, batch)
        on_rows(len(batch))
    return len(batch)


def copy_database(
    source: Base, target: Base, on_rows: Callable[[str, int], None] | None = None
) -> list[Copied]:
    """Copy every table of ``source`` into ``target``; safe to run again."""
    report = on_rows or _quiet
    done = []
    for table, keys in TABLES:
        done.append(copy_table(source, target, table, keys, partial(report, table)))
    if target.dialect == "postgresql":
        with target.transaction() as conn:
            for table in IDENTITY_TABLES:
                conn.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'),"
                    f" COALESCE((SELECT max(id) FROM {table}), 0) + 1, false)"
                )
    return done


def _quiet(table: str, rows: int) -> None:
    """No progress to show."""
