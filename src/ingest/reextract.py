"""``ingest reextract``: run extraction again on stored pages after a rule changes.

The fetched HTML is kept compressed in ``pages`` (for ``keep_html``), so a fixed rule can
repair old records without fetching a single page again. The article keeps its id, URL
and story; its fields, search row and duplicate signature are replaced.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

from ingest import dedup
from ingest.clock import iso, utc_now
from ingest.extract import extract_article
from ingest.encoding import decode_html
from ingest.models import Article, Config
from ingest.store import Store, decompress_html
from ingest.writer import index_search

BATCH = 200


def reextract(
    store: Store,
    config: Config,
    *,
    source: str | None = None,
    since: str | None = None,
    progress: Callable[[str], None] | None = None,
) -> Counter[str]:
    """Re-extract stored pages; return counts of changed, unchanged, no page, ..."""
    counts: Counter[str] = Counter()
    sql = (
        "SELECT a.id, a.source, p.url, p.html, p.content_type FROM articles a"
        " JOIN pages p ON p.article_id = a.id WHERE a.id > ?"
    )
    params: list[object] = []
    if source:
        sql += " AND a.source = ?"
        params.append(source)
    if since:
        sql += " AND COALESCE(a.published_at, a.fetched_at) >= ?"
        params.append(since)
    sql += " ORDER BY a.id LIMIT ?"
    last_id = 0
    while True:
        rows = store.conn.execute(sql, [last_id, *params, BATCH]).fetchall()
        if not rows:
            break
        for article_id, source_id, url, blob, content_type in rows:
            last_id = article_id
            src = config.source(source_id)
            if src is None:
                counts["source no longer configured"] += 1
                continue
            page_text, _ = decode_html(decompress_html(blob), content_type)
            article = extract_article(page_text, url, src)
            if article.skip_reason:
                counts["no article now (kept as it was)"] += 1
                continue
            changed = _apply(store, article_id, article)
            counts["changed" if changed else "unchanged"] += 1
            if progress and changed:
                progress(f"{source_id}: {article.headline}")
    counts["without stored page"] = int(
        store.scalar(
            "SELECT count(*) FROM articles a WHERE NOT EXISTS"
            " (SELECT 1 FROM pages p WHERE p.article_id = a.id)"
            + (" AND a.source = ?" if source else ""),
            [source] if source else [],
        )
    )
    return counts


FIELDS = (
    "headline",
    "body",
    "published_at",
    "modified_at",
    "author",
    "language",
    "original_source",
    "original_url",
    "extraction_method",
    "date_method",
)


def _apply(store: Store, article_id: int, article: Article) -> bool:
    """Write re-extracted fields when they differ; True when something changed."""
    values = {name: getattr(article, name) for name in FIELDS}
    problems = "; ".join(article.problems) or None
    old = store.conn.execute(
        f"SELECT {', '.join(FIELDS)}, problems FROM articles WHERE id = ?", (article_id,)
    ).fetchone()
    if (*values.values(), problems) == tuple(old):
        return False
    body = values["body"] or ""
    sig = dedup.signature(body, values["headline"]) if body else None
    with store.transaction() as conn:
        assignments = ", ".join(f"{name} = ?" for name in values)
        conn.execute(
            f"UPDATE articles SET {assignments}, problems = ?, updated_at = ?, content_hash = ?,"
            " minhash = ?, word_count = ? WHERE id = ?",
            (
                *values.values(),
                problems,
                iso(utc_now()),
                dedup.content_hash(body) if body else None,
                sig.minhash if sig else None,
                len(body.split()),
                article_id,
            ),
        )
        dedup.unindex_article(conn, article_id)
        if sig is not None:
            dedup.index_article(conn, article_id, sig)
        conn.execute("DELETE FROM articles_fts WHERE rowid = ?", (article_id,))
        index_search(conn, article_id, values["headline"], values["body"])
    return True
