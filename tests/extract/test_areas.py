"""Byline and date areas, today bars, comment threads."""

from __future__ import annotations

from lxml import html as lxml_html

from ingest.extract.areas import comment_threads, read_byline_texts, today_bars


def test_byline_texts_skip_the_masthead_date_and_long_boxes() -> None:
    tree = lxml_html.fromstring(
        '<html><body><div class="topbar-today-date">الخميس 16 يناير 2025</div>'
        '<div class="post-meta">بقلم سالم | 12 يناير 2025</div>'
        '<div class="post-info">' + "نص طويل " * 80 + "</div></body></html>"
    )
    assert read_byline_texts(tree) == ["بقلم سالم | 12 يناير 2025"]
    assert [el.get("class") for el in today_bars(tree)] == ["topbar-today-date"]


def test_outermost_comment_threads_only() -> None:
    tree = lxml_html.fromstring(
        '<html><body><div id="comments"><div class="comment">أ</div></div>'
        '<div class="commentary">تحليل</div></body></html>'
    )
    classed = tree.xpath("//body//*[@class or @id]")
    assert [el.get("id") for el in comment_threads(classed)] == ["comments"]
