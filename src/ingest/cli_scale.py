"""Commands for running beyond one machine: ``ingest worker`` and ``ingest migrate-db``.

See docs/scale-out.md: one PostgreSQL, and on each machine cron running ``ingest fetch
--db postgresql://...`` or one long-running ``ingest worker``.
"""

from __future__ import annotations

import os
import signal
import threading
from types import FrameType

import click

from ingest.cli_common import (
    EXIT_OK,
    CannotRun,
    config_option,
    db_option,
    open_config,
    open_store,
)
from ingest.errors import StoreError
from ingest.store.base import is_postgresql

DEFAULT_PAUSE = 60.0


@click.command()
@config_option
@db_option
@click.option(
    "--pause",
    type=click.FloatRange(min=0),
    default=DEFAULT_PAUSE,
    show_default=True,
    help="Seconds to rest between runs.",
)
@click.option("--runs", type=click.IntRange(min=1), help="Stop after this many runs.")
def worker(config_path: str, db_path: str, pause: float, runs: int | None) -> None:
    """Run 'ingest fetch' again and again until stopped (SIGTERM or Ctrl-C).

    Meant for several machines sharing one PostgreSQL database: each run takes the due
    sources no other worker holds. A stop during a run ends it as 'ingest fetch' ends on
    a signal (the write in progress finishes, the run is recorded as interrupted).

    Example:

        ingest worker --db postgresql://ingest@db.example/ingest --pause 30
    """
    from ingest.runs import Interrupted, fetch_sources, run_until_signal

    config = open_config(config_path)
    stop = threading.Event()
    store = open_store(db_path)
    done = 0
    try:
        while not stop.is_set():
            try:
                report = run_until_signal(fetch_sources(config, store, workers=os.cpu_count() or 1))
            except Interrupted as exc:
                click.echo(f"ingest worker: stopped by {exc}", err=True)
                raise SystemExit(exc.exit_code) from None
            except StoreError as exc:
                raise CannotRun(f"the run stopped: {exc}") from None
            click.echo(report.summary())
            done += 1
            if runs is not None and done >= runs:
                break
            _wait(stop, pause)
    finally:
        store.close()
    raise SystemExit(EXIT_OK)


def _wait(stop: threading.Event, secs: float) -> None:
    """Rest between runs; SIGTERM or SIGINT ends the rest and the worker."""

    def on_signal(signum: int, frame: FrameType | None) -> None:
        stop.set()

    previous = {sig: signal.signal(sig, on_signal) for sig in (signal.SIGTERM, signal.SIGINT)}
    try:
        stop.wait(secs)
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


@click.command("migrate-db")
@db_option
@click.option("--to", "target_url", required=True, help="The PostgreSQL database: postgresql://...")
def migrate_db(db_path: str, target_url: str) -> None:
    """Copy a SQLite database into PostgreSQL, every table with its ids.

    Safe to run again: rows already copied are refreshed, none doubled; run it once more
    after the last fetch on the old database, then point every worker at the new one.

    Example:

        ingest migrate-db --db data/ingest.db --to postgresql://ingest@db.example/ingest
    """
    from ingest.store.migrate import copy_database

    if not is_postgresql(target_url):
        raise CannotRun(f"--to must be a postgresql:// URL, not {target_url}")
    source = open_store(db_path, create=False)
    try:
        target = open_store(target_url)
    except CannotRun:
        source.close()
        raise
    try:
        copied = copy_database(source, target)
    except StoreError as exc:
        raise CannotRun(f"the copy stopped (run it again to finish): {exc}") from None
    finally:
        source.close()
        target.close()
    width = max(len(c.table) for c in copied)
    for c in copied:
        click.echo(f"{c.table:<{width}}  {c.rows:>9} copied  {c.target_rows:>9} in the target")
    click.echo(f"copied {sum(c.rows for c in copied)} rows into {target.location}")
