"""Read a YAML config safely: bounded in size, depth and alias expansion, with lines kept.

PyYAML's composer keeps the position of every node, so ``LineLoader`` records the line and
column of each mapping and key; validation (``Checker``) then walks plain dicts and reports
``file:line:col: message`` against them, as compilers do, so editors can jump there. JSON
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

import difflib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

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
# PyYAML contexts whose mark is where an unfinished construct began: the start is what the
# user must fix (a list opened on line 15 and never closed is not a mistake "at line 134").
OPENED_AT_CONTEXTS = {
    "while parsing a flow sequence": "this '[' list is not closed",
    "while parsing a flow mapping": "this '{' mapping is not closed",
    "while scanning a simple key": "this key has no ':' after it",
}
# What PyYAML's terse problems (matched by their start) mean in a hand-written config.
PLAIN_PROBLEMS = {
    "mapping values are not allowed here": "a ': ' inside a value; quote the value, or fix "
    "the indentation of the line",
    "found character '\\t' that cannot": "a tab; YAML indents with spaces only",
    "expected <block end>": "this line is not indented like the lines above it; line up "
    "the keys of one entry, and start each entry with '- '",
}

T = TypeVar("T")
Where = tuple[int, int]  # 1-based line and column; column 0 when unknown


@dataclass(frozen=True)
class Problem(ConfigProblem):
    """A ``ConfigProblem`` with its 1-based column, printed as compilers do: ``file:line:col:``.

    ``column`` 0 means unknown (a file that cannot be read), printed ``file:line:``.
    """

    column: int = 0

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" + (f":{self.column}" if self.column else "")
        return f"{where}: {self.message}"


@dataclass(frozen=True)
class YamlLimits:
    """How large a YAML document may grow before it is refused."""

    nodes: int = MAX_YAML_NODES
    aliases: int = MAX_YAML_ALIASES
    depth: int = MAX_YAML_DEPTH


class YamlLimitError(Exception):
    """The document passed one of ``YamlLimits``; ``line`` and ``column`` are where it did."""

    def __init__(self, line: int, message: str, column: int = 0) -> None:
        self.line = line
        self.column = column
        self.message = message
        super().__init__(f"line {line}: {message}")


class Node(dict[str, Any]):
    """A YAML mapping that remembers where it starts and where each of its keys is."""

    line: int = 0
    column: int = 0
    key_lines: dict[str, int]
    key_columns: dict[str, int]

    @classmethod
    def empty(cls) -> Node:
        """A mapping with no keys, as an absent block reads."""
        node = cls()
        node.key_lines = {}
        node.key_columns = {}
        return node

    @property
    def where(self) -> Where:
        """The line and column where the mapping starts (its first key, in block style)."""
        return self.line, self.column

    def where_is(self, key: str) -> Where:
        """The line and column of ``key``, or of the mapping when the key is absent."""
        if key in self.key_lines:
            return self.key_lines[key], self.key_columns.get(key, 0)
        return self.where


class LineLoader(yaml.SafeLoader):
    """SafeLoader that builds ``Node`` mappings, notes duplicate keys and enforces limits.

    ``composed`` counts the nodes really built, ``expanded`` the nodes the document would
    hold with every alias expanded; composing stops as soon as a limit is passed.
    """

    def __init__(self, stream: str, limits: YamlLimits | None = None) -> None:
        super().__init__(stream)
        self.limits = limits or YamlLimits()
        self.duplicates: list[tuple[Where, str]] = []
        self.composed = 0
        self.expanded = 0
        self.aliases = 0
        self._depth = 0
        self._sizes: dict[int, int] = {}  # id(anchored node) -> its expanded size

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node | None:
        """Compose one node, counting it (and what an alias repeats) against the limits."""
        event: yaml.Event = self.peek_event()  # type: ignore[no-untyped-call]
        mark = event.start_mark
        where = (mark.line + 1, mark.column + 1) if mark else (1, 0)
        if isinstance(event, yaml.AliasEvent):
            self.aliases += 1
            if self.aliases > self.limits.aliases:
                raise YamlLimitError(
                    where[0], f"more than {self.limits.aliases:,} aliases ('*name')", where[1]
                )
            node = super().compose_node(parent, index)
            self._grow(self._sizes.get(id(node), 1), where)
            return node
        self._depth += 1
        if self._depth > self.limits.depth:
            raise YamlLimitError(
                where[0], f"nested more than {self.limits.depth} levels deep", where[1]
            )
        self.composed += 1
        before = self.expanded
        self._grow(1, where)
        node = super().compose_node(parent, index)
        self._depth -= 1
        if getattr(event, "anchor", None) is not None and node is not None:
            self._sizes[id(node)] = self.expanded - before
        return node

    def _grow(self, count: int, where: Where) -> None:
        self.expanded += count
        if self.expanded > self.limits.nodes:
            raise YamlLimitError(
                where[0],
                f"aliases expand the document past {self.limits.nodes:,} values "
                "(nested anchors repeated by '*name', a \"billion laughs\"); "
                "write the values out or use fewer aliases",
                where[1],
            )


def _construct_mapping(loader: LineLoader, node: yaml.MappingNode) -> Node:
    own = {id(key) for key, _ in node.value if key.tag != MERGE_TAG}
    loader.flatten_mapping(node)
    mapping = Node.empty()
    mapping.line = node.start_mark.line + 1
    mapping.column = node.start_mark.column + 1
    seen: set[str] = set()
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        where = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
        if not isinstance(key, str):
            key = brief(key).strip("'")
        if id(key_node) in own:  # merged keys may be overridden: that is what merging is for
            if key in seen:
                loader.duplicates.append((where, key))
            seen.add(key)
        mapping[key] = loader.construct_object(value_node, deep=True)
        mapping.key_lines[key], mapping.key_columns[key] = where
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

    Problems name the file as given (``config/sources.yaml``, so an editor can open it).
    Raises ``ConfigError`` when the file cannot be read or parsed, or passes a limit.
    """
    name = str(path)

    def fail(where: Where, message: str) -> ConfigError:
        return ConfigError([Problem(name, where[0], message, where[1])])

    try:
        if path.stat().st_size > MAX_CONFIG_BYTES:
            raise fail(
                (1, 0), f"the file is larger than {MAX_CONFIG_BYTES // 1024**2} MB; split it"
            )
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise fail((1, 0), f"file not found: {path}; pass --config PATH") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise fail((1, 0), f"cannot read {path}: {exc}") from None
    loader: LineLoader | None = None
    try:
        loader = LineLoader(text, limits)
        data = loader.get_single_data()
    except YamlLimitError as exc:
        raise fail((exc.line, exc.column), f"YAML refused: {exc.message}") from None
    except yaml.MarkedYAMLError as exc:
        where, message = describe_yaml_error(exc, text)
        raise fail(where, message) from None
    except yaml.YAMLError as exc:
        reason = shorten(str(exc).splitlines()[0])
        raise fail((1, 0), f"unreadable YAML: {reason}; remove control characters") from None
    finally:
        if loader is not None:
            loader.dispose()
    problems: list[ConfigProblem] = [
        Problem(
            name,
            line,
            f"duplicate key '{shorten(key)}'; the later value would win, remove one",
            column,
        )
        for (line, column), key in loader.duplicates
    ]
    return data, problems


def _at(mark: yaml.Mark | None) -> Where:
    return (mark.line + 1, mark.column + 1) if mark is not None else (1, 0)


def describe_yaml_error(exc: yaml.MarkedYAMLError, text: str) -> tuple[Where, str]:
    """Where a YAML error starts, and a message saying how to fix it.

    PyYAML marks two places: ``context_mark``, where an unfinished quote, ``[...]`` or key
    began, and ``problem_mark``, where it gave up (for an unclosed quote, the end of the
    file). The start is what needs fixing, so it is reported, with the other in the message.
    """
    problem = shorten(exc.problem or "invalid YAML")
    if isinstance(exc, yaml.constructor.ConstructorError):
        return _at(exc.problem_mark or exc.context_mark), f"unreadable value: {problem}"
    context = exc.context or ""
    started, gave_up = _at(exc.context_mark), _at(exc.problem_mark or exc.context_mark)
    if exc.context_mark is not None:
        if "quoted scalar" in context and "end of" in problem:
            return started, (
                f"YAML syntax error: this quoted value is never closed (the file ends at line "
                f"{gave_up[0]} still inside it); add the closing quote"
            )
        for opened, what in OPENED_AT_CONTEXTS.items():
            if context.startswith(opened) and gave_up != started:
                return started, (
                    f"YAML syntax error: {what} ({problem} at line {gave_up[0]}, "
                    f"column {gave_up[1]})"
                )
    quote = _open_quote_before(text, exc.problem_mark)
    if quote is not None:
        return quote, (
            f"YAML syntax error: this quoted value runs on to line {gave_up[0]}, where "
            f"{problem}; is its closing quote missing?"
        )
    for start, meaning in PLAIN_PROBLEMS.items():
        if problem.startswith(start):
            return gave_up, f"YAML syntax error: {meaning} ({problem})"
    return gave_up, (
        f"YAML syntax error: {problem}; check indentation and quoting "
        "(quote values that contain ': ' or start with '@', '*' or '&')"
    )


def _open_quote_before(text: str, mark: yaml.Mark | None) -> Where | None:
    """The start of a quoted value that spans lines and ends on ``mark``'s line, if any.

    A missing closing quote swallows the lines after it until the next quote; the parser
    then fails there, lines below the real mistake.
    """
    if mark is None:
        return None
    last = None
    try:
        for token in yaml.scan(text, Loader=yaml.SafeLoader):
            if token.start_mark.index >= mark.index:
                break
            last = token
    except yaml.YAMLError:
        pass
    if (
        isinstance(last, yaml.ScalarToken)
        and last.style in ('"', "'")
        and last.start_mark.line < last.end_mark.line == mark.line
    ):
        return _at(last.start_mark)
    return None


class Checker:
    """Collects problems against one file while values are converted; each reported once."""

    def __init__(self, path: Path) -> None:
        self.name = str(path)
        self.problems: list[ConfigProblem] = []
        self._seen: set[ConfigProblem] = set()

    def add(self, where: Where, message: str) -> None:
        """Record one problem at ``where`` (line, column); a repeat is dropped."""
        problem = Problem(self.name, max(where[0], 1), message, where[1])
        if problem not in self._seen:
            self._seen.add(problem)
            self.problems.append(problem)

    def sorted(self) -> list[ConfigProblem]:
        """The problems in file order."""
        return sorted(self.problems, key=lambda p: (p.line, getattr(p, "column", 0)))

    def unknown_keys(self, node: Node, allowed: set[str], where: str) -> None:
        """Report each key of ``node`` not in ``allowed``, with the closest allowed one."""
        for key in node:
            if key not in allowed:
                close = difflib.get_close_matches(key, sorted(allowed), n=1)
                hint = (
                    f"did you mean '{close[0]}'?"
                    if close
                    else "allowed: " + ", ".join(sorted(allowed))
                )
                self.add(node.where_is(key), f"unknown key '{shorten(key)}' in {where}; {hint}")

    def get(
        self,
        node: Node,
        key: str,
        convert: Callable[[Any], T],
        default: T,
        expect: str,
    ) -> T:
        """Convert ``node[key]``; on failure record what was expected and return the default."""
        if key not in node or node[key] is None:
            return default
        try:
            return convert(node[key])
        except (TypeError, ValueError) as exc:
            detail = f" ({shorten(str(exc))})" if str(exc) else ""
            self.add(
                node.where_is(key), f"'{key}' must be {expect}, got {brief(node[key])}{detail}"
            )
            return default
