"""The values sources.yaml holds, each checked and converted: durations (``15m``), sizes
(``10MB``), counts, switches, text, http(s) URLs, time zones, CSS selectors, fixture paths.

A converter raises TypeError or ValueError on a value it cannot take (the message, when
there is one, says why); ``yamlsafe.Checker.get`` turns that into a problem with the value's
line and what a valid one looks like.
"""

from __future__ import annotations

import posixpath
import re
import zoneinfo
from collections.abc import Callable
from pathlib import PureWindowsPath
from typing import Any
from urllib.parse import urlsplit

import soupsieve

DURATION_RE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d|w)?\s*$")
SIZE_RE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(b|kb|mb|gb|kib|mib|gib)?\s*$", re.IGNORECASE)
DURATION_UNITS_SECS = {"ms": 0.001, "s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}
DURATION_EXPECT = "a duration (a number and a unit s, m, h or d, e.g. 90s, 15m, 1.5h, 1d)"
SIZE_UNITS = {"b": 1, "kb": 1000, "mb": 1000**2, "gb": 1000**3, "kib": 1024, "mib": 1024**2}
SIZE_UNITS["gib"] = 1024**3


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


def positive_int(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError("")
    return value


def boolean(value: Any) -> bool:
    if not isinstance(value, bool):
        raise TypeError("")
    return value


def text(value: Any) -> str:
    if isinstance(value, dict | list | set | bytes) or value is None:
        raise TypeError("")
    text = str(value).strip()
    if not text:
        raise ValueError("empty")
    return text


def http_url(value: Any) -> str:
    url = text(value)
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError("not an absolute http(s) URL")
    return url


def url_list(value: Any) -> tuple[str, ...]:
    items = value if isinstance(value, list) else [value]
    return tuple(http_url(item) for item in items)


def text_list(value: Any) -> tuple[str, ...]:
    items = value if isinstance(value, list) else [value]
    return tuple(text(item) for item in items)


def aliases(value: Any) -> tuple[str, ...]:
    """Other names the outlet is cited by: a list of distinct, non-empty names."""
    if not isinstance(value, list):
        raise TypeError("")
    return tuple(dict.fromkeys(text(item) for item in value))


def fixture_path(value: Any) -> str:
    """A fixture path inside the config's folder: never absolute, never up through '..'."""
    path = text(value)
    inside = posixpath.normpath(path.replace("\\", "/"))
    if inside.startswith(("/", "../")) or inside == ".." or PureWindowsPath(path).drive:
        raise ValueError("keep fixtures in the config's folder, e.g. fixtures/page.html")
    return path


def timezone(value: Any) -> str:
    name = text(value)
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError) as exc:
        raise ValueError("unknown time zone; use an IANA name such as Africa/Tripoli") from exc
    return name


def selector(value: str) -> str:
    """Check a CSS selector (optionally ending in ``@attr``) compiles."""
    css = value.rsplit("@", 1)[0].strip() if "@" in value else value
    try:
        soupsieve.compile(css)
    except Exception as exc:
        raise ValueError(f"invalid CSS selector: {exc}") from exc
    return value


def rule_selector(value: str) -> str:
    """A rule's selector: rules are read on the page's lxml tree (``extract/css.py``),
    which takes simple selectors only, so a pseudo-class is refused here, not at run time."""
    from ingest.extract.css import css_to_xpath

    selector(value)
    try:
        css_to_xpath(value.rsplit("@", 1)[0].strip() if "@" in value else value)
    except ValueError as exc:
        raise ValueError(f"{exc}; rules take simple selectors") from exc
    return value


def selectors(value: Any) -> tuple[str, ...]:
    return tuple(rule_selector(item) for item in text_list(value))


def interval(value: Any) -> int:
    secs = parse_duration(value)
    if secs < 60:
        raise ValueError("at least 1m, to be kind to the outlet")
    return int(secs)


def one_of(choices: tuple[str, ...]) -> Callable[[Any], str]:
    def convert(value: Any) -> str:
        if value not in choices:
            raise ValueError("")
        return str(value)

    return convert
