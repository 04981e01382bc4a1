"""What a site says about itself: on its homepage, in its headers, robots.txt and /wp-json/.

Pure readers over what ``autodiscover.probe_site`` fetched: the feeds a page advertises,
the WordPress REST API root it announces (``Link: <…/wp-json/>; rel="https://api.w.org/"``
header or ``<link rel="https://api.w.org/">``), the sitemaps robots.txt lists, and the
site's name, language and CMS. None raises on bad input. BeautifulSoup reads the page, as
in ``listing.py``.
"""

from __future__ import annotations

import json
import re
import warnings
from collections.abc import Mapping
from urllib.parse import urljoin, urlsplit

from bs4 import BeautifulSoup, Tag

from ingest.discover import collapse_spaces
from ingest.encoding import decode_html
from ingest.naming import clean_site_name

FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml")
WORDPRESS_API_REL = "https://api.w.org/"
MAX_WORDPRESS_INDEX_BYTES = 5 * 1024 * 1024  # the /wp-json/ index of a big site is ~1 MB

# One link of a Link header (RFC 8288): <URI> and its parameters, up to the next link.
_LINK_HEADER = re.compile(r"<([^>]*)>\s*((?:;[^,;]*)*)")
_COMMENT_FEED = re.compile(r"/comments/feed|comments|التعليقات", re.I)


def parse_html(html: bytes | str) -> BeautifulSoup:
    """Parse a page with lxml, quietly (bs4 warns about markup that looks like a URL)."""
    text = decode_html(html, None)[0] if isinstance(html, bytes) else html
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return BeautifulSoup(text, "lxml")


def rel_values(tag: Tag) -> list[str]:
    """Return a tag's rel tokens, lower case (bs4 gives a list or a string)."""
    rel = tag.get("rel")
    values = rel.split() if isinstance(rel, str) else list(rel or [])
    return [str(value).lower() for value in values]


def _absolute(href: str, base_url: str) -> str | None:
    try:
        url = urljoin(base_url, href.strip())
    except ValueError:
        return None
    return url if urlsplit(url).scheme in ("http", "https") else None


def find_feed_links(html: bytes | str, base_url: str) -> list[str]:
    """Return the feeds a page advertises with ``<link rel=alternate type=...rss+xml>``.

    Comment feeds are left out: they list comments, not articles.
    """
    links: list[str] = []
    for tag in parse_html(html).find_all("link", href=True):
        if not isinstance(tag, Tag) or "alternate" not in rel_values(tag):
            continue
        kind = str(tag.get("type") or "").lower().split(";")[0].strip()
        if kind not in FEED_TYPES:
            continue
        href = str(tag.get("href") or "").strip()
        title = str(tag.get("title") or "")
        if not href or _COMMENT_FEED.search(href) or _COMMENT_FEED.search(title):
            continue
        url = _absolute(href, base_url)
        if url is not None and url not in links:
            links.append(url)
    return links


def wordpress_api_from_headers(headers: Mapping[str, str], base_url: str = "") -> str | None:
    """The API root a ``Link: <…/wp-json/>; rel="https://api.w.org/"`` header names.

    WordPress sends it with every page; the rel may be quoted or not, among other rels.
    """
    for name, value in headers.items():
        if name.lower() != "link":
            continue
        for match in _LINK_HEADER.finditer(value):
            params = match.group(2).lower().replace('"', " ").replace("'", " ")
            if re.search(r"rel\s*=\s*[^;]*" + re.escape(WORDPRESS_API_REL), params):
                return _absolute(match.group(1), base_url) if base_url else match.group(1).strip()
    return None


def find_wordpress_api(
    html: bytes | str, headers: Mapping[str, str], base_url: str = ""
) -> str | None:
    """Return the WordPress REST API root from the Link header or ``<link rel=api.w.org>``."""
    root = wordpress_api_from_headers(headers, base_url)
    if root is not None:
        return root
    for tag in parse_html(html).find_all("link", href=True):
        if isinstance(tag, Tag) and WORDPRESS_API_REL in rel_values(tag):
            href = str(tag.get("href") or "").strip()
            if href:
                return _absolute(href, base_url) if base_url else href
    return None


def read_wordpress_index(body: bytes) -> dict[str, object] | None:
    """The ``/wp-json/`` index (a JSON object listing ``namespaces``), or None if it is not one."""
    if len(body) > MAX_WORDPRESS_INDEX_BYTES:
        return None
    try:
        index = json.loads(body)
    except (ValueError, RecursionError):
        return None
    if isinstance(index, dict) and isinstance(index.get("namespaces"), list):
        return index
    return None


def find_sitemap_lines(robots_txt: str, base_url: str) -> list[str]:
    """Return the URLs of robots.txt ``Sitemap:`` lines (any case, any position)."""
    urls: list[str] = []
    for line in robots_txt.splitlines():
        key, _, value = line.partition(":")
        if key.strip().lower() == "sitemap" and value.strip():
            url = urljoin(base_url, value.split("#", 1)[0].strip())
            if url not in urls:
                urls.append(url)
    return urls


def describe_homepage(soup: BeautifulSoup, headers: Mapping[str, str]) -> dict[str, str | None]:
    """Return the site's name, language and CMS as the homepage states them."""
    name = None
    site_name = soup.find("meta", attrs={"property": "og:site_name"})
    if isinstance(site_name, Tag):
        name = clean_site_name(collapse_spaces(str(site_name.get("content") or "")))
    if not name and soup.title is not None:
        name = clean_site_name(collapse_spaces(soup.title.get_text(" ")))
    language = None
    if isinstance(soup.html, Tag):
        lang = str(soup.html.get("lang") or "").split("-")[0].lower()
        language = lang if lang.isascii() and lang.isalpha() else None
    generator = soup.find("meta", attrs={"name": "generator"})
    hint = str(generator.get("content") or "") if isinstance(generator, Tag) else ""
    hint += " " + " ".join(v for k, v in headers.items() if k.lower() == "x-generator")
    markup = str(soup)[:200_000]
    cms = None
    if "wordpress" in hint.lower() or "/wp-content/" in markup:
        cms = "WordPress"
    elif "drupal" in hint.lower() or "/sites/default/files/" in markup:
        cms = "Drupal"
    elif hint.strip():
        cms = hint.strip()
    return {"name": name, "language": language, "cms": cms}
