"""Outlets without a usable feed: news sitemaps, listing pages, the WordPress API, backfill."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner, Result

from ingest.cli import cli
from ingest.urls import canonical_url
from tests.landscape import Landscape


@pytest.fixture(scope="module")
def land() -> Iterator[Landscape]:
    with Landscape.default() as landscape:
        yield landscape


def only(land: Landscape, path: Path, outlet_id: str, keep: str) -> Path:
    """A config with one outlet that keeps a single discovery method."""
    doc: dict[str, Any] = yaml.safe_load(land.config_yaml(rules=False))
    (entry,) = [s for s in doc["sources"] if s["id"] == outlet_id]
    for key in ("feeds", "sitemaps", "listings", "wordpress"):
        if key != keep:
            entry.pop(key, None)
    assert keep in entry
    doc["sources"] = [entry]
    path.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    return path


def invoke(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def stored(db: Path) -> dict[str, tuple[str, str, str, str]]:
    with sqlite3.connect(db) as conn:
        return {
            row[0]: row[1:]
            for row in conn.execute(
                "SELECT url, headline, body, published_at, discovered_via FROM articles"
            )
        }


def check_records(land: Landscape, outlet_id: str, records: dict[str, Any], method: str) -> None:
    expected = {canonical_url(a.url): a for a in land.outlet(outlet_id).articles}
    assert records
    for url, (headline, body, published_at, via) in records.items():
        want = expected[url]
        assert (headline, published_at, via) == (want.headline, want.published_at, method)
        assert body == want.body


def test_news_sitemap_alone_ingests_an_outlet(land: Landscape, tmp_path: Path) -> None:
    config = only(land, tmp_path / "s.yaml", "wasat", "sitemaps")
    result = invoke("fetch", "--config", str(config), "--db", str(tmp_path / "db"))
    assert result.exit_code == 0, result.output
    records = stored(tmp_path / "db")
    check_records(land, "wasat", records, "sitemap")
    assert len(records) >= 10


def test_windows_1256_listing_page_with_css(land: Landscape, tmp_path: Path) -> None:
    config = only(land, tmp_path / "s.yaml", "lana", "listings")
    result = invoke("fetch", "--config", str(config), "--db", str(tmp_path / "db"))
    assert result.exit_code == 0, result.output
    records = stored(tmp_path / "db")
    assert len(records) >= 5
    for url in records:
        assert url.startswith(land.outlet("lana").base_url)
    with sqlite3.connect(tmp_path / "db") as conn:
        bodies = [row[0] for row in conn.execute("SELECT body FROM articles")]
    assert all("( وال )" in body for body in bodies)  # Arabic, not mojibake


def test_wordpress_api_alone_uses_its_clean_content(land: Landscape, tmp_path: Path) -> None:
    config = only(land, tmp_path / "s.yaml", "marsad", "wordpress")
    land.reset_log()
    result = invoke("fetch", "--config", str(config), "--db", str(tmp_path / "db"))
    assert result.exit_code == 0, result.output
    records = stored(tmp_path / "db")
    check_records(land, "marsad", records, "wordpress")
    article_paths = {a.path for a in land.outlet("marsad").articles}
    assert [r.path for r in land.requests if r.path in article_paths] == []


def test_backfill_walks_api_pages_back_in_time_and_resumes(land: Landscape, tmp_path: Path) -> None:
    config = only(land, tmp_path / "s.yaml", "marsad", "wordpress")
    db = tmp_path / "db"
    invoke("fetch", "--config", str(config), "--db", str(db))
    routine = len(stored(db))
    result = invoke(
        "backfill",
        "--source",
        "marsad",
        "--since",
        "2000-01-01",
        "--config",
        str(config),
        "--db",
        str(db),
    )
    assert result.exit_code == 0, result.output
    everything = {canonical_url(a.url) for a in land.outlet("marsad").articles}
    assert set(stored(db)) == everything
    assert len(everything) > routine
    again = invoke(
        "backfill",
        "--source",
        "marsad",
        "--since",
        "2000-01-01",
        "--config",
        str(config),
        "--db",
        str(db),
    )
    assert "new articles: 0" in again.stdout


def test_listing_backfill_follows_older_pages(land: Landscape, tmp_path: Path) -> None:
    config = only(land, tmp_path / "s.yaml", "wasat", "listings")
    db = tmp_path / "db"
    invoke("fetch", "--config", str(config), "--db", str(db))
    first = len(stored(db))
    invoke(
        "backfill",
        "--source",
        "wasat",
        "--since",
        "2000-01-01",
        "--config",
        str(config),
        "--db",
        str(db),
    )
    assert len(stored(db)) > first


def test_sources_add_prints_a_working_entry(land: Landscape, tmp_path: Path) -> None:
    marsad = land.outlet("marsad")
    result = invoke("sources", "add", marsad.base_url + "/", "--id", "newsite")
    assert result.exit_code == 0, result.output
    entry = result.stdout
    config = tmp_path / "sources.yaml"
    config.write_text("defaults:\n  host_delay: 0s\nsources:\n" + entry, encoding="utf-8")
    check = invoke("sources", "check", "--config", str(config))
    assert check.exit_code == 0, check.output
    fetched = invoke("fetch", "--config", str(config), "--db", str(tmp_path / "db"))
    assert fetched.exit_code == 0, fetched.output
    assert len(stored(tmp_path / "db")) >= 10


def test_an_edited_article_is_read_again_and_its_old_text_kept(
    land: Landscape, tmp_path: Path
) -> None:
    config = only(land, tmp_path / "s.yaml", "marsad", "wordpress")
    db = tmp_path / "db"
    invoke("fetch", "--config", str(config), "--db", str(db))
    before = stored(db)
    target = land.outlet("marsad").articles[0]
    url = canonical_url(target.url)
    assert url in before
    edited = land.edit_article(
        target.url, paragraphs=[*target.paragraphs, "تحديث: أعلنت الوزارة تأجيل الاجتماع."]
    )
    result = invoke("fetch", "--config", str(config), "--db", str(db), "--force")
    assert "updated: 1" in result.stdout, result.stdout
    after = stored(db)
    assert after[url][1] == edited.body
    with sqlite3.connect(db) as conn:
        versions = conn.execute("SELECT body FROM article_versions").fetchall()
        stories = conn.execute("SELECT count(*) FROM stories").fetchone()[0]
    assert versions == [(target.body,)]
    assert stories == len(after)
    again = invoke("fetch", "--config", str(config), "--db", str(db), "--force")
    assert "updated: 0" in again.stdout


def test_a_feed_of_millions_of_tags_is_refused_without_parsing_it() -> None:
    import asyncio
    import time

    from ingest.crawl import MAX_FEED_TAGS, Endpoint, Found, parse_off_loop
    from ingest.models import Page

    body = (
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>x</title><item><title>t'
        + b"<a/>" * (MAX_FEED_TAGS * 3)
        + b"</title></item></channel></rss>"
    )
    page = Page(
        url="https://x.ly/feed",
        requested_url="https://x.ly/feed",
        status=200,
        headers={"content-type": "application/rss+xml"},
        content=body,
        text="",
        encoding="utf-8",
        fetched_at="2026-12-07T00:00:00Z",
    )

    async def parse_while_ticking() -> tuple[int, Found]:
        ticks = 0

        async def tick() -> None:
            nonlocal ticks
            while True:
                ticks += 1
                await asyncio.sleep(0)

        ticker = asyncio.create_task(tick())
        found = await parse_off_loop(Endpoint(page.url, "feed"), page, source="x", hosts=None)
        ticker.cancel()
        return ticks, found

    started = time.process_time()
    ticks, found = asyncio.run(parse_while_ticking())
    assert time.process_time() - started < 5  # feedparser would take about 20 s of CPU
    assert not found.usable
    assert "tags" in found.problems[0] and "not read" in found.problems[0]
    assert ticks > 0  # the event loop went on meanwhile
