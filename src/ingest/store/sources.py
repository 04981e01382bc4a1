"""The ``sources`` table (the configuration, joinable from SQL) and what hangs off it:
copies' ``original_source_id`` and the page's own dates of articles stored before them."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ingest.clock import iso, utc_now
from ingest.crawl import source_hosts
from ingest.models import Source
from ingest.store.base import Base

# (original_source as printed, original_url, the copy's own source) -> a configured id
Resolve = Callable[[str | None, str | None, str], str | None]
BATCH = 500
_MISSING_LOCAL = (
    "(({a}published_at IS NOT NULL AND {a}published_local IS NULL)"
    " OR ({a}modified_at IS NOT NULL AND {a}modified_local IS NULL))"
)
_COLUMNS = ("name", "homepage", "language", "timezone", "aliases", "hosts", "aggregator", "enabled")


@dataclass(frozen=True)
class UndatedLocal:
    """An article stored before local dates were recorded, with its page if kept."""

    id: int
    source: str
    url: str
    published_at: str | None
    modified_at: str | None
    html: bytes | None
    content_type: str | None
    fetched_at: str | None
    extraction_method: str | None


def source_values(source: Source) -> tuple[object, ...]:
    """A source's ``sources`` row, in ``_COLUMNS`` order."""
    return (
        source.name,
        source.homepage,
        source.language,
        source.timezone,
        json.dumps(list(getattr(source, "aliases", ())), ensure_ascii=False),
        json.dumps(sorted(source_hosts(source))),
        int(source.aggregator),
        int(source.enabled),
    )


class Sources(Base):
    """Mirror the configuration; keep copies joined to their originals."""

    def sync_sources(self, sources: Sequence[Source], resolve: Resolve) -> bool:
        """Write the configured sources; when any changed, resolve copies' originals again.

        Sources no longer configured stay, marked ``configured = 0``: their articles still
        name them. Returns True when the table changed.
        """
        now = iso(utc_now())
        stored = {
            row[0]: tuple(row[1:])
            for row in self.rows(f"SELECT id, {', '.join(_COLUMNS)}, configured FROM sources")
        }
        wanted = {source.id: (*source_values(source), 1) for source in sources}
        gone = [sid for sid, values in stored.items() if sid not in wanted and values[-1] != 0]
        changed = [(sid, values) for sid, values in wanted.items() if stored.get(sid) != values]
        if not changed and not gone:
            return False
        with self.transaction() as conn:
            for sid, values in changed:
                marks = ", ".join(f"{c} = excluded.{c}" for c in (*_COLUMNS, "configured"))
                conn.execute(
                    f"INSERT INTO sources (id, {', '.join(_COLUMNS)}, configured, first_seen,"
                    f" updated_at) VALUES ({', '.join('?' * (len(_COLUMNS) + 4))})"
                    f" ON CONFLICT(id) DO UPDATE SET {marks}, updated_at = excluded.updated_at",
                    (sid, *values, now, now),
                )
            conn.executemany(
                "UPDATE sources SET configured = 0, updated_at = ? WHERE id = ?",
                [(now, sid) for sid in gone],
            )
        self.resolve_originals(resolve)
        return True

    def resolve_originals(self, resolve: Resolve) -> int:
        """Set ``original_source_id`` of every copy again; return how many changed."""
        changed = 0
        last = 0
        while True:
            batch = self.rows(
                "SELECT id, original_source, original_url, source, original_source_id"
                " FROM articles WHERE original_source IS NOT NULL AND id > ? ORDER BY id LIMIT ?",
                (last, BATCH),
            )
            if not batch:
                return changed
            last = batch[-1][0]
            updates = []
            for article_id, name, url, own, current in batch:
                found = resolve(name, url, own)
                if found != current:
                    updates.append((found, article_id))
            if updates:
                with self.transaction() as conn:
                    conn.executemany(
                        "UPDATE articles SET original_source_id = ? WHERE id = ?", updates
                    )
                changed += len(updates)

    def configured_sources(self) -> list[dict[str, object]]:
        """The ``sources`` rows, as dicts."""
        names = ("id", *_COLUMNS, "configured")
        return [
            dict(zip(names, row, strict=True))
            for row in self.rows(f"SELECT {', '.join(names)} FROM sources ORDER BY id")
        ]

    # --- dates of articles stored before local dates were recorded ------------------------

    def without_local_dates(self, after_id: int, limit: int = BATCH) -> list[UndatedLocal]:
        """Dated articles with no local date yet (stored by release 0.1), with their pages."""
        return [
            UndatedLocal(*row)
            for row in self.rows(
                "SELECT a.id, a.source, a.url, a.published_at, a.modified_at, p.html,"
                " p.content_type, p.fetched_at, a.extraction_method FROM articles a"
                " LEFT JOIN pages p ON p.article_id = a.id"
                f" WHERE a.id > ? AND {_MISSING_LOCAL.format(a='a.')}"
                " ORDER BY a.id LIMIT ?",
                (after_id, limit),
            )
        ]

    def count_without_local_dates(self) -> int:
        """How many dated articles have no local date yet.

        Asked at the start of every ``ingest fetch``: once a count comes back 0 it is
        remembered in ``_ingest_meta``, so later runs do not scan the articles table (new
        articles get their local dates when they are stored).
        """
        if self.scalar("SELECT value FROM _ingest_meta WHERE key = 'local_dates'") == "filled":
            return 0
        count = int(
            self.scalar(f"SELECT count(*) FROM articles WHERE {_MISSING_LOCAL.format(a='')}")
        )
        if count == 0:
            with self.transaction() as conn:
                conn.execute(
                    "INSERT INTO _ingest_meta (key, value)"
                    " VALUES ('local_dates', 'filled')"
                    " ON CONFLICT (key) DO UPDATE SET value = excluded.value"
                )
        return count

    def set_local_dates(self, values: Sequence[tuple[object, ...]]) -> None:
        """Write (published_local, published_precision, modified_local, modified_precision,
        id) tuples."""
        with self.transaction() as conn:
            conn.executemany(
                "UPDATE articles SET published_local = ?, published_precision = ?,"
                " modified_local = ?, modified_precision = ? WHERE id = ?",
                values,
            )
