"""The reading room's stories: a Tripoli day's stories, one story's copies, one article.

Plain ``sqlite3`` over the tables of docs/schema.md, typed rows out; the Datasette plugin
runs these in its read-only connections under its SQL time limit.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ingest.serve.display import (
    TextDiff,
    diff_paragraphs,
    seconds_between,
    tripoli_day_bounds,
)
from ingest.text import normalize_search

# The columns every listed article carries; ``outlet`` is the configured name.
COPY_COLUMNS = """
    a.id, a.source, COALESCE(src.name, a.source) AS outlet, a.headline, a.url,
    a.published_at, a.published_local, a.published_precision, a.language,
    a.original_source, a.original_source_id, a.story_id
"""
COPY_JOIN = "LEFT JOIN sources src ON src.id = a.source"
# Oldest first; undated articles after dated ones, by when ingest stored them.
FIRST_PUBLISHED = "a.published_at IS NULL, COALESCE(a.published_at, a.fetched_at), a.id"


def rows(conn: sqlite3.Connection, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
    """All rows of a query as dicts keyed by column name."""
    cursor = conn.execute(sql, params)
    names = [column[0] for column in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


@dataclass(frozen=True)
class Copy:
    """One outlet's article, as lists of articles show it."""

    id: int
    source: str
    outlet: str
    headline: str | None
    url: str
    published_at: str | None
    published_local: str | None
    published_precision: str | None
    language: str | None
    original_source: str | None
    original_source_id: str | None
    story_id: int | None

    @classmethod
    def of(cls, row: dict[str, Any]) -> Copy:
        """Build from a row holding ``COPY_COLUMNS``."""
        return cls(**{name: row[name] for name in cls.__dataclass_fields__})


@dataclass(frozen=True)
class StoryLine:
    """One story of a day: its headline, who carried it, who was first and when."""

    story_id: int | None  # None for an article that is in no story
    headline: str | None
    first: Copy
    outlets: tuple[str, ...]  # outlet names, the first publisher first, no repeats
    articles: int


@dataclass(frozen=True)
class Day:
    """The stories of one Tripoli day, newest first, and the days around it."""

    day: str
    is_today: bool
    stories: list[StoryLine]
    previous: str | None  # the latest earlier day with articles
    following: str | None  # the earliest later day with articles


def latest_day(conn: sqlite3.Connection) -> str | None:
    """The Tripoli day of the newest dated article."""
    found = conn.execute("SELECT date(max(published_at), '+2 hours') FROM articles").fetchone()
    return str(found[0]) if found and found[0] else None


def _neighbour_days(conn: sqlite3.Connection, day: str) -> tuple[str | None, str | None]:
    """The nearest days before and after ``day`` that have articles (indexed lookups)."""
    start, end = tripoli_day_bounds(day)
    before = conn.execute(
        "SELECT date(max(published_at), '+2 hours') FROM articles WHERE published_at < ?",
        (start,),
    ).fetchone()[0]
    after = conn.execute(
        "SELECT date(min(published_at), '+2 hours') FROM articles WHERE published_at >= ?",
        (end,),
    ).fetchone()[0]
    return before, after


def day_stories(conn: sqlite3.Connection, day: str | None, today: str) -> Day:
    """The stories with an article published on ``day`` (Tripoli time).

    With no ``day``: today, or the latest day with articles when today has none yet.
    """
    if day is None:
        start, end = tripoli_day_bounds(today)
        has_today = conn.execute(
            "SELECT 1 FROM articles WHERE published_at >= ? AND published_at < ? LIMIT 1",
            (start, end),
        ).fetchone()
        day = today if has_today else (latest_day(conn) or today)
    start, end = tripoli_day_bounds(day)
    found = rows(
        conn,
        f"""
        WITH day AS (
            SELECT id, story_id FROM articles WHERE published_at >= ? AND published_at < ?
        )
        SELECT {COPY_COLUMNS}, s.headline AS story_headline
        FROM articles a {COPY_JOIN} LEFT JOIN stories s ON s.id = a.story_id
        WHERE a.story_id IN (SELECT story_id FROM day)
           OR a.id IN (SELECT id FROM day WHERE story_id IS NULL)
        ORDER BY {FIRST_PUBLISHED}
        """,
        (start, end),
    )
    groups: dict[int, list[dict[str, Any]]] = {}
    for row in found:
        groups.setdefault(row["story_id"] or -row["id"], []).append(row)
    stories = [
        StoryLine(
            story_id=members[0]["story_id"],
            headline=members[0]["story_headline"] or members[0]["headline"],
            first=Copy.of(members[0]),
            outlets=tuple(dict.fromkeys(row["outlet"] for row in members)),
            articles=len(members),
        )
        for members in groups.values()
    ]
    stories.sort(key=lambda line: line.first.published_at or "", reverse=True)
    previous, following = _neighbour_days(conn, day)
    return Day(day, day == today, stories, previous, following)


@dataclass(frozen=True)
class StoryCopy:
    """One copy of a story with its delay after the first and how its text differs."""

    article: Copy
    delay_secs: float | None  # after the story's first publication; None if undated
    is_first: bool
    is_base: bool  # the article the other copies' texts are compared with
    diff: TextDiff | None  # None for the base
    headline_changed: bool


@dataclass(frozen=True)
class Story:
    """A story and every copy of it, first published first."""

    id: int
    headline: str | None
    first_seen: str | None
    last_seen: str | None
    outlet_count: int
    copies: list[StoryCopy]

    @property
    def base(self) -> StoryCopy | None:
        """The copy the others are compared with: the earliest original."""
        return next((copy for copy in self.copies if copy.is_base), None)


def story(conn: sqlite3.Connection, story_id: int) -> Story | None:
    """One story with all its copies; None when there is no such story."""
    head = rows(conn, "SELECT * FROM stories WHERE id = ?", (story_id,))
    if not head:
        return None
    found = rows(
        conn,
        f"SELECT {COPY_COLUMNS}, a.body FROM articles a {COPY_JOIN}"
        f" WHERE a.story_id = ? ORDER BY {FIRST_PUBLISHED}",
        (story_id,),
    )
    info = head[0]
    if not found:
        return Story(story_id, info["headline"], info["first_seen"], info["last_seen"], 0, [])
    base = next((row for row in found if row["id"] == info["representative_id"]), found[0])
    first_at = found[0]["published_at"]
    copies = [
        StoryCopy(
            article=Copy.of(row),
            delay_secs=seconds_between(first_at, row["published_at"]),
            is_first=index == 0,
            is_base=row is base,
            diff=None if row is base else diff_paragraphs(base["body"], row["body"]),
            headline_changed=normalize_search(row["headline"] or "")
            != normalize_search(base["headline"] or ""),
        )
        for index, row in enumerate(found)
    ]
    outlets = len({row["source"] for row in found})
    return Story(story_id, info["headline"], info["first_seen"], info["last_seen"], outlets, copies)


@dataclass(frozen=True)
class Article:
    """One article as published, with its provenance."""

    copy: Copy
    body: str | None
    author: str | None
    modified_local: str | None
    modified_precision: str | None
    original_url: str | None
    original_outlet: str | None  # the configured name of ``original_source_id``
    fetched_at: str | None
    updated_at: str | None
    extraction_method: str | None
    date_method: str | None
    discovered_via: str | None
    word_count: int | None
    problems: str | None
    story_articles: int
    story_outlets: int
    versions: int  # earlier texts kept in article_versions

    @property
    def methods(self) -> list[tuple[str, str]]:
        """``extraction_method`` as (field, method) pairs."""
        pairs = (part.partition(":") for part in (self.extraction_method or "").split())
        return [(field, method) for field, _, method in pairs]


def article(conn: sqlite3.Connection, article_id: int) -> Article | None:
    """One article and its provenance; None when there is no such article."""
    found = rows(
        conn,
        f"""
        SELECT {COPY_COLUMNS}, a.body, a.author, a.modified_local, a.modified_precision,
               a.original_url, orig.name AS original_outlet, a.fetched_at, a.updated_at,
               a.extraction_method, a.date_method, a.discovered_via, a.word_count,
               a.problems,
               (SELECT count(*) FROM articles m WHERE m.story_id = a.story_id)
                   AS story_articles,
               (SELECT count(DISTINCT m.source) FROM articles m WHERE m.story_id = a.story_id)
                   AS story_outlets,
               (SELECT count(*) FROM article_versions v WHERE v.article_id = a.id) AS versions
        FROM articles a {COPY_JOIN} LEFT JOIN sources orig ON orig.id = a.original_source_id
        WHERE a.id = ?
        """,
        (article_id,),
    )
    if not found:
        return None
    row = found[0]
    extra = {name: row[name] for name in Article.__dataclass_fields__ if name != "copy"}
    return Article(copy=Copy.of(row), **extra)
