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
``accept_candidates`` is discovery's last step: it applies all of this to one endpoint's
batch, with the source's hosts, and says what it dropped and why.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace
from urllib.parse import urlsplit

from ingest import text
from ingest.clock import parse_iso
from ingest.crawl import source_hosts
from ingest.models import Candidate, Source
from ingest.store import Store
from ingest.urls import amp_twin_candidates, canonical_url

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
        stored = store.stored_guid(cand.url, source) if cand.guid else None
        if stored and stored != cand.guid:
            return True
    return False


def known_article(store: Store, cand: Candidate, *, use_guid: bool) -> tuple[int, str] | None:
    """The stored article this candidate is, and why, or None."""
    for twin in amp_twin_candidates(cand.url):
        article_id = store.article_id(twin)
        if article_id is not None:
            return article_id, "AMP or mobile twin"
    if use_guid and cand.guid:
        found = store.article_by_guid(cand.source, cand.guid)
        # A feed that reuses a GUID for a new article (a CMS counter reset, a template
        # bug): a GUID held by another URL with another headline identifies nothing.
        if found is not None and (
            not cand.title or not found[1] or found[1] == text.title_key(cand.title)
        ):
            return found[0], "same feed GUID"
    if cand.title and cand.published_at:
        key = text.title_key(cand.title)
        if len(key.split()) < 3:  # "عاجل", "فيديو": too short to identify anything
            return None
        try:
            when = parse_iso(cand.published_at)
        except ValueError:
            return None  # a date discovery could not vouch for identifies nothing
        for article_id, published_at in store.articles_by_title(cand.source, key):
            if published_at and abs((parse_iso(published_at) - when).total_seconds()) <= (
                TITLE_WINDOW_SECS
            ):
                return article_id, "same title, same outlet"
    return None


@dataclass
class Accepted:
    """One endpoint's batch judged: what to queue, what to read again, what was dropped."""

    fresh: list[Candidate] = field(default_factory=list)
    edited: list[Candidate] = field(default_factory=list)  # stored, modified since: re-read
    guids: str | None = None  # the endpoint's GUID verdict (GUIDS_UNSTABLE or None)
    skipped: Counter[str] = field(default_factory=Counter)


def _own_urls(source: Source, candidates: list[Candidate], accepted: Accepted) -> list[Candidate]:
    """Canonical URLs on the source's own hosts (unless it allows others), each once."""
    hosts = source_hosts(source)
    found: dict[str, Candidate] = {}
    for cand in candidates:
        try:
            url = canonical_url(cand.url)
        except ValueError:
            accepted.skipped["bad URL"] += 1
            continue
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https"):
            accepted.skipped["not http(s)"] += 1
        elif not source.allow_offsite and parts.netloc.lower() not in hosts:
            accepted.skipped["off-site link"] += 1
        elif url not in found:
            found[url] = replace(cand, url=url, link=cand.url if cand.url != url else None)
    return list(found.values())


def accept_candidates(
    store: Store, source: Source, candidates: list[Candidate], guids: str | None = None
) -> Accepted:
    """Judge discovered candidates: canonical, own hosts, not already stored.

    "Already stored" means by URL, by feed GUID (when the feed's GUIDs can be trusted) or
    by title within a few hours at the same outlet; such a URL becomes an alias of the
    stored article. Stored articles that the listing says were modified since are
    returned as ``edited`` (read again; the old text goes to ``article_versions``).
    """
    accepted = Accepted(guids=guids)
    found = _own_urls(source, candidates, accepted)
    use_guids = guids != GUIDS_UNSTABLE and guid_problem(found) is None
    if use_guids and guids_regenerated(store, source.id, found):
        use_guids = False
        accepted.guids = GUIDS_UNSTABLE
    for cand in found:
        if store.is_stale(cand.url, cand.modified_at):
            accepted.edited.append(cand)
        elif store.is_known(cand.url):
            accepted.skipped["seen before"] += 1
        elif (known := known_article(store, cand, use_guid=use_guids)) is not None:
            store.add_alias(cand.url, known[0], known[1])
            accepted.skipped[f"seen before ({known[1]})"] += 1
        else:
            accepted.fresh.append(cand)
    return accepted
