"""The one HTTP layer of ingest: polite, bounded, retrying GETs that return ``Page`` values.

Every byte ingest reads from the network passes through ``Fetcher.fetch``:

1. the URL is checked (http/https only, inside the source's hosts, an address that
   ``netpolicy`` allows) and robots.txt asked;
2. a slot is taken: per host at most ``HostPolicy.concurrency`` requests in flight and
   ``delay_secs`` (or the robots.txt Crawl-delay, if larger) between request starts, and
   at most ``Settings.max_concurrency`` in flight overall;
3. the request is streamed, and the body read by ``transfer.read_body`` (bounded inflate,
   ``max_body_bytes``, the ``min_bytes_per_sec`` floor); with ``trusted_hosts`` given, the
   connection is made by ``netpolicy.GuardedBackend``, which checks the address it
   connects to;
4. redirects are followed by hand, each hop checked again as in 1;
5. 5xx, 429, 408, timeouts and resets are retried with tenacity (``retries``), all of it,
   hops included, within one ``total_timeout`` per call; the charset is found by
   ``encoding.decode_html``.

This module holds the steps of a whole fetch (1 and 4, robots.txt, the ``Page``); what a
request asks for (the checked URL, the headers) is in ``request``, and each hop (2, 3 and
5: the slot, the body, the retries, the ``FetchEvent``) in ``hops``.

httpx was chosen for its transport seam (tests run real requests against
``httpx.MockTransport``) and its async streaming. The limiter sleeps until each host's
next start, never polls, and guarantees the full delay (Scrapy's default
RANDOMIZE_DOWNLOAD_DELAY spaces requests 0.5 to 1.5 times the delay): 50 hosts x 40 URLs
at 0.2 s per host took 1.07x the politeness bound, at 0.05 s (1,000 requests/s,
CPU-bound) 1.20x (bench/fetch_politeness.py). A Retry-After that the URL waits for pauses
the whole host, not just the URL that got it; one too long to wait for pauses nothing and
is reported on the error for the scheduler.

Example::

    async with Fetcher(settings, trusted_hosts={"libyaherald.com"}) as fetcher:
        page = await fetcher.fetch("https://libyaherald.com/feed", validators=Validators(etag))
        if page.not_modified: ...
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Awaitable, Callable, Collection
from types import TracebackType

import httpx

from ingest.encoding import decode_html
from ingest.errors import (
    TEMPORARY,
    AddressRefused,
    FetchError,
    HTTPStatusError,
    NetworkError,
    RobotsDisallowed,
    TooManyRedirects,
    UnsupportedURL,
)
from ingest.hops import FetchEvent, HopResponse, HopSender, status_error, utc_now_iso
from ingest.models import Page, Settings
from ingest.netpolicy import AddressGuard, GuardedTransport, Resolver
from ingest.politeness import HostPolicy, Limiter
from ingest.request import (
    DEFAULT_ACCEPT,
    ROBOTS_ACCEPT,
    USER_AGENT,
    Target,
    Validators,
    checked_url,
    request_headers,
)
from ingest.retries import Deadline
from ingest.robots import (
    ROBOTS_MAX_BYTES,
    Robots,
    robots_for_status,
    robots_unreachable,
)

REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})


class Fetcher:
    """A polite HTTP client for one run; use as ``async with Fetcher(settings) as f``.

    ``trusted_hosts`` turns the address policy on (``netpolicy``): the hosts (``host`` or
    ``host:port``) that sources.yaml names may be on any address, every other host only on
    a public one (private ones too with ``Settings.allow_private``). None, the default,
    checks no address. ``resolver`` replaces the system resolver (tests map names without
    DNS); ``clock`` and ``sleep`` let tests run the deadline and the waits on fake time.
    ``shared_hosts`` reserves each request's start among several workers (``Limiter``).
    """

    def __init__(
        self,
        settings: Settings | None = None,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        client: httpx.AsyncClient | None = None,
        user_agent: str = USER_AGENT,
        obey_robots: bool = True,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        clock: Callable[[], float] = time.monotonic,
        on_event: Callable[[FetchEvent], None] | None = None,
        trusted_hosts: Collection[str] | None = None,
        resolver: Resolver | None = None,
        shared_hosts: Callable[[str, float], float] | None = None,
    ) -> None:
        settings = self.settings = settings or Settings()
        self._user_agent = user_agent
        self._obey_robots = obey_robots
        self._clock = clock
        self._guard = (
            AddressGuard(trusted_hosts, allow_private=settings.allow_private, resolver=resolver)
            if trusted_hosts is not None
            else None
        )
        # Our own connections check each address as they connect; through an injected
        # transport or client we cannot see the connect, so names are resolved beforehand.
        self._resolve_first = transport is not None or client is not None
        limits = httpx.Limits(max_connections=max(100, settings.max_concurrency))
        if self._guard is not None and not self._resolve_first:
            # An explicit transport also means httpx ignores HTTP(S)_PROXY: a proxy would
            # resolve names where no address can be checked.
            transport = GuardedTransport(self._guard, limits=limits)
        self._owns_client = client is None
        self._client = client or httpx.AsyncClient(
            transport=transport,
            http1=True,
            http2=False,
            follow_redirects=False,
            timeout=httpx.Timeout(
                settings.read_timeout_secs, connect=settings.connect_timeout_secs
            ),
            limits=limits,
        )
        self._limiter = Limiter(settings.max_concurrency, sleep, clock, shared_hosts)
        self._hops = HopSender(
            settings, self._client, self._limiter, sleep=sleep, clock=clock, on_event=on_event
        )
        self._robots: dict[str, asyncio.Task[Robots]] = {}

    async def __aenter__(self) -> Fetcher:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Stop pending robots.txt requests and close the client if we created it."""
        for task in self._robots.values():
            task.cancel()
        await asyncio.gather(*self._robots.values(), return_exceptions=True)
        if self._owns_client:
            await self._client.aclose()

    def set_policy(self, host: str, policy: HostPolicy) -> None:
        """Set the limits for ``host`` (a netloc: ``example.ly`` or ``127.0.0.1:8001``)."""
        with contextlib.suppress(httpx.InvalidURL, UnicodeError):
            host = httpx.URL(f"http://{host.strip()}/").netloc.decode("ascii")  # IDN -> punycode
        self._limiter.set_policy(host.lower(), policy)

    async def fetch(
        self,
        url: str,
        *,
        validators: Validators | None = None,
        accept: str | None = None,
        allowed_hosts: Collection[str] | None = None,
        retry: bool = True,
    ) -> Page:
        """GET ``url``; return a Page for 2xx and 304, raise an ``ingest.errors`` FetchError.

        Example: ``page = await fetcher.fetch(url, validators=Validators(etag='"abc"'))``;
        ``page.not_modified`` is then True when the server answered 304.
        """
        headers = request_headers(self._user_agent, accept or DEFAULT_ACCEPT, validators)
        response, chain = await self._follow(
            url,
            headers,
            retry=retry,
            max_bytes=self.settings.max_body_bytes,
            allowed_hosts=allowed_hosts,
            check_robots=self._obey_robots,
            deadline=Deadline(self.settings.total_timeout_secs, self._clock),
        )
        if not (200 <= response.status < 300 or response.status == 304):
            raise status_error(response.url, response.status, None)
        text, encoding = decode_html(response.content, response.headers.get("content-type"))
        return Page(
            url=response.url,
            requested_url=url,
            status=response.status,
            headers=response.headers,
            content=response.content,
            text=text,
            encoding=encoding,
            fetched_at=utc_now_iso(),
            redirects=tuple(chain),
        )

    async def robots_sitemaps(self, host_url: str) -> list[str]:
        """Return the ``Sitemap:`` URLs of the robots.txt governing ``host_url``."""
        robots = await self._robots_for(checked_url(host_url, host_url, None))
        return list(robots.sitemaps)

    async def _follow(
        self,
        url: str,
        headers: dict[str, str],
        *,
        retry: bool,
        max_bytes: int,
        allowed_hosts: Collection[str] | None,
        check_robots: bool,
        deadline: Deadline,
        truncate: bool = False,
    ) -> tuple[HopResponse, list[str]]:
        """Request ``url`` and follow redirects by hand, checking every hop."""
        chain: list[str] = []
        visits: dict[str, int] = {}
        current = url
        while True:
            target = checked_url(url, current, allowed_hosts)
            # One revisit is allowed: cookie walls redirect A -> B (set cookie) -> A.
            visits[target.url] = visits.get(target.url, 0) + 1
            if visits[target.url] > 2:
                hops = " -> ".join([*chain, target.url])
                raise TooManyRedirects(url, f"redirect loop fetching {url}: {hops}")
            # Before robots.txt: a refused host gets no request at all.
            await self._check_address(url, target)
            if check_robots:
                with deadline.paused():  # robots.txt has a deadline of its own
                    robots = await self._robots_for(target)
                if not robots.allows(target.url):
                    raise _robots_error(url, target, robots)
            try:
                response = await self._hops.send(
                    target, headers, retry, max_bytes, truncate, deadline
                )
            except httpx.InvalidURL as exc:
                # httpx builds the next request of a redirect even when not following it,
                # and raises on a Location it cannot parse ("A:0").
                raise UnsupportedURL(
                    url, f"{target.url} redirects to a URL that is not valid ({exc})"
                ) from exc
            location = response.headers.get("location")
            if response.status not in REDIRECT_STATUSES or not location:
                return response, chain
            if len(chain) >= self.settings.max_redirects:
                raise TooManyRedirects(
                    url,
                    f"more than {self.settings.max_redirects} redirects fetching {url}: "
                    + " -> ".join([*chain, target.url]),
                )
            chain.append(target.url)
            try:
                current = str(httpx.URL(target.url).join(location.strip()))
            except (httpx.InvalidURL, ValueError) as exc:
                raise UnsupportedURL(
                    url, f"{target.url} redirects to bad URL {location!r}"
                ) from exc

    async def _check_address(self, url: str, target: Target) -> None:
        """Refuse a target whose address the policy forbids (see ``netpolicy``).

        Our own transport checks names as it connects, so only IP literals are checked
        here; through an injected transport the name is resolved and checked now.
        """
        if self._guard is None:
            return
        host, port = target.address
        try:
            if self._resolve_first:
                await self._guard.check(host, port)
            else:
                self._guard.check_literal(host, port)
        except AddressRefused as exc:
            raise exc.at(url, target.url) from None
        except NetworkError as exc:
            raise NetworkError(url, f"{target.url}: {exc}") from None

    async def _robots_for(self, target: Target) -> Robots:
        """Return the robots.txt decision for the origin of ``target`` (fetched once)."""
        key = target.origin + "/robots.txt"
        task = self._robots.get(key)
        if task is None:
            task = asyncio.ensure_future(self._load_robots(key, target.host))
            self._robots[key] = task
        # shield: a caller cancelled while waiting must not cancel the shared request.
        return await asyncio.shield(task)

    async def _load_robots(self, url: str, host: str) -> Robots:
        """Fetch and interpret one robots.txt (RFC 9309 §2.3), obeying host limits."""
        headers = request_headers(self._user_agent, ROBOTS_ACCEPT, None)
        try:
            response, _ = await self._follow(
                url,
                headers,
                retry=True,
                max_bytes=ROBOTS_MAX_BYTES,
                allowed_hosts=None,
                check_robots=False,
                deadline=Deadline(self.settings.total_timeout_secs, self._clock),
                truncate=True,
            )
        except HTTPStatusError as exc:
            robots = robots_for_status(exc.status, b"")
        except (TooManyRedirects, UnsupportedURL, AddressRefused) as exc:
            # RFC 9309 §2.3.1.2: past five redirects robots.txt may be taken as unavailable;
            # so is one we may not fetch. A refused host's own pages are refused anyway.
            robots = Robots(reason=f"unavailable ({exc})", allow_all=True)
        except FetchError as exc:
            robots = robots_unreachable(str(exc))
        else:
            robots = robots_for_status(response.status, response.content)
        self._limiter.set_crawl_delay(host, robots.crawl_delay_secs or 0.0)
        return robots


def _robots_error(url: str, target: Target, robots: Robots) -> RobotsDisallowed:
    """RobotsDisallowed, temporary when robots.txt was only unreachable this run."""
    if robots.parser is not None:
        return RobotsDisallowed(url, f"robots.txt of {target.origin} disallows {target.url}")
    return RobotsDisallowed(
        url,
        f"robots.txt of {target.origin} is {robots.reason}; RFC 9309 forbids the whole host "
        f"until it can be read (not fetched: {target.url})",
        kind=TEMPORARY,
    )
