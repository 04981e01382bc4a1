"""sources.yaml entries as text for a person to paste or append: the entry a probe of a site
proposes (``render_source_yaml``), those an OPML import proposes (``render_proposed_yaml``),
and the quoting both use, so that YAML reads back exactly what was written (``yaml_str``,
``yaml_id``) and a page title with anything in it stays on its comment line
(``comment_text``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Collection, Sequence
from typing import TYPE_CHECKING

import yaml

from ingest.naming import new_source_id, slug_for

if TYPE_CHECKING:
    from ingest.discover.autodiscover import ProbeResult
    from ingest.opmloutlines import ProposedSource

# Every new entry's schedule, with the advice for busier sources.
INTERVAL_LINE = "    interval: 1h  # 15m for an agency or a big outlet"
# Characters outside YAML's printable set, and the line breaks it knows besides \n (NEL,
# U+2028, U+2029): escaped in strings, replaced in comments.
_YAML_UNSAFE = re.compile(
    "[^\t\n\r\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
)


def yaml_str(value: str) -> str:
    """Quote a string for YAML: a JSON string, with what YAML forbids or breaks on escaped."""
    quoted = json.dumps(value, ensure_ascii=False)
    return _YAML_UNSAFE.sub(lambda match: f"\\u{ord(match.group()):04x}", quoted)


def yaml_id(value: str) -> str:
    """A source id as YAML reads it back: bare, or quoted where YAML would read a number,
    a date or a boolean (an outlet at ``0.ly`` or ``2024.ly`` has id ``0``, ``2024``)."""
    try:
        plain = yaml.safe_load(value) == value
    except yaml.YAMLError:
        plain = False
    return value if plain else yaml_str(value)


def comment_text(value: str) -> str:
    """Return text safe on one YAML comment line (a page title can hold anything)."""
    return _YAML_UNSAFE.sub("?", " ".join(value.split()))


def render_source_yaml(
    result: ProbeResult, *, source_id: str | None = None, existing_ids: Collection[str] = ()
) -> str:
    """Return a ready-to-paste sources.yaml entry, with comments on what was found.

    The id is ``source_id`` or one made from the site's name or host, never one of
    ``existing_ids`` (the ids of the config the entry is meant for).
    """
    homepage = result.final_url or result.homepage
    chosen = new_source_id(homepage, result.name, existing_ids, wanted=source_id)
    lines = [
        f"  # probed {comment_text(result.homepage)} at {result.probed_at or 'an unknown time'}"
    ]
    if result.cms:
        lines.append(f"  # CMS: {comment_text(result.cms)}")
    lines += [f"  # found: {comment_text(item)}" for item in result.found]
    lines += [f"  # not found: {comment_text(item)}" for item in result.not_found]
    if not result.ok:
        lines.append(
            "  # nothing usable was found: add a `listings:` entry with a CSS selector by hand"
        )
    if source_id and source_id != chosen:
        lines.append(
            f"  # the id {comment_text(source_id)!r} is taken or not a slug; this entry uses {chosen!r}"
        )
    lines += _opening(chosen, result.name or slug_for(homepage), homepage, result.language)
    if result.feeds:
        lines.append("    feeds: [" + ", ".join(yaml_str(u) for u in result.feeds) + "]")
    if result.sitemaps:
        lines.append("    sitemaps: [" + ", ".join(yaml_str(u) for u in result.sitemaps) + "]")
    if result.wordpress:
        lines.append(f"    wordpress: {yaml_str(result.wordpress)}")
    if not result.ok:
        lines += [
            "    # listings:",
            "    #   - url: https://example.ly/category/news/",
            '    #     links: "h2.entry-title > a"',
        ]
    lines += [
        INTERVAL_LINE,
        f"    confidence: {'verified' if result.ok else 'guessed'}",
        "    notes: "
        + yaml_str(
            f"found by `ingest sources add` on {result.probed_at[:10] or 'an unknown date'}"
            + (": endpoints validated by their parsers" if result.ok else ": nothing validated")
        ),
    ]
    return "\n".join(lines) + "\n"


def render_proposed_yaml(sources: Sequence[ProposedSource], *, origin: str = "OPML") -> str:
    """sources.yaml entries for ``sources``, ready to paste under ``sources:``.

    The same shape as ``render_source_yaml``; ``confidence: claimed`` since an OPML file
    is someone else's list, unchecked until the feeds are fetched.
    """
    return "\n".join(_entry(source, comment_text(origin)) for source in sources)


def _entry(source: ProposedSource, origin: str) -> str:
    where = f"line {source.line}" + (f", folder {source.folder}" if source.folder else "")
    lines = [f"  # imported from {origin} ({comment_text(where)})"]
    lines += _opening(source.id, source.name, source.homepage, source.language)
    lines += [
        "    feeds: [" + ", ".join(yaml_str(feed) for feed in source.feeds) + "]",
        INTERVAL_LINE,
        "    confidence: claimed",
        "    notes: "
        + yaml_str(
            f"imported from {origin}: not checked yet; try 'ingest fetch --source {source.id} "
            "--force', or 'ingest sources add HOMEPAGE' to find more endpoints"
        ),
    ]
    return "\n".join(lines) + "\n"


def _opening(source_id: str, name: str, homepage: str, language: str | None) -> list[str]:
    """The first lines of an entry: its id, name, homepage and language."""
    lines = [
        f"  - id: {yaml_id(source_id)}",
        f"    name: {yaml_str(name)}",
        f"    homepage: {yaml_str(homepage)}",
    ]
    return [*lines, f"    language: {language}"] if language else lines
