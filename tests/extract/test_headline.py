"""Headlines: site names stripped, the visible heading against the metadata."""

from __future__ import annotations

import pytest

from ingest.extract.headline import choose_headline, strip_site_name
from ingest.extract.metadata import PageMeta, parse_html_tree, read_page


def meta_of(
    head: str, body: str = "", url: str = "https://alwasat.ly/news/1"
) -> tuple[PageMeta, str]:
    """Parsed page metadata of a small document."""
    tree = parse_html_tree(f"<html><head>{head}</head><body>{body}<p>نص</p></body></html>")
    return read_page(tree), url


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


# (head, body, expected headline, expected method): how the page's titles are weighed.
CASES = {
    "h1 agreeing with the title wins, a logo h1 does not": (
        "<title>عنوان الخبر الكامل | موقع الأخبار</title>",
        "<h1>موقع الأخبار</h1><h1>عنوان الخبر الكامل</h1>",
        "عنوان الخبر الكامل",
        "h1",
    ),
    "a kicker in the h1 is dropped in favour of og:title": (
        '<meta property="og:title" content="Lässt sich die Ausbreitung kontrollieren?">',
        "<h1><span>Covid-19:</span> Lässt sich die Ausbreitung kontrollieren?</h1>",
        "Lässt sich die Ausbreitung kontrollieren?",
        "meta",
    ),
    "the visible headline beats an SEO og:title that says the same": (
        '<meta property="og:title" content="سعر الدينار الليبي اليوم: تراجع أمام الدولار">',
        '<h1 class="entry-title">تراجع الدينار الليبي أمام الدولار اليوم في السوق الموازية</h1>',
        "تراجع الدينار الليبي أمام الدولار اليوم في السوق الموازية",
        "heading",
    ),
    "a headline-classed span inside a kicker h1 is the headline": (
        '<meta property="og:title" content="اقتصاد: المركزي يعلن سعر صرف جديد للدينار">',
        '<h1><span class="kicker">اقتصاد</span>'
        '<span class="article__headline">المركزي يعلن سعر صرف جديد للدينار</span></h1>',
        "المركزي يعلن سعر صرف جديد للدينار",
        "heading",
    ),
    "headings in sidebars, hidden and related blocks are not headlines": (
        '<meta property="og:title" content="حكومة الوحدة تعلن موعد الانتخابات البلدية">',
        '<aside><h2 class="entry-title">حكومة الوحدة تعلن موعد الانتخابات البلدية في الجنوب</h2>'
        '</aside><div class="sr-only"><h1>حكومة الوحدة تعلن موعد الانتخابات</h1></div>'
        '<div class="related-posts"><h2 class="post-title">حكومة الوحدة تعلن موعد</h2></div>',
        "حكومة الوحدة تعلن موعد الانتخابات البلدية",
        "meta",
    ),
    "a heading with a date around the title yields the title": (
        '<meta property="og:title" content="Netzpolitik als US-Wahlkampfthema">',
        '<h2 class="entry-title">Netzpolitik als US-Wahlkampfthema <span>30. Oktober 2019</span>'
        "</h2>",
        "Netzpolitik als US-Wahlkampfthema",
        "meta",
    ),
    "a truncated og:title yields to the whole heading": (
        '<meta property="og:title" content="Viele Studierende sind noch auf Wohnungssuche in...">'
        "<title>Viele Studierende sind noch auf Wohnungssuche in Freiburg - Zeitung</title>",
        "<h1>Viele Studierende sind noch auf Wohnungssuche in Freiburg</h1>",
        "Viele Studierende sind noch auf Wohnungssuche in Freiburg",
        "h1",
    ),
    "a heading unrelated to the metadata is not taken": (
        '<meta property="og:title" content="البرلمان يصوت على الميزانية العامة">',
        "<h1>أخبار محلية</h1><h2>الأكثر قراءة</h2>",
        "البرلمان يصوت على الميزانية العامة",
        "meta",
    ),
    "hostile headings (huge, empty, hundreds) do not break the choice": (
        '<meta property="og:title" content="خبر">',
        '<h1 class="entry-title">' + "كلمة " * 2000 + "</h1>" + '<h2 class="headline"></h2>' * 500,
        "خبر",
        "meta",
    ),
    "without h1 or OpenGraph, the first content h2 beats a 'Site | Section' title": (
        "<title>وزارة الصحة | الأخبار</title>",
        '<div id="nav"><h2>القائمة الرئيسية</h2></div><h2>الحملة الوطنية للتطعيم ضد الحصبة</h2>',
        "الحملة الوطنية للتطعيم ضد الحصبة",
        "h2",
    ),
    "a <title> that holds a whole headline beats an unrelated h2": (
        "<title>وكالة الأنباء الليبية - وزارة المواصلات تبحث تحسين خدمات الكهرباء في درنة</title>",
        '<h2 class="news-title">النائب العام يستعرض دعم القطاع الصحي في الجنوب</h2>',
        "وكالة الأنباء الليبية - وزارة المواصلات تبحث تحسين خدمات الكهرباء في درنة",
        "title",
    ),
    "a page-title block with breadcrumbs yields to the article heading": (
        "<title>وصول شحنة أدوية إلى مركز سبها الطبي - سبها أونلاين</title>",
        '<div class="page-title"><h2>أخبار محلية</h2><span>الرئيسية</span> <span>أخبار محلية'
        "</span> <span>وصول شحنة أدوية إلى مركز سبها الطبي</span></div>"
        '<div class="itemView"><h2 class="itemTitle">وصول شحنة أدوية إلى مركز سبها الطبي</h2></div>',
        "وصول شحنة أدوية إلى مركز سبها الطبي",
        "heading",
    ),
    "a 'Site :: Headline' title: the marked heading is the headline, not the site": (
        "<title>الخبر الليبي :: مصلحة الآثار تبدأ ترميم المسرح الروماني في صبراتة</title>",
        '<h2 class="news-title">مصلحة الآثار تبدأ ترميم المسرح الروماني في صبراتة</h2>',
        "مصلحة الآثار تبدأ ترميم المسرح الروماني في صبراتة",
        "heading",
    ),
    "'section | site' title: a marked h3 beats a marked bar of breadcrumbs": (
        "<title>تفاصيل الخبر | الهيئة العامة للأوقاف والشؤون الإسلامية</title>",
        '<div class="page-title">أخبار الهيئة <a href="/">الرئيسية</a> تفاصيل الخبر</div>'
        '<h3 class="news-title"><span id="lblTitle">الهيئة تفتح باب التسجيل في قرعة الحج</span></h3>',
        "الهيئة تفتح باب التسجيل في قرعة الحج",
        "heading",
    ),
}


@pytest.mark.parametrize(("head", "body", "headline", "method"), CASES.values(), ids=CASES.keys())
def test_choose_headline(head: str, body: str, headline: str, method: str) -> None:
    page, url = meta_of(head, body)
    assert choose_headline(page, url) == (headline, method)


def test_sticky_sidebar_wrappers_around_the_article_are_not_furniture() -> None:
    page, url = meta_of(
        '<meta property="og:title" content="وزير الاقتصاد: لا زيادة في الأسعار - تفاصيل">',
        '<div class="container penci_sidebar right-sidebar"><div class="theiaStickySidebar">'
        '<article><h1 class="entry-title">وزير الاقتصاد: “لا زيادة في الأسعار” – تفاصيل</h1>'
        '</article></div></div><aside class="sidebar"><h2 class="entry-title">خبر آخر</h2></aside>',
    )
    assert choose_headline(page, url) == (
        "وزير الاقتصاد: “لا زيادة في الأسعار” – تفاصيل",
        "heading",
    )
