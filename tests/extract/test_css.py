"""CSS selectors of rules as XPath."""

from __future__ import annotations

import pytest
from lxml import html as lxml_html

from ingest.extract.css import css_to_xpath

PAGE = lxml_html.fromstring(
    '<html><body><div class="art-info main" id="top"><time datetime="2026">x</time>'
    '<span class="author">a</span><span lang="ar-LY">b</span></div>'
    "<p class='x'>1</p><p>2</p></body></html>"
)


@pytest.mark.parametrize(
    ("css", "texts"),
    [
        ("div.art-info span", ["a", "b"]),
        ("div > time", ["x"]),
        ("#top .author", ["a"]),
        ("time + span", ["a"]),
        ("time ~ span", ["a", "b"]),
        ("span[lang|=ar]", ["b"]),
        ("div[class~=main] > time[datetime^='20']", ["x"]),
        ("p.x, time", ["x", "1"]),
        ("P", ["1", "2"]),
    ],
)
def test_selectors_select_what_css_would(css: str, texts: list[str]) -> None:
    assert [el.text for el in PAGE.xpath(css_to_xpath(css))] == texts


@pytest.mark.parametrize("css", ["p:first-child", "h1[", "", "div >", "::bad("])
def test_unreadable_selectors_are_value_errors(css: str) -> None:
    with pytest.raises(ValueError):
        css_to_xpath(css)


def test_quotes_in_values() -> None:
    """A value holding a quote becomes a valid XPath literal."""
    page = lxml_html.fromstring("""<div><p title="it's">a</p></div>""")
    assert page.xpath(css_to_xpath('p[title="it\'s"]'))[0].text == "a"
