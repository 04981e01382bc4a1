"""Bylines: the body's byline elements by tier, outside comments, dates and figures."""

from __future__ import annotations

from typing import Any

from ingest.extract import bylines
from ingest.extract.author_names import LABEL
from ingest.extract.bylines import byline_text, complete_name
from ingest.extract.metadata import clean_space, parse_html_tree
from ingest.extract.needles import values_matching


def tree_of(body: str) -> Any:
    """A parsed page with this body."""
    return parse_html_tree(f"<html><head></head><body>{body}</body></html>")


def test_a_specific_byline_beats_a_generic_one_wherever_it_stands() -> None:
    body = (
        '<div class="post-byline">Von Redaktion Süd</div>'
        '<p>Text.</p><span class="author-name">Jannah Writer</span>'
    )
    assert byline_text(tree_of(body)) == "Jannah Writer"


def test_tiers_follow_the_families_markup() -> None:
    cases = {
        '<a rel="author" href="/u/1">Ghost Writer</a>': "Ghost Writer",
        '<span class="td-post-author-name">By Newspaper Writer</span>': "By Newspaper Writer",
        '<span class="submitted-by">Submitted by Drupal Writer</span>': (
            "Submitted by Drupal Writer"
        ),
        '<span class="posted-by">Posted by Blogger Writer</span>': "Posted by Blogger Writer",
        "<author>Custom Writer</author>": "Custom Writer",
        '<section data-component="Byline">Component Writer</section>': "Component Writer",
    }
    for body, expected in cases.items():
        assert byline_text(tree_of(body)) == expected, body


def test_dates_figures_and_comments_are_not_read_and_the_tree_is_kept() -> None:
    body = (
        '<div id="comments"><span class="author">Troll</span></div>'
        '<figure><span class="author">Photo Credit</span></figure>'
        '<div class="byline">By Anna Meier <time>12 May 2024</time> in Tripoli</div>'
    )
    tree = tree_of(body)
    before = len(list(tree.iter()))
    assert byline_text(tree) == "By Anna Meier in Tripoli"
    assert len(list(tree.iter())) == before


def test_texts_too_short_or_too_long_are_passed_over() -> None:
    body = '<span class="author">A</span><div class="byline">' + "word " * 40 + "</div>"
    assert byline_text(tree_of(body)) is None
    assert byline_text(tree_of("<p>No byline here.</p>")) is None


def test_a_login_grows_only_into_the_one_full_name_printed() -> None:
    tree = tree_of("<p>Christian P. Stadtfeld ist Chefredakteur.</p>")
    assert complete_name("christian.stadtfeld", tree) == "Christian P. Stadtfeld"
    assert complete_name("Anna Meier", tree) == "Anna Meier"
    two = tree_of("<p>Henry Ford baute Autos.</p><p>Henry Miller schrieb.</p>")
    assert complete_name("Henry", two) == "Henry"


_STYLES = (
    '<body class="single author-3"><div id="comments"><span class="author">Troll</span></div>'
    '<figure data-component="Figure"><span class="author">Credit</span></figure>'
    '<div class="byline">By Anna <time>12 May</time></div>'
    '<a rel="author" href="/u/1">Ghost</a><span itemprop="author name">Micro</span>'
    '<div data-testid="AuthorCard">Card</div><author>Custom</author>'
    '<p class="title">Headline</p><p class="subtitle x">Deck</p>'
    '<section data-component="Byline">Component</section><span id="xAuthor">Id</span>'
    '<div class="sidebar"><span class="td-post-author-name">Side</span></div>'
    '<span class="byl">Short</span><span class="byline-extra date">Dated</span></body>'
)


def test_ruled_elements_hold_every_element_a_rule_catches_in_order() -> None:
    tree = tree_of(_STYLES)
    caught = [
        el
        for el in tree.xpath(bylines._RULED_XPATH)
        if any(
            bylines._matches(el.tag, dict(el.items()), tests)
            for tests in (bylines._DISCARD, *bylines._TIERS)
        )
    ]
    ruled = bylines.ruled_elements(tree)
    assert [el for el in ruled if el in caught] == caught
    assert len(caught) > 12
    # Without a byline element the areas to discard are not looked for.
    assert bylines.ruled_elements(tree_of('<div class="sidebar title">x</div>')) == []


def test_label_texts_are_found_as_label_match_finds_them() -> None:
    tree = tree_of(
        "<p><b>Von:</b> Götz Warnke</p><p><span>\n  Written\xa0 by \n</span> <a>Jane Roe</a></p>"
        "<p><i>Autor</i> Kein Label</p><p><b>بقلم:</b> سالم</p><p>By the way</p>"
    )
    nodes = bylines._LABEL_NODES(tree)
    expected = [n for n, node in enumerate(nodes) if LABEL.match(clean_space(str(node)))]
    assert values_matching(nodes, bylines._LABEL_IN_TEXTS) == expected
    assert len(expected) == 3
    assert list(bylines.labelled_names(tree)) == ["Götz Warnke", "Jane Roe", "سالم"]


def test_name_texts_leave_scripts_and_styles_out() -> None:
    tree = tree_of(
        "<script>var Henry = 'Henry Ford';</script><style>.Henry Miller{}</style>"
        "<svg><style>Henry Miller</style></svg><p>Henry <b>Ford</b> baute Autos.</p>"
    )
    texts = bylines._NAME_TEXTS(tree)
    assert texts == tree.xpath(
        "//text()[not(ancestor::script or ancestor::style)][normalize-space()]"
    )
    assert complete_name("Henry", tree) == "Henry"  # "Henry Ford" spans two elements
    assert complete_name("Henry", tree_of("<p>Henry Ford baute Autos.</p>")) == "Henry Ford"


def test_paragraph_and_link_readers_skip_comments_and_read_escaped_addresses() -> None:
    text = "<p>" + "Lorem ipsum dolor sit amet. " * 10 + "</p>"
    tree = tree_of(
        '<div class="comment-list"><p>By John Troll</p></div><p>By Anna Meier</p>'
        f'<div><a href="/%D9%83%D8%AA%D8%A7%D8%A8/salem">سالم الورفلي</a></div>{text}'
        f'<div><a href="/news/%20x">Not Author</a></div>{text}'
        '<div><a href="/author/jane-roe">Jane Roe</a></div>'
    )
    assert list(bylines.paragraph_bylines(tree)) == ["Anna Meier"]
    assert list(bylines.author_link_names(tree)) == ["سالم الورفلي", "Jane Roe"]
