"""Paragraphs from text and HTML, and their comparison form."""

from __future__ import annotations

from ingest.extract.paragraphs import (
    html_paragraphs,
    join_paragraphs,
    normalise_key,
    normalise_paragraph,
    table_row,
    text_paragraphs,
)


def test_normalise_paragraph_removes_invisible_marks() -> None:
    assert normalise_paragraph("Mat\xadthi\xadas \u200b Schmidt \n") == "Matthias Schmidt"


def test_keys_ignore_case_and_punctuation() -> None:
    assert normalise_key("«Libya», today!") == normalise_key("libya today")


def test_table_rows_keep_their_cells() -> None:
    assert table_row("| الدولار | 7.10 |") == "الدولار | 7.10"
    assert table_row("|---|---|") == ""


def test_html_and_text_paragraphs() -> None:
    html = "<div><p>الأولى<br>الثانية</p><figure><figcaption>تعليق</figcaption></figure></div>"
    assert html_paragraphs(html) == ["الأولى", "الثانية"]
    assert text_paragraphs("أ\n\n ب \n") == ["أ", "ب"]
    assert join_paragraphs(["أ", "ب"]) == "أ\n\nب"
