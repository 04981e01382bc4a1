"""The shared page tree: parsing damaged markup, furniture, dropping, short texts."""

from __future__ import annotations

import copy

import pytest
from lxml import html as lxml_html

from ingest.extract.htmltree import (
    FURNITURE_WORDS,
    ancestors,
    class_words,
    detached,
    drop_element,
    elements,
    in_furniture,
    lineage,
    parse_html_tree,
    repair_markup,
    short_visible_text,
)


def test_repair_markup_removes_control_characters_and_a_self_closed_html() -> None:
    assert repair_markup("<p>a\x01b</p>") == "<p>ab</p>"
    repaired = repair_markup('<html lang="ar"/>\n<body><p>نص</p></body>')
    assert repaired.startswith('<html lang="ar">')


def test_deep_pages_keep_their_text() -> None:
    """libxml2 stops at 256 levels unless told otherwise."""
    page = "<html><body>" + "<div>" * 300 + "<p>النص العميق</p>" + "</div>" * 300 + "</body></html>"
    tree = parse_html_tree(page)
    assert "النص العميق" in tree.text_content()


def test_a_page_with_a_form_parses_into_plain_html_elements_even_in_a_copy() -> None:
    """The parser's C-level class lookup: every element, form fields too, is an HtmlElement
    (trafilatura accepts only those) and a copy keeps the parser."""
    tree = parse_html_tree(
        "<html><body><form><input name=q><textarea>t</textarea></form><p>نص</p></body></html>"
    )
    copied = copy.deepcopy(tree)
    assert {type(el) for el in [*tree.iter(), *copied.iter()]} == {lxml_html.HtmlElement}
    assert copied.find(".//p").text_content() == "نص"


def test_ancestors_and_lineage_stop_at_their_depth() -> None:
    tree = lxml_html.fromstring("<div id=a><div id=b><div id=c><p id=d>x</p></div></div></div>")
    p = tree.get_element_by_id("d")
    assert [up.get("id") for up in ancestors(p, 2)] == ["c", "b"]
    assert [up.get("id") for up in lineage(p, 3)] == ["d", "c", "b"]
    assert [up.tag for up in ancestors(p, 10)] == ["div", "div", "div", "body", "html"]


def test_empty_text_is_no_tree() -> None:
    assert parse_html_tree("  \n ") is None


def test_elements_are_in_document_order() -> None:
    tree = parse_html_tree(
        "<html><head><title>t</title></head><body><h1>a</h1><h1>b</h1></body></html>"
    )
    assert [el.text for el in elements(tree, "h1", "title")] == ["t", "a", "b"]


def test_drop_element_keeps_the_text_after_it() -> None:
    tree = lxml_html.fromstring("<div><p>قبل <span>زائد</span> بعد</p></div>")
    drop_element(tree.find(".//span"))
    drop_element(tree)  # the root has no parent: nothing happens
    assert tree.text_content() == "قبل  بعد"


def test_furniture_is_found_by_tag_and_class_word() -> None:
    tree = lxml_html.fromstring(
        '<div><nav><a id="m">x</a></nav><div class="td-related-posts"><p id="r">y</p></div>'
        '<main class="sidebar-layout"><p id="t">z</p></main></div>'
    )
    assert in_furniture(tree.get_element_by_id("m"))
    assert in_furniture(tree.get_element_by_id("r"))
    assert not in_furniture(tree.get_element_by_id("t"))
    assert all(row.catches and row.family for row in FURNITURE_WORDS)
    # the same with the class words known beforehand (a page index's)
    words = {el: class_words(el) for el in tree.iter() if el.get("class") or el.get("id")}
    for ident, furniture in (("m", True), ("r", True), ("t", False)):
        assert in_furniture(tree.get_element_by_id(ident), words) is furniture


def test_short_visible_text_gives_up_on_long_boxes() -> None:
    box = lxml_html.fromstring("<div>" + "كلمة " * 100 + "</div>")
    assert short_visible_text(box, 50) is None
    scripted = lxml_html.fromstring("<div><script>" + "x" * 100 + "</script>١٢ مايو</div>")
    assert short_visible_text(scripted, 50) == "١٢ مايو"
    # long even without its script: given up without reading all of it
    article = lxml_html.fromstring(
        "<article><script>var a;</script><p>" + "كلمة " * 30 + "</p><style>p{}</style></article>"
    )
    assert short_visible_text(article, 50) is None
    assert short_visible_text(article, 200) == ("كلمة " * 30).strip()


def test_detached_elements_come_back_exactly_even_after_an_error() -> None:
    page = (
        "<html><body><p>one<script>x()</script> two<style>p{}</style> three</p>"
        '<div><span class="c">comment</span> after</div></body></html>'
    )
    tree = parse_html_tree(page)
    before = lxml_html.tostring(tree)
    code = list(tree.iter("script", "style"))
    with detached(reversed(code), keep_tails=True):
        assert tree.findtext(".//p") == "one two three"  # the text after each one stays
        assert next(tree.iter("script", "style"), None) is None
    assert lxml_html.tostring(tree) == before
    span = tree.find(".//span")
    with pytest.raises(RuntimeError), detached([span]):
        assert tree.find(".//div").text_content() == ""  # its tail went with it
        raise RuntimeError
    assert lxml_html.tostring(tree) == before
