"""The reading room's sources page: the health of every outlet, from the database alone.

``ingest status`` reads the config too; the reading room has only the database, so its
list is the ``sources`` table (written by every ``ingest fetch``) plus any outlet that has
endpoints or articles without a row there. Health is decided as ``ingest status`` does.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

from ingest.serve.display import tripoli_day_bounds
from ingest.serve.stories import rows

DAYS_SHOWN = 7  # articles per day over the last week
OK_STATUSES = ("ok", "not-modified", "unchanged")
REASONS_SHOWN = 5


@dataclass(frozen=True)
class Endpoint:
    """A failing feed, sitemap, listing or API of a source."""

    url: str
    kind: str
    http_status: int | None
    error: str | None
    failure_kind: str | None  # temporary | soft | hard
    failure_count: int
    last_success_at: str | None
    next_due_at: str | None


@dataclass(frozen=True)
class Reason:
    """URLs of a source left in the queue for one reason."""

    state: str  # pending | skipped | failed
    reason: str
    count: int


@dataclass
class Outlet:
    """One source's health: endpoints, last success, failures, next fetch, output."""

    id: str
    name: str
    homepage: str | None = None
    language: str | None = None
    aggregator: bool = False
    enabled: bool = True
    configured: bool = True
    endpoints: int = 0
    endpoints_ok: int = 0
    last_success_at: str | None = None
    next_due_at: str | None = None
    failing: list[Endpoint] = field(default_factory=list)
    articles: int = 0
    last_published_at: str | None = None
    per_day: list[int] = field(default_factory=list)  # oldest day first, DAYS_SHOWN days
    pending: int = 0
    given_up: int = 0
    reasons: list[Reason] = field(default_factory=list)

    @property
    def health(self) -> str:
        """``ok``, ``failing``, ``never fetched``, ``disabled`` or ``not configured``."""
        if not self.configured:
            return "not configured"
        if not self.enabled:
            return "disabled"
        if not self.endpoints:
            return "never fetched"
        return "failing" if self.failing else "ok"


def week(today: str) -> list[str]:
    """The DAYS_SHOWN Tripoli days up to ``today``, oldest first."""
    last = date.fromisoformat(today)
    return [(last - timedelta(days=back)).isoformat() for back in range(DAYS_SHOWN - 1, -1, -1)]


def outlets(conn: sqlite3.Connection, today: str) -> list[Outlet]:
    """Every source's health, failing ones first, then by name."""
    found: dict[str, Outlet] = {}
    for row in rows(conn, "SELECT * FROM sources ORDER BY id"):
        found[row["id"]] = Outlet(
            id=row["id"],
            name=row["name"] or row["id"],
            homepage=row["homepage"],
            language=row["language"],
            aggregator=bool(row["aggregator"]),
            enabled=bool(row["enabled"]),
            configured=bool(row["configured"]),
        )

    def outlet(source: str) -> Outlet:
        return found.setdefault(source, Outlet(id=source, name=source, configured=False))

    for row in rows(conn, "SELECT * FROM source_health"):
        item = outlet(row["source"])
        item.endpoints, item.endpoints_ok = int(row["endpoints"]), int(row["endpoints_ok"] or 0)
        item.last_success_at, item.next_due_at = row["last_success_at"], row["next_due_at"]
    failing = rows(
        conn,
        "SELECT * FROM endpoints WHERE status = 'error' ORDER BY failure_count DESC, url",
    )
    for row in failing:
        outlet(row["source"]).failing.append(
            Endpoint(
                url=row["url"],
                kind=row["kind"],
                http_status=row["http_status"],
                error=row["error"],
                failure_kind=row["failure_kind"],
                failure_count=int(row["failure_count"]),
                last_success_at=row["last_success_at"],
                next_due_at=row["next_due_at"],
            )
        )
    for row in rows(
        conn, "SELECT source, count(*) AS n, max(published_at) AS last FROM articles GROUP BY 1"
    ):
        item = outlet(row["source"])
        item.articles, item.last_published_at = int(row["n"]), row["last"]
    days = week(today)
    start = tripoli_day_bounds(days[0])[0]
    counts = {
        (row["source"], row["day"]): int(row["n"])
        for row in rows(
            conn,
            "SELECT source, date(published_at, '+2 hours') AS day, count(*) AS n"
            " FROM articles WHERE published_at >= ? GROUP BY 1, 2",
            (start,),
        )
    }
    for item in found.values():
        item.per_day = [counts.get((item.id, day), 0) for day in days]
    _add_queue(conn, outlet)
    order = {"failing": 0, "never fetched": 1, "ok": 2, "disabled": 3, "not configured": 4}
    return sorted(found.values(), key=lambda item: (order[item.health], item.name))


def _add_queue(conn: sqlite3.Connection, outlet: Callable[[str], Outlet]) -> None:
    """Add what waits in, or was given up from, each source's candidate queue."""
    reasons = rows(
        conn,
        "SELECT source, state, COALESCE(reason, '') AS reason, count(*) AS n FROM candidates"
        " GROUP BY 1, 2, 3 ORDER BY n DESC",
    )
    for row in reasons:
        item = outlet(row["source"])
        count = int(row["n"])
        if row["state"] == "pending":
            item.pending += count
        elif row["state"] == "failed":
            item.given_up += count
        if row["reason"] and len(item.reasons) < REASONS_SHOWN:
            item.reasons.append(Reason(row["state"], row["reason"], count))
