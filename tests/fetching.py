"""Test helpers for the HTTP layer: a Fetcher on a MockTransport with an instant sleep."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine
from typing import Any, TypeVar

import httpx

from ingest.fetch import Fetcher, FetchEvent
from ingest.models import Settings

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
