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
    from ingest.writer import index_search

    row = store.conn.execute(
        "SELECT headline, body FROM articles WHERE id = ?", (article_id,)
    ).fetchone()
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
    result = invoke("search", "--db", str(db), f'"{headline}"', "--limit", "5")
    assert url in result.stdout


def test_search_of_nothing_and_of_operators_is_safe(db: Path) -> None:
    for query in ["", "   ", '"', "AND OR NOT", "*", "(", "NEAR(", "col:x"]:
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
