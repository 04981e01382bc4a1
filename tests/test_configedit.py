"""Adding entries to a sources.yaml the user wrote: their text stays, the result validates."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.configedit import append_sources, known_sources
from ingest.discover.autodiscover import ProbeResult
from ingest.errors import ConfigError
from ingest.opml import import_opml
from ingest.sourceyaml import render_proposed_yaml, render_source_yaml

CATALOGUE = """\
# Libyan outlets: one entry per outlet (see docs/sources.md)
defaults:
  interval: 30m   # agencies 15m

sources:
  # --- agencies -------------------------------------------------------------
  - id: wasat
    name: بوابة الوسط
    homepage: https://alwasat.ly/
    feeds: [https://alwasat.ly/rss]
    notes: |
      listing seen in 2026 page source

  # - id: retired   (kept here for the record)
"""

NEW = """\
  # imported from feeds.opml (line 9)
  - id: herald
    name: "Libya Herald"
    homepage: "https://libyaherald.com/"
    feeds: ["https://libyaherald.com/feed"]
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "sources.yaml"
    path.write_bytes(text.encode("utf-8"))
    return path


def test_entries_are_appended_and_the_users_text_is_kept(tmp_path: Path) -> None:
    path = write(tmp_path, CATALOGUE)
    config = append_sources(path, NEW)
    assert [s.id for s in config.sources] == ["wasat", "herald"]
    assert config.path == str(path)
    text = path.read_text(encoding="utf-8")
    assert text == CATALOGUE + "\n" + NEW  # after the list's own trailing comments
    assert list(tmp_path.iterdir()) == [path]  # no temporary file left behind


def test_entries_go_at_the_end_of_the_list_indented_like_it(tmp_path: Path) -> None:
    text = "sources:\n- id: wasat\n  name: W\n  homepage: https://alwasat.ly/\n  feeds: [https://alwasat.ly/rss]\n\n# run-wide\ndefaults:\n  interval: 1h\n"
    path = write(tmp_path, text)
    config = append_sources(path, NEW)
    assert [s.id for s in config.sources] == ["wasat", "herald"]
    assert config.sources[1].interval_secs == 3600
    written = path.read_text(encoding="utf-8")
    assert '\n- id: herald\n  name: "Libya Herald"\n' in written
    assert written.endswith(
        'feeds: ["https://libyaherald.com/feed"]\n\n# run-wide\ndefaults:\n  interval: 1h\n'
    )


def test_an_entry_that_does_not_load_changes_nothing(tmp_path: Path) -> None:
    path = write(tmp_path, CATALOGUE)
    with pytest.raises(ConfigError) as info:
        append_sources(path, NEW.replace("id: herald", "id: wasat"))
    (problem,) = info.value.problems
    assert str(problem).startswith(
        f"{path}:14:5: in the entries added after line 14, at their line 2: duplicate source id 'wasat'"
    )
    assert path.read_text(encoding="utf-8") == CATALOGUE
    assert list(tmp_path.iterdir()) == [path]


def test_a_missing_file_is_created_and_line_endings_are_kept(tmp_path: Path) -> None:
    created = tmp_path / "new.yaml"
    append_sources(created, NEW)
    assert created.read_text(encoding="utf-8") == "sources:\n" + NEW
    crlf = write(tmp_path, CATALOGUE.replace("\n", "\r\n"))
    append_sources(crlf, NEW)
    assert b"\n" not in crlf.read_bytes().replace(b"\r\n", b"")


def test_a_list_in_brackets_is_left_to_the_user(tmp_path: Path) -> None:
    path = write(tmp_path, "defaults: {interval: 1h}\nsources: []\n")
    with pytest.raises(ConfigError, match=r"sources.yaml:2:10: 'sources: \[\]' is empty"):
        append_sources(path, NEW)


def test_an_opml_import_can_be_written_in_one_go(tmp_path: Path) -> None:
    path = write(tmp_path, CATALOGUE)
    known = known_sources(path)
    opml = (
        "<opml><body>"
        "<outline text='Libya Herald' xmlUrl='https://libyaherald.com/feed'/>"
        "<outline text='الوسط' xmlUrl='https://alwasat.ly/rss'/>"
        "</body></opml>"
    )
    imported = import_opml(opml, known.ids, known.feeds)
    assert [str(note) for note in imported.skipped] == [
        "line 1: https://alwasat.ly/rss is already configured (source 'wasat'); skipped"
    ]
    config = append_sources(path, render_proposed_yaml(imported.sources, origin="feeds.opml"))
    assert [s.id for s in config.sources] == ["wasat", "libyaherald"]


def test_known_sources_are_read_even_from_a_config_with_problems(tmp_path: Path) -> None:
    path = write(tmp_path, CATALOGUE.replace("homepage: https://alwasat.ly/", "homepage: nope"))
    known = known_sources(path)
    assert known.ids == {"wasat"} and known.feeds == {"https://alwasat.ly/rss": "wasat"}
    assert known_sources(tmp_path / "missing.yaml") == (frozenset(), {})


def test_a_probed_site_can_be_written_in_one_go(tmp_path: Path) -> None:
    path = write(tmp_path, CATALOGUE)
    result = ProbeResult(
        homepage="https://alwasat.ly/",
        name="الوسط - الوسط",
        feeds=["https://alwasat.ly/feed/"],
        found=["feed https://alwasat.ly/feed/: 20 items"],
        probed_at="2026-06-16T12:00:00Z",
    )
    text = render_source_yaml(result, existing_ids=known_sources(path).ids)
    config = append_sources(path, text)
    assert [s.id for s in config.sources] == ["wasat", "alwasat"]
    assert "  # found: feed https://alwasat.ly/feed/: 20 items\n" in path.read_text(
        encoding="utf-8"
    )
