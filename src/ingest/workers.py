"""Extraction off the event loop: threads for a handful of pages, processes for many.

Extraction is CPU work (lxml, trafilatura, regular expressions: about 10-20 ms a page).
In a thread it still holds the GIL, so a run of hundreds of articles would use one core
of two and leave fetching waiting on it. After ``PROCESS_POOL_AFTER`` pages a run starts
a pool of worker processes (spawned, not forked: the event loop and the SQLite
connection must not be copied) and keeps extracting in threads until every worker has
warmed up (imported lxml and trafilatura: a few seconds on a busy machine), so fetching
never stalls waiting for the pool. A cron run with a few new articles never starts it.
Processes are used only when asked for (``workers`` > 1, as the CLI does), since
spawning re-imports the caller's main module.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import threading
import time
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from functools import partial

from ingest.extract import extract_article
from ingest.models import Article, Candidate, Source

PARENT_CHECK_SECS = 0.5
PROCESS_POOL_AFTER = 10  # pages extracted in threads before the pool is started
WARM_UP_PAGE = "<html><body><article><h1>ليبيا</h1><p>طرابلس</p></article></body></html>"


def watch_parent(parent_pid: int) -> None:
    """In a worker: exit as soon as the run that started us is gone (killed by cron, say).

    A worker blocks on its job queue, whose pipe every sibling also holds open, so it
    would never notice its parent's death by itself and would linger for ever.
    """

    def watch() -> None:
        while os.getppid() == parent_pid:
            time.sleep(PARENT_CHECK_SECS)
        os._exit(0)

    threading.Thread(target=watch, daemon=True, name="watch-parent").start()


def warm_up() -> None:
    """Load everything extraction needs, in a fresh worker process."""
    extract_article(WARM_UP_PAGE, "https://example.ly/")


class Extractor:
    """``await extractor.extract(...)`` runs ``extract_article`` away from the event loop."""

    def __init__(self, workers: int = 1) -> None:
        self.workers = workers
        self.done = 0
        self._pool: ProcessPoolExecutor | None = None
        self._warming: list[Future[None]] = []

    async def extract(self, html: str, url: str, source: Source, cand: Candidate) -> Article:
        """Extract one page; never raises for bad HTML (``extract_article`` does not)."""
        self.done += 1
        job = partial(extract_article, html, url, source, candidate=cand)
        if self.workers > 1 and self.done > PROCESS_POOL_AFTER and self._pool is None:
            self._pool = ProcessPoolExecutor(
                max_workers=self.workers,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=watch_parent,
                initargs=(os.getpid(),),
            )
            self._warming = [self._pool.submit(warm_up) for _ in range(self.workers)]
        if self._pool is not None and all(future.done() for future in self._warming):
            try:
                return await asyncio.get_running_loop().run_in_executor(self._pool, job)
            except BrokenProcessPool:
                # A worker died (killed, out of memory) or could not start (a script
                # without an ``if __name__ == "__main__"`` guard): carry on in threads.
                self.close()
                self.workers = 1
        return await asyncio.to_thread(job)

    def close(self) -> None:
        """Stop the worker processes, if any were started."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
