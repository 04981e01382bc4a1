"""What a site says about itself: the feeds, WordPress API and sitemaps its pages name."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from tests.probing import WP_HOME

from ingest.discover.homepage import find_feed_links, find_sitemap_lines, find_wordpress_api


def test_find_feed_links_skips_comment_feeds() -> None:
    links = find_feed_links(WP_HOME, "https://www.eanlibya.com/")
    assert links == [
        "https://www.eanlibya.com/feed/",
        "https://www.eanlibya.com/category/local-news/feed/",
    ]
    page = '<link rel="alternate" type="application/atom+xml" href="/atom.xml">'
    assert find_feed_links(page, "https://x.ly/a/") == ["https://x.ly/atom.xml"]
    assert find_feed_links(b"\xff\xfe garbage", "https://x.ly/") == []


def test_find_wordpress_api_from_link_header_and_tag() -> None:
    headers = {"Link": '<https://x.ly/?rest_route=/>; rel="https://api.w.org/"'}
    assert find_wordpress_api("", headers) == "https://x.ly/?rest_route=/"
    assert find_wordpress_api(WP_HOME, {}) == "https://www.eanlibya.com/wp-json/"
    assert find_wordpress_api("<p>no</p>", {"link": '<https://x.ly/a>; rel="next"'}) is None


def test_robots_sitemap_lines() -> None:
    robots = "User-agent: *\nSITEMAP: /sitemap.xml # main\nSitemap: https://x.ly/news.xml\n"
    assert find_sitemap_lines(robots, "https://x.ly") == [
        "https://x.ly/sitemap.xml",
        "https://x.ly/news.xml",
    ]


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=1_500), st.text(max_size=200))
def test_page_readers_never_raise_on_random_input(body: bytes, header: str) -> None:
    assert isinstance(find_feed_links(body, "https://x.ly/"), list)
    find_wordpress_api(body, {"link": header})
    assert isinstance(find_sitemap_lines(header, "https://x.ly/"), list)
