"""Loading and validating sources.yaml."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ingest.config import load_config, parse_duration, parse_size
from ingest.errors import ConfigError
from ingest.yamlsafe import LineLoader, YamlLimitError, YamlLimits

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
    with pytest.raises(ConfigError) as info:
        load_config(path)
    return [str(p) for p in info.value.problems]


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
    assert "sources.yaml:2: unknown key 'intervall' in defaults; did you mean 'interval'?" in found
    assert "sources.yaml:7:" in joined and "http(s) URL" in joined
    assert "sources.yaml:8:" in joined and "'interval' must be a duration" in joined
    assert "sources.yaml:9: duplicate source id 'wasat' (first at line 4)" in joined
    assert "sources.yaml:13:" in joined and "lower-case slug" in joined
    assert "sources.yaml:15:" in joined and "no way to find articles" in joined
    assert "sources.yaml:19:" in joined and "invalid CSS selector" in joined
    assert len(found) == 7


def test_malformed_yaml_names_the_line(tmp_path: Path) -> None:
    text = GOOD + "  - id: broken\n    name: [unclosed\n"
    (message,) = problems(write(tmp_path, text))
    assert message.startswith("sources.yaml:1")
    assert "YAML syntax error" in message


def test_duplicate_keys_are_not_silently_overwritten(tmp_path: Path) -> None:
    text = GOOD + "    feeds: [https://alwasat.ly/feed]\n"
    (message,) = problems(write(tmp_path, text))
    assert message.startswith("sources.yaml:10: duplicate key 'feeds'")


def test_missing_file_says_how_to_fix(tmp_path: Path) -> None:
    (message,) = problems(tmp_path / "nope.yaml")
    assert "file not found" in message and "--config" in message


def test_empty_and_wrong_shapes(tmp_path: Path) -> None:
    assert "mapping with 'sources:'" in problems(write(tmp_path, ""))[0]
    assert "must be a list" in problems(write(tmp_path, "sources: 3\n"))[0]
    assert "must be a mapping" in problems(write(tmp_path, "sources:\n  - 3\n"))[0]


def test_rules_listings_and_tests_load(tmp_path: Path) -> None:
    (tmp_path / "fixtures").mkdir()
    (tmp_path / "fixtures" / "page.html").write_text("<html></html>")
    text = """\
sources:
  - id: lana
    name: وكالة الأنباء الليبية
    homepage: https://lana.gov.ly/
    listings:
      - url: https://lana.gov.ly/category.php?lang=ar&id=8
        links: "ul.news_titles li > a"
        max_pages: 3
    host_delay: 2s
    rules:
      headline: h1.title
      body: [p.article_text, div.content]
      date: "time@datetime"
    tests:
      - fixture: fixtures/page.html
        url: https://lana.gov.ly/post.php?lang=ar&id=1
        expect: {headline: عنوان}
        contains: {body: [جملة]}
"""
    source = load_config(write(tmp_path, text)).sources[0]
    assert source.listings[0].links == "ul.news_titles li > a"
    assert source.listings[0].max_pages == 3
    assert source.host_delay_secs == 2.0
    assert source.rules.body == ("p.article_text", "div.content")
    assert source.rules.date == ("time@datetime",)
    assert source.tests[0].expect == {"headline": "عنوان"}
    assert source.tests[0].contains == {"body": ("جملة",)}


def test_missing_fixture_is_reported(tmp_path: Path) -> None:
    text = GOOD + (
        "    tests:\n      - fixture: fixtures/missing.html\n        url: https://alwasat.ly/x\n"
    )
    (message,) = problems(write(tmp_path, text))
    assert "fixture file not found" in message


def test_units() -> None:
    assert parse_duration("15m") == 900
    assert parse_duration("1.5s") == 1.5
    assert parse_duration(30) == 30
    assert parse_size("10MB") == 10_000_000
    assert parse_size("1KiB") == 1024
    with pytest.raises(ValueError):
        parse_duration("soon")


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


def test_aliases_load_as_a_tuple_of_names(tmp_path: Path) -> None:
    text = GOOD + "    aliases: [موقع بوابة الوسط, الوسط, الوسط]\n"
    (wasat,) = load_config(write(tmp_path, text)).sources
    assert wasat.aliases == ("موقع بوابة الوسط", "الوسط")  # the repeat is dropped
    assert load_config(write(tmp_path, GOOD)).sources[0].aliases == ()


@pytest.mark.parametrize("value", ["الوسط", "[الوسط, '']", "[[الوسط]]", "{a: 1}", "[الوسط, null]"])
def test_aliases_must_be_a_list_of_names(tmp_path: Path, value: str) -> None:
    (message,) = problems(write(tmp_path, GOOD + f"    aliases: {value}\n"))
    assert message.startswith("sources.yaml:10: 'aliases' must be a list of names")


def bomb(levels: int, width: int) -> str:
    """A "billion laughs": each anchor repeats the one before ``width`` times."""
    lines = ["    notes: &l0 lol"]
    for level in range(1, levels + 1):
        lines.append(f"    n{level}: &l{level} [{', '.join([f'*l{level - 1}'] * width)}]")
    return (
        GOOD.replace("    language: ar\n", "") + "\n".join(lines) + f"\n    language: *l{levels}\n"
    )


@pytest.mark.parametrize(("levels", "width"), [(9, 9), (40, 2)])
def test_an_alias_bomb_is_refused_before_it_expands(
    tmp_path: Path, levels: int, width: int
) -> None:
    (message,) = problems(write(tmp_path, bomb(levels, width)))
    assert message.startswith("sources.yaml:")
    assert "YAML refused: aliases expand the document past 250,000 values" in message
    assert len(message) < 300


def test_the_loader_stops_at_the_node_limit() -> None:
    limit = 1_000
    loader = LineLoader(bomb(9, 9), YamlLimits(nodes=limit))
    with pytest.raises(YamlLimitError) as info:
        loader.get_single_data()
    # 9**9 values described, and stopped after a few dozen real nodes
    assert loader.composed <= 100 and loader.expanded <= 2 * limit
    assert "past 1,000 values" in info.value.message
    assert LineLoader(bomb(2, 9), YamlLimits(nodes=limit)).get_single_data()


def test_deep_nesting_and_alias_counts_are_bounded(tmp_path: Path) -> None:
    (message,) = problems(write(tmp_path, "sources: " + "[" * 5000 + "]" * 5000 + "\n"))
    assert message == "sources.yaml:1: YAML refused: nested more than 50 levels deep"
    many = "defaults: &d {interval: 1h}\nx: [" + ", ".join(["*d"] * 10) + "]\n"
    with pytest.raises(YamlLimitError, match="more than 5 aliases"):
        LineLoader(many, YamlLimits(aliases=5)).get_single_data()


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
    assert message.startswith("sources.yaml:10: unreadable value: a number too long")


@pytest.mark.parametrize("fixture", ["../../etc/passwd", "/etc/passwd", "fixtures/../../x.html"])
def test_fixtures_stay_in_the_configs_folder(tmp_path: Path, fixture: str) -> None:
    folder = tmp_path / "config"
    folder.mkdir()
    text = GOOD + f"    tests:\n      - fixture: {fixture}\n        url: https://alwasat.ly/x\n"
    (message,) = problems(write(folder, text))
    assert message.startswith("sources.yaml:11: 'fixture' must be a relative file path")
    assert "keep fixtures in the config's folder" in message
