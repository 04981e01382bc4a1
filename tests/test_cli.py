"""The ``ingest`` command as a whole: help on every command, one line for a bug, and no
database made by a command that only reads one."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from ingest.cli import cli


def invoke(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


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
