"""Read a YAML config safely: bounded in size, depth and alias expansion, with lines kept.

PyYAML's composer keeps the line of every node, so ``LineLoader`` records the line of each
mapping and key; validation then walks plain dicts and reports against those lines. JSON
is YAML, so a JSON config loads through the same path. Duplicate keys, which YAML silently
overwrites, are reported as problems; a key that overrides one merged in with ``<<: *x``
is not a duplicate (the YAML merge-key spec says the explicit key wins).

A YAML alias (``*name``) repeats an anchored node (``&name``) without copying it, so nine
anchors of nine aliases each ("billion laughs") describe 9**9 values in a few hundred
bytes. Composing that graph is cheap; what expands it is whatever walks it later (merge
keys, ``str()``, ``repr()``): one such file took 16.5 GB and 149 s in ``ingest sources
check``. So the composer counts every node as if aliases were expanded, and refuses a
document past ``YamlLimits`` before anything walks it; and messages echo values only
through ``brief``, which never expands a container.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ingest.errors import ConfigError, ConfigProblem

# A sources.yaml of a thousand outlets is about 1 MB and 80,000 nodes, with a few aliases
# per outlet (``<<: *wordpress``, ``rules: *wp-rules``); these limits are far above that.
MAX_CONFIG_BYTES = 10 * 1024 * 1024
MAX_YAML_NODES = 250_000  # counted with every alias expanded
MAX_YAML_ALIASES = 5_000
MAX_YAML_DEPTH = 50  # nesting of mappings and lists; the catalogue needs 6
MAX_ECHO_CHARS = 60  # of a value quoted in a message
MERGE_TAG = "tag:yaml.org,2002:merge"


@dataclass(frozen=True)
class YamlLimits:
    """How large a YAML document may grow before it is refused."""

    nodes: int = MAX_YAML_NODES
    aliases: int = MAX_YAML_ALIASES
    depth: int = MAX_YAML_DEPTH


class YamlLimitError(Exception):
    """The document passed one of ``YamlLimits``; ``line`` is where it did."""

    def __init__(self, line: int, message: str) -> None:
        self.line = line
        self.message = message
        super().__init__(f"line {line}: {message}")


class Node(dict[str, Any]):
    """A YAML mapping that remembers its line and the line of each key."""

    line: int = 0
    key_lines: dict[str, int]

    @classmethod
    def empty(cls) -> Node:
        """A mapping with no keys, as an absent block reads."""
        node = cls()
        node.key_lines = {}
        return node


class LineLoader(yaml.SafeLoader):
    """SafeLoader that builds ``Node`` mappings, notes duplicate keys and enforces limits.

    ``composed`` counts the nodes really built, ``expanded`` the nodes the document would
    hold with every alias expanded; composing stops as soon as a limit is passed.
    """

    def __init__(self, stream: str, limits: YamlLimits | None = None) -> None:
        super().__init__(stream)
        self.limits = limits or YamlLimits()
        self.duplicates: list[tuple[int, str]] = []
        self.composed = 0
        self.expanded = 0
        self.aliases = 0
        self._depth = 0
        self._sizes: dict[int, int] = {}  # id(anchored node) -> its expanded size

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node | None:
        """Compose one node, counting it (and what an alias repeats) against the limits."""
        event: yaml.Event = self.peek_event()  # type: ignore[no-untyped-call]
        line = event.start_mark.line + 1 if event.start_mark else 1
        if isinstance(event, yaml.AliasEvent):
            self.aliases += 1
            if self.aliases > self.limits.aliases:
                raise YamlLimitError(line, f"more than {self.limits.aliases:,} aliases ('*name')")
            node = super().compose_node(parent, index)
            self._grow(self._sizes.get(id(node), 1), line)
            return node
        self._depth += 1
        if self._depth > self.limits.depth:
            raise YamlLimitError(line, f"nested more than {self.limits.depth} levels deep")
        self.composed += 1
        before = self.expanded
        self._grow(1, line)
        node = super().compose_node(parent, index)
        self._depth -= 1
        if getattr(event, "anchor", None) is not None and node is not None:
            self._sizes[id(node)] = self.expanded - before
        return node

    def _grow(self, count: int, line: int) -> None:
        self.expanded += count
        if self.expanded > self.limits.nodes:
            raise YamlLimitError(
                line,
                f"aliases expand the document past {self.limits.nodes:,} values "
                "(nested anchors repeated by '*name', a \"billion laughs\"); "
                "write the values out or use fewer aliases",
            )


def _construct_mapping(loader: LineLoader, node: yaml.MappingNode) -> Node:
    own = {id(key) for key, _ in node.value if key.tag != MERGE_TAG}
    loader.flatten_mapping(node)
    mapping = Node.empty()
    mapping.line = node.start_mark.line + 1
    seen: set[str] = set()
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        line = key_node.start_mark.line + 1
        if not isinstance(key, str):
            key = brief(key).strip("'")
        if id(key_node) in own:  # merged keys may be overridden: that is what merging is for
            if key in seen:
                loader.duplicates.append((line, key))
            seen.add(key)
        mapping[key] = loader.construct_object(value_node, deep=True)
        mapping.key_lines[key] = line
    return mapping


def _construct_int(loader: LineLoader, node: yaml.ScalarNode) -> int:
    try:
        value: int = loader.construct_yaml_int(node)
    except ValueError:  # Python refuses to read integers of more than 4,300 digits
        raise yaml.constructor.ConstructorError(
            None, None, "a number too long to read", node.start_mark
        ) from None
    return value


LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
LineLoader.add_constructor("tag:yaml.org,2002:int", _construct_int)


def shorten(text: str, limit: int = MAX_ECHO_CHARS) -> str:
    """``text`` cut to ``limit`` characters, ending in "…" when cut."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def brief(value: object) -> str:
    """A config value as a message may quote it: short, and never expanded.

    >>> brief("soon"), brief([[1, 2], [3]]), brief({"a": 1})
    ("'soon'", 'a list of 2 items', 'a mapping of 1 keys')
    """
    if isinstance(value, dict):
        return f"a mapping of {len(value)} keys"
    if isinstance(value, list | tuple | set | frozenset):
        return f"a list of {len(value)} items"
    if isinstance(value, str | bytes):
        return repr(value[:MAX_ECHO_CHARS]) + ("…" if len(value) > MAX_ECHO_CHARS else "")
    if isinstance(value, int) and value.bit_length() > MAX_ECHO_CHARS * 3:
        return "a very long number"
    return shorten(repr(value))


def load_yaml(path: Path, limits: YamlLimits | None = None) -> tuple[Any, list[ConfigProblem]]:
    """Parse one YAML file into ``Node`` mappings and lists; duplicate keys as problems.

    Raises ``ConfigError`` when the file cannot be read or parsed, or passes a limit.
    """
    name = path.name

    def fail(line: int, message: str) -> ConfigError:
        return ConfigError([ConfigProblem(name, line, message)])

    try:
        if path.stat().st_size > MAX_CONFIG_BYTES:
            raise fail(1, f"the file is larger than {MAX_CONFIG_BYTES // 1024**2} MB; split it")
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise fail(1, f"file not found: {path}; pass --config PATH") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise fail(1, f"cannot read {path}: {exc}") from None
    loader: LineLoader | None = None
    try:
        loader = LineLoader(text, limits)
        data = loader.get_single_data()
    except YamlLimitError as exc:
        raise fail(exc.line, f"YAML refused: {exc.message}") from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        what = shorten(exc.problem or "invalid YAML")
        if isinstance(exc, yaml.constructor.ConstructorError):
            raise fail(line, f"unreadable value: {what}") from None
        raise fail(
            line,
            f"YAML syntax error: {what}; check indentation and quoting "
            "(quote values that contain ': ' or start with '@', '*' or '&')",
        ) from None
    except yaml.YAMLError as exc:
        reason = shorten(str(exc).splitlines()[0])
        raise fail(1, f"unreadable YAML: {reason}; remove control characters") from None
    finally:
        if loader is not None:
            loader.dispose()
    problems = [
        ConfigProblem(
            name, line, f"duplicate key '{shorten(key)}'; the later value would win, remove one"
        )
        for line, key in loader.duplicates
    ]
    return data, problems
