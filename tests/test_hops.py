"""One hop through the Fetcher: retries, the total timeout, errors and the events reported.

Fake servers are ``httpx.MockTransport`` handlers, or, where real sockets matter
(timeouts, resets), ``asyncio`` servers on 127.0.0.1.
"""

from __future__ import annotations

import asyncio
import gzip
import re
import time
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from ingest.errors import (
    HARD,
    SOFT,
    TEMPORARY,
    DeadlineExceeded,
    HTTPStatusError,
    NetworkError,
    UnsupportedURL,
)
from ingest.fetch import Fetcher
from ingest.hops import FetchEvent
from ingest.models import Page, Settings
from ingest.politeness import HostPolicy
from tests.fetching import (
    Chunks,
    Handler,
    RecordingSleep,
    fetch_one,
    local_server,
    make_fetcher,
    run,
)
from tests.hostile import FakeTime


def test_corrupt_gzip_is_a_network_error() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        wire = gzip.compress("".join(f"<p>{i}</p>" for i in range(3000)).encode())
        middle = len(wire) // 2
        wire = wire[:middle] + b"\xff" * 20 + wire[middle + 20 :]
        return httpx.Response(200, headers={"Content-Encoding": "gzip"}, stream=Chunks(wire))

    with pytest.raises(NetworkError):
        run(fetch_one(handler, "https://example.ly/", retry=False))


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


# --- the total timeout ----------------------------------------------------------------------


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
