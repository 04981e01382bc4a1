"""Dates as Libyan pages and feeds write them, turned into aware UTC datetimes.

Our own regex-and-lookup parser comes first; dateparser is only a last resort, for short
strings none of our patterns matched (two-digit years, "16th of June 2026"). On the 102
labelled strings of ``bench/dates.py`` (docs/benchmarks.md) this parser was right on
102 at a median of about 30 µs, and ``dateparser.parse(languages=['ar', 'en'])`` on 49 at
about 0.9 ms (first call 0.2-1.1 s): it knows no Levantine or Maghrebi month names, no
singular relative forms (``منذ ساعة``), and reads nothing after a prefix such as
``نشر في:`` or ``القاهرة - بوابة الوسط``. dateparser is imported lazily, always with fixed
languages (auto-detection took up to 1.3 s on a miss, design.md "Measured here").

The words are tables in ``datewords.py``, the patterns built from them in
``datepatterns.py``, machine formats in ``isodates.py`` and the Hijri calendar in
``hijri.py``; this module reads text with them. A Hijri date counts only where the text
gives no Gregorian one ("14 رمضان 1432 هـ الموافق 14 أغسطس 2011" is 14 August).

Naive times are local to the source's time zone (Africa/Tripoli, UTC+2, no DST since 2013);
a date without a time is midnight local, flagged ``has_time=False``. Each result also says
how much the text told (``precision``: day, hour, minute, second) and in which UTC offset
it was written, so that it can be stored as the page gave it (``ParsedDate.stored``).

Example::

    >>> to_utc_iso(parse_date("القاهرة - بوابة الوسط الخميس 13 أغسطس 2020, 08:57 مساء"))
    '2020-08-13T18:57:00Z'
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import datetime
from typing import Any

from ingest.clock import FUTURE_TOLERANCE_SECS, MIN_YEAR, iso
from ingest.extract import datepatterns as pat
from ingest.extract import datereaders as rd
from ingest.extract.datewords import (
    DELETED_SET,
    JAMAHIRIYA_YEAR_OFFSET,
    TRAILING_MARKS,
    normalize_date_text,
)
from ingest.extract.isodates import (
    TRIPOLI_OFFSET,
    ParsedDate,
    get_timezone,
    parse_iso,
    parse_iso_ex,
    parse_machine,
    parsed_at,
    plausible,
    utc_now,
)

__all__ = [
    "FUTURE_TOLERANCE_SECS",
    "JAMAHIRIYA_YEAR_OFFSET",
    "MIN_YEAR",
    "TRIPOLI_OFFSET",
    "ParsedDate",
    "find_date_ex",
    "find_date_in_text",
    "get_timezone",
    "normalize_date_text",
    "parse_date",
    "parse_date_ex",
    "parse_iso",
    "parse_iso_ex",
    "to_utc_iso",
]

MAX_PARSE_CHARS = 2_000  # a date field longer than this is a page, not a date
MAX_FALLBACK_CHARS = 64  # dateparser only sees short strings (its misses cost milliseconds)
MAX_CANDIDATES = 64  # candidate matches tried per call, bounding hostile input


def _original_span(text: str, start: int, end: int) -> str:
    """The slice of ``text`` that became ``normalize_date_text(text)[start:end]``."""
    first, last = start, end
    if not DELETED_SET.isdisjoint(text[:end]):
        kept = 0
        for i, ch in enumerate(text):
            if ch in DELETED_SET:
                continue
            if kept == start:
                first = i
            kept += 1
            if kept == end:
                last = i + 1
                break
    while last < len(text) and text[last] in TRAILING_MARKS:
        last += 1  # keep the tanween of "صباحاً" with its word
    return text[first:last].strip()


def _search(
    ctx: rd.Context, future_tolerance_secs: float, text: str
) -> tuple[ParsedDate | None, bool]:
    """The first plausible date in ``ctx.norm`` (leftmost first), and whether anything matched;
    a Hijri date only when no Gregorian or relative one is found."""
    rules = rd.ABSOLUTE + rd.RELATIVE if ctx.relative else rd.ABSOLUTE
    if ctx.jamahiriya:
        rules = (rd.JAMAHIRIYA_RULE, *rules)
    found, seen = _search_rules(ctx, rules, future_tolerance_secs, text)
    if found is None:
        hijri, seen_hijri = _search_rules(ctx, rd.HIJRI, future_tolerance_secs, text)
        return hijri, seen or seen_hijri
    return found, seen


def _search_rules(
    ctx: rd.Context, rules: tuple[rd.Rule, ...], future_tolerance_secs: float, text: str
) -> tuple[ParsedDate | None, bool]:
    """The leftmost plausible date that one of ``rules`` reads, and whether any matched."""
    lowered = ctx.norm.lower()
    pending: list[tuple[re.Match[str], rd.Builder, re.Pattern[str]]] = []
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
            if plausible(parsed, ctx.now, future_tolerance_secs):
                return replace(parsed, matched=_original_span(text, start, found.end())), True
        again = pattern.search(ctx.norm, found.start() + 1)
        if again:
            pending.append((again, builder, pattern))
    return None, seen


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
    current = utc_now(now)
    text = text[:MAX_PARSE_CHARS]
    norm = normalize_date_text(text)
    machine = parse_machine(text, zone, norm)
    if machine is not None:
        return machine if plausible(machine, current, future_tolerance_secs) else None
    ctx = rd.Context(norm, current, zone, day_first, False, True, jamahiriya)
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
    ctx = rd.Context(norm, utc_now(now), zone, True, True, relative, jamahiriya)
    return _search(ctx, FUTURE_TOLERANCE_SECS, text)[0]


def to_utc_iso(dt: datetime) -> str:
    """``2026-11-29T08:15:00Z`` (seconds precision); a naive ``dt`` is taken as UTC."""
    return iso(dt)


# --- last resort ---------------------------------------------------------------------------


def _parse_with_dateparser(
    ctx: rd.Context, tz: str, future_tolerance_secs: float, text: str
) -> ParsedDate | None:
    """dateparser with fixed languages, for short strings our patterns did not know."""
    stripped = text.strip()
    # day, month and year are required below, and every ar/en month name is already ours:
    # with fewer than two numbers dateparser can only spend a millisecond saying no
    if len(stripped) > MAX_FALLBACK_CHARS or len(pat.DIGIT_RUN.findall(ctx.norm)) < 2:
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
    parsed = parsed_at(result.astimezone(ctx.zone), precision, matched=stripped)
    return parsed if plausible(parsed, ctx.now, future_tolerance_secs) else None
