"""What each way of writing a date becomes: the builders behind ``datepatterns``' regexes.

A builder turns one regex match into a ``ParsedDate`` and the offset its text starts at:
a calendar date with its time (written after it or before it), a Hijri or Jamahiriya date
converted to the Gregorian day, a duration back from now, a day word. The rule tables at
the end pair each pattern with its builder and with needles, words without which the
pattern cannot match, so that most patterns are never run on a given text.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo

from ingest.extract import datepatterns as pat
from ingest.extract.datewords import (
    ARABIC_UNITS,
    DAY_SECS,
    ENGLISH_UNITS,
    HOUR_SECS,
    JAMAHIRIYA_YEAR_OFFSET,
    MERIDIEM_AM,
    MERIDIEM_NOON,
    MERIDIEM_PM,
    MINUTE_SECS,
    NUMBER_WORDS,
    WEEKDAYS,
)
from ingest.extract.hijri import to_gregorian
from ingest.extract.isodates import ParsedDate, offset_zone, parsed_at, precision_of

WEEKDAY_WINDOW_CHARS = 16  # how far before a Hijri date its weekday may stand


def _clock(match: re.Match[str]) -> tuple[int, int, int, str] | None:
    """Hours, minutes, seconds and precision of a matched time (12-hour words applied)."""
    if match["H"] is None:
        return None
    precision = precision_of(match["S"], match["M"], match["H"])
    hh, mm, ss = int(match["H"]), int(match["M"] or 0), int(match["S"] or 0)
    ampm = (match["ampm"] or "").lower()
    if ampm in MERIDIEM_PM:
        if ampm == "ليلا" and hh < 6:
            return hh, mm, ss, precision  # "2:00 ليلا" is the small hours
        hh = 0 if ampm == "ليلا" and hh == 12 else (hh + 12 if hh < 12 else hh)
    elif ampm in MERIDIEM_AM:
        hh = 0 if hh == 12 else hh
    elif ampm == MERIDIEM_NOON and hh < 6:
        hh += 12  # "1:30 ظهرا" is early afternoon; "11:30 ظهرا" is late morning
    if hh > 23:
        raise ValueError("12-hour marker on a 24-hour time")
    return hh, mm, ss, precision


@dataclass(frozen=True)
class Context:
    """What one parse call needs to know besides the text."""

    norm: str
    now: datetime
    zone: tzinfo
    day_first: bool
    free_text: bool  # searching prose: bare "اليوم"/"أمس" are words, not dates
    relative: bool
    jamahiriya: bool = False


def _time_before(
    ctx: Context, start: int
) -> tuple[tuple[int, int, int, str], int, str | None] | None:
    """A time written just before a date ("08:57 مساء الخميس 13 ..."), and where it starts."""
    window_start = max(0, start - 40)
    match = pat.TIME_BEFORE.search(ctx.norm, window_start, start)
    if match is None or match.end() != start:
        return None
    clock = _clock(match)
    return (clock, match.start(), match["tz"]) if clock else None


def _build_absolute(
    ctx: Context, match: re.Match[str], year: int, month: int, day: int
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
    local = datetime(year, month, day, hh, mm, ss, tzinfo=offset_zone(tz_text, ctx.zone))
    return parsed_at(local, precision), start


def _match_textual(ctx: Context, match: re.Match[str]) -> tuple[ParsedDate, int] | None:
    """``13 أغسطس 2020, 08:57 مساء`` and ``August 13, 2020``."""
    month = pat.MONTHS[re.sub(r"\s+", " ", match["mon"].lower().rstrip("."))]
    return _build_absolute(ctx, match, int(match["y"]), month, int(match["d"]))


def _match_ymd(ctx: Context, match: re.Match[str]) -> tuple[ParsedDate, int] | None:
    """``2025/01/12 10:30``, ``2026-06-16``."""
    return _build_absolute(ctx, match, int(match["y"]), int(match["a"]), int(match["b"]))


def _match_dmy(ctx: Context, match: re.Match[str]) -> tuple[ParsedDate, int] | None:
    """``15/02/2018 13:37:00``, ``16.06.2026``; month-first only if asked or unambiguous."""
    first, second = int(match["a"]), int(match["b"])
    day, month = (first, second) if ctx.day_first else (second, first)
    if month > 12 and day <= 12:
        day, month = month, day
    return _build_absolute(ctx, match, int(match["y"]), month, day)


def _match_jamahiriya(ctx: Context, match: re.Match[str]) -> tuple[ParsedDate, int] | None:
    """``15 الفاتح 1376 و.ر``: Gaddafi-era month names, years from the Prophet's death."""
    month = pat.JAMAHIRIYA_MONTH_NUMBERS[re.sub(r"\s+", " ", match["mon"])]
    year = int(match["y"])
    era = (match["era"] or "").replace(" ", "").replace(".", "")
    if era == "ور" or (not era and year < 1500):
        year += JAMAHIRIYA_YEAR_OFFSET
    return _build_absolute(ctx, match, year, month, int(match["d"]))


def _match_hijri(ctx: Context, match: re.Match[str]) -> tuple[ParsedDate, int] | None:
    """``14-09-1432 هـ``, ``الأحد 14 رمضان 1432 هـ``: converted by ``hijri.to_gregorian``."""
    if match.re is pat.HIJRI_TEXTUAL:
        year, day = int(match["y"]), int(match["d"])
        month = pat.HIJRI_MONTH_NUMBERS[re.sub(r"\s+", " ", match["mon"])]
    elif match["y"]:
        year, month, day = int(match["y"]), int(match["m"]), int(match["d"])
    else:
        year, month, day = int(match["y2"]), int(match["m2"]), int(match["d2"])
    window = ctx.norm[max(0, match.start() - WEEKDAY_WINDOW_CHARS) : match.start()]
    named = pat.WEEKDAY_BEFORE.search(window)
    weekday = WEEKDAYS[named["wd"].lower()] if named else None
    day_of = to_gregorian(year, month, day, weekday)
    return _build_absolute(ctx, match, day_of.year, day_of.month, day_of.day)


def _count(match: re.Match[str], suffix: str, implied: int | None) -> int | None:
    """The count of one duration part: digits, a number word, or what the unit implies."""
    if match[f"n{suffix}"]:
        return int(match[f"n{suffix}"])
    if match[f"w{suffix}"]:
        return NUMBER_WORDS[re.sub(r"\s+", " ", match[f"w{suffix}"].lower())]
    return implied


def _unit(word: str) -> tuple[int, int | None]:
    """Seconds of a unit word and the count it implies (Arabic duals; English: none)."""
    word = word.lower()
    if word in ARABIC_UNITS:
        return ARABIC_UNITS[word]
    return ENGLISH_UNITS[word], None


def _match_ago(ctx: Context, match: re.Match[str]) -> tuple[ParsedDate, int] | None:
    """``منذ 11 ساعات``, ``قبل ساعتين``, ``منذ يومين و 4 ساعات``, ``1 day, 3 hours ago``."""
    secs, implied = _unit(match["unit"])
    count = _count(match, "", implied)
    if count is None:
        return None  # "منذ ساعات": some hours, no number to compute with
    back, smallest = count * secs, secs
    if match["unit2"]:
        secs2, implied2 = _unit(match["unit2"])
        count2 = _count(match, "2", implied2)
        if count2 is None or secs2 >= secs:
            return None  # "منذ يوم وساعات": no number; parts must shrink: "3 days, 2 weeks"
        back, smallest = back + count2 * secs2, secs2
    when = ctx.now - timedelta(seconds=back)
    # "منذ 3 أيام" tells the day, not its time; "منذ يوم و3 ساعات" tells the hour
    precision = "second" if smallest < MINUTE_SECS else "minute" if smallest < HOUR_SECS else "hour"
    precision = precision if smallest < DAY_SECS else "day"
    return parsed_at(when.astimezone(ctx.zone), precision, True), match.start()


def _match_now(ctx: Context, match: re.Match[str]) -> tuple[ParsedDate, int] | None:
    """``أقل من ساعة``, ``منذ لحظات``: published within the unit; we say now."""
    precision = "hour" if "ساعه" in match[0] else "minute"
    return parsed_at(ctx.now.astimezone(ctx.zone), precision, True), match.start()


def _match_day_word(ctx: Context, match: re.Match[str]) -> tuple[ParsedDate, int] | None:
    """``اليوم``, ``أمس 10:30``, ``أول أمس``, ``اليوم السابق``, ``yesterday``."""
    clock = _clock(match)
    if clock is None and ctx.free_text:
        return None
    back = pat.DAYS_BACK[re.sub(r"\s+", " ", match["dw"].lower())]
    today: date = ctx.now.astimezone(ctx.zone).date()
    day = today - timedelta(days=back)
    hh, mm, ss, precision = clock or (0, 0, 0, "day")
    zone = offset_zone(match["tz"], ctx.zone)
    local = datetime(day.year, day.month, day.day, hh, mm, ss, tzinfo=zone)
    return parsed_at(local, precision, True), match.start()


Builder = Callable[[Context, "re.Match[str]"], "tuple[ParsedDate, int] | None"]
# (pattern, builder, needles): a pattern runs only if one needle is in the lower-cased text,
# which skips most regex work on the common absolute dates (about half the time per call)
Rule = tuple[re.Pattern[str], Builder, tuple[str, ...]]
_DIGITS = tuple("0123456789")
ABSOLUTE: tuple[Rule, ...] = (
    (pat.TEXTUAL_DMY, _match_textual, _DIGITS),
    (pat.TEXTUAL_MDY, _match_textual, _DIGITS),
    (pat.NUMERIC_YMD, _match_ymd, ("-", "/", ".")),
    (pat.NUMERIC_DMY, _match_dmy, ("-", "/", ".")),
)
RELATIVE: tuple[Rule, ...] = (
    (pat.REL_NOW, _match_now, ("اقل", "منذ", "now", "moment")),
    (pat.REL_AGO, _match_ago, ("منذ", "قبل")),
    (pat.REL_AGO_EN, _match_ago, ("ago",)),
    (
        pat.REL_DAY,
        _match_day_word,
        ("اليوم", "امس", "البارحه", "غدا", "today", "yesterday", "tomorrow"),
    ),
)
# read only where the text gives no Gregorian date: the page's own calendar wins
HIJRI: tuple[Rule, ...] = (
    (pat.HIJRI_NUMERIC, _match_hijri, ("ه",)),
    (pat.HIJRI_TEXTUAL, _match_hijri, _DIGITS),
)
JAMAHIRIYA_RULE: Rule = (pat.JAMAHIRIYA, _match_jamahiriya, _DIGITS)
