"""Attribution lines of aggregators: who first published a republished story.

libyaakhbar.com ("ليبيا الان") wraps each copied story in a banner line, a header
``مصدر الخبر / صحيفة الساعة 24``, a footer ``يمكنك ايضا قراءة الخبر في المصدر من ...``
and an "about the source" box (``عن مصدر الخبر`` then the outlet's name). These forms are
recognised without a per-source rule, on any page, as are the plainer "المصدر: X" and
"نقلا عن موقع X" of other aggregators: without ``aggregator: true`` only the
first and last few paragraphs are searched, with it the whole body. The short name from
the header is preferred, as the aggregator writes it (``بوابة الوسط``, not ``موقع بوابة
الوسط``), so that it matches the outlet's own name. A link in one of these lines that
leaves the site is the original story's URL, whatever its text; ``ingest.originals``
turns the name and the link into a configured source id.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin, urlsplit

from ingest.extract.metadata import is_short

# Paragraphs searched at each end of the body when the source is not a known aggregator.
EDGE_PARAGRAPHS = 4
MAX_NAME_CHARS = 60
MAX_CONTEXT_CHARS = 300  # text around a link that still counts as its attribution line

_AYDAN = r"(?:ا|أ|إ)يض(?:ا|اً|ًا|آ)"
BANNER = re.compile(r"^\s*ليبيا\s+(?:الان|الآن)\s*$")
# "مصدر الخبر / X" (libyaakhbar) and the plain "المصدر: X" of other aggregators.
HEADER = re.compile(r"^\s*(?:مصدر\s+الخبر|المصدر)\s*[/:：|\-–]\s*(?P<name>\S.*?)\s*$")
FOOTER = re.compile(
    rf"^\s*(?:(?:يمكنك|يمكنكم)\s+{_AYDAN}\s+قراءة\s+الخبر\s+(?:في|فى)\s+المصدر\s+من|"
    r"(?:نقلا|نقلاً|نقلًا)\s+عن|"
    # "نُشر هذا الخبر أولاً على X", "نشر المقال لأول مرة في موقع X"
    r"نُ?شر(?:ت)?\s+(?:هذا\s+)?(?:الخبر|المقال|التقرير|الموضوع)\s+"
    r"(?:(?:أولا|أولاً|اولا|أوّلاً|لأول\s+مرة)\s+)?(?:على|في|فى|عبر))\s*:?\s*(?P<name>\S.*?)\s*$"
)
# "نقلا عن موقع صحيفة المرصد": the outlet is "صحيفة المرصد", as its own pages name it.
_WEBSITE_PREFIX = re.compile(r"^(?:موقع|الموقع\s+الإلكتروني\s+ل|صفحة)\s+")
ABOUT = re.compile(r"^\s*عن\s+مصدر\s+الخبر\s*:?\s*(?P<name>.*?)\s*$")
# Words that mark a line as attribution when looking for the link to the original.
LINK_CONTEXT = ("مصدر الخبر", "قراءة الخبر في المصدر", "المصدر", "من المصدر")
MAX_LINKS = 3000
# Words one of the attribution lines above holds; a page without any cites no one.
CUES = ("المصدر", "مصدر الخبر", "نقلا", "نقلًا", "أولا", "اولا", "أوّلا", "لأول مرة")
# A letter every cue holds (lam): one search for it rules out a page in another script,
# which each cue's own search reads to the end (9 searches, 0.47 ms on a dev page at the
# median; the letter's 0.02 ms).
CUE_LETTER = "ل"
# Elements that sit inside a line of text: the line is their nearest other ancestor.
INLINE_TAGS = frozenset({"a", "b", "strong", "em", "i", "span", "font", "small", "u", "bdi"})
DEFAULT_PORTS = {"http": 80, "https": 443}
Site = tuple[str, int | None]  # host without www., port when not the scheme's default
# A link to the original that says only "source".
SOURCE_BUTTON = re.compile(r"^(?:المصدر|رابط\s+المصدر|المصدر\s+الأصلي|الخبر\s+من\s+المصدر)$")


@dataclass
class Attribution:
    """The original publisher of a republished story, and the body without the wrapper."""

    paragraphs: list[str]
    original_source: str | None = None
    original_url: str | None = None
    found: list[str] = field(default_factory=list)  # which forms were seen


def _clean_name(name: str) -> str | None:
    """A source name as written, without trailing punctuation; None when implausible."""
    name = _WEBSITE_PREFIX.sub("", name.strip(" .:،,-–/|"))
    return name if 1 < len(name) <= MAX_NAME_CHARS else None


def find_attribution(paragraphs: list[str], *, aggregator: bool = False) -> Attribution:
    """Strip banner, header, footer and source box; return the original source's name."""
    n = len(paragraphs)
    searchable = (
        set(range(n))
        if aggregator
        else {i for i in range(n) if i < EDGE_PARAGRAPHS or i >= n - EDGE_PARAGRAPHS}
    )
    result = Attribution(paragraphs=[])
    header_name = footer_name = about_name = None
    drop_next_as_name = False
    for i, para in enumerate(paragraphs):
        if drop_next_as_name:
            drop_next_as_name = False
            if len(para) <= MAX_NAME_CHARS:
                about_name = about_name or _clean_name(para)
                continue
        if i not in searchable:
            result.paragraphs.append(para)
            continue
        if BANNER.match(para) and i < EDGE_PARAGRAPHS:
            result.found.append("banner")
            continue
        if (m := HEADER.match(para)) and len(para) <= MAX_NAME_CHARS + 20:
            header_name = header_name or _clean_name(m.group("name"))
            result.found.append("header")
            continue
        if (m := FOOTER.match(para)) and len(para) <= MAX_NAME_CHARS + 60:
            footer_name = footer_name or _clean_name(m.group("name"))
            result.found.append("footer")
            continue
        if (m := ABOUT.match(para)) and len(para) <= MAX_NAME_CHARS + 20:
            result.found.append("about")
            if m.group("name"):
                about_name = about_name or _clean_name(m.group("name"))
            else:
                drop_next_as_name = True
            continue
        result.paragraphs.append(para)
    result.original_source = header_name or footer_name or about_name
    return result


def may_cite(html: str) -> bool:
    """True when a page's HTML holds a word of an attribution line (a cheap pre-check)."""
    return CUE_LETTER in html and any(cue in html for cue in CUES)


def may_link(html: str) -> bool:
    """True when a page's HTML holds "المصدر", which a linked source line starts with."""
    return CUE_LETTER in html and "المصدر" in html


def find_linked_source(tree: Any, page_url: str) -> tuple[str, str] | None:
    """An "المصدر: <a href=original>X</a>" line anywhere on the page, as (X, its URL).

    Excerpt aggregators print it beside a "read the whole story" button, outside the
    text; the off-site link is what makes it an attribution rather than an image credit
    or a ministry quoted as source. A link that says only "المصدر" takes its name from
    the outlet's logo beside it. Read before the main-text extractor prunes the page.
    """
    own = _site(page_url)
    for a in tree.xpath("//body//a[@href]")[:MAX_LINKS]:
        line = a.getparent()
        if line is None or not is_short(line, MAX_NAME_CHARS + 20):
            continue
        match = HEADER.match(" ".join(line.text_content().split()))
        name = _clean_name(match.group("name")) if match else None
        if name is None and SOURCE_BUTTON.match(" ".join(a.text_content().split())):
            # "<a><img alt='بوابة أفريقيا الإخبارية'></a> <a>المصدر</a>": the logo names it
            alts = [img.get("alt", "") for img in line.xpath(".//img[@alt]")]
            name = next((n for n in map(_clean_name, alts) if n), None)
        href = _offsite_href(a, page_url, own) if name is not None else None
        if name is not None and href is not None:
            return name, href
    return None


def _offsite_href(link: Any, page_url: str, own: Site) -> str | None:
    """The absolute address a link points to when it leaves the site (or its subdomains)."""
    try:
        href = urljoin(page_url, str(link.get("href", "")).strip())
    except ValueError:
        return None
    host, port = _site(href)
    if not href.startswith(("http://", "https://")) or not host or (host, port) == own:
        return None
    if port == own[1] and (host.endswith("." + own[0]) or own[0].endswith("." + host)):
        return None
    return href


def _site(url: str) -> Site:
    """A URL's site: ("", None) when malformed.

    The port is part of it (RFC 6454 origins): two sites may share an address.
    """
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return "", None
    if port == DEFAULT_PORTS.get(parts.scheme):
        port = None
    return (parts.hostname or "").lower().removeprefix("www."), port


def _is_front_page(url: str) -> bool:
    """True for a site's home page (the outlet's logo link), not one of its stories."""
    parts = urlsplit(url)
    return not parts.path.strip("/") and not parts.query


def _attribution_line(link: Any) -> str:
    """The text of the line a link sits in (inline wrappers climbed); "" when not short."""
    line = link.getparent()
    while line is not None and line.tag in INLINE_TAGS and line.getparent() is not None:
        line = line.getparent()
    if line is None or line.tag in ("body", "html") or not is_short(line, MAX_CONTEXT_CHARS):
        return ""
    return " ".join(line.text_content().split())


def _story_links(tree: Any, page_url: str) -> Iterator[tuple[Any, str]]:
    """Each link that leaves the site for a page other than a front page, with its URL."""
    own = _site(page_url)
    for a in tree.xpath("//body//a[@href]")[:MAX_LINKS]:
        href = _offsite_href(a, page_url, own)
        if href is not None and not _is_front_page(href):
            yield a, href


def find_cited_link(tree: Any, page_url: str) -> str | None:
    """The off-site link inside an attribution line: the original story, whatever it says.

    The line is "مصدر الخبر / <a>X</a>", "المصدر: <a>", "نقلا عن <a>", "نُشر أولاً على
    <a>" or the "read it at the source" footer. Read it before the main-text extractor
    prunes the page: the footer is boilerplate to it.
    """
    for a, href in _story_links(tree, page_url):
        line = _attribution_line(a)
        if HEADER.match(line) or FOOTER.match(line):
            return href
    return None


def find_original_url(tree: Any, page_url: str, source_name: str | None = None) -> str | None:
    """An off-site link in or next to the attribution lines, pointing at the original story.

    A link inside an attribution line wins (``find_cited_link``); then the first link
    that says only "source", or whose line mentions the source or ``source_name``.
    """
    cited = find_cited_link(tree, page_url)
    if cited is not None:
        return cited
    for a, href in _story_links(tree, page_url):
        text = " ".join(a.text_content().split())
        context = f"{text} {_attribution_line(a)}"
        if (
            SOURCE_BUTTON.match(text)
            or any(word in context for word in LINK_CONTEXT)
            or (source_name and source_name in context)
        ):
            return href
    return None
