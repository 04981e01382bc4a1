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


def _starts(limiter: Limiter, host: str, count: int, out: list[float]) -> asyncio.Future[None]:
    async def go() -> None:
        for _ in range(count):
            async with limiter.slot(host):
                out.append(asyncio.get_running_loop().time())

    return asyncio.ensure_future(go())


@pytest.mark.parametrize("shared", [True, False])
def test_request_starts_to_one_host_are_spaced_across_workers(
    two: tuple[Store, Store], shared: bool
) -> None:
    delay, count = 0.15, 4

    async def main() -> list[float]:
        starts: list[float] = []
        limiters = [Limiter(4, shared=store.reserve_host if shared else None) for store in two]
        for limiter in limiters:
            limiter.set_policy("outlet.ly", HostPolicy(concurrency=2, delay_secs=delay))
        await asyncio.gather(
            *(_starts(limiter, "outlet.ly", count, starts) for limiter in limiters)
        )
        return sorted(starts)

    starts = asyncio.run(main())
    gaps = [b - a for a, b in itertools.pairwise(starts)]
    if shared:
        assert min(gaps) >= delay / 2
        assert starts[-1] - starts[0] >= (2 * count - 1) * delay * 0.9
    else:  # each worker alone keeps its own pace: together, twice the rate
        assert min(gaps) < delay / 2
