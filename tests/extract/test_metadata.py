"""Page metadata: JSON-LD shapes, meta tags, headings, byline areas, dates."""

from __future__ import annotations

from ingest.extract.metadata import (
    PageMeta,
    parse_html_tree,
    published_candidates,
    read_page,
)


def page_of(head: str) -> PageMeta:
    """Metadata read from a page with the given head."""
    return read_page(parse_html_tree(f"<html><head>{head}</head><body><p>نص</p></body></html>"))


def test_jsonld_graph_list_and_malformed_json() -> None:
    head = (
        '<script type="application/ld+json">{"@type": "Organization", "name": "x",}</script>'
        '<script type="application/ld+json">[{"@type": "BreadcrumbList"},'
        ' {"@type": ["NewsArticle"], "headline": "خبر", "datePublished": "2026-01-02",}]</script>'
    )
    page = page_of(head)
    assert page.jsonld["headline"] == "خبر"
    assert published_candidates(page)[0] == ("2026-01-02", "jsonld")
