"""Why a fetch failed, in words an operator can act on: a category per failure, and the
common cause when many sources fail the same way.

A failure is classified from the exception first (its type, its HTTP status, and the
chain of causes down to the socket: ``socket.gaierror`` is a DNS failure whatever the
message says), then from its message, so that errors read back from the database (the
``endpoints.error`` column) get the same category as live ones.

The advice depends on how many sources share a cause: one outlet whose name does not
resolve has probably let its domain lapse; thirty of them mean this machine is offline.
"""

from __future__ import annotations

import errno
import re
import socket
import ssl
from collections.abc import Iterator
from dataclasses import dataclass

from ingest.errors import (
    AddressRefused,
    DeadlineExceeded,
    FetchError,
    HTTPStatusError,
    RobotsDisallowed,
    TooManyRedirects,
    TransferTooSlow,
    UnsupportedURL,
)

# Categories: short slugs, also written in `ingest status --format json`.
DNS = "dns"
UNREACHABLE = "unreachable"
TLS = "tls"
TIMEOUT = "timeout"
REFUSED = "refused"
NETWORK = "network"
BLOCKED = "blocked"  # HTTP 403
NOT_FOUND = "not-found"  # HTTP 404, 410
RATE_LIMITED = "rate-limited"  # HTTP 429
SERVER_ERROR = "server-error"  # HTTP 5xx
HTTP = "http"  # any other HTTP error status
ADDRESS_REFUSED = "address-refused"
ROBOTS = "robots"
TOO_LARGE = "too-large"
REDIRECTS = "redirects"
URL_NOT_ALLOWED = "url-not-allowed"
UNUSABLE = "unusable"  # an answer that is not a feed, sitemap, listing or API page
CONTENT = "content"  # a note about entries skipped, not a failure
INTERNAL = "internal"  # an exception that is not a FetchError: a bug

# A cause shared by at least this many sources is worded as the machine's problem.
MANY_SOURCES = 3

UNREACHABLE_ERRNOS = {errno.ENETUNREACH, errno.EHOSTUNREACH}

# Message patterns, tried in order, for errors known only by their text.
_ADDRESS_RE = re.compile(r"\brefused [0-9a-f.:]+ \(")
_HTTP_RE = re.compile(r"\bHTTP (\d{3})\b")
# A robots.txt that could not be read forbids its host for the run (RFC 9309 §2.3.1.4): the
# reason it could not be read is the cause (offline, every host fails this way first).
_ROBOTS_UNREACHABLE_RE = re.compile(r"robots\.txt of \S+ is unreachable \((.*)\); RFC 9309", re.S)
# netpolicy's resolver timeout: offline, the system resolver often hangs rather than fails.
_SLOW_DNS_RE = re.compile(r"\bresolving \S+ took over\b")
_TEXT_RULES: tuple[tuple[str, tuple[str, ...]], ...] = (
    (ROBOTS, ("robots.txt of ",)),  # not a robots.txt URL, in a message about fetching it
    (
        DNS,
        (
            "name or service not known",
            "temporary failure in name resolution",
            "nodename nor servname",
            "no address associated",
            "getaddrinfo failed",
            "cannot resolve",
            "name resolution",
        ),
    ),
    (TLS, ("[ssl", "ssl:", "certificate verify", "tls handshake")),
    (TIMEOUT, ("timeout", "timed out", "transfer too slow", "time budget")),
    (REFUSED, ("connection refused", "connect call failed", "errno 111")),
    (UNREACHABLE, ("network is unreachable", "no route to host")),
    (TOO_LARGE, ("over the cap of", "too large")),
    (REDIRECTS, ("redirect loop", "redirects fetching")),
    (URL_NOT_ALLOWED, ("only http and https", "is outside", "not a valid url", "bad url")),
    (
        NETWORK,
        ("connecterror", "readerror", "protocolerror", "disconnected", "connection reset"),
    ),
)


@dataclass(frozen=True)
class Problem:
    """One thing that went wrong in a run, classified.

    ``failed`` is True when it made its source fail (an endpoint could not be used),
    False for a note (entries skipped, a sitemap child that failed, an article's bug).
    """

    source: str
    url: str
    kind: str  # temporary | soft | hard (errors.py), or "internal"
    category: str
    message: str
    failed: bool = True


def causes(exc: BaseException) -> Iterator[BaseException]:
    """``exc`` and the exceptions it was raised from, outermost first."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield current
        current = current.__cause__ or current.__context__


def category_of_status(status: int) -> str:
    """The category of an HTTP error status."""
    if status == 403:
        return BLOCKED
    if status in (404, 410):
        return NOT_FOUND
    if status == 429:
        return RATE_LIMITED
    if status >= 500:
        return SERVER_ERROR
    return HTTP


def classify_message(message: str, *, status: int | None = None, default: str = UNUSABLE) -> str:
    """The category of an error known only by its text (and maybe its HTTP status)."""
    if _ADDRESS_RE.search(message):
        return ADDRESS_REFUSED
    if status is not None and status >= 400:
        return category_of_status(status)
    if _SLOW_DNS_RE.search(message):
        return DNS
    unreachable = _ROBOTS_UNREACHABLE_RE.search(message)
    if unreachable:
        return classify_message(unreachable.group(1), default=ROBOTS)
    lowered = message.lower()
    if "robots.txt of " not in lowered:
        found = _HTTP_RE.search(message)
        if found:
            return category_of_status(int(found.group(1)))
    for category, needles in _TEXT_RULES:
        if any(needle in lowered for needle in needles):
            return category
    return default


def classify(exc: BaseException) -> str:
    """The category of a failure, from its type, status and causes, else its message."""
    if isinstance(exc, AddressRefused):
        return ADDRESS_REFUSED
    if isinstance(exc, RobotsDisallowed):
        return classify_message(str(exc), default=ROBOTS)
    if isinstance(exc, HTTPStatusError):
        return category_of_status(exc.status)
    if isinstance(exc, (DeadlineExceeded, TransferTooSlow)):
        return TIMEOUT
    if isinstance(exc, TooManyRedirects):
        return REDIRECTS
    if isinstance(exc, UnsupportedURL):
        return URL_NOT_ALLOWED
    if not isinstance(exc, FetchError):
        return INTERNAL
    if _SLOW_DNS_RE.search(str(exc)):
        return DNS
    for cause in causes(exc):
        # gaierror and the SSL errors are OSErrors too: test them first.
        if isinstance(cause, socket.gaierror):
            return DNS
        if isinstance(cause, (ssl.SSLError, ssl.CertificateError)):
            return TLS
        if isinstance(cause, ConnectionRefusedError):
            return REFUSED
        if isinstance(cause, TimeoutError):
            return TIMEOUT
        if isinstance(cause, OSError) and cause.errno in UNREACHABLE_ERRNOS:
            return UNREACHABLE
    return classify_message(str(exc))


def problem_from(source: str, url: str, error: BaseException | str, *, failed: bool) -> Problem:
    """A classified Problem from an exception or a message."""
    if isinstance(error, str):
        category = classify_message(error, default=UNUSABLE if failed else CONTENT)
        return Problem(source, url, "hard" if failed else "note", category, error, failed)
    if isinstance(error, FetchError):
        return Problem(source, url, error.kind, classify(error), str(error), failed)
    return Problem(source, url, "internal", INTERNAL, repr(error), failed)


@dataclass(frozen=True)
class Cause:
    """How to word a category: for one or two sources, and for many."""

    one: str
    many: str
    many_from: int = MANY_SOURCES


# {n}: how many; {s}: "s" when n != 1. Each line stays short: names are added after it.
CAUSES: dict[str, Cause] = {
    DNS: Cause(
        "{n} source{s}: host name not found: domain lapsed or moved, or is this machine offline?",
        "{n} sources: no host could be resolved: is this machine offline, or its DNS down?",
    ),
    UNREACHABLE: Cause(
        "{n} source{s}: network unreachable: is a route or firewall blocking the host?",
        "{n} sources: network unreachable: is this machine offline?",
    ),
    TLS: Cause(
        "{n} source{s}: TLS/certificate error: the outlet's certificate may be expired or wrong",
        "{n} sources: TLS/certificate errors: is the clock right, or a proxy intercepting TLS?",
    ),
    TIMEOUT: Cause(
        "{n} source{s} timed out or sent too slowly: the outlet is slow or down; retried later",
        "{n} sources timed out or sent too slowly: is this machine's network slow or congested?",
    ),
    REFUSED: Cause(
        "{n} source{s}: connection refused: the outlet's server is down; retried later",
        "{n} sources: connection refused: is a firewall blocking outgoing connections?",
    ),
    NETWORK: Cause(
        "{n} source{s}: connection failed or broken off: the outlet may be down; retried later",
        "{n} sources: connections failed or broken off: is the network unstable, or firewalled?",
    ),
    BLOCKED: Cause(
        "{n} outlet{s} answered 403: it may block datacenter addresses; see 'ingest status'",
        "{n} outlets answered 403: many Libyan outlets block datacenter addresses; "
        "run from another network or through a proxy",
        many_from=2,
    ),
    NOT_FOUND: Cause(
        "{n} source{s}: HTTP 404/410: endpoint moved or gone; 'ingest sources add' finds it",
        "{n} sources: HTTP 404/410: endpoints moved or gone; 'ingest sources add' finds them",
    ),
    RATE_LIMITED: Cause(
        "{n} source{s}: HTTP 429, rate limited: retried after the outlet's Retry-After",
        "{n} sources: HTTP 429, rate limited: retried after their Retry-After",
    ),
    SERVER_ERROR: Cause(
        "{n} source{s}: server error (HTTP 5xx): the outlet's server is failing; retried later",
        "{n} sources: server errors (HTTP 5xx): is a proxy or gateway failing?",
    ),
    HTTP: Cause(
        "{n} source{s}: HTTP error status: see 'ingest status --wide'",
        "{n} sources: HTTP error statuses: see 'ingest status --wide'",
    ),
    ADDRESS_REFUSED: Cause(
        "{n} source{s}: address refused by the network policy: name the host in sources.yaml",
        "{n} sources: addresses refused by the network policy: does DNS answer private addresses?",
    ),
    ROBOTS: Cause(
        "{n} source{s}: robots.txt forbids it or cannot be read: ask the outlet, or drop it",
        "{n} sources: robots.txt forbids them or cannot be read",
    ),
    TOO_LARGE: Cause(
        "{n} source{s}: answer over max_body: raise max_body if the feed is real",
        "{n} sources: answers over max_body: raise max_body if the feeds are real",
    ),
    REDIRECTS: Cause(
        "{n} source{s}: too many redirects (a loop?): open the endpoint in a browser",
        "{n} sources: too many redirects: is a captive portal or proxy redirecting?",
    ),
    URL_NOT_ALLOWED: Cause(
        "{n} source{s}: URL not allowed (not http(s), or off the source's hosts): see domains:",
        "{n} sources: URLs not allowed (not http(s), or off the sources' hosts): see domains:",
    ),
    UNUSABLE: Cause(
        "{n} source{s}: the answer is not a usable feed, sitemap or listing: has the site changed?",
        "{n} sources: answers not usable as feeds: is a captive portal or proxy answering?",
    ),
    CONTENT: Cause(
        "{n} source{s}: entries skipped for their content (no link, bad date...)",
        "{n} sources: entries skipped for their content (no link, bad date...)",
    ),
    INTERNAL: Cause(
        "{n} source{s}: internal error, a bug in ingest: please report it with the lines below",
        "{n} sources: internal errors, a bug in ingest: please report them with the lines below",
    ),
}


def cause_line(category: str, count: int) -> str:
    """The sentence for ``count`` sources failing in ``category``, with what to do."""
    cause = CAUSES.get(category, CAUSES[UNUSABLE])
    template = cause.many if count >= cause.many_from else cause.one
    return template.format(n=count, s="" if count == 1 else "s")
