"""What a request asks for: URLs checked before anything is sent, our headers, conditional GET."""

from __future__ import annotations

import httpx
import pytest

from ingest.errors import UnsupportedURL
from ingest.request import USER_AGENT, Validators
from tests.fetching import fetch_one, run

# --- the URL --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url", ["ftp://example.ly/file", "javascript:alert(1)", "mailto:desk@example.ly", "http://"]
)
def test_non_http_urls_are_refused_without_a_request(url: str) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise AssertionError("no request may be sent")

    with pytest.raises(UnsupportedURL):
        run(fetch_one(handler, url))


def test_hosts_outside_allowed_hosts_are_refused_but_subdomains_pass() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, text="ok")

    assert run(fetch_one(handler, "https://www.alwasat.ly/", allowed_hosts={"alwasat.ly"}))
    with pytest.raises(UnsupportedURL, match="outside"):
        run(fetch_one(handler, "https://evil.example/", allowed_hosts={"alwasat.ly"}))


# --- headers --------------------------------------------------------------------------------


def test_sends_our_user_agent_and_accept_encoding() -> None:
    seen: list[httpx.Headers] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.headers)
        return httpx.Response(200, text="ok")

    run(fetch_one(handler, "https://example.ly/", accept="application/rss+xml"))
    assert seen[0]["user-agent"] == USER_AGENT
    assert seen[0]["accept-encoding"].startswith("gzip, deflate")
    assert seen[0]["accept"] == "application/rss+xml"


# --- conditional GET ------------------------------------------------------------------------


def test_etag_alone_is_sent_when_known_and_304_is_a_page() -> None:
    seen: list[httpx.Headers] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.headers)
        return httpx.Response(304, headers={"ETag": '"v1"'})

    validators = Validators(etag='"v1"', last_modified="Sat, 28 Nov 2026 10:00:00 GMT")
    page = run(fetch_one(handler, "https://example.ly/feed", validators=validators))
    assert seen[0]["if-none-match"] == '"v1"'
    assert "if-modified-since" not in seen[0]
    assert page.not_modified
    assert page.content == b""
    assert page.headers["etag"] == '"v1"'


def test_last_modified_is_sent_when_no_etag() -> None:
    seen: list[httpx.Headers] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.headers)
        return httpx.Response(200, headers={"Last-Modified": "Sun, 29 Nov 2026 08:00:00 GMT"})

    validators = Validators(last_modified="Sat, 28 Nov 2026 10:00:00 GMT")
    page = run(fetch_one(handler, "https://example.ly/feed", validators=validators))
    assert seen[0]["if-modified-since"] == "Sat, 28 Nov 2026 10:00:00 GMT"
    assert "if-none-match" not in seen[0]
    assert page.headers["last-modified"] == "Sun, 29 Nov 2026 08:00:00 GMT"
