"""What every ``ingest`` command shares: exit codes, options, opening the config and the
database, ``--since``, and turning library errors into one-line messages (exit 2)."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

import click

from ingest.config import DEFAULT_CONFIG_PATH, load_config
from ingest.errors import ConfigError, IngestError
from ingest.models import Article, Config
from ingest.store import DEFAULT_DB_PATH, Store

if TYPE_CHECKING:
    pass


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
        help=(
            "The SQLite database, or a postgresql:// URL (or $INGEST_DB); ingest fetch"
            " creates it on first use."
        ),
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
SINCE_HELP = "Only articles published (or fetched) since: 2026-11-01, 2026-11-01T08:00, 7d, 12h."


def since_option(func: F) -> F:
    """``--since DATE|DURATION`` as a UTC ``...Z`` bound (``Since``)."""
    return click.option("--since", type=SINCE, help=SINCE_HELP)(func)


def format_option(help_text: str) -> Callable[[F], F]:
    """``--format table|json|jsonl``, table by default."""

    def decorate(func: F) -> F:
        return click.option(
            "--format",
            "fmt",
            type=click.Choice(["table", "json", "jsonl"]),
            default="table",
            show_default=True,
            help=help_text,
        )(func)

    return decorate


def check_stored_sources(store: Store, source_ids: tuple[str, ...]) -> None:
    """Stop with exit 2 when a --source is neither configured nor in the database."""
    unknown = [sid for sid in source_ids if not store.has_source(sid)]
    if unknown:
        store.close()
        raise CannotRun(
            f"unknown source id: {', '.join(unknown)}; see 'ingest sources list' for the ids"
        )


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


def article_json(article: Article) -> str:
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
