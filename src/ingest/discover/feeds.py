"""RSS and Atom feeds → Candidates, with feedparser.

feedparser is chosen because it already reads every dialect Libyan outlets serve
(WordPress RSS 2.0 with ``content:encoded`` and ``dc:creator``, Drupal RSS, RSS 1.0, Atom),
recovers from the ill-formed XML that small CMSs emit, and gives dates as UTC struct_time.
It is fed the bytes the fetch layer already fetched, never a URL: only ``fetch.py`` talks
to the network, with its politeness and size limits.

Example::

    result = parse_feed(page.content, source="herald", feed_url=page.url)
    for candidate in result.candidates: ...
"""

from __future__ import annotations

import calendar
import re
import time
import warnings
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from typing import Any
from urllib.parse import urljoin, urlsplit

import feedparser

from ingest.discover import collapse_spaces, html_to_text
from ingest.models import Candidate

# A feed is a window on the latest items; thousands of entries mean an archive dump.
MAX_ENTRIES = 5_000
# How far into the body to look for an HTML signature.
SNIFF_BYTES = 2_048

# Yoast and many themes append this line to every RSS description.
_WP_TRAILER = re.compile(r"\s*The post .{1,400}? appeared first on .{1,200}$", re.DOTALL)
_HTML_SIGNATURES = (b"<!doctype html", b"<html", b"<head", b"<body")
_FEED_SIGNATURES = (b"<rss", b"<feed", b"<rdf:rdf", b"<rdf", b"<channel")


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


def format_struct_time(value: time.struct_time | None) -> str | None:
    """Return feedparser's UTC struct_time as ``...Z``, or None when absent or absurd."""
    if not value:
        return None
    try:
        moment = datetime.fromtimestamp(calendar.timegm(value), tz=timezone.utc)
    except (OverflowError, ValueError, OSError, TypeError):
        return None
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_feed(
    content: bytes, *, source: str, feed_url: str, content_type: str | None = None
) -> FeedResult:
    """Parse an RSS 0.9x/1.0/2.0 or Atom document into article candidates; never raises."""
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
    if b"<!entity" in content[: SNIFF_BYTES * 8].lower():
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
    for entry in entries:
        url = entry_link(entry, feed_url)
        if url is None:
            skipped += 1
            continue
        if url in seen:
            continue
        seen.add(url)
        candidate = entry_candidate(entry, url, source=source, feed_url=feed_url)
        if candidate.language is None and feed_language:
            candidate = replace(candidate, language=feed_language)
        candidates.append(candidate)
    if skipped:
        problems.append(f"{skipped} entries without a usable http(s) link were skipped")
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


def entry_candidate(entry: Any, url: str, *, source: str, feed_url: str) -> Candidate:
    """Build a Candidate from one feedparser entry."""
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
    published = format_struct_time(entry.get("published_parsed"))
    # dict.get: feedparser's own get() falls back from updated to published, with a warning.
    modified = format_struct_time(dict.get(entry, "updated_parsed"))
    return Candidate(
        source=source,
        url=url,
        method="feed",
        found_on=feed_url,
        guid=collapse_spaces(entry.get("id")),
        title=title,
        # RSS 1.0 dc:date and Atom entries without <published> only have "updated": the best
        # publication date there is.
        published_at=published or modified,
        modified_at=modified,
        author=collapse_spaces(entry.get("author")),
        summary=summary,
        content_html=content_html,
        language=entry_language(entry),
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
