"""Whose date: embeds, lists of other posts and comments in WordPress, Joomla, Drupal and
custom-CMS markup, and the article's own places that look like them."""

from __future__ import annotations

from typing import Any

import pytest

from ingest.extract import foreignareas, metadata
from ingest.extract.pageindex import index_page

TEXT = "<p>" + "Die Landesregierung hat am Dienstag neue Regeln beschlossen. " * 6 + "</p>"
TWEET = (
    '<blockquote class="twitter-tweet"><p lang="ar" dir="rtl">بدء أعمال الصيانة</p>'
    "&mdash; حكومة الوحدة (@GNU_Libya) "
    '<a href="https://twitter.com/GNU_Libya/status/1268912">June 5, 2020</a></blockquote>'
)
INSTAGRAM = (
    '<blockquote class="instagram-media"><div><a href="https://www.instagram.com/p/Cx1/">'
    'View this post</a><p><time datetime="2023-01-04T10:12:00+00:00">Jan 4, 2023</time></p>'
    "</div></blockquote>"
)


def tree_of(body: str) -> Any:
    """A parsed page."""
    return metadata.parse_html_tree(f"<html><body>{body}</body></html>")


@pytest.mark.parametrize(
    ("html", "foreign"),
    [
        # WordPress: Gutenberg's embed figure, Jetpack's related posts, a widget
        (f'<figure class="wp-block-embed is-provider-twitter">{TWEET}</figure>', True),
        (INSTAGRAM, True),
        ('<div id="jp-relatedposts" class="jp-relatedposts"><time datetime="x">1</time></div>', True),
        ('<section class="widget widget_recent_entries"><time datetime="x">1</time></section>', True),
        # Elementor calls every block of the article a widget
        ('<div class="elementor-widget-container"><time datetime="x">1</time></div>', False),
        # Joomla modules and K2
        ('<div class="moduletable"><ul class="latestnews"><li>1</li></ul></div>', True),
        ('<div class="itemAuthorLatest"><ul><li>1</li></ul></div>', True),
        # Drupal: an embedded entity, a views block
        (f'<div class="embedded-entity">{TWEET}</div>', True),
        ('<div class="block-views-blockletzte-artikel"><span>1</span></div>', True),
        # a custom CMS: a tweet's blockquote without its class; a "more news" box
        ('<blockquote><p>نص</p><a href="https://x.com/abc/status/99">5 يونيو 2020</a></blockquote>', True),
        ('<div class="more-news"><span class="date">2024/01/12</span></div>', True),
        # the article's own places: a quotation, the entry footer, an aside with its meta
        ("<blockquote><p>قال الوزير إن الخطة تبدأ في يناير</p></blockquote>", False),
        ('<footer class="entry-footer"><time datetime="x">1</time></footer>', False),
        ('<aside class="meta"><time datetime="x">1</time></aside>', False),
    ],
)  # fmt: skip
def test_foreign_areas(html: str, foreign: bool) -> None:
    tree = tree_of(f"<article class='post related-none'><h1>x</h1>{html}</article>")
    inner = tree.xpath("//article/*[last()]")[0]
    assert foreignareas.in_foreign_area(inner) is foreign
    assert foreignareas.in_foreign_area(tree.xpath("//article")[0]) is False  # layout classes


def test_foreign_dates_are_those_found_only_in_foreign_areas() -> None:
    listed = '<time datetime="2026-11-20T09:00:00+02:00">20</time>'
    tree = tree_of(
        f"<article><h1>x</h1>{listed}{INSTAGRAM}"
        f'<div class="related-posts">{listed}<time datetime="2024-02-01">1</time></div></article>'
    )
    # the article's own time, listed again in "latest posts", stays the article's
    assert foreignareas.foreign_dates(tree) == {"2023-01-04T10:12:00+00:00", "2024-02-01"}
    indexed = foreignareas.foreign_dates(tree, index_page(tree))
    assert indexed == {"2023-01-04T10:12:00+00:00", "2024-02-01"}


def test_a_latest_articles_block_listing_the_article_itself_stays_for_htmldate() -> None:
    block = (
        '<div class="block-views-block-letzte-artikel"><div class="views-row">'
        '<a href="/menschenrechte-achten"><time datetime="2021-11-10">10.11.2021</time></a>'
        '</div><div class="views-row"><a href="/andere"><time datetime="2021-11-09">9</time></a>'
        "</div></div>"
    )
    tree = tree_of(f"<h1>Menschenrechte achten</h1>{TEXT}{block}")
    own = "https://www.awo.example/menschenrechte-achten"
    assert foreignareas.hidden_areas(tree, own) == []
    assert len(foreignareas.hidden_areas(tree, "https://www.awo.example/sonst")) == 1


def test_date_areas_in_foreign_areas_are_foreign_on_arabic_pages_without_a_time() -> None:
    own = '<span class="post-date">15 نوفمبر 2026</span>'
    listed = '<span class="date">2026/11/05 10:30</span>'
    html = f'<h1>خطة الكهرباء</h1>{own}<div class="more-news">{listed}{own}</div>'
    assert foreignareas.foreign_dates(tree_of(html)) == {"2026/11/05 10:30"}
    tree = tree_of(html)  # the same with the page's index
    assert foreignareas.foreign_dates(tree, index_page(tree)) == {"2026/11/05 10:30"}
    # a Latin-script page's date areas are not read by published: not looked at
    latin = f'<h1>Power plan</h1><div class="related-posts">{listed}</div>'
    assert foreignareas.foreign_dates(tree_of(latin)) == frozenset()
