"""Authors: people before organisations, never the site itself, bylines cleaned."""

from __future__ import annotations

from ingest.extract.authors import choose_author, clean_author
from ingest.extract.metadata import parse_html_tree, read_page


def test_jsonld_person_wins() -> None:
    tree = parse_html_tree(
        '<html><head><meta name="author" content="Someone Else">'
        '<script type="application/ld+json">{"@type": "NewsArticle", "author":'
        ' {"@type": "Person", "name": "هدى الترهوني"}}</script></head><body><p>x</p></body></html>'
    )
    assert choose_author(read_page(tree), tree) == ("هدى الترهوني", "jsonld")


def test_author_prefers_people_and_skips_the_site() -> None:
    head = (
        '<meta property="og:site_name" content="Alwasat">'
        '<meta name="author" content="alwasat.ly">'
        '<script type="application/ld+json">{"@type": "NewsArticle", "author":'
        ' [{"@type": "Organization", "name": "Alwasat"}]}</script>'
    )
    tree = parse_html_tree(
        f'<html><head>{head}</head><body><span class="byline">By Ahmed Salem</span></body></html>'
    )
    assert choose_author(read_page(tree), tree) == ("Ahmed Salem", "byline")


def test_clean_author_strips_prefixes_and_dates() -> None:
    assert clean_author("Posted by T. V. Raman") == "T. V. Raman"
    assert clean_author("بقلم: سالم الورفلي") == "سالم الورفلي"
    assert clean_author("MORITZ GATHMANN am 21. April 2020") == "MORITZ GATHMANN"
    assert clean_author("Von") is None
    assert clean_author("Name *") is None
    assert clean_author("https://twitter.com/x") is None


def test_cms_placeholder_accounts_are_no_author() -> None:
    from ingest.extract.authors import clean_author

    for placeholder in ("admin", "Super User", "wpadmin2", "مدير الموقع", "Unknown"):
        assert clean_author(placeholder) is None, placeholder
    assert clean_author("بقلم: أحمد الفيتوري") == "أحمد الفيتوري"
