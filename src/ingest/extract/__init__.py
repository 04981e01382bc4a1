"""Extraction: turn a fetched page into an Article (rules, metadata, body, dates, attribution).

Example::

    >>> from ingest.extract import extract_article
    >>> article = extract_article(page_bytes, "https://alwasat.ly/news/libya/521791", source)
    >>> article.headline, article.published_at, article.methods["body"]

Each field is taken from the first of: the source's CSS rule, JSON-LD, OpenGraph/meta,
the page itself (``<time>``, ``<h1>``, byline text, trafilatura's main text), the URL, and
last what the feed said (``candidate``). ``methods`` records which one won, ``problems``
what went wrong on the way. ``extract_article`` never raises.

The page is parsed once; the rules, the metadata, date and author readers and trafilatura
all read that tree, and the readers before the main text share one index of its elements
(``pageindex``). Where the time goes on the dev half of trafilatura's evaluation set
(506 pages, medians per page, docs/benchmarks.md): trafilatura's main text 14 ms (its
fallbacks kept: without them body F1 fell from 0.932 to 0.925; handed the tree without
what none of its readers but readability keeps), the page metadata 2.7 ms, parsing 1.8 ms,
the author 1.5 ms, the body's pruning and repairs around trafilatura about 3 ms, the language
1.0 ms, the header date 0.7 ms (htmldate, 4.8 ms a page on average, runs only where no
machine-readable date was found, its text search only where no dateline dates the page):
about 0.95x trafilatura's own run with its metadata.
"""

from __future__ import annotations

import contextlib
import re
from datetime import datetime
from typing import Any
from urllib.parse import urljoin

from ingest.clock import When
from ingest.encoding import decode_html
from ingest.extract import (
    attribution,
    authors,
    body,
    headline,
    language,
    metadata,
    published,
    quality,
    rules,
)
from ingest.extract.dates import parse_iso_ex
from ingest.models import Article, Candidate, Source

__all__ = ["extract_article"]

MAX_HTML_BYTES = 5 * 1024 * 1024  # larger pages are cut: no article page is that big
# The largest page of the 506 in the benchmark had 9,748 elements; a page of 100,000 took
# 10 s to extract.
MAX_ELEMENTS = 20_000
MIN_BODY_CHARS = 40  # less than this is a caption or a teaser, not an article
SHORT_BODY_CHARS = 600  # a 404 or listing page's leftover text is shorter than this
MAX_ERROR_TITLE_CHARS = 60
# A JSON-LD articleBody wins when it is this much longer than trafilatura's text: themes
# often hide part of the article from the visible DOM (galleries, "read more" folds).
JSONLD_BODY_RATIO = 2.0
DEFAULT_TIMEZONE = "Africa/Tripoli"

NOT_FOUND = re.compile(
    r"\b404\b|page (?:was )?not found|page (?:does not|doesn't) exist|^not found$|"
    r"الصفحة (?:المطلوبة )?غير موجودة|لم يتم العثور على الصفحة|الصفحة التي تبحث عنها|"
    r"خطأ 404|page introuvable|seite nicht gefunden|pagina non trovata|página no encontrada",
    re.I,
)
LISTING_PATH = re.compile(
    r"/(?:tag|tags|category|categories|section|author|archive|page)/|/page/\d+/?$"
)
_BINARY = re.compile(r"[\x00-\x08\x0e-\x1f]")


def extract_article(
    html: bytes | str,
    url: str,
    source: Source | None = None,
    *,
    candidate: Candidate | None = None,
    now: datetime | None = None,
) -> Article:
    """Extract one article record from a page; never raises (problems go in the record)."""
    article = Article(url=url, source=source.id if source else None)
    try:
        _extract(article, html, url, source, candidate, now)
    except Exception as exc:  # a bad page must never stop a run
        article.problems.append(f"extraction failed: {type(exc).__name__}: {exc}")
        if not article.body:
            article.skip_reason = article.skip_reason or "no article: extraction failed"
    return article


def _extract(
    article: Article,
    html: bytes | str,
    url: str,
    source: Source | None,
    candidate: Candidate | None,
    now: datetime | None,
) -> None:
    """Fill ``article`` in place, stage by stage."""
    tz = (source.rules.timezone or source.timezone) if source else DEFAULT_TIMEZONE
    # rules.timezone says the site's own dates are in that zone, even where they claim UTC
    wall_clock = bool(source and source.rules.timezone)
    # 1. bytes -> text, capped
    text = _decode(article, html)
    if _BINARY.search(text[:4096]) and len(_BINARY.findall(text[:4096])) > 20:
        article.skip_reason = "no article: not an HTML page"
        fill_from_candidate(article, candidate, tz)
        return
    # 2. one parse, read by everything below
    tree = metadata.parse_html_tree(text)
    size = int(tree.xpath("count(//*)")) if tree is not None else 0  # 0.2 ms, a walk 0.5 ms
    if size > MAX_ELEMENTS:
        # Extraction time grows faster than the tree; cut the text in proportion.
        article.problems.append(
            f"page has {size} elements; only about the first {MAX_ELEMENTS} were read"
        )
        tree = metadata.parse_html_tree(text[: len(text) * MAX_ELEMENTS // size])
    if tree is None:
        article.skip_reason = "no article: empty page"
        fill_from_candidate(article, candidate, tz)
        return
    # per-source rules, on the same tree (their strip selectors edit it)
    match = rules.apply_rules(tree, source.rules) if source and source.rules else None
    if match is not None:
        article.problems.extend(match.problems)
    # 3. what the page says about itself
    page = metadata.read_page(tree)
    page.url = url
    title, method = headline.choose_headline(page, url, source.name if source else None)
    _set(article, "headline", match.headline if match else None, title, method, source, "headline")
    # htmldate and the header date must see the page before trafilatura prunes the tree in
    # place; htmldate is only needed when the page has no machine-readable date.
    arabic = bool(published.ARABIC_LETTER.search(" ".join(filter(None, [page.title, *page.h1]))))
    clues = published.DateClues(
        page,
        url,
        tz,
        now,
        rule_date=match.date_text if match else None,
        has_date_rule=bool(source and source.rules.date),
        header=(
            published.near_headline_date(tree, article.headline, tz, now, page.index)
            if arabic
            else published.header_date(tree, article.headline, tz, now, page.index)
        ),
        wall_clock=wall_clock,
        latin_script=not arabic,
        foreign=published.foreign_dates(tree, page.index),
    )
    if published.needs_htmldate(clues):
        clues.read_htmldate = published.htmldate_later(
            tree,
            url,
            extensive=not arabic,
            comments=page.comment_threads + metadata.today_bars(tree, page.index),
        )
    linked_source = (  # before trafilatura prunes the page
        attribution.find_linked_source(tree, url) if attribution.may_link(text) else None
    )
    cited_link = (  # the same: the footer with the link may be pruned as boilerplate
        attribution.find_cited_link(tree, url) if attribution.may_cite(text) else None
    )
    # 4. main text: rule, else JSON-LD articleBody or trafilatura, else the feed's content
    page.index = None  # the main text prunes the tree: the index no longer describes it
    has_body_rule = bool(source and source.rules.body)
    paragraphs, method = _body(tree, url, page, match, article, candidate, has_body_rule)
    found = attribution.find_attribution(paragraphs, aggregator=bool(source and source.aggregator))
    if found.original_source:
        article.original_source = found.original_source
        article.original_url = cited_link or attribution.find_original_url(
            tree, url, found.original_source
        )
        article.methods["original_source"] = "attribution"
    elif linked_source is not None:
        article.original_source, article.original_url = linked_source
        article.methods["original_source"] = "attribution"
    paragraphs = body.clean_paragraphs(found.paragraphs, article.headline)
    if paragraphs:
        article.body = body.join_paragraphs(paragraphs)
        article.methods["body"] = method
    # 5. dates, author, language, canonical URL
    clues.lead = paragraphs[: published.DATELINE_PARAGRAPHS]
    published.choose_dates(article, clues)
    author, method = authors.choose_author(page, tree)
    _set(article, "author", match.author if match else None, author, method, source, "author")
    if article.author and paragraphs:
        without_bio = body.drop_writer_bio(paragraphs, article.author)
        if len(without_bio) < len(paragraphs):
            paragraphs = without_bio
            article.body = body.join_paragraphs(paragraphs)
    if (
        article.original_source
        and article.author
        and (article.author in article.original_source or article.original_source in article.author)
    ):
        # An aggregator's "about the source" box names the outlet, not a writer.
        article.author = None
        article.methods.pop("author", None)
    if not article.author and candidate and candidate.author:
        article.author, article.methods["author"] = candidate.author.strip(), "feed"
    sample = article.body or article.headline or ""
    code, method = language.detect_language(
        sample, metadata.declared_languages(page), source.language if source else None
    )
    if code is None and candidate and candidate.language:
        code, method = language.primary_code(candidate.language), "feed"
    if code:
        article.language, article.methods["language"] = code, method
    canonical = page.canonical or page.meta.get("og:url")
    if canonical and canonical.startswith(("http://", "https://", "/")):
        with contextlib.suppress(ValueError):
            article.canonical_url = urljoin(url, canonical)
    fill_from_candidate(article, candidate, tz)
    # 6. is this an article at all?
    article.skip_reason = _skip_reason(article, page, url)
    if article.skip_reason == "no article: page has no main text":
        article.body = None
        article.methods.pop("body", None)


def _decode(article: Article, html: bytes | str) -> str:
    """Page text, cut at the size cap (noted in problems)."""
    if isinstance(html, bytes):
        if len(html) > MAX_HTML_BYTES:
            article.problems.append(
                f"page is {len(html)} bytes; only the first {MAX_HTML_BYTES} were read"
            )
            html = html[:MAX_HTML_BYTES]
        return decode_html(html, None)[0]
    if len(html) > MAX_HTML_BYTES:
        article.problems.append(
            f"page is {len(html)} characters; only the first {MAX_HTML_BYTES} were read"
        )
        return html[:MAX_HTML_BYTES]
    return html


def _set(
    article: Article,
    name: str,
    rule_value: str | None,
    generic: str | None,
    generic_method: str,
    source: Source | None,
    rule_field: str,
) -> None:
    """Set a text field from its rule, else generically, recording a rule miss."""
    has_rule = bool(source and getattr(source.rules, rule_field))
    if rule_value:
        setattr(article, name, rule_value)
        article.methods[name] = "rule"
        return
    if has_rule:
        article.problems.append(f"rule {rule_field} matched nothing; used generic extraction")
    if generic:
        setattr(article, name, generic)
        article.methods[name] = f"generic-fallback:{generic_method}" if has_rule else generic_method


def _body(
    tree: Any,
    url: str,
    page: metadata.PageMeta,
    match: rules.RuleMatch | None,
    article: Article,
    candidate: Candidate | None,
    has_body_rule: bool,
) -> tuple[list[str], str]:
    """Paragraphs of the main text and the method that found them."""
    if match is not None and match.body_html:
        paragraphs = body.html_paragraphs(match.body_html)
        if paragraphs:
            return paragraphs, "rule"
    ld_text = page.jsonld.get("articleBody")
    ld_paragraphs: list[str] = []
    if isinstance(ld_text, str) and ld_text.strip():
        ld_paragraphs = (
            body.html_paragraphs(ld_text) if "<p" in ld_text else body.text_paragraphs(ld_text)
        )
    traf = body.main_text(tree, url)
    chosen, method = traf, "trafilatura"
    ld_len, traf_len = sum(map(len, ld_paragraphs)), sum(map(len, traf))
    if ld_len >= MIN_BODY_CHARS and (ld_len > JSONLD_BODY_RATIO * traf_len):
        chosen, method = ld_paragraphs, "jsonld"
    if sum(map(len, chosen)) < MIN_BODY_CHARS and candidate and candidate.content_html:
        feed = body.html_paragraphs(candidate.content_html)
        if feed:
            chosen, method = feed, "feed"
    if has_body_rule:
        article.problems.append("rule body matched nothing; used generic extraction")
        method = f"generic-fallback:{method}"
    return chosen, method


def fill_from_candidate(article: Article, candidate: Candidate | None, tz: str) -> None:
    """Fields the page did not give, from what the feed or sitemap said."""
    if candidate is None:
        return
    if not article.headline and candidate.title:
        article.headline, article.methods["headline"] = candidate.title.strip(), "feed"
    for name in ("published", "modified"):
        value = getattr(candidate, f"{name}_at")
        parsed = parse_iso_ex(value, tz=tz) if value else None
        if getattr(article, f"{name}_at") is None and parsed is not None:
            # as the feed wrote it; candidates queued by older versions hold only UTC
            local = getattr(candidate, f"{name}_local")
            precision = getattr(candidate, f"{name}_precision")
            stored = parsed.stored()
            when = When(stored.at, local, precision) if local and precision else stored
            published.put_date(article, name, when, "feed")
    if not article.author and candidate.author:
        article.author, article.methods["author"] = candidate.author.strip(), "feed"


def _skip_reason(article: Article, page: metadata.PageMeta, url: str) -> str | None:
    """Why this page holds no article, or None."""
    size = len(article.body or "")
    # Error pages have short titles; "404 migrants rescued" over a short item is news.
    labels = [t for t in (page.title, *page.h1[:1]) if t and len(t) <= MAX_ERROR_TITLE_CHARS]
    if size < SHORT_BODY_CHARS and any(NOT_FOUND.search(t) for t in labels):
        return "no article: looks like a 404 page"
    if size < MIN_BODY_CHARS:
        return "no article: page has no main text"
    garbage = quality.not_text_reason(article.body or "")
    if garbage:
        return f"no article: the page is not text ({garbage})"
    is_article = (
        bool(page.jsonld)
        or page.meta.get("og:type") == "article"
        or any(page.meta.get(k) for k in metadata.PUBLISHED_META[:3])
    )
    if not is_article and LISTING_PATH.search(url.split("?")[0]) and size < SHORT_BODY_CHARS:
        return "no article: looks like a listing page"
    return None
