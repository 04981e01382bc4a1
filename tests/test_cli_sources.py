"""``ingest sources``: check, list, test, OPML out and in, verify."""

from __future__ import annotations

from pathlib import Path

import yaml
from click.testing import CliRunner, Result

from ingest.cli import cli
from tests.landscape import Landscape


def invoke(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


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


def test_the_shipped_catalogue_validates_and_its_fixtures_pass() -> None:
    catalogue = Path(__file__).parent.parent / "config" / "sources.yaml"
    check = invoke("sources", "check", "--config", str(catalogue))
    assert check.exit_code == 0, check.output
    assert int(check.stdout.split(":")[1].split()[0]) >= 25
    tested = invoke("sources", "test", "--config", str(catalogue))
    assert tested.exit_code == 0, tested.stdout
    assert " 0 failed" in tested.stdout


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
