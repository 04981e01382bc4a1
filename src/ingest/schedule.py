"""When each endpoint is next due, and when a failed article is tried again.

Backoff across runs is linear and capped, "kind to servers" as Media Cloud's rss-fetcher
puts it, and never disables a source for good: active feeds do return 404 or 403 for a
while and come back to life, so even a hard failure is retried at the cap.
"""

from __future__ import annotations

from datetime import datetime

from ingest.clock import iso, later, parse_iso
from ingest.errors import HARD, SOFT, TEMPORARY
from ingest.store import EndpointState

# How much longer each failure kind waits per consecutive failure, in intervals.
BACKOFF_STEP = {TEMPORARY: 1.0, SOFT: 2.0, HARD: 4.0}
BACKOFF_CAP_SECS = {TEMPORARY: 6 * 3600, SOFT: 24 * 3600, HARD: 24 * 3600}

# Article pages: tries across runs before a candidate is given up (still listed, with why).
ARTICLE_MAX_ATTEMPTS = {TEMPORARY: 8, SOFT: 3, HARD: 2}
ARTICLE_RETRY_BASE_SECS = 5 * 60
ARTICLE_RETRY_CAP_SECS = 24 * 3600


def is_due(state: EndpointState | None, now: datetime) -> bool:
    """True when the endpoint was never fetched or its next due time has come."""
    if state is None or state.next_due_at is None:
        return True
    return parse_iso(state.next_due_at) <= now


def next_due_after_success(interval_secs: float, now: datetime) -> str:
    """The next fetch after a success: one interval later."""
    return iso(later(now, interval_secs))


def next_due_after_failure(
    interval_secs: float,
    failure_count: int,
    kind: str,
    now: datetime,
    retry_after_secs: float | None = None,
) -> str:
    """Linear backoff by failure kind, capped; a server's Retry-After is honoured."""
    step = BACKOFF_STEP.get(kind, 1.0)
    cap = max(BACKOFF_CAP_SECS.get(kind, 24 * 3600), interval_secs)
    wait = min(interval_secs * step * max(failure_count, 1), cap)
    if retry_after_secs is not None:
        wait = max(wait, min(retry_after_secs, cap))
    return iso(later(now, wait))


def article_retry_at(attempts: int, kind: str, now: datetime) -> str | None:
    """When to try a failed article page again, or None to give up after too many tries."""
    if attempts >= ARTICLE_MAX_ATTEMPTS.get(kind, 3):
        return None
    wait = min(ARTICLE_RETRY_BASE_SECS * 2 ** max(attempts - 1, 0), ARTICLE_RETRY_CAP_SECS)
    return iso(later(now, wait))
