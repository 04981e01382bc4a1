"""One source entry of sources.yaml: its id, its way to find articles, its rules, listings
and tests."""

from __future__ import annotations

from pathlib import Path

from ingest.config import load_config
from tests.configfiles import GOOD, problems, write


def test_a_source_without_an_id_says_how_to_add_one(tmp_path: Path) -> None:
    text = GOOD + "  - name: No id\n    homepage: https://x.ly/\n    feeds: [https://x.ly/feed]\n"
    assert problems(write(tmp_path, text)) == [
        "sources.yaml:10:5: source without an id: add 'id: <slug>' "
        "(lower-case letters, digits and '-')"
    ]


def test_a_disabled_source_loads_and_is_kept(tmp_path: Path) -> None:
    (wasat,) = load_config(write(tmp_path, GOOD + "    enabled: false\n")).sources
    assert wasat.enabled is False
    retired = "  - id: old\n    name: Old\n    homepage: https://old.ly/\n    enabled: false\n"
    # its feeds may be gone: a source that is never fetched needs none
    assert load_config(write(tmp_path, GOOD + retired)).sources[1].feeds == ()


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
