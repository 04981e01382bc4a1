"""The ``ingest`` command: thin click commands over the library.

Exit codes (the contract cron relies on, also in README.md):

- 0: the run completed; every source that was due was fetched (or another run held the
  lock, and this one did nothing, saying so on stderr);
- 1: the run completed, but some sources failed (their problems are printed);
- 2: the run could not start: bad arguments, an invalid config, an unusable database.
"""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar
from urllib.parse import urlsplit

import click

from ingest.config import DEFAULT_CONFIG_PATH, load_config
from ingest.errors import ConfigError, IngestError, LockedError, StoreError
from ingest.lock import RunLock
from ingest.models import Article, Config
from ingest.store import DEFAULT_DB_PATH, Store
from ingest.terms import QUERY_SYNTAX

if TYPE_CHECKING:
    from ingest.progress import RunProgress
    from ingest.runs import Interrupted

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
        envvar="INGEST_CONFIG",
        show_default=True,
        type=click.Path(dir_okay=False),
        help="The sources file (or $INGEST_CONFIG).",
    )(func)


def db_option(func: F) -> F:
    """``--db PATH``."""
    return click.option(
        "--db",
        "db_path",
        default=DEFAULT_DB_PATH,
        envvar="INGEST_DB",
        show_default=True,
        type=click.Path(dir_okay=False),
        help="The SQLite database (or $INGEST_DB); ingest fetch creates it on first use.",
    )(func)


def open_config(path: str) -> Config:
    """Load the config or stop with every problem listed."""
    try:
        return load_config(path)
    except ConfigError as exc:
        count = len(exc.problems)
        raise CannotRun(f"{path} has {count} problem{'s' if count != 1 else ''}:\n{exc}") from None


def open_store(path: str, *, create: bool = True) -> Store:
    """Open (and migrate) the database or stop with the reason; read commands pass
    ``create=False`` so that a mistyped path is an error, not a new empty database."""
    try:
        return Store(path, create=create)
    except IngestError as exc:
        raise CannotRun(str(exc)) from None


class Since(click.ParamType[str]):
    """``--since``: a date, a time or a duration back from now, as a UTC ``...Z`` bound."""

    name = "DATE|DURATION"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        from ingest.clock import iso, parse_since

        try:
            return iso(parse_since(str(value)))
        except (ValueError, OverflowError) as exc:
            self.fail(str(exc), param, ctx)


SINCE = Since()


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="ingest")
def cli() -> None:
    """ingest: Libyan news from feeds and pages into one clean SQLite database.

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
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json", "jsonl"]),
    default="table",
    show_default=True,
    help="A table, one JSON array, or JSON lines (full causes, ISO times).",
)
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
@click.option(
    "--since",
    type=SINCE,
    help="Only articles published (or fetched) since: 2026-11-01, 2026-11-01T08:00, 7d, 12h.",
)
@click.option(
    "--limit",
    default=20,
    show_default=True,
    type=click.IntRange(1, 10_000),
    help="How many results.",
)
@click.option("--all-copies", is_flag=True, help="Every matching copy, not one line per story.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json", "jsonl"]),
    default="table",
    show_default=True,
    help="Lines to read, one JSON array, or JSON lines (every field of a hit).",
)
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
@click.option(
    "--since",
    type=SINCE,
    help="Only articles published (or fetched) since: 2026-11-01, 2026-11-01T08:00, 7d, 12h.",
)
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


def check_stored_sources(store: Store, source_ids: tuple[str, ...]) -> None:
    """Stop with exit 2 when a --source is neither configured nor in the database."""
    unknown = [sid for sid in source_ids if not store.has_source(sid)]
    if unknown:
        store.close()
        raise CannotRun(
            f"unknown source id: {', '.join(unknown)}; see 'ingest sources list' for the ids"
        )


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

    try:
        run_server(db_path, host=host, port=port)
    except IngestError as exc:
        raise CannotRun(str(exc)) from None


@cli.group()
def sources() -> None:
    """Check, list, test and add sources.

    Example:

        ingest sources add https://almarsad.co/ && ingest sources check
    """


@sources.command("check")
@config_option
def sources_check(config_path: str) -> None:
    """Validate the config offline; exit 2 with file:line messages when it is wrong.

    Example:

        ingest sources check --config config/sources.yaml
    """
    config = open_config(config_path)
    click.echo(f"{config_path}: {len(config.sources)} sources, no problems")


@sources.command("list")
@config_option
@db_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json", "jsonl"]),
    default="table",
    show_default=True,
    help="A table, one JSON array, or JSON lines.",
)
def sources_list(config_path: str, db_path: str, fmt: str) -> None:
    """List sources with their methods, interval and health.

    Example:

        ingest sources list
    """
    from ingest.health import render_sources, source_health

    config = open_config(config_path)
    store = open_store(db_path)
    try:
        click.echo(render_sources(source_health(store, config), fmt))
    finally:
        store.close()


@sources.command("add")
@config_option
@click.argument("homepage")
@click.option("--id", "source_id", help="The new source's id (default: from its host or name).")
@click.option(
    "--write", is_flag=True, help="Append the entry to the config, checked first, not print it."
)
@click.option("--quiet", "-q", is_flag=True, help="No progress lines on stderr.")
def sources_add(
    config_path: str, homepage: str, source_id: str | None, write: bool, quiet: bool
) -> None:
    """Probe a site for feeds, sitemaps and a WordPress API; print (or add) a YAML entry.

    The id never collides with the config's ids. Without --write nothing is written:
    paste the entry under 'sources:', then run 'ingest sources check' and
    'ingest fetch --source ID --force'.

    Example:

        ingest sources add https://almarsad.co/ --write
    """
    from ingest.configedit import known_sources
    from ingest.discover.autodiscover import probe_site, render_source_yaml
    from ingest.fetch import Fetcher

    if not homepage.startswith(("http://", "https://")):
        homepage = f"https://{homepage}"
    known = known_sources(config_path)

    def step(line: str) -> None:
        click.echo(f"  {line}", err=True)

    async def probe() -> str:
        # The site the user named is trusted; its links and redirects to private
        # addresses are not (netpolicy.py).
        async with Fetcher(trusted_hosts={urlsplit(homepage).netloc}) as fetcher:
            result = await probe_site(fetcher.fetch, homepage, on_step=None if quiet else step)
        already = [known.feeds[feed] for feed in result.feeds if feed in known.feeds]
        if already:
            click.echo(f"note: {', '.join(sorted(set(already)))} already reads this site", err=True)
        return render_source_yaml(result, source_id=source_id, existing_ids=known.ids)

    entry = asyncio.run(probe())
    write_or_print(config_path, entry, write)


def write_or_print(config_path: str, entries: str, write: bool) -> None:
    """Append YAML entries to the config (checked before it is replaced), or print them."""
    from ingest.configedit import append_sources

    if not write:
        click.echo(entries)
        return
    try:
        config = append_sources(config_path, entries)
    except ConfigError as exc:
        raise CannotRun(f"{config_path} was not changed:\n{exc}") from None
    click.echo(f"{config_path}: added; {len(config.sources)} sources, no problems", err=True)


@sources.command("import-opml")
@config_option
@click.argument("opml_path", type=click.Path(exists=True, dir_okay=False))
@click.option("--write", is_flag=True, help="Append the entries to the config, checked first.")
def sources_import_opml(config_path: str, opml_path: str, write: bool) -> None:
    """Turn a feed reader's OPML export into source entries; print them or append them.

    Feeds the config already has are skipped; skips and problems go to stderr as
    FILE:LINE: message.

    Example:

        ingest sources import-opml subscriptions.opml --write
    """
    from ingest.configedit import known_sources
    from ingest.opml import MAX_OPML_BYTES, import_opml, render_proposed_yaml

    known = known_sources(config_path)
    with open(opml_path, "rb") as file:
        data = file.read(MAX_OPML_BYTES + 1)
    imported = import_opml(data, known.ids, known.feeds)
    for note in [*imported.skipped, *imported.problems]:
        click.echo(note.at(opml_path), err=True)
    if not imported.sources:
        if imported.problems:
            raise CannotRun(f"{opml_path}: no feed could be read")
        click.echo("nothing new to add", err=True)
        return
    entries = render_proposed_yaml(imported.sources, origin=Path(opml_path).name)
    write_or_print(config_path, entries, write)


@sources.command("export-opml")
@config_option
@click.option("--output", "-o", default="-", show_default=True, help="The file (- for stdout).")
def sources_export_opml(config_path: str, output: str) -> None:
    """Write every feed of every source as OPML 2.0, for a feed reader to import.

    Example:

        ingest sources export-opml -o ingest.opml
    """
    from ingest.opml import export_opml

    text = export_opml(open_config(config_path))
    if output == "-":
        click.echo(text, nl=False)
        return
    try:
        Path(output).write_text(text, encoding="utf-8")
    except OSError as exc:
        raise CannotRun(f"cannot write {output}: {exc}") from None


@sources.command("verify")
@config_option
@click.argument("source_ids", nargs=-1)
@click.option(
    "--write",
    is_flag=True,
    help="Mark each source whose endpoints and article all worked 'confidence: verified',"
    " with today's date in its notes.",
)
def sources_verify(config_path: str, source_ids: tuple[str, ...], write: bool) -> None:
    """Fetch each endpoint of the sources once; say what answers and what to change.

    Every enabled source when none is named (a disabled one only when named). Each
    feed, sitemap, listing and API is fetched once, robots.txt and host limits obeyed,
    then one fresh article is extracted with the source's rules. Run it from a network
    the outlets do not block: many Libyan sites answer 403 to datacenter addresses.
    Exits 1 when a source needs work or was blocked.

    Example:

        ingest sources verify almarsad lana --write
    """
    from ingest.clock import utc_now
    from ingest.fetch import Fetcher
    from ingest.runs import configured_hosts
    from ingest.verify import VerifyReport, render_report, verify_sources

    config = open_config(config_path)
    unknown = [sid for sid in source_ids if config.source(sid) is None]
    if unknown:
        raise CannotRun(
            f"unknown source id: {', '.join(unknown)}; see 'ingest sources list' for the ids"
        )

    async def check() -> VerifyReport:
        async with Fetcher(config.settings, trusted_hosts=configured_hosts(config)) as fetcher:
            return await verify_sources(
                config, source_ids, fetcher=fetcher, now=utc_now(), write=write
            )

    try:
        report = asyncio.run(check())
    except ConfigError as exc:
        raise CannotRun(
            f"{config_path} was not changed; the result would not load:\n{exc}"
        ) from None
    click.echo(render_report(report))
    sys.exit(0 if report.sources and all(c.worked for c in report.sources) else 1)


@sources.command("test")
@config_option
@click.argument("source_ids", nargs=-1)
@click.option("--verbose", "-v", is_flag=True, help="Also print each extracted record.")
def sources_test(config_path: str, source_ids: tuple[str, ...], verbose: bool) -> None:
    """Run sources' offline extraction tests (their tests: fixtures); report differences.

    Exits 1 when a test fails.

    Example:

        ingest sources test wasat
    """
    from ingest.sourcetest import run_source_tests

    config = open_config(config_path)
    unknown = [sid for sid in source_ids if config.source(sid) is None]
    if unknown:
        raise CannotRun(f"unknown source id: {', '.join(unknown)}")
    outcomes = run_source_tests(config, source_ids)
    for outcome in outcomes:
        mark = "ok  " if outcome.passed else "FAIL"
        click.echo(f"{mark} {outcome.source}  {outcome.fixture}")
        for difference in outcome.differences:
            click.echo(f"       {difference}")
        if verbose and outcome.article is not None:
            click.echo(_article_json(outcome.article))
    failed = sum(not o.passed for o in outcomes)
    click.echo(f"{len(outcomes) - failed} passed, {failed} failed")
    if not outcomes:
        click.echo("no source has tests: add a 'tests:' entry (see docs/sources.md)", err=True)
    sys.exit(1 if failed else 0)


def _article_json(article: Article) -> str:
    record = {
        "url": article.url,
        "headline": article.headline,
        "published_at": article.published_at,
        "published_local": article.published_local,
        "published_precision": article.published_precision,
        "modified_at": article.modified_at,
        "modified_local": article.modified_local,
        "modified_precision": article.modified_precision,
        "author": article.author,
        "language": article.language,
        "original_source": article.original_source,
        "original_url": article.original_url,
        "canonical_url": article.canonical_url,
        "extraction_method": article.extraction_method,
        "methods": article.methods,
        "problems": article.problems,
        "skip_reason": article.skip_reason,
        "body": article.body,
    }
    return json.dumps(record, ensure_ascii=False, indent=2)


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
    click.echo(_article_json(extract_article(html, url, source)))


@cli.command()
@config_option
@db_option
@click.option("--source", "source_id", help="Only this source's articles.")
@click.option(
    "--since",
    type=SINCE,
    help="Only articles published (or fetched) since: 2026-11-01, 2026-11-01T08:00, 7d, 12h.",
)
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
