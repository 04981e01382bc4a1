"""Feeds: what a user gets from the RSS and Atom dialects Libyan outlets serve."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from ingest.discover.feeds import parse_feed

FIXTURES = Path(__file__).parent / "fixtures"


def read(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def test_wordpress_rss2_with_content_encoded() -> None:
    result = parse_feed(
        read("almarsad.co.feed.xml"), source="marsad", feed_url="https://almarsad.co/feed/"
    )
    assert result.is_feed
    assert result.title == "المرصد"
    first, second = result.candidates  # the duplicate link and the link-less item are gone
    assert first.url.startswith("https://almarsad.co/2026/06/16/%d8%a7")
    assert first.title == "المنفي يستقبل سفير إيطاليا “لبحث التعاون”"
    assert first.published_at == "2026-06-16T09:12:44Z"
    assert first.guid == "https://almarsad.co/?p=312457"
    assert first.author == "المرصد - متابعات"
    assert first.method == "feed"
    assert first.found_on == "https://almarsad.co/feed/"
    assert first.language == "ar"
    assert first.content_html is not None
    assert "مجالات الطاقة والهجرة" in first.content_html
    assert first.summary == "ليبيا – استقبل رئيس المجلس الرئاسي محمد المنفي سفير إيطاليا لدى ليبيا."
    assert second.url == "https://almarsad.co/2026/06/16/%d8%ad%d9%83%d9%88%d9%85%d8%a9/"
    assert result.problems == ["1 entries without a usable http(s) link were skipped"]


def test_rss10_dc_date_becomes_published_utc() -> None:
    result = parse_feed(
        read("libyaobserver.ly.rss10.xml"),
        source="observer",
        feed_url="https://libyaobserver.ly/rss.xml",
    )
    assert result.is_feed
    (item,) = result.candidates
    assert item.url == "https://libyaobserver.ly/news/tripoli-municipal-elections-set-october"
    assert item.published_at == "2026-06-16T08:30:00Z"
    assert item.author == "Libya Observer"
    assert result.problems == []


def test_atom_relative_links_html_titles_and_dates() -> None:
    result = parse_feed(
        read("libyaherald.com.atom.xml"),
        source="herald",
        feed_url="https://libyaherald.com/feed/atom/",
        content_type="application/atom+xml; charset=UTF-8",
    )
    first, second = result.candidates
    assert first.url == "https://libyaherald.com/2026/06/cbl-publishes-may-revenue-and-spending/"
    assert first.title == "CBL publishes May revenue & spending"
    assert first.published_at == "2026-06-16T08:05:00Z"
    assert first.modified_at == "2026-06-16T10:45:00Z"
    assert first.author == "Sami Zaptia"
    assert first.language == "en"
    assert second.url == "https://libyaherald.com/2026/06/entry-id-url/"
    assert second.published_at == "2026-06-15T08:00:00Z"


def test_html_page_given_as_feed_says_where_to_look() -> None:
    result = parse_feed(
        read("libyaobserver.ly.news-sitemap.html"),
        source="observer",
        feed_url="https://libyaobserver.ly/feed",
    )
    assert not result.is_feed
    assert result.candidates == []
    assert "HTML page, not a feed" in result.problems[0]
    assert "application/rss+xml" in result.problems[0]


def test_html_detected_from_content_type_too() -> None:
    result = parse_feed(
        b"<div>hello</div>", source="x", feed_url="https://x.ly/feed", content_type="text/html"
    )
    assert not result.is_feed


def test_empty_feed_is_a_feed_without_candidates() -> None:
    body = b'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title></channel></rss>'
    result = parse_feed(body, source="x", feed_url="https://x.ly/feed")
    assert result.is_feed
    assert result.candidates == []
    assert result.problems == []


def test_empty_body_is_not_a_feed() -> None:
    result = parse_feed(b"  \n", source="x", feed_url="https://x.ly/feed")
    assert not result.is_feed
    assert "empty" in result.problems[0]


def test_broken_xml_with_entries_is_used_and_reported() -> None:
    body = (
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>T & Co</title>'
        b"<item><title>One</title><link>https://x.ly/1</link></item>"
        b"<item><title>Two</title><link>https://x.ly/2</link>"
    )
    result = parse_feed(body, source="x", feed_url="https://x.ly/feed")
    assert [c.url for c in result.candidates] == ["https://x.ly/1", "https://x.ly/2"]
    assert any("not well-formed" in p for p in result.problems)


def test_content_only_item_has_no_copied_summary() -> None:
    body = (
        b'<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">'
        b"<channel><item><link>https://x.ly/a</link>"
        b"<content:encoded><![CDATA[<p>Full text</p>]]></content:encoded></item></channel></rss>"
    )
    (item,) = parse_feed(body, source="x", feed_url="https://x.ly/feed").candidates
    assert item.content_html == "<p>Full text</p>"
    assert item.summary is None


def test_non_http_links_and_fragments() -> None:
    body = (
        b'<rss version="2.0"><channel><title>T</title>'
        b"<item><title>js</title><link>javascript:alert(1)</link></item>"
        b"<item><title>frag</title><link>https://x.ly/a#axzz3abc</link></item>"
        b"</channel></rss>"
    )
    result = parse_feed(body, source="x", feed_url="https://x.ly/feed")
    assert [c.url for c in result.candidates] == ["https://x.ly/a"]
    assert result.problems == ["1 entries without a usable http(s) link were skipped"]


def test_xml_that_is_not_a_feed() -> None:
    body = b'<?xml version="1.0"?><urlset><url><loc>https://x.ly/1</loc></url></urlset>'
    result = parse_feed(body, source="x", feed_url="https://x.ly/feed")
    assert not result.is_feed
    assert result.problems


def test_entity_expansion_feed_is_refused_quickly() -> None:
    entities = '<!ENTITY a "aaaaaaaaaa">' + "".join(
        f'<!ENTITY a{i} "{("&a;" if i == 1 else f"&a{i - 1};") * 10}">' for i in range(1, 10)
    )
    body = (
        f'<?xml version="1.0"?><!DOCTYPE rss [{entities}]><rss version="2.0"><channel>'
        "<item><title>&a9;</title><link>https://x.ly/a</link></item></channel></rss>"
    ).encode()
    result = parse_feed(body, source="x", feed_url="https://x.ly/feed")
    assert not result.is_feed
    assert "<!ENTITY>" in result.problems[0]


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=2_000))
def test_random_bytes_never_raise(body: bytes) -> None:
    result = parse_feed(body, source="x", feed_url="https://x.ly/feed")
    assert isinstance(result.problems, list)
    assert all(c.url.startswith(("http://", "https://")) for c in result.candidates)


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=300))
def test_random_text_in_an_item_never_raises(text: str) -> None:
    body = (
        '<rss version="2.0"><channel><item><title>' + text + "</title><link>" + text + "</link>"
        "<pubDate>" + text + "</pubDate></item></channel></rss>"
    ).encode("utf-8", "surrogatepass")
    result = parse_feed(body, source="x", feed_url="https://x.ly/feed")
    assert isinstance(result.candidates, list)
