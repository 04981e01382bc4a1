"""Extraction off the event loop: threads for a handful of pages, processes for many.

Extraction is CPU work (lxml, trafilatura, regular expressions: about 10-20 ms a page).
In a thread it still holds the GIL, so a run of hundreds of articles would use one core
of two and leave fetching waiting on it. Past ``PROCESS_POOL_AFTER`` pages a run starts
a pool of worker processes (spawned, not forked: the event loop and the SQLite
connection must not be copied); a cron run with a few new articles never pays the
second or so that starting the workers costs. Processes are used only when asked for
(``workers`` > 1, as the CLI does), since spawning re-imports the caller's main module.
"""

from __future__ import annotations

import asyncio
import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from functools import partial

from ingest.extract import extract_article
from ingest.models import Article, Candidate, Source

PROCESS_POOL_AFTER = 40  # pages extracted in threads before the pool starts


class Extractor:
    """``await extractor.extract(...)`` runs ``extract_article`` away from the event loop."""

    def __init__(self, workers: int = 1) -> None:
        self.workers = workers
        self.done = 0
        self._pool: ProcessPoolExecutor | None = None

    async def extract(self, html: str, url: str, source: Source, cand: Candidate) -> Article:
        """Extract one page; never raises for bad HTML (``extract_article`` does not)."""
        self.done += 1
        job = partial(extract_article, html, url, source, candidate=cand)
        if self.workers > 1 and self.done > PROCESS_POOL_AFTER:
            if self._pool is None:
                self._pool = ProcessPoolExecutor(
                    max_workers=self.workers, mp_context=multiprocessing.get_context("spawn")
                )
            try:
                return await asyncio.get_running_loop().run_in_executor(self._pool, job)
            except BrokenProcessPool:
                # A worker died (killed, out of memory) or could not start (a script
                # without an ``if __name__ == "__main__"`` guard): carry on in threads.
                self.workers = 1
        return await asyncio.to_thread(job)

    def close(self) -> None:
        """Stop the worker processes, if any were started."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
