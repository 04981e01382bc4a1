"""Finding which of a page's strings a rule may catch, in one pass over them all.

Readers test hundreds of strings a page (class values, short texts, link addresses) with
rules that catch few. Testing each string in Python costs about 3 µs with the rules' regex
(a class value against an alternation of 30 patterns); joining the strings with
``SEPARATOR`` and searching the joined text once (``str.find`` for each needle, or one
regex) costs a fraction of that, and only the strings found are tested rule by rule.

- ``needles``: strings one of which every value a pattern matches contains, derived from
  the pattern itself, so the rule tables stay the only place a rule is written;
- ``values_with``: the strings that contain one of the needles;
- ``values_matching``: the strings in which a pattern matches;
- ``values_found``: the same, its needles searched for first (most patterns of class words
  are alternations of words: 0.06-0.14 ms a dev page against 0.12-0.27 ms for a search of
  each string, even remembered per string).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from functools import lru_cache
from itertools import accumulate, repeat
from operator import add

__all__ = ["SEPARATOR", "needles", "values_found", "values_matching", "values_with"]

SEPARATOR = "\0"  # joins the strings searched; never in an attribute value or a text
_MAX_NEEDLES = 64  # strings a pattern part may expand to


def needles(pattern: str) -> frozenset[str]:
    """Strings one of which ``SEPARATOR + value + SEPARATOR`` contains whenever
    ``re.search(pattern, value)`` matches (case sensitively): per alternative, the
    expansion of its most selective run of fixed parts ("article-(?:share|support)" gives
    "article-share" and "article-support"; "^" and "$" stand for the separator). ``{""}``
    (every value) when an alternative has no fixed part or the pattern ignores case."""
    if re.compile(pattern).flags & re.IGNORECASE:
        return frozenset([""])
    found: set[str] = set()
    for branch in _split(pattern):
        parts = _parts(branch, top=True)
        best: tuple[str, ...] = ("",)
        for start in range(len(parts)):
            strings: list[str] = [""]
            for part in parts[start:]:
                if part is None or len(strings) * len(part) > _MAX_NEEDLES:
                    break
                strings = [s + p for s in strings for p in part]
                if min(map(len, strings)) > min(map(len, best)):
                    best = tuple(strings)
        if best == ("",):
            return frozenset([""])
        found.update(best)
    return frozenset(found)


def _split(pattern: str) -> list[str]:
    """``pattern`` cut at its top-level ``|``."""
    parts, start, depth, i = [], 0, 0, 0
    while i < len(pattern):
        char = pattern[i]
        if char == "\\":
            i += 1
        elif char == "[":
            i = _class_end(pattern, i)
        depth += {"(": 1, ")": -1}.get(char, 0)
        if char == "|" and depth == 0:
            parts.append(pattern[start:i])
            start = i + 1
        i += 1
    return [*parts, pattern[start:]]


def _class_end(pattern: str, i: int) -> int:
    """The index of the ``]`` closing the character class opened at ``i``."""
    i += 3 if pattern[i + 1 : i + 2] == "^" else 2  # a "]" first is a member
    while pattern[i] != "]":
        i += 2 if pattern[i] == "\\" else 1
    return i


def _parts(branch: str, *, top: bool) -> list[list[str] | None]:
    """The strings each part of an alternative matches, None where they are not a short
    list (classes with ranges, ``.``, ``\\w``, repeats, lookarounds)."""
    parts: list[list[str] | None] = []
    i = 0
    while i < len(branch):
        char, end = branch[i], i + 1
        part: list[str] | None = [char]
        if char == "\\":
            end = i + 2
            part = (
                [""]
                if branch[i + 1] in "bB"
                else None
                if branch[i + 1].isalnum()
                else [branch[i + 1]]
            )
        elif char == "[":
            end = _class_end(branch, i) + 1
            members = branch[i + 1 : end - 1]
            part = (
                None
                if members[:1] == "^" or "-" in members[1:-1] or "\\" in members
                else list(members)
            )
        elif char == "(":
            depth = 1
            while depth:
                depth += {"(": 1, ")": -1}.get(branch[end], 0)
                end += 2 if branch[end] == "\\" else 1
            inner = branch[i + 1 : end - 1]
            part = _expand(inner[2:] if inner.startswith("?:") else inner)
        elif char == "^":
            part = [SEPARATOR] if top and i == 0 else None
        elif char == "$":
            part = None  # the end, or a newline before it
        elif char in ".*+?{}|)]":
            part = None
        if branch[end : end + 1] == "?":
            part, end = (None if part is None else [*part, ""]), end + 1
        elif branch[end : end + 1] in ("*", "+", "{"):
            part = None
            while end < len(branch) and branch[end] in "*+?{},0123456789":
                end += 1
        parts.append(part)
        i = end
    return parts


def _expand(pattern: str) -> list[str] | None:
    """Every string a group matches, or None when they are not a short list."""
    if pattern.startswith("?"):
        return None  # lookarounds, named groups, flags
    strings: list[str] = []
    for branch in _split(pattern):
        expanded = [""]
        for part in _parts(branch, top=False):
            if part is None or len(expanded) * len(part) > _MAX_NEEDLES:
                return None
            expanded = [s + p for s in expanded for p in part]
        strings.extend(expanded)
    return strings if len(strings) <= _MAX_NEEDLES else None


def _joined(values: list[str]) -> tuple[str, list[int]]:
    """The values between separators, and where each starts."""
    return (
        SEPARATOR + SEPARATOR.join(values) + SEPARATOR,
        list(accumulate(map(add, map(len, values), repeat(1)), initial=1)),
    )


def values_with(values: list[str], needles: tuple[str, ...]) -> Iterator[int]:
    """The indices of the values that contain a needle."""
    if not values:
        return
    text, starts = _joined(values)
    for needle in needles:
        at = text.find(needle)
        while at >= 0:
            # A needle starting with the separator belongs to the value after it.
            number = bisect_right(starts, at + 1) - 1
            yield number
            at = text.find(needle, starts[number + 1] - 1)


def values_matching(values: list[str], pattern: re.Pattern[str]) -> list[int]:
    """The indices of the values in which ``pattern`` matches (a match between
    separators: ``pattern`` never spans one), in order."""
    found: list[int] = []
    if not values:
        return found
    text, starts = _joined(values)
    match = pattern.search(text)
    while match:
        found.append(bisect_right(starts, match.start() + 1) - 1)
        match = pattern.search(text, starts[found[-1] + 1] - 1)  # from the next value
    return found


def values_found(values: list[str], pattern: re.Pattern[str]) -> list[int]:
    """The indices of the values in which ``pattern`` matches, in order: the joined values
    searched for its ``needles``, the pattern tried on the values holding one."""
    found = _needles_of(pattern)
    if "" in found:
        return values_matching(values, pattern)
    return sorted(n for n in set(values_with(values, found)) if pattern.search(values[n]))


@lru_cache(maxsize=64)
def _needles_of(pattern: re.Pattern[str]) -> tuple[str, ...]:
    """``needles`` of a compiled pattern ({""} when it ignores case)."""
    if pattern.flags & re.IGNORECASE:
        return ("",)
    return tuple(sorted(needles(pattern.pattern)))
