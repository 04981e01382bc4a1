"""The store stage's preparation: one extracted article as the row the store files.

Everything costly is done here, once per article and outside the write transaction: the
URLs seen for it (canonical first), its dedup keys (``signatures.prepare``), the original
outlet resolved to a configured id, the compressed page. The store then decides, in one
transaction, whether it is new, an edit, an alias or a copy (``Store.file_article``).
"""

from __future__ import annotations

from ingest import signatures, text
from ingest.models import RECORD_FIELDS, Article, Candidate, Page
from ingest.store import ArticleRow, StoredPage, compress_html, search_row
from ingest.urls import canonical_url, resolve_canonical


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


def record_columns(
    article: Article, keys: signatures.Keys, original_source_id: str | None = None
) -> dict[str, object]:
    """The ``articles`` columns that come from an extracted record."""
    body = article.body or ""
    original_url = article.original_url
    if original_url:
        try:
            original_url = canonical_url(original_url)  # joins ``articles.url``
        except ValueError:
            pass
    return {
        **{name: getattr(article, name) for name in RECORD_FIELDS},
        "original_url": original_url,
        "original_source_id": original_source_id if article.original_source else None,
        "extraction_method": article.extraction_method,
        "date_method": article.date_method,
        "problems": "; ".join(article.problems) or None,
        "word_count": len(body.split()),
        "content_hash": keys.content_hash if body else None,
        "minhash": keys.signature.minhash if keys.signature else None,
        "title_key": text.title_key(article.headline or ""),
    }


def prepare(
    source_id: str,
    cand: Candidate,
    page: Page | None,
    article: Article,
    *,
    original_source_id: str | None = None,
    keep_html: bool = True,
) -> ArticleRow:
    """The row ``Store.file_article`` files for this article."""
    keys = signatures.prepare(article.body or "", article.headline)
    stored_page = None
    if page is not None and keep_html:
        stored_page = StoredPage(
            url=page.url,
            fetched_at=page.fetched_at,
            status=page.status,
            content_type=page.headers.get("content-type"),
            encoding=page.encoding,
            html=compress_html(page.content),
        )
    return ArticleRow(
        source=source_id,
        urls=tuple(article_urls(cand, page, article)),
        columns=record_columns(article, keys, original_source_id),
        keys=keys,
        search=search_row(article.headline, article.body),
        discovered_via=cand.method,
        guid=cand.guid,
        page=stored_page,
        done_urls=(cand.url,),
    )
