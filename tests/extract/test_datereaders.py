"""Durations, day words, Hijri and Jamahiriya dates: what each reader makes of its match."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from ingest.extract.dates import parse_date, parse_date_ex, to_utc_iso

NOW = datetime(2026, 11, 29, 8, 30, tzinfo=timezone.utc)  # 10:30 in Tripoli


def iso(text: str, **kwargs: object) -> str | None:
    """parse_date at NOW, as the stored ISO string."""
    result = parse_date(text, now=NOW, **kwargs)  # type: ignore[arg-type]
    return to_utc_iso(result) if result else None


# --- relative forms ------------------------------------------------------------------------

MINUTE, HOUR, DAY = 60, 3600, 86400


@pytest.mark.parametrize(
    ("text", "secs_ago"),
    [
        ("منذ دقيقة", MINUTE),
        ("منذ دقيقه", MINUTE),
        ("منذ دقيقتين", 2 * MINUTE),
        ("منذ 3 دقائق", 3 * MINUTE),
        ("منذ ٣ دقائق", 3 * MINUTE),
        ("منذ ساعة", HOUR),
        ("منذ ساعه", HOUR),
        ("منذ ساعتين", 2 * HOUR),
        ("منذ ساعتان", 2 * HOUR),
        ("منذ 5 ساعات", 5 * HOUR),
        ("منذ ثلاث ساعات", 3 * HOUR),
        ("قبل ساعتين", 2 * HOUR),
        ("منذ يوم", DAY),
        ("منذ يوم واحد", DAY),
        ("منذ يومين", 2 * DAY),
        ("منذ يومان", 2 * DAY),
        ("منذ 4 أيام", 4 * DAY),
        ("منذ 4 ايام", 4 * DAY),
        ("منذ 12 يومًا", 12 * DAY),
        ("منذ 12 يوما", 12 * DAY),
        ("منذ أسبوع", 7 * DAY),
        ("منذ اسبوع", 7 * DAY),
        ("منذ أسبوعين", 14 * DAY),
        ("منذ 3 أسابيع", 21 * DAY),
        ("منذ شهر", 30 * DAY),
        ("منذ شهرين", 60 * DAY),
        ("منذ 3 أشهر", 90 * DAY),
        ("منذ 4 شهور", 120 * DAY),
        ("منذ سنة", 365 * DAY),
        ("منذ عام", 365 * DAY),
        ("تم النشر منذُ  23 ساعة", 23 * HOUR),
        ("أقل من ساعة", 0),
        ("منذ أقل من دقيقة", 0),
        ("منذ لحظات", 0),
        ("2 hours ago", 2 * HOUR),
        ("an hour ago", HOUR),
        ("5 mins ago", 5 * MINUTE),
        ("3 days ago", 3 * DAY),
    ],
)
def test_relative_forms(text: str, secs_ago: int) -> None:
    parsed = parse_date_ex(text, now=NOW)
    assert parsed is not None
    assert parsed.relative
    assert parsed.when == NOW - timedelta(seconds=secs_ago)


@pytest.mark.parametrize(
    ("text", "expected", "has_time"),
    [
        ("اليوم", "2026-11-28T22:00:00Z", False),  # midnight in Tripoli
        ("اليوم 09:15", "2026-11-29T07:15:00Z", True),
        ("أمس", "2026-11-27T22:00:00Z", False),
        ("امس", "2026-11-27T22:00:00Z", False),
        ("البارحة", "2026-11-27T22:00:00Z", False),
        ("أمس 10:30", "2026-11-28T08:30:00Z", True),
        ("أمس الساعة 08:57 مساء", "2026-11-28T18:57:00Z", True),
        ("أول أمس", "2026-11-26T22:00:00Z", False),
        ("yesterday", "2026-11-27T22:00:00Z", False),
        ("Yesterday at 10:30 PM", "2026-11-28T20:30:00Z", True),
    ],
)
def test_today_and_yesterday(text: str, expected: str, has_time: bool) -> None:
    parsed = parse_date_ex(text, now=NOW)
    assert parsed is not None
    assert (to_utc_iso(parsed.when), parsed.has_time, parsed.relative) == (expected, has_time, True)


def test_plural_without_number_is_unknown() -> None:
    assert iso("منذ ساعات") is None


def test_relative_uses_current_time_by_default() -> None:
    result = parse_date("منذ ساعتين")
    assert result is not None
    assert abs((datetime.now(timezone.utc) - result).total_seconds() - 2 * HOUR) < 60


# --- Gaddafi-era calendar (outlets.md 4.4) ---------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("15 الفاتح 1376 و.ر", "2008-09-14T22:00:00Z"),
        ("طرابلس 3 أي النار 1369 و. ر (أوج) -", "2001-01-02T22:00:00Z"),
        ("3 أين النار 1369", "2001-01-02T22:00:00Z"),
        ("1 الفاتح/سبتمبر 1377 و.ر", "2009-08-31T22:00:00Z"),
        ("22 الصيف 2001", "2001-06-21T22:00:00Z"),
        ("10 هانيبال 1376 و.ر", "2008-08-09T22:00:00Z"),
        ("10 الكانون 1376 و.ر", "2008-12-09T22:00:00Z"),
    ],
)
def test_jamahiriya_calendar_on_request(text: str, expected: str) -> None:
    assert iso(text, jamahiriya=True) == expected
    assert iso(text) is None  # off by default: الربيع and الصيف are ordinary words


def test_jamahiriya_words_in_modern_prose_stay_words() -> None:
    assert iso("في الربيع 2008", jamahiriya=True) is None
