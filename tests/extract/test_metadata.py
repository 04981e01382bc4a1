"""Page metadata: JSON-LD shapes, titles without site names, dates."""

from __future__ import annotations

from ingest.extract.metadata import (
    PageMeta,
    choose_headline,
    parse_html_tree,
    published_candidates,
    read_page,
    strip_site_name,
)


def meta_of(
    head: str, body: str = "", url: str = "https://alwasat.ly/news/1"
) -> tuple[PageMeta, str]:
    """Parsed page metadata of a small document."""
    tree = parse_html_tree(f"<html><head>{head}</head><body>{body}<p>نص</p></body></html>")
    return read_page(tree), url


def test_jsonld_graph_list_and_malformed_json() -> None:
    head = (
        '<script type="application/ld+json">{"@type": "Organization", "name": "x",}</script>'
        '<script type="application/ld+json">[{"@type": "BreadcrumbList"},'
        ' {"@type": ["NewsArticle"], "headline": "خبر", "datePublished": "2026-01-02",}]</script>'
    )
    page, _ = meta_of(head)
    assert page.jsonld["headline"] == "خبر"
    assert published_candidates(page)[0] == ("2026-01-02", "jsonld")


def test_jsonld_with_raw_newlines_inside_strings() -> None:
    head = (
        '<script type="application/ld+json">{"@type": "Article", "headline": "سطر\nثان"}</script>'
    )
    page, url = meta_of(head)
    assert choose_headline(page, url)[0] == "سطر ثان"


def test_site_name_suffixes_and_prefixes_are_stripped() -> None:
    sites = ["بوابة الوسط"]
    url = "https://alwasat.ly/news/1"
    assert strip_site_name("عنوان الخبر - بوابة الوسط", sites, url) == "عنوان الخبر"
    assert strip_site_name("بوابة الوسط | عنوان الخبر", sites, url) == "عنوان الخبر"
    assert strip_site_name("عنوان الخبر – Alwasat", [], url) == "عنوان الخبر"
    assert strip_site_name("الحكومة - البرلمان: اتفاق", sites, url) == "الحكومة - البرلمان: اتفاق"


def test_h1_agreeing_with_title_wins_but_a_logo_h1_does_not() -> None:
    page, url = meta_of(
        "<title>عنوان الخبر الكامل | موقع الأخبار</title>",
        "<h1>موقع الأخبار</h1><h1>عنوان الخبر الكامل</h1>",
    )
    assert choose_headline(page, url) == ("عنوان الخبر الكامل", "h1")


def test_kicker_in_h1_is_dropped_in_favour_of_og_title() -> None:
    page, url = meta_of(
        '<meta property="og:title" content="Lässt sich die Ausbreitung kontrollieren?">',
        "<h1><span>Covid-19:</span> Lässt sich die Ausbreitung kontrollieren?</h1>",
    )
    assert choose_headline(page, url)[0] == "Lässt sich die Ausbreitung kontrollieren?"
