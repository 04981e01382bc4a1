"""Bylines: the body's byline elements by tier, outside comments, dates and figures."""

from __future__ import annotations

from typing import Any

from ingest.extract.bylines import byline_text, complete_name
from ingest.extract.metadata import parse_html_tree


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
