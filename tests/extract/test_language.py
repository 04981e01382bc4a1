"""Language: script share, declared languages, py3langid for Latin text."""

from __future__ import annotations

from ingest.extract.language import detect_language, primary_code


def test_arabic_text_is_arabic_whatever_the_page_says() -> None:
    assert detect_language("أعلنت الحكومة الليبية اليوم", [("en", "html-lang")]) == ("ar", "script")
    assert detect_language("أعلنت الحكومة الليبية اليوم", [("ar-LY", "html-lang")]) == (
        "ar",
        "html-lang",
    )


def test_declared_latin_language_is_trusted_for_latin_text() -> None:
    assert detect_language("The House of Representatives met", [("en-US", "og-locale")]) == (
        "en",
        "og-locale",
    )


def test_undeclared_latin_text_goes_to_langid() -> None:
    text = "Le gouvernement libyen a annoncé lundi la reprise de la production de pétrole."
    assert detect_language(text, [("ar", "html-lang")]) == ("fr", "langid")
    english = "The National Oil Corporation said on Monday that production had resumed."
    assert detect_language(english) == ("en", "langid")


def test_no_letters_uses_the_declaration_or_the_source() -> None:
    assert detect_language("2026 - 12", [("ar", "html-lang")]) == ("ar", "html-lang")
    assert detect_language("", fallback="ar") == ("ar", "source")
    assert detect_language("") == (None, "none")


def test_primary_code() -> None:
    assert primary_code("ar_LY") == "ar"
    assert primary_code("EN-gb") == "en"
    assert primary_code("arabic") is None
