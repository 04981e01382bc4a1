"""Reading one response body: inflated by our bounded reader, capped in size, kept moving.

httpx's own content decoders inflate each network chunk whole (one 64 KB chunk of a gzip
bomb is 64 MB), hence our bounded reader: on a 200 MB bomb with the 10 MB cap it peaked at
12 MB and stopped in 0.17 s, where ``aiter_bytes`` peaked at 142 MB and took 0.75 s
(bench/fetch_gzip_bomb.py).

The rate floor is curl's ``--speed-limit``/``--speed-time``: from the response headers on,
every window of ``window_secs`` must bring ``bytes_per_sec * window_secs`` bytes from the
wire, a window starting again as soon as its quota is met. A server sending 1 byte a
second kept a URL for 4 min 10 s under four 60 s attempts; now it is cut at the end of the
first window (10 s by default) and not retried within the run, since a server trickling
now will trickle again a second later. Waiting for the headers is bounded by the connect
and read timeouts and the URL's total deadline.
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import AsyncIterator
from dataclasses import dataclass

import httpx

from ingest.encoding import BoundedInflater
from ingest.errors import ResponseTooLarge, TransferTooSlow

# Output of one inflate call: memory stays near the cap plus this, whatever the ratio.
INFLATE_STEP_BYTES = 256 * 1024


@dataclass(frozen=True)
class RateFloor:
    """The slowest transfer accepted: ``bytes_per_sec`` averaged over ``window_secs``."""

    bytes_per_sec: int
    window_secs: float

    @property
    def active(self) -> bool:
        """False when the floor is turned off (0 bytes per second or no window)."""
        return self.bytes_per_sec > 0 and self.window_secs > 0


class _Pace:
    """The window of the rate floor the body is in."""

    def __init__(self, floor: RateFloor, url: str) -> None:
        self.floor = floor
        self.url = url
        self.loop = asyncio.get_running_loop()
        self.quota = floor.bytes_per_sec * floor.window_secs
        self.window_start = self.loop.time()
        self.window_bytes = 0

    def time_left(self) -> float | None:
        """Seconds until the current window ends; None without a floor."""
        if not self.floor.active:
            return None
        return max(0.0, self.window_start + self.floor.window_secs - self.loop.time())

    def count(self, size: int) -> None:
        """Count ``size`` bytes from the wire; a window whose quota is met starts again."""
        self.window_bytes += size
        if self.window_bytes >= self.quota:
            self.window_start, self.window_bytes = self.loop.time(), 0

    def too_slow(self) -> TransferTooSlow:
        """The error for a window that ended short of its quota."""
        floor = self.floor
        return TransferTooSlow(
            self.url,
            f"{self.url}: transfer too slow: {self.window_bytes} bytes in "
            f"{floor.window_secs:g} s, under the floor of {floor.bytes_per_sec} bytes/s "
            "(min_bytes_per_sec)",
        )


async def read_body(
    response: httpx.Response,
    headers: dict[str, str],
    url: str,
    max_bytes: int,
    *,
    truncate: bool,
    floor: RateFloor,
) -> bytes:
    """Read the decoded body, stopping as soon as it passes ``max_bytes`` or slows down."""
    declared = headers.get("content-length", "").strip()
    if declared.isdigit() and int(declared) > max_bytes and not truncate:
        raise ResponseTooLarge(
            url, f"{url}: Content-Length {declared} bytes is over the cap of {max_bytes} bytes"
        )
    coding = headers.get("content-encoding", "identity").strip().lower()
    inflater = BoundedInflater(coding) if coding in ("gzip", "x-gzip", "deflate") else None
    body = bytearray()
    chunks = response.aiter_raw()
    # A body already in memory (a test transport's), or in a coding we do not inflate
    # ourselves (br, with brotli installed), comes through httpx's decoders instead.
    in_memory = response.is_stream_consumed
    if in_memory or (inflater is None and coding != "identity"):
        inflater, chunks = None, response.aiter_bytes()
    pace = _Pace(floor if not in_memory else RateFloor(0, 0), url)
    while True:
        try:
            chunk = await _next_chunk(chunks, pace.time_left())
        except StopAsyncIteration:
            if inflater is not None:
                body += inflater.flush()
            break
        except asyncio.TimeoutError:
            raise pace.too_slow() from None
        pace.count(len(chunk))
        pending = chunk
        if inflater is None:
            body += pending
        while inflater is not None and pending and len(body) <= max_bytes:
            step = min(INFLATE_STEP_BYTES, max_bytes + 1 - len(body))
            output, pending = inflater.inflate(pending, step)
            body += output
        if len(body) > max_bytes:
            break
    if len(body) > max_bytes:
        if truncate:
            return bytes(body[:max_bytes])
        raise ResponseTooLarge(url, f"{url}: body is over the cap of {max_bytes} bytes")
    return bytes(body)


async def _next_chunk(chunks: AsyncIterator[bytes], secs: float | None) -> bytes:
    """The next chunk, or TimeoutError after ``secs`` (a timer, no extra Task, on 3.11+)."""
    if secs is None:
        return await chunks.__anext__()
    if sys.version_info >= (3, 11):
        async with asyncio.timeout(secs):
            return await chunks.__anext__()
    return await asyncio.wait_for(chunks.__anext__(), secs)
