"""Paragraphs: how any source of text (trafilatura, a rule's HTML, a feed, JSON-LD) becomes
the list of paragraphs that the body is made of, and how two paragraphs are compared.

Every paragraph is NFC with invisible marks removed and whitespace collapsed, so that a
paragraph of trafilatura's output and the same block read from the tree compare equal
under ``normalise_key``.

Speed: the body normalises about 18,000 characters of page text a page (the blocks that
trafilatura's paragraphs are looked up among). Regex substitutions cost about 0.6 µs a
match, one a word gap, so whitespace is collapsed with ``str.split`` and ASCII text is
keyed with ``bytes.translate``; the regexes run only on the words that still hold a
non-ASCII mark. The results are the regexes' own, character for character (the tests
compare both on every kind of character).
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from ingest.extract.htmltree import parse_html_tree

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
_NOT_WORD = re.compile(r"[\W_]+")  # what a comparison key turns into one space
# The ASCII characters of _INVISIBLE, as bytes to delete.
_ASCII_INVISIBLE = bytes([*range(0x09), *range(0x0B, 0x20)])
# Bytes of a comparison key: ASCII letters lower-cased, ASCII digits kept, every other
# ASCII byte a space (``[\W_]`` on ASCII); bytes of 0x80 and above (the UTF-8 of other
# characters) left as they are.
_ASCII_KEY = bytes((c | 0x20 if chr(c).isalnum() else 0x20) if c < 0x80 else c for c in range(256))
# Captions that trafilatura drops and a rule's or a feed's HTML keeps: the figure's own
# caption (HTML5) and WordPress's classic caption shortcode.
_CAPTION_XPATH = "//figcaption | //*[contains(@class, 'wp-caption-text')]"


def normalise_paragraph(text: str) -> str:
    """NFC, invisible marks removed, whitespace collapsed."""
    if text.isascii():  # already NFC; the invisible marks are control characters
        return " ".join(text.encode().translate(None, _ASCII_INVISIBLE).decode().split())
    return " ".join(_INVISIBLE.sub("", unicodedata.normalize("NFC", text)).split())


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
    """Loose comparison form of a line: case folded, each run of characters other than
    letters and digits one space, trimmed."""
    if text.isascii():
        return b" ".join(text.encode().translate(_ASCII_KEY).split()).decode()
    return _key_words(text.casefold())


def paragraph_key(raw: str) -> str:
    """``normalise_key(normalise_paragraph(raw))``, without collapsing the whitespace that
    the key collapses again (a block's text is keyed far more often than it is read)."""
    if raw.isascii():
        return b" ".join(raw.encode().translate(_ASCII_KEY, _ASCII_INVISIBLE).split()).decode()
    return _key_words(_INVISIBLE.sub("", unicodedata.normalize("NFC", raw)).casefold())


def _key_words(folded: str) -> str:
    """The key of case-folded text: its ASCII marks become spaces in one translation,
    and only the words left with another mark ("“Libya”", "it’s") go through the regex."""
    utf8 = folded.encode("utf-8", "surrogatepass").translate(_ASCII_KEY)
    words = utf8.decode("utf-8", "surrogatepass").split()
    if "".join(words).isalnum():
        return " ".join(words)
    return " ".join(
        [
            part
            for word in words
            for part in ((word,) if word.isalnum() else _NOT_WORD.sub(" ", word).split())
        ]
    )


def join_paragraphs(paragraphs: list[str]) -> str:
    """The stored body: paragraphs separated by one blank line."""
    return "\n\n".join(paragraphs)
