"""Timestamps as stored: UTC for ordering, the date as written, and no poison from odd years."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ingest.clock import When, date_problem, iso, iso_local, parse_iso, written

PLUS_2 = timezone(timedelta(hours=2), "EET")
NOW = datetime(2026, 11, 29, 8, 30, tzinfo=timezone.utc)


def test_iso_pads_every_field_even_for_the_year_1() -> None:
    # glibc's strftime("%Y") wrote "1-01-01T00:00:00Z" here: unreadable by fromisoformat.
    assert iso(datetime(1, 1, 1)) == "0001-01-01T00:00:00Z"
    assert iso(datetime(999, 12, 31, 23, 59, 59, tzinfo=timezone.utc)) == "0999-12-31T23:59:59Z"
    assert iso(datetime(2026, 11, 29, 0, 30, 15, 999, tzinfo=PLUS_2)) == "2026-11-28T22:30:15Z"
    assert parse_iso(iso(datetime(5, 6, 7, 8, 9, 10))) == datetime(
        5, 6, 7, 8, 9, 10, tzinfo=timezone.utc
    )


def test_iso_survives_instants_that_leave_the_datetime_range() -> None:
    # year 1 at +02:00 is still year 0 in UTC; 9999 at -14:00 is already year 10000
    assert iso(datetime.min.replace(tzinfo=PLUS_2)) == "0000-12-31T22:00:00Z"
    late = datetime.max.replace(tzinfo=timezone(timedelta(hours=-14)))
    assert iso(late) == "10000-01-01T13:59:59Z"


def test_iso_local_keeps_the_offset_and_always_writes_seconds() -> None:
    assert iso_local(datetime(2026, 11, 29, 0, 30, tzinfo=PLUS_2), "minute") == (
        "2026-11-29T00:30:00+02:00"
    )
    assert iso_local(datetime(2026, 11, 29, 0, 30, tzinfo=timezone.utc), "second") == (
        "2026-11-29T00:30:00+00:00"
    )
    assert iso_local(datetime(2026, 11, 29, tzinfo=PLUS_2), "day") == "2026-11-29"
    assert iso_local(datetime(7, 1, 2), "day") == "0007-01-02"


def test_a_bare_day_is_ordered_at_local_noon_but_written_as_the_day() -> None:
    day = written(datetime(2026, 8, 13, tzinfo=PLUS_2), "day")
    assert day == When("2026-08-13T10:00:00Z", "2026-08-13", "day")
    timed = written(datetime(2026, 11, 29, 0, 30, tzinfo=PLUS_2), "minute")
    assert timed == When("2026-11-28T22:30:00Z", "2026-11-29T00:30:00+02:00", "minute")
    # a day reached by counting back ("منذ 3 أيام") keeps its moment as the ordering key
    counted = written(datetime(2026, 11, 26, 10, 30, tzinfo=PLUS_2), "day")
    assert counted == When("2026-11-26T08:30:00Z", "2026-11-26", "day")


def test_date_problem_rejects_the_dotnet_default_and_the_future() -> None:
    assert date_problem(datetime(1, 1, 1, tzinfo=timezone.utc), NOW) == (
        "dated 0001-01-01, before 1990"
    )
    assert date_problem(datetime(1989, 12, 31, tzinfo=timezone.utc), NOW) is not None
    assert date_problem(datetime(9999, 12, 31, 23, 59, tzinfo=PLUS_2), NOW) == (
        "dated 9999-12-31, in the future"
    )
    assert date_problem(NOW + timedelta(minutes=11), NOW) is not None
    assert date_problem(NOW + timedelta(minutes=9), NOW) is None
    assert date_problem(datetime(1990, 1, 1, tzinfo=timezone.utc), NOW) is None


def test_parse_iso_still_refuses_garbage() -> None:
    with pytest.raises(ValueError):
        parse_iso("1-01-01T00:00:00Z")


OFFSETS = st.integers(min_value=-14 * 60, max_value=14 * 60).map(
    lambda minutes: timezone(timedelta(minutes=minutes))
)


@given(st.datetimes(timezones=st.none() | OFFSETS), st.sampled_from(["day", "minute", "second"]))
def test_formatters_never_raise_and_pad_the_year(moment: datetime, precision: str) -> None:
    year, rest = iso(moment).split("-", 1)
    assert len(year) >= 4 and year.isdigit() and rest.endswith("Z")
    year, _ = iso_local(moment, precision).split("-", 1)
    assert len(year) == 4 and year.isdigit()
    problem = date_problem(moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc), NOW)
    if problem is None:
        assert parse_iso(iso(moment)).year >= 1990


def test_since_takes_a_tripoli_day_a_time_or_a_duration() -> None:
    from datetime import datetime, timezone

    import pytest

    from ingest.clock import iso, parse_since

    now = datetime(2026, 12, 7, 12, 0, tzinfo=timezone.utc)
    assert iso(parse_since("2026-11-01", now)) == "2026-10-31T22:00:00Z"  # Tripoli midnight
    assert iso(parse_since("2026-11-01T08:00Z", now)) == "2026-11-01T08:00:00Z"
    assert iso(parse_since("7d", now)) == "2026-11-30T12:00:00Z"
    assert iso(parse_since("12h", now)) == "2026-12-07T00:00:00Z"
    assert iso(parse_since("2w", now)) == "2026-11-23T12:00:00Z"
    for bad in ("yesterday", "7x", "", "-3d"):
        with pytest.raises(ValueError, match="a duration back from now"):
            parse_since(bad, now)
