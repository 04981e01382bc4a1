"""A throwaway PostgreSQL cluster for tests and benchmarks: ``initdb`` in a temporary
folder, started on a free port of 127.0.0.1, removed afterwards.

Debian's PostgreSQL 15 binaries (``/usr/lib/postgresql/15/bin``; ``INGEST_PG_BIN`` picks
another folder). PostgreSQL refuses to run as root, so under root the cluster runs as
``nobody``. Each test gets a database of its own (``Cluster.new_database``), created from
``template0`` in about 50 ms.

Example::

    with Cluster.start() as cluster:
        url = cluster.new_database()  # postgresql://ingest@127.0.0.1:PORT/t1
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
from itertools import count
from pathlib import Path
from types import TracebackType

PG_BIN_CANDIDATES = tuple(f"/usr/lib/postgresql/{version}/bin" for version in (15, 16, 17, 14, 13))
UNPRIVILEGED_USER = "nobody"
START_TIMEOUT_SECS = 60
BACKENDS = ("sqlite", "postgresql")  # the store under test: a file, or a cluster's database
MISSING = (
    "PostgreSQL server binaries not found (looked for initdb in {where}); install Debian's "
    "postgresql-15 or set INGEST_PG_BIN to the folder holding initdb and pg_ctl"
)


def pg_bin() -> Path | None:
    """The folder of ``initdb`` and ``pg_ctl``, or None when PostgreSQL is not installed."""
    folders = [os.environ["INGEST_PG_BIN"]] if os.environ.get("INGEST_PG_BIN") else []
    for folder in [*folders, *PG_BIN_CANDIDATES]:
        if (Path(folder) / "initdb").exists():
            return Path(folder)
    return None


def missing_reason() -> str:
    """Why no cluster can be started here."""
    return MISSING.format(where=", ".join(PG_BIN_CANDIDATES))


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Cluster:
    """A running throwaway cluster; ``stop()`` removes it and its folder."""

    def __init__(self, folder: Path, port: int, bin_dir: Path) -> None:
        self.folder, self.port, self.bin_dir = folder, port, bin_dir
        self._names = count(1)

    @classmethod
    def start(cls) -> Cluster:
        """initdb and start a cluster; raise RuntimeError with the server's words if it fails."""
        bin_dir = pg_bin()
        if bin_dir is None:
            raise RuntimeError(missing_reason())
        folder = Path(tempfile.mkdtemp(prefix="ingest-pg-"))
        cluster = cls(folder, _free_port(), bin_dir)
        if os.geteuid() == 0:
            shutil.chown(folder, UNPRIVILEGED_USER)
        try:
            cluster._run(
                "initdb", "-D", str(folder / "data"), "-U", "ingest", "--auth=trust",
                "--encoding=UTF8", "--locale=C.UTF-8", "--no-sync",
            )  # fmt: skip
            options = (
                f"-c listen_addresses=127.0.0.1 -c port={cluster.port} -k {folder}"
                " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
                " -c max_connections=200"
            )
            cluster._run(
                "pg_ctl", "-D", str(folder / "data"), "-l", str(folder / "log"),
                "-o", options, "-w", "-t", str(START_TIMEOUT_SECS), "start",
            )  # fmt: skip
        except (OSError, subprocess.CalledProcessError) as exc:
            log = folder / "log"
            detail = log.read_text(errors="replace")[-2000:] if log.exists() else str(exc)
            shutil.rmtree(folder, ignore_errors=True)
            raise RuntimeError(f"PostgreSQL did not start: {detail}") from exc
        return cluster

    def _run(self, program: str, *args: str) -> None:
        command = [str(self.bin_dir / program), *args]
        if os.geteuid() == 0:
            command = ["runuser", "-u", UNPRIVILEGED_USER, "--", *command]
        subprocess.run(command, check=True, capture_output=True, cwd=self.folder)

    def url(self, database: str = "postgres") -> str:
        """The connection URL of one database of the cluster."""
        return f"postgresql://ingest@127.0.0.1:{self.port}/{database}"

    def new_database(self) -> str:
        """Create an empty database and return its URL."""
        import psycopg

        name = f"t{next(self._names)}"
        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(f"CREATE DATABASE {name} TEMPLATE template0")
        return self.url(name)

    def stop(self) -> None:
        """Stop the server and remove the cluster."""
        try:
            self._run("pg_ctl", "-D", str(self.folder / "data"), "-m", "immediate", "stop")
        except (OSError, subprocess.CalledProcessError):
            pass
        shutil.rmtree(self.folder, ignore_errors=True)

    def __enter__(self) -> Cluster:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()
