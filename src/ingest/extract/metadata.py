"""Article metadata from the page head: JSON-LD, OpenGraph/meta, ``<time>``, ``<h1>``, ``<title>``.

Read on the tree that is then handed to trafilatura, so the page is parsed once (lxml
parses a typical news page in about 1 ms; BeautifulSoup took about 24 ms on the same
pages). ``read_page`` finds the elements its readers need in one walk (``pageindex``:
about half of its time went to page-wide XPaths before) and keeps that index on the
``PageMeta`` for the date readers that run before the main text. Readers return raw
strings; the candidate lists (``published_candidates``, ``declared_languages``) rank them,
``headline.py`` picks the headline, ``authors.py`` the author and ``published.py`` the
dates.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ingest.extract.areas import (
    BYLINE_CLASS,
    COMMENT_WORD,
    COMMENTS,
    TODAY_CLASS,
    comment_threads,
    read_byline_texts,
    today_bars,
)
from ingest.extract.htmltree import (
    FURNITURE_CLASS,
    ancestors,
    clean_space,
    host_of,
    in_furniture,
    is_short,
    looks_like_url,
    node_text,
    parse_html_tree,
    visible_text,
)
from ingest.extract.jsonld import (
    ARTICLE_TYPES,
    jsonld_authors,
    jsonld_text,
    jsonld_types,
    read_jsonld,
)
from ingest.extract.pageindex import PageIndex, index_page

# Re-exported: the readers of other fields import the tree helpers from here.
__all__ = [
    "ARTICLE_TYPES",
    "BYLINE_CLASS",
    "COMMENT_WORD",
    "FURNITURE_CLASS",
    "TODAY_CLASS",
    "clean_space",
    "comment_threads",
    "host_of",
    "in_furniture",
    "is_short",
    "jsonld_authors",
    "jsonld_text",
    "jsonld_types",
    "looks_like_url",
    "node_text",
    "parse_html_tree",
    "read_byline_texts",
    "read_jsonld",
    "today_bars",
    "visible_text",
]

# Meta names that carry the publication time, most specific first.
PUBLISHED_META = (
    "article:published_time",
    "og:published_time",
    "og:article:published_time",
    "datepublished",
    "article.published",
    "published_time",
    "publish-date",
    "publish_date",
    "pubdate",
    "parsely-pub-date",
    "sailthru.date",
    "dc.date.issued",
    "dcterms.issued",
    "dc.date",
    "dcterms.created",
    "dc.date.created",
    "date",
    "cxenseparse:recs:publishtime",
)
# Generic names many CMSs fill with the page's last change (TYPO3 rewrites "date" on every
# edit): they rank after ``<time>`` and yield to the date printed under the headline.
WEAK_PUBLISHED_META = ("dc.date", "date")
MODIFIED_META = (
    "article:modified_time",
    "og:updated_time",
    "datemodified",
    "dcterms.modified",
    "last-modified",
)
# Elements holding one of these are author boxes or whole bylines, not a name.
_BLOCK_TAGS = ("p", "div", "h2", "h3", "h4", "li", "img")
_MAX_AUTHOR_ELEMENTS = 20
# An author box's name: its first heading, or an element whose class says "name".
_BOX_NAME_XPATH = (
    ".//*[self::h2 or self::h3 or self::h4 or self::h5 or self::strong"
    ' or contains(@class, "name")][not(.//p or .//div or .//li or .//img)]'
)
SITE_META = ("og:site_name", "application-name", "apple-mobile-web-app-title")
HEADLINE_CLASS = re.compile(
    r"(?:entry|post|article|story|news|content|page|single|main|detail|item)[-_]*(?:title|headline)"
    r"|headline"
)
MAX_HEADINGS = 60
MAX_TIMES = 10  # <time> elements read
MAX_HEADLINE_CHARS = 300
TEASER_HEADLINE_WORDS = 5
ISO_STAMP = re.compile(r"^\d{4}-\d\d-\d\d(?:[T ]\d\d:\d\d)?")


@dataclass(frozen=True)
class Heading:
    """A visible element that may hold the article's headline, in document order."""

    text: str
    tag: str
    marked: bool  # its class or itemprop says "headline" or "entry/post/article title"


@dataclass
class PageMeta:
    """Everything the page says about itself, before choosing."""

    jsonld: dict[str, Any] = field(default_factory=dict)
    meta: dict[str, str] = field(default_factory=dict)
    title: str | None = None
    h1: list[str] = field(default_factory=list)
    headings: list[Heading] = field(default_factory=list)
    canonical: str | None = None
    html_lang: str | None = None
    times: list[tuple[str, str]] = field(default_factory=list)  # (datetime attr, class text)
    byline_texts: list[str] = field(default_factory=list)
    author_texts: list[str] = field(default_factory=list)
    author_box_names: list[str] = field(default_factory=list)
    comment_threads: list[Any] = field(default_factory=list)  # outermost comment elements
    url: str = ""  # the page's address, set by the caller
    # The page's elements as read_page found them: for the readers that run before the
    # main text prunes the tree (pageindex.py), None after that.
    index: PageIndex | None = field(default=None, repr=False, compare=False)

    @property
    def site_names(self) -> list[str]:
        """Names the site gives itself (og:site_name, JSON-LD publisher...)."""
        names = [self.meta[k] for k in SITE_META if self.meta.get(k)]
        publisher = self.jsonld.get("publisher")
        if isinstance(publisher, dict) and isinstance(publisher.get("name"), str):
            names.append(publisher["name"])
        return [clean_space(n) for n in names if clean_space(n)]


# --- JSON-LD -----------------------------------------------------------------------------


# --- the rest of the head and the byline area ------------------------------------------


def read_meta(tree: Any, index: PageIndex | None = None) -> dict[str, str]:
    """``<meta>`` property/name/itemprop -> content, first occurrence wins."""
    index = index or index_page(tree)
    meta: dict[str, str] = {}
    for el in index.tags["meta"]:
        if el.get("content") is None:
            continue
        key = el.get("property") or el.get("name") or el.get("itemprop")
        content = clean_space(el.get("content"))
        if key and content:
            meta.setdefault(key.strip().lower(), content)
    # hAtom microformat (Blogger, old WordPress themes): <abbr class="published" title=ISO>.
    for el in index.hatom:
        title = el.get("title", "").strip()
        if ISO_STAMP.match(title):
            key = "datepublished" if "published" in el.get("class", "") else "datemodified"
            meta.setdefault(key, title)
    for el, prop in index.itemprops:
        prop = prop.lower()
        if prop in ("datepublished", "datemodified") and el.get("datetime"):
            meta.setdefault(prop, el.get("datetime"))
    return meta


def read_headings(tree: Any, index: PageIndex | None = None) -> list[Heading]:
    """Visible headings and headline-classed elements, outside page furniture."""
    index = index or index_page(tree)
    found: list[Heading] = []
    for el in index.headings[:MAX_HEADINGS]:
        words = index.class_words(el)
        marked = el.get("itemprop", "").lower() == "headline" or bool(HEADLINE_CLASS.search(words))
        if el.tag not in ("h1", "h2") and not marked:
            continue
        if in_furniture(el, index.words):
            continue
        text = visible_text(el)
        if 2 <= len(text) <= MAX_HEADLINE_CHARS:
            found.append(Heading(text, el.tag, marked))
    return found


def _beside_headline_link(el: Any) -> bool:
    """True for a teaser's date: a link holding another story's headline (five words or
    more) beside it ("<div class=card><a>headline</a><time>"). A post's own date sits
    inside its permalink or beside the author's name instead."""
    parent = el.getparent()
    return parent is not None and any(
        len(a.text_content().split()) >= TEASER_HEADLINE_WORDS for a in parent.findall("a")
    )


def _in_related(el: Any, index: PageIndex) -> bool:
    """True for an element inside a related-posts block (OceanWP's "related-post")."""
    return any("related" in index.class_words(up) for up in ancestors(el, 6))


def _in_comments(el: Any, index: PageIndex) -> bool:
    """True for an element inside a comment thread: one of its ancestors has a class or
    id naming comments (the set of such elements is found once a page, and is empty on
    most pages)."""
    marked = index.marked(COMMENTS)
    return bool(marked) and any(up in marked for up in el.iterancestors())


def read_page(tree: Any) -> PageMeta:
    """Collect the raw metadata of a parsed page (and keep the index it was read with)."""
    index = index_page(tree)
    page = PageMeta(jsonld=read_jsonld(tree, index), meta=read_meta(tree, index), index=index)
    titles = index.tags["title"]
    page.title = node_text(titles[0]) if titles else None
    page.h1 = [t for t in (visible_text(h) for h in index.tags["h1"][:5]) if t]
    page.headings = read_headings(tree, index)
    for link in index.tags["link"]:
        if link.get("href") is None or " canonical " not in f" {link.get('rel', '')} ":
            continue
        page.canonical = link.get("href").strip()
        break
    if index.root.tag == "html" and index.root.get("lang"):  # /html/@lang
        page.html_lang = index.root.get("lang").strip()
    times = [el for el in index.tags["time"] if el.get("datetime") is not None][:MAX_TIMES]
    for el in times:
        # A comment's timestamp dates someone else's text; a related post's, another story.
        if (
            not _in_comments(el, index)
            and not _in_related(el, index)
            and not _beside_headline_link(el)
        ):
            page.times.append((el.get("datetime").strip(), index.class_words(el)))
    page.byline_texts = read_byline_texts(tree, index)
    page.comment_threads = comment_threads(index.classed, index.words)
    boxes: list[Any] = []
    for el in _author_elements(tree, boxes, index):
        text = visible_text(el)
        if 2 <= len(text) <= 80:
            page.author_texts.append(text)
    page.author_box_names = [name for name in map(_box_name, boxes) if name]
    return page


def _box_name(box: Any) -> str | None:
    """The text of an author box's heading or name element ("<h3>Martin Junker</h3>"
    above the writer's bio), or None."""
    for el in box.xpath(_BOX_NAME_XPATH)[:3]:
        text = visible_text(el)
        if 2 <= len(text) <= 60:
            return text
    return None


def _author_elements(tree: Any, boxes: list[Any], index: PageIndex | None = None) -> list[Any]:
    """Byline elements: rel=author, itemprop=author, ``<byline>``, author-like class or id
    (``PageIndex.bylines``; headings are not among them).

    Elements holding blocks are author boxes or whole bylines, not a name: they go to
    ``boxes``. Anything inside comments is skipped.
    """
    index = index or index_page(tree)
    found: list[Any] = []
    for el in index.bylines:
        if _in_comments(el, index):
            continue
        if next(el.iterdescendants(*_BLOCK_TAGS), None) is not None:
            if len(boxes) < _MAX_AUTHOR_ELEMENTS:
                boxes.append(el)
            continue
        found.append(el)
        if len(found) >= _MAX_AUTHOR_ELEMENTS:
            break
    return found


# --- dates and languages ----------------------------------------------------------------


def published_candidates(page: PageMeta) -> list[tuple[str, str]]:
    """Machine-readable publication times, best first, as (value, method)."""
    found: list[tuple[str, str]] = []
    for key in ("datePublished", "dateCreated"):
        value = jsonld_text(page.jsonld.get(key))
        if value:
            found.append((value, "jsonld"))
    strong = [k for k in PUBLISHED_META if k not in WEAK_PUBLISHED_META]
    found.extend((page.meta[k], "meta") for k in strong if page.meta.get(k))
    ranked = sorted(page.times, key=lambda t: _time_rank(t[1]))
    found.extend((value, "time") for value, words in ranked if "modif" not in words)
    found.extend((page.meta[k], "meta") for k in WEAK_PUBLISHED_META if page.meta.get(k))
    return found


def modified_candidates(page: PageMeta) -> list[tuple[str, str]]:
    """Machine-readable modification times, best first, as (value, method)."""
    found: list[tuple[str, str]] = []
    value = jsonld_text(page.jsonld.get("dateModified"))
    if value:
        found.append((value, "jsonld"))
    found.extend((page.meta[k], "meta") for k in MODIFIED_META if page.meta.get(k))
    found.extend((value, "time") for value, words in page.times if _time_rank(words) == 3)
    return found


def _time_rank(words: str) -> int:
    """Rank of a ``<time>`` element by its class words, best first: 0 "published", 1 a
    date, 2 unnamed, 3 a modification ("updated", "updated-date", "modified").

    WordPress themes print ``time.entry-date.published`` beside ``time.updated``, and
    Foxiz puts its "updated-date" first; a ``time.updated`` alone is still a date.
    """
    if "publish" in words:
        return 0
    if "modif" in words or "updat" in words:
        return 3
    return 1 if "date" in words else 2


def declared_languages(page: PageMeta) -> list[tuple[str, str]]:
    """Languages the page declares, as (code, method)."""
    found = []
    if page.html_lang:
        found.append((page.html_lang, "html-lang"))
    if page.meta.get("og:locale"):
        found.append((page.meta["og:locale"], "og-locale"))
    lang = jsonld_text(page.jsonld.get("inLanguage"))
    if lang:
        found.append((lang, "jsonld"))
    return found
