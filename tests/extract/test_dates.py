"""Dates as Libyan pages write them: real samples (outlets.md section 4), variants, hostile input."""

from __future__ import annotations

import time
from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ingest.extract.dates import (
    find_date_in_text,
    parse_date,
    parse_date_ex,
    parse_iso,
    to_utc_iso,
)

NOW = datetime(2026, 11, 29, 8, 30, tzinfo=timezone.utc)  # 10:30 in Tripoli


def iso(text: str, **kwargs: object) -> str | None:
    """parse_date at NOW, as the stored ISO string."""
    result = parse_date(text, now=NOW, **kwargs)  # type: ignore[arg-type]
    return to_utc_iso(result) if result else None


# --- real samples, outlets.md 4.1 ----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected", "has_time", "relative"),
    [
        # alwasat article header: Cairo newsroom, 12-hour clock, naive Tripoli time
        ("القاهرة - بوابة الوسط الخميس 13 أغسطس 2020, 08:57 مساء", "2020-08-13T18:57:00Z", True, False),
        ("2018-02-15T14:01Z", "2018-02-15T14:01:00Z", True, False),
        ("15 فبراير 2018 - 01:00", "2018-02-14T23:00:00Z", True, False),
        ("15/02/2018 13:37:00", "2018-02-15T11:37:00Z", True, False),
        ("طرابلس 15 فبراير 2018 ( وال ) -", "2018-02-14T22:00:00Z", False, False),
        ("تم النشر منذُ  23 ساعة", "2026-11-28T09:30:00Z", True, True),
        ("تم النشر منذُ  24 ساعة", "2026-11-28T08:30:00Z", True, True),
        ("تم النشر منذُ  يوم واحد", "2026-11-28T08:30:00Z", False, True),
        ("أحمد علي | 2025/01/12 10:30", "2025-01-12T08:30:00Z", True, False),
        ("2025-01-12", "2025-01-11T22:00:00Z", False, False),
        ("2017-08-08", "2017-08-07T22:00:00Z", False, False),
        ("منذ 11 ساعات", "2026-11-28T21:30:00Z", True, True),
        ("منذ 2 أيام", "2026-11-27T08:30:00Z", False, True),
        ("الجمعة 2022/06/24", "2022-06-23T22:00:00Z", False, False),
        ("Tue, 16 Jun 2026 09:12:44 +0000", "2026-06-16T09:12:44Z", True, False),
        ("Fri, 20 Jun 2026 09:30:00 GMT", "2026-06-20T09:30:00Z", True, False),
        ("29 تشرين الثاني 2026", "2026-11-28T22:00:00Z", False, False),
    ],
)  # fmt: skip
def test_real_samples(text: str, expected: str, has_time: bool, relative: bool) -> None:
    parsed = parse_date_ex(text, now=NOW)
    assert parsed is not None
    assert to_utc_iso(parsed.when) == expected
    assert (parsed.has_time, parsed.relative) == (has_time, relative)
    assert parsed.when.tzinfo is not None
    assert parsed.matched and parsed.matched in text


def test_matched_is_the_date_part_of_a_header() -> None:
    parsed = parse_date_ex("القاهرة - بوابة الوسط الخميس 13 أغسطس 2020, 08:57 مساء", now=NOW)
    assert parsed is not None
    assert parsed.matched == "13 أغسطس 2020, 08:57 مساء"


# --- month names ---------------------------------------------------------------------------

MONTH_VARIANTS = [
    (1, ["يناير", "كانون الثاني", "كانون  الثاني", "جانفي", "January", "Jan", "jan."]),
    (2, ["فبراير", "شباط", "فيفري", "February", "Feb"]),
    (3, ["مارس", "آذار", "اذار", "March"]),
    (4, ["أبريل", "ابريل", "إبريل", "نيسان", "أفريل", "April", "Apr"]),
    (5, ["مايو", "أيار", "ايار", "ماي", "May"]),
    (6, ["يونيو", "يونيه", "يونية", "حزيران", "جوان", "June"]),
    (7, ["يوليو", "يوليه", "يولية", "تموز", "جويلية", "يوليوز", "July"]),
    (8, ["أغسطس", "اغسطس", "آب", "أوت", "اوت", "غشت", "August", "Aug"]),
    (9, ["سبتمبر", "أيلول", "ايلول", "شتنبر", "September", "Sept", "Sep"]),
    (10, ["أكتوبر", "اكتوبر", "تشرين الأول", "تشرين الاول", "October", "Oct"]),
    (11, ["نوفمبر", "تشرين الثاني", "نونبر", "November", "Nov"]),
    (12, ["ديسمبر", "كانون الأول", "كانون الاول", "دجنبر", "December", "Dec"]),
]


@pytest.mark.parametrize(
    ("month", "name"), [(m, name) for m, names in MONTH_VARIANTS for name in names]
)
def test_every_month_spelling(month: int, name: str) -> None:
    assert iso(f"الأحد 5 {name} 2025") == f"2025-{month:02d}-04T22:00:00Z"


@pytest.mark.parametrize(
    "text",
    [
        "7 آذار (مارس) 2026",
        "7 مارس/ آذار 2026",
        "7 آذار/مارس 2026",
        "7 مارس - آذار 2026",
        "٧ مَارِس ٢٠٢٦",  # tashkeel and Arabic-Indic digits
        "7 مـــارس 2026",  # tatweel
        "7 من مارس 2026",
        "السبت، 7 مارس، 2026",
        "مارس 7, 2026",  # WordPress "F j, Y" with an Arabic locale
        "March 7th, 2026",
        "7-Mar-2026",
        "۷ مارس ۲۰۲۶",  # Persian digits
        "7 مارس 2026م",
    ],
)
def test_dual_names_marks_and_orders(text: str) -> None:
    assert iso(text) == "2026-03-06T22:00:00Z"


def test_dual_form_with_august() -> None:
    assert iso("13 آب/أغسطس 2020") == "2020-08-12T22:00:00Z"


# --- times ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("13 أغسطس 2020, 08:57 مساء", "2020-08-13T18:57:00Z"),
        ("13 أغسطس 2020, 08:57 مساءً", "2020-08-13T18:57:00Z"),
        ("13 أغسطس 2020 - 08:57 م", "2020-08-13T18:57:00Z"),
        ("13 أغسطس 2020 08:57 صباحا", "2020-08-13T06:57:00Z"),
        ("13 أغسطس 2020 08:57 صباحاً", "2020-08-13T06:57:00Z"),
        ("13 أغسطس 2020 08:57 ص", "2020-08-13T06:57:00Z"),
        ("13 أغسطس 2020 12:15 ص", "2020-08-12T22:15:00Z"),  # 12 AM is midnight
        ("13 أغسطس 2020 12:15 مساء", "2020-08-13T10:15:00Z"),  # 12 PM is noon
        ("13 أغسطس 2020 الساعة 20:57", "2020-08-13T18:57:00Z"),
        ("August 13, 2020 8:57 PM", "2020-08-13T18:57:00Z"),
        ("13 Aug 2020 08:57 am", "2020-08-13T06:57:00Z"),
        ("08:57 مساء الخميس 13 أغسطس 2020", "2020-08-13T18:57:00Z"),  # time first
        ("13 أغسطس 2020 08:57 GMT", "2020-08-13T08:57:00Z"),
        ("13 أغسطس 2020 08:57 GMT+3", "2020-08-13T05:57:00Z"),
        ("2020-08-13 08:57:00+01:00", "2020-08-13T07:57:00Z"),
        ("2020/08/13 - 10:30 - 5 تعليقات", "2020-08-13T08:30:00Z"),  # "- 5" is not an offset
        ("13 أغسطس 2020 الساعة 10 مساء", "2020-08-13T20:00:00Z"),  # bare hour with its word
        ("Thursday, August 13th 2020 at 10am", "2020-08-13T08:00:00Z"),
        ("13 أغسطس 2020, 5 تعليقات", "2020-08-12T22:00:00Z"),  # a bare number is not an hour
    ],
)
def test_times(text: str, expected: str) -> None:
    assert iso(text) == expected


# --- numeric dates and digits --------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("16.06.2026", "2026-06-15T22:00:00Z"),
        ("16-06-2026", "2026-06-15T22:00:00Z"),
        ("2026-06-16", "2026-06-15T22:00:00Z"),
        ("2026.06.16", "2026-06-15T22:00:00Z"),
        ("٠٥/٠٣/٢٠٢٦ ١٣:٣٧", "2026-03-05T11:37:00Z"),
        ("۰۵/۰۳/۲۰۲۶", "2026-03-04T22:00:00Z"),
        ("5/\u200f3/\u200f2026", "2026-03-04T22:00:00Z"),  # moment ar-ly "L" with RLM marks
        ("\u200f5/3/2026\u200e", "2026-03-04T22:00:00Z"),
        ("06/16/2026", "2026-06-15T22:00:00Z"),  # month > 12 in second place: must be M/D
        ("تاريخ النشر: 05/03/2026", "2026-03-04T22:00:00Z"),
        ("نشر بتاريخ 05/03/2026", "2026-03-04T22:00:00Z"),
        ("آخر تحديث: 2026/03/05 09:00", "2026-03-05T07:00:00Z"),
        ("Published: 05/03/2026", "2026-03-04T22:00:00Z"),
        ("Updated | 2026-03-05", "2026-03-04T22:00:00Z"),
    ],
)
def test_numeric_dates(text: str, expected: str) -> None:
    assert iso(text) == expected


def test_month_first_when_asked() -> None:
    assert iso("05/03/2026", day_first=False) == "2026-05-02T22:00:00Z"


def test_two_digit_years_go_to_the_fallback() -> None:
    assert iso("16/06/26 10:00") == "2026-06-16T08:00:00Z"
    assert parse_date_ex("16/06/26 10:00", now=NOW, fallback=False) is None


def test_fallback_is_not_asked_to_second_guess_a_rejected_date() -> None:
    assert iso("25 ديسمبر 2026") is None  # read, and in the future: not "Dec 25, last year"


def test_impossible_dates_are_none() -> None:
    assert iso("31/02/2026") is None
    assert iso("30 فبراير 2026") is None
    assert iso("13 أغسطس 2020 25:61") == "2020-08-12T22:00:00Z"  # not a time: date only


# --- rejection ------------------------------------------------------------------------------


def test_future_dates_are_rejected() -> None:
    assert iso("2026-12-25") is None
    assert iso("29/11/2026 10:38") == "2026-11-29T08:38:00Z"  # 8 min ahead: clock skew
    assert iso("29/11/2026 10:38", future_tolerance_secs=60) is None
    assert iso("29/11/2026 10:45") is None
    assert iso("غدا") is None
    assert iso("Tue, 16 Jun 2099 09:12:44 +0000") is None


def test_absurd_years_are_rejected() -> None:
    assert iso("15 فبراير 1985") is None
    assert iso("1985-02-15") is None
    assert parse_iso("0000-00-00 00:00:00") is None
    assert parse_iso("1970-01-01T00:00:00Z") is None


def test_a_later_plausible_date_is_found_after_an_implausible_one() -> None:
    assert iso("1 يناير 1900 - آخر تحديث 5 مارس 2026") == "2026-03-04T22:00:00Z"


# --- free text -------------------------------------------------------------------------------


def test_agency_dateline() -> None:
    text = "طرابلس 15 فبراير 2018 ( وال ) - أعلن المجلس الرئاسي اليوم عن ..."
    assert find_date_in_text(text, now=NOW) == (
        datetime(2018, 2, 14, 22, 0, tzinfo=timezone.utc),
        "15 فبراير 2018",
    )


def test_byline_line() -> None:
    found = find_date_in_text("بقلم: أحمد علي\nنشر في: منذ ساعتين", now=NOW)
    assert found == (NOW - timedelta(hours=2), "منذ ساعتين")
    found = find_date_in_text("نشر في: ٥ مارس ٢٠٢٦ - ١٠:٢٠ ص | تعليقات", now=NOW)
    assert found == (datetime(2026, 3, 5, 8, 20, tzinfo=timezone.utc), "٥ مارس ٢٠٢٦ - ١٠:٢٠ ص")


def test_a_number_ending_a_word_is_not_an_hour() -> None:
    # "Marianne1 am 20.09.2020": a username, then German "am" ("on"), not 1 a.m.
    found = find_date_in_text("Marianne1 am 20.09.2020", now=NOW, tz="Europe/Berlin")
    assert found == (datetime(2020, 9, 19, 22, 0, tzinfo=timezone.utc), "20.09.2020")
    found = find_date_in_text("2020-09-20T10:30:00", now=NOW)
    assert found == (datetime(2020, 9, 20, 8, 30, tzinfo=timezone.utc), "2020-09-20T10:30:00")


def test_matched_text_keeps_the_original_marks() -> None:
    found = find_date_in_text("الخبر: ١٥ فَبْرَايِر ٢٠١٨ ...", now=NOW)
    assert found is not None
    assert found[1] == "١٥ فَبْرَايِر ٢٠١٨"


def test_matched_text_keeps_a_final_tanween() -> None:
    parsed = parse_date_ex("آخر تحديث: الأحد، 29 نوفمبر 2026 - 10:05 صباحاً", now=NOW)
    assert parsed is not None
    assert parsed.matched == "29 نوفمبر 2026 - 10:05 صباحاً"
    assert to_utc_iso(parsed.when) == "2026-11-29T08:05:00Z"


def test_prose_words_are_not_dates() -> None:
    assert find_date_in_text("أعلنت الحكومة اليوم عن خطة جديدة، وقالت أمس إنها", now=NOW) is None
    assert find_date_in_text("وقعت الاشتباكات منذ عامين", now=NOW, relative=False) is None
    assert find_date_in_text("", now=NOW) is None


# --- hostile input ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "",
        " ",
        "\x00\ufffd",
        "منذ",
        "2026",
        "99/99/9999",
        "0000-00-00 00:00:00",
        "1" * 10_000,
        "منذ " * 5_000,
        "13 أغسطس " * 3_000,
        "<time datetime=''>",
        "\u200f" * 100,
    ],
)
def test_hostile_strings(text: str) -> None:
    started = time.perf_counter()
    result = parse_date(text, now=NOW)
    assert result is None or result.tzinfo is not None
    assert find_date_in_text(text, now=NOW) is None or result is not None
    assert time.perf_counter() - started < 1.0


def test_long_text_is_searched_quickly() -> None:
    # 200 kB read in about 0.4 s: a search that backtracked would take minutes
    body = "فقرة من نص المقال بلا تاريخ 12 و 34. " * 5_000 + "طرابلس 15 فبراير 2018"
    started = time.perf_counter()
    found = find_date_in_text(body, now=NOW)
    assert found is not None
    assert found[1] == "15 فبراير 2018"
    assert time.perf_counter() - started < 2.0


def test_wrong_types_are_none() -> None:
    assert parse_date(None, now=NOW) is None  # type: ignore[arg-type]
    assert parse_date(b"2026-06-16", now=NOW) is None  # type: ignore[arg-type]
    assert parse_iso(123) is None  # type: ignore[arg-type]
    assert find_date_in_text(None) is None  # type: ignore[arg-type]


ARABIC_DATEISH = st.lists(
    st.sampled_from(
        [*"0123456789٠١٢٣٤٥٦٧٨٩/:-., ()|", "منذ ", "ساعة", "أمس", "مساء", " فبراير ", " آب"]
    ),
    max_size=30,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(max_size=200), ARABIC_DATEISH))
def test_any_text_is_none_or_a_plausible_utc_datetime(text: str) -> None:
    started = time.perf_counter()
    result = parse_date(text, now=NOW)
    if result is not None:
        assert result.utcoffset() == timedelta(0)
        assert 1990 <= result.year <= NOW.year + 1
        assert result <= NOW + timedelta(minutes=10)
    found = find_date_in_text(text, now=NOW)
    if found is not None:
        assert found[1].strip()
    assert time.perf_counter() - started < 0.5


# --- French, Italian and German bylines -----------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Par Loïc Le Clerc | 30 septembre 2018", "2018-09-29T22:00:00Z"),
        ("Publié le 3 août 2021", "2021-08-02T22:00:00Z"),
        ("Publié le 3 aout 2021", "2021-08-02T22:00:00Z"),
        ("1 décembre 2020", "2020-11-30T22:00:00Z"),
        ("Tripoli, 14 gennaio 2020", "2020-01-13T22:00:00Z"),
        ("Von Christian Thiele, 07 Dezember, 2022", "2022-12-06T22:00:00Z"),
        ("1. Februar 2022 , Daniel Dillenburg", "2022-01-31T22:00:00Z"),
        ("12. MÄRZ 2020", "2020-03-11T22:00:00Z"),
        ("Wien, 14. Jänner 2021", "2021-01-13T22:00:00Z"),
        ("5. Mai 2020 um 10:30 Uhr", "2020-05-05T08:30:00Z"),
        ("Le 11 septembre 2018 à 12:57", "2018-09-11T10:57:00Z"),
    ],
)
def test_european_month_names_in_bylines(text: str, expected: str) -> None:
    found = find_date_in_text(text, now=NOW)
    assert found is not None
    assert to_utc_iso(found[0]) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Mai 2020",  # no day: not a publication day
        "Il set di Mai Tai",
        "Die Mars-Mission startet",
        "ضمن 5 mai",
    ],
)
def test_european_month_names_need_a_day_and_a_year(text: str) -> None:
    assert find_date_in_text(text, now=NOW) is None
