"""Aggregator attribution: banner, header, footer, source box, link to the original."""

from __future__ import annotations

import pytest

from ingest.extract import extract_article
from ingest.extract.attribution import (
    CUES,
    find_attribution,
    find_cited_link,
    find_linked_source,
    find_original_url,
    may_cite,
    may_link,
)
from ingest.extract.metadata import parse_html_tree
from ingest.models import Source

BODY = [f"فقرة رقم {i} من نص الخبر الأصلي." for i in range(8)]


@pytest.mark.parametrize(
    "header",
    ["مصدر الخبر / صحيفة الساعة 24", "مصدر الخبر: صحيفة الساعة 24", "مصدر الخبر/صحيفة الساعة 24"],
)
def test_header_forms_give_the_short_name(header: str) -> None:
    found = find_attribution(["ليبيا الان", header, *BODY])
    assert found.original_source == "صحيفة الساعة 24"
    assert found.paragraphs == BODY


@pytest.mark.parametrize(
    "footer",
    [
        "يمكنك ايضا قراءة الخبر في المصدر من موقع بوابة الوسط",
        "يمكنك أيضا قراءة الخبر في المصدر من موقع بوابة الوسط",
        "يمكنك أيضاً قراءة الخبر في المصدر من موقع بوابة الوسط",
    ],
)
def test_footer_and_about_box_are_stripped(footer: str) -> None:
    found = find_attribution([*BODY, footer, "عن مصدر الخبر", "موقع بوابة الوسط"])
    # "موقع" ("the website of") is dropped: the outlet calls itself "بوابة الوسط".
    assert found.original_source == "بوابة الوسط"
    assert found.paragraphs == BODY


def test_header_name_beats_the_footer_long_name() -> None:
    paragraphs = [
        "مصدر الخبر / بوابة الوسط",
        *BODY,
        "يمكنك ايضا قراءة الخبر في المصدر من موقع بوابة الوسط",
    ]
    assert find_attribution(paragraphs).original_source == "بوابة الوسط"


def test_attribution_in_the_middle_counts_only_for_aggregators() -> None:
    paragraphs = [*BODY[:4], "مصدر الخبر / بوابة الوسط", *BODY[4:]]
    assert find_attribution(paragraphs).original_source is None
    assert find_attribution(paragraphs, aggregator=True).original_source == "بوابة الوسط"


def test_ordinary_article_is_untouched() -> None:
    found = find_attribution(BODY)
    assert found.original_source is None
    assert found.paragraphs == BODY


def test_off_site_link_near_the_footer_is_the_original_url() -> None:
    tree = parse_html_tree(
        "<html><body><a href='/libya-news/1.html'>خبر</a><a href='https://facebook.com/x'>فيسبوك</a>"
        "<p>يمكنك ايضا قراءة الخبر في المصدر من "
        "<a href='https://alsaaa24.net/news/abc'>صحيفة الساعة 24</a></p></body></html>"
    )
    url = find_original_url(
        tree, "https://www.libyaakhbar.com/libya-news/2.html", "صحيفة الساعة 24"
    )
    assert url == "https://alsaaa24.net/news/abc"


@pytest.mark.parametrize(
    ("header", "footer"),
    [
        ("المصدر: صحيفة المرصد", "نقلا عن موقع صحيفة المرصد"),
        ("المصدر / صحيفة المرصد", "نقلاً عن صحيفة المرصد"),
        (None, "نقلا عن: صحيفة المرصد"),
        ("المصدر: صحيفة المرصد", None),
    ],
)
def test_other_aggregators_plain_source_lines(header: str | None, footer: str | None) -> None:
    paragraphs = [p for p in (header, *BODY, footer) if p]
    found = find_attribution(paragraphs)
    assert found.original_source == "صحيفة المرصد"
    assert found.paragraphs == BODY


def test_a_source_line_inside_the_text_of_a_long_article_is_kept() -> None:
    middle = "المصدر: مصادر عسكرية تحدثت لوسائل الإعلام"
    long_body = [f"فقرة رقم {i} من نص الخبر الطويل بما يكفي." for i in range(10)]
    paragraphs = [*long_body[:5], middle, *long_body[5:]]
    found = find_attribution(paragraphs)
    assert found.original_source is None
    assert found.paragraphs == paragraphs


def test_first_published_on_names_the_original() -> None:
    found = find_attribution(
        ["نص الخبر المنقول طويل بما يكفي ليكون فقرة.", "نُشر هذا الخبر أولاً على قناة ليبيا الأحرار"]
    )
    assert found.original_source == "قناة ليبيا الأحرار"
    assert found.paragraphs == ["نص الخبر المنقول طويل بما يكفي ليكون فقرة."]
    article = find_attribution(["نشر المقال لأول مرة في موقع بوابة الوسط", "نص المقال."])
    assert article.original_source == "بوابة الوسط"


def test_an_excerpt_aggregators_linked_source_line_names_the_original() -> None:
    line = (
        '<div><a class="btn" href="https://alwasat.ly/news/libya/523418">لقراءة الخبر كاملاً</a>'
        '<span>المصدر: <a href="https://alwasat.ly/news/libya/523418">بوابة الوسط</a></span></div>'
    )
    tree = parse_html_tree(f"<html><body><article><p>مقتطف.</p>{line}</article></body></html>")
    assert find_linked_source(tree, "https://mojazlibya.com/news/884213") == (
        "بوابة الوسط",
        "https://alwasat.ly/news/libya/523418",
    )
    # A source line without an off-site link (an image credit, a ministry) names nothing.
    for other in (
        "<p>المصدر: وزارة الصحة</p>",
        '<p>المصدر: <a href="/tag/health">وزارة الصحة</a></p>',
    ):
        tree = parse_html_tree(f"<html><body>{other}</body></html>")
        assert find_linked_source(tree, "https://mojazlibya.com/news/1") is None


def test_a_source_link_beside_the_outlets_logo_names_the_original() -> None:
    href = "https://www.afrigatenews.net/article/x"
    box = (
        f'<div class="wj-source"><a href="{href}"><img src="/l.png" alt="بوابة أفريقيا الإخبارية"></a>'
        f'<a href="{href}">المصدر</a></div>'
    )
    tree = parse_html_tree(f"<html><body><p>نص.</p>{box}</body></html>")
    assert find_linked_source(tree, "https://wajez.ly/khabar/1") == (
        "بوابة أفريقيا الإخبارية",
        href,
    )
    # A logo beside any other off-site link names nothing.
    other = f'<div><a href="{href}"><img alt="بوابة أفريقيا الإخبارية"></a><a href="{href}">شارك</a></div>'
    tree = parse_html_tree(f"<html><body>{other}</body></html>")
    assert find_linked_source(tree, "https://wajez.ly/khabar/1") is None


AGGREGATOR_URL = "http://127.0.0.1:40893/libya-news/2794442.html"
ORIGINAL_URL = "http://127.0.0.1:38475/post.php?lang=ar&id=359625"


def copy_page(header: str, footer: str, *, extra: str = "") -> str:
    """A libyaakhbar-like copy: attribution header, body, "read it at the source" footer."""
    paragraphs = "".join(f"<p>{p}</p>" for p in BODY)
    return (
        "<html><body><div class='top-banner'><a href='/'>ليبيا الان</a></div>"
        f"<article><h1>عنوان الخبر</h1><div class='entry-content'>"
        f"<p class='news-source'><strong>{header}</strong></p>{paragraphs}"
        f"<p class='read-source'>{footer}</p></div></article>{extra}</body></html>"
    )


@pytest.mark.parametrize(
    ("header", "footer"),
    [
        # the footer links the original, its text the aggregator's spelling of the name
        (
            "مصدر الخبر / وكالة الانباء الليبية",
            f"يمكنك ايضا قراءة الخبر في المصدر من <a href='{ORIGINAL_URL}'>وكالة الانباء الليبية وال</a>",
        ),
        # the link says something else entirely
        (
            "مصدر الخبر / وكالة الانباء الليبية",
            f"يمكنك أيضاً قراءة الخبر في المصدر من <a href='{ORIGINAL_URL}'>اضغط هنا</a>",
        ),
        # the header holds the link, the footer none
        (
            f"مصدر الخبر / <a href='{ORIGINAL_URL}'>وال</a>",
            "يمكنك ايضا قراءة الخبر في المصدر من وكالة الانباء الليبية وال",
        ),
        ("المصدر: وكالة الانباء الليبية", f"نقلا عن <a href='{ORIGINAL_URL}'>الوكالة</a>"),
    ],
)
def test_the_link_in_an_attribution_line_is_the_original_url(header: str, footer: str) -> None:
    # Another port of the same address is another site (RFC 6454): the test landscape
    # serves every outlet on 127.0.0.1.
    tree = parse_html_tree(copy_page(header, footer))
    assert find_cited_link(tree, AGGREGATOR_URL) == ORIGINAL_URL
    assert find_original_url(tree, AGGREGATOR_URL) == ORIGINAL_URL


@pytest.mark.parametrize(
    "footer",
    [
        # the aggregator's own page about the source
        "يمكنك ايضا قراءة الخبر في المصدر من <a href='/source/lana'>وكالة الانباء الليبية</a>",
        # the outlet's front page names the outlet, not the story
        "يمكنك ايضا قراءة الخبر في المصدر من <a href='http://127.0.0.1:38475/'>وال</a>",
        "يمكنك ايضا قراءة الخبر في المصدر من وكالة الانباء الليبية وال",
    ],
)
def test_no_original_url_without_an_off_site_story_link(footer: str) -> None:
    share = "<div class='share'><a href='https://facebook.com/sharer?u=x'>فيسبوك</a></div>"
    tree = parse_html_tree(copy_page("مصدر الخبر / وال", footer, extra=share))
    assert find_original_url(tree, AGGREGATOR_URL) is None


def test_an_aggregator_copy_gets_its_original_url_end_to_end() -> None:
    footer = (
        f'يمكنك ايضا قراءة الخبر في المصدر من <a href="{ORIGINAL_URL.replace("&", "&amp;")}" '
        'rel="nofollow" target="_blank">وكالة الانباء الليبية وال</a>'
    )
    html = copy_page("مصدر الخبر / وكالة الانباء الليبية", footer)
    source = Source(
        id="akhbar", name="ليبيا الان", homepage="http://127.0.0.1:40893/", aggregator=True
    )
    article = extract_article(html, AGGREGATOR_URL, source)
    assert article.original_source == "وكالة الانباء الليبية"
    assert article.original_url == ORIGINAL_URL
    assert "يمكنك ايضا" not in (article.body or "")


@pytest.mark.parametrize("cue", CUES)
def test_a_page_holding_any_cue_is_read_for_a_citation(cue: str) -> None:
    page = f"<html><body><p>Text “quoted” in English.</p><p>{cue} x</p></body></html>"
    assert may_cite(page)
    assert may_link(page) == ("المصدر" in cue)


@pytest.mark.parametrize(
    "page", ["<p>Text “quoted” in English.</p>", "<p>أخبار ليبيا اليوم</p>", "<p>plain</p>"]
)
def test_a_page_without_cues_is_not_read_for_a_citation(page: str) -> None:
    assert not may_cite(page)
    assert not may_link(page)
