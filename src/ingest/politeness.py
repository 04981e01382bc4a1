"""Per-host politeness: requests in flight and the spacing of request starts, per host.

Every request takes a slot of its host, then waits until the host's next allowed start
(``HostPolicy.delay_secs`` after the previous start, or longer when robots.txt asks for a
larger Crawl-delay or a Retry-After paused the host), then takes a global slot. With
several workers on one database, the start is also reserved there (``shared``), so the
spacing holds across workers. The wait
is one sleep until that moment, never a poll; the full delay is kept (Scrapy's default
``RANDOMIZE_DOWNLOAD_DELAY`` spaces requests 0.5 to 1.5 times the delay).
"""

from __future__ import annotations

import asyncio
import contextlib
import math
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class HostPolicy:
    """How hard one host may be hit: requests in flight, seconds between request starts."""

    concurrency: int = 2
    delay_secs: float = 1.0


class HostState:
    """One host's limiter: a concurrency semaphore and the time of the last start."""

    def __init__(self, policy: HostPolicy) -> None:
        self.policy = policy
        self.slots = asyncio.Semaphore(max(1, policy.concurrency))
        self.start_lock = asyncio.Lock()
        self.last_start = -math.inf
        self.not_before = -math.inf  # loop time before which nothing starts (Retry-After)
        self.robots_delay_secs = 0.0

    @property
    def delay_secs(self) -> float:
        """The spacing between starts: our policy or robots.txt, whichever is slower."""
        return max(self.policy.delay_secs, self.robots_delay_secs)


class Limiter:
    """The per-host and global limits of one run."""

    def __init__(
        self,
        max_concurrency: int,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        clock: Callable[[], float] | None = None,
        shared: Callable[[str, float], float] | None = None,
    ) -> None:
        self._sleep = sleep
        self._clock = clock  # None: the event loop's clock; tests pass a fake one with sleep
        # Several workers on one database: reserves a host's next start among all of them
        # and says how long to wait for it (``Store.reserve_host``).
        self._shared = shared
        self._global_slots = asyncio.Semaphore(max(1, max_concurrency))
        self._policies: dict[str, HostPolicy] = {}
        self._hosts: dict[str, HostState] = {}

    def set_policy(self, host: str, policy: HostPolicy) -> None:
        """Set the limits for ``host``."""
        self._policies[host] = policy
        state = self._hosts.get(host)
        if state is not None:
            state.policy = policy
            state.slots = asyncio.Semaphore(max(1, policy.concurrency))

    def host(self, host: str) -> HostState:
        """Return the limiter of ``host``, creating it with its policy on first use."""
        state = self._hosts.get(host)
        if state is None:
            state = HostState(self._policies.get(host, HostPolicy()))
            self._hosts[host] = state
        return state

    def pause(self, host: str, secs: float) -> None:
        """Start nothing on ``host`` for ``secs`` (a Retry-After pauses the whole host)."""
        state = self.host(host)
        state.not_before = max(state.not_before, self._now() + secs)

    def set_crawl_delay(self, host: str, secs: float) -> None:
        """robots.txt's Crawl-delay for ``host``; it counts when larger than our delay."""
        self.host(host).robots_delay_secs = secs

    def _now(self) -> float:
        """Seconds on the limiter's clock."""
        return self._clock() if self._clock is not None else asyncio.get_running_loop().time()

    @contextlib.asynccontextmanager
    async def slot(self, host: str) -> AsyncIterator[None]:
        """Hold a host slot and a global slot, starting no sooner than the host allows."""
        state = self.host(host)
        async with state.slots:
            # The lock queues this host's requests (FIFO) while the next start time is
            # awaited; the global slot is taken only once the host is ready, so requests
            # waiting on a slow host never block the other hosts.
            async with state.start_lock:
                wait = max(state.last_start + state.delay_secs, state.not_before) - self._now()
                if wait > 0:
                    await self._sleep(wait)
                if self._shared is not None:
                    wait = self._shared(host, state.delay_secs)
                    if wait > 0:
                        await self._sleep(wait)
                await self._global_slots.acquire()
                state.last_start = self._now()
            try:
                yield
            finally:
                self._global_slots.release()
