"""JSON-LD: the page's article object, read from its ``ld+json`` scripts.

CMS plugins (Yoast, Rank Math, Drupal's Metatag) print several objects, often in a
``@graph``; the article (a NewsArticle beats the WebPage that wraps it) is merged with its
publisher. Broken blocks (trailing commas, HTML comments, CDATA wrappers) are repaired the
usual ways before giving up.
"""

from __future__ import annotations

import html
import json
import re
from typing import Any

from ingest.extract.htmltree import clean_space, elements, looks_like_url
from ingest.extract.pageindex import PageIndex

ARTICLE_TYPES = frozenset(
    {
        "article",
        "newsarticle",
        "reportagenewsarticle",
        "analysisnewsarticle",
        "opinionnewsarticle",
        "backgroundnewsarticle",
        "reviewnewsarticle",
        "blogposting",
        "liveblogposting",
        "socialmediaposting",
        "scholarlyarticle",
        "techarticle",
        "report",
        "webpage",
        "posting",
    }
)


def _load_json(raw: str) -> Any:
    """Parse a JSON-LD block, tolerating the usual CMS damage."""
    raw = raw.strip().removeprefix("<!--").removesuffix("-->").strip()
    raw = raw.removeprefix("//<![CDATA[").removesuffix("//]]>").strip()
    try:
        return json.loads(raw, strict=False)
    except ValueError:
        pass
    # Trailing commas and bare newlines inside strings are the common breakages.
    fixed = re.sub(r",\s*([}\]])", r"\1", raw)
    try:
        return json.loads(fixed, strict=False)
    except ValueError:
        return None


def _flatten(node: Any) -> list[dict[str, Any]]:
    """Every object in a JSON-LD value, descending into lists and @graph."""
    found: list[dict[str, Any]] = []
    stack = [node]
    while stack and len(found) < 200:
        item = stack.pop()
        if isinstance(item, list):
            stack.extend(reversed(item))
        elif isinstance(item, dict):
            found.append(item)
            if "@graph" in item:
                stack.append(item["@graph"])
            main = item.get("mainEntity")
            if isinstance(main, (dict, list)):
                stack.append(main)
    return found


def jsonld_types(obj: dict[str, Any]) -> set[str]:
    """Lower-cased schema.org types of a JSON-LD object."""
    raw = obj.get("@type", [])
    values = raw if isinstance(raw, list) else [raw]
    return {str(v).rsplit("/", 1)[-1].lower() for v in values}


def read_jsonld(tree: Any, index: PageIndex | None = None) -> dict[str, Any]:
    """Return the page's article object from JSON-LD, merged with its publisher, or {}."""
    objects: list[dict[str, Any]] = []
    for script in index.tags["script"] if index else elements(tree, "script"):
        if "ld+json" not in (script.get("type") or ""):
            continue
        data = _load_json(script.text or "")
        if data is not None:
            objects.extend(_flatten(data))
    best: dict[str, Any] = {}
    best_rank = 99
    for obj in objects:
        types = jsonld_types(obj)
        if not types & ARTICLE_TYPES:
            continue
        # A NewsArticle beats the WebPage that wraps it.
        rank = 1 if "webpage" in types and len(types) == 1 else 0
        if rank < best_rank:
            best, best_rank = obj, rank
    if best and "publisher" not in best:
        for obj in objects:
            if jsonld_types(obj) & {"organization", "newsmediaorganization", "website"}:
                best = {**best, "publisher": obj}
                break
    return best


def jsonld_text(value: Any) -> str | None:
    """A JSON-LD value as one string (first of a list, ``name`` of an object)."""
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("name") or value.get("@value")
    if not isinstance(value, (str, int, float)) or not value:
        return None
    return clean_space(html.unescape(str(value)))  # Rank Math writes "Libya&#039;s"


def jsonld_authors(value: Any) -> list[str]:
    """Author names from a JSON-LD ``author`` (string, object or list of either)."""
    values = value if isinstance(value, list) else [value]
    names = []
    for item in values:
        name = item.get("name") if isinstance(item, dict) else item
        if isinstance(name, list):
            name = name[0] if name else None
        if isinstance(name, str) and clean_space(name) and not looks_like_url(name):
            names.append(clean_space(html.unescape(name)))
    return names
