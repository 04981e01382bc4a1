"""Feeds: what a user gets from the RSS and Atom dialects Libyan outlets serve."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ingest import clock
from ingest.clock import MIN_YEAR
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


# --- dates as the feed wrote them, and no poison from bad ones ------------------------------

NOW = datetime(2026, 11, 29, 8, 30, tzinfo=timezone.utc)
FEED = "https://x.ly/feed"
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
OFFSETS = st.integers(min_value=-14 * 60, max_value=14 * 60).map(
    lambda minutes: timezone(timedelta(minutes=minutes))
)


def rss(*dates: str) -> bytes:
    """An RSS 2.0 feed with one item per pubDate."""
    items = "".join(
        f"<item><title>خبر {i}</title><link>https://x.ly/news/{i}</link>"
        f"<guid>https://x.ly/?p={i}</guid><pubDate>{date}</pubDate></item>"
        for i, date in enumerate(dates)
    )
    return f'<rss version="2.0"><channel><title>x</title>{items}</channel></rss>'.encode()


def test_a_pubdate_keeps_the_offset_the_feed_wrote() -> None:
    result = parse_feed(rss("Sun, 29 Nov 2026 00:30:00 +0300"), source="x", feed_url=FEED, now=NOW)
    (item,) = result.candidates
    assert item.published_at == "2026-11-28T21:30:00Z"
    assert (item.published_local, item.published_precision) == (
        "2026-11-29T00:30:00+03:00",
        "second",
    )


def test_atom_offsets_utc_and_naive_times() -> None:
    result = parse_feed(
        read("libyaherald.com.atom.xml"), source="herald", feed_url="https://libyaherald.com/f"
    )
    first = result.candidates[0]
    assert first.published_local == "2026-06-16T10:05:00+02:00"  # <published> 10:05+02:00
    assert first.modified_local == "2026-06-16T10:45:00+00:00"  # <updated> ...Z
    # RFC 822 requires a zone; a feed that leaves it out wrote Tripoli time (design.md)
    naive = parse_feed(rss("Sun, 29 Nov 2026 00:30:00"), source="x", feed_url=FEED, now=NOW)
    assert naive.candidates[0].published_at == "2026-11-28T22:30:00Z"
    assert naive.candidates[0].published_local == "2026-11-29T00:30:00+02:00"
    day = parse_feed(rss("2026-11-29"), source="x", feed_url=FEED, now=NOW)
    assert (day.candidates[0].published_local, day.candidates[0].published_precision) == (
        "2026-11-29",
        "day",
    )


def test_an_item_dated_0001_01_01_loses_its_date_not_the_feed() -> None:
    # a .NET CMS's default date: strftime once wrote it "1-01-01T00:00:00Z", unreadable later
    body = rss(
        "Sun, 29 Nov 2026 00:30:00 +0200",
        "Mon, 01 Jan 0001 00:00:00 +0000",
        "Sat, 28 Nov 2026 21:15:00 +0200",
    )
    result = parse_feed(body, source="x", feed_url=FEED, now=NOW)
    assert [c.url for c in result.candidates] == [f"https://x.ly/news/{i}" for i in range(3)]
    good, bad, other = result.candidates
    assert good.published_at == "2026-11-28T22:30:00Z"
    assert other.published_at == "2026-11-28T19:15:00Z"
    assert (bad.published_at, bad.published_local, bad.published_precision) == (None, None, None)
    assert bad.title == "خبر 1" and bad.guid == "https://x.ly/?p=1"
    assert result.problems == [
        "unusable dates dropped, their entries kept: 1 (first: dated 0001-01-01, before 1990)"
    ]


def test_future_and_unreadable_dates_are_counted() -> None:
    body = rss("Fri, 31 Dec 9999 23:59:59 +0000", "tomorrow-ish", "Sun, 29 Nov 2026 10:00:00 +0000")
    result = parse_feed(body, source="x", feed_url=FEED, now=NOW)
    assert [c.published_at for c in result.candidates] == [None, None, None]
    assert result.problems[0].startswith("unusable dates dropped, their entries kept: 3 (first:")


def rfc822(moment: datetime) -> str:
    """``Sun, 29 Nov 2026 00:30:00 +0200`` for any datetime, years below 1000 included."""
    offset = moment.utcoffset() or timedelta(0)
    sign, minutes = ("-" if offset < timedelta(0) else "+"), abs(offset) // timedelta(minutes=1)
    day = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")[moment.weekday()]
    month = MONTHS[moment.month - 1]
    return (
        f"{day}, {moment.day:02d} {month} {moment.year:04d} {moment:%H:%M:%S} "
        f"{sign}{minutes // 60:02d}{minutes % 60:02d}"
    )


@settings(max_examples=150, deadline=None)
@given(st.datetimes(timezones=OFFSETS), st.booleans())
def test_any_datetime_in_a_feed_is_kept_or_dropped_never_raised(
    moment: datetime, atom: bool
) -> None:
    written = moment.isoformat() if atom else rfc822(moment)
    result = parse_feed(rss(written), source="x", feed_url=FEED, now=NOW)
    (item,) = result.candidates
    if item.published_at is None:
        assert len(result.problems) == 1
    else:
        stamp = clock.parse_iso(item.published_at)
        assert stamp <= NOW + timedelta(minutes=10)
        assert item.published_local is not None
        local = clock.parse_iso(item.published_local)
        assert local == stamp and local.year >= MIN_YEAR  # the year as written


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=60))
def test_any_text_as_a_date_is_kept_or_dropped_never_raised(text: str) -> None:
    body = rss(escape(text)).decode().encode("utf-8", "surrogatepass")
    result = parse_feed(body, source="x", feed_url=FEED, now=NOW)
    for item in result.candidates:
        if item.published_at is not None:
            assert clock.parse_iso(item.published_at).year >= MIN_YEAR
            assert item.published_precision in clock.PRECISIONS


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16"])
def test_entities_hidden_behind_padding_or_utf16_are_refused(encoding: str) -> None:
    doc = (
        '<?xml version="1.0"?>'
        + "<!-- "
        + " " * 40_000
        + " -->"
        + '<!DOCTYPE rss [<!ENTITY  a "aaaa"><!ENTITY b "&a;&a;&a;&a;">]>'
        + '<rss version="2.0"><channel><title>t</title><item><title>&b;</title>'
        + "<link>https://x.ly/1</link></item></channel></rss>"
    )
    result = parse_feed(doc.encode(encoding), source="x", feed_url="https://x.ly/feed")
    assert not result.is_feed
    assert "<!ENTITY>" in result.problems[0]
