"""One run of ``ingest fetch``, stage by stage, as design.md draws it.

    schedule → discover (feeds, sitemaps, listings, WordPress) → queue (candidates table)
             → fetch page → extract → dedup + store

Every source runs as its own task (its host limits then keep it polite); inside a source,
discovery comes first, then the queue of candidates, new and left over from earlier runs.
Each stage returns its value or drops the item with a reason, and every reason is counted.
"""

from __future__ import annotations

import asyncio
import hashlib
import html
import os
import sys
from collections.abc import Awaitable, Callable
from dataclasses import replace
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

import httpx

from ingest import identity, schedule
from ingest.clock import iso, utc_now
from ingest.crawl import Endpoint, follow, parse_page, source_endpoints, source_hosts
from ingest.errors import HARD, FetchError, HTTPStatusError, RobotsDisallowed, UnsupportedURL
from ingest.fetch import Fetcher, FetchEvent, HostPolicy, Validators
from ingest.models import Article, Candidate, Config, Page, Source
from ingest.report import RunReport
from ingest.store import EndpointState, Store
from ingest.urls import canonical_url
from ingest.workers import Extractor
from ingest.writer import save_article

Progress = Callable[[str], None]


def wordpress_page(cand: Candidate) -> str:
    """A minimal HTML page from a WordPress API post, for the extractor."""
    title = html.escape(cand.title or "")
    return (
        f"<html><head><title>{title}</title></head>"
        f"<body><article><h1>{title}</h1>{cand.content_html or ''}</article></body></html>"
    )


def with_api_fields(article: Article, cand: Candidate) -> Article:
    """Prefer what the WordPress API states exactly (title, GMT dates, author)."""
    for name in ("headline", "published_at", "modified_at", "author"):
        value = cand.title if name == "headline" else getattr(cand, name)
        if value:
            setattr(article, name, value)
            article.methods[name] = "wordpress"
    return article


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
        progress: Progress | None = None,
        now: datetime | None = None,
        workers: int = 1,
    ) -> None:
        self.config = config
        self.store = store
        self.fetcher = fetcher
        self.force = force
        self.progress = progress or (lambda _: None)
        self.now = now or utc_now()
        self.report = RunReport()
        self.extractor = Extractor(workers)

    def prepare(self, sources: list[Source]) -> None:
        """Give the fetcher each source's per-host politeness policy."""
        for source in sources:
            policy = HostPolicy(source.host_concurrency, source.host_delay_secs)
            for host in source_hosts(source):
                self.fetcher.set_policy(host, policy)

    async def run(self, sources: list[Source]) -> RunReport:
        """Run every source concurrently; one failing source never stops the others."""
        self.prepare(sources)
        await asyncio.gather(*(self.run_source(source) for source in sources))
        return self.report

    async def run_source(self, source: Source) -> None:
        """Discover a source's due endpoints, then work through its queue."""
        due = [
            endpoint
            for endpoint in source_endpoints(source)
            if self.force or schedule.is_due(self.store.endpoint(endpoint.url), self.now)
        ]
        failed = False
        for endpoint in due:
            try:
                failed |= not await self.discover_endpoint(source, endpoint)
            except Exception as exc:  # a bug in one source must not stop the run
                failed = True
                self.report.problems.append(f"{source.id}: {endpoint.url}: {exc!r}")
        await self.work_queue(source)
        if failed:
            self.report.sources_failed += 1
            self.report.failed_sources.append(source.id)
        elif due:
            self.report.sources_ok += 1
        else:
            self.report.sources_not_due += 1

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
        validators = None
        if not source.ignore_http_cache and endpoint.kind == "feed" and not backfill:
            validators = Validators(etag=state.etag, last_modified=state.last_modified)
        now_iso = iso(utc_now())
        hosts = None if source.allow_offsite else source_hosts(source)
        try:
            page = await self.fetcher.fetch(
                endpoint.first_url(backfill_since=backfill_since), validators=validators
            )
        except FetchError as exc:
            self.fail_endpoint(source, state, exc)
            return False
        self.report.endpoints_fetched += 1
        ok = replace(
            state,
            last_attempt_at=now_iso,
            last_success_at=now_iso,
            http_status=page.status,
            error=None,
            failure_kind=None,
            failure_count=0,
            next_due_at=schedule.next_due_after_success(source.interval_secs, self.now),
        )
        if page.not_modified:
            self.store.save_endpoint(replace(ok, status="not-modified"))
            return True
        body_hash = hashlib.sha256(page.content).hexdigest()
        ok = replace(
            ok,
            etag=page.headers.get("etag"),
            last_modified=page.headers.get("last-modified"),
            body_hash=body_hash,
        )
        if body_hash == state.body_hash and not self.force and not backfill:
            # Servers lie about 304 (Media Cloud turned conditional GET off for that):
            # an identical body needs no parsing.
            self.store.save_endpoint(replace(ok, status="unchanged"))
            return True
        since = backfill_since
        found = parse_page(endpoint, page, source=source.id, hosts=hosts, since=since)
        if not found.usable:
            reason = "; ".join(found.problems) or "no usable content"
            self.fail_endpoint(source, state, FetchError(endpoint.url, reason, kind=HARD))
            return False
        for problem in found.problems:
            self.report.problems.append(f"{source.id}: {endpoint.url}: {problem}")
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
            since=since,
            backfill=backfill,
            cursor=cursor,
        )
        self.report.problems.extend(f"{source.id}: {p}" for p in problems)
        return True

    def queue_found(self, source: Source, found: list[Candidate], state: EndpointState) -> int:
        """Queue a batch of discovered candidates with the endpoint's state; return added."""
        candidates, edited, guids = self.accept_candidates(source, found, state.guids)
        added = self.store.enqueue(
            candidates, replace(state, entries_last=len(found), guids=guids), refresh=edited
        )
        self.report.entries_seen += len(found)
        self.progress(f"{source.id}: {state.url}: {len(found)} entries, {added} new")
        return added

    def accept_candidates(
        self, source: Source, candidates: list[Candidate], guids: str | None = None
    ) -> tuple[list[Candidate], list[Candidate], str | None]:
        """Canonical URLs, own hosts only (unless allowed), nothing already stored.

        "Already stored" means by URL, by feed GUID (when the feed's GUIDs can be trusted)
        or by title within a few hours at the same outlet (``identity.py``). Returns the
        new candidates, the stored articles the listing says were modified since (edits:
        read again, the old text goes to ``article_versions``), and the endpoint's GUID
        verdict (``identity.GUIDS_UNSTABLE`` once a stored article came back with another
        GUID).
        """
        hosts = source_hosts(source)
        accepted: dict[str, Candidate] = {}
        for cand in candidates:
            try:
                url = canonical_url(cand.url)
            except ValueError:
                self.report.skip("bad URL")
                continue
            parts = urlsplit(url)
            if parts.scheme not in ("http", "https"):
                self.report.skip("not http(s)")
                continue
            if not source.allow_offsite and parts.netloc.lower() not in hosts:
                self.report.skip("off-site link")
                continue
            if url not in accepted:
                accepted[url] = replace(cand, url=url, link=cand.url if cand.url != url else None)
        found = list(accepted.values())
        use_guids = guids != identity.GUIDS_UNSTABLE and identity.guid_problem(found) is None
        if use_guids and identity.guids_regenerated(self.store, source.id, found):
            use_guids = False
            guids = identity.GUIDS_UNSTABLE
        fresh, edited = [], []
        for cand in found:
            if self.store.is_stale(cand.url, cand.modified_at):
                edited.append(cand)
                continue
            if self.store.is_known(cand.url):
                self.report.skip("seen before")
                continue
            known = identity.known_article(self.store, cand, use_guid=use_guids)
            if known is not None:
                self.store.add_alias(cand.url, known[0], known[1])
                self.report.skip(f"seen before ({known[1]})")
                continue
            fresh.append(cand)
        return fresh, edited, guids

    def fail_endpoint(self, source: Source, state: EndpointState, exc: FetchError) -> None:
        """Record an endpoint failure and when to try again."""
        count = state.failure_count + 1
        retry_after = exc.retry_after_secs if isinstance(exc, HTTPStatusError) else None
        status = exc.status if isinstance(exc, HTTPStatusError) else None
        self.store.save_endpoint(
            replace(
                state,
                last_attempt_at=iso(utc_now()),
                status="error",
                http_status=status,
                error=str(exc),
                failure_kind=exc.kind,
                failure_count=count,
                next_due_at=schedule.next_due_after_failure(
                    source.interval_secs, count, exc.kind, self.now, retry_after
                ),
            )
        )
        self.report.problems.append(f"{source.id}: {state.url}: {exc} ({exc.kind})")

    async def work_queue(self, source: Source) -> None:
        """Fetch, extract and store the source's due candidates, a few at a time."""
        due_by = "9999-12-31T23:59:59Z" if self.force else iso(utc_now())
        queued = self.store.due_candidates(
            [source.id],
            now=due_by,
            limit_per_source=self.config.settings.max_articles_per_source,
        )
        work: asyncio.Queue[Candidate] = asyncio.Queue()
        for item in queued:
            work.put_nowait(item.candidate)
        attempts = {item.candidate.url: item.attempts for item in queued}

        async def worker() -> None:
            while not work.empty():
                cand = work.get_nowait()
                try:
                    await self.process(source, cand, attempts[cand.url])
                except Exception as exc:  # one failing entry never stops the others
                    self.report.skip("internal error")
                    self.report.problems.append(f"{source.id}: {cand.url}: {exc!r}")
                    retry_at = schedule.article_retry_at(attempts[cand.url] + 1, HARD, utc_now())
                    self.store.candidate_failed(
                        cand.url,
                        reason=f"internal error: {exc!r}",
                        next_attempt_at=retry_at,
                        give_up=retry_at is None,
                    )

        await asyncio.gather(*(worker() for _ in range(max(1, source.host_concurrency))))

    async def process(self, source: Source, cand: Candidate, attempts: int) -> None:
        """One candidate: fetch its page, extract the article, store it."""
        if cand.method == "wordpress" and cand.content_html:
            # The REST API already gave the clean content and exact dates: no page fetch.
            article = await self.extractor.extract(wordpress_page(cand), cand.url, source, cand)
            self.store_article(source, cand, None, with_api_fields(article, cand))
            return
        hosts = None if source.allow_offsite else source_hosts(source)
        try:
            page = await self.fetcher.fetch(cand.fetch_url, allowed_hosts=hosts)
        except (RobotsDisallowed, UnsupportedURL) as exc:
            if exc.kind == HARD:  # robots.txt forbids it, or it leads off-site: never again
                self.store.candidate_skipped(cand.url, str(exc))
                self.report.skip(
                    "disallowed by robots.txt" if isinstance(exc, RobotsDisallowed) else "off-site"
                )
                return
            self.retry_later(cand, attempts, exc)
            return
        except FetchError as exc:
            self.retry_later(cand, attempts, exc)
            return
        article = await self.extractor.extract(page.text, page.url, source, cand)
        self.store_article(source, cand, page, article)

    def retry_later(self, cand: Candidate, attempts: int, exc: FetchError) -> None:
        """Record a failed article fetch; it is tried again on a later run, or given up."""
        retry_at = schedule.article_retry_at(attempts + 1, exc.kind, utc_now())
        self.store.candidate_failed(
            cand.url, reason=str(exc), next_attempt_at=retry_at, give_up=retry_at is None
        )
        self.report.skip(f"fetch failed ({exc.kind})")

    def store_article(
        self, source: Source, cand: Candidate, page: Page | None, article: Article
    ) -> None:
        """Store an extracted article, or record why the page holds none."""
        if article.skip_reason:
            self.store.candidate_skipped(cand.url, article.skip_reason)
            self.report.skip("no article")
            return
        outcome = save_article(self.store, source, cand, page, article, self.config.settings)
        if outcome == "new":
            self.report.new_articles += 1
        elif outcome == "updated":
            self.report.updated_articles += 1
        else:
            self.report.skip(outcome)
        self.progress(f"{source.id}: {outcome}: {article.headline or cand.url}")


def event_row(event: FetchEvent) -> dict[str, Any]:
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
    progress: Progress | None,
    workers: int,
) -> RunReport:
    """Open a fetcher, record the run, do ``job``, write the run's counters and events."""
    run_id = store.start_run(" ".join(["ingest", *sys.argv[1:]]), os.getpid())
    events: list[dict[str, Any]] = []
    status = "failed"
    report = RunReport()
    try:
        async with Fetcher(
            config.settings, transport=transport, on_event=lambda e: events.append(event_row(e))
        ) as fetcher:
            run = Run(config, store, fetcher, force=force, progress=progress, workers=workers)
            report = run.report
            try:
                await job(run)
            finally:
                run.extractor.close()
        status = "partial" if report.sources_failed else "ok"
    finally:
        store.log_events(run_id, events)
        store.finish_run(run_id, status, report.counters())
        store.prune_pages(config.settings.keep_html_days)
    return report


async def fetch_sources(
    config: Config,
    store: Store,
    *,
    source_ids: tuple[str, ...] = (),
    force: bool = False,
    transport: httpx.AsyncBaseTransport | None = None,
    progress: Progress | None = None,
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
    progress: Progress | None = None,
    workers: int = 1,
) -> RunReport:
    """Walk a source's sitemaps, listing pages and API pages back to ``since``; store all.

    Resumable: each page of candidates is queued with the position reached, and the
    queue outlives the process, so running it again continues where it stopped.
    """
    (source,) = select_sources(config, (source_id,))

    async def job(run: Run) -> None:
        run.prepare([source])
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

    return await _run(
        config, store, job, force=True, transport=transport, progress=progress, workers=workers
    )
