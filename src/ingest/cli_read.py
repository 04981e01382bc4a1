"""The commands that change nothing: ``ingest status``, ``search``, ``export`` and ``serve``
read the database, ``ingest extract`` reads one page."""

from __future__ import annotations

import asyncio
import shutil
import sys
from pathlib import Path
from urllib.parse import urlsplit

import click

from ingest.cli_common import (
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
from ingest.errors import IngestError
from ingest.terms import QUERY_SYNTAX


@click.command()
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


@click.command(epilog=QUERY_SYNTAX, context_settings={"ignore_unknown_options": True})
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


@click.command()
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


@click.command()
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


@click.command()
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
