"""Retry-After as the retries read it: seconds or an HTTP date, never an exception."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from email.utils import format_datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ingest.retries import parse_retry_after


def test_retry_after_as_http_date() -> None:
    now = datetime(2026, 11, 29, 8, 0, tzinfo=timezone.utc)
    later = format_datetime(now + timedelta(seconds=30), usegmt=True)
    assert parse_retry_after(later, now) == pytest.approx(30.0)
    assert parse_retry_after("120") == 120.0
    assert parse_retry_after("soon") is None
    assert parse_retry_after(format_datetime(now, usegmt=True), now + timedelta(hours=1)) == 0.0


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=80))
def test_retry_after_never_raises(value: str) -> None:
    waited = parse_retry_after(value)
    assert waited is None or waited >= 0
