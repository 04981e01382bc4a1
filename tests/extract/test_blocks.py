"""Blocks found again around trafilatura's paragraphs."""

from __future__ import annotations

from lxml import html as lxml_html

from ingest.extract.blocks import (
    BlockIndex,
    block_sequence,
    restore_continuation,
    restore_lead,
)
from ingest.extract.paragraphs import normalise_key


def test_blocks_are_read_lazily_and_indexed_in_order() -> None:
    tree = lxml_html.fromstring("<div><p>أ</p><p>ب</p><p>أ</p><p> </p></div>")
    blocks = block_sequence(tree)
    assert len(blocks) == 3  # the blank paragraph is no block
    index = BlockIndex(blocks)
    assert index.find("أ") == 0
    assert index.find("أ", 1) == 2
    assert index.find("ج") is None


def test_a_lead_box_before_the_body_box_is_put_back() -> None:
    tree = lxml_html.fromstring(
        '<div><div class="itemIntroText"><p>المقدمة</p></div>'
        '<div class="itemFullText"><p>النص</p></div></div>'
    )
    assert restore_lead(["النص"], block_sequence(tree)) == ["المقدمة", "النص"]


def test_text_continued_in_a_module_of_the_same_kind() -> None:
    words = " ".join(["كلمة"] * 14)
    tree = lxml_html.fromstring(
        f'<div><div class="uk-panel"><p>الأول {words}</p></div><div class="gallery"><img src="a.jpg"></div>'
        f'<h3>عنوان فرعي</h3><div class="uk-panel"><p>الثاني {words}</p></div></div>'
    )
    out = restore_continuation([f"الأول {words}"], block_sequence(tree))
    assert out == [f"الأول {words}", "عنوان فرعي", f"الثاني {words}"]


def test_blocks_text_and_keys_as_their_elements_read() -> None:
    tree = lxml_html.fromstring(
        "<div><p>One<b>Two</b> three</p><li>Mat\xadthi\xadas</li><p>***</p><p>\u200b</p>"
        "<blockquote><p>«Quoted»</p> said</blockquote></div>"
    )
    blocks = block_sequence(tree)
    assert [b.raw for b in blocks] == [" ".join(b.element.itertext()) for b in blocks]
    assert [b.text for b in blocks] == [
        "One Two three",
        "Matthias",
        "***",
        "",
        "«Quoted» said",
        "«Quoted»",
    ]
    assert [b.key for b in blocks][:3] == ["one two three", "matthias", ""]
    index = BlockIndex(blocks)
    assert index.find(normalise_key("«quoted» SAID")) == 4
    assert index.find("") == 2  # a line of marks is found; the invisible one is no text
