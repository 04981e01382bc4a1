"""Runs, endpoint states, the candidate queue and the request log."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass, fields
from typing import Any

from ingest.clock import iso, later, utc_now
from ingest.errors import StoreError
from ingest.models import Candidate, EndpointState
from ingest.store.base import Base

MAX_FETCH_EVENTS = 20_000  # the request log is capped: enough for weeks of debugging
TRIM_EVERY_EVENTS = 200  # the cap is enforced every this many rows, not on every insert
_CANDIDATE_FIELDS = {f.name for f in fields(Candidate)}
_KNOWN_SQL = (
    "SELECT EXISTS(SELECT 1 FROM articles WHERE url = ?1)"
    " OR EXISTS(SELECT 1 FROM article_aliases WHERE url = ?1)"
    " OR EXISTS(SELECT 1 FROM candidates WHERE url = ?1)"
)


@dataclass(frozen=True)
class QueuedCandidate:
    """A candidate waiting in the ``candidates`` table."""

    candidate: Candidate
    attempts: int


def candidate_from_json(data: str) -> Candidate:
    """A queued candidate read back (keys of other releases ignored)."""
    values = json.loads(data)
    return Candidate(**{k: v for k, v in values.items() if k in _CANDIDATE_FIELDS})


class Queue(Base):
    """Runs, endpoints, candidates and fetch events."""

    _events_since_trim = 0

    # --- runs -------------------------------------------------------------------------

    def start_run(
        self, command: str, pid: int, worker: str | None = None, stale_secs: float | None = None
    ) -> int:
        """Record a new run; runs left 'running' by a killed process become 'interrupted'.

        One machine (``stale_secs`` None): the run lock lets one run work at a time, so a
        run of another process still 'running' was killed. Several workers on one database:
        a run is killed when its heartbeat (``run_alive``) is older than ``stale_secs``.
        """
        now = utc_now()
        with self.transaction() as conn:
            if stale_secs is None:
                conn.execute(
                    "UPDATE runs SET status = 'interrupted' WHERE status = 'running' AND pid != ?",
                    (pid,),
                )
            else:
                conn.execute(
                    "UPDATE runs SET status = 'interrupted' WHERE status = 'running'"
                    " AND COALESCE(heartbeat_at, started_at) < ?",
                    (iso(later(now, -stale_secs)),),
                )
            (run_id,) = conn.execute(
                "INSERT INTO runs (started_at, status, command, pid, worker, heartbeat_at)"
                " VALUES (?, 'running', ?, ?, ?, ?) RETURNING id",
                (iso(now), command, pid, worker, iso(now)),
            ).fetchone()
            return int(run_id)

    def run_alive(self, run_id: int) -> None:
        """Note that a run is still working (its heartbeat)."""
        with self.transaction() as conn:
            conn.execute("UPDATE runs SET heartbeat_at = ? WHERE id = ?", (iso(utc_now()), run_id))

    def finish_run(self, run_id: int, status: str, counters: dict[str, Any]) -> None:
        """Write a run's final status and counters."""
        values = {
            key: json.dumps(value, ensure_ascii=False) if isinstance(value, dict | list) else value
            for key, value in counters.items()
        }
        columns = "".join(f", {key} = ?" for key in values)
        with self.transaction() as conn:
            conn.execute(
                f"UPDATE runs SET finished_at = ?, status = ?{columns} WHERE id = ?",
                (iso(utc_now()), status, *values.values(), run_id),
            )

    def last_run(self) -> dict[str, Any] | None:
        """The newest run's id, start, status and new article count."""
        found = self.row(
            "SELECT id, started_at, status, new_articles FROM runs ORDER BY id DESC LIMIT 1"
        )
        if found is None:
            return None
        return dict(zip(("id", "started_at", "status", "new_articles"), found, strict=True))

    # --- endpoints --------------------------------------------------------------------

    def endpoint(self, url: str) -> EndpointState | None:
        """The stored state of one endpoint."""
        states = self._endpoints("SELECT * FROM endpoints WHERE url = ?", (url,))
        return states[0] if states else None

    def endpoints(self, source: str | None = None) -> list[EndpointState]:
        """All endpoint states, optionally of one source."""
        if source:
            return self._endpoints(
                "SELECT * FROM endpoints WHERE source = ? ORDER BY url", (source,)
            )
        return self._endpoints("SELECT * FROM endpoints ORDER BY source, url", ())

    def _endpoints(self, sql: str, params: tuple[str, ...]) -> list[EndpointState]:
        try:
            cur = self._conn.execute(sql, params)
            names = [d[0] for d in cur.description]
            return [EndpointState(**dict(zip(names, row, strict=True))) for row in cur]
        except self._errors as exc:
            raise StoreError(self._describe(exc)) from exc

    @staticmethod
    def _write_endpoint(conn: Any, state: EndpointState) -> None:
        data = asdict(state)
        columns = ", ".join(data)
        marks = ", ".join("?" for _ in data)
        updates = ", ".join(f"{name} = excluded.{name}" for name in data if name != "url")
        conn.execute(
            f"INSERT INTO endpoints ({columns}) VALUES ({marks})"
            f" ON CONFLICT (url) DO UPDATE SET {updates}",
            tuple(data.values()),
        )

    def save_endpoint(self, state: EndpointState) -> None:
        """Store one endpoint's state on its own (a failure, a 304)."""
        with self.transaction() as conn:
            self._write_endpoint(conn, state)

    # --- candidates -------------------------------------------------------------------

    def is_known(self, url: str) -> bool:
        """True when the URL is stored, an alias, or already a candidate."""
        return bool(self.scalar(_KNOWN_SQL, (url,)))

    def enqueue(
        self,
        candidates: list[Candidate],
        state: EndpointState | None,
        refresh: list[Candidate] | None = None,
    ) -> int:
        """Queue new candidates (and stored articles to read again, ``refresh``) together
        with the endpoint's new state, in one transaction; return how many were queued."""
        now = iso(utc_now())
        added = 0
        stale = {cand.url for cand in refresh or ()}
        with self.transaction() as conn:
            for cand in [*candidates, *(refresh or ())]:
                if cand.url not in stale and conn.execute(_KNOWN_SQL, (cand.url,)).fetchone()[0]:
                    continue
                conn.execute(
                    "INSERT INTO candidates (url, source, method, found_on, guid, title,"
                    " published_at, data, first_seen, next_attempt_at)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                    (
                        cand.url,
                        cand.source,
                        cand.method,
                        cand.found_on,
                        cand.guid,
                        cand.title,
                        cand.published_at,
                        json.dumps(asdict(cand), ensure_ascii=False),
                        now,
                        now,
                    ),
                )
                added += 1
            if state is not None:
                self._write_endpoint(conn, state)
        return added

    def due_candidates(
        self, sources: Iterable[str], *, now: str, limit_per_source: int
    ) -> list[QueuedCandidate]:
        """Pending candidates whose next attempt is due, oldest first, per source."""
        queued: list[QueuedCandidate] = []
        for source in sources:
            for data, attempts in self.rows(
                "SELECT data, attempts FROM candidates WHERE state = 'pending' AND source = ?"
                " AND next_attempt_at <= ? ORDER BY first_seen, published_at LIMIT ?",
                (source, now, limit_per_source),
            ):
                queued.append(QueuedCandidate(candidate_from_json(data), int(attempts)))
        return queued

    def candidate_failed(
        self, url: str, *, reason: str, next_attempt_at: str | None, give_up: bool
    ) -> None:
        """Record a failed attempt: retried at ``next_attempt_at``, or given up."""
        with self.transaction() as conn:
            conn.execute(
                "UPDATE candidates SET attempts = attempts + 1, last_attempt_at = ?, reason = ?,"
                " state = ?, next_attempt_at = COALESCE(?, next_attempt_at) WHERE url = ?",
                (iso(utc_now()), reason, "failed" if give_up else "pending", next_attempt_at, url),
            )

    def candidate_skipped(self, url: str, reason: str) -> None:
        """Mark a candidate as holding no article; it is not fetched again."""
        with self.transaction() as conn:
            conn.execute(
                "UPDATE candidates SET state = 'skipped', reason = ?, attempts = attempts + 1,"
                " last_attempt_at = ? WHERE url = ?",
                (reason, iso(utc_now()), url),
            )

    def queue_counts(self, source: str) -> dict[str, int]:
        """How many of a source's candidates are in each state."""
        return {
            str(state): int(count)
            for state, count in self.rows(
                "SELECT state, count(*) FROM candidates WHERE source = ? GROUP BY state", (source,)
            )
        }

    # --- request log ------------------------------------------------------------------

    def log_events(self, run_id: int | None, events: list[dict[str, Any]]) -> None:
        """Append fetch events; the log keeps only the newest ``MAX_FETCH_EVENTS``."""
        if not events:
            return
        with self.transaction() as conn:
            conn.executemany(
                "INSERT INTO fetch_events (at, run_id, url, host, attempt, status, error,"
                " elapsed_ms, bytes) VALUES (:at, :run_id, :url, :host, :attempt, :status,"
                " :error, :elapsed_ms, :bytes)",
                [{**event, "run_id": run_id} for event in events],
            )
            self._events_since_trim += len(events)
            if self._events_since_trim >= TRIM_EVERY_EVENTS or len(events) > 1:
                self._events_since_trim = 0
                conn.execute(
                    "DELETE FROM fetch_events WHERE id <= (SELECT max(id) FROM fetch_events) - ?",
                    (MAX_FETCH_EVENTS,),
                )
