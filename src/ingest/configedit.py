"""Add source entries to a sources.yaml, or mark them verified, without rewriting it.

The user's file is text they wrote: comments, order, quoting and blank lines are theirs.
So entries (as ``sourceyaml`` renders them) are inserted as text after the last line of
the ``sources:`` list, indented like its items, and nothing else changes. The result is
checked with ``load_config`` before it replaces the file: it is written beside it and
renamed over it (atomic on POSIX), so a cron run reading the file sees the old one or the
new one, and a failed check leaves it untouched.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import re
import tempfile
from pathlib import Path
from typing import NamedTuple

import yaml

from ingest.config import load_config
from ingest.errors import ConfigError, ConfigProblem
from ingest.models import Config
from ingest.yamlsafe import LineLoader, Problem, load_yaml

ENTRY_INDENT = 2  # render_source_yaml writes "  - id: ..."
UTF8_BOM = b"\xef\xbb\xbf"


class Inserted(NamedTuple):
    """Where lines went: ``added`` after line ``at`` (1-based), the first ``lead`` of them ours."""

    at: int
    lead: int
    added: int


class KnownSources(NamedTuple):
    """The ids and feed URLs a config already has (feed URL -> source id)."""

    ids: frozenset[str]
    feeds: dict[str, str]


def known_sources(path: str | Path) -> KnownSources:
    """The ids and feeds of the config at ``path``, read leniently: none if it is missing.

    ``sources add`` and ``sources import`` use them to choose new ids and skip feeds already
    configured; a config with problems still names its sources (the problems are
    ``sources check``'s business).
    """
    try:
        config = load_config(path)
    except ConfigError:
        pass
    else:
        feeds = {feed: s.id for s in config.sources for feed in s.feeds}
        return KnownSources(frozenset(s.id for s in config.sources), feeds)
    try:
        data, _ = load_yaml(Path(path))
    except ConfigError:
        return KnownSources(frozenset(), {})
    entries = data.get("sources") if isinstance(data, dict) else None
    ids: set[str] = set()
    found: dict[str, str] = {}
    for entry in entries if isinstance(entries, list) else []:
        source_id = entry.get("id") if isinstance(entry, dict) else None
        if not isinstance(source_id, str):
            continue
        ids.add(source_id)
        feeds = entry.get("feeds")
        for feed in feeds if isinstance(feeds, list) else [feeds]:
            if isinstance(feed, str):
                found[feed] = source_id
    return KnownSources(frozenset(ids), found)


def append_sources(path: str | Path, entries: str) -> Config:
    """Append ``entries`` under ``sources:`` in the config at ``path``; return the new config.

    A missing file is created (in an existing folder). Raises ``ConfigError``, writing
    nothing, when the result would not load: an id the file already has, an entry with
    a problem, or a file that had problems before.

    Example::

        known = known_sources("config/sources.yaml")
        text = render_source_yaml(result, existing_ids=known.ids)
        append_sources("config/sources.yaml", text)
    """
    path = Path(path)
    if not path.exists() and path.parent.is_dir():
        raw = b""
    else:
        load_yaml(path)  # raises ConfigError, at the line, if the file is unreadable
        raw = path.read_bytes()
    bom = raw.startswith(UTF8_BOM)
    text = raw[len(UTF8_BOM) if bom else 0 :].decode("utf-8")
    newline = "\r\n" if "\r\n" in text else "\n"
    lines = text.splitlines(keepends=True)
    at, indent, header = _insertion_point(path, text)
    block = _indented(entries, indent).splitlines(keepends=True)
    if lines and not lines[-1].endswith(("\n", "\r")):
        lines[-1] += newline
    lead = ["\n"] if at > 0 and lines[at - 1].strip() else []
    lead += ["sources:\n"] if header else []
    block = [line.rstrip("\r\n") + newline for line in lead + block]
    merged = "".join(lines[:at] + block + lines[at:])
    config = _check_and_replace(path, merged, bom, Inserted(at, len(lead), len(block)))
    return dataclasses.replace(config, path=str(path))


def _insertion_point(path: Path, text: str) -> tuple[int, int, bool]:
    """Where new entries go: (line index to insert before, their indent, add 'sources:'?)."""
    root = yaml.compose(text, Loader=LineLoader) if text.strip() else None
    lines = text.splitlines()
    if root is None:
        return len(lines), ENTRY_INDENT, True
    if not isinstance(root, yaml.MappingNode) or root.flow_style:
        raise _refuse(path, root, "the file is not a block mapping with 'sources:'")
    for key, value in root.value:
        if not (isinstance(key, yaml.ScalarNode) and key.value == "sources"):
            continue
        if isinstance(value, yaml.ScalarNode) and value.value in ("", "~", "null"):
            return key.end_mark.line + 1, ENTRY_INDENT, False
        if not isinstance(value, yaml.SequenceNode) or (value.flow_style and value.value):
            raise _refuse(
                path, value, "'sources:' is not a '- id: ...' list; add the entries by hand"
            )
        if value.flow_style:  # "sources: []": the list is about to have items
            raise _refuse(path, value, "'sources: []' is empty; remove the '[]' and run again")
        at = _after(value.value[-1])
        while (
            at < len(lines) and lines[at].startswith((" ", "\t")) and lines[at].lstrip()[:1] in "#"
        ):
            at += 1  # comments indented under the list belong to it
        while at > 0 and not lines[at - 1].strip():
            at -= 1
        return at, value.start_mark.column, False
    return len(lines), ENTRY_INDENT, True


def _after(node: yaml.Node) -> int:
    """The index of the line after the last character of ``node``."""
    if isinstance(node, yaml.ScalarNode) or getattr(node, "flow_style", False):
        end = node.end_mark
        return int(end.line if end.column == 0 else end.line + 1)
    children: list[yaml.Node] = []
    for child in node.value:
        children.extend(child if isinstance(child, tuple) else (child,))
    return max((_after(child) for child in children), default=node.start_mark.line + 1)


def _indented(entries: str, indent: int) -> str:
    """Entries written at ``ENTRY_INDENT`` moved to ``indent``."""
    shift = " " * indent
    return (
        "".join(
            shift + line[ENTRY_INDENT:] if line.startswith(" " * ENTRY_INDENT) else line
            for line in entries.strip("\n").splitlines(keepends=True)
        )
        + "\n"
    )


def _refuse(path: Path, node: yaml.Node, message: str) -> ConfigError:
    mark = node.start_mark
    return ConfigError([Problem(str(path), mark.line + 1, message, mark.column + 1)])


def _check_and_replace(path: Path, text: str, bom: bool, inserted: Inserted | None) -> Config:
    """Write ``text`` beside ``path``, load it, and rename it over ``path`` if it loads."""
    handle, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    temp = Path(name)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write((UTF8_BOM if bom else b"") + text.encode("utf-8"))
        try:
            config = load_config(temp)
        except ConfigError as exc:
            raise ConfigError(
                [
                    _moved(p, path, inserted)
                    if inserted
                    else dataclasses.replace(p, file=str(path))
                    for p in exc.problems
                ]
            ) from None
        with contextlib.suppress(OSError):
            os.chmod(temp, path.stat().st_mode)
        os.replace(temp, path)
    finally:
        temp.unlink(missing_ok=True)
    return config


def _moved(problem: ConfigProblem, path: Path, inserted: Inserted) -> ConfigProblem:
    """A problem in the merged file, placed in the user's file or in the new entries."""
    at, lead, added = inserted
    if problem.line <= at:
        return dataclasses.replace(problem, file=str(path))
    if problem.line > at + added:
        return dataclasses.replace(problem, file=str(path), line=problem.line - added)
    return dataclasses.replace(
        problem,
        file=str(path),
        line=max(at, 1),
        message=f"in the entries added after line {at}, at their line "
        f"{max(problem.line - at - lead, 1)}: {problem.message}",
    )


# --- marking entries verified (ingest sources verify --write) ---------------------------

MARKER = "Verified {day} (ingest sources verify): {what}."
MARKER_LINE = re.compile(r"^\s*Verified \d{4}-\d{2}-\d{2} \(ingest sources verify\):")


def mark_verified(path: Path, marks: dict[str, str], day: str) -> Config:
    """Set ``confidence: verified`` and the dated note in the entries of ``marks``.

    ``marks`` maps a source id to what was checked ("feed, listing and one article
    read"). Only those entries' ``confidence`` and ``notes`` lines change; comments and
    everything else stay. Raises ``ConfigError``, writing nothing, if the result would
    not load.
    """
    raw = path.read_text(encoding="utf-8")
    bom, text = ("\ufeff", raw[1:]) if raw.startswith("\ufeff") else ("", raw)
    lines = text.splitlines(keepends=True)
    root = yaml.compose(text, Loader=yaml.SafeLoader)  # load_config has bounded it
    entries = root.value if isinstance(root, yaml.MappingNode) else []
    items = [v for k, v in entries if k.value == "sources" and isinstance(v, yaml.SequenceNode)]
    edits: list[tuple[int, int, list[str]]] = []
    for entry in items[0].value if items else []:
        keys = {str(k.value): (k, v) for k, v in getattr(entry, "value", []) if k.tag}
        source_id = str(keys["id"][1].value) if "id" in keys else ""
        if source_id in marks:
            marker = MARKER.format(day=day, what=marks[source_id])
            edits += _entry_edits(lines, entry, keys, marker)
    # bottom up; on one line, a replacement before an insertion above it
    for start, end, new in sorted(edits, key=lambda e: (e[0], e[1]), reverse=True):
        lines[start:end] = new
    merged = "".join(lines)
    if "\r\n" in text:
        merged = merged.replace("\r\n", "\n").replace("\n", "\r\n")
    return _check_and_replace(path, merged, bool(bom), None)


def _entry_edits(
    lines: list[str], entry: yaml.Node, keys: dict[str, tuple[yaml.Node, yaml.Node]], marker: str
) -> list[tuple[int, int, list[str]]]:
    """Line edits (start, end, new lines) that mark one entry verified."""
    indent = " " * entry.start_mark.column
    edits: list[tuple[int, int, list[str]]] = []
    if "confidence" in keys:
        start, end = keys["confidence"][1].start_mark, keys["confidence"][1].end_mark
        line = lines[start.line]
        edits.append(
            (start.line, start.line + 1, [line[: start.column] + "verified" + line[end.column :]])
        )
        confidence: list[str] = []
    else:
        confidence = [f"{indent}confidence: verified\n"]
    if "notes" not in keys:
        at = keys["confidence"][0].start_mark.line + 1 if "confidence" in keys else _after(entry)
        edits.append((at, at, [*confidence, f"{indent}notes: >-\n", f"{indent}  {marker}\n"]))
        return edits
    key, value = keys["notes"]
    edits.append((key.start_mark.line, key.start_mark.line, confidence))
    inner = indent + "  "
    if isinstance(value, yaml.ScalarNode) and value.style in (">", "|"):
        # a block: the marker is its first line (folded, it opens the text)
        first, last = value.start_mark.line + 1, _after(value)
        body = [line for line in lines[first:last] if not MARKER_LINE.match(line)]
        content = next((line for line in body if line.strip()), inner)
        inner = content[: len(content) - len(content.lstrip())]
        edits.append((first, last, [f"{inner}{marker}\n", *body]))
        return edits
    # a plain or quoted value becomes a folded block: the marker, then the old text
    start, end = value.start_mark, value.end_mark
    head, tail = lines[start.line][: start.column], lines[end.line][end.column :].rstrip("\r\n")
    old = " ".join(str(value.value).split()) if isinstance(value, yaml.ScalarNode) else ""
    block = [f"{head}>-{tail}\n", f"{inner}{marker}\n"] + ([f"{inner}{old}\n"] if old else [])
    edits.append((start.line, end.line + 1, block))
    return edits
