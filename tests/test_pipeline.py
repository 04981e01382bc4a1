"""``ingest fetch`` end to end against the simulated Libyan media landscape (the first run
and what follows it on SQLite and on PostgreSQL)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from ingest.cli import cli
from ingest.store import Store
from ingest.urls import canonical_url
from tests.landscape import ExpectedArticle, Landscape
from tests.pgcluster import BACKENDS


@pytest.fixture(scope="module")
def landscape() -> Iterator[Landscape]:
    with Landscape.default() as land:
        yield land


def fetch(config: Path, db: Path | str, *args: str) -> Result:
    return CliRunner().invoke(
        cli, ["fetch", "--config", str(config), "--db", str(db), *args], catch_exceptions=False
    )


def expected_by_url(land: Landscape) -> dict[str, ExpectedArticle]:
    return {canonical_url(a.url): a for o in land.outlets for a in o.articles}


def rows(db: Path | str, sql: str, *params: object) -> list[tuple[Any, ...]]:
    with Store(db, create=False) as store:
        return store.rows(sql, params)


@pytest.fixture(scope="module", params=BACKENDS)
def first_run(
    request: pytest.FixtureRequest,
    landscape: Landscape,
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[Path, Path | str, Result]:
    folder = tmp_path_factory.mktemp("run")
    config = landscape.write_config(folder / "sources.yaml", rules=False)
    db: Path | str = folder / "data" / "ingest.db"
    if request.param == "postgresql":
        db = request.getfixturevalue("pg_cluster").new_database()
    landscape.reset_log()
    return config, db, fetch(config, db)


def test_first_run_stores_articles_and_reports(
    first_run: tuple[Path, Path | str, Result],
) -> None:
    _, db, result = first_run
    assert isinstance(db, str) or db.exists()
    # the landscape has a broken feed (HTML) and an unreachable outlet: exit 1, not 2
    assert result.exit_code == 1, result.output
    summary = result.stdout.strip().splitlines()[-1]
    assert summary.startswith("sources: 6 ok, 2 failed")
    assert "new articles:" in summary
    assert "returns an HTML page, not a feed" in result.stderr
    (run,) = rows(db, "SELECT status, new_articles, sources_failed FROM runs")
    assert run[0] == "partial"
    assert run[2] == 2


def test_every_stored_record_is_right(
    landscape: Landscape, first_run: tuple[Path, Path | str, Result]
) -> None:
    _, db, _ = first_run
    expected = expected_by_url(landscape)
    stored = rows(
        db,
        "SELECT url, source, headline, body, published_at, author, original_source FROM articles",
    )
    assert len(stored) >= 80
    wrong = []
    for url, source, headline, body, published_at, author, original_source in stored:
        want = expected.get(str(url))
        if want is None:
            wrong.append(f"unexpected article {url}")
            continue
        got = (source, headline, body, published_at, author, original_source)
        need = (
            want.outlet_id,
            want.headline,
            want.body,
            want.published_at,
            want.author,
            want.original_source,
        )
        for name, g, n in zip(
            ("source", "headline", "body", "published_at", "author", "original_source"),
            got,
            need,
            strict=True,
        ):
            if g != n:
                wrong.append(f"{url} {name}: got {str(g)[:80]!r}, want {str(n)[:80]!r}")
    assert wrong == []


def test_aggregator_copies_share_their_originals_story(
    landscape: Landscape, first_run: tuple[Path, Path | str, Result]
) -> None:
    _, db, _ = first_run
    story: dict[str, int] = dict(rows(db, "SELECT url, story_id FROM articles"))
    pairs = [
        (canonical_url(a.url), canonical_url(a.copy_of))
        for o in landscape.outlets
        for a in o.articles
        if a.copy_of
    ]
    both = [(c, o) for c, o in pairs if c in story and o in story]
    assert len(both) >= 10
    assert [(c, o) for c, o in both if story[c] != story[o]] == []
    # and no two different originals share a story
    originals = [story[url] for url, sid in story.items() if url not in {c for c, _ in pairs}]
    assert len(originals) == len(set(originals))


def test_second_run_fetches_no_article_again(
    landscape: Landscape, first_run: tuple[Path, Path | str, Result]
) -> None:
    config, db, _ = first_run
    before = rows(db, "SELECT count(*) FROM articles")[0][0]
    landscape.reset_log()
    result = fetch(config, db, "--force")
    article_paths = {a.path for o in landscape.outlets for a in o.articles}
    refetched = [r.path for r in landscape.requests if r.path in article_paths]
    assert refetched == []
    assert rows(db, "SELECT count(*) FROM articles")[0][0] == before
    assert "new articles: 0" in result.stdout


def test_not_due_sources_are_not_fetched(
    landscape: Landscape, first_run: tuple[Path, Path | str, Result]
) -> None:
    config, db, _ = first_run
    landscape.reset_log()
    result = fetch(config, db)
    assert "not due" in result.stdout
    assert [r for r in landscape.requests if r.outlet_id != "closed"] == []


def test_nothing_is_dropped_silently(first_run: tuple[Path, Path | str, Result]) -> None:
    _, db, _ = first_run
    reasons: dict[str, str] = dict(rows(db, "SELECT url, reason FROM candidates"))
    assert any("robots.txt" in str(r) for r in reasons.values())
    assert any("404" in str(r) for r in reasons.values())
    assert any("no article" in str(r) for r in reasons.values())


def test_bad_config_exits_2_and_touches_nothing(tmp_path: Path) -> None:
    config = tmp_path / "sources.yaml"
    config.write_text("sources:\n  - id: x\n    name: [\n")
    db = tmp_path / "ingest.db"
    result = fetch(config, db)
    assert result.exit_code == 2
    assert "sources.yaml:" in result.stderr
    assert not db.exists()


def test_unknown_source_exits_2(first_run: tuple[Path, Path | str, Result]) -> None:
    config, db, _ = first_run
    result = fetch(config, db, "--source", "nope")
    assert result.exit_code == 2
    assert "unknown source id: nope" in result.stderr


def test_feed_links_are_kept_to_the_sources_own_hosts(tmp_path: Path) -> None:
    from ingest.identity import accept_candidates
    from ingest.models import Candidate, Source
    from ingest.store import Store

    wasat = Source(
        id="wasat",
        name="Wasat",
        homepage="https://alwasat.ly/",
        feeds=("https://alwasat.ly/rss",),
        domains=("cdn.alwasat.ly",),
    )
    links = [
        "https://alwasat.ly/news/libya/1?utm_source=rss",
        "https://www.alwasat.ly/news/libya/2",
        "https://cdn.alwasat.ly/news/libya/3",
        "https://elsewhere.com/news/4",
        "javascript:alert(1)",
        "https://alwasat.ly/news/libya/1",
    ]
    cands = [Candidate("wasat", url, "feed", "https://alwasat.ly/rss") for url in links]
    store = Store(tmp_path / "i.db")
    judged = accept_candidates(store, wasat, cands)
    accepted = judged.fresh
    assert [c.url for c in accepted] == [
        "https://alwasat.ly/news/libya/1",
        "https://www.alwasat.ly/news/libya/2",
        "https://cdn.alwasat.ly/news/libya/3",
    ]
    assert accepted[0].fetch_url == "https://alwasat.ly/news/libya/1?utm_source=rss"
    assert judged.skipped["off-site link"] == 1
    assert judged.skipped["not http(s)"] == 1
    offsite = accept_candidates(store, replace(wasat, allow_offsite=True), cands).fresh
    assert "https://elsewhere.com/news/4" in [c.url for c in offsite]
    store.close()


def test_a_full_disk_mid_run_is_exit_2_with_one_line_and_a_failed_run(
    landscape: Landscape, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ingest.store import Store
    from ingest.store.base import PRAGMAS

    config = landscape.write_config(tmp_path / "sources.yaml")
    db = tmp_path / "ingest.db"
    Store(db).close()
    with sqlite3.connect(db) as conn:
        (pages,) = conn.execute("PRAGMA page_count").fetchone()
    monkeypatch.setattr("ingest.store.base.PRAGMAS", [*PRAGMAS, f"max_page_count = {pages + 60}"])
    result = fetch(config, db, "--force")
    assert result.exit_code == 2
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1 and "full" in errors[0] and "free some disk space" in errors[0]
    assert "Traceback" not in result.output
    stored = rows(db, "SELECT count(*) FROM articles")[0][0]
    assert 0 < stored < sum(len(o.articles) for o in landscape.outlets)
    assert rows(db, "SELECT status FROM runs") == [("failed",)]
    assert rows(db, "SELECT count(*) FROM fetch_events")[0][0] > 0  # the log kept so far
    monkeypatch.setattr("ingest.store.base.PRAGMAS", PRAGMAS)
    assert fetch(config, db, "--force").exit_code == 1  # 'broken' and 'closed' fail as ever
    assert rows(db, "SELECT count(*) FROM articles")[0][0] > stored


def test_no_request_reaches_an_address_the_configuration_does_not_name(tmp_path: Path) -> None:
    import asyncio

    import httpx

    from ingest.models import Config, Source
    from ingest.runs import fetch_sources
    from ingest.store import Store

    internal: list[str] = []
    feed = (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>x</title>'
        "<item><title>admin</title><link>http://127.0.0.2:8080/admin/users</link></item>"
        "<item><title>metadata</title><link>http://169.254.169.254/latest/meta-data/</link></item>"
        "</channel></rss>"
    )

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.host != "127.0.0.1":
            internal.append(str(request.url))
            return httpx.Response(200, text="<html><h1>secret</h1><p>" + "x " * 400 + "</p>")
        if request.url.path == "/feed":
            return httpx.Response(200, text=feed, headers={"content-type": "application/rss+xml"})
        return httpx.Response(404)

    source = Source(
        id="agg",
        name="agg",
        homepage="http://127.0.0.1:9/",
        feeds=("http://127.0.0.1:9/feed",),
        allow_offsite=True,
        host_delay_secs=0,
    )
    store = Store(tmp_path / "i.db")
    report = asyncio.run(
        fetch_sources(
            Config(path="x", sources=(source,)), store, transport=httpx.MockTransport(handler)
        )
    )
    assert internal == []
    reasons = [row[0] for row in store.rows("SELECT reason FROM candidates")]
    assert len(reasons) == 2 and all("refused" in reason for reason in reasons)
    assert store.scalar("SELECT count(*) FROM articles") == 0
    assert report.new_articles == 0
    store.close()
