"""Time as the database stores it: UTC ``...Z`` strings, and dates as the page wrote them.

The formatters use ``isoformat``, which pads every field (and is several times faster):
glibc's ``strftime("%Y")`` gives ``1``, not ``0001``, for the year 1, and a feed item dated
0001-01-01 (a .NET default) then made a timestamp that nothing could read back, failing its
whole feed on every run.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

MIN_YEAR = 1990  # no Libyan outlet published online before this; older years are misreads
FUTURE_TOLERANCE_SECS = 600.0  # clocks drift; a date further ahead is a misread
# How much a date says, least first: "hour" is what "منذ ساعتين" (or "10 صباحا") tells
PRECISIONS = ("day", "hour", "minute", "second")
_YEARS_400 = 400  # the Gregorian calendar repeats every 400 years


@dataclass(frozen=True, slots=True)
class When:
    """A date as stored: ``at`` in UTC for ordering, ``local`` as written, and ``precision``.

    ``local`` keeps the offset the page gave (``2026-11-29T00:30:00+02:00``, always with
    seconds), or is a bare ``2026-11-29`` for a day; ``at`` is then that day's local noon,
    an ordering key only. Otherwise ``at`` and ``local`` are the same instant.
    """

    at: str
    local: str
    precision: str


def utc_now() -> datetime:
    """The current time, aware, in UTC."""
    return datetime.now(timezone.utc)


def iso(dt: datetime) -> str:
    """``2026-11-29T08:15:00Z`` for any datetime (naive ones are taken as UTC); never raises."""
    if dt.tzinfo is not None:
        try:
            dt = dt.astimezone(timezone.utc)
        except OverflowError:  # year 1 at +02:00 is year 0 in UTC: shift by 400 years
            shift = _YEARS_400 if dt.year < 5000 else -_YEARS_400
            moved = iso(dt.replace(year=dt.year + shift))
            return f"{int(moved[:4]) - shift:04d}{moved[4:]}"
    # the first 19 characters leave out microseconds and offset (timespec= costs 2x)
    return dt.isoformat()[:19] + "Z"


def iso_local(dt: datetime, precision: str) -> str:
    """``dt`` in its own offset, ``2026-11-29T00:30:00+02:00``; ``2026-11-29`` for a day.

    Seconds are always written, whatever the precision; a naive ``dt`` is taken as UTC.
    """
    if precision == "day":
        return dt.date().isoformat()
    if dt.tzinfo is None or dt.microsecond:
        dt = dt.replace(tzinfo=dt.tzinfo or timezone.utc, microsecond=0)
    return dt.isoformat()


def written(dt: datetime, precision: str) -> When:
    """Store an aware ``dt`` in the offset the page wrote it, saying how precise it was.

    A bare day (local midnight, precision ``day``) gets its local noon as ``at``, so that
    the day survives the conversion to UTC. ``dt`` must lie within MIN_YEAR and the
    future tolerance (see ``date_problem``).
    """
    local = iso_local(dt, precision)
    if precision == "day" and (dt.hour, dt.minute, dt.second) == (0, 0, 0):
        return When(iso(dt + timedelta(hours=12)), local, precision)
    if local.endswith("+00:00"):  # already UTC: sitemaps have 50,000 of these
        return When(local[:19] + "Z", local, precision)
    return When(iso(dt), local, precision)


def date_problem(dt: datetime, now: datetime | None = None) -> str | None:
    """Why an aware ``dt`` cannot date an article (too old, in the future), or None."""
    if dt.year < MIN_YEAR:
        return f"dated {iso_local(dt, 'day')}, before {MIN_YEAR}"
    current = now or utc_now()
    if dt.year > current.year + 1 or (dt - current).total_seconds() > FUTURE_TOLERANCE_SECS:
        return f"dated {iso_local(dt, 'day')}, in the future"
    return None


def parse_iso(text: str) -> datetime:
    """Read back a stored ``...Z`` timestamp (or any ISO-8601 string with an offset).

    Raises ValueError on anything else: callers reading untrusted text must catch it.
    """
    dt = datetime.fromisoformat(text.replace("Z", "+00:00"))
    return dt if dt.tzinfo else dt.replace(tzinfo=timezone.utc)


def later(dt: datetime, secs: float) -> datetime:
    """``dt`` plus ``secs`` seconds."""
    return dt + timedelta(seconds=secs)


_DURATION_UNITS = {"m": 60, "h": 3600, "d": 86400, "w": 7 * 86400}
TRIPOLI = timezone(timedelta(hours=2))  # Libya: UTC+2 all year since 2013
SINCE_FORMS = "a date (2026-11-01, the start of that day in Tripoli), a time (2026-11-01T08:00, 2026-11-01T08:00Z) or a duration back from now (30m, 12h, 7d, 2w)"


def parse_since(text: str, now: datetime | None = None) -> datetime:
    """A ``--since`` value as an aware datetime; raises ValueError naming the forms."""
    value = text.strip()
    unit = _DURATION_UNITS.get(value[-1:].lower())
    if unit is not None and value[:-1].replace(".", "", 1).isdigit():
        return (now or utc_now()) - timedelta(seconds=float(value[:-1]) * unit)
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise ValueError(f"{text!r} is not {SINCE_FORMS}") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=TRIPOLI)
    return moment
