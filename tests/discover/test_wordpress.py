"""WordPress REST API: post pages, pagination, and the ways the API says no."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ingest import clock
from ingest.discover.wordpress import parse_posts, posts_url

FIXTURES = Path(__file__).parent / "fixtures"
API = "https://almarsad.co/wp-json/wp/v2/posts?page=1"


def test_posts_page_gives_gmt_dates_clean_titles_and_authors() -> None:
    result = parse_posts(
        (FIXTURES / "almarsad.co.wp-posts.json").read_bytes(),
        source="marsad",
        api_url=API,
        headers={"x-wp-total": "2391", "x-wp-totalpages": "120"},
    )
    assert result.total_pages == 120
    first, second = result.candidates
    assert first.url == "https://almarsad.co/2026/06/16/%d8%a7%d9%84%d9%85%d9%86%d9%81%d9%8a/"
    assert first.title == "المنفي يستقبل سفير إيطاليا “لبحث التعاون” اليوم"
    assert first.published_at == "2026-06-16T09:12:44Z"
    assert first.modified_at == "2026-06-16T09:40:02Z"
    assert first.guid == "https://almarsad.co/?p=312457"
    assert first.author == "المرصد - متابعات"
    assert first.method == "wordpress"
    assert first.found_on == API
    assert first.content_html is not None
    assert "سفير إيطاليا" in first.content_html
    assert second.author is None
    assert second.summary is None
    assert result.problems == ["1 posts without a usable link were skipped"]


def test_posts_url_pretty_and_plain_permalink_roots() -> None:
    url = posts_url(
        "https://almarsad.co/wp-json/",
        page=3,
        per_page=500,
        after=datetime(2026, 6, 16, 11, 0, tzinfo=timezone.utc),
    )
    parts = urlsplit(url)
    assert parts.path == "/wp-json/wp/v2/posts"
    query = parse_qs(parts.query)
    assert query["page"] == ["3"]
    assert query["per_page"] == ["100"]  # WordPress's ceiling
    assert query["after"] == ["2026-06-16T11:00:00"]
    assert "date_gmt" in query["_fields"][0]
    assert "_embedded" in query["_fields"][0]
    assert posts_url("https://x.ly/wp-json").startswith("https://x.ly/wp-json/wp/v2/posts?")
    plain = posts_url("https://x.ly/?rest_route=/", page=2)
    assert plain.startswith("https://x.ly/?rest_route=/wp/v2/posts&page=2")
    renamed = posts_url("https://x.gov.ly/lefunot/")
    assert renamed.startswith("https://x.gov.ly/lefunot/wp/v2/posts?")


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            {
                "code": "rest_post_invalid_page_number",
                "message": "The page number requested is "
                "larger than the number of pages available.",
                "data": {"status": 400},
            },
            "past the last page",
        ),
        (
            {
                "code": "rest_no_route",
                "message": "No route was found matching the URL and request method.",
                "data": {"status": 404},
            },
            "disabled or moved",
        ),
        ({"code": "rest_cannot_access", "message": "DRA: Only authenticated users"}, "plugin"),
        ({"code": "something_new", "message": "<b>odd</b>"}, "something_new (odd)"),
        ({"id": 1}, "not a list of posts"),
    ],
)
def test_api_errors_become_clear_problems(body: dict[str, object], expected: str) -> None:
    result = parse_posts(json.dumps(body).encode(), source="x", api_url=API)
    assert result.candidates == []
    assert expected in result.problems[0]


def test_html_instead_of_json() -> None:
    body = b"<!DOCTYPE html><html><head><title>Just a moment...</title></head></html>"
    result = parse_posts(body, source="x", api_url=API, headers={"content-type": "text/html"})
    assert result.candidates == []
    assert "HTML page, not JSON" in result.problems[0]


def test_broken_json_and_empty_body() -> None:
    assert "not JSON" in parse_posts(b"[{", source="x", api_url=API).problems[0]
    assert "empty" in parse_posts(b"", source="x", api_url=API).problems[0]


def test_empty_page_and_bad_total_pages_header() -> None:
    result = parse_posts(b"[]", source="x", api_url=API, headers={"X-WP-TotalPages": "many"})
    assert result.candidates == []
    assert result.total_pages is None
    assert "not a number" in result.problems[0]


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=2_000))
def test_random_bytes_never_raise(body: bytes) -> None:
    result = parse_posts(body, source="x", api_url=API)
    assert isinstance(result.problems, list)


@settings(max_examples=100, deadline=None)
@given(
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(max_size=30),
        lambda inner: (
            st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4)
        ),
        max_leaves=20,
    )
)
def test_random_json_never_raises(data: object) -> None:
    result = parse_posts(json.dumps(data).encode(), source="x", api_url=API)
    assert all(c.url.startswith(("http://", "https://")) for c in result.candidates)


# --- the date/date_gmt pair, and no poison from bad dates ------------------------------------

NOW = datetime(2026, 11, 29, 8, 30, tzinfo=timezone.utc)


def post(number: int, **dates: object) -> dict[str, object]:
    """A post object with the given date fields."""
    return {"link": f"https://x.ly/?p={number}", "title": {"rendered": f"خبر {number}"}, **dates}


def test_the_date_pair_gives_the_site_offset_exactly() -> None:
    body = json.dumps(
        [
            post(
                1,
                date="2026-11-29T00:30:00",
                date_gmt="2026-11-28T22:30:00",
                modified="2026-11-29T09:05:27",
                modified_gmt="2026-11-29T07:05:27",
            ),
            post(2, date="2026-11-28T20:15:00", date_gmt="2026-11-28T22:15:00"),  # UTC-2
            post(3, date_gmt="2026-11-28T21:00:00"),  # no local date: shown in UTC
        ]
    ).encode()
    first, second, third = parse_posts(body, source="x", api_url=API, now=NOW).candidates
    assert (first.published_at, first.published_local, first.published_precision) == (
        "2026-11-28T22:30:00Z",
        "2026-11-29T00:30:00+02:00",
        "second",
    )
    assert (first.modified_at, first.modified_local) == (
        "2026-11-29T07:05:27Z",
        "2026-11-29T09:05:27+02:00",
    )
    assert second.published_local == "2026-11-28T20:15:00-02:00"
    assert third.published_local == "2026-11-28T21:00:00+00:00"


def test_bad_post_dates_are_dropped_and_counted_but_wordpress_zero_dates_are_just_absent() -> None:
    body = json.dumps(
        [
            post(1, date="0001-01-01T00:00:00", date_gmt="0001-01-01T00:00:00"),
            post(2, date_gmt="0000-00-00T00:00:00"),  # a WordPress draft's "no date"
            post(3, date="2026-11-29T10:00:00", date_gmt="2026-11-29T08:00:00"),
            post(4, date_gmt="2030-01-01T00:00:00"),
        ]
    ).encode()
    result = parse_posts(body, source="x", api_url=API, now=NOW)
    assert [c.published_at for c in result.candidates] == [None, None, "2026-11-29T08:00:00Z", None]
    assert result.problems == [
        "unusable dates dropped, their posts kept: 2 (first: dated 0001-01-01, before 1990)"
    ]


@settings(max_examples=150, deadline=None)
@given(
    st.one_of(st.text(max_size=30), st.datetimes().map(datetime.isoformat), st.integers()),
    st.one_of(st.text(max_size=30), st.datetimes().map(datetime.isoformat), st.none()),
)
def test_any_date_fields_are_kept_or_dropped_never_raised(gmt: object, local: object) -> None:
    body = json.dumps([post(1, date_gmt=gmt, date=local)]).encode()
    result = parse_posts(body, source="x", api_url=API, now=NOW)
    (item,) = result.candidates
    if item.published_at is not None:
        stamp = clock.parse_iso(item.published_at)
        assert stamp.year >= 1990 and stamp <= NOW + timedelta(minutes=10)
        assert item.published_local is not None
        assert clock.parse_iso(item.published_local) == stamp
