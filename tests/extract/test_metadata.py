"""Page metadata: JSON-LD shapes, meta tags, headings, byline areas, dates."""

from __future__ import annotations

from ingest.extract.metadata import (
    PageMeta,
    jsonld_text,
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


def test_jsonld_text_is_unescaped_and_layout_classes_of_the_article_are_not_furniture() -> None:
    ld = '{"@type": "NewsArticle", "headline": "Libya&#039;s biggest steel plant"}'
    tree = parse_html_tree(
        f'<html><head><script type="application/ld+json">{ld}</script></head><body>'
        '<article class="entry post-footer-area-boxed"><header class="entry-header">'
        "<h1 class='entry-title'>Libya&#8217;s biggest steel plant</h1></header></article>"
        '<aside><article class="card"><h2>Related story</h2></article></aside></body></html>'
    )
    page = read_page(tree)
    assert jsonld_text(page.jsonld.get("headline")) == "Libya's biggest steel plant"
    assert [h.text for h in page.headings] == ["Libya’s biggest steel plant"]


def test_related_posts_times_are_not_the_articles() -> None:
    related = (
        '<div class="related-posts"><article><h3>قصة أخرى</h3>'
        '<time class="published" datetime="2026-11-27T18:05:41+02:00">27 نوفمبر</time>'
        "</article></div>"
    )
    page = read_page(parse_html_tree(f"<html><body><p>نص</p>{related}</body></html>"))
    assert page.times == []


def test_a_teasers_time_beside_another_storys_headline_is_not_the_articles() -> None:
    cards = (
        '<div class="card"><a href="/report.php?id=4119">محطات الوقود في الكفرة: طوابير لا تنتهي</a>'
        '<time datetime="2026-11-20">٢٠ نوفمبر ٢٠٢٦</time></div>'
    )
    own = (
        '<span class="posted-on"><a href="/p/1" rel="bookmark">'
        '<time datetime="2026-11-24T11:40:00+02:00">٢٤ نوفمبر</time></a></span>'
    )
    page = read_page(parse_html_tree(f"<html><body>{own}<p>نص</p>{cards}</body></html>"))
    assert [value for value, _ in page.times] == ["2026-11-24T11:40:00+02:00"]
