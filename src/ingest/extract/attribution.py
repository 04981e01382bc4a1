"""Attribution lines of aggregators: who first published a republished story.

libyaakhbar.com ("ليبيا الان") wraps each copied story in a banner line, a header
``مصدر الخبر / صحيفة الساعة 24``, a footer ``يمكنك ايضا قراءة الخبر في المصدر من ...``
and an "about the source" box (``عن مصدر الخبر`` then the outlet's name). These forms are
recognised without a per-source rule, on any page, as are the plainer "المصدر: X" and
"نقلا عن موقع X" of other aggregators: without ``aggregator: true`` only the
first and last few paragraphs are searched, with it the whole body. The short name from
the header is preferred, as the aggregator writes it (``بوابة الوسط``, not ``موقع بوابة
الوسط``), so that it matches the outlet's own name.
"""

from __future__ import annotations

import re
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


def find_linked_source(tree: Any, page_url: str) -> tuple[str, str] | None:
    """An "المصدر: <a href=original>X</a>" line anywhere on the page, as (X, its URL).

    Excerpt aggregators print it beside a "read the whole story" button, outside the
    text; the off-site link is what makes it an attribution rather than an image credit
    or a ministry quoted as source. A link that says only "المصدر" takes its name from
    the outlet's logo beside it. Read before the main-text extractor prunes the page.
    """
    own = _registered_host(page_url)
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


def _offsite_href(link: Any, page_url: str, own: str) -> str | None:
    """The absolute address a link points to when it leaves the site (or its subdomains)."""
    try:
        href = urljoin(page_url, str(link.get("href", "")).strip())
    except ValueError:
        return None
    host = _registered_host(href)
    if not href.startswith(("http://", "https://")) or not host or host == own:
        return None
    if host.endswith("." + own) or own.endswith("." + host):
        return None
    return href


def _registered_host(url: str) -> str:
    """Host without ``www.`` for comparing sites; "" for a malformed URL."""
    try:
        return (urlsplit(url).hostname or "").lower().removeprefix("www.")
    except ValueError:
        return ""


def find_original_url(tree: Any, page_url: str, source_name: str | None) -> str | None:
    """An off-site link next to the attribution lines, pointing at the original story."""
    own = _registered_host(page_url)
    for a in tree.xpath("//body//a[@href]"):
        href = _offsite_href(a, page_url, own)
        if href is None:
            continue
        parent = a.getparent()
        context = a.text_content()
        if parent is not None and parent.tag not in ("body", "html"):
            # The attribution line around the link, not a whole page section.
            context += " " + parent.text_content()[:MAX_CONTEXT_CHARS]
            if len(parent.text_content()) > MAX_CONTEXT_CHARS:
                context = a.text_content()
        if any(word in context for word in LINK_CONTEXT) or (
            source_name and source_name in context
        ):
            return href
    return None
