"""Test helpers for sources.yaml: a small valid config, writing one into a folder, the
problems loading it gives, and an alias bomb hidden in a config."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.config import load_config
from ingest.errors import ConfigError

GOOD = """\
defaults:
  interval: 15m
  timezone: Africa/Tripoli
sources:
  - id: wasat                 # unique slug; stored in articles.source
    name: بوابة الوسط
    homepage: https://alwasat.ly/
    language: ar
    feeds: [https://alwasat.ly/rss]
"""


def write(tmp_path: Path, text: str, name: str = "sources.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def problems(path: Path) -> list[str]:
    """The messages loading ``path`` gives, with its folder left out for brevity."""
    with pytest.raises(ConfigError) as info:
        load_config(path)
    return [str(p).removeprefix(f"{path.parent}/") for p in info.value.problems]


def bomb(levels: int, width: int) -> str:
    """A "billion laughs": each anchor repeats the one before ``width`` times."""
    lines = ["    notes: &l0 lol"]
    for level in range(1, levels + 1):
        lines.append(f"    n{level}: &l{level} [{', '.join([f'*l{level - 1}'] * width)}]")
    return (
        GOOD.replace("    language: ar\n", "") + "\n".join(lines) + f"\n    language: *l{levels}\n"
    )
