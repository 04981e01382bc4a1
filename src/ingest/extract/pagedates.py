"""Dates read off the page itself: under the headline, near it, and htmldate's day.

``header_date`` (Latin-script pages) and ``near_headline_date`` (Arabic pages) read the
date a theme prints by the headline; ``htmldate_day`` asks htmldate (markup first, then the
text) when the page offers nothing better. All three must see the tree before trafilatura
prunes it. Dates inside ``foreignareas.FOREIGN_AREAS`` are someone else's (an embedded
tweet, a list of the writer's other posts): the readers here skip them, and htmldate reads
the page without embeds and lists of other posts, so that an undated page stays undated
rather than borrowing one of their dates.

Where date time goes: htmldate, and within it dateparser. Over the 568 dev-set and
hand-written pages (process time, one run on a loaded machine) htmldate took 9.2 s in 203
calls when it ran on every page without machine-readable date, and 6.8 s in 116 calls
since it runs only when nothing ranked above it in ``choose_dates`` gave a date
(``published.needs_htmldate``); one extensive search on a Spanish page alone took 2.9 s,
dateparser loading that language. Everything else of ours on dates (the header and
near-headline readers, the foreign areas, the choice, our text parser) took 1.6 s for 212
pages under cProfile, htmldate 18.7 s there; dateparser as our parser's fallback ran on
2 strings.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from datetime import datetime
from itertools import islice
from typing import Any

from htmldate import find_date

from ingest.extract import metadata
from ingest.extract.datepatterns import MONTHS, alternation
from ingest.extract.dates import find_date_ex
from ingest.extract.datewords import normalize_date_text
from ingest.extract.foreignareas import hidden_areas, in_foreign_area
from ingest.extract.htmltree import ancestors, detached
from ingest.extract.isodates import ParsedDate, noon
from ingest.extract.pageindex import PageIndex, document_iter

HEADER_DATE_CHARS = 100  # a date further than this after the <h1> belongs to the lede
HEADER_BYLINE_CHARS = 400  # below a standfirst, a byline's own element can still hold it
HEADER_BOX_CHARS = 80  # an element this short around a date is a byline, not running text
MAX_HEADINGS = 10  # <h1> elements compared with the headline
HEADER_TEXT_NODES = 80  # text nodes read after the <h1>, bounding huge headers
RELATIVE_DAY = re.compile(r"منذ|قبل|أمس|امس|اليوم")
NEAR_HEADLINE_NODES = 300  # text nodes of the article box searched for its date
_IN_MENU = 'ancestor-or-self::*[self::nav or contains(@class, "menu")]'
MAX_TEXT_NODES = 5_000  # text nodes searched for a day htmldate completed
HTMLDATE_ERRORS = (ValueError, TypeError, AttributeError)  # what htmldate raises on junk


def header_date(
    tree: Any,
    headline: str | None,
    tz: str,
    now: datetime | None,
    index: PageIndex | None = None,
) -> ParsedDate | None:
    """The date printed in the article header, after the headline's ``<h1>``, or None.

    Themes put the byline's date right under the headline: the first date within
    HEADER_DATE_CHARS of it counts. Below a standfirst ("Von X 29.04.2020, 12:01 Uhr",
    "Erschienen am: 13.10.2021") a date still counts up to HEADER_BYLINE_CHARS when it
    sits in a short element of its own; a date inside running text there is the lede's
    ("Laut der am 28.01.2022 ..."), and one in a menu names an event. Dev set: 5 pages
    fixed, none broken (docs/benchmarks.md). ``index``: the page's (``PageMeta.index``),
    for the class words of the elements it judges, when the caller has it.
    """
    known = index.words if index is not None else None
    heading = _headline_h1(tree, headline)
    if heading is None:
        return None
    nodes: list[tuple[int, Any]] = []  # (offset in the header text, text node)
    seen: dict[Any, bool] = {}
    size = 0
    for node in heading.xpath(f"following::text()[position() <= {HEADER_TEXT_NODES}]"):
        parent = node.getparent()
        if parent is None or parent.tag in ("script", "style", "noscript", "template"):
            continue
        if in_foreign_area(parent, seen, known):
            continue  # an embedded post's date link, a related list under the headline
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
        return noon(found)
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
            return noon(found)
    return None


def near_headline_date(
    tree: Any,
    headline: str | None,
    tz: str,
    now: datetime | None,
    index: PageIndex | None = None,
) -> ParsedDate | None:
    """A date in a short element of the headline's article box, on pages whose markup
    names no date area (utility-class themes: ``<span class="text-xs text-gray-500">أمس
    الساعة 10:30 مساءً</span>`` above the ``<h1>``), or None.

    The box is the ``<article>`` around the headline, or its grandparent; only elements
    of at most HEADER_BOX_CHARS count, so the article's own sentences never do, and
    furniture (menus, related lists, comments) is skipped. The first date in document
    order wins: the header's comes before anything else inside the article. ``index``:
    as for ``header_date``.
    """
    known = index.words if index is not None else None
    heading = _headline_h1(tree, headline)
    if heading is None:
        return None
    ups = ancestors(heading, 4)
    box = next((up for up in ups if up.tag == "article"), ups[1] if len(ups) > 1 else None)
    if box is None:
        return None
    seen: dict[Any, bool] = {}
    for node in box.xpath(f".//text()[position() <= {NEAR_HEADLINE_NODES}]"):
        parent = node.getparent()
        element = parent.getparent() if node.is_tail else parent
        if element is None or element.tag in ("script", "style", "noscript", "template"):
            continue
        if not (any(c.isdigit() for c in node) or RELATIVE_DAY.search(node)):
            continue
        if not metadata.is_short(element, HEADER_BOX_CHARS) or metadata.in_furniture(
            element, known
        ):
            continue
        if in_foreign_area(element, seen, known):
            continue  # an embedded tweet's "June 5, 2020" link
        found = find_date_ex(metadata.clean_space(str(node))[:HEADER_BOX_CHARS], now=now, tz=tz)
        if found is not None:
            return noon(found)
    return None


def _headline_h1(tree: Any, headline: str | None) -> Any:
    """The ``<h1>`` holding the headline (blog themes make the site name an h1), or the first."""
    headings = list(islice(document_iter(tree, "h1"), MAX_HEADINGS))  # //h1
    wanted = " ".join((headline or "").split())
    for heading in headings:
        text = " ".join(heading.text_content().split())
        if text and wanted and (text in wanted or wanted in text):
            return heading
    return headings[0] if headings else None


def htmldate_day(
    tree: Any, url: str, *, extensive: bool, comments: list[Any] | None = None
) -> str | None:
    """The publication day htmldate finds in markup and text (YYYY-MM-DD), or None.

    The ``comments`` threads (``PageMeta.comment_threads``) are detached meanwhile: their
    dates are marked up like the article's (a comment's ``<abbr class="date">``) and
    htmldate took one for it (dev set: 1 page fixed; 1 other had been right only because
    its first comment came the same day). The caller passes the masthead's clock and
    "today" bars (``PageMeta.today_bars``) with them (dev set: 1 page fixed, none broken);
    embedded posts and lists of other posts (``hidden_areas``) go too. Markup first,
    asking for the original date. Only then its free-text search, asking for the *latest*
    date: the oldest date in the text is a date the article cites or a sidebar's archive
    entry far more often than the article's own (dev set: 3 pages fixed, 1 broken). A 1st
    of the month from that search is a copyright year, a bare year or a month and year
    ("im September 2010") unless the page writes that day out: dev set, 7 undated pages
    kept undated and 1 dated page's "01.02.2022" kept (1 January alone had given 21 pages
    annotated as undated a date). That search hands text to dateparser with language
    detection, which took 2-6 s on the first Arabic page (design.md: up to 1.3 s per
    miss); Arabic pages get the markup search only, and dates.py reads their text.
    """
    return _htmldate(tree, url, extensive=extensive, comments=comments, later=False)()


def htmldate_later(
    tree: Any, url: str, *, extensive: bool, comments: list[Any] | None = None
) -> Callable[[], str | None]:
    """``htmldate_day``, its text search done when called.

    The markup search is done now. htmldate's day counts only where no dateline opens
    the text (``published.choose_dates``), which is known once the main text is read, and
    the main text prunes the tree: the text search, which costs most (dateparser), gets a
    copy of the page as it is now. A page that libxml2 left with a second ``<html>``
    (which a copy drops) is searched now. On the 578 pages of bench/extraction.py, 117
    asked htmldate and 5 of them were dated by their dateline; one of those had spent
    1.2 s in the text search (32 dateparser calls on a list of a magazine's issues). The
    copies took 29 ms in all (56 dev pages; 0.38 ms at the median, the search 17 ms).
    """
    return _htmldate(tree, url, extensive=extensive, comments=comments, later=True)


def _htmldate(
    tree: Any, url: str, *, extensive: bool, comments: list[Any] | None, later: bool
) -> Callable[[], str | None]:
    """htmldate's markup search now; its text search now, or later on a copy."""
    hidden = [*(comments or []), *hidden_areas(tree, url)]
    try:
        with detached(hidden):
            day = find_date(tree, url=url, original_date=True, extensive_search=False)
    except HTMLDATE_ERRORS:
        return lambda: None
    if day is not None or not extensive:
        return lambda: day
    root = tree.getroottree().getroot()
    if not later or next(root.itersiblings("*"), None) is not None:
        day = _text_day(tree, url, hidden)
        return lambda: day
    twin = copy.deepcopy(root).getroottree()
    path = root.getroottree().getpath
    tree_twin, *hidden_twins = (twin.xpath(path(el))[0] for el in [tree, *hidden])
    return lambda: _text_day(tree_twin, url, hidden_twins)


def _text_day(tree: Any, url: str, hidden: list[Any]) -> str | None:
    """htmldate's free-text search for the latest date (``htmldate_day``), or None."""
    try:
        with detached(hidden):
            day = find_date(tree, url=url, original_date=False, extensive_search=True)
            if day is not None and day.endswith("-01") and not _first_written(tree, day):
                # its last resort: a copyright line, a bare year or a month and year
                # ("im September 2010") completed to the 1st, not a day
                return None
    except HTMLDATE_ERRORS:
        return None
    return day


def _first_written(tree: Any, day: str) -> bool:
    """True when the page writes the 1st of ``day``'s month as a day ("01.02.2022",
    "1. Februar 2022", "February 1, 2022"), not only the month and year."""
    year, month = day[:4], int(day[5:7])
    names = alternation(name for name, number in MONTHS.items() if number == month)
    written = re.compile(
        rf"(?<![0-9])0?1[./-]\s*0?{month}[./-]\s*{year}(?![0-9])|{year}[./-]0?{month}[./-]0?1(?![0-9])"
        rf"|(?<![0-9])0?1(?:st|er)?\.?\s+(?:{names})\.?,?\s+{year}|(?:{names})\.?\s+0?1(?:st)?,?\s+{year}",
        re.IGNORECASE,
    )
    text = normalize_date_text(" ".join(tree.xpath("//body//text()")[:MAX_TEXT_NODES]))
    return bool(written.search(text))
