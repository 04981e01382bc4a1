"""Fixtures shared by the test modules: the database on both backends, and one fetched from
the simulated landscape.

``db_url`` is a fresh database: a SQLite file, and (the same test again) a database of a
throwaway PostgreSQL cluster started once per session (``tests/pgcluster.py``). Without
PostgreSQL on the machine the PostgreSQL half says why and is skipped, except under CI
(``CI`` set), where it fails: CI must test both backends.

``fetched`` is a config for the default landscape (``tests/landscape``, with rules and the
fixtures of their tests) and the database one ``ingest fetch`` made of it, for the command
tests: fetched once per session, each test module given a copy of its own.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.landscape import Landscape
from tests.pgcluster import BACKENDS, Cluster, missing_reason, pg_bin


def _unavailable(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"PostgreSQL is needed in CI: {reason}")
    pytest.skip(f"PostgreSQL tests skipped: {reason}")


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[Cluster]:
    """A throwaway PostgreSQL cluster for the whole test session."""
    if pg_bin() is None:
        _unavailable(missing_reason())
    try:
        import psycopg  # noqa: F401
    except ImportError:
        _unavailable("psycopg is not installed (pip install -e '.[dev]')")
    try:
        cluster = Cluster.start()
    except RuntimeError as exc:
        _unavailable(str(exc))
    yield cluster
    cluster.stop()


@pytest.fixture
def pg_url(pg_cluster: Cluster) -> str:
    """An empty PostgreSQL database."""
    return pg_cluster.new_database()


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    """Each backend in turn."""
    return str(request.param)


@pytest.fixture
def db_url(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> str:
    """An empty ingest database on the backend under test: a file path or a URL."""
    if backend == "postgresql":
        return str(request.getfixturevalue("pg_url"))
    return str(tmp_path / "ingest.db")


@pytest.fixture(scope="session")
def fetched_landscape(tmp_path_factory: pytest.TempPathFactory) -> tuple[Landscape, Path]:
    """The default landscape (stopped once fetched), and the folder of its config and database."""
    from click.testing import CliRunner

    from ingest.cli import cli

    folder = tmp_path_factory.mktemp("fetched")
    with Landscape.default() as landscape:
        config = landscape.write_config(folder / "sources.yaml", rules=True)
        db = folder / "ingest.db"
        args = ["fetch", "--config", str(config), "--db", str(db)]
        CliRunner().invoke(cli, args, catch_exceptions=False)
    return landscape, folder


@pytest.fixture(scope="module")
def fetched(
    fetched_landscape: tuple[Landscape, Path], tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, Path]:
    """A test module's own copy of the fetched landscape: its config and its database."""
    folder = tmp_path_factory.mktemp("cli")
    shutil.copytree(fetched_landscape[1], folder, dirs_exist_ok=True)
    return folder / "sources.yaml", folder / "ingest.db"
