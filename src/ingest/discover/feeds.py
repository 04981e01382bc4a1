"""RSS and Atom feeds → Candidates, with feedparser.

feedparser is chosen because it already reads every dialect Libyan outlets serve
(WordPress RSS 2.0 with ``content:encoded`` and ``dc:creator``, Drupal RSS, RSS 1.0, Atom),
recovers from the ill-formed XML that small CMSs emit, and gives dates as UTC struct_time
(the offset the feed wrote is read back from the raw string, to keep the date as written).
It is fed the bytes the fetch layer already fetched, never a URL: only ``fetch.py`` talks
to the network, with its politeness and size limits.

Example::

    result = parse_feed(page.content, source="herald", feed_url=page.url)
    for candidate in result.candidates: ...
"""

from __future__ import annotations

import email.utils
import re
import time
import warnings
from dataclasses import dataclass, replace
from datetime import datetime, timedelta, timezone, tzinfo
from typing import Any
from urllib.parse import urljoin, urlsplit

import feedparser

from ingest.clock import When, utc_now
from ingest.discover import (
    NAIVE_TIMEZONE,
    checked_date,
    collapse_spaces,
    date_fields,
    dates_problem,
    html_to_text,
    written_precision,
)
from ingest.models import Candidate

# A feed is a window on the latest items; thousands of entries mean an archive dump.
MAX_ENTRIES = 5_000
# How far into the body to look for an HTML signature.
SNIFF_BYTES = 2_048
# "<!ENTITY" anywhere in the document, in any letter case, with blanks after "<!", and in
# UTF-16 too (its ASCII characters are the same bytes with NULs between them).
_ENTITY_DECLARATION = re.compile(rb"<!\s*entity", re.IGNORECASE)

# Yoast and many themes append this line to every RSS description.
_WP_TRAILER = re.compile(r"\s*The post .{1,400}? appeared first on .{1,200}$", re.DOTALL)
_HTML_SIGNATURES = (b"<!doctype html", b"<html", b"<head", b"<body")
_FEED_SIGNATURES = (b"<rss", b"<feed", b"<rdf:rdf", b"<rdf", b"<channel")
# What follows a feed date's time: an offset, a zone name, or nothing (a naive local time)
_WRITTEN_ZONE = re.compile(
    r"\d:\d\d(?::\d\d)?(?:[.,]\d+)?\s*(?:(?P<utc>z|ut|utc|gmt)|(?P<sign>[+-])(?P<hh>\d\d):?"
    r"(?P<mm>\d\d)?|(?P<name>[a-z]+))?\s*$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class FeedResult:
    """What a feed holds: its title, its article candidates, and what was wrong with it."""

    title: str | None
    candidates: list[Candidate]
    problems: list[str]
    is_feed: bool


def looks_like_html(content: bytes, content_type: str | None = None) -> bool:
    """Check if the body is an HTML page rather than XML (a homepage served for /feed)."""
    head = content[:SNIFF_BYTES].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if any(signature in head for signature in _FEED_SIGNATURES):
        return False
    if content_type and "html" in content_type.lower() and "xhtml" not in content_type.lower():
        return True
    return any(signature in head for signature in _HTML_SIGNATURES)


def entry_date(
    raw: object,
    parsed: time.struct_time | None,
    *,
    now: datetime,
    reasons: list[str],
    naive_tz: tzinfo = NAIVE_TIMEZONE,
) -> When | None:
    """A date as the feed wrote it, from feedparser's UTC reading of ``raw``; never raises.

    ``Sun, 29 Nov 2026 00:30:00 +0200`` keeps ``+02:00``; a time without a zone is local
    to ``naive_tz`` (feedparser reads it as UTC, or drops it in RFC 822); a zone name
    other than UTC's is shown in UTC. An unusable date adds its reason to ``reasons``.
    """
    text = raw.strip() if isinstance(raw, str) else ""
    if not text and not parsed:
        return None
    try:
        moment = _feed_moment(text, parsed, naive_tz)
    except (ValueError, OverflowError, TypeError, IndexError):
        moment = None
    if moment is None:
        reasons.append(f"unreadable date {text[:40]!r}")
        return None
    precision = written_precision(text) if text else "second"
    return checked_date(moment, precision, now, reasons)


def _feed_moment(text: str, parsed: time.struct_time | None, naive_tz: tzinfo) -> datetime | None:
    """The aware moment of a feed date, in the offset it was written in (may raise)."""
    found = _WRITTEN_ZONE.search(text)
    zone = found and (found["utc"] or found["sign"] or found["name"])
    # "... 00:30:00" or "2026-11-29": wall-clock fields, which feedparser took for UTC
    naive = bool(text) and not zone and (found is not None or written_precision(text) == "day")
    if parsed is None:  # feedparser drops an RFC 822 date without a zone
        fields = email.utils.parsedate_tz(text) if naive else None
        return datetime(*fields[:6], tzinfo=naive_tz) if fields else None
    wall = datetime(*parsed[:6])
    if naive:
        return wall.replace(tzinfo=naive_tz)
    moment = wall.replace(tzinfo=timezone.utc)
    if found is None or found["sign"] is None or not 1 < moment.year < 9999:
        return moment  # UTC, a zone name feedparser knew, or a year no offset can move
    offset = timedelta(hours=int(found["hh"]), minutes=int(found["mm"] or 0))
    return moment.astimezone(timezone(-offset if found["sign"] == "-" else offset))


def declares_entities(content: bytes) -> bool:
    """True when the document declares XML entities anywhere (a padded or UTF-16 feed
    hides them from a look at its first bytes)."""
    if _ENTITY_DECLARATION.search(content):
        return True
    return b"\x00" in content[:SNIFF_BYTES] and bool(
        _ENTITY_DECLARATION.search(content.replace(b"\x00", b""))
    )


def parse_feed(
    content: bytes,
    *,
    source: str,
    feed_url: str,
    content_type: str | None = None,
    now: datetime | None = None,
    naive_tz: tzinfo = NAIVE_TIMEZONE,
) -> FeedResult:
    """Parse an RSS 0.9x/1.0/2.0 or Atom document into article candidates; never raises.

    ``now`` (default: the clock) bounds item dates: a later one is a misread, as is any
    before ``clock.MIN_YEAR``; such items are kept without a date, the reasons counted.
    """
    problems: list[str] = []
    if not content.strip():
        return FeedResult(None, [], ["the feed URL returned an empty body"], is_feed=False)
    if looks_like_html(content, content_type):
        return FeedResult(
            None,
            [],
            [
                "this URL returns an HTML page, not a feed: look for "
                "<link rel=alternate type=application/rss+xml> on it"
            ],
            is_feed=False,
        )
    if declares_entities(content):
        # No real feed declares entities; "billion laughs" files do, and feedparser's
        # fallback parser then spends seconds on them.
        problem = "the feed declares XML entities (<!ENTITY>): not read, for safety"
        return FeedResult(None, [], [problem], is_feed=False)
    # Without a content type feedparser flags every feed as suspect; the fetch layer may not
    # pass one on, and the body was already sniffed as XML above.
    headers = {"content-location": feed_url, "content-type": content_type or "application/xml"}
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            parsed = feedparser.parse(content, response_headers=headers)
    except Exception as exc:  # feedparser's loose parser has crashed on odd input before
        return FeedResult(None, [], [f"the feed could not be parsed: {exc!r}"], is_feed=False)

    entries: list[Any] = list(parsed.get("entries") or [])
    version = parsed.get("version") or ""
    if not version and not entries:
        return FeedResult(
            None, [], ["not a feed: no RSS or Atom root element was found"], is_feed=False
        )
    if parsed.get("bozo"):
        reason = parsed.get("bozo_exception")
        # Feeds served as text/html or with a wrong charset header parse fine: not worth a word.
        harmless = (feedparser.CharacterEncodingOverride, feedparser.NonXMLContentType)
        if entries and not isinstance(reason, harmless):
            problems.append(f"the feed is not well-formed ({reason}); its entries were used anyway")
    if len(entries) > MAX_ENTRIES:
        problems.append(f"the feed has {len(entries)} entries; only the first {MAX_ENTRIES} read")
        entries = entries[:MAX_ENTRIES]

    feed_info = parsed.get("feed") or {}
    title = collapse_spaces(feed_info.get("title"))
    feed_language = normalise_language(feed_info.get("language"))
    candidates: list[Candidate] = []
    seen: set[str] = set()
    skipped = 0
    bad_dates: list[str] = []
    current = now or utc_now()
    for entry in entries:
        url = entry_link(entry, feed_url)
        if url is None:
            skipped += 1
            continue
        if url in seen:
            continue
        seen.add(url)
        candidate = entry_candidate(
            entry,
            url,
            source=source,
            feed_url=feed_url,
            now=current,
            reasons=bad_dates,
            naive_tz=naive_tz,
        )
        if candidate.language is None and feed_language:
            candidate = replace(candidate, language=feed_language)
        candidates.append(candidate)
    if skipped:
        problems.append(f"{skipped} entries without a usable http(s) link were skipped")
    problems.extend(dates_problem(bad_dates, "entries"))
    return FeedResult(title, candidates, problems, is_feed=True)


def entry_link(entry: Any, feed_url: str) -> str | None:
    """Return the entry's article URL made absolute, or None when it has none usable."""
    link = entry.get("link")
    if not link:
        # Atom entries may carry only rel=alternate links, or an id that is the URL.
        for item in entry.get("links") or []:
            if item.get("rel", "alternate") == "alternate" and item.get("href"):
                link = item["href"]
                break
    if not link:
        guid = entry.get("id") or ""
        if entry.get("guidislink") or guid.startswith(("http://", "https://")):
            link = guid
    if not link or not isinstance(link, str):
        return None
    try:
        url = urljoin(feed_url, link.strip())
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    return parts._replace(fragment="").geturl()


def entry_candidate(
    entry: Any,
    url: str,
    *,
    source: str,
    feed_url: str,
    now: datetime | None = None,
    reasons: list[str] | None = None,
    naive_tz: tzinfo = NAIVE_TIMEZONE,
) -> Candidate:
    """Build a Candidate from one feedparser entry; unusable dates' reasons go to ``reasons``."""
    title_detail = entry.get("title_detail") or {}
    raw_title = entry.get("title")
    if title_detail.get("type", "text/plain") in ("text/html", "application/xhtml+xml"):
        title = html_to_text(raw_title)
    else:
        title = collapse_spaces(raw_title)
    content_html = None
    for block in entry.get("content") or []:
        if block.get("value"):
            content_html = block["value"]
            break
    raw_summary = entry.get("summary")
    # feedparser copies content into summary when an item has no description.
    summary = html_to_text(raw_summary) if raw_summary != content_html else None
    if summary:
        summary = _WP_TRAILER.sub("", summary).strip() or None
    current, reasons = now or utc_now(), [] if reasons is None else reasons
    published = entry_date(
        entry.get("published"),
        entry.get("published_parsed"),
        now=current,
        reasons=reasons,
        naive_tz=naive_tz,
    )
    # dict.get: feedparser's own get() falls back from updated to published, with a warning.
    modified = entry_date(
        dict.get(entry, "updated"),
        dict.get(entry, "updated_parsed"),
        now=current,
        reasons=reasons,
        naive_tz=naive_tz,
    )
    return Candidate(
        source=source,
        url=url,
        method="feed",
        found_on=feed_url,
        guid=collapse_spaces(entry.get("id")),
        title=title,
        author=collapse_spaces(entry.get("author")),
        summary=summary,
        content_html=content_html,
        language=entry_language(entry),
        # RSS 1.0 dc:date and Atom entries without <published> only have "updated": the best
        # publication date there is.
        **date_fields("published", published or modified),
        **date_fields("modified", modified),
    )


def entry_language(entry: Any) -> str | None:
    """Return the language an entry declares (xml:lang on its title or content), if any."""
    for detail in (entry.get("title_detail"), entry.get("summary_detail")):
        if detail and detail.get("language"):
            return normalise_language(detail["language"])
    return None


def normalise_language(value: object) -> str | None:
    """Return the primary subtag of a language tag, lower case (``ar-LY`` → ``ar``)."""
    if not isinstance(value, str):
        return None
    primary = value.strip().replace("_", "-").split("-")[0].lower()
    return primary if primary.isascii() and primary.isalpha() and len(primary) <= 8 else None
