"""The chrome-line tables: rows well formed, patterns catching what they say."""

from __future__ import annotations

import re

import pytest

from ingest.extract import linerules
from ingest.extract.linerules import (
    AD_LABEL,
    BYLINE_PARAGRAPH,
    CREDIT_LINE,
    LEAD_CAPTION,
    RELATED_HEAD,
    RELATED_LINK,
    Words,
    line_pattern,
)

TABLES = [value for value in vars(linerules).values() if isinstance(value, tuple) and value]
ROWS = [row for table in TABLES for row in table if isinstance(row, Words)]


@pytest.mark.parametrize("row", ROWS, ids=lambda row: row.catches)
def test_rows_compile_and_say_why(row: Words) -> None:
    re.compile(row.pattern)
    assert row.catches and row.family


def test_line_pattern_joins_the_rows() -> None:
    pattern = line_pattern((Words("a", "x", "y"), Words("b", "x", "y")), tail="$")
    assert pattern.match("  B") and not pattern.match("ab")


@pytest.mark.parametrize(
    ("pattern", "line"),
    [
        (RELATED_HEAD, "اقرأ أيضا"),
        (RELATED_HEAD, "Related posts:"),
        (RELATED_HEAD, "Mehr zum Thema"),
        (RELATED_LINK, "Lesen Sie auch: Die Wahl in Libyen"),
        (RELATED_LINK, "Read more: Oil output rises"),
        (AD_LABEL, "إعلان"),
        (CREDIT_LINE, "الصورة: أرشيفية"),
        (LEAD_CAPTION, "(Photo by Mahmud Turkia/AFP via Getty Images)"),
        (LEAD_CAPTION, "صورة أرشيفية"),
    ],
)
def test_patterns_catch_their_lines(pattern: re.Pattern[str], line: str) -> None:
    assert pattern.match(line)


@pytest.mark.parametrize(
    "line",
    [
        "آخر الأخبار تشير إلى تحسن الإنتاج",  # a sentence, not a list heading
        "TRIPOLI (Reuters) — The central bank said on Sunday it would resume figures.",
        "Photographers gathered outside the ministry on Sunday.",
    ],
)
def test_text_is_not_chrome(line: str) -> None:
    assert not RELATED_HEAD.match(line)
    assert not LEAD_CAPTION.match(line)
    assert not CREDIT_LINE.match(line)


def test_byline_paragraph_names_the_writer() -> None:
    match = BYLINE_PARAGRAPH.match("بقلم: سالم الورفلي")
    assert match and match.group("name") == "سالم الورفلي"
