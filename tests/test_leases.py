"""Leases on sources and shared host slots: what keeps several workers apart."""

from __future__ import annotations

import asyncio
import itertools
import time
from collections.abc import Iterator

import pytest

from ingest.politeness import HostPolicy, Limiter
from ingest.store import Store


@pytest.fixture
def two(db_url: str) -> Iterator[tuple[Store, Store]]:
    """Two connections to one database, as two workers hold them."""
    first, second = Store(db_url), Store(db_url)
    yield first, second
    first.close()
    second.close()


def test_a_source_has_one_holder_until_it_is_given_back(two: tuple[Store, Store]) -> None:
    a, b = two
    assert a.take_source("wasat", "host-a:1", 1, 60)
    assert not b.take_source("wasat", "host-b:2", 2, 60)
    assert b.take_source("lana", "host-b:2", 2, 60)
    assert a.take_source("wasat", "host-a:1", 1, 60)  # its own lease, taken again
    assert set(a.lease_holders()) == {"wasat", "lana"}
    a.release_source("wasat", "host-b:2")  # not the holder: nothing happens
    assert not b.take_source("wasat", "host-b:2", 2, 60)
    a.release_source("wasat", "host-a:1")
    assert b.take_source("wasat", "host-b:2", 2, 60)


def test_a_lease_not_renewed_expires_and_is_taken_over(two: tuple[Store, Store]) -> None:
    a, b = two
    assert a.take_source("wasat", "dead:1", 1, 0.3)
    assert a.take_source("lana", "dead:1", 1, 0.3)
    assert a.renew_sources(["lana"], "dead:1", 60) == 1
    assert not b.take_source("wasat", "alive:2", 2, 60)
    time.sleep(0.4)  # the database's clock decides; the lease was 0.3 s
    assert b.take_source("wasat", "alive:2", 2, 60)
    assert not b.take_source("lana", "alive:2", 2, 60)  # renewed, still held
    assert a.renew_sources(["wasat"], "dead:1", 60) == 0  # it was taken over


def test_request_starts_to_one_host_are_spaced_across_workers(
    two: tuple[Store, Store],
) -> None:
    """Reservations alternate between two connections (two workers); each gets the slot
    one delay after the last one given, whoever took it. The delay is long, so the
    seconds the test itself takes never decide a slot."""
    delay = 5.0
    starts: list[float] = []
    waits: list[float] = []
    for store in [*two, *two, *two]:
        waits.append(store.reserve_host("outlet.ly", delay))
        next_start = store.scalar("SELECT next_start FROM host_slots WHERE host = 'outlet.ly'")
        starts.append(float(next_start) - delay)
    assert [round(b - a, 6) for a, b in itertools.pairwise(starts)] == [delay] * 5
    assert waits[0] == 0.0
    assert all(b > a for a, b in itertools.pairwise(waits))
    assert two[1].reserve_host("other.ly", delay) == 0.0  # another host waits for nothing


def test_a_limiter_waits_for_the_shared_slot_of_every_request() -> None:
    """The limiter asks the shared slots before each start and sleeps what they say, on
    top of its own spacing (fake clock and sleep: nothing waits for real)."""
    now = [0.0]
    slept: list[float] = []
    asked: list[tuple[str, float]] = []

    async def sleep(secs: float) -> None:
        slept.append(secs)
        now[0] += secs

    def shared(host: str, delay: float) -> float:
        asked.append((host, delay))
        return 3.0  # another worker holds the next slots

    async def main() -> None:
        limiter = Limiter(4, sleep=sleep, clock=lambda: now[0], shared=shared)
        limiter.set_policy("outlet.ly", HostPolicy(concurrency=1, delay_secs=1.0))
        for _ in range(3):
            async with limiter.slot("outlet.ly"):
                pass

    asyncio.run(main())
    assert asked == [("outlet.ly", 1.0)] * 3
    # its own 1 s spacing after each start, then the shared slot's wait
    assert slept == [3.0, 1.0, 3.0, 1.0, 3.0]
