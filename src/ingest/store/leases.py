"""What several workers sharing one database coordinate with: leases and host slots.

``ingest fetch`` (or ``ingest worker``) on N machines against one PostgreSQL shares the
configured sources. Before a worker fetches a source it takes the source's lease
(``source_leases``), renews it while it works and gives it back when done; a worker that
dies stops renewing, and its sources are taken over once the lease expires. Before each
request, a worker reserves the host's next start in ``host_slots``, so the delay between
requests to one host holds across all workers, not only within one.

Why our own leases over a task queue (procrastinate, measured against in
docs/scale-out.md): the work is already in the database as the schedule (``endpoints``)
and the queue (``candidates``), each a row that survives a crash; a lease is one row per
source and a heartbeat, with no second schema, no job table to keep in step with the
schedule and no daemon. Taking a lease is one ``UPDATE`` whose row is chosen ``FOR UPDATE
SKIP LOCKED``: workers never wait on each other, and two never hold one source.

Times are seconds since 1970 on the database's clock, so machines' clocks need not agree.
On SQLite (one machine; the run lock keeps one run at a time) the same statements run and
always succeed.
"""

from __future__ import annotations

from collections.abc import Sequence

from ingest.store.base import Base

# The database's clock, in seconds since 1970.
NOW_SQL = {
    "sqlite": "((julianday('now') - 2440587.5) * 86400.0)",
    "postgresql": "extract(epoch from clock_timestamp())::float8",
}
# Rows another transaction is taking are passed over, not waited for.
SKIP_LOCKED = {"sqlite": "", "postgresql": " FOR UPDATE SKIP LOCKED"}
GREATEST = {"sqlite": "max", "postgresql": "GREATEST"}


class Leases(Base):
    """Source leases and shared per-host request slots."""

    def take_source(self, source: str, worker: str, run_id: int, ttl_secs: float) -> bool:
        """Take ``source`` for ``ttl_secs`` unless another live worker holds it."""
        now = NOW_SQL[self.dialect]
        with self.transaction() as conn:
            conn.execute(
                "INSERT INTO source_leases (source) VALUES (?) ON CONFLICT DO NOTHING", (source,)
            )
            taken = conn.execute(
                f"UPDATE source_leases SET worker = ?, run_id = ?, taken_at = {now},"
                f" expires_at = {now} + ? WHERE source = (SELECT source FROM source_leases"
                f" WHERE source = ? AND (expires_at < {now} OR worker = ?)"
                f"{SKIP_LOCKED[self.dialect]}) RETURNING source",
                (worker, run_id, ttl_secs, source, worker),
            ).fetchone()
        return taken is not None

    def renew_sources(self, sources: Sequence[str], worker: str, ttl_secs: float) -> int:
        """Extend this worker's leases on ``sources``; return how many it still held."""
        if not sources:
            return 0
        marks = ", ".join("?" for _ in sources)
        with self.transaction() as conn:
            return int(
                conn.execute(
                    f"UPDATE source_leases SET expires_at = {NOW_SQL[self.dialect]} + ?"
                    f" WHERE worker = ? AND source IN ({marks})",
                    (ttl_secs, worker, *sources),
                ).rowcount
            )

    def release_source(self, source: str, worker: str) -> None:
        """Give a source back (its next due time is in ``endpoints``)."""
        with self.transaction() as conn:
            conn.execute(
                "UPDATE source_leases SET worker = NULL, expires_at = 0"
                " WHERE source = ? AND worker = ?",
                (source, worker),
            )

    def lease_holders(self) -> dict[str, tuple[str, float]]:
        """Live leases: source -> (worker, seconds left)."""
        now = NOW_SQL[self.dialect]
        return {
            str(source): (str(worker), float(left))
            for source, worker, left in self.rows(
                f"SELECT source, worker, expires_at - {now} FROM source_leases"
                f" WHERE worker IS NOT NULL AND expires_at > {now} ORDER BY source"
            )
        }

    def reserve_host(self, host: str, delay_secs: float) -> float:
        """Reserve the next start of a request to ``host``; return the seconds to wait.

        The slot after the last one reserved by any worker, ``delay_secs`` later, or now if
        that has passed: one atomic upsert, so two workers never get the same slot.
        """
        now = NOW_SQL[self.dialect]
        with self.transaction() as conn:
            (wait,) = conn.execute(
                f"INSERT INTO host_slots (host, next_start) VALUES (?, {now} + ?)"
                " ON CONFLICT (host) DO UPDATE SET next_start ="
                f" {GREATEST[self.dialect]}(host_slots.next_start, {now}) + ?"
                f" RETURNING next_start - ? - {now}",
                (host, delay_secs, delay_secs, delay_secs),
            ).fetchone()
        return max(0.0, float(wait))
