"""Chrome inside the article: boxes removed from the tree before the main text is taken.

Themes put sharing bars, related lists, captions, newsletter boxes and decks inside or
beside the article's text, where the main-text extractor keeps them. The class tokens
that name them are a table (``CHROME_CLASSES``: the token, what it marks, the CMS family
that prints it); ``CHROME_BOX_WORDS`` are words of boxes removed only when short.
Whole class tokens only: substrings ("share", "newsletter") also match page wrappers
("has-newsletter") and pruned whole articles on the benchmark. ``<figcaption>`` is left
to trafilatura, which drops it: pruning it ourselves changed trafilatura's choice of
main text on some pages (recall 0.946 -> 0.949 without it).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from itertools import accumulate
from typing import Any, NamedTuple

from lxml import etree

from ingest.extract.htmltree import ancestors, drop_element, elements, is_short


class ChromeClass(NamedTuple):
    """A class token (or class word) of chrome, what it marks, and who prints it."""

    token: str
    catches: str
    family: str


CHROME_CLASSES = (
    ChromeClass("wp-caption-text", "an image's caption", "WordPress classic editor"),
    ChromeClass("caption-text", "an image's caption", "WordPress themes"),
    ChromeClass("image-caption", "an image's caption", "news themes"),
    ChromeClass("tr-caption", "a caption cell under an image", "Blogger"),
    ChromeClass("sharedaddy", "sharing buttons", "Jetpack"),
    ChromeClass("share-buttons", "sharing buttons", "WordPress themes"),
    ChromeClass("social-share", "sharing buttons", "WordPress themes"),
    ChromeClass("addtoany_share_save_container", "sharing buttons", "AddToAny"),
    ChromeClass("vce-share-bar", "sharing buttons", "Voice theme"),
    ChromeClass("jp-relatedposts", "related posts", "Jetpack"),
    ChromeClass("yarpp-related", "related posts", "YARPP"),
    ChromeClass("related-posts", "related posts", "WordPress themes"),
    ChromeClass("vce-related-box", "related posts", "Voice theme"),
    ChromeClass("newsletter-box", "a newsletter box", "WordPress themes"),
    ChromeClass("newsletter-signup", "a newsletter box", "WordPress themes"),
    ChromeClass("footnote-anchor", "a footnote's number in the text", "Substack"),
    ChromeClass("footnote-ref", "a footnote's number in the text", "Substack, Pandoc"),
    # hidden when printed: screen-only tools and notes, never the article
    ChromeClass("no-print", "screen-only tools", "news CMSs"),
    ChromeClass("noprint", "screen-only tools", "MediaWiki, news CMSs"),
    ChromeClass("hidden-print", "screen-only tools", "Bootstrap 3"),
    ChromeClass("d-print-none", "screen-only tools", "Bootstrap 4-5"),
)
CHROME_CLASS_SET = frozenset(row.token for row in CHROME_CLASSES)
# Words of boxes inside or around the text that are never the article. A box this named is
# removed only when short: a layout wrapper named "promo-layout" holds the whole page.
CHROME_BOX_WORDS = (
    ChromeClass("newsletter|subscribe|subscription|signup", "signup boxes", "WordPress"),
    ChromeClass("promo|cta", "call-to-action boxes", "Divi's et_pb_promo"),
    ChromeClass(
        r"(?:author|writer)[-_]?(?:bio|box|info|card|more)|about[-_]?(?:the[-_]?)?(?:author|writer)",
        "the writer's bio and their other articles",
        "WordPress themes",
    ),
    ChromeClass(
        r"(?:post|entry|article|single|story)[-_]?sub[-_]?title",
        "a deck under the headline",
        "JNews's jeg_post_subtitle",
    ),
)
# matched against the lower-cased class string
CHROME_CLASS_PATTERN = re.compile(
    r"(?:^|\s)(?:\S*[-_])?(?:"
    + "|".join(row.token for row in CHROME_BOX_WORDS)
    + r")(?:[-_]\S*)?(?=\s|$)"
)
# Substrings of which every chrome class string (lower-cased) holds one: a word of each
# CHROME_CLASSES token, and the words CHROME_CLASS_PATTERN needs. The page's class strings
# are searched for them together, as one string (0.13 ms a page on the dev pages): most
# hold none, and a test of every classed element (split, set, regex) cost 0.4 ms more.
CHROME_CUES = (
    "caption",
    "share",
    "related",
    "newsletter",
    "footnote",
    "print",
    "subscri",
    "signup",
    "promo",
    "cta",
    "author",
    "writer",
    "subtitle",
    "sub-title",
    "sub_title",
)
MAX_CHROME_BOX_CHARS = 600
MAX_SIGNUP_BOX_CHARS = 300
# An article's header: "article-header", "entry-header", "ArticleHeader_header__x1".
_HEADER_CLASS = re.compile(r"header", re.I)
MAX_HEADER_CHARS = 1200
MIN_DECK_WORDS = 6
DECK_CLASS = re.compile(
    r"standfirst|\bdek\b|deck|excerpt|summary|sub-?title|subhead|\blede\b|-lede\b", re.I
)
# The attributes, not the elements that carry them: libxml2 selects them in a third of the
# time (0.14 against 0.36 ms a page on the dev pages); the same for the class strings.
_UNSHOWN_MARKS = etree.XPath("//@hidden | //@data-hook | //@data-testid")
_CLASS_STRINGS = etree.XPath("//@class")


def prune_unshown(tree: Any) -> None:
    """Remove elements the browser does not show (Hugo's heading anchor "#" is
    ``<a hidden>``) and captions that React renderers mark only in a data attribute (Wix's
    ``data-hook="imageViewerCaption"``, ``data-testid="caption"``), keeping the text after
    each."""
    marked: list[Any] = []
    for mark in _UNSHOWN_MARKS(tree):  # in document order, an element's marks together
        el = mark.getparent()
        if (not marked or el is not marked[-1]) and _in_body(el):
            marked.append(el)
    for el in marked:
        marks = f"{el.get('data-hook', '')} {el.get('data-testid', '')}".lower()
        if el.get("hidden") is not None or "caption" in marks:
            drop_element(el)


def prune_deck(tree: Any) -> None:
    """Remove a deck: a styled paragraph after the headline inside the article's header.

    Ghost's ``header.gh-article-header > p.gh-article-excerpt`` and a Next.js
    ``ArticleHeader_deck`` summarise the story under its ``h1``; trafilatura takes them
    for the first paragraph. The header is a ``<header>`` or an element whose class names
    one, holding the ``h1`` and little else (a page header wrapping everything is not
    one). Bylines and dates there are short and stay for the author and date readers.
    Without such a header, the paragraph right after the ``h1`` goes when its class
    names a deck ("standfirst", "dek", "excerpt", "summary", "subtitle").
    """
    for h1 in [h1 for h1 in elements(tree, "h1") if _in_body(h1)][:3]:
        after = h1.getnext()
        if (
            after is not None
            and after.tag in ("p", "h2", "h3", "div")
            and DECK_CLASS.search(f"{after.get('class', '')} {after.get('data-testid', '')}")
            and len(after.text_content().split()) >= MIN_DECK_WORDS
        ):
            drop_element(after)
        header = next(
            (
                up
                for up in ancestors(h1, 3)
                if up.tag == "header" or _HEADER_CLASS.search(up.get("class", ""))
            ),
            None,
        )
        if header is None or not is_short(header, MAX_HEADER_CHARS):
            continue
        for para in h1.itersiblings("p"):
            if para.get("class") and len(para.text_content().split()) >= MIN_DECK_WORDS:
                drop_element(para)
        return


def prune_chrome(tree: Any) -> None:
    """Remove the CHROME_CLASSES elements from ``tree``, keeping the text after each.

    The class strings are searched for the CHROME_CUES first, all at once; only those
    holding one are tested: the classes take 0.36 ms a page on the dev pages, a test of
    every classed element 0.75 ms, the same test as trafilatura's ``prune_xpath`` (an
    XPath of ``concat``/``contains`` per class token) 6 ms.
    """
    fields = [el for el in elements(tree, "input") if el.get("type") == "email" and _in_body(el)]
    for field in fields:
        # A signup box without a telling class: the short box around an e-mail field,
        # with its heading and pitch.
        box = None
        for up in field.iterancestors():
            if up.tag in ("body", "article", "main") or not is_short(up, MAX_SIGNUP_BOX_CHARS):
                break
            box = up
        if box is not None:
            drop_element(box)
    strings = _CLASS_STRINGS(tree)  # one per classed element, in document order
    for classes in [strings[number] for number in _cued(strings)]:
        lowered = classes.lower()
        el = classes.getparent()
        if CHROME_CLASS_SET.intersection(classes.split()) or (
            CHROME_CLASS_PATTERN.search(lowered) and is_short(el, MAX_CHROME_BOX_CHARS)
        ):
            drop_element(el)


def _cued(strings: list[str]) -> list[int]:
    """Positions of the class strings that hold one of the CHROME_CUES (lower-cased)."""
    joined = "\x00".join(strings)  # a cue never spans two strings
    lowered = joined.lower()
    if len(lowered) != len(joined):  # a letter that lower-cases to two ("İ"): one by one
        return [n for n, text in enumerate(strings) if any(c in text.lower() for c in CHROME_CUES)]
    ends: list[int] = []  # where each string's separator ends, once a cue is found
    found: set[int] = set()
    for cue in CHROME_CUES:
        at = lowered.find(cue)
        while at >= 0:
            ends = ends or list(accumulate(len(text) + 1 for text in strings))
            found.add(bisect_right(ends, at))
            at = lowered.find(cue, at + 1)
    return sorted(found)


def _in_body(el: Any) -> bool:
    """True for an element inside the page's ``<body>`` (XPath's ``//body//*``)."""
    return next(el.iterancestors("body"), None) is not None
