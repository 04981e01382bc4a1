"""Accuracy and speed of ``parse_date`` against dateparser on labelled Libyan date strings.

Run: ``.venv/bin/python bench/dates.py``. Every string has its expected UTC value at a fixed
"now" (2026-11-29 08:30 UTC, 10:30 in Tripoli). dateparser gets the same zone, day-first
order and relative base, with ``languages=['ar', 'en']`` (auto-detection is far slower),
and is warmed up before timing.
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

import dateparser

from ingest.extract.dates import parse_date, parse_date_ex, to_utc_iso

NOW = datetime(2026, 11, 29, 8, 30, tzinfo=timezone.utc)
REPEATS = 30

# (group, text, expected UTC or None for "no date here")
CASES: list[tuple[str, str, str | None]] = [
    # outlets.md 4.1: real on-page strings
    ("real", "القاهرة - بوابة الوسط الخميس 13 أغسطس 2020, 08:57 مساء", "2020-08-13T18:57:00Z"),
    ("real", "القاهرة - بوابة الوسط الأحد 05 يوليو 2020, 11:09 صباحا", "2020-07-05T09:09:00Z"),
    ("real", "بنغازي - بوابة الوسط الثلاثاء 02 يونيو 2020, 03:41 مساء", "2020-06-02T13:41:00Z"),
    ("real", "15 فبراير 2018 - 01:00", "2018-02-14T23:00:00Z"),
    ("real", "14 فبراير 2018 - 22:30", "2018-02-14T20:30:00Z"),
    ("real", "15/02/2018 13:37:00", "2018-02-15T11:37:00Z"),
    ("real", "طرابلس 15 فبراير 2018 ( وال ) -", "2018-02-14T22:00:00Z"),
    ("real", "تم النشر منذُ  23 ساعة", "2026-11-28T09:30:00Z"),
    ("real", "تم النشر منذُ  24 ساعة", "2026-11-28T08:30:00Z"),
    ("real", "تم النشر منذُ  يوم واحد", "2026-11-28T08:30:00Z"),
    ("real", "محمد علي | 2025/01/12 10:30", "2025-01-12T08:30:00Z"),
    ("real", "2025-01-12", "2025-01-11T22:00:00Z"),
    ("real", "2017-08-08", "2017-08-07T22:00:00Z"),
    ("real", "منذ 11 ساعات", "2026-11-28T21:30:00Z"),
    ("real", "منذ 2 أيام", "2026-11-27T08:30:00Z"),
    ("real", "الجمعة 2022/06/24", "2022-06-23T22:00:00Z"),
    ("real", "Tue, 16 Jun 2026 09:12:44 +0000", "2026-06-16T09:12:44Z"),
    ("real", "Fri, 20 Jun 2026 09:30:00 GMT", "2026-06-20T09:30:00Z"),
    ("real", "2018-02-15T14:01Z", "2018-02-15T14:01:00Z"),
    # Egyptian/Gulf month names and spellings
    ("months", "3 يناير 2026", "2026-01-02T22:00:00Z"),
    ("months", "3 فبراير 2026", "2026-02-02T22:00:00Z"),
    ("months", "3 مارس 2026", "2026-03-02T22:00:00Z"),
    ("months", "3 أبريل 2026", "2026-04-02T22:00:00Z"),
    ("months", "3 ابريل 2026", "2026-04-02T22:00:00Z"),
    ("months", "3 إبريل 2026", "2026-04-02T22:00:00Z"),
    ("months", "3 مايو 2026", "2026-05-02T22:00:00Z"),
    ("months", "3 يونيو 2026", "2026-06-02T22:00:00Z"),
    ("months", "3 يونيه 2026", "2026-06-02T22:00:00Z"),
    ("months", "3 يوليو 2026", "2026-07-02T22:00:00Z"),
    ("months", "3 يوليه 2026", "2026-07-02T22:00:00Z"),
    ("months", "3 اغسطس 2026", "2026-08-02T22:00:00Z"),
    ("months", "3 سبتمبر 2026", "2026-09-02T22:00:00Z"),
    ("months", "3 اكتوبر 2026", "2026-10-02T22:00:00Z"),
    ("months", "3 نوفمبر 2026", "2026-11-02T22:00:00Z"),
    ("months", "3 ديسمبر 2025", "2025-12-02T22:00:00Z"),
    # Levantine, Maghrebi, dual forms (wire copy)
    ("regional", "29 تشرين الثاني 2025", "2025-11-28T22:00:00Z"),
    ("regional", "3 كانون الثاني 2026", "2026-01-02T22:00:00Z"),
    ("regional", "3 شباط 2026", "2026-02-02T22:00:00Z"),
    ("regional", "3 نيسان 2026", "2026-04-02T22:00:00Z"),
    ("regional", "3 أيار 2026", "2026-05-02T22:00:00Z"),
    ("regional", "3 حزيران 2026", "2026-06-02T22:00:00Z"),
    ("regional", "3 تموز 2026", "2026-07-02T22:00:00Z"),
    ("regional", "3 أيلول 2026", "2026-09-02T22:00:00Z"),
    ("regional", "3 تشرين الأول 2026", "2026-10-02T22:00:00Z"),
    ("regional", "3 كانون الأول 2025", "2025-12-02T22:00:00Z"),
    ("regional", "7 آذار (مارس) 2026", "2026-03-06T22:00:00Z"),
    ("regional", "7 مارس/ آذار 2026", "2026-03-06T22:00:00Z"),
    ("regional", "13 آب/أغسطس 2020", "2020-08-12T22:00:00Z"),
    ("regional", "15 جانفي 2026", "2026-01-14T22:00:00Z"),
    ("regional", "15 فيفري 2026", "2026-02-14T22:00:00Z"),
    ("regional", "15 أفريل 2026", "2026-04-14T22:00:00Z"),
    ("regional", "15 جوان 2026", "2026-06-14T22:00:00Z"),
    ("regional", "15 جويلية 2026", "2026-07-14T22:00:00Z"),
    ("regional", "15 أوت 2026", "2026-08-14T22:00:00Z"),
    ("regional", "15 يوليوز 2026", "2026-07-14T22:00:00Z"),
    ("regional", "15 غشت 2026", "2026-08-14T22:00:00Z"),
    ("regional", "15 شتنبر 2026", "2026-09-14T22:00:00Z"),
    ("regional", "15 نونبر 2025", "2025-11-14T22:00:00Z"),
    ("regional", "15 دجنبر 2025", "2025-12-14T22:00:00Z"),
    # prefixes, marks, digits, times
    ("format", "نشر في: 05 مارس 2026 - 10:20 ص", "2026-03-05T08:20:00Z"),
    ("format", "تاريخ النشر: 05/03/2026", "2026-03-04T22:00:00Z"),
    ("format", "آخر تحديث: 2026/03/05 09:00", "2026-03-05T07:00:00Z"),
    ("format", "نشر بتاريخ 05/03/2026 09:15", "2026-03-05T07:15:00Z"),
    ("format", "٠٥/٠٣/٢٠٢٦ ١٣:٣٧", "2026-03-05T11:37:00Z"),
    ("format", "٥ مارس ٢٠٢٦", "2026-03-04T22:00:00Z"),
    ("format", "۵ مارس ۲۰۲۶", "2026-03-04T22:00:00Z"),
    ("format", "5/\u200f3/\u200f2026", "2026-03-04T22:00:00Z"),
    ("format", "الخميس، ١٣ أغسطس ٢٠٢٠", "2020-08-12T22:00:00Z"),
    ("format", "13 أغـسـطـس 2020", "2020-08-12T22:00:00Z"),
    ("format", "13 أَغُسْطُس 2020", "2020-08-12T22:00:00Z"),
    ("format", "مارس 7, 2026", "2026-03-06T22:00:00Z"),
    ("format", "16.06.2026", "2026-06-15T22:00:00Z"),
    ("format", "13 أغسطس 2020 - 08:57 م", "2020-08-13T18:57:00Z"),
    ("format", "13 أغسطس 2020 08:57 مساءً", "2020-08-13T18:57:00Z"),
    ("format", "13 أغسطس 2020 12:15 ص", "2020-08-12T22:15:00Z"),
    ("format", "08:57 مساء الخميس 13 أغسطس 2020", "2020-08-13T18:57:00Z"),
    ("format", "Published: June 16, 2026 10:00 PM", "2026-06-16T20:00:00Z"),
    ("format", "Updated 16 Jun 2026, 09:12", "2026-06-16T07:12:00Z"),
    # relative forms
    ("relative", "منذ دقيقة", "2026-11-29T08:29:00Z"),
    ("relative", "منذ دقيقتين", "2026-11-29T08:28:00Z"),
    ("relative", "منذ 3 دقائق", "2026-11-29T08:27:00Z"),
    ("relative", "منذ ساعة", "2026-11-29T07:30:00Z"),
    ("relative", "منذ ساعتين", "2026-11-29T06:30:00Z"),
    ("relative", "منذ 5 ساعات", "2026-11-29T03:30:00Z"),
    ("relative", "قبل ساعتين", "2026-11-29T06:30:00Z"),
    ("relative", "منذ يوم", "2026-11-28T08:30:00Z"),
    ("relative", "منذ يومين", "2026-11-27T08:30:00Z"),
    ("relative", "منذ 12 يومًا", "2026-11-17T08:30:00Z"),
    ("relative", "منذ أسبوع", "2026-11-22T08:30:00Z"),
    ("relative", "منذ أسبوعين", "2026-11-15T08:30:00Z"),
    ("relative", "منذ شهر", "2026-10-30T08:30:00Z"),
    ("relative", "أقل من ساعة", "2026-11-29T08:30:00Z"),
    ("relative", "أمس 10:30", "2026-11-28T08:30:00Z"),
    ("relative", "أمس", "2026-11-27T22:00:00Z"),
    ("relative", "اليوم 09:15", "2026-11-29T07:15:00Z"),
    ("relative", "2 hours ago", "2026-11-29T06:30:00Z"),
    ("relative", "yesterday", "2026-11-27T22:00:00Z"),
    # must be rejected: future, absurd, not a date
    ("reject", "25 ديسمبر 2026", None),
    ("reject", "15 فبراير 1985", None),
    ("reject", "منذ ساعات", None),
    ("reject", "اقرأ المزيد", None),
    ("reject", "5 تعليقات", None),
]


def dateparser_settings() -> dict[str, Any]:
    """The settings that make dateparser answer the same question as parse_date."""
    return {
        "TIMEZONE": "Africa/Tripoli",
        "TO_TIMEZONE": "UTC",
        "RETURN_AS_TIMEZONE_AWARE": True,
        "DATE_ORDER": "DMY",
        "PREFER_DATES_FROM": "past",
        "RELATIVE_BASE": datetime(2026, 11, 29, 10, 30),  # NOW in Tripoli, naive
    }


def run_ours(text: str) -> str | None:
    """parse_date, as the stored string."""
    result = parse_date(text, now=NOW)
    return to_utc_iso(result) if result else None


def run_dateparser(text: str) -> str | None:
    """dateparser.parse with fixed languages, as the stored string."""
    result = dateparser.parse(text, languages=["ar", "en"], settings=dateparser_settings())
    return to_utc_iso(result) if result else None


def run_dateparser_filtered(text: str) -> str | None:
    """dateparser, then the same year and future checks parse_date applies."""
    got = run_dateparser(text)
    if got is None or not "1990" <= got[:4] <= str(NOW.year + 1) or got > to_utc_iso(NOW):
        return None
    return got


def run_dateparser_on_span(text: str) -> str | None:
    """dateparser (filtered) on the date part parse_date found: prefixes cut away for it."""
    parsed = parse_date_ex(text, now=NOW)
    return run_dateparser_filtered(parsed.matched if parsed else text)


def measure(parser: Callable[[str], str | None]) -> tuple[int, list[float], list[str]]:
    """Correct answers, per-string median µs, and the strings it got wrong."""
    correct, micros, wrong = 0, [], []
    for _group, text, expected in CASES:
        got = parser(text)
        if got == expected:
            correct += 1
        else:
            wrong.append(f"    {text!r}: got {got}, want {expected}")
        timings = []
        for _ in range(REPEATS):
            started = time.perf_counter()
            parser(text)
            timings.append((time.perf_counter() - started) * 1e6)
        micros.append(statistics.median(timings))
    return correct, micros, wrong


def main() -> None:
    """Print the comparison table."""
    started = time.perf_counter()
    run_dateparser("15 فبراير 2018")
    first_call_ms = (time.perf_counter() - started) * 1e3
    rows = []
    parsers = (
        ("parse_date", run_ours),
        ("dateparser ar+en", run_dateparser),
        ("dateparser+filter", run_dateparser_filtered),
        ("dateparser on span", run_dateparser_on_span),
    )
    for name, parser in parsers:
        correct, micros, wrong = measure(parser)
        rows.append((name, correct, statistics.median(micros), max(micros), wrong))
    base = rows[1][2]
    print(f"{len(CASES)} labelled strings, now = {to_utc_iso(NOW)}, {REPEATS} runs each")
    print(f"dateparser first call (import excluded): {first_call_ms:.0f} ms")
    print(f"{'parser':<18} {'correct':>9} {'median µs':>10} {'max µs':>9} {'speed-up':>9}")
    for name, correct, median, worst, _ in rows:
        print(
            f"{name:<18} {correct:>4}/{len(CASES):<4} {median:>10.1f} {worst:>9.1f} "
            f"{base / median:>8.1f}x"
        )
    groups = sorted({group for group, _, _ in CASES})
    print("correct by group: " + ", ".join(groups))
    for name, parser in parsers[::2] + parsers[3:]:
        scores = []
        for group in groups:
            cases = [(t, e) for g, t, e in CASES if g == group]
            scores.append(f"{sum(parser(t) == e for t, e in cases)}/{len(cases)}")
        print(f"  {name:<18} " + "  ".join(scores))
    for name, *_, wrong in rows[:2]:
        if wrong:
            print(f"{name} wrong on:")
            print("\n".join(wrong))


if __name__ == "__main__":
    main()
