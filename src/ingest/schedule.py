"""Endpoint state: when each endpoint is next due, what its next request sends, and when a
failed article is tried again.

Backoff across runs is linear and capped, "kind to servers" as Media Cloud's rss-fetcher
puts it, and never disables a source for good: active feeds do return 404 or 403 for a
while and come back to life, so even a hard failure is retried at the cap.
"""

from __future__ import annotations

import hashlib
from dataclasses import replace
from datetime import datetime

from ingest.clock import iso, later, parse_iso, utc_now
from ingest.errors import HARD, SOFT, TEMPORARY, FetchError, HTTPStatusError
from ingest.models import EndpointState, Page, Source

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


def validators(
    state: EndpointState, source: Source, *, backfill: bool
) -> tuple[str | None, str | None]:
    """The (ETag, Last-Modified) a routine fetch of a feed sends; none for anything else.

    Only feeds: sitemaps and listings change with every article anyway, and a backfill
    must read the whole thing. A source can turn them off (``ignore_http_cache``) for
    servers that answer 304 to every conditional request.
    """
    if source.ignore_http_cache or state.kind != "feed" or backfill:
        return None, None
    return state.etag, state.last_modified


def after_fetch(state: EndpointState, page: Page, source: Source, now: datetime) -> EndpointState:
    """The endpoint's state after an answer: validators, body hash, next due time.

    ``status`` is ``not-modified`` (a 304), or ``unchanged`` when the body is the one
    read last time (servers lie about 304: Media Cloud turned conditional GET off for
    that), else ``ok``; the caller parses the body only when it is ``ok``.
    """
    stamp = iso(utc_now())
    new = replace(
        state,
        last_attempt_at=stamp,
        last_success_at=stamp,
        http_status=page.status,
        error=None,
        failure_kind=None,
        failure_count=0,
        next_due_at=next_due_after_success(source.interval_secs, now),
    )
    if page.not_modified:
        return replace(new, status="not-modified")
    body_hash = hashlib.sha256(page.content).hexdigest()
    unchanged = body_hash == state.body_hash
    return replace(
        new,
        etag=page.headers.get("etag"),
        last_modified=page.headers.get("last-modified"),
        body_hash=body_hash,
        status="unchanged" if unchanged else "ok",
    )


def after_failure(
    state: EndpointState, exc: FetchError, source: Source, now: datetime
) -> EndpointState:
    """The endpoint's state after a failure, with its backoff."""
    count = state.failure_count + 1
    retry_after = exc.retry_after_secs if isinstance(exc, HTTPStatusError) else None
    return replace(
        state,
        last_attempt_at=iso(utc_now()),
        status="error",
        http_status=exc.status if isinstance(exc, HTTPStatusError) else None,
        error=str(exc),
        failure_kind=exc.kind,
        failure_count=count,
        next_due_at=next_due_after_failure(source.interval_secs, count, exc.kind, now, retry_after),
    )
