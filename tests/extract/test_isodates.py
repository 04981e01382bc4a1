"""Machine dates (ISO-8601, RFC-822, epoch), time zones, and the offset and precision kept."""

from __future__ import annotations

from datetime import datetime, timezone
from zoneinfo import ZoneInfoNotFoundError

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ingest import clock
from ingest.clock import When
from ingest.extract import isodates
from ingest.extract.dates import (
    find_date_ex,
    get_timezone,
    parse_date,
    parse_date_ex,
    parse_iso,
    parse_iso_ex,
    to_utc_iso,
)

NOW = datetime(2026, 11, 29, 8, 30, tzinfo=timezone.utc)  # 10:30 in Tripoli


def iso(text: str, **kwargs: object) -> str | None:
    """parse_date at NOW, as the stored ISO string."""
    result = parse_date(text, now=NOW, **kwargs)  # type: ignore[arg-type]
    return to_utc_iso(result) if result else None


# --- time zones ------------------------------------------------------------------------------


def test_cairo_summer_time_2024() -> None:
    assert iso("15/07/2024 10:00", tz="Africa/Cairo") == "2024-07-15T07:00:00Z"
    assert iso("15/01/2024 10:00", tz="Africa/Cairo") == "2024-01-15T08:00:00Z"
    assert iso("15/07/2024 10:00") == "2024-07-15T08:00:00Z"  # Tripoli: no DST


def test_aware_times_keep_their_offset() -> None:
    assert parse_iso("2026-06-16T09:12:44+03:00", tz="Africa/Cairo") == datetime(
        2026, 6, 16, 6, 12, 44, tzinfo=timezone.utc
    )


def test_unknown_zone_is_a_configuration_error() -> None:
    with pytest.raises(ValueError, match="unknown time zone"):
        parse_date("2026-06-16", tz="Mars/Olympus")


def test_tripoli_without_tzdata(monkeypatch: pytest.MonkeyPatch) -> None:
    def missing(name: str) -> None:
        raise ZoneInfoNotFoundError(name)

    get_timezone.cache_clear()
    monkeypatch.setattr(isodates, "ZoneInfo", missing)
    try:
        assert iso("15/02/2018 13:37:00") == "2018-02-15T11:37:00Z"
        with pytest.raises(ValueError, match="tzdata"):
            get_timezone("Africa/Cairo")
    finally:
        get_timezone.cache_clear()


# --- machine dates ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-06-16T09:12:44Z", "2026-06-16T09:12:44Z"),
        ("2026-06-16T09:12:44.123456+00:00", "2026-06-16T09:12:44Z"),
        ("2026-06-16T11:12:44+0200", "2026-06-16T09:12:44Z"),
        ("2026-06-16T11:12:44", "2026-06-16T09:12:44Z"),  # naive: Tripoli
        ("2026-06-16 11:12", "2026-06-16T09:12:00Z"),
        ("2026-06-16", "2026-06-15T22:00:00Z"),
        ("Tue, 16 Jun 2026 09:12:44 +0000", "2026-06-16T09:12:44Z"),
        ("Tue, 16 Jun 2026 09:12:44 GMT", "2026-06-16T09:12:44Z"),
        ("16 Jun 2026 11:12:44", "2026-06-16T09:12:44Z"),
        ("1781601164", "2026-06-16T09:12:44Z"),
    ],
)
def test_parse_iso(text: str, expected: str) -> None:
    result = parse_iso(text)
    assert result is not None
    assert to_utc_iso(result) == expected


@pytest.mark.parametrize(
    "text", ["", "   ", "not a date", "2026-13-45", "15 فبراير 2018", "2026-06-16T25:00"]
)
def test_parse_iso_rejects(text: str) -> None:
    assert parse_iso(text) is None


def test_to_utc_iso() -> None:
    cairo = get_timezone("Africa/Cairo")
    assert to_utc_iso(datetime(2024, 7, 15, 10, 0, 30, 999, tzinfo=cairo)) == "2024-07-15T07:00:30Z"
    assert to_utc_iso(datetime(2026, 11, 29, 8, 15)) == "2026-11-29T08:15:00Z"  # naive is UTC


# --- as written: the offset the text gave and how precise it was -----------------------------


@pytest.mark.parametrize(
    ("text", "local", "precision"),
    [
        ("القاهرة - بوابة الوسط الخميس 13 أغسطس 2026, 08:57 مساء", "2026-08-13T20:57:00+02:00", "minute"),
        ("15/02/2018 13:37:00", "2018-02-15T13:37:00+02:00", "second"),
        ("13 أغسطس 2026", "2026-08-13", "day"),
        ("2026-11-29", "2026-11-29", "day"),
        ("2026-11-29T00:30:00+03:00", "2026-11-29T00:30:00+03:00", "second"),
        ("2026-11-29T00:30+03:00", "2026-11-29T00:30:00+03:00", "minute"),
        ("2026-11-28T22:30:00Z", "2026-11-28T22:30:00+00:00", "second"),
        ("Tue, 16 Jun 2026 09:12:44 +0000", "2026-06-16T09:12:44+00:00", "second"),
        ("Tue, 16 Jun 2026 09:12 +0300", "2026-06-16T09:12:00+03:00", "minute"),
        ("1781601164", "2026-06-16T11:12:44+02:00", "second"),  # epoch: the source's clock
        ("الساعة 10 صباحا 13 أغسطس 2026", "2026-08-13T10:00:00+02:00", "hour"),
        ("منذ 30 ثانية", "2026-11-29T10:29:30+02:00", "second"),
        ("منذ 5 دقائق", "2026-11-29T10:25:00+02:00", "minute"),
        ("منذ ساعتين", "2026-11-29T08:30:00+02:00", "hour"),
        ("قبل 3 ساعات", "2026-11-29T07:30:00+02:00", "hour"),
        ("أقل من ساعة", "2026-11-29T10:30:00+02:00", "hour"),
        ("منذ لحظات", "2026-11-29T10:30:00+02:00", "minute"),
        ("منذ 3 أيام", "2026-11-26", "day"),
        ("أمس", "2026-11-28", "day"),
        ("أمس 10:30", "2026-11-28T10:30:00+02:00", "minute"),
    ],
)  # fmt: skip
def test_dates_keep_the_offset_and_precision_they_were_written_with(
    text: str, local: str, precision: str
) -> None:
    parsed = parse_date_ex(text, now=NOW)
    assert parsed is not None
    assert (parsed.local, parsed.precision) == (local, precision)
    assert parsed.stored().local == local


def test_a_relative_day_invents_no_time_and_keeps_its_ordering_moment() -> None:
    parsed = parse_date_ex("منذ 3 أيام", now=NOW)
    assert parsed is not None
    assert parsed.stored() == When("2026-11-26T08:30:00Z", "2026-11-26", "day")


def test_found_dates_say_how_precise_they_are() -> None:
    found = find_date_ex("نشر في: منذ ساعتين", now=NOW)
    assert found is not None
    assert (found.local, found.precision, found.matched) == (
        "2026-11-29T08:30:00+02:00",
        "hour",
        "منذ ساعتين",
    )
    berlin = find_date_ex("5. Mai 2020 um 10:30 Uhr", now=NOW, tz="Europe/Berlin")
    assert berlin is not None
    assert (berlin.local, berlin.precision) == ("2020-05-05T10:30:00+02:00", "minute")
    assert find_date_ex("لا تاريخ هنا", now=NOW) is None


def test_machine_dates_before_1990_or_unreadable_are_none() -> None:
    assert parse_iso_ex("0001-01-01T00:00:00", tz="Africa/Tripoli") is None
    assert parse_iso_ex("1-01-01T00:00:00Z") is None
    assert parse_iso_ex("9999-12-31T23:59:59-14:00") is None  # beyond what UTC can hold


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=60))
def test_whatever_the_text_the_local_value_agrees_with_its_precision(text: str) -> None:
    parsed = parse_date_ex(text, now=NOW, fallback=False)
    if parsed is None:
        return
    stored = parsed.stored()
    assert stored.precision in ("day", "hour", "minute", "second")
    if stored.precision == "day":
        assert len(stored.local) == 10  # a day, never a made-up time
    else:
        assert clock.parse_iso(stored.local) == clock.parse_iso(stored.at)
