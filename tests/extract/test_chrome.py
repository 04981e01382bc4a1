"""Chrome pruned from the tree before the main text is taken."""

from __future__ import annotations

from lxml import html as lxml_html

from ingest.extract.chrome import CHROME_CLASSES, prune_chrome, prune_deck, prune_unshown


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
