"""Pages that are not text are not stored as articles, whatever their Content-Type says."""

from __future__ import annotations

import random

import pytest

from ingest.extract import extract_article
from ingest.extract.quality import not_text_reason

ARABIC = (
    "أعلنت وزارة الصحة في حكومة الوحدة الوطنية عن إطلاق حملة وطنية للتطعيم ضد شلل الأطفال"
    " تستهدف أكثر من مليون طفل في مختلف المدن الليبية خلال الأسبوعين المقبلين. "
)
ENGLISH = "The High National Elections Commission said voter registration would reopen. "
FRENCH = "Le gouvernement d'unité nationale a annoncé une réforme économique étendue à l'été. "


def page(body: str) -> bytes:
    return f"<html><head><title>t</title></head><body><article><h1>عنوان</h1><p>{body}</p></article></body></html>".encode()


@pytest.mark.parametrize("text", [ARABIC * 10, ENGLISH * 10, FRENCH * 10, "2026 " + ARABIC * 5])
def test_prose_in_any_language_is_text(text: str) -> None:
    assert not_text_reason(text) is None


def test_150_kb_of_high_bytes_is_not_an_article() -> None:
    rng = random.Random(1)
    junk = bytes(rng.randrange(0x80, 0x100) for _ in range(150_000))
    html = b"<html><body><article><h1>x</h1><p>" + junk + b"</p></article></body></html>"
    article = extract_article(html, "https://x.ly/1")  # served as text/html, no charset
    assert article.skip_reason is not None and "not text" in article.skip_reason


def test_utf8_arabic_read_as_latin1_is_mojibake() -> None:
    garbled = (ARABIC * 10).encode("utf-8").decode("latin-1")
    assert "mojibake" in (not_text_reason(garbled) or "")


@pytest.mark.parametrize(
    ("filler", "why"),
    [
        ('"' * 200_000, "one character"),
        ("ab " * 5_000, "one character"),
        ("0123456789" * 500, "different characters"),
        ("\ufffd" * 50 + ARABIC * 3 + "\ufffd" * 100, "U+FFFD"),
        ("|-+*=#@!?%&^" * 100, "letters"),
    ],
)
def test_filler_is_not_an_article(filler: str, why: str) -> None:
    reason = not_text_reason(filler)
    assert reason is not None and why in reason
    article = extract_article(page(filler), "https://x.ly/1")
    assert article.skip_reason is not None
