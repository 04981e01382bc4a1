"""The commands people type: status, sources list/test/check, extract, reextract."""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner, Result

from ingest.cli import cli
from tests.landscape import Landscape


@pytest.fixture(scope="module")
def land() -> Iterator[Landscape]:
    with Landscape.default() as landscape:
        yield landscape


@pytest.fixture(scope="module")
def fetched(land: Landscape, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("cli")
    config = land.write_config(folder / "sources.yaml", rules=True)
    db = folder / "ingest.db"
    invoke("fetch", "--config", str(config), "--db", str(db))
    return config, db


def invoke(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_status_shows_health_at_a_glance(fetched: tuple[Path, Path]) -> None:
    config, db = fetched
    result = invoke("status", "--config", str(config), "--db", str(db))
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].split()[:3] == ["SOURCE", "HEALTH", "ENDPOINTS"]
    by_id = {line.split()[0]: line for line in lines[1:] if line.strip()}
    assert " ok " in by_id["marsad"]
    assert "failing" in by_id["broken"]
    assert "not a feed" in by_id["broken"]
    assert "last run #1" in result.stdout


def test_sources_list_shows_methods_and_interval(fetched: tuple[Path, Path]) -> None:
    config, db = fetched
    result = invoke("sources", "list", "--config", str(config), "--db", str(db))
    marsad = next(line for line in result.stdout.splitlines() if line.startswith("marsad"))
    assert "feed" in marsad
    assert "wordpress" in marsad
    assert "sitemap" in marsad


def test_sources_test_passes_and_reports_differences(
    fetched: tuple[Path, Path], tmp_path: Path
) -> None:
    config, _ = fetched
    result = invoke("sources", "test", "--config", str(config))
    assert "0 failed" in result.stdout, result.stdout
    assert result.exit_code == 0
    doc = yaml.safe_load(config.read_text(encoding="utf-8"))
    marsad = next(s for s in doc["sources"] if s["id"] == "marsad")
    marsad["tests"][0]["expect"]["headline"] = "عنوان آخر"
    fixture = config.parent / marsad["tests"][0]["fixture"]
    (tmp_path / fixture.name).write_bytes(fixture.read_bytes())
    marsad["tests"][0]["fixture"] = fixture.name  # fixtures live beside their config
    broken = tmp_path / "sources.yaml"
    broken.write_text(yaml.safe_dump({"sources": [marsad]}, allow_unicode=True), encoding="utf-8")
    failed = invoke("sources", "test", "marsad", "--config", str(broken))
    assert failed.exit_code == 1
    assert "FAIL marsad" in failed.stdout
    assert "headline: expected 'عنوان آخر', got" in failed.stdout


def test_sources_check_on_a_bad_config(tmp_path: Path) -> None:
    config = tmp_path / "sources.yaml"
    config.write_text("sources:\n  - id: a\n    name: A\n    homepage: nope\n    feeds: [x]\n")
    result = invoke("sources", "check", "--config", str(config))
    assert result.exit_code == 2
    assert "sources.yaml:4:" in result.stderr
    assert "sources.yaml:5:" in result.stderr


def test_extract_prints_the_record_as_json(land: Landscape, fetched: tuple[Path, Path]) -> None:
    config, _ = fetched
    fixture = next((config.parent / "fixtures").glob("marsad.*.html"))
    article = land.outlet("marsad").articles[0]
    result = invoke("extract", str(fixture), "--url", article.url)
    record = json.loads(result.stdout)
    assert record["headline"] == article.headline
    assert record["published_at"] == article.published_at
    assert "headline" in record["methods"]
    with_rules = invoke(
        "extract", str(fixture), "--url", article.url, "--source", "marsad", "--config", str(config)
    )
    assert json.loads(with_rules.stdout)["methods"]["headline"] == "rule"


def test_extract_a_missing_file_is_a_clear_error() -> None:
    result = invoke("extract", "/no/such/page.html")
    assert result.exit_code == 2
    assert "cannot read /no/such/page.html" in result.stderr


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


def test_the_shipped_catalogue_validates_and_its_fixtures_pass() -> None:
    catalogue = Path(__file__).parent.parent / "config" / "sources.yaml"
    check = invoke("sources", "check", "--config", str(catalogue))
    assert check.exit_code == 0, check.output
    assert int(check.stdout.split(":")[1].split()[0]) >= 25
    tested = invoke("sources", "test", "--config", str(catalogue))
    assert tested.exit_code == 0, tested.stdout
    assert " 0 failed" in tested.stdout


def test_a_bug_is_one_line_not_a_traceback(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import subprocess
    import sys

    db = tmp_path / "i.db"
    code = (
        "import ingest.health as h\n"
        "def boom(*a, **k): raise RuntimeError('a bug in status')\n"
        "h.source_health = boom\n"
        "import sys; sys.argv = ['ingest', 'status', '--db', sys.argv[1]]\n"
        "from ingest.cli import main; main()\n"
    )
    from ingest.store import Store

    Store(db).close()
    done = subprocess.run(
        [sys.executable, "-c", code, str(db)], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert "internal error: RuntimeError: a bug in status" in done.stderr


def test_every_command_takes_h_and_shows_an_example() -> None:
    commands = [[], ["fetch"], ["status"], ["search"], ["export"], ["backfill"], ["reextract"]]
    commands += [["extract"], ["sources"], ["sources", "check"], ["sources", "list"]]
    commands += [["sources", "test"], ["sources", "add"]]
    for command in commands:
        result = invoke(*command, "-h")
        assert result.exit_code == 0, command
        assert "Example:" in result.output, command
        assert "``" not in result.output, command


def test_read_commands_never_create_a_database(tmp_path: Path) -> None:
    missing = tmp_path / "typo" / "ingest.db"
    for command in (["status"], ["export"], ["search", "ليبيا"], ["reextract"]):
        result = CliRunner().invoke(cli, [*command, "--db", str(missing)])
        assert result.exit_code == 2, command
        assert f"no database at {missing}" in result.output
    assert not (tmp_path / "typo").exists()


def test_options_are_validated_with_the_accepted_forms(fetched: tuple[Path, Path]) -> None:
    _, db = fetched
    bad = CliRunner().invoke(cli, ["export", "--db", str(db), "--source", "nosuch"])
    assert bad.exit_code == 2 and "unknown source id: nosuch" in bad.output
    bad = CliRunner().invoke(cli, ["export", "--db", str(db), "--since", "yesterday"])
    assert bad.exit_code == 2 and "7d" in bad.output and "2026-11-01" in bad.output
    recent = invoke("export", "--db", str(db), "--since", "30d").stdout.splitlines()
    assert len(recent) == len(invoke("export", "--db", str(db)).stdout.splitlines()) > 0
    assert invoke("export", "--db", str(db), "--since", "1m").stdout == ""  # nothing this new
    huge = CliRunner().invoke(cli, ["search", "--db", str(db), "x", "--limit", "9" * 20])
    assert huge.exit_code == 2 and "Traceback" not in huge.output


def test_environment_names_the_database_and_config(
    fetched: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    config, db = fetched
    monkeypatch.setenv("INGEST_DB", str(db))
    monkeypatch.setenv("INGEST_CONFIG", str(config))
    assert "marsad" in invoke("status").output
    assert invoke("export", "--format", "json").stdout.startswith("[")


def test_csv_opens_in_excel_and_json_is_one_document(fetched: tuple[Path, Path]) -> None:
    _, db = fetched
    raw = CliRunner().invoke(cli, ["export", "--db", str(db), "--format", "csv"]).stdout_bytes
    assert raw.startswith(b"\xef\xbb\xbfid,source,url,headline")
    plain = CliRunner().invoke(cli, ["export", "--db", str(db), "--format", "csv", "--no-bom"])
    assert plain.stdout_bytes.startswith(b"id,source")
    records = json.loads(invoke("export", "--db", str(db), "--format", "json").stdout)
    assert records and {"published_local", "original_source_id"} <= set(records[0])


def test_a_search_can_start_with_an_exclusion(fetched: tuple[Path, Path]) -> None:
    _, db = fetched
    result = CliRunner().invoke(cli, ["search", "--db", str(db), "-ليبيا", "طرابلس"])
    assert result.exit_code == 0, result.output
    assert "No such option" not in result.output


def test_opml_out_of_one_config_and_into_another(
    fetched: tuple[Path, Path], tmp_path: Path
) -> None:
    config, _ = fetched
    opml = tmp_path / "feeds.opml"
    assert invoke("sources", "export-opml", "--config", str(config), "-o", str(opml)).exit_code == 0
    assert opml.read_text(encoding="utf-8").count("xmlUrl=") >= 5
    target = tmp_path / "sources.yaml"
    target.write_text("# my outlets\nsources:\n", encoding="utf-8")
    printed = invoke("sources", "import-opml", str(opml), "--config", str(target))
    assert "feeds:" in printed.stdout and target.read_text(encoding="utf-8").count("id:") == 0
    added = invoke("sources", "import-opml", str(opml), "--config", str(target), "--write")
    assert added.exit_code == 0, added.output
    text = target.read_text(encoding="utf-8")
    assert text.startswith("# my outlets") and text.count("- id:") >= 5
    assert invoke("sources", "check", "--config", str(target)).exit_code == 0
    again = invoke("sources", "import-opml", str(opml), "--config", str(target), "--write")
    assert "nothing new to add" in again.stderr
    not_opml = tmp_path / "x.opml"
    not_opml.write_text("<rss/>", encoding="utf-8")
    refused = CliRunner().invoke(
        cli, ["sources", "import-opml", str(not_opml), "--config", str(target)]
    )
    assert refused.exit_code == 2 and "Traceback" not in refused.output


def test_sources_verify_reports_a_blocked_outlet_and_writes_what_worked(tmp_path: Path) -> None:
    with Landscape.default() as fresh:
        config = fresh.write_config(tmp_path / "sources.yaml")
        fresh.block("wasat", status=403)
        result = CliRunner().invoke(
            cli, ["sources", "verify", "marsad", "wasat", "--config", str(config), "--write"]
        )
        assert result.exit_code == 1, result.output
        assert "403" in result.output and "datacenter" in result.output
        doc = yaml.safe_load(config.read_text(encoding="utf-8"))
        confidence = {s["id"]: s.get("confidence") for s in doc["sources"]}
        assert confidence["marsad"] == "verified"
        assert invoke("sources", "check", "--config", str(config)).exit_code == 0


def test_serve_refuses_a_missing_database_before_starting(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["serve", "--db", str(tmp_path / "typo.db")])
    assert result.exit_code == 2
    assert "no database at" in result.output and "Traceback" not in result.output
    assert not (tmp_path / "typo.db").exists()
