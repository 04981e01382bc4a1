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

from ingest import writer
from ingest.clock import parse_iso
from ingest.encoding import decode_html
from ingest.extract import extract_article
from ingest.extract.dates import get_timezone
from ingest.models import RECORD_FIELDS, Article, Candidate, Config
from ingest.originals import OutletIndex
from ingest.store import Store, StoredPageRow, decompress_html

BATCH = 200
FIELDS = (*RECORD_FIELDS, "extraction_method", "date_method")
# Candidate attribute -> article column, for the fields a feed or sitemap can give.
FEED_FIELDS = {
    "title": "headline",
    "published_at": "published_at",
    "modified_at": "modified_at",
    "author": "author",
    "language": "language",
}
# A date the feed gave comes with the local form and precision the feed wrote.
FEED_COMPANIONS = {
    "published_at": ("published_local", "published_precision"),
    "modified_at": ("modified_local", "modified_precision"),
}


def extract_stored(page: StoredPageRow, config: Config) -> Article | None:
    """Extract a stored page as it was fetched, with what only its feed said; None when
    its source is no longer configured."""
    src = config.source(page.source)
    if src is None:
        return None
    page_text, _ = decode_html(decompress_html(page.html), page.content_type)
    return extract_article(
        page_text,
        page.url,
        src,
        candidate=_feed_values(page.source, page.url, page.fields),
        now=parse_iso(page.fetched_at) if page.fetched_at else None,
    )


def reextract(
    store: Store,
    config: Config,
    *,
    source: str | None = None,
    since: str | None = None,
    progress: Callable[[], None] | None = None,
) -> Counter[str]:
    """Re-extract stored pages; return counts of changed, unchanged, no page, ..."""
    counts: Counter[str] = Counter()
    outlets = OutletIndex.build(config.sources)
    sources = [source] if source else []
    wanted = (*FIELDS, "problems", *FEED_FIELDS.values())  # FIELDS holds the companions
    last_id = 0
    while batch := store.stored_pages(
        tuple(dict.fromkeys(wanted)), sources=sources, since=since, after_id=last_id, limit=BATCH
    ):
        for page in batch:
            last_id = page.article_id
            if progress:
                progress()
            article = extract_stored(page, config)
            if article is None:
                counts["source no longer configured"] += 1
                continue
            if article.skip_reason:
                counts["no article now (kept as it was)"] += 1
                continue
            changed = _apply(store, page, article, outlets)
            counts["changed" if changed else "unchanged"] += 1
    counts["without stored page"] = store.articles_without_page(source)
    return counts


def _feed_values(source_id: str, url: str, stored: dict[str, object]) -> Candidate | None:
    """The stored values that came from the feed (method ``feed``), as a Candidate."""
    methods = str(stored.get("extraction_method") or "")
    from_feed = {pair.split(":", 1)[0] for pair in methods.split() if pair.endswith(":feed")}
    values = {
        attr: str(stored[column])
        for attr, column in FEED_FIELDS.items()
        if column in from_feed and stored.get(column) is not None
    }
    for name, companions in FEED_COMPANIONS.items():
        if name in values:
            values.update({c: str(stored[c]) for c in companions if stored.get(c) is not None})
    if not values:
        return None
    return Candidate(source=source_id, url=url, method="feed", found_on="stored record", **values)


def _apply(store: Store, page: StoredPageRow, article: Article, outlets: OutletIndex) -> bool:
    """Write re-extracted fields when they differ; True when something changed."""
    original = outlets.resolve(article.original_source, article.original_url, exclude=page.source)
    cand = Candidate(source=page.source, url=page.url, method="stored", found_on="stored page")
    row = writer.prepare(page.source, cand, None, article, original_source_id=original)
    if all(row.columns[name] == page.fields[name] for name in (*FIELDS, "problems")):
        return False
    store.replace_article(page.article_id, row)
    return True


def _derived_local(utc: str | None, tz: str) -> str | None:
    """A stored UTC time in the source's zone, when the page can no longer say better."""
    if not utc:
        return None
    try:
        return parse_iso(utc).astimezone(get_timezone(tz)).isoformat(timespec="seconds")
    except ValueError:
        return None


def fill_local_dates(
    store: Store, config: Config, *, progress: Callable[[int, int], None] | None = None
) -> int:
    """Give articles stored before local dates were recorded their ``*_local`` and
    ``*_precision`` columns, from their stored pages; return how many were filled.

    The page is extracted again as it was fetched; when it yields the stored UTC time,
    its local form and precision are taken. Otherwise (no page kept, a rule changed
    since) the local time is the stored UTC time in the source's zone and the precision
    stays NULL: unknown, rather than invented.
    """
    total = store.count_without_local_dates()
    done = 0
    last_id = 0
    while batch := store.without_local_dates(last_id):
        values: list[tuple[object, ...]] = []
        for item in batch:
            last_id = item.id
            source = config.source(item.source)
            tz = source.timezone if source else "Africa/Tripoli"
            article = None
            if item.html is not None and source is not None:
                page = StoredPageRow(
                    item.id,
                    item.source,
                    item.url,
                    item.html,
                    item.content_type,
                    item.fetched_at,
                    {"extraction_method": item.extraction_method},
                )
                article = extract_stored(page, config)
            dates: list[str | None] = []
            for name, utc in (("published", item.published_at), ("modified", item.modified_at)):
                if article is not None and utc and getattr(article, f"{name}_at") == utc:
                    dates += [
                        getattr(article, f"{name}_local", None),
                        getattr(article, f"{name}_precision", None),
                    ]
                else:
                    dates += [_derived_local(utc, tz), None]
            values.append((*dates, item.id))
        store.set_local_dates(values)
        done += len(batch)
        if progress:
            progress(done, total)
    return done
