"""The headline: which of the page's titles is the article's, without the site's name.

Candidates are JSON-LD ``headline``, og:title/twitter:title, ``<title>`` and the visible
headings ``metadata.read_headings`` collects. The headline as the page shows it wins when
it agrees with the metadata (outlets write og:title for search engines); otherwise an
``<h1>`` that agrees, then the metadata. Site names go from either end of a title
(" - بوابة الوسط", "Libya Observer | "), judged by og:site_name, JSON-LD publisher, the
source's configured name and the host. Measured on the benchmark's development half
(docs/benchmarks.md): 0.866 of headlines right (letter case ignored), trafilatura 0.584.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from ingest.extract.metadata import Heading, PageMeta, clean_space, host_of, jsonld_text

_NOT_WORD = re.compile(r"[\W_]+")
_TITLE_SEPARATORS = re.compile(r"\s+[\-–—:•·»«/]\s+|\s*(?:::|\||//|--)\s*")
MIN_KICKER_TITLE_CHARS = 12
HEADING_TAGS = ("h1", "h2", "h3", "h4")
MAX_SECTION_TITLE_WORDS = 5  # "Feuerwehr Oldenburg - Ausbildung" names a section
HEADLINE_AGREEMENT = 0.5  # share of words a visible heading must share with the metadata


@lru_cache(maxsize=4096)
def normalise_title(text: str) -> str:
    """Loose form of a title for comparisons.

    Remembered: choosing a headline compares every heading with every metadata title,
    about 70 normalisations of a dozen strings a page.
    """
    return _NOT_WORD.sub(" ", text.casefold()).strip()


def matches_site_name(part: str, site_names: list[str], host: str) -> bool:
    """True when a title segment is the site's name (or its domain)."""
    norm = normalise_title(part)
    if not norm:
        return True
    for name in site_names:
        other = normalise_title(name)
        if other and (norm == other or (len(other) > 3 and (other in norm or norm in other))):
            return True
    squashed = norm.replace(" ", "")
    labels = [label for label in host.split(".") if len(label) > 3 and label != "www"]
    return any(
        squashed == label
        or (len(squashed) > 3 and squashed in label)
        or (len(label) >= 6 and squashed.startswith(label))
        for label in labels
    )


def strip_site_name(title: str, site_names: list[str], url: str) -> str:
    """Remove " - Site", " | Site", "Site – " from a title when that part names the site."""
    title = clean_space(title).strip(" -–—|:•·")
    host = host_of(url)
    parts = _TITLE_SEPARATORS.split(title)
    if len(parts) < 2:
        return title
    seps = _TITLE_SEPARATORS.findall(title)
    # Drop matching segments from either end, never the whole title.
    while len(parts) > 1 and matches_site_name(parts[-1], site_names, host):
        parts.pop()
        seps.pop()
    while len(parts) > 1 and matches_site_name(parts[0], site_names, host):
        parts.pop(0)
        seps.pop(0)
    # "Headline | Section | Site": what follows a pipe is the site's furniture.
    while len(parts) > 1 and seps[-1].strip() == "|" and len(parts[-1]) < len(parts[0]):
        parts.pop()
        seps.pop()
    rebuilt = parts[0]
    for sep, part in zip(seps, parts[1:], strict=True):
        rebuilt += sep + part
    return rebuilt.strip()


def title_segments(title: str) -> list[str]:
    """A <title> split at its separators."""
    return [part for part in _TITLE_SEPARATORS.split(clean_space(title)) if part]


def title_agreement(a: str, b: str) -> float:
    """How far two titles say the same thing: 1.0 when one contains the other, else the
    share of words they have in common (Jaccard)."""
    na, nb = normalise_title(a), normalise_title(b)
    if not na or not nb:
        return 0.0
    short, long_ = sorted((na, nb), key=len)
    if short in long_ and len(short) * 2 >= len(long_):
        return 1.0
    wa, wb = set(na.split()), set(nb.split())
    return len(wa & wb) / len(wa | wb)


def _headings(
    page: PageMeta, sites: list[str], url: str, site_like: set[str]
) -> Iterator[tuple[str, Heading]]:
    """The page's visible headings without the site's name, skipping the site's own."""
    host = host_of(url)
    for heading in page.headings:
        text = strip_site_name(heading.text, sites, url)
        norm = normalise_title(text)
        if len(norm) >= 4 and norm not in site_like and not matches_site_name(text, sites, host):
            yield text, heading


def _visible_headline(
    page: PageMeta, others: list[tuple[str, str]], sites: list[str], url: str, site_like: set[str]
) -> tuple[str, str] | None:
    """The headline as the page shows it, when a visible heading agrees with the metadata.

    Readers see the ``<h1>``/``entry-title``, not og:title, which outlets often write for
    search engines ("Firmenwagen: Leasen oder Finanzieren? Was lohnt sich?" over the
    article's "Firmenwagen: Leasing oder Finanzierung?"). A heading whose class names it
    the article's title beats a bare ``<h1>``, which may hold a kicker around it.
    """
    best: tuple[tuple[float, int, int, int], str, str] | None = None
    for position, (text, heading) in enumerate(_headings(page, sites, url, site_like)):
        agreement = max((title_agreement(text, o) for o, _ in others), default=0.0)
        if agreement < HEADLINE_AGREEMENT:
            continue
        # Closest to the metadata first; then marked as the title, then <h1>, then first.
        rank = (-round(agreement, 1), int(not heading.marked), int(heading.tag != "h1"), position)
        if best is None or rank < best[0]:
            best = (rank, text, "heading" if heading.marked else heading.tag)
    if best is None:
        return None
    # A heading that holds a metadata title and more carries a kicker or a date around it.
    norm = normalise_title(best[1])
    for text, method in others:
        n_other = normalise_title(text)
        if len(n_other) >= MIN_KICKER_TITLE_CHARS and n_other in norm and n_other != norm:
            return text, method
    return best[1], best[2]


def choose_headline(
    page: PageMeta, url: str, site_name: str | None = None
) -> tuple[str | None, str]:
    """Pick the headline and the method that found it.

    The headline as the page shows it comes first (``_visible_headline``): an
    ``entry-title``/``headline`` element or ``<h1>`` that says what the metadata says.
    Otherwise an ``<h1>`` that agrees with JSON-LD/og:title/<title> is the on-page headline; when the
    ``<h1>`` is longer it carries a kicker ("Covid-19: ..."), so the shorter form wins.
    An ``<h1>`` that is the site's name (a blog theme's logo) never counts. ``site_name``
    (the source's configured name) joins the names the page gives itself: old CMSs
    declare none, and "وكالة الأنباء الليبية - <headline>" is then their only title.
    """
    sites = [*page.site_names, *([clean_space(site_name)] if site_name else [])]
    host = host_of(url)
    candidates: list[tuple[str, str]] = []
    ld = jsonld_text(page.jsonld.get("headline")) or jsonld_text(page.jsonld.get("name"))
    if ld:
        candidates.append((strip_site_name(ld, sites, url), "jsonld"))
    for key in ("og:title", "twitter:title"):
        if page.meta.get(key):
            candidates.append((strip_site_name(page.meta[key], sites, url), "meta"))
    candidates = [(t, m) for t, m in candidates if len(normalise_title(t)) >= 2]
    title = strip_site_name(page.title, sites, url) if page.title else None
    others = [*candidates, (title, "title")] if title else candidates
    # A title cut short for search results ("Die wichtigsten Änderun...") is a last resort.
    whole = [(t, m) for t, m in others if not t.endswith(("...", "…"))]
    if whole and len(whole) < len(others):
        candidates = [c for c in candidates if c in whole] or candidates
        others = whole
    # Segments stripped from the ends of <title> name the site, as do h1s equal to them.
    segments = title_segments(page.title or "")
    site_like = {normalise_title(n) for n in sites}
    if len(segments) > 1 and title:
        kept = normalise_title(title)
        site_like |= {normalise_title(p) for p in segments if normalise_title(p) not in kept}
        # "Headline | Site" is the common order: an h1 equal to the last part is the logo.
        # When the last part is the article's marked heading instead, the order is "Site
        # :: Headline" and the first part names the site.
        marked = {normalise_title(h.text) for h in page.headings if h.marked}
        last = normalise_title(segments[-1])
        site_like.add(normalise_title(segments[0]) if last in marked else last)
    shown = {h.text for h in page.headings if h.tag == "h1"}  # not hidden, not a menu's
    h1s = [
        h
        for h in (strip_site_name(h, sites, url) for h in page.h1 if h in shown)
        if normalise_title(h) not in site_like and not matches_site_name(h, sites, host)
    ]
    heading = _visible_headline(page, others, sites, url, site_like)
    if heading is not None:
        return heading
    for h1 in h1s:
        n_h1 = normalise_title(h1)
        if len(n_h1) < 4:
            continue
        for text, method in others:
            n_other = normalise_title(text)
            if not n_other:
                continue
            if n_h1 in n_other:
                return h1, "h1"
            if n_other in n_h1 and len(n_other) >= 12:
                return text, method
    if candidates:
        return candidates[0]
    if title and len(segments) > 1:
        # Without a site name, a <title> segment that is also an h1 is the headline.
        for part in segments:
            if any(normalise_title(part) == normalise_title(h) for h in page.h1):
                return part, "title"
    if len(h1s) == 1:
        return h1s[0], "h1"
    # Old themes without an <h1> or OpenGraph put the headline in the first <h2> of the
    # content, and their <title> is "Site | Section": a few words, not a headline.
    short_title = all(
        len(normalise_title(part).split()) <= MAX_SECTION_TITLE_WORDS
        for part in segments or [title or ""]
    )
    if not h1s and not candidates and short_title:
        found = [(t, b) for t, b in _headings(page, sites, url, site_like) if len(t.split()) >= 2]
        # A heading marked as the title ("h3.news-title") before a marked box (a
        # "page-title" bar of breadcrumbs), then the first h2 or marked element.
        for text, box in found:
            if box.marked and box.tag in HEADING_TAGS:
                return text, "heading"
        for text, box in found:
            if box.tag == "h2" or box.marked:
                return text, "h2" if box.tag == "h2" else "heading"
    if title:
        return title, "title"
    return (h1s[0], "h1") if h1s else (None, "none")
