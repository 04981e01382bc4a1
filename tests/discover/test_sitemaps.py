"""Sitemaps: urlsets, indexes, news sitemaps, gzip, and the hostile files found in the wild."""

from __future__ import annotations

import gzip
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ingest import clock
from ingest.discover import sitemaps
from ingest.discover.sitemaps import (
    MAX_SITEMAP_DEPTH,
    parse_sitemap,
    plan_sitemap_children,
)

FIXTURES = Path(__file__).parent / "fixtures"
NEWS = (FIXTURES / "alwasat.ly.news-sitemap.xml").read_bytes()
INDEX = (FIXTURES / "libyaherald.com.sitemap_index.xml").read_bytes()
WASAT_SITEMAP = "https://alwasat.ly/news-sitemap.xml"


def urlset(count: int, *, lastmod: str = "2026-06-16") -> bytes:
    rows = "".join(
        f"<url><loc>https://x.ly/news/{i}</loc><lastmod>{lastmod}</lastmod></url>"
        for i in range(count)
    )
    return (
        '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        + rows
        + "</urlset>"
    ).encode()


def test_google_news_sitemap_gives_titles_and_publication_dates() -> None:
    result = parse_sitemap(NEWS, source="wasat", sitemap_url=WASAT_SITEMAP)
    assert result.problems == []
    assert result.sitemaps == []
    first = result.candidates[0]
    assert first.url == "https://alwasat.ly/news/libya/521791"
    assert first.title == "المجلس الرئاسي يبحث ملف الانتخابات البلدية"
    assert first.published_at == "2026-06-16T09:12:00Z"
    assert first.modified_at == "2026-06-16T09:30:00Z"
    assert first.language == "ar"
    assert first.method == "sitemap"
    assert first.found_on == WASAT_SITEMAP
    assert len(result.candidates) == 3


def test_since_skips_old_entries_quietly() -> None:
    since = datetime(2026, 6, 1, tzinfo=timezone.utc)
    result = parse_sitemap(NEWS, source="wasat", sitemap_url=WASAT_SITEMAP, since=since)
    assert [c.url.rsplit("/", 1)[-1] for c in result.candidates] == ["521791", "521790"]
    assert result.problems == []  # normal on every run: not a problem to report


def test_sitemap_index_lists_children_and_plan_takes_newest_first() -> None:
    result = parse_sitemap(
        INDEX, source="herald", sitemap_url="https://libyaherald.com/sitemap.xml"
    )
    assert result.candidates == []
    # a lastmod of only a day (2025-01-01) counts until that day's end in Tripoli
    assert ("https://libyaherald.com/page-sitemap.xml", "2025-01-01T22:00:00Z") in result.sitemaps
    planned = plan_sitemap_children(result.sitemaps, since=datetime(2026, 1, 1), max_children=5)
    assert planned == [
        "https://libyaherald.com/post-sitemap42.xml",
        "https://libyaherald.com/post-sitemap41.xml",
    ]
    assert len(plan_sitemap_children(result.sitemaps, since=None, max_children=1)) == 1


def test_plan_puts_undated_children_last_newest_page_first() -> None:
    children = [
        ("https://x.ly/wp-sitemap-posts-post-1.xml", None),
        ("https://x.ly/wp-sitemap-posts-post-2.xml", None),
        ("https://x.ly/news.xml", "2026-06-16T00:00:00Z"),
    ]
    assert plan_sitemap_children(children, since=None, max_children=10) == [
        "https://x.ly/news.xml",
        "https://x.ly/wp-sitemap-posts-post-2.xml",
        "https://x.ly/wp-sitemap-posts-post-1.xml",
    ]


def test_nested_index_depth_limit_is_exposed() -> None:
    assert MAX_SITEMAP_DEPTH == 3
    nested = (
        b'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        b"<sitemap><loc>https://x.ly/sitemap.xml</loc></sitemap></sitemapindex>"
    )
    result = parse_sitemap(nested, source="x", sitemap_url="https://x.ly/sitemap.xml")
    assert result.sitemaps == [("https://x.ly/sitemap.xml", None)]


def test_gzip_by_magic_bytes() -> None:
    result = parse_sitemap(
        gzip.compress(NEWS), source="wasat", sitemap_url="https://alwasat.ly/sitemap.xml.gz"
    )
    assert len(result.candidates) == 3
    assert result.problems == []


def test_truncated_gzip_keeps_what_was_read() -> None:
    packed = gzip.compress(urlset(2_000))
    result = parse_sitemap(packed[: len(packed) // 2], source="x", sitemap_url="https://x.ly/s.gz")
    assert 0 < len(result.candidates) < 2_000
    assert any("truncated" in p for p in result.problems)


def test_malformed_xml_keeps_entries_before_the_error() -> None:
    body = urlset(3)[: -len("</urlset>")] + b"<url><loc>https://x.ly/bad</loc></oops></urlset>"
    result = parse_sitemap(body, source="x", sitemap_url="https://x.ly/sitemap.xml")
    assert [c.url for c in result.candidates] == [f"https://x.ly/news/{i}" for i in range(3)]
    assert any("not well-formed" in p for p in result.problems)


def test_external_entities_are_not_resolved(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET")
    body = (
        f'<?xml version="1.0"?><!DOCTYPE urlset [<!ENTITY x SYSTEM "file://{secret}">]>'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        "<url><loc>https://x.ly/&x;</loc></url></urlset>"
    ).encode()
    result = parse_sitemap(body, source="x", sitemap_url="https://x.ly/sitemap.xml")
    assert all("TOP-SECRET" not in c.url for c in result.candidates)


def test_entity_expansion_is_refused() -> None:
    entities = '<!ENTITY a "aaaaaaaaaa">' + "".join(
        f'<!ENTITY a{i} "{("&a;" if i == 1 else f"&a{i - 1};") * 10}">' for i in range(1, 10)
    )
    body = (
        f'<?xml version="1.0"?><!DOCTYPE urlset [{entities}]><urlset>'
        "<url><loc>https://x.ly/&a9;</loc></url></urlset>"
    ).encode()
    result = parse_sitemap(body, source="x", sitemap_url="https://x.ly/sitemap.xml")
    assert all(len(c.url) < 200 for c in result.candidates)


def test_gzip_bomb_is_capped(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sitemaps, "MAX_INFLATED_BYTES", 1024 * 1024)
    bomb = gzip.compress(urlset(1)[:-9] + b" " * (4 * 1024 * 1024) + b"</urlset>")
    result = parse_sitemap(bomb, source="x", sitemap_url="https://x.ly/sitemap.xml.gz")
    assert [c.url for c in result.candidates] == ["https://x.ly/news/0"]
    assert any("inflates to more than" in p for p in result.problems)


def test_100k_urls_are_bounded_and_fast() -> None:
    body = urlset(100_000)
    started = time.perf_counter()
    result = parse_sitemap(
        body, source="x", sitemap_url="https://x.ly/sitemap.xml", max_urls=50_000
    )
    elapsed = time.perf_counter() - started
    assert len(result.candidates) == 50_000
    assert any("more than 50000" in p for p in result.problems)
    assert elapsed < 15.0  # about 1.2 s on the 2-core machine; guards against quadratic work


def test_html_page_is_not_a_sitemap() -> None:
    html = (FIXTURES / "libyaobserver.ly.news-sitemap.html").read_bytes()
    result = parse_sitemap(html, source="observer", sitemap_url="https://libyaobserver.ly/x.xml")
    assert result.candidates == []
    assert "HTML page, not a sitemap" in result.problems[0]


def test_other_xml_is_not_a_sitemap() -> None:
    body = b'<?xml version="1.0"?><rss version="2.0"><channel></channel></rss>'
    result = parse_sitemap(body, source="x", sitemap_url="https://x.ly/sitemap.xml")
    assert result.candidates == []
    assert "root element is <rss>" in result.problems[0]


def test_plain_text_sitemap() -> None:
    body = b"https://x.ly/a\n\nnot a url\nhttps://x.ly/b\n"
    result = parse_sitemap(body, source="x", sitemap_url="https://x.ly/sitemap.txt")
    assert [c.url for c in result.candidates] == ["https://x.ly/a", "https://x.ly/b"]


def test_empty_body() -> None:
    result = parse_sitemap(b"", source="x", sitemap_url="https://x.ly/sitemap.xml")
    assert result.candidates == []
    assert result.problems == ["the sitemap is empty"]


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=2_000))
def test_random_bytes_never_raise(body: bytes) -> None:
    result = parse_sitemap(body, source="x", sitemap_url="https://x.ly/sitemap.xml")
    assert all(c.url.startswith(("http://", "https://")) for c in result.candidates)


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=200), st.text(max_size=50))
def test_random_fields_never_raise(loc: str, lastmod: str) -> None:
    body = (
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>'
        + loc
        + "</loc><lastmod>"
        + lastmod
        + "</lastmod></url></urlset>"
    ).encode("utf-8", "surrogatepass")
    result = parse_sitemap(body, source="x", sitemap_url="https://x.ly/sitemap.xml")
    assert isinstance(result.problems, list)
    for entry in result.candidates:  # a date is usable or absent, never poison
        assert entry.modified_at is None or clock.parse_iso(entry.modified_at).year >= 1989
    plan_sitemap_children([(loc, lastmod)], since=None, max_children=3)


# --- dates as the sitemap wrote them, and no poison from bad ones ---------------------------

NOW = datetime(2026, 11, 29, 8, 30, tzinfo=timezone.utc)


def test_a_lastmod_of_only_a_day_is_a_day() -> None:
    result = parse_sitemap(
        urlset(1, lastmod="2026-11-29"), source="x", sitemap_url="https://x.ly/s.xml", now=NOW
    )
    (entry,) = result.candidates
    assert (entry.modified_at, entry.modified_local, entry.modified_precision) == (
        "2026-11-29T10:00:00Z",  # local noon: an ordering key for the day, nothing more
        "2026-11-29",
        "day",
    )


def test_news_publication_dates_keep_their_offset() -> None:
    result = parse_sitemap(NEWS, source="wasat", sitemap_url=WASAT_SITEMAP)
    first = result.candidates[0]
    assert first.published_at == "2026-06-16T09:12:00Z"
    assert first.published_local is not None and first.published_precision is not None
    assert clock.parse_iso(first.published_local) == clock.parse_iso(first.published_at)


def test_a_day_old_lastmod_is_not_skipped_before_the_day_is_over() -> None:
    # since is this morning; "2026-11-29" may mean any time today, so the entry stays
    since = datetime(2026, 11, 29, 7, 0, tzinfo=timezone.utc)
    body = urlset(1, lastmod="2026-11-29")
    kept = parse_sitemap(body, source="x", sitemap_url="https://x.ly/s.xml", since=since, now=NOW)
    assert len(kept.candidates) == 1
    older = urlset(1, lastmod="2026-11-27")
    gone = parse_sitemap(older, source="x", sitemap_url="https://x.ly/s.xml", since=since, now=NOW)
    assert gone.candidates == [] and gone.problems == []


def test_bad_lastmods_leave_their_entries_undated_and_are_counted() -> None:
    rows = "".join(
        f"<url><loc>https://x.ly/news/{i}</loc><lastmod>{lastmod}</lastmod></url>"
        for i, lastmod in enumerate(
            ["0001-01-01T00:00:00+02:00", "2026-11-28T10:00:00+02:00", "9999-12-31", "soon"]
        )
    )
    body = f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{rows}</urlset>'.encode()
    result = parse_sitemap(body, source="x", sitemap_url="https://x.ly/s.xml", now=NOW)
    assert [c.modified_at for c in result.candidates] == [None, "2026-11-28T08:00:00Z", None, None]
    assert result.problems == [
        "unusable dates dropped, their entries kept: 3 (first: dated 0001-01-01, before 1990)"
    ]
    index = (
        b'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><sitemap>'
        b"<loc>https://x.ly/a.xml</loc><lastmod>0001-01-01</lastmod></sitemap></sitemapindex>"
    )
    children = parse_sitemap(index, source="x", sitemap_url="https://x.ly/i.xml", now=NOW)
    assert children.sitemaps == [("https://x.ly/a.xml", None)]
    assert len(children.problems) == 1


OFFSETS = st.integers(min_value=-14 * 60, max_value=14 * 60).map(
    lambda minutes: timezone(timedelta(minutes=minutes))
)


@settings(max_examples=150, deadline=None)
@given(st.datetimes(timezones=st.none() | OFFSETS), st.booleans())
def test_any_datetime_as_lastmod_is_kept_or_dropped_never_raised(
    moment: datetime, day_only: bool
) -> None:
    lastmod = f"{moment.year:04d}-{moment.month:02d}-{moment.day:02d}"
    if not day_only:
        lastmod = moment.isoformat()
    result = parse_sitemap(
        urlset(1, lastmod=lastmod), source="x", sitemap_url="https://x.ly/s.xml", now=NOW
    )
    (entry,) = result.candidates
    if entry.modified_at is None:
        assert len(result.problems) == 1
    else:
        assert clock.parse_iso(entry.modified_at) <= NOW + timedelta(hours=12)
        assert entry.modified_precision == ("day" if day_only else "second")
    plan_sitemap_children([("https://x.ly/a.xml", lastmod)], since=NOW, max_children=3)
