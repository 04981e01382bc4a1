"""Hostile servers for the fetch tests, on loopback only, and a fake clock.

Each server runs in the test's own event loop on a 127.0.0.x address (all of 127.0.0.0/8
is loopback on Linux, so a second host needs no configuration), counts the requests it
gets, and answers through a ``Respond`` coroutine. Every loop in a handler is bounded, and
the handlers still running when the test ends are cancelled.

Run by hand, it measures how long each hostile server holds one URL under the default
settings: ``.venv/bin/python -m tests.hostile [trickle|stall|slow-head ...]``.
"""

from __future__ import annotations

import asyncio
import contextlib
import sys
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field

from ingest.errors import FetchError
from ingest.fetch import Fetcher
from ingest.models import Settings

Respond = Callable[[str, asyncio.StreamWriter], Awaitable[None]]
HEAD_MAX_BYTES = 16 * 1024


@dataclass
class Server:
    """A running hostile server: its base URL and the paths it was asked for."""

    base: str
    paths: list[str] = field(default_factory=list)


@contextlib.asynccontextmanager
async def serve(respond: Respond, host: str = "127.0.0.1") -> AsyncIterator[Server]:
    """Serve raw HTTP from ``respond(path, writer)`` on ``host``; yield the Server.

    When the block ends, answers still being sent are stopped (their tasks cancelled, the
    connection handlers left to finish normally, as asyncio's streams expect).
    """
    stopping = asyncio.Event()
    handlers: set[asyncio.Task[None]] = set()
    server = Server("")

    async def answer_until_stopped(path: str, writer: asyncio.StreamWriter) -> None:
        answering = asyncio.ensure_future(respond(path, writer))
        stopped = asyncio.ensure_future(stopping.wait())
        await asyncio.wait({answering, stopped}, return_when=asyncio.FIRST_COMPLETED)
        for task in (answering, stopped):
            task.cancel()
        await asyncio.gather(answering, stopped, return_exceptions=True)
        error = None if answering.cancelled() else answering.exception()
        if error is not None:
            raise error

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        handlers.add(task)
        try:
            head = await reader.readuntil(b"\r\n\r\n")
            if len(head) > HEAD_MAX_BYTES:
                return
            path = head.split(b" ", 2)[1].decode("latin-1")
            server.paths.append(path)
            await answer_until_stopped(path, writer)
        except (ConnectionError, OSError, asyncio.IncompleteReadError, asyncio.LimitOverrunError):
            pass
        finally:
            handlers.discard(task)
            writer.close()
            with contextlib.suppress(ConnectionError, OSError):
                await writer.wait_closed()

    listener = await asyncio.start_server(handle, host, 0)
    server.base = f"http://{host}:{listener.sockets[0].getsockname()[1]}"
    try:
        yield server
    finally:
        listener.close()
        stopping.set()
        await asyncio.gather(*handlers, return_exceptions=True)
        await listener.wait_closed()


def answer(status: int = 200, body: bytes = b"ok", headers: str = "") -> Respond:
    """Always the same small response."""

    async def respond(path: str, writer: asyncio.StreamWriter) -> None:
        writer.write(
            f"HTTP/1.1 {status} X\r\nContent-Length: {len(body)}\r\n{headers}"
            "Connection: close\r\n\r\n".encode()
            + body
        )
        await writer.drain()

    return respond


def redirect_to(location: str) -> Respond:
    """A 302 to ``location`` for every path but /robots.txt (404)."""

    async def respond(path: str, writer: asyncio.StreamWriter) -> None:
        if path == "/robots.txt":
            await answer(404, b"")(path, writer)
            return
        await answer(302, b"", f"Location: {location}\r\n")(path, writer)

    return respond


def trickle(interval_secs: float = 1.0, max_bytes: int = 120) -> Respond:
    """Headers at once, then the body one byte per ``interval_secs`` (at most ``max_bytes``)."""

    async def respond(path: str, writer: asyncio.StreamWriter) -> None:
        writer.write(
            b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 100000\r\n\r\n"
        )
        await writer.drain()
        for _ in range(max_bytes):
            writer.write(b"a")
            await writer.drain()
            await asyncio.sleep(interval_secs)

    return respond


def stall() -> Respond:
    """Headers, then nothing (for at most 10 minutes)."""

    async def respond(path: str, writer: asyncio.StreamWriter) -> None:
        writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n")
        await writer.drain()
        await asyncio.sleep(600)

    return respond


def slow_head(interval_secs: float = 1.0, max_bytes: int = 600) -> Respond:
    """The status line, then the headers one byte per ``interval_secs``."""

    async def respond(path: str, writer: asyncio.StreamWriter) -> None:
        writer.write(b"HTTP/1.1 200 OK\r\nX-Slow: ")
        for _ in range(max_bytes):
            writer.write(b"a")
            await writer.drain()
            await asyncio.sleep(interval_secs)

    return respond


class FakeTime:
    """A clock that only ``sleep`` moves: hand both to ``Fetcher(clock=..., sleep=...)``.

    ``hold_first`` keeps the first sleep of at least that many seconds from returning
    until ``release()``, so that a test can act while a fetch is waiting.
    """

    def __init__(self, hold_first: float | None = None) -> None:
        self.now = 0.0
        self.waits: list[float] = []
        self.holding = asyncio.Event()
        self._release = asyncio.Event()
        self._hold_first = hold_first

    def clock(self) -> float:
        """The fake time, in seconds."""
        return self.now

    async def sleep(self, secs: float) -> None:
        """Record ``secs`` and move the clock on, at once (or when released, if held)."""
        self.waits.append(secs)
        if self._hold_first is not None and secs >= self._hold_first:
            self._hold_first = None
            self.holding.set()
            await self._release.wait()
        self.now += secs
        await asyncio.sleep(0)

    def release(self) -> None:
        """Let the held sleep return."""
        self._release.set()


MEASURED = {"trickle": trickle, "stall": stall, "slow-head": slow_head}


async def measure(name: str, settings: Settings) -> str:
    """Fetch one URL from the ``name`` server with ``settings``; say how it ended."""
    async with serve(MEASURED[name]()) as server, Fetcher(settings, obey_robots=False) as fetcher:
        started = time.monotonic()
        try:
            await fetcher.fetch(server.base + "/article")
            outcome = "a page"
        except FetchError as exc:
            outcome = f"{type(exc).__name__}: {exc}"
        secs = time.monotonic() - started
        return f"{name}: {secs:.1f} s, {len(server.paths)} request(s), {outcome}"


if __name__ == "__main__":
    for name in sys.argv[1:] or list(MEASURED):
        print(asyncio.run(measure(name, Settings())), flush=True)
