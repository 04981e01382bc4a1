"""The patterns built from the word tables."""

from __future__ import annotations

from ingest.extract import datepatterns as pat


def test_alternation_tries_longer_words_first() -> None:
    assert pat.alternation(["اب", "ابريل"]).startswith("ابريل")
    assert r"\s+" in pat.alternation(["كانون الثاني"])


def test_a_month_name_inside_a_word_is_not_a_month() -> None:
    assert pat.TEXTUAL_DMY.search("3 مارسيليا 2026") is None
    assert pat.TEXTUAL_DMY.search("3 مارس 2026") is not None


def test_duration_parts_are_captured_apart() -> None:
    match = pat.REL_AGO.search("منذ يومين و 4 ساعات")
    assert match is not None
    assert (match["unit"], match["n2"], match["unit2"]) == ("يومين", "4", "ساعات")
    match = pat.REL_AGO_EN.search("1 day, 3 hours ago")
    assert match is not None
    assert (match["n"], match["unit"], match["n2"], match["unit2"]) == ("1", "day", "3", "hour")


def test_hijri_numbers_need_their_era_mark() -> None:
    assert pat.HIJRI_NUMERIC.search("14-09-1432 ه") is not None
    assert pat.HIJRI_NUMERIC.search("14-09-1432") is None
    assert pat.HIJRI_NUMERIC.search("رقم 14-09-1432 هاتف") is None


def test_a_weekday_before_a_date_is_found() -> None:
    match = pat.WEEKDAY_BEFORE.search("الاحد, ")
    assert match is not None
    assert match["wd"] == "الاحد"
