"""Autodiscovery: what `ingest sources add URL` finds on a site, through a fake fetch."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Mapping

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.probing import (
    HTML,
    POSTS,
    RSS,
    XML,
    Routes,
    fake_fetch,
    plain_site,
    wordpress_site,
)

from ingest.discover.autodiscover import probe_site
from ingest.discover.wordpress import posts_url
from ingest.errors import HTTPStatusError
from ingest.models import Page
from ingest.sourceyaml import render_source_yaml


def test_probe_wordpress_site_finds_and_validates_everything() -> None:
    fetch = fake_fetch(wordpress_site())
    result = asyncio.run(probe_site(fetch, "https://www.eanlibya.com/"))
    assert result.cms == "WordPress"
    assert result.name == "أخبار محلية – عين ليبيا"
    assert result.language == "ar"
    assert result.feeds == [
        "https://www.eanlibya.com/feed/",
        "https://www.eanlibya.com/category/local-news/feed/",
    ]
    assert result.sitemaps == [
        "https://www.eanlibya.com/sitemap_index.xml",
        "https://www.eanlibya.com/news-sitemap.xml",
    ]
    assert result.wordpress == "https://www.eanlibya.com/wp-json/"
    assert any("51234 posts" in line for line in result.found)
    assert any("Google News sitemap" in line for line in result.found)
    assert any("wp-sitemap.xml: this URL returns an HTML page" in n for n in result.not_found)
    assert "https://www.eanlibya.com/comments/feed/" not in fetch.requested  # type: ignore[attr-defined]


def test_probe_site_without_feed_link_tries_usual_paths() -> None:
    site = "https://lana.gov.ly"
    home = b'<html lang="ar"><head><title>LANA</title></head><body>PHP</body></html>'
    routes: Routes = {
        f"{site}/": (200, HTML, home),
        f"{site}/feed/": (200, HTML, home),  # the homepage served for /feed/
        f"{site}/rss": (200, XML, RSS),
        f"{site}/robots.txt": (200, {"content-type": "text/plain"}, b"User-agent: *\n"),
    }
    fetch = fake_fetch(routes, raise_errors=True)
    result = asyncio.run(probe_site(fetch, f"{site}/"))
    assert result.feeds == [f"{site}/rss"]
    assert result.sitemaps == []
    assert result.wordpress is None
    assert f"{site}/rss.xml" not in fetch.requested  # type: ignore[attr-defined]
    assert any("/feed/: this URL returns an HTML page" in n for n in result.not_found)
    assert any("robots.txt has no Sitemap" in n for n in result.not_found)
    assert any("sitemap.xml: HTTP 404" in n for n in result.not_found)


def test_probe_blocked_site_reports_why_and_suggests_a_listing() -> None:
    def forbidden(url: str) -> Awaitable[Page]:
        raise HTTPStatusError(url, 403)

    result = asyncio.run(probe_site(forbidden, "https://alwasat.ly/"))
    assert not result.ok
    assert result.not_found[0] == "https://alwasat.ly/: HTTP 403"
    assert "nothing else was tried" in result.not_found[1]
    text = render_source_yaml(result)
    assert "nothing usable was found" in text
    (entry,) = yaml.safe_load("sources:\n" + text)["sources"]
    assert entry["id"] == "alwasat"
    assert entry["confidence"] == "guessed"


def test_probe_given_a_feed_url_keeps_it_and_probes_the_site() -> None:
    result = asyncio.run(probe_site(fake_fetch(wordpress_site()), "https://www.eanlibya.com/feed/"))
    assert result.final_url == "https://www.eanlibya.com/"
    assert result.feeds[0] == "https://www.eanlibya.com/feed/"
    assert result.wordpress == "https://www.eanlibya.com/wp-json/"
    (entry,) = yaml.safe_load("sources:\n" + render_source_yaml(result))["sources"]
    assert entry["homepage"] == "https://www.eanlibya.com/"


def test_probe_disabled_wordpress_api() -> None:
    routes = dict(wordpress_site())
    routes[posts_url("https://www.eanlibya.com/wp-json/", per_page=1)] = (
        404,
        {"content-type": "application/json"},
        b'{"code":"rest_no_route","message":"No route"}',
    )
    result = asyncio.run(probe_site(fake_fetch(routes), "https://www.eanlibya.com/"))
    assert result.wordpress is None
    assert result.feeds


@settings(max_examples=25, deadline=None)
@given(st.binary(max_size=1_000), st.sampled_from(["text/html", "application/xml", "", "json"]))
def test_probe_site_never_raises_whatever_the_site_answers(body: bytes, kind: str) -> None:
    class Everywhere(dict[str, tuple[int, Mapping[str, str], bytes]]):
        def get(self, key: object, default: object = None) -> tuple[int, Mapping[str, str], bytes]:
            return (200, {"content-type": kind} if kind else {}, body)

    result = asyncio.run(probe_site(fake_fetch(Everywhere()), "https://x.ly/"))
    (entry,) = yaml.safe_load("sources:\n" + render_source_yaml(result))["sources"]
    assert entry["id"] == "x"


# --- `ingest sources add` as a new user meets it: names, WordPress, progress --------------


@pytest.mark.parametrize(
    ("title", "name"),
    [
        ("المرصد - المرصد", "المرصد"),
        ("Libya Observer | Libya Observer", "Libya Observer"),
        ("الرئيسية - بوابة الوسط", "بوابة الوسط"),
        ("Libya Herald | News from Libya", "Libya Herald | News from Libya"),
    ],
)
def test_site_names_are_not_doubled(title: str, name: str) -> None:
    result = asyncio.run(probe_site(fake_fetch(plain_site("https://x.ly", title)), "https://x.ly/"))
    assert result.name == name
    site_name = f'<meta property="og:site_name" content="{title}"><title>Home</title>'
    routes = {"https://x.ly/": (200, HTML, site_name.encode())}
    assert asyncio.run(probe_site(fake_fetch(routes), "https://x.ly/")).name == name


WP_INDEX = b'{"name": "Al Marsad | Al Marsad", "namespaces": ["oembed/1.0", "wp/v2"], "routes": {}}'


def wordpress_without_markers(origin: str, **home_headers: str) -> Routes:
    """A WordPress site whose homepage shows no wp-content, only what the test adds."""
    return plain_site(
        origin,
        "المرصد",
        extra={
            f"{origin}/": (200, {**HTML, **home_headers}, b"<title>x</title><p>cached page</p>"),
            f"{origin}/wp-json/": (200, {"content-type": "application/json"}, WP_INDEX),
            posts_url(f"{origin}/wp-json/", per_page=1): (
                200,
                {"content-type": "application/json", "x-wp-totalpages": "812"},
                POSTS,
            ),
        },
    )


def test_wordpress_found_from_the_link_header() -> None:
    link = '<https://x.ly/wp-json/wp/v2/pages/2>; rel="alternate", </wp-json/>; rel="https://api.w.org/"'
    routes = wordpress_without_markers("https://x.ly", link=link)
    result = asyncio.run(probe_site(fake_fetch(routes), "https://x.ly/"))
    assert result.wordpress == "https://x.ly/wp-json/"
    assert any("812 posts (named by the homepage's Link header)" in f for f in result.found)


def test_wordpress_found_by_asking_wp_json_when_nothing_advertises_it() -> None:
    steps: list[str] = []
    routes = wordpress_without_markers("https://x.ly")
    result = asyncio.run(probe_site(fake_fetch(routes), "https://x.ly/", on_step=steps.append))
    assert result.wordpress == "https://x.ly/wp-json/"
    assert result.cms == "WordPress"
    assert not any("WordPress" in line for line in result.not_found)
    assert any("812 posts (answered at /wp-json/)" in line for line in result.found)
    assert "probing /wp-json/ (a WordPress API index)" in steps


def test_a_site_without_wordpress_says_what_was_asked() -> None:
    routes = plain_site("https://x.ly", "X", extra={"https://x.ly/wp-json/": (200, HTML, b"<p>")})
    result = asyncio.run(probe_site(fake_fetch(routes), "https://x.ly/"))
    assert result.wordpress is None
    assert result.not_found[-1] == (
        'no WordPress REST API: the homepage advertises none (no Link header or <link rel="'
        'https://api.w.org/">), and /wp-json/ answered no JSON API index'
    )


def test_progress_is_told_one_line_per_request() -> None:
    steps: list[str] = []
    fetch = fake_fetch(wordpress_site())
    asyncio.run(probe_site(fetch, "https://www.eanlibya.com/", on_step=steps.append))
    assert steps[0] == "fetching homepage https://www.eanlibya.com/"
    assert "reading /feed/ (2 items)" in steps
    assert "reading /sitemap-news.xml (HTTP 404)" in steps
    assert "asking /wp-json/ for one post (51234 posts)" in steps
    assert len(steps) == len(fetch.requested)  # type: ignore[attr-defined]
