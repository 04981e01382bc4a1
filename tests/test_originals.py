"""Joining an aggregator's copy to the configured outlet it came from."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.config import load_config
from ingest.models import Source
from ingest.originals import OutletIndex
from tests.landscape import Landscape

CATALOGUE = Path(__file__).parent.parent / "config" / "sources.yaml"


@pytest.fixture(scope="module")
def catalogue() -> OutletIndex:
    return OutletIndex.build(load_config(CATALOGUE).sources)


def test_every_name_and_alias_of_the_catalogue_names_its_own_outlet_only() -> None:
    sources = load_config(CATALOGUE).sources
    index = OutletIndex.build(sources)
    for source in sources:
        for name in (source.name, *source.aliases):
            assert index.resolve(name, None) == source.id, name
            # and no other outlet answers to it
            assert index.resolve(name, None, exclude=source.id) is None, name


@pytest.mark.parametrize(
    ("cited", "expected"),
    [
        # libyaakhbar.com's footers and headers (outlets.md, 1.1)
        ("موقع بوابة الوسط", "wasat"),
        ("بوابة الوسط", "wasat"),
        ("موقع بوابة افريقيا الاخبارية", "afrigatenews"),
        ("موقع عين ليبيا", "eanlibya"),
        ("صحيفة المرصد الليبية", "almarsad"),
        ("صحيفة المرصد", "almarsad"),
        ("صحيفة ايوان ليبيا", "ewanlibya"),
        ("قناة 218 الليبية", "218tv"),
        ("موقع قناة ليبيا", "libyaschannel"),
        ("وكالة الانباء الليبية وال", "lana"),
        ("وكالة الأنباء الليبية (وال)", "lana"),
        ("وكالة الأنباءِ الليبيّة", "lana"),  # tashkeel and hamza forms
        ("وال", "lana"),
        ("شبكة الرائد الاعلامية", "arraedlg"),
        ("صحيفة الساعة 24", "alsaaa24"),
        ("الساعة 24", "alsaaa24"),
        ("صحيفة الساعة ٢٤", "alsaaa24"),  # Arabic-Indic digits
        ("قناة ليبيا الأحرار", "libyaalahrar"),
        ("The Libya Observer", "libyaobserver"),
        ("RNA", "reportage"),
        # outlets the catalogue does not follow, and words that name no outlet
        ("صحيفة المتوسط الليبية", None),
        ("جريدة الايام الليبية", None),
        ("موقع مرصد ليبيا", None),  # not المرصد: another site
        ("موقع سبوتنيك الروسي", None),
        ("ليبيا", None),
        ("موقع", None),
        ("", None),
    ],
)
def test_names_as_aggregators_print_them(
    catalogue: OutletIndex, cited: str, expected: str | None
) -> None:
    assert catalogue.resolve(cited, None, exclude="libyaakhbar") == expected


def test_the_aggregator_is_never_its_own_original(catalogue: OutletIndex) -> None:
    assert catalogue.resolve("ليبيا الان", None) == "libyaakhbar"
    assert catalogue.resolve("ليبيا الان", None, exclude="libyaakhbar") is None
    url = "https://www.libyaakhbar.com/libya-news/2794437.html"
    assert catalogue.resolve(None, url, exclude="libyaakhbar") is None


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://lana.gov.ly/post.php?lang=ar&id=359625", "lana"),
        ("http://www.lana.gov.ly/post.php?lang=ar&id=359625", "lana"),  # www twin
        ("https://m.alwasat.ly/news/libya/521791", "wasat"),  # mobile edition
        ("https://amp.218tv.net/some-story/", "218tv"),
        ("https://alwasat.ly:443/news/libya/1", "wasat"),
        ("https://ar.libyaobserver.ly/news/x", "libyaobserver-ar"),  # its own host
        ("https://alwasat.ly.example.com/news/1", None),
        ("https://example.com/news/1", None),
        ("http://[::1/broken", None),
    ],
)
def test_a_link_names_the_outlet_by_its_host(
    catalogue: OutletIndex, url: str, expected: str | None
) -> None:
    assert catalogue.resolve(None, url) == expected


def test_the_link_beats_a_name_that_says_otherwise(catalogue: OutletIndex) -> None:
    # The footer's text is the aggregator's; where the link goes is the outlet's.
    assert catalogue.resolve("بوابة الوسط", "https://almarsad.co/2026/06/16/x/") == "almarsad"
    # A link to an unknown site leaves the name to decide.
    assert catalogue.resolve("بوابة الوسط", "https://daily8.com/x") == "wasat"


def source(source_id: str, name: str, homepage: str, *aliases: str) -> Source:
    return Source(id=source_id, name=name, homepage=homepage, aliases=aliases)


def test_two_outlets_that_would_match_give_none() -> None:
    index = OutletIndex.build(
        [
            source("a", "المرصد", "https://almarsad.co/"),
            source("b", "مرصد", "https://b.ly/", "المرصد"),
            source("c", "الوسط الليبية", "https://c.ly/"),
            source("d", "صحيفة الوسط", "https://d.ly/"),
        ]
    )
    assert index.resolve("المرصد", None) is None
    assert index.resolve("المرصد", "https://almarsad.co/x/") == "a"  # the link settles it
    # One generic word off either end gives c or d: never guess between them.
    assert index.resolve("صحيفة الوسط الليبية", None) is None
    assert index.resolve("موقع صحيفة الوسط", None) == "d"


def test_editions_on_one_host_are_told_apart_by_name() -> None:
    index = OutletIndex.build(
        [
            source("lana", "وكالة الأنباء الليبية", "https://lana.gov.ly/"),
            source("lana-en", "Libyan News Agency", "https://lana.gov.ly/"),
        ]
    )
    url = "https://lana.gov.ly/post.php?lang=en&id=1"
    assert index.resolve("Libyan News Agency", url) == "lana-en"
    assert index.resolve(None, url) is None
    assert index.resolve("Libya Herald", url) is None


def test_the_exact_name_wins_over_a_looser_form() -> None:
    index = OutletIndex.build(
        [
            source("channel", "قناة ليبيا", "https://libyaschannel.com/"),
            source("country", "ليبيا", "https://libya.example/"),
        ]
    )
    assert index.resolve("موقع قناة ليبيا", None) == "channel"  # one word off, not two
    assert index.resolve("قناة ليبيا", None) == "channel"


def test_landscape_copies_resolve_to_the_outlet_they_copy(tmp_path: Path) -> None:
    with Landscape.default() as land:
        config = load_config(land.write_config(tmp_path / "sources.yaml"))
        aggregator = next(o for o in land.outlets if o.style == "aggregator")
        by_url = {a.url: o.id for o in land.outlets for a in o.articles}
        copies = aggregator.articles
    index = OutletIndex.build(config.sources)
    assert copies
    for copy in copies:
        outlet = by_url[copy.copy_of or ""]
        # the header's short name, the footer's long name, and the footer's link alone
        assert index.resolve(copy.original_source, None, exclude=aggregator.id) == outlet
        long_name = copy.extra["source_long"]
        assert index.resolve(long_name, None, exclude=aggregator.id) == outlet
        if copy.original_url:
            assert index.resolve(None, copy.original_url, exclude=aggregator.id) == outlet
