"""One source entry of sources.yaml, checked: its keys, what it inherits from ``defaults:``,
its rules, listings and extraction tests.

``read_source`` reports every problem of the entry to the ``yamlsafe.Checker`` with its
line and builds the ``Source`` from what is valid; the values themselves are converted by
``configvalues``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import fields
from pathlib import Path
from typing import Any, TypeVar

from ingest.configvalues import (
    DURATION_EXPECT,
    aliases,
    boolean,
    fixture_path,
    http_url,
    interval,
    one_of,
    parse_duration,
    positive_int,
    selector,
    selectors,
    text,
    text_list,
    timezone,
    url_list,
)
from ingest.models import RECORD_FIELDS, Listing, Rules, Source, SourceTest
from ingest.yamlsafe import Checker, Node, brief, shorten

SOURCE_ID_RE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")
CONFIDENCE_LEVELS = ("verified", "observed", "claimed", "guessed")
RULE_FIELDS = ("headline", "body", "date", "author", "strip")
TEST_FIELDS = RECORD_FIELDS

# Per-source keys that may also appear under ``defaults:``.
SHARED_KEYS = {
    "interval",
    "timezone",
    "host_concurrency",
    "host_delay",
    "ignore_http_cache",
}
SOURCE_KEYS = SHARED_KEYS | {
    "id",
    "name",
    "aliases",
    "homepage",
    "language",
    "feeds",
    "sitemaps",
    "listings",
    "wordpress",
    "domains",
    "allow_offsite",
    "aggregator",
    "enabled",
    "confidence",
    "notes",
    "rules",
    "tests",
}
DISCOVERY_KEYS = ("feeds", "sitemaps", "listings", "wordpress")

T = TypeVar("T")

# The keys a source inherits from ``defaults:``: the Source field each sets, its converter
# and what a valid value looks like.
SHARED_FIELDS: dict[str, tuple[str, Callable[[Any], Any], str]] = {
    "interval": ("interval_secs", interval, DURATION_EXPECT),
    "timezone": ("timezone", timezone, "an IANA time zone"),
    "host_concurrency": ("host_concurrency", positive_int, "an integer ≥ 1"),
    "host_delay": ("host_delay_secs", parse_duration, DURATION_EXPECT),
    "ignore_http_cache": ("ignore_http_cache", boolean, "true or false"),
}


def read_source(
    check: Checker, node: Node, inherited: dict[str, Any], folder: Path
) -> Source | None:
    check.unknown_keys(node, SOURCE_KEYS, "a source")
    source_id = node.get("id")
    if source_id is None:
        check.add(
            node.where,
            "source without an id: add 'id: <slug>' (lower-case letters, digits and '-')",
        )
        return None
    if not isinstance(source_id, str) or not SOURCE_ID_RE.match(source_id):
        slug = re.sub(r"[^a-z0-9]+", "-", str(source_id).lower()).strip("-")[:64] or "wasat"
        check.add(
            node.where_is("id"),
            f"source id {brief(source_id)} is not a slug: use lower-case letters, digits "
            f"and '-', e.g. '{slug}'",
        )
        return None
    where = f"source '{source_id}'"
    for required in ("name", "homepage"):
        if required not in node:
            check.add(node.where, f"{where} has no '{required}'; add it")
    # A retired source (enabled: false) is never fetched: its endpoints may be gone.
    if node.get("enabled") is not False and not any(node.get(key) for key in DISCOVERY_KEYS):
        check.add(
            node.where,
            f"{where} has no way to find articles; add feeds:, sitemaps:, listings: or "
            "wordpress: (try 'ingest sources add HOMEPAGE')",
        )
    shared = {
        field: check.get(node, key, convert, inherited[field], expect)
        for key, (field, convert, expect) in SHARED_FIELDS.items()
    }
    rules = _read_rules(check, node)
    return Source(
        id=source_id,
        name=check.get(node, "name", text, source_id, "text"),
        aliases=check.get(node, "aliases", aliases, (), "a list of names, e.g. [وال]"),
        homepage=check.get(node, "homepage", http_url, "", "an http(s) URL"),
        language=check.get(node, "language", text, None, "a language code like ar or en"),
        feeds=check.get(node, "feeds", url_list, (), "a list of http(s) URLs"),
        sitemaps=check.get(node, "sitemaps", url_list, (), "a list of http(s) URLs"),
        listings=_read_listings(check, node),
        wordpress=check.get(node, "wordpress", http_url, None, "the http(s) URL of /wp-json/"),
        **shared,
        domains=check.get(node, "domains", text_list, (), "a list of domain names"),
        allow_offsite=check.get(node, "allow_offsite", boolean, False, "true or false"),
        aggregator=check.get(node, "aggregator", boolean, False, "true or false"),
        enabled=check.get(node, "enabled", boolean, True, "true or false"),
        rules=rules,
        tests=_read_tests(check, node, folder),
        notes=check.get(node, "notes", text, None, "text"),
        confidence=check.get(
            node,
            "confidence",
            one_of(CONFIDENCE_LEVELS),
            None,
            "one of " + ", ".join(CONFIDENCE_LEVELS),
        ),
        line=node.line,
    )


def _read_rules(check: Checker, node: Node) -> Rules:
    raw = node.get("rules")
    if raw is None:
        return Rules()
    if not isinstance(raw, Node):
        check.add(node.where_is("rules"), "'rules' must be a mapping of field: selector")
        return Rules()
    check.unknown_keys(raw, {*RULE_FIELDS, "timezone"}, "rules")
    empty: tuple[str, ...] = ()
    values = {
        key: check.get(raw, key, selectors, empty, "a CSS selector or a list of them")
        for key in RULE_FIELDS
    }
    return Rules(
        **values,
        timezone=check.get(raw, "timezone", timezone, None, "an IANA time zone"),
    )


def _read_listings(check: Checker, node: Node) -> tuple[Listing, ...]:
    raw = node.get("listings")
    if raw is None:
        return ()
    if not isinstance(raw, list):
        check.add(node.where_is("listings"), "'listings' must be a list of {url, links}")
        return ()
    listings = []
    allowed = {field.name for field in fields(Listing)}
    for item in raw:
        if not isinstance(item, Node) or "url" not in item or "links" not in item:
            check.add(
                node.where_is("listings"),
                "each listing needs 'url' and 'links' (a CSS selector for article links)",
            )
            continue
        check.unknown_keys(item, allowed, "a listing")
        listings.append(
            Listing(
                url=check.get(item, "url", http_url, "", "an http(s) URL"),
                links=check.get(item, "links", selector, "a", "a CSS selector"),
                next=check.get(item, "next", selector, None, "a CSS selector"),
                max_pages=check.get(item, "max_pages", positive_int, 1, "an integer ≥ 1"),
            )
        )
    return tuple(listings)


def _read_tests(check: Checker, node: Node, folder: Path) -> tuple[SourceTest, ...]:
    raw = node.get("tests")
    if raw is None:
        return ()
    if not isinstance(raw, list):
        check.add(node.where_is("tests"), "'tests' must be a list of {fixture, url, expect}")
        return ()
    tests = []
    for item in raw:
        if not isinstance(item, Node) or "fixture" not in item or "url" not in item:
            check.add(node.where_is("tests"), "each test needs 'fixture' and 'url'")
            continue
        check.unknown_keys(item, {"fixture", "url", "expect", "contains", "absent"}, "a test")
        fixture = check.get(item, "fixture", fixture_path, "", "a relative file path")
        if fixture and not _is_file(folder / fixture):
            check.add(
                item.where_is("fixture"),
                f"fixture file not found: {shorten(str(folder / fixture), 200)} "
                "(paths are relative to the config)",
            )
        tests.append(
            SourceTest(
                fixture=fixture,
                url=check.get(item, "url", http_url, "", "an http(s) URL"),
                expect=_read_fields(check, item, "expect", text),
                contains=_read_fields(check, item, "contains", text_list),
                absent=_read_fields(check, item, "absent", text_list),
                line=item.line,
            )
        )
    return tuple(tests)


def _is_file(path: Path) -> bool:
    try:
        return path.is_file()
    except OSError:  # a name too long for the file system
        return False


def _read_fields(check: Checker, item: Node, key: str, convert: Callable[[Any], T]) -> dict[str, T]:
    raw = item.get(key)
    if raw is None:
        return {}
    if not isinstance(raw, Node):
        check.add(item.where_is(key), f"'{key}' must be a mapping of field: value")
        return {}
    check.unknown_keys(raw, set(TEST_FIELDS), f"a test's '{key}'")
    return {
        name: check.get(raw, name, convert, convert("-"), "text or a list of text")
        for name in raw
        if name in TEST_FIELDS
    }
