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
import sys
import time
import zlib
from collections.abc import Awaitable, Callable, Collection
from dataclasses import dataclass
from types import TracebackType
from typing import NamedTuple

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
from ingest.models import Page, Settings
from ingest.netpolicy import AddressGuard, GuardedTransport, Resolver
from ingest.politeness import HostPolicy, Limiter
from ingest.retries import Deadline, call_with_retries, deadline_error, parse_retry_after
from ingest.transfer import RateFloor, read_body

__all__ = [
    "USER_AGENT",
    "FetchEvent",
    "Fetcher",
    "HostPolicy",
    "Validators",
    "decode_html",
    "parse_retry_after",
]
from ingest.robots import (
    ROBOTS_MAX_BYTES,
    Robots,
    robots_for_status,
    robots_unreachable,
)

USER_AGENT = "ingest/0.1 (+https://github.com/ingest-libya/ingest; news monitoring of Libyan media)"
DEFAULT_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
ROBOTS_ACCEPT = "text/plain,*/*;q=0.5"
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
DEFAULT_PORTS = {"http": 80, "https": 443}


def _accept_encoding() -> str:
    """Advertise br only when httpx can decode it: no extra dependency for it."""
    try:
        import brotli  # type: ignore[import-not-found]  # noqa: F401
    except ImportError:
        return "gzip, deflate"
    return "gzip, deflate, br"


ACCEPT_ENCODING = _accept_encoding()


@dataclass(frozen=True)
class Validators:
    """What the previous answer said, for a conditional GET."""

    etag: str | None = None
    last_modified: str | None = None


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


class _Target(NamedTuple):
    """A checked URL with its host key (``example.ly:8080``) and origin (for robots.txt)."""

    url: str
    host: str
    origin: str
    parsed: httpx.URL  # handed to httpx as is: parsing a URL costs more than a request

    @property
    def address(self) -> tuple[str, int]:
        """The host (punycode, no brackets) and port that a connection goes to."""
        parsed = self.parsed
        return parsed.raw_host.decode("ascii"), parsed.port or DEFAULT_PORTS[parsed.scheme]


@dataclass(frozen=True)
class _Response:
    """One hop's answer, before it becomes a ``Page``."""

    url: str
    status: int
    headers: dict[str, str]
    content: bytes


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
        self._sleep = sleep
        self._clock = clock
        self._on_event = on_event
        self._floor = RateFloor(settings.min_bytes_per_sec, settings.min_rate_window_secs)
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
        headers = self._request_headers(accept or DEFAULT_ACCEPT, validators)
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
            raise _status_error(response.url, response.status, None)
        text, encoding = decode_html(response.content, response.headers.get("content-type"))
        return Page(
            url=response.url,
            requested_url=url,
            status=response.status,
            headers=response.headers,
            content=response.content,
            text=text,
            encoding=encoding,
            fetched_at=_utc_now_iso(),
            redirects=tuple(chain),
        )

    async def robots_sitemaps(self, host_url: str) -> list[str]:
        """Return the ``Sitemap:`` URLs of the robots.txt governing ``host_url``."""
        robots = await self._robots_for(_checked_url(host_url, host_url, None))
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
    ) -> tuple[_Response, list[str]]:
        """Request ``url`` and follow redirects by hand, checking every hop."""
        chain: list[str] = []
        visits: dict[str, int] = {}
        current = url
        while True:
            target = _checked_url(url, current, allowed_hosts)
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
                response = await self._request(
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

    async def _check_address(self, url: str, target: _Target) -> None:
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

    async def _request(
        self,
        target: _Target,
        headers: dict[str, str],
        retry: bool,
        max_bytes: int,
        truncate: bool,
        deadline: Deadline,
    ) -> _Response:
        """One hop, retried on temporary failures when ``retry`` is set, within ``deadline``."""

        async def attempt(number: int) -> _Response:
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
        target: _Target,
        headers: dict[str, str],
        attempt: int,
        max_bytes: int,
        truncate: bool,
        deadline: Deadline,
    ) -> _Response:
        """Send one request inside the host and global limits; report it to on_event."""
        url, host = target.url, target.host
        queued = self._clock()
        async with self._limiter.slot(host):
            deadline.give_back(self._clock() - queued)  # the host's pace, not this URL's cost
            at_iso = _utc_now_iso() if self._on_event is not None else ""
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
                    raise _status_error(url, response.status, retry_after)
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
        self, target: _Target, headers: dict[str, str], max_bytes: int, truncate: bool
    ) -> _Response:
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
            return _Response(url, response.status_code, response_headers, content)

    async def _robots_for(self, target: _Target) -> Robots:
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
        headers = self._request_headers(ROBOTS_ACCEPT, None)
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

    def _request_headers(self, accept: str, validators: Validators | None) -> dict[str, str]:
        """Headers for one request, with at most one validator.

        RFC 9110 §13.1.3 and §13.2.2: a server must ignore If-Modified-Since when
        If-None-Match is present, and a date (one-second resolution, the server's clock) is
        the weaker validator; so the ETag alone is sent when known, the date only when it
        is all we have, as mediacloud/rss-fetcher does.
        """
        headers = {
            "User-Agent": self._user_agent,
            "Accept": accept,
            "Accept-Encoding": ACCEPT_ENCODING,
        }
        if validators is not None:
            if validators.etag:
                headers["If-None-Match"] = validators.etag
            elif validators.last_modified:
                headers["If-Modified-Since"] = validators.last_modified
        return headers


async def _within(secs: float, work: Awaitable[_Response]) -> _Response:
    """Await ``work``, raising TimeoutError after ``secs`` (body streaming included)."""
    if sys.version_info >= (3, 11):
        async with asyncio.timeout(secs):  # no extra Task per request, unlike wait_for
            return await work
    return await asyncio.wait_for(work, secs)


def _status_error(url: str, status: int, retry_after: float | None) -> HTTPStatusError:
    """An HTTPStatusError whose message names the URL."""
    error = HTTPStatusError(url, status, retry_after_secs=retry_after)
    wait = f" (Retry-After {retry_after:g} s)" if retry_after is not None else ""
    error.args = (f"HTTP {status} from {url}{wait}",)
    return error


def _robots_error(url: str, target: _Target, robots: Robots) -> RobotsDisallowed:
    """RobotsDisallowed, temporary when robots.txt was only unreachable this run."""
    if robots.parser is not None:
        return RobotsDisallowed(url, f"robots.txt of {target.origin} disallows {target.url}")
    return RobotsDisallowed(
        url,
        f"robots.txt of {target.origin} is {robots.reason}; RFC 9309 forbids the whole host "
        f"until it can be read (not fetched: {target.url})",
        kind=TEMPORARY,
    )


def _checked_url(original: str, url: str, allowed_hosts: Collection[str] | None) -> _Target:
    """Return ``url`` normalised, or raise UnsupportedURL (scheme, syntax, host)."""
    try:
        parsed = httpx.URL(url.strip())
    except (httpx.InvalidURL, TypeError, ValueError) as exc:
        raise UnsupportedURL(original, f"not a valid URL: {url!r}") from exc
    if parsed.scheme not in ("http", "https"):
        raise UnsupportedURL(
            original, f"{url}: only http and https are fetched, not {parsed.scheme or 'none'!r}"
        )
    if not parsed.host:
        raise UnsupportedURL(original, f"{url}: no host in URL")
    netloc = parsed.netloc.decode("ascii").lower()
    if allowed_hosts is not None and not _host_allowed(netloc, parsed.host, allowed_hosts):
        raise UnsupportedURL(
            original, f"{url}: host {parsed.host} is outside {', '.join(sorted(allowed_hosts))}"
        )
    if parsed.fragment:
        parsed = parsed.copy_with(fragment=None)
    return _Target(str(parsed), netloc, f"{parsed.scheme}://{netloc}", parsed)


def _host_allowed(netloc: str, host: str, allowed_hosts: Collection[str]) -> bool:
    """True when the URL's host is an allowed host or a subdomain of one."""
    host = host.lower()
    for allowed in allowed_hosts:
        allowed = allowed.lower().strip()
        if allowed in (netloc, host) or host.endswith("." + allowed):
            return True
    return False


def _describe(exc: BaseException) -> str:
    """A readable one-line description of an httpx/zlib error."""
    detail = str(exc) or "no detail"
    return f"{type(exc).__name__}: {detail}"


def _utc_now_iso() -> str:
    """The current UTC time as ``2026-11-29T08:15:00Z``."""
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
