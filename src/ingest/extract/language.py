"""The language of an article as an ISO 639-1 code, by script first.

1. Letters are counted per script (``scripts.py``). A script written by one language gives
   it directly (Greek el, Hebrew he, Hangul ko, kana ja, Han alone zh, Thai th ...).
2. Arabic script is Arabic unless a share of its letters are ones Arabic lacks (Persian
   and Urdu "پ چ ژ گ ک ی ے ..."); only then py3langid chooses among ar, fa and ur, and
   its answer stands only when confident. Libyan pages thus cost a character count,
   microseconds, and never a model.
3. Other scripts of several languages (Latin, Cyrillic, Devanagari ...) go to py3langid
   restricted to the languages written in that script, one cached identifier per script:
   a Latin guesser never names Russian text Turkish. Restriction raised py3langid's
   accuracy on short English headlines from 64% to 87% (design.md, "Measured here").

The declared language (``<html lang>``, ``og:locale``, JSON-LD ``inLanguage``) names the
result's method when it agrees with the script and the model; it decides only when the
text is too short to tell or the model is unsure among the script's languages. So Chinese
under ``lang="en"`` is zh and Spanish text declared ``en`` is es.

Measured: the hand-written sets' languages 60/60 as before; on the dev corpus (not
annotated for language) 9 of 506 pages change, each a correction read by hand (a Russian
page had been "tr", Spanish and German pages declared "en"). Per call, on 2,000
characters: Arabic 0.34 ms (0.36 before), undeclared English 0.64 ms (1.39: the model
reads 1,000 characters; now 600), declared English 1.06 ms (0.29, when the declaration
was trusted unread), plus the model's one-time load.
"""

from __future__ import annotations

import copy
import re
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from ingest.extract.scripts import (
    BY_NAME,
    LATIN_LANGUAGES,
    SCRIPTS,
    dominant_script,
    script_letters,
)

__all__ = ["LATIN_LANGUAGES", "detect_language", "primary_code"]

SAMPLE_CHARS = 2000  # letters counted per script
# Text py3langid reads: its time grows with the text (1.3 ms for 2,000 characters), and
# 100 words of running text already give it a probability above 0.99. On the 485 bodies
# over 1,000 characters of bench/extraction.py's sets, 400, 600 and 1,000 characters all
# gave the language that 3,000 gave; 600 (0.53 ms a body at the median, 0.95 for 1,000)
# changed no record of the 578, 500 one: a pinyin page read as Romanian, not English.
MODEL_SAMPLE_CHARS = 600
# Below this many letters in its script a text is a symbol, a unit or a name ("μg", "Libya",
# "北京"), not evidence of the page's language: a declaration decides.
SHORT_TEXT_LETTERS = 20
# py3langid's probability, normalised over the script's languages, that overrules a
# declaration: a headline's few words score 0.2-0.4, a paragraph of running text 0.99+.
CONFIDENT_PROBABILITY = 0.9
# Letters of Persian and Urdu that Arabic does not use; Libyan Arabic text shows them
# only in a foreign name, Persian and Urdu text in most words.
NOT_ARABIC_LETTERS = frozenset("پچژگکیٹڈڑںےہۀ")
NOT_ARABIC_SHARE = 0.02


def primary_code(tag: str) -> str | None:
    """ISO 639-1 part of a language tag (``ar-LY``, ``en_US``); None if not two letters."""
    code = re.split(r"[-_]", tag.strip().lower(), maxsplit=1)[0]
    return code if re.fullmatch(r"[a-z]{2}", code) else None


@lru_cache(maxsize=1)
def _model() -> Any:
    """py3langid's model with every language, loaded once (about 1 s)."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


@lru_cache(maxsize=32)
def _identifier(languages: tuple[str, ...]) -> Any:
    """The model restricted to ``languages`` (those it knows), cached per set."""
    model = _model()
    known = [code for code in languages if code in model.nb_classes]
    restricted = copy.copy(model)
    restricted.set_languages(known)
    return restricted


def identify(text: str, languages: Sequence[str]) -> tuple[str, float]:
    """py3langid's guess among ``languages`` and its probability."""
    code, probability = _identifier(tuple(sorted(set(languages)))).classify(
        text[:MODEL_SAMPLE_CHARS]
    )
    return str(code), float(probability)


def identify_latin(text: str) -> str | None:
    """py3langid's guess for Latin-script text, or None without Latin letters."""
    counts = script_letters(Counter(text[:SAMPLE_CHARS]))
    return identify(text, LATIN_LANGUAGES)[0] if counts.get("Latin", 0) >= 3 else None


def _writes(code: str) -> str | None:
    """The script a language is listed under, or None."""
    return next((s.name for s in SCRIPTS if code in s.languages), None)


def detect_language(
    text: str, declared: Sequence[tuple[str, str]] = (), fallback: str | None = None
) -> tuple[str | None, str]:
    """Return (ISO 639-1 code, method) for a text, given what the page declares."""
    codes = [(code, method) for tag, method in declared if (code := primary_code(tag))]
    chars = Counter(text[:SAMPLE_CHARS])
    counts = script_letters(chars)
    found = dominant_script(counts)
    if found is None:
        return codes[0] if codes else (fallback, "source" if fallback else "none")
    script, letters = found
    # Declarations in this script, or of languages the table does not place in any.
    agreeing = [(c, m) for c, m in codes if _writes(c) in (script.name, None)]
    if letters < SHORT_TEXT_LETTERS and codes:
        return agreeing[0] if agreeing else codes[0]
    if len(script.languages) == 1:
        guess, sure = script.languages[0], True
    elif script.name == "Arabic":
        guess, sure = _arabic(text, chars, letters)
    else:
        languages = [*script.languages, *(c for c, _ in agreeing)]
        guess, probability = identify(text, languages)
        sure = probability >= CONFIDENT_PROBABILITY
    for code, method in agreeing:
        if code == guess:
            return code, method
    if not sure and agreeing:
        return agreeing[0]
    return guess, "script" if len(script.languages) == 1 or guess == "ar" else "langid"


def _arabic(text: str, chars: Counter[str], letters: int) -> tuple[str, bool]:
    """Arabic, unless the letters Persian and Urdu add are common; then py3langid's guess
    among the Arabic-script languages and whether it is sure."""
    foreign = sum(chars[c] for c in NOT_ARABIC_LETTERS if c in chars)
    if foreign < NOT_ARABIC_SHARE * letters:
        return "ar", True
    guess, probability = identify(text, BY_NAME["Arabic"].languages)
    return (guess, True) if probability >= CONFIDENT_PROBABILITY else ("ar", False)
