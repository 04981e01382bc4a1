"""The commands that write articles, each holding the database's run lock: ``ingest fetch``,
``ingest backfill`` and ``ingest reextract``; how a run stopped by a signal ends (exit 130 or
143, see ``cli``)."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, NoReturn

import click

from ingest.cli_common import (
    EXIT_OK,
    SINCE,
    CannotRun,
    config_option,
    db_option,
    open_config,
    open_store,
    since_option,
)
from ingest.errors import LockedError, StoreError
from ingest.lock import RunLock

if TYPE_CHECKING:
    from ingest.models import Config
    from ingest.progress import RunProgress
    from ingest.runs import Interrupted
    from ingest.store import Store


@click.command()
@config_option
@db_option
@click.option("--source", "source_ids", multiple=True, help="Only this source (repeatable).")
@click.option("--force", is_flag=True, help="Fetch now, ignoring schedule and backoff.")
@click.option("--quiet", "-q", is_flag=True, help="No progress, even on a terminal.")
@click.option(
    "--strict", is_flag=True, help="Exit 1 when any source fails, even one already failing."
)
@click.option("--verbose", "-v", is_flag=True, help="Print every failure and note in full.")
def fetch(
    config_path: str,
    db_path: str,
    source_ids: tuple[str, ...],
    force: bool,
    quiet: bool,
    strict: bool,
    verbose: bool,
) -> None:
    """Fetch due sources, extract new articles, store them.

    On a terminal it shows progress; under cron it prints only the summary line and
    problems.

    Example:

        ingest fetch --config config/sources.yaml --db data/ingest.db
    """
    from ingest.pipeline import select_sources
    from ingest.progress import make_progress
    from ingest.report import before_run, exit_code
    from ingest.runs import Interrupted, fetch_sources, run_until_signal

    config = open_config(config_path)
    known = {s.id for s in config.sources}
    unknown = [sid for sid in source_ids if sid not in known]
    if unknown:
        raise CannotRun(
            f"unknown source id: {', '.join(unknown)}; see 'ingest sources list' for the ids"
        )
    progress = make_progress(quiet=quiet)
    try:
        with locked_store(db_path, progress) as store:
            # How each source stood before the run: the exit code compares with it.
            selected = select_sources(config, source_ids)
            before = {s.id: before_run(store.endpoints(s.id)) for s in selected}
            upgrade_dates(store, config, progress)
            report = run_until_signal(
                fetch_sources(
                    config,
                    store,
                    source_ids=source_ids,
                    force=force,
                    progress=progress,
                    workers=os.cpu_count() or 1,
                )
            )
    except LockedError as exc:
        click.echo(f"ingest: {exc}", err=True)
        sys.exit(EXIT_OK)
    except Interrupted as exc:
        interrupted(exc)
    except StoreError as exc:
        raise CannotRun(f"the run stopped: {exc}") from None
    except OSError as exc:
        raise CannotRun(f"cannot use {db_path}: {exc}") from None
    for line in report.problem_lines(before, verbose=verbose):
        click.echo(line, err=True)
    click.echo(report.summary())
    sys.exit(exit_code(report, before, strict=strict))


@contextmanager
def locked_store(db_path: str, progress: RunProgress, *, create: bool = True) -> Iterator[Store]:
    """The store of ``db_path`` under the database's run lock; the progress display and the
    store are closed when the run ends, however it ends."""
    with RunLock(db_path):
        store = open_store(db_path, create=create)
        try:
            yield store
        finally:
            progress.close()
            store.close()


def interrupted(exc: Interrupted) -> NoReturn:
    """Say how the run ended and exit 128 + the signal."""
    click.echo(
        f"ingest: stopped by {exc}; the run is recorded as interrupted and what was stored"
        " stays; the next run goes on from the queue",
        err=True,
    )
    sys.exit(exc.exit_code)


def upgrade_dates(store: Store, config: Config, progress: RunProgress) -> None:
    """Fill the local dates of articles stored by an older release, saying so once."""
    from ingest.reextract import fill_local_dates

    pending = store.count_without_local_dates()
    if not pending:
        return
    click.echo(f"upgrading: reading the dates of {pending} stored articles again", err=True)
    with progress.counter("upgrading dates", pending) as count:
        seen = 0

        def show(done: int, total: int) -> None:
            nonlocal seen
            count.advance(done - seen)
            seen = done

        fill_local_dates(store, config, progress=show)


@click.command()
@config_option
@db_option
@click.option("--source", "source_id", required=True, help="The source to backfill.")
@click.option(
    "--since",
    required=True,
    type=SINCE,
    help="How far back: 2026-01-01 (a day, Tripoli time), 2026-01-01T08:00, or 90d.",
)
def backfill(config_path: str, db_path: str, source_id: str, since: str) -> None:
    """Walk a source's sitemaps, listing pages and WordPress API back to a date; store all.

    Polite (the same per-host limits as fetch) and resumable: run it again after an
    interruption and it continues where it stopped.

    Example:

        ingest backfill --source almarsad --since 2026-01-01
    """
    from ingest.clock import parse_iso
    from ingest.runs import Interrupted, backfill_source, run_until_signal

    config = open_config(config_path)
    if config.source(source_id) is None:
        raise CannotRun(f"unknown source id: {source_id}; see 'ingest sources list'")
    since_dt = parse_iso(since)
    from ingest.progress import make_progress
    from ingest.report import exit_code

    progress = make_progress()
    try:
        with locked_store(db_path, progress) as store:
            report = run_until_signal(
                backfill_source(
                    config,
                    store,
                    source_id,
                    since_dt,
                    progress=progress,
                    workers=os.cpu_count() or 1,
                )
            )
    except LockedError as exc:
        raise CannotRun(str(exc)) from None
    except Interrupted as exc:
        interrupted(exc)
    except StoreError as exc:
        raise CannotRun(f"the run stopped: {exc}") from None
    for line in report.problem_lines(verbose=True):
        click.echo(line, err=True)
    click.echo(report.summary())
    sys.exit(exit_code(report, {}, strict=True))  # by hand, one source: any failure counts


@click.command()
@config_option
@db_option
@click.option("--source", "source_id", help="Only this source's articles.")
@since_option
def reextract(config_path: str, db_path: str, source_id: str | None, since: str | None) -> None:
    """Re-run extraction on stored pages (after a rule change) and update the records.

    No page is fetched again: the HTML kept in the pages table is used.

    Example:

        ingest reextract --source wasat --since 2026-11-01
    """
    from ingest.reextract import reextract as run_reextract

    config = open_config(config_path)
    if source_id and config.source(source_id) is None:
        raise CannotRun(f"unknown source id: {source_id}")
    open_store(db_path, create=False).close()  # a mistyped path is an error, not a new file
    from ingest.progress import make_progress

    progress = make_progress()
    try:
        with (
            locked_store(db_path, progress, create=False) as store,
            progress.counter("re-extracting stored pages", None) as count,
        ):
            counts = run_reextract(
                store, config, source=source_id, since=since, progress=count.advance
            )
    except LockedError as exc:
        raise CannotRun(str(exc)) from None
    click.echo(", ".join(f"{n} {what}" for what, n in counts.most_common()) or "nothing to do")
