"""Article metadata from the page head: JSON-LD, OpenGraph/meta, ``<time>``, ``<h1>``, ``<title>``.

Read with lxml XPath on the tree that is then handed to trafilatura, so the page is parsed
once (lxml parses a typical news page in about 1 ms; BeautifulSoup took about 24 ms on the
same pages). Readers return raw strings; the candidate lists (``published_candidates``,
``declared_languages``) rank them, ``headline.py`` picks the headline, ``authors.py`` the
author and ``published.py`` the dates.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from lxml import html as lxml_html
from trafilatura.utils import repair_faulty_html

from ingest.extract.author_tables import AUTHOR_CLASS_WORDS, alternation

ARTICLE_TYPES = frozenset(
    {
        "article",
        "newsarticle",
        "reportagenewsarticle",
        "analysisnewsarticle",
        "opinionnewsarticle",
        "backgroundnewsarticle",
        "reviewnewsarticle",
        "blogposting",
        "liveblogposting",
        "socialmediaposting",
        "scholarlyarticle",
        "techarticle",
        "report",
        "webpage",
        "posting",
    }
)
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
# Class/id words of byline elements, matched case-insensitively ("ArticleAuthor").
# Matched against lower-cased class and id (an alternation with re.IGNORECASE is several
# times slower, and this runs on every element).
_AUTHOR_CLASS = re.compile(alternation([AUTHOR_CLASS_WORDS]))
_NOT_BYLINE_TAGS = frozenset(
    ["meta", "link", "script", "style", "body", "html", "h1", "h2", "h3", "h4", "h5", "h6"]
)
_HOLDS_BLOCKS = "boolean(.//p or .//div or .//h2 or .//h3 or .//h4 or .//li or .//img)"
_MAX_AUTHOR_ELEMENTS = 20
# An author box's name: its first heading, or an element whose class says "name".
_BOX_NAME_XPATH = (
    ".//*[self::h2 or self::h3 or self::h4 or self::h5 or self::strong"
    ' or contains(@class, "name")][not(.//p or .//div or .//li or .//img)]'
)
SITE_META = ("og:site_name", "application-name", "apple-mobile-web-app-title")
_SPACE = re.compile(r"\s+")
# Headline candidates on the page: h1/h2, and elements whose class or itemprop names the
# article's title (WordPress "entry-title", "post-title", BEM "article__headline"...).
_HEADING_XPATH = (
    '//h1 | //h2 | //*[@itemprop="headline"] | //*[contains(@class, "itle")'
    ' or contains(@class, "eadline")][not(self::h1 or self::h2 or self::body or self::html)]'
)
HEADLINE_CLASS = re.compile(
    r"(?:entry|post|article|story|news|content|page|single|main|detail|item)[-_]*(?:title|headline)"
    r"|headline"
)
# Words start a class name or follow "-"/"_" ("td-related-posts", not "withsidebar");
# Elementor calls every block of the article an "elementor-widget".
# A sidebar only as a class of its own ("sidebar", "sidebar-primary"): layout classes
# ("right-sidebar") and sticky-sidebar plugins ("theiaStickySidebar") wrap the article too.
FURNITURE_CLASS = re.compile(
    r"(?<![a-z])(?:logo|site[-_]?(?:title|name)|brand|(?<!elementor-)widget|related|"
    r"teaser|comment(?!ary)|aural|sr-only|screen-reader|visually-hidden|hidden|hide|menu|nav|"
    r"breadcrumb|footer|modal|login|popup|newsletter|sub-?title|strapline|kicker|overline|"
    r"dachzeile|recommend)|(?:^|\s)sidebar"
)
MAX_HEADINGS = 60
COMMENT_WORD = re.compile(r"comment(?!ary)")  # a comment thread's class or id, not "commentary"
MAX_TIMES = 10  # <time> elements read
MAX_HEADLINE_CHARS = 300
# The current date that news themes print in their header bar (Jannah "topbar-today-date",
# tagDiv "td-header-date", JNews "jeg_top_date"), and clocks and tickers.
TODAY_CLASS = re.compile(
    r"today|top[-_]?(?:bar|line|header|strip|date)|header-date|current-?date|date-?now|clock|"
    r"(?:^|\s)(?:uhr|horloge|reloj|orologio)(?:\s|$)|"
    # a breaking-news bar, not a breaking story's own "breaking-time"
    r"ticker|breaking[-_]?(?:news|bar|line|slider|ticker|track)"
)
MAX_BYLINE_CHARS = 160
TEASER_HEADLINE_WORDS = 5
MIN_TWO_DATES_DIGITS = 12  # a date area with fewer digits cannot hold a stamp and a date
MAX_TODAY_BAR_CHARS = 200
# A tooltip holding a full timestamp: a year and a clock time, in any digits.
TITLE_STAMP = re.compile(r"\d{4}\D.*\d:\d\d|\d:\d\d.*\D\d{4}(?!\d)")
MAX_STAMP_CHARS = 60
_MARKS = re.compile("[\u200e\u200f\u061c]")  # direction marks of a browser's Arabic locale
ISO_STAMP = re.compile(r"^\d{4}-\d\d-\d\d(?:[T ]\d\d:\d\d)?")
MAX_BYLINE_TEXTS = 60
# Class/id words that mark byline and date areas in themes (WordPress, Drupal, custom CMSs).
BYLINE_CLASS = re.compile(r"date|time|meta|byline|post-info|posted|publish|info")


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

    @property
    def site_names(self) -> list[str]:
        """Names the site gives itself (og:site_name, JSON-LD publisher...)."""
        names = [self.meta[k] for k in SITE_META if self.meta.get(k)]
        publisher = self.jsonld.get("publisher")
        if isinstance(publisher, dict) and isinstance(publisher.get("name"), str):
            names.append(publisher["name"])
        return [clean_space(n) for n in names if clean_space(n)]


def clean_space(text: str | None) -> str:
    """Collapse whitespace runs to one space and trim."""
    return _SPACE.sub(" ", text or "").strip()


def node_text(el: Any) -> str:
    """The visible text of an lxml element, whitespace collapsed."""
    try:
        return clean_space(el.text_content())
    except (ValueError, AttributeError):
        return ""


def visible_text(el: Any) -> str:
    """Text of an element without its <style>/<script> content."""
    parts = el.xpath(".//text()[not(ancestor::style)][not(ancestor::script)]")
    return clean_space(" ".join(str(p) for p in parts))


# --- JSON-LD -----------------------------------------------------------------------------


def _load_json(raw: str) -> Any:
    """Parse a JSON-LD block, tolerating the usual CMS damage."""
    raw = raw.strip().removeprefix("<!--").removesuffix("-->").strip()
    raw = raw.removeprefix("//<![CDATA[").removesuffix("//]]>").strip()
    try:
        return json.loads(raw, strict=False)
    except ValueError:
        pass
    # Trailing commas and bare newlines inside strings are the common breakages.
    fixed = re.sub(r",\s*([}\]])", r"\1", raw)
    try:
        return json.loads(fixed, strict=False)
    except ValueError:
        return None


def _flatten(node: Any) -> list[dict[str, Any]]:
    """Every object in a JSON-LD value, descending into lists and @graph."""
    found: list[dict[str, Any]] = []
    stack = [node]
    while stack and len(found) < 200:
        item = stack.pop()
        if isinstance(item, list):
            stack.extend(reversed(item))
        elif isinstance(item, dict):
            found.append(item)
            if "@graph" in item:
                stack.append(item["@graph"])
            main = item.get("mainEntity")
            if isinstance(main, (dict, list)):
                stack.append(main)
    return found


def jsonld_types(obj: dict[str, Any]) -> set[str]:
    """Lower-cased schema.org types of a JSON-LD object."""
    raw = obj.get("@type", [])
    values = raw if isinstance(raw, list) else [raw]
    return {str(v).rsplit("/", 1)[-1].lower() for v in values}


def read_jsonld(tree: Any) -> dict[str, Any]:
    """Return the page's article object from JSON-LD, merged with its publisher, or {}."""
    objects: list[dict[str, Any]] = []
    for script in tree.xpath('//script[contains(@type, "ld+json")]'):
        data = _load_json(script.text or "")
        if data is not None:
            objects.extend(_flatten(data))
    best: dict[str, Any] = {}
    best_rank = 99
    for obj in objects:
        types = jsonld_types(obj)
        if not types & ARTICLE_TYPES:
            continue
        # A NewsArticle beats the WebPage that wraps it.
        rank = 1 if "webpage" in types and len(types) == 1 else 0
        if rank < best_rank:
            best, best_rank = obj, rank
    if best and "publisher" not in best:
        for obj in objects:
            if jsonld_types(obj) & {"organization", "newsmediaorganization", "website"}:
                best = {**best, "publisher": obj}
                break
    return best


def jsonld_text(value: Any) -> str | None:
    """A JSON-LD value as one string (first of a list, ``name`` of an object)."""
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("name") or value.get("@value")
    if not isinstance(value, (str, int, float)) or not value:
        return None
    return clean_space(html.unescape(str(value)))  # Rank Math writes "Libya&#039;s"


def jsonld_authors(value: Any) -> list[str]:
    """Author names from a JSON-LD ``author`` (string, object or list of either)."""
    values = value if isinstance(value, list) else [value]
    names = []
    for item in values:
        name = item.get("name") if isinstance(item, dict) else item
        if isinstance(name, list):
            name = name[0] if name else None
        if isinstance(name, str) and clean_space(name) and not looks_like_url(name):
            names.append(clean_space(html.unescape(name)))
    return names


def host_of(url: str) -> str:
    """Lower-cased host of a URL; "" when it has none or is malformed."""
    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""


def looks_like_url(text: str) -> bool:
    """True for a URL or a social handle, which is not an author name."""
    text = text.strip()
    return text.startswith(("http://", "https://", "www.", "@", "/"))


# --- the rest of the head and the byline area ------------------------------------------


def read_meta(tree: Any) -> dict[str, str]:
    """``<meta>`` property/name/itemprop -> content, first occurrence wins."""
    meta: dict[str, str] = {}
    for el in tree.xpath("//meta[@content]"):
        key = el.get("property") or el.get("name") or el.get("itemprop")
        content = clean_space(el.get("content"))
        if key and content:
            meta.setdefault(key.strip().lower(), content)
    # hAtom microformat (Blogger, old WordPress themes): <abbr class="published" title=ISO>.
    for el in tree.xpath(
        '//*[@title][contains(@class, "published") or contains(@class, "updated")]'
    ):
        title = el.get("title", "").strip()
        if ISO_STAMP.match(title):
            key = "datepublished" if "published" in el.get("class", "") else "datemodified"
            meta.setdefault(key, title)
    for el in tree.xpath("//*[@itemprop][not(self::meta)]"):
        prop = el.get("itemprop", "").lower()
        if prop in ("datepublished", "datemodified") and el.get("datetime"):
            meta.setdefault(prop, el.get("datetime"))
    return meta


def _class_words(el: Any) -> str:
    """Lower-cased class and id of an element."""
    return f"{el.get('class', '')} {el.get('id', '')}".lower()


def read_headings(tree: Any) -> list[Heading]:
    """Visible headings and headline-classed elements, outside page furniture."""
    found: list[Heading] = []
    for el in tree.xpath(_HEADING_XPATH)[:MAX_HEADINGS]:
        words = _class_words(el)
        marked = el.get("itemprop", "").lower() == "headline" or bool(HEADLINE_CLASS.search(words))
        if el.tag not in ("h1", "h2") and not marked:
            continue
        if in_furniture(el):
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


def _in_related(el: Any) -> bool:
    """True for an element inside a related-posts block (OceanWP's "related-post")."""
    return any("related" in _class_words(up) for up in list(el.iterancestors())[:6])


def _in_comments(el: Any) -> bool:
    """True for an element inside a comment thread."""
    return any(COMMENT_WORD.search(_class_words(up)) for up in el.iterancestors())


def is_short(element: Any, limit: int) -> bool:
    """True when the element's text, spaces squeezed, is at most ``limit`` characters."""
    size = 0
    for piece in element.itertext():
        size += len(" ".join(piece.split()))
        if size > limit:
            return False
    return True


def in_furniture(el: Any) -> bool:
    """True for an element in (or being) a logo, menu, sidebar, teaser or hidden block.

    The classes of the page's ``<main>`` and of the article itself describe its layout
    (Kadence's ``article.post-footer-area-boxed``), not furniture; an ``<article>``
    card inside a sidebar is still caught by the sidebar above it.
    """
    for _ in range(6):
        if el is None or el.tag in ("body", "html"):
            return False
        if el.tag in ("nav", "aside", "footer"):
            return True
        if el.tag not in ("main", "article") and FURNITURE_CLASS.search(_class_words(el)):
            return True
        el = el.getparent()
    return False


def read_page(tree: Any) -> PageMeta:
    """Collect the raw metadata of a parsed page."""
    page = PageMeta(jsonld=read_jsonld(tree), meta=read_meta(tree))
    titles = tree.xpath("//title")
    page.title = node_text(titles[0]) if titles else None
    page.h1 = [t for t in (visible_text(h) for h in tree.xpath("//h1")[:5]) if t]
    page.headings = read_headings(tree)
    for link in tree.xpath('//link[@href][contains(concat(" ", @rel, " "), " canonical ")]'):
        page.canonical = link.get("href").strip()
        break
    roots = tree.xpath("/html")
    if roots is not None and len(roots) and roots[0].get("lang"):
        page.html_lang = roots[0].get("lang").strip()
    for el in tree.xpath("//time[@datetime]")[:MAX_TIMES]:
        # A comment's timestamp dates someone else's text; a related post's, another story.
        if not _in_comments(el) and not _in_related(el) and not _beside_headline_link(el):
            page.times.append((el.get("datetime").strip(), _class_words(el)))
    classed = tree.xpath(_CLASSED)
    page.byline_texts = read_byline_texts(tree, classed)
    page.comment_threads = comment_threads(classed)
    boxes: list[Any] = []
    for el in _author_elements(tree, boxes):
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


_CLASSED = "//body//*[@class or @id][not(self::script or self::style)]"
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


def read_byline_texts(tree: Any, classed: list[Any] | None = None) -> list[str]:
    """Texts of byline and date areas: class/id naming a date or meta block, short text.

    Class names are compared in lower case (K2's "itemDateCreated", "postDate"); words
    are joined with spaces ("سالم الورفلي" and "منذ 3 ساعات" in sibling spans stay
    apart). Areas in page furniture are skipped: the header's "today" date of news
    themes, menus, sidebars, related-article and comment dates.
    """
    # "قبل 4 ساعات" shown, the exact time in a tooltip: title="2026-11-29 08:05",
    # "٢٩/١١/٢٠٢٦، ٦:١٢:٣٠ ص" (a browser's Arabic locale): more precise, so first.
    found: list[str] = []
    for el in tree.xpath('//body//*[contains(@title, ":")]'):
        stamp = _MARKS.sub("", el.get("title", "")).strip()
        if len(stamp) <= MAX_STAMP_CHARS and TITLE_STAMP.search(stamp) and _in_byline_area(el):
            found.append(stamp)
    # Avada's hidden "updated" stamp sits inside the meta line, before the date shown:
    # the line without it comes first. MH Magazine's only date is "updated" too.
    for el in tree.xpath(_CLASSED) if classed is None else classed:
        if len(found) >= MAX_BYLINE_TEXTS:
            break
        if not BYLINE_CLASS.search(_class_words(el)) or _shows_today(el):
            continue
        texts = [visible_text(el)]
        digits = sum(c.isdigit() for c in texts[0])
        if (
            digits >= MIN_TWO_DATES_DIGITS
            and len(texts[0]) <= 2 * MAX_BYLINE_CHARS
            and el.xpath(_HOLDS_UPDATED)
        ):
            texts.insert(0, clean_space(" ".join(str(p) for p in el.xpath(_NOT_UPDATED_TEXT))))
        for text in dict.fromkeys(texts):
            if 4 <= len(text) <= MAX_BYLINE_CHARS:
                found.append(text)
    return found


def today_bars(tree: Any) -> list[Any]:
    """Short elements that show today's date or the time (a masthead's "Donnerstag, 16.
    Februar 2012", a header clock, a ticker): they date the visit, not the article. A
    "topline" beside the headline (German CMSs' kicker line, "24.01.2022 - Meldung") is
    the article's own and stays. Only htmldate needs them: found on demand."""
    found = [
        el
        for el in tree.xpath(_CLASSED)
        if TODAY_CLASS.search(_class_words(el))
        and is_short(el, MAX_TODAY_BAR_CHARS)
        and not _beside_headline(el)
    ]
    inside = set(found)
    return [el for el in found if not any(up in inside for up in el.iterancestors())]


def _beside_headline(el: Any) -> bool:
    """True when the element's parent also holds an ``<h1>``."""
    parent = el.getparent()
    return parent is not None and bool(parent.xpath(".//h1"))


def comment_threads(classed: list[Any]) -> list[Any]:
    """The outermost elements whose class or id names comments ("commentary" is text)."""
    found = [el for el in classed if COMMENT_WORD.search(_class_words(el))]
    inside = set(found)
    return [el for el in found if not any(up in inside for up in el.iterancestors())]


def _in_byline_area(el: Any) -> bool:
    """True for an element in (or being) a byline or date area outside page furniture."""
    for up in [el, *el.iterancestors()][:4]:
        if BYLINE_CLASS.search(_class_words(up)):
            return not _shows_today(up)
    return False


def _shows_today(el: Any) -> bool:
    """True for a date area in furniture: a "today" bar, a menu, a sidebar, comments."""
    return in_furniture(el) or any(
        TODAY_CLASS.search(_class_words(up)) for up in [el, *el.iterancestors()][:8]
    )


def _author_elements(tree: Any, boxes: list[Any]) -> list[Any]:
    """Byline elements: rel=author, itemprop=author, ``<byline>``, author-like class or id.

    Elements holding blocks are author boxes or whole bylines, not a name: they go to
    ``boxes``. Headings and anything inside comments are skipped. A Python walk (about 2 ms a page): the same test
    as an XPath with case-folding ``translate()`` took about 15 ms.
    """
    found: list[Any] = []
    for el in tree.xpath("//*[@class or @id or @itemprop or @rel or self::byline]"):
        if el.tag in _NOT_BYLINE_TAGS:
            continue
        css, ident = el.get("class"), el.get("id")
        if not (
            (css and _AUTHOR_CLASS.search(css.lower()))
            or (ident and _AUTHOR_CLASS.search(ident.lower()))
            or el.tag == "byline"
            or el.get("itemprop") == "author"
            or "author" in el.get("rel", "").split()
        ):
            continue
        if _in_comments(el):
            continue
        if el.xpath(_HOLDS_BLOCKS):
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


_PARSER = lxml_html.HTMLParser(
    collect_ids=False,
    default_doctype=False,
    encoding="utf-8",
    remove_comments=True,
    remove_pis=True,
    huge_tree=True,
)


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
    text = re.sub(r"^\s*<\?xml[^>]*\?>", "", text)
    if not fragment:
        text = repair_faulty_html(text, text[:50].lower())
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
