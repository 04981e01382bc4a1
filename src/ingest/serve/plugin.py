"""The reading room as a Datasette plugin: its pages, its search, and read-only connections.

Hooks (https://docs.datasette.io/en/0.65.2/plugin_hooks.html), each acting only on the
database named in the ``ingest-reading-room`` plugin configuration:

- ``register_routes``: the pages ``/`` (a Tripoli day's stories), ``/story/ID``,
  ``/article/ID``, ``/search`` and ``/sources``;
- ``asgi_wrapper``: every request other than GET and HEAD is answered 405 (Datasette 0.65
  has a POST handler on every table page, for write canned queries; there are none here);
- ``prepare_connection``: ``PRAGMA query_only`` (no statement can write, whatever a future
  Datasette or plugin offers), and ``escape_fts`` replaced by ``terms.match_expression``,
  so that Datasette's own search box on ``articles`` (which calls ``escape_fts(:search)``)
  understands Arabic as ``ingest search`` does; ``trylast`` so that it replaces
  Datasette's own function, registered by its ``sql_functions`` plugin;
- ``prepare_jinja2_environment``: the filters the templates use (``bidi`` gives each
  element the direction and language of its own text);
- ``extra_css_urls``: the reading room's stylesheet, on Datasette's pages too (table cells
  take the direction of their own text).

A missing story or article is answered with a 404 page rather than Datasette's
``NotFound``: with rich installed, Datasette prints every exception it handles, locals
included, to the console.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import Any, TypeVar, cast

from datasette import hookimpl as datasette_hookimpl  # type: ignore[import-untyped]
from datasette.utils import sqlite_timelimit  # type: ignore[import-untyped]
from datasette.utils.asgi import Response  # type: ignore[import-untyped]
from markupsafe import Markup

from ingest import terms
from ingest.serve import display, outlets, stories
from ingest.serve.metadata import PLUGIN
from ingest.serve.search import Filters, marked_html, search

STATIC_MOUNT = "-/reading-room"  # URL path of the package's static/ folder
NOTHING = '""'  # an FTS5 expression that matches no row, for a query with no words
T = TypeVar("T")
F = TypeVar("F", bound=Callable[..., Any])


def hookimpl(function: F) -> F:
    """Mark a Datasette hook implementation (pluggy's marker, typed)."""
    return cast(F, datasette_hookimpl(function))


def hookimpl_last(function: F) -> F:
    """Mark a hook implementation that runs after every other plugin's."""
    return cast(F, datasette_hookimpl(trylast=True)(function))


class TooSlow(Exception):
    """A page's query ran past the SQL time limit."""


def served_database(datasette: Any, database: str | None = None) -> str | None:
    """The name of the ingest database this Datasette serves (``database`` must be it)."""
    config = datasette.plugin_config(PLUGIN) or {}
    name = config.get("database")
    if not isinstance(name, str) or (database is not None and database != name):
        return None
    return name


def fts_expression(query: str | None) -> str:
    """``escape_fts`` for the ingest database: the MATCH expression ``ingest search`` uses."""
    return terms.match_expression(query or "") or NOTHING


READ_METHODS = ("GET", "HEAD")
READ_ONLY_ANSWER = b"The reading room is read-only: it answers GET and HEAD requests only.\n"


def read_only(app: Any) -> Any:
    """Wrap an ASGI app so that it answers 405 to anything but GET and HEAD."""

    async def guarded(scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] == "http" and scope["method"] not in READ_METHODS:
            headers = [(b"allow", b"GET, HEAD"), (b"content-type", b"text/plain; charset=utf-8")]
            await send({"type": "http.response.start", "status": 405, "headers": headers})
            await send({"type": "http.response.body", "body": READ_ONLY_ANSWER})
            return
        await app(scope, receive, send)

    return guarded


@hookimpl
def asgi_wrapper(datasette: Any) -> Callable[[Any], Any]:
    if served_database(datasette) is None:
        return lambda app: app
    return read_only


@hookimpl_last
def prepare_connection(conn: sqlite3.Connection, database: str, datasette: Any) -> None:
    if served_database(datasette, database) is None:
        return
    conn.execute("PRAGMA query_only = 1")
    conn.create_function("escape_fts", 1, fts_expression, deterministic=True)


def bidi(text: str | None, declared: str | None = None) -> Markup:
    """` dir="rtl" lang="ar"` (or ltr and the declared language) for an element's text."""
    return Markup(' dir="{}" lang="{}"').format(
        display.direction(text), display.language_of(text, declared)
    )


def paragraph_html(text: str) -> Markup:
    """One paragraph as ``<p>`` with its own direction."""
    return Markup("<p{}>{}</p>").format(bidi(text), text)


@hookimpl
def prepare_jinja2_environment(env: Any, datasette: Any) -> None:
    if served_database(datasette) is None:
        return
    env.filters.update(
        bidi=bidi,
        local_time=display.local_time,
        tripoli_time=display.tripoli_time,
        duration=display.duration,
        relative=display.relative,
        due=display.due,
        marked=lambda snippet: Markup(marked_html(snippet)),
        paragraphs=lambda body: Markup("\n").join(map(paragraph_html, display.paragraphs(body))),
    )


@hookimpl
def extra_css_urls(datasette: Any) -> list[str]:
    if served_database(datasette) is None:
        return []
    return [f"/{STATIC_MOUNT}/reading-room.css"]


async def _run(datasette: Any, query: Callable[..., T], *args: Any) -> T:
    """Run a query function in Datasette's read-only connection, under its time limit."""
    db = datasette.get_database(served_database(datasette))
    limit_ms = datasette.setting("sql_time_limit_ms")

    def call(conn: sqlite3.Connection) -> T:
        with sqlite_timelimit(conn, limit_ms):
            return query(conn, *args)

    try:
        result: T = await db.execute_fn(call)
    except sqlite3.OperationalError as exc:
        if "interrupted" in str(exc):
            raise TooSlow(f"the page's query took longer than {limit_ms} ms") from exc
        raise
    return result


async def _page(
    datasette: Any, request: Any, template: str, context: dict[str, Any], status: int = 200
) -> Response:
    """Render one of the reading room's templates."""
    context = {"database": served_database(datasette), "query": "", **context}
    html = await datasette.render_template(template, context, request=request)
    return Response.html(html, status=status)


async def _guarded(datasette: Any, request: Any, build: Callable[[], Any]) -> Response:
    """A page, or a page saying the database took too long."""
    try:
        response: Response = await build()
    except TooSlow as exc:
        context = {"title": "Too slow", "problem": f"{exc}; try a narrower search or another day"}
        return await _page(datasette, request, "ingest_error.html", context, 503)
    return response


async def _missing(datasette: Any, request: Any, what: str) -> Response:
    """A 404 page for a story or article that is not in the database."""
    context = {"title": "Not found", "problem": f"There is no such {what} in this database"}
    return await _page(datasette, request, "ingest_error.html", context, 404)


def _day_arg(request: Any) -> str | None:
    """The ``?day=YYYY-MM-DD`` of a request, if valid."""
    day = request.args.get("day")
    return str(day) if display.is_day(day) else None


async def home(datasette: Any, request: Any) -> Response:
    async def build() -> Response:
        today, asked = display.tripoli_today(), _day_arg(request)
        day = await _run(datasette, stories.day_stories, asked, today)
        context = {"day": day, "today": today, "asked": asked}
        return await _page(datasette, request, "ingest_home.html", context)

    return await _guarded(datasette, request, build)


async def story_page(datasette: Any, request: Any) -> Response:
    async def build() -> Response:
        found = await _run(datasette, stories.story, int(request.url_vars["story_id"]))
        if found is None:
            return await _missing(datasette, request, "story")
        return await _page(datasette, request, "ingest_story.html", {"story": found})

    return await _guarded(datasette, request, build)


async def article_page(datasette: Any, request: Any) -> Response:
    async def build() -> Response:
        found = await _run(datasette, stories.article, int(request.url_vars["article_id"]))
        if found is None:
            return await _missing(datasette, request, "article")
        return await _page(datasette, request, "ingest_article.html", {"article": found})

    return await _guarded(datasette, request, build)


async def search_page(datasette: Any, request: Any) -> Response:
    async def build() -> Response:
        query = (request.args.get("q") or "").strip()
        filters = Filters.of(request.args)
        results = await _run(datasette, search, query, filters) if query else None
        context = {"query": query, "filters": filters, "results": results}
        return await _page(datasette, request, "ingest_search.html", context)

    return await _guarded(datasette, request, build)


async def sources_page(datasette: Any, request: Any) -> Response:
    async def build() -> Response:
        today = display.tripoli_today()
        found = await _run(datasette, outlets.outlets, today)
        context = {"outlets": found, "days": outlets.week(today)}
        return await _page(datasette, request, "ingest_sources.html", context)

    return await _guarded(datasette, request, build)


@hookimpl
def register_routes(datasette: Any) -> list[tuple[str, Callable[..., Any]]]:
    if served_database(datasette) is None:
        return []
    return [
        (r"^/$", home),
        (r"^/story/(?P<story_id>[0-9]{1,18})$", story_page),
        (r"^/article/(?P<article_id>[0-9]{1,18})$", article_page),
        (r"^/search$", search_page),
        (r"^/sources$", sources_page),
    ]
