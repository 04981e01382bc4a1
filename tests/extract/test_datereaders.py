"""Durations, day words, Hijri and Jamahiriya dates: what each reader makes of its match."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from ingest.extract.dates import find_date_ex, parse_date, parse_date_ex, to_utc_iso

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


# --- durations of two parts and more day words -------------------------------------------------


@pytest.mark.parametrize(
    ("text", "secs_ago", "precision"),
    [
        ("منذ 1 يوم، 3 ساعات", DAY + 3 * HOUR, "hour"),
        ("منذ يومين و 4 ساعات", 2 * DAY + 4 * HOUR, "hour"),
        ("منذ يومين و4 ساعات", 2 * DAY + 4 * HOUR, "hour"),
        ("قبل ساعة و20 دقيقة", HOUR + 20 * MINUTE, "minute"),
        ("قبل ساعتين وعشر دقائق", 2 * HOUR + 10 * MINUTE, "minute"),
        ("نشر منذ 3 ساعات، 5 دقائق", 3 * HOUR + 5 * MINUTE, "minute"),
        ("1 day, 3 hours ago", DAY + 3 * HOUR, "hour"),
        ("2 hours and 5 minutes ago", 2 * HOUR + 5 * MINUTE, "minute"),
        ("a day ago", DAY, "day"),
    ],
)
def test_durations_of_two_parts_add_up(text: str, secs_ago: int, precision: str) -> None:
    parsed = parse_date_ex(text, now=NOW)
    assert parsed is not None
    assert parsed.when == NOW - timedelta(seconds=secs_ago)
    assert (parsed.precision, parsed.relative) == (precision, True)


def test_a_second_part_without_a_number_or_larger_than_the_first_is_not_read() -> None:
    # "some hours": no number; parts of a duration shrink ("3 hours, 2 days" is two things)
    assert parse_date_ex("منذ يوم وساعات", now=NOW) is None
    parsed = parse_date_ex("منذ 3 ساعات، يومين", now=NOW)
    assert parsed is None or parsed.when == NOW - timedelta(hours=3)


def test_a_joined_word_that_is_not_a_unit_leaves_the_first_part() -> None:
    parsed = find_date_ex("نشر منذ ساعة ووزير الصحة يتحدث", now=NOW)
    assert parsed is not None
    assert parsed.when == NOW - timedelta(hours=1)


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("اليوم السابق", "2026-11-28"),
        ("أول من أمس", "2026-11-27"),
        ("أول أمس 10:30", "2026-11-27T10:30:00+02:00"),
        ("اليوم السابق الساعة 22:15", "2026-11-28T22:15:00+02:00"),
    ],
)
def test_more_day_words(text: str, day: str) -> None:
    parsed = parse_date_ex(text, now=NOW)
    assert parsed is not None
    assert parsed.local == day
    assert parsed.relative


def test_day_words_in_prose_need_a_time() -> None:
    assert find_date_ex("وفي اليوم السابق أعلنت الوزارة", now=NOW) is None
    found = find_date_ex("نشر: أول من أمس 09:00", now=NOW)
    assert found is not None
    assert found.local == "2026-11-27T09:00:00+02:00"


# --- Hijri dates ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "local"),
    [
        ("14-09-1432 هـ، 09:40 صباحاً", "2011-08-14T09:40:00+02:00"),
        ("الأحد 14 رمضان 1432 هـ", "2011-08-14"),
        ("14 رمضان 1432", "2011-08-14"),
        ("1432/09/14هـ", "2011-08-14"),
        ("١٤ رَمَضَان ١٤٣٢ هـ", "2011-08-14"),
        ("1 رمضان 1446 هجري", "2025-03-01"),
        ("الجمعة 10 ذو الحجة 1446 هـ", "2025-06-06"),  # tabular says Saturday 7 June
        ("5 جمادى الأولى 1447 هـ", "2025-10-27"),
    ],
)
def test_hijri_dates_become_gregorian(text: str, local: str) -> None:
    parsed = parse_date_ex(text, now=NOW)
    assert parsed is not None
    assert parsed.local == local


def test_a_gregorian_date_beside_a_hijri_one_wins() -> None:
    text = "الأحد 15 رمضان 1432 هـ الموافق 14 أغسطس 2011"
    parsed = parse_date_ex(text, now=NOW)
    assert parsed is not None
    assert (parsed.local, parsed.matched) == ("2011-08-14", "14 أغسطس 2011")
    found = find_date_ex("14-09-1432 هـ - 2011/08/15", now=NOW)
    assert found is not None
    assert found.local == "2011-08-15"


@pytest.mark.parametrize(
    "text",
    [
        "14-09-1432",  # no era mark: a reference number as likely as a date
        "30 رمضان 1600 هـ",  # outside the years we read
        "14-13-1432 هـ",  # month 13
        "قال 14 مسؤولا في رمضان 1432",  # a count, not a day
    ],
)
def test_what_is_not_a_hijri_date(text: str) -> None:
    assert parse_date_ex(text, now=NOW, fallback=False) is None
