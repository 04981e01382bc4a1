"""The ``ingest`` command: thin click commands over the library.

Exit codes (the contract cron relies on, also in README.md):

- 0: the run completed; every source that was due was fetched (or another run held the
  lock, and this one did nothing, saying so on stderr);
- 1: the run completed, but some sources failed (their problems are printed);
- 2: the run could not start: bad arguments, an invalid config, an unusable database.
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Callable
from typing import Any, TypeVar

import click

from ingest.config import DEFAULT_CONFIG_PATH, load_config
from ingest.errors import ConfigError, IngestError, LockedError
from ingest.lock import RunLock
from ingest.models import Config
from ingest.store import DEFAULT_DB_PATH, Store

EXIT_OK = 0
EXIT_SOURCES_FAILED = 1
EXIT_CANNOT_RUN = 2

F = TypeVar("F", bound=Callable[..., Any])


class CannotRun(click.ClickException):
    """An error that stops the command before it does anything; exit code 2."""

    exit_code = EXIT_CANNOT_RUN


def config_option(func: F) -> F:
    """``--config PATH``."""
    return click.option(
        "--config",
        "config_path",
        default=DEFAULT_CONFIG_PATH,
        show_default=True,
        type=click.Path(dir_okay=False),
        help="The sources file.",
    )(func)


def db_option(func: F) -> F:
    """``--db PATH``."""
    return click.option(
        "--db",
        "db_path",
        default=DEFAULT_DB_PATH,
        show_default=True,
        type=click.Path(dir_okay=False),
        help="The SQLite database (created on first use).",
    )(func)


def open_config(path: str) -> Config:
    """Load the config or stop with every problem listed."""
    try:
        return load_config(path)
    except ConfigError as exc:
        count = len(exc.problems)
        raise CannotRun(f"{path} has {count} problem{'s' if count != 1 else ''}:\n{exc}") from None


def open_store(path: str) -> Store:
    """Open (and migrate) the database or stop with the reason."""
    try:
        return Store(path)
    except IngestError as exc:
        raise CannotRun(str(exc)) from None


@click.group()
@click.version_option(package_name="ingest")
def cli() -> None:
    """ingest: Libyan news from feeds and pages into one clean SQLite database."""


@cli.command()
@config_option
@db_option
@click.option("--source", "source_ids", multiple=True, help="Only this source (repeatable).")
@click.option("--force", is_flag=True, help="Fetch now, ignoring schedule and backoff.")
@click.option("--quiet", "-q", is_flag=True, help="No progress, even on a terminal.")
def fetch(
    config_path: str, db_path: str, source_ids: tuple[str, ...], force: bool, quiet: bool
) -> None:
    """Fetch due sources, extract new articles, store them.

    On a terminal it shows progress; under cron it prints only the summary line and
    problems.

    Example:

        ingest fetch --config config/sources.yaml --db data/ingest.db
    """
    from ingest.pipeline import fetch_sources

    config = open_config(config_path)
    known = {s.id for s in config.sources}
    unknown = [sid for sid in source_ids if sid not in known]
    if unknown:
        raise CannotRun(
            f"unknown source id: {', '.join(unknown)}; see 'ingest sources list' for the ids"
        )
    tty = sys.stderr.isatty() and not quiet
    progress = (lambda line: click.echo(line, err=True)) if tty else None
    try:
        with RunLock(db_path):
            store = open_store(db_path)
            try:
                report = asyncio.run(
                    fetch_sources(
                        config, store, source_ids=source_ids, force=force, progress=progress
                    )
                )
            finally:
                store.close()
    except LockedError as exc:
        click.echo(f"ingest: {exc}", err=True)
        sys.exit(EXIT_OK)
    except OSError as exc:
        raise CannotRun(f"cannot use {db_path}: {exc}") from None
    for problem in report.problems:
        click.echo(f"problem: {problem}", err=True)
    click.echo(report.summary())
    sys.exit(EXIT_SOURCES_FAILED if report.sources_failed else EXIT_OK)


@cli.group()
def sources() -> None:
    """Check, list, test and add sources."""


@sources.command("check")
@config_option
def sources_check(config_path: str) -> None:
    """Validate the config offline; exit 2 with file:line messages when it is wrong.

    Example:

        ingest sources check --config config/sources.yaml
    """
    config = open_config(config_path)
    click.echo(f"{config_path}: {len(config.sources)} sources, no problems")


def main() -> None:
    """Entry point of the ``ingest`` console script."""
    cli()
