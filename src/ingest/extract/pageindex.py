"""One walk over a parsed page that finds what the page-metadata readers look up.

``metadata.read_page`` and the date readers after it looked the page up with eight
page-wide XPaths and tag scans (each 0.2-1.2 ms on a news page of about 700 elements, most
of it the evaluation of ``contains(@class, ...)`` on every element), and three readers
recomputed every element's class words. ``index_page`` walks the elements once in Python
and keeps, in document order, what those lookups returned (each field names the XPath it
stands for) and the class words of every element that has a class or an id.

The index describes the tree as it was walked. Chrome pruning and trafilatura's main
text (``body.main_text``) edit the tree later, so the index serves only the readers that
run before them: ``read_page`` and its readers, the headline, the header date, the foreign
dates and the masthead bars. Built after the per-source rules, which strip elements.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import chain
from operator import itemgetter
from typing import Any

from ingest.extract.author_tables import AUTHOR_CLASS_WORDS, alternation
from ingest.extract.htmltree import Matches, class_words
from ingest.extract.needles import values_found

# Tags whose elements are kept by tag, page-wide (``//meta``, ``//time``...).
INDEXED_TAGS = ("meta", "link", "title", "h1", "time", "script")
# Class/id words of byline elements, matched case-insensitively ("ArticleAuthor").
# Matched against lower-cased class and id (an alternation with re.IGNORECASE is several
# times slower), all of a page's at once after the walk (``needles.values_found``). No word
# holds a space, so a search of "class id" finds exactly what searching each of them finds.
AUTHOR_CLASS = re.compile(alternation([AUTHOR_CLASS_WORDS]))
# Elements that never hold a byline's name, whatever their class says.
NOT_BYLINE_TAGS = frozenset(
    ["meta", "link", "script", "style", "body", "html", "h1", "h2", "h3", "h4", "h5", "h6"]
)
# Headline candidates: h1/h2, itemprop="headline", and elements whose class names a title
# (WordPress "entry-title", "post-title", BEM "article__headline"...): "itle" or "eadline" in
# the class as written (the walk tests the two words inline).
HEADING_TAGS = frozenset(["h1", "h2"])
_ROOT_TAGS = frozenset(["body", "html"])
# hAtom microformat (Blogger, old WordPress themes): <abbr class="published" title=ISO>.
HATOM_CLASS_PARTS = ("published", "updated")
_NOT_CLASSED_TAGS = frozenset(["script", "style"])
CLASSED_XPATH = "//body/descendant::*[@class or @id][not(self::script or self::style)]"
_MARKED_TAGS = HEADING_TAGS | {"byline", "body"}  # tags the walk looks at more closely


@dataclass(eq=False)
class PageIndex:
    """What the metadata readers look up on one page, in document order.

    Valid only for the tree as it was when indexed: see the module's docstring.
    """

    root: Any  # the document's root element
    tags: dict[str, list[Any]]  # INDEXED_TAGS -> elements: //meta, //link, ...
    words: dict[Any, str]  # lower-cased "class id" of every element with either (class_words)
    classed: list[Any]  # CLASSED_XPATH
    tooltips: list[Any]  # //body//*[contains(@title, ":")]
    hatom: list[Any]  # //*[@title][contains(@class, "published") or contains(@class, "updated")]
    itemprops: list[tuple[Any, str]]  # //*[@itemprop][not(self::meta)], with the itemprop
    headings: list[Any]  # h1, h2, itemprop="headline", class containing "itle"/"eadline"
    bylines: list[Any]  # author class/id, itemprop="author", rel="author", <byline>
    _marked: dict[int, set[Any]] = field(default_factory=dict, repr=False)
    _found: dict[int, list[Any]] = field(default_factory=dict, repr=False)

    def class_words(self, el: Any) -> str:
        """``htmltree.class_words`` of an indexed element, from the index."""
        return self.words.get(el, " ")

    def marked(self, matches: Matches) -> set[Any]:
        """Elements anywhere on the page whose class words match (the comment word):
        found once a page for each ``Matches``."""
        found = self._marked.get(id(matches))
        if found is None:
            elements, words = list(self.words), list(self.words.values())
            found = {elements[n] for n in values_found(words, matches.pattern)}
            self._marked[id(matches)] = found
        return found

    def classed_matching(self, pattern: re.Pattern[str]) -> list[Any]:
        """The classed body elements (``classed``) whose class words ``pattern`` finds, in
        document order: one search of all their words (``needles.values_found``), once a
        page for each pattern."""
        found = self._found.get(id(pattern))
        if found is None:
            words = [self.words[el] for el in self.classed]
            found = [self.classed[n] for n in values_found(words, pattern)]
            self._found[id(pattern)] = found
        return found


def index_page(tree: Any) -> PageIndex:
    """Walk every element of ``tree``'s document once and index it."""
    root = tree.getroottree().getroot()
    tags: dict[str, list[Any]] = {tag: [] for tag in INDEXED_TAGS}
    for el in root.iter(*INDEXED_TAGS):  # as ``htmltree.elements``: the root element's
        tags[el.tag].append(el)
    # Rare attributes, read page-wide by three cheap XPaths (0.1 ms each) instead of on
    # every element of the walk.
    props = [(value.getparent(), str(value)) for value in root.xpath("//@itemprop")]
    marked_headline = {el for el, value in props if value == "headline"}
    marked_author = {el for el, value in props if value == "author"}
    marked_author.update(
        value.getparent()
        for value in root.xpath('//@rel[contains(., "author")]')
        if "author" in value.split()
    )
    marked = marked_headline | marked_author
    titled = [(value.getparent(), str(value)) for value in root.xpath("//@title")]
    words: dict[Any, str] = {}
    classed: list[Any] = []
    headings: list[Any] = []
    bylines: list[tuple[int, Any]] = []  # marked as the author's, with their positions
    maybe: list[tuple[int, Any]] = []  # other classed elements that may hold a byline
    maybe_words: list[str] = []
    body_end = -1  # position of the last element inside a <body> seen so far
    for position, el in enumerate(document_iter(root)):
        tag = el.tag
        in_body = position <= body_end
        cls, ident = el.get("class"), el.get("id")
        headline = author = False
        if tag in _MARKED_TAGS or (marked and el in marked):
            if tag == "body":
                body_end = max(body_end, position + int(el.xpath("count(descendant::*)")))
            headline = tag in HEADING_TAGS or el in marked_headline
            author = tag == "byline" or el in marked_author
        if cls is None and ident is None:
            if headline:
                headings.append(el)
            if author and tag not in NOT_BYLINE_TAGS:
                bylines.append((position, el))
            continue
        text = words[el] = f"{cls or ''} {ident or ''}".lower()
        if in_body and tag not in _NOT_CLASSED_TAGS:
            classed.append(el)
        if headline or (cls and ("itle" in cls or "eadline" in cls) and tag not in _ROOT_TAGS):
            headings.append(el)
        if tag in NOT_BYLINE_TAGS:
            continue
        if author:
            bylines.append((position, el))
        else:
            maybe.append((position, el))
            maybe_words.append(text)
    bylines.extend(maybe[n] for n in values_found(maybe_words, AUTHOR_CLASS))
    return PageIndex(
        root=root,
        tags=tags,
        words=words,
        classed=classed,
        tooltips=[el for el, title in titled if ":" in title and _in_body(el)],
        hatom=[el for el, _ in titled if _hatom_class(el.get("class"))],
        itemprops=[(el, value) for el, value in props if el.tag != "meta"],
        headings=headings,
        bylines=[el for _, el in sorted(bylines, key=itemgetter(0))],
    )


def classed_words(tree: Any, index: PageIndex | None = None) -> tuple[list[Any], dict[Any, str]]:
    """The body's elements with a class or id (not scripts or styles) and their class
    words: the index's, or found by one XPath for a reader called without an index (a
    whole index costs about twice as much)."""
    if index is not None:
        return index.classed, index.words
    classed = tree.xpath(CLASSED_XPATH)
    return classed, {el: class_words(el) for el in classed}


def document_iter(tree: Any, *tags: str) -> Iterator[Any]:
    """The document's elements (of these tags) in document order, as ``//*`` (``//tag``)
    finds them: libxml2 leaves a second ``<html>`` after the first on some broken pages
    (2 of the 506 dev pages), which ``tree.getroottree().iter()`` does not reach. Several
    times cheaper than the XPath."""
    root = tree.getroottree().getroot()
    tags = tags or ("*",)
    return chain(root.iter(*tags), *(top.iter(*tags) for top in root.itersiblings("*")))


def _in_body(el: Any) -> bool:
    """True for an element inside a ``<body>`` (``//body//*``)."""
    return any(up.tag == "body" for up in el.iterancestors())


def _hatom_class(cls: str | None) -> bool:
    """True for a class attribute holding "published" or "updated", as written."""
    return cls is not None and any(part in cls for part in HATOM_CLASS_PARTS)
