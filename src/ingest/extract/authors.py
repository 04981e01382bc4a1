"""The article's author: the first plain person's name among the page's readers.

Readers, most trusted first: JSON-LD people (Yoast's ``{"@id": ...}`` references looked up
in the page's graph), Yoast's "Written by" ``twitter:label``/``data`` pair, the author meta
tags of ``author_tables.AUTHOR_META``; then the body's bylines (``bylines.py``): the byline
elements of ``BYLINE_TIERS``, the author-classed elements and date lines ``read_page``
collected (a name after a marker: "Posted on ... by X", "بقلم: X"), paragraphs that are only
a byline, a name after a label element, links to the writer's archive, the heading of an
author box. Names are cleaned by ``author_names.py``; a first name or login alone grows
into the one full name the page prints with it. A name decorated with the site's name, or
an organisation's ("… e.V.", "بوابة …"), waits for a plain one; a JSON-LD organisation is
a last resort; the site itself is never the author (naming it, or guessing from the
copyright line, named the outlet on about 15 benchmark pages that name no writer).

Readers run lazily: a page whose head names its writer never walks the body (93 of the
first 150 dev pages reach the body readers). Measured on the benchmark's development half
(``bench/extraction.py``, 506 pages; author exact match where annotated): 0.724 (202/279),
trafilatura 0.502; the hand-written sets (bench/libyan, bench/arabic-themes to -7) 62/62.

Where the time goes (the dev pages, ``choose_author`` and its readers timed in one
process): 1.3 ms median, 1.9 ms mean a page, where readers testing every element or
text in Python took 2.2 and 3.3 ms (``bylines.py`` reads the page's strings first); 0.1 ms
on the 200 pages whose head names the writer, 2.1 ms median on the 306 that reach the
body, of which ``byline_text`` about 0.8 ms, the label, author-link and paragraph readers
0.3 to 0.6 ms each where they run. trafilatura's byline reader, which deep-copies the
tree and prunes the copy, made ``choose_author`` about three times slower than a walk.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

from ingest.extract.author_names import (
    ABOUT,
    HARAKAT,
    WRITER_LABEL,
    clean_author,
    fold,
    marked_name,
    name_words,
)
from ingest.extract.author_tables import (
    ARABIC_OUTLET_WORDS,
    AUTHOR_META,
    ORGANISATION_WORDS,
    alternation,
)
from ingest.extract.bylines import (
    author_link_names,
    byline_text,
    complete_name,
    labelled_names,
    paragraph_bylines,
)
from ingest.extract.headline import normalise_title, title_segments
from ingest.extract.htmltree import elements
from ingest.extract.metadata import (
    PageMeta,
    clean_space,
    host_of,
    jsonld_authors,
    jsonld_types,
)

__all__ = ["choose_author", "clean_author", "marked_name"]

_ORGANISATION = re.compile(
    rf"\b(?:{alternation([ORGANISATION_WORDS])})\b|"
    rf"(?:^|\s)(?:{alternation([ARABIC_OUTLET_WORDS])})\s"
)
_MAX_JSONLD_SCRIPTS = 20
_MAX_JSONLD_NODES = 2000
_YOAST_LABELS = range(1, 5)  # twitter:label1 .. twitter:label4


def _site_names(page: PageMeta) -> list[str]:
    """The site's names, without a publisher that is a person (Yoast's personal-blog
    setting makes the blogger the publisher: then the blogger is the author too)."""
    publisher = page.jsonld.get("publisher")
    if isinstance(publisher, dict) and "person" in jsonld_types(publisher):
        person = clean_space(str(publisher.get("name", "")))
        return [name for name in page.site_names if name != person]
    if page.site_names:
        return page.site_names
    # Without a declared name, "Headline | ليبيا الان" ends with it, unless the address
    # spells it: a blogger's own domain ("Wolfgang Michal" on wolfgangmichal.de).
    parts = title_segments(page.title or "")
    last = parts[-1] if len(parts) > 1 else ""
    spelled = re.sub(r"\W+", "", fold(last))
    if not last or (spelled and spelled in re.sub(r"\W+", "", host_of(page.url))):
        return []
    return [last]


def _site_rank(name: str, sites: list[str]) -> int:
    """0 for a plain name, 1 for a name decorated with the site's, 2 for the site itself
    (``sites``: the site's names, ``normalise_title``d).

    "unocero - Alberto Ávila" (1) loses to a plain "Alberto Ávila" found elsewhere. A name
    inside the site's name is a personal blog ("Daniel Lemire's blog") and counts as
    plain; the URL's host is not compared, since a blogger's domain is often their name.
    """
    norm = normalise_title(name)
    if re.search(r"\w\.[a-z]{2,6}$", name.split()[-1], re.I):
        return 2
    if norm in sites:
        return 2
    padded = f" {norm} "
    if any(len(site) > 3 and f" {site} " in padded for site in sites):
        return 1
    return 1 if _ORGANISATION.search(name) else 0


def _jsonld_nodes_by_id(tree: Any) -> dict[str, dict[str, Any]]:
    """JSON-LD objects of the page keyed by their ``@id`` (Yoast's @graph links by id)."""
    nodes: dict[str, dict[str, Any]] = {}
    scripts = [s for s in elements(tree, "script") if "ld+json" in (s.get("type") or "")]
    for script in scripts[:_MAX_JSONLD_SCRIPTS]:
        try:
            data = json.loads((script.text or "").strip(), strict=False)
        except ValueError:
            continue
        stack = [data]
        budget = _MAX_JSONLD_NODES
        while stack and budget:
            budget -= 1
            item = stack.pop()
            if isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, dict):
                if isinstance(item.get("@id"), str) and "name" in item:
                    nodes.setdefault(item["@id"], item)
                if "@graph" in item:
                    stack.append(item["@graph"])
    return nodes


def _jsonld_people(value: Any, tree: Any) -> tuple[list[str], list[str]]:
    """JSON-LD authors split into (people, organisations).

    An author given only as ``{"@id": ...}`` (Yoast SEO's schema graph) is looked up
    among the page's other JSON-LD objects.
    """
    people: list[str] = []
    orgs: list[str] = []
    nodes: dict[str, dict[str, Any]] | None = None
    for item in value if isinstance(value, list) else [value]:
        if isinstance(item, dict) and "name" not in item and isinstance(item.get("@id"), str):
            nodes = _jsonld_nodes_by_id(tree) if nodes is None else nodes
            item = nodes.get(item["@id"], item)
        names = jsonld_authors(item)
        types = " ".join(jsonld_types(item)) if isinstance(item, dict) else ""
        # Yoast types a blog's owner ["Person", "Organization"]: that is a person.
        is_org = "organization" in types and "person" not in types
        (orgs if is_org else people).extend(names)
    return people, orgs


def _head_names(page: PageMeta, people: list[str], sites: list[str]) -> Iterator[tuple[str, str]]:
    """Names the head gives: JSON-LD people, Yoast's "Written by" pair, author meta."""
    people = [p for p in (clean_author(n) for n in people) if p]
    plain = [p for p in people if _site_rank(p, sites) == 0]
    if plain:
        yield ", ".join(dict.fromkeys(plain)), "jsonld"
    for person in people:
        yield person, "jsonld"
    for number in _YOAST_LABELS:
        label = HARAKAT.sub("", page.meta.get(f"twitter:label{number}", ""))
        if WRITER_LABEL.search(label):
            value = clean_author(page.meta.get(f"twitter:data{number}", ""))
            if value:
                yield value, "meta"
    for row in AUTHOR_META:
        value = clean_author(page.meta.get(row.key, ""))
        if value:
            yield value, "meta"


def _body_names(page: PageMeta, tree: Any) -> Iterator[tuple[str, str]]:
    """Names the page's body gives, cheapest readers first within the trust order."""
    found = byline_text(tree)
    name = clean_author(found) if found else None
    if name:
        yield name, "byline"
    for text in page.author_texts:
        # "21 May 2020 | By X" names the writer after its marker; else the whole text.
        name = marked_name(text) or clean_author(text)
        if name:
            yield name, "byline"
    for text in page.byline_texts:
        name = marked_name(text)
        if name:
            yield name, "byline"
    for reader in (paragraph_bylines, labelled_names, author_link_names):
        for name in reader(tree):
            yield name, "byline"
    for text in page.author_box_names:
        boxed = None if ABOUT.match(text) else name_words(text, min_words=2)
        if boxed:
            yield boxed, "author box"


def choose_author(page: PageMeta, tree: Any) -> tuple[str | None, str]:
    """Pick the author name(s) and the method that found them.

    The first plain name of the readers wins. Without one: a name decorated with the
    site's name, then a JSON-LD organisation that is not the site (an agency); never the
    site itself.
    """
    people, orgs = _jsonld_people(page.jsonld.get("author"), tree)
    sites = [normalise_title(site) for site in _site_names(page)]
    fallback: list[tuple[int, str, str]] = []
    for reader in (_head_names(page, people, sites), _body_names(page, tree)):
        for name, method in reader:
            rank = _site_rank(name, sites)
            if rank == 0:
                return complete_name(name, tree), method
            fallback.append((rank, name, method))
    decorated = [f for f in fallback if f[0] == 1]
    if decorated:
        return decorated[0][1], decorated[0][2]
    # An organisation is a byline only when it is not the site itself (an agency).
    orgs = [o for o in orgs if _site_rank(o, sites) < 2]
    if orgs:
        return orgs[0], "jsonld"
    return None, "none"
