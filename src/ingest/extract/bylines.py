"""Readers of the writer's name in the page body, cheapest and most specific first.

- ``byline_text``: the first element of ``author_tables.BYLINE_TIERS`` whose text outside
  the ``DISCARD`` areas (comments, titles, dates, sidebars, figures) reads as a byline. The
  areas are skipped during one walk over the elements, without copying or pruning the
  tree: trafilatura's ``extract_author`` deep-copies the tree and prunes the copy, about
  the cost of parsing the page again.
- ``paragraph_bylines``: paragraphs that hold nothing but a byline.
- ``labelled_names``: the name after an element that is only a label ("<b>Von:</b> X").
- ``author_link_names``: links to the writer's archive ("/author/x", "/autor/x").
- ``complete_name``: a first name or a login grown into the one full name the page prints.

All skip menus, sidebars, footers and comments; each caps the elements it reads.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote

from ingest.extract.author_names import (
    AUTHOR_PATH,
    LABEL,
    clean_author,
    fold,
    in_address,
    name_words,
)
from ingest.extract.author_tables import BYLINE_TIERS, DISCARD, Rule
from ingest.extract.body import byline_name, capitalised
from ingest.extract.metadata import clean_space, in_furniture


@dataclass(frozen=True)
class _Test:
    """A compiled ``Rule``."""

    attribute: str
    regex: re.Pattern[str]
    tags: frozenset[str]


def _compile(rules: Iterable[Rule]) -> tuple[_Test, ...]:
    """The rules with their patterns compiled."""
    return tuple(_Test(r.attribute, re.compile(r.pattern), r.tags) for r in rules)


_TIERS = tuple(_compile(tier) for tier in BYLINE_TIERS)
_DISCARD = _compile(DISCARD)
_ALL_RULES = [rule for rules in (*BYLINE_TIERS, DISCARD) for rule in rules]
_TAG_NAMES = frozenset(tag for r in _ALL_RULES if r.attribute == "tag" for tag in r.tags)
# One search per attribute passes the elements worth testing rule by rule. Its anchors are
# dropped: the looser filter passes a few more elements to the rules, which still decide,
# and without "^"/"$" branches the regex engine skips ahead by first letter (on class
# strings 3.9 µs a search instead of 6.6 µs).
_ANCHOR = re.compile(r"(?<![\\\[])[$^]")
_PREFILTER = tuple(
    (
        attribute,
        re.compile(
            "|".join(
                dict.fromkeys(
                    _ANCHOR.sub("", r.pattern) for r in _ALL_RULES if r.attribute == attribute
                )
            )
        ),
    )
    for attribute in sorted({r.attribute for r in _ALL_RULES} - {"tag"})
)
_RULED_XPATH = (
    "//*["
    + " or ".join(f"@{a}" for a, _ in _PREFILTER)
    + "]"
    + "".join(f" | //{name}" for name in sorted(_TAG_NAMES))
)
MIN_BYLINE_CHARS = 3
MAX_BYLINE_CHARS = 119
_MAX_RULED = 20000
_MAX_PARAGRAPHS = 400
_PARAGRAPH_XPATH = (
    '//body//p[not(ancestor::*[contains(@class, "comment") or contains(@id, "comment")])]'
)
# Short text nodes: a label's own text ("Von:", "بقلم:"), tested before its element's.
_LABEL_XPATH = "//body//text()[string-length(normalize-space()) > 1][string-length() < 40]"
_MAX_LABELS = 3000
_NOT_TEXT_TAGS = frozenset(["script", "style", "option", "button", "select"])
_AUTHOR_LINK_XPATH = "//body//a[@href][normalize-space()]"
_MAX_AUTHOR_LINKS = 2000
MAX_BYLINE_BOX_CHARS = 200  # a byline naming several writers
# A login as bylines show it: "christian.stadtfeld", "arianschlichenmayer".
_LOGIN = re.compile(r"^[a-z]+(?:[._-][a-z]+)*$")
# A printed full name: first name, optional initials, one surname ("Christian P. Stadtfeld",
# "HENRY STEINHAU").
_FULL_NAME = re.compile(r"\b[A-ZÀ-Þ][\w'’-]+(?:\s+[A-Z]\.)*\s+[A-ZÀ-Þ][\w'’-]+")
_NAME_TEXT_XPATH = "//text()[not(ancestor::script or ancestor::style)][normalize-space()]"
_MAX_NAME_TEXTS = 20000


def _matches(el: Any, tests: tuple[_Test, ...]) -> bool:
    """True when one of the rules catches the element."""
    for test in tests:
        if test.tags and el.tag not in test.tags:
            continue
        if test.attribute == "tag":
            return True
        value = el.get(test.attribute)
        if value is not None and test.regex.search(value):
            return True
    return False


def _prefiltered(el: Any) -> bool:
    """True when an attribute of the element may match a rule."""
    for attribute, regex in _PREFILTER:
        value = el.get(attribute)
        if value and regex.search(value):
            return True
    return False


def byline_text(tree: Any) -> str | None:
    """The text of the first byline element by tier, outside the discarded areas, or None."""
    discarded: set[Any] = set()
    tiers: list[list[Any]] = [[] for _ in _TIERS]
    for el in tree.xpath(_RULED_XPATH)[:_MAX_RULED]:
        if el.tag not in _TAG_NAMES and not _prefiltered(el):
            continue
        if _matches(el, _DISCARD):
            discarded.add(el)
            continue
        for number, tests in enumerate(_TIERS):
            if _matches(el, tests):
                tiers[number].append(el)
    for candidates in tiers:
        for el in candidates:
            if discarded and any(up in discarded for up in el.iterancestors()):
                continue
            text = clean_space(" ".join(_kept_texts(el, discarded)))
            if MIN_BYLINE_CHARS <= len(text) <= MAX_BYLINE_CHARS:
                return text
    return None


def _kept_texts(el: Any, discarded: set[Any]) -> list[str]:
    """Texts of ``el`` outside discarded descendants (whose tails stay)."""
    if not discarded or not any(d in discarded for d in el.iterdescendants()):
        return list(el.itertext())
    kept = []
    for piece in el.xpath(".//text()"):
        up = piece.getparent()
        if piece.is_tail:
            up = up.getparent()
        while up is not None and up is not el and up not in discarded:
            up = up.getparent()
        if up is el:
            kept.append(str(piece))
    return kept


def paragraph_bylines(tree: Any) -> Iterator[str]:
    """Names from paragraphs that hold nothing but a byline, outside comments."""
    for paragraph in tree.xpath(_PARAGRAPH_XPATH)[:_MAX_PARAGRAPHS]:
        found = byline_name(clean_space(" ".join(paragraph.itertext())))
        name = clean_author(found) if found else None
        if name:
            yield name


def labelled_names(tree: Any) -> Iterator[str]:
    """Names that follow an element holding only a byline label.

    "<strong>Autor:</strong> <a>Klausmartin Friedrich</a>", "<span>بقلم:</span> سالم",
    "<b>Von:</b> Götz Warnke": the label and the name sit in elements of their own, so
    neither the byline paragraph nor the marker reading sees them together. The name is
    the next text after the label, outside menus, sidebars, footers and comments.
    """
    for node in tree.xpath(_LABEL_XPATH)[:_MAX_LABELS]:
        el = node.getparent()
        if el is None or el.tag == "a" or el.tag in _NOT_TEXT_TAGS:
            continue
        if not LABEL.match(clean_space(str(node))):
            continue
        if not LABEL.match(clean_space(el.text_content())) or in_furniture(el):
            continue
        text = clean_space(str(el.tail or ""))
        if not text:
            following = el.xpath("following::text()[normalize-space()][1]")
            if following and following[0].getparent().tag not in _NOT_TEXT_TAGS:
                text = clean_space(str(following[0]))
        name = name_words(text)
        if name:
            yield name


def author_link_names(tree: Any) -> Iterator[str]:
    """Names of links to an author's page ("/author/x", "/autor/x", "/profil/207/x").

    Themes without byline markup still link the writer's name to their archive. A link
    counts when its text reads as a name and, for a Latin-script name, a word of it is in
    the address (the author's slug); menus, sidebars, footers and comments are skipped.
    Writers linked side by side in one short byline ("A, B y C") are named together.
    """
    for link in tree.xpath(_AUTHOR_LINK_XPATH)[:_MAX_AUTHOR_LINKS]:
        name = _author_link_name(link)
        if name is None:
            continue
        box = link.getparent()
        for _ in range(3):
            up = box.getparent() if box is not None else None
            if up is None or len(clean_space(up.text_content())) > MAX_BYLINE_BOX_CHARS:
                break
            box = up
        links = box.xpath(".//a[@href]") if box is not None else []
        names = [n for n in (_author_link_name(a) for a in links) if n]
        yield ", ".join(dict.fromkeys(names or [name]))


def _author_link_name(link: Any) -> str | None:
    """The name a link to an author's page shows, or None for any other link."""
    href = unquote(link.get("href", ""))
    if not AUTHOR_PATH.search(href) or in_furniture(link):
        return None
    name = name_words(clean_space(link.text_content()), min_words=2)
    return name if name and in_address(name, href) else None


def complete_name(name: str, tree: Any) -> str:
    """A first name or a login expanded to the full name the page prints elsewhere.

    Bylines and schema often show "Stefanus", "christian.stadtfeld" or
    "arianschlichenmayer" while the page's author box, caption or title reads "Stefanus
    Stahl", "Christian P. Stadtfeld", "Arian Schlichenmayer". The expansion must be the
    only one on the page ("Henry Steinhau" and never "Henry" followed by another surname);
    otherwise the name stays as found.
    """
    if " " in name or len(name) < 3:
        return name
    login = _LOGIN.match(name)
    if not login and not capitalised([name]):
        return name
    folded = fold(name)
    parts = re.split(r"[._-]", folded)
    found: dict[str, str] = {}
    for text in tree.xpath(_NAME_TEXT_XPATH)[:_MAX_NAME_TEXTS]:
        for match in _FULL_NAME.finditer(str(text)):
            words = match.group().split()
            first, last = fold(words[0]), fold(words[-1])
            if login and len(parts) > 1:
                fits = first == parts[0] and last == parts[-1]
            elif login:
                fits = fold("".join(words)) == folded
            else:
                fits = first == folded
            if fits:
                found.setdefault(fold(match.group()), match.group())
    return next(iter(found.values())) if len(found) == 1 else name
