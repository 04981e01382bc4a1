"""``verify_sources``: each endpoint answered once, advice for what changed, verified marks."""

from __future__ import annotations

import asyncio
from collections import Counter
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml

from ingest.config import load_config
from ingest.configedit import mark_verified
from ingest.crawl import source_hosts
from ingest.errors import ConfigError
from ingest.fetch import Fetcher
from ingest.models import Config, Source
from ingest.verify import (
    BLOCKED,
    BLOCKED_ADVICE,
    EMPTY_LISTING_ADVICE,
    FAILED,
    OK,
    VerifyReport,
    render_report,
    verify_sources,
)
from tests.landscape import Landscape, OutletSpec

NOW = datetime(2026, 12, 7, 9, 0, tzinfo=timezone.utc)


def verify(
    config: Config, *ids: str, write: bool = False, now: datetime | None = None
) -> VerifyReport:
    """Run ``verify_sources`` with a Fetcher that trusts the configured (local) hosts."""

    async def go() -> VerifyReport:
        hosts = {host for source in config.sources for host in source_hosts(source)}
        async with Fetcher(config.settings, trusted_hosts=hosts) as fetcher:
            return await verify_sources(
                config, ids, fetcher=fetcher, now=now or datetime.now(timezone.utc), write=write
            )

    return asyncio.run(go())


def landscape_config(land: Landscape, tmp_path: Path, **edits: dict[str, Any]) -> Config:
    """The landscape's own config, with some entries' keys replaced."""
    path = land.write_config(tmp_path / "sources.yaml")
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    for entry in doc["sources"]:
        entry.update(edits.get(entry["id"], {}))
    path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return load_config(path)


@pytest.fixture
def land() -> Any:
    specs = [
        OutletSpec("marsad", "wordpress", articles=12),
        OutletSpec("wasat", "custom", articles=12),
        OutletSpec("saa24", "saa24", articles=3),
    ]
    with Landscape(specs) as landscape:
        yield landscape


def test_every_endpoint_answers_once_with_what_it_holds(land: Landscape, tmp_path: Path) -> None:
    config = landscape_config(land, tmp_path)
    report = verify(config)
    checks = {c.source.id: c for c in report.sources}
    marsad = {e.kind: e for e in checks["marsad"].endpoints}
    assert marsad["feed"].status == OK and marsad["feed"].found.startswith("10 items, newest ")
    assert marsad["sitemap"].found == "an index of 2 sitemaps"
    assert marsad["wordpress"].found.startswith("12 posts")
    wasat = {e.kind: e for e in checks["wasat"].endpoints}
    assert wasat["listing"].found.startswith("10 links")
    for check in report.sources:
        assert check.worked, render_report(report)
        assert check.article is not None and not check.article.missing
    assert checks["marsad"].article is not None
    assert checks["marsad"].article.methods["headline"] == "rule"
    # politely: one request per endpoint, robots.txt once per host, one article per source
    counts = Counter((r.outlet_id, r.path) for r in land.requests)
    assert max(counts.values()) == 1, counts
    assert not report.written and "marked verified" not in render_report(report)


def test_a_moved_feed_is_found_on_the_homepage(land: Landscape, tmp_path: Path) -> None:
    config = landscape_config(land, tmp_path)
    land.move("marsad", "/feed/", "/rss/")
    (check,) = verify(config, "marsad").sources
    feed = next(e for e in check.endpoints if e.kind == "feed")
    marsad = land.outlet("marsad").base_url
    assert (feed.status, feed.found) == (FAILED, "HTTP 404")
    assert feed.advice == (
        f"the feed moved: <link rel=alternate> on the homepage now points to {marsad}/rss/"
    )
    assert not check.worked


def test_a_gone_endpoint_and_a_stale_listing_selector_are_named(
    land: Landscape, tmp_path: Path
) -> None:
    base = land.outlet("wasat").base_url
    config = landscape_config(land, tmp_path, wasat={"feeds": [base + "/feed/"]})
    land.restyle("wasat")
    (check,) = verify(config, "wasat").sources
    by_kind = {e.kind: e for e in check.endpoints}
    assert by_kind["feed"].advice == "HTTP 404: the endpoint is gone"
    assert (by_kind["listing"].status, by_kind["listing"].advice) == (FAILED, EMPTY_LISTING_ADVICE)
    assert by_kind["sitemap"].status == OK
    assert check.article is not None and check.article.ok  # found through the sitemap
    text = render_report(VerifyReport("2026-12-07", config.path, [check]))
    assert "  failed  listing    /section/libya  0 links" in text
    assert f"-> {EMPTY_LISTING_ADVICE}" in text and "= needs work" in text


def test_a_host_answering_403_to_everything_is_its_own_kind(
    land: Landscape, tmp_path: Path
) -> None:
    config = landscape_config(land, tmp_path)
    land.block("saa24")
    land.reset_log()
    report = verify(config, "saa24", write=True)
    (check,) = report.sources
    assert [e.status for e in check.endpoints] == [BLOCKED]
    assert check.blocked and check.advice == [BLOCKED_ADVICE] and check.article is None
    assert not report.written
    assert {r.path for r in land.requests} == {"/robots.txt", "/feed"}  # no article tried
    assert "1 sources checked: 0 work, 1 blocked (403), 0 need work" in render_report(report)


def test_rules_that_no_longer_match_the_article_are_reported(
    land: Landscape, tmp_path: Path
) -> None:
    rules = {
        "headline": "h1.entry-title",
        "body": "div.old-body",
        "date": "time.entry-date@datetime",
    }
    config = landscape_config(land, tmp_path, marsad={"rules": rules})
    (check,) = verify(config, "marsad").sources
    assert check.article is not None
    assert check.article.methods["body"].startswith("generic-fallback:")
    assert "rule body matched nothing: the markup changed? update rules" in check.article.advice


def test_an_outlet_that_stopped_updating_is_told_to_be_polled_less(tmp_path: Path) -> None:
    old = datetime(2022, 6, 20, 10, tzinfo=timezone.utc)
    with Landscape([OutletSpec("tv", "wordpress", articles=3)], reference=old) as land:
        config = landscape_config(land, tmp_path, tv={"interval": "15m"})
        (check,) = verify(config, now=NOW).sources
    assert check.worked
    assert check.advice == [
        "the newest item is from 2022-06-20: the outlet may have stopped updating; "
        "poll it less often (interval: 1d) or retire it"
    ]


CATALOGUE = """\
# the catalogue; this comment stays
defaults:
  interval: 30m
sources:
  - id: marsad   # a WordPress outlet
    name: المرصد
    homepage: {marsad}/
    feeds: [{marsad}/feed/]
    confidence: claimed  # PM 2026
    notes: >-
      WordPress; the feed is claimed by two configs.
      Second line of the note.

  - id: wasat
    name: بوابة الوسط
    homepage: {wasat}/
    listings:
      - url: {wasat}/section/libya
        links: "div.section-item div.title > a"
    notes: "Custom CMS: listing observed 2026."
    # a comment inside the entry

  - id: saa24
    name: صحيفة الساعة 24
    homepage: {saa24}/
    feeds: [{saa24}/feed]
    confidence: observed
"""


def test_write_marks_what_worked_and_keeps_every_comment(land: Landscape, tmp_path: Path) -> None:
    path = tmp_path / "sources.yaml"
    bases = {o.id: o.base_url for o in land.outlets}
    path.write_text(CATALOGUE.format(**bases), encoding="utf-8")
    land.block("saa24")
    report = verify(load_config(path), write=True, now=NOW)
    assert sorted(report.written) == ["marsad", "wasat"]
    text = path.read_text(encoding="utf-8")
    for line in CATALOGUE.format(**bases).splitlines():
        if "confidence" not in line and "notes: " not in line:
            assert line in text.splitlines(), line
    config = load_config(path)
    marsad, wasat, saa24 = config.sources
    assert (marsad.confidence, wasat.confidence, saa24.confidence) == (
        "verified",
        "verified",
        "observed",
    )
    assert marsad.notes == (
        "Verified 2026-12-07 (ingest sources verify): feed and one article read. "
        "WordPress; the feed is claimed by two configs. Second line of the note."
    )
    assert wasat.notes == (
        "Verified 2026-12-07 (ingest sources verify): listing and one article read. "
        "Custom CMS: listing observed 2026."
    )
    assert "    confidence: verified  # PM 2026\n" in text
    # a later check replaces the date; it never piles up notes
    later = NOW + timedelta(days=30)
    verify(load_config(path), "marsad", write=True, now=later)
    notes = load_config(path).sources[0].notes or ""
    assert notes.startswith("Verified 2027-01-06 (") and notes.count("Verified") == 1


def test_write_adds_confidence_and_notes_where_missing(land: Landscape, tmp_path: Path) -> None:
    path = tmp_path / "sources.yaml"
    marsad = land.outlet("marsad").base_url
    path.write_text(
        f"sources:\n  - id: marsad\n    name: المرصد\n    homepage: {marsad}/\n"
        f"    feeds: [{marsad}/feed/]\n    rules:\n      body: div.entry-content\n",
        encoding="utf-8",
    )
    mark_verified(path, {"marsad": "feed and one article read"}, "2026-12-07")
    (source,) = load_config(path).sources
    assert source.confidence == "verified" and source.rules.body == ("div.entry-content",)
    assert source.notes == "Verified 2026-12-07 (ingest sources verify): feed and one article read."


def test_write_refuses_a_result_that_does_not_load(tmp_path: Path) -> None:
    path = tmp_path / "sources.yaml"
    original = (
        "sources:\n  - id: a\n    name: A\n    homepage: https://a.ly/\n"
        "    feeds: [https://a.ly/feed/]\n    confidence: claimed\n  - id: a\n    name: B\n"
        "    homepage: https://b.ly/\n    feeds: [https://b.ly/feed/]\n"
    )
    path.write_text(original, encoding="utf-8")
    with pytest.raises(ConfigError, match="duplicate source id"):
        mark_verified(path, {"a": "feed and one article read"}, "2026-12-07")
    assert path.read_text(encoding="utf-8") == original
    assert [p.name for p in tmp_path.iterdir()] == ["sources.yaml"]


def test_a_moved_api_and_a_redirected_feed_say_where_they_went() -> None:
    """A MockTransport site: /wp-json/ gone (the homepage's Link header names the new
    root) and the feed redirecting to the outlet's new domain."""
    page = "<html><head><title>x</title></head><body><h1>x</h1></body></html>"
    feed = (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>t</title><item><title>a</title>'
        "<link>https://new.ly/2026/12/06/a/</link>"
        "<pubDate>Sun, 06 Dec 2026 10:00:00 +0000</pubDate></item></channel></rss>"
    )

    def handler(request: httpx.Request) -> httpx.Response:
        url = str(request.url)
        if url == "https://old.ly/feed/":
            return httpx.Response(301, headers={"Location": "https://new.ly/feed/"})
        if url == "https://new.ly/feed/":
            return httpx.Response(200, text=feed, headers={"Content-Type": "application/rss+xml"})
        if url == "https://old.ly/":
            link = '<https://old.ly/api/>; rel="https://api.w.org/"'
            return httpx.Response(200, text=page, headers={"Link": link})
        return httpx.Response(404, text="not found")

    source = Source(
        id="old",
        name="Old",
        homepage="https://old.ly/",
        feeds=("https://old.ly/feed/",),
        wordpress="https://old.ly/wp-json/",
    )
    config = Config(path="unused.yaml", sources=(source,))

    async def go() -> VerifyReport:
        fetcher = Fetcher(transport=httpx.MockTransport(handler), obey_robots=False)
        async with fetcher:
            return await verify_sources(config, (), fetcher=fetcher, now=NOW, write=False)

    (check,) = asyncio.run(go()).sources
    feed_check, api_check = check.endpoints
    assert feed_check.status == OK
    assert feed_check.advice == "redirects to https://new.ly/feed/: write that URL"
    assert (api_check.status, api_check.found) == (FAILED, "HTTP 404")
    assert api_check.advice == "the API moved: the homepage names https://old.ly/api/"


def test_a_site_that_does_not_answer_is_named_by_the_cause() -> None:
    def down(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("All connection attempts failed")

    source = Source(
        id="gone", name="Gone", homepage="https://gone.ly/", feeds=("https://gone.ly/feed/",)
    )

    async def go() -> VerifyReport:
        async with Fetcher(transport=httpx.MockTransport(down), sleep=_no_wait) as fetcher:
            config = Config(path="unused.yaml", sources=(source,))
            return await verify_sources(config, (), fetcher=fetcher, now=NOW, write=False)

    (check,) = asyncio.run(go()).sources
    assert [(e.status, e.found) for e in check.endpoints] == [
        (FAILED, "no answer (ConnectError: All connection attempts failed)")
    ]
    assert not check.worked and not check.blocked and check.article is None


async def _no_wait(secs: float) -> None:
    """An instant sleep: the robots.txt retries need not wait."""
