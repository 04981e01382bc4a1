"""Aggregator attribution: banner, header, footer, source box, link to the original."""

from __future__ import annotations

import pytest

from ingest.extract.attribution import find_attribution, find_linked_source, find_original_url
from ingest.extract.metadata import parse_html_tree

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
