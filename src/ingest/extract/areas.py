"""Byline and date areas of the page, and the furniture where dates are not the article's.

``read_byline_texts`` collects the short texts of elements whose class or id names a date
or meta block (``BYLINE_CLASS``), for the date and author readers; ``today_bars`` finds the
masthead's "today" date and clocks (``TODAY_CLASS``) that date the visit, not the article;
``comment_threads`` the comment lists whose dates are someone else's.
"""

from __future__ import annotations

import re
from typing import Any

from ingest.extract.htmltree import (
    Matches,
    class_words,
    clean_space,
    in_furniture,
    is_short,
    lineage,
    short_visible_text,
)
from ingest.extract.needles import values_found
from ingest.extract.pageindex import PageIndex, classed_words, index_page

COMMENT_WORD = re.compile(r"comment(?!ary)")  # a comment thread's class or id, not "commentary"
COMMENTS = Matches(COMMENT_WORD)  # COMMENT_WORD.search, remembered per class string
# The current date that news themes print in their header bar (Jannah "topbar-today-date",
# tagDiv "td-header-date", JNews "jeg_top_date"), and clocks and tickers.
TODAY_CLASS = re.compile(
    r"today|top[-_]?(?:bar|line|header|strip|date)|header-date|current-?date|date-?now|clock|"
    r"(?:^|\s)(?:uhr|horloge|reloj|orologio)(?:\s|$)|"
    # a breaking-news bar, not a breaking story's own "breaking-time"
    r"ticker|breaking[-_]?(?:news|bar|line|slider|ticker|track)"
)
MAX_BYLINE_CHARS = 160
MIN_TWO_DATES_DIGITS = 12  # a date area with fewer digits cannot hold a stamp and a date
MAX_TODAY_BAR_CHARS = 200
# A tooltip holding a full timestamp: a year and a clock time, in any digits.
TITLE_STAMP = re.compile(r"\d{4}\D.*\d:\d\d|\d:\d\d.*\D\d{4}(?!\d)")
MAX_STAMP_CHARS = 60
_MARKS = re.compile("[\u200e\u200f\u061c]")  # direction marks of a browser's Arabic locale
MAX_BYLINE_TEXTS = 60
# Class/id words that mark byline and date areas in themes (WordPress, Drupal, custom CMSs).
BYLINE_CLASS = re.compile(r"date|time|meta|byline|post-info|posted|publish|info")
BYLINE_AREA = Matches(BYLINE_CLASS)  # BYLINE_CLASS.search, remembered per class string
_TODAY = Matches(TODAY_CLASS)

# An element's text without scripts, styles and modification stamps ("updated",
# "modified" classes that do not also say "published").
_HOLDS_UPDATED = (
    'boolean(.//*[contains(@class, "updated") or contains(@class, "modified")]'
    '[not(contains(@class, "publish"))])'
)
_NOT_UPDATED_TEXT = (
    ".//text()[not(ancestor::style or ancestor::script)][not(ancestor::*"
    '[contains(@class, "updated") or contains(@class, "modified")]'
    '[not(contains(@class, "publish"))])]'
)


def read_byline_texts(tree: Any, index: PageIndex | None = None) -> list[str]:
    """Texts of byline and date areas: class/id naming a date or meta block, short text.

    Class names are compared in lower case (K2's "itemDateCreated", "postDate"); words
    are joined with spaces ("سالم الورفلي" and "منذ 3 ساعات" in sibling spans stay
    apart). Areas in page furniture are skipped: the header's "today" date of news
    themes, menus, sidebars, related-article and comment dates.
    """
    # "قبل 4 ساعات" shown, the exact time in a tooltip: title="2026-11-29 08:05",
    # "٢٩/١١/٢٠٢٦، ٦:١٢:٣٠ ص" (a browser's Arabic locale): more precise, so first.
    index = index or index_page(tree)
    words = index.words
    found: list[str] = []
    for el in index.tooltips:
        stamp = _MARKS.sub("", el.get("title", "")).strip()
        if (
            len(stamp) <= MAX_STAMP_CHARS
            and TITLE_STAMP.search(stamp)
            and _in_byline_area(el, words)
        ):
            found.append(stamp)
    # Avada's hidden "updated" stamp sits inside the meta line, before the date shown:
    # the line without it comes first. MH Magazine's only date is "updated" too.
    for el in index.classed_matching(BYLINE_CLASS):
        if len(found) >= MAX_BYLINE_TEXTS:
            break
        shown = short_visible_text(el, 2 * MAX_BYLINE_CHARS)
        if shown is None or _shows_today(el, words):
            continue  # a box around the whole article, or a "today" bar
        texts = [shown]
        if (
            len(shown) <= 2 * MAX_BYLINE_CHARS
            and sum(c.isdigit() for c in shown) >= MIN_TWO_DATES_DIGITS
            and el.xpath(_HOLDS_UPDATED)
        ):
            texts.insert(0, clean_space(" ".join(str(p) for p in el.xpath(_NOT_UPDATED_TEXT))))
        for text in dict.fromkeys(texts):
            if 4 <= len(text) <= MAX_BYLINE_CHARS:
                found.append(text)
    return found


def today_bars(tree: Any, index: PageIndex | None = None) -> list[Any]:
    """Short elements that show today's date or the time (a masthead's "Donnerstag, 16.
    Februar 2012", a header clock, a ticker): they date the visit, not the article. A
    "topline" beside the headline (German CMSs' kicker line, "24.01.2022 - Meldung") is
    the article's own and stays. Only htmldate needs them: found on demand, with the
    page's index (``PageMeta.index``) when the caller has it."""
    classed, words = classed_words(tree, index)
    found = [
        el
        for el in classed
        if _TODAY[words[el]] and is_short(el, MAX_TODAY_BAR_CHARS) and not _beside_headline(el)
    ]
    inside = set(found)
    return [el for el in found if not any(up in inside for up in el.iterancestors())]


def _beside_headline(el: Any) -> bool:
    """True when the element's parent also holds an ``<h1>``."""
    parent = el.getparent()
    return parent is not None and bool(parent.xpath(".//h1"))


def comment_threads(classed: list[Any], words: dict[Any, str] | None = None) -> list[Any]:
    """The outermost elements whose class or id names comments ("commentary" is text).

    ``words``: the class words of every element in ``classed`` (``PageIndex.words``).
    """
    texts = [class_words(el) for el in classed] if words is None else [words[el] for el in classed]
    found = [classed[n] for n in values_found(texts, COMMENT_WORD)]
    inside = set(found)
    return [el for el in found if not any(up in inside for up in el.iterancestors())]


def _in_byline_area(el: Any, words: dict[Any, str]) -> bool:
    """True for an element in (or being) a byline or date area outside page furniture."""
    for up in lineage(el, 4):
        if BYLINE_AREA[words.get(up, "")]:
            return not _shows_today(up, words)
    return False


def _shows_today(el: Any, words: dict[Any, str]) -> bool:
    """True for a date area in furniture: a "today" bar, a menu, a sidebar, comments."""
    return in_furniture(el, words) or any(_TODAY[words.get(up, "")] for up in lineage(el, 8))
