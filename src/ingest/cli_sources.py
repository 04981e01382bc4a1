"""``ingest sources``: check, list, add, import and export, verify and test sources."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import click

from ingest.errors import ConfigError

if TYPE_CHECKING:
    pass

from ingest.cli_common import (
    CannotRun,
    article_json,
    config_option,
    db_option,
    format_option,
    open_config,
    open_store,
    write_or_print,
)


@click.group()
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
@format_option("A table, one JSON array, or JSON lines.")
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
    from ingest.discover.autodiscover import probe_site
    from ingest.fetch import Fetcher
    from ingest.sourceyaml import render_source_yaml

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
    from ingest.opml import MAX_OPML_BYTES, import_opml
    from ingest.sourceyaml import render_proposed_yaml

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
            click.echo(article_json(outcome.article))
    failed = sum(not o.passed for o in outcomes)
    click.echo(f"{len(outcomes) - failed} passed, {failed} failed")
    if not outcomes:
        click.echo("no source has tests: add a 'tests:' entry (see docs/sources.md)", err=True)
    sys.exit(1 if failed else 0)
