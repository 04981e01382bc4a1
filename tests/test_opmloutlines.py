"""An OPML file's outlines as proposed sources: feeds grouped by site, ids made unique,
feeds already configured or repeated skipped, bounds on what a file may ask."""

from __future__ import annotations

import time

from ingest.opml import import_opml
from ingest.opmloutlines import MAX_OPML_OUTLINES
from tests.opmlfiles import FRESHRSS, problems_of

MINIFLUX = """\
<?xml version="1.0" encoding="UTF-8"?>
<opml version="2.0">
    <head>
        <title>Miniflux</title>
        <dateCreated>Tue, 16 Jun 2026 12:00:00 UTC</dateCreated>
    </head>
    <body>
        <outline text="All">
            <outline title="Libya Observer" text="Libya Observer" xmlUrl="https://libyaobserver.ly/rss.xml" htmlUrl="https://libyaobserver.ly/" description=""></outline>
        </outline>
        <outline text="أخبار">
            <outline title="عين ليبيا" text="عين ليبيا" xmlUrl="https://www.eanlibya.com/feed/" htmlUrl="https://www.eanlibya.com/"></outline>
            <outline title="عين ليبيا – محلية" text="عين ليبيا – محلية" xmlUrl="https://www.eanlibya.com/category/local-news/feed/" htmlUrl="https://www.eanlibya.com/"></outline>
            <outline title="No site" text="No site" xmlUrl="http://127.0.0.1:8080/rss"></outline>
        </outline>
    </body>
</opml>
"""


def test_a_miniflux_export_groups_the_feeds_of_one_site() -> None:
    imported = import_opml(MINIFLUX)  # text, with its XML declaration, is accepted too
    observer, ean, local = imported.sources
    assert observer.id == "libyaobserver"
    assert ean.id == "eanlibya" and ean.feeds == (
        "https://www.eanlibya.com/feed/",
        "https://www.eanlibya.com/category/local-news/feed/",
    )
    # a feed with no htmlUrl: its own site, and the whole address for an id
    assert (local.id, local.homepage) == ("no-site", "http://127.0.0.1:8080/")


def test_feeds_already_configured_are_skipped_with_the_reason() -> None:
    imported = import_opml(
        FRESHRSS,
        existing_ids={"libyaherald", "alwasat"},
        existing_feeds={"http://www.libyaherald.com/feed/": "herald"},
    )
    (skipped,) = imported.skipped
    assert skipped.at("subscriptions.opml") == (
        "subscriptions.opml:9: https://libyaherald.com/feed is already configured (source 'herald'); skipped"
    )
    assert [s.id for s in imported.sources] == ["alwasat-2", "almarsad"]
    repeated = FRESHRSS.replace(
        "</body>", '<outline text="again" xmlUrl="https://alwasat.ly/rss"/></body>'
    )
    assert [str(note) for note in import_opml(repeated).skipped] == [
        "line 15: https://alwasat.ly/rss repeats the feed at line 10; skipped"
    ]


def test_ids_are_unique_among_themselves_and_the_config() -> None:
    outlines = "".join(
        f'<outline text="Local {n}" xmlUrl="http://127.0.0.1:{8000 + n % 2}/feed{n}"/>'
        for n in range(4)
    )
    imported = import_opml(f"<opml><body>{outlines}</body></opml>", existing_ids={"local-0"})
    assert [s.id for s in imported.sources] == ["local-0-2", "local-1", "local-2", "local-3"]
    same_site = "".join(
        f'<outline text="عين" xmlUrl="https://eanlibya.com/f{n}"/>' for n in range(3)
    )
    imported = import_opml(f"<opml><body>{same_site}</body></opml>", existing_ids={"eanlibya"})
    assert [s.id for s in imported.sources] == ["eanlibya-2", "eanlibya-3", "eanlibya-4"]


def test_a_javascript_homepage_falls_back_to_the_feeds_site() -> None:
    opml = "<opml><body><outline text='X' xmlUrl='https://x.ly/feed' htmlUrl='javascript:go()'/></body></opml>"
    imported = import_opml(opml)
    assert imported.sources[0].homepage == "https://x.ly/"
    assert [str(problem) for problem in imported.problems] == [
        "line 1: outline 'X': htmlUrl 'javascript:go()' is not an http(s) URL; the feed's site is used"
    ]


def test_thousands_of_outlines_are_capped() -> None:
    outlines = "".join(
        f'<outline text="f{n}" xmlUrl="https://x{n}.ly/feed"/>' for n in range(6_000)
    )
    started = time.perf_counter()
    imported = import_opml(f"<opml><body>{outlines}</body></opml>")
    assert len(imported.sources) == MAX_OPML_OUTLINES
    (problem,) = imported.problems
    assert problem.at("big.opml") == (
        f"big.opml: only the first {MAX_OPML_OUTLINES:,} outlines were read; split the file"
    )
    assert time.perf_counter() - started < 5


def test_deep_folders_are_flattened_without_recursion() -> None:
    depth = 200
    opml = "<opml><body>" + "<outline text='d'>" * depth
    opml += (
        "<outline text='X' xmlUrl='https://x.ly/feed'/>" + "</outline>" * depth + "</body></opml>"
    )
    (source,) = import_opml(opml).sources
    assert source.folder is not None and source.folder.count(" / ") == depth - 1
    too_deep = "<opml><body>" + "<outline>" * 5_000 + "</outline>" * 5_000 + "</body></opml>"
    assert "not an OPML file: it is not well-formed XML" in problems_of(too_deep)[0]
