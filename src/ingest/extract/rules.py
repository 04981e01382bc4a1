"""Per-source CSS rules from sources.yaml, applied to the page's lxml tree.

The tree is the one every other reader uses (``htmltree.parse_html_tree``): rules cost no
second parse. Selectors are translated to XPath by ``css.css_to_xpath``. Each field's
selectors are alternatives tried in order; ``sel@attr`` reads an attribute instead of
the text; ``strip`` selectors remove their elements from the tree before anything reads it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from lxml import etree
from lxml import html as lxml_html

from ingest.extract.css import css_to_xpath
from ingest.extract.htmltree import drop_element
from ingest.models import Rules

_ATTR_SUFFIX = re.compile(r"^(.*\S)\s*@([A-Za-z_:][\w:.\-]*)$")
_SHOWN_TEXT = ".//text()[not(ancestor::script or ancestor::style or ancestor::template)]"


@dataclass
class RuleMatch:
    """What one source's rules found on a page; None where a rule matched nothing."""

    headline: str | None = None
    body_html: str | None = None
    date_text: str | None = None
    author: str | None = None
    problems: list[str] = field(default_factory=list)


def split_selector(selector: str) -> tuple[str, str | None]:
    """Split ``time.published@datetime`` into (CSS, attribute)."""
    match = _ATTR_SUFFIX.match(selector.strip())
    if match and "[" not in match.group(2):
        return match.group(1), match.group(2)
    return selector.strip(), None


def _find(tree: Any, css: str) -> list[Any]:
    """Elements matching a CSS selector, in document order; ValueError when not read."""
    try:
        return list(tree.xpath(css_to_xpath(css)))
    except etree.XPathError as exc:
        raise ValueError(str(exc)) from exc


def _select(
    tree: Any, selectors: tuple[str, ...], field_name: str
) -> tuple[list[Any], str | None, list[str]]:
    """First alternative that matches: (elements, attribute, problems)."""
    problems = []
    for selector in selectors:
        css, attr = split_selector(selector)
        try:
            found = _find(tree, css)
        except ValueError as exc:
            problems.append(f"rule {field_name} {selector!r} is not valid CSS: {exc}")
            continue
        if attr:
            found = [el for el in found if el.get(attr)]
        if found:
            return found, attr, problems
    return [], None, problems


def element_text(el: Any) -> str:
    """An element's text, its pieces joined by spaces, without script or style."""
    return " ".join(" ".join(el.xpath(_SHOWN_TEXT)).split())


def _value(elements: list[Any], attr: str | None) -> str | None:
    """Text (or attribute) of the first element with any."""
    for el in elements:
        raw = el.get(attr) if attr else element_text(el)
        if raw and raw.strip():
            return " ".join(raw.split())
    return None


def apply_rules(tree: Any, rules: Rules) -> RuleMatch:
    """Apply a source's rules to a parsed page (``strip`` edits it); never raises on bad
    selectors."""
    match = RuleMatch()
    for selector in rules.strip:
        css, _ = split_selector(selector)
        try:
            for el in _find(tree, css):
                drop_element(el)
        except ValueError as exc:
            match.problems.append(f"rule strip {selector!r} is not valid CSS: {exc}")
    for name in ("headline", "body", "date", "author"):
        selectors: tuple[str, ...] = getattr(rules, name)
        if not selectors:
            continue
        elements, attr, errors = _select(tree, selectors, name)
        match.problems.extend(errors)
        if name == "body":
            if elements:
                match.body_html = "".join(
                    lxml_html.tostring(el, encoding="unicode", with_tail=False) for el in elements
                )
        elif name == "headline":
            match.headline = _value(elements, attr)
        elif name == "date":
            match.date_text = _value(elements, attr)
        else:
            match.author = _value(elements, attr)
    return match
