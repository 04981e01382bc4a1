"""Dates as Libyan pages and feeds write them, turned into aware UTC datetimes.

Our own regex-and-lookup parser comes first; dateparser is only a last resort, for short
strings none of our patterns matched (two-digit years, "16th of June 2026"). On the 102
labelled strings of ``bench/dates.py`` (docs/benchmarks.md) this parser was right on
102 at a median of about 30 µs, and ``dateparser.parse(languages=['ar', 'en'])`` on 49 at
about 0.9 ms (first call 0.2-1.1 s): it knows no Levantine or Maghrebi month names, no
singular relative forms (``منذ ساعة``), and reads nothing after a prefix such as
``نشر في:`` or ``القاهرة - بوابة الوسط``. dateparser is imported lazily, always with fixed
languages (auto-detection took up to 1.3 s on a miss, design.md "Measured here").

Naive times are local to the source's time zone (Africa/Tripoli, UTC+2, no DST since 2013);
a date without a time is midnight local, flagged ``has_time=False``. Each result also says
how much the text told (``precision``: day, hour, minute, second) and in which UTC offset
it was written, so that it can be stored as the page gave it (``ParsedDate.stored``).

Example::

    >>> to_utc_iso(parse_date("القاهرة - بوابة الوسط الخميس 13 أغسطس 2020, 08:57 مساء"))
    '2020-08-13T18:57:00Z'
"""

from __future__ import annotations

import email.utils
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta, timezone, tzinfo
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ingest.clock import FUTURE_TOLERANCE_SECS, MIN_YEAR, When, iso, iso_local, written

__all__ = [
    "FUTURE_TOLERANCE_SECS",
    "MIN_YEAR",
    "ParsedDate",
    "find_date_ex",
    "find_date_in_text",
    "get_timezone",
    "parse_date",
    "parse_date_ex",
    "parse_iso",
    "parse_iso_ex",
    "to_utc_iso",
]

MAX_PARSE_CHARS = 2_000  # a date field longer than this is a page, not a date
MAX_FALLBACK_CHARS = 64  # dateparser only sees short strings (its misses cost milliseconds)
MAX_CANDIDATES = 64  # candidate matches tried per call, bounding hostile input
TRIPOLI_OFFSET = timezone(timedelta(hours=2), "EET")  # Libya: UTC+2 all year since late 2013

# --- normalisation (for matching only; the caller's text is never changed) -----------------

_DELETED = (
    [chr(c) for c in range(0x064B, 0x0653)]  # tashkeel: the dhamma of the aggregator's منذُ
    + ["\u0670", "\u0640"]  # superscript alef, tatweel
    + ["\u200b", "\u200c", "\u200d", "\u200e", "\u200f", "\u061c", "\ufeff", "\u00ad"]
    + [chr(c) for c in range(0x202A, 0x202F)]  # bidi embeddings; ar-ly writes D/\u200fM
    + [chr(c) for c in range(0x2066, 0x206A)]
)
_TABLE: dict[int, int | None] = {ord(c): None for c in _DELETED}
_TABLE.update({ord(a): ord(b) for a, b in zip("٠١٢٣٤٥٦٧٨٩", "0123456789", strict=True)})
_TABLE.update({ord(a): ord(b) for a, b in zip("۰۱۲۳۴۵۶۷۸۹", "0123456789", strict=True)})
_TABLE.update({ord(c): ord("ا") for c in "أإآٱ"})
_TABLE.update({ord("ى"): ord("ي"), ord("ی"): ord("ي"), ord("ة"): ord("ه"), ord("ک"): ord("ك")})
_TABLE.update({ord("،"): ord(","), ord("؛"): ord(";"), ord("٫"): ord("."), ord("٬"): ord(",")})
_TABLE.update({ord(c): ord(" ") for c in "\u00a0\u202f\u3000\t\r\n"})
_TABLE.update({c: ord(" ") for c in range(0x2000, 0x200B)})
_DELETED_SET = frozenset(_DELETED)
_TRAILING_MARKS = frozenset(_DELETED[:10])  # tashkeel, superscript alef, tatweel


def normalize_date_text(text: str) -> str:
    """Fold digits, hamza, tashkeel and bidi marks so one pattern matches every spelling."""
    return text.translate(_TABLE)


def _original_span(text: str, start: int, end: int) -> str:
    """The slice of ``text`` that became ``normalize_date_text(text)[start:end]``."""
    first, last = start, end
    if not _DELETED_SET.isdisjoint(text[:end]):
        kept = 0
        for i, ch in enumerate(text):
            if ch in _DELETED_SET:
                continue
            if kept == start:
                first = i
            kept += 1
            if kept == end:
                last = i + 1
                break
    while last < len(text) and text[last] in _TRAILING_MARKS:
        last += 1  # keep the tanween of "صباحاً" with its word
    return text[first:last].strip()


# --- vocabulary (keys are normalised: ا for أإآ, ه for ة, ي for ى) ---------------------------

_MONTHS: dict[str, int] = {}
_MONTH_SPELLINGS: dict[int, tuple[str, ...]] = {
    # Egyptian/Gulf names, as on every post-2011 Libyan sample (moment ar-ly), with variants
    1: ("يناير", "كانون الثاني", "كانون ثاني", "جانفي", "january", "jan"),
    2: ("فبراير", "شباط", "فيفري", "february", "feb"),
    3: ("مارس", "اذار", "march", "mar"),
    4: ("ابريل", "ابرايل", "نيسان", "افريل", "april", "apr"),
    5: ("مايو", "ايار", "ماي", "may"),
    6: ("يونيو", "يونيه", "حزيران", "جوان", "june", "jun"),
    7: ("يوليو", "يوليه", "تموز", "جويليه", "يوليوز", "july", "jul"),
    8: ("اغسطس", "اغسطوس", "اب", "اوت", "غشت", "august", "aug"),
    9: ("سبتمبر", "ايلول", "شتنبر", "september", "sept", "sep"),
    10: ("اكتوبر", "تشرين الاول", "تشرين اول", "october", "oct"),
    11: ("نوفمبر", "تشرين الثاني", "تشرين ثاني", "نونبر", "november", "nov"),
    12: ("ديسمبر", "كانون الاول", "كانون اول", "دجنبر", "december", "dec"),
}
# French, Italian and German names: Maghrebi and Italian outlets report on Libya in them, and
# Latin-script bylines elsewhere use them ("07 Dezember, 2022", "30 septembre 2018").
# Abbreviations that are ordinary words ("set", "gen") are left out.
_EUROPEAN_MONTHS: dict[int, tuple[str, ...]] = {
    1: ("janvier", "janv", "gennaio", "januar", "jänner", "jaenner"),
    2: ("février", "fevrier", "févr", "fevr", "febbraio", "februar"),
    3: ("mars", "marzo", "märz", "maerz", "mär"),
    4: ("avril", "avr", "aprile"),
    5: ("mai", "maggio"),
    6: ("juin", "giugno", "juni"),
    7: ("juillet", "juil", "luglio", "juli"),
    8: ("août", "aout", "agosto"),
    9: ("septembre", "settembre"),
    10: ("octobre", "ottobre", "oktober", "okt"),
    11: ("novembre",),
    12: ("décembre", "decembre", "déc", "dicembre", "dezember", "dez"),
}
for _spellings in (_MONTH_SPELLINGS, _EUROPEAN_MONTHS):
    for _number, _names in _spellings.items():
        for _name in _names:
            _MONTHS[_name] = _number

_NUMBER_WORDS: dict[str, int] = {
    "واحد": 1, "واحده": 1, "اثنين": 2, "اثنان": 2, "ثلاث": 3, "ثلاثه": 3, "اربع": 4,
    "اربعه": 4, "خمس": 5, "خمسه": 5, "ست": 6, "سته": 6, "سبع": 7, "سبعه": 7, "ثماني": 8,
    "ثمان": 8, "ثمانيه": 8, "تسع": 9, "تسعه": 9, "عشر": 10, "عشره": 10, "بضع": 3, "بضعه": 3,
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "few": 3, "a few": 3,
}  # fmt: skip

_MINUTE, _HOUR, _DAY = 60, 3600, 86400
# unit -> (seconds, count implied by the word itself: 1 singular, 2 dual, None plural)
_UNITS: dict[str, tuple[int, int | None]] = {
    "ثانيه": (1, 1), "ثانيتين": (1, 2), "ثانيتان": (1, 2), "ثوان": (1, None), "ثواني": (1, None),
    "دقيقه": (_MINUTE, 1), "دقيقتين": (_MINUTE, 2), "دقيقتان": (_MINUTE, 2),
    "دقائق": (_MINUTE, None),
    "ساعه": (_HOUR, 1), "ساعتين": (_HOUR, 2), "ساعتان": (_HOUR, 2), "ساعات": (_HOUR, None),
    "يوم": (_DAY, 1), "يوما": (_DAY, 1), "يومين": (_DAY, 2), "يومان": (_DAY, 2),
    "ايام": (_DAY, None),
    "اسبوع": (7 * _DAY, 1), "اسبوعا": (7 * _DAY, 1), "اسبوعين": (7 * _DAY, 2),
    "اسبوعان": (7 * _DAY, 2), "اسابيع": (7 * _DAY, None),
    "شهر": (30 * _DAY, 1), "شهرا": (30 * _DAY, 1), "شهرين": (30 * _DAY, 2),
    "شهران": (30 * _DAY, 2), "اشهر": (30 * _DAY, None), "شهور": (30 * _DAY, None),
    "سنه": (365 * _DAY, 1), "سنتين": (365 * _DAY, 2), "سنتان": (365 * _DAY, 2),
    "سنوات": (365 * _DAY, None), "سنين": (365 * _DAY, None), "عام": (365 * _DAY, 1),
    "عاما": (365 * _DAY, 1), "عامين": (365 * _DAY, 2), "عامان": (365 * _DAY, 2),
    "اعوام": (365 * _DAY, None),
    "second": (1, None), "sec": (1, None), "minute": (_MINUTE, None), "min": (_MINUTE, None),
    "hour": (_HOUR, None), "hr": (_HOUR, None), "day": (_DAY, None),
    "week": (7 * _DAY, None), "month": (30 * _DAY, None), "year": (365 * _DAY, None),
}  # fmt: skip

# word -> days back from today (local); a following time, if any, applies to that day
_DAY_WORDS: dict[str, int] = {
    "اليوم": 0, "امس": 1, "الامس": 1, "البارحه": 1, "اول امس": 2, "اول البارحه": 2,
    "غدا": -1, "today": 0, "yesterday": 1, "tomorrow": -1,
}  # fmt: skip

_MERIDIEM_PM = frozenset({"مساء", "م", "pm", "p.m.", "p.m", "عصرا", "ليلا", "مساءا"})
_MERIDIEM_AM = frozenset({"صباحا", "صباح", "ص", "am", "a.m.", "a.m", "فجرا"})
_MERIDIEM = sorted(_MERIDIEM_PM | _MERIDIEM_AM | {"ظهرا"}, key=len, reverse=True)

_UTC_WORDS = r"(?:z|utc|gmt|بتوقيت\s+(?:غرينتش|جرينتش|غرينيتش))"


def _alternation(words: Iterable[str]) -> str:
    """A regex alternation of ``words``, longest first, spaces matching any run of spaces."""
    ordered = sorted(words, key=len, reverse=True)
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in ordered)


_NOT_LETTER_BEFORE = r"(?<![^\W\d_])"
_NOT_LETTER_AFTER = r"(?![^\W\d_])"
_MONTH = rf"{_NOT_LETTER_BEFORE}(?:{_alternation(_MONTHS)})\.?{_NOT_LETTER_AFTER}"
# "مارس/ آذار", "آب/أغسطس", "7 آذار (مارس) 2026": the second name only confirms the first
_MONTH_X = rf"(?P<mon>{_MONTH})(?:\s*[/(\-–]?\s*{_MONTH}\s*\)?)?"
_TIME = (
    # not the end of a word: "Marianne1 am 20.09.2020" holds no "1 am" (an ISO "T" may
    # stand before the hour)
    r"(?:(?<=[Tt])|(?<![^\W_]))(?P<H>[01]?[0-9]|2[0-3])(?::(?P<M>[0-5][0-9])(?::(?P<S>[0-5][0-9])(?:\.[0-9]+)?)?)?"
    rf"(?:\s*(?P<ampm>{_alternation(_MERIDIEM)}){_NOT_LETTER_AFTER})?"
    r"(?(M)|(?(ampm)|(?!)))"  # a bare hour ("10am", "10 صباحا") needs its am/pm word
    # an offset needs "GMT"/"UTC" or four digits, so "10:30 - 5 تعليقات" is not UTC-5
    r"(?P<tz>\s*(?:utc|gmt)\s*[+-][0-9]{1,2}(?::?[0-9]{2})?(?![0-9])"
    rf"|\s*{_UTC_WORDS}{_NOT_LETTER_AFTER}|\s?[+-][0-9]{{2}}:?[0-9]{{2}}(?![0-9]))?"
)
_TIME_SEP = r"(?:[\s,;|@\-–—]|الساعه|في|at|um|à|t(?=[0-9])){0,8}"
_TIME_AFTER = rf"(?:{_TIME_SEP}{_TIME})?"
_YEAR = r"(?P<y>[0-9]{4})(?![0-9])(?:\s*م(?![^\W\d_]))?"  # "2018م": م for ميلادي

_TEXTUAL_DMY = re.compile(
    rf"(?<![0-9])(?P<d>[0-3]?[0-9])(?:st|nd|rd|th)?[\s\-/.]*(?:من\s+)?{_MONTH_X}[\s,\-/.]*"
    rf"{_YEAR}{_TIME_AFTER}",
    re.IGNORECASE,
)
_TEXTUAL_MDY = re.compile(
    rf"{_MONTH_X}\s*(?P<d>[0-3]?[0-9])(?:st|nd|rd|th)?(?![0-9])\s*,?\s*{_YEAR}{_TIME_AFTER}",
    re.IGNORECASE,
)
_NUMERIC_YMD = re.compile(
    r"(?<![0-9.])(?P<y>(?:19|20)[0-9]{2})(?P<sep>[-/.])(?P<a>[01]?[0-9])(?P=sep)"
    rf"(?P<b>[0-3]?[0-9])(?![0-9]){_TIME_AFTER}",
    re.IGNORECASE,
)
_NUMERIC_DMY = re.compile(
    r"(?<![0-9.])(?P<a>[0-3]?[0-9])(?P<sep>[-/.])(?P<b>[0-3]?[0-9])(?P=sep)"
    rf"(?P<y>(?:19|20)[0-9]{{2}})(?![0-9]){_TIME_AFTER}",
    re.IGNORECASE,
)
_NUMBER = rf"(?:(?P<n>[0-9]{{1,4}})|(?P<w>{_alternation(_NUMBER_WORDS)}){_NOT_LETTER_AFTER})"
_ARABIC_UNITS = [u for u in _UNITS if not u.isascii()]
_REL_AGO = re.compile(
    rf"{_NOT_LETTER_BEFORE}(?:منذ|قبل)\s*(?:حوالي|نحو|قرابه|ما\s+يقارب|زهاء)?\s*{_NUMBER}?\s*"
    rf"(?P<unit>{_alternation(_ARABIC_UNITS)}){_NOT_LETTER_AFTER}"
    rf"(?:\s+(?:واحد|واحده){_NOT_LETTER_AFTER})?",
    re.IGNORECASE,
)
_REL_AGO_EN = re.compile(
    rf"\b{_NUMBER}\s*(?P<unit>seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?)"
    r"\s+ago\b",
    re.IGNORECASE,
)
_REL_NOW = re.compile(
    rf"{_NOT_LETTER_BEFORE}(?:(?:منذ\s+)?اقل\s+من\s+(?:{_alternation(_ARABIC_UNITS)})"
    r"|منذ\s+(?:لحظات|لحظه|قليل)|just\s+now|a\s+moment\s+ago)"
    rf"{_NOT_LETTER_AFTER}",
    re.IGNORECASE,
)
# Gaddafi-era calendar (outlets.md 4.4), pre-2011 archives only: off by default, since
# الربيع and الصيف are ordinary words. Years counted from the Prophet's death: +632.
_JAMAHIRIYA_MONTHS: dict[str, int] = {
    "اي النار": 1, "اين النار": 1, "النوار": 2, "الربيع": 3, "الطير": 4, "الماء": 5,
    "الصيف": 6, "ناصر": 7, "هانيبال": 8, "هنيبال": 8, "الفاتح": 9, "التمور": 10,
    "الحرث": 11, "الكانون": 12,
}  # fmt: skip
JAMAHIRIYA_YEAR_OFFSET = 632
_JAMAHIRIYA = re.compile(
    rf"(?<![0-9])(?P<d>[0-3]?[0-9])\s*(?:من\s+)?{_NOT_LETTER_BEFORE}"
    rf"(?P<mon>{_alternation(_JAMAHIRIYA_MONTHS)}){_NOT_LETTER_AFTER}"
    rf"(?:\s*[/(\-–]?\s*{_MONTH}\s*\)?)?[\s,\-/.]*(?P<y>[0-9]{{4}})(?![0-9])"
    rf"(?:\s*(?P<era>و\s*\.?\s*ر|ميلادي|م){_NOT_LETTER_AFTER}\.?)?{_TIME_AFTER}",
    re.IGNORECASE,
)
_REL_DAY = re.compile(
    rf"{_NOT_LETTER_BEFORE}(?P<dw>{_alternation(_DAY_WORDS)}){_NOT_LETTER_AFTER}{_TIME_AFTER}",
    re.IGNORECASE,
)
# A time written before its date: "08:57 مساء الخميس 13 أغسطس 2020"
_TIME_BEFORE = re.compile(
    rf"{_TIME}[\s,|\-–—]*(?:[^\W\d_]+[\s,|\-–—]*)?$",
    re.IGNORECASE,
)
_ISO = re.compile(
    r"(?P<y>[0-9]{4})-(?P<a>[0-9]{2})-(?P<b>[0-9]{2})"
    r"(?:[t ](?P<H>[0-9]{2}):(?P<M>[0-9]{2})(?::(?P<S>[0-9]{2})(?P<frac>[.,][0-9]+)?)?)?"
    r"\s*(?P<tz>z|utc|gmt|[+-][0-9]{2}(?::?[0-9]{2})?)?",
    re.IGNORECASE,
)
_DIGIT_RUN = re.compile(r"[0-9]+")
_EPOCH = re.compile(r"[0-9]{9,10}(?:[0-9]{3})?")
_RFC822 = re.compile(
    r"(?:[a-z]{3},?\s*)?[0-9]{1,2}\s+[a-z]{3}\s+[0-9]{2,4}\s+[0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?"
    r"(?:\s*(?P<tz>[+-][0-9]{4}|gmt|utc|ut|z))?",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class ParsedDate:
    """A parsed date: ``when`` in UTC, whether a time was given, and whether it was relative.

    ``precision`` is what the text told (``day``, ``hour``, ``minute``, ``second``) and
    ``offset`` the UTC offset it was written in (the zone's, for a naive time).
    """

    when: datetime
    has_time: bool
    relative: bool
    matched: str
    precision: str = "second"
    offset: timedelta = timedelta(0)

    @property
    def local(self) -> str:
        """As written: ``2026-11-29T00:30:00+02:00``, or ``2026-11-29`` for a bare day."""
        return iso_local(self.when.astimezone(timezone(self.offset)), self.precision)

    def stored(self) -> When:
        """UTC, as written and how precise: what the database keeps (``clock.When``)."""
        return written(self.when.astimezone(timezone(self.offset)), self.precision)


def _parsed(
    local: datetime, precision: str, relative: bool = False, matched: str = ""
) -> ParsedDate:
    """The result for an aware ``local`` datetime, in the offset it was written in."""
    offset = local.utcoffset() or timedelta(0)
    when = local.astimezone(timezone.utc)
    return ParsedDate(when, precision != "day", relative, matched, precision, offset)


# --- time zones ----------------------------------------------------------------------------


@lru_cache(maxsize=64)
def get_timezone(name: str) -> tzinfo:
    """The zone called ``name``; fixed UTC+2 for Africa/Tripoli when tzdata is missing.

    Raises ``ValueError`` for an unknown zone: that is a configuration error, not bad input.
    """
    if name.upper() in ("UTC", "Z", "GMT", "ETC/UTC"):
        return timezone.utc
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError) as exc:
        if name == "Africa/Tripoli":
            return TRIPOLI_OFFSET
        raise ValueError(
            f"unknown time zone {name!r}: use an IANA name such as 'Africa/Tripoli' "
            "(install the 'tzdata' package if the system has no zone database)"
        ) from exc


def _precision(seconds: str | None, minutes: str | None, hours: str | None) -> str:
    """How precise a written time is, from which of its fields were matched."""
    return "second" if seconds else "minute" if minutes else "hour" if hours else "day"


def _offset_zone(tz_text: str | None, zone: tzinfo) -> tzinfo:
    """The zone a time's own suffix names (``Z``, ``+0200``, ``GMT+2``), else ``zone``."""
    if not tz_text:
        return zone
    text = tz_text.strip().lower()
    sign_at = max(text.rfind("+"), text.rfind("-"))
    if sign_at < 0:
        return timezone.utc
    sign = -1 if text[sign_at] == "-" else 1
    digits = text[sign_at + 1 :].replace(":", "").strip()
    if len(digits) <= 2:
        hours, minutes = int(digits), 0
    else:
        hours, minutes = int(digits[:-2]), int(digits[-2:])
    if hours > 14 or minutes > 59:
        raise ValueError("offset out of range")
    return timezone(sign * timedelta(hours=hours, minutes=minutes))


# --- machine dates -------------------------------------------------------------------------


def parse_iso(text: str, *, tz: str = "Africa/Tripoli") -> datetime | None:
    """Parse an ISO-8601, RFC-3339 or RFC-822 date (meta, JSON-LD, feeds) to aware UTC.

    A naive value is local time in ``tz``; an offset or ``Z`` is kept. Returns None
    for anything else, including WordPress's ``0000-00-00 00:00:00``.

    >>> parse_iso("Tue, 16 Jun 2026 09:12:44 +0000").isoformat()
    '2026-06-16T09:12:44+00:00'
    """
    parsed = parse_iso_ex(text, tz=tz)
    return parsed.when if parsed else None


def parse_iso_ex(text: str, *, tz: str = "Africa/Tripoli") -> ParsedDate | None:
    """``parse_iso``, saying how precise the value was and in which offset it was written."""
    return _parse_machine(text, get_timezone(tz))


def _parse_machine(text: object, zone: tzinfo, norm: str | None = None) -> ParsedDate | None:
    """ISO-8601 / RFC-822 / epoch seconds, or None; ``norm`` is the text already normalised."""
    if not isinstance(text, str):
        return None
    raw = text.strip()
    if not raw or len(raw) > 64:
        return None
    norm = (normalize_date_text(raw) if norm is None else norm).strip()
    if not norm.isascii():
        return None  # machine formats are ASCII once digits are folded
    try:
        match = _ISO.fullmatch(norm)
        if match:
            return _from_iso_match(match, zone, raw)
        if _EPOCH.fullmatch(norm):
            secs = int(norm) / (1000 if len(norm) > 10 else 1)
            when = datetime.fromtimestamp(secs, zone)  # no offset written: the source's clock
            return _parsed(when, "second", matched=raw) if when.year >= MIN_YEAR else None
        match = _RFC822.fullmatch(norm)
        if match:
            return _from_rfc822(norm, zone if match["tz"] is None else None, raw)
    except (ValueError, OverflowError, OSError, IndexError, TypeError):
        return None
    return None


def _from_iso_match(match: re.Match[str], zone: tzinfo, raw: str) -> ParsedDate | None:
    """Build the result of a full ISO-8601 match."""
    year, month, day = int(match["y"]), int(match["a"]), int(match["b"])
    if year < MIN_YEAR:
        return None
    hh = int(match["H"] or 0)
    mm = int(match["M"] or 0)
    ss = int(match["S"] or 0)
    micro = int(float("0." + match["frac"][1:]) * 1_000_000) if match["frac"] else 0
    local = datetime(year, month, day, hh, mm, ss, micro, tzinfo=_offset_zone(match["tz"], zone))
    return _parsed(local, _precision(match["S"], match["M"], match["H"]), matched=raw)


def _from_rfc822(norm: str, zone: tzinfo | None, raw: str) -> ParsedDate | None:
    """RFC-822/2822 feed dates (``Tue, 16 Jun 2026 09:12:44 +0000``); ``zone`` if none given."""
    fields = email.utils.parsedate_tz(norm)
    if fields is None or fields[0] < MIN_YEAR:
        return None
    # parsedate_tz reports a missing zone as +0000; the caller knows whether one was written
    tzone = zone or timezone(timedelta(seconds=fields[9] or 0))
    precision = "second" if norm.count(":") > 1 else "minute"
    return _parsed(datetime(*fields[:6], tzinfo=tzone), precision, matched=raw)


# --- page dates ----------------------------------------------------------------------------


def _clock(match: re.Match[str]) -> tuple[int, int, int, str] | None:
    """Hours, minutes, seconds and precision of a matched time (12-hour words applied)."""
    if match["H"] is None:
        return None
    precision = _precision(match["S"], match["M"], match["H"])
    hh, mm, ss = int(match["H"]), int(match["M"] or 0), int(match["S"] or 0)
    ampm = (match["ampm"] or "").lower()
    if ampm in _MERIDIEM_PM:
        if ampm == "ليلا" and hh < 6:
            return hh, mm, ss, precision  # "2:00 ليلا" is the small hours
        hh = 0 if ampm == "ليلا" and hh == 12 else (hh + 12 if hh < 12 else hh)
    elif ampm in _MERIDIEM_AM:
        hh = 0 if hh == 12 else hh
    elif ampm == "ظهرا" and hh < 6:
        hh += 12  # "1:30 ظهرا" is early afternoon; "11:30 ظهرا" is late morning
    if hh > 23:
        raise ValueError("12-hour marker on a 24-hour time")
    return hh, mm, ss, precision


@dataclass(frozen=True)
class _Context:
    """What one parse call needs to know besides the text."""

    norm: str
    now: datetime
    zone: tzinfo
    day_first: bool
    free_text: bool  # searching prose: bare "اليوم"/"أمس" are words, not dates
    relative: bool
    jamahiriya: bool = False


def _time_before(
    ctx: _Context, start: int
) -> tuple[tuple[int, int, int, str], int, str | None] | None:
    """A time written just before a date ("08:57 مساء الخميس 13 ..."), and where it starts."""
    window_start = max(0, start - 40)
    match = _TIME_BEFORE.search(ctx.norm, window_start, start)
    if match is None or match.end() != start:
        return None
    clock = _clock(match)
    return (clock, match.start(), match["tz"]) if clock else None


def _build_absolute(
    ctx: _Context, match: re.Match[str], year: int, month: int, day: int
) -> tuple[ParsedDate, int] | None:
    """Combine a matched calendar date with its time, if any; returns result and span start."""
    start = match.start()
    clock = _clock(match)
    tz_text = match["tz"]
    if clock is None:
        before = _time_before(ctx, start)
        if before:
            clock, start, tz_text = before
    hh, mm, ss, precision = clock or (0, 0, 0, "day")
    local = datetime(year, month, day, hh, mm, ss, tzinfo=_offset_zone(tz_text, ctx.zone))
    return _parsed(local, precision), start


def _match_textual(ctx: _Context, match: re.Match[str]) -> tuple[ParsedDate, int] | None:
    """``13 أغسطس 2020, 08:57 مساء`` and ``August 13, 2020``."""
    month = _MONTHS[re.sub(r"\s+", " ", match["mon"].lower().rstrip("."))]
    return _build_absolute(ctx, match, int(match["y"]), month, int(match["d"]))


def _match_ymd(ctx: _Context, match: re.Match[str]) -> tuple[ParsedDate, int] | None:
    """``2025/01/12 10:30``, ``2026-06-16``."""
    return _build_absolute(ctx, match, int(match["y"]), int(match["a"]), int(match["b"]))


def _match_dmy(ctx: _Context, match: re.Match[str]) -> tuple[ParsedDate, int] | None:
    """``15/02/2018 13:37:00``, ``16.06.2026``; month-first only if asked or unambiguous."""
    first, second = int(match["a"]), int(match["b"])
    day, month = (first, second) if ctx.day_first else (second, first)
    if month > 12 and day <= 12:
        day, month = month, day
    return _build_absolute(ctx, match, int(match["y"]), month, day)


def _match_jamahiriya(ctx: _Context, match: re.Match[str]) -> tuple[ParsedDate, int] | None:
    """``15 الفاتح 1376 و.ر``: Gaddafi-era month names, years from the Prophet's death."""
    month = _JAMAHIRIYA_MONTHS[re.sub(r"\s+", " ", match["mon"])]
    year = int(match["y"])
    era = (match["era"] or "").replace(" ", "").replace(".", "")
    if era == "ور" or (not era and year < 1500):
        year += JAMAHIRIYA_YEAR_OFFSET
    return _build_absolute(ctx, match, year, month, int(match["d"]))


def _match_ago(ctx: _Context, match: re.Match[str]) -> tuple[ParsedDate, int] | None:
    """``منذ 11 ساعات``, ``تم النشر منذُ  يوم واحد``, ``قبل ساعتين``, ``2 hours ago``."""
    unit = match["unit"].lower()
    secs, implied = _UNITS.get(unit) or _UNITS[unit.rstrip("s")]
    count = int(match["n"]) if match["n"] else None
    if count is None and match["w"]:
        count = _NUMBER_WORDS[re.sub(r"\s+", " ", match["w"].lower())]
    if count is None:
        count = implied
    if count is None:
        return None  # "منذ ساعات": some hours, no number to compute with
    when = ctx.now - timedelta(seconds=count * secs)
    # "منذ 3 أيام" tells the day, not its time
    precision = "second" if secs < _MINUTE else "minute" if secs < _HOUR else "hour"
    precision = precision if secs < _DAY else "day"
    return _parsed(when.astimezone(ctx.zone), precision, True), match.start()


def _match_now(ctx: _Context, match: re.Match[str]) -> tuple[ParsedDate, int] | None:
    """``أقل من ساعة``, ``منذ لحظات``: published within the unit; we say now."""
    precision = "hour" if "ساعه" in match[0] else "minute"
    return _parsed(ctx.now.astimezone(ctx.zone), precision, True), match.start()


def _match_day_word(ctx: _Context, match: re.Match[str]) -> tuple[ParsedDate, int] | None:
    """``اليوم``, ``أمس 10:30``, ``البارحة``, ``yesterday``."""
    clock = _clock(match)
    if clock is None and ctx.free_text:
        return None
    back = _DAY_WORDS[re.sub(r"\s+", " ", match["dw"].lower())]
    today: date = ctx.now.astimezone(ctx.zone).date()
    day = today - timedelta(days=back)
    hh, mm, ss, precision = clock or (0, 0, 0, "day")
    zone = _offset_zone(match["tz"], ctx.zone)
    local = datetime(day.year, day.month, day.day, hh, mm, ss, tzinfo=zone)
    return _parsed(local, precision, True), match.start()


_Builder = Callable[[_Context, "re.Match[str]"], "tuple[ParsedDate, int] | None"]
# (pattern, builder, needles): a pattern runs only if one needle is in the lower-cased text,
# which skips most regex work on the common absolute dates (about half the time per call)
_Rule = tuple[re.Pattern[str], _Builder, tuple[str, ...]]
_DIGITS = tuple("0123456789")
_ABSOLUTE: tuple[_Rule, ...] = (
    (_TEXTUAL_DMY, _match_textual, _DIGITS),
    (_TEXTUAL_MDY, _match_textual, _DIGITS),
    (_NUMERIC_YMD, _match_ymd, ("-", "/", ".")),
    (_NUMERIC_DMY, _match_dmy, ("-", "/", ".")),
)
_RELATIVE: tuple[_Rule, ...] = (
    (_REL_NOW, _match_now, ("اقل", "منذ", "now", "moment")),
    (_REL_AGO, _match_ago, ("منذ", "قبل")),
    (_REL_AGO_EN, _match_ago, ("ago",)),
    (
        _REL_DAY,
        _match_day_word,
        ("اليوم", "امس", "البارحه", "غدا", "today", "yesterday", "tomorrow"),
    ),
)


_JAMAHIRIYA_RULE: _Rule = (_JAMAHIRIYA, _match_jamahiriya, _DIGITS)


def _plausible(parsed: ParsedDate, now: datetime, future_tolerance_secs: float) -> bool:
    """Reject misreads: years before MIN_YEAR or after next year, and future dates."""
    if parsed.when.year < MIN_YEAR or parsed.when.year > now.year + 1:
        return False
    return (parsed.when - now).total_seconds() <= future_tolerance_secs


def _search(
    ctx: _Context, future_tolerance_secs: float, text: str
) -> tuple[ParsedDate | None, bool]:
    """The first plausible date in ``ctx.norm`` (leftmost first), and whether anything matched."""
    rules = _ABSOLUTE + _RELATIVE if ctx.relative else _ABSOLUTE
    if ctx.jamahiriya:
        rules = (_JAMAHIRIYA_RULE, *rules)
    lowered = ctx.norm.lower()
    pending: list[tuple[re.Match[str], _Builder, re.Pattern[str]]] = []
    for pattern, builder, needles in rules:
        if not any(map(lowered.__contains__, needles)):
            continue
        found = pattern.search(ctx.norm)
        if found:
            pending.append((found, builder, pattern))
    seen = bool(pending)
    for _ in range(MAX_CANDIDATES):
        if not pending:
            return None, seen
        # leftmost first; at one position the longer match (the one with a time) wins
        pending.sort(key=lambda item: (item[0].start(), -item[0].end()))
        found, builder, pattern = pending.pop(0)
        try:
            built = builder(ctx, found)
        except (ValueError, OverflowError, KeyError):
            built = None
        if built is not None:
            parsed, start = built
            if _plausible(parsed, ctx.now, future_tolerance_secs):
                return replace(parsed, matched=_original_span(text, start, found.end())), True
        again = pattern.search(ctx.norm, found.start() + 1)
        if again:
            pending.append((again, builder, pattern))
    return None, seen


def _utc_now(now: datetime | None) -> datetime:
    """``now`` as aware UTC (naive is taken as UTC); the current time if None."""
    if now is None:
        return datetime.now(timezone.utc)
    if now.tzinfo is None:
        return now.replace(tzinfo=timezone.utc)
    return now.astimezone(timezone.utc)


def parse_date_ex(
    text: str,
    *,
    now: datetime | None = None,
    tz: str = "Africa/Tripoli",
    future_tolerance_secs: float = FUTURE_TOLERANCE_SECS,
    day_first: bool = True,
    fallback: bool = True,
    jamahiriya: bool = False,
) -> ParsedDate | None:
    """Parse one date string as found on a page or feed, saying how much it told us.

    Tries machine formats, then the Arabic/English patterns, then (if ``fallback``)
    dateparser on short strings. ``jamahiriya`` also reads the Gaddafi-era calendar, for
    pre-2011 archives. Never raises on any ``text``.
    """
    if not isinstance(text, str) or not text.strip():
        return None
    zone = get_timezone(tz)
    current = _utc_now(now)
    text = text[:MAX_PARSE_CHARS]
    norm = normalize_date_text(text)
    machine = _parse_machine(text, zone, norm)
    if machine is not None:
        return machine if _plausible(machine, current, future_tolerance_secs) else None
    ctx = _Context(norm, current, zone, day_first, False, True, jamahiriya)
    found, seen = _search(ctx, future_tolerance_secs, text)
    if found is not None or seen or not fallback:
        return found  # a date we read and rejected is not dateparser's to second-guess
    return _parse_with_dateparser(ctx, tz, future_tolerance_secs, text)


def parse_date(
    text: str,
    *,
    now: datetime | None = None,
    tz: str = "Africa/Tripoli",
    future_tolerance_secs: float = FUTURE_TOLERANCE_SECS,
    day_first: bool = True,
    jamahiriya: bool = False,
) -> datetime | None:
    """Parse one date string as found on a page/feed; return an aware UTC datetime or None.

    >>> parse_date("15/02/2018 13:37:00").isoformat()
    '2018-02-15T11:37:00+00:00'
    """
    parsed = parse_date_ex(
        text,
        now=now,
        tz=tz,
        future_tolerance_secs=future_tolerance_secs,
        day_first=day_first,
        jamahiriya=jamahiriya,
    )
    return parsed.when if parsed else None


def find_date_in_text(
    text: str,
    *,
    now: datetime | None = None,
    tz: str = "Africa/Tripoli",
    relative: bool = True,
    jamahiriya: bool = False,
) -> tuple[datetime, str] | None:
    """Find the first date in free text, returning it and the matched substring.

    For an agency dateline (``طرابلس 15 فبراير 2018 ( وال ) -``) or a byline line
    (``نشر في: منذ ساعتين``). Bare ``اليوم``/``أمس`` count only with a time, since prose
    uses them as words; pass ``relative=False`` for article bodies, where ``منذ عامين``
    means "for two years".
    """
    found = find_date_ex(text, now=now, tz=tz, relative=relative, jamahiriya=jamahiriya)
    return (found.when, found.matched) if found else None


def find_date_ex(
    text: str,
    *,
    now: datetime | None = None,
    tz: str = "Africa/Tripoli",
    relative: bool = True,
    jamahiriya: bool = False,
) -> ParsedDate | None:
    """``find_date_in_text``, saying how precise the date was and how it was written."""
    if not isinstance(text, str) or not text:
        return None
    zone = get_timezone(tz)
    norm = normalize_date_text(text)
    ctx = _Context(norm, _utc_now(now), zone, True, True, relative, jamahiriya)
    return _search(ctx, FUTURE_TOLERANCE_SECS, text)[0]


def to_utc_iso(dt: datetime) -> str:
    """``2026-11-29T08:15:00Z`` (seconds precision); a naive ``dt`` is taken as UTC."""
    return iso(dt)


# --- last resort ---------------------------------------------------------------------------


def _parse_with_dateparser(
    ctx: _Context, tz: str, future_tolerance_secs: float, text: str
) -> ParsedDate | None:
    """dateparser with fixed languages, for short strings our patterns did not know."""
    stripped = text.strip()
    # day, month and year are required below, and every ar/en month name is already ours:
    # with fewer than two numbers dateparser can only spend a millisecond saying no
    if len(stripped) > MAX_FALLBACK_CHARS or len(_DIGIT_RUN.findall(ctx.norm)) < 2:
        return None
    try:
        import dateparser  # lazy: its first call took 0.2-1.1 s here

        local_now = ctx.now.astimezone(ctx.zone).replace(tzinfo=None)
        settings: dict[str, Any] = {
            "TIMEZONE": tz,
            "TO_TIMEZONE": "UTC",
            "RETURN_AS_TIMEZONE_AWARE": True,
            "DATE_ORDER": "DMY" if ctx.day_first else "MDY",
            "PREFER_DATES_FROM": "past",
            "RELATIVE_BASE": local_now,
            "REQUIRE_PARTS": ["day", "month", "year"],
        }
        result = dateparser.parse(ctx.norm, languages=["ar", "en"], settings=settings)
    except Exception:  # a third-party parser must not take down extraction
        return None
    if not isinstance(result, datetime) or result.tzinfo is None:
        return None
    precision = ("day", "minute", "second")[min(ctx.norm.count(":"), 2)]
    parsed = _parsed(result.astimezone(ctx.zone), precision, matched=stripped)
    return parsed if _plausible(parsed, ctx.now, future_tolerance_secs) else None
