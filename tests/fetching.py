"""Test helpers for the HTTP layer: a Fetcher on a MockTransport with an instant sleep, a raw
HTTP server on 127.0.0.1, and a body that arrives in pieces."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Awaitable, Callable, Coroutine
from typing import Any, TypeVar

import httpx

from ingest.fetch import Fetcher
from ingest.hops import FetchEvent
from ingest.models import Page, Settings

T = TypeVar("T")
Handler = Callable[[httpx.Request], httpx.Response]


def run(coro: Coroutine[Any, Any, T]) -> T:
    """Run one test coroutine to completion."""
    return asyncio.run(coro)


class RecordingSleep:
    """An instant ``sleep`` that records the waits asked for."""

    def __init__(self) -> None:
        self.waits: list[float] = []

    async def __call__(self, secs: float) -> None:
        self.waits.append(secs)
        await asyncio.sleep(0)


def make_fetcher(
    handler: Callable[[httpx.Request], Any],
    settings: Settings | None = None,
    *,
    sleep: RecordingSleep | None = None,
    obey_robots: bool = False,
    events: list[FetchEvent] | None = None,
) -> Fetcher:
    """A Fetcher on a MockTransport with an instant sleep."""
    return Fetcher(
        settings or Settings(),
        transport=httpx.MockTransport(handler),
        sleep=sleep or RecordingSleep(),
        obey_robots=obey_robots,
        on_event=events.append if events is not None else None,
    )


StreamHandler = Callable[[asyncio.StreamReader, asyncio.StreamWriter], Awaitable[None]]


async def fetch_one(handler: Handler, url: str, **kwargs: Any) -> Page:
    """Fetch ``url`` once from a MockTransport handler."""
    async with make_fetcher(handler) as fetcher:
        return await fetcher.fetch(url, **kwargs)


@contextlib.asynccontextmanager
async def local_server(handle: StreamHandler) -> AsyncIterator[str]:
    """Serve raw HTTP from ``handle`` on 127.0.0.1; yield the base URL."""

    async def guarded(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            await reader.readuntil(b"\r\n\r\n")
            await handle(reader, writer)
        except (ConnectionError, OSError, asyncio.IncompleteReadError):
            pass
        finally:
            writer.close()
            with contextlib.suppress(ConnectionError, OSError):
                await writer.wait_closed()

    server = await asyncio.start_server(guarded, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.close()
        await server.wait_closed()


class Chunks(httpx.AsyncByteStream):
    """A response body that arrives in pieces, as from a socket."""

    def __init__(self, *chunks: bytes) -> None:
        self.chunks = chunks

    async def __aiter__(self) -> AsyncIterator[bytes]:
        for chunk in self.chunks:
            yield chunk
