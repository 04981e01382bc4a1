"""A WordPress REST API post as a record, without fetching or parsing a page.

The API states the title, the dates (``date_gmt``, ``modified_gmt``, and the site's local
``date``) and the author exactly, and ``content.rendered`` is the article's own HTML: only
the body's paragraphs, the attribution of a republished story and the language are left
to find, with the same readers a page goes through.
"""

from __future__ import annotations

from ingest.extract import (
    DEFAULT_TIMEZONE,
    MIN_BODY_CHARS,
    attribution,
    body,
    fill_from_candidate,
    language,
)
from ingest.models import Article, Candidate, Source

METHOD = "wordpress"


def article_from_post(cand: Candidate, source: Source | None = None) -> Article:
    """The record of one post that ``discover.wordpress`` turned into a candidate."""
    article = Article(url=cand.url, source=source.id if source else None)
    paragraphs = body.html_paragraphs(cand.content_html or "")
    found = attribution.find_attribution(paragraphs, aggregator=bool(source and source.aggregator))
    if found.original_source:
        article.original_source = found.original_source
        article.original_url = found.original_url
        article.methods["original_source"] = "attribution"
    paragraphs = body.clean_paragraphs(found.paragraphs, cand.title)
    if paragraphs:
        article.body = body.join_paragraphs(paragraphs)
        article.methods["body"] = METHOD
    tz = (source.rules.timezone or source.timezone) if source else DEFAULT_TIMEZONE
    fill_from_candidate(article, cand, tz)
    for name, method in list(article.methods.items()):
        if method == "feed":  # what the candidate said came from the API, not a feed
            article.methods[name] = METHOD
    code, method = language.detect_language(
        article.body or article.headline or "", (), source.language if source else None
    )
    if code is None and cand.language:
        code, method = language.primary_code(cand.language), METHOD
    if code:
        article.language, article.methods["language"] = code, method
    if len(article.body or "") < MIN_BODY_CHARS:
        article.body = None
        article.methods.pop("body", None)
        article.skip_reason = "no article: the post has no text"
    return article
