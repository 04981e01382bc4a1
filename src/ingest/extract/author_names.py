"""A byline reduced to the writer's name, or None when it names nobody.

Prefixes ("By", "Von", "بقلم"), dates, handles, agency codes, follow buttons, form labels
and CMS placeholder accounts go; the word lists are the rows of ``author_tables``. The
regular expressions here are compiled once from those rows.
"""

from __future__ import annotations

import re
import unicodedata

from ingest.extract.author_tables import (
    ABBREVIATIONS,
    ABOUT_WORDS,
    AUTHOR_PATHS,
    BYLINE_PREFIXES,
    COMMENT_COUNT_WORDS,
    FOLLOW_WORDS,
    LABEL_NOUNS,
    LABEL_PREPOSITIONS,
    MARKERS,
    NOT_NAME_WORDS,
    NOT_NAMES,
    PHOTO_CREDIT_JOINERS,
    PHOTO_WORDS,
    PLACEHOLDERS,
    POSTING_VERBS,
    PREFIX_PREPOSITIONS,
    REQUIRED_WORDS,
    WRITER_LABELS,
    alternation,
)
from ingest.extract.body import capitalised, normalise_paragraph
from ingest.extract.metadata import clean_space, looks_like_url

_BYLINE_PREFIX = re.compile(
    rf"^(?:{alternation(BYLINE_PREFIXES)})\b\s*"
    rf"(?:(?:{alternation([PHOTO_CREDIT_JOINERS])})\s*(?:{alternation([PHOTO_WORDS])})\b\s*)?"
    rf"(?:(?:{alternation([PREFIX_PREPOSITIONS])})\b)?\s*[:|,\-–]*\s*",
    re.I,
)
# A date after the name: "MORITZ GATHMANN am 21. April 2020", "X | 12/03/2024".
_BYLINE_TAIL = re.compile(
    r"\s*(?:[,|\-–—•·]\s*|\b(?:am|le|on|el|il|stand)\b:?\s*|\s)"
    r"(?:\d{1,2}\.?\s*\w+\.?\s*\d{4}|\d{1,2}[./]\d{1,2}[./]\d{2,4}|\w+\s+\d{1,2},?\s+\d{4}).*$",
    re.I,
)
WRITER_LABEL = re.compile(rf"\b(?:{alternation([WRITER_LABELS])})\b|كتب", re.I)
HARAKAT = re.compile("[\u064b-\u0652]")
_NOT_NAMES = frozenset(w for row in NOT_NAMES for w in row.words)
_PLACEHOLDERS = frozenset(w for row in PLACEHOLDERS for w in row.words)
# WordPress logins such as "wpadmin2", "site_admin".
_PLACEHOLDER_LOGIN = re.compile(r"^(?:wp|site|web)?admin(?:istrator)?[\s_-]*\d*$", re.I)
# "David Hutzler, dpa", "Peter Maahn/SP-X": an agency's code after the writer.
_AGENCY_SUFFIX = re.compile(r"^(?P<name>\S+\s.+?)\s*[,/]\s*(?:[A-Z][A-Z-]{1,5}|[a-z]{2,5})$")
ABOUT = re.compile(rf"(?:{alternation([ABOUT_WORDS])})\s", re.I)
_FOLLOW_BUTTON = re.compile(rf"\s+(?:\+\s*)?(?:{alternation([FOLLOW_WORDS])})$", re.I)
_FORM_LABEL = re.compile(rf"\((?:{alternation([REQUIRED_WORDS])}|pflicht\w*)\)", re.I)
_NOT_NAME_WORDS = re.compile(
    rf"©|\b(?:{alternation([NOT_NAME_WORDS, COMMENT_COUNT_WORDS])})\b|تعليقات", re.I
)
_MARKED_NAME = re.compile(
    r"(?:^|(?<=[\s|•·,;(]))"
    rf"(?P<marker>{alternation(MARKERS)})"
    r"\s*(?P<colon>:?)\s+(?P<name>[^|•·;()\[\]]+)",
    re.I,
)
# What may stand before a marker: nothing, a separator, a date or time, a posting verb.
_BEFORE_MARKER = re.compile(
    rf"(?:^|[|•·]|\d\.?|\b(?:{alternation([POSTING_VERBS])})(?:\s+(?:on|am|le|el))?)\s*$",
    re.I,
)
NAME_END = re.compile(
    r"\s+(?:[-–—/]\s|\w+:|(?:am|le|on|el|il|at|um|in|en|dans|the|and|und|bis|في)\s|\d).*$", re.I
)
MAX_MARKED_CHARS = 100
LABEL = re.compile(
    rf"^(?:(?:{alternation([LABEL_PREPOSITIONS])})\s*:?|(?:{alternation([LABEL_NOUNS])})\s*:)$",
    re.I,
)
AUTHOR_PATH = re.compile(rf"/(?:{alternation(AUTHOR_PATHS)})/", re.I)
MAX_NAME_CHARS = 80
MAX_NAME_WORDS = 8


def clean_author(text: str) -> str | None:
    """A byline reduced to the name: prefixes ("By", "Von", "بقلم") and dates removed."""
    name = normalise_paragraph(text)
    if name.endswith(":"):
        return None
    name = name.strip(" |,;:-–—•")
    for _ in range(3):
        stripped = _BYLINE_PREFIX.sub("", name, count=1).strip(" |,;:-–—•")
        if stripped == name:
            break
        name = stripped
    name = _BYLINE_TAIL.sub("", name).strip(" |,;:-–—•*")
    # "Williams Perdomo @wperdomod", "Jane Doe jane@example.de": handle and address repeat
    # the name.
    name = re.sub(r"(?:\s+\S*@[\w.-]+)+$", "", name)
    name = _FOLLOW_BUTTON.sub("", name)
    # "jesusfreak jesusfreak": an avatar's alt text and the link repeat the name.
    words = name.split()
    half = len(words) // 2
    if half and len(words) % 2 == 0 and words[:half] == words[half:] and len(words[0]) > 2:
        name = " ".join(words[:half])
    if agency := _AGENCY_SUFFIX.match(name):
        name = agency.group("name")
    # "By Khalid Ben Ali." ends a sentence; "R. R." and "Perry Bacon Jr." end in an
    # abbreviation.
    if re.search(r"\w{2}\.$", name) and name.split()[-1].casefold() not in ABBREVIATIONS:
        name = name[:-1]
    return name if name and is_name(name) else None


def is_name(name: str) -> bool:
    """False for what bylines hold that is not a name: addresses, labels, placeholders,
    headlines, credits, dates."""
    folded = name.casefold()
    return not (
        looks_like_url(name)
        or len(name) > MAX_NAME_CHARS
        or len(name.split()) > MAX_NAME_WORDS
        or re.search(r"https?://|\bwww\.|\w\.[a-z]{2,6}/", name, re.I)
        or folded in _NOT_NAMES
        or len(re.findall(r"[^\W\d_]", name)) < 2
        or "*" in name
        or all(word in _NOT_NAMES for word in folded.split())  # "Zuletzt geändert"
        or re.search(r"[!?؟]", name)  # a headline or a call to action
        or _FORM_LABEL.search(name)
        or folded in _PLACEHOLDERS
        or _PLACEHOLDER_LOGIN.match(name)
        or _NOT_NAME_WORDS.search(name)
        or re.search(r"\d{4}|\d{1,2}:\d\d|^\d{1,2}[\s./]", name)
    )


def marked_name(text: str) -> str | None:
    """The name after a byline marker ("by", "Von", "Autor:", "بقلم") inside a longer text."""
    text = clean_space(text)
    if len(text) > MAX_MARKED_CHARS:
        return None
    for match in _MARKED_NAME.finditer(text):
        if not match.group("colon") and not _BEFORE_MARKER.search(text[: match.start()]):
            continue
        name = NAME_END.sub("", match.group("name") + " ").strip(" ,:")
        if 0 < len(name.split()) <= 5:
            cleaned = clean_author(name)
            if cleaned:
                return cleaned
    return None


def name_words(text: str, *, min_words: int = 1) -> str | None:
    """``text`` cut at a separator and cleaned, when it reads as a person's name: up to
    four words, capitalised where the script has case."""
    text = NAME_END.sub("", text + " ").strip(" ,:")
    name = clean_author(text) if text else None
    if name is None or ":" in name:
        return None
    words = name.split()
    return name if min_words <= len(words) <= 4 and capitalised(words) else None


def in_address(name: str, href: str) -> bool:
    """True when a word of the name is in the link's address, the author's slug
    ("/about/newsteam/alex-bozarjian"). An Arabic name passes: its slug is often an ASCII
    username."""
    if not any(c.isascii() and c.isalpha() for c in name):
        return True
    folded = fold(href)
    return any(fold(word) in folded for word in name.split() if len(word) >= 3)


def fold(text: str) -> str:
    """Lower case without accents: "José" and "jose" alike."""
    if text.isascii():  # nothing to decompose
        return text.casefold()
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))
