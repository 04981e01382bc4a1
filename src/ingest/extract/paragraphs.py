"""Paragraphs: how any source of text (trafilatura, a rule's HTML, a feed, JSON-LD) becomes
the list of paragraphs that the body is made of, and how two paragraphs are compared.

Every paragraph is NFC with invisible marks removed and whitespace collapsed, so that a
paragraph of trafilatura's output and the same block read from the tree compare equal
under ``normalise_key``.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from ingest.extract.htmltree import clean_space, parse_html_tree

BLOCK_TAGS = frozenset(
    [
        "p",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "li",
        "blockquote",
        "pre",
        "div",
        "section",
        "article",
        "tr",
        "dd",
        "dt",
        "figure",
        "header",
        "footer",
        "aside",
        "ul",
        "ol",
        "table",
    ]
)
SKIP_TAGS = frozenset(
    ["script", "style", "noscript", "iframe", "form", "button", "nav", "svg", "template", "select"]
)
# Soft hyphens ("Mat\xadthi\xadas"), zero-width and direction marks, control characters.
_INVISIBLE = re.compile(
    "[\u00ad\u200b-\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff\x00-\x08\x0b-\x1f]"
)
_TABLE_RULE = re.compile(r":?-{3,}:?")
_NOT_WORD = re.compile(r"[\W_]+")
# Captions that trafilatura drops and a rule's or a feed's HTML keeps: the figure's own
# caption (HTML5) and WordPress's classic caption shortcode.
_CAPTION_XPATH = "//figcaption | //*[contains(@class, 'wp-caption-text')]"


def normalise_paragraph(text: str) -> str:
    """NFC, invisible marks removed, whitespace collapsed."""
    text = unicodedata.normalize("NFC", text)
    return clean_space(_INVISIBLE.sub("", text))


def capitalised(words: list[str]) -> bool:
    """True when every word starts with a capital, in scripts that have case (a name)."""
    return all(w[0].isupper() or not w[0].isascii() for w in words if w[0].isalpha())


def table_row(line: str) -> str:
    """A table row as its cells joined by " | " ("| a | b |" from trafilatura); its
    "|---|---|" rule is dropped."""
    if not (line.startswith("|") and line.endswith("|")):
        return line
    cells = [cell.strip() for cell in line[1:-1].split("|")]
    if all(_TABLE_RULE.fullmatch(cell) for cell in cells):
        return ""
    return " | ".join(cell for cell in cells if cell)


def _walk(el: Any, out: list[str], buf: list[str]) -> None:
    """Append block texts of ``el`` to ``out``; inline text accumulates in ``buf``."""
    tag = el.tag if isinstance(el.tag, str) else ""
    if tag in SKIP_TAGS or not isinstance(el.tag, str):
        if el.tail:
            buf.append(el.tail)
        return
    block = tag in BLOCK_TAGS
    if block or tag == "br":
        _flush(out, buf)
    if el.text and tag != "br":
        buf.append(el.text)
    for child in el:
        _walk(child, out, buf)
    if block:
        _flush(out, buf)
    if el.tail:
        buf.append(el.tail)


def _flush(out: list[str], buf: list[str]) -> None:
    """Close the paragraph being built."""
    text = normalise_paragraph("".join(buf))
    if text:
        out.append(text)
    buf.clear()


def html_paragraphs(fragment: str | Any) -> list[str]:
    """Paragraphs of an HTML fragment (a rule's match, a feed's content:encoded)."""
    root = parse_html_tree(fragment, fragment=True) if isinstance(fragment, str) else fragment
    if root is None:
        return []
    out: list[str] = []
    buf: list[str] = []
    for el in root.xpath(_CAPTION_XPATH):
        el.drop_tree()
    body = root.find("body")
    _walk(body if body is not None else root, out, buf)
    _flush(out, buf)
    return out


def text_paragraphs(text: str) -> list[str]:
    """Paragraphs of plain text (JSON-LD articleBody), split on line breaks."""
    return [p for p in (normalise_paragraph(line) for line in text.splitlines()) if p]


def normalise_key(text: str) -> str:
    """Loose comparison form of a line."""
    return _NOT_WORD.sub(" ", text.casefold()).strip()


def join_paragraphs(paragraphs: list[str]) -> str:
    """The stored body: paragraphs separated by one blank line."""
    return "\n\n".join(paragraphs)
