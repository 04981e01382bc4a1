"""What one request asks for: a checked target URL and the headers it is sent with.

``checked_url`` refuses what ingest never requests (a scheme other than http or https, no
host, a host outside the source's) before anything is sent, and gives the host key
(``example.ly:8080``) that the per-host limits go by and the origin robots.txt is asked
at. ``request_headers`` says who is asking, what it accepts and, for a conditional GET,
the one validator of the previous answer.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import NamedTuple

import httpx

from ingest.errors import UnsupportedURL

USER_AGENT = "ingest/0.1 (+https://github.com/ingest-libya/ingest; news monitoring of Libyan media)"
DEFAULT_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
ROBOTS_ACCEPT = "text/plain,*/*;q=0.5"
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


class Target(NamedTuple):
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


def request_headers(user_agent: str, accept: str, validators: Validators | None) -> dict[str, str]:
    """Headers for one request, with at most one validator.

    RFC 9110 §13.1.3 and §13.2.2: a server must ignore If-Modified-Since when
    If-None-Match is present, and a date (one-second resolution, the server's clock) is
    the weaker validator; so the ETag alone is sent when known, the date only when it
    is all we have, as mediacloud/rss-fetcher does.
    """
    headers = {
        "User-Agent": user_agent,
        "Accept": accept,
        "Accept-Encoding": ACCEPT_ENCODING,
    }
    if validators is not None:
        if validators.etag:
            headers["If-None-Match"] = validators.etag
        elif validators.last_modified:
            headers["If-Modified-Since"] = validators.last_modified
    return headers


def checked_url(original: str, url: str, allowed_hosts: Collection[str] | None) -> Target:
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
    return Target(str(parsed), netloc, f"{parsed.scheme}://{netloc}", parsed)


def _host_allowed(netloc: str, host: str, allowed_hosts: Collection[str]) -> bool:
    """True when the URL's host is an allowed host or a subdomain of one."""
    host = host.lower()
    for allowed in allowed_hosts:
        allowed = allowed.lower().strip()
        if allowed in (netloc, host) or host.endswith("." + allowed):
            return True
    return False
