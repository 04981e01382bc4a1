"""Readers of the writer's name in the page body, cheapest and most specific first.

- ``byline_text``: the first element of ``author_tables.BYLINE_TIERS`` whose text outside
  the ``DISCARD`` areas (comments, titles, dates, sidebars, figures) reads as a byline. The
  areas are skipped without copying or pruning the tree: trafilatura's ``extract_author``
  deep-copies the tree and prunes the copy, about the cost of parsing the page again. The
  elements a rule may catch are found through the rules' needles (``needles.py``) in the
  page's class, id and other ruled values, read as plain strings.
- ``paragraph_bylines``: paragraphs that hold nothing but a byline.
- ``labelled_names``: the name after an element that is only a label ("<b>Von:</b> X").
- ``author_link_names``: links to the writer's archive ("/author/x", "/autor/x").
- ``complete_name``: a first name or a login grown into the one full name the page prints.

All skip menus, sidebars, footers and comments; each caps the elements it reads. Each
reads the page's strings first (values, short texts, addresses) and its elements only for
the strings that may be what it looks for: on the dev pages that reach the body readers,
``choose_author`` takes 2.1 ms median where testing every element or text node in
Python took 3.8 ms (``byline_text`` alone 0.8 against 2.1 ms).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote

from lxml import etree

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
from ingest.extract.htmltree import is_short
from ingest.extract.linerules import MAX_BYLINE_PARAGRAPH_CHARS
from ingest.extract.metadata import clean_space, in_furniture
from ingest.extract.needles import SEPARATOR, needles, values_matching, values_with


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


@dataclass(frozen=True)
class _Read:
    """One read of the page's values of some ruled attributes."""

    values: Any  # XPath: the values as plain strings, in document order
    owners: Callable[[Any], list[Any]]  # the element of each value, in the same order
    byline: tuple[str, ...]  # needles of the byline tiers' rules
    discard: tuple[str, ...]  # needles of the discard rules


def _read(attributes: tuple[str, ...]) -> _Read:
    """The read of these attributes (each one's elements are read separately when alone)."""
    values = " | ".join(f"//@{a}" for a in attributes)
    return _Read(
        etree.XPath(values, smart_strings=False),
        etree.XPath(f"{values}/..") if len(attributes) == 1 else _elements_of(values),
        _needles([r for tier in BYLINE_TIERS for r in tier], attributes),
        _needles(DISCARD, attributes),
    )


def _elements_of(values: str) -> Callable[[Any], list[Any]]:
    """A reader of the element of each value the XPath ``values`` reads (an element
    carrying two of the attributes comes twice)."""
    read = etree.XPath(values)  # the values as strings that know their element

    def elements(tree: Any) -> list[Any]:
        return [value.getparent() for value in read(tree)]

    return elements


def _needles(rules: Iterable[Rule], attributes: tuple[str, ...]) -> tuple[str, ...]:
    """Strings one of which every value of these attributes that one of the rules catches
    holds (between separators); a string holding another is dropped (the shorter finds
    it too)."""
    found = {s for r in rules if r.attribute in attributes for s in needles(r.pattern)}
    return tuple(sorted(s for s in found if not any(o != s and o in s for o in found)))


# Elements are tested rule by rule only when a value of a ruled attribute contains one of
# its needles. The values of a page are joined per read and the needles found with
# ``str.find``: on the dev pages (about 300 class values) 0.15 ms, where testing each
# value with one regex of the rules took 0.8 ms, and reading the elements through an XPath
# selecting those with any ruled attribute cost 1 ms. Class and id each get a read (and
# their elements one more, only when a value holds a needle); the attributes few elements
# carry share one (0.25 ms, where a read each took 0.4 ms).
_OWN_READ = ("class", "id")
_READS = [_read((a,)) for a in _OWN_READ] + [
    _read(tuple(sorted({r.attribute for r in _ALL_RULES} - {"tag", *_OWN_READ})))
]
_BYLINE_TAGS = frozenset(
    tag for tier in BYLINE_TIERS for r in tier if r.attribute == "tag" for tag in r.tags
)
_IN_ORDER = etree.XPath("$found/self::*")  # elements in document order, once each
_RULED_XPATH = " | ".join(
    [
        *(f"//@{a}/.." for a in sorted({r.attribute for r in _ALL_RULES} - {"tag"})),
        *(f"//{tag}" for tag in sorted(_TAG_NAMES)),
    ]
)
MIN_BYLINE_CHARS = 3
MAX_BYLINE_CHARS = 119
_MAX_RULED = 20000  # elements with a ruled attribute or tag read
_MAX_PARAGRAPHS = 400
_PARAGRAPHS = etree.XPath("//body/descendant::p")
_PARAGRAPHS_OUTSIDE_COMMENTS = etree.XPath(
    '//body//p[not(ancestor::*[contains(@class, "comment") or contains(@id, "comment")])]'
)
# Short text nodes: a label's own text ("Von:", "بقلم:"), tested before its element's.
_LABEL_NODES = etree.XPath(
    "//body/descendant::text()[string-length() < 40][string-length(normalize-space()) > 1]"
)
# A text that may be a label, found in the texts joined: ``LABEL`` after a separator and
# before the next, the spaces around and inside it as the text has them (``clean_space``
# squeezes them before ``LABEL`` reads it).
_LABEL_IN_TEXTS = re.compile(
    rf"{SEPARATOR}\s*{LABEL.pattern.removeprefix('^').removesuffix('$')}\s*(?={SEPARATOR})",
    LABEL.flags,
)
_MAX_LABELS = 3000
_NOT_TEXT_TAGS = frozenset(["script", "style", "option", "button", "select"])
_AUTHOR_LINK_XPATH = "//body/descendant::a[@href][normalize-space()]"
_AUTHOR_LINKS = etree.XPath(_AUTHOR_LINK_XPATH)
_AUTHOR_LINK_HREFS = etree.XPath(_AUTHOR_LINK_XPATH + "/@href", smart_strings=False)
# An address that may lead to an author's page: ``AUTHOR_PATH`` as written, or escaped.
_AUTHOR_HREF = re.compile(rf"{AUTHOR_PATH.pattern}|%", AUTHOR_PATH.flags)
_MAX_AUTHOR_LINKS = 2000
MAX_BYLINE_BOX_CHARS = 200  # a byline naming several writers
# A login as bylines show it: "christian.stadtfeld", "arianschlichenmayer".
_LOGIN = re.compile(r"^[a-z]+(?:[._-][a-z]+)*$")
# A printed full name: first name, optional initials, one surname ("Christian P. Stadtfeld",
# "HENRY STEINHAU"). It never spans the separator, so one search reads all texts.
_FULL_NAME = re.compile(r"\b[A-ZÀ-Þ][\w'’-]+(?:\s+[A-Z]\.)*\s+[A-ZÀ-Þ][\w'’-]+")
# The page's texts outside scripts and styles (whose only children are their texts).
_NAME_TEXTS = etree.XPath(
    "/descendant::text()[normalize-space()][not(parent::script or parent::style)]",
    smart_strings=False,
)
_MAX_NAME_TEXTS = 20000


def _matches(tag: str, attributes: dict[str, str], tests: tuple[_Test, ...]) -> bool:
    """True when one of the rules catches an element of this tag and these attributes."""
    for test in tests:
        if test.tags and tag not in test.tags:
            continue
        if test.attribute == "tag":
            return True
        value = attributes.get(test.attribute)
        if value is not None and test.regex.search(value):
            return True
    return False


def ruled_elements(tree: Any) -> list[Any]:
    """Elements a rule may catch, in document order: every element a rule catches among
    the first ``_MAX_RULED`` with a ruled attribute or tag (``_RULED_XPATH``) and a few
    others; none when no byline rule catches one (no area needs discarding then)."""
    tagged = list(tree.getroottree().iter(*_TAG_NAMES))
    values = [read.values(tree) for read in _READS]
    hits = [set(values_with(v, read.byline)) for v, read in zip(values, _READS, strict=True)]
    if not any(hits) and not any(el.tag in _BYLINE_TAGS for el in tagged):
        return []
    found = tagged
    for read, page_values, numbers in zip(_READS, values, hits, strict=True):
        numbers.update(values_with(page_values, read.discard))
        owners = read.owners(tree) if numbers else []
        found.extend(owners[number] for number in numbers)
    if len(tagged) + sum(map(len, values)) > _MAX_RULED:  # the first ruled elements only
        first = set(tree.xpath(_RULED_XPATH)[:_MAX_RULED])
        found = [el for el in found if el in first]
    return list(_IN_ORDER(tree, found=found))


def byline_text(tree: Any) -> str | None:
    """The text of the first byline element by tier, outside the discarded areas, or None."""
    discarded: set[Any] = set()
    tiers: list[list[Any]] = [[] for _ in _TIERS]
    for el in ruled_elements(tree):
        tag, attributes = el.tag, dict(el.items())
        if _matches(tag, attributes, _DISCARD):
            discarded.add(el)
            continue
        for number, tests in enumerate(_TIERS):
            if _matches(tag, attributes, tests):
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
    """Names from paragraphs that hold nothing but a byline, outside comments.

    A paragraph whose squeezed text is surely longer than a byline paragraph is passed
    over after its first pieces (most are); only the others are looked up in comments.
    """
    paragraphs = _PARAGRAPHS(tree)
    sifted = len(paragraphs) > _MAX_PARAGRAPHS  # then the first outside comments
    if sifted:
        paragraphs = _PARAGRAPHS_OUTSIDE_COMMENTS(tree)[:_MAX_PARAGRAPHS]
    for paragraph in paragraphs:
        if not is_short(paragraph, MAX_BYLINE_PARAGRAPH_CHARS):
            continue
        if not sifted and _in_comments(paragraph):
            continue
        found = byline_name(clean_space(" ".join(paragraph.itertext())))
        name = clean_author(found) if found else None
        if name:
            yield name


def _in_comments(el: Any) -> bool:
    """True when an ancestor's class or id says "comment"."""
    return any(
        "comment" in (up.get("class") or "") or "comment" in (up.get("id") or "")
        for up in el.iterancestors()
    )


def labelled_names(tree: Any) -> Iterator[str]:
    """Names that follow an element holding only a byline label.

    "<strong>Autor:</strong> <a>Klausmartin Friedrich</a>", "<span>بقلم:</span> سالم",
    "<b>Von:</b> Götz Warnke": the label and the name sit in elements of their own, so
    neither the byline paragraph nor the marker reading sees them together. The name is
    the next text after the label, outside menus, sidebars, footers and comments.
    """
    nodes = _LABEL_NODES(tree)[:_MAX_LABELS]
    for number in values_matching(nodes, _LABEL_IN_TEXTS):
        node = nodes[number]
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
    The addresses are read first: only a page with an author's address reads its links.
    """
    hrefs = _AUTHOR_LINK_HREFS(tree)[:_MAX_AUTHOR_LINKS]
    numbers = [
        n for n in values_matching(hrefs, _AUTHOR_HREF) if AUTHOR_PATH.search(unquote(hrefs[n]))
    ]
    links = _AUTHOR_LINKS(tree)[:_MAX_AUTHOR_LINKS] if numbers else []
    for number in numbers:
        link = links[number]
        name = _author_link_name(link)
        if name is None:
            continue
        box = link.getparent()
        for _ in range(3):
            up = box.getparent() if box is not None else None
            if up is None or len(clean_space(up.text_content())) > MAX_BYLINE_BOX_CHARS:
                break
            box = up
        in_box = box.xpath(".//a[@href]") if box is not None else []
        names = [n for n in (_author_link_name(a) for a in in_box) if n]
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
    texts = SEPARATOR.join(_NAME_TEXTS(tree)[:_MAX_NAME_TEXTS])
    for match in _FULL_NAME.finditer(texts):
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
