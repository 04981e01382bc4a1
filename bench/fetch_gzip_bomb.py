"""Peak memory and time to refuse a gzip bomb: our bounded inflater vs httpx's decoder.

A local asyncio server streams gzip of 200 MB of zeros (about 200 KB on the wire) with
no Content-Length. Both readers stop once the decoded body passes the default 10 MB cap.
The baseline is ``response.aiter_bytes()``, httpx's own decoding, measured in the same
run; peak memory is from tracemalloc.

Run: .venv/bin/python bench/fetch_gzip_bomb.py
"""

from __future__ import annotations

import asyncio
import contextlib
import statistics
import time
import tracemalloc
import zlib

import httpx

from ingest.errors import ResponseTooLarge
from ingest.fetch import Fetcher
from ingest.models import Settings

BOMB_MB = 200
CAP_BYTES = Settings().max_body_bytes
REPEATS = 3


def make_bomb() -> bytes:
    """gzip of BOMB_MB megabytes of zeros, built once outside the timed part."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, zlib.MAX_WBITS | 16)
    zeros = bytes(1 << 20)
    return b"".join(compressor.compress(zeros) for _ in range(BOMB_MB)) + compressor.flush()


BOMB = make_bomb()


async def bomb(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    """Answer any request with the bomb, 16 KB at a time, until the client hangs up."""
    try:
        await reader.readuntil(b"\r\n\r\n")
        writer.write(b"HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nConnection: close\r\n\r\n")
        for start in range(0, len(BOMB), 16 * 1024):
            if writer.is_closing() or reader.at_eof():
                break
            writer.write(BOMB[start : start + 16 * 1024])
            await writer.drain()
    except (ConnectionError, OSError):
        pass
    finally:
        writer.close()
        with contextlib.suppress(ConnectionError, OSError):
            await writer.wait_closed()


async def read_with_fetcher(url: str) -> None:
    """Our path: Fetcher with its bounded inflater."""
    async with Fetcher(obey_robots=False) as fetcher:
        with contextlib.suppress(ResponseTooLarge):
            await fetcher.fetch(url, retry=False)


async def read_with_httpx(url: str) -> None:
    """The baseline: httpx decodes, we count and stop past the cap."""
    async with httpx.AsyncClient() as client, client.stream("GET", url) as response:
        total = 0
        async for chunk in response.aiter_bytes():
            total += len(chunk)
            if total > CAP_BYTES:
                break


async def measure(reader_name: str) -> tuple[float, float]:
    """Seconds and peak MB for one read of the bomb."""
    server = await asyncio.start_server(bomb, "127.0.0.1", 0)
    url = f"http://127.0.0.1:{server.sockets[0].getsockname()[1]}/bomb"
    read = read_with_fetcher if reader_name == "Fetcher" else read_with_httpx
    tracemalloc.start()
    started = time.perf_counter()
    try:
        await read(url)
        elapsed = time.perf_counter() - started
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
        server.close()
        await server.wait_closed()
    return elapsed, peak / 2**20


def main() -> None:
    """Print median seconds and peak MB per reader, and the ratio to the baseline."""
    results = {}
    for name in ("httpx aiter_bytes", "Fetcher"):
        runs = [asyncio.run(measure(name)) for _ in range(REPEATS)]
        results[name] = (
            statistics.median(r[0] for r in runs),
            statistics.median(r[1] for r in runs),
        )
    base_secs, base_mb = results["httpx aiter_bytes"]
    print(f"gzip bomb: {BOMB_MB} MB of zeros, cap {CAP_BYTES / 2**20:.0f} MB, median of {REPEATS}")
    print(f"{'reader':20} {'secs':>7} {'peak MB':>8} {'x secs':>7} {'x MB':>6}")
    for name, (secs, mb) in results.items():
        print(f"{name:20} {secs:7.3f} {mb:8.1f} {secs / base_secs:7.2f} {mb / base_mb:6.2f}")


if __name__ == "__main__":
    main()
