"""Due times and backoff across runs."""

from __future__ import annotations

from datetime import datetime, timezone

from ingest import schedule
from ingest.clock import iso, parse_iso
from ingest.errors import HARD, SOFT, TEMPORARY
from ingest.store import EndpointState

NOW = datetime(2026, 11, 29, 8, 0, tzinfo=timezone.utc)


def wait_secs(due: str) -> float:
    return (parse_iso(due) - NOW).total_seconds()


def test_never_fetched_or_past_due_is_due() -> None:
    assert schedule.is_due(None, NOW)
    past = EndpointState(url="u", source="s", kind="feed", next_due_at="2026-11-29T07:59:00Z")
    future = EndpointState(url="u", source="s", kind="feed", next_due_at="2026-11-29T08:01:00Z")
    assert schedule.is_due(past, NOW)
    assert not schedule.is_due(future, NOW)


def test_success_waits_one_interval() -> None:
    assert schedule.next_due_after_success(900, NOW) == iso(NOW.replace(minute=15))


def test_backoff_is_linear_capped_and_never_disables() -> None:
    waits = [wait_secs(schedule.next_due_after_failure(900, n, TEMPORARY, NOW)) for n in (1, 2, 3)]
    assert waits == [900, 1800, 2700]
    assert wait_secs(schedule.next_due_after_failure(900, 1000, TEMPORARY, NOW)) == 6 * 3600
    assert wait_secs(schedule.next_due_after_failure(900, 1000, HARD, NOW)) == 24 * 3600
    assert wait_secs(schedule.next_due_after_failure(900, 1, SOFT, NOW)) == 1800


def test_retry_after_is_honoured_within_the_cap() -> None:
    assert wait_secs(schedule.next_due_after_failure(900, 1, TEMPORARY, NOW, 7200)) == 7200
    assert wait_secs(schedule.next_due_after_failure(900, 1, TEMPORARY, NOW, 10**9)) == 6 * 3600


def test_article_retries_grow_then_give_up() -> None:
    first = schedule.article_retry_at(1, TEMPORARY, NOW)
    second = schedule.article_retry_at(2, TEMPORARY, NOW)
    assert first is not None and second is not None
    assert wait_secs(second) == 2 * wait_secs(first)
    assert schedule.article_retry_at(3, SOFT, NOW) is None
    assert schedule.article_retry_at(8, TEMPORARY, NOW) is None
