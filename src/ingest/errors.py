"""The exception tree of ingest; turned into user messages only in the command modules (``cli*.py``).

    IngestError
    ├── ConfigError           sources.yaml is unreadable or invalid (every problem at once)
    ├── StoreError            the database cannot be opened or written
    │   └── LockedError       another run holds the run lock
    ├── DiscoveryError        a feed, sitemap, listing or API answer is unusable
    └── FetchError            a URL could not be fetched (carries ``url`` and ``kind``)
        ├── HTTPStatusError       the server answered an error status (4xx/5xx)
        ├── NetworkError          connect error, reset, timeout, protocol error
        │   ├── DeadlineExceeded      the URL's total_timeout ran out (all attempts)
        │   └── TransferTooSlow       the body came slower than min_bytes_per_sec
        ├── RobotsDisallowed      robots.txt forbids the URL; never requested
        ├── ResponseTooLarge      the decoded body passed the size cap
        ├── TooManyRedirects      redirect loop or chain past the limit
        ├── UnsupportedURL        not http/https, or outside the source's domains
        └── AddressRefused        the host resolves to a loopback, private... address

``FetchError.kind`` classifies a failure for backoff across runs:

- ``temporary``: 5xx, 429, timeouts, resets: retry soon, the site will be back;
- ``soft``: 404/410 and friends: an active feed *does* return 404 and come back to life,
  so it is retried, but with longer backoff;
- ``hard``: 401/403, robots.txt, bad URLs, refused addresses: a human must look, still
  retried at the cap.
"""

from __future__ import annotations

from dataclasses import dataclass

TEMPORARY = "temporary"
SOFT = "soft"
HARD = "hard"


class IngestError(Exception):
    """Base of every error ingest raises on purpose."""


@dataclass(frozen=True)
class ConfigProblem:
    """One problem in a config file, with where it is and how to fix it."""

    file: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}"


class ConfigError(IngestError):
    """The config file is unreadable or invalid; ``problems`` lists every problem found."""

    def __init__(self, problems: list[ConfigProblem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


class StoreError(IngestError):
    """The database cannot be opened, migrated or written."""


class ConflictError(StoreError):
    """Two writers' transactions crossed (PostgreSQL chose this one to undo): run it again."""


class LockedError(StoreError):
    """Another run holds the run lock; this run did nothing."""


class DiscoveryError(IngestError):
    """A feed, sitemap, listing page or API answer could not be used."""


class FetchError(IngestError):
    """A URL could not be fetched."""

    kind: str = TEMPORARY

    def __init__(self, url: str, message: str, *, kind: str | None = None) -> None:
        self.url = url
        if kind is not None:
            self.kind = kind
        super().__init__(message)


class HTTPStatusError(FetchError):
    """The server answered with an error status."""

    def __init__(self, url: str, status: int, *, retry_after_secs: float | None = None) -> None:
        self.status = status
        self.retry_after_secs = retry_after_secs
        if status == 429 or status >= 500:
            kind = TEMPORARY
        elif status in (401, 403, 451):
            kind = HARD
        else:
            kind = SOFT
        super().__init__(url, f"HTTP {status}", kind=kind)


class NetworkError(FetchError):
    """The connection failed, was reset or timed out."""

    kind = TEMPORARY


class RobotsDisallowed(FetchError):
    """robots.txt forbids fetching this URL."""

    kind = HARD


class ResponseTooLarge(FetchError):
    """The decoded response body passed the size cap."""

    kind = HARD


class TooManyRedirects(FetchError):
    """A redirect loop, or a chain longer than the limit."""

    kind = HARD


class UnsupportedURL(FetchError):
    """The URL is not http(s), or is outside the domains its source allows."""

    kind = HARD


class DeadlineExceeded(NetworkError):
    """``total_timeout`` ran out: it bounds all attempts, retry waits and redirect hops."""


class TransferTooSlow(NetworkError):
    """The body arrived slower than the minimum rate; not retried within the run."""


class AddressRefused(FetchError):
    """The host resolves to an address ingest must not connect to; never retried.

    ``host``, ``address`` and ``rule`` (``private``, ``loopback``, ``cloud metadata``...)
    say what was refused; ``reason`` is the message without the URL.
    """

    kind = HARD

    def __init__(self, url: str, reason: str, *, host: str, address: str, rule: str) -> None:
        self.reason = reason
        self.host = host
        self.address = address
        self.rule = rule
        super().__init__(url, reason)

    def at(self, url: str, hop: str | None = None) -> AddressRefused:
        """The same refusal, for ``url`` (its message names ``hop``, default ``url``)."""
        error = AddressRefused(
            url, self.reason, host=self.host, address=self.address, rule=self.rule
        )
        error.args = (f"{hop or url}: {self.reason}",)
        return error
