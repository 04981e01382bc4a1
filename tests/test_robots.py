"""robots.txt: parsing (RFC 9309) and how the Fetcher obeys it."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from ingest.errors import HARD, TEMPORARY, RobotsDisallowed
from ingest.fetch import Fetcher
from ingest.models import Settings
from ingest.politeness import HostPolicy
from ingest.robots import (
    MAX_CRAWL_DELAY_SECS,
    ROBOTS_MAX_BYTES,
    parse_robots,
    robots_for_status,
    robots_url,
)
from tests.fetching import Handler, RecordingSleep, make_fetcher, run


def site(robots: str | int, requested: list[str]) -> Handler:
    """A site serving ``robots`` (a body, or a status) and 200 for every other path."""

    def handler(request: httpx.Request) -> httpx.Response:
        requested.append(request.url.path)
        if request.url.path == "/robots.txt":
            if isinstance(robots, int):
                return httpx.Response(robots)
            return httpx.Response(200, text=robots)
        return httpx.Response(200, text="<p>page</p>")

    return handler


def robots_fetcher(handler: Handler, sleep: RecordingSleep | None = None) -> Fetcher:
    """A robots-obeying Fetcher on a MockTransport with an instant sleep."""
    return make_fetcher(handler, Settings(max_tries=2), sleep=sleep, obey_robots=True)


# --- parsing --------------------------------------------------------------------------------


def test_rules_for_our_token_and_for_everyone() -> None:
    robots = parse_robots(
        b"User-agent: *\nDisallow: /private\n\nUser-agent: otherbot\nDisallow: /\n"
    )
    assert robots.allows("https://alwasat.ly/news/1")
    assert not robots.allows("https://alwasat.ly/private/x")
    ours = parse_robots(b"User-agent: ingest\nDisallow: /\n\nUser-agent: *\nAllow: /\n")
    assert not ours.allows("https://alwasat.ly/news/1")


def test_crawl_delay_request_rate_and_sitemaps() -> None:
    robots = parse_robots(
        b"User-agent: *\nCrawl-delay: 2\nRequest-rate: 1/5s\n"
        b"Sitemap: https://alwasat.ly/sitemap.xml\nSitemap: https://alwasat.ly/news.xml\n"
    )
    assert robots.crawl_delay_secs == 5.0
    assert robots.sitemaps == ("https://alwasat.ly/sitemap.xml", "https://alwasat.ly/news.xml")


def test_absurd_crawl_delay_is_capped() -> None:
    robots = parse_robots(b"User-agent: *\nCrawl-delay: 86400\n")
    assert robots.crawl_delay_secs == MAX_CRAWL_DELAY_SECS


@pytest.mark.parametrize(
    "body", [b"", b"<html><body>Not Found</body></html>", b"\xff\xfe\x00garbage\x00" * 100]
)
def test_junk_robots_allows_everything(body: bytes) -> None:
    assert parse_robots(body).allows("https://alwasat.ly/anything")


def test_rules_after_500_kib_are_ignored() -> None:
    padding = b"# " + b"x" * (ROBOTS_MAX_BYTES) + b"\n"
    robots = parse_robots(b"User-agent: *\n" + padding + b"Disallow: /\n")
    assert robots.allows("https://alwasat.ly/news/1")


@pytest.mark.parametrize(
    ("status", "allowed"), [(404, True), (410, True), (401, True), (429, False), (503, False)]
)
def test_status_decides_per_rfc_9309(status: int, allowed: bool) -> None:
    assert robots_for_status(status, b"").allows("https://alwasat.ly/news/1") is allowed


def test_robots_url_keeps_scheme_and_port() -> None:
    assert robots_url("http://127.0.0.1:8001/a/b?c=1") == "http://127.0.0.1:8001/robots.txt"


# --- the Fetcher obeying it -----------------------------------------------------------------


def test_disallowed_url_is_never_requested_and_robots_is_fetched_once() -> None:
    requested: list[str] = []
    handler = site("User-agent: *\nDisallow: /private\n", requested)

    async def go() -> None:
        async with robots_fetcher(handler) as fetcher:
            pages = [fetcher.fetch(f"https://alwasat.ly/news/{i}") for i in range(4)]
            await asyncio.gather(*pages)
            with pytest.raises(RobotsDisallowed, match="/private/report"):
                await fetcher.fetch("https://alwasat.ly/private/report")

    run(go())
    assert requested.count("/robots.txt") == 1
    assert "/private/report" not in requested
    assert len(requested) == 5


def test_crawl_delay_raises_the_host_delay() -> None:
    requested: list[str] = []
    sleep = RecordingSleep()
    handler = site("User-agent: *\nCrawl-delay: 7\n", requested)

    async def go() -> None:
        async with robots_fetcher(handler, sleep) as fetcher:
            fetcher.set_policy("alwasat.ly", HostPolicy(concurrency=1, delay_secs=0.5))
            for i in range(3):
                await fetcher.fetch(f"https://alwasat.ly/news/{i}")

    run(go())
    assert len([w for w in sleep.waits if 6.9 < w <= 7.0]) == 3, sleep.waits


@pytest.mark.parametrize("status", [500, 503, 429])
def test_unreachable_robots_disallows_the_host_for_the_run(status: int) -> None:
    requested: list[str] = []
    handler = site(status, requested)

    async def go() -> None:
        async with robots_fetcher(handler) as fetcher:
            for _ in range(2):
                with pytest.raises(RobotsDisallowed, match=r"alwasat\.ly/news/1"):
                    await fetcher.fetch("https://alwasat.ly/news/1")

    run(go())
    assert set(requested) == {"/robots.txt"}
    assert len(requested) == 2  # retried once (max_tries=2), then remembered


def test_unreachable_robots_is_a_temporary_failure() -> None:
    async def go() -> None:
        async with robots_fetcher(site(503, [])) as fetcher:
            await fetcher.fetch("https://alwasat.ly/news/1")

    with pytest.raises(RobotsDisallowed, match="unreachable") as caught:
        run(go())
    assert caught.value.kind == TEMPORARY


def test_disallowed_by_rules_is_a_hard_failure() -> None:
    async def go() -> None:
        async with robots_fetcher(site("User-agent: *\nDisallow: /\n", [])) as fetcher:
            await fetcher.fetch("https://alwasat.ly/news/1")

    with pytest.raises(RobotsDisallowed, match="disallows") as caught:
        run(go())
    assert caught.value.kind == HARD


def test_network_error_on_robots_disallows_the_host() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused", request=request)

    async def go() -> None:
        async with robots_fetcher(handler) as fetcher:
            await fetcher.fetch("https://alwasat.ly/news/1")

    with pytest.raises(RobotsDisallowed):
        run(go())


def test_missing_robots_allows_everything() -> None:
    requested: list[str] = []

    async def go() -> None:
        async with robots_fetcher(site(404, requested)) as fetcher:
            await fetcher.fetch("https://alwasat.ly/news/1")

    run(go())
    assert requested == ["/robots.txt", "/news/1"]


def test_robots_redirect_is_followed() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if str(request.url) == "http://alwasat.ly/robots.txt":
            return httpx.Response(301, headers={"Location": "https://www.alwasat.ly/robots.txt"})
        if request.url.path == "/robots.txt":
            return httpx.Response(200, text="User-agent: *\nDisallow: /secret\n")
        return httpx.Response(200)

    async def go() -> None:
        async with robots_fetcher(handler) as fetcher:
            await fetcher.fetch("http://alwasat.ly/news/1")
            await fetcher.fetch("http://alwasat.ly/secret")

    with pytest.raises(RobotsDisallowed):
        run(go())


def test_redirect_into_a_disallowed_path_is_refused() -> None:
    requested: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        requested.append(request.url.path)
        if request.url.path == "/robots.txt":
            return httpx.Response(200, text="User-agent: *\nDisallow: /members\n")
        return httpx.Response(302, headers={"Location": "/members/login"})

    async def go() -> None:
        async with robots_fetcher(handler) as fetcher:
            await fetcher.fetch("https://alwasat.ly/news/1")

    with pytest.raises(RobotsDisallowed, match="/members/login"):
        run(go())
    assert "/members/login" not in requested


def test_sitemaps_are_exposed() -> None:
    requested: list[str] = []
    handler = site("Sitemap: https://alwasat.ly/sitemap_index.xml\n", requested)

    async def go() -> list[str]:
        async with robots_fetcher(handler) as fetcher:
            return await fetcher.robots_sitemaps("https://alwasat.ly/")

    assert run(go()) == ["https://alwasat.ly/sitemap_index.xml"]


def test_robots_request_counts_against_the_host_delay() -> None:
    sleep = RecordingSleep()

    async def go() -> None:
        async with robots_fetcher(site(404, []), sleep) as fetcher:
            fetcher.set_policy("alwasat.ly", HostPolicy(concurrency=1, delay_secs=3))
            await fetcher.fetch("https://alwasat.ly/news/1")

    run(go())
    assert len(sleep.waits) == 1
    assert 2.9 < sleep.waits[0] <= 3.0  # the page waited for the robots.txt start + delay
