"""The per-host limiter: spacing of request starts, in-flight limits, pauses; on its own and
through the Fetcher."""

from __future__ import annotations

import asyncio
import itertools
import time
from collections.abc import Callable, Coroutine

import httpx

from ingest.fetch import Fetcher
from ingest.models import Settings
from ingest.politeness import HostPolicy, Limiter
from tests.fetching import run


def starts(limiter: Limiter, hosts: list[str], hold_secs: float = 0.0) -> list[tuple[str, float]]:
    """Run one request per entry of ``hosts``; return (host, start time) pairs."""

    async def run() -> list[tuple[str, float]]:
        loop = asyncio.get_running_loop()
        began = loop.time()
        seen: list[tuple[str, float]] = []

        async def one(host: str) -> None:
            async with limiter.slot(host):
                seen.append((host, round(loop.time() - began, 2)))
                await asyncio.sleep(hold_secs)

        await asyncio.gather(*(one(h) for h in hosts))
        return seen

    return asyncio.run(run())


def test_starts_to_one_host_are_spaced_and_other_hosts_do_not_wait() -> None:
    limiter = Limiter(max_concurrency=8)
    limiter.set_policy("a.ly", HostPolicy(concurrency=2, delay_secs=0.1))
    limiter.set_policy("b.ly", HostPolicy(concurrency=2, delay_secs=0.1))
    seen = starts(limiter, ["a.ly", "a.ly", "a.ly", "b.ly"])
    a_times = [t for h, t in seen if h == "a.ly"]
    assert a_times[1] - a_times[0] >= 0.09
    assert a_times[2] - a_times[1] >= 0.09
    assert next(t for h, t in seen if h == "b.ly") < 0.05


def test_crawl_delay_and_pause_slow_a_host_down() -> None:
    async def run() -> float:
        limiter = Limiter(max_concurrency=8)
        limiter.set_policy("a.ly", HostPolicy(concurrency=1, delay_secs=0.0))
        limiter.set_crawl_delay("a.ly", 0.15)
        loop = asyncio.get_running_loop()
        async with limiter.slot("a.ly"):
            pass
        limiter.pause("a.ly", 0.3)
        began = loop.time()
        async with limiter.slot("a.ly"):
            return loop.time() - began

    assert asyncio.run(run()) >= 0.29


def test_concurrency_per_host_is_bounded() -> None:
    limiter = Limiter(max_concurrency=8)
    limiter.set_policy("a.ly", HostPolicy(concurrency=1, delay_secs=0.0))
    seen = starts(limiter, ["a.ly", "a.ly"], hold_secs=0.1)
    assert seen[1][1] - seen[0][1] >= 0.09


# --- through the Fetcher --------------------------------------------------------------------


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
