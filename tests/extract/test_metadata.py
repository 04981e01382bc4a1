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


def test_visible_headline_beats_an_seo_og_title_that_says_the_same() -> None:
    page, url = meta_of(
        '<meta property="og:title" content="سعر الدينار الليبي اليوم: تراجع أمام الدولار">',
        '<h1 class="entry-title">تراجع الدينار الليبي أمام الدولار اليوم في السوق الموازية</h1>',
    )
    assert choose_headline(page, url) == (
        "تراجع الدينار الليبي أمام الدولار اليوم في السوق الموازية",
        "heading",
    )


def test_headline_classed_span_inside_a_kicker_h1_is_the_headline() -> None:
    page, url = meta_of(
        '<meta property="og:title" content="اقتصاد: المركزي يعلن سعر صرف جديد للدينار">',
        '<h1><span class="kicker">اقتصاد</span>'
        '<span class="article__headline">المركزي يعلن سعر صرف جديد للدينار</span></h1>',
    )
    assert choose_headline(page, url)[0] == "المركزي يعلن سعر صرف جديد للدينار"


def test_headings_in_sidebars_menus_and_hidden_blocks_are_not_headlines() -> None:
    page, url = meta_of(
        '<meta property="og:title" content="حكومة الوحدة تعلن موعد الانتخابات البلدية">',
        '<aside><h2 class="entry-title">حكومة الوحدة تعلن موعد الانتخابات البلدية في الجنوب</h2>'
        '</aside><div class="sr-only"><h1>حكومة الوحدة تعلن موعد الانتخابات</h1></div>'
        '<div class="related-posts"><h2 class="post-title">حكومة الوحدة تعلن موعد</h2></div>',
    )
    assert choose_headline(page, url) == ("حكومة الوحدة تعلن موعد الانتخابات البلدية", "meta")


def test_a_heading_with_a_date_or_kicker_around_the_title_yields_the_title() -> None:
    page, url = meta_of(
        '<meta property="og:title" content="Netzpolitik als US-Wahlkampfthema">',
        '<h2 class="entry-title">Netzpolitik als US-Wahlkampfthema <span>30. Oktober 2019</span>'
        "</h2>",
    )
    assert choose_headline(page, url) == ("Netzpolitik als US-Wahlkampfthema", "meta")


def test_a_truncated_og_title_yields_to_the_whole_heading() -> None:
    page, url = meta_of(
        '<meta property="og:title" content="Viele Studierende sind noch auf Wohnungssuche in...">'
        "<title>Viele Studierende sind noch auf Wohnungssuche in Freiburg - Zeitung</title>",
        "<h1>Viele Studierende sind noch auf Wohnungssuche in Freiburg</h1>",
    )
    assert (
        choose_headline(page, url)[0] == "Viele Studierende sind noch auf Wohnungssuche in Freiburg"
    )


def test_a_heading_unrelated_to_the_metadata_is_not_taken() -> None:
    page, url = meta_of(
        '<meta property="og:title" content="البرلمان يصوت على الميزانية العامة">',
        "<h1>أخبار محلية</h1><h2>الأكثر قراءة</h2>",
    )
    assert choose_headline(page, url) == ("البرلمان يصوت على الميزانية العامة", "meta")


def test_hostile_headings_do_not_break_the_choice() -> None:
    long_text = "كلمة " * 2000
    page, url = meta_of(
        '<meta property="og:title" content="خبر">',
        f'<h1 class="entry-title">{long_text}</h1>' + '<h2 class="headline"></h2>' * 500,
    )
    assert choose_headline(page, url) == ("خبر", "meta")


def test_a_page_title_block_with_breadcrumbs_yields_to_the_article_heading() -> None:
    page, url = meta_of(
        "<title>وصول شحنة أدوية إلى مركز سبها الطبي - سبها أونلاين</title>",
        '<div class="page-title"><h2>أخبار محلية</h2><span>الرئيسية</span> <span>أخبار محلية'
        "</span> <span>وصول شحنة أدوية إلى مركز سبها الطبي</span></div>"
        '<div class="itemView"><h2 class="itemTitle">وصول شحنة أدوية إلى مركز سبها الطبي</h2></div>',
    )
    assert choose_headline(page, url) == ("وصول شحنة أدوية إلى مركز سبها الطبي", "heading")
