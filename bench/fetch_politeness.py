"""How close does the Fetcher's limiter come to the politeness bound?

50 hosts x 40 URLs through ``httpx.MockTransport`` (5 ms simulated latency, 2 KB pages),
every host at HostPolicy(concurrency=2, delay_secs=D) plus a robots.txt request, for
D = 0.05 s (1,000 requests/s overall: CPU-bound on purpose) and D = 0.2 s. No schedule
can beat 40 request starts x D per host, so that is the bound. The
baseline, measured in the same run, is the same 2,000 GETs through a bare httpx client
behind one global semaphore (no politeness): the cost of the machinery itself.

Run: .venv/bin/python bench/fetch_politeness.py
"""

from __future__ import annotations

import asyncio
import functools
import os
import statistics
import time
from collections.abc import Callable, Coroutine
from typing import Any

import httpx

from ingest.fetch import Fetcher
from ingest.models import Settings
from ingest.politeness import HostPolicy

HOSTS = 50
URLS_PER_HOST = 40
DELAYS_SECS = (0.05, 0.2)
LATENCY_SECS = 0.005
REPEATS = 3
PAGE = ("<html><body>" + "<p>خبر</p>" * 150 + "</body></html>").encode()


async def serve(request: httpx.Request) -> httpx.Response:
    """A fake outlet: 404 for robots.txt, a small page for the rest."""
    await asyncio.sleep(LATENCY_SECS)
    if request.url.path == "/robots.txt":
        return httpx.Response(404)
    return httpx.Response(200, headers={"Content-Type": "text/html; charset=utf-8"}, content=PAGE)


def urls() -> list[str]:
    """Every URL of the run, hosts interleaved as a pipeline would queue them."""
    return [f"https://site{h}.ly/news/{i}" for i in range(URLS_PER_HOST) for h in range(HOSTS)]


async def run_fetcher(delay_secs: float) -> float:
    """Wall seconds for the whole set through Fetcher."""
    async with Fetcher(Settings(), transport=httpx.MockTransport(serve)) as fetcher:
        for h in range(HOSTS):
            fetcher.set_policy(f"site{h}.ly", HostPolicy(concurrency=2, delay_secs=delay_secs))
        started = time.perf_counter()
        await asyncio.gather(*(fetcher.fetch(u) for u in urls()))
        return time.perf_counter() - started


async def run_bare() -> float:
    """Wall seconds for the same GETs with only a global semaphore."""
    slots = asyncio.Semaphore(Settings().max_concurrency)
    async with httpx.AsyncClient(transport=httpx.MockTransport(serve)) as client:

        async def get(url: str) -> None:
            async with slots:
                (await client.get(url)).raise_for_status()

        started = time.perf_counter()
        await asyncio.gather(*(get(u) for u in urls()))
        return time.perf_counter() - started


def measure(job: Callable[[], Coroutine[Any, Any, float]]) -> tuple[float, float]:
    """Median wall seconds and CPU seconds of REPEATS runs of ``job``."""
    walls, cpus = [], []
    for _ in range(REPEATS):
        cpu = time.process_time()
        walls.append(asyncio.run(job()))
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls), statistics.median(cpus)


def main() -> None:
    """Print the median wall and CPU time of each variant and its ratio to the bound."""
    print(
        f"{HOSTS} hosts x {URLS_PER_HOST} URLs, median of {REPEATS}, load {os.getloadavg()[0]:.1f}"
    )
    print(f"{'variant':34} {'bound s':>8} {'wall s':>8} {'cpu s':>8} {'x bound':>8}")
    for delay in DELAYS_SECS:
        bound = URLS_PER_HOST * delay  # the robots.txt start, then 39 page starts
        rows = [
            ("bare httpx, no politeness", measure(run_bare)),
            (f"Fetcher, delay {delay:g} s", measure(functools.partial(run_fetcher, delay))),
        ]
        for name, (wall, cpu) in rows:
            print(f"{name:34} {bound:8.2f} {wall:8.2f} {cpu:8.2f} {wall / bound:8.2f}")


if __name__ == "__main__":
    main()
