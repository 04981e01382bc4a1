"""Arabic normalisation: what a reader searching or a dedup key would notice."""

from __future__ import annotations

import sqlite3

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ingest.text import (
    fts_query,
    match_lines,
    normalize_match,
    normalize_search,
    search_stems,
    strip_prefixes,
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


def test_prefix_stripping_for_second_fts_column() -> None:
    assert strip_prefixes(["والطلاب", "بالعاصمة", "للشعب", "ال", "الى"]) == [
        "طلاب",
        "عاصمة",
        "شعب",
        "ال",
        "الى",
    ]
    assert search_stems("وَالطُّلّابُ في المدارس") == "طلاب في مدارس"


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
    assert fts_query("") == ""


def _fts_db() -> sqlite3.Connection:
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE VIRTUAL TABLE docs USING fts5(body, stems)")
    for text in (VOCALISED, "وَالطُّلّابُ يَعودونَ إلى المَدارِسِ في ٢٠٢٦", "عن الحكومة والبرلمان"):
        conn.execute(
            "INSERT INTO docs (body, stems) VALUES (?, ?)",
            (normalize_search(text), search_stems(text)),
        )
    return conn


def test_fts5_raw_vocalised_text_is_not_found_by_a_plain_query() -> None:
    # The reason FTS must be fed normalised text: unicode61 splits vocalised words.
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE VIRTUAL TABLE docs USING fts5(body)")
    conn.execute("INSERT INTO docs (body) VALUES (?)", (VOCALISED,))
    assert conn.execute("SELECT count(*) FROM docs WHERE docs MATCH 'الرئاسي'").fetchone() == (0,)


@pytest.mark.parametrize(
    "query",
    ["الرئاسي", "الرِّئاسي", '"المجلس الرئاسي"', "«المجلس الرئاسي»", "طرابلس اتفاق", "2026", "٢٠٢٦"],
)
def test_fts5_plain_query_finds_vocalised_text(query: str) -> None:
    conn = _fts_db()
    rows = conn.execute("SELECT count(*) FROM docs WHERE body MATCH ?", (fts_query(query),))
    assert rows.fetchone()[0] == 1


def test_fts5_phrase_keeps_word_order() -> None:
    conn = _fts_db()
    rows = conn.execute(
        "SELECT count(*) FROM docs WHERE body MATCH ?", (fts_query('"الرئاسي المجلس"'),)
    )
    assert rows.fetchone() == (0,)


def test_fts5_prefix_or_and_stems() -> None:
    conn = _fts_db()
    count = "SELECT count(*) FROM docs WHERE {} MATCH ?"
    assert conn.execute(count.format("body"), (fts_query("طراب*"),)).fetchone() == (1,)
    assert conn.execute(count.format("body"), (fts_query("طرابلس OR الحكومة"),)).fetchone() == (2,)
    assert conn.execute(count.format("body"), (fts_query("الطلاب"),)).fetchone() == (0,)
    assert conn.execute(count.format("stems"), (fts_query("الطلاب", stems=True),)).fetchone() == (
        1,
    )


@pytest.mark.parametrize(
    "hostile",
    [
        'NEAR(الحكومة "x") AND OR NOT',
        "body:الحكومة",
        '"unclosed phrase',
        "*",
        "^الحكومة",
        "-الحكومة +x",
        '""""',
        "OR OR OR",
        "()[]{}",
        "\x00\x1f",
    ],
)
def test_fts_query_never_breaks_fts5_syntax(hostile: str) -> None:
    conn = _fts_db()
    expression = fts_query(hostile)
    if expression:
        conn.execute("SELECT count(*) FROM docs WHERE docs MATCH ?", (expression,)).fetchone()


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_fts_query_is_always_valid_fts5(query: str) -> None:
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE VIRTUAL TABLE docs USING fts5(body)")
    expression = fts_query(query)
    if expression:
        conn.execute("SELECT count(*) FROM docs WHERE docs MATCH ?", (expression,)).fetchone()


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
