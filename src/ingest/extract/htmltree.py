"""The parsed page: one lxml tree per page, shared by every reader, and small helpers on it.

The page is parsed once, here, and the same tree goes to the metadata readers, the rules,
the date and author readers and trafilatura (which copies what it prunes). lxml parses a
typical news page in about 2 ms; BeautifulSoup took about 24 ms on the same pages.

``in_furniture`` reads ``FURNITURE_WORDS``: class and id words of page furniture (menus,
logos, sidebars, teasers, hidden blocks) that no reader should take the article's
headline, byline or date from.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from functools import lru_cache
from itertools import islice
from typing import Any, NamedTuple
from urllib.parse import urlsplit

from lxml import html as lxml_html


class ClassWord(NamedTuple):
    """A class/id word (a regex) of page furniture, what it marks, and who prints it."""

    pattern: str
    catches: str
    family: str


# Words start a class name or follow "-"/"_" ("td-related-posts", not "withsidebar").
FURNITURE_WORDS = (
    ClassWord("logo", "the site's logo", "every theme"),
    ClassWord(r"site[-_]?(?:title|name)", "the site's name in the masthead", "WordPress themes"),
    ClassWord("brand", "the masthead's brand block", "Bootstrap themes"),
    # Elementor calls every block of the article an "elementor-widget".
    ClassWord(r"(?<!elementor-)widget", "sidebar and footer widgets", "WordPress widgets"),
    ClassWord("related", "related-posts lists", "Jetpack, YARPP, tagDiv"),
    ClassWord("teaser", "teasers of other stories", "Drupal, German CMSs"),
    ClassWord(r"comment(?!ary)", "comment threads, not a 'commentary'", "WordPress, Disqus"),
    ClassWord(r"aural|sr-only|screen-reader|visually-hidden", "screen-reader text", "Bootstrap"),
    ClassWord("hidden|hide", "blocks the browser does not show", "every CSS framework"),
    ClassWord("menu|nav|breadcrumb", "menus and breadcrumbs", "every theme"),
    ClassWord("footer", "the page footer", "every theme"),
    ClassWord("modal|login|popup|newsletter", "dialogs and signup boxes", "WordPress plugins"),
    ClassWord(
        r"sub-?title|strapline|kicker|overline|dachzeile",
        "the kicker or deck beside a headline",
        "news CMSs (German 'Dachzeile')",
    ),
    ClassWord("recommend", "recommendation widgets", "Outbrain, Taboola"),
)
# A sidebar only as a class of its own ("sidebar", "sidebar-primary"): layout classes
# ("right-sidebar") and sticky-sidebar plugins ("theiaStickySidebar") wrap the article too.
FURNITURE_CLASS = re.compile(
    r"(?<![a-z])(?:" + "|".join(w.pattern for w in FURNITURE_WORDS) + r")|(?:^|\s)sidebar"
)


class Matches(dict[str, bool]):
    """Whether ``pattern`` occurs in a class-words string, remembered per string:
    ``matches[words]``.

    The class-word patterns are long alternations, several with look-behinds that keep
    Python's regex engine from skipping ahead: 1-4 µs a search on a class string, and
    the readers search every element's. 57% of the class strings of a dev page repeat one
    seen before on the page (66% counting earlier pages); a remembered answer costs a
    dictionary lookup. At most ``limit`` strings are kept (the memory is then cleared).
    """

    def __init__(self, pattern: re.Pattern[str], limit: int = 20_000) -> None:
        super().__init__()
        self.pattern = pattern
        self.limit = limit

    def __missing__(self, words: str) -> bool:
        if len(self) >= self.limit:
            self.clear()
        found = self[words] = self.pattern.search(words) is not None
        return found


FURNITURE_TAGS = frozenset(["nav", "aside", "footer"])
_SCRIPT_TAGS = frozenset(["script", "style"])  # text no reader shows
_FURNITURE = Matches(FURNITURE_CLASS)
MAX_FURNITURE_DEPTH = 6  # ancestors looked at
# Control characters libxml2 refuses, and a self-closing <html/> that ends the document
# for it (https://bugs.launchpad.net/lxml/+bug/1955915).
_INVALID_XML_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
# The same characters one by one: 30 ``in`` tests take 0.4 ms on a 140 kB page where the
# regex alone took 1.5 ms, and almost no page holds any.
_INVALID_CHARS = tuple(map(chr, [*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0xFFFE, 0xFFFF]))
_DOCTYPE_SLASH = re.compile(r"^< ?! ?DOCTYPE[^>]*/[^<>]*>", re.IGNORECASE)
_SELF_CLOSED_HTML = re.compile(r"(<html.*?)\s*/>", re.IGNORECASE)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
_PARSER = lxml_html.HTMLParser(
    collect_ids=False,
    default_doctype=False,
    encoding="utf-8",
    remove_comments=True,
    remove_pis=True,
    huge_tree=True,
)
# lxml.html picks each element's Python class in Python code (HtmlElementClassLookup), on
# every element any reader touches: 7% of our extraction time on the dev half. A C-level
# lookup gives every element the plain HtmlElement (no form-field classes, which nothing
# here uses); trafilatura's copy of the tree keeps the parser, so it gains too.
_PARSER.set_element_class_lookup(
    lxml_html.etree.ElementDefaultClassLookup(
        element=lxml_html.HtmlElement,
        comment=lxml_html.HtmlComment,
        pi=lxml_html.HtmlProcessingInstruction,
        entity=lxml_html.HtmlEntity,
    )
)


def clean_space(text: str | None) -> str:
    """Collapse whitespace runs to one space and trim.

    ``str.split`` splits on exactly the characters the regex ``\\s`` matches (every code
    point checked) and is 2.6 times faster on our block texts."""
    return " ".join((text or "").split())


def node_text(el: Any) -> str:
    """The visible text of an lxml element, whitespace collapsed."""
    try:
        return clean_space(el.text_content())
    except (ValueError, AttributeError):
        return ""


def visible_text(el: Any) -> str:
    """Text of an element without its <style>/<script> content."""
    if next(el.iter("script", "style"), None) is None:  # most elements: no XPath needed
        return clean_space(" ".join(el.itertext()))
    parts = el.xpath(".//text()[not(ancestor::style)][not(ancestor::script)]")
    return clean_space(" ".join(str(p) for p in parts))


def elements(tree: Any, *tags: str) -> Any:
    """The page's elements of these tags in document order (``//tag`` without XPath: an
    lxml tag iterator is 5-10 times faster for one tag)."""
    return tree.getroottree().iter(*tags)


def short_visible_text(el: Any, limit: int) -> str | None:
    """``visible_text`` of an element, or None when it is surely longer than ``limit``.

    ``is_short`` stops at the limit, where the XPath of ``visible_text`` reads every text
    node: a "post-meta" or "info" box that wraps the whole article cost 1 ms a page. An
    element holding a script is measured without it (WordPress's ``article.status-publish``
    around a whole post with its scripts: up to 130 ms for its visible text).
    """
    if is_short(el, limit):
        return visible_text(el)
    if next(el.iterdescendants("script", "style"), None) is None or _visibly_longer(el, limit):
        return None
    return visible_text(el)


def _visibly_longer(el: Any, limit: int) -> bool:
    """True when the element's text outside ``<script>``/``<style>``, spaces squeezed
    piece by piece, passes ``limit``: its ``visible_text`` is then longer still. False
    when that cannot be told cheaply (a script with child elements)."""
    size = 0
    for node in el.iter():
        tag = node.tag
        if tag in _SCRIPT_TAGS:
            if len(node):
                return False
            text = None
        else:
            text = node.text if isinstance(tag, str) else None  # not a comment's content
        tail = node.tail if node is not el else None
        for piece in (text, tail):
            if piece:
                size += len(" ".join(piece.split()))
        if size > limit:
            return True
    return False


@lru_cache(maxsize=1024)
def host_of(url: str) -> str:
    """Lower-cased host of a URL; "" when it has none or is malformed (remembered: the
    headline and author readers ask about the page's address a dozen times)."""
    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""


def looks_like_url(text: str) -> bool:
    """True for a URL or a social handle, which is not an author name."""
    text = text.strip()
    return text.startswith(("http://", "https://", "www.", "@", "/"))


def ancestors(el: Any, depth: int) -> list[Any]:
    """The nearest ``depth`` ancestors of an element, parent first (only those are built)."""
    return list(islice(el.iterancestors(), depth))


def lineage(el: Any, depth: int) -> list[Any]:
    """The element and its nearest ancestors, ``depth`` elements in all."""
    return [el, *ancestors(el, depth - 1)]


def class_words(el: Any) -> str:
    """Lower-cased class and id of an element."""
    return f"{el.get('class', '')} {el.get('id', '')}".lower()


def is_short(element: Any, limit: int) -> bool:
    """True when the element's text, spaces squeezed, is at most ``limit`` characters."""
    size = 0
    for piece in element.itertext():
        size += len(" ".join(piece.split()))
        if size > limit:
            return False
    return True


def in_furniture(el: Any, words: dict[Any, str] | None = None) -> bool:
    """True for an element in (or being) a logo, menu, sidebar, teaser or hidden block.

    The classes of the page's ``<main>`` and of the article itself describe its layout
    (Kadence's ``article.post-footer-area-boxed``), not furniture; an ``<article>``
    card inside a sidebar is still caught by the sidebar above it. ``words``: the class
    words of every element having a class or an id (``PageIndex.words``), when known.
    """
    for _ in range(MAX_FURNITURE_DEPTH):
        if el is None:
            return False
        tag = el.tag
        if tag in ("body", "html"):
            return False
        if tag in FURNITURE_TAGS:
            return True
        if tag not in ("main", "article"):
            text = class_words(el) if words is None else words.get(el)
            if text and _FURNITURE[text]:
                return True
        el = el.getparent()
    return False


@contextmanager
def detached(elements: Iterable[Any], *, keep_tails: bool = False) -> Iterator[None]:
    """``elements`` taken out of their tree for a ``with`` block, then put back exactly.

    Without ``keep_tails`` the text after each element goes out and comes back with it
    (a comment thread hidden from htmldate); with it, that text stays in the tree
    meanwhile, joined to the text before, as a cleaner that drops the element itself
    leaves it (scripts and styles hidden from trafilatura). Elements already out of a
    tree are left alone; they are put back last taken first.
    """
    taken: list[tuple[Any, Any, Any, str | None]] = []  # element, parent, before, text
    try:
        for el in elements:
            parent = el.getparent()
            if parent is None:
                continue
            before = el.getprevious()
            text = before.tail if before is not None else parent.text
            if keep_tails and el.tail:
                joined = text + el.tail if text else el.tail
                if before is not None:
                    before.tail = joined
                else:
                    parent.text = joined
            parent.remove(el)  # with its tail
            taken.append((el, parent, before, text))
        yield
    finally:
        for el, parent, before, text in reversed(taken):
            if before is not None:
                before.tail = text
                before.addnext(el)  # after that tail, with its own
            else:
                parent.text = text
                parent.insert(0, el)


def drop_element(el: Any) -> None:
    """Remove an element and its content, keeping the text that follows it (its tail)."""
    if el.getparent() is not None:
        el.drop_tree()


def repair_markup(text: str) -> str:
    """Page text that libxml2 reads to the end: control characters removed, a doctype
    with a slash and a self-closing ``<html/>`` in the first lines rewritten."""
    if any(char in text for char in _INVALID_CHARS):
        text = _INVALID_XML_CHARS.sub("", text)
    if "doctype" in text[:50].lower():
        first, _, rest = text.partition("\n")
        text = _DOCTYPE_SLASH.sub("", first, count=1) + "\n" + rest
    for line in text[:4096].splitlines()[:4]:
        if "<html" in line and line.endswith("/>"):
            return _SELF_CLOSED_HTML.sub(r"\1>", text, count=1)
    return text


def parse_html_tree(text: str, *, fragment: bool = False) -> Any:
    """Parse HTML text into an lxml tree; None when there is nothing to parse.

    Whole pages are parsed as trafilatura's loader parses them (comments and processing
    instructions dropped, faulty markup repaired): trafilatura found no text on some
    benchmark pages when handed a tree from plain ``document_fromstring``. Unlike that
    loader, the parser allows deep trees: libxml2 otherwise stops at 256 levels and
    silently drops everything after (a page with 300 nested ``<div>`` lost its text).
    """
    if not text.strip():
        return None
    # lxml refuses str input that carries an XML encoding declaration.
    text = _XML_DECLARATION.sub("", text)
    if not fragment:
        text = repair_markup(text)
        for markup in (text, text.encode("utf-8", "surrogatepass")):
            try:
                tree = lxml_html.fromstring(markup, parser=_PARSER)
            except (ValueError, TypeError, lxml_html.etree.ParserError):
                continue
            if tree is not None and len(tree):
                return tree
    try:
        return lxml_html.document_fromstring(text, parser=_PARSER)
    except (ValueError, TypeError, lxml_html.etree.ParserError):
        return None
