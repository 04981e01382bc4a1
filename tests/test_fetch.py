"""Fetcher: retries, politeness, caps, redirects and conditional GET, against fake servers.

Fake servers are ``httpx.MockTransport`` handlers, or, where real sockets matter
(streaming, timeouts, resets, gzip bombs), ``asyncio`` servers on 127.0.0.1.
"""

from __future__ import annotations

import asyncio
import contextlib
import gzip
import itertools
import re
import time
import tracemalloc
import zlib
from collections.abc import AsyncIterator, Awaitable, Callable, Coroutine
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime
from typing import Any

import httpx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ingest.errors import (
    HARD,
    SOFT,
    TEMPORARY,
    DeadlineExceeded,
    FetchError,
    HTTPStatusError,
    NetworkError,
    ResponseTooLarge,
    TooManyRedirects,
    TransferTooSlow,
    UnsupportedURL,
)
from ingest.fetch import USER_AGENT, Fetcher, FetchEvent, HostPolicy, Validators, parse_retry_after
from ingest.models import Page, Settings
from tests.fetching import Handler, RecordingSleep, make_fetcher, run
from tests.hostile import FakeTime, serve, trickle

StreamHandler = Callable[[asyncio.StreamReader, asyncio.StreamWriter], Awaitable[None]]


async def fetch_one(handler: Handler, url: str, **kwargs: Any) -> Page:
    """Fetch ``url`` once from a MockTransport handler."""
    async with make_fetcher(handler) as fetcher:
        return await fetcher.fetch(url, **kwargs)


@contextlib.asynccontextmanager
async def local_server(handle: StreamHandler) -> AsyncIterator[str]:
    """Serve raw HTTP from ``handle`` on 127.0.0.1; yield the base URL."""

    async def guarded(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            await reader.readuntil(b"\r\n\r\n")
            await handle(reader, writer)
        except (ConnectionError, OSError, asyncio.IncompleteReadError):
            pass
        finally:
            writer.close()
            with contextlib.suppress(ConnectionError, OSError):
                await writer.wait_closed()

    server = await asyncio.start_server(guarded, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.close()
        await server.wait_closed()


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


def test_sends_our_user_agent_and_accept_encoding() -> None:
    seen: list[httpx.Headers] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.headers)
        return httpx.Response(200, text="ok")

    run(fetch_one(handler, "https://example.ly/", accept="application/rss+xml"))
    assert seen[0]["user-agent"] == USER_AGENT
    assert seen[0]["accept-encoding"].startswith("gzip, deflate")
    assert seen[0]["accept"] == "application/rss+xml"


class Chunks(httpx.AsyncByteStream):
    """A response body that arrives in pieces, as from a socket."""

    def __init__(self, *chunks: bytes) -> None:
        self.chunks = chunks

    async def __aiter__(self) -> AsyncIterator[bytes]:
        for chunk in self.chunks:
            yield chunk


def raw_deflate(data: bytes) -> bytes:
    """Deflate without the zlib header, as some servers send under "deflate"."""
    compressor = zlib.compressobj(wbits=-zlib.MAX_WBITS)
    return compressor.compress(data) + compressor.flush()


@pytest.mark.parametrize(
    ("coding", "encode"),
    [
        ("gzip", gzip.compress),
        ("x-gzip", gzip.compress),
        ("deflate", zlib.compress),
        ("deflate", raw_deflate),
        ("gzip", lambda b: gzip.compress(b[:10]) + gzip.compress(b[10:])),  # two members
        ("gzip", lambda b: gzip.compress(b) + b"\0\0 trailing junk"),
    ],
)
def test_compressed_bodies_are_decoded(coding: str, encode: Callable[[bytes], bytes]) -> None:
    html = "<p>خبر عاجل من طرابلس</p>".encode() * 50
    wire = encode(html)

    def handler(request: httpx.Request) -> httpx.Response:
        pieces = [wire[i : i + 7] for i in range(0, len(wire), 7)]
        return httpx.Response(200, headers={"Content-Encoding": coding}, stream=Chunks(*pieces))

    assert run(fetch_one(handler, "https://example.ly/")).content == html


def test_corrupt_gzip_is_a_network_error() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        wire = gzip.compress("".join(f"<p>{i}</p>" for i in range(3000)).encode())
        middle = len(wire) // 2
        wire = wire[:middle] + b"\xff" * 20 + wire[middle + 20 :]
        return httpx.Response(200, headers={"Content-Encoding": "gzip"}, stream=Chunks(wire))

    with pytest.raises(NetworkError):
        run(fetch_one(handler, "https://example.ly/", retry=False))


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


# --- retries --------------------------------------------------------------------------------


def scripted(*responses: httpx.Response) -> tuple[Handler, list[httpx.Request]]:
    """A handler answering with ``responses`` in turn (the last one repeats)."""
    requests: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        requests.append(request)
        return responses[min(len(requests), len(responses)) - 1]

    return handler, requests


def test_500_and_503_are_retried_until_success() -> None:
    handler, requests = scripted(httpx.Response(500), httpx.Response(503), httpx.Response(200))
    events: list[FetchEvent] = []
    sleep = RecordingSleep()

    async def go() -> Page:
        async with make_fetcher(handler, sleep=sleep, events=events) as fetcher:
            return await fetcher.fetch("https://example.ly/a")

    assert run(go()).status == 200
    assert len(requests) == 3
    assert [(e.attempt, e.status) for e in events] == [(1, 500), (2, 503), (3, 200)]
    assert "HTTP 500 from https://example.ly/a" in (events[0].error or "")


def test_429_waits_for_retry_after_seconds() -> None:
    handler, requests = scripted(
        httpx.Response(429, headers={"Retry-After": "7"}), httpx.Response(200)
    )
    sleep = RecordingSleep()

    async def go() -> Page:
        async with make_fetcher(handler, sleep=sleep) as fetcher:
            return await fetcher.fetch("https://example.ly/a")

    assert run(go()).status == 200
    assert len(requests) == 2
    assert any(7.0 <= w <= 7.0 * 1.1 for w in sleep.waits), sleep.waits


def test_a_retry_after_that_is_waited_for_pauses_the_whole_host() -> None:
    arrivals: dict[str, list[float]] = {}

    async def go() -> None:
        time_ = FakeTime(hold_first=8)

        def handler(request: httpx.Request) -> httpx.Response:
            arrivals.setdefault(request.url.path, []).append(time_.now)
            if request.url.path == "/busy" and len(arrivals["/busy"]) == 1:
                return httpx.Response(429, headers={"Retry-After": "9"})
            return httpx.Response(200)

        async with fake_time_fetcher(handler, time_) as fetcher:
            fetcher.set_policy("example.ly", HostPolicy(concurrency=2, delay_secs=0))
            busy = asyncio.ensure_future(fetcher.fetch("https://example.ly/busy"))
            await time_.holding.wait()  # /busy is waiting out its Retry-After
            await fetcher.fetch("https://example.ly/other")
            time_.release()
            await busy

    run(go())
    assert arrivals["/busy"][0] == 0
    assert 9 <= arrivals["/other"][0] <= 9.9  # held back by the pause, no longer
    assert len(arrivals["/busy"]) == 2


@pytest.mark.parametrize(
    ("retry_after", "retry"),
    [("9", False), ("3600", True)],  # not retried: retry=False, or longer than a run waits
)
def test_a_429_that_is_not_retried_pauses_nothing(retry_after: str, retry: bool) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/busy":
            return httpx.Response(429, headers={"Retry-After": retry_after})
        return httpx.Response(200)

    sleep = RecordingSleep()

    async def go() -> None:
        async with make_fetcher(handler, sleep=sleep) as fetcher:
            fetcher.set_policy("example.ly", HostPolicy(concurrency=1, delay_secs=0))
            with pytest.raises(HTTPStatusError) as caught:
                await fetcher.fetch("https://example.ly/busy", retry=retry)
            assert caught.value.retry_after_secs == float(retry_after)  # for the scheduler
            await fetcher.fetch("https://example.ly/other")

    run(go())
    assert sleep.waits == []


@pytest.mark.parametrize("status", [408, 502, 504])
def test_other_temporary_statuses_are_retried(status: int) -> None:
    handler, requests = scripted(httpx.Response(status), httpx.Response(200))
    assert run(fetch_one(handler, "https://example.ly/")).status == 200
    assert len(requests) == 2


def test_every_attempt_is_reported_as_an_event() -> None:
    handler, _ = scripted(httpx.Response(503), httpx.Response(200, content=b"12345"))
    events: list[FetchEvent] = []

    async def go() -> None:
        async with make_fetcher(handler, events=events) as fetcher:
            await fetcher.fetch("https://Example.LY:8443/a")
            with pytest.raises(UnsupportedURL):
                await fetcher.fetch("gopher://example.ly/")

    run(go())
    assert [(e.attempt, e.status, e.bytes) for e in events] == [(1, 503, 0), (2, 200, 5)]
    assert all(e.host == "example.ly:8443" for e in events)
    assert events[0].error is not None and "503" in events[0].error
    assert events[1].error is None
    assert events[1].at_iso.endswith("Z")
    assert events[1].elapsed_secs >= 0


def test_retry_after_as_http_date() -> None:
    now = datetime(2026, 11, 29, 8, 0, tzinfo=timezone.utc)
    later = format_datetime(now + timedelta(seconds=30), usegmt=True)
    assert parse_retry_after(later, now) == pytest.approx(30.0)
    assert parse_retry_after("120") == 120.0
    assert parse_retry_after("soon") is None
    assert parse_retry_after(format_datetime(now, usegmt=True), now + timedelta(hours=1)) == 0.0


def test_retry_after_longer_than_the_cap_gives_up_and_reports_it() -> None:
    handler, requests = scripted(httpx.Response(503, headers={"Retry-After": "3600"}))

    with pytest.raises(HTTPStatusError) as caught:
        run(fetch_one(handler, "https://example.ly/a"))
    assert len(requests) == 1
    assert caught.value.retry_after_secs == 3600
    assert caught.value.kind == TEMPORARY


def test_gives_up_after_max_tries_with_the_last_error() -> None:
    handler, requests = scripted(httpx.Response(503))
    sleep = RecordingSleep()

    async def go() -> Page:
        async with make_fetcher(handler, Settings(max_tries=3), sleep=sleep) as fetcher:
            return await fetcher.fetch("https://example.ly/down")

    with pytest.raises(HTTPStatusError, match=re.escape("HTTP 503 from https://example.ly/down")):
        run(go())
    assert len(requests) == 3
    backoffs = [w for w in sleep.waits if w <= 4]
    assert len(backoffs) >= 2
    assert all(0 <= w <= 2**i for i, w in enumerate(backoffs))  # full jitter, base 1 s


@pytest.mark.parametrize(("status", "kind"), [(404, SOFT), (410, SOFT), (403, HARD)])
def test_client_errors_are_not_retried(status: int, kind: str) -> None:
    handler, requests = scripted(httpx.Response(status))
    with pytest.raises(HTTPStatusError) as caught:
        run(fetch_one(handler, "https://example.ly/gone"))
    assert len(requests) == 1
    assert caught.value.status == status
    assert caught.value.kind == kind
    assert "https://example.ly/gone" in str(caught.value)


def test_retry_false_sends_one_request() -> None:
    handler, requests = scripted(httpx.Response(503), httpx.Response(200))
    with pytest.raises(HTTPStatusError):
        run(fetch_one(handler, "https://example.ly/a", retry=False))
    assert len(requests) == 1


def test_connect_errors_are_retried_then_raised_as_network_error() -> None:
    calls = 0

    def handler(request: httpx.Request) -> httpx.Response:
        nonlocal calls
        calls += 1
        raise httpx.ConnectError("connection refused", request=request)

    with pytest.raises(NetworkError, match="ConnectError"):
        run(fetch_one(handler, "https://example.ly/"))
    assert calls == Settings().max_tries


def test_connection_reset_is_retried() -> None:
    connections = 0

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        nonlocal connections
        connections += 1
        if connections == 1:
            writer.transport.abort()  # RST without an answer
            return
        writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok")
        await writer.drain()

    async def go() -> Page:
        async with (
            local_server(handle) as base,
            Fetcher(sleep=RecordingSleep(), obey_robots=False) as fetcher,
        ):
            return await fetcher.fetch(base + "/")

    assert run(go()).content == b"ok"
    assert connections == 2


# --- politeness -----------------------------------------------------------------------------


def test_requests_to_one_host_start_at_least_delay_apart() -> None:
    starts: list[float] = []

    def handler(request: httpx.Request) -> httpx.Response:
        starts.append(time.monotonic())
        return httpx.Response(200)

    async def go() -> None:
        async with Fetcher(transport=httpx.MockTransport(handler), obey_robots=False) as fetcher:
            fetcher.set_policy("example.ly", HostPolicy(concurrency=5, delay_secs=0.05))
            await asyncio.gather(*(fetcher.fetch(f"https://example.ly/{i}") for i in range(5)))

    run(go())
    gaps = [b - a for a, b in itertools.pairwise(starts)]
    assert len(starts) == 5
    assert min(gaps) >= 0.045, gaps


def in_flight_tracker() -> tuple[
    Callable[[httpx.Request], Coroutine[None, None, httpx.Response]], dict[str, int]
]:
    """An async handler that holds each request 20 ms and records peak concurrency."""
    counts = {"now": 0, "peak": 0}
    per_host: dict[str, int] = {}

    async def handler(request: httpx.Request) -> httpx.Response:
        host = request.url.host
        counts["now"] += 1
        per_host[host] = per_host.get(host, 0) + 1
        counts["peak"] = max(counts["peak"], counts["now"])
        counts["peak_" + host] = max(counts.get("peak_" + host, 0), per_host[host])
        await asyncio.sleep(0.02)
        counts["now"] -= 1
        per_host[host] -= 1
        return httpx.Response(200)

    return handler, counts


def test_per_host_concurrency_is_respected() -> None:
    handler, counts = in_flight_tracker()

    async def go() -> None:
        async with Fetcher(transport=httpx.MockTransport(handler), obey_robots=False) as fetcher:
            fetcher.set_policy("example.ly", HostPolicy(concurrency=2, delay_secs=0))
            await asyncio.gather(*(fetcher.fetch(f"https://example.ly/{i}") for i in range(8)))

    run(go())
    assert counts["peak_example.ly"] == 2


def test_global_concurrency_is_respected_across_hosts() -> None:
    handler, counts = in_flight_tracker()
    hosts = [f"site{i}.ly" for i in range(6)]

    async def go() -> None:
        async with Fetcher(
            Settings(max_concurrency=3), transport=httpx.MockTransport(handler), obey_robots=False
        ) as fetcher:
            for host in hosts:
                fetcher.set_policy(host, HostPolicy(concurrency=5, delay_secs=0))
            urls = [f"https://{h}/{i}" for h in hosts for i in range(3)]
            await asyncio.gather(*(fetcher.fetch(u) for u in urls))

    run(go())
    assert counts["peak"] == 3


def test_a_slow_host_does_not_hold_up_the_others() -> None:
    done: dict[str, float] = {}
    started = time.monotonic()

    def handler(request: httpx.Request) -> httpx.Response:
        done[str(request.url)] = time.monotonic() - started
        return httpx.Response(200)

    async def go() -> None:
        async with Fetcher(
            Settings(max_concurrency=2), transport=httpx.MockTransport(handler), obey_robots=False
        ) as fetcher:
            fetcher.set_policy("slow.ly", HostPolicy(concurrency=1, delay_secs=0.3))
            fetcher.set_policy("fast.ly", HostPolicy(concurrency=1, delay_secs=0))
            slow = [fetcher.fetch(f"https://slow.ly/{i}") for i in range(3)]
            fast = [fetcher.fetch(f"https://fast.ly/{i}") for i in range(5)]
            await asyncio.gather(*slow, *fast)

    run(go())
    assert max(t for u, t in done.items() if "fast.ly" in u) < 0.2
    assert max(t for u, t in done.items() if "slow.ly" in u) >= 0.55


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


# --- caps -----------------------------------------------------------------------------------


def test_declared_content_length_over_the_cap_is_refused() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=b"x" * 5000)

    async def go() -> Page:
        async with make_fetcher(handler, Settings(max_body_bytes=1000)) as fetcher:
            return await fetcher.fetch("https://example.ly/big")

    with pytest.raises(ResponseTooLarge, match="Content-Length 5000"):
        run(go())


def test_endless_body_is_cut_at_the_cap() -> None:
    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        writer.write(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nConnection: close\r\n\r\n")
        while True:  # no Content-Length: the body ends only when the server closes
            writer.write(b"<p>" + b"a" * 16_000 + b"</p>")
            await writer.drain()

    async def go() -> Page:
        async with local_server(handle) as base:
            settings = Settings(max_body_bytes=200_000)
            async with Fetcher(settings, obey_robots=False, sleep=RecordingSleep()) as fetcher:
                return await fetcher.fetch(base + "/endless")

    with pytest.raises(ResponseTooLarge):
        run(go())


def test_gzip_bomb_is_cut_early_with_little_memory() -> None:
    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        writer.write(
            b"HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Type: text/html\r\n"
            b"Connection: close\r\n\r\n"
        )
        compressor = zlib.compressobj(6, zlib.DEFLATED, zlib.MAX_WBITS | 16)
        first = compressor.compress(bytes(1 << 20)) + compressor.flush(zlib.Z_SYNC_FLUSH)
        # Once the window is all zeros, every further megabyte compresses to the same bytes.
        again = compressor.compress(bytes(1 << 20)) + compressor.flush(zlib.Z_SYNC_FLUSH)
        writer.write(first)
        for _ in range(199):  # 200 MB of zeros, about 200 KB on the wire; never finished
            if writer.is_closing() or reader.at_eof():
                break
            writer.write(again)
            await writer.drain()

    async def go() -> None:
        async with local_server(handle) as base:
            settings = Settings(max_body_bytes=1 << 20)
            async with Fetcher(settings, obey_robots=False, sleep=RecordingSleep()) as fetcher:
                await fetcher.fetch(base + "/bomb.html", retry=False)

    tracemalloc.start()
    started = time.monotonic()
    try:
        with pytest.raises(ResponseTooLarge):
            run(go())
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert time.monotonic() - started < 5
    assert peak < 8 * (1 << 20), f"peak {peak / 2**20:.1f} MB"


def test_slow_trickle_is_cut_by_the_total_timeout() -> None:
    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n")
        while True:  # one byte every 50 ms: never a read timeout, never the end
            writer.write(b"a")
            await writer.drain()
            await asyncio.sleep(0.05)

    async def go() -> Page:
        async with local_server(handle) as base:
            settings = Settings(total_timeout_secs=0.5, read_timeout_secs=5)
            async with Fetcher(settings, obey_robots=False) as fetcher:
                return await fetcher.fetch(base + "/slow", retry=False)

    started = time.monotonic()
    with pytest.raises(NetworkError, match="total timeout"):
        run(go())
    assert time.monotonic() - started < 2


def fake_time_fetcher(
    handler: Callable[[httpx.Request], Any], time_: FakeTime, settings: Settings | None = None
) -> Fetcher:
    """A Fetcher on a MockTransport whose clock and sleeps are ``time_``'s."""
    return Fetcher(
        settings or Settings(),
        transport=httpx.MockTransport(handler),
        sleep=time_.sleep,
        clock=time_.clock,
        obey_robots=False,
    )


def test_the_total_timeout_spans_all_attempts_and_cuts_the_last() -> None:
    requests = 0

    async def go() -> None:
        time_ = FakeTime()

        async def handler(request: httpx.Request) -> httpx.Response:
            nonlocal requests
            requests += 1
            if requests == 3:
                await asyncio.Event().wait()  # hangs: only the deadline ends it
            time_.now += 4.95  # each answer takes 4.95 s of the 10 s
            return httpx.Response(503, headers={"Retry-After": "0"})

        settings = Settings(total_timeout_secs=10, max_tries=10)
        async with fake_time_fetcher(handler, time_, settings) as fetcher:
            await fetcher.fetch("https://example.ly/slow")

    with pytest.raises(DeadlineExceeded) as caught:
        run(go())
    assert requests == 3  # the third had the 0.1 s left, and was cut there
    assert str(caught.value) == (
        "https://example.ly/slow: no complete answer within the total timeout: "
        "gave up after 3 attempts in 10 s"
    )
    assert caught.value.kind == TEMPORARY


def test_no_retry_waits_past_the_total_timeout() -> None:
    requests = 0

    async def go() -> None:
        time_ = FakeTime()

        def handler(request: httpx.Request) -> httpx.Response:
            nonlocal requests
            requests += 1
            time_.now += 1
            return httpx.Response(503, headers={"Retry-After": "5"})

        settings = Settings(total_timeout_secs=10, max_tries=10)
        async with fake_time_fetcher(handler, time_, settings) as fetcher:
            await fetcher.fetch("https://example.ly/a")

    with pytest.raises(HTTPStatusError) as caught:
        run(go())
    # 1 s, a 5-5.5 s wait, 1 s: another 5 s wait would pass 10 s, so no third attempt.
    assert requests == 2
    message = str(caught.value)
    assert message.startswith("HTTP 503 from https://example.ly/a (Retry-After 5 s)")
    assert "gave up after 2 attempts in" in message
    assert message.endswith("another try would pass the total timeout of 10 s)")
    assert caught.value.retry_after_secs == 5


def test_time_queued_for_the_host_does_not_count_against_the_total_timeout() -> None:
    async def go() -> Page:
        time_ = FakeTime()
        settings = Settings(total_timeout_secs=10)
        async with fake_time_fetcher(lambda r: httpx.Response(200), time_, settings) as fetcher:
            fetcher.set_policy("example.ly", HostPolicy(concurrency=1, delay_secs=30))
            await fetcher.fetch("https://example.ly/1")
            page = await fetcher.fetch("https://example.ly/2")  # 30 s in the queue first
            assert time_.waits == [30]
            return page

    assert run(go()).status == 200


def test_gave_up_after_max_tries_says_how_many() -> None:
    handler, _ = scripted(httpx.Response(502))
    with pytest.raises(HTTPStatusError, match=r"\(gave up after 4 attempts in [\d.]+ s\)$"):
        run(fetch_one(handler, "https://example.ly/a"))


def test_a_one_byte_a_second_trickle_is_cut_by_the_rate_floor() -> None:
    events: list[FetchEvent] = []

    async def go() -> Page:
        async with serve(trickle(interval_secs=1.0)) as server:
            settings = Settings(min_bytes_per_sec=1024, min_rate_window_secs=1.0)
            async with Fetcher(
                settings, obey_robots=False, sleep=RecordingSleep(), on_event=events.append
            ) as fetcher:
                try:
                    return await fetcher.fetch(server.base + "/slow")
                finally:
                    assert server.paths == ["/slow"]  # one attempt: a trickle is not retried

    with pytest.raises(TransferTooSlow) as caught:
        run(go())
    assert re.search(
        r"/slow: transfer too slow: \d bytes in 1 s, under the floor of 1024 bytes/s",
        str(caught.value),
    )
    assert caught.value.kind == TEMPORARY
    assert len(events) == 1


def test_a_body_that_keeps_pace_passes_the_rate_floor() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, stream=Chunks(*(b"x" * 4096 for _ in range(20))))

    settings = Settings(min_bytes_per_sec=1024, min_rate_window_secs=0.5)

    async def go() -> Page:
        async with make_fetcher(handler, settings) as fetcher:
            return await fetcher.fetch("https://example.ly/")

    assert len(run(go()).content) == 20 * 4096


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


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=80))
def test_retry_after_never_raises(value: str) -> None:
    waited = parse_retry_after(value)
    assert waited is None or waited >= 0


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
