"""UTC time as the database stores it: ISO-8601 strings ending in ``Z``."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone


def utc_now() -> datetime:
    """The current time, aware, in UTC."""
    return datetime.now(timezone.utc)


def iso(dt: datetime) -> str:
    """``2026-11-29T08:15:00Z`` for an aware datetime (naive ones are taken as UTC)."""
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=timezone.utc)
    return dt.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_iso(text: str) -> datetime:
    """Read back a stored ``...Z`` timestamp (or any ISO-8601 string with an offset)."""
    dt = datetime.fromisoformat(text.replace("Z", "+00:00"))
    return dt if dt.tzinfo else dt.replace(tzinfo=timezone.utc)


def later(dt: datetime, secs: float) -> datetime:
    """``dt`` plus ``secs`` seconds."""
    return dt + timedelta(seconds=secs)
