"""Boilerplate lines: a body starts at its first paragraph, never at a caption or credit.

The pages are written in the markup of four CMS families (WordPress, Drupal, Ghost and a
custom Arabic news CMS), each with a caption or credit under the lead image and a wire
story's dateline lede after it.
"""

from __future__ import annotations

import pytest

from ingest.extract import extract_article
from ingest.extract.boilerplate import clean_paragraphs, drop_lead_captions, is_chrome_line

REUTERS_LEDE = (
    "TRIPOLI (Reuters) — Libya's central bank said on Sunday it would resume "
    "publishing monthly figures on state revenue after a pause of six months."
)
AP_LEDE = (
    "BENGHAZI, Libya (AP) — Flood barriers along the Wadi Derna were inspected on "
    "Monday by engineers sent from the capital, officials said."
)
ARABIC_LEDE = (
    "طرابلس (رويترز) - قال مصرف ليبيا المركزي يوم الأحد إنه سيستأنف نشر الأرقام "
    "الشهرية للإيرادات العامة بعد توقف دام ستة أشهر."
)
ENGLISH_REST = [
    "The bank stopped publishing the figures in the spring, when the two governments "
    "disputed how oil revenue should be shared between the east and the west.",
    "Economists in Tripoli welcomed the decision, saying that regular figures would "
    "help importers plan their purchases of foreign currency for the coming months.",
    "The next report is expected at the start of the month, the bank said in a "
    "statement posted on its website and read out on national television.",
]
ARABIC_REST = [
    "وكان المصرف قد أوقف نشر الأرقام في الربيع الماضي بعد خلاف بين الحكومتين حول "
    "طريقة تقاسم إيرادات النفط بين شرق البلاد وغربها.",
    "ورحب اقتصاديون في طرابلس بالقرار وقالوا إن نشر الأرقام بانتظام سيساعد "
    "المستوردين على التخطيط لمشترياتهم من العملة الأجنبية في الأشهر المقبلة.",
    "ومن المنتظر صدور التقرير التالي في بداية الشهر بحسب بيان نشره المصرف على "
    "موقعه الإلكتروني وتلاه التلفزيون الرسمي.",
]


def _paras(texts: list[str]) -> str:
    """Paragraph elements of the given texts."""
    return "".join(f"<p>{text}</p>" for text in texts)


def wordpress(caption: str, lede: str, rest: list[str]) -> str:
    """A WordPress single post with a Gutenberg image block and a caption line."""
    return (
        "<html><head><title>Central bank to resume figures</title></head><body>"
        '<div class="site"><article class="post type-post"><header class="entry-header">'
        '<h1 class="entry-title">Central bank to resume figures</h1></header>'
        '<div class="entry-content"><figure class="wp-block-image"><img src="a.jpg"></figure>'
        f"<p><em>{caption}</em></p>{_paras([lede, *rest])}</div></article></div></body></html>"
    )


def drupal(caption: str, lede: str, rest: list[str]) -> str:
    """A Drupal 9 node with its body field and a credit line above the text."""
    return (
        "<html><head><title>Derna barriers inspected</title></head><body>"
        '<main><article class="node node--type-article"><h1 class="page-title">'
        'Derna barriers inspected</h1><div class="field field--name-body">'
        f'<img src="b.jpg"><p class="credit">{caption}</p>{_paras([lede, *rest])}'
        "</div></article></main></body></html>"
    )


def ghost(caption: str, lede: str, rest: list[str]) -> str:
    """A Ghost post: header, then the content section opening with an illustration."""
    return (
        "<html><head><title>Figures return</title></head><body>"
        '<article class="gh-article post"><header class="gh-article-header">'
        '<h1 class="gh-article-title">Figures return</h1></header>'
        '<section class="gh-content gh-canvas"><figure class="kg-card kg-image-card">'
        f'<img src="c.jpg"></figure><p>{caption}</p>{_paras([lede, *rest])}'
        "</section></article></body></html>"
    )


def news_cms(caption: str, lede: str, rest: list[str]) -> str:
    """A custom Arabic news CMS: a details box with the picture, its caption, the text."""
    return (
        '<html lang="ar" dir="rtl"><head><title>المركزي يستأنف نشر الأرقام</title></head>'
        '<body><div class="container"><div class="news-details"><h1>المركزي يستأنف نشر الأرقام'
        f'</h1><div class="news-img"><img src="d.jpg"></div><p>{caption}</p>'
        f'<div class="news-text">{_paras([lede, *rest])}</div></div></div></body></html>'
    )


PAGES = [
    (wordpress, "(Photo by Mahmud Turkia/AFP via Getty Images)", REUTERS_LEDE, ENGLISH_REST),
    (wordpress, "Photo: Reuters", AP_LEDE, ENGLISH_REST),
    (drupal, "Courtesy of the Ministry of Water Resources", AP_LEDE, ENGLISH_REST),
    (drupal, "Photo credit: GECOL", REUTERS_LEDE, ENGLISH_REST),
    (ghost, "Illustration by Sara Ali", REUTERS_LEDE, ENGLISH_REST),
    (news_cms, "صورة أرشيفية", ARABIC_LEDE, ARABIC_REST),
    (news_cms, "تصوير: محمد علي", ARABIC_LEDE, ARABIC_REST),
    (news_cms, "المصدر: وكالة الأنباء الليبية", ARABIC_LEDE, ARABIC_REST),
]


@pytest.mark.parametrize(("make", "caption", "lede", "rest"), PAGES)
def test_body_starts_at_the_lede_not_at_the_caption(
    make: object, caption: str, lede: str, rest: list[str]
) -> None:
    """The caption under the lead image goes; the wire lede is the first paragraph."""
    assert callable(make)
    article = extract_article(make(caption, lede, rest), "https://example.ly/news/1")
    assert article.body is not None
    paragraphs = article.body.split("\n\n")
    assert paragraphs[0] == lede
    assert caption not in article.body
    assert paragraphs[-1] == rest[-1]


@pytest.mark.parametrize(("make", "lede", "rest"), [(wordpress, REUTERS_LEDE, ENGLISH_REST)])
def test_without_a_caption_the_first_paragraph_is_kept(
    make: object, lede: str, rest: list[str]
) -> None:
    """A page whose text opens at once keeps its first paragraph."""
    assert callable(make)
    page = make("", lede, rest).replace("<p><em></em></p>", "")
    article = extract_article(page, "https://example.ly/news/2")
    assert article.body is not None
    assert article.body.split("\n\n")[0] == lede


def test_lead_captions_are_short_lines_at_the_top_only() -> None:
    """A caption is dropped at the top; the same words inside the text, or a long first
    paragraph that opens with them, stay."""
    text = ["Courtesy of the ministry", REUTERS_LEDE, "Photo by the author, taken in 2019"]
    assert drop_lead_captions(text) == text[1:]
    long_first = "Courtesy of the ministry, " + REUTERS_LEDE
    assert drop_lead_captions([long_first, AP_LEDE]) == [long_first, AP_LEDE]
    assert drop_lead_captions(["صورة أرشيفية"]) == ["صورة أرشيفية"]  # never all of it


@pytest.mark.parametrize("lede", [REUTERS_LEDE, AP_LEDE, ARABIC_LEDE])
def test_agency_ledes_are_text(lede: str) -> None:
    """A dateline with the agency's name opens the story; it is no chrome line."""
    assert not is_chrome_line(lede)
    assert clean_paragraphs([lede, *ENGLISH_REST]) == [lede, *ENGLISH_REST]


@pytest.mark.parametrize(
    "line",
    ["Share this article", "Tags: Libya, Oil", "Advertisement", "Read more: Oil output rises"],
)
def test_chrome_lines(line: str) -> None:
    """Share, tag, ad and related-link lines are chrome wherever they stand."""
    assert is_chrome_line(line)


@pytest.mark.parametrize(
    ("line", "chrome"),
    [
        ("© 2025 Libya Herald", True),
        ("Copyright 2024 Example Media", True),
        ("Example Media. All rights reserved.", True),
        ("Les textes sont de nous. Tous droits réservés.", True),
        ("جميع الحقوق محفوظة لموقع المثال", True),
        ("– تابعونا على فيسبوك", True),
        ("Enjoyed this article? Share it", True),
        ("الموقع غير مسؤول عن محتوى التعليقات", True),
        ("The logo © of the club was shown at the match on Sunday.", False),
        ("He said they would follow the story; تابعونا was the slogan.", False),
    ],
)
def test_rights_and_promotions_open_the_line_or_stand_anywhere(line: str, chrome: bool) -> None:
    """A copyright sign or a promotion's verb counts where it opens the line; "all rights
    reserved" and disclaimers count anywhere."""
    assert is_chrome_line(line) is chrome
