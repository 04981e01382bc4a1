"""Search and export: what people do with the database."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from ingest.cli import cli
from ingest.store import Store
from tests.landscape import Landscape


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("query")
    with Landscape.default() as land:
        config = land.write_config(folder / "sources.yaml", rules=False)
        CliRunner().invoke(cli, ["fetch", "--config", str(config), "--db", str(folder / "i.db")])
    return folder / "i.db"


def invoke(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_plain_search_finds_vocalised_text(db: Path) -> None:
    with sqlite3.connect(db) as conn:
        article_id, body = conn.execute(
            "SELECT id, body FROM articles WHERE language = 'ar' LIMIT 1"
        ).fetchone()
        vocalised = "شُوهِدَ قُنْدُسُ ٱلصَّحْرَاءِ الزُّمُرُّدِيُّ قُرْبَ غَـــدَامِسَ عَامَ ٢٠٢٦"
        conn.execute(
            "UPDATE articles SET body = ? WHERE id = ?", (body + "\n\n" + vocalised, article_id)
        )
    store = Store(db)
    from ingest.store.search import index_search

    row = store.row("SELECT headline, body FROM articles WHERE id = ?", (article_id,))
    assert row is not None
    with store.transaction() as conn:
        conn.execute("DELETE FROM articles_fts WHERE rowid = ?", (article_id,))
        index_search(conn, article_id, row[0], row[1])
    store.close()
    result = invoke("search", "--db", str(db), "قندس الصحراء الزمردي غدامس 2026")
    assert result.exit_code == 0
    assert result.stdout.count("http") == 1
    phrase = invoke("search", "--db", str(db), '"قندس الصحراء"')
    assert phrase.stdout.count("http") == 1


def test_a_headline_finds_its_article(db: Path) -> None:
    with sqlite3.connect(db) as conn:
        url, headline = conn.execute(
            "SELECT url, headline FROM articles WHERE language = 'ar' ORDER BY id DESC"
        ).fetchone()
    result = invoke("search", "--db", str(db), f'"{headline}"', "--limit", "5", "--all-copies")
    assert url in result.stdout
    # one line per story: an aggregator's copy is shown by its original, which matched too
    story = invoke("search", "--db", str(db), f'"{headline}"', "--limit", "5")
    assert "copies:" in story.stdout or url in story.stdout


def test_search_of_nothing_and_of_operators_is_safe(db: Path) -> None:
    for query in ["", "   ", '"', "*", "NOT ليبيا", "AND OR NOT"]:
        result = invoke("search", "--db", str(db), query)
        assert result.exit_code == 2, (query, result.output)
        assert "Error:" in result.output and "Traceback" not in result.output
    for query in ["ليبيا (", "NEAR(ليبيا", "col:ليبيا", "ليبيا)"]:
        result = invoke("search", "--db", str(db), query)
        assert result.exit_code == 0, (query, result.output)


def test_export_jsonl_and_csv(db: Path) -> None:
    lines = invoke("export", "--db", str(db), "--format", "jsonl").stdout.splitlines()
    records = [json.loads(line) for line in lines]
    with sqlite3.connect(db) as conn:
        total = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
        source = conn.execute("SELECT source FROM articles LIMIT 1").fetchone()[0]
    assert len(records) == total
    assert {"headline", "body", "published_at", "original_source"} <= set(records[0])
    dates = [r["published_at"] or "" for r in records]
    assert dates == sorted(dates)
    table = list(
        csv.DictReader(
            io.StringIO(
                invoke("export", "--db", str(db), "--format", "csv", "--source", source).stdout
            )
        )
    )
    assert table
    assert {row["source"] for row in table} == {source}
    since = invoke("export", "--db", str(db), "--since", "2999-01-01").stdout
    assert since == ""


def test_views_answer_the_common_questions(db: Path) -> None:
    with sqlite3.connect(db) as conn:
        latest = conn.execute("SELECT published_at FROM latest_articles LIMIT 5").fetchall()
        stories = conn.execute(
            "SELECT outlet_count, sources FROM unique_stories WHERE outlet_count > 1"
        ).fetchall()
        health = conn.execute("SELECT source, endpoints FROM source_health").fetchall()
    assert latest == sorted(latest, reverse=True)
    assert stories
    assert all(len(sources.split(",")) == count for count, sources in stories)
    assert health


def test_a_bare_word_finds_its_clitic_forms_one_line_per_story(db: Path) -> None:
    with sqlite3.connect(db) as conn:
        with_article = {
            row[0]
            for row in conn.execute("SELECT story_id FROM articles WHERE body LIKE '%الكهرباء%'")
        }
    lines = invoke("search", "--db", str(db), "كهرباء", "--limit", "500", "--format", "jsonl")
    hits = [json.loads(line) for line in lines.stdout.splitlines()]
    assert {hit["story_id"] for hit in hits} >= with_article
    assert len({hit["story_id"] for hit in hits}) == len(hits)  # one line per story
    assert {"id", "url", "source", "headline", "published_at", "story_id", "snippet"} <= set(
        hits[0]
    )
    assert any("[الكهرباء]" in hit["snippet"] or "[بالكهرباء]" in hit["snippet"] for hit in hits)
    every = invoke("search", "--db", str(db), "كهرباء", "--all-copies", "--limit", "500")
    assert every.stdout.count("http") > len(hits)  # copies of one story, each on its line
    assert invoke("search", "--db", str(db), "كهرب*", "--limit", "500").stdout.count("http") >= len(
        with_article
    )


def test_search_options_narrow_the_results(db: Path) -> None:
    with sqlite3.connect(db) as conn:
        (source,) = conn.execute(
            "SELECT source FROM articles WHERE body LIKE '%الكهرباء%' LIMIT 1"
        ).fetchone()
    out = invoke("search", "--db", str(db), "كهرباء", "--source", source, "--format", "jsonl")
    assert out.stdout and {json.loads(line)["source"] for line in out.stdout.splitlines()} == {
        source
    }
    assert invoke("search", "--db", str(db), "كهرباء", "--since", "2999-01-01").stdout == ""
    assert invoke("search", "--db", str(db), "كهرباء", "--limit", "1").stdout.count("http") == 1
    excluded = invoke("search", "--db", str(db), "كهرباء", "-كهرباء")
    assert excluded.stdout == ""


def test_sqlite3_alone_answers_copies_and_tripoli_days(db: Path) -> None:
    with sqlite3.connect(db) as conn:
        copies = conn.execute(
            "SELECT copy_source, original_source_id, original_id, delay_secs FROM copies"
        ).fetchall()
        days = conn.execute(
            "SELECT day, sum(articles) FROM tripoli_days GROUP BY day ORDER BY day DESC"
        ).fetchall()
        # "today's articles in Tripoli time"
        today = conn.execute(
            "SELECT count(*) FROM articles WHERE date(published_at, '+2 hours') = ?",
            (days[0][0],),
        ).fetchone()[0]
        # the page's own local day is Tripoli's, except where a page wrote UTC near midnight
        same_day = conn.execute(
            "SELECT avg(substr(published_local, 1, 10) = date(published_at, '+2 hours'))"
            " FROM articles WHERE published_precision != 'day'"
        ).fetchone()[0]
        joined = conn.execute(
            "SELECT count(*) FROM copies c JOIN sources s ON s.id = c.original_source_id"
        ).fetchone()[0]
    assert copies and all(row[0] == "akhbar" for row in copies)
    assert joined == len(copies)  # every landscape copy names a configured outlet
    found = [row for row in copies if row[2] is not None]
    assert len(found) >= len(copies) * 0.8
    assert all(isinstance(row[3], int) for row in found)
    assert days and sum(n for _, n in days) > 0
    assert today == days[0][1]
    assert same_day >= 0.8
