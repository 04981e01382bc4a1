"""Autodiscovery for ``ingest sources add URL``: find a site's feeds, sitemaps and WordPress API.

It looks where sites say they publish (``<link rel=alternate>`` tags, robots.txt
``Sitemap:`` lines, the ``https://api.w.org/`` link) and then at the usual paths, and
keeps an endpoint only when the matching parser accepts what it returns: a homepage
served for ``/feed`` (common on Libyan sites whose feed is switched off) is not a feed.
The network is reached only through the ``fetch`` coroutine handed in (``Fetcher.fetch``),
so robots.txt, politeness and size limits apply as in a normal run; ``on_step`` hears one
line per request, for the CLI to show progress. ``homepage.py`` reads what the site says
about itself; ``sourceyaml.render_source_yaml`` writes what was found as a sources.yaml
entry, under an id (``naming.py``) no other source has.

Example::

    result = await probe_site(fetcher.fetch, "https://almarsad.co/", on_step=print)
    print(render_source_yaml(result, existing_ids={s.id for s in config.sources}))
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from ingest import clock
from ingest.discover.feeds import parse_feed
from ingest.discover.homepage import (
    describe_homepage,
    find_feed_links,
    find_sitemap_lines,
    find_wordpress_api,
    parse_html,
    read_wordpress_index,
    wordpress_api_from_headers,
)
from ingest.discover.sitemaps import parse_sitemap
from ingest.discover.wordpress import parse_posts, posts_url
from ingest.models import Page
from ingest.naming import clean_site_name

USUAL_FEED_PATHS = ("/feed/", "/rss", "/rss.xml", "/feed", "/atom.xml", "/?feed=rss2", "/index.xml")
USUAL_SITEMAP_PATHS = (
    "/sitemap.xml",
    "/sitemap_index.xml",
    "/wp-sitemap.xml",
    "/news-sitemap.xml",
    "/sitemap-news.xml",
)
# Where WordPress answers when no page names its API: pretty permalinks, then plain ones.
WORDPRESS_INDEX_PATHS = ("/wp-json/", "/?rest_route=/")
# Category and tag feeds linked from a page are many; the first few say enough.
MAX_LINKED_FEEDS = 3
MAX_ROBOTS_SITEMAPS = 5

Fetch = Callable[[str], Awaitable[Page]]
OnStep = Callable[[str], None]


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


class _Prober:
    """Holds one probe's fetch function, its findings, and whom to tell of each step."""

    def __init__(self, fetch: Fetch, on_step: OnStep | None = None) -> None:
        self.fetch = fetch
        self.on_step = on_step
        self.origin = ""
        self.found: list[str] = []
        self.not_found: list[str] = []
        self.failure = ""  # why the last ``get`` returned None

    def short(self, url: str) -> str:
        """A URL on the probed site as its path (``/feed/``), others in full."""
        return (
            url[len(self.origin) :] or "/" if self.origin and url.startswith(self.origin) else url
        )

    def step(self, what: str, outcome: str | None = None) -> None:
        """Tell ``on_step`` what was done, and how it went: ``reading /feed/ (20 items)``."""
        if self.on_step is not None:
            self.on_step(f"{what} ({outcome})" if outcome else what)

    async def get(
        self,
        url: str,
        *,
        label: str | None = None,
        doing: str = "reading",
        shown: str | None = None,
        record: bool = True,
    ) -> Page | None:
        """Fetch a URL; on failure note why (under ``label``, default the URL), return None.

        The failure is told to ``on_step`` as ``{doing} {shown}`` (default the URL's path).
        """
        label = label or url
        try:
            page = await self.fetch(url)
        except Exception as exc:  # FetchError, or whatever an injected fetch raises
            self.failure = (str(exc) or type(exc).__name__).replace(f" from {url}", "")
        else:
            if page.status < 400:
                return page
            self.failure = f"HTTP {page.status}"
        shown = self.short(url) if shown is None else shown
        self.step(f"{doing} {shown}".strip(), self.failure)
        if record:
            self.not_found.append(f"{label}: {self.failure}")
        return None

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
                self.step(f"reading {self.short(url)}", result.problems[0])
            return False
        self.step(f"reading {self.short(url)}", f"{len(result.candidates)} items")
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
            self.step(f"reading {self.short(url)}", reason)
            return False
        if result.sitemaps:
            what = f"sitemap index {page.url}: {len(result.sitemaps)} sitemaps"
        else:
            news = " (Google News sitemap)" if any(c.title for c in result.candidates) else ""
            what = f"sitemap {page.url}: {len(result.candidates)} URLs{news}"
        self.step(f"reading {self.short(url)}", what.split(": ", 1)[1])
        if page.url in sitemaps:
            return True
        sitemaps.append(page.url)
        self.found.append(what)
        return True

    async def find_wordpress_index(self, try_plain: bool) -> tuple[str, str | None] | None:
        """Ask ``/wp-json/`` (and ``/?rest_route=/`` if ``try_plain``) for the API index.

        WordPress answers there even when its pages do not link the API (a theme or a
        cache plugin can drop the ``<link>`` and the header). Returns the root and the
        site's name from the index.
        """
        tried = []
        for path in WORDPRESS_INDEX_PATHS if try_plain else WORDPRESS_INDEX_PATHS[:1]:
            root = self.origin + path
            page = await self.get(root, doing="probing", record=False)
            index = read_wordpress_index(page.content) if page is not None else None
            if index is not None:
                self.step(f"probing {path}", "a WordPress API index")
                name = index.get("name")
                return root, clean_site_name(name) if isinstance(name, str) else None
            if page is not None:
                self.failure = "no JSON API index"
                self.step(f"probing {path}", self.failure)
            tried.append(f"{path} answered {self.failure}")
        self.not_found.append(
            "no WordPress REST API: the homepage advertises none (no Link header or "
            f'<link rel="https://api.w.org/">), and {" and ".join(tried)}'
        )
        return None

    async def try_wordpress(self, root: str, how: str = "") -> bool:
        """Validate a WordPress API root by asking it for one post."""
        url = posts_url(root, per_page=1)
        asking = f"asking {self.short(root)} for one post"
        page = await self.get(url, label=f"WordPress API {root}", doing=asking, shown="")
        if page is None:
            return False
        result = parse_posts(page.content, source="probe", api_url=url, headers=page.headers)
        if result.problems and not result.candidates:
            self.not_found.append(f"WordPress API {root}: {result.problems[0]}")
            self.step(asking, result.problems[0])
            return False
        pages = f", {result.total_pages} posts" if result.total_pages is not None else ""
        self.found.append(f"WordPress REST API {root}{pages}{how}")
        self.step(asking, pages[2:] or "a post")
        return True


async def probe_site(fetch: Fetch, homepage: str, *, on_step: OnStep | None = None) -> ProbeResult:
    """Find and validate a site's feeds, sitemaps and WordPress API; never raises.

    ``on_step`` is called with one short line per request (``reading /feed/ (20 items)``).

    Example: ``result = await probe_site(fetcher.fetch, "https://almarsad.co/", on_step=print)``
    """
    prober = _Prober(fetch, on_step)
    # 1. the homepage: its name, language, CMS, feed links and API link
    prober.step(f"fetching homepage {homepage}")
    home = await prober.get(homepage, doing="fetching homepage")
    base = home.url if home is not None else homepage
    parts = urlsplit(base)
    origin = prober.origin = f"{parts.scheme}://{parts.netloc}"
    facts: dict[str, str | None] = {"name": None, "language": None, "cms": None}
    linked_feeds: list[str] = []
    api_root = None
    api_how = ""
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
        api_root = wordpress_api_from_headers(home.headers, base)
        api_how = " (named by the homepage's Link header)"
        if api_root is None:
            api_root = find_wordpress_api(home.text or home.content, {}, base)
            api_how = ' (linked by <link rel="https://api.w.org/">)'
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
    if robots is not None:
        prober.step("reading /robots.txt", f"Sitemap: lines: {len(listed)}")
    if robots is not None and not listed:
        prober.not_found.append(f"{origin}/robots.txt has no Sitemap: line")
    for url in listed[:MAX_ROBOTS_SITEMAPS]:
        await prober.try_sitemap(url, sitemaps)
    for path in USUAL_SITEMAP_PATHS:
        url = origin + path
        if url not in listed and url not in sitemaps:
            await prober.try_sitemap(url, sitemaps)

    # 4. WordPress API: the advertised root, else whatever answers at /wp-json/
    wordpress = None
    if api_root is None:
        index = await prober.find_wordpress_index(try_plain=facts["cms"] == "WordPress")
        if index is not None:
            api_root, api_how = index[0], f" (answered at {prober.short(index[0])})"
            facts["cms"] = facts["cms"] or "WordPress"
            facts["name"] = facts["name"] or index[1]
    if api_root is not None and await prober.try_wordpress(api_root, api_how):
        wordpress = api_root

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
