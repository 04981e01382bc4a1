"""``ingest reextract``: run extraction again on stored pages after a rule changes.

The fetched HTML is kept compressed in ``pages`` (for ``keep_html``), so a fixed rule can
repair old records without fetching a single page again. The article keeps its id, URL
and story; its fields, search row and duplicate signature are replaced. Extraction runs
as of the page's fetch time (relative dates such as "منذ ساعتين" count from then), and
fields only the feed gave (an RSS item's date) are given to it again, so running it without
a rule change changes nothing.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

from ingest.clock import iso, parse_iso, utc_now
from ingest.encoding import decode_html
from ingest.extract import extract_article
from ingest.models import RECORD_FIELDS, Article, Candidate, Config
from ingest.store import Store, decompress_html
from ingest.writer import replace_text

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
        "SELECT a.id, a.source, p.url, p.html, p.content_type, p.fetched_at,"
        f" a.extraction_method, {', '.join('a.' + name for name in FEED_FIELDS.values())}"
        " FROM articles a JOIN pages p ON p.article_id = a.id WHERE a.id > ?"
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
        for article_id, source_id, url, blob, content_type, fetched_at, methods, *stored in rows:
            last_id = article_id
            src = config.source(source_id)
            if src is None:
                counts["source no longer configured"] += 1
                continue
            page_text, _ = decode_html(decompress_html(blob), content_type)
            # The page as it was fetched: relative dates ("منذ ساعتين") count from then, and
            # what only the feed said (an RSS item's date) is not lost.
            article = extract_article(
                page_text,
                url,
                src,
                candidate=_feed_values(source_id, url, methods, stored),
                now=parse_iso(fetched_at) if fetched_at else None,
            )
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


FIELDS = (*RECORD_FIELDS, "extraction_method", "date_method")
# Candidate attribute -> article column, for the fields a feed or sitemap can give.
FEED_FIELDS = {
    "title": "headline",
    "published_at": "published_at",
    "modified_at": "modified_at",
    "author": "author",
    "language": "language",
}


def _feed_values(
    source_id: str, url: str, methods: str | None, stored: list[object]
) -> Candidate | None:
    """The stored values that came from the feed (method ``feed``), as a Candidate."""
    from_feed = {
        pair.split(":", 1)[0] for pair in (methods or "").split() if pair.endswith(":feed")
    }
    values = {
        attr: str(value)
        for (attr, column), value in zip(FEED_FIELDS.items(), stored, strict=True)
        if column in from_feed and value is not None
    }
    if not values:
        return None
    return Candidate(source=source_id, url=url, method="feed", found_on="stored record", **values)


def _apply(store: Store, article_id: int, article: Article) -> bool:
    """Write re-extracted fields when they differ; True when something changed."""
    values = tuple(getattr(article, name) for name in FIELDS)
    problems = "; ".join(article.problems) or None
    old = store.conn.execute(
        f"SELECT {', '.join(FIELDS)}, problems FROM articles WHERE id = ?", (article_id,)
    ).fetchone()
    if (*values, problems) == tuple(old):
        return False
    with store.transaction() as conn:
        replace_text(conn, article_id, article, iso(utc_now()))
    return True
