"""Recorded runs: ``ingest fetch`` and ``ingest backfill`` around the pipeline.

A run is a row of ``runs`` (started, finished with its counters and status), a fetcher
whose every request is logged to ``fetch_events`` as it happens, and a job over
``pipeline.Run``. Before the first request the ``sources`` table is brought in line with
the configuration (and copies' originals resolved again when it changed).
"""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import sys
from collections.abc import Awaitable, Callable, Coroutine
from datetime import datetime
from typing import Any, TypeVar

import httpx

from ingest.clock import iso, utc_now
from ingest.crawl import source_endpoints, source_hosts
from ingest.errors import StoreError
from ingest.fetch import Fetcher
from ingest.hops import FetchEvent
from ingest.models import Config
from ingest.originals import OutletIndex
from ingest.pipeline import Run, select_sources
from ingest.progress import RunProgress
from ingest.report import RunReport
from ingest.store import Store

T = TypeVar("T")


class Interrupted(Exception):
    """The run was stopped by a signal; it was recorded as ``interrupted``."""

    def __init__(self, signum: int) -> None:
        super().__init__(signal.Signals(signum).name)
        self.signum = signum

    @property
    def exit_code(self) -> int:
        """The shell's convention: 128 + the signal (143 for SIGTERM, 130 for SIGINT)."""
        return 128 + self.signum


def run_until_signal(main: Coroutine[Any, Any, T]) -> T:
    """``asyncio.run(main)``, with SIGTERM and SIGINT cancelling it at its next await.

    The store is written only between awaits, so the write in progress always finishes;
    ``_run`` then records the run as interrupted and keeps its request log. Raises
    ``Interrupted`` with the signal.
    """

    async def guarded() -> T:
        loop = asyncio.get_running_loop()
        task = asyncio.current_task()
        received: list[int] = []

        def stop(signum: int) -> None:
            received.append(signum)
            if task is not None:
                task.cancel()

        for signum in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(signum, stop, signum)
        try:
            return await main
        except asyncio.CancelledError:
            if received:
                raise Interrupted(received[0]) from None
            raise
        finally:
            for signum in (signal.SIGTERM, signal.SIGINT):
                loop.remove_signal_handler(signum)

    return asyncio.run(guarded())


def worker_name() -> str:
    """This process among the workers of one database: ``host:pid``."""
    return f"{socket.gethostname()}:{os.getpid()}"


def configured_hosts(config: Config) -> set[str]:
    """Hosts the configuration names itself: the address policy lets them be private
    (a source configured on 127.0.0.1 or an intranet host is the operator's choice)."""
    return set().union(*(source_hosts(source) for source in config.sources))


def event_row(event: FetchEvent) -> dict[str, object]:
    """A fetch event as a ``fetch_events`` row."""
    return {
        "at": event.at_iso,
        "url": event.url,
        "host": event.host,
        "attempt": event.attempt,
        "status": event.status,
        "error": event.error,
        "elapsed_ms": round(event.elapsed_secs * 1000),
        "bytes": event.bytes,
    }


async def _run(
    config: Config,
    store: Store,
    job: Callable[[Run], Awaitable[None]],
    *,
    force: bool,
    transport: httpx.AsyncBaseTransport | None,
    progress: RunProgress | None,
    workers: int,
) -> RunReport:
    """Open a fetcher, record the run, do ``job``, write the run's counters.

    Each request is logged to ``fetch_events`` as it happens, so a killed run keeps its
    log. When the database fails (a full disk, a read-only file) the run is recorded as
    ``failed`` if the database still takes that, and the ``StoreError`` goes on up.
    """
    index = OutletIndex.build(config.sources)
    store.sync_sources(config.sources, lambda name, url, own: index.resolve(name, url, exclude=own))
    shared = store.dialect == "postgresql"  # several workers may share this database
    worker = worker_name()
    run_id = store.start_run(
        " ".join(["ingest", *sys.argv[1:]]),
        os.getpid(),
        worker,
        stale_secs=config.settings.lease_secs * 2 if shared else None,
    )
    status = "failed"
    report = RunReport()
    try:
        async with Fetcher(
            config.settings,
            transport=transport,
            trusted_hosts=configured_hosts(config),
            on_event=lambda e: store.log_events(run_id, [event_row(e)]),
            shared_hosts=store.reserve_host if shared else None,
        ) as fetcher:
            run = Run(
                config,
                store,
                fetcher,
                force=force,
                progress=progress,
                workers=workers,
                worker=worker,
                run_id=run_id,
            )
            report = run.report
            heartbeat = asyncio.create_task(run.keep_leases()) if shared else None
            try:
                await job(run)
            finally:
                if heartbeat is not None:
                    heartbeat.cancel()
                    await asyncio.gather(heartbeat, return_exceptions=True)
                run.extractor.close()
        status = "partial" if report.sources_failed else "ok"
        store.prune_pages(config.settings.keep_html_days)
    except asyncio.CancelledError:
        status = "interrupted"
        raise
    finally:
        try:
            store.finish_run(run_id, status, report.counters())
        except StoreError:
            if status != "failed":
                raise
    return report


async def fetch_sources(
    config: Config,
    store: Store,
    *,
    source_ids: tuple[str, ...] = (),
    force: bool = False,
    transport: httpx.AsyncBaseTransport | None = None,
    progress: RunProgress | None = None,
    workers: int = 1,
) -> RunReport:
    """Run ``ingest fetch`` on an open store; the caller holds the run lock.

    ``workers`` > 1 extracts large batches in that many worker processes (the CLI uses
    one per core); a script that asks for it needs an ``if __name__ == "__main__"``
    guard, as every use of multiprocessing's spawn does.

    Example::

        store = Store("data/ingest.db")
        report = asyncio.run(fetch_sources(load_config("config/sources.yaml"), store))
        print(report.summary())
    """
    sources = select_sources(config, source_ids)

    async def job(run: Run) -> None:
        await run.run(sources)

    return await _run(
        config, store, job, force=force, transport=transport, progress=progress, workers=workers
    )


async def backfill_source(
    config: Config,
    store: Store,
    source_id: str,
    since: datetime,
    *,
    transport: httpx.AsyncBaseTransport | None = None,
    progress: RunProgress | None = None,
    workers: int = 1,
) -> RunReport:
    """Walk a source's sitemaps, listing pages and API pages back to ``since``; store all.

    Resumable: each page of candidates is queued with the position reached, and the
    queue outlives the process, so running it again continues where it stopped.
    """
    (source,) = select_sources(config, (source_id,))

    async def job(run: Run) -> None:
        run.prepare([source])
        run.progress.sources(1)
        failed = False
        for endpoint in source_endpoints(source):
            failed |= not await run.discover_endpoint(source, endpoint, backfill_since=since)
        while store.due_candidates([source.id], now=iso(utc_now()), limit_per_source=1):
            before = run.report.new_articles + sum(run.report.skipped.values())
            await run.work_queue(source)
            if run.report.new_articles + sum(run.report.skipped.values()) == before:
                break
        if failed:
            run.report.sources_failed += 1
            run.report.failed_sources.append(source.id)
        else:
            run.report.sources_ok += 1
        run.progress.source_done(source.id, failed)

    return await _run(
        config, store, job, force=True, transport=transport, progress=progress, workers=workers
    )
