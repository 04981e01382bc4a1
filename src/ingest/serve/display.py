"""What the reading room shows of stored values: text direction, local times, delays, diffs.

Pure functions over what the database holds (no Datasette here), so that every page and
the tests read times and directions the same way.
"""

from __future__ import annotations

import difflib
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from ingest.clock import TRIPOLI, iso, parse_iso, utc_now
from ingest.text import normalize_search

RTL_BIDI_CLASSES = frozenset({"R", "AL"})  # Hebrew, Arabic and Thaana letters
LTR_BIDI_CLASSES = frozenset({"L"})
TRIPOLI_DAY_START_UTC_HOURS = 22  # a Tripoli day (UTC+2) starts at 22:00 UTC the day before
SECS_PER_MINUTE = 60
SECS_PER_HOUR = 3600
SECS_PER_DAY = 86400


def direction(text: str | None) -> str:
    """``rtl`` when the first letter with a direction is Arabic (or Hebrew), else ``ltr``.

    The rule of HTML's ``dir="auto"`` (the first strong character), computed on the server
    so that ``lang`` can follow it and the tests can read it.

    >>> direction("«عاجل» Reuters: ...")
    'rtl'
    """
    for char in text or "":
        kind = unicodedata.bidirectional(char)
        if kind in RTL_BIDI_CLASSES:
            return "rtl"
        if kind in LTR_BIDI_CLASSES:
            return "ltr"
    return "ltr"


def language_of(text: str | None, declared: str | None = None) -> str:
    """The ``lang`` of a piece of text: ``ar`` for right-to-left text, else as declared."""
    if direction(text) == "rtl":
        return "ar"
    return declared if declared and declared != "ar" else "en"


def tripoli_day_bounds(day: str) -> tuple[str, str]:
    """UTC ``...Z`` bounds [start, end) of a Tripoli day, for an indexed ``published_at``.

    The same rows as ``date(published_at, '+2 hours') = day`` (docs/schema.md), but the
    index on ``published_at`` can answer it.

    >>> tripoli_day_bounds("2026-11-29")
    ('2026-11-28T22:00:00Z', '2026-11-29T22:00:00Z')
    """
    start = datetime.fromisoformat(day).replace(tzinfo=TRIPOLI)
    return iso(start), iso(start + timedelta(days=1))


def is_day(text: str | None) -> bool:
    """Whether ``text`` is a calendar day written ``YYYY-MM-DD``."""
    if not text or len(text) != len("2026-11-29"):
        return False
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True


def tripoli_today(now: datetime | None = None) -> str:
    """Today's date in Tripoli."""
    return (now or utc_now()).astimezone(TRIPOLI).date().isoformat()


def local_time(local: str | None, precision: str | None = None) -> str:
    """A stored ``published_local`` as people read it: ``2026-11-29 00:30``.

    A time printed in another zone (an aggregator's UTC clock) gets Tripoli's beside it,
    so that copies compare at a glance; a bare day stays a day; seconds are dropped
    (pages rarely print them).

    >>> local_time("2026-11-29T23:21:00+00:00")
    '2026-11-29 23:21 UTC (11-30 01:21 Tripoli)'
    """
    if not local:
        return "undated"
    if len(local) == len("2026-11-29") or precision == "day":
        return local[:10]
    text = f"{local[:10]} {local[11:16]}"
    offset = local[19:]
    if offset in ("+02:00", ""):
        return text
    try:
        tripoli = datetime.fromisoformat(local.replace("Z", "+00:00")).astimezone(TRIPOLI)
    except ValueError:
        return local
    zone = "UTC" if offset in ("+00:00", "Z") else offset
    same_day = tripoli.date().isoformat() == local[:10]
    there = tripoli.strftime("%H:%M" if same_day else "%m-%d %H:%M")
    return f"{text} {zone} ({there} Tripoli)"


def tripoli_time(stamp: str | None) -> str:
    """A stored UTC ``...Z`` time in Tripoli time, ``2026-11-29 10:15``; ``never`` if None."""
    if not stamp:
        return "never"
    try:
        return parse_iso(stamp).astimezone(TRIPOLI).strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return stamp


def duration(secs: float) -> str:
    """``45 s``, ``12 min``, ``1 h 35 min``, ``2 d 3 h``."""
    secs = abs(int(secs))
    if secs < SECS_PER_MINUTE:
        return f"{secs} s"
    if secs < SECS_PER_HOUR:
        return f"{secs // SECS_PER_MINUTE} min"
    if secs < SECS_PER_DAY:
        hours, rest = divmod(secs, SECS_PER_HOUR)
        minutes = rest // SECS_PER_MINUTE
        return f"{hours} h {minutes} min" if minutes else f"{hours} h"
    days, rest = divmod(secs, SECS_PER_DAY)
    hours = rest // SECS_PER_HOUR
    return f"{days} d {hours} h" if hours else f"{days} d"


def seconds_between(earlier: str | None, later: str | None) -> float | None:
    """Seconds from one stored UTC time to another; None when either is missing."""
    if not earlier or not later:
        return None
    try:
        return (parse_iso(later) - parse_iso(earlier)).total_seconds()
    except ValueError:
        return None


def relative(stamp: str | None, now: datetime | None = None) -> str:
    """``5 min ago`` or ``in 2 h``, from a stored UTC time; empty when there is none."""
    secs = seconds_between(stamp, iso(now or utc_now()))
    if secs is None:
        return ""
    return f"{duration(secs)} ago" if secs >= 0 else f"in {duration(secs)}"


def due(stamp: str | None, now: datetime | None = None) -> str:
    """When a scheduled time comes: ``in 12 min``, or ``due now`` once it has passed."""
    secs = seconds_between(iso(now or utc_now()), stamp)
    if secs is None:
        return ""
    return f"in {duration(secs)}" if secs > 0 else "due now"


def paragraphs(body: str | None) -> list[str]:
    """The paragraphs of a stored body (separated by a blank line)."""
    return [part.strip() for part in (body or "").split("\n\n") if part.strip()]


@dataclass(frozen=True)
class TextDiff:
    """How a copy's text differs from the story's first article, paragraph by paragraph."""

    removed: tuple[str, ...]  # paragraphs of the first article missing from the copy
    added: tuple[str, ...]  # paragraphs of the copy missing from the first article
    retouched: int  # paragraphs that differ only in quotes, tatweel, vowel marks, digits

    @property
    def same(self) -> bool:
        """The copy has every paragraph of the first article and nothing else."""
        return not self.removed and not self.added


def diff_paragraphs(first: str | None, copy: str | None) -> TextDiff:
    """Compare two bodies by paragraph, ignoring what the search key ignores.

    Aggregators change «» quotes, tatweel and tanween in every paragraph; compared raw,
    every paragraph would differ. Paragraphs are matched on ``normalize_search`` and only
    those with no counterpart are shown, in their own spelling.
    """
    old, new = paragraphs(first), paragraphs(copy)
    old_keys = [normalize_search(p) for p in old]
    new_keys = [normalize_search(p) for p in new]
    removed: list[str] = []
    added: list[str] = []
    retouched = 0
    matcher = difflib.SequenceMatcher(a=old_keys, b=new_keys, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            retouched += sum(
                old[i] != new[j] for i, j in zip(range(i1, i2), range(j1, j2), strict=True)
            )
            continue
        removed += old[i1:i2]
        added += new[j1:j2]
    return TextDiff(tuple(removed), tuple(added), retouched)
