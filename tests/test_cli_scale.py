"""``ingest migrate-db`` and ``ingest worker``: moving to PostgreSQL and staying there."""

from __future__ import annotations

import shutil
from pathlib import Path

from click.testing import CliRunner, Result

from ingest.cli import cli
from ingest.store import Store
from ingest.store.migrate import TABLES
from tests.landscape import Landscape

RELEASE_DB = Path(__file__).parent / "fixtures" / "release-0.1.db"


def invoke(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def table(location: str, name: str, keys: tuple[str, ...]) -> list[tuple[object, ...]]:
    with Store(location, create=False) as store:
        columns = store.column_names(name)
        if name == "articles_fts" and "rowid" not in columns:
            columns = ["rowid", *columns]
        columns = [c for c in columns if not c.endswith("_doc")]  # PostgreSQL's vectors
        rows = store.rows(f"SELECT {', '.join(columns)} FROM {name} ORDER BY {', '.join(keys)}")
    return [tuple(bytes(v) if isinstance(v, memoryview) else v for v in row) for row in rows]


def test_migrate_db_copies_every_table_and_can_run_again(tmp_path: Path, pg_url: str) -> None:
    db = str(tmp_path / "ingest.db")
    with Landscape.default() as land:
        config = str(land.write_config(tmp_path / "sources.yaml", rules=False))
        assert invoke("fetch", "--config", config, "--db", db).exit_code in (0, 1)
        first = invoke("migrate-db", "--db", db, "--to", pg_url)
        assert first.exit_code == 0, first.output
        again = invoke("migrate-db", "--db", db, "--to", pg_url)
        assert again.exit_code == 0
        for name, keys in TABLES:
            assert table(db, name, keys) == table(pg_url, name, keys), name
        # More fetching into the old file; the copy run again brings the rest over.
        land.add_article("marsad")
        assert invoke("fetch", "--config", config, "--db", db, "--force").exit_code in (0, 1)
    assert invoke("migrate-db", "--db", db, "--to", pg_url).exit_code == 0
    for name, keys in TABLES:
        if name not in ("runs", "fetch_events", "endpoints"):  # the log grew differently
            assert table(db, name, keys) == table(pg_url, name, keys), name
    # The database works on: new ids follow the copied ones, search finds the same stories
    # (in its own order: ts_rank is not bm25).
    with Store(pg_url) as target, Store(db) as source:
        for query in ("ليبيا", '"المجلس الرئاسي"', "كهرب*", "طرابلس -بنغازي"):
            found = sorted(hit.id for hit in target.search(query, limit=500))
            assert found == sorted(hit.id for hit in source.search(query, limit=500)), query
            assert found
        assert target.start_run("test", 1) > source.scalar("SELECT max(id) FROM runs")
    assert "copied" in first.output and "articles" in first.output


def test_migrate_db_brings_a_release_0_1_database_over(tmp_path: Path, pg_url: str) -> None:
    db = tmp_path / "old.db"
    shutil.copy(RELEASE_DB, db)
    result = invoke("migrate-db", "--db", str(db), "--to", pg_url)
    assert result.exit_code == 0, result.output
    assert table(str(db), "articles", ("id",)) == table(pg_url, "articles", ("id",))
    assert table(str(db), "pages", ("article_id",)) == table(pg_url, "pages", ("article_id",))


def test_migrate_db_refuses_what_it_cannot_do(tmp_path: Path) -> None:
    missing = invoke("migrate-db", "--db", str(tmp_path / "none.db"), "--to", "postgresql://x/y")
    assert missing.exit_code == 2
    assert "no database at" in missing.output
    not_pg = invoke("migrate-db", "--db", str(tmp_path / "a.db"), "--to", str(tmp_path / "b.db"))
    assert not_pg.exit_code == 2
    assert "postgresql://" in not_pg.output
    unreachable = tmp_path / "u.db"
    Store(unreachable).close()
    refused = invoke(
        "migrate-db", "--db", str(unreachable), "--to", "postgresql://ingest@127.0.0.1:1/none"
    )
    assert refused.exit_code == 2
    assert "Traceback" not in refused.output
    assert "127.0.0.1:1" in refused.output


def test_a_worker_runs_until_told_to_stop(tmp_path: Path, pg_url: str) -> None:
    with Landscape.default() as land:
        config = str(land.write_config(tmp_path / "sources.yaml", rules=False))
        result = invoke("worker", "--config", config, "--db", pg_url, "--runs", "2", "--pause", "0")
    assert result.exit_code == 0, result.output
    assert result.output.count("\n") >= 2  # one summary per run
    with Store(pg_url) as store:
        counts = [n for (n,) in store.rows("SELECT new_articles FROM runs ORDER BY id")]
        stored = store.scalar("SELECT count(*) FROM articles")
    assert counts[0] == stored > 0
    assert counts[1:] == [0]  # the second run found nothing due


def test_read_commands_work_on_postgresql_and_serve_says_it_cannot(
    tmp_path: Path, pg_url: str
) -> None:
    with Landscape.default() as land:
        config = str(land.write_config(tmp_path / "sources.yaml", rules=False))
        assert invoke("fetch", "--config", config, "--db", pg_url).exit_code in (0, 1)
    status = invoke("status", "--config", config, "--db", pg_url)
    assert status.exit_code in (0, 1), status.output
    assert "wasat" in status.output
    found = invoke("search", "--db", pg_url, "كهرباء", "--format", "jsonl")
    assert found.exit_code == 0
    assert found.output.count("\n") >= 1
    exported = invoke("export", "--db", pg_url, "--format", "jsonl")
    assert exported.exit_code == 0
    with Store(pg_url) as store:
        assert exported.output.count("\n") == store.scalar("SELECT count(*) FROM articles")
    served = invoke("serve", "--db", pg_url)
    assert served.exit_code == 2
    assert "SQLite" in served.output
