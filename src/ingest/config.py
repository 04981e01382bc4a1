"""Load and validate ``sources.yaml``: every problem at once, with ``file:LINE`` and the fix.

``ingest.yamlsafe`` parses the file (bounded, with the line of every mapping and key);
validation then walks plain dicts and reports against those lines. Messages quote values
only through ``brief``: a hostile file must not make a message gigabytes long.

This module reads the top level, ``defaults:`` and the run's ``Settings``; each source
entry is read by ``configsource``, each value converted by ``configvalues``.
"""

from __future__ import annotations

from pathlib import Path

from ingest.configsource import SHARED_FIELDS, SHARED_KEYS, read_source
from ingest.configvalues import DURATION_EXPECT, boolean, parse_duration, parse_size, positive_int
from ingest.errors import ConfigError
from ingest.models import Config, Settings, Source
from ingest.yamlsafe import Checker, Node, load_yaml

DEFAULT_CONFIG_PATH = "config/sources.yaml"
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
        source = read_source(check, entry, inherited, path.parent)
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
            node, "max_concurrency", positive_int, base.max_concurrency, "a positive integer"
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
            node, "max_redirects", positive_int, base.max_redirects, "a positive integer"
        ),
        max_tries=check.get(node, "max_tries", positive_int, base.max_tries, "a positive integer"),
        max_retry_wait_secs=check.get(
            node, "max_retry_wait", parse_duration, base.max_retry_wait_secs, DURATION_EXPECT
        ),
        min_bytes_per_sec=check.get(
            node, "min_rate", parse_size, base.min_bytes_per_sec, "a size per second, e.g. 1KB"
        ),
        min_rate_window_secs=check.get(
            node, "min_rate_window", parse_duration, base.min_rate_window_secs, DURATION_EXPECT
        ),
        allow_private=check.get(
            node, "allow_private", boolean, base.allow_private, "true or false"
        ),
        source_budget_secs=check.get(
            node, "source_budget", parse_duration, base.source_budget_secs, DURATION_EXPECT
        ),
        lease_secs=check.get(node, "lease", parse_duration, base.lease_secs, DURATION_EXPECT),
        keep_html_days=keep_html,
        max_articles_per_source=check.get(
            node,
            "max_articles_per_source",
            positive_int,
            base.max_articles_per_source,
            "a positive integer",
        ),
    )
