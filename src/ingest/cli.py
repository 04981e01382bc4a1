"""The ``ingest`` command: thin click commands over the library.

Exit codes (the contract cron relies on, also in README.md and docs/operations.md):

- 0: the run completed and no source failed that was healthy before it (or another run
  held the lock, and this one did nothing, saying so on stderr);
- 1: the run completed, but a source that was healthy failed (``--strict``: any failed);
- 2: the run could not start, or the database failed: bad arguments, an invalid config,
  an unusable database;
- 130, 143: stopped by SIGINT or SIGTERM, the run recorded as interrupted.

The commands are in modules of their own: ``cli_runs`` (fetch, backfill, reextract),
``cli_read`` (status, search, export, serve, extract), ``cli_sources`` (the ``sources``
group) and ``cli_scale`` (worker, migrate-db); what they share is in ``cli_common``.
"""

from __future__ import annotations

import os
import sys

import click

from ingest.cli_common import EXIT_CANNOT_RUN
from ingest.cli_read import export, extract, search, serve, status
from ingest.cli_runs import backfill, fetch, reextract
from ingest.cli_scale import migrate_db, worker
from ingest.cli_sources import sources


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="ingest")
def cli() -> None:
    """ingest: Libyan news from feeds and pages into one clean database (SQLite or PostgreSQL).

    Every command has --help (or -h) with an example. --db and --config default to
    data/ingest.db and config/sources.yaml, or $INGEST_DB and $INGEST_CONFIG.

    Example:

        ingest fetch && ingest search كهرباء --since 1d
    """


cli.add_command(fetch)
cli.add_command(status)
cli.add_command(search)
cli.add_command(export)
cli.add_command(backfill)
cli.add_command(serve)
cli.add_command(extract)
cli.add_command(reextract)
cli.add_command(sources)
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
