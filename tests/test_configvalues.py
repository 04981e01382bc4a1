"""The values of sources.yaml, checked and converted: durations and sizes, aliases, fixture
paths, rule selectors."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.config import load_config
from ingest.configvalues import parse_duration, parse_size
from tests.configfiles import GOOD, problems, write


def test_units() -> None:
    assert parse_duration("15m") == 900
    assert parse_duration("1.5s") == 1.5
    assert parse_duration(30) == 30
    assert parse_size("10MB") == 10_000_000
    assert parse_size("1KiB") == 1024
    with pytest.raises(ValueError):
        parse_duration("soon")


def test_aliases_load_as_a_tuple_of_names(tmp_path: Path) -> None:
    text = GOOD + "    aliases: [موقع بوابة الوسط, الوسط, الوسط]\n"
    (wasat,) = load_config(write(tmp_path, text)).sources
    assert wasat.aliases == ("موقع بوابة الوسط", "الوسط")  # the repeat is dropped
    assert load_config(write(tmp_path, GOOD)).sources[0].aliases == ()


@pytest.mark.parametrize("value", ["الوسط", "[الوسط, '']", "[[الوسط]]", "{a: 1}", "[الوسط, null]"])
def test_aliases_must_be_a_list_of_names(tmp_path: Path, value: str) -> None:
    (message,) = problems(write(tmp_path, GOOD + f"    aliases: {value}\n"))
    assert message.startswith("sources.yaml:10:5: 'aliases' must be a list of names")


@pytest.mark.parametrize("fixture", ["../../etc/passwd", "/etc/passwd", "fixtures/../../x.html"])
def test_fixtures_stay_in_the_configs_folder(tmp_path: Path, fixture: str) -> None:
    folder = tmp_path / "config"
    folder.mkdir()
    text = GOOD + f"    tests:\n      - fixture: {fixture}\n        url: https://alwasat.ly/x\n"
    (message,) = problems(write(folder, text))
    assert message.startswith("sources.yaml:11:9: 'fixture' must be a relative file path")
    assert "keep fixtures in the config's folder" in message


def test_a_rule_selector_the_extractor_cannot_read_is_refused_by_name(tmp_path: Path) -> None:
    text = """\
sources:
  - id: wasat
    name: Wasat
    homepage: https://alwasat.ly/
    feeds: [https://alwasat.ly/rss]
    rules:
      body: "div.entry p:first-child"
      headline: "h1.title, article > header h1[itemprop=headline]"
"""
    (found,) = problems(write(tmp_path, text))
    assert "sources.yaml:7:7: 'body'" in found
    assert ":first-child" in found
