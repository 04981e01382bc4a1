"""Search: a user's query against ``articles_fts``, one line per story, on both engines.

``terms.parse_query`` reads what the user typed once. On SQLite it becomes an FTS5
expression (``terms.match_expression``) ranked by bm25; on PostgreSQL the same terms
become ``tsquery`` values over the two generated vectors of ``articles_fts``
(``pgschema.py``): a word is any of its stems in ``stems_doc``, a prefix any stem or word
starting with it, a phrase its words in a row in ``exact_doc``. Ranking there is
``ts_rank`` with the headline weighted four times the body, as the bm25 weights are.
Everything after the match (one line per story, the original first, copies counted) is
one SQL text for both.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ingest import terms
from ingest.store.base import Base
from ingest.store.reading import filters
from ingest.text import normalize_search

# bm25 weights of articles_fts's columns: a word in the headline counts four times.
SEARCH_WEIGHTS = "4.0, 1.0, 4.0, 1.0"
# A body is indexed up to this length: the longest article of the benchmark pages is about
# 60,000 characters, and PostgreSQL refuses a tsvector over 1 MB (a page of endless text
# would stop the run there, not only that article).
MAX_INDEXED_CHARS = 200_000
# ts_rank's weights for labels D, C, B, A: body D, headline A, four to one as above.
TS_WEIGHTS = "{0.25, 0, 0, 1.0}"


@dataclass(frozen=True)
class SearchRow:
    """One article that matched a search, with how many copies of its story matched."""

    id: int
    source: str
    url: str
    headline: str | None
    published_at: str | None
    published_local: str | None
    story_id: int | None
    body: str | None
    copies: int  # matching articles of the same story, this one included
    copy_sources: tuple[str, ...]  # their outlets, in rank order, without repeats


def _lexeme(word: str) -> str:
    """One tsquery lexeme, quoted."""
    return "'" + word.replace("\\", "\\\\").replace("'", "''") + "'"


def _term_condition(term: terms.Term, params: list[object], ranked: list[str]) -> str:
    """SQL for one term over ``articles_fts``, its tsquery texts added to ``params``."""
    if term.kind == "phrase":
        query = " <-> ".join(map(_lexeme, term.words))
        params.append(query)
        ranked.append(query)
        return "articles_fts.exact_doc @@ ?::tsquery"
    word = term.words[0]
    if term.kind == "prefix":
        stems = " | ".join(_lexeme(form) + ":*" for form in terms.prefix_forms(word))
        params += [stems, _lexeme(word) + ":*"]
        ranked.append(stems)
        return "(articles_fts.stems_doc @@ ?::tsquery OR articles_fts.exact_doc @@ ?::tsquery)"
    stems = " | ".join(map(_lexeme, sorted(terms.word_stems(word))))
    params.append(stems)
    ranked.append(stems)
    return "articles_fts.stems_doc @@ ?::tsquery"


def ts_condition(user_query: str) -> tuple[str, list[object], str]:
    """The WHERE condition, its parameters and the ranking tsquery text for PostgreSQL."""
    query = terms.parse_query(user_query)
    params: list[object] = []
    ranked: list[str] = []
    groups = [
        "(" + " OR ".join(_term_condition(term, params, ranked) for term in group) + ")"
        for group in query.groups
    ]
    unranked: list[str] = []
    excluded = [f"NOT {_term_condition(term, params, unranked)}" for term in query.excluded]
    return " AND ".join(groups + excluded), params, " | ".join(f"({q})" for q in ranked)


def search_row(headline: str | None, body: str | None) -> tuple[str, str, str, str]:
    """What ``articles_fts`` holds for an article: normalised text, then its words' stems
    (``terms.stem``; the text is normalised once for both). Only the first
    ``MAX_INDEXED_CHARS`` of a body are indexed."""
    from ingest.terms import stem

    head = normalize_search((headline or "")[:MAX_INDEXED_CHARS])
    text = normalize_search((body or "")[:MAX_INDEXED_CHARS])
    return (
        head,
        text,
        " ".join(map(stem, head.split())),
        " ".join(map(stem, text.split())),
    )


def index_search(conn: Any, article_id: int, headline: str | None, body: str | None) -> None:
    """Insert an article's search row (FTS5's unicode61 splits vocalised Arabic: the
    text is normalised first, design.md "Arabic")."""
    write_search_row(conn, article_id, search_row(headline, body))


def rebuild_search(conn: Any) -> None:
    """Fill ``articles_fts`` again from every article (inside the caller's transaction)."""
    from ingest.terms import STEMS_VERSION

    conn.execute("DELETE FROM articles_fts")
    rows = conn.execute("SELECT id, headline, body FROM articles ORDER BY id")
    while batch := rows.fetchmany(500):
        for article_id, headline, body in batch:
            index_search(conn, article_id, headline, body)
    conn.execute(
        "INSERT INTO _ingest_meta (key, value) VALUES ('stems_version', ?)"
        " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        (str(STEMS_VERSION),),
    )


def write_search_row(conn: Any, article_id: int, values: tuple[str, str, str, str]) -> None:
    """Insert ``values`` (as ``search_row`` makes them) as the article's row of
    ``articles_fts``, inside the caller's transaction."""
    conn.execute(
        "INSERT INTO articles_fts (rowid, headline, body, headline_stems, body_stems)"
        " VALUES (?, ?, ?, ?, ?)",
        (article_id, *values),
    )


class Search(Base):
    """``search``: the query language of ``ingest search`` and the reading room."""

    def search(
        self,
        query: str,
        *,
        limit: int = 20,
        sources: Sequence[str] = (),
        since: str | None = None,
        all_copies: bool = False,
    ) -> list[SearchRow]:
        """Articles matching what a user typed, best first; one per story unless asked.

        A story is shown by its original when the original matched (an aggregator's
        copy only when it alone did), ranked by its best-matching copy. A query with
        nothing to look for finds nothing.
        """
        where, params = filters(sources, since)
        if terms.parse_query(query).problem:  # nothing to look for (only exclusions)
            return []
        if self.dialect == "postgresql":
            condition, match_params, rank = ts_condition(query)
            if not condition:
                return []
            score = (
                f"-(ts_rank('{TS_WEIGHTS}', articles_fts.stems_doc, ?::tsquery)"
                f" + ts_rank('{TS_WEIGHTS}', articles_fts.exact_doc, ?::tsquery))"
            )
            match_sql, outlets = f"{condition}", "string_agg(source, ' ')"
            match_params = [rank, rank, *match_params]
        else:
            expression = terms.match_expression(query)
            if not expression:
                return []
            score, match_sql = f"bm25(articles_fts, {SEARCH_WEIGHTS})", "articles_fts MATCH ?"
            match_params, outlets = [expression], "group_concat(source, ' ')"
        group = "a.id" if all_copies else "COALESCE(a.story_id, -a.id)"
        sql = f"""
            WITH hits AS (
                SELECT a.id, a.source, a.url, a.headline, a.published_at, a.published_local,
                       a.story_id, a.body, {group} AS grp,
                       CASE WHEN a.original_source IS NULL THEN 0 ELSE 1 END AS copy,
                       {score} AS score
                FROM articles_fts JOIN articles a ON a.id = articles_fts.rowid
                WHERE {match_sql} {where}
            ), ranked AS (
                SELECT *, row_number() OVER story AS n,
                       count(*) OVER (PARTITION BY grp) AS copies,
                       min(score) OVER (PARTITION BY grp) AS best,
                       {outlets} OVER (story
                           ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) AS outlets
                FROM hits
                WINDOW story AS (PARTITION BY grp ORDER BY copy, score, id)
            )
            SELECT id, source, url, headline, published_at, published_local, story_id, body,
                   copies, outlets
            FROM ranked WHERE n = 1 ORDER BY best, id LIMIT ?
        """
        found = []
        for row in self.rows(sql, [*match_params, *params, limit]):
            names = tuple(dict.fromkeys(str(row[9] or "").split()))
            found.append(
                SearchRow(
                    id=int(row[0]),
                    source=row[1],
                    url=row[2],
                    headline=row[3],
                    published_at=row[4],
                    published_local=row[5],
                    story_id=row[6],
                    body=row[7],
                    copies=int(row[8]),
                    copy_sources=names,
                )
            )
        return found
