"""The page index: what one walk finds is what the XPaths it replaces find."""

from __future__ import annotations

import re
from typing import Any

from lxml import html as lxml_html

from ingest.extract.htmltree import Matches, class_words, parse_html_tree
from ingest.extract.pageindex import INDEXED_TAGS, document_iter, index_page

# WordPress (hAtom, entry-title, rel=author, comments), Drupal (field classes, itemprop),
# a custom Arabic CMS (byline tooltip), Blogger (abbr.published), and odd markup: a class
# on <body> and <html>, empty class and id attributes, a <byline> element, a headline
# itemprop without a class, scripts and styles with ids.
PAGE = """<html class="no-js" lang="ar"><head><title>خبر | الموقع</title>
<meta property="og:title" content="خبر"><meta itemprop="datePublished" content="2026-01-02">
<link rel="canonical" href="https://example.ly/a"><link rel="author" href="/me">
<script type="application/ld+json">{"@type": "NewsArticle"}</script>
<style id="theme-css">.x{}</style></head>
<body class="single post-template comments-open">
<header class="site-header"><div class="site-title">الموقع</div>
<nav class="main-menu"><a href="/" title="Home: start">الرئيسية</a></nav></header>
<article id="post-1" class="post type-post status-publish hentry">
<h1 class="entry-title">خبر مهم</h1><h2 itemprop="headline">عنوان</h2>
<div class="entry-meta"><span class="byline"><a rel="author" href="/a">سالم</a></span>
<abbr class="published" title="2026-01-02T10:00">2 يناير</abbr>
<abbr class="updated" title="2026-01-03T10:00">3 يناير</abbr>
<time datetime="2026-01-02" itemprop="datePublished">2 يناير</time>
<span title="2026-01-02 08:05" class="">منذ ساعة</span></div>
<div class="" id="">نص</div><byline>بقلم سالم</byline><p>نص المقال</p>
<script id="inline">var a = 1;</script>
<div class="field field--name-field-author" itemprop="author">Anna</div>
<section id="comments" class="comments-area"><div class="comment-author">قارئ</div>
<div class="comment-meta"><a title="4 January 2026, 10:00">4 يناير</a></div></section>
</article><aside class="widget related-posts"><h2 class="widget-title">ذات صلة</h2></aside>
</body></html>"""

XPATHS = {
    "classed": "//body//*[@class or @id][not(self::script or self::style)]",
    "tooltips": '//body//*[contains(@title, ":")]',
    "hatom": '//*[@title][contains(@class, "published") or contains(@class, "updated")]',
    "headings": '//*[self::h1 or self::h2 or @itemprop="headline" or ((contains(@class, "itle")'
    ' or contains(@class, "eadline")) and not(self::body or self::html))]',
}


def _same_as_xpaths(tree: Any) -> None:
    """Every field of the index equals what its XPath or tag scan finds."""
    index = index_page(tree)
    for name, xpath in XPATHS.items():
        assert getattr(index, name) == tree.xpath(xpath), name
    assert [el for el, _ in index.itemprops] == tree.xpath("//*[@itemprop][not(self::meta)]")
    assert [prop for _, prop in index.itemprops] == tree.xpath("//*[not(self::meta)]/@itemprop")
    assert list(index.words) == tree.xpath("//*[@class or @id]")
    assert all(words == class_words(el) for el, words in index.words.items())
    for tag in INDEXED_TAGS:
        assert index.tags[tag] == list(tree.getroottree().iter(tag)), tag


def test_the_index_finds_what_the_xpaths_find() -> None:
    tree = parse_html_tree(PAGE)
    _same_as_xpaths(tree)
    index = index_page(tree)
    assert [el.get("class") or el.tag for el in index.bylines] == [
        "byline",
        "a",  # rel="author" in the byline; the <link rel=author> in the head is no byline
        "byline",
        "field field--name-field-author",
        "comment-author",  # readers skip what is inside comments themselves
    ]
    assert [el.tag for el in index.headings][:3] == ["div", "h1", "h2"]


def test_author_elements_match_the_attribute_tests() -> None:
    tree = parse_html_tree(PAGE)
    expected = [
        el
        for el in tree.xpath("//*[@class or @id or @itemprop or @rel or self::byline]")
        if el.tag not in ("meta", "link", "script", "style", "body", "html", "h1", "h2")
        and (
            "author" in class_words(el)
            or "byline" in class_words(el)
            or el.tag == "byline"
            or el.get("itemprop") == "author"
            or "author" in el.get("rel", "").split()
        )
    ]
    assert index_page(tree).bylines == expected


def test_a_second_html_element_and_a_fragment() -> None:
    # libxml2 leaves a second <html> after the first on some broken pages: ``//*`` finds
    # its elements, the tag scans of ``htmltree.elements`` (the root's) do not.
    broken = lxml_html.fromstring(
        '<html><body><div class="a">x</div></body></html>'
        '<!-- c --><html><div id="navi"><h1 title="t: x">y</h1></div></html>'
    )
    _same_as_xpaths(broken)
    assert [el.tag for el in document_iter(broken, "h1")] == ["h1"]
    assert index_page(broken).tags["h1"] == []
    # A fragment: lxml renames its <body> to <div>, so ``//body//*`` finds nothing.
    fragment = parse_html_tree('<div class="entry-meta" title="a: b">x</div><p id="p">y</p>')
    assert fragment.tag == "div"
    _same_as_xpaths(fragment)
    assert index_page(fragment).classed == []


def test_marked_elements_are_found_once_a_page() -> None:
    index = index_page(parse_html_tree(PAGE))
    comments = Matches(re.compile(r"comment(?!ary)"))
    marked = index.marked(comments)
    assert {class_words(el).strip() for el in marked} == {
        "single post-template comments-open",
        "comments-area comments",
        "comment-author",
        "comment-meta",
    }
    assert index.marked(comments) is marked
    assert index.marked(Matches(re.compile("never"))) == set()


def test_classed_elements_matching_a_pattern_are_found_in_order_once_a_page() -> None:
    index = index_page(parse_html_tree(PAGE))
    pattern = re.compile(r"comment(?!ary)|date")
    found = index.classed_matching(pattern)
    assert found == [el for el in index.classed if pattern.search(index.class_words(el))]
    assert len(found) >= 3
    assert index.classed_matching(pattern) is found
    assert index.classed_matching(re.compile("never")) == []


def test_matches_remember_answers_within_their_limit() -> None:
    matches = Matches(re.compile(r"(?<![a-z])logo"), limit=2)
    assert matches["site-logo x"] and not matches["geologo"]
    assert len(matches) == 2
    assert matches["logo"]
    assert len(matches) == 1  # full: forgotten, then the new answer kept
