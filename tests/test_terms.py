"""Search terms: what a reader typing a query into ``ingest search`` would notice."""

from __future__ import annotations

import sqlite3

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ingest.terms import (
    NOTHING_TO_FIND,
    index_stems,
    mark_snippet,
    match_expression,
    parse_query,
    stem,
)
from ingest.text import normalize_search

ARTICLES = {
    "power-cut": "انقطاع الكهرباء عن أحياء طرابلس مساء الأحد",
    "pumps": "تعمل مضخات المياه بالكهرباء في بنغازي",
    "water-power": "تحسّن إمداد المياه والكهرباء في سبها",
    "electric-grid": "ربط الشبكة الكهربائية بين الشرق والغرب",
    "government": "قالت الحكومة إن الميزانية جاهزة",
    "and-government": "ووحدة الصف وحكومة واحدة مطلب الجميع",
    "to-government": "قدم ديوان المحاسبة تقريره للحكومة",
    "governments": "تعاقبت الحكومات على طرابلس",
    "libyans": "عودة الليبيين العالقين في تونس",
    "ali": "قال الطبيب علي بن نصر إن المستشفى جاهز",
    "presidency": "المجلس الرئاسي يدعو إلى وقف إطلاق النار",
    "a-council": "مجلس رئاسي جديد في بلد مجاور",
    "diseases": "حملة لمكافحة الأَمْرَاضِ المُعْدِيَةِ في المدارس",
    "election": "The election was postponed to March",
    "budget-2026": "إقرار ميزانية ٢٠٢٦ الموحدة",
}


@pytest.fixture
def articles_db() -> sqlite3.Connection:
    """An FTS5 table of the store's shape holding ``ARTICLES`` as bodies."""
    conn = sqlite3.connect(":memory:")
    conn.execute(
        "CREATE VIRTUAL TABLE articles_fts USING fts5(headline, body, headline_stems,"
        " body_stems, name UNINDEXED, tokenize = 'unicode61')"
    )
    for name, body in ARTICLES.items():
        conn.execute(
            "INSERT INTO articles_fts VALUES ('', ?, '', ?, ?)",
            (normalize_search(body), index_stems(body), name),
        )
    return conn


def found(conn: sqlite3.Connection, query: str) -> set[str]:
    """Names of the articles a query finds."""
    expression = match_expression(query)
    if not expression:
        return set()
    sql = "SELECT name FROM articles_fts WHERE articles_fts MATCH ?"
    return {row[0] for row in conn.execute(sql, (expression,))}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("كهرباء", {"power-cut", "pumps", "water-power"}),
        ("بالكهرباء", {"power-cut", "pumps", "water-power"}),
        ("حكومة", {"government", "and-government", "to-government", "governments"}),
        ("الحكومات", {"government", "and-government", "to-government", "governments"}),
        ("ليبيين", {"libyans"}),
        ("elections", {"election"}),
    ],
)
def test_a_plain_word_finds_its_clitic_and_inflected_forms(
    articles_db: sqlite3.Connection, query: str, expected: set[str]
) -> None:
    assert found(articles_db, query) == expected


def test_index_stems_keeps_word_order() -> None:
    assert index_stems("والكهرباءُ في المدن، وللحكومات") == "كهرباء في مدن حكوم"


def test_ala_the_preposition_is_not_ali_the_name(articles_db: sqlite3.Connection) -> None:
    assert stem("على") != stem("علي")
    assert found(articles_db, "على") == {"governments"}
    assert found(articles_db, "علي") == {"ali"}


def test_a_quoted_phrase_matches_exactly_not_its_stems(articles_db: sqlite3.Connection) -> None:
    assert found(articles_db, "«المجلس الرئاسي»") == {"presidency"}
    assert found(articles_db, "المجلس الرئاسي") == {"presidency", "a-council"}
    assert found(articles_db, '"الرئاسي المجلس"') == set()
    assert found(articles_db, "“الحكومة”") == {"government"}


def test_a_prefix_finds_words_with_clitics(articles_db: sqlite3.Connection) -> None:
    assert found(articles_db, "كهرب*") == {"power-cut", "pumps", "water-power", "electric-grid"}
    assert found(articles_db, "الكهرب*") == found(articles_db, "كهرب*")


def test_or_not_and_minus(articles_db: sqlite3.Connection) -> None:
    assert found(articles_db, "كهرباء OR ليبيين") == {
        "power-cut",
        "pumps",
        "water-power",
        "libyans",
    }
    assert found(articles_db, "كهرباء مياه") == {"pumps", "water-power"}
    assert found(articles_db, "كهرباء NOT مياه") == {"power-cut"}
    assert found(articles_db, "كهرباء -سبها") == {"power-cut", "pumps"}
    assert found(articles_db, 'حكومة -"قالت الحكومة"') == {
        "and-government",
        "to-government",
        "governments",
    }


def test_only_exclusions_cannot_run_and_says_why() -> None:
    assert match_expression("-كهرباء NOT مياه") == ""
    assert parse_query("-كهرباء NOT مياه").problem == NOTHING_TO_FIND
    assert parse_query("كهرباء").problem is None
    assert match_expression("  ، ! ") == ""


def test_vocalised_text_and_queries_match(articles_db: sqlite3.Connection) -> None:
    assert found(articles_db, "الأمراض") == {"diseases"}
    assert found(articles_db, "الأَمْرَاضِ") == {"diseases"}
    assert found(articles_db, "امراض") == {"diseases"}


def test_typed_fts5_syntax_is_searched_as_words(articles_db: sqlite3.Connection) -> None:
    assert found(articles_db, "body:كهرباء") == set()
    assert found(articles_db, "NEAR(كهرباء مياه) ^حكومة") == set()
    assert found(articles_db, "(كهرباء)") == {"power-cut", "pumps", "water-power"}


def test_arabic_indic_digits_match_ascii_digits(articles_db: sqlite3.Connection) -> None:
    assert found(articles_db, "2026") == found(articles_db, "٢٠٢٦") == {"budget-2026"}


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
        "{headline_stems} : كهرباء*",
    ],
)
def test_hostile_queries_run_or_give_nothing(articles_db: sqlite3.Connection, hostile: str) -> None:
    found(articles_db, hostile)


def test_mark_snippet_marks_the_original_vocalised_words() -> None:
    text = "قال المتحدث: «انقطعت الكَهْرَباءُ عن طرابلس»، وعادت الكهرباء مساءً."
    assert mark_snippet(text, "كهرباء") == (
        "قال المتحدث: «انقطعت [الكَهْرَباءُ] عن طرابلس»، وعادت [الكهرباء] مساءً."
    )
    assert mark_snippet(text, "«عن طرابلس»", marks=("<b>", "</b>")) == (
        "قال المتحدث: «انقطعت الكَهْرَباءُ <b>عن</b> <b>طرابلس</b>»، وعادت الكهرباء مساءً."
    )


def test_mark_snippet_cuts_around_the_best_window() -> None:
    words = [f"كلمة{i}" for i in range(50)]
    words[40] = "بالكهرباء،"
    snippet = mark_snippet(" ".join(words), "كهرب*", max_words=5)
    assert snippet == "…كلمة38 كلمة39 [بالكهرباء]، كلمة41 كلمة42…"


def test_mark_snippet_without_a_match_shows_the_start() -> None:
    text = " ".join(f"كلمة{i}" for i in range(50))
    assert mark_snippet(text, "حكومة", max_words=3) == "كلمة0 كلمة1 كلمة2…"
    assert mark_snippet("نص قصير", "حكومة") == "نص قصير"
    assert mark_snippet("", "حكومة") == ""


def test_excluded_words_are_not_marked() -> None:
    assert mark_snippet("الكهرباء والمياه", "كهرباء -مياه") == "[الكهرباء] والمياه"


def test_stem_cache_is_bounded() -> None:
    assert stem.cache_info().maxsize is not None


HOSTILE_PIECES = st.sampled_from(
    [
        *('"', "«", "»", "“", "*", "-", "NOT", "OR", "AND", "NEAR(", ")", "(", ":", "^"),
        *("{", "}", "headline", "body_stems", "كهرباء", "الحكومة", " ", "'", "+", "\\"),
        *("\x00", "ـ", "َ", "²", "ﻻ", "٣"),
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(), st.lists(HOSTILE_PIECES, max_size=40).map("".join)))
def test_any_query_gives_nothing_or_an_expression_fts5_accepts(query: str) -> None:
    conn = sqlite3.connect(":memory:")
    conn.execute(
        "CREATE VIRTUAL TABLE articles_fts USING fts5(headline, body, headline_stems,"
        " body_stems, tokenize = 'unicode61')"
    )
    conn.execute(
        "INSERT INTO articles_fts VALUES (?, ?, ?, ?)",
        ("", normalize_search(ARTICLES["power-cut"]), "", index_stems(ARTICLES["power-cut"])),
    )
    expression = match_expression(query)
    if expression:
        conn.execute("SELECT count(*) FROM articles_fts WHERE articles_fts MATCH ?", (expression,))
    mark_snippet(ARTICLES["power-cut"], query)
