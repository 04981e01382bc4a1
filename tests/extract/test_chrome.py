"""Chrome pruned from the tree before the main text is taken."""

from __future__ import annotations

from typing import Any

import pytest
from lxml import etree
from lxml import html as lxml_html

from ingest.extract.chrome import (
    CHROME_CLASS_PATTERN,
    CHROME_CLASS_SET,
    CHROME_CLASSES,
    CHROME_CUES,
    MAX_CHROME_BOX_CHARS,
    prune_chrome,
    prune_deck,
    prune_unshown,
)
from ingest.extract.htmltree import is_short
from ingest.extract.metadata import parse_html_tree

# A page of several CMS styles: marks and classes in the head, on <html> and <body>,
# nested chrome, upper-case and Turkish class words, a deck, e-mail fields.
MIXED_PAGE = """<html class="no-js"><head><title>t</title><meta hidden content="x">
<link class="noprint" rel="stylesheet"></head>
<body class="single single-post post-subtitle-on">
<header class="site-header"><nav class="menu"><a href="/" hidden>Home</a></nav></header>
<article class="post"><header class="entry-header"><h1>Headline</h1>
<p class="excerpt">A deck that sums the story up in a few words</p></header>
<div class="entry-content"><p>First paragraph <a hidden>#</a>of the text.</p>
<div class="sharedaddy sd-sharing-enabled"><div class="jp-relatedposts">Related
<span class="share-buttons">x</span></div></div>
<figure><img src="a.jpg"><div data-testid="Caption">A caption</div>
<p class="wp-caption-text">Photo: agency</p></figure>
<p>Second <span class="footnote-ref">1</span>paragraph.</p>
<div class="Share-Buttons">Upper-case classes stay</div>
<div class="İmage-caption">Dotted capital I</div>
<div class="newsletter-promo">Sign up</div><div class="promo-layout"><p>LONG</p></div>
<div class="box"><h4>Our letter</h4><input type="email"></div>
<div data-hook="imageViewerCaption">Wix caption</div><div data-testid="story-text">Kept</div>
<div class="author-bio">About the writer</div><h2 class="post-sub-title">Sub</h2>
</div></article><aside class="widget"><div class="d-print-none">tools</div></aside>
<footer class="site-footer"><p class="noprint">Footer tools</p></footer></body></html>
""".replace("LONG", "word " * 200)


def _pruned_by_xpath(tree: Any) -> None:
    """The element XPaths these functions replace, with the same tests."""
    for el in tree.xpath("//body//*[@hidden or @data-hook or @data-testid]"):
        marks = f"{el.get('data-hook', '')} {el.get('data-testid', '')}".lower()
        if el.get("hidden") is not None or "caption" in marks:
            el.drop_tree()
    for field in tree.xpath('//body//input[@type="email"]'):
        box = None
        for up in field.iterancestors():
            if up.tag in ("body", "article", "main") or not is_short(up, 300):
                break
            box = up
        if box is not None:
            box.drop_tree()
    for el in tree.xpath("//*[@class]"):
        classes = el.get("class", "")
        if (
            CHROME_CLASS_SET.intersection(classes.split())
            or (CHROME_CLASS_PATTERN.search(classes.lower()) and is_short(el, MAX_CHROME_BOX_CHARS))
        ) and el.getparent() is not None:
            el.drop_tree()


def test_chrome_classes_are_removed_with_their_text_only() -> None:
    tree = lxml_html.fromstring(
        '<html><body><div class="entry"><p>النص الأول</p><div class="sharedaddy">شارك</div>'
        'بقية<div class="newsletter-promo">اشترك</div><p>النص الثاني</p></div></body></html>'
    )
    prune_chrome(tree)
    assert tree.text_content() == "النص الأولبقيةالنص الثاني"


def test_a_long_box_named_like_chrome_stays() -> None:
    text = "كلمات المقال " * 80
    tree = lxml_html.fromstring(
        f'<html><body><div class="promo-layout"><p>{text}</p></div></body></html>'
    )
    prune_chrome(tree)
    assert "كلمات المقال" in tree.text_content()


def test_signup_box_around_an_email_field() -> None:
    tree = lxml_html.fromstring(
        '<html><body><article><p>النص</p><div><h4>النشرة</h4><input type="email"></div>'
        "</article></body></html>"
    )
    prune_chrome(tree)
    assert "النشرة" not in tree.text_content()


def test_deck_and_hidden_elements() -> None:
    tree = lxml_html.fromstring(
        '<html><body><header class="gh-article-header"><h1>العنوان</h1>'
        '<p class="gh-article-excerpt">ملخص المقال في سطر واحد طويل بعض الشيء</p></header>'
        "<p>النص <a hidden>#</a>كاملا</p></body></html>"
    )
    prune_deck(tree)
    prune_unshown(tree)
    assert tree.text_content() == "العنوانالنص كاملا"


def test_every_row_says_what_and_who() -> None:
    assert all(row.catches and row.family for row in CHROME_CLASSES)


def test_pruning_removes_what_the_element_xpaths_select() -> None:
    expected, tree = parse_html_tree(MIXED_PAGE), parse_html_tree(MIXED_PAGE)
    _pruned_by_xpath(expected)
    prune_unshown(tree)
    prune_chrome(tree)
    assert etree.tostring(tree) == etree.tostring(expected)
    text = tree.text_content()
    assert "Upper-case classes stay" in text and "Kept" in text and "Related" not in text


def test_a_deck_after_the_first_headline_in_the_body() -> None:
    tree = parse_html_tree(MIXED_PAGE)
    prune_deck(tree)
    assert "A deck that sums" not in tree.text_content()


def test_every_chrome_class_holds_a_cue() -> None:
    assert all(any(cue in row.token for cue in CHROME_CUES) for row in CHROME_CLASSES)


@pytest.mark.parametrize(
    "classes",
    [
        "newsletter",
        "x-subscribe-box",
        "subscription",
        "signup",
        "et_pb_promo",
        "cta-box",
        "author-bio",
        "writer_box",
        "about-the-author",
        "jeg_post_subtitle",
        "entry-sub-title",
        "story_sub_title",
    ],
)
def test_every_box_word_holds_a_cue(classes: str) -> None:
    assert CHROME_CLASS_PATTERN.search(classes)
    assert any(cue in classes for cue in CHROME_CUES)
