"""OPML: exporting the sources to a feed reader, importing a reader's subscriptions, and
refusing a file that is not one before it can do harm."""

from __future__ import annotations

import time
from pathlib import Path
from xml.sax.saxutils import quoteattr

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from ingest.config import load_config
from ingest.configsource import SOURCE_ID_RE
from ingest.models import Config, Source
from ingest.opml import export_opml, import_opml
from ingest.opmloutlines import OpmlImport
from ingest.sourceyaml import render_proposed_yaml
from tests.opmlfiles import FRESHRSS, problems_of

CATALOGUE = Config(
    path="sources.yaml",
    sources=(
        Source(
            id="wasat",
            name="بوابة الوسط",
            homepage="https://alwasat.ly/",
            language="ar",
            feeds=("https://alwasat.ly/rss",),
        ),
        Source(
            id="herald",
            name='Libya Herald & "Friends" <daily>',
            homepage="https://libyaherald.com/",
            language="en",
            feeds=("https://libyaherald.com/feed", "https://libyaherald.com/business/feed"),
        ),
        Source(
            id="lana",
            name="وكالة الأنباء الليبية (وال)",
            homepage="https://lana.gov.ly/",
            sitemaps=("https://lana.gov.ly/sitemap.xml",),
        ),
        Source(
            id="marsad_ar",
            name="المرصد\x0b",
            homepage="https://almarsad.co/",
            feeds=("https://almarsad.co/feed/?a=1&b=2",),
        ),
    ),
)


def loads_as_config(tmp_path: Path, text: str) -> Config:
    """The entries ``text`` under ``sources:``, loaded and validated as a config file."""
    path = tmp_path / "sources.yaml"
    path.write_text("sources:\n" + text, encoding="utf-8")
    return load_config(path)


def test_export_writes_one_rss_outline_per_feed_that_readers_import() -> None:
    root = etree.fromstring(export_opml(CATALOGUE).encode("utf-8"))
    assert root.tag == "opml" and root.get("version") == "2.0"
    outlines = root.findall("body/outline")
    assert [o.get("xmlUrl") for o in outlines] == [
        "https://alwasat.ly/rss",
        "https://libyaherald.com/feed",
        "https://libyaherald.com/business/feed",
        "https://almarsad.co/feed/?a=1&b=2",
    ]
    wasat = outlines[0]
    assert wasat.get("type") == "rss"
    assert wasat.get("text") == wasat.get("title") == "بوابة الوسط"
    assert wasat.get("htmlUrl") == "https://alwasat.ly/"
    assert wasat.get("language") == "ar"
    assert outlines[1].get("text") == 'Libya Herald & "Friends" <daily>'
    assert outlines[3].get("text") == "المرصد"  # a control character XML cannot hold is dropped


def test_export_keeps_arabic_readable_and_names_sources_without_feeds() -> None:
    text = export_opml(CATALOGUE)
    assert 'text="بوابة الوسط"' in text  # not &#1576;...
    assert "&amp;" in text and "&quot;Friends&quot;" in text
    assert "<!-- not exported, no feed: lana -->" in text


def test_round_trip_gives_the_same_sources_and_feeds(tmp_path: Path) -> None:
    imported = import_opml(export_opml(CATALOGUE).encode("utf-8"))
    assert imported.problems == imported.skipped == []
    exported = [s for s in CATALOGUE.sources if s.feeds]
    assert [(s.id, s.feeds, s.homepage) for s in imported.sources] == [
        (s.id, s.feeds, s.homepage) for s in exported
    ]
    assert [s.language for s in imported.sources] == ["ar", "en", None]
    config = loads_as_config(tmp_path, render_proposed_yaml(imported.sources))
    assert [s.feeds for s in config.sources] == [s.feeds for s in exported]
    assert config.sources[0].name == "بوابة الوسط"
    assert config.sources[1].name == 'Libya Herald & "Friends" <daily>'
    assert all(s.confidence == "claimed" for s in config.sources)


def test_a_freshrss_export_becomes_pasteable_entries(tmp_path: Path) -> None:
    imported = import_opml(FRESHRSS.encode("utf-8"))
    assert imported.problems == []
    herald, wasat, marsad = imported.sources
    assert (herald.id, herald.name, herald.folder) == ("libyaherald", "Libya Herald", "Libya")
    assert (wasat.id, wasat.name, wasat.feeds) == (
        "alwasat",
        "بوابة الوسط",
        ("https://alwasat.ly/rss",),
    )
    assert (marsad.name, marsad.language, marsad.folder) == ("المرصد", "ar", "Sans catégorie")
    text = render_proposed_yaml(imported.sources, origin="freshrss.opml")
    assert "# imported from freshrss.opml (line 9, folder Libya)" in text
    assert [s.id for s in loads_as_config(tmp_path, text).sources] == [
        "libyaherald",
        "alwasat",
        "almarsad",
    ]


BOMB = b"""<?xml version="1.0"?>
<!DOCTYPE opml [
 <!ENTITY a "aaaaaaaaaa">
 <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
 <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
 <!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
 <!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;">
 <!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">
 <!ENTITY g "&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;">
 <!ENTITY h "&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;">
]>
<opml version="2.0"><body><outline text="&h;" xmlUrl="https://x.ly/&h;"/></body></opml>
"""


@pytest.mark.parametrize(
    "data",
    [
        BOMB,
        BOMB.decode().encode("utf-16"),  # the same, where a bytes search would not see it
        BOMB.replace(b'<?xml version="1.0"?>', b'<?xml version="1.0" encoding="utf-7"?>').replace(
            b"<!DOCTYPE", b"+ADw-!DOCTYPE"
        ),
        b'<!DOCTYPE opml [<!ENTITY x SYSTEM "file:///etc/passwd">]><opml><body>'
        b'<outline text="&x;" xmlUrl="https://x.ly/"/></body></opml>',
    ],
)
def test_entities_and_dtds_are_refused_before_parsing(data: bytes) -> None:
    started = time.perf_counter()
    (message,) = problems_of(data)
    assert message.startswith("refused: the file declares a DTD")
    assert time.perf_counter() - started < 1


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"", "not an OPML file: it is not well-formed XML"),
        (b"\x00\xff garbage", "not an OPML file: it is not well-formed XML"),
        ("<opml><body><outline", "line 1: not an OPML file: it is not well-formed XML: "),
        (
            b"<rss><channel/></rss>",
            "not an OPML file: the document is <rss>, not <opml>; it is a feed",
        ),
        (b"<opml version='2.0'><head/></opml>", "not an OPML file: there is no <body>"),
        (b"<opml><body><outline text='x'/></body></opml>", "line 1: outline 'x' has no xmlUrl"),
        (
            b"<opml><body><outline text='x' xmlUrl='javascript:alert(1)'/></body></opml>",
            "line 1: outline 'x': xmlUrl 'javascript:alert(1)' is not an http(s) URL; skipped",
        ),
        (
            b"<opml><body><outline xmlUrl='/feed'/></body></opml>",
            "line 1: an outline: xmlUrl '/feed'",
        ),
        (b"<opml><body><outline xmlUrl='http://x:99999/'/></body></opml>", "is not an http(s) URL"),
        (b"<opml><body/></opml>", "the OPML file lists no feeds"),
    ],
)
def test_unusable_input_gives_a_clear_problem(data: bytes | str, expected: str) -> None:
    problems = problems_of(data)
    assert expected in problems[0]


@settings(max_examples=150, deadline=None)
@given(st.one_of(st.binary(max_size=2_000), st.text(max_size=2_000)))
def test_any_input_gives_an_import_never_an_exception(data: bytes | str) -> None:
    assert isinstance(import_opml(data), OpmlImport)


hostile_text = st.text(
    st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=40
) | st.sampled_from(["javascript:alert(1)", "https://x.ly/feed", "http://127.0.0.1:8080/", "", " "])


outline = st.fixed_dictionaries(
    {"text": hostile_text, "xmlUrl": hostile_text},
    optional={"htmlUrl": hostile_text, "title": hostile_text, "language": hostile_text},
)


@settings(max_examples=80, deadline=None)
@given(
    st.lists(st.tuples(outline, st.integers(0, 2)), max_size=25),
    st.sets(st.sampled_from(["x", "x-2", "source", "127-0-0-1-8080"])),
)
def test_whatever_the_outlines_say_the_entries_load_as_a_config(
    tmp_path_factory: pytest.TempPathFactory,
    outlines: list[tuple[dict[str, str], int]],
    existing: set[str],
) -> None:
    body = "".join(
        "<outline text='folder'>" * depth
        + "<outline "
        + " ".join(f"{key}={quoteattr(value)}" for key, value in attributes.items())
        + "/>"
        + "</outline>" * depth
        for attributes, depth in outlines
    )
    imported = import_opml(f"<opml version='2.0'><body>{body}</body></opml>", existing_ids=existing)
    ids = [s.id for s in imported.sources]
    assert len(set(ids)) == len(ids) and not set(ids) & existing
    assert all(SOURCE_ID_RE.match(source_id) for source_id in ids)
    if imported.sources:
        folder = tmp_path_factory.mktemp("opml")
        config = loads_as_config(folder, render_proposed_yaml(imported.sources))
        assert [s.id for s in config.sources] == ids
