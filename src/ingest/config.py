"""Load and validate ``sources.yaml``: every problem at once, with ``file:LINE`` and the fix.

``ingest.yamlsafe`` parses the file (bounded, with the line of every mapping and key);
validation then walks plain dicts and reports against those lines. Messages quote values
only through ``brief``: a hostile file must not make a message gigabytes long.
"""

from __future__ import annotations

import posixpath
import re
import zoneinfo
from collections.abc import Callable
from dataclasses import fields
from pathlib import Path, PureWindowsPath
from typing import Any, TypeVar
from urllib.parse import urlsplit

import soupsieve

from ingest.errors import ConfigError
from ingest.models import RECORD_FIELDS, Config, Listing, Rules, Settings, Source, SourceTest
from ingest.yamlsafe import Checker, Node, brief, load_yaml, shorten

DEFAULT_CONFIG_PATH = "config/sources.yaml"
SOURCE_ID_RE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")
DURATION_RE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d|w)?\s*$")
SIZE_RE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(b|kb|mb|gb|kib|mib|gib)?\s*$", re.IGNORECASE)
DURATION_UNITS_SECS = {"ms": 0.001, "s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}
DURATION_EXPECT = "a duration (a number and a unit s, m, h or d, e.g. 90s, 15m, 1.5h, 1d)"
SIZE_UNITS = {"b": 1, "kb": 1000, "mb": 1000**2, "gb": 1000**3, "kib": 1024, "mib": 1024**2}
SIZE_UNITS["gib"] = 1024**3
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
SETTINGS_KEYS = {
    "max_concurrency",
    "connect_timeout",
    "read_timeout",
    "total_timeout",
    "max_body",
    "max_redirects",
    "max_tries",
    "max_retry_wait",
    "min_rate",
    "min_rate_window",
    "allow_private",
    "source_budget",
    "lease",
    "keep_html",
    "max_articles_per_source",
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


def parse_duration(value: Any) -> float:
    """Seconds from ``15m``, ``2h``, ``1.5s``, ``7d`` or a plain number of seconds."""
    if isinstance(value, bool):
        raise TypeError("")
    if isinstance(value, int | float):
        if value < 0:
            raise ValueError("negative")
        return float(value)
    if not isinstance(value, str):
        raise TypeError("")
    match = DURATION_RE.match(value.lower())
    if not match:
        raise ValueError("")
    return float(match.group(1)) * DURATION_UNITS_SECS[match.group(2) or "s"]


def parse_size(value: Any) -> int:
    """Bytes from ``10MB``, ``512KiB`` or a plain number of bytes."""
    if isinstance(value, bool):
        raise TypeError("")
    if isinstance(value, int):
        return value
    if not isinstance(value, str):
        raise TypeError("")
    match = SIZE_RE.match(value)
    if not match:
        raise ValueError("")
    return int(float(match.group(1)) * SIZE_UNITS[(match.group(2) or "b").lower()])


def _positive_int(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError("")
    return value


def _bool(value: Any) -> bool:
    if not isinstance(value, bool):
        raise TypeError("")
    return value


def _text(value: Any) -> str:
    if isinstance(value, dict | list | set | bytes) or value is None:
        raise TypeError("")
    text = str(value).strip()
    if not text:
        raise ValueError("empty")
    return text


def _http_url(value: Any) -> str:
    url = _text(value)
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError("not an absolute http(s) URL")
    return url


def _url_list(value: Any) -> tuple[str, ...]:
    items = value if isinstance(value, list) else [value]
    return tuple(_http_url(item) for item in items)


def _text_list(value: Any) -> tuple[str, ...]:
    items = value if isinstance(value, list) else [value]
    return tuple(_text(item) for item in items)


def _aliases(value: Any) -> tuple[str, ...]:
    """Other names the outlet is cited by: a list of distinct, non-empty names."""
    if not isinstance(value, list):
        raise TypeError("")
    return tuple(dict.fromkeys(_text(item) for item in value))


def _fixture_path(value: Any) -> str:
    """A fixture path inside the config's folder: never absolute, never up through '..'."""
    path = _text(value)
    inside = posixpath.normpath(path.replace("\\", "/"))
    if inside.startswith(("/", "../")) or inside == ".." or PureWindowsPath(path).drive:
        raise ValueError("keep fixtures in the config's folder, e.g. fixtures/page.html")
    return path


def _timezone(value: Any) -> str:
    name = _text(value)
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError) as exc:
        raise ValueError("unknown time zone; use an IANA name such as Africa/Tripoli") from exc
    return name


def _selector(value: str) -> str:
    """Check a CSS selector (optionally ending in ``@attr``) compiles."""
    css = value.rsplit("@", 1)[0].strip() if "@" in value else value
    try:
        soupsieve.compile(css)
    except Exception as exc:
        raise ValueError(f"invalid CSS selector: {exc}") from exc
    return value


def _rule_selector(value: str) -> str:
    """A rule's selector: rules are read on the page's lxml tree (``extract/css.py``),
    which takes simple selectors only, so a pseudo-class is refused here, not at run time."""
    from ingest.extract.css import css_to_xpath

    _selector(value)
    try:
        css_to_xpath(value.rsplit("@", 1)[0].strip() if "@" in value else value)
    except ValueError as exc:
        raise ValueError(f"{exc}; rules take simple selectors") from exc
    return value


def _selectors(value: Any) -> tuple[str, ...]:
    return tuple(_rule_selector(item) for item in _text_list(value))


def _interval(value: Any) -> int:
    secs = parse_duration(value)
    if secs < 60:
        raise ValueError("at least 1m, to be kind to the outlet")
    return int(secs)


# The keys a source inherits from ``defaults:``: the Source field each sets, its converter
# and what a valid value looks like.
SHARED_FIELDS: dict[str, tuple[str, Callable[[Any], Any], str]] = {
    "interval": ("interval_secs", _interval, DURATION_EXPECT),
    "timezone": ("timezone", _timezone, "an IANA time zone"),
    "host_concurrency": ("host_concurrency", _positive_int, "an integer ≥ 1"),
    "host_delay": ("host_delay_secs", parse_duration, DURATION_EXPECT),
    "ignore_http_cache": ("ignore_http_cache", _bool, "true or false"),
}


def load_config(path: str | Path = DEFAULT_CONFIG_PATH) -> Config:
    """Load and validate a sources.yaml, raising ``ConfigError`` with every problem found.

    Example::

        config = load_config("config/sources.yaml")
        print([source.id for source in config.sources])
    """
    path = Path(path)
    data, problems = load_yaml(path)
    check = Checker(path)
    check.problems.extend(problems)
    if not isinstance(data, Node):
        check.add((1, 1), "the file must be a mapping with 'sources:' (and optionally 'defaults:')")
        raise ConfigError(check.problems)
    check.unknown_keys(data, {"defaults", "sources"}, "the top level")

    defaults = data.get("defaults")
    if defaults is None:
        defaults = Node.empty()
    elif not isinstance(defaults, Node):
        check.add(data.where_is("defaults"), "'defaults' must be a mapping")
        defaults = Node.empty()
    check.unknown_keys(defaults, SHARED_KEYS | SETTINGS_KEYS, "defaults")
    settings = _read_settings(check, defaults)
    # Read once, so that a bad default is one problem, not one per source.
    sketch = Source(id="", name="", homepage="")
    inherited = {
        field: check.get(defaults, key, convert, getattr(sketch, field), expect)
        for key, (field, convert, expect) in SHARED_FIELDS.items()
    }

    sources: list[Source] = []
    raw_sources = data.get("sources")
    if not isinstance(raw_sources, list):
        check.add(
            data.where_is("sources"),
            "'sources' must be a list of outlets, each starting with '- id: ...'",
        )
        raw_sources = []
    seen: dict[str, int] = {}  # id -> line
    for index, entry in enumerate(raw_sources):
        if not isinstance(entry, Node):
            check.add(
                data.where_is("sources"),
                f"source #{index + 1} must be a mapping with id, name, homepage, ...",
            )
            continue
        source = _read_source(check, entry, inherited, path.parent)
        if source is None:
            continue
        if source.id in seen:
            check.add(
                entry.where_is("id"),
                f"duplicate source id '{source.id}' (first at line {seen[source.id]}); "
                "ids must be unique",
            )
            continue
        seen[source.id] = source.line
        sources.append(source)

    if check.problems:
        raise ConfigError(check.sorted())
    return Config(path=str(path), sources=tuple(sources), settings=settings)


def _read_settings(check: Checker, node: Node) -> Settings:
    base = Settings()
    keep_html: int | None = base.keep_html_days
    if str(node.get("keep_html", "")).strip().lower() in ("forever", "always"):
        keep_html = None
    else:
        keep_days = check.get(node, "keep_html", parse_duration, -1.0, "a duration like 365d")
        if keep_days >= 0:
            keep_html = int(keep_days // 86400)
    return Settings(
        max_concurrency=check.get(
            node, "max_concurrency", _positive_int, base.max_concurrency, "a positive integer"
        ),
        connect_timeout_secs=check.get(
            node, "connect_timeout", parse_duration, base.connect_timeout_secs, DURATION_EXPECT
        ),
        read_timeout_secs=check.get(
            node, "read_timeout", parse_duration, base.read_timeout_secs, DURATION_EXPECT
        ),
        total_timeout_secs=check.get(
            node, "total_timeout", parse_duration, base.total_timeout_secs, DURATION_EXPECT
        ),
        max_body_bytes=check.get(node, "max_body", parse_size, base.max_body_bytes, "a size"),
        max_redirects=check.get(
            node, "max_redirects", _positive_int, base.max_redirects, "a positive integer"
        ),
        max_tries=check.get(node, "max_tries", _positive_int, base.max_tries, "a positive integer"),
        max_retry_wait_secs=check.get(
            node, "max_retry_wait", parse_duration, base.max_retry_wait_secs, DURATION_EXPECT
        ),
        min_bytes_per_sec=check.get(
            node, "min_rate", parse_size, base.min_bytes_per_sec, "a size per second, e.g. 1KB"
        ),
        min_rate_window_secs=check.get(
            node, "min_rate_window", parse_duration, base.min_rate_window_secs, DURATION_EXPECT
        ),
        allow_private=check.get(node, "allow_private", _bool, base.allow_private, "true or false"),
        source_budget_secs=check.get(
            node, "source_budget", parse_duration, base.source_budget_secs, DURATION_EXPECT
        ),
        lease_secs=check.get(node, "lease", parse_duration, base.lease_secs, DURATION_EXPECT),
        keep_html_days=keep_html,
        max_articles_per_source=check.get(
            node,
            "max_articles_per_source",
            _positive_int,
            base.max_articles_per_source,
            "a positive integer",
        ),
    )


def _read_source(
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
        name=check.get(node, "name", _text, source_id, "text"),
        aliases=check.get(node, "aliases", _aliases, (), "a list of names, e.g. [وال]"),
        homepage=check.get(node, "homepage", _http_url, "", "an http(s) URL"),
        language=check.get(node, "language", _text, None, "a language code like ar or en"),
        feeds=check.get(node, "feeds", _url_list, (), "a list of http(s) URLs"),
        sitemaps=check.get(node, "sitemaps", _url_list, (), "a list of http(s) URLs"),
        listings=_read_listings(check, node),
        wordpress=check.get(node, "wordpress", _http_url, None, "the http(s) URL of /wp-json/"),
        **shared,
        domains=check.get(node, "domains", _text_list, (), "a list of domain names"),
        allow_offsite=check.get(node, "allow_offsite", _bool, False, "true or false"),
        aggregator=check.get(node, "aggregator", _bool, False, "true or false"),
        enabled=check.get(node, "enabled", _bool, True, "true or false"),
        rules=rules,
        tests=_read_tests(check, node, folder),
        notes=check.get(node, "notes", _text, None, "text"),
        confidence=check.get(
            node,
            "confidence",
            _one_of(CONFIDENCE_LEVELS),
            None,
            "one of " + ", ".join(CONFIDENCE_LEVELS),
        ),
        line=node.line,
    )


def _one_of(choices: tuple[str, ...]) -> Callable[[Any], str]:
    def convert(value: Any) -> str:
        if value not in choices:
            raise ValueError("")
        return str(value)

    return convert


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
        key: check.get(raw, key, _selectors, empty, "a CSS selector or a list of them")
        for key in RULE_FIELDS
    }
    return Rules(
        **values,
        timezone=check.get(raw, "timezone", _timezone, None, "an IANA time zone"),
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
                url=check.get(item, "url", _http_url, "", "an http(s) URL"),
                links=check.get(item, "links", _selector, "a", "a CSS selector"),
                next=check.get(item, "next", _selector, None, "a CSS selector"),
                max_pages=check.get(item, "max_pages", _positive_int, 1, "an integer ≥ 1"),
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
        fixture = check.get(item, "fixture", _fixture_path, "", "a relative file path")
        if fixture and not _is_file(folder / fixture):
            check.add(
                item.where_is("fixture"),
                f"fixture file not found: {shorten(str(folder / fixture), 200)} "
                "(paths are relative to the config)",
            )
        tests.append(
            SourceTest(
                fixture=fixture,
                url=check.get(item, "url", _http_url, "", "an http(s) URL"),
                expect=_read_fields(check, item, "expect", _text),
                contains=_read_fields(check, item, "contains", _text_list),
                absent=_read_fields(check, item, "absent", _text_list),
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
