"""Test helpers for sources.yaml: a small valid config, writing one into a folder, and the
problems loading it gives."""

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
