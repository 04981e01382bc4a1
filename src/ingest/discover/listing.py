"""Listing (section) pages → Candidates, by the CSS selector configured for the source.

BeautifulSoup with the lxml parser and soupsieve: the same CSS dialect the extraction
rules use, so a selector that works in ``rules:`` works in ``listings:`` too. Bytes are
decoded by ``ingest.encoding`` as the fetch layer does: BOM, ``<meta charset>`` (older
Libyan PHP sites still declare windows-1256), then detection with an Arabic prior.

Example::

    result = parse_listing(page.text, source="wasat", page_url=page.url,
                           links_css="div.title > a", next_css="a.next")
"""

from __future__ import annotations

import warnings
from collections.abc import Collection
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from bs4 import BeautifulSoup, Tag

from ingest.discover import collapse_spaces
from ingest.encoding import decode_html
from ingest.models import Candidate

# Allowed-hosts wildcard: accept links to any host (a source with ``allow_offsite: true``).
ANY_HOST = "*"


@dataclass(frozen=True)
class ListingResult:
    """Article candidates of one listing page, the older-page link, and what went wrong."""

    candidates: list[Candidate]
    next_url: str | None
    problems: list[str]


def host_key(host: str) -> str:
    """Return a host name compared without case, port or a leading ``www.``."""
    host = host.lower().split(":", 1)[0].rstrip(".")
    return host[4:] if host.startswith("www.") else host


def link_of(element: Tag) -> Tag | None:
    """Return the ``<a href>`` a selected element is, contains, or sits inside."""
    if element.name == "a" and element.get("href") is not None:
        return element
    inner = element.find("a", href=True)
    if isinstance(inner, Tag):
        return inner
    outer = element.find_parent("a", href=True)
    return outer if isinstance(outer, Tag) else None


def clean_link(base: str, href: str) -> str | None:
    """Return ``href`` as an absolute http(s) URL without fragment, or None to drop it."""
    href = href.strip()
    if not href or href.startswith("#"):
        return None
    try:
        url = urljoin(base, href)
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None  # javascript:, mailto:, tel:, data:, whatsapp: share buttons
    return parts._replace(fragment="").geturl()


def link_title(element: Tag, anchor: Tag) -> str | None:
    """Return the text a reader sees for a link: its text, else its title attribute."""
    text = collapse_spaces(element.get_text(" ")) or collapse_spaces(anchor.get_text(" "))
    if text:
        return text
    title = anchor.get("title")
    return collapse_spaces(title) if isinstance(title, str) else None


def select(soup: BeautifulSoup, css: str, problems: list[str], role: str) -> list[Tag] | None:
    """Run a CSS selector; a bad selector becomes a problem and None, not an exception."""
    try:
        return list(soup.select(css))
    except Exception as exc:  # soupsieve raises SelectorSyntaxError and friends
        problems.append(f"the {role} selector {css!r} is not valid CSS: {exc}")
        return None


def parse_listing(
    html: bytes | str,
    *,
    source: str,
    page_url: str,
    links_css: str,
    next_css: str | None = None,
    allowed_hosts: Collection[str] | None = None,
    max_links: int = 500,
) -> ListingResult:
    """Find article links on a section page with a CSS selector; never raises.

    ``allowed_hosts`` defaults to the page's own host (``www.`` ignored); ``"*"`` in it
    accepts every host. Links to other hosts are dropped and counted in ``problems``.
    """
    problems: list[str] = []
    text = decode_html(html, None)[0] if isinstance(html, bytes) else html
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # bs4 warns about markup that "looks like" a URL
        soup = BeautifulSoup(text, "lxml")
    base = page_url
    base_tag = soup.find("base", href=True)
    if isinstance(base_tag, Tag):
        base_href = base_tag.get("href")
        if isinstance(base_href, str) and base_href.strip():
            resolved = urljoin(page_url, base_href.strip())
            # A javascript: or data: base would turn every relative link into junk.
            if urlsplit(resolved).scheme in ("http", "https"):
                base = resolved

    hosts = {host_key(h) for h in (allowed_hosts or [urlsplit(page_url).hostname or ""])}
    any_host = ANY_HOST in hosts
    candidates: list[Candidate] = []
    index: dict[str, int] = {}
    offsite = dropped = 0
    selected = select(soup, links_css, problems, "links")
    for element in selected or []:
        anchor = link_of(element)
        href = anchor.get("href") if anchor is not None else None
        url = clean_link(base, href) if isinstance(href, str) else None
        if anchor is None or url is None:
            dropped += 1
            continue
        if not any_host and host_key(urlsplit(url).hostname or "") not in hosts:
            offsite += 1
            continue
        title = link_title(element, anchor)
        if url in index:
            # A thumbnail link and a headline link often point at the same article.
            position = index[url]
            if candidates[position].title is None and title:
                candidates[position] = Candidate(
                    source=source, url=url, method="listing", found_on=page_url, title=title
                )
            continue
        if len(candidates) >= max_links:
            problems.append(f"the page has more than {max_links} article links; the rest ignored")
            break
        index[url] = len(candidates)
        candidates.append(
            Candidate(source=source, url=url, method="listing", found_on=page_url, title=title)
        )
    if selected == []:
        problems.append(
            f"the links selector {links_css!r} matched nothing: the page layout may have changed"
        )
    if offsite:
        problems.append(f"{offsite} links to other sites were dropped")
    if dropped:
        problems.append(f"{dropped} matches were not http(s) article links (anchors, javascript:)")
    return ListingResult(candidates, find_next(soup, base, page_url, next_css, problems), problems)


def find_next(
    soup: BeautifulSoup, base: str, page_url: str, next_css: str | None, problems: list[str]
) -> str | None:
    """Return the older-page URL the ``next`` selector points at, or None."""
    if not next_css:
        return None
    for element in select(soup, next_css, problems, "next") or []:
        anchor = link_of(element)
        href = anchor.get("href") if anchor is not None else None
        url = clean_link(base, href) if isinstance(href, str) else None
        if url and url != page_url:
            return url
    return None
