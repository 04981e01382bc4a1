"""One hop of a fetch: a GET sent inside the limits and the deadline, retried, reported.

``HopSender.send`` takes a slot of the host and a global one (``politeness.Limiter``),
sends the request within what is left of the call's ``total_timeout``, streams the body
of a 2xx answer through ``transfer.read_body`` (bounded inflate, ``max_body_bytes``, the
``min_bytes_per_sec`` floor), turns 4xx and 5xx answers, timeouts, resets and bad gzip
into ``ingest.errors`` FetchErrors, retries the temporary ones (``retries``; a Retry-After
that is waited for pauses the whole host) and reports every attempt to ``on_event`` as a
``FetchEvent``. Which URL is asked for, robots.txt and redirects are ``fetch.Fetcher``'s.
"""

from __future__ import annotations

import asyncio
import sys
import time
import zlib
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

import httpx

from ingest.errors import AddressRefused, FetchError, HTTPStatusError, NetworkError
from ingest.models import Settings
from ingest.politeness import Limiter
from ingest.request import Target
from ingest.retries import Deadline, call_with_retries, deadline_error, parse_retry_after
from ingest.transfer import RateFloor, read_body


@dataclass(frozen=True)
class FetchEvent:
    """One request attempt, as reported to ``on_event``."""

    url: str
    host: str
    attempt: int
    status: int | None
    error: str | None
    elapsed_secs: float
    bytes: int
    at_iso: str


@dataclass(frozen=True)
class HopResponse:
    """One hop's answer, before it becomes a ``Page``."""

    url: str
    status: int
    headers: dict[str, str]
    content: bytes


class HopSender:
    """Sends the hops of one ``Fetcher``: its client, limits, clock and event listener."""

    def __init__(
        self,
        settings: Settings,
        client: httpx.AsyncClient,
        limiter: Limiter,
        *,
        sleep: Callable[[float], Awaitable[None]],
        clock: Callable[[], float],
        on_event: Callable[[FetchEvent], None] | None,
    ) -> None:
        self.settings = settings
        self._client = client
        self._limiter = limiter
        self._sleep = sleep
        self._clock = clock
        self._on_event = on_event
        self._floor = RateFloor(settings.min_bytes_per_sec, settings.min_rate_window_secs)

    async def send(
        self,
        target: Target,
        headers: dict[str, str],
        retry: bool,
        max_bytes: int,
        truncate: bool,
        deadline: Deadline,
    ) -> HopResponse:
        """One hop, retried on temporary failures when ``retry`` is set, within ``deadline``."""

        async def attempt(number: int) -> HopResponse:
            return await self._attempt(target, headers, number, max_bytes, truncate, deadline)

        if not retry:
            return await attempt(1)
        # A Retry-After that is waited for pauses the whole host; only then, so that a 429
        # on a URL that is not retried does not stall the host's other URLs.
        return await call_with_retries(
            attempt,
            self.settings,
            deadline,
            sleep=self._sleep,
            pause_host=lambda secs: self._limiter.pause(target.host, secs),
        )

    async def _attempt(
        self,
        target: Target,
        headers: dict[str, str],
        attempt: int,
        max_bytes: int,
        truncate: bool,
        deadline: Deadline,
    ) -> HopResponse:
        """Send one request inside the host and global limits; report it to on_event."""
        url, host = target.url, target.host
        queued = self._clock()
        async with self._limiter.slot(host):
            deadline.give_back(self._clock() - queued)  # the host's pace, not this URL's cost
            at_iso = utc_now_iso() if self._on_event is not None else ""
            started = time.perf_counter()
            status: int | None = None
            size = 0
            error: str | None = None
            try:
                left = deadline.remaining()
                if left <= 0:
                    raise deadline_error(url, attempt, deadline)
                try:
                    response = await _within(left, self._send(target, headers, max_bytes, truncate))
                except asyncio.TimeoutError:  # the last attempt is cut at the deadline
                    raise deadline_error(url, attempt, deadline) from None
                except AddressRefused as exc:  # from GuardedBackend, which knows no URL
                    raise exc.at(url) from None
                except (httpx.HTTPError, zlib.error) as exc:  # timeouts, resets, bad gzip...
                    raise NetworkError(url, f"{url}: {_describe(exc)}") from exc
                status, size, error = response.status, len(response.content), None
                if response.status >= 400:
                    retry_after = parse_retry_after(response.headers.get("retry-after"))
                    raise status_error(url, response.status, retry_after)
                return response
            except BaseException as exc:  # reported, then re-raised: cancellation included
                error = str(exc) if isinstance(exc, FetchError) else type(exc).__name__
                raise
            finally:
                if self._on_event is not None:
                    self._on_event(
                        FetchEvent(
                            url=url,
                            host=host,
                            attempt=attempt,
                            status=status,
                            error=error,
                            elapsed_secs=round(time.perf_counter() - started, 4),
                            bytes=size,
                            at_iso=at_iso,
                        )
                    )

    async def _send(
        self, target: Target, headers: dict[str, str], max_bytes: int, truncate: bool
    ) -> HopResponse:
        """Stream one GET; read the body only for 2xx answers."""
        url = target.url
        async with self._client.stream("GET", target.parsed, headers=headers) as response:
            response_headers = dict(response.headers.items())
            content = b""
            if 200 <= response.status_code < 300:
                content = await read_body(
                    response,
                    response_headers,
                    url,
                    max_bytes,
                    truncate=truncate,
                    floor=self._floor,
                )
            return HopResponse(url, response.status_code, response_headers, content)


async def _within(secs: float, work: Awaitable[HopResponse]) -> HopResponse:
    """Await ``work``, raising TimeoutError after ``secs`` (body streaming included)."""
    if sys.version_info >= (3, 11):
        async with asyncio.timeout(secs):  # no extra Task per request, unlike wait_for
            return await work
    return await asyncio.wait_for(work, secs)


def status_error(url: str, status: int, retry_after: float | None) -> HTTPStatusError:
    """An HTTPStatusError whose message names the URL."""
    error = HTTPStatusError(url, status, retry_after_secs=retry_after)
    wait = f" (Retry-After {retry_after:g} s)" if retry_after is not None else ""
    error.args = (f"HTTP {status} from {url}{wait}",)
    return error


def _describe(exc: BaseException) -> str:
    """A readable one-line description of an httpx/zlib error."""
    detail = str(exc) or "no detail"
    return f"{type(exc).__name__}: {detail}"


def utc_now_iso() -> str:
    """The current UTC time as ``2026-11-29T08:15:00Z``."""
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
