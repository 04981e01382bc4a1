"""What an origin's robots.txt allows ingest to fetch (RFC 9309), parsed with protego.

protego (Scrapy's parser) was chosen over the standard library's ``urllib.robotparser``,
which ignores ``*`` and ``$`` wildcards and takes the first matching rule rather than the
longest one as RFC 9309 §2.2.2 requires. Fetching robots.txt is ``fetch.py``'s job; this
module turns the answer (a status and a body, or a failure) into a ``Robots`` decision.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlsplit

from protego import Protego

# The product token our User-Agent starts with; robots.txt groups are matched against it.
ROBOTS_TOKEN = "ingest"
# RFC 9309 §2.5: parsers must read at least 500 KiB; anything after it may be ignored.
ROBOTS_MAX_BYTES = 500 * 1024
# A hostile or mistaken "Crawl-delay: 86400" must not stall a run that cron restarts every
# few minutes; above this the host is still fetched, just this slowly.
MAX_CRAWL_DELAY_SECS = 60.0


@dataclass(frozen=True)
class Robots:
    """The robots.txt decision for one origin: rules, crawl delay and sitemaps."""

    reason: str  # "parsed", "unavailable (HTTP 404)", "unreachable (HTTP 503)"...
    allow_all: bool = True
    crawl_delay_secs: float | None = None
    sitemaps: tuple[str, ...] = ()
    parser: Protego | None = field(default=None, compare=False, repr=False)

    def allows(self, url: str) -> bool:
        """True when ``url`` may be fetched by ``ingest``."""
        if self.parser is None:
            return self.allow_all
        return bool(self.parser.can_fetch(url, ROBOTS_TOKEN))


def robots_url(url: str) -> str:
    """Return the robots.txt URL governing ``url`` (same scheme, host and port)."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}/robots.txt"


def parse_robots(body: bytes) -> Robots:
    """Parse a robots.txt body (RFC 9309 §2.2: UTF-8; bytes past 500 KiB ignored)."""
    text = body[:ROBOTS_MAX_BYTES].decode("utf-8", errors="replace")
    try:
        parser = Protego.parse(text)
    except Exception:  # protego on arbitrary junk: behave as for an empty file
        return Robots(reason="unparsable (treated as empty)")
    delays = [parser.crawl_delay(ROBOTS_TOKEN) or 0.0]
    rate = parser.request_rate(ROBOTS_TOKEN)
    if rate is not None and rate.requests > 0:
        delays.append(rate.seconds / rate.requests)
    delay = min(max(delays), MAX_CRAWL_DELAY_SECS)
    return Robots(
        reason="parsed",
        crawl_delay_secs=delay or None,
        sitemaps=tuple(parser.sitemaps),
        parser=parser,
    )


def robots_for_status(status: int, body: bytes) -> Robots:
    """Decide from the final HTTP status of the robots.txt request."""
    if 200 <= status < 300:
        return parse_robots(body)
    # 429 is a 4xx, but it means "slow down", not "no file": Google's crawler documents
    # treating it like a 5xx, and so do we.
    if status == 429 or status >= 500:
        return robots_unreachable(f"HTTP {status}")
    # RFC 9309 §2.3.1.3: 4xx means "unavailable"; crawlers may access any resource.
    return Robots(reason=f"unavailable (HTTP {status})", allow_all=True)


def robots_unreachable(detail: str) -> Robots:
    """Disallow everything for this run: robots.txt could not be read.

    RFC 9309 §2.3.1.4: on a 5xx or network error the crawler MUST assume complete
    disallow. A server that cannot serve robots.txt is also one that should not be
    loaded further; the next run (minutes later) asks again.
    """
    return Robots(reason=f"unreachable ({detail})", allow_all=False)
