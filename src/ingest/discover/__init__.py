"""Discovery: turn a feed, sitemap, listing page or WordPress API answer into Candidates.

Every function here is a pure parser over bytes or text that the fetch layer already
fetched: no module in this package touches the network (``autodiscover.probe_site`` is
handed the fetch coroutine). None raises on bad input; each returns its candidates with
``problems``, human-readable messages saying what was wrong and what was done about it.

This module holds the few helpers the parsers share (HTML to text, dates). A date is kept
as the feed wrote it (``clock.When``); one that cannot be an article's (the .NET default
0001-01-01, a year 9999, garbage) leaves its item undated, with the reason counted.
"""

from __future__ import annotations

import re
import warnings
from datetime import datetime, timezone, tzinfo
from typing import Any
from zoneinfo import ZoneInfo

from bs4 import BeautifulSoup, MarkupResemblesLocatorWarning, XMLParsedAsHTMLWarning

from ingest.clock import When, date_problem, written

# A naive local time from a Libyan site is Tripoli time (design.md, "Data contracts").
NAIVE_TIMEZONE: tzinfo = ZoneInfo("Africa/Tripoli")

_SPACES = re.compile(r"\s+")
_CLOCK = re.compile(r"\d:\d\d(:\d\d)?|(T\d\d)(?![\d:])")  # "T10+02:00": an hour alone


def html_to_text(markup: str | None) -> str | None:
    """Return the visible text of an HTML fragment, whitespace collapsed; None if empty."""
    if not markup:
        return None
    if "<" in markup or "&" in markup:
        with warnings.catch_warnings():
            # A summary that happens to look like a URL or XML is still just text here.
            warnings.simplefilter("ignore", MarkupResemblesLocatorWarning)
            warnings.simplefilter("ignore", XMLParsedAsHTMLWarning)
            markup = BeautifulSoup(markup, "html.parser").get_text(" ")
    text = _SPACES.sub(" ", markup).strip()
    return text or None


def collapse_spaces(text: str | None) -> str | None:
    """Return text with runs of whitespace made one space; None if nothing is left."""
    if not text:
        return None
    return _SPACES.sub(" ", text).strip() or None


def written_precision(text: str) -> str:
    """How precise a written date is: ``second``, ``minute``, ``hour`` or ``day``."""
    found = _CLOCK.search(text)
    if found is None:
        return "day"
    return "hour" if found[2] else "second" if found[1] else "minute"


def checked_date(
    moment: datetime | None, precision: str, now: datetime, reasons: list[str]
) -> When | None:
    """An aware ``moment`` as stored, or None, adding why it cannot date an article."""
    if moment is None:
        return None
    problem = date_problem(moment, now)
    if problem is not None:
        reasons.append(problem)
        return None
    return written(moment, precision)


def date_fields(name: str, when: When | None) -> dict[str, Any]:
    """A Candidate's ``{name}_at``, ``_local`` and ``_precision`` arguments."""
    if when is None:
        return {}
    return {f"{name}_at": when.at, f"{name}_local": when.local, f"{name}_precision": when.precision}


def dates_problem(reasons: list[str], items: str) -> list[str]:
    """The one problem line for a document's unusable dates, or none."""
    if not reasons:
        return []
    return [f"unusable dates dropped, their {items} kept: {len(reasons)} (first: {reasons[0]})"]


def parse_w3c_datetime(value: str | None, *, naive_tz: tzinfo = NAIVE_TIMEZONE) -> datetime | None:
    """Parse a W3C/ISO-8601 date or datetime (sitemap ``lastmod``) to an aware datetime."""
    if not value:
        return None
    value = value.strip()
    if value.endswith(("Z", "z")):
        value = value[:-1] + "+00:00"
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        # Python 3.10's fromisoformat rejects fractional seconds of odd lengths and "+0000".
        match = re.fullmatch(
            r"(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2})?)(?:\.\d+)?([+-]\d{2}:?\d{2})?", value
        )
        if not match:
            return None
        date_part, time_part, offset = match.groups()
        if len(time_part) == 5:
            time_part += ":00"
        if offset and ":" not in offset:
            offset = offset[:3] + ":" + offset[3:]
        try:
            moment = datetime.fromisoformat(f"{date_part}T{time_part}{offset or ''}")
        except ValueError:
            return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=naive_tz)
    return moment


def as_aware(moment: datetime | None) -> datetime | None:
    """Return ``moment`` with UTC attached when it is naive (the caller's ``since``)."""
    if moment is not None and moment.tzinfo is None:
        return moment.replace(tzinfo=timezone.utc)
    return moment
