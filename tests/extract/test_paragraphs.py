"""Paragraphs from text and HTML, and their comparison form."""

from __future__ import annotations

import random
import re
import unicodedata

from ingest.extract.paragraphs import (
    html_paragraphs,
    join_paragraphs,
    normalise_key,
    normalise_paragraph,
    paragraph_key,
    table_row,
    text_paragraphs,
)

# The definitions the fast paths must agree with, as regexes.
_INVISIBLE = re.compile(
    "[\u00ad\u200b-\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff\x00-\x08\x0b-\x1f]"
)


def _paragraph_by_regex(text: str) -> str:
    text = _INVISIBLE.sub("", unicodedata.normalize("NFC", text))
    return re.sub(r"\s+", " ", text).strip()


def _key_by_regex(text: str) -> str:
    return re.sub(r"[\W_]+", " ", text.casefold()).strip()


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


def test_fast_paths_give_the_regexes_results_on_every_character() -> None:
    texts = []
    # every code point of the planes in use (lone surrogates too), in runs between words
    for start in [*range(0, 0x30000, 64), *range(0xE0000, 0xE1000, 64)]:
        run = "".join(map(chr, range(start, start + 64)))
        texts += [run, f"Ab {run[:32]}x_y {run[32:]}\u0301 «Z»"]
    pool = (
        "aZé e\u0301ßİﬁΣς_-.,’“”«»،؟ \t\n\xa0\u2028\u3000\x0b\x1c\x00\xad\u200b\ufeffلا٣²①\ud800🙂"
    )
    rng = random.Random(17)
    texts += ["".join(rng.choices(pool, k=rng.randint(0, 40))) for _ in range(3000)]
    for text in texts:
        assert normalise_paragraph(text) == _paragraph_by_regex(text)
        assert normalise_key(text) == _key_by_regex(text)
        assert paragraph_key(text) == _key_by_regex(_paragraph_by_regex(text))


def test_paragraph_key_is_the_key_of_the_paragraph() -> None:
    raw = "  «Mat\xadthi\xadas»\n\tSCHMIDT, 2025 "
    assert paragraph_key(raw) == normalise_key(normalise_paragraph(raw)) == "matthias schmidt 2025"
    assert paragraph_key("A\x0cB c") == "ab c"  # a form feed is an invisible mark, not a space
