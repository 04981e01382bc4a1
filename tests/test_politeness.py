"""The per-host limiter: spacing of request starts, in-flight limits, pauses."""

from __future__ import annotations

import asyncio

from ingest.politeness import HostPolicy, Limiter


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
