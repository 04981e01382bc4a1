"""The commands that write under the run lock: reextract here, on a database fetched from the
simulated landscape (``fetched``, tests/conftest.py); fetch and backfill are run end to end
by test_pipeline.py, test_crawl.py and test_resilience.py."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

from click.testing import CliRunner, Result

from ingest.cli import cli


def invoke(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_reextract_repairs_records_after_a_rule_change(fetched: tuple[Path, Path]) -> None:
    config, db = fetched
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE articles SET headline = 'broken' WHERE source = 'marsad'")
        count = conn.execute("SELECT count(*) FROM articles WHERE source = 'marsad'").fetchone()[0]
        pages = conn.execute("SELECT count(*) FROM pages").fetchone()[0]
    assert pages > 0
    result = invoke("reextract", "--config", str(config), "--db", str(db), "--source", "marsad")
    assert result.exit_code == 0, result.output
    assert f"{count} changed" in result.stdout
    with sqlite3.connect(db) as conn:
        broken = conn.execute("SELECT count(*) FROM articles WHERE headline = 'broken'").fetchone()
    assert broken == (0,)
    again = invoke("reextract", "--config", str(config), "--db", str(db), "--source", "marsad")
    assert f"{count} unchanged" in again.stdout
    assert not re.search(r"\d+ changed", again.stdout)


def test_reextract_without_a_rule_change_keeps_every_record(fetched: tuple[Path, Path]) -> None:
    config, db = fetched
    query = "SELECT id, headline, published_at, modified_at, author FROM articles ORDER BY id"
    with sqlite3.connect(db) as conn:
        before = conn.execute(query).fetchall()
        from_feed = conn.execute(
            "SELECT count(*) FROM articles WHERE extraction_method LIKE '%:feed%'"
        ).fetchone()[0]
    assert from_feed > 0  # the aggregator's modification times come only from its feed
    result = invoke("reextract", "--config", str(config), "--db", str(db))
    assert result.exit_code == 0, result.output
    assert not re.search(r"\d+ changed", result.stdout), result.stdout
    with sqlite3.connect(db) as conn:
        assert conn.execute(query).fetchall() == before
