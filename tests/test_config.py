"""Loading and validating sources.yaml: the top level, ``defaults:`` and the settings, every
problem at once with its line, and YAML refused past the loader's limits."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ingest.config import load_config
from ingest.errors import ConfigError
from tests.configfiles import GOOD, bomb, problems, write


def test_the_documented_example_loads(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, GOOD))
    (wasat,) = config.sources
    assert wasat.id == "wasat"
    assert wasat.name == "بوابة الوسط"
    assert wasat.feeds == ("https://alwasat.ly/rss",)
    assert wasat.interval_secs == 900
    assert wasat.timezone == "Africa/Tripoli"
    assert wasat.line == 5


def test_json_is_yaml_too(tmp_path: Path) -> None:
    data = {
        "defaults": {"interval": "2h"},
        "sources": [
            {
                "id": "herald",
                "name": "Libya Herald",
                "homepage": "https://libyaherald.com/",
                "feeds": ["https://libyaherald.com/feed"],
            }
        ],
    }
    config = load_config(write(tmp_path, json.dumps(data), "sources.json"))
    assert config.sources[0].interval_secs == 7200


def test_every_problem_is_reported_at_once_with_its_line(tmp_path: Path) -> None:
    text = """\
defaults:
  intervall: 15m
sources:
  - id: wasat
    name: بوابة الوسط
    homepage: https://alwasat.ly/
    feeds: [ftp://alwasat.ly/rss]
    interval: soon
  - id: wasat
    name: again
    homepage: https://alwasat.ly/
    feeds: [https://alwasat.ly/rss]
  - id: Bad Id
    name: x
  - id: nofeeds
    name: No feeds
    homepage: https://example.ly/
    rules:
      body: "div[["
"""
    found = problems(write(tmp_path, text))
    joined = "\n".join(found)
    assert (
        "sources.yaml:2:3: unknown key 'intervall' in defaults; did you mean 'interval'?" in found
    )
    assert "sources.yaml:7:5: 'feeds' must be a list of http(s) URLs" in joined
    assert "sources.yaml:8:5: 'interval' must be a duration" in joined
    assert "sources.yaml:9:5: duplicate source id 'wasat' (first at line 4)" in joined
    assert (
        "sources.yaml:13:5: source id 'Bad Id' is not a slug: use lower-case letters, digits "
        "and '-', e.g. 'bad-id'" in found
    )
    assert "sources.yaml:15:5: source 'nofeeds' has no way to find articles" in joined
    assert "sources.yaml:19:7: 'body' must be a CSS selector" in joined
    assert len(found) == 7
    assert found == sorted(found, key=lambda m: [int(n) for n in m.split(":")[1:3]])


def test_messages_name_the_file_as_given_with_line_and_column(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "config").mkdir()
    write(tmp_path / "config", GOOD + "    interval: soon\n")
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ConfigError) as info:
        load_config("config/sources.yaml")
    # path:line:col: message, as compilers print it, so an editor can jump there
    assert str(info.value).startswith("config/sources.yaml:10:5: 'interval' must be a duration")


def test_a_bad_default_is_reported_once_with_the_accepted_units(tmp_path: Path) -> None:
    text = GOOD.replace("interval: 15m", "interval: often") + (
        "  - id: herald\n    name: Libya Herald\n    homepage: https://libyaherald.com/\n"
        "    feeds: [https://libyaherald.com/feed]\n"
    )
    assert problems(write(tmp_path, text)) == [
        "sources.yaml:2:3: 'interval' must be a duration (a number and a unit s, m, h or d, "
        "e.g. 90s, 15m, 1.5h, 1d), got 'often'"
    ]


def long_config(sources: int) -> str:
    """A config of ``sources`` entries, six lines each after a six-line header."""
    entries = "".join(
        f"  - id: s{n}\n    name: Outlet {n}\n    homepage: https://s{n}.ly/\n"
        f"    language: ar\n    feeds: [https://s{n}.ly/feed]\n    interval: 1h\n"
        for n in range(sources)
    )
    header = "# Libyan outlets\n# one entry per outlet\ndefaults:\n  interval: 15m\n"
    return header + "  timezone: Africa/Tripoli\nsources:\n" + entries


def test_an_unterminated_quote_is_reported_where_it_opens(tmp_path: Path) -> None:
    lines = long_config(22).splitlines(keepends=True)
    assert len(lines) == 138 and lines[14] == "    homepage: https://s1.ly/\n"
    lines[14] = '    homepage: "https://s1.ly/\n'  # line 15: the closing quote is missing
    (message,) = problems(write(tmp_path, "".join(lines)))
    assert message.startswith("sources.yaml:15:15: YAML syntax error: this quoted value is never")
    assert "the file ends at line 139" in message
    assert "add the closing quote" in message


def test_a_quote_closed_lines_later_is_reported_where_it_opens(tmp_path: Path) -> None:
    lines = long_config(5).splitlines(keepends=True)
    lines[14] = '    homepage: "https://s1.ly/\n'  # swallows lines up to the next quote
    lines[15] = '    language: "ar"\n'
    (message,) = problems(write(tmp_path, "".join(lines)))
    assert message.startswith("sources.yaml:15:15: YAML syntax error: this quoted value runs on")
    assert "closing quote missing?" in message


@pytest.mark.parametrize(
    ("text", "start", "hint"),
    [
        ("sources:\n  - id: a\n    feeds: [https://a.ly/feed\n    name: A\n", "3:12", "'[' list"),
        ("sources:\n  - id: a\n    name: A: B\n", "3:12", "quote the value"),
        ("sources:\n  - id: a\n    name: A\n   homepage: x\n", "4:4", "not indented like"),
        ("sources:\n  - id: a\n\tname: A\n", "3:1", "spaces only"),
    ],
)
def test_yaml_syntax_errors_point_at_the_mistake(
    tmp_path: Path, text: str, start: str, hint: str
) -> None:
    (message,) = problems(write(tmp_path, text))
    assert message.startswith(f"sources.yaml:{start}: YAML syntax error: ")
    assert hint in message


def test_malformed_yaml_names_the_line(tmp_path: Path) -> None:
    text = GOOD + "  - id: broken\n    name: [unclosed\n"
    (message,) = problems(write(tmp_path, text))
    assert message.startswith("sources.yaml:1")
    assert "YAML syntax error" in message


def test_duplicate_keys_are_not_silently_overwritten(tmp_path: Path) -> None:
    text = GOOD + "    feeds: [https://alwasat.ly/feed]\n"
    (message,) = problems(write(tmp_path, text))
    assert message.startswith("sources.yaml:10:5: duplicate key 'feeds'")


def test_missing_file_says_how_to_fix(tmp_path: Path) -> None:
    (message,) = problems(tmp_path / "nope.yaml")
    assert "file not found" in message and "--config" in message


def test_empty_and_wrong_shapes(tmp_path: Path) -> None:
    assert "mapping with 'sources:'" in problems(write(tmp_path, ""))[0]
    assert "must be a list" in problems(write(tmp_path, "sources: 3\n"))[0]
    assert "must be a mapping" in problems(write(tmp_path, "sources:\n  - 3\n"))[0]


def test_shipped_catalogue_validates() -> None:
    catalogue = Path(__file__).parent.parent / "config" / "sources.yaml"
    if not catalogue.exists():
        pytest.skip("no catalogue in this checkout")
    config = load_config(catalogue)
    assert len(config.sources) >= 1


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=300))
def test_any_text_gives_config_or_config_error(
    tmp_path_factory: pytest.TempPathFactory, text: str
) -> None:
    path = tmp_path_factory.mktemp("cfg") / "sources.yaml"
    path.write_text(text, encoding="utf-8")
    try:
        load_config(path)
    except ConfigError as exc:
        assert exc.problems


@pytest.mark.parametrize(("levels", "width"), [(9, 9), (40, 2)])
def test_an_alias_bomb_is_refused_before_it_expands(
    tmp_path: Path, levels: int, width: int
) -> None:
    (message,) = problems(write(tmp_path, bomb(levels, width)))
    assert message.startswith("sources.yaml:")
    assert "YAML refused: aliases expand the document past 250,000 values" in message
    assert len(message) < 300


def test_deep_nesting_is_bounded(tmp_path: Path) -> None:
    (message,) = problems(write(tmp_path, "sources: " + "[" * 5000 + "]" * 5000 + "\n"))
    assert message == "sources.yaml:1:59: YAML refused: nested more than 50 levels deep"


def test_a_config_with_anchors_and_merges_still_loads(tmp_path: Path) -> None:
    text = """\
sources:
  - &wordpress
    id: marsad
    name: المرصد
    homepage: https://almarsad.co/
    language: ar
    interval: 1h
    feeds: [https://almarsad.co/feed/]
    rules: &wp-rules
      headline: h1.entry-title
      body: div.entry-content
  - <<: *wordpress
    id: eanlibya
    name: عين ليبيا
    homepage: https://www.eanlibya.com/
    interval: 15m
    feeds: [https://www.eanlibya.com/feed/]
  - id: alahrar
    name: ليبيا الأحرار
    homepage: https://libyaalahrar.tv/
    feeds: [https://libyaalahrar.tv/feed/]
    rules: *wp-rules
"""
    marsad, ean, alahrar = load_config(write(tmp_path, text)).sources
    # a key after a merge overrides the merged one; that is no duplicate
    assert (ean.language, ean.interval_secs, ean.rules) == ("ar", 900, marsad.rules)
    assert alahrar.rules.body == ("div.entry-content",)


def test_messages_quote_values_briefly(tmp_path: Path) -> None:
    text = GOOD + f"    interval: {'x' * 10_000}\n    notes: [{', '.join(['a'] * 500)}]\n"
    found = problems(write(tmp_path, text))
    assert all(len(message) < 200 for message in found)
    assert any("got 'xxxx" in m and "…" in m for m in found)
    assert any("'notes' must be text, got a list of 500 items" in m for m in found)


def test_a_number_too_long_for_python_is_a_config_problem(tmp_path: Path) -> None:
    (message,) = problems(write(tmp_path, GOOD + f"    interval: {'1' * 5000}\n"))
    assert message.startswith("sources.yaml:10:15: unreadable value: a number too long")
