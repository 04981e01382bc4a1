"""``ingest status`` and ``ingest sources list``: the cause is never hidden."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path

import pytest

from ingest.health import (
    SourceHealth,
    render_sources,
    render_status,
    source_health,
    status_rows,
)
from ingest.models import Config, EndpointState, Source
from ingest.store import Store

NOW = datetime(2026, 12, 7, 12, 0, tzinfo=timezone.utc)
LONG_ERROR = (
    "https://alwasat.ly/feed/: ConnectError: [Errno -3] Temporary failure in name resolution "
    "(gave up after 4 attempts in 27.3 s); the outlet's other hosts were tried as well: "
    + "https://www.alwasat.ly/feed/ "
    * 6
).strip()


@pytest.fixture
def rows(tmp_path: Path) -> Iterator[list[SourceHealth]]:
    """Four sources: healthy, failing with a long cause, disabled, never fetched."""
    sources = (
        Source(id="marsad", name="المرصد", homepage="https://almarsad.co/", language="ar"),
        Source(
            id="alwasat",
            name="بوابة الوسط",
            homepage="https://alwasat.ly/",
            feeds=("https://alwasat.ly/feed/",),
            confidence="verified",
        ),
        Source(id="closed", name="Closed", homepage="https://closed.ly/", enabled=False),
        Source(id="fresh", name="Fresh", homepage="https://fresh.ly/"),
    )
    store = Store(tmp_path / "ingest.db")
    store.save_endpoint(
        EndpointState(
            url="https://almarsad.co/feed/",
            source="marsad",
            kind="feed",
            status="ok",
            last_attempt_at="2026-12-07T11:55:00Z",
            last_success_at="2026-12-07T11:55:00Z",
            next_due_at="2026-12-07T12:10:00Z",
        )
    )
    store.save_endpoint(
        EndpointState(
            url="https://alwasat.ly/feed/",
            source="alwasat",
            kind="feed",
            status="error",
            error=LONG_ERROR,
            failure_kind="temporary",
            failure_count=12,
            last_attempt_at="2026-12-07T11:58:00Z",
            last_success_at="2026-12-04T09:00:00Z",
            next_due_at="2026-12-07T13:00:00Z",
        )
    )
    store.save_endpoint(
        EndpointState(
            url="https://closed.ly/feed/",
            source="closed",
            kind="feed",
            status="error",
            error="HTTP 410 from https://closed.ly/feed/",
            http_status=410,
            failure_kind="soft",
            failure_count=3,
        )
    )
    try:
        yield source_health(store, Config(path="sources.yaml", sources=sources))
    finally:
        store.close()


def by_source(text: str) -> dict[str, str]:
    """Table lines by their first word."""
    return {line.split()[0]: line for line in text.splitlines() if line.strip()}


def test_the_default_table_cuts_the_cause_at_the_terminal_width(rows: list[SourceHealth]) -> None:
    table = render_status(rows, width=160, now=NOW)
    assert all(len(line) <= 160 for line in table.splitlines())
    alwasat = by_source(table)["alwasat"]
    assert len(alwasat) == 160
    assert alwasat.endswith("…")
    assert "×12 https://alwasat.ly/feed/: ConnectError: [Errno -3] Temporary fail" in alwasat
    assert "failing" in alwasat
    assert "3d ago" in alwasat  # the last success


def test_a_narrow_terminal_puts_each_cause_under_its_source(rows: list[SourceHealth]) -> None:
    lines = render_status(rows, width=100, now=NOW).splitlines()
    assert all(len(line) <= 100 for line in lines)
    assert "PROBLEM" not in lines[0]
    at = next(i for i, line in enumerate(lines) if line.startswith("alwasat"))
    assert lines[at + 1].startswith("    ×12 https://alwasat.ly/feed/: ConnectError: [Errno -3]")
    assert lines[at + 1].endswith("…")
    assert lines[at + 2].startswith("closed")
    assert lines[at + 3] == "    ×3 HTTP 410 from https://closed.ly/feed/ (soft)"


def test_without_a_terminal_the_table_cuts_nothing(rows: list[SourceHealth]) -> None:
    alwasat = by_source(render_status(rows, now=NOW))["alwasat"]
    assert alwasat.endswith(f"{LONG_ERROR} (temporary)")


def test_wide_puts_each_full_cause_on_its_own_line(rows: list[SourceHealth]) -> None:
    lines = render_status(rows, wide=True, width=80, now=NOW).splitlines()
    assert "PROBLEM" not in lines[0]
    at = next(i for i, line in enumerate(lines) if line.startswith("alwasat"))
    assert lines[at + 1] == f"    ×12 {LONG_ERROR} (temporary)"
    assert lines[at + 1 + 1].startswith("closed")
    assert "disabled" in lines[at + 2]
    assert lines[at + 3] == "    ×3 HTTP 410 from https://closed.ly/feed/ (soft)"


def test_json_status_round_trips_with_the_whole_cause(rows: list[SourceHealth]) -> None:
    objects = json.loads(render_status(rows, "json"))
    assert objects == status_rows(rows)
    by_id = {item["source"]: item for item in objects}
    alwasat = by_id["alwasat"]
    assert alwasat["failure"] == LONG_ERROR
    assert alwasat["problem"] == f"×12 {LONG_ERROR} (temporary)"
    assert alwasat["cause"] == "dns"
    assert alwasat["health"] == "failing"
    assert alwasat["enabled"] is True
    assert alwasat["last_success_at"] == "2026-12-04T09:00:00Z"
    assert alwasat["last_attempt_at"] == "2026-12-07T11:58:00Z"
    assert alwasat["endpoints_ok"] == 0
    assert alwasat["endpoints"] == 1
    assert by_id["closed"]["enabled"] is False
    assert by_id["closed"]["health"] == "disabled"
    assert by_id["closed"]["cause"] == "not-found"
    assert by_id["fresh"]["health"] == "never fetched"
    assert by_id["fresh"]["problem"] is None
    assert by_id["marsad"]["name"] == "المرصد"


def test_jsonl_status_is_one_object_a_line(rows: list[SourceHealth]) -> None:
    lines = render_status(rows, "jsonl").splitlines()
    assert [json.loads(line)["source"] for line in lines] == [
        "marsad",
        "alwasat",
        "closed",
        "fresh",
    ]
    assert "المرصد" in lines[0]  # Arabic as itself, not \\u escapes


def test_sources_list_in_every_format(rows: list[SourceHealth]) -> None:
    table = by_source(render_sources(rows))
    assert "disabled" in table["closed"]
    objects = json.loads(render_sources(rows, "json"))
    alwasat = next(item for item in objects if item["id"] == "alwasat")
    assert alwasat["methods"] == "feed"
    assert alwasat["every"] == "15m"
    assert alwasat["interval_secs"] == 900
    assert alwasat["confidence"] == "verified"
    assert alwasat["problem"] == f"×12 {LONG_ERROR} (temporary)"
    assert [json.loads(line)["enabled"] for line in render_sources(rows, "jsonl").splitlines()] == [
        True,
        True,
        False,
        True,
    ]


def test_an_unknown_format_says_which_exist(rows: list[SourceHealth]) -> None:
    with pytest.raises(ValueError, match="table, json, jsonl"):
        render_status(rows, "yaml")


def test_a_next_fetch_time_that_has_passed_reads_due() -> None:
    from datetime import datetime, timezone

    from ingest.health import due_in

    now = datetime(2026, 12, 7, 12, 0, tzinfo=timezone.utc)
    assert due_in("2026-12-07T11:15:00Z", now) == "due"
    assert due_in("2026-12-07T12:12:00Z", now) == "in 12m"
    assert due_in(None, now) == "-"
