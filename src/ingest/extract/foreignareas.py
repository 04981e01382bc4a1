"""Parts of a page whose dates are someone else's: embedded posts, lists of other posts.

An embedded tweet or Instagram post carries its own date link or ``<time>``; a sidebar of
the writer's other posts, a related list, a Joomla module or a Drupal views block dates
other articles; a comment dates a reader's text. ``FOREIGN_AREAS`` names them, each row
with the CMS family that prints it; ``pagedates`` skips them when it reads a date by the
headline and hides some from htmldate, and ``published`` does not take their ``<time>``
for the article's (``foreign_dates``). On the dev set none of the 370 dated pages lost its
date to this; 4 would have, had ``<footer>``, ``<aside>`` and "sidebar" classes counted
(WordPress's footer.entry-footer, aside.meta and layout columns hold the post's own date).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import chain, islice
from typing import Any
from urllib.parse import urlsplit

from ingest.extract import metadata
from ingest.extract.areas import BYLINE_AREA, MAX_BYLINE_CHARS
from ingest.extract.htmltree import Matches, short_visible_text
from ingest.extract.pageindex import PageIndex, classed_words, document_iter

FOREIGN_DEPTH = 12  # ancestors looked at for a foreign area
MIN_BYLINE_CHARS = 4  # as read_byline_texts: shorter is no date
_ARABIC_LETTER = re.compile(r"[\u0621-\u064a]")


@dataclass(frozen=True)
class ForeignArea:
    """A part of a page whose dates belong to something else than the article.

    An element is such an area when its tag is one of ``tags`` (any tag if empty), its
    class or id words match ``words`` (if given) and a link inside it matches ``link`` (if
    given). ``holds`` says what it is, ``family`` who prints it. ``hidden``: hidden from
    htmldate too. Menus, widgets and comments are not (comments are, by the caller):
    htmldate reads a blog's date from its archive widget or menu well (dev set: 3 pages
    broken when they were hidden).
    """

    hidden: bool
    tags: frozenset[str]
    words: re.Pattern[str] | None
    link: re.Pattern[str] | None
    holds: str
    family: str


FOREIGN_AREAS: tuple[ForeignArea, ...] = (
    ForeignArea(
        True,
        frozenset(),
        re.compile(r"twitter-(?:tweet|video|timeline)|instagram-media|tiktok-embed|fb-xfbml"
                   r"|fb-(?:post|video|embed)|reddit-embed|bluesky-embed|mastodon-embed"),
        None,
        "an embedded social-media post: its date link or <time> dates the post",
        "oEmbed code as Twitter/X, Instagram, Facebook and TikTok give it, in any CMS",
    ),
    ForeignArea(
        True,
        frozenset(),
        re.compile(r"wp-block-embed|embed-(?:twitter|instagram|facebook|tiktok)|embedded-entity"
                   r"|media--type-remote|oembed"),
        None,
        "the wrapper a CMS puts around an embed",
        "WordPress (figure.wp-block-embed), Drupal 8+ media embeds, Joomla oEmbed plugins",
    ),
    ForeignArea(
        True,
        frozenset({"blockquote"}),
        None,
        re.compile(r"(?:twitter|x)\.com/[^/]+/status|instagram\.com/(?:p|reel)/"
                   r"|facebook\.com/.+/(?:posts|videos)/|t\.me/[^/]+/\d"),
        "a quoted social post whose embed class was stripped, with its date link",
        "custom Arabic CMSs that keep the embed's blockquote but not its class",
    ),
    # Not <aside>, <footer> or a "sidebar" class: WordPress's footer.entry-footer and
    # aside.meta hold the post's own <time>, and themes name the column holding the
    # article "sidebar" (dev set: 4 pages' own dates were in one of these).
    ForeignArea(
        False,
        frozenset({"nav"}),
        None,
        None,
        "menus and the previous/next post links",
        "HTML5 themes of every CMS",
    ),
    ForeignArea(
        True,
        frozenset(),
        re.compile(r"(?<![a-z])(?:related|more-from|author-posts|recent-posts|popular-posts"
                   r"|(?:more|other|latest)-(?:news|posts|articles|stories)|most-?read"
                   r"|jp-relatedposts|yarpp|crp_related)"),
        None,
        "lists of other posts: the writer's, related, recent, most read",
        "WordPress themes, Jetpack and YARPP related posts, tagDiv and Jannah blocks, "
        "custom Arabic CMSs' 'more-news' boxes (أخبار ذات صلة)",
    ),
    ForeignArea(
        False,
        frozenset(),
        re.compile(r"(?<![a-z])(?<!elementor-)widget"),
        None,
        "sidebar widgets: calendars, archives, event lists",
        "WordPress widget areas (not Elementor's, whose every block is a widget)",
    ),
    ForeignArea(
        True,
        frozenset(),
        re.compile(r"moduletable|mod[-_]articles|latestnews|itemrelated|itemauthorlatest"
                   r"|k2itemsblock|block-views"),
        None,
        "modules listing other articles",
        "Joomla modules and K2's 'more from this author'; Drupal 7 views blocks",
    ),
    ForeignArea(
        False,
        frozenset(),
        re.compile(r"comment(?!ary)"),
        None,
        "comments: each dates a reader's text",
        "WordPress, Disqus, Drupal and Joomla comment threads",
    ),
)  # fmt: skip
_LAYOUT_TAGS = frozenset({"html", "body", "main", "article"})  # their classes describe layout
_AREA_TAGS = frozenset(tag for area in FOREIGN_AREAS for tag in area.tags)
_ANY_AREA_WORDS = Matches(
    re.compile("|".join(f"(?:{a.words.pattern})" for a in FOREIGN_AREAS if a.words))
)
_MAYBE_HIDDEN = "//body//*[@class or @id or self::blockquote]"


def _words(el: Any) -> str:
    """An element's class and id, lower case."""
    return f"{el.get('class') or ''} {el.get('id') or ''}".lower()


def is_foreign_area(
    el: Any, *, hidden_only: bool = False, known: dict[Any, str] | None = None
) -> bool:
    """True when the element itself is one of ``FOREIGN_AREAS`` (or of its ``hidden`` ones).

    ``known``: the class words of the page's elements (``PageIndex.words``), when known.
    """
    tag = el.tag if isinstance(el.tag, str) else ""
    if tag in _LAYOUT_TAGS:
        return False
    if known is not None:
        words = known.get(el, "")
    else:
        words = _words(el) if el.get("class") or el.get("id") else ""
    if tag not in _AREA_TAGS and not (words and _ANY_AREA_WORDS[words]):
        return False  # one search instead of one per row: most elements are none
    for area in FOREIGN_AREAS:
        if hidden_only and not area.hidden:
            continue
        if area.tags and tag not in area.tags:
            continue
        if area.words is not None and not (words and area.words.search(words)):
            continue
        if area.link is not None and not any(
            area.link.search(href) for href in el.xpath(".//a/@href")
        ):
            continue
        return True
    return False


def in_foreign_area(
    el: Any, seen: dict[Any, bool] | None = None, known: dict[Any, str] | None = None
) -> bool:
    """True for an element in (or being) an embed, a sidebar, a related list or comments.

    ``seen`` remembers elements already judged, for callers that ask about many
    neighbouring text nodes (they share their ancestors). ``known``: the page's class
    words (``PageIndex.words``), when known.
    """
    memo: dict[Any, bool] = {} if seen is None else seen
    below: list[Any] = []  # elements judged on the way up, not foreign themselves
    found = False
    # Ancestors are built only up to the first one judged before: neighbouring text
    # nodes meet one within a level or two.
    for up in chain((el,), islice(el.iterancestors(), FOREIGN_DEPTH - 1)):
        if up in memo:
            found = memo[up]
            break
        if is_foreign_area(up, known=known):
            found = True
            break
        below.append(up)
    for up in below:
        memo[up] = found
    return found


def foreign_dates(tree: Any, index: PageIndex | None = None) -> frozenset[str]:
    """The ``<time datetime>`` values (as ``read_page`` reads them, the first MAX_TIMES)
    and the texts of date and byline areas (as ``read_byline_texts`` reads them) that are
    found only inside foreign areas: an embedded post's date, a related entry's
    ``<span class="date">``. The same value outside them is the article's own (a "latest
    posts" list naming the article itself).

    Date areas are read only where ``published`` reads their text: on Arabic pages without
    a ``<time>`` of their own. ``index``: the page's (``PageMeta.index``), when the caller
    has it.
    """
    known = index.words if index is not None else None
    seen: dict[Any, bool] = {}
    own: set[str] = set()
    foreign: set[str] = set()
    times = (el for el in document_iter(tree, "time") if el.get("datetime") is not None)
    for el in islice(times, metadata.MAX_TIMES):  # //time[@datetime]
        (foreign if in_foreign_area(el, seen, known) else own).add(el.get("datetime").strip())
    if own or not _arabic_title(tree):
        return frozenset(foreign - own)
    classed, words = classed_words(tree, index)
    areas: list[tuple[Any, bool]] = [
        (el, in_foreign_area(el, seen, known)) for el in classed if BYLINE_AREA[words[el]]
    ]
    if any(inside for _, inside in areas):  # most pages: no date area in a foreign one
        for el, inside in areas:
            text = short_visible_text(el, MAX_BYLINE_CHARS)
            if text and MIN_BYLINE_CHARS <= len(text) <= MAX_BYLINE_CHARS:
                (foreign if inside else own).add(text)
    return frozenset(foreign - own)


def _arabic_title(tree: Any) -> bool:
    """True when the page's title or first ``<h1>`` is written in Arabic."""
    title_element = next(document_iter(tree, "title"), None)  # string(//title)
    title = title_element.text_content() if title_element is not None else ""
    title = " ".join(title.split()[:20])
    heading = tree.find(".//h1")
    text = title + (heading.text_content()[:200] if heading is not None else "")
    return bool(_ARABIC_LETTER.search(text))


def hidden_areas(tree: Any, url: str) -> list[Any]:
    """The outermost embedded posts and lists of other posts, hidden from htmldate.

    A list that links to the page's own address lists the article itself with its date
    (a Drupal "latest articles" block: dev set, 1 page); it stays.
    """
    found = [el for el in tree.xpath(_MAYBE_HIDDEN) if is_foreign_area(el, hidden_only=True)]
    inside = set(found)
    own = _own_path(url)
    return [
        el
        for el in found
        if not any(up in inside for up in el.iterancestors())
        and not (own and any(_own_path(href) == own for href in el.xpath(".//a/@href")))
    ]


def _own_path(url: str) -> str:
    """The path of an address without its trailing slash, "" for the site's root."""
    try:
        return urlsplit(url.strip()).path.rstrip("/")
    except ValueError:
        return ""
