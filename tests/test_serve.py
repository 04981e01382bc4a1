"""The reading room: what a person sees in a browser, from a database fetched from the
simulated landscape.

Three layers: the pure helpers (no Datasette), the pages through Datasette's in-process
client, and the pages in headless Chromium. Without Datasette or Chromium the last two
are skipped with the reason, unless $CI is set: CI installs both (.ci/run), so there a
missing one fails.
"""

from __future__ import annotations

import asyncio
import html
import importlib.util
import os
import re
import sqlite3
import sys
import time
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from ingest.cli import cli
from ingest.errors import IngestError, StoreError
from ingest.serve import DEFAULT_HOST, build_datasette, check_database, display, serve
from ingest.serve.metadata import CELL_CHARS
from ingest.text import normalize_search
from tests.landscape import Landscape
from tests.serve import browser

if TYPE_CHECKING:
    from selenium.webdriver.remote.webdriver import WebDriver

ARABIC_WORD = "كهرباء"  # in the landscape's articles only with a clitic: الكهرباء، للكهرباء
FIXTURES = Path(__file__).parent / "fixtures"


def unavailable(reason: str) -> None:
    """Skip with the reason, or fail in CI, where .ci/run installs what is missing."""
    if os.environ.get("CI"):
        pytest.fail(f"CI must run the reading-room tests, but {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("serve")
    with Landscape.default() as land:
        config = land.write_config(folder / "sources.yaml", rules=False)
        CliRunner().invoke(cli, ["fetch", "--config", str(config), "--db", str(folder / "i.db")])
    return folder / "i.db"


@pytest.fixture(scope="module")
def datasette(db: Path) -> Any:
    if importlib.util.find_spec("datasette") is None:
        unavailable("Datasette is not installed: pip install -e '.[dev]'")
    return build_datasette(db)


def get(ds: Any, path: str) -> Any:
    """One request through Datasette's in-process client (the full ASGI stack)."""

    async def fetch() -> Any:
        await ds.invoke_startup()
        return await ds.client.get(path)

    return asyncio.run(fetch())


def query(db: Path, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    with closing(sqlite3.connect(db)) as conn:
        return conn.execute(sql, params).fetchall()


def story_with_a_cut(db: Path) -> tuple[int, str, str]:
    """A story whose copy lacks a paragraph of the original: (story, copy source, paragraph)."""
    for story_id, original in query(
        db, "SELECT s.id, a.body FROM stories s JOIN articles a ON a.id = s.representative_id"
    ):
        for source, body in query(
            db,
            "SELECT a.source, a.body FROM articles a JOIN stories s ON s.id = a.story_id"
            " WHERE s.id = ? AND a.id != s.representative_id",
            (story_id,),
        ):
            kept = {normalize_search(p) for p in body.split("\n\n")}
            cut = [p for p in original.split("\n\n") if normalize_search(p) not in kept]
            if cut:
                return story_id, source, cut[0]
    raise AssertionError("the landscape's aggregator always cuts a paragraph of some story")


# 1. What the pages compute, without Datasette.


def test_direction_follows_the_first_letter() -> None:
    assert display.direction("ليبيا Libya") == "rtl"
    assert display.direction("2026: Libya ليبيا") == "ltr"
    assert display.direction("«24» الساعة") == "rtl"
    assert display.language_of("طرابلس", "en") == "ar"
    assert display.language_of("Tripoli", "en") == "en"


def test_times_are_shown_as_printed_with_tripoli_beside_other_zones() -> None:
    assert display.local_time("2026-11-29T00:30:00+02:00", "second") == "2026-11-29 00:30"
    assert display.local_time("2026-11-29", "day") == "2026-11-29"
    assert display.local_time("2026-11-29T21:18:00+00:00") == (
        "2026-11-29 21:18 UTC (23:18 Tripoli)"
    )
    assert display.local_time(None) == "undated"
    assert display.tripoli_day_bounds("2026-03-01") == (
        "2026-02-28T22:00:00Z",
        "2026-03-01T22:00:00Z",
    )
    assert display.duration(95 * 60) == "1 h 35 min"
    assert display.duration(26 * 3600) == "1 d 2 h"


def test_a_paragraph_diff_ignores_quotes_and_tatweel_but_shows_a_cut() -> None:
    original = "قال «الوزير» إن الكهرباء عادت.\n\nفقرة ثانية عن طرابلس.\n\nفقرة ثالثة."
    copy = 'قال "الوزيـــر" إن الكهرباء عادت.\n\nفقرة ثالثة.\n\nتابعونا على ليبيا الان'
    diff = display.diff_paragraphs(original, copy)
    assert diff.removed == ("فقرة ثانية عن طرابلس.",)
    assert diff.added == ("تابعونا على ليبيا الان",)
    assert diff.retouched == 1
    assert display.diff_paragraphs(original, original).same


def test_a_database_that_is_not_an_ingest_one_is_refused_with_the_fix(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no database at"):
        check_database(tmp_path / "missing.db")
    old = tmp_path / "release-0.1.db"  # a copy: even a read-only open leaves -shm beside it
    old.write_bytes((FIXTURES / "release-0.1.db").read_bytes())
    with pytest.raises(StoreError, match="run 'ingest fetch'"):
        check_database(old)
    other = tmp_path / "other.db"
    sqlite3.connect(other).execute("CREATE TABLE t (x)").connection.close()
    with pytest.raises(StoreError, match="not an ingest database"):
        check_database(other)


def test_without_datasette_the_message_says_what_to_install(
    db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "datasette.app", None)
    with pytest.raises(IngestError, match=re.escape("pip install 'ingest[serve]'")):
        serve(db)
    assert serve.__defaults__ == (DEFAULT_HOST, 8001) and DEFAULT_HOST == "127.0.0.1"


# 2. The pages and Datasette's own, through the in-process client.


def test_datasette_search_box_on_articles_understands_arabic(datasette: Any, db: Path) -> None:
    for typed, stored in (
        (ARABIC_WORD, "الكهرباء"),
        ("الكَهْرَباءُ", "الكهرباء"),  # vocalised
        ("كهرب*", "الكهرباء"),
        ("الأمراض", "الأمراض"),  # spelled with its hamza; the index holds الامراض
    ):
        like = f"%{stored}%"
        expected = query(
            db, "SELECT count(*) FROM articles WHERE body LIKE ? OR headline LIKE ?", (like, like)
        )[0][0]
        assert expected, stored
        page = get(datasette, f"/ingest/articles.json?_search={typed}&_size=max&_shape=array")
        assert page.status_code == 200, typed
        assert len(page.json()) >= expected, typed
    phrase = get(datasette, '/ingest/articles.json?_search="شركة الكهرباء"&_shape=array')
    assert phrase.json()
    for row in phrase.json():
        assert "شركة الكهرباء" in normalize_search(f"{row['headline']} {row['body']}")
    nothing = get(datasette, "/ingest/articles.json?_search=NOT كهرباء&_shape=array")
    assert nothing.status_code == 200 and nothing.json() == []


def test_table_pages_cut_bodies_and_show_useful_facets(datasette: Any) -> None:
    page = get(datasette, "/ingest/articles")
    cells = re.findall(r'<td class="col-body[^"]*">(.*?)</td>', page.text, re.S)
    assert cells and max(len(html.unescape(cell)) for cell in cells) <= CELL_CHARS + 1
    for facet in ("source", "language", "original_source_id"):
        assert f'id="facet-{facet}"' in page.text
    assert 'type="search"' in page.text  # the search box, through fts_table


def test_nothing_can_be_written_and_slow_queries_stop(datasette: Any, db: Path) -> None:
    before = query(db, "SELECT count(*) FROM articles")[0][0]
    database = datasette.get_database("ingest")

    def write(conn: sqlite3.Connection) -> str:
        try:
            conn.execute("DELETE FROM articles")
        except sqlite3.Error as exc:
            return str(exc)
        return "written"

    assert "readonly" in asyncio.run(database.execute_fn(write)).replace("-", "")
    assert query(db, "SELECT count(*) FROM articles")[0][0] == before
    slow = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT max(i) FROM n"
    page = get(datasette, f"/ingest?sql={quote(slow)}")
    assert "SQL query took too long" in page.text
    for path in ("/ingest/articles", "/ingest/today", "/-/permissions"):
        post = asyncio.run(datasette.client.post(path, data={"id": "1"}))
        assert post.status_code == 405 and "read-only" in post.text


def test_a_missing_story_is_a_plain_404(datasette: Any) -> None:
    page = get(datasette, "/story/999999")
    assert page.status_code == 404 and "no such story" in page.text


def test_hostile_arguments_get_a_page_not_an_error(datasette: Any) -> None:
    for path in (
        "/?day=2026-13-45",
        "/?day=2026-12-05T10:00",
        "/search?q=%22",
        "/search?q=NEAR(ليبيا&day=x&source=%27",
        "/search?q=" + quote("ليبيا " * 200),
        "/ingest/articles?_search=%22",
        "/ingest/articles?_search=*",
    ):
        assert get(datasette, path).status_code == 200, path


@given(st.text(max_size=60))
@settings(max_examples=60, deadline=None)
def test_any_typed_text_is_a_valid_match_for_datasettes_search_box(typed: str) -> None:
    from ingest.serve.plugin import fts_expression

    with closing(sqlite3.connect(":memory:")) as conn:
        conn.execute(
            "CREATE VIRTUAL TABLE articles_fts USING fts5(headline, body, headline_stems, body_stems)"
        )
        conn.execute("INSERT INTO articles_fts VALUES ('الكهرباء', '', 'كهرباء', '')")
        conn.execute(
            "SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?", (fts_expression(typed),)
        )


# 3. In a real browser.


@pytest.fixture(scope="module")
def site(datasette: Any) -> Iterator[str]:
    problem = browser.missing()
    if problem:
        unavailable(problem)
    with browser.served(datasette) as url:
        yield url


@pytest.fixture(scope="module")
def chromium(site: str) -> Iterator[WebDriver]:
    with browser.chromium() as driver:
        yield driver


@pytest.fixture(scope="module")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("screenshots")


def test_home_lists_the_days_stories_with_who_was_first(
    chromium: WebDriver, site: str, db: Path, shots: Path
) -> None:
    started = time.monotonic()
    today = display.tripoli_today()
    start, end = display.tripoli_day_bounds(today)
    has_today = query(
        db,
        "SELECT count(*) FROM articles WHERE published_at >= ? AND published_at < ?",
        (start, end),
    )[0][0]
    day = (
        today
        if has_today
        else query(db, "SELECT date(max(published_at), '+2 hours') FROM articles")[0][0]
    )
    start, end = display.tripoli_day_bounds(day)
    stories = {
        row[0]
        for row in query(
            db,
            "SELECT story_id FROM articles WHERE published_at >= ? AND published_at < ?",
            (start, end),
        )
    }
    browser.open_page(chromium, site + "/")
    assert chromium.find_element("css selector", "h1").text == f"Stories of {day}"
    note = chromium.find_element("css selector", ".rr-day-note").text
    assert ("Today in Tripoli" in note) == bool(has_today)
    rows = chromium.find_elements("css selector", "tr.rr-story")
    assert {int(row.get_attribute("data-story-id") or 0) for row in rows} == stories
    for row in rows:
        story_id = int(row.get_attribute("data-story-id") or 0)
        first_source, headline = query(
            db,
            "SELECT COALESCE(src.name, a.source), s.headline FROM articles a"
            " JOIN stories s ON s.id = a.story_id LEFT JOIN sources src ON src.id = a.source"
            " WHERE a.story_id = ? ORDER BY a.published_at LIMIT 1",
            (story_id,),
        )[0]
        cell = row.find_element("css selector", ".rr-headline")
        assert cell.text == headline
        assert browser.direction_of(chromium, cell) == display.direction(headline)
        assert row.find_element("css selector", ".rr-first").text == first_source
    browser.keep_screenshot(chromium, "home", shots)
    assert time.monotonic() - started < 15


def test_the_day_before_is_one_click_away(
    chromium: WebDriver, site: str, db: Path, shots: Path
) -> None:
    from selenium.webdriver.support.ui import WebDriverWait

    browser.open_page(chromium, site + "/")
    shown = chromium.find_element("css selector", "h1").text.removeprefix("Stories of ")
    start = display.tripoli_day_bounds(shown)[0]
    (before,) = query(
        db,
        "SELECT date(max(published_at), '+2 hours') FROM articles WHERE published_at < ?",
        (start,),
    )[0]
    chromium.find_element("css selector", "a[rel=prev]").click()
    WebDriverWait(chromium, browser.WAIT_SECS).until(lambda d: before in d.current_url)
    assert chromium.find_element("css selector", "h1").text == f"Stories of {before}"
    start, end = display.tripoli_day_bounds(before)
    stories = {
        row[0]
        for row in query(
            db,
            "SELECT story_id FROM articles WHERE published_at >= ? AND published_at < ?",
            (start, end),
        )
    }
    rows = chromium.find_elements("css selector", "tr.rr-story")
    assert {int(row.get_attribute("data-story-id") or 0) for row in rows} == stories
    browser.keep_screenshot(chromium, "day", shots)


def test_search_finds_an_arabic_word_without_its_article(
    chromium: WebDriver, site: str, db: Path, shots: Path
) -> None:
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import WebDriverWait

    browser.open_page(chromium, site + "/")
    box = chromium.find_element("css selector", ".rr-search input[name=q]")
    box.send_keys(ARABIC_WORD, Keys.ENTER)
    WebDriverWait(chromium, browser.WAIT_SECS).until(
        lambda d: d.find_elements("css selector", ".rr-hit")
    )
    expected = {
        row[0]
        for row in query(db, "SELECT DISTINCT story_id FROM articles WHERE body LIKE '%الكهرباء%'")
    }
    hits = chromium.find_elements("css selector", ".rr-hit")
    found = {int(hit.get_attribute("data-story-id") or 0) for hit in hits}
    assert expected <= found
    marked = [mark.text for mark in chromium.find_elements("css selector", ".rr-snippet mark")]
    assert marked and all(ARABIC_WORD in word for word in marked)
    assert any(word != ARABIC_WORD for word in marked)  # الكهرباء، للكهرباء: forms found
    snippet = hits[0].find_element("css selector", ".rr-snippet")
    assert (
        browser.direction_of(chromium, snippet) == "rtl" and snippet.get_attribute("lang") == "ar"
    )
    browser.keep_screenshot(chromium, "search", shots)
    # Narrow to one outlet with its facet: every hit is then that outlet's.
    facet = chromium.find_element("css selector", "[data-facet=source] li a")
    outlet = facet.text
    facet.click()
    WebDriverWait(chromium, browser.WAIT_SECS).until(
        lambda d: d.find_elements("css selector", "[data-facet=source] .rr-selected")
    )
    metas = [m.text for m in chromium.find_elements("css selector", ".rr-hit .rr-meta")]
    assert metas and all(meta.startswith(outlet) for meta in metas)


def test_a_story_shows_every_copy_its_delay_and_what_was_cut(
    chromium: WebDriver, site: str, db: Path, shots: Path
) -> None:
    story_id, copy_source, cut = story_with_a_cut(db)
    copies = query(
        db,
        "SELECT a.source, COALESCE(src.name, a.source), a.url FROM articles a"
        " LEFT JOIN sources src ON src.id = a.source WHERE a.story_id = ? ORDER BY a.published_at",
        (story_id,),
    )
    headline = query(db, "SELECT headline FROM stories WHERE id = ?", (story_id,))[0][0]
    browser.open_page(chromium, f"{site}/story/{story_id}")
    title = chromium.find_element("css selector", "h1")
    assert title.text == headline
    assert browser.direction_of(chromium, title) == "rtl" and title.get_attribute("lang") == "ar"
    rows = chromium.find_elements("css selector", "tr.rr-copy")
    assert [row.find_element("css selector", ".rr-outlet span").text for row in rows] == [
        name for _, name, _ in copies
    ]
    links = [
        row.find_element("css selector", "a.rr-outlet-link").get_attribute("href") for row in rows
    ]
    assert links == [url for _, _, url in copies]
    delays = [row.find_element("css selector", ".rr-delay").text for row in rows]
    assert delays[0] == "first" and all(re.fullmatch(r"\+\d.*", d) for d in delays[1:])
    removed = chromium.find_elements("css selector", ".rr-diff .rr-removed del")
    assert cut in [element.text for element in removed]
    shown = next(element for element in removed if element.text == cut)
    assert browser.direction_of(chromium, shown) == "rtl" and shown.is_displayed()
    heading = chromium.find_element("css selector", ".rr-diff h2").text
    assert heading.startswith("What ") and heading.endswith(" cut or added")
    assert copy_source in {row.get_attribute("data-source") for row in rows}
    browser.keep_screenshot(chromium, "story", shots)


def test_an_article_keeps_its_paragraphs_and_provenance(
    chromium: WebDriver, site: str, db: Path, shots: Path
) -> None:
    article_id, body, method = query(
        db,
        "SELECT id, body, extraction_method FROM articles"
        " WHERE original_source_id IS NOT NULL ORDER BY id LIMIT 1",
    )[0]
    browser.open_page(chromium, f"{site}/article/{article_id}")
    paragraphs = chromium.find_elements("css selector", ".rr-body p")
    assert [p.text for p in paragraphs] == [p.strip() for p in body.split("\n\n") if p.strip()]
    assert {browser.direction_of(chromium, p) for p in paragraphs} == {"rtl"}
    provenance = chromium.find_element("css selector", ".rr-provenance").text
    assert "configured outlet" in provenance
    for pair in method.split():
        assert pair.replace(":", ": ", 1) in provenance
    browser.keep_screenshot(chromium, "article", shots)


def test_sources_show_failures_first_with_their_cause(
    chromium: WebDriver, site: str, db: Path, shots: Path
) -> None:
    browser.open_page(chromium, site + "/sources")
    rows = chromium.find_elements("css selector", "tr.rr-source")
    health = {
        row.get_attribute("data-source"): row.find_element("css selector", ".rr-health").text
        for row in rows
    }
    assert health["broken"] == health["closed"] == "failing"
    assert health["wasat"] == "ok"
    assert list(health.values())[:2] == ["failing", "failing"]
    causes = chromium.find_element("css selector", "tr.rr-causes[data-source=broken]").text
    assert "not a feed" in causes and "(hard)" in causes
    browser.keep_screenshot(chromium, "sources", shots)


def test_datasettes_own_search_box_finds_the_word_and_cuts_bodies(
    chromium: WebDriver, site: str, db: Path, shots: Path
) -> None:
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import WebDriverWait

    with_word = query(db, "SELECT count(*) FROM articles WHERE body LIKE '%الكهرباء%'")[0][0]
    browser.open_page(chromium, site + "/ingest/articles")
    chromium.find_element("css selector", "input#_search").send_keys("الكَهْرَباءُ", Keys.ENTER)
    WebDriverWait(chromium, browser.WAIT_SECS).until(lambda d: "_search=" in d.current_url)
    count = chromium.find_element("css selector", "h3").text
    assert int(count.split()[0]) >= with_word
    bodies = chromium.find_elements("css selector", "td.col-body")
    assert bodies and max(len(cell.text) for cell in bodies) <= CELL_CHARS + 1
    chromium.execute_script("document.querySelector('h3').scrollIntoView()")
    browser.keep_screenshot(chromium, "datasette-articles", shots)
