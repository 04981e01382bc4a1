"""Machine-written dates (ISO-8601, RFC-822, epoch seconds) and what every parsed date holds.

Meta tags, JSON-LD, ``<time datetime>`` and feeds write dates for machines; reading them
needs no language, so it is kept apart from ``dates.py``'s reading of what people write.
Naive times are local to the source's time zone (Africa/Tripoli, UTC+2, no DST since 2013).
``ParsedDate`` says how much a text told (``precision``: day, hour, minute, second) and in
which UTC offset it was written, so that it can be stored as the page gave it.
"""

from __future__ import annotations

import email.utils
import re
from dataclasses import dataclass, replace
from datetime import datetime, time, timedelta, timezone, tzinfo
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ingest.clock import MIN_YEAR, When, iso_local, written
from ingest.extract.datewords import normalize_date_text

MAX_MACHINE_CHARS = 64  # a machine date is never longer
TRIPOLI_OFFSET = timezone(timedelta(hours=2), "EET")  # Libya: UTC+2 all year since late 2013
_ISO = re.compile(
    r"(?P<y>[0-9]{4})-(?P<a>[0-9]{2})-(?P<b>[0-9]{2})"
    r"(?:[t ](?P<H>[0-9]{2}):(?P<M>[0-9]{2})(?::(?P<S>[0-9]{2})(?P<frac>[.,][0-9]+)?)?)?"
    r"\s*(?P<tz>z|utc|gmt|[+-][0-9]{2}(?::?[0-9]{2})?)?",
    re.IGNORECASE,
)
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


def parsed_at(
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


def precision_of(seconds: str | None, minutes: str | None, hours: str | None) -> str:
    """How precise a written time is, from which of its fields were matched."""
    return "second" if seconds else "minute" if minutes else "hour" if hours else "day"


def offset_zone(tz_text: str | None, zone: tzinfo) -> tzinfo:
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
    return parse_machine(text, get_timezone(tz))


def parse_machine(text: object, zone: tzinfo, norm: str | None = None) -> ParsedDate | None:
    """ISO-8601 / RFC-822 / epoch seconds, or None; ``norm`` is the text already normalised."""
    if not isinstance(text, str):
        return None
    raw = text.strip()
    if not raw or len(raw) > MAX_MACHINE_CHARS:
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
            return parsed_at(when, "second", matched=raw) if when.year >= MIN_YEAR else None
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
    local = datetime(year, month, day, hh, mm, ss, micro, tzinfo=offset_zone(match["tz"], zone))
    return parsed_at(local, precision_of(match["S"], match["M"], match["H"]), matched=raw)


def _from_rfc822(norm: str, zone: tzinfo | None, raw: str) -> ParsedDate | None:
    """RFC-822/2822 feed dates (``Tue, 16 Jun 2026 09:12:44 +0000``); ``zone`` if none given."""
    fields = email.utils.parsedate_tz(norm)
    if fields is None or fields[0] < MIN_YEAR:
        return None
    # parsedate_tz reports a missing zone as +0000; the caller knows whether one was written
    tzone = zone or timezone(timedelta(seconds=fields[9] or 0))
    precision = "second" if norm.count(":") > 1 else "minute"
    return parsed_at(datetime(*fields[:6], tzinfo=tzone), precision, matched=raw)


def utc_now(now: datetime | None) -> datetime:
    """``now`` as aware UTC (naive is taken as UTC); the current time if None."""
    if now is None:
        return datetime.now(timezone.utc)
    if now.tzinfo is None:
        return now.replace(tzinfo=timezone.utc)
    return now.astimezone(timezone.utc)


def plausible(parsed: ParsedDate, now: datetime, future_tolerance_secs: float) -> bool:
    """Reject misreads: years before MIN_YEAR or after next year, and future dates."""
    if parsed.when.year < MIN_YEAR or parsed.when.year > now.year + 1:
        return False
    return (parsed.when - now).total_seconds() <= future_tolerance_secs


def noon(parsed: ParsedDate) -> ParsedDate:
    """A date written without a time, moved to local noon so its day survives UTC."""
    local = parsed.when.astimezone(timezone(parsed.offset))
    if parsed.precision == "day" and local.time() == time(0):
        return replace(parsed, when=parsed.when + timedelta(hours=12))
    return parsed
