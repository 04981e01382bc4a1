"""Fetcher: the page a fetch returns, redirects followed by hand, the charset, hostile headers.

Fake servers are ``httpx.MockTransport`` handlers (``tests/fetching.py``).
"""

from __future__ import annotations

import re

import httpx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ingest.errors import FetchError, TooManyRedirects, UnsupportedURL
from tests.fetching import Handler, fetch_one, run

# --- basics ---------------------------------------------------------------------------------


def test_page_has_final_url_lowercase_headers_and_text() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            200,
            headers={"Content-Type": "text/html; charset=utf-8", "ETag": '"v1"'},
            content="<p>ليبيا</p>".encode(),
        )

    page = run(fetch_one(handler, "https://alwasat.ly/news/libya/1#top"))
    assert page.status == 200
    assert page.url == "https://alwasat.ly/news/libya/1"
    assert page.headers["etag"] == '"v1"'
    assert page.text == "<p>ليبيا</p>"
    assert page.encoding == "utf-8"
    assert page.redirects == ()
    assert page.fetched_at.endswith("Z")


# --- redirects ------------------------------------------------------------------------------


def redirecting(routes: dict[str, str]) -> Handler:
    """A handler redirecting path -> location per ``routes``; 200 elsewhere."""

    def handler(request: httpx.Request) -> httpx.Response:
        location = routes.get(str(request.url))
        if location is not None:
            return httpx.Response(301, headers={"Location": location})
        return httpx.Response(200, text="final")

    return handler


def test_redirects_are_followed_and_recorded() -> None:
    handler = redirecting(
        {"http://alwasat.ly/a": "https://alwasat.ly/a", "https://alwasat.ly/a": "/news/1"}
    )
    page = run(fetch_one(handler, "http://alwasat.ly/a"))
    assert page.url == "https://alwasat.ly/news/1"
    assert page.requested_url == "http://alwasat.ly/a"
    assert page.redirects == ("http://alwasat.ly/a", "https://alwasat.ly/a")


def test_redirect_chain_past_the_limit_is_refused() -> None:
    handler = redirecting({f"https://example.ly/{i}": f"/{i + 1}" for i in range(10)})
    with pytest.raises(TooManyRedirects, match="more than 5 redirects"):
        run(fetch_one(handler, "https://example.ly/0"))


def test_redirect_loop_is_detected() -> None:
    handler = redirecting({"https://example.ly/a": "/b", "https://example.ly/b": "/a"})
    with pytest.raises(TooManyRedirects, match="loop"):
        run(fetch_one(handler, "https://example.ly/a"))


def test_redirect_to_ftp_is_refused() -> None:
    handler = redirecting({"https://example.ly/a": "ftp://example.ly/file.html"})
    with pytest.raises(UnsupportedURL, match="ftp"):
        run(fetch_one(handler, "https://example.ly/a"))


def test_redirect_off_the_allowed_hosts_is_refused() -> None:
    handler = redirecting({"https://alwasat.ly/a": "https://ads.example/landing"})
    with pytest.raises(UnsupportedURL, match=re.escape("ads.example")):
        run(fetch_one(handler, "https://alwasat.ly/a", allowed_hosts=["alwasat.ly"]))


# --- encodings through the fetcher -----------------------------------------------------------


def test_windows_1256_served_as_utf8_comes_out_as_arabic() -> None:
    html = '<html><head><meta charset="windows-1256"></head><body>طرابلس</body></html>'

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            200, headers={"Content-Type": "text/html; charset=UTF-8"}, content=html.encode("cp1256")
        )

    page = run(fetch_one(handler, "https://example.ly/"))
    assert "طرابلس" in page.text
    assert page.encoding == "cp1256"


# --- hostile headers ------------------------------------------------------------------------


@settings(max_examples=60, deadline=None)
@given(location=st.text(max_size=60), content_type=st.text(max_size=40))
def test_hostile_location_and_content_type_end_in_page_or_fetch_error(
    location: str, content_type: str
) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/start":
            safe = location.encode("utf-8", "replace").decode("latin-1")
            return httpx.Response(301, headers=[(b"Location", safe.encode("latin-1"))])
        return httpx.Response(
            200, headers=[(b"Content-Type", content_type.encode("utf-8"))], content=b"<p>x</p>"
        )

    try:
        page = run(fetch_one(handler, "https://example.ly/start"))
    except FetchError as exc:
        assert exc.url == "https://example.ly/start"
        assert str(exc)
    else:
        assert page.status == 200


def test_a_redirect_httpx_cannot_parse_is_a_fetch_error() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(301, headers=[(b"Location", b"A:0")])

    with pytest.raises(UnsupportedURL) as caught:
        run(fetch_one(handler, "https://example.ly/start"))
    assert caught.value.url == "https://example.ly/start"
    assert "redirects to a URL that is not valid" in str(caught.value)
