"""Autodiscovery for ``ingest sources add URL``: find a site's feeds, sitemaps and WordPress API.

It looks where sites say they publish (``<link rel=alternate>`` tags, robots.txt
``Sitemap:`` lines, the ``https://api.w.org/`` link) and then at the usual paths, and
keeps an endpoint only when the matching parser accepts what it returns: a homepage
served for ``/feed`` (common on Libyan sites whose feed is switched off) is not a feed.
The network is reached only through the ``fetch`` coroutine handed in (``Fetcher.fetch``),
so robots.txt, politeness and size limits apply as in a normal run. BeautifulSoup reads
the homepage, as in ``listing.py``.

Example::

    result = await probe_site(fetcher.fetch, "https://almarsad.co/")
    print(render_source_yaml(result))
"""

from __future__ import annotations

import json
import re
import warnings
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

from bs4 import BeautifulSoup, Tag

from ingest import clock
from ingest.discover import collapse_spaces
from ingest.discover.feeds import parse_feed
from ingest.discover.sitemaps import parse_sitemap
from ingest.discover.wordpress import parse_posts, posts_url
from ingest.encoding import decode_html
from ingest.models import Page

USUAL_FEED_PATHS = ("/feed/", "/rss", "/rss.xml", "/feed", "/atom.xml", "/?feed=rss2", "/index.xml")
USUAL_SITEMAP_PATHS = (
    "/sitemap.xml",
    "/sitemap_index.xml",
    "/wp-sitemap.xml",
    "/news-sitemap.xml",
    "/sitemap-news.xml",
)
FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml")
WORDPRESS_API_REL = "https://api.w.org/"
# Category and tag feeds linked from a page are many; the first few say enough.
MAX_LINKED_FEEDS = 3
MAX_ROBOTS_SITEMAPS = 5

Fetch = Callable[[str], Awaitable[Page]]

_LINK_HEADER = re.compile(r"<([^>]+)>\s*;([^,]*)")
_COMMENT_FEED = re.compile(r"/comments/feed|comments|التعليقات", re.I)
_SLUG_JUNK = re.compile(r"[^a-z0-9]+")
# Characters outside YAML's printable set, and the line breaks it knows besides \n (NEL,
# U+2028, U+2029): escaped in strings, replaced in comments.
_YAML_UNSAFE = re.compile(
    "[^\t\n\r\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
)


@dataclass(frozen=True)
class ProbeResult:
    """What probing a site found, what it did not, and why."""

    homepage: str
    final_url: str | None = None  # the homepage after redirects
    name: str | None = None  # og:site_name or <title>
    language: str | None = None  # <html lang>
    cms: str | None = None  # WordPress, Drupal... when the page says so
    feeds: list[str] = field(default_factory=list)
    sitemaps: list[str] = field(default_factory=list)
    wordpress: str | None = None
    found: list[str] = field(default_factory=list)
    not_found: list[str] = field(default_factory=list)
    probed_at: str = ""

    @property
    def ok(self) -> bool:
        """True when at least one endpoint was validated."""
        return bool(self.feeds or self.sitemaps or self.wordpress)


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
        try:
            url = urljoin(base_url, href)
        except ValueError:
            continue
        if urlsplit(url).scheme in ("http", "https") and url not in links:
            links.append(url)
    return links


def find_wordpress_api(html: bytes | str, headers: Mapping[str, str]) -> str | None:
    """Return the WordPress REST API root from the Link header or ``<link rel=api.w.org>``."""
    for name, value in headers.items():
        if name.lower() != "link":
            continue
        for match in _LINK_HEADER.finditer(value):
            if WORDPRESS_API_REL in match.group(2):
                return match.group(1).strip()
    for tag in parse_html(html).find_all("link", href=True):
        if isinstance(tag, Tag) and WORDPRESS_API_REL in rel_values(tag):
            href = str(tag.get("href") or "").strip()
            if href:
                return href
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
        name = collapse_spaces(str(site_name.get("content") or ""))
    if not name and soup.title is not None:
        name = collapse_spaces(soup.title.get_text(" "))
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


class _Prober:
    """Holds one probe's fetch function and its findings."""

    def __init__(self, fetch: Fetch) -> None:
        self.fetch = fetch
        self.found: list[str] = []
        self.not_found: list[str] = []

    async def get(self, url: str, *, label: str | None = None) -> Page | None:
        """Fetch a URL; on failure note why (under ``label``, default the URL), return None."""
        label = label or url
        try:
            page = await self.fetch(url)
        except Exception as exc:  # FetchError, or whatever an injected fetch raises
            reason = (str(exc) or type(exc).__name__).replace(f" from {url}", "")
            self.not_found.append(f"{label}: {reason}")
            return None
        if page.status >= 400:
            self.not_found.append(f"{label}: HTTP {page.status}")
            return None
        return page

    async def try_feed(self, url: str, feeds: list[str]) -> bool:
        """Fetch and validate one feed URL; add it to ``feeds`` if it is one."""
        page = await self.get(url)
        return page is not None and self.accept_feed(page, url, feeds)

    def accept_feed(self, page: Page, url: str, feeds: list[str], *, quiet: bool = False) -> bool:
        """Validate a fetched page as a feed; add it to ``feeds`` if it is one."""
        result = parse_feed(
            page.content,
            source="probe",
            feed_url=page.url,
            content_type=page.headers.get("content-type"),
        )
        if not result.is_feed:
            if not quiet:
                self.not_found.append(f"{url}: {result.problems[0]}")
            return False
        if page.url in feeds:
            return True
        feeds.append(page.url)
        dates = sorted(c.published_at for c in result.candidates if c.published_at)
        newest = f", newest {dates[-1]}" if dates else ""
        self.found.append(f"feed {page.url}: {len(result.candidates)} items{newest}")
        return True

    async def try_sitemap(self, url: str, sitemaps: list[str]) -> bool:
        """Fetch and validate one sitemap URL; add it to ``sitemaps`` if it is one."""
        page = await self.get(url)
        if page is None:
            return False
        result = parse_sitemap(page.content, source="probe", sitemap_url=page.url, max_urls=5_000)
        if not result.candidates and not result.sitemaps:
            reason = result.problems[0] if result.problems else "no URLs in it"
            self.not_found.append(f"{url}: {reason}")
            return False
        if page.url in sitemaps:
            return True
        sitemaps.append(page.url)
        if result.sitemaps:
            self.found.append(f"sitemap index {page.url}: {len(result.sitemaps)} sitemaps")
        else:
            news = " (Google News sitemap)" if any(c.title for c in result.candidates) else ""
            self.found.append(f"sitemap {page.url}: {len(result.candidates)} URLs{news}")
        return True

    async def try_wordpress(self, root: str) -> bool:
        """Validate a WordPress API root by asking it for one post."""
        url = posts_url(root, per_page=1)
        page = await self.get(url, label=f"WordPress API {root}")
        if page is None:
            return False
        result = parse_posts(page.content, source="probe", api_url=url, headers=page.headers)
        if result.problems and not result.candidates:
            self.not_found.append(f"WordPress API {root}: {result.problems[0]}")
            return False
        pages = f", {result.total_pages} posts" if result.total_pages is not None else ""
        self.found.append(f"WordPress REST API {root}{pages}")
        return True


async def probe_site(fetch: Fetch, homepage: str) -> ProbeResult:
    """Find and validate a site's feeds, sitemaps and WordPress API; never raises.

    Example: ``result = await probe_site(fetcher.fetch, "https://almarsad.co/")``
    """
    prober = _Prober(fetch)
    # 1. the homepage: its name, language, CMS, feed links and API link
    home = await prober.get(homepage)
    base = home.url if home is not None else homepage
    parts = urlsplit(base)
    origin = f"{parts.scheme}://{parts.netloc}"
    facts: dict[str, str | None] = {"name": None, "language": None, "cms": None}
    linked_feeds: list[str] = []
    api_root = None
    if home is None:
        # A blocked or dead homepage (403 to datacenter addresses is common) means the
        # other paths would fail the same way: asking a dozen more URLs would be rude.
        prober.not_found.append(
            "the homepage could not be fetched, so nothing else was tried: run again later "
            "or from another network"
        )
        return ProbeResult(homepage=homepage, not_found=prober.not_found, probed_at=utc_now())
    feeds: list[str] = []
    if prober.accept_feed(home, homepage, feeds, quiet=True):
        # The user gave a feed URL: keep it, and probe the site it belongs to.
        home = await prober.get(origin + "/")
        base = home.url if home is not None else origin + "/"
    if home is not None:
        soup = parse_html(home.text or home.content)
        facts = describe_homepage(soup, home.headers)
        linked_feeds = find_feed_links(home.text or home.content, base)
        api_root = find_wordpress_api(home.text or home.content, home.headers)
        if not linked_feeds:
            prober.not_found.append("the homepage links no feed (<link rel=alternate>)")

    # 2. feeds: advertised ones, then the usual paths until one answers with a feed
    for url in linked_feeds[:MAX_LINKED_FEEDS]:
        if url not in feeds:
            await prober.try_feed(url, feeds)
    if not feeds:
        for path in USUAL_FEED_PATHS:
            if await prober.try_feed(origin + path, feeds):
                break

    # 3. sitemaps: robots.txt Sitemap: lines, then the usual names
    sitemaps: list[str] = []
    robots = await prober.get(origin + "/robots.txt")
    listed = find_sitemap_lines(robots.text, origin) if robots is not None else []
    if robots is not None and not listed:
        prober.not_found.append(f"{origin}/robots.txt has no Sitemap: line")
    for url in listed[:MAX_ROBOTS_SITEMAPS]:
        await prober.try_sitemap(url, sitemaps)
    for path in USUAL_SITEMAP_PATHS:
        url = origin + path
        if url not in listed and url not in sitemaps:
            await prober.try_sitemap(url, sitemaps)

    # 4. WordPress API: the advertised root, else the default one on a WordPress site
    wordpress = None
    if api_root is None and facts["cms"] == "WordPress":
        api_root = origin + "/wp-json/"
        prober.not_found.append("the homepage does not link its WordPress API; tried /wp-json/")
    if api_root is not None and await prober.try_wordpress(api_root):
        wordpress = api_root
    elif api_root is None:
        prober.not_found.append("no WordPress REST API advertised")

    return ProbeResult(
        homepage=homepage,
        final_url=base,
        name=facts["name"],
        language=facts["language"],
        cms=facts["cms"],
        feeds=feeds,
        sitemaps=sitemaps,
        wordpress=wordpress,
        found=prober.found,
        not_found=prober.not_found,
        probed_at=utc_now(),
    )


def utc_now() -> str:
    """Return the current time as ``YYYY-MM-DDTHH:MM:SSZ``."""
    return clock.iso(clock.utc_now())


def slug_for(url: str) -> str:
    """Return a source id from a URL's host (``https://www.alwasat.ly/`` → ``alwasat``)."""
    host = (urlsplit(url).hostname or "source").lower()
    if host.startswith("www."):
        host = host[4:]
    labels = host.split(".")
    name = ".".join(labels[:-1]) if len(labels) > 1 else host
    return _SLUG_JUNK.sub("-", name).strip("-") or "source"


def yaml_str(value: str) -> str:
    """Quote a string for YAML: a JSON string, with what YAML forbids or breaks on escaped."""
    quoted = json.dumps(value, ensure_ascii=False)
    return _YAML_UNSAFE.sub(lambda match: f"\\u{ord(match.group()):04x}", quoted)


def comment_text(value: str) -> str:
    """Return text safe on one YAML comment line (a page title can hold anything)."""
    return _YAML_UNSAFE.sub("?", " ".join(value.split()))


def render_source_yaml(result: ProbeResult, *, source_id: str | None = None) -> str:
    """Return a ready-to-paste sources.yaml entry, with comments on what was found."""
    homepage = result.final_url or result.homepage
    lines = [
        f"  # probed {comment_text(result.homepage)} at {result.probed_at or 'an unknown time'}"
    ]
    if result.cms:
        lines.append(f"  # CMS: {comment_text(result.cms)}")
    lines += [f"  # found: {comment_text(item)}" for item in result.found]
    lines += [f"  # not found: {comment_text(item)}" for item in result.not_found]
    if not result.ok:
        lines.append(
            "  # nothing usable was found: add a `listings:` entry with a CSS selector by hand"
        )
    lines += [
        f"  - id: {source_id or slug_for(homepage)}",
        f"    name: {yaml_str(result.name or slug_for(homepage))}",
        f"    homepage: {yaml_str(homepage)}",
    ]
    if result.language:
        lines.append(f"    language: {result.language}")
    if result.feeds:
        lines.append("    feeds: [" + ", ".join(yaml_str(u) for u in result.feeds) + "]")
    if result.sitemaps:
        lines.append("    sitemaps: [" + ", ".join(yaml_str(u) for u in result.sitemaps) + "]")
    if result.wordpress:
        lines.append(f"    wordpress: {yaml_str(result.wordpress)}")
    if not result.ok:
        lines += [
            "    # listings:",
            "    #   - url: https://example.ly/category/news/",
            '    #     links: "h2.entry-title > a"',
        ]
    lines += [
        "    interval: 1h  # 15m for an agency or a big outlet",
        f"    confidence: {'verified' if result.ok else 'guessed'}",
        "    notes: "
        + yaml_str(
            f"found by `ingest sources add` on {result.probed_at[:10] or 'an unknown date'}"
            + (": endpoints validated by their parsers" if result.ok else ": nothing validated")
        ),
    ]
    return "\n".join(lines) + "\n"
