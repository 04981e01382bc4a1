"""Store one extracted article: identity, duplicates, story, versions, search — atomically.

The decision, in order (design.md, "dedup (content)"):

1. the same URL (or any alias of it) is already stored → the same article: if its text
   changed it is an edit, the old text goes to ``article_versions``;
2. the same outlet already has this exact text under another URL → an alias of that
   article (tracking parameters, AMP, a re-slugged URL);
3. otherwise a new article row; it joins the story of an exact or verified near-duplicate
   from any outlet (an aggregator's copy and its original), or starts a new story.

Everything happens in one transaction, so a crash leaves either all of it or none.
"""

from __future__ import annotations

import sqlite3

from ingest import dedup, text
from ingest.clock import iso, utc_now
from ingest.models import RECORD_FIELDS, Article, Candidate, Page, Settings, Source
from ingest.store import Store, compress_html
from ingest.urls import canonical_url, resolve_canonical

NEW = "new"
UPDATED = "updated"
UNCHANGED = "unchanged"
ALIAS = "same article, other URL"


def article_urls(cand: Candidate, page: Page | None, article: Article) -> list[str]:
    """Every URL seen for this article, its canonical identity first."""
    seen: list[str] = []
    raw = [cand.url]
    if page is not None:
        raw = [resolve_canonical(page.url, article.canonical_url), page.url, cand.url]
        raw += [page.requested_url, *page.redirects]
    for url in raw:
        try:
            url = canonical_url(url)
        except ValueError:
            continue
        if url not in seen:
            seen.append(url)
    return seen


def save_article(
    store: Store,
    source: Source,
    cand: Candidate,
    page: Page | None,
    article: Article,
    settings: Settings,
) -> str:
    """Write an article and everything that hangs off it; return what happened."""
    urls = article_urls(cand, page, article)
    body = article.body or ""
    now = iso(utc_now())
    with store.transaction() as conn:
        existing = _find_by_urls(conn, urls)
        if existing is not None:
            outcome = _update(conn, existing, article, now)
            _add_aliases(conn, existing, urls, "seen again", now)
        else:
            decision = dedup.decide(conn, body, article.headline)
            match = decision.match
            same_outlet = (
                match is not None
                and decision.kind == dedup.EXACT
                and (
                    conn.execute(
                        "SELECT source FROM articles WHERE id = ?", (match.article_id,)
                    ).fetchone()[0]
                    == source.id
                )
            )
            if match is not None and same_outlet:
                _add_aliases(conn, match.article_id, urls, "same text, same outlet", now)
                outcome = ALIAS
            else:
                story_id = match.story_id if match is not None else None
                if story_id is not None and decision.merge:
                    merge_stories(conn, story_id, {m.story_id for m in decision.merge}, now)
                article_id = _insert(conn, source, cand, article, urls[0], decision, story_id, now)
                _add_aliases(conn, article_id, urls[1:], "redirect or canonical", now)
                if page is not None and settings.keep_html_days != 0:
                    _keep_page(conn, article_id, page)
                outcome = NEW
        conn.executemany(
            "DELETE FROM candidates WHERE url = ?", [(url,) for url in {*urls, cand.url}]
        )
    return outcome


def _keep_page(conn: sqlite3.Connection, article_id: int, page: Page) -> None:
    """Keep the fetched HTML, compressed, for ``ingest reextract``."""
    conn.execute(
        "INSERT OR REPLACE INTO pages (article_id, url, fetched_at, status, content_type,"
        " encoding, html) VALUES (?, ?, ?, ?, ?, ?, ?)",
        (
            article_id,
            page.url,
            page.fetched_at,
            page.status,
            page.headers.get("content-type"),
            page.encoding,
            compress_html(page.content),
        ),
    )


def _find_by_urls(conn: sqlite3.Connection, urls: list[str]) -> int | None:
    marks = ", ".join("?" for _ in urls)
    row = conn.execute(
        f"SELECT id FROM articles WHERE url IN ({marks})"
        f" UNION ALL SELECT article_id FROM article_aliases WHERE url IN ({marks}) LIMIT 1",
        (*urls, *urls),
    ).fetchone()
    return int(row[0]) if row else None


def _add_aliases(
    conn: sqlite3.Connection, article_id: int, urls: list[str], reason: str, now: str
) -> None:
    for url in urls:
        if conn.execute("SELECT 1 FROM articles WHERE url = ?", (url,)).fetchone():
            continue
        conn.execute(
            "INSERT OR IGNORE INTO article_aliases (url, article_id, reason, first_seen)"
            " VALUES (?, ?, ?, ?)",
            (url, article_id, reason, now),
        )


def record_columns(article: Article, sig: dedup.Signature | None) -> dict[str, object]:
    """The ``articles`` columns that come from an extracted record."""
    body = article.body or ""
    return {
        **{name: getattr(article, name) for name in RECORD_FIELDS},
        "extraction_method": article.extraction_method,
        "date_method": article.date_method,
        "problems": "; ".join(article.problems) or None,
        "word_count": len(body.split()),
        "content_hash": dedup.content_hash(body) if body else None,
        "minhash": sig.minhash if sig else None,
        "title_key": text.title_key(article.headline or ""),
    }


def _insert(
    conn: sqlite3.Connection,
    source: Source,
    cand: Candidate,
    article: Article,
    url: str,
    decision: dedup.Decision,
    story_id: int | None,
    now: str,
) -> int:
    sig = decision.signature
    if story_id is None:
        story_id = int(
            conn.execute(
                "INSERT INTO stories (first_seen, last_seen) VALUES (?, ?)", (now, now)
            ).lastrowid
            or 0
        )
    row = {
        "source": source.id,
        "url": url,
        "fetched_at": now,
        "discovered_via": cand.method,
        "guid": cand.guid,
        "story_id": story_id,
        **record_columns(article, sig),
    }
    cur = conn.execute(
        f"INSERT INTO articles ({', '.join(row)}) VALUES ({', '.join(':' + k for k in row)})",
        row,
    )
    article_id = int(cur.lastrowid or 0)
    if sig is not None:
        dedup.index_article(conn, article_id, sig)
    index_search(conn, article_id, article.headline, article.body)
    refresh_story(conn, story_id, now)
    return article_id


def merge_stories(conn: sqlite3.Connection, into: int, others: set[int | None], now: str) -> None:
    """Fold stories that a new article shows to be one (copies that arrived first)."""
    for other in others - {into, None}:
        conn.execute("UPDATE articles SET story_id = ? WHERE story_id = ?", (into, other))
        conn.execute("DELETE FROM stories WHERE id = ?", (other,))
    refresh_story(conn, into, now)


def refresh_story(conn: sqlite3.Connection, story_id: int, now: str) -> None:
    """Recount a story and pick its representative: the earliest original, not a copy."""
    conn.execute(
        """
        UPDATE stories SET
            article_count = (SELECT count(*) FROM articles WHERE story_id = :id),
            outlet_count = (SELECT count(DISTINCT source) FROM articles WHERE story_id = :id),
            first_seen = COALESCE((SELECT min(fetched_at) FROM articles WHERE story_id = :id),
                                  first_seen),
            last_seen = :now,
            representative_id = (SELECT id FROM articles WHERE story_id = :id
                ORDER BY original_source IS NOT NULL, COALESCE(published_at, fetched_at), id
                LIMIT 1)
        WHERE id = :id
        """,
        {"id": story_id, "now": now},
    )
    conn.execute(
        "UPDATE stories SET headline = (SELECT headline FROM articles"
        " WHERE id = stories.representative_id) WHERE id = ?",
        (story_id,),
    )


def _update(conn: sqlite3.Connection, article_id: int, article: Article, now: str) -> str:
    """A stored article seen again: keep the old text as a version when it changed."""
    row = conn.execute(
        "SELECT headline, body, modified_at, content_hash FROM articles WHERE id = ?",
        (article_id,),
    ).fetchone()
    headline, body, modified_at, old_hash = row
    if not article.body:
        return UNCHANGED
    chash = dedup.content_hash(article.body)
    if old_hash == chash and headline == article.headline:
        # The text is the same; remember the newer date, so the page is not read again.
        if article.modified_at and (modified_at is None or article.modified_at > modified_at):
            conn.execute(
                "UPDATE articles SET modified_at = ? WHERE id = ?",
                (article.modified_at, article_id),
            )
        return UNCHANGED
    conn.execute(
        "INSERT INTO article_versions (article_id, headline, body, modified_at, content_hash,"
        " replaced_at) VALUES (?, ?, ?, ?, ?, ?)",
        (article_id, headline, body, modified_at, old_hash, now),
    )
    replace_text(conn, article_id, article, now)
    return UPDATED


def replace_text(conn: sqlite3.Connection, article_id: int, article: Article, now: str) -> None:
    """Overwrite an article's fields, signature, bands and search row; the story stays."""
    body = article.body or ""
    sig = dedup.signature(body, article.headline) if body else None
    dedup.unindex_article(conn, article_id)  # before the stored minhash is overwritten
    row = {**record_columns(article, sig), "updated_at": now}
    assignments = ", ".join(
        f"{k} = COALESCE(:{k}, {k})" if k == "published_at" else f"{k} = :{k}" for k in row
    )
    conn.execute(f"UPDATE articles SET {assignments} WHERE id = :id", {**row, "id": article_id})
    if sig is not None:
        dedup.index_article(conn, article_id, sig)
    conn.execute("DELETE FROM articles_fts WHERE rowid = ?", (article_id,))
    index_search(conn, article_id, article.headline, article.body)


def index_search(
    conn: sqlite3.Connection, article_id: int, headline: str | None, body: str | None
) -> None:
    """Feed the FTS index normalised text (unicode61 splits vocalised Arabic otherwise)."""
    conn.execute(
        "INSERT INTO articles_fts (rowid, headline, body) VALUES (?, ?, ?)",
        (article_id, text.normalize_search(headline or ""), text.normalize_search(body or "")),
    )
