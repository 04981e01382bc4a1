"""The ``ingest`` command: thin click commands over the library.

Exit codes (the contract cron relies on, also in README.md and docs/operations.md):

- 0: the run completed and no source failed that was healthy before it (or another run
  held the lock, and this one did nothing, saying so on stderr);
- 1: the run completed, but a source that was healthy failed (``--strict``: any failed);
- 2: the run could not start, or the database failed: bad arguments, an invalid config,
  an unusable database;
- 130, 143: stopped by SIGINT or SIGTERM, the run recorded as interrupted.

The ``sources`` commands are in ``cli_sources``, what they share in ``cli_common``.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import sys
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn
from urllib.parse import urlsplit

import click

from ingest.errors import IngestError, LockedError, StoreError
from ingest.lock import RunLock
from ingest.models import Config
from ingest.store import Store
from ingest.terms import QUERY_SYNTAX

if TYPE_CHECKING:
    from ingest.progress import RunProgress
    from ingest.runs import Interrupted

from ingest.cli_common import (
    EXIT_CANNOT_RUN,
    EXIT_OK,
    SINCE,
    CannotRun,
    article_json,
    check_stored_sources,
    config_option,
    db_option,
    format_option,
    open_config,
    open_store,
    since_option,
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="ingest")
def cli() -> None:
    """ingest: Libyan news from feeds and pages into one clean database (SQLite or PostgreSQL).

    Every command has --help (or -h) with an example. --db and --config default to
    data/ingest.db and config/sources.yaml, or $INGEST_DB and $INGEST_CONFIG.

    Example:

        ingest fetch && ingest search كهرباء --since 1d
    """


@cli.command()
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
        with RunLock(db_path):
            store = open_store(db_path)
            try:
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
            finally:
                progress.close()
                store.close()
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


@cli.command()
@config_option
@db_option
@click.option("--wide", is_flag=True, help="Each full cause on a line of its own, never cut.")
@format_option("A table, one JSON array, or JSON lines (full causes, ISO times).")
def status(config_path: str, db_path: str, wide: bool, fmt: str) -> None:
    """Show each source's health: endpoints ok, last success, next fetch, queue, problem.

    Example:

        ingest status
    """
    from ingest.health import render_status, source_health

    config = open_config(config_path)
    store = open_store(db_path, create=False)
    # On a terminal the problem is cut at its width; into a pipe or file, never.
    width = shutil.get_terminal_size().columns if sys.stdout.isatty() else None
    try:
        click.echo(render_status(source_health(store, config), fmt, wide=wide, width=width))
        last = store.last_run()
    finally:
        store.close()
    if last and fmt == "table":
        click.echo(
            f"\nlast run #{last['id']} at {last['started_at']}: {last['status']},"
            f" {last['new_articles']} new articles"
        )


@cli.command(epilog=QUERY_SYNTAX, context_settings={"ignore_unknown_options": True})
@db_option
@click.argument("query", nargs=-1, required=True)
@click.option(
    "--source", "sources", multiple=True, help="Only articles of this source (repeatable)."
)
@since_option
@click.option(
    "--limit",
    default=20,
    show_default=True,
    type=click.IntRange(1, 10_000),
    help="How many results.",
)
@click.option("--all-copies", is_flag=True, help="Every matching copy, not one line per story.")
@format_option("Lines to read, one JSON array, or JSON lines (every field of a hit).")
def search(
    db_path: str,
    query: tuple[str, ...],
    sources: tuple[str, ...],
    since: str | None,
    limit: int,
    all_copies: bool,
    fmt: str,
) -> None:
    """Search headlines and bodies; a plain Arabic word finds its other forms.

    One line per story (the best-matching copy, and how many outlets carried it); the
    snippet is the outlet's own text with the matches in [brackets]. Put the query in
    quotes, or after -- when it starts with a minus.

    Example:

        ingest search كهرباء --since 2026-11-01

        ingest search -- 'حكومة -"الوحدة الوطنية"' --format jsonl
    """
    from ingest.query import QueryError
    from ingest.query import search as run_search

    store = open_store(db_path, create=False)
    check_stored_sources(store, sources)
    try:
        hits = run_search(
            store,
            " ".join(query),
            limit=limit,
            sources=sources,
            since=since,
            all_copies=all_copies,
        )
    except QueryError as exc:
        raise CannotRun(str(exc)) from None
    finally:
        store.close()
    if fmt == "json":
        click.echo("[" + ",\n".join(hit.as_json() for hit in hits) + "]")
        return
    for hit in hits:
        if fmt == "jsonl":
            click.echo(hit.as_json())
            continue
        others = (
            f"  (+{hit.copies - 1} copies: {' '.join(hit.copy_sources[1:])})"
            if hit.copies > 1
            else ""
        )
        click.echo(
            f"{hit.published_local or hit.published_at or '-'}  {hit.source}  {hit.headline}{others}"
        )
        click.echo(f"    {hit.url}")
        click.echo(f"    {hit.snippet}")
    if not hits:
        click.echo("no match", err=True)


@cli.command()
@db_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["jsonl", "json", "csv"]),
    default="jsonl",
    show_default=True,
    help="JSON lines, one JSON array, or CSV.",
)
@since_option
@click.option("--source", "sources", multiple=True, help="Only this source (repeatable).")
@click.option(
    "--bom/--no-bom",
    default=True,
    show_default=True,
    help="Start CSV with a UTF-8 byte-order mark, so that Excel reads Arabic correctly.",
)
def export(db_path: str, fmt: str, since: str | None, sources: tuple[str, ...], bom: bool) -> None:
    """Write articles to stdout as JSON lines, JSON or CSV, oldest first.

    Every column of docs/schema.md's export list, local dates and original_source_id
    included. CSV starts with a byte-order mark by default: Excel then shows Arabic
    instead of mojibake; --no-bom for tools that do not want one.

    Example:

        ingest export --format csv --since 7d --source wasat > wasat.csv
    """
    from ingest.query import csv_lines, to_jsonl

    store = open_store(db_path, create=False)
    try:
        check_stored_sources(store, sources)
        rows = store.export_rows(since=since, sources=sources)
        if fmt == "jsonl":
            for row in rows:
                click.echo(to_jsonl(row))
        elif fmt == "json":
            click.echo("[", nl=False)
            for number, row in enumerate(rows):
                click.echo(("," if number else "") + "\n" + to_jsonl(row), nl=False)
            click.echo("\n]")
        else:
            for chunk in csv_lines(rows, bom=bom):
                click.echo(chunk, nl=False)
    finally:
        store.close()


@cli.command()
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
        with RunLock(db_path):
            store = open_store(db_path)
            try:
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
            finally:
                progress.close()
                store.close()
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


@cli.command()
@db_option
@click.option("--host", default="127.0.0.1", show_default=True, help="The address to listen on.")
@click.option("--port", default=8001, show_default=True, type=click.IntRange(1, 65535))
def serve(db_path: str, host: str, port: int) -> None:
    """Open the reading room: the database in a browser (needs ingest[serve]).

    Today's stories and who carried them first, each story's copies and what they
    changed, Arabic-aware search, the health of every source, and Datasette's own table
    pages. Read-only, with a time limit on every query; it listens on 127.0.0.1 unless
    --host says otherwise (see docs/reading-room.md before opening it to a network).

    Example:

        pip install 'ingest[serve]' && ingest serve --port 8001
    """
    from ingest.serve import serve as run_server
    from ingest.store.base import is_postgresql

    if is_postgresql(db_path):
        raise CannotRun(
            "the reading room reads a SQLite file (Datasette); for a PostgreSQL database,"
            " copy it out or query it with psql (docs/scale-out.md)"
        )
    try:
        run_server(db_path, host=host, port=port)
    except IngestError as exc:
        raise CannotRun(str(exc)) from None


@cli.command()
@click.argument("path_or_url")
@click.option("--url", help="The page's URL, when PATH_OR_URL is a file.")
@click.option("--source", "source_id", help="Use this source's rules.")
@config_option
def extract(path_or_url: str, url: str | None, source_id: str | None, config_path: str) -> None:
    """Extract one page and print the record as JSON: for writing and checking rules.

    PATH_OR_URL is a saved HTML file, or an http(s) URL fetched once (politely, robots.txt
    obeyed).

    Example:

        ingest extract saved.html --url https://alwasat.ly/news/libya/521791 --source wasat
    """
    from ingest.extract import extract_article

    source = None
    if source_id:
        source = open_config(config_path).source(source_id)
        if source is None:
            raise CannotRun(f"unknown source id: {source_id}")
    if path_or_url.startswith(("http://", "https://")):
        from ingest.fetch import Fetcher

        async def get() -> bytes | str:
            async with Fetcher(trusted_hosts={urlsplit(path_or_url).netloc}) as fetcher:
                return (await fetcher.fetch(path_or_url)).text

        try:
            html: bytes | str = asyncio.run(get())
        except IngestError as exc:
            raise CannotRun(f"cannot fetch {path_or_url}: {exc}") from None
        url = url or path_or_url
    else:
        try:
            html = Path(path_or_url).read_bytes()
        except OSError as exc:
            raise CannotRun(f"cannot read {path_or_url}: {exc}") from None
        url = url or Path(path_or_url).resolve().as_uri()
    click.echo(article_json(extract_article(html, url, source)))


@cli.command()
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
        with RunLock(db_path):
            store = open_store(db_path, create=False)
            try:
                with progress.counter("re-extracting stored pages", None) as count:
                    counts = run_reextract(
                        store, config, source=source_id, since=since, progress=count.advance
                    )
            finally:
                progress.close()
                store.close()
    except LockedError as exc:
        raise CannotRun(str(exc)) from None
    click.echo(", ".join(f"{n} {what}" for what, n in counts.most_common()) or "nothing to do")


from ingest.cli_sources import sources  # noqa: E402 (the group's commands need cli_common only)

cli.add_command(sources)

from ingest.cli_scale import migrate_db, worker  # noqa: E402 (as above)

cli.add_command(worker)
cli.add_command(migrate_db)


def main() -> None:
    """Entry point of the ``ingest`` console script: no traceback reaches a user.

    A bug still gets one line saying what failed and how to see the details
    (``INGEST_DEBUG=1`` lets the traceback through); Ctrl-C outside a run exits 130.
    """
    try:
        cli()
    except KeyboardInterrupt:
        sys.exit(128 + 2)
    except Exception as exc:
        if os.environ.get("INGEST_DEBUG"):
            raise
        click.echo(
            f"ingest: internal error: {type(exc).__name__}: {str(exc)[:300]}"
            " (INGEST_DEBUG=1 shows the traceback; please report it)",
            err=True,
        )
        sys.exit(EXIT_CANNOT_RUN)
