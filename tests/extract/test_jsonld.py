"""JSON-LD: the article object, damaged blocks, values."""

from __future__ import annotations

from lxml import html as lxml_html

from ingest.extract.jsonld import jsonld_authors, jsonld_text, read_jsonld


def test_the_article_beats_its_webpage_and_gets_the_publisher() -> None:
    tree = lxml_html.fromstring(
        '<html><head><script type="application/ld+json">{"@graph": ['
        '{"@type": "WebPage", "name": "page"}, {"@type": "NewsArticle", "headline": "خبر",},'
        '{"@type": "Organization", "name": "الوسط"}]}</script></head><body></body></html>'
    )
    found = read_jsonld(tree)
    assert found["headline"] == "خبر"
    assert found["publisher"]["name"] == "الوسط"


def test_values_and_authors() -> None:
    assert jsonld_text([{"name": "Libya&#039;s news"}]) == "Libya's news"
    assert jsonld_authors([{"name": "سالم"}, "https://x.ly/author/1"]) == ["سالم"]
