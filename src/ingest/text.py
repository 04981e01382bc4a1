"""Arabic normalisation for matching and search; never for display (stored text stays NFC).

Two keys, because dedup and search want different things (design.md, "Arabic"):

- ``normalize_search``: removes what the FTS5 ``unicode61`` tokenizer cannot cope with
  (it splits vocalised words into fragments) and what readers do not type: tashkeel,
  tatweel, hamza-on-alef forms, Arabic-Indic digits, punctuation. ``ى`` and ``ة`` are kept:
  folding them turns على (a preposition) into علي (a name) and costs search precision.
- ``normalize_match``: the search key plus ``ى→ي``, ``ة→ه`` and ``ؤ/ئ→ء`` (مسئول = مسؤول),
  for dedup keys, where recall across outlets' spelling habits matters most.

Hand-written rather than pyarabic: its search normaliser maps ى to ا (على → علا), and a
chain of ``str.replace`` measured about 150 µs per article, 4-6× faster than
``str.translate`` or pyarabic (design.md, "Measured here").
"""

from __future__ import annotations

import re
import unicodedata

# Tashkeel U+064B-U+0652 plus the rarer combining marks up to U+065F (hamza/madda above
# and below, which NFC leaves when they follow a letter they cannot compose with), the
# superscript alef U+0670, Quranic annotation marks, and tatweel U+0640 (kashida, used to
# stretch words in headlines). Format characters (ZWJ/ZWNJ, LRM/RLM, the Arabic letter
# mark, bidi embeddings, BOM, soft hyphen) are deleted rather than turned into spaces so a
# word that carries one stays one word.
_DELETE_CHARS = (
    "\u064b-\u065f\u0670\u06d6-\u06ed\u0640\u00ad\u061c\u200b-\u200f\u202a-\u202e"
    "\u2060-\u2069\ufeff"
)
_DELETE_RE = re.compile(f"[{_DELETE_CHARS}]+")
# Arabic presentation forms and lam-alef ligatures (ﻻ), from PDF-sourced and older CMS
# text, and full-width forms: folded by NFKC one character at a time, because NFKC over a
# whole article costs 240 µs against 3 µs for NFC.
_COMPAT_CHARS = "\ufb50-\ufdff\ufe70-\ufefe\uff00-\uffef"
_DIGITS = {chr(0x0660 + d): str(d) for d in range(10)} | {
    chr(0x06F0 + d): str(d) for d in range(10)
}
# Everything above in one scan with a callback per hit (news text has few: a tanween, a
# tatweel). Measured the same speed as three separate scans (~180 µs per 300-word
# article), and NFKC applies to exactly these characters, so a word's key does not
# depend on what else the text holds.
_SPECIAL_RE = re.compile(f"[{_DELETE_CHARS}]+|[{_COMPAT_CHARS}\u0660-\u0669\u06f0-\u06f9]")
# Anything that is not a letter or digit separates words.
_SEPARATOR_RE = re.compile(r"\W+")
_SEPARATOR_KEEP_LINES_RE = re.compile(r"[^\w\n]+")

_SEARCH_REPLACEMENTS: tuple[tuple[str, str], ...] = (
    ("أ", "ا"),
    ("إ", "ا"),
    ("آ", "ا"),
    ("ٱ", "ا"),
    ("ک", "ك"),  # Persian keheh, typed on Persian keyboards
    ("ی", "ي"),  # Persian yeh
)
_MATCH_REPLACEMENTS: tuple[tuple[str, str], ...] = (
    ("ى", "ي"),
    ("ة", "ه"),
    ("ؤ", "ء"),
    ("ئ", "ء"),
)

# Markers that outlets put in front of a headline and drop or change on a repeat.
_TITLE_MARKERS = ("عاجل", "بالفيديو", "بالصور", "فيديو", "صور", "خاص", "مباشر", "تحديث")


def _special(match: re.Match[str]) -> str:
    """Replacement for one ``_SPECIAL_RE`` hit: deleted mark, ASCII digit or NFKC form."""
    char = match.group()
    digit = _DIGITS.get(char)
    if digit is not None:
        return digit
    if _DELETE_RE.match(char):
        return ""
    return _DELETE_RE.sub("", unicodedata.normalize("NFKC", char))


def _fold(text: str, *, keep_lines: bool = False) -> str:
    """The shared part of both keys: NFC, deletions, folds, digits, separators."""
    text = _SPECIAL_RE.sub(_special, unicodedata.normalize("NFC", text))
    for old, new in _SEARCH_REPLACEMENTS:
        if old in text:
            text = text.replace(old, new)
    # "_" is a word character to ``\w`` but a separator to readers; replacing it apart
    # is twice as fast as an alternation in the pattern.
    text = text.lower().replace("_", " ")
    if keep_lines:
        return _SEPARATOR_KEEP_LINES_RE.sub(" ", text)
    return " ".join(_SEPARATOR_RE.sub(" ", text).split())


def _match_replace(text: str) -> str:
    """Apply the dedup-only letter folds."""
    for old, new in _MATCH_REPLACEMENTS:
        text = text.replace(old, new)
    return text


def normalize_search(text: str) -> str:
    """Return the search key: what goes into the FTS5 column and what queries are matched on.

    >>> normalize_search("الرِّئاسِيُّ يُعلِنُ: «اتفاقٌ» في ٢٠٢٦")
    'الرئاسي يعلن اتفاق في 2026'
    """
    return _fold(text)


def normalize_match(text: str) -> str:
    """Return the dedup key: the search key with ى→ي, ة→ه and ؤ/ئ→ء.

    >>> normalize_match("مسئولو الحكومة على")
    'مسءولو الحكومه علي'
    """
    return _match_replace(_fold(text))


def match_lines(text: str) -> list[str]:
    """Return the non-empty lines of ``text``, each normalised like ``normalize_match``."""
    folded = _match_replace(_fold(text, keep_lines=True))
    return [line for line in (" ".join(raw.split()) for raw in folded.split("\n")) if line]


def title_key(title: str) -> str:
    """Return a headline's key for spotting a source repeating itself (عاجل | X == X)."""
    words = normalize_match(title).split()
    while len(words) > 1 and words[0] in _TITLE_MARKERS:
        words = words[1:]
    return " ".join(words)
