"""The regular expressions of ``dates.py``, built from the word tables of ``datewords.py``.

Each pattern reads one way of writing a date: a day and a month name ("13 أغسطس 2020"),
numbers ("15/02/2018 13:37"), a duration back from now ("منذ يومين و 4 ساعات"), a day word
("أمس 10:30"), a Hijri date ("14 رمضان 1432 هـ") or the Gaddafi-era calendar. Patterns run
over ``normalize_date_text`` output, so one spelling stands for all its variants.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ingest.extract.datewords import (
    ABOUT_WORDS,
    AGO_WORDS,
    ARABIC_UNITS,
    DAY_WORDS,
    ENGLISH_UNITS,
    GREGORIAN_MONTHS,
    HIJRI_MONTHS,
    JAMAHIRIYA_MONTHS,
    MERIDIEM_AM,
    MERIDIEM_NOON,
    MERIDIEM_PM,
    NUMBER_WORDS,
    UTC_WORDS,
    WEEKDAYS,
    month_lookup,
)

MONTHS = month_lookup(*GREGORIAN_MONTHS)
HIJRI_MONTH_NUMBERS = month_lookup(HIJRI_MONTHS)
JAMAHIRIYA_MONTH_NUMBERS = month_lookup(JAMAHIRIYA_MONTHS)
DAYS_BACK = {row.word: row.days_back for row in DAY_WORDS}


def alternation(words: Iterable[str]) -> str:
    """A regex alternation of ``words``, longest first, spaces matching any run of spaces."""
    ordered = sorted(words, key=len, reverse=True)
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in ordered)


_MERIDIEM = sorted(MERIDIEM_PM | MERIDIEM_AM | {MERIDIEM_NOON}, key=len, reverse=True)
_NOT_LETTER_BEFORE = r"(?<![^\W\d_])"
_NOT_LETTER_AFTER = r"(?![^\W\d_])"
_MONTH = rf"{_NOT_LETTER_BEFORE}(?:{alternation(MONTHS)})\.?{_NOT_LETTER_AFTER}"
# "مارس/ آذار", "آب/أغسطس", "7 آذار (مارس) 2026": the second name only confirms the first
MONTH_X = rf"(?P<mon>{_MONTH})(?:\s*[/(\-–]?\s*{_MONTH}\s*\)?)?"
TIME = (
    # not the end of a word: "Marianne1 am 20.09.2020" holds no "1 am" (an ISO "T" may
    # stand before the hour)
    r"(?:(?<=[Tt])|(?<![^\W_]))(?P<H>[01]?[0-9]|2[0-3])(?::(?P<M>[0-5][0-9])(?::(?P<S>[0-5][0-9])(?:\.[0-9]+)?)?)?"
    rf"(?:\s*(?P<ampm>{alternation(_MERIDIEM)}){_NOT_LETTER_AFTER})?"
    r"(?(M)|(?(ampm)|(?!)))"  # a bare hour ("10am", "10 صباحا") needs its am/pm word
    # an offset needs "GMT"/"UTC" or four digits, so "10:30 - 5 تعليقات" is not UTC-5
    r"(?P<tz>\s*(?:utc|gmt)\s*[+-][0-9]{1,2}(?::?[0-9]{2})?(?![0-9])"
    rf"|\s*{UTC_WORDS}{_NOT_LETTER_AFTER}|\s?[+-][0-9]{{2}}:?[0-9]{{2}}(?![0-9]))?"
)
TIME_SEP = r"(?:[\s,;|@\-–—]|الساعه|في|at|um|à|t(?=[0-9])){0,8}"
TIME_AFTER = rf"(?:{TIME_SEP}{TIME})?"
YEAR = r"(?P<y>[0-9]{4})(?![0-9])(?:\s*م(?![^\W\d_]))?"  # "2018م": م for ميلادي

TEXTUAL_DMY = re.compile(
    rf"(?<![0-9])(?P<d>[0-3]?[0-9])(?:st|nd|rd|th)?[\s\-/.]*(?:من\s+)?{MONTH_X}[\s,\-/.]*"
    rf"{YEAR}{TIME_AFTER}",
    re.IGNORECASE,
)
TEXTUAL_MDY = re.compile(
    rf"{MONTH_X}\s*(?P<d>[0-3]?[0-9])(?:st|nd|rd|th)?(?![0-9])\s*,?\s*{YEAR}{TIME_AFTER}",
    re.IGNORECASE,
)
NUMERIC_YMD = re.compile(
    r"(?<![0-9.])(?P<y>(?:19|20)[0-9]{2})(?P<sep>[-/.])(?P<a>[01]?[0-9])(?P=sep)"
    rf"(?P<b>[0-3]?[0-9])(?![0-9]){TIME_AFTER}",
    re.IGNORECASE,
)
NUMERIC_DMY = re.compile(
    r"(?<![0-9.])(?P<a>[0-3]?[0-9])(?P<sep>[-/.])(?P<b>[0-3]?[0-9])(?P=sep)"
    rf"(?P<y>(?:19|20)[0-9]{{2}})(?![0-9]){TIME_AFTER}",
    re.IGNORECASE,
)


def _number(suffix: str = "") -> str:
    """A count in digits or words, in groups ``n{suffix}`` and ``w{suffix}``."""
    words = alternation(NUMBER_WORDS)
    return rf"(?:(?P<n{suffix}>[0-9]{{1,4}})|(?P<w{suffix}>{words}){_NOT_LETTER_AFTER})"


_UNIT_AR = alternation(ARABIC_UNITS)
_UNIT_EN = alternation(ENGLISH_UNITS)
_JOIN = rf"\s*(?:[,&]|و|and{_NOT_LETTER_AFTER})\s*"
# "منذ 11 ساعات", "منذُ يوم واحد", and two parts: "منذ 1 يوم، 3 ساعات", "قبل ساعة و20 دقيقة"
REL_AGO = re.compile(
    rf"{_NOT_LETTER_BEFORE}(?:{alternation(AGO_WORDS)})\s*(?:{alternation(ABOUT_WORDS)})?\s*"
    rf"{_number()}?\s*(?P<unit>{_UNIT_AR}){_NOT_LETTER_AFTER}"
    rf"(?:\s+(?:واحد|واحده){_NOT_LETTER_AFTER})?"
    rf"(?:{_JOIN}{_number('2')}?\s*(?P<unit2>{_UNIT_AR}){_NOT_LETTER_AFTER})?",
    re.IGNORECASE,
)
# "2 hours ago", "1 day, 3 hours ago", "a day and 3 hours ago"
REL_AGO_EN = re.compile(
    rf"\b{_number()}\s*(?P<unit>{_UNIT_EN})s?\b"
    rf"(?:{_JOIN}{_number('2')}\s*(?P<unit2>{_UNIT_EN})s?\b)?\s+ago\b",
    re.IGNORECASE,
)
REL_NOW = re.compile(
    rf"{_NOT_LETTER_BEFORE}(?:(?:منذ\s+)?اقل\s+من\s+(?:{_UNIT_AR})"
    r"|منذ\s+(?:لحظات|لحظه|قليل)|just\s+now|a\s+moment\s+ago)"
    rf"{_NOT_LETTER_AFTER}",
    re.IGNORECASE,
)
JAMAHIRIYA = re.compile(
    rf"(?<![0-9])(?P<d>[0-3]?[0-9])\s*(?:من\s+)?{_NOT_LETTER_BEFORE}"
    rf"(?P<mon>{alternation(JAMAHIRIYA_MONTH_NUMBERS)}){_NOT_LETTER_AFTER}"
    rf"(?:\s*[/(\-–]?\s*{_MONTH}\s*\)?)?[\s,\-/.]*(?P<y>[0-9]{{4}})(?![0-9])"
    rf"(?:\s*(?P<era>و\s*\.?\s*ر|ميلادي|م){_NOT_LETTER_AFTER}\.?)?{TIME_AFTER}",
    re.IGNORECASE,
)
REL_DAY = re.compile(
    rf"{_NOT_LETTER_BEFORE}(?P<dw>{alternation(DAYS_BACK)}){_NOT_LETTER_AFTER}{TIME_AFTER}",
    re.IGNORECASE,
)
# A time written before its date: "08:57 مساء الخميس 13 أغسطس 2020"
TIME_BEFORE = re.compile(
    rf"{TIME}[\s,|\-–—]*(?:[^\W\d_]+[\s,|\-–—]*)?$",
    re.IGNORECASE,
)
# Hijri: "14-09-1432 هـ، 09:40 صباحاً", "1432/09/14هـ", "الأحد 14 رمضان 1432 هـ". Numbers
# need the era mark (هـ, هجري); a Hijri month name is mark enough. Years 1400-1599 only.
_HIJRI_YEAR = r"(?P<y>1[45][0-9]{2})(?![0-9])"
_HIJRI_ERA = rf"\s*(?:هجريه|هجري|ه){_NOT_LETTER_AFTER}\.?"
HIJRI_NUMERIC = re.compile(
    rf"(?<![0-9.])(?:(?P<d>[0-3]?[0-9])(?P<sep>[-/.])(?P<m>[01]?[0-9])(?P=sep){_HIJRI_YEAR}"
    rf"|(?P<y2>1[45][0-9]{{2}})(?P<sep2>[-/.])(?P<m2>[01]?[0-9])(?P=sep2)(?P<d2>[0-3]?[0-9])"
    rf"(?![0-9])){_HIJRI_ERA}{TIME_AFTER}",
    re.IGNORECASE,
)
HIJRI_TEXTUAL = re.compile(
    rf"(?<![0-9])(?P<d>[0-3]?[0-9])\s*(?:من\s+)?{_NOT_LETTER_BEFORE}"
    rf"(?P<mon>{alternation(HIJRI_MONTH_NUMBERS)}){_NOT_LETTER_AFTER}[\s,\-/.]*{_HIJRI_YEAR}"
    rf"(?:{_HIJRI_ERA})?{TIME_AFTER}",
    re.IGNORECASE,
)
WEEKDAY_BEFORE = re.compile(rf"(?P<wd>{alternation(WEEKDAYS)})[\s,\-–]*$", re.IGNORECASE)
DIGIT_RUN = re.compile(r"[0-9]+")
