"""The commands that change nothing: status, search, export, serve and extract, on a
database fetched from the simulated landscape (``fetched``, tests/conftest.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from ingest.cli import cli
from tests.landscape import Landscape


@pytest.fixture(scope="module")
def land(fetched_landscape: tuple[Landscape, Path]) -> Landscape:
    return fetched_landscape[0]


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


def test_serve_refuses_a_missing_database_before_starting(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["serve", "--db", str(tmp_path / "typo.db")])
    assert result.exit_code == 2
    assert "no database at" in result.output and "Traceback" not in result.output
    assert not (tmp_path / "typo.db").exists()
