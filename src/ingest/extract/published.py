"""Publication and modification times: which of the page's dates is the article's.

Candidates, best first: the source's ``date`` rule; JSON-LD, meta and ``<time>``
(``metadata.published_candidates``); on Arabic pages the byline and date areas and an
agency dateline read by ``dates.find_date_in_text``; the URL; on Latin-script pages the
date printed under the headline; last htmldate's day. htmldate (markup first, then the
latest date in the text) handles Latin-script pages better than our byline reading, which
picked archive and sidebar dates on the benchmark; its free-text search hands text to
dateparser's language detection, which took 2-6 s on a first Arabic page, so Arabic pages
get the markup-only search. Each date is stored as ``clock.When``: UTC, as the page wrote
it, and how precise; a bare day keeps its local noon as the UTC value, so that the day
survives the conversion, and nothing else shows that noon. Measured on the benchmark's
development half (docs/benchmarks.md): day right on 0.932 of pages, trafilatura 0.851.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import datetime, time, timedelta, timezone, tzinfo
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from htmldate import find_date

from ingest.clock import When
from ingest.extract import metadata
from ingest.extract.dates import ParsedDate, find_date_ex, parse_date_ex, parse_iso_ex
from ingest.models import Article

ARABIC_LETTER = re.compile(r"[\u0621-\u064a]")

NUMERIC_DATETIME = re.compile(r"\d{1,4}[/.-]\d{1,2}[/.-]\d{2,4}[\sT,]+\d{1,2}:\d{2}")
DATELINE_CHARS = 40  # a date this near the start of the text is its dateline
DATELINE_PARAGRAPHS = 3
# An agency dateline after the first paragraph: a place of at most three words, the date,
# the agency's name in brackets or not, and a dash or colon ("طرابلس 27 نوفمبر 2026 (وال) -").
_DATELINE_PLACE = re.compile(r"[^\W\d_]+(?:[\s-][^\W\d_]+){0,2},?\s")
_DATELINE_END = re.compile(r"\s*(?:\([^()]{1,30}\)\s*)?[-–—:]")
UPDATE_NOTE = re.compile(
    r"updated|mis\s+à\s+jour|aktualisiert|actualizad|aggiornat|تحديث|تعديل", re.IGNORECASE
)
HEADER_DATE_CHARS = 100  # a date further than this after the <h1> belongs to the lede
HEADER_BYLINE_CHARS = 400  # below a standfirst, a byline's own element can still hold it
HEADER_BOX_CHARS = 80  # an element this short around a date is a byline, not running text
MAX_HEADINGS = 10  # <h1> elements compared with the headline
HEADER_TEXT_NODES = 80  # text nodes read after the <h1>, bounding huge headers
URL_DATE = re.compile(r"/(20\d\d|19\d\d)[/-](0?[1-9]|1[0-2])[/-](0?[1-9]|[12]\d|3[01])(?:/|-|$)")
# The metadata's date may trail the address's by days (a draft's slug, a late edit) but
# not by months: then the address keeps the first publication.
URL_DATE_SLACK = timedelta(days=30)
RELATIVE_DAY = re.compile(r"منذ|قبل|أمس|امس|اليوم")
NEAR_HEADLINE_NODES = 300  # text nodes of the article box searched for its date
# the offset after a time: "14:01Z", "14:01:00+00:00", "09:12:44 +0000", "10:30 GMT"
_TIME_OFFSET = re.compile(
    r"(\d:\d\d(?::\d\d)?(?:[.,]\d+)?)\s*(?:z|utc|gmt|[+-]\d\d(?::?\d\d)?)\s*$", re.IGNORECASE
)
_IN_MENU = 'ancestor-or-self::*[self::nav or contains(@class, "menu")]'


def _to_when(
    value: str, tz: str, now: datetime | None, *, wall_clock: bool = False
) -> ParsedDate | None:
    """A machine or human date string, parsed; date-only values at local noon.

    ``wall_clock`` reads a time as local to ``tz`` whatever offset or ``Z`` follows it:
    for sites that write local time labelled UTC (a source's ``rules.timezone``).
    """
    if wall_clock:
        value = _TIME_OFFSET.sub(r"\1", value.strip())
    parsed = parse_iso_ex(value, tz=tz) or parse_date_ex(value, now=now, tz=tz)
    return _noon(parsed) if parsed else None


def put_date(article: Article, name: str, when: When, method: str) -> None:
    """Set ``{name}_at``, ``{name}_local`` and ``{name}_precision``, and how they were found."""
    setattr(article, f"{name}_at", when.at)
    setattr(article, f"{name}_local", when.local)
    setattr(article, f"{name}_precision", when.precision)
    article.methods[f"{name}_at"] = method


@dataclass
class DateClues:
    """What the page offers for its dates, gathered before and after trafilatura.

    ``header`` is the date printed under the headline (``header_date``, Latin-script pages
    only) and ``htmldate`` htmldate's day; both must be read before trafilatura prunes the
    tree. ``lead`` is the body's first paragraph (an agency dateline). ``wall_clock``:
    the page's offsets are wrong (the source's ``rules.timezone``).
    """

    page: metadata.PageMeta
    url: str
    tz: str
    now: datetime | None = None
    lead: list[str] = field(default_factory=list)
    rule_date: str | None = None  # what the source's date rule found
    has_date_rule: bool = False
    header: ParsedDate | None = None
    htmldate: str | None = None
    wall_clock: bool = False
    latin_script: bool = False


def choose_dates(article: Article, clues: DateClues) -> None:
    """Set published_at and modified_at with the method that found each.

    Arabic pages' bylines are read by ``find_date_in_text``; Latin-script ones by the
    header date and htmldate, which read them better (see the module docstring).
    """
    page, url, tz, now = clues.page, clues.url, clues.tz, clues.now
    header, day, wall_clock = clues.header, clues.htmldate, clues.wall_clock
    chosen: tuple[ParsedDate, str] | None = None
    if clues.rule_date:
        parsed = _to_when(clues.rule_date, tz, now, wall_clock=wall_clock)
        if parsed is not None:
            chosen = parsed, "rule"
        else:
            article.problems.append(f"rule date found {clues.rule_date[:80]!r}, not a date")
    weak = {page.meta[k] for k in metadata.WEAK_PUBLISHED_META if page.meta.get(k)}
    for value, method in metadata.published_candidates(page):
        if chosen is not None:
            break
        parsed = _to_when(value, tz, now, wall_clock=wall_clock)
        if parsed is None:
            continue
        # Many CMSs fill the generic "date"/"dc.date" meta with the page's last change
        # (TYPO3 rewrites it on every edit); the date printed under the headline is the
        # one readers see.
        shown = header if method == "meta" and value in weak else None
        if shown is not None and _local_day(shown.when, tz) != _local_day(parsed.when, tz):
            parsed, method = shown, "header"
        chosen = parsed, method
    url_day = _url_day(url, tz, now)
    if (
        url_day is not None
        and chosen is not None
        and chosen[1] != "rule"
        and chosen[0].when - url_day.when > URL_DATE_SLACK
    ):
        # An address dated long before the metadata's date was made when the article was
        # first published; a CMS move or a re-save rewrote the metadata since.
        chosen = url_day, "url"
    if chosen is None:
        # Byline areas and an agency dateline opening the body ("طرابلس 15 فبراير 2018").
        # Arabic text only: htmldate (below) reads Latin-script bylines better; on the
        # benchmark our reading of Latin bylines picked archive and sidebar dates.
        # A numeric date with a time ("29/11/2026 04:33:00") in a date-classed element is
        # as telling as Arabic text; and a dateline's bare day yields to a time found on
        # that same day elsewhere in the byline area.
        best: ParsedDate | None = None
        for text in [*page.byline_texts[:30], *clues.lead[:1]]:
            if not (ARABIC_LETTER.search(text) or NUMERIC_DATETIME.search(text)):
                continue
            found = find_date_ex(text[:300], now=now, tz=tz)
            if found is None:
                continue
            if best is None or (
                _timed(found) and _local_day(found.when, tz) == _local_day(best.when, tz)
            ):
                best = found
            if _timed(best):
                break
        if best is not None:
            chosen = _noon(best), "text"
    if chosen is None and url_day is not None:
        chosen = url_day, "url"
    if chosen is None and header is not None:
        chosen = header, "header"
    if chosen is None:
        dateline = _dateline(clues.lead, tz, now)
        chosen = (dateline, "text") if dateline is not None else None
    if chosen is None and day is not None:
        parsed = _to_when(day, tz, now)
        if (
            clues.latin_script
            and parsed is not None
            and _local_day(parsed.when, tz) in _modified_days(page, tz, now, wall_clock)
        ):
            # With nothing else marked up htmldate falls back to og:updated_time; the
            # byline area's date is then the better guess at first publication.
            parsed = _byline_date(page, tz, now) or parsed
        chosen = (parsed, "text") if parsed is not None else None
    if chosen is not None:
        put_date(article, "published", chosen[0].stored(), chosen[1])
    if clues.has_date_rule and article.methods.get("published_at") != "rule":
        if not clues.rule_date:
            article.problems.append("rule date matched nothing; used generic extraction")
        if "published_at" in article.methods:
            article.methods["published_at"] = f"generic-fallback:{article.methods['published_at']}"
    for value, method in metadata.modified_candidates(page):
        parsed = _to_when(value, tz, now, wall_clock=wall_clock)
        if parsed is not None:
            put_date(article, "modified", parsed.stored(), method)
            break


def _timed(parsed: ParsedDate) -> bool:
    """A date with its time, or a relative one: "منذ 3 ساعات" is as precise as a clock."""
    return parsed.precision != "day" or parsed.relative


def _url_day(url: str, tz: str, now: datetime | None) -> ParsedDate | None:
    """The day a dated address names ("/2017/7/12/slug"), at local noon, or None."""
    m = URL_DATE.search(url)
    if m is None:
        return None
    return _to_when(f"{m.group(1)}-{int(m.group(2)):02d}-{int(m.group(3)):02d}", tz, now)


def _dateline(lead: list[str], tz: str, now: datetime | None) -> ParsedDate | None:
    """The date a dateline opens the text with, in any language, or None.

    "Tripoli, 14 January 2025: ..." opens the first paragraph; "29.11.2022 – ..." and
    "(21. November 2022) ..." may open a paragraph after a kicker, a standfirst or a
    byline line, and so may an agency's "طرابلس 27 نوفمبر 2026 (وال) -" after a note.
    """
    for number, paragraph in enumerate(lead[:DATELINE_PARAGRAPHS]):
        head = paragraph[: DATELINE_CHARS * 3]
        if UPDATE_NOTE.search(head):
            continue  # "Article mis à jour le 7 janvier 2020." dates an edit
        found = find_date_ex(head, now=now, tz=tz, relative=False)
        if found is None:
            continue
        start = head.find(found.matched)
        after = head[start + len(found.matched) :]
        placed = _DATELINE_PLACE.fullmatch(head[:start]) and _DATELINE_END.match(after)
        if 0 <= start <= (DATELINE_CHARS if number == 0 else 1) or placed:
            return _noon(found)
    return None


def _modified_days(
    page: metadata.PageMeta, tz: str, now: datetime | None, wall_clock: bool
) -> set[str]:
    """Local days of the page's machine-readable modification times."""
    values = [value for value, _ in metadata.modified_candidates(page)]
    found = (_to_when(value, tz, now, wall_clock=wall_clock) for value in values)
    return {_local_day(parsed.when, tz) for parsed in found if parsed is not None}


def _byline_date(page: metadata.PageMeta, tz: str, now: datetime | None) -> ParsedDate | None:
    """The first absolute date in the page's byline areas, a bare day at local noon."""
    for text in page.byline_texts[:30]:
        found = find_date_ex(text[:300], now=now, tz=tz, relative=False)
        if found is not None:
            return _noon(found)
    return None


def header_date(
    tree: Any, headline: str | None, tz: str, now: datetime | None
) -> ParsedDate | None:
    """The date printed in the article header, after the headline's ``<h1>``, or None.

    Themes put the byline's date right under the headline: the first date within
    HEADER_DATE_CHARS of it counts. Below a standfirst ("Von X 29.04.2020, 12:01 Uhr",
    "Erschienen am: 13.10.2021") a date still counts up to HEADER_BYLINE_CHARS when it
    sits in a short element of its own; a date inside running text there is the lede's
    ("Laut der am 28.01.2022 ..."), and one in a menu names an event. Dev set: 5 pages
    fixed, none broken (docs/benchmarks.md).
    """
    heading = _headline_h1(tree, headline)
    if heading is None:
        return None
    nodes: list[tuple[int, Any]] = []  # (offset in the header text, text node)
    size = 0
    for node in heading.xpath(f"following::text()[position() <= {HEADER_TEXT_NODES}]"):
        parent = node.getparent()
        if parent is None or parent.tag in ("script", "style", "noscript", "template"):
            continue
        words = " ".join(str(node).split())
        if not words:
            continue
        nodes.append((size, node))
        size += len(words) + 1
        if size > HEADER_BYLINE_CHARS:
            break
    text = " ".join(" ".join(str(node).split()) for _, node in nodes)
    found = find_date_ex(text[: 2 * HEADER_DATE_CHARS], now=now, tz=tz, relative=False)
    if found is not None and text.find(found.matched) <= HEADER_DATE_CHARS:
        return _noon(found)
    for offset, node in nodes:
        if offset <= HEADER_DATE_CHARS or not any(c.isdigit() for c in node):
            continue
        parent = node.getparent()
        box = parent.getparent() if node.is_tail else parent
        if box is None or not metadata.is_short(box, HEADER_BOX_CHARS):
            continue
        if box.xpath(_IN_MENU):
            continue  # a menu entry naming an event ("12M – 12. Mai 2012")
        found = find_date_ex(str(node)[:HEADER_BOX_CHARS], now=now, tz=tz, relative=False)
        if found is not None:
            return _noon(found)
    return None


def near_headline_date(
    tree: Any, headline: str | None, tz: str, now: datetime | None
) -> ParsedDate | None:
    """A date in a short element of the headline's article box, on pages whose markup
    names no date area (utility-class themes: ``<span class="text-xs text-gray-500">أمس
    الساعة 10:30 مساءً</span>`` above the ``<h1>``), or None.

    The box is the ``<article>`` around the headline, or its grandparent; only elements
    of at most HEADER_BOX_CHARS count, so the article's own sentences never do, and
    furniture (menus, related lists, comments) is skipped. The first date in document
    order wins: the header's comes before anything else inside the article.
    """
    heading = _headline_h1(tree, headline)
    if heading is None:
        return None
    ups = list(heading.iterancestors())[:4]
    box = next((up for up in ups if up.tag == "article"), ups[1] if len(ups) > 1 else None)
    if box is None:
        return None
    for node in box.xpath(f".//text()[position() <= {NEAR_HEADLINE_NODES}]"):
        parent = node.getparent()
        element = parent.getparent() if node.is_tail else parent
        if element is None or element.tag in ("script", "style", "noscript", "template"):
            continue
        if not (any(c.isdigit() for c in node) or RELATIVE_DAY.search(node)):
            continue
        if not metadata.is_short(element, HEADER_BOX_CHARS) or metadata.in_furniture(element):
            continue
        found = find_date_ex(metadata.clean_space(str(node))[:HEADER_BOX_CHARS], now=now, tz=tz)
        if found is not None:
            return _noon(found)
    return None


def _headline_h1(tree: Any, headline: str | None) -> Any:
    """The ``<h1>`` holding the headline (blog themes make the site name an h1), or the first."""
    headings = tree.xpath("//h1")[:MAX_HEADINGS]
    wanted = " ".join((headline or "").split())
    for heading in headings:
        text = " ".join(heading.text_content().split())
        if text and wanted and (text in wanted or wanted in text):
            return heading
    return headings[0] if headings else None


def _noon(parsed: ParsedDate) -> ParsedDate:
    """A date written without a time, moved to local noon so its day survives UTC."""
    local = parsed.when.astimezone(timezone(parsed.offset))
    if parsed.precision == "day" and local.time() == time(0):
        return replace(parsed, when=parsed.when + timedelta(hours=12))
    return parsed


def _local_day(dt: datetime, tz: str) -> str:
    """The calendar day of ``dt`` in the zone ``tz``."""
    try:
        zone: tzinfo = ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError):
        zone = timezone(timedelta(hours=2))
    return dt.astimezone(zone).date().isoformat()


def htmldate_day(
    tree: Any, url: str, *, extensive: bool, comments: list[Any] | None = None
) -> str | None:
    """The publication day htmldate finds in markup and text (YYYY-MM-DD), or None.

    The ``comments`` threads (``PageMeta.comment_threads``) are detached meanwhile: their
    dates are marked up like the article's (a comment's ``<abbr class="date">``) and
    htmldate took one for it (dev set: 1 page fixed; 1 other had been right only because
    its first comment came the same day). The caller passes the masthead's clock and
    "today" bars (``PageMeta.today_bars``) with them (dev set: 1 page fixed, none broken). Markup first, asking for the original date. Only
    then its free-text search, asking for the *latest* date: the oldest date in the text is a date the article cites or a
    sidebar's archive entry far more often than the article's own (dev set: 3 pages fixed,
    1 broken). A 1 January from that search is a copyright year or a bare year (21 pages
    annotated as undated got one, no dated page did), so it is dropped. That search hands
    text to dateparser with language detection, which took 2-6 s on the first Arabic page
    (design.md: up to 1.3 s per miss); Arabic pages get the markup search only, and
    dates.py reads their text.
    """
    with _detached(comments or []):
        try:
            day = find_date(tree, url=url, original_date=True, extensive_search=False)
            if day is None and extensive:
                day = find_date(tree, url=url, original_date=False, extensive_search=True)
                if day is not None and day.endswith("-01-01"):
                    # its last resort: a copyright line or a bare year, not a day
                    day = None
        except (ValueError, TypeError, AttributeError):
            return None
    return day


@contextmanager
def _detached(elements: list[Any]) -> Iterator[None]:
    """``elements`` taken out of their tree for the duration, then put back in place."""
    detached: list[tuple[Any, int, Any]] = []
    try:
        for el in elements:
            parent = el.getparent()
            if parent is not None:
                detached.append((parent, parent.index(el), el))
                parent.remove(el)  # its tail text goes with it and comes back with it
        yield
    finally:
        for parent, index, el in reversed(detached):
            parent.insert(index, el)
