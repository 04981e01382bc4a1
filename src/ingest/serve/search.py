"""The reading room's search: ``ingest search``'s query language, one result per story,
with facets by outlet, language, original outlet and Tripoli day.

The MATCH expression is ``terms.match_expression`` (a plain word finds its clitic forms,
vocalised and plain spellings match) and the ranking is ``Store.search``'s (bm25 with the
same column weights, the best copy of each story first); the SQL is its own because the
facets filter articles before they are grouped into stories.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass, replace
from html import escape

from ingest import terms
from ingest.serve.display import is_day, tripoli_day_bounds
from ingest.serve.stories import COPY_COLUMNS, COPY_JOIN, Copy, rows
from ingest.store.search import SEARCH_WEIGHTS

RESULTS_LIMIT = 50
SNIPPET_WORDS = 30
FACET_VALUES_LIMIT = 12
# Marks around matched words in snippets: control characters no article holds, so that
# the text can be escaped for HTML and the marks made <mark> afterwards.
MARKS = ("\x02", "\x03")


@dataclass(frozen=True)
class Filters:
    """Facet values a search is narrowed to (None: any)."""

    source: str | None = None
    language: str | None = None
    original: str | None = None  # original_source_id
    day: str | None = None  # a Tripoli day, YYYY-MM-DD

    @classmethod
    def of(cls, args: Mapping[str, str]) -> Filters:
        """Read the filters from request arguments; a malformed day is ignored."""
        day = args.get("day") or None
        return cls(
            source=args.get("source") or None,
            language=args.get("language") or None,
            original=args.get("original") or None,
            day=day if is_day(day) else None,
        )

    def without(self, name: str) -> Filters:
        """The same filters without one of them."""
        return replace(self, **{name: None})

    def with_value(self, name: str, value: str) -> Filters:
        """The same filters with one set."""
        return replace(self, **{name: value})

    def as_args(self) -> dict[str, str]:
        """The filters that are set, as request arguments."""
        return {name: value for name, value in vars(self).items() if value is not None}

    def sql(self) -> tuple[str, list[str]]:
        """SQL conditions on ``a`` (each starting with AND) and their parameters."""
        sql, params = "", list[str]()
        columns = (
            ("a.source", self.source),
            ("a.language", self.language),
            ("a.original_source_id", self.original),
        )
        for column, value in columns:
            if value is not None:
                sql += f" AND {column} = ?"
                params.append(value)
        if self.day is not None:
            start, end = tripoli_day_bounds(self.day)
            sql += " AND a.published_at >= ? AND a.published_at < ?"
            params += [start, end]
        return sql, params


@dataclass(frozen=True)
class Hit:
    """A story's best-matching article, with a marked snippet and its matching copies."""

    copy: Copy
    snippet: str  # words of the body around the matches, matches between MARKS
    copies: int  # matching articles of the story, this one included
    copy_outlets: tuple[str, ...]  # their outlets' names, best match first


@dataclass(frozen=True)
class FacetValue:
    """One value of a facet and how many matching articles have it."""

    value: str
    label: str
    count: int


@dataclass(frozen=True)
class Facet:
    """Counts of matching articles by one column."""

    name: str  # the Filters field and request argument
    title: str
    values: list[FacetValue]


@dataclass(frozen=True)
class Results:
    """What a search found, or why it could not run."""

    query: str
    filters: Filters
    hits: list[Hit]
    stories: int
    articles: int
    facets: list[Facet]
    problem: str | None = None


def search(
    conn: sqlite3.Connection, query: str, filters: Filters, *, limit: int = RESULTS_LIMIT
) -> Results:
    """Search headlines and bodies as ``ingest search`` does (``Store.search``): one hit per
    story, shown by its original when the original matched, ranked by its best copy."""
    parsed = terms.parse_query(query)
    match = terms.match_expression(query)
    if parsed.problem or not match:
        return Results(query, filters, [], 0, 0, [], parsed.problem or terms.NO_WORDS)
    where, params = filters.sql()
    hits_sql = f"""
        SELECT {COPY_COLUMNS}, a.body, COALESCE(a.story_id, -a.id) AS grp,
               bm25(articles_fts, {SEARCH_WEIGHTS}) AS score
        FROM articles_fts JOIN articles a ON a.id = articles_fts.rowid {COPY_JOIN}
        WHERE articles_fts MATCH ? {where}
    """
    found = rows(
        conn,
        f"""
        WITH hits AS ({hits_sql}), ranked AS (
            SELECT *, row_number() OVER story AS n,
                   count(*) OVER (PARTITION BY grp) AS copies,
                   min(score) OVER (PARTITION BY grp) AS best,
                   group_concat(outlet, char(10)) OVER (story
                       ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) AS outlets
            FROM hits
            WINDOW story AS (PARTITION BY grp ORDER BY original_source IS NOT NULL, score, id)
        )
        SELECT * FROM ranked WHERE n = 1 ORDER BY best, id LIMIT ?
        """,
        [match, *params, limit],
    )
    hits = [
        Hit(
            copy=Copy.of(row),
            snippet=terms.mark_snippet(
                row["body"] or "", query, max_words=SNIPPET_WORDS, marks=MARKS
            ),
            copies=int(row["copies"]),
            copy_outlets=tuple(dict.fromkeys(str(row["outlets"] or "").split("\n"))),
        )
        for row in found
    ]
    stories, articles, facets = _facets(conn, match, filters)
    return Results(query, filters, hits, stories, articles, facets)


def _facets(conn: sqlite3.Connection, match: str, filters: Filters) -> tuple[int, int, list[Facet]]:
    """Matching stories and articles, and the facets' counts (one query)."""
    where, params = filters.sql()
    found = rows(
        conn,
        f"""
        WITH hits AS (
            SELECT a.id, COALESCE(a.story_id, -a.id) AS grp, a.source,
                   COALESCE(src.name, a.source) AS outlet, a.language, a.original_source_id,
                   COALESCE(orig.name, a.original_source_id) AS original_outlet,
                   date(a.published_at, '+2 hours') AS day
            FROM articles_fts JOIN articles a ON a.id = articles_fts.rowid {COPY_JOIN}
            LEFT JOIN sources orig ON orig.id = a.original_source_id
            WHERE articles_fts MATCH ? {where}
        )
        SELECT 'total' AS facet, count(DISTINCT grp) AS value, NULL AS label, count(*) AS n
            FROM hits
        UNION ALL SELECT 'source', source, outlet, count(*) FROM hits GROUP BY source
        UNION ALL SELECT 'language', language, language, count(*) FROM hits
            WHERE language IS NOT NULL GROUP BY language
        UNION ALL SELECT 'original', original_source_id, original_outlet, count(*) FROM hits
            WHERE original_source_id IS NOT NULL GROUP BY original_source_id
        UNION ALL SELECT 'day', day, day, count(*) FROM hits
            WHERE day IS NOT NULL GROUP BY day
        """,
        [match, *params],
    )
    total = next(row for row in found if row["facet"] == "total")
    titles = {
        "source": "Outlet",
        "language": "Language",
        "original": "Original outlet",
        "day": "Day (Tripoli)",
    }
    facets = []
    for name, title in titles.items():
        values = [
            FacetValue(str(row["value"]), str(row["label"]), int(row["n"]))
            for row in found
            if row["facet"] == name
        ]
        if name == "day":
            values.sort(key=lambda v: v.value, reverse=True)
        else:
            values.sort(key=lambda v: (-v.count, v.label))
        facets.append(Facet(name, title, values[:FACET_VALUES_LIMIT]))
    return int(total["value"]), int(total["n"]), facets


def marked_html(snippet: str) -> str:
    """A snippet with its MARKS as ``<mark>``, everything else escaped for HTML."""
    return escape(snippet).replace(MARKS[0], "<mark>").replace(MARKS[1], "</mark>")
