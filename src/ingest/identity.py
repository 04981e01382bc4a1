"""Feed identity: is a new entry an article already stored under another URL?

URLs change (a slug edited after publication, a section renamed) while the article stays
the same, so a candidate is also matched, within its own source, by:

1. its feed GUID, when the feed's GUIDs can be trusted: every entry has one, they are
   unique in the feed, and they do not change between fetches. FreshRSS learned that
   feeds break each rule (missing, repeated, regenerated GUIDs) and degrades to URLs
   automatically; so do we, and an endpoint caught regenerating GUIDs is remembered;
2. its normalised title (``text.title_key``) against articles published within
   ``TITLE_WINDOW_SECS`` of it: a daily "أسعار العملات اليوم" post repeats its title a day
   later and must not be taken for the same article.

Before both, the URL's twins are looked up: an AMP edition (``/amp/``, ``?amp=1``,
``amp.`` host, the AMP cache) and the ``www.``/``m.``/bare-host spellings of one page.

A match makes the new URL an alias of the stored article; nothing is fetched.
"""

from __future__ import annotations

from ingest import text
from ingest.clock import parse_iso
from ingest.models import Candidate
from ingest.store import Store
from ingest.urls import amp_twin_candidates

TITLE_WINDOW_SECS = 12 * 3600
GUIDS_UNSTABLE = "unstable"


def guid_problem(candidates: list[Candidate]) -> str | None:
    """Why this feed's GUIDs cannot identify entries, or None when they can."""
    if not candidates:
        return None
    guids = [c.guid for c in candidates]
    if any(not guid for guid in guids):
        return "missing"
    if len(set(guids)) < len(guids):
        return "repeated"
    return None


def guids_regenerated(store: Store, source: str, candidates: list[Candidate]) -> bool:
    """True when a stored article comes back from the feed with another GUID."""
    for cand in candidates:
        row = store.conn.execute(
            "SELECT guid FROM articles WHERE url = ? AND source = ?", (cand.url, source)
        ).fetchone()
        if row and row[0] and cand.guid and row[0] != cand.guid:
            return True
    return False


def known_article(store: Store, cand: Candidate, *, use_guid: bool) -> tuple[int, str] | None:
    """The stored article this candidate is, and why, or None."""
    for twin in amp_twin_candidates(cand.url):
        article_id = store.article_id(twin)
        if article_id is not None:
            return article_id, "AMP or mobile twin"
    if use_guid and cand.guid:
        row = store.conn.execute(
            "SELECT id FROM articles WHERE source = ? AND guid = ?", (cand.source, cand.guid)
        ).fetchone()
        if row:
            return int(row[0]), "same feed GUID"
    if cand.title and cand.published_at:
        key = text.title_key(cand.title)
        if len(key.split()) < 3:  # "عاجل", "فيديو": too short to identify anything
            return None
        when = parse_iso(cand.published_at)
        for article_id, published_at in store.conn.execute(
            "SELECT id, published_at FROM articles WHERE source = ? AND title_key = ?",
            (cand.source, key),
        ):
            if published_at and abs((parse_iso(published_at) - when).total_seconds()) <= (
                TITLE_WINDOW_SECS
            ):
                return int(article_id), "same title, same outlet"
    return None
