"""One run of ``ingest fetch``, stage by stage, as design.md draws it.

    schedule → discover (feeds, sitemaps, listings, WordPress) → queue (candidates table)
             → fetch page → extract → dedup + store

Every source runs as its own task (its host limits then keep it polite); inside a source,
discovery comes first, then the queue of candidates, new and left over from earlier runs.
Each stage returns its value or drops the item with a reason, and every reason is counted.
When several workers share one database (``shared``: PostgreSQL), a source is worked only
under its lease (``Store.take_source``), a few sources at a time, so the workers divide
the sources between them instead of the first taking all.
The stages' logic lives in their modules: ``schedule`` (endpoint state), ``crawl`` and
``identity`` (discovery and which candidates are new), ``fetch``, ``extract``, ``writer``
(keys computed once) and ``store`` (the decision, filed in one transaction).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import replace
from datetime import datetime

from ingest import identity, schedule, writer
from ingest.clock import iso, utc_now
from ingest.crawl import Endpoint, follow, parse_off_loop, source_endpoints, source_hosts
from ingest.errors import HARD, FetchError, RobotsDisallowed, StoreError, UnsupportedURL
from ingest.extract.post import article_from_post
from ingest.fetch import Fetcher
from ingest.models import Article, Candidate, Config, EndpointState, Page, Source
from ingest.originals import OutletIndex
from ingest.politeness import HostPolicy
from ingest.progress import NoProgress, RunProgress
from ingest.report import RunReport
from ingest.request import Validators
from ingest.store import NEW, UPDATED, Store
from ingest.workers import Extractor

# A shared worker works this many sources per connection (``max_concurrency``) at once,
# taking the next lease as one finishes: 32 with the defaults. Sources mostly wait on their
# host's delay, so a worker holds more of them than it has connections; with more sources
# than that, the workers divide them.
SOURCES_PER_CONNECTION = 2
LEASE_RENEWALS = 4  # a lease is renewed this many times within its length


def select_sources(config: Config, source_ids: tuple[str, ...] = ()) -> list[Source]:
    """The sources a run covers: those named, or every enabled one."""
    if source_ids:
        known = {s.id for s in config.sources}
        unknown = [sid for sid in source_ids if sid not in known]
        if unknown:
            raise KeyError(", ".join(unknown))
        return [s for s in config.sources if s.id in source_ids]
    return [s for s in config.sources if s.enabled]


class Run:
    """The state of one ``ingest fetch``: the store, the fetcher and the report."""

    def __init__(
        self,
        config: Config,
        store: Store,
        fetcher: Fetcher,
        *,
        force: bool = False,
        progress: RunProgress | None = None,
        now: datetime | None = None,
        workers: int = 1,
        worker: str = "",
        run_id: int = 0,
    ) -> None:
        self.config = config
        self.store = store
        self.fetcher = fetcher
        self.force = force
        self.progress = progress or NoProgress()
        self.now = now or utc_now()
        self.report = RunReport()
        self.extractor = Extractor(workers)
        self.outlets = OutletIndex.build(config.sources)
        self.budget_secs: float | None = config.settings.source_budget_secs or None
        # Several workers on one database: sources are leased, a few at a time.
        self.shared = store.dialect == "postgresql"
        self.worker, self.run_id = worker, run_id
        self.lease_secs = config.settings.lease_secs
        self.leased: set[str] = set()
        self._in_flight = asyncio.Semaphore(
            max(config.settings.max_concurrency * SOURCES_PER_CONNECTION, 1)
        )

    def prepare(self, sources: list[Source]) -> None:
        """Give the fetcher each source's per-host politeness policy."""
        for source in sources:
            policy = HostPolicy(source.host_concurrency, source.host_delay_secs)
            for host in source_hosts(source):
                self.fetcher.set_policy(host, policy)

    async def run(self, sources: list[Source]) -> RunReport:
        """Run every source concurrently; one failing source never stops the others."""
        self.prepare(sources)
        self.progress.sources(len(sources))
        await asyncio.gather(*(self.run_source(source) for source in sources))
        return self.report

    async def run_source(self, source: Source) -> None:
        """``work_source`` for one source; with shared workers, only under its lease."""
        if not self.shared:
            await self.work_source(source)
            return
        async with self._in_flight:
            if not self.store.take_source(source.id, self.worker, self.run_id, self.lease_secs):
                self.report.sources_not_due += 1  # another worker has it now
                self.progress.source_done(source.id, False)
                return
            self.leased.add(source.id)
            try:
                await self.work_source(source)
            finally:
                self.leased.discard(source.id)
                self.store.release_source(source.id, self.worker)

    async def keep_leases(self, sleep: Callable[[float], Awaitable[None]] = asyncio.sleep) -> None:
        """Renew this run's leases and heartbeat until cancelled (shared workers only)."""
        while True:
            await sleep(self.lease_secs / LEASE_RENEWALS)
            self.store.renew_sources(sorted(self.leased), self.worker, self.lease_secs)
            self.store.run_alive(self.run_id)

    async def work_source(self, source: Source) -> None:
        """Discover a source's due endpoints, then work through its queue, within its budget.

        The budget (``Settings.source_budget_secs``) cancels the source's work at an await,
        never inside a store transaction (store calls do not await); what is left stays
        queued, and endpoints not reached stay due, for the next run.
        """
        try:
            failed = await asyncio.wait_for(self._run_source(source), self.budget_secs)
        except asyncio.TimeoutError:
            failed = True
            left = self.store.queue_counts(source.id).get("pending", 0)
            self.report.add_failure(
                source.id,
                "",
                f"its time budget of {self.budget_secs:g} s ran out;"
                f" {left} queued articles wait for the next run",
            )
            self.report.skip("left for the next run (time budget)")
        if failed:
            self.report.sources_failed += 1
            self.report.failed_sources.append(source.id)
        self.progress.source_done(source.id, failed)

    async def _run_source(self, source: Source) -> bool:
        """A source's due endpoints (concurrently, within its host limits), then its queue;
        True when an endpoint failed."""
        due = [
            endpoint
            for endpoint in source_endpoints(source)
            if self.force or schedule.is_due(self.store.endpoint(endpoint.url), self.now)
        ]
        # The WordPress API comes last: it fills in what the feeds, sitemaps and listings
        # missed, and an article they found keeps its page (kept for ``reextract``).
        first = [e for e in due if e.kind != "wordpress"]
        outcomes = await asyncio.gather(*(self._discover(source, e) for e in first))
        for endpoint in (e for e in due if e.kind == "wordpress"):
            outcomes.append(await self._discover(source, endpoint))
        await self.work_queue(source)
        failed = not all(outcomes)
        if not failed:
            if due:
                self.report.sources_ok += 1
            else:
                self.report.sources_not_due += 1
        return failed

    async def _discover(self, source: Source, endpoint: Endpoint) -> bool:
        """``discover_endpoint``, with a bug in one source kept from stopping the run."""
        try:
            return await self.discover_endpoint(source, endpoint)
        except StoreError:
            raise  # the database is unusable: the run stops (exit 2)
        except Exception as exc:
            self.report.add_failure(source.id, endpoint.url, exc)
            return False

    async def discover_endpoint(
        self, source: Source, endpoint: Endpoint, *, backfill_since: datetime | None = None
    ) -> bool:
        """Fetch and parse one endpoint, queue its new candidates; False when it failed.

        The candidates and the endpoint's new state (validators, body hash, next due
        time) are stored in one transaction: after a crash, either both are there or the
        endpoint is fetched again.
        """
        state = self.store.endpoint(endpoint.url) or EndpointState(
            url=endpoint.url, source=source.id, kind=endpoint.kind
        )
        backfill = backfill_since is not None
        etag, last_modified = schedule.validators(state, source, backfill=backfill)
        hosts = None if source.allow_offsite else source_hosts(source)
        try:
            page = await self.fetcher.fetch(
                endpoint.first_url(backfill_since=backfill_since),
                validators=Validators(etag=etag, last_modified=last_modified),
            )
        except FetchError as exc:
            self.fail_endpoint(source, state, exc)
            return False
        self.report.endpoints_fetched += 1
        ok = schedule.after_fetch(state, page, source, self.now)
        if ok.status != "ok" and not (ok.status == "unchanged" and (self.force or backfill)):
            self.store.save_endpoint(ok)
            return True
        found = await parse_off_loop(
            endpoint, page, source=source.id, hosts=hosts, since=backfill_since
        )
        if not found.usable:
            reason = "; ".join(found.problems) or "no usable content"
            self.fail_endpoint(source, state, FetchError(endpoint.url, reason, kind=HARD))
            return False
        for problem in found.problems:
            self.report.add_note(source.id, endpoint.url, problem)
        # A backfill cursor is "<since> <position>": it resumes only the same backfill.
        prefix = f"{iso(backfill_since)} " if backfill_since is not None else ""
        cursor = None
        if backfill and state.cursor and state.cursor.startswith(prefix):
            cursor = state.cursor[len(prefix) :]
        self.queue_found(source, found.candidates, replace(ok, status="ok"))

        async def on_batch(candidates: list[Candidate], position: str | None) -> int:
            saved = self.store.endpoint(endpoint.url) or ok
            if backfill:
                saved = replace(saved, cursor=f"{prefix}{position}" if position else None)
            return self.queue_found(source, candidates, saved)

        problems = await follow(
            endpoint,
            found,
            self.fetcher.fetch,
            on_batch,
            source=source.id,
            hosts=hosts,
            since=backfill_since,
            backfill=backfill,
            cursor=cursor,
        )
        for problem in problems:
            self.report.add_note(source.id, "", problem)
        return True

    def queue_found(self, source: Source, found: list[Candidate], state: EndpointState) -> int:
        """Queue a batch of discovered candidates with the endpoint's state; return added."""
        accepted = identity.accept_candidates(self.store, source, found, state.guids)
        self.report.skipped.update(accepted.skipped)
        added = self.store.enqueue(
            accepted.fresh,
            replace(state, entries_last=len(found), guids=accepted.guids),
            refresh=accepted.edited,
        )
        self.report.entries_seen += len(found)
        self.progress.endpoint_done(source.id, len(found), added)
        return added

    def fail_endpoint(self, source: Source, state: EndpointState, exc: FetchError) -> None:
        """Record an endpoint failure and when to try again."""
        self.store.save_endpoint(schedule.after_failure(state, exc, source, self.now))
        self.report.add_failure(source.id, state.url, exc)

    async def work_queue(self, source: Source) -> None:
        """Fetch, extract and store the source's due candidates, a few at a time."""
        due_by = "9999-12-31T23:59:59Z" if self.force else iso(utc_now())
        queued = self.store.due_candidates(
            [source.id], now=due_by, limit_per_source=self.config.settings.max_articles_per_source
        )
        work: asyncio.Queue[Candidate] = asyncio.Queue()
        for item in queued:
            work.put_nowait(item.candidate)
        attempts = {item.candidate.url: item.attempts for item in queued}
        self.progress.queued(source.id, len(queued))

        async def worker() -> None:
            while not work.empty():
                cand = work.get_nowait()
                try:
                    outcome = await self.process(source, cand, attempts[cand.url])
                except StoreError:
                    raise
                except Exception as exc:  # one failing entry never stops the others
                    outcome = "failed"
                    self.report.skip("internal error")
                    self.report.add_note(source.id, cand.url, exc)
                    retry_at = schedule.article_retry_at(attempts[cand.url] + 1, HARD, utc_now())
                    self.store.candidate_failed(
                        cand.url,
                        reason=f"internal error: {exc!r}",
                        next_attempt_at=retry_at,
                        give_up=retry_at is None,
                    )
                self.progress.article_done(source.id, outcome)

        await asyncio.gather(*(worker() for _ in range(max(1, source.host_concurrency))))

    async def process(self, source: Source, cand: Candidate, attempts: int) -> str:
        """One candidate: fetch its page, extract the article, store it; the outcome."""
        if cand.method == "wordpress" and cand.content_html:
            # The REST API already gave the clean content and exact dates: no page fetch.
            return self.store_article(source, cand, None, article_from_post(cand, source))
        hosts = None if source.allow_offsite else source_hosts(source)
        try:
            page = await self.fetcher.fetch(cand.fetch_url, allowed_hosts=hosts)
        except (RobotsDisallowed, UnsupportedURL) as exc:
            if exc.kind == HARD:  # robots.txt forbids it, or it leads off-site: never again
                self.store.candidate_skipped(cand.url, str(exc))
                robots = isinstance(exc, RobotsDisallowed)
                self.report.skip("disallowed by robots.txt" if robots else "off-site")
                return "skipped"
            self.retry_later(cand, attempts, exc)
            return "failed"
        except FetchError as exc:
            self.retry_later(cand, attempts, exc)
            return "failed"
        article = await self.extractor.extract(page.text, page.url, source, cand)
        return self.store_article(source, cand, page, article)

    def retry_later(self, cand: Candidate, attempts: int, exc: FetchError) -> None:
        """Record a failed article fetch; it is tried again on a later run, or given up."""
        retry_at = schedule.article_retry_at(attempts + 1, exc.kind, utc_now())
        self.store.candidate_failed(
            cand.url, reason=str(exc), next_attempt_at=retry_at, give_up=retry_at is None
        )
        self.report.skip(f"fetch failed ({exc.kind})")

    def store_article(
        self, source: Source, cand: Candidate, page: Page | None, article: Article
    ) -> str:
        """Store an extracted article, or record why the page holds none; the outcome."""
        if article.skip_reason:
            self.store.candidate_skipped(cand.url, article.skip_reason)
            self.report.skip("no article")
            return "skipped"
        original = self.outlets.resolve(
            article.original_source, article.original_url, exclude=source.id
        )
        row = writer.prepare(
            source.id,
            cand,
            page,
            article,
            original_source_id=original,
            keep_html=self.config.settings.keep_html_days != 0,
        )
        outcome = self.store.file_article(row)
        if outcome == NEW:
            self.report.new_articles += 1
        elif outcome == UPDATED:
            self.report.updated_articles += 1
        else:
            self.report.skip(outcome)
        return outcome
