"""Reading one response body through the Fetcher: inflated, capped in size, kept moving.

Fake servers are ``httpx.MockTransport`` handlers, or, where real sockets matter
(streaming, gzip bombs, trickles), ``asyncio`` servers on 127.0.0.1.
"""

from __future__ import annotations

import asyncio
import gzip
import re
import time
import tracemalloc
import zlib
from collections.abc import Callable

import httpx
import pytest

from ingest.errors import TEMPORARY, ResponseTooLarge, TransferTooSlow
from ingest.fetch import Fetcher
from ingest.hops import FetchEvent
from ingest.models import Page, Settings
from tests.fetching import Chunks, RecordingSleep, fetch_one, local_server, make_fetcher, run
from tests.hostile import serve, trickle

# --- content codings ------------------------------------------------------------------------


def raw_deflate(data: bytes) -> bytes:
    """Deflate without the zlib header, as some servers send under "deflate"."""
    compressor = zlib.compressobj(wbits=-zlib.MAX_WBITS)
    return compressor.compress(data) + compressor.flush()


@pytest.mark.parametrize(
    ("coding", "encode"),
    [
        ("gzip", gzip.compress),
        ("x-gzip", gzip.compress),
        ("deflate", zlib.compress),
        ("deflate", raw_deflate),
        ("gzip", lambda b: gzip.compress(b[:10]) + gzip.compress(b[10:])),  # two members
        ("gzip", lambda b: gzip.compress(b) + b"\0\0 trailing junk"),
    ],
)
def test_compressed_bodies_are_decoded(coding: str, encode: Callable[[bytes], bytes]) -> None:
    html = "<p>خبر عاجل من طرابلس</p>".encode() * 50
    wire = encode(html)

    def handler(request: httpx.Request) -> httpx.Response:
        pieces = [wire[i : i + 7] for i in range(0, len(wire), 7)]
        return httpx.Response(200, headers={"Content-Encoding": coding}, stream=Chunks(*pieces))

    assert run(fetch_one(handler, "https://example.ly/")).content == html


# --- caps -----------------------------------------------------------------------------------


def test_declared_content_length_over_the_cap_is_refused() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=b"x" * 5000)

    async def go() -> Page:
        async with make_fetcher(handler, Settings(max_body_bytes=1000)) as fetcher:
            return await fetcher.fetch("https://example.ly/big")

    with pytest.raises(ResponseTooLarge, match="Content-Length 5000"):
        run(go())


def test_endless_body_is_cut_at_the_cap() -> None:
    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        writer.write(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nConnection: close\r\n\r\n")
        while True:  # no Content-Length: the body ends only when the server closes
            writer.write(b"<p>" + b"a" * 16_000 + b"</p>")
            await writer.drain()

    async def go() -> Page:
        async with local_server(handle) as base:
            settings = Settings(max_body_bytes=200_000)
            async with Fetcher(settings, obey_robots=False, sleep=RecordingSleep()) as fetcher:
                return await fetcher.fetch(base + "/endless")

    with pytest.raises(ResponseTooLarge):
        run(go())


def test_gzip_bomb_is_cut_early_with_little_memory() -> None:
    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        writer.write(
            b"HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Type: text/html\r\n"
            b"Connection: close\r\n\r\n"
        )
        compressor = zlib.compressobj(6, zlib.DEFLATED, zlib.MAX_WBITS | 16)
        first = compressor.compress(bytes(1 << 20)) + compressor.flush(zlib.Z_SYNC_FLUSH)
        # Once the window is all zeros, every further megabyte compresses to the same bytes.
        again = compressor.compress(bytes(1 << 20)) + compressor.flush(zlib.Z_SYNC_FLUSH)
        writer.write(first)
        for _ in range(199):  # 200 MB of zeros, about 200 KB on the wire; never finished
            if writer.is_closing() or reader.at_eof():
                break
            writer.write(again)
            await writer.drain()

    async def go() -> None:
        async with local_server(handle) as base:
            settings = Settings(max_body_bytes=1 << 20)
            async with Fetcher(settings, obey_robots=False, sleep=RecordingSleep()) as fetcher:
                await fetcher.fetch(base + "/bomb.html", retry=False)

    tracemalloc.start()
    started = time.monotonic()
    try:
        with pytest.raises(ResponseTooLarge):
            run(go())
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert time.monotonic() - started < 5
    assert peak < 8 * (1 << 20), f"peak {peak / 2**20:.1f} MB"


def test_a_one_byte_a_second_trickle_is_cut_by_the_rate_floor() -> None:
    events: list[FetchEvent] = []

    async def go() -> Page:
        async with serve(trickle(interval_secs=1.0)) as server:
            settings = Settings(min_bytes_per_sec=1024, min_rate_window_secs=1.0)
            async with Fetcher(
                settings, obey_robots=False, sleep=RecordingSleep(), on_event=events.append
            ) as fetcher:
                try:
                    return await fetcher.fetch(server.base + "/slow")
                finally:
                    assert server.paths == ["/slow"]  # one attempt: a trickle is not retried

    with pytest.raises(TransferTooSlow) as caught:
        run(go())
    assert re.search(
        r"/slow: transfer too slow: \d bytes in 1 s, under the floor of 1024 bytes/s",
        str(caught.value),
    )
    assert caught.value.kind == TEMPORARY
    assert len(events) == 1


def test_a_body_that_keeps_pace_passes_the_rate_floor() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, stream=Chunks(*(b"x" * 4096 for _ in range(20))))

    settings = Settings(min_bytes_per_sec=1024, min_rate_window_secs=0.5)

    async def go() -> Page:
        async with make_fetcher(handler, settings) as fetcher:
            return await fetcher.fetch("https://example.ly/")

    assert len(run(go()).content) == 20 * 4096
