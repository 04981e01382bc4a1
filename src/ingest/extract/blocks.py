"""Blocks of the page in document order, to put back what the main-text extractor left out.

trafilatura returns text, not elements; its paragraphs are found again among the page's
``<p>``, ``<li>``, ``<blockquote>`` and sub-heading blocks by their comparison key. Three
repairs read the blocks around the paragraphs it kept: sub-headings between two kept
paragraphs (old CMSs' ``<h4>``), a lead kept in a box of its own before the body's box
(Joomla/K2 ``itemIntroText``), and the text a page builder continues in a later module of
the same kind (YOOtheme, Divi, Elementor).

A block's text and key are computed when first compared: the search stops at the kept
paragraphs, so the comments, footers and lists after the article are never normalised
(2-5 ms a page on the benchmark when every block was). Most blocks are compared all the
same (87% on the dev pages: a paragraph trafilatura joined or split is found in none, and
the search for it keys every block), so the key is made from the raw text in one step
(``paragraph_key``) and the block's paragraph text only for the few blocks put back.
"""

from __future__ import annotations

import re
from typing import Any

from ingest.extract.htmltree import in_furniture
from ingest.extract.paragraphs import normalise_key, normalise_paragraph, paragraph_key

HEADING_TAGS = ("h2", "h3", "h4", "h5", "h6")
MAX_HEADING_WORDS = 15
MAX_CONTINUATION_BLOCKS = 16  # captions and headings between two text modules
MIN_CONTINUATION_WORDS = 12
# Class words of a lead set apart from the body (K2 "itemIntroText", "standfirst", "dek").
LEAD_CLASS = re.compile(r"intro|lead|standfirst|chapo|excerpt|summary|abstract|\bdek\b", re.I)
MAX_LEAD_PARAGRAPHS = 3
_NO_KEY = "\x00"  # the key of a block without text: equal to no paragraph's


class Block:
    """One paragraph-like element; its text and key are read on first use."""

    __slots__ = ("_key", "_text", "element", "parent", "raw", "tag")

    def __init__(self, element: Any, raw: str) -> None:
        self.element = element
        self.tag: str = element.tag
        self.parent = element.getparent()
        self.raw = raw
        self._text: str | None = None
        self._key: str | None = None

    @property
    def text(self) -> str:
        """The block's text as a paragraph."""
        if self._text is None:
            self._text = normalise_paragraph(self.raw)
        return self._text

    @property
    def key(self) -> str:
        """The block's comparison key."""
        if self._key is None:
            key = paragraph_key(self.raw)
            # "" is also the key of a paragraph of marks ("***"), which no empty block matches
            self._key = _NO_KEY if not key and not self.text else key
        return self._key


def block_sequence(tree: Any) -> list[Block]:
    """Paragraphs, list items and sub-headings in document order."""
    blocks = []
    for el in tree.iter("p", "li", "blockquote", *HEADING_TAGS):
        # an element without children has one text node at most: no need to walk it
        raw = el.text if len(el) == 0 else " ".join(el.itertext())
        if raw and not raw.isspace():
            blocks.append(Block(el, raw))
    return blocks


class BlockIndex:
    """Positions of the blocks by key, filled in document order as far as asked."""

    def __init__(self, blocks: list[Block]) -> None:
        self.blocks = blocks
        self.positions: dict[str, list[int]] = {}
        self.filled = 0  # blocks before this position are in ``positions``

    def find(self, key: str, start: int = 0) -> int | None:
        """Position of the first block at or after ``start`` with this key, or None."""
        for position in self.positions.get(key, ()):
            if position >= start:
                return position
        while self.filled < len(self.blocks):
            position, self.filled = self.filled, self.filled + 1
            found = self.blocks[position].key
            self.positions.setdefault(found, []).append(position)
            if found == key and position >= start:
                return position
        return None


def _index(blocks: list[Block] | BlockIndex) -> BlockIndex:
    """An index of the blocks (the caller's, when it shares one between the repairs)."""
    return blocks if isinstance(blocks, BlockIndex) else BlockIndex(blocks)


def restore_headings(paragraphs: list[str], blocks: list[Block] | BlockIndex) -> list[str]:
    """Put back the sub-headings the main-text extractor dropped between its paragraphs.

    trafilatura leaves out some ``<h4>``-style sub-headings of old CMSs. A heading that
    stands between two paragraphs it kept, as a sibling of one of them, belongs to the
    article; a heading elsewhere in between (a box, a sidebar) does not.
    """
    if len(paragraphs) < 2:
        return paragraphs
    index = _index(blocks)
    blocks = index.blocks
    out: list[str] = []
    last: int | None = None
    for para in paragraphs:
        spot = index.find(normalise_key(para), 0 if last is None else last + 1)
        if spot is not None and last is not None:
            parents = (blocks[last].parent, blocks[spot].parent)
            for block in blocks[last + 1 : spot]:
                if (
                    block.tag in HEADING_TAGS
                    and any(block.parent is p for p in parents)
                    and block.text
                    and len(block.text.split()) <= MAX_HEADING_WORDS
                ):
                    out.append(block.text)
        out.append(para)
        if spot is not None:
            last = spot
    return list(dict.fromkeys(out))


def restore_lead(paragraphs: list[str], blocks: list[Block] | BlockIndex) -> list[str]:
    """Put back a lead that the CMS keeps in a box of its own before the body's box.

    Joomla and K2 print an article as ``div.itemIntroText`` then ``div.itemFullText``, and
    trafilatura, which looks for a "fulltext" box, keeps only the second; other themes
    set a standfirst apart the same way. Paragraphs directly before the first kept one,
    in a sibling box whose class names a lead, belong to the article.
    """
    if not paragraphs:
        return paragraphs
    index = _index(blocks)
    blocks = index.blocks
    start = index.find(normalise_key(paragraphs[0]))
    if start is None:
        return paragraphs
    body_box = blocks[start].parent
    outer = body_box.getparent() if body_box is not None else None
    lead: list[str] = []
    for block in reversed(blocks[max(0, start - MAX_LEAD_PARAGRAPHS) : start]):
        box = block.parent
        if (
            block.tag != "p"
            or not block.text
            or box is body_box
            or box is None
            or box.getparent() is not outer
            or not LEAD_CLASS.search(f"{box.get('class', '')} {box.get('id', '')}")
        ):
            break
        lead.insert(0, block.text)
    return [*lead, *paragraphs] if lead else paragraphs


def restore_continuation(paragraphs: list[str], blocks: list[Block] | BlockIndex) -> list[str]:
    """Put back the text a page builder continues in a later module of the same kind.

    YOOtheme, Divi and Elementor set a photo gallery or an ad between two text modules
    ("div.uk-panel.uk-margin"); trafilatura keeps the first. Paragraphs after the last
    kept one whose box has the very same class, with the sub-heading just before them,
    belong to the article. Anything else in between (captions, ads) is skipped; the
    first paragraph of another kind, or a linked heading (a teaser), ends the search.
    """
    if not paragraphs:
        return paragraphs
    index = _index(blocks)
    blocks = index.blocks
    start = index.find(normalise_key(paragraphs[-1]))
    box = blocks[start].parent if start is not None else None
    kind = box.get("class") if box is not None else None
    if start is None or not kind:
        return paragraphs
    out = list(paragraphs)
    heading: str | None = None
    for block in blocks[start + 1 : start + 1 + MAX_CONTINUATION_BLOCKS]:
        parent, text = block.parent, block.text
        if block.tag in HEADING_TAGS and block.element.xpath(".//a[@href]"):
            break  # a teaser's linked headline: a list of other stories begins
        if block.tag in HEADING_TAGS:
            heading = text if text and len(text.split()) <= MAX_HEADING_WORDS else None
            continue
        if parent is box:
            continue  # left out by trafilatura on purpose
        if (
            block.tag != "p"
            or parent is None
            or parent.get("class") != kind
            or len(text.split()) < MIN_CONTINUATION_WORDS
            or in_furniture(parent)
        ):
            break
        out.extend([heading, text] if heading else [text])
        heading, box = None, parent
    return out
