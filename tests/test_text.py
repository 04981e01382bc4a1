"""Arabic normalisation: what a reader searching or a dedup key would notice."""

from __future__ import annotations

import sqlite3

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ingest.text import (
    match_lines,
    normalize_match,
    normalize_search,
    title_key,
)

VOCALISED = "أَعْلَنَ المَجْلِسُ الرِّئَاسِيُّ عَنْ اتِّفَاقٍ جَدِيدٍ فِي طَرَابُلُسَ"
PLAIN = "اعلن المجلس الرئاسي عن اتفاق جديد في طرابلس"


def test_tashkeel_is_removed_so_vocalised_equals_plain() -> None:
    assert normalize_search(VOCALISED) == PLAIN


def test_superscript_alef_and_tatweel_are_removed() -> None:
    assert normalize_search("هٰذا الاجتمـــــاع") == "هذا الاجتماع"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("أحمد", "احمد"),
        ("إبراهيم", "ابراهيم"),
        ("آمنة", "امنة"),
        ("ٱلله", "الله"),
    ],
)
def test_hamza_on_alef_forms_become_bare_alef(raw: str, expected: str) -> None:
    assert normalize_search(raw) == expected


def test_search_key_keeps_alef_maqsura_and_ta_marbuta() -> None:
    # على (on) must not become علي (a name) in search.
    assert normalize_search("على الحكومة") == "على الحكومة"


def test_match_key_folds_ya_ta_marbuta_and_hamza_seats() -> None:
    assert normalize_match("على الحكومة") == "علي الحكومه"
    assert normalize_match("مسئول") == normalize_match("مسؤول") == "مسءول"


@pytest.mark.parametrize("digits", ["٢٠٢٦", "۲۰۲۶", "2026"])
def test_arabic_indic_and_persian_digits_become_ascii(digits: str) -> None:
    assert normalize_search(f"ميزانية {digits}") == "ميزانية 2026"


def test_punctuation_and_whitespace_fold_to_single_spaces() -> None:
    text = "«المجلس»،  قال:\n\t(اليوم) - 'الثلاثاء'؛ لماذا؟ ok_done!"
    assert normalize_search(text) == "المجلس قال اليوم الثلاثاء لماذا ok done"


def test_latin_is_lower_cased_and_invisible_marks_do_not_split_words() -> None:
    assert normalize_search("UN\u200fSMIL بعثة\u200c الأمم") == "unsmil بعثة الامم"


def test_presentation_forms_fold_to_letters() -> None:
    assert normalize_search("ﻻ ﺑﺴﻢ") == "لا بسم"


def test_match_lines_keeps_lines_and_drops_empty_ones() -> None:
    assert match_lines("السطر الأول\n\n  ،  \nالسطر الثاني") == ["السطر الاول", "السطر الثاني"]


def test_title_key_ignores_urgent_marker_and_spelling() -> None:
    assert title_key("عاجل | المجلس الرئاسي يعلن حالة الطوارئ") == title_key(
        "المجلس الرئاسى يُعلن حالة الطوارئ"
    )
    assert title_key("عاجل: المجلس الرئاسي يعلن") == title_key("المجلس الرئاسي يعلن")
    assert title_key("عاجل") == "عاجل"


def test_empty_and_whitespace_only_text() -> None:
    assert normalize_search("") == ""
    assert normalize_match(" \n\t ") == ""
    assert match_lines("") == []


def test_fts5_raw_vocalised_text_is_not_found_by_a_plain_query() -> None:
    # The reason FTS must be fed normalised text: unicode61 splits vocalised words.
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE VIRTUAL TABLE docs USING fts5(body)")
    conn.execute("INSERT INTO docs (body) VALUES (?)", (VOCALISED,))
    assert conn.execute("SELECT count(*) FROM docs WHERE docs MATCH 'الرئاسي'").fetchone() == (0,)


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_normalisation_is_idempotent_and_never_raises(text: str) -> None:
    once = normalize_match(text)
    assert normalize_match(once) == once
    assert normalize_search(normalize_search(text)) == normalize_search(text)
    assert "  " not in once and once == once.strip()


def test_huge_text_is_normalised() -> None:
    text = (VOCALISED + "\n") * 20_000
    assert normalize_search(text).count("طرابلس") == 20_000
