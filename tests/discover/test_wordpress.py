"""WordPress REST API: post pages, pagination, and the ways the API says no."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

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
