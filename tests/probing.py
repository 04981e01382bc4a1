"""Fake sites for the probe tests: a fetch coroutine over a route table, a WordPress site
made of saved pages (tests/discover/fixtures), and a plain site with a feed."""

from __future__ import annotations

import gzip
from collections.abc import Awaitable, Callable, Mapping
from pathlib import Path

import httpx

from ingest.discover.wordpress import posts_url
from ingest.errors import HTTPStatusError
from ingest.models import Page

FIXTURES = Path(__file__).parent / "discover" / "fixtures"

Routes = Mapping[str, tuple[int, Mapping[str, str], bytes]]


def fake_fetch(routes: Routes, *, raise_errors: bool = False) -> Callable[[str], Awaitable[Page]]:
    """Build a ``fetch(url) -> Page`` coroutine over httpx.MockTransport and a route table."""
    requested: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        status, headers, body = routes.get(str(request.url), (404, {}, b"<h1>Not found</h1>"))
        return httpx.Response(status, headers=dict(headers), content=body)

    async def fetch(url: str) -> Page:
        requested.append(url)
        async with httpx.AsyncClient(
            transport=httpx.MockTransport(handler), follow_redirects=True
        ) as client:
            response = await client.get(url)
        if raise_errors and response.status_code >= 400:
            raise HTTPStatusError(url, response.status_code)
        return Page(
            url=str(response.url),
            requested_url=url,
            status=response.status_code,
            headers={k.lower(): v for k, v in response.headers.items()},
            content=response.content,
            text=response.text,
            encoding=response.encoding or "utf-8",
            fetched_at="2026-06-16T12:00:00Z",
        )

    fetch.requested = requested  # type: ignore[attr-defined]
    return fetch


WP_HOME = (FIXTURES / "www.eanlibya.com.local-news.html").read_bytes()
RSS = (FIXTURES / "almarsad.co.feed.xml").read_bytes()
POSTS = (FIXTURES / "almarsad.co.wp-posts.json").read_bytes()
NEWS_SITEMAP = (FIXTURES / "alwasat.ly.news-sitemap.xml").read_bytes()
INDEX = (FIXTURES / "libyaherald.com.sitemap_index.xml").read_bytes()
HTML = {"content-type": "text/html; charset=UTF-8"}
XML = {"content-type": "application/xml"}


def wordpress_site() -> Routes:
    site = "https://www.eanlibya.com"
    return {
        f"{site}/": (200, HTML, WP_HOME),
        f"{site}/feed/": (200, {"content-type": "application/rss+xml"}, RSS),
        f"{site}/category/local-news/feed/": (200, XML, RSS),
        f"{site}/robots.txt": (
            200,
            {"content-type": "text/plain"},
            b"User-agent: *\nDisallow: /wp-admin/\nsitemap: https://www.eanlibya.com/sitemap_index.xml\n",
        ),
        f"{site}/sitemap_index.xml": (200, XML, INDEX),
        f"{site}/sitemap.xml": (301, {"location": f"{site}/sitemap_index.xml"}, b""),
        f"{site}/news-sitemap.xml": (200, XML, gzip.compress(NEWS_SITEMAP)),
        f"{site}/wp-sitemap.xml": (200, HTML, WP_HOME),
        posts_url(f"{site}/wp-json/", per_page=1): (
            200,
            {"content-type": "application/json", "x-wp-totalpages": "51234"},
            POSTS,
        ),
    }


def plain_site(origin: str, title: str, *, extra: Routes | None = None) -> Routes:
    """A site with a homepage titled ``title`` and a feed at /feed/, nothing else."""
    home = f'<html lang="ar"><head><title>{title}</title></head><body>PHP</body></html>'
    return {
        f"{origin}/": (200, HTML, home.encode()),
        f"{origin}/feed/": (200, {"content-type": "application/rss+xml"}, RSS),
        **(extra or {}),
    }
