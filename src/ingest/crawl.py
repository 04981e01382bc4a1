"""Discovery over the network: one endpoint's answer → candidates, following bounded links.

The parsers in ``ingest.discover`` are pure (bytes in, candidates out); this module decides
what to fetch next: the child sitemaps of an index (newest first, to a depth of
``MAX_SITEMAP_DEPTH``), older listing pages and WordPress API pages for backfill. Every
walk is bounded in pages and URLs, and each batch of candidates is handed to ``on_batch``
(the store) as soon as it is found, so an interrupted backfill resumes where it stopped.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from ingest.clock import utc_now
from ingest.discover.feeds import parse_feed
from ingest.discover.listing import ANY_HOST, parse_listing
from ingest.discover.sitemaps import MAX_SITEMAP_DEPTH, parse_sitemap, plan_sitemap_children
from ingest.discover.wordpress import parse_posts, posts_url
from ingest.errors import FetchError
from ingest.models import Candidate, Page, Source

# A routine run reads only recent sitemap entries and children: the feed-like window.
ROUTINE_SITEMAP_WINDOW = timedelta(days=3)
ROUTINE_MAX_CHILD_SITEMAPS = 5
BACKFILL_MAX_CHILD_SITEMAPS = 2_000
MAX_URLS_PER_SITEMAP = 50_000
WORDPRESS_PER_PAGE = 20
BACKFILL_WORDPRESS_PER_PAGE = 100
BACKFILL_MAX_PAGES = 500  # listing or API pages per endpoint and backfill
# 100 full-text entries of 100 paragraphs each (CDATA): 20,907 tags, parsed in 0.4 s.
MAX_FEED_TAGS = 100_000

# Child sitemaps that list no articles: WordPress core's taxonomies and users, Yoast's and
# Rank Math's category, tag, author and page sitemaps.
NOT_ARTICLE_SITEMAP = re.compile(
    r"(taxonom|wp-sitemap-users|(?:category|tag|author|page|post_tag|attachment)-sitemap)",
    re.IGNORECASE,
)

Fetch = Callable[[str], Awaitable[Page]]
OnBatch = Callable[[list[Candidate], str | None], Awaitable[int]]


@dataclass(frozen=True)
class Endpoint:
    """One discovery endpoint of a source."""

    url: str
    kind: str  # feed | sitemap | listing | wordpress
    links_css: str | None = None
    next_css: str | None = None
    max_pages: int = 1

    def first_url(self, *, backfill_since: datetime | None = None) -> str:
        """The URL to fetch first (the posts route for a WordPress API root)."""
        if self.kind == "wordpress":
            if backfill_since is not None:
                return posts_url(
                    self.url,
                    per_page=BACKFILL_WORDPRESS_PER_PAGE,
                    after=backfill_since - timedelta(days=1),
                )
            return posts_url(self.url, per_page=WORDPRESS_PER_PAGE)
        return self.url


def source_endpoints(source: Source) -> list[Endpoint]:
    """Every discovery endpoint a source configures."""
    endpoints = [Endpoint(url, "feed") for url in source.feeds]
    endpoints += [Endpoint(url, "sitemap") for url in source.sitemaps]
    endpoints += [
        Endpoint(item.url, "listing", item.links, item.next, item.max_pages)
        for item in source.listings
    ]
    if source.wordpress:
        endpoints.append(Endpoint(source.wordpress, "wordpress"))
    return endpoints


def source_hosts(source: Source) -> set[str]:
    """The hosts (netlocs) whose article links this source accepts."""
    hosts = {urlsplit(source.homepage).netloc.lower()}
    for endpoint in source_endpoints(source):
        hosts.add(urlsplit(endpoint.url).netloc.lower())
    hosts.update(domain.lower() for domain in source.domains)
    hosts.discard("")
    twins = {h[4:] if h.startswith("www.") else f"www.{h}" for h in hosts}
    return hosts | twins


@dataclass
class Found:
    """What one endpoint yielded."""

    candidates: list[Candidate] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    usable: bool = True
    children: list[tuple[str, str | None]] = field(default_factory=list)  # sitemap index
    next_url: str | None = None  # listing pagination
    total_pages: int | None = None  # WordPress API


async def parse_off_loop(
    endpoint: Endpoint,
    page: Page,
    *,
    source: str,
    hosts: set[str] | None,
    since: datetime | None = None,
) -> Found:
    """``parse_page`` in a worker thread: a huge or hostile document never stops the event
    loop, so other sources' requests go on meanwhile."""
    return await asyncio.to_thread(
        parse_page, endpoint, page, source=source, hosts=hosts, since=since
    )


def parse_page(
    endpoint: Endpoint,
    page: Page,
    *,
    source: str,
    hosts: set[str] | None,
    since: datetime | None = None,
) -> Found:
    """Parse one fetched endpoint page with the parser of its kind."""
    content_type = page.headers.get("content-type")
    if endpoint.kind == "feed":
        tags = page.content.count(b"<")
        if tags > MAX_FEED_TAGS:
            # feedparser spends 20-60 µs a tag in pure Python (200,000 empty tags: 11 s;
            # 2.4 million: 200 s). A real news feed has a few thousand.
            message = f"the feed has {tags:,} tags (more than {MAX_FEED_TAGS:,}): not read"
            return Found([], [message], usable=False)
        feed = parse_feed(page.content, source=source, feed_url=page.url, content_type=content_type)
        return Found(feed.candidates, feed.problems, usable=feed.is_feed)
    if endpoint.kind == "sitemap":
        sitemap = parse_sitemap(
            page.content,
            source=source,
            sitemap_url=page.url,
            since=since,
            max_urls=MAX_URLS_PER_SITEMAP,
        )
        usable = bool(sitemap.candidates or sitemap.sitemaps or not sitemap.problems)
        return Found(sitemap.candidates, sitemap.problems, usable, children=sitemap.sitemaps)
    if endpoint.kind == "listing":
        listing = parse_listing(
            page.text,
            source=source,
            page_url=page.url,
            links_css=endpoint.links_css or "a",
            next_css=endpoint.next_css,
            allowed_hosts=[ANY_HOST] if hosts is None else sorted(hosts),
        )
        problems = list(listing.problems)
        if not listing.candidates:
            problems.append(
                f"the links selector {endpoint.links_css!r} matched no article link on "
                f"{page.url}: the site may have changed its markup"
            )
        return Found(
            listing.candidates, problems, bool(listing.candidates), next_url=listing.next_url
        )
    posts = parse_posts(page.content, source=source, api_url=page.url, headers=page.headers)
    usable = bool(posts.candidates or not posts.problems)
    return Found(posts.candidates, posts.problems, usable, total_pages=posts.total_pages)


async def follow(
    endpoint: Endpoint,
    first: Found,
    fetch: Fetch,
    on_batch: OnBatch,
    *,
    source: str,
    hosts: set[str] | None,
    since: datetime | None,
    backfill: bool,
    cursor: str | None = None,
) -> list[str]:
    """Fetch what the first page leads to (sitemap children, older pages); return problems.

    ``on_batch(candidates, cursor)`` stores each batch with the position reached, so a
    backfill interrupted at any point resumes from the stored cursor.
    """
    problems: list[str] = []
    if endpoint.kind == "sitemap":
        await _walk_sitemaps(first, fetch, on_batch, problems, source, since, backfill, 1)
    elif endpoint.kind == "listing" and backfill:
        next_url = cursor or first.next_url
        limit = max(endpoint.max_pages, BACKFILL_MAX_PAGES if endpoint.next_css else 1)
        for _ in range(limit - 1):
            if not next_url:
                break
            found = await _fetch_parse(endpoint, next_url, fetch, problems, source, hosts, since)
            if found is None:
                break
            await on_batch(found.candidates, found.next_url)
            next_url = found.next_url
    elif endpoint.kind == "wordpress" and backfill and first.total_pages:
        start = int(cursor) if cursor and cursor.isdigit() else 2
        assert since is not None
        for number in range(start, min(first.total_pages, BACKFILL_MAX_PAGES) + 1):
            url = posts_url(
                endpoint.url,
                page=number,
                per_page=BACKFILL_WORDPRESS_PER_PAGE,
                after=since - timedelta(days=1),
            )
            found = await _fetch_parse(endpoint, url, fetch, problems, source, hosts, since)
            if found is None:
                break
            await on_batch(found.candidates, str(number + 1))
    return problems


async def _fetch_parse(
    endpoint: Endpoint,
    url: str,
    fetch: Fetch,
    problems: list[str],
    source: str,
    hosts: set[str] | None,
    since: datetime | None,
) -> Found | None:
    try:
        page = await fetch(url)
    except FetchError as exc:
        problems.append(f"{url}: {exc}")
        return None
    found = await parse_off_loop(endpoint, page, source=source, hosts=hosts, since=since)
    problems.extend(f"{url}: {p}" for p in found.problems)
    return found if found.usable else None


async def _walk_sitemaps(
    index: Found,
    fetch: Fetch,
    on_batch: OnBatch,
    problems: list[str],
    source: str,
    since: datetime | None,
    backfill: bool,
    depth: int,
) -> None:
    """Fetch an index's children, newest first, recursing to ``MAX_SITEMAP_DEPTH``."""
    if not index.children:
        return
    if depth > MAX_SITEMAP_DEPTH:
        problems.append(f"sitemap indexes nested deeper than {MAX_SITEMAP_DEPTH}: not followed")
        return
    window = since if backfill else (since or utc_now() - ROUTINE_SITEMAP_WINDOW)
    limit = BACKFILL_MAX_CHILD_SITEMAPS if backfill else ROUTINE_MAX_CHILD_SITEMAPS
    endpoint = Endpoint("", "sitemap")
    children = [(url, mod) for url, mod in index.children if not NOT_ARTICLE_SITEMAP.search(url)]
    for url in plan_sitemap_children(children, since=window, max_children=limit):
        found = await _fetch_parse(endpoint, url, fetch, problems, source, None, window)
        if found is None:
            continue
        await on_batch(found.candidates, None)
        await _walk_sitemaps(found, fetch, on_batch, problems, source, since, backfill, depth + 1)
