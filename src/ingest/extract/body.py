"""Main text: trafilatura for the generic case, our own walk for rule-selected HTML.

trafilatura 2.3 was chosen because it scored best on its own published benchmark (F1 0.924
against 0.86-0.89 for justext, readability and magic-html); the settings below were chosen
on that benchmark's development half (bench/extraction.py, docs/benchmarks.md). It is
handed the tree that the metadata readers read (it copies it; no second parse), without
what none of its readers would keep (``_unread``), and asked for the text only
(``with_metadata=False``: our readers give the metadata). Its fallbacks (readability, justext) stay on: without
them (``fast=True``) body F1 fell from 0.932 to 0.925 on that half and one hand-written
page lost its text, for 25% less time.

The stages around it live in their own modules: ``chrome`` removes boxes from the tree
first, ``blocks`` puts back what it left out (sub-headings, a lead box, a continued text
module), ``boilerplate`` drops chrome lines from the paragraphs (tables in ``linerules``),
``paragraphs`` turns text and HTML into paragraphs.
"""

from __future__ import annotations

from typing import Any

import trafilatura

from ingest.extract.blocks import (
    Block,
    BlockIndex,
    block_sequence,
    restore_continuation,
    restore_headings,
    restore_lead,
)
from ingest.extract.boilerplate import (
    byline_name,
    clean_paragraphs,
    drop_writer_bio,
    is_date_line,
    is_link_row,
)
from ingest.extract.chrome import prune_chrome, prune_deck, prune_unshown
from ingest.extract.htmltree import detached
from ingest.extract.paragraphs import (
    capitalised,
    html_paragraphs,
    join_paragraphs,
    normalise_key,
    normalise_paragraph,
    table_row,
    text_paragraphs,
)

# Elements trafilatura does not read (``_unread``).
UNREAD_TAGS = ("script", "style", "aside", "footer", "svg", "meta", "link")

# The stages' functions, importable from here as the body's API.
__all__ = [
    "Block",
    "BlockIndex",
    "block_sequence",
    "byline_name",
    "capitalised",
    "clean_paragraphs",
    "drop_writer_bio",
    "html_paragraphs",
    "is_date_line",
    "is_link_row",
    "join_paragraphs",
    "main_text",
    "normalise_key",
    "normalise_paragraph",
    "prune_chrome",
    "prune_deck",
    "prune_unshown",
    "restore_continuation",
    "restore_headings",
    "restore_lead",
    "table_row",
    "text_paragraphs",
    "trafilatura_paragraphs",
]


def trafilatura_paragraphs(
    tree: Any, url: str, *, favor_precision: bool = False, favor_recall: bool = False
) -> list[str]:
    """Main-text paragraphs of a parsed page by trafilatura, or [] (prunes ``tree``)."""
    prune_chrome(tree)
    with detached(reversed(_unread(tree)), keep_tails=True):
        doc = trafilatura.bare_extraction(
            tree,
            url=url,
            include_comments=False,
            include_tables=True,
            favor_precision=favor_precision,
            favor_recall=favor_recall,
            with_metadata=False,
        )
    text = getattr(doc, "text", None) if doc is not None else None
    if not text:
        return []
    lines = (table_row(normalise_paragraph(line)) for line in text.split("\n"))
    return [line for line in lines if line]


def main_text(tree: Any, url: str) -> list[str]:
    """The page's main text as paragraphs: chrome pruned from ``tree``, trafilatura's
    paragraphs, then the sub-headings, lead and continued text it left out."""
    prune_unshown(tree)
    prune_deck(tree)
    blocks = BlockIndex(block_sequence(tree))  # read lazily once trafilatura is done
    paragraphs = trafilatura_paragraphs(tree, url)
    paragraphs = restore_lead(restore_headings(paragraphs, blocks), blocks)
    return restore_continuation(paragraphs, blocks)


def _unread(tree: Any) -> list[Any]:
    """What trafilatura is handed the tree without (``htmltree.detached``, the text after
    each kept), in document order: its scripts (JSON-LD excepted) and styles, the
    ``<aside>``, ``<footer>`` and ``<svg>`` boxes (one holding JSON-LD excepted), and the
    ``<meta>`` and ``<link>`` elements, which hold no text (its metadata is not asked for).

    It copies the tree four times and runs page-wide XPaths over each copy; both of its
    cleanings (the one before its own extractor and justext, the one before its baseline
    and its page-length measure) delete these first, and its readers of embedded JSON read
    only JSON-LD. The one reader left that sees them is readability's, whose text wins only
    when trafilatura's is far shorter or empty. On the 578 pages of bench/extraction.py
    (dev half and hand-written sets) every record is unchanged. ``<nav>`` is not hidden: the
    baseline and page-length measure read it, and 8 dev pages' text changed without it.
    The call takes 5% less time at the median and on average (dev pages, same process,
    alternating), the ``<meta>`` and ``<link>`` elements 2.6% more at the median; the
    scripts and styles alone had saved 4%.
    """
    return [el for el in tree.iter(*UNREAD_TAGS) if not _holds_jsonld(el)]


def _holds_jsonld(el: Any) -> bool:
    """Whether an element is or holds a JSON-LD script, which trafilatura reads."""
    if el.tag == "style":
        return False
    if el.tag == "script":
        return "ld+json" in el.get("type", "")
    return any("ld+json" in script.get("type", "") for script in el.iter("script"))
